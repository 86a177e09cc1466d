//! Milestones: the cells of a plan's schedule table that state a step rather
//! than a number.
//!
//! ```text
//! 项目\t时间\t越城区\t柯桥区
//! 全国义务教育优质均衡发展县\t2021\t\t通过评估验收
//! \t2023\t达到创建标准
//! ```
//!
//! gives (柯桥区, 全国义务教育优质均衡发展县, 2021, 通过评估验收) and (越城区, …,
//! 2023, 达到创建标准). The tables are read by [`table::cells`]; a cell with a
//! number in it (`达到 100%`, `创建率列全省前四位`) is a quantity instead and is
//! left to `quantity`. The row's item is resolved to the canonical name of the
//! initiative mention it names (`省现代化学校` → `浙江省现代化学校`), so that a
//! milestone points at the node the initiative extractor made.

use super::quantity::scan;
use super::{table, CanonicalNames, Context, Evidence, Lexicon, Milestone};
use crate::document::{Document, Span};

/// Reads the milestones of the schedule tables of `doc`.
pub fn extract(doc: &Document, _lexicon: &Lexicon, context: &Context) -> Vec<Milestone> {
    let initiatives = CanonicalNames::of_names_and_aliases(&doc.facts.initiatives);
    let places = CanonicalNames::of_aliases(&doc.facts.places);
    table::cells(doc)
        .into_iter()
        .filter(|cell| !cell.item.is_empty() && is_status(cell.text))
        .map(|cell| Milestone {
            initiative: initiatives.of_written(cell.item).to_string(),
            place: cell.place(doc, context, &places),
            year: cell.year,
            status: cell.text.to_string(),
            evidence: Evidence {
                span: Span::new(cell.start, cell.start + cell.text.len()),
                sentence: cell.sentence,
            },
        })
        .collect()
}

/// A cell states a step when it says something in words (not a dash or a tick)
/// and holds no number.
fn is_status(text: &str) -> bool {
    text.chars().any(is_han) && scan(text).is_empty()
}

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{InitiativeKind, InitiativeMention};

    /// The milestones of a normalized text, with `initiatives` already extracted.
    fn milestones(text: &str, initiatives: Vec<InitiativeMention>) -> Vec<Milestone> {
        let mut doc = Document::from_normalized("t.txt", text);
        crate::segment::segment(&mut doc);
        doc.facts.initiatives = initiatives;
        extract(&doc, &Lexicon::load(), &Context::default())
    }

    fn rows(milestones: &[Milestone]) -> Vec<(Option<&str>, &str, i32, &str)> {
        milestones
            .iter()
            .map(|m| {
                (
                    m.place.as_deref(),
                    m.initiative.as_str(),
                    m.year,
                    m.status.as_str(),
                )
            })
            .collect()
    }

    const SCHEDULE: &str = "附件\n项目\t时间\t越城区\t柯桥区\t上虞区\n全国义务教育优质均衡发展县\t2021\t\t通过评估验收\t达到 100%\n\t2023\t达到创建标准\t\t\n";

    #[test]
    fn year_from_the_row_and_district_from_the_header() {
        let m = milestones(SCHEDULE, Vec::new());
        assert_eq!(
            rows(&m),
            [
                (
                    Some("柯桥区"),
                    "全国义务教育优质均衡发展县",
                    2021,
                    "通过评估验收"
                ),
                (
                    Some("越城区"),
                    "全国义务教育优质均衡发展县",
                    2023,
                    "达到创建标准"
                ),
            ]
        );
        assert_eq!(&SCHEDULE[m[1].evidence.span.range()], "达到创建标准");
    }

    #[test]
    fn a_numeric_cell_is_not_a_milestone() {
        let text =
            "项目\t时间\t越城区\t柯桥区\n省现代化学校\t2025\t达到 100%\t创建率列全省前四位\n";
        assert!(milestones(text, Vec::new()).is_empty());
    }

    #[test]
    fn empty_and_wordless_cells_give_nothing() {
        let text = "项目\t时间\t越城区\t柯桥区\t上虞区\n省现代化学校\t2025\t\t  \t—\n";
        assert!(milestones(text, Vec::new()).is_empty());
    }

    #[test]
    fn a_table_without_a_year_column_gives_nothing() {
        let text = "项目\t越城区\t柯桥区\n省现代化学校\t达到创建标准\t通过评估验收\n";
        assert!(milestones(text, Vec::new()).is_empty());
    }

    #[test]
    fn a_row_with_no_item_gives_nothing() {
        let text = "项目\t时间\t越城区\n\t2025\t达到创建标准\n";
        assert!(milestones(text, Vec::new()).is_empty());
    }

    #[test]
    fn the_item_takes_the_initiative_mentions_canonical_name() {
        let text = "项目\t时间\t越城区\n省现代化学校\t2025\t达到创建标准\n";
        let mention = InitiativeMention {
            name: "浙江省现代化学校".into(),
            alias: Some("省现代化学校".into()),
            kind: InitiativeKind::Accreditation,
            evidence: Evidence {
                span: Span::new(0, 0),
                sentence: 0,
            },
        };
        let m = milestones(text, vec![mention]);
        assert_eq!(m[0].initiative, "浙江省现代化学校");
    }
}
