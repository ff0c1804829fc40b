//! Reader for manifests as delimited tables with a header row: agents' spreadsheets, vendor
//! bill-of-lading exports, forwarders' CSVs.
//!
//! Columns are found by header name through an alias table (`Consignee`, `CONSIGNEE NAME`,
//! `consignee_name`, `CNEE` are one field), compared case- and punctuation-insensitively; a
//! `--map` TOML file maps headers the table does not know. The delimiter (`,` `;` tab `|`) is
//! sniffed from the header. Consecutive or scattered rows with the same bill number are one
//! shipment with several goods lines: a first pass notes where each bill's last row is, so
//! that the second can hand a shipment over as soon as it is complete without holding the file. Unknown columns are reported, never silently dropped;
//! a bad row or field is reported with its line and the rest of the file is still read.

use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};
use std::io::BufRead;
use std::path::Path;

use serde::Deserialize;

use super::csv_columns::alias_table;
pub use super::csv_columns::{Field, header_key};
use super::{IngestError, Item, Problem};
use crate::delimited::{self, Limits, RowReader};
use crate::model::{
    Container, Conveyance, GoodsLine, HsCode, Party, PartyRole, Quantity, Routing, Shipment,
};

/// Headers mapped to fields by a `--map` file, on top of the alias table.
#[derive(Debug, Clone, Default)]
pub struct ColumnMap {
    /// Header key (see [`header_key`]) -> field.
    columns: HashMap<String, Field>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ColumnMapFile {
    columns: HashMap<String, String>,
}

impl ColumnMap {
    /// Reads a `--map` TOML file: a `[columns]` table of `"Header as written" = "field_name"`.
    pub fn load(path: &Path) -> Result<Self, IngestError> {
        let label = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| IngestError::Format {
            path: label.clone(),
            message: format!("cannot read column map: {e}"),
        })?;
        Self::parse(&label, &text)
    }

    /// Parses the text of a `--map` file.
    pub fn parse(label: &str, text: &str) -> Result<Self, IngestError> {
        let file: ColumnMapFile = toml::from_str(text).map_err(|e| IngestError::Format {
            path: label.to_string(),
            message: format!("column map is not valid: {e}"),
        })?;
        let mut columns = HashMap::new();
        for (header, field) in file.columns {
            let Some(f) = Field::from_name(&field) else {
                return Err(IngestError::Format {
                    path: label.to_string(),
                    message: format!(
                        "column {header:?} maps to unknown field {field:?}; fields are: {}",
                        Field::all_names().join(", ")
                    ),
                });
            };
            columns.insert(header_key(&header), f);
        }
        Ok(ColumnMap { columns })
    }
}

/// The delimiter of a header line: the most frequent of `,` `;` tab `|`, if any occurs.
pub fn sniff_delimiter(header: &str) -> Option<u8> {
    [b',', b';', b'\t', b'|']
        .into_iter()
        .map(|d| (d, header.bytes().filter(|&b| b == d).count()))
        .filter(|&(_, n)| n > 0)
        .max_by_key(|&(_, n)| n)
        .map(|(d, _)| d)
}

/// What the first pass over a CSV manifest learnt, for the second to stream it.
#[derive(Debug)]
pub struct Plan {
    delimiter: u8,
    /// The header's names, for messages.
    header: Vec<String>,
    columns: Vec<Option<Field>>,
    /// Problems of the header row, reported when the file is streamed.
    header_problems: Vec<Problem>,
    /// The line of each bill's last row, by a keyed hash of the bill number: about 16 bytes a
    /// bill, whatever its rows hold. Two bills sharing a hash (never on purpose: the key is
    /// random) only make the first wait for the second's last row.
    last_row: HashMap<u64, u64>,
    bill_hasher: RandomState,
    /// Distinct bill numbers: the shipments the stream will give.
    pub shipments: usize,
}

