//! The ontology (`ontology/edupol.ttl`) declares every term the code writes
//! (`edupol::vocab`), documents it in English and Chinese, and places the
//! contract's classes in the hierarchy the saved queries rely on.

use std::collections::{BTreeSet, HashSet};

use edupol::vocab::{self, edu};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::vocab::{rdf, rdfs, xsd};
use oxigraph::model::{Graph, NamedNodeRef, NamedOrBlankNodeRef, TermRef};

const ONTOLOGY_FILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/ontology/edupol.ttl");

mod owl {
    use oxigraph::model::NamedNodeRef;
    const fn term(iri: &'static str) -> NamedNodeRef<'static> {
        NamedNodeRef::new_unchecked(iri)
    }
    pub const ONTOLOGY: NamedNodeRef<'static> = term("http://www.w3.org/2002/07/owl#Ontology");
    pub const CLASS: NamedNodeRef<'static> = term("http://www.w3.org/2002/07/owl#Class");
    pub const OBJECT_PROPERTY: NamedNodeRef<'static> =
        term("http://www.w3.org/2002/07/owl#ObjectProperty");
    pub const DATATYPE_PROPERTY: NamedNodeRef<'static> =
        term("http://www.w3.org/2002/07/owl#DatatypeProperty");
    pub const NAMED_INDIVIDUAL: NamedNodeRef<'static> =
        term("http://www.w3.org/2002/07/owl#NamedIndividual");
    pub const TRANSITIVE_PROPERTY: NamedNodeRef<'static> =
        term("http://www.w3.org/2002/07/owl#TransitiveProperty");
    pub const THING: NamedNodeRef<'static> = term("http://www.w3.org/2002/07/owl#Thing");
    pub const UNION_OF: NamedNodeRef<'static> = term("http://www.w3.org/2002/07/owl#unionOf");
    pub const VERSION_INFO: NamedNodeRef<'static> =
        term("http://www.w3.org/2002/07/owl#versionInfo");
}

const SKOS_SCOPE_NOTE: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://www.w3.org/2004/02/skos/core#scopeNote");
const DCTERMS_LICENSE: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://purl.org/dc/terms/license");
const DCTERMS_CREATED: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://purl.org/dc/terms/created");
const DCTERMS_DESCRIPTION: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://purl.org/dc/terms/description");
const DCTERMS_LOCATION: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://purl.org/dc/terms/Location");
const PROV_ENTITY: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://www.w3.org/ns/prov#Entity");
const FOAF_DOCUMENT: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://xmlns.com/foaf/0.1/Document");

fn load() -> Graph {
    let text = std::fs::read_to_string(ONTOLOGY_FILE)
        .unwrap_or_else(|e| panic!("cannot read {ONTOLOGY_FILE}: {e}"));
    let mut graph = Graph::new();
    for quad in RdfParser::from_format(RdfFormat::Turtle)
        .with_base_iri(vocab::ONTOLOGY_GRAPH)
        .unwrap()
        .for_slice(text.as_bytes())
    {
        let quad = quad.unwrap_or_else(|e| panic!("{ONTOLOGY_FILE} is not valid Turtle: {e}"));
        graph.insert(quad.as_ref());
    }
    assert!(!graph.is_empty(), "the ontology is empty");
    graph
}

fn edu_term(local: &str) -> NamedNodeRef<'static> {
    let found = edu::ALL
        .iter()
        .copied()
        .find(|t| t.as_str().strip_prefix(edu::NS) == Some(local));
    found.unwrap_or_else(|| panic!("edu:{local} is not in edupol::vocab::edu::ALL"))
}

fn local(term: NamedNodeRef<'_>) -> &str {
    term.as_str().strip_prefix(edu::NS).unwrap_or(term.as_str())
}

fn types<'a>(g: &'a Graph, s: NamedNodeRef<'_>) -> Vec<NamedNodeRef<'a>> {
    g.objects_for_subject_predicate(s, rdf::TYPE)
        .filter_map(|o| match o {
            TermRef::NamedNode(n) => Some(n),
            _ => None,
        })
        .collect()
}

fn has_type(g: &Graph, s: NamedNodeRef<'_>, class: NamedNodeRef<'_>) -> bool {
    types(g, s).contains(&class)
}

