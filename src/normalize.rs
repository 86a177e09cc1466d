//! Repairs text cut out of PDFs, keeping a map back to the original.
//!
//! What PDF extraction does to Chinese text, and what this stage undoes:
//! - lines wrapped in the middle of words (`留住海岛人⏎⏎口的`) are joined, unless
//!   the line ends a sentence, looks like a heading or byline, or the next one
//!   starts a numbered item;
//! - letter-spaced lines (`北 京 市 将 继 续`) lose their spaces, but a space
//!   between two words of two or more characters (`局长 邱存安`, `短板 依托`)
//!   is kept, since it separates a title from a name or two halves of a headline;
//! - spaces between Chinese text and numbers (`建成 5000 平方米`) are dropped;
//! - full-width digits, letters and `％＋．` become ASCII, ideographic spaces become
//!   spaces, control characters other than tab are dropped, `\r\n` becomes `\n`.
//!
//! Tabs are kept: they carry the columns of tables in annexes.

/// Normalized text and, for each of its bytes (plus one past the end), the byte
/// offset in the original text it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Normalized {
    pub text: String,
    pub origin: Vec<u32>,
}

/// A character of the output and where it came from.
#[derive(Debug, Clone, Copy)]
struct Char {
    c: char,
    at: u32,
}

/// One line of the original, its characters already mapped.
struct Line {
    chars: Vec<Char>,
    /// Offset of the `\n` that ended it (or of the end of the text).
    end: u32,
    /// Blank lines that follow it before the next non-blank line.
    blank_after: usize,
}

pub fn normalize(original: &str) -> Normalized {
    let lines = split_lines(original);
    let prose_widths: Vec<(usize, usize)> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.chars.iter().any(|c| matches!(c.c, '，' | '。')))
        .map(|(i, l)| (i, l.chars.len()))
        .collect();
    let mut text = String::with_capacity(original.len());
    let mut origin = Vec::with_capacity(original.len() + 1);
    // Each byte of the text keeps the offset of the original character.
    let mut push = |c: char, at: u32, text: &mut String| {
        let mut utf8 = [0; 4];
        let encoded = c.encode_utf8(&mut utf8);
        text.push_str(encoded);
        origin.extend_from_slice(&[at; 4][..encoded.len()]);
    };
    // Parentheses still open in the paragraph being joined.
    let mut open_brackets = 0usize;
    for (i, line) in lines.iter().enumerate() {
        for ch in &line.chars {
            push(ch.c, ch.at, &mut text);
        }
        open_brackets = bracket_depth_after(&line.chars, open_brackets);
        let Some(next) = lines.get(i + 1) else { break };
        if should_join(
            line,
            next,
            typical_width(&prose_widths, i),
            open_brackets > 0,
        ) {
            let (a, b) = (line.chars.last().unwrap().c, next.chars[0].c);
            if a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric() {
                push(' ', line.end, &mut text);
            }
        } else {
            open_brackets = 0;
            push('\n', line.end, &mut text);
            if line.blank_after > 0 {
                push('\n', line.end, &mut text);
            }
        }
    }
    origin.push(original.len() as u32);
    Normalized { text, origin }
}

/// Splits into non-blank lines, mapping characters and removing spaces.
fn split_lines(original: &str) -> Vec<Line> {
    let mut lines: Vec<Line> = Vec::new();
    let mut current: Vec<Char> = Vec::new();
    let finish = |chars: &mut Vec<Char>, end: u32, lines: &mut Vec<Line>| {
        let chars = remove_spaces(std::mem::take(chars));
        if chars.iter().all(|c| c.c == ' ' || c.c == '\t') {
            if let Some(last) = lines.last_mut() {
                last.blank_after += 1;
            }
        } else {
            lines.push(Line {
                chars,
                end,
                blank_after: 0,
            });
        }
    };
    for (at, c) in original.char_indices() {
        let at = at as u32;
        match c {
            '\n' => finish(&mut current, at, &mut lines),
            _ => {
                if let Some(c) = map_char(c) {
                    current.push(Char { c, at });
                }
            }
        }
    }
    finish(&mut current, original.len() as u32, &mut lines);
    lines
}

/// Maps one character: full-width forms to ASCII, odd spaces to a space,
/// control characters (but tab) to nothing.
fn map_char(c: char) -> Option<char> {
    Some(match c {
        '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' | '％' | '＋' | '．' => {
            char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
        }
        '\u{3000}' | '\u{00A0}' | '\u{2002}'..='\u{200A}' => ' ',
        '\u{200B}' | '\u{FEFF}' => return None,
        '\t' => '\t',
        c if c.is_control() => return None,
        c => c,
    })
}

pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FA1F}' | '〇')
}

/// Chinese punctuation, which PDF letter-spacing also pads with spaces.
fn is_cjk_punct(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}' | '“' | '”' | '‘' | '’' | '—' | '…' | '·')
}

/// Drops spaces that PDF extraction put inside Chinese text, and trims the line.
fn remove_spaces(chars: Vec<Char>) -> Vec<Char> {
    // Most lines hold no space: nothing to drop or trim.
    if !chars.iter().any(|c| c.c == ' ') {
        return chars;
    }
    // Tokens: maximal runs of non-space characters.
    let is_space = |c: char| c == ' ';
    let mut out: Vec<Char> = Vec::with_capacity(chars.len());
    let n = chars.len();
    let mut i = 0;
    while i < n {
        if !is_space(chars[i].c) {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let run_end = (i..n).find(|&j| !is_space(chars[j].c)).unwrap_or(n);
        if i > 0 && run_end < n && keep_space(&chars, i, run_end) {
            out.push(chars[i]);
        }
        i = run_end;
    }
    out
}

/// Whether the spaces at `chars[start..end]` separate two words that must stay apart.
fn keep_space(chars: &[Char], start: usize, end: usize) -> bool {
    let (a, b) = (chars[start - 1].c, chars[end].c);
    let chinese = |c: char| is_cjk(c) || is_cjk_punct(c);
    if !(chinese(a) || chinese(b)) {
        return true; // Latin text and numbers keep their spaces
    }
    if !(chinese(a) && chinese(b)) {
        return false; // 建成 5000 平方米
    }
    if is_cjk_punct(a) || is_cjk_punct(b) {
        return false;
    }
    // Tokens (runs without spaces) on each side: the nearest and the next one.
    let before: Vec<usize> = chars[..start]
        .split(|c| c.c == ' ')
        .rev()
        .filter(|t| !t.is_empty())
        .take(2)
        .map(<[Char]>::len)
        .collect();
    let after: Vec<usize> = chars[end..]
        .split(|c| c.c == ' ')
        .filter(|t| !t.is_empty())
        .take(2)
        .map(<[Char]>::len)
        .collect();
    let single = |lens: &[usize], i: usize| lens.get(i) == Some(&1);
    // Letter-spacing leaves runs of single characters (`北 京 市`, `高 翔`); a
    // lone character beside a word is a word of its own (`冯丽 甘`⏎`甜`).
    let letter_spaced = (single(&before, 0) && single(&after, 0))
        || (single(&before, 0) && single(&before, 1))
        || (single(&after, 0) && single(&after, 1));
    !letter_spaced
}

/// The usual width of a wrapped line near line `i`: the median width of the
/// prose lines (those with a comma or full stop) around it. Columns differ in
/// width across a newspaper page, and headlines and author lines, which
/// cluster, would make short lines look full. The window is small (six prose
/// lines each side) so that a narrow column is measured by its own lines,
/// not by the wide column printed before it.
fn typical_width(prose_widths: &[(usize, usize)], i: usize) -> usize {
    const WINDOW: usize = 6;
    let at = prose_widths.partition_point(|&(line, _)| line < i);
    let from = at.saturating_sub(WINDOW);
    let to = (at + WINDOW).min(prose_widths.len());
    let mut near: Vec<usize> = prose_widths[from..to].iter().map(|&(_, w)| w).collect();
    if near.is_empty() {
        return 0;
    }
    near.sort_unstable();
    near[near.len() / 2]
}

/// Whether the break between `line` and `next` is a wrap inside a paragraph.
fn should_join(line: &Line, next: &Line, typical: usize, in_brackets: bool) -> bool {
    let last = line.chars.last().map_or(' ', |c| c.c);
    let first = next.chars[0].c;
    // A table row (tab-separated cells) starts a line of its own: the line
    // before it is a title or a paragraph, never the start of its first cell.
    if matches!(last, '。' | '！' | '？' | '；' | '：' | ':' | '\t')
        || next.chars.iter().any(|c| c.c == '\t')
    {
        return false;
    }
    if starts_item(&next.chars) || starts_byline(&line.chars) {
        return false;
    }
    // A bracket left open (`（本报记者 高毅哲 冯丽 甘⏎甜 孙军）`) closes on a
    // later line: the break is inside it.
    if in_brackets {
        return true;
    }
    // A line that stops early ends its paragraph (a heading, a byline, the last
    // line of a paragraph), unless it stops in the middle of a clause.
    let mid_clause = matches!(last, '，' | '、' | '“' | '《' | '（' | '(' | '—' | '+')
        || matches!(
            first,
            '，' | '、' | '。' | '”' | '》' | '）' | ')' | '；' | '：' | '％' | '%'
        );
    let full = line.chars.len() * 100 >= typical * 75;
    let wide_paragraph = typical >= 60; // lines that are whole paragraphs never wrap
    if mid_clause || starts_with_word_tail(&next.chars) {
        return true;
    }
    let has_clause_punct = |l: &Line| {
        l.chars
            .iter()
            .any(|c| matches!(c.c, '，' | '。' | '、' | '；' | '：' | '！' | '？'))
    };
    // Headlines and bylines keep the spaces between their words
    // (`对标共同富裕 办好浙江教育`, `中共天津市委教育工委 天津市教育委员会`);
    // prose never has them.
    if !has_clause_punct(line) && (has_word_space(line) || has_word_space(next)) {
        return false;
    }
    // A headline followed by its byline (`标题⏎北京市教育委员会`): neither has
    // clause punctuation, and the byline is short and ends no sentence.
    let next_short = next.chars.len() * 100 < typical * 75;
    let next_ends_sentence = matches!(
        next.chars.last().map(|c| c.c),
        Some('。' | '！' | '？' | '”')
    );
    if !has_clause_punct(line) && next_short && !next_ends_sentence {
        return false;
    }
    full && !wide_paragraph && !starts_byline(&next.chars)
}

/// How many parentheses are open after `chars`, given `depth` open before.
fn bracket_depth_after(chars: &[Char], mut depth: usize) -> usize {
    for c in chars {
        match c.c {
            '（' | '(' => depth += 1,
            '）' | ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    depth
}

/// A space kept between two Chinese words.
fn has_word_space(line: &Line) -> bool {
    line.chars
        .windows(3)
        .any(|w| w[1].c == ' ' && is_cjk(w[0].c) && is_cjk(w[2].c))
}

/// `势，依托行业…`: the line starts with the last character of a word broken
/// at the end of the line before.
fn starts_with_word_tail(chars: &[Char]) -> bool {
    matches!(chars, [first, second, ..] if is_cjk(first.c)
        && matches!(second.c, '，' | '、' | '。' | '；' | '：' | '”' | '）'))
}

/// Bylines and section marks: `□嵊泗县教育局`, `※市督导办工作动态`.
fn starts_byline(chars: &[Char]) -> bool {
    matches!(
        chars.first().map(|c| c.c),
        Some('□' | '■' | '※' | '★' | '◆' | '●')
    )
}

/// Whether a line starts a numbered item: 一、 （一） 1. 一是 【…】 第一条.
fn starts_item(chars: &[Char]) -> bool {
    let s: String = chars.iter().take(8).map(|c| c.c).collect();
    starts_with_item_marker(&s) || starts_byline(chars)
}

/// The list markers of Chinese official writing.
pub(crate) fn starts_with_item_marker(s: &str) -> bool {
    const NUMERALS: &str = "一二三四五六七八九十";
    let mut it = s.chars();
    let Some(c0) = it.next() else { return false };
    let c1 = it.next();
    let c2 = it.next();
    match c0 {
        '（' | '(' => c1.is_some_and(|c| NUMERALS.contains(c) || c.is_ascii_digit()),
        '【' | '〔' => true,
        '第' => c1.is_some_and(|c| NUMERALS.contains(c)),
        c if NUMERALS.contains(c) => {
            matches!(c1, Some('、' | '是' | '要' | '．'))
                || (c1.is_some_and(|c| NUMERALS.contains(c)) && matches!(c2, Some('、' | '是')))
        }
        c if c.is_ascii_digit() => {
            let digits: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
            let after = s[digits.len()..].chars().next();
            digits.len() <= 2
                && matches!(after, Some('.' | '、' | '．' | '）' | ')'))
                && !s[digits.len() + after.map_or(0, char::len_utf8)..]
                    .starts_with(|c: char| c.is_ascii_digit())
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> String {
        normalize(s).text
    }

    #[test]
    fn a_narrow_column_beside_wide_ones_is_joined_by_its_own_width() {
        // A newspaper page: a 23-character column beside 50-character ones.
        let page = include_str!("../tests/corpus/000_2657467a4493b439.txt");
        let text = norm(page);
        assert!(
            text.contains("牵头成立国家数字建筑行业产教融合共同体和全省建设行业产教融合共同体"),
            "{text}"
        );
        assert!(text.contains("推动建立市域产教联合体"));
    }

    #[test]
    fn joins_words_wrapped_across_lines() {
        let text = "嵊泗县把教育作为推动海岛各项事业发展的“先手棋”和留住海岛人\n\n口的“稳定器”，借力共同富裕，聚焦问题短板，依托教育帮扶，努力办好海\n\n岛群众家门口的优质教育。";
        assert_eq!(
            norm(text),
            "嵊泗县把教育作为推动海岛各项事业发展的“先手棋”和留住海岛人口的“稳定器”，借力共同富裕，聚焦问题短板，依托教育帮扶，努力办好海岛群众家门口的优质教育。"
        );
    }

    #[test]
    fn a_table_row_is_never_joined_to_the_line_before() {
        // The title is as wide as the prose around it, and ends no sentence.
        let text = "各区、县（市）政府和教育行政部门要建立创建工作领导机制，统筹\n\n\
                    协调各项创建工作，做到有计划、有人员、有措施、有成效、有结果。\n\n\
                    附件：绍兴市推进教育现代化五大创建行动计划进度安排项目表一\n\n\
                    项目\t时间\t越城区\n\
                    全国义务教育优质均衡发展县\t2021\t通过评估验收\n";
        let lines: Vec<String> = norm(text).lines().map(str::to_string).collect();
        assert!(
            lines.contains(&"项目\t时间\t越城区".to_string()),
            "{lines:#?}"
        );
        assert!(
            lines[0]
                .ends_with("统筹协调各项创建工作，做到有计划、有人员、有措施、有成效、有结果。"),
            "prose still joins: {lines:#?}"
        );
    }

    #[test]
    fn keeps_breaks_after_sentences_headings_and_before_items() {
        let text = "一、主动承接教育帮扶，以优质的教育资源留住家长\n一是帮扶需求精准落地。省教育厅为我县量身定制。\n二是帮扶政策有效制定。";
        assert_eq!(norm(text).lines().count(), 3);
    }

    #[test]
    fn removes_letter_spacing_but_keeps_word_spaces() {
        assert_eq!(norm("北 京 市 将 继 续 坚 定"), "北京市将继续坚定");
        assert_eq!(
            norm("市教育局党委书记、局长 邱存安"),
            "市教育局党委书记、局长 邱存安"
        );
        assert_eq!(norm("建成 5000 平方米新时代"), "建成5000平方米新时代");
        assert_eq!(norm("改 革 精 品 课 ， 将 理 想"), "改革精品课，将理想");
        assert_eq!(norm("高 翔"), "高翔");
    }

    #[test]
    fn unifies_full_width_forms() {
        assert_eq!(norm("达到９９．７％"), "达到99.7%");
        assert_eq!(norm("a\u{3000}b\u{0007}c"), "a bc");
    }

    #[test]
    fn offsets_point_back_to_the_original() {
        let original = "北 京 市达到９％";
        let n = normalize(original);
        assert_eq!(n.text, "北京市达到9%");
        assert_eq!(n.origin.len(), n.text.len() + 1);
        let nine = n.text.find('9').unwrap();
        let at = n.origin[nine] as usize;
        assert!(original[at..].starts_with('９'));
        let city = n.text.find('市').unwrap();
        assert!(original[n.origin[city] as usize..].starts_with('市'));
    }

    #[test]
    fn short_headline_and_byline_lines_stay_apart() {
        let text = "办好人民满意的首都教育。\n\n以首善标准推进“双减”行动\n北京市教育委员会\n\n天津市认真学习贯彻习近平总书\n记关于职业教育工作重要指示和全国\n职业教育大会精神，把职业教育作为\n产业转型升级的新引擎和增进民生福\n祉的着力点。";
        let out = norm(text);
        assert!(out.contains("\n北京市教育委员会\n"), "{out}");
        assert!(out.contains("天津市认真学习贯彻习近平总书记关于"), "{out}");
    }

    #[test]
    fn joins_lines_inside_an_open_parenthesis() {
        let text = "（本报记者 高毅哲 冯丽 甘\n甜 孙军 张利\n军 阳锡叶）\n下一段";
        assert_eq!(
            norm(text),
            "（本报记者 高毅哲 冯丽 甘甜 孙军 张利军 阳锡叶）\n下一段"
        );
    }

    #[test]
    fn item_markers() {
        for s in [
            "一、总体要求",
            "（三）规划引领",
            "1.市教育局赴",
            "二是帮扶",
            "【案例背景】",
            "十二、",
        ] {
            assert!(starts_with_item_marker(s), "{s}");
        }
        for s in ["一流学科", "2023年", "12月7日", "1.35亿元", "三大体系"] {
            assert!(!starts_with_item_marker(s), "{s}");
        }
    }
}
