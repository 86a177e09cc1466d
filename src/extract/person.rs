//! People and the posts they hold.
//!
//! Official text names a person by post: `X局党组书记、局长俞娟` (institution,
//! titles, name), `南湖区沈洁副区长` and `习近平总书记` (name, then title),
//! author lines `杭州市教育局党组书记、局长 钮俊`, reporter lists
//! `本报记者 高毅哲 冯丽`, and lists `施一公、陈薇等`. A name is two or three
//! characters starting with a common surname and followed by a boundary
//! (punctuation, space, a verb such as `参加`); each title is one post.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use super::context::Home;
use super::lexicon::{word_at, word_before, words_from, Word};
use super::organization::{self, lines_of, nearest_sentence};
use super::{Context, Evidence, Forms, Lexicon, PersonMention, Post};
use crate::document::{Document, Span};
use crate::titles::{LEADER_TITLES, TITLES};

/// Common Chinese surnames (single characters) and compound surnames.
const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝钮郜习";
const COMPOUND_SURNAMES: &[&str] = &[
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "令狐", "公孙", "慕容", "尉迟", "夏侯", "端木",
    "长孙", "宇文", "司徒",
];

/// Words that may follow a name and end it (`毕洪东参加`, `俞娟及局班子成员`).
const AFTER_NAME: &[&str] = &[
    "参加", "出席", "及", "和", "与", "等", "领衔", "强调", "指出", "表示", "介绍", "主持", "讲话",
    "同志", "一行", "带队", "率队", "在", "对", "到", "赴", "的", "说", "要求", "作", "为", "就",
    "向", "陪同", "调研", "参与", "分别", "也", "还", "是", "认为", "代表", "听取", "宣读", "致辞",
    "希望", "提出", "总结", "部署", "汇报", "作了", "来", "率", "带领", "召集", "莅临", "一同",
    "同",
];

/// Honorifics that may follow a name besides leaders' titles (`施一公院士`).
const HONORIFICS_AFTER_NAME: &[&str] = &["院士", "教授"];

/// Words that look like a surname and a name but are not.
const NOT_NAMES: &[&str] = &[
    "高度",
    "高位",
    "全面",
    "全体",
    "万人",
    "任务",
    "任组长",
    "方面",
    "方案",
    "向前",
    "于是",
    "时间",
    "时期",
    "常态",
    "常务",
    "明确",
    "马上",
    "程度",
    "成员",
    "成效",
    "任职",
    "许多",
    "江南",
    "关于",
    "关注",
    "余人",
    "余名",
    "文件",
    "文化",
    "周末",
    "周边",
    "田间",
    "黄金",
    "金牌",
    "钱款",
    "石油",
    "安全",
    "易地",
    "应用",
    "管理",
    "黎明",
    "戴帽",
    "钟点",
    "段位",
    "史上",
    "向上",
    "于此",
    "和谐",
    "和美",
    "成为",
    "成立",
    "成功",
    "余万",
    "单位",
    "单独",
    "党委",
    "党组",
    "宗旨",
    "师生",
    "师德",
    "师资",
    "华东",
    "华为",
    "甘于",
    "关心",
    "连续",
    "连同",
    "路径",
    "区域",
    "区县",
    "时代",
    "明年",
    "明显",
    "应急",
    "应届",
    "项目",
    "强化",
    "卫生",
    "卫健",
    "全省",
    "全市",
    "全县",
    "全国",
    "毕业",
    "江山",
    "平安",
    "苏州",
];

static TITLE_RE: LazyLock<Regex> = LazyLock::new(|| {
    let mut titles: Vec<&str> = TITLES.to_vec();
    titles.sort_by_key(|t| std::cmp::Reverse(t.chars().count()));
    Regex::new(&titles.join("|")).unwrap()
});

static TITLE_AFTER_RE: LazyLock<Regex> = LazyLock::new(|| {
    let mut titles: Vec<&str> = [LEADER_TITLES, HONORIFICS_AFTER_NAME].concat();
    titles.sort_by_key(|t| std::cmp::Reverse(t.chars().count()));
    Regex::new(&titles.join("|")).unwrap()
});

