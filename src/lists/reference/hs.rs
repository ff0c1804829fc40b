//! The HS 2022 nomenclature as published in the public-domain `datasets/harmonized-system`
//! data (`harmonized-system.csv`: `section,hscode,description,parent,level`, codes as strings
//! with their leading zeros, levels 2, 4 and 6).
//!
//! Used to show the text of the declared heading beside a goods description, so that an
//! officer sees at a glance that "TOY ROBOT KITS" was declared under "Electronic integrated
//! circuits". A row that does not fit the format is an error with its line: a nomenclature
//! with holes would show no text where it should, and say nothing.

use std::collections::HashMap;

use serde::Serialize;

use crate::model::HsCode;
use crate::source::{Encoding, LineTable, Source};

use super::ReferenceError;

/// The most rows a nomenclature may hold (HS 2022 has 6,940): a bound on memory, whatever
/// the file.
pub const MAX_ROWS: usize = 20_000;
/// The longest description kept, in characters (the longest in HS 2022 is under 400).
pub const MAX_DESCRIPTION_CHARS: usize = 1_000;

/// The nomenclature: chapter, heading and subheading texts by code.
#[derive(Debug, Clone, Default)]
pub struct HsNomenclature {
    by_code: HashMap<String, String>,
    /// `(file label, sha256)` of the file read.
    pub file: (String, String),
}

/// The published text of a declared code at each level the nomenclature has for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct HsText {
    /// `(code, text)`, chapter first: `("84", "Nuclear reactors, boilers, machinery...")`,
    /// `("8458", "Lathes ...")`, `("845811", "...")`.
    pub levels: Vec<(String, String)>,
}

impl HsText {
    /// The most specific text: the subheading's, else the heading's, else the chapter's.
    pub fn most_specific(&self) -> Option<&(String, String)> {
        self.levels.last()
    }
}

impl HsNomenclature {
    /// Reads a nomenclature file; every row must have a 2-, 4- or 6-digit code that fits its
    /// level and a parent the file also holds.
    pub fn read(source: &Source) -> Result<Self, ReferenceError> {
        let text = source.text(Encoding::Utf8);
        let at = |line: u64, message: String| ReferenceError::Row {
            location: format!("{}:{line}", source.label),
            message,
        };
        if let Some((line, w)) = text.warning {
            return Err(at(line, w));
        }
        let lines = LineTable::new(&text.text);
        let mut reader = csv::ReaderBuilder::new().from_reader(text.text.as_bytes());
        let headers: Vec<String> = reader
            .headers()
            .map_err(|e| at(1, e.to_string()))?
            .iter()
            .map(|h| h.trim().trim_start_matches('\u{feff}').to_ascii_lowercase())
            .collect();
        let column = |name: &str| {
            headers.iter().position(|h| h == name).ok_or_else(|| {
                at(
                    1,
                    format!(
                        "header lacks column `{name}` (an HS nomenclature file has \
                         section,hscode,description,parent,level)"
                    ),
                )
            })
        };
        let (code_at, text_at, parent_at, level_at) = (
            column("hscode")?,
            column("description")?,
            column("parent")?,
            column("level")?,
        );
        let mut by_code = HashMap::new();
        let mut parents = Vec::new();
        for record in reader.records() {
            let line_of = |r: &csv::StringRecord| {
                r.position().map_or(0, |p| lines.line_of(p.byte() as usize))
            };
            let record = record.map_err(|e| {
                let line = e.position().map_or(0, |p| lines.line_of(p.byte() as usize));
                at(line, e.to_string())
            })?;
            let line = line_of(&record);
            if by_code.len() >= MAX_ROWS {
                return Err(at(line, format!("more than {MAX_ROWS} rows")));
            }
            let get = |i: usize| record.get(i).unwrap_or("").trim();
            let code = get(code_at);
            let level = get(level_at);
            // The published file ends with an aggregate row for all commodities.
            if code == "TOTAL" {
                continue;
            }
            if !code.bytes().all(|b| b.is_ascii_digit()) || level != code.len().to_string() {
                return Err(at(
                    line,
                    format!("code {code:?} is not a {level}-digit code (levels are 2, 4 and 6)"),
                ));
            }
            if !matches!(code.len(), 2 | 4 | 6) {
                return Err(at(
                    line,
                    format!("code {code:?} has a level other than 2, 4 or 6"),
                ));
            }
            let description = get(text_at);
            if description.is_empty() {
                return Err(at(line, format!("code {code} has no description")));
            }
            if description.chars().count() > MAX_DESCRIPTION_CHARS {
                return Err(at(
                    line,
                    format!(
                        "code {code}: description longer than {MAX_DESCRIPTION_CHARS} characters"
                    ),
                ));
            }
            if code.len() > 2 {
                parents.push((line, code.to_string(), get(parent_at).to_string()));
            }
            if by_code
                .insert(code.to_string(), description.to_string())
                .is_some()
            {
                return Err(at(line, format!("code {code} appears twice")));
            }
        }
        for (line, code, parent) in parents {
            if !code.starts_with(&parent) || !by_code.contains_key(&parent) {
                return Err(at(
                    line,
                    format!("code {code}: parent {parent:?} is not a code of this file above it"),
                ));
            }
        }
        if by_code.is_empty() {
            return Err(at(1, "no rows".into()));
        }
        Ok(HsNomenclature {
            by_code,
            file: (source.label.clone(), source.sha256()),
        })
    }

