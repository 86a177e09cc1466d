//! Numeric targets and reported figures: `15所`, `50%`, `1.35亿元`, `第5位`, `0.35`.
//!
//! Two layers:
//!
//! 1. [`scan`] reads number expressions out of a piece of text with a hand-written
//!    scanner (no regex, one pass). Its grammar, in order of the text:
//!
//!    ```text
//!    expression := prefix? ordinal? number tail
//!    number     := arabic (1,234.5, full-width digits too) multiplier*
//!                | chinese (两, 三十, 一百二十, 二万, 百万)
//!    tail       := 分之 number                        fraction → percent (四分之一 → 25)
//!                | (∶|:) arabic                       ratio (2.1∶1 → 2.1)
//!                | (—|-|~|至|到) number …             range (4—6个 → 4 AtLeast, 6 AtMost)
//!                | more? multiplier* more? unit suffix?
//!    more       := 余 | 多                             GreaterThan
//!    multiplier := 百 | 千 | 万 | 亿
//!    unit       := % ％ ‰ 个百分点 | 元 | 平方米 平方公里 | counter (所 名 人次 个 …)
//!    prefix     := 超过 超 逾 约 近 不低于 不足 小于 …   (comparators, see SCHEMA.md)
//!    suffix     := 以上 以下 以内 左右 …
//!    ordinal    := 第 (rank with 位/名, or after 居/列) | 前 (rank AtMost with 位/名)
//!    ```
//!
//!    What is left out by construction: a number with no unit is not a quantity
//!    (years `2023年`, dates `12月7日`, list numbering `1.` `（三）` `一是`,
//!    durations `5年` `56天` `3个月`, levels `三级`, `六大工程`, versions `2.0版`),
//!    except coefficients and indices where the sentence names 系数 / 指数. Numbers
//!    glued to `+` or letters (`3+2`, `1+X`, `5G`) or opening a quotation
//!    (`“361”`, `“三名工程”`) are parts of names. Chinese numerals count only with
//!    a unit, and `一` only where it is not a word part (`统一`, `一对一`, `一次性`).
//!    Ranges give two quantities, the low end AtLeast and the high end AtMost,
//!    which is how the gold annotations record them.
//!
//! 2. [`extract`] turns readings into [`Quantity`] facts: kind (target or figure)
//!    from cue words and the kind of document, year from the sentence, the
//!    paragraph or the plan period, indicator from the words around the number,
//!    scope from a place or institution named before it or the article's home.
//!    Tab-separated annex tables (row = item × year, column = place) are read
//!    cell by cell by [`table_quantities`]; cells without a number are
//!    milestones (`super::milestone`).

use std::sync::LazyLock;

use super::{table, Comparator, Context, Evidence, Forms, Lexicon, Quantity, QuantityKind, Unit};
use crate::document::{Document, Span};

/// A number expression found by [`scan`]; offsets are bytes into the scanned text.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    pub start: usize,
    pub end: usize,
    /// Value in base units.
    pub value: f64,
    pub unit: Unit,
    pub counter: Option<&'static str>,
    pub comparator: Comparator,
    /// Written in Chinese numerals (三所, 两个).
    pub chinese: bool,
}

/// Measure words, longest first where one is a prefix of another.
const COUNTERS: &[&str] = &[
    "人次", "场次", "批次", "门次", "个次", "家次", "校次", "大洲", "省市", "个", "所", "名", "人",
    "项", "家", "门", "节", "次", "班", "场", "处", "位", "份", "篇", "对", "支", "张", "期", "条",
    "件", "枚", "本", "册", "部", "台", "套", "间", "座", "栋", "幢", "辆", "种", "类", "组", "队",
    "户", "例", "起", "首", "轮", "届", "块", "笔", "课", "堂", "只", "株",
];

/// Prefix comparators, longest first (`不超过` before `超过` before `超`).
const PREFIX_COMPARATORS: &[(&str, Comparator)] = &[
    ("不低于", Comparator::AtLeast),
    ("不少于", Comparator::AtLeast),
    ("不小于", Comparator::AtLeast),
    ("至少", Comparator::AtLeast),
    ("最少", Comparator::AtLeast),
    ("不超过", Comparator::AtMost),
    ("不高于", Comparator::AtMost),
    ("不多于", Comparator::AtMost),
    ("最多", Comparator::AtMost),
    ("超过", Comparator::GreaterThan),
    ("突破", Comparator::GreaterThan),
    ("多于", Comparator::GreaterThan),
    ("大于", Comparator::GreaterThan),
    ("高于", Comparator::GreaterThan),
    ("超", Comparator::GreaterThan),
    ("逾", Comparator::GreaterThan),
    ("小于", Comparator::LessThan),
    ("低于", Comparator::LessThan),
    ("不足", Comparator::LessThan),
    ("少于", Comparator::LessThan),
    ("不到", Comparator::LessThan),
    ("将近", Comparator::Approximately),
    ("接近", Comparator::Approximately),
    ("大约", Comparator::Approximately),
    ("约", Comparator::Approximately),
    ("近", Comparator::Approximately),
];

/// Suffix comparators after the unit.
const SUFFIX_COMPARATORS: &[(&str, Comparator)] = &[
    ("及以上", Comparator::AtLeast),
    ("以上", Comparator::AtLeast),
    ("以下", Comparator::AtMost),
    ("以内", Comparator::AtMost),
    ("之内", Comparator::AtMost),
    ("左右", Comparator::Approximately),
    ("上下", Comparator::Approximately),
];

/// Characters before `一` that make it part of a word (统一, 唯一, 之一, 第一, 每一).
const WORD_BEFORE_ONE: &str = "新每同唯之其任逐某哪这那统万专单均划归合如";

/// Words after `一` + counter that make an idiom, not a count (一条龙, 一张网).
const IDIOMS_AFTER_ONE: &[&str] = &["龙", "网", "蓝图", "图", "站式", "心", "线", "盘棋"];

/// Measure words with which a lone Chinese `一` is a count rather than an article.
const ONE_COUNTERS: &[&str] = &["所", "家", "名", "位", "项", "门", "座"];

/// Characters after a counter that turn the count into a duration or an adjective
/// (3个月, 两个工作日, 一次性).
const AFTER_COUNTER_NOT_COUNT: &[&str] = &[
    "月",
    "工作日",
    "小时",
    "星期",
    "学期",
    "季度",
    "学年",
    "性",
    "钟头",
];

/// Verbs and comparators trimmed off the end of an indicator read before the number.
const INDICATOR_TRAILERS: &[&str] = &[
    "稳定在",
    "控制在",
    "提升至",
    "提高至",
    "提高到",
    "提升到",
    "跃升至",
    "增加到",
    "增长到",
    "增至",
    "达到",
    "高达",
    "超过",
    "突破",
    "不低于",
    "不少于",
    "不超过",
    "低于",
    "小于",
    "高于",
    "大于",
    "接近",
    "将近",
    "稳居",
    "位居",
    "位列",
    "均居",
    "居于",
    "共计",
    "累计",
    "总计",
    "合计",
    "分别为",
    "分别",
    "约为",
    "仅为",
    "均为",
    "为",
    "是",
    "达",
    "居",
    "列",
    "超",
    "约",
    "近",
    "逾",
    "共",
    "计",
    "在",
    "有",
    "均",
    "的",
    "已",
    "了",
    "占",
    "至",
    "全年",
    "每年",
    "年均",
];

/// Words that open an indicator read before the number and are not part of it.
const INDICATOR_OPENERS: &[&str] = &[
    "其中",
    "同时",
    "此外",
    "另外",
    "截至目前",
    "目前",
    "今年以来",
    "近年来",
    "全年",
    "并且",
    "并",
    "且",
    "共",
    "还",
    "已",
    "均",
];

/// Cues that the text commits to something for the future.
const TARGET_CUES: &[&str] = &[
    "力争",
    "确保",
    "争取",
    "目标",
    "预计",
    "计划到",
    "原则上",
    "将达到",
    "要达到",
    "力求",
];

/// Cues that a number reports a state or a result.
const FIGURE_CUES: &[&str] = &[
    "已经",
    "已有",
    "已达",
    "已建",
    "已成",
    "累计",
    "共有",
    "现有",
    "目前",
    "截至",
    "获评",
    "荣获",
    "获批",
    "同比",
    "实现了",
    "建成了",
    "完成了",
];

// ───────────────────────────── public entry ─────────────────────────────

