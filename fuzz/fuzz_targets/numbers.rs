//! The number grammar (Arabic and Chinese numerals, multipliers, units,
//! comparators, ranges) on any text: no panic, and every reading's span is a
//! range of char boundaries inside the text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    for reading in edupol::extract::quantity::scan(text) {
        assert!(reading.start <= reading.end && reading.end <= text.len());
        assert!(text.is_char_boundary(reading.start) && text.is_char_boundary(reading.end));
    }
});
