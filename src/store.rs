//! The Oxigraph store: one named graph per source document, the ontology, the
//! gazetteer and the dataset description in graphs of their own, queries over
//! the union of all graphs.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use oxigraph::io::{RdfFormat, RdfParser, RdfSerializer};
use std::collections::{HashMap, HashSet};

use oxigraph::model::{
    BlankNode, GraphName, GraphNameRef, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode,
    NamedOrBlankNodeRef, Quad, QuadRef, Term, TermRef, Triple,
};
use oxigraph::sparql::{
    BoundPreparedSparqlQuery, CancellationToken, QueryEvaluationError, QueryExplanation,
    QueryResults, SparqlEvaluator,
};
use oxigraph::store::Transaction;

use crate::extract::gazetteer::Gazetteer;
use crate::sorted_lines::{SortedLines, DEFAULT_RUN_BYTES};
use crate::store_snapshot;
use crate::triples::{self, DatasetFacts, GraphFacts};
use crate::turtle::{TrigWriter, TurtleStatements};
use crate::vocab::{dcterms, edu, rdf, void};
use crate::vocab::{DATASET_GRAPH, ENTITIES_GRAPH, GAZETTEER_GRAPH, ONTOLOGY_GRAPH, PREFIXES};

/// How long a call of `SERVICE` (a federated query) may take; a remote
/// endpoint that hangs must not hang the query with it.
const SERVICE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

/// How often a read-only open is tried while a build compacts the store.
const READ_ONLY_OPEN_TRIES: u64 = 10;

/// Whether opening failed because a file RocksDB listed vanished before it
/// was opened (a concurrent compaction), not because the store is broken.
fn is_vanished_file(error: &oxigraph::store::StorageError) -> bool {
    let message = error.to_string();
    message.contains("No such file or directory")
}

/// Whether RocksDB could not read a file it had listed: a build writing the
/// store meanwhile deleted it after a compaction (or a bulk rewrite).
fn is_vanished_on_read(message: &str) -> bool {
    message.contains("No such file or directory") && message.contains("for random read")
}

/// `message`, and what to do when it says that the store changed under a
/// reader. Oxigraph does not support reading a store another process
/// writes: a reader may then fail like this, but never answers wrongly.
pub fn with_read_hint(message: String) -> String {
    if is_vanished_on_read(&message) {
        format!(
            "{message}\n(the store changed while it was read: a build is writing it; run this \
             again when the build is done)"
        )
    } else {
        message
    }
}

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
    #[error("the store at {path} has format {found} but this edupol (version {version}) reads format {expected}: build the corpus into a new store (--store NEW_DIR), or remove {path} and build again")]
    Format {
        path: PathBuf,
        found: String,
        expected: u64,
        version: &'static str,
    },
    /// With what to do when a build deleted a file under a reader (see
    /// [`with_read_hint`]).
    #[error("store error: {}", with_read_hint(.0.to_string()))]
    Storage(#[from] oxigraph::store::StorageError),
    #[error("the built-in ontology does not parse: {0}")]
    Ontology(String),
    #[error("{0}")]
    Query(#[from] QueryError),
    #[error("cannot write the output: {0}")]
    Io(#[from] std::io::Error),
    /// [`Store::export_split`] was given a folder it must not write into
    /// (the message says why and what to do).
    #[error("{0}")]
    SplitFolder(String),
    /// [`Store::export_split`] was asked for files smaller than a group of
    /// quads that must stay in one file.
    #[error(
        "--split {given} is too small: {needed} quads share blank nodes and must stay in one \
         file (a blank node's label names the same node only within its file); give --split \
         {needed} or more"
    )]
    SplitTooSmall { given: usize, needed: usize },
    /// A file of [`Store::export_split`] could not be written.
    #[error(
        "cannot write {path}: {source}\n(check that the folder is writable and the disk has \
         room; remove any files already written there before exporting again)"
    )]
    SplitWrite {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// What [`Store::export_split`] wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SplitSummary {
    /// N-Quads files written (`edupol-00001.nq`, …).
    pub files: usize,
    /// Quads written, over all files.
    pub quads: u64,
}

/// A SPARQL query that could not run.
#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    /// The text is not SPARQL; the message points at the error.
    #[error("{0}")]
    Syntax(String),
    #[error("query failed: {0}")]
    Evaluation(String),
    /// Its [`QueryOptions::cancellation`] token was cancelled (a time limit).
    #[error("the query was cancelled")]
    Cancelled,
}

/// How to run one query, beyond its text. The default runs it over the union
/// of all graphs, or over the graphs its own `FROM` and `FROM NAMED` name.
#[derive(Clone, Default)]
pub struct QueryOptions {
    /// Graphs whose merge is the default graph (the protocol's
    /// `default-graph-uri`); they replace the query's own `FROM`.
    pub default_graphs: Vec<NamedNode>,
    /// The only named graphs `GRAPH` may see (the protocol's
    /// `named-graph-uri`); they replace the query's own `FROM NAMED`.
    pub named_graphs: Vec<NamedNode>,
    /// Cancelling this token stops the evaluation, also while its results are
    /// being read: they then yield [`QueryEvaluationError::Cancelled`].
    pub cancellation: Option<CancellationToken>,
}

fn evaluation_error(e: QueryEvaluationError) -> QueryError {
    match e {
        QueryEvaluationError::Cancelled => QueryError::Cancelled,
        e => QueryError::Evaluation(with_read_hint(e.to_string())),
    }
}

/// How many graphs a TriG export reads together, on every core.
const GRAPHS_READ_AHEAD: usize = 64;

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

/// What the store knows of one document graph: enough to tell whether its
/// file changed since it was built.
#[derive(Debug, Clone)]
pub struct DocumentRecord {
    pub graph: NamedNode,
    pub source_file: String,
    pub content_hash: Option<String>,
    pub extracted_with: Option<String>,
}

