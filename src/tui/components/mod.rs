//! The dashboard's components: one per view, each owning its state, its filter and the key
//! handling only it has (sorting the shipments, marking queue items, opening a list entry,
//! scrolling the detail panes), plus the prompts that own the keyboard while open.
//!
//! As in gitui's `components/` and ratatui's component template, [`crate::tui::app::App`] keeps
//! what views share (view stack, mode, snapshot, status, outstanding requests) and dispatches to
//! these; drawing stays in [`crate::tui::views`], which only reads them. Nothing here performs
//! I/O, returns effects to run, or draws.
//!
//! - [`table`]: the cursor and the one filter path of the queue, lists and audit tables.
//! - [`shipments`]: the sorted, incrementally and backgroundly filtered shipments table.
//! - [`queue`], [`lists`], [`audit`], [`rules`], [`detail`], [`overview`]: the other views.
//! - [`prompt`]: filter line, `:` palette, decision form, confirmation.
//! - [`reading`]: a page of text to read and close (briefing, inject, look-up).

pub mod audit;
pub mod detail;
pub mod lists;
pub mod overview;
pub mod prompt;
pub mod queue;
pub mod reading;
pub mod rules;
pub mod shipments;
pub mod table;
