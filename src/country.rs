//! Country lookup: resolves country names and codes as they are written on
//! cargo manifests, bills of lading and sanctions / denied-party lists to
//! ISO 3166-1 alpha-2 codes.
//!
//! # Role
//!
//! Screening compares the countries named on a shipment (origin, destination,
//! port of loading/discharge, party addresses) with country-based controls.
//! Those fields arrive in every imaginable spelling: `IRAN, ISLAMIC REPUBLIC
//! OF`, `Iran (Islamic Republic of)`, `IRN`, `U.A.E.`, `Türkiye`, `KOREA,
//! NORTH`, a UN/LOCODE such as `IRBND`, or a place such as `BANDAR ABBAS,
//! IRAN`. This module maps all of them to one [`Country`] so that the rest of
//! the crate only ever compares alpha-2 codes.
//!
//! The table holds all 249 officially assigned ISO 3166-1 entries plus the
//! user-assigned code `XK` (Kosovo, alpha-3 `XKX`), which the EU, the UK,
//! OFAC and most carriers use although ISO has not assigned it. On top of the
//! short names there is a list of aliases seen on manifests and lists
//! (former names such as `BURMA` or `SWAZILAND`, the `KOREA, NORTH` style of
//! OFAC, the `Congo, Dem. Rep.` style of the World Bank, `UAE`, `PRC`, `DRC`,
//! ...).
//!
//! # What it must not do
//!
//! * No I/O: the table is compiled in; nothing is read from disk or network.
//! * No matching of party names: `lookup("IRAN AIR")` or
//!   `lookup("BANK OF CHINA")` is `None`. Whether a party name mentions a
//!   country is a question for the party matcher, not for this module.
//! * No guessing: whole normalised strings are compared, never substrings or
//!   prefixes, and there is no fuzzy matching. `NIGERIA` is `NG`, never `NE`
//!   (Niger); `GUINEA-BISSAU` is `GW`, never `GN`; `DOMINICA` (`DM`) and
//!   `DOMINICAN REPUBLIC` (`DO`) stay apart; a bare `KOREA` or
//!   `VIRGIN ISLANDS` is ambiguous and gives `None`.
//! * No sub-national regions. `CRIMEA`, `SEVASTOPOL`, the so-called
//!   `DONETSK`/`LUHANSK PEOPLE'S REPUBLIC`s, `ABKHAZIA`, `SOUTH OSSETIA`,
//!   `TRANSNISTRIA` and `NORTHERN CYPRUS` have no ISO 3166-1 code and are
//!   deliberately *not* mapped (mapping Crimea to either `UA` or `RU` would be
//!   wrong for sanctions purposes, which treat it as a region of its own).
//!   They resolve to `None`; callers that screen sanctioned regions must
//!   recognise them separately.
//!
//! # Normalisation
//!
//! Input is upper-cased; Latin letters with accents are folded by the text layer
//! ([`crate::text::fold_latin_letter`]: `TÜRKIYE`, `CÔTE`,
//! `RÉUNION`, `SÃO TOMÉ`, `ÅLAND`, `CURAÇAO`); dots and apostrophes are
//! dropped (`U.A.E.` = `UAE`, `PEOPLE'S` = `PEOPLES`); `&` reads as `AND`; any
//! other punctuation or whitespace separates words. In a multi-word input the
//! word `THE` is dropped and `ST`, `REP` and `DEM` are expanded to `SAINT`,
//! `REPUBLIC` and `DEMOCRATIC`. The words are then joined without separators,
//! so `KOREA, NORTH`, `Korea (North)` and `KOREA NORTH` are one key, as are
//! `VIET NAM`, `VIETNAM` and `HONGKONG`.
//!
//! # Codes and ambiguity
//!
//! * A two-letter input is an alpha-2 code and nothing else. The single
//!   exception is `UK`, which ISO has exceptionally reserved for the United
//!   Kingdom and which is ubiquitous on manifests. A code must be written as
//!   two bare letters: `N/A`, `C/O`, `S.A.` or `B.V.` are not read as
//!   Namibia, Colombia, Saudi Arabia or Bouvet Island; only the dotted `U.K.`
//!   and `U.S.` are accepted.
//! * A three-letter input is tried as an alpha-3 code first, then as an alias
//!   (`UAE`, `PRC`, `DRC`, `ROK`, `KSA`, `RSA`, `BVI`); no alias shadows an
//!   alpha-3 code.
//! * [`lookup`] never reads a UN/LOCODE: `CNSHA` is `None` there. Only
//!   [`of_locode`] and [`of_place`] do, and [`of_place`] prefers a country name
//!   over a LOCODE reading, so `CHINA` is `CN` rather than a place in `CH` and
//!   `MALTA` is `MT` rather than a place in `MA`.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::text::fold_latin_letter;

/// A country as ISO 3166-1 alpha-2 plus its English short name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Country {
    /// ISO 3166-1 alpha-2 code, upper case (`"IR"`).
    pub alpha2: &'static str,
    /// ISO 3166-1 alpha-3 code, upper case (`"IRN"`).
    pub alpha3: &'static str,
    /// ISO 3166-1 English short name (`"Iran, Islamic Republic of"`).
    pub name: &'static str,
}

const fn c(alpha2: &'static str, alpha3: &'static str, name: &'static str) -> Country {
    Country {
        alpha2,
        alpha3,
        name,
    }
}

/// Number of officially assigned ISO 3166-1 entries in [`COUNTRIES`]; the
/// table holds these plus the user-assigned `XK` (Kosovo).
pub const ISO_ASSIGNED: usize = 249;

