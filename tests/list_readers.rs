//! The list readers on fixtures written in the official formats, and on the real public files
//! in `../shared/data` when they are present.

mod common;

use common::{fixture, load_one, shared};
use hubscreen::lists::{self, ListFormat};
use hubscreen::model::{EntityKind, Severity};

#[test]
fn ofac_set_loads_with_its_companions_from_the_folder_or_the_primary_file() {
    let from_dir = load_one(&fixture("ofac"));
    let from_file = load_one(&fixture("ofac/sdn.csv"));
    assert_eq!(from_dir.entries, from_file.entries);
    assert_eq!(from_dir.name, "OFAC SDN");
    assert_eq!(from_dir.format, ListFormat::OfacCsv);
    assert_eq!(from_dir.files.len(), 4);
    // 12 rows, the 0x1A trailer is not an entry.
    assert_eq!(from_dir.entries.len(), 12);
    assert_eq!(from_dir.content_hash.len(), 64);
    assert!(
        from_dir.version.starts_with("file date "),
        "{}",
        from_dir.version
    );
}

#[test]
fn ofac_fields_nulls_programs_and_kinds_are_parsed() {
    let list = load_one(&fixture("ofac"));
    let by_id = |id: &str| list.entries.iter().find(|e| e.id == id).unwrap();

    let cuba = by_id("36");
    assert_eq!(cuba.name, "AEROCARIBBEAN AIRLINES");
    assert_eq!(cuba.kind, EntityKind::Organization);
    assert_eq!(cuba.remarks, None, "-0- is null");
    assert_eq!(cuba.aliases[0].name, "AERO-CARIBBEAN");
    assert_eq!(cuba.addresses, vec!["Havana, Cuba"]);
    assert_eq!(cuba.countries, vec!["CU"]);

    let maduro = by_id("22790");
    assert_eq!(maduro.kind, EntityKind::Person);
    assert_eq!(maduro.programs, vec!["VENEZUELA", "IRAN-CON-ARMS-EO"]);
    assert_eq!(maduro.facts.dates_of_birth, vec!["23 Nov 1962"]);
    assert_eq!(maduro.facts.nationalities, vec!["VE"]);

    let ebano = by_id("4243");
    assert_eq!(ebano.kind, EntityKind::Vessel);
    assert_eq!(ebano.facts.imo_numbers, vec!["7406784"]);
    assert_eq!(ebano.countries, vec!["PA"], "vessel flag");
    assert_eq!(ebano.weak_aliases, vec!["ANA I", "SAND SWAN"]);

    let russian = by_id("18770");
    let kinds: Vec<&str> = russian.aliases.iter().map(|a| a.kind.as_str()).collect();
    assert_eq!(kinds, vec!["aka", "fka"]);
}

#[test]
fn weak_aliases_stay_apart_from_strong_ones() {
    let list = load_one(&fixture("ofac"));
    let bank = list.entries.iter().find(|e| e.id == "306").unwrap();
    assert_eq!(bank.weak_aliases, vec!["BNC"]);
    assert!(bank.aliases.iter().all(|a| a.name != "BNC"));
    assert_eq!(bank.aliases[0].name, "NATIONAL BANK OF CUBA");
}

#[test]
fn remarks_cut_at_1000_characters_continue_from_the_comments_file() {
    let list = load_one(&fixture("ofac"));
    let tian = list.entries.iter().find(|e| e.id == "28263").unwrap();
    // The weak alias was cut mid-word: `'snowsjo` + `hn'` in sdn_comments.csv.
    assert_eq!(tian.weak_aliases, vec!["snowsjohn"]);
    assert_eq!(tian.facts.linked_to, vec!["LAZARUS GROUP"]);
    assert_eq!(tian.facts.nationalities, vec!["CN"]);
}

#[test]
fn companion_row_for_an_unknown_entry_is_reported_not_dropped_silently() {
    let list = load_one(&fixture("ofac"));
    let p = &list.problems;
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(p[0].severity, Severity::Warning);
    assert!(p[0].location.ends_with("add.csv:6"), "{}", p[0].location);
    assert!(p[0].message.contains("99999"), "{}", p[0].message);
}

#[test]
fn truncated_row_is_an_error_with_its_line_and_the_rest_still_loads() {
    let list = load_one(&fixture("ofac_truncated"));
    assert_eq!(list.entries.len(), 2);
    let errors: Vec<_> = list
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .collect();
    assert_eq!(errors.len(), 1, "{:?}", list.problems);
    assert!(
        errors[0].location.ends_with("sdn.csv:2"),
        "{}",
        errors[0].location
    );
    assert!(errors[0].message.contains("expected 12 fields, found 6"));
    // Missing add/alt/comments are said out loud too.
    assert_eq!(
        list.problems
            .iter()
            .filter(|p| p.severity == Severity::Warning)
            .count(),
        3
    );
}

