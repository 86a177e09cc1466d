//! Making the server's graphs equal the store's: which graphs to send, and
//! the threads that send them.
//!
//! A graph's version says whether the server already holds it: for a
//! document graph its source's content hash and the pipeline that read it
//! (what decides its triples, and what `build` itself compares), for any
//! other graph the SHA-256 of its sorted N-Triples.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Instant;

use oxigraph::model::{NamedNode, NamedNodeRef, Quad, Term};
use sha2::{Digest, Sha256};

use super::client::{Client, RetryPolicy, SendError};
use super::ledger::Ledger;
use super::request::{self, GraphLines};
use super::{Endpoint, Protocol};
use crate::store::{Store, StoreError};
use crate::vocab::edu;

/// How to push.
#[derive(Debug, Clone)]
pub struct PushOptions {
    /// Requests in flight at once.
    pub connections: usize,
    /// No request body is larger (but for a single triple that is).
    pub max_request_bytes: usize,
    pub retry: RetryPolicy,
    /// Send every graph, also those the ledger says the server holds.
    pub force: bool,
}

impl Default for PushOptions {
    fn default() -> Self {
        PushOptions {
            connections: 4,
            max_request_bytes: DEFAULT_MAX_REQUEST_BYTES,
            retry: RetryPolicy::default(),
            force: false,
        }
    }
}

/// The default cap on a request's body: large enough that most graphs go
/// in one request, small enough for servers' default limits.
pub const DEFAULT_MAX_REQUEST_BYTES: usize = 8 << 20;

/// What a push did.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct PushSummary {
    pub endpoint: String,
    pub protocol: Protocol,
    /// Graphs written (replaced or created) on the server.
    pub graphs_sent: usize,
    /// Graphs the server already held in this version.
    pub graphs_unchanged: usize,
    /// Graphs removed from the server (the store no longer has them).
    pub graphs_removed: usize,
    /// Graphs that needed more than one try of some request.
    pub graphs_retried: usize,
    pub graphs_failed: usize,
    pub requests: usize,
    pub retries: usize,
    pub triples_sent: usize,
    pub bytes_sent: u64,
    pub seconds: f64,
    pub triples_per_second: f64,
    /// One message per graph not written (or not removed), naming it and why.
    pub failures: Vec<String>,
    /// What to do about the failures, each piece of advice once.
    pub advice: Vec<String>,
    /// Where what the server holds is recorded.
    pub ledger: String,
}

/// A graph to write or remove.
enum Task {
    Replace {
        graph: NamedNode,
        version: String,
        lines: GraphLines,
    },
    Remove {
        graph: String,
    },
}

/// What the sending threads share.
struct Shared {
    endpoint: Endpoint,
    client: Client,
    max_request_bytes: usize,
    ledger: Mutex<Ledger>,
    summary: Mutex<PushSummary>,
    /// Set by an error every other graph would meet too: the rest is
    /// reported, not sent.
    stopped: Mutex<Option<String>>,
    on_graph: Box<dyn Fn(&GraphDone<'_>) + Send + Sync>,
}

/// One graph finished, for progress.
pub struct GraphDone<'a> {
    pub graph: &'a str,
    pub triples: usize,
    pub error: Option<&'a str>,
}

/// Threads sending graphs from a bounded queue.
pub struct Uploader {
    shared: Arc<Shared>,
    sender: Option<SyncSender<Task>>,
    workers: Vec<JoinHandle<()>>,
    /// Graph → version queued in this run, so that comparing the store with
    /// the ledger afterwards does not queue them again.
    queued: Mutex<HashMap<String, String>>,
    force: bool,
    started: Instant,
}

