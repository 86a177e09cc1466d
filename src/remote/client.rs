//! Sending one request to the server: credentials, time limits, and retries
//! with growing waits when the server is busy or away for a moment.

use std::io::Read;
use std::time::Duration;

use super::request::{Method, Request};
use super::Endpoint;

/// How long to keep trying a request.
#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    /// Tries after the first one.
    pub retries: u32,
    /// The wait before the first retry; it doubles at each retry.
    pub first_wait: Duration,
    /// No wait is longer (nor a server's `Retry-After`).
    pub max_wait: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            retries: 4,
            first_wait: Duration::from_millis(500),
            max_wait: Duration::from_secs(30),
        }
    }
}

/// Why a request failed, once retries are spent.
#[derive(Debug, Clone, thiserror::Error)]
pub enum SendError {
    /// The server answered with an error status.
    #[error("the server answered {status}{}", excerpt(.body))]
    Status { status: u16, body: String },
    /// No answer: connection refused or reset, time limit, broken HTTP.
    #[error("no answer from the server: {0}")]
    Unreachable(String),
}

impl SendError {
    /// The error would be the same for every graph (wrong credentials, wrong
    /// endpoint, server gone): sending the others is pointless.
    pub fn stops_all(&self) -> bool {
        match self {
            SendError::Status { status, .. } => matches!(status, 401 | 403 | 404 | 405 | 415),
            SendError::Unreachable(_) => true,
        }
    }

    /// What to do about it, for the message.
    pub fn hint(&self) -> &'static str {
        match self {
            SendError::Status {
                status: 401 | 403, ..
            } => {
                "check the credentials (--user with EDUPOL_PASSWORD, or --token) and that \
                 the account may write"
            }
            SendError::Status {
                status: 404 | 405 | 415,
                ..
            } => {
                "check the endpoint: it must be the server's Graph Store endpoint \
                 (Oxigraph: /store, Fuseki: /DATASET/data, Virtuoso: /sparql-graph-crud) or, \
                 with --protocol update, its SPARQL Update endpoint"
            }
            SendError::Status { status: 413, .. } => {
                "the request was too large for the server: lower --max-request"
            }
            SendError::Status { .. } => "see the server's log",
            SendError::Unreachable(_) => {
                "is the server running, and the URL right? Once it is, run the same command \
                 again: it sends what was not sent"
            }
        }
    }
}

fn excerpt(body: &str) -> String {
    let text: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        return String::new();
    }
    let short: String = text.chars().take(300).collect();
    let more = if short.len() < text.len() { "…" } else { "" };
    format!(": {short}{more}")
}

/// What sending took.
#[derive(Debug, Default, Clone, Copy)]
pub struct Sent {
    /// Tries after the first.
    pub retries: u32,
}

/// An HTTP client for one endpoint. Cheap to clone; clones share their
/// connections.
#[derive(Clone)]
pub struct Client {
    agent: ureq::Agent,
    authorization: Option<String>,
    policy: RetryPolicy,
}

impl Client {
    pub fn new(endpoint: &Endpoint, policy: RetryPolicy) -> Client {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .user_agent(concat!("edupol/", env!("CARGO_PKG_VERSION")))
            .timeout_connect(Some(Duration::from_secs(15)))
            .timeout_send_body(Some(Duration::from_secs(600)))
            // A server may take a while to index a large graph before it answers.
            .timeout_recv_response(Some(Duration::from_secs(600)))
            .timeout_recv_body(Some(Duration::from_secs(60)))
            .max_redirects(0)
            .build();
        Client {
            agent: config.into(),
            authorization: endpoint.auth.as_ref().map(|a| a.header()),
            policy,
        }
    }

    /// Sends `request`, trying again after connection errors and the
    /// statuses that say "later" (408, 429, 5xx), waiting longer each time.
    pub fn send(&self, request: &Request) -> Result<Sent, SendError> {
        let mut sent = Sent::default();
        loop {
            let (error, retry_after) = match self.send_once(request) {
                Ok(()) => return Ok(sent),
                Err(e) => e,
            };
            let retryable = match &error {
                SendError::Status { status, .. } => {
                    matches!(status, 408 | 429) || (500..600).contains(status)
                }
                SendError::Unreachable(_) => true,
            };
            if !retryable || sent.retries >= self.policy.retries {
                return Err(error);
            }
            let backoff = self.policy.first_wait * 2u32.saturating_pow(sent.retries);
            std::thread::sleep(retry_after.unwrap_or(backoff).min(self.policy.max_wait));
            sent.retries += 1;
        }
    }

    /// One try; on error also the server's `Retry-After`, if it gave one.
    fn send_once(&self, request: &Request) -> Result<(), (SendError, Option<Duration>)> {
        let url = request.url.as_str();
        let response = match request.method {
            Method::Delete => self.with_headers_empty(self.agent.delete(url)).call(),
            Method::Put | Method::Post => {
                let builder = if request.method == Method::Put {
                    self.agent.put(url)
                } else {
                    self.agent.post(url)
                };
                let mut builder = builder;
                if let Some(auth) = &self.authorization {
                    builder = builder.header("Authorization", auth);
                }
                if let Some(content_type) = request.content_type {
                    builder = builder.content_type(content_type);
                }
                builder.send(&request.body[..])
            }
        };
        let mut response = response.map_err(|e| (SendError::Unreachable(describe(&e)), None))?;
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        // Read the body (a bounded part): an error's reason, and a finished
        // response lets the connection serve the next request.
        let mut body = Vec::new();
        let _ = response
            .body_mut()
            .as_reader()
            .take(64 * 1024)
            .read_to_end(&mut body);
        let ok = (200..300).contains(&status)
            // Deleting a graph the server does not have is what we wanted.
            || (request.method == Method::Delete && status == 404);
        if ok {
            return Ok(());
        }
        Err((
            SendError::Status {
                status,
                body: String::from_utf8_lossy(&body).into_owned(),
            },
            retry_after,
        ))
    }

    fn with_headers_empty(
        &self,
        mut builder: ureq::RequestBuilder<ureq::typestate::WithoutBody>,
    ) -> ureq::RequestBuilder<ureq::typestate::WithoutBody> {
        if let Some(auth) = &self.authorization {
            builder = builder.header("Authorization", auth);
        }
        builder
    }
}

/// A transport error in words (ureq's never contain our credentials: they
/// travel in a header, not in the URL).
fn describe(error: &ureq::Error) -> String {
    match error {
        ureq::Error::Io(e) => e.to_string(),
        other => other.to_string(),
    }
}
