//! Country lookups as manifests and lists write countries: codes, names, aliases, LOCODEs and
//! places.

use super::*;

fn code(text: &str) -> Option<&'static str> {
    iso2(text)
}

#[track_caller]
fn assert_all(cases: &[(&str, &str)]) {
    for (text, expected) in cases {
        assert_eq!(code(text), Some(*expected), "lookup({text:?})");
    }
}

#[test]
fn table_has_all_iso_entries_plus_kosovo() {
    assert_eq!(COUNTRIES.len(), ISO_ASSIGNED + 1);
    assert_eq!(COUNTRIES.last().map(|c| c.alpha2), Some("XK"));
    let iso = &COUNTRIES[..ISO_ASSIGNED];
    assert!(
        iso.windows(2).all(|w| w[0].alpha2 < w[1].alpha2),
        "sorted, unique"
    );
    let mut alpha3: Vec<&str> = COUNTRIES.iter().map(|c| c.alpha3).collect();
    alpha3.sort_unstable();
    alpha3.dedup();
    assert_eq!(alpha3.len(), COUNTRIES.len(), "alpha-3 codes unique");
    for country in COUNTRIES {
        assert!(
            country.alpha2.len() == 2 && country.alpha2.bytes().all(|b| b.is_ascii_uppercase())
        );
        assert!(
            country.alpha3.len() == 3 && country.alpha3.bytes().all(|b| b.is_ascii_uppercase())
        );
        assert!(!country.name.is_empty());
    }
}

#[test]
fn every_row_resolves_by_alpha2_alpha3_and_name() {
    for country in COUNTRIES {
        assert_eq!(lookup(country.alpha2), Some(*country), "{}", country.alpha2);
        assert_eq!(lookup(&country.alpha2.to_lowercase()), Some(*country));
        assert_eq!(lookup(country.alpha3), Some(*country), "{}", country.alpha3);
        assert_eq!(lookup(&country.alpha3.to_lowercase()), Some(*country));
        assert_eq!(lookup(country.name), Some(*country), "{}", country.name);
        assert_eq!(lookup(&country.name.to_uppercase()), Some(*country));
        assert_eq!(lookup(&country.name.to_lowercase()), Some(*country));
    }
}

#[test]
fn every_alias_resolves_to_its_country() {
    for (alpha2, names) in ALIASES {
        assert!(
            by_alpha2(alpha2).is_some(),
            "alias row for unknown {alpha2}"
        );
        for name in *names {
            assert_eq!(code(name), Some(*alpha2), "alias {name:?}");
            let key = normalize(name);
            assert!(key.len() != 2 || key == "UK", "two-letter alias {name:?}");
        }
    }
}

#[test]
fn no_alias_shadows_a_code() {
    for (alpha2, names) in ALIASES {
        for name in *names {
            let key = normalize(name);
            if let Some(other) = COUNTRIES
                .iter()
                .find(|c| c.alpha2 == key || c.alpha3 == key)
            {
                assert_eq!(
                    other.alpha2, *alpha2,
                    "alias {name:?} is a code of {}",
                    other.alpha2
                );
            }
        }
    }
}

