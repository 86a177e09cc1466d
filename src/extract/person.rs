//! People and the posts they hold.

use super::{Context, Lexicon, PersonMention, Post};
use crate::document::Document;

pub fn extract(
    _doc: &Document,
    _lexicon: &Lexicon,
    _context: &Context,
) -> (Vec<PersonMention>, Vec<Post>) {
    (Vec::new(), Vec::new())
}
