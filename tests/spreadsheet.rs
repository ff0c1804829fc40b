//! Workbooks: an agent's XLSX (title and voyage rows, headings as agents write them, name and
//! address in one cell, HS codes stored as numbers) read without `--map`; the same sheet as
//! ODS; the feeder sample as XLSX reads as its CSV; files that only look like workbooks.

mod common;

use hubscreen::ingest::{self, IngestOptions, Ingested, ManifestFormat};
use hubscreen::model::{PartyRole, Shipment};
use hubscreen::source::Source;

fn read(path: &str, options: &IngestOptions) -> Result<Ingested, String> {
    ingest::ingest_path(&common::project(path), options).map_err(|e| e.to_string())
}

fn problems(read: &Ingested) -> Vec<String> {
    read.problems
        .iter()
        .map(|p| {
            let at = p.location.rsplit('/').next().unwrap_or_default();
            format!("{at} {}: {}", p.severity.as_str(), p.message)
        })
        .collect()
}

#[test]
fn an_agents_workbook_reads_without_a_map() {
    let read = read(
        "tests/fixtures/manifests/xlsx/agent.xlsx",
        &IngestOptions::default(),
    )
    .unwrap();
    assert_eq!(read.format, ManifestFormat::Spreadsheet);
    assert_eq!(
        problems(&read),
        [
            "agent.xlsx:Manifest:1 warning: rows 1-2 above the header row (row 4) are not bills \
             and were not read: \"CARGO MANIFEST  MV NORTHERN STAR\"",
            "agent.xlsx:Manifest:5 warning: HS code 30490 stored as a number lost its leading \
             zero: read as 0304.90 (store HS codes as text)",
            "agent.xlsx:Notes warning: sheet \"Notes\" has no header row with a bill of lading \
             column: not read (if it holds bills, name its columns with --map, or pick it with \
             --sheet)",
        ]
    );
    let bills: Vec<&str> = read
        .manifest
        .shipments
        .iter()
        .map(|s| s.bill_of_lading.as_str())
        .collect();
    // 7002 was stored as a number: read as written, without a decimal point.
    assert_eq!(bills, ["NSL-7001", "7002"]);
    let first = &read.manifest.shipments[0];
    assert!(
        first
            .source
            .as_deref()
            .unwrap()
            .ends_with("agent.xlsx:Manifest:5-6")
    );
    let shipper = first.parties_in(PartyRole::Shipper).next().unwrap();
    assert_eq!(shipper.name, "ZHEJIANG LIGHT PUMPS CO LTD");
    assert_eq!(
        shipper.address,
        ["NO 8 INDUSTRIAL ROAD", "WENLING, ZHEJIANG"]
    );
    let consignee = first.parties_in(PartyRole::Consignee).next().unwrap();
    assert_eq!(consignee.name, "GULF VALVES TRADING LLC");
    assert_eq!(consignee.address, ["PO BOX 1234", "DUBAI"]);
    // "SAME AS CONSIGNEE" is not a party of its own.
    assert_eq!(first.parties.len(), 2);
    let codes: Vec<&str> = first
        .goods
        .iter()
        .map(|g| g.hs_code.as_ref().unwrap().digits())
        .collect();
    assert_eq!(codes, ["030490", "848180"]);
    assert_eq!(first.goods[0].gross_weight_kg, Some(2400.5));
    assert_eq!(
        first.goods[0].quantity.as_ref().map(|q| q.value),
        Some(120.0)
    );
    assert_eq!(first.containers.len(), 1);
    assert_eq!(first.routing.port_of_loading.as_deref(), Some("CNNGB"));
    let second = &read.manifest.shipments[1];
    assert_eq!(second.goods[0].hs_code.as_ref().unwrap().digits(), "090931");
    assert_eq!(second.parties_in(PartyRole::NotifyParty).count(), 1);
}

