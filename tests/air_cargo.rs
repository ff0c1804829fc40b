//! Air cargo through the manifest door: Cargo-IMP FWB and FHL and Cargo-XML XFZB and XFWB are
//! detected from their content; an FFM is refused with what to send instead; the shared
//! illustrative file (notes quoting the messages) is refused with where they are.

mod common;

use hubscreen::ingest::{self, IngestOptions, ManifestFormat};

fn read(name: &str) -> Result<ingest::Ingested, String> {
    ingest::ingest_path(
        &common::fixture(&format!("manifests/air/{name}")),
        &IngestOptions::default(),
    )
    .map_err(|e| e.to_string())
}

#[test]
fn each_air_message_is_detected_and_read() {
    let cases = [
        ("fwb16.txt", ManifestFormat::CargoImp, "176-12345675", 3),
        ("fhl5.txt", ManifestFormat::CargoImp, "HKG0001234", 2),
        ("xfzb.xml", ManifestFormat::CargoXml, "HKG0005678", 4),
        ("xfwb.xml", ManifestFormat::CargoXml, "057-51329294", 2),
    ];
    for (name, format, bill, parties) in cases {
        let read = read(name).unwrap();
        assert_eq!(read.format, format, "{name}");
        assert_eq!(read.manifest.shipments.len(), 1, "{name}");
        let shipment = &read.manifest.shipments[0];
        assert_eq!(shipment.bill_of_lading, bill, "{name}");
        assert_eq!(shipment.parties.len(), parties, "{name}");
    }
}

#[test]
fn an_ffm_is_refused_with_what_to_send_instead() {
    let err = read("ffm8.txt").unwrap_err();
    assert!(err.contains("an IATA FFM flight manifest"), "{err}");
    assert!(err.contains("FWB/FHL or XFWB/XFZB"), "{err}");
}

#[test]
fn the_shared_illustrative_file_is_refused_with_where_its_messages_are() {
    let Some(path) = common::shared("manifests/air_cargo_imp_xml_ILLUSTRATIVE.txt") else {
        return;
    };
    let err = ingest::ingest_path(&path, &IngestOptions::default())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("notes that quote IATA Cargo-IMP messages (line 6: \"FWB/16\")"),
        "{err}"
    );
}

#[test]
fn cli_screens_a_house_waybill() {
    let dir = tempfile::tempdir().unwrap();
    let out = common::hubscreen_at(dir.path())
        .args(["screen", "--all"])
        .arg(common::fixture("manifests/air/xfzb.xml"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("HKG0005678"), "{stdout}");
}
