//! Drawing the trainer view from `&Trainer`: a header with the exercise, the trainee count and
//! the clock; the class table (columns dropped from [`COLUMNS`] by their drop order when the
//! terminal is narrow); the selected trainee's bills in a pane on demand; the rule for "missed
//! so far" and the key bar. Nothing here changes state. Every text from a store, a session or
//! the answer key goes through [`safe`].

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Padding, Paragraph, Wrap};

use super::{BINDINGS, Command, Order, Trainer};
use crate::exercise::progress::{COLUMNS, Column, MISSED_RULE, Mistake, Progress, TraineeRow};
use crate::exercise::score::Outcome;
use crate::text::width::display_width;
use crate::tui::layout;
use crate::tui::theme::Theme;
use crate::tui::views::{fit, fit_padded, safe};

/// Columns between cells.
const GAP: usize = 2;
/// The selection marker before a row.
const MARKER: usize = 2;
/// The trainee column at its narrowest and widest.
const NAME_MIN: usize = 10;
const NAME_MAX: usize = 24;
/// The pane's columns: how the bill went wrong (`false referral`) and what the trainee did
/// (`cleared [LOW-RISK-GOODS]`).
const SLIP_W: usize = 14;
const DONE_W: usize = 24;

/// Draws the whole trainer view.
pub fn render(frame: &mut Frame, app: &Trainer) {
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
    let [header_area, body, legend, keys] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(2),
        Constraint::Length(1),
    ])
    .areas(area);
    header(frame, header_area, app);
    let selected = app.selected_row().filter(|_| app.pane);
    match selected {
        Some(row) => {
            let [top, bottom] =
                Layout::vertical([Constraint::Percentage(50), Constraint::Fill(1)]).areas(body);
            table(frame, top, app);
            pane(frame, bottom, &app.theme, row);
        }
        None => table(frame, body, app),
    }
    frame.render_widget(
        Paragraph::new(Span::styled(MISSED_RULE, app.theme.dim)).wrap(Wrap { trim: true }),
        legend,
    );
    key_bar(frame, keys, app);
}

fn header(frame: &mut Frame, area: Rect, app: &Trainer) {
    let trainees = app.class.as_ref().map_or(0, |c| c.rows.len());
    let left = format!(
        " Trainer view · exercise {} · {trainees} trainee{}",
        safe(&app.exercise),
        if trainees == 1 { "" } else { "s" }
    );
    let right = format!(
        "{}{} UTC ",
        if app.reading { "reading… " } else { "" },
        app.now.format("%Y-%m-%d %H:%M:%S")
    );
    let right_w = display_width(&right);
    let left_w = (area.width as usize).saturating_sub(right_w);
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(fit_padded(&left, left_w), app.theme.title),
            Span::styled(right, app.theme.dim),
        ])),
        area,
    );
}

/// The columns that fit in `width` (inside the border) and the trainee column's width, for
/// names up to `longest` wide.
fn columns_for(width: usize, longest: usize) -> (usize, Vec<&'static Column>) {
    let room = width.saturating_sub(MARKER);
    let mut used = NAME_MIN;
    let mut shown: Vec<u8> = Vec::new();
    let last = COLUMNS.iter().map(|c| c.drop_order).max().unwrap_or(0);
    for order in 0..=last {
        let group: usize = COLUMNS
            .iter()
            .filter(|c| c.drop_order == order)
            .map(|c| c.width + GAP)
            .sum();
        if used + group > room {
            break;
        }
        used += group;
        shown.push(order);
    }
    let name = (NAME_MIN + room.saturating_sub(used)).min(longest.clamp(NAME_MIN, NAME_MAX));
    let columns = COLUMNS
        .iter()
        .filter(|c| shown.contains(&c.drop_order))
        .collect();
    (name, columns)
}

fn table(frame: &mut Frame, area: Rect, app: &Trainer) {
    let t = &app.theme;
    let rows = app.rows();
    let title = format!(" Class {} · sorted by {} ", rows.len(), app.order);
    let block = bordered(t, title, !app.pane);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(class) = &app.class else {
        frame.render_widget(
            Paragraph::new(Span::styled(" reading the trainee stores…", t.dim)),
            inner,
        );
        return;
    };
    if class.rows.is_empty() {
        frame.render_widget(
            Paragraph::new(Span::styled(
                " No trainee store yet: each appears here once the trainee starts (exercise start).",
                t.dim,
            ))
            .wrap(Wrap { trim: false }),
            inner,
        );
        return;
    }
    let longest = rows
        .iter()
        .map(|r| display_width(&safe(&r.trainee)))
        .max()
        .unwrap_or(0);
    let (name_w, columns) = columns_for(inner.width as usize, longest);
    let mut head = vec![
        Span::raw(" ".repeat(MARKER)),
        cell("Trainee", name_w, t.header),
    ];
    for c in &columns {
        head.push(Span::raw(" ".repeat(GAP)));
        head.push(cell(c.title, c.width, t.header));
    }
    let mut lines = vec![Line::from(head)];
    let visible = (inner.height as usize).saturating_sub(1).max(1);
    let at = app.selected_index();
    let skip = at.map_or(0, |i| (i + 1).saturating_sub(visible));
    for (i, row) in rows.iter().enumerate().skip(skip).take(visible) {
        let chosen = Some(i) == at;
        lines.push(row_line(
            t,
            row,
            name_w,
            &columns,
            inner.width as usize,
            chosen,
        ));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

fn row_line(
    t: &Theme,
    row: &TraineeRow,
    name_w: usize,
    columns: &[&Column],
    width: usize,
    chosen: bool,
) -> Line<'static> {
    let mut spans = vec![
        Span::raw(if chosen { "> " } else { "  " }),
        cell(&safe(&row.trainee), name_w, t.base),
    ];
    match &row.progress {
        Ok(p) => {
            for c in columns {
                spans.push(Span::raw(" ".repeat(GAP)));
                let style = if (c.alert)(p) { t.warn } else { t.base };
                spans.push(cell(&(c.value)(p), c.width, style));
            }
        }
        Err(problem) => {
            let room = width.saturating_sub(MARKER + name_w + GAP);
            spans.push(Span::raw(" ".repeat(GAP)));
            spans.push(Span::styled(
                fit(&format!("not read: {}", safe(problem)), room),
                t.error,
            ));
        }
    }
    let line = Line::from(spans);
    if chosen { line.style(t.selected) } else { line }
}

fn cell(text: &str, width: usize, style: Style) -> Span<'static> {
    Span::styled(fit_padded(text, width), style)
}