    /// How many codes the nomenclature holds.
    pub fn len(&self) -> usize {
        self.by_code.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_code.is_empty()
    }

    /// True when the nomenclature holds this 2-, 4- or 6-digit code.
    pub fn contains(&self, code: &str) -> bool {
        self.by_code.contains_key(code)
    }

    /// The texts of a declared code's chapter, heading and subheading, as far as the
    /// nomenclature has them (a national 8- or 10-digit code shows its HS 6 text). `None` when
    /// not even the chapter is known.
    pub fn describe(&self, code: &HsCode) -> Option<HsText> {
        let digits = code.digits();
        let levels: Vec<(String, String)> = [2, 4, 6]
            .into_iter()
            .filter(|&n| digits.len() >= n)
            .filter_map(|n| {
                let c = &digits[..n];
                self.by_code.get(c).map(|t| (c.to_string(), t.clone()))
            })
            .collect();
        (!levels.is_empty()).then_some(HsText { levels })
    }

    /// Codes whose text contains every word of `query` (folded), headings first, at most
    /// `limit`: for look-ups at the desk.
    pub fn search(&self, query: &str, limit: usize) -> Vec<(String, String)> {
        let Some(words) = super::QueryWords::new(query) else {
            return Vec::new();
        };
        let mut found: Vec<(String, String)> = self
            .by_code
            .iter()
            .filter(|(_, text)| words.found_in(text))
            .map(|(c, t)| (c.clone(), t.clone()))
            .collect();
        found.sort_by(|a, b| a.0.len().cmp(&b.0.len()).then(a.0.cmp(&b.0)));
        found.truncate(limit);
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "section,hscode,description,parent,level\n\
        XVI,84,\"Nuclear reactors, boilers, machinery\",TOTAL,2\n\
        XVI,8458,Lathes for removing metal,84,4\n\
        XVI,845811,\"Lathes; horizontal, numerically controlled\",8458,6\n\
        TOTAL,TOTAL,Total of all commodities,TOTAL,5\n";

    fn read(text: &str) -> Result<HsNomenclature, ReferenceError> {
        HsNomenclature::read(&Source::from_bytes("hs.csv", text.as_bytes().to_vec()))
    }

    #[test]
    fn a_declared_code_shows_its_chapter_heading_and_subheading() {
        let hs = read(SAMPLE).unwrap();
        let text = hs.describe(&HsCode::parse("8458.11.10").unwrap()).unwrap();
        let codes: Vec<&str> = text.levels.iter().map(|(c, _)| c.as_str()).collect();
        assert_eq!(codes, ["84", "8458", "845811"]);
        assert_eq!(
            text.most_specific().unwrap().1,
            "Lathes; horizontal, numerically controlled"
        );
        let heading_only = hs.describe(&HsCode::parse("8458.19").unwrap()).unwrap();
        assert_eq!(heading_only.most_specific().unwrap().0, "8458");
        assert!(hs.describe(&HsCode::parse("9503.00").unwrap()).is_none());
    }

    #[test]
    fn rows_that_do_not_fit_are_refused_with_their_line() {
        let bad_level = format!("{SAMPLE}XVI,845819,Other lathes,8458,4\n");
        let e = read(&bad_level).unwrap_err().to_string();
        assert!(e.starts_with("hs.csv:6:"), "{e}");
        let orphan = format!("{SAMPLE}XVI,846011,Grinding machines,8460,6\n");
        let e = read(&orphan).unwrap_err().to_string();
        assert!(e.contains("hs.csv:6:") && e.contains("parent"), "{e}");
        let twice = format!("{SAMPLE}XVI,8458,Lathes again,84,4\n");
        assert!(read(&twice).unwrap_err().to_string().contains("twice"));
        let e = read("code,text\n84,x\n").unwrap_err().to_string();
        assert!(e.contains("hscode"), "{e}");
    }

    #[test]
    fn search_finds_headings_by_their_words() {
        let hs = read(SAMPLE).unwrap();
        let found = hs.search("lathe", 10);
        assert_eq!(found[0].0, "8458");
        assert_eq!(found.len(), 2);
        assert!(hs.search("toys", 10).is_empty());
    }
}
