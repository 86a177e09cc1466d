//! `edupol serve` end to end: builds the sample documents into a temporary
//! store with the real binary, starts the real server on a free loopback
//! port (`--bind 127.0.0.1:0`, the address read from its first line), and
//! talks HTTP to it over a plain socket. Each test starts its own server and
//! kills it when done.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::{corpus_store, Server, BIN};
use percent_encoding::{utf8_percent_encode, CONTROLS, NON_ALPHANUMERIC};

const ID_BASE: &str = "https://w3id.org/edupol/id/";

impl Server {
    fn get(&self, target: &str, accept: Option<&str>) -> Reply {
        let headers: Vec<(&str, &str)> = accept.map(|a| ("Accept", a)).into_iter().collect();
        self.send("GET", target, &headers, b"")
    }

    fn post(&self, target: &str, content_type: &str, accept: Option<&str>, body: &[u8]) -> Reply {
        let mut headers = vec![("Content-Type", content_type)];
        headers.extend(accept.map(|a| ("Accept", a)));
        self.send("POST", target, &headers, body)
    }

    /// Sends one request on a new connection and reads the whole answer.
    fn send(&self, method: &str, target: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .unwrap();
        let mut head = format!(
            "{method} {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n",
            self.addr
        );
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        if method == "POST" {
            head.push_str(&format!("Content-Length: {}\r\n", body.len()));
        }
        head.push_str("\r\n");
        // The server may answer (413) and close before it has read the body.
        let _ = stream
            .write_all(head.as_bytes())
            .and_then(|()| stream.write_all(body));
        let mut raw = Vec::new();
        let _ = stream.read_to_end(&mut raw);
        Reply::parse(&raw, method == "HEAD")
    }
}

#[derive(Debug)]
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn parse(raw: &[u8], head_only: bool) -> Reply {
        let end = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap_or_else(|| panic!("no HTTP answer: {:?}", String::from_utf8_lossy(raw)));
        let head = String::from_utf8(raw[..end].to_vec()).unwrap();
        let mut lines = head.split("\r\n");
        let status = lines
            .next()
            .unwrap()
            .split(' ')
            .nth(1)
            .unwrap()
            .parse()
            .unwrap();
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        let mut body = raw[end + 4..].to_vec();
        let chunked = headers
            .iter()
            .any(|(n, v)| n == "transfer-encoding" && v.contains("chunked"));
        if chunked && !head_only {
            body = dechunk(&body);
        }
        Reply {
            status,
            headers,
            body,
        }
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn content_type(&self) -> &str {
        self.header("content-type").unwrap_or("")
    }

    fn text(&self) -> String {
        String::from_utf8(self.body.clone()).expect("a UTF-8 body")
    }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let line_end = data.windows(2).position(|w| w == b"\r\n").unwrap();
        let size_text = std::str::from_utf8(&data[..line_end]).unwrap();
        let size = usize::from_str_radix(size_text.split(';').next().unwrap().trim(), 16).unwrap();
        data = &data[line_end + 2..];
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&data[..size]);
        data = &data[size + 2..];
    }
}

/// `?query=…` for a GET.
fn encoded(query: &str) -> String {
    utf8_percent_encode(query, NON_ALPHANUMERIC).to_string()
}

/// The local path of a node, as a browser sends it.
fn id_path(iri: &str) -> String {
    let rest = iri.strip_prefix(ID_BASE).expect("a local IRI");
    format!("/id/{}", utf8_percent_encode(rest, CONTROLS))
}

const COUNT: &str = "SELECT (COUNT(*) AS ?n) WHERE { ?s a edu:SourceDocument }";

#[test]
fn select_results_come_in_every_content_type() {
    let server = Server::start(corpus_store(), &[]);
    let target = format!("/sparql?query={}", encoded(COUNT));

    let json = server.get(&target, None);
    assert_eq!(json.status, 200, "{}", json.text());
    assert_eq!(json.content_type(), "application/sparql-results+json");
    let value: serde_json::Value = serde_json::from_slice(&json.body).unwrap();
    assert_eq!(value["head"]["vars"][0], "n");
    assert_eq!(value["results"]["bindings"][0]["n"]["value"], "4");

    let cases = [
        (
            "application/sparql-results+json",
            "application/sparql-results+json",
            "\"bindings\"",
        ),
        (
            "application/sparql-results+xml",
            "application/sparql-results+xml",
            "<sparql",
        ),
        (
            "application/xml",
            "application/sparql-results+xml",
            "<sparql",
        ),
        ("text/csv", "text/csv", "n\r\n4"),
        (
            "text/tab-separated-values",
            "text/tab-separated-values",
            "?n\n4",
        ),
        (
            "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
            "application/sparql-results+xml",
            "<sparql",
        ),
    ];
    for (accept, content_type, needle) in cases {
        let r = server.get(&target, Some(accept));
        assert_eq!(r.status, 200, "{accept}: {}", r.text());
        assert!(
            r.content_type().starts_with(content_type),
            "{accept}: {}",
            r.content_type()
        );
        assert!(r.text().contains(needle), "{accept}: {}", r.text());
        assert_eq!(r.header("vary"), Some("Accept"));
    }

    // format= overrides Accept, for links and forms
    let csv = server.get(&format!("{target}&format=csv"), Some("application/json"));
    assert!(csv.content_type().starts_with("text/csv"));

    let none = server.get(&target, Some("image/png"));
    assert_eq!(none.status, 406);
    assert!(none.text().contains("text/csv"), "{}", none.text());

    let ask = server.get(
        &format!(
            "/sparql?query={}",
            encoded("ASK { ?d a edu:SourceDocument }")
        ),
        None,
    );
    assert_eq!(ask.status, 200);
    assert!(ask.text().contains("\"boolean\":true"), "{}", ask.text());
}