#[test]
fn sanctions_and_manifest_aliases() {
    assert_all(&[
        ("IRAN, ISLAMIC REPUBLIC OF", "IR"),
        ("IRAN (ISLAMIC REPUBLIC OF)", "IR"),
        ("ISLAMIC REPUBLIC OF IRAN", "IR"),
        ("Iran", "IR"),
        ("RUSSIAN FEDERATION", "RU"),
        ("RUSSIA", "RU"),
        ("KOREA, NORTH", "KP"),
        ("NORTH KOREA", "KP"),
        ("DPRK", "KP"),
        ("D.P.R.K.", "KP"),
        ("KOREA, DEMOCRATIC PEOPLE'S REPUBLIC OF", "KP"),
        ("Korea, Democratic People\u{2019}s Republic of", "KP"),
        ("DEMOCRATIC PEOPLE'S REPUBLIC OF KOREA", "KP"),
        ("Korea, Dem. People's Rep.", "KP"),
        ("KOREA, SOUTH", "KR"),
        ("SOUTH KOREA", "KR"),
        ("REPUBLIC OF KOREA", "KR"),
        ("Korea, Rep.", "KR"),
        ("UAE", "AE"),
        ("U.A.E.", "AE"),
        ("UNITED ARAB EMIRATES", "AE"),
        ("UK", "GB"),
        ("U.K.", "GB"),
        ("GREAT BRITAIN", "GB"),
        ("UNITED KINGDOM", "GB"),
        ("USA", "US"),
        ("U.S.A.", "US"),
        ("U.S.", "US"),
        ("UNITED STATES OF AMERICA", "US"),
        ("SYRIA", "SY"),
        ("SYRIAN ARAB REPUBLIC", "SY"),
        ("BURMA", "MM"),
        ("MYANMAR", "MM"),
        ("CZECHIA", "CZ"),
        ("CZECH REPUBLIC", "CZ"),
        ("TURKIYE", "TR"),
        ("TÜRKIYE", "TR"),
        ("Türkiye", "TR"),
        ("TÜRKİYE", "TR"),
        ("TU\u{308}RKIYE", "TR"),
        ("TURKEY", "TR"),
        ("HONG KONG", "HK"),
        ("HONG KONG SAR", "HK"),
        ("Hong Kong SAR, China", "HK"),
        ("HONGKONG", "HK"),
        ("MACAU", "MO"),
        ("MACAO", "MO"),
        ("TAIWAN", "TW"),
        ("Taiwan, Province of China", "TW"),
        ("CHINA", "CN"),
        ("PEOPLE'S REPUBLIC OF CHINA", "CN"),
        ("PRC", "CN"),
        ("P.R. China", "CN"),
        ("VIETNAM", "VN"),
        ("VIET NAM", "VN"),
        ("LAOS", "LA"),
        ("Lao PDR", "LA"),
        ("BOLIVIA", "BO"),
        ("VENEZUELA", "VE"),
        ("BOLIVARIAN REPUBLIC OF VENEZUELA", "VE"),
        ("Venezuela (Bolivarian Republic of)", "VE"),
        ("TANZANIA", "TZ"),
        ("MOLDOVA", "MD"),
        ("IVORY COAST", "CI"),
        ("COTE D'IVOIRE", "CI"),
        ("CÔTE D'IVOIRE", "CI"),
        ("Côte d’Ivoire", "CI"),
        ("CONGO, DEMOCRATIC REPUBLIC OF THE", "CD"),
        ("Congo, Dem. Rep.", "CD"),
        ("DRC", "CD"),
        ("D.R. Congo", "CD"),
        ("ZAIRE", "CD"),
        ("CONGO", "CG"),
        ("Congo, Rep.", "CG"),
        ("REPUBLIC OF THE CONGO", "CG"),
        ("PALESTINE", "PS"),
        ("WEST BANK", "PS"),
        ("Palestine, State of", "PS"),
        ("KOSOVO", "XK"),
        ("XKX", "XK"),
        ("XK", "XK"),
        ("SWAZILAND", "SZ"),
        ("CAPE VERDE", "CV"),
        ("EAST TIMOR", "TL"),
        ("MACEDONIA", "MK"),
        ("HOLLAND", "NL"),
        ("THE NETHERLANDS", "NL"),
        ("GAMBIA, THE", "GM"),
        ("The Bahamas", "BS"),
        ("ST. KITTS & NEVIS", "KN"),
        ("St Vincent and the Grenadines", "VC"),
        ("TRINIDAD & TOBAGO", "TT"),
        ("BOSNIA & HERZEGOVINA", "BA"),
        ("SAO TOME AND PRINCIPE", "ST"),
        ("São Tomé and Príncipe", "ST"),
        ("REUNION", "RE"),
        ("CURACAO", "CW"),
        ("Åland Islands", "AX"),
        ("SAINT MARTIN", "MF"),
        ("SINT MAARTEN", "SX"),
        ("BRITISH VIRGIN ISLANDS", "VG"),
        ("VIRGIN ISLANDS (U.S.)", "VI"),
        ("ROK", "KR"),
        ("KSA", "SA"),
        ("RSA", "ZA"),
    ]);
}

