//! The matcher's unit tests: scoring rules as named cases, the index's forms and cache round
//! trip, and the pruning bounds checked against a full comparison.

use super::super::normalize::TokenClass;
use super::*;
use crate::lists::WatchList;
use probe::{REACH, REACH_SHORT, initial_slots, least_shared, least_shared_for, may_reach};
use score::{
    EXTENDED_WORD_SIMILARITY, MIN_PAIR_SIMILARITY, SHORT_TOKEN_MIN_SIMILARITY, exact_only,
    inside_with_two_more, is_patronymic, stretch,
};

fn listed(id: &str, kind: &str, name: &str) -> crate::lists::ListEntry {
    serde_json::from_value(serde_json::json!({"id": id, "kind": kind, "name": name}))
        .expect("entry")
}

/// One list holding `entries`, in the agency format.
fn one_list(entries: Vec<crate::lists::ListEntry>) -> Vec<WatchList> {
    vec![WatchList::of_entries("T", entries)]
}

/// The ids of the entries `query` hits at the default threshold, best first.
fn ids_found(index: &NameIndex, lists: &[WatchList], query: &str) -> Vec<String> {
    index
        .search(query, 0.85, &[])
        .iter()
        .map(|m| lists[m.list].entries[m.entry].id.clone())
        .collect()
}

fn score(query: &str, listed: &str, kind: EntityKind) -> f64 {
    align(
        &tokenize_name(query, EntityKind::Unknown),
        &ListName::new(listed, kind),
    )
    .score
}

#[test]
fn a_name_repeated_across_lists_is_scored_once_and_reported_for_each_entry() {
    let mut first = listed("1", "organization", "Mabruka Trading Co");
    first.aliases.push(crate::lists::Alias {
        name: "MABRUKA TRADING CO.".into(),
        kind: "aka".into(),
    });
    let mut second = listed("2", "organization", "MABRUKA HOLDING CO");
    second.weak_aliases.push("Mabruka Trading Co".into());
    let mut lists = one_list(vec![first, listed("3", "person", "Mabruka Trading Co")]);
    lists.extend(one_list(vec![
        second,
        listed("9", "organization", "MABRUKA TRADING CO"),
    ]));
    let index = NameIndex::build(&lists);
    // Six names, three forms: the company name (four names), the holding, the person.
    assert_eq!(index.len(), 6);
    assert_eq!(index.form_facts.len(), 3);

    let found = index.search("MABRUKA TRADNG CO", 0.85, &[]);
    let ids: Vec<_> = found
        .iter()
        .map(|m| (m.list, lists[m.list].entries[m.entry].id.as_str()))
        .collect();
    // Entry 3 is a person: a name with a legal form is not screened against persons.
    assert_eq!(ids, [(0, "1"), (1, "9")], "{found:#?}");
    // Of an entry's names that score the same, the first is reported, in its own spelling.
    assert_eq!(found[0].matched_name, "Mabruka Trading Co");
    assert_eq!(found[0].matched_kind, NameKind::Primary);
    assert_eq!(found[1].matched_name, "MABRUKA TRADING CO");
    // The same name as a weak alias only corroborates: entry 2 is not reported for it.
    assert!(found.iter().all(|m| m.corroborating_weak_alias.is_none()));
    let by_weak = index.search("MABRUKA TRADING CO", 0.85, &[EntityKind::Organization]);
    assert_eq!(by_weak.len(), 2, "{by_weak:#?}");
    assert_eq!(
        by_weak,
        index.search_every_name("MABRUKA TRADING CO", 0.85, &[EntityKind::Organization])
    );

    // The forms are kept in the cache; forms that do not read alike are refused.
    let copy = NameIndex::from_bytes(&index.to_bytes()).expect("round trip");
    assert_eq!(copy.form_of, index.form_of);
    assert_eq!(copy.form_names, index.form_names);
    assert_eq!(copy.search("MABRUKA TRADNG CO", 0.85, &[]), found);
    let mut merged = index.clone();
    merged.form_of = vec![0; merged.names.len()];
    assert!(NameIndex::from_bytes(&merged.to_bytes()).is_none());
}

