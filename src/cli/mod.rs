//! The commands behind the command line. `main.rs` only parses and exits.

pub mod args;
mod explain;
mod progress;
mod stats;
mod table;
mod validate;

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};

use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::QueryResults;

pub use args::{Cli, Command};
use args::{RemoteArgs, ResultFormat};

use crate::extract::Lexicon;
use crate::read;
use crate::remote::{Auth, Endpoint, PushOptions, PushSummary};
use crate::store::{ExportFormat, QueryError, Store, StoreError};
use crate::triples::{self, SourceInfo};
use crate::vocab::PREFIXES;

/// How a command failed, which decides the exit status.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    /// The user asked for something malformed (exit 2).
    #[error("{0}")]
    Usage(String),
    /// The work could not be done, or not all of it (exit 1).
    #[error("{0}")]
    Failed(String),
}

impl Failure {
    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::Usage(_) => 2,
            Failure::Failed(_) => 1,
        }
    }
}

impl From<crate::store::StoreError> for Failure {
    fn from(e: crate::store::StoreError) -> Self {
        match e {
            crate::store::StoreError::Query(QueryError::Syntax(m)) => Failure::Usage(m),
            e => Failure::Failed(e.to_string()),
        }
    }
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Failure::Failed(format!("cannot write the output: {e}"))
    }
}

pub fn run(cli: Cli) -> Result<(), Failure> {
    match cli.command {
        Command::Build {
            paths,
            store,
            threads,
            strict,
            prune,
            force,
            no_compact,
            batch_quads,
            max_file_size,
            quiet,
            json,
            endpoint,
            remote,
        } => build(
            &paths,
            &store.path,
            BuildFlags {
                options: crate::build::Options {
                    threads,
                    strict,
                    prune,
                    force,
                    compact: !no_compact,
                    batch_quads: batch_quads.map(|n| usize::try_from(n).unwrap_or(usize::MAX)),
                    max_file_size: max_file_size << 20,
                },
                quiet,
                json,
                remote: endpoint
                    .map(|url| remote_target(&url, &remote, false))
                    .transpose()?,
            },
        ),
        Command::Push {
            endpoint,
            store,
            remote,
            force,
            quiet,
            json,
        } => push(
            &store.path,
            remote_target(&endpoint, &remote, force)?,
            quiet,
            json,
        ),
        Command::Query {
            query,
            bind,
            format,
            explain,
            store,
        } => run_query(&query, &bind, format, explain, &store.path),
        Command::Export {
            format,
            output,
            split,
            store,
        } => match split {
            Some(per_file) => export_split(format, output.as_deref(), per_file, &store.path),
            None => export(format, output.as_deref(), &store.path),
        },
        Command::Eval {
            gold,
            graph,
            misses,
            json,
            min,
            store,
        } => eval(&gold, graph.as_deref(), &store.path, misses, json, &min),
        Command::Extract { file, format } => extract(&file, format),
        Command::Serve {
            store,
            bind,
            timeout,
            base_iri,
            max_rows,
            allow_service,
        } => serve(
            store.path,
            &bind,
            timeout,
            base_iri,
            crate::serve::Limits {
                max_rows: usize::try_from(max_rows).unwrap_or(usize::MAX),
                allow_service,
            },
        ),
        Command::Stats { store, json, top } => stats::run(&store.path, json, top),
        Command::Validate { store, json } => validate::run(&store.path, json),
    }
}

fn serve(
    store: PathBuf,
    bind: &str,
    timeout: u64,
    base_iri: String,
    limits: crate::serve::Limits,
) -> Result<(), Failure> {
    use std::net::ToSocketAddrs;
    let bind = bind
        .to_socket_addrs()
        .ok()
        .and_then(|mut addrs| addrs.next())
        .ok_or_else(|| {
            Failure::Usage(format!(
                "--bind {bind:?} is not an address and port; give one such as 127.0.0.1:7878 \
                 (or 127.0.0.1:0 for any free port)"
            ))
        })?;
    if oxigraph::model::NamedNode::new(&base_iri).is_err()
        || !(base_iri.ends_with('/') || base_iri.ends_with('#'))
    {
        return Err(Failure::Usage(format!(
            "--base-iri {base_iri:?} must be an absolute IRI ending with / or #, \
             such as https://example.org/edupol/id/"
        )));
    }
    crate::serve::run(crate::serve::Config {
        store,
        bind,
        timeout: std::time::Duration::from_secs(timeout),
        base_iri,
        max_rows: limits.max_rows,
        allow_service: limits.allow_service,
    })
    .map_err(|e| Failure::Failed(e.to_string()))
}

