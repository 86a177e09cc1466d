//! Initiatives: programs, reforms, campaigns, policy documents, accreditations.
//!
//! Five readers, each for one way a named initiative is written:
//! - `《title》`: a policy document (not a newspaper);
//! - `“quoted”` names, kept when their shape or their use marks them as a
//!   program (`“硕师计划”`, `“双减”工作`, `实施“双融”计划`), skipped when they are
//!   metaphors, slogans or lists (`“先手棋”`, `“公平有质量、温暖有希望”`);
//! - well-known terms of the field from `data/initiative_terms.txt` (`县管校聘`);
//! - unquoted names ending in a program word, read leftwards from the word up
//!   to a verb or a function word: `实施职业教育提质培优行动`,
//!   `通过全国义务教育优质均衡发展县`, `出台骨干教师考核奖励办法`;
//! - the document a notice issues (`关于印发…的通知`) and its annexes (`附件：…`).
//!
//! Short forms scoped by a bare `省`/`市` (`省现代化学校`) are resolved to the
//! article's home province or city, keeping the written form as alias.

use std::collections::HashSet;
use std::sync::LazyLock;

use super::{CharIndex, Context, Evidence, Forms, InitiativeKind, InitiativeMention, Lexicon};
use crate::document::{Document, Span};

/// Known terms: `name<TAB>type<TAB>other forms`.
const TERMS: &str = include_str!("../../data/initiative_terms.txt");
/// Quoted words that are never initiative names.
const NOT_NAMES: &str = include_str!("../../data/initiative_not_names.txt");

/// A term of the field and every form it is written in (the name first).
struct Term {
    name: String,
    kind: InitiativeKind,
    forms: Vec<String>,
}

static KNOWN_TERMS: LazyLock<Vec<Term>> = LazyLock::new(|| {
    TERMS
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|line| {
            let mut fields = line.split('\t');
            let name = fields.next()?.trim().to_string();
            let kind = parse_kind(fields.next()?.trim())?;
            let mut forms = vec![name.clone()];
            if let Some(others) = fields.next() {
                forms.extend(
                    others
                        .split(',')
                        .map(str::trim)
                        .filter(|f| !f.is_empty())
                        .map(String::from),
                );
            }
            Some(Term { name, kind, forms })
        })
        .collect()
});

static NOT_NAME_SET: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    NOT_NAMES
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
});

fn parse_kind(s: &str) -> Option<InitiativeKind> {
    Some(match s {
        "program" => InitiativeKind::Program,
        "reform" => InitiativeKind::Reform,
        "campaign" => InitiativeKind::Campaign,
        "document" => InitiativeKind::PolicyDocument,
        "accreditation" => InitiativeKind::Accreditation,
        "platform" => InitiativeKind::Platform,
        _ => return None,
    })
}

pub fn extract(doc: &Document, lexicon: &Lexicon, context: &Context) -> Vec<InitiativeMention> {
    let mut out = Mentions::new(doc, context, lexicon);
    titled_documents(&mut out);
    quoted_names(&mut out);
    known_terms(&mut out);
    suffixed_names(&mut out);
    issued_documents(&mut out);
    out.list
}

/// Collects mentions, one per name and start offset.
struct Mentions<'a> {
    doc: &'a Document,
    context: &'a Context<'a>,
    lexicon: &'a Lexicon,
    list: Vec<InitiativeMention>,
    seen: HashSet<(String, usize)>,
    /// For each byte offset of the text, whether a jieba word starts there.
    word_start: Vec<bool>,
}

impl<'a> Mentions<'a> {
    fn new(doc: &'a Document, context: &'a Context, lexicon: &'a Lexicon) -> Self {
        let mut word_start = vec![false; doc.text.len() + 1];
        let mut at = 0;
        for word in lexicon.cut(&doc.text) {
            if let Some(flag) = word_start.get_mut(at) {
                *flag = true;
            }
            at += word.len();
        }
        word_start[doc.text.len()] = true;
        Mentions {
            doc,
            context,
            lexicon,
            list: Vec::new(),
            seen: HashSet::new(),
            word_start,
        }
    }

    fn text(&self) -> &'a str {
        &self.doc.text
    }

    /// Adds a mention named `name`, written `written` at `start..end`.
    fn push(&mut self, name: &str, written: &str, kind: InitiativeKind, start: usize, end: usize) {
        let name = clean_name(name);
        let written = clean_name(written);
        if name.chars().count() < 2 || !self.seen.insert((name.clone(), start)) {
            return;
        }
        let sentence = self.doc.sentence_at(start).unwrap_or(0);
        let alias = (written != name && written.chars().count() >= 2).then_some(written);
        self.list.push(InitiativeMention {
            name,
            alias,
            kind,
            evidence: Evidence {
                span: Span::new(start, end),
                sentence,
            },
        });
    }

    /// Where a name that must open with its scope starts within `start..end`:
    /// at `全国`/`国家`, else at the last place named, else at a bare `省`/`市`
    /// (`义务教育阶段省现代化学校` → `省现代化学校`).
    fn scope_start(&self, start: usize, end: usize) -> Option<usize> {
        let text = self.text();
        let head = &text[start..end];
        if let Some(i) = ["全国", "国家"].iter().filter_map(|s| head.find(s)).min() {
            return Some(start + i);
        }
        let mut last_place = None;
        for (i, _) in head.char_indices() {
            let at = start + i;
            if let Some(len) = self.lexicon.longest_place_name(&text[at..end]) {
                if len >= 6 && at + len < end {
                    last_place = Some(at);
                }
            }
        }
        last_place.or_else(|| head.rfind(['省', '市']).map(|i| start + i))
    }

    /// The full form of a name scoped by a bare `省`/`市` (`省现代化学校` →
    /// `浙江省现代化学校`), where the article's home is known.
    fn resolve_scope(&self, written: &str, at: usize) -> String {
        let sentence = self.doc.sentence_at(at).unwrap_or(0);
        let home = self.context.home_of_sentence(self.doc, sentence);
        let (home_name, level_char) = if let Some(rest) = written.strip_prefix('省') {
            (home.province.as_deref(), ('省', rest))
        } else if let Some(rest) = written.strip_prefix('市') {
            (home.city.as_deref(), ('市', rest))
        } else {
            return written.to_string();
        };
        let (marker, rest) = level_char;
        // `市级“小而优”示范校`: a level, not the home city.
        if rest.starts_with('级') {
            return written.to_string();
        }
        match home_name {
            Some(h) if h.ends_with(marker) => format!("{h}{rest}"),
            Some(h) if !h.is_empty() => format!("{h}{marker}{rest}"),
            _ => written.to_string(),
        }
    }
}

