//! What the unit tests of several modules share.

use std::path::PathBuf;

/// The files of the sample corpus (`tests/corpus/`), sorted by name.
pub fn sample_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir("tests/corpus")
        .expect("tests/corpus/ holds the sample corpus")
        .map(|e| e.expect("a readable entry of tests/corpus/").path())
        .collect();
    files.sort();
    files
}
