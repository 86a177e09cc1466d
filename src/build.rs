//! `edupol build` without the terminal: source files to document graphs in
//! the store.
//!
//! ```text
//! discover ─► read + hash ─► (unchanged? skip) ─► analyze ─► quads ─┐  worker threads (rayon)
//!                                                                   ▼
//!                                         bounded channel ─► one writer ─► store
//! ```
//!
//! Extraction runs on a pool of threads sharing one [`Lexicon`], each taking
//! a few files at a time ([`pipeline::analyze_batch`]); a single
//! writer takes each document's quads from a bounded channel, so memory stays
//! flat however large the corpus. Every document is written atomically: into
//! a store without documents with the bulk loader, batches of whole documents
//! ingested together at the end (batch by batch with one thread); into a
//! store with documents one transaction per document, which
//! replaces its graph. A build that rewrites every document the store holds
//! (after a change of the pipeline, or `--force`) first clears them and then
//! loads as into a fresh store. A build killed at any point therefore leaves
//! each document whole (its old or its new graph) or absent, and rerunning it
//! completes the work.
//!
//! A file is skipped when the store already holds its graph made from the
//! same bytes (`edu:contentHash`) by the same pipeline (`edu:extractedWith`,
//! which changes with the extractors' code, dictionaries and gazetteer).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Instant;

use oxigraph::model::{GraphName, NamedNode, Quad};
use rayon::prelude::*;

use crate::extract::Lexicon;
use crate::pipeline;
use crate::read::{self, ReadError};
use crate::store::{self, DocumentRecord, LoadCounts, Store, StoreError};
use crate::triples::{self, SourceInfo};
use crate::vocab::ENTITIES_GRAPH;

/// Quads per bulk-loader batch into a fresh store, with several threads
/// (whole documents, about 80 at 1,500 quads each). Oxigraph's loader
/// builds each batch's index files on a thread of its own while the
/// analysis goes on, and holds them until the one ingestion at the end:
/// smaller batches leave less of that work once the analysis ends, and
/// fewer quads in memory. Against 250k: 1k documents in 10.2–11.9 s
/// instead of 11.5–13.9 s, peak RSS 610 MB instead of 820–970; 10k in
/// 144 s instead of 141 s (a longer compaction), 790 MB instead of 1,070
/// (BENCHMARKS.md, "The end of a bulk load").
pub const BULK_BATCH_QUADS: usize = 125_000;

/// Quads per bulk-loader batch with one thread, whose load commits each
/// batch when it is full ([`store::BulkLoad::is_deferred`]): fewer commits leave RocksDB less to merge. 125k took
/// 18.3–20.4 s on 1k documents against 17.6–18.3 s.
pub const BULK_BATCH_QUADS_ONE_THREAD: usize = 250_000;

/// The default limit on the size of one file. The pipeline runs at about
/// two megabytes a second on one long document (a 12 MB file: 5 s on one
/// thread) and holds its graph in memory: larger files are almost always
/// several documents glued together, better split.
pub const DEFAULT_MAX_FILE_MIB: u64 = 32;

/// How many analysed documents may wait for the writer, per worker thread.
const QUEUE_PER_THREAD: usize = 4;

/// How to build.
#[derive(Debug, Clone)]
pub struct Options {
    /// Extraction threads; 0 means one per core. With 1, everything runs on
    /// the calling thread, one file after another.
    pub threads: usize,
    /// Stop at the first file that cannot be built (documents already
    /// written stay, each whole).
    pub strict: bool,
    /// Remove the graphs of documents whose file is not among the inputs.
    pub prune: bool,
    /// Rebuild every file, even those whose graph is up to date.
    pub force: bool,
    /// Compact the store after a bulk load in several batches (see
    /// [`Store::compact`]).
    pub compact: bool,
    /// Quads per bulk batch (for tuning and tests; `None`:
    /// [`BULK_BATCH_QUADS`], or [`BULK_BATCH_QUADS_ONE_THREAD`] with one
    /// thread).
    pub batch_quads: Option<usize>,
    /// Files larger than this many bytes are refused unread.
    pub max_file_size: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            threads: 0,
            strict: false,
            prune: false,
            force: false,
            compact: true,
            batch_quads: None,
            max_file_size: DEFAULT_MAX_FILE_MIB << 20,
        }
    }
}

