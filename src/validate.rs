//! `edupol validate`: checks the store against the SHACL shapes of
//! `ontology/shapes.ttl`.
//!
//! No SHACL engine: this reads the small subset of SHACL Core the shapes file
//! uses — node shapes with `sh:targetClass`, property shapes with an IRI
//! `sh:path` and `sh:minCount`, `sh:maxCount`, `sh:datatype`, `sh:class`,
//! `sh:in`, `sh:pattern` (+ `sh:flags`) and `sh:nodeKind` — and turns each
//! constraint into one SPARQL query over the union graph. Anything else in a
//! shape is refused when the shapes are parsed, so a shape never silently
//! checks less than it says. Focus nodes are the instances of the target
//! class and of its subclasses (`rdf:type/rdfs:subClassOf*`, through the
//! ontology's graph in the store).

use std::collections::{BTreeMap, HashMap};

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{Literal, NamedNode, NamedOrBlankNode, Term};
use oxigraph::sparql::QueryResults;

use crate::store::{QueryError, Store, StoreError};

/// The shapes, compiled in.
pub const SHAPES_TTL: &str = include_str!("../ontology/shapes.ttl");

const SH: &str = "http://www.w3.org/ns/shacl#";

/// A node shape: its targets and its property shapes.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeShape {
    /// The shape's IRI (or blank node label).
    pub name: String,
    pub target_classes: Vec<NamedNode>,
    pub properties: Vec<PropertyShape>,
}

/// A property shape: a path and what its values must satisfy.
#[derive(Debug, Clone, PartialEq)]
pub struct PropertyShape {
    pub path: NamedNode,
    pub constraints: Vec<Constraint>,
    /// `sh:message`, used for every violation of this property shape.
    pub message: Option<String>,
}

/// The constraint components understood.
#[derive(Debug, Clone, PartialEq)]
pub enum Constraint {
    MinCount(u64),
    MaxCount(u64),
    Datatype(NamedNode),
    Class(NamedNode),
    In(Vec<Term>),
    Pattern {
        pattern: String,
        flags: Option<String>,
    },
    NodeKind(NodeKind),
}

/// The values of `sh:nodeKind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    Iri,
    Literal,
    BlankNode,
    BlankNodeOrIri,
    BlankNodeOrLiteral,
    IriOrLiteral,
}

impl NodeKind {
    fn from_iri(iri: &str) -> Option<NodeKind> {
        Some(match iri.strip_prefix(SH)? {
            "IRI" => NodeKind::Iri,
            "Literal" => NodeKind::Literal,
            "BlankNode" => NodeKind::BlankNode,
            "BlankNodeOrIRI" => NodeKind::BlankNodeOrIri,
            "BlankNodeOrLiteral" => NodeKind::BlankNodeOrLiteral,
            "IRIOrLiteral" => NodeKind::IriOrLiteral,
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        match self {
            NodeKind::Iri => "IRI",
            NodeKind::Literal => "Literal",
            NodeKind::BlankNode => "BlankNode",
            NodeKind::BlankNodeOrIri => "BlankNodeOrIRI",
            NodeKind::BlankNodeOrLiteral => "BlankNodeOrLiteral",
            NodeKind::IriOrLiteral => "IRIOrLiteral",
        }
    }

    /// A SPARQL expression true when `?v` has this kind.
    fn test(self) -> &'static str {
        match self {
            NodeKind::Iri => "isIRI(?v)",
            NodeKind::Literal => "isLiteral(?v)",
            NodeKind::BlankNode => "isBlank(?v)",
            NodeKind::BlankNodeOrIri => "(isBlank(?v) || isIRI(?v))",
            NodeKind::BlankNodeOrLiteral => "(isBlank(?v) || isLiteral(?v))",
            NodeKind::IriOrLiteral => "(isIRI(?v) || isLiteral(?v))",
        }
    }
}

impl Constraint {
    /// The constraint as the shapes file writes it, e.g. `sh:maxCount 1`.
    pub fn describe(&self) -> String {
        match self {
            Constraint::MinCount(n) => format!("sh:minCount {n}"),
            Constraint::MaxCount(n) => format!("sh:maxCount {n}"),
            Constraint::Datatype(d) => format!("sh:datatype {}", short(d.as_str())),
            Constraint::Class(c) => format!("sh:class {}", short(c.as_str())),
            Constraint::In(values) => {
                let values: Vec<String> = values.iter().map(term_short).collect();
                format!("sh:in ({})", values.join(" "))
            }
            Constraint::Pattern { pattern, flags } => match flags {
                Some(f) => format!("sh:pattern {pattern:?} (flags {f:?})"),
                None => format!("sh:pattern {pattern:?}"),
            },
            Constraint::NodeKind(k) => format!("sh:nodeKind sh:{}", k.name()),
        }
    }
}

/// The shapes file could not be read as the supported subset.
#[derive(Debug, thiserror::Error)]
pub enum ShapesError {
    #[error("the shapes are not valid Turtle: {0}")]
    Syntax(String),
    #[error("shape {shape}: {message}")]
    Unsupported { shape: String, message: String },
}

/// One violation of a constraint by one focus node.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Violation {
    /// The node shape, e.g. `https://w3id.org/edupol/shapes#Quantity`.
    pub shape: String,
    /// The focus node (N-Triples form for blank nodes and literals).
    pub focus: String,
    pub path: String,
    /// The constraint as written, e.g. `sh:maxCount 1`.
    pub constraint: String,
    /// The offending value (for value constraints), N-Triples form.
    pub value: Option<String>,
    pub message: String,
    /// The source document the focus node was read from, when known.
    pub source: Option<String>,
}

