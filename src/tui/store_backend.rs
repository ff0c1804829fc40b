//! The dashboard over the SQLite store: [`StoreBackend`] implements [`DashboardBackend`] by
//! calling the engine (`store`, `screen`, `lists`, `ingest`) and turning what it returns into
//! the view types of [`crate::tui::data`].
//!
//! This adapter is the only place where the dashboard meets the store; the store knows nothing
//! of it. Claims and decisions go through the store's workflow and reason codes, so a decision
//! refused on the command line is refused here with the same message, and a stale version comes
//! back as [`ActionError::Conflict`] carrying the store's words ("changed by alice at ...").

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, RwLock};

use crate::config::Config;
use crate::ingest::{self, ColumnMap, IngestOptions, Ingested};
use crate::intake;
use crate::lists::WatchList;
use crate::lists::sources::Sources;
use crate::lists::update::{ListStore, SourceUpdate, UpdateRun, update_sources};
use crate::report::ListSummary;
use crate::screen::Screener;
use crate::service::{self, Level, Notice};
use crate::store::{
    self, Actor, AuditRecord, NewDecision, QueueFilter, QueueItem, SqliteStore, Store, StoreError,
    StoredShipment,
};
use crate::tui::data::{
    ActionError, AuditEntry, AuditVerification, Clock, DashboardBackend, DashboardSnapshot,
    Decision, DecisionAction, IngestSummary, ItemId, LOOKUP_NAMES, ListsUpdated, LookupResult,
    Progress, QueueItemView, RULE_STATS_DAYS, RuleRow, ShipmentDetail, ShipmentId, ShipmentSummary,
};

