//! The UK readers (OFSI `ConList.csv`, FCDO UK Sanctions List CSV) and the OpenSanctions FtM
//! reader, on fixtures written in the official formats and on the real public files in
//! `../shared/data` when present. Every file is loaded through `load_path`, so detection is
//! tested too.
//!
//! Fixture provenance: `uk/ofsi_conlist_first30cols.csv` is the OFSI format sample from
//! `../shared/data/lists/uk` (UK-OGL), `uk/UK_Sanctions_List_reduced.csv` holds rows of the
//! 2025-08-11 FCDO export (UK-OGL); the other fixtures are fictional parties written in the
//! official layouts.

mod common;

use std::collections::BTreeMap;

use common::{aliases, entry, fixture, load_one, shared};
use hubscreen::lists::{ListFormat, WatchList, opensanctions_ftm};
use hubscreen::model::{EntityKind, Severity};
use hubscreen::source::Source;

/// `(line, severity)` of each problem, the line taken from the `file:line` location.
fn problem_lines(list: &WatchList) -> Vec<(String, Severity)> {
    list.problems
        .iter()
        .map(|p| {
            let line = p.location.rsplit(':').next().unwrap_or("").to_string();
            (line, p.severity)
        })
        .collect()
}

// ---------------------------------------------------------------- OFSI ConList.csv

#[test]
fn ofsi_rows_of_one_group_id_are_one_entry_with_strong_weak_and_original_script_names() {
    let list = load_one(&fixture("uk/ConList.csv"));
    assert_eq!(list.name, "UK OFSI");
    assert_eq!(list.format, ListFormat::UkOfsiCsv);
    assert_eq!(list.version, "2026-06-03", "from the `Last Updated` row");
    assert_eq!(list.content_hash.len(), 64);
    assert_eq!(list.entries.len(), 3, "9 rows: 5 + 2 + 1 names, 1 nameless");

    let ivan = entry(&list, "99001");
    assert_eq!(ivan.kind, EntityKind::Person);
    assert_eq!(
        ivan.name, "Ivan Petrovich FICTIONOV",
        "Name 1..5 then Name 6"
    );
    assert_eq!(
        aliases(ivan),
        vec![
            ("Иван Петрович ФИКЦИОНОВ", "original-script"),
            ("Vanya FICTIONOV", "aka"),
            ("Ivan FIKTSIONOV", "aka"),
        ],
        "AKA and Prime Alias are strong; the repeated AKA row is one alias"
    );
    assert_eq!(ivan.weak_aliases, vec!["IVANUSHKA"], "Alias Quality Low");
    assert_eq!(
        ivan.addresses,
        vec![
            "1 Fictional Street, Moscow, 101000, Russia",
            "2 Seafront Avenue, Limassol, 3000, Cyprus",
        ],
        "the alias row written again for a second address adds the address"
    );
    assert_eq!(ivan.countries, vec!["RU", "CY"]);
    assert_eq!(
        ivan.facts.nationalities,
        vec!["RU", "CY"],
        "(1) Russia (2) Cyprus"
    );
    assert_eq!(ivan.facts.dates_of_birth, vec!["dd/mm/1960"], "as written");
    assert_eq!(ivan.programs, vec!["Russia"]);
    assert_eq!(ivan.details["uk_sanctions_list_ref"], "RUS9001");
    assert_eq!(ivan.details["listed_on"], "24/02/2022");
    assert_eq!(ivan.details["passport_number"], "750000001");
    assert!(
        ivan.remarks
            .as_deref()
            .is_some_and(|r| r.contains("(UK Statement of Reasons)")),
        "Other Information is a remark, never a name"
    );
}

#[test]
fn ofsi_alias_row_before_the_primary_name_row_does_not_become_the_name() {
    let list = load_one(&fixture("uk/ConList.csv"));
    let shipping = entry(&list, "99002");
    assert_eq!(shipping.kind, EntityKind::Organization);
    assert_eq!(shipping.name, "FICTIONAL SHIPPING LLC");
    assert_eq!(
        aliases(shipping),
        vec![("OOO FIKTIVNOE SUDOKHODSTVO", "aka")]
    );
}

