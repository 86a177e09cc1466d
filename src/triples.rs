//! Maps an analysed [`Document`] to RDF: the only module that knows the ontology.
//!
//! All quads of a document go into one named graph whose name is the
//! document's IRI. IRIs are deterministic, so the same input always gives the
//! same graph, and shared entities meet across documents:
//!
//! | resource | IRI (under `https://w3id.org/edupol/id/`) |
//! | --- | --- |
//! | source document (= its graph) | `doc/{file stem}` |
//! | article, quantity, milestone, partnership | `doc/{file stem}/article/{n}`, `…/quantity/{n}`, `…/milestone/{n}`, `…/partnership/{n}` |
//! | institution, place, initiative | `org/{name}`, `place/{name}`, `initiative/{name}` |
//! | person | `person/{institution}/{name}` (or `person/doc/{file stem}/{name}` when no institution is known) |
//! | post, role | `post/{institution}/{name}/{title}`, `role/{title}` |
//!
//! Names are written in full, percent-encoding only what an IRI cannot hold.

use std::collections::{BTreeMap, HashMap, HashSet};

use oxigraph::model::vocab::xsd;
use oxigraph::model::{GraphName, Literal, NamedNode, NamedNodeRef, Quad, Term};

use crate::document::{ArticleKind, Document};
use crate::extract::{
    Comparator, Evidence, InitiativeKind, OrgKind, PartnershipKind, PlaceLevel, QuantityKind, Unit,
};
use crate::extract::{Lexicon, OrgMention};
use crate::vocab::{dcterms, edu, foaf, org, prov, rdf, rdfs, skos, ID_BASE};

/// What the graph of one document records about the source file itself.
#[derive(Debug, Clone, Default)]
pub struct SourceInfo {
    /// SHA-256 of the file's bytes, hex.
    pub sha256: Option<String>,
}

/// The IRI of a document, which is also the name of its graph.
pub fn document_iri(file_name: &str) -> NamedNode {
    let stem = file_name.rsplit_once('.').map_or(file_name, |(s, _)| s);
    id(&["doc", stem])
}

/// All quads describing `doc`, in its own named graph.
pub fn document_quads(doc: &Document, source: &SourceInfo, lexicon: &Lexicon) -> Vec<Quad> {
    let mut g = GraphBuilder::new(doc);
    g.source_document(doc, source);
    let articles = g.articles(doc);
    g.places(doc, &articles, lexicon);
    g.organizations(doc, &articles);
    g.initiatives(doc, &articles);
    g.people_and_posts(doc, &articles);
    g.quantities(doc, &articles);
    g.milestones(doc, &articles, lexicon);
    g.partnerships(doc, &articles);
    g.quads
}

/// Builds an IRI under the edupol id base from path segments.
fn id(segments: &[&str]) -> NamedNode {
    let mut iri = String::from(ID_BASE);
    for (i, s) in segments.iter().enumerate() {
        if i > 0 {
            iri.push('/');
        }
        escape_segment(s, &mut iri);
    }
    NamedNode::new_unchecked(iri)
}

