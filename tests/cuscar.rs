//! The CUSCAR reader end to end: the real sample in ../shared, the syntax variants real
//! interchanges use (level B separators, Latin-1 by UNB, no envelope, D.03A), and the CLI.

mod common;

use hubscreen::ingest::{self, IngestOptions, ManifestFormat, Severity};
use hubscreen::model::{BillStatus, PartyRole};
use hubscreen::source::Source;

fn read(bytes: &[u8]) -> ingest::Ingested {
    ingest::ingest(
        &Source::from_bytes("m.edi", bytes.to_vec()),
        &IngestOptions::default(),
    )
    .expect("readable")
}

fn problems(ingested: &ingest::Ingested) -> Vec<String> {
    ingested
        .problems
        .iter()
        .map(|p| format!("{} {}: {}", p.location, p.severity.as_str(), p.message))
        .collect()
}

/// `cuscar_d95b_sample_simple.edi`: a whole interchange of one message with one bill. Every
/// expected value below was read off the file by hand (its 32 segments are listed in
/// docs/design/issue17-manifest-readers.md §0.1).
#[test]
fn the_real_d95b_sample_reads_its_one_bill() {
    let Some(path) = common::shared("manifests/cuscar_d95b_sample_simple.edi") else {
        return;
    };
    let read = ingest::ingest_path(&path, &IngestOptions::default()).unwrap();
    assert_eq!(read.format, ManifestFormat::Cuscar);
    assert_eq!(read.manifest.reference.as_deref(), Some("DOCREF1234"));
    let conveyance = read.manifest.conveyance.as_ref().unwrap();
    assert_eq!(conveyance.vessel_name.as_deref(), Some("TEST SHIP"));
    assert_eq!(conveyance.voyage.as_deref(), Some("TRANS1234"));
    // MEANSTRANS1234 (code list 103) is not an IMO number.
    assert_eq!(conveyance.imo, None);
    assert_eq!(read.manifest.shipments.len(), 1);
    let bill = &read.manifest.shipments[0];
    assert_eq!(bill.bill_of_lading, "DOCV373MOB909999");
    let file = path.display().to_string();
    assert_eq!(bill.source, Some(format!("{file}:15-30")));
    let parties: Vec<(PartyRole, &str)> = bill
        .parties
        .iter()
        .map(|p| (p.role, p.name.as_str()))
        .collect();
    assert_eq!(
        parties,
        [
            // TDT C040: carrier SENDER, named SOMEONE.
            (PartyRole::Carrier, "SOMEONE"),
            // NAD+SU (supplier) is a shipper; names packed in C058 are kept whole.
            (PartyRole::Shipper, "A PERSON, TEST ADDRESS, TOWN, POSTCODE"),
            (PartyRole::Consignee, "ANOTHER PERSON, A COMPANY, SOMEWHERE"),
            (
                PartyRole::Shipper,
                "ANOTHER DIFFERENT PERSON, ANOTHER COMPANY, SOMEWHERE ELSE"
            ),
        ]
    );
    assert_eq!(bill.goods.len(), 1);
    let line = &bill.goods[0];
    assert_eq!(line.description, "FREETEXT DESC, DETAILS");
    assert_eq!(line.gross_weight_kg, Some(55814.0));
    assert_eq!(line.marks.as_deref(), Some("SHIP1234"));
    assert_eq!(line.hs_code, None);
    let quantity = line.quantity.as_ref().unwrap();
    assert_eq!(
        (quantity.value, quantity.unit.as_deref()),
        (2880.0, Some("UNT"))
    );
    assert_eq!(bill.containers.len(), 1);
    assert_eq!(bill.containers[0].number, "EQ123456");
    assert_eq!(bill.containers[0].size_type.as_deref(), Some("7"));
    assert_eq!(bill.routing.port_of_loading.as_deref(), Some("CRMOB"));
    assert_eq!(bill.routing.port_of_discharge.as_deref(), Some("GBPME"));
    assert!(bill.routing.transshipment_ports.is_empty());
    assert_eq!(
        problems(&read),
        [format!(
            "{file}:31 warning: UNT declares 313 segments, message MREF123456 has 30: segments \
             may be missing"
        )]
    );
}

