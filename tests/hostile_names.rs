//! Names written to slip past the matcher, through the binary: a control or format character
//! inside a word (`MAB\0ROOKA`) must not split it, and a name of any length must cost only a
//! bounded amount of work. Either is said on the row it happened to.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};

use common::{fixture, project};
use serde_json::Value;

/// The characters an adversary or a copy-paste slips into a name: C0 controls, DEL, a C1
/// control, and format characters (zero-width space, soft hyphen, bidi override, BOM, word
/// joiner).
const HIDDEN: &[(char, &str)] = &[
    ('\u{0}', "U+0000"),
    ('\u{1}', "U+0001"),
    ('\u{8}', "U+0008"),
    ('\u{7f}', "U+007F"),
    ('\u{9b}', "U+009B"),
    ('\u{200b}', "U+200B"),
    ('\u{ad}', "U+00AD"),
    ('\u{202e}', "U+202E"),
    ('\u{feff}', "U+FEFF"),
    ('\u{2060}', "U+2060"),
];

/// A fresh directory of its own under the system temp dir.
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hubscreen-hostile-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn hubscreen(data_dir: &Path, args: &[&str], stdin: &[u8]) -> Output {
    let mut child = common::hubscreen_at(data_dir)
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("HUBSCREEN_DATA_DIR", data_dir)
        .env("HOME", data_dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("hubscreen runs");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

fn stdout_json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}); stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn answer_lines(out: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// `name` with `c` after its third character (inside the first word).
fn with_inside(name: &str, c: char) -> String {
    let at = name.char_indices().nth(3).map_or(name.len(), |(i, _)| i);
    format!("{}{c}{}", &name[..at], &name[at..])
}

/// The planted party hits of the feeder manifest, from its expected findings
/// (`tests/fixtures/sample-findings/`): (bill, list, entry id).
fn planted_parties() -> Vec<(String, String, String)> {
    let answers: Vec<Value> = serde_json::from_str(
        &std::fs::read_to_string(fixture("sample-findings/feeder_jebel_ali.expected.json"))
            .unwrap(),
    )
    .unwrap();
    answers
        .iter()
        .filter(|a| a["expect"] == "party")
        .map(|a| {
            (
                a["bill"].as_str().unwrap().to_string(),
                a["list"].as_str().unwrap().to_string(),
                a["entry_id"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn assessment<'a>(report: &'a Value, bill: &str) -> &'a Value {
    report["assessments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["bill_of_lading"] == bill)
        .unwrap_or_else(|| panic!("bill {bill} not in the report"))
}

#[test]
fn a_hidden_character_inside_a_listed_party_is_removed_screened_red_and_warned() {
    let data = temp_dir("manifest");
    let original =
        std::fs::read_to_string(project("sample-manifests/feeder_jebel_ali.csv")).unwrap();
    let manifest = original.clone();
    let baseline = hubscreen(
        &data,
        &[
            "screen",
            "sample-manifests/feeder_jebel_ali.csv",
            "--format",
            "json",
        ],
        b"",
    );
    let baseline = stdout_json(&baseline);
    let planted = planted_parties();
    assert!(planted.len() >= 5, "{planted:?}");
    // The party names that hit, as written on the manifest.
    let mut hit_names: Vec<(String, String, String, String)> = Vec::new();
    for (bill, list, id) in &planted {
        let a = assessment(&baseline, bill);
        assert_eq!(
            a["lane"], "red",
            "{bill} is red without any hidden character"
        );
        let hit = a["party_hits"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["list"] == list.as_str() && h["entry_id"] == id.as_str())
            .unwrap_or_else(|| panic!("{bill}: no hit on {list} {id}"));
        let name = hit["party_name"].as_str().unwrap().to_string();
        assert!(manifest.contains(&name), "{name} as written in the CSV");
        hit_names.push((bill.clone(), list.clone(), id.clone(), name));
    }
    for &(c, code) in HIDDEN {
        let mut text = manifest.clone();
        for (_, _, _, name) in &hit_names {
            text = text.replace(name.as_str(), &with_inside(name, c));
        }
        assert_ne!(text, original);
        let path = data.join("feeder.csv");
        std::fs::write(&path, &text).unwrap();
        let out = hubscreen(
            &data,
            &["screen", path.to_str().unwrap(), "--format", "json"],
            b"",
        );
        let err = String::from_utf8_lossy(&out.stderr);
        let report = stdout_json(&out);
        for (bill, list, id, name) in &hit_names {
            let a = assessment(&report, bill);
            assert_eq!(a["lane"], "red", "{code} inside {name:?} ({bill}): {a:#}");
            assert!(
                a["party_hits"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|h| h["list"] == list.as_str() && h["entry_id"] == id.as_str()),
                "{code} inside {name:?}: no hit on {list} {id}"
            );
            // The warning is on the bill's row: `feeder.csv:LINE: warning: ROLE_name: ...`.
            let line = 1 + text
                .lines()
                .position(|l| l.starts_with(bill.as_str()))
                .unwrap();
            let said = err.lines().any(|l| {
                (l.contains(&format!("feeder.csv:{line}:"))
                    || l.contains(&format!("feeder.csv:{line}-")))
                    && l.contains(": warning: ")
                    && l.contains("_name: 1 hidden character (")
                    && l.contains(&format!("({code}) removed before screening"))
            });
            assert!(said, "{code} in {bill} (line {line}) not warned:\n{err}");
        }
    }
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn screen_names_removes_hidden_characters_finds_the_name_and_says_which() {
    let data = temp_dir("names");
    let out = hubscreen(
        &data,
        &["screen-names", "--list", "watchlists/ofac", "--format", "ndjson"],
        "MAB\u{0}ROOKA TRADING CO LLC\nMABROOKA TRADING CO LLC\nMA\u{200b}B\u{202e}ROOKA TRADING CO LLC\n"
            .as_bytes(),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines = answer_lines(&out);
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["query"], "MAB\u{0}ROOKA TRADING CO LLC");
    assert_eq!(lines[0]["hits"][0]["entry_id"], "19254", "{}", lines[0]);
    assert_eq!(lines[0]["removed"], serde_json::json!(["U+0000"]));
    // An ordinary name's answer has no field it did not have before.
    assert_eq!(lines[1]["hits"][0]["entry_id"], "19254");
    assert!(lines[1].get("removed").is_none(), "{}", lines[1]);
    assert_eq!(lines[2]["hits"][0]["entry_id"], "19254", "{}", lines[2]);
    assert_eq!(lines[2]["removed"], serde_json::json!(["U+200B", "U+202E"]));
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn a_list_entry_with_a_zero_width_space_is_still_found_and_reported() {
    let data = temp_dir("list");
    let list = data.join("agency.csv");
    std::fs::write(
        &list,
        "id,name,aliases,type,country,reason,list\n\
         HX-0001,QAS\u{200b}RAWI TRADING FZE,,organization,AE,test entry,HUB WATCHLIST\n\
         HX-0002,ZAR\u{1}GHAMI SHIPPING,,organization,AE,test entry,HUB WATCHLIST\n",
    )
    .unwrap();
    let out = hubscreen(
        &data,
        &[
            "screen-names",
            "--list",
            list.to_str().unwrap(),
            "--format",
            "ndjson",
        ],
        b"QASRAWI TRADING FZE\nZARGHAMI SHIPPING\n",
    );
    let err = String::from_utf8_lossy(&out.stderr);
    let lines = answer_lines(&out);
    assert_eq!(lines[0]["hits"][0]["entry_id"], "HX-0001", "{err}");
    assert_eq!(lines[1]["hits"][0]["entry_id"], "HX-0002", "{err}");
    assert!(
        err.lines().any(|l| l.contains("agency.csv")
            && l.contains("HX-0001")
            && l.contains("1 hidden character (U+200B) removed before screening")),
        "{err}"
    );
    assert!(
        err.lines()
            .any(|l| l.contains("HX-0002") && l.contains("(U+0001)")),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn a_name_past_the_cap_is_screened_on_its_first_characters_and_said_cut() {
    let data = temp_dir("long");
    let long = format!("MABROOKA TRADING CO LLC {}", "X".repeat(100_000));
    let words = format!("MABROOKA TRADING CO LLC{}", " KHAN".repeat(40));
    let out = hubscreen(
        &data,
        &[
            "screen-names",
            "--list",
            "watchlists/ofac",
            "--format",
            "ndjson",
        ],
        format!("{long}\n{words}\nMABROOKA TRADING CO LLC\n").as_bytes(),
    );
    let lines = answer_lines(&out);
    assert_eq!(lines.len(), 3);
    assert_eq!(
        lines[0]["hits"][0]["entry_id"], "19254",
        "{}",
        lines[0]["hits"]
    );
    assert_eq!(lines[0]["truncated"], true);
    assert_eq!(lines[0]["original_chars"], 100_024);
    assert!(lines[0]["screened_chars"].as_u64().unwrap() < 1000);
    // Too many words: the first ones are screened, and the answer says how many.
    assert_eq!(lines[1]["truncated"], true, "{}", lines[1]);
    assert!(lines[1]["screened_words"].as_u64().unwrap() < 44);
    assert!(lines[2].get("truncated").is_none(), "{}", lines[2]);

    // On a manifest, the row says it.
    let manifest = data.join("long.json");
    let doc = serde_json::json!({"shipments": [{
        "bill_of_lading": "LONG0001",
        "parties": [{"role": "consignee", "name": long}]
    }]});
    std::fs::write(&manifest, doc.to_string()).unwrap();
    let out = hubscreen(
        &data,
        &[
            "screen",
            manifest.to_str().unwrap(),
            "--list",
            "watchlists/ofac",
            "--format",
            "json",
        ],
        b"",
    );
    let err = String::from_utf8_lossy(&out.stderr);
    let report = stdout_json(&out);
    assert_eq!(assessment(&report, "LONG0001")["lane"], "red", "{err}");
    assert!(
        err.lines().any(
            |l| l.contains("long.json#shipments[0]: warning: consignee_name: ")
                && l.contains("100024 characters")
        ),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&data);
}