/// Reads every numeric target and reported figure of `doc`.
pub fn extract(doc: &Document, lexicon: &Lexicon, context: &Context) -> Vec<Quantity> {
    if doc.sentences.is_empty() {
        return Vec::new();
    }
    let profile = Profile::of(doc);
    let names = NamesInOrder::of(doc);
    let mut out = Vec::new();
    let mut paragraph_year: Option<(usize, i32)> = None;
    let mut section: Option<QuantityKind> = None;
    let mut said: Vec<(usize, u64, Unit, Option<&str>, &str)> = Vec::new();
    let mut mood_cues = MoodCues::default();
    for (index, sentence) in doc.sentences.iter().enumerate() {
        let text = doc.slice(sentence.span);
        if let Some(mood) = section_mood(text) {
            section = mood;
        }
        if text.contains('\t') {
            continue;
        }
        let paragraph = paragraph_start(&doc.text, sentence.span.start);
        if paragraph_year.is_some_and(|(start, _)| start != paragraph) {
            paragraph_year = None;
        }
        if said.first().is_some_and(|key| key.0 != paragraph) {
            said.clear();
        }
        let years = years_in(text, doc.meta.year);
        let readings = scan(text);
        for reading in &readings {
            let span = Span::new(
                sentence.span.start + reading.start,
                sentence.span.start + reading.end,
            );
            let mood = if mood_cues.up_to(&doc.text, paragraph, span.start) {
                Some(QuantityKind::Target)
            } else {
                section
            };
            let kind = kind_of(text, reading, &years, mood, &profile);
            let year = year_of(
                kind,
                reading,
                &years,
                paragraph_year.map(|(_, y)| y),
                &profile,
            );
            let indicator = indicator_of(text, reading, &readings, lexicon);
            let scope = scope_of(doc, context, &names, index, span);
            // The same count said again in a paragraph (确保三个“生均”标准达标) is one fact.
            let follows = clause_after(text, reading.end);
            if follows.chars().count() >= 3 {
                let key = (
                    paragraph,
                    reading.value.to_bits(),
                    reading.unit,
                    reading.counter,
                    tail_chars_front(follows, 6),
                );
                if said.contains(&key) {
                    continue;
                }
                said.push(key);
            }
            let quantity = Quantity {
                kind,
                value: reading.value,
                unit: reading.unit,
                counter: reading.counter.map(str::to_string),
                comparator: reading.comparator,
                year,
                indicator,
                scope,
                evidence: Evidence {
                    span,
                    sentence: index,
                },
            };
            // A、B创建率均居全省前四位: one number for each subject.
            let subjects = distributed_subjects(text, reading);
            if subjects.len() >= 2 {
                for subject in subjects {
                    out.push(Quantity {
                        indicator: Some(subject.to_string()),
                        ..quantity.clone()
                    });
                }
            } else {
                out.push(quantity);
            }
        }
        // A year the sentence states (not a due date) carries to the rest of its paragraph.
        if let Some(y) = years.iter().rev().find(|y| !y.due).map(|y| y.year) {
            paragraph_year = Some((paragraph, y));
        }
    }
    out.extend(table_quantities(doc, context, &profile));
    out
}

/// Whether a paragraph names a cue of future mood ([`FUTURE_MOOD_CUES`])
/// before an offset. The readings of a paragraph come in order, so each
/// stretch of it is searched once, not the paragraph again at every number.
#[derive(Default)]
struct MoodCues {
    paragraph: usize,
    /// The paragraph is searched up to here …
    searched_to: usize,
    /// … and holds a cue before it.
    found: bool,
}

impl MoodCues {
    /// Whether `text[paragraph..at]` holds a cue.
    fn up_to(&mut self, text: &str, paragraph: usize, at: usize) -> bool {
        if self.paragraph != paragraph || at < self.searched_to {
            *self = MoodCues {
                paragraph,
                searched_to: paragraph,
                found: false,
            };
        }
        if !self.found && at > self.searched_to {
            // A cue that ends past `searched_to` starts less than its length
            // before it; the text before that holds none.
            let longest = FUTURE_MOOD_CUES.iter().map(|w| w.len()).max().unwrap_or(0);
            let mut from = self.searched_to.saturating_sub(longest).max(paragraph);
            while !text.is_char_boundary(from) {
                from -= 1;
            }
            let stretch = &text[from..at];
            static CUES: LazyLock<Forms> =
                LazyLock::new(|| Forms::new(FUTURE_MOOD_CUES.iter().copied()));
            self.found = CUES.found_in(stretch);
            self.searched_to = at;
        }
        self.found
    }
}

/// What the whole document says about time: its own year and its plan period.
#[derive(Debug, Clone, Copy, Default)]
struct Profile {
    year: Option<i32>,
    /// End year of the plan the document lays out (2021—2025 → 2025).
    plan_end: Option<i32>,
    /// The document lays out a plan or policy, so its numbers are commitments.
    forward: bool,
}

impl Profile {
    fn of(doc: &Document) -> Profile {
        let title = doc.meta.title.as_deref().unwrap_or("");
        let head: &str = {
            let mut end = doc.text.len().min(1500);
            while !doc.text.is_char_boundary(end) {
                end -= 1;
            }
            &doc.text[..end]
        };
        let plan_end = doc
            .meta
            .plan_period
            .map(|(_, end)| end)
            .or_else(|| plan_period_in(title).map(|(_, end)| end))
            .or_else(|| {
                PLAN_WORDS
                    .iter()
                    .any(|w| head.contains(w))
                    .then(|| plan_period_in(head).map(|(_, end)| end))
                    .flatten()
            });
        let plan_title = PLAN_WORDS.iter().any(|w| title.contains(w));
        Profile {
            year: doc.meta.year,
            plan_end,
            forward: plan_end.is_some() || plan_title,
        }
    }
}

const PLAN_WORDS: &[&str] = &["计划", "规划", "方案", "纲要", "实施意见"];

/// The first `YYYY—YYYY年` period in `text`.
fn plan_period_in(text: &str) -> Option<(i32, i32)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        if let Some((first, after)) = four_digit_year(&chars, i) {
            let mut j = after;
            if j < chars.len() && is_range_separator(chars[j].1) {
                j += 1;
                if let Some((second, after)) = four_digit_year(&chars, j) {
                    if second > first && at_str(&chars, after, "年") {
                        return Some((first, second));
                    }
                }
            }
            i = after;
        } else {
            i += 1;
        }
    }
    None
}

// ───────────────────────────── scanner ─────────────────────────────

/// Finds the number expressions in `text` (see the module documentation).
pub fn scan(text: &str) -> Vec<Reading> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].1;
        if ascii_digit(c).is_some() || chinese_digit(c).is_some() || chinese_power(c).is_some() {
            i = read_expression(text, &chars, i, &mut out);
        } else {
            i += 1;
        }
    }
    out
}

/// A number as written, before its unit.
#[derive(Debug, Clone, Copy)]
struct Number {
    end: usize,
    value: f64,
    chinese: bool,
    decimal: bool,
    /// Chinese numerals made only of 百/千/万/亿 (万余件, 近百万人次).
    bare_power: bool,
    /// A multiplier (万, 亿) already applied.
    scaled: bool,
}

