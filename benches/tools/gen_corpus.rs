//! Scales the sample documents of `tests/corpus/` to N documents, for the
//! benchmarks (BENCHMARKS.md), without downloading anything:
//!
//!     cargo run --release --example gen_corpus -- --docs 1000 --out /tmp/c1k
//!
//! Each generated document starts from one sample document (in turn), keeps
//! its head (title, issuer, 文号) and the order of most of its paragraphs,
//! swaps some paragraphs for paragraphs of other samples, adds or drops some
//! to reach a length of 12.5 to 33 KB (24 KB on average),
//! and varies its names and numbers: every division of the gazetteer named in
//! the samples (full name and short forms) becomes another division of the
//! same level, every person of the gold files another name, every year moves
//! by the same offset, and the other numbers change their digits but not their
//! length. The output is a function of `--docs` and `--seed` only.
//!
//! Options: `--docs N` (default 1000), `--out DIR` (required; created),
//! `--seed S` (default 1), `--src DIR` (default the repository's `tests/corpus`),
//! `--gold DIR` (default the repository's `tests/gold`; only person names are read).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// The gazetteer compiled in, as the extractors see it.
const GAZETTEER: &str = include_str!("../../data/gazetteer.tsv");

/// SplitMix64: a small, fast, portable generator; no dependency needed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// True with probability `p`.
    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 >= 1.0 - p
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

struct Options {
    docs: usize,
    out: PathBuf,
    seed: u64,
    src: PathBuf,
    gold: PathBuf,
}

fn options() -> Options {
    let mut o = Options {
        docs: 1000,
        out: PathBuf::new(),
        seed: 1,
        // The repository's, wherever the tool is run from.
        src: PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus")),
        gold: PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/gold")),
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = || -> ! {
        eprintln!("usage: gen_corpus --docs N --out DIR [--seed S] [--src DIR] [--gold DIR]");
        std::process::exit(2)
    };
    let mut i = 0;
    while i < args.len() {
        let value = args.get(i + 1).cloned().unwrap_or_else(|| usage());
        match args[i].as_str() {
            "--docs" => o.docs = value.parse().unwrap_or_else(|_| usage()),
            "--out" => o.out = PathBuf::from(value),
            "--seed" => o.seed = value.parse().unwrap_or_else(|_| usage()),
            "--src" => o.src = PathBuf::from(value),
            "--gold" => o.gold = PathBuf::from(value),
            _ => usage(),
        }
        i += 2;
    }
    if o.out.as_os_str().is_empty() {
        usage();
    }
    o
}

/// A sample document cut into paragraphs (runs of lines between blank lines).
struct Sample {
    /// The first paragraphs, kept as they are: title, issuer, 文号, date.
    head: Vec<String>,
    body: Vec<String>,
}

fn paragraphs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for line in text.split_inclusive('\n') {
        if line.trim().is_empty() {
            if !current.is_empty() {
                current.push_str(line);
                out.push(std::mem::take(&mut current));
            } else if let Some(last) = out.last_mut() {
                last.push_str(line);
            } else {
                current.push_str(line);
            }
        } else {
            current.push_str(line);
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Reports an input or output that failed, and exits with 1.
fn fail(message: &str) -> ! {
    eprintln!("gen_corpus: {message}");
    std::process::exit(1)
}

fn load_samples(dir: &Path) -> Vec<Sample> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| {
            fail(&format!(
                "{}: {e} (give the samples with --src DIR)",
                dir.display()
            ))
        })
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p)
                .unwrap_or_else(|e| fail(&format!("{}: {e}", p.display())));
            let mut paras = paragraphs(&text);
            // Keep at least the first 1.5 KB whole: the head the segmenter reads.
            let mut head_len = 0;
            let mut head = 0;
            while head < paras.len().saturating_sub(2) && head_len < 1500 {
                head_len += paras[head].len();
                head += 1;
            }
            let body = paras.split_off(head);
            Sample { head: paras, body }
        })
        .collect()
}

/// A division's full name and short forms, by level.
struct Division {
    level: String,
    name: String,
    short: Vec<String>,
}

fn divisions() -> Vec<Division> {
    GAZETTEER
        .lines()
        .filter_map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            (f.len() >= 3).then(|| Division {
                level: f[2].to_string(),
                name: f[1].to_string(),
                short: f
                    .get(4)
                    .map(|s| {
                        s.split(',')
                            .filter(|x| x.chars().count() >= 2)
                            .map(str::to_string)
                            .collect()
                    })
                    .unwrap_or_default(),
            })
        })
        .collect()
}

/// Person names in the gold files (`"people": [{"name": …}]`, article authors).
fn gold_people(dir: &Path) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return names;
    };
    for entry in entries.flatten() {
        let Ok(text) = std::fs::read_to_string(entry.path()) else {
            continue;
        };
        let Ok(json) = serde_json::from_str::<serde_json::Value>(&text) else {
            continue;
        };
        for p in json["people"].as_array().into_iter().flatten() {
            if let Some(n) = p["name"].as_str() {
                names.insert(n.to_string());
            }
        }
        for a in json["articles"].as_array().into_iter().flatten() {
            if let Some(n) = a["author_person"].as_str() {
                names.insert(n.to_string());
            }
        }
    }
    names.retain(|n| n.chars().count() >= 2);
    names
}

const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
const GIVEN: &str = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红文辉宇浩晨博鑫雪梅琳晓东海波斌宏建平春燕新民玉兰丹凤云鹏飞俊峰";

fn person_name(rng: &mut Rng) -> String {
    let surnames: Vec<char> = SURNAMES.chars().collect();
    let given: Vec<char> = GIVEN.chars().collect();
    let mut s = String::new();
    s.push(*rng.pick(&surnames));
    for _ in 0..1 + rng.below(2) {
        s.push(*rng.pick(&given));
    }
    s
}

