//! Queries: ingest runs, the queue and one item's detail, shipment versions, suppressions in
//! force, re-screen candidates, examination tallies and decisions. Must not write.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension};

use super::audit_log::last_head;
use super::codec::{
    DecisionRow, ITEM_COLUMNS, SHIPMENT_ROW, ShipmentRow, decision_of, finish_item,
    finish_shipment, item_from_row, load_item, parse_lane, run_from_row, stored_time, time_column,
};
use super::queue::marked_hits;
use crate::screen::suppress::Suppression;
use crate::store::workflow::{self, QueueState};
use crate::store::{
    Candidate, Decision, ExamTally, IngestRun, ListVersion, Note, QueueDetail, QueueFilter,
    QueueItem, RuleStat, ShipmentVersion, StoreError, StoredAssessment, StoredShipment,
    StoredSuppression, VesselSighting, time_text,
};

/// Decisions matching `tail` (a WHERE and ORDER BY clause), as stored.
fn query_decisions(
    conn: &Connection,
    tail: &str,
    params: impl rusqlite::Params,
) -> Result<Vec<Decision>, StoreError> {
    let mut stmt = conn.prepare(&format!(
        "SELECT id, item, at, user, action, reason_code, note, hit, from_state, to_state,
             item_version FROM decisions {tail}"
    ))?;
    let rows = stmt.query_map(params, |r| DecisionRow::try_from(r))?;
    rows.map(|row| decision_of(row?)).collect()
}

pub(super) fn ingest_run_by_hash(
    conn: &Connection,
    sha256: &str,
) -> Result<Option<IngestRun>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT id, file, format, sha256, at, user, shipments, new_versions, unchanged,
                 errors, warnings FROM ingest_runs WHERE sha256 = ?1",
            [sha256],
            run_from_row,
        )
        .optional()?)
}

pub(super) fn ingest_runs(conn: &Connection) -> Result<Vec<IngestRun>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT id, file, format, sha256, at, user, shipments, new_versions, unchanged,
             errors, warnings FROM ingest_runs ORDER BY id",
    )?;
    let rows = stmt.query_map([], run_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub(super) fn queue(conn: &Connection, filter: &QueueFilter) -> Result<Vec<QueueItem>, StoreError> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {ITEM_COLUMNS} FROM queue_items q JOIN shipments s ON s.id = q.shipment
         WHERE (?1 IS NULL OR q.state = ?1) ORDER BY q.score DESC, q.id"
    ))?;
    let rows = stmt.query_map([filter.state.map(QueueState::as_str)], item_from_row)?;
    let mut out = Vec::new();
    for row in rows {
        let item = finish_item(row?)?;
        if !filter.open_only || item.state.is_open() {
            out.push(item);
        }
    }
    Ok(out)
}

