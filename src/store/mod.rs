//! The store: ingest runs, shipments and their versions, assessments with the list versions
//! they were made against, the referral queue, decisions, notes, suppressions and an
//! append-only, hash-chained audit log.
//!
//! Callers see the [`Store`] trait only, so that a PostgreSQL store can follow the embedded
//! SQLite one ([`SqliteStore`]) without changing them. The store is synchronous; a TUI calls it
//! from blocking tasks. It takes plain data (an [`Ingested`] manifest, its [`Assessment`]s, a
//! [`NewDecision`]) and never prints, reads a terminal or decides an exit code. Every change
//! and its audit record are written in one transaction: a process killed at any moment leaves
//! both or neither.

pub mod audit;
pub mod checkpoint;
pub mod package;
pub mod rescreen;
pub mod rows;
pub mod schema;
pub mod sqlite;
pub mod workflow;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

use crate::ingest::Ingested;
use crate::lists::WatchList;
use crate::model::{Assessment, Lane, Shipment};
use crate::screen::suppress::{Suppression, Suppressions};

pub use audit::{AuditHead, AuditRecord, AuditVerdict, BrokenRecord};
pub use sqlite::{OpenMode, SqliteStore, StoreOptions};
pub use workflow::{Action, QueueState, WorkflowError};

/// The default store file: `hubscreen.db` in the data directory that also holds the installed
/// lists (`~/.local/share/hubscreen` on Linux, or `--data-dir`).
pub fn default_path(data_dir: &std::path::Path) -> PathBuf {
    data_dir.join("hubscreen.db")
}

/// Who acts, and when. Every change is recorded under an actor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user: String,
    pub at: DateTime<Utc>,
}

impl Actor {
    pub fn now(user: impl Into<String>) -> Self {
        Actor {
            user: user.into(),
            at: Utc::now(),
        }
    }

    /// The time as stored: RFC 3339 with microseconds, UTC, so that text order is time order.
    pub fn at_text(&self) -> String {
        time_text(self.at)
    }
}

/// A time as stored.
pub fn time_text(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// A time for a message: `2026-11-27 10:42:05 UTC`.
pub fn short_time(at: &DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M:%S UTC").to_string()
}

/// A stored time read back. Every time is written by [`time_text`]; anything else in a time
/// column is damage, and it is an error, never a silent 1970.
pub fn parse_stored_time(text: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| format!("{text:?} is not a stored time: {e}"))
}

/// Times in JSON as the store writes them ([`time_text`]: RFC 3339, microseconds, `Z`), so that
/// `queue show --json`, exports and referral packages read as they always have.
pub mod stored_time {
    use chrono::{DateTime, Utc};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(at: &DateTime<Utc>, out: S) -> Result<S::Ok, S::Error> {
        out.serialize_str(&super::time_text(*at))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(input: D) -> Result<DateTime<Utc>, D::Error> {
        let text = String::deserialize(input)?;
        super::parse_stored_time(&text).map_err(serde::de::Error::custom)
    }
}

/// One list version an assessment was made against.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ListVersion {
    pub name: String,
    pub version: String,
    pub sha256: String,
}

impl ListVersion {
    pub fn of(list: &WatchList) -> Self {
        ListVersion {
            name: list.name.clone(),
            version: list.version.clone(),
            sha256: list.content_hash.clone(),
        }
    }

    pub fn all(lists: &[WatchList]) -> Vec<Self> {
        lists.iter().map(Self::of).collect()
    }
}

/// The fingerprint of a list entry an assessment hit, as it was when screened.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct EntryPrint {
    pub list: String,
    pub entry_id: String,
    pub fingerprint: String,
}

/// Fingerprints of the named entries (list name, id) found in the loaded lists.
pub fn entry_prints(
    lists: &[WatchList],
    wanted: &BTreeSet<(String, String)>,
) -> BTreeMap<(String, String), String> {
    let mut out = BTreeMap::new();
    for l in lists {
        for e in &l.entries {
            let key = (l.name.clone(), e.id.clone());
            if wanted.contains(&key) {
                out.insert(key, audit::hex(&crate::lists::delta::fingerprint(e)));
            }
        }
    }
    out
}

