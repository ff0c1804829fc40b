//! The `:` command palette: the typed line on the status row and the matching commands above it.

use fuzzy_matcher::FuzzyMatcher;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{popup, safe};
use crate::tui::app::{App, PALETTE_COMMANDS};
use crate::tui::filter;

pub fn render(frame: &mut Frame, body: Rect, status: Rect, app: &App, buffer: &str) {
    let t = &app.theme;
    let word = buffer.split_whitespace().next().unwrap_or("");
    let m = filter::matcher();
    let matching: Vec<&(&str, &str)> = PALETTE_COMMANDS
        .iter()
        .filter(|(c, _)| word.is_empty() || m.fuzzy_match(c, word).is_some())
        .collect();
    let h = (matching.len() as u16 + 2).min(body.height);
    let w = 52.min(body.width);
    let area = Rect::new(body.x, body.y + body.height - h, w, h);
    let inner = popup(frame, area, app, " Commands ");
    let lines: Vec<Line> = matching
        .iter()
        .map(|(c, d)| {
            Line::from(vec![
                Span::styled(format!(":{c:<14}"), t.key),
                Span::styled(d.to_string(), t.dim),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
    let text = safe(buffer);
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(":", t.key),
            Span::raw(text.clone()),
        ])),
        status,
    );
    let x = status.x + 1 + crate::text::width::display_width(&text) as u16;
    frame.set_cursor_position((x.min(status.x + status.width.saturating_sub(1)), status.y));
}