/// What happened to one input, as the build goes (for progress and logs).
#[derive(Debug)]
pub enum Event<'a> {
    /// Before any other: how many input files there are.
    Found {
        files: usize,
    },
    /// A document's quads, as they go to the store (for `--endpoint`).
    Document {
        graph: &'a NamedNode,
        quads: &'a [Quad],
    },
    Built {
        file: &'a Path,
        quads: usize,
    },
    Skipped {
        file: &'a Path,
    },
    Failed {
        message: &'a str,
    },
    Pruned {
        graph: &'a str,
    },
    /// After a bulk load in several batches, before the store is compacted
    /// (seconds per million quads: worth a word on a terminal).
    Compacting,
    /// Before a build that rewrites every document clears them, to load
    /// them in bulk (see [`Store::clear_documents`]).
    Clearing,
}

/// What a build did.
#[derive(Debug, Default, serde::Serialize)]
pub struct Summary {
    /// Input files found.
    pub files_found: usize,
    pub files_built: usize,
    /// Unchanged since the last build (same bytes, same pipeline).
    pub files_skipped: usize,
    pub files_failed: usize,
    /// Document graphs removed by `--prune`.
    pub graphs_pruned: usize,
    pub quads_written: usize,
    pub articles: usize,
    pub threads: usize,
    pub seconds: f64,
    /// One message per input that could not be built, naming it and why.
    pub failures: Vec<String>,
    /// The graphs `--prune` removed.
    pub pruned: Vec<String>,
    /// The documents were bulk-loaded: into a store without documents, or
    /// into one cleared of them because this build rewrote every one.
    pub bulk: bool,
    /// The store was compacted after a bulk load in several batches.
    pub compacted: bool,
    /// `--strict` stopped the build at the first failure.
    pub stopped: bool,
    /// Why `--prune` removed nothing although asked to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prune_skipped: Option<String>,
}

/// One input file and the graph it becomes.
struct Job {
    path: PathBuf,
    graph: NamedNode,
}

/// What a worker made of one job.
enum Outcome {
    Built {
        path: PathBuf,
        graph: NamedNode,
        quads: Vec<Quad>,
        articles: usize,
    },
    Skipped {
        path: PathBuf,
    },
    Failed {
        message: String,
    },
}

