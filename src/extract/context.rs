//! The places a document and each of its articles speak from, used to resolve
//! short forms: 我县 → the author's county, 市教育局 → the city's bureau,
//! 省教育厅 → the province's department.
//!
//! An article's home comes from its author (`嵊泗县教育局` → 嵊泗县, 舟山市,
//! 浙江省), else from its title or the subject of its first sentences
//! (`海盐县是…`), else it is the document's. The document's home is where the
//! places it names and its authors point to agree: a bulletin of 嘉兴 names
//! 嘉兴 and its districts; a page of speeches from many provinces has none.

use std::collections::HashMap;

use super::gazetteer::{Division, Gazetteer};
use super::place::{self, Candidate};
use super::{Lexicon, PlaceLevel};
use crate::document::{Document, Span};

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

    /// The home of `division`: it and its parents. A municipality (北京市) is
    /// both province and city; a town's home is its county.
    pub fn of_division(gazetteer: &Gazetteer, division: &Division) -> Home {
        let mut home = Home::default();
        for d in gazetteer.chain(division) {
            match d.level {
                PlaceLevel::Province => {
                    home.province = Some(d.name.clone());
                    if d.name.ends_with('市') && home.city.is_none() {
                        home.city = Some(d.name.clone());
                    }
                }
                PlaceLevel::City => home.city = Some(d.name.clone()),
                PlaceLevel::County | PlaceLevel::District => home.county = Some(d.name.clone()),
                PlaceLevel::Town | PlaceLevel::Other => {}
            }
        }
        home.level = if home.county.is_some() {
            gazetteer
                .ancestor_at(division, PlaceLevel::County)
                .or_else(|| gazetteer.ancestor_at(division, PlaceLevel::District))
                .map(|d| d.level)
        } else if home.city.is_some() && home.city != home.province {
            Some(PlaceLevel::City)
        } else if home.province.is_some() {
            Some(PlaceLevel::Province)
        } else {
            None
        };
        home
    }

    /// This home cut down to `level` and above (`市教育局` speaks from the city
    /// of the document, not from one of its counties).
    fn up_to(&self, level: PlaceLevel) -> Home {
        let mut home = self.clone();
        if matches!(level, PlaceLevel::City | PlaceLevel::Province) {
            home.county = None;
        }
        if level == PlaceLevel::Province {
            home.city = home.city.filter(|c| Some(c) == home.province.as_ref());
        }
        home.level = if home.county.is_some() {
            self.level
        } else if home.city.is_some() && home.city != home.province {
            Some(PlaceLevel::City)
        } else {
            home.province.as_ref().map(|_| PlaceLevel::Province)
        };
        home
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Context<'g> {
    /// Home of the whole document (from its issuing body, title and most named places).
    pub document: Home,
    /// Home of each article, indexed like `Document::articles`.
    pub articles: Vec<Home>,
    /// Every division name in the text ([`place::scan`]), which the homes
    /// are read from and [`place::extract`] resolves: scanned once.
    pub(crate) places: Vec<place::Candidate<'g>>,
}