/// The (list, entry id) of every party and vessel hit.
pub fn hit_keys<'a>(
    assessments: impl IntoIterator<Item = &'a Assessment>,
) -> BTreeSet<(String, String)> {
    let mut keys = BTreeSet::new();
    for a in assessments {
        for h in &a.party_hits {
            keys.insert((h.list.clone(), h.entry_id.clone()));
        }
        for h in &a.vessel_hits {
            keys.insert((h.list.clone(), h.entry_id.clone()));
        }
    }
    keys
}

/// The fingerprints of the entries an assessment's party and vessel hits name.
pub fn hit_prints(
    assessment: &Assessment,
    prints: &BTreeMap<(String, String), String>,
) -> Vec<EntryPrint> {
    let mut out: Vec<EntryPrint> = assessment
        .party_hits
        .iter()
        .map(|h| (&h.list, &h.entry_id))
        .chain(
            assessment
                .vessel_hits
                .iter()
                .map(|h| (&h.list, &h.entry_id)),
        )
        .filter_map(|(list, id)| {
            prints
                .get(&(list.clone(), id.clone()))
                .map(|fingerprint| EntryPrint {
                    list: list.clone(),
                    entry_id: id.clone(),
                    fingerprint: fingerprint.clone(),
                })
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// A screened manifest file, ready to store: the file, one assessment per shipment (in
/// manifest order), and the lists they were made against.
#[derive(Debug, Clone)]
pub struct IngestRecord<'a> {
    pub ingested: &'a Ingested,
    pub assessments: &'a [Assessment],
    pub lists: Vec<ListVersion>,
    /// Fingerprints of every entry any assessment hit.
    pub prints: BTreeMap<(String, String), String>,
}

/// What storing one ingest did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IngestOutcome {
    pub run_id: i64,
    /// The same file (by SHA-256) was stored before: nothing changed.
    pub already_stored: bool,
    pub shipments: usize,
    /// Bills new to the store, or amended (a new version).
    pub new_versions: usize,
    /// Bills stored before with the same content.
    pub unchanged: usize,
    /// Queue items created, re-opened or updated.
    pub queued: Vec<i64>,
    /// Selectivity warnings for this manifest: lane rates far from the expected ones, more
    /// selections than the cap (filled by the engine, not the store).
    pub warnings: Vec<String>,
}

/// One stored ingest run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IngestRun {
    pub id: i64,
    pub file: String,
    pub format: String,
    pub sha256: String,
    #[serde(with = "stored_time")]
    pub at: DateTime<Utc>,
    pub user: String,
    pub shipments: i64,
    pub new_versions: i64,
    pub unchanged: i64,
    pub errors: i64,
    pub warnings: i64,
}

/// One entry of the referral queue: a bill with a red or yellow lane.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueItem {
    pub id: i64,
    pub bill_of_lading: String,
    /// The shipment version the item is about (1 unless amended).
    pub shipment_version: i64,
    pub lane: Lane,
    pub score: i64,
    pub state: QueueState,
    /// Why it entered or re-entered the queue: `screening`, `amended bill`, `list update`.
    pub reason: String,
    pub claimed_by: Option<String>,
    /// Raised by every change: a decision names the version it was made on.
    pub version: i64,
    #[serde(with = "stored_time")]
    pub created_at: DateTime<Utc>,
    #[serde(with = "stored_time")]
    pub updated_at: DateTime<Utc>,
    pub updated_by: String,
}

/// The latest version of one bill with its latest assessment: a row of the dashboard.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredShipment {
    /// The shipment version's row id.
    pub id: i64,
    pub version: i64,
    /// The manifest file this version was first read from.
    pub file: String,
    pub shipment: Shipment,
    /// When the assessment was made.
    pub assessed_at: DateTime<Utc>,
    pub assessment: Assessment,
}

/// Which queue items to list.
#[derive(Debug, Clone, Default)]
pub struct QueueFilter {
    pub state: Option<QueueState>,
    /// Only items still waiting for a targeter or an examination.
    pub open_only: bool,
}

