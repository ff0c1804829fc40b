//! Storing screened manifests and re-screens: runs, shipment versions, assessments with the
//! list versions they were made against, and the queue items they create, update or re-open.
//! Must not decide what enters the queue or why: [`workflow::enqueue`] and
//! [`workflow::ingest_reason`] do.

use std::collections::BTreeMap;

use rusqlite::{OptionalExtension, Transaction, params};

use super::SqliteStore;
use super::audit_log::AuditWriter;
use super::codec::{content_hash, item_json, lane_text, load_item};
use super::queue::{DecisionRow, insert_decision};
use crate::ingest::{Ingested, Severity};
use crate::model::{Assessment, BillStatus, Shipment};
use crate::store::workflow::{self, Action, Enqueue, QueueState};
use crate::store::{
    Actor, IngestOutcome, IngestRecord, ListVersion, QueueItem, Rescreened, StoreError, hit_prints,
};

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

/// Where the assessments of one transaction come from: the list set and the fingerprints of
/// the entries they hit.
struct Screening<'a> {
    list_set: i64,
    prints: &'a BTreeMap<(String, String), String>,
    /// `screening`, or the re-screen's reason.
    trigger: &'a str,
}

fn insert_assessment(
    tx: &Transaction<'_>,
    shipment_id: i64,
    assessment: &Assessment,
    screening: &Screening<'_>,
    actor: &Actor,
) -> Result<i64, StoreError> {
    tx.prepare_cached(
        "INSERT INTO assessments (shipment, at, trigger, lane, score, list_set, body)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        shipment_id,
        actor.at_text(),
        screening.trigger,
        lane_text(assessment.lane),
        assessment.score,
        screening.list_set,
        serde_json::to_string(assessment)?
    ])?;
    let id = tx.last_insert_rowid();
    for p in hit_prints(assessment, screening.prints) {
        tx.prepare_cached(
            "INSERT OR IGNORE INTO hit_entries (assessment, list, entry_id, fingerprint)
             VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![id, p.list, p.entry_id, p.fingerprint])?;
    }
    Ok(id)
}

/// A stored assessment of a bill's version, to put in the queue with `reason`.
struct Assessed<'a> {
    bill: &'a str,
    shipment_id: i64,
    assessment_id: i64,
    assessment: &'a Assessment,
    reason: &'a str,
    /// A green bill with no item gets one too (see [`Run::every_bill`]).
    every_bill: bool,
    /// A decided item is never re-opened (`workflow.keep_decisions`: exercise stores that hide
    /// lanes, where a re-opened bill would say which bills a list update hit).
    keep_decisions: bool,
}

/// Puts a screened shipment version in the queue as [`workflow::enqueue`] says: a new item,
/// an update of an open item, or a re-opened closed one. Returns the item touched, if any.
fn enqueue(
    tx: &Transaction<'_>,
    audit: &mut AuditWriter<'_>,
    a: &Assessed<'_>,
    actor: &Actor,
) -> Result<Option<i64>, StoreError> {
    let existing: Option<i64> = tx
        .prepare_cached("SELECT id FROM queue_items WHERE bill_of_lading = ?1")?
        .query_row([a.bill], |r| r.get(0))
        .optional()?;
    let old = existing.map(|id| load_item(tx, id)).transpose()?;
    let plan =
        workflow::enqueue(old.as_ref().map(|o| o.state), a.assessment.lane).map_err(|refused| {
            StoreError::Workflow {
                item: existing.unwrap_or_default(),
                refused,
            }
        })?;
    match (plan, old) {
        (Enqueue::Skip, None) if a.every_bill => {
            create_item(tx, audit, a, workflow::QueueState::New, actor).map(Some)
        }
        (Enqueue::Skip, _) => Ok(None),
        (Enqueue::Reopen { .. }, _) if a.keep_decisions => Ok(None),
        (Enqueue::Create { state }, _) => create_item(tx, audit, a, state, actor).map(Some),
        (Enqueue::Update, Some(old)) => {
            let (state, claimed_by) = (old.state, old.claimed_by.clone());
            update_item(tx, audit, a, &old, (state, claimed_by.as_deref()), actor).map(Some)
        }
        (Enqueue::Reopen { to }, Some(old)) => {
            update_item(tx, audit, a, &old, (to, None), actor).map(Some)
        }
        // The rule updates or re-opens only an item that exists.
        (Enqueue::Update | Enqueue::Reopen { .. }, None) => Ok(None),
    }
}

