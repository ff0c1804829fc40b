//! One behaviour suite for every store backend, written against the [`Store`] trait only: the
//! referral queue end to end (ingest, claim, decide, examine, export), idempotent re-ingest,
//! amended bills, suppressions and their expiry, re-screening after a list update, and eight
//! targeters deciding the same items at once; what the store refuses and how false positives
//! close an item.
//!
//! Each case is a function of a [`Backend`]; [`behaviour_suite!`] runs every case for one
//! backend, so a new backend (PostgreSQL) runs the same suite by adding one line at the end.
//! Tests that reach under the trait (raw SQL tampering, file modes, crashes) stay with their
//! backend (`store_workflow.rs`, `store_tamper.rs`, `store_crash.rs`).

mod store_common;

use std::sync::{Arc, Barrier};

use chrono::{Duration, Utc};
use hubscreen::lists::delta;
use hubscreen::model::{BillStatus, Lane, Shipment};
use hubscreen::store::{
    self, Action, NewDecision, QueueFilter, QueueState, Store, StoreError, package, rescreen,
};
use store_common::*;

const LISTED: &str = "ZAGROS PETROCHEMICAL SUPPLY COMPANY";
const CLEAN: &str = "BLUE LAGOON HOUSEHOLD GOODS TRADING";
const THREADS: usize = 8;
const ITEMS: usize = 200;

/// A fresh, empty store of one backend.
struct Backend {
    /// Opens a handle on the store: each call a new connection, as another process would.
    connect: Arc<dyn Fn() -> Box<dyn Store> + Send + Sync>,
    /// Whatever the store lives in (a temporary folder), kept until the case ends.
    _home: Box<dyn std::any::Any>,
}

impl Backend {
    fn open(&self) -> Box<dyn Store> {
        (self.connect)()
    }
}

/// An SQLite store in a temporary folder.
fn sqlite() -> Backend {
    let dir = tempfile::tempdir().unwrap();
    let path = db_in(&dir);
    Backend {
        connect: Arc::new(move || Box::new(open(&path)) as Box<dyn Store>),
        _home: Box::new(dir),
    }
}

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

fn full_workflow_claim_refer_examine_export(backend: &Backend) {
    let mut db = backend.open();
    let s = screener(list("v1", vec![org("Z1", LISTED)]));
    let alice = at("alice", Utc::now());
    let bob = at("bob", Utc::now());

    let file = ingested(
        "feeder.json",
        vec![shipment("B1", LISTED), shipment("B2", CLEAN)],
    );
    let outcome =
        hubscreen::service::screen_and_record(db.as_mut(), &s, &file, &alice, &|_, _| {}).unwrap();
    assert_eq!((outcome.shipments, outcome.new_versions), (2, 2));
    let items = db.queue(&QueueFilter::default()).unwrap();
    assert_eq!(items.len(), 1, "only the listed consignee enters the queue");
    let item = &items[0];
    assert_eq!(
        (item.bill_of_lading.as_str(), item.state, item.lane),
        ("B1", QueueState::New, Lane::Red)
    );
    assert_eq!(item.reason, "screening");

    let claimed = db.claim(item.id, 1, &alice).unwrap();
    assert_eq!(
        (
            claimed.state,
            claimed.version,
            claimed.claimed_by.as_deref()
        ),
        (QueueState::InReview, 2, Some("alice"))
    );

    // Bob cannot decide on Alice's item, even with the current version.
    let err = db
        .decide(&decision(item.id, Action::Clear, "KNOWN-TRADER", 2), &bob)
        .unwrap_err();
    assert!(matches!(err, StoreError::ClaimedByOther { .. }), "{err}");
    assert!(err.to_string().contains("claimed by alice"), "{err}");

    // Alice deciding on what she saw before her own claim is a conflict, never an overwrite.
    let err = db
        .decide(&decision(item.id, Action::Refer, "DENIED-PARTY", 1), &alice)
        .unwrap_err();
    assert!(err.is_conflict());
    assert!(
        err.to_string().contains("version 2, you had 1"),
        "clear message: {err}"
    );

    // A reason code not in the configured list is refused, with the valid ones named.
    let err = db
        .decide(&decision(item.id, Action::Refer, "HUNCH", 2), &alice)
        .unwrap_err();
    assert!(err.to_string().contains("DENIED-PARTY"), "{err}");
    let mut no_reason = decision(item.id, Action::Refer, "", 2);
    no_reason.reason_code = None;
    assert!(db.decide(&no_reason, &alice).is_err());

    let mut refer = decision(item.id, Action::Refer, "DENIED-PARTY", 2);
    refer.note = Some("consignee is the listed Zagros entity".into());
    let referred = db.decide(&refer, &alice).unwrap();
    assert_eq!(referred.state, QueueState::Referred);

    // Clearing a referred item is not a step customs takes: the exam result closes it.
    let err = db
        .decide(
            &decision(item.id, Action::Clear, "DOCS-VERIFIED", 3),
            &alice,
        )
        .unwrap_err();
    assert!(matches!(err, StoreError::Workflow { .. }), "{err}");

    let found = db
        .decide(
            &decision(item.id, Action::ExamFound, "PHYSICAL-EXAM", 3),
            &alice,
        )
        .unwrap();
    assert_eq!(found.state, QueueState::Found);

    let tallies = db.exam_tallies().unwrap();
    assert!(
        tallies
            .iter()
            .any(|t| t.kind == "list" && t.key == LIST && t.exams == 1 && t.found == 1),
        "{tallies:?}"
    );

    let detail = db.queue_detail(item.id).unwrap();
    let actions: Vec<Action> = detail.decisions.iter().map(|d| d.action).collect();
    assert_eq!(
        actions,
        vec![Action::Claim, Action::Refer, Action::ExamFound]
    );
    assert_eq!(detail.notes.len(), 1);
    assert_eq!(detail.assessment.lists[0].version, "v1");

    let package = package::build(&detail, "2026-11-27T10:00:00Z");
    let json = serde_json::to_value(&package).unwrap();
    assert_eq!(json["shipment"]["bill_of_lading"], "B1");
    assert_eq!(json["lists_used"][0]["name"], LIST);
    assert!(
        json["hits"][0]["explanation"]
            .as_str()
            .unwrap()
            .contains("Z1")
    );
    assert_eq!(json["decisions"].as_array().unwrap().len(), 3);
    let md = package::to_markdown(&package);
    for needle in [
        "# Referral: bill `B1`",
        "## Hits",
        "## Decision trail",
        "DENIED-PARTY",
        "sha256",
    ] {
        assert!(md.contains(needle), "{needle} missing from\n{md}");
    }

    let verdict = db.verify_audit().unwrap();
    assert_eq!(verdict.broken, None);
    // ingest: 2 shipment versions + 1 queue item + the run; then claim, refer, exam.
    assert_eq!(verdict.records, 7);
}

