//! samenleven: explore the subsidies of the Flemish Plan Samenleven (Bijlage 1 of written
//! question 492) in a terminal, check the figures and export them to Excel.
//!
//! Data flows one way: files → [`annex`] → [`model::Dataset`] → checks, search, views, export.

#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

pub mod annex;
pub mod checks;
pub mod cli;
pub mod compare;
pub mod draft;
pub mod export;
pub mod geo;
pub(crate) mod hash;
pub mod model;
pub mod money;
pub mod names;
pub mod reference;
/// Developer tool: the generator of the bundled sample annex.
#[cfg(any(test, feature = "dev-tools"))]
pub mod sample;
/// Developer tool: the generator of the scale files for benchmarks.
#[cfg(any(test, feature = "dev-tools"))]
pub mod scale;
pub mod search;
pub mod shutdown;
pub mod summary;
/// Developer tool: hand-made data for tests.
#[cfg(any(test, feature = "dev-tools"))]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::missing_panics_doc)]
pub mod testkit;
pub mod tui;
pub mod views;
