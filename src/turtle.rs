//! Pretty, deterministic Turtle and TriG, for `edupol export`.
//!
//! The same quads always give the same bytes, whatever order the store
//! returns them in:
//!
//! - graphs, subjects, predicates and objects are sorted (a subject's
//!   `rdf:type` first, then its `rdfs:label`, then the other predicates by
//!   IRI), and each subject is written once, its predicates joined by `;` and
//!   its objects by `,`;
//! - the IRIs under the id base are written relative to `@base`
//!   (`<place/嵊泗县>`, `<doc/003_5d82acdc91462d5a/article/1>`), other IRIs
//!   with the prefixes of [`PREFIXES`] where the local name needs no escape,
//!   and only the prefixes used are declared;
//! - a blank node that is the object of one triple only is written in place
//!   (`[ void:class edu:Target ; void:entities 12 ]`, RDF lists as
//!   `( edu:Quantity edu:Milestone )`); the others are labelled `_:b0`,
//!   `_:b1`… in the order they are written;
//! - literals with line breaks are written as `"""…"""`, integers and
//!   decimals that Turtle can write bare are written bare.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;
use std::io::{self, Write};

use oxigraph::model::vocab::{rdf as ox_rdf, xsd};
use oxigraph::model::{
    BlankNode, GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term, Triple,
};

use crate::vocab::{self, ID_BASE};

/// The prefixes an export may declare (those of the contract but `eduid:`,
/// whose IRIs are written relative to `@base`, and `vann:`, which the
/// ontology uses).
pub const PREFIXES: &[(&str, &str)] = &[
    ("dcat", vocab::dcat::NS),
    ("dcterms", vocab::dcterms::NS),
    ("edu", vocab::edu::NS),
    ("foaf", vocab::foaf::NS),
    ("org", vocab::org::NS),
    ("owl", "http://www.w3.org/2002/07/owl#"),
    ("prov", vocab::prov::NS),
    ("rdf", vocab::rdf::NS),
    ("rdfs", vocab::rdfs::NS),
    ("skos", vocab::skos::NS),
    ("vann", "http://purl.org/vocab/vann/"),
    ("void", vocab::void::NS),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
];

const INDENT: &str = "    ";
/// Objects of one predicate stay on one line up to this many characters.
const LINE: usize = 100;

/// Writes triples as Turtle, each triple once.
pub fn write_turtle(triples: Vec<Triple>, out: &mut impl Write) -> io::Result<()> {
    let triples: HashSet<Triple> = triples.into_iter().collect();
    let mut writer = Writer::default();
    let mut body = String::new();
    writer.graph(triples.into_iter().collect(), "", &mut body);
    writer.finish(&body, out)
}

/// Writes quads as TriG, one block per named graph (the default graph's
/// triples first, outside any block).
pub fn write_trig(quads: Vec<Quad>, out: &mut impl Write) -> io::Result<()> {
    let mut graphs: BTreeMap<GraphKey, HashSet<Triple>> = BTreeMap::new();
    for quad in quads {
        let key = GraphKey(quad.graph_name.clone());
        graphs.entry(key).or_default().insert(quad.into());
    }
    let mut writer = Writer::default();
    let mut body = String::new();
    for (GraphKey(name), triples) in graphs {
        let triples: Vec<Triple> = triples.into_iter().collect();
        match &name {
            GraphName::DefaultGraph => writer.graph(triples, "", &mut body),
            GraphName::NamedNode(n) => {
                let label = writer.named_node(n);
                let _ = writeln!(body, "{label} {{");
                writer.graph(triples, INDENT, &mut body);
                close_block(&mut body);
            }
            GraphName::BlankNode(b) => {
                let label = writer.blank_label(b);
                let _ = writeln!(body, "{label} {{");
                writer.graph(triples, INDENT, &mut body);
                close_block(&mut body);
            }
        }
    }
    writer.finish(&body, out)
}

/// Ends a graph's block: `}` right after its last statement.
fn close_block(body: &mut String) {
    while body.ends_with("\n\n") {
        body.pop();
    }
    body.push_str("}\n\n");
}

/// Graph names in export order: the default graph, then named graphs by IRI.
#[derive(PartialEq, Eq)]
struct GraphKey(GraphName);

impl Ord for GraphKey {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        let rank = |g: &GraphName| match g {
            GraphName::DefaultGraph => (0, String::new()),
            GraphName::NamedNode(n) => (1, n.as_str().to_string()),
            GraphName::BlankNode(b) => (2, b.as_str().to_string()),
        };
        rank(&self.0).cmp(&rank(&other.0))
    }
}

