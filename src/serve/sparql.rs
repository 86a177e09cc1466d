//! The SPARQL 1.1 Protocol at `/sparql`, for queries: GET with `?query=`,
//! POST as a form or as a direct `application/sparql-query` body, with
//! `default-graph-uri` and `named-graph-uri`. The answer is in the format the
//! client accepts (or names with `format=`), computed under a time limit.
//! `format=html` answers with a page (a table), for the page's form when the
//! browser runs no script.
//! Updates are refused: the server never changes the store. So are queries
//! that call `SERVICE`, unless the server was started with `--allow-service`,
//! and even then only `http:` and `https:` endpoints named in the query.
//! Answers are capped at `--max-rows` rows (solutions, or triples of a
//! graph) and [`MAX_RESULT_BYTES`]: a larger answer is refused with 422 and
//! a message, never cut short silently.

use std::collections::HashMap;
use std::io::{self, Write};
use std::sync::{mpsc, Arc, Mutex, OnceLock};
use std::thread;
use std::time::Duration;

use oxigraph::model::NamedNode;
use oxigraph::sparql::results::QueryResultsSerializer;
use oxigraph::sparql::{CancellationToken, QueryEvaluationError, QueryResults};
use spargebra::algebra::{AggregateExpression, Expression, GraphPattern, OrderExpression};
use spargebra::term::NamedNodePattern;

use super::formats::{self, GraphFormat, Kind, GRAPH_OFFERS, RESULTS_OFFERS};
use super::html;
use super::http::{negotiate, Method, Params, Reply, Request};
use super::App;
use crate::store::{self, QueryError, QueryOptions, Store};

/// Results larger than this are refused rather than held in memory.
pub const MAX_RESULT_BYTES: usize = 256 << 20;

/// A query as the protocol request gave it.
struct Query {
    text: String,
    options: QueryOptions,
    format: Option<String>,
    accept: Option<String>,
    /// IRIs under it link to their `/id/` pages in HTML results.
    base: String,
    /// Rows (solutions, or triples) past which the answer is refused.
    max_rows: usize,
}

pub fn handle(app: &App, req: &Request) -> Reply {
    let query = match read(req) {
        Ok(query) => query,
        Err(reply) => return reply,
    };
    if let Err(reply) = check_services(&query.text, app.allow_service) {
        return reply;
    }
    run(app, query)
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
    if url_params.has("update") {
        return Err(read_only());
    }
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
        _ => match url_params.one("query")? {
            Some(text) => (text.to_string(), url_params),
            None => return Err(no_query(req)),
        },
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
        max_rows: usize::MAX,
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

/// Answers a query: from [`Answers`] when the same query was answered
/// before or is being answered now, else by running it on a thread of its
/// own and waiting at most the time limit; past it the query is cancelled
/// and the answer is 503.
fn run(app: &App, query: Query) -> Reply {
    let key = AnswerKey {
        text: query.text.clone(),
        default_graphs: query.options.default_graphs.clone(),
        named_graphs: query.options.named_graphs.clone(),
        format: query.format.clone(),
        accept: query.accept.clone(),
    };
    app.answers.get_or_run(key, || run_now(app, query))
}

/// Runs a query now, on a thread of its own, under the time limit.
fn run_now(app: &App, mut query: Query) -> Reply {
    let token = CancellationToken::new();
    query.options.cancellation = Some(token.clone());
    query.base = app.base_iri.clone();
    query.max_rows = app.max_rows;
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
        return html_results(results, query);
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
            write_graph(results, chosen, &mut out, query.max_rows).map(|()| chosen.media_type())
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
            write_results(results, chosen, &mut out, query.max_rows).map(|()| chosen.media_type())
        }
    };
    match written {
        Ok(media_type) => Reply::new(200, media_type, out.bytes),
        Err(_) if out.exceeded => too_large(),
        Err(Failed::TooMany) => too_many(query.max_rows),
        Err(Failed::Evaluation(QueryEvaluationError::Cancelled)) => timed_out(Duration::ZERO),
        Err(Failed::Evaluation(e)) => Reply::text(500, format!("query failed: {e}")),
        Err(Failed::Write(e)) => Reply::text(500, format!("cannot write the results: {e}")),
    }
}

