//! Input bytes with a name: a file read from disk or a file bundled into the binary.
//!
//! Readers in `ingest` and `lists` take a [`Source`] rather than a path, so that the bundled
//! sample lists, test fixtures and real files all go through the same parsing code. This module
//! also owns text decoding: bytes that are not UTF-8 are never a panic, and never silently
//! mangled (see [`Source::text`]).

use std::borrow::Cow;
use std::cell::Cell;
use std::fmt;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::SystemTime;

use sha2::{Digest, Sha256};

/// How to turn a source's bytes into text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Encoding {
    /// UTF-8; invalid bytes are replaced with U+FFFD and reported.
    #[default]
    Utf8,
    /// ISO 8859-1: every byte is a character. Use only where the sender says so.
    Latin1,
    /// UTF-16, little-endian. A file that starts with a UTF-16 byte-order mark is read as
    /// UTF-16 whatever is chosen here.
    Utf16le,
    /// UTF-16, big-endian.
    Utf16be,
}

impl Encoding {
    /// The encoding a byte-order mark at the start of `bytes` names, and the mark's length:
    /// a mark says more than a default.
    pub fn from_bom(bytes: &[u8]) -> Option<(Encoding, usize)> {
        if bytes.starts_with(b"\xEF\xBB\xBF") {
            Some((Encoding::Utf8, 3))
        } else if bytes.starts_with(b"\xFF\xFE") {
            Some((Encoding::Utf16le, 2))
        } else if bytes.starts_with(b"\xFE\xFF") {
            Some((Encoding::Utf16be, 2))
        } else {
            None
        }
    }
}

/// Named input bytes.
#[derive(Debug, Clone)]
pub struct Source {
    /// What error messages call this source: a path, or `bundled:watchlists/...`.
    pub label: String,
    pub path: Option<PathBuf>,
    pub bytes: Cow<'static, [u8]>,
    pub modified: Option<SystemTime>,
}

/// Decoded text plus what happened on the way.
#[derive(Debug, Clone)]
pub struct DecodedText {
    pub text: String,
    /// Set when bytes were not valid in the chosen encoding: the line of the first bad byte,
    /// and what happened.
    pub warning: Option<(u64, String)>,
}

/// A file that could not be read.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {source}")]
pub struct ReadError {
    pub path: String,
    #[source]
    pub source: std::io::Error,
}

impl Source {
    /// Reads a file from disk.
    pub fn read(path: &Path) -> Result<Self, ReadError> {
        let err = |source| ReadError {
            path: path.display().to_string(),
            source,
        };
        let bytes = std::fs::read(path).map_err(err)?;
        let modified = std::fs::metadata(path).and_then(|m| m.modified()).ok();
        Ok(Source {
            label: path.display().to_string(),
            path: Some(path.to_path_buf()),
            bytes: Cow::Owned(bytes),
            modified,
        })
    }

    /// Wraps bytes compiled into the binary.
    pub fn bundled(label: &str, bytes: &'static [u8]) -> Self {
        Source {
            label: format!("bundled:{label}"),
            path: None,
            bytes: Cow::Borrowed(bytes),
            modified: None,
        }
    }

    /// Wraps bytes made in memory (tests, downloads).
    pub fn from_bytes(label: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        Source {
            label: label.into(),
            path: None,
            bytes: Cow::Owned(bytes.into()),
            modified: None,
        }
    }

    /// The file name part of the label (`sdn.csv`), for messages and format detection.
    pub fn file_name(&self) -> &str {
        self.label
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or(&self.label)
            .trim_start_matches("bundled:")
    }

    /// SHA-256 of the raw bytes, lower-case hex.
    pub fn sha256(&self) -> String {
        hex(&Sha256::digest(&self.bytes))
    }

