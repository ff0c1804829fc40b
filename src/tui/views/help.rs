//! The help overlay, drawn from the keymap that handles input: what it lists is what the keys
//! do, including any rebinding from the keymap file.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::popup;
use crate::tui::app::App;
use crate::tui::layout;

pub fn render(frame: &mut Frame, body: Rect, app: &App) {
    let t = &app.theme;
    let mut lines = Vec::new();
    for b in app.keymap.for_view(app.view) {
        let keys: Vec<String> = b.keys.iter().map(ToString::to_string).collect();
        lines.push(Line::from(vec![
            Span::styled(format!("{:<18}", keys.join(" ")), t.key),
            Span::raw(b.description),
        ]));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        "mouse: click selects, wheel scrolls · keymap and theme: --keymap FILE --theme NAME",
        t.dim,
    )));
    let h = (lines.len() as u16 + 2).min(body.height);
    let area = layout::centred(body, 78, h);
    let title = format!(" Keys in {} · esc closes ", app.view.title());
    let inner = popup(frame, area, app, title);
    frame.render_widget(Paragraph::new(lines), inner);
}
