//! Scores a built graph against gold annotations: precision, recall and F1
//! per category, and accuracy of attributes on matched pairs.
//!
//! The rules are those of `shared/gold/SCHEMA.md` and the user's scorer
//! `score.py`, which this reproduces so that an analyst can measure the
//! extractor on documents they annotated themselves without Python. The
//! graph is read only through the terms of `shared/CONTRACT.md`. Where the
//! Python scorer's result depends on set iteration order (which number of
//! several equal ones a gold number is paired with), this one pairs a gold
//! number with the equal one read from its quoted sentence, else with the
//! first in reading order, so its accuracies are stable and mean what they say.

pub mod gold;
mod graph;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::Path;

use oxigraph::model::{NamedNodeRef, Term};
use serde::Serialize;

pub use crate::gold_names::{initiative_names_match, normalize_name};
use crate::vocab::{dcterms, edu, foaf, org, prov};
pub use gold::{GoldDocument, GoldError};
pub use graph::GraphView;

/// The categories scored, in report order.
pub const CATEGORIES: &[&str] = &[
    "organizations",
    "people",
    "posts",
    "places",
    "initiatives",
    "numbers",
    "partnerships",
    "articles",
];

const ORGANIZATION_CLASSES: &[NamedNodeRef<'static>] = &[
    org::ORGANIZATION,
    edu::EDUCATION_AUTHORITY,
    edu::GOVERNMENT,
    edu::PARTY_BODY,
    edu::SCHOOL,
    edu::UNIVERSITY,
    edu::COMPANY,
];
const INITIATIVE_CLASSES: &[NamedNodeRef<'static>] = &[
    edu::INITIATIVE,
    edu::PROGRAM,
    edu::REFORM,
    edu::CAMPAIGN,
    edu::POLICY_DOCUMENT,
    edu::ACCREDITATION,
    edu::PLATFORM,
];