/// Every ISO 3166-1 country or territory (sorted by alpha-2), followed by the
/// user-assigned `XK` (Kosovo) as the last row.
pub static COUNTRIES: &[Country] = &[
    c("AD", "AND", "Andorra"),
    c("AE", "ARE", "United Arab Emirates"),
    c("AF", "AFG", "Afghanistan"),
    c("AG", "ATG", "Antigua and Barbuda"),
    c("AI", "AIA", "Anguilla"),
    c("AL", "ALB", "Albania"),
    c("AM", "ARM", "Armenia"),
    c("AO", "AGO", "Angola"),
    c("AQ", "ATA", "Antarctica"),
    c("AR", "ARG", "Argentina"),
    c("AS", "ASM", "American Samoa"),
    c("AT", "AUT", "Austria"),
    c("AU", "AUS", "Australia"),
    c("AW", "ABW", "Aruba"),
    c("AX", "ALA", "Åland Islands"),
    c("AZ", "AZE", "Azerbaijan"),
    c("BA", "BIH", "Bosnia and Herzegovina"),
    c("BB", "BRB", "Barbados"),
    c("BD", "BGD", "Bangladesh"),
    c("BE", "BEL", "Belgium"),
    c("BF", "BFA", "Burkina Faso"),
    c("BG", "BGR", "Bulgaria"),
    c("BH", "BHR", "Bahrain"),
    c("BI", "BDI", "Burundi"),
    c("BJ", "BEN", "Benin"),
    c("BL", "BLM", "Saint Barthélemy"),
    c("BM", "BMU", "Bermuda"),
    c("BN", "BRN", "Brunei Darussalam"),
    c("BO", "BOL", "Bolivia, Plurinational State of"),
    c("BQ", "BES", "Bonaire, Sint Eustatius and Saba"),
    c("BR", "BRA", "Brazil"),
    c("BS", "BHS", "Bahamas"),
    c("BT", "BTN", "Bhutan"),
    c("BV", "BVT", "Bouvet Island"),
    c("BW", "BWA", "Botswana"),
    c("BY", "BLR", "Belarus"),
    c("BZ", "BLZ", "Belize"),
    c("CA", "CAN", "Canada"),
    c("CC", "CCK", "Cocos (Keeling) Islands"),
    c("CD", "COD", "Congo, The Democratic Republic of the"),
    c("CF", "CAF", "Central African Republic"),
    c("CG", "COG", "Congo"),
    c("CH", "CHE", "Switzerland"),
    c("CI", "CIV", "Côte d'Ivoire"),
    c("CK", "COK", "Cook Islands"),
    c("CL", "CHL", "Chile"),
    c("CM", "CMR", "Cameroon"),
    c("CN", "CHN", "China"),
    c("CO", "COL", "Colombia"),
    c("CR", "CRI", "Costa Rica"),
    c("CU", "CUB", "Cuba"),
    c("CV", "CPV", "Cabo Verde"),
    c("CW", "CUW", "Curaçao"),
    c("CX", "CXR", "Christmas Island"),
    c("CY", "CYP", "Cyprus"),
    c("CZ", "CZE", "Czechia"),
    c("DE", "DEU", "Germany"),
    c("DJ", "DJI", "Djibouti"),
    c("DK", "DNK", "Denmark"),
    c("DM", "DMA", "Dominica"),
    c("DO", "DOM", "Dominican Republic"),
    c("DZ", "DZA", "Algeria"),
    c("EC", "ECU", "Ecuador"),
    c("EE", "EST", "Estonia"),
    c("EG", "EGY", "Egypt"),
    c("EH", "ESH", "Western Sahara"),
    c("ER", "ERI", "Eritrea"),
    c("ES", "ESP", "Spain"),
    c("ET", "ETH", "Ethiopia"),
    c("FI", "FIN", "Finland"),
    c("FJ", "FJI", "Fiji"),
    c("FK", "FLK", "Falkland Islands (Malvinas)"),
    c("FM", "FSM", "Micronesia, Federated States of"),
    c("FO", "FRO", "Faroe Islands"),
    c("FR", "FRA", "France"),
    c("GA", "GAB", "Gabon"),
    c("GB", "GBR", "United Kingdom"),
    c("GD", "GRD", "Grenada"),
    c("GE", "GEO", "Georgia"),
    c("GF", "GUF", "French Guiana"),
    c("GG", "GGY", "Guernsey"),
    c("GH", "GHA", "Ghana"),
    c("GI", "GIB", "Gibraltar"),
    c("GL", "GRL", "Greenland"),
    c("GM", "GMB", "Gambia"),
    c("GN", "GIN", "Guinea"),
    c("GP", "GLP", "Guadeloupe"),
    c("GQ", "GNQ", "Equatorial Guinea"),
    c("GR", "GRC", "Greece"),
    c("GS", "SGS", "South Georgia and the South Sandwich Islands"),
    c("GT", "GTM", "Guatemala"),
    c("GU", "GUM", "Guam"),
    c("GW", "GNB", "Guinea-Bissau"),
    c("GY", "GUY", "Guyana"),
    c("HK", "HKG", "Hong Kong"),
    c("HM", "HMD", "Heard Island and McDonald Islands"),
    c("HN", "HND", "Honduras"),
    c("HR", "HRV", "Croatia"),
    c("HT", "HTI", "Haiti"),
    c("HU", "HUN", "Hungary"),
    c("ID", "IDN", "Indonesia"),
    c("IE", "IRL", "Ireland"),
    c("IL", "ISR", "Israel"),
    c("IM", "IMN", "Isle of Man"),
    c("IN", "IND", "India"),
    c("IO", "IOT", "British Indian Ocean Territory"),
    c("IQ", "IRQ", "Iraq"),
    c("IR", "IRN", "Iran, Islamic Republic of"),
    c("IS", "ISL", "Iceland"),
    c("IT", "ITA", "Italy"),
    c("JE", "JEY", "Jersey"),
    c("JM", "JAM", "Jamaica"),
    c("JO", "JOR", "Jordan"),
    c("JP", "JPN", "Japan"),
    c("KE", "KEN", "Kenya"),
    c("KG", "KGZ", "Kyrgyzstan"),
    c("KH", "KHM", "Cambodia"),
    c("KI", "KIR", "Kiribati"),
    c("KM", "COM", "Comoros"),
    c("KN", "KNA", "Saint Kitts and Nevis"),
    c("KP", "PRK", "Korea, Democratic People's Republic of"),
    c("KR", "KOR", "Korea, Republic of"),
    c("KW", "KWT", "Kuwait"),
    c("KY", "CYM", "Cayman Islands"),
    c("KZ", "KAZ", "Kazakhstan"),
    c("LA", "LAO", "Lao People's Democratic Republic"),
    c("LB", "LBN", "Lebanon"),
    c("LC", "LCA", "Saint Lucia"),
    c("LI", "LIE", "Liechtenstein"),
    c("LK", "LKA", "Sri Lanka"),
    c("LR", "LBR", "Liberia"),
    c("LS", "LSO", "Lesotho"),
    c("LT", "LTU", "Lithuania"),
    c("LU", "LUX", "Luxembourg"),
    c("LV", "LVA", "Latvia"),
    c("LY", "LBY", "Libya"),
    c("MA", "MAR", "Morocco"),
    c("MC", "MCO", "Monaco"),
    c("MD", "MDA", "Moldova, Republic of"),
    c("ME", "MNE", "Montenegro"),
    c("MF", "MAF", "Saint Martin (French part)"),
    c("MG", "MDG", "Madagascar"),
    c("MH", "MHL", "Marshall Islands"),
    c("MK", "MKD", "North Macedonia"),
    c("ML", "MLI", "Mali"),
    c("MM", "MMR", "Myanmar"),
    c("MN", "MNG", "Mongolia"),
    c("MO", "MAC", "Macao"),
    c("MP", "MNP", "Northern Mariana Islands"),
    c("MQ", "MTQ", "Martinique"),
    c("MR", "MRT", "Mauritania"),
    c("MS", "MSR", "Montserrat"),
    c("MT", "MLT", "Malta"),
    c("MU", "MUS", "Mauritius"),
    c("MV", "MDV", "Maldives"),
    c("MW", "MWI", "Malawi"),
    c("MX", "MEX", "Mexico"),
    c("MY", "MYS", "Malaysia"),
    c("MZ", "MOZ", "Mozambique"),
    c("NA", "NAM", "Namibia"),
    c("NC", "NCL", "New Caledonia"),
    c("NE", "NER", "Niger"),
    c("NF", "NFK", "Norfolk Island"),
    c("NG", "NGA", "Nigeria"),
    c("NI", "NIC", "Nicaragua"),
    c("NL", "NLD", "Netherlands"),
    c("NO", "NOR", "Norway"),
    c("NP", "NPL", "Nepal"),
    c("NR", "NRU", "Nauru"),
    c("NU", "NIU", "Niue"),
    c("NZ", "NZL", "New Zealand"),
    c("OM", "OMN", "Oman"),
    c("PA", "PAN", "Panama"),
    c("PE", "PER", "Peru"),
    c("PF", "PYF", "French Polynesia"),
    c("PG", "PNG", "Papua New Guinea"),
    c("PH", "PHL", "Philippines"),
    c("PK", "PAK", "Pakistan"),
    c("PL", "POL", "Poland"),
    c("PM", "SPM", "Saint Pierre and Miquelon"),
    c("PN", "PCN", "Pitcairn"),
    c("PR", "PRI", "Puerto Rico"),
    c("PS", "PSE", "Palestine, State of"),
    c("PT", "PRT", "Portugal"),
    c("PW", "PLW", "Palau"),
    c("PY", "PRY", "Paraguay"),
    c("QA", "QAT", "Qatar"),
    c("RE", "REU", "Réunion"),
    c("RO", "ROU", "Romania"),
    c("RS", "SRB", "Serbia"),
    c("RU", "RUS", "Russian Federation"),
    c("RW", "RWA", "Rwanda"),
    c("SA", "SAU", "Saudi Arabia"),
    c("SB", "SLB", "Solomon Islands"),
    c("SC", "SYC", "Seychelles"),
    c("SD", "SDN", "Sudan"),
    c("SE", "SWE", "Sweden"),
    c("SG", "SGP", "Singapore"),
    c("SH", "SHN", "Saint Helena, Ascension and Tristan da Cunha"),
    c("SI", "SVN", "Slovenia"),
    c("SJ", "SJM", "Svalbard and Jan Mayen"),
    c("SK", "SVK", "Slovakia"),
    c("SL", "SLE", "Sierra Leone"),
    c("SM", "SMR", "San Marino"),
    c("SN", "SEN", "Senegal"),
    c("SO", "SOM", "Somalia"),
    c("SR", "SUR", "Suriname"),
    c("SS", "SSD", "South Sudan"),
    c("ST", "STP", "Sao Tome and Principe"),
    c("SV", "SLV", "El Salvador"),
    c("SX", "SXM", "Sint Maarten (Dutch part)"),
    c("SY", "SYR", "Syrian Arab Republic"),
    c("SZ", "SWZ", "Eswatini"),
    c("TC", "TCA", "Turks and Caicos Islands"),
    c("TD", "TCD", "Chad"),
    c("TF", "ATF", "French Southern Territories"),
    c("TG", "TGO", "Togo"),
    c("TH", "THA", "Thailand"),
    c("TJ", "TJK", "Tajikistan"),
    c("TK", "TKL", "Tokelau"),
    c("TL", "TLS", "Timor-Leste"),
    c("TM", "TKM", "Turkmenistan"),
    c("TN", "TUN", "Tunisia"),
    c("TO", "TON", "Tonga"),
    c("TR", "TUR", "Türkiye"),
    c("TT", "TTO", "Trinidad and Tobago"),
    c("TV", "TUV", "Tuvalu"),
    c("TW", "TWN", "Taiwan, Province of China"),
    c("TZ", "TZA", "Tanzania, United Republic of"),
    c("UA", "UKR", "Ukraine"),
    c("UG", "UGA", "Uganda"),
    c("UM", "UMI", "United States Minor Outlying Islands"),
    c("US", "USA", "United States"),
    c("UY", "URY", "Uruguay"),
    c("UZ", "UZB", "Uzbekistan"),
    c("VA", "VAT", "Holy See (Vatican City State)"),
    c("VC", "VCT", "Saint Vincent and the Grenadines"),
    c("VE", "VEN", "Venezuela, Bolivarian Republic of"),
    c("VG", "VGB", "Virgin Islands, British"),
    c("VI", "VIR", "Virgin Islands, U.S."),
    c("VN", "VNM", "Viet Nam"),
    c("VU", "VUT", "Vanuatu"),
    c("WF", "WLF", "Wallis and Futuna"),
    c("WS", "WSM", "Samoa"),
    c("YE", "YEM", "Yemen"),
    c("YT", "MYT", "Mayotte"),
    c("ZA", "ZAF", "South Africa"),
    c("ZM", "ZMB", "Zambia"),
    c("ZW", "ZWE", "Zimbabwe"),
    c("XK", "XKX", "Kosovo"),
];