/// Removes white space (PDF spacing) and makes ASCII parentheses full-width.
fn clean_name(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            c => c,
        })
        .collect()
}

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

fn is_chinese_numeral(c: char) -> bool {
    "一二三四五六七八九十两百千".contains(c)
}

// ---------------------------------------------------------------------------
// 《titles》

/// Endings of titles that name a newspaper, journal or medium, not a policy.
const MEDIA_ENDINGS: &[&str] = &["报", "杂志", "周刊", "月刊", "网", "频道", "栏目", "专栏"];

fn titled_documents(out: &mut Mentions) {
    let text = out.text();
    let mut from = 0;
    while let Some(rel) = text[from..].find('《') {
        let open = from + rel;
        let inner_start = open + '《'.len_utf8();
        from = inner_start;
        let Some(close_rel) = text[inner_start..].find(['》', '《', '\n']) else {
            break;
        };
        let inner_end = inner_start + close_rel;
        if !text[inner_end..].starts_with('》') {
            continue;
        }
        let inner = &text[inner_start..inner_end];
        let length = inner.chars().count();
        if !(4..=80).contains(&length) || MEDIA_ENDINGS.iter().any(|e| inner.ends_with(e)) {
            continue;
        }
        let name = clean_name(inner);
        let short = strip_period(&name);
        out.push(
            &name,
            short,
            InitiativeKind::PolicyDocument,
            inner_start,
            inner_end,
        );
        from = inner_end;
    }
}

/// A title without its trailing plan period: `…行动计划（2021—2025年）` → `…行动计划`.
fn strip_period(name: &str) -> &str {
    if let Some(open) = name.rfind('（') {
        let tail = &name[open..];
        if tail.ends_with("年）") && tail.chars().any(|c| c.is_ascii_digit()) {
            return &name[..open];
        }
    }
    name
}

// ---------------------------------------------------------------------------
// “quoted” names

/// One `“…”` in the text: byte offsets of the quote marks and the words inside.
#[derive(Debug, Clone, Copy)]
struct Quote {
    open: usize,
    start: usize,
    end: usize,
    close_end: usize,
}

/// The quotes of `text` in order; they do not overlap.
fn quotes(text: &str) -> Vec<Quote> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(rel) = text[from..].find('“') {
        let open = from + rel;
        let start = open + '“'.len_utf8();
        from = start;
        let Some(close_rel) = text[start..].find(['”', '“', '\n']) else {
            break;
        };
        let end = start + close_rel;
        if !text[end..].starts_with('”') || text[start..end].chars().count() > 40 {
            continue;
        }
        let close_end = end + '”'.len_utf8();
        found.push(Quote {
            open,
            start,
            end,
            close_end,
        });
        from = close_end;
    }
    found
}

/// Endings that make a quoted name a program by themselves (`“硕师计划”`).
const NAME_ENDINGS: &[(&str, InitiativeKind)] = &[
    ("行动计划", InitiativeKind::Program),
    ("计划", InitiativeKind::Program),
    ("工程", InitiativeKind::Program),
    ("行动", InitiativeKind::Campaign),
    ("项目", InitiativeKind::Program),
    ("改革", InitiativeKind::Reform),
    ("试点", InitiativeKind::Program),
    ("论坛", InitiativeKind::Program),
    ("基金", InitiativeKind::Program),
    ("工坊", InitiativeKind::Program),
    ("学徒制", InitiativeKind::Program),
    ("平台", InitiativeKind::Platform),
    ("教育云", InitiativeKind::Platform),
    ("清单", InitiativeKind::PolicyDocument),
    ("班", InitiativeKind::Program),
];

/// Words that, right after a quoted name, say it is the name of a program:
/// `“双减”工作`, `“三教”改革`, `“千校结好”项目`.
const FOLLOWING_WORDS: &[(&str, InitiativeKind)] = &[
    ("证书制度试点", InitiativeKind::Program),
    ("证书制度", InitiativeKind::Program),
    ("综合改革", InitiativeKind::Reform),
    ("管理改革", InitiativeKind::Reform),
    ("行动计划", InitiativeKind::Program),
    ("专项行动", InitiativeKind::Campaign),
    ("结对帮扶", InitiativeKind::Program),
    ("工作", InitiativeKind::Campaign),
    ("行动", InitiativeKind::Campaign),
    ("改革", InitiativeKind::Reform),
    ("项目", InitiativeKind::Program),
    ("工程", InitiativeKind::Program),
    ("计划", InitiativeKind::Program),
    ("试点", InitiativeKind::Program),
    ("创建", InitiativeKind::Campaign),
    ("建设", InitiativeKind::Program),
    ("活动", InitiativeKind::Campaign),
    ("培训", InitiativeKind::Program),
    ("平台", InitiativeKind::Platform),
    ("融合", InitiativeKind::Reform),
    ("模式", InitiativeKind::Reform),
    ("品牌", InitiativeKind::Program),
    ("名片", InitiativeKind::Program),
    ("示范校", InitiativeKind::Accreditation),
    ("样板校", InitiativeKind::Accreditation),
];

/// Endings of a longer phrase after a quoted name that the name qualifies:
/// `“二维五级”骨干教师层级培养体系`, `“人才周转”应用平台`.
const PHRASE_ENDINGS: &[(&str, InitiativeKind)] = &[
    ("体系", InitiativeKind::Program),
    ("模式", InitiativeKind::Reform),
    ("集群", InitiativeKind::Program),
    ("班", InitiativeKind::Program),
    ("团队", InitiativeKind::Program),
    ("平台", InitiativeKind::Platform),
    ("大脑", InitiativeKind::Platform),
    ("基站", InitiativeKind::Platform),
    ("工程", InitiativeKind::Program),
    ("计划", InitiativeKind::Program),
    ("项目", InitiativeKind::Program),
    ("改革", InitiativeKind::Reform),
    ("行动", InitiativeKind::Campaign),
    ("规划", InitiativeKind::PolicyDocument),
    ("政策", InitiativeKind::PolicyDocument),
    ("试点", InitiativeKind::Program),
    ("培训", InitiativeKind::Program),
];