/// A handle to the store; cheap to clone and shared between threads.
#[derive(Clone)]
pub struct Store {
    // Declared first, so dropped first: RocksDB closes before the locks
    // below are released and a writer's snapshot is removed.
    inner: oxigraph::store::Store,
    /// A store open for writing: the snapshot its readers read.
    writing: Option<Arc<store_snapshot::Writing>>,
    /// A store opened on a writer's snapshot: keeps it while it is read.
    _reading: Option<Arc<store_snapshot::Reading>>,
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
        remove_stale_bulk_files(path);
        let mut store = Store {
            inner,
            writing: None,
            _reading: None,
        };
        store.check_format(path)?;
        // Before anything is written: readers meanwhile read this.
        let writing = store_snapshot::begin_writing(path, |dir| {
            store.inner.backup(dir).map_err(|e| e.to_string())
        })
        .map_err(|e| StoreError::Open {
            path: path.to_path_buf(),
            source: e.into(),
        })?;
        store.writing = Some(Arc::new(writing));
        Ok(store)
    }

    /// Opens an existing store for reading; a build may be writing meanwhile.
    ///
    /// While a build writes, this reads the snapshot the build made when it
    /// began (the store as it was then, see [`store_snapshot`]): a build
    /// deletes files a reader of the store itself may have listed. Without a
    /// snapshot, a build that compacts meanwhile may delete a file RocksDB
    /// listed before it is opened; that race only concerns the reader's
    /// view, so the open is tried again, a few times.
    pub fn open_read_only(path: &Path) -> Result<Store, StoreError> {
        if !path.exists() {
            return Err(StoreError::Missing(path.to_path_buf()));
        }
        let (read, reading) = match store_snapshot::snapshot_to_read(path) {
            Some((snapshot, reading)) => (snapshot, Some(reading)),
            None => (path.to_path_buf(), None),
        };
        let mut tries = 0;
        let inner = loop {
            match oxigraph::store::Store::open_read_only(&read) {
                Ok(inner) => break inner,
                Err(e) if tries < READ_ONLY_OPEN_TRIES && is_vanished_file(&e) => {
                    tries += 1;
                    std::thread::sleep(std::time::Duration::from_millis(20 * tries));
                }
                Err(source) => {
                    return Err(StoreError::Open {
                        path: path.to_path_buf(),
                        source,
                    })
                }
            }
        };
        let store = Store {
            inner,
            writing: None,
            _reading: reading.map(Arc::new),
        };
        store.check_format(path)?;
        Ok(store)
    }

    /// Refuses a store whose dataset description gives another
    /// `edu:storeFormat` than [`triples::STORE_FORMAT`], or none (a store of
    /// an edupol from before formats were recorded). A store without a
    /// description (new, or never finished) is accepted.
    fn check_format(&self, path: &Path) -> Result<(), StoreError> {
        let dataset = NamedNodeRef::new_unchecked(DATASET_GRAPH);
        if !self.is_described()? {
            return Ok(());
        }
        let found = self
            .inner
            .quads_for_pattern(
                Some(dataset.into()),
                Some(crate::vocab::edu::STORE_FORMAT),
                None,
                Some(dataset.into()),
            )
            .next()
            .transpose()?
            .map(|q| match q.object {
                Term::Literal(l) => l.value().to_string(),
                other => other.to_string(),
            });
        if found.as_deref() == Some(triples::STORE_FORMAT.to_string().as_str()) {
            return Ok(());
        }
        Err(StoreError::Format {
            path: path.to_path_buf(),
            found: found.unwrap_or_else(|| "0 (unrecorded)".to_string()),
            expected: triples::STORE_FORMAT,
            version: env!("CARGO_PKG_VERSION"),
        })
    }

    /// The document graphs (those naming their `edu:sourceFile`), with what
    /// tells whether they are up to date.
    pub fn documents(&self) -> Result<Vec<DocumentRecord>, StoreError> {
        let query = "SELECT ?g ?file ?hash ?with WHERE { GRAPH ?g { ?g edu:sourceFile ?file \
                     OPTIONAL { ?g edu:contentHash ?hash } OPTIONAL { ?g edu:extractedWith ?with } } }";
        let literal = |row: &oxigraph::sparql::QuerySolution, var: &str| match row.get(var) {
            Some(Term::Literal(l)) => Some(l.value().to_string()),
            _ => None,
        };
        Ok(self
            .select(query)?
            .iter()
            .filter_map(|row| match row.get("g") {
                Some(Term::NamedNode(graph)) => Some(DocumentRecord {
                    graph: graph.clone(),
                    source_file: literal(row, "file").unwrap_or_default(),
                    content_hash: literal(row, "hash"),
                    extracted_with: literal(row, "with"),
                }),
                _ => None,
            })
            .collect())
    }

    /// Starts a bulk load of documents the store does not hold yet, in
    /// batches (see [`BulkLoad`]). With `threads` above one, the batches
    /// are turned into index files on up to that many threads while the
    /// caller goes on, and all of them join the store at
    /// [`BulkLoad::commit`]; with one, each batch is committed when added.
    pub fn bulk_load(&self, threads: usize) -> BulkLoad<'_> {
        BulkLoad {
            store: self,
            deferred: (threads > 1).then(|| self.inner.bulk_loader().with_num_threads(threads)),
            batches: 0,
            counts: HashMap::new(),
            members: ClassMembers::default(),
        }
    }

    /// Removes the graphs of `documents` and the entities graph, keeping
    /// every other graph (ontology, gazetteer, description): for a build
    /// that rewrites every document the store holds, which then bulk-loads
    /// them as into a fresh store. Removing a graph quad by quad costs six
    /// index deletions per quad; clearing the store drops each index's key
    /// range in one step, and the graphs kept are read first and written
    /// back in one transaction (not the bulk loader: a reader opening the
    /// store while it ingests may see some of a commit's index files and not
    /// others, such as a description without its `edu:storeFormat`).
    ///
    /// Not atomic: a build killed between the clearing and the writing back
    /// leaves a store without its ontology and gazetteer, which the next
    /// build loads again (its description then starts a new `dcterms:created`).
    pub fn clear_documents(&self, documents: &HashSet<&str>) -> Result<(), StoreError> {
        let mut kept: Vec<Quad> = self
            .inner
            .quads_for_pattern(None, None, None, Some(GraphNameRef::DefaultGraph))
            .collect::<Result<_, _>>()?;
        let mut kept_graphs = Vec::new();
        for graph in self.graph_names()? {
            if graph.as_str() != ENTITIES_GRAPH && !documents.contains(graph.as_str()) {
                kept.extend(self.graph_quads(graph.as_ref())?);
                kept_graphs.push(graph);
            }
        }
        self.inner.clear()?;
        self.inner.extend(kept)?;
        // A graph emptied by an update is still named: keep it so.
        for graph in &kept_graphs {
            self.inner.insert_named_graph(graph)?;
        }
        Ok(())
    }

    /// Ends a build's writes: what RocksDB holds only in its write-ahead
    /// log goes to index files, so readers need not replay the log at
    /// every open (0.5 s on the 10k store, 20 ms without). Best effort,
    /// and nothing for a store not opened for writing.
    pub fn flush(&self) {
        if let Some(writing) = &self.writing {
            writing.flush(|dir| self.inner.backup(dir).map_err(|e| e.to_string()));
        }
    }

    /// Merges the store's index files (RocksDB's full compaction). Each bulk
    /// commit adds files whose key ranges overlap those of the commits
    /// before it, and every lookup of a query reads each of them until
    /// compaction merges them; a store opened only to be queried never
    /// compacts. On the 10k corpus this takes 24 s and makes the saved
    /// queries 2–4× faster (BENCHMARKS.md, "Compaction and queries").
    pub fn compact(&self) -> Result<(), StoreError> {
        Ok(self.inner.optimize()?)
    }

    /// Writes a document's quads ([`triples::document_quads`]) in one
    /// transaction: its graph is replaced, its statements about shared
    /// entities join the entities graph, and what no document supports any
    /// more leaves it (see [`Store::remove_document`]). Quads of the gazetteer
    /// graph are left out: the store holds that graph whole.
    pub fn write_document(&self, graph: &NamedNode, quads: &[Quad]) -> Result<(), StoreError> {
        let mut transaction = self.inner.start_transaction()?;
        let touched = shared_nodes_in(&transaction, graph)?;
        forget_counts(&mut transaction, &[graph.as_ref(), entities_graph()])?;
        transaction.clear_graph(graph)?;
        transaction.insert_named_graph(graph);
        transaction.extend(quads.iter().filter(|q| is_written_with_document(q)));
        withdraw_unsupported(&mut transaction, touched)?;
        transaction.commit()?;
        Ok(())
    }

    /// Removes a document's graph in one transaction, and from the entities
    /// graph what only it supported: an entity no other graph names or
    /// refers to goes, with what it alone referred to (a post, then its
    /// holder and role); an entity still named elsewhere loses the classes
    /// only this document gave it (`edu:classifiedAs`).
    pub fn remove_document(&self, graph: &NamedNode) -> Result<(), StoreError> {
        let mut transaction = self.inner.start_transaction()?;
        let touched = shared_nodes_in(&transaction, graph)?;
        forget_counts(&mut transaction, &[graph.as_ref(), entities_graph()])?;
        transaction.remove_named_graph(graph)?;
        withdraw_unsupported(&mut transaction, touched)?;
        transaction.commit()?;
        Ok(())
    }

    /// Whether the dataset description exists (written at the end of a
    /// build). Its graph alone does not tell: the counts of a bulk load are
    /// written there before it ([`Store::record_counts`]), and a build killed
    /// in between leaves them without the description, its format included.
    pub fn is_described(&self) -> Result<bool, StoreError> {
        let dataset = NamedNodeRef::new_unchecked(DATASET_GRAPH);
        Ok(self
            .inner
            .contains(QuadRef::new(dataset, rdf::TYPE, void::DATASET, dataset))?)
    }

    /// Checks the store's internal consistency (its indexes agree); for
    /// crash tests and `edupol validate`.
    pub fn check_consistency(&self) -> Result<(), StoreError> {
        Ok(self.inner.validate()?)
    }

    /// An in-memory store (tests, `extract`).
    pub fn in_memory() -> Result<Store, StoreError> {
        Ok(Store {
            inner: oxigraph::store::Store::new()?,
            writing: None,
            _reading: None,
        })
    }

    /// Replaces the named graph `graph` by `quads` in one transaction, so a
    /// reader sees the old graph or the new one, never a mix.
    ///
    /// Only the difference is written: the dataset description after a
    /// one-file rebuild differs in a few counts, and rewriting its thousands
    /// of statements was a fifth of that rebuild.
    pub fn replace_graph(&self, graph: &NamedNode, quads: &[Quad]) -> Result<(), StoreError> {
        let mut transaction = self.inner.start_transaction()?;
        let old: HashSet<Quad> = transaction
            .quads_for_pattern(None, None, None, Some(graph.into()))
            .collect::<Result<_, _>>()?;
        let new: HashSet<&Quad> = quads.iter().collect();
        let removed: Vec<&Quad> = old.iter().filter(|q| !new.contains(q)).collect();
        let added: Vec<&Quad> = quads.iter().filter(|q| !old.contains(*q)).collect();
        // An unchanged graph keeps its count (the ontology is replaced by
        // every build).
        if (!removed.is_empty() || !added.is_empty()) && graph.as_str() != DATASET_GRAPH {
            forget_counts(&mut transaction, &[graph.as_ref()])?;
        }
        for quad in removed {
            transaction.remove(quad);
        }
        transaction.insert_named_graph(graph);
        transaction.extend(added);
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

    /// (Re)loads the gazetteer into its own named graph: every division under
    /// the IRI the documents' place nodes use, so that they join.
    ///
    /// Once per store: a store whose gazetteer graph has the same fingerprint
    /// (its last quad) is left as it is. Into a store without one, the graph
    /// is bulk-loaded (atomically, and four times as fast as a transaction);
    /// a changed one is replaced in one transaction.
    pub fn load_gazetteer(&self, gazetteer: &Gazetteer) -> Result<(), StoreError> {
        let graph = NamedNode::new_unchecked(GAZETTEER_GRAPH);
        let quads = triples::gazetteer_quads(gazetteer);
        let Some(fingerprint) = quads.last() else {
            return Ok(());
        };
        if self.inner.contains(fingerprint)? {
            return Ok(());
        }
        if self.contains_graph(graph.as_ref())? {
            return self.replace_graph(&graph, &quads);
        }
        let mut loader = self.inner.bulk_loader();
        loader.load_quads(quads)?;
        loader.commit()?;
        Ok(())
    }

    /// Rewrites the description of the dataset (VoID, DCAT) in its own graph
    /// with the current counts: call it after a build. `dcterms:created`
    /// keeps the date of the first description; the dates are today's (UTC),
    /// or those of `SOURCE_DATE_EPOCH` when it is set, as in reproducible
    /// builds.
    ///
    /// Only the graphs without a count are counted: every write of a graph
    /// (a document, the entities, a replaced or bulk-loaded graph) removes
    /// its count from the description in the same step, so a count that is
    /// there is current, and a build that changed one file of many counts
    /// that graph and the entities graph, not the store.
    ///
    /// `loaded`: what the bulk load of this build counted as it wrote
    /// (when it wrote every document the store holds), so that the members
    /// of each class are not counted again over the whole store.
    pub fn describe_dataset(&self, loaded: Option<LoadCounts>) -> Result<(), StoreError> {
        let description = NamedNode::new_unchecked(DATASET_GRAPH);
        let today = today();
        let created = self
            .inner
            .quads_for_pattern(
                Some(description.as_ref().into()),
                Some(dcterms::CREATED),
                None,
                Some(description.as_ref().into()),
            )
            .filter_map(Result::ok)
            .find_map(|q| match q.object {
                Term::Literal(l) => Some(l.value().to_string()),
                _ => None,
            })
            .unwrap_or_else(|| today.clone());
        let graphs = self.graph_counts()?;
        let classes = match loaded {
            Some(load) => self.class_counts_after(load)?,
            None => self.class_counts()?,
        };
        let facts = DatasetFacts {
            created,
            modified: today,
            graphs,
            classes,
        };
        self.replace_graph(&description, &triples::dataset_quads(&facts))
    }

    /// Writes into the description the counts of the graphs a bulk load
    /// wrote, which [`Store::describe_dataset`] then reuses instead of
    /// counting every quad of the store again (most of its time after a
    /// fresh build). Not done by the load's commit itself: written before
    /// the compaction that follows, they made it a third slower (measured,
    /// not explained: the manual compaction flushes the memtable they sit
    /// in first). A build killed before this leaves no count, and a missing
    /// count is counted.
    pub fn record_counts(&self, counts: &LoadCounts) -> Result<(), StoreError> {
        let description = NamedNode::new_unchecked(DATASET_GRAPH);
        let mut transaction = self.inner.start_transaction()?;
        for (graph, n) in &counts.quads {
            let count = Literal::from(i64::try_from(*n).unwrap_or(i64::MAX));
            transaction.insert(QuadRef::new(
                &description,
                void::SUBSET,
                graph,
                &description,
            ));
            transaction.insert(QuadRef::new(graph, void::TRIPLES, &count, &description));
        }
        transaction.commit()?;
        Ok(())
    }

    /// The subjects of each class (an IRI) over every graph but the
    /// description's, sorted by class.
    fn class_counts(&self) -> Result<Vec<(NamedNode, u64)>, StoreError> {
        let query = format!(
            "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE {{ GRAPH ?g {{ ?s a ?c }} \
             FILTER(isIRI(?c)) FILTER(?g != <{DATASET_GRAPH}>) }} GROUP BY ?c ORDER BY ?c"
        );
        Ok(self
            .select(&query)?
            .iter()
            .filter_map(|row| match (row.get("c"), count_of(row.get("n"))) {
                (Some(Term::NamedNode(c)), Some(n)) => Some((c.clone(), n)),
                _ => None,
            })
            .collect())
    }

    /// [`Store::class_counts`] after a bulk load that wrote every document
    /// graph and the entities graph: the members it counted, with those of
    /// the graphs it did not write (ontology, gazetteer…), which are few.
    /// The SPARQL count took 6.1 s of a build of the 10k corpus.
    fn class_counts_after(&self, load: LoadCounts) -> Result<Vec<(NamedNode, u64)>, StoreError> {
        let mut members = load.members;
        for graph in self.graph_names()? {
            if graph.as_str() == DATASET_GRAPH || load.quads.contains_key(&graph) {
                continue;
            }
            for quad in self.inner.quads_for_pattern(
                None,
                Some(rdf::TYPE),
                None,
                Some(graph.as_ref().into()),
            ) {
                members.add(&quad?);
            }
        }
        Ok(members.counts())
    }

    /// The solutions of a SELECT query.
    fn select(&self, sparql: &str) -> Result<Vec<oxigraph::sparql::QuerySolution>, StoreError> {
        match self.query(sparql)? {
            QueryResults::Solutions(solutions) => solutions
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| StoreError::Query(QueryError::Evaluation(e.to_string()))),
            _ => Ok(Vec::new()),
        }
    }

    /// The triples of every graph but the description's, sorted by graph:
    /// the description's counts where it has them (see
    /// [`Store::describe_dataset`]), counted otherwise.
    fn graph_counts(&self) -> Result<Vec<GraphFacts>, StoreError> {
        let rows = |query: &str| -> Result<Vec<(NamedNode, u64)>, StoreError> {
            Ok(self
                .select(query)?
                .iter()
                .filter_map(|row| match (row.get("g"), count_of(row.get("n"))) {
                    (Some(Term::NamedNode(g)), Some(n)) => Some((g.clone(), n)),
                    _ => None,
                })
                .collect())
        };
        let described = format!(
            "SELECT ?g ?n WHERE {{ GRAPH <{DATASET_GRAPH}> {{ <{DATASET_GRAPH}> void:subset ?g . \
             ?g void:triples ?n }} }}"
        );
        let mut known: HashMap<String, u64> = rows(&described)?
            .into_iter()
            .map(|(g, n)| (g.as_str().to_string(), n))
            .collect();
        let names: Vec<NamedNode> = self
            .graph_names()?
            .into_iter()
            .filter(|g| g.as_str() != DATASET_GRAPH)
            .collect();
        let unknown = names
            .iter()
            .filter(|g| !known.contains_key(g.as_str()))
            .count();
        // Counted by SPARQL, which works on encoded terms: three times as
        // fast as reading every quad. Many graphs: one pass over the store.
        if unknown * 2 > names.len() {
            let all = format!(
                "SELECT ?g (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} \
                 FILTER(?g != <{DATASET_GRAPH}>) }} GROUP BY ?g"
            );
            known = rows(&all)?
                .into_iter()
                .map(|(g, n)| (g.as_str().to_string(), n))
                .collect();
        }
        let mut graphs = Vec::with_capacity(names.len());
        for name in names {
            let triples = match known.get(name.as_str()) {
                Some(&n) => n,
                None => {
                    let one = format!(
                        "SELECT ?g (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} \
                         VALUES ?g {{ {name} }} }} GROUP BY ?g"
                    );
                    rows(&one)?.first().map_or(0, |(_, n)| *n)
                }
            };
            // An empty graph is no graph (as the one-pass count sees it).
            if triples > 0 {
                graphs.push(GraphFacts { name, triples });
            }
        }
        Ok(graphs)
    }

    /// The named graphs, sorted by IRI.
    pub fn graph_names(&self) -> Result<Vec<NamedNode>, StoreError> {
        let mut names = Vec::new();
        for g in self.inner.named_graphs() {
            if let NamedOrBlankNode::NamedNode(g) = g? {
                names.push(g);
            }
        }
        names.sort_by(|a, b| a.as_str().cmp(b.as_str()));
        Ok(names)
    }

    pub fn len(&self) -> Result<usize, StoreError> {
        Ok(self.inner.len()?)
    }

    pub fn is_empty(&self) -> Result<bool, StoreError> {
        Ok(self.inner.is_empty()?)
    }

    /// Runs a SPARQL query over the union of all graphs (the default graph),
    /// with the contract's prefixes predeclared. A query with its own `FROM`
    /// or `FROM NAMED` runs over the graphs it names instead.
    pub fn query(&self, sparql: &str) -> Result<QueryResults<'_>, QueryError> {
        self.query_with(sparql, &QueryOptions::default())
    }

    /// [`Store::query`] with a dataset and a cancellation token.
    pub fn query_with(
        &self,
        sparql: &str,
        options: &QueryOptions,
    ) -> Result<QueryResults<'_>, QueryError> {
        self.prepare(sparql, options)?
            .execute()
            .map_err(evaluation_error)
    }

    /// [`Store::query`] with oxigraph's plan of the evaluation, each step
    /// with its rows and seconds once the results have all been read (for
    /// `query --explain`: which join is slow, and whether a restriction is
    /// where the evaluation starts).
    pub fn query_explained(
        &self,
        sparql: &str,
    ) -> Result<(QueryResults<'_>, QueryExplanation), QueryError> {
        let (results, explanation) = self
            .prepare(sparql, &QueryOptions::default())?
            .compute_statistics()
            .explain();
        Ok((results.map_err(evaluation_error)?, explanation))
    }

    fn prepare(
        &self,
        sparql: &str,
        options: &QueryOptions,
    ) -> Result<BoundPreparedSparqlQuery<'static>, QueryError> {
        let mut evaluator = evaluator();
        if let Some(token) = &options.cancellation {
            evaluator = evaluator.with_cancellation_token(token.clone());
        }
        let mut prepared = evaluator
            .parse_query(sparql)
            .map_err(|e| QueryError::Syntax(describe_syntax_error(sparql, &e.to_string())))?;
        let dataset = prepared.dataset_mut();
        if !options.default_graphs.is_empty() {
            dataset.set_default_graph(
                options
                    .default_graphs
                    .iter()
                    .map(|g| GraphName::from(g.clone()))
                    .collect(),
            );
        } else if dataset.is_default_dataset() {
            dataset.set_default_graph_as_union();
        }
        if !options.named_graphs.is_empty() {
            dataset.set_available_named_graphs(
                options
                    .named_graphs
                    .iter()
                    .map(|g| NamedOrBlankNode::from(g.clone()))
                    .collect(),
            );
        }
        Ok(prepared.on_store(&self.inner))
    }

    /// Whether `sparql` is a SPARQL Update (which this store's readers refuse)
    /// rather than a query.
    pub fn is_update(sparql: &str) -> bool {
        evaluator().parse_update(sparql).is_ok()
    }

    /// Writes every graph (the ontology, the gazetteer and the description
    /// included) in `format`, sorted so that the same store contents always
    /// give the same bytes. Triple formats (Turtle, N-Triples) merge the
    /// graphs, each triple once. Turtle and TriG are written by
    /// [`crate::turtle`]: grouped by subject, relative to the id base, with
    /// only the prefixes used.
    ///
    /// Memory stays bounded whatever the store's size: N-Quads, N-Triples
    /// and Turtle are sorted by [`SortedLines`] (runs of
    /// [`DEFAULT_RUN_BYTES`] on disk, in the system's temporary folder, once
    /// an export outgrows one), TriG is read graph by graph.
    pub fn export(&self, format: ExportFormat, out: impl Write) -> Result<(), StoreError> {
        self.export_with_runs(format, out, DEFAULT_RUN_BYTES)
    }

    /// [`Store::export`] with runs of `run_bytes` (tests use small ones to
    /// go through the disk).
    #[doc(hidden)]
    pub fn export_with_runs(
        &self,
        format: ExportFormat,
        mut out: impl Write,
        run_bytes: usize,
    ) -> Result<(), StoreError> {
        match format {
            ExportFormat::Turtle => {
                let (threads, per_thread) = reading_threads(run_bytes);
                let parts = self.fold_quads_in_parallel(
                    threads,
                    || TurtleStatements::new(per_thread),
                    |statements, quad| Ok(statements.add(quad.into())?),
                )?;
                TurtleStatements::merge(parts)?.write(&mut out)?;
            }
            ExportFormat::Trig => {
                let graphs = crate::turtle::trig_order(self.all_graph_names()?);
                let mut trig = TrigWriter::new(run_bytes);
                self.for_each_graph_in_order(&graphs, |graph, triples| {
                    Ok(trig.add_graph(graph, triples)?)
                })?;
                trig.finish(&mut out)?;
            }
            ExportFormat::Ntriples | ExportFormat::Nquads => {
                self.sorted_lines(format, run_bytes)?.finish(|line| {
                    out.write_all(line)?;
                    out.write_all(b"\n")
                })?;
            }
        }
        out.flush()?;
        Ok(())
    }

    /// Every quad of the store as an N-Quads or N-Triples line, sorted, each
    /// line once (in runs of `run_bytes` on disk once they outgrow one).
    fn sorted_lines(
        &self,
        format: ExportFormat,
        run_bytes: usize,
    ) -> Result<SortedLines, StoreError> {
        let dataset = format == ExportFormat::Nquads;
        let (threads, per_thread) = reading_threads(run_bytes);
        let parts = self.fold_quads_in_parallel(
            threads,
            || SortedLines::new(per_thread),
            |lines, quad| {
                Ok(lines.push_with(|line| {
                    let mut writer =
                        RdfSerializer::from_format(format.rdf_format()).for_writer(line);
                    if dataset {
                        writer.serialize_quad(&quad)?;
                    } else {
                        writer.serialize_triple(quad.as_ref())?;
                    }
                    writer.finish().map(drop)
                })?)
            },
        )?;
        Ok(SortedLines::merge(parts)?)
    }

    /// The default graph and every named graph.
    fn all_graph_names(&self) -> Result<Vec<GraphName>, StoreError> {
        let mut names = vec![GraphName::DefaultGraph];
        for name in self.inner.named_graphs() {
            names.push(match name? {
                NamedOrBlankNode::NamedNode(n) => GraphName::NamedNode(n),
                NamedOrBlankNode::BlankNode(b) => GraphName::BlankNode(b),
            });
        }
        Ok(names)
    }

    /// Reads every quad of the store on `threads` threads, graph by graph
    /// (the default graph and each named graph, the entities graph, the
    /// largest, first), each thread folding the quads it reads into a state
    /// of its own; returns the states. The first error stops every thread.
    fn fold_quads_in_parallel<S: Send>(
        &self,
        threads: usize,
        init: impl Fn() -> S + Sync,
        fold: impl Fn(&mut S, Quad) -> Result<(), StoreError> + Sync,
    ) -> Result<Vec<S>, StoreError> {
        use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
        let mut graphs = self.all_graph_names()?;
        graphs
            .sort_by_key(|g| !matches!(g, GraphName::NamedNode(n) if n.as_str() == ENTITIES_GRAPH));
        let next = AtomicUsize::new(0);
        let failed = AtomicBool::new(false);
        let work = || -> Result<S, StoreError> {
            let mut state = init();
            while !failed.load(Ordering::Relaxed) {
                let Some(graph) = graphs.get(next.fetch_add(1, Ordering::Relaxed)) else {
                    break;
                };
                let quads = self
                    .inner
                    .quads_for_pattern(None, None, None, Some(graph.as_ref()));
                for quad in quads {
                    if let Err(e) = quad
                        .map_err(StoreError::from)
                        .and_then(|q| fold(&mut state, q))
                    {
                        failed.store(true, Ordering::Relaxed);
                        return Err(e);
                    }
                }
            }
            Ok(state)
        };
        std::thread::scope(|scope| {
            let workers: Vec<_> = (0..threads.max(1)).map(|_| scope.spawn(work)).collect();
            workers
                .into_iter()
                .map(|w| {
                    w.join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                })
                .collect()
        })
    }

    /// Reads the triples of each graph of `graphs` on every core, a chunk
    /// of [`GRAPHS_READ_AHEAD`] graphs at a time, and hands them to `each`
    /// in order (on this thread).
    fn for_each_graph_in_order(
        &self,
        graphs: &[GraphName],
        mut each: impl FnMut(&GraphName, Vec<Triple>) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        use rayon::prelude::*;
        for chunk in graphs.chunks(GRAPHS_READ_AHEAD) {
            let read: Vec<Vec<Triple>> = chunk
                .par_iter()
                .map(|graph| {
                    self.inner
                        .quads_for_pattern(None, None, None, Some(graph.as_ref()))
                        .map(|q| q.map(Triple::from).map_err(StoreError::from))
                        .collect()
                })
                .collect::<Result<_, _>>()?;
            for (graph, triples) in chunk.iter().zip(read) {
                each(graph, triples)?;
            }
        }
        Ok(())
    }

    /// Writes every quad of every graph as N-Quads files of at most
    /// `quads_per_file` quads each into `dir`, for the bulk loaders of
    /// triplestores: `edupol-00001.nq`, `edupol-00002.nq`, … (five digits,
    /// more past 99,999 files). `dir` is created if missing and must be
    /// empty otherwise ([`StoreError::SplitFolder`]); it is created only
    /// once the export is known to fit in files of that size.
    ///
    /// A blank node's label names the same node only within one file, so
    /// quads that share blank nodes (the ontology's class unions and their
    /// lists) are written into the same file: they are gathered in a first
    /// pass over the store, kept in memory (edupol writes blank nodes only in
    /// the ontology's graph, a few dozen quads) and written first, each group
    /// whole; the other quads stream from a second pass in the store's order
    /// and fill every file to `quads_per_file` but the last. A group larger
    /// than `quads_per_file` is refused ([`StoreError::SplitTooSmall`]).
    ///
    /// Each file is written as `….nq.partial` and renamed when complete, so
    /// a loader reading `*.nq` never sees half a file; on an error the
    /// partial file is removed, the complete ones stay.
    pub fn export_split(
        &self,
        dir: &Path,
        quads_per_file: std::num::NonZeroUsize,
    ) -> Result<SplitSummary, StoreError> {
        let per_file = quads_per_file.get();
        check_split_folder(dir)?;
        let mut blank = Vec::new();
        for quad in self.inner.iter() {
            let quad = quad?;
            if has_blank_node(&quad) {
                blank.push(quad);
            }
        }
        let groups = blank_node_groups(blank);
        if let Some(needed) = groups.iter().map(Vec::len).max().filter(|&n| n > per_file) {
            return Err(StoreError::SplitTooSmall {
                given: per_file,
                needed,
            });
        }
        std::fs::create_dir_all(dir).map_err(|source| StoreError::SplitWrite {
            path: dir.to_path_buf(),
            source,
        })?;
        let mut plain = self
            .inner
            .iter()
            .filter(|q| q.as_ref().map_or(true, |q| !has_blank_node(q)));
        let mut shards = Shards::new(dir, per_file);
        for group in &groups {
            if group.len() > shards.room() {
                // Fill the open file, so that only the last file is short,
                // and start the group in a new one.
                while shards.room() > 0 {
                    let Some(quad) = plain.next() else { break };
                    shards.write(&quad?)?;
                }
                shards.close()?;
            }
            for quad in group {
                shards.write(quad)?;
            }
        }
        for quad in plain {
            shards.write(&quad?)?;
        }
        shards.close()?;
        Ok(SplitSummary {
            files: shards.files,
            quads: shards.quads,
        })
    }

    /// Writes every graph in any RDF format: dataset formats (TriG, N-Quads,
    /// JSON-LD) keep the graph names, streamed graph by graph as the store
    /// holds them; the others write the union ([`Store::write_union`]).
    pub fn write_dataset(&self, format: RdfFormat, out: impl Write) -> Result<(), StoreError> {
        if !format.supports_datasets() {
            return self.write_union(format, out);
        }
        let mut writer = rdf_serializer(format).for_writer(out);
        for quad in self.inner.iter() {
            writer.serialize_quad(&quad?)?;
        }
        writer.finish()?;
        Ok(())
    }

    /// Writes one named graph as the store's index gives it, without
    /// holding it in memory (the entities graph grows with the store);
    /// dataset formats keep its name.
    pub fn write_graph(
        &self,
        graph: NamedNodeRef<'_>,
        format: RdfFormat,
        out: impl Write,
    ) -> Result<(), StoreError> {
        let quads =
            self.inner
                .quads_for_pattern(None, None, None, Some(GraphNameRef::NamedNode(graph)));
        write_each_quad(quads, format, out)
    }

    /// Writes the union of all graphs (the default graph of queries) as one
    /// graph, each triple once, in bounded memory: Turtle (and TriG, whose
    /// default graph it is) as [`Store::export`] writes it, the other
    /// formats from the sorted N-Triples lines of the same export.
    pub fn write_union(&self, format: RdfFormat, mut out: impl Write) -> Result<(), StoreError> {
        match format {
            RdfFormat::Turtle | RdfFormat::TriG => self.export(ExportFormat::Turtle, out),
            RdfFormat::NTriples | RdfFormat::NQuads => self.export(ExportFormat::Ntriples, out),
            _ => {
                let mut writer = rdf_serializer(format).for_writer(&mut out);
                let lines = self.sorted_lines(ExportFormat::Ntriples, DEFAULT_RUN_BYTES)?;
                lines.finish(|line| {
                    // A line this export wrote: one triple, read back.
                    for quad in RdfParser::from_format(RdfFormat::NTriples).for_slice(line) {
                        writer.serialize_triple(quad.map_err(std::io::Error::other)?.as_ref())?;
                    }
                    Ok(())
                })?;
                writer.finish()?;
                out.flush()?;
                Ok(())
            }
        }
    }

    /// The quads that match a pattern (`None` matches anything), over all graphs.
    pub fn quads_matching(
        &self,
        subject: Option<NamedOrBlankNodeRef<'_>>,
        predicate: Option<NamedNodeRef<'_>>,
        object: Option<TermRef<'_>>,
        graph: Option<GraphNameRef<'_>>,
    ) -> Result<Vec<Quad>, StoreError> {
        self.inner
            .quads_for_pattern(subject, predicate, object, graph)
            .map(|q| q.map_err(StoreError::from))
            .collect()
    }

    /// Whether the store holds a named graph of that name.
    pub fn contains_graph(&self, graph: NamedNodeRef<'_>) -> Result<bool, StoreError> {
        Ok(self.inner.contains_named_graph(graph)?)
    }

    /// Every quad of every graph.
    pub fn quads(&self) -> Result<Vec<Quad>, StoreError> {
        self.inner
            .iter()
            .map(|q| q.map_err(StoreError::from))
            .collect()
    }

    /// The quads of the documents read from files of these names (without
    /// folders, as `edupol eval`'s gold names them), with the graphs every
    /// document shares: the entities, the ontology and the gazetteer. A
    /// fraction of a large store, where [`Store::quads`] would be all of it.
    pub fn quads_of_files(&self, file_names: &HashSet<&str>) -> Result<Vec<Quad>, StoreError> {
        let mut graphs: Vec<NamedNode> = [ENTITIES_GRAPH, ONTOLOGY_GRAPH, GAZETTEER_GRAPH]
            .into_iter()
            .map(NamedNode::new_unchecked)
            .collect();
        for document in self.documents()? {
            let name = Path::new(&document.source_file)
                .file_name()
                .map(|n| n.to_string_lossy());
            if name.is_some_and(|n| file_names.contains(n.as_ref())) {
                graphs.push(document.graph);
            }
        }
        let mut quads = Vec::new();
        for graph in &graphs {
            quads.extend(self.graph_quads(graph.as_ref())?);
        }
        Ok(quads)
    }

    /// The quads of one named graph.
    pub fn graph_quads(&self, graph: NamedNodeRef<'_>) -> Result<Vec<Quad>, StoreError> {
        self.inner
            .quads_for_pattern(None, None, None, Some(GraphNameRef::NamedNode(graph)))
            .map(|q| q.map_err(StoreError::from))
            .collect()
    }
}

