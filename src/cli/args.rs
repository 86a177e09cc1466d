//! The command line, every flag defined once with its documentation.

use std::num::NonZeroUsize;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::remote::Protocol;

use crate::store::ExportFormat;

/// Turn Chinese education-policy texts into a knowledge graph you can query
/// with SPARQL.
///
/// Typical session:
///
///   edupol build corpus/                      # read every *.txt below corpus/ into ./edupol.db
///   edupol query @queries/targets_by_year.rq  # run a saved query, print a table
///   edupol export --format turtle -o kg.ttl   # the whole graph, for other tools
///   edupol serve                              # browse and query it at http://127.0.0.1:7878/
#[derive(Debug, Parser)]
#[command(
    name = "edupol",
    version,
    about,
    long_about,
    verbatim_doc_comment,
    max_term_width = 100
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read documents and write their graph into the store.
    ///
    /// Each file becomes one named graph, named after the file name (without
    /// folder and extension); building a file again replaces its graph
    /// atomically. Folders are searched for *.txt files. UTF-8, GB18030/GBK
    /// and UTF-16 (with BOM) are read.
    ///
    /// Files are analysed on all cores. A file whose graph in the store was
    /// made from the same bytes by the same edupol pipeline is skipped, so a
    /// rebuild only redoes what changed (a new edupol, or a changed
    /// dictionary compiled in, rebuilds everything: when that is every
    /// document the store holds, they are cleared and loaded in bulk, as
    /// into a new store).
    ///
    /// A file that cannot be read (not text, unknown encoding, empty,
    /// unreadable, or named like another) is reported with the reason and
    /// skipped, the rest is built, and the exit status is 1. A build that is
    /// interrupted leaves every document whole or absent: run it again to
    /// complete it.
    Build {
        /// Files and folders to read.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        store: StoreArg,
        /// Threads that analyse files (0: one per core). With 1, files are
        /// read, analysed and written one after another on one thread.
        #[arg(long, short = 'j', value_name = "N", default_value_t = 0)]
        threads: usize,
        /// Stop at the first input that cannot be built (exit 1). Documents
        /// written before it stay, each whole.
        #[arg(long)]
        strict: bool,
        /// Remove from the store the documents whose file is not among the
        /// inputs (files deleted from the corpus). Give the whole corpus.
        #[arg(long)]
        prune: bool,
        /// Rebuild every file, also those whose graph is up to date.
        #[arg(long)]
        force: bool,
        /// Skip the compaction that follows a bulk load into a new store
        /// (about a quarter of the build's time; it makes queries 2-4x faster, so
        /// skip it only for a store that is exported or pushed, not queried).
        #[arg(long)]
        no_compact: bool,
        /// Quads per bulk-loader batch into a new store (tuning; BENCHMARKS.md;
        /// by default 125,000, or 250,000 with one thread).
        #[arg(long, hide = true, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
        batch_quads: Option<u64>,
        /// Refuse files larger than this many MiB (a larger file is usually
        /// many documents glued together; split it).
        #[arg(long, value_name = "MIB", default_value_t = crate::build::DEFAULT_MAX_FILE_MIB,
              value_parser = clap::value_parser!(u64).range(1..=4096))]
        max_file_size: u64,
        /// Print nothing but errors.
        #[arg(long, short)]
        quiet: bool,
        /// Print the summary as JSON on standard output (for scripts).
        #[arg(long)]
        json: bool,
        /// Also write the graphs into this triplestore server, as they are
        /// built: see `edupol push --help`. The local store stays the
        /// reference; only graphs the server does not hold yet are sent.
        #[arg(long, value_name = "URL")]
        endpoint: Option<String>,
        #[command(flatten)]
        remote: RemoteArgs,
    },
    /// Write the store's graphs into a triplestore server.
    ///
    /// Every graph of the store (each document's, the shared entities, the
    /// ontology, the gazetteer, the dataset description) is written whole,
    /// replacing the server's graph of that name, over the W3C protocols
    /// that Oxigraph, Virtuoso, Fuseki and GraphDB speak (for QLever, which
    /// builds its index from files, see `export --split`):
    ///
    ///   Oxigraph   edupol push --endpoint http://HOST:7878/store
    ///   Fuseki     edupol push --endpoint http://HOST:3030/DATASET/data
    ///   Virtuoso   edupol push --endpoint http://HOST:8890/sparql-graph-crud
    ///   any        edupol push --protocol update --endpoint http://HOST/UPDATE-ENDPOINT
    ///
    /// Graphs the store no longer has (documents pruned) are removed from
    /// the server. What each server holds is recorded in the store folder
    /// (edupol-remote/), so a push sends only what changed since the last
    /// one, and a push that failed part way (server stopped, network down)
    /// completes when run again. Exit status 1 when a graph could not be
    /// written; the summary names each.
    #[command(verbatim_doc_comment)]
    Push {
        /// The server's Graph Store endpoint or, with `--protocol update`,
        /// its SPARQL Update endpoint. http:// or https:// (rustls, the
        /// Mozilla root certificates).
        #[arg(long, value_name = "URL")]
        endpoint: String,
        #[command(flatten)]
        store: StoreArg,
        #[command(flatten)]
        remote: RemoteArgs,
        /// Send every graph, also those the server already holds (after the
        /// server was emptied or changed by hand).
        #[arg(long)]
        force: bool,
        /// Print nothing but errors.
        #[arg(long, short)]
        quiet: bool,
        /// Print the summary as JSON on standard output (for scripts).
        #[arg(long)]
        json: bool,
    },
    /// Run a SPARQL query over all documents.
    ///
    /// QUERY is the query text, or @FILE to read it from a file
    /// (e.g. @queries/targets_by_year.rq). The prefixes edu:, eduid:, org:,
    /// foaf:, prov:, dcterms:, skos:, rdfs:, rdf:, owl: and xsd: are
    /// predeclared. The default graph is the union of all graphs.
    ///
    /// Saved queries list everything unless restricted: on a large store,
    /// look one name up with --bind, e.g.
    ///
    ///   edupol query @queries/figures_for_place.rq --bind place=嵊泗县
    Query {
        /// SPARQL text, or @FILE.
        #[arg(value_name = "QUERY")]
        query: String,
        /// Fill a restriction slot of the query, the line
        /// `VALUES ?NAME { UNDEF }`, with VALUE: a string as the store writes
        /// names (a place, an initiative, a file name, a year), or an IRI
        /// written <…>. Repeat it for more values of one slot, or for other
        /// slots. A saved query's header names its slots; a wrong NAME is
        /// refused with the list.
        #[arg(long, value_name = "NAME=VALUE", value_parser = parse_binding)]
        bind: Vec<(String, String)>,
        /// Output format for SELECT and ASK results (CONSTRUCT prints Turtle).
        #[arg(long, short, value_enum, default_value_t = ResultFormat::Table)]
        format: ResultFormat,
        /// After the results, print on standard error how oxigraph evaluated
        /// the query: each step (pattern, join, OPTIONAL, sort) with its rows
        /// and seconds. A slow query usually shows one step with far more
        /// rows than the answer, or a restriction applied last.
        #[arg(long)]
        explain: bool,
        #[command(flatten)]
        store: StoreArg,
    },
    /// Write the whole graph in an RDF format.
    Export {
        /// RDF format: turtle and ntriples merge the graphs; trig and nquads keep
        /// one named graph per document.
        #[arg(long, short, value_enum, default_value_t = ExportFormat::Turtle)]
        format: ExportFormat,
        /// Write to this file instead of standard output (with --split: into
        /// this folder).
        #[arg(long, short, value_name = "PATH")]
        output: Option<PathBuf>,
        /// Write N-Quads files of at most N quads each into the folder that
        /// --output names, for the bulk loaders of triplestores (Virtuoso's
        /// ld_dir, QLever's index builder, oxigraph load). Needs --format nquads.
        ///
        /// The folder is created if missing, and must be empty. The files are
        /// edupol-00001.nq, edupol-00002.nq, …; each but the last holds exactly
        /// N quads. Quads that share a blank node stay in one file (a blank
        /// node's label names one node only within its file). Only N-Quads can
        /// be cut so, each line standing alone: Turtle and TriG pieces would
        /// each need their prefixes, N-Triples would lose the graph names. Each
        /// file is written as .nq.partial and renamed when complete, so a
        /// loader never reads half a file. Example:
        /// edupol export --format nquads --split 1000000 -o dump/
        #[arg(long, value_name = "N", value_parser = parse_split)]
        split: Option<NonZeroUsize>,
        #[command(flatten)]
        store: StoreArg,
    },
    /// Score the graph against gold annotations: precision, recall and F1.
    ///
    /// Gold files are JSON, one per source document, in the format of
    /// shared/gold/SCHEMA.md (tests/gold/ holds the dev set). Each category
    /// (organizations, people, posts, places, initiatives, numbers,
    /// partnerships, articles) is matched as that format describes; kind and
    /// comparator of numbers and the authors of articles are scored as
    /// accuracy on the matched pairs. Documents must be built first:
    ///
    ///   edupol build tests/corpus && edupol eval --gold tests/gold --misses
    Eval {
        /// Folder of gold JSON files.
        #[arg(long, value_name = "DIR")]
        gold: PathBuf,
        /// Score this RDF file instead of the store (format from the
        /// extension: .nq, .trig, .ttl, .nt).
        #[arg(long, value_name = "FILE")]
        graph: Option<PathBuf>,
        /// Also list every missed and every spurious item.
        #[arg(long)]
        misses: bool,
        /// Print the report as JSON (the shape of score.py --json).
        #[arg(long)]
        json: bool,
        /// Exit with status 1 when the F1 of CATEGORY is under the value,
        /// e.g. --min numbers=0.9 (repeatable; "all" is the total).
        #[arg(long, value_name = "CATEGORY=F1", value_parser = parse_floor)]
        min: Vec<(String, f64)>,
        #[command(flatten)]
        store: StoreArg,
    },
    /// Serve the store over HTTP, read-only: a SPARQL endpoint, the graphs,
    /// and a page for every node.
    ///
    ///   /             a query page with the saved queries and the documents
    ///   /sparql       SPARQL 1.1 Protocol (GET ?query=, POST form or
    ///                 application/sparql-query); JSON, XML, CSV, TSV results,
    ///                 Turtle, N-Triples, RDF/XML, JSON-LD graphs, by Accept
    ///   /store        Graph Store Protocol reads: ?graph=IRI, ?default
    ///   /id/...       every node under the base IRI, as HTML or RDF
    ///
    /// The first line on standard output is `listening on http://ADDR/`.
    /// Updates are refused; rebuild with `edupol build` and restart the server.
    /// So is SERVICE, unless --allow-service. Limits: --timeout per query,
    /// --max-rows per answer, 1 MiB request bodies, 64 KiB URLs and headers,
    /// 256 connections at once.
    #[command(verbatim_doc_comment)]
    Serve {
        #[command(flatten)]
        store: StoreArg,
        /// Address and port to listen on. The default is reachable from this
        /// machine only; port 0 picks a free port (printed on the first line).
        #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:7878")]
        bind: String,
        /// Seconds a query may run before it is stopped (answer 503).
        #[arg(long, value_name = "SECONDS", default_value_t = 30,
              value_parser = clap::value_parser!(u64).range(1..=86_400))]
        timeout: u64,
        /// Serve the nodes whose IRIs start with this base at /id/ (for a
        /// graph published under another base, behind a reverse proxy).
        #[arg(long, value_name = "IRI", default_value = crate::vocab::ID_BASE)]
        base_iri: String,
        /// Most rows a query may answer: solutions of a SELECT, or triples
        /// of a CONSTRUCT or DESCRIBE. A larger answer is refused whole
        /// (422, with a message asking for a LIMIT), never cut short; whole
        /// graphs are read from /store, which has no such limit.
        #[arg(long, value_name = "N", default_value_t = 100_000,
              value_parser = clap::value_parser!(u64).range(1..))]
        max_rows: u64,
        /// Let queries call SERVICE (SPARQL federated query), so that the
        /// server makes HTTP requests to the endpoints they name. Off by
        /// default: a query with SERVICE is refused (403). Even with this
        /// flag only http: and https: endpoints written in the query are
        /// called, never file: or an endpoint held in a variable.
        #[arg(long)]
        allow_service: bool,
    },
    /// Count what the store holds: nodes per class, quads and articles per
    /// document, quantities per unit, and the institutions named most.
    Stats {
        #[command(flatten)]
        store: StoreArg,
        /// Print JSON instead of tables.
        #[arg(long)]
        json: bool,
        /// How many institutions to list.
        #[arg(long, value_name = "N", default_value_t = 20)]
        top: usize,
    },
    /// Check the store against the SHACL shapes (ontology/shapes.ttl).
    ///
    /// Prints each violation with its focus node, path, constraint, message
    /// and source document, then a summary line. Exit status 1 when there are
    /// violations, 0 when the store conforms.
    Validate {
        #[command(flatten)]
        store: StoreArg,
        /// Print the report as JSON on standard output.
        #[arg(long)]
        json: bool,
    },
    /// Print the graph of one file as Turtle, without touching a store.
    Extract {
        /// The document to read.
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// RDF format of the output.
        #[arg(long, short, value_enum, default_value_t = ExportFormat::Turtle)]
        format: ExportFormat,
    },
}

