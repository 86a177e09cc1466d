//! The restriction slots of saved queries: a line `VALUES ?name { UNDEF }`
//! keeps every row until values replace its `UNDEF`, which is what
//! `edupol query --bind name=value` does. The saved queries put their slots
//! where evaluation starts, so a bound query is a lookup (a third of a
//! second on 10,000 documents) where the full listing takes minutes.
//!
//! Textual, before the query is parsed: the query's own syntax errors are
//! still reported against the text as written.

use std::sync::LazyLock;

use regex::Regex;

/// A slot on a line that is not a comment: its variable's name.
static SLOT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^([^#\n]*?)\bVALUES\s+[?$](\w+)\s*\{\s*UNDEF\s*\}")
        .expect("the slot pattern is valid")
});

/// Why values could not be bound.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum SlotError {
    #[error("{}", missing_slot(.name, .slots))]
    NoSuchSlot { name: String, slots: Vec<String> },
    #[error(
        "the value {value:?} for ?{name} starts with < but is not an IRI (<https://…>): \
         write the name as it is, without angle brackets, to give a string"
    )]
    NotAnIri { name: String, value: String },
}

fn missing_slot(name: &str, slots: &[String]) -> String {
    let hint = "a line `VALUES ?NAME { UNDEF }` that --bind NAME=VALUE fills";
    if slots.is_empty() {
        format!("the query has no slot to bind ({hint})")
    } else {
        let listed: Vec<String> = slots.iter().map(|s| format!("?{s}")).collect();
        format!(
            "the query has no slot ?{name} ({hint}); its slots: {}",
            listed.join(", ")
        )
    }
}

/// The names of the slots of `query`, in order, each once.
pub fn slots(query: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for found in SLOT.captures_iter(query) {
        let name = &found[2];
        if !names.iter().any(|n| n == name) {
            names.push(name.to_string());
        }
    }
    names
}

/// `query` with the values of `bindings` (name, value) in its slots: the
/// values of one name, in the order given, replace the `UNDEF` of every slot
/// of that name. A value is a plain string literal, or an IRI written
/// `<…>`.
pub fn bind(query: &str, bindings: &[(String, String)]) -> Result<String, SlotError> {
    let known = slots(query);
    let mut terms: Vec<(&str, Vec<String>)> = Vec::new();
    for (name, value) in bindings {
        if !known.contains(name) {
            return Err(SlotError::NoSuchSlot {
                name: name.clone(),
                slots: known,
            });
        }
        let term = term(name, value)?;
        match terms.iter_mut().find(|(n, _)| n == name) {
            Some((_, values)) => values.push(term),
            None => terms.push((name, vec![term])),
        }
    }
    let bound = SLOT.replace_all(query, |found: &regex::Captures<'_>| {
        let (before, name) = (&found[1], &found[2]);
        match terms.iter().find(|(n, _)| *n == name) {
            Some((_, values)) => format!("{before}VALUES ?{name} {{ {} }}", values.join(" ")),
            None => found[0].to_string(),
        }
    });
    Ok(bound.into_owned())
}

/// A value as a SPARQL term.
fn term(name: &str, value: &str) -> Result<String, SlotError> {
    if let Some(rest) = value.strip_prefix('<') {
        let iri = rest.strip_suffix('>').unwrap_or_default();
        return match oxigraph::model::NamedNode::new(iri) {
            Ok(_) if !iri.contains(['<', '>', '"', '{', '}', '|', '^', '`', '\\']) => {
                Ok(format!("<{iri}>"))
            }
            _ => Err(SlotError::NotAnIri {
                name: name.to_string(),
                value: value.to_string(),
            }),
        };
    }
    let mut literal = String::with_capacity(value.len() + 2);
    literal.push('"');
    for c in value.chars() {
        match c {
            '"' => literal.push_str("\\\""),
            '\\' => literal.push_str("\\\\"),
            '\n' => literal.push_str("\\n"),
            '\r' => literal.push_str("\\r"),
            c => literal.push(c),
        }
    }
    literal.push('"');
    Ok(literal)
}

#[cfg(test)]
mod tests {
    use super::*;

    const QUERY: &str = "# VALUES ?place { UNDEF } in a comment is no slot\n\
        SELECT * WHERE {\n  VALUES ?place { UNDEF }\n  ?f edu:scope ?pl .\n  \
        VALUES  $year {UNDEF}\n}";

    fn binding(name: &str, value: &str) -> (String, String) {
        (name.to_string(), value.to_string())
    }

    #[test]
    fn slots_are_read_from_code_lines_only() {
        assert_eq!(slots(QUERY), ["place", "year"]);
        assert!(slots("SELECT * { VALUES ?x { \"a\" } }").is_empty());
    }

    #[test]
    fn values_fill_their_slots_in_the_order_given() {
        let bound = bind(
            QUERY,
            &[
                binding("place", "嵊泗县"),
                binding("year", "2025"),
                binding("place", "舟山市"),
            ],
        )
        .unwrap();
        assert!(bound.contains("  VALUES ?place { \"嵊泗县\" \"舟山市\" }\n"));
        assert!(bound.contains("  VALUES ?year { \"2025\" }\n"));
        assert!(bound.starts_with("# VALUES ?place { UNDEF } in a comment"));
        // An unbound slot stays as it was.
        let only_year = bind(QUERY, &[binding("year", "2025")]).unwrap();
        assert!(only_year.contains("  VALUES ?place { UNDEF }\n"));
    }

    #[test]
    fn strings_are_escaped_and_iris_checked() {
        let bound = bind(QUERY, &[binding("place", "a\"b\\c\nd")]).unwrap();
        assert!(bound.contains(r#"VALUES ?place { "a\"b\\c\nd" }"#));
        let iri = bind(QUERY, &[binding("place", "<https://w3id.org/edupol/id/x>")]).unwrap();
        assert!(iri.contains("VALUES ?place { <https://w3id.org/edupol/id/x> }"));
        for bad in [
            "<not an iri>",
            "<https://x.org/a>b>",
            "<relative>",
            "<https://x.org/a",
        ] {
            assert!(
                matches!(
                    bind(QUERY, &[binding("place", bad)]),
                    Err(SlotError::NotAnIri { .. })
                ),
                "{bad}"
            );
        }
    }

    #[test]
    fn an_unknown_name_lists_the_slots() {
        let e = bind(QUERY, &[binding("district", "越城区")]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "the query has no slot ?district (a line `VALUES ?NAME { UNDEF }` that \
             --bind NAME=VALUE fills); its slots: ?place, ?year"
        );
        let none = bind("SELECT * {}", &[binding("x", "1")]).unwrap_err();
        assert!(none
            .to_string()
            .starts_with("the query has no slot to bind"));
    }
}
