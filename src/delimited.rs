//! Delimited text (CSV, TSV, `;`-separated) read row by row, each row with its line, for every
//! reader of a table: manifests and lists alike.
//!
//! What every such reader needs and must not get wrong on its own: a row with the wrong number
//! of fields is reported and skipped, never silently padded; a quote opened and never closed
//! (which makes a CSV parser swallow the rest of the file) costs only its own line; blank rows
//! and OFAC's lone 0x1A end-of-file row are not data; and lines are counted from byte offsets,
//! because the csv crate's own count is off after CRLF. A file that stops mid-record (it ends
//! inside a quoted field, or its last row is short and has no line end) is a [`Cut`]: a
//! truncated download, never a short file. This module reports problems through a callback, so
//! each caller words them as its own kind of problem; it never decides what a field means.

use csv::StringRecord;

use crate::source::LineTable;

/// A data row and the line it starts on.
#[derive(Debug, Clone)]
pub struct Row {
    pub line: u64,
    pub record: StringRecord,
}

/// Where a file stops in the middle of a record: the sign of a truncated download.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cut {
    /// The line the unfinished record starts on.
    pub line: u64,
    /// What is unfinished (`the file ends inside a quoted field opened on this line`).
    pub what: String,
}

fn builder(delimiter: u8) -> csv::ReaderBuilder {
    let mut b = csv::ReaderBuilder::new();
    b.delimiter(delimiter).has_headers(false).flexible(true);
    b
}

fn is_blank(record: &StringRecord) -> bool {
    record.iter().all(|f| {
        f.trim_matches(|c: char| c.is_whitespace() || c == '\u{1a}')
            .is_empty()
    })
}

/// Reads the rows of `text[start..]`. With `expected` set, a row of another length is
/// reported as `(line, message)` and skipped; a row that spans several lines then means an
/// unclosed quote, and reading resumes on the line after the row's first.
pub fn read_rows(
    text: &str,
    start: usize,
    delimiter: u8,
    expected: Option<usize>,
    lines: &LineTable,
    report: &mut dyn FnMut(u64, String),
) -> Vec<Row> {
    read_rows_to_end(text, start, delimiter, expected, lines, report).0
}

/// [`read_rows`], and where the file stops mid-record, if it does: its last record reaches the
/// end of the text inside an open quote (whatever its length: a closed quote is never
/// missing from a complete file), or it is shorter than `expected` and has no line end.
pub fn read_rows_to_end(
    text: &str,
    mut start: usize,
    delimiter: u8,
    expected: Option<usize>,
    lines: &LineTable,
    report: &mut dyn FnMut(u64, String),
) -> (Vec<Row>, Option<Cut>) {
    let mut rows = Vec::new();
    let mut cut = None;
    'restart: while start < text.len() {
        let mut reader = builder(delimiter).from_reader(&text.as_bytes()[start..]);
        let mut record = StringRecord::new();
        loop {
            let record_start = start + reader.position().byte() as usize;
            let line = lines.line_of(record_start);
            match reader.read_record(&mut record) {
                Ok(false) => break 'restart,
                Ok(true) => {}
                Err(e) => {
                    report(line, format!("unreadable row skipped: {e}"));
                    continue;
                }
            }
            if is_blank(&record) {
                continue;
            }
            let record_end = start + reader.position().byte() as usize;
            if record_end >= text.len() {
                cut = cut_at_end(&text[record_start..], delimiter, expected, record.len())
                    .map(|what| Cut { line, what });
            }
            let Some(expected) = expected.filter(|&e| e != record.len()) else {
                // A compact copy: the reused record keeps a buffer sized for the longest row.
                rows.push(Row {
                    line,
                    record: record.iter().collect(),
                });
                continue;
            };
            let span = text[record_start..record_end].trim_matches(['\r', '\n']);
            if span.contains('\n') {
                report(
                    line,
                    format!(
                        "a quote opened on this line is never closed (expected {expected} fields, \
                         found {}); the line is skipped and reading resumes on the next line",
                        record.len()
                    ),
                );
                let rest = &text[record_start..];
                let content =
                    record_start + (rest.len() - rest.trim_start_matches(['\r', '\n']).len());
                start = text[content..]
                    .find('\n')
                    .map_or(text.len(), |i| content + i + 1);
                // The lines after it are read again; only the last record read decides.
                cut = None;
                continue 'restart;
            }
            report(
                line,
                format!(
                    "expected {expected} fields, found {} (truncated download, or a stray \
                     delimiter or quote?); row skipped",
                    record.len()
                ),
            );
        }
    }
    (rows, cut)
}