/// A cache read back for other lists than it was built from is not used.
#[test]
fn an_index_refers_only_within_its_lists() {
    let lists = one_list(vec![
        listed("1", "organization", "ACME TRADING"),
        listed("2", "person", "Ivan PETROV"),
    ]);
    let index = NameIndex::build(&lists);
    assert!(index.refers_within(&lists));
    let shorter = one_list(vec![listed("1", "organization", "ACME TRADING")]);
    assert!(!index.refers_within(&shorter));
    assert!(!index.refers_within(&[]));
}

#[test]
fn exact_name_scores_one() {
    assert_eq!(
        score(
            "HESONG TRADING CORPORATION",
            "HESONG TRADING CORPORATION",
            EntityKind::Organization
        ),
        1.0
    );
}

#[test]
fn each_token_is_used_once() {
    let a = align(
        &tokenize_name("VLADIMIR", EntityKind::Unknown),
        &ListName::new("VLADIMIROV, Vladimir Vladimirovich", EntityKind::Person),
    );
    assert_eq!(a.pairs.len(), 1, "{a:?}");
    assert_eq!(a.unmatched_list, vec!["VLADIMIROVICH", "VLADIMIROV"]);
    assert!(a.score < 0.75, "one name of three is no match: {a:?}");
}

#[test]
fn fast_jaro_winkler_agrees_with_strsim() {
    let words = [
        "MABRUKA",
        "MABROOKA",
        "HODJATI",
        "HOJATI",
        "MARTHA",
        "MARHTA",
        "DIXON",
        "DICKSONX",
        "A",
        "AB",
        "",
        "KOREA",
        "CAIRO",
        "VLADIMIROVICH",
    ];
    for a in words {
        for b in words {
            let fast = jaro_winkler(a.as_bytes(), b.as_bytes());
            let reference = strsim::jaro_winkler(a, b);
            assert!(
                (fast - reference).abs() < 1e-9,
                "{a} {b}: {fast} vs {reference}"
            );
        }
    }
    // Seeded random pairs over a small alphabet, so that letters repeat and windows
    // overlap, of every length up to the 64 the fast path handles.
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    for _ in 0..20_000 {
        let word = |next: &mut dyn FnMut(u64) -> u64| {
            let len = next(65) as usize;
            (0..len)
                .map(|_| char::from(b"ABCDE0"[next(6) as usize]))
                .collect::<String>()
        };
        let (a, b) = (word(&mut next), word(&mut next));
        let fast = jaro_winkler(a.as_bytes(), b.as_bytes());
        let reference = textbook_jaro_winkler(a.as_bytes(), b.as_bytes());
        assert!(
            (fast - reference).abs() < 1e-9,
            "{a} {b}: {fast} vs {reference}"
        );
    }
}

/// Jaro-Winkler as the textbook loop writes it, with half transpositions unrounded and the
/// prefix bonus always applied (see [`jaro_winkler`]).
fn textbook_jaro_winkler(a: &[u8], b: &[u8]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return if a.len() == b.len() { 1.0 } else { 0.0 };
    }
    let window = (a.len().max(b.len()) / 2).saturating_sub(1);
    let (mut a_flag, mut b_flag) = (vec![false; a.len()], vec![false; b.len()]);
    let mut matches = 0;
    for (i, &ca) in a.iter().enumerate() {
        for j in i.saturating_sub(window)..(i + window + 1).min(b.len()) {
            if !b_flag[j] && b[j] == ca {
                a_flag[i] = true;
                b_flag[j] = true;
                matches += 1;
                break;
            }
        }
    }
    if matches == 0 {
        return 0.0;
    }
    let a_matched = a.iter().zip(&a_flag).filter(|(_, f)| **f).map(|(c, _)| c);
    let b_matched = b.iter().zip(&b_flag).filter(|(_, f)| **f).map(|(c, _)| c);
    let transpositions = a_matched.zip(b_matched).filter(|(x, y)| x != y).count();
    let m = matches as f64;
    let jaro =
        (m / a.len() as f64 + m / b.len() as f64 + (m - transpositions as f64 / 2.0) / m) / 3.0;
    let prefix = a.iter().zip(b).take(4).take_while(|(x, y)| x == y).count() as f64;
    jaro + prefix * 0.1 * (1.0 - jaro)
}