/// The sample manifests compiled into the binary, so that a first start has something to show
/// from any working directory.
pub const SAMPLE_MANIFESTS: &[(&str, &[u8])] = &[
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

/// The lowest name score a look-up shows: below screening's threshold, so that an officer
/// looking a name up also sees the near names and judges them.
pub const LOOKUP_THRESHOLD: f64 = 0.75;

/// How many audit records the overview's activity pane gets.
const RECENT: usize = 50;

/// The lists in use and what the views show of them.
struct Loaded {
    summaries: Vec<ListSummary>,
    notes: Vec<String>,
    entries: Arc<Vec<WatchList>>,
    /// The rule packs the screener runs.
    rules: Option<crate::screen::rules::RuleSet>,
}

/// The dashboard's backend over one SQLite store file.
pub struct StoreBackend {
    db: Mutex<SqliteStore>,
    path: PathBuf,
    config: Config,
    lists: ListStore,
    /// Taken out while a list update rebuilds it; screening waits on the lock meanwhile.
    screener: Mutex<Option<Screener>>,
    /// Set when a list that should be screened could not be read: nothing is screened then,
    /// and this says why.
    unscreenable: RwLock<Option<String>>,
    loaded: RwLock<Arc<Loaded>>,
    clock: Clock,
    /// The inbox folder, whose unreadable files are moved to its `rejected/` folder.
    inbox: Option<PathBuf>,
    /// List files screened besides `[lists] always` (an exercise's injected list updates).
    extra_lists: RwLock<Vec<String>>,
}

fn store_err(e: StoreError) -> ActionError {
    if e.is_conflict() {
        ActionError::Conflict(e.to_string())
    } else {
        match e {
            StoreError::NoSuchItem(_) => ActionError::NotFound(e.to_string()),
            StoreError::Workflow { .. } => ActionError::NotAllowed(e.to_string()),
            other => ActionError::Backend(other.to_string()),
        }
    }
}

impl StoreBackend {
    /// Opens (creating if needed) the store at `path`, with the lists installed under
    /// `data_dir`, else the bundled sample lists. `clock` stamps every record.
    pub fn open(
        path: &Path,
        data_dir: &Path,
        config: Config,
        clock: Clock,
    ) -> Result<Self, ActionError> {
        let db = SqliteStore::open_with(
            path,
            &store::StoreOptions {
                workflow: config.workflow.clone(),
                key_file: store::checkpoint::key_path(path, config.audit.key_file.as_deref()),
                mode: store::OpenMode::Create,
            },
        )
        .map_err(store_err)?;
        let backend = StoreBackend {
            db: Mutex::new(db),
            path: path.to_path_buf(),
            config,
            lists: ListStore::new(data_dir),
            screener: Mutex::new(None),
            unscreenable: RwLock::new(None),
            loaded: RwLock::new(Arc::new(Loaded {
                summaries: Vec::new(),
                notes: Vec::new(),
                entries: Arc::new(Vec::new()),
                rules: None,
            })),
            clock,
            inbox: None,
            extra_lists: RwLock::new(Vec::new()),
        };
        backend.reload_lists()?;
        Ok(backend)
    }

    /// Makes `dir` the inbox: its files that cannot be read are moved to `dir/rejected/`.
    pub fn with_inbox(mut self, dir: Option<PathBuf>) -> Self {
        self.inbox = dir;
        self
    }

    /// Screens these list files too, from now on (as if they were in `[lists] always`), and
    /// reloads the lists. A file that cannot be read stops screening, as any list does.
    pub fn add_lists(&self, files: &[PathBuf]) -> Result<(), ActionError> {
        {
            let mut extra = self.extra_lists.write().unwrap_or_else(|p| p.into_inner());
            for f in files {
                let spec = f.display().to_string();
                if !extra.contains(&spec) {
                    extra.push(spec);
                }
            }
        }
        self.reload_lists()
    }

    /// The store file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// First start: when the store holds no manifest and no list is installed, ingests the
    /// bundled sample manifests (screened against the bundled lists) as `user`, so that a new
    /// officer sees a working dashboard at once. Returns how many files were stored.
    pub fn seed_samples(&self, user: &str) -> Result<usize, ActionError> {
        let empty = self.db().ingest_runs().map_err(store_err)?.is_empty();
        if !empty || !self.lists.installed().is_empty() {
            return Ok(0);
        }
        let mut stored = 0;
        for (label, bytes) in SAMPLE_MANIFESTS {
            let source = crate::source::Source::bundled(label, bytes);
            let ingested = ingest::ingest(&source, &self.ingest_options())
                .map_err(|e| ActionError::Backend(e.to_string()))?;
            if !self.record(&ingested, user, &|_| {})?.already_stored {
                stored += 1;
            }
        }
        tracing::info!(stored, "first start: bundled sample manifests ingested");
        Ok(stored)
    }

    /// Screens a read manifest and stores it (nothing changes when the same file was stored
    /// before), with the store's suppressions in force.
    pub fn record(
        &self,
        ingested: &Ingested,
        user: &str,
        progress: &dyn Fn(Progress),
    ) -> Result<IngestSummary, ActionError> {
        let actor = self.actor(user);
        let step = |label: String, ratio: f64| progress(Progress { label, ratio });
        let shipments = ingested.manifest.shipments.len();
        let summary = |queued: usize, already_stored: bool| IngestSummary {
            file: ingested.file.clone(),
            shipments,
            queued,
            already_stored,
            problems: ingested.problems.iter().map(ToString::to_string).collect(),
        };
        if self
            .db()
            .ingest_run_by_hash(&ingested.sha256)
            .map_err(store_err)?
            .is_some()
        {
            return Ok(summary(0, true));
        }
        let mut guard = self.screener_lock();
        let screener = guard.take().ok_or_else(|| self.no_screener())?;
        let suppressions = service::suppressions_in_force(&*self.db(), screener.lists(), actor.at);
        let screener = match suppressions {
            Ok(s) => screener.with_suppressions(s),
            Err(e) => {
                *guard = Some(screener);
                return Err(store_err(e));
            }
        };
        let outcome = service::screen_and_record(
            &mut *self.db(),
            &screener,
            ingested,
            &actor,
            &|label, ratio| step(label.to_string(), ratio),
        );
        *guard = Some(screener);
        drop(guard);
        let outcome = outcome.map_err(store_err)?;
        let mut done = summary(outcome.queued.len(), outcome.already_stored);
        for w in outcome.warnings {
            tracing::warn!("{w}");
            done.problems.push(w);
        }
        Ok(done)
    }

    /// Loads the lists in use (`lists::in_use`: the installed lists, else the bundled sample,
    /// and always the agency's own) and the goods lists, and builds the screener every later
    /// ingest uses. A list that cannot be read leaves no screener: ingesting is then refused
    /// with the reason, never screened against fewer lists.
    fn reload_lists(&self) -> Result<(), ActionError> {
        let now = (self.clock)();
        let mut config = self.config.clone();
        config.lists.always.extend(
            self.extra_lists
                .read()
                .unwrap_or_else(|p| p.into_inner())
                .clone(),
        );
        let loaded = service::load_lists(&self.lists, &[], &config, now);
        log_notices(&loaded.notices);
        if let Some(why) = loaded.refusal() {
            tracing::error!("{why}");
            *self.screener_lock() = None;
            *self.unscreenable.write().unwrap_or_else(|p| p.into_inner()) = Some(why.to_string());
            return Ok(());
        }
        *self.unscreenable.write().unwrap_or_else(|p| p.into_inner()) = None;
        let goods = service::load_goods(None);
        if goods.failed {
            let why: Vec<&str> = goods.notices.iter().map(|n| n.text.as_str()).collect();
            return Err(ActionError::Backend(format!(
                "bundled goods lists: {}",
                why.join("; ")
            )));
        }
        let summaries = loaded.summaries(now);
        let mut notes = loaded.notes.clone();
        let entries = Arc::new(loaded.lists.clone());
        let (screener, notices) = service::screener(
            loaded.lists,
            goods.goods,
            self.config.clone(),
            &self.lists,
            None,
        )
        .map_err(|e| ActionError::Backend(e.to_string()))?;
        log_notices(&notices);
        // What could not be read (a reference table) is shown with the lists, not only logged.
        notes.extend(
            notices
                .iter()
                .filter(|n| n.level == service::Level::Error)
                .map(|n| n.text.clone()),
        );
        let rules = Some(screener.rules().clone());
        *self.screener_lock() = Some(screener);
        *self.loaded.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(Loaded {
            summaries,
            notes,
            entries,
            rules,
        });
        Ok(())
    }

    /// How the dashboard reads manifests: UTF-8, the built-in column names, and the matcher's
    /// checks on every name.
    fn ingest_options(&self) -> IngestOptions {
        service::ingest_options(None, ColumnMap::default())
    }

    /// Why nothing can be screened: a list that could not be read, or none loaded yet.
    fn no_screener(&self) -> ActionError {
        let why = self.unscreenable.read().unwrap_or_else(|p| p.into_inner());
        ActionError::Backend(why.clone().unwrap_or_else(|| "no screener loaded".into()))
    }

    fn db(&self) -> MutexGuard<'_, SqliteStore> {
        // A panic while holding the lock leaves a connection whose transactions rolled back.
        self.db.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn screener_lock(&self) -> MutexGuard<'_, Option<Screener>> {
        self.screener.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn loaded(&self) -> Arc<Loaded> {
        Arc::clone(&self.loaded.read().unwrap_or_else(|p| p.into_inner()))
    }

    fn actor(&self, user: &str) -> Actor {
        Actor {
            user: user.to_string(),
            at: (self.clock)(),
        }
    }

    /// The queue item as the dashboard shows it; `shipment` is the latest version of its bill.
    fn item_view(
        &self,
        item: &QueueItem,
        shipment: ShipmentId,
        last: Option<&store::Decision>,
    ) -> QueueItemView {
        QueueItemView {
            id: item.id,
            shipment,
            bill: item.bill_of_lading.clone(),
            lane: item.lane,
            score: u32::try_from(item.score).unwrap_or(0),
            state: item.state,
            version: item.version,
            assignee: item.claimed_by.clone(),
            reason: last.and_then(|d| d.reason_code.clone()),
            note: last.and_then(|d| d.note.clone()),
            updated_at: item.updated_at,
        }
    }

    /// A fresh view of one item after a claim or decision.
    fn reread_item(
        &self,
        db: &SqliteStore,
        item: &QueueItem,
    ) -> Result<QueueItemView, ActionError> {
        let shipment = db
            .shipment_versions(&item.bill_of_lading)
            .map_err(store_err)?
            .last()
            .map(|v| v.id)
            .unwrap_or_default();
        let last = db
            .queue_detail(item.id)
            .map_err(store_err)?
            .decisions
            .into_iter()
            .rfind(|d| d.action != DecisionAction::Claim);
        Ok(self.item_view(item, shipment, last.as_ref()))
    }
}

/// The engine's notices go to the log, never onto the dashboard.
fn log_notices(notices: &[Notice]) {
    for notice in notices {
        match notice.level {
            Level::Info => tracing::info!("{}", notice.text),
            Level::Warning => tracing::warn!("{}", notice.text),
            Level::Error => tracing::error!("{}", notice.text),
        }
    }
}

/// What an update installed and what failed, a line per source, then the files it did not use.
/// Nothing recognised at all is an error that says where it looked.
fn update_report(run: &UpdateRun, from: Option<&Path>) -> Result<ListsUpdated, ActionError> {
    let mut report = ListsUpdated {
        sources: Vec::new(),
        installed: 0,
        failed: 0,
        rescreened: 0,
        queued: 0,
    };
    for r in &run.results {
        match &r.update {
            SourceUpdate::Installed(o) => {
                report.installed += 1;
                report.sources.push(format!(
                    "{}: {} entries, version {}; {}",
                    r.source,
                    o.installed.entries,
                    o.installed.version,
                    o.delta.summary()
                ));
            }
            SourceUpdate::Failed { message, .. } => {
                report.failed += 1;
                report
                    .sources
                    .push(format!("{}: FAILED: {message}", r.source));
            }
        }
    }
    let unused: Vec<String> = run
        .unused
        .iter()
        .map(|u| format!("{}: not used: {}", u.path.display(), u.why))
        .collect();
    if report.installed == 0 && report.sources.is_empty() {
        return Err(ActionError::Backend(match from {
            Some(dir) => format!(
                "no list to install was recognised in {}{}; looked for {}",
                dir.display(),
                if unused.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", unused.join("; "))
                },
                run.looked_for.join("; ")
            ),
            None => "no source is enabled".into(),
        }));
    }
    report.sources.extend(unused);
    Ok(report)
}