fn create_item(
    tx: &Transaction<'_>,
    audit: &mut AuditWriter<'_>,
    a: &Assessed<'_>,
    state: workflow::QueueState,
    actor: &Actor,
) -> Result<i64, StoreError> {
    let at = actor.at_text();
    tx.prepare_cached(
        "INSERT INTO queue_items (bill_of_lading, shipment, assessment, lane, score, state,
             reason, claimed_by, version, created_at, updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, NULL, 1, ?8, ?8, ?9)",
    )?
    .execute(params![
        a.bill,
        a.shipment_id,
        a.assessment_id,
        lane_text(a.assessment.lane),
        a.assessment.score,
        state.as_str(),
        a.reason,
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
        serde_json::json!({"bill_of_lading": a.bill, "item": item_json(&item)}),
        &[("queue_items", id)],
    )?;
    Ok(id)
}

/// Points an item at a new assessment, in `state` and held by `claimed_by`; a closed item so
/// re-opened gets a `reopen` decision.
fn update_item(
    tx: &Transaction<'_>,
    audit: &mut AuditWriter<'_>,
    a: &Assessed<'_>,
    old: &QueueItem,
    (state, claimed_by): (workflow::QueueState, Option<&str>),
    actor: &Actor,
) -> Result<i64, StoreError> {
    let id = old.id;
    tx.prepare_cached(
        "UPDATE queue_items SET shipment = ?1, assessment = ?2, lane = ?3, score = ?4,
             state = ?5, reason = ?6, claimed_by = ?7, version = version + 1, updated_at = ?8,
             updated_by = ?9
         WHERE id = ?10",
    )?
    .execute(params![
        a.shipment_id,
        a.assessment_id,
        lane_text(a.assessment.lane),
        a.assessment.score,
        state.as_str(),
        a.reason,
        claimed_by,
        actor.at_text(),
        actor.user,
        id
    ])?;
    let new = load_item(tx, id)?;
    let mut written = vec![("queue_items", id)];
    let reopened = !old.state.is_open();
    if reopened {
        let row = DecisionRow {
            item: id,
            assessment: a.assessment_id,
            action: Action::Reopen,
            reason_code: None,
            note: Some(a.reason),
            hit: None,
            from: old.state,
            to: new.state,
            item_version: new.version,
        };
        written.push(("decisions", insert_decision(tx, &row, actor)?));
    }
    audit.append_rows(
        tx,
        actor,
        if reopened {
            "queue.reopen"
        } else {
            "queue.update"
        },
        &format!("queue:{id}"),
        Some(&item_json(old)),
        item_json(&new),
        &written,
    )?;
    Ok(id)
}

/// The run and manifest rows of an ingest; returns their ids.
fn insert_run(
    tx: &Transaction<'_>,
    ingested: &Ingested,
    errors: usize,
    actor: &Actor,
) -> Result<(i64, i64), StoreError> {
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
    Ok((run_id, tx.last_insert_rowid()))
}

/// The ingest run and manifest a shipment version is read from.
struct Run<'a> {
    id: i64,
    manifest: i64,
    screening: Screening<'a>,
    /// Queue green bills too (`workflow.queue_every_bill`: exercise stores).
    every_bill: bool,
    /// See [`Assessed::keep_decisions`].
    keep_decisions: bool,
}

/// What storing one shipment of a manifest did.
enum Stored {
    /// The same bill with the same content is stored already.
    Unchanged,
    /// A new version, and the queue item it touched.
    NewVersion { queued: Option<i64> },
}

