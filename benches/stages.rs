//! `cargo bench`: each stage of the pipeline over the sample corpus
//! (`tests/corpus/`), one iteration = every sample document once, so the
//! throughput column is in bytes of source text per second.
//!
//!     cargo bench --bench stages              # all stages
//!     cargo bench --bench stages -- extract   # those whose name has "extract"
//!
//! The whole-process figures (build, queries, memory) are in `benches/compare.sh`,
//! the single-threaded comparison with jieba in `benches/throughput.rs`.

use std::sync::LazyLock;

use divan::counter::BytesCount;
use divan::Bencher;
use edupol::extract::{self, Context};
use edupol::store::Store;
use edupol::triples::{self, SourceInfo};
use edupol::{normalize, pipeline, segment, Document, Lexicon};

fn main() {
    divan::main();
}

static LEXICON: LazyLock<Lexicon> = LazyLock::new(Lexicon::load);

/// The sample documents as read: (file name, text, SHA-256).
static SAMPLES: LazyLock<Vec<(String, String, String)>> = LazyLock::new(|| {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus");
    let (paths, errors) = edupol::read::discover(&[dir.into()]);
    assert!(errors.is_empty(), "{errors:?}");
    paths
        .iter()
        .map(|p| {
            let s = edupol::read::read(p).expect("sample readable");
            (s.file_name, s.text, s.sha256)
        })
        .collect()
});

fn bytes() -> BytesCount {
    BytesCount::new(SAMPLES.iter().map(|(_, t, _)| t.len()).sum::<usize>())
}

/// The samples normalized, not yet segmented.
fn normalized() -> Vec<Document> {
    SAMPLES
        .iter()
        .map(|(name, text, _)| {
            let n = normalize::normalize(text);
            Document::new(name.clone(), text.clone(), n.text, n.origin)
        })
        .collect()
}

/// The samples segmented, with their contexts, no facts yet.
static SEGMENTED: LazyLock<Vec<(Document, Context)>> = LazyLock::new(|| {
    normalized()
        .into_iter()
        .map(|mut d| {
            segment::segment(&mut d);
            let c = Context::of(&d, &LEXICON);
            (d, c)
        })
        .collect()
});

/// The samples fully analysed: what `triples` and the later extractors read.
static ANALYSED: LazyLock<Vec<(Document, Context)>> = LazyLock::new(|| {
    SAMPLES
        .iter()
        .map(|(name, text, _)| {
            let d = pipeline::analyze(name, text, &LEXICON);
            let c = Context::of(&d, &LEXICON);
            (d, c)
        })
        .collect()
});

#[divan::bench]
fn normalize(bencher: Bencher) {
    bencher.counter(bytes()).bench(|| {
        SAMPLES
            .iter()
            .map(|(_, text, _)| normalize::normalize(text).text.len())
            .sum::<usize>()
    });
}

#[divan::bench]
fn segment(bencher: Bencher) {
    bencher
        .counter(bytes())
        .with_inputs(normalized)
        .bench_local_values(|mut docs| {
            for d in &mut docs {
                segment::segment(d);
            }
            docs
        });
}

#[divan::bench]
fn context(bencher: Bencher) {
    let tagged: Vec<_> = SEGMENTED
        .iter()
        .map(|(d, _)| LEXICON.tag_document(&d.text))
        .collect();
    bencher.counter(bytes()).bench_local(|| {
        SEGMENTED
            .iter()
            .zip(&tagged)
            .map(|((d, _), t)| t.scope(|| Context::of(d, &LEXICON)).articles.len())
            .sum::<usize>()
    });
}

/// The extractors, each over documents holding the facts of those before it.
mod extract_ {
    use super::*;

    /// Runs `f` as `extract::extract` does: with the document's words
    /// tagged once (before the timing).
    fn each<T>(bencher: Bencher, f: impl Fn(&Document, &Context) -> Vec<T>) {
        let tagged: Vec<_> = ANALYSED
            .iter()
            .map(|(d, _)| LEXICON.tag_document(&d.text))
            .collect();
        bencher.counter(bytes()).bench_local(|| {
            ANALYSED
                .iter()
                .zip(&tagged)
                .map(|((d, c), t)| t.scope(|| f(d, c).len()))
                .sum::<usize>()
        });
    }

    /// The one jieba pass over each text that the extractors share.
    #[divan::bench]
    fn jieba_once(bencher: Bencher) {
        bencher.counter(bytes()).bench(|| {
            for (d, _) in ANALYSED.iter() {
                drop(LEXICON.tag_document(&d.text));
            }
        });
    }

    #[divan::bench]
    fn place(bencher: Bencher) {
        each(bencher, |d, c| extract::place::extract(d, &LEXICON, c));
    }

    #[divan::bench]
    fn organization(bencher: Bencher) {
        each(bencher, |d, c| {
            extract::organization::extract(d, &LEXICON, c)
        });
    }

    #[divan::bench]
    fn person(bencher: Bencher) {
        each(bencher, |d, c| extract::person::extract(d, &LEXICON, c).1);
    }

    #[divan::bench]
    fn initiative(bencher: Bencher) {
        each(bencher, |d, c| extract::initiative::extract(d, &LEXICON, c));
    }

    #[divan::bench]
    fn partnership(bencher: Bencher) {
        each(bencher, |d, c| {
            extract::partnership::extract(d, &LEXICON, c)
        });
    }

    #[divan::bench]
    fn quantity(bencher: Bencher) {
        each(bencher, |d, c| extract::quantity::extract(d, &LEXICON, c));
    }

    #[divan::bench]
    fn milestone(bencher: Bencher) {
        each(bencher, |d, c| extract::milestone::extract(d, &LEXICON, c));
    }

    /// All extractors in order, as `pipeline::analyze` runs them.
    #[divan::bench]
    fn all(bencher: Bencher) {
        bencher
            .counter(bytes())
            .with_inputs(|| SEGMENTED.iter().map(|(d, _)| d.clone()).collect::<Vec<_>>())
            .bench_local_values(|mut docs| {
                for d in &mut docs {
                    extract::extract(d, &LEXICON);
                }
                docs
            });
    }
}

#[divan::bench]
fn analyze(bencher: Bencher) {
    bencher.counter(bytes()).bench(|| {
        SAMPLES
            .iter()
            .map(|(name, text, _)| pipeline::analyze(name, text, &LEXICON).facts.places.len())
            .sum::<usize>()
    });
}

#[divan::bench]
fn triples(bencher: Bencher) {
    bencher.counter(bytes()).bench(|| {
        ANALYSED
            .iter()
            .zip(SAMPLES.iter())
            .map(|((d, _), (_, _, sha))| {
                let info = SourceInfo {
                    sha256: Some(sha.clone()),
                    ..SourceInfo::default()
                };
                triples::document_quads(d, &info, &LEXICON).len()
            })
            .sum::<usize>()
    });
}

/// Writing each document (its graph and its shared statements) into a fresh
/// in-memory store, one transaction each.
#[divan::bench]
fn store_write(bencher: Bencher) {
    let graphs: Vec<_> = ANALYSED
        .iter()
        .map(|(d, _)| {
            (
                triples::document_iri(&d.file_name),
                triples::document_quads(d, &SourceInfo::default(), &LEXICON),
            )
        })
        .collect();
    bencher
        .counter(bytes())
        .with_inputs(|| Store::in_memory().expect("in-memory store"))
        .bench_local_values(|store| {
            for (iri, quads) in &graphs {
                store.write_document(iri, quads).expect("written");
            }
            store
        });
}
