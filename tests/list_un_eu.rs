//! The UN Security Council consolidated XML and the EU Financial Sanctions File (CSV and XML)
//! readers, on fixtures in the official formats and on the real files in `../shared/data`
//! when they are present.

mod common;

use common::{aliases, entry, fixture, load_one, shared};
use hubscreen::lists::{self, DetectedKind, ListEntry, ListError, ListFormat, WatchList};
use hubscreen::model::{EntityKind, Severity};
use hubscreen::source::Source;

fn detail<'a>(entry: &'a ListEntry, key: &str) -> &'a str {
    entry.details.get(key).map_or("", String::as_str)
}

fn errors(list: &WatchList) -> Vec<(String, String)> {
    list.problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .map(|p| (p.location.clone(), p.message.clone()))
        .collect()
}

/// Writes `content` to a file named `name` in a fresh folder and loads it.
fn load_text(name: &str, content: &str) -> Result<Vec<WatchList>, ListError> {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(name);
    std::fs::write(&path, content).expect("write fixture");
    lists::load_path(&path)
}

// ---------------------------------------------------------------- UN Security Council XML

#[test]
fn un_list_loads_as_one_list_dated_by_its_generation_timestamp() {
    let list = load_one(&fixture("un/consolidated.xml"));
    assert_eq!(list.name, "UN SC");
    assert_eq!(list.format, ListFormat::UnXml);
    assert_eq!(list.version, "2026-02-27");
    assert_eq!(list.content_hash.len(), 64);
    assert_eq!(list.files.len(), 1);
    // Eight records, one without a DATAID.
    let ids: Vec<&str> = list.entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(
        ids,
        vec![
            "6908072", "2785696", "690784", "6908834", "6908402", "113995"
        ]
    );
    let kinds = list.count_by_kind();
    assert_eq!(kinds.get("person"), Some(&4));
    assert_eq!(kinds.get("organization"), Some(&2));
}

#[test]
fn un_record_without_dataid_is_reported_at_its_line_and_the_rest_load() {
    let list = load_one(&fixture("un/consolidated.xml"));
    let errors = errors(&list);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].0.ends_with("consolidated.xml:129"), "{errors:?}");
    assert!(
        errors[0].1.contains("INDIVIDUAL has no DATAID"),
        "{errors:?}"
    );
    assert!(
        list.entries
            .iter()
            .all(|e| e.name != "RECORD WITHOUT DATAID")
    );
}

#[test]
fn un_person_name_parts_join_in_order_with_the_arabic_name_as_original_script() {
    let list = load_one(&fixture("un/consolidated.xml"));
    let aziz = entry(&list, "6908072");
    assert_eq!(aziz.kind, EntityKind::Person);
    assert_eq!(aziz.name, "TARIQ AZIZ");
    assert_eq!(
        aliases(aziz),
        vec![
            ("طارق عزيز", "original-script"),
            ("Tariq Mikhail Aziz", "aka")
        ]
    );
    assert!(aziz.weak_aliases.is_empty());
    assert_eq!(aziz.programs, vec!["Iraq"]);
    assert_eq!(aziz.facts.dates_of_birth, vec!["1936-07-01"]);
    assert_eq!(aziz.facts.nationalities, vec!["IQ"]);
    assert_eq!(aziz.countries, vec!["IQ"]);
    assert!(
        aziz.addresses.is_empty(),
        "an empty address element adds none"
    );
    assert_eq!(aziz.remarks, None, "empty COMMENTS1");
    assert_eq!(detail(aziz, "un_list_type"), "Iraq");
    assert_eq!(detail(aziz, "reference_number"), "IQi.025");
    assert_eq!(detail(aziz, "listed_on"), "2003-06-27");
    assert_eq!(detail(aziz, "place_of_birth"), "Mosul, Iraq");
    assert_eq!(
        detail(aziz, "documents"),
        "Passport No34409/129 (July 1997)"
    );
}

