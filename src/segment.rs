//! Cuts a normalized document into articles and sentences.
//!
//! Three layouts occur, told apart by their marks:
//! - **notice** (通知): a 文号 such as `绍政办发〔2021〕2号`, a cover letter signed
//!   with the issuer and a date, then the attached plan, which is the article;
//! - **bulletin** (工作动态): numbered items `1.标题。正文（报送单位）` under `※`
//!   section marks, and case studies closed by the reporting body in parentheses;
//! - **newspaper page**: articles opened by `□` bylines or closed by a headline and
//!   an institution line, with headlines and author lines
//!   (`X教育局党委书记、局长 姓名`) often gathered away from their article; those
//!   are matched back by institution and by the words a headline shares with a body.
//!
//! Every line ends up in some article's sentences, so every fact has a place
//! where it was read.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::document::{Article, ArticleKind, Document, DocumentKind, Sentence, Span};
use crate::normalize::starts_with_item_marker;

/// Fills `doc.meta`, `doc.articles` and `doc.sentences`.
pub fn segment(doc: &mut Document) {
    let lines = classify_lines(&doc.text);
    read_meta(doc, &lines);
    let mut articles = match doc.meta.kind {
        DocumentKind::Notice => notice_articles(doc, &lines),
        DocumentKind::Bulletin => bulletin_articles(&doc.text, &lines),
        DocumentKind::NewspaperPage => newspaper_articles(&doc.text, &lines),
    };
    if articles.is_empty() {
        articles.push(whole_text_article(&doc.text));
    }
    articles.sort_by_key(|a| a.body.start);
    doc.sentences = sentences_of(&doc.text, &lines, &articles);
    doc.articles = articles;
}

// ---------------------------------------------------------------------------
// Lines

#[derive(Debug, Clone, PartialEq)]
enum LineKind {
    /// `□嵊泗县教育局`: opens an article by this institution.
    Byline(String),
    /// `※县（市、区）督导办工作动态`.
    Section,
    /// `编者按：…`.
    EditorsNote,
    /// `杭州市教育局党组书记、局长 钮俊`; the name may stand on the next line.
    Author {
        org: String,
        titles: Vec<String>,
        person: Option<String>,
    },
    /// A line that is only an institution's name (`北京市教育委员会`).
    Institution(String),
    /// `1.市教育局赴南湖区开展工作调研。正文…`.
    NumberedItem,
    /// A short line without clause punctuation: a headline.
    Headline,
    /// `【会议部署】`, `（本报记者 …）`, a lone name: layout, not text.
    Marker,
    Body,
}

#[derive(Debug, Clone)]
struct Line {
    span: Span,
    kind: LineKind,
}

/// Words an institution's name ends with (enough to recognize bylines).
static INSTITUTION_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:教育局|教育厅|教育委员会|教委|教育体育局|教体局|工作委员会|工委|人民政府|政府|办公室|大学|学院|学校|中学|小学|幼儿园|研究院|研究所|中心|督导办|督学组|局|厅|委员会|集团|联盟)$",
    )
    .unwrap()
});

static DOC_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)(?:^|[\s，。：])(\p{Han}{1,10}[〔\[［【(（]\s*(?:19|20)\d{2}\s*[〕\]］】)）]\s*\d{1,4}\s*号)")
        .unwrap()
});

/// A law or regulation's title line (`浙江省教育督导条例`, `…实施…办法`).
static LEGAL_TITLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\S.{1,60}(?:条例|办法|规定|细则)$").unwrap());

/// `第十二条` opening a line: an article of a law.
static LEGAL_ARTICLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^第[一二三四五六七八九十百零〇]+条").unwrap());

/// A date opening a line: alone (`2021年1月18日`, a notice's date) or
/// followed by what happened that day (`2019年5月31日 …会议通过`).
static DATE_OPENING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日").unwrap()
});

/// The date opening `line` as `YYYY-MM-DD`, and where it ends.
fn opening_date(line: &str) -> Option<(String, usize)> {
    let caps = DATE_OPENING.captures(line)?;
    let (m, d) = (caps[2].parse::<u32>().ok()?, caps[3].parse::<u32>().ok()?);
    Some((format!("{}-{m:02}-{d:02}", &caps[1]), caps[0].len()))
}

/// Whether `line` is a date and nothing else.
fn is_date_line(line: &str) -> bool {
    opening_date(line).is_some_and(|(_, end)| end == line.len())
}

static PLAN_PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"((?:19|20)\d{2})\s*(?:—|－|-|–|~|～|至|到)+\s*((?:19|20)\d{2})\s*年").unwrap()
});

static YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"((?:19|20)\d{2})\s*年").unwrap());

/// `（南湖区教育体育局）` closing an item: the reporting body.
static CLOSING_REPORTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[（(]([^（）()]{2,30})[）)]\s*$").unwrap());

