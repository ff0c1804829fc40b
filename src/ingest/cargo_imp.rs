//! IATA Cargo-IMP air waybill (FWB) and house waybill (FHL) messages, at house level.

use std::io::{self, BufRead};

use super::{Header, IngestError, Item, ManifestFormat};

/// Whether `head` (the start of a file, as text) is a Cargo-IMP message hubscreen reads (FWB,
/// FHL), one it refuses (FFM, with what to send instead), or not Cargo-IMP at all (`None`).
/// Type-B envelope lines (`QK HDQFMXH`, `.HKGFMXH 011200`) may come first.
pub fn detect(head: &str) -> Option<Result<ManifestFormat, String>> {
    let first = head
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(4)
        .find(|l| !(l.starts_with("QK ") || l.starts_with("QU ") || l.starts_with('.')))?;
    let (tag, version) = first.split_once('/')?;
    if !version.trim().bytes().all(|b| b.is_ascii_digit()) || version.trim().is_empty() {
        return None;
    }
    match tag {
        "FWB" | "FHL" => Some(Ok(ManifestFormat::CargoImp)),
        "FFM" => Some(Err(
            "an IATA FFM flight manifest: it has only 15-character descriptions and no parties; \
             load the FWB/FHL or XFWB/XFZB messages for its air waybills"
                .into(),
        )),
        _ => None,
    }
}

/// Reads Cargo-IMP FWB and FHL messages (see the module documentation).
pub fn read(
    label: &str,
    _text: &mut dyn BufRead,
    _on_item: &mut dyn FnMut(Item) -> io::Result<()>,
) -> Result<Header, IngestError> {
    Err(IngestError::Format {
        path: label.to_string(),
        message: "Cargo-IMP: reader not written yet".into(),
    })
}
