//! Sockets to [`Request`]s and [`Reply`]s back: tiny_http accepts the
//! connections, a fixed pool of threads answers the requests (a long query
//! holds one thread, not the page), bodies are read up to a size limit, and
//! every answer allows other origins (CORS) so browser tools can query.

use std::error::Error;
use std::io::{self, Cursor, Read, Write};
use std::net::SocketAddr;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::sync::Arc;
use std::thread;

use tiny_http::{Header, Response, StatusCode};

use super::http::{Body, Method, Reply, Request};
use super::{router, App};

/// Threads that answer requests at once.
const WORKERS: usize = 16;

/// The largest request body (and URL) accepted: 1 MiB.
pub const MAX_REQUEST_BYTES: usize = 1 << 20;

/// Listens on `addr` and answers until the process ends. Fails only if it
/// cannot listen.
pub fn serve(
    app: App,
    addr: SocketAddr,
    store_path: &Path,
) -> Result<(), Box<dyn Error + Send + Sync>> {
    let server = tiny_http::Server::http(addr)?;
    let bound = server.server_addr().to_ip().unwrap_or(addr);
    // The first line of standard output; scripts and tests read the port here.
    let mut stdout = io::stdout().lock();
    let _ = writeln!(stdout, "listening on http://{bound}/");
    let _ = stdout.flush();
    drop(stdout);
    eprintln!(
        "edupol: serving {} read-only at http://{bound}/ (SPARQL endpoint: http://{bound}/sparql); Ctrl-C stops",
        store_path.display()
    );
    if !bound.ip().is_loopback() {
        eprintln!(
            "edupol: warning: {bound} is not a loopback address: anyone who can reach this machine can read the store"
        );
    }
    let server = Arc::new(server);
    let app = Arc::new(app);
    let mut workers = Vec::new();
    for i in 0..WORKERS {
        let server = Arc::clone(&server);
        let app = Arc::clone(&app);
        let worker = thread::Builder::new()
            .name(format!("edupol-http-{i}"))
            .spawn(move || loop {
                match server.recv() {
                    Ok(request) => handle(&app, request),
                    Err(e) => {
                        eprintln!("edupol: the server stopped accepting requests: {e}");
                        break;
                    }
                }
            })?;
        workers.push(worker);
    }
    for worker in workers {
        let _ = worker.join();
    }
    Ok(())
}

fn handle(app: &App, mut raw: tiny_http::Request) {
    let method = match raw.method() {
        tiny_http::Method::Get => Method::Get,
        tiny_http::Method::Head => Method::Head,
        tiny_http::Method::Post => Method::Post,
        tiny_http::Method::Options => Method::Options,
        _ => Method::Other,
    };
    let headers: Vec<(String, String)> = raw
        .headers()
        .iter()
        .map(|h| {
            (
                h.field.as_str().as_str().to_ascii_lowercase(),
                h.value.as_str().to_string(),
            )
        })
        .collect();
    if method == Method::Options {
        respond(raw, preflight(&headers));
        return;
    }
    if raw.url().len() > MAX_REQUEST_BYTES {
        respond(
            raw,
            Reply::text(
                414,
                "the URL is longer than 1 MiB; send long queries by POST instead",
            ),
        );
        return;
    }
    if method != Method::Post && raw.body_length().is_some_and(|n| n > MAX_REQUEST_BYTES) {
        let reply = Reply::text(
            413,
            "the request body is larger than 1 MiB, the server's limit",
        )
        .with_header("Connection", "close");
        let _ = thread::Builder::new()
            .name("edupol-http-refuse".into())
            .spawn(move || respond(raw, reply));
        return;
    }
    let body = if method == Method::Post {
        match read_body(&mut raw) {
            Ok(body) => body,
            Err(reply) => {
                // The rest of an oversized body may still be arriving: answer
                // from a thread of its own so that draining it holds no worker.
                let _ = thread::Builder::new()
                    .name("edupol-http-refuse".into())
                    .spawn(move || respond(raw, reply));
                return;
            }
        }
    } else {
        Vec::new()
    };
    let (path, query) = raw.url().split_once('?').unwrap_or((raw.url(), ""));
    let request = Request {
        method,
        path: path.to_string(),
        query: query.to_string(),
        headers,
        body,
    };
    let reply = catch_unwind(AssertUnwindSafe(|| router::route(app, &request))).unwrap_or_else(
        |_| {
            Reply::text(
                500,
                "internal error while answering this request (a bug in edupol; please report it with the request)",
            )
        },
    );
    if reply.status >= 500 {
        eprintln!(
            "edupol: {} {} answered {}",
            raw.method(),
            raw.url(),
            reply.status
        );
    }
    respond(raw, reply);
}

/// The body, unless it is larger than [`MAX_REQUEST_BYTES`] (413).
fn read_body(raw: &mut tiny_http::Request) -> Result<Vec<u8>, Reply> {
    let too_large = || {
        Reply::text(
            413,
            "the request body is larger than 1 MiB, the server's limit; send a shorter query",
        )
        .with_header("Connection", "close")
    };
    if raw.body_length().is_some_and(|n| n > MAX_REQUEST_BYTES) {
        return Err(too_large());
    }
    let mut body = Vec::new();
    raw.as_reader()
        .take(MAX_REQUEST_BYTES as u64 + 1)
        .read_to_end(&mut body)
        .map_err(|e| Reply::text(400, format!("cannot read the request body: {e}")))?;
    if body.len() > MAX_REQUEST_BYTES {
        return Err(too_large());
    }
    Ok(body)
}

/// The answer to a CORS preflight: any origin may GET and POST.
fn preflight(headers: &[(String, String)]) -> Reply {
    let requested = headers
        .iter()
        .find(|(n, _)| n == "access-control-request-headers")
        .map(|(_, v)| v.as_str())
        .filter(|v| {
            v.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_, ".contains(&b))
        })
        .unwrap_or("Accept, Content-Type");
    Reply {
        status: 204,
        headers: vec![
            ("Allow", "GET, HEAD, POST, OPTIONS".into()),
            (
                "Access-Control-Allow-Methods",
                "GET, HEAD, POST, OPTIONS".into(),
            ),
            ("Access-Control-Allow-Headers", requested.into()),
            ("Access-Control-Max-Age", "86400".into()),
        ],
        body: Body::Bytes(Vec::new()),
    }
}

fn respond(raw: tiny_http::Request, reply: Reply) {
    // Answers depend on Accept; caches must not mix them up.
    let mut headers = vec![
        header("Access-Control-Allow-Origin", "*"),
        header("Vary", "Accept"),
    ];
    headers.extend(
        reply
            .headers
            .iter()
            .filter_map(|(n, v)| Header::from_bytes(n.as_bytes(), v.as_bytes()).ok()),
    );
    let status = StatusCode(reply.status);
    let response = match reply.body {
        Body::Bytes(bytes) => {
            let len = bytes.len();
            Response::new(
                status,
                headers,
                Box::new(Cursor::new(bytes)) as Box<dyn Read + Send>,
                Some(len),
                None,
            )
        }
        Body::Stream(reader) => Response::new(status, headers, reader, None, None),
    };
    // An error here means the client went away; there is no one to tell.
    let _ = raw.respond(response);
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("a valid header")
}
