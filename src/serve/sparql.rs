//! The SPARQL 1.1 Protocol at `/sparql`, for queries: GET with `?query=`,
//! POST as a form or as a direct `application/sparql-query` body, with
//! `default-graph-uri` and `named-graph-uri`. The answer is in the format the
//! client accepts (or names with `format=`), computed under a time limit.
//! `format=html` answers with a page (a table), for the page's form when the
//! browser runs no script.
//! Updates are refused: the server never changes the store.

use std::io::{self, Write};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use oxigraph::model::NamedNode;
use oxigraph::sparql::results::QueryResultsSerializer;
use oxigraph::sparql::{CancellationToken, QueryEvaluationError, QueryResults};

use super::formats::{self, GraphFormat, Kind, GRAPH_OFFERS, RESULTS_OFFERS};
use super::html;
use super::http::{negotiate, Method, Params, Reply, Request};
use super::App;
use crate::store::{self, QueryError, QueryOptions, Store};

/// Results larger than this are refused rather than held in memory.
const MAX_RESULT_BYTES: usize = 256 << 20;

/// A query as the protocol request gave it.
struct Query {
    text: String,
    options: QueryOptions,
    format: Option<String>,
    accept: Option<String>,
    /// IRIs under it link to their `/id/` pages in HTML results.
    base: String,
}

pub fn handle(app: &App, req: &Request) -> Reply {
    match read(req) {
        Ok(query) => run(app, query),
        Err(reply) => reply,
    }
}

/// The refusal of an update.
fn read_only() -> Reply {
    Reply::text(
        403,
        "this endpoint is read-only: SPARQL updates are not accepted. edupol serve never \
         changes the store; to change the graph, edit the documents and run `edupol build` again",
    )
}

fn read(req: &Request) -> Result<Query, Reply> {
    let url_params = req.params()?;
    let (text, params) = match req.method {
        Method::Post => match req.content_type().as_deref() {
            Some("application/x-www-form-urlencoded") => {
                let mut params = Params::parse(&req.body)?;
                if params.has("update") {
                    return Err(read_only());
                }
                params.extend(url_params);
                let Some(text) = params.one("query")? else {
                    return Err(Reply::text(
                        400,
                        "the form has no query field; send query=SELECT…",
                    ));
                };
                (text.to_string(), params)
            }
            Some("application/sparql-query") => {
                let text = String::from_utf8(req.body.clone()).map_err(|_| {
                    Reply::text(400, "the query is not UTF-8 text; send it encoded as UTF-8")
                })?;
                (text, url_params)
            }
            Some("application/sparql-update") => return Err(read_only()),
            other => {
                return Err(Reply::text(
                    415,
                    format!(
                        "cannot read a query sent as {}; send it as application/sparql-query \
                         (the query as the body) or application/x-www-form-urlencoded (query=…)",
                        other.unwrap_or("a body without Content-Type")
                    ),
                ))
            }
        },
        _ => {
            if url_params.has("update") {
                return Err(read_only());
            }
            match url_params.one("query")? {
                Some(text) => (text.to_string(), url_params),
                None => return Err(no_query(req)),
            }
        }
    };
    let graphs = |name: &str| -> Result<Vec<NamedNode>, Reply> {
        params
            .all(name)
            .map(|iri| {
                NamedNode::new(iri).map_err(|e| {
                    Reply::text(400, format!("{name} {iri:?} is not an absolute IRI: {e}"))
                })
            })
            .collect()
    };
    Ok(Query {
        options: QueryOptions {
            default_graphs: graphs("default-graph-uri")?,
            named_graphs: graphs("named-graph-uri")?,
            cancellation: None,
        },
        format: params.one("format")?.map(str::to_string),
        accept: req.header("accept").map(str::to_string),
        base: String::new(),
        text,
    })
}

/// GET /sparql without a query: browsers go to the query page.
fn no_query(req: &Request) -> Reply {
    let browser = negotiate(
        req.header("accept"),
        &[
            ("application/sparql-results+json", false),
            ("text/html", true),
        ],
    ) == Some(true);
    if browser {
        Reply::text(303, "the query page is at /").with_header("Location", "/")
    } else {
        Reply::text(
            400,
            "no query: send /sparql?query=SELECT… (URL-encoded), or POST it; the query page is at /",
        )
    }
}

