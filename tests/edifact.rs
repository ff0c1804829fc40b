//! The EDIFACT tokenizer on the real CUSCAR sample in `../shared/data/manifests/` (a D.95B
//! interchange with UNB and UNZ, no UNA, one segment per line).

mod common;

use std::collections::BTreeMap;
use std::io::BufReader;

use common::shared;
use hubscreen::ingest::edifact::{Delimiters, Tokenizer};

#[test]
fn the_real_cuscar_sample_cuts_into_its_32_segments() {
    let Some(path) = shared("manifests/cuscar_d95b_sample_simple.edi") else {
        return;
    };
    let mut t = Tokenizer::new(BufReader::new(std::fs::File::open(&path).unwrap()));
    let mut segments = Vec::new();
    while let Some(s) = t.next_segment().unwrap() {
        segments.push(s.unwrap_or_else(|e| panic!("{e:?}")));
    }
    assert_eq!(
        t.delimiters(),
        Some(Delimiters::DEFAULT),
        "UNB shows + and :"
    );
    assert_eq!(segments.len(), 32);
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for s in &segments {
        *counts.entry(s.tag.as_str()).or_default() += 1;
    }
    for (tag, n) in [
        ("NAD", 4),
        ("CNI", 1),
        ("GID", 1),
        ("EQD", 1),
        ("LOC", 4),
        ("DTM", 3),
        ("MEA", 3),
        ("CNT", 2),
    ] {
        assert_eq!(counts.get(tag), Some(&n), "{tag}: {counts:?}");
    }
    let first = &segments[0];
    assert_eq!(
        (first.tag.as_str(), first.get(1, 1), first.get(1, 2)),
        ("UNB", "UNOB", "2")
    );
    let unh = &segments[1];
    assert_eq!(unh.element(2)[..3], ["CUSCAR", "D", "95B"]);
    let bill = segments.iter().find(|s| s.tag == "CNI").unwrap();
    assert_eq!(bill.get(2, 1), "DOCV373MOB909999");
    // One segment a line: each segment's line is its number.
    assert!(segments.iter().all(|s| s.line == s.number), "{segments:?}");
    assert_eq!(segments.last().unwrap().tag, "UNZ");
}
