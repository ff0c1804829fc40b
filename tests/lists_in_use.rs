//! Which lists a run screens against (issue 15, items 2 and 3): the agency's own list is
//! screened on every run, installed official lists or not, `--list` or not; and a list that was
//! asked for and cannot be read stops screening instead of letting parties come out green.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::project;
use serde_json::Value;

/// A run of the binary in its own data directory, with `config` as the configuration (never
/// the developer's own).
fn hubscreen(data_dir: &Path, config: &Path, args: &[&str]) -> Output {
    common::hubscreen_at(data_dir)
        .arg("--data-dir")
        .arg(data_dir)
        .arg("--config")
        .arg(config)
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("HUBSCREEN_STORE")
        .output()
        .expect("hubscreen runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn write(path: &Path, text: &str) -> PathBuf {
    std::fs::write(path, text).unwrap();
    path.to_path_buf()
}

/// The entry ids of every party hit in a `screen --format json` report.
fn hit_ids(out: &Output) -> Vec<String> {
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            stderr(out)
        )
    });
    report["assessments"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|a| a["party_hits"].as_array().unwrap())
        .map(|h| h["entry_id"].as_str().unwrap().to_string())
        .collect()
}

/// Installs the bundled OFAC sample files as the official source `ofac-sdn`, through
/// `lists update` from `file://` addresses, as an agency with a mirror would.
fn install_ofac(data_dir: &Path, config: &Path, work: &Path) {
    let ofac = project("watchlists/ofac");
    let files: Vec<String> = ["sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv"]
        .iter()
        .map(|f| {
            format!(
                "{{ url = \"file://{}\", file = \"{f}\" }}",
                ofac.join(f).display()
            )
        })
        .collect();
    let sources = write(
        &work.join("sources.toml"),
        &format!(
            "[[source]]\nname = \"ofac-sdn\"\nfiles = [{}]\n",
            files.join(", ")
        ),
    );
    let out = hubscreen(
        data_dir,
        config,
        &[
            "lists",
            "update",
            "--sources",
            sources.to_str().unwrap(),
            "--only",
            "ofac-sdn",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn agency_list_is_still_screened_once_official_lists_are_installed() {
    let tmp = tempfile::tempdir().unwrap();
    let config = write(&tmp.path().join("config.toml"), "");
    let data = tmp.path().join("data");
    install_ofac(&data, &config, tmp.path());

    let out = hubscreen(
        &data,
        &config,
        &[
            "screen",
            "sample-manifests/feeder_jebel_ali.csv",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let ids = hit_ids(&out);
    assert!(
        ids.iter().any(|id| id.starts_with("HW-")),
        "the agency list's hits are gone: {ids:?}"
    );
    assert!(
        ids.iter().any(|id| !id.starts_with("HW-")),
        "the installed OFAC list screened too: {ids:?}"
    );
    let err = stderr(&out);
    assert!(
        err.contains("screening against:") && err.contains("HUB WATCHLIST"),
        "what is screened against is said on every run: {err}"
    );
}

#[test]
fn agency_list_is_still_screened_beside_a_list_given_on_the_command_line() {
    let tmp = tempfile::tempdir().unwrap();
    let config = write(&tmp.path().join("config.toml"), "");
    let out = hubscreen(
        &tmp.path().join("data"),
        &config,
        &[
            "screen",
            "sample-manifests/feeder_jebel_ali.csv",
            "--list",
            "watchlists/ofac",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(hit_ids(&out).iter().any(|id| id.starts_with("HW-")));
}

#[test]
fn the_agency_names_its_own_list_relative_to_its_config_or_none() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::copy(
        project("watchlists/agency/hub_watchlist.csv"),
        tmp.path().join("our_list.csv"),
    )
    .unwrap();
    let data = tmp.path().join("data");
    let run = |config: &Path| {
        hubscreen(
            &data,
            config,
            &[
                "screen",
                "sample-manifests/feeder_jebel_ali.csv",
                "--list",
                "watchlists/ofac",
                "--format",
                "json",
            ],
        )
    };
    // Started from another directory: the path is the config file's neighbour.
    let own = write(
        &tmp.path().join("own.toml"),
        "[lists]\nalways = [\"our_list.csv\"]\n",
    );
    let out = run(&own);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(hit_ids(&out).iter().any(|id| id.starts_with("HW-")));

    let none = write(&tmp.path().join("none.toml"), "[lists]\nalways = []\n");
    let out = run(&none);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let ids = hit_ids(&out);
    assert!(!ids.is_empty() && ids.iter().all(|id| !id.starts_with("HW-")));
}

#[test]
fn a_mistyped_list_path_refuses_to_screen_in_every_format() {
    let tmp = tempfile::tempdir().unwrap();
    let config = write(&tmp.path().join("config.toml"), "");
    for format in ["table", "csv", "json", "ndjson"] {
        let out = hubscreen(
            &tmp.path().join("data"),
            &config,
            &[
                "screen",
                "sample-manifests/feeder_jebel_ali.csv",
                "--list",
                "watchlists/ofca",
                "--format",
                format,
            ],
        );
        assert_eq!(out.status.code(), Some(2), "{format}: {}", stderr(&out));
        assert!(
            out.stdout.is_empty(),
            "{format}: no lane may be written: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        let err = stderr(&out);
        assert!(
            err.contains("watchlists/ofca") && err.contains("refusing to screen"),
            "{format}: {err}"
        );
    }
}

#[test]
fn a_configured_list_that_cannot_be_read_refuses_to_screen_and_to_store() {
    let tmp = tempfile::tempdir().unwrap();
    let config = write(
        &tmp.path().join("config.toml"),
        "[lists]\nalways = [\"gone/agency.csv\"]\n",
    );
    let data = tmp.path().join("data");
    let out = hubscreen(
        &data,
        &config,
        &["screen", "sample-manifests/feeder_jebel_ali.csv"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    assert!(stderr(&out).contains("gone/agency.csv"), "{}", stderr(&out));

    let names = common::hubscreen_at(&data)
        .arg("--data-dir")
        .arg(&data)
        .arg("--config")
        .arg(&config)
        .arg("screen-names")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(names.status.code(), Some(2), "{}", stderr(&names));

    let store = tmp.path().join("store.db");
    let out = hubscreen(
        &data,
        &config,
        &[
            "--store",
            store.to_str().unwrap(),
            "ingest",
            "sample-manifests/feeder_jebel_ali.csv",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("refusing to screen"),
        "{}",
        stderr(&out)
    );
}