impl PartialOrd for GraphKey {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

#[derive(Default)]
struct Writer {
    used_prefixes: BTreeSet<&'static str>,
    base_used: bool,
    /// Labels given to blank nodes written as `_:bN`.
    blank_labels: HashMap<BlankNode, String>,
}

/// One graph's triples, indexed for writing.
struct GraphIndex {
    by_subject: BTreeMap<SubjectKey, Vec<(NamedNode, Term)>>,
    /// Blank nodes written in place, where they are the object.
    inline: HashSet<BlankNode>,
    /// Of those, the RDF lists (their items, in order).
    lists: HashMap<BlankNode, Vec<Term>>,
}

/// Subjects in writing order: IRIs by IRI, then blank nodes by label.
#[derive(PartialEq, Eq, PartialOrd, Ord, Clone)]
enum SubjectKey {
    Iri(String),
    Blank(String),
}

impl SubjectKey {
    fn of(subject: &NamedOrBlankNode) -> SubjectKey {
        match subject {
            NamedOrBlankNode::NamedNode(n) => SubjectKey::Iri(n.as_str().to_string()),
            NamedOrBlankNode::BlankNode(b) => SubjectKey::Blank(b.as_str().to_string()),
        }
    }
}

impl GraphIndex {
    fn new(triples: Vec<Triple>) -> GraphIndex {
        let mut by_subject: BTreeMap<SubjectKey, Vec<(NamedNode, Term)>> = BTreeMap::new();
        let mut referrers: HashMap<BlankNode, Vec<NamedOrBlankNode>> = HashMap::new();
        for t in triples {
            if let Term::BlankNode(b) = &t.object {
                referrers
                    .entry(b.clone())
                    .or_default()
                    .push(t.subject.clone());
            }
            by_subject
                .entry(SubjectKey::of(&t.subject))
                .or_default()
                .push((t.predicate, t.object));
        }
        // A stable order whatever the input's (blank nodes by their labels).
        for properties in by_subject.values_mut() {
            properties.sort_by_cached_key(|(p, o)| (p.as_str().to_string(), o.to_string()));
        }
        // In place: the object of exactly one triple, and not inside a cycle
        // of such nodes (following the referrers reaches a written subject).
        let single: HashMap<BlankNode, NamedOrBlankNode> = referrers
            .into_iter()
            .filter(|(_, r)| r.len() == 1)
            .map(|(b, mut r)| (b, r.remove(0)))
            .collect();
        let mut inline = HashSet::new();
        for b in single.keys() {
            let mut seen = HashSet::from([b.clone()]);
            let mut at = &single[b];
            let rooted = loop {
                match at {
                    NamedOrBlankNode::BlankNode(up) if single.contains_key(up) => {
                        if !seen.insert(up.clone()) {
                            break false;
                        }
                        at = &single[up];
                    }
                    _ => break true,
                }
            };
            if rooted {
                inline.insert(b.clone());
            }
        }
        let mut index = GraphIndex {
            by_subject,
            inline,
            lists: HashMap::new(),
        };
        let heads: Vec<BlankNode> = index.inline.iter().cloned().collect();
        for b in heads {
            if let Some(items) = index.list_items(&b) {
                index.lists.insert(b, items);
            }
        }
        index
    }

    fn properties(&self, b: &BlankNode) -> &[(NamedNode, Term)] {
        self.by_subject
            .get(&SubjectKey::Blank(b.as_str().to_string()))
            .map_or(&[], Vec::as_slice)
    }

    /// The items of the well-formed RDF list that starts at `b`: every cell
    /// written in place, with one `rdf:first`, one `rdf:rest` and nothing else.
    fn list_items(&self, b: &BlankNode) -> Option<Vec<Term>> {
        let mut items = Vec::new();
        let mut cell = b.clone();
        loop {
            let properties = self.properties(&cell);
            let [(p1, first), (p2, rest)] = properties else {
                return None;
            };
            let (first, rest) = match (p1.as_ref(), p2.as_ref()) {
                (ox_rdf::FIRST, ox_rdf::REST) => (first, rest),
                (ox_rdf::REST, ox_rdf::FIRST) => (rest, first),
                _ => return None,
            };
            if matches!(first, Term::BlankNode(f) if self.inline.contains(f)) {
                return None; // keep nested structures simple: label them
            }
            items.push(first.clone());
            match rest {
                Term::NamedNode(n) if n.as_ref() == ox_rdf::NIL => return Some(items),
                Term::BlankNode(next) if self.inline.contains(next) && items.len() < 10_000 => {
                    cell = next.clone();
                }
                _ => return None,
            }
        }
    }

