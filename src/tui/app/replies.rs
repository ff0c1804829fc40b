//! What background work and the store report: loaded data, the results of claims, decisions,
//! ingests and list updates, a changed store, a manifest in the inbox. Each answer becomes
//! state, a status line, and the reloads that keep the views current.

use std::path::PathBuf;

use super::{App, Level, Reading, reload};
use crate::tui::action::Effect;
use crate::tui::data::{
    ActionError, AuditEntry, AuditVerification, DashboardSnapshot, IngestSummary, InjectReport,
    ItemId, ListsUpdated, QueueItemView,
};

impl App {
    /// New data for every view; the open detail is asked for again, since it may have changed.
    pub(super) fn snapshot_loaded(&mut self, snapshot: DashboardSnapshot) -> Vec<Effect> {
        self.set_snapshot(snapshot);
        match self.detail.as_ref().map(|d| d.summary.id) {
            Some(id) => vec![Effect::LoadDetail(id)],
            None => Vec::new(),
        }
    }

    /// The exercise's injects were applied: the trainee is told what is new (on a page of its
    /// own as soon as no prompt is open, and on the status line), and the views reload.
    pub(super) fn injects_applied(
        &mut self,
        result: Result<InjectReport, ActionError>,
    ) -> Vec<Effect> {
        self.inject_pending = false;
        let report = match result {
            Ok(report) => report,
            Err(e) => InjectReport {
                error: Some(e.to_string()),
                ..InjectReport::default()
            },
        };
        if let Some(e) = &mut self.exercise {
            e.arrived.extend(report.said.iter().cloned());
            // After a failure the inject is not asked for again every tick: the trainer can
            // apply it with `exercise inject`, and the next change to the store asks again.
            e.next_inject = if report.error.is_some() {
                None
            } else {
                report.next
            };
        }
        if let Some(error) = &report.error {
            self.set_status(
                Level::Error,
                format!("a scheduled inject could not be applied: {error}; tell the trainer"),
            );
        }
        if report.said.is_empty() {
            return Vec::new();
        }
        if report.error.is_none() {
            self.set_status(Level::Warn, format!("inject: {}", report.said.join(" | ")));
        }
        self.show_page(Reading::injects(&report.said));
        reload()
    }

    /// The store's change counter: a new value means someone changed something.
    pub(super) fn change_counter(&mut self, n: i64) -> Vec<Effect> {
        if n == self.snapshot.change_counter {
            return Vec::new();
        }
        self.snapshot.change_counter = n;
        let mut effects = reload();
        // The trainer may have fired an inject from the command line.
        if self.exercise.is_some() && !self.inject_pending {
            self.inject_pending = true;
            effects.push(Effect::ApplyInjects);
        }
        effects
    }

    pub(super) fn queue_done(
        &mut self,
        what: &str,
        results: Vec<(ItemId, Result<QueueItemView, ActionError>)>,
    ) -> Vec<Effect> {
        let (done, conflicts, other) = self.queue.apply_results(results);
        self.queue.refilter(&self.matcher);
        self.clamp_tables();
        if let Some(first) = conflicts.first() {
            let more = conflicts.len() + other.len() - 1;
            let more = if more > 0 {
                format!(" (+{more} more)")
            } else {
                String::new()
            };
            self.set_status(Level::Error, format!("conflict: {first}{more}"));
        } else if let Some(first) = other.first() {
            self.set_status(
                Level::Error,
                format!("{what}: {done} done, {} refused: {first}", other.len()),
            );
        } else {
            self.set_status(Level::Info, format!("{what}: {done} done"));
        }
        // Always reload: a conflict means our copy is stale, and a success changed counts.
        reload()
    }

    pub(super) fn ingested(&mut self, result: Result<IngestSummary, ActionError>) -> Vec<Effect> {
        self.progress = None;
        let s = match result {
            Ok(s) => s,
            Err(e) => {
                self.set_status(Level::Error, format!("ingest failed: {e}"));
                return Vec::new();
            }
        };
        let (level, problems) = match s.problems.first() {
            None => (Level::Info, String::new()),
            Some(first) => (
                Level::Warn,
                format!("; {} problems, first: {first}", s.problems.len()),
            ),
        };
        let text = if s.already_stored {
            format!(
                "{}: already stored (same SHA-256); nothing changed{problems}",
                s.file
            )
        } else {
            format!(
                "ingested {}: {} shipments, {} queue items created or updated{problems}",
                s.file, s.shipments, s.queued
            )
        };
        self.set_status(level, text);
        reload()
    }

    pub(super) fn inbox_arrived(&mut self, path: PathBuf) -> Vec<Effect> {
        self.set_status(Level::Info, format!("inbox: {}", path.display()));
        self.start_ingest(path)
    }

    pub(super) fn lists_updated(
        &mut self,
        result: Result<ListsUpdated, ActionError>,
    ) -> Vec<Effect> {
        self.progress = None;
        match result {
            Ok(u) => {
                let first = u.sources.first().cloned().unwrap_or_default();
                self.set_status(
                    if u.failed > 0 { Level::Warn } else { Level::Info },
                    format!(
                        "lists: {} installed, {} failed; re-screened {} shipments, {} queue items created or re-opened; {first}",
                        u.installed, u.failed, u.rescreened, u.queued
                    ),
                );
                reload()
            }
            Err(e) => {
                self.set_status(Level::Error, format!("list update failed: {e}"));
                Vec::new()
            }
        }
    }

    pub(super) fn audit_loaded(&mut self, entries: Vec<AuditEntry>) -> Vec<Effect> {
        self.audit.entries = entries;
        self.audit.refilter(&self.matcher);
        self.clamp_tables();
        Vec::new()
    }

    pub(super) fn audit_verified(&mut self, v: AuditVerification) -> Vec<Effect> {
        match &v {
            AuditVerification::Intact { entries } => self.set_status(
                Level::Info,
                format!("audit chain intact: {entries} entries verified"),
            ),
            AuditVerification::Broken { seq, message } => self.set_status(
                Level::Error,
                format!("audit chain BROKEN at entry {seq}: {message}"),
            ),
        }
        self.audit.verification = Some(v);
        Vec::new()
    }
}
