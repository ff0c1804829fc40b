//! Where lists come from: the update sources, read from a documented TOML file or built in.
//!
//! A source is a named set of files (OFAC publishes four that belong together), each fetched
//! from a URL (`https://`, `http://` or `file://`) and saved under a fixed file name so that
//! format detection recognises the set. The built-in defaults are the official download
//! addresses; an agency overrides them, adds its own list, or disables a source in
//! `sources.toml` (see `docs/sources.md`). This module only describes sources; `update`
//! fetches them.

use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

/// Limits applied to every update unless a source says otherwise.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct UpdateDefaults {
    /// Per-request timeout, seconds.
    pub timeout_secs: u64,
    /// Attempts after the first failure, with exponential backoff.
    pub retries: u32,
    /// Largest accepted drop in entry count, as a fraction of the previous copy (0.10 = 10 %).
    pub max_shrink: f64,
    /// A list older than this many days is reported as stale.
    pub max_age_days: u32,
}

impl Default for UpdateDefaults {
    fn default() -> Self {
        UpdateDefaults {
            timeout_secs: 120,
            retries: 3,
            max_shrink: 0.10,
            max_age_days: 7,
        }
    }
}

/// One file of a source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceFile {
    /// `https://...`, `http://...` or `file:///...`.
    pub url: String,
    /// The name it is saved under (`sdn.csv`): OFAC sets are recognised by these names.
    pub file: String,
}

/// A list to keep current.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceSpec {
    /// Short name, also the folder name in the data directory (`ofac-sdn`).
    pub name: String,
    #[serde(default = "yes")]
    pub enabled: bool,
    pub files: Vec<SourceFile>,
    /// Overrides `defaults.max_shrink` for this source.
    #[serde(default)]
    pub max_shrink: Option<f64>,
}

fn yes() -> bool {
    true
}

/// The whole sources file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sources {
    #[serde(default)]
    pub defaults: UpdateDefaults,
    #[serde(rename = "source", default)]
    pub sources: Vec<SourceSpec>,
}

/// Why a sources file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum SourcesError {
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },
}

fn source(name: &str, enabled: bool, files: &[(&str, &str)]) -> SourceSpec {
    SourceSpec {
        name: name.into(),
        enabled,
        files: files
            .iter()
            .map(|(url, file)| SourceFile {
                url: (*url).into(),
                file: (*file).into(),
            })
            .collect(),
        max_shrink: None,
    }
}

const OFAC: &str = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports";

impl Sources {
    /// The official download addresses of every list hubscreen reads. OpenSanctions is off by
    /// default: its data is licensed for non-commercial use only.
    pub fn official() -> Self {
        let ofac = |f: &str| format!("{OFAC}/{f}");
        let (sdn, add, alt, com) = (
            ofac("SDN.CSV"),
            ofac("ADD.CSV"),
            ofac("ALT.CSV"),
            ofac("SDN_COMMENTS.CSV"),
        );
        let (cprim, cadd, calt, ccom) = (
            ofac("CONS_PRIM.CSV"),
            ofac("CONS_ADD.CSV"),
            ofac("CONS_ALT.CSV"),
            ofac("CONS_COMMENTS.CSV"),
        );
        Sources {
            defaults: UpdateDefaults::default(),
            sources: vec![
                source(
                    "ofac-sdn",
                    true,
                    &[
                        (&sdn, "sdn.csv"),
                        (&add, "add.csv"),
                        (&alt, "alt.csv"),
                        (&com, "sdn_comments.csv"),
                    ],
                ),
                source(
                    "ofac-non-sdn",
                    true,
                    &[
                        (&cprim, "cons_prim.csv"),
                        (&cadd, "cons_add.csv"),
                        (&calt, "cons_alt.csv"),
                        (&ccom, "cons_comments.csv"),
                    ],
                ),
                source(
                    "us-csl",
                    true,
                    &[(
                        "https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv",
                        "consolidated.csv",
                    )],
                ),
                source(
                    "un-sc",
                    true,
                    &[(
                        "https://scsanctions.un.org/resources/xml/en/consolidated.xml",
                        "consolidated.xml",
                    )],
                ),
                source(
                    "eu-fsf",
                    true,
                    &[(
                        "https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content?token=dG9rZW4tMjAxNw",
                        "eu_fsf.xml",
                    )],
                ),
                source(
                    "uk-sanctions-list",
                    true,
                    &[(
                        "https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.csv",
                        "UK-Sanctions-List.csv",
                    )],
                ),
                source(
                    "bis-dpl",
                    true,
                    &[("https://www.bis.doc.gov/dpl/dpl.txt", "dpl.txt")],
                ),
                source(
                    "opensanctions",
                    false,
                    &[(
                        "https://data.opensanctions.org/datasets/latest/sanctions/entities.ftm.json",
                        "entities.ftm.json",
                    )],
                ),
            ],
        }
    }

