//! `edupol stats` on the sample documents, as JSON and as tables.

mod common;

use std::path::PathBuf;

use common::{build_corpus, edupol};

fn built_store(dir: &tempfile::TempDir) -> PathBuf {
    let path = dir.path().join("db");
    build_corpus(&path);
    path
}

fn count(store: &str, query: &str) -> u64 {
    let out = edupol(&["query", query, "--format", "tsv", "--store", store]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let value = text.lines().nth(1).unwrap();
    value.split('"').nth(1).unwrap_or(value).parse().unwrap()
}

#[test]
fn stats_count_what_the_store_holds() {
    let dir = tempfile::tempdir().unwrap();
    let store = built_store(&dir);
    let store = store.to_str().unwrap();

    let out = edupol(&["stats", "--json", "--store", store, "--top", "5"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stats: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();

    assert_eq!(stats["documents"], 4);
    let documents = stats["per_document"].as_array().unwrap();
    let files: Vec<&str> = documents
        .iter()
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    assert_eq!(
        files,
        [
            "000_2657467a4493b439.txt",
            "002_bef43c71a6fc4a1c.txt",
            "003_5d82acdc91462d5a.txt",
            "004_bdc0546a26270c09.txt"
        ]
    );
    let sum = |key: &str| {
        documents
            .iter()
            .map(|d| d[key].as_u64().unwrap())
            .sum::<u64>()
    };
    let all_quads = count(store, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), \"https://w3id.org/edupol/id/doc/\")) }");
    assert_eq!(sum("quads"), all_quads);
    assert!(
        stats["quads"].as_u64().unwrap() > all_quads,
        "the ontology is counted in the total"
    );
    let articles = count(
        store,
        "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a edu:Article }",
    );
    assert_eq!(sum("articles"), articles);
    assert!(articles > 0);

    let classes = stats["classes"].as_array().unwrap();
    let nodes = |class: &str| {
        classes
            .iter()
            .find(|c| c["class"] == class)
            .map_or(0, |c| c["nodes"].as_u64().unwrap())
    };
    assert_eq!(nodes("https://w3id.org/edupol/ontology#SourceDocument"), 4);
    assert_eq!(nodes("https://w3id.org/edupol/ontology#Article"), articles);
    assert!(classes
        .windows(2)
        .all(|w| w[0]["nodes"].as_u64() >= w[1]["nodes"].as_u64()));

    let units = stats["units"].as_array().unwrap();
    let quantities = count(store, "SELECT (COUNT(DISTINCT ?q) AS ?n) WHERE { ?q a ?c VALUES ?c { edu:Target edu:ReportedFigure } }");
    assert_eq!(
        units
            .iter()
            .map(|u| u["total"].as_u64().unwrap())
            .sum::<u64>(),
        quantities
    );
    assert_eq!(sum("quantities"), quantities);
    assert!(units.iter().all(
        |u| u["targets"].as_u64().unwrap() + u["figures"].as_u64().unwrap()
            == u["total"].as_u64().unwrap()
    ));

    let institutions = stats["institutions"].as_array().unwrap();
    assert_eq!(institutions.len(), 5);
    assert!(institutions
        .windows(2)
        .all(|w| w[0]["documents"].as_u64() >= w[1]["documents"].as_u64()));
    assert!(institutions
        .iter()
        .all(|i| i["label"].is_string() && i["documents"].as_u64().unwrap() >= 1));

    let table = edupol(&["stats", "--store", store]);
    assert!(table.status.success());
    let text = String::from_utf8(table.stdout).unwrap();
    for heading in [
        "Nodes per class",
        "Per document",
        "Quantities per unit",
        "Institutions",
    ] {
        assert!(text.contains(heading), "{text}");
    }
    assert!(text.contains("edu:SourceDocument"), "{text}");
    assert!(text.contains("003_5d82acdc91462d5a.txt"), "{text}");
}

#[test]
fn stats_on_a_missing_store_fail_with_advice() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("none");
    let out = edupol(&["stats", "--store", missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("edupol build"));
}
