//! Static files under `/assets/`, compiled into the binary: the query editor
//! of the page at `/` (YASGUI, vendored in `assets/yasgui/`, see its
//! `SOURCE.md`) and the prefixes its editor completes. Nothing is fetched
//! from elsewhere at run time.
//!
//! Each file has an `ETag` (a hash of its bytes) and is revalidated with
//! `If-None-Match` (304). The page links to `…?v=HASH` ([`url`]); an answer to
//! that exact version may be cached for a year, since a new binary with other
//! bytes links to another `v`.

use std::sync::OnceLock;

use sha2::{Digest, Sha256};

use super::http::{Reply, Request};
use crate::vocab::PREFIXES;

/// The path under which the files are served.
pub const PREFIX: &str = "/assets/";

/// The version of `@triply/yasgui` in `assets/yasgui/`.
pub const YASGUI_VERSION: &str = "4.2.28";

struct Asset {
    name: &'static str,
    content_type: &'static str,
    bytes: Bytes,
}

enum Bytes {
    Static(&'static [u8]),
    /// Made once from the code (the prefixes).
    Made(fn() -> Vec<u8>),
}

const ASSETS: &[Asset] = &[
    Asset {
        name: "yasgui.min.js",
        content_type: "text/javascript; charset=utf-8",
        bytes: Bytes::Static(include_bytes!("../../assets/yasgui/yasgui.min.js")),
    },
    Asset {
        name: "yasgui.min.css",
        content_type: "text/css; charset=utf-8",
        bytes: Bytes::Static(include_bytes!("../../assets/yasgui/yasgui.min.css")),
    },
    // The bundle's first line points here for the licences of what it includes.
    Asset {
        name: "yasgui.min.js.LICENSE.txt",
        content_type: "text/plain; charset=utf-8",
        bytes: Bytes::Static(include_bytes!(
            "../../assets/yasgui/yasgui.min.js.LICENSE.txt"
        )),
    },
    Asset {
        name: "yasgui.LICENSE.txt",
        content_type: "text/plain; charset=utf-8",
        bytes: Bytes::Static(include_bytes!("../../assets/yasgui/LICENSE.txt")),
    },
    // In prefix.cc's format ({"prefix": "namespace"}), for the editor's
    // completion of PREFIX lines, which would otherwise ask prefix.cc.
    Asset {
        name: "prefixes.json",
        content_type: "application/json",
        bytes: Bytes::Made(prefixes_json),
    },
];

/// The bytes and ETag of every asset, computed once.
fn loaded() -> &'static [(Vec<u8>, String)] {
    static LOADED: OnceLock<Vec<(Vec<u8>, String)>> = OnceLock::new();
    LOADED.get_or_init(|| {
        ASSETS
            .iter()
            .map(|a| {
                let bytes = match a.bytes {
                    Bytes::Static(b) => b.to_vec(),
                    Bytes::Made(make) => make(),
                };
                let hash = Sha256::digest(&bytes);
                let tag: String = hash[..8].iter().map(|b| format!("{b:02x}")).collect();
                (bytes, tag)
            })
            .collect()
    })
}

fn find(name: &str) -> Option<(&'static Asset, &'static [u8], &'static str)> {
    let i = ASSETS.iter().position(|a| a.name == name)?;
    let (bytes, tag) = &loaded()[i];
    Some((&ASSETS[i], bytes, tag))
}

/// The versioned address of an asset, for the page: `/assets/NAME?v=HASH`.
pub fn url(name: &str) -> String {
    let (_, _, tag) = find(name).unwrap_or_else(|| panic!("no asset {name}"));
    format!("{PREFIX}{name}?v={tag}")
}

/// The prefixes that `edupol query` and the endpoint predeclare.
pub fn prefixes() -> serde_json::Map<String, serde_json::Value> {
    PREFIXES
        .iter()
        .map(|(p, ns)| (p.to_string(), serde_json::Value::from(*ns)))
        .collect()
}

fn prefixes_json() -> Vec<u8> {
    serde_json::to_vec(&prefixes()).expect("prefixes serialize")
}

/// GET or HEAD of `/assets/NAME`; `None` if there is no such asset.
pub fn handle(req: &Request) -> Option<Reply> {
    let name = req.path.strip_prefix(PREFIX)?;
    let (asset, bytes, tag) = find(name)?;
    let etag = format!("\"{tag}\"");
    let current = req
        .params()
        .ok()
        .and_then(|p| p.one("v").ok().flatten().map(|v| v == tag))
        .unwrap_or(false);
    let cache = if current {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    let matches = req.header("if-none-match").is_some_and(|h| {
        h.split(',')
            .map(|t| t.trim().trim_start_matches("W/"))
            .any(|t| t == etag || t == "*")
    });
    let reply = if matches {
        Reply::new(304, asset.content_type, Vec::new())
    } else {
        Reply::new(200, asset.content_type, bytes.to_vec())
    };
    Some(
        reply
            .with_header("ETag", etag)
            .with_header("Cache-Control", cache)
            .with_header("X-Content-Type-Options", "nosniff"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::http::Method;

    #[test]
    fn assets_are_served_with_types_and_cache_headers() {
        let r = handle(&Request::new(Method::Get, "/assets/yasgui.min.js")).unwrap();
        assert_eq!(r.status, 200);
        assert_eq!(
            r.header("Content-Type"),
            Some("text/javascript; charset=utf-8")
        );
        assert_eq!(r.header("Cache-Control"), Some("no-cache"));
        assert!(r.bytes().len() > 500_000);
        let etag = r.header("ETag").unwrap().to_string();

        let versioned = url("yasgui.min.js");
        let r = handle(&Request::new(Method::Get, &versioned)).unwrap();
        assert!(r.header("Cache-Control").unwrap().contains("immutable"));

        let r = handle(
            &Request::new(Method::Get, "/assets/yasgui.min.js").with_header("If-None-Match", &etag),
        )
        .unwrap();
        assert_eq!(r.status, 304);
        assert!(r.bytes().is_empty());

        let css = handle(&Request::new(Method::Get, "/assets/yasgui.min.css")).unwrap();
        assert_eq!(css.header("Content-Type"), Some("text/css; charset=utf-8"));
        assert!(handle(&Request::new(Method::Get, "/assets/nothing.js")).is_none());
        assert!(handle(&Request::new(Method::Get, "/assets/")).is_none());
    }

    #[test]
    fn the_editor_completes_our_prefixes() {
        let r = handle(&Request::new(Method::Get, "/assets/prefixes.json")).unwrap();
        let json: serde_json::Value = serde_json::from_slice(r.bytes()).unwrap();
        assert_eq!(json["edu"], "https://w3id.org/edupol/ontology#");
        assert_eq!(json["eduid"], "https://w3id.org/edupol/id/");
    }

    #[test]
    fn nothing_is_loaded_from_elsewhere() {
        // The stylesheet pulls no fonts or images from the web.
        let css =
            std::str::from_utf8(include_bytes!("../../assets/yasgui/yasgui.min.css")).unwrap();
        assert!(!css.contains("@import"));
        for url in css.split("url(").skip(1) {
            let target = url.trim_start_matches(['"', '\'']);
            assert!(target.starts_with("data:"), "the CSS loads {target:.60}");
        }
    }
}
