//! A load test for `edupol serve`: many clients at once, each on its own
//! kept-alive connection, send a mix of the saved queries (`queries/*.rq`,
//! but none that calls SERVICE) and `/id/` pages, for a bounded time and a
//! bounded number of requests. It prints the requests served, the failures
//! (any answer but 200, or a broken connection) and the latency percentiles.
//!
//! ```sh
//! edupol build tests/corpus --store /tmp/l/db -q
//! edupol serve --store /tmp/l/db --bind 127.0.0.1:7878 &
//! cargo run --release --example load -- --addr 127.0.0.1:7878 --clients 32 --seconds 30
//! ```
//!
//! Only std: HTTP/1.1 over `TcpStream`. `tests/serve.rs` runs a short
//! version of it (4 clients for 3 s) against a server it starts.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

/// What to run.
#[derive(Debug, Clone)]
pub struct Config {
    /// `host:port` of the server.
    pub addr: String,
    /// Clients at once, each on its own connection.
    pub clients: usize,
    /// Stop sending after this long.
    pub duration: Duration,
    /// Stop sending after this many requests in all.
    pub max_requests: usize,
    /// The folder of the saved queries.
    pub queries: PathBuf,
}

/// What happened.
#[derive(Debug, Default)]
pub struct Report {
    pub served: usize,
    pub failed: usize,
    /// The first few failures, described.
    pub errors: Vec<String>,
    /// Latency of each request, sorted.
    pub latencies: Vec<Duration>,
    pub elapsed: Duration,
    /// Saved queries and `/id/` pages in the mix.
    pub queries: usize,
    pub pages: usize,
}

impl Report {
    pub fn percentile(&self, p: f64) -> Duration {
        if self.latencies.is_empty() {
            return Duration::ZERO;
        }
        let rank = ((p / 100.0) * self.latencies.len() as f64).ceil() as usize;
        self.latencies[rank.clamp(1, self.latencies.len()) - 1]
    }

    pub fn summary(&self) -> String {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        format!(
            "{} requests served, {} failed, in {:.1} s ({:.0} requests/s); mix: {} saved queries, {} /id/ pages\n\
             latency: p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
            self.served,
            self.failed,
            self.elapsed.as_secs_f64(),
            self.served as f64 / self.elapsed.as_secs_f64().max(1e-9),
            self.queries,
            self.pages,
            ms(self.percentile(50.0)),
            ms(self.percentile(90.0)),
            ms(self.percentile(99.0)),
            ms(self.latencies.last().copied().unwrap_or_default()),
        )
    }
}

/// One request of the mix.
#[derive(Debug, Clone)]
enum Job {
    Query { name: String, text: String },
    Page(String),
}

/// The saved queries of `dir`, except those that call SERVICE.
pub fn saved_queries(dir: &Path) -> std::io::Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "rq") {
            let text = std::fs::read_to_string(&path)?;
            let code: String = text
                .lines()
                .map(|l| l.split('#').next().unwrap_or(""))
                .collect::<Vec<_>>()
                .join("\n");
            if code.to_ascii_uppercase().contains("SERVICE") {
                continue;
            }
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            out.push((name, text));
        }
    }
    out.sort();
    Ok(out)
}

