//! Dereferenceable IRIs: every node under the id base can be looked up at
//! `/id/…` (see [`ids`] for the mapping). A browser gets a page: the label,
//! the types, every property and value, the links that point here, and where
//! the node was read (the evidence sentence, the article and document it was
//! derived from or mentioned in). Other clients get the same statements as
//! RDF (Turtle by default for non-browsers asking for RDF).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write;

use oxigraph::model::{NamedNode, NamedNodeRef, Quad, Term, Triple};
use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};

use super::formats::{choose, GraphFormat, Kind};
use super::html::{self, escape};
use super::http::{Reply, Request};
use super::{ids, router, App};
use crate::store::{self, Store, StoreError};
use crate::vocab::{dcterms, edu, foaf, prov, rdf, rdfs, skos};

/// Incoming links listed on a page; the rest are counted.
const MAX_INCOMING: usize = 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum View {
    Html,
    Rdf(GraphFormat),
}

const OFFERS: &[(&str, View)] = &[
    ("text/html", View::Html),
    ("application/xhtml+xml", View::Html),
    ("text/turtle", View::Rdf(GraphFormat::Turtle)),
    ("application/x-turtle", View::Rdf(GraphFormat::Turtle)),
    ("application/n-triples", View::Rdf(GraphFormat::NTriples)),
    ("application/rdf+xml", View::Rdf(GraphFormat::RdfXml)),
    ("application/ld+json", View::Rdf(GraphFormat::JsonLd)),
    ("application/json", View::Rdf(GraphFormat::JsonLd)),
    ("application/n-quads", View::Rdf(GraphFormat::NQuads)),
    ("application/trig", View::Rdf(GraphFormat::TriG)),
    ("text/plain", View::Rdf(GraphFormat::NTriples)),
];

pub fn handle(app: &App, req: &Request) -> Reply {
    answer(app, req).unwrap_or_else(|reply| reply)
}

fn answer(app: &App, req: &Request) -> Result<Reply, Reply> {
    let params = req.params()?;
    let view = choose(
        params.one("format")?,
        req.header("accept"),
        Kind::Graph,
        OFFERS,
        "a node",
    )?;
    let mut found = None;
    for iri in ids::candidates(&req.path, &app.base_iri) {
        if is_known(&app.store, iri.as_ref()).map_err(failed)? {
            found = Some(iri);
            break;
        }
    }
    let Some(node) = found else {
        let message = match ids::candidates(&req.path, &app.base_iri).first() {
            Some(iri) => format!("The graph has no node <{}>.", iri.as_str()),
            None => format!(
                "{} does not name a node: nodes are served at /id/… for the IRIs under {}.",
                req.path, app.base_iri
            ),
        };
        return Err(router::not_found(req, &message));
    };
    let facts = Facts::read(&app.store, node.as_ref()).map_err(failed)?;
    match view {
        View::Rdf(format) => {
            let mut body = Vec::new();
            store::write_quads(&facts.as_rdf(format), format.rdf(), &mut body).map_err(failed)?;
            Ok(Reply::new(200, format.media_type(), body))
        }
        View::Html => {
            let page = Page::new(&app.store, &app.base_iri).render(&facts);
            Ok(Reply::html(200, page))
        }
    }
}

fn failed(e: StoreError) -> Reply {
    Reply::text(500, e)
}

/// Whether the node is a subject, an object or a graph name in the store.
fn is_known(store: &Store, node: NamedNodeRef<'_>) -> Result<bool, StoreError> {
    Ok(!store
        .quads_matching(Some(node.into()), None, None, None)?
        .is_empty()
        || !store
            .quads_matching(None, None, Some(node.into()), None)?
            .is_empty()
        || store.contains_graph(node)?)
}

/// The statements about a node, in every graph.
struct Facts {
    node: NamedNode,
    outgoing: Vec<Quad>,
    incoming: Vec<Quad>,
    is_graph: bool,
}

impl Facts {
    fn read(store: &Store, node: NamedNodeRef<'_>) -> Result<Facts, StoreError> {
        Ok(Facts {
            node: node.into_owned(),
            outgoing: store.quads_matching(Some(node.into()), None, None, None)?,
            incoming: store.quads_matching(None, None, Some(node.into()), None)?,
            is_graph: store.contains_graph(node)?,
        })
    }

