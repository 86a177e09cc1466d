//! What goes over the wire to replace or remove one graph: pure functions
//! from a graph's triples to HTTP requests, no I/O.
//!
//! A graph is sent as N-Triples lines, which are also Turtle (the type every
//! Graph Store implementation takes) and, terms for terms, SPARQL: the same
//! lines fill an `INSERT DATA` block. A graph larger than the request cap is
//! cut between lines: the first request replaces the graph, the next ones add
//! to it. The graphs hold no blank nodes (the mapping names every node), so
//! cutting them changes nothing.

use oxigraph::model::{NamedNodeRef, Quad, TripleRef};

use super::{Endpoint, Protocol};

/// Turtle, of which N-Triples is a subset: Virtuoso, Fuseki, GraphDB and
/// Oxigraph all take it on the Graph Store Protocol.
pub const TURTLE: &str = "text/turtle; charset=utf-8";
/// The media type of a SPARQL Update sent as the request body.
pub const SPARQL_UPDATE: &str = "application/sparql-update; charset=utf-8";

/// Triples in one `INSERT DATA` block: Virtuoso refuses a block of more
/// than 4,990 statements ("SP030 … memory exhausted"); a request holds as
/// many blocks as its size allows.
pub const MAX_TRIPLES_PER_INSERT: usize = 4000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Put,
    Post,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
        }
    }
}

/// One HTTP request, ready to send (credentials are the client's to add).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: Method,
    /// The endpoint, with `graph=IRI` for the Graph Store Protocol.
    pub url: String,
    pub content_type: Option<&'static str>,
    pub body: Vec<u8>,
    /// The triples the body carries (for the summary's counts).
    pub triples: usize,
}

/// A graph's triples as N-Triples lines (each ending in " .\n"), sorted, so
/// that the same graph always gives the same requests and the same version.
#[derive(Debug, Clone, Default)]
pub struct GraphLines {
    pub lines: Vec<String>,
    /// Some triple has a blank node (the ontology's lists): the graph must
    /// go in one request, since a blank node is only itself within one.
    pub has_blank_nodes: bool,
}

impl GraphLines {
    pub fn new<'a>(quads: impl IntoIterator<Item = &'a Quad>) -> GraphLines {
        let mut has_blank_nodes = false;
        let mut lines: Vec<String> = quads
            .into_iter()
            .map(|q| {
                has_blank_nodes |= q.subject.is_blank_node() || q.object.is_blank_node();
                format!("{} .\n", TripleRef::from(q.as_ref()))
            })
            .collect();
        lines.sort_unstable();
        lines.dedup();
        GraphLines {
            lines,
            has_blank_nodes,
        }
    }
}

/// The requests that make `graph` on the server hold exactly `graph_lines`:
/// each body at most `max_bytes` (a single longer line goes alone; a graph
/// with blank nodes goes whole).
pub fn replace_graph(
    endpoint: &Endpoint,
    graph: NamedNodeRef<'_>,
    graph_lines: &GraphLines,
    max_bytes: usize,
) -> Vec<Request> {
    let lines = &graph_lines.lines;
    let max_bytes = if graph_lines.has_blank_nodes {
        usize::MAX
    } else {
        max_bytes
    };
    let chunks = chunks(
        lines,
        max_bytes,
        overhead(endpoint.protocol, graph, lines.len()),
    );
    let mut requests = Vec::with_capacity(chunks.len().max(1));
    for (i, chunk) in chunks.iter().enumerate() {
        let first = i == 0;
        requests.push(match endpoint.protocol {
            Protocol::GraphStore => Request {
                // PUT replaces the graph, POST adds to it.
                method: if first { Method::Put } else { Method::Post },
                url: graph_url(endpoint.url(), graph),
                content_type: Some(TURTLE),
                body: chunk.concat().into_bytes(),
                triples: chunk.len(),
            },
            Protocol::Update => {
                let mut body = String::new();
                if first {
                    body.push_str(&format!("DROP SILENT GRAPH {graph} ;\n"));
                }
                // Blank nodes may not stand in INSERT DATA for Virtuoso
                // (SP031); an INSERT template with an empty WHERE is the
                // standard form that every server takes for them.
                let (head, tail) = if graph_lines.has_blank_nodes {
                    ("INSERT", "} } WHERE {}\n")
                } else {
                    ("INSERT DATA", "} }\n")
                };
                for (i, block) in chunk.chunks(MAX_TRIPLES_PER_INSERT).enumerate() {
                    if i > 0 {
                        body.push_str(";\n");
                    }
                    body.push_str(&format!("{head} {{ GRAPH {graph} {{\n"));
                    for line in block {
                        body.push_str(line);
                    }
                    body.push_str(tail);
                }
                Request {
                    method: Method::Post,
                    url: endpoint.url().to_string(),
                    content_type: Some(SPARQL_UPDATE),
                    body: body.into_bytes(),
                    triples: chunk.len(),
                }
            }
        });
    }
    requests
}

