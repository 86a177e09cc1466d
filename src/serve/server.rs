//! Sockets to [`Request`]s and [`Reply`]s back: a small HTTP/1.1 server on
//! std's `TcpListener`, written for this endpoint so that every limit is ours.
//!
//! - One thread per connection, at most [`MAX_CONNECTIONS`] at once; past
//!   that a new connection gets 503 at once and is closed. A long query holds
//!   its connection's thread, never the others.
//! - The request line (the URL) is at most [`MAX_URL_BYTES`] (414), the
//!   headers at most [`MAX_HEADER_BYTES`] and [`MAX_HEADERS`] lines (431),
//!   the body at most [`MAX_REQUEST_BYTES`] (413), and the head must arrive
//!   within [`HEAD_TIMEOUT`] (408), so a slow or endless request cannot hold
//!   memory or a thread for long.
//! - Anything that is not HTTP/1.0 or 1.1 gets 400 (505 for other versions)
//!   with a message, and the connection is closed.
//! - Keep-alive, `Expect: 100-continue`, chunked request bodies, chunked
//!   streamed answers; `HEAD` gets the headers only.
//! - Every answer allows other origins (CORS) so browser tools can query;
//!   `OPTIONS` preflights are answered here.
//! - A route that panics gives 500, never a dead connection thread; error
//!   bodies never name the store's folder.

use std::error::Error;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use super::http::{Body, Method, Reply, Request};
use super::{router, App};

/// Connections served at once; one thread each.
pub const MAX_CONNECTIONS: usize = 256;

/// The largest request body accepted: 1 MiB (413).
pub const MAX_REQUEST_BYTES: usize = 1 << 20;

/// The longest request line (method, URL, version): 64 KiB (414). Longer
/// queries are sent by POST.
pub const MAX_URL_BYTES: usize = 64 << 10;

/// The most header bytes (all lines together) and header lines (431).
pub const MAX_HEADER_BYTES: usize = 64 << 10;
pub const MAX_HEADERS: usize = 100;

/// The whole head of a request (request line and headers) must arrive within
/// this time once its first byte has; the body within [`BODY_TIMEOUT`].
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
pub const BODY_TIMEOUT: Duration = Duration::from_secs(30);

/// How long an idle kept-alive connection waits for its next request.
const IDLE_TIMEOUT: Duration = Duration::from_secs(15);

/// How long a write may wait for a client that does not read.
const WRITE_TIMEOUT: Duration = Duration::from_secs(60);

/// Requests answered on one connection before it is closed.
const MAX_REQUESTS_PER_CONNECTION: usize = 10_000;

/// Listens on `addr` and answers until the process ends. Fails only if it
/// cannot listen.
pub fn serve(
    app: App,
    addr: SocketAddr,
    store_path: &Path,
) -> Result<(), Box<dyn Error + Send + Sync>> {
    let listener = TcpListener::bind(addr)?;
    let bound = listener.local_addr()?;
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
    let shared = Arc::new(Shared {
        app,
        hidden: hidden_paths(store_path),
        open: AtomicUsize::new(0),
    });
    let mut last_error: Option<Instant> = None;
    for stream in listener.incoming() {
        let stream = match stream {
            Ok(stream) => stream,
            Err(e) => {
                // Out of file descriptors, or a connection reset before it was
                // accepted: say so (once a second at most) and go on.
                if last_error.is_none_or(|t| t.elapsed() > Duration::from_secs(1)) {
                    eprintln!("edupol: cannot accept a connection: {e}");
                    last_error = Some(Instant::now());
                }
                thread::sleep(Duration::from_millis(10));
                continue;
            }
        };
        if shared.open.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            shared.open.fetch_sub(1, Ordering::SeqCst);
            refuse_busy(stream);
            continue;
        }
        let guard = OpenGuard(Arc::clone(&shared));
        let spawned = thread::Builder::new()
            .name("edupol-http".into())
            .spawn(move || {
                let shared = &guard.0;
                connection(shared, stream);
            });
        if let Err(e) = spawned {
            // The guard moved into the closure was dropped with it.
            eprintln!("edupol: cannot start a thread for a connection: {e}");
        }
    }
    Ok(())
}

