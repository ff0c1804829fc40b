//! Queries written by strangers: empty, enormous, punctuation only, mixed scripts, control
//! characters, bytes that are not UTF-8. Each gives an empty or sensible answer, never a panic,
//! and every score stays in [0, 1].

mod common;

use std::io::Write;
use std::process::Stdio;

use hubscreen::config::Config;
use hubscreen::lists::bundled;
use hubscreen::lists::goods::GoodsLists;
use hubscreen::screen::Screener;
use hubscreen::screen::eval::Rng;

fn screener() -> Screener {
    Screener::new(
        bundled::watchlists().unwrap(),
        GoodsLists::default(),
        Config::default(),
    )
}

/// Characters from many scripts and classes, the awkward ones included.
const ALPHABET: &[char] = &[
    'A',
    'z',
    'É',
    'ß',
    'Ж',
    'я',
    'Ω',
    'ش',
    'ي',
    'א',
    '北',
    '京',
    'ア',
    '한',
    'ก',
    'ह',
    '0',
    '9',
    ' ',
    '\t',
    '\u{0}',
    '\u{1b}',
    '\u{7}',
    '\u{202e}',
    '\u{200b}',
    '\u{fffd}',
    '\u{301}',
    '.',
    ',',
    '\'',
    '"',
    '-',
    '&',
    '/',
    '(',
    '🚢',
    '\u{1F600}',
];

fn random_query(rng: &mut Rng) -> String {
    let len = match rng.below(10) {
        0 => 0,
        1 => 2000 + rng.below(10_000),
        _ => rng.below(60),
    };
    (0..len).map(|_| *rng.pick(ALPHABET)).collect()
}

#[test]
fn random_queries_never_panic_and_scores_stay_in_range() {
    let s = screener();
    let mut rng = Rng::new(20261127);
    for _ in 0..400 {
        let q = random_query(&mut rng);
        for hit in s.search_name(&q, 0.5) {
            assert!((0.0..=1.0).contains(&hit.score), "{q:?}: {hit:?}");
        }
    }
}

#[test]
fn named_bad_queries_give_empty_or_sensible_answers() {
    let s = screener();
    for q in [
        "",
        "   ",
        "!!!???...",
        "'''",
        "&&&",
        "0000000",
        "\u{1b}]0;x\u{7}",
    ] {
        assert!(s.search_name(q, 0.85).is_empty(), "{q:?}");
    }
    let long = format!(
        "MABROOKA TRADING CO LLC P.O. BOX 1234 {}",
        "DUBAI ".repeat(2000)
    );
    let hits = s.search_name(&long, 0.5);
    assert!(
        hits.iter().any(|h| h.entry_id == "19254"),
        "the start of a long line is still screened"
    );
    // Mixed scripts in one name still find the listed person.
    let hits = s.search_name("Nicolas МАДУРО Moros", 0.85);
    assert_eq!(hits[0].entry_id, "22790");
}

#[test]
fn a_line_that_is_not_utf8_does_not_end_the_batch() {
    let mut child = common::hubscreen_at(&std::env::temp_dir().join("hubscreen-bad-queries-empty"))
        .args(["screen-names", "--format", "ndjson"])
        .env(
            "HUBSCREEN_DATA_DIR",
            std::env::temp_dir().join("hubscreen-bad-queries-empty"),
        )
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"\xff\xfe\xfd broken\n\nNicolas MADURO MOROS\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3, "one answer per input line, in order");
    assert!(lines[0]["hits"].as_array().unwrap().is_empty());
    assert_eq!(lines[1]["query"], "");
    assert_eq!(lines[2]["hits"][0]["entry_id"], "22790");
}