/// The list versions of a list set, by name.
fn list_versions(conn: &Connection, set: i64) -> Result<Vec<ListVersion>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT v.name, v.version, v.sha256 FROM list_set_members m
         JOIN list_versions v ON v.id = m.list_version WHERE m.list_set = ?1
         ORDER BY v.name",
    )?;
    let rows = stmt.query_map([set], |r| {
        Ok(ListVersion {
            name: r.get(0)?,
            version: r.get(1)?,
            sha256: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The notes on an item, oldest first.
fn notes(conn: &Connection, item: i64) -> Result<Vec<Note>, StoreError> {
    let mut stmt = conn.prepare("SELECT at, user, text FROM notes WHERE item = ?1 ORDER BY id")?;
    let rows = stmt.query_map([item], |r| {
        Ok(Note {
            at: time_column(r, 0)?,
            user: r.get(1)?,
            text: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub(super) fn queue_detail(conn: &Connection, id: i64) -> Result<QueueDetail, StoreError> {
    let item = load_item(conn, id)?;
    let versions = shipment_versions(conn, &item.bill_of_lading)?;
    let shipment = versions
        .iter()
        .find(|v| v.version == item.shipment_version)
        .cloned()
        .ok_or_else(|| StoreError::Decode(format!("queue item {id} has no shipment")))?;
    let (assessment_id, at, trigger, body, set): (i64, String, String, String, i64) = conn
        .query_row(
            "SELECT a.id, a.at, a.trigger, a.body, a.list_set FROM queue_items q
             JOIN assessments a ON a.id = q.assessment WHERE q.id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )?;
    let lists = list_versions(conn, set)?;
    let decisions = query_decisions(conn, "WHERE item = ?1 ORDER BY id", [id])?;
    let notes = notes(conn, id)?;
    let marked_hits = marked_hits(conn, id, assessment_id)?;
    let audit_head = last_head(conn)?;
    Ok(QueueDetail {
        item,
        shipment,
        versions,
        assessment: StoredAssessment {
            id: assessment_id,
            at: stored_time(&at, "assessment time")?,
            trigger,
            lists,
            assessment: serde_json::from_str(&body)?,
        },
        decisions,
        notes,
        marked_hits,
        audit_head,
    })
}

pub(super) fn shipment_versions(
    conn: &Connection,
    bill_of_lading: &str,
) -> Result<Vec<ShipmentVersion>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT id, version, content_hash, created_at, body FROM shipments
         WHERE bill_of_lading = ?1 ORDER BY version",
    )?;
    let rows = stmt.query_map([bill_of_lading], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, version, content_hash, created_at, body) = row?;
        out.push(ShipmentVersion {
            id,
            version,
            content_hash,
            created_at: stored_time(&created_at, "shipment version time")?,
            shipment: serde_json::from_str(&body)?,
        });
    }
    Ok(out)
}

pub(super) fn suppressions(
    conn: &Connection,
    now: DateTime<Utc>,
) -> Result<Vec<StoredSuppression>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT party_name, list, entry_id, fingerprint, expires, at, user, reason_code
         FROM suppressions WHERE expires IS NULL OR expires > ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([time_text(now)], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, String>(6)?,
            r.get::<_, String>(7)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (party_name, list, entry_id, fingerprint, expires, at, user, reason_code) = row?;
        let expires = expires
            .map(|e| {
                DateTime::parse_from_rfc3339(&e)
                    .map(|t| t.with_timezone(&Utc))
                    .map_err(|_| StoreError::Decode(format!("suppression expiry {e:?}")))
            })
            .transpose()?;
        out.push(StoredSuppression {
            suppression: Suppression {
                party_name,
                list,
                entry_id,
                expires,
            },
            fingerprint,
            at: stored_time(&at, "suppression time")?,
            user,
            reason_code,
        });
    }
    Ok(out)
}

pub(super) fn rescreen_candidates(
    conn: &Connection,
    since: DateTime<Utc>,
) -> Result<Vec<Candidate>, StoreError> {
    // The open states come from the workflow, not from this query: an item still waiting is
    // re-screened whenever its assessment was made.
    let open: Vec<String> = workflow::open_states()
        .map(|s| format!("'{}'", s.as_str()))
        .collect();
    let mut stmt = conn.prepare(&format!(
        "SELECT s.id, s.body, a.body FROM shipments s
         JOIN assessments a ON a.id = (SELECT MAX(id) FROM assessments WHERE shipment = s.id)
         WHERE s.version = (SELECT MAX(version) FROM shipments WHERE bill_of_lading = s.bill_of_lading)
           AND (a.at >= ?1 OR s.bill_of_lading IN (
               SELECT bill_of_lading FROM queue_items
               WHERE state IN ({})))
         ORDER BY s.id",
        open.join(", ")
    ))?;
    let rows = stmt.query_map([time_text(since)], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (shipment_id, shipment, assessment) = row?;
        out.push(Candidate {
            shipment_id,
            shipment: serde_json::from_str(&shipment)?,
            assessment: serde_json::from_str(&assessment)?,
        });
    }
    Ok(out)
}

pub(super) fn exam_tallies(conn: &Connection) -> Result<Vec<ExamTally>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT kind, key, COUNT(*), SUM(result = 'found') FROM exam_results
         GROUP BY kind, key ORDER BY kind, key",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(ExamTally {
            kind: r.get(0)?,
            key: r.get(1)?,
            exams: r.get(2)?,
            found: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub(super) fn lanes_since(
    conn: &Connection,
    since: DateTime<Utc>,
) -> Result<(usize, usize, usize), StoreError> {
    let mut stmt = conn.prepare(
        "SELECT a.lane, COUNT(*) FROM assessments a
         WHERE a.at >= ?1
           AND a.id = (SELECT MAX(b.id) FROM assessments b WHERE b.shipment = a.shipment)
         GROUP BY a.lane",
    )?;
    let rows = stmt.query_map([time_text(since)], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
    })?;
    let (mut green, mut yellow, mut red) = (0, 0, 0);
    for row in rows {
        let (lane, n) = row?;
        let n = usize::try_from(n).unwrap_or_default();
        match parse_lane(&lane)? {
            crate::model::Lane::Green => green += n,
            crate::model::Lane::Yellow => yellow += n,
            crate::model::Lane::Red => red += n,
        }
    }
    Ok((green, yellow, red))
}

pub(super) fn consignee_names(conn: &Connection) -> Result<Vec<String>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT DISTINCT json_extract(p.value, '$.name')
         FROM shipments s, json_each(s.body, '$.parties') p
         WHERE json_extract(p.value, '$.role') = 'consignee'",
    )?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub(super) fn vessel_sightings(conn: &Connection) -> Result<Vec<VesselSighting>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT json_extract(body, '$.conveyance.imo') AS imo,
                json_extract(body, '$.conveyance.vessel_name') AS name,
                MIN(created_at), MAX(created_at)
         FROM shipments
         WHERE imo IS NOT NULL AND name IS NOT NULL
         GROUP BY imo, name",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(VesselSighting {
            imo: r.get(0)?,
            name: r.get(1)?,
            first_seen: time_column(r, 2)?,
            last_seen: time_column(r, 3)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Hits per rule from the assessments' red flags, examinations per rule from the examination
/// results (which record, per decision, every rule of the assessment decided on).
pub(super) fn rule_stats(
    conn: &Connection,
    since: Option<DateTime<Utc>>,
    until: Option<DateTime<Utc>>,
) -> Result<Vec<RuleStat>, StoreError> {
    let from = since.map_or_else(String::new, time_text);
    // Past every stored time: RFC 3339 texts sort as times.
    let to = until.map_or_else(|| "9999".to_string(), time_text);
    let mut stats: std::collections::BTreeMap<String, RuleStat> = Default::default();
    let stat = |stats: &mut std::collections::BTreeMap<String, RuleStat>, rule: &str| {
        stats.entry(rule.to_string()).or_insert_with(|| RuleStat {
            rule: rule.to_string(),
            hits: 0,
            exams: 0,
            found: 0,
        });
    };
    let mut hits = conn.prepare(
        "SELECT json_extract(f.value, '$.rule'), COUNT(DISTINCT s.bill_of_lading)
         FROM assessments a JOIN shipments s ON s.id = a.shipment,
              json_each(a.body, '$.red_flags') f
         WHERE a.at >= ?1 AND a.at < ?2
         GROUP BY 1",
    )?;
    let rows = hits.query_map([&from, &to], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
    })?;
    for row in rows {
        let (rule, n) = row?;
        stat(&mut stats, &rule);
        stats.get_mut(&rule).expect("just added").hits = n;
    }
    let mut exams = conn.prepare(
        "SELECT e.key, COUNT(*), SUM(e.result = 'found')
         FROM exam_results e JOIN decisions d ON d.id = e.decision
         WHERE e.kind = 'rule' AND d.at >= ?1 AND d.at < ?2
         GROUP BY e.key",
    )?;
    let rows = exams.query_map([&from, &to], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, i64>(2)?,
        ))
    })?;
    for row in rows {
        let (rule, n, found) = row?;
        stat(&mut stats, &rule);
        let s = stats.get_mut(&rule).expect("just added");
        s.exams = n;
        s.found = found;
    }
    Ok(stats.into_values().collect())
}

