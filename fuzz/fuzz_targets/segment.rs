//! Normalize, segment and extract any text (`pipeline::analyze`): no panic,
//! and every sentence and article maps back into the original text.
#![no_main]

use std::sync::OnceLock;

use edupol::{pipeline, Lexicon};
use libfuzzer_sys::fuzz_target;

fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(Lexicon::load)
}

fuzz_target!(|text: &str| {
    let doc = pipeline::analyze("fuzz.txt", text, lexicon());
    let spans = doc.sentences.iter().map(|s| s.span);
    for span in spans.chain(doc.articles.iter().map(|a| a.body)) {
        let range = doc.original_range(span);
        assert!(range.start <= range.end && range.end <= text.len());
        let _ = doc.slice(span);
    }
});
