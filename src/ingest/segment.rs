//! Segments of the EDI syntaxes (UN/EDIFACT, ANSI X12): a tag and its data elements, each a
//! list of components, numbered as the file numbers them. Shared by the two tokenizers, so that
//! the message readers above them ask for `get(element, component)` whichever syntax it is.

/// The longest segment read, in bytes. A CUSCAR or X12 309 segment is a few hundred bytes at
/// most (a free-text FTX holds five elements of 512); past this the file has lost its
/// terminators.
pub const MAX_SEGMENT: usize = 64 * 1024;

/// One segment: its tag and its data elements, each a list of components, as written
/// (trailing empty ones kept: positions matter).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// `UNH`, `NAD`, ...
    pub tag: String,
    /// The data elements after the tag; each has at least one component.
    pub elements: Vec<Vec<String>>,
    /// The segment's number in the file, counting from 1 (a UNA is not counted).
    pub number: u64,
    /// The line it starts on, counting from 1.
    pub line: u64,
}

impl Segment {
    /// Component `component` of data element `element`, both counted from 1 as the message
    /// guides count them (`NAD` element 1 is the party qualifier); `""` when absent.
    pub fn get(&self, element: usize, component: usize) -> &str {
        element
            .checked_sub(1)
            .and_then(|e| self.elements.get(e))
            .and_then(|c| c.get(component.checked_sub(1)?))
            .map_or("", String::as_str)
    }

    /// All components of data element `element` (from 1); empty when absent.
    pub fn element(&self, element: usize) -> &[String] {
        element
            .checked_sub(1)
            .and_then(|e| self.elements.get(e))
            .map_or(&[], Vec::as_slice)
    }
}

/// A segment that could not be read, and why; the tokenizer goes on after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// The segment's number, counting from 1.
    pub number: u64,
    pub line: u64,
    pub message: String,
}

/// Skips line breaks and blanks before a segment, counting lines into `line`; false at the end
/// of the input. A line end is skipped even when it is the terminator: an empty line ends no
/// segment.
pub fn skip_between<R: std::io::BufRead>(input: &mut R, line: &mut u64) -> std::io::Result<bool> {
    loop {
        let buf = input.fill_buf()?;
        if buf.is_empty() {
            return Ok(false);
        }
        let mut used = 0;
        for &b in buf {
            if !matches!(b, b'\r' | b'\n' | b' ' | b'\t') {
                input.consume(used);
                return Ok(true);
            }
            if b == b'\n' {
                *line += 1;
            }
            used += 1;
        }
        input.consume(used);
    }
}