/// Runs the query on a thread of its own and waits at most the time limit;
/// past it the query is cancelled and the answer is 503.
fn run(app: &App, mut query: Query) -> Reply {
    let token = CancellationToken::new();
    query.options.cancellation = Some(token.clone());
    query.base = app.base_iri.clone();
    let (sender, receiver) = mpsc::sync_channel(1);
    let store = app.store.clone();
    let spawned = thread::Builder::new()
        .name("edupol-query".into())
        .spawn(move || {
            let reply = evaluate(&store, &query);
            let _ = sender.send(reply);
        });
    if spawned.is_err() {
        return Reply::text(503, "the server cannot start a query now; try again");
    }
    match receiver.recv_timeout(app.timeout) {
        Ok(reply) => reply,
        Err(mpsc::RecvTimeoutError::Timeout) => {
            token.cancel();
            timed_out(app.timeout)
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => Reply::text(
            500,
            "internal error while evaluating the query (a bug in edupol; please report the query)",
        ),
    }
}

fn timed_out(limit: Duration) -> Reply {
    Reply::text(
        503,
        format!(
            "the query ran longer than {} s, the server's time limit, and was stopped. Narrow it \
             (a LIMIT, more specific patterns), or start edupol serve with a longer --timeout",
            limit.as_secs()
        ),
    )
}

fn evaluate(store: &Store, query: &Query) -> Reply {
    let results = match store.query_with(&query.text, &query.options) {
        Ok(results) => results,
        Err(QueryError::Syntax(_)) if Store::is_update(&query.text) => return read_only(),
        Err(QueryError::Syntax(message)) => return Reply::text(400, message),
        // The waiting side has answered already.
        Err(QueryError::Cancelled) => return timed_out(Duration::ZERO),
        Err(e) => return Reply::text(500, e),
    };
    let format = query.format.as_deref();
    let accept = query.accept.as_deref();
    if format.is_some_and(|f| f.eq_ignore_ascii_case("html")) {
        return html_results(results, &query.text, &query.base);
    }
    let mut out = Capped::default();
    let written = match results {
        QueryResults::Graph(_) => {
            let chosen = match formats::choose(
                format,
                accept,
                Kind::Graph,
                GRAPH_OFFERS,
                "CONSTRUCT and DESCRIBE results",
            ) {
                Ok(f) => f,
                Err(reply) => return reply,
            };
            write_graph(results, chosen, &mut out).map(|()| chosen.media_type())
        }
        results => {
            let chosen = match formats::choose(
                format,
                accept,
                Kind::Results,
                RESULTS_OFFERS,
                "SELECT and ASK results",
            ) {
                Ok(f) => f,
                Err(reply) => return reply,
            };
            write_results(results, chosen, &mut out).map(|()| chosen.media_type())
        }
    };
    match written {
        Ok(media_type) => Reply::new(200, media_type, out.bytes),
        Err(_) if out.exceeded => too_large(),
        Err(Failed::Evaluation(QueryEvaluationError::Cancelled)) => timed_out(Duration::ZERO),
        Err(Failed::Evaluation(e)) => Reply::text(500, format!("query failed: {e}")),
        Err(Failed::Write(e)) => Reply::text(500, format!("cannot write the results: {e}")),
    }
}

/// `format=html`: the results as a page, for the form of the page at `/`
/// when the browser runs no script. SELECT gives a table, ASK a sentence,
/// CONSTRUCT and DESCRIBE their Turtle.
fn html_results(results: QueryResults<'_>, text: &str, base: &str) -> Reply {
    use std::fmt::Write as _;
    let failed = |e: &dyn std::fmt::Display| Reply::text(500, format!("query failed: {e}"));
    let mut body = String::from("<h1>Results · 查询结果</h1>\n");
    let mut rows = 0usize;
    let mut size = 0usize;
    match results {
        QueryResults::Solutions(solutions) => {
            let variables = solutions.variables().to_vec();
            body.push_str("<div class=\"results\"><table class=\"results\">\n<tr>");
            for v in &variables {
                let _ = write!(body, "<th>{}</th>", html::escape(v.as_str()));
            }
            body.push_str("</tr>\n");
            for solution in solutions {
                let solution = match solution {
                    Ok(s) => s,
                    Err(QueryEvaluationError::Cancelled) => return timed_out(Duration::ZERO),
                    Err(e) => return failed(&e),
                };
                body.push_str("<tr>");
                for v in &variables {
                    body.push_str("<td>");
                    if let Some(term) = solution.get(v) {
                        body.push_str(&html::term(term, None, base));
                    }
                    body.push_str("</td>");
                }
                body.push_str("</tr>\n");
                rows += 1;
                if body.len() > MAX_RESULT_BYTES {
                    return too_large();
                }
            }
            body.push_str("</table></div>\n");
        }
        QueryResults::Boolean(value) => {
            let _ = writeln!(body, "<p>The answer is <b>{value}</b>.</p>");
        }
        graph @ QueryResults::Graph(_) => {
            let mut out = Capped::default();
            match write_graph(graph, GraphFormat::Turtle, &mut out) {
                Ok(()) => {}
                Err(_) if out.exceeded => return too_large(),
                Err(Failed::Evaluation(QueryEvaluationError::Cancelled)) => {
                    return timed_out(Duration::ZERO)
                }
                Err(Failed::Evaluation(e)) => return failed(&e),
                Err(Failed::Write(e)) => return failed(&e),
            }
            size = out.bytes.len();
            let _ = writeln!(
                body,
                "<pre>{}</pre>",
                html::escape(&String::from_utf8_lossy(&out.bytes))
            );
        }
    }
    let summary = if size > 0 {
        format!("{size} bytes of Turtle")
    } else {
        format!("{rows} row(s)")
    };
    let _ = write!(
        body,
        "<p class=\"meta\">{summary}. <a href=\"/\">Back to the query page</a>.</p>\n\
         <details><summary>Query</summary><pre>{}</pre></details>\n",
        html::escape(text)
    );
    Reply::html(200, html::page("Results", &body))
}

fn too_large() -> Reply {
    Reply::text(
        500,
        format!(
            "the result is larger than {} MiB, more than the server holds; add a LIMIT, \
             or read whole graphs from /store",
            MAX_RESULT_BYTES >> 20
        ),
    )
}

enum Failed {
    Evaluation(QueryEvaluationError),
    Write(io::Error),
}

impl From<io::Error> for Failed {
    fn from(e: io::Error) -> Self {
        Failed::Write(e)
    }
}

impl From<QueryEvaluationError> for Failed {
    fn from(e: QueryEvaluationError) -> Self {
        Failed::Evaluation(e)
    }
}

fn write_results(
    results: QueryResults<'_>,
    format: oxigraph::sparql::results::QueryResultsFormat,
    out: &mut Capped,
) -> Result<(), Failed> {
    let serializer = QueryResultsSerializer::from_format(format);
    match results {
        QueryResults::Solutions(solutions) => {
            let mut writer = serializer
                .serialize_solutions_to_writer(&mut *out, solutions.variables().to_vec())?;
            for solution in solutions {
                writer.serialize(&solution?)?;
            }
            writer.finish()?;
        }
        QueryResults::Boolean(value) => {
            serializer.serialize_boolean_to_writer(&mut *out, value)?;
        }
        QueryResults::Graph(_) => unreachable!("graphs are written by write_graph"),
    }
    Ok(())
}

fn write_graph(
    results: QueryResults<'_>,
    format: GraphFormat,
    out: &mut Capped,
) -> Result<(), Failed> {
    let QueryResults::Graph(triples) = results else {
        unreachable!("only graphs come here")
    };
    let mut writer = store::rdf_serializer(format.rdf()).for_writer(&mut *out);
    for triple in triples {
        writer.serialize_triple(&triple?)?;
    }
    writer.finish()?;
    Ok(())
}

/// An in-memory body that refuses to grow past [`MAX_RESULT_BYTES`].
#[derive(Default)]
struct Capped {
    bytes: Vec<u8>,
    exceeded: bool,
}

impl Write for Capped {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        if self.bytes.len() + data.len() > MAX_RESULT_BYTES {
            self.exceeded = true;
            return Err(io::Error::other("the result is too large"));
        }
        self.bytes.extend_from_slice(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
