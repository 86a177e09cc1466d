//! The serializations the server speaks, the media types a client may ask for
//! them by (`Accept`), and the short names of the `format` parameter, which
//! overrides `Accept` for links and forms that cannot set a header.

use oxigraph::io::{JsonLdProfileSet, RdfFormat};
use oxigraph::sparql::results::QueryResultsFormat;

use super::http::{negotiate, Reply};

/// RDF serializations of graphs (CONSTRUCT, DESCRIBE, graph store, nodes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GraphFormat {
    Turtle,
    NTriples,
    RdfXml,
    JsonLd,
    NQuads,
    TriG,
}

impl GraphFormat {
    pub fn rdf(self) -> RdfFormat {
        match self {
            GraphFormat::Turtle => RdfFormat::Turtle,
            GraphFormat::NTriples => RdfFormat::NTriples,
            GraphFormat::RdfXml => RdfFormat::RdfXml,
            GraphFormat::JsonLd => RdfFormat::JsonLd {
                profile: JsonLdProfileSet::empty(),
            },
            GraphFormat::NQuads => RdfFormat::NQuads,
            GraphFormat::TriG => RdfFormat::TriG,
        }
    }

    /// The `Content-Type` of the answer.
    pub fn media_type(self) -> &'static str {
        match self {
            GraphFormat::Turtle => "text/turtle; charset=utf-8",
            GraphFormat::NTriples => "application/n-triples",
            GraphFormat::RdfXml => "application/rdf+xml",
            GraphFormat::JsonLd => "application/ld+json",
            GraphFormat::NQuads => "application/n-quads",
            GraphFormat::TriG => "application/trig",
        }
    }
}

/// Graph formats by media type, in the server's order of preference (the
/// first is the default). N-Quads and TriG keep graph names.
pub const GRAPH_OFFERS: &[(&str, GraphFormat)] = &[
    ("text/turtle", GraphFormat::Turtle),
    ("application/x-turtle", GraphFormat::Turtle),
    ("application/n-triples", GraphFormat::NTriples),
    ("text/plain", GraphFormat::NTriples),
    ("application/rdf+xml", GraphFormat::RdfXml),
    ("application/ld+json", GraphFormat::JsonLd),
    ("application/json", GraphFormat::JsonLd),
    ("application/n-quads", GraphFormat::NQuads),
    ("application/trig", GraphFormat::TriG),
];

/// Formats that keep graph names first (the whole dataset).
pub const DATASET_OFFERS: &[(&str, GraphFormat)] = &[
    ("application/trig", GraphFormat::TriG),
    ("application/n-quads", GraphFormat::NQuads),
    ("text/turtle", GraphFormat::Turtle),
    ("application/x-turtle", GraphFormat::Turtle),
    ("application/n-triples", GraphFormat::NTriples),
    ("text/plain", GraphFormat::NTriples),
    ("application/rdf+xml", GraphFormat::RdfXml),
    ("application/ld+json", GraphFormat::JsonLd),
    ("application/json", GraphFormat::JsonLd),
];

/// SELECT and ASK result formats by media type; JSON is the default.
pub const RESULTS_OFFERS: &[(&str, QueryResultsFormat)] = &[
    ("application/sparql-results+json", QueryResultsFormat::Json),
    ("application/json", QueryResultsFormat::Json),
    ("application/sparql-results+xml", QueryResultsFormat::Xml),
    ("application/xml", QueryResultsFormat::Xml),
    ("text/xml", QueryResultsFormat::Xml),
    ("text/csv", QueryResultsFormat::Csv),
    ("text/tab-separated-values", QueryResultsFormat::Tsv),
];

