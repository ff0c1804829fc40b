//! What can happen to the dashboard ([`Action`]) and what the dashboard asks the outside world to
//! do ([`Effect`]).
//!
//! Keys, mouse, ticks and the answers of background work all become actions; `App::update`
//! turns an action into new state plus effects, and only the event loop performs effects. That
//! split keeps `App` free of I/O, so every behaviour is testable without a terminal or a store.

use std::path::PathBuf;

use chrono::{DateTime, Utc};

use crate::tui::components::shipments::FilterJob;
use crate::tui::data::{
    ActionError, AuditEntry, AuditVerification, DashboardSnapshot, Decision, IngestSummary,
    InjectReport, ItemId, ListsUpdated, LookupResult, Progress, QueueItemView, ShipmentDetail,
    ShipmentId,
};
use crate::tui::keymap::Command;

/// Something that happened.
#[derive(Debug, Clone)]
pub enum Action {
    /// A bound key, resolved through the keymap.
    Command(Command),
    /// Text typed into the open prompt (filter, command palette, note).
    Input(InputEdit),
    /// A left click at a terminal cell.
    Click {
        column: u16,
        row: u16,
    },
    /// Mouse wheel: negative up, positive down.
    Scroll(i16),
    Resize {
        width: u16,
        height: u16,
    },
    /// A timer tick with the current time.
    Tick(DateTime<Utc>),
    SnapshotLoaded(Box<DashboardSnapshot>),
    DetailLoaded(Box<ShipmentDetail>),
    /// The store's change counter, polled: a new value means another officer changed something.
    ChangeCounter(i64),
    /// Answers to claims or decisions, one per item, in the order asked.
    QueueDone {
        what: String,
        results: Vec<(ItemId, Result<QueueItemView, ActionError>)>,
    },
    /// The rows a background filter kept, for the filter text it was asked for.
    Filtered {
        generation: u64,
        query: String,
        visible: Vec<u32>,
    },
    Progress(Progress),
    Ingested(Result<IngestSummary, ActionError>),
    /// A manifest file appeared in the watched inbox folder.
    InboxArrived(PathBuf),
    ListsUpdated(Result<ListsUpdated, ActionError>),
    AuditLoaded(Vec<AuditEntry>),
    AuditVerified(AuditVerification),
    /// The exercise's due injects were applied (or could not be).
    InjectsApplied(Result<InjectReport, ActionError>),
    /// A look-up's answer.
    LookedUp(Box<LookupResult>),
    /// Background work failed in a way the officer should read.
    Failed(String),
    /// The change poll failed: said on the status line, but no request was waiting for it
    /// (polls are not counted as busy work).
    PollFailed(String),
}

impl Action {
    /// Whether this action answers an effect that [`Effect::expects_reply`], so one request
    /// fewer is outstanding. `Failed` answers whichever counted effect failed; a failed change
    /// poll, which nobody counted, arrives as `PollFailed` and leaves the count alone.
    pub fn is_reply(&self) -> bool {
        match self {
            Action::SnapshotLoaded(_)
            | Action::DetailLoaded(_)
            | Action::QueueDone { .. }
            | Action::Ingested(_)
            | Action::ListsUpdated(_)
            | Action::AuditLoaded(_)
            | Action::AuditVerified(_)
            | Action::InjectsApplied(_)
            | Action::LookedUp(_)
            | Action::Failed(_) => true,
            Action::Command(_)
            | Action::Input(_)
            | Action::Click { .. }
            | Action::Scroll(_)
            | Action::Resize { .. }
            | Action::Tick(_)
            | Action::ChangeCounter(_)
            | Action::Filtered { .. }
            | Action::Progress(_)
            | Action::InboxArrived(_)
            | Action::PollFailed(_) => false,
        }
    }
}

/// An edit to the open prompt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputEdit {
    Char(char),
    Backspace,
    /// Enter.
    Submit,
    /// Esc.
    Cancel,
    /// Tab inside a form: next field.
    NextField,
    Up,
    Down,
}

/// Work the event loop must do on the dashboard's behalf.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    LoadSnapshot,
    LoadDetail(ShipmentId),
    PollChanges,
    /// Claim each (item, version).
    Claim(Vec<(ItemId, i64)>),
    /// Decide each (item, version) the same way.
    Decide(Vec<(ItemId, i64)>, Decision),
    Ingest(PathBuf),
    /// Filter the shipments table off the UI thread.
    Filter(FilterJob),
    /// Update the lists, from the official addresses or from a folder, then re-screen.
    UpdateLists(Option<PathBuf>),
    LoadAudit,
    VerifyAudit,
    /// Apply the exercise's injects whose time has come.
    ApplyInjects,
    /// Look words, an HS code or a control-list entry up.
    Lookup(String),
    /// Leave the terminal, stop the process (Ctrl-Z), and come back on resume.
    Suspend,
    Quit,
}

impl Effect {
    /// Whether the dashboard waits for this effect's answer, showing "working…" until it
    /// arrives ([`Action::is_reply`]). Change polls run every two seconds in the background and
    /// a background filter's rows follow the prompt (a superseded one never answers), so
    /// neither counts; suspend and quit have no answer.
    pub fn expects_reply(&self) -> bool {
        match self {
            Effect::LoadSnapshot
            | Effect::LoadDetail(_)
            | Effect::Claim(_)
            | Effect::Decide(..)
            | Effect::Ingest(_)
            | Effect::UpdateLists(_)
            | Effect::LoadAudit
            | Effect::VerifyAudit
            | Effect::ApplyInjects
            | Effect::Lookup(_) => true,
            Effect::PollChanges | Effect::Filter(_) | Effect::Suspend | Effect::Quit => false,
        }
    }
}
