//! What a workbook's container holds, checked before calamine is let near it. (Written by
//! the workbook helper of issue 17 for its own reader, taken over as it stood.)
//!
//! calamine holds some parts of a workbook whole in memory (an XLSX's shared strings, an ODS's
//! every sheet) and believes the counts a file declares (an XLSX `uniqueCount` is reserved as
//! it stands). So the zip's directory is read first: a part whose declared size is absurd, a
//! shared-string count that its part cannot hold, or ODS repeats that would unfold to millions
//! of cells refuse the file before anything is decompressed. The zip reader stops at each
//! entry's declared size, so the declared sizes are the sizes.
//!
//! The same look tells a workbook from the other zip and OLE2 files a manifest gets confused
//! with (a Word document, a zip of CSVs, an XLS), each refused with what to do instead.

use std::io::{self, Read, Seek, SeekFrom};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use zip::ZipArchive;

use crate::ingest::ReadSeek;

/// A zip part larger than this uncompressed refuses the workbook: a manifest sheet of 50,000
/// bills is about 60 MiB of XML.
pub const MAX_PART: u64 = 256 * 1024 * 1024;
/// All parts together.
pub const MAX_TOTAL: u64 = 1024 * 1024 * 1024;
/// An XLSX's shared strings are held whole: at most this much XML of them.
pub const MAX_SHARED_STRINGS: u64 = 32 * 1024 * 1024;
/// Formats whose reader holds every sheet in memory (ODS): at most this large a file, and at
/// most this much content XML.
pub const MAX_WHOLE_BOOK: u64 = 64 * 1024 * 1024;
/// An ODS's sheets unfolded (repeated rows and columns written out) hold at most this many
/// cells: a manifest of 50,000 rows of 40 columns.
pub const MAX_ODS_CELLS: u64 = 2_000_000;
/// The spaces an ODS's `<text:s text:c="N"/>` elements write out, together (calamine writes
/// them one by one).
const MAX_SPACES: u64 = 16 * 1024 * 1024;
/// A workbook has a few dozen parts.
const MAX_ENTRIES: usize = 10_000;
/// The largest sheet a spreadsheet program makes (and the one calamine caps repeats at).
const MAX_ROWS: u64 = 1_048_576;
const MAX_COLUMNS: u64 = 16_384;

/// A workbook hubscreen reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Xlsx,
    Ods,
}

/// What the file is when it is not a workbook hubscreen reads: the message of its error.
pub type Refusal = String;

/// Looks at a workbook's container (see the module documentation).
pub fn check(input: &mut dyn ReadSeek) -> Result<Kind, Refusal> {
    let mut head = [0u8; 8];
    let n = read_up_to(input, &mut head)?;
    input.seek(SeekFrom::Start(0)).map_err(io_refusal)?;
    if head[..n].starts_with(b"PK\x03\x04") {
        check_zip(input)
    } else {
        Err(ole2(input))
    }
}

fn io_refusal(e: io::Error) -> Refusal {
    format!("cannot be read: {e}")
}