impl Uploader {
    /// Opens the ledger of `endpoint` in `ledger_dir` (the store's folder)
    /// and starts the sending threads.
    pub fn start(
        ledger_dir: &Path,
        endpoint: Endpoint,
        options: &PushOptions,
        on_graph: Box<dyn Fn(&GraphDone<'_>) + Send + Sync>,
    ) -> std::io::Result<Uploader> {
        let ledger = Ledger::open(ledger_dir, &endpoint)?;
        let summary = PushSummary {
            endpoint: endpoint.url().to_string(),
            protocol: endpoint.protocol,
            ledger: ledger.path().display().to_string(),
            ..PushSummary::default()
        };
        let shared = Arc::new(Shared {
            client: Client::new(&endpoint, options.retry),
            endpoint,
            max_request_bytes: options.max_request_bytes,
            ledger: Mutex::new(ledger),
            summary: Mutex::new(summary),
            stopped: Mutex::new(None),
            on_graph,
        });
        let connections = options.connections.max(1);
        let (sender, receiver) = mpsc::sync_channel::<Task>(connections * 2);
        let receiver = Arc::new(Mutex::new(receiver));
        let workers = (0..connections)
            .map(|i| {
                let (shared, receiver) = (Arc::clone(&shared), Arc::clone(&receiver));
                std::thread::Builder::new()
                    .name(format!("edupol-push-{i}"))
                    .spawn(move || work(&shared, &receiver))
                    .expect("spawning a thread")
            })
            .collect();
        Ok(Uploader {
            shared,
            sender: Some(sender),
            workers,
            queued: Mutex::new(HashMap::new()),
            force: options.force,
            started: Instant::now(),
        })
    }

    /// Queues a document graph just built: `quads` are all the document's
    /// (those of other graphs are left for [`Uploader::sync`]). Waits while
    /// the queue is full, so memory stays bounded.
    pub fn document(&self, graph: &NamedNode, quads: &[Quad]) {
        let own: Vec<&Quad> = quads
            .iter()
            .filter(|q| q.graph_name.as_ref() == graph.as_ref().into())
            .collect();
        // The lines are made only if the server does not hold this version.
        let lines = || Ok(GraphLines::new(own.iter().copied()));
        let version = match document_version(graph.as_ref(), own.iter().copied()) {
            Some(version) => version,
            None => hash(&GraphLines::new(own.iter().copied()).lines),
        };
        self.offer(graph.clone(), version, lines)
            .expect("making lines from memory does not fail");
    }

    /// Queues every graph of `store` the server does not hold in its
    /// version, and the removal of every graph the server holds but the
    /// store no longer has.
    pub fn sync(&self, store: &Store) -> Result<(), StoreError> {
        let documents: HashMap<String, String> = store
            .documents()?
            .into_iter()
            .filter_map(|d| {
                let version =
                    record_version(d.content_hash.as_deref()?, d.extracted_with.as_deref()?);
                Some((d.graph.as_str().to_string(), version))
            })
            .collect();
        let graphs = store.graph_names()?;
        for graph in &graphs {
            let name = graph.as_str();
            let read = || -> Result<GraphLines, StoreError> {
                Ok(GraphLines::new(&store.graph_quads(graph.as_ref())?))
            };
            match documents.get(name) {
                Some(version) => self.offer(graph.clone(), version.clone(), read)?,
                None => {
                    let lines = read()?;
                    self.offer(graph.clone(), hash(&lines.lines), || Ok(lines))?;
                }
            }
        }
        let local: HashSet<&str> = graphs.iter().map(NamedNode::as_str).collect();
        let gone: Vec<String> = {
            let ledger = self.shared.ledger.lock().expect("ledger lock");
            ledger
                .graphs()
                .filter(|g| !local.contains(g))
                .map(str::to_string)
                .collect()
        };
        for graph in gone {
            self.send(Task::Remove { graph });
        }
        Ok(())
    }

    /// Queues `graph` in `version` unless the server holds it (or it is
    /// queued already); `lines` is only called when it is sent.
    fn offer(
        &self,
        graph: NamedNode,
        version: String,
        lines: impl FnOnce() -> Result<GraphLines, StoreError>,
    ) -> Result<(), StoreError> {
        {
            let mut queued = self.queued.lock().expect("queue lock");
            if queued.get(graph.as_str()) == Some(&version) {
                return Ok(());
            }
            let held = self
                .shared
                .ledger
                .lock()
                .expect("ledger lock")
                .version(graph.as_str())
                == Some(version.as_str());
            if held && !self.force {
                self.shared
                    .summary
                    .lock()
                    .expect("summary lock")
                    .graphs_unchanged += 1;
                return Ok(());
            }
            queued.insert(graph.as_str().to_string(), version.clone());
        }
        self.send(Task::Replace {
            graph,
            version,
            lines: lines()?,
        });
        Ok(())
    }

    fn send(&self, task: Task) {
        if let Some(sender) = &self.sender {
            // The workers only stop when the sender is dropped.
            let _ = sender.send(task);
        }
    }

    /// Waits for every queued graph, records the ledger, and tells what was
    /// done.
    pub fn finish(mut self) -> std::io::Result<PushSummary> {
        drop(self.sender.take());
        for worker in self.workers.drain(..) {
            let _ = worker.join();
        }
        self.shared.ledger.lock().expect("ledger lock").compact()?;
        let mut summary = self.shared.summary.lock().expect("summary lock").clone();
        summary.graphs_failed = summary.failures.len();
        summary.seconds = self.started.elapsed().as_secs_f64();
        summary.triples_per_second = if summary.seconds > 0.0 {
            summary.triples_sent as f64 / summary.seconds
        } else {
            0.0
        };
        Ok(summary)
    }
}

/// A sending thread: takes tasks until the queue closes.
fn work(shared: &Shared, receiver: &Mutex<Receiver<Task>>) {
    loop {
        let task = match receiver.lock().expect("queue lock").recv() {
            Ok(task) => task,
            Err(_) => return,
        };
        let (graph, triples, result) = match &task {
            Task::Replace { graph, lines, .. } => {
                (graph.as_str(), lines.lines.len(), run(shared, &task))
            }
            Task::Remove { graph } => (graph.as_str(), 0, run(shared, &task)),
        };
        let error = result.err();
        if let Some(message) = &error {
            shared
                .summary
                .lock()
                .expect("summary lock")
                .failures
                .push(match task {
                    Task::Replace { .. } => format!("{graph}: {message}"),
                    Task::Remove { .. } => format!("{graph} (to remove): {message}"),
                });
        }
        (shared.on_graph)(&GraphDone {
            graph,
            triples,
            error: error.as_deref(),
        });
    }
}

/// Sends one task's requests and records the outcome in the ledger.
fn run(shared: &Shared, task: &Task) -> Result<(), String> {
    if let Some(reason) = shared.stopped.lock().expect("stop lock").as_ref() {
        return Err(format!("not sent, since {reason}"));
    }
    let (graph, requests) = match task {
        Task::Replace { graph, lines, .. } => (
            graph.as_str(),
            request::replace_graph(
                &shared.endpoint,
                graph.as_ref(),
                lines,
                shared.max_request_bytes,
            ),
        ),
        Task::Remove { graph } => (
            graph.as_str(),
            vec![request::delete_graph(
                &shared.endpoint,
                NamedNodeRef::new_unchecked(graph),
            )],
        ),
    };
    let ledger_error = |e: std::io::Error| format!("could not record it in the ledger: {e}");
    shared
        .ledger
        .lock()
        .expect("ledger lock")
        .begin(graph)
        .map_err(ledger_error)?;
    let mut retried = false;
    for request in &requests {
        let result = shared.client.send(request);
        let mut summary = shared.summary.lock().expect("summary lock");
        summary.requests += 1;
        match result {
            Ok(sent) => {
                summary.retries += sent.retries as usize;
                retried |= sent.retries > 0;
                summary.triples_sent += request.triples;
                summary.bytes_sent += request.body.len() as u64;
            }
            Err(error) => {
                summary.graphs_retried += usize::from(retried);
                drop(summary);
                return Err(fail(shared, &error));
            }
        }
    }
    let mut ledger = shared.ledger.lock().expect("ledger lock");
    let mut summary = shared.summary.lock().expect("summary lock");
    summary.graphs_retried += usize::from(retried);
    match task {
        Task::Replace { version, .. } => {
            summary.graphs_sent += 1;
            ledger.sent(graph, version).map_err(ledger_error)
        }
        Task::Remove { .. } => {
            summary.graphs_removed += 1;
            ledger.removed(graph).map_err(ledger_error)
        }
    }
}

/// The message for a failed graph (the advice goes to the summary, once);
/// stops the others when they would fail alike.
fn fail(shared: &Shared, error: &SendError) -> String {
    {
        let mut summary = shared.summary.lock().expect("summary lock");
        let hint = error.hint().to_string();
        if !summary.advice.contains(&hint) {
            summary.advice.push(hint);
        }
    }
    let message = error.to_string();
    if error.stops_all() {
        let mut stopped = shared.stopped.lock().expect("stop lock");
        if stopped.is_none() {
            *stopped = Some(format!("an earlier request failed ({error})"));
        }
    }
    message
}

/// A document graph's version, from its own triples: the content hash and
/// pipeline it states (see [`record_version`]).
fn document_version<'a>(
    graph: NamedNodeRef<'_>,
    quads: impl IntoIterator<Item = &'a Quad>,
) -> Option<String> {
    let (mut content, mut pipeline) = (None, None);
    for q in quads {
        if q.subject.as_ref() != graph.into() {
            continue;
        }
        let Term::Literal(value) = &q.object else {
            continue;
        };
        if q.predicate.as_ref() == edu::CONTENT_HASH {
            content = Some(value.value());
        } else if q.predicate.as_ref() == edu::EXTRACTED_WITH {
            pipeline = Some(value.value());
        }
    }
    Some(record_version(content?, pipeline?))
}

