//! Holds a floor under the extractor's quality on the dev gold set, and
//! checks that `edupol eval` scores as the user's scorer does.
//!
//! Builds tests/corpus into a fresh store, then scores it against tests/gold
//! with `edupol eval`, and compares with tests/score.py (a copy of
//! shared/tools/score.py) on an N-Quads export. Raise the floors when the
//! scores rise, never lower them.

mod common;

use std::path::Path;
use std::process::Command;

use common::{build_corpus, edupol, repo};
use serde_json::Value;

/// F1 floors per category (the scorer's names).
const FLOORS: &[(&str, f64)] = &[
    ("all", 0.96),
    ("organizations", 0.97),
    ("people", 0.96),
    ("posts", 0.97),
    ("places", 0.97),
    ("initiatives", 0.90),
    ("numbers", 0.98),
    ("partnerships", 0.94),
    ("articles", 0.98),
];

/// Accuracy floors on matched pairs.
const ACCURACY_FLOORS: &[(&str, f64)] = &[
    ("articles.author_org", 0.95),
    ("articles.author_person", 0.95),
    ("numbers.kind", 0.98),
    ("numbers.comparator", 0.98),
];

fn run(args: &[&str]) -> std::process::Output {
    let out = edupol(args);
    assert!(
        out.status.success(),
        "edupol {args:?} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Builds the sample corpus into `dir/db`.
fn build(dir: &Path) -> String {
    let db = dir.join("db");
    build_corpus(&db);
    db.to_str().unwrap().to_string()
}

#[test]
fn dev_gold_scores_stay_above_their_floors() {
    let dir = tempfile::tempdir().unwrap();
    let db = build(dir.path());
    let mut args = vec!["eval", "--gold", "tests/gold", "--store", &db, "--json"];
    let floors: Vec<String> = FLOORS.iter().map(|(c, f)| format!("{c}={f}")).collect();
    for floor in &floors {
        args.extend(["--min", floor]);
    }
    let out = edupol(&args);
    let report: Value = serde_json::from_slice(&out.stdout).expect("eval --json prints JSON");
    println!("{report:#}");
    assert!(
        out.status.success(),
        "a score fell below its floor: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    for (name, floor) in ACCURACY_FLOORS {
        let value = report["accuracy"][name].as_f64().unwrap_or(0.0);
        assert!(value >= *floor, "accuracy {name} {value} < {floor}");
    }
}

#[test]
fn eval_agrees_with_the_users_scorer_on_the_dev_set() {
    let dir = tempfile::tempdir().unwrap();
    let db = build(dir.path());
    let nq = dir.path().join("out.nq");
    let nq = nq.to_str().unwrap();
    run(&["export", "--format", "nquads", "-o", nq, "--store", &db]);
    let ours: Value = serde_json::from_slice(
        &run(&["eval", "--gold", "tests/gold", "--store", &db, "--json"]).stdout,
    )
    .unwrap();
    let python = Command::new("python3")
        .args(["tests/score.py", "tests/gold", nq, "--json"])
        .current_dir(repo())
        .output()
        .expect("python3 runs (bash .ci/setup installs it)");
    assert!(python.status.success(), "{python:?}");
    let theirs: Value = serde_json::from_slice(&python.stdout).unwrap();
    // Every count, precision, recall and F1 must be the same.
    assert_eq!(ours["scores"], theirs["scores"]);
    assert_eq!(ours["missing_documents"], theirs["missing_documents"]);
    // Author accuracy does not depend on pairing order; kind and comparator
    // accuracy do in score.py (which of several equal numbers it pairs with
    // a gold one follows Python's set order), so only their names must agree.
    for name in ["articles.author_org", "articles.author_person"] {
        assert_eq!(ours["accuracy"][name], theirs["accuracy"][name], "{name}");
    }
    let names =
        |v: &Value| -> Vec<String> { v["accuracy"].as_object().unwrap().keys().cloned().collect() };
    assert_eq!(names(&ours), names(&theirs));
}

#[test]
fn eval_refuses_a_floor_for_an_unknown_category() {
    let out = edupol(&["eval", "--gold", "tests/gold", "--min", "schools=0.5"]);
    assert_eq!(out.status.code(), Some(2));
    let message = String::from_utf8_lossy(&out.stderr);
    assert!(message.contains("unknown category"), "{message}");
}

#[test]
fn eval_fails_when_a_score_is_under_its_floor() {
    let dir = tempfile::tempdir().unwrap();
    let db = build(dir.path());
    let out = edupol(&[
        "eval",
        "--gold",
        "tests/gold",
        "--store",
        &db,
        "--min",
        "organizations=1.0",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let message = String::from_utf8_lossy(&out.stderr);
    assert!(message.contains("organizations F1"), "{message}");
}