/// A person read at one place, with the posts read with them.
struct Reading {
    name: String,
    start: usize,
    posts: Vec<(Option<String>, String)>,
}

pub fn extract(
    doc: &Document,
    lexicon: &Lexicon,
    context: &Context,
) -> (Vec<PersonMention>, Vec<Post>) {
    let mut people: Vec<PersonMention> = Vec::new();
    let mut posts: Vec<Post> = Vec::new();
    let mut seen_people = HashSet::new();
    let mut seen_posts = HashSet::new();
    let mut add = |reading: Reading, people: &mut Vec<PersonMention>, posts: &mut Vec<Post>| {
        let sentence = nearest_sentence(doc, reading.start);
        let evidence = Evidence {
            span: Span::new(reading.start, reading.start + reading.name.len()),
            sentence,
        };
        if seen_people.insert(reading.name.clone()) {
            people.push(PersonMention {
                name: reading.name.clone(),
                evidence,
            });
        }
        for (org, title) in reading.posts {
            if seen_posts.insert((reading.name.clone(), org.clone(), title.clone())) {
                posts.push(Post {
                    person: reading.name.clone(),
                    org,
                    title,
                    evidence,
                });
            }
        }
    };
    for (line_start, line) in lines_of(&doc.text) {
        if line.trim().is_empty() {
            continue;
        }
        let sentence = nearest_sentence(doc, line_start);
        let home = context.home_of_sentence(doc, sentence);
        let author = doc
            .article_of_sentence(sentence)
            .and_then(|a| a.author_org.as_deref());
        for mut reading in read_line(line, lexicon, home, author) {
            reading.start += line_start;
            add(reading, &mut people, &mut posts);
        }
    }
    // Author lines the text scan could not read (a name on the next line).
    for (i, article) in doc.articles.iter().enumerate() {
        let Some(person) = article.author_person.as_deref() else {
            continue;
        };
        let person: String = person.chars().filter(|c| !c.is_whitespace()).collect();
        if person.is_empty() || posts.iter().any(|p| p.person == person) {
            continue;
        }
        let sentence = doc
            .sentences
            .iter()
            .position(|s| s.article == i)
            .unwrap_or(0);
        let home = context.home_of_sentence(doc, sentence);
        let org = article
            .author_org
            .as_deref()
            .map(|o| organization::canonical(o, home, None, super::OrgKind::Other).0);
        let reading = Reading {
            name: person,
            start: doc.sentences.get(sentence).map_or(0, |s| s.span.start),
            posts: article
                .author_titles
                .iter()
                .map(|t| (org.clone(), t.clone()))
                .collect(),
        };
        add(reading, &mut people, &mut posts);
    }
    // `习近平总书记` says less than `中共中央总书记…习近平` in the same text.
    let with_org: HashSet<(String, String)> = posts
        .iter()
        .filter(|p| p.org.is_some())
        .map(|p| (p.person.clone(), p.title.clone()))
        .collect();
    posts.retain(|p| p.org.is_some() || !with_org.contains(&(p.person.clone(), p.title.clone())));
    (people, posts)
}

fn read_line(line: &str, lexicon: &Lexicon, home: &Home, author: Option<&str>) -> Vec<Reading> {
    let words = lexicon.tag(line);
    let mut out = Vec::new();
    out.extend(titles_then_name(line, &words, lexicon, home, author));
    out.extend(name_then_title(line, &words, lexicon));
    out.extend(name_lists(line, &words, lexicon));
    out.extend(names_then_act(line, &words, lexicon));
    out.extend(reporters(line, lexicon));
    out
}

/// Verbs of what people do at a meeting, which a bare name opens a clause
/// with in news (`李强主持会议。`, `赵乐际、王沪宁出席会议。`).
const ACTS: &[&str] = &[
    "主持",
    "出席",
    "参加",
    "讲话",
    "强调",
    "指出",
    "表示",
    "介绍",
    "作总结",
    "作报告",
    "作工作报告",
    "宣读",
    "致辞",
    "会见",
    "陪同",
    "调研",
    "考察",
    "传达",
    "部署",
];

