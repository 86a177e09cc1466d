//! HTML shared by the pages: escaping, the page frame, and how a term is
//! shown. Every piece of text from the store or the request goes through
//! [`escape`].

use std::fmt::Write;

use oxigraph::model::{Literal, Term};

use super::ids;
use crate::vocab::PREFIXES;

/// Escapes text for HTML content and for quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A whole page: `title` is text, `body` is HTML.
pub fn page(title: &str, body: &str) -> String {
    format!(
        r#"<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · edupol</title>
<style>{STYLE}</style>
</head>
<body>
<header><a href="/">edupol</a> <span class="sub">knowledge graph of education policy · 教育政策知识图谱</span></header>
<main>
{body}
</main>
</body>
</html>
"#,
        title = escape(title),
    )
}

const STYLE: &str = "
body { font-family: system-ui, 'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', sans-serif;
       margin: 0; color: #1b1f24; background: #fafafa; line-height: 1.5; }
header { background: #1f3a5f; color: #fff; padding: .6em 1.2em; }
header a { color: #fff; font-weight: bold; text-decoration: none; }
header .sub { opacity: .8; margin-left: .6em; font-size: .9em; }
main { max-width: 70em; margin: 0 auto; padding: 1em 1.2em 3em; }
h1 { font-size: 1.6em; margin: .4em 0 .2em; }
h2 { font-size: 1.15em; margin-top: 1.6em; border-bottom: 1px solid #ddd; }
code, .iri { font-family: ui-monospace, monospace; font-size: .9em; word-break: break-all; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { text-align: left; vertical-align: top; padding: .3em .6em; border-bottom: 1px solid #eee; }
th { width: 14em; font-weight: 600; color: #444; }
.type { display: inline-block; background: #e6eef7; border-radius: .3em; padding: 0 .5em; margin-right: .3em; }
.meta { color: #666; font-size: .85em; }
blockquote { margin: .4em 0; padding: .4em .8em; background: #fff8e1; border-left: 4px solid #f0b400; }
details summary { cursor: pointer; }
.value { white-space: pre-wrap; }
div.results { overflow-x: auto; }
table.results th { width: auto; background: #eef2f7; }
table.results td { border: 1px solid #eee; }
";

/// An IRI shortened with the contract's prefixes (`edu:Target`), or `<…>`.
pub fn short_iri(iri: &str) -> String {
    PREFIXES
        .iter()
        .filter(|(_, ns)| iri.starts_with(ns) && iri.len() > ns.len())
        .max_by_key(|(_, ns)| ns.len())
        .map_or_else(
            || format!("<{iri}>"),
            |(p, ns)| format!("{p}:{}", &iri[ns.len()..]),
        )
}

/// A link to a local node, with `label` as its text, or the IRI shortened
/// (with the full IRI as a tooltip) when it is not local.
pub fn iri_link(iri: &str, label: Option<&str>, base: &str) -> String {
    let text = label.map_or_else(|| short_iri(iri), str::to_string);
    match ids::href(iri, base) {
        Some(href) => format!(
            r#"<a href="{}" title="{}">{}</a>"#,
            escape(&href),
            escape(iri),
            escape(&text)
        ),
        None => format!(
            r#"<span class="iri" title="{}">{}</span>"#,
            escape(iri),
            escape(&text)
        ),
    }
}

/// A literal: its text, with the datatype or language in small print. Long
/// texts (an article's body) fold away.
pub fn literal(l: &Literal) -> String {
    let mut out = String::new();
    let text = l.value();
    if text.chars().count() > 300 {
        let head: String = text.chars().take(120).collect();
        let _ = write!(
            out,
            r#"<details><summary>{}… <span class="meta">({} characters)</span></summary><div class="value">{}</div></details>"#,
            escape(&head),
            text.chars().count(),
            escape(text)
        );
    } else {
        let _ = write!(out, r#"<span class="value">{}</span>"#, escape(text));
    }
    if let Some(lang) = l.language() {
        let _ = write!(out, r#" <span class="meta">@{}</span>"#, escape(lang));
    } else if l.datatype().as_str() != "http://www.w3.org/2001/XMLSchema#string" {
        let _ = write!(
            out,
            r#" <span class="meta">{}</span>"#,
            escape(&short_iri(l.datatype().as_str()))
        );
    }
    out
}

/// Any term; `label` is used for IRIs.
pub fn term(t: &Term, label: Option<&str>, base: &str) -> String {
    match t {
        Term::NamedNode(n) => iri_link(n.as_str(), label, base),
        Term::Literal(l) => literal(l),
        other => format!(r#"<code>{}</code>"#, escape(&other.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_everywhere() {
        assert_eq!(
            escape(r#"<script>alert("x") & 'y'</script>"#),
            "&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;"
        );
        let link = iri_link(
            "https://w3id.org/edupol/id/org/a&b",
            Some("<b>"),
            "https://w3id.org/edupol/id/",
        );
        assert_eq!(
            link,
            r#"<a href="/id/org/a&amp;b" title="https://w3id.org/edupol/id/org/a&amp;b">&lt;b&gt;</a>"#
        );
        assert!(page("<x>", "").contains("<title>&lt;x&gt; · edupol</title>"));
    }

    #[test]
    fn iris_are_shortened() {
        assert_eq!(
            short_iri("https://w3id.org/edupol/ontology#Target"),
            "edu:Target"
        );
        assert_eq!(short_iri("http://example.org/x"), "<http://example.org/x>");
    }
}
