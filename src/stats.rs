//! `edupol stats`: what the store holds, counted: nodes per class, quads and
//! articles per document, quantities per unit, and the institutions named in
//! the most documents. Computed with SPARQL over the document graphs (the
//! graphs of the ontology, the gazetteer and the dataset description are left
//! out).

use std::collections::BTreeMap;

use oxigraph::model::Term;
use oxigraph::sparql::{QueryResults, QuerySolution};
use serde::Serialize;

use crate::store::{QueryError, Store, StoreError};
use crate::vocab::ID_BASE;

#[derive(Debug, Serialize)]
pub struct Stats {
    /// Quads in the store, the ontology's included.
    pub quads: u64,
    pub documents: usize,
    /// Nodes per class (`rdf:type`), most first.
    pub classes: Vec<ClassCount>,
    /// One entry per document graph, by file name.
    pub per_document: Vec<DocumentCount>,
    /// Targets and reported figures per unit, most first.
    pub units: Vec<UnitCount>,
    /// The institutions mentioned in the most documents (then mentions).
    pub institutions: Vec<InstitutionCount>,
}

#[derive(Debug, Serialize)]
pub struct ClassCount {
    pub class: String,
    pub nodes: u64,
}

#[derive(Debug, Serialize)]
pub struct DocumentCount {
    pub document: String,
    pub file: Option<String>,
    pub quads: u64,
    pub articles: u64,
    pub quantities: u64,
}

#[derive(Debug, Serialize)]
pub struct UnitCount {
    pub unit: String,
    pub targets: u64,
    pub figures: u64,
    pub total: u64,
}

#[derive(Debug, Serialize)]
pub struct InstitutionCount {
    pub institution: String,
    pub label: Option<String>,
    /// Documents whose graph mentions it.
    pub documents: u64,
    /// Articles (or documents) it is mentioned in.
    pub mentions: u64,
}

