//! A process killed at any moment leaves the store consistent. The real binary ingests a
//! manifest of a few thousand bills and is killed with SIGKILL after a random delay, several
//! times; each time the store must open, its audit chain must verify, and ingesting again must
//! complete the work: every bill stored once, no duplicates, one ingest run.

mod common;

mod store_common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rusqlite::Connection;
use store_common::*;

const RUNS: u64 = 6;

fn hubscreen(store: &Path, data: &Path) -> Command {
    let mut c = common::hubscreen_at(data);
    c.arg("--store")
        .arg(store)
        .arg("--data-dir")
        .arg(data)
        .env_remove("HUBSCREEN_STORE")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}

/// (shipments, distinct bills, ingest runs) in the store; all 0 when the process was killed
/// after SQLite created the file and before the schema was committed.
fn counts(store: &Path) -> (i64, i64, i64) {
    let c = Connection::open(store).unwrap();
    let q = |sql: &str| c.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
    if q("SELECT COUNT(*) FROM sqlite_master WHERE name = 'shipments'") == 0 {
        return (0, 0, 0);
    }
    (
        q("SELECT COUNT(*) FROM shipments"),
        q("SELECT COUNT(DISTINCT bill_of_lading) FROM shipments"),
        q("SELECT COUNT(*) FROM ingest_runs"),
    )
}

#[test]
fn an_ingest_killed_at_random_points_either_happened_or_did_not() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let manifest = dir.path().join("big.csv");
    let (csv, bills) = big_manifest_csv(3000);
    std::fs::write(&manifest, csv).unwrap();

    // One uninterrupted run tells how long an ingest takes here, and what it stores.
    let reference = dir.path().join("reference.db");
    let started = Instant::now();
    let status = hubscreen(&reference, &data)
        .arg("ingest")
        .arg(&manifest)
        .status()
        .unwrap();
    let full = started.elapsed();
    assert!(matches!(status.code(), Some(0 | 2)), "{status}");
    let expected = counts(&reference);
    assert_eq!(expected, (bills as i64, bills as i64, 1));
    eprintln!("uninterrupted ingest of {bills} bills: {full:?}");

    let mut seed: u64 = 0x5EED_CAFE;
    let mut killed_before_commit = 0;
    for run in 0..RUNS {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let delay = Duration::from_micros(seed % (full.as_micros() as u64 + 1));
        let store = dir.path().join(format!("run{run}.db"));
        let mut child = hubscreen(&store, &data)
            .arg("ingest")
            .arg(&manifest)
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        // SIGKILL on Unix: no destructor, no rollback, no flush.
        let _ = child.kill();
        let killed = child.wait().unwrap();

        if store.exists() {
            let (shipments, _, runs) = counts(&store);
            assert!(
                (shipments, runs) == (0, 0) || (shipments, runs) == (expected.0, 1),
                "run {run}: half an ingest is visible: {shipments} shipments, {runs} runs"
            );
            if runs == 0 {
                killed_before_commit += 1;
            }
            let verify = hubscreen(&store, &data)
                .args(["audit", "verify"])
                .stderr(Stdio::piped())
                .output()
                .unwrap();
            // Killed before the store's creation committed: an empty file, which verify
            // refuses (an empty file put in a store's place must never verify).
            let created: i64 = rusqlite::Connection::open(&store)
                .and_then(|c| c.query_row("PRAGMA user_version", [], |r| r.get(0)))
                .unwrap_or(0);
            let stderr = String::from_utf8_lossy(&verify.stderr);
            assert!(
                verify.status.success()
                    || (created == 0 && stderr.contains("not a hubscreen store")),
                "run {run}: audit verify after kill: {stderr}"
            );
        }
        let again = hubscreen(&store, &data)
            .arg("ingest")
            .arg(&manifest)
            .status()
            .unwrap();
        assert!(matches!(again.code(), Some(0 | 2)), "run {run}: {again}");
        assert_eq!(
            counts(&store),
            expected,
            "run {run} (killed after {delay:?}: {killed})"
        );
        let verify = hubscreen(&store, &data)
            .args(["audit", "verify"])
            .status()
            .unwrap();
        assert!(verify.success(), "run {run}: audit verify after re-ingest");
    }
    eprintln!("{killed_before_commit} of {RUNS} kills landed before the ingest committed");
}
