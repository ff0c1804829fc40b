//! Reader for the trade.gov Consolidated Screening List (CSL) CSV: one file holding a dozen US
//! export-control and sanctions lists, 29 columns found by header name (`_id, source,
//! entity_number, type, programs, name, ...`), one row per listed party.
//!
//! It returns **one list per source list**, named `CSL` and the code the `source` column
//! gives in parentheses: `Specially Designated Nationals (SDN) - Treasury Department` is
//! `CSL SDN`, `Entity List (EL) - Bureau of Industry and Security` is `CSL EL`,
//! `Non-SDN Menu-Based Sanctions List (NS-MBS List) - ...` is `CSL NS-MBS`.
//!
//! The quirks handled here, all seen in the real files:
//! - Multi-valued cells are `; `-joined (names, addresses, programs, dates of birth,
//!   nationalities, citizenships, places of birth, ids), sometimes with the space missing.
//!   Entity List alt names and addresses carry a leading `and ` on the last item
//!   (`...; and JSC 140 Repair Plant`): it is stripped.
//! - Aliases written into a name (`X (f.k.a., Y)`, `X, a.k.a. Y`, `X A/K/A Y`, `X D/B/A Y`,
//!   `F.K.A. Y`) and the State Department's tail `... and any successor, sub-unit, or
//!   subsidiary thereof` are split off ([`written_names`]): the primary name stays as written,
//!   the parts become aliases.
//! - **Repeated rows.** BIS and State rows have no list number (`entity_number` is empty and
//!   `_id` is a per-row hash) and the Denied Persons List repeats a person once per address
//!   (`I. ASH` three times): such rows of one source with the same normalised name are merged
//!   into one entry holding every address, the other rows' `_id`s kept as `merged_ids`.
//!   Treasury rows carry OFAC's entity number; distinct numbers are distinct entries even
//!   when the names are equal (four `AL AQSA FOUNDATION` branches), and only a row repeating
//!   the same `_id` in one source is merged.
//! - `type` is `Individual`, `Entity`, `Vessel` or `Aircraft` for Treasury rows and empty for
//!   BIS and State rows. Empty is read as a person for the lists of mostly persons (DPL, ITAR
//!   debarred `DTC`) and as an organisation for the others, except that a name with a legal
//!   form is always an organisation and a State name marked `(... individual)` a person.
//! - IMO numbers sit in `ids`, in either order the CSL has used (`IMO 8898831, Vessel
//!   Registration Identification` or `Vessel Registration Identification, IMO 9187655`) and
//!   go to `facts.imo_numbers`; other ids (passports, tax numbers, gender, crypto addresses)
//!   stay in `details["ids"]` as written. `(Linked To: X; Linked To: Y)` in remarks gives
//!   `facts.linked_to`.
//! - Line breaks inside a name or address cell are read as spaces.
//! - Names holding C1 control characters (Windows-1252 text once decoded as Latin-1:
//!   `Xi\u{92}an`) are repaired to the Windows-1252 characters (`Xi’an`) and reported once.
//!
//! Every column not read into an entry's fields is kept in `details` under its own name
//! (`license_requirement`, `license_policy`, `federal_register_notice`, `start_date`,
//! `entity_number`, `title`, `vessel_flag`, `source_list_url`, ...), with the full source
//! name under `source_list`. The CSL carries no weak/strong alias flag: Treasury's weak
//! aliases arrive among the alt names and are kept as aliases. The file carries no
//! publication date, so the version is the file date.
//!
//! It must not merge Treasury entries by name, guess at countries an address does not name,
//! or drop a row unreported: a skipped row is an error with its `file:line`.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use super::bis_dpl::{
    add_alias, add_detail, derived_id, is_us_state, looks_like_organization, merge_repeat, name_key,
};
use super::{
    Alias, ListEntry, ListError, ListFormat, Problem, WatchList, country_code, push_unique,
};
use crate::model::EntityKind;
use crate::source::{LineTable, Source};

