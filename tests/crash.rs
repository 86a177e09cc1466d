//! Crash safety: builds killed with SIGKILL at pseudo-random moments leave a
//! store that opens, passes Oxigraph's consistency check, and holds every
//! document whole (as one version or the other of its file) or not at all,
//! also when the build rewrites every document (cleared, then loaded in
//! bulk); a build run to its end then completes the work.

mod common;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::Duration;

use common::{assert_success, command, repo};

/// Kills of a build in flight. Each is a real SIGKILL of the process.
const KILLS: usize = 20;
/// Copies of each sample document in the corpus (4 files each).
const COPIES: usize = 20;

/// Writes the corpus in `version` 1 or 2 (2 appends a line to every file,
/// so that each document's graph differs between versions).
fn write_corpus(dir: &Path, version: u8) {
    std::fs::create_dir_all(dir).unwrap();
    let mut sources: Vec<PathBuf> = std::fs::read_dir(repo().join("tests/corpus"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    sources.sort();
    for i in 0..COPIES {
        for source in &sources {
            let mut text = std::fs::read_to_string(source).unwrap();
            if version == 2 {
                text.push_str(&format!("\n到2030年，全市新建幼儿园{}所。\n", i + 1));
            }
            let name = format!("v{i:03}_{}", source.file_name().unwrap().to_str().unwrap());
            std::fs::write(dir.join(name), text).unwrap();
        }
    }
}

/// The graph of the entities documents share.
const ENTITIES: &str = "<https://w3id.org/edupol/entities>";

/// Every document graph of the store, and the entities graph: graph name →
/// its sorted lines.
fn document_graphs(store: &Path) -> BTreeMap<String, Vec<String>> {
    let out = command(&["export", "--format", "nquads", "--store"])
        .arg(store)
        .output()
        .unwrap();
    assert_success(&out, "export of a killed build's store failed");
    let mut graphs: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for line in String::from_utf8(out.stdout).unwrap().lines() {
        let rest = line.trim_end_matches(" .");
        let Some(at) = rest.rfind(" <") else {
            continue;
        };
        let graph = &rest[at + 1..];
        if !graph.starts_with("<https://w3id.org/edupol/id/doc/") && graph != ENTITIES {
            continue;
        }
        let graph = graph.to_string();
        graphs.entry(graph).or_default().push(line.to_string());
    }
    for lines in graphs.values_mut() {
        lines.sort();
    }
    graphs
}

fn build(corpus: &Path, store: &Path) -> std::process::Command {
    let mut cmd = command(&["build", "--quiet", "--store"]);
    cmd.arg(store).arg(corpus);
    cmd
}

/// A small deterministic generator, so a failure can be replayed.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % below
    }
}

#[test]
fn builds_killed_at_random_leave_every_document_whole_or_absent() {
    let dir = tempfile::tempdir().unwrap();
    let (v1, v2) = (dir.path().join("v1"), dir.path().join("v2"));
    write_corpus(&v1, 1);
    write_corpus(&v2, 2);

    // The graph of every document in each version, built without a kill.
    let mut versions: HashMap<String, [Vec<String>; 2]> = HashMap::new();
    let started = std::time::Instant::now();
    for (i, corpus) in [&v1, &v2].into_iter().enumerate() {
        let reference = dir.path().join(format!("ref{i}"));
        assert_success(
            &build(corpus, &reference).output().unwrap(),
            "reference build",
        );
        for (graph, lines) in document_graphs(&reference) {
            versions.entry(graph).or_default()[i] = lines;
        }
    }
    // A whole build takes about this long; kills land within it.
    let whole = started.elapsed().as_millis() as u64 / 2;
    assert_eq!(versions.len(), COPIES * 4 + 1);

    let store = dir.path().join("db");
    let mut random = Lcg(2026);
    let mut killed_mid_build = 0;
    for kill in 0..KILLS {
        let corpus = if kill % 2 == 0 { &v1 } else { &v2 };
        let mut build = build(corpus, &store);
        // Every third build rewrites every document: cleared, then loaded
        // in bulk (the others replace changed documents one by one).
        if kill % 3 == 2 {
            build.arg("--force");
        }
        let mut child = build.spawn().unwrap();
        std::thread::sleep(Duration::from_millis(20 + random.next(whole.max(50))));
        if child.try_wait().unwrap().is_none() {
            killed_mid_build += 1;
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();

        {
            let raw = oxigraph::store::Store::open(&store)
                .unwrap_or_else(|e| panic!("kill {kill}: the store does not open: {e}"));
            raw.validate()
                .unwrap_or_else(|e| panic!("kill {kill}: the store is inconsistent: {e}"));
        }
        for (graph, lines) in document_graphs(&store) {
            if graph == ENTITIES {
                continue; // Mixed versions share a mix of entities.
            }
            let [old, new] = &versions[&graph];
            assert!(
                &lines == old || &lines == new,
                "kill {kill}: {graph} is neither version ({} lines; versions have {} and {})",
                lines.len(),
                old.len(),
                new.len()
            );
        }
    }
    eprintln!("{killed_mid_build} of {KILLS} kills landed during a build; the store survived each");
    assert!(
        killed_mid_build >= KILLS / 2,
        "only {killed_mid_build} of {KILLS} kills landed during a build"
    );

    let out = command(&["build", "--quiet", "--json", "--store"])
        .arg(&store)
        .arg(&v2)
        .output()
        .unwrap();
    assert_success(&out, "the build after the kills failed");
    // A bulk load killed before its commit leaves its index files beside
    // the store (`bulk-*.sst`, never part of it); the next build removes them.
    let leftovers: Vec<String> = std::fs::read_dir(&store)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("bulk-"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "a killed bulk load's files are left in the store: {leftovers:?}"
    );
    let graphs = document_graphs(&store);
    assert_eq!(
        graphs.len(),
        COPIES * 4 + 1,
        "documents are missing after the final build"
    );
    for (graph, lines) in graphs {
        assert_eq!(
            lines, versions[&graph][1],
            "{graph} is not the final version (the entities graph must be what a \
             clean build of it makes: withdrawn exactly)"
        );
    }
    let out = command(&["validate", "--store"])
        .arg(&store)
        .output()
        .unwrap();
    assert_success(&out, "the store does not conform after the kills");
}
