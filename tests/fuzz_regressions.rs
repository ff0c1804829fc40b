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
    let list = ofac_csv::read(&sdn_only(&bytes)).expect("the list loads");
    assert!(
        list.problems
            .iter()
            .any(|p| p.message.contains("appears twice")),
        "{:?}",
        list.problems
    );
}
