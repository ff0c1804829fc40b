//! The shipments table's state: every screened bill in sort order, the rows the filter keeps,
//! and the background filter that keeps typing smooth over 100,000 rows.
//!
//! It does not use [`super::table::FilteredTable`]: its rows are shared with the snapshot
//! (`Arc`), kept pre-sorted, filtered incrementally as the officer types and on all cores,
//! optionally off the UI thread ([`FilterJob`]). It draws nothing and touches no store.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering as AtomicOrdering};

use fuzzy_matcher::skim::SkimMatcherV2;
use rayon::prelude::*;

use super::table::TableState;
use crate::tui::data::{QueueItemView, QueueState, ShipmentId, ShipmentSummary};
use crate::tui::filter::{self, FieldLookup, Query, Term};

/// Columns the shipments table sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShipmentSort {
    Score,
    Bill,
    Consignee,
    Lane,
    Screened,
}

impl ShipmentSort {
    /// The column's name in the status line and the table's title.
    pub fn name(self) -> &'static str {
        match self {
            ShipmentSort::Score => "score",
            ShipmentSort::Bill => "bill",
            ShipmentSort::Consignee => "consignee",
            ShipmentSort::Lane => "lane",
            ShipmentSort::Screened => "screened",
        }
    }

    fn next(self) -> Self {
        match self {
            ShipmentSort::Score => ShipmentSort::Bill,
            ShipmentSort::Bill => ShipmentSort::Consignee,
            ShipmentSort::Consignee => ShipmentSort::Lane,
            ShipmentSort::Lane => ShipmentSort::Screened,
            ShipmentSort::Screened => ShipmentSort::Score,
        }
    }
}

/// A shipment row with the lower-case text the filter searches, built once per snapshot.
struct ShipmentRow<'a> {
    s: &'a ShipmentSummary,
    hay: &'a str,
    state: Option<QueueState>,
}

impl FieldLookup for ShipmentRow<'_> {
    fn field_matches(&self, t: &Term) -> Option<bool> {
        let v = t.value.as_str();
        Some(match t.field.as_str() {
            "lane" => filter::prefix_ci(self.s.lane.as_str(), v),
            "list" => self.s.hit_lists.iter().any(|l| filter::contains_ci(l, v)),
            "pod" => filter::prefix_ci(&self.s.port_of_discharge, v),
            "port" => self.s.route.iter().any(|p| filter::prefix_ci(p, v)),
            "hs" => self.s.hs_codes.iter().any(|h| h.starts_with(v)),
            "rule" => self.s.rules.iter().any(|r| filter::contains_ci(r, v)),
            "score" => filter::number_matches(v, i64::from(self.s.score)),
            "vessel" => filter::contains_ci(&self.s.vessel, v),
            "bill" => filter::prefix_ci(&self.s.bill, v),
            "state" => self
                .state
                .is_some_and(|st| filter::prefix_ci(st.as_str(), v)),
            "file" => filter::contains_ci(&self.s.file, v),
            _ => return None,
        })
    }
    fn haystack(&self) -> &str {
        self.hay
    }
}

/// State of the shipments table.
#[derive(Default)]
pub struct ShipmentsState {
    pub rows: Arc<Vec<ShipmentSummary>>,
    haystacks: Arc<Vec<String>>,
    /// Every row in sort order; a filter keeps a subsequence of it.
    order: Arc<Vec<u32>>,
    /// Indices into `rows` that pass the filter, in sort order.
    pub visible: Vec<u32>,
    pub filter: String,
    /// The filter `visible` was computed for, to narrow incrementally as the officer types.
    applied: String,
    /// The latest background filter asked for; older answers are dropped when they arrive.
    job: FilterGeneration,
    pub sort: Option<(ShipmentSort, bool)>,
    pub table: TableState,
}

impl ShipmentsState {
    /// An empty table sorted by score, highest first.
    pub fn new() -> Self {
        ShipmentsState {
            sort: Some((ShipmentSort::Score, true)),
            ..Default::default()
        }
    }

    /// Takes a new snapshot's rows; they are sorted and filtered on the next refilter.
    pub fn set_rows(&mut self, rows: Arc<Vec<ShipmentSummary>>) {
        self.haystacks = Arc::new(rows.par_iter().map(shipment_haystack).collect());
        self.rows = rows;
        self.order = Arc::new(Vec::new());
        self.job.cancel();
        self.applied.clear();
    }