/// `edupol build`: runs [`crate::build`] with a progress bar and prints the
/// summary.
fn build(paths: &[PathBuf], store_path: &Path, options: BuildFlags) -> Result<(), Failure> {
    let BuildFlags {
        options,
        quiet,
        json,
        remote,
    } = options;
    let store = Store::open(store_path)?;
    store.load_ontology()?;
    let lexicon = Lexicon::load();
    store.load_gazetteer(&lexicon.gazetteer)?;
    // Documents stream to the server as they are built; the rest (shared
    // entities, description, removals) follows the build.
    let uploader = remote
        .map(|(endpoint, options)| {
            crate::remote::Uploader::start(store_path, endpoint, &options, Box::new(|_| {}))
        })
        .transpose()
        .map_err(|e| ledger_failure(store_path, &e))?;
    let mut bar = progress::Progress::new(0, !quiet && io::stderr().is_terminal());
    let mut on_event = |event: crate::build::Event<'_>| match event {
        crate::build::Event::Document { graph, quads } => {
            if let Some(uploader) = &uploader {
                uploader.document(graph, quads);
            }
        }
        crate::build::Event::Built { quads, .. } => bar.file_done(quads),
        crate::build::Event::Skipped { .. } => bar.file_done(0),
        crate::build::Event::Failed { message } => bar.file_failed(&format!("edupol: {message}")),
        crate::build::Event::Pruned { graph } => {
            if !quiet {
                bar.note(&format!("pruned {graph}"));
            }
        }
        crate::build::Event::Found { files } => bar.set_total(files),
        crate::build::Event::Compacting => bar.status("compacting the store for faster queries…"),
        crate::build::Event::Clearing => {
            bar.status("every document is rebuilt: clearing them to load them in bulk…")
        }
    };
    let summary = crate::build::run(paths, &store, &lexicon, &options, &mut on_event)?;
    bar.finish();
    let pushed = match uploader {
        Some(uploader) => {
            uploader.sync(&store)?;
            Some(
                uploader
                    .finish()
                    .map_err(|e| ledger_failure(store_path, &e))?,
            )
        }
        None => None,
    };
    if json {
        let mut value = serde_json::to_value(&summary).expect("a summary serializes");
        if let Some(pushed) = &pushed {
            value["push"] = serde_json::to_value(pushed).expect("a summary serializes");
        }
        println!(
            "{}",
            serde_json::to_string_pretty(&value).expect("JSON prints")
        );
    } else if !quiet {
        eprintln!("{}", summary_line(&summary, store_path));
        if let Some(reason) = &summary.prune_skipped {
            eprintln!("edupol: {reason}");
        }
    }
    // Reported after the build's own failures, which come first.
    let pushed = pushed.map_or(Ok(()), |p| report_push(&p, quiet || json));
    if summary.stopped {
        return Err(Failure::Failed(format!(
            "stopped at the first input that could not be built (--strict): {}",
            summary.failures.first().map_or("", String::as_str)
        )));
    }
    if summary.files_failed > 0 {
        return Err(Failure::Failed(format!(
            "{} of {} input(s) could not be built (see above)",
            summary.files_failed,
            summary.files_failed + summary.files_built + summary.files_skipped
        )));
    }
    if summary.files_found == 0 {
        return Err(Failure::Failed(
            "no *.txt files found in the given paths".to_string(),
        ));
    }
    pushed
}

/// The flags of `build` beyond paths and store.
struct BuildFlags {
    options: crate::build::Options,
    quiet: bool,
    json: bool,
    /// `--endpoint`: the server to write into as well.
    remote: Option<(Endpoint, PushOptions)>,
}

/// The server and how to push to it, from `--endpoint` and [`RemoteArgs`].
fn remote_target(
    url: &str,
    args: &RemoteArgs,
    force: bool,
) -> Result<(Endpoint, PushOptions), Failure> {
    let auth = match (&args.user, &args.password, &args.token) {
        (_, _, Some(token)) => Some(Auth::Bearer(token.clone())),
        (Some(user), Some(password), None) => Some(Auth::Basic {
            user: user.clone(),
            password: password.clone(),
        }),
        (Some(_), None, None) => {
            return Err(Failure::Usage(
                "--user needs a password: set EDUPOL_PASSWORD (or give --password)".to_string(),
            ))
        }
        (None, Some(_), None) => {
            return Err(Failure::Usage(
                "a password (--password or EDUPOL_PASSWORD) was given without --user \
                 (or EDUPOL_USER)"
                    .to_string(),
            ))
        }
        (None, None, None) => None,
    };
    let endpoint = Endpoint::new(url, args.protocol, auth).map_err(Failure::Usage)?;
    let options = PushOptions {
        connections: usize::from(args.connections),
        max_request_bytes: usize::try_from(args.max_request).unwrap_or(usize::MAX),
        retry: crate::remote::client::RetryPolicy {
            retries: args.retries,
            first_wait: std::time::Duration::from_millis(args.retry_wait),
            ..Default::default()
        },
        force,
    };
    Ok((endpoint, options))
}

