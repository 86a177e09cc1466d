//! Partnerships: support or cooperation between two named institutions.
//!
//! Read per clause from the verbs official text uses for them: `A与B建立结对`
//! (pairing), `A与B合作`, `A联合B、C`, `部市共建` (cooperation), `A助力B`,
//! `A援建B`, `A为我县…`, `A入驻B`, `给予…支持` (support). Where the subject is
//! left out, it is the writing institution when the partner is of its kind or
//! the writer is a school or company, else the place the article speaks for.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;

use super::context::Home;
use super::organization::scan_line;
use super::{Context, Evidence, Forms, Lexicon, OrgKind, Partnership, PartnershipKind};
use crate::document::{Document, Span};

/// An institution or a place named in a sentence.
#[derive(Debug, Clone)]
struct Party {
    start: usize,
    end: usize,
    name: String,
    /// `None` for a place.
    kind: Option<OrgKind>,
}

static SUPPORT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"助力|援建|对口支援|支援|入驻|为我[县市区省]|给予[\p{Han}]{0,6}支持|帮扶|助")
        .unwrap()
});
static WITH: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"与").unwrap());
static JOINT_BUILD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"部([省市])共建").unwrap());

/// [`TRIGGERS`], found together.
static ANY_TRIGGER: LazyLock<Forms> = LazyLock::new(|| Forms::new(TRIGGERS.iter().copied()));

/// Words without which [`read_sentence`] finds nothing: those of [`WITH`],
/// `联合`, [`JOINT_BUILD`] and [`SUPPORT`].
const TRIGGERS: &[&str] = &[
    "与", "联合", "共建", "助", "援", "入驻", "为我", "支持", "帮扶",
];

pub fn extract(doc: &Document, lexicon: &Lexicon, context: &Context) -> Vec<Partnership> {
    let places = PlaceNames::of(doc);
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    // The author of each article, as an institution (read once per article).
    let mut authors: HashMap<usize, Option<(String, OrgKind)>> = HashMap::new();
    for (index, sentence) in doc.sentences.iter().enumerate() {
        let text = doc.slice(sentence.span);
        if !ANY_TRIGGER.found_in(text) {
            continue;
        }
        let home = context.home_of_sentence(doc, index);
        let author = authors.entry(sentence.article).or_insert_with(|| {
            let author = doc
                .articles
                .get(sentence.article)
                .and_then(|a| a.author_org.as_deref());
            author.map(|a| {
                let found = scan_line(a, lexicon, home, None);
                let kind = found.first().map_or(OrgKind::Other, |f| f.kind);
                let name = found
                    .into_iter()
                    .next()
                    .map_or_else(|| a.to_string(), |f| f.name);
                (name, kind)
            })
        });
        let author = author.clone();
        let parties = parties_in(
            text,
            lexicon,
            home,
            author.as_ref().map(|a| a.0.as_str()),
            &places,
        );
        let mut push = |supporter: &str, supported: &str, kind: PartnershipKind, at: usize| {
            if supporter == supported
                || !seen.insert((supporter.to_string(), supported.to_string()))
            {
                return;
            }
            let start = sentence.span.start + at;
            out.push(Partnership {
                supporter: supporter.to_string(),
                supported: supported.to_string(),
                kind,
                evidence: Evidence {
                    span: Span::new(start, start),
                    sentence: index,
                },
            });
        };
        for (a, b, kind, at) in read_sentence(text, &parties, home, author.as_ref()) {
            push(&a, &b, kind, at);
        }
    }
    // Joint institutes name their two founders: `浙江财经大学—中国社会科学院大学浙江研究院`.
    for org in &doc.facts.organizations {
        if let Some((a, b)) = joint_founders(&org.name) {
            if seen.insert((a.clone(), b.clone())) {
                out.push(Partnership {
                    supporter: a,
                    supported: b,
                    kind: PartnershipKind::Cooperation,
                    evidence: org.evidence,
                });
            }
        }
    }
    out
}

/// Names and short forms of the places the document names, longest first,
/// with an automaton that finds them all in one walk of a sentence: each
/// name searched in turn made a long file's sentences cost in proportion
/// to its places (2.9 MB in one file: 0.72 s, against 0.07 s).
#[derive(Default)]
struct PlaceNames {
    /// `(written, name)`.
    names: Vec<(String, String)>,
    forms: Option<Forms>,
}

