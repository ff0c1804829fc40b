//! The party-name matcher, case by case, the way a targeter would write them down: real
//! variants that must match, and honest near-misses that must not.

use hubscreen::config::Config;
use hubscreen::lists::goods::GoodsLists;
use hubscreen::lists::{self, WatchList};
use hubscreen::model::EntityKind;
use hubscreen::screen::names::{ListName, NameIndex, align};
use hubscreen::screen::normalize::tokenize_name;
use hubscreen::screen::{NameHit, Screener};

fn bundled() -> Vec<WatchList> {
    lists::bundled::watchlists().unwrap()
}

fn screener() -> Screener {
    Screener::new(bundled(), GoodsLists::default(), Config::default())
}

const THRESHOLD: f64 = 0.85;

fn top(name: &str) -> Option<NameHit> {
    screener().search_name(name, THRESHOLD).into_iter().next()
}

fn assert_matches(name: &str, entry_id: &str) -> NameHit {
    let hit = top(name).unwrap_or_else(|| panic!("{name:?} found nothing"));
    assert_eq!(hit.entry_id, entry_id, "{name:?} matched {hit:?}");
    assert!(hit.score >= THRESHOLD && hit.score <= 1.0);
    hit
}

fn assert_no_hit_on(name: &str, entry_id: &str) {
    let hits = screener().search_name(name, THRESHOLD);
    assert!(
        hits.iter().all(|h| h.entry_id != entry_id),
        "{name:?} should not match {entry_id}: {hits:?}"
    );
}

#[test]
fn exact_listed_name_scores_one() {
    assert_eq!(assert_matches("MADURO MOROS, Nicolas", "22790").score, 1.0);
}

#[test]
fn reordered_person_name_matches() {
    assert_matches("Nicolas MADURO MOROS", "22790");
    assert_matches("MOROS MADURO NICOLAS", "22790");
    assert_matches("Mohsen Hojati", "10856");
}

#[test]
fn transliteration_variant_of_a_person_matches() {
    let hit = assert_matches("MOHSEN HODJATI", "10856");
    assert!(hit.score >= 0.92, "{hit:?}");
}

#[test]
fn person_written_in_cyrillic_matches_the_latin_listing() {
    assert_matches("Николас Мадуро Морос", "22790");
}

#[test]
fn list_alias_in_original_script_is_matched() {
    assert_matches("ВОЛКАНОВ Арсений Петрович", "HW-0004");
}

#[test]
fn legal_form_written_differently_still_matches() {
    assert_matches("MABROOKA TRADING CO., L.L.C.", "19254");
    assert_matches("HESONG TRADING CORP.", "9519");
    assert_matches("OJSC RUSSIAN ELECTRONICS", "18770");
    assert_matches("SIRJANCO TRADING COMPANY L.L.C.", "15985");
}

#[test]
fn respelled_company_matches() {
    let hit = assert_matches("MABRUKA TRADING CO LLC", "19254");
    assert!(hit.score >= 0.92, "{hit:?}");
}

#[test]
fn typo_in_a_company_name_matches() {
    assert_matches("HESONG TRADNG CORPORATION", "9519");
    assert_matches("MABROOKA TRAIDNG CO LLC", "19254");
}

#[test]
fn different_vessel_number_does_not_match() {
    let hits = screener().search_name("HAO FAN 2", THRESHOLD);
    assert_eq!(hits[0].entry_id, "23770");
    assert!(hits.iter().all(|h| h.entry_id != "23771"), "{hits:?}");
}

#[test]
fn number_named_company_does_not_match_a_worded_one() {
    assert_no_hit_on("BELLETECH CORP", "24430");
    assert_matches("11420 CORP", "24430");
}

#[test]
fn sister_company_with_other_legal_form_and_word_does_not_match() {
    assert_no_hit_on("ELECTRONIC COMPONENTS TRADING LLC", "15097");
}

#[test]
fn shared_first_word_does_not_make_a_match() {
    assert_no_hit_on("SHIRAZI CARPETS TRADING LLC", "11183");
    assert_no_hit_on("KOREA ZINC CO LTD", "9345");
    assert_no_hit_on("MAHROOSA TRADING LLC", "19254");
}

#[test]
fn generic_words_alone_find_nothing() {
    assert!(
        screener()
            .search_name("GENERAL TRADING CO LLC", THRESHOLD)
            .is_empty()
    );
    assert!(
        screener()
            .search_name("INTERNATIONAL SHIPPING COMPANY LIMITED", THRESHOLD)
            .is_empty()
    );
}

#[test]
fn weak_alias_alone_does_not_alert() {
    // OFAC 306 lists 'BNC' only as a weak alias.
    assert_no_hit_on("BNC", "306");
}