impl<'g> Context<'g> {
    pub fn of(doc: &Document, lexicon: &'g Lexicon) -> Context<'g> {
        let gazetteer = &lexicon.gazetteer;
        let candidates = place::scan(&doc.text, lexicon);
        let authors: Vec<Option<&Division>> = doc
            .articles
            .iter()
            .map(|a| {
                a.author_org
                    .as_deref()
                    .and_then(|org| place_prefix(gazetteer, org, None))
            })
            .collect();
        let title_place = doc
            .meta
            .title
            .as_deref()
            .and_then(|t| place_prefix(gazetteer, t, None));
        let document = document_home(gazetteer, &doc.text, &candidates, &authors, title_place);
        let openings = article_openings(doc);
        let articles = doc
            .articles
            .iter()
            .enumerate()
            .map(|(i, article)| {
                let from_author = article
                    .author_org
                    .as_deref()
                    .and_then(|org| place_prefix(gazetteer, org, Some(&document)));
                if let Some(d) = from_author {
                    return Home::of_division(gazetteer, d);
                }
                // `市教育局`: the document's city speaks.
                if let Some(level) = article.author_org.as_deref().and_then(generic_level) {
                    return document.up_to(level);
                }
                let from_text = article
                    .title
                    .as_deref()
                    .and_then(|t| first_place(gazetteer, lexicon, t, &document))
                    .or_else(|| {
                        opening_subject(gazetteer, doc, &candidates, &openings[i], &document)
                    });
                match from_text {
                    Some(d) => Home::of_division(gazetteer, d),
                    None => document.clone(),
                }
            })
            .collect();
        Context {
            document,
            articles,
            places: candidates,
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

/// The level an institution name without a place speaks from: `市教育局` →
/// City, `省教育厅` → Province, `县教育局`/`区教育体育局` → County.
fn generic_level(org: &str) -> Option<PlaceLevel> {
    let org = org.strip_prefix("中共").unwrap_or(org);
    match org.chars().next()? {
        '省' => Some(PlaceLevel::Province),
        '市' => Some(PlaceLevel::City),
        '县' | '区' => Some(PlaceLevel::County),
        _ => None,
    }
}

/// The most local division an institution name or headline opens with:
/// `绍兴市越城区教育体育局` → 越城区, `中共天津市委教育工委` → 天津市,
/// `浙江建设职业技术学院` → 浙江省. Short forms count for provinces and cities
/// only; ambiguous names are resolved by the division before them, then by
/// `home`.
fn place_prefix<'g>(
    gazetteer: &'g Gazetteer,
    name: &str,
    home: Option<&Home>,
) -> Option<&'g Division> {
    let mut rest = name.trim();
    rest = rest.strip_prefix("中共").unwrap_or(rest);
    let mut found: Option<&Division> = None;
    while let Some((len, divisions)) = gazetteer.prefixes(rest).into_iter().next() {
        let written = &rest[..len];
        let full: Vec<&Division> = divisions
            .iter()
            .copied()
            .filter(|d| d.name == written)
            .collect();
        let choices: Vec<&Division> = if full.is_empty() {
            divisions
                .into_iter()
                .filter(|d| matches!(d.level, PlaceLevel::Province | PlaceLevel::City))
                .collect()
        } else {
            full
        };
        let within = |ancestor: Option<&str>| {
            ancestor.and_then(|a| {
                choices
                    .iter()
                    .copied()
                    .find(|d| gazetteer.is_within(d, a) && d.name != a)
            })
        };
        let choice = within(found.map(|d| d.name.as_str()))
            .or_else(|| {
                let home = home?;
                within(home.city.as_deref()).or_else(|| within(home.province.as_deref()))
            })
            .or_else(|| (choices.len() == 1).then(|| choices[0]))
            .or_else(|| {
                choices
                    .iter()
                    .copied()
                    .find(|d| d.level == PlaceLevel::Province)
            });
        let Some(choice) = choice.filter(|d| d.level != PlaceLevel::Other) else {
            break;
        };
        // A later name must lie inside the earlier one (绍兴市越城区).
        if found.is_some_and(|f| !gazetteer.is_within(choice, &f.name)) {
            break;
        }
        found = Some(choice);
        rest = &rest[len..];
    }
    found
}

/// The first place a headline names (full names, or short forms of
/// provinces and cities, as words).
fn first_place<'g>(
    gazetteer: &'g Gazetteer,
    lexicon: &'g Lexicon,
    title: &str,
    home: &Home,
) -> Option<&'g Division> {
    place::scan(title, lexicon)
        .into_iter()
        .filter(|c| c.reads_as_place(title))
        .find_map(|c| unambiguous(gazetteer, &c, home))
}

/// The spans of the first two sentences of each article, in one walk of
/// the sentences (a walk per article grew with the square of a long file).
fn article_openings(doc: &Document) -> Vec<Vec<Span>> {
    let mut openings = vec![Vec::new(); doc.articles.len()];
    for s in &doc.sentences {
        if let Some(opening) = openings.get_mut(s.article) {
            if opening.len() < 2 {
                opening.push(s.span);
            }
        }
    }
    openings
}

/// The place an article's first sentences (`opening`, in text order) open a
/// clause with: its subject (`海盐县是全国首个…`, `12月13日，南湖区召开…`).
fn opening_subject<'g>(
    gazetteer: &'g Gazetteer,
    doc: &Document,
    candidates: &[Candidate<'g>],
    opening: &[Span],
    home: &Home,
) -> Option<&'g Division> {
    let text = doc.text.as_str();
    // The candidates come in text order: those within each sentence are
    // found by a binary search, not by a walk of the whole document's.
    opening
        .iter()
        .flat_map(|s| {
            let from = candidates.partition_point(|c| c.span.start < s.start);
            let to = candidates.partition_point(|c| c.span.start <= s.end);
            candidates[from..to.max(from)]
                .iter()
                .filter(move |c| s.contains(c.span))
        })
        .filter(|c| {
            let before = text[..c.span.start].chars().next_back();
            let opens_clause = before
                .is_none_or(|b| matches!(b, '，' | '。' | '：' | '\n' | ' ' | '；'))
                || opening.iter().any(|s| s.start == c.span.start);
            opens_clause && c.reads_as_place(text)
        })
        .find_map(|c| unambiguous(gazetteer, c, home))
}