    /// Outgoing and incoming statements; each triple once unless the format
    /// keeps graph names.
    fn as_rdf(&self, format: GraphFormat) -> Vec<Quad> {
        let all = self.outgoing.iter().chain(&self.incoming).cloned();
        if format.rdf().supports_datasets() {
            return all.collect();
        }
        let mut seen = BTreeSet::new();
        all.filter(|q| seen.insert(Triple::from(q.clone()).to_string()))
            .collect()
    }

    /// Distinct values of one property.
    fn values(&self, predicate: NamedNodeRef<'_>) -> Vec<&Term> {
        let mut values: Vec<&Term> = Vec::new();
        for q in self.outgoing.iter().filter(|q| q.predicate == predicate) {
            if !values.contains(&&q.object) {
                values.push(&q.object);
            }
        }
        values
    }
}

/// Properties whose value names a node, most telling first (a document
/// without a title is named by its file).
const LABELS: &[NamedNodeRef<'static>] = &[
    rdfs::LABEL,
    foaf::NAME,
    dcterms::TITLE,
    skos::PREF_LABEL,
    edu::SOURCE_FILE,
];

/// Renders the page of a node; looks up the labels of what it links to.
struct Page<'a> {
    store: &'a Store,
    base: &'a str,
    labels: HashMap<String, Option<String>>,
}