#[test]
fn un_low_quality_aliases_are_weak_and_repeated_names_are_merged() {
    let list = load_one(&fixture("un/consolidated.xml"));
    let haqqani = entry(&list, "2785696");
    assert_eq!(haqqani.name, "SIRAJUDDIN JALLALOUDINE HAQQANI");
    // `SIRAJ  HAQQANI` repeats `Siraj Haqqani`; the last Good alias repeats the primary name;
    // the Low `Serajuddin Haqani` is already a strong alias; the empty alias is skipped.
    assert_eq!(
        aliases(haqqani),
        vec![
            ("سراج الدين جلال الدين حقانى", "original-script"),
            ("Siraj Haqqani", "aka"),
            ("Serajuddin Haqani", "aka"),
        ]
    );
    assert_eq!(haqqani.weak_aliases, vec!["Khalifa"]);
    assert_eq!(haqqani.facts.dates_of_birth, vec!["circa 1977 to 1978"]);
    assert_eq!(haqqani.countries, vec!["AF", "PK"]);
    assert_eq!(
        haqqani.addresses,
        vec![
            "Kela neighborhood/Danda neighborhood, Miramshah, North Waziristan, Pakistan",
            "Manba'ul uloom Madrasa, Miramshah, North Waziristan, Pakistan",
        ]
    );
    assert_eq!(
        haqqani.remarks.as_deref(),
        Some(
            "Heading the Haqqani Network (TAe.012) as of late 2012. Son of Jalaluddin Haqqani \
             (TAi.040). Believed to be in the Afghanistan/Pakistan border area."
        ),
        "line wraps in COMMENTS1 read as spaces"
    );
    assert_eq!(
        detail(haqqani, "designation"),
        "Na'ib Amir (Deputy Commander)"
    );
    assert_eq!(
        detail(haqqani, "place_of_birth"),
        "Danda, Miramshah, North Waziristan, Pakistan; Khost province, Afghanistan"
    );
}

#[test]
fn un_nationality_na_means_not_available_not_namibia() {
    let list = load_one(&fixture("un/consolidated.xml"));
    let gaffar = entry(&list, "690784");
    assert!(gaffar.facts.nationalities.is_empty());
    assert_eq!(gaffar.countries, vec!["SD"], "from the address only");
    assert_eq!(gaffar.facts.dates_of_birth, vec!["1948", "Nov. 1953"]);
    assert!(gaffar.aliases.is_empty() && gaffar.weak_aliases.is_empty());
}

#[test]
fn un_person_with_only_low_aliases_keeps_them_weak() {
    let list = load_one(&fixture("un/consolidated.xml"));
    let baluku = entry(&list, "6908834");
    assert!(baluku.aliases.is_empty());
    assert_eq!(baluku.weak_aliases, vec!["Mzee Kajaju", "Musa"]);
    assert_eq!(baluku.facts.dates_of_birth, vec!["circa 1977"]);
    assert_eq!(
        baluku.remarks.as_deref(),
        Some("Longtime member of the ADF (CDe.001) & successor of Jamil Mukulu (CDi.015).")
    );
    assert_eq!(detail(baluku, "gender"), "Male");
    assert_eq!(baluku.countries, vec!["UG", "CD"]);
}

#[test]
fn un_entity_keeps_aka_and_fka_and_its_countries() {
    let list = load_one(&fixture("un/consolidated.xml"));
    let adf = entry(&list, "6908402");
    assert_eq!(adf.kind, EntityKind::Organization);
    assert_eq!(adf.name, "ADF");
    assert_eq!(
        aliases(adf),
        vec![("Allied Democratic Forces", "aka"), ("ADF/NALU", "fka")]
    );
    assert_eq!(
        adf.addresses,
        vec!["North Kivu, Democratic Republic of the Congo"]
    );
    assert_eq!(adf.countries, vec!["CD"]);
    assert_eq!(adf.programs, vec!["DRC"]);

    let aqim = entry(&list, "113995");
    assert_eq!(
        aliases(aqim)[0],
        ("تنظيم القا عدة ببلاد المغرب الاسلامي", "original-script")
    );
    assert_eq!(aliases(aqim).len(), 4);
    assert_eq!(aqim.countries, vec!["DZ", "ML", "NE"]);
    assert!(aqim.addresses.contains(&"Niger".to_string()));
}

#[test]
fn un_file_cut_short_is_refused_as_truncated_not_loaded_in_part() {
    let err = lists::load_path(&fixture("un/truncated.xml")).unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, ListError::Truncated { .. }), "{text}");
    assert!(text.contains("truncated.xml:"), "{text}");
    assert!(text.contains("file ends inside <INDIVIDUAL>"), "{text}");
    assert!(text.contains("truncated"), "{text}");
}