/// Verbs that, right before a quoted name, make it the thing carried out.
const CARRYING_VERBS: &[&str] = &[
    "实施",
    "推进",
    "开展",
    "深化",
    "落实",
    "推行",
    "启动",
    "推广",
    "建设",
    "创建",
    "参与",
    "加入",
    "首创",
    "做实",
    "以下简称",
    "简称",
];

/// What a quoted name is, once its context is read.
#[derive(Debug, Clone, PartialEq)]
struct QuotedName {
    name: String,
    alias: String,
    kind: InitiativeKind,
    /// Whether the text marks it as an initiative (else it may still join a list).
    marked: bool,
}

fn quoted_names(out: &mut Mentions) {
    let text = out.text();
    let all = quotes(text);
    // Runs of adjacent quotes (`“营转非”“备改审”工作`, `“双高”和“双优”建设`).
    let mut runs: Vec<Vec<Quote>> = Vec::new();
    for q in all {
        let joined = runs.last().and_then(|r| r.last()).is_some_and(|prev| {
            let gap = &text[prev.close_end..q.open];
            gap.is_empty() || gap == "、" || gap == "和" || gap == "与"
        });
        if joined {
            runs.last_mut().unwrap().push(q);
        } else {
            runs.push(vec![q]);
        }
    }
    for run in runs {
        if let Some((name, kind)) = joined_formula_run(text, &run) {
            let (start, end) = (run[0].start, run.last().unwrap().end);
            out.push(&name, &name, kind, start, end);
            continue;
        }
        let read: Vec<Option<QuotedName>> = run.iter().map(|q| read_quote(text, q)).collect();
        let any_marked = read.iter().flatten().any(|r| r.marked);
        for (q, r) in run.iter().zip(read) {
            let Some(r) = r else { continue };
            if r.marked || any_marked {
                out.push(&r.name, &r.alias, r.kind, q.start, q.end);
            }
        }
    }
}

/// A run of quoted halves each ending in `+` and followed by a program word
/// (`“产业+”“行业+”“企业+”“院校+”模式`) is one name.
fn joined_formula_run(text: &str, run: &[Quote]) -> Option<(String, InitiativeKind)> {
    if run.len() < 2 || !run.iter().all(|q| text[q.start..q.end].ends_with('+')) {
        return None;
    }
    let last = run.last()?;
    let (word, kind) = following_word(&text[last.close_end..])?;
    let mut name: String = run.iter().map(|q| &text[q.start..q.end]).collect();
    name.push_str(word);
    Some((name, kind))
}

fn following_word(after: &str) -> Option<(&'static str, InitiativeKind)> {
    FOLLOWING_WORDS
        .iter()
        .find(|(w, _)| after.starts_with(w))
        .copied()
}

/// A core made of numbers and `+` only (`“1+X”`, `“361”`): a name only together
/// with the words after it (`“1+X”证书制度试点`).
fn is_formula(core: &str) -> bool {
    core.chars().any(|c| c.is_ascii_digit())
        && core
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '+' || c == ' ')
}

/// Reads the phrase after a quoted name that ends in a program word and is
/// followed by a break (`骨干教师层级培养体系，`), up to 12 characters.
fn following_phrase(after: &str) -> Option<(&str, InitiativeKind)> {
    let mut best = None;
    for (count, (i, c)) in after.char_indices().enumerate() {
        if count >= 12 || !is_cjk(c) || c == '的' || c == '和' {
            break;
        }
        let end = i + c.len_utf8();
        let phrase = &after[..end];
        if let Some((_, kind)) = PHRASE_ENDINGS.iter().find(|(e, _)| phrase.ends_with(e)) {
            if count >= 2 && is_phrase_break(&after[end..]) {
                best = Some((phrase, *kind));
            }
        }
    }
    best
}

/// Whether a noun phrase may end before `rest`.
fn is_phrase_break(rest: &str) -> bool {
    const BREAK_WORDS: &[&str] = &[
        "的", "和", "与", "及", "等", "为", "是", "在", "中", "上", "建设", "工作", "创建", "院校",
    ];
    match rest.chars().next() {
        None => true,
        Some(c) if !is_cjk(c) => true,
        Some(_) => BREAK_WORDS.iter().any(|w| rest.starts_with(w)),
    }
}

fn read_quote(text: &str, q: &Quote) -> Option<QuotedName> {
    let core = text[q.start..q.end].trim();
    let length = core.chars().count();
    let listy = core.contains(['、', '，', ',', '；', '：', '。', ' ', '\t']);
    if !(2..=24).contains(&length) || listy || NOT_NAME_SET.contains(core) {
        return None;
    }
    let after = &text[q.close_end..];
    let before = &text[..q.open];

    // Numbers, `+` chains and dash chains only name something with the words after them.
    if is_formula(core) || core.contains('—') || core.ends_with('+') {
        if core.ends_with('+') {
            return None;
        }
        let after = if is_formula(core) {
            after.strip_prefix('的').unwrap_or(after)
        } else {
            after
        };
        let (phrase, kind) = following_phrase(after)
            .or_else(|| following_word(after).map(|(w, k)| (&after[..w.len()], k)))?;
        let name = format!("{core}{phrase}");
        return Some(QuotedName {
            alias: name.clone(),
            name,
            kind,
            marked: true,
        });
    }

    if let Some((_, kind)) = NAME_ENDINGS.iter().find(|(e, _)| core.ends_with(e)) {
        return Some(QuotedName {
            name: core.to_string(),
            alias: core.to_string(),
            kind: *kind,
            marked: true,
        });
    }
    let phrase = following_phrase(after);
    let word = following_word(after);
    let phrase_is_longer = phrase.is_some_and(|(p, _)| word.is_none_or(|(w, _)| p.len() > w.len()));
    if let (Some((word, kind)), false) = (word, phrase_is_longer) {
        return Some(QuotedName {
            name: core.to_string(),
            alias: format!("{core}{word}"),
            kind,
            marked: true,
        });
    }
    if let Some((phrase, kind)) = phrase {
        return Some(QuotedName {
            name: format!("{core}{phrase}"),
            alias: core.to_string(),
            kind,
            marked: true,
        });
    }
    let carried = CARRYING_VERBS.iter().any(|v| before.ends_with(v));
    let ends_clause = after.chars().next().is_none_or(|c| !is_cjk(c))
        || ["和", "与", "及", "等"]
            .iter()
            .any(|w| after.starts_with(w));
    Some(QuotedName {
        name: core.to_string(),
        alias: core.to_string(),
        kind: InitiativeKind::Program,
        marked: carried && ends_clause,
    })
}