/// The division a candidate names when it is clear without the document's
/// other places: a single reading, or the one inside `home`, or a province.
fn unambiguous<'g>(
    gazetteer: &'g Gazetteer,
    candidate: &Candidate<'g>,
    home: &Home,
) -> Option<&'g Division> {
    let divisions: Vec<&Division> = candidate
        .divisions
        .iter()
        .copied()
        .filter(|d| d.level != PlaceLevel::Other && d.level != PlaceLevel::Town)
        .filter(|d| {
            candidate.full_name || matches!(d.level, PlaceLevel::Province | PlaceLevel::City)
        })
        .collect();
    for home_name in [&home.city, &home.province].into_iter().flatten() {
        if let Some(d) = divisions.iter().find(|d| gazetteer.is_within(d, home_name)) {
            return Some(d);
        }
    }
    match divisions[..] {
        [d] if home.province.is_none() || d.level == PlaceLevel::Province => Some(d),
        [d] => home
            .province
            .as_deref()
            .filter(|p| gazetteer.is_within(d, p))
            .map(|_| d)
            .or(Some(d).filter(|d| d.level == PlaceLevel::City)),
        _ => divisions
            .into_iter()
            .find(|d| d.level == PlaceLevel::Province),
    }
}

/// The document's home: the province, city and county its unambiguous place
/// names and its authors mostly point to.
fn document_home(
    gazetteer: &Gazetteer,
    text: &str,
    candidates: &[Candidate],
    authors: &[Option<&Division>],
    title_place: Option<&Division>,
) -> Home {
    // Votes per division, each mention voting for its whole chain.
    let mut votes: HashMap<String, (PlaceLevel, f64)> = HashMap::new();
    let mut vote = |d: &Division, weight: f64| {
        for (i, a) in gazetteer.chain(d).into_iter().enumerate() {
            let level = match a.level {
                // A municipality counts as province and city at once.
                PlaceLevel::Province if i == 0 || a.name.ends_with('市') => a.level,
                PlaceLevel::Town | PlaceLevel::Other => continue,
                level => level,
            };
            let entry = votes.entry(a.name.clone()).or_insert((level, 0.0));
            entry.1 += weight;
        }
    };
    let mut covered_until = 0;
    for c in candidates {
        if c.span.start < covered_until || !c.reads_as_place(text) {
            continue;
        }
        if let [d] = c.divisions[..] {
            if c.full_name || matches!(d.level, PlaceLevel::Province | PlaceLevel::City) {
                vote(d, 1.0);
                covered_until = c.span.end;
            }
        }
    }
    for d in authors.iter().flatten() {
        vote(d, 2.0);
    }
    if let Some(d) = title_place {
        vote(d, 4.0);
    }
    let winner =
        |levels: &[PlaceLevel], within: Option<&str>, share: f64, min: f64| -> Option<String> {
            let at_level = votes.iter().filter(|(_, (l, _))| levels.contains(l));
            let total: f64 = at_level.clone().map(|(_, (_, v))| v).sum();
            let (name, (_, best)) = at_level
                .filter(|(name, _)| {
                    within.is_none_or(|w| {
                        gazetteer
                            .lookup_full_name(name)
                            .iter()
                            .any(|d| gazetteer.is_within(d, w))
                    })
                })
                .max_by(|a, b| a.1 .1.total_cmp(&b.1 .1).then_with(|| b.0.cmp(a.0)))?;
            (*best >= min && *best >= share * total).then(|| name.to_string())
        };
    let province = winner(&[PlaceLevel::Province], None, 0.5, 1.0);
    let city = province
        .as_deref()
        .and_then(|p| winner(&[PlaceLevel::City], Some(p), 0.5, 2.0))
        .or_else(|| province.clone().filter(|p| p.ends_with('市')));
    let county = city.as_deref().and_then(|c| {
        winner(
            &[PlaceLevel::County, PlaceLevel::District],
            Some(c),
            0.6,
            3.0,
        )
    });
    let local = county
        .as_deref()
        .or(city.as_deref())
        .or(province.as_deref());
    match local.and_then(|name| gazetteer.lookup_full_name(name).into_iter().next()) {
        Some(d) => Home::of_division(gazetteer, d),
        None => Home::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Article, ArticleKind, Sentence, Span};

    /// A document of articles given as (author, body); sentences end at 。.
    fn document(articles: &[(Option<&str>, &str)]) -> Document {
        let text: String = articles
            .iter()
            .map(|(_, body)| *body)
            .collect::<Vec<_>>()
            .join("\n");
        let mut doc = Document::from_normalized("t.txt", &text);
        let mut start = 0;
        for (i, (author, body)) in articles.iter().enumerate() {
            let end = start + body.len();
            doc.articles.push(Article {
                kind: ArticleKind::NewsItem,
                title: None,
                body: Span::new(start, end),
                author_org: author.map(str::to_string),
                author_person: None,
                author_titles: Vec::new(),
            });
            let mut sentence_start = start;
            for (j, c) in body.char_indices() {
                if c == '。' {
                    let sentence_end = start + j + c.len_utf8();
                    doc.sentences.push(Sentence {
                        span: Span::new(sentence_start, sentence_end),
                        article: i,
                    });
                    sentence_start = sentence_end;
                }
            }
            start = end + 1;
        }
        doc
    }

    #[test]
    fn author_gives_the_home_and_its_parents() {
        let lexicon = Lexicon::load();
        let doc = document(&[
            (Some("嵊泗县教育局"), "嵊泗县把教育作为先手棋。"),
            (Some("绍兴市越城区教育体育局"), "绍兴市越城区坚决贯彻落实。"),
            (Some("中共天津市委教育工委"), "天津市认真学习。"),
            (Some("义乌市教育局"), "义乌现有人口327万人。"),
        ]);
        let context = Context::of(&doc, &lexicon);
        let shengsi = &context.articles[0];
        assert_eq!(shengsi.county.as_deref(), Some("嵊泗县"));
        assert_eq!(shengsi.city.as_deref(), Some("舟山市"));
        assert_eq!(shengsi.province.as_deref(), Some("浙江省"));
        assert_eq!(shengsi.level, Some(PlaceLevel::County));
        assert_eq!(context.articles[1].county.as_deref(), Some("越城区"));
        assert_eq!(context.articles[1].level, Some(PlaceLevel::District));
        assert_eq!(context.articles[2].province.as_deref(), Some("天津市"));
        assert_eq!(context.articles[2].city.as_deref(), Some("天津市"));
        assert_eq!(context.articles[3].city.as_deref(), Some("金华市"));
        assert_eq!(context.document.province.as_deref(), Some("浙江省"));
        assert_eq!(context.document.city, None);
    }

    #[test]
    fn bulletin_of_a_city_has_that_city_as_home() {
        let lexicon = Lexicon::load();
        let doc = document(&[
            (Some("市教育局"), "市教育局赴南湖区开展调研。"),
            (Some("南湖区教育体育局"), "南湖区召开调度会。"),
            (Some("海盐县教育局"), "海盐县组织召开推进会。"),
            (None, "海宁市接受督导评估。"),
            (Some("桐乡市教育局"), "为摸清全市幼儿园情况。"),
        ]);
        let context = Context::of(&doc, &lexicon);
        assert_eq!(context.document.city.as_deref(), Some("嘉兴市"));
        assert_eq!(context.document.county, None);
        assert_eq!(context.articles[0].city.as_deref(), Some("嘉兴市"));
        assert_eq!(context.articles[0].county, None);
        assert_eq!(context.articles[1].county.as_deref(), Some("南湖区"));
        assert_eq!(context.articles[3].county.as_deref(), Some("海宁市"));
        assert_eq!(context.articles[4].county.as_deref(), Some("桐乡市"));
    }

    #[test]
    fn article_without_author_speaks_from_its_opening_subject() {
        let lexicon = Lexicon::load();
        let doc = document(&[(None, "12月13日，海盐县召开工作调度会。我县将推进。")]);
        let context = Context::of(&doc, &lexicon);
        assert_eq!(context.articles[0].county.as_deref(), Some("海盐县"));
        let sentence_home = context.home_of_sentence(&doc, 1);
        assert_eq!(sentence_home.city.as_deref(), Some("嘉兴市"));
        assert_eq!(context.home_of_sentence(&doc, 99), &context.document);
    }

    #[test]
    fn empty_document_has_no_home() {
        let lexicon = Lexicon::load();
        let doc = Document::from_normalized("t.txt", "");
        let context = Context::of(&doc, &lexicon);
        assert_eq!(context.document, Home::default());
        assert!(context.articles.is_empty());
    }
}
