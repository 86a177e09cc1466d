//! Institutions named in the text.
//!
//! Chinese official text builds an institution name as place prefix + body +
//! type suffix (`嵊泗县` + `教育局`, `浙江` + `工业` + `大学`), nests names
//! (`平湖市人民政府教育督导委员会办公室`) and shortens them in context (`市教育局`
//! in a bulletin of 嘉兴 is 嘉兴市教育局, `省委` is 中共X省委). The scanner finds
//! every type suffix at a word end and walks left over the jieba words that can
//! belong to a name, stopping at function words, verbs and punctuation; the
//! result is checked for a proper element (a place, a proper noun, a quoted
//! name) so that class nouns (`优质学校`, `产业学院`) are not taken for names.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use super::context::Home;
use super::lexicon::{word_at, word_before, words_within, Word};
use super::{CharIndex, Context, Evidence, Forms, Lexicon, OrgKind, OrgMention};
use crate::document::{Document, Span};
use crate::titles::TITLES;

/// Type suffixes of institution names, each with the kind it usually marks.
/// Checked longest first against the end of a candidate name.
const SUFFIXES: &[(&str, OrgKind)] = &[
    ("教育督导委员会办公室", OrgKind::EducationAuthority),
    ("教育督导室", OrgKind::EducationAuthority),
    ("教育体育局", OrgKind::EducationAuthority),
    ("教育委员会", OrgKind::EducationAuthority),
    ("教育局", OrgKind::EducationAuthority),
    ("教育厅", OrgKind::EducationAuthority),
    ("教体局", OrgKind::EducationAuthority),
    ("教委", OrgKind::EducationAuthority),
    ("督导办", OrgKind::EducationAuthority),
    ("教育工作委员会", OrgKind::PartyBody),
    ("教育卫生工作委员会", OrgKind::PartyBody),
    ("工作委员会", OrgKind::PartyBody),
    ("教育工委", OrgKind::PartyBody),
    ("工委", OrgKind::PartyBody),
    ("党委", OrgKind::PartyBody),
    ("党组", OrgKind::PartyBody),
    ("团市委", OrgKind::PartyBody),
    ("团省委", OrgKind::PartyBody),
    ("团县委", OrgKind::PartyBody),
    ("团区委", OrgKind::PartyBody),
    ("团委", OrgKind::PartyBody),
    ("人民政府", OrgKind::Government),
    ("政府", OrgKind::Government),
    ("办公厅", OrgKind::Government),
    ("办公室", OrgKind::Government),
    ("领导小组", OrgKind::Government),
    ("委员会", OrgKind::Government),
    ("省委", OrgKind::Government),
    ("市委", OrgKind::Government),
    ("县委", OrgKind::Government),
    ("区委", OrgKind::Government),
    ("人大常委会", OrgKind::Government),
    ("政协", OrgKind::Government),
    ("外办", OrgKind::Government),
    ("编办", OrgKind::Government),
    ("人力社保局", OrgKind::Government),
    ("人力资源和社会保障局", OrgKind::Government),
    ("人力资源和社会保障厅", OrgKind::Government),
    ("财政局", OrgKind::Government),
    ("财政厅", OrgKind::Government),
    ("公安局", OrgKind::Government),
    ("公安厅", OrgKind::Government),
    ("民政局", OrgKind::Government),
    ("民政厅", OrgKind::Government),
    ("卫生健康局", OrgKind::Government),
    ("卫健局", OrgKind::Government),
    ("卫生健康委员会", OrgKind::Government),
    ("文化和旅游局", OrgKind::Government),
    ("文广旅体局", OrgKind::Government),
    ("体育局", OrgKind::Government),
    ("科技局", OrgKind::Government),
    ("科学技术局", OrgKind::Government),
    ("科技厅", OrgKind::Government),
    ("审计局", OrgKind::Government),
    ("统计局", OrgKind::Government),
    ("住建局", OrgKind::Government),
    ("住房和城乡建设局", OrgKind::Government),
    ("自然资源和规划局", OrgKind::Government),
    ("自然资源局", OrgKind::Government),
    ("市场监督管理局", OrgKind::Government),
    ("市场监管局", OrgKind::Government),
    ("发展和改革局", OrgKind::Government),
    ("发展和改革委员会", OrgKind::Government),
    ("发改委", OrgKind::Government),
    ("发改局", OrgKind::Government),
    ("经济和信息化局", OrgKind::Government),
    ("经信局", OrgKind::Government),
    ("交通运输局", OrgKind::Government),
    ("农业农村局", OrgKind::Government),
    ("生态环境局", OrgKind::Government),
    ("应急管理局", OrgKind::Government),
    ("机关事务管理局", OrgKind::Government),
    ("人社局", OrgKind::Government),
    ("司法局", OrgKind::Government),
    ("税务局", OrgKind::Government),
    ("职业技术学院", OrgKind::University),
    ("高等专科学校", OrgKind::University),
    ("大学", OrgKind::University),
    ("学院", OrgKind::University),
    ("幼儿园", OrgKind::School),
    ("小学", OrgKind::School),
    ("中学", OrgKind::School),
    ("学校", OrgKind::School),
    ("有限公司", OrgKind::Company),
    ("公司", OrgKind::Company),
    ("集团", OrgKind::Company),
    ("研究院", OrgKind::Other),
    ("研究所", OrgKind::Other),
    ("研究中心", OrgKind::Other),
    ("中心", OrgKind::Other),
    ("联盟", OrgKind::Other),
    ("共同体", OrgKind::Other),
    ("协会", OrgKind::Other),
    ("学会", OrgKind::Other),
    ("基金会", OrgKind::Other),
    ("基地", OrgKind::Other),
    ("科技园", OrgKind::Other),
    ("产业园", OrgKind::Other),
    ("妇联", OrgKind::Other),
    ("妇女联合会", OrgKind::Other),
    ("督学组", OrgKind::Other),
    ("监管科", OrgKind::EducationAuthority),
    ("督导科", OrgKind::EducationAuthority),
];

/// Suffixes whose names are often made of common nouns only (`新医科教育联盟`,
/// `产教融合发展联盟`): a body of common nouns is enough for them.
const GENERIC_BODY_SUFFIXES: &[&str] = &[
    "联盟",
    "共同体",
    "研究院",
    "领导小组",
    "协会",
    "学会",
    "基金会",
];

/// Bodies that a bare level character may stand before as a short form
/// (`市教育局`, `省政府`, `市妇联`): bodies of government, party and their units.
fn short_form_allowed(kind: OrgKind, suffix: &str) -> bool {
    matches!(
        kind,
        OrgKind::EducationAuthority | OrgKind::Government | OrgKind::PartyBody
    ) || matches!(suffix, "妇联" | "妇女联合会" | "集团" | "中心")
}

/// Central bodies, written as they are (longest first where one contains another).
const CENTRAL_BODIES: &[(&str, OrgKind)] = &[
    ("中共中央办公厅", OrgKind::PartyBody),
    ("中共中央组织部", OrgKind::PartyBody),
    ("中共中央宣传部", OrgKind::PartyBody),
    ("中共中央", OrgKind::PartyBody),
    ("国务院办公厅", OrgKind::Government),
    ("国务院教育督导委员会办公室", OrgKind::EducationAuthority),
    ("国务院教育督导委员会", OrgKind::EducationAuthority),
    ("国务院", OrgKind::Government),
    ("中央军事委员会", OrgKind::Government),
    ("中央机构编制委员会办公室", OrgKind::Government),
    ("全国人大常委会", OrgKind::Government),
    ("全国人民代表大会", OrgKind::Government),
    ("教育部", OrgKind::Government),
    ("财政部", OrgKind::Government),
    ("商务部", OrgKind::Government),
    ("科技部", OrgKind::Government),
    ("科学技术部", OrgKind::Government),
    ("民政部", OrgKind::Government),
    ("外交部", OrgKind::Government),
    ("司法部", OrgKind::Government),
    ("公安部", OrgKind::Government),
    ("农业农村部", OrgKind::Government),
    ("自然资源部", OrgKind::Government),
    ("住房和城乡建设部", OrgKind::Government),
    ("人力资源社会保障部", OrgKind::Government),
    ("人力资源和社会保障部", OrgKind::Government),
    ("工业和信息化部", OrgKind::Government),
    ("国家卫生健康委员会", OrgKind::Government),
    ("国家卫生健康委", OrgKind::Government),
    ("国家发展改革委", OrgKind::Government),
    ("国家发展和改革委员会", OrgKind::Government),
    ("国家体育总局", OrgKind::Government),
    ("国家语委", OrgKind::Government),
    ("共青团中央", OrgKind::PartyBody),
    ("全国妇联", OrgKind::Other),
    ("中国科学院", OrgKind::Other),
    ("中国社会科学院", OrgKind::Other),
    ("中国工程院", OrgKind::Other),
    ("人民日报", OrgKind::Other),
    ("光明日报", OrgKind::Other),
    ("中国教育报", OrgKind::Other),
    ("新华社", OrgKind::Other),
    ("中央电视台", OrgKind::Other),
];