    /// Decodes the bytes, dropping a byte-order mark (a UTF-16 mark is obeyed whatever
    /// `encoding` says). Invalid UTF-8 is replaced (U+FFFD) and reported with the line of the
    /// first bad byte, never a panic.
    pub fn text(&self, encoding: Encoding) -> DecodedText {
        let mut bytes: &[u8] = &self.bytes;
        let mut encoding = encoding;
        if let Some((named, len)) = Encoding::from_bom(bytes)
            && (named != Encoding::Utf8 || encoding == Encoding::Utf8)
        {
            encoding = named;
            bytes = &bytes[len..];
        }
        match encoding {
            Encoding::Latin1 | Encoding::Utf16le | Encoding::Utf16be => {
                let mut text = String::new();
                // Reading from memory cannot fail, and the transcoder writes only UTF-8.
                let _ = Transcoder::new(bytes, encoding).read_to_string(&mut text);
                DecodedText {
                    text,
                    warning: None,
                }
            }
            Encoding::Utf8 => match std::str::from_utf8(bytes) {
                Ok(s) => DecodedText {
                    text: s.to_string(),
                    warning: None,
                },
                Err(e) => {
                    let at = e.valid_up_to();
                    let line = 1 + bytes[..at].iter().filter(|&&b| b == b'\n').count();
                    DecodedText {
                        text: String::from_utf8_lossy(bytes).into_owned(),
                        warning: Some((
                            line as u64,
                            format!(
                                "not valid UTF-8 (byte 0x{:02X} at offset {at}); undecodable \
                                     bytes shown as U+FFFD. {}",
                                bytes[at],
                                encoding_hint(bytes)
                            ),
                        )),
                    }
                }
            },
        }
    }

    /// The file's modification date, `YYYY-MM-DD`, when known.
    pub fn modified_date(&self) -> Option<String> {
        self.modified.map(|t| {
            chrono::DateTime::<chrono::Utc>::from(t)
                .format("%Y-%m-%d")
                .to_string()
        })
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label)
    }
}

/// UTF-16 without a byte-order mark shows as NUL bytes at every other place between ASCII
/// letters: which byte order, when the start of `bytes` looks like that.
pub fn looks_like_utf16(bytes: &[u8]) -> Option<Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let pairs = head.len() / 2;
    let nuls_at = |parity: usize| {
        head.iter()
            .enumerate()
            .filter(|(i, b)| i % 2 == parity && **b == 0)
            .count()
    };
    if pairs == 0 {
        None
    } else if nuls_at(1) * 2 > pairs {
        Some(Encoding::Utf16le)
    } else if nuls_at(0) * 2 > pairs {
        Some(Encoding::Utf16be)
    } else {
        None
    }
}

/// What to try when bytes are not UTF-8.
pub fn encoding_hint(bytes: &[u8]) -> &'static str {
    match looks_like_utf16(bytes) {
        Some(Encoding::Utf16le) => {
            "It looks like UTF-16 without a byte-order mark: pass --encoding utf16le"
        }
        Some(_) => "It looks like UTF-16 without a byte-order mark: pass --encoding utf16be",
        None => "If the file is Latin-1, pass --encoding latin1",
    }
}

/// Where a reader notes the first byte that was not UTF-8: its line and value.
pub type InvalidByte = Rc<Cell<Option<(u64, u8)>>>;

/// Bytes in one encoding read as UTF-8, a block at a time: Latin-1 and UTF-16 are
/// transcoded; invalid UTF-8 and an unpaired UTF-16 surrogate become U+FFFD.
pub struct Transcoder<R> {
    inner: R,
    encoding: Encoding,
    /// Where the first invalid UTF-8 byte is noted (line, byte), when the caller asks.
    invalid: Option<InvalidByte>,
    /// Line breaks written so far, while no invalid byte was found.
    lines_out: u64,
    /// Raw bytes read but not yet decoded (an odd byte, half a surrogate pair).
    raw: Vec<u8>,
    out: Vec<u8>,
    out_at: usize,
    eof: bool,
}

impl<R: Read> Transcoder<R> {
    pub fn new(inner: R, encoding: Encoding) -> Self {
        Transcoder {
            inner,
            encoding,
            invalid: None,
            lines_out: 0,
            raw: Vec::new(),
            out: Vec::new(),
            out_at: 0,
            eof: false,
        }
    }

