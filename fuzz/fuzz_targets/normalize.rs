//! The normalizer on any text: no panic, and its offset map has one entry per
//! byte of the output plus one, each inside the original text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let normalized = edupol::normalize::normalize(text);
    assert_eq!(normalized.origin.len(), normalized.text.len() + 1);
    assert!(normalized
        .origin
        .iter()
        .all(|&at| at as usize <= text.len()));
});