/// The ledger of a server could not be read or written.
fn ledger_failure(store_path: &Path, e: &io::Error) -> Failure {
    Failure::Failed(format!(
        "cannot keep the record of what the server holds in {}: {e}",
        store_path.join(crate::remote::ledger::FOLDER).display()
    ))
}

/// `edupol push`: the store's graphs into a server.
fn push(
    store_path: &Path,
    (endpoint, options): (Endpoint, PushOptions),
    quiet: bool,
    json: bool,
) -> Result<(), Failure> {
    let store = Store::open_read_only(store_path)?;
    let live = !quiet && !json && io::stderr().is_terminal();
    let progress = std::sync::Mutex::new((0usize, 0usize, std::time::Instant::now()));
    // On a terminal, a line every few seconds: a push can take long.
    let on_graph = move |done: &crate::remote::push::GraphDone<'_>| {
        let mut state = progress.lock().expect("progress lock");
        state.0 += 1;
        state.1 += done.triples;
        if live && state.2.elapsed() >= std::time::Duration::from_secs(2) {
            state.2 = std::time::Instant::now();
            eprintln!("edupol: {} graph(s), {} triples so far", state.0, state.1);
        }
    };
    let summary =
        crate::remote::push_store(&store, store_path, endpoint, &options, Box::new(on_graph))?;
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&summary).expect("a summary serializes")
        );
    }
    report_push(&summary, quiet || json)
}

/// Prints a push's summary line (unless `quiet`) and every failure; exit
/// status 1 when a graph was not written.
fn report_push(summary: &PushSummary, quiet: bool) -> Result<(), Failure> {
    for failure in &summary.failures {
        eprintln!("edupol: not written: {failure}");
    }
    for advice in &summary.advice {
        eprintln!("edupol: {advice}");
    }
    if !quiet {
        eprintln!("{}", push_line(summary));
    }
    if summary.graphs_failed > 0 {
        return Err(Failure::Failed(format!(
            "{} graph(s) could not be written to {} (listed above); run the same command \
             again to send them: what the server holds is recorded in {}",
            summary.graphs_failed, summary.endpoint, summary.ledger
        )));
    }
    Ok(())
}

/// `pushed 7 graph(s) to URL (gsp): 1,234 triples, 0.4 MiB in 0.5 s (2,468 triples/s); …`
fn push_line(summary: &PushSummary) -> String {
    let protocol = match summary.protocol {
        crate::remote::Protocol::GraphStore => "Graph Store Protocol",
        crate::remote::Protocol::Update => "SPARQL Update",
    };
    let mut line = format!(
        "pushed {} graph(s) to {} ({protocol}): {} triples, {:.1} MiB in {:.1} s ({:.0} triples/s)",
        summary.graphs_sent,
        summary.endpoint,
        summary.triples_sent,
        summary.bytes_sent as f64 / f64::from(1 << 20),
        summary.seconds,
        summary.triples_per_second
    );
    for (n, what) in [
        (summary.graphs_unchanged, "unchanged, not sent"),
        (summary.graphs_removed, "removed"),
        (summary.graphs_retried, "retried"),
        (summary.graphs_failed, "failed"),
    ] {
        if n > 0 {
            line.push_str(&format!("; {n} {what}"));
        }
    }
    line
}

/// `built 4 file(s) into edupol.db (2 unchanged, skipped): 52 articles, …`
fn summary_line(summary: &crate::build::Summary, store_path: &Path) -> String {
    let mut line = format!(
        "built {} file(s) into {}",
        summary.files_built,
        store_path.display()
    );
    if summary.files_skipped > 0 {
        line.push_str(&format!(" ({} unchanged, skipped)", summary.files_skipped));
    }
    line.push_str(&format!(
        ": {} articles, {} quads in {:.1} s on {} thread(s)",
        summary.articles, summary.quads_written, summary.seconds, summary.threads
    ));
    if summary.graphs_pruned > 0 {
        line.push_str(&format!("; pruned {} document(s)", summary.graphs_pruned));
    }
    if summary.files_failed > 0 {
        line.push_str(&format!(
            "; {} input(s) failed (see above)",
            summary.files_failed
        ));
    }
    line
}