impl PlaceNames {
    fn of(doc: &Document) -> PlaceNames {
        let names = place_names(doc);
        let forms = (!names.is_empty()).then(|| Forms::few(names.iter().map(|(w, _)| w.as_str())));
        PlaceNames { names, forms }
    }

    /// `(start, end, name)` of every written form in `text`, as
    /// `text.match_indices` gives them for each form in turn, longest first.
    fn find_in(&self, text: &str) -> Vec<(usize, usize, &str)> {
        let hits = self
            .forms
            .as_ref()
            .map_or_else(Vec::new, |f| f.find_each(text));
        hits.into_iter()
            .map(|(form, start, end)| (start, end, self.names[form].1.as_str()))
            .collect()
    }
}

fn place_names(doc: &Document) -> Vec<(String, String)> {
    let mut names: Vec<(String, String)> = Vec::new();
    for p in &doc.facts.places {
        names.push((p.name.clone(), p.name.clone()));
        if let Some(a) = &p.alias {
            if a.chars().count() >= 2 && !a.starts_with(['我', '全', '本', '该']) {
                names.push((a.clone(), p.name.clone()));
            }
        }
    }
    // One entry per distinct name: a long text mentions the same places
    // thousands of times.
    let mut seen = HashSet::new();
    names.retain(|entry| seen.insert(entry.clone()));
    names.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
    names
}

fn parties_in(
    text: &str,
    lexicon: &Lexicon,
    home: &Home,
    author: Option<&str>,
    places: &PlaceNames,
) -> Vec<Party> {
    let mut parties: Vec<Party> = scan_line(text, lexicon, home, author)
        .into_iter()
        .map(|f| Party {
            start: f.start,
            end: f.end,
            name: f.name,
            kind: Some(f.kind),
        })
        .collect();
    let mut taken: Vec<(usize, usize)> = parties.iter().map(|p| (p.start, p.end)).collect();
    for (i, end, name) in places.find_in(text) {
        if taken.iter().any(|&(s, e)| s < end && i < e) {
            continue;
        }
        taken.push((i, end));
        parties.push(Party {
            start: i,
            end,
            name: name.to_string(),
            kind: None,
        });
    }
    static OUR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"我[县市区省]").unwrap());
    for m in OUR.find_iter(text) {
        if let Some(local) = home.local() {
            if !taken.iter().any(|&(s, e)| s < m.end() && m.start() < e) {
                parties.push(Party {
                    start: m.start(),
                    end: m.end(),
                    name: local.to_string(),
                    kind: None,
                });
            }
        }
    }
    parties.sort_by_key(|p| p.start);
    parties
}

/// The subject a clause leaves out, given the partner it names.
fn default_subject(
    partner: &Party,
    home: &Home,
    author: Option<&(String, OrgKind)>,
) -> Option<String> {
    if let Some((name, kind)) = author {
        let writer_is_unit = matches!(
            kind,
            OrgKind::School | OrgKind::University | OrgKind::Company | OrgKind::Other
        );
        if writer_is_unit || partner.kind == Some(*kind) {
            return Some(name.clone());
        }
    }
    home.local().map(str::to_string)
}

/// Clause boundaries inside a sentence.
fn clause_of(text: &str, at: usize) -> (usize, usize) {
    let start = text[..at]
        .rfind(['，', '；', '。', '：'])
        .map_or(0, |i| i + '，'.len_utf8());
    let end = text[at..]
        .find(['，', '；', '。', '：'])
        .map_or(text.len(), |i| at + i);
    (start, end)
}