#[test]
fn hit_explains_which_tokens_aligned() {
    let s = screener();
    let index = NameIndex::build(s.lists());
    let m = index
        .search("MABRUKA TRADING CO LLC", THRESHOLD, &[])
        .remove(0);
    let pair = m
        .alignment
        .pairs
        .iter()
        .find(|p| p.query == "MABRUKA")
        .unwrap();
    assert_eq!(pair.list, "MABROOKA");
    assert!(pair.similarity > 0.9 && pair.similarity < 1.0);
    assert!(
        m.alignment
            .pairs
            .iter()
            .any(|p| p.query == "LLC" && p.list == "LLC")
    );
}

/// Stage one (candidates) must never lose a name that stage two would score above the
/// threshold: compare the index with scoring every list name.
#[test]
fn index_finds_everything_a_full_scan_finds() {
    let lists = bundled();
    let index = NameIndex::build(&lists);
    let queries = [
        "MABRUKA TRADING CO LLC",
        "Nicolas Maduro",
        "HAO FAN",
        "KOREA TRADING CORP",
        "GULF HORIZON",
        "HESONG",
        "ELECTRONIC COMPONENTS",
        "RUSSIAN ELECTRONICS OJSC",
        "MOHSEN",
        "SEA LANTERN",
        "CHONGCHONGANG SHIPPING",
        "BANCO NACIONAL",
        "VOLKANOV",
        "TRIDENT REEF",
        "11420",
    ];
    let mut compared = 0;
    for threshold in [0.6, 0.75, 0.85] {
        for q in queries {
            let query = tokenize_name(q, EntityKind::Unknown);
            let mut expected: Vec<(String, f64)> = Vec::new();
            for list in &lists {
                for e in &list.entries {
                    let names = std::iter::once(e.name.as_str())
                        .chain(e.aliases.iter().map(|a| a.name.as_str()));
                    let best = names
                        .map(|n| align(&query, &ListName::new(n, e.kind)).score)
                        .fold(0.0, f64::max);
                    if best >= threshold {
                        expected.push((e.id.clone(), best));
                    }
                }
            }
            let mut found: Vec<(String, f64)> = index
                .search(q, threshold, &[])
                .into_iter()
                .map(|m| (lists[m.list].entries[m.entry].id.clone(), m.alignment.score))
                .collect();
            expected.sort_by(|a, b| a.0.cmp(&b.0));
            found.sort_by(|a, b| a.0.cmp(&b.0));
            assert_eq!(found, expected, "query {q:?} at {threshold}");
            compared += expected.len();
        }
    }
    assert!(
        compared > 30,
        "the queries should find something to compare: {compared}"
    );
}

/// The evaluation harness on the bundled lists: a regression guard for recall and false
/// alerts (the real figures, on the real lists, come from `hubscreen eval`).
#[test]
fn evaluation_on_bundled_lists_keeps_recall_and_alerts_nothing_clean() {
    use hubscreen::screen::eval;
    let lists = bundled();
    let index = NameIndex::build(&lists);
    let mut labelled = eval::variants(&lists, 300, 7);
    labelled.extend(eval::clean_negatives(&lists, 300, 7).0);
    let r = eval::evaluate(&index, &lists, &labelled, THRESHOLD, 15);
    assert!(r.persons.variants > 0 && r.companies.variants > 0);
    assert!(r.persons.recall >= 0.9, "{:?}", r.persons);
    // Today's level on these lists is 0.89: the issue 4 target of 0.98 is not reached yet.
    assert!(
        r.companies.recall >= 0.85,
        "{:?} missed {:#?}",
        r.companies,
        r.missed
    );
    assert_eq!(
        r.persons.false_alerts + r.companies.false_alerts,
        0,
        "{:?}",
        r.false_alerts
    );
}

#[test]
fn abbreviated_word_matches_its_full_form() {
    let hit = assert_matches("GULF HORIZON GEN. TRADING FZE", "HW-0001");
    assert!(hit.score >= 0.92, "GEN is short for GENERAL: {hit:?}");
}

#[test]
fn short_names_one_letter_apart_are_different_names() {
    let s = screener();
    let index = NameIndex::build(s.lists());
    let a = align(
        &tokenize_name("JOHN CHEN", EntityKind::Unknown),
        &ListName::new("CHAN, John", EntityKind::Person),
    );
    assert!(a.score < THRESHOLD, "{a:?}");
    assert!(!index.is_empty());
}