/// Standard short names of central bodies and media: written form → full name.
const CENTRAL_ALIASES: &[(&str, &str)] = &[
    ("党中央", "中共中央"),
    ("央视", "中央电视台"),
    ("中央军委", "中央军事委员会"),
    ("中央编办", "中央机构编制委员会办公室"),
];

/// Standard abbreviations of bureau bodies (administrative conventions):
/// abbreviation → full body, applied after the place prefix.
const BODY_ABBREVIATIONS: &[(&str, &str)] = &[
    ("人力社保局", "人力资源和社会保障局"),
    ("人社局", "人力资源和社会保障局"),
    ("发改委", "发展和改革委员会"),
    ("教体局", "教育体育局"),
    ("教委", "教育委员会"),
    ("妇联", "妇女联合会"),
    ("督导办", "人民政府教育督导委员会办公室"),
    ("外办", "人民政府外事办公室"),
    ("政府", "人民政府"),
];

/// Words that end a name when walking left: they introduce, join or count it.
const STOP_WORDS: &[&str] = &[
    "与", "和", "及", "以及", "或", "并", "同", "联合", "依托", "成立", "组建", "设立", "共建",
    "新建", "牵头", "赴", "由", "在", "对", "向", "将", "为", "是", "等", "各", "全体", "本", "该",
    "我", "助", "助力", "入驻", "援建", "支援", "帮扶", "参加", "作为", "经", "被", "获", "入选",
    "印发", "邀请", "至", "到", "从", "原", "所属", "直属", "有关", "相关", "用于", "实施", "发起",
    "携手", "通过", "接受", "组织", "召开", "举办", "承办", "指导", "领办", "下", "所在", "学校",
    "企业", "高校", "院校", "单位", "平台", "以", "设置", "开办", "创办", "兴办",
];

/// [`GENERIC_MARKERS`], found together.
static GENERIC: LazyLock<Forms> = LazyLock::new(|| Forms::new(GENERIC_MARKERS.iter().copied()));

/// Words that, left of a suffix, mark a class of institutions, not one name.
const GENERIC_MARKERS: &[&str] = &[
    "优质",
    "部分",
    "各",
    "有关",
    "相关",
    "所属",
    "市属",
    "省属",
    "县属",
    "区属",
    "直属",
    "示范性",
    "首批",
    "一批",
    "首个",
    "知名",
    "龙头",
    "薄弱",
    "受援",
    "支援",
    "该",
    "这些",
    "标准化",
    "高水平",
    "一流",
    "国家级",
    "省级",
    "市级",
    "县级",
    "地方",
    "农村",
    "乡村",
    "民办",
    "公办",
    "新建",
    "其他",
    "全部",
    "所有",
    "多所",
    "本地",
    "重点",
    "上市",
    "城乡",
    "紧密型",
    "融合型",
    "共建型",
    "协作型",
    "大批",
    "党建",
    "乡镇",
    "区县",
    "同级",
    "各级",
    "本级",
    "民族",
    "普惠",
    // `本市学校`: the schools of the city a regulation is about
    "本市",
    "本县",
    "本区",
    "本省",
    "本镇",
];

/// Words that, in the body of a school name, mark a kind of school, not one school.
const GENERIC_SCHOOL_MARKERS: &[&str] = &[
    "现代化",
    "城区",
    "全市",
    "全县",
    "全省",
    "全区",
    "家长",
    "中小",
    "普通",
    "地区",
    "教共体",
    "数字",
    "行业",
    "特殊",
    "集团",
    "分校",
    "互联网",
    "社区",
    "老年",
    "职业",
    "寄宿制",
    "新型",
    "智慧",
    "本市",
    "本县",
    "本区",
    "扩建",
    "改建",
];

/// Verbs that are common inside names (`技术推广服务中心`, `生产力促进中心`).
const NAME_VERBS: &[&str] = &[
    "推广", "促进", "培训", "培养", "研究", "服务", "管理", "发展", "建设", "融合", "协同", "创新",
    "教育", "应用", "监管", "督导", "协作", "交流", "合作", "保障", "执法", "编制", "示范", "制造",
    "孵化", "实训", "培育", "研发", "检测", "评价", "指导", "咨询", "治理", "对接",
];

/// [`FOUNDING_VERBS`], found together.
static FOUNDING: LazyLock<Forms> = LazyLock::new(|| Forms::new(FOUNDING_VERBS.iter().copied()));

/// Verbs after which a common-noun name is taken as a name: what is founded is named.
const FOUNDING_VERBS: &[&str] = &[
    "成立",
    "设立",
    "组建",
    "建设",
    "共建",
    "建立",
    "创建",
    "牵头组建",
    "牵头成立",
    "发起成立",
];

static COUNTED_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[0-9０-９一二三四五六七八九十两几多百千大]+(所|个|家|对|批|类|座)$").unwrap()
});
static COUNTED_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[0-9一二三四五六七八九十两几多百千]+(所|个|家|对|名|项|批|类|支|座)").unwrap()
});

/// An institution name read at one place in the text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Found {
    /// Byte range of the written name in the text that was scanned.
    pub start: usize,
    pub end: usize,
    /// Canonical full name.
    pub name: String,
    /// The written form where it differs from `name`.
    pub alias: Option<String>,
    pub kind: OrgKind,
}

pub fn extract(doc: &Document, lexicon: &Lexicon, context: &Context) -> Vec<OrgMention> {
    let text = doc.text.as_str();
    let mut found: Vec<(Found, usize)> = Vec::new();
    for (line_start, line) in lines_of(text) {
        let sentence = nearest_sentence(doc, line_start);
        let home = context.home_of_sentence(doc, sentence);
        let author = doc
            .article_of_sentence(sentence)
            .and_then(|a| a.author_org.as_deref());
        for mut f in scan_line(line, lexicon, home, author) {
            f.start += line_start;
            f.end += line_start;
            let sentence = doc.sentence_at(f.start).unwrap_or(sentence);
            found.push((f, sentence));
        }
    }
    attach_short_names(&mut found, lexicon);
    let mut seen = std::collections::HashSet::new();
    found
        .into_iter()
        .filter(|(f, _)| seen.insert((f.name.clone(), f.alias.clone())))
        .map(|(f, sentence)| OrgMention {
            name: f.name,
            alias: f.alias,
            kind: f.kind,
            evidence: Evidence {
                span: Span::new(f.start, f.end),
                sentence,
            },
        })
        .collect()
}

/// Lines of the text with their byte offsets (names never cross a line break
/// once normalization has joined wrapped lines).
pub(crate) fn lines_of(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut offset = 0;
    text.split('\n').map(move |line| {
        let start = offset;
        offset += line.len() + 1;
        (start, line)
    })
}

