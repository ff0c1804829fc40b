//! Every list format through the same doors: `screen-names --list` accepts each, and a name
//! from each list is found by its own id, on our fixtures and on the real files when present.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use common::{fixture, shared};
use hubscreen::config::Config;
use hubscreen::lists::goods::GoodsLists;
use hubscreen::lists::{self, ListFormat, WatchList};
use hubscreen::screen::Screener;

/// One fixture per format, written in the official layout.
fn fixtures() -> Vec<(ListFormat, PathBuf)> {
    vec![
        (ListFormat::OfacCsv, fixture("ofac/sdn.csv")),
        (ListFormat::AgencyCsv, fixture("agency/hub.csv")),
        (ListFormat::CslCsv, fixture("csl/consolidated.csv")),
        (ListFormat::BisDpl, fixture("dpl/dpl.txt")),
        (ListFormat::UnXml, fixture("un/consolidated.xml")),
        (
            ListFormat::EuFsfCsv,
            fixture("eu/csvFullSanctionsList_1_1.csv"),
        ),
        (
            ListFormat::EuFsfXml,
            fixture("eu/xmlFullSanctionsList_1_1.xml"),
        ),
        (ListFormat::UkOfsiCsv, fixture("uk/ConList.csv")),
        (
            ListFormat::UkSanctionsListCsv,
            fixture("uk/UK-Sanctions-List.csv"),
        ),
        (
            ListFormat::OpenSanctionsFtm,
            fixture("ftm/entities.ftm.json"),
        ),
    ]
}

/// The real public files, one or more per format.
fn real_files() -> Vec<PathBuf> {
    [
        "lists/ofac/full_2021-07-07",
        "lists/ofac/consolidated_nonsdn_2025-12",
        "lists/csl_us/consolidated.csv",
        "lists/bis/dpl.txt",
        "lists/un/UN_consolidated.xml",
        "lists/eu/eu_fsf_csv_sample_first21cols.csv",
        "lists/uk/UK_Sanctions_List_2025-08-11.csv",
        "lists/uk/ofsi_conlist_sample_first30cols.csv",
        "lists/opensanctions/t1_entities.ftm.json",
        "lists/opensanctions/zala_entities.ftm.json",
    ]
    .iter()
    .filter_map(|p| shared(p))
    .collect()
}

/// Entries spread through the list: first, middle, last and a few between.
fn sample_entries(list: &WatchList) -> Vec<usize> {
    let n = list.entries.len();
    let mut picks: Vec<usize> = (0..8).map(|k| k * (n - 1) / 7).collect();
    picks.dedup();
    picks
}

/// Each sampled entry's primary name finds the entry itself, at (near) full score.
fn assert_found_by_own_id(path: &Path) {
    let lists = lists::load_path(path).unwrap_or_else(|e| panic!("{e}"));
    let screener = Screener::new(lists.clone(), GoodsLists::default(), Config::default());
    let mut checked = 0;
    for list in &lists {
        for i in sample_entries(list) {
            let e = &list.entries[i];
            let hits = screener.search_name(&e.name, 0.85);
            assert!(
                hits.iter()
                    .any(|h| h.list == list.name && h.entry_id == e.id && h.score >= 0.99),
                "{}: {} {:?} not found by its own id: {:?}",
                path.display(),
                e.id,
                e.name,
                hits.iter().take(3).collect::<Vec<_>>()
            );
            checked += 1;
        }
    }
    assert!(checked > 0, "{}: nothing checked", path.display());
}

#[test]
fn every_fixture_is_detected_as_its_format() {
    for (format, path) in fixtures() {
        let lists = lists::load_path(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(!lists.is_empty());
        for l in &lists {
            assert_eq!(l.format, format, "{}", path.display());
            assert!(!l.entries.is_empty());
            assert_eq!(l.content_hash.len(), 64, "{}", path.display());
        }
    }
}

#[test]
fn a_name_from_each_fixture_is_found_by_its_own_id() {
    for (_, path) in fixtures() {
        assert_found_by_own_id(&path);
    }
}

#[test]
fn a_name_from_each_real_list_is_found_by_its_own_id() {
    for path in real_files() {
        assert_found_by_own_id(&path);
    }
}

#[test]
fn screen_names_accepts_every_format() {
    for (_, path) in fixtures() {
        let lists = lists::load_path(&path).unwrap();
        let entry = &lists[0].entries[0];
        let mut child =
            common::hubscreen_at(&std::env::temp_dir().join("hubscreen-every-format-empty"))
                .args([
                    "screen-names",
                    "--list",
                    path.to_str().unwrap(),
                    "--format",
                    "ndjson",
                ])
                .env(
                    "HUBSCREEN_DATA_DIR",
                    std::env::temp_dir().join("hubscreen-every-format-empty"),
                )
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
        writeln!(child.stdin.take().unwrap(), "{}", entry.name).unwrap();
        let out = child.wait_with_output().unwrap();
        let line: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "{}: {e}: {}",
                path.display(),
                String::from_utf8_lossy(&out.stderr)
            )
        });
        let ids: Vec<&str> = line["hits"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|h| h["entry_id"].as_str())
            .collect();
        assert!(
            ids.contains(&entry.id.as_str()),
            "{}: {} not in {ids:?}",
            path.display(),
            entry.id
        );
    }
}
