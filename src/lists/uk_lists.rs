//! Readers for the two United Kingdom lists: OFSI's consolidated list `ConList.csv` (list
//! `UK OFSI`) and the FCDO UK Sanctions List CSV (list `UK SANCTIONS LIST`).
//!
//! Both publish one row per *name*, not per designation, so rows are gathered into one entry:
//! OFSI rows by `Group ID`, UK Sanctions List rows by `Unique ID`. Columns are found by header
//! name (case- and space-insensitively, non-breaking spaces included) because both files have
//! changed layout over the years and are often cut down: the shared OFSI sample stops after
//! column 30 (no `Group ID`: each row then becomes its own entry, with a warning), and the
//! shared UK Sanctions List is a reduced 8-column export whose `Name` column holds the whole
//! name. Names are assembled `Name 1`..`Name 5` then `Name 6` (the surname, or the whole name of
//! an entity or ship). `Primary name` rows give the name; other rows are strong aliases unless
//! their quality/strength says `Low` (then weak); `Name Non-Latin Script` is an original-script
//! alias. Multi-value cells written `(1) Russia (2) Cyprus` are split. Ships are first-class:
//! IMO numbers go to the facts, the current flag to the countries. Only name columns are names:
//! `Other Information` and statements of reasons go to remarks and details, never to the
//! matcher. The version is OFSI's `Last Updated` row or the UK list's `Report Date` row, else
//! the file date. Both readers run one skeleton (`read_uk`: header, rows gathered by id,
//! problems, version); what differs is a `UkLayout` per format (its columns and what a row
//! says). This module does not match names.

use std::collections::{BTreeMap, HashMap};
use std::sync::LazyLock;

use csv::StringRecord;
use regex::Regex;

use super::{
    Alias, ListEntry, ListError, ListFormat, Problem, WatchList, country_code, file_version,
    push_unique,
};
use crate::model::EntityKind;
use crate::source::{LineTable, Source};

/// The list name of OFSI's consolidated list.
pub const OFSI_LIST_NAME: &str = "UK OFSI";
/// The list name of the FCDO UK Sanctions List.
pub const SANCTIONS_LIST_NAME: &str = "UK SANCTIONS LIST";

/// OFSI columns copied to `details`, by header and detail key.
const OFSI_DETAILS: [(&str, &str); 12] = [
    ("title", "title"),
    ("town of birth", "town_of_birth"),
    ("country of birth", "country_of_birth"),
    ("passport number", "passport_number"),
    ("passport details", "passport_details"),
    (
        "national identification number",
        "national_identification_number",
    ),
    (
        "national identification details",
        "national_identification_details",
    ),
    ("position", "position"),
    ("regime", "regime"),
    ("listed on", "listed_on"),
    (
        "uk sanctions list date designated",
        "uk_sanctions_list_date_designated",
    ),
    ("last updated", "last_updated"),
];

/// UK Sanctions List columns copied to `details`, by header and detail key.
const UK_DETAILS: [(&str, &str); 27] = [
    ("regime name", "regime"),
    ("designation source", "designation_source"),
    ("date designated", "date_designated"),
    ("sanctions imposed", "sanctions_imposed"),
    ("ofsi group id", "ofsi_group_id"),
    ("un reference number", "un_reference_number"),
    ("last updated", "last_updated"),
    ("uk statement of reasons", "uk_statement_of_reasons"),
    ("title", "title"),
    ("position", "position"),
    ("gender", "gender"),
    ("town of birth", "town_of_birth"),
    ("country of birth", "country_of_birth"),
    ("passport number", "passport_number"),
    ("national identifier number", "national_identifier_number"),
    ("type of entity", "type_of_entity"),
    (
        "business registration number (s)",
        "business_registration_number",
    ),
    ("parent company", "parent_company"),
    ("subsidiaries", "subsidiaries"),
    ("current owner/operator (s)", "current_owner_operator"),
    ("previous owner/operator (s)", "previous_owner_operator"),
    (
        "current believed flag of ship",
        "current_believed_flag_of_ship",
    ),
    ("previous flags", "previous_flags"),
    ("type of ship", "type_of_ship"),
    ("tonnage of ship", "tonnage_of_ship"),
    ("length of ship", "length_of_ship"),
    ("year built", "year_built"),
];