    /// Notes the line and value of the first byte that is not UTF-8 in `slot`.
    pub fn noting_invalid_utf8(mut self, slot: InvalidByte) -> Self {
        self.invalid = Some(slot);
        self
    }

    /// UTF-8 checked: what is valid is copied, each invalid sequence becomes U+FFFD.
    fn decode_utf8(&mut self) {
        let mut at = 0;
        while at < self.raw.len() {
            let (good, bad) = match std::str::from_utf8(&self.raw[at..]) {
                Ok(_) => (self.raw.len(), None),
                Err(e) => (at + e.valid_up_to(), Some(e.error_len())),
            };
            self.out.extend_from_slice(&self.raw[at..good]);
            at = good;
            let skip = match bad {
                None => break,
                Some(Some(n)) => n,
                // Cut inside a character: wait for the rest, unless there is no more.
                Some(None) if !self.eof => break,
                Some(None) => self.raw.len() - at,
            };
            if let Some(slot) = &self.invalid
                && slot.get().is_none()
            {
                let line =
                    1 + self.lines_out + memchr::memchr_iter(b'\n', &self.out).count() as u64;
                slot.set(Some((line, self.raw[at])));
            }
            self.out.extend_from_slice("\u{FFFD}".as_bytes());
            at += skip;
        }
        self.raw.drain(..at);
        if self.invalid.as_ref().is_some_and(|s| s.get().is_none()) {
            self.lines_out += memchr::memchr_iter(b'\n', &self.out).count() as u64;
        }
    }

    fn refill(&mut self) -> io::Result<()> {
        self.out.clear();
        self.out_at = 0;
        while self.out.is_empty() && !self.eof {
            let kept = self.raw.len();
            self.raw.resize(kept + 64 * 1024, 0);
            let n = self.inner.read(&mut self.raw[kept..])?;
            self.raw.truncate(kept + n);
            self.eof = n == 0;
            self.decode_raw();
        }
        Ok(())
    }

    fn decode_raw(&mut self) {
        let mut buf = [0u8; 4];
        match self.encoding {
            Encoding::Utf8 => self.decode_utf8(),
            Encoding::Latin1 => {
                for &b in &self.raw {
                    self.out
                        .extend_from_slice(char::from(b).encode_utf8(&mut buf).as_bytes());
                }
                self.raw.clear();
            }
            Encoding::Utf16le | Encoding::Utf16be => {
                let big = self.encoding == Encoding::Utf16be;
                let mut units: Vec<u16> = self
                    .raw
                    .chunks_exact(2)
                    .map(|p| {
                        let pair = [p[0], p[1]];
                        if big {
                            u16::from_be_bytes(pair)
                        } else {
                            u16::from_le_bytes(pair)
                        }
                    })
                    .collect();
                let mut used = units.len() * 2;
                // A high surrogate at the end of the block waits for its pair.
                if !self.eof && units.last().is_some_and(|u| (0xD800..0xDC00).contains(u)) {
                    units.pop();
                    used -= 2;
                }
                for c in char::decode_utf16(units) {
                    let c = c.unwrap_or(char::REPLACEMENT_CHARACTER);
                    self.out
                        .extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
                if self.eof && self.raw.len() > used {
                    // A lone last byte: the file was cut inside a character.
                    self.out.extend_from_slice("\u{FFFD}".as_bytes());
                    used = self.raw.len();
                }
                self.raw.drain(..used);
            }
        }
    }
}

impl<R: Read> Read for Transcoder<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.out_at == self.out.len() {
            self.refill()?;
        }
        let n = buf.len().min(self.out.len() - self.out_at);
        buf[..n].copy_from_slice(&self.out[self.out_at..self.out_at + n]);
        self.out_at += n;
        Ok(n)
    }
}

/// Line numbers of byte offsets in a text, for `file:line` messages.
///
/// The csv crate's own line count is off by one after a CRLF (it reports a record as starting
/// at the `\n` of the previous line), so readers locate records by byte offset instead.
#[derive(Debug, Clone)]
pub struct LineTable {
    newlines: Vec<usize>,
    text_len: usize,
    starts_with_newline: Vec<bool>,
}

