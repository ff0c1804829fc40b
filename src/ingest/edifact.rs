//! UN/EDIFACT interchanges cut into segments, elements and components, as they stream: the
//! syntax layer under the CUSCAR reader, knowing nothing of any message.
//!
//! What it reads: a UNA service string advice (its six characters set every separator), or
//! without one the separators UNB shows (`UNB+UNOB:2+...` gives `+` and `:`; level B's control
//! characters `0x1D`/`0x1F`/`0x1C` are recognised), else the defaults `:` `+` `.` `?` `'`. The
//! release character makes the next character literal (`O?'BRIEN` is `O'BRIEN`). Line breaks
//! between and inside segments are not data (files come wrapped at 80 columns), unless the
//! segment terminator is itself a line break.
//!
//! What it must not do: hold more than one segment ([`MAX_SEGMENT`] bytes), or stop at a bad
//! segment. A segment it cannot read is handed over as a [`SyntaxError`] with its number and
//! line, and the next one is read as usual.
//!
//! The input is text already decoded to UTF-8 (every separator is ASCII, and no byte of a UTF-8
//! multi-byte sequence is ASCII, so scanning bytes is safe).

use std::io::{self, BufRead};

pub use super::segment::{MAX_SEGMENT, Segment, SyntaxError};

/// The separators of an interchange.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Delimiters {
    pub component: u8,
    pub element: u8,
    /// The decimal mark numbers are written with (`.` or `,`).
    pub decimal: u8,
    /// Makes the next character literal; `None` when the interchange has none (level B).
    pub release: Option<u8>,
    pub segment: u8,
}

impl Delimiters {
    /// ISO 9735's defaults for UNOA and above, when no UNA says otherwise.
    pub const DEFAULT: Delimiters = Delimiters {
        component: b':',
        element: b'+',
        decimal: b'.',
        release: Some(b'?'),
        segment: b'\'',
    };

    /// Level B (UNOB written with control characters): no release character.
    pub const LEVEL_B: Delimiters = Delimiters {
        component: 0x1f,
        element: 0x1d,
        decimal: b'.',
        release: None,
        segment: 0x1c,
    };

    /// From the six characters of a UNA advice: component, element, decimal, release,
    /// reserved (repetition in syntax 4), terminator. A space as the release character means
    /// none.
    pub fn from_una(advice: [u8; 6]) -> Result<Self, String> {
        let [component, element, decimal, release, _reserved, segment] = advice;
        let release = (release != b' ').then_some(release);
        let mut used = vec![component, element, segment];
        used.extend(release);
        let distinct = used
            .iter()
            .enumerate()
            .all(|(i, a)| used[i + 1..].iter().all(|b| a != b));
        if !distinct || used.iter().any(u8::is_ascii_alphanumeric) {
            return Err(format!(
                "UNA {:?}: its separators must be distinct and not letters or digits",
                String::from_utf8_lossy(&advice)
            ));
        }
        Ok(Delimiters {
            component,
            element,
            decimal,
            release,
            segment,
        })
    }
}

/// Cuts an interchange into segments as it streams; see the module documentation.
pub struct Tokenizer<R: BufRead> {
    input: R,
    delimiters: Option<Delimiters>,
    /// Segments handed over (or refused) so far.
    number: u64,
    /// The current line, counting from 1.
    line: u64,
    /// Why the separators were refused (a bad UNA); said once, before the first segment.
    advice_error: Option<String>,
}

/// One segment's bytes as they are cut: the components of the current element, the elements
/// so far, and how many bytes were kept.
#[derive(Default)]
struct Cut {
    component: Vec<u8>,
    element: Vec<String>,
    elements: Vec<Vec<String>>,
    kept: usize,
    too_long: bool,
    escaped: bool,
    content: bool,
}

impl Cut {
    fn end_component(&mut self) {
        let text = String::from_utf8_lossy(&self.component).into_owned();
        self.element.push(text);
        self.component.clear();
    }

    fn end_element(&mut self) {
        self.end_component();
        self.elements.push(std::mem::take(&mut self.element));
    }
}

impl<R: BufRead> Tokenizer<R> {
    pub fn new(input: R) -> Self {
        Tokenizer {
            input,
            delimiters: None,
            number: 0,
            line: 1,
            advice_error: None,
        }
    }

    /// The separators in use (known once the first segment was asked for).
    pub fn delimiters(&self) -> Option<Delimiters> {
        self.delimiters
    }