#[test]
fn construct_answers_in_rdf_formats() {
    let server = Server::start(corpus_store(), &[]);
    let query =
        "CONSTRUCT { ?o rdfs:label ?l } WHERE { ?o a edu:EducationAuthority ; rdfs:label ?l }";
    let target = format!("/sparql?query={}", encoded(query));

    let turtle = server.get(&target, Some("text/turtle"));
    assert_eq!(turtle.status, 200, "{}", turtle.text());
    assert!(turtle.content_type().starts_with("text/turtle"));
    assert!(turtle.text().contains("@prefix rdfs:"), "{}", turtle.text());
    assert!(turtle.text().contains("教育局"), "{}", turtle.text());
    // Turtle is also what a client that accepts anything gets
    assert!(server
        .get(&target, None)
        .content_type()
        .starts_with("text/turtle"));

    for (accept, content_type) in [
        ("application/n-triples", "application/n-triples"),
        ("application/rdf+xml", "application/rdf+xml"),
        ("application/ld+json", "application/ld+json"),
    ] {
        let r = server.get(&target, Some(accept));
        assert_eq!(r.status, 200, "{accept}: {}", r.text());
        assert_eq!(r.content_type(), content_type);
        assert!(r.text().contains("教育局"), "{accept}: {}", r.text());
    }
    assert_eq!(server.get(&target, Some("text/csv")).status, 406);
}

#[test]
fn queries_are_posted_as_forms_and_directly() {
    let server = Server::start(corpus_store(), &[]);
    let form = format!("query={}", encoded(COUNT));
    let r = server.post(
        "/sparql",
        "application/x-www-form-urlencoded",
        Some("text/csv"),
        form.as_bytes(),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.text(), "n\r\n4\r\n");

    let r = server.post(
        "/sparql",
        "application/sparql-query; charset=utf-8",
        Some("text/csv"),
        COUNT.as_bytes(),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.text(), "n\r\n4\r\n");

    // default-graph-uri in the URL with a direct body: one document's graph
    let one = format!(
        "/sparql?default-graph-uri={}",
        encoded(&format!("{ID_BASE}doc/003_5d82acdc91462d5a"))
    );
    let r = server.post(
        &one,
        "application/sparql-query",
        Some("text/csv"),
        COUNT.as_bytes(),
    );
    assert_eq!(r.text(), "n\r\n1\r\n");

    let bad_utf8 = server.post("/sparql", "application/sparql-query", None, b"SELECT \xff");
    assert_eq!(bad_utf8.status, 400);
    let bad_form = server.post(
        "/sparql",
        "application/x-www-form-urlencoded",
        None,
        b"query=%FF",
    );
    assert_eq!(bad_form.status, 400);
    let unknown = server.post("/sparql", "text/plain", None, COUNT.as_bytes());
    assert_eq!(unknown.status, 415);
    assert!(unknown.text().contains("application/sparql-query"));
}

#[test]
fn syntax_errors_are_400_with_the_message() {
    let server = Server::start(corpus_store(), &[]);
    let r = server.get(
        &format!("/sparql?query={}", encoded("SELECT ?x WHERE { ?x ?p }")),
        None,
    );
    assert_eq!(r.status, 400);
    assert!(r.content_type().starts_with("text/plain"));
    assert!(r.text().contains("line 1"), "{}", r.text());
    assert!(r.text().contains('^'), "{}", r.text());
    // no query at all
    assert_eq!(server.get("/sparql", None).status, 400);
    let browser = server.get("/sparql", Some("text/html"));
    assert_eq!(browser.status, 303);
    assert_eq!(browser.header("location"), Some("/"));
}

#[test]
fn updates_are_refused() {
    let server = Server::start(corpus_store(), &[]);
    let update = "INSERT DATA { <http://example.org/s> <http://example.org/p> 1 }";
    let answers = [
        server.post(
            "/sparql",
            "application/x-www-form-urlencoded",
            None,
            format!("update={}", encoded(update)).as_bytes(),
        ),
        server.post(
            "/sparql",
            "application/sparql-update",
            None,
            update.as_bytes(),
        ),
        server.get(&format!("/sparql?query={}", encoded(update)), None),
    ];
    for r in answers {
        assert_eq!(r.status, 403, "{}", r.text());
        assert!(r.text().contains("read-only"), "{}", r.text());
    }
    let count = server.get(
        &format!(
            "/sparql?query={}",
            encoded("ASK { <http://example.org/s> ?p ?o }")
        ),
        None,
    );
    assert!(count.text().contains("false"));
}

