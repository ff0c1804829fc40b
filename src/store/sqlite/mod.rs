//! The embedded store: one SQLite file in WAL mode, shared by every `hubscreen` process on the
//! machine.
//!
//! Every write runs in a `BEGIN IMMEDIATE` transaction, so writers queue on the database lock
//! (up to `busy_timeout`) instead of failing half-way, and the audit record of a change is
//! inserted in the same transaction as the change. Queue items carry a version: a decision
//! names the version its user saw and is refused with [`StoreError::Conflict`] if the item
//! changed since, never applied over someone else's.
//!
//! This is a persistence layer only: it loads rows, asks [`super::workflow`] what a claim, a
//! decision or a new assessment does, and writes the answer. It decides no workflow rule itself.
//! `open` opens and migrates, `audit_log` chains and signs the log, `codec` turns rows into
//! values, `ingest` stores screened manifests and re-screens, `queue` claims, decides and notes,
//! and `read` answers queries.

mod audit_log;
mod codec;
mod ingest;
mod open;
mod queue;
mod read;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Transaction, TransactionBehavior};

use super::audit::{AuditHead, AuditRecord, AuditVerdict};
use super::checkpoint::{AuditKey, Checkpoint};
use super::{
    Actor, Candidate, Decision, ExamTally, IngestOutcome, IngestRecord, IngestRun, ListVersion,
    NewDecision, QueueDetail, QueueFilter, QueueItem, Rescreened, RuleStat, ShipmentVersion, Store,
    StoreError, StoredShipment, StoredSuppression, VesselSighting,
};
use crate::config::WorkflowConfig;

pub use open::{OpenMode, StoreOptions};

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Database(e.to_string())
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(e: serde_json::Error) -> Self {
        StoreError::Decode(e.to_string())
    }
}

/// The SQLite store.
pub struct SqliteStore {
    conn: Connection,
    workflow: WorkflowConfig,
    label: String,
    /// The key that signs checkpoints: always there for a store opened for writing.
    key: Option<Arc<AuditKey>>,
    /// Where the key is, and why it could not be read, for `audit verify`.
    key_path: PathBuf,
    key_error: Option<String>,
    /// For a store read as an immutable snapshot: the file as it was when opened.
    snapshot: Option<open::FileStamp>,
}

impl SqliteStore {
    /// For a store read as a snapshot: whether another process changed the file since it
    /// was opened (then what was read may mix two states: read again).
    pub fn changed_while_read(&self) -> bool {
        self.snapshot.as_ref().is_some_and(|s| {
            open::FileStamp::of(std::path::Path::new(&self.label)).as_ref() != Some(s)
        })
    }

    /// The signed checkpoint as stored, for an export to carry.
    pub fn audit_checkpoint(&self) -> Result<Option<Checkpoint>, StoreError> {
        audit_log::read_checkpoint(&self.conn)
    }

    /// A write transaction, with the key that signs its checkpoint and the store's name.
    fn write(&mut self) -> Result<(Transaction<'_>, Arc<AuditKey>, &str), StoreError> {
        let SqliteStore {
            conn, key, label, ..
        } = self;
        let key = key.clone().ok_or_else(|| StoreError::Open {
            path: label.clone(),
            message: "opened read-only: this command does not write".into(),
        })?;
        Ok((
            conn.transaction_with_behavior(TransactionBehavior::Immediate)?,
            key,
            label,
        ))
    }
}

impl Store for SqliteStore {
    fn ingest_run_by_hash(&self, sha256: &str) -> Result<Option<IngestRun>, StoreError> {
        read::ingest_run_by_hash(&self.conn, sha256)
    }

    fn record_ingest(
        &mut self,
        record: &IngestRecord<'_>,
        actor: &Actor,
    ) -> Result<IngestOutcome, StoreError> {
        ingest::record_ingest(self, record, actor)
    }

    fn ingest_runs(&self) -> Result<Vec<IngestRun>, StoreError> {
        read::ingest_runs(&self.conn)
    }

