//! Every loaded list entry, fuzzy-searchable (`/maduro`, `list:ofac`, `program:sdgt`,
//! `kind:vessel`), with one entry shown in full beside the table (or instead of it on a narrow
//! terminal). Lists older than `max_age_days` are named above the table in the warning colour.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, Wrap};

use super::{block, safe, table_title};
use crate::lists::{ListEntry, WatchList};
use crate::tui::app::App;

pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    let stale: Vec<String> = app
        .snapshot
        .lists
        .iter()
        .filter(|s| s.stale)
        .map(|s| {
            let age = s.age_days.unwrap_or_default();
            let dated = s.dated.as_deref().unwrap_or_default();
            format!("{} {age}d old ({dated})", s.name)
        })
        .collect();
    let mut warnings: Vec<Line> = app
        .snapshot
        .list_notes
        .iter()
        .map(|n| Line::from(Span::styled(format!("! {}", safe(n)), app.theme.warn)))
        .collect();
    if !stale.is_empty() {
        let text = format!("STALE: {}: run lists update", stale.join("; "));
        warnings.push(Line::from(Span::styled(safe(&text), app.theme.warn)));
    }
    let area = if warnings.is_empty() {
        area
    } else {
        let height = u16::try_from(warnings.len()).unwrap_or(u16::MAX);
        let [warning, rest] =
            Layout::vertical([Constraint::Length(height), Constraint::Fill(1)]).areas(area);
        frame.render_widget(Paragraph::new(warnings), warning);
        rest
    };
    let l = &app.lists;
    let (visible, cursor) = (&l.rows.visible, l.rows.table);
    let selected = visible
        .get(cursor.selected)
        .map(|&i| l.entries[i])
        .map(|(li, ei)| {
            let list = &l.lists[li as usize];
            (list, &list.entries[ei as usize])
        });
    if l.open
        && area.width < 100
        && let Some((list, e)) = selected
    {
        entry(frame, area, app, list, e);
        return;
    }
    let (table_area, entry_area) = if l.open && area.width >= 100 {
        let [a, b] =
            Layout::horizontal([Constraint::Percentage(50), Constraint::Fill(1)]).areas(area);
        (a, Some(b))
    } else {
        (area, None)
    };
    let title = table_title(
        "List entries",
        visible.len(),
        l.entries.len(),
        &l.rows.filter,
    );
    let page = app.page_rows();
    let start = cursor.offset.min(visible.len());
    let end = (start + page).min(visible.len());
    let rows = visible[start..end].iter().enumerate().map(|(k, &i)| {
        let (li, ei) = l.entries[i];
        let list = &l.lists[li as usize];
        let e = &list.entries[ei as usize];
        let row = Row::new(vec![
            Cell::from(safe(&list.name)),
            Cell::from(safe(&e.id)),
            Cell::from(e.kind.as_str()),
            Cell::from(safe(&e.name)),
            Cell::from(safe(&e.programs.join(","))),
        ]);
        if start + k == cursor.selected {
            row.style(app.theme.selected)
        } else {
            row
        }
    });
    let widths = [
        Constraint::Length(14),
        Constraint::Length(8),
        Constraint::Length(6),
        Constraint::Fill(3),
        Constraint::Fill(1),
    ];
    frame.render_widget(
        Table::new(rows, widths)
            .header(Row::new(["List", "Id", "Kind", "Name", "Programs"]).style(app.theme.header))
            .block(block(app, title, !l.open)),
        table_area,
    );
    if let (Some(a), Some((list, e))) = (entry_area, selected) {
        entry(frame, a, app, list, e);
    }
}

fn entry(frame: &mut Frame, area: Rect, app: &App, list: &WatchList, e: &ListEntry) {
    let t = &app.theme;
    let row = |k: &str, v: String| {
        Line::from(vec![Span::styled(format!("{k:<10}"), t.dim), Span::raw(v)])
    };
    let mut lines = vec![
        Line::from(Span::styled(safe(&e.name), t.title)),
        row(
            "list",
            safe(&format!(
                "{} ({}, version {})",
                list.name, list.format, list.version
            )),
        ),
        row("id", safe(&e.id)),
        row("kind", e.kind.as_str().to_string()),
    ];
    for a in &e.aliases {
        lines.push(row(&a.kind, safe(&a.name)));
    }
    for w in &e.weak_aliases {
        lines.push(row("weak aka", safe(w)));
    }
    let join = |v: &[String]| safe(&v.join(", "));
    if !e.programs.is_empty() {
        lines.push(row("programs", join(&e.programs)));
    }
    if !e.countries.is_empty() {
        lines.push(row("countries", join(&e.countries)));
    }
    for a in &e.addresses {
        lines.push(row("address", safe(a)));
    }
    if !e.facts.dates_of_birth.is_empty() {
        lines.push(row("born", join(&e.facts.dates_of_birth)));
    }
    if !e.facts.imo_numbers.is_empty() {
        lines.push(row("IMO", join(&e.facts.imo_numbers)));
    }
    for (k, v) in &e.details {
        lines.push(row(k, safe(v)));
    }
    if let Some(r) = &e.remarks {
        lines.push(row("remarks", safe(r)));
    }
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block(app, " Entry · esc: back ", true)),
        area,
    );
}
