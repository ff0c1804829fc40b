//! Which rows the audit log vouches for, and how a live row is compared with it.
//!
//! A referral package and an export are built from table rows, not from the audit log, so
//! the log must cover those rows: every audit record written since schema 2 carries, in its
//! `new` value, a `rows` object with the content of each row the change wrote, keyed
//! `"table:id"`. A row's content is its columns by name; a long text column (`body`,
//! `problems`) is recorded as its SHA-256 (`body_sha256`). An assessment also records the
//! list versions its list set resolves to (`lists`) and the entries it hit (`hit_entries`),
//! since the package shows them. `audit verify` recomputes every covered table's rows and
//! compares each with the last record that wrote it, naming the table, row and field.
//!
//! SQLite-specific: it reads the tables directly. It never writes.

use std::collections::{BTreeMap, HashMap};

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::StoreError;
use super::audit::{AuditRecord, RowCheck, RowProblem, hex};

/// One covered table: its plain columns and the long ones recorded by their SHA-256.
struct Covered {
    table: &'static str,
    columns: &'static [&'static str],
    hashed: &'static [&'static str],
}

const TABLES: &[Covered] = &[
    Covered {
        table: "ingest_runs",
        columns: &[
            "file",
            "format",
            "sha256",
            "at",
            "user",
            "shipments",
            "new_versions",
            "unchanged",
            "errors",
            "warnings",
        ],
        hashed: &["problems"],
    },
    Covered {
        table: "manifests",
        columns: &["ingest_run", "reference", "conveyance"],
        hashed: &[],
    },
    Covered {
        table: "shipments",
        columns: &[
            "bill_of_lading",
            "version",
            "content_hash",
            "manifest",
            "created_at",
        ],
        hashed: &["body"],
    },
    Covered {
        table: "assessments",
        columns: &["shipment", "at", "trigger", "lane", "score", "list_set"],
        hashed: &["body"],
    },
    Covered {
        table: "queue_items",
        columns: &[
            "bill_of_lading",
            "shipment",
            "assessment",
            "lane",
            "score",
            "state",
            "reason",
            "claimed_by",
            "version",
            "created_at",
            "updated_at",
            "updated_by",
        ],
        hashed: &[],
    },
    Covered {
        table: "decisions",
        columns: &[
            "item",
            "assessment",
            "at",
            "user",
            "action",
            "reason_code",
            "note",
            "hit",
            "from_state",
            "to_state",
            "item_version",
        ],
        hashed: &[],
    },
    Covered {
        table: "notes",
        columns: &["item", "decision", "at", "user", "text"],
        hashed: &[],
    },
    Covered {
        table: "exam_results",
        columns: &["decision", "item", "result", "kind", "key"],
        hashed: &[],
    },
    Covered {
        table: "suppressions",
        columns: &[
            "party_name",
            "list",
            "entry_id",
            "fingerprint",
            "expires",
            "at",
            "user",
            "reason_code",
            "note",
            "decision",
        ],
        hashed: &[],
    },
];

/// The covered tables' names, in the order a store writes them.
pub fn tables() -> impl Iterator<Item = &'static str> {
    TABLES.iter().map(|t| t.table)
}

fn covered(table: &str) -> Result<&'static Covered, StoreError> {
    TABLES.iter().find(|t| t.table == table).ok_or_else(|| {
        StoreError::Database(format!("table {table} is not covered by the audit log"))
    })
}

fn select(t: &Covered, filter: &str) -> String {
    let columns: Vec<&str> = t.columns.iter().chain(t.hashed).copied().collect();
    format!(
        "SELECT id, {} FROM {} {filter}",
        columns.join(", "),
        t.table
    )
}

fn json_of(v: ValueRef<'_>) -> Value {
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::from(i),
        ValueRef::Real(f) => Value::from(f),
        ValueRef::Text(t) => Value::String(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Value::String(format!("blob:{}", hex(b))),
    }
}

fn sha256_of(v: ValueRef<'_>) -> Value {
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Text(t) | ValueRef::Blob(t) => Value::String(hex(&Sha256::digest(t))),
        other => Value::String(hex(&Sha256::digest(json_of(other).to_string()))),
    }
}

fn row_view(t: &Covered, r: &rusqlite::Row<'_>) -> rusqlite::Result<(i64, Map<String, Value>)> {
    let mut view = Map::new();
    for (i, c) in t.columns.iter().enumerate() {
        view.insert((*c).to_string(), json_of(r.get_ref(i + 1)?));
    }
    for (i, c) in t.hashed.iter().enumerate() {
        view.insert(
            format!("{c}_sha256"),
            sha256_of(r.get_ref(1 + t.columns.len() + i)?),
        );
    }
    Ok((r.get(0)?, view))
}

/// What an assessment's package shows beyond its own columns.
fn add_derived(
    conn: &Connection,
    table: &str,
    id: i64,
    view: &mut Map<String, Value>,
) -> Result<(), StoreError> {
    if table != "assessments" {
        return Ok(());
    }
    let lists = triples(
        conn,
        "SELECT v.name, v.version, v.sha256 FROM assessments a
         JOIN list_set_members m ON m.list_set = a.list_set
         JOIN list_versions v ON v.id = m.list_version
         WHERE a.id = ?1 ORDER BY v.name, v.version, v.sha256",
        id,
    )?;
    let hits = triples(
        conn,
        "SELECT list, entry_id, fingerprint FROM hit_entries WHERE assessment = ?1
         ORDER BY list, entry_id",
        id,
    )?;
    view.insert("lists".into(), Value::Array(lists));
    view.insert("hit_entries".into(), Value::Array(hits));
    Ok(())
}