/// A decision as asked for by a user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDecision {
    pub item: i64,
    pub action: Action,
    pub reason_code: Option<String>,
    pub note: Option<String>,
    /// For `false-positive`: the name hit's number (1-based, as `queue show` lists them).
    pub hit: Option<usize>,
    /// The item version the user saw; the decision is refused if it changed since.
    pub expected_version: i64,
}

/// A decision as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub id: i64,
    pub item: i64,
    #[serde(with = "stored_time")]
    pub at: DateTime<Utc>,
    pub user: String,
    pub action: Action,
    pub reason_code: Option<String>,
    pub note: Option<String>,
    pub hit: Option<i64>,
    pub from_state: QueueState,
    pub to_state: QueueState,
    /// The item version this decision produced.
    pub item_version: i64,
}

/// A free-text note on a queue item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    #[serde(with = "stored_time")]
    pub at: DateTime<Utc>,
    pub user: String,
    pub text: String,
}

/// An examination's outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExamResult {
    Found,
    NothingFound,
}

impl ExamResult {
    pub fn as_str(self) -> &'static str {
        match self {
            ExamResult::Found => "found",
            ExamResult::NothingFound => "nothing_found",
        }
    }
}

/// Examinations per rule or per list, and how many found something: a rule's hit rate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExamTally {
    /// `rule` or `list`.
    pub kind: String,
    pub key: String,
    pub exams: i64,
    pub found: i64,
}

/// A vessel name under an IMO number, as stored shipments give it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VesselSighting {
    /// As written on the manifest.
    pub imo: String,
    pub name: String,
    pub first_seen: DateTime<Utc>,
    pub last_seen: DateTime<Utc>,
}

/// What one targeting rule did over a period (`rules stats`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleStat {
    pub rule: String,
    /// Bills the rule fired on (each bill once, however often it was assessed).
    pub hits: i64,
    /// Examinations recorded on bills the rule had fired on.
    pub exams: i64,
    /// Of those, examinations that found something.
    pub found: i64,
}

impl RuleStat {
    /// Findings per examination; `None` before the first examination.
    pub fn hit_rate(&self) -> Option<f64> {
        (self.exams > 0).then(|| self.found as f64 / self.exams as f64)
    }
}

/// One version of a bill.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShipmentVersion {
    pub id: i64,
    pub version: i64,
    pub content_hash: String,
    #[serde(with = "stored_time")]
    pub created_at: DateTime<Utc>,
    pub shipment: Shipment,
}

/// An assessment as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredAssessment {
    pub id: i64,
    #[serde(with = "stored_time")]
    pub at: DateTime<Utc>,
    /// `screening` or `list update`.
    pub trigger: String,
    pub lists: Vec<ListVersion>,
    pub assessment: Assessment,
}

/// Everything about one queue item: what `queue show` and a referral package are made of.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueueDetail {
    pub item: QueueItem,
    /// The version the item is about.
    pub shipment: ShipmentVersion,
    /// Every version of the bill, oldest first (the item's one included).
    pub versions: Vec<ShipmentVersion>,
    pub assessment: StoredAssessment,
    pub decisions: Vec<Decision>,
    pub notes: Vec<Note>,
    /// Name hits of the current assessment already marked as false positives (1-based).
    pub marked_hits: Vec<i64>,
    /// The audit log's head when this was read: a referral package carries it, so that the
    /// log can later be shown to still hold that record unchanged.
    pub audit_head: AuditHead,
}

/// A suppression as recorded, with who decided it and the entry it was decided against.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredSuppression {
    pub suppression: Suppression,
    /// The list entry's fingerprint when cleared; `None` if it was not known.
    pub fingerprint: Option<String>,
    #[serde(with = "stored_time")]
    pub at: DateTime<Utc>,
    pub user: String,
    pub reason_code: String,
}

/// The suppressions to screen with: those in force whose list entry is unchanged in the loaded
/// lists. A changed or removed entry means the clearance no longer holds.
pub fn suppressions_for(stored: &[StoredSuppression], lists: &[WatchList]) -> Suppressions {
    let wanted = stored
        .iter()
        .map(|s| (s.suppression.list.clone(), s.suppression.entry_id.clone()))
        .collect();
    let prints = entry_prints(lists, &wanted);
    Suppressions::new(
        stored
            .iter()
            .filter(|s| {
                let key = (s.suppression.list.clone(), s.suppression.entry_id.clone());
                match (&s.fingerprint, prints.get(&key)) {
                    (Some(was), Some(now)) => was == now,
                    (None, Some(_)) => true,
                    (_, None) => false,
                }
            })
            .map(|s| s.suppression.clone()),
    )
}