/// What every connection thread shares.
struct Shared {
    app: App,
    /// Paths that must not reach a client (the store's folder).
    hidden: Vec<String>,
    /// Connections open now.
    open: AtomicUsize,
}

/// Counts a connection as closed when its thread ends, panic or not.
struct OpenGuard(Arc<Shared>);

impl Drop for OpenGuard {
    fn drop(&mut self) {
        self.0.open.fetch_sub(1, Ordering::SeqCst);
    }
}

/// 503 to a connection over [`MAX_CONNECTIONS`], without blocking the
/// accepting thread.
fn refuse_busy(stream: TcpStream) {
    let body = "the server is answering as many connections as it allows; try again in a moment\n";
    let answer = format!(
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n\
         Content-Length: {}\r\nRetry-After: 1\r\nAccess-Control-Allow-Origin: *\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.set_nonblocking(true);
    let _ = (&stream).write_all(answer.as_bytes());
    let _ = stream.shutdown(Shutdown::Both);
}

/// The store's folder as given and as the file system names it: error
/// messages from the store may contain either.
fn hidden_paths(store: &Path) -> Vec<String> {
    let mut paths = vec![store.display().to_string()];
    if let Ok(canonical) = store.canonicalize() {
        paths.push(canonical.display().to_string());
    }
    if let Ok(absolute) = std::path::absolute(store) {
        paths.push(absolute.display().to_string());
    }
    // Longest first, so that a longer form is replaced whole.
    paths.sort_by_key(|p| std::cmp::Reverse(p.len()));
    paths.dedup();
    paths.retain(|p| !p.is_empty() && p != "." && p != "/");
    paths
}

/// Replaces the store's folder in an error body by "the store".
fn redact(hidden: &[String], reply: &mut Reply) {
    if reply.status < 400 {
        return;
    }
    if let Body::Bytes(bytes) = &mut reply.body {
        let Ok(text) = std::str::from_utf8(bytes) else {
            return;
        };
        if hidden.iter().any(|p| text.contains(p.as_str())) {
            let mut text = text.to_string();
            for p in hidden {
                text = text.replace(p.as_str(), "the store");
            }
            *bytes = text.into_bytes();
        }
    }
}

/// Why a request could not be read.
enum ReadFailure {
    /// The connection ended, or stayed idle, between requests: close quietly.
    Closed,
    /// Answer this, then close (the stream is no longer in step).
    Answer(Reply),
}

/// The head of a request, as read.
struct Head {
    method: Method,
    method_name: String,
    target: String,
    http10: bool,
    /// Names in lower case.
    headers: Vec<(String, String)>,
}

impl Head {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn has_token(&self, name: &str, token: &str) -> bool {
        self.headers
            .iter()
            .filter(|(n, _)| n == name)
            .flat_map(|(_, v)| v.split(','))
            .any(|t| t.trim().eq_ignore_ascii_case(token))
    }
}

fn connection(shared: &Shared, stream: TcpStream) {
    let _ = stream.set_nodelay(true);
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let Ok(read_half) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::with_capacity(16 << 10, read_half);
    for served in 0..MAX_REQUESTS_PER_CONNECTION {
        let idle = if served == 0 {
            HEAD_TIMEOUT
        } else {
            IDLE_TIMEOUT
        };
        let head = match read_head(&mut reader, idle) {
            Ok(head) => head,
            Err(ReadFailure::Closed) => return,
            Err(ReadFailure::Answer(reply)) => {
                let _ = write_reply(&stream, reply, false, false, true, shared);
                linger(&stream, &mut reader);
                return;
            }
        };
        let head_only = head.method == Method::Head;
        let mut close = head.has_token("connection", "close")
            || (head.http10 && !head.has_token("connection", "keep-alive"))
            || served + 1 == MAX_REQUESTS_PER_CONNECTION;
        let body = match read_body(&mut reader, &stream, &head) {
            Ok(body) => body,
            Err(reply) => {
                let _ = write_reply(&stream, reply, head.http10, head_only, true, shared);
                linger(&stream, &mut reader);
                return;
            }
        };
        let reply = answer(&shared.app, &head, body);
        close |= reply
            .header("Connection")
            .is_some_and(|v| v.eq_ignore_ascii_case("close"));
        if write_reply(&stream, reply, head.http10, head_only, close, shared).is_err() || close {
            let _ = stream.shutdown(Shutdown::Write);
            return;
        }
    }
}

/// The route's reply to a request whose head and body were read.
fn answer(app: &App, head: &Head, body: Vec<u8>) -> Reply {
    if head.method == Method::Options {
        return preflight(&head.headers);
    }
    let target = origin_form(&head.target);
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let request = Request {
        method: head.method,
        path: path.to_string(),
        query: query.to_string(),
        headers: head.headers.clone(),
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
            head.method_name,
            // the log line stays one line and short
            head.target.chars().take(300).collect::<String>(),
            reply.status
        );
    }
    reply
}

