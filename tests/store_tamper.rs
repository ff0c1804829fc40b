//! The audit trail against someone who has the store file: a cut tail, a chain rewritten with
//! recomputed hashes, an older copy put back, rows edited under the log, and read-only
//! commands that must neither create a store nor write to one.
//!
//! Tampering goes through a raw SQLite connection, as the sqlite3 shell would: the log's
//! triggers refuse UPDATE and DELETE, so a tamperer drops them first.

mod common;

mod store_common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chrono::Utc;
use hubscreen::store::{self, Action, NewDecision, QueueFilter, Store};
use store_common::*;

const LISTED: &str = "ZAGROS PETROCHEMICAL SUPPLY COMPANY";
const OTHER: &str = "KARUN RIVER SHIPPING AGENCY";
const CLEAN: &str = "BLUE LAGOON HOUSEHOLD GOODS TRADING";

/// The binary on a store, with the store's folder as data directory (where its key lives).
fn hubscreen(store: &Path, args: &[&str]) -> Output {
    common::hubscreen_at(store.parent().unwrap())
        .arg("--store")
        .arg(store)
        .arg("--data-dir")
        .arg(store.parent().unwrap())
        .args(args)
        .env_remove("HUBSCREEN_STORE")
        .env("HOME", store.parent().unwrap())
        .output()
        .unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn decision(item: i64, action: Action, reason: &str, note: Option<&str>) -> NewDecision {
    NewDecision {
        item,
        action,
        reason_code: Some(reason.into()),
        note: note.map(str::to_string),
        hit: None,
        expected_version: 0,
    }
}

/// A store with a referred and examined item (decisions, a note, exam results) and an item
/// closed as a false positive (a suppression); 15 audit records.
fn populated(dir: &Path) -> PathBuf {
    let path = dir.join("hubscreen.db");
    let mut db = open(&path);
    let s = screener(list("v1", vec![org("Z1", LISTED), org("Z2", OTHER)]));
    let alice = at("alice", Utc::now());
    let bills = [
        ("B1", LISTED),
        ("B2", OTHER),
        ("B3", CLEAN),
        ("B4", CLEAN),
        ("B5", CLEAN),
        ("B6", CLEAN),
    ];
    let file = ingested(
        "feeder.json",
        bills.iter().map(|(b, c)| shipment(b, c)).collect(),
    );
    hubscreen::service::screen_and_record(&mut db, &s, &file, &alice, &|_, _| {}).unwrap();
    let items = db.queue(&QueueFilter::default()).unwrap();
    let id = |bill: &str| items.iter().find(|i| i.bill_of_lading == bill).unwrap().id;
    let (b1, b2) = (id("B1"), id("B2"));
    let v = db.claim(b1, 1, &alice).unwrap().version;
    let mut d = decision(b1, Action::Refer, "DENIED-PARTY", Some("listed consignee"));
    d.expected_version = v;
    let v = db.decide(&d, &alice).unwrap().version;
    let mut d = decision(b1, Action::ExamFound, "PHYSICAL-EXAM", None);
    d.expected_version = v;
    db.decide(&d, &alice).unwrap();
    let mut d = decision(
        b2,
        Action::FalsePositive,
        "DIFFERENT-ENTITY",
        Some("other firm"),
    );
    d.hit = Some(1);
    d.expected_version = 1;
    db.decide(&d, &alice).unwrap();
    db.add_note(b1, "container seized", &alice).unwrap();
    drop(db);
    path
}

/// A copy of the store (closed, so the file holds everything) in a new folder, with its key.
fn copy_of(store: &Path) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(store.parent().unwrap()).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
        }
    }
    let path = dir.path().join(store.file_name().unwrap());
    (dir, path)
}

/// A connection as a tamperer holds it: the append-only guards dropped.
fn tamper(store: &Path, sql: &str) {
    let raw = rusqlite::Connection::open(store).unwrap();
    raw.execute_batch(
        "DROP TRIGGER IF EXISTS audit_log_no_update;
         DROP TRIGGER IF EXISTS audit_log_no_delete;",
    )
    .unwrap();
    raw.execute_batch(sql).unwrap();
}

/// An audit row as the tamperer reads it: seq, at, user, action, item, old, new.
type RawRecord = (
    i64,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
);

fn verify_json(store: &Path, extra: &[&str]) -> (Option<i32>, serde_json::Value, String) {
    let mut args = vec!["audit", "verify", "--json"];
    args.extend_from_slice(extra);
    let o = hubscreen(store, &args);
    let json = serde_json::from_slice(&o.stdout).unwrap_or(serde_json::Value::Null);
    (o.status.code(), json, text(&o))
}

