//! The EU dual-use list (Regulation (EU) 2021/821, Annex I) in its published plain-text
//! layout: an entry starts at the left margin with its code and heading
//! (`2B001   Machine tools and any combination thereof, ...`), its items and notes follow,
//! indented. Hubscreen keeps what a targeter needs beside a goods hit: the entry's heading,
//! the regime its number belongs to, and its decontrol notes ("2B001 does not control ...").
//!
//! The text also holds page numbers, form feeds and `continued` markers from the printed
//! layout; they are skipped. A file in which no entry can be found is refused: it is not the
//! list.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::source::{Encoding, Source};

use super::ReferenceError;

/// The most entries kept (the 2022 list has 366 top-level entries): a bound on memory.
pub const MAX_ENTRIES: usize = 5_000;
/// A heading or a note longer than this (characters) is cut, with `…`.
pub const MAX_TEXT_CHARS: usize = 600;
/// The most decontrol notes kept for one entry.
pub const MAX_NOTES_PER_ENTRY: usize = 40;

/// One top-level entry of Annex I.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnnexEntry {
    /// `2B001`.
    pub code: String,
    pub heading: String,
    /// The regime the entry's number belongs to, in words.
    pub regime: String,
    /// The notes that take goods out of the entry ("... does not control ...").
    pub decontrol: Vec<DecontrolNote>,
    /// Where the entry starts in the file.
    pub line: usize,
}

/// A note saying what an entry, or one of its items, does not control.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DecontrolNote {
    /// What the note is about: the entry (`2B001`) or an item of it (`2B001.a`).
    pub scope: String,
    pub text: String,
    pub line: usize,
}

/// The entries of Annex I, by code.
#[derive(Debug, Clone, Default)]
pub struct AnnexI {
    entries: BTreeMap<String, AnnexEntry>,
    /// `(file label, sha256)` of the file read.
    pub file: (String, String),
}

/// `2B001   Machine tools ...` at the left margin.
static ENTRY_START: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d[A-E]\d{3})\s{2,}(\S.*)$").expect("valid regex"));
/// `Note:`, `Note 2:`, `Notes:` opening a note.
static NOTE_START: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^Notes?(?:\s+\d+)?\s*:\s*(.*)$").expect("valid regex"));
/// What ends an entry's heading: an item (`a.`, `1.`), a note or a cross-reference.
static STRUCTURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[a-z]\.\s|\d+\.\s|N\.\s?B\.|Notes?\b|Technical Notes?\b)")
        .expect("valid regex")
});
/// The code a decontrol note names: `2B001.a. does not control`, `1C350 does not control`.
static NOTE_SCOPE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d[A-E]\d{3}(?:\.[a-z0-9]+)*)\.?\s+(?:does|do)\s+not\s+(?:control|apply)")
        .expect("valid regex")
});

/// The regime an entry's number belongs to: the third character (`2B201` → 2) in categories
/// 1 to 9, and the Nuclear Suppliers Group's trigger list for category 0.
pub fn regime_of(code: &str) -> &'static str {
    let b = code.as_bytes();
    if b.len() < 3 {
        return "unknown regime";
    }
    if b[0] == b'0' {
        return "Nuclear Suppliers Group trigger list";
    }
    match b[2] {
        b'0' => "Wassenaar Arrangement",
        b'1' => "Missile Technology Control Regime",
        b'2' => "Nuclear Suppliers Group dual-use list",
        b'3' => "Australia Group",
        b'4' => "Chemical Weapons Convention",
        b'5' => "EU autonomous control",
        _ => "unknown regime",
    }
}

/// A note being read.
struct OpenNote {
    indent: usize,
    line: usize,
    text: String,
}

