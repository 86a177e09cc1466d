//! `build --endpoint` and `push` against real servers on loopback.
//!
//! * Oxigraph's own server (`pip install oxigraph` gives the `oxigraph`
//!   command; `.ci/setup` installs it): the remote dataset, read back with
//!   SPARQL over HTTP, equals the local store's, after a build, a rebuild
//!   (nothing sent), a changed document (only what changed sent), a pruned
//!   one (removed), with either protocol; and a server killed mid-push fails
//!   the run, whose rerun completes it without duplicates.
//! * A stand-in server that answers with scripted statuses: credentials are
//!   sent and never printed, busy answers are retried, refusals reported.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::dataset::{CanonicalizationAlgorithm, Dataset};
use oxigraph::model::{GraphName, NamedOrBlankNode, Quad, Term};
use oxigraph::sparql::results::{
    QueryResultsFormat, QueryResultsParser, ReaderQueryResultsParserOutput,
};

use common::{assert_success, command, repo};

/// The `oxigraph` command (PyPI's `oxigraph` package): $EDUPOL_OXIGRAPH, on
/// the PATH, or in the scripts folder of `python3`'s packages.
fn oxigraph_command() -> PathBuf {
    let runs = |path: &Path| {
        Command::new(path)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    };
    let scripts = || {
        let out = Command::new("python3")
            .args([
                "-c",
                "import sysconfig; print(sysconfig.get_path('scripts'))",
            ])
            .output()
            .ok()?;
        Some(Path::new(String::from_utf8(out.stdout).ok()?.trim()).join("oxigraph"))
    };
    let candidates = [
        std::env::var_os("EDUPOL_OXIGRAPH").map(PathBuf::from),
        Some(PathBuf::from("oxigraph")),
        scripts(),
    ];
    candidates
        .into_iter()
        .flatten()
        .find(|path| runs(path))
        .expect(
            "the `oxigraph` server command is missing: `pip install oxigraph==0.5.13` (as \
             .ci/setup does), or set EDUPOL_OXIGRAPH to its path",
        )
}

/// A free loopback port (free a moment ago).
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `oxigraph serve` on a loopback port, killed when dropped.
struct OxigraphServer {
    child: Child,
    location: PathBuf,
    port: u16,
}

impl OxigraphServer {
    fn start(location: &Path) -> OxigraphServer {
        OxigraphServer::start_on(location, free_port())
    }

