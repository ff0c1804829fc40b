//! Strategic-goods lists in hubscreen's own CSV formats (`watchlists/goods/README.md`):
//! HS-code prefixes (the Common High Priority List and watch headings), a keyword lexicon
//! pointing at control-list entries, and controlled chemicals by CAS number.
//!
//! This module only reads and validates the files; `screen::goods` matches manifests against
//! them. A row that is wrong (an HS prefix shorter than four digits, a CAS number whose check
//! digit fails) is an error with its line: a goods list that silently lost rows would miss
//! goods.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::model::Problem;
use crate::source::{Encoding, ReadError, Source};

/// A listed HS-code prefix: any declared code starting with it is a candidate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HsPrefixEntry {
    pub list: String,
    /// 4 to 10 digits, no separators.
    pub hs_prefix: String,
    pub entry: String,
    pub label: String,
    pub points: u32,
}

/// A lexicon phrase found in goods descriptions, with the control-list entry it points at.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeywordEntry {
    pub list: String,
    /// Upper-case words, matched on word boundaries in the normalised text.
    pub phrase: String,
    pub entry: String,
    pub label: String,
    pub points: u32,
    /// Words whose presence in the same text suppresses the hit (`TOY`, `GARDEN`).
    pub negative_context: Vec<String>,
    /// The language of the phrase (`en`, `fr`, `es`, `ru`, `ar`); empty when not said.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub language: String,
    /// The 4-digit HS headings the goods are normally declared under; empty when the phrase
    /// is too broad to say.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hs_headings: Vec<String>,
}

/// An HS 2017 subheading that HS 2022 no longer has, and the HS 2022 subheadings its goods
/// went to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HsConversion {
    /// 6 digits.
    pub hs2017: String,
    /// 6-digit codes.
    pub hs2022: Vec<String>,
    pub note: String,
}

/// A controlled chemical by CAS registry number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChemicalEntry {
    pub cas: String,
    pub chemical: String,
    pub list: String,
    pub entry: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub un_number: Option<String>,
    pub points: u32,
}

/// All goods lists loaded together, with the files they came from.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct GoodsLists {
    pub hs_prefixes: Vec<HsPrefixEntry>,
    pub keywords: Vec<KeywordEntry>,
    pub chemicals: Vec<ChemicalEntry>,
    /// HS 2017 codes converted to HS 2022 (`hs2017_to_2022.csv`).
    #[serde(default)]
    pub hs2017: Vec<HsConversion>,
    /// `(file label, sha256)` for each file read.
    pub files: Vec<(String, String)>,
}

/// Why a goods file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum GoodsError {
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error("{location}: {message}")]
    Row { location: String, message: String },
    #[error("{path}: {source}")]
    Csv {
        path: String,
        #[source]
        source: csv::Error,
    },
    #[error("{path}: {message}")]
    Missing { path: String, message: String },
}

/// The file names inside a goods folder.
pub const HS_PREFIXES_FILE: &str = "hs_prefixes.csv";
pub const KEYWORDS_FILE: &str = "keywords.csv";
pub const CHEMICALS_FILE: &str = "chemicals.csv";
/// Optional in a goods folder: the bundled table is used when the folder has none.
pub const HS2017_FILE: &str = "hs2017_to_2022.csv";

impl GoodsLists {
    /// Loads `hs_prefixes.csv`, `keywords.csv` and `chemicals.csv` from a folder; all three
    /// must be there.
    pub fn load_dir(dir: &Path) -> Result<Self, GoodsError> {
        let read = |name: &str| -> Result<Source, GoodsError> {
            let path = dir.join(name);
            if !path.is_file() {
                return Err(GoodsError::Missing {
                    path: path.display().to_string(),
                    message: "goods list file not found (a goods folder holds hs_prefixes.csv, \
                              keywords.csv and chemicals.csv)"
                        .into(),
                });
            }
            Ok(Source::read(&path)?)
        };
        let lists = Self::from_sources(
            &read(HS_PREFIXES_FILE)?,
            &read(KEYWORDS_FILE)?,
            &read(CHEMICALS_FILE)?,
        )?;
        if dir.join(HS2017_FILE).is_file() {
            lists.with_conversions(&read(HS2017_FILE)?)
        } else {
            lists.with_conversions(&super::bundled::hs2017_source())
        }
    }