// ---------------------------------------------------------------------------
// Known terms

fn known_terms(out: &mut Mentions) {
    let text = out.text();
    let quoted = quotes(text);
    /// Every form of every term (term, form), and their automaton.
    static FORMS: LazyLock<(Vec<(usize, usize)>, Forms)> = LazyLock::new(|| {
        let mut all = Vec::new();
        for (t, term) in KNOWN_TERMS.iter().enumerate() {
            for (f, form) in term.forms.iter().enumerate() {
                if !form.is_empty() {
                    all.push((t, f));
                }
            }
        }
        let forms = Forms::new(all.iter().map(|&(t, f)| KNOWN_TERMS[t].forms[f].as_str()));
        (all, forms)
    });
    let (all, forms) = &*FORMS;
    for (form, start, end) in forms.find_each(text) {
        let (t, f) = all[form];
        let term = &KNOWN_TERMS[t];
        let found = term.forms[f].as_str();
        // Part of a longer quoted name (`“海鸥现代学徒制”`), read whole there.
        // The quotes follow one another without overlap: only the last that
        // opens before the term can hold it (a walk of them all, at every
        // term, grew with the square of a long file).
        let inside_longer = quoted[..quoted.partition_point(|q| q.start <= start)]
            .last()
            .is_some_and(|q| end <= q.end && q.end - q.start > found.len());
        if inside_longer {
            continue;
        }
        // A scope written before the term is part of the name as written:
        // `国家产教融合型城市`, `省民生实事` (→ the home province's).
        let national = ["国家", "全国"]
            .into_iter()
            .find(|s| text[..start].ends_with(s));
        let local = ['省', '市'].into_iter().find(|&c| {
            let at = start.saturating_sub(c.len_utf8());
            text[..start].ends_with(c)
                && out.word_start.get(at).copied().unwrap_or(false)
                && out.word_start.get(start).copied().unwrap_or(false)
        });
        if let Some(scope) = national {
            let from = start - scope.len();
            out.push(&term.name, &text[from..end], term.kind, from, end);
        } else if let Some(scope) = local {
            let from = start - scope.len_utf8();
            let written = &text[from..end];
            let name = out.resolve_scope(written, from);
            out.push(&name, written, term.kind, from, end);
        } else {
            out.push(&term.name, found, term.kind, start, end);
        }
    }
}

// ---------------------------------------------------------------------------
// Unquoted names ending in a program word

/// What a suffixed name needs before it to count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Needs {
    /// Nothing: the ending is specific enough (`…示范区`, `…工程`).
    Nothing,
    /// A verb of carrying out (`实施…计划`).
    Verb,
    /// A verb of issuing or following a document (`出台…办法`).
    DocumentVerb,
    /// A national or provincial scope (`国家级…教学团队`).
    Scope,
    /// Opens with its scope, a place or `全国` (`浙江省现代化学校`).
    PlaceScope,
}

struct Ending {
    word: &'static str,
    kind: InitiativeKind,
    needs: Needs,
}

const fn ending(word: &'static str, kind: InitiativeKind, needs: Needs) -> Ending {
    Ending { word, kind, needs }
}

/// Program words an unquoted name ends in, longest first where they overlap.
const ENDINGS: &[Ending] = {
    use InitiativeKind::*;
    use Needs::*;
    &[
        ending("行动计划", Program, Nothing),
        ending("专项行动", Campaign, Nothing),
        ending("专项工作", Campaign, Verb),
        ending("行动", Campaign, Verb),
        ending("工程", Program, Nothing),
        ending("计划", Program, Verb),
        ending("项目", Program, Verb),
        ending("试点县", Accreditation, Nothing),
        ending("试点校", Accreditation, Nothing),
        ending("试点省", Accreditation, Nothing),
        ending("试点市", Accreditation, Nothing),
        ending("试点区", Accreditation, Nothing),
        ending("试点城市", Accreditation, Nothing),
        ending("试点", Program, Verb),
        ending("大赛", Program, Verb),
        ending("示范区", Accreditation, Nothing),
        ending("实验区", Accreditation, Nothing),
        ending("示范县", Accreditation, Nothing),
        ending("示范省", Accreditation, Nothing),
        ending("教育平台", Platform, PlaceScope),
        ending("示范点", Accreditation, Scope),
        ending("示范乡镇", Accreditation, PlaceScope),
        ending("示范校", Accreditation, PlaceScope),
        ending("培育单位", Accreditation, Nothing),
        ending("建设点", Accreditation, Nothing),
        ending("发展县", Accreditation, PlaceScope),
        ending("普惠县", Accreditation, PlaceScope),
        ending("均衡县", Accreditation, PlaceScope),
        ending("现代化县", Accreditation, PlaceScope),
        ending("现代化学校", Accreditation, PlaceScope),
        ending("现代化普通高中学校", Accreditation, PlaceScope),
        ending("教学团队", Accreditation, Scope),
        ending("创新团队", Accreditation, Scope),
        ending("教师团队", Accreditation, Scope),
        ending("本科课程", Accreditation, Scope),
        ending("产业学院", Accreditation, Scope),
        ending("创新创业学院", Accreditation, Scope),
        ending("单项冠军", Accreditation, Scope),
        ending("实施意见", PolicyDocument, DocumentVerb),
        ending("实施方案", PolicyDocument, DocumentVerb),
        ending("工作方案", PolicyDocument, DocumentVerb),
        ending("指导意见", PolicyDocument, DocumentVerb),
        ending("行动纲要", PolicyDocument, DocumentVerb),
        ending("规划", PolicyDocument, DocumentVerb),
        ending("办法", PolicyDocument, DocumentVerb),
    ]
};

const CARRY_OUT_VERBS: &[&str] = &[
    "实施", "推进", "开展", "推行", "启动", "推广", "落实", "参与", "入选", "加入", "申报", "承担",
    "安排", "深化", "创建", "争创", "获批", "纳入", "列入", "举办", "打造", "承办",
];

