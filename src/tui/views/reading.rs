//! A page of text over the body: the briefing, an inject, a look-up's answer. Lines starting
//! with `#` are headings; everything else is drawn as given, made terminal-safe.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{popup, safe};
use crate::tui::app::{App, Reading};

pub fn render(frame: &mut Frame, body: Rect, app: &App, r: &Reading) {
    let t = &app.theme;
    let area = body;
    let (width, height) = (
        area.width.saturating_sub(2),
        usize::from(area.height.saturating_sub(2)),
    );
    let rows = r.rows(width);
    let scroll = r.scroll.min(rows.saturating_sub(height));
    let more = if rows > scroll + height {
        " · ↓ more"
    } else {
        ""
    };
    let title = format!(" {} · esc closes{more} ", safe(&r.title));
    let inner = popup(frame, area, app, title);
    let lines: Vec<Line> = r
        .lines
        .iter()
        .map(|l| match l.strip_prefix('#') {
            Some(h) => Line::from(Span::styled(
                safe(h.trim_start_matches('#').trim()),
                t.header,
            )),
            None => Line::from(Span::raw(safe(l))),
        })
        .collect();
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((u16::try_from(scroll).unwrap_or(u16::MAX), 0)),
        inner,
    );
}
