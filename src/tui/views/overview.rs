//! The overview: shipments by lane, open queue by state, hits by list and by rule, the loaded
//! lists with version and age (stale ones in the warning colour), hits per day, and recent
//! activity. Panels stack into fewer columns on a narrow terminal.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Sparkline};

use super::{block, fit, fit_padded, safe};
use crate::tui::app::App;
use crate::tui::data::QueueState;

pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    let top_h = 8.min(area.height / 2);
    let [top, bottom] =
        Layout::vertical([Constraint::Length(top_h), Constraint::Fill(1)]).areas(area);
    let wide = area.width >= 110;
    if wide {
        let [a, b, c, d] = Layout::horizontal([Constraint::Fill(1); 4]).areas(top);
        lanes(frame, a, app);
        queue(frame, b, app);
        counts(frame, c, app, " Hits by list ", &app.stats.hits_by_list);
        counts(frame, d, app, " Hits by rule ", &app.stats.hits_by_rule);
    } else {
        let [a, b, c] = Layout::horizontal([Constraint::Fill(1); 3]).areas(top);
        lanes(frame, a, app);
        queue(frame, b, app);
        counts(frame, c, app, " Hits by list ", &app.stats.hits_by_list);
    }
    let [lists_area, right] =
        Layout::horizontal([Constraint::Percentage(55), Constraint::Fill(1)]).areas(bottom);
    lists(frame, lists_area, app);
    let spark_h = 4.min(right.height / 2);
    let [spark, activity_area] =
        Layout::vertical([Constraint::Length(spark_h), Constraint::Fill(1)]).areas(right);
    sparkline(frame, spark, app);
    activity(frame, activity_area, app);
}

fn bar(n: usize, max: usize, width: usize) -> String {
    if max == 0 || width == 0 {
        return String::new();
    }
    let w = (n * width).div_ceil(max).min(width);
    "█".repeat(w)
}

fn lanes(frame: &mut Frame, area: Rect, app: &App) {
    if !app.shows_lanes() {
        let total = app.snapshot.shipments.len();
        let lines = vec![
            Line::from(Span::raw(format!("{total} bills"))),
            Line::from(Span::styled(
                "lanes and scores are hidden in this exercise: judge each bill yourself",
                app.theme.dim,
            )),
        ];
        frame.render_widget(
            Paragraph::new(lines)
                .wrap(ratatui::widgets::Wrap { trim: true })
                .block(block(app, " Shipments ", false)),
            area,
        );
        return;
    }
    let [g, y, r] = app.stats.by_lane;
    let max = g.max(y).max(r);
    let bw = (area.width as usize).saturating_sub(15);
    let line = |name: &str, n: usize, style| {
        Line::from(vec![
            Span::styled(format!("{name:<6}"), style),
            Span::raw(format!("{n:>6} ")),
            Span::styled(bar(n, max, bw), style),
        ])
    };
    let t = &app.theme;
    let total = g + y + r;
    let lines = vec![
        line("RED", r, t.lane_red),
        line("YELLOW", y, t.lane_yellow),
        line("GREEN", g, t.lane_green),
        Line::from(Span::styled(format!("{total:>12} total"), t.dim)),
    ];
    frame.render_widget(
        Paragraph::new(lines).block(block(app, " Shipments by lane ", false)),
        area,
    );
}

fn queue(frame: &mut Frame, area: Rect, app: &App) {
    let t = &app.theme;
    let mut lines = Vec::new();
    for st in QueueState::ALL {
        let n = app.stats.queue_by_state.get(&st).copied().unwrap_or(0);
        if st.is_open() || n > 0 {
            lines.push(Line::from(vec![
                Span::styled(format!("{:<15}", st.as_str()), t.state(st)),
                Span::raw(format!("{n:>5}")),
            ]));
        }
    }
    if app.snapshot.queue.is_empty() {
        lines = vec![Line::from(Span::styled("queue empty", t.dim))];
    }
    frame.render_widget(
        Paragraph::new(lines).block(block(app, " Queue by state ", false)),
        area,
    );
}

fn counts(frame: &mut Frame, area: Rect, app: &App, title: &'static str, rows: &[(String, usize)]) {
    let w = (area.width as usize).saturating_sub(9);
    let lines: Vec<Line> = if !app.shows_hits() {
        vec![Line::from(Span::styled(
            "hidden in this exercise",
            app.theme.dim,
        ))]
    } else if rows.is_empty() {
        vec![Line::from(Span::styled("no hits", app.theme.dim))]
    } else {
        rows.iter()
            .map(|(k, n)| {
                Line::from(vec![
                    Span::raw(fit_padded(&safe(k), w)),
                    Span::raw(format!("{n:>6}")),
                ])
            })
            .collect()
    };
    frame.render_widget(Paragraph::new(lines).block(block(app, title, false)), area);
}

fn lists(frame: &mut Frame, area: Rect, app: &App) {
    let t = &app.theme;
    let mut lines = Vec::new();
    if app.snapshot.lists.is_empty() {
        lines.push(Line::from(Span::styled(
            "NO LIST LOADED: parties are not being screened",
            t.error,
        )));
    }
    for note in &app.snapshot.list_notes {
        lines.push(Line::from(Span::styled(
            format!("! {}", safe(note)),
            t.warn,
        )));
    }
    let w = area.width as usize;
    for l in &app.snapshot.lists {
        let (age, style) = match l.age_days {
            Some(d) if l.stale => (format!("{d}d STALE"), t.warn),
            Some(d) => (format!("{d}d"), t.ok),
            None => ("bundled".to_string(), t.dim),
        };
        let name = fit_padded(&safe(&l.name), 14);
        let version = fit(&safe(&l.version), w.saturating_sub(40).max(6));
        lines.push(Line::from(vec![
            Span::styled(format!("{name} "), style),
            Span::raw(format!("{version} ")),
            Span::styled(format!("{:>6} ", l.entries), t.dim),
            Span::styled(age, style),
        ]));
    }
    let title = format!(" Lists {} ", app.snapshot.lists.len());
    frame.render_widget(Paragraph::new(lines).block(block(app, title, false)), area);
}

fn sparkline(frame: &mut Frame, area: Rect, app: &App) {
    if !app.shows_hits() {
        frame.render_widget(
            Paragraph::new(Span::styled("hidden in this exercise", app.theme.dim)).block(block(
                app,
                " Shipments with hits ",
                false,
            )),
            area,
        );
        return;
    }
    let today: u64 = app.stats.hits_per_day.last().copied().unwrap_or(0);
    let title = format!(" Shipments with hits, 14 days (today {today}) ");
    frame.render_widget(
        Sparkline::default()
            .data(&app.stats.hits_per_day)
            .style(app.theme.lane_yellow)
            .block(block(app, title, false)),
        area,
    );
}

fn activity(frame: &mut Frame, area: Rect, app: &App) {
    let t = &app.theme;
    let rows = area.height.saturating_sub(2) as usize;
    let lines: Vec<Line> = app
        .snapshot
        .recent
        .iter()
        .rev()
        .take(rows)
        .map(|e| {
            Line::from(vec![
                Span::styled(format!("{} ", e.at.format("%H:%M")), t.dim),
                Span::styled(format!("{} ", safe(&e.user)), t.title),
                Span::raw(safe(&format!("{} {}", e.action, e.subject))),
            ])
        })
        .collect();
    frame.render_widget(
        Paragraph::new(lines).block(block(app, " Recent activity ", false)),
        area,
    );
}
