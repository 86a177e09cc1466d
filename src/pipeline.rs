//! The pure part of the pipeline: text in, analysed [`Document`] out.

use crate::document::Document;
use crate::extract::{self, Lexicon};
use crate::{normalize, segment};

/// Normalizes, segments and extracts one decoded text.
///
/// `file_name` is the name the document is known by (`000_x.txt`, no folders).
pub fn analyze(file_name: &str, original: &str, lexicon: &Lexicon) -> Document {
    let mut doc = prepare(file_name, original);
    extract::extract(&mut doc, lexicon);
    doc
}

/// Documents a worker analyses together with [`analyze_batch`]; a build
/// hands each worker this many at a time, fewer when that would leave a
/// thread without work.
pub const BATCH_DOCUMENTS: usize = 16;

/// Text a worker analyses together at most: a batch is cut short once it
/// holds this much, so a batch of large files holds about one file at a
/// time (16 documents of the generated corpus are about 400 KB).
pub const BATCH_BYTES: usize = 1 << 20;

/// [`analyze`] for several texts (`(file_name, original)`), the same
/// documents in the same order, faster: jieba tags the whole batch before
/// the extractors run, so its dictionary and model stay in the CPU's caches
/// instead of being evicted by the extractors' tables at every document
/// (9–18% of the single-threaded time on the generated 1k corpus,
/// BENCHMARKS.md).
pub fn analyze_batch(texts: &[(&str, &str)], lexicon: &Lexicon) -> Vec<Document> {
    let mut docs: Vec<Document> = texts
        .iter()
        .map(|(file_name, original)| prepare(file_name, original))
        .collect();
    let tagged: Vec<_> = docs.iter().map(|d| lexicon.tag_document(&d.text)).collect();
    for (doc, tagged) in docs.iter_mut().zip(&tagged) {
        extract::extract_tagged(doc, lexicon, tagged);
    }
    docs
}

/// Normalizes and segments one decoded text: the document the extractors read.
pub fn prepare(file_name: &str, original: &str) -> Document {
    let normalized = normalize::normalize(original);
    let mut doc = Document::new(
        file_name.to_string(),
        original.to_string(),
        normalized.text,
        normalized.origin,
    );
    segment::segment(&mut doc);
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_gives_the_documents_analyzed_one_by_one() {
        let lexicon = Lexicon::load();
        let files = crate::test_support::sample_files();
        let texts: Vec<(String, String)> = files
            .iter()
            .map(|p| {
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                (name, std::fs::read_to_string(p).unwrap())
            })
            .collect();
        assert!(texts.len() >= 2, "a batch of several documents");
        let borrowed: Vec<(&str, &str)> = texts
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .collect();
        let batch = analyze_batch(&borrowed, &lexicon);
        assert_eq!(batch.len(), texts.len());
        for ((name, text), doc) in texts.iter().zip(&batch) {
            let alone = analyze(name, text, &lexicon);
            assert_eq!(&alone, doc, "{name}");
            assert!(!doc.facts.organizations.is_empty(), "{name}: extracted");
        }
        assert!(analyze_batch(&[], &lexicon).is_empty());
    }
}
