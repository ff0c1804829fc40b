//! The shipments table: every screened bill, sortable and filterable, drawing only the rows on
//! screen so that 100,000 rows cost what 20 do.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};

use super::{block, fit, lane_cell, safe, score_cell, table_title};
use crate::tui::app::App;

pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    let s = &app.shipments;
    let sort = s
        .sort
        .map(|(k, d)| format!("sort {}{} ", k.name(), if d { "↓" } else { "↑" }))
        .unwrap_or_default();
    let title = table_title("Shipments", s.visible.len(), s.rows.len(), &s.filter);
    let b = block(app, title, true).title_bottom(Line::from(Span::styled(sort, app.theme.dim)));
    if s.rows.is_empty() {
        let p = Paragraph::new("No shipments yet. Ingest a manifest with :ingest FILE.")
            .style(app.theme.dim)
            .block(b);
        frame.render_widget(p, area);
        return;
    }
    let wide = area.width >= 110;
    let widths: Vec<Constraint> = if wide {
        vec![
            Constraint::Length(14),
            Constraint::Length(18),
            Constraint::Fill(2),
            Constraint::Fill(2),
            Constraint::Fill(3),
            Constraint::Fill(2),
            Constraint::Length(5),
            Constraint::Length(6),
        ]
    } else {
        vec![
            Constraint::Length(13),
            Constraint::Fill(2),
            Constraint::Fill(3),
            Constraint::Length(3),
            Constraint::Length(6),
        ]
    };
    let header: Vec<&str> = if wide {
        vec![
            "Bill",
            "Vessel/voyage",
            "Shipper",
            "Consignee",
            "Goods",
            "Route",
            "Score",
            "Lane",
        ]
    } else {
        vec!["Bill", "Consignee", "Goods", "Scr", "Lane"]
    };
    let page = app.page_rows();
    let start = s.table.offset.min(s.visible.len());
    let end = (start + page).min(s.visible.len());
    let rows = s.visible[start..end].iter().enumerate().map(|(k, &i)| {
        let r = &s.rows[i as usize];
        let lane = lane_cell(app, r.lane);
        let score = score_cell(app, r.score);
        let cells: Vec<Cell> = if wide {
            vec![
                Cell::from(safe(&r.bill)),
                Cell::from(safe(&format!("{} {}", r.vessel, r.voyage))),
                Cell::from(safe(&r.shipper)),
                Cell::from(safe(&r.consignee)),
                Cell::from(safe(&r.goods)),
                Cell::from(safe(&r.route.join(">"))),
                score,
                lane,
            ]
        } else {
            vec![
                Cell::from(safe(&r.bill)),
                Cell::from(safe(&r.consignee)),
                Cell::from(safe(&r.goods)),
                score,
                lane,
            ]
        };
        let row = Row::new(cells);
        if start + k == s.table.selected {
            row.style(app.theme.selected)
        } else {
            row
        }
    });
    let table = Table::new(rows, widths)
        .header(Row::new(header).style(app.theme.header))
        .column_spacing(1)
        .block(b);
    frame.render_widget(table, area);
    let _ = fit;
}