fn is_property(g: &Graph, s: NamedNodeRef<'_>) -> bool {
    has_type(g, s, owl::OBJECT_PROPERTY) || has_type(g, s, owl::DATATYPE_PROPERTY)
}

fn literals_with_lang<'a>(
    g: &'a Graph,
    s: NamedNodeRef<'_>,
    p: NamedNodeRef<'_>,
    lang: &str,
) -> Vec<&'a str> {
    g.objects_for_subject_predicate(s, p)
        .filter_map(|o| match o {
            TermRef::Literal(l) if l.language() == Some(lang) => Some(l.value()),
            _ => None,
        })
        .collect()
}

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// The named classes a domain or range stands for: the class itself, or the
/// members of an `owl:unionOf` list.
fn class_expression_members<'a>(g: &'a Graph, term: TermRef<'a>) -> Vec<TermRef<'a>> {
    let node = match term {
        TermRef::NamedNode(_) => return vec![term],
        TermRef::BlankNode(b) => b,
        _ => return vec![term],
    };
    let Some(mut list) = g.object_for_subject_predicate(node, owl::UNION_OF) else {
        return vec![term];
    };
    let mut members = Vec::new();
    while list != TermRef::from(rdf::NIL) {
        let cell: NamedOrBlankNodeRef<'_> = match list {
            TermRef::NamedNode(n) => n.into(),
            TermRef::BlankNode(b) => b.into(),
            _ => panic!("malformed RDF list in owl:unionOf"),
        };
        members.push(
            g.object_for_subject_predicate(cell, rdf::FIRST)
                .expect("RDF list cell without rdf:first"),
        );
        list = g
            .object_for_subject_predicate(cell, rdf::REST)
            .expect("RDF list cell without rdf:rest");
    }
    assert!(!members.is_empty(), "empty owl:unionOf");
    members
}

fn fail_if_any(problems: Vec<String>) {
    assert!(
        problems.is_empty(),
        "{} problem(s) in ontology/edupol.ttl:\n  {}",
        problems.len(),
        problems.join("\n  ")
    );
}

#[test]
fn ontology_header() {
    let g = load();
    let ontology = NamedNodeRef::new(vocab::ONTOLOGY_GRAPH).unwrap();
    let ontologies: Vec<_> = g
        .subjects_for_predicate_object(rdf::TYPE, owl::ONTOLOGY)
        .collect();
    assert_eq!(
        ontologies,
        vec![NamedOrBlankNodeRef::from(ontology)],
        "exactly one owl:Ontology, named {}",
        vocab::ONTOLOGY_GRAPH
    );
    let version = g.object_for_subject_predicate(ontology, owl::VERSION_INFO);
    assert!(
        matches!(version, Some(TermRef::Literal(l)) if l.value() == "0.1.0"),
        "owl:versionInfo \"0.1.0\", found {version:?}"
    );
    assert_eq!(
        g.object_for_subject_predicate(ontology, DCTERMS_LICENSE),
        Some(TermRef::from(NamedNodeRef::new_unchecked(
            "https://creativecommons.org/licenses/by/4.0/"
        ))),
        "licence CC-BY-4.0"
    );
    let created = g.object_for_subject_predicate(ontology, DCTERMS_CREATED);
    assert!(
        matches!(created, Some(TermRef::Literal(l)) if l.value() == "2026-11-23" && l.datatype() == xsd::DATE),
        "dcterms:created \"2026-11-23\"^^xsd:date, found {created:?}"
    );
    let title = NamedNodeRef::new_unchecked("http://purl.org/dc/terms/title");
    for lang in ["en", "zh"] {
        assert!(
            !literals_with_lang(&g, ontology, title, lang).is_empty(),
            "dcterms:title @{lang}"
        );
    }
    assert!(
        !literals_with_lang(&g, ontology, DCTERMS_DESCRIPTION, "en").is_empty(),
        "dcterms:description @en"
    );
}

#[test]
fn every_vocab_term_is_declared() {
    let g = load();
    let kinds = [
        owl::CLASS,
        owl::OBJECT_PROPERTY,
        owl::DATATYPE_PROPERTY,
        owl::NAMED_INDIVIDUAL,
    ];
    let mut problems = Vec::new();
    for &term in edu::ALL {
        let declared: Vec<_> = kinds.iter().filter(|k| has_type(&g, term, **k)).collect();
        match declared.len() {
            0 => problems.push(format!(
                "edu:{} is not declared (owl:Class, owl:ObjectProperty, owl:DatatypeProperty or owl:NamedIndividual)",
                local(term)
            )),
            1 => {}
            _ => problems.push(format!(
                "edu:{} is declared as several kinds: {declared:?}",
                local(term)
            )),
        }
    }
    fail_if_any(problems);
}