#[test]
fn oversized_requests_are_413() {
    let server = Server::start(corpus_store(), &[]);
    let mut body = b"SELECT * WHERE { ?s ?p ?o } #".to_vec();
    body.resize(2 << 20, b'a');
    let r = server.post("/sparql", "application/sparql-query", None, &body);
    assert_eq!(r.status, 413);
    assert!(r.text().contains("1 MiB"), "{}", r.text());
    // and the server still answers
    assert_eq!(server.get("/", None).status, 200);
}

#[test]
fn other_origins_may_query() {
    let server = Server::start(corpus_store(), &[]);
    let r = server.get(&format!("/sparql?query={}", encoded(COUNT)), None);
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
    let preflight = server.send(
        "OPTIONS",
        "/sparql",
        &[
            ("Origin", "http://example.org"),
            ("Access-Control-Request-Method", "POST"),
            ("Access-Control-Request-Headers", "content-type"),
        ],
        b"",
    );
    assert_eq!(preflight.status, 204);
    assert_eq!(preflight.header("access-control-allow-origin"), Some("*"));
    assert!(preflight
        .header("access-control-allow-methods")
        .unwrap()
        .contains("POST"));
    assert!(preflight
        .header("access-control-allow-headers")
        .unwrap()
        .contains("content-type"));
}

#[test]
fn graphs_are_read_with_the_graph_store_protocol() {
    let server = Server::start(corpus_store(), &[]);
    let doc = format!("{ID_BASE}doc/003_5d82acdc91462d5a");
    let target = format!("/store?graph={}", encoded(&doc));

    let turtle = server.get(&target, None);
    assert_eq!(turtle.status, 200, "{}", turtle.text());
    assert!(turtle.content_type().starts_with("text/turtle"));
    assert!(turtle.text().contains("003_5d82acdc91462d5a.txt"));

    let nquads = server.get(&target, Some("application/n-quads"));
    assert_eq!(nquads.content_type(), "application/n-quads");
    assert!(nquads
        .text()
        .lines()
        .all(|l| l.ends_with(&format!("<{doc}> ."))));

    let trig = server.get(&target, Some("application/trig"));
    assert_eq!(trig.content_type(), "application/trig");

    let ntriples = server.get(&target, Some("application/n-triples"));
    assert_eq!(ntriples.status, 200);

    let union = server.get("/store?default", Some("application/n-triples"));
    assert_eq!(union.status, 200);
    let lines: Vec<&str> = union
        .body
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| std::str::from_utf8(l).unwrap())
        .collect();
    let unique: std::collections::HashSet<&&str> = lines.iter().collect();
    assert_eq!(lines.len(), unique.len(), "each triple of the union once");
    assert!(lines.len() > ntriples.text().lines().count());

    let dataset = server.get("/store", None);
    assert_eq!(dataset.content_type(), "application/trig");
    assert!(dataset.text().contains("003_5d82acdc91462d5a"));

    let head = server.send("HEAD", &target, &[], b"");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());

    let missing = server.get(
        &format!("/store?graph={}", encoded("https://example.org/nothing")),
        None,
    );
    assert_eq!(missing.status, 404);
    assert!(missing.text().contains("nothing"));
    assert_eq!(server.get(&format!("{target}&default"), None).status, 400);
    assert_eq!(server.get("/store?graph=not%20an%20iri", None).status, 400);
}

/// The first solution of a query, as (variable → value).
fn first(server: &Server, query: &str) -> serde_json::Value {
    let r = server.get(&format!("/sparql?query={}", encoded(query)), None);
    assert_eq!(r.status, 200, "{}", r.text());
    let value: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
    value["results"]["bindings"][0].clone()
}

#[test]
fn nodes_have_pages_and_turtle() {
    let server = Server::start(corpus_store(), &[]);
    let org = first(
        &server,
        "SELECT ?o ?l WHERE { ?o a edu:EducationAuthority ; rdfs:label ?l } ORDER BY ?l LIMIT 1",
    );
    let (iri, label) = (
        org["o"]["value"].as_str().unwrap(),
        org["l"]["value"].as_str().unwrap(),
    );
    let path = id_path(iri);

    let page = server.get(&path, Some("text/html"));
    assert_eq!(page.status, 200, "{path}: {}", page.text());
    assert!(page.content_type().starts_with("text/html"));
    let html = page.text();
    assert!(html.contains(&format!("<h1>{label}</h1>")), "{html}");
    assert!(html.contains("edu:EducationAuthority"), "{html}");
    assert!(html.contains("mentioned in"), "{html}");
    // a browser's Accept, and no Accept at all, get the page too
    let browser = server.get(
        &path,
        Some("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"),
    );
    assert!(browser.content_type().starts_with("text/html"));

    let turtle = server.get(&path, Some("text/turtle"));
    assert_eq!(turtle.status, 200);
    assert!(turtle.content_type().starts_with("text/turtle"));
    assert!(
        turtle.text().contains(&format!("\"{label}\"")),
        "{}",
        turtle.text()
    );
    let by_name = server.get(&format!("{path}?format=ntriples"), None);
    assert_eq!(by_name.content_type(), "application/n-triples");

    // lower-case escapes, and every byte escaped, are understood too
    let lower = server.get(&path.to_lowercase(), Some("text/turtle"));
    assert_eq!(lower.status, 200, "{}", path.to_lowercase());
    let all = format!("/id/{}", encoded(iri.strip_prefix(ID_BASE).unwrap()));
    assert_eq!(server.get(&all, Some("text/turtle")).status, 200, "{all}");

    // where a figure was read: its sentence and its article
    let figure = first(
        &server,
        "SELECT ?q ?e ?a WHERE { ?q a edu:ReportedFigure ; edu:evidence ?e ; prov:wasDerivedFrom ?a } ORDER BY ?q LIMIT 1",
    );
    let page = server.get(&id_path(figure["q"]["value"].as_str().unwrap()), None);
    assert_eq!(page.status, 200);
    let html = page.text();
    let evidence = figure["e"]["value"].as_str().unwrap();
    let escaped = evidence
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;");
    assert!(
        html.contains(&format!("<blockquote>{escaped}</blockquote>")),
        "{html}"
    );
    let article = id_path(figure["a"]["value"].as_str().unwrap());
    assert!(
        html.contains(&format!("derived from <a href=\"{article}\"")),
        "{html}"
    );
}