/// The sentence holding `offset`, or the nearest one before it.
pub(crate) fn nearest_sentence(doc: &Document, offset: usize) -> usize {
    doc.sentence_at(offset).unwrap_or_else(|| {
        doc.sentences
            .partition_point(|s| s.span.end <= offset)
            .min(doc.sentences.len().saturating_sub(1))
    })
}

/// Every institution name in one line of text.
pub(crate) fn scan_line(
    line: &str,
    lexicon: &Lexicon,
    home: &Home,
    author: Option<&str>,
) -> Vec<Found> {
    let words = lexicon.tag(line);
    let mut out: Vec<Found> = Vec::new();
    // Places named by earlier institutions of the same line (`湖南省委、省政府`).
    let mut line_home = home.clone();
    for (i, w) in words.iter().enumerate() {
        // A name may end at the end of a word, or inside a word that goes on
        // with a post title (`中学校长`, `党委书记`).
        /// [`TITLES`] by their last character, in their order.
        static TITLES_BY_LAST: LazyLock<CharIndex<&'static str>> =
            LazyLock::new(|| CharIndex::new(TITLES.iter().copied(), |t| t.chars().next_back()));
        let titles = w
            .text
            .chars()
            .next_back()
            .map_or(&[][..], |c| TITLES_BY_LAST.get(c));
        let before_titles = titles
            .iter()
            .filter(|t| w.text.len() > t.len() && w.text.ends_with(*t))
            .map(|t| w.end - t.len());
        for end in std::iter::once(w.end).chain(before_titles) {
            if let Some(f) = name_ending_at(line, &words[..=i], end, &line_home, author) {
                remember_places(&f.name, &mut line_home);
                out.push(f);
            }
        }
    }
    out.extend(central_bodies(line));
    out.extend(joint_short_forms(line, home));
    let units = shared_prefix_units(line, &out, home, author);
    out.extend(units);
    out.extend(company_lists(line, &words));
    expand_shared_suffix_lists(line, &words, &mut out, home);
    // Keep the longest of nested candidates: `平湖市人民政府教育督导委员会办公室`,
    // not also `平湖市人民政府`.
    out.sort_by_key(|f| (f.start, std::cmp::Reverse(f.end)));
    let mut kept: Vec<Found> = Vec::new();
    for f in out {
        if kept
            .iter()
            .any(|k| k.start <= f.start && f.end <= k.end && (k.start, k.end) != (f.start, f.end))
        {
            continue;
        }
        if kept
            .iter()
            .any(|k| (k.start, k.end, &k.name) == (f.start, f.end, &f.name))
        {
            continue;
        }
        kept.push(f);
    }
    kept
}

fn remember_places(name: &str, home: &mut Home) {
    let name = name.strip_prefix("中共").unwrap_or(name);
    if let Some(i) = name.find('省') {
        if i > 0 && !name[..i].contains('市') {
            home.province = Some(name[..i + '省'.len_utf8()].to_string());
        }
    }
}

fn is_punct(s: &str) -> bool {
    s.chars().all(|c| !c.is_alphanumeric())
}

fn is_admin_char(s: &str) -> bool {
    matches!(s, "省" | "市" | "县" | "区" | "镇" | "乡")
}

/// Whether a word names a place: jieba's `ns`, or a word ending with a level
/// character (`西城区`, `洋山镇`).
fn is_place_word(w: &Word) -> bool {
    if w.tag == "ns" {
        return !w.text.ends_with("地区");
    }
    const CLASS_AREAS: &[&str] = &[
        "城区",
        "社区",
        "景区",
        "园区",
        "责任区",
        "示范区",
        "实验区",
        "山区",
        "片区",
        "校区",
        "辖区",
        "学区",
        "试验区",
        "先行区",
        "全市",
        "全县",
        "全区",
        "全省",
        "城市",
        "都市",
        "各县",
        "各区",
    ];
    let n = w.text.chars().count();
    (2..=6).contains(&n)
        && w.text.ends_with(['省', '市', '县', '区', '镇', '乡'])
        && !CLASS_AREAS.iter().any(|a| w.text.ends_with(a))
}

