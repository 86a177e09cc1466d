//! Administrative divisions named in the text.
//!
//! Three kinds of mention:
//! - full names from the gazetteer (`浙江省`, `嵊泗县`, `洋山镇`, `长三角`), where
//!   a word starts (`沿海城市` names no 海城市), also inside institution names
//!   (`舟山市教育局`);
//! - short forms (`舟山`, `嵊泗`, `浙江`), only where jieba cuts them as words, so
//!   that two characters inside another word are not read as a place, and not
//!   where they open a university's name (`杭州师范大学` is an institution, not
//!   a statement about 杭州);
//! - references to the home place (`我县`, `全市`, `本省`), resolved through the
//!   [`Context`] of the sentence's article;
//! - development zones (`嘉兴经开区`, or a bare `经开区` among a city's districts).
//!
//! Names shared by several divisions (`南湖区`, `普陀`, `吉林`) are resolved by
//! the article's home and the provinces and cities the document names; a county
//! or town whose province and city the document never names is not taken,
//! since nothing tells which one is meant (a `西城区幼儿园` in a Zhejiang text).

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use super::context::Home;
use super::gazetteer::{Division, Gazetteer};
use super::{Context, Evidence, Lexicon, PlaceKind, PlaceLevel, PlaceMention};
use crate::document::{Document, Span};

/// A division name found in the text, before it is resolved by context.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Candidate<'g> {
    pub span: Span,
    /// The divisions the written form can name: those with this full name if
    /// any, else those with this short form.
    pub divisions: Vec<&'g Division>,
    /// The written form is the divisions' full name.
    pub full_name: bool,
    /// The span starts and ends at jieba word boundaries.
    pub word: bool,
    /// The span starts at a jieba word boundary (`沿海城市` has no 海城市).
    pub starts_word: bool,
    /// The span opens the name of a university or college (`杭州师范大学`).
    pub opens_university_name: bool,
    /// jieba knows the span as a common word (`海盐`/n, `开化`/v), not a name.
    pub common_word: bool,
}

impl Candidate<'_> {
    pub fn chars(&self, text: &str) -> usize {
        text.get(self.span.range()).map_or(0, |s| s.chars().count())
    }

    /// Whether the form alone, without context, reads as a place name.
    pub fn reads_as_place(&self, text: &str) -> bool {
        let chars = self.chars(text);
        let other = self.divisions.iter().all(|d| d.level == PlaceLevel::Other);
        if self.full_name && !other && chars > 2 {
            return self.starts_word;
        }
        // Short forms, two-character full names (城区, 新县) and named regions
        // and countries must stand as words; a short form opening a
        // university's name is part of that name.
        chars >= 2 && self.word && !self.opens_university_name
    }
}

/// Every division name in `text`: at each character, the longest full name or
/// short form starting there (candidates may overlap; resolution keeps the
/// leftmost accepted one).
pub(crate) fn scan<'g>(text: &str, lexicon: &'g Lexicon) -> Vec<Candidate<'g>> {
    let gazetteer = &lexicon.gazetteer;
    let words = lexicon.tag(text);
    // The words follow one another in order, so their starts and ends are
    // sorted: looked up at each candidate, not marked in tables as long as
    // the text (which cost more than the lookups, and on a long file
    // hundreds of MB).
    let word_at = |at: usize| words.binary_search_by_key(&at, |w| w.start).ok();
    let word_ends_at = |at: usize| words.binary_search_by_key(&at, |w| w.end).is_ok();
    let mut candidates = Vec::new();
    for (start, _) in text.char_indices() {
        let Some(len) = lexicon.longest_place_name(&text[start..]) else {
            continue;
        };
        let end = start + len;
        let written = &text[start..end];
        let divisions = gazetteer.lookup_all(written);
        let full: Vec<&Division> = divisions
            .iter()
            .copied()
            .filter(|d| d.name == written)
            .collect();
        let full_name = !full.is_empty();
        // Word edges by jieba, or by the text itself next to anything not Han
        // (jieba may glue a line's first word to the break before it).
        let starts_word = word_at(start).is_some()
            || text[..start].chars().next_back().is_none_or(|c| !is_han(c));
        let ends_word = word_ends_at(end) || text[end..].chars().next().is_none_or(|c| !is_han(c));
        // 中山路, 解放街: a street named after a place is not the place.
        let after = &text[end..];
        let street = !full_name
            && (after.starts_with(['路', '巷', '弄'])
                || after.starts_with("大道")
                || after.starts_with('街') && !after.starts_with("街道"));
        candidates.push(Candidate {
            span: Span::new(start, end),
            divisions: if full_name { full } else { divisions },
            full_name,
            starts_word,
            word: starts_word
                && ends_word
                && !street
                && (full_name || !looks_like_person_name(text, Span::new(start, end))),
            opens_university_name: word_at(end).is_some_and(|i| opens_university_name(&words, i)),
            common_word: word_at(start)
                .is_some_and(|i| words[i].end == end && !is_name_tag(words[i].tag)),
        });
    }
    candidates
}

