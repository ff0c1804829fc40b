//! The lists browser's state: every entry of every loaded list, the filter and cursor over
//! them, and whether the selected entry is open in full.
//!
//! It draws nothing and touches no store.

use std::sync::Arc;

use fuzzy_matcher::skim::SkimMatcherV2;

use super::table::{FilteredTable, TableRows};
use crate::lists::{ListEntry, WatchList};
use crate::tui::filter::{self, FieldLookup, Term};

/// State of the lists browser.
#[derive(Default)]
pub struct ListsViewState {
    pub lists: Arc<Vec<WatchList>>,
    /// (list, entry) of every entry.
    pub entries: Vec<(u16, u32)>,
    haystacks: Vec<String>,
    /// Filter, visible entries (indices into `entries`) and cursor.
    pub rows: FilteredTable,
    /// The selected entry is shown in full.
    pub open: bool,
}

/// An entry with its list and the lower-case text the filter searches.
struct EntryRow<'a>(&'a WatchList, &'a ListEntry, &'a str);

impl FieldLookup for EntryRow<'_> {
    fn field_matches(&self, t: &Term) -> Option<bool> {
        let v = t.value.as_str();
        Some(match t.field.as_str() {
            "list" => filter::contains_ci(&self.0.name, v),
            "kind" => filter::prefix_ci(self.1.kind.as_str(), v),
            "program" => self.1.programs.iter().any(|p| filter::contains_ci(p, v)),
            "country" => self.1.countries.iter().any(|c| filter::prefix_ci(c, v)),
            "id" => filter::prefix_ci(&self.1.id, v),
            _ => return None,
        })
    }
    fn haystack(&self) -> &str {
        self.2
    }
}

/// The entries as the filter sees them (the state minus its filter, to borrow apart).
struct Entries<'a> {
    lists: &'a [WatchList],
    entries: &'a [(u16, u32)],
    haystacks: &'a [String],
}

impl TableRows for Entries<'_> {
    type Row<'a>
        = EntryRow<'a>
    where
        Self: 'a;

    fn count(&self) -> usize {
        self.entries.len()
    }

    fn row(&self, index: usize) -> EntryRow<'_> {
        let (li, ei) = self.entries[index];
        let list = &self.lists[li as usize];
        EntryRow(list, &list.entries[ei as usize], &self.haystacks[index])
    }
}

impl ListsViewState {
    /// Takes the loaded lists; the entries are indexed again only when the lists changed.
    pub fn set_lists(&mut self, lists: &Arc<Vec<WatchList>>) {
        if Arc::ptr_eq(&self.lists, lists) {
            return;
        }
        self.lists = Arc::clone(lists);
        self.entries.clear();
        self.haystacks.clear();
        for (li, l) in self.lists.iter().enumerate() {
            for (ei, e) in l.entries.iter().enumerate() {
                self.entries.push((li as u16, ei as u32));
                let mut hay = format!("{} {} {}", l.name, e.id, e.name);
                for a in &e.aliases {
                    hay.push(' ');
                    hay.push_str(&a.name);
                }
                for p in &e.programs {
                    hay.push(' ');
                    hay.push_str(p);
                }
                self.haystacks.push(hay.to_lowercase());
            }
        }
    }

    /// Filters the entries for the current filter text.
    pub fn refilter(&mut self, matcher: &SkimMatcherV2) {
        let entries = Entries {
            lists: &self.lists,
            entries: &self.entries,
            haystacks: &self.haystacks,
        };
        self.rows.refilter(&entries, matcher);
    }

    /// Opens the selected entry in full, or closes it; only with an entry to show.
    pub fn set_open(&mut self, open: bool) {
        self.open = open && !self.rows.visible.is_empty();
    }
}
