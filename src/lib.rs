//! hubscreen: screen cargo manifests against denied-party and strategic-goods lists.
//!
//! Data flows one way: a file goes through [`ingest`] into a [`model::Manifest`]; [`screen`]
//! checks each shipment against the lists loaded by [`lists`] and returns
//! [`model::Assessment`]s; [`store`] keeps them in the referral queue with their audit log;
//! [`report`] and the dashboard ([`tui`]) show them. [`text`] (folding, output safety, display
//! width) and [`model`] sit under everything and import no layer above them. [`service`] is the
//! engine API the command line (`src/cli/`) and the dashboard both call, so that the two never
//! screen one manifest differently. The engine modules know nothing of terminals.

pub mod config;
pub mod country;
pub mod delimited;
pub mod exercise;
pub mod ingest;
pub mod intake;
pub mod lists;
pub mod model;
pub mod owner_only;
pub mod report;
pub mod screen;
pub mod service;
pub mod source;
pub mod store;
pub mod text;
pub mod tui;
