//! What `build` promises about the store: rebuilds redo only what changed,
//! `--prune` removes deleted files, the graph does not depend on the order of
//! inputs or the number of threads, a bulk load in several commits is
//! compacted and loses nothing, two builds never share a store, and a store
//! of another format is refused with a clear message.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use common::{assert_success, command, repo, sorted_nquads};

fn corpus_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo().join("tests/corpus"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
}

/// A copy of the sample corpus in a folder of its own, to change.
fn copy_corpus(to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for f in corpus_files() {
        std::fs::copy(&f, to.join(f.file_name().unwrap())).unwrap();
    }
}

fn build(paths: &[&Path], store: &Path, extra: &[&str]) -> Output {
    let mut cmd = command(&["build", "--json"]);
    cmd.args(paths)
        .arg("--store")
        .arg(store)
        .args(extra)
        .env("SOURCE_DATE_EPOCH", "1767225600");
    cmd.output().unwrap()
}

/// The build's JSON summary, asserting that it succeeded.
fn summary(out: &Output) -> serde_json::Value {
    assert_success(out, "build failed");
    serde_json::from_slice(&out.stdout).unwrap()
}

/// A file's name without folder and extension: its graph's last segment.
fn stem_of(path: &Path) -> String {
    path.file_stem().unwrap().to_str().unwrap().to_string()
}

/// The lines of one document's graph.
fn graph_of<'a>(lines: &'a [String], stem: &str) -> Vec<&'a String> {
    let name = format!("<https://w3id.org/edupol/id/doc/{stem}> .");
    lines.iter().filter(|l| l.ends_with(&name)).collect()
}

#[test]
fn a_rebuild_skips_unchanged_files_and_replaces_only_a_changed_one() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    copy_corpus(&corpus);
    let store = dir.path().join("db");
    let first = summary(&build(&[&corpus], &store, &[]));
    assert_eq!(first["files_built"], 4, "{first}");
    let before = sorted_nquads(&store);

    let again = summary(&build(&[&corpus], &store, &[]));
    assert_eq!(again["files_built"], 0, "{again}");
    assert_eq!(again["files_skipped"], 4, "{again}");
    assert_eq!(
        sorted_nquads(&store),
        before,
        "a rebuild with nothing changed changed the graph"
    );

    let changed = corpus_files()[2].file_name().unwrap().to_owned();
    let stem = stem_of(Path::new(&changed));
    let mut text = std::fs::read_to_string(corpus.join(&changed)).unwrap();
    text.push_str("\n到2030年，全市新建幼儿园99所。\n");
    std::fs::write(corpus.join(&changed), text).unwrap();
    let third = summary(&build(&[&corpus], &store, &[]));
    assert_eq!(third["files_built"], 1, "{third}");
    assert_eq!(third["files_skipped"], 3, "{third}");
    let after = sorted_nquads(&store);
    for f in corpus_files() {
        let s = f.file_stem().unwrap().to_str().unwrap();
        if s == stem {
            assert_ne!(
                graph_of(&after, s),
                graph_of(&before, s),
                "{s} was not rebuilt"
            );
            assert!(graph_of(&after, s).iter().any(|l| l.contains("\"99\"")));
        } else {
            assert_eq!(graph_of(&after, s), graph_of(&before, s), "{s} changed");
        }
    }

    let forced = summary(&build(&[&corpus], &store, &["--force"]));
    assert_eq!(forced["files_built"], 4, "{forced}");
    assert_eq!(sorted_nquads(&store), after, "--force changed the graph");
}