fn re_ingesting_the_same_file_or_the_same_bills_changes_nothing(backend: &Backend) {
    let mut db = backend.open();
    let s = screener(list("v1", vec![org("Z1", LISTED)]));
    let alice = at("alice", Utc::now());
    let bills = || vec![shipment("B1", LISTED), shipment("B2", CLEAN)];

    let first = hubscreen::service::screen_and_record(
        db.as_mut(),
        &s,
        &ingested("a.json", bills()),
        &alice,
        &|_, _| {},
    )
    .unwrap();
    let records = db.audit_records().unwrap().len();
    let again = hubscreen::service::screen_and_record(
        db.as_mut(),
        &s,
        &ingested("a.json", bills()),
        &alice,
        &|_, _| {},
    )
    .unwrap();
    assert!(again.already_stored);
    assert_eq!(again.run_id, first.run_id);
    assert_eq!(
        db.audit_records().unwrap().len(),
        records,
        "no change, no record"
    );

    // The same bills in another file (another hash): a new run, but no new versions.
    let mut other = bills();
    other[0].source = Some("b.csv:2".into());
    let second = hubscreen::service::screen_and_record(
        db.as_mut(),
        &s,
        &ingested("b.json", other),
        &alice,
        &|_, _| {},
    )
    .unwrap();
    assert!(!second.already_stored);
    assert_eq!((second.new_versions, second.unchanged), (0, 2));
    assert!(second.queued.is_empty());
    assert_eq!(db.shipment_versions("B1").unwrap().len(), 1);
    assert_eq!(db.queue(&QueueFilter::default()).unwrap().len(), 1);
    assert_eq!(db.ingest_runs().unwrap().len(), 2);
}

