//! ANSI X12 309, the U.S. customs manifest, mapped onto shipments over the [`super::x12`]
//! tokenizer.

use std::io::{self, BufRead};

use super::{Header, IngestError, Item, ManifestFormat};

/// Whether `head` (the start of a file, as text) is X12, and if so whether it carries a 309:
/// `None` when it is not X12 at all.
pub fn detect(head: &str) -> Option<Result<ManifestFormat, String>> {
    let b = head.as_bytes();
    let separator = |tag: &[u8]| {
        b.len() > tag.len() && b.starts_with(tag) && !b[tag.len()].is_ascii_alphanumeric()
    };
    if !(separator(b"ISA") || separator(b"GS") || separator(b"ST")) {
        return None;
    }
    let element = if separator(b"ISA") { b[3] } else { b[2] };
    // The first transaction set header says what the interchange carries.
    let st = head
        .split(['~', '\n', '\r'])
        .map(|line| line.trim_start())
        .find(|line| line.starts_with("ST") && line.as_bytes().get(2) == Some(&element));
    let Some(st) = st else {
        return Some(Ok(ManifestFormat::X12_309));
    };
    let kind: String = st[3..]
        .split(char::from(element))
        .next()
        .unwrap_or("")
        .chars()
        .take(10)
        .collect();
    Some(if kind == "309" {
        Ok(ManifestFormat::X12_309)
    } else {
        Err(format!(
            "an ANSI X12 {kind} transaction set: hubscreen reads X12 309 (the U.S. customs \
             manifest) only"
        ))
    })
}

/// Reads an X12 309 interchange (see the module documentation).
pub fn read(
    label: &str,
    _text: &mut dyn BufRead,
    _on_item: &mut dyn FnMut(Item) -> io::Result<()>,
) -> Result<Header, IngestError> {
    Err(IngestError::Format {
        path: label.to_string(),
        message: "X12 309: reader not written yet".into(),
    })
}
