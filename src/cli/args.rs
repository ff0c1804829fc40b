//! Argument groups several commands share, flattened into each with clap.

use std::path::PathBuf;

use anyhow::Result;
use clap::Args;

use hubscreen::ingest::{ColumnMap, IngestOptions};
use hubscreen::service;
use hubscreen::source::Encoding;

#[derive(Args)]
pub(crate) struct ListArgs {
    /// A list file or folder in any supported format (OFAC sdn.csv or its folder, CSL, UN XML,
    /// EU FSF, UK, BIS DPL, OpenSanctions, agency CSV). Repeatable. Default: the lists
    /// installed by `lists update`, else the sample lists bundled from watchlists/.
    #[arg(long = "list", value_name = "PATH")]
    pub(crate) lists: Vec<PathBuf>,
}

/// The manifests a command reads, and what it reads them with: `screen` and `ingest`.
#[derive(Args)]
pub(crate) struct ManifestArgs {
    /// Manifest files in any format hubscreen reads (CSV, JSON, EDIFACT CUSCAR, X12 309,
    /// XLSX/XLS/ODS, AMS tables, Cargo-IMP, Cargo-XML), detected from their content.
    #[arg(required = true, value_name = "MANIFEST")]
    pub(crate) manifests: Vec<PathBuf>,
    #[command(flatten)]
    pub(crate) lists: ListArgs,
    /// Folder with hs_prefixes.csv, keywords.csv and chemicals.csv. Default: the bundled goods lists.
    #[arg(long, value_name = "DIR")]
    pub(crate) goods: Option<PathBuf>,
    /// TOML file mapping CSV headers the alias table does not know to hubscreen fields.
    #[arg(long, value_name = "FILE")]
    pub(crate) map: Option<PathBuf>,
    /// Text encoding of the manifests. Default: what the file says (a byte-order mark, an
    /// EDIFACT UNB character set), else UTF-8.
    #[arg(long, value_enum)]
    pub(crate) encoding: Option<Encoding>,
    /// The workbook sheet to read. Default: every sheet that has a header row.
    #[arg(long, value_name = "NAME")]
    pub(crate) sheet: Option<String>,
}

impl ManifestArgs {
    /// How the manifests are read (see [`service::ingest_options`]).
    pub(crate) fn ingest_options(&self) -> Result<IngestOptions> {
        let column_map = match &self.map {
            Some(p) => ColumnMap::load(p)?,
            None => ColumnMap::default(),
        };
        let mut options = service::ingest_options(self.encoding, column_map);
        options.sheet = self.sheet.clone();
        Ok(options)
    }
}

/// Parses a `--threshold`: a name score in [0, 1]. `NaN` and infinities are refused (a NaN
/// threshold would compare false with every score and silently report nothing).
pub(crate) fn threshold(text: &str) -> std::result::Result<f64, String> {
    let value: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("{text:?} is not a number: give a score between 0 and 1"))?;
    if (0.0..=1.0).contains(&value) {
        Ok(value)
    } else {
        Err(format!("must be a score between 0 and 1, not {text}"))
    }
}
