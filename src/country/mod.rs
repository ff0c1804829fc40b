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

mod table;

use table::ALIASES;
pub use table::{COUNTRIES, ISO_ASSIGNED};

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
mod tests;
