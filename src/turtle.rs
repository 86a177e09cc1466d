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
use oxigraph::model::{BlankNode, GraphName, Literal, NamedNode, NamedOrBlankNode, Term, Triple};

use crate::sorted_lines::{in_temp_folder, SortedLines};
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

/// The statements of a Turtle export, gathered in bounded memory, from one
/// thread or several ([`TurtleStatements::merge`]).
///
/// The triples without blank nodes (all but a few dozen: edupol writes blank
/// nodes only in the ontology) become one line each, the subject's IRI, the
/// predicate and the object as written, between tabs; [`SortedLines`] sorts
/// them (on disk past `run_bytes`), so a subject's lines come together and
/// subjects in [`SubjectKey`]'s order. The triples with blank nodes are
/// indexed in memory, as the nodes written in place need, and merged in.
/// The body goes to a [`Body`]; the prelude, which declares the prefixes the
/// body used, is written before it at the end.
pub struct TurtleStatements {
    writer: Writer,
    lines: SortedLines,
    with_blank: HashSet<Triple>,
    run_bytes: usize,
}

impl TurtleStatements {
    pub fn new(run_bytes: usize) -> TurtleStatements {
        TurtleStatements {
            writer: Writer::default(),
            lines: SortedLines::new(run_bytes),
            with_blank: HashSet::new(),
            run_bytes,
        }
    }

    pub fn add(&mut self, triple: Triple) -> io::Result<()> {
        let (NamedOrBlankNode::NamedNode(subject), false) =
            (&triple.subject, matches!(triple.object, Term::BlankNode(_)))
        else {
            self.with_blank.insert(triple);
            return Ok(());
        };
        let (rank, predicate) = self.writer.predicate(&triple.predicate);
        let object = self.writer.plain_object(&triple.object);
        self.lines.push_with(|line| {
            line.extend_from_slice(subject.as_str().as_bytes());
            line.push(b'\t');
            line.push(b'0' + rank);
            line.extend_from_slice(predicate.as_bytes());
            line.push(b'\t');
            escape_line(&object, line);
            Ok(())
        })
    }

    /// The statements gathered apart (on several threads) as one.
    pub fn merge(parts: Vec<TurtleStatements>) -> io::Result<TurtleStatements> {
        let run_bytes = parts.iter().map(|p| p.run_bytes).sum();
        let mut all = TurtleStatements::new(run_bytes);
        let mut lines = Vec::new();
        for part in parts {
            all.writer.base_used |= part.writer.base_used;
            all.writer.used_prefixes.extend(part.writer.used_prefixes);
            all.with_blank.extend(part.with_blank);
            lines.push(part.lines);
        }
        all.lines = SortedLines::merge(lines)?;
        Ok(all)
    }

    pub fn write(self, out: &mut impl Write) -> io::Result<()> {
        let TurtleStatements {
            writer,
            lines,
            with_blank,
            run_bytes,
        } = self;
        let index = GraphIndex::new(with_blank.into_iter().collect());
        let mut subjects = SubjectWriter {
            writer,
            index: &index,
            body: Body::new(run_bytes),
            with_blank: index
                .by_subject
                .iter()
                .filter_map(|(key, properties)| match key {
                    SubjectKey::Iri(iri) => Some((iri.as_str(), properties.as_slice())),
                    SubjectKey::Blank(_) => None,
                })
                .collect(),
            with_blank_written: 0,
            current: None,
        };
        lines.finish(|line| subjects.line(line))?;
        subjects.flush_current()?;
        subjects.flush_with_blank_before(None)?;
        let SubjectWriter {
            mut writer,
            mut body,
            ..
        } = subjects;
        let mut text = String::new();
        writer.graph_blank_subjects(&index, "", &mut text);
        body.push(&text)?;
        writer.finish(body, out)
    }
}

/// The order of the graphs in TriG: the default graph, then named graphs by
/// IRI ([`GraphKey`]), each once.
pub fn trig_order(names: impl IntoIterator<Item = GraphName>) -> Vec<GraphName> {
    let names: BTreeSet<GraphKey> = names.into_iter().map(GraphKey).collect();
    names.into_iter().map(|GraphKey(name)| name).collect()
}

/// Writes quads as TriG, one block per named graph (the default graph's
/// triples first, outside any block), given graph by graph in
/// [`trig_order`]: memory holds one graph, not all of them. The body is kept
/// in a [`Body`].
pub struct TrigWriter {
    writer: Writer,
    body: Body,
}

