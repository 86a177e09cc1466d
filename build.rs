//! Compiles the saved queries (`queries/*.rq`) into the binary, so that
//! `edupol serve` can offer them wherever the binary is run. Writes
//! `$OUT_DIR/saved_queries.rs`: a sorted list of `(file name, text)`.
//!
//! Also fingerprints what decides a document's graph (the extractors' code,
//! the dictionaries and gazetteer, the ontology) as `EDUPOL_PIPELINE_SHA`, so
//! that `edupol build` re-extracts a file after any of them changed and skips
//! it otherwise.

use std::path::{Path, PathBuf};
use std::{env, fs};

use sha2::{Digest, Sha256};

/// What the graph of a document depends on, besides the document itself.
const PIPELINE_INPUTS: &[&str] = &[
    "data",
    "ontology/edupol.ttl",
    "src/read.rs",
    "src/normalize.rs",
    "src/segment.rs",
    "src/pipeline.rs",
    "src/document.rs",
    "src/titles.rs",
    "src/triples.rs",
    "src/vocab.rs",
    "src/extract",
];

fn main() {
    saved_queries();
    pipeline_fingerprint();
}

fn pipeline_fingerprint() {
    let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let mut files = Vec::new();
    for input in PIPELINE_INPUTS {
        let path = root.join(input);
        println!("cargo:rerun-if-changed={}", path.display());
        collect_files(&path, &mut files);
    }
    files.sort();
    let mut hasher = Sha256::new();
    for file in &files {
        let relative = file.strip_prefix(&root).unwrap_or(file);
        hasher.update(relative.to_string_lossy().as_bytes());
        hasher.update([0]);
        hasher.update(fs::read(file).unwrap_or_default());
        hasher.update([0]);
    }
    let hex: String = hasher.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    println!("cargo:rustc-env=EDUPOL_PIPELINE_SHA={hex}");
}

fn collect_files(path: &Path, files: &mut Vec<PathBuf>) {
    if path.is_dir() {
        for entry in fs::read_dir(path).into_iter().flatten().flatten() {
            collect_files(&entry.path(), files);
        }
    } else if path.is_file() {
        files.push(path.to_path_buf());
    }
}

fn saved_queries() {
    let dir = Path::new(&env::var("CARGO_MANIFEST_DIR").expect("cargo sets it")).join("queries");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "rq"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut code = String::from("/// The saved queries: (file name, text), by name.\n");
    code.push_str("pub const SAVED_QUERIES: &[(&str, &str)] = &[\n");
    for path in &files {
        let name = path.file_name().expect("a file").to_string_lossy();
        code.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            path.display().to_string()
        ));
    }
    code.push_str("];\n");
    let out = Path::new(&env::var("OUT_DIR").expect("cargo sets it")).join("saved_queries.rs");
    fs::write(&out, code).expect("OUT_DIR is writable");
}
