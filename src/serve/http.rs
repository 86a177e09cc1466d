//! The request as the routes see it, the reply they give, and the parts of
//! HTTP they share: query strings and forms, and content negotiation.
//!
//! Nothing here touches a socket (see `server.rs`), so routes are tested
//! with plain values.

use std::fmt::Display;
use std::io::Read;

use percent_encoding::percent_decode;

/// The HTTP methods the server answers; any other gets 405.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Head,
    Post,
    Options,
    Other,
}

/// One request, its body already read (and within the size limit).
#[derive(Debug)]
pub struct Request {
    pub method: Method,
    /// The path as sent, still percent-encoded, without the query string.
    pub path: String,
    /// The query string as sent, without `?`.
    pub query: String,
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    /// A request with no headers and no body (tests).
    pub fn new(method: Method, target: &str) -> Request {
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        Request {
            method,
            path: path.to_string(),
            query: query.to_string(),
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    pub fn with_header(mut self, name: &str, value: &str) -> Request {
        self.headers
            .push((name.to_ascii_lowercase(), value.to_string()));
        self
    }

    pub fn with_body(mut self, body: impl Into<Vec<u8>>) -> Request {
        self.body = body.into();
        self
    }

    /// The first header of that name (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The media type of the body, lower case, without parameters.
    pub fn content_type(&self) -> Option<String> {
        self.header("content-type").map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
    }

    /// The decoded query string.
    pub fn params(&self) -> Result<Params, Reply> {
        Params::parse(self.query.as_bytes())
    }
}

/// What a route answers.
pub struct Reply {
    pub status: u16,
    /// Header values must be ASCII; `server.rs` drops any that is not.
    pub headers: Vec<(&'static str, String)>,
    pub body: Body,
}

pub enum Body {
    Bytes(Vec<u8>),
    /// Sent chunked as it is read (large exports).
    Stream(Box<dyn Read + Send>),
}

impl std::fmt::Debug for Reply {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let body = match &self.body {
            Body::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
            Body::Stream(_) => "(a stream)".to_string(),
        };
        f.debug_struct("Reply")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body", &body)
            .finish()
    }
}

impl Reply {
    pub fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            status,
            headers: vec![("Content-Type", content_type.to_string())],
            body: Body::Bytes(body.into()),
        }
    }

    /// A plain-text message (errors): one line or more, ending with a newline.
    pub fn text(status: u16, message: impl Display) -> Reply {
        let mut body = message.to_string();
        if !body.ends_with('\n') {
            body.push('\n');
        }
        Reply::new(status, "text/plain; charset=utf-8", body)
    }

    pub fn html(status: u16, page: String) -> Reply {
        Reply::new(status, "text/html; charset=utf-8", page)
    }

    pub fn stream(content_type: &str, body: impl Read + Send + 'static) -> Reply {
        Reply {
            status: 200,
            headers: vec![("Content-Type", content_type.to_string())],
            body: Body::Stream(Box::new(body)),
        }
    }

    pub fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Reply {
        self.headers.push((name, value.into()));
        self
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body, when it is not a stream (tests).
    pub fn bytes(&self) -> &[u8] {
        match &self.body {
            Body::Bytes(b) => b,
            Body::Stream(_) => &[],
        }
    }
}

/// Decoded `application/x-www-form-urlencoded` pairs (query strings and
/// form bodies), in order.
#[derive(Debug, Default)]
pub struct Params(Vec<(String, String)>);

impl Params {
    /// Decodes `a=1&b=x+y%20z`. A name or value that is not UTF-8 once decoded
    /// is refused with 400, rather than read with replacement characters.
    pub fn parse(encoded: &[u8]) -> Result<Params, Reply> {
        let decode = |part: &[u8]| -> Result<String, Reply> {
            let plus_as_space: Vec<u8> = part
                .iter()
                .map(|&b| if b == b'+' { b' ' } else { b })
                .collect();
            percent_decode(&plus_as_space)
                .decode_utf8()
                .map(|s| s.into_owned())
                .map_err(|_| {
                    Reply::text(
                        400,
                        "a parameter is not UTF-8 text once percent-decoded; \
                         encode queries and IRIs as UTF-8",
                    )
                })
        };
        let mut pairs = Vec::new();
        for pair in encoded.split(|&b| b == b'&').filter(|p| !p.is_empty()) {
            let (name, value) = match pair.iter().position(|&b| b == b'=') {
                Some(i) => (&pair[..i], &pair[i + 1..]),
                None => (pair, &[][..]),
            };
            pairs.push((decode(name)?, decode(value)?));
        }
        Ok(Params(pairs))
    }

    pub fn extend(&mut self, other: Params) {
        self.0.extend(other.0);
    }

