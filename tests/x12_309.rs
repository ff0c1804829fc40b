//! The X12 309 reader end to end: the feeder sample rendered as a 309 reads as its CSV, the
//! shared samples file (notes quoting 309 segments) is refused with where the segments are,
//! and the CLI screens a 309 detected from its content.

mod common;

use hubscreen::ingest::{self, IngestOptions, ManifestFormat, Severity};
use hubscreen::model::Shipment;

/// The feeder rendered by `sample-manifests/render_feeder_x12.py` (from the 4010 layout, not
/// from this reader) reads as the same shipments as its CSV. The 309 has no package type on a
/// goods line (M11-04 is per bill), so quantity units are left out of the comparison.
#[test]
fn the_feeder_rendered_as_x12_309_reads_as_its_csv() {
    let read = |file: &str| {
        ingest::ingest_path(
            &common::project(&format!("sample-manifests/{file}")),
            &IngestOptions::default(),
        )
        .unwrap()
    };
    let csv = read("feeder_jebel_ali.csv");
    let x12 = read("feeder_jebel_ali.x12");
    assert_eq!(x12.format, ManifestFormat::X12_309);
    assert_eq!(x12.manifest.shipments.len(), 168);
    let comparable = |s: &Shipment| {
        let mut s = Shipment {
            source: None,
            ..s.clone()
        };
        for line in &mut s.goods {
            if let Some(q) = &mut line.quantity {
                q.unit = None;
            }
        }
        s
    };
    for (x, c) in x12.manifest.shipments.iter().zip(&csv.manifest.shipments) {
        assert_eq!(comparable(x), comparable(c), "bill {}", c.bill_of_lading);
    }
    let errors: Vec<_> = x12
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
}

/// `x12_309_samples.txt` holds notes with 309 segments quoted in them, not a transmission.
#[test]
fn the_shared_samples_file_is_refused_with_where_its_segments_are() {
    let Some(path) = common::shared("manifests/x12_309_samples.txt") else {
        return;
    };
    let error = ingest::ingest_path(&path, &IngestOptions::default())
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("notes that quote X12 messages (line 6: \"ST*309*0001~\")"),
        "{error}"
    );
}

#[test]
fn cli_screens_an_x12_309_by_content() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("manifest.dat");
    std::fs::write(&path, "ST*309*1~LX*1~M11*B1~N1*CN*WIDGET CO~SE*5*1~").unwrap();
    let out = common::hubscreen_at(dir.path())
        .args(["screen", path.to_str().unwrap(), "--all"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("B1"), "{stdout}");
}