/// `format=html`: the results as a page, for the form of the page at `/`
/// when the browser runs no script. SELECT gives a table, ASK a sentence,
/// CONSTRUCT and DESCRIBE their Turtle.
fn html_results(results: QueryResults<'_>, query: &Query) -> Reply {
    let (text, base) = (query.text.as_str(), query.base.as_str());
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
                if rows > query.max_rows {
                    return too_many(query.max_rows);
                }
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
            match write_graph(graph, GraphFormat::Turtle, &mut out, query.max_rows) {
                Ok(()) => {}
                Err(_) if out.exceeded => return too_large(),
                Err(Failed::TooMany) => return too_many(query.max_rows),
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
        422,
        format!(
            "the result is larger than {} MiB, more than the server sends; add a LIMIT, \
             or read whole graphs from /store",
            MAX_RESULT_BYTES >> 20
        ),
    )
}

fn too_many(max_rows: usize) -> Reply {
    Reply::text(
        422,
        format!(
            "the result has more than {max_rows} rows (solutions, or triples of a graph), the \
             server's limit (--max-rows); add a LIMIT (and OFFSET to page through it), or read \
             whole graphs from /store"
        ),
    )
}

/// Refuses a query that calls `SERVICE`, unless the server allows it; even
/// then only constant `http:` and `https:` endpoints, never `file:` or a
/// variable. A query that does not parse is left to the store, which
/// reports the syntax error.
fn check_services(text: &str, allowed: bool) -> Result<(), Reply> {
    let mut parser = spargebra::SparqlParser::new();
    for (prefix, iri) in crate::vocab::PREFIXES {
        parser = parser
            .with_prefix(*prefix, *iri)
            .expect("the built-in prefixes are valid IRIs");
    }
    let Ok(parsed) = parser.parse_query(text) else {
        return Ok(());
    };
    let pattern = match &parsed {
        spargebra::Query::Select { pattern, .. }
        | spargebra::Query::Construct { pattern, .. }
        | spargebra::Query::Describe { pattern, .. }
        | spargebra::Query::Ask { pattern, .. } => pattern,
    };
    let mut names = Vec::new();
    services_in(pattern, &mut names);
    let Some(first) = names.first() else {
        return Ok(());
    };
    if !allowed {
        return Err(Reply::text(
            403,
            format!(
                "this server does not run federated queries: the query calls SERVICE {first}. \
                 Query the graph without SERVICE, or ask the operator to start edupol serve \
                 with --allow-service"
            ),
        ));
    }
    for name in names {
        match name {
            NamedNodePattern::NamedNode(iri)
                if iri.as_str().starts_with("http://") || iri.as_str().starts_with("https://") => {}
            NamedNodePattern::NamedNode(iri) => {
                return Err(Reply::text(
                    403,
                    format!(
                        "SERVICE {iri} is refused: only http: and https: endpoints are queried"
                    ),
                ))
            }
            NamedNodePattern::Variable(v) => {
                return Err(Reply::text(
                    403,
                    format!(
                        "SERVICE {v} is refused: name the endpoint in the query, \
                         as SERVICE <https://…>"
                    ),
                ))
            }
        }
    }
    Ok(())
}

/// The endpoints of every `SERVICE` in a pattern, also inside `EXISTS`.
fn services_in<'a>(pattern: &'a GraphPattern, out: &mut Vec<&'a NamedNodePattern>) {
    match pattern {
        GraphPattern::Bgp { .. } | GraphPattern::Path { .. } | GraphPattern::Values { .. } => {}
        GraphPattern::Join { left, right }
        | GraphPattern::Union { left, right }
        | GraphPattern::Minus { left, right }
        | GraphPattern::Lateral { left, right } => {
            services_in(left, out);
            services_in(right, out);
        }
        GraphPattern::LeftJoin {
            left,
            right,
            expression,
        } => {
            services_in(left, out);
            services_in(right, out);
            if let Some(e) = expression {
                services_in_expression(e, out);
            }
        }
        GraphPattern::Filter { expr, inner } => {
            services_in_expression(expr, out);
            services_in(inner, out);
        }
        GraphPattern::Extend {
            inner, expression, ..
        } => {
            services_in_expression(expression, out);
            services_in(inner, out);
        }
        GraphPattern::OrderBy { inner, expression } => {
            for e in expression {
                let (OrderExpression::Asc(e) | OrderExpression::Desc(e)) = e;
                services_in_expression(e, out);
            }
            services_in(inner, out);
        }
        GraphPattern::Group {
            inner, aggregates, ..
        } => {
            for (_, aggregate) in aggregates {
                if let AggregateExpression::FunctionCall { expr, .. } = aggregate {
                    services_in_expression(expr, out);
                }
            }
            services_in(inner, out);
        }
        GraphPattern::Graph { inner, .. }
        | GraphPattern::Project { inner, .. }
        | GraphPattern::Distinct { inner }
        | GraphPattern::Reduced { inner }
        | GraphPattern::Slice { inner, .. } => services_in(inner, out),
        GraphPattern::Service { name, inner, .. } => {
            out.push(name);
            services_in(inner, out);
        }
    }
}

