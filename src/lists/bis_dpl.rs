//! Reader for the BIS Denied Persons List (`dpl.txt`): tab-separated, every field `"`-quoted,
//! header `Name, Street_Address, City, State, Country, Postal_Code, Effective_Date,
//! Expiration_Date, Standard_Order, Last_Update, Action, FR_Citation`. One list, `BIS DPL`.
//!
//! The quirks handled here, all seen in the real file:
//! - **One row per address.** The same party is repeated once per address (`I. ASH` three
//!   times, `AL NASER AIRLINES` eight). Rows whose names are equal once normalised (upper case,
//!   punctuation and spaces collapsed: `AL-NASER  AIRLINES` = `AL NASER AIRLINES`) are merged
//!   into one entry holding every address; where the rows' dates, actions or citations differ
//!   the entry keeps each distinct value, `; `-joined. Different names of one person (`ISSAM
//!   ANWAR`, `ISSAM SHAMMOUT`) are separate rows with nothing linking them, so they stay
//!   separate entries.
//! - **No identifier.** The id is derived from the normalised name: `DPL-` and the first 12
//!   hex digits of its SHA-256, so it is stable across downloads as long as the name is.
//! - **No entity type.** An entry is a person unless its name carries a legal form or an
//!   organisation word (`LTD`, `LLC`, `GMBH`, `S.A.`, `AIRLINES`, `TRADING`, a `.NET` domain,
//!   ...): see [`looks_like_organization`].
//! - Names with leading or trailing spaces (`" I. ASH"`); aliases written into the name
//!   (`FUYI SUN A/K/A FRANK SUN`, `PEARL (A.K.A. NEI-CHIEN CHU) LI`, `... D/B/A S7 AIRLINES`)
//!   become aliases while the name stays as written.
//! - US addresses often leave `Country` empty (the state is given): a US state code then
//!   gives `US`, as does a state code written in the `Country` column (`NM`). Otherwise the
//!   address is read for a country at its end, so a country code written in the `State`
//!   column (`..., NICOSIA, CY`) counts; `..., STAVROPOL REGION, RS, 357020` gives none.
//!
//! Dates are kept as the list writes them (`MM/DD/YYYY`, `Last_Update` `YYYY-MM-DD`) in
//! `details`, keyed by the lower-cased column name. The file carries no publication date, so
//! the version is the file date.
//!
//! It must not link different names into one party (the list gives nothing to link them by)
//! or drop a row unreported: a skipped row is an error with its `file:line`.

use std::collections::{BTreeMap, HashMap};
use std::sync::LazyLock;

use regex::Regex;
use sha2::{Digest, Sha256};

use super::csl_csv::{add_written_names, address_country};
use super::read_table;
use super::{
    Alias, ListEntry, ListError, ListFormat, Problem, WatchList, country_code, push_unique,
};
use crate::model::EntityKind;
use crate::source::{LineTable, Source, hex};

/// The name of the list this reader returns.
pub const LIST_NAME: &str = "BIS DPL";

/// The columns joined, in this order, into an entry's address.
const ADDRESS_COLUMNS: [&str; 5] = ["Street_Address", "City", "State", "Postal_Code", "Country"];

/// True when the first line is the DPL header: tab-separated, `Name` then `Street_Address`.
pub fn looks_like(head: &str) -> bool {
    let first = head.lines().next().unwrap_or("");
    let mut cols = first.split('\t').map(|c| c.trim().trim_matches('"'));
    cols.next().is_some_and(|c| c.eq_ignore_ascii_case("Name"))
        && cols
            .next()
            .is_some_and(|c| c.eq_ignore_ascii_case("Street_Address"))
}

