//! The trade.gov Consolidated Screening List CSV and the BIS Denied Persons List: fixtures in
//! the official layouts (real rows copied byte for byte, plus a few written to show a quirk),
//! and the real public files in `../shared/data` when they are present.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{fixture, shared};
use hubscreen::lists::{self, ListEntry, ListError, ListFormat, Problem, WatchList};
use hubscreen::model::{EntityKind, Severity};

fn load(path: &Path) -> Vec<WatchList> {
    lists::load_path(path).unwrap_or_else(|e| panic!("{e}"))
}

fn list<'a>(lists: &'a [WatchList], name: &str) -> &'a WatchList {
    lists
        .iter()
        .find(|l| l.name == name)
        .unwrap_or_else(|| panic!("no list {name}"))
}

fn named<'a>(list: &'a WatchList, name: &str) -> &'a ListEntry {
    list.entries
        .iter()
        .find(|e| e.name == name)
        .unwrap_or_else(|| panic!("no entry {name:?} in {}", list.name))
}

fn alias_names(entry: &ListEntry) -> Vec<&str> {
    entry.aliases.iter().map(|a| a.name.as_str()).collect()
}

fn all_problems(lists: &[WatchList]) -> Vec<&Problem> {
    lists.iter().flat_map(|l| &l.problems).collect()
}

/// Data rows per `source` in a real CSL file, counted independently of the reader.
fn csl_rows_per_source(path: &Path) -> BTreeMap<String, usize> {
    let mut reader = csv::Reader::from_path(path).expect("readable CSL");
    let mut counts = BTreeMap::new();
    for record in reader.records() {
        let record = record.expect("well-formed CSL row");
        *counts.entry(record[1].to_string()).or_insert(0) += 1;
    }
    counts
}

// ---- trade.gov Consolidated Screening List ------------------------------------------------

#[test]
fn csl_file_is_one_list_per_source_list_named_by_its_code() {
    let lists = load(&fixture("csl/consolidated.csv"));
    let names: Vec<&str> = lists.iter().map(|l| l.name.as_str()).collect();
    // In the order the file first names them.
    assert_eq!(
        names,
        vec![
            "CSL DPL",
            "CSL EL",
            "CSL SDN",
            "CSL PLC",
            "CSL CMIC",
            "CSL CAP",
            "CSL SSI",
            "CSL ISN",
            "CSL DTC",
            "CSL UVL",
            "CSL FSE",
            "CSL NS-MBS",
            "CSL MEU",
        ]
    );
    let counts: Vec<usize> = lists.iter().map(|l| l.entries.len()).collect();
    assert_eq!(counts, vec![2, 3, 8, 1, 1, 1, 1, 3, 2, 1, 1, 1, 1]);
    // 29 rows, 26 entries: I. ASH's three rows and AIR FREIGHT LTD's two are one entry each.
    assert_eq!(counts.iter().sum::<usize>(), 26);
    for l in &lists {
        assert_eq!(l.format, ListFormat::CslCsv);
        assert_eq!(l.content_hash, lists[0].content_hash);
        assert_eq!(l.content_hash.len(), 64);
        assert!(l.version.starts_with("file date "), "{}", l.version);
        assert_eq!(l.files.len(), 1);
        assert!(l.files[0].ends_with("consolidated.csv"));
    }
}