impl Plan {
    fn bill_key(&self, bill: &str) -> u64 {
        self.bill_hasher.hash_one(bill)
    }
}

/// The header row, its columns mapped to fields; an error when it cannot be a manifest's.
/// The header row as read: delimiter, names, fields, and the reader at the first data row.
type Header<'i> = (
    u8,
    Vec<String>,
    Vec<Option<Field>>,
    RowReader<&'i mut dyn BufRead>,
);

fn read_header<'i>(
    label: &str,
    input: &'i mut dyn BufRead,
    map: &ColumnMap,
    problems: &mut Vec<Problem>,
) -> Result<Header<'i>, IngestError> {
    let head = input.fill_buf().map_err(|e| read_failed(label, e))?;
    let first_line = head.split(|&b| b == b'\n').next().unwrap_or(&[]);
    let delimiter = sniff_delimiter(&String::from_utf8_lossy(first_line)).ok_or_else(|| {
        IngestError::Format {
            path: label.to_string(),
            message: "the first line is not a header row (no , ; tab or | in it)".into(),
        }
    })?;
    let mut rows = RowReader::new(input, delimiter, Limits::MANIFEST);
    let mut first_problem = None;
    let header = rows
        .next_row(&mut |line, message| {
            first_problem.get_or_insert(Problem::error(format!("{label}:{line}"), message));
        })
        .map_err(|e| read_failed(label, e))?;
    let Some(delimited::Row {
        record: headers, ..
    }) = header
    else {
        return Err(match first_problem {
            Some(p) => IngestError::Format {
                path: p.location,
                message: format!("no header row: {}", p.message),
            },
            None => IngestError::Format {
                path: label.to_string(),
                message: "no header row".into(),
            },
        });
    };
    let columns = map_columns(&format!("{label}:1"), &headers, map, problems);
    let has = |f: Field| columns.contains(&Some(f));
    if !has(Field::BillOfLading) {
        return Err(IngestError::Format {
            path: label.to_string(),
            message: format!(
                "no bill of lading column among the headers ({}); name it with --map, e.g. \
                 [columns] \"{}\" = \"bill_of_lading\"",
                headers.iter().collect::<Vec<_>>().join(", "),
                headers.get(0).unwrap_or("Header")
            ),
        });
    }
    if !PartyRole::ALL.iter().any(|&r| has(Field::PartyName(r))) {
        problems.push(Problem::error(
            format!("{label}:1"),
            "no party name column found (shipper, consignee, notify...): parties cannot be screened",
        ));
    }
    if !has(Field::GoodsDescription) && !has(Field::HsCode) {
        problems.push(Problem::error(
            format!("{label}:1"),
            "no goods description or HS code column found: goods cannot be screened",
        ));
    }
    let names: Vec<String> = headers.iter().map(str::to_string).collect();
    rows.set_header(names.clone());
    Ok((delimiter, names, columns, rows))
}

fn read_failed(label: &str, source: std::io::Error) -> IngestError {
    IngestError::Read(crate::source::ReadError {
        path: label.to_string(),
        source,
    })
}

/// The first pass: checks the header and notes the line of each bill's last row.
pub fn plan(label: &str, input: &mut dyn BufRead, map: &ColumnMap) -> Result<Plan, IngestError> {
    let mut header_problems = Vec::new();
    let (delimiter, header, columns, mut rows) =
        read_header(label, input, map, &mut header_problems)?;
    let bill_column = columns.iter().position(|c| *c == Some(Field::BillOfLading));
    let mut plan = Plan {
        delimiter,
        header,
        columns,
        header_problems,
        last_row: HashMap::new(),
        bill_hasher: RandomState::new(),
        shipments: 0,
    };
    // Problems are reported by the second pass, which meets them again.
    while let Some(row) = rows
        .next_row(&mut |_, _| {})
        .map_err(|e| read_failed(label, e))?
    {
        let Some(bill) = bill_column
            .and_then(|i| row.record.get(i))
            .map(str::trim)
            .filter(|b| !b.is_empty())
        else {
            continue;
        };
        let key = plan.bill_key(bill);
        if plan.last_row.insert(key, row.line).is_none() {
            plan.shipments += 1;
        }
    }
    Ok(plan)
}