#[test]
fn un_file_without_its_closing_root_element_is_truncated() {
    let whole = std::fs::read_to_string(fixture("un/consolidated.xml")).unwrap();
    let cut = whole.replace("</CONSOLIDATED_LIST>", "");
    assert_ne!(cut, whole);
    let err = load_text("consolidated.xml", &cut).unwrap_err();
    assert!(matches!(err, ListError::Truncated { .. }), "{err}");
    assert!(err.to_string().contains("<CONSOLIDATED_LIST>"), "{err}");
}

#[test]
fn un_syntax_error_before_any_record_is_an_error_not_an_empty_list() {
    let err = lists::load_path(&fixture("un/broken_first_record.xml")).unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, ListError::Format { .. }), "{text}");
    assert!(text.contains("broken_first_record.xml:8"), "{text}");
    assert!(text.contains("no record could be read"), "{text}");
}

#[test]
fn un_list_without_records_is_empty_not_loaded() {
    let err = load_text(
        "consolidated.xml",
        "<?xml version=\"1.0\"?>\n<CONSOLIDATED_LIST dateGenerated=\"2026-02-27T00:00:09.554Z\">\
         <INDIVIDUALS/><ENTITIES/></CONSOLIDATED_LIST>\n",
    )
    .unwrap_err();
    assert!(matches!(err, ListError::Empty { .. }), "{err}");
}

#[test]
fn html_error_page_is_not_taken_for_a_un_or_eu_list() {
    let page = Source::from_bytes(
        "consolidated.xml",
        b"<!DOCTYPE html><html><head><title>503 Service Unavailable</title></head></html>".to_vec(),
    );
    assert_eq!(lists::detect(&page), DetectedKind::Unsupported("XML"));
}

#[test]
fn real_un_list_loads_every_record() {
    let Some(path) = shared("lists/un/UN_consolidated.xml") else {
        return;
    };
    let list = load_one(&path);
    assert_eq!(list.version, "2026-02-27");
    assert!(list.problems.is_empty(), "{:?}", list.problems);
    // 730 INDIVIDUAL + 273 ENTITY records, every DATAID distinct: nothing to merge.
    assert_eq!(list.entries.len(), 1003);
    let kinds = list.count_by_kind();
    assert_eq!(kinds.get("person"), Some(&730));
    assert_eq!(kinds.get("organization"), Some(&273));
    // 378 NAME_ORIGINAL_SCRIPTs, one of them (QDe.164) the primary name again in Latin script;
    // 2,752 non-empty ALIAS_NAMEs: 2,137 Good/a.k.a./f.k.a. and 615 Low. 5 strong aliases
    // repeat their primary name and 11 repeat another alias of the same record (ignoring case
    // and spacing): 377 + 2,121 strong names remain, and all 615 weak ones. 27 ALIAS_NAMEs
    // pack several spellings (`Qasim Soleimani; Qasem Sulaimani; ...`): read one by one they
    // add 72 strong and 6 weak names (counted with a separate Python reading of the file).
    let strong: usize = list.entries.iter().map(|e| e.aliases.len()).sum();
    let weak: usize = list.entries.iter().map(|e| e.weak_aliases.len()).sum();
    let original: usize = list
        .entries
        .iter()
        .flat_map(|e| &e.aliases)
        .filter(|a| a.kind == "original-script")
        .count();
    assert_eq!(original, 377);
    assert_eq!((strong, weak), (2570, 621));

    assert!(
        list.entries
            .iter()
            .flat_map(|e| e.aliases.iter().map(|a| &a.name).chain(&e.weak_aliases))
            .all(|name| !name.contains(';')),
        "an alias still packs several names"
    );

    let aziz = entry(&list, "6908072");
    assert_eq!(aziz.name, "TARIQ AZIZ");
    assert_eq!(aliases(aziz)[1], ("Tariq Mikhail Aziz", "aka"));
    let adf = entry(&list, "6908402");
    assert_eq!(adf.name, "ADF");
    assert_eq!(
        aliases(adf),
        vec![
            ("Allied Democratic Forces", "aka"),
            (
                "Forces Démocratiques Alliées-Armée Nationale de Libération de l’Ouganda",
                "fka"
            ),
            ("ADF/NALU", "fka"),
            ("NALU", "fka"),
        ]
    );
    let badege = entry(&list, "6907993");
    assert_eq!(badege.name, "ERIC BADEGE");
    assert_eq!(badege.facts.dates_of_birth, vec!["1971"]);
    assert_eq!(badege.countries, vec!["CD", "RW"]);
    assert_eq!(
        list.entries
            .iter()
            .filter(|e| e.programs == ["DPRK"])
            .count(),
        155
    );
}