#[test]
fn the_same_sheet_as_ods_reads_alike() {
    let options = IngestOptions::default();
    let xlsx = read("tests/fixtures/manifests/xlsx/agent.xlsx", &options).unwrap();
    let ods = read("tests/fixtures/manifests/xlsx/agent.ods", &options).unwrap();
    assert_eq!(ods.format, ManifestFormat::Spreadsheet);
    let plain = |s: &Shipment| Shipment {
        source: None,
        ..s.clone()
    };
    let (x, o): (Vec<_>, Vec<_>) = (
        xlsx.manifest.shipments.iter().map(plain).collect(),
        ods.manifest.shipments.iter().map(plain).collect(),
    );
    assert_eq!(x, o);
}

/// The feeder sample as `render_feeder_xlsx.py` writes it (title and voyage rows above the
/// header, numbers stored as numbers) reads as the same shipments as its CSV.
#[test]
fn the_feeder_as_xlsx_reads_as_its_csv() {
    let options = IngestOptions::default();
    let csv = read("sample-manifests/feeder_jebel_ali.csv", &options).unwrap();
    let xlsx = read("sample-manifests/feeder_jebel_ali.xlsx", &options).unwrap();
    assert_eq!(xlsx.manifest.shipments.len(), 168);
    let plain = |s: &Shipment| Shipment {
        source: None,
        ..s.clone()
    };
    for (x, c) in xlsx.manifest.shipments.iter().zip(&csv.manifest.shipments) {
        assert_eq!(plain(x), plain(c), "bill {}", c.bill_of_lading);
    }
}

#[test]
fn sheet_picks_one_and_an_unknown_name_lists_the_sheets() {
    let options = |sheet: &str| IngestOptions {
        sheet: Some(sheet.into()),
        ..IngestOptions::default()
    };
    let manifest = read(
        "tests/fixtures/manifests/xlsx/agent.xlsx",
        &options("Manifest"),
    )
    .unwrap();
    assert_eq!(manifest.manifest.shipments.len(), 2);
    assert!(problems(&manifest).iter().all(|p| !p.contains("Notes")));
    let notes = read(
        "tests/fixtures/manifests/xlsx/agent.xlsx",
        &options("Notes"),
    )
    .unwrap_err();
    assert!(notes.contains("no sheet has a header row"), "{notes}");
    let unknown = read(
        "tests/fixtures/manifests/xlsx/agent.xlsx",
        &options("Cargo"),
    )
    .unwrap_err();
    assert!(
        unknown.contains("no sheet named \"Cargo\"; the workbook has \"Manifest\", \"Notes\""),
        "{unknown}"
    );
}

/// A zip or OLE2 file that is no workbook is named for what it is; it is never read as CSV
/// with its raw bytes quoted as a header. An Excel 97-2003 file is refused with advice.
#[test]
fn a_zip_or_ole2_file_that_is_no_workbook_is_refused_for_what_it_is() {
    let refused = |name: &str, bytes: Vec<u8>| {
        ingest::ingest(&Source::from_bytes(name, bytes), &IngestOptions::default())
            .unwrap_err()
            .to_string()
    };
    let zip = refused(
        "m.xlsx",
        b"PK\x03\x04\x14\x00\x00\x00not a workbook".to_vec(),
    );
    assert!(zip.contains("a damaged zip archive"), "{zip}");
    assert!(!zip.contains("header"), "{zip}");
    let mut ole = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    ole.extend_from_slice(&[0u8; 600]);
    let other = refused("m.xls", ole.clone());
    assert!(
        other.contains("file that is not an Excel workbook"),
        "{other}"
    );
    // An OLE2 file whose directory names a Workbook stream: an XLS.
    ole.extend("Workbook".encode_utf16().flat_map(u16::to_le_bytes));
    let xls = refused("m.xls", ole);
    assert!(
        xls.contains("an Excel 97-2003 workbook (XLS), which hubscreen does not read yet: save it as XLSX or CSV"),
        "{xls}"
    );
}