    fn is_list(&self, b: &BlankNode) -> bool {
        self.lists.contains_key(b)
    }
}

impl Writer {
    /// Writes one graph's subjects, each block indented by `indent`.
    fn graph(&mut self, triples: Vec<Triple>, indent: &str, out: &mut String) {
        let index = GraphIndex::new(triples);
        for (key, properties) in &index.by_subject {
            let subject = match key {
                SubjectKey::Iri(iri) => self.named_node(&NamedNode::new_unchecked(iri.as_str())),
                SubjectKey::Blank(label) => {
                    let b = BlankNode::new_unchecked(label.as_str());
                    if index.inline.contains(&b) {
                        continue;
                    }
                    self.blank_label(&b)
                }
            };
            let _ = write!(out, "{indent}{subject}");
            self.predicate_list(properties, &index, indent, out);
            out.push_str(" .\n\n");
        }
    }

    /// ` p1 o1 , o2 ;\n    p2 o3` after a subject.
    fn predicate_list(
        &mut self,
        properties: &[(NamedNode, Term)],
        index: &GraphIndex,
        indent: &str,
        out: &mut String,
    ) {
        // By rank, then as written (`dcterms:title` before `edu:year`).
        let mut by_predicate: BTreeMap<(u8, String), Vec<String>> = BTreeMap::new();
        for (p, o) in properties {
            let (rank, predicate) = match p.as_ref() {
                ox_rdf::TYPE => (0, "a".to_string()),
                p if p == vocab::rdfs::LABEL => (1, self.named_node(&p.into_owned())),
                p => (2, self.named_node(&p.into_owned())),
            };
            let object = self.object(o, index);
            by_predicate
                .entry((rank, predicate))
                .or_default()
                .push(object);
        }
        for (i, ((_, predicate), mut objects)) in by_predicate.into_iter().enumerate() {
            objects.sort();
            objects.dedup();
            if i == 0 {
                out.push(' ');
            } else {
                let _ = write!(out, " ;\n{indent}{INDENT}");
            }
            out.push_str(&predicate);
            let width: usize = objects.iter().map(|o| o.chars().count() + 3).sum();
            let one_line =
                width + predicate.len() < LINE && !objects.iter().any(|o| o.contains('\n'));
            for (j, object) in objects.iter().enumerate() {
                if j == 0 {
                    out.push(' ');
                } else if one_line {
                    out.push_str(" , ");
                } else {
                    let _ = write!(out, " ,\n{indent}{INDENT}{INDENT}");
                }
                out.push_str(object);
            }
        }
    }

    fn object(&mut self, term: &Term, index: &GraphIndex) -> String {
        match term {
            Term::NamedNode(n) => self.named_node(n),
            Term::Literal(l) => self.literal(l),
            Term::BlankNode(b) if index.is_list(b) => {
                let items: Vec<String> = index.lists[b]
                    .iter()
                    .map(|item| self.object(item, index))
                    .collect();
                format!("( {} )", items.join(" "))
            }
            Term::BlankNode(b) if index.inline.contains(b) => {
                let properties = index.properties(b);
                if properties.is_empty() {
                    return "[]".to_string();
                }
                // On one line: the predicate list without its line breaks.
                let mut inner = String::new();
                self.predicate_list(properties, index, "", &mut inner);
                let inner = inner.replace(&format!(" ;\n{INDENT}"), " ; ");
                format!("[{inner} ]")
            }
            Term::BlankNode(b) => self.blank_label(b),
            #[allow(unreachable_patterns)]
            other => other.to_string(),
        }
    }

    fn blank_label(&mut self, b: &BlankNode) -> String {
        let next = self.blank_labels.len();
        self.blank_labels
            .entry(b.clone())
            .or_insert_with(|| format!("_:b{next}"))
            .clone()
    }

    fn named_node(&mut self, n: &NamedNode) -> String {
        let iri = n.as_str();
        if let Some(relative) = iri.strip_prefix(ID_BASE).filter(|r| is_safe_relative(r)) {
            self.base_used = true;
            return format!("<{relative}>");
        }
        let prefixed = PREFIXES
            .iter()
            .filter(|(_, ns)| iri.starts_with(ns))
            .max_by_key(|(_, ns)| ns.len())
            .filter(|(_, ns)| is_local_name(&iri[ns.len()..]));
        match prefixed {
            Some((prefix, ns)) => {
                self.used_prefixes.insert(prefix);
                format!("{prefix}:{}", &iri[ns.len()..])
            }
            None => format!("<{iri}>"),
        }
    }