// ---------------------------------------------------------------- EU Financial Sanctions File

#[test]
fn eu_csv_rows_group_into_one_entry_per_logical_id() {
    let list = load_one(&fixture("eu/csvFullSanctionsList_1_1.csv"));
    assert_eq!(list.name, "EU FSF");
    assert_eq!(list.format, ListFormat::EuFsfCsv);
    assert_eq!(list.version, "2026-08-05", "fileGenerationDate 05/08/2026");
    let ids: Vec<&str> = list.entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, vec!["13", "1", "207", "6773", "5394"]);
}

#[test]
fn eu_csv_person_first_whole_name_is_primary_and_the_rest_are_aliases() {
    let list = load_one(&fixture("eu/csvFullSanctionsList_1_1.csv"));
    let saddam = entry(&list, "13");
    assert_eq!(saddam.kind, EntityKind::Person);
    assert_eq!(saddam.name, "Saddam Hussein Al-Tikriti");
    assert_eq!(
        aliases(saddam),
        vec![("Abu Ali", "aka"), ("Abou Ali", "aka")]
    );
    assert_eq!(saddam.programs, vec!["IRQ"]);
    assert_eq!(saddam.facts.dates_of_birth, vec!["1937-04-28"]);
    assert_eq!(saddam.facts.nationalities, vec!["IQ"]);
    assert_eq!(saddam.countries, vec!["IQ"]);
    assert_eq!(saddam.remarks.as_deref(), Some("(UNSC RESOLUTION 1483)"));
    assert_eq!(detail(saddam, "eu_reference_number"), "EU.27.28");
    assert_eq!(detail(saddam, "regulation"), "1210/2003 (OJ L169)");
    assert_eq!(
        detail(saddam, "place_of_birth"),
        "al-Awja, near Tikrit, IRAQ"
    );
}

#[test]
fn eu_unknown_country_code_00_adds_no_country() {
    let list = load_one(&fixture("eu/csvFullSanctionsList_1_1.csv"));
    let mugabe = entry(&list, "1");
    assert_eq!(mugabe.name, "Robert Gabriel Mugabe");
    assert_eq!(mugabe.facts.dates_of_birth, vec!["1924-02-21"]);
    assert!(mugabe.countries.is_empty(), "{:?}", mugabe.countries);
    assert_eq!(
        detail(mugabe, "identifications"),
        "National passport AD001095"
    );
    assert_eq!(detail(mugabe, "function"), "Former President");
    assert_eq!(detail(mugabe, "place_of_birth"), "");
}

#[test]
fn eu_csv_enterprise_keeps_greek_and_cyrillic_names_as_original_script() {
    let list = load_one(&fixture("eu/csvFullSanctionsList_1_1.csv"));
    let ibda = entry(&list, "207");
    assert_eq!(ibda.kind, EntityKind::Organization);
    assert_eq!(ibda.name, "İslami Büyük Doğu Akıncılar Cephesi");
    // Its rows are interrupted by a row without an id; the upper-case repeat is merged.
    assert_eq!(
        aliases(ibda),
        vec![
            ("Great Islamic Eastern Warriors Front", "aka"),
            (
                "Фронт на великите ислямски източни воини",
                "original-script"
            ),
            (
                "Μέγα Ισλαµικό Μέτωπο των Πολεµιστών της Ανατολής",
                "original-script"
            ),
            ("Front islamique des combattants du Grand Orient", "aka"),
            ("IBDA-C", "aka"),
        ]
    );
    assert_eq!(ibda.programs, vec!["TERR"]);
}

#[test]
fn eu_csv_quoted_remark_with_semicolon_and_circa_birth_years() {
    let list = load_one(&fixture("eu/csvFullSanctionsList_1_1.csv"));
    let mukulu = entry(&list, "6773");
    assert_eq!(
        mukulu.remarks.as_deref(),
        Some(
            "Date of UN designation: 2011-10-12; photo available for inclusion in the \
             INTERPOL-UN Security Council Special Notice."
        )
    );
    assert_eq!(mukulu.facts.dates_of_birth, vec!["circa 1965", "1964"]);
    assert_eq!(mukulu.facts.nationalities, vec!["UG"]);
    assert_eq!(detail(mukulu, "united_nation_id"), "CDi.015");
    assert_eq!(detail(mukulu, "designation_date"), "2011-10-12");
    assert_eq!(mukulu.aliases.len(), 3);
}