/// Whether a quad of [`triples::document_quads`] is written into the store:
/// all but the gazetteer graph's, which the store loads whole on its own.
pub fn is_written_with_document(quad: &Quad) -> bool {
    quad.graph_name.as_ref()
        != GraphNameRef::NamedNode(NamedNodeRef::new_unchecked(GAZETTEER_GRAPH))
}

/// The nodes that `graph` names and the entities graph describes.
fn shared_nodes_in(
    transaction: &Transaction<'_>,
    graph: &NamedNode,
) -> Result<Vec<NamedNode>, StoreError> {
    let entities = GraphNameRef::NamedNode(NamedNodeRef::new_unchecked(ENTITIES_GRAPH));
    let mut named = HashSet::new();
    for quad in transaction.quads_for_pattern(None, None, None, Some(graph.as_ref().into())) {
        let quad = quad?;
        if let NamedOrBlankNode::NamedNode(s) = quad.subject {
            named.insert(s);
        }
        if let Term::NamedNode(o) = quad.object {
            named.insert(o);
        }
    }
    let mut shared = Vec::new();
    for node in named {
        let described = transaction
            .quads_for_pattern(Some(node.as_ref().into()), None, None, Some(entities))
            .next()
            .transpose()?
            .is_some();
        if described {
            shared.push(node);
        }
    }
    shared.sort();
    Ok(shared)
}