/// The type suffix a name ends with, longest first.
fn suffix_of(name: &str) -> Option<(&'static str, OrgKind)> {
    /// [`SUFFIXES`] by their last character, in their order.
    static BY_LAST: LazyLock<CharIndex<(&'static str, OrgKind)>> =
        LazyLock::new(|| CharIndex::new(SUFFIXES.iter().copied(), |(s, _)| s.chars().next_back()));
    BY_LAST
        .get(name.chars().next_back()?)
        .iter()
        .filter(|(s, _)| name.ends_with(s))
        .max_by_key(|(s, _)| s.len())
        .copied()
}

/// The institution name that ends at byte `end` of `line` (right before a post
/// title), given the jieba words of the whole line.
pub(crate) fn org_ending_at(
    line: &str,
    words: &[Word],
    end: usize,
    home: &Home,
    author: Option<&str>,
) -> Option<Found> {
    let last = words.iter().rposition(|w| w.start < end)?;
    name_ending_at(line, &words[..=last], end, home, author).or_else(|| {
        // Central bodies have no suffix to find (`国务院副总理`).
        central_bodies(&line[..end])
            .into_iter()
            .filter(|f| f.end == end)
            .max_by_key(|f| f.end - f.start)
    })
}

/// The institution name ending at byte `end` of `line`, if one does; `words`
/// are the words up to the one holding `end`.
fn name_ending_at(
    line: &str,
    words: &[Word],
    end: usize,
    home: &Home,
    author: Option<&str>,
) -> Option<Found> {
    let head = &line[..end];
    let (suffix, _) = suffix_of(head)?;
    // `X党委书记` is X's secretary unless X alone is no institution
    // (`上海市教卫工作党委书记`); `党组成员` is a post, not a body.
    let rest = &line[end..];
    if matches!(suffix, "党委" | "党组")
        && starts_with_any(rest, &["书记", "副书记", "成员", "委员"])
        && (starts_with_any(rest, &["成员", "委员"])
            || name_ending_at(line, words, end - suffix.len(), home, author).is_some())
    {
        return None;
    }
    if suffix == "学校"
        && (head.ends_with("中学校") || head.ends_with("小学校"))
        && rest.starts_with('长')
    {
        return None;
    }
    let words = &words[..words.iter().rposition(|w| w.start < end)? + 1];
    let last = words.len() - 1;
    // The last word holds the end; take it whole when the name ends with it.
    let mut start = if words[last].end == end {
        words[last].start
    } else {
        words[last].start.min(end)
    };
    if start == end {
        return None;
    }
    let mut after_place = is_place_word(&words[last]) && words[last].end == end;
    let mut k = last;
    let mut quote_depth = 0usize;
    // Where the name stood before its closing quote: it starts there again
    // if the line has no opening quote (the quote began on an earlier line)
    // or the quote holds a list or a clause.
    let mut before_quote = (start, k);
    while k > 0 {
        let w = &words[k - 1];
        if quote_depth > 0 {
            // A quoted term is part of a name (`“一带一路”产教协同联盟`); a
            // quoted list or clause is a slogan before it.
            if matches!(w.text, "、" | "，" | "；" | "。" | ",") {
                break;
            }
            if w.text == "“" {
                quote_depth -= 1;
            }
            start = w.start;
            k -= 1;
            continue;
        }
        if w.text == "”" {
            before_quote = (start, k);
            quote_depth += 1;
            start = w.start;
            k -= 1;
            continue;
        }
        if matches!(w.text, "—" | "-" | "－") {
            // `浙江财经大学—中国社会科学院大学浙江研究院`, `中国—乌克兰大学联盟`
            let before =
                k >= 2 && (suffix_of(words[k - 2].text).is_some() || is_place_word(&words[k - 2]));
            if !before {
                break;
            }
            start = w.start;
            k -= 1;
            continue;
        }
        if w.text == "与"
            && k >= 2
            && NAME_VERBS.contains(&words[k - 2].text)
            && NAME_VERBS.contains(&words[k].text)
        {
            start = w.start;
            k -= 1;
            continue;
        }
        if is_punct(w.text) || STOP_WORDS.contains(&w.text) {
            break;
        }
        let place = is_place_word(w);
        // Left of a place only a higher place or an enclosing institution goes
        // on (`绍兴市越城区`, `中国社会科学院大学浙江研究院`).
        let enclosing = suffix_of(w.text).is_some_and(|(s, _)| s.chars().count() >= 2);
        // jieba may cut a place's first character off (`洋/山镇`).
        let place_head = after_place
            && w.text.chars().count() == 1
            && words[k].text.chars().count() == 2
            && is_place_word(&words[k])
            && !matches!(w.tag, "p" | "c" | "u" | "uj" | "r" | "d" | "m" | "q" | "f");
        if after_place
            && !(place || enclosing || place_head || matches!(w.text, "中共" | "共青团" | "中国"))
        {
            break;
        }
        let allowed = match w.tag {
            "p" | "c" | "u" | "uj" | "ul" | "uz" | "ud" | "ug" | "uv" | "r" | "d" | "q" | "f"
            | "y" | "e" | "o" | "ad" | "an" | "z" | "zg" => is_admin_char(w.text),
            "m" => w.text.starts_with('第'),
            "a" | "ag" => w.text.chars().count() == 1,
            "v" => true,
            _ => !w.text.trim().is_empty(),
        };
        if !allowed {
            break;
        }
        start = w.start;
        after_place = place || place_head || (after_place && !enclosing);
        k -= 1;
    }
    if quote_depth > 0 {
        (start, k) = before_quote;
    }
    // A name does not start with a verb: that verb introduces it.
    let mut first = k;
    while first < last
        && words[first].start < end
        && words[first].start == start
        && introduces(&words[first])
    {
        first += 1;
        start = words[first].start.min(end);
    }
    // A verb foreign to names inside the candidate introduces what follows it
    // (`全力推动郑州大学`, `嘉善县举行学校…`).
    if let Some(i) = (first..last).rev().find(|&i| {
        let w = &words[i];
        w.start >= start && w.tag == "v" && introduces(w) && !NAME_VERBS.contains(&w.text)
    }) {
        first = i + 1;
        start = words[first].start.min(end);
    }
    // A name never starts inside a quotation: a cut made there (by the verb
    // above) moves past its close.
    start += after_unopened_quote(&line[start..end]);
    if start >= end {
        return None;
    }
    let mut written = line[start..end].trim_matches(|c: char| c == '“' || c == '”');
    // jieba glues a preposition to a level character (`由市`, `报市`).
    if let Some(rest) = written.strip_prefix([
        '由', '报', '经', '对', '向', '在', '从', '将', '为', '把', '被', '和', '与', '及', '或',
        '按', '同', '比', '请',
    ]) {
        if rest.starts_with(['省', '市', '县', '区']) {
            written = rest;
        }
    }
    let start = start + line[start..end].find(written).unwrap_or(0);
    accept(
        line,
        start,
        end,
        written,
        suffix,
        &words[first..],
        home,
        author,
    )
    .map(|found| with_its_opening_quote(line, found))
}

/// A name that starts with a quoted term (`“一带一路”产教协同联盟`) had its
/// opening quote trimmed with the quotes around whole names (`“…学校”`);
/// it gets it back when the name closes that quote. Only the name and its
/// span change: whether it is a name was decided without it.
fn with_its_opening_quote(line: &str, mut found: Found) -> Found {
    if after_unopened_quote(&found.name) > 0 && line[..found.start].ends_with('“') {
        found.name.insert(0, '“');
        found.start -= '“'.len_utf8();
    }
    found
}

/// Whether a verb at the left edge of a candidate introduces the name rather
/// than belongs to it (`建设全国…中心`, but `高考综合改革工作领导小组`).
fn introduces(w: &Word) -> bool {
    const NOUN_LIKE: &[&str] = &[
        "高考", "中考", "督导", "监测", "评估", "教育", "科创", "研发",
    ];
    !NOUN_LIKE.contains(&w.text)
        && (w.tag == "v" || (w.tag == "vn" && NAME_VERBS.contains(&w.text)))
}

fn starts_with_any(s: &str, prefixes: &[&str]) -> bool {
    prefixes.iter().any(|p| s.starts_with(p))
}

/// Checks a candidate and resolves it to its canonical name.
#[allow(clippy::too_many_arguments)]
fn accept(
    line: &str,
    start: usize,
    end: usize,
    written: &str,
    suffix: &'static str,
    words: &[Word],
    home: &Home,
    author: Option<&str>,
) -> Option<Found> {
    let chars = written.chars().count();
    let suffix_chars = suffix.chars().count();
    if chars <= suffix_chars
        && !matches!(
            suffix,
            "团市委" | "团省委" | "团县委" | "团区委" | "编办" | "外办" | "妇联"
        )
    {
        return None;
    }
    let body = &written[..written.len() - suffix.len()];
    if GENERIC.found_in(body) {
        return None;
    }
    // Kinds of schools and joint short forms (`省委省政府`) are no single name.
    // `市和区人民政府`, `县、乡人民政府`: the bodies of two levels, no one body.
    static JOINT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^[省市县区]委[省市县区]?政府$|^省市委$|中小学校?$|^[省市县区乡镇](和|与|及|、|或)[省市县区乡镇]")
            .unwrap()
    });
    if JOINT.is_match(written) || written.ends_with("高等学校") || written.ends_with("高等院校")
    {
        return None;
    }
    static COUNTED_START: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^[0-9一二三四五六七八九十两几多]+[所个家]").unwrap());
    if COUNTED_START.is_match(written)
        || written.starts_with(['个', '所', '家', '名', '项', '批', '类', '型'])
        || COUNTED_BEFORE.is_match(&line[..start])
    {
        return None;
    }
    if COUNTED_BEFORE.is_match(&line[..start]) || COUNTED_AFTER.is_match(&line[end..]) {
        return None;
    }
    if body.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let mut kind = kind_of(written, suffix);
    let name_words = words_within(words, start, end);
    // `市教育局`, `市委`, `市妇联`: a bare level character before a body.
    let short_form = name_words.first().is_some_and(|w| {
        let mut chars = w.text.chars();
        let level = chars
            .next()
            .is_some_and(|c| matches!(c, '省' | '市' | '县' | '区'));
        let rest = chars.as_str();
        level
            && (rest.is_empty() || rest == "委" || suffix_of(rest).is_some_and(|(s, _)| s == rest))
    });
    let has_place = name_words
        .iter()
        .enumerate()
        .any(|(i, w)| is_place_word(w) || (i > 0 && matches!(w.text, "镇" | "乡" | "县")))
        || written.starts_with("全省")
        || written.starts_with("全市")
        || written.starts_with("中共");
    // jieba tags doctrines as proper nouns (`爱国主义`); they name no one.
    let has_proper = name_words.iter().any(|w| {
        w.start < start + body.len()
            && !w.text.ends_with("主义")
            && matches!(
                w.tag,
                "nr" | "nrt" | "nrfg" | "nz" | "nt" | "j" | "eng" | "x" | "ns"
            )
            && !is_punct(w.text)
    }) || written.contains('“')
        || body.chars().any(|c| c.is_ascii_alphanumeric());
    let founded = founded_before(line, start, words);
    let body_chars = chars - suffix_chars;
    let youth_league = matches!(written, "团市委" | "团省委" | "团县委" | "团区委" | "编办");
    /// [`TITLES`] by their first character.
    static TITLES_BY_FIRST: LazyLock<CharIndex<&'static str>> =
        LazyLock::new(|| CharIndex::new(TITLES.iter().copied(), |t| t.chars().next()));
    let after = line[end..].trim_start();
    let before_title = after
        .chars()
        .next()
        .is_some_and(|c| TITLES_BY_FIRST.get(c).iter().any(|t| after.starts_with(t)));
    let unit_of_bureau = suffix.ends_with('科') && (body.contains('局') || founded);
    let ok = if youth_league {
        true
    } else if short_form {
        short_form_allowed(kind, suffix) && chars >= 2
    } else if suffix.ends_with('科') {
        unit_of_bureau
    } else {
        has_place
            || has_proper
            || (GENERIC_BODY_SUFFIXES.contains(&suffix) && body_chars >= 4)
            || (founded && body_chars >= 3)
            || (before_title && chars >= 5)
    };
    if !ok {
        return None;
    }
    if matches!(kind, OrgKind::School | OrgKind::University) {
        if !has_place && !has_proper && !founded && !before_title {
            return None;
        }
        // Markers count outside place names (`西城区幼儿园` is one school).
        let body_words: String = name_words
            .iter()
            .filter(|w| w.start < start + body.len() && !is_place_word(w))
            .map(|w| w.text)
            .collect();
        if kind == OrgKind::School
            && GENERIC_SCHOOL_MARKERS
                .iter()
                .any(|m| body_words.contains(m))
        {
            return None;
        }
    }
    // Government and party bodies are named by their division.
    let division_named = has_place
        || short_form
        || name_words.iter().any(|w| {
            w.tag == "nt"
                && w.text
                    .chars()
                    .take(4)
                    .any(|c| matches!(c, '省' | '市' | '县' | '区'))
        })
        || ["中共", "中国", "全国", "国家", "中央", "共青团"]
            .iter()
            .any(|p| written.starts_with(p));
    if matches!(
        kind,
        OrgKind::Government | OrgKind::EducationAuthority | OrgKind::PartyBody
    ) && !division_named
        && !youth_league
        && !GENERIC_BODY_SUFFIXES.contains(&suffix)
        && !before_title
        && !suffix.ends_with('科')
    {
        return None;
    }
    let (name, alias) = canonical(written, home, author, kind);
    // A short form the home cannot resolve names no one body (`区人民政府` in a regulation).
    if short_form && name.starts_with(['省', '市', '县', '区']) {
        return None;
    }
    if name.contains("教育局") && name.ends_with('科') {
        kind = OrgKind::EducationAuthority;
    }
    Some(Found {
        start,
        end,
        name,
        alias,
        kind,
    })
}