    /// The next segment, a segment that could not be read, or `None` at the end of the input.
    pub fn next_segment(&mut self) -> io::Result<Option<Result<Segment, SyntaxError>>> {
        let delimiters = match self.delimiters {
            Some(d) => d,
            None => {
                let d = self.read_delimiters()?;
                self.delimiters = Some(d);
                d
            }
        };
        if let Some(why) = self.advice_error.take() {
            // Said before the first segment, which is still read (with the default separators).
            return Ok(Some(Err(SyntaxError {
                number: 0,
                line: 1,
                message: why,
            })));
        }
        if !super::segment::skip_between(&mut self.input, &mut self.line)? {
            return Ok(None);
        }
        self.number += 1;
        let (number, line) = (self.number, self.line);
        let cut = self.cut(delimiters)?;
        Ok(Some(finish(cut, number, line, delimiters)))
    }

    /// Reads a UNA advice if there is one, else infers the separators from a UNB; skips a
    /// byte-order mark.
    fn read_delimiters(&mut self) -> io::Result<Delimiters> {
        let head = self.input.fill_buf()?;
        if head.starts_with(b"\xEF\xBB\xBF") {
            self.input.consume(3);
        }
        let mut head = [0u8; 9];
        let seen = peek(&mut self.input, &mut head)?;
        let head = &head[..seen];
        if head.len() == 9 && head.starts_with(b"UNA") {
            self.input.consume(9);
            let advice = [head[3], head[4], head[5], head[6], head[7], head[8]];
            return Ok(Delimiters::from_una(advice).unwrap_or_else(|why| {
                self.advice_error = Some(why);
                Delimiters::DEFAULT
            }));
        }
        if head.len() == 9 && head.starts_with(b"UNB") {
            if head[3] == Delimiters::LEVEL_B.element {
                return Ok(Delimiters::LEVEL_B);
            }
            // `UNB+UNOB:2`: the element separator follows the tag, the component separator
            // the four-letter syntax identifier.
            let (element, component) = (head[3], head[8]);
            if element != component && !element.is_ascii_alphanumeric() {
                return Ok(Delimiters {
                    element,
                    component: if component.is_ascii_alphanumeric() {
                        Delimiters::DEFAULT.component
                    } else {
                        component
                    },
                    ..Delimiters::DEFAULT
                });
            }
        }
        Ok(Delimiters::DEFAULT)
    }

    /// Cuts one segment up to its terminator (or the end of the input).
    fn cut(&mut self, d: Delimiters) -> io::Result<Cut> {
        let mut cut = Cut::default();
        loop {
            let buf = self.input.fill_buf()?;
            if buf.is_empty() {
                return Ok(cut);
            }
            let mut used = 0;
            let mut ended = false;
            for &b in buf {
                used += 1;
                if b == b'\n' {
                    self.line += 1;
                }
                if cut.escaped {
                    cut.escaped = false;
                    keep(&mut cut, b);
                } else if b == d.segment {
                    ended = true;
                    break;
                } else if Some(b) == d.release {
                    cut.escaped = true;
                    cut.content = true;
                } else if b == b'\r' || b == b'\n' {
                    // Line breaks inside a segment are wrapping, not data.
                } else if b == d.element {
                    cut.content = true;
                    if !cut.too_long {
                        cut.end_element();
                    }
                } else if b == d.component {
                    cut.content = true;
                    if !cut.too_long {
                        cut.end_component();
                    }
                } else {
                    keep(&mut cut, b);
                }
            }
            self.input.consume(used);
            if ended {
                cut.escaped = false;
                cut.end_element();
                return Ok(cut);
            }
        }
    }
}

/// Keeps one data byte, unless the segment is already past [`MAX_SEGMENT`].
fn keep(cut: &mut Cut, b: u8) {
    cut.content = true;
    cut.kept += 1;
    if cut.kept > MAX_SEGMENT {
        if !cut.too_long {
            cut.too_long = true;
            cut.component.clear();
            cut.element.clear();
            cut.elements.clear();
        }
        return;
    }
    cut.component.push(b);
}

/// Fills `head` from the input without consuming it; how many bytes it holds.
fn peek<R: BufRead>(input: &mut R, head: &mut [u8; 9]) -> io::Result<usize> {
    let buf = input.fill_buf()?;
    let n = buf.len().min(head.len());
    head[..n].copy_from_slice(&buf[..n]);
    Ok(n)
}