#[test]
fn term_kinds_follow_naming() {
    // Classes and individuals are UpperCamelCase, properties lowerCamelCase:
    // edu:Unit (class) and edu:unit (property) must not be swapped.
    let g = load();
    let mut problems = Vec::new();
    for &term in edu::ALL {
        let upper = local(term).starts_with(|c: char| c.is_ascii_uppercase());
        let property = is_property(&g, term);
        if property == upper {
            let kind = if property {
                "property"
            } else {
                "class or individual"
            };
            problems.push(format!(
                "edu:{}: a {kind} with a misleading name",
                local(term)
            ));
        }
    }
    fail_if_any(problems);
}

#[test]
fn every_vocab_term_is_labelled_in_english_and_chinese_and_commented() {
    let g = load();
    let mut problems = Vec::new();
    for &term in edu::ALL {
        let name = local(term);
        let en = literals_with_lang(&g, term, rdfs::LABEL, "en");
        if en.len() != 1 || en[0].trim().is_empty() {
            problems.push(format!(
                "edu:{name}: needs one non-empty rdfs:label @en, has {en:?}"
            ));
        }
        let zh = literals_with_lang(&g, term, rdfs::LABEL, "zh");
        if zh.len() != 1 || !has_cjk(zh[0]) {
            problems.push(format!(
                "edu:{name}: needs one Chinese rdfs:label @zh, has {zh:?}"
            ));
        }
        let comments = literals_with_lang(&g, term, rdfs::COMMENT, "en");
        if comments.is_empty() || comments.iter().any(|c| c.split_whitespace().count() < 3) {
            problems.push(format!(
                "edu:{name}: needs an rdfs:comment @en of a few words, has {comments:?}"
            ));
        }
    }
    fail_if_any(problems);
}

#[test]
fn every_property_has_domain_and_range() {
    let g = load();
    let mut problems = Vec::new();
    let mut properties = 0;
    for triple in g.iter() {
        let NamedOrBlankNodeRef::NamedNode(p) = triple.subject else {
            continue;
        };
        if triple.predicate != rdf::TYPE || !p.as_str().starts_with(edu::NS) {
            continue;
        }
        let datatype = triple.object == TermRef::from(owl::DATATYPE_PROPERTY);
        if !datatype && triple.object != TermRef::from(owl::OBJECT_PROPERTY) {
            continue;
        }
        properties += 1;
        let name = local(p);
        let domains: Vec<_> = g.objects_for_subject_predicate(p, rdfs::DOMAIN).collect();
        let ranges: Vec<_> = g.objects_for_subject_predicate(p, rdfs::RANGE).collect();
        if domains.len() != 1 {
            problems.push(format!(
                "edu:{name}: needs one rdfs:domain, has {domains:?}"
            ));
        }
        if ranges.len() != 1 {
            problems.push(format!("edu:{name}: needs one rdfs:range, has {ranges:?}"));
        }
        // A domain is a declared class (or owl:Thing, or a union of declared classes).
        for domain in domains {
            for member in class_expression_members(&g, domain) {
                let ok = match member {
                    TermRef::NamedNode(c) => c == owl::THING || has_type(&g, c, owl::CLASS),
                    _ => false,
                };
                if !ok {
                    problems.push(format!(
                        "edu:{name}: domain member {member} is not a declared owl:Class"
                    ));
                }
            }
        }
        // The range of a datatype property is an XML Schema datatype; that of an
        // object property a declared class or a union of them.
        for range in ranges {
            if datatype {
                let ok = matches!(range, TermRef::NamedNode(d)
                    if d.as_str().starts_with("http://www.w3.org/2001/XMLSchema#"));
                if !ok {
                    problems.push(format!(
                        "edu:{name}: datatype property with range {range}, not an xsd: datatype"
                    ));
                }
            } else {
                for member in class_expression_members(&g, range) {
                    // owl:Class itself for a property whose values are
                    // classes (edu:classifiedAs).
                    let ok = matches!(member, TermRef::NamedNode(c)
                        if has_type(&g, c, owl::CLASS) || c == owl::CLASS);
                    if !ok {
                        problems.push(format!(
                            "edu:{name}: range member {member} is not a declared owl:Class"
                        ));
                    }
                }
            }
        }
    }
    assert!(
        properties >= 20,
        "expected the edu: properties, found {properties}"
    );
    fail_if_any(problems);
}

