//! A trainee's dashboard: [`ExerciseBackend`] runs the ordinary [`StoreBackend`] over the
//! trainee's own exercise store, hides what the exercise's assistance level withholds, and
//! applies the trainer's scheduled injects when their time comes.
//!
//! What is hidden is taken out here, before it reaches the dashboard, not only left undrawn:
//! at `hits` every lane, score and point is zeroed (a filter on `score:>50` or a sort by lane
//! then tells nothing); at `none` the hits, red flags and reasons go too, and the trainee has
//! the manifest, the declared HS headings' text, the lists (5) and the look-ups (`:lookup`).
//! Records of the audit log that the trainee did not make (the ingest, the queueing, the
//! injects) keep their place and hash but not their detail, which names lanes and scores.
//!
//! A trainee session is an ordinary dashboard session with its own store and user, so that the
//! SSH service can serve it like any other.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use crate::config::Config;
use crate::exercise::Assistance;
use crate::exercise::bundle::TraineeCopy;
use crate::exercise::session::{self, Screening, TraineeSession};
use crate::lists::update::ListStore;
use crate::model::{Assessment, Lane};
use crate::store::OpenMode;
use chrono::{DateTime, Utc};

use crate::tui::data::{
    ActionError, AuditEntry, AuditVerification, Clock, DashboardBackend, DashboardSnapshot,
    Decision, DecisionAction, ExerciseInfo, IngestSummary, InjectReport, ItemId, ListsUpdated,
    LookupResult, Progress, QueueItemView, ShipmentDetail, ShipmentId, ShipmentSummary,
};
use crate::tui::store_backend::StoreBackend;

/// What an audit record's hidden subject and fields say.
pub const HIDDEN_DETAIL: &str = "(hidden in this exercise)";

/// The audit actions that are a trainee's own work.
const TRAINEE_ACTIONS: [&str; 4] = ["queue.claim", "queue.decide", "queue.note", "queue.reopen"];

/// The fields of a trainee's own audit records that say what the trainee did; the others
/// (the item's lane, score and queueing reason, written into every claim and decision) go.
const TRAINEE_FIELDS: [&str; 6] = [
    "state",
    "claimed_by",
    "action",
    "reason_code",
    "note",
    "hit",
];

/// The dashboard's backend for a trainee working an exercise.
pub struct ExerciseBackend {
    inner: StoreBackend,
    store: PathBuf,
    copy: TraineeCopy,
    hide: Hide,
    session: Mutex<TraineeSession>,
    config: Config,
    list_store: ListStore,
    /// Loaded when the first inject is applied.
    screening: Mutex<Option<Screening>>,
    clock: Clock,
}

fn session_err(e: impl std::fmt::Display) -> ActionError {
    ActionError::Backend(e.to_string())
}

impl ExerciseBackend {
    /// Opens the trainee store at `store` (started by `hubscreen exercise start`), with the
    /// lists installed under `data_dir` and those the applied injects brought.
    pub fn open(
        store: &Path,
        data_dir: &Path,
        config: Config,
        clock: Clock,
    ) -> Result<Self, ActionError> {
        let session = TraineeSession::load(store).map_err(session_err)?.ok_or_else(|| {
            ActionError::NotAllowed(format!(
                "{}: not a trainee store (no {} beside it); start one with `hubscreen exercise start`",
                store.display(),
                session::SESSION_FILE
            ))
        })?;
        let copy = TraineeCopy::open(&session.bundle).map_err(session_err)?;
        let mut config = config;
        config.workflow.queue_every_bill = true;
        let inner = StoreBackend::open(store, data_dir, config.clone(), clock.clone())?;
        let injected = session.injected_list_files(&copy);
        if !injected.is_empty() {
            inner.add_lists(&injected)?;
        }
        Ok(ExerciseBackend {
            inner,
            store: store.to_path_buf(),
            copy,
            hide: Hide {
                assistance: session.assistance,
                trainee: session.trainee.clone(),
                started_at: session.started_at,
            },
            session: Mutex::new(session),
            config,
            list_store: ListStore::new(data_dir),
            screening: Mutex::new(None),
            clock,
        })
    }

    fn session(&self) -> MutexGuard<'_, TraineeSession> {
        self.session.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// What a trainee's assistance level hides, and from whom.
#[derive(Debug, Clone)]
pub struct Hide {
    pub assistance: Assistance,
    pub trainee: String,
    /// Shown instead of the times a re-screen sets (which would name the bills an inject
    /// touched).
    pub started_at: DateTime<Utc>,
}

impl Hide {
    fn lanes(&self) -> bool {
        self.assistance != Assistance::Full
    }

    fn hits(&self) -> bool {
        self.assistance == Assistance::None
    }

