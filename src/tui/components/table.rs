//! A table's cursor ([`TableState`]) and the one filter path the queue, lists and audit tables
//! share ([`FilteredTable`] over [`TableRows`]).
//!
//! A view says what its rows are and what a filter field means for them; this module keeps the
//! filter text, the rows that pass it and the cursor. It holds no rows itself and draws nothing.

use fuzzy_matcher::skim::SkimMatcherV2;

use crate::tui::filter::{FieldLookup, Query};

/// Selection and scroll position of a table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TableState {
    pub selected: usize,
    pub offset: usize,
}

impl TableState {
    /// Keeps the selection inside `len` rows and on the page of `page` rows that is shown.
    pub fn clamp(&mut self, len: usize, page: usize) {
        self.selected = self.selected.min(len.saturating_sub(1));
        let page = page.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + page {
            self.offset = self.selected + 1 - page;
        }
        self.offset = self.offset.min(len.saturating_sub(page));
    }

    /// Moves the selection by `delta` rows, stopping at either end.
    pub fn move_by(&mut self, delta: isize, len: usize, page: usize) {
        let target = self.selected as isize + delta;
        self.selected = target.clamp(0, len.saturating_sub(1) as isize) as usize;
        self.clamp(len, page);
    }
}

/// The rows of one view as the filter sees them.
pub trait TableRows {
    /// One row with what the filter reads of it: its fields and its lower-case text.
    type Row<'a>: FieldLookup
    where
        Self: 'a;
    /// How many rows there are, filtered or not.
    fn count(&self) -> usize;
    /// Row `index` (`0..count()`), as the filter sees it.
    fn row(&self, index: usize) -> Self::Row<'_>;
    /// Puts the rows that passed the filter in the order the view shows them (default: as
    /// stored).
    fn order(&self, _visible: &mut Vec<usize>) {}
}

/// A filterable table: the filter text, the rows that pass it (indices into the view's rows, in
/// display order) and the cursor over them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FilteredTable {
    pub filter: String,
    pub visible: Vec<usize>,
    pub table: TableState,
}

impl FilteredTable {
    /// Filters `rows` with the current text and orders what passes.
    pub fn refilter<R: TableRows>(&mut self, rows: &R, matcher: &SkimMatcherV2) {
        let query = Query::parse(&self.filter);
        let mut visible: Vec<usize> = (0..rows.count())
            .filter(|&i| query.matches(matcher, &rows.row(i)))
            .collect();
        rows.order(&mut visible);
        self.visible = visible;
    }

    /// The index (into the view's rows) of the row under the cursor.
    pub fn selected(&self) -> Option<usize> {
        self.visible.get(self.table.selected).copied()
    }

    /// Keeps the cursor on a visible row of a page of `page` rows.
    pub fn clamp(&mut self, page: usize) {
        self.table.clamp(self.visible.len(), page);
    }
}
