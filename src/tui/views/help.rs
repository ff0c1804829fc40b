//! The help overlay, drawn from the keymap that handles input: what it lists is what the keys
//! do, including any rebinding from the keymap file. The current view's own keys come first;
//! the list flows into a second column when the terminal is short.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{fit, popup};
use crate::tui::app::App;

pub fn render(frame: &mut Frame, body: Rect, app: &App) {
    let t = &app.theme;
    let area = Rect::new(
        body.x + 2,
        body.y,
        body.width.saturating_sub(4),
        body.height,
    );
    let title = format!(" Keys in {} · esc closes ", app.view.title());
    let inner = popup(frame, area, app, title);
    let own = app
        .keymap
        .for_view(app.view)
        .filter(|b| !b.views.is_empty());
    let global = app.keymap.for_view(app.view).filter(|b| b.views.is_empty());
    let bindings: Vec<_> = own.chain(global).collect();
    let rows = inner.height.max(1) as usize;
    let columns = bindings.len().div_ceil(rows).clamp(1, 3);
    let areas = Layout::horizontal(vec![Constraint::Fill(1); columns]).split(inner);
    for (c, chunk) in bindings.chunks(rows).take(columns).enumerate() {
        let w = areas[c].width as usize;
        let lines: Vec<Line> = chunk
            .iter()
            .map(|b| {
                let keys: Vec<String> = b.keys.iter().map(ToString::to_string).collect();
                let k = fit(&keys.join(" "), 12);
                Line::from(vec![
                    Span::styled(format!("{k:<13}"), t.key),
                    Span::raw(fit(b.description, w.saturating_sub(14))),
                ])
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), areas[c]);
    }
}