#[test]
fn every_edu_term_used_in_the_ontology_is_declared_in_it() {
    // Catches typos such as `rdfs:subClassOf edu:Initiatve`.
    let g = load();
    let mut used = BTreeSet::new();
    for triple in g.iter() {
        if let NamedOrBlankNodeRef::NamedNode(n) = triple.subject {
            used.insert(n);
        }
        used.insert(triple.predicate);
        if let TermRef::NamedNode(n) = triple.object {
            used.insert(n);
        }
    }
    let problems = used
        .into_iter()
        .filter(|n| n.as_str().starts_with(edu::NS))
        .filter(|n| types(&g, *n).is_empty())
        .map(|n| format!("edu:{} is used but not declared", local(n)))
        .collect();
    fail_if_any(problems);
}

#[test]
fn contract_terms_are_in_vocab_and_ontology() {
    // The terms of the graph contract (CONTRACT.md, "Terms"), by kind.
    let classes = [
        "SourceDocument",
        "Article",
        "EducationAuthority",
        "Government",
        "PartyBody",
        "School",
        "University",
        "Company",
        "AdministrativeDivision",
        "Initiative",
        "Program",
        "Reform",
        "Campaign",
        "PolicyDocument",
        "Accreditation",
        "Platform",
        "Target",
        "ReportedFigure",
        "Partnership",
    ];
    let individuals = [
        "Province",
        "City",
        "County",
        "District",
        "Town",
        "Percent",
        "Yuan",
        "Count",
        "Rank",
        "Ratio",
        "SquareMetre",
        "Dimensionless",
        "Equal",
        "AtLeast",
        "GreaterThan",
        "AtMost",
        "LessThan",
        "Approximately",
    ];
    let object_properties = [
        "adminLevel",
        "unit",
        "comparator",
        "scope",
        "supporter",
        "supported",
        "mentionedIn",
    ];
    let datatype_properties = [
        "sourceFile",
        "text",
        "divisionCode",
        "value",
        "counter",
        "year",
        "indicator",
        "evidence",
    ];
    let g = load();
    let mut problems = Vec::new();
    for (names, kind) in [
        (&classes[..], owl::CLASS),
        (&individuals[..], owl::NAMED_INDIVIDUAL),
        (&object_properties[..], owl::OBJECT_PROPERTY),
        (&datatype_properties[..], owl::DATATYPE_PROPERTY),
    ] {
        for name in names {
            let term = edu_term(name);
            if !has_type(&g, term, kind) {
                problems.push(format!("edu:{name} is not declared as {kind}"));
            }
        }
    }
    fail_if_any(problems);
}

#[test]
fn institution_initiative_and_quantity_hierarchy() {
    let g = load();
    let org_organization = vocab::org::ORGANIZATION;
    let mut problems = Vec::new();
    let mut expect = |sub: &str, sup: NamedNodeRef<'_>| {
        let sub = edu_term(sub);
        if !g.contains(oxigraph::model::TripleRef::new(
            sub,
            rdfs::SUB_CLASS_OF,
            sup,
        )) {
            problems.push(format!(
                "edu:{} rdfs:subClassOf {sup} is missing",
                local(sub)
            ));
        }
    };
    for class in [
        "EducationAuthority",
        "Government",
        "PartyBody",
        "School",
        "University",
        "Company",
    ] {
        expect(class, org_organization);
    }
    for class in [
        "Program",
        "Reform",
        "Campaign",
        "PolicyDocument",
        "Accreditation",
        "Platform",
    ] {
        expect(class, edu::INITIATIVE);
    }
    expect("Target", edu::QUANTITY);
    expect("ReportedFigure", edu::QUANTITY);
    for class in ["SourceDocument", "Article"] {
        expect(class, PROV_ENTITY);
        expect(class, FOAF_DOCUMENT);
    }
    expect("AdministrativeDivision", DCTERMS_LOCATION);
    fail_if_any(problems);
}