    fn literal(&mut self, l: &Literal) -> String {
        let value = l.value();
        let quoted = quote(value);
        if let Some(language) = l.language() {
            return format!("{quoted}@{language}");
        }
        let datatype = l.datatype();
        if datatype == xsd::STRING {
            return quoted;
        }
        let bare = match datatype {
            xsd::INTEGER => is_integer(value),
            xsd::DECIMAL => is_decimal(value),
            xsd::BOOLEAN => value == "true" || value == "false",
            _ => false,
        };
        if bare {
            return value.to_string();
        }
        let datatype = self.named_node(&datatype.into_owned());
        format!("{quoted}^^{datatype}")
    }

    /// Writes the prelude (`@base` and the prefixes used) and the body.
    fn finish(&self, body: &str, out: &mut impl Write) -> io::Result<()> {
        if self.base_used {
            writeln!(out, "@base <{ID_BASE}> .")?;
        }
        for (prefix, ns) in PREFIXES {
            if self.used_prefixes.contains(prefix) {
                writeln!(out, "@prefix {prefix}: <{ns}> .")?;
            }
        }
        if self.base_used || !self.used_prefixes.is_empty() {
            writeln!(out)?;
        }
        out.write_all(body.trim_end().as_bytes())?;
        if !body.trim_end().is_empty() {
            writeln!(out)?;
        }
        Ok(())
    }
}

/// A relative reference that resolves against the id base to the same IRI:
/// a path whose first segment has no `:` and no segment is `.` or `..`.
fn is_safe_relative(relative: &str) -> bool {
    let first = relative.split('/').next().unwrap_or("");
    !relative.is_empty()
        && !first.is_empty()
        && !first.contains(':')
        && !relative.starts_with(['?', '#'])
        && !relative
            .split(['/', '?', '#'])
            .any(|s| s == "." || s == "..")
}

/// Whether `local` can follow `prefix:` unescaped (Turtle's PN_LOCAL without
/// `:` and `%` escapes, which are written as full IRIs instead).
fn is_local_name(local: &str) -> bool {
    let chars: Vec<char> = local.chars().collect();
    let (Some(first), Some(last)) = (chars.first(), chars.last()) else {
        return false;
    };
    (is_pn_chars_u(*first) || first.is_ascii_digit())
        && *last != '.'
        && chars[1..].iter().all(|&c| is_pn_chars(c) || c == '.')
}

fn is_pn_chars_base(c: char) -> bool {
    matches!(c,
        'A'..='Z' | 'a'..='z' | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{2FF}'
        | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}' | '\u{200C}'..='\u{200D}'
        | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}' | '\u{3001}'..='\u{D7FF}'
        | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}' | '\u{10000}'..='\u{EFFFF}')
}

fn is_pn_chars_u(c: char) -> bool {
    is_pn_chars_base(c) || c == '_'
}

fn is_pn_chars(c: char) -> bool {
    is_pn_chars_u(c)
        || c == '-'
        || c.is_ascii_digit()
        || c == '\u{B7}'
        || ('\u{300}'..='\u{36F}').contains(&c)
        || ('\u{203F}'..='\u{2040}').contains(&c)
}