impl LineTable {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        LineTable {
            newlines: bytes
                .iter()
                .enumerate()
                .filter(|(_, b)| **b == b'\n')
                .map(|(i, _)| i)
                .collect(),
            text_len: bytes.len(),
            starts_with_newline: bytes.iter().map(|b| matches!(b, b'\r' | b'\n')).collect(),
        }
    }

    /// The 1-based line of the first character at or after `byte` that is not a line break:
    /// where a record starting at `byte` really begins.
    pub fn line_of(&self, byte: usize) -> u64 {
        let mut at = byte.min(self.text_len);
        while at < self.text_len && self.starts_with_newline[at] {
            at += 1;
        }
        1 + self.newlines.partition_point(|&n| n < at) as u64
    }
}

/// Lower-case hex of a byte string.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_is_replaced_and_reported_with_its_line() {
        let s = Source::from_bytes("m.csv", b"a,b\nCAF\xC9,x\n".to_vec());
        let d = s.text(Encoding::Utf8);
        assert!(d.text.contains("CAF\u{FFFD}"));
        let (line, w) = d.warning.expect("a warning");
        assert_eq!(line, 2);
        assert!(w.starts_with("not valid UTF-8 (byte 0xC9"), "{w}");
    }

    #[test]
    fn latin1_decodes_every_byte() {
        let s = Source::from_bytes("m.csv", b"CAF\xC9".to_vec());
        let d = s.text(Encoding::Latin1);
        assert_eq!(d.text, "CAFÉ");
        assert!(d.warning.is_none());
    }

    #[test]
    fn utf16_is_read_by_its_byte_order_mark_even_split_across_blocks() {
        let text = "BL,Name\nB1,\u{1F6A2} MÜLLER\n";
        let mut le = vec![0xFF, 0xFE];
        le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let s = Source::from_bytes("m.csv", le.clone());
        assert_eq!(s.text(Encoding::Utf8).text, text);
        // One byte at a time: surrogate pairs and unit halves are carried over.
        let mut out = String::new();
        Transcoder::new(OneByte(&le[2..]), Encoding::Utf16le)
            .read_to_string(&mut out)
            .unwrap();
        assert_eq!(out, text);
    }

    struct OneByte<'a>(&'a [u8]);
    impl Read for OneByte<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let Some((first, rest)) = self.0.split_first() else {
                return Ok(0);
            };
            buf[0] = *first;
            self.0 = rest;
            Ok(1)
        }
    }

    #[test]
    fn utf16_without_a_mark_is_hinted() {
        let le: Vec<u8> = "BL,Name"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert!(encoding_hint(&le).contains("utf16le"));
        let be: Vec<u8> = "BL,Name"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert!(encoding_hint(&be).contains("utf16be"));
        assert!(encoding_hint(b"CAF\xC9").contains("latin1"));
    }

    #[test]
    fn bom_is_dropped() {
        let s = Source::from_bytes("m.csv", b"\xEF\xBB\xBFid,name".to_vec());
        assert_eq!(s.text(Encoding::Utf8).text, "id,name");
    }

    #[test]
    fn line_table_skips_the_line_break_a_record_position_points_at() {
        let t = LineTable::new("a,b\r\nc,d\r\ne,f\r\n");
        assert_eq!(t.line_of(0), 1);
        assert_eq!(t.line_of(4), 2);
        assert_eq!(t.line_of(5), 2);
        assert_eq!(t.line_of(10), 3);
    }

    #[test]
    fn file_name_strips_folders_and_bundled_prefix() {
        assert_eq!(Source::bundled("ofac/sdn.csv", b"").file_name(), "sdn.csv");
        assert_eq!(Source::bundled("sdn.csv", b"").file_name(), "sdn.csv");
        assert_eq!(
            Source::from_bytes("/x/y/add.csv", Vec::new()).file_name(),
            "add.csv"
        );
    }
}