const DOCUMENT_VERBS: &[&str] = &[
    "制定", "出台", "修订", "印发", "发布", "根据", "依据", "按照", "实施", "贯彻", "落实", "编制",
];

const SCOPES: &[&str] = &["国家", "全国", "省", "中国"];

/// Whether `head` opens with a national or provincial scope and the name says
/// more than its level: `国家级现代产业学院`, not `省产业学院`.
fn has_scope_and_substance(head: &str, word: &str) -> bool {
    let Some(rest) = SCOPES.iter().find_map(|s| head.strip_prefix(s)) else {
        return false;
    };
    let rest = rest.strip_prefix('级').unwrap_or(rest);
    let rest = rest.strip_prefix("首批").unwrap_or(rest);
    rest.chars().count() + word.chars().count() >= 6
}

/// Words a name does not reach back over: verbs that govern it, adverbs,
/// function words and ordinals.
const LEFT_STOPS: &[&str] = &[
    "实施",
    "推进",
    "开展",
    "深化",
    "落实",
    "推行",
    "启动",
    "推广",
    "创建",
    "争创",
    "入选",
    "参与",
    "加入",
    "通过",
    "成为",
    "作为",
    "评为",
    "获评",
    "获批",
    "获得",
    "确立为",
    "确定为",
    "列为",
    "列入",
    "纳入",
    "打造",
    "构建",
    "建立",
    "完善",
    "制定",
    "出台",
    "修订",
    "印发",
    "发布",
    "接受",
    "安排",
    "达到",
    "建成",
    "组织",
    "举办",
    "承办",
    "申报",
    "承担",
    "助力",
    "推动",
    "加快",
    "全面",
    "持续",
    "积极",
    "深入",
    "大力",
    "扎实",
    "继续",
    "进一步",
    "率先",
    "统筹",
    "着力",
    "努力",
    "不断",
    "切实",
    "优化",
    "聚焦",
    "围绕",
    "依托",
    "根据",
    "依据",
    "按照",
    "结合",
    "坚持",
    "探索",
    "做实",
    "做好",
    "建好",
    "抓好",
    "搭建",
    "开发",
    "设立",
    "成立",
    "牵头",
    "共建",
    "组建",
    "实现",
    "启用",
    "召开",
    "举行",
    "创成",
    "申请",
    "认定",
    "命名",
    "授予",
    "评选",
    "遴选",
    "引导",
    "鼓励",
    "发挥",
    "编制",
    "首批",
    "一批",
    "首个",
    "首家",
    "首届",
    "以及",
    "借力",
    "谱写",
    "或者",
    "应当",
    "可以",
    "一是",
    "二是",
    "三是",
    "四是",
    "五是",
];

/// Function words a name does not reach back over where jieba reads them as
/// words of their own (`普及` and `定向` are not stops).
const LEFT_STOP_CHARS: &str =
    "的和及或等在是为对将把了由向从以于至并被让使给每各其该这此已均都还也又即就要应";

/// Characters a name can be made of (besides a short quoted part).
fn is_name_char(c: char) -> bool {
    is_cjk(c) || c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '（' | '）')
}

fn is_counter(c: char) -> bool {
    "个所项门家批名条年月日".contains(c)
}

/// Walks left from `end` over the characters of a name, up to a stop word,
/// punctuation or 30 characters; a short quoted part is taken whole.
fn scan_left(text: &str, end: usize, word_start: &[bool]) -> usize {
    let mut start = end;
    let mut count = 0;
    while count < 30 {
        let before = &text[..start];
        let mut chars = before.chars().rev();
        let Some(c) = chars.next() else { break };
        /// [`LEFT_STOPS`] by their last character: the few that can end here.
        static STOPS_BY_LAST: LazyLock<CharIndex<&'static str>> =
            LazyLock::new(|| CharIndex::new(LEFT_STOPS.iter().copied(), |w| w.chars().next_back()));
        if STOPS_BY_LAST.get(c).iter().any(|w| before.ends_with(w)) {
            break;
        }
        let standalone = word_start
            .get(start - c.len_utf8())
            .copied()
            .unwrap_or(false)
            && word_start.get(start).copied().unwrap_or(false);
        if standalone && LEFT_STOP_CHARS.contains(c) {
            break;
        }
        if c == '”' {
            let Some(open) = before.rfind('“') else {
                break;
            };
            let inner = &before[open + '“'.len_utf8()..before.len() - '”'.len_utf8()];
            if open == 0 || inner.chars().count() > 12 || !inner.chars().all(is_name_char) {
                break;
            }
            count += inner.chars().count() + 2;
            start = open;
            continue;
        }
        if !is_name_char(c) {
            break;
        }
        // A counted quantity (`7个`, `2023年`) is not part of the name.
        if is_counter(c) && chars.next().is_some_and(|p| p.is_ascii_digit()) {
            break;
        }
        start -= c.len_utf8();
        count += 1;
    }
    // Digits left at the front belong to a quantity, not the name.
    let trimmed = text[start..end].trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
    start = end - trimmed.len();
    // An opening parenthesis without its close is not part of the name.
    if let Some(open) = text[start..end].rfind('（') {
        if !text[start + open..end].contains('）') {
            start += open + '（'.len_utf8();
        }
    }
    start
}

/// Whether an unquoted name may end before `rest`.
fn is_name_break(rest: &str) -> bool {
    const BREAK_WORDS: &[&str] = &[
        "的", "和", "与", "及", "等", "为", "是", "在", "中", "上", "建设", "工作", "创建", "实施",
        "并", "以", "要", "已", "获", "达",
    ];
    match rest.chars().next() {
        None => true,
        Some(c) if !is_cjk(c) => true,
        Some(_) => BREAK_WORDS.iter().any(|w| rest.starts_with(w)),
    }
}

/// A count with 大 or 项 (`三大融合工程`, `五项工程`) is a summary, not a name.
fn is_counted_summary(head: &str) -> bool {
    let chars: Vec<char> = head.chars().collect();
    chars
        .windows(2)
        .any(|w| is_chinese_numeral(w[0]) && matches!(w[1], '大' | '项' | '类'))
}