/// Aliases by alpha-2 code: spellings seen on manifests and sanctions lists
/// beyond the codes and the ISO short name. Written as found (upper case);
/// they go through the same normalisation as the input.
static ALIASES: &[(&str, &[&str])] = &[
    ("AD", &["PRINCIPALITY OF ANDORRA"]),
    (
        "AE",
        &[
            "UAE",
            "U.A.E.",
            "UNITED ARAB EMIRATES",
            "EMIRATES, UNITED ARAB",
        ],
    ),
    (
        "AF",
        &[
            "ISLAMIC EMIRATE OF AFGHANISTAN",
            "ISLAMIC REPUBLIC OF AFGHANISTAN",
        ],
    ),
    ("AG", &["ANTIGUA"]),
    ("AL", &["REPUBLIC OF ALBANIA"]),
    ("AM", &["REPUBLIC OF ARMENIA"]),
    ("AO", &["REPUBLIC OF ANGOLA"]),
    ("AR", &["ARGENTINE REPUBLIC"]),
    ("AT", &["REPUBLIC OF AUSTRIA"]),
    ("AX", &["ALAND", "ÅLAND"]),
    ("AZ", &["REPUBLIC OF AZERBAIJAN"]),
    (
        "BA",
        &[
            "BOSNIA",
            "BOSNIA-HERZEGOVINA",
            "BOSNIA AND HERZEGOWINA",
            "REPUBLIC OF BOSNIA AND HERZEGOVINA",
        ],
    ),
    ("BD", &["PEOPLE'S REPUBLIC OF BANGLADESH"]),
    ("BE", &["KINGDOM OF BELGIUM"]),
    ("BG", &["REPUBLIC OF BULGARIA"]),
    ("BH", &["KINGDOM OF BAHRAIN"]),
    ("BI", &["REPUBLIC OF BURUNDI"]),
    ("BJ", &["REPUBLIC OF BENIN"]),
    (
        "BL",
        &["SAINT BARTHELEMY", "ST BARTS", "ST BARTHS", "SAINT BARTHS"],
    ),
    ("BN", &["BRUNEI"]),
    (
        "BO",
        &[
            "BOLIVIA",
            "BOLIVIA (PLURINATIONAL STATE OF)",
            "PLURINATIONAL STATE OF BOLIVIA",
        ],
    ),
    (
        "BQ",
        &[
            "BONAIRE",
            "SINT EUSTATIUS",
            "SABA",
            "CARIBBEAN NETHERLANDS",
            "BES ISLANDS",
            "BONAIRE, SAINT EUSTATIUS AND SABA",
        ],
    ),
    ("BR", &["BRASIL", "FEDERATIVE REPUBLIC OF BRAZIL"]),
    ("BS", &["COMMONWEALTH OF THE BAHAMAS"]),
    ("BT", &["KINGDOM OF BHUTAN"]),
    ("BW", &["REPUBLIC OF BOTSWANA"]),
    ("BY", &["BELORUSSIA", "BYELORUSSIA", "REPUBLIC OF BELARUS"]),
    ("CC", &["COCOS ISLANDS", "KEELING ISLANDS"]),
    (
        "CD",
        &[
            "CONGO, DEMOCRATIC REPUBLIC OF THE",
            "CONGO, DEMOCRATIC REPUBLIC OF",
            "CONGO, DEMOCRATIC REPUBLIC",
            "DEMOCRATIC REPUBLIC OF THE CONGO",
            "DEMOCRATIC REPUBLIC OF CONGO",
            "DRC",
            "DR CONGO",
            "D.R. CONGO",
            "CONGO DR",
            "CONGO (KINSHASA)",
            "CONGO-KINSHASA",
            "ZAIRE",
        ],
    ),
    (
        "CG",
        &[
            "REPUBLIC OF CONGO",
            "CONGO, REPUBLIC OF",
            "CONGO, REP.",
            "CONGO (BRAZZAVILLE)",
            "CONGO-BRAZZAVILLE",
        ],
    ),
    ("CH", &["SWISS CONFEDERATION"]),
    (
        "CI",
        &[
            "IVORY COAST",
            "COTE D'IVOIRE",
            "CÔTE D'IVOIRE",
            "COTE D IVOIRE",
            "REPUBLIC OF CÔTE D'IVOIRE",
        ],
    ),
    ("CL", &["REPUBLIC OF CHILE"]),
    ("CM", &["REPUBLIC OF CAMEROON"]),
    (
        "CN",
        &[
            "CHINA",
            "PEOPLE'S REPUBLIC OF CHINA",
            "PRC",
            "P.R.C.",
            "P.R. CHINA",
            "CHINA P.R.",
            "CHINA, PEOPLE'S REPUBLIC OF",
            "CHINA, PEOPLE'S REPUBLIC",
            "MAINLAND CHINA",
            "CHINA MAINLAND",
        ],
    ),
    ("CO", &["REPUBLIC OF COLOMBIA"]),
    ("CR", &["REPUBLIC OF COSTA RICA"]),
    ("CU", &["REPUBLIC OF CUBA"]),
    ("CV", &["CAPE VERDE", "REPUBLIC OF CABO VERDE"]),
    ("CY", &["REPUBLIC OF CYPRUS"]),
    ("CZ", &["CZECHIA", "CZECH REPUBLIC"]),
    ("DE", &["DEUTSCHLAND", "FEDERAL REPUBLIC OF GERMANY"]),
    ("DJ", &["REPUBLIC OF DJIBOUTI"]),
    ("DK", &["KINGDOM OF DENMARK"]),
    ("DM", &["COMMONWEALTH OF DOMINICA"]),
    ("DZ", &["PEOPLE'S DEMOCRATIC REPUBLIC OF ALGERIA"]),
    ("EC", &["REPUBLIC OF ECUADOR"]),
    ("EE", &["REPUBLIC OF ESTONIA"]),
    ("EG", &["EGYPT, ARAB REP.", "ARAB REPUBLIC OF EGYPT"]),
    ("ER", &["THE STATE OF ERITREA"]),
    ("ES", &["ESPAÑA", "KINGDOM OF SPAIN"]),
    ("ET", &["FEDERAL DEMOCRATIC REPUBLIC OF ETHIOPIA"]),
    ("FI", &["REPUBLIC OF FINLAND"]),
    ("FJ", &["REPUBLIC OF FIJI"]),
    ("FK", &["FALKLAND ISLANDS", "FALKLANDS"]),
    (
        "FM",
        &[
            "MICRONESIA",
            "FEDERATED STATES OF MICRONESIA",
            "MICRONESIA, FED. STS.",
        ],
    ),
    ("FO", &["FAEROE ISLANDS", "FAROES"]),
    ("FR", &["FRENCH REPUBLIC"]),
    ("GA", &["GABONESE REPUBLIC"]),
    (
        "GB",
        &[
            "UK",
            "U.K.",
            "GREAT BRITAIN",
            "UNITED KINGDOM",
            "BRITAIN",
            "ENGLAND",
            "SCOTLAND",
            "WALES",
            "NORTHERN IRELAND",
            "UNITED KINGDOM OF GREAT BRITAIN AND NORTHERN IRELAND",
            "GREAT BRITAIN AND NORTHERN IRELAND",
        ],
    ),
    ("GH", &["REPUBLIC OF GHANA"]),
    ("GM", &["REPUBLIC OF THE GAMBIA"]),
    ("GN", &["REPUBLIC OF GUINEA"]),
    ("GQ", &["REPUBLIC OF EQUATORIAL GUINEA"]),
    ("GR", &["HELLENIC REPUBLIC"]),
    ("GS", &["SOUTH GEORGIA"]),
    ("GT", &["REPUBLIC OF GUATEMALA"]),
    ("GW", &["REPUBLIC OF GUINEA-BISSAU"]),
    ("GY", &["REPUBLIC OF GUYANA"]),
    (
        "HK",
        &[
            "HONG KONG",
            "HONG KONG SAR",
            "HONG KONG SAR, CHINA",
            "HONG KONG, CHINA",
            "HKSAR",
            "HONG KONG SPECIAL ADMINISTRATIVE REGION",
            "CHINA, HONG KONG SAR",
            "CHINA, HONG KONG SPECIAL ADMINISTRATIVE REGION",
            "HONG KONG SPECIAL ADMINISTRATIVE REGION OF CHINA",
        ],
    ),
    ("HM", &["HEARD AND MCDONALD ISLANDS", "HEARD ISLAND"]),
    ("HN", &["REPUBLIC OF HONDURAS"]),
    ("HR", &["REPUBLIC OF CROATIA"]),
    ("HT", &["REPUBLIC OF HAITI"]),
    ("ID", &["REPUBLIC OF INDONESIA"]),
    ("IL", &["STATE OF ISRAEL"]),
    ("IN", &["REPUBLIC OF INDIA"]),
    ("IO", &["CHAGOS ISLANDS", "CHAGOS ARCHIPELAGO"]),
    ("IQ", &["REPUBLIC OF IRAQ"]),
    (
        "IR",
        &[
            "IRAN",
            "IRAN, ISLAMIC REPUBLIC OF",
            "IRAN (ISLAMIC REPUBLIC OF)",
            "ISLAMIC REPUBLIC OF IRAN",
            "IRAN, ISLAMIC REP.",
            "I.R. IRAN",
            "PERSIA",
        ],
    ),
    ("IS", &["REPUBLIC OF ICELAND"]),
    ("IT", &["ITALIA", "ITALIAN REPUBLIC"]),
    ("JO", &["HASHEMITE KINGDOM OF JORDAN"]),
    ("KE", &["REPUBLIC OF KENYA"]),
    ("KG", &["KYRGYZ REPUBLIC"]),
    ("KH", &["KINGDOM OF CAMBODIA"]),
    ("KI", &["REPUBLIC OF KIRIBATI"]),
    ("KM", &["UNION OF THE COMOROS"]),
    (
        "KN",
        &[
            "SAINT KITTS",
            "ST KITTS",
            "SAINT CHRISTOPHER AND NEVIS",
            "SAINT KITTS-NEVIS",
        ],
    ),
    (
        "KP",
        &[
            "KOREA, NORTH",
            "NORTH KOREA",
            "N. KOREA",
            "DPRK",
            "D.P.R.K.",
            "DPR KOREA",
            "DPR OF KOREA",
            "KOREA, DPR",
            "KOREA, DEMOCRATIC PEOPLE'S REPUBLIC OF",
            "KOREA, DEMOCRATIC PEOPLE'S REPUBLIC",
            "DEMOCRATIC PEOPLE'S REPUBLIC OF KOREA",
        ],
    ),
    (
        "KR",
        &[
            "KOREA, SOUTH",
            "SOUTH KOREA",
            "S. KOREA",
            "REPUBLIC OF KOREA",
            "KOREA, REPUBLIC OF",
            "KOREA, REP.",
            "ROK",
        ],
    ),
    ("KW", &["STATE OF KUWAIT"]),
    ("KY", &["CAYMAN"]),
    ("KZ", &["KAZAKSTAN", "REPUBLIC OF KAZAKHSTAN"]),
    (
        "LA",
        &["LAOS", "LAO PDR", "LAO, PEOPLE'S DEMOCRATIC REPUBLIC"],
    ),
    ("LB", &["LEBANESE REPUBLIC"]),
    ("LI", &["PRINCIPALITY OF LIECHTENSTEIN"]),
    ("LK", &["DEMOCRATIC SOCIALIST REPUBLIC OF SRI LANKA"]),
    ("LR", &["REPUBLIC OF LIBERIA"]),
    ("LS", &["KINGDOM OF LESOTHO"]),
    ("LT", &["REPUBLIC OF LITHUANIA"]),
    ("LU", &["GRAND DUCHY OF LUXEMBOURG"]),
    ("LV", &["REPUBLIC OF LATVIA"]),
    ("LY", &["LIBYAN ARAB JAMAHIRIYA", "STATE OF LIBYA"]),
    ("MA", &["KINGDOM OF MOROCCO"]),
    ("MC", &["PRINCIPALITY OF MONACO"]),
    ("MD", &["MOLDOVA", "REPUBLIC OF MOLDOVA", "MOLDAVIA"]),
    ("MF", &["SAINT MARTIN", "SAINT-MARTIN"]),
    ("MG", &["REPUBLIC OF MADAGASCAR"]),
    ("MH", &["REPUBLIC OF THE MARSHALL ISLANDS"]),
    (
        "MK",
        &[
            "MACEDONIA",
            "REPUBLIC OF MACEDONIA",
            "FYROM",
            "FORMER YUGOSLAV REPUBLIC OF MACEDONIA",
            "MACEDONIA, THE FORMER YUGOSLAV REPUBLIC OF",
            "MACEDONIA, FYR",
            "REPUBLIC OF NORTH MACEDONIA",
        ],
    ),
    ("ML", &["REPUBLIC OF MALI"]),
    (
        "MM",
        &[
            "BURMA",
            "MYANMAR",
            "MYANMAR (BURMA)",
            "BURMA (MYANMAR)",
            "REPUBLIC OF THE UNION OF MYANMAR",
            "REPUBLIC OF MYANMAR",
        ],
    ),
    (
        "MO",
        &[
            "MACAU",
            "MACAO",
            "MACAO SAR",
            "MACAU SAR",
            "MACAO SAR, CHINA",
            "MACAU SAR, CHINA",
            "MACAO, CHINA",
            "MACAU, CHINA",
            "CHINA, MACAO SAR",
            "CHINA, MACAO SPECIAL ADMINISTRATIVE REGION",
            "MACAO SPECIAL ADMINISTRATIVE REGION OF CHINA",
        ],
    ),
    (
        "MP",
        &[
            "NORTHERN MARIANAS",
            "COMMONWEALTH OF THE NORTHERN MARIANA ISLANDS",
        ],
    ),
    ("MR", &["ISLAMIC REPUBLIC OF MAURITANIA"]),
    ("MT", &["REPUBLIC OF MALTA"]),
    ("MU", &["REPUBLIC OF MAURITIUS"]),
    ("MV", &["REPUBLIC OF MALDIVES"]),
    ("MW", &["REPUBLIC OF MALAWI"]),
    ("MX", &["UNITED MEXICAN STATES"]),
    ("MZ", &["REPUBLIC OF MOZAMBIQUE"]),
    ("NA", &["REPUBLIC OF NAMIBIA"]),
    ("NE", &["REPUBLIC OF THE NIGER"]),
    ("NG", &["FEDERAL REPUBLIC OF NIGERIA"]),
    ("NI", &["REPUBLIC OF NICARAGUA"]),
    (
        "NL",
        &["HOLLAND", "NEDERLAND", "KINGDOM OF THE NETHERLANDS"],
    ),
    ("NO", &["KINGDOM OF NORWAY"]),
    ("NP", &["FEDERAL DEMOCRATIC REPUBLIC OF NEPAL"]),
    ("NR", &["REPUBLIC OF NAURU"]),
    ("OM", &["SULTANATE OF OMAN"]),
    ("PA", &["REPUBLIC OF PANAMA"]),
    ("PE", &["REPUBLIC OF PERU"]),
    ("PG", &["INDEPENDENT STATE OF PAPUA NEW GUINEA"]),
    ("PH", &["REPUBLIC OF THE PHILIPPINES"]),
    ("PK", &["ISLAMIC REPUBLIC OF PAKISTAN"]),
    ("PL", &["REPUBLIC OF POLAND"]),
    ("PN", &["PITCAIRN ISLANDS"]),
    (
        "PS",
        &[
            "PALESTINE",
            "STATE OF PALESTINE",
            "PALESTINIAN TERRITORY",
            "PALESTINIAN TERRITORIES",
            "OCCUPIED PALESTINIAN TERRITORY",
            "PALESTINIAN TERRITORY, OCCUPIED",
            "PALESTINIAN AUTHORITY",
            "WEST BANK",
            "GAZA",
            "GAZA STRIP",
            "WEST BANK AND GAZA",
            "WEST BANK AND GAZA STRIP",
        ],
    ),
    ("PT", &["PORTUGUESE REPUBLIC"]),
    ("PW", &["REPUBLIC OF PALAU"]),
    ("PY", &["REPUBLIC OF PARAGUAY"]),
    ("QA", &["STATE OF QATAR"]),
    ("RS", &["REPUBLIC OF SERBIA"]),
    ("RU", &["RUSSIA", "RUSSIAN FEDERATION", "RUSSIAN FED."]),
    ("RW", &["RWANDESE REPUBLIC"]),
    ("SA", &["KINGDOM OF SAUDI ARABIA", "KSA"]),
    ("SC", &["REPUBLIC OF SEYCHELLES"]),
    ("SD", &["REPUBLIC OF THE SUDAN"]),
    ("SE", &["KINGDOM OF SWEDEN"]),
    ("SG", &["REPUBLIC OF SINGAPORE"]),
    (
        "SH",
        &["SAINT HELENA", "ASCENSION ISLAND", "TRISTAN DA CUNHA"],
    ),
    ("SI", &["REPUBLIC OF SLOVENIA"]),
    (
        "SJ",
        &["SVALBARD", "SVALBARD AND JAN MAYEN ISLANDS", "JAN MAYEN"],
    ),
    ("SK", &["SLOVAK REPUBLIC"]),
    ("SL", &["REPUBLIC OF SIERRA LEONE"]),
    ("SM", &["REPUBLIC OF SAN MARINO"]),
    ("SN", &["REPUBLIC OF SENEGAL"]),
    ("SO", &["FEDERAL REPUBLIC OF SOMALIA"]),
    ("SR", &["REPUBLIC OF SURINAME"]),
    ("SS", &["REPUBLIC OF SOUTH SUDAN"]),
    (
        "ST",
        &["SAO TOME", "DEMOCRATIC REPUBLIC OF SAO TOME AND PRINCIPE"],
    ),
    ("SV", &["REPUBLIC OF EL SALVADOR"]),
    ("SX", &["SINT MAARTEN", "SAINT MAARTEN"]),
    ("SY", &["SYRIA", "SYRIAN ARAB REPUBLIC"]),
    ("SZ", &["SWAZILAND", "KINGDOM OF ESWATINI"]),
    ("TC", &["TURKS AND CAICOS"]),
    ("TD", &["REPUBLIC OF CHAD"]),
    ("TF", &["FRENCH SOUTHERN AND ANTARCTIC LANDS"]),
    ("TG", &["TOGOLESE REPUBLIC"]),
    ("TH", &["KINGDOM OF THAILAND"]),
    ("TJ", &["REPUBLIC OF TAJIKISTAN"]),
    ("TL", &["EAST TIMOR", "DEMOCRATIC REPUBLIC OF TIMOR-LESTE"]),
    ("TN", &["REPUBLIC OF TUNISIA"]),
    ("TO", &["KINGDOM OF TONGA"]),
    (
        "TR",
        &[
            "TURKIYE",
            "TÜRKIYE",
            "TURKEY",
            "REPUBLIC OF TURKEY",
            "REPUBLIC OF TÜRKIYE",
        ],
    ),
    ("TT", &["TRINIDAD", "REPUBLIC OF TRINIDAD AND TOBAGO"]),
    (
        "TW",
        &[
            "TAIWAN",
            "REPUBLIC OF CHINA",
            "ROC",
            "CHINESE TAIPEI",
            "TAIWAN (REPUBLIC OF CHINA)",
            "TAIWAN, CHINA",
            "TAIWAN R.O.C.",
        ],
    ),
    ("TZ", &["TANZANIA", "UNITED REPUBLIC OF TANZANIA"]),
    ("UG", &["REPUBLIC OF UGANDA"]),
    ("UM", &["US MINOR OUTLYING ISLANDS"]),
    (
        "US",
        &["USA", "U.S.A.", "UNITED STATES OF AMERICA", "UNITED STATES"],
    ),
    ("UY", &["EASTERN REPUBLIC OF URUGUAY"]),
    ("UZ", &["REPUBLIC OF UZBEKISTAN"]),
    (
        "VA",
        &["HOLY SEE", "VATICAN", "VATICAN CITY", "VATICAN CITY STATE"],
    ),
    ("VC", &["SAINT VINCENT"]),
    (
        "VE",
        &[
            "VENEZUELA",
            "BOLIVARIAN REPUBLIC OF VENEZUELA",
            "VENEZUELA, RB",
        ],
    ),
    ("VG", &["BVI", "BRITISH VIRGIN ISLANDS"]),
    (
        "VI",
        &[
            "US VIRGIN ISLANDS",
            "UNITED STATES VIRGIN ISLANDS",
            "USVI",
            "VIRGIN ISLANDS OF THE UNITED STATES",
        ],
    ),
    (
        "VN",
        &["VIETNAM", "VIET NAM", "SOCIALIST REPUBLIC OF VIET NAM"],
    ),
    ("VU", &["REPUBLIC OF VANUATU"]),
    ("WF", &["WALLIS AND FUTUNA ISLANDS"]),
    ("WS", &["WESTERN SAMOA", "INDEPENDENT STATE OF SAMOA"]),
    ("YE", &["YEMEN, REP.", "REPUBLIC OF YEMEN"]),
    ("ZA", &["RSA", "REPUBLIC OF SOUTH AFRICA"]),
    ("ZM", &["REPUBLIC OF ZAMBIA"]),
    ("ZW", &["REPUBLIC OF ZIMBABWE"]),
    ("XK", &["KOSOVO", "REPUBLIC OF KOSOVO", "KOSOVA", "XKK"]),
];

