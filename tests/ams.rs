//! The U.S. CBP AMS tables read as one manifest: detected from any one table's header, joined
//! by identifier with the ten tables beside it, and refused with the file and line when a
//! table is out of identifier order.

mod common;

use std::path::Path;

use hubscreen::ingest::{self, IngestOptions, ManifestFormat, Severity};
use hubscreen::model::{BillStatus, PartyRole};

const STAMP: &str = "_2020__202001061200.csv";

fn table(name: &str) -> std::path::PathBuf {
    common::fixture(&format!("manifests/ams/ams__{name}{STAMP}"))
}

fn problems(read: &ingest::Ingested) -> Vec<String> {
    read.problems
        .iter()
        .map(|p| {
            let at = p.location.rsplit('/').next().unwrap_or_default();
            format!("{at} {}: {}", p.severity.as_str(), p.message)
        })
        .collect()
}

#[test]
fn three_bills_from_eleven_tables() {
    // Any table names the release: here the consignee table.
    let read = ingest::ingest_path(&table("consignee"), &IngestOptions::default()).unwrap();
    assert_eq!(read.format, ManifestFormat::Ams);
    let bills: Vec<(&str, BillStatus)> = read
        .manifest
        .shipments
        .iter()
        .map(|s| (s.bill_of_lading.as_str(), s.status))
        .collect();
    assert_eq!(
        bills,
        [
            ("SWOESH1S01451870", BillStatus::Amended),
            ("SWOESH1S01451855", BillStatus::Cancelled),
            ("OOLU2107899100", BillStatus::Amended),
        ]
    );
    let first = &read.manifest.shipments[0];
    assert_eq!(first.master_bill.as_deref(), Some("APLUSHBW014713"));
    let vessel = first.conveyance.as_ref().unwrap();
    assert_eq!(vessel.vessel_name.as_deref(), Some("PRESIDENT EISENHOWER"));
    assert_eq!(vessel.imo.as_deref(), Some("9295220"));
    assert_eq!(vessel.flag.as_deref(), Some("US"));
    assert_eq!(vessel.voyage.as_deref(), Some("0DB4P"));
    assert_eq!(first.goods.len(), 1);
    assert_eq!(first.goods[0].description, "ANTENNA");
    assert_eq!(
        first.goods[0].quantity.as_ref().map(|q| q.value),
        Some(18.0)
    );
    assert_eq!(first.goods[0].hs_code.as_ref().unwrap().digits(), "852910");
    assert_eq!(first.goods[0].marks.as_deref(), Some("NO MARKS"));
    assert_eq!(first.containers[0].number, "TEMU6512740");
    assert_eq!(first.containers[0].seal.as_deref(), Some("O1569143"));
    assert_eq!(
        first.routing.port_of_loading.as_deref(),
        Some("Shanghai ,China (Mainland)")
    );
    assert_eq!(
        first.routing.port_of_discharge.as_deref(),
        Some("Oakland, California")
    );

    let third = &read.manifest.shipments[2];
    assert_eq!(third.master_bill, None);
    let consignee = third.parties_in(PartyRole::Consignee).next().unwrap();
    assert_eq!(consignee.name, "WILLIAMS-SONOMA SINGAPORE PTE LIMIT");
    assert_eq!(
        consignee.address,
        [
            "3 TEMASEK AVENUE",
            "#12-01 CENTENNIAL TOW",
            "SINGAPORE 039190"
        ]
    );
    assert_eq!(third.parties_in(PartyRole::NotifyParty).count(), 2);
    let lines: Vec<(&str, Option<&str>)> = third
        .goods
        .iter()
        .map(|g| {
            (
                g.description.as_str(),
                g.hs_code.as_ref().map(|c| c.digits()),
            )
        })
        .collect();
    // Two cargodesc rows of sequence 1 make one line; the float-looking 6912.0 is 6912; 70.0
    // is a chapter, not a heading: the line keeps its description only.
    assert_eq!(
        lines,
        [
            ("CERAMIC DINNERWARE", Some("6912")),
            ("GLASS VASES", None),
            ("CLEANING LIQUID", None),
        ]
    );
    assert_eq!(third.goods[0].un_number.as_deref(), Some("1202"));
    let p = problems(&read);
    assert!(
        p.iter()
            .any(|p| p
                .starts_with("ams__tariff_2020__202001061200.csv:4 warning: harmonized_number")),
        "{p:?}"
    );
    assert!(
        p.iter()
            .any(|p| p.contains("bill SWOESH1S01451855 deleted")),
        "{p:?}"
    );
    assert!(
        read.problems.iter().all(|p| p.severity != Severity::Error),
        "{p:?}"
    );
}

fn copy_release(to: &Path) {
    for entry in std::fs::read_dir(common::fixture("manifests/ams")).unwrap() {
        let path = entry.unwrap().path();
        if path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("ams__")
        {
            std::fs::copy(&path, to.join(path.file_name().unwrap())).unwrap();
        }
    }
}

#[test]
fn a_missing_table_says_what_is_not_screened_and_a_missing_header_refuses() {
    let dir = tempfile::tempdir().unwrap();
    copy_release(dir.path());
    std::fs::remove_file(dir.path().join(format!("ams__shipper{STAMP}"))).unwrap();
    let read = ingest::ingest_path(
        &dir.path().join(format!("ams__header{STAMP}")),
        &IngestOptions::default(),
    )
    .unwrap();
    assert!(
        problems(&read).iter().any(|p| p
            .contains("error: no shipper table beside the header: shipper parties not screened")),
        "{:?}",
        problems(&read)
    );
    std::fs::remove_file(dir.path().join(format!("ams__billgen{STAMP}"))).unwrap();
    let err = ingest::ingest_path(
        &dir.path().join(format!("ams__header{STAMP}")),
        &IngestOptions::default(),
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("no billgen table beside it"), "{err}");
}

#[test]
fn a_table_out_of_identifier_order_is_refused_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    copy_release(dir.path());
    let cargodesc = dir.path().join(format!("ams__cargodesc{STAMP}"));
    let text = std::fs::read_to_string(&cargodesc).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    // The first bill's row moved to the end.
    let moved = lines.remove(1);
    lines.push(moved);
    std::fs::write(&cargodesc, lines.join("\n") + "\n").unwrap();
    let err = ingest::ingest_path(&cargodesc, &IngestOptions::default())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains(&format!("ams__cargodesc{STAMP}:6"))
            && err.contains("sort the cargodesc table"),
        "{err}"
    );
}

/// The column lists hubscreen knows are those of the release documentation in ../shared.
#[test]
fn every_table_header_of_the_real_column_list_is_known() {
    let Some(path) = common::shared("manifests/ams_table_columns.csv") else {
        return;
    };
    let text = std::fs::read_to_string(path).unwrap();
    let mut tables: Vec<(String, Vec<String>)> = Vec::new();
    for line in text.lines().skip(1) {
        let mut cells = line.split(',');
        let file = cells.next().unwrap();
        let column = cells.nth(1).unwrap().to_string();
        let table = file
            .split("__")
            .nth(1)
            .unwrap()
            .rsplit_once('_')
            .unwrap()
            .0
            .to_string();
        match tables.iter_mut().find(|(t, _)| *t == table) {
            Some((_, cols)) => cols.push(column),
            None => tables.push((table, vec![column])),
        }
    }
    assert_eq!(tables.len(), 11);
    for (table, columns) in tables {
        assert_eq!(
            ingest::ams::table_of_header(&columns.join(",")),
            Some(table.as_str()),
            "{table}"
        );
    }
}