#[test]
fn individuals_are_typed_with_their_class() {
    let g = load();
    let groups: [(&str, &[&str]); 5] = [
        (
            "AdministrativeLevel",
            &[
                "Province",
                "City",
                "County",
                "District",
                "Town",
                "OtherArea",
            ],
        ),
        (
            "Unit",
            &[
                "Percent",
                "Yuan",
                "Count",
                "Rank",
                "Ratio",
                "SquareMetre",
                "Dimensionless",
            ],
        ),
        (
            "Comparator",
            &[
                "Equal",
                "AtLeast",
                "GreaterThan",
                "AtMost",
                "LessThan",
                "Approximately",
            ],
        ),
        ("PartnershipKind", &["Pairing", "Support", "Cooperation"]),
        (
            "ArticleKind",
            &["Speech", "Notice", "NewsItem", "CaseStudy", "EditorsNote"],
        ),
    ];
    let mut problems = Vec::new();
    let mut grouped = BTreeSet::new();
    for (class, members) in groups {
        let class = edu_term(class);
        if !has_type(&g, class, owl::CLASS) {
            problems.push(format!("edu:{} is not an owl:Class", local(class)));
        }
        for member in members {
            let member = edu_term(member);
            grouped.insert(member);
            if !has_type(&g, member, owl::NAMED_INDIVIDUAL) || !has_type(&g, member, class) {
                problems.push(format!(
                    "edu:{} should be an owl:NamedIndividual of edu:{}",
                    local(member),
                    local(class)
                ));
            }
        }
    }
    // No individual of vocab.rs is left out of the groups above.
    for &term in edu::ALL {
        if has_type(&g, term, owl::NAMED_INDIVIDUAL) && !grouped.contains(&term) {
            problems.push(format!(
                "edu:{} is an individual of no known enumeration",
                local(term)
            ));
        }
    }
    fail_if_any(problems);
}