#[test]
fn agency_list_reads_by_header_and_splits_lists() {
    let lists = lists::load_path(&fixture("agency/hub.csv")).unwrap();
    let names: Vec<&str> = lists.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(names, vec!["HUB WATCHLIST", "PORT POLICE LIST"]);
    let hub = &lists[0];
    assert_eq!(hub.format, ListFormat::AgencyCsv);
    assert_eq!(hub.entries.len(), 2);
    let gulf = &hub.entries[0];
    assert_eq!(gulf.id, "HW-1");
    assert_eq!(gulf.aliases.len(), 2);
    assert_eq!(gulf.countries, vec!["AE"]);
    let person = &hub.entries[1];
    assert_eq!(person.id, "ROW-3", "an empty id becomes ROW-<line>");
    assert_eq!(person.kind, EntityKind::Person);
    assert_eq!(person.aliases[0].name, "ВОЛКАНОВ Арсений Петрович");
    let port = &lists[1];
    assert_eq!(port.entries[0].kind, EntityKind::Vessel);
    let all_problems: Vec<_> = lists.iter().flat_map(|l| &l.problems).collect();
    assert_eq!(all_problems.len(), 1);
    assert!(all_problems[0].location.ends_with("hub.csv:4"));
}

#[test]
fn a_list_that_cannot_be_read_is_an_error_naming_the_file() {
    let err = lists::load_path(&fixture("manifests/aliases.csv")).unwrap_err();
    assert!(err.to_string().contains("aliases.csv"), "{err}");
    let err = lists::load_path(&fixture("no/such/list.csv")).unwrap_err();
    assert!(err.to_string().contains("list.csv"), "{err}");
    let empty = tempfile::tempdir().unwrap();
    let err = lists::load_path(empty.path()).unwrap_err();
    assert!(err.to_string().contains("no list entries found"), "{err}");
}

#[test]
fn companion_file_alone_is_refused_with_advice() {
    let err = lists::load_path(&fixture("ofac/alt.csv")).unwrap_err();
    assert!(err.to_string().contains("point --list at"), "{err}");
}

#[test]
fn bundled_lists_load_whole() {
    let lists = lists::bundled::watchlists().unwrap();
    assert!(
        lists.iter().all(|l| l.problems.is_empty()),
        "{:?}",
        lists.iter().map(|l| &l.problems).collect::<Vec<_>>()
    );
    let sdn = &lists[0];
    assert_eq!(sdn.name, "OFAC SDN");
    assert!(sdn.entries.len() >= 40);
    assert!(sdn.entries.iter().any(|e| e.id == "22790"));
    let goods = lists::bundled::goods().unwrap();
    assert_eq!(
        goods
            .hs_prefixes
            .iter()
            .filter(|p| p.list == "CHPL")
            .count(),
        50
    );
    assert!(goods.chemicals.iter().any(|c| c.cas == "111-48-8"));
}

#[test]
fn real_ofac_files_load_with_the_published_counts() {
    let Some(root) = shared("lists/ofac") else {
        return;
    };
    let full = load_one(&root.join("full_2021-07-07"));
    assert_eq!(full.entries.len(), 8_976);
    assert_eq!(
        full.names_indexed(),
        8_976 + 11_910,
        "primary names + alt.csv aliases"
    );
    assert_eq!(full.files.len(), 4);
    assert!(full.problems.is_empty(), "{:?}", full.problems);
    let with_weak = full
        .entries
        .iter()
        .filter(|e| !e.weak_aliases.is_empty())
        .count();
    assert!(
        with_weak > 500,
        "weak aliases parsed from remarks: {with_weak}"
    );
    let maduro = full.entries.iter().find(|e| e.id == "22790").unwrap();
    assert_eq!(maduro.name, "MADURO MOROS, Nicolas");

    let cons = load_one(&root.join("consolidated_nonsdn_2025-12"));
    assert_eq!(cons.name, "OFAC NON-SDN");
    assert_eq!(cons.entries.len(), 442);

    let mini = load_one(&root.join("mini_fixture"));
    assert_eq!(mini.entries.len(), 17);

    let may = load_one(&root.join("sdn_2024-05-03/sdn.csv"));
    assert_eq!(may.entries.len(), 14_965);
    let april = load_one(&root.join("sdn_2024-05-03/sdn_2024-04-26.csv"));
    assert_eq!(april.entries.len(), 14_668);
    let kinds = may.count_by_kind();
    assert_eq!(kinds["person"], 6_854);
    assert_eq!(kinds["organization"], 6_884);
    assert_eq!(kinds["vessel"], 851);
    assert_eq!(kinds["aircraft"], 376);
}