#[test]
fn ofsi_ship_takes_its_imo_number_from_other_information() {
    let list = load_one(&fixture("uk/ConList.csv"));
    let petrel = entry(&list, "99003");
    assert_eq!(petrel.kind, EntityKind::Vessel);
    assert_eq!(petrel.name, "PETREL FICTION 8");
    assert_eq!(petrel.facts.imo_numbers, vec!["9123453"]);
}

#[test]
fn ofsi_row_without_any_name_is_reported_with_its_line_and_the_rest_loads() {
    let list = load_one(&fixture("uk/ConList.csv"));
    assert_eq!(problem_lines(&list), vec![("11".into(), Severity::Error)]);
    assert!(list.problems[0].location.ends_with("ConList.csv:11"));
    assert!(list.entries.iter().all(|e| e.id != "99004"));
}

#[test]
fn ofsi_conlist_cut_before_group_id_loads_each_row_as_an_entry_with_a_warning() {
    let list = load_one(&fixture("uk/ofsi_conlist_first30cols.csv"));
    assert_eq!(list.version, "2026-06-03");
    let ids: Vec<&str> = list.entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, vec!["ROW-3", "ROW-4"]);
    assert_eq!(list.entries[0].name, "Khizri Magomedovich ABAKAROV");
    assert_eq!(list.entries[1].name, "Vladimir PUTIN");
    assert_eq!(list.entries[1].facts.dates_of_birth, vec!["07/10/1952"]);
    assert_eq!(list.entries[1].details["uk_sanctions_list_ref"], "RUS0251");
    assert_eq!(problem_lines(&list), vec![("2".into(), Severity::Warning)]);
    assert!(list.problems[0].message.contains("Group ID"));
    // Only name columns are names: "Putin" in Abakarov's statement of reasons is no alias.
    assert!(list.entries[0].aliases.is_empty());
}

#[test]
fn real_ofsi_sample_loads_its_two_rows() {
    let Some(path) = shared("lists/uk/ofsi_conlist_sample_first30cols.csv") else {
        return;
    };
    let list = load_one(&path);
    assert_eq!(list.format, ListFormat::UkOfsiCsv);
    assert_eq!(list.entries.len(), 2);
    assert_eq!(list.entries[0].name, "Khizri Magomedovich ABAKAROV");
    assert_eq!(list.entries[0].facts.nationalities, vec!["RU"]);
}

// ---------------------------------------------------------- FCDO UK Sanctions List CSV

#[test]
fn uk_list_report_date_row_is_the_version() {
    let list = load_one(&fixture("uk/UK-Sanctions-List.csv"));
    assert_eq!(list.name, "UK SANCTIONS LIST");
    assert_eq!(list.format, ListFormat::UkSanctionsListCsv);
    assert_eq!(list.version, "2025-08-11", "Report Date: 11-Aug-2025");
    let ids: Vec<&str> = list.entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, vec!["RUS9001", "RUS9002", "RUS9003", "DPR9004"]);
}

#[test]
fn uk_list_person_named_in_rows_apart_is_one_entry_with_all_its_names() {
    let list = load_one(&fixture("uk/UK-Sanctions-List.csv"));
    let ivan = entry(&list, "RUS9001");
    assert_eq!(ivan.kind, EntityKind::Person);
    assert_eq!(ivan.name, "Ivan Petrovich FICTIONOV");
    assert_eq!(
        aliases(ivan),
        vec![
            ("Иван Петрович ФИКЦИОНОВ", "original-script"),
            ("Vanya FICTIONOV", "aka"),
        ]
    );
    assert_eq!(ivan.weak_aliases, vec!["IVANUSHKA"], "Low quality a.k.a");
    assert_eq!(ivan.facts.dates_of_birth, vec!["01/02/1960", "dd/mm/1961"]);
    assert_eq!(ivan.facts.nationalities, vec!["RU", "CY"]);
    assert_eq!(ivan.countries, vec!["RU", "CY"]);
    assert_eq!(ivan.addresses.len(), 2);
    assert_eq!(ivan.programs, vec!["Russia"]);
    assert_eq!(ivan.details["ofsi_group_id"], "99001");
    assert_eq!(ivan.details["designation_source"], "UK");
    assert_eq!(ivan.details["sanctions_imposed"], "Asset freeze|Travel Ban");
    assert_eq!(ivan.details["date_designated"], "24/02/2022");
}