#[test]
fn an_untouched_store_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let store = populated(dir.path());
    let o = hubscreen(&store, &["audit", "verify"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("15 records"), "{}", text(&o));
}

#[test]
fn cutting_the_tail_off_the_log_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let store = populated(dir.path());
    for (cut, sql) in [
        ("the last record", "DELETE FROM audit_log WHERE seq = 15"),
        ("the last ten", "DELETE FROM audit_log WHERE seq > 5"),
        ("every record", "DELETE FROM audit_log"),
    ] {
        let (_keep, copy) = copy_of(&store);
        tamper(&copy, sql);
        let o = hubscreen(&copy, &["audit", "verify"]);
        assert_eq!(o.status.code(), Some(2), "{cut}: {}", text(&o));
        assert!(
            text(&o).contains("checkpoint") && text(&o).contains("record 15"),
            "{cut}: the message names the checkpoint's head: {}",
            text(&o)
        );
        // Removing the checkpoint too does not help.
        tamper(&copy, "DELETE FROM audit_checkpoint");
        let o = hubscreen(&copy, &["audit", "verify"]);
        assert_eq!(o.status.code(), Some(2), "{cut}: {}", text(&o));
    }
}

#[test]
fn a_chain_rewritten_with_recomputed_hashes_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let store = populated(dir.path());
    let (_keep, copy) = copy_of(&store);
    // Put mallory in record 11 and recompute every hash from there on, as anyone can: the
    // hash function is public.
    let raw = rusqlite::Connection::open(&copy).unwrap();
    raw.execute_batch("DROP TRIGGER audit_log_no_update;")
        .unwrap();
    raw.execute("UPDATE audit_log SET user = 'mallory' WHERE seq = 11", [])
        .unwrap();
    let rows: Vec<RawRecord> = raw
        .prepare("SELECT seq, at, user, action, item, old, new FROM audit_log ORDER BY seq")
        .unwrap()
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut prev = store::audit::GENESIS.to_string();
    for (seq, at, user, action, item, old, new) in rows {
        let hash = store::audit::record_hash(
            seq,
            &at,
            &user,
            &action,
            &item,
            old.as_deref(),
            new.as_deref(),
            &prev,
        );
        raw.execute(
            "UPDATE audit_log SET prev_hash = ?1, hash = ?2 WHERE seq = ?3",
            rusqlite::params![prev, hash, seq],
        )
        .unwrap();
        prev = hash;
    }
    let (code, json, out) = verify_json(&copy, &[]);
    assert_eq!(code, Some(2), "{out}");
    assert_eq!(
        json["broken"],
        serde_json::Value::Null,
        "the chain itself holds"
    );
    assert!(out.contains("checkpoint"), "{out}");

    // Moving the checkpoint to the new head needs the key.
    raw.execute(
        "UPDATE audit_checkpoint SET hash = ?1",
        rusqlite::params![prev],
    )
    .unwrap();
    drop(raw);
    let (code, _, out) = verify_json(&copy, &[]);
    assert_eq!(code, Some(2), "{out}");
    assert!(out.contains("MAC") || out.contains("key"), "{out}");
}

