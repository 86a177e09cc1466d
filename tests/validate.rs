//! `edupol validate`: the sample build conforms to `ontology/shapes.ttl`, and
//! hand-written broken data is reported, one violation per kind of breakage,
//! with exit status 1.

mod common;

use std::path::Path;

use common::{build_corpus, edupol};
use edupol::store::Store;
use edupol::validate::{validate, Violation};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphName, NamedNode, Quad};

const EDU: &str = "https://w3id.org/edupol/ontology#";
const ID: &str = "https://w3id.org/edupol/id/";
const DOC: &str = "https://w3id.org/edupol/id/doc/bad";

/// One source document whose graph breaks each shape once, besides nodes
/// that conform (a complete target, a person, a membership, a place).
const BROKEN: &str = r#"
@prefix edu:     <https://w3id.org/edupol/ontology#> .
@base <https://w3id.org/edupol/id/> .
@prefix org:     <http://www.w3.org/ns/org#> .
@prefix foaf:    <http://xmlns.com/foaf/0.1/> .
@prefix prov:    <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .

<doc/bad> {
  <doc/bad> a edu:SourceDocument ;
      edu:sourceFile "bad.txt" ;
      edu:contentHash "0000000000000000000000000000000000000000000000000000000000000000" .
  <doc/bad/article/1> a edu:Article ; dcterms:isPartOf <doc/bad> ; edu:text "正文" .

  # conforms
  <doc/bad/quantity/ok> a edu:Target ;
      edu:value "95.5"^^xsd:decimal ; edu:unit edu:Percent ; edu:comparator edu:AtLeast ;
      edu:year "2025"^^xsd:gYear ; edu:evidence "到2025年达到95.5%以上。" ;
      prov:wasDerivedFrom <doc/bad/article/1> .
  # missing value
  <doc/bad/quantity/novalue> a edu:Target ;
      edu:unit edu:Percent ; edu:comparator edu:Equal ; edu:evidence "句子" ;
      prov:wasDerivedFrom <doc/bad/article/1> .
  # two units
  <doc/bad/quantity/twounits> a edu:ReportedFigure ;
      edu:value "3"^^xsd:decimal ; edu:unit edu:Percent , edu:Yuan ; edu:comparator edu:Equal ;
      edu:evidence "句子" ; prov:wasDerivedFrom <doc/bad/article/1> .
  # wrong datatype
  <doc/bad/quantity/integer> a edu:Target ;
      edu:value "12"^^xsd:integer ; edu:unit edu:Count ; edu:comparator edu:Equal ;
      edu:evidence "句子" ; prov:wasDerivedFrom <doc/bad/article/1> .
  # unknown unit individual
  <doc/bad/quantity/kilogram> a edu:Target ;
      edu:value "7"^^xsd:decimal ; edu:unit edu:Kilogram ; edu:comparator edu:Equal ;
      edu:evidence "句子" ; prov:wasDerivedFrom <doc/bad/article/1> .

  # label without Chinese
  <initiative/double> a edu:Program ; rdfs:label "Double Reduction" ;
      edu:mentionedIn <doc/bad/article/1> .
  # bad division code (five digits)
  <place/舟山市> a edu:AdministrativeDivision ; rdfs:label "舟山市" ;
      edu:adminLevel edu:City ; edu:divisionCode "33090" .
  # conforms
  <place/宁波市> a edu:AdministrativeDivision ; rdfs:label "宁波市" ;
      edu:adminLevel edu:City ; edu:divisionCode "330200" .

  <person/x/张三> a foaf:Person ; foaf:name "张三" .
  <role/局长> a org:Role ; rdfs:label "局长" .
  <org/教育局> a edu:EducationAuthority , org:Organization ; rdfs:label "教育局" .
  # conforms
  <post/教育局/张三/局长> a org:Membership ; org:member <person/x/张三> ;
      org:organization <org/教育局> ; org:role <role/局长> ;
      prov:wasDerivedFrom <doc/bad/article/1> .
  # membership without role
  <post/教育局/张三/none> a org:Membership ; org:member <person/x/张三> ;
      org:organization <org/教育局> ;
      prov:wasDerivedFrom <doc/bad/article/1> .
}
"#;

/// A store holding the ontology and the graphs of `trig`.
fn store_with(path: Option<&Path>, trig: &str) -> Store {
    let store = match path {
        Some(p) => Store::open(p).unwrap(),
        None => Store::in_memory().unwrap(),
    };
    store.load_ontology().unwrap();
    let mut graphs: std::collections::BTreeMap<NamedNode, Vec<Quad>> = Default::default();
    for quad in RdfParser::from_format(RdfFormat::TriG).for_slice(trig.as_bytes()) {
        let quad = quad.expect("the test data is valid TriG");
        let GraphName::NamedNode(g) = &quad.graph_name else {
            panic!("test quads go into named graphs");
        };
        graphs.entry(g.clone()).or_default().push(quad);
    }
    for (graph, quads) in &graphs {
        store.replace_graph(graph, quads).unwrap();
    }
    store
}

