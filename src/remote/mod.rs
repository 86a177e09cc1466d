//! Writing the graph into a triplestore server over the W3C protocols:
//! `build --endpoint` and `push`.
//!
//! ```text
//! store / build ─► graphs to send ─► bounded queue ─► uploaders (threads) ─► server
//!                      ▲                                   │
//!                      └──────────── ledger ◄──────────────┘
//! ```
//!
//! The local store stays the source of truth: it alone knows the shared
//! entities graph exactly (what documents still support). A push makes the
//! server's graphs equal the store's, graph by graph: each graph is replaced
//! whole (Graph Store Protocol `PUT`, or `DROP` + `INSERT DATA`), graphs
//! the store no longer has are removed. The [`ledger`] records, per server,
//! which version of each graph the server holds, so a push sends only what
//! changed and a failed push, run again, completes the job.
//!
//! * [`request`]: a graph to HTTP requests (pure).
//! * [`client`]: sending one request, with credentials and retries.
//! * [`ledger`]: what the server holds, as far as we sent it.
//! * [`push`]: the uploaders and the comparison of store and ledger.

pub mod client;
pub mod ledger;
pub mod push;
pub mod request;

use std::fmt;

pub use push::{push_store, PushOptions, PushSummary, Uploader};

/// How graphs are written on the server.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    clap::ValueEnum,
    serde::Serialize,
    serde::Deserialize,
)]
pub enum Protocol {
    /// SPARQL 1.1 Graph Store HTTP Protocol: `PUT URL?graph=IRI` replaces
    /// a graph, `DELETE` removes it. The default.
    #[default]
    #[value(name = "gsp")]
    #[serde(rename = "gsp")]
    GraphStore,
    /// SPARQL 1.1 Update over HTTP: `DROP SILENT GRAPH` then `INSERT DATA`,
    /// in batches.
    #[value(name = "update")]
    #[serde(rename = "update")]
    Update,
}

/// Credentials for the server. Never printed: `Debug` hides them.
#[derive(Clone, PartialEq, Eq)]
pub enum Auth {
    Basic { user: String, password: String },
    Bearer(String),
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Auth::Basic { user, .. } => write!(f, "Basic({user}, ***)"),
            Auth::Bearer(_) => write!(f, "Bearer(***)"),
        }
    }
}

impl Auth {
    /// The `Authorization` header's value.
    pub fn header(&self) -> String {
        use base64::Engine;
        match self {
            Auth::Basic { user, password } => format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"))
            ),
            Auth::Bearer(token) => format!("Bearer {token}"),
        }
    }
}

/// A server endpoint: its URL (never with credentials in it), the
/// protocol it speaks and the credentials to send.
#[derive(Debug, Clone)]
pub struct Endpoint {
    url: String,
    pub protocol: Protocol,
    pub auth: Option<Auth>,
}

impl Endpoint {
    /// Checks the URL (http or https, a host) and takes credentials written
    /// in it (`https://user:password@host/…`) out of it. `auth` given
    /// separately wins over those in the URL.
    pub fn new(url: &str, protocol: Protocol, auth: Option<Auth>) -> Result<Endpoint, String> {
        let (scheme, rest) = url
            .split_once("://")
            .filter(|(s, _)| s.eq_ignore_ascii_case("http") || s.eq_ignore_ascii_case("https"))
            .ok_or_else(|| {
                format!(
                    "the endpoint {} is not an http:// or https:// URL; give the server's \
                     Graph Store endpoint (Oxigraph: http://HOST:PORT/store) or, with \
                     --protocol update, its SPARQL Update endpoint",
                    redact(url)
                )
            })?;
        let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let (authority, path) = rest.split_at(authority_end);
        if path.contains('#') {
            return Err(format!(
                "the endpoint {} has a #fragment, which servers never see; remove it",
                redact(url)
            ));
        }
        let (userinfo, host) = match authority.rsplit_once('@') {
            Some((userinfo, host)) => (Some(userinfo), host),
            None => (None, authority),
        };
        if host.is_empty() {
            return Err(format!("the endpoint {} names no host", redact(url)));
        }
        let from_url = userinfo.map(|info| {
            let decode = |s: &str| {
                percent_encoding::percent_decode_str(s)
                    .decode_utf8_lossy()
                    .into_owned()
            };
            let (user, password) = info.split_once(':').unwrap_or((info, ""));
            Auth::Basic {
                user: decode(user),
                password: decode(password),
            }
        });
        Ok(Endpoint {
            url: format!("{}://{host}{path}", scheme.to_ascii_lowercase()),
            protocol,
            auth: auth.or(from_url),
        })
    }

    /// The URL, without credentials: safe to print.
    pub fn url(&self) -> &str {
        &self.url
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.url)
    }
}

/// A URL fit to print: what stands before an `@` in its authority is hidden.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..authority_end].rsplit_once('@') {
        Some((_, host)) => format!("{scheme}://***@{host}{}", &rest[authority_end..]),
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_in_the_url_are_taken_out_of_it() {
        let e = Endpoint::new(
            "HTTP://ana:s%40cret@db.example:8890/sparql-graph-crud",
            Protocol::GraphStore,
            None,
        )
        .unwrap();
        assert_eq!(e.url(), "http://db.example:8890/sparql-graph-crud");
        assert_eq!(
            e.auth,
            Some(Auth::Basic {
                user: "ana".into(),
                password: "s@cret".into()
            })
        );
        assert!(!format!("{e:?}").contains("s@cret"));
        assert_eq!(
            e.auth.unwrap().header(),
            "Basic YW5hOnNAY3JldA==" // base64("ana:s@cret")
        );
    }

    #[test]
    fn given_credentials_win_and_a_token_is_a_bearer() {
        let e = Endpoint::new(
            "https://u:p@h/store",
            Protocol::Update,
            Some(Auth::Bearer("t0k".into())),
        )
        .unwrap();
        assert_eq!(e.auth.as_ref().unwrap().header(), "Bearer t0k");
        assert_eq!(format!("{:?}", e.auth.unwrap()), "Bearer(***)");
    }

    #[test]
    fn bad_endpoints_are_refused_without_showing_passwords() {
        for url in [
            "ftp://u:pw@h/x",
            "localhost:7878/store",
            "http:///store",
            "http://h/s#frag",
        ] {
            let message = Endpoint::new(url, Protocol::GraphStore, None).unwrap_err();
            assert!(!message.contains("pw"), "{message}");
        }
        assert_eq!(redact("ftp://u:pw@h/x"), "ftp://***@h/x");
        assert_eq!(redact("http://h/x?a=b@c"), "http://h/x?a=b@c");
    }
}