/// Columns read into an entry's own fields; every other column goes to `details`.
const FIELD_COLUMNS: [&str; 11] = [
    "_id",
    "source",
    "type",
    "programs",
    "name",
    "addresses",
    "alt_names",
    "citizenships",
    "dates_of_birth",
    "nationalities",
    "remarks",
];

/// Source lists whose rows are mostly persons, for rows that give no `type`.
const PERSON_LISTS: [&str; 2] = ["DPL", "DTC"];

/// True when the first line is the CSL header (`_id,source,...,name,...`, quoted or not).
pub fn looks_like(head: &str) -> bool {
    let first = head.lines().next().unwrap_or("");
    let cols: Vec<&str> = first
        .split(',')
        .map(|c| c.trim().trim_matches('"'))
        .collect();
    cols.first() == Some(&"_id") && cols.contains(&"source") && cols.contains(&"name")
}

/// One source list being read.
struct SourceList {
    name: String,
    entries: Vec<ListEntry>,
    /// Merge key (`id:...` or `name:...`) to entry position.
    index: HashMap<String, usize>,
    problems: Vec<Problem>,
}

/// The CSL header: column positions by lower-cased name, and the columns kept as details.
struct Columns {
    by_name: HashMap<String, usize>,
    details: Vec<(usize, String)>,
}

impl Columns {
    /// Finds the columns; a header without `source` or `name` is not a CSL.
    fn of(headers: &csv::StringRecord, label: &str) -> Result<Self, ListError> {
        let by_name: HashMap<String, usize> = headers
            .iter()
            .enumerate()
            .map(|(i, h)| (h.trim().to_ascii_lowercase(), i))
            .collect();
        for required in ["source", "name"] {
            if !by_name.contains_key(required) {
                return Err(ListError::Format {
                    path: label.to_string(),
                    message: format!(
                        "no `{required}` column in the header; not a Consolidated Screening List \
                         CSV"
                    ),
                });
            }
        }
        let details = headers
            .iter()
            .enumerate()
            .map(|(i, h)| (i, h.trim()))
            .filter(|(_, h)| {
                !h.is_empty() && !FIELD_COLUMNS.contains(&h.to_ascii_lowercase().as_str())
            })
            .map(|(i, h)| (i, h.to_string()))
            .collect();
        Ok(Columns { by_name, details })
    }

    /// A row's cell under `column`, trimmed; empty when the column or cell is missing.
    fn get<'r>(&self, record: &'r csv::StringRecord, column: &str) -> &'r str {
        self.by_name
            .get(column)
            .and_then(|&c| record.get(c))
            .unwrap_or("")
            .trim()
    }
}

/// Reads a CSL file, one [`WatchList`] per source list, in the order the file first names them.
pub fn read(source: &Source) -> Result<Vec<WatchList>, ListError> {
    let (text, mut file_problems) = super::list_text(source);
    let (text, repaired) = repair_c1_controls(&text);
    // Offsets before the first repair are the same in both texts; lines are counted in the
    // repaired one, which is the one parsed.
    let lines = LineTable::new(&text);
    if let Some((count, first)) = repaired {
        file_problems.push(Problem::warning(
            format!("{}:{}", source.label, lines.line_of(first)),
            format!(
                "{count} C1 control character(s) (Windows-1252 text decoded as Latin-1, as in \
                 `Xi\\u{{92}}an`) read as the Windows-1252 characters they stand for"
            ),
        ));
    }
    let (headers, rows) =
        super::read_table(&text, b',', &source.label, &lines, &mut file_problems)?;
    let columns = Columns::of(&headers, &source.label)?;

    let mut lists: Vec<SourceList> = Vec::new();
    let mut list_of_code: HashMap<String, usize> = HashMap::new();
    for row in rows {
        let location = format!("{}:{}", source.label, row.line);
        let Some(code) = short_code(columns.get(&row.record, "source")) else {
            file_problems.push(Problem::error(
                location,
                "row names no source list (`source` is empty); skipped",
            ));
            continue;
        };
        let at = *list_of_code.entry(code.clone()).or_insert_with(|| {
            lists.push(SourceList {
                name: format!("CSL {code}"),
                entries: Vec::new(),
                index: HashMap::new(),
                problems: Vec::new(),
            });
            lists.len() - 1
        });
        let list = &mut lists[at];
        if let Some((key, entry)) = entry_of_row(&columns, &row.record, &code, &location, list) {
            list.add(key, entry);
        }
    }
    finish(source, lists, file_problems)
}