    fn start_on(location: &Path, port: u16) -> OxigraphServer {
        let child = Command::new(oxigraph_command())
            .args(["serve", "--location"])
            .arg(location)
            .args(["--bind", &format!("127.0.0.1:{port}")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("oxigraph serve starts");
        let server = OxigraphServer {
            child,
            location: location.to_path_buf(),
            port,
        };
        let deadline = Instant::now() + Duration::from_secs(60);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "oxigraph serve did not listen within 60 s"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        server
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}/{path}", self.port)
    }

    /// Kills the server at once (SIGKILL), as a crash or a pulled plug.
    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Every quad on the server, read with a SPARQL query over HTTP.
    fn dataset(&self) -> Dataset {
        let response = ureq::post(self.url("query"))
            .header("Accept", "application/sparql-results+json")
            .content_type("application/sparql-query")
            .send("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
            .expect("the server answers the query");
        canonical(
            quads_of_results(response.into_body().into_reader())
                .into_iter()
                .collect(),
        )
    }
}

impl Drop for OxigraphServer {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Blank nodes named by content (the ontology's lists get new names on the
/// server), so that equal datasets compare equal.
fn canonical(mut dataset: Dataset) -> Dataset {
    dataset.canonicalize(CanonicalizationAlgorithm::Unstable);
    dataset
}

/// The local store's dataset, from `edupol export --format nquads`.
fn local_dataset(store: &Path) -> Dataset {
    let out = command(&["export", "--format", "nquads", "--store"])
        .arg(store)
        .output()
        .unwrap();
    assert_success(&out, "export failed");
    let quads = RdfParser::from_format(RdfFormat::NQuads)
        .for_slice(&out.stdout)
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    canonical(quads.into_iter().collect())
}

/// The quads of a `SELECT ?s ?p ?o ?g` answered as SPARQL JSON results.
fn quads_of_results(json: impl Read) -> Vec<Quad> {
    let ReaderQueryResultsParserOutput::Solutions(solutions) =
        QueryResultsParser::from_format(QueryResultsFormat::Json)
            .for_reader(json)
            .unwrap()
    else {
        panic!("a SELECT gives solutions");
    };
    solutions
        .map(|solution| {
            let solution = solution.unwrap();
            let term = |name: &str| solution.get(name).unwrap().clone();
            let subject = match term("s") {
                Term::NamedNode(n) => NamedOrBlankNode::from(n),
                Term::BlankNode(b) => NamedOrBlankNode::from(b),
                other => panic!("subject {other}"),
            };
            let (Term::NamedNode(predicate), Term::NamedNode(graph)) = (term("p"), term("g"))
            else {
                panic!("predicate and graph are IRIs");
            };
            Quad::new(subject, predicate, term("o"), GraphName::from(graph))
        })
        .collect()
}

/// Panics with the first differing quads unless `remote` equals `local`.
fn assert_equal(remote: &Dataset, local: &Dataset, when: &str) {
    let only = |a: &Dataset, b: &Dataset| -> Vec<String> {
        a.iter()
            .filter(|q| !b.contains(*q))
            .take(3)
            .map(|q| q.to_string())
            .collect()
    };
    assert!(
        remote == local,
        "{when}: the server's {} quads differ from the store's {}\nonly on the server: \
         {:#?}\nonly in the store: {:#?}",
        remote.len(),
        local.len(),
        only(remote, local),
        only(local, remote)
    );
}

/// Panics with the first differing quads unless the server holds exactly
/// the store's dataset.
fn assert_same(server: &OxigraphServer, store: &Path, when: &str) {
    let local = local_dataset(store);
    assert_equal(&server.dataset(), &local, when);
    assert!(local.len() > 10_000, "{when}: the store is nearly empty");
}

/// The JSON summary of a `--json` run that succeeded.
fn summary(out: &Output, what: &str) -> serde_json::Value {
    assert_success(out, what);
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{what}: JSON summary: {e}"))
}

/// A copy of the sample corpus that a test may change.
fn corpus_copy(dir: &Path) -> PathBuf {
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    for entry in std::fs::read_dir(repo().join("tests/corpus")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "txt") {
            std::fs::copy(&path, corpus.join(path.file_name().unwrap())).unwrap();
        }
    }
    corpus
}

fn build(corpus: &Path, store: &Path, endpoint: &str, extra: &[&str]) -> Output {
    command(&["build", "--json", "--store"])
        .arg(store)
        .arg(corpus)
        .args(["--endpoint", endpoint])
        .args(extra)
        .output()
        .unwrap()
}

fn count(value: &serde_json::Value, key: &str) -> u64 {
    value[key]
        .as_u64()
        .unwrap_or_else(|| panic!("no {key} in {value}"))
}

#[test]
fn builds_into_an_oxigraph_server_equal_the_store_and_send_only_what_changed() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus_copy(dir.path());
    let store = dir.path().join("db");
    let server = OxigraphServer::start(&dir.path().join("server"));
    let endpoint = server.url("store");

    let first = summary(&build(&corpus, &store, &endpoint, &[]), "first build");
    let graphs = count(&first["push"], "graphs_sent");
    // 4 documents, the shared entities, ontology, gazetteer, description.
    assert_eq!(graphs, 8, "{first}");
    assert_eq!(count(&first["push"], "graphs_failed"), 0);
    assert_same(&server, &store, "after the first build");

    let again = summary(&build(&corpus, &store, &endpoint, &[]), "rebuild");
    assert_eq!(count(&again["push"], "graphs_sent"), 0, "{again}");
    assert_eq!(count(&again["push"], "graphs_unchanged"), graphs);
    assert_same(&server, &store, "after a rebuild with nothing changed");

    // One document changed: it, the shared entities and the description
    // (its counts) are sent, no other document.
    let changed = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .min()
        .unwrap();
    let mut text = std::fs::read_to_string(&changed).unwrap();
    text.push_str("\n到2030年，全市新建幼儿园120所，教育部将予以支持。\n");
    std::fs::write(&changed, text).unwrap();
    let after_change = summary(
        &build(&corpus, &store, &endpoint, &[]),
        "build after a change",
    );
    let sent = count(&after_change["push"], "graphs_sent");
    assert!((1..=3).contains(&sent), "{after_change}");
    assert_eq!(count(&after_change, "files_built"), 1);
    assert_same(&server, &store, "after one document changed");

    // A document deleted and pruned: its graph leaves the server too.
    std::fs::remove_file(&changed).unwrap();
    let pruned = summary(
        &build(&corpus, &store, &endpoint, &["--prune"]),
        "build --prune",
    );
    assert_eq!(count(&pruned["push"], "graphs_removed"), 1, "{pruned}");
    assert_same(&server, &store, "after a document was pruned");
}

#[test]
fn push_with_sparql_update_in_small_batches_equals_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("db");
    common::build_corpus(&store);
    let server = OxigraphServer::start(&dir.path().join("server"));
    let out = command(&[
        "push",
        "--json",
        "--protocol",
        "update",
        "--max-request",
        "32K",
    ])
    .args(["--endpoint", &server.url("update"), "--store"])
    .arg(&store)
    .output()
    .unwrap();
    let pushed = summary(&out, "push --protocol update");
    assert_eq!(count(&pushed, "graphs_sent"), 8);
    // The gazetteer alone is megabytes: batches.
    assert!(count(&pushed, "requests") > 50, "{pushed}");
    assert_same(&server, &store, "after a push with SPARQL Update");

    // --force sends everything again; the server holds the same.
    let out = command(&["push", "--json", "--force", "--protocol", "update"])
        .args(["--endpoint", &server.url("update"), "--store"])
        .arg(&store)
        .output()
        .unwrap();
    assert_eq!(count(&summary(&out, "push --force"), "graphs_sent"), 8);
    assert_same(&server, &store, "after push --force");
}

#[test]
fn a_server_killed_mid_push_fails_the_run_and_the_rerun_completes_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("db");
    common::build_corpus(&store);
    let location = dir.path().join("server");
    let mut server = OxigraphServer::start(&location);
    let endpoint = server.url("store");
    // One connection and small requests: the push takes hundreds of
    // requests, and the server is killed once the first graph is written.
    let mut push = command(&["push", "--connections", "1", "--max-request", "4K"])
        .args([
            "--retries",
            "1",
            "--retry-wait",
            "50",
            "--endpoint",
            &endpoint,
            "--store",
        ])
        .arg(&store)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let ledger_dir = store.join("edupol-remote");
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let written = std::fs::read_dir(&ledger_dir)
            .into_iter()
            .flatten()
            .filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
            .map(|text| text.matches("\"v\":").count())
            .sum::<usize>();
        if written >= 1 {
            break;
        }
        assert!(Instant::now() < deadline, "no graph written within 60 s");
        std::thread::sleep(Duration::from_millis(5));
    }
    server.kill();
    let mut stderr = String::new();
    push.stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = push.wait().unwrap();
    assert_eq!(status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("could not be written"), "{stderr}");
    assert!(
        stderr.contains("not written: https://w3id.org/edupol/"),
        "{stderr}"
    );

    // The server back (same data folder, same port): the same command
    // completes the job; PUT replaced any graph cut off halfway.
    let server = OxigraphServer::start_on(&server.location.clone(), server.port);
    let out = command(&["push", "--json", "--endpoint", &endpoint, "--store"])
        .arg(&store)
        .output()
        .unwrap();
    let rerun = summary(&out, "push after the server came back");
    assert!(count(&rerun, "graphs_sent") >= 1, "{rerun}");
    assert!(count(&rerun, "graphs_unchanged") >= 1, "{rerun}");
    assert_same(&server, &store, "after the rerun");
    drop(location);
}