#[test]
fn dpl_person_repeated_once_per_address_in_the_csl_is_one_entry() {
    let lists = load(&fixture("csl/consolidated.csv"));
    let dpl = list(&lists, "CSL DPL");
    let ash = named(dpl, "I. ASH");
    assert_eq!(
        ash.id, "deb7a1d5743a85c354ca1a2c7f2664e2104b32d7",
        "first row's _id"
    );
    assert_eq!(ash.kind, EntityKind::Person);
    assert_eq!(
        ash.addresses,
        vec![
            "UPON THE DATE OF THE ORDER INCARCERATED AT USM NO: 26265-177, FCI SEAGOVILLE, 2113 \
             NORTH HIGHWAY 175, SEAGOVILLE, TX, 75159, US",
            "605 TRAIL LAKE DRIVE, RICHARDSON, TX, 75081, US",
            "908 AUDELIA ROAD, SUITE 200 #245, RICHARDSON, TX, 75081, US",
        ]
    );
    assert_eq!(ash.countries, vec!["US"]);
    assert_eq!(
        ash.details["merged_ids"],
        "a6c1a772480394015370092cb86cf002ff20af64; 1d14283e38a42b5886b73be7824da507db683773"
    );
    assert_eq!(ash.details["start_date"], "2003-06-19; 2002-03-04");
    assert_eq!(ash.details["end_date"], "2056-06-29");
    assert_eq!(ash.details["standard_order"], "Y");
    assert_eq!(
        ash.remarks.as_deref(),
        Some("FEDERAL REGISTER NOTICE UPDATED; 50 YEAR DENIAL")
    );
    assert!(ash.aliases.is_empty(), "{:?}", ash.aliases);

    let freight = named(dpl, "AIR FREIGHT LTD");
    assert_eq!(freight.kind, EntityKind::Organization, "legal form LTD");
    assert_eq!(freight.countries, vec!["JO", "IQ"]);
}

#[test]
fn entity_list_rows_keep_their_licence_terms_and_lose_the_and_artefact() {
    let lists = load(&fixture("csl/consolidated.csv"));
    let el = list(&lists, "CSL EL");

    let plant = named(el, "140 Repair Plant JSC");
    assert_eq!(plant.id, "4398d33e9e93c7477af39f1e0bfffc13ddd47bcc");
    assert_eq!(plant.kind, EntityKind::Organization);
    assert_eq!(
        alias_names(plant),
        vec![
            "Open Joint Stock Company 140 Repair Plant",
            "JSC 140 Repair Plant"
        ]
    );
    assert_eq!(
        plant.addresses,
        vec!["19 Luysi Chalovskoy St., Borisov, 222512, BY"]
    );
    assert_eq!(plant.countries, vec!["BY"]);
    assert_eq!(
        plant.details["license_requirement"],
        "For all items subject to the EAR. (See §§734.9(g),3 746.8(a)(3), and 744.21(b) of the EAR.)"
    );
    assert_eq!(plant.details["license_policy"], "Policy of denial.");
    assert_eq!(plant.details["federal_register_notice"], "87 FR 20299");
    assert_eq!(plant.details["start_date"], "2022-04-07");
    assert_eq!(plant.details["source_list_url"], "http://bit.ly/1L47xrV");
    assert_eq!(
        plant.details["source_list"],
        "Entity List (EL) - Bureau of Industry and Security"
    );

    let institute = named(el, "54th Research Institute of China");
    assert_eq!(
        alias_names(institute),
        vec![
            "China Electronics Technology Group Corp. (CETC) 54th Research Institute",
            "Communication, Telemetry and Telecontrol Research Institute (CTI)",
            "Shijiazhuang Communication Observation and Control Technology Institute.",
        ]
    );
    assert_eq!(institute.countries, vec!["CN"], "the address is only `CN`");

    // Name written with a trailing space; a former name written `f.k.a. ...` in alt_names.
    let gazprom = named(el, "Gazprom Neft");
    assert_eq!(gazprom.addresses.len(), 4);
    assert_eq!(gazprom.countries, vec!["RU"]);
    let fka: Vec<(&str, &str)> = gazprom
        .aliases
        .iter()
        .map(|a| (a.name.as_str(), a.kind.as_str()))
        .collect();
    assert_eq!(
        fka,
        vec![
            ("Gazprom Neft OAO", "aka"),
            ("JSC Gazprom Neft", "aka"),
            ("Open Joint-Stock Company Gazprom Neft", "aka"),
            ("Sibirskaya Neftyanaya Kompaniya OAO", "fka"),
        ]
    );
    assert_eq!(gazprom.details["federal_register_notice"], "79 FR  55608");
}