/// A shipment whose rows are still being read.
struct Building {
    shipment: Shipment,
    first_line: u64,
    last_line: u64,
}

impl Building {
    fn finish(mut self, label: &str) -> Shipment {
        let (first, last) = (self.first_line, self.last_line);
        self.shipment.source = Some(if first == last {
            format!("{label}:{first}")
        } else {
            format!("{label}:{first}-{last}")
        });
        self.shipment
    }
}

/// The second pass: rows become shipments, each handed over once its last row is read (the
/// rows of one bill need not be next to each other).
pub fn stream(
    label: &str,
    input: &mut dyn BufRead,
    plan: &Plan,
    on_item: &mut dyn FnMut(Item) -> std::io::Result<()>,
) -> Result<(), IngestError> {
    let mut header_problems = Vec::new();
    let mut rows = RowReader::new(input, plan.delimiter, Limits::MANIFEST);
    let mut found = Vec::new();
    let mut report = |line: u64, message: String| {
        found.push(Problem::error(format!("{label}:{line}"), message));
    };
    // The header again: only its problems of reading, the plan has its columns.
    rows.next_row(&mut report)
        .map_err(|e| read_failed(label, e))?;
    rows.set_header(plan.header.clone());
    header_problems.append(&mut found);
    header_problems.extend(plan.header_problems.iter().cloned());
    for p in header_problems {
        on_item(Item::Problem(p)).map_err(IngestError::Consumer)?;
    }
    let mut building: HashMap<String, Building> = HashMap::new();
    loop {
        let mut problems = Vec::new();
        let row = rows
            .next_row(&mut |line, message| {
                problems.push(Problem::error(format!("{label}:{line}"), message));
            })
            .map_err(|e| read_failed(label, e))?;
        let done = row
            .as_ref()
            .and_then(|r| add_row(label, plan, &mut building, r.line, &r.record, &mut problems));
        for p in problems {
            on_item(Item::Problem(p)).map_err(IngestError::Consumer)?;
        }
        if let Some(b) = done {
            on_item(Item::Shipment(b.finish(label))).map_err(IngestError::Consumer)?;
        }
        if row.is_none() {
            break;
        }
    }
    // Only when the file changed between the passes, or two bills shared a hash.
    let mut left: Vec<Building> = building.into_values().collect();
    left.sort_by_key(|b| b.first_line);
    for b in left {
        on_item(Item::Shipment(b.finish(label))).map_err(IngestError::Consumer)?;
    }
    Ok(())
}

/// Adds one row to its bill; the bill when this was its last row.
fn add_row(
    label: &str,
    plan: &Plan,
    building: &mut HashMap<String, Building>,
    line: u64,
    record: &csv::StringRecord,
    problems: &mut Vec<Problem>,
) -> Option<Building> {
    let at = format!("{label}:{line}");
    let row = RowValues::from_cells(&plan.columns, record.iter());
    let Some(bill) = row.owned(Field::BillOfLading) else {
        problems.push(Problem::error(at, "no bill of lading number; row skipped"));
        return None;
    };
    let b = match building.entry(bill.clone()) {
        std::collections::hash_map::Entry::Occupied(e) => {
            let b = e.into_mut();
            add_to_existing(&mut b.shipment, &row, &at, b.first_line, problems);
            b.last_line = line;
            b
        }
        std::collections::hash_map::Entry::Vacant(e) => e.insert(Building {
            shipment: new_shipment(bill.clone(), &row),
            first_line: line,
            last_line: line,
        }),
    };
    if let Some(goods) = goods_line(&row, &at, problems) {
        b.shipment.goods.push(goods);
    }
    if let Some(c) = container(&row)
        && !b.shipment.containers.iter().any(|x| x.number == c.number)
    {
        b.shipment.containers.push(c);
    }
    let last = plan.last_row.get(&plan.bill_key(&bill)).copied();
    if last.is_some_and(|last| last <= line) {
        building.remove(&bill)
    } else {
        None
    }
}

