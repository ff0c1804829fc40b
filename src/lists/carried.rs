//! Files carried in by hand (`lists update --from DIR`, a USB stick): which source each file
//! belongs to, told from its content with the same detection `--list` uses, whatever the file
//! is called and wherever it is in the folder (`DIR/<file>` or `DIR/<any folder>/<file>`).
//!
//! A file under the name a source saves it as (`DIR/un-sc/consolidated.xml`,
//! `DIR/consolidated.xml`) is that source's when its content fits; otherwise any file whose
//! content is the source's format is, the one in a folder named after the source first. Two
//! equally good candidates are never chosen between: the source fails, naming both. OFAC's
//! companion files (addresses, aliases, comments) are optional; the OFAC reader says which are
//! missing. Every file that no source takes is reported with the reason. This module only
//! plans; `update` fetches, validates and installs.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::sources::{SourceFile, SourceSpec};
use super::update::{Dating, Fetcher, UpdateError};
use super::{DetectedKind, ListFormat, detect};
use crate::source::Source;

/// A file in the folder that no source being updated takes, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct UnusedFile {
    pub path: PathBuf,
    pub why: String,
}

/// What the folder holds for one source.
#[derive(Debug)]
pub enum SourcePlan {
    /// The source's files that are there: `spec` names only those.
    Found {
        spec: SourceSpec,
        files: CarriedFiles,
    },
    /// None of its files is there.
    Absent,
    /// Its files are there but cannot be told apart or are incomplete: why.
    Failed(String),
}

/// Which file goes to which source, and what is left over.
#[derive(Debug)]
pub struct Plan {
    /// Per source, in the order given.
    pub sources: Vec<(String, SourcePlan)>,
    pub unused: Vec<UnusedFile>,
}

/// The files of one source, by the name each is saved under.
#[derive(Debug, Clone, Default)]
pub struct CarriedFiles {
    paths: BTreeMap<String, PathBuf>,
}

impl Fetcher for CarriedFiles {
    fn fetch(&self, _url: &str, file: &str) -> Result<Vec<u8>, UpdateError> {
        let path = self.paths.get(file).ok_or_else(|| UpdateError::Fetch {
            url: file.to_string(),
            message: "not among the files carried in".into(),
        })?;
        std::fs::read(path).map_err(|e| UpdateError::Fetch {
            url: path.display().to_string(),
            message: e.to_string(),
        })
    }

    fn origin(&self, _url: &str, file: &str) -> String {
        self.paths
            .get(file)
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| file.to_string())
    }

    fn modified(&self, _url: &str, file: &str) -> Option<(DateTime<Utc>, Dating)> {
        let path = self.paths.get(file)?;
        let time = std::fs::metadata(path).and_then(|m| m.modified()).ok()?;
        Some((DateTime::<Utc>::from(time), Dating::FileTime))
    }
}

/// OFAC publishes two sets with the same layout; only the file name tells them apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OfacSet {
    Sdn,
    NonSdn,
}

/// What a source's file holds: a kind of file, and for OFAC files which set.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Expected {
    kind: DetectedKind,
    set: Option<OfacSet>,
}

/// What a file saved under `file` holds, for the names the official sources save under.
fn expected(file: &str) -> Option<Expected> {
    use DetectedKind::*;
    let ofac = |kind, set| {
        Some(Expected {
            kind,
            set: Some(set),
        })
    };
    let single = |format| {
        Some(Expected {
            kind: Single(format),
            set: None,
        })
    };
    match file.to_ascii_lowercase().as_str() {
        "sdn.csv" => ofac(OfacPrimary, OfacSet::Sdn),
        "add.csv" => ofac(OfacAddress, OfacSet::Sdn),
        "alt.csv" => ofac(OfacAlias, OfacSet::Sdn),
        "sdn_comments.csv" => ofac(OfacComments, OfacSet::Sdn),
        "cons_prim.csv" => ofac(OfacPrimary, OfacSet::NonSdn),
        "cons_add.csv" => ofac(OfacAddress, OfacSet::NonSdn),
        "cons_alt.csv" => ofac(OfacAlias, OfacSet::NonSdn),
        "cons_comments.csv" => ofac(OfacComments, OfacSet::NonSdn),
        "consolidated.csv" => single(ListFormat::CslCsv),
        "consolidated.xml" => single(ListFormat::UnXml),
        "eu_fsf.xml" => single(ListFormat::EuFsfXml),
        "uk-sanctions-list.csv" => single(ListFormat::UkSanctionsListCsv),
        "conlist.csv" => single(ListFormat::UkOfsiCsv),
        "dpl.txt" => single(ListFormat::BisDpl),
        "entities.ftm.json" => single(ListFormat::OpenSanctionsFtm),
        _ => None,
    }
}

fn is_companion(kind: DetectedKind) -> bool {
    matches!(
        kind,
        DetectedKind::OfacAddress | DetectedKind::OfacAlias | DetectedKind::OfacComments
    )
}