#[test]
fn an_anchor_catches_an_older_copy_of_the_store_put_back() {
    let dir = tempfile::tempdir().unwrap();
    let store = populated(dir.path());
    let old = dir.path().join("old.db");
    std::fs::copy(&store, &old).unwrap();
    let o = hubscreen(&store, &["queue", "note", "1", "one more note"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let anchor = dir.path().join("anchor.json");
    let o = hubscreen(
        &store,
        &["audit", "anchor", "--out", anchor.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let written: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&anchor).unwrap()).unwrap();
    assert_eq!(written["audit_head"]["seq"], 16, "{written}");

    // Put the older copy back: its own checkpoint is genuine, so only an anchor kept outside
    // the store can tell (the README says so).
    std::fs::copy(&old, &store).unwrap();
    let o = hubscreen(&store, &["audit", "verify"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = hubscreen(
        &store,
        &["audit", "verify", "--anchor", anchor.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains("record 16") && text(&o).contains("ends at record 15"),
        "{}",
        text(&o)
    );

    // An anchor is not written for a log that does not verify.
    tamper(&store, "DELETE FROM audit_log WHERE seq = 15");
    let refused = dir.path().join("refused.json");
    let o = hubscreen(
        &store,
        &["audit", "anchor", "--out", refused.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(!refused.exists());
}

#[test]
fn exports_and_referral_packages_carry_the_audit_head() {
    let dir = tempfile::tempdir().unwrap();
    let store = populated(dir.path());
    let o = hubscreen(&store, &["audit", "export"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let (trailer, records) = lines.split_last().unwrap();
    assert_eq!(records.len(), 15);
    assert_eq!(trailer["audit_head"]["seq"], 15);
    assert_eq!(trailer["audit_head"]["hash"], records[14]["hash"]);

    let o = hubscreen(&store, &["queue", "export", "1", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let package: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(package["audit_head"], trailer["audit_head"]);
    let o = hubscreen(&store, &["queue", "export", "1", "--format", "md"]);
    let md = String::from_utf8_lossy(&o.stdout);
    assert!(
        md.contains(trailer["audit_head"]["hash"].as_str().unwrap()),
        "{md}"
    );

    // Either file serves as an anchor.
    let export = dir.path().join("audit.jsonl");
    std::fs::write(&export, &hubscreen(&store, &["audit", "export"]).stdout).unwrap();
    let o = hubscreen(
        &store,
        &["audit", "verify", "--anchor", export.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
}

#[test]
fn an_edited_row_is_named_by_table_row_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let store = populated(dir.path());
    let cases = [
        (
            "UPDATE decisions SET user = 'mallory' WHERE action = 'refer'",
            "decisions",
            "user",
        ),
        (
            "UPDATE notes SET text = 'nothing' WHERE text = 'container seized'",
            "notes",
            "text",
        ),
        (
            "UPDATE queue_items SET state = 'cleared' WHERE bill_of_lading = 'B1'",
            "queue_items",
            "state",
        ),
        (
            "UPDATE exam_results SET result = 'nothing_found'",
            "exam_results",
            "result",
        ),
        (
            "UPDATE suppressions SET expires = '2999-01-01T00:00:00.000000Z'",
            "suppressions",
            "expires",
        ),
        (
            "UPDATE shipments SET body = replace(body, 'ZAGROS', 'ZAGREB')
             WHERE bill_of_lading = 'B1'",
            "shipments",
            "body_sha256",
        ),
        (
            "UPDATE assessments SET body = replace(body, '\"red\"', '\"green\"')",
            "assessments",
            "body_sha256",
        ),
        (
            "UPDATE list_versions SET version = 'v0'",
            "assessments",
            "lists",
        ),
        (
            "UPDATE ingest_runs SET user = 'mallory'",
            "ingest_runs",
            "user",
        ),
    ];
    for (sql, table, field) in cases {
        let (_keep, copy) = copy_of(&store);
        tamper(&copy, sql);
        let (code, json, out) = verify_json(&copy, &[]);
        assert_eq!(code, Some(2), "{sql}: {out}");
        let problems = json["rows"]["problems"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert!(
            problems
                .iter()
                .any(|p| p["table"] == table && p["field"] == field && p["row"].is_i64()),
            "{sql}: expected {table}.{field} among {problems:?}\n{out}"
        );
        let o = hubscreen(&copy, &["audit", "verify"]);
        assert!(
            text(&o).contains(&format!("{table} row")) && text(&o).contains(field),
            "{sql}: {}",
            text(&o)
        );
    }

    // A removed note and a decision added outside hubscreen are found too.
    for (sql, table) in [
        ("DELETE FROM notes WHERE text = 'container seized'", "notes"),
        (
            "INSERT INTO decisions (item, assessment, at, user, action, reason_code, note, hit,
                 from_state, to_state, item_version)
             SELECT item, assessment, at, 'mallory', 'clear', 'KNOWN-TRADER', NULL, NULL,
                 'found', 'cleared', 99 FROM decisions LIMIT 1",
            "decisions",
        ),
    ] {
        let (_keep, copy) = copy_of(&store);
        tamper(&copy, sql);
        let (code, json, out) = verify_json(&copy, &[]);
        assert_eq!(code, Some(2), "{sql}: {out}");
        assert!(
            json["rows"]["problems"]
                .as_array()
                .is_some_and(|p| p.iter().any(|p| p["table"] == table)),
            "{sql}: {out}"
        );
    }
}

#[test]
fn a_referral_is_not_exported_from_edited_rows() {
    let dir = tempfile::tempdir().unwrap();
    let store = populated(dir.path());
    let (_keep, copy) = copy_of(&store);
    tamper(
        &copy,
        "UPDATE decisions SET user = 'mallory' WHERE action = 'refer'",
    );
    let o = hubscreen(&copy, &["queue", "export", "1", "--format", "md"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(!String::from_utf8_lossy(&o.stdout).contains("mallory"));
    assert!(text(&o).contains("decisions row"), "{}", text(&o));
}

#[test]
fn read_only_commands_never_create_a_store() {
    let dir = tempfile::tempdir().unwrap();
    let typo = dir.path().join("no-such-folder").join("hubscraen.db");
    let out = dir.path().join("out.json");
    for args in [
        &["queue", "list"][..],
        &["queue", "show", "1"],
        &["queue", "stats"],
        &["queue", "export", "1"],
        &["audit", "verify"],
        &["audit", "export"],
        &["audit", "anchor", "--out", out.to_str().unwrap()],
        &["queue", "claim", "1"],
        &["queue", "note", "1", "hello"],
    ] {
        let o = common::hubscreen_at(dir.path())
            .arg("--store")
            .arg(&typo)
            .arg("--data-dir")
            .arg(dir.path().join("data"))
            .args(args)
            .env_remove("HUBSCREEN_STORE")
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", text(&o));
        assert!(
            text(&o).contains(&typo.display().to_string()) && text(&o).contains("no store"),
            "{args:?}: the error names the path: {}",
            text(&o)
        );
        assert!(!typo.parent().unwrap().exists(), "{args:?} created a store");
    }
}

/// Every file in a folder with its bytes and modification time.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>, std::time::SystemTime)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let m = e.metadata().unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
                m.modified().unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn read_only_commands_leave_the_store_folder_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let store = populated(dir.path());
    let before = snapshot(dir.path());
    for args in [
        &["queue", "list"][..],
        &["queue", "show", "1"],
        &["queue", "stats"],
        &["queue", "export", "1"],
        &["audit", "verify"],
        &["audit", "export"],
    ] {
        let o = hubscreen(&store, args);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", text(&o));
    }
    let after = snapshot(dir.path());
    let names = |s: &[(String, Vec<u8>, std::time::SystemTime)]| {
        s.iter().map(|f| f.0.clone()).collect::<Vec<_>>()
    };
    assert_eq!(names(&before), names(&after), "no file created or removed");
    assert!(before == after, "no file changed");
}

/// A store in a folder this user cannot write, its file read-only too. Tests run as root,
/// whom permissions do not stop, so then the commands run as `nobody` (through setpriv).
#[cfg(unix)]
#[test]
fn a_store_in_a_folder_that_cannot_be_written_is_still_read() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("archive");
    std::fs::create_dir(&folder).unwrap();
    let store = populated(&folder);
    let anchor = dir.path().join("anchor.json");
    let o = hubscreen(
        &store,
        &["audit", "anchor", "--out", anchor.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let before = snapshot(&folder);
    for (path, mode) in [
        (dir.path(), 0o755),
        (&folder, 0o555),
        (&store, 0o444),
        (&anchor, 0o644),
    ] {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
    }
    let root = std::fs::metadata("/proc/self").is_ok_and(|m| {
        use std::os::unix::fs::MetadataExt;
        m.uid() == 0
    });
    let as_reader = |args: &[&str]| -> Output {
        let mut c = if root {
            let mut c = Command::new("setpriv");
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
                .arg(env!("CARGO_BIN_EXE_hubscreen"));
            common::hermetic(&mut c, dir.path());
            c
        } else {
            common::hubscreen_at(dir.path())
        };
        c.arg("--store")
            .arg(&store)
            .arg("--data-dir")
            .arg(&folder)
            .args(args)
            .env_remove("HUBSCREEN_STORE")
            .env("HOME", dir.path())
            .output()
            .unwrap()
    };
    let o = as_reader(&["queue", "list", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let items: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(items.as_array().unwrap().len(), 2, "{items}");
    let o = as_reader(&["audit", "export"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(String::from_utf8_lossy(&o.stdout).lines().count(), 16);
    // The reader cannot read the key (0600, its owner's), so the checkpoint cannot be
    // authenticated: verify says so; an anchor from the owner stands in for it.
    let o = as_reader(&["audit", "verify"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("audit.key"), "{}", text(&o));
    let o = as_reader(&["audit", "verify", "--anchor", anchor.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert!(snapshot(&folder) == before, "the reader changed nothing");
}

#[test]
fn a_store_from_before_checkpoints_migrates_and_says_what_it_could_not_check() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hubscreen.db");
    // A schema-1 store as an older hubscreen left it: one ingest run and its audit record.
    let raw = rusqlite::Connection::open(&path).unwrap();
    raw.execute_batch(store::schema::MIGRATIONS[0].1).unwrap();
    raw.execute_batch(
        "PRAGMA user_version = 1;
         INSERT INTO ingest_runs (file, format, sha256, at, user, shipments, new_versions,
             unchanged, errors, warnings, problems)
         VALUES ('old.csv', 'csv', 'abc', '2025-01-01T00:00:00.000000Z', 'alice', 0, 0, 0, 0, 0, '[]');",
    )
    .unwrap();
    let new = r#"{"file":"old.csv"}"#;
    let at = "2025-01-01T00:00:00.000000Z";
    let hash = store::audit::record_hash(
        1,
        at,
        "alice",
        "ingest",
        "ingest:1",
        None,
        Some(new),
        store::audit::GENESIS,
    );
    raw.execute(
        "INSERT INTO audit_log VALUES (1, ?1, 'alice', 'ingest', 'ingest:1', NULL, ?2, ?3, ?4)",
        rusqlite::params![at, new, store::audit::GENESIS, hash],
    )
    .unwrap();
    drop(raw);

    let (code, _, out) = verify_json(&path, &[]);
    assert_eq!(
        code,
        Some(2),
        "read-only, nothing migrated, no checkpoint: {out}"
    );
    assert!(out.contains("schema 2"), "{out}");

    // A write migrates it: the old rows are named in a record, and the head is signed.
    let o = hubscreen(&path, &["queue", "note", "1", "hello"]);
    assert_eq!(o.status.code(), Some(2), "no queue item 1: {}", text(&o));
    let db = open(&path);
    let verdict = db.verify_audit().unwrap();
    assert!(verdict.holds(), "{:?}", verdict.problems());
    assert_eq!(verdict.rows.before_coverage, 1, "{verdict:?}");
    assert_eq!(db.audit_records().unwrap()[1].action, "store.migrate");
    drop(db);
    let o = hubscreen(&path, &["audit", "verify"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(
        text(&o).contains("1 written before row coverage"),
        "{}",
        text(&o)
    );
}

#[test]
fn officers_with_their_own_data_directories_share_one_store_and_its_key() {
    // Two officers, each with their own home and data directory, work one store on a shared
    // folder: the key is found beside the store, so the second officer's decision is signed
    // with the same key and the log verifies for both.
    let dir = tempfile::tempdir().unwrap();
    let store = populated(dir.path());
    let as_officer = |home: &str, args: &[&str]| {
        let home = dir.path().join(home);
        std::fs::create_dir_all(&home).unwrap();
        common::hubscreen_at(&home)
            .arg("--store")
            .arg(&store)
            .arg("--data-dir")
            .arg(home.join("data"))
            .args(args)
            .env_remove("HUBSCREEN_STORE")
            .env("HOME", &home)
            .output()
            .unwrap()
    };
    let out = as_officer("bob", &["queue", "note", "2", "called the agent"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    for officer in ["bob", "carol"] {
        let out = as_officer(officer, &["audit", "verify"]);
        assert_eq!(out.status.code(), Some(0), "{officer}: {}", text(&out));
    }
    assert!(!dir.path().join("bob/data").join("audit.key").exists());
}

/// A time that is not a time (an edited `updated_at`, a damaged audit record's `at`) stops the
/// read with what and where, never shows as 1970 or another instant.
#[test]
fn a_damaged_time_is_an_error_not_1970() {
    let dir = tempfile::tempdir().unwrap();
    let store = populated(dir.path());
    let (_copy, edited) = copy_of(&store);
    tamper(
        &edited,
        "UPDATE queue_items SET updated_at = 'last tuesday' WHERE id = (SELECT MIN(id) FROM queue_items);",
    );
    let o = hubscreen(&edited, &["queue", "list", "--json"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("last tuesday"), "{}", text(&o));
    assert!(!text(&o).contains("1970"), "{}", text(&o));

    let (_copy, edited) = copy_of(&store);
    tamper(&edited, "UPDATE audit_log SET at = 'soon' WHERE seq = 2;");
    let backend = hubscreen::tui::store_backend::StoreBackend::open(
        &edited,
        &edited.parent().unwrap().join("data"),
        hubscreen::config::Config::default(),
        std::sync::Arc::new(Utc::now),
    )
    .unwrap();
    let err = hubscreen::tui::data::DashboardBackend::audit(&backend)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("audit record 2") && err.contains("soon"),
        "{err}"
    );
}
