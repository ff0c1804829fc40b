//! The overview's state: counts by lane, queue state, list, rule and day, computed once per
//! snapshot so that drawing only reads them.
//!
//! It draws nothing and touches no store.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use crate::model::Lane;
use crate::tui::data::{DashboardSnapshot, QueueState};

/// Counts the overview draws, computed once per snapshot.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stats {
    pub by_lane: [usize; 3],
    pub queue_by_state: BTreeMap<QueueState, usize>,
    pub hits_by_list: Vec<(String, usize)>,
    pub hits_by_rule: Vec<(String, usize)>,
    /// Shipments with hits per day, the last 14 days, oldest first.
    pub hits_per_day: Vec<u64>,
}

impl Stats {
    /// Counts a snapshot, with days counted back from `now`.
    pub fn compute(snapshot: &DashboardSnapshot, now: DateTime<Utc>) -> Stats {
        let mut stats = Stats {
            hits_per_day: vec![0; 14],
            ..Stats::default()
        };
        let mut by_list: BTreeMap<&str, usize> = BTreeMap::new();
        let mut by_rule: BTreeMap<&str, usize> = BTreeMap::new();
        for s in snapshot.shipments.iter() {
            stats.by_lane[match s.lane {
                Lane::Green => 0,
                Lane::Yellow => 1,
                Lane::Red => 2,
            }] += 1;
            for l in &s.hit_lists {
                *by_list.entry(l).or_default() += 1;
            }
            for r in &s.rules {
                *by_rule.entry(r).or_default() += 1;
            }
            if s.has_hits() {
                let days = (now.date_naive() - s.screened_at.date_naive()).num_days();
                if (0..14).contains(&days) {
                    stats.hits_per_day[13 - days as usize] += 1;
                }
            }
        }
        for q in &snapshot.queue {
            *stats.queue_by_state.entry(q.state).or_default() += 1;
        }
        stats.hits_by_list = most_first(by_list);
        stats.hits_by_rule = most_first(by_rule);
        stats
    }
}

/// Counts, highest first, ties by name.
fn most_first(counts: BTreeMap<&str, usize>) -> Vec<(String, usize)> {
    let mut v: Vec<(String, usize)> = counts
        .into_iter()
        .map(|(k, n)| (k.to_string(), n))
        .collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v
}
