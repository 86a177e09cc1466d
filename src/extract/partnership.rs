//! Partnerships: support or cooperation between two named institutions.

use super::{Context, Lexicon, Partnership};
use crate::document::Document;

pub fn extract(_doc: &Document, _lexicon: &Lexicon, _context: &Context) -> Vec<Partnership> {
    Vec::new()
}
