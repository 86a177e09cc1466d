//! The pure part of the pipeline: text in, analysed [`Document`] out.

use crate::document::Document;
use crate::extract::{self, Lexicon};
use crate::{normalize, segment};

/// Normalizes, segments and extracts one decoded text.
///
/// `file_name` is the name the document is known by (`000_x.txt`, no folders).
pub fn analyze(file_name: &str, original: &str, lexicon: &Lexicon) -> Document {
    let normalized = normalize::normalize(original);
    let mut doc = Document::new(
        file_name.to_string(),
        original.to_string(),
        normalized.text,
        normalized.origin,
    );
    segment::segment(&mut doc);
    extract::extract(&mut doc, lexicon);
    doc
}