/// Stores one bill's new version with its assessment, and queues it.
fn store_shipment(
    tx: &Transaction<'_>,
    audit: &mut AuditWriter<'_>,
    run: &Run<'_>,
    (shipment, assessment): (&Shipment, &Assessment),
    actor: &Actor,
) -> Result<Stored, StoreError> {
    let bill = shipment.bill_of_lading.as_str();
    let hash = content_hash(shipment)?;
    let seen: Option<(i64, i64)> = tx
        .prepare_cached(
            "SELECT id, version FROM shipments WHERE bill_of_lading = ?1 AND content_hash = ?2",
        )?
        .query_row(params![bill, hash], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    if let Some(seen) = seen {
        // The bill as it stands is the version its last ingest screened; a manifest may bring
        // back an earlier one (a cancelled bill filed again, an amendment undone).
        let current: Option<i64> = tx
            .prepare_cached(
                "SELECT a.shipment FROM assessments a JOIN shipments s ON s.id = a.shipment
                 WHERE s.bill_of_lading = ?1 AND a.trigger = ?2 ORDER BY a.id DESC LIMIT 1",
            )?
            .query_row(params![bill, run.screening.trigger], |r| r.get(0))
            .optional()?;
        if current.is_none_or(|c| c == seen.0) {
            return Ok(Stored::Unchanged);
        }
        return reinstate(tx, audit, run, seen, (shipment, assessment), actor);
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
        run.manifest,
        actor.at_text(),
        serde_json::to_string(shipment)?
    ])?;
    let shipment_id = tx.last_insert_rowid();
    let assessment_id = insert_assessment(tx, shipment_id, assessment, &run.screening, actor)?;
    let mut detail = serde_json::json!({
        "bill_of_lading": bill,
        "version": version,
        "content_hash": hash,
        "ingest_run": run.id,
        "lane": assessment.lane,
        "score": assessment.score,
    });
    // What the manifest did to the bill, when it is more than filing it.
    if !shipment.status.is_original() {
        detail["status"] = serde_json::json!(shipment.status);
    }
    audit.append_rows(
        tx,
        actor,
        "shipment.version",
        &format!("shipment:{bill}#{version}"),
        None,
        detail,
        &[("shipments", shipment_id), ("assessments", assessment_id)],
    )?;
    if shipment.status == BillStatus::Cancelled {
        let queued = withdraw(tx, audit, bill, version, actor)?;
        return Ok(Stored::NewVersion { queued });
    }
    let assessed = Assessed {
        bill,
        shipment_id,
        assessment_id,
        assessment,
        reason: workflow::ingest_reason(version),
        every_bill: run.every_bill,
        keep_decisions: run.keep_decisions,
    };
    let queued = enqueue(tx, audit, &assessed, actor)?;
    Ok(Stored::NewVersion { queued })
}

/// A manifest brought back an earlier version (`id`, `version`) of a bill: it is screened
/// again and queued as the bill's current version (or withdrawn again, if it is a
/// cancellation).
fn reinstate(
    tx: &Transaction<'_>,
    audit: &mut AuditWriter<'_>,
    run: &Run<'_>,
    (shipment_id, version): (i64, i64),
    (shipment, assessment): (&Shipment, &Assessment),
    actor: &Actor,
) -> Result<Stored, StoreError> {
    let bill = shipment.bill_of_lading.as_str();
    let assessment_id = insert_assessment(tx, shipment_id, assessment, &run.screening, actor)?;
    audit.append_rows(
        tx,
        actor,
        "shipment.reinstate",
        &format!("shipment:{bill}#{version}"),
        None,
        serde_json::json!({
            "bill_of_lading": bill,
            "version": version,
            "ingest_run": run.id,
            "lane": assessment.lane,
            "score": assessment.score,
            "status": shipment.status,
        }),
        &[("assessments", assessment_id)],
    )?;
    if shipment.status == BillStatus::Cancelled {
        let queued = withdraw(tx, audit, bill, version, actor)?;
        return Ok(Stored::NewVersion { queued });
    }
    let assessed = Assessed {
        bill,
        shipment_id,
        assessment_id,
        assessment,
        reason: workflow::AMENDED_BILL,
        every_bill: run.every_bill,
        keep_decisions: run.keep_decisions,
    };
    let queued = enqueue(tx, audit, &assessed, actor)?;
    Ok(Stored::NewVersion { queued })
}

