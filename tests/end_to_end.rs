//! Builds the four sample documents with the real binary into a temporary
//! store, then queries and exports it as a user would.

mod common;

use common::{corpus_store, edupol, repo, sorted_nquads};

fn query_tsv(sparql: &str) -> String {
    let out = edupol(&[
        "query",
        sparql,
        "--format",
        "tsv",
        "--store",
        corpus_store().to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "query failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_person_holds_their_post_at_their_institution() {
    let rows = query_tsv(
        r#"SELECT ?name ?role ?org WHERE {
             ?m a org:Membership ; org:member/foaf:name ?name ; org:role/rdfs:label ?role .
             OPTIONAL { ?m org:organization/rdfs:label ?org }
             FILTER(?name = "邱存安") }"#,
    );
    assert!(rows.contains("局长"), "{rows}");
    assert!(rows.contains("嵊泗县教育局"), "{rows}");
}

#[test]
fn a_target_has_its_value_unit_and_year() {
    // 到2025年，全市创建成功15所省现代化普通高中学校 (绍政办发〔2021〕2号)
    let rows = query_tsv(
        r#"SELECT ?v ?y WHERE {
             ?q a edu:Target ; edu:value ?v ; edu:unit edu:Count ; edu:counter "所" ; edu:year ?y ;
                prov:wasDerivedFrom/dcterms:isPartOf/edu:sourceFile "003_5d82acdc91462d5a.txt" .
             FILTER(?v = 15) }"#,
    );
    assert!(rows.contains("2025"), "{rows}");
}

#[test]
fn a_notice_carries_its_document_number_and_date() {
    let rows = query_tsv(
        r#"SELECT ?n ?date WHERE { ?d a edu:SourceDocument ; edu:docNumber ?n ; dcterms:date ?date }"#,
    );
    assert!(rows.contains("绍政办发〔2021〕2号"), "{rows}");
    assert!(rows.contains("2021-01-18"), "{rows}");
}

#[test]
fn an_article_has_its_author_and_institution() {
    let rows = query_tsv(
        r#"SELECT ?title ?who WHERE {
             ?a a edu:Article ; dcterms:title ?title ; dcterms:creator ?c .
             ?c rdfs:label|foaf:name ?who .
             FILTER(CONTAINS(?title, "海岛教育")) }"#,
    );
    assert!(rows.contains("邱存安"), "{rows}");
    assert!(rows.contains("嵊泗县教育局"), "{rows}");
}

#[test]
fn every_document_is_its_own_named_graph_and_the_ontology_has_one() {
    let rows = query_tsv("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }");
    for stem in [
        "000_2657467a4493b439",
        "002_bef43c71a6fc4a1c",
        "003_5d82acdc91462d5a",
        "004_bdc0546a26270c09",
    ] {
        assert!(
            rows.contains(&format!("<https://w3id.org/edupol/id/doc/{stem}>")),
            "{rows}"
        );
    }
    for graph in ["ontology", "gazetteer", "dataset", "entities"] {
        assert!(
            rows.contains(&format!("<https://w3id.org/edupol/{graph}>")),
            "{rows}"
        );
    }
}

#[test]
fn a_documents_place_joins_the_gazetteers_division() {
    // 嵊泗县 as the document names it (我县), and as the gazetteer knows it
    // (嵊泗, part of 舟山市, part of 浙江省): one node.
    let rows = query_tsv(
        r#"SELECT ?code ?province WHERE {
             GRAPH ?doc { ?p skos:altLabel "我县" ; edu:mentionedIn ?where }
             GRAPH <https://w3id.org/edupol/gazetteer> {
               ?p skos:altLabel "嵊泗" ; edu:divisionCode ?code ; edu:partOf+ ?pr . ?pr edu:adminLevel edu:Province ; rdfs:label ?province } }"#,
    );
    assert!(rows.contains("\"330922\"\t\"浙江省\""), "{rows}");
}

#[test]
fn every_saved_query_parses_and_returns_rows() {
    let mut checked = 0;
    for entry in std::fs::read_dir(repo().join("queries")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "rq") {
            continue;
        }
        // A federated query needs the network (tests/federated.rs runs it
        // against a stand-in).
        if std::fs::read_to_string(&path)
            .unwrap()
            .contains("SERVICE <")
        {
            continue;
        }
        let arg = format!("@{}", path.display());
        let out = edupol(&[
            "query",
            &arg,
            "--format",
            "csv",
            "--store",
            corpus_store().to_str().unwrap(),
        ]);
        assert!(
            out.status.success(),
            "{}: {}",
            path.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        let rows = String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .count()
            .saturating_sub(1);
        assert!(rows > 0, "{} returned no rows", path.display());
        checked += 1;
    }
    assert!(checked >= 8, "only {checked} saved queries");
}

