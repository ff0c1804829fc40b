//! The seam between the dashboard and whatever keeps the shipments, the referral queue and the
//! audit log.
//!
//! The dashboard talks only to [`DashboardBackend`]. Until the SQLite store (issue 5) lands,
//! [`MemoryBackend`] implements it: it screens manifests with the loaded lists at start, keeps
//! queue items, decisions and an audit chain in memory with versions, and answers a stale
//! version with [`ActionError::Conflict`], exactly as a shared store must when two officers act
//! on one item. Nothing here draws on a terminal or knows about keys; every call is blocking and
//! is run by the event loop off the UI thread.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::ingest::{self, IngestOptions};
use crate::lists::WatchList;
use crate::model::{Assessment, Lane, Manifest, PartyRole, Shipment};
use crate::report::ListSummary;
use crate::screen::Screener;

/// A shipment's identity in the backend (a row id in the store).
pub type ShipmentId = u64;
/// A referral-queue item's identity.
pub type ItemId = u64;

/// Where a queue item is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QueueState {
    /// Waiting for an officer.
    New,
    /// Claimed by an officer who is looking at it.
    InReview,
    /// Referred for examination (or an RfI/RfS/DNL-style request).
    Referred,
    /// Held: the cargo does not move until someone decides.
    Hold,
    /// Released: nothing found that stops it.
    Cleared,
    /// Closed because the hit was not the listed party or item.
    FalsePositive,
}

impl QueueState {
    pub const ALL: [QueueState; 6] = [
        QueueState::New,
        QueueState::InReview,
        QueueState::Referred,
        QueueState::Hold,
        QueueState::Cleared,
        QueueState::FalsePositive,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            QueueState::New => "new",
            QueueState::InReview => "in_review",
            QueueState::Referred => "referred",
            QueueState::Hold => "hold",
            QueueState::Cleared => "cleared",
            QueueState::FalsePositive => "false_positive",
        }
    }

    /// Open items still need an officer; closed ones are history.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            QueueState::New | QueueState::InReview | QueueState::Hold
        )
    }
}

/// What an officer decides about a queue item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Refer,
    Hold,
    Clear,
    FalsePositive,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Refer => "refer",
            Outcome::Hold => "hold",
            Outcome::Clear => "clear",
            Outcome::FalsePositive => "false positive",
        }
    }

    /// The state an item is in after this decision.
    pub fn state(self) -> QueueState {
        match self {
            Outcome::Refer => QueueState::Referred,
            Outcome::Hold => QueueState::Hold,
            Outcome::Clear => QueueState::Cleared,
            Outcome::FalsePositive => QueueState::FalsePositive,
        }
    }
}

/// A structured reason for a decision: GAO found free-text waiver reasons unusable, so every
/// decision carries one of these codes and, optionally, a note.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReasonCode {
    pub code: &'static str,
    pub description: &'static str,
    pub outcomes: &'static [Outcome],
}

/// Every reason code an officer can pick, in picker order.
pub const REASON_CODES: &[ReasonCode] = &[
    ReasonCode {
        code: "RFI",
        description: "request for information from the carrier or agent",
        outcomes: &[Outcome::Refer, Outcome::Hold],
    },
    ReasonCode {
        code: "EXAM",
        description: "refer for examination (NII, then physical)",
        outcomes: &[Outcome::Refer],
    },
    ReasonCode {
        code: "DNL",
        description: "do not load: risk confirmed",
        outcomes: &[Outcome::Refer, Outcome::Hold],
    },
    ReasonCode {
        code: "LICENCE",
        description: "goods may need an export licence: check thresholds",
        outcomes: &[Outcome::Refer, Outcome::Hold],
    },
    ReasonCode {
        code: "NM-IDENT",
        description: "not the listed party: identifiers differ (DOB, IMO, address)",
        outcomes: &[Outcome::Clear, Outcome::FalsePositive],
    },
    ReasonCode {
        code: "NM-NAME",
        description: "not the listed party: only generic words matched",
        outcomes: &[Outcome::Clear, Outcome::FalsePositive],
    },
    ReasonCode {
        code: "GOODS-OK",
        description: "goods below control thresholds, documents seen",
        outcomes: &[Outcome::Clear],
    },
    ReasonCode {
        code: "DATA-ERR",
        description: "manifest data error, corrected by the carrier",
        outcomes: &[Outcome::Clear, Outcome::FalsePositive],
    },
    ReasonCode {
        code: "OTHER",
        description: "other: explained in the note",
        outcomes: &[
            Outcome::Refer,
            Outcome::Hold,
            Outcome::Clear,
            Outcome::FalsePositive,
        ],
    },
];