#[test]
fn sdn_individual_carries_birth_date_nationality_and_ids() {
    let lists = load(&fixture("csl/consolidated.csv"));
    let sdn = list(&lists, "CSL SDN");
    let maduro = named(sdn, "MADURO MOROS, Nicolas");
    assert_eq!(maduro.id, "22790");
    assert_eq!(maduro.kind, EntityKind::Person);
    assert_eq!(maduro.programs, vec!["VENEZUELA", "IRAN-CON-ARMS-EO"]);
    assert_eq!(maduro.facts.dates_of_birth, vec!["1962-11-23"]);
    assert_eq!(maduro.facts.nationalities, vec!["VE"]);
    assert_eq!(maduro.countries, vec!["VE"]);
    assert_eq!(maduro.addresses, vec!["Caracas, Capital District, VE"]);
    assert_eq!(
        maduro.details["ids"],
        "VE, 5892464, Cedula No.; Male, Gender"
    );
    assert_eq!(
        maduro.details["title"],
        "President of the Bolivarian Republic of Venezuela"
    );
    assert_eq!(maduro.details["places_of_birth"], "Caracas, Venezuela");
    assert_eq!(maduro.details["entity_number"], "22790");

    let bank = named(sdn, "BANCO NACIONAL DE CUBA");
    // The CSL has no weak/strong flag: OFAC's weak `BNC` arrives as an alias like the rest.
    assert_eq!(alias_names(bank), vec!["BNC", "NATIONAL BANK OF CUBA"]);
    assert_eq!(bank.countries, vec!["CH", "ES", "JP", "PA"]);
}

#[test]
fn sanctioned_vessels_and_aircraft_carry_imo_flag_and_links() {
    let lists = load(&fixture("csl/consolidated.csv"));
    let sdn = list(&lists, "CSL SDN");

    let ship = named(sdn, "7-28");
    assert_eq!(ship.kind, EntityKind::Vessel);
    assert_eq!(ship.facts.imo_numbers, vec!["8898831"]);
    assert_eq!(
        ship.countries,
        vec!["KP"],
        "flag Democratic People's Republic of Korea"
    );
    assert_eq!(ship.facts.linked_to, vec!["YUSONG SHIPPING CO"]);

    let ebano = named(sdn, "EBANO");
    assert_eq!(ebano.facts.imo_numbers, vec!["7406784"]);
    assert_eq!(ebano.countries, vec!["PA"]);
    assert_eq!(ebano.details["vessel_type"], "General Cargo");
    assert_eq!(ebano.details["gross_tonnage"], "2595");
    assert_eq!(ebano.details["gross_registered_tonnage"], "1865");

    // Only an MMSI: no IMO number is made up from it.
    let yacht = named(sdn, "ST. VITAMIN");
    assert!(yacht.facts.imo_numbers.is_empty());
    assert_eq!(yacht.countries, vec!["VC"]);
    assert_eq!(yacht.details["vessel_owner"], "Beratex Group Limited");
    assert_eq!(yacht.facts.linked_to, vec!["BERATEX GROUP LIMITED"]);

    let plane = named(sdn, "EK-30064");
    assert_eq!(plane.kind, EntityKind::Aircraft);
    assert_eq!(plane.facts.linked_to, vec!["MAHAN AIR"]);
}

#[test]
fn party_on_two_source_lists_is_an_entry_in_each() {
    let lists = load(&fixture("csl/consolidated.csv"));
    for (name, sources) in [
        ("AUCTION LIMITED LIABILITY COMPANY", ["CSL SDN", "CSL SSI"]),
        ("ARIMERO HOLDING LIMITED", ["CSL CAP", "CSL SDN"]),
    ] {
        for source in sources {
            let entry = named(list(&lists, source), name);
            assert_eq!(entry.kind, EntityKind::Organization);
        }
    }
    assert_eq!(
        named(list(&lists, "CSL SSI"), "AUCTION LIMITED LIABILITY COMPANY").id,
        "18741"
    );
}