/// Reads a Denied Persons List file into one list, one entry per distinct party.
pub fn read(source: &Source) -> Result<Vec<WatchList>, ListError> {
    let (text, mut problems) = super::list_text(source);
    let lines = LineTable::new(&text);
    let (headers, rows) = read_table(&text, b'\t', &source.label, &lines, &mut problems)?;
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    };
    let Some(name_col) = col("Name") else {
        return Err(ListError::Format {
            path: source.label.clone(),
            message: "no `Name` column in the first line; not a BIS Denied Persons List".into(),
        });
    };
    let address_cols = ADDRESS_COLUMNS.map(col);
    let (state_col, country_col) = (col("State"), col("Country"));
    let detail_cols = detail_columns(&headers, name_col, &address_cols);

    let mut entries: Vec<ListEntry> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for row in rows {
        let get = |c: Option<usize>| c.and_then(|c| row.record.get(c)).unwrap_or("").trim();
        let name = get(Some(name_col));
        let key = name_key(name);
        if key.is_empty() {
            problems.push(Problem::error(
                format!("{}:{}", source.label, row.line),
                "row has no name; skipped",
            ));
            continue;
        }
        let kind = if looks_like_organization(name) {
            EntityKind::Organization
        } else {
            EntityKind::Person
        };
        let mut entry = ListEntry::builder(derived_id("DPL", &key), kind, name).build();
        add_written_names(&mut entry, name);
        add_address(
            &mut entry,
            &address_cols.map(get),
            get(country_col),
            get(state_col),
        );
        for (c, key) in &detail_cols {
            add_detail(&mut entry.details, key, get(Some(*c)));
        }
        match index.get(&key) {
            Some(&at) => merge_repeat(&mut entries[at], entry),
            None => {
                index.insert(key, entries.len());
                entries.push(entry);
            }
        }
    }
    if entries.is_empty() {
        return Err(ListError::Empty {
            path: source.label.clone(),
            hint: " (the Denied Persons List has one party per line after the header; an \
                   empty or HTML file means the download failed)"
                .into(),
        });
    }
    Ok(vec![WatchList {
        name: LIST_NAME.into(),
        format: ListFormat::BisDpl,
        version: super::file_version(source),
        content_hash: source.sha256(),
        files: vec![source.label.clone()],
        entries,
        problems,
    }])
}

/// Every column but the name and the address parts: each is a fact about the denial order,
/// kept by its own (lower-cased) name.
fn detail_columns(
    headers: &csv::StringRecord,
    name_col: usize,
    address_cols: &[Option<usize>],
) -> Vec<(usize, String)> {
    headers
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != name_col && !address_cols.contains(&Some(*i)))
        .map(|(i, h)| (i, h.trim().to_ascii_lowercase()))
        .filter(|(_, h)| !h.is_empty())
        .collect()
}

/// The address a row gives (its parts `, `-joined) and the country it is in.
fn add_address(entry: &mut ListEntry, parts: &[&str], country: &str, state: &str) {
    let address: Vec<&str> = parts.iter().copied().filter(|p| !p.is_empty()).collect();
    let address = address.join(", ");
    if let Some(code) = dpl_country(country, state).or_else(|| address_country(&address)) {
        entry.countries.push(code);
    }
    if !address.is_empty() {
        entry.addresses.push(address);
    }
}

/// The country of one DPL address: the `Country` column as a code or name; `US` when it is
/// empty and `State` is a US state, or when it holds a US state code itself.
fn dpl_country(country: &str, state: &str) -> Option<String> {
    if country.is_empty() {
        return is_us_state(state).then(|| "US".to_string());
    }
    if let Some(code) = crate::country::iso2(country) {
        return Some(code.to_string());
    }
    if is_us_state(country) {
        return Some("US".to_string());
    }
    country_code(country)
}

/// US state, district and territory postal codes.
const US_STATES: [&str; 56] = [
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS",
    "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY",
    "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV",
    "WI", "WY", "DC", "PR", "GU", "VI", "AS", "MP",
];

/// True for a US state or territory postal code (`TX`, `PR`), in any case.
pub(crate) fn is_us_state(text: &str) -> bool {
    let t = text.trim();
    t.len() == 2 && US_STATES.iter().any(|s| s.eq_ignore_ascii_case(t))
}

