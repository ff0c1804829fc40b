//! The embedded store: one SQLite file in WAL mode, shared by every `hubscreen` process on the
//! machine.
//!
//! Every write runs in a `BEGIN IMMEDIATE` transaction, so writers queue on the database lock
//! (up to `busy_timeout`) instead of failing half-way, and the audit record of a change is
//! inserted in the same transaction as the change. Queue items carry a version: a decision
//! names the version its user saw and is refused with [`StoreError::Conflict`] if the item
//! changed since, never applied over someone else's.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};
use sha2::{Digest, Sha256};

use super::audit::{self, AuditRecord};
use super::workflow::{self, Action, QueueState};
use super::{
    Actor, Candidate, Decision, ExamResult, ExamTally, IngestOutcome, IngestRecord, IngestRun,
    ListVersion, NewDecision, Note, QueueDetail, QueueFilter, QueueItem, Rescreened,
    ShipmentVersion, Store, StoreError, StoredAssessment, StoredShipment, StoredSuppression,
    hit_prints, schema, time_text,
};
use crate::config::WorkflowConfig;
use crate::ingest::Severity;
use crate::model::{Assessment, Lane, Shipment};
use crate::screen::suppress::Suppression;

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
}

const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

impl SqliteStore {
    /// Opens (creating if needed) the store at `path` and brings its schema up to date.
    pub fn open(path: &Path, workflow: WorkflowConfig) -> Result<Self, StoreError> {
        let label = path.display().to_string();
        let open_err = |e: &dyn std::fmt::Display| StoreError::Open {
            path: label.clone(),
            message: e.to_string(),
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| open_err(&e))?;
        }
        let mut conn = Connection::open(path).map_err(|e| open_err(&e))?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(|e| open_err(&e))?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(|e| open_err(&e))?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(|e| open_err(&e))?;
        // WAL with synchronous=NORMAL is durable against a killed process; FULL adds an fsync
        // per commit for a power cut.
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(|e| open_err(&e))?;
        migrate(&mut conn, &label)?;
        Ok(SqliteStore { conn, workflow })
    }

    fn write(&mut self) -> Result<Transaction<'_>, StoreError> {
        Ok(self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?)
    }
}

fn migrate(conn: &mut Connection, label: &str) -> Result<(), StoreError> {
    let known = schema::MIGRATIONS.len() as i64;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let current: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if current > known {
        return Err(StoreError::TooNew {
            path: label.to_string(),
            found: current,
            known,
        });
    }
    for (i, (version, sql)) in schema::MIGRATIONS.iter().enumerate() {
        if (i as i64) < current {
            continue;
        }
        tx.execute_batch(sql).map_err(|e| StoreError::Open {
            path: label.to_string(),
            message: format!("schema migration {version}: {e}"),
        })?;
        tx.pragma_update(None, "user_version", i as i64 + 1)?;
    }
    tx.commit()?;
    Ok(())
}

/// Appends audit records inside the caller's transaction, continuing the chain.
struct AuditWriter {
    seq: i64,
    hash: String,
}

impl AuditWriter {
    fn start(tx: &Transaction<'_>) -> Result<Self, StoreError> {
        let last: Option<(i64, String)> = tx
            .query_row(
                "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let (seq, hash) = last.unwrap_or((0, audit::GENESIS.to_string()));
        Ok(AuditWriter { seq, hash })
    }

    fn append(
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
        Ok(())
    }
}

/// SHA-256 of a shipment's content, its source location left out: the same bill read from
/// another file, or another line, is the same bill.
fn content_hash(shipment: &Shipment) -> Result<String, StoreError> {
    let mut s = shipment.clone();
    s.source = None;
    Ok(audit::hex(&Sha256::digest(serde_json::to_vec(&s)?)))
}

fn lane_text(lane: Lane) -> &'static str {
    lane.as_str()
}

fn parse_lane(text: &str) -> Result<Lane, StoreError> {
    serde_json::from_value(serde_json::Value::String(text.to_string()))
        .map_err(|_| StoreError::Decode(format!("lane {text:?}")))
}

/// One row of `decisions`, in column order (read with rusqlite's tuple `TryFrom<&Row>`).
type DecisionRow = (
    i64,
    i64,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<i64>,
    String,
    String,
    i64,
);

fn decision_of(row: DecisionRow) -> Result<Decision, StoreError> {
    let (id, item, at, user, action, reason_code, note, hit, from, to, item_version) = row;
    Ok(Decision {
        id,
        item,
        at,
        user,
        action: parse_action(&action)?,
        reason_code,
        note,
        hit,
        from_state: parse_state(&from)?,
        to_state: parse_state(&to)?,
        item_version,
    })
}

fn parse_state(text: &str) -> Result<QueueState, StoreError> {
    QueueState::parse(text).ok_or_else(|| StoreError::Decode(format!("queue state {text:?}")))
}