/// `/path?query` from a request target, also when a client sent the absolute
/// form (`http://host/path`).
fn origin_form(target: &str) -> &str {
    for scheme in ["http://", "https://"] {
        if let Some(rest) = target.strip_prefix(scheme) {
            return rest.find('/').map_or("/", |i| &rest[i..]);
        }
    }
    target
}

/// Reads the request line and the headers, within the limits.
fn read_head(reader: &mut BufReader<TcpStream>, idle: Duration) -> Result<Head, ReadFailure> {
    // Wait for the first byte (a client may open a connection and send later).
    let _ = reader.get_ref().set_read_timeout(Some(idle));
    match reader.fill_buf() {
        Ok([]) | Err(_) => return Err(ReadFailure::Closed),
        Ok(_) => {}
    }
    let deadline = Instant::now() + HEAD_TIMEOUT;
    // Empty lines before a request are ignored (RFC 9112, 2.2).
    let mut line = Vec::new();
    for _ in 0..8 {
        line.clear();
        read_line(reader, &mut line, MAX_URL_BYTES, deadline).map_err(|e| match e {
            LineError::TooLong => ReadFailure::Answer(Reply::text(
                414,
                format!(
                    "the request line (the URL) is longer than {} KiB, the server's limit; \
                     send long queries by POST instead",
                    MAX_URL_BYTES >> 10
                ),
            )),
            e => e.failure(),
        })?;
        if !line.is_empty() {
            break;
        }
    }
    let bad = |message: &str| ReadFailure::Answer(Reply::text(400, message));
    let line = std::str::from_utf8(&line)
        .map_err(|_| bad("the request line is not text; this server speaks HTTP/1.1"))?;
    let mut parts = line.split(' ');
    let (Some(method_name), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad(
            "the request line is not `METHOD /path HTTP/1.1`; this server speaks HTTP/1.1",
        ));
    };
    let http10 = match version {
        "HTTP/1.1" => false,
        "HTTP/1.0" => true,
        v if v.starts_with("HTTP/") => {
            return Err(ReadFailure::Answer(Reply::text(
                505,
                "this server speaks HTTP/1.0 and HTTP/1.1 only",
            )))
        }
        _ => {
            return Err(bad(
                "the request line does not end with HTTP/1.1; this server speaks HTTP/1.1",
            ))
        }
    };
    if method_name.is_empty() || !method_name.bytes().all(is_token_byte) {
        return Err(bad("the method of the request is not a word such as GET"));
    }
    let target_ok = target.starts_with('/')
        || target.starts_with("http://")
        || target.starts_with("https://")
        || (target == "*" && method_name == "OPTIONS");
    if !target_ok || target.bytes().any(|b| b.is_ascii_control()) {
        return Err(bad(
            "the request target is not a path such as /sparql?query=…",
        ));
    }
    let method = match method_name {
        "GET" => Method::Get,
        "HEAD" => Method::Head,
        "POST" => Method::Post,
        "OPTIONS" => Method::Options,
        _ => Method::Other,
    };
    let mut headers = Vec::new();
    let mut header_bytes = 0usize;
    let too_large = || {
        ReadFailure::Answer(Reply::text(
            431,
            format!(
                "the request headers are larger than the server's limit ({MAX_HEADERS} lines, {} KiB in all)",
                MAX_HEADER_BYTES >> 10
            ),
        ))
    };
    loop {
        let mut line = Vec::new();
        let room = MAX_HEADER_BYTES.saturating_sub(header_bytes);
        read_line(reader, &mut line, room, deadline).map_err(|e| match e {
            LineError::TooLong => too_large(),
            e => e.failure(),
        })?;
        if line.is_empty() {
            break;
        }
        header_bytes += line.len() + 2;
        if headers.len() == MAX_HEADERS {
            return Err(too_large());
        }
        let line =
            std::str::from_utf8(&line).map_err(|_| bad("a request header is not text (UTF-8)"))?;
        let Some((name, value)) = line.split_once(':') else {
            return Err(bad(&format!(
                "a request header has no colon: {:?}",
                line.chars().take(80).collect::<String>()
            )));
        };
        if name.is_empty() || !name.bytes().all(is_token_byte) {
            return Err(bad(
                "a request header's name is not a word (no spaces, no folded lines)",
            ));
        }
        headers.push((
            name.to_ascii_lowercase(),
            value.trim_matches([' ', '\t']).to_string(),
        ));
    }
    Ok(Head {
        method,
        method_name: method_name.to_string(),
        target: target.to_string(),
        http10,
        headers,
    })
}

