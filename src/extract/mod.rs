//! Extractors: pure functions from a segmented [`Document`] to typed facts.
//!
//! Each extractor reads the text and the layers added before it and returns its
//! own facts; [`extract`] runs them in order and stores the results in
//! `doc.facts`. Nothing here does I/O or knows RDF: `triples` maps facts to the
//! ontology.

pub mod context;
pub mod gazetteer;
pub mod initiative;
pub mod lexicon;
pub mod milestone;
pub mod organization;
pub mod partnership;
pub mod person;
pub mod place;
pub mod quantity;
pub mod table;

use std::collections::HashMap;

use crate::document::{Document, Span};
pub use context::Context;
pub use lexicon::{Lexicon, TaggedDocument};

/// Modal verbs of legal duty (`应当`, `必须`, `不得`): what a rule says shall
/// be is required, not reported. Initiatives and quantities both read them.
pub(crate) const DUTY_MODALS: &[&str] = &["应当", "必须", "不得"];

/// Whether `text` holds a modal verb of legal duty.
pub(crate) fn states_a_duty(text: &str) -> bool {
    DUTY_MODALS.iter().any(|m| text.contains(m))
}

/// Items looked up by one character (the first or last of their text): a
/// sorted table, quicker than hashing at every character of a text.
pub(crate) struct CharIndex<T> {
    entries: Vec<(char, Vec<T>)>,
    /// The keys of the main Han block (U+4E00–U+9FFF), a bit each: most
    /// characters looked up are keys of nothing, and one bit says so
    /// without the binary search.
    han_keys: Vec<u64>,
}

/// The main Han block (U+4E00–U+9FFF), where nearly every character looked
/// up lies: tables indexed by [`han_bit`] cover it.
const HAN_FIRST: u32 = 0x4E00;
pub(crate) const HAN_COUNT: u32 = 0x5200;

impl<T> CharIndex<T> {
    /// Indexes `items` by `key`, keeping their order under each character.
    pub fn new(items: impl IntoIterator<Item = T>, key: impl Fn(&T) -> Option<char>) -> Self {
        let mut entries: Vec<(char, Vec<T>)> = Vec::new();
        let mut han_keys = vec![0u64; HAN_COUNT.div_ceil(64) as usize];
        for item in items {
            let Some(c) = key(&item) else { continue };
            if let Some(bit) = han_bit(c) {
                han_keys[bit / 64] |= 1 << (bit % 64);
            }
            match entries.binary_search_by_key(&c, |e| e.0) {
                Ok(i) => entries[i].1.push(item),
                Err(i) => entries.insert(i, (c, vec![item])),
            }
        }
        CharIndex { entries, han_keys }
    }

    /// The items under `c`, in their order (empty if none).
    pub fn get(&self, c: char) -> &[T] {
        if let Some(bit) = han_bit(c) {
            if self.han_keys[bit / 64] & (1 << (bit % 64)) == 0 {
                return &[];
            }
        }
        match self.entries.binary_search_by_key(&c, |e| e.0) {
            Ok(i) => &self.entries[i].1,
            Err(_) => &[],
        }
    }
}

/// The place of `c` in the main Han block, if it lies there.
pub(crate) fn han_bit(c: char) -> Option<usize> {
    (c as u32)
        .checked_sub(HAN_FIRST)
        .filter(|&i| i < HAN_COUNT)
        .map(|i| i as usize)
}

/// Literal forms found together: every occurrence of every form, or whether
/// any occurs, in one walk of a text (an Aho-Corasick automaton), instead
/// of comparing each form of a list at each character (`memcmp`, `contains`).
pub(crate) struct Forms {
    automaton: aho_corasick::AhoCorasick,
}

impl Forms {
    /// The automaton of `forms`; a form is known by its index among them.
    pub fn new<'a>(forms: impl IntoIterator<Item = &'a str>) -> Forms {
        // A DFA: the quickest walk, for a few hundred forms a few MB.
        Forms::of_kind(aho_corasick::AhoCorasickKind::DFA, forms)
    }

    /// The automaton of the few forms of one document: quicker to build
    /// than [`Forms::new`]'s, slower to walk.
    pub fn few<'a>(forms: impl IntoIterator<Item = &'a str>) -> Forms {
        Forms::of_kind(aho_corasick::AhoCorasickKind::ContiguousNFA, forms)
    }

    fn of_kind<'a>(
        kind: aho_corasick::AhoCorasickKind,
        forms: impl IntoIterator<Item = &'a str>,
    ) -> Forms {
        Forms {
            automaton: aho_corasick::AhoCorasick::builder()
                .kind(Some(kind))
                .build(forms)
                .expect("literal forms, without a limit set, fit an automaton"),
        }
    }

    /// Whether any form occurs in `text`: `forms.iter().any(|f|
    /// text.contains(f))` in one walk.
    pub fn found_in(&self, text: &str) -> bool {
        self.automaton.is_match(text)
    }

    /// `(form, start, end)` of the occurrences of every form in `text`,
    /// sorted by form then start, as `text.match_indices(form)` would give
    /// them for each form in turn: occurrences of different forms may
    /// overlap, two of one form do not (the later one is dropped).
    pub fn find_each(&self, text: &str) -> Vec<(usize, usize, usize)> {
        // Most lines hold no form: the plain search skips them with a SIMD
        // prefilter, where the overlapping walk steps through every byte.
        if !self.found_in(text) {
            return Vec::new();
        }
        let mut hits: Vec<(usize, usize, usize)> = self
            .automaton
            .find_overlapping_iter(text)
            .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
            .collect();
        hits.sort_unstable();
        let mut previous: Option<(usize, usize)> = None;
        hits.retain(|&(form, start, end)| {
            if previous.is_some_and(|(p, p_end)| p == form && start < p_end) {
                return false;
            }
            previous = Some((form, end));
            true
        });
        hits
    }
}