/// The lookup key for `text`; see the module documentation.
fn normalize(text: &str) -> String {
    let mut spaced = String::with_capacity(text.len() + 8);
    for ch in text.chars().flat_map(char::to_uppercase) {
        match ch {
            'A'..='Z' | '0'..='9' => spaced.push(ch),
            // Dots and apostrophes join: U.A.E. -> UAE, PEOPLE'S -> PEOPLES.
            '.' | '\'' | '\u{2018}' | '\u{2019}' | '`' | '\u{b4}' | '\u{2bc}' => {}
            // Combining marks of decomposed input (U + U+0308).
            '\u{300}'..='\u{36f}' => {}
            '&' => spaced.push_str(" AND "),
            _ => {
                if let Some(ascii) = fold_latin_letter(ch) {
                    spaced.push_str(&ascii);
                } else if ch.is_alphanumeric() {
                    // Kept so that foreign letters never vanish into a match.
                    spaced.push(ch);
                } else {
                    spaced.push(' ');
                }
            }
        }
    }
    let words: Vec<&str> = spaced.split_whitespace().collect();
    if words.len() < 2 {
        return words.concat();
    }
    let mut key = String::with_capacity(spaced.len());
    for word in words {
        key.push_str(match word {
            "THE" => continue,
            "ST" => "SAINT",
            "REP" => "REPUBLIC",
            "DEM" => "DEMOCRATIC",
            other => other,
        });
    }
    key
}