/// The reason codes that fit an outcome, in picker order.
pub fn reasons_for(outcome: Outcome) -> Vec<&'static ReasonCode> {
    REASON_CODES
        .iter()
        .filter(|r| r.outcomes.contains(&outcome))
        .collect()
}

/// One decision as submitted by an officer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub outcome: Outcome,
    pub reason: &'static str,
    pub note: Option<String>,
}

/// A shipment as the table shows it: the few fields every row needs, so that 100,000 of them
/// fit in memory and the detail is fetched only when opened.
#[derive(Debug, Clone, PartialEq)]
pub struct ShipmentSummary {
    pub id: ShipmentId,
    pub bill: String,
    pub vessel: String,
    pub voyage: String,
    pub shipper: String,
    pub consignee: String,
    /// First goods description, with `(+N)` when there are more lines.
    pub goods: String,
    /// Every declared HS code, digits only.
    pub hs_codes: Vec<String>,
    /// Ports in travel order.
    pub route: Vec<String>,
    pub port_of_discharge: String,
    pub score: u32,
    pub lane: Lane,
    /// Short names of the lists with a party, vessel or goods hit (`OFAC SDN`, `CHPL`).
    pub hit_lists: Vec<String>,
    /// Red-flag rule ids that fired.
    pub rules: Vec<String>,
    pub screened_at: DateTime<Utc>,
    pub file: String,
}

impl ShipmentSummary {
    /// Builds the row from a screened shipment.
    pub fn of(
        id: ShipmentId,
        file: &str,
        shipment: &Shipment,
        assessment: &Assessment,
        at: DateTime<Utc>,
    ) -> Self {
        let first_party = |role| {
            shipment
                .parties_in(role)
                .next()
                .map(|p| p.name.clone())
                .unwrap_or_default()
        };
        let goods = match shipment.goods.as_slice() {
            [] => String::new(),
            [one] => one.description.clone(),
            [first, rest @ ..] => format!("{} (+{})", first.description, rest.len()),
        };
        let conveyance = shipment.conveyance.clone().unwrap_or_default();
        let mut hit_lists: Vec<String> = assessment
            .party_hits
            .iter()
            .map(|h| h.list.clone())
            .chain(assessment.vessel_hits.iter().map(|h| h.list.clone()))
            .chain(assessment.goods_hits.iter().map(|h| h.list.clone()))
            .collect();
        hit_lists.sort();
        hit_lists.dedup();
        ShipmentSummary {
            id,
            bill: shipment.bill_of_lading.clone(),
            vessel: conveyance.vessel_name.unwrap_or_default(),
            voyage: conveyance.voyage.unwrap_or_default(),
            shipper: first_party(PartyRole::Shipper),
            consignee: first_party(PartyRole::Consignee),
            goods,
            hs_codes: shipment
                .goods
                .iter()
                .filter_map(|g| g.hs_code.as_ref().map(|h| h.digits().to_string()))
                .collect(),
            route: shipment
                .routing
                .chain()
                .into_iter()
                .map(str::to_string)
                .collect(),
            port_of_discharge: shipment
                .routing
                .port_of_discharge
                .clone()
                .unwrap_or_default(),
            score: assessment.score,
            lane: assessment.lane,
            hit_lists,
            rules: assessment
                .red_flags
                .iter()
                .map(|f| f.rule.clone())
                .collect(),
            screened_at: at,
            file: file.to_string(),
        }
    }

