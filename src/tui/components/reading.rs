//! A page of text the officer reads, scrolls and closes: an exercise's briefing, an inject as
//! it arrives, the answer to a look-up. It owns the keyboard while open: up, down and the page
//! keys scroll it, quit quits, any other key closes it.

use crate::text::width::display_width;
use crate::tui::data::{ExerciseInfo, LookupResult};

/// The text and how far it is scrolled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    pub title: String,
    /// Plain lines; a line starting with `#` is drawn as a heading.
    pub lines: Vec<String>,
    pub scroll: usize,
}

impl Reading {
    pub fn new(title: impl Into<String>, lines: Vec<String>) -> Self {
        Reading {
            title: title.into(),
            lines,
            scroll: 0,
        }
    }

    /// Scrolls by `delta` screen rows, never past the last page: `width` x `height` is the
    /// text's area, where long lines wrap.
    pub fn scroll_by(&mut self, delta: isize, width: u16, height: u16) {
        let last = self.rows(width).saturating_sub(usize::from(height));
        self.scroll = self.scroll.saturating_add_signed(delta).min(last);
    }

    /// Screen rows the text takes at `width` columns, wrapped at spaces as the page draws it.
    pub fn rows(&self, width: u16) -> usize {
        self.lines.iter().map(|l| wrapped_rows(l, width)).sum()
    }

    /// The exercise's briefing, as the trainee first sees it.
    pub fn briefing(info: &ExerciseInfo) -> Self {
        // Markdown's emphasis and code marks mean nothing on a terminal.
        let mut lines: Vec<String> = info
            .briefing
            .lines()
            .map(|l| l.replace("**", "").replace('`', ""))
            .collect();
        lines.push(String::new());
        lines.push(format!(
            "Keys: B shows this briefing again, L looks a name, an HS code or words up, 5 browses \
             the lists. You work as {}; every decision is recorded in your own exercise store.",
            info.trainee
        ));
        if !info.arrived.is_empty() {
            lines.push(String::new());
            lines.push("# What the trainer has sent so far".into());
            for said in &info.arrived {
                lines.push(String::new());
                lines.extend(said.lines().map(str::to_string));
            }
        }
        Reading::new(format!("Briefing · exercise {}", info.id), lines)
    }

    /// Injects as they arrive.
    pub fn injects(said: &[String]) -> Self {
        let mut lines = vec!["# New information from the trainer".to_string()];
        for s in said {
            lines.push(String::new());
            lines.extend(s.lines().map(str::to_string));
        }
        Reading::new("Inject", lines)
    }

    /// A look-up's answer: list entries by name, then what the goods tables say.
    pub fn lookup(r: &LookupResult, threshold: f64) -> Self {
        let mut lines = Vec::new();
        // A code is not a name: its names section would only say "nothing".
        let code = r.goods.hs.is_some() || r.goods.annex_entry.is_some();
        if !(code && r.names.is_empty()) {
            lines.push(format!(
                "# Names in the lists (score {threshold:.2} or more)"
            ));
            if r.names.is_empty() {
                lines.push("  no list entry has a name like this".into());
            }
            for h in &r.names {
                let alias = if h.matched_name != h.name {
                    format!(" (as \"{}\")", h.matched_name)
                } else {
                    String::new()
                };
                lines.push(format!(
                    "  {:.2}  {} {}  {}{alias}",
                    h.score, h.list, h.entry_id, h.name
                ));
                lines.push(format!("        {}", h.explanation));
            }
            lines.push(String::new());
        }
        lines.push("# Goods lists and reference tables".into());
        lines.extend(r.goods.text_lines());
        Reading::new(format!("Look-up: {}", r.query), lines)
    }
}

/// Rows a line takes at `width` columns, greedily wrapped at spaces (a word longer than the
/// width is cut), as ratatui's word wrapping lays it out; an empty line takes one.
pub fn wrapped_rows(line: &str, width: u16) -> usize {
    let width = usize::from(width.max(1));
    let mut rows = 1;
    let mut used = 0;
    for word in line.split(' ') {
        let w = display_width(word);
        let need = if used == 0 { w } else { used + 1 + w };
        if need <= width {
            used = need;
        } else if w <= width {
            rows += 1;
            used = w;
        } else {
            // A word wider than the page: it fills rows of its own.
            if used > 0 {
                rows += 1;
            }
            rows += (w - 1) / width;
            used = w % width;
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrolling_stops_at_the_last_page_of_wrapped_rows() {
        // Three lines; the second wraps to four rows at width 8: six rows in all.
        let lines = vec!["a".into(), "bbbb cccc dddd eeee".into(), "f".into()];
        let mut r = Reading::new("t", lines);
        assert_eq!(r.rows(8), 6);
        assert_eq!(r.rows(10), 4);
        r.scroll_by(10, 8, 2);
        assert_eq!(r.scroll, 4, "the last page shows the last two rows");
        r.scroll_by(-1, 8, 2);
        assert_eq!(r.scroll, 3);
        r.scroll_by(-10, 8, 2);
        assert_eq!(r.scroll, 0);
    }

    #[test]
    fn rows_count_words_as_they_wrap() {
        assert_eq!(wrapped_rows("", 10), 1);
        assert_eq!(wrapped_rows("0123456789", 10), 1);
        assert_eq!(wrapped_rows("01234 6789", 10), 1);
        assert_eq!(wrapped_rows("01234 67890", 10), 2);
        assert_eq!(wrapped_rows("0123456789012345678901", 10), 3);
    }
}