fn is_integer(value: &str) -> bool {
    let digits = value.strip_prefix(['+', '-']).unwrap_or(value);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

fn is_decimal(value: &str) -> bool {
    let unsigned = value.strip_prefix(['+', '-']).unwrap_or(value);
    match unsigned.split_once('.') {
        Some((whole, fraction)) => {
            whole.bytes().all(|b| b.is_ascii_digit())
                && !fraction.is_empty()
                && fraction.bytes().all(|b| b.is_ascii_digit())
        }
        None => false,
    }
}

/// A string literal: `"…"`, or `"""…"""` when it holds line breaks.
fn quote(value: &str) -> String {
    let long = value.contains('\n');
    let mut out = String::with_capacity(value.len() + 6);
    out.push_str(if long { "\"\"\"" } else { "\"" });
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' if long => out.push('\n'),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' if long => out.push('\t'),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push_str(if long { "\"\"\"" } else { "\"" });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::io::{RdfFormat, RdfParser};
    use oxigraph::model::dataset::{CanonicalizationAlgorithm, Dataset};

    fn parse(text: &str, format: RdfFormat) -> Dataset {
        let mut dataset = Dataset::new();
        for quad in RdfParser::from_format(format).for_slice(text.as_bytes()) {
            let quad = quad.unwrap_or_else(|e| panic!("{e}\n{text}"));
            dataset.insert(&quad);
        }
        dataset.canonicalize(CanonicalizationAlgorithm::Unstable);
        dataset
    }

    const SAMPLE: &str = r#"
        @prefix edu: <https://w3id.org/edupol/ontology#> .
        @prefix owl: <http://www.w3.org/2002/07/owl#> .
        @prefix void: <http://rdfs.org/ns/void#> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        <https://w3id.org/edupol/id/place/嵊泗县> a edu:AdministrativeDivision ;
            <http://www.w3.org/2000/01/rdf-schema#label> "嵊泗县" ;
            <http://www.w3.org/2004/02/skos/core#altLabel> "我县" , "嵊泗" ;
            edu:partOf <https://w3id.org/edupol/id/place/舟山市> .
        <https://w3id.org/edupol/id/doc/a/quantity/1> edu:value "15"^^xsd:decimal , 0.35 , 7 ;
            edu:evidence "第一行\n第二行 \"引\" \\ end" ;
            <https://w3id.org/edupol/id/a:b> <https://w3id.org/edupol/id/x/../y> .
        edu:scope edu:domain [ a owl:Class ; owl:unionOf ( edu:Quantity edu:Milestone ) ] .
        <https://w3id.org/edupol/dataset> void:classPartition [ void:class edu:Target ; void:entities 3 ] ,
            [ void:class edu:Article ; void:entities 30 ] .
        _:loop1 edu:next _:loop2 . _:loop2 edu:next _:loop1 .
        _:shared edu:x 1 . edu:a edu:b _:shared . edu:c edu:b _:shared .
    "#;

    fn write(dataset: &Dataset, trig: bool) -> String {
        let mut out = Vec::new();
        let quads: Vec<Quad> = dataset.iter().map(|q| q.into_owned()).collect();
        if trig {
            write_trig(quads, &mut out).unwrap();
        } else {
            write_turtle(quads.into_iter().map(Triple::from).collect(), &mut out).unwrap();
        }
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn turtle_round_trips_and_reads_well() {
        let dataset = parse(SAMPLE, RdfFormat::Turtle);
        let text = write(&dataset, false);
        assert_eq!(parse(&text, RdfFormat::Turtle), dataset, "{text}");
        assert!(
            text.starts_with("@base <https://w3id.org/edupol/id/> .\n"),
            "{text}"
        );
        assert!(
            text.contains(
                "<place/嵊泗县> a edu:AdministrativeDivision ;\n    rdfs:label \"嵊泗县\" ;"
            ),
            "{text}"
        );
        assert!(text.contains("edu:partOf <place/舟山市>"), "{text}");
        assert!(text.contains("skos:altLabel \"嵊泗\" , \"我县\""), "{text}");
        assert!(text.contains("\"\"\"第一行\n第二行"), "{text}");
        assert!(text.contains("\"15\"^^xsd:decimal , 0.35 , 7"), "{text}");
        assert!(text.contains("( edu:Quantity edu:Milestone )"), "{text}");
        assert!(
            text.contains("[ void:class edu:Article ; void:entities 30 ]"),
            "{text}"
        );
        // Not relative where a relative reference would resolve elsewhere.
        assert!(text.contains("<https://w3id.org/edupol/id/a:b>"), "{text}");
        assert!(!text.contains("@prefix eduid"), "{text}");
        assert!(!text.contains("@prefix foaf"), "only used prefixes: {text}");
    }

    #[test]
    fn trig_round_trips() {
        let mut dataset = parse(SAMPLE, RdfFormat::Turtle);
        let g = NamedNode::new_unchecked("https://w3id.org/edupol/id/doc/a");
        let s = NamedNode::new_unchecked("https://w3id.org/edupol/id/doc/a/article/1");
        dataset.insert(&Quad::new(s.clone(), ox_rdf::TYPE, s.clone(), g.clone()));
        let text = write(&dataset, true);
        assert_eq!(parse(&text, RdfFormat::TriG), dataset, "{text}");
        assert!(
            text.contains("<doc/a> {\n    <doc/a/article/1> a <doc/a/article/1> .\n}"),
            "{text}"
        );
    }

    #[test]
    fn the_order_of_the_input_does_not_matter() {
        let dataset = parse(SAMPLE, RdfFormat::Turtle);
        let mut quads: Vec<Quad> = dataset.iter().map(|q| q.into_owned()).collect();
        let mut a = Vec::new();
        write_trig(quads.clone(), &mut a).unwrap();
        quads.reverse();
        let mut b = Vec::new();
        write_trig(quads, &mut b).unwrap();
        assert_eq!(a, b);
    }
}
