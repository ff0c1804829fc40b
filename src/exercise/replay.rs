//! Replay: a trainee's work in the order they did it, read from their store's audit log (not
//! from the queue's current state), for the debrief. The log's hash chain is verified first;
//! a log that does not hold up is said, never replayed quietly.

use std::collections::HashMap;

use serde::Serialize;

use super::session::{INJECT_USER, TraineeSession};
use crate::store::{QueueFilter, Store, StoreError};

/// One step of the replay.
#[derive(Debug, Clone, Serialize)]
pub struct Step {
    pub seq: i64,
    pub at: String,
    /// Minutes after the session started.
    pub minutes: f64,
    pub user: String,
    /// `claim`, `refer`, `hold`, `clear`, `note`, `reopen`, `inject` ...
    pub what: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bill: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The replay of one store.
#[derive(Debug, Clone, Serialize)]
pub struct Replay {
    pub trainee: String,
    pub exercise: String,
    /// Records in the log, and whether its chain holds.
    pub records: u64,
    pub chain_holds: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub broken: Option<String>,
    pub steps: Vec<Step>,
}

fn text(v: &serde_json::Value, key: &str) -> Option<String> {
    v.get(key).and_then(|x| x.as_str()).map(str::to_string)
}

/// Reads the trainee's steps from the audit log of `db`.
pub fn replay(db: &dyn Store, session: &TraineeSession) -> Result<Replay, StoreError> {
    let verdict = db.verify_audit()?;
    let bills: HashMap<String, String> = db
        .queue(&QueueFilter::default())?
        .into_iter()
        .map(|i| (format!("queue:{}", i.id), i.bill_of_lading))
        .collect();
    let mut steps = Vec::new();
    for r in db.audit_records()? {
        let new: serde_json::Value = r
            .new
            .as_deref()
            .and_then(|t| serde_json::from_str(t).ok())
            .unwrap_or_default();
        let old: serde_json::Value = r
            .old
            .as_deref()
            .and_then(|t| serde_json::from_str(t).ok())
            .unwrap_or_default();
        let what = match r.action.as_str() {
            "queue.decide" => new
                .get("decision")
                .and_then(|d| text(d, "action"))
                .unwrap_or_else(|| "decide".into())
                .replace('_', "-"),
            "queue.claim" => "claim".into(),
            "queue.note" => "note".into(),
            "queue.reopen" => "reopen".into(),
            "assessment.rescreen" if r.user == INJECT_USER => "inject: re-screened".into(),
            "ingest" if r.user == INJECT_USER => "inject: amended bill".into(),
            _ => continue,
        };
        let at = crate::store::parse_stored_time(&r.at).ok();
        let minutes = at.map_or(0.0, |t| {
            (t - session.started_at).num_milliseconds() as f64 / 60_000.0
        });
        let decision = new.get("decision");
        steps.push(Step {
            seq: r.seq,
            at: r.at.clone(),
            minutes,
            user: r.user.clone(),
            what,
            bill: bills.get(&r.item).cloned().or_else(|| {
                r.item
                    .strip_prefix("shipment:")
                    .map(|b| b.split('#').next().unwrap_or(b).to_string())
            }),
            from: text(&old, "state"),
            to: text(&new, "state"),
            reason_code: decision.and_then(|d| text(d, "reason_code")),
            note: decision
                .and_then(|d| text(d, "note"))
                .or_else(|| text(&new, "text")),
        });
    }
    Ok(Replay {
        trainee: session.trainee.clone(),
        exercise: session.exercise.clone(),
        records: verdict.records,
        chain_holds: verdict.broken.is_none(),
        broken: verdict.broken.map(|b| format!("{b:?}")),
        steps,
    })
}