impl TrigWriter {
    /// A writer whose body stays in memory up to `body_bytes`.
    pub fn new(body_bytes: usize) -> TrigWriter {
        TrigWriter {
            writer: Writer::default(),
            body: Body::new(body_bytes),
        }
    }

    /// Writes one graph's triples (each once; a graph without triples is
    /// left out).
    pub fn add_graph(&mut self, name: &GraphName, triples: Vec<Triple>) -> io::Result<()> {
        let triples: HashSet<Triple> = triples.into_iter().collect();
        if triples.is_empty() {
            return Ok(());
        }
        let triples: Vec<Triple> = triples.into_iter().collect();
        let writer = &mut self.writer;
        let mut text = String::new();
        match name {
            GraphName::DefaultGraph => writer.graph(triples, "", &mut text),
            GraphName::NamedNode(n) => {
                let label = writer.named_node(n);
                let _ = writeln!(text, "{label} {{");
                writer.graph(triples, INDENT, &mut text);
                close_block(&mut text);
            }
            GraphName::BlankNode(b) => {
                let label = writer.blank_label(b);
                let _ = writeln!(text, "{label} {{");
                writer.graph(triples, INDENT, &mut text);
                close_block(&mut text);
            }
        }
        self.body.push(&text)
    }

    /// Writes the prelude, then the graphs.
    pub fn finish(self, out: &mut impl Write) -> io::Result<()> {
        self.writer.finish(self.body, out)
    }
}

/// Writes the subjects of [`TurtleStatements`] as their sorted lines come:
/// a subject's lines, merged with its statements about blank nodes.
struct SubjectWriter<'a> {
    writer: Writer,
    index: &'a GraphIndex,
    body: Body,
    /// The IRI subjects of statements with blank nodes, in order, with those
    /// statements; the first `with_blank_written` are written.
    with_blank: Vec<(&'a str, &'a [(NamedNode, Term)])>,
    with_blank_written: usize,
    /// The subject being read, with its objects by predicate.
    current: Option<(String, PredicateObjects)>,
}

/// Objects (as written) by predicate (rank and form): the order of
/// [`Writer::write_predicates`].
type PredicateObjects = BTreeMap<(u8, String), Vec<String>>;

impl SubjectWriter<'_> {
    /// One sorted line: subject, rank and predicate, object, between tabs.
    fn line(&mut self, line: &[u8]) -> io::Result<()> {
        let line = std::str::from_utf8(line).map_err(io::Error::other)?;
        let mut parts = line.splitn(3, '\t');
        let (Some(subject), Some(predicate), Some(object)) =
            (parts.next(), parts.next(), parts.next())
        else {
            return Err(io::Error::other(format!(
                "a sorted line lost its parts: {line}"
            )));
        };
        if self.current.as_ref().map(|(s, _)| s.as_str()) != Some(subject) {
            self.flush_current()?;
            self.current = Some((subject.to_string(), BTreeMap::new()));
        }
        let (rank, predicate) = predicate.split_at(1);
        let rank = rank.as_bytes()[0] - b'0';
        let objects = &mut self.current.as_mut().expect("just set").1;
        objects
            .entry((rank, predicate.to_string()))
            .or_default()
            .push(unescape_line(object));
        Ok(())
    }

    /// Writes the subject read so far, after the subjects with blank nodes
    /// that come before it.
    fn flush_current(&mut self) -> io::Result<()> {
        let Some((subject, objects)) = self.current.take() else {
            return Ok(());
        };
        self.flush_with_blank_before(Some(&subject))?;
        let mut properties: &[(NamedNode, Term)] = &[];
        if let Some(&(iri, with_blank)) = self.with_blank.get(self.with_blank_written) {
            if iri == subject {
                properties = with_blank;
                self.with_blank_written += 1;
            }
        }
        self.write(&subject, objects, properties)
    }

    /// Writes the subjects with blank nodes before `before` (all: `None`).
    fn flush_with_blank_before(&mut self, before: Option<&str>) -> io::Result<()> {
        while let Some(&(iri, properties)) = self.with_blank.get(self.with_blank_written) {
            if before.is_some_and(|b| iri >= b) {
                break;
            }
            self.with_blank_written += 1;
            self.write(iri, BTreeMap::new(), properties)?;
        }
        Ok(())
    }

    fn write(
        &mut self,
        subject: &str,
        mut objects: PredicateObjects,
        properties: &[(NamedNode, Term)],
    ) -> io::Result<()> {
        for (p, o) in properties {
            let key = self.writer.predicate(p);
            let object = self.writer.object(o, self.index);
            objects.entry(key).or_default().push(object);
        }
        let mut text = self.writer.named_node(&NamedNode::new_unchecked(subject));
        Writer::write_predicates(objects, "", &mut text);
        text.push_str(" .\n\n");
        self.body.push(&text)
    }
}