/// Names that open a clause, alone or as a list joined by `、`, followed by
/// an act. Each name is two or three characters from a surname that jieba
/// reads as (parts of) names, tag `nr`: it cuts rare names oddly (`丁/薛祥作`).
fn names_then_act(line: &str, words: &[Word], lexicon: &Lexicon) -> Vec<Reading> {
    let name_at = |at: usize, n: usize| -> Option<&str> {
        let end = line[at..]
            .char_indices()
            .nth(n)
            .map_or(line.len(), |(i, _)| at + i);
        let name = &line[at..end];
        if name.chars().count() != n
            || !name.chars().all(is_han)
            || !is_surname_start(name)
            || not_a_name(name, lexicon)
        {
            return None;
        }
        // Every word over the name is (part of) a name: those from the
        // first that ends after `at` (a search: this runs at every clause).
        words[words.partition_point(|w| w.end <= at)..]
            .iter()
            .take_while(|w| w.start < end)
            .all(|w| w.tag.starts_with("nr"))
            .then_some(name)
    };
    let mut out = Vec::new();
    let clause_starts = std::iter::once(0).chain(
        line.char_indices()
            .filter(|(_, c)| matches!(c, '。' | '；' | '，' | '：' | '！' | '？' | ' ' | '　'))
            .map(|(i, c)| i + c.len_utf8()),
    );
    for clause_start in clause_starts {
        let mut at = clause_start;
        let mut names: Vec<(usize, &str)> = Vec::new();
        let mut acts = false;
        'items: loop {
            for n in [3, 2] {
                let Some(name) = name_at(at, n) else { continue };
                let rest = &line[at + name.len()..];
                if let Some(next) = rest.strip_prefix('、') {
                    names.push((at, name));
                    at = line.len() - next.len();
                    continue 'items;
                }
                if ACTS.iter().any(|a| rest.starts_with(a)) {
                    names.push((at, name));
                    acts = true;
                    break 'items;
                }
            }
            break;
        }
        if acts {
            out.extend(names.into_iter().map(|(start, name)| Reading {
                name: name.to_string(),
                start,
                posts: Vec::new(),
            }));
        }
    }
    out
}

/// `市教育局党组成员、副局长毕洪东`, `上海市委…办公室主任、上海市教卫工作党委书记沈炜`.
fn titles_then_name(
    line: &str,
    words: &[Word],
    lexicon: &Lexicon,
    home: &Home,
    author: Option<&str>,
) -> Vec<Reading> {
    let mut out = Vec::new();
    let matches: Vec<(usize, usize)> = TITLE_RE
        .find_iter(line)
        .map(|m| (m.start(), m.end()))
        .collect();
    for (i, &(_, title_end)) in matches.iter().enumerate() {
        let Some(name) = name_after(&line[title_end..], lexicon) else {
            continue;
        };
        let name_start =
            title_end + (line[title_end..].len() - line[title_end..].trim_start().len());
        if common_word_at(words, name_start, name_start + name.len())
            || cuts_a_word(words, name_start, name_start + name.len())
        {
            continue;
        }
        // Walk back over the chain of `[institution]title` joined by `、`.
        let mut chain: Vec<(Option<String>, String)> = Vec::new();
        let mut j = i;
        loop {
            let (start, end) = matches[j];
            let (org, title, org_start) = org_and_title(line, words, start, end, home, author);
            chain.push((org, title));
            let before = &line[..org_start];
            let joined =
                before.ends_with('、') && j > 0 && matches[j - 1].1 == org_start - '、'.len_utf8();
            if !joined {
                break;
            }
            j -= 1;
        }
        chain.reverse();
        // A title without its own institution shares the one before it,
        // unless it names its scope itself (`国家主席`).
        let mut last_org: Option<String> = None;
        for (org, title) in chain.iter_mut() {
            if title.starts_with("国家") {
                continue;
            }
            if org.is_none() {
                org.clone_from(&last_org);
            } else {
                last_org.clone_from(org);
            }
        }
        if chain.iter().any(|(_, t)| t == "记者") {
            continue;
        }
        out.push(Reading {
            name,
            start: name_start,
            posts: chain,
        });
    }
    out
}