/// Reads the expression starting at char `i`, pushes its readings and returns the
/// char index to continue from (always past `i`).
fn read_expression(text: &str, chars: &[(usize, char)], i: usize, out: &mut Vec<Reading>) -> usize {
    let number = match read_number(chars, i) {
        Ok(number) => number,
        Err(next) => return next.max(i + 1),
    };
    let before = prev_char(chars, i);
    // Parts of names and codes: 1+X, “3+2”, 5G, C9, 2.0版 after a letter.
    if before.is_some_and(|b| b.is_ascii_alphanumeric() || "+.．/＋-_#".contains(b))
        || chars
            .get(number.end)
            .is_some_and(|&(_, c)| c.is_ascii_alphabetic() || c == '+' || c == '＋')
    {
        return skip_number_run(chars, number.end);
    }
    if before.is_some_and(|b| "“\"「《‘".contains(b)) {
        return skip_number_run(chars, number.end);
    }
    // Chinese numerals inside words.
    if number.chinese && number.value == 1.0 && before.is_some_and(|b| WORD_BEFORE_ONE.contains(b))
    {
        return number.end;
    }
    let ordinal = before.filter(|&b| b == '第' || b == '前');

    let mut j = number.end;
    // Fractions: 四分之一, 百分之八十.
    if at_str(chars, j, "分之") {
        return match read_number(chars, j + 2) {
            Ok(part) if number.value > 0.0 && ordinal.is_none() => {
                let value = part.value / number.value * 100.0;
                let end = part.end;
                let (comparator, end) = suffix_comparator(chars, end, Comparator::Equal);
                out.push(Reading {
                    start: chars[i].0,
                    end: byte_at(text, chars, end),
                    value: round(value),
                    unit: Unit::Percent,
                    counter: None,
                    comparator: prefix_comparator(chars, i).unwrap_or(comparator),
                    chinese: number.chinese,
                });
                end
            }
            Ok(part) => part.end,
            Err(next) => next.max(j + 2),
        };
    }
    // Ratios: 2.1∶1.
    if !number.chinese && j < chars.len() && matches!(chars[j].1, '∶' | ':') {
        if let Ok(second) = read_number(chars, j + 1) {
            if !second.chinese && second.value > 0.0 && ordinal.is_none() {
                out.push(Reading {
                    start: chars[i].0,
                    end: byte_at(text, chars, second.end),
                    value: round(number.value / second.value),
                    unit: Unit::Ratio,
                    counter: None,
                    comparator: prefix_comparator(chars, i).unwrap_or(Comparator::Equal),
                    chinese: false,
                });
                return second.end;
            }
        }
    }
    // Ranges: 4—6个, 三到五所, 3-5万元.
    let mut range_end: Option<Number> = None;
    if j < chars.len()
        && (is_range_separator(chars[j].1) || chars[j].1 == '至' || chars[j].1 == '到')
    {
        if let Ok(second) = read_number(chars, j + 1) {
            if second.chinese == number.chinese && second.value > number.value {
                range_end = Some(second);
                j = second.end;
            }
        }
    }
    let last = range_end.unwrap_or(number);
    let mut scale = 1.0;
    let mut more = false;
    let mut scaled = last.scaled;
    loop {
        j = skip_spaces(chars, j);
        match chars.get(j).map(|&(_, c)| c) {
            Some('余' | '多') if !more => {
                more = true;
                j += 1;
            }
            Some(c) if !scaled && matches!(c, '百' | '千' | '万' | '亿') => {
                while let Some(power) = chars.get(j).and_then(|&(_, c)| chinese_power(c)) {
                    if power < 100.0 {
                        break;
                    }
                    scale *= power;
                    j += 1;
                }
                scaled = true;
            }
            _ => break,
        }
    }
    j = skip_spaces(chars, j);
    let Some((unit, counter, unit_scale, after_unit)) = read_unit(chars, j) else {
        // No unit: only coefficients and indices count.
        if range_end.is_none() && !more && scale == 1.0 && ordinal.is_none() {
            if let Some(reading) = bare_reading(text, chars, i, &number) {
                out.push(reading);
            }
        } else if ordinal == Some('第') && range_end.is_none() {
            if let Some(reading) = rank_after_verb(text, chars, i, &number) {
                out.push(reading);
            }
        }
        return last.end.max(j);
    };
    if let Some(counter) = counter {
        let next = &chars[after_unit.min(chars.len())..];
        if AFTER_COUNTER_NOT_COUNT.iter().any(|w| at_str(next, 0, w)) {
            return after_unit;
        }
        // 一对一, 三位一体, 一人一档: a numeral right after the counter makes an idiom.
        if number.chinese
            && next
                .first()
                .is_some_and(|&(_, c)| chinese_digit(c).is_some())
        {
            return after_unit;
        }
        // A lone 一 is mostly an article (一个愿景, 一起, 一堂课, 新一轮): only a few
        // measure words, outside quotations, make it a count (在一所地方高校).
        // After a copula it is an article too (是一项复杂的系统工程).
        if number.chinese
            && number.value == 1.0
            && (!ONE_COUNTERS.contains(&counter)
                || IDIOMS_AFTER_ONE.iter().any(|w| at_str(next, 0, w))
                || inside_quotation(&text[..chars[i].0])
                || text[..chars[i].0].ends_with(['是', '为']))
        {
            return after_unit;
        }
        // 万人计划: a bare 万/千 with a counter is a name unless 余/多/近/超 qualifies it.
        if number.bare_power && !more && prefix_comparator(chars, i).is_none() {
            return after_unit;
        }
        let _ = counter;
    }
    let (mut unit, mut comparator_suffix) = (unit, None);
    let (suffix, end) = suffix_comparator(chars, after_unit, Comparator::Equal);
    if end > after_unit {
        comparator_suffix = Some(suffix);
    }
    let mut counter = counter;
    // Ranks: 第5位, 前四位, 前100名; 前1%, 前50强 are categories, not numbers.
    match ordinal {
        Some('第') => {
            if matches!(counter, Some("位" | "名")) {
                unit = Unit::Rank;
                counter = None;
            } else {
                return end;
            }
        }
        Some('前') => {
            if matches!(counter, Some("位" | "名")) {
                unit = Unit::Rank;
                counter = None;
                comparator_suffix = Some(Comparator::AtMost);
            } else {
                return end;
            }
        }
        _ => {}
    }
    let prefix = prefix_comparator(chars, i);
    let comparator = comparator_suffix
        .or(more.then_some(Comparator::GreaterThan))
        .or(prefix)
        .unwrap_or(Comparator::Equal);
    let factor = scale * unit_scale;
    let start_byte = chars[i].0;
    let end_byte = byte_at(text, chars, end);
    match range_end {
        Some(high) => {
            // 3-5万元: the multiplier written once applies to both ends.
            let low_factor = if number.scaled { unit_scale } else { factor };
            let high_factor = if high.scaled { unit_scale } else { factor };
            out.push(Reading {
                start: start_byte,
                end: end_byte,
                value: round(number.value * low_factor),
                unit,
                counter,
                comparator: Comparator::AtLeast,
                chinese: number.chinese,
            });
            out.push(Reading {
                start: start_byte,
                end: end_byte,
                value: round(high.value * high_factor),
                unit,
                counter,
                comparator: Comparator::AtMost,
                chinese: number.chinese,
            });
        }
        None => out.push(Reading {
            start: start_byte,
            end: end_byte,
            value: round(number.value * factor),
            unit,
            counter,
            comparator,
            chinese: number.chinese,
        }),
    }
    end
}

/// A number with no unit that still counts: a coefficient (差异系数0.35以内,
/// 小于0.3 after 系数) or an index or score (指数为93.70).
fn bare_reading(text: &str, chars: &[(usize, char)], i: usize, number: &Number) -> Option<Reading> {
    if number.chinese || (!number.decimal && (1900.0..=2100.0).contains(&number.value)) {
        return None;
    }
    let prefix = prefix_comparator(chars, i);
    let (suffix, end) = suffix_comparator(chars, number.end, Comparator::Equal);
    let next = chars.get(skip_spaces(chars, end)).map(|&(_, c)| c);
    if next.is_some_and(|c| !is_clause_break(c) && c != '、') {
        return None;
    }
    if !number.decimal && prefix.is_none() && end == number.end {
        return None;
    }
    let before = &text[..chars[i].0];
    let window = tail_chars(before, 30);
    let unit = if window.contains("系数") {
        Unit::Ratio
    } else if ["指数", "得分", "评分", "分值", "均分"]
        .iter()
        .any(|w| window.contains(w))
    {
        Unit::Dimensionless
    } else {
        return None;
    };
    let comparator = if end > number.end {
        suffix
    } else {
        prefix.unwrap_or(Comparator::Equal)
    };
    Some(Reading {
        start: chars[i].0,
        end: byte_at(text, chars, end),
        value: round(number.value),
        unit,
        counter: None,
        comparator,
        chinese: false,
    })
}

/// `居全省第一`, `列全国第3`: a rank with no measure word, after a verb of standing.
fn rank_after_verb(
    text: &str,
    chars: &[(usize, char)],
    i: usize,
    number: &Number,
) -> Option<Reading> {
    let next = chars.get(number.end).map(|&(_, c)| c);
    if next.is_some_and(|c| !is_clause_break(c)) {
        return None;
    }
    let before = tail_chars(&text[..chars[i].0], 8);
    if !["居", "列", "排名", "排在", "位于"]
        .iter()
        .any(|w| before.contains(w))
    {
        return None;
    }
    Some(Reading {
        start: chars[i - 1].0,
        end: byte_at(text, chars, number.end),
        value: number.value,
        unit: Unit::Rank,
        counter: None,
        comparator: Comparator::Equal,
        chinese: number.chinese,
    })
}

/// Reads an Arabic or Chinese number at char `i`. On failure returns the char
/// index to resume from (past the run that did not parse).
fn read_number(chars: &[(usize, char)], i: usize) -> Result<Number, usize> {
    let i = skip_spaces(chars, i);
    match chars.get(i) {
        Some(&(_, c)) if ascii_digit(c).is_some() => read_arabic(chars, i),
        Some(&(_, c)) if chinese_digit(c).is_some() || chinese_power(c).is_some() => {
            read_chinese(chars, i)
        }
        _ => Err(i + 1),
    }
}

fn read_arabic(chars: &[(usize, char)], i: usize) -> Result<Number, usize> {
    let mut digits = String::new();
    let mut j = i;
    let mut decimal = false;
    while j < chars.len() {
        let c = chars[j].1;
        if let Some(d) = ascii_digit(c) {
            digits.push(d);
            j += 1;
        } else if c == ',' && !decimal && thousands_group(chars, j + 1) {
            // 1,234: an ASCII comma followed by exactly three digits (a Chinese
            // comma separates list items, 5，6).
            j += 1;
        } else if (c == '.' || c == '．')
            && !decimal
            && chars
                .get(j + 1)
                .is_some_and(|&(_, n)| ascii_digit(n).is_some())
        {
            digits.push('.');
            decimal = true;
            j += 1;
        } else {
            break;
        }
    }
    let value: f64 = digits.parse().map_err(|_| j.max(i + 1))?;
    Ok(Number {
        end: j,
        value,
        chinese: false,
        decimal,
        bare_power: false,
        scaled: false,
    })
}

fn thousands_group(chars: &[(usize, char)], j: usize) -> bool {
    (0..3).all(|k| {
        chars
            .get(j + k)
            .is_some_and(|&(_, c)| ascii_digit(c).is_some())
    }) && chars
        .get(j + 3)
        .is_none_or(|&(_, c)| ascii_digit(c).is_none())
}