#[test]
fn property_ranges_and_characteristics() {
    let g = load();
    let range = |p: NamedNodeRef<'_>| g.object_for_subject_predicate(p, rdfs::RANGE);
    let domain = |p: NamedNodeRef<'_>| g.object_for_subject_predicate(p, rdfs::DOMAIN);
    let datatype_ranges = [
        (edu::YEAR, xsd::G_YEAR),
        (edu::VALUE, xsd::DECIMAL),
        (edu::DIVISION_CODE, xsd::STRING),
        (edu::STATISTICAL_CODE, xsd::STRING),
        (edu::EDUPOL_VERSION, xsd::STRING),
        (edu::CONTENT_HASH, xsd::STRING),
        (edu::SOURCE_FILE, xsd::STRING),
        (edu::EVIDENCE_START, xsd::INTEGER),
        (edu::EVIDENCE_END, xsd::INTEGER),
        (edu::COUNTER, xsd::STRING),
        (edu::INDICATOR, xsd::STRING),
        (edu::EVIDENCE, xsd::STRING),
        (edu::TEXT, xsd::STRING),
    ];
    for (p, dt) in datatype_ranges {
        assert!(
            has_type(&g, p, owl::DATATYPE_PROPERTY),
            "edu:{} is a datatype property",
            local(p)
        );
        assert_eq!(range(p), Some(dt.into()), "range of edu:{}", local(p));
    }
    let object_ranges = [
        (edu::UNIT, edu::UNIT_CLASS),
        (edu::COMPARATOR, edu::COMPARATOR_CLASS),
        (edu::ADMIN_LEVEL, edu::ADMIN_LEVEL_CLASS),
        (edu::ARTICLE_KIND, edu::ARTICLE_KIND_CLASS),
        (edu::PARTNERSHIP_KIND, edu::PARTNERSHIP_KIND_CLASS),
        (edu::PART_OF, edu::ADMINISTRATIVE_DIVISION),
    ];
    for (p, class) in object_ranges {
        assert!(
            has_type(&g, p, owl::OBJECT_PROPERTY),
            "edu:{} is an object property",
            local(p)
        );
        assert_eq!(range(p), Some(class.into()), "range of edu:{}", local(p));
    }
    // edu:partOf: division → parent division, transitive.
    assert!(has_type(&g, edu::PART_OF, owl::TRANSITIVE_PROPERTY));
    assert_eq!(
        domain(edu::PART_OF),
        Some(edu::ADMINISTRATIVE_DIVISION.into())
    );
    // Quantities.
    for p in [edu::VALUE, edu::UNIT, edu::COMPARATOR, edu::INDICATOR] {
        assert_eq!(
            domain(p),
            Some(edu::QUANTITY.into()),
            "domain of edu:{}",
            local(p)
        );
    }
    // Quantities and milestones share a year and a scope.
    let quantity_or_milestone: HashSet<TermRef<'_>> = [edu::QUANTITY.into(), edu::MILESTONE.into()]
        .into_iter()
        .collect();
    for p in [edu::YEAR, edu::SCOPE] {
        let members: HashSet<_> = class_expression_members(&g, domain(p).unwrap())
            .into_iter()
            .collect();
        assert_eq!(members, quantity_or_milestone, "domain of edu:{}", local(p));
    }
    // Milestones: a step of an initiative, stated in words.
    assert_eq!(domain(edu::INITIATIVE_PROP), Some(edu::MILESTONE.into()));
    assert_eq!(range(edu::INITIATIVE_PROP), Some(edu::INITIATIVE.into()));
    assert!(has_type(&g, edu::STATUS, owl::DATATYPE_PROPERTY));
    assert_eq!(domain(edu::STATUS), Some(edu::MILESTONE.into()));
    assert_eq!(range(edu::STATUS), Some(xsd::STRING.into()));
    // Evidence belongs to every statement, milestones included.
    for p in [edu::EVIDENCE, edu::EVIDENCE_START, edu::EVIDENCE_END] {
        let members: HashSet<_> = class_expression_members(&g, domain(p).unwrap())
            .into_iter()
            .collect();
        assert!(
            members.contains(&TermRef::from(edu::MILESTONE)),
            "domain of edu:{} includes edu:Milestone",
            local(p)
        );
    }
    // edu:scope: a place or an institution.
    let scope: HashSet<_> = class_expression_members(&g, range(edu::SCOPE).unwrap())
        .into_iter()
        .collect();
    let expected: HashSet<TermRef<'_>> = [
        edu::ADMINISTRATIVE_DIVISION.into(),
        vocab::org::ORGANIZATION.into(),
    ]
    .into_iter()
    .collect();
    assert_eq!(scope, expected, "range of edu:scope");
    // edu:supporter, edu:supported: an institution or, for 山海协作, a place.
    for p in [edu::SUPPORTER, edu::SUPPORTED] {
        let members: HashSet<_> = class_expression_members(&g, range(p).unwrap())
            .into_iter()
            .collect();
        assert_eq!(members, expected, "range of edu:{}", local(p));
        assert_eq!(
            domain(p),
            Some(edu::PARTNERSHIP.into()),
            "domain of edu:{}",
            local(p)
        );
    }
    // edu:mentionedIn: any entity → an article or a source document.
    let mentioned: HashSet<_> = class_expression_members(&g, range(edu::MENTIONED_IN).unwrap())
        .into_iter()
        .collect();
    let expected: HashSet<TermRef<'_>> = [edu::ARTICLE.into(), edu::SOURCE_DOCUMENT.into()]
        .into_iter()
        .collect();
    assert_eq!(mentioned, expected, "range of edu:mentionedIn");
}

#[test]
fn reused_vocabularies_are_referenced_not_redefined() {
    // Terms of org, foaf, prov, dcterms, skos, rdfs, rdf, void and dcat may be declared
    // (rdf:type) and given an edupol usage note, but not relabelled or given
    // new domains, ranges or superclasses.
    let g = load();
    let external = vocab::org::ALL
        .iter()
        .chain(vocab::foaf::ALL)
        .chain(vocab::prov::ALL)
        .chain(vocab::dcterms::ALL)
        .chain(vocab::skos::ALL)
        .chain(vocab::rdfs::ALL)
        .chain(vocab::rdf::ALL)
        .chain(vocab::void::ALL)
        .chain(vocab::dcat::ALL);
    let mut problems = Vec::new();
    for &term in external {
        assert!(!term.as_str().starts_with(edu::NS));
        for triple in g.triples_for_subject(term) {
            if triple.predicate != rdf::TYPE && triple.predicate != SKOS_SCOPE_NOTE {
                problems.push(format!("{term} is redefined: {triple}"));
            }
        }
    }
    fail_if_any(problems);
}