/// Builds `paths` (files, and folders searched for `*.txt`) into `store`.
///
/// Returns the summary also when files failed (see `Summary::failures`);
/// an error means the store itself could not be written.
pub fn run(
    paths: &[PathBuf],
    store: &Store,
    lexicon: &Lexicon,
    options: &Options,
    on_event: &mut dyn FnMut(Event<'_>),
) -> Result<Summary, StoreError> {
    let started = Instant::now();
    let threads = if options.threads == 0 {
        std::thread::available_parallelism().map_or(1, usize::from)
    } else {
        options.threads
    };
    let mut summary = Summary {
        threads,
        ..Summary::default()
    };
    let (files, discovery_errors) = read::discover(paths);
    summary.files_found = files.len();
    on_event(Event::Found { files: files.len() });
    for e in &discovery_errors {
        fail(&mut summary, on_event, e.to_string());
    }
    if options.strict && !summary.failures.is_empty() {
        summary.stopped = true;
        return Ok(finish(summary, started));
    }
    let (jobs, clashes) = jobs(files);
    for message in clashes {
        fail(&mut summary, on_event, message);
        if options.strict {
            summary.stopped = true;
            return Ok(finish(summary, started));
        }
    }
    let existing: HashMap<String, DocumentRecord> = store
        .documents()?
        .into_iter()
        .map(|d| (d.graph.as_str().to_string(), d))
        .collect();
    let pipeline = triples::extracted_with();
    let pool = (threads > 1)
        .then(|| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .thread_name(|i| format!("edupol-extract-{i}"))
                .build()
                .map_err(|e| StoreError::Io(std::io::Error::other(e)))
        })
        .transpose()?;
    let rewrite_all = rewrites_every_document(
        &jobs,
        &existing,
        &pipeline,
        options,
        discovery_errors.is_empty(),
        pool.as_ref(),
    );
    let no_records = HashMap::new();
    if rewrite_all {
        on_event(Event::Clearing);
        let documents: HashSet<&str> = existing.keys().map(String::as_str).collect();
        store.clear_documents(&documents)?;
    }
    let context = Context {
        lexicon,
        // Cleared: every input is built anew.
        existing: if rewrite_all { &no_records } else { &existing },
        pipeline: &pipeline,
        force: options.force,
        max_file_size: options.max_file_size,
    };
    summary.bulk = existing.is_empty() || rewrite_all;
    let mut writer = Writer::new(store, summary.bulk, threads, options.batch_quads);
    let stop = AtomicBool::new(false);
    let mut accept = |outcome: Outcome, summary: &mut Summary| -> Result<(), StoreError> {
        match outcome {
            Outcome::Built {
                path,
                graph,
                quads,
                articles,
            } => {
                let count = quads.len();
                on_event(Event::Document {
                    graph: &graph,
                    quads: &quads,
                });
                writer.write(&graph, quads)?;
                summary.files_built += 1;
                summary.quads_written += count;
                summary.articles += articles;
                on_event(Event::Built {
                    file: &path,
                    quads: count,
                });
            }
            Outcome::Skipped { path } => {
                summary.files_skipped += 1;
                on_event(Event::Skipped { file: &path });
            }
            Outcome::Failed { message } => {
                fail(summary, on_event, message);
                if options.strict {
                    summary.stopped = true;
                    stop.store(true, Ordering::Relaxed);
                }
            }
        }
        Ok(())
    };
    if let Some(pool) = pool {
        let (sender, receiver) = mpsc::sync_channel(threads * QUEUE_PER_THREAD);
        std::thread::scope(|scope| -> Result<(), StoreError> {
            let (jobs, context, stop) = (&jobs, &context, &stop);
            scope.spawn(move || {
                pool.install(|| {
                    let batch = batch_size(jobs.len(), threads);
                    jobs.par_chunks(batch)
                        .for_each_with(sender, |sender, batch| {
                            if !stop.load(Ordering::Relaxed) {
                                // The writer has gone only after an error or
                                // `--strict`: the remaining work is dropped.
                                context.process(batch, &mut |outcome| sender.send(outcome).is_ok());
                            }
                        });
                });
            });
            for outcome in receiver {
                if let Err(e) = accept(outcome, &mut summary) {
                    stop.store(true, Ordering::Relaxed);
                    return Err(e);
                }
                if stop.load(Ordering::Relaxed) {
                    break;
                }
            }
            Ok(())
        })?;
    } else {
        let mut failed = None;
        for batch in jobs.chunks(batch_size(jobs.len(), threads)) {
            context.process(batch, &mut |outcome| {
                if stop.load(Ordering::Relaxed) {
                    return false;
                }
                match accept(outcome, &mut summary) {
                    Ok(()) => true,
                    Err(e) => {
                        failed = Some(e);
                        false
                    }
                }
            });
            if stop.load(Ordering::Relaxed) || failed.is_some() {
                break;
            }
        }
        if let Some(e) = failed {
            return Err(e);
        }
    }
    let (compact, loaded) = writer.finish()?;
    if options.prune && !summary.stopped {
        prune(
            store,
            &jobs,
            &existing,
            &discovery_errors,
            &mut summary,
            on_event,
        )?;
    }
    let describe = summary.files_built > 0 || summary.graphs_pruned > 0 || !store.is_described()?;
    let compact = compact && options.compact;
    // Before the description: its counts read the compacted indexes.
    if compact {
        on_event(Event::Compacting);
        store.compact()?;
    }
    // Not after a prune: removing a graph changes the entities graph's
    // count, and which subjects each class has.
    let loaded = loaded.filter(|_| summary.graphs_pruned == 0);
    if let Some(counts) = &loaded {
        store.record_counts(counts)?;
    }
    if describe {
        store.describe_dataset(loaded)?;
    }
    store.flush();
    summary.compacted = compact;
    Ok(finish(summary, started))
}