#[test]
fn uk_list_entity_keeps_parent_and_subsidiaries_as_linked_parties() {
    let list = load_one(&fixture("uk/UK-Sanctions-List.csv"));
    let shipping = entry(&list, "RUS9002");
    assert_eq!(shipping.kind, EntityKind::Organization);
    assert_eq!(
        aliases(shipping),
        vec![
            ("OOO FIKTIVNOE SUDOKHODSTVO", "aka"),
            ("ООО ФИКТИВНОЕ СУДОХОДСТВО", "original-script"),
        ]
    );
    assert_eq!(
        shipping.facts.linked_to,
        vec!["FICTIONAL HOLDINGS JSC", "FICT ONE LTD", "FICT TWO LTD"]
    );
    assert_eq!(
        shipping.details["type_of_entity"],
        "Limited Liability Company"
    );
}

#[test]
fn uk_list_ship_is_a_vessel_with_imo_number_flag_and_owner() {
    let list = load_one(&fixture("uk/UK-Sanctions-List.csv"));
    let petrel = entry(&list, "RUS9003");
    assert_eq!(petrel.kind, EntityKind::Vessel);
    assert_eq!(petrel.name, "PETREL FICTION 8");
    assert_eq!(aliases(petrel), vec![("PETREL 8", "aka")]);
    assert_eq!(petrel.facts.imo_numbers, vec!["9123453"]);
    assert_eq!(petrel.countries, vec!["CM"], "current believed flag");
    assert_eq!(petrel.facts.linked_to, vec!["FICTIONAL SHIPPING LLC"]);
    assert_eq!(petrel.details["previous_flags"], "(1) Panama (2) Comoros");
    assert_eq!(petrel.details["type_of_ship"], "Crude Oil Tanker");
    assert_eq!(
        petrel.details["sanctions_imposed"],
        "Prohibition of port entry|Specification"
    );

    let star = entry(&list, "DPR9004");
    assert_eq!(star.kind, EntityKind::Vessel);
    assert_eq!(
        star.facts.imo_numbers,
        vec!["8405311"],
        "written IMO8405311"
    );
    assert_eq!(star.countries, vec!["KP"]);
    assert_eq!(star.details["un_reference_number"], "KPe.901");
    assert_eq!(star.details["designation_source"], "UN");
}

#[test]
fn uk_list_rows_without_a_name_or_a_unique_id_are_reported_and_skipped() {
    let list = load_one(&fixture("uk/UK-Sanctions-List.csv"));
    assert_eq!(
        problem_lines(&list),
        vec![
            ("12".into(), Severity::Error),
            ("13".into(), Severity::Error)
        ]
    );
    assert!(list.problems[0].message.contains("RUS9005"));
    assert!(list.problems[1].message.contains("no Unique ID"));
    assert!(list.entries.iter().all(|e| e.name != "Nobody NOID"));
}

#[test]
fn uk_reduced_export_reads_the_whole_name_column() {
    let list = load_one(&fixture("uk/UK_Sanctions_List_reduced.csv"));
    assert_eq!(list.format, ListFormat::UkSanctionsListCsv);
    assert!(list.version.starts_with("file date "), "{}", list.version);
    assert_eq!(list.entries.len(), 4);
    let putin = entry(&list, "RUS0251");
    assert_eq!(
        putin.name, "PUTIN Vladimir Vladimirovich",
        "as the export writes it"
    );
    assert_eq!(putin.kind, EntityKind::Person);
    assert_eq!(putin.details["ofsi_group_id"], "14196");
    let hao_fan = entry(&list, "DPR0076");
    assert_eq!(hao_fan.kind, EntityKind::Vessel);
    assert_eq!(
        hao_fan.details["sanctions_imposed"],
        "De-flag, Prohibition of port entry"
    );
    assert!(!hao_fan.details.contains_key("ofsi_group_id"));
    assert_eq!(entry(&list, "AFG0001").kind, EntityKind::Organization);
    assert_eq!(problem_lines(&list), vec![("5".into(), Severity::Error)]);
    assert!(list.problems[0].message.contains("BEL0174"));
}