/// The institution ending right before a title, and the title; `党委书记`
/// after a body that is no institution is `X党委` + `书记`.
fn org_and_title(
    line: &str,
    words: &[Word],
    start: usize,
    end: usize,
    home: &Home,
    author: Option<&str>,
) -> (Option<String>, String, usize) {
    let title = &line[start..end];
    if let Some(f) = organization::org_ending_at(line, words, start, home, author) {
        return (Some(f.name), title.to_string(), f.start);
    }
    for party in ["党委", "党组"] {
        if let Some(short) = title.strip_prefix(party) {
            let split = start + party.len();
            if let Some(f) = organization::org_ending_at(line, words, split, home, author) {
                return (Some(f.name), short.to_string(), f.start);
            }
        }
    }
    (None, title.to_string(), start)
}

/// Whether jieba reads a common word of two or more characters (a verb, an
/// adverb …) at the start of a candidate name (`应当`, `包括`).
fn common_word_at(words: &[Word], start: usize, end: usize) -> bool {
    word_at(words, start).is_some_and(|w| {
        w.end <= end
            && w.text.chars().count() >= 2
            && matches!(
                w.tag,
                "v" | "vn" | "d" | "c" | "p" | "a" | "ad" | "r" | "m" | "q" | "f" | "t"
            )
    })
}

/// Whether a candidate name opens with a function word (`和`, `与`) or ends
/// inside a longer word (`园长和法定代表人` is not 和法定 + 代表人).
fn cuts_a_word(words: &[Word], start: usize, end: usize) -> bool {
    word_at(words, start).is_some_and(|w| matches!(w.tag, "c" | "p" | "u" | "uj"))
        || words_from(words, start + 1)
            .iter()
            .take_while(|w| w.start < end)
            .any(|w| end < w.end && w.text.chars().count() >= 3 && !w.tag.starts_with("nr"))
}

fn is_surname_start(s: &str) -> bool {
    /// [`SURNAMES`] sorted, for a binary search (`str::contains` walked
    /// the string at every candidate).
    static SORTED: LazyLock<Vec<char>> = LazyLock::new(|| {
        let mut chars: Vec<char> = SURNAMES.chars().collect();
        chars.sort_unstable();
        chars
    });
    COMPOUND_SURNAMES.iter().any(|c| s.starts_with(c))
        || s.chars()
            .next()
            .is_some_and(|c| SORTED.binary_search(&c).is_ok())
}

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// Whether the text after a candidate name ends it.
fn ends_name(rest: &str) -> bool {
    match rest.chars().next() {
        None => true,
        Some(c) if !is_han(c) => true,
        Some(_) => {
            AFTER_NAME.iter().any(|w| rest.starts_with(w))
                || TITLE_AFTER_RE.find(rest).is_some_and(|m| m.start() == 0)
        }
    }
}

/// The name that starts `text` (after spaces): two or three Han characters
/// from a surname, ended by a boundary.
fn name_after(text: &str, lexicon: &Lexicon) -> Option<String> {
    let text = text.trim_start_matches([' ', '\t']);
    if !is_surname_start(text) {
        return None;
    }
    let chars: Vec<(usize, char)> = text.char_indices().take(4).collect();
    for n in [3, 2] {
        if chars.len() < n || !chars[..n].iter().all(|&(_, c)| is_han(c)) {
            continue;
        }
        let end = chars.get(n).map_or(text.len(), |&(i, _)| i);
        let name = &text[..end];
        static ANY_TITLE: LazyLock<Forms> = LazyLock::new(|| Forms::new(TITLES.iter().copied()));
        if not_a_name(name, lexicon) || ANY_TITLE.found_in(name) {
            continue;
        }
        if ends_name(&text[end..]) {
            return Some(name.to_string());
        }
    }
    None
}

/// Words that start with a surname but are not names: common words, and
/// place names (`杭州…`, `天津…`) from the gazetteer.
fn not_a_name(name: &str, lexicon: &Lexicon) -> bool {
    NOT_NAMES.iter().any(|w| name.starts_with(w))
        || lexicon
            .gazetteer
            .longest_prefix(name)
            .is_some_and(|(len, _)| name[..len].chars().count() >= 2)
}

