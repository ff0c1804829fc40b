//! Denied-party and strategic-goods lists: reading them from their official formats into one
//! shape, and knowing which version was loaded.
//!
//! Each official format has its own reader file; this module detects the format from content
//! (a path may be a file or a folder; pointing at `sdn.csv` or its folder loads the whole OFAC
//! set beside it) and reports what was loaded. It never matches names: that is `screen`'s job.
//! A list that cannot be read is an error naming the file, never an empty list; a file that
//! stops in the middle (a truncated download) is an error too, never a shorter list. A row
//! that cannot be screened is a problem of that row, with its `file:line`, and the rest loads.
//! Every reader builds its entries with `ListEntry::builder` (`entry.rs`).

pub mod agency_csv;
pub mod bis_dpl;
pub mod bundled;
pub mod carried;
pub mod csl_csv;
pub mod dates;
pub mod delta;
mod entry;
pub mod eu_fsf;
pub mod goods;
pub mod in_use;
pub mod ofac_csv;
pub mod opensanctions_ftm;
pub mod reference;
pub mod sources;
pub mod summary;
pub mod uk_lists;
pub mod un_xml;
pub mod update;
pub mod version_dirs;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::model::EntityKind;
pub use crate::model::Problem;
use crate::source::{ReadError, Source};

/// The official format a list was read from.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::Display,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "kebab-case")]
pub enum ListFormat {
    /// OFAC legacy CSV set: `sdn.csv` + `add.csv` + `alt.csv` + `sdn_comments.csv`, or the
    /// non-SDN `cons_*.csv` set.
    OfacCsv,
    /// An agency's own list in hubscreen's documented CSV (`watchlists/agency/README.md`).
    AgencyCsv,
    /// trade.gov Consolidated Screening List CSV (29 columns, one source list per row).
    CslCsv,
    /// UN Security Council consolidated list XML.
    UnXml,
    /// EU Financial Sanctions File, CSV (`;`, one row per entity x name/address/...).
    EuFsfCsv,
    /// EU Financial Sanctions File, XML.
    EuFsfXml,
    /// OFSI consolidated list `ConList.csv`.
    UkOfsiCsv,
    /// FCDO UK Sanctions List CSV.
    UkSanctionsListCsv,
    /// BIS Denied Persons List, tab-separated.
    BisDpl,
    /// OpenSanctions FollowTheMoney entities, JSON lines.
    #[strum(serialize = "opensanctions-ftm")]
    OpenSanctionsFtm,
}

impl ListFormat {
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// A published name of an entry other than its primary name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Alias {
    pub name: String,
    /// `aka`, `fka` (formerly known as), `nka` (now known as), as the list says.
    pub kind: String,
}

/// Typed facts a list gives about an entry, parsed out of free-text remarks where needed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EntryFacts {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dates_of_birth: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub nationalities: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub imo_numbers: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub linked_to: Vec<String>,
}

/// One listed person, organisation, vessel or aircraft.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListEntry {
    /// The list's own identifier (OFAC ent_num, agency id).
    pub id: String,
    pub kind: EntityKind,
    /// The primary name exactly as the list writes it (`MADURO MOROS, Nicolas`).
    pub name: String,
    /// Strong aliases: names the list publishes for the entry.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<Alias>,
    /// Weak aliases (OFAC's quoted a.k.a. in remarks): too loose to alert on alone.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub weak_aliases: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub programs: Vec<String>,
    /// Countries from addresses and nationality, ISO alpha-2 where they resolve.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub countries: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub addresses: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remarks: Option<String>,
    #[serde(default)]
    pub facts: EntryFacts,
    /// Format-specific facts worth showing a targeter, by the list's own field name
    /// (`license_requirement`, `source_list`, `un_list_type`, ...).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub details: BTreeMap<String, String>,
}

/// A loaded list: its entries and where they came from.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WatchList {
    /// Short name used in hits (`OFAC SDN`, `OFAC NON-SDN`, `HUB WATCHLIST`).
    pub name: String,
    pub format: ListFormat,
    /// The publication date the file carries (`YYYY-MM-DD`, see [`WatchList::published`]),
    /// else `file date YYYY-MM-DD` (its modification time), else `bundled sample`.
    pub version: String,
    /// SHA-256 over the set's files, in load order.
    pub content_hash: String,
    /// The files read.
    pub files: Vec<String>,
    pub entries: Vec<ListEntry>,
    /// Rows skipped or repaired, each with its file and line.
    pub problems: Vec<Problem>,
}