#[test]
fn eu_csv_enterprise_listed_at_two_addresses_is_one_entry() {
    let list = load_one(&fixture("eu/csvFullSanctionsList_1_1.csv"));
    let komid = entry(&list, "5394");
    assert_eq!(komid.name, "Korea Mining Development Trading Corporation");
    assert_eq!(
        komid.addresses,
        vec![
            "Pyongyang, Central District, KOREA (DEMOCRATIC PEOPLE'S REPUBLIC OF)",
            "Tehran, IRAN (ISLAMIC REPUBLIC OF)",
        ]
    );
    assert_eq!(komid.countries, vec!["KP", "IR"]);
    assert_eq!(komid.programs, vec!["PRK"]);
}

#[test]
fn eu_csv_row_without_id_and_cut_row_are_reported_with_their_lines() {
    let list = load_one(&fixture("eu/csvFullSanctionsList_1_1.csv"));
    let errors = errors(&list);
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(
        errors[0].0.ends_with("csvFullSanctionsList_1_1.csv:11"),
        "{errors:?}"
    );
    assert!(errors[0].1.contains("no Entity_LogicalId"), "{errors:?}");
    assert!(
        errors[1].0.ends_with("csvFullSanctionsList_1_1.csv:30"),
        "{errors:?}"
    );
    assert!(
        errors[1].1.contains("expected 118 fields, found 25"),
        "{errors:?}"
    );
    let komid = entry(&list, "5394");
    assert!(komid.aliases.iter().all(|a| a.name != "KOMID"));
}

#[test]
fn eu_csv_name_marked_not_strong_is_a_weak_alias() {
    let csv = "\u{feff}fileGenerationDate;Entity_LogicalId;Entity_SubjectType;NameAlias_WholeName;NameAlias_Strong\r\n\
               05/08/2026;83;P;Tariq Aziz;true\r\n\
               05/08/2026;83;P;T. Aziz;false\r\n\
               05/08/2026;83;P;Tarek Mikhail Aziz;true\r\n";
    let list = load_text("eu.csv", csv).expect("loads").remove(0);
    let aziz = entry(&list, "83");
    assert_eq!(aziz.name, "Tariq Aziz");
    assert_eq!(aliases(aziz), vec![("Tarek Mikhail Aziz", "aka")]);
    assert_eq!(aziz.weak_aliases, vec!["T. Aziz"]);
}

#[test]
fn eu_csv_with_a_header_only_is_empty_not_loaded() {
    let err = load_text(
        "eu.csv",
        "fileGenerationDate;Entity_LogicalId;Entity_SubjectType;NameAlias_WholeName\r\n",
    )
    .unwrap_err();
    assert!(matches!(err, ListError::Empty { .. }), "{err}");
}

#[test]
fn eu_xml_reads_the_same_entity_as_the_csv() {
    let xml = load_one(&fixture("eu/xmlFullSanctionsList_1_1.xml"));
    let csv = load_one(&fixture("eu/csvFullSanctionsList_1_1.csv"));
    assert_eq!(xml.name, "EU FSF");
    assert_eq!(xml.format, ListFormat::EuFsfXml);
    assert_eq!(xml.version, "2026-08-05");
    for id in ["13", "207"] {
        let (x, c) = (entry(&xml, id), entry(&csv, id));
        assert_eq!(x.name, c.name);
        assert_eq!(x.kind, c.kind);
        assert_eq!(x.aliases, c.aliases);
        assert_eq!(x.programs, c.programs);
        assert_eq!(x.facts, c.facts);
        assert_eq!(x.countries, c.countries);
    }
    assert_eq!(
        entry(&xml, "13").remarks.as_deref(),
        Some("UNSC RESOLUTION 1483")
    );
}

#[test]
fn eu_xml_strong_false_is_weak_and_cyrillic_is_original_script() {
    let list = load_one(&fixture("eu/xmlFullSanctionsList_1_1.xml"));
    let aziz = entry(&list, "83");
    assert_eq!(aziz.name, "Tariq Aziz");
    assert_eq!(
        aliases(aziz),
        vec![
            ("Tarek Mikhail Aziz", "aka"),
            ("Тарик Азиз", "original-script")
        ]
    );
    assert_eq!(aziz.weak_aliases, vec!["T. Aziz"]);
    assert_eq!(aziz.facts.dates_of_birth, vec!["circa 1936"]);
    assert_eq!(
        detail(aziz, "identifications"),
        "National passport 34409/129 (IRAQ)"
    );
    assert_eq!(detail(aziz, "place_of_birth"), "Mosul, IRAQ");
}

