//! Screen geometry shared by drawing and by mouse handling, so a click lands on the row that was
//! drawn there. Pure arithmetic on the terminal size.

use ratatui::layout::Rect;

use crate::tui::app::View;

/// Below this size the dashboard asks for a larger terminal instead of drawing.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 12;

/// Whether the dashboard can draw at this size.
pub fn fits(size: (u16, u16)) -> bool {
    size.0 >= MIN_WIDTH && size.1 >= MIN_HEIGHT
}

/// What a screen says instead of drawing when the terminal is smaller than it can draw in.
pub fn too_small(size: (u16, u16)) -> Option<String> {
    (!fits(size)).then(|| {
        format!(
            "Terminal too small ({}x{}): enlarge it to at least {MIN_WIDTH}x{MIN_HEIGHT}, or press q to quit.",
            size.0, size.1
        )
    })
}

/// The tab bar (top line), body, status line and hint bar (bottom line).
pub struct Areas {
    pub tabs: Rect,
    pub body: Rect,
    pub status: Rect,
    pub hints: Rect,
}

pub fn areas(area: Rect) -> Areas {
    let h = area.height;
    let line = |y| Rect::new(area.x, y, area.width, 1);
    Areas {
        tabs: line(area.y),
        body: Rect::new(area.x, area.y + 1, area.width, h.saturating_sub(3)),
        status: line(area.y + h.saturating_sub(2)),
        hints: line(area.y + h.saturating_sub(1)),
    }
}

/// Columns and rows of a page of text (the body, less its border) at this terminal size.
pub fn reading_text(size: (u16, u16)) -> (u16, u16) {
    (size.0.saturating_sub(2), size.1.saturating_sub(3 + 2))
}

/// Data rows a bordered table with a header shows in the body.
pub fn table_rows(size: (u16, u16)) -> u16 {
    size.1.saturating_sub(3 + 3).max(1)
}

/// The screen row of a table's first data row (tab bar, border, header above it).
pub fn first_table_row(_size: (u16, u16)) -> u16 {
    3
}

/// Tab label as drawn: ` 1 Overview `.
pub fn tab_label(i: usize, view: View) -> String {
    format!(" {} {} ", i + 1, view.title())
}

/// The view whose tab is drawn at this column of the top line.
pub fn tab_at(column: u16) -> Option<View> {
    let mut x = 0u16;
    for (i, v) in View::ALL.iter().enumerate() {
        let w = tab_label(i, *v).chars().count() as u16;
        if column >= x && column < x + w {
            return Some(*v);
        }
        x += w + 1;
    }
    None
}

/// A centred rectangle of at most `width` x `height` inside `area`.
pub fn centred(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}