/// The outcome of a validation.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Report {
    /// Node shapes and constraints checked.
    pub shapes: usize,
    pub constraints: usize,
    /// Focus nodes checked (over all shapes).
    pub focus_nodes: u64,
    /// Sorted by source, focus, path and constraint.
    pub violations: Vec<Violation>,
}

impl Report {
    pub fn conforms(&self) -> bool {
        self.violations.is_empty()
    }
}

/// The built-in shapes.
pub fn shapes() -> Vec<NodeShape> {
    parse_shapes(SHAPES_TTL).expect("the built-in shapes parse")
}

/// Reads node shapes from Turtle, refusing what the validator does not
/// understand.
pub fn parse_shapes(turtle: &str) -> Result<Vec<NodeShape>, ShapesError> {
    let mut index: HashMap<NamedOrBlankNode, Vec<(NamedNode, Term)>> = HashMap::new();
    let mut order = Vec::new();
    for quad in RdfParser::from_format(RdfFormat::Turtle).for_slice(turtle.as_bytes()) {
        let quad = quad.map_err(|e| ShapesError::Syntax(e.to_string()))?;
        if !index.contains_key(&quad.subject) {
            order.push(quad.subject.clone());
        }
        index
            .entry(quad.subject)
            .or_default()
            .push((quad.predicate, quad.object));
    }
    let sh = |local: &str| format!("{SH}{local}");
    let mut shapes = Vec::new();
    for subject in &order {
        let props = &index[subject];
        let name = subject_name(subject);
        let unsupported = |message: String| ShapesError::Unsupported {
            shape: name.clone(),
            message,
        };
        let is_node_shape = props.iter().any(|(p, o)| {
            p.as_str() == sh("targetClass")
                || (p.as_ref() == rdf::TYPE
                    && matches!(o, Term::NamedNode(n) if n.as_str() == sh("NodeShape")))
        });
        if !is_node_shape {
            continue;
        }
        let mut shape = NodeShape {
            name: name.clone(),
            target_classes: Vec::new(),
            properties: Vec::new(),
        };
        for (p, o) in props {
            match p.as_str().strip_prefix(SH) {
                Some("targetClass") => match o {
                    Term::NamedNode(n) => shape.target_classes.push(n.clone()),
                    _ => return Err(unsupported("sh:targetClass must be an IRI".into())),
                },
                Some("property") => {
                    let node = match o {
                        Term::NamedNode(n) => NamedOrBlankNode::from(n.clone()),
                        Term::BlankNode(b) => NamedOrBlankNode::from(b.clone()),
                        _ => return Err(unsupported("sh:property must be a node".into())),
                    };
                    let property = parse_property(&index, &node).map_err(unsupported)?;
                    shape.properties.push(property);
                }
                Some("name" | "description" | "message") => {}
                Some(other) => return Err(unsupported(format!("sh:{other} is not supported"))),
                None => {}
            }
        }
        if shape.target_classes.is_empty() {
            return Err(unsupported("a node shape needs sh:targetClass".into()));
        }
        shapes.push(shape);
    }
    Ok(shapes)
}

