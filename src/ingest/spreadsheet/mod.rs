//! Workbooks (XLSX, ODS) read through calamine, with the CSV reader's header aliases and
//! `--map`, and its row-to-shipment rules. Excel 97-2003 (XLS) files are refused with advice
//! (save as XLSX): calamine 0.38 can be made to loop with growing memory, or panic, by a small
//! crafted XLS, and hubscreen does not yet check XLS internals first ([`container`] checks
//! what zip workbooks hold).
//!
//! Agents' workbooks put a title and a voyage line above the table: the header row is the
//! first of a sheet's first 30 non-empty rows that names a bill of lading column and one more
//! field; the rows above it are reported once. Every sheet with a header row is read, in
//! workbook order (a sheet per vessel or per port is common); `--sheet NAME` reads one. Cells
//! are read as text: whole numbers without a decimal point, dates as ISO dates. An HS code
//! stored as a number has lost its leading zero (`30490` for `030490`): an odd number of
//! digits gets it back, with a warning. Locations are `file:Sheet:row`, the row as the
//! spreadsheet shows it.
//!
//! Memory: the workbook is read into memory (at most [`MAX_WORKBOOK`] bytes); an XLSX sheet is
//! read cell by cell, never as a grid, so that a hostile sheet naming a far corner cell cannot
//! make a grid of billions of cells; an ODS sheet comes as one grid from calamine, after
//! [`container`] has checked that its repeats unfold to at most two million cells.

use std::collections::HashMap;
use std::io::{self, Cursor, Read};

use calamine::{Data, DataRef, Reader, Sheets, open_workbook_auto_from_rs};

mod container;

use super::csv_columns::Field;
use super::csv_manifest::{self, RowValues};
use super::{Header, IngestError, IngestOptions, Item, Problem, ReadSeek};
use crate::model::{HsCode, PartyRole, Shipment};

/// The largest workbook read, in bytes.
pub const MAX_WORKBOOK: u64 = 64 * 1024 * 1024;
/// The most cell text kept from one workbook, in bytes; past it the rest is not read.
const MAX_TEXT: usize = 256 * 1024 * 1024;
/// The most columns read per row (Excel's own limit is 16,384).
const MAX_COLUMNS: usize = 1024;
/// How far down a sheet the header row is looked for, in non-empty rows.
const HEADER_SEARCH: usize = 30;

/// Whether the first bytes of a file are a workbook's container: zip (XLSX, ODS) or OLE2 (XLS).
pub fn is_workbook(head: &[u8]) -> bool {
    head.starts_with(b"PK\x03\x04") || head.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")
}

/// One cell as text, and whether it was stored as a number.
#[derive(Debug, Clone, Default)]
struct Cell {
    text: String,
    number: bool,
}

/// A sheet's non-empty rows: (row as the spreadsheet numbers it, cells from column A).
type Rows = Vec<(u32, Vec<Cell>)>;

