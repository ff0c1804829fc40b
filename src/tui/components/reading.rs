//! A page of text the officer reads, scrolls and closes: an exercise's briefing, an inject as
//! it arrives, the answer to a look-up. It owns the keyboard while open: up, down and the page
//! keys scroll it, quit quits, any other key closes it.

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

    /// Scrolls by `delta` lines, never past the last line.
    pub fn scroll_by(&mut self, delta: isize) {
        let last = self.lines.len().saturating_sub(1);
        self.scroll = self.scroll.saturating_add_signed(delta).min(last);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrolling_stops_at_the_last_line() {
        let mut r = Reading::new("t", vec!["a".into(), "b".into(), "c".into()]);
        r.scroll_by(10);
        assert_eq!(r.scroll, 2);
        r.scroll_by(-1);
        assert_eq!(r.scroll, 1);
        r.scroll_by(-10);
        assert_eq!(r.scroll, 0);
    }
}