fn subject_name(subject: &NamedOrBlankNode) -> String {
    match subject {
        NamedOrBlankNode::NamedNode(n) => n.as_str().to_string(),
        other => other.to_string(),
    }
}

fn parse_property(
    index: &HashMap<NamedOrBlankNode, Vec<(NamedNode, Term)>>,
    node: &NamedOrBlankNode,
) -> Result<PropertyShape, String> {
    let props = index
        .get(node)
        .ok_or_else(|| format!("property shape {node} has no statements"))?;
    let mut path = None;
    let mut constraints = Vec::new();
    let mut message = None;
    let mut pattern = None;
    let mut flags = None;
    let count = |o: &Term, what: &str| -> Result<u64, String> {
        match o {
            Term::Literal(l) => l
                .value()
                .parse()
                .map_err(|_| format!("{what} must be a non-negative integer")),
            _ => Err(format!("{what} must be a non-negative integer")),
        }
    };
    let iri = |o: &Term, what: &str| -> Result<NamedNode, String> {
        match o {
            Term::NamedNode(n) => Ok(n.clone()),
            _ => Err(format!("{what} must be an IRI")),
        }
    };
    let string = |o: &Term, what: &str| -> Result<String, String> {
        match o {
            Term::Literal(l) => Ok(l.value().to_string()),
            _ => Err(format!("{what} must be a literal")),
        }
    };
    for (p, o) in props {
        match p.as_str().strip_prefix(SH) {
            Some("path") => {
                path = Some(iri(o, "sh:path").map_err(|_| {
                    "sh:path must be an IRI (property paths are not supported)".to_string()
                })?)
            }
            Some("minCount") => constraints.push(Constraint::MinCount(count(o, "sh:minCount")?)),
            Some("maxCount") => constraints.push(Constraint::MaxCount(count(o, "sh:maxCount")?)),
            Some("datatype") => constraints.push(Constraint::Datatype(iri(o, "sh:datatype")?)),
            Some("class") => constraints.push(Constraint::Class(iri(o, "sh:class")?)),
            Some("nodeKind") => {
                let kind = iri(o, "sh:nodeKind")?;
                let kind = NodeKind::from_iri(kind.as_str())
                    .ok_or_else(|| format!("unknown sh:nodeKind {kind}"))?;
                constraints.push(Constraint::NodeKind(kind));
            }
            Some("in") => constraints.push(Constraint::In(read_list(index, o)?)),
            Some("pattern") => pattern = Some(string(o, "sh:pattern")?),
            Some("flags") => flags = Some(string(o, "sh:flags")?),
            Some("message") => message = Some(string(o, "sh:message")?),
            Some("name" | "description") => {}
            Some(other) => return Err(format!("sh:{other} is not supported")),
            None => {}
        }
    }
    if let Some(pattern) = pattern {
        regex::Regex::new(&pattern).map_err(|e| format!("bad sh:pattern {pattern:?}: {e}"))?;
        constraints.push(Constraint::Pattern { pattern, flags });
    } else if flags.is_some() {
        return Err("sh:flags without sh:pattern".into());
    }
    let path = path.ok_or_else(|| "a property shape needs sh:path".to_string())?;
    Ok(PropertyShape {
        path,
        constraints,
        message,
    })
}