/// Every loaded rule with what it did (`stats`), most hits first.
fn rule_rows(set: &crate::screen::rules::RuleSet, stats: &[store::RuleStat]) -> Vec<RuleRow> {
    let mut rows: Vec<RuleRow> = set
        .rules()
        .map(|(pack, r)| {
            let s = stats.iter().find(|s| s.rule == r.id);
            RuleRow {
                rule: r.id.clone(),
                title: r.title.clone(),
                pack: pack.label(),
                points: r.points,
                lane: r.lane,
                state: set.state(r),
                source: r.source.clone(),
                instruction: r.instruction.clone(),
                hits: s.map_or(0, |s| s.hits),
                exams: s.map_or(0, |s| s.exams),
                found: s.map_or(0, |s| s.found),
            }
        })
        .collect();
    rows.sort_by(|a, b| b.hits.cmp(&a.hits).then_with(|| a.rule.cmp(&b.rule)));
    rows
}

fn summary_of(s: &StoredShipment) -> ShipmentSummary {
    ShipmentSummary::of(s.id, &s.file, &s.shipment, &s.assessment, s.assessed_at)
}

/// A JSON value in short `key=value` form for the audit table: nested objects flattened,
/// nulls, hashes, list versions and the rows' recorded content (`rows`) left out.
fn short_json(text: Option<&str>) -> Vec<(String, String)> {
    fn walk(v: &serde_json::Value, out: &mut Vec<(String, String)>) {
        if let serde_json::Value::Object(map) = v {
            for (k, v) in map {
                if k == "rows" {
                    continue;
                }
                match v {
                    serde_json::Value::Null => {}
                    serde_json::Value::Object(_) => walk(v, out),
                    serde_json::Value::Array(_) => {}
                    serde_json::Value::String(s) => {
                        if !matches!(
                            k.as_str(),
                            "sha256" | "content_hash" | "fingerprint" | "bill_of_lading"
                        ) {
                            out.push((k.clone(), s.clone()));
                        }
                    }
                    other => {
                        if !matches!(k.as_str(), "version" | "shipment_version") {
                            out.push((k.clone(), other.to_string()));
                        }
                    }
                }
            }
        }
    }
    let Some(value) = text.and_then(|t| serde_json::from_str::<serde_json::Value>(t).ok()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    walk(&value, &mut out);
    out
}

/// An audit record as the dashboard shows it. Its time is kept in the record as the text that
/// was hashed; one that does not read as a time fails the load with the record's number (the
/// chain check says whether the record was changed), never shows as 1970.
fn entry_of(r: &AuditRecord, bills: &HashMap<i64, String>) -> Result<AuditEntry, ActionError> {
    let subject = r
        .item
        .strip_prefix("queue:")
        .and_then(|id| id.parse::<i64>().ok())
        .and_then(|id| bills.get(&id).cloned())
        .or_else(|| r.item.strip_prefix("shipment:").map(str::to_string))
        .or_else(|| {
            // An ingest is about its file.
            r.item.strip_prefix("ingest:")?;
            let new: serde_json::Value = serde_json::from_str(r.new.as_deref()?).ok()?;
            new.get("file")?.as_str().map(str::to_string)
        })
        .unwrap_or_else(|| r.item.clone());
    let at = store::parse_stored_time(&r.at)
        .map_err(|e| ActionError::Backend(format!("audit record {}: {e}", r.seq)))?;
    Ok(AuditEntry {
        seq: r.seq,
        at,
        user: r.user.clone(),
        action: r.action.clone(),
        subject,
        fields: short_json(r.new.as_deref()),
        hash: r.hash.clone(),
    })
}

fn item_bills(db: &SqliteStore) -> Result<HashMap<i64, String>, ActionError> {
    Ok(db
        .queue(&QueueFilter::default())
        .map_err(store_err)?
        .into_iter()
        .map(|q| (q.id, q.bill_of_lading))
        .collect())
}

impl DashboardBackend for StoreBackend {
    fn snapshot(&self) -> Result<DashboardSnapshot, ActionError> {
        let loaded = self.loaded();
        let db = self.db();
        let change_counter = db.last_audit_seq().map_err(store_err)?;
        let rows: Vec<ShipmentSummary> = db
            .latest_shipments()
            .map_err(store_err)?
            .iter()
            .map(summary_of)
            .collect();
        let by_bill: HashMap<&str, ShipmentId> =
            rows.iter().map(|s| (s.bill.as_str(), s.id)).collect();
        let last: HashMap<i64, store::Decision> = db
            .last_decisions()
            .map_err(store_err)?
            .into_iter()
            .map(|d| (d.item, d))
            .collect();
        let items = db.queue(&QueueFilter::default()).map_err(store_err)?;
        let queue = items
            .iter()
            .map(|q| {
                let shipment = by_bill
                    .get(q.bill_of_lading.as_str())
                    .copied()
                    .unwrap_or_default();
                self.item_view(q, shipment, last.get(&q.id))
            })
            .collect();
        let bills: HashMap<i64, String> = items
            .into_iter()
            .map(|q| (q.id, q.bill_of_lading))
            .collect();
        let records = db.audit_records().map_err(store_err)?;
        // What officers and ingests did; one line per stored bill version would drown it.
        let mut recent: Vec<AuditEntry> = records
            .iter()
            .rev()
            .filter(|r| r.action != "shipment.version")
            .take(RECENT)
            .map(|r| entry_of(r, &bills))
            .collect::<Result<_, _>>()?;
        recent.reverse();
        let since = (self.clock)() - chrono::Duration::days(RULE_STATS_DAYS);
        let stats = db.rule_stats(Some(since), None).map_err(store_err)?;
        let rules = loaded
            .rules
            .as_ref()
            .map(|set| rule_rows(set, &stats))
            .unwrap_or_default();
        Ok(DashboardSnapshot {
            shipments: Arc::new(rows),
            queue,
            lists: loaded.summaries.clone(),
            list_notes: loaded.notes.clone(),
            list_entries: Arc::clone(&loaded.entries),
            recent,
            reason_codes: self.config.workflow.reason_codes.clone(),
            rules,
            change_counter,
        })
    }

    fn change_counter(&self) -> Result<i64, ActionError> {
        self.db().last_audit_seq().map_err(store_err)
    }

    fn shipment(&self, id: ShipmentId) -> Result<ShipmentDetail, ActionError> {
        let loaded = self.loaded();
        let db = self.db();
        let stored = db
            .stored_shipment(id)
            .map_err(|_| ActionError::NotFound(format!("shipment {id} is not in the store")))?;
        let bill = stored.shipment.bill_of_lading.clone();
        let item = db
            .queue(&QueueFilter::default())
            .map_err(store_err)?
            .into_iter()
            .find(|q| q.bill_of_lading == bill);
        let (queue_item, history) = match &item {
            Some(q) => {
                let records = db
                    .audit_records_of(&format!("queue:{}", q.id))
                    .map_err(store_err)?;
                let bills = HashMap::from([(q.id, bill.clone())]);
                (
                    Some(self.reread_item(&db, q)?),
                    records
                        .iter()
                        .map(|r| entry_of(r, &bills))
                        .collect::<Result<_, _>>()?,
                )
            }
            None => (None, Vec::new()),
        };
        let party_entries = stored
            .assessment
            .party_hits
            .iter()
            .map(|h| {
                // Several files may carry one list's name (an agency list and an update to it).
                loaded
                    .entries
                    .iter()
                    .filter(|l| l.name == h.list)
                    .find_map(|l| l.entries.iter().find(|e| e.id == h.entry_id))
                    .cloned()
            })
            .collect();
        Ok(ShipmentDetail {
            summary: summary_of(&stored),
            shipment: stored.shipment,
            assessment: stored.assessment,
            party_entries,
            queue_item,
            history,
        })
    }

    fn claim(&self, item: ItemId, version: i64, user: &str) -> Result<QueueItemView, ActionError> {
        let actor = self.actor(user);
        let mut db = self.db();
        let claimed = db.claim(item, version, &actor).map_err(store_err)?;
        self.reread_item(&db, &claimed)
    }

    fn decide(
        &self,
        item: ItemId,
        version: i64,
        user: &str,
        decision: &Decision,
    ) -> Result<QueueItemView, ActionError> {
        let actor = self.actor(user);
        let mut db = self.db();
        let hits: Vec<Option<usize>> = if decision.action == DecisionAction::FalsePositive {
            // Every name hit not marked yet, in turn: the last one closes the item.
            let detail = db.queue_detail(item).map_err(store_err)?;
            let n = detail.assessment.assessment.party_hits.len();
            let unmarked: Vec<Option<usize>> = (1..=n)
                .filter(|h| !detail.marked_hits.contains(&(*h as i64)))
                .map(Some)
                .collect();
            if unmarked.is_empty() {
                return Err(ActionError::NotAllowed(format!(
                    "queue item {item} has no name hit left to mark as a false positive; \
                     use clear (x) for goods and route flags"
                )));
            }
            unmarked
        } else {
            vec![None]
        };
        let mut expected = version;
        let mut last = None;
        for hit in hits {
            let decided = db
                .decide(
                    &NewDecision {
                        item,
                        action: decision.action,
                        reason_code: Some(decision.reason.clone()),
                        note: decision.note.clone(),
                        hit,
                        expected_version: expected,
                    },
                    &actor,
                )
                .map_err(store_err)?;
            expected = decided.version;
            last = Some(decided);
        }
        let decided = last.ok_or_else(|| ActionError::Backend("no decision recorded".into()))?;
        self.reread_item(&db, &decided)
    }

    fn ingest(
        &self,
        path: &Path,
        user: &str,
        progress: &dyn Fn(Progress),
    ) -> Result<IngestSummary, ActionError> {
        progress(Progress {
            label: format!("reading {}", path.display()),
            ratio: 0.05,
        });
        let ingested = match intake::read(path, &self.ingest_options()) {
            Ok(ingested) => ingested,
            // A file from the inbox that cannot be read moves aside with its reasons.
            Err(why)
                if self
                    .inbox
                    .as_deref()
                    .is_some_and(|d| path.parent() == Some(d)) =>
            {
                let first = why.lines().next().unwrap_or_default().to_string();
                return Err(ActionError::Backend(
                    match intake::reject(path, &why, &self.actor(user)) {
                        Ok((moved, _)) => {
                            format!("{}: {first}; moved to {}", path.display(), moved.display())
                        }
                        Err(e) => {
                            format!("{}: {first}; could not move it aside: {e}", path.display())
                        }
                    },
                ));
            }
            Err(why) => {
                return Err(ActionError::Backend(format!("{}: {why}", path.display())));
            }
        };
        self.record(&ingested, user, progress)
    }

    fn update_lists(
        &self,
        from: Option<&Path>,
        user: &str,
        progress: &dyn Fn(Progress),
    ) -> Result<ListsUpdated, ActionError> {
        let sources = Sources::configured(None).map_err(|e| ActionError::Backend(e.to_string()))?;
        let now = (self.clock)();
        let run = update_sources(
            &self.lists,
            &sources,
            from,
            &[],
            now,
            &mut |done, n, name| {
                progress(Progress {
                    label: if name.is_empty() {
                        "lists fetched".into()
                    } else {
                        format!("updating {name} ({}/{n})", done + 1)
                    },
                    ratio: 0.6 * done as f64 / n.max(1) as f64,
                })
            },
        )
        .map_err(|e| ActionError::Backend(e.to_string()))?;
        let mut report = update_report(&run, from)?;
        if report.installed == 0 {
            return Ok(report);
        }
        progress(Progress {
            label: "loading the new lists".into(),
            ratio: 0.7,
        });
        self.reload_lists()?;
        let added = service::added_entries(&self.lists);
        progress(Progress {
            label: format!("re-screening against {added} added entries"),
            ratio: 0.8,
        });
        let actor = self.actor(user);
        let guard = self.screener_lock();
        let screener = guard.as_ref().ok_or_else(|| self.no_screener())?;
        let mut db = self.db();
        let outcome = service::rescreen_added(
            &mut *db,
            screener,
            &self.lists,
            self.config.workflow.rescreen_days,
            &actor,
        )
        .map_err(store_err)?
        .outcome;
        report.rescreened = outcome.screened;
        report.queued = outcome.queued.len();
        progress(Progress {
            label: "lists updated".into(),
            ratio: 1.0,
        });
        Ok(report)
    }

    fn audit(&self) -> Result<Vec<AuditEntry>, ActionError> {
        let db = self.db();
        let bills = item_bills(&db)?;
        db.audit_records()
            .map_err(store_err)?
            .iter()
            .map(|r| entry_of(r, &bills))
            .collect()
    }

    fn lookup(&self, query: &str) -> Result<LookupResult, ActionError> {
        let guard = self.screener_lock();
        let screener = guard.as_ref().ok_or_else(|| self.no_screener())?;
        let mut names = screener.search_name(query, LOOKUP_THRESHOLD);
        names.truncate(LOOKUP_NAMES);
        Ok(LookupResult {
            query: query.to_string(),
            names,
            goods: screener.lookup_goods(query),
        })
    }

    fn verify_audit(&self) -> Result<AuditVerification, ActionError> {
        let verdict = self.db().verify_audit().map_err(store_err)?;
        Ok(match verdict.broken {
            None if verdict.holds() => AuditVerification::Intact {
                entries: verdict.records,
            },
            None => AuditVerification::Broken {
                seq: verdict.records as i64,
                message: verdict.problems().join("; "),
            },
            Some(b) => AuditVerification::Broken {
                seq: b.seq,
                message: b.why,
            },
        })
    }
}