#[test]
fn unknown_nodes_and_paths_are_404() {
    let server = Server::start(corpus_store(), &[]);
    let page = server.get("/id/org/%E6%B2%A1%E6%9C%89", Some("text/html"));
    assert_eq!(page.status, 404);
    assert!(page.content_type().starts_with("text/html"));
    assert!(page.text().contains("没有"), "{}", page.text());
    let text = server.get("/id/org/nothing", Some("text/turtle"));
    assert_eq!(text.status, 404);
    assert!(text.content_type().starts_with("text/plain"));
    for path in [
        "/id/",
        "/id/%FF%FE",
        "/id/x%",
        "/id/a%20%3Cb%3E",
        "/nothing",
        "/id",
    ] {
        assert_eq!(server.get(path, None).status, 404, "{path}");
    }
    assert_eq!(server.get("/sparql?query=%FF", None).status, 400);
    assert_eq!(server.send("DELETE", "/store", &[], b"").status, 405);
    assert_eq!(server.send("PUT", "/sparql", &[], b"").status, 405);
    // a request that is not HTTP does not stop the server
    let mut stream = TcpStream::connect(&server.addr).unwrap();
    let _ = stream.write_all(b"\xff\xfe garbage\r\n\r\n");
    drop(stream);
    assert_eq!(server.get("/", None).status, 200);
}

#[test]
fn the_home_page_offers_the_saved_queries_and_documents() {
    let server = Server::start(corpus_store(), &[]);
    let page = server.get("/", None);
    assert_eq!(page.status, 200);
    assert!(page.content_type().starts_with("text/html"));
    let html = page.text();
    assert!(html.contains("<textarea name=\"query\""));
    assert!(html.contains("action=\"/sparql\""));
    assert!(
        html.contains("Targets by year"),
        "the saved queries are listed"
    );
    assert!(html.contains("targets_by_year.rq"));
    assert!(
        html.contains("000_2657467a4493b439.txt"),
        "the documents are listed"
    );
    for external in ["src=\"http", "href=\"http", "@import"] {
        assert!(!html.contains(external), "the page loads {external}");
    }
    assert!(!html.contains("{{"), "a slot of page.html is left unfilled");
    // YASGUI, from this server; the form above is the fallback without script.
    assert!(html.contains("<noscript>"));
    assert!(
        html.contains("prefixCcApi"),
        "the editor's prefixes are local"
    );
    for asset in ["/assets/yasgui.min.js?v=", "/assets/yasgui.min.css?v="] {
        let start = html
            .find(asset)
            .unwrap_or_else(|| panic!("the page does not load {asset}"));
        let url = &html[start..start + html[start..].find('"').unwrap()];
        let r = server.get(url, None);
        assert_eq!(r.status, 200, "{url}");
        assert!(
            r.header("cache-control").unwrap().contains("immutable"),
            "{url}: {:?}",
            r.headers
        );
        let etag = r.header("etag").unwrap().to_string();
        let again = server.send("GET", url, &[("If-None-Match", &etag)], b"");
        assert_eq!(again.status, 304, "{url}");
    }
    let js = server.get("/assets/yasgui.min.js", None);
    assert_eq!(js.content_type(), "text/javascript; charset=utf-8");
    assert_eq!(js.header("cache-control"), Some("no-cache"));
    let css = server.get("/assets/yasgui.min.css", None);
    assert_eq!(css.content_type(), "text/css; charset=utf-8");
    assert_eq!(server.get("/assets/nothing.js", None).status, 404);
    assert_eq!(
        server
            .post("/assets/yasgui.min.js", "text/plain", None, b"")
            .status,
        405
    );
}