/// `南湖区沈洁副区长`, `习近平总书记`: a name, then its title.
fn name_then_title(line: &str, words: &[Word], lexicon: &Lexicon) -> Vec<Reading> {
    let mut out = Vec::new();
    for m in TITLE_AFTER_RE.find_iter(line) {
        let before = &line[..m.start()];
        // Prefer the length jieba reads as a name, then one with a boundary before it.
        let candidates = [(3, true), (2, true), (3, false), (2, false)];
        for (n, need_tag) in candidates {
            let Some((name_start, _)) = before.char_indices().rev().nth(n - 1) else {
                continue;
            };
            let name = &before[name_start..];
            if !name.chars().all(is_han) || !is_surname_start(name) || not_a_name(name, lexicon) {
                continue;
            }
            let tagged = word_at(words, name_start)
                .is_some_and(|w| w.end == m.start() && w.tag.starts_with("nr"));
            if common_word_at(words, name_start, m.start()) {
                continue;
            }
            let lead = &before[..name_start];
            let place = word_before(words, name_start)
                .filter(|w| w.tag == "ns" || w.text.ends_with(['区', '县', '市', '省']));
            let bounded =
                lead.is_empty() || lead.ends_with(|c: char| !is_han(c)) || place.is_some();
            if need_tag && !tagged || !need_tag && !bounded {
                continue;
            }
            let title = m.as_str();
            // The division: the word before the name, with the word before
            // that when jieba cut the level character off (`南湖/区`).
            let place_text = place.map(|p| {
                let prev = word_before(words, p.start).filter(|w| w.tag == "ns");
                match prev {
                    Some(prev) if p.text.chars().count() == 1 => format!("{}{}", prev.text, p.text),
                    _ => p.text.to_string(),
                }
            });
            let org = place_text.and_then(|p| {
                let level = title.trim_start_matches('副').chars().next()?;
                (p.chars().count() >= 2 && p.ends_with(level)).then(|| format!("{p}人民政府"))
            });
            let posts = if HONORIFICS_AFTER_NAME.contains(&title) {
                Vec::new()
            } else {
                vec![(org, title.to_string())]
            };
            out.push(Reading {
                name: name.to_string(),
                start: name_start,
                posts,
            });
            break;
        }
    }
    out
}

/// `本报记者 高毅哲 冯丽 甘甜`: reporters after 记者, one post each.
fn reporters(line: &str, lexicon: &Lexicon) -> Vec<Reading> {
    static REPORTERS: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"记者((?:[ \t]*[\p{Han}]{2,3}(?:[ \t]|[）)]|$))+)").unwrap());
    let mut out = Vec::new();
    for c in REPORTERS.captures_iter(line) {
        let Some(list) = c.get(1) else { continue };
        let mut offset = list.start();
        for item in list.as_str().split([' ', '\t', '）', ')']) {
            let start = offset;
            offset += item.len() + 1;
            let n = item.chars().count();
            if !(2..=3).contains(&n) || !is_surname_start(item) || not_a_name(item, lexicon) {
                continue;
            }
            out.push(Reading {
                name: item.to_string(),
                start,
                posts: vec![(None, "记者".to_string())],
            });
        }
    }
    out
}