/// 一百二十 → 120, 两 → 2, 二万 → 20000, 百万 → 1000000. Two digits in a row
/// (十四五, 三四个) are not one number.
fn read_chinese(chars: &[(usize, char)], i: usize) -> Result<Number, usize> {
    let mut total = 0.0;
    let mut section = 0.0;
    let mut digit: Option<f64> = None;
    let mut any_digit = false;
    let mut j = i;
    let mut invalid = false;
    while j < chars.len() {
        let c = chars[j].1;
        if let Some(d) = chinese_digit(c) {
            if d == 0 {
                j += 1;
                continue;
            }
            if digit.is_some() {
                invalid = true;
            }
            digit = Some(d as f64);
            any_digit = true;
        } else if let Some(power) = chinese_power(c) {
            if power < 10_000.0 {
                section += digit.take().unwrap_or(1.0) * power;
            } else if power == 10_000.0 {
                let mut part = section + digit.take().unwrap_or(0.0);
                if part == 0.0 {
                    part = 1.0;
                }
                total += part * power;
                section = 0.0;
            } else {
                let mut part = total + section + digit.take().unwrap_or(0.0);
                if part == 0.0 {
                    part = 1.0;
                }
                total = part * power;
                section = 0.0;
            }
        } else {
            break;
        }
        j += 1;
    }
    if invalid || j == i {
        return Err(j.max(i + 1));
    }
    Ok(Number {
        end: j,
        value: total + section + digit.unwrap_or(0.0),
        chinese: true,
        decimal: false,
        bare_power: !any_digit,
        scaled: chars[i..j].iter().any(|&(_, c)| matches!(c, '万' | '亿')),
    })
}

/// Reads a unit at char `j`: (unit, counter, factor to base units, char after it).
fn read_unit(
    chars: &[(usize, char)],
    j: usize,
) -> Option<(Unit, Option<&'static str>, f64, usize)> {
    let c = chars.get(j)?.1;
    match c {
        '%' | '％' => return Some((Unit::Percent, None, 1.0, j + 1)),
        '‰' => return Some((Unit::Percent, None, 0.1, j + 1)),
        '元' => return Some((Unit::Yuan, None, 1.0, j + 1)),
        '㎡' => return Some((Unit::SquareMetre, None, 1.0, j + 1)),
        _ => {}
    }
    if at_str(chars, j, "个百分点") {
        return Some((Unit::Percent, None, 1.0, j + 4));
    }
    for (word, factor) in [("平方米", 1.0), ("平米", 1.0), ("平方公里", 1e6)] {
        if at_str(chars, j, word) {
            return Some((Unit::SquareMetre, None, factor, j + word.chars().count()));
        }
    }
    COUNTERS
        .iter()
        .find(|w| at_str(chars, j, w))
        .map(|w| (Unit::Count, Some(*w), 1.0, j + w.chars().count()))
}

/// The comparator written right before char `i` (超过90%, 约13亿元, 小于 0.35),
/// or before the noun phrase of `超过招生总数的25%`.
fn prefix_comparator(chars: &[(usize, char)], i: usize) -> Option<Comparator> {
    adjacent_comparator(chars, i).or_else(|| comparator_before_of(chars, i))
}

/// `超过中职招生总数的25%`: a comparator verb, a short noun phrase, 的, the number.
fn comparator_before_of(chars: &[(usize, char)], i: usize) -> Option<Comparator> {
    if prev_char(chars, i) != Some('的') {
        return None;
    }
    let from = i.saturating_sub(16);
    (from..i - 1)
        .rev()
        .take_while(|&k| !is_clause_break(chars[k].1))
        .find_map(|k| {
            PREFIX_COMPARATORS
                .iter()
                .filter(|(word, _)| word.chars().count() >= 2)
                .find(|(word, _)| at_str(chars, k, word))
                .map(|&(_, comparator)| comparator)
        })
}

fn adjacent_comparator(chars: &[(usize, char)], i: usize) -> Option<Comparator> {
    let mut k = i;
    while k > 0 && chars[k - 1].1 == ' ' {
        k -= 1;
    }
    let last = chars[..k].last()?.1;
    PREFIX_COMPARATORS.iter().find_map(|&(word, comparator)| {
        // The last character first: most words end otherwise (this runs
        // before every number).
        if !word.ends_with(last) {
            return None;
        }
        let n = word.chars().count();
        let fits = k >= n && chars[k - n..k].iter().map(|&(_, c)| c).eq(word.chars());
        // 最近, 附近 are not 近; 赶超 is not 超 of a number.
        let glued = k > n && n == 1 && "最附临邻赶".contains(chars[k - n - 1].1);
        (fits && !glued).then_some(comparator)
    })
}

/// The comparator written after char `j` (以上, 以内, 左右) and the char after it.
fn suffix_comparator(
    chars: &[(usize, char)],
    j: usize,
    default: Comparator,
) -> (Comparator, usize) {
    let k = skip_spaces(chars, j);
    SUFFIX_COMPARATORS
        .iter()
        .find(|(word, _)| at_str(chars, k, word))
        .map(|&(word, comparator)| (comparator, k + word.chars().count()))
        .unwrap_or((default, j))
}

// ───────────────────────────── kind, year ─────────────────────────────

/// A year the sentence names.
#[derive(Debug, Clone, Copy, PartialEq)]
struct YearMention {
    /// Byte offset in the sentence.
    at: usize,
    year: i32,
    /// A due date (到2025年, 至2022年, 2025年前) rather than the year of a fact.
    due: bool,
}

/// Years named in `text`: `2023年`, `到2025年`, the end of `2021—2025年`, and a
/// date without year (`12月7日`) as the document's year.
fn years_in(text: &str, document_year: Option<i32>) -> Vec<YearMention> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if let Some((year, after)) = four_digit_year(&chars, i) {
            let k = skip_spaces(&chars, after);
            if prev_char(&chars, i).is_some_and(|c| c.is_ascii_digit()) {
                i = after;
                continue;
            }
            if at_str(&chars, k, "年") && !at_str(&chars, k, "年级") {
                let before = tail_chars(&text[..chars[i].0], 3);
                let due = before.ends_with('到')
                    || before.ends_with('至')
                    || before.ends_with("力争")
                    || at_str(&chars, k + 1, "前")
                    || at_str(&chars, k + 1, "底前");
                out.push(YearMention {
                    at: chars[i].0,
                    year,
                    due,
                });
            } else if k < chars.len() && is_range_separator(chars[k].1) {
                // 2021—2025年: the period, not the year of a fact.
                if let Some((_, end)) = four_digit_year(&chars, k + 1) {
                    i = end + 1;
                    continue;
                }
            }
            i = after;
        } else if chars[i].1 == '月' && i > 0 && ascii_digit(chars[i - 1].1).is_some() {
            // A month and day without a year: the document's year.
            let named = out
                .last()
                .is_some_and(|y: &YearMention| chars[i].0 - y.at < 12);
            if let (Some(year), false) = (document_year, named) {
                if chars
                    .get(i + 1)
                    .is_some_and(|&(_, c)| ascii_digit(c).is_some())
                {
                    out.push(YearMention {
                        at: chars[i].0,
                        year,
                        due: false,
                    });
                }
            }
            i += 1;
        } else {
            i += 1;
        }
    }
    out
}

/// Target or figure: cue words of the clause and the sentence first, then the
/// mood of the paragraph or section (我们将…, 【会议部署】), then the document.
fn kind_of(
    text: &str,
    reading: &Reading,
    years: &[YearMention],
    mood: Option<QuantityKind>,
    profile: &Profile,
) -> QuantityKind {
    let clause = clause_around(text, reading.start, reading.end);
    let sentence_before = &text[..reading.start];
    static FIGURES: LazyLock<Forms> = LazyLock::new(|| Forms::new(FIGURE_CUES.iter().copied()));
    static TARGETS: LazyLock<Forms> = LazyLock::new(|| Forms::new(TARGET_CUES.iter().copied()));
    if FIGURES.found_in(clause) || FIGURES.found_in(sentence_before) {
        return QuantityKind::Figure;
    }
    // 从县域、镇域和学校三个层面: a count that sums up a list describes, not commits.
    if reading.chinese
        && reading.unit == Unit::Count
        && (tail_chars(sentence_before, 16).contains('、') || sentence_before.ends_with('等'))
    {
        return QuantityKind::Figure;
    }
    // A number a rule requires (`应当至少举办一所`, `每学期不得少于2次`,
    // `不少于`) is a commitment, like a plan's target.
    if super::states_a_duty(clause) || clause.contains("不少于") {
        return QuantityKind::Target;
    }
    let future = |y: i32| profile.year.is_none_or(|now| y > now);
    if TARGETS.found_in(text) || years.iter().any(|y| y.due && future(y.year)) {
        return QuantityKind::Target;
    }
    match mood {
        Some(kind) => kind,
        None if profile.forward => QuantityKind::Target,
        None => QuantityKind::Figure,
    }
}

/// Words that open a paragraph of commitments (我们将认真贯彻…, 下一步).
const FUTURE_MOOD_CUES: &[&str] = &[
    "我们将",
    "我省将",
    "我市将",
    "我县将",
    "我区将",
    "我校将",
    "下一步",
    "今后",
    "接下来",
    "将继续",
    "将进一步",
    "将着力",
    "将全力",
];