/// Maps each header to a field: `--map` first, then the alias table. Unknown and duplicate
/// columns are reported.
pub(crate) fn map_columns(
    header_at: &str,
    headers: &csv::StringRecord,
    map: &ColumnMap,
    problems: &mut Vec<Problem>,
) -> Vec<Option<Field>> {
    // Aliases are written as agents write them (`B/L No.`, `Empfänger`); compared as keys.
    let mut lookup: HashMap<String, Field> = HashMap::new();
    for (field, keys) in alias_table() {
        for k in keys {
            lookup.insert(header_key(k), field);
        }
    }
    let mut seen: HashMap<Field, String> = HashMap::new();
    let mut out = Vec::with_capacity(headers.len());
    let mut unknown = Vec::new();
    for header in headers.iter() {
        let key = header_key(header);
        let field = map
            .columns
            .get(&key)
            .copied()
            .or_else(|| lookup.get(key.as_str()).copied())
            .or_else(|| {
                // `Consignee Address 2`: a further address column of a known party.
                let base = key.trim_end_matches(|c: char| c.is_ascii_digit());
                (base.len() < key.len())
                    .then(|| lookup.get(base).copied())
                    .flatten()
                    .filter(|f| matches!(f, Field::PartyAddress(_)))
            });
        match field {
            Some(Field::Ignore) => out.push(None),
            // A party's address may take several columns: their lines are read in order.
            Some(f @ Field::PartyAddress(_)) => {
                seen.entry(f).or_insert_with(|| header.to_string());
                out.push(Some(f));
            }
            Some(f) => {
                if let Some(first) = seen.get(&f) {
                    problems.push(Problem::warning(
                        header_at,
                        format!(
                            "columns {first:?} and {header:?} both read as {}; only {first:?} is used",
                            f.name()
                        ),
                    ));
                    out.push(None);
                } else {
                    seen.insert(f, header.to_string());
                    out.push(Some(f));
                }
            }
            None => {
                if !header.trim().is_empty() {
                    unknown.push(format!("{header:?}"));
                }
                out.push(None);
            }
        }
    }
    if !unknown.is_empty() {
        problems.push(Problem::warning(
            header_at,
            format!(
                "column(s) {} not recognised; their values are not screened (map them with \
                 --map, or map them to \"ignore\")",
                unknown.join(", ")
            ),
        ));
    }
    out
}

/// One row's values by field.
#[derive(Default)]
pub(crate) struct RowValues {
    values: HashMap<Field, String>,
}

impl RowValues {
    /// The values of a row's cells under their columns' fields, trimmed; a party's further
    /// address columns add lines to its address.
    pub(crate) fn from_cells<'c>(
        columns: &[Option<Field>],
        cells: impl IntoIterator<Item = &'c str>,
    ) -> Self {
        let mut row = RowValues::default();
        for (value, field) in cells.into_iter().zip(columns) {
            let Some(f) = field else { continue };
            let v = value.trim();
            if v.is_empty() {
                continue;
            }
            match row.values.get_mut(f) {
                Some(lines) if matches!(f, Field::PartyAddress(_)) => {
                    lines.push('\n');
                    lines.push_str(v);
                }
                Some(_) => {}
                None => {
                    row.values.insert(*f, v.to_string());
                }
            }
        }
        row
    }

    pub(crate) fn get(&self, f: Field) -> Option<&str> {
        self.values.get(&f).map(String::as_str)
    }
    pub(crate) fn owned(&self, f: Field) -> Option<String> {
        self.get(f).map(str::to_string)
    }
}

