//! Rows to values and back: reading a queue item, a decision, a shipment or an ingest run from
//! its row, and the JSON an audit record keeps of an item. Must not write.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension};
use sha2::{Digest, Sha256};

use crate::model::{Lane, Shipment};
use crate::store::workflow::{Action, QueueState};
use crate::store::{
    Decision, IngestRun, QueueItem, StoreError, StoredShipment, audit, parse_stored_time,
};

/// SHA-256 of a shipment's content, its source location left out: the same bill read from
/// another file, or another line, is the same bill.
pub(super) fn content_hash(shipment: &Shipment) -> Result<String, StoreError> {
    let mut s = shipment.clone();
    s.source = None;
    Ok(audit::hex(&Sha256::digest(serde_json::to_vec(&s)?)))
}

pub(super) fn lane_text(lane: Lane) -> &'static str {
    lane.as_str()
}

pub(super) fn parse_lane(text: &str) -> Result<Lane, StoreError> {
    serde_json::from_value(serde_json::Value::String(text.to_string()))
        .map_err(|_| StoreError::Decode(format!("lane {text:?}")))
}

/// One row of `decisions`, in column order (read with rusqlite's tuple `TryFrom<&Row>`).
pub(super) type DecisionRow = (
    i64,
    i64,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<i64>,
    String,
    String,
    i64,
);

pub(super) fn decision_of(row: DecisionRow) -> Result<Decision, StoreError> {
    let (id, item, at, user, action, reason_code, note, hit, from, to, item_version) = row;
    Ok(Decision {
        id,
        item,
        at: stored_time(&at, "decision time")?,
        user,
        action: parse_action(&action)?,
        reason_code,
        note,
        hit,
        from_state: parse_state(&from)?,
        to_state: parse_state(&to)?,
        item_version,
    })
}

/// A time column of a row being read (see [`parse_stored_time`]): a damaged value fails the
/// read with the column's position, never turns into another time.
pub(super) fn time_column(r: &rusqlite::Row<'_>, idx: usize) -> rusqlite::Result<DateTime<Utc>> {
    let text: String = r.get(idx)?;
    parse_stored_time(&text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, e.into())
    })
}

/// A time read earlier as text (see [`parse_stored_time`]); `what` names it in the error.
pub(super) fn stored_time(text: &str, what: &str) -> Result<DateTime<Utc>, StoreError> {
    parse_stored_time(text).map_err(|e| StoreError::Decode(format!("{what}: {e}")))
}

pub(super) fn parse_state(text: &str) -> Result<QueueState, StoreError> {
    QueueState::parse(text).ok_or_else(|| StoreError::Decode(format!("queue state {text:?}")))
}

pub(super) fn parse_action(text: &str) -> Result<Action, StoreError> {
    Action::parse(text).ok_or_else(|| StoreError::Decode(format!("action {text:?}")))
}

pub(super) const ITEM_COLUMNS: &str =
    "q.id, q.bill_of_lading, s.version, q.lane, q.score, q.state, q.reason,
     q.claimed_by, q.version, q.created_at, q.updated_at, q.updated_by";

pub(super) fn item_from_row(
    r: &rusqlite::Row<'_>,
) -> rusqlite::Result<(QueueItem, String, String)> {
    Ok((
        QueueItem {
            id: r.get(0)?,
            bill_of_lading: r.get(1)?,
            shipment_version: r.get(2)?,
            lane: Lane::Green,
            score: r.get(4)?,
            state: QueueState::New,
            reason: r.get(6)?,
            claimed_by: r.get(7)?,
            version: r.get(8)?,
            created_at: time_column(r, 9)?,
            updated_at: time_column(r, 10)?,
            updated_by: r.get(11)?,
        },
        r.get(3)?,
        r.get(5)?,
    ))
}

pub(super) fn finish_item(row: (QueueItem, String, String)) -> Result<QueueItem, StoreError> {
    let (mut item, lane, state) = row;
    item.lane = parse_lane(&lane)?;
    item.state = parse_state(&state)?;
    Ok(item)
}

pub(super) fn load_item(conn: &Connection, id: i64) -> Result<QueueItem, StoreError> {
    let row = conn
        .query_row(
            &format!(
                "SELECT {ITEM_COLUMNS} FROM queue_items q JOIN shipments s ON s.id = q.shipment
                 WHERE q.id = ?1"
            ),
            [id],
            item_from_row,
        )
        .optional()?
        .ok_or(StoreError::NoSuchItem(id))?;
    finish_item(row)
}

pub(super) fn item_json(item: &QueueItem) -> serde_json::Value {
    serde_json::json!({
        "state": item.state,
        "version": item.version,
        "claimed_by": item.claimed_by,
        "shipment_version": item.shipment_version,
        "lane": item.lane,
        "score": item.score,
        "reason": item.reason,
    })
}

/// A shipment version with its latest assessment and the file it came from.
pub(super) const SHIPMENT_ROW: &str = "SELECT s.id, s.version, r.file, s.body, a.at, a.body
     FROM shipments s
     JOIN assessments a ON a.id = (SELECT MAX(id) FROM assessments WHERE shipment = s.id)
     JOIN manifests m ON m.id = s.manifest
     JOIN ingest_runs r ON r.id = m.ingest_run";

pub(super) type ShipmentRow = (i64, i64, String, String, String, String);

pub(super) fn finish_shipment(row: ShipmentRow) -> Result<StoredShipment, StoreError> {
    let (id, version, file, body, assessed_at, assessment) = row;
    Ok(StoredShipment {
        id,
        version,
        file,
        shipment: serde_json::from_str(&body)?,
        assessed_at: stored_time(&assessed_at, "assessment time")?,
        assessment: serde_json::from_str(&assessment)?,
    })
}

pub(super) fn run_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<IngestRun> {
    Ok(IngestRun {
        id: r.get(0)?,
        file: r.get(1)?,
        format: r.get(2)?,
        sha256: r.get(3)?,
        at: time_column(r, 4)?,
        user: r.get(5)?,
        shipments: r.get(6)?,
        new_versions: r.get(7)?,
        unchanged: r.get(8)?,
        errors: r.get(9)?,
        warnings: r.get(10)?,
    })
}
