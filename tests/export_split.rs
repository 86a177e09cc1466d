//! `edupol export --format nquads --split N -o DIR`: N-Quads files of at
//! most N quads for the bulk loaders of triplestores, run with the real
//! binary on the store built from tests/corpus.

mod common;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Output;

use common::{assert_success, command, corpus_store, sorted_nquads};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphName, NamedOrBlankNode, Term};

/// Runs `edupol export --store <corpus> args…`.
fn export(args: &[&str]) -> Output {
    command(&["export", "--store"])
        .arg(corpus_store())
        .args(args)
        .output()
        .expect("the edupol binary runs")
}

/// Splits the corpus store into `dir` with N = `per_file`, and returns the
/// files written, in order of their names.
fn split(dir: &Path, per_file: usize) -> Vec<PathBuf> {
    let out = export(&[
        "--format",
        "nquads",
        "--split",
        &per_file.to_string(),
        "--output",
        dir.to_str().unwrap(),
    ]);
    assert_success(&out, "export --split failed");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

fn lines(file: &Path) -> Vec<String> {
    std::fs::read_to_string(file)
        .unwrap()
        .lines()
        .map(String::from)
        .collect()
}

/// Checks names and sizes, and that the files together are the whole
/// export.
fn check_split(per_file: usize) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("shards");
    let files = split(&dir, per_file);
    let whole = sorted_nquads(corpus_store());
    assert_eq!(
        files.len(),
        whole.len().div_ceil(per_file),
        "N = {per_file}"
    );
    let mut all = Vec::new();
    for (i, file) in files.iter().enumerate() {
        let name = file.file_name().unwrap().to_str().unwrap();
        assert_eq!(name, format!("edupol-{:05}.nq", i + 1));
        let lines = lines(file);
        if i + 1 < files.len() {
            assert_eq!(lines.len(), per_file, "{name} with N = {per_file}");
        } else {
            assert!(
                (1..=per_file).contains(&lines.len()),
                "{name}: {} lines",
                lines.len()
            );
        }
        all.extend(lines);
    }
    all.sort();
    assert_eq!(all.len(), whole.len());
    assert!(all == whole, "the shards differ from the whole export");
}

#[test]
fn the_files_together_are_the_whole_export_and_all_but_the_last_are_full() {
    // 23: the ontology's groups of quads sharing blank nodes (up to 11 quads)
    // do not fill files exactly; other quads fill the rest.
    check_split(23);
    check_split(997);
    check_split(5_000);
}

#[test]
fn a_store_smaller_than_n_gives_one_file() {
    check_split(100_000_000);
}

#[test]
fn quads_that_share_a_blank_node_are_in_one_file() {
    let tmp = tempfile::tempdir().unwrap();
    // Small files, so that the ontology's groups fall into several.
    let files = split(&tmp.path().join("shards"), 23);
    let mut file_of: HashMap<String, usize> = HashMap::new();
    let mut blank_quads = 0;
    for (i, file) in files.iter().enumerate() {
        let bytes = std::fs::read(file).unwrap();
        for quad in RdfParser::from_format(RdfFormat::NQuads).for_slice(&bytes) {
            let quad = quad.unwrap();
            let mut labels = Vec::new();
            if let NamedOrBlankNode::BlankNode(b) = &quad.subject {
                labels.push(b.as_str().to_string());
            }
            if let Term::BlankNode(b) = &quad.object {
                labels.push(b.as_str().to_string());
            }
            if let GraphName::BlankNode(b) = &quad.graph_name {
                labels.push(b.as_str().to_string());
            }
            blank_quads += usize::from(!labels.is_empty());
            for label in labels {
                let first = *file_of.entry(label.clone()).or_insert(i);
                assert_eq!(
                    first,
                    i,
                    "_:{label} is in {} and {}",
                    files[first].display(),
                    file.display()
                );
            }
        }
    }
    assert!(
        blank_quads > 23,
        "the ontology's class unions are blank nodes: more quads than one file holds"
    );
}

