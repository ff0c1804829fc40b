//! The matcher on variants the list publishers wrote, from the real lists in `../shared/data`
//! (skipped, loudly, when they are absent; a failure with `HUBSCREEN_REQUIRE_SHARED=1`).

mod common;

use hubscreen::lists::WatchList;
use hubscreen::lists::ofac_csv::{OfacFileSet, read};
use hubscreen::screen::eval::{evaluate, real};
use hubscreen::screen::names::NameIndex;
use hubscreen::source::Source;

/// OFAC's 2024 SDN file with the 2025 alias file: the newer publication.
fn ofac_newer() -> Option<WatchList> {
    let sdn = common::shared("lists/ofac/sdn_2024-05-03/sdn.csv")?;
    let alt = common::shared("lists/ofac/alt_2025-08-11.csv")?;
    let set = OfacFileSet {
        primary: Source::read(&sdn).expect("sdn"),
        addresses: None,
        aliases: Some(Source::read(&alt).expect("alt")),
        comments: None,
        list_name: "OFAC SDN".into(),
        missing: Vec::new(),
    };
    Some(read(&set).expect("newer OFAC set"))
}

/// Names OFAC added after 2021 for entries it listed in 2021, screened against the 2021 list:
/// a longer rendering of a listed name (a patronymic, a second given name) and a legal form
/// written out are found, and every reordering is.
#[test]
fn names_ofac_added_later_are_found_against_the_older_list() {
    let Some(old) = common::shared("lists/ofac/full_2021-07-07/sdn.csv") else {
        return;
    };
    let Some(newer) = ofac_newer() else { return };
    let older = vec![common::load_one(&old)];
    let set = real::later_added(&older, &[newer]);
    assert!(set.labelled.len() > 100, "{}", set.labelled.len());
    let index = NameIndex::build(&set.lists);
    let report = evaluate(&index, &set.lists, &set.labelled, 0.85, 0);
    eprintln!(
        "later-added, OFAC 2021 against 2024 SDN + 2025 aliases: persons {:.3} ({}/{}), \
         companies {:.3} ({}/{}); by difference {:?}",
        report.persons.recall,
        report.persons.found,
        report.persons.variants,
        report.companies.recall,
        report.companies.found,
        report.companies.variants,
        report.by_difference
    );
    for kind in ["persons", "companies"] {
        for difference in ["reordered", "legal form"] {
            if let Some(r) = report.by_difference[kind].get(difference) {
                assert_eq!(r.found, r.variants, "{kind} {difference}: {r:?}");
            }
        }
    }
    let found = |query: &str| {
        let l = set
            .labelled
            .iter()
            .find(|l| l.query == query)
            .unwrap_or_else(|| panic!("{query} is not a later-added name"));
        let (list, id) = l.source.clone().expect("source");
        index
            .search(query, 0.85, &[])
            .iter()
            .any(|m| set.lists[m.list].name == list && set.lists[m.list].entries[m.entry].id == id)
    };
    for query in [
        // A patronymic the 2021 name lacks.
        "Arkady Romanovich ROTENBERG",
        "Igor Ivanovich SECHIN",
        // A second given name.
        "Tandabantu Godwin MATANGA",
        // A longer rendering of an organisation's name.
        "SYRIAN MILITARY INTELLIGENCE DIRECTORATE",
    ] {
        assert!(found(query), "{query}");
    }
}

/// Leave-one-out on the UN list: a name left out of the index is screened against the
/// entry's other names. Word order and legal forms never cost a match.
#[test]
fn un_names_left_out_are_found_whatever_their_order_or_legal_form() {
    let Some(path) = common::shared("lists/un/UN_consolidated.xml") else {
        return;
    };
    let lists = vec![common::load_one(&path)];
    let set = real::leave_one_out(&lists, 10_000, 1);
    assert!(set.labelled.len() > 200, "{}", set.labelled.len());
    let index = NameIndex::build(&set.lists);
    let report = evaluate(&index, &set.lists, &set.labelled, 0.85, 0);
    eprintln!("UN leave-one-out: {:?}", report.by_difference);
    for (kind, groups) in &report.by_difference {
        for difference in ["reordered", "legal form"] {
            if let Some(r) = groups.get(difference) {
                assert_eq!(r.found, r.variants, "{kind} {difference}: {r:?}");
            }
        }
    }
}

/// `hubscreen eval --real` on the bundled lists reports each seed apart, with the
/// leave-one-out set sorted by kind of difference (no `../shared` needed).
#[test]
fn eval_reports_real_variants_per_seed() {
    let home = tempfile::tempdir().unwrap();
    let out = common::hubscreen_at(home.path())
        .args([
            "eval",
            "--real",
            "--seed",
            "1,2",
            "--per-kind",
            "50",
            "--format",
            "json",
        ])
        .output()
        .expect("run hubscreen eval");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let runs: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let runs = runs.as_array().expect("one report per seed");
    let seeds: Vec<u64> = runs.iter().map(|r| r["seed"].as_u64().unwrap()).collect();
    assert_eq!(seeds, [1, 2]);
    for run in runs {
        let loo = &run["leave_one_out"];
        let variants = loo["persons"]["variants"].as_u64().unwrap()
            + loo["companies"]["variants"].as_u64().unwrap();
        assert!(variants > 0, "{loo}");
        assert!(
            loo["by_difference"]
                .as_object()
                .is_some_and(|kinds| !kinds.is_empty()),
            "{loo}"
        );
        assert!(run["generated"]["persons"]["variants"].as_u64().unwrap() > 0);
    }
}

/// The UN list gives many names in Arabic script beside their Latin spellings. With every
/// Arabic-script name taken out of the index, each is screened against the rest: a name a
/// manifest writes in Arabic or Persian script finds the entry by its Latin names, and seldom
/// another entry.
#[test]
fn un_names_in_arabic_script_find_their_entry_by_its_latin_names() {
    use hubscreen::text::abjad::is_abjad_name;
    let Some(path) = common::shared("lists/un/UN_consolidated.xml") else {
        return;
    };
    let mut lists = vec![common::load_one(&path)];
    let mut queries: Vec<(String, String)> = Vec::new();
    for entry in &mut lists[0].entries {
        let (arabic, latin): (Vec<_>, Vec<_>) = std::mem::take(&mut entry.aliases)
            .into_iter()
            .partition(|a| is_abjad_name(&a.name));
        entry.aliases = latin;
        entry.weak_aliases.retain(|w| !is_abjad_name(w));
        queries.extend(arabic.into_iter().map(|a| (a.name, entry.id.clone())));
    }
    assert!(queries.len() > 200, "{} Arabic-script names", queries.len());
    let index = NameIndex::build(&lists);
    let (mut found, mut elsewhere) = (0, 0);
    for (query, id) in &queries {
        let hits = index.search(query, 0.85, &[]);
        let own = |m: &&hubscreen::screen::names::NameMatch| lists[0].entries[m.entry].id == *id;
        found += usize::from(hits.iter().any(|m| own(&m)));
        elsewhere += usize::from(hits.iter().any(|m| !own(&m)));
    }
    eprintln!(
        "UN Arabic-script names against the UN's Latin names: {found} of {} found, {elsewhere} \
         hit another entry",
        queries.len()
    );
    // Before the matcher read Arabic script by its consonants, none was found.
    assert!(found * 2 > queries.len(), "{found} of {}", queries.len());
    assert!(
        elsewhere * 20 < queries.len(),
        "{elsewhere} of {}",
        queries.len()
    );
}