impl SourceList {
    /// Adds a row's entry, or merges it into the entry already read under the same key.
    fn add(&mut self, key: String, entry: ListEntry) {
        match self.index.get(&key) {
            Some(&at) => merge_repeat(&mut self.entries[at], entry),
            None => {
                self.index.insert(key, self.entries.len());
                self.entries.push(entry);
            }
        }
    }
}

/// The entry of one row of source list `code` and the key repeats of it share; `None` (with
/// the problem in `list`) for a row without a name.
fn entry_of_row(
    columns: &Columns,
    record: &csv::StringRecord,
    code: &str,
    location: &str,
    list: &mut SourceList,
) -> Option<(String, ListEntry)> {
    let get = |column: &str| columns.get(record, column);
    let name = one_line(get("name"));
    let name = name.as_str();
    if name_key(name).is_empty() {
        list.problems
            .push(Problem::error(location, "row has no name; skipped"));
        return None;
    }
    let kind = row_kind(get("type"), code, name, location, &mut list.problems);
    let id = match get("_id") {
        "" => derived_id(code, &name_key(name)),
        id => id.to_string(),
    };
    let mut entry = ListEntry::builder(id, kind, name)
        .programs(split_multi(get("programs")).collect())
        .remark_text(get("remarks"))
        .build();
    add_row_names(&mut entry, name, get("alt_names"));
    add_row_places(&mut entry, &get);
    for dob in split_multi(get("dates_of_birth")) {
        push_unique(&mut entry.facts.dates_of_birth, dob);
    }
    entry.facts.imo_numbers = imo_numbers(get("ids"), kind);
    if let Some(remarks) = &entry.remarks {
        entry.facts.linked_to = linked_to(remarks);
    }
    add_detail(&mut entry.details, "source_list", get("source"));
    for (c, header) in &columns.details {
        add_detail(&mut entry.details, header, record.get(*c).unwrap_or(""));
    }
    // Rows with a list number are one entry per number; rows without one (BIS, State) are
    // one entry per name, which folds the DPL's one-row-per-address repeats.
    let key = if get("entity_number").is_empty() {
        format!("name:{}", name_key(name))
    } else {
        format!("id:{}", entry.id)
    };
    Some((key, entry))
}

/// The kind a row's `type` gives; an unknown type is reported and read as an organisation.
fn row_kind(
    type_text: &str,
    code: &str,
    name: &str,
    location: &str,
    problems: &mut Vec<Problem>,
) -> EntityKind {
    match type_text.to_ascii_lowercase().as_str() {
        "individual" | "person" => EntityKind::Person,
        "entity" | "organization" | "organisation" => EntityKind::Organization,
        "vessel" => EntityKind::Vessel,
        "aircraft" => EntityKind::Aircraft,
        "" => unstated_kind(code, name),
        _ => {
            problems.push(Problem::warning(
                location,
                format!(
                    "type {type_text:?} is not Individual, Entity, Vessel or Aircraft; read as \
                     an organisation"
                ),
            ));
            EntityKind::Organization
        }
    }
}

/// The aliases written into the name and the `alt_names` cell.
fn add_row_names(entry: &mut ListEntry, name: &str, alt_names: &str) {
    add_written_names(entry, name);
    for alt in split_multi(alt_names) {
        let alt = written_names(&alt);
        add_alias(entry, alt.base, "aka");
        for alias in alt.aliases {
            add_alias(entry, alias.name, &alias.kind);
        }
    }
}