fn read_up_to(input: &mut dyn ReadSeek, buf: &mut [u8]) -> Result<usize, Refusal> {
    let mut n = 0;
    while n < buf.len() {
        match input.read(&mut buf[n..]).map_err(io_refusal)? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

/// An entry of the zip's directory.
struct Entry {
    name: String,
    size: u64,
}

fn check_zip(input: &mut dyn ReadSeek) -> Result<Kind, Refusal> {
    let file_len = input.seek(SeekFrom::End(0)).map_err(io_refusal)?;
    input.seek(SeekFrom::Start(0)).map_err(io_refusal)?;
    let mut zip = ZipArchive::new(&mut *input)
        .map_err(|e| format!("a damaged zip archive ({e}): not readable as a workbook"))?;
    if zip.len() > MAX_ENTRIES {
        return Err(format!(
            "a zip archive of {} parts: not a workbook (a workbook has a few dozen)",
            zip.len()
        ));
    }
    let entries = entries(&zip)?;
    let kind = kind_of(&mut zip, &entries)?;
    check_sizes(&entries)?;
    match kind {
        Kind::Xlsx => check_shared_strings(&mut zip, &entries)?,
        Kind::Ods => check_ods(&mut zip, &entries, file_len)?,
    }
    Ok(kind)
}

fn entries<R: Read + Seek>(zip: &ZipArchive<R>) -> Result<Vec<Entry>, Refusal> {
    (0..zip.len())
        .map(|i| {
            let e = zip
                .by_index_data(i)
                .map_err(|e| format!("a damaged zip archive ({e})"))?;
            Ok(Entry {
                name: e.name().map(|n| n.into_owned()).unwrap_or_default(),
                size: e.size(),
            })
        })
        .collect()
}

fn mib(bytes: u64) -> String {
    format!("{} MiB", bytes.div_ceil(1024 * 1024))
}

fn check_sizes(entries: &[Entry]) -> Result<(), Refusal> {
    let mut total = 0u64;
    for e in entries {
        if e.size > MAX_PART {
            return Err(format!(
                "its part {:?} is {} uncompressed, more than the {} a manifest sheet can need: \
                 save the manifest as CSV",
                e.name,
                mib(e.size),
                mib(MAX_PART)
            ));
        }
        total = total.saturating_add(e.size);
    }
    if total > MAX_TOTAL {
        return Err(format!(
            "its parts are {} uncompressed, more than the {} hubscreen reads of a workbook: \
             save the manifest as CSV",
            mib(total),
            mib(MAX_TOTAL)
        ));
    }
    Ok(())
}

/// The first bytes of a part (at most `limit`).
fn part_head<R: Read + Seek>(zip: &mut ZipArchive<R>, name: &str, limit: u64) -> Vec<u8> {
    let mut out = Vec::new();
    if let Ok(f) = zip.by_name(name) {
        let _ = f.take(limit).read_to_end(&mut out);
    }
    out
}

fn has(entries: &[Entry], name: &str) -> bool {
    entries.iter().any(|e| e.name.eq_ignore_ascii_case(name))
}

/// Which workbook the zip is, or what else it is.
fn kind_of<R: Read + Seek>(zip: &mut ZipArchive<R>, entries: &[Entry]) -> Result<Kind, Refusal> {
    if has(entries, "mimetype") {
        let mime = part_head(zip, "mimetype", 128);
        let mime = String::from_utf8_lossy(&mime);
        let mime = mime.trim();
        if let Some(what) = mime.strip_prefix("application/vnd.oasis.opendocument.") {
            return if what.starts_with("spreadsheet") {
                Ok(Kind::Ods)
            } else {
                Err(format!(
                    "an OpenDocument {what} file, not a spreadsheet: export the manifest as \
                     XLSX or CSV"
                ))
            };
        }
    }
    if has(entries, "xl/workbook.bin") {
        return Err(
            "a binary Excel workbook (XLSB), which hubscreen does not read: save it \
                    as XLSX or CSV"
                .into(),
        );
    }
    let types = part_head(zip, "[Content_Types].xml", 1024 * 1024);
    let types = String::from_utf8_lossy(&types).to_ascii_lowercase();
    if types.contains("spreadsheetml") || has(entries, "xl/workbook.xml") {
        return Ok(Kind::Xlsx);
    }
    if types.contains("wordprocessingml") || has(entries, "word/document.xml") {
        return Err("a Word document (DOCX), not a workbook".into());
    }
    if types.contains("presentationml") || has(entries, "ppt/presentation.xml") {
        return Err("a PowerPoint presentation (PPTX), not a workbook".into());
    }
    let mut names: Vec<String> = entries
        .iter()
        .take(5)
        .map(|e| format!("{:?}", e.name))
        .collect();
    if entries.len() > 5 {
        names.push(format!("and {} more", entries.len() - 5));
    }
    Err(format!(
        "a zip archive, not a workbook (it holds {}): unzip it and screen the manifest in it",
        names.join(", ")
    ))
}

/// calamine reserves room for an XLSX's `uniqueCount` shared strings before reading one: a
/// count its part cannot hold is refused here.
fn check_shared_strings<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    entries: &[Entry],
) -> Result<(), Refusal> {
    for e in entries {
        if !e.name.to_ascii_lowercase().ends_with("sharedstrings.xml") {
            continue;
        }
        if e.size > MAX_SHARED_STRINGS {
            return Err(format!(
                "its shared strings are {} uncompressed, more than the {} hubscreen holds: save \
                 the manifest as CSV",
                mib(e.size),
                mib(MAX_SHARED_STRINGS)
            ));
        }
        let Ok(part) = zip.by_name(&e.name) else {
            continue;
        };
        // Every string takes at least `<si/>`: five bytes.
        let most = e.size / 5 + 1;
        if let Some(claimed) = declared_string_count(io::BufReader::new(part))
            && claimed > most
        {
            return Err(format!(
                "its shared strings claim {claimed} strings in {} bytes: a damaged workbook",
                e.size
            ));
        }
    }
    Ok(())
}

/// The largest `uniqueCount` of the `sst` element (as calamine would read it: digits, a
/// leading `+` allowed); None without one.
fn declared_string_count(part: impl io::BufRead) -> Option<u64> {
    let mut xml = Reader::from_reader(part);
    xml.config_mut().check_end_names = false;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "sst" => {
                return e
                    .attributes()
                    .flatten()
                    .filter(|a| a.key.local_name().as_ref() == "uniqueCount")
                    .filter_map(|a| {
                        let v = a.value.trim_ascii();
                        let v = v.strip_prefix('+').unwrap_or(v);
                        (!v.is_empty() && v.bytes().all(|d| d.is_ascii_digit())).then(|| {
                            v.bytes().fold(0u64, |n, d| {
                                n.saturating_mul(10).saturating_add(u64::from(d - b'0'))
                            })
                        })
                    })
                    .max();
            }
            Ok(Event::Eof) | Err(_) => return None,
            _ => {}
        }
    }
}

