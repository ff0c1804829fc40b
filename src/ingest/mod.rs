//! Manifest ingest: any supported manifest file in, a [`Manifest`] plus every problem found
//! out.
//!
//! The format is detected from content, not the extension (a `.txt` that holds CSV is CSV).
//! One reader per format lives beside this file. A reader never stops at a bad row: it
//! reports `file:line: what is wrong` as a [`Problem`] and goes on, so that one malformed bill
//! never hides the good ones. Only a file that cannot be read at all is an [`IngestError`].

pub mod csv_manifest;
pub mod json_manifest;

use std::fmt;
use std::path::Path;

use serde::{Deserialize, Serialize};

pub use crate::model::Severity;
use crate::model::{Manifest, Shipment};
use crate::screen::name_cap::{query_cut, removed_note};
use crate::source::{Encoding, ReadError, Source};

pub use csv_manifest::ColumnMap;

/// The manifest formats hubscreen reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ManifestFormat {
    /// A delimited table with a header row (agents' spreadsheets, vendor B/L exports).
    Csv,
    /// hubscreen's own JSON schema: the serde form of [`Manifest`].
    Json,
}

impl ManifestFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            ManifestFormat::Csv => "csv",
            ManifestFormat::Json => "json",
        }
    }
}

/// Something wrong in an input file, located precisely.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Problem {
    /// `file:line`, or `file` alone for whole-file matters.
    pub location: String,
    pub severity: Severity,
    pub message: String,
}

impl Problem {
    pub fn error(location: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            location: location.into(),
            severity: Severity::Error,
            message: message.into(),
        }
    }

    pub fn warning(location: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            location: location.into(),
            severity: Severity::Warning,
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}: {}",
            self.location,
            self.severity.as_str(),
            self.message
        )
    }
}

/// A manifest read from one file, with what was wrong in it.
#[derive(Debug, Clone)]
pub struct Ingested {
    pub file: String,
    pub format: ManifestFormat,
    /// SHA-256 of the file's bytes.
    pub sha256: String,
    pub manifest: Manifest,
    pub problems: Vec<Problem>,
}

/// A manifest file that could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error("{path}: {message}")]
    Format { path: String, message: String },
}

/// Options that apply to every reader.
#[derive(Debug, Clone, Default)]
pub struct IngestOptions {
    pub encoding: Encoding,
    /// Extra header-to-field mappings for CSV layouts the alias table does not know.
    pub column_map: ColumnMap,
}

/// What the matcher will not read of one shipment's names, as warnings at `location` (the
/// shipment's `file:line`): hidden characters it removes (a NUL or zero-width space inside
/// `MAB\u{0}ROOKA` would otherwise split the word and hide the name) and names longer than it
/// reads (see [`crate::screen::name_cap`]). Covers every party name and the vessel name.
pub fn name_screening_problems(shipment: &Shipment, location: &str) -> Vec<Problem> {
    let parties = shipment.parties.iter().map(|p| {
        (
            csv_manifest::Field::PartyName(p.role).name(),
            p.name.as_str(),
        )
    });
    let vessel = shipment
        .conveyance
        .as_ref()
        .and_then(|c| c.vessel_name.as_deref())
        .map(|v| ("vessel_name".to_string(), v));
    let mut problems = Vec::new();
    for (field, name) in parties.chain(vessel) {
        if let Some(note) = removed_note(name) {
            problems.push(Problem::warning(location, format!("{field}: {note}")));
        }
        if let Some(cut) = query_cut(name) {
            let message = if cut.cut_characters() {
                format!(
                    "{field}: name of {} characters: only its first {} characters ({} words) \
                     were screened",
                    cut.chars, cut.screened_chars, cut.screened_words
                )
            } else {
                format!(
                    "{field}: only the first {} words of the name were screened",
                    cut.screened_words
                )
            };
            problems.push(Problem::warning(location, message));
        }
    }
    problems
}

