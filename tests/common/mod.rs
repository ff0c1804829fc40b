//! Helpers shared by the integration tests.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use hubscreen::lists::{self, ListEntry, WatchList};

/// A fixture written by the project, under `tests/fixtures/`.
pub fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path)
}

/// A file in the project (`sample-manifests/...`).
pub fn project(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// A real public file in `../shared/data/`, when this checkout has one beside it. A fresh
/// clone has none: the caller then skips its check, and this says so loudly on stderr. With
/// `HUBSCREEN_REQUIRE_SHARED=1` (set by `.ci/run` when `../shared` is there) a missing file is
/// a failure, so that a moved or renamed file can never turn a real-data check into a pass.
pub fn shared(path: &str) -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data")
        .join(path);
    if p.exists() {
        return Some(p);
    }
    if std::env::var("HUBSCREEN_REQUIRE_SHARED").is_ok_and(|v| v == "1") {
        panic!(
            "{} is missing and HUBSCREEN_REQUIRE_SHARED=1: the check on the real file cannot run",
            p.display()
        );
    }
    eprintln!(
        "NOTE: SKIPPED the check on the real file {}: it is not present (../shared/data is not \
         beside this checkout). Set HUBSCREEN_REQUIRE_SHARED=1 to make this a failure.",
        p.display()
    );
    None
}

/// Loads a path that must hold exactly one list.
pub fn load_one(path: &Path) -> WatchList {
    let mut lists = lists::load_path(path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(lists.len(), 1, "{lists:?}");
    lists.remove(0)
}

/// The entry with this id.
pub fn entry<'a>(list: &'a WatchList, id: &str) -> &'a ListEntry {
    list.entries
        .iter()
        .find(|e| e.id == id)
        .unwrap_or_else(|| panic!("no entry {id} in {}", list.name))
}

/// An entry's strong aliases as (name, kind).
pub fn aliases(entry: &ListEntry) -> Vec<(&str, &str)> {
    entry
        .aliases
        .iter()
        .map(|a| (a.name.as_str(), a.kind.as_str()))
        .collect()
}
