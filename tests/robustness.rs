//! The text pipeline never panics, whatever the text: random documents built
//! from the characters and fragments that trip PDF-text parsers (brackets left
//! open, quotes nested, numbers glued to counters, tabs, control characters,
//! lone surrogates replaced, letter-spaced lines), and pathological shapes
//! (one huge line, only whitespace).

use edupol::{pipeline, Lexicon};

/// A small deterministic generator (xorshift), so a failure replays.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

const FRAGMENTS: &[&str] = &[
    "“",
    "”",
    "《",
    "》",
    "〈",
    "〉",
    "（",
    "）",
    "(",
    ")",
    "【",
    "】",
    "、",
    "，",
    "。",
    "；",
    "：",
    "\n",
    "\n\n",
    "\t",
    " ",
    "　",
    "\u{0}",
    "\u{1b}",
    "\u{feff}",
    "\u{200b}",
    "\u{fffd}",
    "□",
    "第",
    "条",
    "一是",
    "（三）",
    "1.",
    "1）",
    "2023年",
    "12月7日",
    "到2025年",
    "力争",
    "已",
    "50%",
    "１２３",
    "1.35亿元",
    "2.3万元",
    "四所",
    "百分之八十",
    "前四位",
    "2.1∶1",
    "4—6个",
    "余",
    "以上",
    "不低于",
    "嵊泗县",
    "市教育局",
    "我县",
    "省教育厅",
    "党委书记、局长",
    "邱存安",
    "高 翔",
    "沈洁副区长",
    "县（市、区）",
    "“县管校聘”",
    "实施",
    "工程",
    "计划",
    "行动",
    "结对帮扶",
    "杭州学军中学与嵊泗中学",
    "应当",
    "办法",
    "规划",
    "本市",
    "或者",
    "和",
    "习近平",
    "主持",
    "中共中央总书记、",
    "e",
    "A",
    "3+2",
    "1+X",
    "附件：",
    "印发",
    "的通知",
    "（本报记者 高毅哲 冯丽 甘",
    "甜）",
    "𠀀",
    "é",
    "ﬁ",
];

fn random_text(rng: &mut Rng, pieces: usize) -> String {
    (0..pieces).map(|_| rng.pick(FRAGMENTS)).collect()
}

#[test]
fn random_documents_never_panic() {
    let lexicon = Lexicon::load();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for i in 0..2000 {
        let pieces = 1 + (rng.next() % 300) as usize;
        let text = random_text(&mut rng, pieces);
        let result = std::panic::catch_unwind(|| {
            let doc = pipeline::analyze("fuzz.txt", &text, &lexicon);
            // Every span maps back into the original text.
            let spans = doc.sentences.iter().map(|s| s.span);
            let spans = spans.chain(doc.articles.iter().map(|a| a.body));
            let f = &doc.facts;
            let spans = spans
                .chain(f.organizations.iter().map(|m| m.evidence.span))
                .chain(f.places.iter().map(|m| m.evidence.span))
                .chain(f.people.iter().map(|m| m.evidence.span))
                .chain(f.initiatives.iter().map(|m| m.evidence.span))
                .chain(f.quantities.iter().map(|q| q.evidence.span))
                .chain(f.partnerships.iter().map(|p| p.evidence.span));
            for span in spans {
                let range = doc.original_range(span);
                assert!(range.start <= range.end && range.end <= text.len());
                let _ = doc.slice(span);
            }
        });
        assert!(result.is_ok(), "case {i} panicked on {text:?}");
    }
}

#[test]
fn degenerate_shapes_are_read_without_panic() {
    let lexicon = Lexicon::load();
    let long_line = "嵊泗县教育局实施“县管校聘”改革，2023年新建学校3所，".repeat(4000);
    for text in [
        String::new(),
        " \n\t\n　\n".to_string(),
        "\n".repeat(10_000),
        long_line,
        "（".repeat(5000) + &"“".repeat(5000),
        "》".repeat(5000),
    ] {
        let doc = pipeline::analyze("shape.txt", &text, &lexicon);
        // Spans point into the text they were read from.
        for a in &doc.articles {
            assert!(a.body.end <= doc.text.len());
        }
    }
}

// ───────────────────── inputs found by fuzzing ─────────────────────
// Each input that crashed a target of fuzz/ (scripts/fuzz.sh), kept as it
// was found and cut down to its cause.

/// fuzz/normalize: a line starting with a number and a full-width bracket
/// (`1）`) was sliced one byte past the number, inside the bracket.
#[test]
fn a_number_before_a_full_width_bracket_starts_an_item() {
    let found: &[u8] = b"$$$$$$$$$$$$$$$$$$$$$$$$$$$$$$$$$$$$$$$$$$$$$$$$$$$$$$$$$$$$\
        $$\n\xef\xbc\x89\xe3\x80\x8b\xe5\x8a\x9e\xe5\x85\xac\x02\xe7\
        \xbb\x8d\n\n\xef\xbc\x89\xe3\x80\x8b\xe5\x8a\x9e\xe5\x85\xac\
        \xe5\xae\xa4\xe6\x96\x87\xe4\xbb\xb6\n\n1\xef\xbc\x89";
    let found = std::str::from_utf8(found).unwrap();
    let lexicon = Lexicon::load();
    for text in [found, "一行文字\n1）", "第一段\n\n12）目标\n3）任务"] {
        let normalized = edupol::normalize::normalize(text);
        assert_eq!(normalized.origin.len(), normalized.text.len() + 1);
        let _ = pipeline::analyze("fuzz.txt", text, &lexicon);
    }
    // and such a line still starts an item: it is not joined to the one before
    let text = edupol::normalize::normalize("主要目标如下\n1）新建学校").text;
    assert!(text.contains('\n'), "{text:?}");
}