#[test]
fn rebuilding_a_file_replaces_its_graph_and_is_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let db = db.to_str().unwrap();
    let file = "tests/corpus/003_5d82acdc91462d5a.txt";
    let export = || sorted_nquads(std::path::Path::new(db));
    assert!(edupol(&["build", file, "--store", db, "-q"])
        .status
        .success());
    let first = export();
    assert!(edupol(&["build", file, "--store", db, "-q", "--force"])
        .status
        .success());
    assert_eq!(first, export(), "a rebuild changed the graph");
}

#[test]
fn turtle_export_uses_the_contract_prefixes() {
    let dir = tempfile::tempdir().unwrap();
    let ttl = dir.path().join("kg.ttl");
    let out = edupol(&[
        "export",
        "--format",
        "turtle",
        "-o",
        ttl.to_str().unwrap(),
        "--store",
        corpus_store().to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Written as kg.ttl.partial, then renamed: nothing else stays.
    let files: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(files, ["kg.ttl"]);
    let text = std::fs::read_to_string(&ttl).unwrap();
    assert!(
        text.contains("@prefix edu: <https://w3id.org/edupol/ontology#>"),
        "{}",
        &text[..300.min(text.len())]
    );
    assert!(text.contains("edu:Target"));
}

#[test]
fn sparql_syntax_errors_exit_2_and_point_at_the_error() {
    let out = edupol(&[
        "query",
        "SELECT ?x WHERE { ?x ?p }",
        "--store",
        corpus_store().to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 1") && err.contains('^'), "{err}");
}

#[test]
fn unreadable_files_are_named_the_rest_still_builds_and_the_exit_status_is_1() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.txt"), b"%PDF-1.7 binary").unwrap();
    std::fs::copy(
        repo().join("tests/corpus/003_5d82acdc91462d5a.txt"),
        dir.path().join("good.txt"),
    )
    .unwrap();
    let db = dir.path().join("db");
    let out = edupol(&[
        "build",
        dir.path().to_str().unwrap(),
        "--store",
        db.to_str().unwrap(),
        "-q",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.txt"), "{err}");
    let out = edupol(&[
        "query",
        "SELECT ?f WHERE { ?d edu:sourceFile ?f }",
        "--format",
        "csv",
        "--store",
        db.to_str().unwrap(),
    ]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("good.txt"));
}

#[test]
fn a_missing_store_is_explained() {
    let out = edupol(&[
        "query",
        "SELECT * WHERE { ?s ?p ?o }",
        "--store",
        "/nonexistent/edupol.db",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("edupol build"));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(edupol(&["build"]).status.code(), Some(2));
    assert_eq!(edupol(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn a_saved_query_is_restricted_with_bind_and_a_wrong_slot_is_refused() {
    let store = corpus_store();
    let query = format!(
        "@{}",
        repo().join("queries/institutions_by_document.rq").display()
    );
    let run = |extra: &[&str]| {
        let mut args = vec!["query", &query, "--format", "csv"];
        args.extend_from_slice(extra);
        args.extend_from_slice(&["--store", store.to_str().unwrap()]);
        edupol(&args)
    };
    let files = |out: &std::process::Output| -> std::collections::BTreeSet<String> {
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        text.lines()
            .skip(1)
            .map(|l| l.split(',').next().unwrap().to_string())
            .collect()
    };
    let all = run(&[]);
    assert!(all.status.success());
    let every_file = files(&all);
    assert!(every_file.len() > 1, "{every_file:?}");
    let one_file = every_file.iter().next().unwrap().clone();
    let bound = run(&["--bind", &format!("sourceFile={one_file}")]);
    assert!(
        bound.status.success(),
        "{}",
        String::from_utf8_lossy(&bound.stderr)
    );
    assert_eq!(files(&bound), [one_file].into_iter().collect());

    let wrong = run(&["--bind", "place=嵊泗县"]);
    assert_eq!(wrong.status.code(), Some(2));
    let message = String::from_utf8_lossy(&wrong.stderr);
    assert!(
        message.contains("no slot ?place") && message.contains("?sourceFile"),
        "{message}"
    );
}
