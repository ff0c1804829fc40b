//! Drawing: one pure function per view from `&App` to the frame, plus the chrome every view
//! shares (tab bar, status line, key-hint bar) and the overlays (help, palette, decision form,
//! confirmation).
//!
//! Nothing here changes state or performs I/O. Every string that came from a manifest or a
//! list goes through [`safe`] before it reaches a cell: manifest text is written by strangers.

pub mod audit;
pub mod detail;
pub mod help;
pub mod lists;
pub mod overview;
pub mod palette;
pub mod queue;
pub mod reading;
pub mod rules;
pub mod shipments;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Gauge, Paragraph, Wrap};

use crate::text::safe::for_terminal;
use crate::text::width::display_width;
use crate::tui::app::{App, Level, Mode, View};
use crate::tui::keymap::Command;
use crate::tui::layout;

/// Manifest or list text made safe for a cell: control characters shown as `^[`.
pub fn safe(text: &str) -> String {
    for_terminal(text).into_owned()
}

/// Draws the whole dashboard.
pub fn render(frame: &mut Frame, app: &App) {
    let area = frame.area();
    if let Some(msg) = layout::too_small((area.width, area.height)) {
        frame.render_widget(
            Paragraph::new(msg)
                .style(app.theme.warn)
                .wrap(Wrap { trim: true }),
            area,
        );
        return;
    }
    frame.render_widget(Block::default().style(app.theme.base), area);
    let a = layout::areas(area);
    tabs(frame, a.tabs, app);
    match app.view {
        View::Overview => overview::render(frame, a.body, app),
        View::Shipments => shipments::render(frame, a.body, app),
        View::Detail => detail::render(frame, a.body, app),
        View::Queue => queue::render(frame, a.body, app),
        View::Lists => lists::render(frame, a.body, app),
        View::Audit => audit::render(frame, a.body, app),
        View::Rules => rules::render(frame, a.body, app),
    }
    status_line(frame, a.status, app);
    hints(frame, a.hints, app);
    match &app.mode {
        Mode::Help => help::render(frame, a.body, app),
        Mode::Palette { buffer } => palette::render(frame, a.body, a.status, app, buffer),
        Mode::Decide(form) => queue::render_form(frame, a.body, app, form),
        Mode::Confirm(c) => queue::render_confirm(frame, a.body, app, &c.question),
        Mode::Read(r) => reading::render(frame, a.body, app, r),
        Mode::Normal | Mode::Filter => {}
    }
}

fn tabs(frame: &mut Frame, area: Rect, app: &App) {
    let mut spans = Vec::new();
    for (i, v) in View::ALL.iter().enumerate() {
        let style = if *v == app.view {
            app.theme.tab_active
        } else {
            app.theme.dim
        };
        spans.push(Span::styled(layout::tab_label(i, *v), style));
        spans.push(Span::raw(" "));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
    let busy = if app.busy() > 0 { "working… " } else { "" };
    let right = match &app.exercise {
        Some(e) => format!("{busy}exercise {} · {} ", safe(&e.id), safe(&e.trainee)),
        None => format!(
            "{busy}{} {} ",
            safe(&app.user),
            app.now.format("%Y-%m-%d %H:%M")
        ),
    };
    let w = display_width(&right) as u16;
    let used: u16 = View::ALL
        .iter()
        .enumerate()
        .map(|(i, v)| layout::tab_label(i, *v).chars().count() as u16 + 1)
        .sum();
    if area.width >= used + w {
        frame.render_widget(
            Paragraph::new(Span::styled(right, app.theme.dim)),
            Rect::new(area.x + area.width - w, area.y, w, 1),
        );
    }
}

fn status_line(frame: &mut Frame, area: Rect, app: &App) {
    if app.mode == Mode::Filter {
        let text = app.filter_text(app.view);
        let line = Line::from(vec![
            Span::styled("/", app.theme.key),
            Span::raw(safe(text)),
            Span::styled("  enter: keep  esc: clear", app.theme.dim),
        ]);
        frame.render_widget(Paragraph::new(line), area);
        let x = area.x + 1 + display_width(&safe(text)) as u16;
        frame.set_cursor_position((x.min(area.x + area.width.saturating_sub(1)), area.y));
        return;
    }
    if let Some(p) = &app.progress {
        frame.render_widget(
            Gauge::default()
                .gauge_style(app.theme.title)
                .ratio(p.ratio.clamp(0.0, 1.0))
                .label(safe(&p.label)),
            area,
        );
        return;
    }
    if let Some(s) = &app.status {
        let style = match s.level {
            Level::Info => app.theme.ok,
            Level::Warn => app.theme.warn,
            Level::Error => app.theme.error,
        };
        frame.render_widget(Paragraph::new(Span::styled(safe(&s.text), style)), area);
    }
}

/// The key-hint bar: the bindings marked as hints for this view, from the keymap itself.
fn hints(frame: &mut Frame, area: Rect, app: &App) {
    let pairs: Vec<(String, &str)> = match &app.mode {
        Mode::Filter => vec![
            ("enter".into(), "apply"),
            ("esc".into(), "clear"),
            ("lane: list: pod: hs: score:>N !term".into(), "fields"),
        ],
        Mode::Palette { .. } => vec![("enter".into(), "run"), ("esc".into(), "cancel")],
        Mode::Decide(_) => vec![
            ("↑↓".into(), "reason"),
            ("tab".into(), "note"),
            ("enter".into(), "confirm"),
            ("esc".into(), "cancel"),
        ],
        Mode::Confirm(_) => vec![("y".into(), "yes"), ("n".into(), "no")],
        Mode::Help => vec![("esc".into(), "close")],
        Mode::Read(_) => vec![("↑↓ pgup pgdn".into(), "scroll"), ("esc".into(), "close")],
        Mode::Normal => {
            let mut v: Vec<(String, &str)> = app
                .keymap
                .for_view(app.view)
                .filter(|b| b.hint)
                .filter_map(|b| b.keys.first().map(|k| (k.to_string(), short(b.command))))
                .collect();
            v.push((format!("1-{}", View::ALL.len()), "views"));
            v
        }
    };
    // A trainee's timer keeps the right end of the line, whatever the width.
    let clock = app.exercise_clock().map(|c| format!(" {c} "));
    let room = (area.width as usize).saturating_sub(clock.as_deref().map_or(0, display_width));
    let mut spans = Vec::new();
    let mut used = 0usize;
    for (k, d) in pairs {
        let w = k.chars().count() + d.chars().count() + 3;
        if used + w > room {
            break;
        }
        used += w;
        spans.push(Span::styled(format!(" {k}"), app.theme.key));
        spans.push(Span::styled(format!(" {d} "), app.theme.dim));
    }
    if let Some(c) = clock {
        let up = app
            .exercise
            .as_ref()
            .and_then(|e| e.deadline)
            .is_some_and(|d| (d - app.now).num_minutes() < 5);
        spans.push(Span::raw(" ".repeat(room.saturating_sub(used))));
        spans.push(Span::styled(
            c,
            if up { app.theme.warn } else { app.theme.title },
        ));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// A one-word label for the hint bar (the help overlay shows the full description).
fn short(c: Command) -> &'static str {
    match c {
        Command::Help => "help",
        Command::Quit => "quit",
        Command::Enter => "open",
        Command::Back => "back",
        Command::Filter => "filter",
        Command::Palette => "cmd",
        Command::Sort => "sort",
        Command::Mark => "mark",
        Command::Claim => "claim",
        Command::Refer => "refer",
        Command::Hold => "hold",
        Command::Clear => "clear",
        Command::FalsePositive => "false+",
        Command::VerifyAudit => "verify",
        other => other.name(),
    }
}

/// A bordered block with a title, focused or not.
pub fn block<'a>(app: &App, title: impl Into<Line<'a>>, focused: bool) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(if focused {
            app.theme.border_focus
        } else {
            app.theme.border
        })
        .title(title)
        .title_style(app.theme.title)
}