/// Whether a founding verb (`成立`, `共建` …) introduces the name, directly or
/// as a later item of its list (`共建A和B`).
/// The byte offset just after the last closing quote of `s` that no quote
/// of `s` opened; 0 when every closing quote was opened.
fn after_unopened_quote(s: &str) -> usize {
    let mut depth = 0usize;
    let mut after = 0;
    for (i, c) in s.char_indices() {
        match c {
            '“' => depth += 1,
            '”' if depth > 0 => depth -= 1,
            '”' => after = i + c.len_utf8(),
            _ => {}
        }
    }
    after
}

fn founded_before(line: &str, start: usize, _words: &[Word]) -> bool {
    let before = &line[..start];
    let clause_start = before.rfind(['，', '。', '；', '：', '\t']).map_or(0, |i| {
        i + before[i..].chars().next().map_or(0, char::len_utf8)
    });
    let clause = &before[clause_start..];
    let direct = FOUNDING_VERBS.iter().any(|v| before.ends_with(v));
    let listed = (before.ends_with('、') || before.ends_with('和')) && FOUNDING.found_in(clause);
    direct || listed
}

/// The kind of a name by its suffix and the words before it.
fn kind_of(name: &str, suffix: &str) -> OrgKind {
    let (_, mut kind) = suffix_of(name).unwrap_or((suffix, OrgKind::Other));
    if suffix == "学院" {
        // Colleges of a university or of industry are not universities.
        let higher = [
            "职业技术",
            "职业",
            "技术",
            "师范",
            "文理",
            "理工",
            "医",
            "工程",
            "财经",
            "科技",
            "外国语",
        ];
        let internal = ["产业学院", "创新学院", "研究生院"];
        kind = if internal.iter().any(|s| name.ends_with(s)) {
            OrgKind::Other
        } else if higher
            .iter()
            .any(|h| name[..name.len() - suffix.len()].ends_with(h))
        {
            OrgKind::University
        } else {
            OrgKind::Other
        };
    }
    if suffix == "集团" && name.contains("教育") {
        kind = OrgKind::Other;
    }
    if suffix == "办公室" && name.contains("教育督导") {
        kind = OrgKind::EducationAuthority;
    }
    if (suffix == "办公室" || suffix == "领导小组")
        && name.contains("委")
        && name.contains("领导小组")
    {
        kind = OrgKind::PartyBody;
    }
    if suffix == "中心" && name.contains("机关事务") {
        kind = OrgKind::Government;
    }
    kind
}

/// The canonical full name of a written name and the written form as alias
/// when they differ.
pub(crate) fn canonical(
    written: &str,
    home: &Home,
    author: Option<&str>,
    kind: OrgKind,
) -> (String, Option<String>) {
    let mut name = written.to_string();
    // Short forms: a bare level character stands for the home division.
    let level_home = |c: char| -> Option<String> {
        match c {
            '省' => home.province.clone(),
            '市' => home
                .city
                .clone()
                .or_else(|| home.province.clone().filter(|p| p.ends_with('市'))),
            '县' | '区' => home
                .county
                .clone()
                .filter(|c| c.ends_with(['县', '区', '市'])),
            _ => None,
        }
    };
    if let Some(rest) = name.strip_prefix("全省") {
        if let Some(p) = home.province.clone() {
            name = format!("{p}{rest}");
        }
    } else if let Some(rest) = name.strip_prefix("全市") {
        if let Some(p) = level_home('市') {
            name = format!("{p}{rest}");
        }
    } else if let Some(level) = name
        .strip_prefix('团')
        .and_then(|r| r.strip_suffix('委'))
        .filter(|l| l.chars().count() == 1)
    {
        // 团市委 → 共青团X市委员会
        let c = level.chars().next().unwrap_or('市');
        if let Some(p) = level_home(c) {
            name = format!("共青团{p}委员会");
        }
    } else if let Some(c) = name
        .chars()
        .next()
        .filter(|c| matches!(c, '省' | '市' | '县' | '区'))
    {
        if !matches!(kind, OrgKind::School | OrgKind::University) {
            let rest = name[c.len_utf8()..].to_string();
            let word_goes_on = ["场", "域", "级", "属", "直", "内", "外"]
                .iter()
                .any(|w| rest.starts_with(w))
                && !rest.starts_with("外办");
            if let Some(p) = level_home(c).filter(|_| !word_goes_on) {
                // `市委` is the division's party committee: 中共 + X市 + 委.
                let party = if rest.starts_with('委') {
                    "中共"
                } else {
                    ""
                };
                name = format!("{party}{p}{rest}");
            }
        }
    }
    // X市委… → 中共X市委…
    if !name.starts_with("中共") {
        static PARTY: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r"^(.{2,8}?[省市县区])委($|[^员])").unwrap());
        if PARTY.is_match(&name) && !name.contains("人民政府") && !name.starts_with("共青团")
        {
            name = format!("中共{name}");
        }
    }
    if name.ends_with("工委") {
        name = format!("{}工作委员会", &name[..name.len() - "工委".len()]);
    }
    // Bureau abbreviations (`人力社保局`, `外办`, `政府`).
    for (abbr, full) in BODY_ABBREVIATIONS {
        if let Some(stem) = name.strip_suffix(abbr) {
            if stem.is_empty() || stem.ends_with("人民") || stem.ends_with("人力资源和社会保障")
            {
                continue;
            }
            if *abbr == "政府" && !stem.ends_with(['省', '市', '县', '区', '镇', '乡']) {
                continue;
            }
            if *abbr == "督导办" && stem.ends_with("人民政府") {
                name = format!("{stem}教育督导委员会办公室");
            } else {
                name = format!("{stem}{full}");
            }
            break;
        }
    }
    if let Some(stem) = name.strip_suffix("编办") {
        let stem = if stem.is_empty() {
            home.local().unwrap_or("")
        } else {
            stem
        };
        if !stem.is_empty() {
            name = format!("中共{stem}委机构编制委员会办公室");
        }
    }
    // A unit of the bureau that writes (`教培监管科`, `校外教育培训机构监管科`).
    if name.ends_with('科') {
        if let Some(author) = author.filter(|a| a.ends_with('局')) {
            if let Some(unit) = name
                .strip_prefix("教育局")
                .or((!name.contains('局')).then_some(name.as_str()))
            {
                name = format!("{author}{unit}");
            }
        } else if let Some(unit) = name.strip_prefix("教育局") {
            if let Some(c) = home.county.clone().or(home.city.clone()) {
                name = format!("{c}教育局{unit}");
            }
        }
    }
    for (short, full) in CENTRAL_ALIASES {
        if name == *short {
            name = full.to_string();
        }
    }
    let alias = (name != written).then(|| written.to_string());
    (name, alias)
}