/// `施一公、陈薇等`: people listed by name.
fn name_lists(line: &str, words: &[Word], lexicon: &Lexicon) -> Vec<Reading> {
    static LIST: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?:[\p{Han}]{2,4}、)+[\p{Han}]{2,4}等").unwrap());
    let mut out = Vec::new();
    for m in LIST.find_iter(line) {
        let items: Vec<(usize, &str)> = line[m.start()..m.end() - "等".len()]
            .split('、')
            .scan(m.start(), |at, item| {
                let start = *at;
                *at += item.len() + '、'.len_utf8();
                Some((start, item))
            })
            .collect();
        // The first item may carry words before the name: take its last word.
        let person = |start: usize, item: &str| -> Option<(usize, String)> {
            let w = words
                .iter()
                .find(|w| w.end == start + item.len() && w.tag.starts_with("nr"))?;
            let n = w.text.chars().count();
            ((2..=3).contains(&n) && is_surname_start(w.text) && !not_a_name(w.text, lexicon))
                .then(|| (w.start, w.text.to_string()))
        };
        let found: Vec<(usize, String)> = items.iter().filter_map(|&(s, i)| person(s, i)).collect();
        if found.len() == items.len() {
            for (start, name) in found {
                out.push(Reading {
                    name,
                    start,
                    posts: Vec::new(),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    type Posts = Vec<(Option<String>, String)>;

    fn read(line: &str, home: &Home) -> Vec<(String, Posts)> {
        let lexicon = Lexicon::load();
        read_line(line, &lexicon, home, None)
            .into_iter()
            .map(|r| (r.name, r.posts))
            .collect()
    }

    fn jiaxing() -> Home {
        Home {
            province: Some("浙江省".into()),
            city: Some("嘉兴市".into()),
            county: None,
            level: None,
        }
    }

    #[test]
    fn institution_titles_and_name() {
        let got = read("市教育局党组成员、副局长毕洪东参加会议", &jiaxing());
        let org = Some("嘉兴市教育局".to_string());
        assert_eq!(
            got,
            [(
                "毕洪东".to_string(),
                vec![
                    (org.clone(), "党组成员".to_string()),
                    (org, "副局长".to_string())
                ]
            )]
        );
    }

    #[test]
    fn author_line_with_space() {
        let got = read("杭州市教育局党组书记、局长 钮俊", &Home::default());
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].0, "钮俊");
        assert_eq!(got[0].1.len(), 2);
    }

    #[test]
    fn party_committee_secretary_when_body_is_no_institution() {
        let got = read(
            "上海市委教育工作领导小组办公室主任、上海市教卫工作党委书记沈炜：",
            &Home::default(),
        );
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(
            got[0].1[1],
            (Some("上海市教卫工作党委".to_string()), "书记".to_string())
        );
    }

    #[test]
    fn name_before_title_of_district_head() {
        let got = read("南湖区召开会议，南湖区沈洁副区长参加。", &Home::default());
        assert_eq!(
            got,
            [(
                "沈洁".to_string(),
                vec![(Some("南湖区人民政府".to_string()), "副区长".to_string())]
            )]
        );
    }

    #[test]
    fn reporters_and_lists() {
        let got = reporters("（本报记者 高毅哲 冯丽 甘甜）", &Lexicon::load());
        assert_eq!(got.len(), 3);
        let got = read("邀请施一公、陈薇等名人名家进校园", &Home::default());
        assert_eq!(got.len(), 2, "{got:?}");
    }

    #[test]
    fn posts_of_central_bodies() {
        let found = read(
            "中共中央总书记、国家主席、中央军委主席习近平出席大会。中共中央政治局常委、国务院副总理丁薛祥讲话。",
            &Home::default(),
        );
        let post = |name: &str, org: Option<&str>, title: &str| {
            found.iter().any(|(n, posts)| {
                n == name && posts.contains(&(org.map(String::from), title.to_string()))
            })
        };
        assert!(post("习近平", Some("中共中央"), "总书记"), "{found:?}");
        assert!(post("习近平", None, "国家主席"), "{found:?}");
        assert!(post("习近平", Some("中央军事委员会"), "主席"), "{found:?}");
        assert!(post("丁薛祥", Some("中共中央"), "政治局常委"), "{found:?}");
        assert!(post("丁薛祥", Some("国务院"), "副总理"), "{found:?}");
    }

    #[test]
    fn bare_names_opening_a_clause_with_an_act() {
        let found: Vec<String> = read(
            "李强主持会议。赵乐际、王沪宁、蔡奇、李希出席会议。丁薛祥作总结讲话。",
            &Home::default(),
        )
        .into_iter()
        .map(|(n, _)| n)
        .collect();
        assert_eq!(
            found,
            ["李强", "赵乐际", "王沪宁", "蔡奇", "李希", "丁薛祥"]
        );
        // A word that only starts like a name, or no act after it, is no one.
        assert!(read("王牌专业出席会议。", &Home::default()).is_empty());
        assert!(read("高翔的团队建成实验室。", &Home::default()).is_empty());
    }

    #[test]
    fn no_false_names_after_titles() {
        assert!(read("市委书记高度重视、直接推动", &Home::default()).is_empty());
        // `和` joins two posts here; `法定代表人` is one word.
        let found = read("不得担任幼儿园园长和法定代表人。", &Home::default());
        assert!(found.is_empty(), "{found:?}");
    }
}