/// Section headings of commitments (【会议部署】, 【目标任务】).
const FUTURE_SECTION_CUES: &[&str] = &["部署", "目标", "任务", "举措", "计划", "规划"];

/// The mood a section heading sets: `【会议部署】` → targets, other `【…】` → none.
fn section_mood(line: &str) -> Option<Option<QuantityKind>> {
    let line = line.trim();
    if !(line.starts_with('【') && line.ends_with('】')) {
        return None;
    }
    Some(
        FUTURE_SECTION_CUES
            .iter()
            .any(|w| line.contains(w))
            .then_some(QuantityKind::Target),
    )
}

fn year_of(
    kind: QuantityKind,
    reading: &Reading,
    years: &[YearMention],
    paragraph_year: Option<i32>,
    profile: &Profile,
) -> Option<i32> {
    match kind {
        QuantityKind::Target => years
            .iter()
            .find(|y| y.due)
            .map(|y| y.year)
            .or(profile.plan_end)
            .or_else(|| {
                years
                    .iter()
                    .map(|y| y.year)
                    .find(|&y| profile.year.is_none_or(|now| y > now))
            }),
        QuantityKind::Figure => years
            .iter()
            .rev()
            .find(|y| !y.due && y.at < reading.start)
            .or_else(|| years.iter().find(|y| !y.due && y.at > reading.end))
            .map(|y| y.year)
            .or(paragraph_year)
            .filter(|&y| profile.year.is_none_or(|now| y <= now)),
    }
}

// ───────────────────────────── indicator, scope ─────────────────────────────

/// What is measured: the noun phrase counted after a counter (15所省现代化普通高中学校
/// → 省现代化普通高中学校), else the words before the number in its clause
/// (县域就读率超90% → 县域就读率).
fn indicator_of(
    text: &str,
    reading: &Reading,
    readings: &[Reading],
    lexicon: &Lexicon,
) -> Option<String> {
    let after = clause_after(text, reading.end);
    if reading.unit == Unit::Count || after.starts_with('的') {
        if let Some(phrase) = noun_phrase_after(after, lexicon) {
            return Some(phrase);
        }
    }
    // The words before the number, from the last clause break or the previous number.
    let previous_end = readings
        .iter()
        .filter(|r| r.end <= reading.start)
        .map(|r| r.end)
        .max()
        .unwrap_or(0);
    let before = &text[previous_end.min(reading.start)..reading.start];
    let start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| is_clause_break(c) || c == '、')
        .map_or(0, |(k, c)| k + c.len_utf8());
    let mut phrase = &before[start..];
    if reading.unit == Unit::Rank {
        phrase = phrase.trim_end_matches(['第', '前']);
    }
    loop {
        let trimmed = INDICATOR_TRAILERS
            .iter()
            .find(|w| phrase.ends_with(*w) && phrase.len() > w.len())
            .map(|w| &phrase[..phrase.len() - w.len()]);
        match trimmed {
            Some(t) => phrase = t,
            None => break,
        }
    }
    let mut phrase = clean_indicator(phrase);
    if reading.unit == Unit::Rank {
        // 毕业生薪酬水平稳居全国高校前100位 → 毕业生薪酬水平全国高校排名.
        for verb in ["稳居", "位居", "位列", "均居", "居于", "排名", "居", "列"] {
            phrase = phrase.replacen(verb, "", 1);
        }
        phrase = clean_indicator(&phrase);
        phrase.push_str("排名");
    }
    (phrase.chars().count() >= 2).then_some(phrase)
}

/// The noun phrase a count counts (`15所省现代化普通高中学校`), or the one after
/// `的` (`47%的二级学院`); a relative clause keeps its head (`满20年的在职教师`).
fn noun_phrase_after(after: &str, lexicon: &Lexicon) -> Option<String> {
    let after = after.strip_prefix('的').unwrap_or(after);
    let words = lexicon.tag(after);
    let first = words.first()?;
    let nominal = |tag: &str| {
        tag.starts_with('n') || matches!(tag, "vn" | "j" | "b" | "a" | "an" | "x" | "eng" | "l")
    };
    if !nominal(first.tag) && !first.text.starts_with(['“', '《']) {
        return None;
    }
    let mut end = 0;
    for word in &words {
        let tag = word.tag;
        let stop = tag == "m"
            || tag.starts_with('p')
            || tag.starts_with('c')
            || tag.starts_with('d')
            || tag.starts_with('t')
            || tag.starts_with('r')
            || (tag.starts_with('v') && tag != "vn");
        if stop || after[word.start..word.end].contains(['，', '。', '；']) {
            break;
        }
        end = word.end;
        if after[..end].chars().count() >= 24 {
            break;
        }
    }
    let phrase = &after[..end];
    let phrase = phrase.rsplit_once('的').map_or(phrase, |(_, head)| head);
    let phrase = clean_indicator(phrase);
    (phrase.chars().count() >= 2).then_some(phrase)
}

/// Strips openers, years and punctuation, and keeps the last 24 characters.
fn clean_indicator(phrase: &str) -> String {
    let mut p = phrase
        .trim_matches(|c: char| c.is_whitespace() || is_clause_break(c) || "、（）()".contains(c));
    loop {
        let before = p;
        for opener in INDICATOR_OPENERS {
            if let Some(rest) = p.strip_prefix(opener) {
                p = rest;
            }
        }
        // A leading year or date: 2023年, 2023年上半年.
        let digits = p.chars().take_while(|c| c.is_ascii_digit()).count();
        if digits == 4 && p[4..].starts_with('年') {
            p = &p[4 + '年'.len_utf8()..];
        }
        p = p.trim_start_matches(|c: char| c == '，' || c == ',' || c.is_whitespace());
        if p == before {
            break;
        }
    }
    let p = p
        .trim_end_matches(['“', '《', '（', '('])
        .trim_start_matches(['”', '》', '）', ')']);
    let count = p.chars().count();
    p.chars().skip(count.saturating_sub(24)).collect()
}

/// The places and institutions the document names, by where they start: a
/// number's sentence is looked up in it, not every name of the document
/// again at every number (which grew with the square of a long file).
struct NamesInOrder<'d> {
    /// `(span, order, name)`, sorted by the span's start; `order` is the place
    /// among the places, then the institutions, of `doc.facts`.
    names: Vec<(Span, usize, &'d str)>,
}

impl<'d> NamesInOrder<'d> {
    fn of(doc: &'d Document) -> NamesInOrder<'d> {
        let places = doc.facts.places.iter().map(|p| (p.evidence.span, &p.name));
        let organizations = doc
            .facts
            .organizations
            .iter()
            .map(|o| (o.evidence.span, &o.name));
        let mut names: Vec<(Span, usize, &str)> = places
            .chain(organizations)
            .enumerate()
            .map(|(order, (span, name))| (span, order, name.as_str()))
            .collect();
        names.sort_by_key(|&(span, order, _)| (span.start, order));
        NamesInOrder { names }
    }

    /// The names that start within `start..=end`.
    fn starting_within(&self, start: usize, end: usize) -> &[(Span, usize, &'d str)] {
        let from = self.names.partition_point(|n| n.0.start < start);
        let to = self.names.partition_point(|n| n.0.start <= end);
        &self.names[from..to.max(from)]
    }
}

/// The place or institution a number is about: the last one named before it in
/// its sentence, else the home of the article.
fn scope_of(
    doc: &Document,
    context: &Context,
    names: &NamesInOrder<'_>,
    sentence: usize,
    span: Span,
) -> Option<String> {
    // Only a name in the number's own clause, or opening the sentence as its subject.
    let bounds = doc.sentences[sentence].span;
    let text = doc.slice(bounds);
    let relative = span.start - bounds.start;
    let clause = clause_around(text, relative, relative);
    let clause_start = bounds.start + (clause.as_ptr() as usize - text.as_ptr() as usize);
    let subject_end = bounds.start + text.char_indices().nth(12).map_or(text.len(), |(k, _)| k);
    // A name that ends before the number starts before it too.
    let named = names
        .starting_within(bounds.start, span.start)
        .iter()
        .filter(|(s, _, _)| {
            bounds.contains(*s)
                && s.end <= span.start
                && (s.start >= clause_start || s.end <= subject_end)
        })
        // The last of the latest-ending names in the facts' order, as a
        // `max_by_key` over the places then the institutions would give.
        .max_by_key(|(s, order, _)| (s.end, *order))
        .map(|(_, _, name)| name.to_string());
    named.or_else(|| {
        context
            .home_of_sentence(doc, sentence)
            .local()
            .map(str::to_string)
    })
}

/// The subjects a number is distributed over: `浙江省教育现代化县、浙江省现代化学校创建率
/// 均居全省前四位` → both; empty unless 均/都 follows a list of two to four subjects.
fn distributed_subjects<'t>(text: &'t str, reading: &Reading) -> Vec<&'t str> {
    let clause = clause_around(text, reading.start, reading.start);
    let clause_start = clause.as_ptr() as usize - text.as_ptr() as usize;
    let before = &text[clause_start..reading.start];
    let Some(at) = before.rfind(['均', '都']) else {
        return Vec::new();
    };
    // 均 as an adverb before a verb (均居, 均达到), not inside a word (均衡).
    let verb = before[at + '均'.len_utf8()..].chars().next();
    if !verb.is_some_and(|c| "居达为超在有不列位高低占实已要应可".contains(c))
        || before[..at].contains(['“', '”'])
    {
        return Vec::new();
    }
    let subjects: Vec<&str> = before[..at]
        .split(['、', '和', '与'])
        .map(str::trim)
        .collect();
    if !(2..=4).contains(&subjects.len()) || subjects.iter().any(|s| s.chars().count() < 2) {
        return Vec::new();
    }
    subjects
}

