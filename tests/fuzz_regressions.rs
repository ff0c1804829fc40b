//! Inputs the fuzzers (`fuzz/`) found to break a reader, minimised, each with the behaviour
//! that is right for it.

use hubscreen::lists::ofac_csv::{self, OfacFileSet};
use hubscreen::lists::{self, DetectedKind};
use hubscreen::model::Severity;
use hubscreen::source::Source;

fn fixture(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn sdn_only(bytes: &[u8]) -> OfacFileSet {
    OfacFileSet {
        primary: Source::from_bytes("sdn.csv", bytes),
        addresses: None,
        aliases: None,
        comments: None,
        list_name: "OFAC SDN".into(),
        missing: Vec::new(),
    }
}

/// A repeated ent_num in `sdn.csv` indexed past the end of the entries (found by
/// `list_detect` and `list_ofac` within a second).
#[test]
fn ofac_sdn_with_a_repeated_ent_num_keeps_the_later_row_and_warns() {
    let sdn = "36,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n\
               173,\"ANGLO-CARIBBEAN CO., LTD.\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n\
               36,\"AEROCARIBBEAN AIRLINES S.A.\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n";
    let list = ofac_csv::read(&sdn_only(sdn.as_bytes())).expect("the list loads");
    let names: Vec<(&str, &str)> = list
        .entries
        .iter()
        .map(|e| (e.id.as_str(), e.name.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("36", "AEROCARIBBEAN AIRLINES S.A."),
            ("173", "ANGLO-CARIBBEAN CO., LTD.")
        ]
    );
    let warning = list
        .problems
        .iter()
        .find(|p| p.message.contains("ent_num 36 appears twice"))
        .expect("the repeat is reported");
    assert_eq!(warning.severity, Severity::Warning);
    assert_eq!(warning.location, "sdn.csv:3");
}

/// The minimised input as the fuzzer found it, through format detection.
#[test]
fn fuzz_found_ofac_input_with_a_repeated_ent_num_loads() {
    let bytes = fixture("list_detect-ofac-duplicate-ent-num");
    let source = Source::from_bytes("sdn.csv", bytes.clone());
    assert_eq!(lists::detect(&source), DetectedKind::OfacPrimary);
    // The minimised input also ends inside a quoted field: it is now refused as truncated
    // (issue 15 item 5), located, never a panic. The repeated id's warning on a whole file is
    // `ofac_sdn_with_a_repeated_ent_num_keeps_the_later_row_and_warns`.
    match ofac_csv::read(&sdn_only(&bytes)) {
        Err(lists::ListError::Truncated { location, .. }) => assert_eq!(location, "sdn.csv:4"),
        other => panic!("expected a located truncation, got {other:?}"),
    }
}

/// Found by replaying the fuzz corpora after the streaming reader was merged: detection cut
/// the first KiB of the text in the middle of a character and panicked.
#[test]
fn a_manifest_with_a_multibyte_character_across_its_first_kib_is_read() {
    let mut text = String::from("B/L No.,CNEE,Shipper Name\n");
    while text.len() < 1023 {
        text.push('x');
    }
    text.push_str("\u{fffd}\u{fffd},A,B\n");
    let source = hubscreen::source::Source::from_bytes("m.csv", text.into_bytes());
    // Reading may report problems; it must not panic.
    let _ = hubscreen::ingest::ingest(&source, &hubscreen::ingest::IngestOptions::default());
}

/// Found by the `ams` target: an identifier with a multi-byte character inside its first eight
/// bytes (the run date) panicked the order key, which cut the text at byte 8.
#[test]
fn ams_identifier_with_a_character_across_its_date_is_read_without_a_panic() {
    let bytes = fixture("ams-identifier-cut-inside-a-character");
    let dir = tempfile::tempdir().unwrap();
    for ((name, _), part) in hubscreen::ingest::ams::TABLES
        .iter()
        .zip(bytes.split(|&b| b == 0xFF))
    {
        std::fs::write(dir.path().join(format!("ams__{name}_2020__1.csv")), part).unwrap();
    }
    let header = dir.path().join("ams__header_2020__1.csv");
    // Read or refused, but never a panic.
    let _ = hubscreen::ingest::ingest_path(&header, &hubscreen::ingest::IngestOptions::default());
    // And such an identifier in a release of its own: read, in its place.
    let mut release = dir.path().to_path_buf();
    release.push("single");
    std::fs::create_dir_all(&release).unwrap();
    for (name, cols) in hubscreen::ingest::ams::TABLES {
        let body = match name {
            "header" => format!(
                "{}\n202001\u{fffd}60{}\n",
                cols.join(","),
                ",".repeat(cols.len() - 1)
            ),
            "billgen" => format!(
                "{}\n202001\u{fffd}60,M1{}\n",
                cols.join(","),
                ",".repeat(cols.len() - 2)
            ),
            _ => format!("{}\n", cols.join(",")),
        };
        std::fs::write(release.join(format!("ams__{name}_2020__1.csv")), body).unwrap();
    }
    let read = hubscreen::ingest::ingest_path(
        &release.join("ams__header_2020__1.csv"),
        &hubscreen::ingest::IngestOptions::default(),
    )
    .unwrap();
    assert_eq!(read.manifest.shipments[0].bill_of_lading, "M1");
}

/// Found by the `spreadsheet` target: a cell reference past Excel's grid made calamine's
/// position arithmetic overflow (a panic where overflow is checked). Such a workbook is now
/// refused before calamine reads it.
#[test]
fn a_workbook_naming_a_cell_past_the_grid_is_refused() {
    let bytes = fixture("spreadsheet-cell-reference-past-the-grid");
    let source = Source::from_bytes("m.xlsx", bytes);
    let err = hubscreen::ingest::ingest(&source, &hubscreen::ingest::IngestOptions::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("beyond Excel's grid"), "{err}");
}

/// Found by the `cargo_imp` target: a routing stop whose first three bytes end inside a
/// character.
#[test]
fn a_cargo_imp_routing_stop_in_another_script_is_read_without_a_panic() {
    let bytes = fixture("cargo_imp-routing-cut-inside-a-character");
    let text = String::from_utf8_lossy(&bytes);
    let result = hubscreen::ingest::cargo_imp::read("m.txt", &mut text.as_bytes(), &mut |_| Ok(()));
    assert!(result.is_ok());
}

/// Found by the `spreadsheet` target after the first fix: XML too broken for a parser (an
/// attribute holding `<`), which calamine still read past into a reference beyond the grid.
/// The check scans bytes now, not XML.
#[test]
fn a_workbook_with_broken_xml_and_a_reference_past_the_grid_is_refused() {
    let bytes = fixture("spreadsheet-broken-xml-with-a-reference-past-the-grid");
    let source = Source::from_bytes("m.xlsx", bytes);
    let err = hubscreen::ingest::ingest(&source, &hubscreen::ingest::IngestOptions::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("beyond Excel's grid"), "{err}");
}
