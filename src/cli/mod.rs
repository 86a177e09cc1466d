//! The commands behind the command line. `main.rs` only parses and exits.

pub mod args;
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

use args::ResultFormat;
pub use args::{Cli, Command};

use crate::extract::Lexicon;
use crate::read;
use crate::store::{ExportFormat, QueryError, Store};
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
            max_file_size,
            quiet,
            json,
        } => build(
            &paths,
            &store.path,
            BuildFlags {
                options: crate::build::Options {
                    threads,
                    strict,
                    prune,
                    force,
                    max_file_size: max_file_size << 20,
                },
                quiet,
                json,
            },
        ),
        Command::Query {
            query,
            format,
            store,
        } => run_query(&query, format, &store.path),
        Command::Export {
            format,
            output,
            store,
        } => export(format, output.as_deref(), &store.path),
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
    } = options;
    let store = Store::open(store_path)?;
    store.load_ontology()?;
    let lexicon = Lexicon::load();
    store.load_gazetteer(&lexicon.gazetteer)?;
    let mut bar = progress::Progress::new(0, !quiet && io::stderr().is_terminal());
    let mut on_event = |event: crate::build::Event<'_>| match event {
        crate::build::Event::Built { quads, .. } => bar.file_done(quads),
        crate::build::Event::Skipped { .. } => bar.file_done(0),
        crate::build::Event::Failed { message } => bar.file_failed(&format!("edupol: {message}")),
        crate::build::Event::Pruned { graph } => {
            if !quiet {
                bar.note(&format!("pruned {graph}"));
            }
        }
        crate::build::Event::Found { files } => bar.set_total(files),
    };
    let summary = crate::build::run(paths, &store, &lexicon, &options, &mut on_event)?;
    bar.finish();
    if json {
        let text = serde_json::to_string_pretty(&summary).expect("a summary serializes");
        println!("{text}");
    } else if !quiet {
        eprintln!("{}", summary_line(&summary, store_path));
        if let Some(reason) = &summary.prune_skipped {
            eprintln!("edupol: {reason}");
        }
    }
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
    Ok(())
}

/// The flags of `build` beyond paths and store.
struct BuildFlags {
    options: crate::build::Options,
    quiet: bool,
    json: bool,
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

fn run_query(arg: &str, format: ResultFormat, store_path: &Path) -> Result<(), Failure> {
    let text = query_text(arg)?;
    let store = Store::open_read_only(store_path)?;
    let results = store.query(&text).map_err(|e| match e {
        QueryError::Syntax(m) => Failure::Usage(m),
        e => Failure::Failed(e.to_string()),
    })?;
    let stdout = io::stdout().lock();
    let mut out = BufWriter::new(stdout);
    write_results(results, format, &mut out)?;
    out.flush()?;
    Ok(())
}

fn write_results(
    results: QueryResults<'_>,
    format: ResultFormat,
    out: &mut impl Write,
) -> Result<(), Failure> {
    let failed = |e: &dyn std::fmt::Display| Failure::Failed(format!("query failed: {e}"));
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

fn export(format: ExportFormat, output: Option<&Path>, store_path: &Path) -> Result<(), Failure> {
    let store = Store::open_read_only(store_path)?;
    match output {
        Some(path) => {
            // Write beside the target and rename, so a failed export leaves no half file.
            let partial = path.with_extension("partial");
            let file = File::create(&partial).map_err(|e| {
                Failure::Failed(format!("cannot create {}: {e}", partial.display()))
            })?;
            let mut writer = BufWriter::new(file);
            store.export(format, &mut writer)?;
            writer.flush()?;
            drop(writer);
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
        None => Store::open_read_only(store_path)?.quads()?,
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