/// Institution types of the contract (`edu:EducationAuthority` …, `org:Organization`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OrgKind {
    EducationAuthority,
    Government,
    PartyBody,
    School,
    University,
    Company,
    Other,
}

/// Administrative levels of the contract (`edu:Province` …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PlaceLevel {
    Province,
    City,
    County,
    District,
    Town,
    Other,
}

/// Initiative types of the contract (`edu:Program` …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum InitiativeKind {
    Program,
    Reform,
    Campaign,
    PolicyDocument,
    Accreditation,
    Platform,
    Other,
}

/// Where a fact was read: the span of its words and the sentence around them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Evidence {
    pub span: Span,
    /// Index into `Document::sentences`.
    pub sentence: usize,
}

/// A named entity mention, resolved to its canonical full name.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention<K> {
    /// The canonical full name (`嘉兴市教育局`), no spaces or breaks.
    pub name: String,
    /// The form written in the text when it differs from `name` (`市教育局`, `我县`).
    pub alias: Option<String>,
    pub kind: K,
    pub evidence: Evidence,
}

/// The canonical name each written form of a document's mentions stands
/// for (the first mention's that was written so), for lookups at every cell
/// of a table, where a walk of the mentions grew with the square of a long
/// file.
pub struct CanonicalNames<'d>(HashMap<&'d str, &'d str>);