    /// Party, vessel and goods hits plus red flags: what the overview counts.
    pub fn has_hits(&self) -> bool {
        !self.hit_lists.is_empty() || !self.rules.is_empty()
    }
}

/// A referral-queue item as the queue view shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct QueueItemView {
    pub id: ItemId,
    pub shipment: ShipmentId,
    pub bill: String,
    pub lane: Lane,
    pub score: u32,
    pub state: QueueState,
    /// Bumped on every change; a claim or decision names the version it was made on.
    pub version: u64,
    pub assignee: Option<String>,
    pub reason: Option<String>,
    pub note: Option<String>,
    pub updated_at: DateTime<Utc>,
}

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub seq: u64,
    pub at: DateTime<Utc>,
    pub user: String,
    /// `ingest`, `claim`, `refer`, `hold`, `clear`, `false_positive`, ...
    pub action: String,
    /// The bill of lading or file the action was about.
    pub subject: String,
    pub detail: String,
    /// Hex SHA-256 over the previous entry's hash and this entry: a chain that breaks when any
    /// line is edited or removed.
    pub hash: String,
}

/// What checking the audit chain found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuditVerification {
    /// Every entry's hash follows from the one before.
    Intact { entries: u64 },
    /// The chain breaks at this entry.
    Broken { seq: u64, message: String },
}

/// Progress of long background work, for the gauge.
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    pub label: String,
    /// 0.0 to 1.0.
    pub ratio: f64,
}

/// The detail of one shipment: the manifest record, its assessment, the list entries its
/// hits point at, and what officers did with it.
#[derive(Debug, Clone)]
pub struct ShipmentDetail {
    pub summary: ShipmentSummary,
    pub shipment: Shipment,
    pub assessment: Assessment,
    /// The list entry of each party hit, in the order of `assessment.party_hits` (None when the
    /// list is no longer loaded).
    pub party_entries: Vec<Option<crate::lists::ListEntry>>,
    pub queue_item: Option<QueueItemView>,
    pub history: Vec<AuditEntry>,
}

/// Everything the dashboard shows that is not per-shipment detail, read at once.
#[derive(Debug, Clone, Default)]
pub struct DashboardSnapshot {
    pub shipments: Arc<Vec<ShipmentSummary>>,
    pub queue: Vec<QueueItemView>,
    pub lists: Vec<ListSummary>,
    /// The loaded lists themselves, for browsing entries.
    pub list_entries: Arc<Vec<WatchList>>,
    /// The most recent audit entries, newest last.
    pub recent: Vec<AuditEntry>,
    pub change_counter: u64,
}

/// A claim or decision that did not happen, with the message an officer should read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ActionError {
    /// Someone else changed the item since this officer's copy was read.
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    NotFound(String),
    /// The item is not in a state that allows this (deciding an unclaimed item, ...).
    #[error("{0}")]
    NotAllowed(String),
    #[error("{0}")]
    Backend(String),
}

/// What an ingest added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IngestSummary {
    pub file: String,
    pub shipments: usize,
    pub queued: usize,
    pub problems: Vec<String>,
}

/// What the dashboard needs from a store. Every method blocks; the event loop calls them on a
/// blocking thread. Implemented in memory here and by the SQLite store later.
pub trait DashboardBackend: Send + Sync {
    /// Everything the views need except shipment detail.
    fn snapshot(&self) -> Result<DashboardSnapshot, ActionError>;
    /// A number that changes whenever anything in the store changes (other officers' work).
    fn change_counter(&self) -> Result<u64, ActionError>;
    fn shipment(&self, id: ShipmentId) -> Result<ShipmentDetail, ActionError>;
    /// Claims an item for `user`, if it is still at `version`.
    fn claim(&self, item: ItemId, version: u64, user: &str) -> Result<QueueItemView, ActionError>;
    /// Records a decision on an item, if it is still at `version`.
    fn decide(
        &self,
        item: ItemId,
        version: u64,
        user: &str,
        decision: &Decision,
    ) -> Result<QueueItemView, ActionError>;
    /// Reads, screens and stores a manifest file, reporting progress as it goes.
    fn ingest(
        &self,
        path: &Path,
        user: &str,
        progress: &dyn Fn(Progress),
    ) -> Result<IngestSummary, ActionError>;
    /// The whole audit log, oldest first.
    fn audit(&self) -> Result<Vec<AuditEntry>, ActionError>;
    fn verify_audit(&self) -> Result<AuditVerification, ActionError>;
}