#[test]
fn a_build_that_rewrites_every_document_loads_them_in_bulk_and_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    copy_corpus(&corpus);
    let store = dir.path().join("db");
    let first = summary(&build(&[&corpus], &store, &[]));
    assert_eq!(first["bulk"], true, "{first}");
    let fresh = sorted_nquads(&store);

    // Every document rewritten (as after a change of the pipeline): the
    // store is cleared of them and loaded in bulk, to the same graph.
    let forced = summary(&build(&[&corpus], &store, &["--force"]));
    assert_eq!(
        (forced["bulk"].clone(), forced["files_built"].clone()),
        (true.into(), 4.into()),
        "{forced}"
    );
    assert_eq!(
        sorted_nquads(&store),
        fresh,
        "the bulk rewrite changed the graph"
    );

    // A document whose file is not among the inputs stays: transactions.
    let other = dir.path().join("other");
    std::fs::create_dir_all(&other).unwrap();
    let extra = other.join("extra.txt");
    std::fs::copy(&corpus_files()[1], &extra).unwrap();
    summary(&build(&[&extra], &store, &[]));
    let forced = summary(&build(&[&corpus], &store, &["--force"]));
    assert_eq!(forced["bulk"], false, "{forced}");
    let with_extra = sorted_nquads(&store);
    assert!(
        !graph_of(&with_extra, "extra").is_empty(),
        "the other document was lost"
    );

    // With --prune it goes anyway: cleared, bulk, as a clean build.
    let pruned = summary(&build(&[&corpus], &store, &["--force", "--prune"]));
    assert_eq!(pruned["bulk"], true, "{pruned}");
    assert_eq!(pruned["graphs_pruned"], 1, "{pruned}");
    assert!(pruned["pruned"][0]
        .as_str()
        .unwrap()
        .ends_with("/doc/extra"));
    assert!(
        sorted_nquads(&store) == fresh,
        "the pruned bulk rewrite differs from a clean build"
    );

    // An input that no longer reads keeps its old graph: transactions.
    let broken = corpus_files()[3].file_name().unwrap().to_owned();
    let stem = stem_of(Path::new(&broken));
    std::fs::write(corpus.join(&broken), b"\0\0\0 not text \0\0").unwrap();
    let out = build(&[&corpus], &store, &["--force"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let after: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (after["bulk"].clone(), after["files_failed"].clone()),
        (false.into(), 1.into()),
        "{after}"
    );
    assert_eq!(
        graph_of(&sorted_nquads(&store), &stem),
        graph_of(&fresh, &stem),
        "the graph of the file that failed was lost"
    );
}

#[test]
fn prune_removes_the_documents_of_deleted_files_and_only_with_the_flag() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    copy_corpus(&corpus);
    let store = dir.path().join("db");
    summary(&build(&[&corpus], &store, &[]));
    let removed = corpus_files()[0].clone();
    let stem = stem_of(&removed);
    std::fs::remove_file(corpus.join(removed.file_name().unwrap())).unwrap();

    let kept = summary(&build(&[&corpus], &store, &[]));
    assert_eq!(kept["graphs_pruned"], 0);
    assert!(
        !graph_of(&sorted_nquads(&store), &stem).is_empty(),
        "removed without --prune"
    );

    // A missing input path must not make its documents look deleted.
    let missing = dir.path().join("missing");
    let out = build(&[&corpus, &missing], &store, &["--prune"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        !graph_of(&sorted_nquads(&store), &stem).is_empty(),
        "pruned despite a missing path"
    );

    let pruned = summary(&build(&[&corpus], &store, &["--prune"]));
    assert_eq!(pruned["graphs_pruned"], 1, "{pruned}");
    assert!(pruned["pruned"][0].as_str().unwrap().ends_with(&stem));
    let lines = sorted_nquads(&store);
    assert!(
        graph_of(&lines, &stem).is_empty(),
        "still there after --prune"
    );
    assert!(
        !lines.iter().any(|l| l.contains(&format!("/doc/{stem}"))),
        "the dataset description still lists the pruned document"
    );
    // Left is what a clean build of the remaining files makes: what only the
    // pruned document said of shared entities went with it.
    let clean = dir.path().join("clean");
    summary(&build(&[&corpus], &clean, &[]));
    assert!(
        lines == sorted_nquads(&clean),
        "pruning left other quads than a clean build"
    );
}

#[test]
fn the_graph_does_not_depend_on_input_order_or_threads() {
    let dir = tempfile::tempdir().unwrap();
    let files = corpus_files();
    let forward: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    let backward: Vec<&Path> = files.iter().rev().map(PathBuf::as_path).collect();
    let one = dir.path().join("one");
    let two = dir.path().join("two");
    summary(&build(&forward, &one, &["--threads", "1"]));
    summary(&build(&backward, &two, &["--threads", "2"]));
    let (a, b) = (sorted_nquads(&one), sorted_nquads(&two));
    assert!(a.len() > 5000);
    assert_eq!(a, b, "order or threads changed the graph");
    // Built one file at a time (transactions, not the bulk loader): the same.
    let three = dir.path().join("three");
    for f in &backward {
        summary(&build(&[f], &three, &[]));
    }
    assert_eq!(
        sorted_nquads(&three),
        a,
        "file-by-file building changed the graph"
    );
}

