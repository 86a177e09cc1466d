//! `queries/federated_wikidata.rq` against a stand-in for the Wikidata Query
//! Service: a small HTTP server on a loopback port that answers any query
//! with a fixed SPARQL JSON result.
//!
//! The saved query is run as an analyst runs it, through `edupol query` on
//! the sample store, with only the SERVICE IRI changed to the stand-in's
//! loopback address: oxigraph's HTTP client (feature
//! `http-client-rustls-webpki`) sends the SERVICE pattern with the SPARQL 1.1
//! Protocol, and the test checks that request and the rows joined to our
//! places by P442.
//!
//! Nothing leaves the machine, and everything is bounded: the server stops
//! after its deadline or when the test is done, sockets time out, and the
//! query is killed if it runs too long.

mod common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use common::{command, corpus_store, repo};

const WIKIDATA_SERVICE: &str = "https://query.wikidata.org/sparql";
const WIKIDATA_ENTITY: &str = "http://www.wikidata.org/entity/";
/// An item the stand-in gives 舟山市 that is not the one our table names.
const OTHER_ITEM: &str = "http://example.org/stand-in/item";

/// How long the stand-in serves and the query may run, at most.
const DEADLINE: Duration = Duration::from_secs(120);

/// One request the stand-in received.
#[derive(Debug, Clone)]
struct Received {
    request_line: String,
    headers: BTreeMap<String, String>,
    body: String,
}

/// The stand-in endpoint: a thread that accepts connections on 127.0.0.1
/// until it is stopped or its deadline passes, and answers each request
/// with `answer` as SPARQL JSON results.
struct StandIn {
    port: u16,
    stop: Arc<AtomicBool>,
    received: Arc<Mutex<Vec<Received>>>,
    thread: Option<JoinHandle<()>>,
}

impl StandIn {
    fn start(answer: String) -> StandIn {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let stop = Arc::new(AtomicBool::new(false));
        let received = Arc::new(Mutex::new(Vec::new()));
        let thread = {
            let (stop, received) = (stop.clone(), received.clone());
            std::thread::spawn(move || {
                let started = Instant::now();
                while !stop.load(Ordering::SeqCst) && started.elapsed() < DEADLINE {
                    match listener.accept() {
                        Ok((stream, _)) => {
                            if let Some(request) = serve(stream, &answer) {
                                received.lock().unwrap().push(request);
                            }
                        }
                        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                            std::thread::sleep(Duration::from_millis(10));
                        }
                        Err(e) => panic!("stand-in: {e}"),
                    }
                }
            })
        };
        StandIn {
            port,
            stop,
            received,
            thread: Some(thread),
        }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}/sparql", self.port)
    }

    /// Stops the server and returns what it received.
    fn finish(mut self) -> Vec<Received> {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(thread) = self.thread.take() {
            thread.join().expect("the stand-in thread ends");
        }
        self.received.lock().unwrap().clone()
    }
}

impl Drop for StandIn {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

/// Reads one HTTP/1.1 request (headers, then a body of Content-Length bytes)
/// and writes the answer; `None` if the request could not be read.
fn serve(stream: TcpStream, answer: &str) -> Option<Received> {
    stream.set_nonblocking(false).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    stream
        .set_write_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line).ok()?;
    let mut headers = BTreeMap::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            break;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':')?;
        headers.insert(name.trim().to_ascii_lowercase(), value.trim().to_string());
    }
    let length: usize = headers
        .get("content-length")
        .and_then(|l| l.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length.min(1 << 20)];
    reader.read_exact(&mut body).ok()?;
    let mut stream = stream;
    write!(
        stream,
        "HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{answer}",
        answer.len()
    )
    .ok()?;
    stream.flush().ok()?;
    Some(Received {
        request_line: request_line.trim_end().to_string(),
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    })
}

/// The Wikidata item data/wikidata.tsv gives the division with this code.
fn table_item(code: &str) -> String {
    let tsv = std::fs::read_to_string(repo().join("data/wikidata.tsv")).unwrap();
    let qid = tsv
        .lines()
        .filter(|line| !line.starts_with('#'))
        .map(|line| line.split('\t').collect::<Vec<_>>())
        .find(|fields| fields[0] == code)
        .unwrap_or_else(|| panic!("no row for {code} in data/wikidata.tsv"))[2]
        .to_string();
    format!("{WIKIDATA_ENTITY}{qid}")
}

/// What the stand-in answers to any query: P442 values as Wikidata writes
/// them (with spaces, without trailing zeros) for 浙江省 (our table's item),
/// 舟山市 (another item), 嵊泗县 (a county we link to nothing) and a code no
/// division has.
fn fixed_answer() -> String {
    let binding = |item: &str, p442: &str, label: &str| {
        serde_json::json!({
            "item": { "type": "uri", "value": item },
            "p442": { "type": "literal", "value": p442 },
            "wikidataLabel": { "type": "literal", "value": label, "xml:lang": "zh-hans" },
        })
    };
    serde_json::json!({
        "head": { "vars": ["item", "p442", "wikidataLabel"] },
        "results": { "bindings": [
            binding(&table_item("330000"), "33", "浙江省"),
            binding(OTHER_ITEM, "33 09", "舟山市"),
            binding("http://example.org/stand-in/shengsi", "33 09 22", "嵊泗县"),
            binding("http://example.org/stand-in/nowhere", "99 99", "无此地"),
        ] }
    })
    .to_string()
}