fn an_amended_bill_is_a_new_version_and_the_old_one_stays_readable(backend: &Backend) {
    let mut db = backend.open();
    let s = screener(list("v1", vec![org("Z1", LISTED)]));
    let alice = at("alice", Utc::now());

    hubscreen::service::screen_and_record(
        db.as_mut(),
        &s,
        &ingested(
            "a.json",
            vec![shipment("B1", LISTED), shipment("B2", CLEAN)],
        ),
        &alice,
        &|_, _| {},
    )
    .unwrap();
    let b1 = db.queue(&QueueFilter::default()).unwrap()[0].clone();
    db.decide(&decision(b1.id, Action::Clear, "DOCS-VERIFIED", 1), &alice)
        .unwrap();

    // B2's consignee is amended to the listed company; B1 is amended but still hits.
    let mut b1_amended = shipment("B1", LISTED);
    b1_amended.goods[0].description = "GLAZED CERAMIC WALL TILES".into();
    let outcome = hubscreen::service::screen_and_record(
        db.as_mut(),
        &s,
        &ingested("a-amended.json", vec![b1_amended, shipment("B2", LISTED)]),
        &alice,
        &|_, _| {},
    )
    .unwrap();
    assert_eq!((outcome.new_versions, outcome.unchanged), (2, 0));

    let versions = db.shipment_versions("B2").unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[0].version, 1);
    assert_eq!(
        versions[0].shipment.parties[1].name, CLEAN,
        "v1 kept as it was"
    );
    assert_eq!(versions[1].shipment.parties[1].name, LISTED);

    let items = db.queue(&QueueFilter::default()).unwrap();
    let b2 = items.iter().find(|i| i.bill_of_lading == "B2").unwrap();
    assert_eq!((b2.state, b2.shipment_version), (QueueState::New, 2));
    assert_eq!(b2.reason, "amended bill");
    // The cleared B1 re-opens: its amended version still hits and needs a new look.
    let b1 = items.iter().find(|i| i.bill_of_lading == "B1").unwrap();
    assert_eq!((b1.state, b1.shipment_version), (QueueState::New, 2));
    let detail = db.queue_detail(b1.id).unwrap();
    assert_eq!(detail.versions.len(), 2);
    assert_eq!(detail.decisions.last().unwrap().action, Action::Reopen);
    assert_eq!(db.verify_audit().unwrap().broken, None);
}

/// A manifest that cancels a bill (EDIFACT BGM function 1, X12 M13 delete, AMS deleted) stores
/// the cancelling version but queues nothing: an item nobody worked is withdrawn, one an
/// officer holds stays held and says the bill was cancelled (the goods may still be aboard).
fn a_cancelled_bill_leaves_the_queue_unless_an_officer_is_working_it(backend: &Backend) {
    let mut db = backend.open();
    let s = screener(list("v1", vec![org("Z1", LISTED)]));
    let alice = at("alice", Utc::now());
    hubscreen::service::screen_and_record(
        db.as_mut(),
        &s,
        &ingested(
            "a.json",
            vec![shipment("B1", LISTED), shipment("B2", LISTED)],
        ),
        &alice,
        &|_, _| {},
    )
    .unwrap();
    let items = db.queue(&QueueFilter::default()).unwrap();
    let b2 = items.iter().find(|i| i.bill_of_lading == "B2").unwrap();
    db.decide(&decision(b2.id, Action::Hold, "DOCS-MISSING", 1), &alice)
        .unwrap();

    let cancelled = |bill: &str| Shipment {
        status: BillStatus::Cancelled,
        ..shipment(bill, LISTED)
    };
    let outcome = hubscreen::service::screen_and_record(
        db.as_mut(),
        &s,
        &ingested("cancel.json", vec![cancelled("B1"), cancelled("B2")]),
        &alice,
        &|_, _| {},
    )
    .unwrap();
    assert_eq!(outcome.new_versions, 2);

    let items = db.queue(&QueueFilter::default()).unwrap();
    let b1 = items.iter().find(|i| i.bill_of_lading == "B1").unwrap();
    assert_eq!(
        (b1.state, b1.reason.as_str()),
        (QueueState::Withdrawn, "bill cancelled")
    );
    let detail = db.queue_detail(b1.id).unwrap();
    assert_eq!(detail.decisions.last().unwrap().action, Action::Withdraw);
    let b2 = items.iter().find(|i| i.bill_of_lading == "B2").unwrap();
    assert_eq!(
        (b2.state, b2.reason.as_str()),
        (QueueState::Held, "bill cancelled")
    );
    let versions = db.shipment_versions("B1").unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[1].shipment.status, BillStatus::Cancelled);
    // Withdrawn is closed: the open queue no longer shows B1.
    let open = db
        .queue(&QueueFilter {
            open_only: true,
            ..QueueFilter::default()
        })
        .unwrap();
    assert!(open.iter().all(|i| i.bill_of_lading != "B1"));
    assert_eq!(db.verify_audit().unwrap().broken, None);

    // The bill filed again reopens its item.
    hubscreen::service::screen_and_record(
        db.as_mut(),
        &s,
        &ingested("refiled.json", vec![shipment("B1", LISTED)]),
        &alice,
        &|_, _| {},
    )
    .unwrap();
    let b1 = db.queue_detail(b1.id).unwrap();
    assert_eq!(b1.item.state, QueueState::New);
}

