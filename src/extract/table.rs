//! Tab-separated annex tables, as the PDF text of a plan's schedule leaves them:
//!
//! ```text
//! 项目\t时间\t越城区\t柯桥区\t全市创建
//! 全国义务教育优质均衡发展县\t2021\t\t通过评估验收
//! \t2023\t达到创建标准\t\t达到 100%
//! ```
//!
//! A row with a year cell (`2021`, `2021年`) is a data row: its first cell
//! names the item, carried down the rows below while they leave it empty, and
//! the cells after the year belong to the columns of the last header row (a
//! row with no year). A line without a tab ends the table. [`cells`] yields
//! every non-empty data cell with its item, year and column; the extractors
//! decide what a cell means (a number for `quantity`, a status for
//! `milestone`).

use super::{CanonicalNames, Context};
use crate::document::Document;

/// One non-empty data cell of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell<'d> {
    /// The row's item (`全国义务教育优质均衡发展县`), empty when no row above named one.
    pub item: &'d str,
    /// The row's year.
    pub year: i32,
    /// The column's header (`越城区`, `全市创建`), empty when the header is shorter.
    pub column: &'d str,
    /// The cell, trimmed.
    pub text: &'d str,
    /// Byte offset of `text` in `Document::text`.
    pub start: usize,
    /// Index into `Document::sentences` of the sentence holding the cell.
    pub sentence: usize,
}

impl Cell<'_> {
    /// The place the cell is about: its column's (by the canonical name of the
    /// document's place mentions when the header is a short form), or, for a
    /// column that speaks for the whole area (`全市创建`) or has no header, the
    /// home of the document.
    pub fn place(
        &self,
        doc: &Document,
        context: &Context,
        places: &CanonicalNames<'_>,
    ) -> Option<String> {
        if self.column.is_empty() || self.column.starts_with('全') {
            return context
                .home_of_sentence(doc, self.sentence)
                .local()
                .map(str::to_string);
        }
        Some(places.of_written(self.column).to_string())
    }
}

/// Every non-empty data cell of the tab-separated tables of `doc`, in reading order.
pub fn cells(doc: &Document) -> Vec<Cell<'_>> {
    let mut out = Vec::new();
    let mut header: Vec<&str> = Vec::new();
    let mut item = "";
    let mut offset = 0;
    for line in doc.text.split_inclusive('\n') {
        let line_start = offset;
        offset += line.len();
        let line = line.trim_end_matches(['\n', '\r']);
        if !line.contains('\t') {
            if !line.trim().is_empty() {
                header.clear();
                item = "";
            }
            continue;
        }
        let row: Vec<(usize, &str)> = line
            .split('\t')
            .scan(line_start, |at, cell| {
                let start = *at;
                *at += cell.len() + 1;
                Some((start, cell))
            })
            .collect();
        let Some((year_column, year)) = row
            .iter()
            .enumerate()
            .find_map(|(column, (_, cell))| cell_year(cell).map(|year| (column, year)))
        else {
            header = row.iter().map(|(_, cell)| heading(cell)).collect();
            item = "";
            continue;
        };
        if year_column > 0 && !heading(row[0].1).is_empty() {
            item = heading(row[0].1);
        }
        for (column, &(cell_start, cell)) in row.iter().enumerate().skip(year_column + 1) {
            let text = cell.trim();
            if text.is_empty() {
                continue;
            }
            let start = cell_start + (cell.len() - cell.trim_start().len());
            let Some(sentence) = sentence_index(doc, start) else {
                continue;
            };
            out.push(Cell {
                item,
                year,
                column: header.get(column).copied().unwrap_or(""),
                text,
                start,
                sentence,
            });
        }
    }
    out
}

/// A header or item cell without the text a lost line break glued in front
/// of it (`…提高培养质量。健全三级党建项目` → `健全三级党建项目`): a heading
/// is a name, never a sentence or a clause, so it is what follows the last
/// sentence or clause end.
fn heading(cell: &str) -> &str {
    const ENDS: [char; 5] = ['。', '；', '！', '？', '，'];
    let cell = cell.trim();
    match cell.rfind(ENDS) {
        Some(end) => cell[end..].trim_start_matches(ENDS).trim(),
        None => cell,
    }
}

/// A cell that is just a year (`2021`, `2021年`).
fn cell_year(cell: &str) -> Option<i32> {
    let cell = cell.trim().trim_end_matches('年');
    (cell.len() == 4 && cell.bytes().all(|b| b.is_ascii_digit()))
        .then(|| cell.parse().ok())
        .flatten()
        .filter(|y| (1950..=2100).contains(y))
}

/// The sentence containing byte `offset`, else the last one starting before it.
fn sentence_index(doc: &Document, offset: usize) -> Option<usize> {
    doc.sentence_at(offset).or_else(|| {
        let i = doc.sentences.partition_point(|s| s.span.start <= offset);
        i.checked_sub(1)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> Document {
        let mut doc = Document::from_normalized("t.txt", text);
        crate::segment::segment(&mut doc);
        doc
    }

    #[test]
    fn rows_carry_their_item_down_and_cells_take_the_header() {
        let text = "附件\n项目\t时间\t越城区\t柯桥区\n全国义务教育优质均衡发展县\t2021\t\t 通过评估验收 \n\t2023年\t达到创建标准\t\n";
        let doc = table(text);
        let cells: Vec<_> = cells(&doc)
            .iter()
            .map(|c| (c.item, c.year, c.column, c.text))
            .collect();
        assert_eq!(
            cells,
            [
                ("全国义务教育优质均衡发展县", 2021, "柯桥区", "通过评估验收"),
                ("全国义务教育优质均衡发展县", 2023, "越城区", "达到创建标准"),
            ]
        );
        for cell in super::cells(&doc) {
            assert_eq!(&text[cell.start..cell.start + cell.text.len()], cell.text);
        }
    }

    #[test]
    fn a_line_without_tabs_ends_the_table() {
        let doc = table(
            "项目\t时间\t越城区\n省现代化学校\t2025\t达到创建标准\n说明\n\t2025\t达到创建标准\n",
        );
        let cells = cells(&doc);
        assert_eq!(cells.len(), 2);
        assert_eq!((cells[1].item, cells[1].column), ("", ""));
    }

    #[test]
    fn rows_without_a_year_are_headers_not_data() {
        let doc = table("项目\t越城区\t柯桥区\n学校\t达到创建标准\t达到 100%\n");
        assert!(cells(&doc).is_empty());
    }

    #[test]
    fn sentences_glued_before_an_item_or_header_are_left_out() {
        let doc = table(
            "提高培养质量。一是聚焦党建。健全三级党建项目\t时间\t越城区\n\
             坚持为党育人，省现代化学校\t2025\t达到创建标准\n\
             全面推进。\t2026\t达到创建标准\n",
        );
        let cells: Vec<_> = cells(&doc).iter().map(|c| (c.item, c.column)).collect();
        // An item that is only a sentence is no item: the one above carries down.
        assert_eq!(
            cells,
            [("省现代化学校", "越城区"), ("省现代化学校", "越城区")]
        );
        assert_eq!(
            heading(" 全国义务教育优质均衡发展县 "),
            "全国义务教育优质均衡发展县"
        );
    }

    #[test]
    fn a_year_cell_is_four_digits() {
        assert_eq!(cell_year(" 2021 "), Some(2021));
        assert_eq!(cell_year("2025年"), Some(2025));
        assert_eq!(cell_year("20251"), None);
        assert_eq!(cell_year("100%"), None);
        assert_eq!(cell_year("1066"), None);
    }
}
