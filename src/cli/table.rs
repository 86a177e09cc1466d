//! SELECT results as an aligned terminal table.

use std::io::Write;

use comfy_table::{presets::UTF8_FULL_CONDENSED, ContentArrangement, Table};
use oxigraph::model::Term;
use oxigraph::sparql::QuerySolutionIter;

use super::Failure;
use crate::vocab::PREFIXES;

/// Writes solutions as a table; CJK characters count double width.
pub fn write_table(solutions: QuerySolutionIter<'_>, out: &mut impl Write) -> Result<(), Failure> {
    let variables: Vec<String> = solutions
        .variables()
        .iter()
        .map(|v| v.as_str().to_string())
        .collect();
    let mut table = Table::new();
    table
        .load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(&variables);
    let mut rows = 0;
    for solution in solutions {
        let solution = solution.map_err(|e| Failure::Failed(format!("query failed: {e}")))?;
        let row: Vec<String> = solution
            .values()
            .iter()
            .map(|v| v.as_ref().map(show).unwrap_or_default())
            .collect();
        table.add_row(row);
        rows += 1;
    }
    writeln!(out, "{table}")?;
    writeln!(out, "{rows} row(s)")?;
    Ok(())
}

/// A term as an analyst wants to read it: literals bare, IRIs shortened.
fn show(term: &Term) -> String {
    match term {
        Term::Literal(l) => {
            let value = l.value();
            let one_line: String = value.split_whitespace().collect::<Vec<_>>().join(" ");
            truncate(&one_line, 60)
        }
        Term::NamedNode(n) => shorten(n.as_str()),
        other => other.to_string(),
    }
}

pub(super) fn shorten(iri: &str) -> String {
    PREFIXES
        .iter()
        .filter(|(_, ns)| iri.starts_with(ns))
        .max_by_key(|(_, ns)| ns.len())
        .map_or_else(
            || format!("<{iri}>"),
            |(p, ns)| format!("{p}:{}", &iri[ns.len()..]),
        )
}

fn truncate(s: &str, max_chars: usize) -> String {
    if s.chars().count() <= max_chars {
        s.to_string()
    } else {
        let cut: String = s.chars().take(max_chars - 1).collect();
        format!("{cut}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iris_are_shortened_with_the_contract_prefixes() {
        assert_eq!(
            shorten("https://w3id.org/edupol/ontology#Target"),
            "edu:Target"
        );
        assert_eq!(
            shorten("https://w3id.org/edupol/id/org/嘉兴市教育局"),
            "eduid:org/嘉兴市教育局"
        );
        assert_eq!(shorten("http://example.org/x"), "<http://example.org/x>");
    }

    #[test]
    fn long_literals_are_cut() {
        assert_eq!(truncate("一二三四五", 3), "一二…");
        assert_eq!(truncate("一二", 3), "一二");
    }
}
