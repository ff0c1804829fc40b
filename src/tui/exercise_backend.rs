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
use crate::tui::data::{
    ActionError, AuditEntry, AuditVerification, Clock, DashboardBackend, DashboardSnapshot,
    Decision, ExerciseInfo, IngestSummary, InjectReport, ItemId, ListsUpdated, LookupResult,
    Progress, QueueItemView, ShipmentDetail, ShipmentId, ShipmentSummary,
};
use crate::tui::store_backend::StoreBackend;

/// What an audit record's detail says when the assistance level hides it.
pub const HIDDEN_DETAIL: &str = "(hidden in this exercise)";

/// The dashboard's backend for a trainee working an exercise.
pub struct ExerciseBackend {
    inner: StoreBackend,
    store: PathBuf,
    copy: TraineeCopy,
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
        inner.add_lists(&session.injected_list_files(&copy))?;
        Ok(ExerciseBackend {
            inner,
            store: store.to_path_buf(),
            copy,
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

    fn assistance(&self) -> Assistance {
        self.session().assistance
    }

    fn trainee(&self) -> String {
        self.session().trainee.clone()
    }
}

/// Takes out of a shipment row what `assistance` hides.
pub fn redact_summary(s: &mut ShipmentSummary, assistance: Assistance) {
    if assistance == Assistance::Full {
        return;
    }
    s.lane = Lane::Green;
    s.score = 0;
    if assistance == Assistance::None {
        s.hit_lists.clear();
        s.rules.clear();
    }
}

/// Takes out of an assessment what `assistance` hides; the declared HS headings' text stays
/// (it is a look-up, not a finding).
pub fn redact_assessment(a: &mut Assessment, assistance: Assistance) {
    if assistance == Assistance::Full {
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
    if assistance == Assistance::None {
        a.party_hits.clear();
        a.vessel_hits.clear();
        a.goods_hits.clear();
        a.red_flags.clear();
    }
}

fn redact_item(q: &mut QueueItemView, assistance: Assistance) {
    if assistance != Assistance::Full {
        q.lane = Lane::Green;
        q.score = 0;
    }
}

/// The audit actions that are a trainee's own work; their detail is what the trainee decided.
const TRAINEE_ACTIONS: [&str; 4] = ["queue.claim", "queue.decide", "queue.note", "queue.reopen"];

/// Audit records other than the trainee's own decisions (the ingest and queueing, made in the
/// trainee's name when the session started, and the injects) keep their place and hash, not
/// their detail, which names lanes and scores.
fn redact_audit(entries: &mut [AuditEntry], assistance: Assistance, trainee: &str) {
    if assistance == Assistance::Full {
        return;
    }
    for e in entries
        .iter_mut()
        .filter(|e| e.user != trainee || !TRAINEE_ACTIONS.contains(&e.action.as_str()))
    {
        e.detail = HIDDEN_DETAIL.to_string();
    }
}

/// Takes out of a snapshot what `assistance` hides.
pub fn redact_snapshot(s: &mut DashboardSnapshot, assistance: Assistance, trainee: &str) {
    if assistance == Assistance::Full {
        return;
    }
    let mut rows = s.shipments.as_ref().clone();
    for r in &mut rows {
        redact_summary(r, assistance);
    }
    s.shipments = std::sync::Arc::new(rows);
    for q in &mut s.queue {
        redact_item(q, assistance);
    }
    redact_audit(&mut s.recent, assistance, trainee);
    if assistance == Assistance::None {
        for r in &mut s.rules {
            r.hits = 0;
            r.exams = 0;
            r.found = 0;
        }
    }
}

/// Takes out of a shipment's detail what `assistance` hides.
pub fn redact_detail(d: &mut ShipmentDetail, assistance: Assistance, trainee: &str) {
    if assistance == Assistance::Full {
        return;
    }
    redact_summary(&mut d.summary, assistance);
    redact_assessment(&mut d.assessment, assistance);
    if assistance == Assistance::None {
        d.party_entries.clear();
    }
    if let Some(q) = &mut d.queue_item {
        redact_item(q, assistance);
    }
    redact_audit(&mut d.history, assistance, trainee);
}

fn refused(what: &str) -> ActionError {
    ActionError::NotAllowed(format!(
        "not in an exercise: {what}; the exercise's manifest, lists and injects are the trainer's"
    ))
}

impl DashboardBackend for ExerciseBackend {
    fn snapshot(&self) -> Result<DashboardSnapshot, ActionError> {
        let mut s = self.inner.snapshot()?;
        redact_snapshot(&mut s, self.assistance(), &self.trainee());
        Ok(s)
    }

    fn change_counter(&self) -> Result<i64, ActionError> {
        self.inner.change_counter()
    }

    fn shipment(&self, id: ShipmentId) -> Result<ShipmentDetail, ActionError> {
        let mut d = self.inner.shipment(id)?;
        redact_detail(&mut d, self.assistance(), &self.trainee());
        Ok(d)
    }

    fn claim(&self, item: ItemId, version: i64, user: &str) -> Result<QueueItemView, ActionError> {
        let mut q = self.inner.claim(item, version, user)?;
        redact_item(&mut q, self.assistance());
        Ok(q)
    }

    fn decide(
        &self,
        item: ItemId,
        version: i64,
        user: &str,
        decision: &Decision,
    ) -> Result<QueueItemView, ActionError> {
        let mut q = self.inner.decide(item, version, user, decision)?;
        redact_item(&mut q, self.assistance());
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
        redact_audit(&mut entries, self.assistance(), &self.trainee());
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
        })
    }

    fn apply_due_injects(&self) -> Result<InjectReport, ActionError> {
        let now = (self.clock)();
        let mut session = self.session();
        let due: Vec<_> = session.due(&self.copy, now).into_iter().cloned().collect();
        let mut report = InjectReport::default();
        if !due.is_empty() {
            let mut screening = self.screening.lock().unwrap_or_else(|p| p.into_inner());
            if screening.is_none() {
                *screening = Some(
                    Screening::load(&self.config, &self.list_store, now).map_err(session_err)?,
                );
            }
            let screening = screening.as_ref().expect("loaded above");
            let mut db = session::open_store(&self.store, &self.config, OpenMode::Existing)
                .map_err(session_err)?;
            for inject in &due {
                let applied = session::apply(
                    &mut db,
                    &self.copy,
                    &mut session,
                    &self.store,
                    inject,
                    screening,
                    &self.list_store,
                    now,
                )
                .map_err(session_err)?;
                tracing::info!(inject = %applied.name, queued = applied.queued, "inject applied");
                report.said.push(applied.says);
            }
            self.inner
                .add_lists(&session.injected_list_files(&self.copy))?;
        }
        report.next = session.next_due(&self.copy);
        Ok(report)
    }
}