/// The clock the backend stamps records with; tests pass a fixed one.
pub type Clock = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// The system clock.
pub fn system_clock() -> Clock {
    Arc::new(Utc::now)
}

/// A fixed clock, for tests and snapshots.
pub fn fixed_clock(at: DateTime<Utc>) -> Clock {
    Arc::new(move || at)
}

struct Stored {
    summary: ShipmentSummary,
    shipment: Shipment,
    assessment: Assessment,
}

#[derive(Default)]
struct MemoryState {
    shipments: Vec<Stored>,
    queue: BTreeMap<ItemId, QueueItemView>,
    audit: Vec<AuditEntry>,
    counter: u64,
}

/// The in-memory backend: a screener and a queue held in this process.
pub struct MemoryBackend {
    screener: Screener,
    lists: Vec<ListSummary>,
    list_entries: Arc<Vec<WatchList>>,
    clock: Clock,
    state: Mutex<MemoryState>,
}

impl MemoryBackend {
    /// A backend over these lists with nothing screened yet.
    pub fn new(screener: Screener, lists: Vec<ListSummary>, clock: Clock) -> Self {
        let list_entries = Arc::new(screener.lists().to_vec());
        MemoryBackend {
            screener,
            lists,
            list_entries,
            clock,
            state: Mutex::new(MemoryState::default()),
        }
    }

    /// The bundled sample lists with the bundled sample manifests screened, as `system` at the
    /// clock's time: what `hubscreen` shows on a fresh machine.
    pub fn with_samples(config: crate::config::Config, clock: Clock) -> Result<Self, ActionError> {
        let lists = crate::lists::bundled::watchlists()
            .map_err(|e| ActionError::Backend(format!("bundled lists: {e}")))?;
        let goods = crate::lists::bundled::goods()
            .map_err(|e| ActionError::Backend(format!("bundled goods lists: {e}")))?;
        let summaries = lists.iter().map(ListSummary::of).collect();
        let screener = Screener::new(lists, goods, config);
        let backend = MemoryBackend::new(screener, summaries, clock);
        for (label, bytes) in SAMPLE_MANIFESTS {
            let source = crate::source::Source::bundled(label, bytes);
            let ingested = ingest::ingest(&source, &IngestOptions::default())
                .map_err(|e| ActionError::Backend(e.to_string()))?;
            backend.add_manifest(&ingested.file, &ingested.manifest, "system");
        }
        Ok(backend)
    }