/// Clears an area and draws a bordered popup block in it.
pub fn popup(frame: &mut Frame, area: Rect, app: &App, title: impl Into<Line<'static>>) -> Rect {
    frame.render_widget(Clear, area);
    let b = block(app, title, true).style(app.theme.base);
    let inner = b.inner(area);
    frame.render_widget(b, area);
    inner
}

/// Cuts text to `width` terminal columns, marking the cut with `…` (a CJK character takes two
/// columns: see [`crate::text::width`]).
pub fn fit(text: &str, width: usize) -> String {
    if display_width(text) <= width {
        return text.to_string();
    }
    let room = width.saturating_sub(1);
    let mut s = String::with_capacity(width + 3);
    let mut used = 0;
    for c in text.chars() {
        let w = display_width(c.encode_utf8(&mut [0; 4]));
        if used + w > room {
            break;
        }
        s.push(c);
        used += w;
    }
    s.push('…');
    s
}

/// [`fit`], then padded with spaces to `width` terminal columns.
pub fn fit_padded(text: &str, width: usize) -> String {
    let mut s = fit(text, width);
    let used = display_width(&s);
    s.extend(std::iter::repeat_n(' ', width.saturating_sub(used)));
    s
}

/// Title of a table with its filter and counts: `Shipments 12/168 /lane:red`.
pub fn table_title(name: &str, shown: usize, total: usize, filter: &str) -> String {
    if filter.is_empty() {
        format!(" {name} {total} ")
    } else {
        format!(" {name} {shown}/{total} /{} ", safe(filter))
    }
}

/// What a lane, score or hit count shows when the exercise hides it.
pub const HIDDEN: &str = "·";

/// A lane as a table cell: its name in its colour, or [`HIDDEN`] in an exercise that hides
/// lanes.
pub fn lane_cell(app: &App, lane: crate::model::Lane) -> ratatui::widgets::Cell<'static> {
    if app.shows_lanes() {
        ratatui::widgets::Cell::from(Span::styled(
            lane.as_str().to_uppercase(),
            app.theme.lane(lane),
        ))
    } else {
        ratatui::widgets::Cell::from(Span::styled(HIDDEN, app.theme.dim))
    }
}

/// A score as a table cell, or [`HIDDEN`] in an exercise that hides lanes.
pub fn score_cell(app: &App, score: u32) -> ratatui::widgets::Cell<'static> {
    if app.shows_lanes() {
        ratatui::widgets::Cell::from(format!("{score:>3}"))
    } else {
        ratatui::widgets::Cell::from(Span::styled(format!("{HIDDEN:>3}"), app.theme.dim))
    }
}

/// A plain style helper for optional emphasis.
pub fn style_if(cond: bool, yes: Style, no: Style) -> Style {
    if cond { yes } else { no }
}