#[test]
fn real_uk_reduced_export_loads_5300_of_its_5302_designations() {
    let Some(path) = shared("lists/uk/UK_Sanctions_List_2025-08-11.csv") else {
        return;
    };
    let list = load_one(&path);
    assert_eq!(list.format, ListFormat::UkSanctionsListCsv);
    // 5,302 rows, one per Unique ID (none repeats, so nothing merges); two rows have an empty
    // Name and are reported, not loaded: 3,754 - 2 individuals.
    assert_eq!(list.entries.len(), 5_300);
    let kinds = list.count_by_kind();
    assert_eq!(kinds["person"], 3_752);
    assert_eq!(kinds["organization"], 1_087);
    assert_eq!(kinds["vessel"], 461);
    assert_eq!(
        problem_lines(&list),
        vec![
            ("649".into(), Severity::Error),
            ("3524".into(), Severity::Error)
        ]
    );
    assert!(list.problems[0].message.contains("BEL0174"));
    assert!(list.problems[1].message.contains("RUS1467"));

    let putin = entry(&list, "RUS0251");
    assert_eq!(putin.name, "PUTIN Vladimir Vladimirovich");
    assert_eq!(putin.programs, vec!["Russia"]);
    let hao_fan = entry(&list, "DPR0076");
    assert_eq!(hao_fan.name, "Hao Fan 6");
    assert_eq!(hao_fan.kind, EntityKind::Vessel);
    assert_eq!(entry(&list, "AFG0007").name, "MOHAMMAD JAN Abdul Kabir");
    // One person designated under two regimes: two Unique IDs, one OFSI Group ID. They stay
    // two entries (each designation has its own measures).
    let (a, b) = (entry(&list, "AQD0194"), entry(&list, "SOM0003"));
    assert_eq!(a.name, "AWEYS HASSAN DAHIR");
    assert_eq!(a.name, b.name);
    assert_eq!(a.details["ofsi_group_id"], b.details["ofsi_group_id"]);
    assert_ne!(a.programs, b.programs);
}

// ------------------------------------------------------------- OpenSanctions FtM

#[test]
fn ftm_listed_person_takes_programs_and_authorities_from_sanctions_before_and_after_it() {
    let list = load_one(&fixture("ftm/entities.ftm.json"));
    assert_eq!(list.name, "OPENSANCTIONS");
    assert_eq!(list.format, ListFormat::OpenSanctionsFtm);
    assert_eq!(list.version, "2026-01-09", "latest last_change in the file");

    let ivan = entry(&list, "NK-person-1");
    assert_eq!(ivan.kind, EntityKind::Person);
    assert_eq!(ivan.name, "Ivan Petrovich FICTIONOV", "the caption");
    assert_eq!(
        aliases(ivan),
        vec![
            ("Ivan Fictionov", "aka"),
            ("Иван Петрович ФИКЦИОНОВ", "original-script"),
            ("Vanya FICTIONOV", "aka"),
            ("Ivan PETROV", "fka"),
        ],
        "other names and aliases strong, once each; previousName is fka"
    );
    assert_eq!(ivan.weak_aliases, vec!["IVANUSHKA"]);
    assert_eq!(
        ivan.programs,
        vec![
            "RUSSIA-EO14024",
            "The Russia (Sanctions) (EU Exit) Regulations 2019",
            "US-RUSHAR",
        ]
    );
    assert_eq!(
        ivan.details["authority"],
        "Office of Foreign Assets Control; Foreign, Commonwealth & Development Office"
    );
    assert_eq!(ivan.countries, vec!["RU", "CY"]);
    assert_eq!(
        ivan.facts.nationalities,
        vec!["RU", "CY"],
        "nationality + citizenship"
    );
    assert_eq!(ivan.facts.dates_of_birth, vec!["1960-02-01", "1961"]);
    assert_eq!(
        ivan.addresses,
        vec!["1 Fictional Street, Moscow"],
        "from the Address entity it points at"
    );
    assert_eq!(
        ivan.facts.linked_to,
        vec!["FICTIONAL HOLDINGS JSC"],
        "Directorship"
    );
    assert_eq!(ivan.details["topics"], "sanction");
    assert_eq!(ivan.details["datasets"], "us_ofac_sdn; gb_fcdo_sanctions");
}