/// The request that removes `graph` from the server (absent is fine).
pub fn delete_graph(endpoint: &Endpoint, graph: NamedNodeRef<'_>) -> Request {
    match endpoint.protocol {
        Protocol::GraphStore => Request {
            method: Method::Delete,
            url: graph_url(endpoint.url(), graph),
            content_type: None,
            body: Vec::new(),
            triples: 0,
        },
        Protocol::Update => Request {
            method: Method::Post,
            url: endpoint.url().to_string(),
            content_type: Some(SPARQL_UPDATE),
            body: format!("DROP SILENT GRAPH {graph}\n").into_bytes(),
            triples: 0,
        },
    }
}

/// `URL?graph=IRI` (or `&graph=` when the URL has a query already), the IRI
/// percent-encoded.
pub fn graph_url(endpoint: &str, graph: NamedNodeRef<'_>) -> String {
    let separator = if endpoint.contains('?') { '&' } else { '?' };
    let encoded =
        percent_encoding::utf8_percent_encode(graph.as_str(), percent_encoding::NON_ALPHANUMERIC);
    format!("{endpoint}{separator}graph={encoded}")
}

/// Bytes a request adds around the lines it carries (for Update, a DROP
/// and the INSERT DATA blocks' heads, a block per few thousand lines).
fn overhead(protocol: Protocol, graph: NamedNodeRef<'_>, lines: usize) -> usize {
    match protocol {
        Protocol::GraphStore => 0,
        Protocol::Update => {
            let blocks = lines / MAX_TRIPLES_PER_INSERT + 1;
            (blocks + 1) * (40 + graph.as_str().len())
        }
    }
}