#[test]
fn numbers_must_agree() {
    let a = align(
        &tokenize_name("HAO FAN 2", EntityKind::Unknown),
        &ListName::new("HAO FAN 6", EntityKind::Vessel),
    );
    assert!(a.score < 0.7, "{a:?}");
    assert!(
        a.adjustments[0].contains("numbers differ (2 vs 6)"),
        "{a:?}"
    );
}

#[test]
fn sister_company_with_other_legal_form_scores_lower() {
    let same = score(
        "ELECTRONIC COMPONENTS INDUSTRIES CO",
        "ELECTRONIC COMPONENTS INDUSTRIES CO",
        EntityKind::Organization,
    );
    let sister = align(
        &tokenize_name("ELECTRONIC COMPONENTS TRADING LLC", EntityKind::Unknown),
        &ListName::new(
            "ELECTRONIC COMPONENTS INDUSTRIES CO",
            EntityKind::Organization,
        ),
    );
    assert_eq!(same, 1.0);
    assert!(sister.score < 0.85, "{sister:?}");
    assert!(
        sister
            .adjustments
            .iter()
            .any(|a| a.contains("legal forms differ (LLC vs CO)")),
        "{sister:?}"
    );
}

#[test]
fn generic_words_alone_do_not_match() {
    let s = score(
        "GENERAL TRADING CO LLC",
        "SIRJANCO TRADING L.L.C.",
        EntityKind::Organization,
    );
    assert!(s < 0.5, "{s}");
}

#[test]
fn decorations_cost_little_lines_of_business_mark_a_sister() {
    assert!(
        score(
            "BOKO HARAM DUBAI UAE",
            "BOKO HARAM",
            EntityKind::Organization
        ) >= 0.85
    );
    assert!(
        score(
            "ARIA NIKAN IMPORT EXPORT",
            "ARIA NIKAN",
            EntityKind::Organization
        ) >= 0.85
    );
    let a = align(
        &tokenize_name("MARBLE INDUSTRIES LIMITED", EntityKind::Unknown),
        &ListName::new("MARBLE SHIPPING LTD", EntityKind::Organization),
    );
    assert!(a.score < 0.85, "{a:?}");
    assert!(
        a.adjustments
            .iter()
            .any(|x| x.contains("lines of business differ")),
        "{a:?}"
    );
}

#[test]
fn a_legal_form_phrase_with_a_typo_is_still_the_legal_form() {
    let a = align(
        &tokenize_name("LIMITED LIABILITY COMMPANY OSNOVA LAB", EntityKind::Unknown),
        &ListName::new(
            "LIMITED LIABILITY COMPANY OSNOVA LAB",
            EntityKind::Organization,
        ),
    );
    assert_eq!(a.score, 1.0, "{a:?}");
}

#[test]
fn a_one_word_family_name_left_out_costs_in_full() {
    let family = score("ANNA IVANOVNA", "OTKE, Anna Ivanovna", EntityKind::Person);
    let middle = score("ANNA OTKE", "OTKE, Anna Ivanovna", EntityKind::Person);
    // Without the family-name rule both would score alike.
    assert!(family + 0.04 < middle, "{family} {middle}");
}

#[test]
fn a_missing_patronymic_costs_less_than_another_middle_name() {
    let patronymic = score(
        "IGOR BORISOV",
        "BORISOV, Igor Vladimirovich",
        EntityKind::Person,
    );
    let middle = score(
        "IGOR BORISOV",
        "BORISOV, Igor Maximilian",
        EntityKind::Person,
    );
    assert!(patronymic > middle + 0.02, "{patronymic} {middle}");
    assert!(is_patronymic("IVANOVNA") && is_patronymic("OGLU"));
    assert!(!is_patronymic("IVANOV") && !is_patronymic("VICH"));
}