/// calamine reads an ODS's every sheet into memory at once, writing repeated rows and cells
/// out: the file, its content and the cells it unfolds to are bounded first.
fn check_ods<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    entries: &[Entry],
    file_len: u64,
) -> Result<(), Refusal> {
    let advice = "save the manifest as XLSX or CSV";
    if file_len > MAX_WHOLE_BOOK {
        return Err(format!(
            "an OpenDocument spreadsheet of {}: hubscreen holds at most {} of one in memory; \
             {advice}",
            mib(file_len),
            mib(MAX_WHOLE_BOOK)
        ));
    }
    let Some(content) = entries.iter().find(|e| e.name == "content.xml") else {
        return Ok(());
    };
    if content.size > MAX_WHOLE_BOOK {
        return Err(format!(
            "an OpenDocument spreadsheet whose content is {} uncompressed: hubscreen holds at \
             most {}; {advice}",
            mib(content.size),
            mib(MAX_WHOLE_BOOK)
        ));
    }
    let part = zip
        .by_name("content.xml")
        .map_err(|e| format!("a damaged OpenDocument spreadsheet ({e})"))?;
    let cells = unfolded_cells(io::BufReader::new(part))?;
    if cells > MAX_ODS_CELLS {
        return Err(format!(
            "an OpenDocument spreadsheet whose repeated rows and columns unfold to {cells} \
             cells, more than the {MAX_ODS_CELLS} hubscreen holds; {advice}"
        ));
    }
    Ok(())
}

/// The attributes a cell can have and still be empty.
const NEUTRAL_CELL_ATTRIBUTES: &[&str] = &[
    "style-name",
    "number-columns-repeated",
    "number-columns-spanned",
    "number-rows-spanned",
    "content-validation-name",
];

/// A number attribute (`table:number-rows-repeated`), 1 when absent or unreadable.
fn repeats(e: &BytesStart<'_>, name: &str) -> u64 {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| a.value.trim().parse().ok())
        .unwrap_or(1)
}

/// One table's unfolded size as the content streams past.
#[derive(Default)]
struct Table {
    rows: u64,
    first_filled: Option<u64>,
    last_filled_end: u64,
    widest: u64,
}

impl Table {
    fn cells(&self) -> u64 {
        let span = self
            .first_filled
            .map_or(0, |first| self.last_filled_end - first);
        span.saturating_mul(self.widest)
    }
}

/// The cells calamine would hold for an ODS content part (an error when its text would write
/// out more than [`MAX_SPACES`] spaces): per table, its widest filled row
/// times the rows from its first filled row to its last, repeats written out (an upper bound:
/// every cell that is not plainly empty counts as filled).
fn unfolded_cells(part: impl io::BufRead) -> Result<u64, Refusal> {
    let mut xml = Reader::from_reader(part);
    xml.config_mut().check_end_names = false;
    let mut buf = Vec::new();
    let mut total = 0u64;
    let mut spaces = 0u64;
    let mut table = Table::default();
    // The current row: its repeats, its width so far and up to its last filled cell.
    let mut row: Option<(u64, u64, u64)> = None;
    loop {
        buf.clear();
        let event = xml
            .read_event_into(&mut buf)
            .map_err(|e| format!("a damaged OpenDocument spreadsheet ({e})"))?;
        match &event {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "s" => {
                spaces = spaces.saturating_add(repeats(e, "c"));
                if spaces > MAX_SPACES {
                    return Err(format!(
                        "an OpenDocument spreadsheet whose text asks for more than {MAX_SPACES}                          repeated spaces: a damaged or hostile file"
                    ));
                }
            }
            Event::Start(e) => start_element(e, false, &mut table, &mut row, &mut total),
            Event::Empty(e) => start_element(e, true, &mut table, &mut row, &mut total),
            Event::End(e) if e.local_name().as_ref() == "table-row" => {
                end_row(&mut table, &mut row)
            }
            Event::Eof => break,
            _ => {}
        }
        if total.saturating_add(table.cells()) > MAX_ODS_CELLS {
            break;
        }
    }
    Ok(total.saturating_add(table.cells()))
}