    /// Every value of a parameter.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0
            .iter()
            .filter(move |(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn has(&self, name: &str) -> bool {
        self.all(name).next().is_some()
    }

    /// The value of a parameter that may be given at most once.
    pub fn one<'a>(&'a self, name: &'a str) -> Result<Option<&'a str>, Reply> {
        let mut values = self.all(name);
        let first = values.next();
        if values.next().is_some() {
            return Err(Reply::text(
                400,
                format!("the parameter {name} is given more than once; give it once"),
            ));
        }
        Ok(first)
    }
}

/// Picks what to send from `offers` (media type, value), listed in the
/// server's order of preference, by the client's `Accept` header: the offer
/// with the highest quality wins, the earlier offer on a tie. A missing or
/// empty header accepts the first offer. `None` means nothing offered is
/// acceptable (406).
pub fn negotiate<T: Copy>(accept: Option<&str>, offers: &[(&str, T)]) -> Option<T> {
    let ranges = match accept.map(parse_accept) {
        Some(ranges) if !ranges.is_empty() => ranges,
        _ => return offers.first().map(|(_, v)| *v),
    };
    let mut best: Option<(f32, T)> = None;
    for (media_type, value) in offers {
        let (kind, sub) = media_type.split_once('/').unwrap_or((media_type, ""));
        // The most specific range that matches decides the quality.
        let quality = ranges
            .iter()
            .filter_map(|r| {
                let specificity = if r.kind == "*" && r.sub == "*" {
                    0
                } else if r.kind.eq_ignore_ascii_case(kind) && r.sub == "*" {
                    1
                } else if r.kind.eq_ignore_ascii_case(kind) && r.sub.eq_ignore_ascii_case(sub) {
                    2
                } else {
                    return None;
                };
                Some((specificity, r.q))
            })
            .max_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)))
            .map(|(_, q)| q);
        if let Some(q) = quality.filter(|q| *q > 0.0) {
            if best.is_none_or(|(b, _)| q > b) {
                best = Some((q, *value));
            }
        }
    }
    best.map(|(_, v)| v)
}

struct MediaRange {
    kind: String,
    sub: String,
    q: f32,
}

fn parse_accept(header: &str) -> Vec<MediaRange> {
    header
        .split(',')
        .filter_map(|item| {
            let mut parts = item.split(';');
            let (kind, sub) = parts.next()?.trim().split_once('/')?;
            let q = parts
                .filter_map(|p| p.split_once('='))
                .find(|(k, _)| k.trim().eq_ignore_ascii_case("q"))
                .and_then(|(_, v)| v.trim().parse::<f32>().ok())
                .unwrap_or(1.0)
                .clamp(0.0, 1.0);
            Some(MediaRange {
                kind: kind.trim().to_string(),
                sub: sub.trim().to_string(),
                q,
            })
        })
        .collect()
}

/// The reply when no offer is acceptable.
pub fn not_acceptable(what: &str, offers: &[(&str, impl Copy)]) -> Reply {
    let types: Vec<&str> = offers.iter().map(|(t, _)| *t).collect();
    Reply::text(
        406,
        format!(
            "cannot send {what} in any type your Accept header allows; send one of: {}",
            types.join(", ")
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, Copy, PartialEq)]
    enum F {
        Json,
        Xml,
        Csv,
    }
    const OFFERS: &[(&str, F)] = &[
        ("application/sparql-results+json", F::Json),
        ("application/json", F::Json),
        ("application/sparql-results+xml", F::Xml),
        ("application/xml", F::Xml),
        ("text/csv", F::Csv),
    ];

    #[test]
    fn negotiation_follows_quality_then_server_order() {
        assert_eq!(negotiate(None, OFFERS), Some(F::Json));
        assert_eq!(negotiate(Some(""), OFFERS), Some(F::Json));
        assert_eq!(negotiate(Some("*/*"), OFFERS), Some(F::Json));
        assert_eq!(negotiate(Some("text/csv"), OFFERS), Some(F::Csv));
        assert_eq!(
            negotiate(Some("TEXT/CSV; charset=utf-8"), OFFERS),
            Some(F::Csv)
        );
        assert_eq!(
            negotiate(Some("text/csv;q=0.5, application/xml"), OFFERS),
            Some(F::Xml)
        );
        // a browser's default
        assert_eq!(
            negotiate(
                Some("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"),
                OFFERS
            ),
            Some(F::Xml)
        );
        // the specific range overrides the wildcard
        assert_eq!(negotiate(Some("*/*;q=0.1, text/csv"), OFFERS), Some(F::Csv));
        assert_eq!(negotiate(Some("text/*"), OFFERS), Some(F::Csv));
        assert_eq!(negotiate(Some("image/png"), OFFERS), None);
        assert_eq!(negotiate(Some("text/csv;q=0"), OFFERS), None);
        assert_eq!(negotiate(Some("garbage"), OFFERS), Some(F::Json));
    }

    #[test]
    fn params_decode_plus_and_percent_and_refuse_bad_utf8() {
        let p = Params::parse(b"query=SELECT+*%20%7B%7D&x&default-graph-uri=a&default-graph-uri=b")
            .unwrap();
        assert_eq!(p.one("query").unwrap(), Some("SELECT * {}"));
        assert_eq!(p.one("x").unwrap(), Some(""));
        assert!(p.one("default-graph-uri").is_err());
        assert_eq!(p.all("default-graph-uri").count(), 2);
        let chinese = Params::parse("q=%E5%B5%8A%E6%B3%97".as_bytes()).unwrap();
        assert_eq!(chinese.one("q").unwrap(), Some("嵊泗"));
        assert_eq!(Params::parse(b"q=%FF%FE").unwrap_err().status, 400);
        // malformed escapes are kept as they are, not a panic
        assert_eq!(
            Params::parse(b"q=%G1%").unwrap().one("q").unwrap(),
            Some("%G1%")
        );
    }
}
