//! The EDI tokenizers on the real samples in `../shared/data/manifests/`: the CUSCAR sample (a
//! D.95B interchange with UNB and UNZ, no UNA, one segment per line) and the X12 309 samples.

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

/// The X12 tokenizer on the 309 samples in `../shared/data/manifests/`: section A (a transaction
/// set without an envelope, `~` terminators) and section B (lines quoted from a Jamaican
/// agency's export program, newline-terminated).
#[test]
fn the_real_x12_309_samples_cut_into_their_segments() {
    use hubscreen::ingest::x12::{Separators, Tokenizer as X12};
    let Some(path) = shared("manifests/x12_309_samples.txt") else {
        return;
    };
    let text = std::fs::read_to_string(&path).unwrap();
    let section = |marker: &str| -> String {
        let start = text.find(marker).expect("section marker");
        text[start..]
            .lines()
            .skip_while(|l| l.starts_with('#'))
            .take_while(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(|l| format!("{l}\n"))
            .collect()
    };
    let read = |s: &str| {
        let mut t = X12::new(s.as_bytes());
        let mut out = Vec::new();
        while let Some(seg) = t.next_segment().unwrap() {
            out.push(seg.unwrap_or_else(|e| panic!("{e:?}")));
        }
        (out, t.separators().unwrap())
    };

    let (a, separators) = read(&section("## (A)"));
    assert_eq!(separators, Separators::DEFAULT);
    assert_eq!(a.len(), 21, "ST to SE");
    assert_eq!((a[0].tag.as_str(), a[20].tag.as_str()), ("ST", "SE"));
    let bill = a.iter().find(|s| s.tag == "N9").unwrap();
    assert_eq!((bill.get(1, 1), bill.get(2, 1)), ("BM", "BOL123"));
    // SE declares 20 segments where there are 21: the reader above will say so.
    assert_eq!(a[20].get(1, 1), "20");

    let (b, separators) = read(&section("## (B)"));
    assert_eq!(separators.segment, b'\n');
    assert_eq!(b.len(), 14);
    let m10 = &b[1];
    assert_eq!(
        (m10.get(4, 1), m10.get(5, 1), m10.get(9, 1)),
        ("91500080", "SEABOARD UNITY", "Y")
    );
    let n10 = b.iter().find(|s| s.tag == "N10").unwrap();
    assert_eq!(n10.get(2, 1), "WEARING APPAREL");
}