/// Lines grouped so that each group and its overhead fit in `max_bytes`;
/// always at least one group (empty for an empty graph, which still has to
/// be replaced).
fn chunks(lines: &[String], max_bytes: usize, overhead: usize) -> Vec<&[String]> {
    let budget = max_bytes.saturating_sub(overhead).max(1);
    let mut chunks = Vec::new();
    let (mut start, mut size) = (0, 0);
    for (i, line) in lines.iter().enumerate() {
        if i > start && size + line.len() > budget {
            chunks.push(&lines[start..i]);
            (start, size) = (i, 0);
        }
        size += line.len();
    }
    chunks.push(&lines[start..]);
    chunks
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{GraphName, Literal, NamedNode};

    fn endpoint(protocol: Protocol) -> Endpoint {
        Endpoint::new("http://127.0.0.1:7878/store", protocol, None).unwrap()
    }

    fn lines(n: usize) -> GraphLines {
        let g = GraphName::from(NamedNode::new_unchecked("http://ex/g"));
        let quads: Vec<Quad> = (0..n)
            .map(|i| {
                Quad::new(
                    NamedNode::new_unchecked(format!("http://ex/s{i}")),
                    NamedNode::new_unchecked("http://ex/p"),
                    Literal::new_language_tagged_literal_unchecked("教育部 \"x\"\n", "zh"),
                    g.clone(),
                )
            })
            .collect();
        GraphLines::new(&quads)
    }

    #[test]
    fn lines_are_sorted_escaped_ntriples() {
        let lines = lines(2).lines;
        assert_eq!(
            lines[0],
            "<http://ex/s0> <http://ex/p> \"教育部 \\\"x\\\"\\n\"@zh .\n"
        );
        assert!(lines[0] < lines[1]);
    }

    #[test]
    fn a_graph_over_the_cap_is_put_then_posted_in_pieces_under_it() {
        let lines = lines(100);
        let g = NamedNodeRef::new_unchecked("http://ex/g?x=1&y");
        let requests = replace_graph(&endpoint(Protocol::GraphStore), g, &lines, 1000);
        assert!(requests.len() > 5);
        assert_eq!(requests[0].method, Method::Put);
        assert!(requests[1..].iter().all(|r| r.method == Method::Post));
        assert!(requests.iter().all(|r| r.body.len() <= 1000));
        assert_eq!(requests.iter().map(|r| r.triples).sum::<usize>(), 100);
        let all: Vec<u8> = requests.iter().flat_map(|r| r.body.clone()).collect();
        assert_eq!(all, lines.lines.concat().into_bytes());
        assert_eq!(
            requests[0].url,
            "http://127.0.0.1:7878/store?graph=http%3A%2F%2Fex%2Fg%3Fx%3D1%26y"
        );
    }

    #[test]
    fn an_empty_graph_is_still_replaced() {
        let g = NamedNodeRef::new_unchecked("http://ex/g");
        let none = GraphLines::default();
        let put = replace_graph(&endpoint(Protocol::GraphStore), g, &none, 1000);
        assert_eq!(put.len(), 1);
        assert_eq!((put[0].method, put[0].body.len()), (Method::Put, 0));
        let update = replace_graph(&endpoint(Protocol::Update), g, &none, 1000);
        assert_eq!(update[0].body, b"DROP SILENT GRAPH <http://ex/g> ;\n");
    }

    #[test]
    fn update_drops_first_then_inserts_in_batches() {
        let lines = lines(100);
        let g = NamedNodeRef::new_unchecked("http://ex/g");
        let requests = replace_graph(&endpoint(Protocol::Update), g, &lines, 2000);
        assert!(requests.len() > 2);
        let first = String::from_utf8(requests[0].body.clone()).unwrap();
        assert!(first.starts_with(
            "DROP SILENT GRAPH <http://ex/g> ;\nINSERT DATA { GRAPH <http://ex/g> {\n"
        ));
        assert!(first.ends_with(" .\n} }\n"));
        let second = String::from_utf8(requests[1].body.clone()).unwrap();
        assert!(second.starts_with("INSERT DATA {"));
        assert!(requests.iter().all(|r| r.body.len() <= 2000));
        assert!(requests.iter().all(|r| r.method == Method::Post));
        assert_eq!(requests.iter().map(|r| r.triples).sum::<usize>(), 100);
    }

    #[test]
    fn an_update_request_holds_blocks_of_a_few_thousand_triples() {
        let lines = lines(MAX_TRIPLES_PER_INSERT * 2 + 1);
        let g = NamedNodeRef::new_unchecked("http://ex/g");
        let requests = replace_graph(&endpoint(Protocol::Update), g, &lines, usize::MAX);
        assert_eq!(requests.len(), 1);
        let body = String::from_utf8(requests[0].body.clone()).unwrap();
        assert_eq!(body.matches("INSERT DATA").count(), 3);
        assert_eq!(body.matches("} }\n;\nINSERT DATA").count(), 2);
    }

    #[test]
    fn a_graph_with_blank_nodes_goes_whole_and_not_as_insert_data() {
        let mut lines = lines(100);
        lines.has_blank_nodes = true;
        let g = NamedNodeRef::new_unchecked("http://ex/g");
        let requests = replace_graph(&endpoint(Protocol::GraphStore), g, &lines, 1000);
        assert_eq!(requests.len(), 1);
        assert_eq!(requests[0].triples, 100);
        let update = replace_graph(&endpoint(Protocol::Update), g, &lines, 1000);
        let body = String::from_utf8(update[0].body.clone()).unwrap();
        assert!(
            body.contains(";\nINSERT { GRAPH <http://ex/g> {\n"),
            "{body}"
        );
        assert!(body.ends_with("} } WHERE {}\n"));
        assert!(!body.contains("INSERT DATA"));
    }

    #[test]
    fn a_line_longer_than_the_cap_goes_alone() {
        let lines = vec!["a".repeat(50), "b".repeat(500), "c".repeat(50)];
        let chunks = chunks(&lines, 100, 0);
        assert_eq!(
            chunks.iter().map(|c| c.len()).collect::<Vec<_>>(),
            [1, 1, 1]
        );
    }

    #[test]
    fn delete_is_a_graph_store_delete_or_a_silent_drop() {
        let g = NamedNodeRef::new_unchecked("http://ex/g");
        assert_eq!(
            delete_graph(&endpoint(Protocol::GraphStore), g).method,
            Method::Delete
        );
        assert_eq!(
            delete_graph(&endpoint(Protocol::Update), g).body,
            b"DROP SILENT GRAPH <http://ex/g>\n"
        );
    }
}