impl WatchList {
    /// A list of `entries` made in memory, in the agency format, for tests.
    #[cfg(test)]
    pub(crate) fn of_entries(name: &str, entries: Vec<ListEntry>) -> Self {
        WatchList {
            name: name.into(),
            format: ListFormat::AgencyCsv,
            version: "t".into(),
            content_hash: String::new(),
            files: Vec::new(),
            entries,
            problems: Vec::new(),
        }
    }

    /// The publication date the file itself carries: the version when it is a bare
    /// `YYYY-MM-DD` (every reader writes a date it found in the file that way, and only that).
    pub fn published(&self) -> Option<chrono::NaiveDate> {
        chrono::NaiveDate::parse_from_str(&self.version, "%Y-%m-%d").ok()
    }

    /// How many names the matcher indexes for this list: primary names plus strong aliases.
    pub fn names_indexed(&self) -> usize {
        self.entries.iter().map(|e| 1 + e.aliases.len()).sum()
    }

    /// Entry count by kind, for reports.
    pub fn count_by_kind(&self) -> BTreeMap<&'static str, usize> {
        let mut counts = BTreeMap::new();
        for e in &self.entries {
            *counts.entry(e.kind.as_str()).or_insert(0) += 1;
        }
        counts
    }
}

/// Why a list could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ListError {
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error("{path}: {message}")]
    Format { path: String, message: String },
    #[error("{path}: no list entries found{hint}")]
    Empty { path: String, hint: String },
    #[error("{path}: {source}")]
    Csv {
        path: String,
        #[source]
        source: csv::Error,
    },
    /// The file stops in the middle of a record or element: never loaded in part.
    #[error(
        "{location}: {what}: the file is truncated (an interrupted download?); get a complete \
         copy (hubscreen lists update, or download it again)"
    )]
    Truncated { location: String, what: String },
}

impl ListError {
    /// The error for a delimited file that stops mid-record.
    pub(crate) fn cut(label: &str, cut: crate::delimited::Cut) -> Self {
        ListError::Truncated {
            location: format!("{label}:{}", cut.line),
            what: cut.what,
        }
    }
}

/// What a single file looks like from its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DetectedKind {
    OfacPrimary,
    OfacAddress,
    OfacAlias,
    OfacComments,
    Agency,
    /// A list format with a single-file reader.
    Single(ListFormat),
    /// A known list format hubscreen does not read, with its name.
    Unsupported(&'static str),
    Unknown,
}

/// Tells from the start of a file whether it is in one format.
type Detector = fn(&str) -> bool;

/// Detects a list file's format from its content.
pub fn detect(source: &Source) -> DetectedKind {
    let head = &source.bytes[..source.bytes.len().min(64 * 1024)];
    let head = String::from_utf8_lossy(head);
    let head = head.trim_start_matches('\u{feff}').trim_start();
    let single: [(Detector, ListFormat); 8] = [
        (un_xml::looks_like, ListFormat::UnXml),
        (eu_fsf::looks_like_xml, ListFormat::EuFsfXml),
        (eu_fsf::looks_like_csv, ListFormat::EuFsfCsv),
        (csl_csv::looks_like, ListFormat::CslCsv),
        (bis_dpl::looks_like, ListFormat::BisDpl),
        (uk_lists::looks_like_ofsi, ListFormat::UkOfsiCsv),
        (
            uk_lists::looks_like_sanctions_list,
            ListFormat::UkSanctionsListCsv,
        ),
        (opensanctions_ftm::looks_like, ListFormat::OpenSanctionsFtm),
    ];
    if let Some((_, format)) = single.iter().find(|(looks, _)| looks(head)) {
        return DetectedKind::Single(*format);
    }
    if head.starts_with('<') {
        return if head.contains("sdnList") {
            DetectedKind::Unsupported("OFAC SDN XML")
        } else {
            DetectedKind::Unsupported("XML")
        };
    }
    let first_line = head.lines().next().unwrap_or("");
    if agency_csv::looks_like_header(first_line) {
        return DetectedKind::Agency;
    }
    ofac_csv::detect_file(first_line).unwrap_or(DetectedKind::Unknown)
}