enum LineError {
    TooLong,
    TimedOut,
    Closed,
}

impl LineError {
    fn failure(self) -> ReadFailure {
        match self {
            LineError::TimedOut => ReadFailure::Answer(Reply::text(
                408,
                "the request did not arrive in time; send it whole",
            )),
            LineError::Closed => ReadFailure::Closed,
            LineError::TooLong => unreachable!("answered by the caller"),
        }
    }
}

/// Waits, until `deadline`, for bytes in `reader`'s buffer and returns them
/// (never empty), or why none will come.
fn fill_before(reader: &mut BufReader<TcpStream>, deadline: Instant) -> Result<&[u8], LineError> {
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(LineError::TimedOut);
        }
        let _ = reader.get_ref().set_read_timeout(Some(left));
        match reader.fill_buf() {
            Ok([]) => return Err(LineError::Closed),
            Ok(_) => break,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                return Err(LineError::TimedOut)
            }
            Err(_) => return Err(LineError::Closed),
        }
    }
    Ok(reader.buffer())
}

/// Reads one line ending in LF (CRLF or bare LF), without the ending, at
/// most `max` bytes, before `deadline`.
fn read_line(
    reader: &mut BufReader<TcpStream>,
    line: &mut Vec<u8>,
    max: usize,
    deadline: Instant,
) -> Result<(), LineError> {
    loop {
        let buffer = fill_before(reader, deadline)?;
        let (chunk, done) = match buffer.iter().position(|&b| b == b'\n') {
            Some(i) => (&buffer[..i], Some(i + 1)),
            None => (buffer, None),
        };
        if line.len() + chunk.len() > max + 1 {
            return Err(LineError::TooLong);
        }
        line.extend_from_slice(chunk);
        let used = done.unwrap_or(buffer.len());
        reader.consume(used);
        if done.is_some() {
            if line.last() == Some(&b'\r') {
                line.pop();
            }
            if line.len() > max {
                return Err(LineError::TooLong);
            }
            return Ok(());
        }
    }
}

fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

fn body_too_large() -> Reply {
    Reply::text(
        413,
        format!(
            "the request body is larger than {} MiB, the server's limit; send a shorter query",
            MAX_REQUEST_BYTES >> 20
        ),
    )
}

