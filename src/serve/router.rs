//! Which module answers which path, and the answers for paths and methods
//! that no module takes.

use super::http::{negotiate, Method, Reply, Request};
use super::{assets, entity, graph_store, home, html, ids, sparql, App};

pub fn route(app: &App, req: &Request) -> Reply {
    match req.path.as_str() {
        "/sparql" => match req.method {
            Method::Get | Method::Head | Method::Post => sparql::handle(app, req),
            _ => not_allowed("GET, HEAD, POST, OPTIONS", "/sparql answers queries"),
        },
        "/" | "/index.html" => match req.method {
            Method::Get | Method::Head => home::handle(app),
            _ => not_allowed(
                "GET, HEAD, OPTIONS",
                "the page is read with GET; queries go to /sparql",
            ),
        },
        "/store" => match req.method {
            Method::Get | Method::Head => graph_store::handle(app, req),
            _ => not_allowed(
                "GET, HEAD, OPTIONS",
                "the store is read-only over HTTP; `edupol build` writes it",
            ),
        },
        path if path.starts_with(assets::PREFIX) => match req.method {
            Method::Get | Method::Head => assets::handle(req).unwrap_or_else(|| {
                not_found(req, "There is no such file among the page's assets.")
            }),
            _ => not_allowed("GET, HEAD, OPTIONS", "assets are read with GET"),
        },
        path if path.starts_with(ids::PREFIX) => match req.method {
            Method::Get | Method::Head => entity::handle(app, req),
            _ => not_allowed("GET, HEAD, OPTIONS", "nodes are read with GET"),
        },
        _ => not_found(req, "There is nothing at this address."),
    }
}

fn not_allowed(allow: &'static str, why: &str) -> Reply {
    Reply::text(405, format!("method not allowed: {why} (allowed: {allow})"))
        .with_header("Allow", allow)
}

/// 404, as a page for browsers and as text for other clients.
pub fn not_found(req: &Request, message: &str) -> Reply {
    let wants_html = negotiate(
        req.header("accept"),
        &[("text/plain", false), ("text/html", true)],
    ) == Some(true);
    if wants_html {
        let body = format!(
            "<h1>Not found</h1>\n<p>{}</p>\n<p><a href=\"/\">Query the graph</a> or browse the documents listed there.</p>",
            html::escape(message)
        );
        Reply::html(404, html::page("Not found", &body))
    } else {
        Reply::text(404, format!("not found: {message}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;
    use std::time::Duration;

    fn app() -> App {
        App {
            store: Store::in_memory().unwrap(),
            base_iri: crate::vocab::ID_BASE.to_string(),
            timeout: Duration::from_secs(5),
            max_rows: 1000,
            allow_service: false,
            answers: Default::default(),
        }
    }

    #[test]
    fn unknown_paths_and_methods_are_refused_politely() {
        let app = app();
        let r = route(&app, &Request::new(Method::Get, "/nothing"));
        assert_eq!(r.status, 404);
        let r = route(
            &app,
            &Request::new(Method::Get, "/nothing").with_header("Accept", "text/html"),
        );
        assert_eq!(r.status, 404);
        assert!(String::from_utf8_lossy(r.bytes()).contains("<h1>"));
        let r = route(&app, &Request::new(Method::Post, "/store"));
        assert_eq!(r.status, 405);
        assert!(r.header("Allow").is_some());
        let r = route(&app, &Request::new(Method::Other, "/sparql"));
        assert_eq!(r.status, 405);
    }
}
