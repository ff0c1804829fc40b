//! Replays every committed fuzz corpus file (`fuzz/corpus/<target>/*`) through the reader its
//! target feeds, so that the inputs the fuzzers found keep being exercised on the stable
//! toolchain without cargo-fuzz. The targets themselves are `fuzz/src/lib.rs`, included here.

#[path = "../fuzz/src/lib.rs"]
mod fuzz_targets;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn corpus_dir(target: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target)
}

/// Runs every corpus file of `target`; returns how many there were.
fn replay(target: &str) -> usize {
    let (_, run) = fuzz_targets::TARGETS
        .iter()
        .find(|(name, _)| *name == target)
        .unwrap_or_else(|| panic!("no fuzz target named {target}"));
    let dir = corpus_dir(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("corpus entry").path())
        .collect();
    files.sort();
    for file in &files {
        let bytes = std::fs::read(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let started = Instant::now();
        run(&bytes);
        // The fuzzers' limit is 10 s per input in a release build; a debug build gets the same
        // budget here, so only a real hang fails (the message names the file).
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{target}: {} took {:?}",
            file.display(),
            started.elapsed()
        );
    }
    files.len()
}

#[test]
fn every_target_has_a_seeded_corpus_and_every_corpus_a_target() {
    for (name, _) in fuzz_targets::TARGETS {
        let dir = corpus_dir(name);
        let n = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .count();
        assert!(n > 0, "{} is empty: run fuzz/seed.sh", dir.display());
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    for entry in std::fs::read_dir(&root).expect("fuzz/corpus") {
        let name = entry.expect("corpus folder").file_name();
        let name = name.to_string_lossy();
        assert!(
            fuzz_targets::TARGETS.iter().any(|(t, _)| *t == name),
            "fuzz/corpus/{name} has no target in fuzz/src/lib.rs"
        );
    }
}

macro_rules! replay_tests {
    ($($target:ident),* $(,)?) => {$(
        #[test]
        fn $target() {
            assert!(replay(stringify!($target)) > 0);
        }
    )*};
}

replay_tests!(
    edifact,
    x12,
    cuscar,
    x12_309,
    spreadsheet,
    cargo_imp,
    cargo_xml,
    ams,
    manifest_csv,
    manifest_json,
    manifest_detect,
    list_detect,
    list_ofac,
    list_csl,
    list_un_xml,
    list_eu_csv,
    list_eu_xml,
    list_uk_ofsi,
    list_uk_sanctions,
    list_bis_dpl,
    list_ftm,
    list_agency,
    goods,
    sources_toml,
    config_toml,
    column_map,
    keymap,
    rule_pack,
    goods_reference,
    exercise_bundle,
);