fn services_in_expression<'a>(expression: &'a Expression, out: &mut Vec<&'a NamedNodePattern>) {
    match expression {
        Expression::NamedNode(_)
        | Expression::Literal(_)
        | Expression::Variable(_)
        | Expression::Bound(_) => {}
        Expression::Exists(pattern) => services_in(pattern, out),
        Expression::Or(a, b)
        | Expression::And(a, b)
        | Expression::Equal(a, b)
        | Expression::SameTerm(a, b)
        | Expression::Greater(a, b)
        | Expression::GreaterOrEqual(a, b)
        | Expression::Less(a, b)
        | Expression::LessOrEqual(a, b)
        | Expression::Add(a, b)
        | Expression::Subtract(a, b)
        | Expression::Multiply(a, b)
        | Expression::Divide(a, b) => {
            services_in_expression(a, out);
            services_in_expression(b, out);
        }
        Expression::UnaryPlus(a) | Expression::UnaryMinus(a) | Expression::Not(a) => {
            services_in_expression(a, out)
        }
        Expression::If(a, b, c) => {
            for e in [a, b, c] {
                services_in_expression(e, out);
            }
        }
        Expression::In(a, list) => {
            services_in_expression(a, out);
            for e in list {
                services_in_expression(e, out);
            }
        }
        Expression::Coalesce(list) | Expression::FunctionCall(_, list) => {
            for e in list {
                services_in_expression(e, out);
            }
        }
    }
}

