//! Plain domain types and the [`Dataset`] with its lookups and totals. No I/O, no UI.
//!
//! Who counts as what:
//! - an *applicant* is a lead applicant as written in the annex, after name normalisation
//!   ("Stad Gent", "OCMW Gent" are Gent); VGC and vzw De Rand are applicants but not municipalities;
//! - a *represented local government* is a municipality that is an applicant or a partner in the
//!   applicant's collaboration, each counted once.

mod catalogue;
mod combine;
mod dataset;
mod records;
mod source;
#[cfg(test)]
mod tests;
mod totals;

pub use catalogue::*;
pub use combine::*;
pub use dataset::*;
pub use records::*;
pub use source::*;
pub use totals::*;