#[test]
fn a_word_inside_another_with_two_letters_more_is_another_word() {
    // `PARTS` sits inside `PARTNERS`: Jaro-Winkler alone says 0.93.
    let parts = score("PARTS", "PARTNERS", EntityKind::Organization);
    assert!(parts <= stretch(EXTENDED_WORD_SIMILARITY) + 1e-9, "{parts}");
    assert!(inside_with_two_more("FACO", "FALCON"));
    // One letter dropped is a typo.
    assert!(!inside_with_two_more("FALCN", "FALCON"));
    assert!(!inside_with_two_more("SOLAR", "SOLMAR"));
}

#[test]
fn two_names_each_common_in_the_lists_are_not_one_misspelt() {
    let mut entries = vec![listed("T", "person", "GONZALEZ, Sonia")];
    let names = ["ALVAREZ", "LOPEZ", "DIAZ", "RUIZ", "TORRES"];
    for (i, family) in names.iter().enumerate() {
        entries.push(listed(
            &format!("S{i}"),
            "person",
            &format!("{family}, Sonia"),
        ));
        entries.push(listed(
            &format!("F{i}"),
            "person",
            &format!("{family}, Sofia"),
        ));
    }
    let common = NameIndex::build(&one_list(entries));
    let rare = NameIndex::build(&one_list(vec![listed("T", "person", "GONZALEZ, Sonia")]));
    // The similarity of the query's first word to `SONIA` in the target's match.
    let first_pair = |index: &NameIndex, query: &str| {
        index
            .search(query, 0.5, &[])
            .iter()
            .find(|m| m.entry == 0)
            .and_then(|m| m.alignment.pairs.iter().find(|p| p.list == "SONIA"))
            .map_or(0.0, |p| p.similarity)
    };
    // `SOFIA` for `SONIA` could be a typo when only one of them is a known name ...
    assert!(first_pair(&rare, "SOFIA GONZALEZ") > EXTENDED_WORD_SIMILARITY);
    // ... not when the lists hold both, often.
    assert_eq!(
        first_pair(&common, "SOFIA GONZALEZ"),
        EXTENDED_WORD_SIMILARITY
    );
    // A typo that makes no common name is still a typo.
    assert!(first_pair(&common, "SONJA GONZALEZ") > EXTENDED_WORD_SIMILARITY);
    // The same text in a glued address is another token: what the index remembers of
    // one does not answer for the other.
    let after_address = common.clone();
    assert!(
        after_address
            .search("ACME UNIT 5 SOFIA", 0.5, &[])
            .is_empty()
    );
    assert_eq!(
        first_pair(&after_address, "SOFIA GONZALEZ"),
        EXTENDED_WORD_SIMILARITY
    );
}

#[test]
fn a_name_with_a_legal_form_is_not_screened_against_persons() {
    let lists = one_list(vec![
        listed("P", "person", "SANTOS"),
        listed("O", "organization", "SANTOS"),
    ]);
    let index = NameIndex::build(&lists);
    let found: Vec<usize> = index
        .search("SANTOS LLC", 0.5, &[])
        .iter()
        .map(|m| m.entry)
        .collect();
    assert_eq!(found, vec![1]);
    assert_eq!(index.search("SANTOS", 0.85, &[]).len(), 2);
}

#[test]
fn particles_and_hyphenated_parts_glued_still_match() {
    let lists = one_list(vec![
        listed("A", "organization", "JSC ARGUMENT"),
        listed("Z", "person", "MADANI, Zia-ur-Rahman"),
        listed("S", "person", "SHU, Quan-Sheng"),
    ]);
    let index = NameIndex::build(&lists);
    for (query, entry) in [
        ("JSCARGUMENT", 0),
        ("ZIA URRAHMAN MADANI", 1),
        ("QUANSHENG SHU", 2),
    ] {
        let found = index.search(query, 0.85, &[]);
        assert_eq!(
            found.first().map(|m| m.entry),
            Some(entry),
            "{query}: {found:?}"
        );
        assert_eq!(found[0].alignment.score, 1.0);
    }
}