/// A line of [`TurtleStatements`]' sort holds no line break or tab of its own:
/// `\`, line breaks and tabs (which long literals hold) are escaped.
fn escape_line(text: &str, line: &mut Vec<u8>) {
    for &b in text.as_bytes() {
        match b {
            b'\\' => line.extend_from_slice(b"\\\\"),
            b'\n' => line.extend_from_slice(b"\\n"),
            b'\t' => line.extend_from_slice(b"\\t"),
            b => line.push(b),
        }
    }
}

fn unescape_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// The body of an export: in memory up to a size, then in a temporary file;
/// its trailing whitespace is held back, as the end of the export drops it.
struct Body {
    memory: String,
    limit: usize,
    file: Option<io::BufWriter<std::fs::File>>,
    /// Whitespace at the end of what was pushed, written before more text.
    pending: String,
}

impl Body {
    fn new(limit: usize) -> Body {
        Body {
            memory: String::new(),
            limit,
            file: None,
            pending: String::new(),
        }
    }

    fn push(&mut self, text: &str) -> io::Result<()> {
        let content = text.trim_end();
        if content.is_empty() {
            self.pending.push_str(text);
            return Ok(());
        }
        self.memory.push_str(&self.pending);
        self.pending.clear();
        self.memory.push_str(content);
        self.pending.push_str(&text[content.len()..]);
        if self.memory.len() >= self.limit {
            let file = match &mut self.file {
                Some(file) => file,
                None => self.file.insert(io::BufWriter::new(
                    tempfile::tempfile().map_err(|e| in_temp_folder(&std::env::temp_dir(), e))?,
                )),
            };
            file.write_all(self.memory.as_bytes())
                .map_err(|e| in_temp_folder(&std::env::temp_dir(), e))?;
            self.memory.clear();
        }
        Ok(())
    }

