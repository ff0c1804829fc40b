//! ANSI X12 interchanges cut into segments, elements and components, as they stream: the syntax
//! layer under the X12 309 reader, knowing nothing of any transaction set.
//!
//! Separators come from the ISA header: the element separator is the byte after `ISA`, the
//! component separator is ISA16 and the segment terminator the byte after it (a header whose
//! fields are not padded to their fixed widths is read by counting separators, not columns).
//! Without an ISA (a transaction set starting at `GS` or `ST`, as test files and agency
//! extracts do) the element separator is the byte after the first tag, the component separator
//! `>`, and the terminator `~` when one appears in the first 4 KiB, else the line end. X12 has
//! no release character. Line breaks between and inside segments are not data, unless the line
//! end is the terminator.
//!
//! What it must not do: hold more than one segment ([`MAX_SEGMENT`] bytes), or stop at a bad
//! segment: that one is handed over as a [`SyntaxError`] and the next one is read.

use std::io::{self, BufRead};

pub use super::segment::{MAX_SEGMENT, Segment, SyntaxError};

/// The separators of an X12 interchange.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Separators {
    pub element: u8,
    pub component: u8,
    pub segment: u8,
}

impl Separators {
    /// What files without an ISA header use most: `*`, `>`, `~`.
    pub const DEFAULT: Separators = Separators {
        element: b'*',
        component: b'>',
        segment: b'~',
    };
}

/// How far into a file without an ISA a `~` is looked for.
const TERMINATOR_LOOKAHEAD: usize = 4096;

/// Cuts an interchange into segments as it streams; see the module documentation.
pub struct Tokenizer<R: BufRead> {
    input: R,
    separators: Option<Separators>,
    number: u64,
    line: u64,
}

impl<R: BufRead> Tokenizer<R> {
    pub fn new(input: R) -> Self {
        Tokenizer {
            input,
            separators: None,
            number: 0,
            line: 1,
        }
    }

    /// The separators in use (known once the first segment was asked for).
    pub fn separators(&self) -> Option<Separators> {
        self.separators
    }

    /// The next segment, a segment that could not be read, or `None` at the end of the input.
    pub fn next_segment(&mut self) -> io::Result<Option<Result<Segment, SyntaxError>>> {
        let separators = match self.separators {
            Some(s) => s,
            None => {
                let s = self.read_separators()?;
                self.separators = Some(s);
                s
            }
        };
        if !super::segment::skip_between(&mut self.input, &mut self.line)? {
            return Ok(None);
        }
        self.number += 1;
        let (number, line) = (self.number, self.line);
        let (elements, too_long, terminated) = self.cut(separators)?;
        Ok(Some(finish(
            elements, too_long, terminated, number, line, separators,
        )))
    }

    /// The separators the head of the input shows; skips a byte-order mark.
    fn read_separators(&mut self) -> io::Result<Separators> {
        if self.input.fill_buf()?.starts_with(b"\xEF\xBB\xBF") {
            self.input.consume(3);
        }
        let head = self.input.fill_buf()?;
        let head = &head[..head.len().min(TERMINATOR_LOOKAHEAD)];
        let start = head
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .unwrap_or(head.len());
        let head = &head[start..];
        if head.starts_with(b"ISA") && head.len() > 4 {
            let element = head[3];
            // ISA16 follows the sixteenth element separator; the terminator follows ISA16.
            let sixteenth = head
                .iter()
                .enumerate()
                .filter(|(_, b)| **b == element)
                .map(|(i, _)| i)
                .nth(15);
            if let Some(at) = sixteenth
                && let (Some(&component), Some(&segment)) = (head.get(at + 1), head.get(at + 2))
                && component != element
                && segment != element
                && !component.is_ascii_alphanumeric()
            {
                return Ok(Separators {
                    element,
                    component,
                    segment,
                });
            }
        }
        let tag_len = head
            .iter()
            .take(3)
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        let element = head
            .get(tag_len)
            .copied()
            .filter(|b| tag_len >= 2 && !b.is_ascii_alphanumeric() && !b.is_ascii_whitespace())
            .unwrap_or(Separators::DEFAULT.element);
        let segment = if head.contains(&b'~') { b'~' } else { b'\n' };
        Ok(Separators {
            element,
            segment,
            ..Separators::DEFAULT
        })
    }

    /// Cuts one segment up to its terminator or the end of the input: its elements, whether it
    /// ran past [`MAX_SEGMENT`], and whether a terminator ended it.
    fn cut(&mut self, s: Separators) -> io::Result<(Vec<Vec<String>>, bool, bool)> {
        let mut elements: Vec<Vec<String>> = Vec::new();
        let mut element: Vec<String> = Vec::new();
        let mut component: Vec<u8> = Vec::new();
        let (mut kept, mut too_long) = (0usize, false);
        let end_component = |component: &mut Vec<u8>, element: &mut Vec<String>| {
            element.push(String::from_utf8_lossy(component).into_owned());
            component.clear();
        };
        loop {
            let buf = self.input.fill_buf()?;
            if buf.is_empty() {
                if !component.is_empty() || !element.is_empty() || !elements.is_empty() {
                    end_component(&mut component, &mut element);
                    elements.push(element);
                }
                return Ok((elements, too_long, false));
            }
            let mut used = 0;
            let mut ended = false;
            for &b in buf {
                used += 1;
                if b == b'\n' {
                    self.line += 1;
                }
                if b == s.segment {
                    ended = true;
                    break;
                }
                if b == b'\r' || b == b'\n' || too_long {
                    continue;
                }
                if b == s.element {
                    end_component(&mut component, &mut element);
                    elements.push(std::mem::take(&mut element));
                } else if b == s.component {
                    end_component(&mut component, &mut element);
                } else {
                    kept += 1;
                    if kept > MAX_SEGMENT {
                        too_long = true;
                        (component, element, elements) = (Vec::new(), Vec::new(), Vec::new());
                    } else {
                        component.push(b);
                    }
                }
            }
            self.input.consume(used);
            if ended {
                if !too_long {
                    end_component(&mut component, &mut element);
                    elements.push(element);
                }
                return Ok((elements, too_long, true));
            }
        }
    }
}