fn finish(mut summary: Summary, started: Instant) -> Summary {
    summary.files_failed = summary.failures.len();
    summary.seconds = started.elapsed().as_secs_f64();
    summary
}

fn fail(summary: &mut Summary, on_event: &mut dyn FnMut(Event<'_>), message: String) {
    on_event(Event::Failed { message: &message });
    summary.failures.push(message);
}

/// One job per file; a file whose graph name another file already took is
/// refused, since one would silently replace the other.
fn jobs(files: Vec<PathBuf>) -> (Vec<Job>, Vec<String>) {
    let mut taken: HashMap<String, PathBuf> = HashMap::new();
    let mut jobs = Vec::with_capacity(files.len());
    let mut clashes = Vec::new();
    for path in files {
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into(),
        );
        let graph = triples::document_iri(&name);
        if let Some(first) = taken.get(graph.as_str()) {
            clashes.push(format!(
                "{}: its graph {} is already that of {}; a graph is named after the file \
                 name without folder and extension, so rename one of them",
                path.display(),
                graph,
                first.display()
            ));
            continue;
        }
        taken.insert(graph.as_str().to_string(), path.clone());
        jobs.push(Job { path, graph });
    }
    (jobs, clashes)
}

/// Whether this build replaces every document the store holds, so that
/// clearing them and bulk-loading the new graphs, as into a fresh store,
/// loses nothing: each stored document has an input extracted by another
/// pipeline (the extractors, dictionaries or gazetteer changed) or
/// `--force` is given, or it goes with `--prune`; and every input reads, for
/// a file that failed would otherwise lose its old graph (each input is read
/// twice then, a tenth of a second per thousand files). One transaction
/// per document would replace them at a fraction of the bulk loader's speed
/// (BENCHMARKS.md, "Rebuilding every document").
fn rewrites_every_document(
    jobs: &[Job],
    existing: &HashMap<String, DocumentRecord>,
    pipeline: &str,
    options: &Options,
    searched_all: bool,
    pool: Option<&rayon::ThreadPool>,
) -> bool {
    if existing.is_empty() {
        return false;
    }
    let inputs: HashSet<&str> = jobs.iter().map(|j| j.graph.as_str()).collect();
    let all_stale = existing.values().all(|record| {
        if inputs.contains(record.graph.as_str()) {
            options.force || record.extracted_with.as_deref() != Some(pipeline)
        } else {
            options.prune && searched_all
        }
    });
    let reads = |job: &Job| read::read_at_most(&job.path, options.max_file_size).is_ok();
    all_stale
        && match pool {
            Some(pool) => pool.install(|| jobs.par_iter().all(reads)),
            None => jobs.iter().all(reads),
        }
}

/// What every worker shares.
struct Context<'a> {
    lexicon: &'a Lexicon,
    existing: &'a HashMap<String, DocumentRecord>,
    pipeline: &'a str,
    force: bool,
    max_file_size: u64,
}

