//! The saved queries (`queries/*.rq`): each has its header, parses on its own
//! (declaring its prefixes), uses only terms the code writes, and answers as
//! intended on a small hand-made graph in the shape of the contract, with the
//! ontology loaded in its own named graph and the default graph the union of
//! all graphs, as in the real store.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::OnceLock;

use edupol::triples::{self, SourceInfo};
use edupol::{pipeline, query_slots, vocab, Lexicon};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{NamedNodeRef, Quad, Term};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;

const QUERIES_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/queries");
const ONTOLOGY_FILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/ontology/edupol.ttl");
const CORPUS_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus");

/// The queries analysts rely on; more may exist.
const REQUIRED: &[&str] = &[
    "targets_by_year",
    "posts_by_person",
    "initiatives_by_institutions",
    "partnerships",
    "figures_for_place",
    "documents_mentioning_initiative",
    "targets_by_authority",
    "articles_with_authors",
    "milestones_by_district_and_year",
    "targets_vs_figures",
    "money_by_authority",
    "institutions_by_document",
];

struct SavedQuery {
    name: String,
    path: PathBuf,
    text: String,
}

fn saved_queries() -> Vec<SavedQuery> {
    let mut queries: Vec<SavedQuery> = std::fs::read_dir(QUERIES_DIR)
        .unwrap_or_else(|e| panic!("cannot read {QUERIES_DIR}: {e}"))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "rq"))
        .map(|path| SavedQuery {
            name: path.file_stem().unwrap().to_string_lossy().into_owned(),
            text: std::fs::read_to_string(&path).unwrap(),
            path,
        })
        .collect();
    queries.sort_by(|a, b| a.name.cmp(&b.name));
    queries
}

fn query(name: &str) -> SavedQuery {
    saved_queries()
        .into_iter()
        .find(|q| q.name == name)
        .unwrap_or_else(|| panic!("queries/{name}.rq is missing"))
}

/// The leading comment block, as (key, value) pairs for `# key: value` lines.
fn header(text: &str) -> Vec<(String, String)> {
    text.lines()
        .take_while(|line| line.starts_with('#'))
        .filter_map(|line| {
            let line = line.trim_start_matches('#').trim();
            let (key, value) = line.split_once(':')?;
            if key.trim().is_empty() || key.trim().contains(char::is_whitespace) {
                return None;
            }
            Some((key.trim().to_owned(), value.trim().to_owned()))
        })
        .collect()
}

fn header_value(text: &str, key: &str) -> Option<String> {
    header(text)
        .into_iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v)
}

fn columns(text: &str) -> Vec<String> {
    header_value(text, "columns")
        .unwrap_or_default()
        .split(',')
        .map(|c| c.trim().trim_start_matches('?').to_owned())
        .filter(|c| !c.is_empty())
        .collect()
}

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// The query text without comments (a `#` outside IRIs and strings starts one).
fn code(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let mut in_iri = false;
        let mut in_string = false;
        for c in line.chars() {
            match c {
                '"' if !in_iri => in_string = !in_string,
                '<' if !in_string => in_iri = true,
                '>' if !in_string => in_iri = false,
                '#' if !in_iri && !in_string => break,
                _ => {}
            }
            out.push(c);
        }
        out.push('\n');
    }
    out
}

#[test]
fn required_queries_exist() {
    let names: BTreeSet<String> = saved_queries().into_iter().map(|q| q.name).collect();
    for name in REQUIRED {
        assert!(names.contains(*name), "queries/{name}.rq is missing");
    }
}