#[test]
fn the_form_without_script_gets_a_table() {
    let server = Server::start(corpus_store(), &[]);
    let query = "SELECT ?org ?name WHERE { ?org a org:Organization ; rdfs:label ?name \
                 FILTER(CONTAINS(?name, \"教育局\")) } ORDER BY ?name LIMIT 2";
    let body = format!("format=html&query={}", encoded(query));
    let r = server.post(
        "/sparql",
        "application/x-www-form-urlencoded",
        Some("text/html"),
        body.as_bytes(),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(r.content_type().starts_with("text/html"));
    let html = r.text();
    assert!(html.contains("<table class=\"results\">"), "{html}");
    assert_eq!(html.matches("<tr>").count(), 3, "{html}");
    assert!(html.contains("教育局"), "{html}");
    assert!(
        html.contains("href=\"/id/org/"),
        "the IRIs link to their pages"
    );
    // ASK and CONSTRUCT too; links with GET as well.
    let ask = server.get(
        &format!("/sparql?format=html&query={}", encoded("ASK { ?s ?p ?o }")),
        None,
    );
    assert!(ask.text().contains("<b>true</b>"), "{}", ask.text());
    let graph = server.get(
        &format!(
            "/sparql?format=html&query={}",
            encoded("CONSTRUCT { ?s a edu:SourceDocument } WHERE { ?s a edu:SourceDocument }")
        ),
        None,
    );
    assert_eq!(graph.status, 200);
    assert!(graph.text().contains("<pre>"), "{}", graph.text());
}

#[test]
fn long_queries_are_stopped_at_the_time_limit() {
    let server = Server::start(corpus_store(), &["--timeout", "1"]);
    let started = std::time::Instant::now();
    let r = server.get(
        &format!(
            "/sparql?query={}",
            encoded("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")
        ),
        None,
    );
    assert_eq!(r.status, 503, "{}", r.text());
    assert!(r.text().contains("--timeout"), "{}", r.text());
    assert!(started.elapsed() < Duration::from_secs(20));
    // the page still answers
    assert_eq!(server.get("/", None).status, 200);
}

#[test]
fn another_base_iri_serves_other_nodes() {
    let server = Server::start(corpus_store(), &["--base-iri", "https://example.org/kg/"]);
    // the store's nodes are not under that base
    assert_eq!(server.get("/id/org/x", None).status, 404);
    let bad = run_to_end(&[
        "serve".as_ref(),
        "--base-iri".as_ref(),
        "not an iri".as_ref(),
        "--store".as_ref(),
        corpus_store().as_os_str(),
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--base-iri"));
}

/// Runs edupol to its end, or kills it after 60 s (a server that started
/// although it should not have).
fn run_to_end(args: &[&std::ffi::OsStr]) -> std::process::Output {
    let mut child = Command::new(BIN)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("edupol {args:?} did not stop");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}

#[test]
fn serving_a_missing_store_fails_with_advice() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such.db");
    let serve = |store: &Path| {
        run_to_end(&[
            "serve".as_ref(),
            "--store".as_ref(),
            store.as_os_str(),
            "--bind".as_ref(),
            "127.0.0.1:0".as_ref(),
        ])
    };
    let out = serve(&missing);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "it does not claim to listen");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(&missing.display().to_string()), "{stderr}");
    assert!(stderr.contains("edupol build"), "{stderr}");

    // a folder that is not a store
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let out = serve(&empty);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("edupol build"), "{stderr}");
}

// ───────────────────────── hostile requests ─────────────────────────

impl Server {
    /// Writes `request` as it is on a new connection and reads the answer
    /// until the server closes it (at most 30 s).
    fn raw(&self, request: &[u8]) -> Vec<u8> {
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        let _ = stream.write_all(request);
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
        answer
    }

    fn query(&self, query: &str) -> Reply {
        self.get(&format!("/sparql?query={}", encoded(query)), None)
    }
}

/// Every text the server may show a client, for the leak checks.
fn shown(reply: &Reply) -> String {
    let mut all = String::from_utf8_lossy(&reply.body).into_owned();
    for (n, v) in &reply.headers {
        all.push_str(&format!("\n{n}: {v}"));
    }
    all
}

/// No answer names the store's folder, or any folder of this machine.
fn assert_no_paths(reply: &Reply, what: &str) {
    let text = shown(reply);
    let store = corpus_store();
    let mut hidden = vec![store.display().to_string()];
    if let Some(parent) = store.parent() {
        hidden.push(parent.display().to_string());
    }
    hidden.push(common::repo().display().to_string());
    hidden.push(std::env::temp_dir().display().to_string());
    for path in hidden {
        assert!(!text.contains(&path), "{what} shows {path}: {text}");
    }
    assert!(!text.contains("root:"), "{what} shows /etc/passwd: {text}");
}

#[test]
fn service_is_refused_unless_the_operator_allows_it() {
    let server = Server::start(corpus_store(), &[]);
    for query in [
        "SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } } LIMIT 1",
        "SELECT * WHERE { SERVICE SILENT <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
        "ASK { ?s a edu:SourceDocument FILTER EXISTS { SERVICE <file:///etc/passwd> { ?s ?p ?o } } }",
        "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE ?endpoint { ?s ?q ?r } } } LIMIT 1",
    ] {
        let r = server.query(query);
        assert_eq!(r.status, 403, "{query}: {}", r.text());
        assert!(r.text().contains("--allow-service"), "{}", r.text());
        assert_no_paths(&r, query);
    }
    // the word in a string is no call
    let r = server.query("SELECT ?x WHERE { BIND(\"SERVICE <http://x/>\" AS ?x) }");
    assert_eq!(r.status, 200, "{}", r.text());

    // Allowed: still never a file, nor an endpoint chosen at run time.
    let allowed = Server::start(corpus_store(), &["--allow-service"]);
    for query in [
        "SELECT * WHERE { SERVICE <file:///etc/passwd> { ?s ?p ?o } }",
        "SELECT * WHERE { SERVICE <urn:x> { ?s ?p ?o } }",
        "SELECT * WHERE { VALUES ?e { <file:///etc/passwd> } SERVICE ?e { ?s ?p ?o } }",
    ] {
        let r = allowed.query(query);
        assert_eq!(r.status, 403, "{query}: {}", r.text());
        assert!(r.text().contains("refused"), "{}", r.text());
        assert_no_paths(&r, query);
    }
}