fn a_false_positive_suppresses_the_pair_until_it_expires_or_the_entry_changes(backend: &Backend) {
    let mut db = backend.open();
    let lists = list("v1", vec![org("Z1", LISTED)]);
    let now = Utc::now();
    let alice = at("alice", now);

    hubscreen::service::screen_and_record(
        db.as_mut(),
        &screener(lists.clone()),
        &ingested("a.json", vec![shipment("B1", LISTED)]),
        &alice,
        &|_, _| {},
    )
    .unwrap();
    let item = db.queue(&QueueFilter::default()).unwrap()[0].clone();
    let mut fp = decision(item.id, Action::FalsePositive, "DIFFERENT-ENTITY", 1);
    let err = db.decide(&fp, &alice).unwrap_err();
    assert!(err.to_string().contains("--hit"), "{err}");
    fp.hit = Some(2);
    assert!(db.decide(&fp, &alice).is_err(), "there is one hit only");
    fp.hit = Some(1);
    fp.note = Some("consignee is a Dubai household-goods firm, not the listed one".into());
    let decided = db.decide(&fp, &alice).unwrap();
    assert_eq!(decided.state, QueueState::FalsePositive, "its only hit");

    let stored = db.suppressions(now).unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].user, "alice");
    assert_eq!(stored[0].reason_code, "DIFFERENT-ENTITY");
    let expires = stored[0].suppression.expires.unwrap();
    assert!(expires > now + Duration::days(364) && expires <= now + Duration::days(365));

    // While in force: the same party on a new bill does not alert.
    let suppressed =
        screener(lists.clone()).with_suppressions(store::suppressions_for(&stored, &lists));
    hubscreen::service::screen_and_record(
        db.as_mut(),
        &suppressed,
        &ingested("b.json", vec![shipment("B3", LISTED)]),
        &alice,
        &|_, _| {},
    )
    .unwrap();
    assert!(
        db.queue(&QueueFilter::default())
            .unwrap()
            .iter()
            .all(|i| i.bill_of_lading != "B3"),
        "suppressed pair must not alert"
    );

    // After expiry: nothing in force, the pair alerts again.
    let later = now + Duration::days(366);
    assert!(db.suppressions(later).unwrap().is_empty());
    let s_later = screener(lists.clone()).with_suppressions(store::suppressions_for(
        &db.suppressions(later).unwrap(),
        &lists,
    ));
    assert_eq!(
        s_later.screen_shipment(&shipment("B4", LISTED)).lane,
        Lane::Red
    );

    // The list entry changes (a new alias): the clearance no longer holds.
    let mut changed_entry = org("Z1", LISTED);
    changed_entry.aliases.push(hubscreen::lists::Alias {
        name: "ZAGROS PETCHEM".into(),
        kind: "aka".into(),
    });
    let changed = list("v2", vec![changed_entry]);
    assert!(store::suppressions_for(&stored, &changed).is_empty());
    assert!(!store::suppressions_for(&stored, &lists).is_empty());
}

