//! The referral queue: open work first, with claim, refer, hold, clear and false-positive
//! decisions, each with a reason code, an optional note and a confirmation.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, List, ListItem, Paragraph, Row, Table, Wrap};

use super::{block, fit, lane_cell, popup, safe, score_cell, table_title};
use crate::tui::app::{App, DecisionForm, FormField};
use crate::tui::layout;

pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    let q = &app.queue;
    let (visible, cursor) = (&q.rows.visible, q.rows.table);
    let open = q.items.iter().filter(|i| i.state.is_open()).count();
    let mut title = table_title("Queue", visible.len(), q.items.len(), &q.rows.filter);
    title.push_str(&format!("· {open} open "));
    if !q.marked.is_empty() {
        title.push_str(&format!("· {} marked ", q.marked.len()));
    }
    let b = block(app, title, true);
    if q.items.is_empty() {
        frame.render_widget(
            Paragraph::new(
                "The queue is empty: no red or yellow shipment is waiting. New manifests (:ingest FILE) add to it.",
            )
            .style(app.theme.dim)
            .wrap(Wrap { trim: true })
            .block(b),
            area,
        );
        return;
    }
    let wide = area.width >= 100;
    let mut widths = vec![
        Constraint::Length(1),
        Constraint::Length(14),
        Constraint::Length(14),
        Constraint::Length(6),
        Constraint::Length(3),
        Constraint::Fill(1),
    ];
    let mut header = vec!["", "State", "Bill", "Lane", "Scr", "Assignee"];
    if wide {
        widths.extend([
            Constraint::Length(9),
            Constraint::Length(11),
            Constraint::Fill(2),
        ]);
        header.extend(["Reason", "Updated", "Note"]);
    }
    let page = app.page_rows();
    let start = cursor.offset.min(visible.len());
    let end = (start + page).min(visible.len());
    let rows = visible[start..end].iter().enumerate().map(|(k, &i)| {
        let it = &q.items[i];
        let mark = if q.marked.contains(&it.id) { "*" } else { " " };
        let mut cells = vec![
            Cell::from(Span::styled(mark, app.theme.marked)),
            Cell::from(Span::styled(it.state.as_str(), app.theme.state(it.state))),
            Cell::from(safe(&it.bill)),
            lane_cell(app, it.lane),
            score_cell(app, it.score),
            Cell::from(safe(it.assignee.as_deref().unwrap_or("-"))),
        ];
        if wide {
            cells.push(Cell::from(safe(it.reason.as_deref().unwrap_or(""))));
            cells.push(Cell::from(it.updated_at.format("%m-%d %H:%M").to_string()));
            cells.push(Cell::from(safe(it.note.as_deref().unwrap_or(""))));
        }
        let row = Row::new(cells);
        if start + k == cursor.selected {
            row.style(app.theme.selected)
        } else if q.marked.contains(&it.id) {
            row.style(app.theme.marked)
        } else {
            row
        }
    });
    frame.render_widget(
        Table::new(rows, widths)
            .header(Row::new(header).style(app.theme.header))
            .block(b),
        area,
    );
}

/// The reason-code picker and note field.
pub fn render_form(frame: &mut Frame, body: Rect, app: &App, form: &DecisionForm) {
    let reasons = &form.reasons;
    let h = (reasons.len() as u16 + 7).min(body.height);
    let area = layout::centred(body, 72, h);
    let title = format!(
        " {} {} item{} ",
        form.action.as_str(),
        form.items.len(),
        if form.items.len() == 1 { "" } else { "s" }
    );
    let inner = popup(frame, area, app, title);
    let bills: Vec<String> = form.items.iter().map(|i| safe(&i.2)).collect();
    let mut lines = vec![Line::from(vec![
        Span::styled("Items: ", app.theme.header),
        Span::raw(fit(&bills.join(", "), inner.width as usize - 7)),
    ])];
    lines.push(Line::from(Span::styled(
        "Reason:",
        if form.field == FormField::Reason {
            app.theme.key
        } else {
            app.theme.header
        },
    )));
    frame.render_widget(Paragraph::new(lines), inner);
    let list_area = Rect::new(inner.x, inner.y + 2, inner.width, reasons.len() as u16);
    let items: Vec<ListItem> = reasons
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let text = fit(&safe(r), inner.width as usize - 2);
            let style = if i == form.reason {
                app.theme.selected
            } else {
                app.theme.base
            };
            ListItem::new(Line::from(Span::styled(
                format!("{} {text}", if i == form.reason { ">" } else { " " }),
                style,
            )))
        })
        .collect();
    frame.render_widget(List::new(items), list_area);
    let note_y = list_area.y + list_area.height + 1;
    if note_y < inner.y + inner.height {
        let focused = form.field == FormField::Note;
        let note = safe(&form.note);
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(
                    "Note: ",
                    if focused {
                        app.theme.key
                    } else {
                        app.theme.header
                    },
                ),
                Span::raw(fit(&note, inner.width as usize - 7)),
                Span::styled(if focused { "█" } else { "" }, app.theme.key),
            ])),
            Rect::new(inner.x, note_y, inner.width, 1),
        );
    }
}

/// The yes/no question before a decision is sent.
pub fn render_confirm(frame: &mut Frame, body: Rect, app: &App, question: &str) {
    let area = layout::centred(body, 64, 7);
    let inner = popup(frame, area, app, " Confirm ");
    frame.render_widget(
        Paragraph::new(vec![
            Line::from(safe(question)),
            Line::from(""),
            Line::from(vec![
                Span::styled("y", app.theme.key),
                Span::raw(" yes, record it   "),
                Span::styled("n", app.theme.key),
                Span::raw(" no"),
            ]),
        ])
        .wrap(Wrap { trim: true }),
        inner,
    );
}
