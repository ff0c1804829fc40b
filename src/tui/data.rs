//! The seam between the dashboard and whatever keeps the shipments, the referral queue and the
//! audit log.
//!
//! The dashboard talks only to [`DashboardBackend`], implemented over the SQLite store by
//! [`crate::tui::store_backend::StoreBackend`]. The view types here are the few fields a table
//! row or a detail needs; queue states, decision actions and reason codes are the store's own
//! ([`crate::store::QueueState`], [`crate::store::Action`], `[workflow.reason_codes]`), so the
//! dashboard cannot offer a decision the store would refuse for being unknown. Nothing here
//! draws on a terminal or knows about keys; every backend call is blocking and is run by the
//! event loop off the UI thread.

use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::config::ReasonCodes;
use crate::exercise::Assistance;
use crate::lists::WatchList;
use crate::model::{Assessment, Lane, PartyRole, Shipment};
use crate::report::ListSummary;
use crate::screen::NameHit;
use crate::screen::goods_lookup::GoodsLookup;

pub use crate::store::{Action as DecisionAction, QueueState};

/// A shipment's identity in the backend (the row id of its version in the store).
pub type ShipmentId = i64;
/// A referral-queue item's identity.
pub type ItemId = i64;

/// The decisions an officer takes from the dashboard, in key order (`r`, `o`, `x`, `f`).
pub const DECISIONS: [DecisionAction; 4] = [
    DecisionAction::Refer,
    DecisionAction::Hold,
    DecisionAction::Clear,
    DecisionAction::FalsePositive,
];

/// The configured reason codes a decision accepts, in configuration order.
pub fn reasons_for(action: DecisionAction, codes: &ReasonCodes) -> Vec<String> {
    action
        .reason_codes(codes)
        .map(<[String]>::to_vec)
        .unwrap_or_default()
}

/// One decision as submitted by an officer. `FalsePositive` marks every name hit of the item
/// that is not marked yet, which closes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub action: DecisionAction,
    pub reason: String,
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
    pub version: i64,
    pub assignee: Option<String>,
    pub reason: Option<String>,
    pub note: Option<String>,
    pub updated_at: DateTime<Utc>,
}

/// One line of the audit log, as the audit view shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditEntry {
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub user: String,
    /// The store's action: `ingest`, `queue.create`, `queue.claim`, `queue.decide`, ...
    pub action: String,
    /// The bill of lading, or the store's item (`ingest:3`), the action was about.
    pub subject: String,
    /// The new value's fields, as `(key, value)` (a value with no key is a remark);
    /// [`AuditEntry::detail`] joins them.
    pub fields: Vec<(String, String)>,
    /// The record's SHA-256 in the store's hash chain (see `store::audit`).
    pub hash: String,
}

impl AuditEntry {
    /// The new value in short `key=value` form.
    pub fn detail(&self) -> String {
        let parts: Vec<String> = self
            .fields
            .iter()
            .map(|(k, v)| {
                if k.is_empty() {
                    v.clone()
                } else {
                    format!("{k}={v}")
                }
            })
            .collect();
        parts.join(" ")
    }
}

/// What checking the audit chain found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuditVerification {
    /// Every entry's hash follows from the one before.
    Intact { entries: u64 },
    /// The chain breaks at this entry.
    Broken { seq: i64, message: String },
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
    /// Problems with the lists in use that did not stop them loading (an installed list whose
    /// `CURRENT` was dangling, a list given twice), shown in the warning colour.
    pub list_notes: Vec<String>,
    /// The loaded lists themselves, for browsing entries.
    pub list_entries: Arc<Vec<WatchList>>,
    /// The most recent audit entries, newest last.
    pub recent: Vec<AuditEntry>,
    /// The reason codes each decision accepts (`[workflow.reason_codes]`).
    pub reason_codes: ReasonCodes,
    /// Every targeting rule loaded, with what it did over the last [`RULE_STATS_DAYS`] days.
    pub rules: Vec<RuleRow>,
    pub change_counter: i64,
}

/// The period the rules view counts over.
pub const RULE_STATS_DAYS: i64 = 30;