/// Replaces every pattern by its replacement in one left-to-right pass,
/// longest pattern first at each position.
struct Replacer {
    by_first: HashMap<char, Vec<(String, String)>>,
}

impl Replacer {
    fn new(map: &BTreeMap<String, String>) -> Replacer {
        let mut by_first: HashMap<char, Vec<(String, String)>> = HashMap::new();
        for (from, to) in map {
            if let Some(c) = from.chars().next() {
                by_first
                    .entry(c)
                    .or_default()
                    .push((from.clone(), to.clone()));
            }
        }
        for v in by_first.values_mut() {
            v.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        }
        Replacer { by_first }
    }

    fn apply(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + text.len() / 8);
        let mut rest = text;
        while let Some(c) = rest.chars().next() {
            let hit = self
                .by_first
                .get(&c)
                .and_then(|v| v.iter().find(|(from, _)| rest.starts_with(from.as_str())));
            match hit {
                Some((from, to)) => {
                    out.push_str(to);
                    rest = &rest[from.len()..];
                }
                None => {
                    out.push(c);
                    rest = &rest[c.len_utf8()..];
                }
            }
        }
        out
    }
}

/// Moves years (1990–2035) by `shift` and changes the other digits of each
/// ASCII number but the first, so magnitudes stay plausible.
fn vary_numbers(text: &str, shift: i32, rng: &mut Rng) -> String {
    let mut out = String::with_capacity(text.len());
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            let digits = &text[start..i];
            match digits.parse::<i32>() {
                Ok(y) if digits.len() == 4 && (1990..=2035).contains(&y) => {
                    out.push_str(&(y + shift).to_string());
                }
                _ if digits.len() >= 2 && rng.chance(0.7) => {
                    out.push_str(&digits[..1]);
                    for _ in 1..digits.len() {
                        out.push(char::from(b'0' + rng.below(10) as u8));
                    }
                }
                _ => out.push_str(digits),
            }
        } else {
            let c = text[i..].chars().next().expect("char boundary");
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

fn main() {
    let o = options();
    let samples = load_samples(&o.src);
    assert!(!samples.is_empty(), "no *.txt in {}", o.src.display());
    let all_text: String = samples
        .iter()
        .flat_map(|s| s.head.iter().chain(&s.body))
        .map(String::as_str)
        .collect();

    // The divisions the samples name, and the candidates of each level.
    let divisions = divisions();
    let mut by_level: BTreeMap<&str, Vec<&Division>> = BTreeMap::new();
    for d in &divisions {
        if d.level != "province" {
            by_level.entry(d.level.as_str()).or_default().push(d);
        }
    }
    let named: Vec<&Division> = divisions
        .iter()
        .filter(|d| d.level != "province" && d.name.chars().count() >= 2)
        .filter(|d| all_text.contains(&d.name) || d.short.iter().any(|s| all_text.contains(s)))
        .collect();
    let people: Vec<String> = gold_people(&o.gold)
        .into_iter()
        .filter(|n| all_text.contains(n.as_str()))
        .collect();
    let pool: Vec<&String> = samples.iter().flat_map(|s| &s.body).collect();

    std::fs::create_dir_all(&o.out).unwrap_or_else(|e| fail(&format!("{}: {e}", o.out.display())));
    let mut total = 0usize;
    for n in 0..o.docs {
        let mut rng =
            Rng(o.seed.wrapping_mul(0x1000_0000_01B3) ^ (n as u64).wrapping_mul(0x9E37_79B9));
        rng.next();
        let sample = &samples[n % samples.len()];

        // Paragraphs: the head, the body mostly in order, some swapped, some added.
        let target = 12_500 + rng.below(20_000);
        let mut parts: Vec<&str> = sample.head.iter().map(String::as_str).collect();
        let mut len: usize = parts.iter().map(|p| p.len()).sum();
        for p in &sample.body {
            if len >= target + 4_000 {
                break;
            }
            let p = if rng.chance(0.2) {
                rng.pick(&pool).as_str()
            } else {
                p.as_str()
            };
            if rng.chance(0.1) {
                continue;
            }
            parts.push(p);
            len += p.len();
        }
        while len < target {
            let p = rng.pick(&pool).as_str();
            parts.push(p);
            len += p.len();
        }
        // Neighbouring paragraphs change places now and then.
        for i in sample.head.len()..parts.len().saturating_sub(1) {
            if rng.chance(0.1) {
                parts.swap(i, i + 1);
            }
        }

        // Names: each division named becomes another of its level, each person another.
        let mut map = BTreeMap::new();
        for d in &named {
            let to = *rng.pick(&by_level[d.level.as_str()]);
            map.insert(d.name.clone(), to.name.clone());
            let to_short = to.short.first().unwrap_or(&to.name);
            for s in &d.short {
                map.entry(s.clone()).or_insert_with(|| to_short.clone());
            }
        }
        for p in &people {
            map.insert(p.clone(), person_name(&mut rng));
        }
        let text = Replacer::new(&map).apply(&parts.concat());
        let shift = rng.below(11) as i32 - 6;
        let text = vary_numbers(&text, shift, &mut rng);

        let name = format!("{n:05}_{:016x}.txt", rng.next());
        std::fs::write(o.out.join(&name), &text).unwrap_or_else(|e| fail(&format!("{name}: {e}")));
        total += text.len();
    }
    eprintln!(
        "{} documents, {:.1} MB in {}",
        o.docs,
        total as f64 / 1e6,
        o.out.display()
    );
}
