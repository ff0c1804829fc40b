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

/// The `hubscreen` binary with a home of its own: `HOME` and every `XDG_*` folder under `home`,
/// and no `HUBSCREEN_*` variable from the developer's shell. A developer's own `config.toml`,
/// `sources.toml`, installed lists or store can then never change what a test sees.
pub fn hubscreen_at(home: &Path) -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_hubscreen"));
    hermetic(&mut command, home);
    command
}

/// Gives `command` (the binary, or a wrapper such as `setpriv` that runs it) the home `home`.
pub fn hermetic<'a>(
    command: &'a mut std::process::Command,
    home: &Path,
) -> &'a mut std::process::Command {
    for (key, _) in std::env::vars_os() {
        let key_text = key.to_string_lossy();
        if key_text.starts_with("HUBSCREEN_") || key_text.starts_with("XDG_") {
            command.env_remove(&key);
        }
    }
    command
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("XDG_DATA_HOME", home.join(".local/share"))
        .env("XDG_STATE_HOME", home.join(".local/state"))
        .env("XDG_CACHE_HOME", home.join(".cache"))
}