/// Takes out of the entities graph what no graph supports any more, starting
/// from `work` (nodes a rewritten or removed document named). A node is
/// supported while another graph states something of it or refers to it, or
/// a supported entity refers to it; a class of it while some document
/// classifies it so.
fn withdraw_unsupported(
    transaction: &mut Transaction<'_>,
    mut work: Vec<NamedNode>,
) -> Result<(), StoreError> {
    let in_entities = GraphNameRef::NamedNode(NamedNodeRef::new_unchecked(ENTITIES_GRAPH));
    while let Some(node) = work.pop() {
        let subject = Some(NamedOrBlankNodeRef::from(node.as_ref()));
        let description = transaction
            .quads_for_pattern(subject, None, None, Some(in_entities))
            .collect::<Result<Vec<_>, _>>()?;
        if description.is_empty() {
            continue;
        }
        let named_elsewhere = transaction
            .quads_for_pattern(subject, None, None, None)
            .map(|q| q.map(|q| q.graph_name.as_ref() != in_entities))
            .find(|elsewhere| !matches!(elsewhere, Ok(false)))
            .transpose()?
            .is_some();
        let referred_to = transaction
            .quads_for_pattern(None, None, Some(node.as_ref().into()), None)
            .next()
            .transpose()?
            .is_some();
        if named_elsewhere || referred_to {
            for quad in &description {
                let Term::NamedNode(class) = &quad.object else {
                    continue;
                };
                if quad.predicate != rdf::TYPE || !triples::is_read_class(class.as_ref()) {
                    continue;
                }
                let still_read = transaction
                    .quads_for_pattern(subject, Some(edu::CLASSIFIED_AS), Some(class.into()), None)
                    .next()
                    .transpose()?
                    .is_some();
                if !still_read {
                    transaction.remove(quad);
                }
            }
        } else {
            for quad in &description {
                transaction.remove(quad);
            }
            work.extend(description.into_iter().filter_map(|q| match q.object {
                Term::NamedNode(o) => Some(o),
                _ => None,
            }));
        }
    }
    Ok(())
}

