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

use std::collections::VecDeque;
use std::io::{self, BufRead};

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

/// What one line and one field of a streamed table may hold. Manifests are written by
/// strangers: without a bound, one line with no newline (or a quote never closed) would be
/// read into memory whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// A physical line longer than this is skipped, and so is a quoted record spanning lines
    /// that grows past it.
    pub max_line_bytes: usize,
    /// A row with a longer field is skipped.
    pub max_field_bytes: usize,
}

impl Limits {
    /// For manifests: a bill's row is a few kilobytes; its longest field, a goods description
    /// or an address, well under a kilobyte.
    pub const MANIFEST: Limits = Limits {
        max_line_bytes: 1024 * 1024,
        max_field_bytes: 32 * 1024,
    };
}

/// Bytes shown as a size in messages: `1 MiB`, `32 KiB`, `900 bytes`.
pub fn size(bytes: usize) -> String {
    if bytes >= 1024 * 1024 && bytes.is_multiple_of(1024 * 1024) {
        format!("{} MiB", bytes / (1024 * 1024))
    } else if bytes >= 1024 && bytes.is_multiple_of(1024) {
        format!("{} KiB", bytes / 1024)
    } else {
        format!("{bytes} bytes")
    }
}

/// One physical line as read: its number and bytes (with the line break).
#[derive(Debug, Clone)]
struct Line {
    number: u64,
    bytes: Vec<u8>,
}

/// Rows read one at a time from UTF-8 bytes, in bounded memory: the same rules as
/// [`read_rows`] (wrong field count reported and skipped, an unclosed quote costs only its
/// line, blank rows skipped), plus [`Limits`]. Invalid UTF-8 is replaced with U+FFFD; the first
/// place it happened is kept for the caller to report.
pub struct RowReader<R> {
    input: R,
    parser: csv_core::Reader,
    limits: Limits,
    /// Lines to read again before new input: the rest of a record that turned out to hold an
    /// unclosed quote, or what followed a bare CR that ended a record.
    again: VecDeque<Line>,
    next_line: u64,
    /// Header field names once [`Self::set_header`] is called: the expected field count, and
    /// the names used in messages.
    header: Option<Vec<String>>,
    output: Vec<u8>,
    ends: Vec<usize>,
    /// (line, byte) of the first byte that is not UTF-8.
    pub first_invalid_utf8: Option<(u64, u8)>,
}

/// A record in progress: its lines (kept while it may have to be read again) and its fields.
#[derive(Default)]
struct Pending {
    lines: Vec<Line>,
    bytes: usize,
    out_len: usize,
    ends_len: usize,
}

impl<R: BufRead> RowReader<R> {
    pub fn new(input: R, delimiter: u8, limits: Limits) -> Self {
        RowReader {
            input,
            parser: csv_core::ReaderBuilder::new().delimiter(delimiter).build(),
            limits,
            again: VecDeque::new(),
            next_line: 1,
            header: None,
            output: vec![0; 4096],
            ends: vec![0; 64],
            first_invalid_utf8: None,
        }
    }

    /// From now on a row must have as many fields as `names`; they name fields in messages.
    pub fn set_header(&mut self, names: Vec<String>) {
        self.header = Some(names);
    }

    /// The next physical line, at most `max_line_bytes` long; `Err(number)` for a longer one,
    /// which is consumed without being kept.
    fn next_physical_line(&mut self) -> io::Result<Option<Result<Line, u64>>> {
        if let Some(line) = self.again.pop_front() {
            return Ok(Some(Ok(line)));
        }
        let number = self.next_line;
        let mut bytes = Vec::new();
        let mut too_long = false;
        loop {
            let buf = self.input.fill_buf()?;
            if buf.is_empty() {
                break;
            }
            let (taken, done) = match memchr::memchr(b'\n', buf) {
                Some(i) => (i + 1, true),
                None => (buf.len(), false),
            };
            if !too_long {
                if bytes.len() + taken > self.limits.max_line_bytes {
                    too_long = true;
                    bytes = Vec::new();
                } else {
                    bytes.extend_from_slice(&buf[..taken]);
                }
            }
            self.input.consume(taken);
            if done {
                break;
            }
        }
        if bytes.is_empty() && !too_long {
            return Ok(None);
        }
        self.next_line += 1;
        Ok(Some(if too_long {
            Err(number)
        } else {
            Ok(Line { number, bytes })
        }))
    }

