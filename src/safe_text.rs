//! Terminal safety for text written by strangers.
//!
//! Manifest and list text reaches a targeter's terminal; a shipper who writes `ESC ] 0 ; ...`
//! into a consignee name must not be able to retitle, clear or reprogram that terminal. Every
//! string printed for a human goes through [`for_terminal`], which makes control characters
//! visible in caret notation (`^[`) instead of passing them on. Machine formats (JSON, CSV)
//! keep the raw text: their encoders escape it.

use std::borrow::Cow;

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

/// C0 and C1 controls, DEL, and the Unicode bidirectional overrides that can reorder what a
/// reader sees.
fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
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
    fn clean_text_is_borrowed_unchanged() {
        assert!(matches!(for_terminal("MABROOKA TRADING"), Cow::Borrowed(_)));
    }
}