#[test]
fn eu_xml_document_remark_is_not_the_entity_remark() {
    let list = load_one(&fixture("eu/xmlFullSanctionsList_1_1.xml"));
    let mugabe = entry(&list, "1");
    assert_eq!(mugabe.remarks, None);
    assert_eq!(
        detail(mugabe, "identifications"),
        "National passport AD001095"
    );
    assert!(mugabe.countries.is_empty());
}

#[test]
fn eu_xml_enterprise_with_address_and_un_reference() {
    let list = load_one(&fixture("eu/xmlFullSanctionsList_1_1.xml"));
    let komid = entry(&list, "5394");
    assert_eq!(komid.kind, EntityKind::Organization);
    assert_eq!(
        aliases(komid),
        vec![("CHANGGWANG SINYONG CORPORATION", "aka")]
    );
    assert_eq!(komid.weak_aliases, vec!["KOMID"]);
    assert_eq!(
        komid.addresses,
        vec!["Pyongyang, Central District, KOREA (DEMOCRATIC PEOPLE'S REPUBLIC OF)"]
    );
    assert_eq!(komid.countries, vec!["KP"]);
    assert_eq!(detail(komid, "united_nation_id"), "KPe.001");
    assert_eq!(detail(komid, "designation_date"), "2009-04-24");
}

#[test]
fn eu_xml_entity_without_a_name_is_reported_at_its_line() {
    let list = load_one(&fixture("eu/xmlFullSanctionsList_1_1.xml"));
    let ids: Vec<&str> = list.entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, vec!["13", "1", "83", "207", "5394"]);
    let errors = errors(&list);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].0.ends_with("xmlFullSanctionsList_1_1.xml:52"),
        "{errors:?}"
    );
    assert!(
        errors[0].1.contains("entity 9999 has no name alias"),
        "{errors:?}"
    );
}

#[test]
fn eu_xml_cut_short_is_refused_as_truncated() {
    let err = lists::load_path(&fixture("eu/truncated.xml")).unwrap_err();
    assert!(matches!(err, ListError::Truncated { .. }), "{err}");
    assert!(err.to_string().contains("truncated.xml:"), "{err}");
}

#[test]
fn real_eu_csv_sample_groups_its_two_rows_into_one_entry() {
    let Some(path) = shared("lists/eu/eu_fsf_csv_sample_first21cols.csv") else {
        return;
    };
    let list = load_one(&path);
    assert_eq!(list.format, ListFormat::EuFsfCsv);
    assert_eq!(list.version, "2026-08-05");
    assert!(list.problems.is_empty(), "{:?}", list.problems);
    // Two rows for one entity (logical id 13): its name and one alias.
    assert_eq!(list.entries.len(), 1);
    let saddam = entry(&list, "13");
    assert_eq!(saddam.kind, EntityKind::Person);
    assert_eq!(saddam.name, "Saddam Hussein Al-Tikriti");
    assert_eq!(aliases(saddam), vec![("Abu Ali", "aka")]);
    assert_eq!(saddam.programs, vec!["IRQ"]);
    assert_eq!(detail(saddam, "eu_reference_number"), "EU.27.28");
}

/// A generation timestamp that is no date (month 13) never dates the list: the version is the
/// file's date, and a warning names the timestamp.
#[test]
fn un_list_with_an_impossible_generation_date_is_dated_by_its_file_and_says_so() {
    let xml = std::fs::read_to_string(fixture("un/consolidated.xml"))
        .unwrap()
        .replace("2026-02-27T", "2026-13-45T");
    assert!(
        xml.contains("2026-13-45T"),
        "the fixture has a dateGenerated"
    );
    let lists = load_text("consolidated.xml", &xml).unwrap();
    let list = &lists[0];
    assert!(list.version.starts_with("file date "), "{}", list.version);
    assert!(
        list.problems
            .iter()
            .any(|p| p.message.contains("2026-13-45") && p.message.contains("not a date")),
        "{:?}",
        list.problems
    );
}