/// The aliases written into a primary name (`X (f.k.a., Y)`), and the name without them when
/// it differs.
pub(crate) fn add_written_names(entry: &mut ListEntry, name: &str) {
    let written = written_names(name);
    if written.base != name {
        add_alias(entry, written.base, "aka");
    }
    for alias in written.aliases {
        add_alias(entry, alias.name, &alias.kind);
    }
}

/// Addresses, nationalities, citizenships and a vessel's flag, with the countries they name.
fn add_row_places<'r>(entry: &mut ListEntry, get: &impl Fn(&str) -> &'r str) {
    for address in split_multi(get("addresses")) {
        if let Some(code) = address_country(&address) {
            push_unique(&mut entry.countries, code);
        }
        push_unique(&mut entry.addresses, address);
    }
    for country in split_multi(get("nationalities")).chain(split_multi(get("citizenships"))) {
        if let Some(code) = country_code(&country) {
            push_unique(&mut entry.facts.nationalities, code.clone());
            push_unique(&mut entry.countries, code);
        }
    }
    if let Some(flag) = country_code(get("vessel_flag")) {
        push_unique(&mut entry.countries, flag);
    }
}

/// The lists with entries, file-level problems on the last; no list at all is an error.
fn finish(
    source: &Source,
    lists: Vec<SourceList>,
    mut file_problems: Vec<Problem>,
) -> Result<Vec<WatchList>, ListError> {
    // A source whose every row was skipped is no list; its problems are the file's.
    let mut loaded: Vec<SourceList> = Vec::new();
    for list in lists {
        if list.entries.is_empty() {
            file_problems.extend(list.problems);
        } else {
            loaded.push(list);
        }
    }
    let Some(last) = loaded.last_mut() else {
        return Err(ListError::Empty {
            path: source.label.clone(),
            hint: " (the CSL has a header and one party per row; an empty or HTML file means \
                   the download failed)"
                .into(),
        });
    };
    // File-level problems are reported once, on the last list of the file.
    last.problems.append(&mut file_problems);

    let version = super::file_version(source);
    let hash = source.sha256();
    Ok(loaded
        .into_iter()
        .map(|list| WatchList {
            name: list.name,
            format: ListFormat::CslCsv,
            version: version.clone(),
            content_hash: hash.clone(),
            files: vec![source.label.clone()],
            entries: list.entries,
            problems: list.problems,
        })
        .collect())
}

/// The short code of a source list: the text in its first parentheses without a trailing
/// ` List` (`NS-MBS List` is `NS-MBS`), else the name before ` - `, upper-cased.
fn short_code(source_name: &str) -> Option<String> {
    let source_name = source_name.trim();
    if source_name.is_empty() {
        return None;
    }
    let in_parens = source_name
        .split_once('(')
        .and_then(|(_, rest)| rest.split_once(')'))
        .map(|(code, _)| code.trim())
        .filter(|code| !code.is_empty());
    let code = match in_parens {
        Some(code) => code
            .strip_suffix(" List")
            .unwrap_or(code)
            .trim()
            .to_string(),
        None => source_name
            .split(" - ")
            .next()
            .unwrap_or(source_name)
            .trim()
            .to_uppercase(),
    };
    Some(code)
}

/// `(DPRK individual)`, `(North Korean individual in China)`: State's way of typing a person.
static MARKED_INDIVIDUAL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bindividual\b[^()]*\)").expect("valid regex"));

/// The kind of a row whose `type` is empty (BIS and State lists).
fn unstated_kind(code: &str, name: &str) -> EntityKind {
    if MARKED_INDIVIDUAL.is_match(name) {
        EntityKind::Person
    } else if looks_like_organization(name) {
        EntityKind::Organization
    } else if PERSON_LISTS.contains(&code) {
        EntityKind::Person
    } else {
        EntityKind::Organization
    }
}

/// The items of a `;`-joined cell, trimmed, on one line, without the Entity List's leading
/// `and ` or a stray leading `-`.
fn split_multi(cell: &str) -> impl Iterator<Item = String> + '_ {
    cell.split(';').filter_map(|item| {
        let item = item.trim();
        let item = item.strip_prefix("and ").unwrap_or(item);
        let item = item.trim_start_matches('-').trim();
        (!item.is_empty()).then(|| one_line(item))
    })
}