/// The members of an RDF list.
fn read_list(
    index: &HashMap<NamedOrBlankNode, Vec<(NamedNode, Term)>>,
    head: &Term,
) -> Result<Vec<Term>, String> {
    let mut items = Vec::new();
    let mut node = head.clone();
    for _ in 0..10_000 {
        let cell = match &node {
            Term::NamedNode(n) if n.as_ref() == rdf::NIL => return Ok(items),
            Term::NamedNode(n) => NamedOrBlankNode::from(n.clone()),
            Term::BlankNode(b) => NamedOrBlankNode::from(b.clone()),
            _ => break,
        };
        let props = index.get(&cell).ok_or("sh:in must be a list")?;
        let first = props.iter().find(|(p, _)| p.as_ref() == rdf::FIRST);
        let rest = props.iter().find(|(p, _)| p.as_ref() == rdf::REST);
        match (first, rest) {
            (Some((_, first)), Some((_, rest))) => {
                items.push(first.clone());
                node = rest.clone();
            }
            _ => break,
        }
    }
    Err("sh:in must be a well-formed list".into())
}

/// Checks the store against the built-in shapes.
pub fn validate(store: &Store) -> Result<Report, StoreError> {
    validate_with(store, &shapes())
}

/// Checks the store against `shapes`.
pub fn validate_with(store: &Store, shapes: &[NodeShape]) -> Result<Report, StoreError> {
    let mut report = Report {
        shapes: shapes.len(),
        ..Report::default()
    };
    let mut sources: HashMap<String, Option<String>> = HashMap::new();
    for shape in shapes {
        let targets = target_pattern(&shape.target_classes);
        let n = select(
            store,
            &format!("SELECT (COUNT(DISTINCT ?focus) AS ?n) WHERE {{ {targets} }}"),
        )?;
        report.focus_nodes += n
            .first()
            .and_then(|row| row.get("n"))
            .and_then(|t| match t {
                Term::Literal(l) => l.value().parse().ok(),
                _ => None,
            })
            .unwrap_or(0);
        for property in &shape.properties {
            for constraint in &property.constraints {
                report.constraints += 1;
                let query = constraint_query(&targets, &property.path, constraint);
                for row in select(store, &query)? {
                    let Some(focus) = row.get("focus").cloned() else {
                        continue;
                    };
                    let value = row.get("v").cloned();
                    let count = row.get("n").and_then(|t| match t {
                        Term::Literal(l) => l.value().parse::<u64>().ok(),
                        _ => None,
                    });
                    let focus_text = term_text(&focus);
                    let source = match sources.get(&focus_text) {
                        Some(s) => s.clone(),
                        None => {
                            let s = source_of(store, &focus)?;
                            sources.insert(focus_text.clone(), s.clone());
                            s
                        }
                    };
                    let detail = detail(constraint, &property.path, value.as_ref(), count);
                    let message = match &property.message {
                        Some(m) => format!("{m} ({detail})"),
                        None => detail,
                    };
                    report.violations.push(Violation {
                        shape: shape.name.clone(),
                        focus: focus_text,
                        path: property.path.as_str().to_string(),
                        constraint: constraint.describe(),
                        value: value.as_ref().map(ToString::to_string),
                        message,
                        source,
                    });
                }
            }
        }
    }
    report.violations.sort_by(|a, b| {
        (&a.source, &a.focus, &a.path, &a.constraint, &a.value).cmp(&(
            &b.source,
            &b.focus,
            &b.path,
            &b.constraint,
            &b.value,
        ))
    });
    report.violations.dedup();
    Ok(report)
}

/// The graph pattern binding `?focus` to every instance of the classes.
fn target_pattern(classes: &[NamedNode]) -> String {
    let values: Vec<String> = classes.iter().map(ToString::to_string).collect();
    format!(
        "VALUES ?class {{ {} }} ?focus <{}>/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* ?class .",
        values.join(" "),
        rdf::TYPE.as_str()
    )
}