/// A shipment to re-screen after a list update: its latest version and latest assessment.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub shipment_id: i64,
    pub shipment: Shipment,
    pub assessment: Assessment,
}

/// A new assessment of a stored shipment version.
#[derive(Debug, Clone, PartialEq)]
pub struct Rescreened {
    pub shipment_id: i64,
    pub assessment: Assessment,
}

/// Why the store refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "queue item {item} was changed by {by_user} at {} (version {found_version}, you had {expected_version}); reload and try again",
        short_time(at)
    )]
    Conflict {
        item: i64,
        expected_version: i64,
        found_version: i64,
        by_user: String,
        at: DateTime<Utc>,
    },
    #[error(
        "queue item {item} is claimed by {by_user} (since {}); ask them, or wait for their decision",
        short_time(at)
    )]
    ClaimedByOther {
        item: i64,
        by_user: String,
        at: DateTime<Utc>,
    },
    #[error("queue item {0} does not exist (see `hubscreen queue list`)")]
    NoSuchItem(i64),
    #[error("queue item {item}: {refused}")]
    Workflow { item: i64, refused: WorkflowError },
    #[error(
        "{path}: store schema version {found} is newer than this hubscreen knows ({known}); upgrade hubscreen"
    )]
    TooNew {
        path: String,
        found: i64,
        known: i64,
    },
    #[error("{path}: {message}")]
    Open { path: String, message: String },
    #[error(
        "{path}: the audit log does not match its signed checkpoint ({why}); nothing was written. Run `hubscreen audit verify` and report it"
    )]
    Tampered { path: String, why: String },
    #[error("store: {0}")]
    Database(String),
    #[error("store: stored record does not decode ({0}); the store may be from another version")]
    Decode(String),
}

impl StoreError {
    /// Someone else acted first: the user should reload and decide again.
    pub fn is_conflict(&self) -> bool {
        matches!(
            self,
            StoreError::Conflict { .. } | StoreError::ClaimedByOther { .. }
        )
    }
}

/// Where decisions and evidence live. Object-safe: callers hold a `Box<dyn Store>`.
pub trait Store {
    /// The ingest run that stored a file with this SHA-256, if any.
    fn ingest_run_by_hash(&self, sha256: &str) -> Result<Option<IngestRun>, StoreError>;

    /// Stores a screened manifest in one transaction: the run, new shipment versions, their
    /// assessments, and queue items for red and yellow lanes. Storing the same file again, or
    /// the same bill with the same content, changes nothing.
    fn record_ingest(
        &mut self,
        record: &IngestRecord<'_>,
        actor: &Actor,
    ) -> Result<IngestOutcome, StoreError>;

    fn ingest_runs(&self) -> Result<Vec<IngestRun>, StoreError>;

    fn queue(&self, filter: &QueueFilter) -> Result<Vec<QueueItem>, StoreError>;

    fn queue_item(&self, id: i64) -> Result<QueueItem, StoreError>;

    fn queue_detail(&self, id: i64) -> Result<QueueDetail, StoreError>;

    /// Every version of a bill, oldest first.
    fn shipment_versions(&self, bill_of_lading: &str) -> Result<Vec<ShipmentVersion>, StoreError>;

    /// Claims an item for review. Refused if it changed since `expected_version` or another
    /// user holds it.
    fn claim(
        &mut self,
        item: i64,
        expected_version: i64,
        actor: &Actor,
    ) -> Result<QueueItem, StoreError>;

    /// Applies a decision, or refuses it with a conflict, a workflow error or an unknown reason
    /// code. An unclaimed item is claimed by the deciding user.
    fn decide(&mut self, decision: &NewDecision, actor: &Actor) -> Result<QueueItem, StoreError>;

    fn add_note(&mut self, item: i64, text: &str, actor: &Actor) -> Result<(), StoreError>;

