//! Where a node lives on this server: the IRI `{base}{rest}` is served at
//! `/id/{rest}`.
//!
//! IRIs hold Chinese characters, and `triples.rs` percent-encodes what an IRI
//! path segment cannot hold (`/` in a name is `%2F`). A link therefore
//! percent-encodes only the non-ASCII characters (the IRI-to-URI mapping of
//! RFC 3987), and a request path is mapped back by decoding only those, so
//! `%2F` inside a name survives the round trip. A path that a client encoded
//! further (every byte) is also understood, by decoding it fully.

use oxigraph::model::NamedNode;
use percent_encoding::{percent_decode_str, utf8_percent_encode, CONTROLS};

/// The path under which local nodes are served.
pub const PREFIX: &str = "/id/";

/// The local path of `iri`, if it is under `base`: `/id/org/%E5%B5%8A…`.
pub fn href(iri: &str, base: &str) -> Option<String> {
    let rest = iri.strip_prefix(base).filter(|r| !r.is_empty())?;
    Some(format!("{PREFIX}{}", utf8_percent_encode(rest, CONTROLS)))
}

/// The IRIs a request path under `/id/` may name, most likely first. Only
/// valid IRIs are returned.
pub fn candidates(path: &str, base: &str) -> Vec<NamedNode> {
    let Some(rest) = path.strip_prefix(PREFIX).filter(|r| !r.is_empty()) else {
        return Vec::new();
    };
    let mut iris = vec![format!("{base}{}", uri_to_iri(rest))];
    if let Ok(decoded) = percent_decode_str(rest).decode_utf8() {
        let full = format!("{base}{decoded}");
        if !iris.contains(&full) {
            iris.push(full);
        }
    }
    iris.into_iter()
        .filter_map(|iri| NamedNode::new(iri).ok())
        .collect()
}

/// Decodes the escapes of non-ASCII UTF-8 characters and of unreserved ASCII
/// characters; keeps every other escape (upper-cased) and every other byte.
fn uri_to_iri(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = String::with_capacity(path.len());
    let mut i = 0;
    while i < bytes.len() {
        // A run of escapes, decoded together: a character spans several.
        let mut run = Vec::new();
        while let Some(b) = escape_at(bytes, i) {
            run.push(b);
            i += 3;
        }
        for chunk in run.utf8_chunks() {
            for c in chunk.valid().chars() {
                if !c.is_ascii() || c.is_ascii_alphanumeric() || "-._~".contains(c) {
                    out.push(c);
                } else {
                    out.push_str(&format!("%{:02X}", c as u32));
                }
            }
            for b in chunk.invalid() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
        // Then the plain text up to the next escape.
        let start = i;
        while i < bytes.len() && escape_at(bytes, i).is_none() {
            i += 1;
        }
        out.push_str(&String::from_utf8_lossy(&bytes[start..i]));
    }
    out
}

/// The byte that `%XX` at `i` encodes.
fn escape_at(bytes: &[u8], i: usize) -> Option<u8> {
    if bytes.get(i) != Some(&b'%') {
        return None;
    }
    let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
    u8::from_str_radix(hex, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "https://w3id.org/edupol/id/";

    #[test]
    fn links_encode_only_non_ascii() {
        assert_eq!(
            href("https://w3id.org/edupol/id/org/嵊泗县", BASE).unwrap(),
            "/id/org/%E5%B5%8A%E6%B3%97%E5%8E%BF"
        );
        assert_eq!(
            href("https://w3id.org/edupol/id/initiative/a%20b%2Fc", BASE).unwrap(),
            "/id/initiative/a%20b%2Fc"
        );
        assert_eq!(href("http://xmlns.com/foaf/0.1/Person", BASE), None);
        assert_eq!(href(BASE, BASE), None);
    }

    #[test]
    fn paths_map_back_to_the_iri() {
        for iri in [
            "https://w3id.org/edupol/id/org/嵊泗县教育局",
            "https://w3id.org/edupol/id/doc/000_2657467a4493b439/quantity/3",
            "https://w3id.org/edupol/id/initiative/a%20b%2Fc",
        ] {
            let path = href(iri, BASE).unwrap();
            assert_eq!(candidates(&path, BASE)[0].as_str(), iri, "{path}");
        }
    }

    #[test]
    fn fully_encoded_and_raw_paths_are_understood() {
        // every slash encoded
        let c = candidates("/id/doc%2F000%2Fquantity%2F3", BASE);
        assert!(c
            .iter()
            .any(|n| n.as_str() == "https://w3id.org/edupol/id/doc/000/quantity/3"));
        // raw UTF-8, lower-case escapes
        assert_eq!(
            candidates("/id/org/嵊泗%e5%8e%bf", BASE)[0].as_str(),
            "https://w3id.org/edupol/id/org/嵊泗县"
        );
    }

    #[test]
    fn malformed_paths_give_no_candidate_or_a_literal_one() {
        assert!(candidates("/id/", BASE).is_empty());
        assert!(candidates("/other", BASE).is_empty());
        // invalid UTF-8 stays escaped, a stray % stays as it is
        assert_eq!(
            candidates("/id/x%FF%", BASE)
                .iter()
                .map(|n| n.as_str().to_string())
                .collect::<Vec<_>>(),
            Vec::<String>::new(),
            "a lone % is not a valid IRI"
        );
        assert_eq!(
            candidates("/id/x%ff", BASE)[0].as_str(),
            "https://w3id.org/edupol/id/x%FF"
        );
        assert!(candidates("/id/a%20<b>", BASE).is_empty());
    }
}