/// True when the file starts with OFSI's `Last Updated,DD/MM/YYYY` row followed by the ConList
/// header (`Name 6,...,Group Type,...`). The UK Sanctions List, whose header also starts with
/// `Last Updated` when its `Report Date` row is missing, has a `Unique ID` column; OFSI has not.
pub fn looks_like_ofsi(head: &str) -> bool {
    let mut lines = head.lines();
    let (Some(first), Some(second)) = (lines.next(), lines.next()) else {
        return false;
    };
    let first = header_cells(first);
    let second = header_cells(second);
    first.first().is_some_and(|c| c == "last updated")
        && !first.iter().any(|c| c == "unique id")
        && second.iter().any(|c| c == "name 6")
        && second.iter().any(|c| c == "group id" || c == "group type")
        && !second.iter().any(|c| c == "unique id")
}

/// True for the FCDO UK Sanctions List CSV: a `Report Date` first row (full 58-column file),
/// or a header naming `Unique ID` with `Name 6` or `Regime Name` (full file without its report
/// row, or the reduced 8-column export).
pub fn looks_like_sanctions_list(head: &str) -> bool {
    let mut lines = head.lines();
    let Some(first) = lines.next() else {
        return false;
    };
    let is_header = |cells: &[String]| {
        cells.iter().any(|c| c == "unique id")
            && cells.iter().any(|c| c == "name 6" || c == "regime name")
    };
    let first = header_cells(first);
    if first.first().is_some_and(|c| c.starts_with("report date")) {
        return lines.next().is_some_and(|l| is_header(&header_cells(l)));
    }
    is_header(&first)
}

/// Reads OFSI's `ConList.csv` into the `UK OFSI` list, one entry per `Group ID`.
pub fn read_ofsi(source: &Source) -> Result<Vec<WatchList>, ListError> {
    read_uk::<OfsiColumns>(source)
}

/// Reads the FCDO UK Sanctions List CSV (full or reduced export) into the `UK SANCTIONS LIST`
/// list, one entry per `Unique ID`.
pub fn read_sanctions_list(source: &Source) -> Result<Vec<WatchList>, ListError> {
    read_uk::<SanctionsListColumns>(source)
}

/// The name a row gives its designation.
struct NamedRow {
    id: String,
    name: String,
    original: String,
    role: NameRole,
}

/// What differs between the two UK lists: their header, their columns and what a row says.
trait UkLayout: Sized {
    const LIST_NAME: &'static str;
    const FORMAT: ListFormat;
    /// A header cell only the header row has.
    const HEADER_CELL: &'static str;
    /// The header, as an error message names it.
    const HEADER_WHAT: &'static str;
    /// The preamble row holding the publication date, normalised and as written.
    const VERSION_ROW: (&'static str, &'static str);

    /// The columns found in the header; a header that cannot give names is an error, a
    /// missing column a warning at `header_at`.
    fn find(
        head: &Columns,
        header_at: &str,
        problems: &mut Vec<Problem>,
    ) -> Result<Self, ListError>;

    /// The designation and name of a row; `None` (the problem reported) for a row skipped.
    fn named_row(
        &self,
        record: &StringRecord,
        line: u64,
        at: &str,
        problems: &mut Vec<Problem>,
    ) -> Option<NamedRow>;

    /// The column giving the designation's kind.
    fn kind_column(&self) -> Option<usize>;

    /// Adds a row's countries, addresses, programs, facts and remarks to its designation.
    fn add_row(&self, g: &mut Designation, record: &StringRecord);