    /// Reads a sources file. Sources it does not name keep their official defaults; a source
    /// it names replaces the default of that name.
    pub fn load(path: &Path) -> Result<Self, SourcesError> {
        let label = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| SourcesError::Invalid {
            path: label.clone(),
            message: e.to_string(),
        })?;
        Self::parse(&label, &text)
    }

    /// Parses the text of a sources file named `label` (see [`Sources::load`]).
    pub fn parse(label: &str, text: &str) -> Result<Self, SourcesError> {
        // A message may quote the line it is about, and a line may hold a credential.
        let invalid = |message: String| SourcesError::Invalid {
            path: label.to_string(),
            message: redact(&message),
        };
        let file: Sources = toml::from_str(text).map_err(|e| invalid(e.to_string()))?;
        let mut merged = Sources::official();
        merged.defaults = file.defaults;
        for s in file.sources {
            if s.files.is_empty() {
                return Err(invalid(format!("source {:?} has no files", s.name)));
            }
            if !s
                .name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            {
                return Err(invalid(format!(
                    "source name {:?} may hold only letters, digits, - and _ (it names a folder)",
                    s.name
                )));
            }
            for f in &s.files {
                check_file_name(&f.file).map_err(|why| {
                    invalid(format!("source {:?}: file {:?} {why}", s.name, f.file))
                })?;
            }
            match merged.sources.iter_mut().find(|d| d.name == s.name) {
                Some(d) => *d = s,
                None => merged.sources.push(s),
            }
        }
        Ok(merged)
    }

    /// The sources file at `path`, else `sources.toml` beside the configuration file when it
    /// exists, else the official addresses.
    pub fn configured(path: Option<&Path>) -> Result<Self, SourcesError> {
        let beside_config = crate::config::Config::default_path()
            .and_then(|p| p.parent().map(|d| d.join("sources.toml")))
            .filter(|p| p.is_file());
        match path.map(Path::to_path_buf).or(beside_config) {
            Some(p) => Sources::load(&p),
            None => Ok(Sources::official()),
        }
    }

    /// Enabled sources, optionally only those named.
    pub fn selected(&self, only: &[String]) -> Vec<&SourceSpec> {
        self.sources
            .iter()
            .filter(|s| {
                if only.is_empty() {
                    s.enabled
                } else {
                    only.contains(&s.name)
                }
            })
            .collect()
    }
}

/// `scheme://user:password@`: everything between `://` and `@` is a credential.
static USERINFO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/?#\s@]+@").expect("valid regex"));

/// `api_key=...`, `token=...`, `password=...` and the like, in a query string or anywhere.
static SECRET_PARAM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?i)\b((?:api[_-]?key|apikey|key|access[_-]?key|secret|client[_-]?secret|(?:access[_-]?|auth[_-]?|refresh[_-]?|id[_-]?)?token|password|passwd|pwd|pass|auth|authorization|sig|signature|session(?:[_-]?id)?|credentials?|x-amz-[a-z-]+)=)[^&;#\s"']+"#,
    )
    .expect("valid regex")
});