/// `省委省政府`, `省市委`: short forms written as one word for two bodies.
fn joint_short_forms(line: &str, home: &Home) -> Vec<Found> {
    static JOINT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"([省市县区])委、?([省市县区])政府|(省)(市)委").unwrap());
    let mut out = Vec::new();
    for c in JOINT.captures_iter(line) {
        let whole = c.get(0).map_or(0..0, |m| m.range());
        let parts = if c.get(1).is_some() {
            [(c.get(1), "委"), (c.get(2), "政府")]
        } else {
            [(c.get(3), "委"), (c.get(4), "委")]
        };
        for (level, body) in parts {
            let Some(level) = level else { continue };
            // Each body keeps its own span where it is written apart (`市委、市政府`).
            let (start, end) = if c.get(1).is_some() {
                let end = if body == "委" {
                    level.end() + "委".len()
                } else {
                    level.end() + "政府".len()
                };
                (level.start(), end)
            } else {
                (whole.start, whole.end)
            };
            let written = format!("{}{body}", level.as_str());
            let (name, alias) = canonical(&written, home, None, OrgKind::Government);
            out.push(Found {
                start,
                end,
                name,
                alias: alias.or(Some(written)),
                kind: OrgKind::Government,
            });
        }
    }
    out
}

/// `教育局教培监管科和督导科`: units listed after a unit share its bureau.
fn shared_prefix_units(
    line: &str,
    found: &[Found],
    home: &Home,
    author: Option<&str>,
) -> Vec<Found> {
    static NEXT_UNIT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^[和、及]([\p{Han}]{1,8}?科)").unwrap());
    let mut out = Vec::new();
    for f in found.iter().filter(|f| f.name.ends_with('科')) {
        let written = &line[f.start..f.end];
        let Some(bureau_end) = written.rfind('局') else {
            continue;
        };
        let Some(c) = NEXT_UNIT.captures(&line[f.end..]) else {
            continue;
        };
        let Some(unit) = c.get(1) else { continue };
        let text = format!(
            "{}{}",
            &written[..bureau_end + '局'.len_utf8()],
            unit.as_str()
        );
        let (name, _) = canonical(&text, home, author, OrgKind::EducationAuthority);
        out.push(Found {
            start: f.end + unit.start(),
            end: f.end + unit.end(),
            name,
            alias: Some(unit.as_str().to_string()),
            kind: OrgKind::EducationAuthority,
        });
    }
    out
}

/// Central bodies and media, named the same everywhere.
fn central_bodies(line: &str) -> Vec<Found> {
    /// Every written form (names, then aliases) with its full name and kind,
    /// and their automaton.
    type Written = Vec<(&'static str, &'static str, OrgKind)>;
    static FORMS: LazyLock<(Written, Forms)> = LazyLock::new(|| {
        let all: Written = CENTRAL_BODIES
            .iter()
            .map(|&(n, k)| (n, n, k))
            .chain(CENTRAL_ALIASES.iter().map(|&(a, n)| {
                let kind = CENTRAL_BODIES
                    .iter()
                    .find(|(c, _)| *c == n)
                    .map_or(OrgKind::Other, |c| c.1);
                (a, n, kind)
            }))
            .collect();
        let forms = Forms::new(all.iter().map(|f| f.0));
        (all, forms)
    });
    let (all, forms) = &*FORMS;
    let mut out = Vec::new();
    for (form, i, _) in forms.find_each(line) {
        let (written, name, kind) = all[form];
        let after = &line[i + written.len()..];
        // `教育部门` is a kind of office, not the ministry.
        if written.ends_with('部') && after.starts_with(['门', '署', '分', '长']) {
            continue;
        }
        if written == "央视" && line[..i].ends_with('中') {
            continue;
        }
        if after.starts_with("大学") || after.starts_with("研究生院") {
            continue;
        }
        out.push(Found {
            start: i,
            end: i + written.len(),
            name: name.to_string(),
            alias: (name != written).then(|| written.to_string()),
            kind,
        });
    }
    out
}

/// Companies named in a list closed by `等…企业` (`华为、360、京东等龙头企业`).
fn company_lists(line: &str, words: &[Word]) -> Vec<Found> {
    static LIST: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"((?:[\p{Han}A-Za-z0-9]{1,8}、)+[\p{Han}A-Za-z0-9]{1,8})等(?:[0-9一二三四五六七八九十百多余]+家)?[\p{Han}]{0,6}企业")
            .unwrap()
    });
    let mut out = Vec::new();
    // What every match holds, found faster than by the pattern.
    if !(line.contains("企业") && line.contains('等') && line.contains('、')) {
        return out;
    }
    for m in LIST.captures_iter(line) {
        let Some(list) = m.get(1) else { continue };
        let mut offset = list.start();
        for item in list.as_str().split('、') {
            let start = offset;
            offset += item.len() + '、'.len_utf8();
            // The first item may carry the words that introduce the list.
            let (start, item) = if start == list.start() {
                let trimmed = trim_intro(line, start, item, words);
                (start + item.len() - trimmed.len(), trimmed)
            } else {
                (start, item)
            };
            if item.is_empty() || item.chars().count() > 6 || GENERIC.found_in(item) {
                continue;
            }
            if item.ends_with("企业") || item.ends_with("院校") || item.ends_with("高校") {
                continue;
            }
            out.push(Found {
                start,
                end: start + item.len(),
                name: item.to_string(),
                alias: None,
                kind: OrgKind::Company,
            });
        }
    }
    out
}

/// Drops the words before a list's first item (`职业院校与华为` → `华为`).
fn trim_intro<'a>(line: &str, start: usize, item: &'a str, words: &[Word]) -> &'a str {
    let end = start + item.len();
    let mut cut = start;
    for w in words_within(words, start, end) {
        if matches!(w.tag, "p" | "c" | "v" | "u" | "uj" | "r" | "d" | "m")
            || STOP_WORDS.contains(&w.text)
            || w.text == "以及"
        {
            cut = w.end;
        }
    }
    if COUNTED_BEFORE.is_match(&line[..cut]) {
        return "";
    }
    &item[cut - start..]
}

/// `吉林、黑龙江、内蒙古教育厅`: places listed before one shared suffix each get it.
fn expand_shared_suffix_lists(line: &str, words: &[Word], out: &mut Vec<Found>, home: &Home) {
    let mut extra = Vec::new();
    for f in out.iter() {
        let Some((suffix, kind)) = suffix_of(&line[f.start..f.end]) else {
            continue;
        };
        let body = &line[f.start..f.end - suffix.len()];
        let body_is_place = word_at(words, f.start)
            .is_some_and(|w| w.end == f.end - suffix.len() && is_place_word(w));
        if !body_is_place || body.is_empty() {
            continue;
        }
        let mut pos = f.start;
        while line[..pos].ends_with('、') {
            let sep = pos - '、'.len_utf8();
            let Some(w) = word_before(words, sep) else {
                break;
            };
            if !is_place_word(w) {
                break;
            }
            let written = format!("{}{}", w.text, suffix);
            let (name, alias) = canonical(&written, home, None, kind);
            extra.push(Found {
                start: w.start,
                end: w.end,
                name,
                alias: alias.or(Some(written)).filter(|a| a.as_str() != w.text),
                kind,
            });
            pos = w.start;
        }
    }
    out.extend(extra);
}