/// jieba tags of names (place, person, institution, other proper noun) and
/// of words it does not know.
fn is_name_tag(tag: &str) -> bool {
    matches!(tag, "ns" | "nr" | "nrt" | "nrfg" | "nz" | "nt" | "x" | "j")
}

/// Whether the words from index `next` on complete a university's name
/// (`职业技术学院`, `师范大学`) before any verb or punctuation.
fn opens_university_name(words: &[super::lexicon::Word], next: usize) -> bool {
    for w in words.iter().skip(next).take(4) {
        if w.tag == "x" || w.tag.starts_with('v') || w.tag.starts_with('m') {
            return false;
        }
        if w.text.ends_with("大学") || w.text.ends_with("学院") {
            return true;
        }
    }
    false
}

/// `我县`, `全市`, `本省`: the home place at that level.
static HOME_REFERENCE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:我|本|全)(?:省|市|县|区)").expect("valid regex"));

/// Characters after which `全市`/`全区` is not a place (`全市场`, `全区域`).
const NOT_AFTER_HOME_REFERENCE: &[char] = &['域', '场', '级', '委', '长'];

/// The places of `doc`, resolved from the division names its `context`
/// ([`Context::of`] the same document) scanned.
pub fn extract(doc: &Document, lexicon: &Lexicon, context: &Context) -> Vec<PlaceMention> {
    let gazetteer = &lexicon.gazetteer;
    let text = doc.text.as_str();
    let candidates = &context.places;
    let known = KnownPlaces::of(gazetteer, text, candidates, context);
    let mut mentions = Vec::new();
    let mut covered_until = 0;
    for candidate in candidates {
        if candidate.span.start < covered_until || !candidate.reads_as_place(text) {
            continue;
        }
        let sentence = sentence_index(doc, candidate.span.start);
        let home = context.home_of_sentence(doc, sentence);
        let Some(division) = resolve(gazetteer, candidate, home, &known) else {
            continue;
        };
        covered_until = candidate.span.end;
        let written = doc.slice(candidate.span);
        mentions.push(PlaceMention {
            name: division.name.clone(),
            alias: (written != division.name).then(|| written.to_string()),
            kind: PlaceKind::of(division),
            evidence: Evidence {
                span: candidate.span,
                sentence,
            },
        });
    }
    for found in HOME_REFERENCE.find_iter(text) {
        if text[found.end()..]
            .chars()
            .next()
            .is_some_and(|c| NOT_AFTER_HOME_REFERENCE.contains(&c))
        {
            continue;
        }
        let sentence = sentence_index(doc, found.start());
        let home = context.home_of_sentence(doc, sentence);
        let Some(division) = home_reference(gazetteer, home, found.as_str()) else {
            continue;
        };
        mentions.push(PlaceMention {
            name: division.name.clone(),
            alias: Some(found.as_str().to_string()),
            kind: PlaceKind::of(division),
            evidence: Evidence {
                span: Span::new(found.start(), found.end()),
                sentence,
            },
        });
    }
    let zones = development_zones(doc, gazetteer, context, &mentions);
    mentions.extend(zones);
    mentions.sort_by_key(|m| m.evidence.span.start);
    mentions
}

/// Development zones by their type's name, long or abbreviated.
static DEVELOPMENT_ZONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"经济技术开发区|高新技术产业开发区|经济开发区|经开区|高新区").expect("valid regex")
});

/// Characters before which a bare `经开区` stands as a name of its own: in a
/// list or opening a clause.
const BEFORE_BARE_ZONE: &[char] = &['、', '，', '。', '和', '与', '及', '\n'];

