//! Selectivity controls through the engine and the command line: random selection with a
//! logged seed that replays, lane-rate and cap warnings on a real sample manifest.

use std::process::Command;

use hubscreen::config::Config;
use hubscreen::ingest::{self, IngestOptions};
use hubscreen::lists::bundled;
use hubscreen::model::Lane;
use hubscreen::screen::Screener;
use hubscreen::screen::selectivity::draw;

const FEEDER: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/sample-manifests/feeder_jebel_ali.csv"
);

fn screener(config: &Config) -> Screener {
    Screener::new(
        bundled::watchlists().unwrap(),
        bundled::goods().unwrap(),
        config.clone(),
    )
}

fn config(text: &str) -> Config {
    Config::parse("test.toml", text).unwrap()
}

#[test]
fn random_selection_on_the_feeder_is_logged_and_replays_from_its_seed() {
    let manifest = ingest::ingest_path(std::path::Path::new(FEEDER), &IngestOptions::default())
        .unwrap()
        .manifest;
    let plain = screener(&Config::default()).screen_manifest(&manifest);
    let greens = plain.iter().filter(|a| a.lane == Lane::Green).count();

    let seeded = config("[selectivity]\nrandom = { green = 0.2 }\nseed = 42\n");
    let first = screener(&seeded).screen_manifest(&manifest);
    let picked: Vec<&str> = first
        .iter()
        .filter(|a| a.random_selection.is_some())
        .map(|a| a.bill_of_lading.as_str())
        .collect();
    // About a fifth of the green bills, each one a green bill sent to yellow with its seed.
    assert!(
        picked.len() > greens / 10 && picked.len() < greens * 3 / 10,
        "{} of {greens}",
        picked.len()
    );
    for (a, before) in first.iter().zip(&plain) {
        match &a.random_selection {
            Some(s) => {
                assert_eq!(
                    (before.lane, a.lane, s.seed),
                    (Lane::Green, Lane::Yellow, 42)
                );
                assert_eq!(s.draw, draw(42, &a.bill_of_lading));
                assert!(a.reasons.iter().any(|r| r.contains("seed 42")));
            }
            None => assert_eq!(a.lane, before.lane),
        }
    }
    // Another screener with the logged seed selects the same bills.
    let again = screener(&seeded).screen_manifest(&manifest);
    let picked_again: Vec<&str> = again
        .iter()
        .filter(|a| a.random_selection.is_some())
        .map(|a| a.bill_of_lading.as_str())
        .collect();
    assert_eq!(picked_again, picked);
    // Off by default: green stays green.
    assert!(plain.iter().all(|a| a.random_selection.is_none()));
}

#[test]
fn screen_warns_when_lane_rates_depart_from_the_expected_ones_and_above_the_cap() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("config.toml");
    std::fs::write(
        &cfg,
        "[selectivity]\nexpected = { red = 0.0, yellow = 0.0 }\ntolerance = 0.02\nmax_selected_per_manifest = 5\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_hubscreen"))
        .args(["--config", cfg.to_str().unwrap(), "screen", FEEDER])
        .env("HUBSCREEN_DATA_DIR", dir.path())
        .env("HUBSCREEN_STORE", dir.path().join("none.db"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bills red ("), "{err}");
    assert!(err.contains("expected 0.0% ± 2.0 points"), "{err}");
    assert!(
        err.contains("above the cap of 5: ask a supervisor"),
        "{err}"
    );
}

/// The day's lane rates: two ingests on one day, each too small to judge alone, judged
/// together ("today"), and a store of earlier days left out.
#[test]
fn ingest_warns_when_the_days_lane_rates_depart_from_the_expected_ones() {
    use hubscreen::model::{Party, PartyRole, Routing, Shipment};
    use hubscreen::store::{Actor, SqliteStore, Store};
    let config = config(
        "[selectivity]\nexpected = { yellow = 0.0 }\ntolerance = 0.05\nmin_bills_for_rates = 6\n",
    );
    let s = screener(&config);
    let dir = tempfile::tempdir().unwrap();
    let mut db: Box<dyn Store> =
        Box::new(SqliteStore::open(&dir.path().join("h.db"), config.workflow.clone()).unwrap());
    let bill = |n: usize, destination: &str| Shipment {
        bill_of_lading: format!("D{n}"),
        parties: vec![Party {
            role: PartyRole::Consignee,
            name: format!("TRADER NUMBER {n} LLC"),
            address: Vec::new(),
            country: Some("AE".into()),
        }],
        routing: Routing {
            port_of_discharge: Some("AEJEA".into()),
            final_destination: Some(destination.into()),
            ..Default::default()
        },
        ..Default::default()
    };
    let ingest = |db: &mut Box<dyn Store>, file: &str, bills: Vec<Shipment>, at| {
        let manifest = hubscreen::model::Manifest {
            reference: None,
            conveyance: None,
            shipments: bills,
        };
        let json = serde_json::to_vec(&manifest).unwrap();
        let ingested = hubscreen::ingest::Ingested {
            file: file.into(),
            format: hubscreen::ingest::ManifestFormat::Json,
            sha256: hubscreen::store::audit::hex(&sha2::Sha256::digest(&json)),
            manifest,
            problems: Vec::new(),
        };
        let actor = Actor {
            user: "system".into(),
            at,
        };
        hubscreen::service::screen_and_record(db.as_mut(), &s, &ingested, &actor, &|_, _| {})
            .unwrap()
            .warnings
    };
    use sha2::Digest;
    let now = chrono::Utc::now();
    // Yesterday: ten green bills, which today's rate must not count.
    let old: Vec<Shipment> = (0..10).map(|n| bill(100 + n, "AEJEA")).collect();
    assert!(ingest(&mut db, "old.json", old, now - chrono::Duration::days(1)).is_empty());
    // Today: three bills, one of them to Iran (a high-risk destination: yellow), then three
    // more.
    let first = ingest(
        &mut db,
        "one.json",
        vec![bill(1, "IRBND"), bill(2, "AEJEA"), bill(3, "AEJEA")],
        now,
    );
    assert!(
        first.is_empty(),
        "three bills are too few to judge: {first:?}"
    );
    let second = ingest(
        &mut db,
        "two.json",
        vec![bill(4, "IRBKM"), bill(5, "AEJEA"), bill(6, "AEJEA")],
        now,
    );
    let today: Vec<&String> = second.iter().filter(|w| w.contains("today")).collect();
    assert_eq!(today.len(), 1, "{second:?}");
    assert!(today[0].contains("2 of 6 bills yellow"), "{today:?}");
}