#[test]
fn a_name_of_generic_words_only_is_found_whole_not_in_part() {
    let lists = one_list(vec![
        listed("G", "organization", "GENERAL TECHNOLOGY LIMITED"),
        listed("N", "organization", "AL NOOR GENERAL TRADING LLC"),
    ]);
    let index = NameIndex::build(&lists);
    for (query, expected) in [
        ("GENERAL TECHNOLOGY ISTANBUL LIMITED", vec![0]),
        ("GENERAL TRADING LLC", vec![]),
    ] {
        let found: Vec<usize> = index
            .search(query, 0.85, &[])
            .iter()
            .map(|m| m.entry)
            .collect();
        assert_eq!(found, expected, "{query}");
        let every: Vec<usize> = index
            .search_every_name(query, 0.85, &[])
            .iter()
            .map(|m| m.entry)
            .collect();
        assert_eq!(found, every, "{query}");
    }
}

#[test]
fn the_reach_table_is_the_jaro_winkler_bound() {
    for (reach, threshold) in [
        (REACH, MIN_PAIR_SIMILARITY),
        (REACH_SHORT, SHORT_TOKEN_MIN_SIMILARITY),
    ] {
        for a in 1..=40u32 {
            for b in 1..=40u32 {
                for m in 1..=a.min(b) {
                    for prefix in 0..=4usize {
                        let (mf, af, bf) = (f64::from(m), f64::from(a), f64::from(b));
                        let jaro_max = (mf / af + mf / bf + 1.0) / 3.0;
                        let best = jaro_max + 0.1 * prefix as f64 * (1.0 - jaro_max);
                        let exact = m >= u32::from(least_shared_for(&reach, a, b, prefix));
                        // The integer test keeps every pair the formula keeps, and drops
                        // every pair it drops but for ties lost to rounding.
                        if best >= threshold {
                            assert!(exact, "{m} {a} {b} {prefix}: {best}");
                        } else {
                            assert!(!exact || threshold - best < 1e-9, "{m} {a} {b} {prefix}");
                        }
                    }
                }
            }
        }
    }
    // `may_reach` is the same test as `least_shared`.
    for (a, b, m, prefix) in [(5, 7, 4, 0), (6, 6, 5, 1), (3, 9, 3, 4), (8, 4, 3, 2)] {
        assert_eq!(
            may_reach(m, a, b, prefix),
            m >= u32::from(least_shared(a, b, prefix))
        );
    }
}

/// The similar-token scan skips tokens by their character counts; it must find every
/// token of the scanned initials that a full comparison finds.
#[test]
fn the_similar_token_scan_misses_nothing() {
    use crate::screen::eval;
    let mut entries: Vec<_> = eval::clean_names(600, 7)
        .into_iter()
        .enumerate()
        .map(|(i, l)| {
            let kind = if l.kind == EntityKind::Person {
                "person"
            } else {
                "organization"
            };
            listed(&i.to_string(), kind, &l.query)
        })
        .collect();
    // Tokens past the 255 characters a count byte holds, on both sides.
    let long = "KARAGANDA".repeat(40);
    entries.push(listed("long", "organization", &format!("{long} MINING")));
    let lists = one_list(entries);
    let index = NameIndex::build(&lists);
    let mut queries: Vec<NameToken> = index.vocab.iter().map(|v| v.token.clone()).collect();
    for variant in eval::variants(&lists, 300, 9) {
        queries.extend(tokenize_name(&variant.query, EntityKind::Unknown));
    }
    for text in [format!("{long}X"), long[1..].to_string(), "K".repeat(300)] {
        queries.extend(tokenize_name(&text, EntityKind::Unknown));
    }
    let mut found = 0;
    for t in &queries {
        let fast: Vec<u32> = index
            .scan_similar_tokens(t)
            .iter()
            .map(|&(v, _)| v)
            .collect();
        let slots: Vec<usize> = initial_slots(t).collect();
        let full: Vec<u32> = if exact_only(t) {
            index.by_text.get(&t.text).copied().into_iter().collect()
        } else {
            (0..index.vocab.len() as u32)
                .filter(|&v| {
                    let other = &index.vocab[v as usize].token;
                    initial_slots(other).any(|s| slots.contains(&s))
                        && token_similarity(t, other) >= MIN_PAIR_SIMILARITY
                })
                .collect()
        };
        assert_eq!(
            fast,
            full,
            "{} {:?}",
            t.text,
            full.iter()
                .map(|&v| (
                    &index.vocab[v as usize].token.text,
                    token_similarity(t, &index.vocab[v as usize].token)
                ))
                .collect::<Vec<_>>()
        );
        found += full.len();
    }
    assert!(
        found > queries.len(),
        "{found} similar tokens for {} queries",
        queries.len()
    );
}