#[test]
fn every_form_of_update_is_refused_and_load_reads_no_file() {
    let server = Server::start(corpus_store(), &[]);
    let updates = [
        "INSERT DATA { <http://example.org/s> <http://example.org/p> 1 }",
        "LOAD <file:///etc/passwd>",
        "LOAD <file:///etc/passwd> INTO GRAPH <http://example.org/g>",
        "CLEAR ALL",
        "DROP DEFAULT",
        "DELETE WHERE { ?s ?p ?o }",
        "CREATE GRAPH <http://example.org/g>",
    ];
    for update in updates {
        let e = encoded(update);
        let answers = [
            server.get(&format!("/sparql?query={e}"), None),
            server.get(&format!("/sparql?update={e}"), None),
            server.post(
                "/sparql",
                "application/x-www-form-urlencoded",
                None,
                format!("update={e}").as_bytes(),
            ),
            server.post(
                "/sparql",
                "application/x-www-form-urlencoded",
                None,
                format!("query={e}").as_bytes(),
            ),
            server.post(
                "/sparql",
                "application/sparql-update",
                None,
                update.as_bytes(),
            ),
            server.post(
                "/sparql",
                "application/sparql-query",
                None,
                update.as_bytes(),
            ),
            // an update riding in the URL of a POSTed query
            server.post(
                &format!("/sparql?update={e}"),
                "application/sparql-query",
                None,
                COUNT.as_bytes(),
            ),
        ];
        for (i, r) in answers.iter().enumerate() {
            assert_eq!(r.status, 403, "{update} (form {i}): {}", r.text());
            assert!(r.text().contains("read-only"), "{}", r.text());
            assert_no_paths(r, update);
        }
    }
    // The store is as it was.
    let r = server.query("ASK { <http://example.org/s> ?p ?o }");
    assert!(r.text().contains("false"));
    assert!(server.query(COUNT).text().contains("\"value\""));
}

#[test]
fn file_iris_name_graphs_and_never_read_files() {
    let server = Server::start(corpus_store(), &[]);
    let passwd = "file:///etc/passwd";
    for r in [
        server.query(&format!("SELECT * FROM <{passwd}> WHERE {{ ?s ?p ?o }}")),
        server.query(&format!(
            "SELECT * FROM NAMED <{passwd}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
        )),
        server.query(&format!("DESCRIBE <{passwd}>")),
        server.get(
            &format!(
                "/sparql?query={}&default-graph-uri={}",
                encoded("SELECT * WHERE { ?s ?p ?o }"),
                encoded(passwd)
            ),
            None,
        ),
    ] {
        assert!(r.status == 200, "{}", r.text());
        assert_no_paths(&r, passwd);
        assert!(!r.text().contains("\"s\":"), "no solution: {}", r.text());
    }
    let store = server.get(&format!("/store?graph={}", encoded(passwd)), None);
    assert_eq!(store.status, 404);
    assert_no_paths(&store, "/store?graph=file:");
}

#[test]
fn paths_never_climb_out_of_their_routes() {
    let server = Server::start(corpus_store(), &[]);
    for path in [
        "/assets/../Cargo.toml",
        "/assets/../../../../etc/passwd",
        "/assets/%2e%2e/%2e%2e/Cargo.toml",
        "/assets/..%2f..%2fCargo.toml",
        "/assets/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "/assets//etc/passwd",
        "/assets/yasgui/SOURCE.md",
        "/id/../../etc/passwd",
        "/id/%2e%2e/%2e%2e/etc/passwd",
        "/id/..%2F..%2F..%2Fetc%2Fpasswd",
        "/../../etc/passwd",
        "/store/../../etc/passwd",
        "/sparql/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "//etc/passwd",
        "/src/serve/server.rs",
        "/Cargo.toml",
    ] {
        let r = server.get(path, None);
        assert!(matches!(r.status, 400 | 404), "{path}: {}", r.status);
        assert_no_paths(&r, path);
        assert!(!r.text().contains("[package]"), "{path}: {}", r.text());
    }
}