/// The segment a cut makes, or why it is not one.
fn finish(
    mut elements: Vec<Vec<String>>,
    too_long: bool,
    terminated: bool,
    number: u64,
    line: u64,
    s: Separators,
) -> Result<Segment, SyntaxError> {
    let error = |message: String| SyntaxError {
        number,
        line,
        message,
    };
    if too_long {
        return Err(error(format!(
            "segment longer than {} KiB: a segment terminator {:?} is missing",
            MAX_SEGMENT / 1024,
            s.segment as char
        )));
    }
    let tag = elements
        .first()
        .and_then(|e| e.first())
        .cloned()
        .unwrap_or_default();
    if !terminated && s.segment != b'\n' {
        return Err(error(format!(
            "the file ends inside segment {tag} (no terminator {:?})",
            s.segment as char
        )));
    }
    let tag_ok = (2..=3).contains(&tag.len())
        && tag
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        && tag.as_bytes()[0].is_ascii_uppercase();
    if !tag_ok {
        return Err(error(format!("{tag:?} is not a segment tag")));
    }
    let mut head = elements.remove(0);
    head.remove(0);
    if !head.is_empty() {
        return Err(error(format!("segment tag {tag} has components after it")));
    }
    Ok(Segment {
        tag,
        elements,
        number,
        line,
    })
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

    fn isa(element: char, component: char, terminator: char) -> String {
        format!(
            "ISA{e}00{e}          {e}00{e}          {e}ZZ{e}SENDER         {e}ZZ{e}RECEIVER       {e}261204{e}1200{e}U{e}00401{e}000000001{e}0{e}P{e}{c}{t}",
            e = element,
            c = component,
            t = terminator
        )
    }

    #[test]
    fn the_isa_header_sets_every_separator() {
        let text =
            isa('*', '>', '~') + "\nGS*SO*S*R*20261204*1200*1*X*004010~\nST*309*0001~N1*CN*ACME>X~";
        let s = segments(text.as_bytes());
        let header = s[0].as_ref().unwrap();
        assert_eq!((header.tag.as_str(), header.elements.len()), ("ISA", 16));
        assert_eq!(header.get(6, 1), "SENDER         ");
        let n1 = s[3].as_ref().unwrap();
        assert_eq!(n1.element(2), ["ACME", "X"]);
        assert_eq!((n1.number, n1.line), (4, 3));
        let text = isa('|', '^', '\n') + "ST|309|1\nM10|SCAC||LR|9417232|GULF SPIRIT\n";
        let s = segments(text.as_bytes());
        assert_eq!(s[2].as_ref().unwrap().get(5, 1), "GULF SPIRIT");
    }

    #[test]
    fn an_unpadded_isa_is_read_by_its_separators() {
        let text = b"ISA*00**00**ZZ*S*ZZ*R*261204*1200*U*00401*1*0*P*:!ST*309*1!N1*SH*A:B!";
        let s = segments(text);
        assert_eq!(s.len(), 3);
        assert_eq!(s[2].as_ref().unwrap().element(2), ["A", "B"]);
    }

    #[test]
    fn without_an_isa_the_tag_and_the_first_kib_show_the_separators() {
        let s = segments(b"ST*309*0001~\nM10*SCAC**US*9417232*GULF SPIRIT~\nN9*BM*BOL123~");
        assert_eq!(s.len(), 3);
        assert_eq!(s[2].as_ref().unwrap().get(2, 1), "BOL123");
        let lines = segments(b"M10*ABCD*O*US*91500080*MV TEST*0045*Y\nP5*L*ZZ*KINGSTON\n");
        assert_eq!(lines.len(), 2, "newline-terminated lines");
        assert_eq!(lines[0].as_ref().unwrap().get(7, 1), "Y");
        assert_eq!(lines[1].as_ref().unwrap().line, 2);
    }

    #[test]
    fn a_bad_segment_is_said_and_the_next_one_read() {
        let s = segments(b"ST*309*1~n1*CN~X*1~N1*CN*ACME~N10*1*TILES");
        let said: Vec<String> = s
            .iter()
            .map(|r| match r {
                Ok(seg) => seg.tag.clone(),
                Err(e) => format!("ERR {}", e.message),
            })
            .collect();
        assert_eq!(
            said,
            vec![
                "ST",
                "ERR \"n1\" is not a segment tag",
                "ERR \"X\" is not a segment tag",
                "N1",
                "ERR the file ends inside segment N10 (no terminator '~')",
            ]
        );
    }

    #[test]
    fn a_segment_without_its_terminator_is_bounded() {
        let mut text = b"ST*309*1~N10*1*".to_vec();
        text.extend(std::iter::repeat_n(b'A', MAX_SEGMENT * 2));
        text.extend(b"~N1*CN*ACME~");
        let s = segments(&text);
        assert_eq!(s.len(), 3);
        assert!(
            s[1].as_ref()
                .unwrap_err()
                .message
                .contains("longer than 64 KiB")
        );
        assert_eq!(s[2].as_ref().unwrap().get(2, 1), "ACME");
    }

    #[test]
    fn empty_input_gives_no_segment() {
        assert!(segments(b"").is_empty());
        assert!(segments(b" \r\n").is_empty());
    }
}