/// Notify-party entries that only point at another party: nothing to screen.
pub(crate) fn is_same_as(name: &str) -> bool {
    let n = crate::text::fold_text(name);
    n.starts_with("SAME AS")
        || n.starts_with("AS PER CONSIGNEE")
        || n.starts_with("WIE EMPFANGER")
        || n.starts_with("IDEM")
        || n == "SAME"
        || n == "AS ABOVE"
}

fn parties(row: &RowValues) -> Vec<Party> {
    PartyRole::ALL
        .iter()
        .filter_map(|&role| {
            let cell = row.get(Field::PartyName(role))?;
            // A cell holding the name and the address on lines of their own (agents'
            // workbooks, quoted CSV cells): the first line is the name.
            let mut lines = cell.lines().map(str::trim).filter(|l| !l.is_empty());
            let name = lines.next()?;
            if is_same_as(name) {
                return None;
            }
            let mut address: Vec<String> = lines.map(str::to_string).collect();
            if let Some(a) = row.get(Field::PartyAddress(role)) {
                address.extend(
                    a.split([';', '\n'])
                        .flat_map(|l| l.split(" / "))
                        .map(str::trim)
                        .filter(|l| !l.is_empty())
                        .map(str::to_string),
                );
            }
            Some(Party {
                role,
                name: name.to_string(),
                address,
                country: row.owned(Field::PartyCountry(role)),
            })
        })
        .collect()
}