    /// Feeds `input` to the parser; `Some(rest)` when a record ended, with the bytes after it.
    fn feed<'a>(&mut self, pending: &mut Pending, input: &'a [u8]) -> Option<&'a [u8]> {
        let mut at = 0;
        loop {
            let (result, nin, nout, nend) = self.parser.read_record(
                &input[at..],
                &mut self.output[pending.out_len..],
                &mut self.ends[pending.ends_len..],
            );
            at += nin;
            pending.out_len += nout;
            pending.ends_len += nend;
            match result {
                csv_core::ReadRecordResult::InputEmpty => return None,
                csv_core::ReadRecordResult::OutputFull => {
                    let len = self.output.len();
                    self.output.resize(len * 2, 0);
                }
                csv_core::ReadRecordResult::OutputEndsFull => {
                    let len = self.ends.len();
                    self.ends.resize(len * 2, 0);
                }
                csv_core::ReadRecordResult::Record => return Some(&input[at..]),
                csv_core::ReadRecordResult::End => return None,
            }
        }
    }

    /// The next row with the expected number of fields, reporting every row skipped.
    pub fn next_row(&mut self, report: &mut dyn FnMut(u64, String)) -> io::Result<Option<Row>> {
        let mut pending = Pending::default();
        loop {
            let line = match self.next_physical_line()? {
                Some(Ok(line)) => line,
                Some(Err(number)) => {
                    report(
                        number,
                        format!(
                            "line is longer than {} (no line break?); skipped",
                            size(self.limits.max_line_bytes)
                        ),
                    );
                    if let Some(first) = pending.lines.first() {
                        report(
                            first.number,
                            format!(
                                "row skipped: a quoted field opened on this line runs into line \
                                 {number}, which is too long"
                            ),
                        );
                        self.parser.reset();
                        pending = Pending::default();
                    }
                    continue;
                }
                None => {
                    if pending.lines.is_empty() {
                        return Ok(None);
                    }
                    // End of input: the parser closes the record in progress.
                    self.feed(&mut pending, &[]);
                    self.parser.reset();
                    if let Some(row) = self.finish(&mut pending, report) {
                        return Ok(Some(row));
                    }
                    pending = Pending::default();
                    continue;
                }
            };
            if pending.lines.is_empty() && line.bytes.iter().all(|b| matches!(b, b'\r' | b'\n')) {
                continue;
            }
            pending.bytes += line.bytes.len();
            let ended = self.feed(&mut pending, &line.bytes).map(<[u8]>::len);
            let number = line.number;
            let line_len = line.bytes.len();
            pending.lines.push(line);
            if let Some(rest_len) = ended {
                let rest =
                    &pending.lines.last().map_or(&[][..], |l| &l.bytes[..])[line_len - rest_len..];
                if !rest.iter().all(|b| matches!(b, b'\r' | b'\n')) {
                    // A bare CR ended the record: the rest of the line is the next one.
                    let rest = rest.to_vec();
                    self.again.push_front(Line {
                        number,
                        bytes: rest,
                    });
                }
                if let Some(row) = self.finish(&mut pending, report) {
                    return Ok(Some(row));
                }
                pending = Pending::default();
            } else if pending.bytes > self.limits.max_line_bytes {
                let first = pending.lines[0].number;
                report(
                    first,
                    format!(
                        "a quote opened on this line is never closed, or a quoted field runs past \
                         {}; the line is skipped and reading resumes on the next line",
                        size(self.limits.max_line_bytes)
                    ),
                );
                self.parser.reset();
                self.read_again_after_first(&mut pending);
                pending = Pending::default();
            }
        }
    }

    /// Puts the lines of a record after its first back to be read again.
    fn read_again_after_first(&mut self, pending: &mut Pending) {
        for line in pending.lines.drain(1..).rev() {
            self.again.push_front(line);
        }
    }

    /// A complete record: checked against the header and the limits. `None` when it is
    /// skipped (blank or reported).
    fn finish(
        &mut self,
        pending: &mut Pending,
        report: &mut dyn FnMut(u64, String),
    ) -> Option<Row> {
        let line = pending.lines.first().map_or(self.next_line, |l| l.number);
        let bytes = &self.output[..pending.out_len];
        let ends = &self.ends[..pending.ends_len];
        let mut record = StringRecord::with_capacity(bytes.len(), ends.len());
        let mut start = 0;
        let mut too_long = None;
        for (i, &end) in ends.iter().enumerate() {
            let field = &bytes[start..end];
            if field.len() > self.limits.max_field_bytes && too_long.is_none() {
                too_long = Some((i, field.len()));
            }
            match std::str::from_utf8(field) {
                Ok(text) => record.push_field(text),
                Err(e) => {
                    if self.first_invalid_utf8.is_none() {
                        self.first_invalid_utf8 = Some((line, field[e.valid_up_to()]));
                    }
                    record.push_field(&String::from_utf8_lossy(field));
                }
            }
            start = end;
        }
        if is_blank(&record) {
            return None;
        }
        if let Some(expected) = self.header.as_ref().map(Vec::len)
            && expected != record.len()
        {
            if pending.lines.len() > 1 {
                report(
                    line,
                    format!(
                        "a quote opened on this line is never closed (expected {expected} fields, \
                         found {}); the line is skipped and reading resumes on the next line",
                        record.len()
                    ),
                );
                self.read_again_after_first(pending);
            } else {
                report(
                    line,
                    format!(
                        "expected {expected} fields, found {} (truncated download, or a stray \
                         delimiter or quote?); row skipped",
                        record.len()
                    ),
                );
            }
            return None;
        }
        if let Some((i, len)) = too_long {
            let name = self
                .header
                .as_ref()
                .and_then(|h| h.get(i))
                .map_or(format!("field {}", i + 1), |n| {
                    format!("field {} ({n:?})", i + 1)
                });
            report(
                line,
                format!(
                    "{name} is {len} bytes long, more than the {} a field may hold; row skipped",
                    size(self.limits.max_field_bytes)
                ),
            );
            return None;
        }
        Some(Row { line, record })
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

    /// Rows as (line, fields) and problems as (line, message), streamed with `limits`.
    type Streamed = (Vec<(u64, Vec<String>)>, Vec<(u64, String)>);

    fn stream(text: &str, limits: Limits) -> Streamed {
        let mut reader = RowReader::new(text.as_bytes(), b',', limits);
        let mut problems = Vec::new();
        let mut rows = Vec::new();
        let mut report = |l, m| problems.push((l, m));
        let header = reader.next_row(&mut report).unwrap().unwrap();
        reader.set_header(header.record.iter().map(str::to_string).collect());
        while let Some(row) = reader.next_row(&mut report).unwrap() {
            rows.push((row.line, row.record.iter().map(str::to_string).collect()));
        }
        (rows, problems)
    }

    const SMALL: Limits = Limits {
        max_line_bytes: 40,
        max_field_bytes: 10,
    };

    #[test]
    fn streamed_rows_follow_the_same_rules_as_read_rows() {
        let text = "a,b,c\r\n1,\"open,x\r\n3,4,5\r\n\r\n6,\"7\n7\",8\r\n9,9\n\x1a";
        let (rows, problems) = stream(text, Limits::MANIFEST);
        let lines: Vec<u64> = rows.iter().map(|r| r.0).collect();
        assert_eq!(lines, [3, 5]);
        assert_eq!(rows[1].1, ["6", "7\n7", "8"]);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert_eq!(problems[0].0, 2);
        assert!(problems[0].1.contains("never closed"));
        assert_eq!(problems[1].0, 7);
        assert!(problems[1].1.contains("expected 3 fields, found 2"));
    }

    #[test]
    fn an_over_long_line_is_skipped_without_being_held() {
        let long = "x".repeat(100);
        let (rows, problems) = stream(&format!("a,b\n1,2\n{long},3\n4,5\n"), SMALL);
        let lines: Vec<u64> = rows.iter().map(|r| r.0).collect();
        assert_eq!(lines, [2, 4]);
        assert_eq!(problems[0].0, 3);
        assert!(
            problems[0].1.contains("longer than 40 bytes"),
            "{problems:?}"
        );
    }

    #[test]
    fn a_field_over_the_limit_skips_its_row_and_names_the_field() {
        let (rows, problems) = stream("a,name\n1,ABCDEFGHIJKLMNOP\n2,OK\n", SMALL);
        assert_eq!(rows, [(3, vec!["2".to_string(), "OK".to_string()])]);
        assert_eq!(problems[0].0, 2);
        assert!(
            problems[0]
                .1
                .contains("field 2 (\"name\") is 16 bytes long"),
            "{problems:?}"
        );
    }

    #[test]
    fn a_quote_never_closed_costs_its_line_even_past_the_limit() {
        // The open quote would swallow every later line: reading stops at the limit and
        // resumes on the next line.
        let mut text = "a,b\n1,\"open\n".to_string();
        for i in 0..20 {
            text.push_str(&format!("{i},x\n"));
        }
        let (rows, problems) = stream(&text, SMALL);
        assert_eq!(rows.len(), 20, "{problems:?}");
        assert_eq!(rows[0].0, 3);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].0, 2);
    }

    #[test]
    fn a_bare_cr_ends_a_row() {
        let (rows, problems) = stream("a,b\r1,2\r3,4\r", Limits::MANIFEST);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].1, ["3", "4"]);
    }
}