/// The SELECT query whose solutions are the violations of one constraint:
/// `?focus`, and `?v` (the value) or `?n` (the count).
pub fn constraint_query(targets: &str, path: &NamedNode, constraint: &Constraint) -> String {
    let value_query = |filter: String| {
        format!(
            "SELECT DISTINCT ?focus ?v WHERE {{ {targets} ?focus {path} ?v . FILTER({filter}) }}"
        )
    };
    match constraint {
        Constraint::MinCount(min) => format!(
            "SELECT ?focus (COUNT(DISTINCT ?v) AS ?n) WHERE {{ {{ SELECT DISTINCT ?focus WHERE {{ {targets} }} }} \
             OPTIONAL {{ ?focus {path} ?v }} }} GROUP BY ?focus HAVING (COUNT(DISTINCT ?v) < {min})"
        ),
        Constraint::MaxCount(max) => format!(
            "SELECT ?focus (COUNT(DISTINCT ?v) AS ?n) WHERE {{ {{ SELECT DISTINCT ?focus WHERE {{ {targets} }} }} \
             ?focus {path} ?v }} GROUP BY ?focus HAVING (COUNT(DISTINCT ?v) > {max})"
        ),
        Constraint::Datatype(datatype) => {
            let mut filter = format!("!isLiteral(?v) || datatype(?v) != {datatype}");
            // A literal of a checked datatype must also be well formed.
            if datatype.as_ref() == xsd::DECIMAL {
                filter.push_str(" || !REGEX(STR(?v), \"^[+-]?([0-9]+(\\\\.[0-9]*)?|\\\\.[0-9]+)$\")");
            } else if datatype.as_ref() == xsd::G_YEAR {
                filter.push_str(" || !REGEX(STR(?v), \"^-?[0-9]{4,}(Z|[+-][0-9]{2}:[0-9]{2})?$\")");
            }
            value_query(filter)
        }
        Constraint::Class(class) => format!(
            "SELECT DISTINCT ?focus ?v WHERE {{ {targets} ?focus {path} ?v . \
             FILTER NOT EXISTS {{ ?v <{}>/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* {class} }} }}",
            rdf::TYPE.as_str()
        ),
        Constraint::In(values) => {
            let tests: Vec<String> = values
                .iter()
                .map(|t| format!("sameTerm(?v, {t})"))
                .collect();
            let allowed = if tests.is_empty() {
                "false".to_string()
            } else {
                tests.join(" || ")
            };
            value_query(format!("!({allowed})"))
        }
        Constraint::Pattern { pattern, flags } => {
            let pattern = Literal::new_simple_literal(pattern);
            let regex = match flags {
                Some(f) => format!("REGEX(STR(?v), {pattern}, {})", Literal::new_simple_literal(f)),
                None => format!("REGEX(STR(?v), {pattern})"),
            };
            value_query(format!("isBlank(?v) || !{regex}"))
        }
        Constraint::NodeKind(kind) => value_query(format!("!{}", kind.test())),
    }
}

/// What the violation is, in words.
fn detail(
    constraint: &Constraint,
    path: &NamedNode,
    value: Option<&Term>,
    n: Option<u64>,
) -> String {
    let path = short(path.as_str());
    let value = value.map(term_short).unwrap_or_default();
    match constraint {
        Constraint::MinCount(min) => {
            format!(
                "{} value(s) of {path}, at least {min} required",
                n.unwrap_or(0)
            )
        }
        Constraint::MaxCount(max) => {
            format!("{} values of {path}, at most {max} allowed", n.unwrap_or(0))
        }
        Constraint::Datatype(d) => format!("{path} {value} is not a {}", short(d.as_str())),
        Constraint::Class(c) => format!("{path} {value} is not a {}", short(c.as_str())),
        Constraint::In(_) => format!("{path} {value} is not one of the allowed values"),
        Constraint::Pattern { pattern, .. } => {
            format!("{path} {value} does not match {pattern:?}")
        }
        Constraint::NodeKind(k) => format!("{path} {value} is not a {}", k.name()),
    }
}