/// From a store's N-Quads: each graph's `void:triples` in the description,
/// and the quads each of those graphs holds.
fn graph_counts(lines: &[String]) -> (BTreeMap<String, u64>, BTreeMap<String, u64>) {
    let description = format!("<{}>", edupol::vocab::DATASET_GRAPH);
    let triples = "<http://rdfs.org/ns/void#triples>";
    let mut described = BTreeMap::new();
    let mut counted: BTreeMap<String, u64> = BTreeMap::new();
    for line in lines {
        let terms: Vec<&str> = line.trim_end_matches(" .").split(' ').collect();
        let (subject, graph) = (terms[0], terms[terms.len() - 1]);
        if graph == description {
            if terms[1] == triples && subject != description {
                let n = terms[2].trim_start_matches('"').split('"').next().unwrap();
                described.insert(subject.to_string(), n.parse().unwrap());
            }
        } else {
            *counted.entry(graph.to_string()).or_default() += 1;
        }
    }
    assert!(described.len() > 4, "{described:?}");
    (described, counted)
}

#[test]
fn a_bulk_load_in_several_commits_is_compacted_and_keeps_every_quad() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = repo().join("tests/corpus");
    // The sample corpus fits one default batch: no compaction is needed.
    let single = dir.path().join("single");
    let first = summary(&build(&[&corpus], &single, &[]));
    assert_eq!(first["compacted"], false, "{first}");
    // In batches of 500 quads: compacted, same graph. Two threads: every
    // batch's index files are ingested at the end, in one step.
    let batched = dir.path().join("batched");
    let second = summary(&build(
        &[&corpus],
        &batched,
        &["--batch-quads", "500", "--threads", "2"],
    ));
    assert_eq!(second["compacted"], true, "{second}");
    // One thread: each batch committed when full.
    let skipped = dir.path().join("skipped");
    let third = summary(&build(
        &[&corpus],
        &skipped,
        &["--batch-quads", "500", "--threads", "1", "--no-compact"],
    ));
    assert_eq!(third["compacted"], false, "{third}");
    let expected = sorted_nquads(&single);
    assert!(expected.len() > 5000);
    assert_eq!(
        sorted_nquads(&batched),
        expected,
        "compaction changed the graph"
    );
    assert_eq!(
        sorted_nquads(&skipped),
        expected,
        "batching changed the graph"
    );
    // The counts the bulk load wrote into the description, not recounted.
    for store in [&single, &batched, &skipped] {
        let (described, counted) = graph_counts(&sorted_nquads(store));
        assert_eq!(described, counted, "{}", store.display());
    }
    // A rebuild of one file writes with a transaction: nothing to compact.
    let one = corpus_files()[0].clone();
    let again = summary(&build(&[&one], &batched, &["--force"]));
    assert_eq!(
        (again["bulk"].clone(), again["compacted"].clone()),
        (false.into(), false.into()),
        "{again}"
    );
}

#[test]
fn a_second_build_on_a_store_in_use_fails_clearly_and_harms_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    // Enough files that the first build is still running when the second starts.
    std::fs::create_dir_all(&corpus).unwrap();
    for i in 0..60 {
        for f in corpus_files() {
            let name = format!("c{i:02}_{}", f.file_name().unwrap().to_str().unwrap());
            std::fs::copy(&f, corpus.join(name)).unwrap();
        }
    }
    let store = dir.path().join("db");
    let mut first = command(&["build", "--quiet", "--store"])
        .arg(&store)
        .arg(&corpus)
        .spawn()
        .unwrap();
    // Wait until the first build holds the store.
    let lock = store.join("LOCK");
    let started = std::time::Instant::now();
    while !lock.exists() && started.elapsed().as_secs() < 20 {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let second = build(&[&corpus], &store, &[]);
    let still_running = first.try_wait().unwrap().is_none();
    assert!(first.wait().unwrap().success(), "the first build failed");
    if still_running {
        assert_eq!(second.status.code(), Some(1));
        let err = String::from_utf8_lossy(&second.stderr);
        assert!(err.contains("another edupol"), "{err}");
    }
    let again = summary(&build(&[&corpus], &store, &[]));
    assert_eq!(again["files_skipped"], 240, "{again}");
    let out = command(&["validate", "--store"])
        .arg(&store)
        .output()
        .unwrap();
    assert_success(&out, "the store does not conform after two builds");
}