/// Reads the body (by `Content-Length` or chunked), at most
/// [`MAX_REQUEST_BYTES`]; answers `Expect: 100-continue` first.
fn read_body(
    reader: &mut BufReader<TcpStream>,
    stream: &TcpStream,
    head: &Head,
) -> Result<Vec<u8>, Reply> {
    let bad = |message: &str| Reply::text(400, message);
    let chunked = match head.header("transfer-encoding") {
        None => false,
        Some(v) if v.trim().eq_ignore_ascii_case("chunked") => true,
        Some(_) => {
            return Err(Reply::text(
                501,
                "the only Transfer-Encoding this server reads is chunked",
            ))
        }
    };
    let lengths: Vec<&str> = head
        .headers
        .iter()
        .filter(|(n, _)| n == "content-length")
        .map(|(_, v)| v.as_str())
        .collect();
    if chunked && !lengths.is_empty() {
        return Err(bad(
            "the request has both Content-Length and Transfer-Encoding; send one",
        ));
    }
    let length = match lengths.as_slice() {
        [] => None,
        [one, rest @ ..] if rest.iter().all(|v| v == one) => {
            if one.is_empty() || !one.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad("Content-Length is not a number of bytes"));
            }
            // More digits than any length we accept: too large.
            Some(one.parse::<usize>().unwrap_or(usize::MAX))
        }
        _ => return Err(bad("the request has two different Content-Lengths")),
    };
    if length.is_some_and(|n| n > MAX_REQUEST_BYTES) {
        return Err(body_too_large());
    }
    if length.is_none() && !chunked {
        return Ok(Vec::new());
    }
    if length != Some(0) && head.has_token("expect", "100-continue") && !head.http10 {
        let _ = (&*stream).write_all(b"HTTP/1.1 100 Continue\r\n\r\n");
    }
    let deadline = Instant::now() + BODY_TIMEOUT;
    let mut body = Vec::new();
    let timed_out = || Reply::text(408, "the request body did not arrive in time");
    if let Some(length) = length {
        read_exact_by(reader, &mut body, length, deadline).map_err(|e| match e {
            LineError::TimedOut => timed_out(),
            _ => bad("the connection ended before the whole body arrived"),
        })?;
        return Ok(body);
    }
    // Chunked: size line, data, CRLF; then trailers up to an empty line.
    loop {
        let mut line = Vec::new();
        read_line(reader, &mut line, 1024, deadline).map_err(|e| match e {
            LineError::TimedOut => timed_out(),
            _ => bad("a chunk of the body is malformed"),
        })?;
        let size_text = std::str::from_utf8(&line).unwrap_or("");
        let size_text = size_text.split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(size_text, 16)
            .map_err(|_| bad("a chunk size of the body is not a hexadecimal number"))?;
        if size == 0 {
            let mut trailer_bytes = 0;
            loop {
                line.clear();
                read_line(reader, &mut line, MAX_HEADER_BYTES, deadline)
                    .map_err(|_| bad("the trailers of the body are malformed"))?;
                trailer_bytes += line.len();
                if line.is_empty() {
                    return Ok(body);
                }
                if trailer_bytes > MAX_HEADER_BYTES {
                    return Err(bad("the trailers of the body are too long"));
                }
            }
        }
        if body.len().saturating_add(size) > MAX_REQUEST_BYTES {
            return Err(body_too_large());
        }
        read_exact_by(reader, &mut body, size, deadline).map_err(|e| match e {
            LineError::TimedOut => timed_out(),
            _ => bad("the connection ended before the whole body arrived"),
        })?;
        line.clear();
        read_line(reader, &mut line, 0, deadline)
            .map_err(|_| bad("a chunk of the body does not end where its size says"))?;
    }
}

/// Appends exactly `n` bytes to `out`, before `deadline`.
fn read_exact_by(
    reader: &mut BufReader<TcpStream>,
    out: &mut Vec<u8>,
    n: usize,
    deadline: Instant,
) -> Result<(), LineError> {
    let target = out.len() + n;
    while out.len() < target {
        let buffer = fill_before(reader, deadline)?;
        let take = buffer.len().min(target - out.len());
        out.extend_from_slice(&buffer[..take]);
        reader.consume(take);
    }
    Ok(())
}

/// After an answer that ends the connection early (413, 400 …): stop
/// writing, then read and drop what the client is still sending (at most
/// 4 MiB, for 2 s), so that closing does not reset the connection before
/// the client has read the answer.
fn linger(stream: &TcpStream, reader: &mut BufReader<TcpStream>) {
    let _ = stream.shutdown(Shutdown::Write);
    let deadline = Instant::now() + Duration::from_secs(2);
    let mut drained = 0usize;
    let mut sink = [0u8; 16 << 10];
    while drained < (4 << 20) {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            break;
        }
        let _ = reader.get_ref().set_read_timeout(Some(left));
        match reader.read(&mut sink) {
            Ok(0) | Err(_) => break,
            Ok(n) => drained += n,
        }
    }
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