#[test]
fn level_b_control_separators_are_read() {
    let text = "UNB\x1dUNOB\x1f1\x1dS\x1dR\x1d200101\x1f1200\x1d5\x1c\
UNH\x1d1\x1dCUSCAR\x1fD\x1f95B\x1fUN\x1c\
BGM\x1d85\x1dM\x1d9\x1cCNI\x1d1\x1dB1\x1cNAD\x1dCN\x1d\x1d\x1dWIDGET CO\x1c\
UNT\x1d5\x1d1\x1cUNZ\x1d1\x1d5\x1c";
    let read = read(text.as_bytes());
    assert_eq!(problems(&read), Vec::<String>::new());
    assert_eq!(read.manifest.shipments[0].bill_of_lading, "B1");
    assert_eq!(read.manifest.shipments[0].parties[0].name, "WIDGET CO");
}

#[test]
fn unoc_is_latin1_and_unoa_text_stays_utf8() {
    let mut latin1 = b"UNB+UNOC:3+S+R+200101:1200+5'UNH+1+CUSCAR:D:95B:UN'BGM+85+M+9'\
CNI+1+B1'NAD+CN+++M"
        .to_vec();
    latin1.push(0xDC);
    latin1.extend_from_slice(b"LLER GMBH'UNT+5+1'UNZ+1+5'");
    let read = read(&latin1);
    assert_eq!(problems(&read), Vec::<String>::new());
    assert_eq!(read.manifest.shipments[0].parties[0].name, "MÜLLER GMBH");
    // A UNOC label on text that is really UTF-8 (common) keeps the UTF-8.
    let utf8 = "UNB+UNOC:3+S+R+200101:1200+5'UNH+1+CUSCAR:D:95B:UN'BGM+85+M+9'\
CNI+1+B1'NAD+CN+++MÜLLER GMBH'UNT+5+1'UNZ+1+5'";
    let read = self::read(utf8.as_bytes());
    assert_eq!(read.manifest.shipments[0].parties[0].name, "MÜLLER GMBH");
}

#[test]
fn an_explicit_encoding_wins_over_unb() {
    let text = "UNB+UNOC:3+S+R+200101:1200+5'UNH+1+CUSCAR:D:95B:UN'BGM+85+M+9'\
CNI+1+B1'NAD+CN+++PLAIN'UNT+5+1'UNZ+1+5'";
    let mut bytes = text.as_bytes().to_vec();
    // A byte that is not UTF-8: read as Latin-1 by UNB, flagged when the user says UTF-8.
    let at = bytes.iter().position(|&b| b == b'P').unwrap();
    bytes[at] = 0xC9;
    let options = IngestOptions {
        encoding: Some(hubscreen::source::Encoding::Utf8),
        ..IngestOptions::default()
    };
    let said = ingest::ingest(&Source::from_bytes("m.edi", bytes.clone()), &options).unwrap();
    assert!(
        said.problems
            .iter()
            .any(|p| p.message.contains("not valid UTF-8"))
    );
    let default = read(&bytes);
    assert_eq!(default.manifest.shipments[0].parties[0].name, "ÉLAIN");
}

#[test]
fn a_message_without_an_envelope_reads_alike() {
    let text = "UNH+1+CUSCAR:D:95B:UN'BGM+85+M+9'CNI+1+B1'NAD+CN+++WIDGET CO'UNT+5+1'";
    let read = read(text.as_bytes());
    assert_eq!(read.format, ManifestFormat::Cuscar);
    assert_eq!(problems(&read), Vec::<String>::new());
    assert_eq!(read.manifest.shipments.len(), 1);
}