#[test]
fn answers_past_max_rows_are_refused_whole() {
    let server = Server::start(corpus_store(), &["--max-rows", "5"]);
    let many = "SELECT ?s WHERE { ?s a edu:Article }";
    for accept in [
        None,
        Some("text/csv"),
        Some("application/sparql-results+xml"),
    ] {
        let r = server.get(&format!("/sparql?query={}", encoded(many)), accept);
        assert_eq!(r.status, 422, "{accept:?}: {}", r.text());
        assert!(r.text().contains("--max-rows"), "{}", r.text());
        assert!(r.text().contains("LIMIT"), "{}", r.text());
    }
    let html = server.get(
        &format!("/sparql?format=html&query={}", encoded(many)),
        None,
    );
    assert_eq!(html.status, 422);
    let graph = server.query("CONSTRUCT { ?s a edu:Article } WHERE { ?s a edu:Article }");
    assert_eq!(graph.status, 422, "{}", graph.text());
    // exactly at the limit is fine
    let five = server.query(&format!("{many} LIMIT 5"));
    assert_eq!(five.status, 200, "{}", five.text());
    // whole graphs still come from /store
    assert_eq!(server.get("/store?default", None).status, 200);
    let bad = run_to_end(&[
        "serve".as_ref(),
        "--max-rows".as_ref(),
        "0".as_ref(),
        "--store".as_ref(),
        corpus_store().as_os_str(),
    ]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn oversized_heads_are_refused_and_the_server_goes_on() {
    let server = Server::start(corpus_store(), &[]);
    // a URL over 64 KiB
    let long = format!("/sparql?query={}", "a".repeat(70 << 10));
    let r = server.get(&long, None);
    assert_eq!(r.status, 414, "{}", r.text());
    assert!(r.text().contains("POST"), "{}", r.text());
    // one header over 64 KiB
    let big = "x".repeat(70 << 10);
    let r = server.send("GET", "/", &[("X-Big", &big)], b"");
    assert_eq!(r.status, 431, "{}", r.text());
    // too many headers
    let names: Vec<String> = (0..150).map(|i| format!("X-H{i}")).collect();
    let many: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), "1")).collect();
    let r = server.send("GET", "/", &many, b"");
    assert_eq!(r.status, 431, "{}", r.text());
    assert!(r.text().contains("headers"), "{}", r.text());
    // an endless header line, sent until the server stops reading
    let mut stream = TcpStream::connect(&server.addr).unwrap();
    stream
        .set_write_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let _ = stream.write_all(b"GET / HTTP/1.1\r\nX-Endless: ");
    let chunk = vec![b'y'; 64 << 10];
    let mut sent = 0usize;
    while sent < (32 << 20) && stream.write_all(&chunk).is_ok() {
        sent += chunk.len();
    }
    assert!(sent < (32 << 20), "the server read 32 MiB of one header");
    drop(stream);
    // a body over 1 MiB announced by Content-Length, refused before it is read
    let r = server.raw(
        b"POST /sparql HTTP/1.1\r\nContent-Type: application/sparql-query\r\n\
          Content-Length: 99999999999\r\n\r\n",
    );
    assert!(String::from_utf8_lossy(&r).starts_with("HTTP/1.1 413"));
    // and the server still answers
    assert_eq!(server.get("/", None).status, 200);
    assert_eq!(server.query(COUNT).status, 200);
}

#[test]
fn malformed_requests_get_400_with_a_message() {
    let server = Server::start(corpus_store(), &[]);
    let cases: &[(&[u8], u16)] = &[
        (b"GET /\r\n\r\n", 400),
        (b"GET / HTTP/1.1 extra\r\n\r\n", 400),
        (b"GET  / HTTP/1.1\r\n\r\n", 400),
        (b"GET / HTTP/2.0\r\n\r\n", 505),
        (b"GET / FTP/1.1\r\n\r\n", 400),
        (b"G(T / HTTP/1.1\r\n\r\n", 400),
        (b"GET sparql HTTP/1.1\r\n\r\n", 400),
        (b"\xff\xfe / HTTP/1.1\r\n\r\n", 400),
        (b"GET / HTTP/1.1\r\nNo colon here\r\n\r\n", 400),
        (b"GET / HTTP/1.1\r\n folded: x\r\n\r\n", 400),
        (b"GET / HTTP/1.1\r\nBad Name: x\r\n\r\n", 400),
        (b"GET / HTTP/1.1\r\nX: \xff\r\n\r\n", 400),
        (b"POST /sparql HTTP/1.1\r\nContent-Length: ten\r\n\r\n", 400),
        (b"POST /sparql HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", 400),
        (
            b"POST /sparql HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            400,
        ),
        (b"POST /sparql HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", 501),
        (
            b"POST /sparql HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
            400,
        ),
        (b"GET /sparql?query=%FF HTTP/1.1\r\nConnection: close\r\n\r\n", 400),
        (b"GET /sparql?query=SELECT HTTP/1.1\r\nConnection: close\r\n\r\n", 400),
        (b"GET /sparql?query=a&query=b HTTP/1.1\r\nConnection: close\r\n\r\n", 400),
    ];
    for (request, status) in cases {
        let answer = server.raw(request);
        let what = String::from_utf8_lossy(request);
        assert!(!answer.is_empty(), "{what:?}: no answer");
        let reply = Reply::parse(&answer, false);
        assert_eq!(reply.status, *status, "{what:?}: {}", reply.text());
        assert!(
            reply.text().trim().len() > 10,
            "{what:?}: no message: {:?}",
            reply.text()
        );
        assert!(reply.content_type().starts_with("text/plain"), "{what:?}");
        assert_no_paths(&reply, &what);
    }
    assert_eq!(server.get("/", None).status, 200);
}