fn parse_action(text: &str) -> Result<Action, StoreError> {
    Action::parse(text).ok_or_else(|| StoreError::Decode(format!("action {text:?}")))
}

/// The list set id for these list versions, created if new.
fn list_set(tx: &Transaction<'_>, lists: &[ListVersion]) -> Result<i64, StoreError> {
    let mut sorted = lists.to_vec();
    sorted.sort();
    sorted.dedup();
    let key = serde_json::to_string(&sorted)?;
    if let Some(id) = tx
        .query_row("SELECT id FROM list_sets WHERE key = ?1", [&key], |r| {
            r.get(0)
        })
        .optional()?
    {
        return Ok(id);
    }
    tx.execute("INSERT INTO list_sets (key) VALUES (?1)", [&key])?;
    let set = tx.last_insert_rowid();
    for l in &sorted {
        tx.execute(
            "INSERT OR IGNORE INTO list_versions (name, version, sha256) VALUES (?1, ?2, ?3)",
            params![l.name, l.version, l.sha256],
        )?;
        let id: i64 = tx.query_row(
            "SELECT id FROM list_versions WHERE name = ?1 AND version = ?2 AND sha256 = ?3",
            params![l.name, l.version, l.sha256],
            |r| r.get(0),
        )?;
        tx.execute(
            "INSERT INTO list_set_members (list_set, list_version) VALUES (?1, ?2)",
            params![set, id],
        )?;
    }
    Ok(set)
}

fn insert_assessment(
    tx: &Transaction<'_>,
    shipment_id: i64,
    assessment: &Assessment,
    trigger: &str,
    list_set: i64,
    prints: &BTreeMap<(String, String), String>,
    actor: &Actor,
) -> Result<i64, StoreError> {
    tx.prepare_cached(
        "INSERT INTO assessments (shipment, at, trigger, lane, score, list_set, body)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        shipment_id,
        actor.at_text(),
        trigger,
        lane_text(assessment.lane),
        assessment.score,
        list_set,
        serde_json::to_string(assessment)?
    ])?;
    let id = tx.last_insert_rowid();
    for p in hit_prints(assessment, prints) {
        tx.prepare_cached(
            "INSERT OR IGNORE INTO hit_entries (assessment, list, entry_id, fingerprint)
             VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![id, p.list, p.entry_id, p.fingerprint])?;
    }
    Ok(id)
}

const ITEM_COLUMNS: &str = "q.id, q.bill_of_lading, s.version, q.lane, q.score, q.state, q.reason,
     q.claimed_by, q.version, q.created_at, q.updated_at, q.updated_by";

fn item_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(QueueItem, String, String)> {
    Ok((
        QueueItem {
            id: r.get(0)?,
            bill_of_lading: r.get(1)?,
            shipment_version: r.get(2)?,
            lane: Lane::Green,
            score: r.get(4)?,
            state: QueueState::New,
            reason: r.get(6)?,
            claimed_by: r.get(7)?,
            version: r.get(8)?,
            created_at: r.get(9)?,
            updated_at: r.get(10)?,
            updated_by: r.get(11)?,
        },
        r.get(3)?,
        r.get(5)?,
    ))
}

fn finish_item(row: (QueueItem, String, String)) -> Result<QueueItem, StoreError> {
    let (mut item, lane, state) = row;
    item.lane = parse_lane(&lane)?;
    item.state = parse_state(&state)?;
    Ok(item)
}

fn load_item(conn: &Connection, id: i64) -> Result<QueueItem, StoreError> {
    let row = conn
        .query_row(
            &format!(
                "SELECT {ITEM_COLUMNS} FROM queue_items q JOIN shipments s ON s.id = q.shipment
                 WHERE q.id = ?1"
            ),
            [id],
            item_from_row,
        )
        .optional()?
        .ok_or(StoreError::NoSuchItem(id))?;
    finish_item(row)
}

fn item_json(item: &QueueItem) -> serde_json::Value {
    serde_json::json!({
        "state": item.state,
        "version": item.version,
        "claimed_by": item.claimed_by,
        "shipment_version": item.shipment_version,
        "lane": item.lane,
        "score": item.score,
        "reason": item.reason,
    })
}

