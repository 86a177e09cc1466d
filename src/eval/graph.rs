//! A read-only index of a graph, answering the lookups the scorer makes:
//! the objects of a subject and predicate, and the subjects of a class.
//! Graph names are ignored: the scorer sees the union of all graphs, as
//! `edupol query` does.

use std::collections::{BTreeSet, HashMap, HashSet};

use oxigraph::model::{NamedNodeRef, Quad, Term};

use crate::gold_names::normalize_name;
use crate::vocab::{rdf, rdfs, skos};

#[derive(Debug, Default)]
pub struct GraphView {
    objects: HashMap<Term, HashMap<String, Vec<Term>>>,
    by_class: HashMap<String, HashSet<Term>>,
}

impl GraphView {
    pub fn new(quads: impl IntoIterator<Item = Quad>) -> GraphView {
        let mut view = GraphView::default();
        for quad in quads {
            let subject: Term = quad.subject.into();
            if quad.predicate.as_ref() == rdf::TYPE {
                if let Term::NamedNode(class) = &quad.object {
                    view.by_class
                        .entry(class.as_str().to_string())
                        .or_default()
                        .insert(subject.clone());
                }
            }
            view.objects
                .entry(subject)
                .or_default()
                .entry(quad.predicate.into_string())
                .or_default()
                .push(quad.object);
        }
        view
    }

    /// The objects of `subject predicate ?o`, in the order they were read.
    pub fn objects(&self, subject: &Term, predicate: NamedNodeRef<'_>) -> &[Term] {
        self.objects
            .get(subject)
            .and_then(|p| p.get(predicate.as_str()))
            .map_or(&[], Vec::as_slice)
    }

    pub fn first(&self, subject: &Term, predicate: NamedNodeRef<'_>) -> Option<&Term> {
        self.objects(subject, predicate).first()
    }

    /// The lexical forms of the literal objects of the given predicates.
    pub fn literals<'a>(
        &'a self,
        subject: &'a Term,
        predicates: &'a [NamedNodeRef<'a>],
    ) -> impl Iterator<Item = &'a str> + 'a {
        predicates
            .iter()
            .flat_map(move |p| self.objects(subject, *p))
            .filter_map(|o| match o {
                Term::Literal(l) => Some(l.value()),
                _ => None,
            })
    }

    pub fn first_literal<'a>(
        &'a self,
        subject: &'a Term,
        predicate: NamedNodeRef<'a>,
    ) -> Option<&'a str> {
        self.objects(subject, predicate)
            .iter()
            .find_map(|o| match o {
                Term::Literal(l) => Some(l.value()),
                _ => None,
            })
    }

    /// Subjects typed with any of the classes, each once, in a stable order
    /// (shorter IRIs first, so `…/quantity/9` comes before `…/quantity/10`).
    pub fn instances(&self, classes: &[NamedNodeRef<'_>]) -> Vec<&Term> {
        let unique: HashSet<&Term> = classes
            .iter()
            .filter_map(|c| self.by_class.get(c.as_str()))
            .flatten()
            .collect();
        let mut ordered: Vec<(String, &Term)> =
            unique.into_iter().map(|t| (t.to_string(), t)).collect();
        ordered.sort_by(|(a, _), (b, _)| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
        ordered.into_iter().map(|(_, t)| t).collect()
    }

    /// Every name a node goes by (labels, alternative labels, FOAF names),
    /// normalized for matching, empty names left out.
    pub fn names(&self, subject: &Term) -> BTreeSet<String> {
        const NAME_PREDICATES: &[NamedNodeRef<'static>] = &[
            rdfs::LABEL,
            skos::ALT_LABEL,
            skos::PREF_LABEL,
            crate::vocab::foaf::NAME,
        ];
        self.literals(subject, NAME_PREDICATES)
            .map(normalize_name)
            .filter(|n| !n.is_empty())
            .collect()
    }
}
