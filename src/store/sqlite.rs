//! The embedded store: one SQLite file in WAL mode, shared by every `hubscreen` process on the
//! machine.
//!
//! Every write runs in a `BEGIN IMMEDIATE` transaction, so writers queue on the database lock
//! (up to `busy_timeout`) instead of failing half-way, and the audit record of a change is
//! inserted in the same transaction as the change. Queue items carry a version: a decision
//! names the version its user saw and is refused with [`StoreError::Conflict`] if the item
//! changed since, never applied over someone else's.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::{
    Connection, OpenFlags, OptionalExtension, Transaction, TransactionBehavior, params,
};
use sha2::{Digest, Sha256};

use super::audit::{self, AuditHead, AuditRecord, AuditVerdict, CheckpointCheck};
use super::checkpoint::{self, AuditKey, Checkpoint};
use super::rows;
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
    label: String,
    /// The key that signs checkpoints: always there for a store opened for writing.
    key: Option<Arc<AuditKey>>,
    /// Where the key is, and why it could not be read, for `audit verify`.
    key_path: PathBuf,
    key_error: Option<String>,
    /// For a store read as an immutable snapshot: the file as it was when opened.
    snapshot: Option<FileStamp>,
}

const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// How a store is opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    /// For writing; a missing store is created (ingest, the dashboard).
    Create,
    /// For writing; a missing store is an error (decisions, notes, re-screening).
    Existing,
    /// For reading only: nothing is created or written, not even SQLite's `-wal` and `-shm`
    /// files when none exist; a store in a folder or file the user cannot write is read.
    ReadOnly,
}

/// What opening a store needs besides its path.
#[derive(Debug, Clone)]
pub struct StoreOptions {
    pub workflow: WorkflowConfig,
    /// The key that signs the audit checkpoints (`audit.key` in the data directory).
    pub key_file: PathBuf,
    pub mode: OpenMode,
}

/// A file's size and modification time: whether it changed while read as a snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
struct FileStamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
}

impl FileStamp {
    fn of(path: &Path) -> Option<Self> {
        let m = std::fs::metadata(path).ok()?;
        Some(FileStamp {
            len: m.len(),
            modified: m.modified().ok(),
        })
    }
}

impl SqliteStore {
    /// Opens (creating if needed) the store at `path` for writing and brings its schema up to
    /// date. Its audit key is `audit.key` beside the store (the CLI and the dashboard keep it
    /// in the data directory: see [`SqliteStore::open_with`]).
    pub fn open(path: &Path, workflow: WorkflowConfig) -> Result<Self, StoreError> {
        let dir = path.parent().unwrap_or(Path::new(""));
        Self::open_with(
            path,
            &StoreOptions {
                workflow,
                key_file: dir.join(checkpoint::KEY_FILE),
                mode: OpenMode::Create,
            },
        )
    }

    /// Opens the store at `path` as `options` say.
    pub fn open_with(path: &Path, options: &StoreOptions) -> Result<Self, StoreError> {
        let label = path.display().to_string();
        let open_err = |e: &dyn std::fmt::Display| StoreError::Open {
            path: label.clone(),
            message: e.to_string(),
        };
        if options.mode != OpenMode::Create && !path.is_file() {
            return Err(open_err(&format!(
                "no store here{}: check --store (or HUBSCREEN_STORE) and --data-dir; only `hubscreen ingest` and the dashboard create a store",
                if options.mode == OpenMode::ReadOnly {
                    " (a read-only command never creates one)"
                } else {
                    ""
                }
            )));
        }
        if options.mode == OpenMode::ReadOnly {
            return Self::open_read_only(path, options, label);
        }
        let key = AuditKey::read_or_create(&options.key_file).map_err(|e| open_err(&e))?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            crate::owner_only::create_dir_all(dir).map_err(|e| open_err(&e))?;
        }
        // A new store is readable by its owner only; SQLite gives its journal files the mode of
        // the database file.
        if !path.exists() {
            match crate::owner_only::create_new_file(path) {
                Ok(_) => {}
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(open_err(&e)),
            }
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
        migrate(&mut conn, &label, &key)?;
        Ok(SqliteStore {
            conn,
            workflow: options.workflow.clone(),
            label,
            key: Some(Arc::new(key)),
            key_path: options.key_file.clone(),
            key_error: None,
            snapshot: None,
        })
    }