    /// Adds the HS 2017 to HS 2022 conversions of `source` (`hs2017,hs2022,note`): every code
    /// 6 digits, the HS 2022 codes separated by `;`.
    pub fn with_conversions(mut self, source: &Source) -> Result<Self, GoodsError> {
        let six = |c: &str| c.len() == 6 && c.bytes().all(|b| b.is_ascii_digit());
        for row in records(source, &["hs2017", "hs2022", "note"])? {
            let hs2017: String = row.get("hs2017").replace('.', "");
            let hs2022: Vec<String> = row
                .get("hs2022")
                .split(';')
                .map(|c| c.trim().replace('.', ""))
                .filter(|c| !c.is_empty())
                .collect();
            if !six(&hs2017) || hs2022.is_empty() || !hs2022.iter().all(|c| six(c)) {
                return Err(row.error(format!(
                    "{:?} -> {:?}: codes must be 6 digits, HS 2022 codes separated by `;`",
                    row.get("hs2017"),
                    row.get("hs2022")
                )));
            }
            if self.hs2017.iter().any(|c| c.hs2017 == hs2017) {
                return Err(row.error(format!("HS 2017 code {hs2017} appears twice")));
            }
            self.hs2017.push(HsConversion {
                hs2017,
                hs2022,
                note: row.get("note").to_string(),
            });
        }
        self.files.push((source.label.clone(), source.sha256()));
        Ok(self)
    }

    /// Parses the three goods files.
    pub fn from_sources(
        hs_prefixes: &Source,
        keywords: &Source,
        chemicals: &Source,
    ) -> Result<Self, GoodsError> {
        let mut lists = GoodsLists::default();
        for row in records(
            hs_prefixes,
            &["list", "hs_prefix", "entry", "label", "points"],
        )? {
            let prefix: String = row
                .get("hs_prefix")
                .chars()
                .filter(|c| !matches!(c, '.' | ' '))
                .collect();
            if prefix.len() < 4 || prefix.len() > 10 || !prefix.bytes().all(|b| b.is_ascii_digit())
            {
                return Err(row.error(format!(
                    "hs_prefix {:?} must be 4 to 10 digits (never a 2-digit chapter)",
                    row.get("hs_prefix")
                )));
            }
            lists.hs_prefixes.push(HsPrefixEntry {
                list: row.get("list").to_string(),
                hs_prefix: prefix,
                entry: row.get("entry").to_string(),
                label: row.get("label").to_string(),
                points: row.points()?,
            });
        }
        for row in records(
            keywords,
            &[
                "list",
                "phrase",
                "entry",
                "label",
                "points",
                "negative_context",
            ],
        )? {
            let phrase = crate::text::fold_text(row.get("phrase"));
            if phrase.is_empty() {
                return Err(row.error("phrase is empty".into()));
            }
            lists.keywords.push(KeywordEntry {
                list: row.get("list").to_string(),
                phrase,
                entry: row.get("entry").to_string(),
                label: row.get("label").to_string(),
                points: row.points()?,
                negative_context: row
                    .get("negative_context")
                    .split(';')
                    .map(crate::text::fold_text)
                    .filter(|w| !w.is_empty())
                    .collect(),
                language: row.get("language").to_ascii_lowercase(),
                hs_headings: headings(&row)?,
            });
        }
        for row in records(
            chemicals,
            &["cas", "chemical", "list", "entry", "un_number", "points"],
        )? {
            let cas = row.get("cas").to_string();
            if !cas_check_digit_ok(&cas) {
                return Err(row.error(format!("CAS number {cas:?} fails its check digit")));
            }
            let un = row
                .get("un_number")
                .trim_start_matches("UN")
                .trim()
                .to_string();
            lists.chemicals.push(ChemicalEntry {
                cas,
                chemical: row.get("chemical").to_string(),
                list: row.get("list").to_string(),
                entry: row.get("entry").to_string(),
                un_number: (!un.is_empty()).then_some(un),
                points: row.points()?,
            });
        }
        lists.files = [hs_prefixes, keywords, chemicals]
            .iter()
            .map(|s| (s.label.clone(), s.sha256()))
            .collect();
        Ok(lists)
    }

