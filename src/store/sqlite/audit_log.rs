//! The audit log as SQLite holds it: appending hash-chained records inside a write transaction,
//! signing the new head in the checkpoint row, and reading and verifying the log. Must not
//! decide what is recorded: the callers name the action, the item and the values.

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::SqliteStore;
use crate::store::audit::{self, AuditHead, AuditRecord, AuditVerdict, CheckpointCheck};
use crate::store::checkpoint::{AuditKey, Checkpoint};
use crate::store::{Actor, Store, StoreError, rows};

pub(super) fn read_checkpoint(conn: &Connection) -> Result<Option<Checkpoint>, StoreError> {
    let has_table: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_checkpoint')",
        [],
        |r| r.get(0),
    )?;
    if !has_table {
        return Ok(None);
    }
    Ok(conn
        .query_row(
            "SELECT seq, hash, at, key_id, mac FROM audit_checkpoint WHERE id = 1",
            [],
            |r| {
                Ok(Checkpoint {
                    seq: r.get(0)?,
                    hash: r.get(1)?,
                    at: r.get(2)?,
                    key_id: r.get(3)?,
                    mac: r.get(4)?,
                })
            },
        )
        .optional()?)
}

pub(super) fn write_checkpoint(
    tx: &Transaction<'_>,
    checkpoint: &Checkpoint,
) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT OR REPLACE INTO audit_checkpoint (id, seq, hash, at, key_id, mac)
         VALUES (1, ?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        checkpoint.seq,
        checkpoint.hash,
        checkpoint.at,
        checkpoint.key_id,
        checkpoint.mac
    ])?;
    Ok(())
}

pub(super) fn last_head(conn: &Connection) -> Result<AuditHead, StoreError> {
    Ok(conn
        .query_row(
            "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1",
            [],
            |r| {
                Ok(AuditHead {
                    seq: r.get(0)?,
                    hash: r.get(1)?,
                })
            },
        )
        .optional()?
        .unwrap_or_else(AuditHead::genesis))
}

/// Appends audit records inside the caller's transaction, continuing the chain, and signs the
/// new head when the transaction's records are written ([`AuditWriter::finish`]).
pub(super) struct AuditWriter<'k> {
    seq: i64,
    hash: String,
    key: &'k AuditKey,
    /// The time of the last record appended, if any.
    at: Option<String>,
}

impl<'k> AuditWriter<'k> {
    /// Continues the chain, after checking that its head is the one the checkpoint signed:
    /// a store whose log was cut or rewritten is not written to, so that a new checkpoint
    /// never covers the damage.
    pub(super) fn start(
        tx: &Transaction<'_>,
        key: &'k AuditKey,
        label: &str,
    ) -> Result<Self, StoreError> {
        let head = last_head(tx)?;
        match read_checkpoint(tx)? {
            Some(c) => {
                if let Some(why) = c.problem(Some(key), &head) {
                    return Err(StoreError::Tampered {
                        path: label.to_string(),
                        why,
                    });
                }
            }
            None => {
                return Err(StoreError::Tampered {
                    path: label.to_string(),
                    why: "the audit checkpoint is missing".into(),
                });
            }
        }
        Ok(Self::continuing(head, key))
    }

    /// Continues the chain from `head` unchecked: for the migration that writes the first
    /// checkpoint.
    pub(super) fn continuing(head: AuditHead, key: &'k AuditKey) -> Self {
        AuditWriter {
            seq: head.seq,
            hash: head.hash,
            key,
            at: None,
        }
    }

    /// The newest record appended so far (or the head it continued).
    pub(super) fn head(&self) -> AuditHead {
        AuditHead {
            seq: self.seq,
            hash: self.hash.clone(),
        }
    }

