//! Safety for text written by strangers, in every output format.
//!
//! Manifest and list text reaches a targeter's terminal, spreadsheet and referral documents; a
//! shipper who writes `ESC ] 0 ; ...` into a bill number or a consignee name must not be able to
//! retitle, clear or reprogram that terminal, reorder what a reader sees with a bidi override,
//! or start a spreadsheet formula. So:
//! - text printed for a human (tables, Markdown) goes through [`for_terminal`], which makes
//!   control characters visible in caret notation (`^[`) instead of passing them on;
//! - CSV cells go through [`csv_cell`]: the same notation, and a cell that a spreadsheet would
//!   take for a formula is prefixed with `'` (OWASP's advice on CSV injection);
//! - JSON goes through [`to_json_writer`] and its siblings, which write those characters as
//!   `\u` escapes: a parser gives the original text back, a terminal showing the raw file
//!   shows only inert ASCII.
//!
//! This module only escapes what is written; it never changes the text that is hashed or
//! stored (the audit chain hashes serde_json's own compact form).

use std::borrow::Cow;
use std::io;

use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter, Serializer};

/// Returns `text` with every control character (C0, DEL, C1) shown in caret or `\u{..}`
/// notation, so that escape sequences print as inert text.
pub fn for_terminal(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\u{0}'..='\u{1f}' => {
                out.push('^');
                out.push((b'@' + c as u8) as char);
            }
            '\u{7f}' => out.push_str("^?"),
            c if is_unsafe(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// C0 and C1 controls, DEL, and the Unicode bidirectional embeddings, overrides and isolates
/// that can reorder what a reader sees (the "Trojan Source" set).
fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// First characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection").
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// One CSV cell: control characters in caret notation as [`for_terminal`] shows them, and a
/// `'` before a cell a spreadsheet would evaluate (`=HYPERLINK(...)`, `+1`, `-2+3`, `@SUM`).
pub fn csv_cell(text: &str) -> Cow<'_, str> {
    let shown = for_terminal(text);
    if shown.starts_with(FORMULA_STARTS) {
        Cow::Owned(format!("'{shown}"))
    } else {
        shown
    }
}

/// A serde_json formatter that writes [`is_unsafe`] characters as `\uXXXX` escapes (serde_json
/// escapes only the C0 controls), around any inner formatter (compact or pretty).
struct SafeFormatter<F>(F);

impl<F: Formatter> Formatter for SafeFormatter<F> {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if is_unsafe(c) {
                writer.write_all(&fragment.as_bytes()[start..i])?;
                // Every unsafe character is in the Basic Multilingual Plane: one escape each.
                write!(writer, "\\u{:04x}", c as u32)?;
                start = i + c.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }

    // The layout is the inner formatter's.
    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn end_object_key<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_key(w)
    }
    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

fn write_with<W: io::Write, F: Formatter, T: ?Sized + Serialize>(
    writer: W,
    formatter: F,
    value: &T,
) -> serde_json::Result<()> {
    value.serialize(&mut Serializer::with_formatter(
        writer,
        SafeFormatter(formatter),
    ))
}

/// `serde_json::to_writer`, with unsafe characters escaped.
pub fn to_json_writer<W: io::Write, T: ?Sized + Serialize>(
    writer: W,
    value: &T,
) -> serde_json::Result<()> {
    write_with(writer, CompactFormatter, value)
}

/// `serde_json::to_writer_pretty`, with unsafe characters escaped.
pub fn to_json_writer_pretty<W: io::Write, T: ?Sized + Serialize>(
    writer: W,
    value: &T,
) -> serde_json::Result<()> {
    write_with(writer, PrettyFormatter::new(), value)
}

/// `serde_json::to_string`, with unsafe characters escaped.
pub fn to_json_string<T: ?Sized + Serialize>(value: &T) -> serde_json::Result<String> {
    let mut out = Vec::new();
    to_json_writer(&mut out, value)?;
    utf8(out)
}

/// `serde_json::to_string_pretty`, with unsafe characters escaped.
pub fn to_json_pretty<T: ?Sized + Serialize>(value: &T) -> serde_json::Result<String> {
    let mut out = Vec::new();
    to_json_writer_pretty(&mut out, value)?;
    utf8(out)
}

/// The serializer writes whole UTF-8 strings and ASCII escapes, so this never fails.
fn utf8(bytes: Vec<u8>) -> serde_json::Result<String> {
    String::from_utf8(bytes).map_err(serde::ser::Error::custom)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osc_title_and_clear_screen_become_visible_text() {
        let hostile = "ACME\x1b]0;pwned\x07 LTD\x1b[2J";
        let safe = for_terminal(hostile);
        assert_eq!(safe, "ACME^[]0;pwned^G LTD^[[2J");
        assert!(!safe.chars().any(|c| c.is_control()));
    }

    #[test]
    fn c1_controls_and_bidi_overrides_are_escaped() {
        let safe = for_terminal("A\u{9b}31mB\u{202e}C");
        assert_eq!(safe, "A\\u{9b}31mB\\u{202e}C");
    }

    #[test]
    fn json_escapes_c1_and_bidi_and_parses_back_to_the_original() {
        let hostile = "A\u{1b}]0;x\u{7}B\u{9b}31m\u{202e}C\u{2066}D\u{7f}É\u{1F600}";
        let value = serde_json::json!({ hostile: [hostile, 1.5, null] });
        for text in [
            to_json_string(&value).unwrap(),
            to_json_pretty(&value).unwrap(),
        ] {
            // The pretty layout's own line breaks are the only control characters left.
            assert!(!text.chars().any(|c| c != '\n' && is_unsafe(c)), "{text}");
            assert!(text.contains(r"\u009b31m\u202eC\u2066D\u007f"), "{text}");
            assert!(
                text.contains("É\u{1F600}"),
                "other text stays as it is: {text}"
            );
            let back: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert_eq!(back, value);
        }
        assert_eq!(
            to_json_pretty(&value).unwrap().lines().count(),
            serde_json::to_string_pretty(&value)
                .unwrap()
                .lines()
                .count(),
            "pretty output keeps its layout"
        );
    }

    #[test]
    fn json_of_clean_text_is_serde_jsons_own() {
        let value = serde_json::json!({"name": "MABROOKA \"TRADING\"\n", "n": [1, 2]});
        assert_eq!(to_json_string(&value).unwrap(), value.to_string());
        assert_eq!(
            to_json_pretty(&value).unwrap(),
            serde_json::to_string_pretty(&value).unwrap()
        );
    }

    #[test]
    fn csv_cells_that_a_spreadsheet_would_evaluate_are_quoted() {
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(csv_cell("+40 party"), "'+40 party");
        assert_eq!(csv_cell("-2+3"), "'-2+3");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("\t=1"), "^I=1");
        assert_eq!(csv_cell("ACME\u{1b}]0;x\u{7}"), "ACME^[]0;x^G");
        assert!(matches!(csv_cell("GSPL26110010"), Cow::Borrowed(_)));
        assert_eq!(csv_cell(""), "");
    }

    #[test]
    fn clean_text_is_borrowed_unchanged() {
        assert!(matches!(for_terminal("MABROOKA TRADING"), Cow::Borrowed(_)));
    }
}