/// Every list word's similar tokens are found once, at build, and read back from the
/// cache: they must be what a scan finds, and a word of another class must still scan.
#[test]
fn a_list_word_reads_its_similar_tokens_found_at_build() {
    use crate::screen::eval;
    let entries: Vec<_> = eval::clean_names(300, 3)
        .into_iter()
        .enumerate()
        .map(|(i, l)| listed(&i.to_string(), "organization", &l.query))
        .collect();
    let index = NameIndex::build(&one_list(entries));
    let copy = NameIndex::from_bytes(&index.to_bytes()).expect("round trip");
    assert_eq!(copy.similar, index.similar);
    let mut with_similar = 0;
    for v in &index.vocab {
        let scanned = index.scan_similar_tokens(&v.token);
        assert_eq!(index.similar_tokens(&v.token), scanned, "{}", v.token.text);
        assert_eq!(copy.similar_tokens(&v.token), scanned, "{}", v.token.text);
        with_similar += usize::from(scanned.len() > 1);
    }
    assert!(
        with_similar > 10,
        "{with_similar} words with a similar word"
    );
    // The same text as a legal form aligns only with itself.
    let word = index
        .vocab
        .iter()
        .map(|v| &v.token)
        .find(|t| t.class == TokenClass::Word && index.similar_tokens(t).len() > 1)
        .expect("a word with a similar word");
    let as_legal_form = NameToken {
        class: TokenClass::LegalForm,
        ..word.clone()
    };
    assert_eq!(index.similar_tokens(&as_legal_form).len(), 1);
}

#[test]
fn a_query_holding_a_listed_persons_every_word_alerts_priced_by_what_is_extra() {
    let lists = one_list(vec![
        listed("E", "person", "IVANOVA, Elena"),
        listed("A", "organization", "ATLANTIC"),
        listed("S", "organization", "SHIPPING AGENCIES CO."),
        listed("M", "organization", "SYRIAN MILITARY INTELLIGENCE"),
    ]);
    let index = NameIndex::build(&lists);
    let found = |query: &str| -> Vec<(String, Alignment)> {
        let pruned = index.search(query, 0.85, &[]);
        let every = index.search_every_name(query, 0.85, &[]);
        assert_eq!(pruned, every, "{query}");
        pruned
            .into_iter()
            .map(|m| (lists[0].entries[m.entry].id.clone(), m.alignment))
            .collect()
    };
    for query in [
        "Elena Petrovna IVANOVA",
        "IVANOVA Elena Petrovna",
        "Elena Maria IVANOVA",
    ] {
        let hits = found(query);
        assert_eq!(hits.len(), 1, "{query}: {hits:?}");
        let (id, a) = &hits[0];
        assert_eq!(id, "E");
        assert!(a.score < 1.0, "what is extra costs something: {a:?}");
        assert!(
            a.adjustments
                .iter()
                .any(|x| x.contains("every word of the listed name is in the query")),
            "the explanation says why the extra word costs less: {a:?}"
        );
    }
    // A patronymic costs less than a second given name.
    let with = |q: &str| found(q)[0].1.score;
    assert!(with("Elena Petrovna IVANOVA") > with("Elena Maria IVANOVA"));
    // More of a one-word or generic name is another name.
    for query in [
        "ATLANTIC INTERNATIONAL TRADING A/S",
        "BLUE OCEAN SHIPPING AGENCIES CO., LTD",
        "NINGBO AGENCIES CO., LTD",
        "Maria IVANOVA",
    ] {
        assert!(found(query).is_empty(), "{query}: {:?}", found(query));
    }
    // A longer rendering of an organisation's name of several words.
    assert_eq!(found("SYRIAN MILITARY INTELLIGENCE DIRECTORATE")[0].0, "M");
}