/// The segment a cut makes, or why it is not one.
fn finish(mut cut: Cut, number: u64, line: u64, d: Delimiters) -> Result<Segment, SyntaxError> {
    let error = |message: String| SyntaxError {
        number,
        line,
        message,
    };
    if cut.too_long {
        return Err(error(format!(
            "segment longer than {} KiB: a segment terminator {:?} is missing",
            MAX_SEGMENT / 1024,
            d.segment as char
        )));
    }
    if cut.escaped {
        return Err(error(
            "the file ends on a release character: the last segment is cut".into(),
        ));
    }
    if !cut.component.is_empty() || !cut.element.is_empty() {
        // The input ended inside a segment: it has no terminator.
        cut.end_element();
        let tag = cut.elements.first().and_then(|e| e.first()).cloned();
        return Err(error(format!(
            "the file ends inside segment {} (no terminator {:?})",
            tag.unwrap_or_default(),
            d.segment as char
        )));
    }
    let mut elements = cut.elements;
    if elements.is_empty() {
        return Err(error("an empty segment".into()));
    }
    let mut head = elements.remove(0);
    let tag = head.remove(0);
    if !(tag.len() == 3
        && tag
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()))
    {
        return Err(error(format!("{tag:?} is not a segment tag")));
    }
    if !head.is_empty() {
        // `UNH:1+...`: components after the tag are not data; kept as the first element would
        // shift every position, so they are dropped with the tag.
        return Err(error(format!("segment tag {tag} has components after it")));
    }
    Ok(Segment {
        tag,
        elements,
        number,
        line,
    })
}

/// Whether `head` (the start of a file, as text) is an EDIFACT interchange, and if so whether
/// it carries CUSCAR: `None` when it is not EDIFACT at all.
pub fn detect(head: &str) -> Option<Result<super::ManifestFormat, String>> {
    let b = head.as_bytes();
    let service = b.len() > 3
        && (b.starts_with(b"UNA") || b.starts_with(b"UNB") || b.starts_with(b"UNH"))
        && !b[3].is_ascii_alphanumeric();
    if !service {
        return None;
    }
    let mut tokens = Tokenizer::new(b);
    while let Ok(Some(segment)) = tokens.next_segment() {
        let Ok(segment) = segment else { continue };
        if segment.tag == "UNH" {
            let kind = segment.get(2, 1);
            return Some(if kind.eq_ignore_ascii_case("CUSCAR") {
                Ok(super::ManifestFormat::Cuscar)
            } else {
                Err(format!(
                    "a UN/EDIFACT {} message: hubscreen reads CUSCAR (the customs cargo report) \
                     only",
                    kind.chars().take(20).collect::<String>()
                ))
            });
        }
    }
    // No message header in the first block: the CUSCAR reader says what is missing.
    Some(Ok(super::ManifestFormat::Cuscar))
}