    /// The shipment under the cursor.
    pub fn selected(&self) -> Option<&ShipmentSummary> {
        self.visible
            .get(self.table.selected)
            .map(|&i| &self.rows[i as usize])
    }

    /// Puts the cursor on the bill, if a visible row has it.
    pub fn select_bill(&mut self, bill: &str) {
        if let Some(pos) = self
            .visible
            .iter()
            .position(|&i| self.rows[i as usize].bill == bill)
        {
            self.table.selected = pos;
        }
    }

    /// Whether the rows shown were filtered with the text in the prompt.
    pub fn is_current(&self) -> bool {
        self.applied == self.filter
    }

    /// Makes every background filter in flight stale.
    pub fn cancel_job(&self) {
        self.job.cancel();
    }

    /// Filters the rows on this thread. Rows are kept in sort order once per snapshot or sort
    /// change ([`ShipmentsState::resort`]) and a filter keeps a subsequence of that order, so
    /// filtering never sorts. Typing one more character filters only the rows the previous
    /// text kept, and rows are matched on all cores. `queue` answers `state:` terms.
    pub fn refilter(&mut self, matcher: &SkimMatcherV2, queue: &[QueueItemView]) {
        if self.order.len() != self.rows.len() {
            self.resort(matcher, queue);
            return;
        }
        let query = Query::parse(&self.filter);
        if query.is_empty() {
            self.visible = self.order.to_vec();
            self.applied.clear();
            return;
        }
        let states = queue_states(&query, queue);
        let incremental = !self.applied.is_empty() && Query::narrows(&self.applied, &self.filter);
        let base: &[u32] = if incremental {
            &self.visible
        } else {
            &self.order
        };
        let visible = matching(
            &query,
            matcher,
            &self.rows,
            &self.haystacks,
            base,
            &states,
            &|| false,
        );
        self.visible = visible.unwrap_or_default();
        self.applied = self.filter.clone();
    }

    /// Puts every row in the current sort order, then filters again.
    pub fn resort(&mut self, matcher: &SkimMatcherV2, queue: &[QueueItemView]) {
        let mut order: Vec<u32> = (0..self.rows.len() as u32).collect();
        if let Some((key, desc)) = self.sort {
            let rows = &self.rows;
            order.par_sort_by(|&a, &b| {
                let (a, b) = (&rows[a as usize], &rows[b as usize]);
                let o = match key {
                    ShipmentSort::Score => a.score.cmp(&b.score),
                    ShipmentSort::Bill => a.bill.cmp(&b.bill),
                    ShipmentSort::Consignee => a.consignee.cmp(&b.consignee),
                    ShipmentSort::Lane => a.lane.cmp(&b.lane),
                    ShipmentSort::Screened => a.screened_at.cmp(&b.screened_at),
                };
                let o = if desc { o.reverse() } else { o };
                o.then_with(|| a.bill.cmp(&b.bill))
            });
        }
        self.order = Arc::new(order);
        self.applied.clear();
        self.job.cancel();
        self.refilter(matcher, queue);
    }

    /// `s` moves to the next column (numbers and lanes highest first), `S` reverses; returns
    /// the new sort for the status line.
    pub fn cycle_sort(
        &mut self,
        reverse: bool,
        matcher: &SkimMatcherV2,
        queue: &[QueueItemView],
    ) -> (ShipmentSort, bool) {
        let (key, desc) = self.sort.unwrap_or((ShipmentSort::Score, true));
        self.sort = Some(if reverse {
            (key, !desc)
        } else {
            let next = key.next();
            (
                next,
                matches!(next, ShipmentSort::Score | ShipmentSort::Lane),
            )
        });
        self.resort(matcher, queue);
        self.sort.unwrap_or((ShipmentSort::Score, true))
    }

    /// A background filter for the current text, narrowing from the last applied result when
    /// it can; `None` (after filtering here) when the rows are not sorted yet.
    pub fn filter_job(
        &mut self,
        matcher: &SkimMatcherV2,
        queue: &[QueueItemView],
    ) -> Option<FilterJob> {
        if self.order.len() != self.rows.len() {
            self.refilter(matcher, queue);
            return None;
        }
        let query = Query::parse(&self.filter);
        let incremental = !self.applied.is_empty() && Query::narrows(&self.applied, &self.filter);
        let base = if query.is_empty() || !incremental {
            Arc::clone(&self.order)
        } else {
            Arc::new(self.visible.clone())
        };
        Some(FilterJob {
            generation: self.job.next(),
            latest: self.job.handle(),
            text: self.filter.clone(),
            rows: Arc::clone(&self.rows),
            haystacks: Arc::clone(&self.haystacks),
            base,
            states: Arc::new(queue_states(&query, queue)),
        })
    }