/// One targeting rule as the rules view shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleRow {
    pub rule: String,
    pub title: String,
    /// `id@version` of its pack.
    pub pack: String,
    pub points: u32,
    pub lane: Option<crate::model::Lane>,
    /// `in force`, `switched off`, `not yet in force`, `retired`.
    pub state: &'static str,
    pub source: String,
    pub instruction: String,
    pub hits: i64,
    pub exams: i64,
    pub found: i64,
}

impl RuleRow {
    /// Findings per examination, once there is one.
    pub fn hit_rate(&self) -> Option<f64> {
        (self.exams > 0).then(|| self.found as f64 / self.exams as f64)
    }
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
    /// The same file (by SHA-256) was stored before: nothing changed.
    pub already_stored: bool,
    pub problems: Vec<String>,
}

/// What a list update and the re-screen after it did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListsUpdated {
    /// One line per source: installed (with its delta) or why it failed.
    pub sources: Vec<String>,
    pub installed: usize,
    pub failed: usize,
    /// Shipments screened again, and queue items created or re-opened.
    pub rescreened: usize,
    pub queued: usize,
}

/// What a look-up at the desk found (`:lookup WORDS`): list entries whose names match the
/// words, and what the words, an HS code or a control-list entry mean to the goods screen.
#[derive(Debug, Clone, Default)]
pub struct LookupResult {
    pub query: String,
    /// List entries by name, best first (at most [`LOOKUP_NAMES`]).
    pub names: Vec<NameHit>,
    pub goods: GoodsLookup,
}

/// The most list entries a name look-up shows.
pub const LOOKUP_NAMES: usize = 15;

/// The training exercise a trainee's dashboard runs, as the dashboard shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct ExerciseInfo {
    pub id: String,
    pub trainee: String,
    /// What the trainee may see of the screening: lanes and hits, hits only, or nothing.
    pub assistance: Assistance,
    pub started_at: DateTime<Utc>,
    /// When the timer runs out; `None` when the exercise has no timer.
    pub deadline: Option<DateTime<Utc>>,
    /// The briefing, as markdown text.
    pub briefing: String,
    /// When the next scheduled inject is due; `None` when none is left.
    pub next_inject: Option<DateTime<Utc>>,
    /// What the injects applied so far told the trainee, in order.
    pub arrived: Vec<String>,
}

/// What applying the due injects did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct InjectReport {
    /// What each applied inject tells the trainee, in order.
    pub said: Vec<String>,
    /// When the next inject is due.
    pub next: Option<DateTime<Utc>>,
    /// Why the next inject could not be applied (those before it were).
    pub error: Option<String>,
}

/// What the dashboard needs from a store. Every method blocks; the event loop calls them on a
/// blocking thread.
pub trait DashboardBackend: Send + Sync {
    /// Everything the views need except shipment detail.
    fn snapshot(&self) -> Result<DashboardSnapshot, ActionError>;
    /// A number that changes whenever anything in the store changes (other officers' work).
    fn change_counter(&self) -> Result<i64, ActionError>;
    fn shipment(&self, id: ShipmentId) -> Result<ShipmentDetail, ActionError>;
    /// Claims an item for `user`, if it is still at `version`.
    fn claim(&self, item: ItemId, version: i64, user: &str) -> Result<QueueItemView, ActionError>;
    /// Records a decision on an item, if it is still at `version`.
    fn decide(
        &self,
        item: ItemId,
        version: i64,
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
    /// Updates the lists (from the official addresses, or from the files in `from`), reloads
    /// them and re-screens the store's open and recent shipments against what they added.
    fn update_lists(
        &self,
        from: Option<&Path>,
        user: &str,
        progress: &dyn Fn(Progress),
    ) -> Result<ListsUpdated, ActionError>;
    /// The whole audit log, oldest first.
    fn audit(&self) -> Result<Vec<AuditEntry>, ActionError>;
    fn verify_audit(&self) -> Result<AuditVerification, ActionError>;
    /// Looks words, an HS code or a control-list entry up in the lists and goods tables in use.
    fn lookup(&self, query: &str) -> Result<LookupResult, ActionError>;
    /// The exercise this dashboard runs for a trainee; `None` at work.
    fn exercise(&self) -> Option<ExerciseInfo> {
        None
    }
    /// Applies every scheduled inject whose time has come (an exercise only).
    fn apply_due_injects(&self) -> Result<InjectReport, ActionError> {
        Ok(InjectReport::default())
    }
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