/// Why the last record of a file, `last` (from its first byte to the end of the text), is
/// unfinished, if it is: it ends inside an open quote, or it has fewer fields than `expected`
/// and no line end. Quoting is the csv crate's: a quote opens a field only as its first byte,
/// and `""` inside quotes is a quote.
fn cut_at_end(last: &str, delimiter: u8, expected: Option<usize>, fields: usize) -> Option<String> {
    #[derive(PartialEq)]
    enum State {
        FieldStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }
    let mut state = State::FieldStart;
    for &b in last.as_bytes() {
        state = match state {
            State::FieldStart if b == b'"' => State::Quoted,
            State::Quoted if b == b'"' => State::QuoteInQuoted,
            State::Quoted => State::Quoted,
            State::QuoteInQuoted if b == b'"' => State::Quoted,
            _ if b == delimiter || b == b'\n' || b == b'\r' => State::FieldStart,
            _ => State::Unquoted,
        };
    }
    if state == State::Quoted {
        return Some("the file ends inside a quoted field opened on this line".into());
    }
    let line_end = last
        .trim_end_matches(['\u{1a}', ' ', '\t'])
        .ends_with(['\n', '\r']);
    match expected {
        Some(e) if fields < e && !line_end => Some(format!(
            "the file ends in the middle of this row ({fields} of {e} fields, no line end)"
        )),
        _ => None,
    }
}

/// A table as read: rows before the header (a "Last Updated" line), the header, the data.
#[derive(Debug, Clone)]
pub struct Table {
    pub preamble: Vec<Row>,
    pub header: Row,
    pub rows: Vec<Row>,
    /// Where the file stops mid-record (a truncated download), if it does.
    pub cut: Option<Cut>,
}

/// Reads a table whose first non-blank row is its header: the header, and every data row
/// with as many fields as the header (others reported, see [`read_rows`]).
pub fn read_table(
    text: &str,
    delimiter: u8,
    lines: &LineTable,
    report: &mut dyn FnMut(u64, String),
) -> Option<Table> {
    read_table_after_preamble(text, delimiter, lines, report, &|_| true, 0)
}