/// Development zones (level Other): `嘉兴经开区` → 嘉兴经济技术开发区, and a bare
/// `经开区` listed among a city's districts is that city's zone.
fn development_zones(
    doc: &Document,
    gazetteer: &Gazetteer,
    context: &Context,
    places: &[PlaceMention],
) -> Vec<PlaceMention> {
    let text = doc.text.as_str();
    let mut zones = Vec::new();
    for found in DEVELOPMENT_ZONE.find_iter(text) {
        let kind = match found.as_str() {
            "经开区" | "经济技术开发区" => "经济技术开发区",
            "高新区" | "高新技术产业开发区" => "高新技术产业开发区",
            other => other,
        };
        let sentence = sentence_index(doc, found.start());
        let named_before = places.iter().find(|p| {
            p.evidence.span.end == found.start()
                && matches!(p.kind.level, PlaceLevel::City | PlaceLevel::County)
        });
        let (city, start) = match named_before {
            Some(place) => (place.name.as_str(), place.evidence.span.start),
            None => {
                let before = text[..found.start()].chars().next_back();
                if !before.is_none_or(|c| BEFORE_BARE_ZONE.contains(&c)) {
                    continue;
                }
                match context.home_of_sentence(doc, sentence).city.as_deref() {
                    Some(city) => (city, found.start()),
                    None => continue,
                }
            }
        };
        let short = gazetteer
            .lookup_full_name(city)
            .first()
            .and_then(|d| d.short_forms.first().cloned())
            .unwrap_or_else(|| city.to_string());
        let name = format!("{short}{kind}");
        let written = &text[start..found.end()];
        // The statistics number some zones (石家庄高新技术产业开发区 130171).
        let listed = match gazetteer.lookup_full_name(&name)[..] {
            [zone] => Some(zone),
            _ => None,
        };
        zones.push(PlaceMention {
            alias: (written != name).then(|| written.to_string()),
            kind: listed.map_or(
                PlaceKind {
                    level: PlaceLevel::Other,
                    code: None,
                },
                PlaceKind::of,
            ),
            name,
            evidence: Evidence {
                span: Span::new(start, found.end()),
                sentence,
            },
        });
    }
    zones
}

/// The sentence containing `offset`, else the last one before it (0 when the
/// document has no sentences).
fn sentence_index(doc: &Document, offset: usize) -> usize {
    doc.sentence_at(offset).unwrap_or_else(|| {
        doc.sentences
            .partition_point(|s| s.span.start <= offset)
            .saturating_sub(1)
    })
}

/// The division `我县`/`全市`/`本省`… refers to in an article at `home`.
pub(crate) fn home_reference<'g>(
    gazetteer: &'g Gazetteer,
    home: &Home,
    written: &str,
) -> Option<&'g Division> {
    let county = home.county.as_deref();
    let name = match written.chars().last()? {
        '省' => home.province.as_deref(),
        // A county-level city (义乌市) calls itself 我市 too.
        '市' => county
            .filter(|c| c.ends_with('市'))
            .or(home.city.as_deref()),
        '县' => county.filter(|c| c.ends_with('县') || c.ends_with('旗')),
        '区' => county.filter(|c| c.ends_with('区')).or_else(|| {
            home.province
                .as_deref()
                .filter(|p| p.ends_with("自治区") && county.is_none())
        }),
        _ => None,
    }?;
    gazetteer.lookup_full_name(name).into_iter().next()
}

/// The provinces, cities and counties a document names or speaks from: what
/// makes a county or town name identifiable.
pub(crate) struct KnownPlaces {
    names: HashSet<String>,
}

impl KnownPlaces {
    pub fn of(
        gazetteer: &Gazetteer,
        text: &str,
        candidates: &[Candidate],
        context: &Context,
    ) -> Self {
        let mut names = HashSet::new();
        for home in std::iter::once(&context.document).chain(&context.articles) {
            for name in [&home.province, &home.city, &home.county]
                .into_iter()
                .flatten()
            {
                names.insert(name.clone());
            }
        }
        // Provinces named, and cities named in full, without ambiguity.
        for c in candidates {
            if let [d] = c.divisions[..] {
                let named =
                    d.level == PlaceLevel::Province || d.level == PlaceLevel::City && c.full_name;
                if named && c.reads_as_place(text) {
                    names.extend(gazetteer.chain(d).iter().map(|d| d.name.clone()));
                }
            }
        }
        // Counties named in full within those provinces and cities (for towns).
        let mut counties = Vec::new();
        for c in candidates {
            if let [d] = c.divisions[..] {
                let county = matches!(d.level, PlaceLevel::County | PlaceLevel::District);
                let within_named = || {
                    gazetteer
                        .chain(d)
                        .iter()
                        .skip(1)
                        .any(|a| names.contains(&a.name))
                };
                if county && c.full_name && c.reads_as_place(text) && within_named() {
                    counties.push(d.name.clone());
                }
            }
        }
        names.extend(counties);
        KnownPlaces { names }
    }