/// The text encoding an interchange's UNB declares (S001 syntax identifier), when it has one:
/// UNOA and UNOB are ASCII, UNOC to UNOK the parts of ISO 8859 (read as Latin-1, part 1), UNOW
/// and UNOY UTF-8. A head that is valid UTF-8 with letters beyond ASCII stays UTF-8 whatever
/// UNB says: Latin-1 text beyond ASCII is almost never valid UTF-8, mislabelled UTF-8 often is.
pub fn declared_encoding(head: &[u8]) -> Option<crate::source::Encoding> {
    use crate::source::Encoding;
    let mut tokens = Tokenizer::new(head);
    let unb = loop {
        match tokens.next_segment() {
            Ok(Some(Ok(s))) if s.tag == "UNB" => break s,
            Ok(Some(Ok(s))) if s.tag == "UNA" => continue,
            _ => return None,
        }
    };
    let charset = unb.get(1, 1).to_ascii_uppercase();
    match charset.as_str() {
        "UNOA" | "UNOB" | "UNOW" | "UNOY" => Some(Encoding::Utf8),
        "UNOC" | "UNOD" | "UNOE" | "UNOF" | "UNOG" | "UNOH" | "UNOI" | "UNOJ" | "UNOK" => {
            let utf8_beyond_ascii = match std::str::from_utf8(head) {
                Ok(text) => !text.is_ascii(),
                // A block may end inside a character.
                Err(e) => e.error_len().is_none() && !head[..e.valid_up_to()].is_ascii(),
            };
            Some(if utf8_beyond_ascii {
                Encoding::Utf8
            } else {
                Encoding::Latin1
            })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segments(text: &[u8]) -> Vec<Result<Segment, SyntaxError>> {
        let mut t = Tokenizer::new(text);
        let mut out = Vec::new();
        while let Some(s) = t.next_segment().unwrap() {
            out.push(s);
        }
        out
    }

    fn tags(text: &[u8]) -> Vec<String> {
        segments(text)
            .into_iter()
            .map(|s| {
                s.map(|s| s.tag)
                    .unwrap_or_else(|e| format!("ERR {}", e.message))
            })
            .collect()
    }

    #[test]
    fn default_separators_cut_elements_and_components() {
        let s = segments(b"UNH+1+CUSCAR:D:95B:UN'NAD+CN++ACME:TRADING+1 RD'");
        let unh = s[0].as_ref().unwrap();
        assert_eq!(unh.tag, "UNH");
        assert_eq!(unh.get(2, 1), "CUSCAR");
        assert_eq!(unh.get(2, 3), "95B");
        let nad = s[1].as_ref().unwrap();
        assert_eq!((nad.number, nad.get(1, 1), nad.get(2, 1)), (2, "CN", ""));
        assert_eq!(nad.element(3), ["ACME", "TRADING"]);
        assert_eq!(nad.get(9, 9), "");
    }

    #[test]
    fn una_sets_every_separator_and_the_release_character() {
        let s = segments(b"UNA:+,? 'NAD+CN+O?'BRIEN ?+ SONS?:LTD+1395,00'");
        let nad = s[0].as_ref().unwrap();
        assert_eq!(nad.number, 1, "UNA is not a segment");
        assert_eq!(nad.get(2, 1), "O'BRIEN + SONS:LTD");
        assert_eq!(nad.get(3, 1), "1395,00");
        let s = segments(b"UNA|*.# !ABC*X|Y*Z?!DEF*1!");
        assert_eq!(s[0].as_ref().unwrap().element(1), ["X", "Y"]);
        assert_eq!(s[0].as_ref().unwrap().get(2, 1), "Z?");
        assert_eq!(s[1].as_ref().unwrap().tag, "DEF");
    }

    #[test]
    fn unb_without_una_shows_its_separators() {
        let s = segments(b"UNB+UNOB:2+SENDER'UNH+1'");
        assert_eq!(s[0].as_ref().unwrap().element(1), ["UNOB", "2"]);
        let level_b = b"UNB\x1dUNOB\x1f3\x1dSENDER\x1cUNH\x1d1\x1c";
        let s = segments(level_b);
        assert_eq!(s[0].as_ref().unwrap().element(1), ["UNOB", "3"]);
        assert_eq!(s[1].as_ref().unwrap().tag, "UNH");
    }

    #[test]
    fn line_breaks_are_not_data_and_count_lines() {
        let s = segments(b"UNH+1+CUS\r\nCAR'\r\nBGM+85'\nCNI+1+BILL\n1'");
        let unh = s[0].as_ref().unwrap();
        assert_eq!(unh.get(2, 1), "CUSCAR", "wrapped at the line end");
        // UNH's own wrapped line counts: BGM starts on line 3.
        assert_eq!(
            (s[1].as_ref().unwrap().line, s[2].as_ref().unwrap().line),
            (3, 4)
        );
        assert_eq!(s[2].as_ref().unwrap().get(2, 1), "BILL1");
        let newline_terminated = segments(b"UNA:+.? \nUNH+1\nBGM+85\n");
        assert_eq!(newline_terminated.len(), 2);
        assert_eq!(newline_terminated[1].as_ref().unwrap().get(1, 1), "85");
    }

    #[test]
    fn a_bad_segment_is_said_and_the_next_one_read() {
        assert_eq!(
            tags(b"UNH+1'nad+CN'X'NAD+CN'"),
            vec![
                "UNH",
                "ERR \"nad\" is not a segment tag",
                "ERR \"X\" is not a segment tag",
                "NAD"
            ]
        );
        let cut = tags(b"UNH+1'NAD+CN+ACME");
        assert_eq!(
            cut[1],
            "ERR the file ends inside segment NAD (no terminator '\\'')"
        );
        assert_eq!(
            tags(b"UNH+1'NAD+CN?"),
            vec![
                "UNH",
                "ERR the file ends on a release character: the last segment is cut"
            ]
        );
        let bad_una = tags(b"UNA::.? 'UNH+1'");
        assert!(
            bad_una[0].contains("separators must be distinct"),
            "{bad_una:?}"
        );
        assert_eq!(bad_una[1], "UNH", "read with the default separators");
    }

    #[test]
    fn a_segment_without_its_terminator_is_bounded() {
        let mut text = b"UNH+1'FTX+AAA+++".to_vec();
        text.extend(std::iter::repeat_n(b'A', MAX_SEGMENT * 3));
        text.extend(b"'CNI+1+B1'");
        let s = segments(&text);
        assert_eq!(s.len(), 3);
        let err = s[1].as_ref().unwrap_err();
        assert!(err.message.contains("longer than 64 KiB"), "{err:?}");
        assert_eq!(s[2].as_ref().unwrap().get(2, 1), "B1");
    }

    #[test]
    fn empty_input_and_blanks_give_no_segment() {
        assert!(segments(b"").is_empty());
        assert!(segments(b"\r\n  \n").is_empty());
        assert!(segments(b"\xEF\xBB\xBF").is_empty());
        assert_eq!(tags(b"\xEF\xBB\xBFUNH+1'"), vec!["UNH"]);
    }
}