#[test]
fn rows_without_a_type_are_typed_by_list_and_name() {
    let lists = load(&fixture("csl/consolidated.csv"));
    let dtc = list(&lists, "CSL DTC");
    assert_eq!(named(dtc, "Arnold See, Jr.").kind, EntityKind::Person);

    let precision = named(
        dtc,
        "Precision Image Corporation (a.k.a. Precision Industries, Inc.; CK Enterprises, Inc.)",
    );
    assert_eq!(precision.kind, EntityKind::Organization);
    assert_eq!(
        alias_names(precision),
        vec![
            "Precision Image Corporation",
            "Precision Industries, Inc.",
            "CK Enterprises, Inc."
        ]
    );

    let isn = list(&lists, "CSL ISN");
    let ri = named(isn, "Ri Sung Chol (aka Ri Su'ng-ch'o'l) (DPRK individual)");
    assert_eq!(ri.kind, EntityKind::Person, "marked `(DPRK individual)`");
    assert_eq!(
        alias_names(ri),
        vec!["Ri Sung Chol (DPRK individual)", "Ri Su'ng-ch'o'l"]
    );

    let ardis = named(
        isn,
        "Ardis Group of Companies LLC and any successor, sub-unit, or subsidiary thereof",
    );
    assert_eq!(ardis.kind, EntityKind::Organization);
    assert_eq!(alias_names(ardis), vec!["Ardis Group of Companies LLC"]);
    assert_eq!(ardis.programs, vec!["INKSNA"]);

    let uvl = list(&lists, "CSL UVL");
    let atlas = named(uvl, "Atlas Sanatgaran");
    assert_eq!(atlas.kind, EntityKind::Organization);
    assert_eq!(atlas.countries, vec!["AM"]);
}

#[test]
fn name_broken_over_two_lines_and_windows_1252_quote_are_repaired() {
    let lists = load(&fixture("csl/consolidated.csv"));
    named(
        list(&lists, "CSL ISN"),
        "Gaobeidian Kaituo Precise Instrument Co. Ltd",
    );
    named(
        list(&lists, "CSL MEU"),
        "Xi’an Xae Flying Aviation Manufacturing Technology Co., Ltd.",
    );
    let problems = all_problems(&lists);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].severity, Severity::Warning);
    assert!(
        problems[0].location.ends_with("consolidated.csv:31"),
        "{}",
        problems[0]
    );
    assert!(
        problems[0].message.starts_with("1 C1 control"),
        "{}",
        problems[0]
    );
}

#[test]
fn newer_csl_layout_with_id_type_first_reads_the_same() {
    let lists = load(&fixture("csl/consolidated_2025.csv"));
    let names: Vec<&str> = lists.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(names, vec!["CSL ISN", "CSL SDN", "CSL DPL", "CSL EL"]);

    let sdn = list(&lists, "CSL SDN");
    let ark = named(sdn, "ARK");
    assert_eq!(ark.kind, EntityKind::Vessel);
    assert_eq!(ark.facts.imo_numbers, vec!["9187655"]);
    assert_eq!(ark.countries, vec!["PA"]);
    assert_eq!(ark.details["call_sign"], "9HDQ9");
    assert_eq!(alias_names(ark), vec!["ABADEH", "CRYSTAL", "SUNDIAL"]);
    assert_eq!(ark.facts.linked_to, vec!["NATIONAL IRANIAN TANKER COMPANY"]);

    let rim = named(sdn, "RIM, Ryong Nam");
    assert_eq!(rim.kind, EntityKind::Person);
    assert_eq!(rim.countries, vec!["CN", "KP"]);
    assert_eq!(rim.facts.nationalities, vec!["KP"]);
    assert_eq!(rim.facts.dates_of_birth, vec!["1978-12-05"]);
    assert!(rim.details["ids"].starts_with("Passport, 836238033, KP; "));

    let cetc = &list(&lists, "CSL EL").entries[0];
    assert_eq!(cetc.addresses.len(), 3);
    assert_eq!(
        cetc.addresses[1],
        "21 Changsheng Street, Shijiazhuang, Hebei, China"
    );
    assert_eq!(
        alias_names(cetc).last(),
        Some(&"CETC Research Institute 13")
    );
    assert_eq!(
        cetc.details["federal_register_notice"],
        "83 FR 37423; 87 FR 77505"
    );

    let sinobright = &list(&lists, "CSL ISN").entries[0];
    assert_eq!(
        alias_names(sinobright),
        vec!["Sinobright Import and Export Company"]
    );
    assert_eq!(
        named(list(&lists, "CSL DPL"), "I. ASH").countries,
        vec!["US"]
    );
}