pub(crate) fn new_shipment(bill: String, row: &RowValues) -> Shipment {
    let conveyance = Conveyance {
        vessel_name: row.owned(Field::VesselName),
        imo: row.owned(Field::Imo),
        voyage: row.owned(Field::Voyage),
        flag: row.owned(Field::Flag),
    };
    let has_conveyance = conveyance != Conveyance::default();
    Shipment {
        bill_of_lading: bill,
        master_bill: row.owned(Field::MasterBill),
        parties: parties(row),
        goods: Vec::new(),
        routing: Routing {
            place_of_receipt: row.owned(Field::PlaceOfReceipt),
            port_of_loading: row.owned(Field::PortOfLoading),
            transshipment_ports: row
                .get(Field::TransshipmentPorts)
                .map(|t| {
                    t.split([';', '|', ',', '/'])
                        .map(str::trim)
                        .filter(|p| !p.is_empty())
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default(),
            port_of_discharge: row.owned(Field::PortOfDischarge),
            final_destination: row.owned(Field::FinalDestination),
            country_of_origin: row.owned(Field::CountryOfOrigin),
        },
        conveyance: has_conveyance.then_some(conveyance),
        containers: Vec::new(),
        source: None,
        status: Default::default(),
    }
}

/// A further row of a bill already seen: its parties must agree with the first row's.
pub(crate) fn add_to_existing(
    shipment: &mut Shipment,
    row: &RowValues,
    at: &str,
    first_line: u64,
    problems: &mut Vec<Problem>,
) {
    for party in parties(row) {
        let known = shipment
            .parties_in(party.role)
            .any(|p| p.name == party.name);
        if !known {
            let first = shipment
                .parties_in(party.role)
                .next()
                .map(|p| p.name.clone());
            if let Some(first) = first {
                problems.push(Problem::warning(
                at.to_string(),
                format!(
                    "bill {}: {} {:?} differs from {:?} on line {first_line}; both are screened",
                    shipment.bill_of_lading, party.role, party.name, first
                ),
            ))
            }
            shipment.parties.push(party);
        }
    }
}

pub(crate) fn goods_line(
    row: &RowValues,
    at: &str,
    problems: &mut Vec<Problem>,
) -> Option<GoodsLine> {
    let description = row.owned(Field::GoodsDescription);
    let hs_raw = row.get(Field::HsCode);
    if description.is_none() && hs_raw.is_none() {
        return None;
    }
    let hs_code = hs_raw.and_then(|raw| match HsCode::parse(raw) {
        Ok(code) => Some(code),
        Err(e) => {
            problems.push(Problem::error(
                at.to_string(),
                format!("field hs_code: {e}; the line is screened on its description only"),
            ));
            None
        }
    });
    let number = |f: Field, problems: &mut Vec<Problem>| {
        row.get(f).and_then(|raw| match parse_number(raw) {
            Some(n) => Some(n),
            None => {
                problems.push(Problem::error(
                    at.to_string(),
                    format!("field {}: {raw:?} is not a number; left empty", f.name()),
                ));
                None
            }
        })
    };
    let quantity = number(Field::Quantity, problems).map(|value| Quantity {
        value,
        unit: row.owned(Field::QuantityUnit),
    });
    let gross_weight_kg = number(Field::GrossWeightKg, problems);
    Some(GoodsLine {
        description: description.unwrap_or_default(),
        hs_code,
        quantity,
        gross_weight_kg,
        un_number: row.owned(Field::UnNumber),
        marks: row.owned(Field::Marks),
    })
}

pub(crate) fn container(row: &RowValues) -> Option<Container> {
    Some(Container {
        number: row.owned(Field::ContainerNumber)?,
        seal: row.owned(Field::Seal),
        size_type: row.owned(Field::SizeType),
    })
}

/// Parses a manifest number: `1,234.5`, `1.234,5`, `1234,5`, `1 234`, `12500 KGS`.
pub fn parse_number(raw: &str) -> Option<f64> {
    let t = raw
        .trim()
        .trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == '.' || c == ' ')
        .replace([' ', '\u{a0}'], "");
    if t.is_empty() {
        return None;
    }
    let normalised = match (t.rfind('.'), t.rfind(',')) {
        (Some(d), Some(c)) if c > d => t.replace('.', "").replace(',', "."),
        (Some(_), Some(_)) => t.replace(',', ""),
        (None, Some(c)) if t.len() - c - 1 == 3 && t.matches(',').count() >= 1 => {
            t.replace(',', "")
        }
        (None, Some(_)) => t.replace(',', "."),
        _ => t,
    };
    normalised.parse().ok().filter(|n: &f64| n.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_match_by_alias_ignoring_case_and_punctuation() {
        for h in [
            "Consignee",
            "CONSIGNEE NAME",
            "consignee_name",
            "CNEE",
            "Consignee-Name",
        ] {
            let mut p = Vec::new();
            let cols = map_columns(
                "t",
                &csv::StringRecord::from(vec![h]),
                &ColumnMap::default(),
                &mut p,
            );
            assert_eq!(
                cols,
                vec![Some(Field::PartyName(PartyRole::Consignee))],
                "{h}"
            );
        }
    }

    #[test]
    fn field_names_round_trip() {
        for name in Field::all_names() {
            assert_eq!(Field::from_name(&name).map(Field::name), Some(name.clone()));
        }
    }

    #[test]
    fn numbers_in_manifest_styles() {
        assert_eq!(parse_number("1,234.5"), Some(1234.5));
        assert_eq!(parse_number("1.234,5"), Some(1234.5));
        assert_eq!(parse_number("1234,5"), Some(1234.5));
        assert_eq!(parse_number("12,500"), Some(12500.0));
        assert_eq!(parse_number("12500 KGS"), Some(12500.0));
        assert_eq!(parse_number("N/A"), None);
    }

    #[test]
    fn delimiter_is_sniffed_from_the_header() {
        assert_eq!(sniff_delimiter("a;b;c"), Some(b';'));
        assert_eq!(sniff_delimiter("a,b;c,d"), Some(b','));
        assert_eq!(sniff_delimiter("a\tb"), Some(b'\t'));
        assert_eq!(sniff_delimiter("abc"), None);
    }
}
