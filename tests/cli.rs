//! The `hubscreen` binary end to end, as a pipeline would run it: exit codes, output formats,
//! errors on stderr, and the planted hits of the sample manifests (their expected findings are
//! in `tests/fixtures/sample-findings/`).

mod common;

use std::io::Write;
use std::process::{Command, Output, Stdio};

use common::{fixture, project, shared};
use serde_json::Value;

/// A data directory with nothing installed, so that runs use the bundled sample lists
/// whatever the machine has installed. One for every run (it holds only the index cache of the
/// bundled lists, written atomically), so that runs do not leave one each behind.
fn empty_data_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join("hubscreen-cli-test-empty");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn hubscreen(args: &[&str]) -> Output {
    common::hubscreen_at(&empty_data_dir())
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("HUBSCREEN_DATA_DIR", empty_data_dir())
        .output()
        .expect("hubscreen runs")
}

fn hubscreen_stdin(args: &[&str], input: &str) -> Output {
    let mut child = common::hubscreen_at(&empty_data_dir())
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("HUBSCREEN_DATA_DIR", empty_data_dir())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("hubscreen runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Checks every planted item of a sample's expected findings
/// (`tests/fixtures/sample-findings/{sample}.expected.json`) against a `screen --format json`
/// report.
fn check_planted(report: &Value, sample: &str) {
    let findings = fixture(&format!("sample-findings/{sample}.expected.json"));
    let answers: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(&findings).unwrap()).unwrap();
    assert!(!answers.is_empty());
    let assessments = report["assessments"].as_array().unwrap();
    for a in &answers {
        let bill = a["bill"].as_str().unwrap();
        let found = assessments
            .iter()
            .find(|s| s["bill_of_lading"] == bill)
            .unwrap_or_else(|| panic!("planted bill {bill} not in the report"));
        let expect = a["expect"].as_str().unwrap();
        match expect {
            "party" => {
                let hit = found["party_hits"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|h| h["entry_id"] == a["entry_id"] && h["list"] == a["list"])
                    .unwrap_or_else(|| {
                        panic!(
                            "{bill}: no party hit on {} {}: {found:#}",
                            a["list"], a["entry_id"]
                        )
                    });
                assert!(
                    !hit["aligned"].as_array().unwrap().is_empty(),
                    "{bill}: hit without aligned tokens"
                );
                assert!(hit["score"].as_f64().unwrap() >= 0.85);
            }
            "goods" => {
                let id = a["entry_id"].as_str().unwrap();
                let hit = found["goods_hits"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|h| h["list"] == a["list"] && h.to_string().contains(id))
                    .unwrap_or_else(|| {
                        panic!("{bill}: no goods hit on {} {id}: {found:#}", a["list"])
                    });
                assert!(
                    hit["evidence"]["kind"].is_string(),
                    "{bill}: goods hit without evidence"
                );
            }
            "red_flag" => {
                // The expected findings name the rule id in `entry_id`.
                let rule = a["entry_id"].as_str().unwrap();
                assert!(
                    found["red_flags"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|f| f["rule"] == rule),
                    "{bill}: red flag {rule} did not fire: {found:#}"
                );
            }
            "clean" => {
                assert!(
                    found["party_hits"].as_array().unwrap().is_empty(),
                    "{bill} should have no party hit: {found:#}"
                );
                assert_ne!(found["lane"], "red", "{bill} should not be red");
                // A clean bill that names no near miss is ordinary goods on a route of
                // concern: no rule may select it for the route alone.
                if a["list"] == "" {
                    assert_eq!(
                        found["lane"], "green",
                        "{bill} should stay green: {found:#}"
                    );
                }
            }
            other => panic!("unknown expectation {other}"),
        }
        if expect != "clean" {
            assert_ne!(
                found["lane"], "green",
                "{bill}: planted item left in the green lane"
            );
            assert!(
                !found["reasons"].as_array().unwrap().is_empty(),
                "{bill}: no reasons given"
            );
        }
    }
}

#[test]
fn feeder_manifest_finds_every_planted_hit_and_says_why() {
    feeder_rendering_finds_every_planted_hit("sample-manifests/feeder_jebel_ali.csv");
}

/// The feeder's renderings in the formats shipping lines and filers send have the same
/// expected findings.
#[test]
fn feeder_as_cuscar_finds_every_planted_hit() {
    feeder_rendering_finds_every_planted_hit("sample-manifests/feeder_jebel_ali.edi");
}

#[test]
fn feeder_as_x12_309_finds_every_planted_hit() {
    feeder_rendering_finds_every_planted_hit("sample-manifests/feeder_jebel_ali.x12");
}

#[test]
fn feeder_as_xlsx_finds_every_planted_hit() {
    feeder_rendering_finds_every_planted_hit("sample-manifests/feeder_jebel_ali.xlsx");
}

/// The samples in the other formats, each with its expected findings: air waybills as Cargo-IMP, a
/// house waybill as Cargo-XML, an AMS release named by its header table.
#[test]
fn samples_in_every_other_format_find_their_planted_hits() {
    for (file, sample) in [
        ("sample-manifests/air_hkg_dxb_fwb.txt", "air_hkg_dxb_fwb"),
        (
            "sample-manifests/air_house_waybill.xml",
            "air_house_waybill",
        ),
        (
            "sample-manifests/ams_2020/ams__header_2020__202001061200.csv",
            "ams_2020",
        ),
    ] {
        let out = hubscreen(&["screen", file, "--format", "json"]);
        assert_eq!(out.status.code(), Some(0), "{file}: {}", stderr(&out));
        check_planted(&json(&out), sample);
    }
}

fn feeder_rendering_finds_every_planted_hit(file: &str) {
    let out = hubscreen(&["screen", file, "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = json(&out);
    assert!(report["assessments"].as_array().unwrap().len() >= 150);
    check_planted(&report, "feeder_jebel_ali");
}

#[test]
fn small_json_manifest_finds_its_planted_hits() {
    let out = hubscreen(&[
        "screen",
        "sample-manifests/small_manifest.json",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    check_planted(&json(&out), "small_manifest");
}

#[test]
fn unusual_headers_are_read_through_the_map_file() {
    let out = hubscreen(&[
        "screen",
        "sample-manifests/agent_export_semicolon.csv",
        "--map",
        "sample-manifests/agent_export.map.toml",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    check_planted(&json(&out), "agent_export_semicolon");
}

#[test]
fn malformed_csv_gives_file_line_errors_exit_2_and_screens_the_good_rows() {
    let out = hubscreen(&[
        "screen",
        fixture("manifests/malformed.csv").to_str().unwrap(),
        "--format",
        "ndjson",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    for line in 3..=7 {
        assert!(
            err.contains(&format!("malformed.csv:{line}: error:")),
            "line {line} not reported: {err}"
        );
    }
    let bills: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["bill_of_lading"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(bills, vec!["GOOD1", "GOOD3", "GOOD5"]);
}

#[test]
fn unreadable_list_is_loud_exit_2_and_nothing_is_screened() {
    // Screening on against the lists that did load would show every party of the missing
    // list green: the run refuses instead, names the list, and writes no lane.
    let out = hubscreen(&[
        "screen",
        "sample-manifests/feeder_jebel_ali.csv",
        "--list",
        "no-such-folder/sdn.csv",
        "--list",
        "watchlists/agency/hub_watchlist.csv",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("no-such-folder/sdn.csv"), "{err}");
    assert!(err.contains("refusing to screen"), "{err}");
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn a_manifest_that_cannot_be_read_does_not_stop_the_others() {
    let out = hubscreen(&[
        "screen",
        "no-such-manifest.csv",
        "sample-manifests/feeder_jebel_ali.csv",
        "--format",
        "csv",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no-such-manifest.csv"));
    let rows = String::from_utf8_lossy(&out.stdout).lines().count();
    assert!(rows > 150, "header + one row per shipment: {rows}");
}

#[test]
fn fail_on_sets_exit_code_for_pipelines() {
    let red = hubscreen(&[
        "screen",
        "sample-manifests/feeder_jebel_ali.csv",
        "--fail-on",
        "red",
    ]);
    assert_eq!(red.status.code(), Some(1));
    let clean = hubscreen(&[
        "screen",
        fixture("manifests/latin1.csv").to_str().unwrap(),
        "--encoding",
        "latin1",
        "--fail-on",
        "yellow",
    ]);
    assert_eq!(clean.status.code(), Some(0), "{}", stderr(&clean));
}

#[test]
fn screen_names_answers_one_line_per_name_in_order() {
    let out = hubscreen_stdin(
        &[
            "screen-names",
            "--list",
            "watchlists/ofac",
            "--format",
            "ndjson",
        ],
        "Nicolas MADURO MOROS\nnobody at all\nMABRUKA TRADING CO LLC\n",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let lines: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["query"], "Nicolas MADURO MOROS");
    assert_eq!(lines[0]["hits"][0]["entry_id"], "22790");
    assert_eq!(lines[0]["hits"][0]["list"], "OFAC SDN");
    assert_eq!(lines[0]["hits"][0]["name"], "MADURO MOROS, Nicolas");
    assert!(lines[1]["hits"].as_array().unwrap().is_empty());
    assert_eq!(lines[2]["hits"][0]["entry_id"], "19254");
    for l in &lines {
        let scores: Vec<f64> = l["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["score"].as_f64().unwrap())
            .collect();
        assert!(
            scores.windows(2).all(|w| w[0] >= w[1]),
            "sorted descending: {scores:?}"
        );
        assert!(scores.iter().all(|s| (0.0..=1.0).contains(s)));
    }
}

#[test]
fn screen_names_on_the_real_2021_ofac_set_finds_maduro_first() {
    let Some(dir) = shared("lists/ofac/full_2021-07-07") else {
        return;
    };
    let out = hubscreen_stdin(
        &[
            "screen-names",
            "--list",
            dir.to_str().unwrap(),
            "--format",
            "ndjson",
        ],
        "Nicolas MADURO MOROS\n",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let line: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(line["hits"][0]["entry_id"], "22790");
    assert!(line["hits"][0]["score"].as_f64().unwrap() >= 0.9);
}

#[test]
fn lists_show_json_reports_what_is_loaded() {
    let out = hubscreen(&[
        "lists",
        "show",
        "--list",
        "watchlists/ofac",
        "--list",
        "watchlists/agency",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let lists = json(&out);
    let lists = lists.as_array().unwrap();
    assert_eq!(lists.len(), 2);
    for l in lists {
        for key in [
            "name",
            "format",
            "version",
            "entries",
            "names",
            "content_hash",
        ] {
            assert!(!l[key].is_null(), "{key} missing in {l}");
        }
    }
    assert_eq!(lists[0]["name"], "OFAC SDN");
    assert_eq!(lists[0]["format"], "ofac_csv");
    assert!(lists[0]["names"].as_u64() > lists[0]["entries"].as_u64());
}

#[test]
fn bundled_lists_are_used_when_none_is_given() {
    let out = hubscreen(&["lists", "show", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let lists = json(&out);
    assert_eq!(lists[0]["version"], "bundled sample");
    assert!(
        lists[0]["files"][0]
            .as_str()
            .unwrap()
            .starts_with("bundled:watchlists/")
    );
}

#[test]
fn control_bytes_in_a_manifest_never_reach_the_terminal() {
    let out = hubscreen(&[
        "screen",
        fixture("manifests/hostile.json").to_str().unwrap(),
        "--all",
    ]);
    let text = String::from_utf8(out.stdout.clone()).unwrap();
    assert!(text.contains("ACME^[]0;pwned^G TRADING^["), "{text}");
    assert!(
        !out.stdout.iter().any(|&b| b == 0x1b || b == 0x07),
        "raw control bytes in the table"
    );
    assert!(!out.stderr.iter().any(|&b| b == 0x1b || b == 0x07));
}

#[test]
fn an_edifact_message_other_than_cuscar_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cuscar.edi");
    std::fs::write(
        &path,
        "UNA:+.? 'UNB+UNOA:2+SENDER+RECEIVER+950101:1200+1'UNH+1+BAPLIE:D:95B:UN'",
    )
    .unwrap();
    let out = hubscreen(&["screen", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("EDIFACT BAPLIE"), "{}", stderr(&out));
}

/// The dashboard's theme can come from the configuration file; a bad name there is refused
/// like a bad `--theme`.
#[test]
fn dashboard_theme_is_read_from_the_config() {
    let config: hubscreen::config::Config =
        toml::from_str("[dashboard]\ntheme = \"light\"\n").expect("config parses");
    assert_eq!(config.dashboard.theme.as_deref(), Some("light"));
    let options = |theme: Option<&str>| hubscreen::tui::Options {
        keymap: None,
        theme: theme.map(String::from),
        config: config.clone(),
        store: std::path::PathBuf::from("unused.db"),
        data_dir: std::path::PathBuf::from("unused"),
        user: "alice".into(),
        inbox: None,
        first_frame_exit: false,
        exercise: false,
    };
    if std::env::var_os("NO_COLOR").is_none() {
        let app = hubscreen::tui::build_app(&options(None), "alice".into()).unwrap();
        assert_eq!(app.theme.name, "light");
        let app =
            hubscreen::tui::build_app(&options(Some("high-contrast")), "alice".into()).unwrap();
        assert_eq!(
            app.theme.name, "high-contrast",
            "the flag wins over the file"
        );
    }
    assert!(toml::from_str::<hubscreen::config::Config>("[dashboard]\ncolour = 1\n").is_err());
}

/// Bills of the NDJSON lines on stdout, in order.
fn ndjson_bills(out: &Output) -> Vec<String> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["bill_of_lading"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
}

#[test]
fn what_is_not_a_regular_file_is_refused_and_the_others_are_screened() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("manifest.fifo");
    let made = Command::new("mkfifo").arg(&fifo).status();
    let mut args = vec![
        "screen".to_string(),
        dir.path().display().to_string(),
        "sample-manifests/small_manifest.json".to_string(),
    ];
    if cfg!(unix) {
        args.push("/dev/zero".into());
    }
    if made.is_ok_and(|s| s.success()) {
        args.push(fifo.display().to_string());
    }
    args.extend(["--format".into(), "ndjson".into()]);
    let out = hubscreen(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    for (what, kind) in [
        (dir.path().display().to_string(), "a folder"),
        ("/dev/zero".to_string(), "a device"),
        (fifo.display().to_string(), "a pipe (FIFO)"),
    ] {
        if args.contains(&what) {
            assert!(
                err.contains(&format!("{what}: {kind} is not a regular file")),
                "{what}: {err}"
            );
        }
    }
    assert_eq!(
        ndjson_bills(&out).len(),
        5,
        "the readable manifest is screened"
    );
}

#[test]
fn an_over_long_line_or_field_is_located_skipped_and_the_rest_is_screened() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.csv");
    let mut text = String::from("BL Number,Consignee,Goods Description\n");
    text.push_str("B1,BLUE SEA TRADING LLC,FROZEN FISH\n");
    text.push_str(&format!("B2,{},TILES\n", "A".repeat(2 * 1024 * 1024)));
    text.push_str(&format!(
        "B3,BLUE SEA TRADING LLC,{}\n",
        "PUMPS ".repeat(7000)
    ));
    text.push_str("B4,BLUE SEA TRADING LLC,CERAMIC TILES\n");
    std::fs::write(&path, text).unwrap();
    let out = hubscreen(&["screen", path.to_str().unwrap(), "--format", "ndjson"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("m.csv:3: error: line is longer than 1 MiB"),
        "{err}"
    );
    assert!(
        err.contains(
            "m.csv:4: error: field 3 (\"Goods Description\") is 42000 bytes long, more than the \
             32 KiB a field may hold; row skipped"
        ),
        "{err}"
    );
    assert_eq!(ndjson_bills(&out), ["B1", "B4"]);
}

#[test]
fn rows_of_one_bill_far_apart_are_one_shipment_when_streamed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.csv");
    std::fs::write(
        &path,
        "BL Number,Consignee,Goods Description\nB1,BLUE SEA,FISH\nB2,RED SEA,TILES\n\
         B1,BLUE SEA,PUMPS\n",
    )
    .unwrap();
    let out = hubscreen(&["screen", path.to_str().unwrap(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = json(&out);
    assert_eq!(report["files"][0]["shipments"], 2);
    let sources: Vec<(&str, &str)> = report["assessments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["bill_of_lading"].as_str().unwrap(),
                a["source"].as_str().unwrap().rsplit('/').next().unwrap(),
            )
        })
        .collect();
    // A shipment is written once its last row is read.
    assert_eq!(sources, [("B2", "m.csv:3"), ("B1", "m.csv:2-4")]);
    let mut keys: Vec<&String> = report.as_object().unwrap().keys().collect();
    keys.sort();
    assert_eq!(
        keys,
        ["assessments", "files", "goods_lists", "lists", "problems"]
    );
    // In the order of the report: what a reader needs first, problems last.
    let text = String::from_utf8_lossy(&out.stdout);
    let at: Vec<usize> = ["lists", "goods_lists", "files", "assessments", "problems"]
        .iter()
        .map(|k| text.find(&format!("\n  \"{k}\":")).unwrap())
        .collect();
    assert!(at.is_sorted(), "{at:?}");
}

/// The tests' runs never read the developer's own configuration: a `config.toml` in the shell's
/// config folder that names a missing always-screened list (which would stop every run with
/// exit 2) and a `HUBSCREEN_DATA_DIR` pointing into it change nothing once the run has its own
/// home.
#[test]
fn a_developers_own_config_does_not_reach_the_tests() {
    let developer = tempfile::tempdir().unwrap();
    let config_dir = developer.path().join("config/hubscreen");
    std::fs::create_dir_all(&config_dir).unwrap();
    std::fs::write(
        config_dir.join("config.toml"),
        "[lists]\nalways = [\"/nonexistent/agency.csv\"]\n",
    )
    .unwrap();
    let sample = project("sample-manifests/feeder_jebel_ali.csv");

    let mut leaky = Command::new(env!("CARGO_BIN_EXE_hubscreen"));
    leaky
        .env("HOME", developer.path())
        .env("XDG_CONFIG_HOME", developer.path().join("config"))
        .env("HUBSCREEN_DATA_DIR", developer.path().join("data"))
        .arg("screen")
        .arg(&sample);
    let out = leaky.output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "the planted config is read without a home of the test's own: {}",
        String::from_utf8_lossy(&out.stderr)
    );

    let home = tempfile::tempdir().unwrap();
    let out = common::hermetic(&mut leaky, home.path()).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("nonexistent"), "{stderr}");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
}

/// The table is laid out by terminal columns: a consignee written in Chinese or Korean (two
/// columns a character) or with combining accents leaves the route column where it is in every
/// other row.
#[test]
fn table_columns_line_up_with_wide_and_combining_characters() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = dir.path().join("wide.csv");
    std::fs::write(
        &manifest,
        "BL Number,Vessel,Shipper,Consignee,Port of Loading,Port of Discharge,Goods Description\n\
         WIDE0001,GULF SPIRIT,ACME,BASRA GATE GENERAL TRADING CO,CNSHA,AEJEA,TILES\n\
         WIDE0002,GULF SPIRIT,ACME,北京华信进出口有限公司,CNSHA,AEJEA,TILES\n\
         WIDE0003,GULF SPIRIT,ACME,한국무역주식회사 부산지사 수출입부,CNSHA,AEJEA,TILES\n\
         WIDE0004,GULF SPIRIT,ACME,Rau\u{301}l Castro Trading,CNSHA,AEJEA,TILES\n",
    )
    .unwrap();
    let out = hubscreen(&["screen", manifest.to_str().unwrap(), "--all"]);
    let table = String::from_utf8(out.stdout).unwrap();
    let columns_before_route: Vec<usize> = table
        .lines()
        .filter(|l| l.contains("WIDE000"))
        .map(|l| {
            let at = l.find("CNSHA").expect("route column");
            l[..at]
                .chars()
                .map(|c| match c {
                    '\u{300}'..='\u{36f}' => 0,
                    c if (c as u32) >= 0x1100 && !c.is_ascii() && c != '…' => 2,
                    _ => 1,
                })
                .sum()
        })
        .collect();
    assert_eq!(columns_before_route.len(), 4, "{table}");
    assert!(
        columns_before_route
            .iter()
            .all(|&c| c == columns_before_route[0]),
        "{columns_before_route:?}\n{table}"
    );
}

/// `screen` and `ingest` judge one manifest alike: a hit an officer marked false positive in
/// the store (a suppression) is not raised again by `screen` on the same store.
#[test]
fn screen_uses_the_stores_suppressions_as_ingest_does() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("config.toml"),
        "[workflow]\nallow_user_flag = true\n",
    )
    .unwrap();
    let run = |args: &[&str]| {
        common::hubscreen_at(d)
            .arg("--store")
            .arg(d.join("hubscreen.db"))
            .arg("--data-dir")
            .arg(d.join("data"))
            .arg("--config")
            .arg(d.join("config.toml"))
            .args(args)
            .output()
            .unwrap()
    };
    let manifest = project("sample-manifests/feeder_jebel_ali.csv");
    let manifest = manifest.to_str().unwrap();
    let hits_of = |bill: &str| -> Vec<String> {
        let out = run(&["screen", manifest, "--format", "json"]);
        let report: Value = serde_json::from_slice(&out.stdout).unwrap();
        report["assessments"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["bill_of_lading"] == bill)
            .unwrap()["party_hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["entry_id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(hits_of("GSPL26110067"), vec!["HW-0001"]);

    let out = run(&["ingest", manifest]);
    assert!(matches!(out.status.code(), Some(0 | 2)));
    let items: Value = serde_json::from_slice(&run(&["queue", "list", "--json"]).stdout).unwrap();
    let id = items
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["bill_of_lading"] == "GSPL26110067")
        .unwrap()["id"]
        .to_string();
    let out = run(&["queue", "claim", &id, "--user", "alice"]);
    assert_eq!(out.status.code(), Some(0));
    let out = run(&[
        "queue",
        "decide",
        &id,
        "--action",
        "false-positive",
        "--hit",
        "1",
        "--reason",
        "DIFFERENT-ENTITY",
        "--user",
        "alice",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        hits_of("GSPL26110067").is_empty(),
        "the cleared hit is raised again by screen"
    );
}