/// Reads a workbook (see the module documentation).
pub fn read(
    label: &str,
    input: &mut dyn ReadSeek,
    options: &IngestOptions,
    on_item: &mut dyn FnMut(Item) -> io::Result<()>,
) -> Result<Header, IngestError> {
    let format_error = |message: String| IngestError::Format {
        path: label.to_string(),
        message,
    };
    let mut bytes = Vec::new();
    input
        .take(MAX_WORKBOOK + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| IngestError::read(label, e))?;
    if bytes.len() as u64 > MAX_WORKBOOK {
        return Err(format_error(format!(
            "a workbook larger than {} MiB: save the manifest sheet as CSV (or XLSX without \
             other sheets) and screen that",
            MAX_WORKBOOK / 1024 / 1024
        )));
    }
    // What the container holds is checked before calamine is let near it: absurd sizes,
    // shared-string counts and ODS repeats, and XLS (refused; see the module documentation).
    container::check(&mut Cursor::new(&bytes[..])).map_err(&format_error)?;
    check_cell_references(&bytes, MAX_UNPACKED).map_err(&format_error)?;
    let mut workbook = open_workbook_auto_from_rs(Cursor::new(&bytes[..])).map_err(|e| {
        format_error(format!(
            "a zip file that is not an XLSX or ODS workbook: {e}"
        ))
    })?;
    let names = workbook.sheet_names();
    let wanted: Vec<String> = match &options.sheet {
        Some(name) if names.contains(name) => vec![name.clone()],
        Some(name) => {
            return Err(format_error(format!(
                "no sheet named {name:?}; the workbook has {}",
                names
                    .iter()
                    .map(|n| format!("{n:?}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        None => names.clone(),
    };
    let mut budget = MAX_TEXT;
    let mut read_any = false;
    let mut skipped = Vec::new();
    for sheet in &wanted {
        let rows = match sheet_rows(&mut workbook, sheet, &mut budget) {
            Ok(rows) => rows,
            Err(why) => {
                on_item(Item::Problem(Problem::error(
                    format!("{label}:{sheet}"),
                    format!("sheet {sheet:?} cannot be read ({why}): nothing in it screened"),
                )))
                .map_err(IngestError::Consumer)?;
                continue;
            }
        };
        if read_sheet(label, sheet, &rows, options, on_item)? {
            read_any = true;
        } else if !rows.is_empty() {
            skipped.push(sheet.clone());
        }
    }
    if !read_any {
        return Err(format_error(format!(
            "no sheet has a header row with a bill of lading column among its first \
             {HEADER_SEARCH} rows (sheets: {}); name the column with --map, e.g. [columns] \
             \"B/L No.\" = \"bill_of_lading\"",
            names.join(", ")
        )));
    }
    for sheet in skipped {
        on_item(Item::Problem(Problem::warning(
            format!("{label}:{sheet}"),
            format!(
                "sheet {sheet:?} has no header row with a bill of lading column: not read (if it \
                 holds bills, name its columns with --map, or pick it with --sheet)"
            ),
        )))
        .map_err(IngestError::Consumer)?;
    }
    Ok(Header::default())
}

/// The most bytes a workbook may unpack to: a zip of 64 MiB can hold gigabytes (a zip bomb).
const MAX_UNPACKED: u64 = 512 * 1024 * 1024;

/// Excel's grid: 16,384 columns (XFD), 1,048,576 rows.
const LAST_COLUMN: u64 = 16_384;
const LAST_ROW: u64 = 1_048_576;

/// Checks every cell reference (`r="B7"`, `ref="A1:XFD9"`) in the XML parts of a zip workbook
/// before calamine reads it: a reference past Excel's grid (`ZZZZZZZZ1`) makes calamine's
/// position arithmetic overflow. The bytes are scanned, not parsed, so that XML too broken for
/// a parser (which calamine may still read past) is checked all the same. Nothing is kept.
/// A workbook that unpacks to more than `limit` bytes is refused here too.
fn check_cell_references(bytes: &[u8], limit: u64) -> Result<(), String> {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        // Not a readable zip: calamine says why.
        return Ok(());
    };
    let mut unpacked = 0u64;
    for i in 0..archive.len() {
        let Ok(part) = archive.by_index(i) else {
            continue;
        };
        let Ok(name) = part.name().map(|n| n.into_owned()) else {
            continue;
        };
        let mut scan = ReferenceScan::default();
        let mut reader = io::BufReader::new(part);
        // A read error (a bad checksum at the end) ends the part: what was read is checked.
        while let Ok(chunk) = io::BufRead::fill_buf(&mut reader) {
            if chunk.is_empty() {
                break;
            }
            let n = chunk.len();
            unpacked += n as u64;
            if unpacked > limit {
                return Err(format!(
                    "a workbook that unpacks to more than {} MiB (a zip bomb, or a workbook too \
                     big to screen): not read; save the manifest sheet as CSV",
                    limit / 1024 / 1024
                ));
            }
            for &b in chunk {
                if let Some(bad) = scan.byte(b) {
                    return Err(format!(
                        "a workbook whose part {name} names cell {bad:?}, beyond Excel's grid \
                         (XFD1048576): damaged or crafted; not read"
                    ));
                }
            }
            io::BufRead::consume(&mut reader, n);
        }
    }
    Ok(())
}

/// Finds ` r="..."` and ` ref="..."` values in a byte stream, one byte at a time.
#[derive(Default)]
struct ReferenceScan {
    /// The last bytes seen, to recognise ` r="` and ` ref="`.
    tail: [u8; 6],
    /// Inside a value: its quote and the bytes so far.
    value: Option<(u8, Vec<u8>)>,
}

impl ReferenceScan {
    /// The next byte; a reference beyond the grid when one ends here.
    fn byte(&mut self, b: u8) -> Option<String> {
        if let Some((quote, value)) = &mut self.value {
            if b == *quote || value.len() >= 256 {
                let text = String::from_utf8_lossy(value).into_owned();
                self.value = None;
                return text
                    .split([':', ' '])
                    .find(|r| !within_grid(r))
                    .map(|r| r.chars().take(30).collect());
            }
            value.push(b);
            return None;
        }
        self.tail.rotate_left(1);
        self.tail[5] = b;
        let t = &self.tail;
        let opens = (b == b'"' || b == b'\'')
            && t[4] == b'='
            && (t[3] == b'r' && t[2].is_ascii_whitespace()
                || &t[1..4] == b"ref" && t[0].is_ascii_whitespace());
        if opens {
            self.value = Some((b, Vec::new()));
        }
        None
    }
}

/// Whether a cell reference (`$B$7`, `B`, `7`, or a part of one) stays within Excel's grid.
fn within_grid(reference: &str) -> bool {
    let r = reference.trim().replace('$', "");
    let letters = r.bytes().take_while(u8::is_ascii_alphabetic).count();
    let (col, row) = r.split_at(letters);
    let col_ok = col.len() <= 3
        && col.bytes().fold(0u64, |n, c| {
            n * 26 + u64::from(c.to_ascii_uppercase() - b'A') + 1
        }) <= LAST_COLUMN;
    let row_ok = row.is_empty()
        || (row.len() <= 7
            && row.bytes().all(|b| b.is_ascii_digit())
            && row.parse::<u64>().is_ok_and(|n| n <= LAST_ROW));
    col_ok && row_ok
}

/// A sheet's non-empty rows, cell by cell for XLSX, as a grid for XLS and ODS.
fn sheet_rows(
    workbook: &mut Sheets<Cursor<&[u8]>>,
    sheet: &str,
    budget: &mut usize,
) -> Result<Rows, String> {
    let mut rows: Rows = Vec::new();
    let mut put = |row: u32, col: u32, cell: Cell, budget: &mut usize| -> Result<(), String> {
        if cell.text.is_empty() || col as usize >= MAX_COLUMNS {
            return Ok(());
        }
        *budget = budget
            .checked_sub(cell.text.len() + 16)
            .ok_or("more cell text than hubscreen reads from one workbook")?;
        let row = row.saturating_add(1);
        if rows.last().is_none_or(|(r, _)| *r != row) {
            rows.push((row, Vec::new()));
        }
        let cells = &mut rows.last_mut().expect("pushed").1;
        if cells.len() <= col as usize {
            cells.resize(col as usize + 1, Cell::default());
        }
        cells[col as usize] = cell;
        Ok(())
    };
    match workbook {
        Sheets::Xlsx(xlsx) => {
            let mut cells = xlsx
                .worksheet_cells_reader(sheet)
                .map_err(|e| e.to_string())?;
            while let Some(cell) = cells.next_cell().map_err(|e| e.to_string())? {
                let (row, col) = cell.get_position();
                put(row, col, cell_ref_text(cell.get_value()), budget)?;
            }
        }
        other => {
            let range = other.worksheet_range(sheet).map_err(|e| e.to_string())?;
            let (top, left) = range.start().unwrap_or((0, 0));
            for (r, row) in range.rows().enumerate() {
                for (c, value) in row.iter().enumerate() {
                    put(top + r as u32, left + c as u32, cell_text(value), budget)?;
                }
            }
        }
    }
    // XLSX rows come in order; a sheet that lists them out of order is put right.
    rows.sort_by_key(|(r, _)| *r);
    Ok(rows)
}

fn number_text(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

fn cell_text(value: &Data) -> Cell {
    let (text, number) = match value {
        Data::Int(i) => (i.to_string(), true),
        Data::Float(x) => (number_text(*x), true),
        Data::String(s) => (s.trim().to_string(), false),
        Data::Bool(b) => (if *b { "TRUE" } else { "FALSE" }.to_string(), false),
        Data::DateTime(d) => (excel_date(d.as_f64()), false),
        Data::DateTimeIso(s) | Data::DurationIso(s) => (s.clone(), false),
        Data::Error(_) | Data::Empty => (String::new(), false),
    };
    Cell { text, number }
}

fn cell_ref_text(value: &DataRef<'_>) -> Cell {
    let (text, number) = match value {
        DataRef::Int(i) => (i.to_string(), true),
        DataRef::Float(x) => (number_text(*x), true),
        DataRef::String(s) => (s.trim().to_string(), false),
        DataRef::SharedString(s) => (s.trim().to_string(), false),
        DataRef::Bool(b) => (if *b { "TRUE" } else { "FALSE" }.to_string(), false),
        DataRef::DateTime(d) => (excel_date(d.as_f64()), false),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => (s.clone(), false),
        DataRef::Error(_) | DataRef::Empty => (String::new(), false),
    };
    Cell { text, number }
}

/// An Excel serial date (days since 1899-12-30) as an ISO date.
fn excel_date(serial: f64) -> String {
    let base = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).expect("a date");
    match base.checked_add_signed(chrono::Duration::days(serial.floor() as i64)) {
        Some(d) if serial.is_finite() => d.format("%Y-%m-%d").to_string(),
        _ => number_text(serial),
    }
}

/// Reads one sheet's bills; false when it has no header row.
fn read_sheet(
    label: &str,
    sheet: &str,
    rows: &Rows,
    options: &IngestOptions,
    on_item: &mut dyn FnMut(Item) -> io::Result<()>,
) -> Result<bool, IngestError> {
    let emit = |item: Item, on_item: &mut dyn FnMut(Item) -> io::Result<()>| {
        on_item(item).map_err(IngestError::Consumer)
    };
    let Some((at, columns, mut problems)) = find_header(label, sheet, rows, options) else {
        return Ok(false);
    };
    let (header_row, _) = &rows[at];
    if at > 0 {
        let title: String = rows[0]
            .1
            .iter()
            .find(|c| !c.text.is_empty())
            .map_or(String::new(), |c| c.text.chars().take(60).collect());
        problems.push(Problem::warning(
            format!("{label}:{sheet}:{}", rows[0].0),
            format!(
                "rows {}-{} above the header row (row {header_row}) are not bills and were not \
                 read: {title:?}",
                rows[0].0,
                rows[at - 1].0
            ),
        ));
    }
    for p in problems {
        emit(Item::Problem(p), on_item)?;
    }
    let hs = columns.iter().position(|c| *c == Some(Field::HsCode));
    // Bills in the order of their first row; a bill's rows may be apart.
    let mut order: Vec<String> = Vec::new();
    let mut bills: HashMap<String, (Shipment, u32, u32)> = HashMap::new();
    for (row_no, cells) in &rows[at + 1..] {
        let mut problems = Vec::new();
        let where_ = format!("{label}:{sheet}:{row_no}");
        let texts: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if Some(i) == hs && c.number {
                    hs_from_number(&c.text, &where_, &mut problems)
                } else {
                    c.text.clone()
                }
            })
            .collect();
        let row = RowValues::from_cells(&columns, texts.iter().map(String::as_str));
        let Some(bill) = row.owned(Field::BillOfLading) else {
            problems.push(Problem::error(
                &where_,
                "no bill of lading number; row skipped",
            ));
            for p in problems {
                emit(Item::Problem(p), on_item)?;
            }
            continue;
        };
        match bills.get_mut(&bill) {
            Some((shipment, first, last)) => {
                let first_at = u64::from(*first);
                csv_manifest::add_to_existing(shipment, &row, &where_, first_at, &mut problems);
                *last = *row_no;
                add_goods(shipment, &row, &where_, &mut problems);
            }
            None => {
                let mut shipment = csv_manifest::new_shipment(bill.clone(), &row);
                add_goods(&mut shipment, &row, &where_, &mut problems);
                order.push(bill.clone());
                bills.insert(bill, (shipment, *row_no, *row_no));
            }
        }
        for p in problems {
            emit(Item::Problem(p), on_item)?;
        }
    }
    for bill in order {
        let (mut shipment, first, last) = bills.remove(&bill).expect("ordered");
        shipment.source = Some(if first == last {
            format!("{label}:{sheet}:{first}")
        } else {
            format!("{label}:{sheet}:{first}-{last}")
        });
        emit(Item::Shipment(shipment), on_item)?;
    }
    Ok(true)
}

fn add_goods(shipment: &mut Shipment, row: &RowValues, at: &str, problems: &mut Vec<Problem>) {
    if let Some(goods) = csv_manifest::goods_line(row, at, problems) {
        shipment.goods.push(goods);
    }
    if let Some(c) = csv_manifest::container(row)
        && !shipment.containers.iter().any(|x| x.number == c.number)
    {
        shipment.containers.push(c);
    }
}

/// The header row: the first of the first rows that names a bill of lading column and another
/// field; its index in `rows`, its columns, and its problems.
fn find_header(
    label: &str,
    sheet: &str,
    rows: &Rows,
    options: &IngestOptions,
) -> Option<(usize, Vec<Option<Field>>, Vec<Problem>)> {
    rows.iter()
        .take(HEADER_SEARCH)
        .enumerate()
        .find_map(|(i, (row_no, cells))| {
            let record =
                csv::StringRecord::from(cells.iter().map(|c| c.text.as_str()).collect::<Vec<_>>());
            let mut problems = Vec::new();
            let at = format!("{label}:{sheet}:{row_no}");
            let columns =
                csv_manifest::map_columns(&at, &record, &options.column_map, &mut problems);
            let fields = columns.iter().flatten().count();
            let is_header = columns.contains(&Some(Field::BillOfLading)) && fields >= 2;
            if !is_header {
                return None;
            }
            let has = |f: Field| columns.contains(&Some(f));
            if !PartyRole::ALL.iter().any(|&r| has(Field::PartyName(r))) {
                problems.push(Problem::error(
                    &at,
                    "no party name column found (shipper, consignee, notify...): parties cannot be \
                     screened",
                ));
            }
            if !has(Field::GoodsDescription) && !has(Field::HsCode) {
                problems.push(Problem::error(
                    &at,
                    "no goods description or HS code column found: goods cannot be screened",
                ));
            }
            Some((i, columns, problems))
        })
}

/// An HS code a spreadsheet stored as a number: an odd count of digits lost its leading zero
/// (chapters 01 to 09), which is put back with a warning.
fn hs_from_number(text: &str, at: &str, problems: &mut Vec<Problem>) -> String {
    let digits = text.len();
    if text.bytes().all(|b| b.is_ascii_digit()) && digits % 2 == 1 && (3..=9).contains(&digits) {
        let fixed = format!("0{text}");
        let shown = HsCode::parse(&fixed).map_or(fixed.clone(), |c| c.dotted());
        problems.push(Problem::warning(
            at,
            format!(
                "HS code {text} stored as a number lost its leading zero: read as {shown} (store \
                 HS codes as text)"
            ),
        ));
        fixed
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A small zip that unpacks past the limit (a zip bomb) is refused before calamine opens
    /// it (the limit is 512 MiB; 2 MiB here, to keep the test fast).
    #[test]
    fn a_workbook_that_unpacks_too_far_is_refused() {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
        zip.write_all(&vec![b' '; 3 * 1024 * 1024]).unwrap();
        let bytes = zip.finish().unwrap().into_inner();
        assert!(bytes.len() < 64 * 1024, "{} bytes", bytes.len());
        let err = check_cell_references(&bytes, 2 * 1024 * 1024).unwrap_err();
        assert!(err.contains("unpacks to more than 2 MiB"), "{err}");
        assert_eq!(check_cell_references(&bytes, 4 * 1024 * 1024), Ok(()));
    }

    #[test]
    fn references_within_and_past_the_grid() {
        for r in ["A1", "$B$7", "XFD1048576", "A", "7"] {
            assert!(within_grid(r), "{r}");
        }
        for r in ["XFE1", "A1048577", "ZZZZZZZZ1", "A99999999999", "SILKe"] {
            assert!(!within_grid(r), "{r}");
        }
    }
}
