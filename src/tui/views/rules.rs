//! The targeting rules and what each did over the last 30 days: hits, examinations, findings
//! and hit rate, so that a unit sees which rules find something and which only cost time. The
//! rule under the cursor is shown below the table in words: title, source, what the examiner
//! does. Filterable (`pack:`, `state:`, `rule:`).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, Wrap};

use super::{HIDDEN, block, safe, table_title};
use crate::tui::app::App;
use crate::tui::data::RULE_STATS_DAYS;

/// A count of what a rule did, or [`HIDDEN`] in an exercise that hides the screening.
fn count_cell(app: &App, n: i64) -> Cell<'static> {
    Cell::from(if app.shows_hits() {
        format!("{n:>5}")
    } else {
        format!("{HIDDEN:>5}")
    })
}

pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    let r = &app.rules;
    let t = &app.theme;
    let (visible, cursor) = (&r.rows.visible, r.rows.table);
    let [table_area, about_area] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(5)]).areas(area);
    let title = format!(
        "{}· last {RULE_STATS_DAYS} days ",
        table_title("Rules", visible.len(), r.rules.len(), &r.rows.filter)
    );
    let wide = area.width >= 100;
    // The table is shorter than other views' (the rule is shown below it): keep the cursor's
    // row on it.
    let page = usize::from(table_area.height.saturating_sub(3)).max(1);
    let mut start = cursor.offset.min(visible.len());
    if cursor.selected >= start + page {
        start = cursor.selected + 1 - page;
    }
    let end = (start + page).min(visible.len());
    let rows = visible[start..end].iter().enumerate().map(|(k, &i)| {
        let rule = &r.rules[i];
        let rate = rule
            .hit_rate()
            .map_or("-".to_string(), |x| format!("{:.0}%", x * 100.0));
        let state_style = if rule.state == "in force" {
            t.ok
        } else {
            t.dim
        };
        // Narrow: the state in a word, so that the rule ids fit.
        let state = match (wide, rule.state) {
            (true, s) => s,
            (false, "in force") => "on",
            (false, "switched off") => "off",
            (false, "not yet in force") => "not yet",
            (false, s) => s,
        };
        let mut cells = vec![
            Cell::from(safe(&rule.rule)),
            if app.shows_lanes() {
                Cell::from(format!("{:>3}", rule.points))
            } else {
                Cell::from(format!("{HIDDEN:>3}"))
            },
            Cell::from(Span::styled(state, state_style)),
            count_cell(app, rule.hits),
            count_cell(app, rule.exams),
            count_cell(app, rule.found),
            Cell::from(format!(
                "{:>5}",
                if app.shows_hits() {
                    rate.as_str()
                } else {
                    HIDDEN
                }
            )),
        ];
        if wide {
            cells.push(Cell::from(safe(&rule.pack)));
        }
        let row = Row::new(cells);
        if start + k == cursor.selected {
            row.style(t.selected)
        } else {
            row
        }
    });
    let mut widths = vec![
        Constraint::Fill(1),
        Constraint::Length(3),
        Constraint::Length(if wide { 16 } else { 7 }),
        Constraint::Length(5),
        Constraint::Length(5),
        Constraint::Length(5),
        Constraint::Length(5),
    ];
    let mut header = vec!["Rule", "Pts", "State", " Hits", "Exams", "Found", " Rate"];
    if wide {
        widths.push(Constraint::Length(20));
        header.push("Pack");
    }
    frame.render_widget(
        Table::new(rows, widths)
            .header(Row::new(header).style(t.header))
            .block(block(app, title, true)),
        table_area,
    );
    let about: Vec<Line> = match r.selected() {
        Some(rule) => {
            let lane = rule
                .lane
                .map(|l| format!(", sends to {l} at least"))
                .unwrap_or_default();
            vec![
                Line::from(vec![
                    Span::styled(safe(&rule.title), t.header),
                    Span::raw(if app.shows_lanes() {
                        format!(" (+{}{lane})", rule.points)
                    } else {
                        String::new()
                    }),
                ]),
                Line::from(vec![
                    Span::styled("examiner: ", t.dim),
                    Span::raw(safe(&rule.instruction)),
                ]),
                Line::from(vec![
                    Span::styled("source: ", t.dim),
                    Span::raw(safe(&rule.source)),
                ]),
            ]
        }
        None => vec![Line::from(Span::styled(
            "no rules loaded (lists still loading, or none in force)",
            t.dim,
        ))],
    };
    frame.render_widget(
        Paragraph::new(about).wrap(Wrap { trim: true }).block(block(
            app,
            "Rule".to_string(),
            false,
        )),
        about_area,
    );
}