/// The text with line breaks and tabs inside it (`Gaobeidian Kaituo Precise Instrument\nCo.
/// Ltd`) read as single spaces; text without any is left exactly as written.
fn one_line(text: &str) -> String {
    if text.contains(['\n', '\r', '\t']) {
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    } else {
        text.to_string()
    }
}

/// The country an address ends with: a code or name after its last comma (or a longer
/// trailing part, `Korea, North`), or `US` for `CITY, ST, 12345` with no country.
pub(crate) fn address_country(address: &str) -> Option<String> {
    if let Some(country) = crate::country::of_place(address) {
        return Some(country.alpha2.to_string());
    }
    let parts: Vec<&str> = address
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    match parts.as_slice() {
        [.., state, zip] if is_us_state(state) && is_us_zip(zip) => Some("US".into()),
        _ => None,
    }
}

/// A US ZIP code, `12345` or `12345-6789`.
fn is_us_zip(text: &str) -> bool {
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    match text.split_once('-') {
        Some((five, four)) => digits(five, 5) && digits(four, 4),
        None => digits(text, 5),
    }
}

static SEVEN_DIGITS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{7})\b").expect("valid regex"));
static IMO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\bIMO\s*(\d{7})\b").expect("valid regex"));

/// IMO numbers in an `ids` cell: the 7-digit number of each `Vessel Registration
/// Identification` item, and for vessels any `IMO nnnnnnn`. Company IMO numbers (`IMO
/// 1234567, Company Number`) of owners and managers stay in the ids only.
fn imo_numbers(ids: &str, kind: EntityKind) -> Vec<String> {
    let mut out = Vec::new();
    for item in ids.split(';') {
        let registration = item
            .to_ascii_lowercase()
            .contains("vessel registration identification");
        let found = if registration {
            SEVEN_DIGITS.captures_iter(item).collect::<Vec<_>>()
        } else if kind == EntityKind::Vessel {
            IMO.captures_iter(item).collect()
        } else {
            Vec::new()
        };
        for c in found {
            push_unique(&mut out, c[1].to_string());
        }
    }
    out
}

static LINKED_TO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"Linked To:\s*([^;]+)").expect("valid regex"));

/// Names in `(Linked To: X; Linked To: Y)` remarks; a name may hold parentheses of its own.
fn linked_to(remarks: &str) -> Vec<String> {
    let mut out = Vec::new();
    for c in LINKED_TO.captures_iter(remarks) {
        let mut name = c[1].trim().trim_end_matches('.').trim_end();
        // Drop the closing parentheses of the remark itself, not those of the name.
        while name.ends_with(')') && name.matches(')').count() > name.matches('(').count() {
            name = name[..name.len() - 1].trim_end();
        }
        if !name.is_empty() {
            push_unique(&mut out, name.to_string());
        }
    }
    out
}

/// A name as a list writes it, split into the name itself and the aliases written into it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct WrittenName {
    /// The name without its alias clauses and successor tail; empty when the text is only
    /// an alias (`F.K.A. Office of Scientific and Industrial Studies`).
    pub base: String,
    pub aliases: Vec<Alias>,
}

/// `... and any successor, sub-unit, or subsidiary thereof`, `..., and its sub-units and
/// successors`: State's tail meaning "this entity and its offshoots", not part of the name.
static SUCCESSOR_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)[;,]?\s*\band\s+(?:any|its)\s+(?:successors?|sub-units?|subsidiar(?:y|ies))\b.*$",
    )
    .expect("valid regex")
});
/// An alias marker opening a bracketed clause: `(a.k.a. `, `(f.k.a., `, `[aka `.
static BRACKET_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(a\.?k\.?a|f\.?k\.?a|n\.?k\.?a)\.?\s*[,:]?\s+").expect("valid regex")
});
/// An alias marker inside a name or at its start: `, a.k.a. `, ` A/K/A `, ` D/B/A `,
/// `F.K.A. `. Bare `aka` is not one outside brackets (`YK-AKA` is a name).
static INLINE_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:^|[\s,]+)(a\.k\.a|f\.k\.a|n\.k\.a|a/k/a|f/k/a|n/k/a|d/b/a)\.?\s*,?(?:\s+|$)",
    )
    .expect("valid regex")
});