fn read_sentence(
    text: &str,
    parties: &[Party],
    home: &Home,
    author: Option<&(String, OrgKind)>,
) -> Vec<(String, String, PartnershipKind, usize)> {
    let mut out = Vec::new();
    // A与B建立结对 / 合作 / 联合
    for m in WITH.find_iter(text) {
        let (clause_start, clause_end) = clause_of(text, m.start());
        let rest = &text[m.end()..clause_end];
        let Some(verb) = rest
            .find("结对")
            .or_else(|| rest.find("合作"))
            .or_else(|| rest.find("联合"))
            .or_else(|| rest.find("共建"))
        else {
            continue;
        };
        let verb_at = m.end() + verb;
        let kind = if rest.contains("结对") {
            PartnershipKind::Pairing
        } else {
            PartnershipKind::Cooperation
        };
        let partners: Vec<&Party> = parties
            .iter()
            .filter(|p| p.start >= m.end() && p.end <= verb_at)
            .collect();
        // Unnamed institutions as subject (`职业院校与华为…`): no named pair.
        const CLASS_SUBJECTS: &[&str] = &["院校", "高校", "企业", "单位", "机构"];
        if partners.is_empty()
            || CLASS_SUBJECTS
                .iter()
                .any(|c| text[..m.start()].ends_with(c))
        {
            continue;
        }
        let subject = parties
            .iter()
            .rfind(|p| p.end == m.start() && p.start >= clause_start)
            .map(|p| p.name.clone())
            .or_else(|| default_subject(partners[0], home, author));
        let Some(subject) = subject else { continue };
        for p in partners {
            out.push((subject.clone(), p.name.clone(), kind, m.start()));
        }
    }
    // A联合B、C、D对…: cooperation with every institution listed.
    for (i, _) in text.match_indices("联合") {
        if text[..i].ends_with('与') || text[..i].ends_with("产教") {
            continue;
        }
        static STOP: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"对|成立|开展|进行|共建|召开|举办|印发|发起|建设|组建|申报").unwrap()
        });
        let after = i + "联合".len();
        let stop = STOP
            .find(&text[after..])
            .map_or(text.len(), |m| after + m.start());
        let partners: Vec<&Party> = parties
            .iter()
            .filter(|p| p.start >= after && p.end <= stop && p.kind.is_some())
            .collect();
        if partners.is_empty() {
            continue;
        }
        // With a list after `与`, that list is the partner (read above).
        if parties
            .iter()
            .any(|p| p.end == i && text[..p.start].ends_with('与'))
        {
            continue;
        }
        let subject = parties
            .iter()
            .rfind(|p| p.end == i)
            .map(|p| p.name.clone())
            .or_else(|| default_subject(partners[0], home, author));
        let Some(subject) = subject else { continue };
        for p in partners {
            out.push((
                subject.clone(),
                p.name.clone(),
                PartnershipKind::Cooperation,
                i,
            ));
        }
    }
    // 部市共建: the ministry and the division build together.
    for c in JOINT_BUILD.captures_iter(text) {
        let level = c.get(1).map_or("", |m| m.as_str());
        let division = if level == "省" {
            home.province.clone()
        } else {
            home.city.clone().or(home.province.clone())
        };
        if let Some(d) = division {
            out.push((
                "教育部".to_string(),
                d,
                PartnershipKind::Cooperation,
                c.get(0).map_or(0, |m| m.start()),
            ));
        }
    }
    // Support: A助力B, A援建B、C, A为我县…, A给予…支持.
    for m in SUPPORT.find_iter(text) {
        let word = m.as_str();
        if word == "帮扶" && text[..m.start()].ends_with("结对") {
            continue;
        }
        let (_, clause_end) = clause_of(text, m.end().min(text.len()));
        let supported: Vec<&Party> = if word == "助" {
            // `助恒河公司…`: only with an institution right after it.
            parties
                .iter()
                .filter(|p| p.start == m.end() && p.kind.is_some())
                .collect()
        } else if word.starts_with("为我") {
            parties
                .iter()
                .filter(|p| p.start == m.start() + "为".len())
                .collect()
        } else {
            // The first party after the verb and those listed with it.
            let mut list: Vec<&Party> = Vec::new();
            let mut pos = m.end();
            for p in parties
                .iter()
                .filter(|p| p.start >= m.end() && p.end <= clause_end)
            {
                let gap = &text[pos..p.start];
                if list.is_empty() && gap.chars().count() <= 2 || !list.is_empty() && gap == "、" {
                    list.push(p);
                    pos = p.end;
                } else {
                    break;
                }
            }
            if list.is_empty() {
                // `给予全力支持` with the helped place named earlier in the sentence.
                if let Some(local) = home.local() {
                    if let Some(p) = parties
                        .iter()
                        .find(|p| p.kind.is_none() && p.name == local && p.end <= m.start())
                    {
                        list.push(p);
                    }
                }
            }
            list
        };
        if supported.is_empty() {
            continue;
        }
        let supported_names: HashSet<&str> = supported.iter().map(|p| p.name.as_str()).collect();
        let supporters: Vec<String> = parties
            .iter()
            .filter(|p| {
                p.end <= m.start() && p.kind.is_some() && !supported_names.contains(p.name.as_str())
            })
            .filter(|p| home.local() != Some(p.name.as_str()))
            .map(|p| p.name.clone())
            .collect();
        let supporters = if supporters.is_empty() {
            default_subject(supported[0], home, author)
                .into_iter()
                .collect()
        } else {
            supporters
        };
        for a in &supporters {
            for b in &supported {
                out.push((
                    a.clone(),
                    b.name.clone(),
                    PartnershipKind::Support,
                    m.start(),
                ));
            }
        }
    }
    out
}