/// A name reduced for comparing repeats: upper case, letters and digits only, single spaces
/// (`" I. ASH"` and `I ASH` give `I ASH`).
pub(crate) fn name_key(name: &str) -> String {
    let spaced: String = name
        .chars()
        .flat_map(char::to_uppercase)
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A stable id for a list that has none: `prefix-` and the first 12 hex digits of the
/// SHA-256 of the normalised name.
pub(crate) fn derived_id(prefix: &str, key: &str) -> String {
    let digest = hex(&Sha256::digest(key.as_bytes()));
    format!("{prefix}-{}", &digest[..12])
}

/// Words that mark a name as an organisation's: legal forms (`S.A.` is read as `SA`) and
/// words no person's name carries in these lists.
const ORGANIZATION_WORDS: &[&str] = &[
    "AB",
    "AEROSPACE",
    "AG",
    "AGENCY",
    "AIR",
    "AIRLINE",
    "AIRLINES",
    "AIRWAYS",
    "ANSTALT",
    "AO",
    "ASSOCIATES",
    "ASSOCIATION",
    "AVIATION",
    "BANK",
    "BHD",
    "BV",
    "CARGO",
    "CENTER",
    "CENTRE",
    "CJSC",
    "CO",
    "COMPANY",
    "COMPUTER",
    "COMPUTERS",
    "CONCERN",
    "CONSTRUCTION",
    "CONTRACTING",
    "CORP",
    "CORPORATION",
    "ELECTRONIC",
    "ELECTRONICS",
    "EMPRESA",
    "ENGINEERING",
    "ENTERPRISE",
    "ENTERPRISES",
    "EQUIPMENT",
    "ESTABLISHMENT",
    "EXPORT",
    "EXPORTS",
    "FOUNDATION",
    "FREIGHT",
    "FZC",
    "FZCO",
    "FZE",
    "GMBH",
    "GOVERNMENT",
    "GROUP",
    "HOLDING",
    "HOLDINGS",
    "IMPORT",
    "IMPORTS",
    "INC",
    "INCORPORATED",
    "INDUSTRIAL",
    "INDUSTRIE",
    "INDUSTRIES",
    "INDUSTRY",
    "INSTITUTE",
    "INSTRUMENTS",
    "INTERNATIONAL",
    "INVEST",
    "INVESTMENT",
    "INVESTMENTS",
    "JSC",
    "KFT",
    "KG",
    "KK",
    "LABORATORIES",
    "LABORATORY",
    "LABS",
    "LIMITED",
    "LLC",
    "LLP",
    "LOGISTICS",
    "LP",
    "LTD",
    "LTDA",
    "MANUFACTURING",
    "METALS",
    "MINISTRY",
    "NETWORKS",
    "NV",
    "OAO",
    "OHG",
    "OJSC",
    "OOO",
    "PJSC",
    "PLC",
    "PTE",
    "PTY",
    "PVT",
    "SA",
    "SARL",
    "SAS",
    "SERVICE",
    "SERVICES",
    "SHIPPING",
    "SL",
    "SOCIETE",
    "SOLUTIONS",
    "SPA",
    "SRL",
    "SUPPLIES",
    "SUPPLY",
    "SYSTEMS",
    "TECH",
    "TECHNIK",
    "TECHNOLOGIES",
    "TECHNOLOGY",
    "TRADE",
    "TRADING",
    "TRANSPORT",
    "TRANSPORTATION",
    "UNIVERSITY",
    "VERTRIEBS",
    "ZAO",
];

/// A web domain as a name (`SYNAPTIX.NET`).
static DOMAIN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\w\.(?:COM|NET|ORG|BIZ)\b").expect("valid regex"));

/// True when a name written without an entity type is an organisation's: it carries a legal
/// form or an organisation word, or is a web domain. Used for lists that mix persons and
/// companies without saying which (DPL, ITAR debarred).
pub(crate) fn looks_like_organization(name: &str) -> bool {
    if DOMAIN.is_match(name) {
        return true;
    }
    // Dots dropped first, so that the dotted forms `S.A.`, `A.G.` and `CO.` read as words.
    let undotted = name.to_uppercase().replace('.', "");
    undotted
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| ORGANIZATION_WORDS.contains(&w))
}

/// Adds an alias unless it is empty, the entry's own name, or already there (compared once
/// normalised).
pub(crate) fn add_alias(entry: &mut ListEntry, name: String, kind: &str) {
    let key = name_key(&name);
    if key.is_empty()
        || key == name_key(&entry.name)
        || entry.aliases.iter().any(|a| name_key(&a.name) == key)
    {
        return;
    }
    entry.aliases.push(Alias {
        name,
        kind: kind.to_string(),
    });
}

/// Adds a detail value; a key already present keeps each distinct value, `; `-joined.
pub(crate) fn add_detail(details: &mut BTreeMap<String, String>, key: &str, value: &str) {
    let value = value.trim();
    if value.is_empty() {
        return;
    }
    match details.get_mut(key) {
        None => {
            details.insert(key.to_string(), value.to_string());
        }
        Some(existing) => *existing = join_distinct(existing, value),
    }
}

/// `; `-joined values with those of `value` added that `existing` does not hold yet.
fn join_distinct(existing: &str, value: &str) -> String {
    let mut parts: Vec<String> = existing.split("; ").map(str::to_string).collect();
    for part in value.split("; ") {
        push_unique(&mut parts, part.to_string());
    }
    parts.join("; ")
}

