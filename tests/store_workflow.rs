//! The SQLite store under the trait: an audit log row changed through a raw connection is
//! found and named. The workflow itself (ingest, claim, decide, examine, export, re-ingest,
//! amended bills, suppressions, re-screening) is in `store_behaviour.rs`, run for every backend.

mod common;

mod store_common;

use chrono::Utc;
use hubscreen::store::{Action, NewDecision, QueueFilter, Store};
use store_common::*;

const LISTED: &str = "ZAGROS PETROCHEMICAL SUPPLY COMPANY";
const CLEAN: &str = "BLUE LAGOON HOUSEHOLD GOODS TRADING";

fn decision(item: i64, action: Action, reason: &str, version: i64) -> NewDecision {
    NewDecision {
        item,
        action,
        reason_code: Some(reason.into()),
        note: None,
        hit: None,
        expected_version: version,
    }
}

#[test]
fn tampering_with_one_audit_row_is_found_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_in(&dir);
    let mut db = open(&path);
    let s = screener(list("v1", vec![org("Z1", LISTED)]));
    let alice = at("alice", Utc::now());
    hubscreen::service::screen_and_record(
        &mut db,
        &s,
        &ingested(
            "a.json",
            vec![shipment("B1", LISTED), shipment("B2", CLEAN)],
        ),
        &alice,
        &|_, _| {},
    )
    .unwrap();
    let item = db.queue(&QueueFilter::default()).unwrap()[0].id;
    db.decide(&decision(item, Action::Clear, "KNOWN-TRADER", 1), &alice)
        .unwrap();
    assert_eq!(db.verify_audit().unwrap().broken, None);

    // A plain UPDATE on another connection, as the sqlite3 shell would do it. The log refuses
    // updates; whoever tampers drops that guard first.
    let raw = rusqlite::Connection::open(&path).unwrap();
    let refused = raw.execute("UPDATE audit_log SET user = 'mallory' WHERE seq = 3", []);
    assert!(refused.is_err(), "the audit log is append-only");
    raw.execute_batch(
        "DROP TRIGGER audit_log_no_update;
         UPDATE audit_log SET user = 'mallory' WHERE seq = 3;",
    )
    .unwrap();
    drop(raw);

    let verdict = open(&path).verify_audit().unwrap();
    let broken = verdict.broken.expect("tampering must be found");
    assert_eq!(broken.seq, 3);
    assert!(broken.why.contains("changed"), "{}", broken.why);

    // The command says so too, names the row, and fails.
    let out = common::hubscreen_at(path.parent().unwrap())
        .args(["audit", "verify", "--store"])
        .arg(&path)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("BROKEN at record 3"), "{stderr}");
}
