//! Text: the bottom layer, used by every other. Folding any script to comparable upper-case
//! ASCII words ([`fold`]; the scripts that leave short vowels out in [`abjad`]), the legal forms folding must recognise ([`legal_forms`]), the
//! characters nobody sees that folding removes ([`hidden`]), the escaping that makes strangers'
//! text safe in a terminal, a CSV cell and JSON ([`safe`]), and table cells cut and padded by
//! display width ([`width`]).
//!
//! Nothing here knows of manifests, lists, screening or stores: it imports no other module of
//! the crate.

pub mod abjad;
pub mod fold;
pub mod hidden;
pub mod legal_forms;
pub mod safe;
pub mod width;

pub use fold::{fold_latin_letter, fold_text};
pub use hidden::{hidden_characters, is_hidden, removed_note};