    /// Copies the body, without its trailing whitespace, to `out`; whether it
    /// held any text.
    fn copy_to(self, out: &mut impl Write) -> io::Result<bool> {
        let mut any = !self.memory.is_empty();
        if let Some(file) = self.file {
            let mut file = file.into_inner().map_err(io::IntoInnerError::into_error)?;
            io::Seek::rewind(&mut file)?;
            any |= io::copy(&mut file, out)? > 0;
        }
        out.write_all(self.memory.as_bytes())?;
        Ok(any)
    }
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
            let SubjectKey::Iri(iri) = key else {
                continue;
            };
            let subject = self.named_node(&NamedNode::new_unchecked(iri.as_str()));
            let _ = write!(out, "{indent}{subject}");
            self.predicate_list(properties, &index, indent, out);
            out.push_str(" .\n\n");
        }
        self.graph_blank_subjects(&index, indent, out);
    }

    /// Writes the blank nodes of `index` that are subjects and not written
    /// in place (after the IRIs: [`SubjectKey`]'s order).
    fn graph_blank_subjects(&mut self, index: &GraphIndex, indent: &str, out: &mut String) {
        for (key, properties) in &index.by_subject {
            let SubjectKey::Blank(label) = key else {
                continue;
            };
            let b = BlankNode::new_unchecked(label.as_str());
            if index.inline.contains(&b) {
                continue;
            }
            let subject = self.blank_label(&b);
            let _ = write!(out, "{indent}{subject}");
            self.predicate_list(properties, index, indent, out);
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
        let mut objects = PredicateObjects::new();
        for (p, o) in properties {
            let key = self.predicate(p);
            let object = self.object(o, index);
            objects.entry(key).or_default().push(object);
        }
        Self::write_predicates(objects, indent, out);
    }

    /// A predicate's rank (`rdf:type`, then `rdfs:label`, then the others)
    /// and how it is written.
    fn predicate(&mut self, p: &NamedNode) -> (u8, String) {
        match p.as_ref() {
            ox_rdf::TYPE => (0, "a".to_string()),
            p if p == vocab::rdfs::LABEL => (1, self.named_node(&p.into_owned())),
            p => (2, self.named_node(&p.into_owned())),
        }
    }

    /// Writes the predicates by rank, then as written (`dcterms:title`
    /// before `edu:year`), each with its objects sorted and once.
    fn write_predicates(objects: PredicateObjects, indent: &str, out: &mut String) {
        for (i, ((_, predicate), mut objects)) in objects.into_iter().enumerate() {
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

    /// An object that is no blank node, as written.
    fn plain_object(&mut self, term: &Term) -> String {
        match term {
            Term::NamedNode(n) => self.named_node(n),
            Term::Literal(l) => self.literal(l),
            other => other.to_string(),
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
    fn finish(&self, body: Body, out: &mut impl Write) -> io::Result<()> {
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
        if body.copy_to(out)? {
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
    use oxigraph::model::Quad;

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
        write_in_runs(dataset, trig, 1 << 20)
    }

    fn write_in_runs(dataset: &Dataset, trig: bool, run_bytes: usize) -> String {
        let mut out = Vec::new();
        let quads: Vec<Quad> = dataset.iter().map(|q| q.into_owned()).collect();
        write_quads(quads, trig, run_bytes, &mut out);
        String::from_utf8(out).unwrap()
    }

    fn write_quads(quads: Vec<Quad>, trig: bool, run_bytes: usize, out: &mut Vec<u8>) {
        if trig {
            let mut trig = TrigWriter::new(run_bytes);
            for name in trig_order(quads.iter().map(|q| q.graph_name.clone())) {
                let triples = quads
                    .iter()
                    .filter(|q| q.graph_name == name)
                    .map(|q| Triple::from(q.clone()))
                    .collect();
                trig.add_graph(&name, triples).unwrap();
            }
            trig.finish(out).unwrap();
        } else {
            let mut statements = TurtleStatements::new(run_bytes);
            for q in &quads {
                statements.add(Triple::from(q.clone())).unwrap();
            }
            statements.write(out).unwrap();
        }
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
        for trig in [false, true] {
            let mut a = Vec::new();
            write_quads(quads.clone(), trig, 1 << 20, &mut a);
            quads.reverse();
            let mut b = Vec::new();
            write_quads(quads.clone(), trig, 1 << 20, &mut b);
            assert_eq!(a, b);
        }
    }

    /// Sorted on disk in runs of a few lines, or in memory at once: the same
    /// bytes, a subject's statements with and without blank nodes together.
    #[test]
    fn runs_on_disk_write_the_same_bytes() {
        let mut dataset = parse(SAMPLE, RdfFormat::Turtle);
        let g = NamedNode::new_unchecked("https://w3id.org/edupol/id/doc/a");
        for i in 0..50 {
            let s = NamedNode::new_unchecked(format!("https://w3id.org/edupol/id/doc/a/q/{i}"));
            let label = Literal::new_simple_literal(format!("第{i}条\n\t\\"));
            dataset.insert(&Quad::new(s.clone(), vocab::rdfs::LABEL, label, g.clone()));
            dataset.insert(&Quad::new(s.clone(), ox_rdf::TYPE, s.clone(), g.clone()));
            // The same triple in the default graph: written once.
            dataset.insert(&Quad::new(
                s.clone(),
                ox_rdf::TYPE,
                s,
                GraphName::DefaultGraph,
            ));
        }
        // A subject with statements with and without blank nodes.
        let scope = NamedNode::new_unchecked(format!("{}scope", vocab::edu::NS));
        let label = Literal::new_simple_literal("范围");
        dataset.insert(&Quad::new(
            scope,
            vocab::rdfs::LABEL,
            label,
            GraphName::DefaultGraph,
        ));
        for trig in [false, true] {
            let whole = write_in_runs(&dataset, trig, 1 << 20);
            assert_eq!(
                whole.matches("\nedu:scope ").count(),
                1,
                "one block: {whole}"
            );
            let format = if trig {
                RdfFormat::TriG
            } else {
                RdfFormat::Turtle
            };
            let mut expected = dataset.clone();
            if !trig {
                // Turtle merges the graphs.
                let merged: Vec<Quad> = dataset
                    .iter()
                    .map(|q| {
                        let t = Triple::from(q.into_owned());
                        Quad::new(t.subject, t.predicate, t.object, GraphName::DefaultGraph)
                    })
                    .collect();
                expected = merged.iter().collect();
                expected.canonicalize(CanonicalizationAlgorithm::Unstable);
            }
            assert_eq!(parse(&whole, format), expected, "{whole}");
            for run_bytes in [1, 64, 1000] {
                assert_eq!(
                    write_in_runs(&dataset, trig, run_bytes),
                    whole,
                    "runs of {run_bytes}"
                );
            }
        }
    }
}
