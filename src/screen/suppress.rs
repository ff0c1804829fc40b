//! Suppressions ("good guy" decisions): a (party name, list entry) pair that a targeter cleared
//! as a false positive does not alert again, until it expires.
//!
//! The pair is keyed by the party name's folded form (so `Acme Trading L.L.C.` and
//! `ACME TRADING LLC` are one party) and by the list and entry id. This module only answers
//! "is this pair suppressed now?"; the store (issue 5) decides, records and expires them, and a
//! changed list entry is the store's to detect.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::normalize::fold_text;

/// One cleared pair.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Suppression {
    /// The party name as written when it was cleared.
    pub party_name: String,
    pub list: String,
    pub entry_id: String,
    /// After this instant the pair alerts again; `None` never expires.
    pub expires: Option<DateTime<Utc>>,
}

/// The suppressions in force at one instant, for fast lookup while screening. The instant is
/// fixed when they are loaded (the caller's clock, see [`Suppressions::as_of`]), so screening
/// itself never reads the wall clock.
#[derive(Debug, Clone, Default)]
pub struct Suppressions {
    by_key: HashMap<(String, String, String), Option<DateTime<Utc>>>,
    /// Expiries are judged at this instant.
    as_of: DateTime<Utc>,
}

impl Suppressions {
    pub fn new(items: impl IntoIterator<Item = Suppression>) -> Self {
        let mut by_key = HashMap::new();
        for s in items {
            by_key.insert((fold_text(&s.party_name), s.list, s.entry_id), s.expires);
        }
        Suppressions {
            by_key,
            as_of: Utc::now(),
        }
    }

    /// These suppressions, with expiries judged at `now` (the caller's clock: the dashboard's
    /// is injected) instead of the moment they were built.
    pub fn as_of(mut self, now: DateTime<Utc>) -> Self {
        self.as_of = now;
        self
    }

    pub fn is_empty(&self) -> bool {
        self.by_key.is_empty()
    }

    /// True when the pair was cleared and the clearance has not expired at [`Self::as_of`].
    pub fn suppresses(&self, party_name: &str, list: &str, entry_id: &str) -> bool {
        if self.by_key.is_empty() {
            return false;
        }
        self.by_key
            .get(&(
                fold_text(party_name),
                list.to_string(),
                entry_id.to_string(),
            ))
            .is_some_and(|expires| expires.is_none_or(|e| self.as_of < e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleared_pair_is_suppressed_until_it_expires() {
        let now = Utc::now();
        let cleared = || {
            Suppressions::new([Suppression {
                party_name: "Electronic Components Trading L.L.C.".into(),
                list: "OFAC SDN".into(),
                entry_id: "15097".into(),
                expires: Some(now + chrono::Duration::days(30)),
            }])
        };
        let s = cleared().as_of(now);
        assert!(s.suppresses("ELECTRONIC COMPONENTS TRADING LLC", "OFAC SDN", "15097"));
        assert!(!s.suppresses("ELECTRONIC COMPONENTS TRADING LLC", "OFAC SDN", "15098"));
        assert!(!s.suppresses("ELECTRONIC COMPONENTS TRADING LLC", "CSL SDN", "15097"));
        // Judged at the caller's instant, not the wall clock's.
        let later = cleared().as_of(now + chrono::Duration::days(31));
        assert!(!later.suppresses("ELECTRONIC COMPONENTS TRADING LLC", "OFAC SDN", "15097"));
    }
}