    pub fn contains(&self, name: &str) -> bool {
        self.names.contains(name)
    }
}

/// The division a candidate names, given the article's home and the places the
/// document names; `None` when it cannot be told or needs context it lacks.
///
/// Inside the article's home any reading is taken, except that a county's
/// short form which is also a common word (`海盐`, `开化`, `天台`) needs the
/// home city. Outside it, full names need their province or city named in
/// the document, short forms of counties are not taken, and a city's short
/// form only when it is unique and reads as a name.
fn resolve<'g>(
    gazetteer: &'g Gazetteer,
    candidate: &Candidate<'g>,
    home: &Home,
    known: &KnownPlaces,
) -> Option<&'g Division> {
    let divisions = &candidate.divisions;
    let county_level = |d: &Division| {
        matches!(
            d.level,
            PlaceLevel::County | PlaceLevel::District | PlaceLevel::Town
        )
    };
    let homes = [
        (&home.county, true),
        (&home.city, true),
        (&home.province, false),
    ];
    for (home_name, local) in homes {
        let Some(home_name) = home_name else { continue };
        if let Some(d) = divisions.iter().find(|d| gazetteer.is_within(d, home_name)) {
            let clear = candidate.full_name || local || !county_level(d) || !candidate.common_word;
            return clear.then_some(*d);
        }
    }
    let first = *divisions.first()?;
    if !candidate.full_name {
        return match first.level {
            PlaceLevel::Province | PlaceLevel::Other => Some(first),
            PlaceLevel::City if divisions.len() == 1 && !candidate.common_word => Some(first),
            _ => None,
        };
    }
    let supported = |d: &Division| -> bool {
        let chain = gazetteer.chain(d);
        match d.level {
            PlaceLevel::Province | PlaceLevel::Other | PlaceLevel::City => true,
            PlaceLevel::County | PlaceLevel::District => {
                chain.iter().skip(1).any(|a| known.contains(&a.name))
            }
            PlaceLevel::Town => chain
                .iter()
                .skip(1)
                .filter(|a| a.level != PlaceLevel::Province)
                .any(|a| known.contains(&a.name)),
        }
    };
    let mut fitting = divisions.iter().copied().filter(|d| supported(d));
    let choice = fitting.next()?;
    // Two equally fitting readings: nothing tells which is meant, unless one
    // is of a higher level (吉林 the province before 吉林 the city).
    match fitting.next() {
        Some(other) if other.level == choice.level => None,
        _ => Some(choice),
    }
}

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// A three-character personal name shape around `span`: one Han character
/// before it, and only white space or the text's ends around the three
/// (`局长 李金昌`, as author lines write names).
fn looks_like_person_name(text: &str, span: Span) -> bool {
    let mut before = text[..span.start].chars().rev();
    let surname = before.next().is_some_and(is_han);
    let bare_before = before.next().is_none_or(char::is_whitespace);
    let bare_after = text[span.end..]
        .chars()
        .next()
        .is_none_or(char::is_whitespace);
    surname && bare_before && bare_after && span.len() == 6
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Article, ArticleKind, Sentence};

    fn document(text: &str, author: Option<&str>) -> Document {
        let mut doc = Document::from_normalized("t.txt", text);
        doc.articles.push(Article {
            kind: ArticleKind::Speech,
            title: None,
            body: Span::new(0, text.len()),
            author_org: author.map(str::to_string),
            author_person: None,
            author_titles: Vec::new(),
        });
        let mut start = 0;
        for (i, c) in text.char_indices() {
            if c == '。' {
                let end = i + c.len_utf8();
                doc.sentences.push(Sentence {
                    span: Span::new(start, end),
                    article: 0,
                });
                start = end;
            }
        }
        if start < text.len() {
            doc.sentences.push(Sentence {
                span: Span::new(start, text.len()),
                article: 0,
            });
        }
        doc
    }

    fn places(text: &str, author: Option<&str>) -> Vec<(String, Option<String>)> {
        let lexicon = Lexicon::load();
        let doc = document(text, author);
        let context = Context::of(&doc, &lexicon);
        extract(&doc, &lexicon, &context)
            .into_iter()
            .map(|m| (m.name, m.alias))
            .collect()
    }

    fn names(text: &str, author: Option<&str>) -> Vec<String> {
        let mut names: Vec<String> = places(text, author).into_iter().map(|p| p.0).collect();
        names.dedup();
        names
    }

    #[test]
    fn full_names_and_short_forms_resolve_to_full_names() {
        let found = places(
            "嵊泗县把教育作为先手棋。舟山市教育局将嵊泗相关需求纳入合作内容。",
            Some("嵊泗县教育局"),
        );
        assert_eq!(
            found,
            [
                ("嵊泗县".to_string(), None),
                ("舟山市".to_string(), None),
                ("嵊泗县".to_string(), Some("嵊泗".to_string())),
            ]
        );
    }

    #[test]
    fn home_references_resolve_to_the_authors_place() {
        let found = places(
            "我县与杭州科技职业技术学院合作。全市范围内。全省推广。",
            Some("嵊泗县教育局"),
        );
        assert!(
            found.contains(&("嵊泗县".into(), Some("我县".into()))),
            "{found:?}"
        );
        assert!(
            found.contains(&("舟山市".into(), Some("全市".into()))),
            "{found:?}"
        );
        assert!(
            found.contains(&("浙江省".into(), Some("全省".into()))),
            "{found:?}"
        );
        // A county-level city says 我市 of itself.
        let found = places("我市新建学校。", Some("义乌市教育局"));
        assert_eq!(found, [("义乌市".into(), Some("我市".into()))]);
    }

    #[test]
    fn short_forms_inside_words_and_university_names_are_not_places() {
        assert!(names("全市中小学开学。", None).is_empty());
        assert_eq!(
            names("学生赴杭州师范大学学习，在杭州举行。", Some("嘉兴市教育局")),
            ["杭州市"]
        );
    }

    #[test]
    fn counties_need_their_province_or_city_in_the_document() {
        assert!(names("总投资1.35亿元的西城区幼儿园。", Some("嵊泗县教育局")).is_empty());
        assert!(names("北京市西城区幼儿园。", None).contains(&"西城区".to_string()));
    }

    #[test]
    fn towns_and_regions() {
        let found = names(
            "投资2000万元的洋山镇幼儿园投入使用。推动长三角地区科教资源共享。",
            Some("嵊泗县教育局"),
        );
        assert_eq!(found, ["洋山镇", "长三角"]);
    }

    #[test]
    fn development_zones_take_their_citys_name() {
        let found = places(
            "对南湖区、经开区部分幼儿园进行调研。嘉兴经开区召开会议。",
            Some("嘉兴市教育局"),
        );
        assert!(
            found.contains(&("嘉兴经济技术开发区".into(), Some("经开区".into()))),
            "{found:?}"
        );
        assert!(
            found.contains(&("嘉兴经济技术开发区".into(), Some("嘉兴经开区".into()))),
            "{found:?}"
        );
    }

    #[test]
    fn streets_and_common_words_are_not_places() {
        assert_eq!(
            names("学校位于中山路。", Some("嘉兴市教育局")),
            Vec::<String>::new()
        );
        assert_eq!(
            names("服务辽宁全面振兴。", Some("辽宁省教育厅")),
            ["辽宁省"]
        );
        assert_eq!(
            names("浙江财经大学党委书记 李金昌", None),
            Vec::<String>::new()
        );
    }

    #[test]
    fn homonyms_carry_the_code_of_the_division_meant() {
        let lexicon = Lexicon::load();
        let codes = |text: &str, author: Option<&str>| -> Vec<(String, Option<String>)> {
            let doc = document(text, author);
            let context = Context::of(&doc, &lexicon);
            extract(&doc, &lexicon, &context)
                .into_iter()
                .map(|m| (m.name, m.kind.code))
                .collect()
        };
        let fuzhou = codes("福州市鼓楼区教育局召开会议。鼓楼区各校参加。", None);
        assert!(
            fuzhou.contains(&("鼓楼区".into(), Some("350102".into()))),
            "{fuzhou:?}"
        );
        assert!(!fuzhou.iter().any(|(_, c)| c.as_deref() == Some("320106")));
        let zhoushan = codes("普陀区各校开学。", Some("舟山市教育局"));
        assert_eq!(zhoushan, [("普陀区".into(), Some("330903".into()))]);
        let shanghai = codes("普陀区各校开学。", Some("上海市教育委员会"));
        assert_eq!(shanghai, [("普陀区".into(), Some("310107".into()))]);
    }

    #[test]
    fn no_panic_on_odd_input() {
        for text in ["", "省", "我", "全市", "浙", "a我县b", "县（市、区）"] {
            let _ = places(text, None);
        }
    }
}

