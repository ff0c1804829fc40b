//! The table as an agent's workbook, laid out as `sample-manifests/render_feeder_xlsx.py` lays
//! out the feeder sample: one sheet, "Manifest", with a title row and a voyage row above the
//! header (as agents send them, and as the reader must skip), then one row per goods line under
//! the CSV's headings ([`super::HEADER`]).
//!
//! Cells are stored as a spreadsheet program would store what an agent typed: packages, gross
//! weight and IMO number as numbers when they are plain decimal numbers (`19`, `8699.11`,
//! `15120.000` stored as 15120.0), everything else as text, HS codes included (a code stored
//! as a number loses its leading zero). Text is written as inline strings, as the script does;
//! an empty cell is not written.
//!
//! The parts are the script's, byte for byte: `[Content_Types].xml`, `_rels/.rels`,
//! `xl/workbook.xml`, `xl/_rels/workbook.xml.rels`, `xl/worksheets/sheet1.xml`, with no
//! styles and no shared strings. The zip is deflated at a fixed level with every entry dated
//! 1980-01-01 00:00 and marked as made on Unix, so the bytes depend on the table alone, never
//! on the clock or the machine. (They are not the script's zip bytes: Python's zlib and the
//! zip crate's deflate differ.)
//!
//! The title and voyage rows say what the table knows: the vessel and its flag, the voyage,
//! the port and when the manifest was prepared (the script's sample names its shipping line
//! and its ETA, which a table does not hold). A control character in a cell, which XML cannot
//! hold, is written as a space.

use std::io::{Cursor, Write};

use zip::result::ZipResult;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, System, ZipWriter};

use super::{HEADER, Table, col};

/// Columns whose plain decimal numbers are stored as numbers.
const NUMERIC: [&str; 3] = ["Packages", "Gross Weight (KG)", "IMO"];

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
</Types>"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"#;

const WORKBOOK: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" "#,
    r#"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#,
    r#"<sheets><sheet name="Manifest" sheetId="1" r:id="rId1"/></sheets></workbook>"#
);

const WORKBOOK_RELS: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    r#"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/"#,
    r#"relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#
);

/// The workbook's bytes.
pub fn xlsx(table: &Table) -> Vec<u8> {
    package(&sheet(table)).expect("a zip written to memory with fixed options cannot fail")
}

/// A cell's value: text, or a number as the sheet's XML writes it.
enum Value<'a> {
    Text(&'a str),
    Number(String),
}

/// The sheet's XML: title row, voyage row, an empty row, the header, one row per goods line.
fn sheet(table: &Table) -> String {
    let no_row: [String; 30] = Default::default();
    let first = table.rows.first().unwrap_or(&no_row);
    let (vessel, flag) = (&first[col("Vessel")], &first[col("Flag")]);
    let title = if flag.is_empty() {
        format!("CARGO MANIFEST - MV {vessel}")
    } else {
        format!("CARGO MANIFEST - MV {vessel} ({flag})")
    };
    let voyage = format!("Voyage {}", first[col("Voyage")]);
    let call = format!(
        "Port {}, prepared {}",
        table.port,
        shown_time(&table.prepared)
    );

    let mut out = String::from(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#,
        "<sheetData>"
    ));
    row(&mut out, 1, [Some(Value::Text(&title))]);
    row(
        &mut out,
        2,
        [Some(Value::Text(&voyage)), None, Some(Value::Text(&call))],
    );
    row(&mut out, 4, HEADER.map(|h| Some(Value::Text(h))));
    for (i, cells) in table.rows.iter().enumerate() {
        let values = cells
            .iter()
            .zip(HEADER)
            .map(|(value, heading)| Some(as_value(heading, value)));
        row(&mut out, i + 5, values);
    }
    out.push_str("</sheetData></worksheet>");
    out
}