    /// Screens and stores every shipment of a manifest; red and yellow ones enter the queue.
    pub fn add_manifest(&self, file: &str, manifest: &Manifest, user: &str) -> IngestSummary {
        let assessments = self.screener.screen_manifest(manifest);
        let at = (self.clock)();
        let mut state = self.lock();
        let mut queued = 0;
        for (shipment, assessment) in manifest.shipments.iter().zip(assessments) {
            let id = state.shipments.len() as ShipmentId + 1;
            let summary = ShipmentSummary::of(id, file, shipment, &assessment, at);
            if summary.lane != Lane::Green {
                let item = state.queue.len() as ItemId + 1;
                state.queue.insert(
                    item,
                    QueueItemView {
                        id: item,
                        shipment: id,
                        bill: summary.bill.clone(),
                        lane: summary.lane,
                        score: summary.score,
                        state: QueueState::New,
                        version: 1,
                        assignee: None,
                        reason: None,
                        note: None,
                        updated_at: at,
                    },
                );
                queued += 1;
            }
            state.shipments.push(Stored {
                summary,
                shipment: shipment.clone(),
                assessment,
            });
        }
        let detail = format!("{} shipments, {queued} queued", manifest.shipments.len());
        append_audit(&mut state, at, user, "ingest", file, &detail);
        state.counter += 1;
        IngestSummary {
            file: file.to_string(),
            shipments: manifest.shipments.len(),
            queued,
            problems: Vec::new(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, MemoryState> {
        // A panic while holding the lock leaves plain data behind; keep serving it.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Breaks the audit chain at `seq`, as tampering would: for tests of verification.
    pub fn tamper_audit(&self, seq: u64, detail: &str) {
        let mut state = self.lock();
        if let Some(e) = state.audit.iter_mut().find(|e| e.seq == seq) {
            e.detail = detail.to_string();
        }
    }
}

/// The sample manifests compiled into the binary, so a fresh install has something to show.
const SAMPLE_MANIFESTS: &[(&str, &[u8])] = &[
    (
        "sample-manifests/feeder_jebel_ali.csv",
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/sample-manifests/feeder_jebel_ali.csv"
        )),
    ),
    (
        "sample-manifests/small_manifest.json",
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/sample-manifests/small_manifest.json"
        )),
    ),
];

fn entry_hash(prev: &str, e: &AuditEntry) -> String {
    let mut h = Sha256::new();
    for part in [
        prev,
        &e.seq.to_string(),
        &e.at.to_rfc3339(),
        &e.user,
        &e.action,
        &e.subject,
        &e.detail,
    ] {
        h.update(part.as_bytes());
        h.update([0u8]);
    }
    crate::source::hex(&h.finalize())
}

fn append_audit(
    state: &mut MemoryState,
    at: DateTime<Utc>,
    user: &str,
    action: &str,
    subject: &str,
    detail: &str,
) {
    let prev = state
        .audit
        .last()
        .map(|e| e.hash.clone())
        .unwrap_or_default();
    let mut entry = AuditEntry {
        seq: state.audit.len() as u64 + 1,
        at,
        user: user.to_string(),
        action: action.to_string(),
        subject: subject.to_string(),
        detail: detail.to_string(),
        hash: String::new(),
    };
    entry.hash = entry_hash(&prev, &entry);
    state.audit.push(entry);
}

fn stale(item: &QueueItemView, version: u64) -> Option<ActionError> {
    (item.version != version).then(|| {
        let who = item.assignee.as_deref().unwrap_or("someone");
        ActionError::Conflict(format!(
            "{} was changed by {who} at {} (now {}, version {}): reloaded, look again before acting",
            item.bill,
            item.updated_at.format("%H:%M"),
            item.state.as_str(),
            item.version
        ))
    })
}

impl DashboardBackend for MemoryBackend {
    fn snapshot(&self) -> Result<DashboardSnapshot, ActionError> {
        let state = self.lock();
        let recent_from = state.audit.len().saturating_sub(50);
        Ok(DashboardSnapshot {
            shipments: Arc::new(state.shipments.iter().map(|s| s.summary.clone()).collect()),
            queue: state.queue.values().cloned().collect(),
            lists: self.lists.clone(),
            list_entries: Arc::clone(&self.list_entries),
            recent: state.audit[recent_from..].to_vec(),
            change_counter: state.counter,
        })
    }

    fn change_counter(&self) -> Result<u64, ActionError> {
        Ok(self.lock().counter)
    }

    fn shipment(&self, id: ShipmentId) -> Result<ShipmentDetail, ActionError> {
        let state = self.lock();
        let stored = id
            .checked_sub(1)
            .and_then(|i| state.shipments.get(i as usize))
            .ok_or_else(|| ActionError::NotFound(format!("shipment {id} is not in the store")))?;
        let party_entries = stored
            .assessment
            .party_hits
            .iter()
            .map(|h| {
                self.list_entries
                    .iter()
                    .find(|l| l.name == h.list)
                    .and_then(|l| l.entries.iter().find(|e| e.id == h.entry_id))
                    .cloned()
            })
            .collect();
        let bill = &stored.summary.bill;
        Ok(ShipmentDetail {
            summary: stored.summary.clone(),
            shipment: stored.shipment.clone(),
            assessment: stored.assessment.clone(),
            party_entries,
            queue_item: state.queue.values().find(|q| q.shipment == id).cloned(),
            history: state
                .audit
                .iter()
                .filter(|e| &e.subject == bill)
                .cloned()
                .collect(),
        })
    }

