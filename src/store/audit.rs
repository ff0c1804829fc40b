//! The audit log's hash chain: every record carries the hash of the one before it, so that
//! changing, removing or inserting a record anywhere breaks the chain from that point on.
//!
//! A record's hash is SHA-256 over the canonical JSON array
//! `[seq, at, user, action, item, old, new, prev_hash]`, where `old` and `new` are the JSON
//! texts exactly as stored (or `null`). The first record's `prev_hash` is [`GENESIS`]. This
//! module only computes and checks; the store writes records in the same transaction as the
//! change they describe.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// `prev_hash` of the first record.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One change, as recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditRecord {
    /// 1, 2, 3, ... with no gaps.
    pub seq: i64,
    /// RFC 3339, UTC.
    pub at: String,
    pub user: String,
    /// `ingest`, `shipment.version`, `queue.create`, `queue.claim`, `queue.decide`, ...
    pub action: String,
    /// What changed: `queue:17`, `ingest:3`, `shipment:GSPL26110001#2`.
    pub item: String,
    /// The value before the change, as JSON text; `None` for a creation.
    pub old: Option<String>,
    /// The value after the change, as JSON text.
    pub new: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

/// The hash a record must carry, given its fields and its predecessor's hash.
#[allow(clippy::too_many_arguments)]
pub fn record_hash(
    seq: i64,
    at: &str,
    user: &str,
    action: &str,
    item: &str,
    old: Option<&str>,
    new: Option<&str>,
    prev_hash: &str,
) -> String {
    let canonical = serde_json::json!([seq, at, user, action, item, old, new, prev_hash]);
    hex(&Sha256::digest(canonical.to_string().as_bytes()))
}

/// Lower-case hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The first record that does not hold up, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BrokenRecord {
    pub seq: i64,
    pub why: String,
}

/// What `audit verify` found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditVerdict {
    pub records: u64,
    /// The last record's hash: write it down to detect a log truncated from the end.
    pub head: String,
    pub broken: Option<BrokenRecord>,
}

/// Walks the chain in `seq` order and names the first record that is out of place, carries a
/// wrong `prev_hash`, or whose fields no longer match its hash.
#[derive(Debug)]
pub struct ChainCheck {
    expected_seq: i64,
    prev_hash: String,
    verdict: AuditVerdict,
}

impl Default for ChainCheck {
    fn default() -> Self {
        ChainCheck {
            expected_seq: 1,
            prev_hash: GENESIS.to_string(),
            verdict: AuditVerdict {
                records: 0,
                head: GENESIS.to_string(),
                broken: None,
            },
        }
    }
}

impl ChainCheck {
    /// Checks the next record; after the first break, the rest are only counted.
    pub fn push(&mut self, r: &AuditRecord) {
        self.verdict.records += 1;
        if self.verdict.broken.is_some() {
            return;
        }
        let why = if r.seq != self.expected_seq {
            Some(format!(
                "expected record {} here, found {} (a record was removed or inserted)",
                self.expected_seq, r.seq
            ))
        } else if r.prev_hash != self.prev_hash {
            Some(format!(
                "prev_hash {} does not match the hash of record {} ({})",
                short(&r.prev_hash),
                r.seq - 1,
                short(&self.prev_hash)
            ))
        } else {
            let computed = record_hash(
                r.seq,
                &r.at,
                &r.user,
                &r.action,
                &r.item,
                r.old.as_deref(),
                r.new.as_deref(),
                &r.prev_hash,
            );
            (computed != r.hash).then(|| {
                format!(
                    "its fields do not match its hash (stored {}, computed {}): the record was changed",
                    short(&r.hash),
                    short(&computed)
                )
            })
        };
        if let Some(why) = why {
            self.verdict.broken = Some(BrokenRecord { seq: r.seq, why });
            return;
        }
        self.expected_seq += 1;
        self.prev_hash = r.hash.clone();
        self.verdict.head = r.hash.clone();
    }

    pub fn finish(self) -> AuditVerdict {
        self.verdict
    }
}

/// Verifies a whole chain held in memory.
pub fn verify<'a>(records: impl IntoIterator<Item = &'a AuditRecord>) -> AuditVerdict {
    let mut check = ChainCheck::default();
    for r in records {
        check.push(r);
    }
    check.finish()
}

fn short(hash: &str) -> &str {
    hash.get(..12).unwrap_or(hash)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> Vec<AuditRecord> {
        let mut prev = GENESIS.to_string();
        (1..=n)
            .map(|seq| {
                let new = format!("{{\"state\":\"s{seq}\"}}");
                let hash = record_hash(
                    seq,
                    "t",
                    "alice",
                    "queue.decide",
                    "queue:1",
                    None,
                    Some(&new),
                    &prev,
                );
                let r = AuditRecord {
                    seq,
                    at: "t".into(),
                    user: "alice".into(),
                    action: "queue.decide".into(),
                    item: "queue:1".into(),
                    old: None,
                    new: Some(new),
                    prev_hash: prev.clone(),
                    hash: hash.clone(),
                };
                prev = hash;
                r
            })
            .collect()
    }

    #[test]
    fn an_intact_chain_verifies() {
        let v = verify(&chain(5));
        assert_eq!(v.broken, None);
        assert_eq!(v.records, 5);
    }

    #[test]
    fn a_changed_field_names_its_record() {
        let mut c = chain(5);
        c[2].user = "mallory".into();
        assert_eq!(verify(&c).broken.unwrap().seq, 3);
    }

    #[test]
    fn a_removed_record_names_the_gap() {
        let mut c = chain(5);
        c.remove(1);
        assert_eq!(verify(&c).broken.unwrap().seq, 3);
    }

    #[test]
    fn a_rehashed_record_breaks_the_next_link() {
        let mut c = chain(5);
        c[1].user = "mallory".into();
        c[1].hash = record_hash(
            2,
            "t",
            "mallory",
            &c[1].action,
            &c[1].item,
            None,
            c[1].new.as_deref(),
            &c[1].prev_hash,
        );
        assert_eq!(verify(&c).broken.unwrap().seq, 3);
    }
}