/// Reads one file of a single-file format.
fn read_single(format: ListFormat, source: &Source) -> Result<Vec<WatchList>, ListError> {
    match format {
        ListFormat::CslCsv => csl_csv::read(source),
        ListFormat::UnXml => un_xml::read(source),
        ListFormat::EuFsfCsv => eu_fsf::read_csv(source),
        ListFormat::EuFsfXml => eu_fsf::read_xml(source),
        ListFormat::UkOfsiCsv => uk_lists::read_ofsi(source),
        ListFormat::UkSanctionsListCsv => uk_lists::read_sanctions_list(source),
        ListFormat::BisDpl => bis_dpl::read(source),
        ListFormat::OpenSanctionsFtm => opensanctions_ftm::read(source),
        ListFormat::AgencyCsv => agency_csv::read(source),
        ListFormat::OfacCsv => Ok(vec![ofac_csv::read(&ofac_csv::OfacFileSet::beside(
            source.clone(),
        )?)?]),
    }
}

/// Loads every list found at `path`: a list file, an OFAC `sdn.csv`/`cons_prim.csv` (with the
/// set beside it), or a folder holding any of these. Each list's problems come in file order.
pub fn load_path(path: &Path) -> Result<Vec<WatchList>, ListError> {
    let mut lists = load_unsorted(path)?;
    for list in &mut lists {
        list.problems.sort_by_key(|p| {
            let (file, line) = p.location.rsplit_once(':').unwrap_or((&p.location, ""));
            (file.to_string(), line.parse::<u64>().unwrap_or(0))
        });
        let hidden = hidden_character_problems(list);
        list.problems.extend(hidden);
    }
    Ok(lists)
}

/// A warning per listed name holding characters the matcher removes (a zero-width space or a
/// control byte inside a word), naming the file and the entry: the name is still screened, as
/// if they were not there.
fn hidden_character_problems(list: &WatchList) -> Vec<Problem> {
    let file = list
        .files
        .first()
        .map_or(list.name.as_str(), String::as_str);
    let mut problems = Vec::new();
    for entry in &list.entries {
        let names = std::iter::once(("name".to_string(), entry.name.as_str()))
            .chain(
                entry
                    .aliases
                    .iter()
                    .enumerate()
                    .map(|(i, a)| (format!("alias {}", i + 1), a.name.as_str())),
            )
            .chain(
                entry
                    .weak_aliases
                    .iter()
                    .enumerate()
                    .map(|(i, a)| (format!("weak alias {}", i + 1), a.as_str())),
            );
        for (what, name) in names {
            if let Some(note) = crate::text::removed_note(name) {
                problems.push(Problem::warning(
                    file,
                    format!("entry {}: {what}: {note}", entry.id),
                ));
            }
        }
    }
    problems
}

fn load_unsorted(path: &Path) -> Result<Vec<WatchList>, ListError> {
    if path.is_dir() {
        return load_dir(path);
    }
    let source = Source::read(path)?;
    match detect(&source) {
        DetectedKind::Agency => agency_csv::read(&source),
        DetectedKind::Single(format) => read_single(format, &source),
        DetectedKind::OfacPrimary => {
            let set = ofac_csv::OfacFileSet::beside(source)?;
            Ok(vec![ofac_csv::read(&set)?])
        }
        DetectedKind::OfacAddress | DetectedKind::OfacAlias | DetectedKind::OfacComments => {
            Err(ListError::Format {
                path: source.label.clone(),
                message: "this is an OFAC companion file (add/alt/comments); point --list at \
                          sdn.csv or cons_prim.csv, or at their folder"
                    .into(),
            })
        }
        DetectedKind::Unsupported(what) => Err(unsupported(&source.label, what)),
        DetectedKind::Unknown => Err(unknown(&source.label)),
    }
}

fn unsupported(path: &str, what: &str) -> ListError {
    ListError::Format {
        path: path.to_string(),
        message: format!(
            "looks like the {what}, which hubscreen does not read; use the CSV set or another \
             official format of the same list"
        ),
    }
}

fn unknown(path: &str) -> ListError {
    ListError::Format {
        path: path.to_string(),
        message: "not a list format hubscreen recognises (OFAC legacy CSV, trade.gov CSL CSV, UN \
                  XML, EU FSF CSV/XML, OFSI ConList.csv, UK Sanctions List CSV, BIS DPL, \
                  OpenSanctions FtM JSON lines, or an agency CSV)"
            .into(),
    }
}