    /// One problem per goods file that had no rows: an empty goods list screens nothing.
    pub fn empty_files(&self) -> Vec<Problem> {
        let mut out = Vec::new();
        for (count, file) in [
            (self.hs_prefixes.len(), HS_PREFIXES_FILE),
            (self.keywords.len(), KEYWORDS_FILE),
            (self.chemicals.len(), CHEMICALS_FILE),
        ] {
            if count == 0 {
                out.push(Problem::error(file.to_string(), "goods list has no rows"));
            }
        }
        out
    }
}

/// The optional `hs_headings` column: 4-digit headings separated by `;`.
fn headings(row: &GoodsRow) -> Result<Vec<String>, GoodsError> {
    let mut out = Vec::new();
    for h in row.get("hs_headings").split(';').map(str::trim) {
        if h.is_empty() {
            continue;
        }
        let h = h.replace('.', "");
        if h.len() != 4 || !h.bytes().all(|b| b.is_ascii_digit()) {
            return Err(row.error(format!("hs_headings: {h:?} is not a 4-digit HS heading")));
        }
        out.push(h);
    }
    Ok(out)
}

/// True when a hyphenated CAS number (`111-48-8`) has a valid check digit: the digits before
/// it, weighted 1, 2, 3, ... from the right, sum to the check digit modulo 10.
pub fn cas_check_digit_ok(cas: &str) -> bool {
    let parts: Vec<&str> = cas.split('-').collect();
    let [a, b, c] = parts.as_slice() else {
        return false;
    };
    if !(2..=7).contains(&a.len()) || b.len() != 2 || c.len() != 1 {
        return false;
    }
    let body: Vec<u32> = a
        .chars()
        .chain(b.chars())
        .filter_map(|ch| ch.to_digit(10))
        .collect();
    if body.len() != a.len() + 2 {
        return false;
    }
    let Some(check) = c.chars().next().and_then(|ch| ch.to_digit(10)) else {
        return false;
    };
    let sum: u32 = body
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| (i as u32 + 1) * d)
        .sum();
    sum % 10 == check
}

/// One data row of a goods CSV, with its location for messages.
struct GoodsRow {
    location: String,
    values: Vec<(String, String)>,
}

impl GoodsRow {
    fn get(&self, column: &str) -> &str {
        self.values
            .iter()
            .find(|(k, _)| k == column)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }

    fn error(&self, message: String) -> GoodsError {
        GoodsError::Row {
            location: self.location.clone(),
            message,
        }
    }

    fn points(&self) -> Result<u32, GoodsError> {
        self.get("points").parse().map_err(|_| {
            self.error(format!(
                "points {:?} is not a whole number",
                self.get("points")
            ))
        })
    }
}

/// Reads a goods CSV whose header must contain `required` columns.
fn records(source: &Source, required: &[&str]) -> Result<Vec<GoodsRow>, GoodsError> {
    let text = source.text(Encoding::Utf8);
    if let Some((line, w)) = text.warning {
        return Err(GoodsError::Row {
            location: format!("{}:{line}", source.label),
            message: w,
        });
    }
    let lines = crate::source::LineTable::new(&text.text);
    let mut reader = csv::ReaderBuilder::new().from_reader(text.text.as_bytes());
    let csv_err = |e| GoodsError::Csv {
        path: source.label.clone(),
        source: e,
    };
    let headers: Vec<String> = reader
        .headers()
        .map_err(csv_err)?
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    for col in required {
        if !headers.iter().any(|h| h == col) {
            return Err(GoodsError::Missing {
                path: source.label.clone(),
                message: format!("header lacks column `{col}` (needs {})", required.join(",")),
            });
        }
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(csv_err)?;
        let line = record
            .position()
            .map_or(0, |p| lines.line_of(p.byte() as usize));
        rows.push(GoodsRow {
            location: format!("{}:{line}", source.label),
            values: headers
                .iter()
                .cloned()
                .zip(record.iter().map(|v| v.trim().to_string()))
                .collect(),
        });
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cas_check_digit_accepts_real_numbers_and_rejects_typos() {
        for good in [
            "111-48-8",
            "102-71-6",
            "7719-12-2",
            "10025-87-3",
            "75-44-5",
            "7732-18-5",
        ] {
            assert!(cas_check_digit_ok(good), "{good}");
        }
        for bad in ["111-48-9", "12-34-5", "2024-01-15", "111488", "1-11-1"] {
            assert!(!cas_check_digit_ok(bad), "{bad}");
        }
    }
}