/// The two founders of a joint institute named `A—B…`.
fn joint_founders(name: &str) -> Option<(String, String)> {
    let (left, right) = name.split_once('—').or_else(|| name.split_once('-'))?;
    let ends_org = |s: &str| s.ends_with("大学") || s.ends_with("学院");
    if !ends_org(left) {
        return None;
    }
    let right_end = right
        .find("大学")
        .map(|i| i + "大学".len())
        .or_else(|| right.find("学院").map(|i| i + "学院".len()))?;
    let right = &right[..right_end];
    (right != name && right.chars().count() >= 4).then(|| (left.to_string(), right.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(
        text: &str,
        home: &Home,
        author: Option<(&str, OrgKind)>,
    ) -> Vec<(String, String, PartnershipKind)> {
        let lexicon = Lexicon::load();
        let author = author.map(|(a, k)| (a.to_string(), k));
        let parties = parties_in(
            text,
            &lexicon,
            home,
            author.as_ref().map(|a| a.0.as_str()),
            &PlaceNames::default(),
        );
        read_sentence(text, &parties, home, author.as_ref())
            .into_iter()
            .map(|(a, b, k, _)| (a, b, k))
            .collect()
    }

    fn county() -> Home {
        Home {
            province: Some("浙江省".into()),
            city: Some("舟山市".into()),
            county: Some("嵊泗县".into()),
            level: None,
        }
    }

    #[test]
    fn pairing_between_two_schools() {
        let got = read(
            "杭州学军中学与嵊泗中学建立“一对一”结对帮扶关系",
            &county(),
            None,
        );
        assert_eq!(
            got,
            [(
                "杭州学军中学".into(),
                "嵊泗中学".into(),
                PartnershipKind::Pairing
            )]
        );
    }

    #[test]
    fn support_of_our_county() {
        let got = read(
            "杭州师范大学、杭州学军中学助力我县“县中崛起”",
            &county(),
            None,
        );
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got
            .iter()
            .all(|(_, b, k)| b == "嵊泗县" && *k == PartnershipKind::Support));
    }

    #[test]
    fn cooperation_with_a_list() {
        let home = Home {
            province: Some("浙江省".into()),
            city: Some("嘉兴市".into()),
            ..Home::default()
        };
        let got = read(
            "市教育局联合团市委、市妇联对部分幼儿园进行调研",
            &home,
            None,
        );
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got
            .iter()
            .all(|(a, _, k)| a == "嘉兴市教育局" && *k == PartnershipKind::Cooperation));
    }

    #[test]
    fn joint_institutes() {
        assert_eq!(
            joint_founders("浙江财经大学—中国社会科学院大学浙江研究院"),
            Some(("浙江财经大学".into(), "中国社会科学院大学".into()))
        );
        assert_eq!(joint_founders("中国—乌克兰大学联盟"), None);
    }

    #[test]
    fn place_names_are_found_as_each_name_searched_in_turn_finds_them() {
        let names: Vec<(String, String)> = [
            ("舟山市", "舟山市"),
            ("嵊泗县", "嵊泗县"),
            ("舟山", "舟山市"),
            ("嵊泗", "嵊泗县"),
        ]
        .iter()
        .map(|&(w, n)| (w.to_string(), n.to_string()))
        .collect();
        let places = PlaceNames {
            forms: Some(Forms::few(names.iter().map(|(w, _)| w.as_str()))),
            names: names.clone(),
        };
        let text = "舟山市与嵊泗县共建，舟山舟山嵊泗县嵊泗";
        let each: Vec<(usize, usize, &str)> = names
            .iter()
            .flat_map(|(w, n)| {
                text.match_indices(w.as_str())
                    .map(move |(i, _)| (i, i + w.len(), n.as_str()))
            })
            .collect();
        assert_eq!(places.find_in(text), each);
        assert_eq!(each.len(), 9);
        assert!(PlaceNames::default().find_in(text).is_empty());
    }
}