/// A manifest cancelled `bill`: its version is stored (with its screening, as evidence) but it
/// does not enter the queue. An item nobody has worked yet is withdrawn; an item an officer
/// holds, reviews or referred keeps its state and says the bill was cancelled, since the
/// goods may still be aboard. Returns the item touched, if any.
fn withdraw(
    tx: &Transaction<'_>,
    audit: &mut AuditWriter<'_>,
    bill: &str,
    version: i64,
    actor: &Actor,
) -> Result<Option<i64>, StoreError> {
    let existing: Option<(i64, i64)> = tx
        .prepare_cached("SELECT id, assessment FROM queue_items WHERE bill_of_lading = ?1")?
        .query_row([bill], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((id, assessment)) = existing else {
        return Ok(None);
    };
    let old = load_item(tx, id)?;
    if !old.state.is_open() {
        return Ok(None);
    }
    let reason = workflow::CANCELLED_BILL;
    let to = if old.state == QueueState::New {
        workflow::next(old.state, Action::Withdraw).map_err(|refused| StoreError::Workflow {
            item: old.id,
            refused,
        })?
    } else {
        old.state
    };
    let note = format!("bill {bill} cancelled by a manifest (version {version})");
    tx.prepare_cached(
        "UPDATE queue_items SET state = ?1, reason = ?2, claimed_by = ?3, version = version + 1,
             updated_at = ?4, updated_by = ?5
         WHERE id = ?6",
    )?
    .execute(params![
        to.as_str(),
        reason,
        if to == old.state {
            old.claimed_by.as_deref()
        } else {
            None
        },
        actor.at_text(),
        actor.user,
        old.id
    ])?;
    let new = load_item(tx, old.id)?;
    let mut written = vec![("queue_items", old.id)];
    if to != old.state {
        let row = DecisionRow {
            item: old.id,
            assessment,
            action: Action::Withdraw,
            reason_code: None,
            note: Some(&note),
            hit: None,
            from: old.state,
            to,
            item_version: new.version,
        };
        written.push(("decisions", insert_decision(tx, &row, actor)?));
    }
    audit.append_rows(
        tx,
        actor,
        if to != old.state {
            "queue.withdraw"
        } else {
            "queue.update"
        },
        &format!("queue:{}", old.id),
        Some(&item_json(&old)),
        serde_json::json!({"note": note, "item": item_json(&new)}),
        &written,
    )?;
    Ok(Some(old.id))
}

/// What an ingest of a file stored before (by SHA-256) did: nothing.
fn stored_before(
    tx: &Transaction<'_>,
    ingested: &Ingested,
) -> Result<Option<IngestOutcome>, StoreError> {
    let shipments = ingested.manifest.shipments.len();
    let run: Option<i64> = tx
        .query_row(
            "SELECT id FROM ingest_runs WHERE sha256 = ?1",
            [&ingested.sha256],
            |r| r.get(0),
        )
        .optional()?;
    Ok(run.map(|run_id| IngestOutcome {
        run_id,
        already_stored: true,
        shipments,
        new_versions: 0,
        unchanged: shipments,
        queued: Vec::new(),
        warnings: Vec::new(),
    }))
}

pub(super) fn record_ingest(
    store: &mut SqliteStore,
    record: &IngestRecord<'_>,
    actor: &Actor,
) -> Result<IngestOutcome, StoreError> {
    let ingested = record.ingested;
    let shipments = ingested.manifest.shipments.len();
    let every_bill = store.workflow.queue_every_bill;
    let keep_decisions = store.workflow.keep_decisions;
    let (tx, key, label) = store.write()?;
    // Checked inside the write transaction: two processes ingesting one file store it once.
    if let Some(outcome) = stored_before(&tx, ingested)? {
        return Ok(outcome);
    }
    let mut audit = AuditWriter::start(&tx, &key, label)?;
    let errors = ingested
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .count();
    let (run_id, manifest_id) = insert_run(&tx, ingested, errors, actor)?;
    let run = Run {
        id: run_id,
        manifest: manifest_id,
        screening: Screening {
            list_set: list_set(&tx, &record.lists)?,
            prints: &record.prints,
            trigger: workflow::SCREENING,
        },
        every_bill,
        keep_decisions,
    };
    let mut outcome = IngestOutcome {
        run_id,
        already_stored: false,
        shipments,
        new_versions: 0,
        unchanged: 0,
        queued: Vec::new(),
        warnings: Vec::new(),
    };
    for pair in ingested.manifest.shipments.iter().zip(record.assessments) {
        match store_shipment(&tx, &mut audit, &run, pair, actor)? {
            Stored::Unchanged => outcome.unchanged += 1,
            Stored::NewVersion { queued } => {
                outcome.new_versions += 1;
                outcome.queued.extend(queued);
            }
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

pub(super) fn record_rescreen(
    store: &mut SqliteStore,
    results: &[Rescreened],
    lists: &[ListVersion],
    prints: &BTreeMap<(String, String), String>,
    reason: &str,
    actor: &Actor,
) -> Result<Vec<i64>, StoreError> {
    let keep_decisions = store.workflow.keep_decisions;
    let (tx, key, label) = store.write()?;
    let mut audit = AuditWriter::start(&tx, &key, label)?;
    let screening = Screening {
        list_set: list_set(&tx, lists)?,
        prints,
        trigger: reason,
    };
    let mut touched = Vec::new();
    for r in results {
        let bill: String = tx.query_row(
            "SELECT bill_of_lading FROM shipments WHERE id = ?1",
            [r.shipment_id],
            |row| row.get(0),
        )?;
        let assessment_id =
            insert_assessment(&tx, r.shipment_id, &r.assessment, &screening, actor)?;
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
        let assessed = Assessed {
            bill: &bill,
            shipment_id: r.shipment_id,
            assessment_id,
            assessment: &r.assessment,
            reason,
            every_bill: false,
            keep_decisions,
        };
        touched.extend(enqueue(&tx, &mut audit, &assessed, actor)?);
    }
    audit.finish(&tx)?;
    tx.commit()?;
    Ok(touched)
}