/// Gold and predicted counts of one category, and what did not match.
#[derive(Debug, Default, Clone)]
pub struct Tally {
    pub gold: usize,
    pub predicted: usize,
    pub gold_matched: usize,
    pub predicted_matched: usize,
    pub misses: Vec<String>,
    pub spurious: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Scores {
    pub gold: usize,
    #[serde(rename = "pred")]
    pub predicted: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Tally {
    pub fn scores(&self) -> Scores {
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let precision = ratio(self.predicted_matched, self.predicted);
        let recall = ratio(self.gold_matched, self.gold);
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        Scores {
            gold: self.gold,
            predicted: self.predicted,
            precision,
            recall,
            f1,
        }
    }

    /// Set matching: each gold item counts once if any prediction matches
    /// it, and each prediction once if it matches any gold item.
    fn add_sets<G, P>(
        &mut self,
        file: &str,
        gold: &[(String, G)],
        predicted: &[(String, P)],
        matches: impl Fn(&G, &P) -> bool,
    ) {
        self.gold += gold.len();
        self.predicted += predicted.len();
        for (shown, g) in gold {
            if predicted.iter().any(|(_, p)| matches(g, p)) {
                self.gold_matched += 1;
            } else {
                self.misses.push(format!("{file}: {shown}"));
            }
        }
        for (shown, p) in predicted {
            if gold.iter().any(|(_, g)| matches(g, p)) {
                self.predicted_matched += 1;
            } else {
                self.spurious.push(format!("{file}: {shown}"));
            }
        }
    }
}

/// Correct / scored counts of an attribute on matched pairs.
#[derive(Debug, Default, Clone, Copy)]
pub struct Accuracy {
    pub correct: usize,
    pub scored: usize,
}

impl Accuracy {
    fn add(&mut self, correct: bool) {
        self.scored += 1;
        self.correct += usize::from(correct);
    }

    pub fn value(&self) -> Option<f64> {
        (self.scored > 0).then(|| self.correct as f64 / self.scored as f64)
    }
}

/// The outcome of scoring a graph against a gold folder.
#[derive(Debug, Default)]
pub struct Evaluation {
    pub tallies: BTreeMap<&'static str, Tally>,
    pub accuracy: BTreeMap<&'static str, Accuracy>,
    /// Gold files whose document is not in the graph.
    pub missing_documents: Vec<String>,
    /// Matched pairs whose attribute differs: (attribute, description).
    pub mismatches: Vec<(&'static str, String)>,
}

impl Evaluation {
    /// Adds one document's counts; an attribute never scored is not listed.
    fn add_accuracy(&mut self, name: &'static str, add: Accuracy) {
        if add.scored > 0 {
            let a = self.accuracy.entry(name).or_default();
            a.correct += add.correct;
            a.scored += add.scored;
        }
    }

    pub fn tally(&self, category: &str) -> Tally {
        self.tallies.get(category).cloned().unwrap_or_default()
    }

    /// The scores of every category and of all together (`"all"`).
    pub fn scores(&self) -> Vec<(&'static str, Scores)> {
        let mut total = Tally::default();
        let mut rows = Vec::new();
        for &category in CATEGORIES {
            let t = self.tally(category);
            total.gold += t.gold;
            total.predicted += t.predicted;
            total.gold_matched += t.gold_matched;
            total.predicted_matched += t.predicted_matched;
            rows.push((category, t.scores()));
        }
        rows.push(("all", total.scores()));
        rows
    }

    pub fn f1(&self, category: &str) -> Option<f64> {
        self.scores()
            .into_iter()
            .find(|(c, _)| *c == category)
            .map(|(_, s)| s.f1)
    }

    /// The report as score.py prints it: one row per category, then the
    /// accuracies; with `misses`, every missed and spurious item.
    pub fn render_table(&self, misses: bool) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{:<14}{:>6}{:>6}{:>7}{:>7}{:>7}",
            "category", "gold", "pred", "P", "R", "F1"
        );
        for (category, s) in self.scores() {
            let _ = writeln!(
                out,
                "{category:<14}{:>6}{:>6}{:>7.3}{:>7.3}{:>7.3}",
                s.gold, s.predicted, s.precision, s.recall, s.f1
            );
        }
        for (name, accuracy) in &self.accuracy {
            match accuracy.value() {
                Some(v) => {
                    let _ = writeln!(
                        out,
                        "accuracy {name}: {v:.3} ({} of {})",
                        accuracy.correct, accuracy.scored
                    );
                }
                None => {
                    let _ = writeln!(out, "accuracy {name}: none scored");
                }
            }
        }
        if !self.missing_documents.is_empty() {
            let _ = writeln!(
                out,
                "documents missing from the graph: {}",
                self.missing_documents.join(", ")
            );
        }
        if misses {
            for &category in CATEGORIES {
                let t = self.tally(category);
                for m in &t.misses {
                    let _ = writeln!(out, "MISSED   {category}: {m}");
                }
                for s in &t.spurious {
                    let _ = writeln!(out, "SPURIOUS {category}: {s}");
                }
            }
            for (attribute, m) in &self.mismatches {
                let _ = writeln!(out, "WRONG    {attribute}: {m}");
            }
        }
        out
    }

    /// The report in score.py's `--json` shape (figures rounded to 3 places).
    pub fn to_json(&self, misses: bool) -> serde_json::Value {
        let round = |x: f64| (x * 1000.0).round() / 1000.0;
        let scores: serde_json::Map<String, serde_json::Value> = self
            .scores()
            .into_iter()
            .map(|(c, s)| {
                (
                    c.to_string(),
                    serde_json::json!({
                        "gold": s.gold, "pred": s.predicted,
                        "precision": round(s.precision), "recall": round(s.recall),
                        "f1": round(s.f1),
                    }),
                )
            })
            .collect();
        let accuracy: serde_json::Map<String, serde_json::Value> = self
            .accuracy
            .iter()
            .map(|(k, a)| (k.to_string(), serde_json::json!(a.value().map(round))))
            .collect();
        let mut report = serde_json::json!({
            "scores": scores,
            "accuracy": accuracy,
            "missing_documents": self.missing_documents,
        });
        if misses {
            let lists: serde_json::Map<String, serde_json::Value> = CATEGORIES
                .iter()
                .map(|&c| {
                    let t = self.tally(c);
                    (
                        c.to_string(),
                        serde_json::json!({"missed": t.misses, "spurious": t.spurious}),
                    )
                })
                .collect();
            report["misses"] = serde_json::Value::Object(lists);
            report["wrong"] = self
                .mismatches
                .iter()
                .map(|(attribute, m)| serde_json::json!({"attribute": attribute, "item": m}))
                .collect();
        }
        report
    }
}

/// Scores the graph against the gold documents.
pub fn evaluate(graph: &GraphView, gold: &[GoldDocument]) -> Evaluation {
    let documents = source_documents(graph);
    let document_nodes: Vec<&Term> = documents.values().copied().collect();
    let mut evaluation = Evaluation::default();
    for g in gold {
        let document = documents.get(g.file.as_str()).copied();
        if document.is_none() {
            // Nothing is predicted for it: every gold item counts as missed.
            evaluation.missing_documents.push(g.file.clone());
        }
        let scope = DocumentScope {
            graph,
            document,
            documents: &document_nodes,
        };
        scope.score(g, &mut evaluation);
    }
    evaluation
}

/// Source documents by the file name (without folders) they were read from.
fn source_documents(graph: &GraphView) -> HashMap<String, &Term> {
    let mut documents = HashMap::new();
    for node in graph.instances(&[edu::SOURCE_DOCUMENT]) {
        for name in graph.literals(node, &[edu::SOURCE_FILE]) {
            let file = Path::new(name)
                .file_name()
                .map_or(name.to_string(), |f| f.to_string_lossy().into_owned());
            documents.insert(file, node);
        }
    }
    documents
}

/// An organization's names as gold gives them, looked up by any of them.
struct GoldOrganizations(HashMap<String, BTreeSet<String>>);

impl GoldOrganizations {
    fn new(gold: &GoldDocument) -> Self {
        let mut by_name = HashMap::new();
        for o in &gold.organizations {
            let variants = variants(&o.name, &o.aliases);
            for v in &variants {
                by_name.insert(v.clone(), variants.clone());
            }
        }
        GoldOrganizations(by_name)
    }