enum Failed {
    /// More rows than the server's limit.
    TooMany,
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
    max_rows: usize,
) -> Result<(), Failed> {
    let serializer = QueryResultsSerializer::from_format(format);
    match results {
        QueryResults::Solutions(solutions) => {
            let mut writer = serializer
                .serialize_solutions_to_writer(&mut *out, solutions.variables().to_vec())?;
            for (row, solution) in solutions.enumerate() {
                if row == max_rows {
                    return Err(Failed::TooMany);
                }
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
    max_rows: usize,
) -> Result<(), Failed> {
    let QueryResults::Graph(triples) = results else {
        unreachable!("only graphs come here")
    };
    let mut writer = store::rdf_serializer(format.rdf()).for_writer(&mut *out);
    for (row, triple) in triples.enumerate() {
        if row == max_rows {
            return Err(Failed::TooMany);
        }
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

/// What makes two requests the same query with the same answer.
#[derive(Clone, PartialEq, Eq, Hash)]
struct AnswerKey {
    text: String,
    default_graphs: Vec<NamedNode>,
    named_graphs: Vec<NamedNode>,
    format: Option<String>,
    accept: Option<String>,
}

/// An answer as sent: status, headers and body.
struct Answer {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

impl Answer {
    fn reply(&self) -> Reply {
        Reply {
            status: self.status,
            headers: self.headers.clone(),
            body: super::http::Body::Bytes(self.body.clone()),
        }
    }
}

/// The answers of queries already run. The server opens the store read-only
/// and never sees it change, so the same query always has the same answer:
/// a repeated query (the saved queries of the page, a shared link) is
/// answered from here, and the same query asked by many clients at once runs
/// once while the others wait for its answer. Only successful answers up to
/// [`Answers::MAX_ANSWER_BYTES`] are kept, [`Answers::MAX_BYTES`] in all (past
/// that the cache starts again empty).
#[derive(Default)]
pub struct Answers {
    slots: Mutex<Slots>,
}

#[derive(Default)]
struct Slots {
    map: HashMap<AnswerKey, Arc<OnceLock<Answer>>>,
    bytes: usize,
}

impl Answers {
    const MAX_ANSWER_BYTES: usize = 8 << 20;
    const MAX_BYTES: usize = 64 << 20;

    fn get_or_run(&self, key: AnswerKey, run: impl FnOnce() -> Reply) -> Reply {
        let cell = {
            let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
            Arc::clone(slots.map.entry(key.clone()).or_default())
        };
        let mut fresh = false;
        let answer = cell.get_or_init(|| {
            fresh = true;
            match run() {
                Reply {
                    status,
                    headers,
                    body: super::http::Body::Bytes(body),
                } => Answer {
                    status,
                    headers,
                    body,
                },
                // not an answer to keep (queries never stream)
                _ => Answer {
                    status: 500,
                    headers: vec![("Content-Type", "text/plain; charset=utf-8".into())],
                    body: b"internal error: a query answer streamed\n".to_vec(),
                },
            }
        });
        if fresh {
            let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
            let keep = answer.status == 200 && answer.body.len() <= Self::MAX_ANSWER_BYTES;
            if !keep {
                // Errors and time-outs are not kept: the next request tries again.
                slots.map.remove(&key);
            } else {
                if slots.bytes + answer.body.len() > Self::MAX_BYTES {
                    slots.map.retain(|k, c| k == &key || c.get().is_none());
                    slots.bytes = 0;
                }
                slots.bytes += answer.body.len();
            }
        }
        answer.reply()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn key(text: &str) -> AnswerKey {
        AnswerKey {
            text: text.into(),
            default_graphs: Vec::new(),
            named_graphs: Vec::new(),
            format: None,
            accept: None,
        }
    }

    #[test]
    fn the_same_query_runs_once_even_when_asked_at_once() {
        let answers = Answers::default();
        let runs = AtomicUsize::new(0);
        std::thread::scope(|scope| {
            for _ in 0..8 {
                scope.spawn(|| {
                    let reply = answers.get_or_run(key("ASK {}"), || {
                        runs.fetch_add(1, Ordering::SeqCst);
                        std::thread::sleep(Duration::from_millis(200));
                        Reply::text(200, "true")
                    });
                    assert_eq!(reply.status, 200);
                    assert_eq!(reply.bytes(), b"true\n");
                });
            }
        });
        assert_eq!(runs.load(Ordering::SeqCst), 1);
        // another query, or the same in another format, runs on its own
        let mut csv = key("ASK {}");
        csv.accept = Some("text/csv".into());
        for k in [key("ASK { ?s ?p ?o }"), csv] {
            answers.get_or_run(k, || {
                runs.fetch_add(1, Ordering::SeqCst);
                Reply::text(200, "x")
            });
        }
        assert_eq!(runs.load(Ordering::SeqCst), 3);
    }

    #[test]
    fn failures_are_not_kept() {
        let answers = Answers::default();
        let runs = AtomicUsize::new(0);
        for _ in 0..3 {
            let reply = answers.get_or_run(key("SELECT"), || {
                runs.fetch_add(1, Ordering::SeqCst);
                Reply::text(503, "timed out")
            });
            assert_eq!(reply.status, 503);
        }
        assert_eq!(runs.load(Ordering::SeqCst), 3);
    }

    #[test]
    fn service_is_found_wherever_it_hides() {
        let refused = |q: &str| check_services(q, false).is_err();
        assert!(refused("SELECT * { SERVICE <http://x/> { ?s ?p ?o } }"));
        assert!(refused(
            "SELECT * { ?s ?p ?o FILTER NOT EXISTS { SERVICE <http://x/> { ?s ?p ?o } } }"
        ));
        assert!(refused(
            "SELECT (COUNT(*) AS ?n) { { SELECT ?s { ?s ?p ?o MINUS { SERVICE <http://x/> { ?s ?p ?o } } } } }"
        ));
        assert!(refused(
            "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o BIND(EXISTS { SERVICE <http://x/> {} } AS ?b) }"
        ));
        assert!(!refused("SELECT * { ?s edu:service ?o }"));
        assert!(!refused("SELECT * { ?s ?p \"SERVICE <http://x/> {}\" }"));
        // allowed: http(s) constants only
        assert!(check_services("SELECT * { SERVICE <https://x/> { ?s ?p ?o } }", true).is_ok());
        assert!(check_services("SELECT * { SERVICE <file:///etc/passwd> {} }", true).is_err());
        assert!(check_services("SELECT * { SERVICE ?e {} }", true).is_err());
    }
}
