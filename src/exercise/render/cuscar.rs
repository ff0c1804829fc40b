//! The table as a UN/EDIFACT CUSCAR D.95B interchange (to be written).

use super::Table;

/// The interchange text (ISO 8859-1 when encoded; see [`to_latin1`]).
pub fn cuscar(_table: &Table) -> String {
    unimplemented!("cuscar writer")
}