/// Removes the description's triple counts of `graphs`, in the transaction
/// that changes them: the count of a graph is then never stale, not even
/// after a build killed before it describes the dataset again.
fn forget_counts(
    transaction: &mut Transaction<'_>,
    graphs: &[NamedNodeRef<'_>],
) -> Result<(), StoreError> {
    let description = NamedNodeRef::new_unchecked(DATASET_GRAPH);
    for &graph in graphs {
        let stale: Vec<Quad> = transaction
            .quads_for_pattern(
                Some(graph.into()),
                Some(void::TRIPLES),
                None,
                Some(description.into()),
            )
            .collect::<Result<_, _>>()?;
        for quad in &stale {
            transaction.remove(quad);
        }
    }
    Ok(())
}

fn entities_graph() -> NamedNodeRef<'static> {
    NamedNodeRef::new_unchecked(ENTITIES_GRAPH)
}

/// A query evaluator that knows the contract's prefixes.
fn evaluator() -> SparqlEvaluator {
    let mut evaluator = SparqlEvaluator::new().with_http_timeout(SERVICE_TIMEOUT);
    for (prefix, iri) in PREFIXES {
        evaluator = evaluator
            .with_prefix(*prefix, *iri)
            .expect("the built-in prefixes are valid IRIs");
    }
    evaluator
}

/// A serializer that writes the contract's prefixes where the format has them.
pub fn rdf_serializer(format: RdfFormat) -> RdfSerializer {
    let mut serializer = RdfSerializer::from_format(format);
    for (prefix, iri) in PREFIXES {
        serializer = serializer
            .with_prefix(*prefix, *iri)
            .expect("the built-in prefixes are valid IRIs");
    }
    serializer
}

/// How many threads read the store for an export, and each one's share of
/// the `run_bytes` an export may hold in memory. Reading the quads
/// (decoding their terms) is most of an export's time: every thread reads
/// graphs, each into a sort of its own.
fn reading_threads(run_bytes: usize) -> (usize, usize) {
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    (threads, (run_bytes / threads).max(1))
}

/// Writes quads; formats without graphs get their triples.
pub fn write_quads(quads: &[Quad], format: RdfFormat, out: impl Write) -> Result<(), StoreError> {
    write_each_quad(quads.iter().cloned().map(Ok::<_, StoreError>), format, out)
}

/// [`write_quads`] as they are read (a store's iterator), none held.
fn write_each_quad<E>(
    quads: impl IntoIterator<Item = Result<Quad, E>>,
    format: RdfFormat,
    out: impl Write,
) -> Result<(), StoreError>
where
    StoreError: From<E>,
{
    let mut writer = rdf_serializer(format).for_writer(out);
    let dataset = format.supports_datasets();
    for quad in quads {
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

/// Refuses a folder for [`Store::export_split`] that is a file or holds
/// anything; one that does not exist yet is created later.
fn check_split_folder(dir: &Path) -> Result<(), StoreError> {
    if dir.exists() && !dir.is_dir() {
        return Err(StoreError::SplitFolder(format!(
            "{} is a file, not a folder: --split writes several files into the folder --output \
             names; give a folder that is empty or does not exist yet",
            dir.display()
        )));
    }
    match std::fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(StoreError::SplitFolder(format!(
                    "{} is not empty: --split writes into an empty folder (or creates it), so \
                     that the folder holds one export and nothing else; remove what is in it, \
                     or give another --output",
                    dir.display()
                )));
            }
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(StoreError::SplitWrite {
            path: dir.to_path_buf(),
            source,
        }),
    }
}

/// The blank nodes of a quad: subject, object, graph name.
fn blank_nodes(quad: &Quad) -> impl Iterator<Item = &BlankNode> {
    let subject = match &quad.subject {
        NamedOrBlankNode::BlankNode(b) => Some(b),
        _ => None,
    };
    let object = match &quad.object {
        Term::BlankNode(b) => Some(b),
        _ => None,
    };
    let graph = match &quad.graph_name {
        GraphName::BlankNode(b) => Some(b),
        _ => None,
    };
    subject.into_iter().chain(object).chain(graph)
}

fn has_blank_node(quad: &Quad) -> bool {
    blank_nodes(quad).next().is_some()
}

/// Splits quads that each have a blank node into groups that share none:
/// two quads are in one group when a chain of quads, each sharing a blank
/// node with the next, joins them. Groups, and the quads in each, keep the
/// order of the input (by first quad).
fn blank_node_groups(quads: Vec<Quad>) -> Vec<Vec<Quad>> {
    fn root(parent: &mut [usize], mut node: usize) -> usize {
        while parent[node] != node {
            parent[node] = parent[parent[node]];
            node = parent[node];
        }
        node
    }
    let mut ids: HashMap<BlankNode, usize> = HashMap::new();
    let mut parent: Vec<usize> = Vec::new();
    let mut first_node = Vec::with_capacity(quads.len());
    for quad in &quads {
        let mut nodes = blank_nodes(quad).map(|b| {
            *ids.entry(b.clone()).or_insert_with(|| {
                parent.push(parent.len());
                parent.len() - 1
            })
        });
        let first = nodes.next().expect("each quad has a blank node");
        let rest: Vec<usize> = nodes.collect();
        for other in rest {
            let (a, b) = (root(&mut parent, first), root(&mut parent, other));
            parent[b] = a;
        }
        first_node.push(first);
    }
    let mut group_of_root: HashMap<usize, usize> = HashMap::new();
    let mut groups: Vec<Vec<Quad>> = Vec::new();
    for (quad, node) in quads.into_iter().zip(first_node) {
        let r = root(&mut parent, node);
        let index = *group_of_root.entry(r).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[index].push(quad);
    }
    groups
}

/// The files of [`Store::export_split`]: at most `per_file` quads each,
/// written under a `.partial` name and renamed when closed.
struct Shards {
    dir: PathBuf,
    per_file: usize,
    open: Option<Shard>,
    /// Files closed (renamed to their final name).
    files: usize,
    quads: u64,
}

struct Shard {
    path: PathBuf,
    partial: PathBuf,
    writer: oxigraph::io::WriterQuadSerializer<std::io::BufWriter<std::fs::File>>,
    quads: usize,
}

impl Shards {
    fn new(dir: &Path, per_file: usize) -> Shards {
        Shards {
            dir: dir.to_path_buf(),
            per_file,
            open: None,
            files: 0,
            quads: 0,
        }
    }

    /// Quads the open file can still take; 0 when no file is open.
    fn room(&self) -> usize {
        self.open.as_ref().map_or(0, |s| self.per_file - s.quads)
    }