/// The query text of a SPARQL 1.1 Protocol request: `?query=` of a GET, a
/// form POST's `query=`, or a `application/sparql-query` body.
fn remote_query(request: &Received) -> String {
    let decode = |encoded: &str| {
        let bytes = encoded.replace('+', " ");
        let mut out = Vec::new();
        let mut iter = bytes.bytes();
        while let Some(b) = iter.next() {
            if b == b'%' {
                let hex: String = [iter.next().unwrap(), iter.next().unwrap()]
                    .iter()
                    .map(|&c| c as char)
                    .collect();
                out.push(u8::from_str_radix(&hex, 16).unwrap());
            } else {
                out.push(b);
            }
        }
        String::from_utf8(out).unwrap()
    };
    let from_form = |form: &str| {
        form.split('&')
            .find_map(|pair| pair.strip_prefix("query="))
            .map(decode)
    };
    let content_type = request.headers.get("content-type").map(String::as_str);
    if request.request_line.starts_with("GET ") {
        let target = request.request_line.split(' ').nth(1).unwrap();
        let query = target.split_once('?').map(|(_, q)| q).unwrap_or_default();
        return from_form(query).expect("a GET with ?query=");
    }
    match content_type {
        Some(t) if t.starts_with("application/sparql-query") => request.body.clone(),
        Some(t) if t.starts_with("application/x-www-form-urlencoded") => {
            from_form(&request.body).expect("a form with query=")
        }
        other => panic!("unexpected request {other:?}: {request:#?}"),
    }
}

/// Runs `edupol query @file --format json` on the sample store, killing it
/// after the deadline; returns the parsed SPARQL JSON results.
fn run_query(file: &std::path::Path) -> serde_json::Value {
    let store = corpus_store();
    let mut child = command(&["query", &format!("@{}", file.display()), "--format", "json"])
        .arg("--store")
        .arg(store)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the edupol binary runs");
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > DEADLINE {
            child.kill().ok();
            panic!("the query did not finish in {DEADLINE:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "edupol query failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("SPARQL JSON results")
}

#[test]
fn the_saved_query_joins_the_service_answer_to_our_places_by_p442() {
    let saved = std::fs::read_to_string(repo().join("queries/federated_wikidata.rq")).unwrap();
    assert_eq!(
        saved
            .matches(&format!("SERVICE <{WIKIDATA_SERVICE}>"))
            .count(),
        1,
        "the saved query asks the Wikidata Query Service once"
    );
    // The saved query, calling the stand-in instead of Wikidata.
    let stand_in = StandIn::start(fixed_answer());
    let local = saved.replace(WIKIDATA_SERVICE, &stand_in.url());
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("federated.rq");
    std::fs::write(&file, &local).unwrap();
    let results = run_query(&file);
    let received = stand_in.finish();

    // One request, by the SPARQL 1.1 Protocol, asking Wikidata's side only
    // (wdt:P442, no term of ours).
    assert_eq!(received.len(), 1, "{received:#?}");
    let request = &received[0];
    let remote = remote_query(request);
    assert!(
        remote.contains("<http://www.wikidata.org/prop/direct/P442>"),
        "{remote}"
    );
    assert!(!remote.contains("w3id.org/edupol"), "{remote}");
    assert!(
        oxigraph::sparql::SparqlEvaluator::new()
            .parse_query(&remote)
            .is_ok(),
        "{remote}"
    );

    // The projection is the header's `# columns:`.
    let columns: Vec<String> = saved
        .lines()
        .find_map(|l| l.strip_prefix("# columns:"))
        .unwrap()
        .split(',')
        .map(|c| c.trim().to_string())
        .collect();
    let vars: Vec<String> = results["head"]["vars"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    assert_eq!(vars, columns);

    // Each P442 value met the division of its code ("33 09 22" → 330922);
    // "99 99" met none. agrees: the item is our owl:sameAs (浙江省), another
    // item (舟山市), or empty where we link none (嵊泗县, a county).
    let value = |row: &serde_json::Value, var: &str| {
        row[var]["value"].as_str().unwrap_or_default().to_string()
    };
    let bindings = results["results"]["bindings"].as_array().unwrap();
    let rows: Vec<Vec<String>> = bindings
        .iter()
        .map(|row| {
            [
                "place",
                "level",
                "divisionCode",
                "p442",
                "item",
                "sameAs",
                "agrees",
            ]
            .iter()
            .map(|var| value(row, var))
            .collect()
        })
        .collect();
    let zhejiang = table_item("330000");
    let zhoushan = table_item("330900");
    let expected: Vec<Vec<String>> = [
        [
            "浙江省",
            "Province",
            "330000",
            "33",
            &zhejiang,
            &zhejiang,
            "true",
        ],
        [
            "舟山市",
            "City",
            "330900",
            "33 09",
            OTHER_ITEM,
            &zhoushan,
            "false",
        ],
        [
            "嵊泗县",
            "County",
            "330922",
            "33 09 22",
            "http://example.org/stand-in/shengsi",
            "",
            "",
        ],
    ]
    .iter()
    .map(|row| row.iter().map(|s| s.to_string()).collect())
    .collect();
    assert_eq!(rows, expected);
    assert!(bindings
        .iter()
        .all(|row| value(row, "wikidataLabel") == value(row, "place")));
}
