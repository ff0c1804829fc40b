//! Opening a store: for writing (creating the file owner-only and migrating its schema) or for
//! reading only (never creating or writing anything). Must not read or write store content
//! beyond the schema version and the first checkpoint.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use super::SqliteStore;
use super::audit_log::{AuditWriter, last_head, write_checkpoint};
use crate::config::WorkflowConfig;
use crate::store::checkpoint::{self, AuditKey, Checkpoint};
use crate::store::{Actor, StoreError, rows, schema};

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
pub(super) struct FileStamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
}

impl FileStamp {
    pub(super) fn of(path: &Path) -> Option<Self> {
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
    let mut audit = AuditWriter::continuing(head, key);
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
    let head = audit.head();
    write_checkpoint(tx, &Checkpoint::new(key, &head, &at))
}