/// Normalised key -> row of [`COUNTRIES`]. Codes go in first, then names,
/// then aliases; an earlier key is never overwritten.
fn index() -> &'static HashMap<String, usize> {
    static INDEX: OnceLock<HashMap<String, usize>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let alias_count: usize = ALIASES.iter().map(|(_, names)| names.len()).sum();
        let mut map = HashMap::with_capacity(COUNTRIES.len() * 3 + alias_count);
        for (row, country) in COUNTRIES.iter().enumerate() {
            map.entry(normalize(country.alpha2)).or_insert(row);
        }
        for (row, country) in COUNTRIES.iter().enumerate() {
            map.entry(normalize(country.alpha3)).or_insert(row);
        }
        for (row, country) in COUNTRIES.iter().enumerate() {
            map.entry(normalize(country.name)).or_insert(row);
        }
        for (alpha2, names) in ALIASES {
            let row = COUNTRIES
                .iter()
                .position(|country| country.alpha2 == *alpha2)
                .expect("alias table names a code that is not in COUNTRIES");
            for name in *names {
                map.entry(normalize(name)).or_insert(row);
            }
        }
        map
    })
}

/// Whether `text` is exactly two ASCII letters, the only way an alpha-2 code
/// is read (besides the dotted `U.K.` and `U.S.`).
fn is_bare_code(text: &str) -> bool {
    text.len() == 2 && text.bytes().all(|b| b.is_ascii_alphabetic())
}

