//! hubscreen: screen cargo manifests against denied-party and strategic-goods lists.
//!
//! Data flows one way: a file goes through [`ingest`] into a [`model::Manifest`]; [`screen`]
//! checks each shipment against the lists loaded by [`lists`] and returns
//! [`model::Assessment`]s; [`report`] writes them for a terminal or a pipeline. The engine
//! modules know nothing of terminals; the binary in `src/main.rs` is a thin layer over them.

pub mod config;
pub mod country;
pub mod delimited;
pub mod ingest;
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