#[test]
fn one_name_in_two_transliteration_systems_aligns_and_says_so() {
    let lists = one_list(vec![
        listed("G", "person", "GUBAREVA, Ekaterina"),
        listed("R", "person", "AHMADI, Reza"),
    ]);
    let index = NameIndex::build(&lists);
    for (query, id, said) in [
        ("Kateryna GUBAREVA", "G", "KATERYNA for EKATERINA"),
        ("Kateryna Yuriivna GUBAREVA", "G", "KATERYNA for EKATERINA"),
        ("Ridha AHMADI", "R", "RIDHA for REZA"),
    ] {
        let pruned = index.search(query, 0.85, &[]);
        assert_eq!(pruned, index.search_every_name(query, 0.85, &[]), "{query}");
        let m = pruned
            .first()
            .unwrap_or_else(|| panic!("{query} not found"));
        assert_eq!(lists[0].entries[m.entry].id, id, "{query}");
        assert!(
            m.alignment
                .adjustments
                .iter()
                .any(|a| a.contains(said) && a.contains("transliteration")),
            "{query}: {:?}",
            m.alignment
        );
    }
    // Names of different rows stay apart.
    assert!(index.search("Elena GUBAREVA", 0.85, &[]).is_empty());
}

#[test]
fn the_kinds_of_real_variant_the_issue_names_are_found() {
    let lists = one_list(vec![
        listed("W", "organization", "PMC WAGNER"),
        listed("F", "person", "FAKHRZADEH, Mohammad"),
        listed("B", "organization", "HORIZON NAVIGATION LLC"),
        listed(
            "A",
            "organization",
            "JOINT-STOCK COMPANY CONCERN ALMAZ-ANTEY",
        ),
        listed("S", "person", "WADI, Faisal"),
        listed("G", "organization", "GAZ GROUP"),
    ]);
    let index = NameIndex::build(&lists);
    for (query, id) in [
        // A single distinctive word with generic words on both sides.
        ("WAGNER GROUP", "W"),
        ("GAZ JSC", "G"),
        // Written apart.
        ("Mohammad FAKHR ZADEH", "F"),
        // Branch and office designators.
        ("HORIZON NAVIGATION LLC (DUBAI BRANCH)", "B"),
        ("HORIZON NAVIGATION LLC REPRESENTATIVE OFFICE", "B"),
        // Legal form and stock words transliterated.
        ("AO KONTSERN ALMAZ-ANTEI", "A"),
        // Y for I in a short word.
        ("Faisal WADY", "S"),
    ] {
        let pruned = index.search(query, 0.85, &[]);
        assert_eq!(pruned, index.search_every_name(query, 0.85, &[]), "{query}");
        let ids: Vec<&str> = pruned
            .iter()
            .map(|m| lists[0].entries[m.entry].id.as_str())
            .collect();
        assert_eq!(ids.first(), Some(&id), "{query}: {pruned:?}");
    }
    let branch = &index.search("HORIZON NAVIGATION LLC (DUBAI BRANCH)", 0.85, &[])[0];
    assert!(
        branch
            .alignment
            .adjustments
            .iter()
            .any(|a| a.contains("BRANCH read as a branch or office designator")),
        "{branch:?}"
    );
}

#[test]
fn a_query_with_the_listed_family_name_and_a_given_name_prices_its_extra_words_lower() {
    let lists = one_list(vec![listed(
        "A",
        "person",
        "ARELLANO FELIX, Javier Eduardo",
    )]);
    let index = NameIndex::build(&lists);
    let query = "Eduardo Ramon ARELLANO FELIX";
    let found = index.search(query, 0.85, &[]);
    assert_eq!(found, index.search_every_name(query, 0.85, &[]));
    let m = found.first().expect("found");
    assert!(
        m.alignment
            .adjustments
            .iter()
            .any(|a| a.contains("the listed family name and a given name are in the query")),
        "{m:?}"
    );
    // Without the family name whole, nothing is priced lower.
    assert!(index.search("Eduardo Ramon FELIX", 0.85, &[]).is_empty());
}

