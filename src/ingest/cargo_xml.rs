//! IATA Cargo-XML air waybill (XFWB) and house waybill (XFZB) documents, at house level.

use std::io::{self, BufRead};

use super::{Header, IngestError, Item, ManifestFormat};

/// What an XML document is: Cargo-XML waybills are read; anything else is named and refused.
pub fn detect(head: &str) -> Result<ManifestFormat, String> {
    let mut rest = head;
    // Skip the declaration, comments, processing instructions and a DOCTYPE.
    loop {
        rest = rest.trim_start();
        let skip = if rest.starts_with("<?") {
            rest.find("?>").map(|i| i + 2)
        } else if rest.starts_with("<!--") {
            rest.find("-->").map(|i| i + 3)
        } else if rest.starts_with("<!") {
            rest.find('>').map(|i| i + 1)
        } else {
            break;
        };
        match skip {
            Some(i) => rest = &rest[i..],
            None => return Err("XML cut short before its first element".into()),
        }
    }
    let name: String = rest
        .trim_start_matches('<')
        .chars()
        .take_while(|c| !c.is_whitespace() && !matches!(c, '>' | '/'))
        .take(60)
        .collect();
    let local = name.rsplit(':').next().unwrap_or("");
    match local {
        "Waybill" | "HouseWaybill" => Ok(ManifestFormat::CargoXml),
        _ => Err(format!(
            "XML with root element <{name}>: not a manifest format hubscreen reads (Cargo-XML \
             XFWB and XFZB are)"
        )),
    }
}

/// Reads Cargo-XML XFWB and XFZB documents (see the module documentation).
pub fn read(
    label: &str,
    _text: &mut dyn BufRead,
    _on_item: &mut dyn FnMut(Item) -> io::Result<()>,
) -> Result<Header, IngestError> {
    Err(IngestError::Format {
        path: label.to_string(),
        message: "Cargo-XML: reader not written yet".into(),
    })
}
