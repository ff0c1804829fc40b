//! The audit log, newest first and filterable (`user:`, `action:`, `bill:`), with the result of
//! the last chain verification in its title.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row, Table};

use super::{block, safe, table_title};
use crate::tui::app::App;
use crate::tui::data::AuditVerification;

pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    let a = &app.audit;
    let (visible, cursor) = (&a.rows.visible, a.rows.table);
    let t = &app.theme;
    let verdict = match &a.verification {
        None => Span::styled(" not verified (v) ", t.dim),
        Some(AuditVerification::Intact { entries }) => {
            Span::styled(format!(" chain intact: {entries} verified "), t.ok)
        }
        Some(AuditVerification::Broken { seq, .. }) => {
            Span::styled(format!(" CHAIN BROKEN at {seq} "), t.error)
        }
    };
    let title = Line::from(vec![
        Span::raw(table_title(
            "Audit",
            visible.len(),
            a.entries.len(),
            &a.rows.filter,
        )),
        verdict,
    ]);
    let wide = area.width >= 100;
    let page = app.page_rows();
    let start = cursor.offset.min(visible.len());
    let end = (start + page).min(visible.len());
    let rows = visible[start..end].iter().enumerate().map(|(k, &i)| {
        let e = &a.entries[i];
        let mut cells = vec![
            Cell::from(format!("{:>5}", e.seq)),
            Cell::from(e.at.format("%m-%d %H:%M:%S").to_string()),
            Cell::from(safe(&e.user)),
            Cell::from(safe(&e.action)),
            Cell::from(safe(&e.subject)),
            Cell::from(safe(&e.detail())),
        ];
        if wide {
            cells.push(Cell::from(Span::styled(
                e.hash[..12.min(e.hash.len())].to_string(),
                t.dim,
            )));
        }
        let row = Row::new(cells);
        if start + k == cursor.selected {
            row.style(t.selected)
        } else {
            row
        }
    });
    let mut widths = vec![
        Constraint::Length(5),
        Constraint::Length(14),
        Constraint::Length(8),
        Constraint::Length(12),
        Constraint::Fill(1),
        Constraint::Fill(2),
    ];
    let mut header = vec!["Seq", "At", "User", "Action", "Subject", "Detail"];
    if wide {
        widths.push(Constraint::Length(12));
        header.push("Hash");
    }
    frame.render_widget(
        Table::new(rows, widths)
            .header(Row::new(header).style(t.header))
            .block(block(app, title, true)),
        area,
    );
}