#[test]
fn a_request_that_stalls_is_cut_off() {
    let server = Server::start(corpus_store(), &[]);
    let started = std::time::Instant::now();
    // the head never ends
    let answer = server.raw(b"GET / HTTP/1.1\r\nHost: x\r\n");
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(started.elapsed() < Duration::from_secs(25));
    // a body shorter than announced
    let started = std::time::Instant::now();
    let mut stream = TcpStream::connect(&server.addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    stream
        .write_all(b"POST /sparql HTTP/1.1\r\nContent-Type: application/sparql-query\r\nContent-Length: 100\r\n\r\nASK {}")
        .unwrap();
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    assert!(String::from_utf8_lossy(&answer).starts_with("HTTP/1.1 408"));
    assert!(started.elapsed() < Duration::from_secs(45));
    assert_eq!(server.get("/", None).status, 200);
}

#[test]
fn kept_alive_chunked_and_continued_requests_are_read() {
    let server = Server::start(corpus_store(), &[]);
    let query = "ASK { ?s a edu:SourceDocument }";
    // two requests on one connection, the second closing it
    let answer = server.raw(
        format!(
            "GET /sparql?query={q} HTTP/1.1\r\nHost: x\r\n\r\n\
             GET /sparql?query={q} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            q = encoded(query)
        )
        .as_bytes(),
    );
    let text = String::from_utf8_lossy(&answer);
    assert_eq!(text.matches("HTTP/1.1 200 OK").count(), 2, "{text}");
    assert_eq!(text.matches("true").count(), 2, "{text}");
    // a chunked body
    let chunked = format!(
        "POST /sparql HTTP/1.1\r\nContent-Type: application/sparql-query\r\n\
         Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n{:x}\r\n{}\r\n{:x}\r\n{}\r\n0\r\n\r\n",
        6,
        &query[..6],
        query.len() - 6,
        &query[6..]
    );
    let r = Reply::parse(&server.raw(chunked.as_bytes()), false);
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(r.text().contains("true"));
    // Expect: 100-continue, as curl sends for larger bodies
    let answer = server.raw(
        format!(
            "POST /sparql HTTP/1.1\r\nContent-Type: application/sparql-query\r\n\
             Expect: 100-continue\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{query}",
            query.len()
        )
        .as_bytes(),
    );
    let text = String::from_utf8_lossy(&answer);
    assert!(
        text.starts_with("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200"),
        "{text}"
    );
    // HTTP/1.0 closes after the answer
    let answer = server.raw(b"GET / HTTP/1.0\r\n\r\n");
    assert!(String::from_utf8_lossy(&answer).starts_with("HTTP/1.1 200"));
}

#[test]
fn error_answers_name_no_folder() {
    let server = Server::start(corpus_store(), &[]);
    let answers = [
        server.query("SELECT ?x WHERE { ?x ?p }"),
        server.query("SELECT * WHERE { ?s ?p ?o FILTER(<http://x/f>(?o)) } LIMIT 1"),
        server.get("/nothing", Some("text/html")),
        server.get("/id/org/nothing", None),
        server.get("/store?graph=nothing", None),
        server.post("/sparql", "text/plain", None, b"x"),
        server.send("DELETE", "/store", &[], b""),
        server.get("/sparql?query=%FF", None),
        server.get("/sparql?format=nothing&query=ASK%7B%7D", None),
        server.get("/sparql?query=ASK%7B%7D", Some("image/png")),
    ];
    for r in &answers {
        assert!(r.status >= 400, "{}", r.text());
        assert_no_paths(r, &r.text());
    }
    // and no answer says what serves it
    let home = server.get("/", None);
    assert!(home.header("server").is_none(), "{:?}", home.headers);
}

#[path = "../examples/load.rs"]
mod load;

#[test]
fn a_short_load_has_no_failed_requests() {
    let server = Server::start(corpus_store(), &[]);
    let report = load::run(&load::Config {
        addr: server.addr.clone(),
        clients: 4,
        duration: Duration::from_secs(3),
        max_requests: 2_000,
        queries: common::repo().join("queries"),
    })
    .unwrap();
    println!("{}", report.summary());
    assert_eq!(report.failed, 0, "{:?}", report.errors);
    assert!(report.served >= 20, "{}", report.summary());
    assert!(
        report.queries >= 10 && report.pages > 0,
        "{}",
        report.summary()
    );
}

#[test]
fn connections_past_the_limit_get_503_and_the_server_recovers() {
    let server = Server::start(corpus_store(), &[]);
    // 256 connections that send nothing (yet)
    let idle: Vec<TcpStream> = (0..256)
        .map(|_| TcpStream::connect(&server.addr).unwrap())
        .collect();
    std::thread::sleep(Duration::from_millis(1000));
    let answer = server.raw(b"GET / HTTP/1.1\r\nConnection: close\r\n\r\n");
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
    assert!(answer.contains("try again"), "{answer}");
    drop(idle);
    let started = std::time::Instant::now();
    loop {
        let answer = server.raw(b"GET / HTTP/1.1\r\nConnection: close\r\n\r\n");
        if answer.starts_with(b"HTTP/1.1 200") {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(10), "no recovery");
        std::thread::sleep(Duration::from_millis(100));
    }
}
