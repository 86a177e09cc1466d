//! Holds a floor under the extractor's quality on the dev gold set.
//!
//! Builds tests/corpus, exports N-Quads and scores them with the user's scorer
//! (tests/score.py, a copy of shared/tools/score.py) against tests/gold. Raise
//! the floors when the scores rise, never lower them.

use std::path::PathBuf;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_edupol");

/// F1 floors per category (the scorer's names).
const FLOORS: &[(&str, f64)] = &[
    ("all", 0.93),
    ("organizations", 0.90),
    ("people", 0.92),
    ("posts", 0.92),
    ("places", 0.92),
    ("initiatives", 0.85),
    ("numbers", 0.95),
    ("partnerships", 0.85),
    ("articles", 0.95),
];

#[test]
fn dev_gold_scores_stay_above_their_floors() {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let nq = dir.path().join("out.nq");
    let run = |args: &[&str]| {
        let out = Command::new(BIN)
            .args(args)
            .current_dir(&repo)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    run(&[
        "build",
        "tests/corpus",
        "--store",
        db.to_str().unwrap(),
        "-q",
    ]);
    run(&[
        "export",
        "--format",
        "nquads",
        "-o",
        nq.to_str().unwrap(),
        "--store",
        db.to_str().unwrap(),
    ]);
    let mut score = Command::new("python3");
    score
        .arg("tests/score.py")
        .arg("tests/gold")
        .arg(&nq)
        .current_dir(&repo);
    for (category, floor) in FLOORS {
        score.arg("--min").arg(format!("{category}={floor}"));
    }
    let out = score
        .output()
        .expect("python3 runs (bash .ci/setup installs it)");
    let report = String::from_utf8_lossy(&out.stdout);
    println!("{report}");
    assert!(
        out.status.success(),
        "a score fell below its floor:\n{report}"
    );
}