/// Runs the load test.
pub fn run(config: &Config) -> Result<Report, String> {
    let queries = saved_queries(&config.queries)
        .map_err(|e| format!("cannot read {}: {e}", config.queries.display()))?;
    let pages = node_pages(&config.addr)?;
    if queries.is_empty() && pages.is_empty() {
        return Err("nothing to send: no saved queries and no nodes".into());
    }
    let mut jobs: Vec<Job> = Vec::new();
    // As many pages as queries in the mix (pages are cheaper, so they come
    // round as often, not as long).
    let rounds = pages.len().max(1).div_ceil(queries.len().max(1));
    for _ in 0..rounds {
        jobs.extend(queries.iter().map(|(name, text)| Job::Query {
            name: name.clone(),
            text: text.clone(),
        }));
    }
    jobs.extend(pages.iter().cloned().map(Job::Page));
    let jobs = Arc::new(jobs);
    let sent = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let deadline = started + config.duration;
    let mut handles = Vec::new();
    for client in 0..config.clients {
        let jobs = Arc::clone(&jobs);
        let sent = Arc::clone(&sent);
        let addr = config.addr.clone();
        let max = config.max_requests;
        handles.push(thread::spawn(move || {
            let mut report = Report::default();
            let mut connection: Option<Connection> = None;
            // Clients start at different places in the mix.
            let mut next = client * 7919;
            while Instant::now() < deadline && sent.fetch_add(1, Ordering::SeqCst) < max {
                let job = &jobs[next % jobs.len()];
                next += 1;
                let begun = Instant::now();
                let result = match connection.take() {
                    Some(c) => send(c, &addr, job),
                    None => Connection::open(&addr).and_then(|c| send(c, &addr, job)),
                };
                let latency = begun.elapsed();
                match result {
                    Ok((200, c)) => {
                        report.served += 1;
                        report.latencies.push(latency);
                        connection = c;
                    }
                    Ok((status, c)) => {
                        report.failed += 1;
                        if report.errors.len() < 5 {
                            report
                                .errors
                                .push(format!("{} answered {status}", describe(job)));
                        }
                        connection = c;
                    }
                    Err(e) => {
                        report.failed += 1;
                        if report.errors.len() < 5 {
                            report.errors.push(format!("{}: {e}", describe(job)));
                        }
                    }
                }
            }
            report
        }));
    }
    let mut total = Report {
        queries: queries.len(),
        pages: pages.len(),
        ..Report::default()
    };
    for handle in handles {
        let report = handle.join().map_err(|_| "a client panicked".to_string())?;
        total.served += report.served;
        total.failed += report.failed;
        total.latencies.extend(report.latencies);
        for e in report.errors {
            if total.errors.len() < 10 {
                total.errors.push(e);
            }
        }
    }
    total.elapsed = started.elapsed();
    total.latencies.sort();
    Ok(total)
}

fn describe(job: &Job) -> String {
    match job {
        Job::Query { name, .. } => format!("query {name}"),
        Job::Page(path) => format!("page {path}"),
    }
}

/// Up to 200 `/id/` paths of nodes of the store, asked of the server.
fn node_pages(addr: &str) -> Result<Vec<String>, String> {
    const BASE: &str = "https://w3id.org/edupol/id/";
    let query = format!(
        "SELECT DISTINCT ?s WHERE {{ ?s a ?c FILTER(STRSTARTS(STR(?s), \"{BASE}\")) }} ORDER BY ?s LIMIT 200"
    );
    let job = Job::Query {
        name: "nodes".into(),
        text: query,
    };
    let connection = Connection::open(addr).map_err(|e| format!("cannot reach {addr}: {e}"))?;
    let (status, body) = exchange(connection, addr, &job, "text/csv")
        .map(|(status, body, _)| (status, body))
        .map_err(|e| format!("cannot list the nodes: {e}"))?;
    if status != 200 {
        return Err(format!("listing the nodes answered {status}"));
    }
    Ok(String::from_utf8_lossy(&body)
        .lines()
        .skip(1)
        .filter_map(|l| l.trim().strip_prefix(BASE))
        .map(|rest| format!("/id/{}", encode_path(rest)))
        .collect())
}