    fn variants(&self, name: &str) -> BTreeSet<String> {
        let key = normalize_name(name);
        self.0
            .get(&key)
            .cloned()
            .unwrap_or_else(|| BTreeSet::from([key]))
    }
}

fn variants(name: &str, aliases: &[String]) -> BTreeSet<String> {
    std::iter::once(name)
        .chain(aliases.iter().map(String::as_str))
        .map(normalize_name)
        .filter(|n| !n.is_empty())
        .chain(std::iter::once(normalize_name(name)))
        .collect()
}

fn intersects(a: &BTreeSet<String>, b: &BTreeSet<String>) -> bool {
    a.iter().any(|x| b.contains(x))
}

fn joined(names: &BTreeSet<String>) -> String {
    names.iter().cloned().collect::<Vec<_>>().join("/")
}

/// Local name of a unit or comparator IRI in the gold file's words.
fn unit_code(iri: &str) -> Option<&'static str> {
    Some(match iri.rsplit('#').next()? {
        "Percent" => "percent",
        "Yuan" => "yuan",
        "Count" => "count",
        "Rank" => "rank",
        "Ratio" => "ratio",
        "SquareMetre" => "area_m2",
        "Dimensionless" => "none",
        _ => return None,
    })
}

fn comparator_code(iri: &str) -> Option<&'static str> {
    Some(match iri.rsplit('#').next()? {
        "Equal" => "eq",
        "AtLeast" => "gte",
        "GreaterThan" => "gt",
        "AtMost" => "lte",
        "LessThan" => "lt",
        "Approximately" => "approx",
        _ => return None,
    })
}

fn iri_of(term: Option<&Term>) -> Option<&str> {
    match term? {
        Term::NamedNode(n) => Some(n.as_str()),
        _ => None,
    }
}

/// A number read from the graph, in the gold file's terms.
struct PredictedNumber {
    kind: &'static str,
    value: f64,
    unit: Option<&'static str>,
    comparator: Option<&'static str>,
    year: Option<i64>,
    /// The start of the evidence sentence, for reports.
    evidence: String,
    /// The whole evidence sentence, normalized, to find a gold quote in.
    sentence: String,
}

/// The graph seen from one source document.
struct DocumentScope<'g> {
    graph: &'g GraphView,
    /// None when the graph lacks the document.
    document: Option<&'g Term>,
    documents: &'g [&'g Term],
}