/// A request the stand-in received.
#[derive(Debug, Clone)]
struct Received {
    request_line: String,
    authorization: Option<String>,
}

/// A stand-in server: answers each request with the next status of
/// `script` (the last one repeating), with `Retry-After: 0` on a 503.
struct StandIn {
    port: u16,
    received: Arc<Mutex<Vec<Received>>>,
}

impl StandIn {
    fn start(script: &[u16]) -> StandIn {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let received = Arc::new(Mutex::new(Vec::new()));
        let (log, script) = (Arc::clone(&received), script.to_vec());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let n = log.lock().unwrap().len();
                let status = script[n.min(script.len() - 1)];
                if let Some(request) = answer(stream, status) {
                    log.lock().unwrap().push(request);
                }
            }
        });
        StandIn { port, received }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}/store", self.port)
    }

    fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

/// Reads one request and answers `status`, closing the connection.
fn answer(stream: TcpStream, status: u16) -> Option<Received> {
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line).ok()?;
    let (mut length, mut authorization) = (0usize, None);
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).ok()?;
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':')?;
        match name.to_ascii_lowercase().as_str() {
            "content-length" => length = value.trim().parse().ok()?,
            "authorization" => authorization = Some(value.trim().to_string()),
            _ => {}
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    let extra = if status == 503 {
        "Retry-After: 0\r\n"
    } else {
        ""
    };
    let mut stream = stream;
    write!(
        stream,
        "HTTP/1.1 {status} Scripted\r\n{extra}Content-Length: 0\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    Some(Received {
        request_line: request_line.trim_end().to_string(),
        authorization,
    })
}