    fn queue(&self, filter: &QueueFilter) -> Result<Vec<QueueItem>, StoreError> {
        read::queue(&self.conn, filter)
    }

    fn queue_item(&self, id: i64) -> Result<QueueItem, StoreError> {
        codec::load_item(&self.conn, id)
    }

    fn queue_detail(&self, id: i64) -> Result<QueueDetail, StoreError> {
        read::queue_detail(&self.conn, id)
    }

    fn shipment_versions(&self, bill_of_lading: &str) -> Result<Vec<ShipmentVersion>, StoreError> {
        read::shipment_versions(&self.conn, bill_of_lading)
    }

    fn claim(
        &mut self,
        item: i64,
        expected_version: i64,
        actor: &Actor,
    ) -> Result<QueueItem, StoreError> {
        queue::claim(self, item, expected_version, actor)
    }

    fn decide(&mut self, decision: &NewDecision, actor: &Actor) -> Result<QueueItem, StoreError> {
        queue::decide(self, decision, actor)
    }

    fn add_note(&mut self, item: i64, text: &str, actor: &Actor) -> Result<(), StoreError> {
        queue::add_note(self, item, text, actor)
    }

    fn suppressions(&self, now: DateTime<Utc>) -> Result<Vec<StoredSuppression>, StoreError> {
        read::suppressions(&self.conn, now)
    }

    fn rescreen_candidates(&self, since: DateTime<Utc>) -> Result<Vec<Candidate>, StoreError> {
        read::rescreen_candidates(&self.conn, since)
    }

    fn record_rescreen(
        &mut self,
        results: &[Rescreened],
        lists: &[ListVersion],
        prints: &BTreeMap<(String, String), String>,
        reason: &str,
        actor: &Actor,
    ) -> Result<Vec<i64>, StoreError> {
        ingest::record_rescreen(self, results, lists, prints, reason, actor)
    }

    fn latest_shipments(&self) -> Result<Vec<StoredShipment>, StoreError> {
        read::latest_shipments(&self.conn)
    }

    fn stored_shipment(&self, id: i64) -> Result<StoredShipment, StoreError> {
        read::stored_shipment(&self.conn, id)
    }

    fn last_decisions(&self) -> Result<Vec<Decision>, StoreError> {
        read::last_decisions(&self.conn)
    }

    fn last_audit_seq(&self) -> Result<i64, StoreError> {
        audit_log::last_seq(&self.conn)
    }

    fn exam_tallies(&self) -> Result<Vec<ExamTally>, StoreError> {
        read::exam_tallies(&self.conn)
    }

    fn lanes_since(&self, since: DateTime<Utc>) -> Result<(usize, usize, usize), StoreError> {
        read::lanes_since(&self.conn, since)
    }

    fn consignee_names(&self) -> Result<Vec<String>, StoreError> {
        read::consignee_names(&self.conn)
    }

    fn vessel_sightings(&self) -> Result<Vec<VesselSighting>, StoreError> {
        read::vessel_sightings(&self.conn)
    }

    fn rule_stats(
        &self,
        since: Option<DateTime<Utc>>,
        until: Option<DateTime<Utc>>,
    ) -> Result<Vec<RuleStat>, StoreError> {
        read::rule_stats(&self.conn, since, until)
    }

    fn audit_records(&self) -> Result<Vec<AuditRecord>, StoreError> {
        audit_log::records_where(&self.conn, "1 = 1", "")
    }

    fn audit_records_of(&self, item: &str) -> Result<Vec<AuditRecord>, StoreError> {
        audit_log::records_where(&self.conn, "item = ?1", item)
    }

    fn audit_head(&self) -> Result<AuditHead, StoreError> {
        audit_log::last_head(&self.conn)
    }

    /// The chain, the signed checkpoint against the log's last record, every covered row
    /// against the record that last wrote it, and the anchor if given.
    fn verify_audit_with(
        &self,
        anchor: Option<(&str, &AuditHead)>,
    ) -> Result<AuditVerdict, StoreError> {
        audit_log::verify(self, anchor)
    }
}
