//! Unit tests of `App`: the busy count equals the requests sent and not yet answered, across
//! sequences of keys, prompts and replies, with answers arriving in any order.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::Arc;

use chrono::{DateTime, TimeZone, Utc};

use super::{App, View};
use crate::model::Lane;
use crate::tui::action::{Action, Effect, InputEdit};
use crate::tui::data::{
    ActionError, AuditEntry, AuditVerification, DashboardSnapshot, IngestSummary, ListsUpdated,
    QueueItemView, QueueState, synthetic_shipments,
};
use crate::tui::keymap::{Command, Keymap};
use crate::tui::theme::Theme;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, 9, 0, 0).unwrap()
}

/// Twenty shipments, the first five queued.
fn snapshot(change_counter: i64) -> DashboardSnapshot {
    let shipments = synthetic_shipments(20, now());
    let queue = shipments
        .iter()
        .take(5)
        .enumerate()
        .map(|(i, s)| QueueItemView {
            id: i as i64 + 1,
            shipment: s.id,
            bill: s.bill.clone(),
            lane: Lane::Red,
            score: s.score,
            state: QueueState::New,
            version: 1,
            assignee: None,
            reason: None,
            note: None,
            updated_at: now(),
        })
        .collect();
    DashboardSnapshot {
        shipments: Arc::new(shipments),
        queue,
        change_counter,
        ..Default::default()
    }
}

/// The answer the event loop would send for an effect, and whether the dashboard waits for
/// it; `None` for effects the loop handles itself. Mirrors `event_loop::execute` with a store
/// that always succeeds, except for loading a shipment's detail, which fails.
fn answer(effect: &Effect) -> Option<(Action, bool)> {
    Some(match effect {
        Effect::LoadSnapshot => (Action::SnapshotLoaded(Box::new(snapshot(7))), true),
        Effect::LoadAudit => (Action::AuditLoaded(Vec::<AuditEntry>::new()), true),
        Effect::LoadDetail(_) => (Action::Failed("loading the shipment: gone".into()), true),
        Effect::PollChanges => (Action::ChangeCounter(7), false),
        Effect::Claim(items) | Effect::Decide(items, _) => {
            let results = items
                .iter()
                .map(|&(id, _)| (id, Err(ActionError::Conflict("changed meanwhile".into()))))
                .collect();
            let what = "claim".to_string();
            (Action::QueueDone { what, results }, true)
        }
        Effect::Ingest(path) => {
            let summary = IngestSummary {
                file: path.display().to_string(),
                shipments: 3,
                queued: 1,
                already_stored: false,
                problems: Vec::new(),
            };
            (Action::Ingested(Ok(summary)), true)
        }
        Effect::UpdateLists(_) => {
            let updated = ListsUpdated {
                sources: vec!["UN: 1,002 entries".into()],
                installed: 1,
                failed: 0,
                rescreened: 20,
                queued: 0,
            };
            (Action::ListsUpdated(Ok(updated)), true)
        }
        Effect::VerifyAudit => (
            Action::AuditVerified(AuditVerification::Intact { entries: 0 }),
            true,
        ),
        Effect::Filter(job) => {
            let visible = job.run()?;
            let (generation, query) = (job.generation, job.text.clone());
            let filtered = Action::Filtered {
                generation,
                query,
                visible,
            };
            (filtered, false)
        }
        Effect::ApplyInjects => (
            Action::InjectsApplied(Ok(crate::tui::data::InjectReport::default())),
            true,
        ),
        Effect::Lookup(query) => (
            Action::LookedUp(Box::new(crate::tui::data::LookupResult {
                query: query.clone(),
                ..Default::default()
            })),
            true,
        ),
        Effect::Suspend | Effect::Quit => return None,
    })
}

/// The dashboard with the answers the event loop owes it, in the order they were asked for.
struct Dashboard {
    app: App,
    owed: VecDeque<(Action, bool)>,
}

impl Dashboard {
    fn started() -> Self {
        let mut d = Dashboard {
            app: App::new("alice", now(), Keymap::default(), Theme::dark()),
            owed: VecDeque::new(),
        };
        let effects = d.app.start();
        d.owe(effects);
        d
    }

    fn owe(&mut self, effects: Vec<Effect>) {
        self.owed.extend(effects.iter().filter_map(answer));
        assert_eq!(self.app.busy(), self.waited_for(), "after {effects:?}");
    }

    fn waited_for(&self) -> usize {
        self.owed.iter().filter(|(_, waited)| *waited).count()
    }

    fn act(&mut self, action: Action) {
        let effects = self.app.update(action);
        self.owe(effects);
    }

    fn command(&mut self, c: Command) {
        self.act(Action::Command(c));
    }

    fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.act(Action::Input(InputEdit::Char(c)));
        }
    }

    /// Delivers the oldest answer owed.
    fn answer_oldest(&mut self) {
        let (action, _) = self.owed.pop_front().expect("an answer is owed");
        self.act(action);
    }

    /// Delivers the newest answer owed (replies do not arrive in order).
    fn answer_newest(&mut self) {
        let (action, _) = self.owed.pop_back().expect("an answer is owed");
        self.act(action);
    }

    fn settle(&mut self) {
        while !self.owed.is_empty() {
            self.answer_oldest();
        }
        assert_eq!(self.app.busy(), 0);
    }
}

#[test]
fn start_waits_for_the_snapshot_and_the_audit_log() {
    let mut d = Dashboard::started();
    assert_eq!(d.app.busy(), 2);
    d.answer_oldest();
    assert_eq!(d.app.busy(), 1);
    d.answer_oldest();
    assert_eq!(d.app.busy(), 0);
}

#[test]
fn busy_count_follows_keys_prompts_and_replies() {
    let mut d = Dashboard::started();
    d.settle();

    // Two refreshes and a verification in flight, answered newest first.
    d.command(Command::Refresh);
    d.command(Command::Refresh);
    d.command(Command::VerifyAudit);
    assert_eq!(d.app.busy(), 5);
    d.answer_newest();
    d.answer_newest();
    assert_eq!(d.app.busy(), 3);
    d.settle();

    // Claim in the queue: the conflict reloads everything.
    d.command(Command::ShowView(View::Queue));
    d.command(Command::Claim);
    assert_eq!(d.app.busy(), 1);
    d.answer_oldest();
    assert_eq!(
        d.app.busy(),
        2,
        "a conflict reloads the snapshot and the log"
    );
    d.settle();

    // Mark two, decide, confirm: one request for both items.
    d.command(Command::Mark);
    d.command(Command::Mark);
    d.command(Command::Refer);
    d.act(Action::Input(InputEdit::Submit));
    assert_eq!(d.app.busy(), 0, "nothing is asked before the confirmation");
    d.act(Action::Input(InputEdit::Char('y')));
    assert_eq!(d.app.busy(), 1);
    d.settle();

    // Opening a shipment asks for its detail; its failure is its answer.
    d.command(Command::Enter);
    assert_eq!(d.app.view, View::Detail);
    assert_eq!(d.app.busy(), 1);
    d.settle();
}

#[test]
fn palette_ingest_and_list_update_are_waited_for_until_answered() {
    let mut d = Dashboard::started();
    d.settle();
    d.command(Command::Palette);
    d.type_text("ingest /tmp/manifest.xml");
    d.act(Action::Input(InputEdit::Submit));
    d.act(Action::InboxArrived(PathBuf::from("/tmp/inbox/b.csv")));
    d.command(Command::Palette);
    d.type_text("lists update");
    d.act(Action::Input(InputEdit::Submit));
    assert_eq!(d.app.busy(), 3);
    // Each answer reloads, so answers beget requests until the store has nothing new.
    d.settle();
}

#[test]
fn polls_and_background_filters_are_not_waited_for() {
    let mut d = Dashboard::started();
    d.settle();
    d.act(Action::ChangeCounter(7));
    assert_eq!(d.app.busy(), 0, "the same counter asks for nothing");
    d.act(Action::ChangeCounter(8));
    assert_eq!(d.app.busy(), 2, "a new counter reloads");
    d.command(Command::ShowView(View::Shipments));
    d.command(Command::Filter);
    d.type_text("lane:red");
    assert_eq!(d.app.busy(), 2, "typing a filter is not busy work");
    d.settle();
    d.act(Action::Input(InputEdit::Submit));
    assert_eq!(d.app.busy(), 0);
}

#[test]
fn a_reply_nobody_waits_for_never_counts_below_zero() {
    let mut d = Dashboard::started();
    d.settle();
    d.act(Action::Failed("polling the store: locked".into()));
    assert_eq!(d.app.busy(), 0);
}

#[test]
fn a_failed_poll_leaves_the_requests_still_waiting_counted() {
    let mut d = Dashboard::started();
    d.settle();
    d.act(Action::Command(Command::Refresh));
    let waiting = d.app.busy();
    assert!(waiting > 0, "a refresh waits for the store");
    d.act(Action::PollFailed("polling the store: locked".into()));
    assert_eq!(d.app.busy(), waiting, "nobody waited for the poll");
    assert!(
        d.app
            .status
            .as_ref()
            .is_some_and(|s| s.text.contains("polling the store")),
        "the failure is still said"
    );
}