    /// Takes out of a shipment row what is hidden.
    pub fn summary(&self, s: &mut ShipmentSummary) {
        if !self.lanes() {
            return;
        }
        s.lane = Lane::Green;
        s.score = 0;
        s.screened_at = self.started_at;
        if self.hits() {
            s.hit_lists.clear();
            s.rules.clear();
        }
    }

    /// Takes out of an assessment what is hidden; the declared HS headings' text stays (it is
    /// a look-up, not a finding).
    pub fn assessment(&self, a: &mut Assessment) {
        if !self.lanes() {
            return;
        }
        a.lane = Lane::Green;
        a.score = 0;
        a.reasons.clear();
        a.random_selection = None;
        for h in &mut a.party_hits {
            h.points = 0;
        }
        for h in &mut a.vessel_hits {
            h.points = 0;
        }
        for h in &mut a.goods_hits {
            h.points = 0;
        }
        for f in &mut a.red_flags {
            f.points = 0;
            f.lane = None;
        }
        if self.hits() {
            a.party_hits.clear();
            a.vessel_hits.clear();
            a.goods_hits.clear();
            a.red_flags.clear();
        }
    }

    /// A queue item: no lane, no score, no time a re-screen set. (Its reason and note are the
    /// trainee's own: where lanes are hidden the store re-opens nothing, so no decision but
    /// the trainee's is ever the last.)
    fn item(&self, q: &mut QueueItemView) {
        if !self.lanes() {
            return;
        }
        q.lane = Lane::Green;
        q.score = 0;
        q.updated_at = self.started_at;
    }

    /// Audit records: the trainee's own claims, decisions and notes keep what the trainee did
    /// and lose the item's lane, score and reason; every other record (the ingest and the
    /// queueing, recorded in the trainee's name when the session started, and the injects and
    /// their re-screens) keeps its place, time and hash, not its subject or fields.
    fn audit(&self, entries: &mut [AuditEntry]) {
        if !self.lanes() {
            return;
        }
        for e in entries.iter_mut() {
            if e.user == self.trainee && TRAINEE_ACTIONS.contains(&e.action.as_str()) {
                e.fields
                    .retain(|(k, _)| TRAINEE_FIELDS.contains(&k.as_str()));
            } else {
                e.subject = HIDDEN_DETAIL.to_string();
                e.fields = vec![(String::new(), HIDDEN_DETAIL.into())];
            }
        }
    }

    /// Takes out of a snapshot what is hidden.
    pub fn snapshot(&self, s: &mut DashboardSnapshot) {
        if !self.lanes() {
            return;
        }
        let mut rows = s.shipments.as_ref().clone();
        for r in &mut rows {
            self.summary(r);
        }
        s.shipments = std::sync::Arc::new(rows);
        for q in &mut s.queue {
            self.item(q);
        }
        // The store lists the queue by score: in bill order, nothing can be read from it.
        s.queue
            .sort_by(|a, b| a.bill.cmp(&b.bill).then(a.id.cmp(&b.id)));
        self.audit(&mut s.recent);
        for r in &mut s.rules {
            r.points = 0;
            r.lane = None;
        }
        if self.hits() {
            for r in &mut s.rules {
                r.hits = 0;
                r.exams = 0;
                r.found = 0;
            }
            // Listed by hits, the rules that fired would come first.
            s.rules.sort_by(|a, b| a.rule.cmp(&b.rule));
        }
    }

    /// Takes out of a shipment's detail what is hidden.
    pub fn detail(&self, d: &mut ShipmentDetail) {
        if !self.lanes() {
            return;
        }
        self.summary(&mut d.summary);
        self.assessment(&mut d.assessment);
        if self.hits() {
            d.party_entries.clear();
        }
        if let Some(q) = &mut d.queue_item {
            self.item(q);
        }
        self.audit(&mut d.history);
    }
}

fn refused(what: &str) -> ActionError {
    ActionError::NotAllowed(format!(
        "not in an exercise: {what}; the exercise's manifest, lists and injects are the trainer's"
    ))
}

impl DashboardBackend for ExerciseBackend {
    fn snapshot(&self) -> Result<DashboardSnapshot, ActionError> {
        let mut s = self.inner.snapshot()?;
        self.hide.snapshot(&mut s);
        Ok(s)
    }

    fn change_counter(&self) -> Result<i64, ActionError> {
        self.inner.change_counter()
    }

    fn shipment(&self, id: ShipmentId) -> Result<ShipmentDetail, ActionError> {
        let mut d = self.inner.shipment(id)?;
        self.hide.detail(&mut d);
        Ok(d)
    }

    fn claim(&self, item: ItemId, version: i64, user: &str) -> Result<QueueItemView, ActionError> {
        let mut q = self.inner.claim(item, version, user)?;
        self.hide.item(&mut q);
        Ok(q)
    }

