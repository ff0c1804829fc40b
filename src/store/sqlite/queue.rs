//! Claims, decisions and notes on queue items. Each loads the item and what the rules need,
//! asks [`workflow`] for the outcome, and writes it with its audit record in one transaction.
//! Must not decide a rule itself: which action is allowed, which hit may be marked, who may
//! act, all come from [`workflow`].

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::SqliteStore;
use super::audit_log::AuditWriter;
use super::codec::{item_json, load_item};
use crate::model::{Assessment, PartyHit};
use crate::store::workflow::{self, Action, QueueState, Settled};
use crate::store::{Actor, ExamResult, NewDecision, QueueItem, StoreError, time_text};

/// The current assessment of an item.
pub(super) fn item_assessment(
    conn: &Connection,
    item: i64,
) -> Result<(i64, Assessment), StoreError> {
    let (id, body): (i64, String) = conn.query_row(
        "SELECT a.id, a.body FROM queue_items q JOIN assessments a ON a.id = q.assessment
         WHERE q.id = ?1",
        [item],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok((id, serde_json::from_str(&body)?))
}

/// Name hits of an assessment already marked as false positives (1-based numbers).
pub(super) fn marked_hits(
    conn: &Connection,
    item: i64,
    assessment: i64,
) -> Result<Vec<i64>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT hit FROM decisions WHERE item = ?1 AND assessment = ?2
         AND action = 'false-positive' AND hit IS NOT NULL ORDER BY hit",
    )?;
    let rows = stmt.query_map(params![item, assessment], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The guarded update: applied only if nobody changed the item since it was read.
fn bump(
    tx: &Transaction<'_>,
    old: &QueueItem,
    settled: &Settled,
    actor: &Actor,
) -> Result<QueueItem, StoreError> {
    let changed = tx.execute(
        "UPDATE queue_items SET state = ?1, claimed_by = ?2, version = version + 1,
             updated_at = ?3, updated_by = ?4
         WHERE id = ?5 AND version = ?6",
        params![
            settled.to.as_str(),
            settled.claimed_by,
            actor.at_text(),
            actor.user,
            old.id,
            old.version
        ],
    )?;
    let new = load_item(tx, old.id)?;
    if changed == 0 {
        return Err(StoreError::Conflict {
            item: old.id,
            expected_version: old.version,
            found_version: new.version,
            by_user: new.updated_by,
            at: new.updated_at,
        });
    }
    Ok(new)
}

/// A row of `decisions` to insert: what was done to an item, from which state to which.
pub(super) struct DecisionRow<'a> {
    pub item: i64,
    pub assessment: i64,
    pub action: Action,
    pub reason_code: Option<&'a str>,
    pub note: Option<&'a str>,
    pub hit: Option<i64>,
    pub from: QueueState,
    pub to: QueueState,
    pub item_version: i64,
}

/// Inserts a decision made by `actor`; returns its row id.
pub(super) fn insert_decision(
    tx: &Transaction<'_>,
    row: &DecisionRow<'_>,
    actor: &Actor,
) -> Result<i64, StoreError> {
    tx.prepare_cached(
        "INSERT INTO decisions (item, assessment, at, user, action, reason_code, note, hit,
             from_state, to_state, item_version)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        row.item,
        row.assessment,
        actor.at_text(),
        actor.user,
        row.action.as_str(),
        row.reason_code,
        row.note,
        row.hit,
        row.from.as_str(),
        row.to.as_str(),
        row.item_version
    ])?;
    Ok(tx.last_insert_rowid())
}

pub(super) fn claim(
    store: &mut SqliteStore,
    item: i64,
    expected_version: i64,
    actor: &Actor,
) -> Result<QueueItem, StoreError> {
    let (tx, key, label) = store.write()?;
    let mut audit = AuditWriter::start(&tx, &key, label)?;
    let old = load_item(&tx, item)?;
    let settled = workflow::claim(&old, expected_version, &actor.user)?;
    let new = bump(&tx, &old, &settled, actor)?;
    let (assessment_id, _) = item_assessment(&tx, item)?;
    let decision_id = insert_decision(
        &tx,
        &DecisionRow {
            item,
            assessment: assessment_id,
            action: Action::Claim,
            reason_code: None,
            note: None,
            hit: None,
            from: old.state,
            to: new.state,
            item_version: new.version,
        },
        actor,
    )?;
    audit.append_rows(
        &tx,
        actor,
        "queue.claim",
        &format!("queue:{item}"),
        Some(&item_json(&old)),
        item_json(&new),
        &[("queue_items", item), ("decisions", decision_id)],
    )?;
    audit.finish(&tx)?;
    tx.commit()?;
    Ok(new)
}