#[test]
fn malformed_csl_rows_are_reported_with_their_lines_and_the_rest_loads() {
    let lists = load(&fixture("csl/malformed.csv"));
    let names: Vec<&str> = lists.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(names, vec!["CSL UVL", "CSL EL"]);
    named(list(&lists, "CSL UVL"), "Atlas Sanatgaran");
    let el = list(&lists, "CSL EL");
    assert_eq!(el.entries.len(), 1);
    named(el, "140 Repair Plant JSC");

    let mut problems: Vec<(String, String)> = all_problems(&lists)
        .into_iter()
        .inspect(|p| assert_eq!(p.severity, Severity::Error, "{p}"))
        .map(|p| {
            let line = p.location.rsplit(':').next().unwrap_or("").to_string();
            (line, p.message.clone())
        })
        .collect();
    problems.sort();
    let lines: Vec<&str> = problems.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(lines, vec!["3", "4", "5", "6"], "{problems:?}");
    assert!(
        problems[0].1.contains("expected 29 fields, found 7"),
        "{problems:?}"
    );
    assert!(problems[1].1.contains("no name"), "{problems:?}");
    assert!(problems[2].1.contains("no source list"), "{problems:?}");
    assert!(problems[3].1.contains("never closed"), "{problems:?}");
}

#[test]
fn csl_header_alone_or_an_html_page_is_refused_not_an_empty_list() {
    let dir = tempfile::tempdir().expect("temp dir");
    let header_only = dir.path().join("consolidated.csv");
    let header = std::fs::read_to_string(fixture("csl/consolidated.csv"))
        .expect("fixture")
        .lines()
        .next()
        .expect("header")
        .to_string();
    std::fs::write(&header_only, format!("{header}\n")).expect("write");
    assert!(matches!(
        lists::load_path(&header_only),
        Err(ListError::Empty { .. })
    ));

    let html = dir.path().join("dpl.txt");
    std::fs::write(
        &html,
        "<!DOCTYPE html><html><body>503 Service Unavailable</body></html>",
    )
    .expect("write");
    assert!(lists::load_path(&html).is_err());
}

// ---- BIS Denied Persons List --------------------------------------------------------------

#[test]
fn dpl_file_is_one_list_of_parties() {
    let lists = load(&fixture("dpl/dpl.txt"));
    assert_eq!(lists.len(), 1);
    let dpl = &lists[0];
    assert_eq!(dpl.name, "BIS DPL");
    assert_eq!(dpl.format, ListFormat::BisDpl);
    assert!(dpl.version.starts_with("file date "), "{}", dpl.version);
    assert!(dpl.problems.is_empty(), "{:?}", dpl.problems);
    // 22 rows, 13 parties: I. ASH x3, AIR FREIGHT LTD x4, MANSOUR ZADEH x4, ELASHI x2.
    assert_eq!(dpl.entries.len(), 13);
}