/// A document graph's version: what `build` compares to skip a file.
fn record_version(content_hash: &str, extracted_with: &str) -> String {
    format!("document {content_hash} {extracted_with}")
}

/// Any other graph's version: the hash of its sorted N-Triples.
fn hash(lines: &[String]) -> String {
    let mut hasher = Sha256::new();
    for line in lines {
        hasher.update(line.as_bytes());
    }
    let digest: String = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("sha256 {digest}")
}

/// Pushes `store` (kept in `store_dir`, where the ledger lives) to `endpoint`.
pub fn push_store(
    store: &Store,
    store_dir: &Path,
    endpoint: Endpoint,
    options: &PushOptions,
    on_graph: Box<dyn Fn(&GraphDone<'_>) + Send + Sync>,
) -> Result<PushSummary, StoreError> {
    let uploader = Uploader::start(store_dir, endpoint, options, on_graph)?;
    uploader.sync(store)?;
    Ok(uploader.finish()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{GraphName, Literal};

    #[test]
    fn a_document_graph_has_the_version_build_compares() {
        let g = NamedNode::new_unchecked("https://w3id.org/edupol/id/doc/a");
        let name = GraphName::from(g.clone());
        let quads = [
            Quad::new(
                g.clone(),
                edu::CONTENT_HASH,
                Literal::new_simple_literal("abc"),
                name.clone(),
            ),
            Quad::new(
                g.clone(),
                edu::EXTRACTED_WITH,
                Literal::new_simple_literal("p1"),
                name.clone(),
            ),
        ];
        assert_eq!(
            document_version(g.as_ref(), &quads),
            Some(record_version("abc", "p1"))
        );
        assert_eq!(document_version(g.as_ref(), &quads[..1]), None);
    }

    #[test]
    fn other_graphs_are_versioned_by_their_content() {
        let a = vec!["<a> <b> <c> .\n".to_string()];
        let b = vec!["<a> <b> <d> .\n".to_string()];
        assert_ne!(hash(&a), hash(&b));
        assert_eq!(hash(&a), hash(&a.clone()));
    }
}