/// Says what a kind of file is, for people.
fn describe(kind: DetectedKind) -> String {
    match kind {
        DetectedKind::OfacPrimary => "OFAC legacy CSV primary file".into(),
        DetectedKind::OfacAddress => "OFAC addresses file".into(),
        DetectedKind::OfacAlias => "OFAC aliases file".into(),
        DetectedKind::OfacComments => "OFAC comments file".into(),
        DetectedKind::Agency => "agency CSV list".into(),
        DetectedKind::Single(format) => format!("{format} list"),
        DetectedKind::Unsupported(what) => what.into(),
        DetectedKind::Unknown => "unknown file".into(),
    }
}

/// One file in the folder.
#[derive(Debug)]
struct Candidate {
    path: PathBuf,
    /// The folder under `DIR` it is in, if any.
    folder: Option<String>,
    /// Its kind, or why it could not be read.
    kind: Result<DetectedKind, String>,
    taken: bool,
    /// Why it was not used although its content fits a source: it was not the only one.
    contested: Option<String>,
}

impl Candidate {
    fn fits(&self, want: Expected) -> bool {
        let Ok(kind) = self.kind else {
            return false;
        };
        kind == want.kind && want.set.is_none_or(|set| set == self.ofac_set())
    }

    fn ofac_set(&self) -> OfacSet {
        let name = self
            .path
            .file_name()
            .map(|n| n.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        if name.starts_with("cons") {
            OfacSet::NonSdn
        } else {
            OfacSet::Sdn
        }
    }
}

/// Enough of a file to tell its format (what [`detect`] looks at).
const HEAD: u64 = 64 * 1024;

fn read_candidate(path: PathBuf, folder: Option<String>) -> Candidate {
    let mut head = Vec::new();
    let kind = std::fs::File::open(&path)
        .and_then(|f| f.take(HEAD).read_to_end(&mut head))
        .map(|_| detect(&Source::from_bytes(path.display().to_string(), head)))
        .map_err(|e| e.to_string());
    Candidate {
        path,
        folder,
        kind,
        taken: false,
        contested: None,
    }
}

/// Every file in `dir` and in its folders; deeper folders are reported as not searched.
fn candidates(dir: &Path, unused: &mut Vec<UnusedFile>) -> Vec<Candidate> {
    let mut found = Vec::new();
    for entry in sorted_entries(dir) {
        if entry.is_dir() {
            let folder = entry.file_name().map(|n| n.to_string_lossy().into_owned());
            for inner in sorted_entries(&entry) {
                if inner.is_dir() {
                    unused.push(UnusedFile {
                        path: inner,
                        why: "a folder two levels down: only the folder given and the folders in \
                              it are searched"
                            .into(),
                    });
                } else {
                    found.push(read_candidate(inner, folder.clone()));
                }
            }
        } else {
            found.push(read_candidate(entry, None));
        }
    }
    found
}

fn sorted_entries(dir: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|r| r.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    paths.sort();
    paths
}

/// Plans which files in `dir` go to which of `sources`; earlier sources choose first (give
/// the sources being updated before the others).
pub fn plan(dir: &Path, sources: &[&SourceSpec]) -> Plan {
    let mut unused = Vec::new();
    let mut pool = candidates(dir, &mut unused);
    let planned = sources
        .iter()
        .map(|spec| (spec.name.clone(), plan_source(dir, spec, &mut pool)))
        .collect();
    unused.extend(pool.iter().filter(|c| !c.taken).map(|c| UnusedFile {
        path: c.path.clone(),
        why: leftover_reason(c),
    }));
    unused.sort_by(|a, b| a.path.cmp(&b.path));
    Plan {
        sources: planned,
        unused,
    }
}

fn leftover_reason(c: &Candidate) -> String {
    if let Some(why) = &c.contested {
        return why.clone();
    }
    match &c.kind {
        Err(e) => format!("unreadable: {e}"),
        Ok(DetectedKind::Unknown) => {
            "not a list hubscreen reads (its content is no list format it knows)".into()
        }
        Ok(DetectedKind::Unsupported(what)) => {
            format!("looks like the {what}, which hubscreen does not read")
        }
        Ok(kind) if is_companion(*kind) => format!(
            "{} without its primary file (sdn.csv or cons_prim.csv) in the same folder",
            describe(*kind)
        ),
        Ok(kind) => format!(
            "{}: no source takes it (add a source for it to sources.toml)",
            describe(*kind)
        ),
    }
}

/// Finds one source's files in the pool, marking them taken.
fn plan_source(dir: &Path, spec: &SourceSpec, pool: &mut [Candidate]) -> SourcePlan {
    let mut chosen: Vec<(usize, &SourceFile)> = Vec::new();
    let mut missing = Vec::new();
    let mut primary_folder: Option<Option<String>> = None;
    for f in &spec.files {
        let want = expected(&f.file);
        match find(dir, spec, f, want, primary_folder.as_ref(), pool) {
            Ok(Some(i)) => {
                if want.is_some_and(|w| w.kind == DetectedKind::OfacPrimary) {
                    primary_folder = Some(pool[i].folder.clone());
                }
                pool[i].taken = true;
                chosen.push((i, f));
            }
            Ok(None) => missing.push((f, want)),
            Err((why, contested)) => {
                for (i, _) in &chosen {
                    pool[*i].taken = false;
                }
                for i in contested {
                    pool[i].contested = Some(format!(
                        "one of {} files that look like {}'s {}; {} was not installed from any \
                         of them",
                        why.count, spec.name, f.file, spec.name
                    ));
                }
                return SourcePlan::Failed(why.message);
            }
        }
    }
    let only_companions = chosen
        .iter()
        .all(|(i, _)| pool[*i].kind.as_ref().is_ok_and(|k| is_companion(*k)));
    if chosen.is_empty() || only_companions {
        for (i, _) in &chosen {
            pool[*i].taken = false;
        }
        return SourcePlan::Absent;
    }
    let required: Vec<String> = missing
        .iter()
        .filter(|(_, want)| !want.is_some_and(|w| is_companion(w.kind)))
        .map(|(f, want)| match want {
            Some(w) => format!("{} (a {})", f.file, describe(w.kind)),
            None => f.file.clone(),
        })
        .collect();
    if !required.is_empty() {
        for (i, _) in &chosen {
            pool[*i].taken = false;
        }
        return SourcePlan::Failed(format!(
            "{} not in {} (looked for {}/{}/<file>, {}/<file> and any file with that content)",
            required.join(", "),
            dir.display(),
            dir.display(),
            spec.name,
            dir.display()
        ));
    }
    let mut files = CarriedFiles::default();
    let mut found = spec.clone();
    found.files = chosen
        .iter()
        .map(|(i, f)| {
            files.paths.insert(f.file.clone(), pool[*i].path.clone());
            SourceFile {
                url: pool[*i].path.display().to_string(),
                file: f.file.clone(),
            }
        })
        .collect();
    SourcePlan::Found { spec: found, files }
}

/// The file in the pool for `f`: by its name when the content fits (or the format is not
/// known for the name), else by content, the folder named after the source first. Two
/// candidates equally good is an error naming them.
fn find(
    dir: &Path,
    spec: &SourceSpec,
    f: &SourceFile,
    want: Option<Expected>,
    primary_folder: Option<&Option<String>>,
    pool: &[Candidate],
) -> Result<Option<usize>, (Contest, Vec<usize>)> {
    let fits = |c: &Candidate| want.is_none_or(|w| c.fits(w));
    for named in [dir.join(&spec.name).join(&f.file), dir.join(&f.file)] {
        if let Some(i) = pool
            .iter()
            .position(|c| !c.taken && c.path == named && fits(c))
        {
            return Ok(Some(i));
        }
    }
    let Some(want) = want else {
        return Ok(None);
    };
    let fitting: Vec<usize> = (0..pool.len())
        .filter(|&i| !pool[i].taken && pool[i].fits(want))
        // A companion belongs with its primary file.
        .filter(|&i| {
            !is_companion(want.kind) || primary_folder.is_none_or(|p| *p == pool[i].folder)
        })
        .collect();
    let tier = |i: &usize| match pool[*i].folder.as_deref() {
        Some(folder) if folder == spec.name => 0,
        None => 1,
        Some(_) => 2,
    };
    let Some(best) = fitting.iter().map(tier).min() else {
        return Ok(None);
    };
    let best: Vec<usize> = fitting.into_iter().filter(|i| tier(i) == best).collect();
    match best.as_slice() {
        [one] => Ok(Some(*one)),
        several => Err((
            Contest {
                count: several.len(),
                message: format!(
                    "{} files look like its {} ({}): keep one, or put the one to use in {}/{}/",
                    several.len(),
                    f.file,
                    several
                        .iter()
                        .map(|i| pool[*i].path.display().to_string())
                        .collect::<Vec<_>>()
                        .join(", "),
                    dir.display(),
                    spec.name
                ),
            },
            several.to_vec(),
        )),
    }
}

/// Several files fit one file of a source equally well.
struct Contest {
    count: usize,
    message: String,
}

/// What `--from` looks for, one line per source: its files and what each holds.
pub fn looked_for(sources: &[&SourceSpec]) -> Vec<String> {
    sources
        .iter()
        .map(|s| {
            let files: Vec<String> = s
                .files
                .iter()
                .map(|f| match expected(&f.file) {
                    Some(w) if is_companion(w.kind) => {
                        format!("{} ({}, optional)", f.file, describe(w.kind))
                    }
                    Some(w) => format!("{} ({}, any name)", f.file, describe(w.kind)),
                    None => format!("{} (by this name)", f.file),
                })
                .collect();
            format!("{}: {}", s.name, files.join(", "))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lists::sources::Sources;

    #[test]
    fn every_official_file_name_has_its_format() {
        for s in Sources::official().sources {
            for f in &s.files {
                assert!(expected(&f.file).is_some(), "{}: {}", s.name, f.file);
            }
        }
    }
}