// ───────────────────────────── tables ─────────────────────────────

/// Numbers in tab-separated annex tables ([`table::cells`]): the row gives the
/// item and the year, the column the place.
fn table_quantities(doc: &Document, context: &Context, profile: &Profile) -> Vec<Quantity> {
    let places = super::CanonicalNames::of_aliases(&doc.facts.places);
    let mut out = Vec::new();
    for cell in table::cells(doc) {
        for reading in scan(cell.text) {
            let span = Span::new(cell.start + reading.start, cell.start + reading.end);
            let measured = cell.text[..reading.start]
                .split(['列', '达', '高', '低', '为', '居', '超'])
                .next()
                .unwrap_or("")
                .trim();
            let indicator = format!("{}{measured}", cell.item);
            let future = profile.year.is_none_or(|now| cell.year >= now);
            out.push(Quantity {
                kind: if profile.forward || future {
                    QuantityKind::Target
                } else {
                    QuantityKind::Figure
                },
                value: reading.value,
                unit: reading.unit,
                counter: reading.counter.map(str::to_string),
                comparator: reading.comparator,
                year: Some(cell.year),
                indicator: (!indicator.is_empty()).then_some(indicator),
                scope: cell.place(doc, context, &places),
                evidence: Evidence {
                    span,
                    sentence: cell.sentence,
                },
            });
        }
    }
    out
}

// ───────────────────────────── small helpers ─────────────────────────────

fn ascii_digit(c: char) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
        _ => None,
    }
}

fn chinese_digit(c: char) -> Option<u32> {
    Some(match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

fn chinese_power(c: char) -> Option<f64> {
    Some(match c {
        '十' => 10.0,
        '百' => 100.0,
        '千' => 1_000.0,
        '万' => 10_000.0,
        '亿' => 100_000_000.0,
        _ => return None,
    })
}

fn is_range_separator(c: char) -> bool {
    matches!(c, '—' | '–' | '-' | '~' | '～' | '－')
}

fn is_clause_break(c: char) -> bool {
    matches!(
        c,
        '，' | ','
            | '。'
            | '；'
            | ';'
            | '：'
            | ':'
            | '！'
            | '？'
            | '!'
            | '?'
            | '\n'
            | '（'
            | '）'
            | '('
            | ')'
    )
}

/// A four-digit year 1950–2100 at char `i`, not glued to more digits.
fn four_digit_year(chars: &[(usize, char)], i: usize) -> Option<(i32, usize)> {
    // Read as a number, without a string: this runs at every character.
    let mut year = 0;
    for &(_, c) in chars.get(i..i + 4)? {
        year = year * 10 + ascii_digit(c)?.to_digit(10)? as i32;
    }
    if chars
        .get(i + 4)
        .is_some_and(|&(_, c)| ascii_digit(c).is_some() || c == '.')
    {
        return None;
    }
    (1950..=2100).contains(&year).then_some((year, i + 4))
}

fn at_str(chars: &[(usize, char)], i: usize, word: &str) -> bool {
    let mut k = i;
    for w in word.chars() {
        match chars.get(k) {
            Some(&(_, c)) if c == w => k += 1,
            _ => return false,
        }
    }
    true
}

fn prev_char(chars: &[(usize, char)], i: usize) -> Option<char> {
    i.checked_sub(1).map(|k| chars[k].1)
}

fn skip_spaces(chars: &[(usize, char)], mut j: usize) -> usize {
    while chars
        .get(j)
        .is_some_and(|&(_, c)| c == ' ' || c == '\u{3000}')
    {
        j += 1;
    }
    j
}

/// Skips the rest of a run of digits and numerals (so `2035` is not re-read as `035`).
fn skip_number_run(chars: &[(usize, char)], mut j: usize) -> usize {
    while chars.get(j).is_some_and(|&(_, c)| {
        ascii_digit(c).is_some()
            || chinese_digit(c).is_some()
            || chinese_power(c).is_some()
            || c == '.'
    }) {
        j += 1;
    }
    j
}

/// Whether the end of `before` lies inside a “quotation” (more opening than closing marks).
fn inside_quotation(before: &str) -> bool {
    let opening = before.chars().filter(|&c| c == '“' || c == '「').count();
    let closing = before.chars().filter(|&c| c == '”' || c == '」').count();
    opening > closing
}

/// The byte offset of char index `j` (the text's length past the end).
fn byte_at(text: &str, chars: &[(usize, char)], j: usize) -> usize {
    chars.get(j).map_or(text.len(), |&(b, _)| b)
}

/// The first `n` characters of `s`.
fn tail_chars_front(s: &str, n: usize) -> &str {
    let end = s.char_indices().nth(n).map_or(s.len(), |(k, _)| k);
    &s[..end]
}

/// The last `n` characters of `s`.
fn tail_chars(s: &str, n: usize) -> &str {
    let start = s
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(k, _)| k);
    &s[start..]
}

/// The clause (between clause breaks) around bytes `start..end` of `text`.
fn clause_around(text: &str, start: usize, end: usize) -> &str {
    let from = text[..start]
        .char_indices()
        .rev()
        .find(|&(_, c)| is_clause_break(c))
        .map_or(0, |(k, c)| k + c.len_utf8());
    let to = text[end..]
        .char_indices()
        .find(|&(_, c)| is_clause_break(c))
        .map_or(text.len(), |(k, _)| end + k);
    &text[from..to]
}

/// The rest of the clause after byte `end`.
fn clause_after(text: &str, end: usize) -> &str {
    let rest = &text[end..];
    let to = rest
        .char_indices()
        .find(|&(_, c)| is_clause_break(c) || c == '、')
        .map_or(rest.len(), |(k, _)| k);
    &rest[..to]
}

/// Byte offset where the paragraph holding byte `offset` starts.
fn paragraph_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind('\n').map_or(0, |k| k + 1)
}

/// Rounds away floating-point noise (1.35 × 1e8 = 135000000.00000001).
fn round(value: f64) -> f64 {
    (value * 1e6).round() / 1e6
}

#[cfg(test)]
mod tests {
    #[test]
    fn mood_cues_are_found_as_a_search_of_the_whole_prefix_would() {
        let text = "甲乙。我们将丙丁我们\n将戊。我市将己";
        let paragraph_of = |at: usize| text[..at].rfind('\n').map_or(0, |k| k + 1);
        let offsets: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        // In order, out of order and repeated, as readings may come.
        let mut order = offsets.clone();
        order.extend(offsets.iter().rev());
        order.extend([3, 3, 21, 6]);
        let mut cues = super::MoodCues::default();
        for at in order {
            let paragraph = paragraph_of(at);
            let prefix = &text[paragraph..at];
            let expected = super::FUTURE_MOOD_CUES.iter().any(|w| prefix.contains(w));
            assert_eq!(cues.up_to(text, paragraph, at), expected, "at {at}");
        }
    }

    use super::*;

    /// (value, unit, counter, comparator) of each reading of `text`.
    fn read(text: &str) -> Vec<(f64, Unit, Option<&'static str>, Comparator)> {
        scan(text)
            .into_iter()
            .map(|r| (r.value, r.unit, r.counter, r.comparator))
            .collect()
    }

    fn one(text: &str) -> (f64, Unit, Option<&'static str>, Comparator) {
        let readings = read(text);
        assert_eq!(readings.len(), 1, "{text}: {readings:?}");
        readings[0]
    }

    use Comparator::*;
    use Unit::*;

    #[test]
    fn money_with_multipliers() {
        assert_eq!(
            one("总投资1.35亿元的幼儿园"),
            (135_000_000.0, Yuan, None, Equal)
        );
        assert_eq!(one("高2.3万元。"), (23_000.0, Yuan, None, Equal));
        assert_eq!(
            one("首日交易额在5500余万元"),
            (55_000_000.0, Yuan, None, GreaterThan)
        );
        assert_eq!(
            one("每年开支费用就达二万余元"),
            (20_000.0, Yuan, None, GreaterThan)
        );
        assert_eq!(
            one("签订合同金额超千万元重大项目"),
            (10_000_000.0, Yuan, None, GreaterThan)
        );
        assert_eq!(
            one("促成退费约13亿元"),
            (1_300_000_000.0, Yuan, None, Approximately)
        );
        assert_eq!(
            one("年度科研经费突破12亿元"),
            (1_200_000_000.0, Yuan, None, GreaterThan)
        );
    }

