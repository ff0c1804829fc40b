//! Storing a 10,000-bill manifest: ingest, screen and store in one transaction, and storing
//! alone (assessments made beforehand). The manifest is the bundled feeder manifest repeated
//! with new bill numbers; the lists are the bundled samples. The database size is printed once.
//! Run: `cargo bench --bench store`.

#[path = "../tests/store_common/mod.rs"]
mod store_common;

use std::path::{Path, PathBuf};
use std::sync::{LazyLock, Once};

use chrono::Utc;
use divan::Bencher;
use hubscreen::config::{Config, WorkflowConfig};
use hubscreen::ingest::{self, IngestOptions, Ingested};
use hubscreen::lists::bundled;
use hubscreen::model::Assessment;
use hubscreen::screen::Screener;
use hubscreen::store::{self, Actor, IngestRecord, ListVersion, SqliteStore, Store};

fn main() {
    divan::main();
}

const BILLS: usize = 10_000;

struct Fixture {
    _dir: tempfile::TempDir,
    path: PathBuf,
    ingested: Ingested,
    screener: Screener,
    assessments: Vec<Assessment>,
}

static FIXTURE: LazyLock<Fixture> = LazyLock::new(|| {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("manifest_10k.csv");
    let (csv, bills) = store_common::big_manifest_csv(BILLS);
    std::fs::write(&path, csv).unwrap();
    let ingested = ingest::ingest_path(&path, &IngestOptions::default()).unwrap();
    assert_eq!(ingested.manifest.shipments.len(), bills);
    let screener = Screener::new(
        bundled::watchlists().unwrap(),
        bundled::goods().unwrap(),
        Config::default(),
    );
    let assessments = screener.screen_manifest(&ingested.manifest);
    Fixture {
        _dir: dir,
        path,
        ingested,
        screener,
        assessments,
    }
});

fn fresh_store() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hubscreen.db");
    (dir, db)
}

/// Main file plus write-ahead log: what the store takes on disk right after the ingest.
fn report_size(db: &Path, what: &str) {
    let size = |p: PathBuf| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    let main = size(db.to_path_buf());
    let wal = size(db.with_extension("db-wal"));
    eprintln!(
        "{what}: {} bills -> database {:.1} MB ({:.1} MB file + {:.1} MB WAL), {:.0} bytes per bill",
        FIXTURE.ingested.manifest.shipments.len(),
        (main + wal) as f64 / 1e6,
        main as f64 / 1e6,
        wal as f64 / 1e6,
        (main + wal) as f64 / FIXTURE.ingested.manifest.shipments.len() as f64
    );
}

/// Read the file, screen every bill, store everything: what `hubscreen ingest` does.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn ingest_screen_and_store_10k_bills(bencher: Bencher) {
    static SIZE: Once = Once::new();
    let fx = &*FIXTURE;
    bencher
        .with_inputs(fresh_store)
        .bench_local_values(|(dir, db)| {
            let mut store = SqliteStore::open(&db, WorkflowConfig::default()).unwrap();
            let ingested = ingest::ingest_path(&fx.path, &IngestOptions::default()).unwrap();
            let outcome = hubscreen::service::screen_and_record(
                &mut store,
                &fx.screener,
                &ingested,
                &Actor::now("bench"),
                &|_, _| {},
            )
            .unwrap();
            assert_eq!(outcome.new_versions, ingested.manifest.shipments.len());
            SIZE.call_once(|| report_size(&db, "ingest"));
            (dir, store)
        });
}

/// Storing alone: the run, 10,000 shipments, their assessments, queue items and audit records,
/// in one transaction.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn store_10k_screened_bills(bencher: Bencher) {
    let fx = &*FIXTURE;
    let prints = store::entry_prints(fx.screener.lists(), &store::hit_keys(&fx.assessments));
    bencher
        .with_inputs(fresh_store)
        .bench_local_values(|(dir, db)| {
            let mut store = SqliteStore::open(&db, WorkflowConfig::default()).unwrap();
            store
                .record_ingest(
                    &IngestRecord {
                        ingested: &fx.ingested,
                        assessments: &fx.assessments,
                        lists: ListVersion::all(fx.screener.lists()),
                        prints: prints.clone(),
                    },
                    &Actor {
                        user: "bench".into(),
                        at: Utc::now(),
                    },
                )
                .unwrap();
            (dir, store)
        });
}