    /// Suppressions not expired at `now`.
    fn suppressions(&self, now: DateTime<Utc>) -> Result<Vec<StoredSuppression>, StoreError>;

    /// Shipments to re-screen: those with an open queue item and those assessed since `since`.
    fn rescreen_candidates(&self, since: DateTime<Utc>) -> Result<Vec<Candidate>, StoreError>;

    /// Stores new assessments from a re-screen and puts their shipments in the queue with
    /// `reason` (re-opening closed items). Returns the queue items touched.
    fn record_rescreen(
        &mut self,
        results: &[Rescreened],
        lists: &[ListVersion],
        prints: &BTreeMap<(String, String), String>,
        reason: &str,
        actor: &Actor,
    ) -> Result<Vec<i64>, StoreError>;

    /// The latest version of every bill, each with its latest assessment, in bill order.
    fn latest_shipments(&self) -> Result<Vec<StoredShipment>, StoreError>;

    /// One shipment version (by row id) with its latest assessment.
    fn stored_shipment(&self, id: i64) -> Result<StoredShipment, StoreError>;

    /// The latest decision of each item that is not a claim: why it stands where it stands.
    fn last_decisions(&self) -> Result<Vec<Decision>, StoreError>;

    /// The `seq` of the newest audit record. Every change writes one, so a reader that sees
    /// this number move knows something changed; one indexed lookup, cheap to poll.
    fn last_audit_seq(&self) -> Result<i64, StoreError>;

    /// Examinations per rule and per list.
    fn exam_tallies(&self) -> Result<Vec<ExamTally>, StoreError>;

    /// Bills per lane among those assessed from `since` on, each by its latest assessment:
    /// the day's lane rates for the selectivity warnings. `(green, yellow, red)`.
    fn lanes_since(&self, since: DateTime<Utc>) -> Result<(usize, usize, usize), StoreError>;

    /// The consignee names (as written) of every shipment stored, each once: what rules need
    /// to tell a first-time consignee.
    fn consignee_names(&self) -> Result<Vec<String>, StoreError>;

    /// Every (IMO number, vessel name) the stored shipments were carried under, with the first
    /// and last time a shipment so carried was stored: what rules need to tell a renamed
    /// vessel.
    fn vessel_sightings(&self) -> Result<Vec<VesselSighting>, StoreError>;

    /// Per targeting rule, over assessments and examinations from `since` (inclusive) to
    /// `until` (exclusive): the bills it fired on, and the examinations and findings on bills
    /// it had fired on.
    fn rule_stats(
        &self,
        since: Option<DateTime<Utc>>,
        until: Option<DateTime<Utc>>,
    ) -> Result<Vec<RuleStat>, StoreError>;

    /// The audit log, in `seq` order.
    fn audit_records(&self) -> Result<Vec<AuditRecord>, StoreError>;

    /// The audit records about one item (`queue:17`), in `seq` order.
    fn audit_records_of(&self, item: &str) -> Result<Vec<AuditRecord>, StoreError> {
        Ok(self
            .audit_records()?
            .into_iter()
            .filter(|r| r.item == item)
            .collect())
    }

    /// The newest audit record's place in the chain.
    fn audit_head(&self) -> Result<AuditHead, StoreError> {
        Ok(AuditHead::of(&self.audit_records()?))
    }

    /// Walks the hash chain and names the first broken record, and checks what else the
    /// store can check (see [`Store::verify_audit_with`]).
    fn verify_audit(&self) -> Result<AuditVerdict, StoreError> {
        self.verify_audit_with(None)
    }

    /// Verifies the audit log, and that it still holds an anchor's record (`(file, head)`)
    /// unchanged. This default checks the chain and the anchor only; a store with a signed
    /// checkpoint and row coverage checks those too.
    fn verify_audit_with(
        &self,
        anchor: Option<(&str, &AuditHead)>,
    ) -> Result<AuditVerdict, StoreError> {
        let records = self.audit_records()?;
        let mut verdict = audit::verify(&records);
        verdict.anchor = anchor.map(|(file, head)| audit::check_anchor(&records, file, head));
        Ok(verdict)
    }
}
