//! The referral queue's state: the items, the officer's marks, and the filter and cursor over
//! them (open work first, most urgent first).
//!
//! It knows which items a claim or decision targets; the decisions themselves are effects
//! [`crate::tui::app::App`] returns. It draws nothing and touches no store.

use std::collections::{BTreeSet, HashMap};

use fuzzy_matcher::skim::SkimMatcherV2;

use super::table::{FilteredTable, TableRows};
use crate::tui::data::{ActionError, ItemId, QueueItemView, ShipmentId};
use crate::tui::filter::{self, FieldLookup, Term};

/// (item, version, bill) of a queue item a command acts on.
pub type Target = (ItemId, i64, String);

/// State of the queue table.
#[derive(Default)]
pub struct QueueViewState {
    pub items: Vec<QueueItemView>,
    /// Filter, visible items (indices into `items`) and cursor.
    pub rows: FilteredTable,
    pub marked: BTreeSet<ItemId>,
    /// Index into `items` of each queued shipment's item.
    pub by_shipment: HashMap<ShipmentId, usize>,
}

/// A queue item with the lower-case text the filter searches.
struct QueueRow<'a>(&'a QueueItemView, String);

impl FieldLookup for QueueRow<'_> {
    fn field_matches(&self, t: &Term) -> Option<bool> {
        let v = t.value.as_str();
        Some(match t.field.as_str() {
            "lane" => filter::prefix_ci(self.0.lane.as_str(), v),
            "state" => filter::prefix_ci(self.0.state.as_str(), v),
            "user" | "assignee" => self
                .0
                .assignee
                .as_deref()
                .is_some_and(|a| filter::contains_ci(a, v)),
            "score" => filter::number_matches(v, i64::from(self.0.score)),
            "bill" => filter::prefix_ci(&self.0.bill, v),
            _ => return None,
        })
    }
    fn haystack(&self) -> &str {
        &self.1
    }
}

/// The items as the filter sees them.
struct QueueItems<'a>(&'a [QueueItemView]);

impl TableRows for QueueItems<'_> {
    type Row<'a>
        = QueueRow<'a>
    where
        Self: 'a;

    fn count(&self) -> usize {
        self.0.len()
    }

    fn row(&self, index: usize) -> QueueRow<'_> {
        let q = &self.0[index];
        let hay = format!(
            "{} {} {}",
            q.bill,
            q.state.as_str(),
            q.assignee.as_deref().unwrap_or("")
        )
        .to_lowercase();
        QueueRow(q, hay)
    }

    /// Open work first, most urgent first.
    fn order(&self, visible: &mut Vec<usize>) {
        visible.sort_by(|&a, &b| {
            let (a, b) = (&self.0[a], &self.0[b]);
            b.state
                .is_open()
                .cmp(&a.state.is_open())
                .then(b.lane.cmp(&a.lane))
                .then(b.score.cmp(&a.score))
                .then(a.bill.cmp(&b.bill))
        });
    }
}

impl QueueViewState {
    /// Takes a new snapshot's items, dropping marks on items that are gone.
    pub fn set_items(&mut self, items: Vec<QueueItemView>) {
        self.items = items;
        self.by_shipment = self
            .items
            .iter()
            .enumerate()
            .map(|(i, q)| (q.shipment, i))
            .collect();
        let live: BTreeSet<ItemId> = self.items.iter().map(|q| q.id).collect();
        self.marked.retain(|m| live.contains(m));
    }

    /// Filters and orders the items for the current filter text.
    pub fn refilter(&mut self, matcher: &SkimMatcherV2) {
        self.rows.refilter(&QueueItems(&self.items), matcher);
    }

    /// The item under the cursor.
    pub fn selected(&self) -> Option<&QueueItemView> {
        self.rows.selected().map(|i| &self.items[i])
    }

    /// The item of a shipment, if it entered the queue.
    pub fn item_of(&self, shipment: ShipmentId) -> Option<&QueueItemView> {
        self.by_shipment.get(&shipment).map(|&i| &self.items[i])
    }

    /// Marks the item under the cursor, or unmarks it; returns whether there was one.
    pub fn toggle_mark(&mut self) -> bool {
        let Some(id) = self.selected().map(|q| q.id) else {
            return false;
        };
        if !self.marked.remove(&id) {
            self.marked.insert(id);
        }
        true
    }

    /// The marked items, else the item under the cursor.
    pub fn targets(&self) -> Vec<Target> {
        if self.marked.is_empty() {
            return self.selected().map(target).into_iter().collect();
        }
        self.items
            .iter()
            .filter(|q| self.marked.contains(&q.id))
            .map(target)
            .collect()
    }

    /// Takes the items the store answered with; returns how many succeeded, the conflicts'
    /// messages and the other refusals'.
    pub fn apply_results(
        &mut self,
        results: Vec<(ItemId, Result<QueueItemView, ActionError>)>,
    ) -> (usize, Vec<String>, Vec<String>) {
        let mut done = 0;
        let mut conflicts = Vec::new();
        let mut other = Vec::new();
        for (_, r) in results {
            match r {
                Ok(updated) => {
                    done += 1;
                    if let Some(q) = self.items.iter_mut().find(|q| q.id == updated.id) {
                        *q = updated;
                    }
                }
                Err(ActionError::Conflict(m)) => conflicts.push(m),
                Err(e) => other.push(e.to_string()),
            }
        }
        (done, conflicts, other)
    }
}

/// What a queue command needs to know of an item.
pub fn target(q: &QueueItemView) -> Target {
    (q.id, q.version, q.bill.clone())
}