fn find<'a>(violations: &'a [Violation], focus: &str, path: &str) -> Vec<&'a Violation> {
    violations
        .iter()
        .filter(|v| v.focus == focus && v.path == path)
        .collect()
}

#[test]
fn the_sample_build_conforms() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    build_corpus(&db);
    let db = db.to_str().unwrap();

    let out = edupol(&["validate", "--store", db]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "violations in the sample:\n{stdout}");
    assert!(stdout.contains("conforms:"), "{stdout}");
    assert!(stdout.contains("no violations"), "{stdout}");

    let out = edupol(&["validate", "--store", db, "--json"]);
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["conforms"], true);
    assert_eq!(json["violations"].as_array().unwrap().len(), 0);
    assert!(json["focus_nodes"].as_u64().unwrap() > 100, "{json}");
}

#[test]
fn each_kind_of_breakage_is_reported_once() {
    let store = store_with(None, BROKEN);
    let report = validate(&store).unwrap();
    let v = &report.violations;
    let q = |name: &str| format!("{DOC}/quantity/{name}");
    let edu = |local: &str| format!("{EDU}{local}");
    let rdfs_label = "http://www.w3.org/2000/01/rdf-schema#label";

    let missing = find(v, &q("novalue"), &edu("value"));
    assert_eq!(missing.len(), 1, "{v:#?}");
    assert_eq!(missing[0].constraint, "sh:minCount 1");
    assert_eq!(missing[0].value, None);

    let units = find(v, &q("twounits"), &edu("unit"));
    assert_eq!(units.len(), 1, "{v:#?}");
    assert_eq!(units[0].constraint, "sh:maxCount 1");
    assert!(
        units[0].message.contains("2 values"),
        "{}",
        units[0].message
    );

    let datatype = find(v, &q("integer"), &edu("value"));
    assert_eq!(datatype.len(), 1, "{v:#?}");
    assert_eq!(datatype[0].constraint, "sh:datatype xsd:decimal");
    assert_eq!(
        datatype[0].value.as_deref(),
        Some("\"12\"^^<http://www.w3.org/2001/XMLSchema#integer>")
    );

    let unit = find(v, &q("kilogram"), &edu("unit"));
    assert_eq!(unit.len(), 1, "{v:#?}");
    assert!(unit[0].constraint.starts_with("sh:in (edu:Percent"));
    assert_eq!(unit[0].value.as_deref(), Some(&*format!("<{EDU}Kilogram>")));

    let label = find(v, &format!("{ID}initiative/double"), rdfs_label);
    assert_eq!(label.len(), 1, "{v:#?}");
    assert!(label[0].constraint.starts_with("sh:pattern"));

    let code = find(v, &format!("{ID}place/舟山市"), &edu("divisionCode"));
    assert_eq!(code.len(), 1, "{v:#?}");
    assert!(code[0].constraint.contains("^[0-9]{6}$"));
    assert!(code[0].message.contains("six digits"));

    let role = find(
        v,
        &format!("{ID}post/教育局/张三/none"),
        "http://www.w3.org/ns/org#role",
    );
    assert_eq!(role.len(), 1, "{v:#?}");
    assert_eq!(role[0].constraint, "sh:minCount 1");

    // Nothing else: the conforming nodes raise nothing.
    assert_eq!(v.len(), 7, "{v:#?}");
    for violation in v {
        assert_eq!(violation.source.as_deref(), Some(DOC), "{violation:#?}");
        assert!(!violation.message.is_empty());
    }
    assert!(!report.conforms());
}

#[test]
fn the_command_reports_violations_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    drop(store_with(Some(&db), BROKEN));
    let db = db.to_str().unwrap();

    let out = edupol(&["validate", "--store", db]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(&format!("{DOC}/quantity/twounits")),
        "{stdout}"
    );
    assert!(stdout.contains("constraint: sh:maxCount 1"), "{stdout}");
    assert!(stdout.contains(&format!("source:     {DOC}")), "{stdout}");
    assert!(
        stdout
            .lines()
            .last()
            .unwrap()
            .starts_with("7 violation(s) in 1 source(s)"),
        "{stdout}"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("7 violation(s)"));

    let out = edupol(&["validate", "--store", db, "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["conforms"], false);
    let violations = json["violations"].as_array().unwrap();
    assert_eq!(violations.len(), 7);
    for key in ["focus", "path", "constraint", "message", "source", "shape"] {
        assert!(violations[0].get(key).is_some(), "no {key} in {json}");
    }
}

#[test]
fn a_missing_store_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = edupol(&[
        "validate",
        "--store",
        dir.path().join("none").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no store"));
}
