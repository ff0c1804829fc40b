//! `hubscreen lists update --from DIR` (issue 15, item 8): files carried in by hand are
//! recognised by their content, as `--list` recognises them, whatever they are called and
//! wherever in the folder they are; what is there is installed (OFAC companion files are
//! optional); and every file that was not used is named with the reason.

mod common;

use std::path::Path;
use std::process::Output;

use common::fixture;
use serde_json::Value;

/// `lists update --from usb` with the built-in sources (no sources file anywhere: HOME and
/// the config folder are the test's own), so nothing is fetched from the network.
fn update_from(data: &Path, usb: &Path, extra: &[&str]) -> Output {
    common::hubscreen_at(data)
        .arg("--data-dir")
        .arg(data)
        .args(["lists", "update", "--from"])
        .arg(usb)
        .args(extra)
        .env_remove("HUBSCREEN_STORE")
        .env("HOME", data)
        .env("XDG_CONFIG_HOME", data.join("config"))
        .output()
        .unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The sources installed in `data`, each with its entry count.
fn installed(data: &Path) -> Vec<(String, u64)> {
    let store = hubscreen::lists::update::ListStore::new(data);
    store
        .installed()
        .into_iter()
        .map(|i| (i.name, i.meta.entries as u64))
        .collect()
}

fn copy(from: &str, to: &Path) {
    std::fs::create_dir_all(to.parent().unwrap()).unwrap();
    std::fs::copy(fixture(from), to).unwrap();
}

#[test]
fn un_list_under_another_name_beside_the_csl_is_recognised_and_installed() {
    let data = tempfile::tempdir().unwrap();
    let usb = tempfile::tempdir().unwrap();
    copy("csl/consolidated.csv", &usb.path().join("consolidated.csv"));
    copy(
        "un/consolidated.xml",
        &usb.path().join("UN_consolidated.xml"),
    );
    std::fs::write(usb.path().join("readme.txt"), "lists of 2026-03-01\n").unwrap();
    let out = update_from(data.path(), usb.path(), &[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let names: Vec<String> = installed(data.path()).into_iter().map(|s| s.0).collect();
    assert_eq!(names, vec!["un-sc", "us-csl"], "{err}");
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("un-sc: installed"), "{said}");
    // Where the UN list came from, in the record.
    let un = hubscreen::lists::update::ListStore::new(data.path())
        .installed_meta("un-sc")
        .unwrap();
    assert!(
        un.origin[0].ends_with("UN_consolidated.xml"),
        "{:?}",
        un.origin
    );
    // The file that was not used is named, with why.
    let line = err
        .lines()
        .find(|l| l.contains("readme.txt"))
        .unwrap_or_else(|| panic!("readme.txt not named: {err}"));
    assert!(line.contains("not used"), "{line}");
    assert!(line.contains("not a list"), "{line}");
}

#[test]
fn a_folder_named_after_the_source_is_read_whatever_its_file_is_called() {
    let data = tempfile::tempdir().unwrap();
    let usb = tempfile::tempdir().unwrap();
    copy(
        "un/consolidated.xml",
        &usb.path().join("un-sc/sc-sanctions-2026-03-01.xml"),
    );
    let out = update_from(data.path(), usb.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(installed(data.path()).len(), 1, "{}", stderr(&out));
    assert_eq!(installed(data.path())[0].0, "un-sc");

    // Pointing --from at the folder itself works too.
    let data = tempfile::tempdir().unwrap();
    let out = update_from(data.path(), &usb.path().join("un-sc"), &["--only", "un-sc"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(installed(data.path())[0].0, "un-sc");
}

#[test]
fn a_folder_with_no_list_names_every_file_and_what_was_looked_for() {
    let data = tempfile::tempdir().unwrap();
    let usb = tempfile::tempdir().unwrap();
    std::fs::create_dir(usb.path().join("un-sc")).unwrap();
    std::fs::write(
        usb.path().join("un-sc/list.xml"),
        "<html><body>Login</body></html>",
    )
    .unwrap();
    std::fs::write(usb.path().join("notes.txt"), "nothing here\n").unwrap();
    let out = update_from(data.path(), usb.path(), &[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    for file in ["list.xml", "notes.txt"] {
        assert!(
            err.lines()
                .any(|l| l.contains(file) && l.contains("not used")),
            "{file} not named: {err}"
        );
    }
    // What would have been used: each source with its file names and formats.
    for expected in ["un-sc", "consolidated.xml", "ofac-sdn", "sdn.csv", "us-csl"] {
        assert!(err.contains(expected), "{expected} not said: {err}");
    }
    assert!(installed(data.path()).is_empty());
}

#[test]
fn a_lone_sdn_csv_installs_with_a_warning_that_aliases_and_addresses_are_missing() {
    let data = tempfile::tempdir().unwrap();
    let usb = tempfile::tempdir().unwrap();
    copy("ofac/sdn.csv", &usb.path().join("sdn.csv"));
    let out = update_from(data.path(), usb.path(), &[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let sources = installed(data.path());
    assert_eq!(sources.len(), 1, "{err}");
    assert_eq!(sources[0].0, "ofac-sdn");
    assert!(sources[0].1 > 0);
    assert!(
        err.contains("ofac-sdn") && err.contains("add.csv") && err.contains("alt.csv"),
        "{err}"
    );
    assert!(
        err.contains("aliases") && err.contains("addresses"),
        "{err}"
    );
}

#[test]
fn ofac_files_under_their_official_upper_case_names_go_to_their_own_sets() {
    let data = tempfile::tempdir().unwrap();
    let usb = tempfile::tempdir().unwrap();
    for (from, to) in [
        ("ofac/sdn.csv", "SDN.CSV"),
        ("ofac/add.csv", "ADD.CSV"),
        ("ofac/alt.csv", "ALT.CSV"),
        ("ofac/sdn_comments.csv", "SDN_COMMENTS.CSV"),
    ] {
        copy(from, &usb.path().join(to));
    }
    let out = update_from(data.path(), usb.path(), &[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let current = hubscreen::lists::update::ListStore::new(data.path())
        .current_dir("ofac-sdn")
        .unwrap();
    for f in ["sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv"] {
        assert!(current.join(f).is_file(), "{f}: {err}");
    }
    assert!(!err.contains("not used"), "{err}");
    let shown: Value = serde_json::from_slice(
        &common::hubscreen_at(data.path())
            .arg("--data-dir")
            .arg(data.path())
            .args(["lists", "show", "--format", "json"])
            .env("HOME", data.path())
            .env("XDG_CONFIG_HOME", data.path().join("config"))
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(
        shown
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["source"] == "ofac-sdn"
                && !l["problems"].to_string().contains("not found")
                && l["weak_aliases"].as_u64() > Some(0)),
        "{shown}"
    );
}

#[test]
fn two_files_that_fit_one_source_equally_are_never_chosen_between() {
    let data = tempfile::tempdir().unwrap();
    let usb = tempfile::tempdir().unwrap();
    copy("un/consolidated.xml", &usb.path().join("un-march.xml"));
    copy("un/consolidated.xml", &usb.path().join("un-april.xml"));
    let out = update_from(data.path(), usb.path(), &[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    let failed = err
        .lines()
        .find(|l| l.starts_with("un-sc: FAILED"))
        .unwrap_or_else(|| panic!("{err}"));
    assert!(
        failed.contains("un-march.xml") && failed.contains("un-april.xml"),
        "{failed}"
    );
    for file in ["un-march.xml", "un-april.xml"] {
        assert!(
            err.lines()
                .any(|l| l.contains(file) && l.contains("not used")),
            "{err}"
        );
    }
    assert!(installed(data.path()).is_empty());

    // In a folder named after the source, the one to use is clear.
    std::fs::create_dir(usb.path().join("un-sc")).unwrap();
    std::fs::rename(
        usb.path().join("un-april.xml"),
        usb.path().join("un-sc/un-april.xml"),
    )
    .unwrap();
    let out = update_from(data.path(), usb.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let un = hubscreen::lists::update::ListStore::new(data.path())
        .installed_meta("un-sc")
        .unwrap();
    assert!(
        un.origin[0].ends_with("un-sc/un-april.xml"),
        "{:?}",
        un.origin
    );
}

/// The dashboard's list update (`u`, then a folder): what it installed, a line per source,
/// the files it did not use, and a folder with nothing it knows is an error that says so.
#[test]
fn the_dashboard_installs_carried_lists_and_names_what_it_did_not_use() {
    use hubscreen::tui::data::DashboardBackend;
    let dir = tempfile::tempdir().unwrap();
    let usb = tempfile::tempdir().unwrap();
    copy(
        "un/consolidated.xml",
        &usb.path().join("UN_consolidated.xml"),
    );
    std::fs::write(usb.path().join("readme.txt"), "lists of 2026-03-01\n").unwrap();
    let backend = hubscreen::tui::store_backend::StoreBackend::open(
        &dir.path().join("hubscreen.db"),
        &dir.path().join("data"),
        hubscreen::config::Config::default(),
        std::sync::Arc::new(chrono::Utc::now),
    )
    .unwrap();
    let report = backend
        .update_lists(Some(usb.path()), "alice", &|_| {})
        .unwrap();
    assert_eq!((report.installed, report.failed), (1, 0), "{report:?}");
    assert!(
        report
            .sources
            .iter()
            .any(|l| l.starts_with("un-sc: ") && l.contains("entries")),
        "{report:?}"
    );
    assert!(
        report
            .sources
            .iter()
            .any(|l| l.contains("readme.txt") && l.contains("not used")),
        "{report:?}"
    );

    let empty = tempfile::tempdir().unwrap();
    let err = backend
        .update_lists(Some(empty.path()), "alice", &|_| {})
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("no list to install was recognised in"),
        "{err}"
    );
}