fn classify_lines(text: &str) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut start = 0;
    for part in text.split('\n') {
        let end = start + part.len();
        let lead = part.len() - part.trim_start().len();
        let trimmed = part.trim();
        if !trimmed.is_empty() {
            let span = Span::new(start + lead, start + lead + trimmed.len());
            lines.push(Line {
                span,
                kind: classify(trimmed),
            });
        }
        start = end + 1;
    }
    attach_author_names(text, &mut lines);
    demote_wrapped_headlines(text, &mut lines);
    lines
}

/// Short lines inside a paragraph, left by a PDF's narrow or broken columns,
/// look like headlines. A real headline follows the end of a sentence (or a
/// byline, or another headline) and is not followed by the rest of a word.
fn demote_wrapped_headlines(text: &str, lines: &mut [Line]) {
    let mut i = 0;
    while i < lines.len() {
        if lines[i].kind != LineKind::Headline {
            i += 1;
            continue;
        }
        let mut end = i;
        while end + 1 < lines.len()
            && lines[end + 1].kind == LineKind::Headline
            && !blank_between(text, &lines[end], &lines[end + 1])
        {
            end += 1;
        }
        let after_sentence = i == 0 || {
            let prev = &lines[i - 1];
            prev.kind != LineKind::Body
                || text[prev.span.range()]
                    .trim_end()
                    .ends_with(['。', '！', '？', '”', '）', ')', '；', '：', ':'])
        };
        let continued = lines.get(end + 1).is_some_and(|next| {
            next.kind == LineKind::Body && starts_with_word_tail(&text[next.span.range()])
        });
        if !after_sentence || continued {
            for line in &mut lines[i..=end] {
                line.kind = LineKind::Body;
            }
        }
        i = end + 1;
    }
}

/// `势，依托行业…`: a line that starts with the last character of a word
/// broken at the line before.
fn starts_with_word_tail(line: &str) -> bool {
    let mut chars = line.chars();
    let first = chars.next();
    let second = chars.next();
    first.is_some_and(crate::normalize::is_cjk)
        && second.is_some_and(|c| matches!(c, '，' | '、' | '。' | '；' | '：' | '”' | '）'))
}

/// Whether a blank line separates two lines (normalization keeps one).
fn blank_between(text: &str, a: &Line, b: &Line) -> bool {
    text[a.span.end..b.span.start].matches('\n').count() >= 2
}

fn classify(line: &str) -> LineKind {
    let chars = line.chars().count();
    if let Some(rest) = line.strip_prefix(['□', '■']) {
        return LineKind::Byline(compact(rest));
    }
    if line.starts_with(['※', '◆', '★']) {
        return LineKind::Section;
    }
    if line.starts_with("编者按") {
        return LineKind::EditorsNote;
    }
    if is_bracket_tag(line) || is_reporter_credit(line) {
        return LineKind::Marker;
    }
    if let Some(author) = author_line(line) {
        return author;
    }
    if line.starts_with(|c: char| c.is_ascii_digit()) && starts_with_item_marker(line) {
        let after = line.trim_start_matches(|c: char| c.is_ascii_digit());
        if after.starts_with(['.', '．', '、']) && line.contains('。') {
            return LineKind::NumberedItem;
        }
    }
    let clause_punct = line.contains(['，', '。', '；', '！', '？', '：', ':', '、']);
    if !clause_punct && !starts_with_item_marker(line) {
        let names: Vec<&str> = line.split(' ').filter(|s| !s.is_empty()).collect();
        if chars <= 40
            && names
                .iter()
                .all(|n| INSTITUTION_END.is_match(n) && n.chars().count() >= 4)
        {
            return LineKind::Institution(names[0].to_string());
        }
        if (4..=32).contains(&chars) && !line.contains('\t') {
            return LineKind::Headline;
        }
        if chars <= 3 {
            return LineKind::Marker;
        }
    }
    LineKind::Body
}

fn is_bracket_tag(line: &str) -> bool {
    line.starts_with('【') && line.ends_with('】') && line.chars().count() <= 12
}

fn is_reporter_credit(line: &str) -> bool {
    (line.starts_with('（') || line.starts_with('(')) && line.contains("记者")
}

/// Removes the spaces normalization kept (`高 翔` in a name, `A B` in a byline).
fn compact(s: &str) -> String {
    s.split_whitespace().collect()
}

/// `杭州市教育局党组书记、局长 钮俊`, `绍兴市越城区教育体育局党委书记、局长`.
fn author_line(line: &str) -> Option<LineKind> {
    let (head, person) = match line.rsplit_once(' ') {
        Some((head, name)) if is_person_name(name) => (head.trim(), Some(name.to_string())),
        _ => (line, None),
    };
    if head.contains(['，', '。', '：', ':', '；']) || head.chars().count() > 40 {
        return None;
    }
    // Peel post titles off the end: 党委书记、局长 → [党委书记, 局长].
    let mut rest = head;
    let mut titles = Vec::new();
    loop {
        rest = rest.trim_end_matches('、');
        let Some(post) = crate::titles::title_at_end(rest) else {
            break;
        };
        titles.push(post.to_string());
        rest = &rest[..rest.len() - post.len()];
    }
    titles.reverse();
    if titles.is_empty() || !INSTITUTION_END.is_match(rest) || rest.chars().count() < 4 {
        return None;
    }
    Some(LineKind::Author {
        org: compact(rest),
        titles,
        person,
    })
}