/// Loads every list in a folder. OFAC companion files are loaded with their primary file;
/// a folder with no list in it is an error, not an empty result.
fn load_dir(dir: &Path) -> Result<Vec<WatchList>, ListError> {
    let read_dir = std::fs::read_dir(dir).map_err(|source| ReadError {
        path: dir.display().to_string(),
        source,
    })?;
    let mut paths: Vec<PathBuf> = read_dir
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    let mut lists = Vec::new();
    let mut skipped = Vec::new();
    for path in paths {
        let source = Source::read(&path)?;
        match detect(&source) {
            DetectedKind::Agency => lists.extend(agency_csv::read(&source)?),
            DetectedKind::Single(format) => lists.extend(read_single(format, &source)?),
            DetectedKind::OfacPrimary => {
                let set = ofac_csv::OfacFileSet::beside(source)?;
                lists.push(ofac_csv::read(&set)?);
            }
            DetectedKind::OfacAddress | DetectedKind::OfacAlias | DetectedKind::OfacComments => {}
            DetectedKind::Unsupported(what) => return Err(unsupported(&source.label, what)),
            DetectedKind::Unknown => skipped.push(source.file_name().to_string()),
        }
    }
    if lists.is_empty() {
        return Err(ListError::Empty {
            path: dir.display().to_string(),
            hint: if skipped.is_empty() {
                " (the folder is empty)".into()
            } else {
                format!(" (files not recognised as lists: {})", skipped.join(", "))
            },
        });
    }
    Ok(lists)
}

/// Resolves a country as a list writes it to ISO alpha-2, or keeps the text upper-cased when
/// it does not resolve (so nothing is dropped).
pub(crate) fn country_code(text: &str) -> Option<String> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    Some(
        crate::country::iso2(t)
            .map(str::to_string)
            .unwrap_or_else(|| t.to_uppercase()),
    )
}

/// A list file's text, with a warning located at the first bad byte when it was not UTF-8.
pub(crate) fn list_text(source: &Source) -> (String, Vec<Problem>) {
    let decoded = source.text(crate::source::Encoding::Utf8);
    let problems = decoded
        .warning
        .into_iter()
        .map(|(line, w)| Problem::warning(format!("{}:{line}", source.label), w))
        .collect();
    (decoded.text, problems)
}

/// Reads a delimited list file with a header row: the header, then every data row with as
/// many fields as the header; other rows are reported as errors with their line (see
/// [`crate::delimited`]). An empty file gives an empty header and no rows; a file that stops
/// mid-record is [`ListError::Truncated`].
pub(crate) fn read_table(
    text: &str,
    delimiter: u8,
    label: &str,
    lines: &crate::source::LineTable,
    problems: &mut Vec<Problem>,
) -> Result<(csv::StringRecord, Vec<crate::delimited::Row>), ListError> {
    let table = crate::delimited::read_table(text, delimiter, lines, &mut |line, message| {
        problems.push(Problem::error(format!("{label}:{line}"), message));
    });
    match table {
        None => Ok((csv::StringRecord::new(), Vec::new())),
        Some(t) => match t.cut {
            Some(cut) => Err(ListError::cut(label, cut)),
            None => Ok((t.header.record, t.rows)),
        },
    }
}

/// The version of a file that carries no publication date: its modification date, or
/// `bundled sample` for a file built into the program.
pub(crate) fn file_version(source: &Source) -> String {
    source
        .modified_date()
        .map(|d| format!("file date {d}"))
        .unwrap_or_else(|| "bundled sample".into())
}

/// Adds `value` to `list` unless it is already there.
pub(crate) fn push_unique(list: &mut Vec<String>, value: String) {
    if !list.contains(&value) {
        list.push(value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names `lists show` prints and `--format` documents.
    #[test]
    fn list_formats_are_named_in_kebab_case() {
        let names: Vec<String> = [
            ListFormat::OfacCsv,
            ListFormat::AgencyCsv,
            ListFormat::CslCsv,
            ListFormat::UnXml,
            ListFormat::EuFsfCsv,
            ListFormat::EuFsfXml,
            ListFormat::UkOfsiCsv,
            ListFormat::UkSanctionsListCsv,
            ListFormat::BisDpl,
            ListFormat::OpenSanctionsFtm,
        ]
        .iter()
        .map(|f| f.to_string())
        .collect();
        assert_eq!(
            names,
            [
                "ofac-csv",
                "agency-csv",
                "csl-csv",
                "un-xml",
                "eu-fsf-csv",
                "eu-fsf-xml",
                "uk-ofsi-csv",
                "uk-sanctions-list-csv",
                "bis-dpl",
                "opensanctions-ftm"
            ]
        );
    }
}