/// A table, row or cell opening (`closed` when it is written `<.../>`).
fn start_element(
    e: &BytesStart<'_>,
    closed: bool,
    table: &mut Table,
    row: &mut Option<(u64, u64, u64)>,
    total: &mut u64,
) {
    match e.local_name().as_ref() {
        "table" => {
            *total = total.saturating_add(table.cells());
            *table = Table::default();
        }
        "table-row" => {
            let n = repeats(e, "number-rows-repeated").min(MAX_ROWS.saturating_sub(table.rows));
            *row = Some((n, 0, 0));
            if closed {
                end_row(table, row);
            }
        }
        "table-cell" | "covered-table-cell" => {
            if let Some((_, width, filled)) = row.as_mut() {
                let n = repeats(e, "number-columns-repeated").min(MAX_COLUMNS - *width);
                *width += n;
                let plain = closed
                    && e.attributes()
                        .flatten()
                        .all(|a| NEUTRAL_CELL_ATTRIBUTES.contains(&a.key.local_name().as_ref()));
                if !plain {
                    *filled = *width;
                }
            }
        }
        _ => {}
    }
}

fn end_row(table: &mut Table, row: &mut Option<(u64, u64, u64)>) {
    let Some((n, _, filled)) = row.take() else {
        return;
    };
    if filled > 0 {
        table.first_filled.get_or_insert(table.rows);
        table.last_filled_end = table.rows + n;
        table.widest = table.widest.max(filled);
    }
    table.rows += n;
}

/// What an OLE2 (Microsoft compound) file is, for the message refusing it: its directory
/// names its streams in UTF-16.
fn ole2(input: &mut dyn ReadSeek) -> Refusal {
    let mut bytes = Vec::new();
    let _ = (&mut *input).take(MAX_WHOLE_BOOK).read_to_end(&mut bytes);
    let holds = |name: &str| {
        let utf16: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
        bytes.windows(utf16.len()).any(|w| w == utf16.as_slice())
    };
    if holds("EncryptedPackage") {
        "a password-protected Office file: open it, remove the password and save it as XLSX \
         or CSV"
            .into()
    } else if holds("WordDocument") {
        "an OLE2 file that is not an Excel workbook (a Word .doc document)".into()
    } else if holds("__substg1.0_") {
        "an OLE2 file that is not an Excel workbook (an Outlook message: save the manifest \
         attached to it)"
            .into()
    } else if holds("Workbook") || holds("Book\0") {
        "an Excel 97-2003 workbook (XLS), which hubscreen does not read yet: save it as XLSX \
         or CSV"
            .into()
    } else {
        "an OLE2 (Microsoft Office) file that is not an Excel workbook".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ods_repeats_unfold_to_the_widest_filled_row_times_the_filled_span() {
        let content = br#"<office:document-content><office:body><office:spreadsheet>
            <table:table table:name="S">
              <table:table-row><table:table-cell office:value-type="string"><text:p>a</text:p></table:table-cell><table:table-cell table:number-columns-repeated="1020"/></table:table-row>
              <table:table-row table:number-rows-repeated="3"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>
              <table:table-row><table:table-cell table:number-columns-repeated="2"/><table:table-cell office:value-type="float" office:value="1"/></table:table-row>
              <table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>
            </table:table></office:spreadsheet></office:body></office:document-content>"#;
        // Rows 1 to 5 (the empty ones between count), 3 columns wide: trailing empties are
        // not held.
        assert_eq!(unfolded_cells(&content[..]), Ok(15));
    }

    #[test]
    fn a_repeated_filled_cell_counts_every_copy() {
        let content = br#"<table:table><table:table-row table:number-rows-repeated="5000"><table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"/></table:table-row></table:table>"#;
        assert!(unfolded_cells(&content[..]).unwrap() > MAX_ODS_CELLS);
    }

    #[test]
    fn repeated_spaces_are_bounded() {
        let content = br#"<table:table><table:table-row><table:table-cell office:value-type="string"><text:p>a<text:s text:c="99999999999"/></text:p></table:table-cell></table:table-row></table:table>"#;
        assert!(unfolded_cells(&content[..]).unwrap_err().contains("spaces"));
    }

    #[test]
    fn shared_string_count_is_read_as_calamine_reads_it() {
        let sst = br#"<?xml version="1.0"?><sst xmlns="x" count="3" uniqueCount="+4000000000"><si><t>a</t></si></sst>"#;
        assert_eq!(declared_string_count(&sst[..]), Some(4_000_000_000));
        assert_eq!(declared_string_count(&b"<sst><si/></sst>"[..]), None);
    }
}
