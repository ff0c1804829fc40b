//! UN/EDIFACT CUSCAR mapped onto shipments over the [`super::edifact`] tokenizer.

use std::io::{self, BufRead};
use super::{Header, IngestError, Item};
/// Reads a CUSCAR interchange (see the module documentation).
pub fn read(
    label: &str,
    _text: &mut dyn BufRead,
    _on_item: &mut dyn FnMut(Item) -> io::Result<()>,
) -> Result<Header, IngestError> {
    Err(IngestError::Format {
        path: label.to_string(),
        message: "CUSCAR: reader not written yet".into(),
    })
}