#[test]
fn ftm_vessel_company_and_airplane_are_screened_with_their_links() {
    let list = load_one(&fixture("ftm/entities.ftm.json"));
    let ids: Vec<&str> = list.entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(
        ids,
        vec!["NK-person-1", "NK-vessel-1", "NK-company-1", "NK-plane-1"]
    );

    let petrel = entry(&list, "NK-vessel-1");
    assert_eq!(petrel.kind, EntityKind::Vessel);
    assert_eq!(
        petrel.facts.imo_numbers,
        vec!["9123453"],
        "written IMO9123453"
    );
    assert_eq!(petrel.countries, vec!["CM"], "flag");
    assert_eq!(aliases(petrel), vec![("PETREL 8", "fka")]);
    assert_eq!(
        petrel.facts.linked_to,
        vec!["FICTIONAL SHIPPING LLC"],
        "owner"
    );
    assert_eq!(petrel.details["mmsi"], "613000000");

    let shipping = entry(&list, "NK-company-1");
    assert_eq!(shipping.kind, EntityKind::Organization);
    assert_eq!(shipping.weak_aliases, vec!["FSL"]);
    assert_eq!(shipping.countries, vec!["RU"], "jurisdiction");
    assert_eq!(shipping.facts.linked_to, vec!["PETREL FICTION 8"], "asset");
    assert_eq!(shipping.details["registrationNumber"], "1000000000001");

    assert_eq!(entry(&list, "NK-plane-1").kind, EntityKind::Aircraft);
}

#[test]
fn ftm_broken_json_line_and_nameless_target_are_reported_and_the_rest_loads() {
    let list = load_one(&fixture("ftm/entities.ftm.json"));
    assert_eq!(
        problem_lines(&list),
        vec![
            ("8".into(), Severity::Error),
            ("15".into(), Severity::Error)
        ]
    );
    assert!(list.problems[1].message.contains("NK-noname"));
    assert_eq!(list.entries.len(), 4);
}

