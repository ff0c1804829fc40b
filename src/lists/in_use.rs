//! Which denied-party lists a screening run uses, decided in one place for the command line
//! and the dashboard alike.
//!
//! A run screens against two groups of lists:
//! - **the official lists**: those named with `--list`, else those installed by
//!   `lists update`, else the OFAC sample bundled into the binary;
//! - **the lists always screened** (`[lists] always` in the configuration): the agency's own
//!   lists. They join every run, whatever the first group is, so that installing the official
//!   lists or naming one with `--list` never quietly drops the agency's own hits.
//!
//! A list that was asked for and cannot be read is never skipped: the result says so in
//! [`InUse::unreadable`], and a caller that screens must refuse to (a party screened against
//! nothing comes out green, which is the one thing a screening tool must never say by mistake).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::update::{InstalledMeta, ListStore};
use super::{WatchList, bundled, load_path};

pub use crate::config::BUNDLED_AGENCY;

/// The lists of one run, each with its install record (`None` for `--list`, bundled and
/// always-screened lists), and what could not be read.
#[derive(Debug, Default)]
pub struct InUse {
    pub lists: Vec<WatchList>,
    /// Parallel to `lists`.
    pub installed: Vec<Option<InstalledMeta>>,
    /// Lists that were asked for and could not be read, each as `what: why`. Not empty means
    /// the run must not screen.
    pub unreadable: Vec<String>,
    /// Things worth saying that did not stop a list from loading (a list given twice).
    pub notes: Vec<String>,
}

impl InUse {
    /// The message to refuse screening with, when a list could not be read.
    pub fn refusal(&self) -> Option<String> {
        (!self.unreadable.is_empty()).then(|| {
            format!(
                "refusing to screen: {} list{} could not be read ({}); nothing was screened. \
                 Fix the path or the file, or run `hubscreen lists update`",
                self.unreadable.len(),
                if self.unreadable.len() == 1 { "" } else { "s" },
                self.unreadable.join("; ")
            )
        })
    }

    /// One line naming every list screened against, with its version and entry count.
    pub fn describe(&self) -> String {
        Self::describe_lists(&self.lists)
    }

    /// [`InUse::describe`] for any set of lists.
    pub fn describe_lists(lists: &[WatchList]) -> String {
        if lists.is_empty() {
            return "no denied-party list".into();
        }
        lists
            .iter()
            .map(|l| format!("{} ({}, {} entries)", l.name, l.version, l.entries.len()))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn add(&mut self, lists: Vec<WatchList>, meta: Option<&InstalledMeta>, seen: &mut Seen) {
        for list in lists {
            // The same content given twice (the agency file both in `always` and with
            // `--list`) would double every hit on it. One file may hold several lists (the
            // CSL's one per source list), which share its hash: the list's name tells them
            // apart.
            if !seen.insert((list.content_hash.clone(), list.name.clone())) {
                self.notes.push(format!(
                    "{} ({}) is given twice; screened once",
                    list.name,
                    list.files.join(", ")
                ));
                continue;
            }
            self.installed.push(meta.cloned());
            self.lists.push(list);
        }
    }
}

/// Lists already taken, by content hash and list name.
type Seen = HashSet<(String, String)>;

/// Loads the lists of one run: `explicit` (`--list` paths) or else the installed lists (else
/// the bundled OFAC sample), then every list in `always` (paths, or [`BUNDLED_AGENCY`]).
pub fn lists_in_use(store: &ListStore, explicit: &[PathBuf], always: &[String]) -> InUse {
    let mut used = InUse::default();
    let mut seen = Seen::new();
    if !explicit.is_empty() {
        for path in explicit {
            load_into(&mut used, &mut seen, path, "--list");
        }
    } else {
        let survey = store.survey();
        // A source whose copies are all gone was asked for by installing it: never dropped
        // without a word, and never screened around.
        used.unreadable.extend(survey.broken);
        let installed = survey.installed;
        if installed.is_empty() {
            match bundled::ofac_sample() {
                Ok(l) => used.add(vec![l], None, &mut seen),
                Err(e) => used.unreadable.push(format!("bundled OFAC sample: {e}")),
            }
        }
        for i in &installed {
            used.notes.extend(i.problem.clone());
            match load_path(&i.dir) {
                Ok(l) => used.add(l, Some(&i.meta), &mut seen),
                Err(e) => used
                    .unreadable
                    .push(format!("installed list {}: {e}", i.name)),
            }
        }
    }
    for spec in always {
        if spec == BUNDLED_AGENCY {
            match bundled::agency_sample() {
                Ok(l) => used.add(l, None, &mut seen),
                Err(e) => used.unreadable.push(format!("{BUNDLED_AGENCY}: {e}")),
            }
        } else {
            load_into(&mut used, &mut seen, Path::new(spec), "[lists] always");
        }
    }
    used
}

fn load_into(used: &mut InUse, seen: &mut Seen, path: &Path, named_by: &str) {
    match load_path(path) {
        Ok(l) => used.add(l, None, seen),
        Err(e) => used.unreadable.push(format!("{named_by} {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_list_of_one_file_is_screened_and_only_a_file_given_twice_is_not() {
        let data = tempfile::tempdir().expect("tempdir");
        let store = ListStore::new(data.path());
        let csl = PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/csl/consolidated.csv"
        ));
        let once = lists_in_use(&store, std::slice::from_ref(&csl), &[]);
        let names: Vec<&str> = once.lists.iter().map(|l| l.name.as_str()).collect();
        assert!(
            names.len() > 1 && names.contains(&"CSL SDN") && names.contains(&"CSL EL"),
            "the CSL is one file of many lists, each screened: {names:?}; notes {:?}",
            once.notes
        );
        assert!(once.notes.is_empty(), "{:?}", once.notes);
        let twice = lists_in_use(&store, &[csl.clone(), csl], &[]);
        assert_eq!(twice.lists.len(), once.lists.len());
        assert_eq!(twice.notes.len(), once.lists.len(), "{:?}", twice.notes);
    }
}