    fn claim(&self, item: ItemId, version: u64, user: &str) -> Result<QueueItemView, ActionError> {
        let at = (self.clock)();
        let mut state = self.lock();
        let current =
            state.queue.get(&item).cloned().ok_or_else(|| {
                ActionError::NotFound(format!("queue item {item} does not exist"))
            })?;
        if let Some(conflict) = stale(&current, version) {
            return Err(conflict);
        }
        if !current.state.is_open() {
            return Err(ActionError::NotAllowed(format!(
                "{} is already closed ({})",
                current.bill,
                current.state.as_str()
            )));
        }
        if let Some(owner) = current.assignee.as_deref().filter(|o| *o != user) {
            return Err(ActionError::Conflict(format!(
                "{} is claimed by {owner}",
                current.bill
            )));
        }
        let updated = QueueItemView {
            state: if current.state == QueueState::New {
                QueueState::InReview
            } else {
                current.state
            },
            version: current.version + 1,
            assignee: Some(user.to_string()),
            updated_at: at,
            ..current
        };
        state.queue.insert(item, updated.clone());
        append_audit(&mut state, at, user, "claim", &updated.bill, "claimed");
        state.counter += 1;
        Ok(updated)
    }

    fn decide(
        &self,
        item: ItemId,
        version: u64,
        user: &str,
        decision: &Decision,
    ) -> Result<QueueItemView, ActionError> {
        let at = (self.clock)();
        let mut state = self.lock();
        let current =
            state.queue.get(&item).cloned().ok_or_else(|| {
                ActionError::NotFound(format!("queue item {item} does not exist"))
            })?;
        if let Some(conflict) = stale(&current, version) {
            return Err(conflict);
        }
        if current.assignee.as_deref() != Some(user) {
            return Err(ActionError::NotAllowed(format!(
                "{} must be claimed by you before a decision (c to claim)",
                current.bill
            )));
        }
        if !REASON_CODES
            .iter()
            .any(|r| r.code == decision.reason && r.outcomes.contains(&decision.outcome))
        {
            return Err(ActionError::NotAllowed(format!(
                "reason {} does not fit {}",
                decision.reason,
                decision.outcome.as_str()
            )));
        }
        let updated = QueueItemView {
            state: decision.outcome.state(),
            version: current.version + 1,
            reason: Some(decision.reason.to_string()),
            note: decision.note.clone(),
            updated_at: at,
            ..current
        };
        state.queue.insert(item, updated.clone());
        let detail = match &decision.note {
            Some(n) => format!("{} ({n})", decision.reason),
            None => decision.reason.to_string(),
        };
        append_audit(
            &mut state,
            at,
            user,
            updated.state.as_str(),
            &updated.bill,
            &detail,
        );
        state.counter += 1;
        Ok(updated)
    }

    fn ingest(
        &self,
        path: &Path,
        user: &str,
        progress: &dyn Fn(Progress),
    ) -> Result<IngestSummary, ActionError> {
        let name = path.display().to_string();
        progress(Progress {
            label: format!("reading {name}"),
            ratio: 0.1,
        });
        let ingested = ingest::ingest_path(path, &IngestOptions::default())
            .map_err(|e| ActionError::Backend(e.to_string()))?;
        progress(Progress {
            label: format!("screening {} shipments", ingested.manifest.shipments.len()),
            ratio: 0.5,
        });
        let mut summary = self.add_manifest(&ingested.file, &ingested.manifest, user);
        summary.problems = ingested.problems.iter().map(ToString::to_string).collect();
        progress(Progress {
            label: "done".into(),
            ratio: 1.0,
        });
        Ok(summary)
    }