/// The query text: the argument itself, or the file it names after `@`.
fn query_text(arg: &str) -> Result<String, Failure> {
    match arg.strip_prefix('@') {
        Some(path) => std::fs::read_to_string(path)
            .map_err(|e| Failure::Usage(format!("cannot read the query file {path}: {e}"))),
        None => Ok(arg.to_string()),
    }
}

fn run_query(
    arg: &str,
    bindings: &[(String, String)],
    format: ResultFormat,
    explain: bool,
    store_path: &Path,
) -> Result<(), Failure> {
    let mut text = query_text(arg)?;
    if !bindings.is_empty() {
        text =
            crate::query_slots::bind(&text, bindings).map_err(|e| Failure::Usage(e.to_string()))?;
    }
    let store = Store::open_read_only(store_path)?;
    let failure = |e| match e {
        QueryError::Syntax(m) => Failure::Usage(m),
        e => Failure::Failed(e.to_string()),
    };
    let (results, explanation) = if explain {
        let (results, explanation) = store.query_explained(&text).map_err(failure)?;
        (results, Some(explanation))
    } else {
        (store.query(&text).map_err(failure)?, None)
    };
    let stdout = io::stdout().lock();
    let mut out = BufWriter::new(stdout);
    write_results(results, format, &mut out)?;
    out.flush()?;
    // Its statistics are complete once every result has been read.
    if let Some(explanation) = explanation {
        eprint!("{}", explain::render(&explanation));
    }
    Ok(())
}

fn write_results(
    results: QueryResults<'_>,
    format: ResultFormat,
    out: &mut impl Write,
) -> Result<(), Failure> {
    let failed = |e: &dyn std::fmt::Display| {
        Failure::Failed(format!(
            "query failed: {}",
            crate::store::with_read_hint(e.to_string())
        ))
    };
    let results_format = match format {
        ResultFormat::Table => None,
        ResultFormat::Csv => Some(QueryResultsFormat::Csv),
        ResultFormat::Tsv => Some(QueryResultsFormat::Tsv),
        ResultFormat::Json => Some(QueryResultsFormat::Json),
        ResultFormat::Xml => Some(QueryResultsFormat::Xml),
    };
    match results {
        QueryResults::Solutions(solutions) => match results_format {
            None => table::write_table(solutions, out),
            Some(f) => {
                let mut writer = QueryResultsSerializer::from_format(f)
                    .serialize_solutions_to_writer(&mut *out, solutions.variables().to_vec())?;
                for solution in solutions {
                    let solution = solution.map_err(|e| failed(&e))?;
                    writer.serialize(&solution)?;
                }
                writer.finish()?;
                Ok(())
            }
        },
        QueryResults::Boolean(value) => match results_format {
            None => Ok(writeln!(out, "{value}")?),
            Some(f) => {
                QueryResultsSerializer::from_format(f)
                    .serialize_boolean_to_writer(&mut *out, value)?;
                Ok(())
            }
        },
        QueryResults::Graph(triples) => {
            let mut serializer = RdfSerializer::from_format(RdfFormat::Turtle);
            for (prefix, iri) in PREFIXES {
                serializer = serializer
                    .with_prefix(*prefix, *iri)
                    .expect("valid prefixes");
            }
            let mut writer = serializer.for_writer(&mut *out);
            for triple in triples {
                writer.serialize_triple(&triple.map_err(|e| failed(&e))?)?;
            }
            writer.finish()?;
            Ok(())
        }
    }
}

/// `edupol export --split N`: N-Quads files of at most N quads in a folder,
/// and a summary line on standard error.
fn export_split(
    format: ExportFormat,
    output: Option<&Path>,
    per_file: std::num::NonZeroUsize,
    store_path: &Path,
) -> Result<(), Failure> {
    if format != ExportFormat::Nquads {
        return Err(Failure::Usage(
            "--split needs --format nquads: only N-Quads can be cut into files that each \
             stand alone (Turtle and TriG pieces would each need their prefixes, N-Triples \
             would lose the graph names)"
                .to_string(),
        ));
    }
    let Some(dir) = output else {
        return Err(Failure::Usage(
            "--split writes several files: name their folder with --output DIR \
             (created if missing; it must be empty)"
                .to_string(),
        ));
    };
    let store = Store::open_read_only(store_path)?;
    let summary = store.export_split(dir, per_file).map_err(|e| match e {
        StoreError::SplitFolder(_) | StoreError::SplitTooSmall { .. } => {
            Failure::Usage(e.to_string())
        }
        e => Failure::from(e),
    })?;
    eprintln!(
        "wrote {} quads into {} N-Quads file(s) of at most {} in {}",
        summary.quads,
        summary.files,
        per_file,
        dir.display()
    );
    Ok(())
}