/// Like [`read_table`], for files with up to `max_preamble` rows before the header: the
/// header is the first non-blank row that `is_header` accepts. `None` when no header is found
/// (an HTML page, an empty or truncated file).
pub fn read_table_after_preamble(
    text: &str,
    delimiter: u8,
    lines: &LineTable,
    report: &mut dyn FnMut(u64, String),
    is_header: &dyn Fn(&StringRecord) -> bool,
    max_preamble: usize,
) -> Option<Table> {
    let mut reader = builder(delimiter).from_reader(text.as_bytes());
    let mut record = StringRecord::new();
    let mut preamble = Vec::new();
    loop {
        let at = reader.position().byte() as usize;
        match reader.read_record(&mut record) {
            Ok(false) => return None,
            Ok(true) if is_blank(&record) => continue,
            Ok(true) => {
                let row = Row {
                    line: lines.line_of(at),
                    record: record.iter().collect(),
                };
                if is_header(&row.record) {
                    let start = reader.position().byte() as usize;
                    let (rows, cut) = read_rows_to_end(
                        text,
                        start,
                        delimiter,
                        Some(row.record.len()),
                        lines,
                        report,
                    );
                    return Some(Table {
                        preamble,
                        header: row,
                        rows,
                        cut,
                    });
                }
                if preamble.len() >= max_preamble {
                    return None;
                }
                preamble.push(row);
            }
            Err(e) => {
                report(
                    lines.line_of(at),
                    format!("unreadable row before the header: {e}"),
                );
                return None;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (line, field count) of each row, and (line, message) of each problem.
    type Read = (Vec<(u64, usize)>, Vec<(u64, String)>);

    fn read(text: &str) -> Read {
        let lines = LineTable::new(text);
        let mut problems = Vec::new();
        let table = read_table(text, b',', &lines, &mut |l, m| problems.push((l, m))).unwrap();
        (
            table
                .rows
                .iter()
                .map(|r| (r.line, r.record.len()))
                .collect(),
            problems,
        )
    }

    #[test]
    fn rows_carry_their_lines_through_crlf() {
        let (rows, problems) = read("a,b\r\n1,2\r\n3,4\r\n\x1a");
        assert_eq!(rows, vec![(2, 2), (3, 2)]);
        assert!(problems.is_empty());
    }

    #[test]
    fn an_unclosed_quote_costs_only_its_own_line() {
        // The quote swallows the rest of the file into one field: 2 fields, not 3.
        let (rows, problems) = read("a,b,c\n1,\"open,x\n3,4,5\n6,7,8\n");
        assert_eq!(rows, vec![(3, 3), (4, 3)]);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].0, 2);
        assert!(problems[0].1.contains("never closed"));
    }

    #[test]
    fn wrong_field_count_is_reported_and_skipped() {
        let (rows, problems) = read("a,b\n1,2,3\n\n4,5\n");
        assert_eq!(rows, vec![(4, 2)]);
        assert_eq!(problems[0].0, 2);
        assert!(problems[0].1.contains("expected 2 fields, found 3"));
    }

    #[test]
    fn header_is_found_after_a_preamble() {
        let text = "Last Updated,03/06/2026\nName,Group ID\nA,1\n";
        let lines = LineTable::new(text);
        let is_header = |r: &StringRecord| r.get(0) == Some("Name");
        let t =
            read_table_after_preamble(text, b',', &lines, &mut |_, _| {}, &is_header, 1).unwrap();
        assert_eq!(t.preamble[0].line, 1);
        assert_eq!(t.header.line, 2);
        assert_eq!(t.rows[0].line, 3);
        assert!(
            read_table_after_preamble(text, b',', &lines, &mut |_, _| {}, &is_header, 0).is_none()
        );
    }

    fn cut(text: &str) -> Option<Cut> {
        let lines = LineTable::new(text);
        read_table(text, b',', &lines, &mut |_, _| {}).unwrap().cut
    }

    #[test]
    fn a_file_ending_inside_a_quoted_field_is_cut() {
        let c = cut("a,b,c\n1,2,3\n4,\"ACME TRAD").unwrap();
        assert_eq!(c.line, 3);
        assert!(c.what.contains("inside a quoted field"), "{c:?}");
        // Cut inside a quoted field that spans lines: still the line the quote opened on.
        let c = cut("a,b\n1,2\n3,\"first line\nsecond li").unwrap();
        assert_eq!(c.line, 3);
        // Even when the row happens to have all its fields.
        assert!(cut("a,b\n1,\"x\n").is_some());
    }

    #[test]
    fn a_short_last_row_without_a_line_end_is_cut() {
        let c = cut("a,b,c\n1,2,3\n4,5").unwrap();
        assert_eq!(c.line, 3);
        assert!(c.what.contains("2 of 3 fields"), "{c:?}");
    }

    #[test]
    fn complete_files_are_not_cut() {
        assert_eq!(cut("a,b,c\n1,\"open,x\n3,4,5\n6,7,8\n"), None);
        assert_eq!(cut("a,b\n\"line one\nline two\",x"), None);
        assert_eq!(cut("a,b\n1,\"say \"\"hi\"\"\""), None);
        assert_eq!(cut("a,b\n1,2\n3\n"), None, "a short row with its line end");
        assert_eq!(cut("a,b\n1,2\r\n\x1a"), None);
        assert_eq!(cut("a,b\n1,ab\"c"), None, "a quote inside a field is text");
    }

    #[test]
    fn a_quoted_field_may_span_lines() {
        let (rows, problems) = read("a,b\n\"line one\nline two\",x\n5,6\n");
        assert_eq!(rows, vec![(2, 2), (4, 2)]);
        assert!(problems.is_empty());
    }
}