    fn audit(&self) -> Result<Vec<AuditEntry>, ActionError> {
        Ok(self.lock().audit.clone())
    }

    fn verify_audit(&self) -> Result<AuditVerification, ActionError> {
        let state = self.lock();
        let mut prev = String::new();
        for e in &state.audit {
            if entry_hash(&prev, e) != e.hash {
                return Ok(AuditVerification::Broken {
                    seq: e.seq,
                    message: format!(
                        "entry {} does not match its hash: edited or reordered",
                        e.seq
                    ),
                });
            }
            prev = e.hash.clone();
        }
        Ok(AuditVerification::Intact {
            entries: state.audit.len() as u64,
        })
    }
}

/// `n` made-up shipment rows, the same for the same `n`: for benchmarks and tests of a large
/// table. Screened over the 14 days before `now`.
pub fn synthetic_shipments(n: usize, now: DateTime<Utc>) -> Vec<ShipmentSummary> {
    const VESSELS: [&str; 5] = [
        "GULF SPIRIT",
        "MSC ALINA",
        "MAERSK KOWLOON",
        "ONE HARMONY",
        "CMA CGM RHONE",
    ];
    const FIRMS: [&str; 8] = [
        "FOSHAN NANHAI OUBO CERAMICS CO LTD",
        "STAR PUMPS & VALVES TRADING L.L.C.",
        "BASRA GATE GENERAL TRADING CO.",
        "NINGBO HUAXIN BEARING CO LTD",
        "AL NOOR BUILDING MATERIALS LLC",
        "SHENZHEN BRIGHTWAY ELECTRONICS",
        "MABROOKA TRADING FZE",
        "KARACHI TEXTILE MILLS LTD",
    ];
    const GOODS: [(&str, &str); 6] = [
        ("GLAZED VITRIFIED TILES", "690721"),
        ("SUBMERSIBLE PUMPSETS", "841370"),
        ("BALL BEARINGS", "848210"),
        ("INTEGRATED CIRCUITS", "854231"),
        ("COTTON YARN", "520512"),
        ("PHOSPHORUS TRICHLORIDE", "281212"),
    ];
    const PORTS: [&str; 6] = ["CNSHA", "CNNGB", "SGSIN", "LKCMB", "IRBND", "IQUQR"];
    const LISTS: [&str; 4] = ["OFAC SDN", "HUB WATCHLIST", "CHPL", "UN"];
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    (0..n)
        .map(|i| {
            let r = next();
            let score = (r % 101) as u32;
            let lane = if score >= 60 {
                Lane::Red
            } else if score >= 25 {
                Lane::Yellow
            } else {
                Lane::Green
            };
            let (goods, hs) = GOODS[(r >> 8) as usize % GOODS.len()];
            let pod = PORTS[(r >> 16) as usize % PORTS.len()];
            let hit_lists = if score >= 25 {
                vec![LISTS[(r >> 24) as usize % LISTS.len()].to_string()]
            } else {
                Vec::new()
            };
            ShipmentSummary {
                id: i as ShipmentId + 1,
                bill: format!("SYN{i:08}"),
                vessel: VESSELS[(r >> 32) as usize % VESSELS.len()].to_string(),
                voyage: format!("V{:03}", (r >> 40) % 400),
                shipper: FIRMS[(r >> 44) as usize % FIRMS.len()].to_string(),
                consignee: FIRMS[(r >> 48) as usize % FIRMS.len()].to_string(),
                goods: goods.to_string(),
                hs_codes: vec![hs.to_string()],
                route: vec!["CNSHA".into(), "AEJEA".into(), pod.to_string()],
                port_of_discharge: pod.to_string(),
                score,
                lane,
                hit_lists,
                rules: if score >= 40 {
                    vec!["high-risk-destination".into()]
                } else {
                    Vec::new()
                },
                screened_at: now - chrono::Duration::hours(((r >> 52) % (14 * 24)) as i64),
                file: "synthetic.csv".into(),
            }
        })
        .collect()
}