#[test]
fn the_files_load_back_into_a_store_with_every_quad() {
    let tmp = tempfile::tempdir().unwrap();
    let files = split(&tmp.path().join("shards"), 4_096);
    let store = oxigraph::store::Store::new().unwrap();
    for file in &files {
        let reader = std::io::BufReader::new(std::fs::File::open(file).unwrap());
        store
            .load_from_reader(RdfFormat::NQuads, reader)
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    }
    assert_eq!(store.len().unwrap(), sorted_nquads(corpus_store()).len());
    let graphs: HashSet<_> = store.named_graphs().map(Result::unwrap).collect();
    assert!(
        graphs.len() > 4,
        "the documents' graphs and the shared ones: {graphs:?}"
    );
}

#[test]
fn a_summary_names_the_files_quads_and_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("shards");
    let out = export(&[
        "--format",
        "nquads",
        "--split",
        "5000",
        "-o",
        dir.to_str().unwrap(),
    ]);
    assert_success(&out, "export --split failed");
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    let quads = sorted_nquads(corpus_store()).len();
    let files = quads.div_ceil(5000);
    assert!(stderr.contains(&format!("{quads} quads")), "{stderr}");
    assert!(
        stderr.contains(&format!("{files} N-Quads file(s)")),
        "{stderr}"
    );
    assert!(stderr.contains(dir.to_str().unwrap()), "{stderr}");
}

#[test]
fn usage_errors_exit_2_and_say_why() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("shards");
    let dir = dir.to_str().unwrap();
    let cases: &[(&[&str], &str)] = &[
        (&["--format", "nquads", "--split", "1000"], "--output"),
        (&["--split", "1000", "-o", dir], "--format nquads"),
        (&["-f", "turtle", "--split", "1000", "-o", dir], "prefixes"),
        (&["-f", "trig", "--split", "1000", "-o", dir], "prefixes"),
        (
            &["-f", "ntriples", "--split", "1000", "-o", dir],
            "graph names",
        ),
        (&["-f", "nquads", "--split", "0", "-o", dir], "at least 1"),
        (
            &["-f", "nquads", "--split", "many", "-o", dir],
            "at least 1",
        ),
        // The ontology's largest class union is 11 quads sharing blank nodes.
        (&["-f", "nquads", "--split", "3", "-o", dir], "blank node"),
    ];
    for (args, says) in cases {
        let out = export(args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains(says),
            "{args:?} should say {says:?}: {stderr}"
        );
        assert!(!Path::new(dir).exists(), "{args:?} created the folder");
    }
}

#[test]
fn a_folder_that_is_not_empty_is_refused_and_left_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("shards");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("edupol-00001.nq"), "from before\n").unwrap();
    let stderr = refused_split_into(&dir);
    assert!(stderr.contains("not empty"), "{stderr}");
    assert!(stderr.contains(dir.to_str().unwrap()), "{stderr}");
    let entries: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
    assert_eq!(entries.len(), 1);
    assert_eq!(
        std::fs::read_to_string(dir.join("edupol-00001.nq")).unwrap(),
        "from before\n"
    );

    // A file where the folder should be.
    let file = tmp.path().join("a-file.nq");
    std::fs::write(&file, "").unwrap();
    let stderr = refused_split_into(&file);
    assert!(stderr.contains("not a folder"), "{stderr}");
}

/// The stderr of `export --split 1000 -o path`, which must exit 2.
fn refused_split_into(path: &Path) -> String {
    let out = export(&[
        "--format",
        "nquads",
        "--split",
        "1000",
        "-o",
        path.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    stderr
}

#[test]
fn an_empty_folder_is_accepted_and_no_partial_file_stays() {
    let tmp = tempfile::tempdir().unwrap();
    let files = split(tmp.path(), 10_000);
    assert!(!files.is_empty());
    for file in &files {
        assert_eq!(file.extension().unwrap(), "nq", "{}", file.display());
    }
}
