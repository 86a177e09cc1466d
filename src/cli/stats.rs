//! `edupol stats`: the counts of [`crate::stats`] as terminal tables or JSON.

use std::io::{self, BufWriter, Write};
use std::path::Path;

use comfy_table::{presets::UTF8_FULL_CONDENSED, CellAlignment, ContentArrangement, Table};

use super::table::shorten;
use super::Failure;
use crate::stats::{self, Stats};
use crate::store::Store;

pub fn run(store_path: &Path, json: bool, top: usize) -> Result<(), Failure> {
    let store = Store::open_read_only(store_path)?;
    let stats = stats::compute(&store, top)?;
    let mut out = BufWriter::new(io::stdout().lock());
    if json {
        let text = serde_json::to_string_pretty(&stats).expect("stats serialize");
        writeln!(out, "{text}")?;
    } else {
        write_tables(&stats, store_path, &mut out)?;
    }
    out.flush()?;
    Ok(())
}

fn write_tables(stats: &Stats, store_path: &Path, out: &mut impl Write) -> io::Result<()> {
    writeln!(
        out,
        "{}: {} document(s), {} quads (the ontology included)\n",
        store_path.display(),
        stats.documents,
        stats.quads
    )?;

    writeln!(out, "Nodes per class")?;
    let rows = stats
        .classes
        .iter()
        .map(|c| vec![shorten(&c.class), c.nodes.to_string()]);
    writeln!(out, "{}\n", table(&["class", "nodes"], rows))?;

    writeln!(out, "Per document")?;
    let rows = stats.per_document.iter().map(|d| {
        vec![
            d.file.clone().unwrap_or_else(|| shorten(&d.document)),
            d.quads.to_string(),
            d.articles.to_string(),
            d.quantities.to_string(),
        ]
    });
    writeln!(
        out,
        "{}\n",
        table(&["document", "quads", "articles", "quantities"], rows)
    )?;

    writeln!(out, "Quantities per unit")?;
    let rows = stats.units.iter().map(|u| {
        vec![
            u.unit.clone(),
            u.targets.to_string(),
            u.figures.to_string(),
            u.total.to_string(),
        ]
    });
    writeln!(
        out,
        "{}\n",
        table(&["unit", "targets", "figures", "total"], rows)
    )?;

    writeln!(
        out,
        "Institutions in the most documents (top {})",
        stats.institutions.len()
    )?;
    let rows = stats.institutions.iter().map(|i| {
        vec![
            i.label.clone().unwrap_or_else(|| shorten(&i.institution)),
            i.documents.to_string(),
            i.mentions.to_string(),
        ]
    });
    writeln!(
        out,
        "{}",
        table(&["institution", "documents", "mentions"], rows)
    )?;
    Ok(())
}

/// A table whose columns after the first are right-aligned numbers.
fn table(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> Table {
    let mut table = Table::new();
    table
        .load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(header.to_vec());
    for row in rows {
        table.add_row(row);
    }
    for i in 1..header.len() {
        if let Some(column) = table.column_mut(i) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    table
}