#[test]
fn every_query_has_a_header() {
    let mut problems = Vec::new();
    for q in saved_queries() {
        assert!(
            q.text.starts_with("# title:"),
            "{}: must start with `# title: …`",
            q.path.display()
        );
        for key in ["title", "answers", "说明", "columns"] {
            match header_value(&q.text, key) {
                Some(v) if !v.is_empty() => {
                    if key == "说明" && !has_cjk(&v) {
                        problems.push(format!("{}: `# 说明:` must be Chinese", q.name));
                    }
                    if key == "answers" && v.split_whitespace().count() < 5 {
                        problems.push(format!("{}: `# answers:` is too short", q.name));
                    }
                }
                _ => problems.push(format!("{}: no `# {key}: …` header line", q.name)),
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_query_parses_on_its_own() {
    // No prefixes are supplied: each query declares those it uses.
    for q in saved_queries() {
        if let Err(e) = SparqlEvaluator::new().parse_query(&q.text) {
            panic!("{} does not parse: {e}", q.path.display());
        }
    }
}

/// Every restriction slot (`VALUES ?NAME { UNDEF }`) is shown in the header
/// as `--bind NAME=…`, every `--bind` shown names a slot, and the query still
/// parses with a value in each slot.
#[test]
fn every_slot_is_documented_and_binds() {
    let mut problems = Vec::new();
    for q in saved_queries() {
        let slots = query_slots::slots(&q.text);
        let shown: BTreeSet<String> = q
            .text
            .lines()
            .take_while(|line| line.starts_with('#'))
            .flat_map(|line| line.split("--bind ").skip(1))
            .filter_map(|rest| rest.split_once('=').map(|(name, _)| name.to_string()))
            .collect();
        if shown != slots.iter().cloned().collect() {
            problems.push(format!(
                "{}: slots {slots:?}, header shows {shown:?}",
                q.name
            ));
        }
        let bindings: Vec<(String, String)> =
            slots.iter().map(|s| (s.clone(), "x".to_string())).collect();
        let bound = query_slots::bind(&q.text, &bindings).unwrap();
        if !query_slots::slots(&bound).is_empty() {
            problems.push(format!("{}: a slot is left unbound", q.name));
        }
        if let Err(e) = SparqlEvaluator::new().parse_query(&bound) {
            problems.push(format!("{}: bound, it does not parse: {e}", q.name));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn prefixes_are_those_of_the_contract() {
    let known: BTreeMap<&str, &str> = vocab::PREFIXES.iter().copied().collect();
    for q in saved_queries() {
        for line in code(&q.text).lines() {
            let words: Vec<&str> = line.split_whitespace().collect();
            if words
                .first()
                .is_some_and(|w| w.eq_ignore_ascii_case("PREFIX"))
            {
                assert!(words.len() >= 3, "{}: malformed `{line}`", q.name);
                let name = words[1].trim_end_matches(':');
                let iri = words[2].trim_start_matches('<').trim_end_matches('>');
                assert_eq!(
                    known.get(name).copied(),
                    Some(iri),
                    "{}: PREFIX {name}: must be the contract's",
                    q.name
                );
            }
        }
    }
}

#[test]
fn queries_use_only_terms_the_graph_holds() {
    // Terms of the edu, org, foaf, prov, dcterms and skos namespaces must be
    // those the code writes (vocab.rs), so a typo cannot silently match nothing.
    let mut known: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (prefix, all) in [
        ("edu", vocab::edu::ALL),
        ("org", vocab::org::ALL),
        ("foaf", vocab::foaf::ALL),
        ("prov", vocab::prov::ALL),
        ("dcterms", vocab::dcterms::ALL),
        ("skos", vocab::skos::ALL),
    ] {
        let ns = vocab::PREFIXES
            .iter()
            .find(|(p, _)| *p == prefix)
            .unwrap()
            .1;
        known.insert(
            prefix,
            all.iter()
                .map(|t: &NamedNodeRef<'static>| t.as_str().strip_prefix(ns).unwrap())
                .collect(),
        );
    }
    // rdfs: the label the code writes, and the hierarchy the ontology holds.
    known.insert("rdfs", ["label", "subClassOf"].into_iter().collect());
    let term = regex::Regex::new(r"(?:^|[^\w:<])([a-z]+):([A-Za-z_][\w-]*)").unwrap();
    let mut problems = Vec::new();
    for q in saved_queries() {
        let code = code(&q.text);
        for line in code.lines() {
            if line.trim_start().to_ascii_uppercase().starts_with("PREFIX") {
                continue;
            }
            // Strings may hold colons (`"嵊泗县"` does not, but a URL would).
            let line = line.split('"').step_by(2).collect::<Vec<_>>().join(" ");
            for cap in term.captures_iter(&line) {
                let (prefix, local) = (&cap[1], &cap[2]);
                match known.get(prefix) {
                    Some(locals) if locals.contains(local) => {}
                    Some(_) => problems.push(format!("{}: unknown term {prefix}:{local}", q.name)),
                    None => {
                        problems.push(format!("{}: unexpected prefix in {prefix}:{local}", q.name))
                    }
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

// ---------------------------------------------------------------------------
// Running the queries on a sample graph
// ---------------------------------------------------------------------------

/// Two source files in the shape of the contract, one named graph each.
///
/// `000_a.txt`: a speech by 嵊泗县教育局 and its head 邱存安, with two targets, a
/// reported figure for 嵊泗县, an investment in 嵊泗中学, a pairing and the
/// reform 县管校聘.
/// `002_b.txt`: a notice issued by 舟山市人民政府 (creator of the file, not of
/// the article) with two targets, a figure for 舟山市 derived from the file
/// itself, two figures on the second target's indicator, 县管校聘 again with a
/// milestone for 嵊泗县, and a partnership and a post whose institution has no
/// label.
const SAMPLE: &str = r#"
@prefix edu:     <https://w3id.org/edupol/ontology#> .
@prefix eduid:   <https://w3id.org/edupol/id/> .
@prefix org:     <http://www.w3.org/ns/org#> .
@prefix foaf:    <http://xmlns.com/foaf/0.1/> .
@prefix prov:    <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .

eduid:graph_000_a {
  eduid:doc_000_a a edu:SourceDocument ; edu:sourceFile "000_a.txt" .
  eduid:art_000_a_1 a edu:Article ;
      dcterms:isPartOf eduid:doc_000_a ;
      dcterms:title "聚焦问题短板 奋力书写海岛教育的优异答卷" ;
      edu:text "嵊泗县把教育作为推动海岛各项事业……" ;
      edu:articleKind edu:Speech ;
      dcterms:creator eduid:org_o1 , eduid:person_p1 .
  eduid:org_o1 a edu:EducationAuthority ; rdfs:label "嵊泗县教育局" ;
      skos:altLabel "县教育局" ; edu:mentionedIn eduid:art_000_a_1 .
  eduid:org_o2 a edu:School ; rdfs:label "杭州学军中学" ; edu:mentionedIn eduid:art_000_a_1 .
  eduid:org_o3 a edu:School ; rdfs:label "嵊泗中学"@zh ; edu:mentionedIn eduid:art_000_a_1 .
  eduid:person_p1 a foaf:Person ; foaf:name "邱存安" ; edu:mentionedIn eduid:art_000_a_1 .
  eduid:role_r1 a org:Role ; rdfs:label "局长" .
  eduid:role_r2 a org:Role ; rdfs:label "党委书记" .
  eduid:post_m1 a org:Membership ; org:member eduid:person_p1 ; org:organization eduid:org_o1 ;
      org:role eduid:role_r1 ; prov:wasDerivedFrom eduid:art_000_a_1 .
  eduid:post_m2 a org:Membership ; org:member eduid:person_p1 ; org:organization eduid:org_o1 ;
      org:role eduid:role_r2 ; prov:wasDerivedFrom eduid:art_000_a_1 .
  eduid:place_shengsi a edu:AdministrativeDivision ; rdfs:label "嵊泗县" ;
      edu:adminLevel edu:County ; edu:divisionCode "330922" ; edu:partOf eduid:place_zhoushan ;
      edu:mentionedIn eduid:art_000_a_1 .
  eduid:place_zhoushan a edu:AdministrativeDivision ; rdfs:label "舟山市" ;
      edu:adminLevel edu:City ; edu:divisionCode "330900" ; edu:mentionedIn eduid:art_000_a_1 .
  eduid:init_i1 a edu:Reform ; rdfs:label "县管校聘" ; edu:mentionedIn eduid:art_000_a_1 .
  eduid:q_a1 a edu:Target ; edu:value 95.0 ; edu:unit edu:Percent ; edu:comparator edu:AtLeast ;
      edu:year "2025"^^xsd:gYear ; edu:indicator "高中段毛入学率" ; edu:scope eduid:place_shengsi ;
      edu:evidence "到2025年，高中段毛入学率达到95%以上。" ; prov:wasDerivedFrom eduid:art_000_a_1 .
  eduid:q_a2 a edu:Target ; edu:value 3.0 ; edu:unit edu:Count ; edu:counter "所" ;
      edu:comparator edu:Equal ; edu:year "2022"^^xsd:gYear ; edu:indicator "新建学校" ;
      edu:evidence "2022年新建学校3所。" ; prov:wasDerivedFrom eduid:art_000_a_1 .
  eduid:q_a3 a edu:ReportedFigure ; edu:value 50.0 ; edu:unit edu:Percent ; edu:comparator edu:Equal ;
      edu:year "2023"^^xsd:gYear ; edu:indicator "义务教育阶段省现代化学校比例" ;
      edu:scope eduid:place_shengsi ; edu:evidence "义务教育阶段省现代化学校比例达到50%" ;
      prov:wasDerivedFrom eduid:art_000_a_1 .
  eduid:q_a4 a edu:ReportedFigure ; edu:value 55000000 ; edu:unit edu:Yuan ; edu:comparator edu:Equal ;
      edu:indicator "校舍拓展投资" ; edu:scope eduid:org_o3 ;
      edu:evidence "投资5500万元用于嵊泗中学校舍拓展" ; prov:wasDerivedFrom eduid:art_000_a_1 .
  eduid:pship_1 a edu:Partnership ; edu:supporter eduid:org_o2 ; edu:supported eduid:org_o3 ;
      edu:partnershipKind edu:Pairing ; edu:evidence "杭州学军中学与嵊泗中学建立“一对一”结对帮扶关系" ;
      prov:wasDerivedFrom eduid:art_000_a_1 .
}

eduid:graph_002_b {
  eduid:doc_002_b a edu:SourceDocument ; edu:sourceFile "002_b.txt" ;
      dcterms:creator eduid:org_o4 ; dcterms:identifier "舟政发〔2021〕5号" .
  eduid:art_002_b_1 a edu:Article ; dcterms:isPartOf eduid:doc_002_b ;
      dcterms:title "关于推进教育高质量发展的通知" ; edu:articleKind edu:Notice .
  eduid:art_002_b_2 a edu:Article ; dcterms:isPartOf eduid:doc_002_b ;
      dcterms:title "附件" ; edu:articleKind edu:Notice .
  eduid:init_i1 edu:mentionedIn eduid:art_002_b_2 .
  eduid:org_o4 a edu:Government ; rdfs:label "舟山市人民政府" ; edu:mentionedIn eduid:art_002_b_1 .
  eduid:org_o1 rdfs:label "嵊泗县教育局" ; edu:mentionedIn eduid:art_002_b_1 .
  eduid:init_i1 a edu:Reform ; rdfs:label "县管校聘" ; edu:mentionedIn eduid:art_002_b_1 .
  eduid:q_b1 a edu:Target ; edu:value 100.0 ; edu:unit edu:Percent ; edu:comparator edu:Equal ;
      edu:year "2025"^^xsd:gYear ; edu:indicator "义务教育优质均衡县覆盖率" ;
      prov:wasDerivedFrom eduid:art_002_b_1 .
  eduid:q_b2 a edu:Target ; edu:value 10.0 ; edu:unit edu:Count ; edu:counter "个" ;
      edu:comparator edu:AtLeast ; edu:indicator "教育共同体" ;
      edu:scope <https://w3id.org/edupol/id/org/舟山市教育局> ; prov:wasDerivedFrom eduid:art_002_b_1 .
  # Progress on q_b2 (the indicator in other words), and a count of schools
  # under the same words that is not comparable with it.
  eduid:q_b4 a edu:ReportedFigure ; edu:value 6.0 ; edu:unit edu:Count ; edu:counter "个" ;
      edu:comparator edu:Equal ; edu:year "2022"^^xsd:gYear ; edu:indicator "已组建教育共同体" ;
      edu:scope <https://w3id.org/edupol/id/org/舟山市教育局> ; prov:wasDerivedFrom eduid:art_002_b_1 .
  eduid:q_b5 a edu:ReportedFigure ; edu:value 40.0 ; edu:unit edu:Count ; edu:counter "所" ;
      edu:comparator edu:Equal ; edu:indicator "教育共同体" ;
      edu:scope <https://w3id.org/edupol/id/org/舟山市教育局> ; prov:wasDerivedFrom eduid:art_002_b_1 .
  eduid:ms_1 a edu:Milestone ; edu:initiative eduid:init_i1 ; edu:scope eduid:place_shengsi ;
      edu:year "2024"^^xsd:gYear ; edu:status "全面推开" ; prov:wasDerivedFrom eduid:art_002_b_2 .
  eduid:q_b3 a edu:ReportedFigure ; edu:value 0.35 ; edu:unit edu:Ratio ; edu:comparator edu:LessThan ;
      edu:year "2022"^^xsd:gYear ; edu:indicator "差异系数" ; edu:scope eduid:place_zhoushan ;
      prov:wasDerivedFrom eduid:doc_002_b .
  # A place supporting a school the text names only here (no rdfs:label), and
  # a post at an institution without a label: IRIs as the code mints them.
  eduid:pship_2 a edu:Partnership ; edu:supporter eduid:place_zhoushan ;
      edu:supported <https://w3id.org/edupol/id/org/嵊泗二中> ;
      edu:partnershipKind edu:Support ; prov:wasDerivedFrom eduid:art_002_b_1 .
  eduid:person_p2 a foaf:Person ; foaf:name "李四" ; edu:mentionedIn eduid:art_002_b_1 .
  eduid:role_r3 a org:Role ; rdfs:label "副局长" .
  eduid:post_m3 a org:Membership ; org:member eduid:person_p2 ;
      org:organization <https://w3id.org/edupol/id/org/舟山市教育局> ;
      org:role eduid:role_r3 ; prov:wasDerivedFrom eduid:art_002_b_1 .
}
"#;

fn sample_store() -> Store {
    let store = Store::new().unwrap();
    let ontology = std::fs::read_to_string(ONTOLOGY_FILE).unwrap();
    store
        .load_from_slice(
            RdfParser::from_format(RdfFormat::Turtle)
                .without_named_graphs()
                .with_default_graph(NamedNodeRef::new(vocab::ONTOLOGY_GRAPH).unwrap()),
            &ontology,
        )
        .unwrap();
    store.load_from_slice(RdfFormat::TriG, SAMPLE).unwrap();
    store
}

type Row = BTreeMap<String, String>;

/// Runs a query with the union of all graphs as default graph; returns the
/// projected variables and the rows (unbound values as "").
fn run(store: &Store, text: &str) -> (Vec<String>, Vec<Row>) {
    let mut prepared = SparqlEvaluator::new().parse_query(text).unwrap();
    prepared.dataset_mut().set_default_graph_as_union();
    let QueryResults::Solutions(solutions) = prepared.on_store(store).execute().unwrap() else {
        panic!("not a SELECT query");
    };
    let variables: Vec<String> = solutions
        .variables()
        .iter()
        .map(|v| v.as_str().to_owned())
        .collect();
    let mut rows = Vec::new();
    for solution in solutions {
        let solution = solution.unwrap();
        let row = variables
            .iter()
            .map(|v| {
                let value = match solution.get(v.as_str()) {
                    Some(Term::Literal(l)) => l.value().to_owned(),
                    Some(Term::NamedNode(n)) => n.as_str().to_owned(),
                    Some(other) => other.to_string(),
                    None => String::new(),
                };
                (v.clone(), value)
            })
            .collect();
        rows.push(row);
    }
    (variables, rows)
}

fn run_saved(store: &Store, name: &str) -> Vec<Row> {
    run(store, &query(name).text).1
}

fn get<'a>(row: &'a Row, column: &str) -> &'a str {
    row.get(column)
        .unwrap_or_else(|| panic!("no column {column} in {row:?}"))
}

fn number(row: &Row, column: &str) -> f64 {
    get(row, column)
        .parse()
        .unwrap_or_else(|_| panic!("{column} is not a number in {row:?}"))
}

#[test]
fn columns_header_matches_the_projection_and_every_query_answers() {
    let store = sample_store();
    for q in saved_queries() {
        if q.text.contains("SERVICE <") {
            // Federated: needs its endpoint, so tests/federated.rs runs it
            // against a stand-in and checks its columns there.
            continue;
        }
        let (variables, rows) = run(&store, &q.text);
        assert_eq!(
            columns(&q.text),
            variables,
            "{}: `# columns:` must list the projected variables in order",
            q.name
        );
        assert!(
            !rows.is_empty(),
            "{}: no answer on the sample graph",
            q.name
        );
    }
}

#[test]
fn targets_by_year_orders_by_year_with_undated_last() {
    let rows = run_saved(&sample_store(), "targets_by_year");
    let years: Vec<&str> = rows.iter().map(|r| get(r, "year")).collect();
    assert_eq!(years, ["2022", "2025", "2025", ""], "{rows:#?}");
    let first = &rows[0];
    assert_eq!(number(first, "value"), 3.0);
    assert_eq!(get(first, "unit"), "Count");
    assert_eq!(get(first, "counter"), "所");
    assert_eq!(get(first, "comparator"), "Equal");
    assert_eq!(get(first, "sourceFile"), "000_a.txt");
    let scoped = rows
        .iter()
        .find(|r| get(r, "indicator") == "高中段毛入学率")
        .unwrap();
    assert_eq!(get(scoped, "scope"), "嵊泗县");
    assert_eq!(get(scoped, "comparator"), "AtLeast");
    assert!(get(scoped, "evidence").contains("95%"));
    // Reported figures are not targets.
    assert!(rows
        .iter()
        .all(|r| get(r, "indicator") != "义务教育阶段省现代化学校比例"));
}

#[test]
fn posts_by_person_lists_each_post() {
    let rows = run_saved(&sample_store(), "posts_by_person");
    let posts: BTreeSet<(&str, &str, &str)> = rows
        .iter()
        .map(|r| (get(r, "person"), get(r, "role"), get(r, "organization")))
        .collect();
    let expected: BTreeSet<_> = [
        ("李四", "副局长", "舟山市教育局"),
        ("邱存安", "党委书记", "嵊泗县教育局"),
        ("邱存安", "局长", "嵊泗县教育局"),
    ]
    .into_iter()
    .collect();
    assert_eq!(posts, expected);
    assert_eq!(rows.len(), 3, "{rows:#?}");
    for row in &rows {
        let file = if get(row, "person") == "李四" {
            "002_b.txt"
        } else {
            "000_a.txt"
        };
        assert_eq!(get(row, "sourceFiles"), file, "{row:?}");
    }
}

#[test]
fn initiatives_count_institutions_of_the_same_articles() {
    let rows = run_saved(&sample_store(), "initiatives_by_institutions");
    assert_eq!(rows.len(), 1, "{rows:#?}");
    let row = &rows[0];
    assert_eq!(get(row, "initiative"), "县管校聘");
    assert_eq!(get(row, "kind"), "Reform");
    // 嵊泗县教育局, 杭州学军中学, 嵊泗中学 (typed by subclasses only, through the
    // ontology graph) and 舟山市人民政府; not the person, not the places.
    assert_eq!(number(row, "institutions"), 4.0, "{row:?}");
    // The third article names no institution: it counts, and does not blank
    // the list of names (GROUP_CONCAT over an unbound value fails in Oxigraph).
    assert_eq!(number(row, "articles"), 3.0, "{row:?}");
    let names: BTreeSet<&str> = get(row, "institutionNames").split('、').collect();
    assert_eq!(
        names,
        ["嵊泗中学", "嵊泗县教育局", "杭州学军中学", "舟山市人民政府"]
            .into_iter()
            .collect()
    );
}

#[test]
fn partnerships_name_both_sides() {
    let rows = run_saved(&sample_store(), "partnerships");
    assert_eq!(rows.len(), 2, "{rows:#?}");
    let row = &rows[0];
    assert_eq!(get(row, "supporter"), "杭州学军中学");
    assert_eq!(get(row, "supported"), "嵊泗中学");
    assert_eq!(get(row, "kind"), "Pairing");
    assert_eq!(
        get(row, "article"),
        "https://w3id.org/edupol/id/art_000_a_1"
    );
    assert_eq!(get(row, "sourceFile"), "000_a.txt");
    assert!(get(row, "articleTitle").starts_with("聚焦问题短板"));
    // A place as supporter; a school without a label named by its IRI.
    let row = &rows[1];
    assert_eq!(get(row, "supporter"), "舟山市");
    assert_eq!(get(row, "supported"), "嵊泗二中");
    assert_eq!(get(row, "kind"), "Support");
    assert_eq!(get(row, "sourceFile"), "002_b.txt");
}

#[test]
fn figures_for_place_and_its_values_filter() {
    let store = sample_store();
    let text = query("figures_for_place").text;
    let rows = run(&store, &text).1;
    let places: Vec<(&str, f64)> = rows
        .iter()
        .map(|r| (get(r, "place"), number(r, "value")))
        .collect();
    assert_eq!(places, [("嵊泗县", 50.0), ("舟山市", 0.35)], "{rows:#?}");
    assert_eq!(get(&rows[0], "level"), "County");
    assert_eq!(get(&rows[0], "divisionCode"), "330922");
    // A figure derived from the source file itself still finds its file.
    assert_eq!(get(&rows[1], "sourceFile"), "002_b.txt");

    // As the header documents: one place by name (`--bind place=舟山市`).
    let one = query_slots::bind(&text, &[("place".into(), "舟山市".into())]).unwrap();
    let rows = run(&store, &one).1;
    assert_eq!(rows.len(), 1, "{rows:#?}");
    assert_eq!(get(&rows[0], "place"), "舟山市");
    assert_eq!(get(&rows[0], "unit"), "Ratio");
}

#[test]
fn documents_mentioning_initiative_counts_files() {
    let store = sample_store();
    let text = query("documents_mentioning_initiative").text;
    let rows = run(&store, &text).1;
    assert_eq!(rows.len(), 1, "{rows:#?}");
    assert_eq!(get(&rows[0], "initiative"), "县管校聘");
    assert_eq!(number(&rows[0], "files"), 2.0);
    let files: BTreeSet<&str> = get(&rows[0], "sourceFiles").split(", ").collect();
    assert_eq!(files, ["000_a.txt", "002_b.txt"].into_iter().collect());
    let none = query_slots::bind(&text, &[("initiative".into(), "双减".into())]).unwrap();
    assert_ne!(none, text, "the VALUES line is documented");
    assert!(run(&store, &none).1.is_empty());
}

#[test]
fn targets_by_authority_uses_article_then_file_creator() {
    let rows = run_saved(&sample_store(), "targets_by_authority");
    let mut by_authority: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for row in &rows {
        by_authority
            .entry(get(row, "authority"))
            .or_default()
            .push(get(row, "indicator"));
        let expected_type = match get(row, "authority") {
            "嵊泗县教育局" => "EducationAuthority",
            "舟山市人民政府" => "Government",
            other => panic!("unexpected authority {other}"),
        };
        assert_eq!(get(row, "authorityType"), expected_type);
        assert_eq!(number(row, "targetCount"), 2.0);
    }
    assert_eq!(by_authority.len(), 2, "{rows:#?}");
    let mut sheng_si = by_authority["嵊泗县教育局"].clone();
    sheng_si.sort();
    assert_eq!(sheng_si, ["新建学校", "高中段毛入学率"]);
    let mut zhou_shan = by_authority["舟山市人民政府"].clone();
    zhou_shan.sort();
    assert_eq!(zhou_shan, ["义务教育优质均衡县覆盖率", "教育共同体"]);
}

#[test]
fn articles_with_authors_lists_organizations_and_people() {
    let rows = run_saved(&sample_store(), "articles_with_authors");
    assert_eq!(rows.len(), 3, "{rows:#?}");
    let speech = &rows[0];
    assert_eq!(get(speech, "sourceFile"), "000_a.txt");
    assert_eq!(get(speech, "kind"), "Speech");
    let creators: BTreeSet<&str> = get(speech, "creators").split('、').collect();
    assert_eq!(creators, ["嵊泗县教育局", "邱存安"].into_iter().collect());
    let notice = &rows[1];
    assert_eq!(get(notice, "sourceFile"), "002_b.txt");
    assert_eq!(get(notice, "title"), "关于推进教育高质量发展的通知");
    assert_eq!(get(notice, "creators"), "");
}

#[test]
fn targets_vs_figures_pairs_the_same_scope_unit_and_indicator() {
    let store = sample_store();
    let text = query("targets_vs_figures").text;
    let rows = run(&store, &text).1;
    // Targets that name their scope and indicator, with or without a figure.
    assert_eq!(rows.len(), 2, "{rows:#?}");
    let row = &rows[0];
    assert_eq!(get(row, "scope"), "嵊泗县");
    assert_eq!(get(row, "indicator"), "高中段毛入学率");
    assert_eq!(get(row, "figureValue"), "", "no figure yet: {row:?}");
    let row = &rows[1];
    // An institution named only by its IRI, and the indicator in other words;
    // the count of schools (所, not 个) under the same words is left out.
    assert_eq!(get(row, "scope"), "舟山市教育局");
    assert_eq!(get(row, "indicator"), "教育共同体");
    assert_eq!(get(row, "figureIndicator"), "已组建教育共同体");
    assert_eq!(get(row, "unit"), "Count");
    assert_eq!(get(row, "targetComparator"), "AtLeast");
    assert_eq!(number(row, "targetValue"), 10.0);
    assert_eq!(get(row, "targetYear"), "");
    assert_eq!(get(row, "figureComparator"), "Equal");
    assert_eq!(number(row, "figureValue"), 6.0);
    assert_eq!(get(row, "figureYear"), "2022");
    assert_eq!(get(row, "targetFile"), "002_b.txt");
    assert_eq!(get(row, "figureFile"), "002_b.txt");

    // As the header documents: only the targets that have a figure.
    let reported = only_reported(&text);
    let rows = run(&store, &reported).1;
    assert_eq!(rows.len(), 1, "{rows:#?}");
    assert_eq!(get(&rows[0], "figureIndicator"), "已组建教育共同体");
}

/// targets_vs_figures with its documented filter turned on.
fn only_reported(text: &str) -> String {
    const COMMENTED: &str = "# FILTER(BOUND(?figureValue))";
    assert!(text.contains(COMMENTED), "the FILTER line is documented");
    text.replace(COMMENTED, "FILTER(BOUND(?figureValue))")
}

#[test]
fn money_by_authority_sums_yuan_by_authority_kind_and_scope() {
    let store = sample_store();
    // A second commitment and a target in another unit, in a graph of their own.
    store
        .load_from_slice(
            RdfFormat::TriG,
            r#"
            @prefix edu:  <https://w3id.org/edupol/ontology#> .
            @prefix eduid: <https://w3id.org/edupol/id/> .
            @prefix prov: <http://www.w3.org/ns/prov#> .
            eduid:graph_000_c {
              eduid:q_c1 a edu:Target ; edu:value 30000000 ; edu:unit edu:Yuan ;
                  edu:scope eduid:org_o3 ; prov:wasDerivedFrom eduid:art_000_a_1 .
              eduid:q_c2 a edu:Target ; edu:value 20000000 ; edu:unit edu:Yuan ;
                  edu:scope eduid:org_o3 ; prov:wasDerivedFrom eduid:art_000_a_1 .
              eduid:q_c3 a edu:Target ; edu:value 7 ; edu:unit edu:Count ;
                  prov:wasDerivedFrom eduid:art_000_a_1 .
            }"#,
        )
        .unwrap();
    let text = query("money_by_authority").text;
    let sums = |text: &str| -> BTreeSet<(String, String, String, u64, u64)> {
        run(&store, text)
            .1
            .iter()
            .map(|r| {
                (
                    get(r, "authority").to_owned(),
                    get(r, "kind").to_owned(),
                    get(r, "scope").to_owned(),
                    number(r, "amount") as u64,
                    number(r, "amounts") as u64,
                )
            })
            .collect()
    };
    let row = |kind: &str, amount, amounts| {
        (
            "嵊泗县教育局".to_owned(),
            kind.to_owned(),
            "嵊泗中学".to_owned(),
            amount,
            amounts,
        )
    };
    assert_eq!(
        sums(&text),
        [
            row("ReportedFigure", 55_000_000, 1),
            row("Target", 50_000_000, 2)
        ]
        .into_iter()
        .collect()
    );
    // As the header documents: commitments only.
    const BOTH: &str = "VALUES ?kindTerm { edu:Target edu:ReportedFigure }";
    assert!(text.contains(BOTH), "the VALUES line is documented");
    let targets = text.replace(BOTH, "VALUES ?kindTerm { edu:Target }");
    assert_eq!(
        sums(&targets),
        [row("Target", 50_000_000, 2)].into_iter().collect()
    );
}

#[test]
fn milestones_by_district_and_year_on_the_sample_graph() {
    let rows = run_saved(&sample_store(), "milestones_by_district_and_year");
    assert_eq!(rows.len(), 1, "{rows:#?}");
    let row = &rows[0];
    assert_eq!(
        (
            get(row, "district"),
            get(row, "year"),
            get(row, "initiative"),
            get(row, "status"),
            get(row, "sourceFile")
        ),
        ("嵊泗县", "2024", "县管校聘", "全面推开", "002_b.txt")
    );
}

// ---------------------------------------------------------------------------
// Running the queries on the graph of tests/corpus
// ---------------------------------------------------------------------------

fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(Lexicon::load)
}

/// The quads of one text as `edupol build` writes them: the real pipeline.
fn document_quads(file_name: &str, text: &str) -> Vec<Quad> {
    let doc = pipeline::analyze(file_name, text, lexicon());
    triples::document_quads(&doc, &SourceInfo::default(), lexicon())
}

/// The quads of every file of tests/corpus, computed once.
fn corpus_quads() -> &'static [Quad] {
    static QUADS: OnceLock<Vec<Quad>> = OnceLock::new();
    QUADS.get_or_init(|| {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(CORPUS_DIR)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|e| e == "txt"))
            .collect();
        paths.sort();
        paths
            .iter()
            .flat_map(|path| {
                let name = path.file_name().unwrap().to_str().unwrap();
                document_quads(name, &std::fs::read_to_string(path).unwrap())
            })
            .collect()
    })
}

/// The ontology and the graph of tests/corpus, plus `extra` (file name, text)
/// documents read through the same pipeline.
fn corpus_store(extra: &[(&str, &str)]) -> Store {
    let store = Store::new().unwrap();
    let ontology = std::fs::read_to_string(ONTOLOGY_FILE).unwrap();
    store
        .load_from_slice(
            RdfParser::from_format(RdfFormat::Turtle)
                .without_named_graphs()
                .with_default_graph(NamedNodeRef::new(vocab::ONTOLOGY_GRAPH).unwrap()),
            &ontology,
        )
        .unwrap();
    store.extend(corpus_quads().iter().cloned()).unwrap();
    for (name, text) in extra {
        store.extend(document_quads(name, text)).unwrap();
    }
    store
}

const SHAOXING_PLAN: &str = "003_5d82acdc91462d5a.txt";

#[test]
fn milestones_of_the_shaoxing_schedule_by_district_and_year() {
    // 绍政办发〔2021〕2号, annex 进度安排: the cells in words, not the 达到 100% ones.
    let store = corpus_store(&[]);
    let text = query("milestones_by_district_and_year").text;
    let rows = run(&store, &text).1;
    let milestones: BTreeSet<(&str, &str, &str, &str)> = rows
        .iter()
        .map(|r| {
            assert_eq!(get(r, "sourceFile"), SHAOXING_PLAN, "{r:?}");
            (
                get(r, "district"),
                get(r, "year"),
                get(r, "initiative"),
                get(r, "status"),
            )
        })
        .collect();
    for expected in [
        (
            "越城区",
            "2023",
            "全国义务教育优质均衡发展县",
            "达到创建标准",
        ),
        (
            "柯桥区",
            "2021",
            "全国义务教育优质均衡发展县",
            "通过评估验收",
        ),
        // The 全市创建 column speaks for the city.
        (
            "绍兴市",
            "2025",
            "全国义务教育优质均衡发展县",
            "达到创建标准",
        ),
        // The row's 省教育现代化县 is the initiative node of its full name.
        ("嵊州市", "2025", "浙江省教育现代化县", "基本达到创建标准"),
        ("新昌县", "2025", "浙江省现代化学校", "创建率达到全省平均"),
    ] {
        assert!(milestones.contains(&expected), "{expected:?} in {rows:#?}");
    }
    assert_eq!(rows.len(), 15, "{rows:#?}");
    assert!(
        rows.iter().all(|r| !get(r, "status").contains('%')),
        "numeric cells are targets, not milestones: {rows:#?}"
    );
    // Sorted by district, then year.
    let keys: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (get(r, "district"), get(r, "year")))
        .collect();
    assert!(keys.windows(2).all(|w| w[0] <= w[1]), "{keys:?}");

    // As the header documents: one district, one year.
    let one = text.replace(
        "VALUES ?district { UNDEF }",
        "VALUES ?district { \"越城区\" }",
    );
    let rows = run(&store, &one).1;
    let years: Vec<&str> = rows.iter().map(|r| get(r, "year")).collect();
    assert_eq!(years, ["2023", "2025", "2025"], "{rows:#?}");
    let one = text.replace("VALUES ?year { UNDEF }", "VALUES ?year { \"2021\" }");
    let rows = run(&store, &one).1;
    let districts: BTreeSet<&str> = rows.iter().map(|r| get(r, "district")).collect();
    assert_eq!(districts, ["柯桥区", "诸暨市"].into_iter().collect());
}

#[test]
fn targets_due_in_one_year_on_the_corpus() {
    let store = corpus_store(&[]);
    let text = query("targets_by_year").text;
    const ANY_YEAR: &str = "VALUES ?due { UNDEF }";
    assert!(text.contains(ANY_YEAR), "the VALUES line is documented");
    let all = run(&store, &text).1;
    assert!(all.iter().any(|r| get(r, "year").is_empty()), "{all:#?}");
    let rows = run(&store, &text.replace(ANY_YEAR, "VALUES ?due { \"2025\" }")).1;
    assert!(!rows.is_empty() && rows.len() < all.len());
    assert!(rows.iter().all(|r| get(r, "year") == "2025"), "{rows:#?}");
    // 到2025年，全市创建成功15所省现代化普通高中学校。
    assert!(
        rows.iter()
            .any(|r| get(r, "indicator") == "省现代化普通高中学校"
                && number(r, "value") == 15.0
                && get(r, "counter") == "所"
                && get(r, "scope") == "绍兴市"
                && get(r, "sourceFile") == SHAOXING_PLAN),
        "{rows:#?}"
    );
    // A schedule cell: 越城区 is to have 100% of 市教育优质均衡示范乡镇 in 2023.
    let rows = run(&store, &text.replace(ANY_YEAR, "VALUES ?due { \"2023\" }")).1;
    assert!(
        rows.iter()
            .any(|r| get(r, "indicator") == "市教育优质均衡示范乡镇"
                && get(r, "scope") == "越城区"
                && number(r, "value") == 100.0),
        "{rows:#?}"
    );
}

#[test]
fn targets_vs_figures_on_the_corpus_and_a_progress_report() {
    let text = query("targets_vs_figures").text;
    let rows = run(&corpus_store(&[]), &text).1;
    // 双师型教师比例达到93% (2025), a target of the Shaoxing plan...
    let teachers = |rows: &[Row]| -> Vec<Row> {
        rows.iter()
            .filter(|r| get(r, "indicator") == "双师型教师比例")
            .cloned()
            .collect()
    };
    let target = teachers(&rows);
    assert_eq!(target.len(), 1, "{rows:#?}");
    let row = &target[0];
    assert_eq!(get(row, "scope"), "绍兴市");
    assert_eq!(get(row, "unit"), "Percent");
    assert_eq!(
        (number(row, "targetValue"), get(row, "targetYear")),
        (93.0, "2025")
    );
    assert_eq!(get(row, "targetFile"), SHAOXING_PLAN);
    // ...on which none of the samples reports: they share no indicator
    // between a target and a figure.
    assert_eq!(get(row, "figureValue"), "");
    assert!(run(&corpus_store(&[]), &only_reported(&text)).1.is_empty());

    // A later report on the plan, read by the same pipeline, meets the target.
    let report =
        "绍兴市教育局关于2023年职业教育工作情况的通报\n\n2023年，全市双师型教师比例达到85%。\n";
    let store = corpus_store(&[("900_report.txt", report)]);
    let rows = run(&store, &only_reported(&text)).1;
    assert_eq!(rows.len(), 1, "{rows:#?}");
    let row = &rows[0];
    assert_eq!(get(row, "scope"), "绍兴市");
    assert_eq!(get(row, "indicator"), "双师型教师比例");
    assert_eq!(get(row, "figureIndicator"), "全市双师型教师比例");
    assert_eq!(
        (number(row, "figureValue"), get(row, "figureYear")),
        (85.0, "2023")
    );
    assert_eq!(get(row, "targetFile"), SHAOXING_PLAN);
    assert_eq!(get(row, "figureFile"), "900_report.txt");
}

#[test]
fn money_by_authority_on_the_corpus() {
    let store = corpus_store(&[]);
    let text = query("money_by_authority").text;
    let rows = run(&store, &text).1;
    let find = |authority: &str| {
        rows.iter()
            .find(|r| get(r, "authority") == authority)
            .unwrap_or_else(|| panic!("no row for {authority} in {rows:#?}"))
    };
    // 投入14.65亿元提升办学能力 (a bulletin item by 天津市委教育工委).
    let tianjin = find("中共天津市委教育工作委员会");
    assert_eq!(get(tianjin, "kind"), "ReportedFigure");
    assert_eq!(get(tianjin, "scope"), "天津市");
    assert_eq!(number(tianjin, "amount"), 1_465_000_000.0);
    assert_eq!(number(tianjin, "amounts"), 1.0);
    // 财政保障专项经费3.1亿元 and 教育项目投资超20亿元, each counted once though
    // the labels they are grouped by repeat across the corpus's graphs.
    let yiwu = find("义乌市教育局");
    assert_eq!(get(yiwu, "scope"), "义乌市");
    assert_eq!(number(yiwu, "amount"), 2_310_000_000.0);
    assert_eq!(number(yiwu, "amounts"), 2.0);
    // The samples commit no money: their amounts are all reported.
    let targets = text.replace(
        "VALUES ?kindTerm { edu:Target edu:ReportedFigure }",
        "VALUES ?kindTerm { edu:Target }",
    );
    assert!(run(&store, &targets).1.is_empty());
}

#[test]
fn institutions_by_document_on_the_sample_graph() {
    let rows = run_saved(&sample_store(), "institutions_by_document");
    let got: Vec<(&str, &str, &str, &str, f64)> = rows
        .iter()
        .map(|r| {
            (
                get(r, "sourceFile"),
                get(r, "institution"),
                get(r, "kind"),
                get(r, "kindZh"),
                number(r, "articles"),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("000_a.txt", "嵊泗中学", "School", "学校", 1.0),
            (
                "000_a.txt",
                "嵊泗县教育局",
                "EducationAuthority",
                "教育行政部门",
                1.0
            ),
            ("000_a.txt", "杭州学军中学", "School", "学校", 1.0),
            (
                "002_b.txt",
                "嵊泗县教育局",
                "EducationAuthority",
                "教育行政部门",
                1.0
            ),
            ("002_b.txt", "舟山市人民政府", "Government", "政府机关", 1.0),
        ],
        "{rows:#?}"
    );
    assert_eq!(
        get(&rows[1], "node"),
        "https://w3id.org/edupol/id/org_o1",
        "{rows:#?}"
    );
}

#[test]
fn institutions_by_document_on_the_corpus() {
    let store = corpus_store(&[]);
    let text = query("institutions_by_document").text;
    let rows = run(&store, &text).1;
    let has = |file: &str, name: &str, kind: &str, kind_zh: &str| {
        rows.iter().any(|r| {
            get(r, "sourceFile") == file
                && get(r, "institution") == name
                && get(r, "kind") == kind
                && get(r, "kindZh") == kind_zh
        })
    };
    // The speech of 嵊泗县教育局 in the newspaper page 000.
    let newspaper = "000_2657467a4493b439.txt";
    assert!(
        has(
            newspaper,
            "嵊泗县教育局",
            "EducationAuthority",
            "教育行政部门"
        ),
        "{rows:#?}"
    );
    assert!(
        has(newspaper, "宁波大学", "University", "高等学校"),
        "{rows:#?}"
    );
    // The Shaoxing plan is issued by the city government's office.
    assert!(
        has(
            SHAOXING_PLAN,
            "绍兴市人民政府办公室",
            "Government",
            "政府机关"
        ),
        "{rows:#?}"
    );
    // Institutions of no recognised kind are Organization, 机构.
    assert!(
        rows.iter()
            .any(|r| get(r, "kind") == "Organization" && get(r, "kindZh") == "机构"),
        "{rows:#?}"
    );
    // Every file of the corpus names institutions; in file order.
    let files: Vec<&str> = rows.iter().map(|r| get(r, "sourceFile")).collect();
    assert!(files.windows(2).all(|w| w[0] <= w[1]), "{files:?}");
    let distinct: BTreeSet<&str> = files.iter().copied().collect();
    assert_eq!(distinct.len(), 4, "{distinct:?}");

    // As the header documents: one file.
    let one = text.replace(
        "VALUES ?sourceFile { UNDEF }",
        &format!("VALUES ?sourceFile {{ \"{SHAOXING_PLAN}\" }}"),
    );
    let only = run(&store, &one).1;
    assert!(!only.is_empty() && only.len() < rows.len());
    assert!(
        only.iter().all(|r| get(r, "sourceFile") == SHAOXING_PLAN),
        "{only:#?}"
    );
}

#[test]
fn header_helpers_read_what_they_should() {
    // Guards the helpers the checks above rely on.
    let text = "# title: T\n# answers: a b c d e\n# 说明: 中文\n# columns: a, ?b\nSELECT ?a ?b {}";
    assert_eq!(header_value(text, "title").as_deref(), Some("T"));
    assert_eq!(header_value(text, "说明").as_deref(), Some("中文"));
    assert_eq!(columns(text), ["a", "b"]);
    assert_eq!(
        code("PREFIX e: <http://x#> # c\nSELECT \"#\" # d"),
        "PREFIX e: <http://x#> \nSELECT \"#\" \n"
    );
}

#[test]
fn targets_by_authority_counts_each_authoritys_targets_once() {
    let store = corpus_store(&[]);
    let rows = run_saved(&store, "targets_by_authority");
    assert!(!rows.is_empty());
    let direct = run(
        &store,
        "PREFIX edu: <https://w3id.org/edupol/ontology#>
         PREFIX prov: <http://www.w3.org/ns/prov#>
         PREFIX dcterms: <http://purl.org/dc/terms/>
         PREFIX org: <http://www.w3.org/ns/org#>
         PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
         SELECT ?authority (COUNT(DISTINCT ?t) AS ?n) WHERE {
           ?t a edu:Target ; prov:wasDerivedFrom ?src .
           { ?src dcterms:creator ?org }
           UNION
           { ?src dcterms:isPartOf/dcterms:creator ?org
             FILTER NOT EXISTS { ?src dcterms:creator ?other } }
           ?org a org:Organization ; rdfs:label ?label .
           BIND(STR(?label) AS ?authority)
         } GROUP BY ?authority",
    )
    .1;
    let expected: BTreeMap<&str, f64> = direct
        .iter()
        .map(|r| (get(r, "authority"), number(r, "n")))
        .collect();
    for row in &rows {
        assert_eq!(
            Some(&number(row, "targetCount")),
            expected.get(get(row, "authority")),
            "{row:?}"
        );
    }
}

/// The rows every step of oxigraph's evaluation of `text` produced, summed:
/// the work the query did, whatever its answer.
fn rows_produced(store: &Store, text: &str) -> u64 {
    let mut prepared = SparqlEvaluator::new().parse_query(text).unwrap();
    prepared.dataset_mut().set_default_graph_as_union();
    let (results, explanation) = prepared.on_store(store).compute_statistics().explain();
    if let QueryResults::Solutions(solutions) = results.unwrap() {
        solutions.for_each(drop);
    }
    let mut json = Vec::new();
    explanation.write_in_json(&mut json).unwrap();
    let plan: serde_json::Value = serde_json::from_slice(&json).unwrap();
    fn sum(step: &serde_json::Value) -> u64 {
        step["number of results"].as_u64().unwrap_or(0)
            + step["children"]
                .as_array()
                .map_or(0, |c| c.iter().map(sum).sum())
    }
    sum(&plan["plan"])
}

/// A name put in a saved query's `VALUES … { UNDEF }` line is where the
/// evaluation starts: a lookup reads only what that name reaches (0.3 s on
/// 10,000 documents) instead of filtering the whole listing at the end
/// (BENCHMARKS.md, "Compaction and queries"). Measured in rows produced by
/// the plan's steps, which do not depend on the machine.
#[test]
fn a_restriction_given_in_values_is_evaluated_first() {
    let (sample, corpus) = (sample_store(), corpus_store(&[]));
    for (store, name, variable, value) in [
        (&sample, "figures_for_place", "?place", "舟山市"),
        (
            &corpus,
            "milestones_by_district_and_year",
            "?district",
            "越城区",
        ),
        (
            &corpus,
            "documents_mentioning_initiative",
            "?initiative",
            "县管校聘",
        ),
        (
            &corpus,
            "institutions_by_document",
            "?sourceFile",
            "003_5d82acdc91462d5a.txt",
        ),
    ] {
        let text = query(name).text;
        let undef = format!("VALUES {variable} {{ UNDEF }}");
        assert!(text.contains(&undef), "{name}: no `{undef}` line");
        let one = text.replace(&undef, &format!("VALUES {variable} {{ \"{value}\" }}"));
        assert!(
            !run(store, &one).1.is_empty(),
            "{name}: nothing for {value}"
        );
        let (all, restricted) = (rows_produced(store, &text), rows_produced(store, &one));
        assert!(
            restricted * 2 < all,
            "{name}: the lookup of {value} produced {restricted} rows in its steps, \
             the whole listing {all}: the restriction is not applied first"
        );
    }
}