fn a_list_update_rescreens_open_and_recent_shipments_into_the_queue(backend: &Backend) {
    let mut db = backend.open();
    let now = Utc::now();
    let alice = at("alice", now);
    let v1 = list("v1", vec![org("Z1", LISTED)]);
    const NEWLY_LISTED: &str = "KHORRAMSHAHR MARINE ENGINEERING";

    // Two months ago: a bill to the party that will be listed. Too old to re-screen.
    hubscreen::service::screen_and_record(
        db.as_mut(),
        &screener(v1.clone()),
        &ingested("old.json", vec![shipment("OLD", NEWLY_LISTED)]),
        &at("alice", now - Duration::days(60)),
        &|_, _| {},
    )
    .unwrap();
    // Recent: a clean bill to the party that will be listed, and a listed bill that gets cleared.
    let mut b2 = shipment("B2", LISTED);
    b2.parties[0].name = NEWLY_LISTED.into();
    hubscreen::service::screen_and_record(
        db.as_mut(),
        &screener(v1.clone()),
        &ingested("new.json", vec![shipment("B1", NEWLY_LISTED), b2]),
        &alice,
        &|_, _| {},
    )
    .unwrap();
    let items = db.queue(&QueueFilter::default()).unwrap();
    assert_eq!(items.len(), 1);
    db.decide(
        &decision(items[0].id, Action::Clear, "KNOWN-TRADER", 1),
        &alice,
    )
    .unwrap();

    let v2 = list("v2", vec![org("Z1", LISTED), org("K9", NEWLY_LISTED)]);
    let d = delta::compare("test", &v1, &v2);
    assert_eq!(d.added.len(), 1);
    let s2 = screener(v2);
    let since = now - Duration::days(30);
    let outcome = rescreen::rescreen(db.as_mut(), &s2, &d.added, since, &alice).unwrap();
    assert_eq!(outcome.screened, 2, "B1 and B2, not the 60-day-old bill");
    assert_eq!(outcome.with_new_hits, 2);

    let items = db.queue(&QueueFilter::default()).unwrap();
    let b1 = items.iter().find(|i| i.bill_of_lading == "B1").unwrap();
    assert_eq!(
        (b1.state, b1.reason.as_str()),
        (QueueState::New, "list update")
    );
    let b2 = items.iter().find(|i| i.bill_of_lading == "B2").unwrap();
    assert_eq!(
        (b2.state, b2.reason.as_str()),
        (QueueState::New, "list update"),
        "the cleared item re-opens"
    );
    assert!(items.iter().all(|i| i.bill_of_lading != "OLD"));
    let detail = db.queue_detail(b1.id).unwrap();
    assert_eq!(detail.assessment.trigger, "list update");
    assert_eq!(detail.assessment.lists[0].version, "v2");

    // Running it again finds nothing new.
    let again = rescreen::rescreen(db.as_mut(), &s2, &d.added, since, &alice).unwrap();
    assert_eq!(again.with_new_hits, 0);
    assert_eq!(db.verify_audit().unwrap().broken, None);
}

