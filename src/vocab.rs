//! Every vocabulary term edupol writes, defined once.
//!
//! `triples` builds the graph only from these constants, and a test checks that
//! each `edu:` term here is declared in `ontology/edupol.ttl`, so code and
//! ontology cannot drift apart.

use oxigraph::model::NamedNodeRef;

macro_rules! terms {
    ($(#[$meta:meta])* $module:ident, $base:literal, { $($name:ident = $local:literal),* $(,)? }) => {
        $(#[$meta])*
        pub mod $module {
            use super::NamedNodeRef;
            /// The namespace IRI.
            pub const NS: &str = $base;
            $(
                pub const $name: NamedNodeRef<'static> =
                    NamedNodeRef::new_unchecked(concat!($base, $local));
            )*
            /// Every term of this namespace that edupol writes.
            pub const ALL: &[NamedNodeRef<'static>] = &[$($name),*];
        }
    };
}

terms!(
    /// The edupol ontology (`ontology/edupol.ttl`).
    edu, "https://w3id.org/edupol/ontology#", {
    // classes
    SOURCE_DOCUMENT = "SourceDocument",
    ARTICLE = "Article",
    EDUCATION_AUTHORITY = "EducationAuthority",
    GOVERNMENT = "Government",
    PARTY_BODY = "PartyBody",
    SCHOOL = "School",
    UNIVERSITY = "University",
    COMPANY = "Company",
    ADMINISTRATIVE_DIVISION = "AdministrativeDivision",
    ADMIN_LEVEL_CLASS = "AdministrativeLevel",
    INITIATIVE = "Initiative",
    PROGRAM = "Program",
    REFORM = "Reform",
    CAMPAIGN = "Campaign",
    POLICY_DOCUMENT = "PolicyDocument",
    ACCREDITATION = "Accreditation",
    PLATFORM = "Platform",
    QUANTITY = "Quantity",
    TARGET = "Target",
    REPORTED_FIGURE = "ReportedFigure",
    MILESTONE = "Milestone",
    PARTNERSHIP = "Partnership",
    // administrative levels
    PROVINCE = "Province",
    CITY = "City",
    COUNTY = "County",
    DISTRICT = "District",
    TOWN = "Town",
    OTHER_AREA = "OtherArea",
    // units
    UNIT_CLASS = "Unit",
    PERCENT = "Percent",
    YUAN = "Yuan",
    COUNT = "Count",
    RANK = "Rank",
    RATIO = "Ratio",
    SQUARE_METRE = "SquareMetre",
    DIMENSIONLESS = "Dimensionless",
    // comparators
    COMPARATOR_CLASS = "Comparator",
    EQUAL = "Equal",
    AT_LEAST = "AtLeast",
    GREATER_THAN = "GreaterThan",
    AT_MOST = "AtMost",
    LESS_THAN = "LessThan",
    APPROXIMATELY = "Approximately",
    // partnership kinds
    PARTNERSHIP_KIND_CLASS = "PartnershipKind",
    PAIRING = "Pairing",
    SUPPORT = "Support",
    COOPERATION = "Cooperation",
    // article kinds
    ARTICLE_KIND_CLASS = "ArticleKind",
    SPEECH = "Speech",
    NOTICE = "Notice",
    NEWS_ITEM = "NewsItem",
    CASE_STUDY = "CaseStudy",
    EDITORS_NOTE = "EditorsNote",
    // properties
    SOURCE_FILE = "sourceFile",
    CONTENT_HASH = "contentHash",
    DOC_NUMBER = "docNumber",
    TEXT = "text",
    ARTICLE_KIND = "articleKind",
    ADMIN_LEVEL = "adminLevel",
    DIVISION_CODE = "divisionCode",
    STATISTICAL_CODE = "statisticalCode",
    SCHOOL_CODE = "schoolCode",
    PART_OF = "partOf",
    VALUE = "value",
    UNIT = "unit",
    COUNTER = "counter",
    COMPARATOR = "comparator",
    YEAR = "year",
    INDICATOR = "indicator",
    SCOPE = "scope",
    EVIDENCE = "evidence",
    EVIDENCE_START = "evidenceStart",
    EVIDENCE_END = "evidenceEnd",
    INITIATIVE_PROP = "initiative",
    STATUS = "status",
    SUPPORTER = "supporter",
    SUPPORTED = "supported",
    PARTNERSHIP_KIND = "partnershipKind",
    MENTIONED_IN = "mentionedIn",
    CLASSIFIED_AS = "classifiedAs",
    // the dataset description
    EDUPOL_VERSION = "edupolVersion",
    STORE_FORMAT = "storeFormat",
    EXTRACTED_WITH = "extractedWith",
});

terms!(
    /// W3C Organization ontology.
    org, "http://www.w3.org/ns/org#", {
    ORGANIZATION = "Organization",
    MEMBERSHIP = "Membership",
    ROLE = "Role",
    MEMBER = "member",
    ORGANIZATION_PROP = "organization",
    ROLE_PROP = "role",
});

terms!(
    /// Friend of a Friend.
    foaf, "http://xmlns.com/foaf/0.1/", {
    PERSON = "Person",
    NAME = "name",
});

terms!(
    /// PROV-O.
    prov, "http://www.w3.org/ns/prov#", {
    WAS_DERIVED_FROM = "wasDerivedFrom",
});

terms!(
    /// Dublin Core terms.
    dcterms, "http://purl.org/dc/terms/", {
    TITLE = "title",
    CREATOR = "creator",
    IS_PART_OF = "isPartOf",
    DATE = "date",
    IDENTIFIER = "identifier",
    // the dataset description
    DESCRIPTION = "description",
    LICENSE = "license",
    CREATED = "created",
    MODIFIED = "modified",
    SOURCE = "source",
});

terms!(
    /// SKOS.
    skos, "http://www.w3.org/2004/02/skos/core#", {
    ALT_LABEL = "altLabel",
    // not written, but read by `eval`: other tools label nodes with it
    PREF_LABEL = "prefLabel",
});

terms!(
    /// VoID, the Vocabulary of Interlinked Datasets (the dataset description).
    void, "http://rdfs.org/ns/void#", {
    DATASET = "Dataset",
    TRIPLES = "triples",
    CLASSES = "classes",
    CLASS_PARTITION = "classPartition",
    CLASS = "class",
    ENTITIES = "entities",
    SUBSET = "subset",
    URI_SPACE = "uriSpace",
    VOCABULARY = "vocabulary",
});

terms!(
    /// DCAT, the Data Catalog Vocabulary (the dataset description).
    dcat, "http://www.w3.org/ns/dcat#", {
    DATASET = "Dataset",
    KEYWORD = "keyword",
});

terms!(
    /// OWL.
    owl, "http://www.w3.org/2002/07/owl#", {
    // the fingerprint of the gazetteer's graph
    VERSION_INFO = "versionInfo",
    // a division's Wikidata item (data/wikidata.tsv)
    SAME_AS = "sameAs",
});

terms!(
    /// RDF Schema.
    rdfs, "http://www.w3.org/2000/01/rdf-schema#", {
    LABEL = "label",
});

terms!(
    /// RDF.
    rdf, "http://www.w3.org/1999/02/22-rdf-syntax-ns#", {
    TYPE = "type",
});

/// Where edupol's own resources live.
pub const ID_BASE: &str = "https://w3id.org/edupol/id/";
/// Wikidata's namespace of items: `owl:sameAs <{WIKIDATA_ENTITY}Q16967>`.
pub const WIKIDATA_ENTITY: &str = "http://www.wikidata.org/entity/";
/// The named graph that holds the ontology.
pub const ONTOLOGY_GRAPH: &str = "https://w3id.org/edupol/ontology";
/// The named graph that holds the gazetteer: every administrative division,
/// its codes, names and parent.
pub const GAZETTEER_GRAPH: &str = "https://w3id.org/edupol/gazetteer";
/// The named graph that describes the entities documents share (institutions,
/// initiatives, people with an institution, their posts, roles): each
/// statement once, however many documents name the entity. Document graphs
/// keep what was read there (mentions, classes, aliases, facts).
pub const ENTITIES_GRAPH: &str = "https://w3id.org/edupol/entities";
/// The named graph that describes the dataset (VoID and DCAT); also the IRI of
/// the dataset itself.
pub const DATASET_GRAPH: &str = "https://w3id.org/edupol/dataset";

/// Prefixes used in Turtle export and accepted in queries.
pub const PREFIXES: &[(&str, &str)] = &[
    ("edu", edu::NS),
    ("eduid", ID_BASE),
    ("org", org::NS),
    ("foaf", foaf::NS),
    ("prov", prov::NS),
    ("dcterms", dcterms::NS),
    ("skos", skos::NS),
    ("rdfs", rdfs::NS),
    ("rdf", rdf::NS),
    ("owl", owl::NS),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("void", void::NS),
    ("dcat", dcat::NS),
];