impl AnnexI {
    /// Reads the list text. Entries are found by their code at the left margin; a file with
    /// none is refused.
    pub fn read(source: &Source) -> Result<Self, ReferenceError> {
        let text = source.text(Encoding::Utf8);
        if let Some((line, w)) = text.warning {
            return Err(ReferenceError::Row {
                location: format!("{}:{line}", source.label),
                message: w,
            });
        }
        let mut entries: BTreeMap<String, AnnexEntry> = BTreeMap::new();
        let mut current: Option<String> = None;
        let mut heading_open = false;
        let mut note: Option<OpenNote> = None;
        for (i, raw) in text.text.lines().enumerate() {
            let line_no = i + 1;
            let raw = raw.trim_end().trim_start_matches('\u{c}');
            let trimmed = raw.trim_start();
            // Page numbers, and the category title each printed page repeats at its top.
            if trimmed.is_empty()
                || trimmed.bytes().all(|b| b.is_ascii_digit())
                || trimmed.starts_with("CATEGORY ")
            {
                continue;
            }
            let indent = raw.len() - trimmed.len();
            if let Some(open) = &note
                && (indent <= open.indent || indent == 0)
            {
                let open = note.take().expect("checked above");
                close_note(&mut entries, current.as_deref(), open);
            }
            if indent == 0 {
                heading_open = false;
                if let Some(c) = ENTRY_START.captures(raw) {
                    let code = c[1].to_string();
                    if entries.len() >= MAX_ENTRIES && !entries.contains_key(&code) {
                        return Err(ReferenceError::Row {
                            location: format!("{}:{line_no}", source.label),
                            message: format!("more than {MAX_ENTRIES} entries"),
                        });
                    }
                    // A code seen again (a reprinted page) keeps its first heading.
                    entries.entry(code.clone()).or_insert_with(|| AnnexEntry {
                        regime: regime_of(&code).to_string(),
                        code: code.clone(),
                        heading: c[2].trim().to_string(),
                        decontrol: Vec::new(),
                        line: line_no,
                    });
                    heading_open = entries[&code].line == line_no;
                    current = Some(code);
                }
                // Other lines at the margin (category titles, `2B001.b. continued`) keep the
                // entry being read.
                continue;
            }
            if let Some(open) = &mut note {
                open.text.push(' ');
                open.text.push_str(trimmed);
                continue;
            }
            if let Some(c) = NOTE_START.captures(trimmed) {
                heading_open = false;
                note = Some(OpenNote {
                    indent,
                    line: line_no,
                    text: c[1].to_string(),
                });
                continue;
            }
            if STRUCTURE.is_match(trimmed) {
                heading_open = false;
                continue;
            }
            if heading_open
                && let Some(code) = &current
                && let Some(entry) = entries.get_mut(code)
            {
                entry.heading.push(' ');
                entry.heading.push_str(trimmed);
            }
        }
        if let Some(open) = note.take() {
            close_note(&mut entries, current.as_deref(), open);
        }
        if entries.is_empty() {
            return Err(ReferenceError::Row {
                location: format!("{}:1", source.label),
                message: "no Annex I entry found (an entry starts at the left margin with its \
                          code, e.g. `2B001   Machine tools ...`)"
                    .into(),
            });
        }
        for entry in entries.values_mut() {
            entry.heading = bounded(&entry.heading);
        }
        Ok(AnnexI {
            entries,
            file: (source.label.clone(), source.sha256()),
        })
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entry a control-list reference points at: `2B001`, `1C350.7`, `3A001.a.7`, or a
    /// label that starts with one (`1C350.7 (CAS 111-48-8)`).
    pub fn entry(&self, reference: &str) -> Option<&AnnexEntry> {
        let code = reference.trim().get(..5)?;
        self.entries.get(code)
    }

    /// Every entry, in code order.
    pub fn entries(&self) -> impl Iterator<Item = &AnnexEntry> {
        self.entries.values()
    }

    /// Entries whose heading contains every word of `query` (folded), at most `limit`.
    pub fn search(&self, query: &str, limit: usize) -> Vec<&AnnexEntry> {
        let Some(words) = super::QueryWords::new(query) else {
            return Vec::new();
        };
        self.entries
            .values()
            .filter(|e| words.found_in(&e.heading))
            .take(limit)
            .collect()
    }
}

impl AnnexEntry {
    /// The decontrol notes that bear on a reference: the entry's own, and those of the item
    /// the reference names (`1C350.7`), if any.
    pub fn notes_for(&self, reference: &str) -> Vec<&DecontrolNote> {
        let item = reference
            .split_whitespace()
            .next()
            .unwrap_or("")
            .trim_end_matches('.');
        self.decontrol
            .iter()
            .filter(|n| {
                n.scope == self.code
                    || (item.len() > self.code.len()
                        && item.starts_with(&n.scope)
                        && matches!(item.as_bytes().get(n.scope.len()), None | Some(b'.')))
            })
            .collect()
    }
}

fn close_note(entries: &mut BTreeMap<String, AnnexEntry>, current: Option<&str>, note: OpenNote) {
    let Some(entry) = current.and_then(|c| entries.get_mut(c)) else {
        return;
    };
    let text = note.text.split_whitespace().collect::<Vec<_>>().join(" ");
    let Some(scope) = NOTE_SCOPE.captures(&text) else {
        return;
    };
    let scope = scope[1].to_string();
    // A note that names another entry's code belongs to the one it names when that is not
    // this one: keep it here only when it is about this entry.
    if !scope.starts_with(&entry.code) || entry.decontrol.len() >= MAX_NOTES_PER_ENTRY {
        return;
    }
    entry.decontrol.push(DecontrolNote {
        scope,
        text: bounded(&text),
        line: note.line,
    });
}

/// `text` cut to [`MAX_TEXT_CHARS`] characters, with `…` when cut.
fn bounded(text: &str) -> String {
    if text.chars().count() <= MAX_TEXT_CHARS {
        return text.to_string();
    }
    let mut out: String = text.chars().take(MAX_TEXT_CHARS - 1).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The layout of the published text, with `<FF>` for a form feed.
    const SAMPLE_TEXT: &str = r#"CATEGORY 2 - MATERIALS PROCESSING
2B      Test, Inspection and Production Equipment
2B001   Machine tools and any combination thereof, for removing (or cutting) metals,
        which can be equipped with electronic devices for "numerical control", as follows:
        N.B.   SEE ALSO 2B201.
        Note 1:       2B001 does not control special purpose machine tools limited to the
                      manufacture of gears. For such machines see 2B003.
        Note 3:       A machine tool having at least two capabilities must be evaluated
                      against each applicable entry.
        a.     Machine tools for turning having two or more axes;
               Note 2: 2B001.a. does not control bar machines (Swissturn), if maximum bar
                       diameter is equal to or less than 42 mm.
        b.     Machine tools for milling;
               Note: 2B001.b. does not control milling machines
<FF>        CATEGORY 2 - MATERIALS PROCESSING
27
                     for jewellery.
2B001.b.        continued
2B201   Machine tools for removing metals, other than those in 2B001, as follows:
        a.     Machine tools for milling.
"#;

    fn sample() -> String {
        SAMPLE_TEXT.replace("<FF>", "\u{c}")
    }

    fn read(text: &str) -> AnnexI {
        AnnexI::read(&Source::from_bytes("annex.txt", text.as_bytes().to_vec())).unwrap()
    }

    #[test]
    fn entries_keep_their_heading_regime_and_decontrol_notes() {
        let annex = read(&sample());
        assert_eq!(annex.len(), 2);
        let e = annex.entry("2B001").unwrap();
        assert_eq!(
            e.heading,
            "Machine tools and any combination thereof, for removing (or cutting) metals, \
             which can be equipped with electronic devices for \"numerical control\", as follows:"
        );
        assert_eq!(e.regime, "Wassenaar Arrangement");
        assert_eq!(e.line, 3);
        let scopes: Vec<&str> = e.decontrol.iter().map(|n| n.scope.as_str()).collect();
        assert_eq!(scopes, ["2B001", "2B001.a", "2B001.b"]);
        assert_eq!(
            e.decontrol[0].text,
            "2B001 does not control special purpose machine tools limited to the manufacture \
             of gears. For such machines see 2B003."
        );
        assert_eq!(e.decontrol[1].line, 11);
        // A note goes on over a page break and the title the next page repeats.
        assert_eq!(
            e.decontrol[2].text,
            "2B001.b. does not control milling machines for jewellery."
        );
        assert_eq!(
            annex.entry("2B201").unwrap().regime,
            "Nuclear Suppliers Group dual-use list"
        );
    }

    #[test]
    fn a_reference_to_an_item_finds_its_entry_and_the_notes_on_that_item() {
        let annex = read(&sample());
        let e = annex.entry("2B001.a (lathes)").unwrap();
        let notes: Vec<&str> = e
            .notes_for("2B001.a")
            .iter()
            .map(|n| n.scope.as_str())
            .collect();
        assert_eq!(notes, ["2B001", "2B001.a"]);
        let notes: Vec<&str> = e
            .notes_for("2B001")
            .iter()
            .map(|n| n.scope.as_str())
            .collect();
        assert_eq!(notes, ["2B001"]);
        assert!(annex.entry("CHPL Tier 1").is_none());
        assert!(annex.entry("2B9").is_none());
    }

    #[test]
    fn a_file_with_no_entry_is_refused() {
        let e = AnnexI::read(&Source::from_bytes("x.txt", b"hello\n  world\n".to_vec()))
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("x.txt:1:") && e.contains("no Annex I entry"),
            "{e}"
        );
    }

    #[test]
    fn regimes_follow_the_entry_number() {
        assert_eq!(regime_of("1C350"), "Australia Group");
        assert_eq!(regime_of("1C450"), "Chemical Weapons Convention");
        assert_eq!(regime_of("9A120"), "Missile Technology Control Regime");
        assert_eq!(regime_of("0A001"), "Nuclear Suppliers Group trigger list");
        assert_eq!(regime_of("3A001"), "Wassenaar Arrangement");
    }
}