/// Folds a repeated row of the same party into its entry: names, addresses, countries,
/// programs and facts are collected; differing details and remarks keep each distinct value.
/// A repeat that had its own row id is remembered under `merged_ids`.
pub(crate) fn merge_repeat(into: &mut ListEntry, row: ListEntry) {
    if row.id != into.id {
        add_detail(&mut into.details, "merged_ids", &row.id);
    }
    if name_key(&row.name) != name_key(&into.name) {
        add_alias(into, row.name, "aka");
    }
    for alias in row.aliases {
        add_alias(into, alias.name, &alias.kind);
    }
    let lists = [
        (&mut into.weak_aliases, row.weak_aliases),
        (&mut into.programs, row.programs),
        (&mut into.countries, row.countries),
        (&mut into.addresses, row.addresses),
        (&mut into.facts.dates_of_birth, row.facts.dates_of_birth),
        (&mut into.facts.nationalities, row.facts.nationalities),
        (&mut into.facts.imo_numbers, row.facts.imo_numbers),
        (&mut into.facts.linked_to, row.facts.linked_to),
    ];
    for (list, values) in lists {
        for value in values {
            push_unique(list, value);
        }
    }
    if let Some(remarks) = row.remarks {
        into.remarks = Some(match into.remarks.take() {
            Some(existing) => join_distinct(&existing, &remarks),
            None => remarks,
        });
    }
    for (key, value) in row.details {
        if key != "merged_ids" {
            add_detail(&mut into.details, &key, &value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_is_recognised_quoted_or_not() {
        assert!(looks_like(
            "\"Name\"\t\"Street_Address\"\t\"City\"\t\"State\"\t\"Country\""
        ));
        assert!(looks_like("Name\tStreet_Address\tCity"));
        assert!(!looks_like("Name,Street_Address,City"));
        assert!(!looks_like("id,name,aliases,type,country,reason,list"));
        assert!(!looks_like("_id,source,entity_number,type,programs,name"));
    }

    #[test]
    fn names_compare_without_case_punctuation_or_spacing() {
        assert_eq!(name_key(" I. ASH"), "I ASH");
        assert_eq!(
            name_key("AL-NASER  AIRLINES"),
            name_key("al naser airlines")
        );
        assert_eq!(name_key(" .,"), "");
    }

    #[test]
    fn derived_id_is_stable_and_short() {
        let id = derived_id("DPL", "I ASH");
        assert_eq!(id, derived_id("DPL", &name_key(" I. ASH")));
        assert_eq!(id.len(), "DPL-".len() + 12);
        assert_ne!(id, derived_id("DPL", "I ASHE"));
    }

    #[test]
    fn legal_forms_and_organisation_words_mark_organisations() {
        for org in [
            "AIR FREIGHT LTD",
            "NEXIANT, LLC",
            "COTRICOM S.A.",
            "YARRA ANSTALT A.G.",
            "GHARE SABZ CO.",
            "SYNAPTIX.NET",
            "AL NASER AIRLINES",
            "Swissco Management Group, Inc.",
            "PJSC AEROFLOT",
        ] {
            assert!(looks_like_organization(org), "{org}");
        }
        for person in [
            "I. ASH",
            "ROBERT J. SHUBERT, SR.",
            "IHSAN MEDHAT \"SAMMY\" ELASHI",
            "T. K. MOHAN",
            "Arnold See, Jr.",
            "GREGORY ALLEN JUSTICE",
        ] {
            assert!(!looks_like_organization(person), "{person}");
        }
    }

    #[test]
    fn empty_country_with_a_us_state_is_the_us() {
        assert_eq!(dpl_country("", "TX").as_deref(), Some("US"));
        assert_eq!(dpl_country("NM", "").as_deref(), Some("US"));
        assert_eq!(dpl_country("PRC", "").as_deref(), Some("CN"));
        assert_eq!(dpl_country("AE", "").as_deref(), Some("AE"));
        assert_eq!(
            dpl_country("", "CY"),
            None,
            "a non-US state is not guessed at"
        );
        assert_eq!(dpl_country("", ""), None);
    }

    #[test]
    fn details_keep_each_distinct_value() {
        let mut d = BTreeMap::new();
        add_detail(&mut d, "action", "50 YEAR DENIAL");
        add_detail(&mut d, "action", "50 YEAR DENIAL");
        add_detail(&mut d, "action", "FEDERAL REGISTER NOTICE UPDATED");
        add_detail(&mut d, "action", "");
        assert_eq!(
            d["action"],
            "50 YEAR DENIAL; FEDERAL REGISTER NOTICE UPDATED"
        );
    }
}
