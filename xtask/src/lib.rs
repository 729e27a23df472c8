//! gepgen: typed bindings for the Overwolf Game Events Provider, generated from its docs.
//!
//! The pipeline is a chain of pure functions, one module per stage:
//!
//! ```text
//! page text ─parse─▶ Page ─extract─▶ features, keys, events, notes ─infer─▶ GameIr
//! GameIr ─emit::{rust, schema, ts}─▶ generated files      GameIr, GameIr ─diff─▶ report
//! ```
//!
//! Only the `xtask` binary touches the file system.

pub mod allocator;
pub mod coverage;
pub mod diff;
pub mod docs_repo;
pub mod emit;
pub mod examples;
pub mod extract;
pub mod games;
pub mod history;
pub mod ident;
pub mod infer;
pub mod ir;
pub mod json;
pub mod lenient;
pub mod overrides;
pub mod parse;
pub mod pipeline;
pub mod regen;
#[cfg(test)]
pub(crate) mod test_support;

/// Lists at most this long are searched one by one (for a repeated key or value, for a field
/// by name): cheaper than building a set or an index, and real lists are mostly this short.
/// Longer ones get the set or index, so that no list makes the work quadratic.
pub(crate) const SHORT_LIST: usize = 16;