/// Writes the status line, the headers and the body. Bodies in bytes get a
/// `Content-Length`; streams are sent chunked (HTTP/1.1) or up to the close
/// (HTTP/1.0).
fn write_reply(
    stream: &TcpStream,
    mut reply: Reply,
    http10: bool,
    head_only: bool,
    mut close: bool,
    shared: &Shared,
) -> io::Result<()> {
    redact(&shared.hidden, &mut reply);
    let status = reply.status;
    let no_body = status == 204 || status == 304 || (100..200).contains(&status);
    let mut out = BufWriter::with_capacity(64 << 10, stream);
    write!(out, "HTTP/1.1 {status} {}\r\n", reason(status))?;
    // Answers depend on Accept; caches must not mix them up.
    out.write_all(b"Access-Control-Allow-Origin: *\r\nVary: Accept\r\n")?;
    for (name, value) in &reply.headers {
        let managed = ["content-length", "transfer-encoding", "connection"]
            .iter()
            .any(|m| name.eq_ignore_ascii_case(m));
        // Header values must be visible ASCII; any other is dropped.
        let valid = value
            .bytes()
            .all(|b| b == b'\t' || (b' '..=b'~').contains(&b));
        if !managed && valid && name.bytes().all(is_token_byte) {
            write!(out, "{name}: {value}\r\n")?;
        }
    }
    let chunked = match &reply.body {
        Body::Bytes(bytes) => {
            if !no_body {
                write!(out, "Content-Length: {}\r\n", bytes.len())?;
            }
            false
        }
        Body::Stream(_) if http10 => {
            close = true;
            false
        }
        Body::Stream(_) => {
            out.write_all(b"Transfer-Encoding: chunked\r\n")?;
            true
        }
    };
    if close {
        out.write_all(b"Connection: close\r\n")?;
    } else if http10 {
        out.write_all(b"Connection: keep-alive\r\n")?;
    }
    out.write_all(b"\r\n")?;
    if head_only || no_body {
        return out.flush();
    }
    match &mut reply.body {
        Body::Bytes(bytes) => out.write_all(bytes)?,
        Body::Stream(reader) => {
            let mut buffer = vec![0u8; 64 << 10];
            loop {
                let n = match reader.read(&mut buffer) {
                    Ok(0) => break,
                    Ok(n) => n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    // Cut short: the client sees the answer end without its
                    // last chunk (or short of the close), not a complete one.
                    Err(e) => return Err(e),
                };
                if chunked {
                    write!(out, "{n:x}\r\n")?;
                    out.write_all(&buffer[..n])?;
                    out.write_all(b"\r\n")?;
                } else {
                    out.write_all(&buffer[..n])?;
                }
            }
            if chunked {
                out.write_all(b"0\r\n\r\n")?;
            }
        }
    }
    out.flush()
}

fn reason(status: u16) -> &'static str {
    match status {
        100 => "Continue",
        200 => "OK",
        204 => "No Content",
        303 => "See Other",
        304 => "Not Modified",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        408 => "Request Timeout",
        413 => "Content Too Large",
        414 => "URI Too Long",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Content",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_store_folder_never_reaches_an_error_body() {
        let hidden = vec!["/srv/data/edupol.db".to_string()];
        let mut reply = Reply::text(500, "IO error: /srv/data/edupol.db/LOCK: busy");
        redact(&hidden, &mut reply);
        assert_eq!(reply.bytes(), b"IO error: the store/LOCK: busy\n");
        let mut fine = Reply::text(200, "/srv/data/edupol.db");
        redact(&hidden, &mut fine);
        assert_eq!(fine.bytes(), b"/srv/data/edupol.db\n");
    }

    #[test]
    fn absolute_targets_are_read_as_paths() {
        assert_eq!(origin_form("/sparql?query=x"), "/sparql?query=x");
        assert_eq!(origin_form("http://h:1/id/x"), "/id/x");
        assert_eq!(origin_form("http://h"), "/");
    }
}
