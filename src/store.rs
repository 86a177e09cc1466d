//! The Oxigraph store: one named graph per source document, the ontology in a
//! graph of its own, queries over the union of all graphs.

use std::io::Write;
use std::path::{Path, PathBuf};

use oxigraph::io::{RdfFormat, RdfParser, RdfSerializer};
use std::collections::HashMap;

use oxigraph::model::{
    BlankNode, GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term,
};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};

use crate::vocab::{ONTOLOGY_GRAPH, PREFIXES};

/// The ontology, compiled in so a store always carries the terms it uses.
pub const ONTOLOGY_TTL: &str = include_str!("../ontology/edupol.ttl");

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no store at {0}: build one first with `edupol build PATH... --store {0}`")]
    Missing(PathBuf),
    #[error("cannot open the store at {path}: {source}\n(is another edupol build writing to it? wait for it to finish, or use another --store)")]
    Open {
        path: PathBuf,
        #[source]
        source: oxigraph::store::StorageError,
    },
    #[error("store error: {0}")]
    Storage(#[from] oxigraph::store::StorageError),
    #[error("the built-in ontology does not parse: {0}")]
    Ontology(String),
    #[error("{0}")]
    Query(#[from] QueryError),
    #[error("cannot write the output: {0}")]
    Io(#[from] std::io::Error),
}

/// A SPARQL query that could not run.
#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    /// The text is not SPARQL; the message points at the error.
    #[error("{0}")]
    Syntax(String),
    #[error("query failed: {0}")]
    Evaluation(String),
}

/// RDF serializations `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Turtle,
    Trig,
    Ntriples,
    Nquads,
}

impl ExportFormat {
    fn rdf_format(self) -> RdfFormat {
        match self {
            ExportFormat::Turtle => RdfFormat::Turtle,
            ExportFormat::Trig => RdfFormat::TriG,
            ExportFormat::Ntriples => RdfFormat::NTriples,
            ExportFormat::Nquads => RdfFormat::NQuads,
        }
    }
}

pub struct Store {
    inner: oxigraph::store::Store,
}

impl Store {
    /// Opens (creating if needed) a store for writing.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        std::fs::create_dir_all(path).map_err(|e| StoreError::Open {
            path: path.to_path_buf(),
            source: e.into(),
        })?;
        let inner = oxigraph::store::Store::open(path).map_err(|source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(Store { inner })
    }

    /// Opens an existing store for reading; a build may be writing meanwhile.
    pub fn open_read_only(path: &Path) -> Result<Store, StoreError> {
        if !path.exists() {
            return Err(StoreError::Missing(path.to_path_buf()));
        }
        let inner =
            oxigraph::store::Store::open_read_only(path).map_err(|source| StoreError::Open {
                path: path.to_path_buf(),
                source,
            })?;
        Ok(Store { inner })
    }

    /// An in-memory store (tests, `extract`).
    pub fn in_memory() -> Result<Store, StoreError> {
        Ok(Store {
            inner: oxigraph::store::Store::new()?,
        })
    }

    /// Replaces the named graph `graph` by `quads` in one transaction, so a
    /// reader sees the old graph or the new one, never a mix.
    pub fn replace_graph(&self, graph: &NamedNode, quads: &[Quad]) -> Result<(), StoreError> {
        let mut transaction = self.inner.start_transaction()?;
        transaction.clear_graph(graph)?;
        transaction.insert_named_graph(graph);
        transaction.extend(quads);
        transaction.commit()?;
        Ok(())
    }

    /// (Re)loads the ontology into its own named graph.
    pub fn load_ontology(&self) -> Result<(), StoreError> {
        let graph = NamedNode::new_unchecked(ONTOLOGY_GRAPH);
        let quads = RdfParser::from_format(RdfFormat::Turtle)
            .with_default_graph(graph.clone())
            .for_slice(ONTOLOGY_TTL.as_bytes())
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| StoreError::Ontology(e.to_string()))?;
        self.replace_graph(&graph, &stable_blank_nodes(quads))
    }

    /// The names of all graphs, sorted.
    pub fn graphs(&self) -> Result<Vec<String>, StoreError> {
        let mut names = Vec::new();
        for g in self.inner.named_graphs() {
            names.push(g?.to_string());
        }
        names.sort();
        Ok(names)
    }

    pub fn len(&self) -> Result<usize, StoreError> {
        Ok(self.inner.len()?)
    }

    pub fn is_empty(&self) -> Result<bool, StoreError> {
        Ok(self.inner.is_empty()?)
    }

    /// Runs a SPARQL query over the union of all graphs (the default graph),
    /// with the contract's prefixes predeclared.
    pub fn query(&self, sparql: &str) -> Result<QueryResults<'_>, QueryError> {
        let mut evaluator = SparqlEvaluator::new();
        for (prefix, iri) in PREFIXES {
            evaluator = evaluator
                .with_prefix(*prefix, *iri)
                .expect("the built-in prefixes are valid IRIs");
        }
        let mut prepared = evaluator
            .parse_query(sparql)
            .map_err(|e| QueryError::Syntax(describe_syntax_error(sparql, &e.to_string())))?;
        prepared.dataset_mut().set_default_graph_as_union();
        prepared
            .on_store(&self.inner)
            .execute()
            .map_err(|e| QueryError::Evaluation(e.to_string()))
    }

    /// Writes every graph (the ontology included) in `format`. Triple formats
    /// (Turtle, N-Triples) merge the graphs.
    pub fn export(&self, format: ExportFormat, out: impl Write) -> Result<(), StoreError> {
        let mut serializer = RdfSerializer::from_format(format.rdf_format());
        for (prefix, iri) in PREFIXES {
            serializer = serializer
                .with_prefix(*prefix, *iri)
                .expect("the built-in prefixes are valid IRIs");
        }
        let mut writer = serializer.for_writer(out);
        let dataset = format.rdf_format().supports_datasets();
        for quad in self.inner.iter() {
            let quad = quad?;
            if dataset {
                writer.serialize_quad(&quad)?;
            } else {
                writer.serialize_triple(quad.as_ref())?;
            }
        }
        writer.finish()?;
        Ok(())
    }

    /// Every quad of every graph.
    pub fn quads(&self) -> Result<Vec<Quad>, StoreError> {
        self.inner
            .iter()
            .map(|q| q.map_err(StoreError::from))
            .collect()
    }

    /// The quads of one named graph.
    pub fn graph_quads(&self, graph: NamedNodeRef<'_>) -> Result<Vec<Quad>, StoreError> {
        self.inner
            .quads_for_pattern(None, None, None, Some(GraphNameRef::NamedNode(graph)))
            .map(|q| q.map_err(StoreError::from))
            .collect()
    }
}