/// Puts a screened shipment version in the queue: a new item for a red or yellow lane, an
/// update of an open item, or a re-opened closed one. Returns the item touched, if any.
#[allow(clippy::too_many_arguments)]
fn enqueue(
    tx: &Transaction<'_>,
    audit: &mut AuditWriter,
    bill: &str,
    shipment_id: i64,
    assessment_id: i64,
    assessment: &Assessment,
    reason: &str,
    actor: &Actor,
) -> Result<Option<i64>, StoreError> {
    let existing: Option<i64> = tx
        .prepare_cached("SELECT id FROM queue_items WHERE bill_of_lading = ?1")?
        .query_row([bill], |r| r.get(0))
        .optional()?;
    let at = actor.at_text();
    let Some(id) = existing else {
        if assessment.lane == Lane::Green {
            return Ok(None);
        }
        tx.prepare_cached(
            "INSERT INTO queue_items (bill_of_lading, shipment, assessment, lane, score, state,
                 reason, claimed_by, version, created_at, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, 'new', ?6, NULL, 1, ?7, ?7, ?8)",
        )?
        .execute(params![
            bill,
            shipment_id,
            assessment_id,
            lane_text(assessment.lane),
            assessment.score,
            reason,
            at,
            actor.user
        ])?;
        let id = tx.last_insert_rowid();
        let item = load_item(tx, id)?;
        audit.append(
            tx,
            actor,
            "queue.create",
            &format!("queue:{id}"),
            None,
            Some(&serde_json::json!({"bill_of_lading": bill, "item": item_json(&item)})),
        )?;
        return Ok(Some(id));
    };
    let old = load_item(tx, id)?;
    if !old.state.is_open() && assessment.lane == Lane::Green {
        return Ok(None);
    }
    let (state, claimed_by, action) = if old.state.is_open() {
        (old.state, old.claimed_by.clone(), "queue.update")
    } else {
        (
            workflow::next(old.state, Action::Reopen)
                .map_err(|refused| StoreError::Workflow { item: id, refused })?,
            None,
            "queue.reopen",
        )
    };
    tx.prepare_cached(
        "UPDATE queue_items SET shipment = ?1, assessment = ?2, lane = ?3, score = ?4,
             state = ?5, reason = ?6, claimed_by = ?7, version = version + 1, updated_at = ?8,
             updated_by = ?9
         WHERE id = ?10",
    )?
    .execute(params![
        shipment_id,
        assessment_id,
        lane_text(assessment.lane),
        assessment.score,
        state.as_str(),
        reason,
        claimed_by,
        at,
        actor.user,
        id
    ])?;
    let new = load_item(tx, id)?;
    if action == "queue.reopen" {
        tx.prepare_cached(
            "INSERT INTO decisions (item, assessment, at, user, action, reason_code, note, hit,
                 from_state, to_state, item_version)
             VALUES (?1, ?2, ?3, ?4, 'reopen', NULL, ?5, NULL, ?6, ?7, ?8)",
        )?
        .execute(params![
            id,
            assessment_id,
            at,
            actor.user,
            reason,
            old.state.as_str(),
            new.state.as_str(),
            new.version
        ])?;
    }
    audit.append(
        tx,
        actor,
        action,
        &format!("queue:{id}"),
        Some(&item_json(&old)),
        Some(&item_json(&new)),
    )?;
    Ok(Some(id))
}

/// The current assessment of an item.
fn item_assessment(conn: &Connection, item: i64) -> Result<(i64, Assessment), StoreError> {
    let (id, body): (i64, String) = conn.query_row(
        "SELECT a.id, a.body FROM queue_items q JOIN assessments a ON a.id = q.assessment
         WHERE q.id = ?1",
        [item],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok((id, serde_json::from_str(&body)?))
}

/// Name hits of an assessment already marked as false positives (1-based numbers).
fn marked_hits(conn: &Connection, item: i64, assessment: i64) -> Result<Vec<i64>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT hit FROM decisions WHERE item = ?1 AND assessment = ?2
         AND action = 'false-positive' AND hit IS NOT NULL ORDER BY hit",
    )?;
    let rows = stmt.query_map(params![item, assessment], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

impl SqliteStore {
    /// Decisions matching `tail` (a WHERE and ORDER BY clause), as stored.
    fn query_decisions(
        &self,
        tail: &str,
        params: impl rusqlite::Params,
    ) -> Result<Vec<Decision>, StoreError> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT id, item, at, user, action, reason_code, note, hit, from_state, to_state,
                 item_version FROM decisions {tail}"
        ))?;
        let rows = stmt.query_map(params, |r| DecisionRow::try_from(r))?;
        rows.map(|row| decision_of(row?)).collect()
    }

    /// Refuses an action on an item that changed since the user saw it, or that another
    /// user holds.
    fn check_current(item: &QueueItem, expected: i64, actor: &Actor) -> Result<(), StoreError> {
        if item.version != expected {
            return Err(StoreError::Conflict {
                item: item.id,
                expected_version: expected,
                found_version: item.version,
                by_user: item.updated_by.clone(),
                at: item.updated_at.clone(),
            });
        }
        if let Some(holder) = item.claimed_by.as_ref().filter(|h| **h != actor.user) {
            return Err(StoreError::ClaimedByOther {
                item: item.id,
                by_user: holder.clone(),
                at: item.updated_at.clone(),
            });
        }
        Ok(())
    }

    /// The guarded update: applied only if nobody changed the item since it was read.
    fn bump(
        tx: &Transaction<'_>,
        old: &QueueItem,
        state: QueueState,
        claimed_by: Option<&str>,
        actor: &Actor,
    ) -> Result<QueueItem, StoreError> {
        let changed = tx.execute(
            "UPDATE queue_items SET state = ?1, claimed_by = ?2, version = version + 1,
                 updated_at = ?3, updated_by = ?4
             WHERE id = ?5 AND version = ?6",
            params![
                state.as_str(),
                claimed_by,
                actor.at_text(),
                actor.user,
                old.id,
                old.version
            ],
        )?;
        let new = load_item(tx, old.id)?;
        if changed == 0 {
            return Err(StoreError::Conflict {
                item: old.id,
                expected_version: old.version,
                found_version: new.version,
                by_user: new.updated_by,
                at: new.updated_at,
            });
        }
        Ok(new)
    }
}