    pub(super) fn append(
        &mut self,
        tx: &Transaction<'_>,
        actor: &Actor,
        action: &str,
        item: &str,
        old: Option<&serde_json::Value>,
        new: Option<&serde_json::Value>,
    ) -> Result<(), StoreError> {
        let seq = self.seq + 1;
        let at = actor.at_text();
        let old = old.map(|v| v.to_string());
        let new = new.map(|v| v.to_string());
        let hash = audit::record_hash(
            seq,
            &at,
            &actor.user,
            action,
            item,
            old.as_deref(),
            new.as_deref(),
            &self.hash,
        );
        tx.prepare_cached(
            "INSERT INTO audit_log (seq, at, user, action, item, old, new, prev_hash, hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?
        .execute(params![
            seq, at, actor.user, action, item, old, new, self.hash, hash
        ])?;
        self.seq = seq;
        self.hash = hash;
        self.at = Some(at);
        Ok(())
    }

    /// Appends a record whose `new` value also carries the content of the rows it wrote
    /// (`rows`, see [`rows`]), so that `audit verify` can check them.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn append_rows(
        &mut self,
        tx: &Transaction<'_>,
        actor: &Actor,
        action: &str,
        item: &str,
        old: Option<&serde_json::Value>,
        new: serde_json::Value,
        written: &[(&str, i64)],
    ) -> Result<(), StoreError> {
        let mut new = new;
        new["rows"] = rows::record(tx, written)?;
        self.append(tx, actor, action, item, old, Some(&new))
    }

    /// Signs the new head, in the same transaction as the records.
    pub(super) fn finish(self, tx: &Transaction<'_>) -> Result<(), StoreError> {
        let Some(at) = self.at else {
            return Ok(());
        };
        let head = AuditHead {
            seq: self.seq,
            hash: self.hash,
        };
        write_checkpoint(tx, &Checkpoint::new(self.key, &head, &at))
    }
}

/// The `seq` of the newest audit record, 0 for an empty log.
pub(super) fn last_seq(conn: &Connection) -> Result<i64, StoreError> {
    Ok(
        conn.query_row("SELECT COALESCE(MAX(seq), 0) FROM audit_log", [], |r| {
            r.get(0)
        })?,
    )
}

/// The audit records matching `condition` (with `value` bound to `?1` if it names it).
pub(super) fn records_where(
    conn: &Connection,
    condition: &str,
    value: &str,
) -> Result<Vec<AuditRecord>, StoreError> {
    let mut stmt = conn.prepare(&format!(
        "SELECT seq, at, user, action, item, old, new, prev_hash, hash FROM audit_log
         WHERE {condition} ORDER BY seq"
    ))?;
    let bind: Vec<&str> = if condition.contains("?1") {
        vec![value]
    } else {
        Vec::new()
    };
    let rows = stmt.query_map(rusqlite::params_from_iter(bind), |r| {
        Ok(AuditRecord {
            seq: r.get(0)?,
            at: r.get(1)?,
            user: r.get(2)?,
            action: r.get(3)?,
            item: r.get(4)?,
            old: r.get(5)?,
            new: r.get(6)?,
            prev_hash: r.get(7)?,
            hash: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The chain, the signed checkpoint against the log's last record, every covered row against
/// the record that last wrote it, and the anchor if given.
pub(super) fn verify(
    store: &SqliteStore,
    anchor: Option<(&str, &AuditHead)>,
) -> Result<AuditVerdict, StoreError> {
    let records = store.audit_records()?;
    let mut verdict = audit::verify(&records);
    let head = AuditHead::of(&records);
    verdict.checkpoint = match read_checkpoint(&store.conn)? {
        None => CheckpointCheck::Mismatch {
            why: format!(
                "the store has no audit checkpoint (removed, or written by a hubscreen before schema 2: open it once with a write command to migrate), so records could be missing from the end of the log; the log ends at record {}",
                head.seq
            ),
        },
        Some(c) => match (store.key.as_deref(), c.problem(store.key.as_deref(), &head)) {
            (_, Some(why)) => CheckpointCheck::Mismatch { why },
            (Some(key), None) => CheckpointCheck::Verified {
                seq: c.seq,
                at: c.at,
                key: key.path().display().to_string(),
            },
            (None, None) => CheckpointCheck::Unauthenticated {
                why: format!(
                    "{}, so the checkpoint's signature cannot be checked (the checkpoint names record {}, as the log does, but anyone can write that); pass the --data-dir the store was written with, or check it against an anchor (--anchor FILE)",
                    store
                        .key_error
                        .clone()
                        .unwrap_or_else(|| format!("no key at {}", store.key_path.display())),
                    c.seq
                ),
            },
        },
    };
    verdict.rows = rows::check(&store.conn, &records)?;
    verdict.anchor = anchor.map(|(file, head)| audit::check_anchor(&records, file, head));
    Ok(verdict)
}