/// Renames blank nodes (the parser draws random ones for `[]` and lists) by
/// order of first appearance, so the same ontology always gives the same quads.
fn stable_blank_nodes(quads: Vec<Quad>) -> Vec<Quad> {
    let mut names: HashMap<BlankNode, BlankNode> = HashMap::new();
    let mut rename = |b: &BlankNode| {
        let next = names.len();
        names
            .entry(b.clone())
            .or_insert_with(|| BlankNode::new_unchecked(format!("ontology{next}")))
            .clone()
    };
    quads
        .into_iter()
        .map(|q| {
            let subject = match q.subject {
                NamedOrBlankNode::BlankNode(b) => rename(&b).into(),
                s => s,
            };
            let object = match q.object {
                Term::BlankNode(b) => rename(&b).into(),
                o => o,
            };
            Quad::new(subject, q.predicate, object, q.graph_name)
        })
        .collect()
}

/// Turns oxigraph's `error at 3:15: expected …` into a message that shows the
/// line with a caret under the column.
pub fn describe_syntax_error(query: &str, message: &str) -> String {
    let position = message
        .split_once("error at ")
        .and_then(|(_, rest)| rest.split_once(':').zip(Some(rest)))
        .and_then(|((line, after), _)| {
            let col: String = after.chars().take_while(char::is_ascii_digit).collect();
            Some((
                line.trim().parse::<usize>().ok()?,
                col.parse::<usize>().ok()?,
            ))
        });
    let Some((line, col)) = position else {
        return format!("SPARQL syntax error: {message}");
    };
    let text = query.lines().nth(line.saturating_sub(1)).unwrap_or("");
    let caret_pad: String = text
        .chars()
        .take(col.saturating_sub(1))
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    format!("SPARQL syntax error at line {line}, column {col}: {message}\n  {text}\n  {caret_pad}^")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_errors_point_at_the_column() {
        let store = Store::in_memory().unwrap();
        let err = store.query("SELECT ?x WHERE {\n  ?x ?p \n}").err().unwrap();
        let QueryError::Syntax(message) = err else {
            panic!("{err}")
        };
        assert!(message.contains("line 3"), "{message}");
        assert!(message.contains('^'), "{message}");
    }

    #[test]
    fn replacing_a_graph_drops_its_old_quads_only() {
        let store = Store::in_memory().unwrap();
        let g1 = NamedNode::new_unchecked("https://w3id.org/edupol/id/doc/a");
        let g2 = NamedNode::new_unchecked("https://w3id.org/edupol/id/doc/b");
        let s = NamedNode::new_unchecked("https://w3id.org/edupol/id/org/x");
        let q = |o: &str, g: &NamedNode| {
            Quad::new(s.clone(), s.clone(), NamedNode::new_unchecked(o), g.clone())
        };
        store
            .replace_graph(&g1, &[q("http://e/1", &g1), q("http://e/2", &g1)])
            .unwrap();
        store.replace_graph(&g2, &[q("http://e/3", &g2)]).unwrap();
        store.replace_graph(&g1, &[q("http://e/4", &g1)]).unwrap();
        assert_eq!(store.len().unwrap(), 2);
        assert_eq!(
            store.graph_quads(g1.as_ref()).unwrap(),
            vec![q("http://e/4", &g1)]
        );
    }

    #[test]
    fn the_ontology_loads_into_its_own_graph() {
        let store = Store::in_memory().unwrap();
        store.load_ontology().unwrap();
        assert_eq!(store.graphs().unwrap(), [format!("<{ONTOLOGY_GRAPH}>")]);
        assert!(!store.is_empty().unwrap());
    }
}