impl<'g> DocumentScope<'g> {
    /// The document a node belongs to: itself, or what it is part of.
    fn document_of(&self, node: &Term) -> Option<&'g Term> {
        if let Some(d) = self.documents.iter().find(|d| **d == node) {
            return Some(d);
        }
        self.graph
            .objects(node, dcterms::IS_PART_OF)
            .iter()
            .find_map(|parent| self.documents.iter().find(|d| **d == parent).copied())
    }

    fn is_ours(&self, node: &Term) -> bool {
        self.document.is_some() && self.document_of(node) == self.document
    }

    fn mentioned_here(&self, node: &Term) -> bool {
        self.graph
            .objects(node, edu::MENTIONED_IN)
            .iter()
            .any(|x| self.is_ours(x))
    }

    fn derived_from_here(&self, node: &Term) -> bool {
        self.graph
            .objects(node, prov::WAS_DERIVED_FROM)
            .iter()
            .any(|x| self.is_ours(x))
    }

    fn names_of(&self, node: Option<&Term>) -> BTreeSet<String> {
        node.map(|n| self.graph.names(n)).unwrap_or_default()
    }

    fn score(&self, gold: &GoldDocument, evaluation: &mut Evaluation) {
        let organizations = GoldOrganizations::new(gold);
        self.score_entities(gold, evaluation);
        self.score_posts(gold, &organizations, evaluation);
        self.score_numbers(gold, evaluation);
        self.score_partnerships(gold, &organizations, evaluation);
        self.score_articles(gold, &organizations, evaluation);
    }

    fn score_entities(&self, gold: &GoldDocument, evaluation: &mut Evaluation) {
        let people: Vec<(String, BTreeSet<String>)> = gold
            .people
            .iter()
            .map(|p| (p.name.clone(), variants(&p.name, &p.aliases)))
            .collect();
        let listed = |items: &[gold::GoldEntity]| -> Vec<(String, BTreeSet<String>)> {
            items
                .iter()
                .map(|i| (i.name.clone(), variants(&i.name, &i.aliases)))
                .collect()
        };
        let categories: [(&'static str, &[NamedNodeRef<'static>], Vec<_>); 4] = [
            (
                "organizations",
                ORGANIZATION_CLASSES,
                listed(&gold.organizations),
            ),
            ("people", &[foaf::PERSON], people),
            (
                "places",
                &[edu::ADMINISTRATIVE_DIVISION],
                listed(&gold.places),
            ),
            ("initiatives", INITIATIVE_CLASSES, listed(&gold.initiatives)),
        ];
        for (category, classes, gold_items) in categories {
            let predicted: Vec<(String, BTreeSet<String>)> = self
                .graph
                .instances(classes)
                .into_iter()
                .filter(|n| self.mentioned_here(n))
                .map(|n| self.graph.names(n))
                .filter(|names| !names.is_empty())
                .map(|names| (joined(&names), names))
                .collect();
            let tally = evaluation.tallies.entry(category).or_default();
            if category == "initiatives" {
                tally.add_sets(&gold.file, &gold_items, &predicted, |g, p| {
                    g.iter()
                        .any(|a| p.iter().any(|b| initiative_names_match(a, b)))
                });
            } else {
                tally.add_sets(&gold.file, &gold_items, &predicted, intersects);
            }
        }
    }

    fn score_posts(
        &self,
        gold: &GoldDocument,
        organizations: &GoldOrganizations,
        evaluation: &mut Evaluation,
    ) {
        type Post = (String, String, Option<BTreeSet<String>>);
        let gold_posts: Vec<(String, Post)> = gold
            .people
            .iter()
            .flat_map(|p| {
                p.positions.iter().map(move |pos| {
                    let org = pos.org.as_deref().filter(|o| !o.is_empty());
                    (
                        format!("{} {} {}", p.name, org.unwrap_or(""), pos.title),
                        (
                            normalize_name(&p.name),
                            normalize_name(&pos.title),
                            org.map(|o| organizations.variants(o)),
                        ),
                    )
                })
            })
            .collect();
        let mut predicted: Vec<(String, Post)> = Vec::new();
        for m in self.graph.instances(&[org::MEMBERSHIP]) {
            if !self.derived_from_here(m) {
                continue;
            }
            let names = self.names_of(self.graph.first(m, org::MEMBER));
            let titles = self.names_of(self.graph.first(m, org::ROLE_PROP));
            let orgs = self.names_of(self.graph.first(m, org::ORGANIZATION_PROP));
            let or_blank = |s: BTreeSet<String>| {
                if s.is_empty() {
                    BTreeSet::from([String::new()])
                } else {
                    s
                }
            };
            for n in or_blank(names) {
                for t in or_blank(titles.clone()) {
                    predicted.push((
                        format!("{n} {} {t}", joined(&orgs)),
                        (n.clone(), t, (!orgs.is_empty()).then(|| orgs.clone())),
                    ));
                }
            }
        }
        evaluation.tallies.entry("posts").or_default().add_sets(
            &gold.file,
            &gold_posts,
            &predicted,
            |g, p| {
                g.0 == p.0
                    && g.1 == p.1
                    && match (&g.2, &p.2) {
                        (Some(a), Some(b)) => intersects(a, b),
                        _ => true,
                    }
            },
        );
    }

    fn predicted_numbers(&self) -> Vec<PredictedNumber> {
        let mut numbers = Vec::new();
        for (class, kind) in [(edu::TARGET, "target"), (edu::REPORTED_FIGURE, "figure")] {
            let mut found: Vec<(i64, PredictedNumber)> = Vec::new();
            for q in self.graph.instances(&[class]) {
                if !self.derived_from_here(q) {
                    continue;
                }
                let Some(value) = self
                    .graph
                    .first_literal(q, edu::VALUE)
                    .and_then(|v| v.trim().parse::<f64>().ok())
                else {
                    continue;
                };
                let year = self.graph.first_literal(q, edu::YEAR).and_then(|y| {
                    let head: String = y.chars().take(4).collect();
                    (head.len() == 4 && head.chars().all(|c| c.is_ascii_digit()))
                        .then(|| head.parse().ok())
                        .flatten()
                });
                let start = self
                    .graph
                    .first_literal(q, edu::EVIDENCE_START)
                    .and_then(|s| s.parse().ok())
                    .unwrap_or(i64::MAX);
                found.push((
                    start,
                    PredictedNumber {
                        kind,
                        value,
                        unit: iri_of(self.graph.first(q, edu::UNIT)).and_then(unit_code),
                        comparator: iri_of(self.graph.first(q, edu::COMPARATOR))
                            .and_then(comparator_code),
                        year,
                        evidence: self
                            .graph
                            .first_literal(q, edu::EVIDENCE)
                            .unwrap_or("")
                            .chars()
                            .take(60)
                            .collect(),
                        sentence: normalize_name(
                            self.graph.first_literal(q, edu::EVIDENCE).unwrap_or(""),
                        ),
                    },
                ));
            }
            // Document order, so equal numbers pair up with gold in reading order.
            found.sort_by_key(|(start, _)| *start);
            numbers.extend(found.into_iter().map(|(_, n)| n));
        }
        numbers
    }

    /// Greedy one-to-one matching on unit, value (within 0.1%) and year
    /// (where both give one); kind and comparator scored on the pairs.
    fn score_numbers(&self, gold: &GoldDocument, evaluation: &mut Evaluation) {
        let predicted = self.predicted_numbers();
        let file = &gold.file;
        let mut used = vec![false; predicted.len()];
        let mut kind = Accuracy::default();
        let mut comparator = Accuracy::default();
        let tally = evaluation.tallies.entry("numbers").or_default();
        tally.gold += gold.numbers.len();
        tally.predicted += predicted.len();
        for g in &gold.numbers {
            let candidates: Vec<usize> = (0..predicted.len())
                .filter(|&i| {
                    let p = &predicted[i];
                    !used[i]
                        && p.unit == g.unit.as_deref()
                        && (p.value - g.value).abs() <= 0.001 * g.value.abs().max(1e-9)
                        && match (g.year.filter(|y| *y != 0), p.year.filter(|y| *y != 0)) {
                            (Some(a), Some(b)) => a == b,
                            _ => true,
                        }
                })
                .collect();
            // Of equal numbers, the one read from the quoted sentence, else the first.
            let quote = normalize_name(g.quote.as_deref().unwrap_or(""));
            let hit = candidates
                .iter()
                .copied()
                .find(|&i| !quote.is_empty() && predicted[i].sentence.contains(&quote))
                .or(candidates.first().copied());
            let Some(i) = hit else {
                tally.misses.push(format!(
                    "{file}: {} {} {} {}",
                    g.value,
                    g.unit.as_deref().unwrap_or("None"),
                    g.year.map_or("None".to_string(), |y| y.to_string()),
                    g.quote
                        .as_deref()
                        .unwrap_or("")
                        .chars()
                        .take(50)
                        .collect::<String>()
                ));
                continue;
            };
            used[i] = true;
            tally.gold_matched += 1;
            tally.predicted_matched += 1;
            let p = &predicted[i];
            let shown = |gold: Option<&str>, ours: Option<&str>| {
                format!(
                    "{file}: {} {}: gold {}, predicted {} ({})",
                    g.value,
                    g.unit.as_deref().unwrap_or("None"),
                    gold.unwrap_or("None"),
                    ours.unwrap_or("None"),
                    p.evidence
                )
            };
            let kind_right = Some(p.kind) == g.kind.as_deref();
            kind.add(kind_right);
            if !kind_right {
                let text = shown(g.kind.as_deref(), Some(p.kind));
                evaluation.mismatches.push(("numbers.kind", text));
            }
            let comparator_right = p.comparator == g.comparator.as_deref();
            comparator.add(comparator_right);
            if !comparator_right {
                let text = shown(g.comparator.as_deref(), p.comparator);
                evaluation.mismatches.push(("numbers.comparator", text));
            }
        }
        for (p, used) in predicted.iter().zip(&used) {
            if !used {
                tally.spurious.push(format!(
                    "{file}: {:?} {} {} {}",
                    p.value,
                    p.unit.unwrap_or("None"),
                    p.year.map_or("None".to_string(), |y| y.to_string()),
                    p.evidence
                ));
            }
        }
        evaluation.add_accuracy("numbers.kind", kind);
        evaluation.add_accuracy("numbers.comparator", comparator);
    }

    fn score_partnerships(
        &self,
        gold: &GoldDocument,
        organizations: &GoldOrganizations,
        evaluation: &mut Evaluation,
    ) {
        type Pair = (BTreeSet<String>, BTreeSet<String>, bool);
        let gold_pairs: Vec<(String, Pair)> = gold
            .partnerships
            .iter()
            .map(|p| {
                (
                    format!("{} -> {}", p.supporter, p.supported),
                    (
                        organizations.variants(&p.supporter),
                        organizations.variants(&p.supported),
                        p.kind.as_deref() == Some("cooperation"),
                    ),
                )
            })
            .collect();
        let predicted: Vec<(String, Pair)> = self
            .graph
            .instances(&[edu::PARTNERSHIP])
            .into_iter()
            .filter(|x| self.derived_from_here(x))
            .map(|x| {
                let a = self.names_of(self.graph.first(x, edu::SUPPORTER));
                let b = self.names_of(self.graph.first(x, edu::SUPPORTED));
                (format!("{} -> {}", joined(&a), joined(&b)), (a, b, false))
            })
            .collect();
        evaluation
            .tallies
            .entry("partnerships")
            .or_default()
            .add_sets(&gold.file, &gold_pairs, &predicted, |g, p| {
                let direct = intersects(&g.0, &p.0) && intersects(&g.1, &p.1);
                let swapped = intersects(&g.0, &p.1) && intersects(&g.1, &p.0);
                direct || (g.2 && swapped)
            });
    }

    /// Articles pair by the first ten characters of their body; authors are
    /// then scored on the pairs.
    fn score_articles(
        &self,
        gold: &GoldDocument,
        organizations: &GoldOrganizations,
        evaluation: &mut Evaluation,
    ) {
        let predicted: Vec<(String, BTreeSet<String>)> = self
            .graph
            .instances(&[edu::ARTICLE])
            .into_iter()
            .filter(|a| Some(*a) != self.document && self.is_ours(a))
            .map(|a| {
                let body = normalize_name(self.graph.first_literal(a, edu::TEXT).unwrap_or(""));
                let creators: BTreeSet<String> = self
                    .graph
                    .objects(a, dcterms::CREATOR)
                    .iter()
                    .flat_map(|c| self.graph.names(c))
                    .collect();
                (body.chars().take(10).collect(), creators)
            })
            .collect();
        let file = &gold.file;
        let mut used = vec![false; predicted.len()];
        let mut by_org = Accuracy::default();
        let mut by_person = Accuracy::default();
        let tally = evaluation.tallies.entry("articles").or_default();
        tally.gold += gold.articles.len();
        tally.predicted += predicted.len();
        for g in &gold.articles {
            let key: String = normalize_name(g.starts_with.as_deref().unwrap_or(""))
                .chars()
                .take(10)
                .collect();
            let hit = predicted
                .iter()
                .enumerate()
                .position(|(i, (start, _))| !used[i] && !key.is_empty() && start.starts_with(&key));
            let Some(i) = hit else {
                tally.misses.push(format!(
                    "{file}: {} / {key}",
                    g.title.as_deref().unwrap_or("None")
                ));
                continue;
            };
            used[i] = true;
            tally.gold_matched += 1;
            tally.predicted_matched += 1;
            let creators = &predicted[i].1;
            if let Some(o) = g.author_org.as_deref().filter(|o| !o.is_empty()) {
                by_org.add(intersects(&organizations.variants(o), creators));
            }
            if let Some(p) = g.author_person.as_deref().filter(|p| !p.is_empty()) {
                by_person.add(creators.contains(&normalize_name(p)));
            }
        }
        for ((start, _), used) in predicted.iter().zip(&used) {
            if !used {
                tally
                    .spurious
                    .push(format!("{file}: article starting {start}"));
            }
        }
        evaluation.add_accuracy("articles.author_org", by_org);
        evaluation.add_accuracy("articles.author_person", by_person);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::io::{RdfFormat, RdfParser};

    const PREFIXES: &str = "@prefix edu: <https://w3id.org/edupol/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix : <https://example.org/> .
:doc a edu:SourceDocument ; edu:sourceFile \"corpus/a.txt\" .
:art1 a edu:Article ; dcterms:isPartOf :doc ; edu:text \"嵊泗县把教育作为推动海岛各项事业\" ;
  dcterms:creator :bureau, :qiu .
";

    fn view(turtle: &str) -> GraphView {
        let text = format!("{PREFIXES}{turtle}");
        let quads = RdfParser::from_format(RdfFormat::Turtle)
            .for_slice(text.as_bytes())
            .collect::<Result<Vec<_>, _>>()
            .unwrap();
        GraphView::new(quads)
    }

    fn gold(json: &str) -> GoldDocument {
        gold::parse(json).unwrap()
    }

    fn scores(e: &Evaluation, category: &str) -> (usize, usize, usize, usize) {
        let t = e.tally(category);
        (t.gold, t.predicted, t.gold_matched, t.predicted_matched)
    }

    #[test]
    fn an_organization_matches_by_its_short_form_and_a_stray_one_is_spurious() {
        let graph = view(
            ":bureau a edu:EducationAuthority ; rdfs:label \"嵊泗县教育局\" ;
               skos:altLabel \"县教育局\" ; edu:mentionedIn :doc .
             :stray a org:Organization ; rdfs:label \"本市学校\" ; edu:mentionedIn :art1 .
             :elsewhere a org:Organization ; rdfs:label \"别处\" ; edu:mentionedIn :other .",
        );
        let g = gold(
            r#"{"file": "a.txt", "organizations": [
                {"name": "嵊泗县教育局 ", "aliases": []},
                {"name": "教育部", "aliases": []}]}"#,
        );
        let e = evaluate(&graph, &[g]);
        assert_eq!(scores(&e, "organizations"), (2, 2, 1, 1));
        assert_eq!(e.tally("organizations").misses, vec!["a.txt: 教育部"]);
        assert_eq!(e.tally("organizations").spurious, vec!["a.txt: 本市学校"]);
        let s = e.scores()[0].1;
        assert!((s.precision - 0.5).abs() < 1e-9 && (s.f1 - 0.5).abs() < 1e-9);
    }

    #[test]
    fn a_post_needs_person_and_title_and_a_matching_org_when_both_give_one() {
        let graph = view(
            ":qiu a foaf:Person ; foaf:name \"邱存安\" ; edu:mentionedIn :doc .
             :bureau a edu:EducationAuthority ; rdfs:label \"嵊泗县教育局\" ; edu:mentionedIn :doc .
             :m1 a org:Membership ; org:member :qiu ; org:organization :bureau ;
                 org:role [ rdfs:label \"局长\" ] ; prov:wasDerivedFrom :art1 .
             :m2 a org:Membership ; org:member :qiu ; org:organization :bureau ;
                 org:role [ rdfs:label \"校长\" ] ; prov:wasDerivedFrom :art1 .",
        );
        let g = gold(
            r#"{"file": "a.txt",
                "organizations": [{"name": "嵊泗县教育局", "aliases": ["县教育局"]}],
                "people": [{"name": "邱存安", "positions": [
                    {"org": "县教育局", "title": "局长"},
                    {"org": "嵊泗中学", "title": "校长"}]}]}"#,
        );
        let e = evaluate(&graph, &[g]);
        assert_eq!(scores(&e, "people"), (1, 1, 1, 1));
        assert_eq!(scores(&e, "posts"), (2, 2, 1, 1));
    }

    #[test]
    fn numbers_pair_one_to_one_on_unit_value_and_year_in_reading_order() {
        let graph = view(
            ":q1 a edu:Target ; edu:value \"50\" ; edu:unit edu:Percent ; edu:comparator edu:AtLeast ;
                 edu:year \"2025\" ; edu:evidenceStart 10 ; prov:wasDerivedFrom :art1 .
             :q2 a edu:ReportedFigure ; edu:value \"50.0\" ; edu:unit edu:Percent ;
                 edu:comparator edu:Equal ; edu:evidenceStart 90 ; prov:wasDerivedFrom :art1 .
             :q3 a edu:ReportedFigure ; edu:value \"135000000\" ; edu:unit edu:Yuan ;
                 edu:year \"2023\" ; edu:evidenceStart 5 ; prov:wasDerivedFrom :doc .",
        );
        let g = gold(
            r#"{"file": "a.txt", "numbers": [
                {"kind": "target", "value": 50, "unit": "percent", "comparator": "gte", "year": 2025},
                {"kind": "figure", "value": 50, "unit": "percent", "comparator": "eq", "year": null},
                {"kind": "figure", "value": 135000000, "unit": "yuan", "comparator": "eq", "year": 2022}]}"#,
        );
        let e = evaluate(&graph, &[g]);
        assert_eq!(scores(&e, "numbers"), (3, 3, 2, 2));
        assert_eq!(e.accuracy["numbers.kind"].value(), Some(1.0));
        assert_eq!(e.accuracy["numbers.comparator"].value(), Some(1.0));
        assert!(e.tally("numbers").misses[0].contains("135000000 yuan 2022"));
        assert!(e.mismatches.is_empty());
    }

    #[test]
    fn of_equal_numbers_the_one_from_the_quoted_sentence_is_paired() {
        let graph = view(
            ":q1 a edu:ReportedFigure ; edu:value \"50\" ; edu:unit edu:Percent ;
                 edu:evidence \"招生计划50%面向所在区县。\" ; edu:evidenceStart 10 ;
                 prov:wasDerivedFrom :art1 .
             :q2 a edu:Target ; edu:value \"50\" ; edu:unit edu:Percent ;
                 edu:evidence \"到2025年，比例达到50%。\" ; edu:evidenceStart 90 ;
                 prov:wasDerivedFrom :art1 .",
        );
        let g = gold(
            r#"{"file": "a.txt", "numbers": [
                {"kind": "target", "value": 50, "unit": "percent", "quote": "比例达到50%"},
                {"kind": "figure", "value": 50, "unit": "percent", "quote": "招生计划50%"}]}"#,
        );
        let e = evaluate(&graph, &[g]);
        assert_eq!(e.accuracy["numbers.kind"].value(), Some(1.0));
    }

    #[test]
    fn a_matched_number_with_another_kind_is_listed_as_wrong() {
        let graph = view(
            ":q1 a edu:ReportedFigure ; edu:value \"93\" ; edu:unit edu:Percent ;
                 edu:comparator edu:Equal ; edu:evidence \"双师型教师比例达93%\" ;
                 prov:wasDerivedFrom :art1 .",
        );
        let g = gold(
            r#"{"file": "a.txt", "numbers": [
                {"kind": "target", "value": 93, "unit": "percent", "comparator": "gte"}]}"#,
        );
        let e = evaluate(&graph, &[g]);
        assert_eq!(e.accuracy["numbers.kind"].value(), Some(0.0));
        let report = e.render_table(true);
        assert!(
            report.contains(
                "WRONG    numbers.kind: a.txt: 93 percent: gold target, predicted figure"
            ),
            "{report}"
        );
        assert!(report.contains("WRONG    numbers.comparator"), "{report}");
    }

    #[test]
    fn partnerships_keep_direction_unless_gold_calls_them_cooperation() {
        let graph = view(
            ":a a edu:School ; rdfs:label \"杭州学军中学\" ; edu:mentionedIn :doc .
             :b a edu:School ; rdfs:label \"嵊泗中学\" ; edu:mentionedIn :doc .
             :p1 a edu:Partnership ; edu:supporter :b ; edu:supported :a ; prov:wasDerivedFrom :art1 .",
        );
        let pairing = r#"{"file": "a.txt", "partnerships": [
            {"supporter": "杭州学军中学", "supported": "嵊泗中学", "kind": "pairing"}]}"#;
        let e = evaluate(&graph, &[gold(pairing)]);
        assert_eq!(scores(&e, "partnerships"), (1, 1, 0, 0));
        let e = evaluate(&graph, &[gold(&pairing.replace("pairing", "cooperation"))]);
        assert_eq!(scores(&e, "partnerships"), (1, 1, 1, 1));
    }

    #[test]
    fn articles_pair_by_their_opening_and_authors_are_scored_on_pairs() {
        let graph = view(
            ":bureau a edu:EducationAuthority ; rdfs:label \"嵊泗县教育局\" .
             :qiu a foaf:Person ; foaf:name \"邱存 安\" .",
        );
        let g = gold(
            r#"{"file": "a.txt", "articles": [
                {"title": "T", "author_org": "嵊泗县教育局", "author_person": "邱存安",
                 "starts_with": "嵊泗县把教育作为推动海岛"},
                {"title": "U", "author_org": null, "starts_with": "另一篇"}]}"#,
        );
        let e = evaluate(&graph, &[g]);
        assert_eq!(scores(&e, "articles"), (2, 1, 1, 1));
        assert_eq!(e.accuracy["articles.author_org"].value(), Some(1.0));
        assert_eq!(e.accuracy["articles.author_person"].value(), Some(1.0));
    }

    #[test]
    fn a_document_missing_from_the_graph_counts_every_gold_item_as_missed() {
        let graph = view("");
        let g = gold(r#"{"file": "b.txt", "places": [{"name": "嵊泗县"}]}"#);
        let e = evaluate(&graph, &[g]);
        assert_eq!(e.missing_documents, vec!["b.txt"]);
        assert_eq!(scores(&e, "places"), (1, 0, 0, 0));
        assert!(e
            .render_table(false)
            .contains("documents missing from the graph: b.txt"));
        let json = e.to_json(true);
        assert_eq!(json["scores"]["places"]["recall"], 0.0);
        assert_eq!(json["misses"]["places"]["missed"][0], "b.txt: 嵊泗县");
    }
}