#[test]
fn dpl_person_listed_at_three_addresses_is_one_entry() {
    let lists = load(&fixture("dpl/dpl.txt"));
    let ash = named(&lists[0], "I. ASH");
    // Derived from the normalised name, so `" I. ASH"` and `I. ASH` give the same id.
    assert_eq!(ash.id, "DPL-4c8c4b34be83");
    assert_eq!(ash.kind, EntityKind::Person);
    assert_eq!(
        ash.addresses,
        vec![
            "UPON THE DATE OF THE ORDER INCARCERATED AT USM NO: 26265-177, FCI SEAGOVILLE, 2113 \
             NORTH HIGHWAY 175, SEAGOVILLE, TX, 75159, US",
            "605 TRAIL LAKE DRIVE, RICHARDSON, TX, 75081, US",
            "908 AUDELIA ROAD, SUITE 200 #245, RICHARDSON, TX, 75081, US",
        ]
    );
    assert_eq!(ash.countries, vec!["US"]);
    assert_eq!(ash.details["effective_date"], "06/19/2003; 03/04/2002");
    assert_eq!(ash.details["expiration_date"], "06/29/2056");
    assert_eq!(ash.details["standard_order"], "Y");
    assert_eq!(ash.details["last_update"], "2007-01-31; 2006-07-11");
    assert_eq!(
        ash.details["action"],
        "FEDERAL REGISTER NOTICE UPDATED; 50 YEAR DENIAL"
    );
    assert!(
        ash.details["fr_citation"].starts_with("68 F.R. 38290 6/27/03 71 F.R. 38843 7/10/06"),
        "{}",
        ash.details["fr_citation"]
    );
}

#[test]
fn dpl_countries_come_from_the_country_or_a_us_state() {
    let lists = load(&fixture("dpl/dpl.txt"));
    let dpl = &lists[0];
    let countries = |name: &str| named(dpl, name).countries.clone();
    let villa = named(dpl, "AARON ABRAHAM VILLA");
    assert_eq!(
        villa.addresses,
        vec!["3415 RIVERA AVENUE, EL PASO, TX, 79905"]
    );
    assert_eq!(villa.countries, vec!["US"], "empty Country, state TX");
    assert_eq!(
        countries("STEPHEN EDWARD SMITH"),
        vec!["US"],
        "state NM in Country"
    );
    assert_eq!(countries("JOHNSON HU"), vec!["CN"], "PRC");
    assert_eq!(countries("YARRA ANSTALT A.G."), vec!["LI"]);
    assert_eq!(
        countries("MANSOUR ZADEH"),
        vec!["CY", "US"],
        "CY written as the state"
    );
    assert_eq!(named(dpl, "MANSOUR ZADEH").addresses.len(), 4);
    assert!(
        countries("ALEXEY KRUTILIN").is_empty(),
        "RS in State is not guessed at"
    );
    assert_eq!(countries("AIR FREIGHT LTD"), vec!["IQ", "AE", "JO"]);
}

#[test]
fn dpl_company_names_are_organisations_and_written_aliases_are_split_off() {
    let lists = load(&fixture("dpl/dpl.txt"));
    let dpl = &lists[0];
    for org in [
        "AIR FREIGHT LTD",
        "NEXIANT, LLC",
        "YARRA ANSTALT A.G.",
        "SIBERIAN AIRLINES D/B/A S7 AIRLINES",
    ] {
        assert_eq!(named(dpl, org).kind, EntityKind::Organization, "{org}");
    }
    for person in [
        "I. ASH",
        "IHSAN MEDHAT \"SAMMY\" ELASHI",
        "FUYI SUN A/K/A FRANK SUN",
    ] {
        assert_eq!(named(dpl, person).kind, EntityKind::Person, "{person}");
    }
    assert_eq!(
        alias_names(named(dpl, "FUYI SUN A/K/A FRANK SUN")),
        vec!["FUYI SUN", "FRANK SUN"]
    );
    assert_eq!(
        alias_names(named(dpl, "PEARL (A.K.A. NEI-CHIEN CHU) LI")),
        vec!["PEARL LI", "NEI-CHIEN CHU"]
    );
    assert_eq!(
        alias_names(named(dpl, "SIBERIAN AIRLINES D/B/A S7 AIRLINES")),
        vec!["SIBERIAN AIRLINES", "S7 AIRLINES"]
    );
    assert!(
        named(dpl, "IHSAN MEDHAT \"SAMMY\" ELASHI")
            .aliases
            .is_empty()
    );
}

