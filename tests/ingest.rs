//! Manifest ingest on fixtures: header aliases, grouping of goods lines, `--map`, bad rows
//! reported with their line while good rows survive, encodings, JSON.

mod common;

use common::fixture;
use hubscreen::ingest::{self, ColumnMap, IngestOptions, ManifestFormat, Severity};
use hubscreen::model::PartyRole;
use hubscreen::source::Encoding;

fn read(name: &str, options: &IngestOptions) -> ingest::Ingested {
    ingest::ingest_path(&fixture(name), options).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn csv_columns_are_found_by_alias_and_rows_grouped_by_bill() {
    let got = read("manifests/aliases.csv", &IngestOptions::default());
    assert_eq!(got.format, ManifestFormat::Csv);
    let m = &got.manifest;
    assert_eq!(m.shipments.len(), 3);
    let bl1 = &m.shipments[0];
    assert_eq!(bl1.bill_of_lading, "BL001");
    assert_eq!(
        bl1.goods.len(),
        2,
        "a repeated bill number is another goods line"
    );
    assert_eq!(
        bl1.containers.len(),
        1,
        "the same container is not counted twice"
    );
    assert_eq!(
        bl1.source
            .as_deref()
            .map(|s| s.ends_with("aliases.csv:2-3")),
        Some(true)
    );
    assert_eq!(
        bl1.parties_in(PartyRole::Consignee).next().unwrap().name,
        "MABRUKA TRADING CO LLC"
    );
    assert_eq!(
        bl1.parties_in(PartyRole::Shipper).next().unwrap().name,
        "SHENZHEN BRIGHT STAR ELECTRONICS CO.,LTD"
    );
    assert!(
        bl1.parties_in(PartyRole::NotifyParty).next().is_none(),
        "SAME AS CONSIGNEE is not a party"
    );
    let line = &bl1.goods[0];
    assert_eq!(line.hs_code.as_ref().unwrap().digits(), "85423190");
    assert_eq!(line.quantity.as_ref().unwrap().value, 12.0);
    assert_eq!(line.quantity.as_ref().unwrap().unit.as_deref(), Some("CTN"));
    assert_eq!(line.gross_weight_kg, Some(1250.5));
    assert_eq!(bl1.routing.transshipment_ports, vec!["LKCMB"]);
    assert_eq!(
        bl1.routing.final_destination.as_deref(),
        Some("AEJEA"),
        "Place of Delivery"
    );
    let tea = &m.shipments[2];
    assert_eq!(
        tea.goods[0].hs_code.as_ref().unwrap().digits(),
        "090240",
        "leading zero kept"
    );
    // `Remarks` is not a known column: said once, not dropped silently.
    let unknown: Vec<_> = got
        .problems
        .iter()
        .filter(|p| p.message.contains("not recognised"))
        .collect();
    assert_eq!(unknown.len(), 1, "{:?}", got.problems);
    assert!(unknown[0].message.contains("\"Remarks\""));
    assert_eq!(unknown[0].severity, Severity::Warning);
}

#[test]
fn malformed_rows_are_reported_with_their_line_and_good_rows_survive() {
    let got = read("manifests/malformed.csv", &IngestOptions::default());
    let bills: Vec<&str> = got
        .manifest
        .shipments
        .iter()
        .map(|s| s.bill_of_lading.as_str())
        .collect();
    assert_eq!(bills, vec!["GOOD1", "GOOD3", "GOOD5"]);
    let located: Vec<(String, Severity)> = got
        .problems
        .iter()
        .map(|p| {
            (
                p.location.rsplit('/').next().unwrap().to_string(),
                p.severity,
            )
        })
        .collect();
    assert_eq!(
        located,
        vec![
            ("malformed.csv:3".to_string(), Severity::Error),
            ("malformed.csv:4".to_string(), Severity::Error),
            ("malformed.csv:5".to_string(), Severity::Error),
            ("malformed.csv:6".to_string(), Severity::Error),
            ("malformed.csv:7".to_string(), Severity::Error),
        ]
    );
    assert!(got.problems[0].message.contains("never closed"));
    assert!(got.problems[1].message.contains("field hs_code"));
    assert!(got.problems[2].message.contains("no bill of lading"));
    assert!(got.problems[3].message.contains("field quantity"));
    assert!(
        got.problems[4]
            .message
            .contains("expected 6 fields, found 7")
    );
    // GOOD3 lost its bad HS code but is still screened on its description.
    let good3 = &got.manifest.shipments[1];
    assert!(good3.goods[0].hs_code.is_none());
    assert_eq!(good3.goods[0].description, "FREQUENCY CHANGERS");
}

#[test]
fn unknown_layout_is_refused_until_mapped() {
    let err = ingest::ingest_path(&fixture("manifests/german.csv"), &IngestOptions::default())
        .unwrap_err();
    assert!(
        err.to_string().contains("no bill of lading column"),
        "{err}"
    );
    let options = IngestOptions {
        column_map: ColumnMap::load(&fixture("manifests/german.map.toml")).unwrap(),
        ..Default::default()
    };
    let got = read("manifests/german.csv", &options);
    assert!(got.problems.is_empty(), "{:?}", got.problems);
    let s = &got.manifest.shipments[0];
    assert_eq!(s.bill_of_lading, "DE-1");
    let cnee = s.parties_in(PartyRole::Consignee).next().unwrap();
    assert_eq!(cnee.name, "OJSC RUSSIAN ELECTRONICS");
    assert_eq!(cnee.country.as_deref(), Some("RU"));
    assert_eq!(
        got.manifest.shipments[1].parties[0].name,
        "Müller Maschinenbau GmbH"
    );
}

#[test]
fn map_file_naming_an_unknown_field_is_an_error() {
    let err = ColumnMap::parse("m.toml", "[columns]\n\"X\" = \"consignee_nmae\"\n").unwrap_err();
    assert!(err.to_string().contains("consignee_nmae"), "{err}");
    assert!(
        err.to_string().contains("consignee_name"),
        "lists the valid fields: {err}"
    );
}

#[test]
fn bytes_that_are_not_utf8_never_panic() {
    let lossy = read("manifests/latin1.csv", &IngestOptions::default());
    assert_eq!(lossy.manifest.shipments.len(), 1);
    assert!(lossy.problems[0].location.ends_with("latin1.csv:2"));
    assert!(lossy.problems[0].message.contains("--encoding latin1"));
    let latin1 = read(
        "manifests/latin1.csv",
        &IngestOptions {
            encoding: Some(Encoding::Latin1),
            ..Default::default()
        },
    );
    assert!(latin1.problems.is_empty());
    assert_eq!(
        latin1.manifest.shipments[0].parties[0].name,
        "SOCIÉTÉ GÉNÉRALE D'IMPORT"
    );
}

#[test]
fn json_manifest_keeps_raw_text() {
    let got = read("manifests/hostile.json", &IngestOptions::default());
    assert_eq!(got.format, ManifestFormat::Json);
    let name = &got.manifest.shipments[0].parties[0].name;
    assert!(
        name.contains("\u{1b}]0;pwned\u{7}"),
        "raw text is kept for the record: {name:?}"
    );
}

#[test]
fn format_is_detected_from_content_not_extension() {
    let dir = tempfile::tempdir().unwrap();
    let disguised = dir.path().join("manifest.txt");
    std::fs::copy(fixture("manifests/hostile.json"), &disguised).unwrap();
    let got = ingest::ingest_path(&disguised, &IngestOptions::default()).unwrap();
    assert_eq!(got.format, ManifestFormat::Json);
}

fn ingest_bytes(name: &str, bytes: &[u8]) -> Result<ingest::Ingested, ingest::IngestError> {
    ingest::ingest(
        &hubscreen::source::Source::from_bytes(name, bytes.to_vec()),
        &IngestOptions::default(),
    )
}

#[test]
fn a_bad_json_shipment_is_reported_with_its_path_and_the_others_are_screened() {
    let text = r#"{"shipments": [
  {"bill_of_lading": "B1", "parties": [{"role": "consignee", "name": "GOOD ONE"}]},
  {"bill_of_lading": "B2",
   "parties": [{"role": "consignee", "name": "BAD ONE", "country": 7}]},
  {"bill_of_lading": "B3", "goods": [{"description": "PUMPS"}]}
]}"#;
    let got = ingest_bytes("m.json", text.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    let bills: Vec<&str> = got
        .manifest
        .shipments
        .iter()
        .map(|s| s.bill_of_lading.as_str())
        .collect();
    assert_eq!(bills, ["B1", "B3"]);
    assert_eq!(got.problems.len(), 1, "{:?}", got.problems);
    let p = &got.problems[0];
    assert_eq!(p.severity, Severity::Error);
    assert_eq!(p.location, "m.json:4", "{p}");
    assert!(p.message.contains("shipments[1].parties[0].country"), "{p}");
    assert!(p.message.contains("B2"), "the bill is named: {p}");
}