fn suffixed_names(out: &mut Mentions) {
    let text = out.text();
    // End of the last accepted name and what it needed, for lists (`A工程、B工程`).
    let mut last_accepted: Option<(usize, Needs)> = None;
    let mut offsets: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    offsets.push(text.len());
    /// [`ENDINGS`] by their last character, in their order.
    static BY_LAST: LazyLock<CharIndex<&'static Ending>> =
        LazyLock::new(|| CharIndex::new(ENDINGS, |e| e.word.chars().next_back()));
    for &end in &offsets {
        let Some(last) = text[..end].chars().next_back() else {
            continue;
        };
        let endings = BY_LAST.get(last);
        let Some(e) = endings.iter().find(|e| text[..end].ends_with(e.word)) else {
            continue;
        };
        let mut name_end = end;
        // `绍兴市现代化学校（义务教育段）`: a short qualifier in brackets belongs to it.
        if e.kind == InitiativeKind::Accreditation {
            if let Some(rest) = text[end..].strip_prefix('（') {
                if let Some(close) = rest.find('）') {
                    let inner = &rest[..close];
                    if inner.chars().count() <= 8 && inner.chars().all(is_cjk) {
                        name_end = end + '（'.len_utf8() + close + '）'.len_utf8();
                    }
                }
            }
        } else if !is_name_break(&text[end..]) {
            continue;
        }
        let word_start = end - e.word.len();
        let mut start = scan_left(text, word_start, &out.word_start);
        if e.needs == Needs::PlaceScope {
            match out.scope_start(start, word_start) {
                Some(scoped) => start = scoped,
                None => continue,
            }
        }
        let head = &text[start..word_start];
        // Accreditations are named by their ending (`省现代化学校`); programs
        // need a head of their own (`智慧课堂教学工程`, not `改造工程`).
        let long_enough = if e.kind == InitiativeKind::Accreditation {
            text[start..end].chars().count() >= 5
        } else {
            head.chars().count() >= 4
        };
        // A run-on line repeats its ending (`…示范省新篇章谱写…示范省`); a
        // name opening with a quote is the quoted reader's (`“双融”计划`).
        let repeated = head.contains(e.word) || head.starts_with('“');
        if !long_enough || repeated || is_counted_summary(head) || head.starts_with("省市") {
            continue;
        }
        let mut before = strip_counted(&text[..start]);
        // `出台深化高考综合改革实施方案`: a title may open with a verb of its own.
        if e.needs == Needs::DocumentVerb {
            for inner in ["深化", "推进", "加快", "全面", "进一步"] {
                if let Some(outer) = before.strip_suffix(inner) {
                    if DOCUMENT_VERBS.iter().any(|v| outer.ends_with(v)) {
                        start -= inner.len();
                        before = outer;
                        break;
                    }
                }
            }
        }
        let continues_list = last_accepted.is_some_and(|(prev_end, needs)| {
            let Some(gap) = text.get(prev_end..start) else {
                return false;
            };
            let gap = ["建设", "工作", "创建"]
                .iter()
                .fold(gap, |g, w| g.strip_prefix(w).unwrap_or(g));
            ["、", "和", "及", "以及"].contains(&gap)
                && (needs == e.needs || needs == Needs::Nothing)
        });
        let accepted = continues_list
            || match e.needs {
                Needs::Nothing => true,
                Needs::Verb => CARRY_OUT_VERBS.iter().any(|v| before.ends_with(v)),
                Needs::DocumentVerb => DOCUMENT_VERBS.iter().any(|v| before.ends_with(v)),
                Needs::Scope => has_scope_and_substance(head, e.word),
                Needs::PlaceScope => true,
            };
        if !accepted || names_a_kind_of_document(text, start, word_start, e, before) {
            continue;
        }
        last_accepted = Some((name_end, e.needs));
        let written = &text[start..name_end];
        let name = out.resolve_scope(written, start);
        out.push(&name, written, e.kind, start, name_end);
    }
}

/// Heads that make a name a kind of document rather than one document:
/// `具体评价办法`, `本行政区域…规划`, `相关…计划`.
const GENERIC_HEADS: &[&str] = &[
    "具体", "相关", "有关", "其他", "其它", "本", "该", "各", "年度",
];

/// Besides the modals of duty, what a regulation allows (`可以`) or lists as
/// a breach (`未按…的`): what it says shall be drawn up is a kind of
/// document, not one that exists (`应当编制…规划`).
const PERMISSION_OR_BREACH: &[&str] = &["可以", "未按"];

/// The statutory kinds of plan of Chinese planning law: each is a kind that
/// every government draws up, not the name of one plan.
const PLAN_GENRES: &[&str] = &[
    "国民经济和社会发展规划",
    "国土空间规划",
    "城市总体规划",
    "镇总体规划",
    "土地利用总体规划",
    "控制性详细规划",
    "修建性详细规划",
    "城乡规划",
    "村庄规划",
];

/// Verbs of putting something into a plan (`列入…计划`): the plan is a
/// standing budget or schedule, not a named program.
const INCLUSION_VERBS: &[&str] = &["列入", "纳入"];