impl Store for SqliteStore {
    fn ingest_run_by_hash(&self, sha256: &str) -> Result<Option<IngestRun>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT id, file, format, sha256, at, user, shipments, new_versions, unchanged,
                     errors, warnings FROM ingest_runs WHERE sha256 = ?1",
                [sha256],
                run_from_row,
            )
            .optional()?)
    }

    fn record_ingest(
        &mut self,
        record: &IngestRecord<'_>,
        actor: &Actor,
    ) -> Result<IngestOutcome, StoreError> {
        let ingested = record.ingested;
        let tx = self.write()?;
        // Checked inside the write transaction: two processes ingesting one file store it once.
        if let Some(run_id) = tx
            .query_row(
                "SELECT id FROM ingest_runs WHERE sha256 = ?1",
                [&ingested.sha256],
                |r| r.get(0),
            )
            .optional()?
        {
            return Ok(IngestOutcome {
                run_id,
                already_stored: true,
                shipments: ingested.manifest.shipments.len(),
                new_versions: 0,
                unchanged: ingested.manifest.shipments.len(),
                queued: Vec::new(),
            });
        }
        let mut audit = AuditWriter::start(&tx)?;
        let errors = ingested
            .problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .count();
        tx.execute(
            "INSERT INTO ingest_runs (file, format, sha256, at, user, shipments, new_versions,
                 unchanged, errors, warnings, problems)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, 0, ?7, ?8, ?9)",
            params![
                ingested.file,
                ingested.format.as_str(),
                ingested.sha256,
                actor.at_text(),
                actor.user,
                ingested.manifest.shipments.len() as i64,
                errors as i64,
                (ingested.problems.len() - errors) as i64,
                serde_json::to_string(&ingested.problems)?
            ],
        )?;
        let run_id = tx.last_insert_rowid();
        tx.execute(
            "INSERT INTO manifests (ingest_run, reference, conveyance) VALUES (?1, ?2, ?3)",
            params![
                run_id,
                ingested.manifest.reference,
                ingested
                    .manifest
                    .conveyance
                    .as_ref()
                    .map(serde_json::to_string)
                    .transpose()?
            ],
        )?;
        let manifest_id = tx.last_insert_rowid();
        let set = list_set(&tx, &record.lists)?;
        let mut outcome = IngestOutcome {
            run_id,
            already_stored: false,
            shipments: ingested.manifest.shipments.len(),
            new_versions: 0,
            unchanged: 0,
            queued: Vec::new(),
        };
        for (shipment, assessment) in ingested.manifest.shipments.iter().zip(record.assessments) {
            let bill = shipment.bill_of_lading.as_str();
            let hash = content_hash(shipment)?;
            let seen: Option<i64> = tx
                .prepare_cached(
                    "SELECT id FROM shipments WHERE bill_of_lading = ?1 AND content_hash = ?2",
                )?
                .query_row(params![bill, hash], |r| r.get(0))
                .optional()?;
            if seen.is_some() {
                outcome.unchanged += 1;
                continue;
            }
            let version: i64 = tx
                .prepare_cached(
                    "SELECT COALESCE(MAX(version), 0) + 1 FROM shipments WHERE bill_of_lading = ?1",
                )?
                .query_row([bill], |r| r.get(0))?;
            tx.prepare_cached(
                "INSERT INTO shipments (bill_of_lading, version, content_hash, manifest,
                     created_at, body)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                bill,
                version,
                hash,
                manifest_id,
                actor.at_text(),
                serde_json::to_string(shipment)?
            ])?;
            let shipment_id = tx.last_insert_rowid();
            outcome.new_versions += 1;
            audit.append(
                &tx,
                actor,
                "shipment.version",
                &format!("shipment:{bill}#{version}"),
                None,
                Some(&serde_json::json!({
                    "bill_of_lading": bill,
                    "version": version,
                    "content_hash": hash,
                    "ingest_run": run_id,
                    "lane": assessment.lane,
                    "score": assessment.score,
                })),
            )?;
            let assessment_id = insert_assessment(
                &tx,
                shipment_id,
                assessment,
                "screening",
                set,
                &record.prints,
                actor,
            )?;
            let reason = if version > 1 {
                "amended bill"
            } else {
                "screening"
            };
            if let Some(item) = enqueue(
                &tx,
                &mut audit,
                bill,
                shipment_id,
                assessment_id,
                assessment,
                reason,
                actor,
            )? {
                outcome.queued.push(item);
            }
        }
        tx.execute(
            "UPDATE ingest_runs SET new_versions = ?1, unchanged = ?2 WHERE id = ?3",
            params![
                outcome.new_versions as i64,
                outcome.unchanged as i64,
                run_id
            ],
        )?;
        audit.append(
            &tx,
            actor,
            "ingest",
            &format!("ingest:{run_id}"),
            None,
            Some(&serde_json::json!({
                "file": ingested.file,
                "format": ingested.format.as_str(),
                "sha256": ingested.sha256,
                "shipments": outcome.shipments,
                "new_versions": outcome.new_versions,
                "unchanged": outcome.unchanged,
                "errors": errors,
                "lists": record.lists,
            })),
        )?;
        tx.commit()?;
        Ok(outcome)
    }

    fn ingest_runs(&self) -> Result<Vec<IngestRun>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, file, format, sha256, at, user, shipments, new_versions, unchanged,
                 errors, warnings FROM ingest_runs ORDER BY id",
        )?;
        let rows = stmt.query_map([], run_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn queue(&self, filter: &QueueFilter) -> Result<Vec<QueueItem>, StoreError> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {ITEM_COLUMNS} FROM queue_items q JOIN shipments s ON s.id = q.shipment
             WHERE (?1 IS NULL OR q.state = ?1) ORDER BY q.score DESC, q.id"
        ))?;
        let rows = stmt.query_map([filter.state.map(QueueState::as_str)], item_from_row)?;
        let mut out = Vec::new();
        for row in rows {
            let item = finish_item(row?)?;
            if !filter.open_only || item.state.is_open() {
                out.push(item);
            }
        }
        Ok(out)
    }

    fn queue_item(&self, id: i64) -> Result<QueueItem, StoreError> {
        load_item(&self.conn, id)
    }

    fn queue_detail(&self, id: i64) -> Result<QueueDetail, StoreError> {
        let item = load_item(&self.conn, id)?;
        let versions = self.shipment_versions(&item.bill_of_lading)?;
        let shipment = versions
            .iter()
            .find(|v| v.version == item.shipment_version)
            .cloned()
            .ok_or_else(|| StoreError::Decode(format!("queue item {id} has no shipment")))?;
        let (assessment_id, at, trigger, body, set): (i64, String, String, String, i64) =
            self.conn.query_row(
                "SELECT a.id, a.at, a.trigger, a.body, a.list_set FROM queue_items q
                 JOIN assessments a ON a.id = q.assessment WHERE q.id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )?;
        let mut stmt = self.conn.prepare(
            "SELECT v.name, v.version, v.sha256 FROM list_set_members m
             JOIN list_versions v ON v.id = m.list_version WHERE m.list_set = ?1
             ORDER BY v.name",
        )?;
        let lists = stmt
            .query_map([set], |r| {
                Ok(ListVersion {
                    name: r.get(0)?,
                    version: r.get(1)?,
                    sha256: r.get(2)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        let decisions = self.query_decisions("WHERE item = ?1 ORDER BY id", [id])?;
        let mut stmt = self
            .conn
            .prepare("SELECT at, user, text FROM notes WHERE item = ?1 ORDER BY id")?;
        let notes = stmt
            .query_map([id], |r| {
                Ok(Note {
                    at: r.get(0)?,
                    user: r.get(1)?,
                    text: r.get(2)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        let marked_hits = marked_hits(&self.conn, id, assessment_id)?;
        Ok(QueueDetail {
            item,
            shipment,
            versions,
            assessment: StoredAssessment {
                id: assessment_id,
                at,
                trigger,
                lists,
                assessment: serde_json::from_str(&body)?,
            },
            decisions,
            notes,
            marked_hits,
        })
    }

    fn shipment_versions(&self, bill_of_lading: &str) -> Result<Vec<ShipmentVersion>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, version, content_hash, created_at, body FROM shipments
             WHERE bill_of_lading = ?1 ORDER BY version",
        )?;
        let rows = stmt.query_map([bill_of_lading], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, version, content_hash, created_at, body) = row?;
            out.push(ShipmentVersion {
                id,
                version,
                content_hash,
                created_at,
                shipment: serde_json::from_str(&body)?,
            });
        }
        Ok(out)
    }

    fn claim(
        &mut self,
        item: i64,
        expected_version: i64,
        actor: &Actor,
    ) -> Result<QueueItem, StoreError> {
        let tx = self.write()?;
        let old = load_item(&tx, item)?;
        Self::check_current(&old, expected_version, actor)?;
        let to =
            workflow::next(old.state, Action::Claim).map_err(|source| StoreError::Workflow {
                item,
                refused: source,
            })?;
        let new = Self::bump(&tx, &old, to, Some(&actor.user), actor)?;
        let (assessment_id, _) = item_assessment(&tx, item)?;
        tx.execute(
            "INSERT INTO decisions (item, assessment, at, user, action, reason_code, note, hit,
                 from_state, to_state, item_version)
             VALUES (?1, ?2, ?3, ?4, 'claim', NULL, NULL, NULL, ?5, ?6, ?7)",
            params![
                item,
                assessment_id,
                actor.at_text(),
                actor.user,
                old.state.as_str(),
                new.state.as_str(),
                new.version
            ],
        )?;
        let mut audit = AuditWriter::start(&tx)?;
        audit.append(
            &tx,
            actor,
            "queue.claim",
            &format!("queue:{item}"),
            Some(&item_json(&old)),
            Some(&item_json(&new)),
        )?;
        tx.commit()?;
        Ok(new)
    }

    fn decide(&mut self, d: &NewDecision, actor: &Actor) -> Result<QueueItem, StoreError> {
        let item = d.item;
        let wf = |source| StoreError::Workflow {
            item,
            refused: source,
        };
        if d.action == Action::Claim {
            return self.claim(item, d.expected_version, actor);
        }
        if d.action == Action::Reopen {
            return Err(wf(workflow::WorkflowError::NotAllowed {
                from: QueueState::New,
                action: Action::Reopen,
                allowed: "only the system re-opens items (amended bill, list update)".into(),
            }));
        }
        workflow::check_reason(
            d.action,
            d.reason_code.as_deref(),
            &self.workflow.reason_codes,
        )
        .map_err(wf)?;
        let suppression_days = i64::from(self.workflow.suppression_days);
        let tx = self.write()?;
        let old = load_item(&tx, item)?;
        Self::check_current(&old, d.expected_version, actor)?;
        workflow::next(old.state, d.action).map_err(wf)?;
        let (assessment_id, assessment) = item_assessment(&tx, item)?;

        let mut unmarked_after = 0;
        let mut marked_hit = None;
        if d.action == Action::FalsePositive {
            let hits = assessment.party_hits.len();
            let n = d
                .hit
                .ok_or(workflow::WorkflowError::MissingHit { hits })
                .map_err(wf)?;
            if n == 0 || n > hits {
                return Err(wf(workflow::WorkflowError::NoSuchHit { hit: n, hits }));
            }
            let marked = marked_hits(&tx, item, assessment_id)?;
            if marked.contains(&(n as i64)) {
                return Err(wf(workflow::WorkflowError::HitAlreadyMarked { hit: n }));
            }
            unmarked_after = hits - marked.len() - 1;
            marked_hit = Some(&assessment.party_hits[n - 1]);
        }
        let to = workflow::settle(old.state, d.action, unmarked_after).map_err(wf)?;
        let new = Self::bump(&tx, &old, to, Some(&actor.user), actor)?;
        let at = actor.at_text();
        tx.execute(
            "INSERT INTO decisions (item, assessment, at, user, action, reason_code, note, hit,
                 from_state, to_state, item_version)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                item,
                assessment_id,
                at,
                actor.user,
                d.action.as_str(),
                d.reason_code,
                d.note,
                d.hit.map(|h| h as i64),
                old.state.as_str(),
                new.state.as_str(),
                new.version
            ],
        )?;
        let decision_id = tx.last_insert_rowid();
        let mut audit = AuditWriter::start(&tx)?;
        if let Some(text) = d.note.as_deref().filter(|t| !t.trim().is_empty()) {
            tx.execute(
                "INSERT INTO notes (item, decision, at, user, text) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![item, decision_id, at, actor.user, text],
            )?;
        }
        let exam = match d.action {
            Action::ExamFound => Some(ExamResult::Found),
            Action::ExamNothing => Some(ExamResult::NothingFound),
            _ => None,
        };
        if let Some(result) = exam {
            for (kind, key) in exam_keys(&assessment) {
                tx.execute(
                    "INSERT INTO exam_results (decision, item, result, kind, key)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![decision_id, item, result.as_str(), kind, key],
                )?;
            }
        }
        if let Some(hit) = marked_hit {
            let fingerprint: Option<String> = tx
                .query_row(
                    "SELECT fingerprint FROM hit_entries
                     WHERE assessment = ?1 AND list = ?2 AND entry_id = ?3",
                    params![assessment_id, hit.list, hit.entry_id],
                    |r| r.get(0),
                )
                .optional()?;
            let expires = time_text(actor.at + chrono::Duration::days(suppression_days));
            tx.execute(
                "INSERT INTO suppressions (party_name, list, entry_id, fingerprint, expires, at,
                     user, reason_code, note, decision)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![
                    hit.party_name,
                    hit.list,
                    hit.entry_id,
                    fingerprint,
                    expires,
                    at,
                    actor.user,
                    d.reason_code,
                    d.note,
                    decision_id
                ],
            )?;
            audit.append(
                &tx,
                actor,
                "suppression.create",
                &format!("suppression:{}", tx.last_insert_rowid()),
                None,
                Some(&serde_json::json!({
                    "party_name": hit.party_name,
                    "list": hit.list,
                    "entry_id": hit.entry_id,
                    "fingerprint": fingerprint,
                    "expires": expires,
                    "reason_code": d.reason_code,
                    "queue_item": item,
                })),
            )?;
        }
        let mut new_json = item_json(&new);
        new_json["decision"] = serde_json::json!({
            "action": d.action,
            "reason_code": d.reason_code,
            "note": d.note,
            "hit": d.hit,
        });
        audit.append(
            &tx,
            actor,
            "queue.decide",
            &format!("queue:{item}"),
            Some(&item_json(&old)),
            Some(&new_json),
        )?;
        tx.commit()?;
        Ok(new)
    }

    fn add_note(&mut self, item: i64, text: &str, actor: &Actor) -> Result<(), StoreError> {
        let tx = self.write()?;
        load_item(&tx, item)?;
        tx.execute(
            "INSERT INTO notes (item, decision, at, user, text) VALUES (?1, NULL, ?2, ?3, ?4)",
            params![item, actor.at_text(), actor.user, text],
        )?;
        let mut audit = AuditWriter::start(&tx)?;
        audit.append(
            &tx,
            actor,
            "queue.note",
            &format!("queue:{item}"),
            None,
            Some(&serde_json::json!({ "note": text })),
        )?;
        tx.commit()?;
        Ok(())
    }

    fn suppressions(&self, now: DateTime<Utc>) -> Result<Vec<StoredSuppression>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT party_name, list, entry_id, fingerprint, expires, at, user, reason_code
             FROM suppressions WHERE expires IS NULL OR expires > ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([time_text(now)], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, String>(7)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (party_name, list, entry_id, fingerprint, expires, at, user, reason_code) = row?;
            let expires = expires
                .map(|e| {
                    DateTime::parse_from_rfc3339(&e)
                        .map(|t| t.with_timezone(&Utc))
                        .map_err(|_| StoreError::Decode(format!("suppression expiry {e:?}")))
                })
                .transpose()?;
            out.push(StoredSuppression {
                suppression: Suppression {
                    party_name,
                    list,
                    entry_id,
                    expires,
                },
                fingerprint,
                at,
                user,
                reason_code,
            });
        }
        Ok(out)
    }

    fn rescreen_candidates(&self, since: DateTime<Utc>) -> Result<Vec<Candidate>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT s.id, s.body, a.body FROM shipments s
             JOIN assessments a ON a.id = (SELECT MAX(id) FROM assessments WHERE shipment = s.id)
             WHERE s.version = (SELECT MAX(version) FROM shipments WHERE bill_of_lading = s.bill_of_lading)
               AND (a.at >= ?1 OR s.bill_of_lading IN (
                   SELECT bill_of_lading FROM queue_items
                   WHERE state IN ('new', 'in_review', 'referred', 'held')))
             ORDER BY s.id",
        )?;
        let rows = stmt.query_map([time_text(since)], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (shipment_id, shipment, assessment) = row?;
            out.push(Candidate {
                shipment_id,
                shipment: serde_json::from_str(&shipment)?,
                assessment: serde_json::from_str(&assessment)?,
            });
        }
        Ok(out)
    }

    fn record_rescreen(
        &mut self,
        results: &[Rescreened],
        lists: &[ListVersion],
        prints: &BTreeMap<(String, String), String>,
        reason: &str,
        actor: &Actor,
    ) -> Result<Vec<i64>, StoreError> {
        let tx = self.write()?;
        let mut audit = AuditWriter::start(&tx)?;
        let set = list_set(&tx, lists)?;
        let mut touched = Vec::new();
        for r in results {
            let bill: String = tx.query_row(
                "SELECT bill_of_lading FROM shipments WHERE id = ?1",
                [r.shipment_id],
                |row| row.get(0),
            )?;
            let assessment_id = insert_assessment(
                &tx,
                r.shipment_id,
                &r.assessment,
                reason,
                set,
                prints,
                actor,
            )?;
            audit.append(
                &tx,
                actor,
                "assessment.rescreen",
                &format!("shipment:{bill}"),
                None,
                Some(&serde_json::json!({
                    "assessment": assessment_id,
                    "lane": r.assessment.lane,
                    "score": r.assessment.score,
                    "reason": reason,
                    "lists": lists,
                })),
            )?;
            if let Some(item) = enqueue(
                &tx,
                &mut audit,
                &bill,
                r.shipment_id,
                assessment_id,
                &r.assessment,
                reason,
                actor,
            )? {
                touched.push(item);
            }
        }
        tx.commit()?;
        Ok(touched)
    }

    fn exam_tallies(&self) -> Result<Vec<ExamTally>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT kind, key, COUNT(*), SUM(result = 'found') FROM exam_results
             GROUP BY kind, key ORDER BY kind, key",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(ExamTally {
                kind: r.get(0)?,
                key: r.get(1)?,
                exams: r.get(2)?,
                found: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn latest_shipments(&self) -> Result<Vec<StoredShipment>, StoreError> {
        let mut stmt = self.conn.prepare(&format!(
            "{SHIPMENT_ROW}
             WHERE s.version = (SELECT MAX(version) FROM shipments v
                                WHERE v.bill_of_lading = s.bill_of_lading)
             ORDER BY s.bill_of_lading"
        ))?;
        let rows = stmt.query_map([], |r| ShipmentRow::try_from(r))?;
        let mut out = Vec::new();
        for row in rows {
            out.push(finish_shipment(row?)?);
        }
        Ok(out)
    }

    fn stored_shipment(&self, id: i64) -> Result<StoredShipment, StoreError> {
        let row = self
            .conn
            .query_row(&format!("{SHIPMENT_ROW} WHERE s.id = ?1"), [id], |r| {
                ShipmentRow::try_from(r)
            })
            .optional()?
            .ok_or_else(|| StoreError::Decode(format!("shipment {id} is not in the store")))?;
        finish_shipment(row)
    }

    fn last_decisions(&self) -> Result<Vec<Decision>, StoreError> {
        self.query_decisions(
            "WHERE id IN (SELECT MAX(id) FROM decisions WHERE action != 'claim' GROUP BY item)
             ORDER BY item",
            [],
        )
    }

    fn last_audit_seq(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT COALESCE(MAX(seq), 0) FROM audit_log", [], |r| {
                r.get(0)
            })?)
    }

    fn audit_records(&self) -> Result<Vec<AuditRecord>, StoreError> {
        self.audit_where("1 = 1", "")
    }

    fn audit_records_of(&self, item: &str) -> Result<Vec<AuditRecord>, StoreError> {
        self.audit_where("item = ?1", item)
    }
}

