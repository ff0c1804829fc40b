//! Every file in `../shared/data/manifests/` through the manifest door: the real samples read,
//! and what is not a manifest (format references, code lists, notes about data we do not have)
//! is refused with a message that says what it is or what is missing, never read as bills.

mod common;

use hubscreen::ingest::{self, IngestOptions, ManifestFormat};

fn outcome(name: &str) -> Option<Result<ingest::Ingested, String>> {
    let path = common::shared(&format!("manifests/{name}"))?;
    Some(ingest::ingest_path(&path, &IngestOptions::default()).map_err(|e| e.to_string()))
}

#[test]
fn the_cuscar_sample_reads_with_its_counts() {
    let Some(read) = outcome("cuscar_d95b_sample_simple.edi") else {
        return;
    };
    let read = read.unwrap();
    assert_eq!(read.format, ManifestFormat::Cuscar);
    let shipments = &read.manifest.shipments;
    let parties: usize = shipments.iter().map(|s| s.parties.len()).sum();
    let goods: usize = shipments.iter().map(|s| s.goods.len()).sum();
    assert_eq!((shipments.len(), parties, goods), (1, 4, 1));
}

/// Reference files beside the samples are not manifests: each is refused, and the message
/// says why in words (no bill column, not a recognised manifest, not hubscreen's JSON).
#[test]
fn reference_files_are_refused_not_read_as_bills() {
    let cases = [
        ("cuscar_d95b_segment_tree.txt", "no bill of lading column"),
        ("cuscar_d03a_segment_tree.txt", "no bill of lading column"),
        ("ams_table_columns.csv", "no bill of lading column"),
        ("SOURCES.txt", "not a recognised manifest"),
        (
            "edifact_codelists_d95b/codelist_3035.json",
            "not a hubscreen JSON manifest",
        ),
    ];
    for (name, why) in cases {
        let Some(result) = outcome(name) else {
            continue;
        };
        let error = result
            .err()
            .unwrap_or_else(|| panic!("{name} was read as a manifest"));
        assert!(error.contains(why), "{name}: {error}");
    }
}