impl<'a> Page<'a> {
    fn new(store: &'a Store, base: &'a str) -> Page<'a> {
        Page {
            store,
            base,
            labels: HashMap::new(),
        }
    }

    /// The label of a node: Chinese or untagged first, then English.
    fn label(&mut self, iri: &str) -> Option<String> {
        if let Some(label) = self.labels.get(iri) {
            return label.clone();
        }
        let label = NamedNode::new(iri).ok().and_then(|node| {
            LABELS.iter().find_map(|p| {
                let quads = self
                    .store
                    .quads_matching(Some(node.as_ref().into()), Some(*p), None, None)
                    .ok()?;
                let rank = |t: &Term| match t {
                    Term::Literal(l) => match l.language() {
                        Some(lang) if lang.starts_with("zh") => 0,
                        None => 1,
                        Some("en") => 2,
                        Some(_) => 3,
                    },
                    _ => 9,
                };
                quads
                    .iter()
                    .map(|q| &q.object)
                    .filter(|t| matches!(t, Term::Literal(_)))
                    .min_by_key(|t| rank(t))
                    .and_then(|t| match t {
                        Term::Literal(l) => Some(l.value().to_string()),
                        _ => None,
                    })
            })
        });
        self.labels.insert(iri.to_string(), label.clone());
        label
    }

    /// A node as a link with its label.
    fn link(&mut self, iri: &str) -> String {
        let label = if iri.starts_with(self.base) {
            self.label(iri)
        } else {
            None
        };
        html::iri_link(iri, label.as_deref(), self.base)
    }

    /// A term of the vocabulary: `edu:scope` with its label in small print.
    fn vocabulary_term(&mut self, iri: &str) -> String {
        let label = self
            .label(iri)
            .map(|l| format!(r#" <span class="meta">{}</span>"#, escape(&l)))
            .unwrap_or_default();
        format!("{}{label}", html::iri_link(iri, None, self.base))
    }

    fn value(&mut self, term: &Term) -> String {
        match term {
            Term::NamedNode(n) if n.as_str().starts_with(self.base) => self.link(n.as_str()),
            Term::NamedNode(n) => self.vocabulary_term(n.as_str()),
            other => html::term(other, None, self.base),
        }
    }

    fn render(mut self, facts: &Facts) -> String {
        let iri = facts.node.as_str();
        // Unnamed nodes (quantities, posts) by their class and their path.
        let title = self.label(iri).unwrap_or_else(|| {
            let class = facts.values(rdf::TYPE).into_iter().find_map(|t| match t {
                Term::NamedNode(n) => self.label(n.as_str()),
                _ => None,
            });
            let path = iri.strip_prefix(self.base).unwrap_or(iri);
            class.map_or_else(|| path.to_string(), |c| format!("{c} · {path}"))
        });
        let mut body = String::new();
        let _ = write!(
            body,
            "<h1>{}</h1>\n<p class=\"iri\">{}</p>\n<p>",
            escape(&title),
            escape(iri)
        );
        for t in facts.values(rdf::TYPE) {
            if let Term::NamedNode(n) = t {
                let label = self
                    .label(n.as_str())
                    .map(|l| format!(" · {}", escape(&l)))
                    .unwrap_or_default();
                let _ = write!(
                    body,
                    r#"<span class="type" title="{}">{}{label}</span>"#,
                    escape(n.as_str()),
                    escape(&html::short_iri(n.as_str()))
                );
            }
        }
        body.push_str("</p>\n");
        self.provenance(facts, &mut body);
        self.properties(facts, &mut body);
        self.incoming(facts, &mut body);
        self.formats(facts, &mut body);
        html::page(&title, &body)
    }

    /// "Where it was read": evidence, sources, and the graphs it comes from.
    fn provenance(&mut self, facts: &Facts, body: &mut String) {
        let evidence = facts.values(edu::EVIDENCE);
        let derived = facts.values(prov::WAS_DERIVED_FROM);
        let mentioned = facts.values(edu::MENTIONED_IN);
        let part_of = facts.values(dcterms::IS_PART_OF);
        let graphs: BTreeSet<String> = facts
            .outgoing
            .iter()
            .filter_map(|q| match &q.graph_name {
                oxigraph::model::GraphName::NamedNode(g) => Some(g.as_str().to_string()),
                _ => None,
            })
            .collect();
        if evidence.is_empty() && derived.is_empty() && mentioned.is_empty() && graphs.is_empty() {
            return;
        }
        body.push_str("<h2>Where it was read · 出处</h2>\n");
        let start = facts.values(edu::EVIDENCE_START);
        let end = facts.values(edu::EVIDENCE_END);
        for e in &evidence {
            if let Term::Literal(l) = e {
                let _ = writeln!(body, "<blockquote>{}</blockquote>", escape(l.value()));
            }
        }
        if let (Some(Term::Literal(s)), Some(Term::Literal(e))) = (start.first(), end.first()) {
            let file = graphs
                .iter()
                .find_map(|g| self.literal(g, edu::SOURCE_FILE))
                .unwrap_or_else(|| "the source file".into());
            let _ = writeln!(
                body,
                r#"<p class="meta">read at bytes {}–{} of {}</p>"#,
                escape(s.value()),
                escape(e.value()),
                escape(&file)
            );
        }
        body.push_str("<ul>\n");
        for (what, sources) in [
            ("derived from", &derived),
            ("mentioned in", &mentioned),
            ("part of", &part_of),
        ] {
            for source in sources.iter() {
                if let Term::NamedNode(n) = source {
                    let described = self.source(n.as_ref());
                    let _ = writeln!(body, "<li>{what} {described}</li>");
                }
            }
        }
        for g in &graphs {
            let raw = format!("/store?graph={}", utf8_percent_encode(g, NON_ALPHANUMERIC));
            let _ = writeln!(
                body,
                r#"<li>stated in the graph of {} (<a href="{}">the graph as Turtle</a>)</li>"#,
                self.source(NamedNodeRef::new_unchecked(g)),
                escape(&raw)
            );
        }
        body.push_str("</ul>\n");
    }

    /// An article or document: its title, and the file it was read from.
    fn source(&mut self, node: NamedNodeRef<'_>) -> String {
        let mut out = self.link(node.as_str());
        let doc = match self.object(node, dcterms::IS_PART_OF) {
            Some(doc) => {
                let _ = write!(out, " in {}", self.link(&doc));
                doc
            }
            None => node.as_str().to_string(),
        };
        // The file, unless the document's link already shows it.
        if let Some(file) = self.literal(&doc, edu::SOURCE_FILE) {
            if self.label(&doc).as_deref() != Some(file.as_str()) {
                let _ = write!(out, r#" <span class="meta">({})</span>"#, escape(&file));
            }
        }
        out
    }

    fn object(&self, subject: NamedNodeRef<'_>, predicate: NamedNodeRef<'_>) -> Option<String> {
        self.store
            .quads_matching(Some(subject.into()), Some(predicate), None, None)
            .ok()?
            .into_iter()
            .find_map(|q| match q.object {
                Term::NamedNode(n) => Some(n.into_string()),
                _ => None,
            })
    }

    fn literal(&self, subject: &str, predicate: NamedNodeRef<'_>) -> Option<String> {
        let subject = NamedNode::new(subject).ok()?;
        self.store
            .quads_matching(Some(subject.as_ref().into()), Some(predicate), None, None)
            .ok()?
            .into_iter()
            .find_map(|q| match q.object {
                Term::Literal(l) => Some(l.value().to_string()),
                _ => None,
            })
    }

    /// Every property and value, each value once.
    fn properties(&mut self, facts: &Facts, body: &mut String) {
        let mut by_predicate: BTreeMap<(usize, String), Vec<&Term>> = BTreeMap::new();
        for q in &facts.outgoing {
            let p = q.predicate.as_str();
            let order = if q.predicate == rdf::TYPE {
                0
            } else if LABELS.contains(&q.predicate.as_ref()) {
                1
            } else {
                2
            };
            let values = by_predicate
                .entry((order, html::short_iri(p) + "\0" + p))
                .or_default();
            if !values.contains(&&q.object) {
                values.push(&q.object);
            }
        }
        if by_predicate.is_empty() {
            return;
        }
        body.push_str("<h2>Properties · 属性</h2>\n<table>\n");
        for ((_, key), values) in by_predicate {
            let predicate = key.split_once('\0').map_or(key.as_str(), |(_, p)| p);
            let shown: Vec<String> = values.iter().map(|v| self.value(v)).collect();
            let _ = writeln!(
                body,
                "<tr><th>{}</th><td>{}</td></tr>",
                self.vocabulary_term(predicate),
                shown.join("<br>\n")
            );
        }
        body.push_str("</table>\n");
    }

    /// The nodes that link here.
    fn incoming(&mut self, facts: &Facts, body: &mut String) {
        let subjects: Vec<(String, String)> = facts
            .incoming
            .iter()
            .map(|q| {
                let subject = match &q.subject {
                    oxigraph::model::NamedOrBlankNode::NamedNode(n) => n.as_str().to_string(),
                    other => other.to_string(),
                };
                (q.predicate.as_str().to_string(), subject)
            })
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        if subjects.is_empty() {
            return;
        }
        let _ = writeln!(
            body,
            "<h2>Linked from · 被引用</h2>\n<p class=\"meta\">{} link(s)</p>\n<table>",
            subjects.len()
        );
        for (predicate, subject) in subjects.iter().take(MAX_INCOMING) {
            let _ = writeln!(
                body,
                "<tr><td>{}</td><th>{}</th></tr>",
                self.link(subject),
                self.vocabulary_term(predicate)
            );
        }
        body.push_str("</table>\n");
        if subjects.len() > MAX_INCOMING {
            let _ = writeln!(
                body,
                r#"<p class="meta">and {} more; query them at <a href="/">/sparql</a></p>"#,
                subjects.len() - MAX_INCOMING
            );
        }
    }

    /// Links to the same statements as RDF.
    fn formats(&mut self, facts: &Facts, body: &mut String) {
        let Some(href) = ids::href(facts.node.as_str(), self.base) else {
            return;
        };
        body.push_str("<p class=\"meta\">This node as ");
        let names = [
            ("turtle", "Turtle"),
            ("ntriples", "N-Triples"),
            ("jsonld", "JSON-LD"),
            ("rdfxml", "RDF/XML"),
            ("trig", "TriG (with graph names)"),
        ];
        let links: Vec<String> = names
            .iter()
            .map(|(f, name)| format!(r#"<a href="{}?format={f}">{name}</a>"#, escape(&href)))
            .collect();
        body.push_str(&links.join(" · "));
        if facts.is_graph {
            let _ = write!(
                body,
                r#" · <a href="/store?graph={}">its whole graph</a>"#,
                escape(&utf8_percent_encode(facts.node.as_str(), NON_ALPHANUMERIC).to_string())
            );
        }
        body.push_str("</p>\n");
    }
}