/// Whether an unquoted candidate `text[start..word_start]` + ending names a
/// kind of document or plan (in a regulation's duties, or by a generic
/// head) rather than one particular document.
fn names_a_kind_of_document(
    text: &str,
    start: usize,
    word_start: usize,
    ending: &Ending,
    before: &str,
) -> bool {
    let head = &text[start..word_start];
    if GENERIC_HEADS.iter().any(|h| head.starts_with(h)) || head.contains('或') {
        return true;
    }
    let name = &text[start..word_start + ending.word.len()];
    if PLAN_GENRES.contains(&name) {
        return true;
    }
    // Inside a title (`《关于修改〈…实施…办法〉的决定》`) the title reader has it.
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_before = &text[line_start..start];
    let open = |o: char, c: char| line_before.matches(o).count() > line_before.matches(c).count();
    if open('《', '》') || open('〈', '〉') {
        return true;
    }
    // A particular document names its place, period or quoted title.
    let particular = head.contains('“')
        || head.chars().any(|c| c.is_ascii_digit())
        || head.contains("十四五")
        || head.contains("十三五");
    let duty = match ending.needs {
        Needs::DocumentVerb => true,
        Needs::Verb => INCLUSION_VERBS.iter().any(|v| before.ends_with(v)),
        _ => false,
    };
    if !duty || particular {
        return false;
    }
    let clause_start = text[..start]
        .char_indices()
        .rev()
        .find(|(_, c)| matches!(c, '。' | '；' | '！' | '？' | '\n'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let clause = &text[clause_start..start];
    super::states_a_duty(clause) || PERMISSION_OR_BREACH.iter().any(|m| clause.contains(m))
}

/// Text before a name without a count or the `的` between it and its verb:
/// `获批10个` → `获批`, `实施的` → `实施`.
fn strip_counted(before: &str) -> &str {
    let mut s = before.strip_suffix('的').unwrap_or(before);
    for w in ["首批", "一批"] {
        s = s.strip_suffix(w).unwrap_or(s);
    }
    if let Some(c) = s.chars().next_back() {
        if is_counter(c) {
            let rest = &s[..s.len() - c.len_utf8()];
            let digits = rest.trim_end_matches(|d: char| d.is_ascii_digit());
            if digits.len() < rest.len() {
                s = digits;
            }
        }
    }
    s
}

// ---------------------------------------------------------------------------
// Documents a notice issues

fn issued_documents(out: &mut Mentions) {
    let text = out.text();
    let mut line_start = 0;
    let lines: Vec<(usize, &str)> = text
        .split('\n')
        .map(|l| {
            let at = line_start;
            line_start += l.len() + 1;
            (at, l)
        })
        .collect();
    for (n, &(at, line)) in lines.iter().enumerate() {
        // 关于印发X的通知 (memmem: `str::find`'s two-way search compares
        // at nearly every character of Han text, whose bytes repeat so).
        static ISSUE: LazyLock<memchr::memmem::Finder<'static>> =
            LazyLock::new(|| memchr::memmem::Finder::new("印发"));
        if let Some(i) = ISSUE.find(line.as_bytes()) {
            let from = i + "印发".len();
            if let Some(j) = line[from..].find("的通知") {
                let title = &line[from..from + j];
                let name = clean_name(title);
                if (6..=80).contains(&name.chars().count()) && !name.contains(['，', '。']) {
                    let short = strip_period(&name).to_string();
                    out.push(
                        &name,
                        &short,
                        InitiativeKind::PolicyDocument,
                        at + from,
                        at + from + j,
                    );
                }
            }
        }
        // 附件：X, or 附件 alone with X on the next line.
        let trimmed = line.trim();
        let Some(rest) = trimmed.strip_prefix("附件") else {
            continue;
        };
        let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit() || c.is_whitespace());
        let (title, title_at) = if let Some(t) = rest.strip_prefix(['：', ':']) {
            (t.trim(), at + line.len() - t.len())
        } else if rest.is_empty() {
            match lines[n + 1..].iter().find(|(_, l)| !l.trim().is_empty()) {
                Some(&(next_at, next)) => (
                    next.trim(),
                    next_at + (next.len() - next.trim_start().len()),
                ),
                None => continue,
            }
        } else {
            continue;
        };
        let name = clean_name(title);
        if (6..=60).contains(&name.chars().count()) && !name.contains(['，', '。', '；']) {
            out.push(
                &name,
                &name,
                InitiativeKind::PolicyDocument,
                title_at,
                title_at + title.len(),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_of_documents_a_regulation_requires_are_not_names() {
        for text in [
            "区、县人民政府应当制定本行政区域义务教育事业发展规划，合理调整学校布局。",
            "市人民政府应当根据城市总体规划，组织编制教育设施专项规划。",
            "结合实际情况，制定具体评价办法。",
            "在组织编制或者批准城市总体规划时，应当征求意见。",
            "（一）未按照规定制定、调整和组织实施幼儿园布局规划的；",
            "教育部门应当提出年度建设计划，报请本级人民政府批准后列入政府投资建设计划。",
            "《关于修改〈北京市实施中华人民共和国义务教育法办法〉的决定》",
        ] {
            let found: Vec<String> = names(text)
                .into_iter()
                .map(|(n, _)| n)
                .filter(|n| n.ends_with("规划") || n.ends_with("办法") || n.ends_with("计划"))
                .filter(|n| !n.starts_with("关于修改"))
                .collect();
            assert!(found.is_empty(), "{text}: {found:?}");
        }
        // A contest one stages is named: `打造…大赛`.
        assert!(names("持续6年打造大学生乡村振兴创意大赛，构建机制")
            .iter()
            .any(|(n, _)| n == "大学生乡村振兴创意大赛"));
        // Documents that exist: issued, or named by their place or period.
        assert_eq!(
            names("出台骨干教师考核奖励办法，选派教师")[0].0,
            "骨干教师考核奖励办法"
        );
        assert!(
            names("各地要根据绍兴市“十四五”教育事业发展规划，结合本地实际")
                .iter()
                .any(|(n, _)| n.contains("教育事业发展规划"))
        );
    }

    fn names(text: &str) -> Vec<(String, Option<String>)> {
        let mut doc = Document::from_normalized("t.txt", text);
        crate::segment::segment(&mut doc);
        let lexicon = Lexicon::load();
        let context = Context::of(&doc, &lexicon);
        extract(&doc, &lexicon, &context)
            .into_iter()
            .map(|m| (m.name, m.alias))
            .collect()
    }

    fn has(text: &str, name: &str) -> bool {
        names(text)
            .iter()
            .any(|(n, a)| n == name || a.as_deref() == Some(name))
    }

    #[test]
    fn policy_document_titles_lose_their_brackets() {
        assert!(has(
            "修订《义务教育学校教师校际交流实施意见》，",
            "义务教育学校教师校际交流实施意见"
        ));
        let found = names("根据《绍兴市推进教育现代化建设五大创建行动计划（2021—2025年）》。");
        assert!(found.iter().any(|(n, a)| n
            == "绍兴市推进教育现代化建设五大创建行动计划（2021—2025年）"
            && a.as_deref() == Some("绍兴市推进教育现代化建设五大创建行动计划")));
    }

    #[test]
    fn newspapers_are_not_documents() {
        assert!(names("相关做法获《人民日报》刊文点赞。").is_empty());
    }

    #[test]
    fn quoted_names_marked_by_their_ending_or_use() {
        assert!(has(
            "以公开招聘为主，“硕师计划”“银龄计划”为补充。",
            "银龄计划"
        ));
        assert!(has("进一步优化完善“千校结好”项目。", "千校结好项目"));
        assert!(has("实施“双融”计划，以“双融”促“双百”。", "双融"));
        assert!(has("全面推进“新财经战略”，加快建设。", "新财经战略"));
        assert!(has("“营转非”“备改审”工作已全部完成。", "营转非"));
    }

    #[test]
    fn quoted_metaphors_slogans_and_lists_are_skipped() {
        assert!(names("教育是发展的“先手棋”和人口的“稳定器”。").is_empty());
        assert!(names("坚持“公平有质量、温暖有希望”理念。").is_empty());
        assert!(names("攻坚“卡脖子”项目，打造“金专”“金课”。").is_empty());
        assert!(names("首次开设了两个“3+2”专业。").is_empty());
    }

    #[test]
    fn quoted_numbers_take_the_words_after_them() {
        assert!(has("采取“3+1+2”新高考模式。", "3+1+2新高考模式"));
        assert!(has("全面推进“1+X”证书制度试点工作。", "1+X证书制度试点"));
        assert!(has(
            "构建“10+25+50+180”的梯次重点学科体系，",
            "10+25+50+180梯次重点学科体系"
        ));
    }

    #[test]
    fn quoted_names_qualifying_a_phrase_keep_both_forms() {
        let found = names("构建“二维五级”骨干教师层级培养体系，");
        assert!(found
            .iter()
            .any(|(n, a)| n == "二维五级骨干教师层级培养体系" && a.as_deref() == Some("二维五级")));
    }

    #[test]
    fn unquoted_programs_after_a_verb() {
        assert!(has("实施职业教育提质培优行动，", "职业教育提质培优行动"));
        assert!(has(
            "深入实施顶尖人才汇聚工程、领军人才引育工程、拔尖人才倍增工程。",
            "领军人才引育工程"
        ));
        assert!(has(
            "获批10个国家虚拟仿真实训基地培育项目，",
            "国家虚拟仿真实训基地培育项目"
        ));
        assert!(!has("招收研究生招生计划，", "研究生招生计划"));
    }

    #[test]
    fn counted_summaries_are_not_names() {
        assert!(names("实施体教、文教、卫教三大融合工程。").is_empty());
    }

    #[test]
    fn documents_need_a_verb_of_issuing() {
        assert!(has("制定校长队伍建设实施意见，", "校长队伍建设实施意见"));
        assert!(has(
            "出台深化高考综合改革实施方案。",
            "深化高考综合改革实施方案"
        ));
        assert!(names("完善特长学生招生办法。").is_empty());
        assert!(names("精心设计课程，制定实施方案。").is_empty());
    }

    #[test]
    fn accreditations_open_with_their_scope() {
        assert!(has(
            "嵊泗县通过全国义务教育优质均衡发展县省级督导评估。",
            "全国义务教育优质均衡发展县"
        ));
        assert!(has("2所学校通过省现代化学校评估。", "省现代化学校"));
        assert!(has("义务教育阶段省现代化学校比例达到50%。", "省现代化学校"));
        assert!(has("学校入选国家级创新创业学院。", "国家级创新创业学院"));
        assert!(!has("形成省产业学院的架构。", "省产业学院"));
    }

    #[test]
    fn known_terms_are_found_unquoted() {
        assert!(has("全面实施中小学教师县管校聘管理改革。", "县管校聘"));
        assert!(has("推进国家产教融合型城市建设。", "国家产教融合型城市"));
    }

    #[test]
    fn notices_name_the_document_they_issue_and_its_annex() {
        assert!(has(
            "关于印发杭州市教育发展三年行动计划的通知\n",
            "杭州市教育发展三年行动计划"
        ));
        assert!(has(
            "附件：绍兴市教育现代化创建进度安排\n",
            "绍兴市教育现代化创建进度安排"
        ));
    }

    #[test]
    fn odd_input_does_not_panic() {
        for text in [
            "",
            "“",
            "”“",
            "《",
            "《》",
            "“1+”",
            "工程",
            "省现代化学校",
            "附件",
            "附件\n",
            "印发的通知",
        ] {
            names(text);
        }
    }

    use crate::gold_names::{initiative_names_match as matches, normalize_name as norm};

    /// Scores the corpus against the gold files like `score.py` does.
    #[test]
    #[ignore]
    fn corpus_f1() {
        use std::collections::BTreeMap;
        let lexicon = Lexicon::load();
        let (mut gold_n, mut pred_n, mut hit_gold, mut hit_pred) = (0, 0, 0, 0);
        let paths = crate::test_support::sample_files();
        for path in paths {
            let file = path.file_name().unwrap().to_str().unwrap().to_string();
            let doc =
                crate::pipeline::analyze(&file, &std::fs::read_to_string(&path).unwrap(), &lexicon);
            let gold_path = format!("tests/gold/{}", file.replace(".txt", ".json"));
            let gold: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(gold_path).unwrap()).unwrap();
            let golds: Vec<(String, Vec<String>)> = gold["initiatives"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| {
                    let name = i["name"].as_str().unwrap().to_string();
                    let mut v = vec![norm(&name)];
                    for a in i["aliases"].as_array().unwrap() {
                        v.push(norm(a.as_str().unwrap()));
                    }
                    (name, v)
                })
                .collect();
            let mut by_name: BTreeMap<String, Vec<String>> = BTreeMap::new();
            for m in &doc.facts.initiatives {
                let labels = by_name.entry(m.name.clone()).or_default();
                labels.push(norm(&m.name));
                if let Some(a) = &m.alias {
                    labels.push(norm(a));
                }
            }
            let hit =
                |g: &[String], p: &[String]| g.iter().any(|a| p.iter().any(|b| matches(a, b)));
            gold_n += golds.len();
            pred_n += by_name.len();
            for (name, g) in &golds {
                if by_name.values().any(|p| hit(g, p)) {
                    hit_gold += 1;
                } else {
                    println!("MISS {file}: {name}");
                }
            }
            for (name, p) in &by_name {
                if std::env::var("SHOW_ALL").is_ok() {
                    println!("PRED {file}: {name} {p:?}");
                }
                if golds.iter().any(|(_, g)| hit(g, p)) {
                    hit_pred += 1;
                } else {
                    println!("SPURIOUS {file}: {name} {p:?}");
                }
            }
        }
        let p = hit_pred as f64 / pred_n.max(1) as f64;
        let r = hit_gold as f64 / gold_n.max(1) as f64;
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        println!("gold {gold_n} pred {pred_n} hit_gold {hit_gold} hit_pred {hit_pred} P {p:.3} R {r:.3} F1 {f:.3}");
    }
}