#[test]
fn malformed_dpl_rows_are_reported_with_their_lines_and_the_rest_loads() {
    // The fixture without its last row, which is cut short (see the next test).
    let text = std::fs::read_to_string(fixture("dpl/malformed.txt")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("malformed.txt");
    std::fs::write(&path, &text[..text.trim_end().rfind('\n').unwrap() + 1]).unwrap();
    let lists = load(&path);
    let dpl = &lists[0];
    let names: Vec<&str> = dpl.entries.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, vec!["AARON ABRAHAM VILLA", "JOHNSON HU"]);
    let problems: Vec<String> = dpl.problems.iter().map(ToString::to_string).collect();
    assert_eq!(problems.len(), 3, "{problems:#?}");
    let at = |line: u32| {
        problems
            .iter()
            .find(|p| p.contains(&format!("malformed.txt:{line}: error: ")))
            .unwrap_or_else(|| panic!("nothing reported on line {line}: {problems:#?}"))
    };
    assert!(
        at(3).contains("expected 12 fields, found 3"),
        "{problems:#?}"
    );
    assert!(at(4).contains("no name"), "{problems:#?}");
    assert!(
        at(5).contains("expected 12 fields, found 11"),
        "{problems:#?}"
    );
}

#[test]
fn dpl_ending_inside_a_quoted_field_is_truncated_not_a_short_list() {
    let err = lists::load_path(&fixture("dpl/malformed.txt")).unwrap_err();
    assert!(matches!(err, ListError::Truncated { .. }), "{err}");
    let text = err.to_string();
    assert!(text.contains("malformed.txt:7"), "{text}");
    assert!(text.contains("ends inside a quoted field"), "{text}");
}

// ---- the real public files -----------------------------------------------------------------

#[test]
fn real_csl_loads_every_source_list_and_folds_only_repeated_rows() {
    let Some(path) = shared("lists/csl_us/consolidated.csv") else {
        return;
    };
    let rows = csl_rows_per_source(&path);
    assert_eq!(rows.values().sum::<usize>(), 14_160);
    let lists = load(&path);
    // (list, rows in the file, entries after folding repeats)
    let expected = [
        (
            "CSL SDN",
            "Specially Designated Nationals (SDN) - Treasury Department",
            10_026,
            10_026,
        ),
        (
            "CSL EL",
            "Entity List (EL) - Bureau of Industry and Security",
            2_001,
            1_947,
        ),
        (
            "CSL DTC",
            "ITAR Debarred (DTC) - State Department",
            727,
            723,
        ),
        (
            "CSL DPL",
            "Denied Persons List (DPL) - Bureau of Industry and Security",
            462,
            435,
        ),
        (
            "CSL SSI",
            "Sectoral Sanctions Identifications List (SSI) - Treasury Department",
            290,
            290,
        ),
        (
            "CSL UVL",
            "Unverified List (UVL) - Bureau of Industry and Security",
            201,
            201,
        ),
        (
            "CSL ISN",
            "Nonproliferation Sanctions (ISN) - State Department",
            163,
            160,
        ),
        (
            "CSL PLC",
            "Palestinian Legislative Council List (PLC) - Treasury Department",
            78,
            78,
        ),
        (
            "CSL MEU",
            "Military End User (MEU) List - Bureau of Industry and Security",
            71,
            71,
        ),
        (
            "CSL CMIC",
            "Non-SDN Chinese Military-Industrial Complex Companies List (CMIC) - Treasury Department",
            68,
            68,
        ),
        ("CSL CAP", "Capta List (CAP) - Treasury Department", 53, 52),
        (
            "CSL NS-MBS",
            "Non-SDN Menu-Based Sanctions List (NS-MBS List) - Treasury Department",
            17,
            17,
        ),
        (
            "CSL FSE",
            "Foreign Sanctions Evaders (FSE) - Treasury Department",
            3,
            3,
        ),
    ];
    assert_eq!(lists.len(), expected.len());
    for (name, source, row_count, entry_count) in expected {
        assert_eq!(rows[source], row_count, "{source}");
        let l = list(&lists, name);
        assert_eq!(l.entries.len(), entry_count, "{name}");
        assert!(l.entries.iter().all(|e| e.details["source_list"] == source));
    }
    assert_eq!(lists.iter().map(|l| l.entries.len()).sum::<usize>(), 14_071);
    let problems = all_problems(&lists);
    assert!(
        problems.iter().all(|p| p.severity == Severity::Warning),
        "{problems:?}"
    );

    let sdn = list(&lists, "CSL SDN");
    let kinds = sdn.count_by_kind();
    assert_eq!(
        (
            kinds["person"],
            kinds["organization"],
            kinds["vessel"],
            kinds["aircraft"]
        ),
        (5_206, 4_104, 433, 283)
    );
    assert_eq!(named(sdn, "MADURO MOROS, Nicolas").id, "22790");
    let ark = sdn.entries.iter().find(|e| e.id == "15037").expect("ARK");
    assert_eq!(ark.name, "ARK");
    assert_eq!(ark.facts.imo_numbers, vec!["9187655"]);
    assert_eq!(alias_names(ark), vec!["ABADEH", "CRYSTAL", "SUNDIAL"]);
    let with_imo = sdn
        .entries
        .iter()
        .filter(|e| e.kind == EntityKind::Vessel && !e.facts.imo_numbers.is_empty())
        .count();
    assert_eq!(with_imo, 430, "433 vessels, 3 without a 7-digit IMO number");

    let dpl = list(&lists, "CSL DPL");
    assert_eq!(named(dpl, "I. ASH").addresses.len(), 3);
    assert_eq!(named(dpl, "AL NASER AIRLINES").addresses.len(), 4);
    assert!(
        named(list(&lists, "CSL EL"), "140 Repair Plant JSC")
            .aliases
            .len()
            == 2
    );
}