pub(super) fn decide(
    store: &mut SqliteStore,
    d: &NewDecision,
    actor: &Actor,
) -> Result<QueueItem, StoreError> {
    let item = d.item;
    if d.action == Action::Claim {
        return claim(store, item, d.expected_version, actor);
    }
    let codes = &store.workflow.reason_codes;
    workflow::check_request(d.action, d.reason_code.as_deref(), codes)
        .map_err(|refused| StoreError::Workflow { item, refused })?;
    let suppression_days = store.workflow.suppression_days;
    let (tx, key, label) = store.write()?;
    let mut audit = AuditWriter::start(&tx, &key, label)?;
    let old = load_item(&tx, item)?;
    let (assessment_id, assessment) = item_assessment(&tx, item)?;
    let marked = marked_hits(&tx, item, assessment_id)?;
    let hits = assessment.party_hits.len();
    let settled = workflow::decide(&old, d, hits, &marked, &actor.user)?;
    let new = bump(&tx, &old, &settled, actor)?;
    let decision_id = insert_decision(
        &tx,
        &DecisionRow {
            item,
            assessment: assessment_id,
            action: d.action,
            reason_code: d.reason_code.as_deref(),
            note: d.note.as_deref(),
            hit: d.hit.map(|h| h as i64),
            from: old.state,
            to: new.state,
            item_version: new.version,
        },
        actor,
    )?;
    let mut written = vec![("queue_items", item), ("decisions", decision_id)];
    if let Some(text) = settled.note.as_deref() {
        written.push((
            "notes",
            insert_note(&tx, item, Some(decision_id), text, actor)?,
        ));
    }
    if let Some(result) = settled.exam {
        write_exam_results(&tx, decision_id, item, result, &assessment, &mut written)?;
    }
    if let Some(index) = settled.marked_hit {
        let suppressed = Suppressed {
            hit: &assessment.party_hits[index],
            assessment: assessment_id,
            decision: d,
            decision_id,
            expires: workflow::suppression_expires(actor.at, suppression_days),
        };
        write_suppression(&tx, &mut audit, &suppressed, actor)?;
    }
    let mut new_json = item_json(&new);
    new_json["decision"] = serde_json::json!({
        "action": d.action,
        "reason_code": d.reason_code,
        "note": d.note,
        "hit": d.hit,
    });
    audit.append_rows(
        &tx,
        actor,
        "queue.decide",
        &format!("queue:{item}"),
        Some(&item_json(&old)),
        new_json,
        &written,
    )?;
    audit.finish(&tx)?;
    tx.commit()?;
    Ok(new)
}

fn insert_note(
    tx: &Transaction<'_>,
    item: i64,
    decision: Option<i64>,
    text: &str,
    actor: &Actor,
) -> Result<i64, StoreError> {
    tx.execute(
        "INSERT INTO notes (item, decision, at, user, text) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![item, decision, actor.at_text(), actor.user, text],
    )?;
    Ok(tx.last_insert_rowid())
}

/// One examination row per rule and list the result counts for (see [`workflow::exam_keys`]).
fn write_exam_results(
    tx: &Transaction<'_>,
    decision_id: i64,
    item: i64,
    result: ExamResult,
    assessment: &Assessment,
    written: &mut Vec<(&str, i64)>,
) -> Result<(), StoreError> {
    for (kind, key) in workflow::exam_keys(assessment) {
        tx.execute(
            "INSERT INTO exam_results (decision, item, result, kind, key)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![decision_id, item, result.as_str(), kind, key],
        )?;
        written.push(("exam_results", tx.last_insert_rowid()));
    }
    Ok(())
}

/// A name hit marked as a false positive, to suppress.
struct Suppressed<'a> {
    hit: &'a PartyHit,
    assessment: i64,
    decision: &'a NewDecision,
    decision_id: i64,
    expires: chrono::DateTime<chrono::Utc>,
}

/// The suppression a false positive makes, against the entry's fingerprint when screened.
fn write_suppression(
    tx: &Transaction<'_>,
    audit: &mut AuditWriter<'_>,
    s: &Suppressed<'_>,
    actor: &Actor,
) -> Result<(), StoreError> {
    let hit = s.hit;
    let fingerprint: Option<String> = tx
        .query_row(
            "SELECT fingerprint FROM hit_entries
             WHERE assessment = ?1 AND list = ?2 AND entry_id = ?3",
            params![s.assessment, hit.list, hit.entry_id],
            |r| r.get(0),
        )
        .optional()?;
    let expires = time_text(s.expires);
    tx.execute(
        "INSERT INTO suppressions (party_name, list, entry_id, fingerprint, expires, at,
             user, reason_code, note, decision)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            hit.party_name,
            hit.list,
            hit.entry_id,
            fingerprint,
            expires,
            actor.at_text(),
            actor.user,
            s.decision.reason_code,
            s.decision.note,
            s.decision_id
        ],
    )?;
    let suppression_id = tx.last_insert_rowid();
    audit.append_rows(
        tx,
        actor,
        "suppression.create",
        &format!("suppression:{suppression_id}"),
        None,
        serde_json::json!({
            "party_name": hit.party_name,
            "list": hit.list,
            "entry_id": hit.entry_id,
            "fingerprint": fingerprint,
            "expires": expires,
            "reason_code": s.decision.reason_code,
            "queue_item": s.decision.item,
        }),
        &[("suppressions", suppression_id)],
    )
}

pub(super) fn add_note(
    store: &mut SqliteStore,
    item: i64,
    text: &str,
    actor: &Actor,
) -> Result<(), StoreError> {
    let (tx, key, label) = store.write()?;
    let mut audit = AuditWriter::start(&tx, &key, label)?;
    load_item(&tx, item)?;
    let note_id = insert_note(&tx, item, None, text, actor)?;
    audit.append_rows(
        &tx,
        actor,
        "queue.note",
        &format!("queue:{item}"),
        None,
        serde_json::json!({ "note": text }),
        &[("notes", note_id)],
    )?;
    audit.finish(&tx)?;
    tx.commit()?;
    Ok(())
}