fn alias_kind(marker: &str) -> &'static str {
    match marker.to_ascii_lowercase().chars().next() {
        Some('f') => "fka",
        Some('n') => "nka",
        _ => "aka",
    }
}

/// Splits the aliases written into a name (`X (f.k.a., Y)`, `X, a.k.a. Y`, `X A/K/A Y`,
/// `X D/B/A Y`, `F.K.A. Y`, `X (a.k.a. Y; Z)`) and State's successor tail off it.
pub(crate) fn written_names(text: &str) -> WrittenName {
    let text = text.trim();
    let mut aliases = Vec::new();
    let mut push = |name: &str, kind: &str| {
        let name = name.trim().trim_matches([',', ';']).trim();
        let name = name.strip_prefix("and ").unwrap_or(name).trim();
        if !name.is_empty() {
            aliases.push(Alias {
                name: name.to_string(),
                kind: kind.to_string(),
            });
        }
    };

    let without_tail = SUCCESSOR_TAIL.replace(text, "");

    // Bracketed alias clauses, which may hold brackets of their own.
    let mut base = String::new();
    let mut rest: &str = &without_tail;
    while let Some(open) = rest.find(['(', '[']) {
        let inner = &rest[open + 1..];
        let marker = BRACKET_MARKER.captures(inner);
        let close = matching_close(rest, open);
        match (marker, close) {
            (Some(m), Some(close)) => {
                let kind = alias_kind(&m[1]);
                let content = &rest[open + 1 + m[0].len()..close];
                for part in content.split(';') {
                    push(part, kind);
                }
                base.push_str(&rest[..open]);
                base.push(' ');
                rest = &rest[close + 1..];
            }
            _ => {
                base.push_str(&rest[..=open]);
                rest = &rest[open + 1..];
            }
        }
    }
    base.push_str(rest);

    // Inline markers: the text before the first is the name, each later piece an alias of
    // the kind its marker says.
    let mut pieces = Vec::new();
    let mut from = 0;
    let mut kind = "";
    for m in INLINE_MARKER.captures_iter(&base) {
        let whole = m.get(0).map_or(0..0, |g| g.range());
        pieces.push((kind, base[from..whole.start].to_string()));
        kind = alias_kind(&m[1]);
        from = whole.end;
    }
    pieces.push((kind, base[from..].to_string()));
    let mut pieces = pieces.into_iter();
    let base = pieces.next().map(|(_, b)| b).unwrap_or_default();
    for (kind, piece) in pieces {
        push(&piece, kind);
    }

    let base = base.split_whitespace().collect::<Vec<_>>().join(" ");
    let base = base.trim_end_matches([',', ';']).trim_end();
    let base = base.strip_prefix("and ").unwrap_or(base).to_string();
    WrittenName { base, aliases }
}

/// The byte position of the bracket closing the one at `open`, counting `(`/`[` pairs.
fn matching_close(text: &str, open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in text[open..].char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(open + i);
                }
            }
            _ => {}
        }
    }
    None
}

/// Windows-1252 characters for the C1 control range U+0080..U+009F; the five positions
/// Windows-1252 leaves undefined keep their control character.
const WINDOWS_1252_C1: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
];

