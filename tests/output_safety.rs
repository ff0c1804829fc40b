//! Output that must not attack its reader: every format `hubscreen` writes keeps hostile
//! manifest text inert (no raw control, C1 or bidi-override characters; JSON escapes them and
//! gives the text back when parsed), CSV cells cannot start a spreadsheet formula, a reader
//! that stops early (`| head`) is not an error, and a threshold outside [0, 1] is refused.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use common::{fixture, project};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// The fixture's bill of lading: a formula, an OSC title sequence, a C1 CSI and a bidi
/// override.
const HOSTILE_BILL: &str = "=HYPERLINK(\"x\")\u{1b}]0;pwned\u{7}\u{9b}31m\u{202e}EVIL1";

/// Runs the binary with its own data directory, store and config under `dir`.
fn run(dir: &Path, args: &[&str]) -> Output {
    command(dir, args).output().expect("hubscreen runs")
}

fn command(dir: &Path, args: &[&str]) -> Command {
    let mut c = common::hubscreen_at(dir);
    c.arg("--store")
        .arg(dir.join("hubscreen.db"))
        .arg("--data-dir")
        .arg(dir.join("data"))
        .arg("--config")
        .arg(dir.join("config.toml"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("HUBSCREEN_STORE")
        .env("HOME", dir);
    c
}

/// A temporary folder with an empty configuration.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("config.toml"), "").unwrap();
    dir
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn hostile_manifest() -> PathBuf {
    fixture("manifests/hostile_output.json")
}

/// Every character in `bytes` that could steer a terminal or reorder what a reader sees:
/// C0 controls but line ends, DEL, C1 controls, bidi overrides and isolates.
fn unsafe_chars(bytes: &[u8]) -> Vec<char> {
    String::from_utf8_lossy(bytes)
        .chars()
        .filter(|&c| {
            (c.is_control() && c != '\n' && c != '\r')
                || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        })
        .collect()
}

fn assert_inert(what: &str, o: &Output) {
    let bad = unsafe_chars(&o.stdout);
    assert!(
        bad.is_empty(),
        "{what}: raw {bad:?} in the output:\n{}",
        String::from_utf8_lossy(&o.stdout)
    );
}

/// Ingests the hostile manifest (its consignee is on the bundled agency list, so it is
/// queued) and returns the queue item's id.
fn store_with_hostile_item(dir: &Path) -> String {
    let o = run(dir, &["ingest", hostile_manifest().to_str().unwrap()]);
    assert!(matches!(o.status.code(), Some(0 | 2)), "{}", text(&o));
    let o = run(dir, &["queue", "list", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let items: Value = serde_json::from_slice(&o.stdout).unwrap();
    items[0]["id"].to_string()
}

#[test]
fn screen_csv_json_and_ndjson_never_write_raw_control_or_bidi_characters() {
    let dir = workspace();
    let manifest = hostile_manifest();
    for format in ["csv", "json", "ndjson"] {
        let o = run(
            dir.path(),
            &["screen", manifest.to_str().unwrap(), "--format", format],
        );
        assert!(matches!(o.status.code(), Some(0 | 2)), "{}", text(&o));
        assert_inert(format, &o);
    }
}

#[test]
fn screen_csv_shows_the_escape_sequence_in_caret_notation() {
    let dir = workspace();
    let o = run(
        dir.path(),
        &[
            "screen",
            hostile_manifest().to_str().unwrap(),
            "--format",
            "csv",
        ],
    );
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.contains("^[]0;pwned^G"), "{out}");
    assert!(out.contains("\\u{9b}31m\\u{202e}EVIL1"), "{out}");
}

#[test]
fn escaped_json_parses_back_to_the_original_text() {
    let dir = workspace();
    let manifest = hostile_manifest();
    let o = run(
        dir.path(),
        &["screen", manifest.to_str().unwrap(), "--format", "json"],
    );
    let report: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(report["assessments"][0]["bill_of_lading"], HOSTILE_BILL);
    let o = run(
        dir.path(),
        &["screen", manifest.to_str().unwrap(), "--format", "ndjson"],
    );
    let line: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(line["bill_of_lading"], HOSTILE_BILL);
}

#[test]
fn store_outputs_never_write_raw_control_or_bidi_characters() {
    let dir = workspace();
    let d = dir.path();
    let id = store_with_hostile_item(d);
    for args in [
        vec!["queue", "list"],
        vec!["queue", "list", "--json"],
        vec!["queue", "show", &id],
        vec!["queue", "show", &id, "--json"],
        vec!["queue", "export", &id, "--format", "json"],
        vec!["queue", "export", &id, "--format", "md"],
        vec!["audit", "export"],
    ] {
        let o = run(d, &args);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", text(&o));
        assert_inert(&args.join(" "), &o);
    }

    let o = run(d, &["queue", "show", &id, "--json"]);
    let detail: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(detail["item"]["bill_of_lading"], HOSTILE_BILL);
    let o = run(d, &["queue", "export", &id, "--format", "json"]);
    let package: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(package["shipment"]["bill_of_lading"], HOSTILE_BILL);
    assert_eq!(
        package["shipment"]["goods"][0]["description"],
        "+CNC MACHINING CENTRES \u{202e}SEIRAD\u{202c} \u{7f}"
    );
    let o = run(d, &["queue", "export", &id, "--format", "md"]);
    let md = String::from_utf8(o.stdout).unwrap();
    assert!(md.contains("^[]0;pwned^G\\u{9b}31m\\u{202e}EVIL1"), "{md}");
}

/// An export is checked outside hubscreen as the README says: parse each line, recompute the
/// record's hash over `[seq, at, user, action, item, old, new, prev_hash]` in serde_json's
/// compact form, chain them from 64 zeros and compare the last with the trailer's head.
#[test]
fn escaped_audit_export_still_verifies_outside_hubscreen() {
    let dir = workspace();
    let d = dir.path();
    store_with_hostile_item(d);
    let o = run(d, &["audit", "export"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let text = String::from_utf8(o.stdout).unwrap();
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let (trailer, records) = lines.split_last().unwrap();
    // The stored JSON text escapes C0 controls itself; the C1 CSI and the bidi override are
    // raw in it, and the export must write them escaped yet hash them as they are.
    assert!(
        records.iter().any(|r| {
            let new = r["new"].as_str().unwrap_or("");
            new.contains("EVIL1") && new.contains('\u{9b}') && new.contains('\u{202e}')
        }),
        "no record carries the hostile bill"
    );
    let mut prev = "0".repeat(64);
    for r in records {
        assert_eq!(r["prev_hash"], prev.as_str());
        let canonical = serde_json::json!([
            r["seq"],
            r["at"],
            r["user"],
            r["action"],
            r["item"],
            r["old"],
            r["new"],
            prev
        ]);
        let hash: String = Sha256::digest(canonical.to_string().as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(r["hash"], hash.as_str(), "record {}", r["seq"]);
        prev = hash;
    }
    assert_eq!(trailer["audit_head"]["hash"], prev.as_str());
}

fn csv_rows(bytes: &[u8]) -> Vec<csv::StringRecord> {
    csv::Reader::from_reader(bytes)
        .records()
        .map(Result::unwrap)
        .collect()
}

/// A cell a spreadsheet would take for a formula (OWASP's list).
fn is_formula(cell: &str) -> bool {
    cell.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

#[test]
fn screen_csv_cells_cannot_start_a_formula() {
    let dir = workspace();
    let o = run(
        dir.path(),
        &[
            "screen",
            hostile_manifest().to_str().unwrap(),
            "--format",
            "csv",
        ],
    );
    let rows = csv_rows(&o.stdout);
    assert_eq!(rows.len(), 1);
    let formulas: Vec<&str> = rows[0].iter().filter(|c| is_formula(c)).collect();
    assert!(formulas.is_empty(), "{formulas:?}");
    assert!(rows[0][1].starts_with("'=HYPERLINK"), "{:?}", &rows[0]);
}

#[test]
fn screen_csv_reasons_cell_says_points_without_a_leading_plus() {
    let dir = workspace();
    let o = run(
        dir.path(),
        &[
            "screen",
            project("sample-manifests/feeder_jebel_ali.csv")
                .to_str()
                .unwrap(),
            "--format",
            "csv",
        ],
    );
    let rows = csv_rows(&o.stdout);
    let reasons: Vec<&str> = rows
        .iter()
        .map(|r| &r[8])
        .filter(|c| !c.is_empty())
        .collect();
    assert!(reasons.len() > 5, "{reasons:?}");
    for r in &reasons {
        assert!(!is_formula(r), "{r}");
        assert!(!r.starts_with('\''), "{r}: needs no quote");
        assert!(r.split(" | ").all(|part| part.contains(" pts: ")), "{r}");
    }
}

/// Runs `args` with stdout a pipe whose reading end is already closed, as `| head` leaves it.
fn run_with_closed_stdout(dir: &Path, args: &[&str]) -> Output {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let child = command(dir, args)
        .stdin(Stdio::piped())
        .stdout(writer)
        .stderr(Stdio::piped())
        .spawn()
        .expect("hubscreen runs");
    let mut child = child;
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        let _ = stdin.write_all(b"MABROOKA TRADING CO LLC\nGULF HORIZON TRADING\n");
    }
    child.wait_with_output().unwrap()
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    let dir = workspace();
    let d = dir.path();
    let id = store_with_hostile_item(d);
    let feeder = project("sample-manifests/feeder_jebel_ali.csv");
    let feeder = feeder.to_str().unwrap();
    let mut commands: Vec<Vec<&str>> = Vec::new();
    for format in ["table", "json", "ndjson", "csv"] {
        commands.push(vec!["screen", feeder, "--all", "--format", format]);
    }
    commands.extend([
        vec!["screen-names"],
        vec!["lists", "show"],
        vec!["lists", "show", "--format", "json"],
        vec!["lists", "diff"],
        vec!["lists", "diff", "--format", "json"],
        vec!["eval", "--per-kind", "20"],
        vec!["eval", "--per-kind", "20", "--format", "json"],
        vec!["queue", "list"],
        vec!["queue", "list", "--json"],
        vec!["queue", "show", &id],
        vec!["queue", "show", &id, "--json"],
        vec!["queue", "export", &id, "--format", "json"],
        vec!["queue", "export", &id, "--format", "md"],
        vec!["queue", "stats"],
        vec!["audit", "export"],
        vec!["audit", "verify"],
        vec!["audit", "verify", "--json"],
        vec!["audit", "anchor"],
    ]);
    for args in &commands {
        let o = run_with_closed_stdout(d, args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {err}");
        assert!(
            !err.contains("Broken pipe") && !err.contains("panicked"),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn ingest_with_a_closed_stdout_still_stores_every_file() {
    let dir = workspace();
    let d = dir.path();
    let small = project("sample-manifests/small_manifest.json");
    let o = run_with_closed_stdout(
        d,
        &[
            "ingest",
            hostile_manifest().to_str().unwrap(),
            small.to_str().unwrap(),
        ],
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(matches!(o.status.code(), Some(0 | 2)), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    let o = run(d, &["audit", "export"]);
    let export = String::from_utf8_lossy(&o.stdout);
    for file in ["hostile_output.json", "small_manifest.json"] {
        assert!(export.contains(file), "{file} was not stored: {err}");
    }
}

#[test]
fn a_threshold_outside_zero_to_one_or_nan_is_refused() {
    let dir = workspace();
    for command in ["eval", "screen-names"] {
        for value in ["2", "-0.1", "NaN", "nan", "inf"] {
            let o = run(dir.path(), &[command, &format!("--threshold={value}")]);
            assert_eq!(o.status.code(), Some(2), "{command} {value}: {}", text(&o));
            let err = String::from_utf8_lossy(&o.stderr);
            assert!(
                err.contains("--threshold") && err.contains("between 0 and 1"),
                "{command} {value}: {err}"
            );
            assert!(o.stdout.is_empty(), "{command} {value}: {}", text(&o));
        }
    }
}

#[test]
fn config_thresholds_and_weights_that_are_nan_or_out_of_range_are_refused() {
    let dir = workspace();
    let d = dir.path();
    for (setting, field) in [
        ("party_threshold = nan", "party_threshold"),
        ("strong_threshold = 1.5", "strong_threshold"),
        ("country_agrees = nan", "country_agrees"),
        ("country_agrees = -0.5", "country_agrees"),
        ("country_differs = inf", "country_differs"),
        ("country_differs = 2.0", "country_differs"),
    ] {
        std::fs::write(d.join("config.toml"), format!("[screening]\n{setting}\n")).unwrap();
        let o = run(d, &["lists", "show"]);
        assert_eq!(o.status.code(), Some(2), "{setting}: {}", text(&o));
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains(&format!("screening.{field}")) && err.contains("between 0 and 1"),
            "{setting}: {err}"
        );
    }
}
