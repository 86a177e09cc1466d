//! Compiles the saved queries (`queries/*.rq`) into the binary, so that
//! `edupol serve` can offer them wherever the binary is run. Writes
//! `$OUT_DIR/saved_queries.rs`: a sorted list of `(file name, text)`.

use std::path::Path;
use std::{env, fs};

fn main() {
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