/// A Chinese personal name as an author line writes it: 2–4 Han characters.
fn is_person_name(s: &str) -> bool {
    let n = s.chars().count();
    (2..=4).contains(&n) && s.chars().all(crate::normalize::is_cjk)
}

/// An author line whose name stands on the next line takes it from there.
fn attach_author_names(text: &str, lines: &mut [Line]) {
    for i in 0..lines.len().saturating_sub(1) {
        let next = compact(&text[lines[i + 1].span.range()]);
        if let LineKind::Author {
            person: person @ None,
            ..
        } = &mut lines[i].kind
        {
            if is_person_name(&next) {
                *person = Some(next);
                lines[i + 1].kind = LineKind::Marker;
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Document metadata

fn read_meta(doc: &mut Document, lines: &[Line]) {
    let text = &doc.text;
    let head = &text[..floor_char_boundary(text, 1200.min(text.len()))];
    let doc_number = DOC_NUMBER.captures(head).map(|c| compact(&c[1]));
    let numbered = lines
        .iter()
        .filter(|l| l.kind == LineKind::NumberedItem)
        .count();
    let closing = lines
        .iter()
        .filter(|l| CLOSING_REPORTER.is_match(&text[l.span.range()]))
        .count();
    let legislation = legislation_title(text, lines);
    doc.meta.kind = if doc_number.is_some() || legislation.is_some() {
        DocumentKind::Notice
    } else if numbered >= 2 && closing >= 2 {
        DocumentKind::Bulletin
    } else {
        DocumentKind::NewspaperPage
    };
    doc.meta.doc_number = doc_number;
    let date = lines.iter().find_map(|l| {
        let line = &text[l.span.range()];
        opening_date(line)
            .filter(|(_, end)| *end == line.len())
            .map(|(date, _)| date)
    });
    // A law is dated by its latest adoption or amendment, listed under its title.
    let date = date.or_else(|| {
        legislation.as_ref()?;
        lines
            .iter()
            .map(|l| &text[l.span.range()])
            .take_while(|l| !LEGAL_ARTICLE.is_match(l) && !l.starts_with("第一章"))
            .filter_map(|l| opening_date(l).map(|(date, _)| date))
            .max()
    });
    if let Some(title) = legislation {
        doc.meta.title = Some(title);
    } else if doc.meta.kind == DocumentKind::Notice {
        doc.meta.title = lines
            .iter()
            .map(|l| &text[l.span.range()])
            .find(|l| l.contains("关于") && is_notice_title(l))
            .map(compact);
    }
    doc.meta.year = date
        .as_deref()
        .and_then(|d| d[..4].parse().ok())
        .or_else(|| most_frequent_year(text));
    doc.meta.date = date;
    let title = doc.meta.title.clone().unwrap_or_default();
    doc.meta.plan_period = PLAN_PERIOD
        .captures(&title)
        .or_else(|| PLAN_PERIOD.captures(head))
        .and_then(|c| Some((c[1].parse().ok()?, c[2].parse().ok()?)))
        .filter(|(a, b)| a < b);
}

fn is_notice_title(line: &str) -> bool {
    [
        "通知", "意见", "决定", "办法", "方案", "规定", "通报", "批复", "函",
    ]
    .iter()
    .any(|w| line.trim_end().ends_with(w))
}

fn most_frequent_year(text: &str) -> Option<i32> {
    let mut counts: HashMap<i32, usize> = HashMap::new();
    for caps in YEAR.captures_iter(text) {
        if let Ok(y) = caps[1].parse() {
            *counts.entry(y).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by_key(|&(year, n)| (n, year))
        .map(|(year, _)| year)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

// ---------------------------------------------------------------------------
// Notices

/// The title of a law or regulation: its first line names it, and its body
/// is cut into numbered articles (`第一条`).
fn legislation_title(text: &str, lines: &[Line]) -> Option<String> {
    let first = compact(&text[lines.first()?.span.range()]);
    let articles = lines
        .iter()
        .filter(|l| LEGAL_ARTICLE.is_match(&text[l.span.range()]))
        .count();
    (LEGAL_TITLE.is_match(&first) && articles >= 3).then_some(first)
}

/// The attached plan is the article: it starts after the cover letter's
/// signature and date (and 此件公开发布), with the plan's own title.
fn notice_articles(doc: &Document, lines: &[Line]) -> Vec<Article> {
    let text = &doc.text;
    let date_line = lines
        .iter()
        .position(|l| is_date_line(&text[l.span.range()]));
    let issuer = date_line
        .and_then(|i| i.checked_sub(1))
        .map(|i| compact(&text[lines[i].span.range()]))
        .filter(|s| INSTITUTION_END.is_match(s))
        .or_else(|| {
            lines.iter().find_map(|l| {
                let s = compact(&text[l.span.range()]);
                s.strip_suffix("文件").map(str::to_string)
            })
        });
    let mut first = date_line.map_or(0, |i| i + 1);
    while first < lines.len() && {
        let l = &text[lines[first].span.range()];
        l.starts_with('（') && l.ends_with('）') && l.chars().count() <= 12
    } {
        first += 1;
    }
    // The plan's title, unless the cover letter is all there is.
    let (title, body_from) = match lines.get(first) {
        Some(l) if l.kind == LineKind::Headline || is_plan_title(&text[l.span.range()]) => {
            (Some(compact(&text[l.span.range()])), first + 1)
        }
        _ => (doc.meta.title.clone(), first),
    };
    let Some(body_first) = lines.get(body_from) else {
        return Vec::new();
    };
    // The body ends before the trailing 抄送 line, signature and date.
    let mut last = lines.len() - 1;
    while last > body_from {
        let l = &text[lines[last].span.range()];
        let trailer = is_date_line(l.trim_end_matches("印发").trim_end())
            || l.starts_with("抄送")
            || (issuer.as_deref() == Some(compact(l).as_str()));
        if !trailer {
            break;
        }
        last -= 1;
    }
    vec![Article {
        kind: ArticleKind::Notice,
        title,
        body: Span::new(body_first.span.start, lines[last].span.end),
        author_org: issuer,
        author_person: None,
        author_titles: Vec::new(),
    }]
}

fn is_plan_title(line: &str) -> bool {
    let l = line.trim();
    !l.contains(['。', '，', '：']) && l.chars().count() <= 60
}

// ---------------------------------------------------------------------------
// Bulletins

fn bulletin_articles(text: &str, lines: &[Line]) -> Vec<Article> {
    let mut articles = Vec::new();
    let mut section_is_cases = false;
    let mut open: Option<Article> = None;
    let close = |open: &mut Option<Article>, articles: &mut Vec<Article>| {
        if let Some(a) = open.take() {
            articles.push(a);
        }
    };
    for (i, line) in lines.iter().enumerate() {
        let s = &text[line.span.range()];
        match &line.kind {
            LineKind::Section => {
                close(&mut open, &mut articles);
                section_is_cases = s.contains("案例");
            }
            LineKind::NumberedItem => {
                close(&mut open, &mut articles);
                articles.push(numbered_item(text, line.span));
            }
            _ if open.is_none() && is_case_title(text, lines, i) => {
                open = Some(Article {
                    kind: if section_is_cases {
                        ArticleKind::CaseStudy
                    } else {
                        ArticleKind::NewsItem
                    },
                    title: Some(compact(s)),
                    body: Span::new(line.span.end, line.span.end),
                    author_org: None,
                    author_person: None,
                    author_titles: Vec::new(),
                });
            }
            _ => {
                let Some(article) = open.as_mut() else {
                    continue;
                };
                let subtitle = s.starts_with("——") && article.body.is_empty();
                if subtitle {
                    continue;
                }
                if article.body.is_empty() {
                    if line.kind == LineKind::Marker {
                        continue; // 【案例背景】 before the first paragraph
                    }
                    article.body.start = line.span.start;
                }
                article.body.end = line.span.end;
                if let Some(org) = closing_reporter(s) {
                    article.body.end = line.span.start + s.rfind(['（', '(']).unwrap_or(s.len());
                    article.author_org = Some(org);
                    close(&mut open, &mut articles);
                }
            }
        }
    }
    close(&mut open, &mut articles);
    articles.retain(|a| !a.body.is_empty());
    articles
}

/// A case study's headline: a short line without a full stop after a section
/// mark or after the previous case closed.
fn is_case_title(text: &str, lines: &[Line], i: usize) -> bool {
    let s = &text[lines[i].span.range()];
    let short = s.chars().count() <= 40 && !s.contains('。') && !starts_with_item_marker(s);
    let next_is_body = lines
        .get(i + 1)
        .is_some_and(|n| !matches!(n.kind, LineKind::Section | LineKind::NumberedItem));
    short && next_is_body
}

/// `1.标题。正文（报送单位）`.
fn numbered_item(text: &str, span: Span) -> Article {
    let s = &text[span.range()];
    let number_end = s
        .find(|c: char| !c.is_ascii_digit() && !matches!(c, '.' | '．' | '、'))
        .unwrap_or(s.len());
    let title_end = s.find('。').unwrap_or(s.len());
    let title = compact(&s[number_end..title_end]);
    let mut body = Span::new(
        span.start + (title_end + '。'.len_utf8()).min(s.len()),
        span.end,
    );
    let reporter = closing_reporter(s);
    if reporter.is_some() {
        body.end = span.start + s.rfind(['（', '(']).unwrap_or(s.len());
    }
    let author_org = reporter.or_else(|| leading_institution(&title));
    Article {
        kind: ArticleKind::NewsItem,
        title: Some(title),
        body,
        author_org,
        author_person: None,
        author_titles: Vec::new(),
    }
}

fn closing_reporter(line: &str) -> Option<String> {
    let caps = CLOSING_REPORTER.captures(line)?;
    let org = compact(&caps[1]);
    INSTITUTION_END.is_match(&org).then_some(org)
}

/// The institution a news title starts with: `市教育局赴南湖区…` → `市教育局`.
fn leading_institution(title: &str) -> Option<String> {
    static LEADING: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\p{Han}{0,10}?(?:教育体育局|教育局|教育厅|教育委员会|教委|人民政府)").unwrap()
    });
    LEADING.find(title).map(|m| m.as_str().to_string())
}

// ---------------------------------------------------------------------------
// Newspaper pages

/// A run of body lines, before titles and authors are matched to it.
struct Run {
    first: usize,
    last: usize,
    byline: Option<String>,
    /// An institution line right after the run's headline (`标题⏎北京市教育委员会`).
    trailing_institution: Option<String>,
    editors_note: bool,
}

fn newspaper_articles(text: &str, lines: &[Line]) -> Vec<Article> {
    let mut runs: Vec<Run> = Vec::new();
    let mut open: Option<Run> = None;
    let mut pending_byline: Option<String> = None;
    // Headline groups: consecutive headline lines, by line range.
    let mut headlines: Vec<(usize, usize)> = Vec::new();
    let mut authors: Vec<(String, Vec<String>, Option<String>)> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        match &line.kind {
            LineKind::Body | LineKind::NumberedItem | LineKind::EditorsNote => {
                let continues = open.is_some() && line.kind != LineKind::EditorsNote;
                if !continues {
                    runs.extend(open.take());
                    open = Some(Run {
                        first: i,
                        last: i,
                        byline: pending_byline.take(),
                        trailing_institution: None,
                        editors_note: line.kind == LineKind::EditorsNote,
                    });
                }
                if let Some(run) = open.as_mut() {
                    run.last = i;
                }
            }
            LineKind::Marker => {}
            LineKind::Byline(org) => {
                runs.extend(open.take());
                pending_byline = Some(org.clone());
            }
            LineKind::Headline => {
                runs.extend(open.take());
                match headlines.last_mut() {
                    Some((_, last))
                        if *last + 1 == i && !blank_between(text, &lines[*last], line) =>
                    {
                        *last = i
                    }
                    _ => headlines.push((i, i)),
                }
            }
            LineKind::Institution(org) => {
                runs.extend(open.take());
                // `正文⏎标题⏎机构`: the institution signs the run before its headline.
                let after_headline = i > 0 && lines[i - 1].kind == LineKind::Headline;
                if let Some(run) = runs.last_mut().filter(|_| after_headline) {
                    if run.byline.is_none() && run.trailing_institution.is_none() {
                        run.trailing_institution = Some(org.clone());
                    }
                }
            }
            LineKind::Author {
                org,
                titles,
                person,
            } => {
                runs.extend(open.take());
                authors.push((org.clone(), titles.clone(), person.clone()));
            }
            LineKind::Section => runs.extend(open.take()),
        }
    }
    runs.extend(open.take());
    // Runs of a few characters are layout debris (a speaker's name, a caption).
    runs.retain(|r| r.byline.is_some() || lines[r.last].span.end - lines[r.first].span.start >= 60);

    let mut articles: Vec<Article> = runs
        .iter()
        .map(|run| {
            let mut start = lines[run.first].span.start;
            let title = if run.editors_note {
                let s = &text[lines[run.first].span.range()];
                if let Some(colon) = s.find(['：', ':']) {
                    start += colon + s[colon..].chars().next().map_or(0, char::len_utf8);
                }
                Some("编者按".to_string())
            } else {
                None
            };
            Article {
                kind: if run.editors_note {
                    ArticleKind::EditorsNote
                } else if run.byline.is_some() || run.trailing_institution.is_some() {
                    ArticleKind::Speech
                } else {
                    ArticleKind::NewsItem
                },
                title,
                body: Span::new(start, lines[run.last].span.end),
                author_org: run
                    .byline
                    .clone()
                    .or_else(|| run.trailing_institution.clone()),
                author_person: None,
                author_titles: Vec::new(),
            }
        })
        .collect();
    assign_headlines(text, lines, &runs, &headlines, &mut articles);
    assign_authors(&authors, &mut articles);
    articles
}

/// Gives each article the headline that fits it best: the words it shares with
/// the body, with a bonus for standing right before or after it.
fn assign_headlines(
    text: &str,
    lines: &[Line],
    runs: &[Run],
    headlines: &[(usize, usize)],
    articles: &mut [Article],
) {
    let titles: Vec<String> = headlines
        .iter()
        .map(|&(a, b)| {
            (a..=b)
                .map(|i| text[lines[i].span.range()].trim())
                .collect::<Vec<_>>()
                .join("")
        })
        .collect();
    let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
    for (h, &(first, last)) in headlines.iter().enumerate() {
        let grams = bigrams(&titles[h]);
        if grams.is_empty() {
            continue;
        }
        for (a, (run, article)) in runs.iter().zip(articles.iter()).enumerate() {
            if article.title.is_some() {
                continue;
            }
            let body = &text[article.body.range()];
            let shared = grams.iter().filter(|g| body.contains(g.as_str())).count();
            let mut score = shared as f64 / grams.len() as f64;
            // A headline right above a body is its title, unless a byline
            // stands between: bylined articles carry their titles below.
            let before = run.byline.is_none()
                && (last + 1 == run.first
                    || (last + 2 == run.first && lines[last + 1].kind == LineKind::Marker));
            let after = run.last + 1 == first;
            if before || after {
                score += 0.5;
            }
            candidates.push((score, h, a));
        }
    }
    candidates.sort_by(|x, y| y.0.total_cmp(&x.0));
    let mut headline_used = vec![false; headlines.len()];
    for (score, h, a) in candidates {
        if score < 0.2 || headline_used[h] || articles[a].title.is_some() {
            continue;
        }
        headline_used[h] = true;
        articles[a].title = Some(titles[h].clone());
    }
}

fn bigrams(s: &str) -> Vec<String> {
    let chars: Vec<char> = s.chars().filter(|c| crate::normalize::is_cjk(*c)).collect();
    let mut grams: Vec<String> = chars.windows(2).map(|w| w.iter().collect()).collect();
    grams.sort();
    grams.dedup();
    grams
}

/// Matches author lines to articles by institution: the same name first, then
/// the longest shared prefix (`义乌市委教育工委` signs the article of `义乌市教育局`).
fn assign_authors(authors: &[(String, Vec<String>, Option<String>)], articles: &mut [Article]) {
    let mut used = vec![false; authors.len()];
    let attach = |article: &mut Article,
                  (org, titles, person): &(String, Vec<String>, Option<String>)| {
        article.author_person = person.clone();
        article.author_titles = titles.clone();
        if article.author_org.is_none() {
            article.author_org = Some(org.clone());
        }
    };
    for (k, author) in authors.iter().enumerate() {
        if let Some(article) = articles.iter_mut().find(|a| {
            a.author_person.is_none() && a.author_org.as_deref() == Some(author.0.as_str())
        }) {
            attach(article, author);
            used[k] = true;
        }
    }
    for (k, author) in authors.iter().enumerate() {
        if used[k] {
            continue;
        }
        let best = articles
            .iter_mut()
            .filter(|a| a.author_person.is_none())
            .filter_map(|a| {
                let shared = common_prefix_chars(a.author_org.as_deref()?, &author.0);
                (shared >= 2).then_some((shared, a))
            })
            .max_by_key(|(shared, _)| *shared);
        if let Some((_, article)) = best {
            attach(article, author);
        }
    }
}

fn common_prefix_chars(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

// ---------------------------------------------------------------------------
// Sentences

fn whole_text_article(text: &str) -> Article {
    Article {
        kind: ArticleKind::NewsItem,
        title: None,
        body: Span::new(0, text.len()),
        author_org: None,
        author_person: None,
        author_titles: Vec::new(),
    }
}

/// Sentences of every line, each assigned to the article whose body holds it,
/// else to the nearest article before it (or the first).
fn sentences_of(text: &str, lines: &[Line], articles: &[Article]) -> Vec<Sentence> {
    // Bodies in text order without overlap (as segmenting leaves them) are
    // found by a binary search; a walk of every article at every sentence
    // grew with the square of a long file. Any other order is walked.
    let in_order = articles
        .windows(2)
        .all(|w| w[0].body.end <= w[1].body.start);
    let article_at = |at: usize| {
        if in_order {
            let i = articles.partition_point(|a| a.body.start <= at);
            return i.saturating_sub(1);
        }
        articles
            .iter()
            .position(|a| a.body.start <= at && at < a.body.end)
            .or_else(|| articles.iter().rposition(|a| a.body.start <= at))
            .unwrap_or(0)
    };
    // The first body (in the articles' order) that starts inside `line`.
    let body_starting_in = |line: Span| {
        if in_order {
            let i = articles.partition_point(|a| a.body.start <= line.start);
            return articles
                .get(i)
                .map(|a| a.body.start)
                .filter(|&s| s < line.end);
        }
        articles
            .iter()
            .map(|a| a.body.start)
            .find(|&s| line.start < s && s < line.end)
    };
    let mut sentences = Vec::new();
    for line in lines {
        // A numbered item's title shares its line with the body: the line is
        // cut where the body starts, and the title belongs to that article.
        let body_start = body_starting_in(line.span);
        if let Some(body_start) = body_start {
            for span in split_sentences(text, Span::new(line.span.start, body_start)) {
                let article = article_at(body_start);
                sentences.push(Sentence { span, article });
            }
        }
        let rest = Span::new(body_start.unwrap_or(line.span.start), line.span.end);
        for span in split_sentences(text, rest) {
            let article = article_at(span.start);
            sentences.push(Sentence { span, article });
        }
    }
    sentences
}

/// Splits `span` of `text` into sentences: at 。！？； and at line breaks.
pub fn split_sentences(text: &str, span: Span) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = span.start;
    for (i, c) in text[span.range()].char_indices() {
        let at = span.start + i;
        let end = match c {
            '。' | '！' | '？' | '；' | '!' | '?' => at + c.len_utf8(),
            '\n' => at,
            _ => continue,
        };
        push_trimmed(text, start, end, &mut out);
        start = at + c.len_utf8();
    }
    push_trimmed(text, start, span.end, &mut out);
    out
}

fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
    if start >= end {
        return;
    }
    let s = &text[start..end];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead + trail < s.len() {
        out.push(Span::new(start + lead, end - trail));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Segments text that is already normalized (one paragraph a line).
    fn segmented(text: &str) -> Document {
        let mut doc = Document::from_normalized("t.txt", text);
        segment(&mut doc);
        doc
    }

    fn bodies(doc: &Document) -> Vec<&str> {
        doc.articles.iter().map(|a| doc.slice(a.body)).collect()
    }

    #[test]
    fn author_lines_name_institution_posts_and_person() {
        assert_eq!(
            author_line("杭州市教育局党组书记、局长 钮俊"),
            Some(LineKind::Author {
                org: "杭州市教育局".into(),
                titles: vec!["党组书记".into(), "局长".into()],
                person: Some("钮俊".into()),
            })
        );
        assert!(matches!(
            author_line("绍兴市越城区教育体育局党委书记、局长"),
            Some(LineKind::Author { person: None, .. })
        ));
        assert_eq!(author_line("会上，沈洁副区长听取了汇报"), None);
    }

    #[test]
    fn newspaper_bylines_open_articles_and_gathered_authors_are_matched() {
        let text = "□嵊泗县教育局\n嵊泗县把教育作为推动海岛各项事业发展的先手棋，努力办好海岛群众家门口的优质教育，奋力书写海岛教育的优异答卷。\n奋力书写海岛教育的优异答卷\n□浙江工业大学\n浙江工业大学深入学习贯彻党的二十大精神，以高质量党建引领教育科技人才一体融合发展，成效明显。\n以高质量党建引领教育科技人才发展\n嵊泗县教育局党委书记、局长\n邱存安\n浙江工业大学党委副书记、校长\n高 翔\n";
        let doc = segmented(text);
        assert_eq!(doc.articles.len(), 2, "{:?}", doc.articles);
        let a = &doc.articles[0];
        assert!(bodies(&doc)[0].starts_with("嵊泗县把教育"));
        assert_eq!(a.author_org.as_deref(), Some("嵊泗县教育局"));
        assert_eq!(a.author_person.as_deref(), Some("邱存安"));
        assert_eq!(a.author_titles, ["党委书记", "局长"]);
        assert_eq!(a.title.as_deref(), Some("奋力书写海岛教育的优异答卷"));
        assert_eq!(doc.articles[1].author_person.as_deref(), Some("高翔"));
        assert_eq!(
            doc.articles[1].title.as_deref(),
            Some("以高质量党建引领教育科技人才发展")
        );
    }

    #[test]
    fn headline_and_institution_after_the_body_sign_it() {
        let text = "北京市坚决贯彻落实中央关于双减工作的要求，率先在全国开展双减行动，取得了重要进展和明显成效。\n以首善标准推进“双减”行动\n北京市教育委员会\n天津市认真学习贯彻全国职业教育大会精神，把职业教育作为产业转型升级的新引擎。";
        let doc = segmented(text);
        assert_eq!(
            doc.articles[0].author_org.as_deref(),
            Some("北京市教育委员会")
        );
        assert_eq!(
            doc.articles[0].title.as_deref(),
            Some("以首善标准推进“双减”行动")
        );
        assert!(bodies(&doc)[1].starts_with("天津市认真"));
    }

    #[test]
    fn bulletin_items_and_case_studies() {
        let text = "※市督导办工作动态\n1.市教育局赴南湖区开展工作调研。12月7日，市教育局对幼儿园进行调研。\n2.南湖区召开工作调度会。12月13日，南湖区召开工作调度会。（南湖区教育体育局）\n※经典案例\n海盐县倾力打造县域义务教育优质均衡2.0版\n海盐县是全国首个义务教育优质均衡发展县。\n一、以健全机制为牵引\n一是建立机制。出台规划。（海盐县教育局）\n";
        let doc = segmented(text);
        assert_eq!(doc.meta.kind, DocumentKind::Bulletin);
        assert_eq!(doc.articles.len(), 3, "{:?}", doc.articles);
        assert_eq!(
            doc.articles[0].title.as_deref(),
            Some("市教育局赴南湖区开展工作调研")
        );
        assert!(bodies(&doc)[0].starts_with("12月7日"));
        assert_eq!(doc.articles[0].author_org.as_deref(), Some("市教育局"));
        assert_eq!(
            doc.articles[1].author_org.as_deref(),
            Some("南湖区教育体育局")
        );
        assert!(!bodies(&doc)[1].contains("（南湖区"));
        assert_eq!(doc.articles[2].kind, ArticleKind::CaseStudy);
        assert_eq!(doc.articles[2].author_org.as_deref(), Some("海盐县教育局"));
        assert!(bodies(&doc)[2].starts_with("海盐县是全国首个"));
    }

    #[test]
    fn a_regulation_is_one_notice_dated_by_its_latest_amendment() {
        let text = "山东省学前教育条例\n2019年9月27日 山东省第十三届人民代表大会常务委员会第十四次会议通过\n2021年12月3日 山东省第十三届人民代表大会常务委员会第三十二次会议修正\n第一章 总则\n第一条 为了规范学前教育，制定本条例。\n第二条 本省行政区域内的学前教育，适用本条例。\n第三条 学前教育是国民教育体系的组成部分。\n第四条 本条例自2022年1月1日起施行。";
        let doc = segmented(text);
        assert_eq!(doc.meta.kind, DocumentKind::Notice);
        assert_eq!(doc.meta.title.as_deref(), Some("山东省学前教育条例"));
        assert_eq!(doc.meta.date.as_deref(), Some("2021-12-03"));
        assert_eq!(doc.meta.year, Some(2021));
        assert_eq!(doc.articles.len(), 1);
        assert_eq!(doc.articles[0].kind, ArticleKind::Notice);
        // A headline with 办法 but no numbered articles is no law.
        let news = segmented("出台骨干教师考核奖励办法\n县教育局出台办法，激励教师。");
        assert_ne!(news.meta.title.as_deref(), Some("出台骨干教师考核奖励办法"));
    }

    #[test]
    fn notice_meta_and_attached_plan() {
        let text = "绍兴市人民政府办公室文件\n绍政办发〔2021〕2号\n绍兴市人民政府办公室关于印发绍兴市五大创建行动计划(2021—2025年)的通知\n各区、县(市)人民政府：\n《行动计划》已经市政府同意，现印发给你们。\n绍兴市人民政府办公室\n2021年1月18日\n（此件公开发布）\n绍兴市五大创建行动计划（2021—2025年）\n根据《纲要》，2021—2025年我市将推进五大创建工作。\n一、总体要求\n到2025年，创建率达100%。\n抄送：市委办公室。\n绍兴市人民政府办公室\n2021年1月20日印发";
        let doc = segmented(text);
        assert_eq!(doc.meta.kind, DocumentKind::Notice);
        assert_eq!(doc.meta.doc_number.as_deref(), Some("绍政办发〔2021〕2号"));
        assert_eq!(doc.meta.date.as_deref(), Some("2021-01-18"));
        assert_eq!(doc.meta.year, Some(2021));
        assert_eq!(doc.meta.plan_period, Some((2021, 2025)));
        assert_eq!(doc.articles.len(), 1);
        let a = &doc.articles[0];
        assert_eq!(a.author_org.as_deref(), Some("绍兴市人民政府办公室"));
        assert_eq!(
            a.title.as_deref(),
            Some("绍兴市五大创建行动计划（2021—2025年）")
        );
        assert!(bodies(&doc)[0].starts_with("根据《纲要》"));
        assert!(!bodies(&doc)[0].contains("抄送"));
    }

    #[test]
    fn every_line_is_in_some_sentence_of_some_article() {
        let text = "标题一行\n正文第一句。第二句！\n第三句";
        let doc = segmented(text);
        assert!(!doc.articles.is_empty());
        let covered: usize = doc.sentences.iter().map(|s| s.span.len()).sum();
        assert!(covered >= "标题一行正文第一句。第二句！第三句".len());
        assert!(doc.sentences.iter().all(|s| s.article < doc.articles.len()));
    }

    #[test]
    fn empty_text_has_one_empty_article() {
        let doc = segmented("");
        assert_eq!(doc.articles.len(), 1);
        assert!(doc.sentences.is_empty());
    }
}