/// The rows of a query on one id whose three text columns are recorded as `[a, b, c]`.
fn triples(conn: &Connection, sql: &str, id: i64) -> Result<Vec<Value>, StoreError> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt
        .query_map([id], |r| {
            Ok(serde_json::json!([
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?
            ]))
        })?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}

/// The recorded content of the rows `keys` (`(table, id)`), as the `rows` object of an audit
/// record's `new` value.
pub fn record(conn: &Connection, keys: &[(&str, i64)]) -> Result<Value, StoreError> {
    let mut rows = Map::new();
    for (table, id) in keys {
        let t = covered(table)?;
        let found = conn
            .prepare_cached(&select(t, "WHERE id = ?1"))?
            .query_row(params![id], |r| row_view(t, r))
            .optional()?;
        let Some((_, mut view)) = found else {
            return Err(StoreError::Database(format!(
                "{table} row {id} vanished before its audit record was written"
            )));
        };
        add_derived(conn, table, *id, &mut view)?;
        rows.insert(format!("{table}:{id}"), Value::Object(view));
    }
    Ok(Value::Object(rows))
}

/// The action of the record a migration writes, and the key of its `new` value naming the
/// highest row id of each table written before rows were recorded.
pub const MIGRATION_ACTION: &str = "store.migrate";
pub const ROWS_BEFORE: &str = "rows_before";

/// Each covered table's highest row id: what a migration writes into its record.
pub fn highest_ids(conn: &Connection) -> Result<Value, StoreError> {
    let mut out = Map::new();
    for t in tables() {
        let max: i64 =
            conn.query_row(&format!("SELECT COALESCE(MAX(id), 0) FROM {t}"), [], |r| {
                r.get(0)
            })?;
        out.insert(t.to_string(), Value::from(max));
    }
    Ok(Value::Object(out))
}

/// Compares every covered row with the last record that wrote it.
pub fn check(conn: &Connection, records: &[AuditRecord]) -> Result<RowCheck, StoreError> {
    let mut recorded: HashMap<(String, i64), (i64, Map<String, Value>)> = HashMap::new();
    let mut before: HashMap<String, i64> = HashMap::new();
    for r in records {
        let Some(new) = r
            .new
            .as_deref()
            .and_then(|n| serde_json::from_str::<Value>(n).ok())
        else {
            continue;
        };
        if let Some(rows) = new.get("rows").and_then(Value::as_object) {
            for (key, view) in rows {
                let (Some((table, id)), Some(view)) = (key.split_once(':'), view.as_object())
                else {
                    continue;
                };
                let Ok(id) = id.parse::<i64>() else { continue };
                recorded.insert((table.to_string(), id), (r.seq, view.clone()));
            }
        }
        if r.action == MIGRATION_ACTION
            && let Some(ids) = new.get(ROWS_BEFORE).and_then(Value::as_object)
        {
            for (table, max) in ids {
                before.insert(table.clone(), max.as_i64().unwrap_or(0));
            }
        }
    }
    let mut check = RowCheck::default();
    for t in TABLES {
        let mut stmt = conn.prepare(&select(t, "ORDER BY id"))?;
        let live: Vec<(i64, Map<String, Value>)> = stmt
            .query_map([], |r| row_view(t, r))?
            .collect::<Result<_, _>>()?;
        for (id, mut view) in live {
            add_derived(conn, t.table, id, &mut view)?;
            let problem = |field: Option<&str>, seq, recorded, live, why: String| RowProblem {
                table: t.table.to_string(),
                row: id,
                field: field.map(str::to_string),
                seq,
                recorded,
                live,
                why,
            };
            match recorded.remove(&(t.table.to_string(), id)) {
                Some((seq, rec)) => {
                    check.checked += 1;
                    let fields: BTreeMap<&String, ()> =
                        rec.keys().chain(view.keys()).map(|k| (k, ())).collect();
                    for field in fields.keys() {
                        let (was, is) = (rec.get(*field), view.get(*field));
                        if was != is {
                            check.problems.push(problem(
                                Some(field),
                                Some(seq),
                                was.cloned(),
                                is.cloned(),
                                format!(
                                    "is {}, audit record {seq} recorded {}",
                                    shown(is),
                                    shown(was)
                                ),
                            ));
                        }
                    }
                }
                None if id <= before.get(t.table).copied().unwrap_or(0) => {
                    check.before_coverage += 1;
                }
                None => check.problems.push(problem(
                    None,
                    None,
                    None,
                    Some(Value::Object(view)),
                    "is in no audit record: it was added outside hubscreen".into(),
                )),
            }
        }
    }
    let mut removed: Vec<_> = recorded.into_iter().collect();
    removed.sort_by(|a, b| a.0.cmp(&b.0));
    for ((table, row), (seq, rec)) in removed {
        check.problems.push(RowProblem {
            table,
            row,
            field: None,
            seq: Some(seq),
            recorded: Some(Value::Object(rec)),
            live: None,
            why: format!("was removed (audit record {seq} wrote it)"),
        });
    }
    check
        .problems
        .sort_by(|a, b| (&a.table, a.row).cmp(&(&b.table, b.row)));
    Ok(check)
}

fn shown(v: Option<&Value>) -> String {
    match v {
        None => "(no such field)".into(),
        Some(v) => {
            let text = v.to_string();
            if text.chars().count() > 80 {
                format!("{}...", text.chars().take(80).collect::<String>())
            } else {
                text
            }
        }
    }
}
