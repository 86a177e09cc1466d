//! Graph Store Protocol reads at `/store`:
//!
//! - `?graph=IRI`: one named graph (one document, or the ontology); 404 if
//!   the store has no graph of that name;
//! - `?default`: the default graph of queries, the union of all graphs, each
//!   triple once;
//! - no parameter: the whole dataset, graph names kept (TriG by default).
//!
//! In Turtle, N-Triples, RDF/XML or JSON-LD by `Accept` (or `format=`); a
//! named graph in N-Quads or TriG keeps its name. Large answers stream.

use std::io::{BufWriter, Write};
use std::thread;

use oxigraph::model::NamedNode;

use super::formats::{choose, GraphFormat, Kind, DATASET_OFFERS, GRAPH_OFFERS};
use super::http::{Reply, Request};
use super::App;
use crate::store::{Store, StoreError};

pub fn handle(app: &App, req: &Request) -> Reply {
    answer(app, req).unwrap_or_else(|reply| reply)
}

fn answer(app: &App, req: &Request) -> Result<Reply, Reply> {
    let params = req.params()?;
    let format = params.one("format")?;
    let accept = req.header("accept");
    match (params.one("graph")?, params.has("default")) {
        (Some(_), true) => Err(Reply::text(
            400,
            "give either ?graph=IRI or ?default, not both",
        )),
        (Some(iri), false) => {
            let graph = NamedNode::new(iri).map_err(|e| {
                Reply::text(400, format!("graph {iri:?} is not an absolute IRI: {e}"))
            })?;
            if !app.store.contains_graph(graph.as_ref()).map_err(failed)? {
                return Err(Reply::text(
                    404,
                    format!(
                        "the store has no graph <{iri}>; list the graphs with \
                         SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{}} }}"
                    ),
                ));
            }
            let chosen = choose(format, accept, Kind::Graph, GRAPH_OFFERS, "a graph")?;
            // The entities graph grows with the store: streamed as well.
            Ok(stream(
                app.store.clone(),
                chosen,
                move |store, format, out| store.write_graph(graph.as_ref(), format.rdf(), out),
            ))
        }
        (None, true) => {
            let chosen = choose(format, accept, Kind::Graph, GRAPH_OFFERS, "a graph")?;
            Ok(stream(app.store.clone(), chosen, |store, format, out| {
                store.write_union(format.rdf(), out)
            }))
        }
        (None, false) => {
            let chosen = choose(format, accept, Kind::Graph, DATASET_OFFERS, "the dataset")?;
            Ok(stream(app.store.clone(), chosen, |store, format, out| {
                store.write_dataset(format.rdf(), out)
            }))
        }
    }
}

fn failed(e: StoreError) -> Reply {
    Reply::text(500, e)
}

/// Writes on a thread of its own into a pipe that the reply reads from.
fn stream(
    store: Store,
    format: GraphFormat,
    write: impl FnOnce(&Store, GraphFormat, &mut dyn Write) -> Result<(), StoreError> + Send + 'static,
) -> Reply {
    let (reader, writer) = match std::io::pipe() {
        Ok(pipe) => pipe,
        Err(e) => return Reply::text(503, format!("cannot start the answer: {e}; try again")),
    };
    let spawned = thread::Builder::new()
        .name("edupol-store-export".into())
        .spawn(move || {
            let mut out = BufWriter::new(writer);
            let result = write(&store, format, &mut out).and_then(|()| Ok(out.flush()?));
            match result {
                Ok(()) => {}
                // the client went away
                Err(StoreError::Io(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
                Err(e) => eprintln!("edupol: /store answer cut short: {e}"),
            }
        });
    match spawned {
        Ok(_) => Reply::stream(format.media_type(), reader),
        Err(e) => Reply::text(503, format!("cannot start the answer: {e}; try again")),
    }
}
