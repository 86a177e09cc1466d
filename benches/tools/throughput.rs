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
//!   triples ([`edupol::pipeline::analyze_batch`] on the batches of a build,
//!   [`edupol::triples::document_quads`]), no store; with the time of each
//!   stage and extractor.
//!
//! The passes take turns for `--rounds R` rounds (default 3); each pass's
//! best round counts.
//! `--only tag|cut|edupol` runs one pass (for `perf record`). `--batch N`
//! analyses N documents at a time (default: a build's
//! [`edupol::pipeline::BATCH_DOCUMENTS`]; 1 is one by one).

use std::io::BufReader;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use edupol::extract::{self, Context};
use edupol::{normalize, pipeline, segment, triples, Document, Lexicon};

// The allocator of `edupol` (src/main.rs), so stages cost what they cost there.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USER_DICT: &str = include_str!("../../data/edupol.dict");

fn main() {
    let mut dir = None;
    let mut rounds = 3;
    let mut only: Option<String> = None;
    let mut batch = pipeline::BATCH_DOCUMENTS;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--rounds" => rounds = args.next().and_then(|r| r.parse().ok()).unwrap_or(3),
            "--only" => only = args.next(),
            "--batch" => {
                batch = args
                    .next()
                    .and_then(|b| b.parse().ok())
                    .filter(|&b| b > 0)
                    .unwrap_or(batch)
            }
            _ => dir = Some(PathBuf::from(a)),
        }
    }
    let Some(dir) = dir else {
        eprintln!("usage: throughput DIR [--rounds R] [--only tag|cut|edupol] [--batch N]");
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

    let report = |name: &str, (d, n): (Duration, usize)| {
        let rate = mb / d.as_secs_f64();
        println!(
            "{name:<12} {:>8.3} s {rate:>8.2} MB/s  ({n} items)",
            d.as_secs_f64()
        );
        rate
    };
    let timed = |f: &mut dyn FnMut() -> usize| -> (Duration, usize) {
        let t = Instant::now();
        let n = f();
        (t.elapsed(), n)
    };

    // The passes take turns, round after round, and each keeps its best
    // round: this machine's speed drifts by a fifth within minutes, and a
    // ratio of passes run minutes apart would measure the drift.
    let mut tag: Option<(Duration, usize)> = None;
    let mut cut: Option<(Duration, usize)> = None;
    let mut edupol: Option<((Duration, usize), Stages)> = None;
    for _ in 0..rounds.max(1) {
        if wants("tag") {
            let t = timed(&mut || texts.iter().map(|t| jieba.tag(t, true).len()).sum());
            tag = Some(tag.map_or(t, |best| best.min(t)));
        }
        if wants("cut") {
            let t = timed(&mut || texts.iter().map(|t| jieba.cut(t, true).len()).sum());
            cut = Some(cut.map_or(t, |best| best.min(t)));
        }
        if wants("edupol") {
            let mut stages = Stages::default();
            let t = timed(&mut || {
                paths
                    .chunks(batch)
                    .map(|batch| stages.run(batch, &lexicon))
                    .sum::<usize>()
            });
            if edupol.as_ref().is_none_or(|(best, _)| t < *best) {
                edupol = Some((t, stages));
            }
        }
    }
    let tag = tag.map(|t| report("jieba tag", t));
    if let Some(t) = cut {
        report("jieba cut", t);
    }
    if let Some((result, stages)) = edupol {
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

    /// The pipeline of `pipeline::analyze_batch` (as a build runs it, on
    /// [`pipeline::BATCH_DOCUMENTS`] files at a time), stage by stage, then
    /// the quads; returns the number of quads.
    fn run(&mut self, paths: &[PathBuf], lexicon: &Lexicon) -> usize {
        let mut t = Instant::now();
        let sources: Vec<_> = paths
            .iter()
            .map(|p| edupol::read::read(p).expect("readable"))
            .collect();
        self.add("read", &mut t);
        let normalized: Vec<_> = sources
            .iter()
            .map(|s| normalize::normalize(&s.text))
            .collect();
        self.add("normalize", &mut t);
        let mut docs: Vec<Document> = sources
            .iter()
            .zip(normalized)
            .map(|(s, n)| {
                let mut doc = Document::new(s.file_name.clone(), s.text.clone(), n.text, n.origin);
                segment::segment(&mut doc);
                doc
            })
            .collect();
        self.add("segment", &mut t);
        // As `analyze_batch` does: jieba once over each text of the batch,
        // then the extractors, whose tagging of lines and sentences reads
        // those words.
        let tagged: Vec<_> = docs.iter().map(|d| lexicon.tag_document(&d.text)).collect();
        self.add("jieba (once)", &mut t);
        let mut quads = 0;
        for ((doc, tagged), source) in docs.iter_mut().zip(&tagged).zip(sources) {
            tagged.scope(|| self.extract(doc, lexicon, &mut t));
            let info = triples::SourceInfo {
                sha256: Some(source.sha256),
                extracted_with: Some(triples::extracted_with()),
            };
            quads += triples::document_quads(doc, &info, lexicon).len();
            self.add("triples", &mut t);
        }
        quads
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