/// Reads N for `export --split`: a count of quads, at least 1.
fn parse_split(arg: &str) -> Result<NonZeroUsize, String> {
    arg.parse::<usize>()
        .ok()
        .and_then(NonZeroUsize::new)
        .ok_or_else(|| format!("expected quads per file, at least 1 (e.g. 1000000), not {arg:?}"))
}

/// Reads `NAME=VALUE` for `query --bind` (`?NAME` and `$NAME` too).
fn parse_binding(arg: &str) -> Result<(String, String), String> {
    let (name, value) = arg
        .split_once('=')
        .ok_or_else(|| format!("expected NAME=VALUE, e.g. place=嵊泗县, not {arg:?}"))?;
    let name = name.trim().trim_start_matches(['?', '$']);
    if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
        return Err(format!(
            "expected a variable's name before =, e.g. place=嵊泗县, not {arg:?}"
        ));
    }
    Ok((name.to_string(), value.to_string()))
}

/// Reads `CATEGORY=F1` for `eval --min`.
fn parse_floor(arg: &str) -> Result<(String, f64), String> {
    let (category, value) = arg
        .split_once('=')
        .ok_or_else(|| format!("expected CATEGORY=F1, e.g. numbers=0.9, not {arg:?}"))?;
    if category != "all" && !crate::eval::CATEGORIES.contains(&category) {
        return Err(format!(
            "unknown category {category:?}; one of all, {}",
            crate::eval::CATEGORIES.join(", ")
        ));
    }
    let value: f64 = value
        .parse()
        .ok()
        .filter(|v| (0.0..=1.0).contains(v))
        .ok_or_else(|| format!("the F1 floor must be a number from 0 to 1, not {value:?}"))?;
    Ok((category.to_string(), value))
}