/// `format=NAME`: (name, media type for query results, media type for graphs).
const NAMES: &[(&str, Option<&str>, Option<&str>)] = &[
    (
        "json",
        Some("application/sparql-results+json"),
        Some("application/ld+json"),
    ),
    (
        "xml",
        Some("application/sparql-results+xml"),
        Some("application/rdf+xml"),
    ),
    ("csv", Some("text/csv"), None),
    ("tsv", Some("text/tab-separated-values"), None),
    ("turtle", None, Some("text/turtle")),
    ("ttl", None, Some("text/turtle")),
    ("ntriples", None, Some("application/n-triples")),
    ("nt", None, Some("application/n-triples")),
    ("rdfxml", None, Some("application/rdf+xml")),
    ("jsonld", None, Some("application/ld+json")),
    ("nquads", None, Some("application/n-quads")),
    ("nq", None, Some("application/n-quads")),
    ("trig", None, Some("application/trig")),
    ("html", None, Some("text/html")),
];

/// What is being sent, for the `format` names and messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// SELECT and ASK results.
    Results,
    /// A graph or dataset.
    Graph,
}

/// Chooses among `offers` by the `format` parameter if given, else by the
/// `Accept` header; the error reply is 400 (unknown name) or 406.
pub fn choose<T: Copy>(
    format: Option<&str>,
    accept: Option<&str>,
    kind: Kind,
    offers: &[(&str, T)],
    what: &str,
) -> Result<T, Reply> {
    let accept = match format.filter(|f| !f.is_empty()) {
        None => accept.map(str::to_string),
        Some(f) if f.contains('/') => Some(f.to_string()),
        Some(f) => {
            let known: Vec<&str> = NAMES
                .iter()
                .filter(|(_, r, g)| match kind {
                    Kind::Results => r.is_some(),
                    Kind::Graph => g.is_some(),
                })
                .map(|(n, _, _)| *n)
                .filter(|n| *n != "html" || offers.iter().any(|(t, _)| *t == "text/html"))
                .collect();
            let Some((_, r, g)) = NAMES.iter().find(|(n, _, _)| n.eq_ignore_ascii_case(f)) else {
                return Err(Reply::text(
                    400,
                    format!(
                        "unknown format {f:?}; for {what} use one of: {}",
                        known.join(", ")
                    ),
                ));
            };
            let media = match kind {
                Kind::Results => r,
                Kind::Graph => g,
            };
            match media {
                Some(m) => Some(m.to_string()),
                None => {
                    return Err(Reply::text(
                        406,
                        format!(
                            "format={f} does not apply to {what}; use one of: {}",
                            known.join(", ")
                        ),
                    ))
                }
            }
        }
    };
    negotiate(accept.as_deref(), offers).ok_or_else(|| super::http::not_acceptable(what, offers))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_names_override_accept() {
        let results = |f, a| choose(f, a, Kind::Results, RESULTS_OFFERS, "results");
        assert_eq!(results(None, None).unwrap(), QueryResultsFormat::Json);
        assert_eq!(
            results(Some("csv"), Some("application/json")).unwrap(),
            QueryResultsFormat::Csv
        );
        assert_eq!(results(Some("xml"), None).unwrap(), QueryResultsFormat::Xml);
        assert_eq!(
            results(Some("text/tab-separated-values"), None).unwrap(),
            QueryResultsFormat::Tsv
        );
        assert_eq!(results(Some("turtle"), None).err().unwrap().status, 406);
        assert_eq!(results(Some("bogus"), None).err().unwrap().status, 400);
        assert_eq!(results(None, Some("image/png")).err().unwrap().status, 406);
        let graph = |f, a| choose(f, a, Kind::Graph, GRAPH_OFFERS, "a graph");
        assert_eq!(graph(None, Some("*/*")).unwrap(), GraphFormat::Turtle);
        assert_eq!(graph(Some("json"), None).unwrap(), GraphFormat::JsonLd);
        assert_eq!(
            graph(None, Some("application/rdf+xml")).unwrap(),
            GraphFormat::RdfXml
        );
        assert_eq!(graph(Some("csv"), None).err().unwrap().status, 406);
    }
}
