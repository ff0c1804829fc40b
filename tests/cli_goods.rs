//! `hubscreen goods`: installing the reference tables, what is in use, and look-ups at the desk,
//! as a targeter types them; and a screening run that shows the tables' text in its JSON.

use std::path::Path;
use std::process::{Command, Output};

fn hubscreen(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hubscreen"))
        .args(args)
        .env("HUBSCREEN_DATA_DIR", data)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/reference")
        .join(name)
        .display()
        .to_string()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `goods install` of the two fixture tables into `data`, which must succeed.
fn install_fixture_tables(data: &Path) -> Output {
    let out = hubscreen(
        data,
        &[
            "goods",
            "install",
            &fixture("hs_sample.csv"),
            &fixture("annex_sample.txt"),
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    out
}

#[test]
fn install_show_and_look_up_as_a_targeter_would() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let out = hubscreen(data, &["goods", "show"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let shown = text(&out.stdout);
    assert!(
        shown.contains("HS 2022 nomenclature       not installed"),
        "{shown}"
    );

    // A broken file is refused with its line, and nothing is installed.
    let broken = data.join("broken.csv");
    std::fs::write(
        &broken,
        "section,hscode,description,parent,level\nXVI,8458,Lathes,84,4\n",
    )
    .unwrap();
    let out = hubscreen(data, &["goods", "install", broken.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("broken.csv:2:"),
        "{}",
        text(&out.stderr)
    );
    assert!(!data.join("reference/hs2022.csv").exists());

    let out = install_fixture_tables(data);
    let said = text(&out.stdout);
    assert!(
        said.contains("installed HS 2022 nomenclature: 18 codes"),
        "{said}"
    );
    assert!(
        said.contains("installed EU dual-use list, Annex I: 3 entries"),
        "{said}"
    );

    let out = hubscreen(data, &["goods", "lookup", "8458.11"]);
    let found = text(&out.stdout);
    assert!(
        found.contains("Lathes; horizontal, numerically controlled"),
        "{found}"
    );
    assert!(found.contains("CHPL"), "a CHPL code says so: {found}");

    let out = hubscreen(data, &["goods", "lookup", "2B001"]);
    let found = text(&out.stdout);
    assert!(
        found.starts_with("2B001 (Wassenaar Arrangement)"),
        "{found}"
    );
    assert!(
        found.contains("not controlled: 2B001 does not control"),
        "{found}"
    );
    assert!(found.contains("keyword: CNC LATHE [en]"), "{found}");

    let out = hubscreen(data, &["goods", "lookup", "токарный", "станок"]);
    let found = text(&out.stdout);
    assert!(
        found.contains("2B001"),
        "a Russian description finds the lathe class: {found}"
    );

    let out = hubscreen(data, &["goods", "lookup", "8803.30", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["hs"]["hs2022"][0], "880730", "{json}");
}

#[test]
fn a_screening_run_carries_the_heading_text_and_the_control_entry_in_its_json() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    install_fixture_tables(data);
    let manifest = data.join("m.json");
    std::fs::write(
        &manifest,
        r#"{"shipments":[{"bill_of_lading":"T1","parties":[{"role":"consignee","name":"PLAYTIME TOYS LLC","country":"AE"}],
            "goods":[{"description":"CNC LATHE 2 AXIS","hs_code":"9503.00"}],
            "routing":{"port_of_loading":"CNSHA","port_of_discharge":"AEJEA"}}]}"#,
    )
    .unwrap();
    let out = hubscreen(
        data,
        &[
            "screen",
            manifest.to_str().unwrap(),
            "--format",
            "json",
            "--all",
        ],
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", text(&out.stderr)));
    let a = &json["assessments"][0];
    assert_eq!(a["declared_headings"][0]["texts"][0][0], "9503", "{a:#}");
    let hit = a["goods_hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["control"]["entry"] == "2B001")
        .unwrap_or_else(|| panic!("{a:#}"));
    assert_eq!(hit["control"]["regime"], "Wassenaar Arrangement");
    let flag = a["red_flags"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "description-contradicts-hs")
        .unwrap_or_else(|| panic!("{a:#}"));
    let detail = flag["detail"].as_str().unwrap();
    assert!(
        detail.contains("reads as lathes (\"CNC LATHE\"")
            && detail.contains("9503.00 \"Toys; tricycles"),
        "{detail}"
    );
}