const SECRET: &str = "pa55-w0rd-xyz";

#[test]
fn credentials_are_sent_and_never_printed() {
    let store = common::corpus_store();
    let stand_in = StandIn::start(&[204]);
    let out = command(&["push", "--json", "--force", "--connections", "1"])
        .args(["--endpoint", &stand_in.url(), "--store"])
        .arg(store)
        .env("EDUPOL_USER", "analyst")
        .env("EDUPOL_PASSWORD", SECRET)
        .output()
        .unwrap();
    let pushed = summary(&out, "push with credentials");
    assert_eq!(count(&pushed, "graphs_sent"), 8);
    let received = stand_in.received();
    assert_eq!(received.len(), 8);
    // base64("analyst:pa55-w0rd-xyz")
    let expected = "Basic YW5hbHlzdDpwYTU1LXcwcmQteHl6";
    assert!(received
        .iter()
        .all(|r| r.authorization.as_deref() == Some(expected)));
    assert!(received[0]
        .request_line
        .starts_with("PUT /store?graph=https%3A%2F%2Fw3id"));

    // Refused credentials, given in the URL this time: reported, exit 1,
    // the rest not even tried, and the password nowhere in the output.
    let refusing = StandIn::start(&[401]);
    let url = refusing
        .url()
        .replace("http://", &format!("http://analyst:{SECRET}@"));
    let out = command(&["push", "--force", "--endpoint", &url, "--store"])
        .arg(store)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!printed.contains(SECRET), "{printed}");
    assert!(printed.contains("answered 401"), "{printed}");
    assert!(printed.contains("check the credentials"), "{printed}");
    assert!(
        refusing.received().len() <= 4,
        "every graph was tried: {printed}"
    );

    // A bearer token from the environment; --help never shows its value.
    let bearer = StandIn::start(&[204]);
    let out = command(&[
        "push",
        "--force",
        "--quiet",
        "--endpoint",
        &bearer.url(),
        "--store",
    ])
    .arg(store)
    .env("EDUPOL_TOKEN", SECRET)
    .output()
    .unwrap();
    assert_success(&out, "push with a token");
    let expected = format!("Bearer {SECRET}");
    assert!(bearer
        .received()
        .iter()
        .all(|r| r.authorization.as_deref() == Some(expected.as_str())));
    let help = command(&["push", "--help"])
        .env("EDUPOL_TOKEN", SECRET)
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&help.stdout).contains(SECRET));
}

#[test]
fn a_busy_server_is_tried_again_and_a_broken_one_reported() {
    let store = common::corpus_store();
    // Two 503s, then success: retried, everything written.
    let busy = StandIn::start(&[503, 503, 204]);
    let out = command(&["push", "--json", "--force", "--connections", "1"])
        .args(["--retry-wait", "10", "--endpoint", &busy.url(), "--store"])
        .arg(store)
        .output()
        .unwrap();
    let pushed = summary(&out, "push to a busy server");
    assert_eq!(count(&pushed, "graphs_sent"), 8);
    assert_eq!(count(&pushed, "retries"), 2);
    assert_eq!(count(&pushed, "graphs_retried"), 1);

    // Always 500: every graph fails after its retries, exit 1, each named.
    let broken = StandIn::start(&[500]);
    let out = command(&["push", "--force", "--retries", "1", "--retry-wait", "10"])
        .args(["--endpoint", &broken.url(), "--store"])
        .arg(store)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.matches("not written: ").count(), 8, "{stderr}");
    assert!(
        stderr.contains("8 graph(s) could not be written"),
        "{stderr}"
    );
}

#[test]
fn wrong_endpoints_and_flags_are_usage_errors() {
    let store = common::corpus_store();
    let cases: [&[&str]; 4] = [
        &["push", "--endpoint", "ftp://host/store"],
        &["push", "--endpoint", "localhost:7878/store"],
        &[
            "push",
            "--endpoint",
            "http://h/store",
            "--max-request",
            "12X",
        ],
        &["build", "tests/corpus", "--protocol", "update"],
    ];
    for args in cases {
        let out = command(args).arg("--store").arg(store).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out = command(&["push", "--endpoint", "http://h/store", "--store"])
        .arg(store)
        .env("EDUPOL_USER", "analyst")
        .env_remove("EDUPOL_PASSWORD")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("EDUPOL_PASSWORD"));
}

/// A throwaway Virtuoso (Debian's virtuoso-opensource) started and stopped
/// by scripts/virtuoso.sh, which `.ci/setup` installs.
struct Virtuoso {
    dir: PathBuf,
    sparql: String,
    graph_store: String,
}

