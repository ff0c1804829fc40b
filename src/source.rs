//! Input bytes with a name: a file read from disk or a file bundled into the binary.
//!
//! Readers in `ingest` and `lists` take a [`Source`] rather than a path, so that the bundled
//! sample lists, test fixtures and real files all go through the same parsing code. This module
//! also owns text decoding: bytes that are not UTF-8 are never a panic, and never silently
//! mangled (see [`Source::text`]).

use std::borrow::Cow;
use std::fmt;
use std::path::{Path, PathBuf};
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

    /// Decodes the bytes, dropping a UTF-8 byte-order mark. Invalid UTF-8 is replaced
    /// (U+FFFD) and reported with the line of the first bad byte, never a panic.
    pub fn text(&self, encoding: Encoding) -> DecodedText {
        let bytes: &[u8] = &self.bytes;
        match encoding {
            Encoding::Latin1 => DecodedText {
                text: bytes.iter().map(|&b| b as char).collect(),
                warning: None,
            },
            Encoding::Utf8 => {
                let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
                match std::str::from_utf8(bytes) {
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
                                     bytes shown as U+FFFD. If the file is Latin-1, pass \
                                     --encoding latin1",
                                    bytes[at]
                                ),
                            )),
                        }
                    }
                }
            }
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