pub(super) fn latest_shipments(conn: &Connection) -> Result<Vec<StoredShipment>, StoreError> {
    let mut stmt = conn.prepare(&format!(
        "{SHIPMENT_ROW}
         WHERE s.version = (SELECT MAX(version) FROM shipments v
                            WHERE v.bill_of_lading = s.bill_of_lading)
         ORDER BY s.bill_of_lading"
    ))?;
    let rows = stmt.query_map([], |r| ShipmentRow::try_from(r))?;
    let mut out = Vec::new();
    for row in rows {
        out.push(finish_shipment(row?)?);
    }
    Ok(out)
}

pub(super) fn stored_shipment(conn: &Connection, id: i64) -> Result<StoredShipment, StoreError> {
    let row = conn
        .query_row(&format!("{SHIPMENT_ROW} WHERE s.id = ?1"), [id], |r| {
            ShipmentRow::try_from(r)
        })
        .optional()?
        .ok_or_else(|| StoreError::Decode(format!("shipment {id} is not in the store")))?;
    finish_shipment(row)
}

pub(super) fn last_decisions(conn: &Connection) -> Result<Vec<Decision>, StoreError> {
    query_decisions(
        conn,
        "WHERE id IN (SELECT MAX(id) FROM decisions WHERE action != 'claim' GROUP BY item)
         ORDER BY item",
        [],
    )
}