impl Context<'_> {
    /// Reads a batch of files and analyses those not up to date, together
    /// ([`pipeline::analyze_batch`]), and hands `emit` an outcome a file, in
    /// order, until it returns false. A group is analysed as soon as it holds
    /// [`pipeline::BATCH_BYTES`] of text, and its outcomes are emitted before
    /// the next file is read, so a worker holds at most that much text and
    /// one more file. Pure but for reading.
    fn process(&self, jobs: &[Job], emit: &mut dyn FnMut(Outcome) -> bool) {
        let mut group: Vec<(&Job, Result<read::SourceText, Outcome>)> = Vec::new();
        let mut bytes = 0;
        for (i, job) in jobs.iter().enumerate() {
            let source = self.read(job);
            bytes += source.as_ref().map_or(0, |s| s.text.len());
            group.push((job, source));
            if bytes >= pipeline::BATCH_BYTES || i + 1 == jobs.len() {
                if !self.analyze_group(std::mem::take(&mut group), emit) {
                    return;
                }
                bytes = 0;
            }
        }
    }

    /// Analyses the sources of `group` together and emits every outcome in
    /// order; false once `emit` has returned false.
    fn analyze_group(
        &self,
        group: Vec<(&Job, Result<read::SourceText, Outcome>)>,
        emit: &mut dyn FnMut(Outcome) -> bool,
    ) -> bool {
        let texts: Vec<(&str, &str)> = group
            .iter()
            .filter_map(|(_, source)| source.as_ref().ok())
            .map(|s| (s.file_name.as_str(), s.text.as_str()))
            .collect();
        let mut docs = pipeline::analyze_batch(&texts, self.lexicon).into_iter();
        for (job, source) in group {
            let outcome = match source {
                Err(outcome) => outcome,
                Ok(source) => {
                    let doc = docs.next().expect("a document for every source");
                    let info = SourceInfo {
                        sha256: Some(source.sha256),
                        extracted_with: Some(self.pipeline.to_string()),
                    };
                    Outcome::Built {
                        path: job.path.clone(),
                        graph: job.graph.clone(),
                        quads: triples::document_quads(&doc, &info, self.lexicon),
                        articles: doc.articles.len(),
                    }
                }
            };
            if !emit(outcome) {
                return false;
            }
        }
        true
    }

    /// The file's text, unless it fails to read or is up to date.
    fn read(&self, job: &Job) -> Result<read::SourceText, Outcome> {
        let source =
            read::read_at_most(&job.path, self.max_file_size).map_err(|e| Outcome::Failed {
                message: e.to_string(),
            })?;
        if !self.force {
            if let Some(record) = self.existing.get(job.graph.as_str()) {
                if record.content_hash.as_deref() == Some(source.sha256.as_str())
                    && record.extracted_with.as_deref() == Some(self.pipeline)
                {
                    return Err(Outcome::Skipped {
                        path: job.path.clone(),
                    });
                }
            }
        }
        Ok(source)
    }
}

/// Jobs a worker takes at a time: [`pipeline::BATCH_DOCUMENTS`], or fewer so
/// that each thread has several batches to balance the load with.
fn batch_size(jobs: usize, threads: usize) -> usize {
    (jobs / (threads * 4)).clamp(1, pipeline::BATCH_DOCUMENTS)
}

/// The single writer: bulk batches into a store without documents (see
/// [`store::BulkLoad`]: with several threads their index files are built
/// beside the writer and ingested together at the end; with one, each batch
/// is committed when full, on the writer's thread), transactions otherwise.
/// A batch holds whole documents and a commit is atomic, so a kill leaves
/// every document whole or absent.
struct Writer<'a> {
    store: &'a Store,
    /// The bulk load (`None`: transactions).
    load: Option<store::BulkLoad<'a>>,
    /// The quads waiting for the next batch.
    batch: Vec<Quad>,
    /// The entities-graph quads written so far in bulk: many documents
    /// state each, it is loaded once.
    shared: HashSet<Quad, foldhash::fast::RandomState>,
    entities: GraphName,
    /// Quads per batch.
    batch_quads: usize,
}

