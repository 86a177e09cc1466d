//! edupol: Chinese education-policy texts to an RDF knowledge graph.
//!
//! The pipeline, one stage a module, data flowing one way:
//!
//! ```text
//! read ─► normalize ─► segment ─► extract ─► triples ─► store
//! bytes    PDF text     articles,   typed      RDF quads   Oxigraph,
//! decoded  repaired,    sentences   facts      (only place  one named graph
//!          offsets kept                        that knows   per document
//!                                              the ontology)
//! ```
//!
//! [`pipeline::analyze`] runs the pure stages on one text; [`store::Store`]
//! persists the result. See ARCHITECTURE.md for the invariants.

#[cfg(feature = "store")]
pub mod build;
#[cfg(feature = "store")]
pub mod cli;
pub mod document;
#[cfg(feature = "store")]
pub mod eval;
pub mod extract;
pub mod gold_names;
pub mod normalize;
pub mod pipeline;
#[cfg(feature = "store")]
pub mod query_slots;
pub mod read;
#[cfg(feature = "store")]
pub mod remote;
pub mod segment;
#[cfg(feature = "store")]
pub mod serve;
#[cfg(feature = "store")]
pub mod sorted_lines;
#[cfg(feature = "store")]
pub mod stats;
#[cfg(feature = "store")]
pub mod store;
#[cfg(feature = "store")]
mod store_snapshot;
#[cfg(test)]
mod test_support;
pub mod titles;
#[cfg(feature = "store")]
pub mod triples;
#[cfg(feature = "store")]
pub mod turtle;
#[cfg(feature = "store")]
pub mod validate;
#[cfg(feature = "store")]
pub mod vocab;

pub use document::Document;
pub use extract::Lexicon;