#[test]
fn a_name_in_arabic_or_persian_script_finds_its_latin_spelling() {
    // Names as the UN list gives them in both scripts.
    let lists = one_list(vec![
        listed("1", "person", "RAGHAD SADDAM HUSSEIN AL-TIKRITI"),
        listed("2", "person", "SULTAN HASHIM AHMAD AL-TA'I"),
        listed("3", "person", "MOHAMMAD AMAN AKHUND"),
        listed("4", "person", "HASAN, Ali"),
        listed("5", "person", "NAWFAL, Abbas"),
    ]);
    let index = NameIndex::build(&lists);
    let found = |q: &str| ids_found(&index, &lists, q);
    assert_eq!(found("رغد صدام حسين التكريتي"), ["1"]);
    assert_eq!(found("سلطان هاشم أحمد الطائي"), ["2"]);
    assert_eq!(found("محمد امان آخوند"), ["3"]);
    // Waw read as a consonant where the Latin writes one.
    assert_eq!(found("عباس نوفل"), ["5"]);
    // `HSYN` writes a long vowel after its `S`: it is Husayn, not Hasan.
    assert!(found("علي حسين").is_empty());
    assert_eq!(found("علي حسن"), ["4"]);
    // The explanation says how the words were compared.
    let hit = &index.search("علي حسن", 0.85, &[])[0];
    let summary = hit.alignment.summary();
    assert!(
        summary.contains("HSN for HASAN") && summary.contains("consonants and long vowels"),
        "{summary}"
    );
    // A Latin name of the same consonants but other long vowels is not an abjad match.
    assert!(!super::super::sound_key::abjad_fits("HSYN", "HASAN"));
    assert!(super::super::sound_key::abjad_fits("HSYN", "HUSAYN"));
    assert!(super::super::sound_key::abjad_fits("ZADH", "ZADEH"));
}

#[test]
fn a_word_the_lists_write_as_two_is_split_but_not_a_short_one() {
    let lists = one_list(vec![
        listed("W", "person", "WANG, Guo Ying"),
        listed("F", "person", "FARGHADANI, Rahim Reza"),
        listed("T", "person", "TAN, Wei"),
        listed("A", "person", "AKA, Kofi"),
    ]);
    let index = NameIndex::build(&lists);
    let found = |q: &str| ids_found(&index, &lists, q);
    assert_eq!(found("Guoying WANG"), ["W"]);
    assert_eq!(found("Rahimreza FARGHADANI"), ["F"]);
    // `TANAKA` is a name of its own, not `TAN AKA`.
    assert!(found("Wei TANAKA").is_empty());
}

#[test]
fn a_belarusian_or_ukrainian_h_meets_the_russian_g() {
    // Belarusian and Ukrainian write H where Russian names are transliterated with G.
    let lists = one_list(vec![
        listed("1", "person", "HAIDUKEVICH, Aleh Siarheevich"),
        listed("2", "person", "GALUSHKO, Mykola"),
    ]);
    let index = NameIndex::build(&lists);
    assert_eq!(ids_found(&index, &lists, "Aleh GAIDUKEVICH"), vec!["1"]);
    // With the patronymic in the other system too.
    assert_eq!(
        ids_found(&index, &lists, "Oleg Sergeevich GAIDUKEVICH"),
        vec!["1"]
    );
    assert_eq!(ids_found(&index, &lists, "Mykola HALUSHKO"), vec!["2"]);
    // Not for any word: an English or Arabic H is not a G.
    let lists = one_list(vec![listed("3", "person", "HASSAN, Ali")]);
    let index = NameIndex::build(&lists);
    assert!(ids_found(&index, &lists, "Ali GASSAN").is_empty());
}