fn bordered(t: &Theme, title: String, focused: bool) -> Block<'static> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(if focused { t.border_focus } else { t.border })
        .title(title)
        .title_style(t.title)
}

/// The selected trainee's bills gone wrong so far, or why their store was not read.
fn pane(frame: &mut Frame, area: Rect, t: &Theme, row: &TraineeRow) {
    let trainee = safe(&row.trainee);
    let store = Line::from(Span::styled(
        format!("store {}", safe(&row.store.display().to_string())),
        t.dim,
    ));
    let (title, lines) = match &row.progress {
        Ok(p) => (
            format!(
                " {trainee}: {} missed, {} decoy{} referred, {} false referral{} ",
                p.missed,
                p.decoys_referred,
                plural(p.decoys_referred),
                p.false_referrals,
                plural(p.false_referrals)
            ),
            mistake_lines(t, p, store, area.width.saturating_sub(4) as usize),
        ),
        Err(problem) => (
            format!(" {trainee}: store not read "),
            vec![
                store,
                Line::from(Span::styled(
                    format!("not read: {}", safe(problem)),
                    t.error,
                )),
                Line::from(Span::styled(
                    "The other rows are read as usual; this one is tried again at every refresh.",
                    t.dim,
                )),
            ],
        ),
    };
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(bordered(t, title, true).padding(Padding::horizontal(1))),
        area,
    );
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn mistake_lines(
    t: &Theme,
    p: &Progress,
    store: Line<'static>,
    width: usize,
) -> Vec<Line<'static>> {
    let mut lines = vec![store];
    if p.mistakes.is_empty() {
        lines.push(Line::from(Span::styled(
            "Nothing missed, no decoy referred, no false referral so far.",
            t.ok,
        )));
        return lines;
    }
    let bill_w = p
        .mistakes
        .iter()
        .map(|m| display_width(&safe(&m.bill)))
        .max()
        .unwrap_or(0);
    for m in &p.mistakes {
        let what = what_was_done(m);
        let kind = m.kind.map_or("not in the answer key", |k| k.title());
        let used = bill_w + SLIP_W + DONE_W + 3 * GAP;
        lines.push(Line::from(vec![
            cell(&safe(&m.bill), bill_w, t.base),
            Span::raw(" ".repeat(GAP)),
            cell(&m.slip.to_string(), SLIP_W, t.warn),
            Span::raw(" ".repeat(GAP)),
            cell(&what, DONE_W, t.base),
            Span::raw(" ".repeat(GAP)),
            Span::styled(fit(kind, width.saturating_sub(used)), t.dim),
        ]));
    }
    lines
}

/// `cleared [LOW-RISK-GOODS]`, `left open`, `referred [INTEL]`.
fn what_was_done(m: &Mistake) -> String {
    let done = match m.outcome {
        Outcome::Undecided => "left open".to_string(),
        other => other.to_string(),
    };
    match &m.reason_code {
        Some(code) => format!("{done} [{}]", safe(code)),
        None => done,
    }
}

/// The key bar, from [`BINDINGS`]; the sort key says which order it turns to.
fn key_bar(frame: &mut Frame, area: Rect, app: &Trainer) {
    let mut spans = Vec::new();
    let mut used = 0;
    for b in BINDINGS.iter().filter(|b| !b.hint.is_empty()) {
        let hint = match b.command {
            Command::Sort => match app.order {
                Order::Name => "sort by score",
                Order::Score => "sort by name",
            },
            Command::Back if !app.pane => continue,
            _ => b.hint,
        };
        let w = display_width(b.label) + display_width(hint) + 3;
        if used + w > area.width as usize {
            break;
        }
        used += w;
        spans.push(Span::styled(format!(" {}", b.label), app.theme.key));
        spans.push(Span::styled(format!(" {hint} "), app.theme.dim));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
