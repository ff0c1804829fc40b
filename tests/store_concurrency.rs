//! Eight targeters, each with their own connection, decide on the same 200 queue items at
//! once. Every decision is applied or refused as a conflict; none is lost or applied twice,
//! and the audit chain still verifies.

mod store_common;

use std::sync::{Arc, Barrier};

use chrono::Utc;
use hubscreen::store::{Action, NewDecision, QueueFilter, Store, StoreError};
use store_common::*;

const THREADS: usize = 8;
const ITEMS: usize = 200;
const LISTED: &str = "ZAGROS PETROCHEMICAL SUPPLY COMPANY";

/// xorshift64*: a seeded shuffle without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            v.swap(i, (self.next() % (i as u64 + 1)) as usize);
        }
    }
}

#[test]
fn eight_targeters_deciding_the_same_200_items_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_in(&dir);
    let mut db = open(&path);
    let bills: Vec<_> = (0..ITEMS)
        .map(|i| shipment(&format!("C{i:04}"), LISTED))
        .collect();
    hubscreen::service::screen_and_record(
        &mut db,
        &screener(list("v1", vec![org("Z1", LISTED)])),
        &ingested("many.json", bills),
        &at("loader", Utc::now()),
        &|_, _| {},
    )
    .unwrap();
    assert_eq!(db.queue(&QueueFilter::default()).unwrap().len(), ITEMS);
    let records_before = db.audit_records().unwrap().len();
    drop(db);

    let barrier = Arc::new(Barrier::new(THREADS));
    let handles: Vec<_> = (0..THREADS)
        .map(|t| {
            let path = path.clone();
            let barrier = barrier.clone();
            std::thread::spawn(move || {
                let mut db = open(&path);
                let user = format!("targeter{t}");
                // Each targeter reads the queue, then decides with the versions it read.
                let mut seen: Vec<(i64, i64)> = db
                    .queue(&QueueFilter::default())
                    .unwrap()
                    .iter()
                    .map(|i| (i.id, i.version))
                    .collect();
                Rng(0x9E37_79B9_7F4A_7C15 ^ (t as u64 + 1)).shuffle(&mut seen);
                let (action, reason) = [
                    (Action::Clear, "KNOWN-TRADER"),
                    (Action::Refer, "DENIED-PARTY"),
                    (Action::Hold, "EXAM-REQUIRED"),
                ][t % 3];
                barrier.wait();
                let (mut applied, mut conflicts) = (0, 0);
                for (item, version) in seen {
                    let d = NewDecision {
                        item,
                        action,
                        reason_code: Some(reason.into()),
                        note: None,
                        hit: None,
                        expected_version: version,
                    };
                    match db.decide(&d, &at(&user, Utc::now())) {
                        Ok(_) => applied += 1,
                        Err(
                            e @ (StoreError::Conflict { .. } | StoreError::ClaimedByOther { .. }),
                        ) => {
                            assert!(
                                e.to_string().contains("reload and try again")
                                    || e.to_string().contains("claimed by"),
                                "{e}"
                            );
                            conflicts += 1
                        }
                        Err(e) => {
                            panic!("{user}: item {item}: neither applied nor a conflict: {e}")
                        }
                    }
                }
                (applied, conflicts)
            })
        })
        .collect();
    let (mut applied, mut conflicts) = (0, 0);
    for h in handles {
        let (a, c) = h.join().unwrap();
        applied += a;
        conflicts += c;
    }
    assert_eq!(
        applied + conflicts,
        THREADS * ITEMS,
        "every attempt answered"
    );
    assert_eq!(applied, ITEMS, "exactly one decision per item applied");

    let db = open(&path);
    for item in db.queue(&QueueFilter::default()).unwrap() {
        let detail = db.queue_detail(item.id).unwrap();
        let decided: Vec<_> = detail
            .decisions
            .iter()
            .filter(|d| d.action != Action::Claim)
            .collect();
        assert_eq!(decided.len(), 1, "item {}: {decided:?}", item.id);
        assert_eq!(item.version, 2);
        assert_eq!(item.state, decided[0].to_state);
        assert_eq!(item.claimed_by.as_deref(), Some(decided[0].user.as_str()));
    }
    let verdict = db.verify_audit().unwrap();
    assert_eq!(verdict.broken, None);
    assert_eq!(verdict.records as usize, records_before + applied);
}
