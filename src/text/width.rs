//! Display width: how many terminal columns text takes. A CJK character takes two, a combining
//! mark none, so a table padded by character count misaligns every row with a Chinese or
//! Korean name in it. Every table cell (the CLI's tables, the dashboard's cells) is cut and
//! padded here, by columns.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::safe::for_terminal;

/// The columns `text` takes on a terminal.
pub fn display_width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// `text` made safe for the terminal and cut to at most `width` columns: when it is longer,
/// its first characters that fit in `width - 1` columns and `…`.
pub fn truncate(text: &str, width: usize) -> String {
    let safe = for_terminal(text);
    if display_width(&safe) <= width {
        return safe.into_owned();
    }
    let room = width.saturating_sub(1);
    let mut out = String::with_capacity(width + 3);
    let mut used = 0;
    for c in safe.chars() {
        let w = UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > room {
            break;
        }
        out.push(c);
        used += w;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// [`truncate`], then padded with spaces to exactly `width` columns: a table cell.
pub fn cell(text: &str, width: usize) -> String {
    let mut out = truncate(text, width);
    let used = display_width(&out);
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(used)));
    out
}

/// `text` made safe for the terminal and padded with spaces to at least `width` columns, never
/// cut: for columns whose whole value must show (bill numbers, user names).
pub fn pad(text: &str, width: usize) -> String {
    let mut out = for_terminal(text).into_owned();
    let used = display_width(&out);
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(used)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_characters_take_two_columns_and_cells_line_up() {
        assert_eq!(display_width("北京"), 4);
        assert_eq!(display_width("ACME"), 4);
        // Every cell is the same number of columns, whatever the script.
        for name in [
            "ACME TRADING",
            "北京华信进出口有限公司",
            "한국무역주식회사",
            "Raúl Castro",
            "MABRUKA",
        ] {
            assert_eq!(display_width(&cell(name, 10)), 10, "{name}");
        }
        assert_eq!(cell("ACME", 6), "ACME  ");
        assert_eq!(truncate("ACME TRADING", 6), "ACME …");
        // A wide character that would straddle the edge is left out, not split.
        assert_eq!(truncate("北京华信", 4), "北…");
        assert_eq!(cell("北京华信", 4), "北… ");
        assert_eq!(pad("北京", 6), "北京  ");
        assert_eq!(pad("ACME TRADING", 4), "ACME TRADING");
    }

    #[test]
    fn control_characters_are_shown_not_sent() {
        assert_eq!(truncate("A\u{1b}[2J", 10), "A^[[2J");
    }
}
