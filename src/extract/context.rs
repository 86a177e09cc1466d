//! The places a document and each of its articles speak from, used to resolve
//! short forms: 我县 → the author's county, 市教育局 → the city's bureau,
//! 省教育厅 → the province's department.

use super::{Lexicon, PlaceLevel};
use crate::document::Document;

/// The home divisions of one article, from the most local up.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Home {
    pub province: Option<String>,
    pub city: Option<String>,
    /// County-level unit (县, 县级市, 区).
    pub county: Option<String>,
    /// The most local of the three, with its level.
    pub level: Option<PlaceLevel>,
}

impl Home {
    /// The home division at `level` (Province, City, or County/District).
    pub fn at(&self, level: PlaceLevel) -> Option<&str> {
        match level {
            PlaceLevel::Province => self.province.as_deref(),
            PlaceLevel::City => self.city.as_deref(),
            PlaceLevel::County | PlaceLevel::District => self.county.as_deref(),
            PlaceLevel::Town | PlaceLevel::Other => None,
        }
    }

    /// The most local home division (what 我县/我市/我区/本地 refers to).
    pub fn local(&self) -> Option<&str> {
        self.county
            .as_deref()
            .or(self.city.as_deref())
            .or(self.province.as_deref())
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Context {
    /// Home of the whole document (from its issuing body, title and most named places).
    pub document: Home,
    /// Home of each article, indexed like `Document::articles`.
    pub articles: Vec<Home>,
}

impl Context {
    pub fn of(doc: &Document, _lexicon: &Lexicon) -> Context {
        Context {
            document: Home::default(),
            articles: vec![Home::default(); doc.articles.len()],
        }
    }

    /// The home of the article that sentence `sentence` belongs to.
    pub fn home_of_sentence(&self, doc: &Document, sentence: usize) -> &Home {
        doc.sentences
            .get(sentence)
            .and_then(|s| self.articles.get(s.article))
            .unwrap_or(&self.document)
    }
}