    fn decide(
        &self,
        item: ItemId,
        version: i64,
        user: &str,
        decision: &Decision,
    ) -> Result<QueueItemView, ActionError> {
        if decision.action == DecisionAction::FalsePositive && self.hide.hits() {
            // Whether the refusal named a missing hit would say whether the bill has one.
            return Err(ActionError::NotAllowed(
                "not in this exercise: a false positive marks a name hit, and the hits are \
                 hidden; clear the bill with a reason code instead"
                    .into(),
            ));
        }
        let mut q = self.inner.decide(item, version, user, decision)?;
        self.hide.item(&mut q);
        Ok(q)
    }

    fn ingest(
        &self,
        _path: &Path,
        _user: &str,
        _progress: &dyn Fn(Progress),
    ) -> Result<IngestSummary, ActionError> {
        Err(refused("reading another manifest"))
    }

    fn update_lists(
        &self,
        _from: Option<&Path>,
        _user: &str,
        _progress: &dyn Fn(Progress),
    ) -> Result<ListsUpdated, ActionError> {
        Err(refused("updating the lists"))
    }

    fn audit(&self) -> Result<Vec<AuditEntry>, ActionError> {
        let mut entries = self.inner.audit()?;
        self.hide.audit(&mut entries);
        Ok(entries)
    }

    fn verify_audit(&self) -> Result<AuditVerification, ActionError> {
        self.inner.verify_audit()
    }

    fn lookup(&self, query: &str) -> Result<LookupResult, ActionError> {
        self.inner.lookup(query)
    }

    fn exercise(&self) -> Option<ExerciseInfo> {
        let s = self.session();
        Some(ExerciseInfo {
            id: s.exercise.clone(),
            trainee: s.trainee.clone(),
            assistance: s.assistance,
            started_at: s.started_at,
            deadline: s.deadline(),
            briefing: self.copy.briefing(),
            next_inject: s.next_due(&self.copy),
            arrived: self.told(&s, |_| true),
        })
    }

    fn apply_due_injects(&self) -> Result<InjectReport, ActionError> {
        let now = (self.clock)();
        let mut session = self.session();
        let mut report = InjectReport::default();
        // The trainer may have fired injects from the command line (`exercise inject`), or
        // another dashboard on this store applied them: the file says what is applied.
        let known: Vec<String> = session.injects.iter().map(|i| i.name.clone()).collect();
        if let Ok(Some(on_disk)) = TraineeSession::load(&self.store) {
            *session = on_disk;
        }
        report.said = self.told(&session, |name| !known.iter().any(|k| k == name));
        let due: Vec<_> = session.due(&self.copy, now).into_iter().cloned().collect();
        if !due.is_empty() {
            match self.apply(&mut session, &due, now, &mut report.said) {
                Ok(()) => {}
                Err(e) => report.error = Some(e.to_string()),
            }
        }
        if !report.said.is_empty() {
            self.inner
                .add_lists(&session.injected_list_files(&self.copy))?;
        }
        report.next = session.next_due(&self.copy);
        Ok(report)
    }
}

impl ExerciseBackend {
    /// What the applied injects among those `named` told the trainee, in schedule order.
    fn told(&self, session: &TraineeSession, named: impl Fn(&str) -> bool) -> Vec<String> {
        let mut applied: Vec<_> = self
            .copy
            .file
            .injects
            .iter()
            .filter(|i| session.applied(&i.name) && named(&i.name))
            .collect();
        applied.sort_by_key(|i| i.at_minutes);
        applied.iter().map(|i| i.says.clone()).collect()
    }

    /// Applies `due` in order, adding what each tells to `said`; stops at the first that fails.
    fn apply(
        &self,
        session: &mut TraineeSession,
        due: &[crate::exercise::bundle::InjectFile],
        now: DateTime<Utc>,
        said: &mut Vec<String>,
    ) -> Result<(), ActionError> {
        let mut screening = self.screening.lock().unwrap_or_else(|p| p.into_inner());
        if screening.is_none() {
            *screening =
                Some(Screening::load(&self.config, &self.list_store, now).map_err(session_err)?);
        }
        let screening = screening.as_ref().expect("loaded above");
        let mut db = session::open_store(&self.store, &self.config, OpenMode::Existing)
            .map_err(session_err)?;
        for inject in due {
            let applied = session::apply(
                &mut db,
                &self.copy,
                session,
                &self.store,
                inject,
                screening,
                &self.list_store,
                now,
            )
            .map_err(session_err)?;
            tracing::info!(inject = %applied.name, queued = applied.queued, "inject applied");
            said.push(applied.says);
        }
        Ok(())
    }
}
