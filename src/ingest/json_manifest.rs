//! Reader for hubscreen's own JSON manifest: the serde form of [`Manifest`], documented in
//! `docs/manifest-json.md`.
//!
//! Unknown fields are rejected (a misspelt `consigne` must not vanish silently), and errors
//! name the line and column. Each shipment is tagged with where it sits in the file.

use super::IngestError;
use crate::model::Manifest;

/// Parses a JSON manifest.
pub fn read(label: &str, text: &str) -> Result<Manifest, IngestError> {
    let mut manifest: Manifest = serde_json::from_str(text).map_err(|e| IngestError::Format {
        path: format!("{label}:{}:{}", e.line(), e.column()),
        message: format!("not a hubscreen JSON manifest: {e}"),
    })?;
    for (i, s) in manifest.shipments.iter_mut().enumerate() {
        if s.bill_of_lading.trim().is_empty() {
            return Err(IngestError::Format {
                path: label.to_string(),
                message: format!("shipments[{i}] has an empty bill_of_lading"),
            });
        }
        if s.source.is_none() {
            s.source = Some(format!("{label}#shipments[{i}]"));
        }
        if s.conveyance.is_none() {
            s.conveyance = manifest.conveyance.clone();
        }
    }
    Ok(manifest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_field_is_an_error_with_its_position() {
        let err = read(
            "m.json",
            "{\"shipments\": [{\"bill_of_lading\": \"B1\",\n \"consigne\": 1}]}",
        )
        .unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("m.json:2:"), "{msg}");
        assert!(msg.contains("consigne"), "{msg}");
    }

    #[test]
    fn shipments_are_located_and_inherit_the_vessel() {
        let m = read(
            "m.json",
            r#"{"conveyance": {"vessel_name": "GULF SPIRIT"}, "shipments": [{"bill_of_lading": "B1"}]}"#,
        )
        .unwrap();
        assert_eq!(
            m.shipments[0].source.as_deref(),
            Some("m.json#shipments[0]")
        );
        assert_eq!(
            m.shipments[0]
                .conveyance
                .as_ref()
                .and_then(|c| c.vessel_name.as_deref()),
            Some("GULF SPIRIT")
        );
    }
}
