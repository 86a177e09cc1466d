//! The page at `/`: YASGUI (served from `/assets/`, see [`super::assets`])
//! querying `/sparql`, with a tab for the default query and one for each saved
//! query (compiled in from `queries/`, each with its header comment); the
//! saved queries and the documents of the store listed below it; and, for a
//! browser that runs no script, a plain form that posts to `/sparql`. The page
//! itself is `page.html`; this fills its `{{…}}` slots, escaping everything.

use std::fmt::Write;

use oxigraph::model::Term;

use sha2::{Digest, Sha256};

use super::html::{self, escape};
use super::http::Reply;
use super::{assets, App};
use crate::vocab::{dcterms, edu, rdf};

mod saved {
    include!(concat!(env!("OUT_DIR"), "/saved_queries.rs"));
}

const TEMPLATE: &str = include_str!("page.html");

/// Documents listed on the page; the rest are counted.
const MAX_DOCUMENTS: usize = 500;

/// The query of the first tab, and of the form without script.
const DEFAULT_QUERY: &str = include_str!("default.rq");

/// One saved query, with what its header says.
#[derive(Debug, serde::Serialize)]
pub struct SavedQuery {
    /// The file name, e.g. `targets_by_year.rq`.
    pub file: &'static str,
    /// The `# title:` line, else the file name.
    pub title: String,
    /// The other header lines (`answers`, `说明`, `columns`…), as written.
    pub notes: Vec<String>,
    pub text: &'static str,
}

/// The saved queries compiled into the binary, by file name.
pub fn saved_queries() -> Vec<SavedQuery> {
    saved::SAVED_QUERIES
        .iter()
        .map(|(file, text)| {
            let mut title = None;
            let mut notes = Vec::new();
            for line in text
                .lines()
                .map(str::trim)
                .take_while(|l| l.starts_with('#'))
            {
                let line = line.trim_start_matches('#').trim();
                match line.split_once(':') {
                    Some((key, value)) if key.trim() == "title" => {
                        title = Some(value.trim().to_string());
                    }
                    _ if !line.is_empty() => notes.push(line.to_string()),
                    _ => {}
                }
            }
            SavedQuery {
                file,
                title: title.unwrap_or_else(|| file.to_string()),
                notes,
                text,
            }
        })
        .collect()
}

pub fn handle(app: &App) -> Reply {
    let queries = saved_queries();
    let mut list = String::new();
    for (i, q) in queries.iter().enumerate() {
        // Without script, the link runs the query and shows a table.
        let run = format!(
            "/sparql?format=html&query={}",
            percent_encoding::utf8_percent_encode(q.text, percent_encoding::NON_ALPHANUMERIC)
        );
        let _ = write!(
            list,
            "<li><button type=\"button\" class=\"open\" data-query=\"{i}\" hidden>Open</button> \
             <b>{}</b> <code>{}</code> <a class=\"run\" href=\"{}\">run</a>",
            escape(&q.title),
            escape(q.file),
            escape(&run)
        );
        for note in &q.notes {
            let _ = write!(list, "<br><span class=\"meta\">{}</span>", escape(note));
        }
        list.push_str("</li>\n");
    }
    let json = script_json(&queries);
    // Browsers keep the tabs of one set of saved queries: a binary with other
    // queries starts afresh rather than showing stale ones.
    let hash = Sha256::digest(format!("{json}{DEFAULT_QUERY}"));
    let generation: String = hash[..6].iter().map(|b| format!("{b:02x}")).collect();
    let config = script_json(&serde_json::json!({
        "base": app.base_iri,
        "prefixes": assets::prefixes(),
        "prefixesUrl": assets::url("prefixes.json"),
        "storageKey": format!("edupol-{generation}"),
        "start": {
            "title": "What the graph holds · 概览",
            "text": DEFAULT_QUERY,
        },
    }));
    let (documents, summary) = match documents(app) {
        Ok(d) => d,
        Err(e) => (
            format!(
                "<li>cannot list the documents: {}</li>",
                escape(&e.to_string())
            ),
            String::new(),
        ),
    };
    let page = fill(
        TEMPLATE,
        &[
            ("BASE_IRI", escape(&app.base_iri)),
            ("SUMMARY", escape(&summary)),
            ("DEFAULT_QUERY", escape(DEFAULT_QUERY)),
            ("SAVED_QUERIES", list),
            ("SAVED_QUERIES_JSON", json),
            ("CONFIG_JSON", config),
            ("YASGUI_JS", escape(&assets::url("yasgui.min.js"))),
            ("YASGUI_CSS", escape(&assets::url("yasgui.min.css"))),
            ("YASGUI_VERSION", assets::YASGUI_VERSION.to_string()),
            ("DOCUMENTS", documents),
        ],
    );
    Reply::html(200, page)
}