/// The same check on a list big enough for token rarity to count and with common tokens
/// (`MOHAMMAD`, `TRADING`) in many names, where stage one skips the common tokens: the pruned
/// search must return exactly what scoring every name returns.
#[test]
fn pruning_loses_nothing_on_a_large_list() {
    use hubscreen::lists::{ListEntry, ListFormat};
    use hubscreen::screen::eval;
    let entries: Vec<ListEntry> = eval::clean_names(1_500, 7)
        .into_iter()
        .enumerate()
        .map(|(i, n)| {
            serde_json::from_value(serde_json::json!({
                "id": format!("G{i}"),
                "kind": n.kind,
                "name": n.query,
            }))
            .expect("entry")
        })
        .collect();
    let list = WatchList {
        name: "GENERATED".into(),
        format: ListFormat::AgencyCsv,
        version: "test".into(),
        content_hash: String::new(),
        files: Vec::new(),
        entries,
        problems: Vec::new(),
    };
    let lists = vec![list];
    let index = NameIndex::build(&lists);
    let mut queries: Vec<String> = eval::variants(&lists, 150, 3)
        .into_iter()
        .map(|l| l.query)
        .collect();
    queries.extend(eval::clean_names(150, 11).into_iter().map(|l| l.query));
    let mut compared = 0;
    for threshold in [0.75, 0.85] {
        for q in &queries {
            let ids = |ms: Vec<hubscreen::screen::names::NameMatch>| -> Vec<(usize, f64)> {
                let mut v: Vec<(usize, f64)> = ms
                    .into_iter()
                    .map(|m| (m.entry, m.alignment.score))
                    .collect();
                v.sort_by_key(|a| a.0);
                v
            };
            let pruned = ids(index.search(q, threshold, &[]));
            let every = ids(index.search_every_name(q, threshold, &[]));
            assert_eq!(pruned, every, "query {q:?} at {threshold}");
            compared += every.len();
        }
    }
    assert!(
        compared > 300,
        "the queries should find matches: {compared}"
    );
}

/// The index read back from the cache finds exactly what the freshly built one finds; a
/// damaged cache file is rebuilt, never trusted; other lists get their own file.
#[test]
fn cached_index_is_the_built_index() {
    use hubscreen::screen::index_cache::{CacheUse, load_or_build};
    let lists = bundled();
    let dir = tempfile::tempdir().unwrap();
    let (built, first) = load_or_build(&lists, Some(dir.path()));
    let CacheUse::Saved(path) = first else {
        panic!("first load should build and save: {first:?}")
    };
    let (read, second) = load_or_build(&lists, Some(dir.path()));
    assert_eq!(second, CacheUse::Loaded(path.clone()));
    assert_eq!(read.len(), built.len());
    for q in [
        "MABRUKA TRADING CO LLC",
        "Nicolas Maduro",
        "HAO FAN 2",
        "MOHSEN HODJATI",
        "GULF HORIZON GEN TRADING",
    ] {
        let a: Vec<_> = built.search(q, 0.6, &[]);
        let b: Vec<_> = read.search(q, 0.6, &[]);
        assert_eq!(a, b, "{q}");
    }
    // Flip one byte in the middle: the checksum catches it and the index is rebuilt.
    let mut bytes = std::fs::read(&path).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0xff;
    std::fs::write(&path, &bytes).unwrap();
    let (_, third) = load_or_build(&lists, Some(dir.path()));
    assert_eq!(third, CacheUse::Saved(path.clone()));
    // Fewer lists, another key, another file. The save drops the older cache file and a
    // temporary file left by a process that stopped while writing, not one being written now.
    let stale = dir.path().join("names-0123.tmp4242");
    let fresh = dir.path().join("names-4567.tmp4343");
    for (file, age) in [(&stale, 2 * 3600), (&fresh, 0)] {
        let f = std::fs::File::create(file).unwrap();
        f.set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(age))
            .unwrap();
    }
    let (_, other) = load_or_build(&lists[..1], Some(dir.path()));
    let CacheUse::Saved(other) = other else {
        panic!("other lists should build and save: {other:?}")
    };
    assert_ne!(other, path);
    let mut left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    left.sort();
    let mut expected = vec![fresh, other];
    expected.sort();
    assert_eq!(left, expected);
}

/// The same list file read by a reader that now reads its names differently (a packed alias
/// split into its spellings) must not be served yesterday's index: the cache key covers the
/// names as read, not only the file's hash, version and entry count.
#[test]
fn a_cached_index_is_not_reused_when_the_names_read_from_the_same_file_change() {
    use hubscreen::screen::index_cache::{CacheUse, load_or_build};
    let lists = bundled();
    let dir = tempfile::tempdir().unwrap();
    let (_, first) = load_or_build(&lists, Some(dir.path()));
    assert!(matches!(first, CacheUse::Saved(_)), "{first:?}");
    let mut reread = lists.clone();
    let entry = reread[0]
        .entries
        .iter_mut()
        .find(|e| !e.aliases.is_empty())
        .expect("a bundled entry with an alias");
    entry.aliases[0].name.push_str("; ANOTHER SPELLING");
    let (_, second) = load_or_build(&reread, Some(dir.path()));
    assert!(
        matches!(second, CacheUse::Saved(_)),
        "the changed names must be indexed again, not read from the cache: {second:?}"
    );
}
