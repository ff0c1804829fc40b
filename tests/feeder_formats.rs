//! The feeder sample as agents, shipping lines and U.S. filers send it: its CSV and its
//! renderings as EDIFACT CUSCAR, X12 309 and XLSX (each written by a script from the CSV, from
//! the format's published layout, not from hubscreen's readers). Screened against the bundled
//! lists, every rendering gives every bill the same lane, score and hits as the CSV.

mod common;

use std::collections::BTreeMap;

use hubscreen::config::Config;
use hubscreen::ingest::{self, IngestOptions, ManifestFormat};
use hubscreen::lists::bundled;
use hubscreen::model::Assessment;
use hubscreen::screen::Screener;

/// A bill's lane, score, and each hit as `kind list entry points`.
type Verdict = (String, u32, Vec<String>);

/// The verdict on every bill of a sample file, and the format it was read as.
fn verdicts(file: &str) -> (ManifestFormat, BTreeMap<String, Verdict>) {
    let screener = Screener::new(
        bundled::watchlists().unwrap(),
        bundled::goods().unwrap(),
        Config::default(),
    );
    let read = ingest::ingest_path(
        &common::project(&format!("sample-manifests/{file}")),
        &IngestOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{file}: {e}"));
    let assessments: Vec<Assessment> = screener.screen_manifest(&read.manifest);
    let by_bill = assessments
        .into_iter()
        .map(|a| {
            let mut hits: Vec<String> = a
                .party_hits
                .iter()
                .map(|h| format!("party {} {} {} {}", h.role, h.list, h.entry_id, h.points))
                .chain(
                    a.goods_hits
                        .iter()
                        .map(|h| format!("goods {} {} {}", h.list, h.entry, h.points)),
                )
                .chain(
                    a.vessel_hits
                        .iter()
                        .map(|h| format!("vessel {} {} {}", h.list, h.entry_id, h.points)),
                )
                .chain(
                    a.red_flags
                        .iter()
                        .map(|f| format!("flag {} {}", f.rule, f.points)),
                )
                .collect();
            hits.sort();
            (
                a.bill_of_lading.clone(),
                (a.lane.to_string(), a.score, hits),
            )
        })
        .collect();
    (read.format, by_bill)
}

fn same_as_csv(file: &str, format: ManifestFormat) {
    let (_, csv) = verdicts("feeder_jebel_ali.csv");
    let (read_as, other) = verdicts(file);
    assert_eq!(read_as, format);
    assert_eq!(other.len(), csv.len(), "{file}: bills");
    // The sample has hits to compare: the planted bills are red or yellow.
    assert!(csv.values().filter(|v| v.0 != "green").count() >= 10);
    for (bill, expected) in &csv {
        assert_eq!(other.get(bill), Some(expected), "{file}: bill {bill}");
    }
}

#[test]
fn cuscar_rendering_screens_as_the_csv() {
    same_as_csv("feeder_jebel_ali.edi", ManifestFormat::Cuscar);
}

#[test]
fn x12_309_rendering_screens_as_the_csv() {
    same_as_csv("feeder_jebel_ali.x12", ManifestFormat::X12_309);
}

#[test]
fn xlsx_rendering_screens_as_the_csv() {
    same_as_csv("feeder_jebel_ali.xlsx", ManifestFormat::Spreadsheet);
}