/// The source document a focus node was read from: the document graph it is
/// in, else the document of the article it was derived from or mentioned in,
/// else any graph it is in.
fn source_of(store: &Store, focus: &Term) -> Result<Option<String>, StoreError> {
    let Term::NamedNode(node) = focus else {
        return Ok(None);
    };
    let query = format!(
        "SELECT ?doc WHERE {{
           {{ GRAPH ?doc {{ {node} ?p ?o }} ?doc a edu:SourceDocument }}
           UNION {{ {node} (prov:wasDerivedFrom|edu:mentionedIn|dcterms:isPartOf) ?doc . ?doc a edu:SourceDocument }}
           UNION {{ {node} (prov:wasDerivedFrom|edu:mentionedIn) ?a . ?a dcterms:isPartOf ?doc }}
         }} ORDER BY ?doc LIMIT 1"
    );
    if let Some(doc) = first_iri(store, &query, "doc")? {
        return Ok(Some(doc));
    }
    first_iri(
        store,
        &format!("SELECT ?g WHERE {{ GRAPH ?g {{ {node} ?p ?o }} }} ORDER BY ?g LIMIT 1"),
        "g",
    )
}

fn first_iri(store: &Store, query: &str, var: &str) -> Result<Option<String>, StoreError> {
    Ok(select(store, query)?
        .first()
        .and_then(|row| match row.get(var) {
            Some(Term::NamedNode(n)) => Some(n.as_str().to_string()),
            _ => None,
        }))
}

fn select(store: &Store, query: &str) -> Result<Vec<BTreeMap<String, Term>>, StoreError> {
    let evaluation = |e: &dyn std::fmt::Display| QueryError::Evaluation(format!("{e}\n{query}"));
    match store.query(query)? {
        QueryResults::Solutions(solutions) => {
            let mut rows = Vec::new();
            for solution in solutions {
                let solution = solution.map_err(|e| evaluation(&e))?;
                rows.push(
                    solution
                        .iter()
                        .map(|(var, term)| (var.as_str().to_string(), term.clone()))
                        .collect(),
                );
            }
            Ok(rows)
        }
        _ => Ok(Vec::new()),
    }
}

/// An IRI as the report shows it: the IRI itself; other terms in N-Triples.
fn term_text(term: &Term) -> String {
    match term {
        Term::NamedNode(n) => n.as_str().to_string(),
        other => other.to_string(),
    }
}

/// A term with the contract's prefixes where one applies.
fn term_short(term: &Term) -> String {
    match term {
        Term::NamedNode(n) => short(n.as_str()),
        other => other.to_string(),
    }
}

/// An IRI as a prefixed name when a contract prefix (or `sh:`) covers it.
pub fn short(iri: &str) -> String {
    for (prefix, ns) in crate::vocab::PREFIXES.iter().chain([("sh", SH)].iter()) {
        if let Some(local) = iri.strip_prefix(ns) {
            if !local.is_empty() && !local.contains(['/', '#']) {
                return format!("{prefix}:{local}");
            }
        }
    }
    format!("<{iri}>")
}

#[cfg(test)]
mod tests {
    use super::*;

    const PREFIXES: &str = "@prefix sh: <http://www.w3.org/ns/shacl#> .\n\
        @prefix ex: <http://example.org/> .\n\
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n";

    fn parse(body: &str) -> Result<Vec<NodeShape>, ShapesError> {
        parse_shapes(&format!("{PREFIXES}{body}"))
    }

    fn ex(local: &str) -> NamedNode {
        NamedNode::new_unchecked(format!("http://example.org/{local}"))
    }

    #[test]
    fn the_built_in_shapes_parse_and_cover_the_contract() {
        let shapes = shapes();
        let targets: Vec<String> = shapes
            .iter()
            .flat_map(|s| s.target_classes.iter().map(|c| short(c.as_str())))
            .collect();
        for class in [
            "edu:SourceDocument",
            "edu:Article",
            "edu:Target",
            "edu:ReportedFigure",
            "org:Membership",
            "foaf:Person",
            "org:Organization",
            "edu:AdministrativeDivision",
            "edu:Initiative",
            "edu:Partnership",
            "edu:Milestone",
        ] {
            assert!(targets.contains(&class.to_string()), "no shape for {class}");
        }
        let quantity = shapes
            .iter()
            .find(|s| s.name.ends_with("#Quantity"))
            .unwrap();
        let unit = quantity
            .properties
            .iter()
            .find(|p| p.path.as_str().ends_with("#unit"))
            .unwrap();
        assert!(unit.constraints.contains(&Constraint::MaxCount(1)));
        assert!(matches!(&unit.constraints[..], [.., Constraint::In(v)] if v.len() == 7));
    }