    /// Writes a quad into the open file, or into a new one when it is full
    /// or none is open.
    fn write(&mut self, quad: &Quad) -> Result<(), StoreError> {
        if self.room() == 0 {
            self.close()?;
            let path = self.dir.join(format!("edupol-{:05}.nq", self.files + 1));
            let partial = path.with_extension("nq.partial");
            let file =
                std::fs::File::create(&partial).map_err(|source| StoreError::SplitWrite {
                    path: partial.clone(),
                    source,
                })?;
            let writer = RdfSerializer::from_format(RdfFormat::NQuads)
                .for_writer(std::io::BufWriter::new(file));
            self.open = Some(Shard {
                path,
                partial,
                writer,
                quads: 0,
            });
        }
        let shard = self.open.as_mut().expect("a file is open");
        shard
            .writer
            .serialize_quad(quad)
            .map_err(|source| StoreError::SplitWrite {
                path: shard.partial.clone(),
                source,
            })?;
        shard.quads += 1;
        self.quads += 1;
        Ok(())
    }

    /// Completes the open file, if any, and gives it its final name.
    fn close(&mut self) -> Result<(), StoreError> {
        let Some(shard) = self.open.take() else {
            return Ok(());
        };
        let Shard {
            path,
            partial,
            writer,
            ..
        } = shard;
        let flushed = writer
            .finish()
            .and_then(|w| w.into_inner().map_err(std::io::IntoInnerError::into_error));
        if let Err(source) = flushed {
            let _ = std::fs::remove_file(&partial);
            return Err(StoreError::SplitWrite {
                path: partial,
                source,
            });
        }
        std::fs::rename(&partial, &path).map_err(|source| StoreError::SplitWrite {
            path: path.clone(),
            source,
        })?;
        self.files += 1;
        Ok(())
    }
}

impl Drop for Shards {
    /// Removes the file left open by an error, so that only complete files
    /// stay in the folder.
    fn drop(&mut self) {
        if let Some(Shard {
            partial, writer, ..
        }) = self.open.take()
        {
            drop(writer);
            let _ = std::fs::remove_file(partial);
        }
    }
}

/// The value of a count in a solution.
fn count_of(term: Option<&Term>) -> Option<u64> {
    match term? {
        Term::Literal(l) => l.value().parse().ok(),
        _ => None,
    }
}

/// Today's date (UTC) as `xsd:date`, or that of `SOURCE_DATE_EPOCH` (seconds
/// since 1970) when the variable is set.
fn today() -> String {
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        });
    let (year, month, day) = civil_from_days(seconds.div_euclid(86_400));
    format!("{year:04}-{month:02}-{day:02}")
}

/// The proleptic Gregorian date of a day counted from 1970-01-01 (Howard
/// Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
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

/// A bulk load of documents into a store that does not hold them (see
/// [`Store::bulk_load`]).
///
/// Deferred (more than one thread), every batch becomes sorted index files
/// beside the store (oxigraph's `bulk-*.sst`) and RocksDB ingests them all
/// in one step at [`BulkLoad::commit`]. Ingested batch by batch, each
/// batch's files overlap the ones before, and RocksDB merges them again in
/// the background after every ingestion, more work the larger the store:
/// deferring made the build of 10,000 documents 27–32% faster with a third
/// less CPU, of 1,000 5–15% (BENCHMARKS.md, "One ingestion per bulk load").
/// The price: until the commit the store holds none of the batches, so a
/// build killed before it leaves no new document (never a partial one), and
/// its files are removed at the next [`Store::open`].
pub struct BulkLoad<'a> {
    store: &'a Store,
    /// The loader holding the batches until the commit (`None`: each batch
    /// is committed when added).
    deferred: Option<oxigraph::store::BulkLoader<'a>>,
    batches: usize,
    /// The quads loaded into each graph: the graphs are new to the store
    /// and the quads of a load distinct, so these are their counts.
    counts: HashMap<NamedNode, u64>,
    /// The subjects of each class in the quads loaded.
    members: ClassMembers,
}

impl BulkLoad<'_> {
    /// Whether the batches wait for [`BulkLoad::commit`] (more than one
    /// thread), rather than being committed one by one as they are added.
    pub fn is_deferred(&self) -> bool {
        self.deferred.is_some()
    }

    /// Adds a batch of whole documents (their graphs and shared statements).
    pub fn add(&mut self, quads: Vec<Quad>) -> Result<(), StoreError> {
        let mut graphs: Vec<(NamedNodeRef<'_>, u64)> = Vec::new();
        for quad in &quads {
            self.members.add(quad);
            if let GraphName::NamedNode(g) = &quad.graph_name {
                // Quads come graph by graph: searched from the last one.
                match graphs
                    .iter_mut()
                    .rev()
                    .find(|(seen, _)| *seen == g.as_ref())
                {
                    Some((_, n)) => *n += 1,
                    None => graphs.push((g.as_ref(), 1)),
                }
            }
        }
        // Counts first: a count still in the description must be current.
        let mut transaction = self.store.inner.start_transaction()?;
        let names: Vec<NamedNodeRef<'_>> = graphs.iter().map(|(g, _)| *g).collect();
        forget_counts(&mut transaction, &names)?;
        transaction.commit()?;
        for (graph, n) in graphs {
            *self.counts.entry(graph.into_owned()).or_default() += n;
        }
        self.batches += 1;
        match &mut self.deferred {
            Some(loader) => loader.load_quads(quads)?,
            None => {
                let mut loader = self.store.inner.bulk_loader();
                loader.load_quads(quads)?;
                loader.commit()?;
            }
        }
        Ok(())
    }

    /// Waits for the batches' index files and ingests them, atomically.
    /// Returns the number of batches (more than one leaves index files
    /// whose key ranges overlap, see [`Store::compact`]) and the number of
    /// quads loaded into each graph: the graphs were new to the store and
    /// the quads of a load are distinct, so these are their counts, for
    /// [`Store::record_counts`]; and the members of each class, for
    /// [`Store::describe_dataset`].
    pub fn commit(self) -> Result<(usize, LoadCounts), StoreError> {
        if let Some(loader) = self.deferred {
            loader.commit()?;
        }
        Ok((
            self.batches,
            LoadCounts {
                quads: self.counts,
                members: self.members,
            },
        ))
    }
}

/// What a bulk load wrote, counted as it went (see [`BulkLoad::commit`]).
#[derive(Debug)]
pub struct LoadCounts {
    /// The quads of each graph.
    quads: HashMap<NamedNode, u64>,
    /// The subjects of each class.
    members: ClassMembers,
}

/// The distinct subjects of each class (an IRI) in `rdf:type` statements,
/// over any graphs. A subject is kept as a 128-bit hash of its name: the
/// 10k corpus has 1.5M `rdf:type` statements, whose subjects' names would
/// take several times the memory, and two names sharing a hash are beyond
/// reckoning.
#[derive(Debug, Default)]
struct ClassMembers(HashMap<NamedNode, HashSet<u128, foldhash::fast::RandomState>>);

impl ClassMembers {
    fn add(&mut self, quad: &Quad) {
        let Term::NamedNode(class) = &quad.object else {
            return;
        };
        if quad.predicate.as_ref() != rdf::TYPE {
            return;
        }
        let subject = subject_hash(quad.subject.as_ref());
        match self.0.get_mut(class) {
            Some(members) => {
                members.insert(subject);
            }
            None => {
                self.0.entry(class.clone()).or_default().insert(subject);
            }
        }
    }

    /// The number of members of each class, sorted by class (as the
    /// SPARQL count's `ORDER BY` sorts IRIs).
    fn counts(self) -> Vec<(NamedNode, u64)> {
        let mut counts: Vec<(NamedNode, u64)> = self
            .0
            .into_iter()
            .map(|(class, members)| (class, members.len() as u64))
            .collect();
        counts.sort_by(|a, b| a.0.as_str().cmp(b.0.as_str()));
        counts
    }
}

/// Two independent 64-bit hashes of a subject: an IRI and a blank node
/// with the same text stay apart.
fn subject_hash(subject: NamedOrBlankNodeRef<'_>) -> u128 {
    use foldhash::fast::FixedState;
    use std::hash::BuildHasher;
    let key = match subject {
        NamedOrBlankNodeRef::NamedNode(n) => (0u8, n.as_str()),
        NamedOrBlankNodeRef::BlankNode(b) => (1u8, b.as_str()),
    };
    let high = FixedState::with_seed(0x6564_7570_6f6c_0001).hash_one(key);
    let low = FixedState::with_seed(0x6564_7570_6f6c_0002).hash_one(key);
    (u128::from(high) << 64) | u128::from(low)
}