/// Place F1 against the gold files: `cargo test --no-default-features --lib
/// place::dev_corpus -- --ignored --nocapture`.
#[cfg(test)]
mod dev_corpus {
    use super::*;
    use std::collections::BTreeSet;

    fn clean(s: &str) -> String {
        s.chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, '“' | '”' | '《' | '》'))
            .collect()
    }

    #[test]
    #[ignore]
    fn dev_corpus_report() {
        let lexicon = Lexicon::load();
        let files = crate::test_support::sample_files();
        let (mut gold_total, mut pred_total, mut hits_total) = (0, 0, 0);
        for path in files {
            let name = path.file_name().unwrap().to_str().unwrap().to_string();
            let gold_path = format!("tests/gold/{}.json", name.trim_end_matches(".txt"));
            let Ok(gold) = std::fs::read_to_string(&gold_path) else {
                continue;
            };
            let gold: serde_json::Value = serde_json::from_str(&gold).unwrap();
            let started = std::time::Instant::now();
            let doc =
                crate::pipeline::analyze(&name, &std::fs::read_to_string(&path).unwrap(), &lexicon);
            let elapsed = started.elapsed();
            let gold_places: Vec<BTreeSet<String>> = gold["places"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| {
                    let mut names = BTreeSet::from([clean(p["name"].as_str().unwrap())]);
                    for a in p["aliases"].as_array().unwrap() {
                        names.insert(clean(a.as_str().unwrap()));
                    }
                    names
                })
                .collect();
            let mut predicted: Vec<(BTreeSet<String>, String)> = Vec::new();
            for m in &doc.facts.places {
                let evidence = doc.slice(
                    doc.sentences
                        .get(m.evidence.sentence)
                        .map_or(m.evidence.span, |s| s.span),
                );
                match predicted.iter_mut().find(|(n, _)| n.contains(&m.name)) {
                    Some((names, _)) => {
                        names.extend(m.alias.clone());
                    }
                    None => {
                        let mut names = BTreeSet::from([m.name.clone()]);
                        names.extend(m.alias.clone());
                        predicted.push((names, evidence.chars().take(60).collect()));
                    }
                }
            }
            let mut hits = 0;
            for g in &gold_places {
                if predicted.iter().any(|(p, _)| !p.is_disjoint(g)) {
                    hits += 1;
                } else {
                    println!("{name} MISS {g:?}");
                }
            }
            for (p, evidence) in &predicted {
                if !gold_places.iter().any(|g| !g.is_disjoint(p)) {
                    println!("{name} SPURIOUS {p:?} in {evidence}");
                }
            }
            let context = Context::of(&doc, &lexicon);
            println!(
                "{name}: gold {} pred {} hits {hits} ({elapsed:?}) home {:?}",
                gold_places.len(),
                predicted.len(),
                context.document
            );
            for (a, h) in doc.articles.iter().zip(&context.articles) {
                println!(
                    "   {:?} -> {:?} {:?} {:?}",
                    a.author_org, h.province, h.city, h.county
                );
            }
            gold_total += gold_places.len();
            pred_total += predicted.len();
            hits_total += hits;
        }
        let p = hits_total as f64 / pred_total.max(1) as f64;
        let r = hits_total as f64 / gold_total.max(1) as f64;
        println!("places: gold {gold_total} pred {pred_total} hits {hits_total} P {p:.3} R {r:.3} F1 {:.3}", 2.0 * p * r / (p + r).max(1e-9));
    }
}