impl Virtuoso {
    fn start(dir: &Path) -> Virtuoso {
        let script = repo().join("scripts/virtuoso.sh");
        let out = Command::new("bash")
            .arg(&script)
            .arg("start")
            .arg(dir)
            .arg(free_port().to_string())
            .arg(free_port().to_string())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "scripts/virtuoso.sh start failed (is virtuoso-opensource installed? .ci/setup \
             installs it): {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let printed = String::from_utf8(out.stdout).unwrap();
        let value = |key: &str| {
            printed
                .lines()
                .find_map(|l| l.strip_prefix(key))
                .unwrap_or_else(|| panic!("no {key} in {printed}"))
                .to_string()
        };
        Virtuoso {
            dir: dir.to_path_buf(),
            sparql: value("SPARQL_ENDPOINT="),
            graph_store: value("GSP_ENDPOINT="),
        }
    }

    /// edupol's graphs on the server, read with SPARQL, in the form
    /// [`virtuoso_form`] gives.
    fn dataset(&self) -> Dataset {
        let query = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } \
                     FILTER(STRSTARTS(STR(?g), \"https://w3id.org/edupol/\")) }";
        let response = ureq::post(&self.sparql)
            .header("Accept", "application/sparql-results+json")
            .send_form([("query", query)])
            .expect("Virtuoso answers the query");
        let json = response
            .into_body()
            .with_config()
            .limit(1 << 30)
            .read_to_string()
            .unwrap()
            // Its blank nodes are "nodeID://b123": not a blank node label.
            .replace("\"nodeID://", "\"");
        virtuoso_form(quads_of_results(json.as_bytes()))
    }
}

impl Drop for Virtuoso {
    fn drop(&mut self) {
        let _ = Command::new("bash")
            .arg(repo().join("scripts/virtuoso.sh"))
            .arg("stop")
            .arg(&self.dir)
            .output();
    }
}

/// Literals as Virtuoso gives them back (numbers canonical, language tags
/// in lower case: the same values), blank nodes canonical.
fn virtuoso_form(quads: impl IntoIterator<Item = Quad>) -> Dataset {
    use oxigraph::model::vocab::xsd;
    use oxigraph::model::Literal;
    let literal = |term: Term| -> Term {
        let Term::Literal(l) = &term else {
            return term;
        };
        if let Some(language) = l.language() {
            return Literal::new_language_tagged_literal_unchecked(
                l.value(),
                language.to_ascii_lowercase(),
            )
            .into();
        }
        let value = l.value();
        let canonical = if l.datatype() == xsd::INTEGER {
            value.parse::<i64>().map(|n| n.to_string()).ok()
        } else if l.datatype() == xsd::DECIMAL && value.contains('.') {
            Some(
                value
                    .trim_end_matches('0')
                    .trim_end_matches('.')
                    .to_string(),
            )
        } else {
            None
        };
        match canonical {
            Some(c) => Literal::new_typed_literal(c, l.datatype()).into(),
            None => term,
        }
    };
    let dataset: Dataset = quads
        .into_iter()
        .map(|q| Quad::new(q.subject, q.predicate, literal(q.object), q.graph_name))
        .collect();
    canonical(dataset)
}

#[test]
fn pushes_into_virtuoso_over_both_protocols_give_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("db");
    common::build_corpus(&store);
    let virtuoso = Virtuoso::start(&dir.path().join("virtuoso"));
    let local = || {
        let local = local_dataset(&store);
        virtuoso_form(local.iter().map(|q| q.into_owned()))
    };
    let same = |when: &str| assert_equal(&virtuoso.dataset(), &local(), when);

    let out = command(&[
        "push",
        "--json",
        "--endpoint",
        &virtuoso.graph_store,
        "--store",
    ])
    .arg(&store)
    .output()
    .unwrap();
    assert_eq!(
        count(
            &summary(&out, "push to Virtuoso's Graph Store"),
            "graphs_sent"
        ),
        8
    );
    same("after a Graph Store push");

    // The same graphs again, replaced through SPARQL Update in batches.
    let out = command(&[
        "push",
        "--json",
        "--protocol",
        "update",
        "--max-request",
        "256K",
    ])
    .args(["--endpoint", &virtuoso.sparql, "--store"])
    .arg(&store)
    .output()
    .unwrap();
    let pushed = summary(&out, "push to Virtuoso's SPARQL endpoint");
    assert_eq!(count(&pushed, "graphs_sent"), 8);
    assert!(count(&pushed, "requests") > 8, "{pushed}");
    same("after a SPARQL Update push over it");
}