#[test]
fn whitespace_case_and_dots_are_tolerated() {
    assert_all(&[
        ("  iran  ", "IR"),
        ("Iran,  Islamic   Republic of", "IR"),
        ("\tRussian\u{a0}Federation\n", "RU"),
        ("u.s.a", "US"),
        ("u a e", "AE"),
        ("ir", "IR"),
        (" irn ", "IR"),
        ("Guinea Bissau", "GW"),
        ("TIMOR LESTE", "TL"),
    ]);
}

#[test]
fn no_substring_or_prefix_guessing() {
    assert_all(&[
        ("NIGERIA", "NG"),
        ("NIGER", "NE"),
        ("GUINEA-BISSAU", "GW"),
        ("GUINEA", "GN"),
        ("EQUATORIAL GUINEA", "GQ"),
        ("PAPUA NEW GUINEA", "PG"),
        ("DOMINICA", "DM"),
        ("DOMINICAN REPUBLIC", "DO"),
        ("SUDAN", "SD"),
        ("SOUTH SUDAN", "SS"),
        ("SAMOA", "WS"),
        ("AMERICAN SAMOA", "AS"),
        ("REPUBLIC OF CHINA", "TW"),
        ("IRELAND", "IE"),
        ("NORTHERN IRELAND", "GB"),
        ("INDIA", "IN"),
        ("BRITISH INDIAN OCEAN TERRITORY", "IO"),
    ]);
    for text in [
        "KOREA",
        "VIRGIN ISLANDS",
        "NIGERI",
        "GUINE",
        "IRANIAN",
        "IRAN AIR",
        "BANK OF CHINA",
        "REPUBLIC OF",
        "ISLANDS",
        "SOUTH",
        "DOMINIC",
        "SERBIA AND MONTENEGRO",
    ] {
        assert_eq!(lookup(text), None, "lookup({text:?})");
    }
}

#[test]
fn two_letter_inputs_are_alpha2_only() {
    assert_eq!(code("ST"), Some("ST"), "Sao Tome, not SAINT");
    assert_eq!(code("IS"), Some("IS"));
    assert_eq!(code("UK"), Some("GB"), "the one reserved exception");
    assert_eq!(code("U.S."), Some("US"));
    assert_eq!(code("U.K"), Some("GB"));
    assert_eq!(code(" de "), Some("DE"));
    for text in [
        "EU", "ZZ", "EL", "RF", "AN", "YU", "N/A", "N.A.", "C/O", "S.A.", "B.V.", "A.G.", "CO.",
        "I R",
    ] {
        assert_eq!(lookup(text), None, "lookup({text:?})");
    }
}

#[test]
fn three_letter_inputs_prefer_alpha3() {
    assert_eq!(code("USA"), Some("US"));
    assert_eq!(code("LAO"), Some("LA"));
    assert_eq!(code("PRK"), Some("KP"));
    assert_eq!(code("PRC"), Some("CN"));
    assert_eq!(code("DRC"), Some("CD"));
    assert_eq!(code("COD"), Some("CD"));
    assert_eq!(code("COG"), Some("CG"));
    assert_eq!(code("NER"), Some("NE"));
    assert_eq!(code("NGA"), Some("NG"));
    assert_eq!(lookup("XXX"), None);
}

#[test]
fn lookup_does_not_read_locodes() {
    for text in ["CNSHA", "AEJEA", "IRBND", "AE JEA", "RUNVS"] {
        assert_eq!(lookup(text), None, "lookup({text:?})");
    }
}

#[test]
fn unmapped_regions_resolve_to_none() {
    for text in [
        "CRIMEA",
        "Crimea",
        "REGION: CRIMEA",
        "SEVASTOPOL",
        "DONETSK PEOPLE'S REPUBLIC",
        "LUHANSK PEOPLE'S REPUBLIC",
        "ABKHAZIA",
        "SOUTH OSSETIA",
        "TRANSNISTRIA",
        "NORTHERN CYPRUS",
    ] {
        assert_eq!(lookup(text), None, "lookup({text:?})");
        assert_eq!(of_place(text), None, "of_place({text:?})");
    }
}