    #[test]
    fn reads_every_supported_constraint() {
        let shapes = parse(
            "ex:S a sh:NodeShape ; sh:targetClass ex:A , ex:B ;
               sh:property [ sh:path ex:p ; sh:minCount 1 ; sh:maxCount 2 ;
                 sh:datatype xsd:decimal ; sh:message \"m\" ] ,
               [ sh:path ex:q ; sh:class ex:C ; sh:in ( ex:x \"y\" ) ;
                 sh:pattern \"^a\" ; sh:flags \"i\" ; sh:nodeKind sh:IRI ] .",
        )
        .unwrap();
        assert_eq!(shapes.len(), 1);
        let s = &shapes[0];
        assert_eq!(s.name, "http://example.org/S");
        assert_eq!(s.target_classes, vec![ex("A"), ex("B")]);
        assert_eq!(s.properties.len(), 2);
        let p = s.properties.iter().find(|p| p.path == ex("p")).unwrap();
        assert_eq!(p.message.as_deref(), Some("m"));
        assert!(p.constraints.contains(&Constraint::MinCount(1)));
        assert!(p.constraints.contains(&Constraint::MaxCount(2)));
        assert!(p
            .constraints
            .contains(&Constraint::Datatype(xsd::DECIMAL.into_owned())));
        let q = s.properties.iter().find(|p| p.path == ex("q")).unwrap();
        assert!(q.constraints.contains(&Constraint::Class(ex("C"))));
        assert!(q.constraints.contains(&Constraint::In(vec![
            ex("x").into(),
            Literal::new_simple_literal("y").into()
        ])));
        assert!(q.constraints.contains(&Constraint::Pattern {
            pattern: "^a".into(),
            flags: Some("i".into())
        }));
        assert!(q.constraints.contains(&Constraint::NodeKind(NodeKind::Iri)));
    }

    #[test]
    fn refuses_what_it_does_not_understand() {
        for body in [
            "ex:S sh:targetClass ex:A ; sh:property [ sh:path ( ex:p ex:q ) ] .",
            "ex:S sh:targetClass ex:A ; sh:property [ sh:path ex:p ; sh:minLength 2 ] .",
            "ex:S sh:targetClass ex:A ; sh:closed true .",
            "ex:S sh:targetClass ex:A ; sh:property [ sh:minCount 1 ] .",
            "ex:S a sh:NodeShape ; sh:targetNode ex:a .",
            "ex:S sh:targetClass ex:A ; sh:property [ sh:path ex:p ; sh:nodeKind sh:Thing ] .",
            "ex:S sh:targetClass ex:A ; sh:property [ sh:path ex:p ; sh:pattern \"(\" ] .",
        ] {
            assert!(
                matches!(parse(body), Err(ShapesError::Unsupported { .. })),
                "accepted {body}"
            );
        }
        assert!(matches!(
            parse("ex:S sh:targetClass"),
            Err(ShapesError::Syntax(_))
        ));
    }

    #[test]
    fn chinese_patterns_survive_turtle_escapes() {
        let org = shapes()
            .into_iter()
            .find(|s| s.name.ends_with("#Organization"))
            .unwrap();
        let pattern = org.properties[0]
            .constraints
            .iter()
            .find_map(|c| match c {
                Constraint::Pattern { pattern, .. } => Some(pattern.clone()),
                _ => None,
            })
            .unwrap();
        let re = regex::Regex::new(&pattern).unwrap();
        assert!(re.is_match("教育局"));
        assert!(!re.is_match("Bureau of Education"));
    }
}