fn eight_targeters_deciding_the_same_200_items_lose_nothing(backend: &Backend) {
    let mut db = backend.open();
    let bills: Vec<_> = (0..ITEMS)
        .map(|i| shipment(&format!("C{i:04}"), LISTED))
        .collect();
    hubscreen::service::screen_and_record(
        db.as_mut(),
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
            let connect = backend.connect.clone();
            let barrier = barrier.clone();
            std::thread::spawn(move || {
                let mut db = connect();
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

    let db = backend.open();
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

/// Two listed parties on one bill: marking each as a false positive, the item stays in review
/// until the last one, and a hit is marked once.
fn false_positives_close_the_item_with_its_last_hit(backend: &Backend) {
    let mut db = backend.open();
    const SHIPPER: &str = "KHORRAMSHAHR MARINE ENGINEERING";
    let alice = at("alice", Utc::now());
    let s = screener(list("v1", vec![org("Z1", LISTED), org("K9", SHIPPER)]));
    let mut bill = shipment("B1", LISTED);
    bill.parties[0].name = SHIPPER.into();
    hubscreen::service::screen_and_record(
        db.as_mut(),
        &s,
        &ingested("a.json", vec![bill]),
        &alice,
        &|_, _| {},
    )
    .unwrap();
    let item = db.queue(&QueueFilter::default()).unwrap()[0].clone();
    let detail = db.queue_detail(item.id).unwrap();
    assert_eq!(detail.assessment.assessment.party_hits.len(), 2);

    let mut fp = decision(item.id, Action::FalsePositive, "DIFFERENT-ENTITY", 1);
    fp.hit = Some(1);
    let first = db.decide(&fp, &alice).unwrap();
    assert_eq!((first.state, first.version), (QueueState::InReview, 2));
    assert_eq!(db.queue_detail(item.id).unwrap().marked_hits, vec![1]);

    fp.expected_version = 2;
    let err = db.decide(&fp, &alice).unwrap_err();
    assert!(err.to_string().contains("already marked"), "{err}");
    assert_eq!(
        db.queue_item(item.id).unwrap().version,
        2,
        "a refusal changes nothing"
    );

    fp.hit = Some(2);
    let last = db.decide(&fp, &alice).unwrap();
    assert_eq!(last.state, QueueState::FalsePositive);
    assert_eq!(db.queue_detail(item.id).unwrap().marked_hits, vec![1, 2]);
    assert_eq!(db.suppressions(Utc::now()).unwrap().len(), 2);
    assert_eq!(db.verify_audit().unwrap().broken, None);
}

/// What the store refuses, whatever the backend: a user re-opening an item, an unknown item,
/// another user's claim; and a note is kept with who wrote it.
fn refusals_name_the_item_and_notes_are_kept(backend: &Backend) {
    let mut db = backend.open();
    let alice = at("alice", Utc::now());
    let bob = at("bob", Utc::now());
    hubscreen::service::screen_and_record(
        db.as_mut(),
        &screener(list("v1", vec![org("Z1", LISTED)])),
        &ingested("a.json", vec![shipment("B1", LISTED)]),
        &alice,
        &|_, _| {},
    )
    .unwrap();
    let item = db.queue(&QueueFilter::default()).unwrap()[0].id;

    let err = db
        .decide(&decision(item, Action::Reopen, "", 1), &alice)
        .unwrap_err();
    assert!(matches!(err, StoreError::Workflow { .. }), "{err}");
    assert!(
        err.to_string().contains("only the system re-opens"),
        "{err}"
    );
    let err = db
        .decide(
            &decision(item + 99, Action::Clear, "KNOWN-TRADER", 1),
            &alice,
        )
        .unwrap_err();
    assert!(matches!(err, StoreError::NoSuchItem(_)), "{err}");

    db.claim(item, 1, &alice).unwrap();
    let err = db.claim(item, 2, &bob).unwrap_err();
    assert!(matches!(err, StoreError::ClaimedByOther { .. }), "{err}");
    let err = db.claim(item, 1, &alice).unwrap_err();
    assert!(matches!(err, StoreError::Conflict { .. }), "{err}");

    db.add_note(item, "called the forwarder", &bob).unwrap();
    let notes = db.queue_detail(item).unwrap().notes;
    assert_eq!(notes.len(), 1);
    assert_eq!(
        (notes[0].user.as_str(), notes[0].text.as_str()),
        ("bob", "called the forwarder")
    );
    assert_eq!(db.verify_audit().unwrap().broken, None);
}

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

/// `rules stats`: per rule, the bills it fired on and the examinations and findings on them,
/// over a period. Four TO ORDER bills are stored on day one (the rule fires on each); three are
/// examined (two found something, one nothing); a fifth is stored on day three.
fn rule_stats_count_hits_examinations_and_findings_over_a_period(backend: &Backend) {
    let mut db = backend.open();
    let s = screener(list("v1", vec![org("Z1", LISTED)]));
    let day1 = Utc::now() - Duration::days(10);
    let day2 = day1 + Duration::days(1);
    let day3 = day1 + Duration::days(2);
    let to_order = |bill: &str| shipment(bill, "TO ORDER");
    let first = ingested(
        "day1.json",
        vec![
            to_order("T1"),
            to_order("T2"),
            to_order("T3"),
            to_order("T4"),
            shipment("C1", CLEAN),
        ],
    );
    hubscreen::service::screen_and_record(db.as_mut(), &s, &first, &at("system", day1), &|_, _| {})
        .unwrap();
    let items = db.queue(&QueueFilter::default()).unwrap();
    assert_eq!(items.len(), 4, "{items:?}");
    let alice = at("alice", day2);
    for (bill, exam) in [
        ("T1", Action::ExamFound),
        ("T2", Action::ExamFound),
        ("T3", Action::ExamNothing),
    ] {
        let item = items.iter().find(|i| i.bill_of_lading == bill).unwrap();
        db.claim(item.id, 1, &alice).unwrap();
        db.decide(&decision(item.id, Action::Refer, "DENIED-PARTY", 2), &alice)
            .unwrap();
        db.decide(&decision(item.id, exam, "PHYSICAL-EXAM", 3), &alice)
            .unwrap();
    }
    let second = ingested("day3.json", vec![to_order("T5")]);
    hubscreen::service::screen_and_record(
        db.as_mut(),
        &s,
        &second,
        &at("system", day3),
        &|_, _| {},
    )
    .unwrap();

    let rule = |stats: Vec<hubscreen::store::RuleStat>| {
        stats
            .into_iter()
            .find(|r| r.rule == "to-order-consignee")
            .unwrap_or_else(|| panic!("to-order-consignee has no stats"))
    };
    let all = rule(db.rule_stats(None, None).unwrap());
    assert_eq!((all.hits, all.exams, all.found), (5, 3, 2));
    assert_eq!(all.hit_rate(), Some(2.0 / 3.0));
    // Day one only: the four bills, no examination yet.
    let first_day = rule(db.rule_stats(Some(day1), Some(day2)).unwrap());
    assert_eq!(
        (first_day.hits, first_day.exams, first_day.hit_rate()),
        (4, 0, None)
    );
    // From day two: the examinations and the fifth bill.
    let later = rule(db.rule_stats(Some(day2), None).unwrap());
    assert_eq!((later.hits, later.exams, later.found), (1, 3, 2));
}

/// A screener whose only rule is `id`, firing on `when` (30 points).
fn screener_with_one_rule(id: &str, when: &str) -> hubscreen::screen::Screener {
    use hubscreen::screen::rules::{self, RuleSet, SharedGroups};
    let pack = rules::parse(
        "unit.toml",
        &format!(
            "[pack]\nid = \"unit\"\nversion = \"1\"\ntitle = \"t\"\nowner = \"o\"\n\n[[rule]]\nid = \"{id}\"\ntitle = \"t\"\nsource = \"unit decision\"\ninstruction = \"check\"\npoints = 30\nwhen = {when}\n"
        ),
        &SharedGroups::default(),
    )
    .unwrap();
    screener(list("v1", vec![org("Z1", LISTED)])).with_rules(RuleSet {
        packs: vec![pack],
        disabled: Vec::new(),
        day: None,
    })
}

/// A list update re-screens a bill: the flags of rules that read the store's history (a
/// first-time consignee, a renamed vessel) were judged against the store as it was when the bill
/// first came; the re-screen keeps them, and the score counts them, instead of dropping them
/// for want of that history.
fn a_rescreen_keeps_what_the_history_rules_found_at_first_screening(backend: &Backend) {
    let mut db = backend.open();
    let s1 = screener_with_one_rule("new-consignee", "{ first_time_consignee = true }");
    let now = Utc::now();
    let alice = at("alice", now);
    const NEWLY_LISTED: &str = "KHORRAMSHAHR MARINE ENGINEERING";
    hubscreen::service::screen_and_record(
        db.as_mut(),
        &s1,
        &ingested("first.json", vec![shipment("N1", NEWLY_LISTED)]),
        &alice,
        &|_, _| {},
    )
    .unwrap();
    let flagged = |db: &dyn hubscreen::store::Store| {
        let latest = db.latest_shipments().unwrap();
        let a = &latest
            .iter()
            .find(|x| x.shipment.bill_of_lading == "N1")
            .unwrap()
            .assessment;
        (
            a.red_flags.iter().any(|f| f.rule == "new-consignee"),
            a.party_hits.len(),
            a.score,
        )
    };
    let (before, hits_before, score_before) = flagged(db.as_ref());
    assert!(before, "a first-time consignee on the first manifest");
    assert_eq!(hits_before, 0);

    let v1 = list("v1", vec![org("Z1", LISTED)]);
    let v2 = list("v2", vec![org("Z1", LISTED), org("K9", NEWLY_LISTED)]);
    let d = delta::compare("test", &v1, &v2);
    let s2 = screener(v2).with_rules(s1.rules().clone());
    let outcome =
        rescreen::rescreen(db.as_mut(), &s2, &d.added, now - Duration::days(30), &alice).unwrap();
    assert_eq!(outcome.with_new_hits, 1);
    let (after, hits_after, score_after) = flagged(db.as_ref());
    assert_eq!(hits_after, 1, "the new entry is hit");
    assert!(
        after,
        "the first-time consignee flag survives the re-screen"
    );
    assert!(
        score_after >= score_before + 30,
        "{score_before} -> {score_after}"
    );
}

/// `first_time_consignee`: a consignee is new on its first manifest, not on the next one, and
/// TO ORDER is never a consignee to know. Judged against the store's own history.
fn a_consignee_is_first_time_only_until_the_store_has_seen_it(backend: &Backend) {
    let mut db = backend.open();
    let s = screener_with_one_rule("new-consignee", "{ first_time_consignee = true }");
    let alice = at("alice", Utc::now());
    let fired = |db: &mut Box<dyn hubscreen::store::Store>, file: &str, bills: Vec<Shipment>| {
        hubscreen::service::screen_and_record(
            db.as_mut(),
            &s,
            &ingested(file, bills),
            &alice,
            &|_, _| {},
        )
        .unwrap();
        let mut bills: Vec<String> = db
            .latest_shipments()
            .unwrap()
            .into_iter()
            .filter(|x| x.file == file)
            .filter(|x| {
                x.assessment
                    .red_flags
                    .iter()
                    .any(|f| f.rule == "new-consignee")
            })
            .map(|x| x.shipment.bill_of_lading)
            .collect();
        bills.sort();
        bills
    };
    let first = fired(
        &mut db,
        "one.json",
        vec![shipment("N1", CLEAN), shipment("N2", "TO ORDER")],
    );
    assert_eq!(first, ["N1"], "a new consignee; TO ORDER is not one");
    let second = fired(
        &mut db,
        "two.json",
        vec![
            shipment("N3", "blue lagoon household goods trading"),
            shipment("N4", "ANOTHER NEW CONSIGNEE LLC"),
        ],
    );
    assert_eq!(
        second,
        ["N4"],
        "the first consignee is known now, however it is written"
    );
}

/// `vessel_renamed_within_days`: a vessel whose IMO number the store saw under another name
/// within the window is flagged, with the old name and when; the same name, another IMO
/// number, or an old sighting outside the window is not.
fn a_vessel_seen_under_another_name_recently_is_flagged(backend: &Backend) {
    use hubscreen::model::Conveyance;
    let mut db = backend.open();
    let s = screener_with_one_rule("renamed", "{ vessel_renamed_within_days = 30 }");
    let on = |bill: &str, vessel: &str, imo: &str| {
        let mut x = shipment(bill, CLEAN);
        x.conveyance = Some(Conveyance {
            vessel_name: Some(vessel.into()),
            imo: Some(imo.into()),
            ..Default::default()
        });
        x
    };
    let day1 = Utc::now() - chrono::Duration::days(35);
    let day2 = Utc::now() - chrono::Duration::days(10);
    let day3 = Utc::now();
    let mut record = |file: &str, when, bills: Vec<Shipment>| -> Vec<(String, String)> {
        hubscreen::service::screen_and_record(
            db.as_mut(),
            &s,
            &ingested(file, bills),
            &at("alice", when),
            &|_, _| {},
        )
        .unwrap();
        let mut found: Vec<(String, String)> = db
            .latest_shipments()
            .unwrap()
            .into_iter()
            .filter(|x| x.file == file)
            .flat_map(|x| {
                x.assessment
                    .red_flags
                    .into_iter()
                    .filter(|f| f.rule == "renamed")
                    .map(move |f| (x.shipment.bill_of_lading.clone(), f.detail))
            })
            .collect();
        found.sort();
        found
    };
    assert!(record("one.json", day1, vec![on("V1", "SEA PEARL", "IMO 9417232")]).is_empty());
    // 25 days later: the first sighting is inside the 30-day window.
    let second = record(
        "two.json",
        day2,
        vec![
            on("V2", "OCEAN GLORY", "9417232"),
            on("V3", "sea  pearl", "9417232"),
            on("V4", "OCEAN GLORY", "9300001"),
        ],
    );
    assert_eq!(second.len(), 1, "{second:?}");
    assert_eq!(second[0].0, "V2");
    assert!(
        second[0].1.contains("\"SEA PEARL\"") && second[0].1.contains("25 days ago"),
        "{}",
        second[0].1
    );
    // Today: SEA PEARL as first written is 35 days old, outside the window; written again on
    // V3 it is 10 days old.
    let third = record("three.json", day3, vec![on("V5", "OCEAN GLORY", "9417232")]);
    assert_eq!(third.len(), 1, "{third:?}");
    assert!(third[0].1.contains("10 days ago"), "{}", third[0].1);
}

/// Runs every case above, each on a fresh store made by `$backend()`, in a module named after
/// the backend.
macro_rules! behaviour_suite {
    ($backend:ident: $($case:ident,)+) => {
        mod $backend {
            $(
                #[test]
                fn $case() {
                    super::$case(&super::$backend());
                }
            )+
        }
    };
    ($($backend:ident),+) => {
        $(behaviour_suite!($backend:
            full_workflow_claim_refer_examine_export,
            re_ingesting_the_same_file_or_the_same_bills_changes_nothing,
            an_amended_bill_is_a_new_version_and_the_old_one_stays_readable,
            a_cancelled_bill_leaves_the_queue_unless_an_officer_is_working_it,
            a_false_positive_suppresses_the_pair_until_it_expires_or_the_entry_changes,
            a_list_update_rescreens_open_and_recent_shipments_into_the_queue,
            eight_targeters_deciding_the_same_200_items_lose_nothing,
            false_positives_close_the_item_with_its_last_hit,
            refusals_name_the_item_and_notes_are_kept,
            rule_stats_count_hits_examinations_and_findings_over_a_period,
            a_consignee_is_first_time_only_until_the_store_has_seen_it,
            a_vessel_seen_under_another_name_recently_is_flagged,
            a_rescreen_keeps_what_the_history_rules_found_at_first_screening,
        );)+
    };
}

behaviour_suite!(sqlite);