#[test]
fn unknown_strings_return_none() {
    for text in [
        "",
        "   ",
        ".",
        "--",
        "ATLANTIS",
        "XX",
        "123",
        "РОССИЯ",
        "IRAN中",
        "N/A",
        "UNKNOWN",
    ] {
        assert_eq!(lookup(text), None, "lookup({text:?})");
        assert_eq!(iso2(text), None, "iso2({text:?})");
        assert_eq!(of_locode(text), None, "of_locode({text:?})");
        assert_eq!(of_place(text), None, "of_place({text:?})");
    }
}

#[test]
fn locodes() {
    let loc = |s: &str| of_locode(s).map(|c| c.alpha2);
    assert_eq!(loc("CNSHA"), Some("CN"));
    assert_eq!(loc("AE JEA"), Some("AE"));
    assert_eq!(loc("AEJEA"), Some("AE"));
    assert_eq!(loc("ae-jea"), Some("AE"));
    assert_eq!(loc(" IRBND "), Some("IR"));
    assert_eq!(loc("RUNVS"), Some("RU"));
    assert_eq!(loc("GBLH2"), Some("GB"));
    assert_eq!(loc("XKPRN"), Some("XK"));
    assert_eq!(loc("UKLON"), None, "UK is not an assigned alpha-2");
    assert_eq!(loc("ZZABC"), None);
    assert_eq!(loc("C1SHA"), None);
    assert_eq!(loc("CNSH"), None);
    assert_eq!(loc("CNSHAX"), None);
    assert_eq!(loc("CN SH!"), None);
    assert_eq!(loc("CN--SHA"), None);
    assert_eq!(loc("ÇNSHA"), None);
}

#[test]
fn places() {
    let place = |s: &str| of_place(s).map(|c| c.alpha2);
    assert_eq!(place("BANDAR ABBAS, IRAN"), Some("IR"));
    assert_eq!(place("Novorossiysk, Russian Federation"), Some("RU"));
    assert_eq!(place("IRBND"), Some("IR"));
    assert_eq!(place("Jebel Ali, U.A.E."), Some("AE"));
    assert_eq!(place("Caracas, Venezuela"), Some("VE"));
    assert_eq!(place("Bandar Abbas, Iran, Islamic Republic of"), Some("IR"));
    assert_eq!(place("Pyongyang, Korea, North"), Some("KP"));
    assert_eq!(
        place("Nampo, Korea, Democratic People's Republic of"),
        Some("KP")
    );
    assert_eq!(place("Busan, Korea, Republic of"), Some("KR"));
    assert_eq!(place("Savannah, GA, USA"), Some("US"));
    assert_eq!(place("Matadi, Congo, Dem. Rep."), Some("CD"));
    assert_eq!(place("Hong Kong, China"), Some("HK"));
    assert_eq!(place("Jebel Ali, AEJEA"), Some("AE"));
    assert_eq!(place("AE JEA"), Some("AE"));
    assert_eq!(place("Mersin, Türkiye"), Some("TR"));
    assert_eq!(place("Abidjan, Côte d'Ivoire"), Some("CI"));
    assert_eq!(place("Singapore"), Some("SG"));
    // A name wins over a LOCODE reading of the same five letters.
    assert_eq!(place("CHINA"), Some("CN"));
    assert_eq!(place("MALTA"), Some("MT"));
    assert_eq!(place("NEPAL"), Some("NP"));
    assert_eq!(place("SAMOA"), Some("WS"));
    assert_eq!(place("Bandar Abbas"), None);
    assert_eq!(place("Sevastopol, Crimea"), None);
    assert_eq!(place("Lagos, Nigeria"), Some("NG"));
}

#[test]
fn lookup_and_iso2_agree() {
    for text in ["IRAN", "RUS", "de", "Viet Nam", "nowhere"] {
        assert_eq!(iso2(text), lookup(text).map(|c| c.alpha2));
    }
}
