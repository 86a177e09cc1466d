//! Single-threaded throughput of edupol's extraction against the segmenter it
//! stands on (BENCHMARKS.md):
//!
//!     cargo run --release --example gen_corpus -- --docs 1000 --out /tmp/c1k
//!     cargo run --release --example throughput -- /tmp/c1k
//!
//! Over the same texts, in MB of source text per second:
//!
//! - `jieba tag`: a bare `Jieba::tag` (HMM on) of each whole text, with the
//!   dictionary edupol uses (jieba's default plus `data/edupol.dict`);
//! - `jieba cut`: a bare `Jieba::cut` (HMM on), same dictionary;
//! - `edupol`: read (file, decode, SHA-256) → normalize → segment → extract →
//!   triples ([`edupol::pipeline::analyze`], [`edupol::triples::document_quads`]),
//!   no store; with the time of each stage and extractor.
//!
//! Each pass runs `--rounds R` times (default 3) and the best round counts.
//! `--only tag|cut|edupol` runs one pass (for `perf record`).

use std::io::BufReader;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use edupol::extract::{self, Context};
use edupol::{normalize, segment, triples, Document, Lexicon};

// The allocator of `edupol` (src/main.rs), so stages cost what they cost there.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USER_DICT: &str = include_str!("../../data/edupol.dict");

fn main() {
    let mut dir = None;
    let mut rounds = 3;
    let mut only: Option<String> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--rounds" => rounds = args.next().and_then(|r| r.parse().ok()).unwrap_or(3),
            "--only" => only = args.next(),
            _ => dir = Some(PathBuf::from(a)),
        }
    }
    let Some(dir) = dir else {
        eprintln!("usage: throughput DIR [--rounds R] [--only tag|cut|edupol]");
        std::process::exit(2);
    };
    let (paths, errors) = edupol::read::discover(&[dir]);
    assert!(errors.is_empty(), "{errors:?}");
    let texts: Vec<String> = paths
        .iter()
        .map(|p| edupol::read::read(p).expect("readable").text)
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let mb = bytes as f64 / 1e6;
    println!(
        "{} documents, {mb:.1} MB, best of {rounds} rounds, one thread",
        texts.len()
    );

    let mut jieba = jieba_rs::Jieba::new();
    jieba
        .load_dict(&mut BufReader::new(USER_DICT.as_bytes()))
        .expect("valid dictionary");
    let lexicon = Lexicon::load();
    let wants = |pass: &str| only.as_deref().is_none_or(|o| o == pass);

    let best = |f: &mut dyn FnMut() -> usize| -> (Duration, usize) {
        (0..rounds)
            .map(|_| {
                let t = Instant::now();
                let n = f();
                (t.elapsed(), n)
            })
            .min()
            .expect("at least one round")
    };
    let report = |name: &str, (d, n): (Duration, usize)| {
        let rate = mb / d.as_secs_f64();
        println!(
            "{name:<12} {:>8.3} s {rate:>8.2} MB/s  ({n} items)",
            d.as_secs_f64()
        );
        rate
    };

    let tag = wants("tag").then(|| {
        report(
            "jieba tag",
            best(&mut || texts.iter().map(|t| jieba.tag(t, true).len()).sum()),
        )
    });
    let _cut = wants("cut").then(|| {
        report(
            "jieba cut",
            best(&mut || texts.iter().map(|t| jieba.cut(t, true).len()).sum()),
        )
    });
    if wants("edupol") {
        let mut stages = Stages::default();
        let result = best(&mut || {
            stages = Stages::default();
            paths.iter().map(|p| stages.run(p, &lexicon)).sum::<usize>()
        });
        let rate = report("edupol", result);
        stages.print(result.0);
        if let Some(tag) = tag {
            println!("edupol / jieba tag = {:.2} (target ≥ 0.33)", rate / tag);
        }
    }
}

/// Time spent in each stage over one round.
#[derive(Default)]
struct Stages {
    times: Vec<(&'static str, Duration)>,
}

impl Stages {
    fn add(&mut self, name: &'static str, t: &mut Instant) {
        let now = Instant::now();
        let d = now - *t;
        *t = now;
        match self.times.iter_mut().find(|(n, _)| *n == name) {
            Some((_, total)) => *total += d,
            None => self.times.push((name, d)),
        }
    }

    /// The pipeline of `pipeline::analyze` and `extract::extract`, stage by
    /// stage, then the quads; returns the number of quads.
    fn run(&mut self, path: &std::path::Path, lexicon: &Lexicon) -> usize {
        let mut t = Instant::now();
        let source = edupol::read::read(path).expect("readable");
        self.add("read", &mut t);
        let normalized = normalize::normalize(&source.text);
        let mut doc = Document::new(
            source.file_name.clone(),
            source.text,
            normalized.text,
            normalized.origin,
        );
        self.add("normalize", &mut t);
        segment::segment(&mut doc);
        self.add("segment", &mut t);
        // As `extract::extract` does: jieba once over the text, then the
        // extractors, whose tagging of lines and sentences reads those words.
        let tagged = lexicon.tag_document(&doc.text);
        self.add("jieba (once)", &mut t);
        tagged.scope(|| self.extract(&mut doc, lexicon, &mut t));
        let info = triples::SourceInfo {
            sha256: Some(source.sha256),
            extracted_with: Some(triples::extracted_with()),
        };
        let quads = triples::document_quads(&doc, &info, lexicon);
        self.add("triples", &mut t);
        quads.len()
    }

    /// The extractors in the order of `extract::extract`.
    fn extract(&mut self, doc: &mut Document, lexicon: &Lexicon, t: &mut Instant) {
        let context = Context::of(doc, lexicon);
        self.add("context", t);
        doc.facts.places = extract::place::extract(doc, lexicon, &context);
        self.add("place", t);
        doc.facts.organizations = extract::organization::extract(doc, lexicon, &context);
        self.add("organization", t);
        let (people, posts) = extract::person::extract(doc, lexicon, &context);
        doc.facts.people = people;
        doc.facts.posts = posts;
        self.add("person", t);
        doc.facts.initiatives = extract::initiative::extract(doc, lexicon, &context);
        self.add("initiative", t);
        doc.facts.partnerships = extract::partnership::extract(doc, lexicon, &context);
        self.add("partnership", t);
        doc.facts.quantities = extract::quantity::extract(doc, lexicon, &context);
        self.add("quantity", t);
        doc.facts.milestones = extract::milestone::extract(doc, lexicon, &context);
        self.add("milestone", t);
    }

    fn print(&self, total: Duration) {
        for (name, d) in &self.times {
            println!(
                "  {name:<14} {:>8.3} s {:>5.1}%",
                d.as_secs_f64(),
                100.0 * d.as_secs_f64() / total.as_secs_f64()
            );
        }
    }
}
