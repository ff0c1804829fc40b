//! Workbooks (XLSX, XLS, ODS) read through calamine, with the CSV reader's header aliases.

use std::io;

use super::{Header, IngestError, IngestOptions, Item, ReadSeek};

/// Whether the first bytes of a file are a workbook's container: zip (XLSX, ODS) or OLE2 (XLS).
pub fn is_workbook(head: &[u8]) -> bool {
    head.starts_with(b"PK\x03\x04") || head.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")
}

/// Reads a workbook (see the module documentation).
pub fn read(
    label: &str,
    _input: &mut dyn ReadSeek,
    _options: &IngestOptions,
    _on_item: &mut dyn FnMut(Item) -> io::Result<()>,
) -> Result<Header, IngestError> {
    Err(IngestError::Format {
        path: label.to_string(),
        message: "workbooks: reader not written yet".into(),
    })
}