/// JSON to put inside `<script type="application/json">`: only "</script"
/// could end the block, so no '<' at all.
fn script_json(value: &impl serde::Serialize) -> String {
    serde_json::to_string(value)
        .expect("a value that serializes")
        .replace('<', "\\u003c")
}

/// The documents as list items (file, title, date), and a one-line summary.
fn documents(app: &App) -> Result<(String, String), crate::store::StoreError> {
    let store = &app.store;
    let docs = store.quads_matching(
        None,
        Some(rdf::TYPE),
        Some(edu::SOURCE_DOCUMENT.into()),
        None,
    )?;
    let literal = |s: &oxigraph::model::NamedOrBlankNode, p| -> Option<String> {
        store
            .quads_matching(Some(s.as_ref()), Some(p), None, None)
            .ok()?
            .into_iter()
            .find_map(|q| match q.object {
                Term::Literal(l) => Some(l.value().to_string()),
                _ => None,
            })
    };
    let mut rows: Vec<(String, String)> = Vec::new();
    for q in &docs {
        let iri = match &q.subject {
            oxigraph::model::NamedOrBlankNode::NamedNode(n) => n.as_str(),
            _ => continue,
        };
        let file = literal(&q.subject, edu::SOURCE_FILE).unwrap_or_else(|| html::short_iri(iri));
        let mut item = format!("<li>{}", html::iri_link(iri, Some(&file), &app.base_iri));
        if let Some(title) = literal(&q.subject, dcterms::TITLE) {
            let _ = write!(item, " {}", escape(&title));
        }
        if let Some(date) = literal(&q.subject, dcterms::DATE) {
            let _ = write!(item, " <span class=\"meta\">{}</span>", escape(&date));
        }
        item.push_str("</li>");
        rows.push((file, item));
    }
    rows.sort();
    rows.dedup();
    let count = rows.len();
    let mut list: Vec<String> = rows
        .into_iter()
        .take(MAX_DOCUMENTS)
        .map(|(_, i)| i)
        .collect();
    if count > MAX_DOCUMENTS {
        list.push(format!(
            "<li class=\"meta\">and {} more; query them with SPARQL</li>",
            count - MAX_DOCUMENTS
        ));
    }
    if count == 0 {
        list.push(
            "<li>The store holds no documents yet: run <code>edupol build</code>.</li>".into(),
        );
    }
    Ok((
        list.join("\n"),
        format!("The store holds {count} document(s)."),
    ))
}

/// Replaces each `{{KEY}}` of `template` in one pass, so a value that
/// contains `{{…}}` is left as it is.
fn fill(template: &str, values: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(template.len() * 2);
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match after.find("}}").and_then(|end| {
            values
                .iter()
                .find(|(k, _)| *k == &after[..end])
                .map(|v| (end, v))
        }) {
            Some((end, (_, value))) => {
                out.push_str(value);
                rest = &after[end + 2..];
            }
            None => {
                out.push_str("{{");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_saved_query_is_compiled_in_with_its_title() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/queries");
        let on_disk = std::fs::read_dir(dir)
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .path()
                    .extension()
                    .is_some_and(|x| x == "rq")
            })
            .count();
        let queries = saved_queries();
        assert_eq!(queries.len(), on_disk);
        let targets = queries
            .iter()
            .find(|q| q.file == "targets_by_year.rq")
            .unwrap();
        assert_eq!(targets.title, "Targets by year");
        assert!(targets.notes.iter().any(|n| n.starts_with("answers:")));
    }

    #[test]
    fn slots_are_filled_once() {
        let filled = fill(
            "a {{X}} b {{Y}} c {{unknown}}",
            &[("X", "{{Y}}".into()), ("Y", "y".into())],
        );
        assert_eq!(filled, "a {{Y}} b y c {{unknown}}");
    }

    #[test]
    fn the_default_query_parses_and_has_a_header() {
        assert!(DEFAULT_QUERY.starts_with("# title:"));
        let _ = oxigraph::sparql::SparqlEvaluator::new()
            .parse_query(DEFAULT_QUERY)
            .expect("the default query parses without predeclared prefixes");
    }

    #[test]
    fn the_page_is_self_contained() {
        for needle in ["src=\"http", "href=\"http", "@import", "url("] {
            assert!(!TEMPLATE.contains(needle), "page.html loads {needle}");
        }
    }
}
