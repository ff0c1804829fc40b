//! What the text readers' unit tests share: a reader run over a string, collected.

use super::{Header, IngestError, Item, TextReader};
use crate::model::Shipment;

/// What a reader handed over: the manifest's header, the shipments, and the problems written
/// `location severity: message`.
pub(crate) struct Read {
    pub header: Header,
    pub shipments: Vec<Shipment>,
    pub problems: Vec<String>,
}

/// Runs `read` over `text` as the file `label`.
pub(crate) fn read_with(read: TextReader, label: &str, text: &str) -> Result<Read, IngestError> {
    let mut shipments = Vec::new();
    let mut problems = Vec::new();
    let header = read(label, &mut text.as_bytes(), &mut |item| {
        match item {
            Item::Shipment(s) => shipments.push(s),
            Item::Problem(p) => problems.push(format!(
                "{} {}: {}",
                p.location,
                p.severity.as_str(),
                p.message
            )),
        }
        Ok(())
    })?;
    Ok(Read {
        header,
        shipments,
        problems,
    })
}

/// A fixture under `tests/fixtures/manifests/`.
pub(crate) fn fixture(path: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/manifests")
        .join(path);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