/// Replaces C1 control characters with the Windows-1252 characters they stand for. Returns
/// the text and, when any were replaced, how many and the byte offset of the first.
fn repair_c1_controls(text: &str) -> (Cow<'_, str>, Option<(usize, usize)>) {
    let is_c1 = |c: char| ('\u{80}'..='\u{9f}').contains(&c);
    let Some(first) = text.find(is_c1) else {
        return (Cow::Borrowed(text), None);
    };
    let mut count = 0;
    let repaired = text
        .chars()
        .map(|c| {
            if is_c1(c) {
                count += 1;
                WINDOWS_1252_C1[c as usize - 0x80]
            } else {
                c
            }
        })
        .collect();
    (Cow::Owned(repaired), Some((count, first)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(w: &WrittenName) -> Vec<(&str, &str)> {
        w.aliases
            .iter()
            .map(|a| (a.name.as_str(), a.kind.as_str()))
            .collect()
    }

    #[test]
    fn header_is_recognised_and_other_formats_are_not() {
        assert!(looks_like(
            "_id,source,entity_number,type,programs,name,title,addresses"
        ));
        assert!(looks_like("\"_id\",\"source\",\"entity_number\",\"name\""));
        assert!(!looks_like("id,name,aliases,type,country,reason,list"));
        assert!(!looks_like("\"Name\"\t\"Street_Address\"\t\"City\""));
        assert!(!looks_like(r#"36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA""#));
    }

    #[test]
    fn source_names_give_short_codes() {
        let code = |s: &str| short_code(s).unwrap();
        assert_eq!(
            code("Specially Designated Nationals (SDN) - Treasury Department"),
            "SDN"
        );
        assert_eq!(
            code("Military End User (MEU) List - Bureau of Industry and Security"),
            "MEU"
        );
        assert_eq!(
            code("Non-SDN Menu-Based Sanctions List (NS-MBS List) - Treasury Department"),
            "NS-MBS"
        );
        assert_eq!(code("Some New List - Commerce"), "SOME NEW LIST");
        assert_eq!(short_code("  "), None);
    }

    #[test]
    fn aliases_written_into_names_are_split_off() {
        let w = written_names(
            "Gazprom Promgaz, AO (f.k.a. Otkrytoe Aktsionernoe Obshchestvo Gazprom Promgaz)",
        );
        assert_eq!(w.base, "Gazprom Promgaz, AO");
        assert_eq!(
            names(&w),
            vec![("Otkrytoe Aktsionernoe Obshchestvo Gazprom Promgaz", "fka")]
        );

        let w = written_names(
            "Mexpar International, Inc. (a.k.a. Pasadena Aerospace; Aviation Logistics and Supply)",
        );
        assert_eq!(w.base, "Mexpar International, Inc.");
        assert_eq!(
            names(&w),
            vec![
                ("Pasadena Aerospace", "aka"),
                ("Aviation Logistics and Supply", "aka")
            ]
        );

        let w = written_names("PEARL (A.K.A. NEI-CHIEN CHU) LI");
        assert_eq!(w.base, "PEARL LI");
        assert_eq!(names(&w), vec![("NEI-CHIEN CHU", "aka")]);

        let w = written_names("SIBERIAN AIRLINES D/B/A S7 AIRLINES");
        assert_eq!(w.base, "SIBERIAN AIRLINES");
        assert_eq!(names(&w), vec![("S7 AIRLINES", "aka")]);

        let w = written_names("JSC NIIP, f.k.a., Otkrytoe Aktsionernoe Obshchestvo");
        assert_eq!(w.base, "JSC NIIP");
        assert_eq!(
            names(&w),
            vec![("Otkrytoe Aktsionernoe Obshchestvo", "fka")]
        );

        let w = written_names("F.K.A. Office of Scientific and Industrial Studies (OSIS)");
        assert_eq!(w.base, "");
        assert_eq!(
            names(&w),
            vec![("Office of Scientific and Industrial Studies (OSIS)", "fka")]
        );

        let w = written_names(
            "Southwest Institute (a.k.a., China Academy of Engineering Physics (CAEP)?s 902 Institute)",
        );
        assert_eq!(w.base, "Southwest Institute");
        assert_eq!(
            names(&w),
            vec![(
                "China Academy of Engineering Physics (CAEP)?s 902 Institute",
                "aka"
            )]
        );
    }

    #[test]
    fn names_without_markers_are_left_alone() {
        for name in [
            "YK-AKA",
            "Tambov Plant (TZ) “October”",
            "Rim Ryong Nam [DPRK Munitions Industry Department (MID) Official]",
            "MADURO MOROS, Nicolas",
            "Unclosed (a.k.a. bracket",
        ] {
            let w = written_names(name);
            assert_eq!(w.base, name);
            assert!(w.aliases.is_empty(), "{name}: {:?}", w.aliases);
        }
    }

    #[test]
    fn successor_tail_is_not_part_of_the_name() {
        assert_eq!(
            written_names(
                "Sinobright Import and Export Company; and any successor, sub-unit, or subsidiary thereof"
            )
            .base,
            "Sinobright Import and Export Company"
        );
        assert_eq!(
            written_names(
                "China Aerospace Science and Industry Corporation (CASIC) Fourth Academy, and its sub-units and successors"
            )
            .base,
            "China Aerospace Science and Industry Corporation (CASIC) Fourth Academy"
        );
    }

    #[test]
    fn multi_value_cells_drop_the_and_artefact() {
        let items: Vec<String> = split_multi(
            "Open Joint Stock Company 140 Repair Plant; and JSC 140 Repair Plant;;-LLC X",
        )
        .collect();
        assert_eq!(
            items,
            vec![
                "Open Joint Stock Company 140 Repair Plant",
                "JSC 140 Repair Plant",
                "LLC X"
            ]
        );
    }

    #[test]
    fn imo_numbers_come_from_vessel_registrations_in_either_order() {
        assert_eq!(
            imo_numbers(
                "IMO 8898831, Vessel Registration Identification; North Korea Sanctions \
                 Regulations, sections 510.201 and 510.210, Secondary sanctions risk:",
                EntityKind::Vessel
            ),
            vec!["8898831"]
        );
        assert_eq!(
            imo_numbers(
                "Vessel Registration Identification, IMO 9187655; MMSI, 613345000",
                EntityKind::Vessel
            ),
            vec!["9187655"]
        );
        assert_eq!(
            imo_numbers(
                "8606173, Vessel Registration Identification",
                EntityKind::Vessel
            ),
            vec!["8606173"]
        );
        assert!(
            imo_numbers(
                "IMO 15411, Vessel Registration Identification",
                EntityKind::Vessel
            )
            .is_empty()
        );
        assert!(imo_numbers("IMO 5174829, Company Number", EntityKind::Organization).is_empty());
    }

    #[test]
    fn linked_to_names_keep_their_own_parentheses() {
        assert_eq!(
            linked_to("(Linked To: YUSONG SHIPPING CO)"),
            vec!["YUSONG SHIPPING CO"]
        );
        assert_eq!(
            linked_to("(Linked To: ALFA BANK (CYPRUS) LTD; Linked To: FRIDMAN, Mikhail)"),
            vec!["ALFA BANK (CYPRUS) LTD", "FRIDMAN, Mikhail"]
        );
    }

    #[test]
    fn address_countries_include_us_addresses_without_one() {
        assert_eq!(
            address_country("19 Luysi Chalovskoy St., Borisov, 222512, BY").as_deref(),
            Some("BY")
        );
        assert_eq!(
            address_country("555 GEO DRIVE , PHILIPSBURG, PA, 16866").as_deref(),
            Some("US")
        );
        assert_eq!(
            address_country("Federico Boyd Avenue & 51 Street, Panama City, PA").as_deref(),
            Some("PA")
        );
        assert_eq!(
            address_country("INMATE NUMBER: 1, FCI DUBLIN, DUBLIN, CA, 94568-1234").as_deref(),
            Some("US")
        );
        assert_eq!(address_country("Tulkarim, West Bank, nowhere"), None);
        assert_eq!(address_country("Ürümqi, Xīnjiāng, TX, Ürümqi"), None);
    }

    #[test]
    fn c1_controls_are_read_as_windows_1252() {
        let (text, repaired) = repair_c1_controls("Xi\u{92}an \u{93}Argon\u{94}");
        assert_eq!(text, "Xi’an “Argon”");
        assert_eq!(repaired, Some((3, 2)));
        assert_eq!(repair_c1_controls("plain").1, None);
    }
}
