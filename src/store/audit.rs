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

/// A place in the chain: the newest record's `seq` and hash. Checkpoints, anchors, the audit
/// export's last line and referral packages carry one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditHead {
    pub seq: i64,
    pub hash: String,
}

impl AuditHead {
    /// The head of an empty log.
    pub fn genesis() -> Self {
        AuditHead {
            seq: 0,
            hash: GENESIS.to_string(),
        }
    }

    /// The head of a chain: its last record, whether or not the chain holds.
    pub fn of(records: &[AuditRecord]) -> Self {
        records
            .last()
            .map(|r| AuditHead {
                seq: r.seq,
                hash: r.hash.clone(),
            })
            .unwrap_or_else(Self::genesis)
    }
}

/// What `audit verify` found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditVerdict {
    pub records: u64,
    /// The last record's hash: write it down to detect a log truncated from the end.
    pub head: String,
    /// The first record that does not hold up.
    pub broken: Option<BrokenRecord>,
    /// Whether the head matches the checkpoint signed with the store's key.
    pub checkpoint: CheckpointCheck,
    /// Live rows checked against what the audit records say they were.
    pub rows: RowCheck,
    /// The external anchor given to `audit verify --anchor`, if any.
    pub anchor: Option<AnchorCheck>,
}

impl AuditVerdict {
    /// The log holds: the chain is intact, its head is authenticated (by the checkpoint, or
    /// by an anchor naming the last record), every covered row is as recorded, and the
    /// anchor, if given, is in the chain.
    pub fn holds(&self) -> bool {
        let anchored_head = matches!(
            &self.anchor,
            Some(AnchorCheck {
                at_head: true,
                problem: None,
                ..
            })
        );
        self.broken.is_none()
            && (self.checkpoint.verified() || anchored_head)
            && self.rows.problems.is_empty()
            && self.anchor.as_ref().is_none_or(|a| a.problem.is_none())
    }

    /// Every reason the log does not hold, one sentence each.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(b) = &self.broken {
            out.push(format!("BROKEN at record {}: {}", b.seq, b.why));
        }
        let anchored_head = matches!(
            &self.anchor,
            Some(AnchorCheck {
                at_head: true,
                problem: None,
                ..
            })
        );
        match &self.checkpoint {
            CheckpointCheck::Verified { .. } => {}
            CheckpointCheck::Unauthenticated { why } if anchored_head => {
                let _ = why;
            }
            other => out.push(other.to_string()),
        }
        if let Some(AnchorCheck {
            problem: Some(p), ..
        }) = &self.anchor
        {
            out.push(p.clone());
        }
        out.extend(self.rows.problems.iter().map(|p| p.to_string()));
        out
    }
}

/// What the checkpoint says about the head.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum CheckpointCheck {
    /// Signed with the key, and naming the log's last record.
    Verified { seq: i64, at: String, key: String },
    /// The signature could not be checked (no key, or it cannot be read); the head is not
    /// authenticated.
    Unauthenticated { why: String },
    /// The checkpoint does not match the log, or its signature does not match the key.
    Mismatch { why: String },
    /// Not checked (a store without checkpoints).
    NotChecked,
}

impl CheckpointCheck {
    pub fn verified(&self) -> bool {
        matches!(self, CheckpointCheck::Verified { .. })
    }
}

impl std::fmt::Display for CheckpointCheck {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CheckpointCheck::Verified { seq, at, key } => {
                write!(f, "checkpoint at record {seq} ({at}) verified with {key}")
            }
            CheckpointCheck::Unauthenticated { why } => {
                write!(f, "head NOT authenticated: {why}")
            }
            CheckpointCheck::Mismatch { why } => write!(f, "checkpoint MISMATCH: {why}"),
            CheckpointCheck::NotChecked => f.write_str("no checkpoint checked"),
        }
    }
}

/// What an external anchor says about the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnchorCheck {
    pub file: String,
    pub head: AuditHead,
    /// The anchor names the log's last record: it authenticates the whole log.
    pub at_head: bool,
    pub problem: Option<String>,
}

/// Checks that the chain holds the anchor's record, unchanged.
pub fn check_anchor(records: &[AuditRecord], file: &str, head: &AuditHead) -> AnchorCheck {
    let last = AuditHead::of(records);
    let found = records.iter().find(|r| r.seq == head.seq);
    let problem = if head.seq == 0 {
        None
    } else if head.seq > last.seq {
        Some(format!(
            "anchor {file} names record {} but the log ends at record {}: records {} to {} were removed (or this is an older copy of the store)",
            head.seq,
            last.seq,
            last.seq + 1,
            head.seq
        ))
    } else {
        match found {
            None => Some(format!(
                "anchor {file} names record {}, which is not in the log",
                head.seq
            )),
            Some(r) if r.hash != head.hash => Some(format!(
                "anchor {file}: record {} has hash {}, the anchor says {}: the log was rewritten at or before record {}",
                head.seq,
                short(&r.hash),
                short(&head.hash),
                head.seq
            )),
            Some(_) => None,
        }
    };
    AnchorCheck {
        file: file.to_string(),
        head: head.clone(),
        at_head: head.seq == last.seq && problem.is_none(),
        problem,
    }
}

/// Live rows against their audit records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct RowCheck {
    /// Rows compared with the record that last wrote them.
    pub checked: u64,
    /// Rows written before the store recorded row contents (schema 2) and not written
    /// since: not checked (their changes are in the chain only as the old records tell).
    pub before_coverage: u64,
    pub problems: Vec<RowProblem>,
}

/// A live row that differs from what the audit log recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowProblem {
    pub table: String,
    pub row: i64,
    /// The field that differs; `None` when the whole row was removed or added.
    pub field: Option<String>,
    /// The audit record holding the row's recorded content.
    pub seq: Option<i64>,
    pub recorded: Option<serde_json::Value>,
    pub live: Option<serde_json::Value>,
    pub why: String,
}

impl std::fmt::Display for RowProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} row {}", self.table, self.row)?;
        if let Some(field) = &self.field {
            write!(f, ", field {field}")?;
        }
        write!(f, ": {}", self.why)
    }
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
                checkpoint: CheckpointCheck::NotChecked,
                rows: RowCheck::default(),
                anchor: None,
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