/// Reads a manifest file from disk.
pub fn ingest_path(path: &Path, options: &IngestOptions) -> Result<Ingested, IngestError> {
    ingest(&Source::read(path)?, options)
}

/// Detects the format of a manifest from its content.
pub fn detect(text: &str) -> Option<ManifestFormat> {
    let head = text.trim_start_matches('\u{feff}').trim_start();
    if head.starts_with('{') || head.starts_with('[') {
        return Some(ManifestFormat::Json);
    }
    if head.starts_with("UNA")
        || head.starts_with("UNB+")
        || head.starts_with("ISA*")
        || head.starts_with('<')
    {
        return None;
    }
    let first = head.lines().next().unwrap_or("");
    csv_manifest::sniff_delimiter(first).map(|_| ManifestFormat::Csv)
}

/// Reads a manifest from named bytes.
pub fn ingest(source: &Source, options: &IngestOptions) -> Result<Ingested, IngestError> {
    let decoded = source.text(options.encoding);
    let mut problems: Vec<Problem> = decoded
        .warning
        .map(|(line, w)| Problem::warning(format!("{}:{line}", source.label), w))
        .into_iter()
        .collect();
    let text = decoded.text;
    let head = text.trim_start_matches('\u{feff}').trim_start();
    let format = match detect(&text) {
        Some(f) => f,
        None => {
            let what = if head.starts_with("UNA") || head.starts_with("UNB+") {
                "a UN/EDIFACT message (CUSCAR): not readable by this version of hubscreen yet"
            } else if head.starts_with("ISA*") {
                "an ANSI X12 message (309): not readable by this version of hubscreen yet"
            } else if head.starts_with('<') {
                "XML: not a manifest format this version of hubscreen reads"
            } else if head.is_empty() {
                "the file is empty"
            } else {
                "not a recognised manifest: expected JSON, or CSV with a header row"
            };
            return Err(IngestError::Format {
                path: source.label.clone(),
                message: what.into(),
            });
        }
    };
    let manifest = match format {
        ManifestFormat::Json => {
            let manifest = json_manifest::read(&source.label, &text)?;
            for s in &manifest.shipments {
                let at = s.source.as_deref().unwrap_or(&source.label);
                problems.extend(name_screening_problems(s, at));
            }
            manifest
        }
        ManifestFormat::Csv => {
            csv_manifest::read(&source.label, &text, &options.column_map, &mut problems)?
        }
    };
    // Report in file order, whatever stage found the problem.
    problems.sort_by_key(|p| {
        p.location
            .rsplit(':')
            .next()
            .and_then(|l| l.split('-').next())
            .and_then(|l| l.parse::<u64>().ok())
            .unwrap_or(0)
    });
    if manifest.shipments.is_empty() {
        problems.push(Problem::error(
            source.label.clone(),
            "no shipments read from this file: nothing in it was screened",
        ));
    }
    Ok(Ingested {
        file: source.label.clone(),
        format,
        sha256: source.sha256(),
        manifest,
        problems,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_comes_from_content() {
        assert_eq!(detect("  {\"shipments\": []}"), Some(ManifestFormat::Json));
        assert_eq!(detect("BL Number,Shipper\nX,Y"), Some(ManifestFormat::Csv));
        assert_eq!(
            detect("Sendungsnr;Versender\n1;2"),
            Some(ManifestFormat::Csv)
        );
        assert_eq!(detect("UNA:+.? 'UNB+UNOA:2"), None);
        assert_eq!(detect("just some words"), None);
    }

    #[test]
    fn edifact_is_refused_by_name_not_misread() {
        let s = Source::from_bytes("m.edi", b"UNB+UNOA:2+SENDER+RECIPIENT'".to_vec());
        let err = ingest(&s, &IngestOptions::default()).unwrap_err();
        assert!(err.to_string().contains("EDIFACT"), "{err}");
    }
}