/// What replaces a credential in every message and record.
pub const REDACTED: &str = "***";

/// Removes the credentials a source address may carry from any text that quotes it: the
/// user and password before `@`, and the values of `api_key=`, `token=`, `password=` and the
/// like. The rest (host, path, other parameters) stays, so that a message still says where.
pub fn redact(text: &str) -> String {
    let text = USERINFO.replace_all(text, format!("${{1}}{REDACTED}@").as_str());
    SECRET_PARAM
        .replace_all(&text, format!("${{1}}{REDACTED}").as_str())
        .into_owned()
}

/// Names an update writes beside a source's files in its version folder.
const RECORD_NAMES: [&str; 2] = ["meta.json", "delta.json"];

/// Checks that `file` is a plain file name, saved inside the source's own folder: not empty,
/// no folder part (`/`, `\\`, `:`), not `.` or `..`, not hidden, and not one of the names the
/// install record uses. Says why not.
pub fn check_file_name(file: &str) -> Result<(), String> {
    let why = if file.is_empty() {
        "is empty"
    } else if file.contains(['/', '\\', ':']) || Path::new(file).is_absolute() {
        "has a folder part; give a plain file name, saved in the source's own folder"
    } else if file.starts_with('.') {
        "starts with '.': give a plain file name, saved in the source's own folder"
    } else if file.chars().any(char::is_control) {
        "holds a control character"
    } else if RECORD_NAMES.contains(&file) {
        "is the name of the install record; give the list's own file name"
    } else {
        return Ok(());
    };
    Err(why.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn official_sources_name_every_file_uniquely() {
        let s = Sources::official();
        assert!(s.sources.iter().all(|s| !s.files.is_empty()));
        let ofac = &s.sources[0];
        let names: Vec<&str> = ofac.files.iter().map(|f| f.file.as_str()).collect();
        assert_eq!(
            names,
            vec!["sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv"]
        );
        assert!(
            !s.sources
                .iter()
                .find(|s| s.name == "opensanctions")
                .unwrap()
                .enabled
        );
    }

    #[test]
    fn credentials_are_redacted_and_the_rest_of_the_address_kept() {
        assert_eq!(
            redact(
                "GET https://alice:pw%40x@lists.example/a.csv?format=csv&api_key=K1&Token=T2#x failed"
            ),
            "GET https://***@lists.example/a.csv?format=csv&api_key=***&Token=***#x failed"
        );
        // A value runs to the next separator: a closing bracket may be part of a secret.
        assert_eq!(
            redact("error sending request for url (http://tok@h/x?access_token=abc;sig=9)"),
            "error sending request for url (http://***@h/x?access_token=***;sig=***"
        );
        // Words that only end like a secret's name are left alone.
        assert_eq!(redact("monkey=1 passport=2"), "monkey=1 passport=2");
        assert_eq!(
            redact("file:///srv/lists/sdn.csv"),
            "file:///srv/lists/sdn.csv"
        );
    }

    #[test]
    fn a_file_overrides_and_adds_sources() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sources.toml");
        std::fs::write(
            &path,
            "[defaults]\nmax_shrink = 0.2\n\n[[source]]\nname = \"bis-dpl\"\nenabled = false\nfiles = [{ url = \"file:///x/dpl.txt\", file = \"dpl.txt\" }]\n\n[[source]]\nname = \"agency\"\nfiles = [{ url = \"file:///srv/agency.csv\", file = \"agency.csv\" }]\n",
        )
        .unwrap();
        let s = Sources::load(&path).unwrap();
        assert_eq!(s.defaults.max_shrink, 0.2);
        assert!(
            !s.sources
                .iter()
                .find(|s| s.name == "bis-dpl")
                .unwrap()
                .enabled
        );
        assert_eq!(s.sources.last().unwrap().name, "agency");
        let names: Vec<&str> = s.selected(&[]).iter().map(|s| s.name.as_str()).collect();
        assert!(names.contains(&"agency") && !names.contains(&"bis-dpl"));
    }
}