    #[test]
    fn percentages_and_fractions() {
        assert_eq!(one("比例达到50%"), (50.0, Percent, None, Equal));
        assert_eq!(one("县域就读率超90%"), (90.0, Percent, None, GreaterThan));
        assert_eq!(one("接纳率高达99.7％"), (99.7, Percent, None, Equal));
        assert_eq!(one("比率达97%以上"), (97.0, Percent, None, AtLeast));
        assert_eq!(one("占全省总数的四分之一"), (25.0, Percent, None, Equal));
        assert_eq!(one("百分之八十的学校"), (80.0, Percent, None, Equal));
        assert_eq!(one("全市近80%"), (80.0, Percent, None, Approximately));
        assert_eq!(one("提高2个百分点"), (2.0, Percent, None, Equal));
    }

    #[test]
    fn counts_keep_their_measure_word() {
        assert_eq!(
            one("创建成功 15 所省现代化普通高中学校"),
            (15.0, Count, Some("所"), Equal)
        );
        assert_eq!(
            one("招收新生4.6万余人"),
            (46_000.0, Count, Some("人"), GreaterThan)
        );
        assert_eq!(
            one("培训产业工人5万余人次"),
            (50_000.0, Count, Some("人次"), GreaterThan)
        );
        assert_eq!(
            one("产业工人培训班100余场次"),
            (100.0, Count, Some("场次"), GreaterThan)
        );
        assert_eq!(
            one("打卡站130余处"),
            (130.0, Count, Some("处"), GreaterThan)
        );
        assert_eq!(
            one("新招聘在编教师近600人"),
            (600.0, Count, Some("人"), Approximately)
        );
        assert_eq!(
            one("年培训企业员工近百万人次"),
            (1_000_000.0, Count, Some("人次"), Approximately)
        );
        assert_eq!(
            one("回应诉求万余件"),
            (10_000.0, Count, Some("件"), GreaterThan)
        );
        assert_eq!(
            one("论证组专家等50多人参加"),
            (50.0, Count, Some("人"), GreaterThan)
        );
        assert_eq!(
            one("对50人以下的黄龙小学"),
            (50.0, Count, Some("人"), AtMost)
        );
        assert_eq!(one("每周4次以上的频率"), (4.0, Count, Some("次"), AtLeast));
        assert_eq!(
            one("参加的学校超过200所"),
            (200.0, Count, Some("所"), GreaterThan)
        );
        assert_eq!(one("在欧、亚、非三大洲"), (3.0, Count, Some("大洲"), Equal));
    }

    #[test]
    fn chinese_numerals_with_a_measure_word() {
        assert_eq!(one("首次开设了两个专业"), (2.0, Count, Some("个"), Equal));
        assert_eq!(one("对四所行业幼儿园"), (4.0, Count, Some("所"), Equal));
        assert_eq!(one("建立两张清单"), (2.0, Count, Some("张"), Equal));
        assert_eq!(one("一百二十名教师"), (120.0, Count, Some("名"), Equal));
        assert_eq!(
            one("内容包括击剑等三十多项"),
            (30.0, Count, Some("项"), GreaterThan)
        );
        assert_eq!(
            one("在一所地方高校整体试点"),
            (1.0, Count, Some("所"), Equal)
        );
    }

    #[test]
    fn chinese_numerals_inside_words_are_not_numbers() {
        for text in [
            "建立一对一结对帮扶关系",
            "三位一体全方位检查",
            "统一标准",
            "推进一体化办学",
            "建设一流大学",
            "打造一批示范校",
            "实施六大工程",
            "构建三大体系",
            "达到三级标准",
            "一是加强领导",
            "“十四五”规划",
            "发挥“三名工程”示范引领作用",
            "国家“万人计划”",
            "一次性补助",
            "提供一条龙服务",
            "第一届全国职业技能大赛",
            "唯一一所",
            "建设教育强国是一项复杂的系统工程",
        ] {
            assert!(read(text).is_empty(), "{text}: {:?}", read(text));
        }
    }

    #[test]
    fn years_dates_and_durations_are_not_numbers() {
        for text in [
            "2023年，我市",
            "2021—2025年",
            "12月7日",
            "11月22日至12月15日",
            "连续5年",
            "近5年",
            "3年内",
            "用时56天",
            "提前4年",
            "3个月",
            "两个月",
            "1.加强领导",
            "（三）具体目标",
            "第5届",
        ] {
            assert!(read(text).is_empty(), "{text}: {:?}", read(text));
        }
    }

    #[test]
    fn numbers_in_names_are_not_numbers() {
        for text in [
            "首次开设“3+2”专业",
            "1+X证书制度",
            "“361”产业集群",
            "3+1+2模式",
            "1库1平台+N应用",
            "2.0版",
            "《绍兴教育现代化2035行动纲要》",
            "5G网络",
            "进入ESI全球前1‰",
            "前1%学科",
            "QS前50强",
            "C9高校",
        ] {
            assert!(read(text).is_empty(), "{text}: {:?}", read(text));
        }
    }

    #[test]
    fn ranks() {
        assert_eq!(one("位列全国高校第12位"), (12.0, Rank, None, Equal));
        assert_eq!(one("稳居全国高校前100位"), (100.0, Rank, None, AtMost));
        assert_eq!(one("创建率均居全省前四位"), (4.0, Rank, None, AtMost));
        assert_eq!(one("总分居全省第一。"), (1.0, Rank, None, Equal));
        assert_eq!(one("居全国第3"), (3.0, Rank, None, Equal));
        assert!(read("以第一单位发表论文").is_empty());
        assert!(read("第一书记").is_empty());
    }

    #[test]
    fn coefficients_ratios_indices_areas() {
        assert_eq!(
            one("综合差异系数控制在0.27以内"),
            (0.27, Ratio, None, AtMost)
        );
        assert_eq!(
            read("差异系数小学小于 0.35、初中小于 0.3；"),
            vec![(0.35, Ratio, None, LessThan), (0.3, Ratio, None, LessThan)]
        );
        assert_eq!(one("师生比为2.1∶1"), (2.1, Ratio, None, Equal));
        assert_eq!(
            one("优质达标指数为93.70，"),
            (93.7, Dimensionless, None, Equal)
        );
        assert_eq!(
            one("建成5000平方米新时代思政教育“红馆”"),
            (5000.0, SquareMetre, None, Equal)
        );
        assert!(read("得分提升").is_empty());
        assert!(read("其中有0.5的").is_empty());
    }

    #[test]
    fn ranges_give_two_bounds() {
        assert_eq!(
            read("形成4—6个示范性教育集团"),
            vec![
                (4.0, Count, Some("个"), AtLeast),
                (6.0, Count, Some("个"), AtMost)
            ]
        );
        assert_eq!(
            read("补助3-5万元"),
            vec![
                (30_000.0, Yuan, None, AtLeast),
                (50_000.0, Yuan, None, AtMost)
            ]
        );
    }

    #[test]
    fn full_width_digits_and_thousands_separators() {
        assert_eq!(one("建成１５所学校"), (15.0, Count, Some("所"), Equal));
        assert_eq!(one("共1,605名学生"), (1605.0, Count, Some("名"), Equal));
    }

    #[test]
    fn spans_cover_the_expression() {
        let text = "县域就读率超90%，";
        let r = &scan(text)[0];
        assert_eq!(&text[r.start..r.end], "90%");
        let text = "比率达97%以上。";
        let r = &scan(text)[0];
        assert_eq!(&text[r.start..r.end], "97%以上");
    }

    #[test]
    fn no_panic_on_any_suffix() {
        let text = "到2025年，超过4.6万余人、第一、前四位、2.1∶1、四分之一、小于 0.35、3-5万元、“3+2”、1,605名、５所、百分之、近百万人次以上";
        for (k, _) in text.char_indices() {
            for r in scan(&text[k..]) {
                assert!(text[k..].is_char_boundary(r.start) && text[k..].is_char_boundary(r.end));
            }
            let _ = years_in(&text[k..], Some(2023));
        }
    }

    #[test]
    fn no_panic_on_odd_input() {
        for text in [
            "",
            "第",
            "前",
            "一",
            "万",
            "1.",
            "分之",
            "2∶0",
            "三分之",
            "4—",
            "．５",
            "0∶0",
            "前四",
            "第一\t",
        ] {
            let _ = scan(text);
        }
    }

    #[test]
    fn years_named_in_a_sentence() {
        let years = years_in("到2025年，全市创建成功15所", Some(2021));
        assert_eq!(years.len(), 1);
        assert!(years[0].due && years[0].year == 2025);
        let years = years_in("2023年，向74名教师发放奖金", None);
        assert!(!years[0].due && years[0].year == 2023);
        let years = years_in("12月7日，市教育局对四所幼儿园进行调研", Some(2023));
        assert_eq!(years[0].year, 2023);
        assert!(years_in("2021—2025年我市将推进", None).is_empty());
        assert_eq!(
            plan_period_in("行动计划（2021—2025年）"),
            Some((2021, 2025))
        );
    }

    #[test]
    fn indicators_in_the_texts_words() {
        let lexicon = Lexicon::load();
        let indicator = |text: &str| {
            let readings = scan(text);
            indicator_of(text, &readings[0], &readings, &lexicon)
        };
        assert_eq!(
            indicator("义务教育阶段省现代化学校比例达到50%").as_deref(),
            Some("义务教育阶段省现代化学校比例")
        );
        assert_eq!(indicator("县域就读率超90%").as_deref(), Some("县域就读率"));
        assert_eq!(
            indicator("到2025年，全市创建成功15所省现代化普通高中学校").as_deref(),
            Some("省现代化普通高中学校")
        );
    }