#[test]
fn a_json_shipment_without_a_bill_number_is_skipped_not_fatal() {
    let text = r#"{"shipments": [{"bill_of_lading": " "}, {"bill_of_lading": "B2"}]}"#;
    let got = ingest_bytes("m.json", text.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(got.manifest.shipments.len(), 1);
    assert!(
        got.problems[0].message.contains("shipments[0]"),
        "{:?}",
        got.problems
    );
}

#[test]
fn a_broken_json_manifest_field_is_still_a_located_error() {
    let text =
        "{\"reference\": \"R\",\n \"conveyance\": {\"vessel_name\": 5},\n \"shipments\": []}";
    let err = ingest_bytes("m.json", text.as_bytes())
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("m.json:2:"), "{err}");
    assert!(err.contains("conveyance.vessel_name"), "{err}");
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut out = if big_endian {
        vec![0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE]
    };
    for unit in text.encode_utf16() {
        let b = if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        };
        out.extend(b);
    }
    out
}

#[test]
fn utf16_with_a_byte_order_mark_is_read() {
    let text = "BL Number,Consignee,Goods Description\nB1,MÜLLER GMBH,PUMPS\n";
    for big_endian in [false, true] {
        let got = ingest_bytes("m.csv", &utf16(text, big_endian)).unwrap_or_else(|e| panic!("{e}"));
        assert!(got.problems.is_empty(), "{:?}", got.problems);
        let s = &got.manifest.shipments[0];
        assert_eq!(s.bill_of_lading, "B1");
        assert_eq!(
            s.parties_in(PartyRole::Consignee).next().unwrap().name,
            "MÜLLER GMBH"
        );
    }
}

#[test]
fn an_html_page_is_called_html_even_after_blank_lines() {
    let page = b"\xEF\xBB\xBF\n\n  \r\n<!DOCTYPE html>\n<html><body>Session expired</body></html>";
    let err = ingest_bytes("m.csv", page).unwrap_err().to_string();
    assert!(err.contains("HTML page"), "{err}");
    assert!(!err.contains("XML"), "{err}");
}