impl<'d> CanonicalNames<'d> {
    /// By the short forms the mentions were written as (`alias`).
    pub fn of_aliases<K>(mentions: &'d [Mention<K>]) -> CanonicalNames<'d> {
        CanonicalNames::of(mentions, false)
    }

    /// By the mentions' names and short forms.
    pub fn of_names_and_aliases<K>(mentions: &'d [Mention<K>]) -> CanonicalNames<'d> {
        CanonicalNames::of(mentions, true)
    }

    fn of<K>(mentions: &'d [Mention<K>], with_names: bool) -> CanonicalNames<'d> {
        let mut names = HashMap::new();
        for m in mentions {
            if with_names {
                names.entry(m.name.as_str()).or_insert(m.name.as_str());
            }
            if let Some(alias) = &m.alias {
                names.entry(alias.as_str()).or_insert(m.name.as_str());
            }
        }
        CanonicalNames(names)
    }

    /// The canonical name `written` stands for, else `written`.
    pub fn of_written<'a>(&'a self, written: &'a str) -> &'a str {
        self.0.get(written).copied().unwrap_or(written)
    }
}

pub type OrgMention = Mention<OrgKind>;
pub type PlaceMention = Mention<PlaceKind>;

/// What a place mention names: the division's level and, for a division of
/// the gazetteer, its code, which tells apart divisions of the same name
/// (鼓楼区 of 南京 and of 福州).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PlaceKind {
    pub level: PlaceLevel,
    /// The gazetteer's code (`330922`; 9 digits for towns), if it lists the place.
    pub code: Option<String>,
}

impl PlaceKind {
    pub fn of(division: &gazetteer::Division) -> PlaceKind {
        PlaceKind {
            level: division.level,
            code: division.code.clone(),
        }
    }
}
pub type InitiativeMention = Mention<InitiativeKind>;

/// A named person.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonMention {
    pub name: String,
    pub evidence: Evidence,
}

/// A post a person holds (an `org:Membership`).
#[derive(Debug, Clone, PartialEq)]
pub struct Post {
    pub person: String,
    /// Canonical name of the institution, where the text gives it.
    pub org: Option<String>,
    /// One post title: `局长`, `党委书记`, `副区长`.
    pub title: String,
    pub evidence: Evidence,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QuantityKind {
    /// A commitment for the future (`edu:Target`).
    Target,
    /// A reported state or result (`edu:ReportedFigure`).
    Figure,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    Percent,
    Yuan,
    Count,
    Rank,
    Ratio,
    SquareMetre,
    Dimensionless,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Comparator {
    Equal,
    AtLeast,
    GreaterThan,
    AtMost,
    LessThan,
    Approximately,
}

/// A numeric target or reported figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    pub kind: QuantityKind,
    /// The value in base units (1.35亿元 → 135000000).
    pub value: f64,
    pub unit: Unit,
    /// The measure word for counts (`所`, `名`, `人次`).
    pub counter: Option<String>,
    pub comparator: Comparator,
    /// The year the target is due or the figure is for.
    pub year: Option<i32>,
    /// What is measured, in the text's words.
    pub indicator: Option<String>,
    /// Canonical name of the place or institution it is about.
    pub scope: Option<String>,
    pub evidence: Evidence,
}

/// A step of a plan's schedule that is not a number: a place is to reach a
/// standard or pass an assessment for an initiative in a given year.
#[derive(Debug, Clone, PartialEq)]
pub struct Milestone {
    /// Canonical name of the initiative or accreditation (全国义务教育优质均衡发展县).
    pub initiative: String,
    /// Canonical name of the place it is for, where known.
    pub place: Option<String>,
    pub year: i32,
    /// The step as written: 达到创建标准, 通过评估验收.
    pub status: String,
    pub evidence: Evidence,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PartnershipKind {
    Pairing,
    Support,
    Cooperation,
}

/// Support or cooperation between two named institutions.
#[derive(Debug, Clone, PartialEq)]
pub struct Partnership {
    pub supporter: String,
    pub supported: String,
    pub kind: PartnershipKind,
    pub evidence: Evidence,
}

/// Everything the extractors read out of one document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facts {
    pub organizations: Vec<OrgMention>,
    pub places: Vec<PlaceMention>,
    pub people: Vec<PersonMention>,
    pub posts: Vec<Post>,
    pub initiatives: Vec<InitiativeMention>,
    pub quantities: Vec<Quantity>,
    pub milestones: Vec<Milestone>,
    pub partnerships: Vec<Partnership>,
}

/// Runs every extractor over a segmented document, each adding its layer.
///
/// Order matters: places first (they resolve short forms everywhere else),
/// then institutions, people and posts, initiatives, partnerships, quantities,
/// milestones (which point at the initiatives found before them).
///
/// The text is tagged by jieba once ([`Lexicon::tag_document`]); the
/// extractors' tagging of its lines and sentences reads those words.
pub fn extract(doc: &mut Document, lexicon: &Lexicon) {
    extract_tagged(doc, lexicon, &lexicon.tag_document(&doc.text));
}

/// [`extract`] with the document's text already tagged by
/// [`Lexicon::tag_document`] (as [`crate::pipeline::analyze_batch`] does,
/// a batch of documents at a time).
pub fn extract_tagged(doc: &mut Document, lexicon: &Lexicon, tagged: &TaggedDocument) {
    tagged.scope(|| {
        let context = Context::of(doc, lexicon);
        doc.facts.places = place::extract(doc, lexicon, &context);
        doc.facts.organizations = organization::extract(doc, lexicon, &context);
        let (people, posts) = person::extract(doc, lexicon, &context);
        doc.facts.people = people;
        doc.facts.posts = posts;
        doc.facts.initiatives = initiative::extract(doc, lexicon, &context);
        doc.facts.partnerships = partnership::extract(doc, lexicon, &context);
        doc.facts.quantities = quantity::extract(doc, lexicon, &context);
        doc.facts.milestones = milestone::extract(doc, lexicon, &context);
    });
}

#[cfg(test)]
mod tests {
    use super::Forms;

    /// What `Forms` replaces: each form's `match_indices`, form by form.
    fn one_by_one(forms: &[&str], text: &str) -> Vec<(usize, usize, usize)> {
        let mut hits = Vec::new();
        for (f, form) in forms.iter().enumerate() {
            for (start, m) in text.match_indices(form) {
                hits.push((f, start, start + m.len()));
            }
        }
        hits
    }

    #[test]
    fn forms_find_what_match_indices_finds_form_by_form() {
        // Overlaps between forms (教育部 / 教育部门 / 部门), within a form
        // (啊啊 in 啊啊啊), a form inside another, and no form at all.
        let forms = ["教育部", "教育部门", "部门", "啊啊", "育"];
        let automaton = Forms::new(forms);
        for text in [
            "教育部门和教育部会同有关部门",
            "啊啊啊啊啊",
            "",
            "没有任何一个",
            "教育部教育部教育部门部门",
        ] {
            assert_eq!(
                automaton.find_each(text),
                one_by_one(&forms, text),
                "{text}"
            );
            assert_eq!(
                automaton.found_in(text),
                forms.iter().any(|f| text.contains(f)),
                "{text}"
            );
        }
    }
}