    /// A read-only connection. With a write-ahead log on disk, SQLite reads it through its
    /// shared-memory file like any reader. Without one, the main file holds every committed
    /// change, and it is read as an immutable snapshot: no `-wal` or `-shm` file is created,
    /// which also works in a folder the user cannot write.
    fn open_read_only(
        path: &Path,
        options: &StoreOptions,
        label: String,
    ) -> Result<Self, StoreError> {
        let open_err = |e: &dyn std::fmt::Display| StoreError::Open {
            path: label.clone(),
            message: e.to_string(),
        };
        let wal = PathBuf::from(format!("{}-wal", path.display()));
        let wal_in_use = std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0);
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let (conn, snapshot) = if wal_in_use {
            let conn = Connection::open_with_flags(path, flags).map_err(|e| open_err(&e))?;
            conn.busy_timeout(BUSY_TIMEOUT).map_err(|e| open_err(&e))?;
            (conn, None)
        } else {
            let stamp = FileStamp::of(path);
            let uri = format!("file:{}?immutable=1", uri_path(path));
            let conn = Connection::open_with_flags(&uri, flags).map_err(|e| open_err(&e))?;
            (conn, stamp)
        };
        let readable = conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0));
        let version = readable.map_err(|e| {
            open_err(&if wal_in_use {
                format!(
                    "{e}; its write-ahead log {} holds changes not yet in the main file, and reading it needs a writable {}-shm beside it: copy the store with its -wal file to a folder you can write",
                    wal.display(),
                    path.display()
                )
            } else {
                e.to_string()
            })
        })?;
        let known = schema::MIGRATIONS.len() as i64;
        if version > known {
            return Err(StoreError::TooNew {
                path: label,
                found: version,
                known,
            });
        }
        if version == 0 {
            return Err(open_err(
                &"not a hubscreen store (no schema version: empty, or its creation was interrupted); `hubscreen ingest` creates it",
            ));
        }
        let (key, key_error) = match AuditKey::read(&options.key_file) {
            Ok(Some(k)) => (Some(Arc::new(k)), None),
            Ok(None) => (
                None,
                Some(format!("no key at {}", options.key_file.display())),
            ),
            Err(e) => (None, Some(e)),
        };
        Ok(SqliteStore {
            conn,
            workflow: options.workflow.clone(),
            label,
            key,
            key_path: options.key_file.clone(),
            key_error,
            snapshot,
        })
    }

    /// For a store read as a snapshot: whether another process changed the file since it
    /// was opened (then what was read may mix two states: read again).
    pub fn changed_while_read(&self) -> bool {
        self.snapshot
            .as_ref()
            .is_some_and(|s| FileStamp::of(Path::new(&self.label)).as_ref() != Some(s))
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

    /// The checkpoint row, if the schema has one and it is there.
    fn checkpoint(&self) -> Result<Option<Checkpoint>, StoreError> {
        read_checkpoint(&self.conn)
    }
}

