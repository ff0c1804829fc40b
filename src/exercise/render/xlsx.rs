//! The table as an agent's workbook (to be written).

use super::Table;

/// The workbook's bytes.
pub fn xlsx(_table: &Table) -> Vec<u8> {
    unimplemented!("xlsx writer")
}