/// Counts the store; `top` institutions are listed.
pub fn compute(store: &Store, top: usize) -> Result<Stats, StoreError> {
    // The documents' graphs only: not the ontology's, the gazetteer's or the
    // dataset description's.
    let not_ontology = format!("FILTER(STRSTARTS(STR(?g), \"{ID_BASE}doc/\"))");

    let classes = select(
        store,
        &format!(
            "SELECT ?class (COUNT(DISTINCT ?s) AS ?n)
             WHERE {{ GRAPH ?g {{ ?s a ?class }} {not_ontology} }}
             GROUP BY ?class ORDER BY DESC(?n) ?class"
        ),
    )?
    .iter()
    .map(|s| ClassCount {
        class: iri(s, "class").unwrap_or_default(),
        nodes: number(s, "n"),
    })
    .collect();

    let mut per_document: BTreeMap<String, DocumentCount> = BTreeMap::new();
    fn document(map: &mut BTreeMap<String, DocumentCount>, g: String) -> &mut DocumentCount {
        map.entry(g.clone()).or_insert_with(|| DocumentCount {
            document: g,
            file: None,
            quads: 0,
            articles: 0,
            quantities: 0,
        })
    }
    let queries = [
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER_ } GROUP BY ?g",
        "SELECT ?g (COUNT(DISTINCT ?a) AS ?n) WHERE { GRAPH ?g { ?a a edu:Article } } GROUP BY ?g",
        "SELECT ?g (COUNT(DISTINCT ?q) AS ?n) WHERE { GRAPH ?g { ?q a ?c } \
         VALUES ?c { edu:Target edu:ReportedFigure } } GROUP BY ?g",
    ];
    for (i, query) in queries.iter().enumerate() {
        for s in select(store, &query.replace("FILTER_", &not_ontology))? {
            let Some(g) = iri(&s, "g") else { continue };
            let d = document(&mut per_document, g);
            let n = number(&s, "n");
            match i {
                0 => d.quads = n,
                1 => d.articles = n,
                _ => d.quantities = n,
            }
        }
    }
    for s in select(
        store,
        "SELECT ?g ?file WHERE { GRAPH ?g { ?g edu:sourceFile ?file } }",
    )? {
        if let (Some(g), Some(file)) = (iri(&s, "g"), text(&s, "file")) {
            document(&mut per_document, g).file = Some(file);
        }
    }
    let mut per_document: Vec<DocumentCount> = per_document.into_values().collect();
    per_document.sort_by(|a, b| a.file.cmp(&b.file).then(a.document.cmp(&b.document)));

    let mut units: BTreeMap<String, UnitCount> = BTreeMap::new();
    for s in select(
        store,
        "SELECT ?unit ?class (COUNT(DISTINCT ?q) AS ?n)
         WHERE { ?q a ?class . VALUES ?class { edu:Target edu:ReportedFigure }
                 OPTIONAL { ?q edu:unit ?u } BIND(COALESCE(?u, \"(none)\") AS ?unit) }
         GROUP BY ?unit ?class",
    )? {
        let unit = iri(&s, "unit")
            .map(|u| u.rsplit(['#', '/']).next().unwrap_or(&u).to_string())
            .or_else(|| text(&s, "unit"))
            .unwrap_or_default();
        let entry = units.entry(unit.clone()).or_insert(UnitCount {
            unit,
            targets: 0,
            figures: 0,
            total: 0,
        });
        let n = number(&s, "n");
        if iri(&s, "class").is_some_and(|c| c.ends_with("#Target")) {
            entry.targets += n;
        } else {
            entry.figures += n;
        }
        entry.total += n;
    }
    let mut units: Vec<UnitCount> = units.into_values().collect();
    units.sort_by(|a, b| b.total.cmp(&a.total).then(a.unit.cmp(&b.unit)));

    let institutions = select(
        store,
        &format!(
            "SELECT ?org (SAMPLE(?l) AS ?label) (COUNT(DISTINCT ?g) AS ?documents)
                    (COUNT(DISTINCT ?where) AS ?mentions)
             WHERE {{ ?org a org:Organization .
                     GRAPH ?g {{ ?org edu:mentionedIn ?where }}
                     OPTIONAL {{ ?org rdfs:label ?l }} }}
             GROUP BY ?org
             ORDER BY DESC(?documents) DESC(?mentions) ?label
             LIMIT {top}"
        ),
    )?
    .iter()
    .map(|s| InstitutionCount {
        institution: iri(s, "org").unwrap_or_default(),
        label: text(s, "label"),
        documents: number(s, "documents"),
        mentions: number(s, "mentions"),
    })
    .collect();

    Ok(Stats {
        quads: store.len()? as u64,
        documents: per_document.len(),
        classes,
        per_document,
        units,
        institutions,
    })
}

fn select(store: &Store, sparql: &str) -> Result<Vec<QuerySolution>, StoreError> {
    match store.query(sparql)? {
        QueryResults::Solutions(solutions) => solutions
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| StoreError::Query(QueryError::Evaluation(e.to_string()))),
        _ => Ok(Vec::new()),
    }
}

fn iri(s: &QuerySolution, var: &str) -> Option<String> {
    match s.get(var)? {
        Term::NamedNode(n) => Some(n.as_str().to_string()),
        _ => None,
    }
}

fn text(s: &QuerySolution, var: &str) -> Option<String> {
    match s.get(var)? {
        Term::Literal(l) => Some(l.value().to_string()),
        _ => None,
    }
}

fn number(s: &QuerySolution, var: &str) -> u64 {
    text(s, var).and_then(|v| v.parse().ok()).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::io::{RdfFormat, RdfParser};
    use oxigraph::model::NamedNode;

    #[test]
    fn counts_a_small_graph() {
        let store = Store::in_memory().unwrap();
        store.load_ontology().unwrap();
        let trig = r#"
            @prefix edu: <https://w3id.org/edupol/ontology#> .
            @prefix org: <http://www.w3.org/ns/org#> .
            @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
            @prefix id: <https://w3id.org/edupol/id/> .
            id:doc\/a {
              id:doc\/a a edu:SourceDocument ; edu:sourceFile "a.txt" .
              id:doc\/a\/article\/1 a edu:Article .
              id:doc\/a\/quantity\/1 a edu:Target ; edu:unit edu:Percent .
              id:doc\/a\/quantity\/2 a edu:ReportedFigure ; edu:unit edu:Percent .
              id:org\/x a org:Organization ; rdfs:label "X局" ; edu:mentionedIn id:doc\/a\/article\/1 .
            }
            id:doc\/b {
              id:doc\/b a edu:SourceDocument ; edu:sourceFile "b.txt" .
              id:org\/x a org:Organization ; rdfs:label "X局" ; edu:mentionedIn id:doc\/b .
              id:org\/y a org:Organization ; rdfs:label "Y局" ; edu:mentionedIn id:doc\/b .
            }
        "#;
        for graph in ["a", "b"] {
            let name = NamedNode::new(format!("https://w3id.org/edupol/id/doc/{graph}")).unwrap();
            let quads: Vec<_> = RdfParser::from_format(RdfFormat::TriG)
                .for_slice(trig.as_bytes())
                .map(Result::unwrap)
                .filter(|q| q.graph_name == name.clone().into())
                .collect();
            store.replace_graph(&name, &quads).unwrap();
        }
        let stats = compute(&store, 10).unwrap();
        assert_eq!(stats.documents, 2);
        assert_eq!(stats.per_document[0].file.as_deref(), Some("a.txt"));
        assert_eq!(stats.per_document[0].articles, 1);
        assert_eq!(stats.per_document[0].quantities, 2);
        assert_eq!(stats.per_document[1].quads, 8);
        let percent = &stats.units[0];
        assert_eq!(
            (percent.unit.as_str(), percent.targets, percent.figures),
            ("Percent", 1, 1)
        );
        assert_eq!(stats.institutions[0].label.as_deref(), Some("X局"));
        assert_eq!(stats.institutions[0].documents, 2);
        assert_eq!(stats.institutions[1].documents, 1);
        let orgs = stats
            .classes
            .iter()
            .find(|c| c.class == "http://www.w3.org/ns/org#Organization")
            .unwrap();
        assert_eq!(orgs.nodes, 2);
    }
}
