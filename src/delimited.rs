//! Delimited text (CSV, TSV, `;`-separated) read row by row, each row with its line, for every
//! reader of a table: manifests and lists alike.
//!
//! What every such reader needs and must not get wrong on its own: a row with the wrong number
//! of fields is reported and skipped, never silently padded; a quote opened and never closed
//! (which makes a CSV parser swallow the rest of the file) costs only its own line; blank rows
//! and OFAC's lone 0x1A end-of-file row are not data; and lines are counted from byte offsets,
//! because the csv crate's own count is off after CRLF. This module reports problems through a
//! callback, so each caller words them as its own kind of problem; it never decides what a
//! field means.

use csv::StringRecord;

use crate::source::LineTable;

/// A data row and the line it starts on.
#[derive(Debug, Clone)]
pub struct Row {
    pub line: u64,
    pub record: StringRecord,
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
    mut start: usize,
    delimiter: u8,
    expected: Option<usize>,
    lines: &LineTable,
    report: &mut dyn FnMut(u64, String),
) -> Vec<Row> {
    let mut rows = Vec::new();
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
            let Some(expected) = expected.filter(|&e| e != record.len()) else {
                // A compact copy: the reused record keeps a buffer sized for the longest row.
                rows.push(Row {
                    line,
                    record: record.iter().collect(),
                });
                continue;
            };
            let record_end = start + reader.position().byte() as usize;
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
    rows
}

/// A table as read: rows before the header (a "Last Updated" line), the header, the data.
#[derive(Debug, Clone)]
pub struct Table {
    pub preamble: Vec<Row>,
    pub header: Row,
    pub rows: Vec<Row>,
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
                    let rows = read_rows(
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

    #[test]
    fn a_quoted_field_may_span_lines() {
        let (rows, problems) = read("a,b\n\"line one\nline two\",x\n5,6\n");
        assert_eq!(rows, vec![(2, 2), (4, 2)]);
        assert!(problems.is_empty());
    }
}