/// A path as the path part of an SQLite URI: every byte but letters, digits and `/-._~`
/// percent-encoded.
fn uri_path(path: &Path) -> String {
    path.as_os_str()
        .as_encoded_bytes()
        .iter()
        .map(|&b| {
            if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn read_checkpoint(conn: &Connection) -> Result<Option<Checkpoint>, StoreError> {
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

fn write_checkpoint(tx: &Transaction<'_>, checkpoint: &Checkpoint) -> Result<(), StoreError> {
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

fn last_head(conn: &Connection) -> Result<AuditHead, StoreError> {
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

fn migrate(conn: &mut Connection, label: &str, key: &AuditKey) -> Result<(), StoreError> {
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
        if *version == "2" {
            start_checkpoints(&tx, key)?;
        }
        tx.pragma_update(None, "user_version", i as i64 + 1)?;
    }
    tx.commit()?;
    Ok(())
}

/// Schema 2 on a store with history: a record naming the rows written before rows were
/// recorded, and the first checkpoint. It signs the log as found (trust on first use): a
/// change made before this migration is caught only by the chain itself.
fn start_checkpoints(tx: &Transaction<'_>, key: &AuditKey) -> Result<(), StoreError> {
    let head = last_head(tx)?;
    let before = rows::highest_ids(tx)?;
    let empty = head.seq == 0
        && before
            .as_object()
            .is_some_and(|m| m.values().all(|v| v.as_i64() == Some(0)));
    let actor = Actor::now("hubscreen");
    let mut audit = AuditWriter {
        seq: head.seq,
        hash: head.hash,
        key,
        at: None,
    };
    if !empty {
        audit.append(
            tx,
            &actor,
            rows::MIGRATION_ACTION,
            "store",
            None,
            Some(&serde_json::json!({
                "schema": 2,
                (rows::ROWS_BEFORE): before,
            })),
        )?;
    }
    let at = actor.at_text();
    let head = AuditHead {
        seq: audit.seq,
        hash: audit.hash.clone(),
    };
    write_checkpoint(tx, &Checkpoint::new(key, &head, &at))
}

/// Appends audit records inside the caller's transaction, continuing the chain, and signs the
/// new head when the transaction's records are written ([`AuditWriter::finish`]).
struct AuditWriter<'k> {
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
    fn start(tx: &Transaction<'_>, key: &'k AuditKey, label: &str) -> Result<Self, StoreError> {
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
        Ok(AuditWriter {
            seq: head.seq,
            hash: head.hash,
            key,
            at: None,
        })
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
        self.at = Some(at);
        Ok(())
    }

    /// Appends a record whose `new` value also carries the content of the rows it wrote
    /// (`rows`, see [`rows`]), so that `audit verify` can check them.
    #[allow(clippy::too_many_arguments)]
    fn append_rows(
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
    fn finish(self, tx: &Transaction<'_>) -> Result<(), StoreError> {
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
    audit: &mut AuditWriter<'_>,
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
        audit.append_rows(
            tx,
            actor,
            "queue.create",
            &format!("queue:{id}"),
            None,
            serde_json::json!({"bill_of_lading": bill, "item": item_json(&item)}),
            &[("queue_items", id)],
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
    let mut written = vec![("queue_items", id)];
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
        written.push(("decisions", tx.last_insert_rowid()));
    }
    audit.append_rows(
        tx,
        actor,
        action,
        &format!("queue:{id}"),
        Some(&item_json(&old)),
        item_json(&new),
        &written,
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
        let (tx, key, label) = self.write()?;
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
        let mut audit = AuditWriter::start(&tx, &key, label)?;
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
            let assessment_id = insert_assessment(
                &tx,
                shipment_id,
                assessment,
                "screening",
                set,
                &record.prints,
                actor,
            )?;
            audit.append_rows(
                &tx,
                actor,
                "shipment.version",
                &format!("shipment:{bill}#{version}"),
                None,
                serde_json::json!({
                    "bill_of_lading": bill,
                    "version": version,
                    "content_hash": hash,
                    "ingest_run": run_id,
                    "lane": assessment.lane,
                    "score": assessment.score,
                }),
                &[("shipments", shipment_id), ("assessments", assessment_id)],
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
        audit.append_rows(
            &tx,
            actor,
            "ingest",
            &format!("ingest:{run_id}"),
            None,
            serde_json::json!({
                "file": ingested.file,
                "format": ingested.format.as_str(),
                "sha256": ingested.sha256,
                "shipments": outcome.shipments,
                "new_versions": outcome.new_versions,
                "unchanged": outcome.unchanged,
                "errors": errors,
                "lists": record.lists,
            }),
            &[("ingest_runs", run_id), ("manifests", manifest_id)],
        )?;
        audit.finish(&tx)?;
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
        let audit_head = last_head(&self.conn)?;
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
            audit_head,
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
        let (tx, key, label) = self.write()?;
        let mut audit = AuditWriter::start(&tx, &key, label)?;
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
        let decision_id = tx.last_insert_rowid();
        audit.append_rows(
            &tx,
            actor,
            "queue.claim",
            &format!("queue:{item}"),
            Some(&item_json(&old)),
            item_json(&new),
            &[("queue_items", item), ("decisions", decision_id)],
        )?;
        audit.finish(&tx)?;
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
        let (tx, key, label) = self.write()?;
        let mut audit = AuditWriter::start(&tx, &key, label)?;
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
        let mut written = vec![("queue_items", item), ("decisions", decision_id)];
        if let Some(text) = d.note.as_deref().filter(|t| !t.trim().is_empty()) {
            tx.execute(
                "INSERT INTO notes (item, decision, at, user, text) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![item, decision_id, at, actor.user, text],
            )?;
            written.push(("notes", tx.last_insert_rowid()));
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
                written.push(("exam_results", tx.last_insert_rowid()));
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
            let suppression_id = tx.last_insert_rowid();
            audit.append_rows(
                &tx,
                actor,
                "suppression.create",
                &format!("suppression:{suppression_id}"),
                None,
                serde_json::json!({
                    "party_name": hit.party_name,
                    "list": hit.list,
                    "entry_id": hit.entry_id,
                    "fingerprint": fingerprint,
                    "expires": expires,
                    "reason_code": d.reason_code,
                    "queue_item": item,
                }),
                &[("suppressions", suppression_id)],
            )?;
        }
        let mut new_json = item_json(&new);
        new_json["decision"] = serde_json::json!({
            "action": d.action,
            "reason_code": d.reason_code,
            "note": d.note,
            "hit": d.hit,
        });
        audit.append_rows(
            &tx,
            actor,
            "queue.decide",
            &format!("queue:{item}"),
            Some(&item_json(&old)),
            new_json,
            &written,
        )?;
        audit.finish(&tx)?;
        tx.commit()?;
        Ok(new)
    }

    fn add_note(&mut self, item: i64, text: &str, actor: &Actor) -> Result<(), StoreError> {
        let (tx, key, label) = self.write()?;
        let mut audit = AuditWriter::start(&tx, &key, label)?;
        load_item(&tx, item)?;
        tx.execute(
            "INSERT INTO notes (item, decision, at, user, text) VALUES (?1, NULL, ?2, ?3, ?4)",
            params![item, actor.at_text(), actor.user, text],
        )?;
        let note_id = tx.last_insert_rowid();
        audit.append_rows(
            &tx,
            actor,
            "queue.note",
            &format!("queue:{item}"),
            None,
            serde_json::json!({ "note": text }),
            &[("notes", note_id)],
        )?;
        audit.finish(&tx)?;
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
        let (tx, key, label) = self.write()?;
        let mut audit = AuditWriter::start(&tx, &key, label)?;
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
            audit.append_rows(
                &tx,
                actor,
                "assessment.rescreen",
                &format!("shipment:{bill}"),
                None,
                serde_json::json!({
                    "assessment": assessment_id,
                    "lane": r.assessment.lane,
                    "score": r.assessment.score,
                    "reason": reason,
                    "lists": lists,
                }),
                &[("assessments", assessment_id)],
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
        audit.finish(&tx)?;
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

    fn audit_head(&self) -> Result<AuditHead, StoreError> {
        last_head(&self.conn)
    }

    /// The chain, the signed checkpoint against the log's last record, every covered row
    /// against the record that last wrote it, and the anchor if given.
    fn verify_audit_with(
        &self,
        anchor: Option<(&str, &AuditHead)>,
    ) -> Result<AuditVerdict, StoreError> {
        let records = self.audit_records()?;
        let mut verdict = audit::verify(&records);
        let head = AuditHead::of(&records);
        verdict.checkpoint = match self.checkpoint()? {
            None => CheckpointCheck::Mismatch {
                why: format!(
                    "the store has no audit checkpoint (removed, or written by a hubscreen before schema 2: open it once with a write command to migrate), so records could be missing from the end of the log; the log ends at record {}",
                    head.seq
                ),
            },
            Some(c) => match (self.key.as_deref(), c.problem(self.key.as_deref(), &head)) {
                (_, Some(why)) => CheckpointCheck::Mismatch { why },
                (Some(key), None) => CheckpointCheck::Verified {
                    seq: c.seq,
                    at: c.at,
                    key: key.path().display().to_string(),
                },
                (None, None) => CheckpointCheck::Unauthenticated {
                    why: format!(
                        "{}, so the checkpoint's signature cannot be checked (the checkpoint names record {}, as the log does, but anyone can write that); pass the --data-dir the store was written with, or check it against an anchor (--anchor FILE)",
                        self.key_error
                            .clone()
                            .unwrap_or_else(|| format!("no key at {}", self.key_path.display())),
                        c.seq
                    ),
                },
            },
        };
        verdict.rows = rows::check(&self.conn, &records)?;
        verdict.anchor = anchor.map(|(file, head)| audit::check_anchor(&records, file, head));
        Ok(verdict)
    }
}

impl SqliteStore {
    /// The signed checkpoint as stored, for an export to carry.
    pub fn audit_checkpoint(&self) -> Result<Option<Checkpoint>, StoreError> {
        self.checkpoint()
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