impl<'a> Writer<'a> {
    /// `batch_quads`: `None` for the size that suits the load, deferred
    /// or committed batch by batch.
    fn new(
        store: &'a Store,
        fresh: bool,
        threads: usize,
        batch_quads: Option<usize>,
    ) -> Writer<'a> {
        let load = fresh.then(|| store.bulk_load(threads));
        let batch_quads = batch_quads.unwrap_or(match &load {
            Some(load) if !load.is_deferred() => BULK_BATCH_QUADS_ONE_THREAD,
            _ => BULK_BATCH_QUADS,
        });
        Writer {
            store,
            load,
            batch: Vec::new(),
            shared: HashSet::default(),
            entities: NamedNode::new_unchecked(ENTITIES_GRAPH).into(),
            batch_quads: batch_quads.max(1),
        }
    }

    fn write(&mut self, graph: &NamedNode, quads: Vec<Quad>) -> Result<(), StoreError> {
        let Some(load) = &mut self.load else {
            return self.store.write_document(graph, &quads);
        };
        for quad in quads.into_iter().filter(store::is_written_with_document) {
            let shared = quad.graph_name.as_ref() == self.entities.as_ref();
            // Cloned only the first time: most are seen again.
            if !shared || (!self.shared.contains(&quad) && self.shared.insert(quad.clone())) {
                self.batch.push(quad);
            }
        }
        if self.batch.len() >= self.batch_quads {
            load.add(std::mem::take(&mut self.batch))?;
        }
        Ok(())
    }

    /// Adds what is left and commits the bulk load. Returns whether the
    /// store should be compacted (after a bulk load in several batches,
    /// whose index files overlap, see [`Store::compact`]) and the counts of
    /// the graphs it loaded.
    fn finish(mut self) -> Result<(bool, Option<LoadCounts>), StoreError> {
        let Some(mut load) = self.load.take() else {
            return Ok((false, None));
        };
        if !self.batch.is_empty() {
            load.add(std::mem::take(&mut self.batch))?;
        }
        let (batches, counts) = load.commit()?;
        Ok((batches > 1, Some(counts)))
    }
}

/// Removes the graphs of documents that are in the store but whose file was
/// not among the inputs. Not when an input path was missing or unreadable:
/// its documents would all look removed.
fn prune(
    store: &Store,
    jobs: &[Job],
    existing: &HashMap<String, DocumentRecord>,
    discovery_errors: &[ReadError],
    summary: &mut Summary,
    on_event: &mut dyn FnMut(Event<'_>),
) -> Result<(), StoreError> {
    if !discovery_errors.is_empty() {
        summary.prune_skipped = Some(
            "not pruning: some input paths could not be searched (see above), so their \
             documents would look removed"
                .to_string(),
        );
        return Ok(());
    }
    let current: HashSet<&str> = jobs.iter().map(|j| j.graph.as_str()).collect();
    let mut gone: Vec<&DocumentRecord> = existing
        .values()
        .filter(|d| !current.contains(d.graph.as_str()))
        .collect();
    gone.sort_by(|a, b| a.graph.as_str().cmp(b.graph.as_str()));
    for record in gone {
        store.remove_document(&record.graph)?;
        summary.graphs_pruned += 1;
        summary.pruned.push(record.graph.as_str().to_string());
        on_event(Event::Pruned {
            graph: record.graph.as_str(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::batch_size;

    #[test]
    fn batches_leave_every_thread_work_to_balance() {
        assert_eq!(batch_size(1000, 2), crate::pipeline::BATCH_DOCUMENTS);
        // 60 files on 2 threads: 8 batches, not 4 of 16.
        assert_eq!(batch_size(60, 2), 7);
        assert_eq!(batch_size(3, 2), 1);
        assert_eq!(batch_size(0, 1), 1);
    }
}
