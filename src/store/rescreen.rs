//! Re-screening after a list update: shipments still open in the queue, or screened in the last
//! N days, are screened again, and those that now hit an entry the update added enter the
//! queue (or re-open) with the reason "list update".
//!
//! The shipments go through the full screener with the current lists, and only hits on added
//! entries count as new. A screener built from the added entries alone would weigh name tokens
//! by their rarity in those few entries, and score differently from a normal screening.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{Actor, ListVersion, Rescreened, Store, StoreError, entry_prints, hit_keys};
use crate::lists::delta::DeltaEntry;
use crate::model::{Assessment, Shipment};
use crate::screen::Screener;

/// The reason recorded on queue items a re-screen creates or re-opens.
pub const LIST_UPDATE: &str = "list update";

/// What a re-screen did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RescreenOutcome {
    /// Shipments screened again.
    pub screened: usize,
    /// Shipments with a hit on an added entry that they did not have before.
    pub with_new_hits: usize,
    /// Queue items created, re-opened or updated.
    pub queued: Vec<i64>,
}

/// Re-screens the store's open and recent shipments for entries added by list updates.
pub fn rescreen(
    store: &mut dyn Store,
    screener: &Screener,
    added: &[DeltaEntry],
    since: DateTime<Utc>,
    actor: &Actor,
) -> Result<RescreenOutcome, StoreError> {
    if added.is_empty() {
        return Ok(RescreenOutcome::default());
    }
    let added: HashSet<(&str, &str)> = added
        .iter()
        .map(|e| (e.list.as_str(), e.id.as_str()))
        .collect();
    let candidates = store.rescreen_candidates(since)?;
    let shipments: Vec<Shipment> = candidates.iter().map(|c| c.shipment.clone()).collect();
    let previous: Vec<&Assessment> = candidates.iter().map(|c| &c.assessment).collect();
    let fresh = screener.rescreen_shipments(&shipments, &previous);
    let results: Vec<Rescreened> = candidates
        .iter()
        .zip(fresh)
        .filter(|(c, new)| has_new_hit(&c.assessment, new, &added))
        .map(|(c, new)| Rescreened {
            shipment_id: c.shipment_id,
            assessment: new,
        })
        .collect();
    let queued = store.record_rescreen(
        &results,
        &ListVersion::all(screener.lists()),
        &entry_prints(
            screener.lists(),
            &hit_keys(results.iter().map(|r| &r.assessment)),
        ),
        LIST_UPDATE,
        actor,
    )?;
    Ok(RescreenOutcome {
        screened: candidates.len(),
        with_new_hits: results.len(),
        queued,
    })
}

/// A party or vessel hit on an added entry that the previous assessment did not have.
fn has_new_hit(old: &Assessment, new: &Assessment, added: &HashSet<(&str, &str)>) -> bool {
    let party = new.party_hits.iter().any(|h| {
        added.contains(&(h.list.as_str(), h.entry_id.as_str()))
            && !old.party_hits.iter().any(|o| {
                o.list == h.list && o.entry_id == h.entry_id && o.party_name == h.party_name
            })
    });
    let vessel = new.vessel_hits.iter().any(|h| {
        added.contains(&(h.list.as_str(), h.entry_id.as_str()))
            && !old
                .vessel_hits
                .iter()
                .any(|o| o.list == h.list && o.entry_id == h.entry_id)
    });
    party || vessel
}