    /// Runs the extractor on a normalized text with the plain sentence splitter.
    fn quantities(text: &str, year: Option<i32>) -> Vec<Quantity> {
        let mut doc = Document::from_normalized("t.txt", text);
        crate::segment::segment(&mut doc);
        doc.meta.year = year;
        extract(&doc, &Lexicon::load(), &Context::default())
    }

    #[test]
    fn kind_and_year_from_the_sentence() {
        let q = quantities(
            "到2025年，全市创建成功15所省现代化普通高中学校。",
            Some(2021),
        );
        assert_eq!(q.len(), 1);
        assert_eq!((q[0].kind, q[0].year), (QuantityKind::Target, Some(2025)));
        let q = quantities("2023年，向74名教师每人发放奖金3万元。", Some(2023));
        assert_eq!(q.len(), 2);
        assert!(q
            .iter()
            .all(|q| q.kind == QuantityKind::Figure && q.year == Some(2023)));
        let q = quantities(
            "截至目前，该县教共体覆盖率达100%，力争明年实现全覆盖。",
            Some(2023),
        );
        assert_eq!(q[0].kind, QuantityKind::Figure);
        let q = quantities("12月7日，市教育局对四所行业幼儿园进行调研。", Some(2023));
        assert_eq!((q[0].value, q[0].year), (4.0, Some(2023)));
        // What a rule requires is a commitment, not a report.
        let q = quantities("每个乡镇应当至少举办一所公办中心幼儿园。", Some(2021));
        assert_eq!((q[0].value, q[0].kind), (1.0, QuantityKind::Target));
        let q = quantities("经常性督导每学期不得少于2次。", Some(2015));
        assert_eq!(q[0].kind, QuantityKind::Target);
    }

    #[test]
    fn a_year_carries_through_its_paragraph() {
        let q = quantities(
            "2023年，我市新建学校7所。新增学位8000个。\n另有教师12名。",
            Some(2023),
        );
        let years: Vec<_> = q.iter().map(|q| q.year).collect();
        assert_eq!(years, vec![Some(2023), Some(2023), None]);
    }

    #[test]
    fn a_plan_gives_its_targets_the_end_year() {
        let text = "某市教育行动计划（2021—2025年）\n双师型教师比例达到93%。\n从县域、镇域和学校三个层面推进。";
        let q = quantities(text, Some(2021));
        assert_eq!(q.len(), 2);
        assert_eq!((q[0].kind, q[0].year), (QuantityKind::Target, Some(2025)));
        assert_eq!(q[1].kind, QuantityKind::Figure);
    }

    #[test]
    fn distributed_over_listed_subjects() {
        let q = quantities("教育现代化县、现代化学校创建率均居全省前四位。", None);
        assert_eq!(q.len(), 2);
        assert!(q
            .iter()
            .all(|q| q.unit == Rank && q.comparator == AtMost && q.value == 4.0));
        assert_eq!(
            quantities("促进教育均衡、探索教育未来三项使命。", None).len(),
            1
        );
    }

    #[test]
    fn table_cells_take_row_year_and_column_place() {
        let text = "附件\n项目\t时间\t越城区\t柯桥区\t全市创建\n市现代化学校\t2021\t\t达到 100%\t\n\t2025\t创建率高于全省平均 10%\t\t创建率列全省前四位\n";
        let q = quantities(text, Some(2021));
        let cells: Vec<_> = q
            .iter()
            .map(|q| (q.value, q.unit, q.year, q.scope.clone()))
            .collect();
        assert_eq!(
            cells,
            vec![
                (100.0, Percent, Some(2021), Some("柯桥区".to_string())),
                (10.0, Percent, Some(2025), Some("越城区".to_string())),
                (4.0, Rank, Some(2025), None),
            ]
        );
        assert_eq!(q[0].indicator.as_deref(), Some("市现代化学校"));
        assert_eq!(q[1].comparator, Equal);
        for q in &q {
            assert!(q.evidence.span.end <= text.len());
        }
    }

    #[test]
    fn evidence_points_at_the_number() {
        let text = "义务教育阶段省现代化学校比例达到50%。";
        let q = quantities(text, None);
        assert_eq!(&text[q[0].evidence.span.range()], "50%");
        assert_eq!(
            q[0].indicator.as_deref(),
            Some("义务教育阶段省现代化学校比例")
        );
    }

    /// Compares with the gold numbers of tests/gold; run with
    /// `cargo test --no-default-features --lib extract::quantity -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn against_gold() {
        let lexicon = Lexicon::load();
        let (mut gold_total, mut predicted_total, mut matched_total) = (0, 0, 0);
        let (mut kind_ok, mut comparator_ok) = (0, 0);
        let names = crate::test_support::sample_files();
        for path in names {
            let name = path.file_name().unwrap().to_str().unwrap().to_string();
            let doc =
                crate::pipeline::analyze(&name, &std::fs::read_to_string(&path).unwrap(), &lexicon);
            let gold_path = format!("tests/gold/{}.json", name.trim_end_matches(".txt"));
            let gold: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(gold_path).unwrap()).unwrap();
            let gold = gold["numbers"].as_array().unwrap();
            let predicted = &doc.facts.quantities;
            let unit_name = |u: Unit| match u {
                Percent => "percent",
                Yuan => "yuan",
                Count => "count",
                Rank => "rank",
                Ratio => "ratio",
                SquareMetre => "area_m2",
                Dimensionless => "none",
            };
            let comparator_name = |c: Comparator| match c {
                Equal => "eq",
                AtLeast => "gte",
                GreaterThan => "gt",
                AtMost => "lte",
                LessThan => "lt",
                Approximately => "approx",
            };
            let mut used = vec![false; predicted.len()];
            println!(
                "==== {name}: gold {} predicted {}",
                gold.len(),
                predicted.len()
            );
            for g in gold {
                let value = g["value"].as_f64().unwrap();
                let unit = g["unit"].as_str().unwrap();
                let year = g["year"].as_i64();
                let quote: String = g["quote"]
                    .as_str()
                    .unwrap()
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect();
                let fits = |k: usize, p: &Quantity| {
                    !used[k]
                        && unit_name(p.unit) == unit
                        && (p.value - value).abs() <= 0.001 * value.abs().max(1e-9)
                        && (year.is_none() || p.year.is_none() || p.year.map(i64::from) == year)
                };
                let near = |p: &Quantity| {
                    let sentence: String = doc
                        .slice(doc.sentences[p.evidence.sentence].span)
                        .chars()
                        .filter(|c| !c.is_whitespace())
                        .collect();
                    let head: String = quote.chars().take(6).collect();
                    let evidence: String = doc
                        .slice(p.evidence.span)
                        .chars()
                        .filter(|c| !c.is_whitespace())
                        .collect();
                    (sentence.contains(&head) || quote.contains(&sentence))
                        && quote.contains(&evidence)
                };
                let found = predicted
                    .iter()
                    .enumerate()
                    .position(|(k, p)| fits(k, p) && near(p))
                    .or_else(|| predicted.iter().enumerate().position(|(k, p)| fits(k, p)));
                match found {
                    Some(k) => {
                        used[k] = true;
                        matched_total += 1;
                        let p = &predicted[k];
                        let kind = if p.kind == QuantityKind::Target {
                            "target"
                        } else {
                            "figure"
                        };
                        if kind == g["kind"] {
                            kind_ok += 1;
                        } else {
                            println!("  KIND {} {} {} | {}", kind, value, unit, g["quote"]);
                        }
                        if comparator_name(p.comparator) == g["comparator"] {
                            comparator_ok += 1;
                        } else {
                            println!(
                                "  CMP {} vs {} {} {} | {}",
                                comparator_name(p.comparator),
                                g["comparator"],
                                value,
                                unit,
                                g["quote"]
                            );
                        }
                        println!(
                            "  ok {} {} {:?} | ind {:?} vs {} | scope {:?}",
                            value, unit, p.year, p.indicator, g["indicator"], p.scope
                        );
                    }
                    None => println!("  MISS {} {} {:?} | {}", value, unit, year, g["quote"]),
                }
            }
            for (k, p) in predicted.iter().enumerate() {
                if !used[k] {
                    println!(
                        "  SPURIOUS {} {} {:?} {:?} | {}",
                        p.value,
                        unit_name(p.unit),
                        p.year,
                        p.counter,
                        doc.slice(doc.sentences[p.evidence.sentence].span)
                    );
                }
            }
            gold_total += gold.len();
            predicted_total += predicted.len();
        }
        let precision = matched_total as f64 / predicted_total.max(1) as f64;
        let recall = matched_total as f64 / gold_total.max(1) as f64;
        println!(
            "gold {gold_total} predicted {predicted_total} matched {matched_total} P {precision:.3} R {recall:.3} F1 {:.3} kind {:.3} comparator {:.3}",
            2.0 * precision * recall / (precision + recall).max(1e-9),
            kind_ok as f64 / matched_total.max(1) as f64,
            comparator_ok as f64 / matched_total.max(1) as f64
        );
    }
}