#[test]
fn real_csl_sample_in_the_newer_layout_loads() {
    let Some(path) = shared("lists/csl_us/consolidated_sample_small.csv") else {
        return;
    };
    let rows = csl_rows_per_source(&path);
    assert_eq!(
        rows.values().sum::<usize>(),
        13,
        "13 data rows after the header"
    );
    let lists = load(&path);
    assert_eq!(lists.len(), 10);
    assert_eq!(lists.iter().map(|l| l.entries.len()).sum::<usize>(), 13);
    assert!(all_problems(&lists).is_empty());
    let ssi = list(&lists, "CSL SSI");
    let bank = named(ssi, "SME BANK");
    assert_eq!(bank.id, "18283");
    assert_eq!(bank.countries, vec!["RU"]);
    assert!(alias_names(bank).contains(&"JSC SME BANK"));
}

#[test]
fn real_dpl_loads_581_rows_as_458_parties() {
    let Some(path) = shared("lists/bis/dpl.txt") else {
        return;
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .from_path(&path)
        .expect("readable DPL");
    assert_eq!(reader.records().count(), 581);

    let lists = load(&path);
    assert_eq!(lists.len(), 1);
    let dpl = &lists[0];
    assert!(dpl.problems.is_empty(), "{:?}", dpl.problems);
    assert_eq!(
        dpl.entries.len(),
        458,
        "581 rows, one entry per normalised name"
    );
    let kinds = dpl.count_by_kind();
    assert_eq!((kinds["person"], kinds["organization"]), (351, 107));

    let ash = named(dpl, "I. ASH");
    assert_eq!(ash.id, "DPL-4c8c4b34be83");
    assert_eq!(ash.addresses.len(), 3);
    let naser = named(dpl, "AL NASER AIRLINES");
    assert_eq!(naser.kind, EntityKind::Organization);
    assert_eq!(naser.addresses.len(), 4, "8 rows, 4 distinct addresses");
    assert_eq!(naser.countries, vec!["IQ", "AE", "JO"]);
    assert_eq!(
        alias_names(named(dpl, "FUYI SUN A/K/A FRANK SUN")),
        vec!["FUYI SUN", "FRANK SUN"]
    );
    assert_eq!(named(dpl, "AARON ABRAHAM VILLA").countries, vec!["US"]);
}