/// `学军中学` after `杭州学军中学`: a name that is a longer name without its
/// place prefix is the same institution, written short.
fn attach_short_names(found: &mut [(Found, usize)], lexicon: &Lexicon) {
    // Each name once, in the order of its last reading (a later long name
    // wins, as it would over every reading).
    let mut seen = std::collections::HashSet::new();
    let mut names: Vec<String> = found
        .iter()
        .rev()
        .filter(|(f, _)| seen.insert(f.name.as_str()))
        .map(|(f, _)| f.name.clone())
        .collect();
    names.reverse();
    let mut full_of: HashMap<String, String> = HashMap::new();
    let mut place_prefix: HashMap<&str, bool> = HashMap::new();
    for short in &names {
        if short.chars().count() < 4 {
            continue;
        }
        for long in &names {
            if long.len() > short.len() && long.ends_with(short.as_str()) {
                let prefix = &long[..long.len() - short.len()];
                let is_place = *place_prefix.entry(prefix).or_insert_with(|| {
                    let words = lexicon.tag(prefix);
                    !words.is_empty() && words.iter().all(|w| is_place_word(w))
                });
                if is_place {
                    full_of.insert(short.clone(), long.clone());
                }
            }
        }
    }
    for (f, _) in found.iter_mut() {
        if let Some(long) = full_of.get(&f.name) {
            f.alias = Some(f.alias.clone().unwrap_or_else(|| f.name.clone()));
            f.name = long.clone();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(line: &str, home: &Home) -> Vec<(String, Option<String>)> {
        let lexicon = Lexicon::load();
        scan_line(line, &lexicon, home, None)
            .into_iter()
            .map(|f| (f.name, f.alias))
            .collect()
    }

    fn city(province: &str, city: &str) -> Home {
        Home {
            province: Some(province.into()),
            city: Some(city.into()),
            county: None,
            level: None,
        }
    }

    #[test]
    fn full_names_are_read_with_their_place() {
        let found = names(
            "舟山市教育局将嵊泗相关需求纳入厅市合作内容",
            &Home::default(),
        );
        assert_eq!(found, [("舟山市教育局".to_string(), None)]);
    }

    #[test]
    fn short_forms_take_the_home_division() {
        let home = city("浙江省", "嘉兴市");
        let found = names("市教育局联合团市委、市妇联对部分幼儿园进行调研", &home);
        assert!(
            found.contains(&("嘉兴市教育局".into(), Some("市教育局".into()))),
            "{found:?}"
        );
        assert!(
            found.contains(&("共青团嘉兴市委员会".into(), Some("团市委".into()))),
            "{found:?}"
        );
        assert!(
            found.contains(&("嘉兴市妇女联合会".into(), Some("市妇联".into()))),
            "{found:?}"
        );
        assert_eq!(found.len(), 3, "{found:?}");
    }

    #[test]
    fn a_quote_closed_without_its_opening_is_left_out() {
        // The quote opened on an earlier line: what it holds is no name.
        let found = names(
            "、学科交叉融合为特征、校际导师团队指导”浙江财经大学开设数字财政等实验班",
            &Home::default(),
        );
        assert_eq!(found, [("浙江财经大学".to_string(), None)]);
        // A quoted list or clause is a slogan, not part of the name.
        let slogan = names(
            "探索“问题为导向、学科交叉融合为特征、校际导师团队指导”华东师范大学开设实验班",
            &Home::default(),
        );
        assert_eq!(slogan, [("华东师范大学".to_string(), None)]);
        assert_eq!(after_unopened_quote("a”b“c”d"), "a”".len());
        assert_eq!(after_unopened_quote("“a”b"), 0);
        // Opened on the line, the quote is part of the name, and so is the
        // opening quote at its start; quotes around a whole name are not.
        let quoted = names("成立“一带一路”产教协同联盟，推动合作", &Home::default());
        assert_eq!(quoted, [("“一带一路”产教协同联盟".to_string(), None)]);
        let whole = names("由“浙江省教育厅”牵头", &Home::default());
        assert_eq!(whole, [("浙江省教育厅".to_string(), None)]);
    }

    #[test]
    fn class_nouns_are_not_names() {
        let home = city("浙江省", "嘉兴市");
        assert!(names("8所杭州优质学校与我县各学校签订协议", &home).is_empty());
        assert!(names("各区、县(市)人民政府，市政府有关部门", &home).len() == 1);
        assert!(names("创成省现代化学校", &home).is_empty());
        // What a regulation says of kinds of bodies names none of them.
        let nobody = Home::default();
        assert!(names("支持残疾儿童康复机构设置幼儿园。", &nobody).is_empty());
        assert!(names("制定本市学校建设标准", &nobody).is_empty());
        assert!(names("参观纪念馆和爱国主义教育基地等场馆", &nobody).is_empty());
        let shanghai = Home {
            province: Some("上海市".into()),
            city: Some("上海市".into()),
            county: None,
            level: None,
        };
        assert!(names("市和区人民政府在组织编制规划时", &shanghai).is_empty());
    }

    #[test]
    fn nested_names_are_kept_whole() {
        let found = names(
            "平湖市人民政府教育督导委员会办公室组织责任督学",
            &Home::default(),
        );
        assert_eq!(
            found,
            [("平湖市人民政府教育督导委员会办公室".to_string(), None)]
        );
    }

    #[test]
    fn bureau_abbreviations_are_expanded() {
        let home = city("浙江省", "绍兴市");
        let found = names(
            "（责任单位：市教育局、市人力社保局，各区、县〔市〕政府）",
            &home,
        );
        assert!(
            found.contains(&(
                "绍兴市人力资源和社会保障局".into(),
                Some("市人力社保局".into())
            )),
            "{found:?}"
        );
    }

    #[test]
    fn central_bodies_are_found_but_not_offices() {
        let found = names(
            "中共中央办公厅、国务院办公厅印发，教育部门要落实",
            &Home::default(),
        );
        let got: Vec<_> = found.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(got, ["中共中央办公厅", "国务院办公厅"]);
    }

    #[test]
    fn companies_in_a_list_before_enterprises() {
        let found = names(
            "职业院校与华为、360、京东等龙头企业共建产业学院",
            &Home::default(),
        );
        let got: Vec<_> = found.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(got, ["华为", "360", "京东"]);
    }

    #[test]
    fn places_listed_before_a_shared_suffix() {
        let found = names("与吉林、黑龙江、内蒙古教育厅联合印发意见", &Home::default());
        assert_eq!(found.len(), 3, "{found:?}");
    }
}

/// Measures the extractors of institutions, people, posts and partnerships on
/// the dev corpus the way `score.py` does (labels = name and aliases).
/// `cargo test --no-default-features --lib dev_corpus -- --ignored --nocapture`
#[cfg(test)]
mod dev_corpus {
    use std::collections::{BTreeMap, BTreeSet};

    use serde_json::Value;

    use crate::extract::Lexicon;

    use crate::gold_names::normalize_name as norm;

    #[derive(Default)]
    struct Tally {
        gold: usize,
        pred: usize,
        hit_gold: usize,
        hit_pred: usize,
    }

    impl Tally {
        fn add<G, P>(
            &mut self,
            label: &str,
            doc: &str,
            gold: &[(String, G)],
            pred: &[(String, P)],
            m: impl Fn(&G, &P) -> bool,
        ) {
            self.gold += gold.len();
            self.pred += pred.len();
            for (gd, g) in gold {
                if pred.iter().any(|(_, p)| m(g, p)) {
                    self.hit_gold += 1;
                } else {
                    println!("MISSED   {label} {doc}: {gd}");
                }
            }
            for (pd, p) in pred {
                if gold.iter().any(|(_, g)| m(g, p)) {
                    self.hit_pred += 1;
                } else {
                    println!("SPURIOUS {label} {doc}: {pd}");
                }
            }
        }

        fn f1(&self) -> (f64, f64, f64) {
            let p = if self.pred > 0 {
                self.hit_pred as f64 / self.pred as f64
            } else {
                0.0
            };
            let r = if self.gold > 0 {
                self.hit_gold as f64 / self.gold as f64
            } else {
                0.0
            };
            let f = if p + r > 0.0 {
                2.0 * p * r / (p + r)
            } else {
                0.0
            };
            (p, r, f)
        }
    }

    fn variants(item: &Value) -> BTreeSet<String> {
        let mut v = BTreeSet::from([norm(item["name"].as_str().unwrap_or(""))]);
        for a in item["aliases"].as_array().into_iter().flatten() {
            v.insert(norm(a.as_str().unwrap_or("")));
        }
        v
    }

    /// Runs over the external texts: no panics, and a look at what is read.
    #[test]
    #[ignore]
    fn external_texts_smoke() {
        let lexicon = Lexicon::load();
        for e in std::fs::read_dir("../shared/external").unwrap().flatten() {
            let path = e.path();
            if path.extension().is_none_or(|x| x != "txt") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let doc = crate::pipeline::analyze("x.txt", &text, &lexicon);
            let orgs: BTreeSet<&str> = doc
                .facts
                .organizations
                .iter()
                .map(|o| o.name.as_str())
                .collect();
            let people: Vec<&str> = doc.facts.people.iter().map(|p| p.name.as_str()).collect();
            println!(
                "== {}\n  orgs {orgs:?}\n  people {people:?}",
                path.display()
            );
            for p in &doc.facts.partnerships {
                println!("  pair {} -> {} {:?}", p.supporter, p.supported, p.kind);
            }
        }
    }

    #[test]
    #[ignore]
    fn dev_corpus_report() {
        let lexicon = Lexicon::load();
        let mut tallies: BTreeMap<&str, Tally> = BTreeMap::new();
        let files = crate::test_support::sample_files();
        for path in files {
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            let gold_path = format!("tests/gold/{}.json", name.trim_end_matches(".txt"));
            let Ok(gold_text) = std::fs::read_to_string(&gold_path) else {
                continue;
            };
            let gold: Value = serde_json::from_str(&gold_text).unwrap();
            let doc =
                crate::pipeline::analyze(&name, &std::fs::read_to_string(&path).unwrap(), &lexicon);
            let facts = &doc.facts;
            // Entities as the graph would hold them: one per canonical name.
            let mut orgs: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
            for m in &facts.organizations {
                let e = orgs
                    .entry(m.name.clone())
                    .or_insert_with(|| BTreeSet::from([norm(&m.name)]));
                if let Some(a) = &m.alias {
                    e.insert(norm(a));
                }
            }
            for p in &facts.posts {
                if let Some(o) = &p.org {
                    orgs.entry(o.clone())
                        .or_insert_with(|| BTreeSet::from([norm(o)]));
                }
            }
            let mut places: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
            for m in &facts.places {
                let e = places
                    .entry(m.name.clone())
                    .or_insert_with(|| BTreeSet::from([norm(&m.name)]));
                if let Some(a) = &m.alias {
                    e.insert(norm(a));
                }
            }
            let labels_of = |n: &str| -> BTreeSet<String> {
                orgs.get(n)
                    .or(places.get(n))
                    .cloned()
                    .unwrap_or_else(|| BTreeSet::from([norm(n)]))
            };
            let gold_orgs: Vec<(String, BTreeSet<String>)> = gold["organizations"]
                .as_array()
                .unwrap()
                .iter()
                .map(|o| (o["name"].as_str().unwrap().to_string(), variants(o)))
                .collect();
            let gold_org_variants = |n: &str| -> BTreeSet<String> {
                gold_orgs
                    .iter()
                    .find(|(_, v)| v.contains(&norm(n)))
                    .map(|(_, v)| v.clone())
                    .unwrap_or_else(|| BTreeSet::from([norm(n)]))
            };
            let pred_orgs: Vec<(String, BTreeSet<String>)> = orgs
                .iter()
                .map(|(n, l)| (format!("{n} {l:?}"), l.clone()))
                .collect();
            tallies.entry("organizations").or_default().add(
                "org",
                &name,
                &gold_orgs,
                &pred_orgs,
                |g, p| !g.is_disjoint(p),
            );

            let gold_people: Vec<(String, String)> = gold["people"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| {
                    (
                        p["name"].as_str().unwrap().to_string(),
                        norm(p["name"].as_str().unwrap()),
                    )
                })
                .collect();
            let people: BTreeSet<String> = facts.people.iter().map(|p| norm(&p.name)).collect();
            let pred_people: Vec<(String, String)> =
                people.iter().map(|p| (p.clone(), p.clone())).collect();
            tallies.entry("people").or_default().add(
                "person",
                &name,
                &gold_people,
                &pred_people,
                |g, p| g == p,
            );

            type PostKey = (String, String, Option<BTreeSet<String>>);
            let mut gold_posts: Vec<(String, PostKey)> = Vec::new();
            for p in gold["people"].as_array().unwrap() {
                for pos in p["positions"].as_array().into_iter().flatten() {
                    let org = pos["org"].as_str();
                    gold_posts.push((
                        format!(
                            "{} {} {}",
                            p["name"].as_str().unwrap(),
                            org.unwrap_or(""),
                            pos["title"].as_str().unwrap()
                        ),
                        (
                            norm(p["name"].as_str().unwrap()),
                            norm(pos["title"].as_str().unwrap()),
                            org.map(gold_org_variants),
                        ),
                    ));
                }
            }
            let mut seen = BTreeSet::new();
            let pred_posts: Vec<(String, PostKey)> = facts
                .posts
                .iter()
                .filter(|p| seen.insert((p.person.clone(), p.org.clone(), p.title.clone())))
                .map(|p| {
                    (
                        format!(
                            "{} {} {}",
                            p.person,
                            p.org.as_deref().unwrap_or(""),
                            p.title
                        ),
                        (
                            norm(&p.person),
                            norm(&p.title),
                            p.org.as_deref().map(labels_of),
                        ),
                    )
                })
                .collect();
            tallies.entry("posts").or_default().add(
                "post",
                &name,
                &gold_posts,
                &pred_posts,
                |g, p| {
                    g.0 == p.0
                        && g.1 == p.1
                        && (g.2.is_none()
                            || p.2.is_none()
                            || !g.2.as_ref().unwrap().is_disjoint(p.2.as_ref().unwrap()))
                },
            );

            type PairKey = (BTreeSet<String>, BTreeSet<String>, bool);
            let gold_pairs: Vec<(String, PairKey)> = gold["partnerships"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| {
                    let (a, b) = (
                        p["supporter"].as_str().unwrap(),
                        p["supported"].as_str().unwrap(),
                    );
                    let va = gold_org_variants(a);
                    let vb = gold_org_variants(b);
                    (
                        format!("{a} -> {b} ({})", p["kind"]),
                        (va, vb, p["kind"] == "cooperation"),
                    )
                })
                .collect();
            let pred_pairs: Vec<(String, PairKey)> = facts
                .partnerships
                .iter()
                .map(|p| {
                    (
                        format!("{} -> {} ({:?})", p.supporter, p.supported, p.kind),
                        (labels_of(&p.supporter), labels_of(&p.supported), false),
                    )
                })
                .collect();
            tallies.entry("partnerships").or_default().add(
                "pair",
                &name,
                &gold_pairs,
                &pred_pairs,
                |g, p| {
                    (!g.0.is_disjoint(&p.0) && !g.1.is_disjoint(&p.1))
                        || (g.2 && !g.0.is_disjoint(&p.1) && !g.1.is_disjoint(&p.0))
                },
            );
        }
        for (cat, t) in &tallies {
            let (p, r, f) = t.f1();
            println!(
                "{cat:<14} gold {:>4} pred {:>4}  P {p:.3} R {r:.3} F1 {f:.3}",
                t.gold, t.pred
            );
        }
    }
}