    /// The columns copied to `details`, by position and key.
    fn details(&self) -> &[(usize, &'static str)];

    /// The version when the file has no publication date row.
    fn undated_version(source: &Source, _problems: &mut Vec<Problem>) -> String {
        file_version(source)
    }
}

/// Reads a UK list file: rows gathered into designations by id, in the order the file first
/// names them, with the format's columns from `L`.
fn read_uk<L: UkLayout>(source: &Source) -> Result<Vec<WatchList>, ListError> {
    let mut problems = Vec::new();
    let table = read_table(
        source,
        &mut problems,
        |cells| cells.iter().any(|c| c == L::HEADER_CELL),
        L::HEADER_WHAT,
    )?;
    let header_at = format!("{}:{}", source.label, table.header_line);
    let layout = L::find(&table.header, &header_at, &mut problems)?;
    let mut gathered = Gatherer::default();
    for row in &table.rows {
        let at = format!("{}:{}", source.label, row.line);
        let Some(named) = layout.named_row(&row.record, row.line, &at, &mut problems) else {
            continue;
        };
        let g = gathered.designation(&named.id, row.line);
        if g.entry.kind == EntityKind::Unknown
            && let Some(c) = layout.kind_column()
        {
            g.entry.kind = designation_kind(cell(&row.record, Some(c)), &at, &mut problems);
        }
        g.add_name(&named.name, named.role);
        g.add_name(&named.original, NameRole::Strong("original-script"));
        layout.add_row(g, &row.record);
        for &(c, key) in layout.details() {
            g.detail(key, cell(&row.record, Some(c)));
        }
    }
    let (row_label, written) = L::VERSION_ROW;
    let version = match table.preamble_value(row_label) {
        Some(text) => date_version(&text, source, &mut problems, written),
        None => L::undated_version(source, &mut problems),
    };
    let entries = gathered.finish(&source.label, &mut problems);
    finish_list(source, L::LIST_NAME, L::FORMAT, version, entries, problems)
}

/// The OFSI ConList columns.
struct OfsiColumns {
    names: [Option<usize>; 6],
    non_latin: Option<usize>,
    group_id: Option<usize>,
    group_type: Option<usize>,
    alias_type: Option<usize>,
    alias_quality: Option<usize>,
    dob: Option<usize>,
    nationality: Option<usize>,
    address: [Option<usize>; 8],
    country: Option<usize>,
    other_information: Option<usize>,
    regime: Option<usize>,
    details: Vec<(usize, &'static str)>,
}

impl UkLayout for OfsiColumns {
    const LIST_NAME: &'static str = OFSI_LIST_NAME;
    const FORMAT: ListFormat = ListFormat::UkOfsiCsv;
    const HEADER_CELL: &'static str = "name 6";
    const HEADER_WHAT: &'static str = "OFSI ConList (`Name 6,Name 1,...,Group ID`)";
    const VERSION_ROW: (&'static str, &'static str) = ("last updated", "Last Updated");

    fn find(
        head: &Columns,
        header_at: &str,
        problems: &mut Vec<Problem>,
    ) -> Result<Self, ListError> {
        let columns = OfsiColumns {
            names: ["name 1", "name 2", "name 3", "name 4", "name 5", "name 6"]
                .map(|n| head.find(&[n])),
            non_latin: head.find(&["name non-latin script"]),
            group_id: head.find(&["group id"]),
            group_type: head.find(&["group type"]),
            alias_type: head.find(&["alias type"]),
            alias_quality: head.find(&["alias quality"]),
            dob: head.find(&["dob"]),
            nationality: head.find(&["nationality"]),
            address: [
                "address 1",
                "address 2",
                "address 3",
                "address 4",
                "address 5",
                "address 6",
                "post/zip code",
                "country",
            ]
            .map(|n| head.find(&[n])),
            country: head.find(&["country"]),
            other_information: head.find(&["other information"]),
            regime: head.find(&["regime"]),
            details: OFSI_DETAILS
                .iter()
                .filter_map(|(h, key)| head.find(&[h]).map(|c| (c, *key)))
                .collect(),
        };
        if columns.group_id.is_none() {
            problems.push(Problem::warning(
                header_at,
                "no `Group ID` column (a cut-down ConList?): each row is loaded as its own \
                 entry, so a person's aliases may appear as separate entries; load the full \
                 ConList.csv",
            ));
        }
        if columns.group_type.is_none() {
            problems.push(Problem::warning(
                header_at,
                "no `Group Type` column: entries are loaded with kind unknown",
            ));
        }
        Ok(columns)
    }

    fn named_row(
        &self,
        record: &StringRecord,
        line: u64,
        at: &str,
        problems: &mut Vec<Problem>,
    ) -> Option<NamedRow> {
        let get = |c: Option<usize>| cell(record, c);
        let name = full_name(record, &self.names);
        let original = get(self.non_latin);
        if name.is_empty() && original.is_empty() {
            problems.push(Problem::error(
                at,
                "row has no name (Name 1 to Name 6 and Name Non-Latin Script are empty); \
                 skipped",
            ));
            return None;
        }
        let id = match self.group_id {
            None => format!("ROW-{line}"),
            Some(_) if get(self.group_id).is_empty() => {
                problems.push(Problem::error(
                    at,
                    format!("row for {name:?} has no Group ID; skipped"),
                ));
                return None;
            }
            Some(_) => get(self.group_id).to_string(),
        };
        let role = match get(self.alias_type).to_ascii_lowercase().as_str() {
            _ if self.alias_type.is_none() => NameRole::Primary,
            "primary name" => NameRole::Primary,
            _ if get(self.alias_quality).eq_ignore_ascii_case("low") => NameRole::Weak,
            _ => NameRole::Strong("aka"),
        };
        Some(NamedRow {
            id,
            name,
            original: original.to_string(),
            role,
        })
    }

    fn kind_column(&self) -> Option<usize> {
        self.group_type
    }

    fn add_row(&self, g: &mut Designation, record: &StringRecord) {
        let get = |c: Option<usize>| cell(record, c);
        let e = &mut g.entry;
        for date in numbered(get(self.dob)) {
            push_unique(&mut e.facts.dates_of_birth, date);
        }
        for nat in numbered(get(self.nationality))
            .iter()
            .filter_map(|n| country_code(n))
        {
            push_unique(&mut e.facts.nationalities, nat.clone());
            push_unique(&mut e.countries, nat);
        }
        if let Some(code) = country_code(get(self.country)) {
            push_unique(&mut e.countries, code);
        }
        let address = join_cells(record, &self.address);
        if !address.is_empty() {
            push_unique(&mut e.addresses, address);
        }
        if !get(self.regime).is_empty() {
            push_unique(&mut e.programs, get(self.regime).to_string());
        }
        let info = get(self.other_information);
        if e.kind == EntityKind::Vessel {
            for imo in IMO_IN_TEXT.captures_iter(info) {
                push_unique(&mut e.facts.imo_numbers, imo[1].to_string());
            }
        }
        if let Some(reference) = UK_LIST_REF.captures(info) {
            g.detail("uk_sanctions_list_ref", &reference[1]);
        }
        g.remark(info);
    }

    fn details(&self) -> &[(usize, &'static str)] {
        &self.details
    }

    fn undated_version(source: &Source, problems: &mut Vec<Problem>) -> String {
        problems.push(Problem::warning(
            format!("{}:1", source.label),
            "no `Last Updated` row: the list version is the file date",
        ));
        file_version(source)
    }
}

/// The FCDO UK Sanctions List columns (full file or reduced export).
struct SanctionsListColumns {
    unique_id: Option<usize>,
    /// The reduced export writes the whole name in one `Name` column.
    whole_name: Option<usize>,
    names: [Option<usize>; 6],
    name_type: Option<usize>,
    alias_strength: Option<usize>,
    non_latin: Option<usize>,
    designation_type: Option<usize>,
    regime: Option<usize>,
    dob: Option<usize>,
    nationality: Option<usize>,
    address: [Option<usize>; 8],
    address_country: Option<usize>,
    imo: Option<usize>,
    flag: Option<usize>,
    linked: [Option<usize>; 3],
    other_information: Option<usize>,
    details: Vec<(usize, &'static str)>,
}

impl UkLayout for SanctionsListColumns {
    const LIST_NAME: &'static str = SANCTIONS_LIST_NAME;
    const FORMAT: ListFormat = ListFormat::UkSanctionsListCsv;
    const HEADER_CELL: &'static str = "unique id";
    const HEADER_WHAT: &'static str = "UK Sanctions List (`Unique ID,...`)";
    const VERSION_ROW: (&'static str, &'static str) = ("report date", "Report Date");

    fn find(
        head: &Columns,
        header_at: &str,
        problems: &mut Vec<Problem>,
    ) -> Result<Self, ListError> {
        let columns = SanctionsListColumns {
            unique_id: head.find(&["unique id"]),
            whole_name: head.find(&["name"]),
            names: ["name 1", "name 2", "name 3", "name 4", "name 5", "name 6"]
                .map(|n| head.find(&[n])),
            name_type: head.find(&["name type"]),
            alias_strength: head.find(&["alias strength"]),
            non_latin: head.find(&["name non-latin script"]),
            designation_type: head.find(&[
                "designation type",
                "individual, entity, ship",
                "entity, vessel or individual",
                "entity type",
                "type",
            ]),
            regime: head.find(&["regime name", "regime"]),
            dob: head.find(&["d.o.b", "dob", "date of birth"]),
            nationality: head.find(&["nationality(/ies)", "nationality"]),
            address: [
                "address line 1",
                "address line 2",
                "address line 3",
                "address line 4",
                "address line 5",
                "address line 6",
                "address postal code",
                "address country",
            ]
            .map(|n| head.find(&[n])),
            address_country: head.find(&["address country"]),
            imo: head.find(&["imo number"]),
            flag: head.find(&["current believed flag of ship"]),
            linked: [
                "current owner/operator (s)",
                "parent company",
                "subsidiaries",
            ]
            .map(|n| head.find(&[n])),
            other_information: head.find(&["other information"]),
            details: UK_DETAILS
                .iter()
                .filter_map(|(h, key)| head.find(&[h]).map(|c| (c, *key)))
                .collect(),
        };
        if columns.whole_name.is_none() && columns.names.iter().all(Option::is_none) {
            return Err(ListError::Format {
                path: header_at.to_string(),
                message: "the UK Sanctions List header has neither `Name` nor `Name 1`..`Name \
                          6`; no names can be read"
                    .into(),
            });
        }
        if columns.designation_type.is_none() {
            problems.push(Problem::warning(
                header_at,
                "no `Designation Type` column: entries are loaded with kind unknown",
            ));
        }
        Ok(columns)
    }

    fn named_row(
        &self,
        record: &StringRecord,
        _line: u64,
        at: &str,
        problems: &mut Vec<Problem>,
    ) -> Option<NamedRow> {
        let get = |c: Option<usize>| cell(record, c);
        let id = get(self.unique_id);
        let name = match get(self.whole_name) {
            "" => full_name(record, &self.names),
            whole => whole.to_string(),
        };
        let original = get(self.non_latin);
        if id.is_empty() {
            problems.push(Problem::error(
                at,
                format!("row for {name:?} has no Unique ID; skipped"),
            ));
            return None;
        }
        if name.is_empty() && original.is_empty() {
            problems.push(Problem::error(
                at,
                format!("row of {id} has no name; skipped"),
            ));
            return None;
        }
        let role = match get(self.name_type).to_ascii_lowercase().as_str() {
            "" | "primary name" => NameRole::Primary,
            _ if get(self.alias_strength)
                .to_ascii_lowercase()
                .contains("low") =>
            {
                NameRole::Weak
            }
            _ => NameRole::Strong("aka"),
        };
        Some(NamedRow {
            id: id.to_string(),
            name,
            original: original.to_string(),
            role,
        })
    }

    fn kind_column(&self) -> Option<usize> {
        self.designation_type
    }

    fn add_row(&self, g: &mut Designation, record: &StringRecord) {
        let get = |c: Option<usize>| cell(record, c);
        let e = &mut g.entry;
        if !get(self.regime).is_empty() {
            push_unique(&mut e.programs, get(self.regime).to_string());
        }
        for date in numbered(get(self.dob)) {
            push_unique(&mut e.facts.dates_of_birth, date);
        }
        for nat in numbered(get(self.nationality))
            .iter()
            .filter_map(|n| country_code(n))
        {
            push_unique(&mut e.facts.nationalities, nat.clone());
            push_unique(&mut e.countries, nat);
        }
        for place in numbered(get(self.address_country))
            .into_iter()
            .chain(numbered(get(self.flag)))
        {
            if let Some(code) = country_code(&place) {
                push_unique(&mut e.countries, code);
            }
        }
        let address = join_cells(record, &self.address);
        if !address.is_empty() {
            push_unique(&mut e.addresses, address);
        }
        // `IMO9562233`, `9562233`, or several numbered: any run of exactly seven digits.
        for number in DIGITS.find_iter(get(self.imo)).filter(|d| d.len() == 7) {
            push_unique(&mut e.facts.imo_numbers, number.as_str().to_string());
        }
        for col in self.linked {
            for party in numbered(get(col)) {
                push_unique(&mut e.facts.linked_to, party);
            }
        }
        g.remark(get(self.other_information));
    }

    fn details(&self) -> &[(usize, &'static str)] {
        &self.details
    }
}

/// `IMO 9157003`, `IMO9157003`, `(IMO number):9157003`, `IMO no. 9157003` in free text.
static IMO_IN_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bIMO(?:\s*(?:number|no\.?))?\)?\s*[:.]?\s*(\d{7})\b").expect("valid regex")
});
static DIGITS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\d+").expect("valid regex"));
static UK_LIST_REF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\(UK Sanctions List Ref\)\s*:\s*([A-Z]{2,4}\d{2,5})").expect("valid regex")
});
static NUMBER_MARK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\(\d{1,2}\)").expect("valid regex"));

/// A header row, lower-cased with its spaces (non-breaking ones too) collapsed.
fn header_cells(line: &str) -> Vec<String> {
    line.split(',').map(normalise_header).collect()
}

fn normalise_header(cell: &str) -> String {
    cell.trim_start_matches('\u{feff}')
        .trim_matches(|c: char| c == '"' || c.is_whitespace())
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Column positions by normalised header name.
struct Columns(Vec<String>);

impl Columns {
    /// The first of `names` the header has.
    fn find(&self, names: &[&str]) -> Option<usize> {
        names
            .iter()
            .find_map(|n| self.0.iter().position(|h| h == n))
    }
}

use crate::delimited::Row;

/// A UK list file split into the rows before its header, the header, and the data rows.
struct Table {
    preamble: Vec<Row>,
    header_line: u64,
    header: Columns,
    rows: Vec<Row>,
}

impl Table {
    /// The value of a `Label,value` or `Label: value` row before the header.
    fn preamble_value(&self, label: &str) -> Option<String> {
        self.preamble.iter().find_map(|row| {
            let first = row.record.get(0)?;
            let rest = first
                .trim()
                .get(label.len()..)
                .filter(|_| normalise_header(first).starts_with(label))?;
            let inline = rest.trim_start_matches([':', ' ']).trim();
            let value = if inline.is_empty() {
                row.record.get(1).unwrap_or("").trim()
            } else {
                inline
            };
            Some(value.to_string())
        })
    }
}

/// How many rows may come before the header: both lists have at most one.
const MAX_PREAMBLE_ROWS: usize = 5;

/// Reads a UK list file into rows, finding the header row with `is_header`.
fn read_table(
    source: &Source,
    problems: &mut Vec<Problem>,
    is_header: impl Fn(&[String]) -> bool,
    what: &str,
) -> Result<Table, ListError> {
    let (text, decode_problems) = super::list_text(source);
    problems.extend(decode_problems);
    let lines = LineTable::new(&text);
    let label = source.label.clone();
    let is_header =
        |r: &StringRecord| is_header(&r.iter().map(normalise_header).collect::<Vec<_>>());
    let table = crate::delimited::read_table_after_preamble(
        &text,
        b',',
        &lines,
        &mut |line, message| problems.push(Problem::error(format!("{label}:{line}"), message)),
        &is_header,
        MAX_PREAMBLE_ROWS,
    );
    let Some(table) = table else {
        return Err(ListError::Format {
            path: source.label.clone(),
            message: format!(
                "no {what} header row in the first {} rows (an HTML error page or a truncated \
                 download?)",
                MAX_PREAMBLE_ROWS + 1
            ),
        });
    };
    if let Some(cut) = table.cut {
        return Err(ListError::cut(&source.label, cut));
    }
    Ok(Table {
        header_line: table.header.line,
        header: Columns(table.header.record.iter().map(normalise_header).collect()),
        preamble: table.preamble,
        rows: table.rows,
    })
}

/// A cell, trimmed; empty when the column is absent or the row is short.
fn cell(record: &StringRecord, col: Option<usize>) -> &str {
    col.and_then(|c| record.get(c)).map_or("", str::trim)
}

/// `Name 1`..`Name 5` then `Name 6`, the non-empty ones joined by a space.
fn full_name(record: &StringRecord, cols: &[Option<usize>; 6]) -> String {
    cols.iter()
        .map(|c| cell(record, *c))
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Address lines, postcode and country joined by `, `.
fn join_cells(record: &StringRecord, cols: &[Option<usize>]) -> String {
    cols.iter()
        .map(|c| cell(record, *c))
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Splits a multi-value cell written `(1) Russia (2) Cyprus`; a cell without numbering is one
/// value.
fn numbered(text: &str) -> Vec<String> {
    NUMBER_MARK
        .split(text)
        .map(|v| v.trim().trim_end_matches([',', ';']).trim().to_string())
        .filter(|v| !v.is_empty())
        .collect()
}

/// `Individual`, `Entity` or `Ship`; anything else is reported and loaded as unknown.
fn designation_kind(text: &str, at: &str, problems: &mut Vec<Problem>) -> EntityKind {
    match text.to_ascii_lowercase().as_str() {
        "individual" => EntityKind::Person,
        "entity" => EntityKind::Organization,
        "ship" | "vessel" => EntityKind::Vessel,
        other => {
            problems.push(Problem::warning(
                at,
                format!(
                    "designation type {other:?} is not Individual, Entity or Ship; kind unknown"
                ),
            ));
            EntityKind::Unknown
        }
    }
}

/// A publication date as `YYYY-MM-DD`, from the ways the UK lists write it
/// (`03/06/2026`, `11-Aug-2025`, `11-08-2025`, `2025-08-11`, optionally with a time).
fn parse_date(text: &str) -> Option<String> {
    super::dates::list_date(text)
}

/// The version from a publication date row, or the file date (with a warning) when it does
/// not parse.
fn date_version(text: &str, source: &Source, problems: &mut Vec<Problem>, label: &str) -> String {
    parse_date(text).unwrap_or_else(|| {
        problems.push(Problem::warning(
            format!("{}:1", source.label),
            format!("{label} {text:?} is not a date; the list version is the file date"),
        ));
        file_version(source)
    })
}

/// Wraps the entries in a list, or says the file held none.
fn finish_list(
    source: &Source,
    name: &str,
    format: ListFormat,
    version: String,
    entries: Vec<ListEntry>,
    problems: Vec<Problem>,
) -> Result<Vec<WatchList>, ListError> {
    if entries.is_empty() {
        return Err(ListError::Empty {
            path: source.label.clone(),
            hint: format!(" (the {name} file has a header but no named rows)"),
        });
    }
    Ok(vec![WatchList {
        name: name.to_string(),
        format,
        version,
        content_hash: source.sha256(),
        files: vec![source.label.clone()],
        entries,
        problems,
    }])
}

/// What a name row says about its name.
#[derive(Debug, Clone, Copy)]
enum NameRole {
    Primary,
    Strong(&'static str),
    Weak,
}

/// One designation while its rows are gathered.
struct Designation {
    entry: ListEntry,
    line: u64,
    primary: Option<String>,
    first_name: Option<String>,
    details: BTreeMap<&'static str, Vec<String>>,
    remarks: Vec<String>,
}

impl Designation {
    fn new(id: &str, line: u64) -> Self {
        Designation {
            entry: ListEntry::builder(id, EntityKind::Unknown, String::new()).build(),
            line,
            primary: None,
            first_name: None,
            details: BTreeMap::new(),
            remarks: Vec::new(),
        }
    }

    fn add_name(&mut self, name: &str, role: NameRole) {
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() {
            return;
        }
        self.first_name.get_or_insert_with(|| name.clone());
        match role {
            NameRole::Primary if self.primary.is_none() => self.primary = Some(name),
            // A second primary-name row is another strong name of the same designation.
            NameRole::Primary => self.add_alias(name, "aka"),
            NameRole::Strong(kind) => self.add_alias(name, kind),
            NameRole::Weak => push_unique(&mut self.entry.weak_aliases, name),
        }
    }

    fn add_alias(&mut self, name: String, kind: &str) {
        if !self.entry.aliases.iter().any(|a| a.name == name) {
            self.entry.aliases.push(Alias {
                name,
                kind: kind.to_string(),
            });
        }
    }

    fn detail(&mut self, key: &'static str, value: &str) {
        if !value.is_empty() {
            push_unique(self.details.entry(key).or_default(), value.to_string());
        }
    }

    fn remark(&mut self, text: &str) {
        if !text.is_empty() {
            push_unique(&mut self.remarks, text.to_string());
        }
    }

    /// The finished entry; `None` when no row gave it a name.
    fn finish(self) -> Option<ListEntry> {
        let mut entry = self.entry;
        entry.name = self.primary.or(self.first_name)?;
        let name = entry.name.clone();
        entry.aliases.retain(|a| a.name != name);
        let strong: Vec<String> = entry.aliases.iter().map(|a| a.name.clone()).collect();
        entry
            .weak_aliases
            .retain(|w| *w != name && !strong.contains(w));
        entry.details = self
            .details
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.join("; ")))
            .collect();
        entry.remarks = Some(self.remarks.join(" | ")).filter(|r| !r.is_empty());
        Some(entry)
    }
}

/// Designations in the order the file first names them.
#[derive(Default)]
struct Gatherer {
    designations: Vec<Designation>,
    by_id: HashMap<String, usize>,
}

impl Gatherer {
    fn designation(&mut self, id: &str, line: u64) -> &mut Designation {
        let i = *self.by_id.entry(id.to_string()).or_insert_with(|| {
            self.designations.push(Designation::new(id, line));
            self.designations.len() - 1
        });
        &mut self.designations[i]
    }

    fn finish(self, label: &str, problems: &mut Vec<Problem>) -> Vec<ListEntry> {
        let mut entries = Vec::with_capacity(self.designations.len());
        for d in self.designations {
            let (id, line) = (d.entry.id.clone(), d.line);
            match d.finish() {
                Some(entry) => entries.push(entry),
                None => problems.push(Problem::error(
                    format!("{label}:{line}"),
                    format!("{id} has no usable name; skipped"),
                )),
            }
        }
        entries
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_cells_split_into_values() {
        assert_eq!(numbered("(1) Russia (2) Cyprus"), vec!["Russia", "Cyprus"]);
        assert_eq!(numbered("Russia"), vec!["Russia"]);
        assert_eq!(numbered(""), Vec::<String>::new());
    }

    #[test]
    fn publication_dates_in_every_written_form() {
        assert_eq!(parse_date("03/06/2026").as_deref(), Some("2026-06-03"));
        assert_eq!(parse_date("11-Sep-2026").as_deref(), Some("2026-09-11"));
        assert_eq!(parse_date("11-08-2025").as_deref(), Some("2025-08-11"));
        assert_eq!(
            parse_date("11/08/2025 09:30").as_deref(),
            Some("2025-08-11")
        );
        assert_eq!(parse_date("soon"), None);
    }

    #[test]
    fn detection_keeps_ofsi_and_the_uk_list_apart() {
        let ofsi = "Last Updated,03/06/2026\nName 6,Name 1,Name 2,Name 3,Name 4,Name 5,Title,\
                    Group Type,Alias Type,Group ID\n";
        let uk_full = "Report Date: 11-Sep-2026\nLast Updated,Unique ID,OFSI Group ID,\
                       UN Reference Number,Name 6,Name 1\n";
        let uk_reduced = "Unique ID,OFSI Group ID,Name,Regime Name,Type,Designation source,\
                          Date Designated,Sanctions Imposed\n";
        let uk_no_report = "Last Updated,Unique ID,OFSI Group ID,UN Reference Number,Name 6\n\
                            01/01/2024,RUS0001,1,,X\n";
        assert!(looks_like_ofsi(ofsi));
        assert!(!looks_like_sanctions_list(ofsi));
        for uk in [uk_full, uk_reduced, uk_no_report] {
            assert!(looks_like_sanctions_list(uk), "{uk}");
            assert!(!looks_like_ofsi(uk), "{uk}");
        }
        assert!(!looks_like_ofsi(
            "id,name,aliases,type,country,reason,list\n"
        ));
        assert!(!looks_like_sanctions_list(
            "_id,source,entity_number,type\n"
        ));
    }
}