/// Percent-encodes what may not stand in an IRI path segment.
fn escape_segment(s: &str, out: &mut String) {
    for c in s.chars() {
        let reserved = c.is_control()
            || c.is_whitespace()
            || matches!(
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
            let mut buf = [0; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
}

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

struct GraphBuilder {
    graph: GraphName,
    doc_iri: NamedNode,
    stem: String,
    quads: Vec<Quad>,
    seen: HashSet<Quad>,
}

impl GraphBuilder {
    fn new(doc: &Document) -> Self {
        let doc_iri = document_iri(&doc.file_name);
        GraphBuilder {
            graph: doc_iri.clone().into(),
            doc_iri,
            stem: doc.stem().to_string(),
            quads: Vec::new(),
            seen: HashSet::new(),
        }
    }

    fn add(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, o: impl Into<Term>) {
        let quad = Quad::new(s.clone(), p, o.into(), self.graph.clone());
        if self.seen.insert(quad.clone()) {
            self.quads.push(quad);
        }
    }

    fn text(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, value: &str) {
        self.add(s, p, Literal::new_simple_literal(value));
    }

    fn source_document(&mut self, doc: &Document, source: &SourceInfo) {
        let d = self.doc_iri.clone();
        self.add(&d, rdf::TYPE, edu::SOURCE_DOCUMENT);
        self.text(&d, edu::SOURCE_FILE, &doc.file_name);
        if let Some(hash) = &source.sha256 {
            self.text(&d, edu::CONTENT_HASH, hash);
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
        for m in &doc.facts.places {
            let p = id(&["place", &m.name]);
            self.describe_place(&p, &m.name, m.kind, lexicon, 0);
            if let Some(alias) = &m.alias {
                self.text(&p, skos::ALT_LABEL, alias);
            }
            let article = self.article_of(doc, articles, &m.evidence);
            self.add(&p, edu::MENTIONED_IN, article);
        }
    }

    /// Type, label, level, code and parent chain of a place.
    fn describe_place(
        &mut self,
        p: &NamedNode,
        name: &str,
        level: PlaceLevel,
        lexicon: &Lexicon,
        depth: usize,
    ) {
        self.add(p, rdf::TYPE, edu::ADMINISTRATIVE_DIVISION);
        self.text(p, rdfs::LABEL, name);
        let division = lexicon.gazetteer.lookup(name).filter(|d| d.name == name);
        let level = division.map_or(level, |d| d.level);
        self.add(p, edu::ADMIN_LEVEL, level_term(level));
        let Some(division) = division else { return };
        // GB/T 2260 codes have six digits; towns carry 9-digit statistics codes.
        if let Some(code) = division.code.as_ref().filter(|c| c.len() == 6) {
            self.text(p, edu::DIVISION_CODE, code);
        }
        if let Some(parent) = lexicon.gazetteer.parent(division).filter(|_| depth < 4) {
            let parent_iri = id(&["place", &parent.name]);
            self.add(p, edu::PART_OF, parent_iri.clone());
            self.describe_place(
                &parent_iri,
                &parent.name.clone(),
                parent.level,
                lexicon,
                depth + 1,
            );
        }
    }

    fn organizations(&mut self, doc: &Document, articles: &[NamedNode]) {
        for m in &doc.facts.organizations {
            let o = id(&["org", &m.name]);
            self.add(&o, rdf::TYPE, org_class(m.kind));
            if m.kind != OrgKind::Other {
                self.add(&o, rdf::TYPE, org::ORGANIZATION);
            }
            self.text(&o, rdfs::LABEL, &m.name);
            if let Some(alias) = &m.alias {
                self.text(&o, skos::ALT_LABEL, alias);
            }
            let article = self.article_of(doc, articles, &m.evidence);
            self.add(&o, edu::MENTIONED_IN, article);
        }
    }

    fn initiatives(&mut self, doc: &Document, articles: &[NamedNode]) {
        for m in &doc.facts.initiatives {
            let i = id(&["initiative", &m.name]);
            self.add(&i, rdf::TYPE, initiative_class(m.kind));
            self.text(&i, rdfs::LABEL, &m.name);
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
        for m in &doc.facts.people {
            let p = person_iri(&m.name);
            self.add(&p, rdf::TYPE, foaf::PERSON);
            self.text(&p, foaf::NAME, &m.name);
            let article = self.article_of(doc, articles, &m.evidence);
            self.add(&p, edu::MENTIONED_IN, article);
        }
        for post in &doc.facts.posts {
            let p = person_iri(&post.person);
            self.add(&p, rdf::TYPE, foaf::PERSON);
            self.text(&p, foaf::NAME, &post.person);
            let org_name = post.org.as_deref().unwrap_or("");
            let m = id(&["post", org_name, &post.person, &post.title]);
            let role = id(&["role", &post.title]);
            self.add(&m, rdf::TYPE, org::MEMBERSHIP);
            self.add(&m, org::MEMBER, p.clone());
            self.add(&m, org::ROLE_PROP, role.clone());
            self.add(&role, rdf::TYPE, org::ROLE);
            self.text(&role, rdfs::LABEL, &post.title);
            if let Some(o) = &post.org {
                let o = self.referenced_node(doc, o);
                self.add(&m, org::ORGANIZATION_PROP, o);
            }
            self.provenance(&m, doc, articles, &post.evidence);
        }
        // Creators: the byline's institution and the author.
        for (i, article) in doc.articles.iter().enumerate() {
            let a = articles[i].clone();
            if let Some(written) = &article.author_org {
                let name = Self::resolve_org(doc, i, written).to_string();
                let o = id(&["org", &name]);
                if !doc.facts.organizations.iter().any(|m| m.name == name) {
                    self.add(&o, rdf::TYPE, org::ORGANIZATION);
                    self.text(&o, rdfs::LABEL, &name);
                    self.add(&o, edu::MENTIONED_IN, a.clone());
                }
                self.add(&a, dcterms::CREATOR, o);
            }
            if let Some(person) = &article.author_person {
                let p = person_iri(person);
                self.add(&p, rdf::TYPE, foaf::PERSON);
                self.text(&p, foaf::NAME, person);
                self.add(&p, edu::MENTIONED_IN, a.clone());
                self.add(&a, dcterms::CREATOR, p);
            }
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
                let target = self.referenced_node(doc, scope);
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
            let initiative = self.initiative_node(doc, &m.initiative, &article);
            self.add(&node, edu::INITIATIVE_PROP, initiative);
            if let Some(place) = &m.place {
                let place = self.place_node(doc, place, &article, lexicon);
                self.add(&node, edu::SCOPE, place);
            }
            self.add(&node, edu::YEAR, gyear(m.year));
            self.text(&node, edu::STATUS, &m.status);
            self.provenance(&node, doc, articles, &m.evidence);
        }
    }

    /// The node of an initiative a statement names: the one its mentions made,
    /// or, when none was extracted, a new one typed, labelled and placed here.
    fn initiative_node(&mut self, doc: &Document, name: &str, article: &NamedNode) -> NamedNode {
        let node = id(&["initiative", name]);
        if !doc.facts.initiatives.iter().any(|m| m.name == name) {
            self.add(&node, rdf::TYPE, edu::INITIATIVE);
            self.text(&node, rdfs::LABEL, name);
            self.add(&node, edu::MENTIONED_IN, article.clone());
        }
        node
    }

    /// The node of a place a statement names: the one its mentions made, or,
    /// when none was extracted, one described from the gazetteer here.
    fn place_node(
        &mut self,
        doc: &Document,
        name: &str,
        article: &NamedNode,
        lexicon: &Lexicon,
    ) -> NamedNode {
        let node = id(&["place", name]);
        if !doc.facts.places.iter().any(|m| m.name == name) {
            self.describe_place(&node, name, PlaceLevel::Other, lexicon, 0);
            self.add(&node, edu::MENTIONED_IN, article.clone());
        }
        node
    }

    /// The node a name in a post, scope or partnership refers to: a place if
    /// the document names it as one, else an institution, typed and labelled
    /// here when no mention of it was extracted.
    fn referenced_node(&mut self, doc: &Document, name: &str) -> NamedNode {
        if doc.facts.places.iter().any(|p| p.name == name) {
            return id(&["place", name]);
        }
        let node = id(&["org", name]);
        if !doc.facts.organizations.iter().any(|m| m.name == name) {
            self.add(&node, rdf::TYPE, org::ORGANIZATION);
            self.text(&node, rdfs::LABEL, name);
        }
        node
    }

    fn partnerships(&mut self, doc: &Document, articles: &[NamedNode]) {
        for (n, p) in doc.facts.partnerships.iter().enumerate() {
            let node = id(&["doc", &self.stem, "partnership", &(n + 1).to_string()]);
            self.add(&node, rdf::TYPE, edu::PARTNERSHIP);
            let (a, b) = (
                self.referenced_node(doc, &p.supporter),
                self.referenced_node(doc, &p.supported),
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

    #[test]
    fn document_iri_drops_the_extension() {
        assert_eq!(
            document_iri("000_2657467a4493b439.txt").as_str(),
            "https://w3id.org/edupol/id/doc/000_2657467a4493b439"
        );
    }
}
