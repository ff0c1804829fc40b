//! PLACEHOLDER: reader being written.

use super::{ListError, WatchList};
use crate::source::Source;

/// True when the first 64 KiB of a file look like this format.
pub fn looks_like_csv(_head: &str) -> bool {
    false
}

/// True when the first 64 KiB of a file look like this format.
pub fn looks_like_xml(_head: &str) -> bool {
    false
}

/// Reads the list(s) in this file.
pub fn read_csv(source: &Source) -> Result<Vec<WatchList>, ListError> {
    Err(ListError::Format {
        path: source.label.clone(),
        message: "reader not written yet".into(),
    })
}

/// Reads the list(s) in this file.
pub fn read_xml(source: &Source) -> Result<Vec<WatchList>, ListError> {
    Err(ListError::Format {
        path: source.label.clone(),
        message: "reader not written yet".into(),
    })
}
