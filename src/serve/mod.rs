//! `edupol serve`: the store over HTTP, read-only.
//!
//! | path | module | what |
//! | --- | --- | --- |
//! | `/` | [`home`] | the query page (YASGUI), with the saved queries and the documents |
//! | `/assets/…` | [`assets`] | the page's script and style, compiled in |
//! | `/sparql` | [`sparql`] | the SPARQL 1.1 Protocol (queries only) |
//! | `/store` | [`graph_store`] | Graph Store Protocol reads |
//! | `/id/…` | [`entity`] | every node under the id base, as HTML or RDF |
//!
//! [`server`] turns sockets into [`http::Request`]s (size limits, time
//! limits, CORS, threads) and [`router`] sends each to its module. The modules only see
//! the request and the [`App`], so they are tested without a socket.

pub mod assets;
pub mod entity;
pub mod formats;
pub mod graph_store;
pub mod home;
pub mod html;
pub mod http;
pub mod ids;
pub mod router;
pub mod server;
pub mod sparql;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use crate::store::{Store, StoreError};

/// What `edupol serve` was asked for.
#[derive(Debug, Clone)]
pub struct Config {
    pub store: PathBuf,
    pub bind: SocketAddr,
    pub timeout: Duration,
    /// IRIs under this base are served at `/id/…`.
    pub base_iri: String,
    /// Rows (solutions, or triples) past which a query's answer is refused.
    pub max_rows: usize,
    /// Whether queries may call `SERVICE` (http: and https: endpoints only).
    pub allow_service: bool,
}

/// What `edupol serve` lets a query do, beyond its time limit.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Rows (solutions, or triples) past which a query's answer is refused.
    pub max_rows: usize,
    /// Whether queries may call `SERVICE` (http: and https: endpoints only).
    pub allow_service: bool,
}

/// Everything a request may use; shared by all threads.
pub struct App {
    pub store: Store,
    pub base_iri: String,
    pub timeout: Duration,
    pub max_rows: usize,
    pub allow_service: bool,
    /// Answers of queries already run (the store never changes under the
    /// server).
    pub answers: sparql::Answers,
}

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The store cannot be opened; the message says what to do.
    #[error("{0}")]
    Store(String),
    #[error("cannot listen on {addr}: {source}\n(is another server using that port? choose another with --bind, e.g. --bind 127.0.0.1:0 for any free port)")]
    Bind {
        addr: SocketAddr,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

/// Opens the store read-only, listens, prints `listening on http://ADDR/` as
/// the first line of standard output, and serves until the process ends.
pub fn run(config: Config) -> Result<(), ServeError> {
    let path = config.store.display();
    let store = Store::open_read_only(&config.store).map_err(|e| match e {
        // already says to run `edupol build`
        StoreError::Missing(_) => ServeError::Store(e.to_string()),
        e => ServeError::Store(format!(
            "{e}\nedupol serve needs a store made by `edupol build`: run `edupol build PATH... --store {path}` first, or point --store at one"
        )),
    })?;
    if store
        .is_empty()
        .map_err(|e| ServeError::Store(e.to_string()))?
    {
        eprintln!(
            "edupol: warning: the store at {path} is empty; run `edupol build PATH... --store {path}` to fill it"
        );
    }
    let app = App {
        store,
        base_iri: config.base_iri.clone(),
        timeout: config.timeout,
        max_rows: config.max_rows,
        allow_service: config.allow_service,
        answers: sparql::Answers::default(),
    };
    server::serve(app, config.bind, &config.store).map_err(|source| ServeError::Bind {
        addr: config.bind,
        source,
    })
}