/// The row for an assigned alpha-2 code exactly (`UK` is not one).
fn by_alpha2(code: &str) -> Option<Country> {
    let row = *index().get(&code.to_ascii_uppercase())?;
    let country = COUNTRIES[row];
    country.alpha2.eq_ignore_ascii_case(code).then_some(country)
}

/// Resolves a code (alpha-2 or alpha-3, any case) or a name/alias as written (any case,
/// surrounding whitespace, dots and doubled spaces tolerated, accents folded for the common
/// cases like TÜRKIYE / CÔTE) to a country.
pub fn lookup(text: &str) -> Option<Country> {
    let key = normalize(text);
    if key.is_empty() {
        return None;
    }
    if key.len() == 2 && !is_bare_code(text.trim()) && !matches!(key.as_str(), "UK" | "US") {
        // `N/A`, `C/O`, `S.A.`, `B.V.`: two letters, but not written as a code.
        return None;
    }
    index().get(&key).map(|&row| COUNTRIES[row])
}

/// The alpha-2 code for `text`, see `lookup`.
pub fn iso2(text: &str) -> Option<&'static str> {
    lookup(text).map(|country| country.alpha2)
}

/// The country of a UN/LOCODE (`CNSHA` -> CN, `AE JEA` -> AE): the first two letters when
/// they are an assigned alpha-2 code and the rest is 3 alphanumerics.
///
/// Any case is accepted, as is one hyphen or some spaces between the country
/// and the location part (`CN SHA`, `cn-sha`). `XK` counts as assigned; `UK`
/// does not (UN/LOCODE uses `GB`).
pub fn of_locode(locode: &str) -> Option<Country> {
    let s = locode.trim();
    if !s.is_ascii() || s.len() < 5 {
        return None;
    }
    let (country, rest) = s.split_at(2);
    let rest = match rest.strip_prefix('-') {
        Some(rest) => rest,
        None => rest.trim_start(),
    };
    if !country.bytes().all(|b| b.is_ascii_alphabetic())
        || rest.len() != 3
        || !rest.bytes().all(|b| b.is_ascii_alphanumeric())
    {
        return None;
    }
    by_alpha2(country)
}

/// The country a place string names: a UN/LOCODE, a code, a name, or a trailing
/// ", COUNTRY" part ("BANDAR ABBAS, IRAN" -> IR, "Caracas, Venezuela" -> VE).
///
/// The whole string is tried first as a code or name (so `CHINA` is `CN`, not
/// a LOCODE in `CH`), then as a UN/LOCODE, then each part after a comma from
/// the longest to the shortest, so that a country written with a comma
/// (`PYONGYANG, KOREA, NORTH`) is read whole before its last piece.
pub fn of_place(text: &str) -> Option<Country> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if let Some(country) = lookup(text).or_else(|| of_locode(text)) {
        return Some(country);
    }
    text.match_indices(',').find_map(|(at, _)| {
        let tail = &text[at + 1..];
        lookup(tail).or_else(|| of_locode(tail))
    })
}

#[cfg(test)]
mod tests {
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
            "EU", "ZZ", "EL", "RF", "AN", "YU", "N/A", "N.A.", "C/O", "S.A.", "B.V.", "A.G.",
            "CO.", "I R",
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
}
