//! PLACEHOLDER: reader being written.

use super::{ListError, WatchList};
use crate::source::Source;

/// True when the first 64 KiB of a file look like this format.
pub fn looks_like(_head: &str) -> bool {
    false
}

/// Reads the list(s) in this file.
pub fn read(source: &Source) -> Result<Vec<WatchList>, ListError> {
    Err(ListError::Format {
        path: source.label.clone(),
        message: "reader not written yet".into(),
    })
}