#[derive(Debug, clap::Args)]
pub struct StoreArg {
    /// The store folder (an Oxigraph RocksDB database).
    #[arg(long = "store", value_name = "DIR", default_value = "edupol.db")]
    pub path: PathBuf,
}

/// How to reach a triplestore server (`push`, `build --endpoint`).
#[derive(Debug, Args)]
pub struct RemoteArgs {
    /// gsp: SPARQL 1.1 Graph Store HTTP Protocol (PUT replaces a graph).
    /// update: SPARQL 1.1 Update (DROP SILENT GRAPH, then INSERT DATA in
    /// batches), for servers whose Graph Store endpoint is closed.
    #[arg(long, value_enum, default_value_t = Protocol::GraphStore, requires = "endpoint")]
    pub protocol: Protocol,
    /// User name for HTTP basic authentication (with EDUPOL_PASSWORD).
    #[arg(long, value_name = "USER", env = "EDUPOL_USER")]
    pub user: Option<String>,
    /// Password for --user. Prefer the environment variable: a flag is
    /// visible to other users of the machine (ps). Never printed.
    #[arg(
        long,
        value_name = "PASSWORD",
        env = "EDUPOL_PASSWORD",
        hide_env_values = true
    )]
    pub password: Option<String>,
    /// Bearer token (Authorization: Bearer), instead of --user. Never
    /// printed.
    #[arg(
        long,
        value_name = "TOKEN",
        env = "EDUPOL_TOKEN",
        hide_env_values = true,
        conflicts_with = "user"
    )]
    pub token: Option<String>,
    /// Requests in flight at once. Past 4 the server is the limit; give
    /// Virtuoso's SPARQL Update 1 (concurrent updates there are slower and
    /// some are refused).
    #[arg(long, value_name = "N", default_value_t = 4, requires = "endpoint",
          value_parser = clap::value_parser!(u16).range(1..=64))]
    pub connections: u16,
    /// The largest request body: a larger graph goes in several requests
    /// (PUT then POST, or several INSERT DATA). With a suffix K, M or G.
    #[arg(long, value_name = "SIZE", default_value = "8M", requires = "endpoint",
          value_parser = parse_size)]
    pub max_request: u64,
    /// How many times to try a request again after a connection error or a
    /// 408, 429 or 5xx answer.
    #[arg(long, value_name = "N", default_value_t = 4, requires = "endpoint")]
    pub retries: u32,
    /// Milliseconds to wait before the first retry; each next wait doubles
    /// (at most 30 s; a server's Retry-After is followed).
    #[arg(long, value_name = "MS", default_value_t = 500, requires = "endpoint")]
    pub retry_wait: u64,
}

/// Reads a size such as `8M`, `512K`, `1G` or `100000` (bytes).
fn parse_size(arg: &str) -> Result<u64, String> {
    let text = arg.trim();
    let (digits, unit) = match text.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => text.split_at(i),
        None => (text, ""),
    };
    let shift = match unit.to_ascii_uppercase().trim_end_matches(['B', 'I']) {
        "" => 0,
        "K" => 10,
        "M" => 20,
        "G" => 30,
        _ => {
            return Err(format!(
                "expected a size such as 8M, 512K or 100000, not {arg:?}"
            ))
        }
    };
    digits
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(1 << shift))
        .filter(|&n| n >= 1024)
        .ok_or_else(|| format!("expected a size of at least 1K, such as 8M, not {arg:?}"))
}

/// How `query` prints SELECT results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ResultFormat {
    /// Aligned columns for the terminal (Chinese text aligned).
    Table,
    Csv,
    Tsv,
    Json,
    Xml,
}
