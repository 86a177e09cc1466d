//! The one value that travels through the pipeline.
//!
//! Like a spaCy `Doc`, a [`Document`] carries the normalized text and, layer by
//! layer, the typed spans each stage adds: segmentation adds articles and
//! sentences, each extractor adds its facts. Every span is a byte range into
//! [`Document::text`]; [`Document::original_range`] maps it back to the text as it
//! was read, so evidence can always be shown as written.

use std::ops::Range;

use crate::extract::Facts;

/// A byte range into the normalized text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        Span { start, end }
    }

    pub fn range(self) -> Range<usize> {
        self.start..self.end
    }

    pub fn len(self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// What kind of publication a file is, as far as segmentation can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DocumentKind {
    /// A government notice (通知) with 文号 and date.
    Notice,
    /// A supervision bulletin or work report made of numbered news items.
    Bulletin,
    /// A newspaper page with several signed articles.
    #[default]
    NewspaperPage,
}

/// What kind of text an article is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArticleKind {
    Speech,
    Notice,
    NewsItem,
    CaseStudy,
    EditorsNote,
}

/// One article: a speech, a notice, a news item or an editor's note.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    pub kind: ArticleKind,
    /// The headline, written in full (line breaks and PDF spaces removed).
    pub title: Option<String>,
    /// The body (without headline and byline lines).
    pub body: Span,
    /// The authoring institution as written in the byline (`嵊泗县教育局`).
    pub author_org: Option<String>,
    /// The author's name, where a byline gives one.
    pub author_person: Option<String>,
    /// The author's posts as written in an author line (`党委书记、局长`).
    pub author_titles: Vec<String>,
}

/// One sentence, ending at 。！？；or a paragraph break.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    pub span: Span,
    /// Index into [`Document::articles`].
    pub article: usize,
}

/// Facts about the whole file that segmentation reads off its front matter.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocumentMeta {
    pub kind: DocumentKind,
    pub title: Option<String>,
    /// 文号, e.g. `绍政办发〔2021〕2号`.
    pub doc_number: Option<String>,
    /// Issue date as `YYYY-MM-DD`.
    pub date: Option<String>,
    /// The year the document speaks from: its date, else the latest year it names
    /// that is not in the future of its other years.
    pub year: Option<i32>,
    /// Plan period (`2021—2025年`), whose end year targets default to.
    pub plan_period: Option<(i32, i32)>,
}

/// A source document and everything the pipeline learned about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// File name without folders: the key the contract uses (`edu:sourceFile`).
    pub file_name: String,
    /// The decoded text as read.
    pub original: String,
    /// The normalized text that every span points into.
    pub text: String,
    /// For every byte of `text` plus one past the end, the byte offset in
    /// `original` it came from.
    pub(crate) origin: Vec<u32>,
    pub meta: DocumentMeta,
    pub articles: Vec<Article>,
    pub sentences: Vec<Sentence>,
    pub facts: Facts,
}

impl Document {
    /// Builds a document whose normalized text and offset map are given.
    pub fn new(file_name: String, original: String, text: String, origin: Vec<u32>) -> Self {
        debug_assert_eq!(origin.len(), text.len() + 1);
        Document {
            file_name,
            original,
            text,
            origin,
            meta: DocumentMeta::default(),
            articles: Vec::new(),
            sentences: Vec::new(),
            facts: Facts::default(),
        }
    }

    /// A document whose text needs no normalization (tests, generated text).
    pub fn from_normalized(file_name: &str, text: &str) -> Self {
        let origin = (0..=text.len() as u32).collect();
        Document::new(file_name.into(), text.into(), text.into(), origin)
    }

    pub fn slice(&self, span: Span) -> &str {
        &self.text[span.range()]
    }

    /// The range of the original text that `span` was normalized from.
    pub fn original_range(&self, span: Span) -> Range<usize> {
        let start = self.origin[span.start] as usize;
        let end = if span.is_empty() {
            start
        } else {
            // One past the last original byte that produced the span's last byte.
            let last = self.origin[span.end - 1] as usize;
            let width = self.original[last..]
                .chars()
                .next()
                .map_or(0, char::len_utf8);
            last + width
        };
        start..end
    }

    /// The original text of `span`, as it stood in the file.
    pub fn original_slice(&self, span: Span) -> &str {
        &self.original[self.original_range(span)]
    }

    /// The file name without its extension, used in IRIs.
    pub fn stem(&self) -> &str {
        self.file_name
            .rsplit_once('.')
            .map_or(self.file_name.as_str(), |(stem, _)| stem)
    }

    /// The article that sentence `sentence` belongs to.
    pub fn article_of_sentence(&self, sentence: usize) -> Option<&Article> {
        self.sentences
            .get(sentence)
            .and_then(|s| self.articles.get(s.article))
    }

    /// The index of the sentence containing byte `offset`, if any.
    pub fn sentence_at(&self, offset: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.span.end <= offset);
        (i < self.sentences.len() && self.sentences[i].span.start <= offset).then_some(i)
    }
}