/// Percent-encodes what may not stand in a path as it is.
fn encode_path(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A kept-alive connection.
struct Connection {
    reader: BufReader<TcpStream>,
}

impl Connection {
    fn open(addr: &str) -> std::io::Result<Connection> {
        let stream = TcpStream::connect(addr)?;
        stream.set_read_timeout(Some(Duration::from_secs(60)))?;
        stream.set_write_timeout(Some(Duration::from_secs(60)))?;
        stream.set_nodelay(true)?;
        Ok(Connection {
            reader: BufReader::new(stream),
        })
    }
}

/// Sends one request of the mix; the connection comes back if it may be
/// used again.
fn send(
    connection: Connection,
    addr: &str,
    job: &Job,
) -> std::io::Result<(u16, Option<Connection>)> {
    let accept = match job {
        Job::Query { .. } => "application/sparql-results+json",
        Job::Page(_) => "text/html",
    };
    exchange(connection, addr, job, accept).map(|(status, _, c)| (status, c))
}

fn exchange(
    mut connection: Connection,
    addr: &str,
    job: &Job,
    accept: &str,
) -> std::io::Result<(u16, Vec<u8>, Option<Connection>)> {
    let request = match job {
        Job::Query { text, .. } => format!(
            "POST /sparql HTTP/1.1\r\nHost: {addr}\r\nAccept: {accept}\r\n\
             Content-Type: application/sparql-query\r\nContent-Length: {}\r\n\r\n{text}",
            text.len()
        ),
        Job::Page(path) => {
            format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nAccept: {accept}\r\n\r\n")
        }
    };
    connection.reader.get_mut().write_all(request.as_bytes())?;
    let reader = &mut connection.reader;
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let status: u16 = line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("not an HTTP answer: {line:?}")))?;
    let mut length: Option<usize> = None;
    let mut chunked = false;
    let mut close = false;
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Err(std::io::Error::other("the answer ended in its headers"));
        }
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            let (name, value) = (name.trim().to_ascii_lowercase(), value.trim());
            match name.as_str() {
                "content-length" => length = value.parse().ok(),
                "transfer-encoding" => chunked = value.eq_ignore_ascii_case("chunked"),
                "connection" => close = value.eq_ignore_ascii_case("close"),
                _ => {}
            }
        }
    }
    let mut body = Vec::new();
    if chunked {
        loop {
            line.clear();
            reader.read_line(&mut line)?;
            let size = usize::from_str_radix(line.trim().split(';').next().unwrap_or(""), 16)
                .map_err(|_| std::io::Error::other("a bad chunk size"))?;
            if size == 0 {
                line.clear();
                reader.read_line(&mut line)?;
                break;
            }
            let start = body.len();
            body.resize(start + size + 2, 0);
            reader.read_exact(&mut body[start..])?;
            body.truncate(start + size);
        }
    } else if let Some(n) = length {
        body.resize(n, 0);
        reader.read_exact(&mut body)?;
    } else {
        reader.read_to_end(&mut body)?;
        close = true;
    }
    Ok((status, body, (!close).then_some(connection)))
}

#[allow(dead_code)]
fn main() {
    let mut config = Config {
        addr: "127.0.0.1:7878".into(),
        clients: 32,
        duration: Duration::from_secs(30),
        max_requests: 1_000_000,
        queries: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("queries"),
    };
    let mut args = std::env::args().skip(1);
    let usage =
        "usage: load [--addr HOST:PORT] [--clients N] [--seconds S] [--requests N] [--queries DIR]";
    while let Some(flag) = args.next() {
        let mut value = || {
            args.next().unwrap_or_else(|| {
                eprintln!("{flag} needs a value\n{usage}");
                std::process::exit(2)
            })
        };
        let number = |v: String| -> usize {
            v.parse().unwrap_or_else(|_| {
                eprintln!("{v:?} is not a number\n{usage}");
                std::process::exit(2)
            })
        };
        match flag.as_str() {
            "--addr" => config.addr = value(),
            "--clients" => config.clients = number(value()).max(1),
            "--seconds" => config.duration = Duration::from_secs(number(value()) as u64),
            "--requests" => config.max_requests = number(value()),
            "--queries" => config.queries = PathBuf::from(value()),
            "-h" | "--help" => {
                println!("{usage}");
                return;
            }
            other => {
                eprintln!("unknown argument {other:?}\n{usage}");
                std::process::exit(2)
            }
        }
    }
    match run(&config) {
        Ok(report) => {
            println!(
                "{} clients, at most {} s and {} requests, against http://{}/",
                config.clients,
                config.duration.as_secs(),
                config.max_requests,
                config.addr
            );
            println!("{}", report.summary());
            for e in &report.errors {
                println!("  failure: {e}");
            }
            if report.failed > 0 {
                std::process::exit(1);
            }
        }
        Err(e) => {
            eprintln!("load: {e}");
            std::process::exit(1);
        }
    }
}