    /// Takes a background filter's answer if it is the latest one asked for and the text has
    /// not changed since; returns whether it was taken.
    pub fn filtered(&mut self, generation: u64, query: String, visible: Vec<u32>) -> bool {
        if self.job.is_latest(generation) && query == self.filter {
            self.visible = visible;
            self.applied = query;
            true
        } else {
            false
        }
    }
}

/// Queue states by shipment, only for a `state:` term: most filters never look at them.
fn queue_states(query: &Query, queue: &[QueueItemView]) -> HashMap<ShipmentId, QueueState> {
    if query.terms.iter().any(|t| t.field == "state") {
        queue.iter().map(|q| (q.shipment, q.state)).collect()
    } else {
        HashMap::new()
    }
}

/// The shipment rows (indices into `rows`, taken from `base` in its order) that match `query`,
/// matched on all cores; `None` as soon as `stale()` says a newer filter made this one moot.
fn matching(
    query: &Query,
    matcher: &SkimMatcherV2,
    rows: &[ShipmentSummary],
    haystacks: &[String],
    base: &[u32],
    states: &HashMap<ShipmentId, QueueState>,
    stale: &(dyn Fn() -> bool + Sync),
) -> Option<Vec<u32>> {
    const CHUNK: usize = 4096;
    let kept: Vec<Option<Vec<u32>>> = base
        .par_chunks(CHUNK)
        .map(|chunk| {
            if stale() {
                return None;
            }
            Some(
                chunk
                    .iter()
                    .copied()
                    .filter(|&i| {
                        let row = ShipmentRow {
                            s: &rows[i as usize],
                            hay: &haystacks[i as usize],
                            state: states.get(&rows[i as usize].id).copied(),
                        };
                        query.matches(matcher, &row)
                    })
                    .collect(),
            )
        })
        .collect();
    kept.into_iter().try_fold(Vec::new(), |mut all, part| {
        all.extend(part?);
        Some(all)
    })
}

/// Numbers the background filters of the shipments table: only the latest one's answer is
/// applied, and older ones stop early.
#[derive(Debug, Default)]
pub struct FilterGeneration(Arc<AtomicU64>);

impl FilterGeneration {
    fn next(&self) -> u64 {
        self.0.fetch_add(1, AtomicOrdering::SeqCst) + 1
    }
    /// Makes every filter in flight stale.
    fn cancel(&self) {
        self.0.fetch_add(1, AtomicOrdering::SeqCst);
    }
    fn is_latest(&self, generation: u64) -> bool {
        self.0.load(AtomicOrdering::SeqCst) == generation
    }
    fn handle(&self) -> Arc<AtomicU64> {
        Arc::clone(&self.0)
    }
}

/// Filtering the shipments table for one filter text, off the UI thread: everything it needs,
/// shared, not copied.
#[derive(Clone)]
pub struct FilterJob {
    pub generation: u64,
    latest: Arc<AtomicU64>,
    pub text: String,
    rows: Arc<Vec<ShipmentSummary>>,
    haystacks: Arc<Vec<String>>,
    base: Arc<Vec<u32>>,
    states: Arc<HashMap<ShipmentId, QueueState>>,
}

impl FilterJob {
    /// The matching rows, or `None` when a newer filter was asked for meanwhile.
    pub fn run(&self) -> Option<Vec<u32>> {
        let stale = || self.latest.load(AtomicOrdering::SeqCst) != self.generation;
        if stale() {
            return None;
        }
        let query = Query::parse(&self.text);
        if query.is_empty() {
            return Some(self.base.to_vec());
        }
        matching(
            &query,
            &filter::matcher(),
            &self.rows,
            &self.haystacks,
            &self.base,
            &self.states,
            &stale,
        )
    }
}

impl std::fmt::Debug for FilterJob {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FilterJob")
            .field("generation", &self.generation)
            .field("text", &self.text)
            .field("base", &self.base.len())
            .finish()
    }
}

impl PartialEq for FilterJob {
    fn eq(&self, other: &Self) -> bool {
        self.generation == other.generation && self.text == other.text
    }
}

fn shipment_haystack(s: &ShipmentSummary) -> String {
    format!(
        "{} {} {} {} {} {} {}",
        s.bill,
        s.vessel,
        s.voyage,
        s.shipper,
        s.consignee,
        s.goods,
        s.route.join(" ")
    )
    .to_lowercase()
}