#[test]
fn a_store_of_another_format_is_refused_with_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("db");
    summary(&build(&[&corpus_files()[0]], &store, &[]));
    {
        // Rewrite the recorded format as an older edupol would have left it.
        let raw = oxigraph::store::Store::open(&store).unwrap();
        raw.update(
            "PREFIX edu: <https://w3id.org/edupol/ontology#>
             DELETE { GRAPH ?g { ?d edu:storeFormat ?v } }
             INSERT { GRAPH ?g { ?d edu:storeFormat 0 } }
             WHERE { GRAPH ?g { ?d edu:storeFormat ?v } }",
        )
        .unwrap();
    }
    for args in [
        vec!["query", "ASK { ?s ?p ?o }"],
        vec!["build", "tests/corpus"],
    ] {
        let out = command(&args).arg("--store").arg(&store).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("format 0") && err.contains("new store"),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn queries_while_a_build_rewrites_the_store_see_whole_documents() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    for i in 0..40 {
        for f in corpus_files() {
            let name = format!("q{i:02}_{}", f.file_name().unwrap().to_str().unwrap());
            std::fs::copy(&f, corpus.join(name)).unwrap();
        }
    }
    let store = dir.path().join("db");
    summary(&build(&[&corpus], &store, &[]));
    // The quads of each document graph, as a reader sees them.
    // `None`: the query failed because the build deleted an index file
    // the reader had listed; only a reader that opened the store in the
    // instant before the build did (later ones read the build's snapshot).
    let try_counts = || -> Option<BTreeMap<String, String>> {
        let out = command(&[
            "query",
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?g edu:sourceFile ?f . ?s ?p ?o } } GROUP BY ?g",
            "--format",
            "tsv",
            "--store",
        ])
        .arg(&store)
        .output()
        .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        if !out.status.success() && stderr.contains("No such file or directory") {
            return None;
        }
        assert_success(&out, "a query during the build failed");
        Some(
            String::from_utf8(out.stdout)
                .unwrap()
                .lines()
                .skip(1)
                .filter_map(|l| l.split_once('\t'))
                .map(|(g, n)| (g.to_string(), n.to_string()))
                .collect(),
        )
    };
    let counts = || try_counts().expect("no build runs: the query must answer");
    let expected = counts();
    assert_eq!(expected.len(), 160);
    // Watches a forced rebuild of the corpus: a reader sees every document,
    // each whole, throughout.
    let watch = |expected: &BTreeMap<String, String>| {
        let mut rebuild = command(&["build", "--quiet", "--force", "--json", "--store"])
            .arg(&store)
            .arg(&corpus)
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut during = 0;
        while rebuild.try_wait().unwrap().is_none() && during < 200 {
            let Some(seen) = try_counts() else {
                continue;
            };
            for (graph, n) in &seen {
                assert_eq!(
                    Some(n),
                    expected.get(graph),
                    "a reader saw {graph} half-written"
                );
            }
            assert_eq!(seen.len(), expected.len(), "a reader missed a document");
            during += 1;
        }
        let out = rebuild.wait_with_output().unwrap();
        assert!(out.status.success());
        assert!(during > 0, "the rebuild ended before a query could look");
        assert_eq!(&counts(), expected);
        // The snapshot readers read while the build wrote is gone with them
        // (it holds the old version's files on disk).
        let snapshots = std::fs::read_dir(store.join("edupol-snapshots")).unwrap();
        assert_eq!(snapshots.count(), 0, "a snapshot outlived its readers");
        summary(&out)["bulk"].clone()
    };
    // Every document rewritten: cleared, then loaded in bulk. Readers read
    // the snapshot the build made as it began: every document is there
    // throughout, in its old version.
    assert_eq!(watch(&expected), true);
    // With a document that is not an input, the rewrite goes document by
    // document, each replaced in one transaction: all are there throughout.
    let other = dir.path().join("other.txt");
    std::fs::copy(&corpus_files()[0], &other).unwrap();
    summary(&build(&[&other], &store, &[]));
    let expected = counts();
    assert_eq!(expected.len(), 161);
    assert_eq!(watch(&expected), false);
}