impl SqliteStore {
    fn audit_where(&self, condition: &str, value: &str) -> Result<Vec<AuditRecord>, StoreError> {
        let mut stmt = self.conn.prepare(&format!(
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
}

/// A shipment version with its latest assessment and the file it came from.
const SHIPMENT_ROW: &str = "SELECT s.id, s.version, r.file, s.body, a.at, a.body
     FROM shipments s
     JOIN assessments a ON a.id = (SELECT MAX(id) FROM assessments WHERE shipment = s.id)
     JOIN manifests m ON m.id = s.manifest
     JOIN ingest_runs r ON r.id = m.ingest_run";

type ShipmentRow = (i64, i64, String, String, String, String);

fn finish_shipment(row: ShipmentRow) -> Result<StoredShipment, StoreError> {
    let (id, version, file, body, assessed_at, assessment) = row;
    Ok(StoredShipment {
        id,
        version,
        file,
        shipment: serde_json::from_str(&body)?,
        assessed_at,
        assessment: serde_json::from_str(&assessment)?,
    })
}

fn run_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<IngestRun> {
    Ok(IngestRun {
        id: r.get(0)?,
        file: r.get(1)?,
        format: r.get(2)?,
        sha256: r.get(3)?,
        at: r.get(4)?,
        user: r.get(5)?,
        shipments: r.get(6)?,
        new_versions: r.get(7)?,
        unchanged: r.get(8)?,
        errors: r.get(9)?,
        warnings: r.get(10)?,
    })
}

/// The rules and lists an examination result counts for: every red-flag rule that fired and
/// every list that gave a hit, each once.
fn exam_keys(a: &Assessment) -> BTreeSet<(&'static str, String)> {
    let mut keys = BTreeSet::new();
    for f in &a.red_flags {
        keys.insert(("rule", f.rule.clone()));
    }
    for l in a
        .party_hits
        .iter()
        .map(|h| &h.list)
        .chain(a.vessel_hits.iter().map(|h| &h.list))
        .chain(a.goods_hits.iter().map(|h| &h.list))
    {
        keys.insert(("list", l.clone()));
    }
    keys
}