/// One `<row>`: every cell that has a value, empty text left out.
fn row<'a>(out: &mut String, r: usize, cells: impl IntoIterator<Item = Option<Value<'a>>>) {
    out.push_str(&format!(r#"<row r="{r}">"#));
    for (c, value) in cells.into_iter().enumerate() {
        let reference = format!("{}{r}", column_name(c));
        match value {
            None => {}
            Some(Value::Text("")) => {}
            Some(Value::Number(n)) => {
                out.push_str(&format!(r#"<c r="{reference}"><v>{n}</v></c>"#))
            }
            Some(Value::Text(t)) => out.push_str(&format!(
                r#"<c r="{reference}" t="inlineStr"><is><t xml:space="preserve">{}</t></is></c>"#,
                escape(t)
            )),
        }
    }
    out.push_str("</row>");
}

/// A table cell as the sheet stores it: a number in [`NUMERIC`] columns when it is digits with
/// at most one decimal point inside, else text.
fn as_value<'a>(heading: &str, value: &'a str) -> Value<'a> {
    if !NUMERIC.contains(&heading) {
        return Value::Text(value);
    }
    let plain = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match value.split_once('.') {
        None if plain(value) => {
            // A whole number as Python's int() writes it: no leading zeros.
            let digits = value.trim_start_matches('0');
            Value::Number(if digits.is_empty() { "0" } else { digits }.to_string())
        }
        Some((whole, fraction)) if plain(whole) && plain(fraction) => match value.parse::<f64>() {
            Ok(n) if n.is_finite() => Value::Number(float_text(n)),
            _ => Value::Text(value),
        },
        _ => Value::Text(value),
    }
}

/// A float as Python's `repr` writes it (`15120.0`, `8699.11`, `1e+16`): the shortest text
/// that reads back as the same number.
fn float_text(n: f64) -> String {
    let text = format!("{n:?}");
    match text.split_once('e') {
        Some((mantissa, exponent)) => {
            let (sign, digits) = match exponent.strip_prefix('-') {
                Some(digits) => ('-', digits),
                None => ('+', exponent),
            };
            format!("{mantissa}e{sign}{digits:0>2}")
        }
        None => text,
    }
}

/// `YYYYMMDDHHMM` as `DD.MM.YYYY HH:MM`, as agents write dates; anything else as it is.
fn shown_time(prepared: &str) -> String {
    if prepared.len() == 12 && prepared.bytes().all(|b| b.is_ascii_digit()) {
        format!(
            "{}.{}.{} {}:{}",
            &prepared[6..8],
            &prepared[4..6],
            &prepared[..4],
            &prepared[8..10],
            &prepared[10..12]
        )
    } else {
        prepared.to_string()
    }
}

/// The spreadsheet's name of a column from 0: A, B, ..., Z, AA, ...
fn column_name(index: usize) -> String {
    let mut name = Vec::new();
    let mut i = index + 1;
    while i > 0 {
        let r = (i - 1) % 26;
        i = (i - 1) / 26;
        name.push(b'A' + r as u8);
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

/// Text for XML element content: `&`, `<`, `>` escaped (as Python's `saxutils.escape`), and
/// characters XML cannot hold written as a space.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\t' | '\n' | '\r' => out.push(c),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// The zip: the parts in the script's order, with fixed dates (see the module's doc).
fn package(sheet: &str) -> ZipResult<Vec<u8>> {
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(6))
        .last_modified_time(DateTime::DEFAULT)
        .system(System::Unix)
        .unix_permissions(0o644);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, text) in [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", ROOT_RELS),
        ("xl/workbook.xml", WORKBOOK),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
        ("xl/worksheets/sheet1.xml", sheet),
    ] {
        let large = text.len() as u64 >= u64::from(u32::MAX);
        zip.start_file(name, options.large_file(large))?;
        zip.write_all(text.as_bytes())?;
    }
    Ok(zip.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_python_writes_them() {
        let number = |heading, value| match as_value(heading, value) {
            Value::Number(n) => Some(n),
            Value::Text(_) => None,
        };
        assert_eq!(number("Packages", "19").as_deref(), Some("19"));
        assert_eq!(number("Packages", "007").as_deref(), Some("7"));
        assert_eq!(
            number("Gross Weight (KG)", "15120.000").as_deref(),
            Some("15120.0")
        );
        assert_eq!(
            number("Gross Weight (KG)", "8699.11").as_deref(),
            Some("8699.11")
        );
        assert_eq!(number("IMO", "9417232").as_deref(), Some("9417232"));
        assert_eq!(number("Gross Weight (KG)", "1,234.5"), None);
        assert_eq!(number("Gross Weight (KG)", "12."), None);
        assert_eq!(number("Gross Weight (KG)", ".5"), None);
        assert_eq!(number("HS Code", "690721"), None);
        assert_eq!(float_text(1e16), "1e+16");
        assert_eq!(float_text(1.5e-7), "1.5e-07");
    }

    #[test]
    fn column_names() {
        let names: Vec<String> = [0, 25, 26, 29, 701, 702].map(column_name).to_vec();
        assert_eq!(names, ["A", "Z", "AA", "AD", "ZZ", "AAA"]);
    }

    #[test]
    fn text_that_xml_cannot_hold() {
        assert_eq!(escape("A&B <C> \"D\"\u{1}"), "A&amp;B &lt;C&gt; \"D\" ");
        assert_eq!(shown_time("202611270600"), "27.11.2026 06:00");
        assert_eq!(shown_time("soon"), "soon");
    }
}
