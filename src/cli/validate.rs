//! `edupol validate`: the report of [`crate::validate`] as text or JSON.

use std::io::{self, BufWriter, Write};
use std::path::Path;

use super::Failure;
use crate::store::Store;
use crate::validate::{self, short, Report};

pub fn run(store_path: &Path, json: bool) -> Result<(), Failure> {
    let store = Store::open_read_only(store_path)?;
    let report = validate::validate(&store)?;
    let mut out = BufWriter::new(io::stdout().lock());
    if json {
        let value = serde_json::json!({
            "conforms": report.conforms(),
            "shapes": report.shapes,
            "constraints": report.constraints,
            "focus_nodes": report.focus_nodes,
            "violations": report.violations,
        });
        let text = serde_json::to_string_pretty(&value).expect("a report serializes");
        writeln!(out, "{text}")?;
    } else {
        write_text(&report, &mut out)?;
    }
    out.flush()?;
    if report.conforms() {
        Ok(())
    } else {
        Err(Failure::Failed(format!(
            "the store does not conform to the shapes: {} violation(s)",
            report.violations.len()
        )))
    }
}

fn write_text(report: &Report, out: &mut impl Write) -> io::Result<()> {
    for v in &report.violations {
        writeln!(out, "{}", v.focus)?;
        writeln!(out, "  shape:      {}", short(&v.shape))?;
        writeln!(out, "  path:       {}", short(&v.path))?;
        writeln!(out, "  constraint: {}", v.constraint)?;
        if let Some(value) = &v.value {
            writeln!(out, "  value:      {value}")?;
        }
        writeln!(out, "  message:    {}", v.message)?;
        writeln!(
            out,
            "  source:     {}",
            v.source.as_deref().unwrap_or("(unknown)")
        )?;
    }
    let documents: std::collections::BTreeSet<_> =
        report.violations.iter().map(|v| &v.source).collect();
    if report.conforms() {
        writeln!(
            out,
            "conforms: {} focus node(s) checked against {} shape(s), {} constraint(s); no violations",
            report.focus_nodes, report.shapes, report.constraints
        )
    } else {
        writeln!(
            out,
            "{} violation(s) in {} source(s): {} focus node(s) checked against {} shape(s), {} constraint(s)",
            report.violations.len(),
            documents.len(),
            report.focus_nodes,
            report.shapes,
            report.constraints
        )
    }
}