#[test]
fn ftm_entities_that_are_not_listed_parties_are_counted_not_screened() {
    let source = Source::read(&fixture("ftm/entities.ftm.json")).expect("fixture");
    let load = opensanctions_ftm::load(&source).expect("loads");
    let expected: BTreeMap<String, usize> = [
        ("Address", 1),
        ("Company (not a target)", 1),
        ("Directorship", 1),
        ("Ownership", 1),
        ("Passport", 1),
        ("Sanction", 3),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    assert_eq!(load.not_screened, expected);
    assert!(
        load.list
            .problems
            .iter()
            .all(|p| !p.message.contains("Sanction")),
        "skipped silently"
    );
}

#[test]
fn real_ftm_t1_screens_its_six_targets() {
    let Some(path) = shared("lists/opensanctions/t1_entities.ftm.json") else {
        return;
    };
    let list = load_one(&path);
    // 7 entities: 4 Person + 2 Organization targets; 1 Address, not a target.
    assert_eq!(list.entries.len(), 6);
    let kinds = list.count_by_kind();
    assert_eq!((kinds["person"], kinds["organization"]), (4, 2));
    assert_eq!(list.version, "2024-03-28");
    assert!(list.problems.is_empty(), "{:?}", list.problems);

    let kuzmenko = entry(&list, "NK-2Ka3UvopqbpZmVDFjWd4LA");
    assert_eq!(kuzmenko.name, "Vitaly Yurievich KUZMENKO");
    assert_eq!(
        aliases(kuzmenko),
        vec![
            ("Vitalij Kuzmenko", "aka"),
            ("Виталий Юрьевич КУЗЬМЕНКО", "original-script"),
        ]
    );
    assert_eq!(kuzmenko.facts.dates_of_birth, vec!["1971-01-22"]);
    assert_eq!(kuzmenko.facts.nationalities, vec!["RU"]);
    let irgc = entry(&list, "NK-2PacmNpiLUmoz4XD2mSt7A");
    assert_eq!(irgc.name, "IRGC");
    assert_eq!(
        aliases(irgc),
        vec![("Iranian Revolutionary Guard Corps", "aka")]
    );

    let source = Source::read(&path).expect("readable");
    let load = opensanctions_ftm::load(&source).expect("loads");
    assert_eq!(
        load.not_screened,
        BTreeMap::from([("Address".to_string(), 1)])
    );
}

#[test]
fn real_ftm_zala_screens_14_targets_of_91_entities() {
    let Some(path) = shared("lists/opensanctions/zala_entities.ftm.json") else {
        return;
    };
    let list = load_one(&path);
    // 91 entities: 6 Person + 8 Company targets are screened; 3 Companies are not targets.
    assert_eq!(list.entries.len(), 14);
    let kinds = list.count_by_kind();
    assert_eq!((kinds["person"], kinds["organization"]), (6, 8));
    assert_eq!(list.version, "2026-04-29");
    assert!(list.problems.is_empty(), "{:?}", list.problems);

    let source = Source::read(&path).expect("readable");
    let load = opensanctions_ftm::load(&source).expect("loads");
    let expected: BTreeMap<String, usize> = [
        ("Address", 11),
        ("Company (not a target)", 3),
        ("Directorship", 3),
        ("Family", 4),
        ("Ownership", 14),
        ("Passport", 1),
        ("Sanction", 41),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    assert_eq!(load.not_screened, expected);
    let counted: usize = load.not_screened.values().sum();
    assert_eq!(counted + list.entries.len(), 91);

    let zakharov = entry(&list, "NK-aU5ybkbRFJucf8YMwsJvDw");
    assert_eq!(zakharov.name, "Alexander Vyacheslavovich ZAKHAROV");
    assert_eq!(zakharov.kind, EntityKind::Person);
    assert_eq!(zakharov.facts.dates_of_birth, vec!["1965-09-21"]);
    assert!(zakharov.programs.iter().any(|p| p == "RUSSIA-EO14024"));
    assert!(zakharov.programs.iter().any(|p| p == "GB-RUS"), "programId");
    assert!(
        zakharov.details["authority"].contains("Office of Foreign Assets Control"),
        "from the Sanction entities naming him"
    );
    assert!(zakharov.facts.linked_to.iter().any(|n| n == "LLC CST"));

    let cst = entry(&list, "NK-abdzbEBkqyT29GyREbiURZ");
    assert_eq!(cst.name, "LLC CST");
    assert_eq!(cst.kind, EntityKind::Organization);
    assert!(cst.weak_aliases.iter().any(|w| w == "ZALA"));
    assert!(
        cst.aliases
            .iter()
            .any(|a| a.name == "TsST" && a.kind == "aka")
    );
    assert!(
        cst.aliases
            .iter()
            .all(|a| !cst.weak_aliases.contains(&a.name)),
        "a name is strong or weak, never both"
    );
}

#[test]
fn ftm_last_line_cut_in_the_middle_is_truncated() {
    let whole = std::fs::read_to_string(fixture("ftm/entities.ftm.json")).unwrap();
    let last = whole.trim_end().rfind('\n').unwrap() + 1;
    let cut = &whole[..last + 40];
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("entities.ftm.json");
    std::fs::write(&path, cut).unwrap();
    let err = hubscreen::lists::load_path(&path).unwrap_err();
    assert!(
        matches!(err, hubscreen::lists::ListError::Truncated { .. }),
        "{err}"
    );
    assert!(err.to_string().contains("entities.ftm.json:15"), "{err}");
}