fn export(format: ExportFormat, output: Option<&Path>, store_path: &Path) -> Result<(), Failure> {
    let store = Store::open_read_only(store_path)?;
    match output {
        Some(path) => {
            // Write beside the target and rename, so a failed export leaves no
            // half file (`kg.ttl.partial`: one per target, removed on failure).
            let mut partial = path.as_os_str().to_owned();
            partial.push(".partial");
            let partial = PathBuf::from(partial);
            let file = File::create(&partial).map_err(|e| {
                Failure::Failed(format!("cannot create {}: {e}", partial.display()))
            })?;
            let written = (|| -> Result<(), Failure> {
                let mut writer = BufWriter::new(file);
                store.export(format, &mut writer)?;
                writer.flush()?;
                Ok(())
            })();
            if let Err(e) = written {
                let _ = std::fs::remove_file(&partial);
                return Err(e);
            }
            std::fs::rename(&partial, path)
                .map_err(|e| Failure::Failed(format!("cannot write {}: {e}", path.display())))?;
        }
        None => {
            let mut out = BufWriter::new(io::stdout().lock());
            store.export(format, &mut out)?;
            out.flush()?;
        }
    }
    Ok(())
}

fn eval(
    gold_dir: &Path,
    graph_file: Option<&Path>,
    store_path: &Path,
    misses: bool,
    json: bool,
    floors: &[(String, f64)],
) -> Result<(), Failure> {
    let gold = crate::eval::gold::load_dir(gold_dir).map_err(|e| match e {
        crate::eval::GoldError::Folder { .. } | crate::eval::GoldError::Empty(_) => {
            Failure::Usage(e.to_string())
        }
        e => Failure::Failed(e.to_string()),
    })?;
    let quads = match graph_file {
        Some(path) => read_rdf_file(path)?,
        None => {
            // Only what the gold is about: a large store does not fit in memory.
            let files = gold.iter().map(|g| g.file.as_str()).collect();
            Store::open_read_only(store_path)?.quads_of_files(&files)?
        }
    };
    let evaluation = crate::eval::evaluate(&crate::eval::GraphView::new(quads), &gold);
    let mut out = BufWriter::new(io::stdout().lock());
    if json {
        let text =
            serde_json::to_string_pretty(&evaluation.to_json(misses)).expect("a report serializes");
        writeln!(out, "{text}")?;
    } else {
        write!(out, "{}", evaluation.render_table(misses))?;
    }
    out.flush()?;
    let below: Vec<String> = floors
        .iter()
        .filter_map(|(category, floor)| {
            let f1 = evaluation.f1(category).unwrap_or(0.0);
            (f1 < *floor).then(|| format!("{category} F1 {f1:.3} < {floor}"))
        })
        .collect();
    if below.is_empty() {
        Ok(())
    } else {
        Err(Failure::Failed(format!(
            "below the floor: {}",
            below.join("; ")
        )))
    }
}

/// Reads an RDF file whose format its extension names.
fn read_rdf_file(path: &Path) -> Result<Vec<oxigraph::model::Quad>, Failure> {
    let format = path
        .extension()
        .and_then(|e| e.to_str())
        .and_then(RdfFormat::from_extension)
        .ok_or_else(|| {
            Failure::Usage(format!(
                "cannot tell the RDF format of {} from its extension; use .nq, .trig, .ttl or .nt",
                path.display()
            ))
        })?;
    let file = File::open(path)
        .map_err(|e| Failure::Failed(format!("cannot read {}: {e}", path.display())))?;
    oxigraph::io::RdfParser::from_format(format)
        .for_reader(io::BufReader::new(file))
        .map(|q| q.map_err(|e| Failure::Failed(format!("{}: {e}", path.display()))))
        .collect()
}

fn extract(file: &Path, format: ExportFormat) -> Result<(), Failure> {
    let source = read::read(file).map_err(|e| Failure::Failed(e.to_string()))?;
    let lexicon = Lexicon::load();
    let doc = crate::pipeline::analyze(&source.file_name, &source.text, &lexicon);
    let info = SourceInfo {
        sha256: Some(source.sha256),
        extracted_with: None,
    };
    let quads = triples::document_quads(&doc, &info, &lexicon);
    let store = Store::in_memory()?;
    store.replace_graph(&triples::document_iri(&doc.file_name), &quads)?;
    let mut out = BufWriter::new(io::stdout().lock());
    store.export(format, &mut out)?;
    out.flush()?;
    Ok(())
}
