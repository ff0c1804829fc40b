//! What changed between two copies of a list: entries added, removed and changed, by the list's
//! own id.
//!
//! Every update writes one of these next to the new copy, so that a later step can re-screen
//! open shipments against exactly the entries that were added. An entry is "changed" when any
//! of its parsed fields differ (a new alias, a new address): the comparison is on hubscreen's
//! parsed form, not on raw bytes, so a reordered file is no change.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{ListEntry, WatchList};

/// One entry named in a delta.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct DeltaEntry {
    pub list: String,
    pub id: String,
    pub name: String,
}

/// The difference between two copies of a source.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListDelta {
    pub source: String,
    /// When the newer copy was installed (RFC 3339).
    pub at: String,
    pub from_version: Option<String>,
    pub to_version: String,
    pub added: Vec<DeltaEntry>,
    pub removed: Vec<DeltaEntry>,
    pub changed: Vec<DeltaEntry>,
}

impl ListDelta {
    /// `+305 -8 ~0`.
    pub fn summary(&self) -> String {
        format!(
            "+{} -{} ~{}",
            self.added.len(),
            self.removed.len(),
            self.changed.len()
        )
    }
}

/// SHA-256 of an entry's parsed form: equal when nothing hubscreen reads from it changed.
pub fn fingerprint(entry: &ListEntry) -> [u8; 32] {
    let json = serde_json::to_vec(entry).unwrap_or_default();
    Sha256::digest(&json).into()
}

fn index(lists: &[WatchList]) -> BTreeMap<(String, String), (&ListEntry, [u8; 32])> {
    lists
        .iter()
        .flat_map(|l| {
            l.entries
                .iter()
                .map(move |e| ((l.name.clone(), e.id.clone()), (e, fingerprint(e))))
        })
        .collect()
}

/// Compares two copies of the same source.
pub fn compare(source: &str, old: &[WatchList], new: &[WatchList]) -> ListDelta {
    let before = index(old);
    let after = index(new);
    let named = |(list, id): &(String, String), e: &ListEntry| DeltaEntry {
        list: list.clone(),
        id: id.clone(),
        name: e.name.clone(),
    };
    let mut delta = ListDelta {
        source: source.to_string(),
        to_version: new.first().map(|l| l.version.clone()).unwrap_or_default(),
        from_version: old.first().map(|l| l.version.clone()),
        ..Default::default()
    };
    for (key, (entry, print)) in &after {
        match before.get(key) {
            None => delta.added.push(named(key, entry)),
            Some((_, old_print)) if old_print != print => delta.changed.push(named(key, entry)),
            Some(_) => {}
        }
    }
    for (key, (entry, _)) in &before {
        if !after.contains_key(key) {
            delta.removed.push(named(key, entry));
        }
    }
    delta
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lists::{EntryFacts, ListFormat};
    use crate::model::EntityKind;

    fn list(entries: &[(&str, &str)]) -> WatchList {
        WatchList {
            name: "OFAC SDN".into(),
            format: ListFormat::OfacCsv,
            version: "v".into(),
            content_hash: String::new(),
            files: Vec::new(),
            entries: entries
                .iter()
                .map(|(id, name)| ListEntry {
                    id: (*id).into(),
                    kind: EntityKind::Organization,
                    name: (*name).into(),
                    aliases: Vec::new(),
                    weak_aliases: Vec::new(),
                    programs: Vec::new(),
                    countries: Vec::new(),
                    addresses: Vec::new(),
                    remarks: None,
                    facts: EntryFacts::default(),
                    details: Default::default(),
                })
                .collect(),
            problems: Vec::new(),
        }
    }

    #[test]
    fn added_removed_and_changed_are_found_by_id() {
        let old = list(&[("1", "A"), ("2", "B"), ("3", "C")]);
        let new = list(&[("1", "A"), ("3", "C RENAMED"), ("4", "D")]);
        let d = compare("ofac-sdn", &[old], &[new]);
        assert_eq!(
            d.added.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(),
            vec!["4"]
        );
        assert_eq!(
            d.removed.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(),
            vec!["2"]
        );
        assert_eq!(
            d.changed.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(),
            vec!["3"]
        );
        assert_eq!(d.summary(), "+1 -1 ~1");
    }
}