/// D.03A moved the document number into a composite (C106), added header-level parties and
/// GEI, and allows LOC in the goods item.
#[test]
fn a_d03a_message_reads_header_parties_and_goods_origin() {
    let text = "UNH+1+CUSCAR:D:03A:UN'BGM+85+DOC9:1+5'NAD+CA+++BLUE LINE SHIPPING'\
TDT+20+V7+1+++++9176187:146::NORTH WIND:LR'GEI+23'\
CNI+1+B1'NAD+CN+++WIDGET CO'GID+1+4:PK'FTX+AAA+++PUMPS'LOC+27+KP'UNT+11+1'";
    let read = read(text.as_bytes());
    assert_eq!(problems(&read), Vec::<String>::new());
    assert_eq!(read.manifest.reference.as_deref(), Some("DOC9"));
    let bill = &read.manifest.shipments[0];
    assert_eq!(bill.status, BillStatus::Amended);
    let carriers: Vec<&str> = bill
        .parties_in(PartyRole::Carrier)
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(carriers, ["BLUE LINE SHIPPING"]);
    assert_eq!(bill.routing.country_of_origin.as_deref(), Some("KP"));
    let conveyance = bill.conveyance.as_ref().unwrap();
    assert_eq!(conveyance.imo.as_deref(), Some("9176187"));
    assert_eq!(conveyance.flag.as_deref(), Some("LR"));
}

#[test]
fn a_broken_segment_does_not_hide_the_next_bill() {
    // The second CNI's tag is damaged; the third bill is still read, and the damage is named.
    let text = "UNH+1+CUSCAR:D:95B:UN'BGM+85+M+9'CNI+1+B1'NAD+CN+++ONE'\
C?I+2+B2'NAD+CN+++TWO'CNI+3+B3'NAD+CN+++THREE'UNT+9+1'";
    let read = read(text.as_bytes());
    let bills: Vec<&str> = read
        .manifest
        .shipments
        .iter()
        .map(|s| s.bill_of_lading.as_str())
        .collect();
    assert_eq!(bills, ["B1", "B3"]);
    assert!(
        read.problems
            .iter()
            .any(|p| p.severity == Severity::Error && p.location == "m.edi:5"),
        "{:?}",
        problems(&read)
    );
}

#[test]
fn cli_screens_a_cuscar_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("manifest.txt");
    std::fs::write(
        &path,
        "UNH+1+CUSCAR:D:95B:UN'BGM+85+M+9'CNI+1+B1'NAD+CN+++WIDGET CO'UNT+5+1'",
    )
    .unwrap();
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

/// The feeder sample rendered as CUSCAR by `sample-manifests/render_feeder_cuscar.py` (written
/// from the D.95B layout, not from this reader) reads as the same shipments as its CSV; only
/// where each came from differs.
#[test]
fn the_feeder_rendered_as_cuscar_reads_as_its_csv() {
    let csv = ingest::ingest_path(
        &common::project("sample-manifests/feeder_jebel_ali.csv"),
        &IngestOptions::default(),
    )
    .unwrap();
    let edi = ingest::ingest_path(
        &common::project("sample-manifests/feeder_jebel_ali.edi"),
        &IngestOptions::default(),
    )
    .unwrap();
    assert_eq!(edi.format, ManifestFormat::Cuscar);
    assert_eq!(edi.manifest.shipments.len(), 168);
    assert_eq!(edi.manifest.shipments.len(), csv.manifest.shipments.len());
    let without_source = |s: &hubscreen::model::Shipment| hubscreen::model::Shipment {
        source: None,
        ..s.clone()
    };
    for (e, c) in edi.manifest.shipments.iter().zip(&csv.manifest.shipments) {
        assert_eq!(
            without_source(e),
            without_source(c),
            "bill {}",
            c.bill_of_lading
        );
    }
    let errors: Vec<_> = edi
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
}