/// Removes the index files a killed bulk load left beside the store
/// (oxigraph names them `bulk-{random}.sst`; RocksDB never lists them).
/// Called once the store is open for writing: RocksDB's lock then rules
/// out another writer whose files these could be.
fn remove_stale_bulk_files(path: &Path) {
    let Ok(entries) = std::fs::read_dir(path) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with("bulk-") && name.ends_with(".sst") {
            // Best effort: a file left behind only takes disk space.
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::Literal;
    use std::collections::BTreeSet;

    #[test]
    fn a_file_gone_under_a_reader_says_what_to_do_and_other_errors_stay_as_they_are() {
        let vanished = "IO error: No such file or directory: While open a file for random \
                        read: db/000115.sst: No such file or directory";
        let hinted = with_read_hint(vanished.to_string());
        assert!(hinted.starts_with(vanished), "{hinted}");
        assert!(
            hinted.contains("run this again when the build is done"),
            "{hinted}"
        );
        let error = StoreError::from(oxigraph::store::StorageError::Other(vanished.into()));
        assert!(
            error.to_string().contains("a build is writing it"),
            "{error}"
        );
        // A writer losing a file it appends to (its folder removed) is no reader's race.
        let other = "IO error: No such file or directory: While open a file for appending: \
                     db/bulk-1.sst";
        assert_eq!(with_read_hint(other.to_string()), other);
        let error = StoreError::from(oxigraph::store::StorageError::Other(other.into()));
        assert_eq!(error.to_string(), format!("store error: {other}"));
    }

    #[test]
    fn opening_a_store_to_write_removes_the_files_of_a_killed_bulk_load_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db");
        drop(Store::open(&path).unwrap());
        let (stale, other) = (path.join("bulk-1234.sst"), path.join("notes.txt"));
        std::fs::write(&stale, b"index keys").unwrap();
        std::fs::write(&other, b"an analyst's notes").unwrap();
        // A reader may look while a build loads: it removes nothing.
        drop(Store::open_read_only(&path).unwrap());
        assert!(stale.exists());
        // The next writer holds RocksDB's lock: no build of its own is loading.
        drop(Store::open(&path).unwrap());
        assert!(!stale.exists(), "the killed load's file is still there");
        assert!(
            other.exists(),
            "a file that is not the loader's was removed"
        );
    }

    #[test]
    fn a_flushed_store_leaves_readers_no_log_to_replay() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db");
        // The size of the log RocksDB writes to now, the newest: older ones
        // stay for reuse, and a reader replays none of them once flushed.
        let newest_log = |path: &Path| -> u64 {
            let mut logs: Vec<_> = std::fs::read_dir(path)
                .unwrap()
                .flatten()
                .filter(|e| e.file_name().to_string_lossy().ends_with(".log"))
                .map(|e| (e.file_name(), e.metadata().unwrap().len()))
                .collect();
            logs.sort();
            logs.last().map_or(0, |(_, len)| *len)
        };
        let store = Store::open(&path).unwrap();
        let graph = NamedNode::new_unchecked("https://w3id.org/edupol/id/doc/a");
        let quad = Quad::new(graph.clone(), rdf::TYPE, edu::TARGET, graph.clone());
        store.write_document(&graph, &[quad]).unwrap();
        assert!(newest_log(&path) > 0, "a transaction is first in the log");
        store.flush();
        assert_eq!(newest_log(&path), 0);
        // The scratch checkpoint is gone; the snapshot made at the open stays
        // until the store closes.
        let snapshots = std::fs::read_dir(path.join("edupol-snapshots")).unwrap();
        assert_eq!(snapshots.count(), 1);
        drop(store);
        assert_eq!(Store::open_read_only(&path).unwrap().len().unwrap(), 1);
    }

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

    /// The description's count of a graph: `None` when it gives none.
    fn described_count(store: &Store, graph: &NamedNode) -> Option<u64> {
        store
            .inner
            .quads_for_pattern(
                Some(graph.as_ref().into()),
                Some(void::TRIPLES),
                None,
                Some(NamedNodeRef::new_unchecked(DATASET_GRAPH).into()),
            )
            .filter_map(Result::ok)
            .find_map(|q| count_of(Some(&q.object)))
    }

    #[test]
    fn a_build_recounts_the_graphs_it_wrote_and_reuses_the_other_counts() {
        let store = Store::in_memory().unwrap();
        let source = |g: &NamedNode, file: &str| {
            Quad::new(
                g.clone(),
                edu::SOURCE_FILE,
                Literal::new_simple_literal(file),
                g.clone(),
            )
        };
        let a = NamedNode::new_unchecked("https://w3id.org/edupol/id/doc/a");
        let b = NamedNode::new_unchecked("https://w3id.org/edupol/id/doc/b");
        store.write_document(&a, &[source(&a, "a.txt")]).unwrap();
        store.write_document(&b, &[source(&b, "b.txt")]).unwrap();
        store.describe_dataset(None).unwrap();
        assert_eq!(described_count(&store, &a), Some(1));
        assert_eq!(described_count(&store, &b), Some(1));

        // Rewriting `a` forgets its count only, in the same transaction.
        let extra = Quad::new(
            a.clone(),
            edu::SOURCE_FILE,
            Literal::new_simple_literal("x"),
            a.clone(),
        );
        store
            .write_document(&a, &[source(&a, "a.txt"), extra])
            .unwrap();
        assert_eq!(described_count(&store, &a), None);
        assert_eq!(described_count(&store, &b), Some(1));

        // `b` was not written, so its count is taken from the description
        // as it stands (made wrong here to tell it apart from a recount:
        // counting every graph again was most of a one-file rebuild).
        let description = NamedNode::new_unchecked(DATASET_GRAPH);
        let count = |n: u64| {
            Quad::new(
                b.clone(),
                void::TRIPLES,
                Literal::from(n),
                description.clone(),
            )
        };
        store.inner.remove(&count(1)).unwrap();
        store.inner.insert(&count(7)).unwrap();
        store.describe_dataset(None).unwrap();
        assert_eq!(
            described_count(&store, &a),
            Some(2),
            "the written graph is recounted"
        );
        assert_eq!(
            described_count(&store, &b),
            Some(7),
            "the other count is reused"
        );
        // Any change of a graph drops its count: it is recounted.
        store
            .replace_graph(&b, &[source(&b, "b.txt"), source(&b, "y")])
            .unwrap();
        store.describe_dataset(None).unwrap();
        assert_eq!(described_count(&store, &b), Some(2));
    }

    /// Two documents' quads, as [`triples::document_quads`] shapes them:
    /// mentions and classes in the document graph, the rest shared.
    fn document(name: &str, class: &str, with_post: bool) -> (NamedNode, Vec<Quad>) {
        let n = |iri: &str| NamedNode::new_unchecked(format!("https://w3id.org/edupol/id/{iri}"));
        let g = n(&format!("doc/{name}"));
        let entities = NamedNode::new_unchecked(ENTITIES_GRAPH);
        let class = NamedNode::new_unchecked(format!("{}{class}", edu::NS));
        let (x, m, p, r) = (
            n("org/X"),
            n("post/X/P/局长"),
            n("person/X/P"),
            n("role/局长"),
        );
        let in_doc =
            |s: &NamedNode, p: NamedNodeRef<'_>, o: Term| Quad::new(s.clone(), p, o, g.clone());
        let shared = |s: &NamedNode, p: NamedNodeRef<'_>, o: Term| {
            Quad::new(s.clone(), p, o, entities.clone())
        };
        let label = |t: &str| Term::from(Literal::new_simple_literal(t));
        let mut quads = vec![
            in_doc(&x, edu::MENTIONED_IN, g.clone().into()),
            in_doc(&x, edu::CLASSIFIED_AS, class.clone().into()),
            shared(&x, rdf::TYPE, class.into()),
            shared(&x, rdf::TYPE, crate::vocab::org::ORGANIZATION.into()),
            shared(&x, crate::vocab::rdfs::LABEL, label("X")),
        ];
        if with_post {
            quads.extend([
                in_doc(&m, crate::vocab::prov::WAS_DERIVED_FROM, g.clone().into()),
                shared(&m, crate::vocab::org::MEMBER, p.clone().into()),
                shared(&m, crate::vocab::org::ROLE_PROP, r.clone().into()),
                shared(&m, crate::vocab::org::ORGANIZATION_PROP, x.clone().into()),
                shared(&p, crate::vocab::foaf::NAME, label("P")),
                shared(&r, crate::vocab::rdfs::LABEL, label("局长")),
            ]);
        }
        (g, quads)
    }

    fn entities(store: &Store) -> Vec<String> {
        let mut quads: Vec<String> = store
            .graph_quads(NamedNodeRef::new_unchecked(ENTITIES_GRAPH))
            .unwrap()
            .iter()
            .map(|q| format!("{} {} {}", q.subject, q.predicate, q.object))
            .map(|q| q.replace("https://w3id.org/edupol/", ""))
            .collect();
        quads.sort();
        quads
    }

    /// The members of each class counted by a bulk load, with those of the
    /// graphs it did not write, are what the SPARQL count over the store
    /// finds: a subject typed in two graphs counts once, a blank node apart
    /// from an IRI of the same text.
    #[test]
    fn a_bulk_load_counts_the_members_of_each_class_as_the_store_does() {
        let store = Store::in_memory().unwrap();
        store.load_ontology().unwrap();
        let (a, mut quads) = document("a", "School", true);
        let (b, b_quads) = document("b", "University", true);
        let seen: HashSet<Quad> = quads.iter().cloned().collect();
        quads.extend(b_quads.into_iter().filter(|q| !seen.contains(q)));
        let place = NamedNode::new_unchecked("https://w3id.org/edupol/id/place/X");
        let division = Term::from(edu::ADMINISTRATIVE_DIVISION.into_owned());
        for g in [&a, &b] {
            quads.push(Quad::new(
                place.clone(),
                rdf::TYPE,
                division.clone(),
                g.clone(),
            ));
        }
        quads.push(Quad::new(
            BlankNode::new_unchecked("https://w3id.org/edupol/id/place/X"),
            rdf::TYPE,
            division,
            a.clone(),
        ));
        let mut load = store.bulk_load(1);
        load.add(quads).unwrap();
        let (_, counts) = load.commit().unwrap();
        store.record_counts(&counts).unwrap();
        store.describe_dataset(Some(counts)).unwrap();
        let described = || -> BTreeSet<String> {
            let description = NamedNodeRef::new_unchecked(DATASET_GRAPH);
            let quads = store.graph_quads(description).unwrap();
            quads.iter().map(ToString::to_string).collect()
        };
        let from_load = described();
        assert!(
            from_load
                .iter()
                .any(|q| q.contains("AdministrativeDivision")),
            "the description has class counts"
        );
        store.describe_dataset(None).unwrap();
        assert_eq!(from_load, described());
    }

    /// A build killed after writing a bulk load's counts and before the
    /// description leaves a store that opens, and that the next build
    /// describes.
    #[test]
    fn counts_without_a_description_are_no_description() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db");
        {
            let store = Store::open(&path).unwrap();
            let graph = NamedNode::new_unchecked("https://w3id.org/edupol/id/doc/a");
            store
                .record_counts(&LoadCounts {
                    quads: HashMap::from([(graph, 3)]),
                    members: ClassMembers::default(),
                })
                .unwrap();
            assert!(!store.is_described().unwrap());
        }
        let store = Store::open_read_only(&path).unwrap();
        assert!(!store.is_described().unwrap());
        drop(store);
        let store = Store::open(&path).unwrap();
        store.describe_dataset(None).unwrap();
        assert!(store.is_described().unwrap());
    }

    #[test]
    fn the_quads_of_files_are_their_documents_and_the_shared_graphs() {
        let store = Store::in_memory().unwrap();
        store.load_ontology().unwrap();
        for name in ["a", "b"] {
            let (graph, mut quads) = document(name, "School", true);
            let file = Literal::new_simple_literal(format!("corpus/{name}.txt"));
            quads.push(Quad::new(
                graph.clone(),
                edu::SOURCE_FILE,
                file,
                graph.clone(),
            ));
            store.write_document(&graph, &quads).unwrap();
        }
        let graphs = |files: &[&str]| -> BTreeSet<String> {
            let files: HashSet<&str> = files.iter().copied().collect();
            let quads = store.quads_of_files(&files).unwrap();
            quads.iter().map(|q| q.graph_name.to_string()).collect()
        };
        let shared = [ENTITIES_GRAPH, ONTOLOGY_GRAPH].map(|g| format!("<{g}>"));
        let doc = |name: &str| format!("<https://w3id.org/edupol/id/doc/{name}>");
        // By file name, without folders; an unknown name adds nothing.
        let only_a = graphs(&["a.txt", "c.txt"]);
        assert_eq!(
            only_a,
            shared
                .iter()
                .cloned()
                .chain([doc("a")])
                .collect::<BTreeSet<_>>()
        );
        assert!(graphs(&["corpus/b.txt"]).iter().all(|g| shared.contains(g)));
        assert!(graphs(&["a.txt", "b.txt"]).contains(&doc("b")));
    }

    #[test]
    fn shared_statements_are_stored_once_and_leave_with_their_last_document() {
        let store = Store::in_memory().unwrap();
        let (a, quads_a) = document("a", "School", true);
        let (b, quads_b) = document("b", "Government", false);
        store.write_document(&a, &quads_a).unwrap();
        store.write_document(&b, &quads_b).unwrap();
        let labels = "SELECT * { ?x <http://www.w3.org/2000/01/rdf-schema#label> \"X\" }";
        assert_eq!(count(&store, labels, &QueryOptions::default()), 1);
        let both = entities(&store);
        assert!(both.iter().any(|q| q.ends_with("ontology#School>")));
        assert!(both.iter().any(|q| q.ends_with("ontology#Government>")));
        // b gone: X stays (a names it) without the class only b gave it.
        store.remove_document(&b).unwrap();
        let after = entities(&store);
        assert!(after.iter().any(|q| q.ends_with("ontology#School>")));
        assert!(!after.iter().any(|q| q.ends_with("ontology#Government>")));
        assert!(after.iter().any(|q| q.contains("person/X/P")));
        // a rewritten without its post: the post, its holder and role go.
        let (_, without_post) = document("a", "School", false);
        store.write_document(&a, &without_post).unwrap();
        let rewritten = entities(&store);
        assert!(!rewritten
            .iter()
            .any(|q| q.contains("post/") || q.contains("role/")));
        assert!(!rewritten.iter().any(|q| q.contains("person/")));
        assert!(rewritten.iter().any(|q| q.contains("\"X\"")));
        // The last document gone, nothing is left of X.
        store.remove_document(&a).unwrap();
        assert_eq!(entities(&store), Vec::<String>::new());
    }

    #[test]
    fn a_second_document_keeps_what_the_first_shared() {
        let store = Store::in_memory().unwrap();
        let (a, quads_a) = document("a", "School", true);
        let (b, quads_b) = document("b", "School", true);
        store.write_document(&a, &quads_a).unwrap();
        store.write_document(&b, &quads_b).unwrap();
        let before = entities(&store);
        store.remove_document(&a).unwrap();
        assert_eq!(entities(&store), before);
    }

    fn two_graphs() -> Store {
        let store = Store::in_memory().unwrap();
        for name in ["a", "b"] {
            let g = NamedNode::new_unchecked(format!("https://w3id.org/edupol/id/doc/{name}"));
            let q = Quad::new(g.clone(), g.clone(), g.clone(), g.clone());
            store.replace_graph(&g, &[q]).unwrap();
        }
        store
    }

    fn count(store: &Store, sparql: &str, options: &QueryOptions) -> usize {
        match store.query_with(sparql, options).unwrap() {
            QueryResults::Solutions(s) => s.count(),
            _ => panic!("not a SELECT"),
        }
    }

    #[test]
    fn the_dataset_is_the_union_unless_the_query_or_options_name_graphs() {
        let store = two_graphs();
        let all = QueryOptions::default();
        assert_eq!(count(&store, "SELECT * { ?s ?p ?o }", &all), 2);
        assert_eq!(
            count(
                &store,
                "SELECT * FROM <https://w3id.org/edupol/id/doc/a> { ?s ?p ?o }",
                &all
            ),
            1
        );
        let only_b = QueryOptions {
            default_graphs: vec![NamedNode::new_unchecked("https://w3id.org/edupol/id/doc/b")],
            ..QueryOptions::default()
        };
        assert_eq!(
            count(
                &store,
                "SELECT * FROM <https://w3id.org/edupol/id/doc/a> { ?s ?p ?o }",
                &only_b
            ),
            1
        );
        let named_a = QueryOptions {
            named_graphs: vec![NamedNode::new_unchecked("https://w3id.org/edupol/id/doc/a")],
            ..QueryOptions::default()
        };
        assert_eq!(
            count(&store, "SELECT * { GRAPH ?g { ?s ?p ?o } }", &named_a),
            1
        );
    }

    #[test]
    fn a_cancelled_query_says_so() {
        let store = two_graphs();
        let token = CancellationToken::new();
        token.cancel();
        let options = QueryOptions {
            cancellation: Some(token),
            ..QueryOptions::default()
        };
        let outcome = store
            .query_with("SELECT * { ?s ?p ?o }", &options)
            .map(|r| match r {
                QueryResults::Solutions(mut s) => s.next().map(|r| r.map(|_| ())),
                _ => None,
            });
        assert!(matches!(
            outcome,
            Err(QueryError::Cancelled) | Ok(Some(Err(QueryEvaluationError::Cancelled)))
        ));
    }

    #[test]
    fn updates_are_told_from_queries() {
        assert!(Store::is_update("INSERT DATA { eduid:a eduid:b eduid:c }"));
        assert!(!Store::is_update("SELECT * { ?s ?p ?o }"));
    }

    #[test]
    fn the_union_is_written_with_each_triple_once() {
        let store = Store::in_memory().unwrap();
        let s = NamedNode::new_unchecked("https://w3id.org/edupol/id/org/x");
        for name in ["a", "b"] {
            let g = NamedNode::new_unchecked(format!("https://w3id.org/edupol/id/doc/{name}"));
            let q = Quad::new(s.clone(), s.clone(), s.clone(), g.clone());
            store.replace_graph(&g, &[q]).unwrap();
        }
        let mut out = Vec::new();
        store.write_union(RdfFormat::NTriples, &mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap().lines().count(), 1);
    }

    /// The union, in every format, reads back as the distinct triples of
    /// all graphs, each once; so does the dataset in the formats without
    /// graphs, while those with graphs keep every quad.
    #[test]
    fn the_union_reads_back_the_same_in_every_format() {
        let store = Store::in_memory().unwrap();
        for name in ["a", "b"] {
            let (graph, quads) = document(name, "University", true);
            store.replace_graph(&graph, &quads).unwrap();
        }
        let quads: HashSet<Quad> = store.quads().unwrap().into_iter().collect();
        let triples: HashSet<Triple> = quads.iter().cloned().map(Triple::from).collect();
        assert!(
            quads.len() > triples.len(),
            "the documents share a statement"
        );
        let json_ld = RdfFormat::JsonLd {
            profile: oxigraph::io::JsonLdProfileSet::empty(),
        };
        let read = |format: RdfFormat, out: &[u8]| -> Vec<Quad> {
            let parsed = RdfParser::from_format(format).for_slice(out);
            parsed.map(Result::unwrap).collect()
        };
        for format in [
            RdfFormat::Turtle,
            RdfFormat::TriG,
            RdfFormat::NTriples,
            RdfFormat::NQuads,
            RdfFormat::RdfXml,
            json_ld,
        ] {
            let mut out = Vec::new();
            store.write_union(format, &mut out).unwrap();
            let union: Vec<Triple> = read(format, &out).into_iter().map(Triple::from).collect();
            assert_eq!(union.len(), triples.len(), "{format}: each triple once");
            assert_eq!(
                union.into_iter().collect::<HashSet<_>>(),
                triples,
                "{format}"
            );

            let mut out = Vec::new();
            store.write_dataset(format, &mut out).unwrap();
            let dataset = read(format, &out);
            if format.supports_datasets() {
                assert_eq!(
                    dataset.into_iter().collect::<HashSet<_>>(),
                    quads,
                    "{format}"
                );
            } else {
                let dataset: Vec<Triple> = dataset.into_iter().map(Triple::from).collect();
                assert_eq!(dataset.len(), triples.len(), "{format}: each triple once");
            }
        }
    }

    /// Exports spilled to disk in runs of a few lines are the exports made
    /// in memory, byte for byte, in every format: sorted, each line once.
    #[test]
    fn exports_in_runs_on_disk_are_the_same_bytes() {
        let store = Store::in_memory().unwrap();
        store.load_ontology().unwrap();
        for name in ["a", "b", "c"] {
            let (graph, quads) = document(name, "University", true);
            store.replace_graph(&graph, &quads).unwrap();
        }
        for format in [
            ExportFormat::Nquads,
            ExportFormat::Ntriples,
            ExportFormat::Turtle,
            ExportFormat::Trig,
        ] {
            let mut whole = Vec::new();
            store.export(format, &mut whole).unwrap();
            let mut spilled = Vec::new();
            store.export_with_runs(format, &mut spilled, 256).unwrap();
            assert!(whole == spilled, "{format:?} differs when spilled");
            if matches!(format, ExportFormat::Nquads | ExportFormat::Ntriples) {
                let text = String::from_utf8(whole).unwrap();
                let lines: Vec<&str> = text.lines().collect();
                assert!(
                    lines.windows(2).all(|w| w[0] < w[1]),
                    "{format:?}: sorted, once"
                );
                let quads = store.quads().unwrap().len();
                if format == ExportFormat::Nquads {
                    assert_eq!(lines.len(), quads);
                } else {
                    assert!(lines.len() < quads, "the graphs' shared triples once");
                }
            }
        }
    }

    #[test]
    fn days_become_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }

    #[test]
    fn the_ontology_loads_into_its_own_graph() {
        let store = Store::in_memory().unwrap();
        store.load_ontology().unwrap();
        assert_eq!(
            store.graph_names().unwrap(),
            [NamedNode::new_unchecked(ONTOLOGY_GRAPH)]
        );
        assert!(!store.is_empty().unwrap());
    }
}
