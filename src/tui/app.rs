//! The dashboard's shared state and its one update function.
//!
//! `App::update(action)` is pure: it changes state and returns the [`Effect`]s the event loop
//! must perform (load, claim, decide, ingest), and never touches a terminal, a file or a store.
//! Key handling goes through the keymap ([`App::handle_key`]) and lands in the same `update`,
//! so tests drive the whole dashboard with keys and results, no terminal needed.
//!
//! Each view's own state, filter and view-specific keys live in its component
//! ([`crate::tui::components`]); `App` keeps what the views share (view stack, mode, snapshot,
//! status, progress) and dispatches. The submodules split `impl App` by where an action comes
//! from: `keys` (bound keys and clicks), `prompts` (typing into an open prompt) and
//! `replies` (background work and the store). The busy indicator is derived, never
//! maintained by hand: `update` counts the effects it returns that expect a reply
//! ([`Effect::expects_reply`]) and the replies that arrive ([`Action::is_reply`]).

mod keys;
mod prompts;
mod replies;
#[cfg(test)]
mod tests;

use std::sync::Arc;

use chrono::{DateTime, Utc};
use fuzzy_matcher::skim::SkimMatcherV2;

use crate::exercise::Assistance;
use crate::tui::action::{Action, Effect};
use crate::tui::components::detail::DetailView;
use crate::tui::data::{
    DashboardSnapshot, ExerciseInfo, Progress, QueueItemView, ShipmentDetail, ShipmentId,
    ShipmentSummary,
};
use crate::tui::filter;
use crate::tui::keymap::Keymap;
use crate::tui::layout;
use crate::tui::theme::Theme;

pub use crate::tui::components::audit::AuditViewState;
pub use crate::tui::components::lists::ListsViewState;
pub use crate::tui::components::overview::Stats;
pub use crate::tui::components::prompt::{Confirm, DecisionForm, FormField, PALETTE_COMMANDS};
pub use crate::tui::components::queue::QueueViewState;
pub use crate::tui::components::reading::Reading;
pub use crate::tui::components::rules::RulesViewState;
pub use crate::tui::components::shipments::{
    FilterGeneration, FilterJob, ShipmentSort, ShipmentsState,
};
pub use crate::tui::components::table::{FilteredTable, TableState};

/// The dashboard's views, in the order of their number keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum View {
    Overview,
    Shipments,
    Detail,
    Queue,
    Lists,
    Audit,
    Rules,
}

impl View {
    pub const ALL: [View; 7] = [
        View::Overview,
        View::Shipments,
        View::Detail,
        View::Queue,
        View::Lists,
        View::Audit,
        View::Rules,
    ];

    pub fn title(self) -> &'static str {
        match self {
            View::Overview => "Overview",
            View::Shipments => "Shipments",
            View::Detail => "Detail",
            View::Queue => "Queue",
            View::Lists => "Lists",
            View::Audit => "Audit",
            View::Rules => "Rules",
        }
    }
}

/// How loud a status message is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Warn,
    Error,
}

/// The message on the status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub level: Level,
    pub text: String,
}

/// Which prompt or dialog owns the keyboard.
#[derive(Debug, Clone, PartialEq)]
pub enum Mode {
    Normal,
    /// Editing the current view's filter.
    Filter,
    Palette {
        buffer: String,
    },
    Decide(DecisionForm),
    Confirm(Confirm),
    Help,
    /// A page of text: the briefing, an inject, a look-up.
    Read(Reading),
}

/// How many views `Back` remembers.
const BACK_DEPTH: usize = 32;

/// The whole dashboard state.
pub struct App {
    pub user: String,
    pub now: DateTime<Utc>,
    pub view: View,
    back: Vec<View>,
    pub mode: Mode,
    pub keymap: Keymap,
    pub theme: Theme,
    pub size: (u16, u16),
    pub snapshot: DashboardSnapshot,
    pub stats: Stats,
    pub shipments: ShipmentsState,
    pub queue: QueueViewState,
    pub lists: ListsViewState,
    pub audit: AuditViewState,
    pub rules: RulesViewState,
    /// The shipment open in the detail view; queue commands there act on it.
    pub detail: Option<ShipmentDetail>,
    pub detail_view: DetailView,
    pub status: Option<Status>,
    pub progress: Option<Progress>,
    /// The exercise a trainee's dashboard runs; `None` at work.
    pub exercise: Option<ExerciseInfo>,
    /// Injects asked for and not yet answered.
    inject_pending: bool,
    /// A page that arrived while a prompt was open, shown when it closes.
    waiting_page: Option<Reading>,
    /// Requests sent and not yet answered; see [`App::busy`].
    outstanding: usize,
    pub quit: bool,
    matcher: SkimMatcherV2,
}

impl App {
    pub fn new(user: impl Into<String>, now: DateTime<Utc>, keymap: Keymap, theme: Theme) -> Self {
        App {
            user: user.into(),
            now,
            view: View::Overview,
            back: Vec::new(),
            mode: Mode::Normal,
            keymap,
            theme,
            size: (80, 24),
            snapshot: DashboardSnapshot::default(),
            stats: Stats::default(),
            shipments: ShipmentsState::new(),
            queue: QueueViewState::default(),
            lists: ListsViewState::default(),
            audit: AuditViewState::default(),
            rules: RulesViewState::default(),
            detail: None,
            detail_view: DetailView::default(),
            status: None,
            progress: None,
            exercise: None,
            inject_pending: false,
            waiting_page: None,
            outstanding: 0,
            quit: false,
            matcher: filter::matcher(),
        }
    }

    /// Runs the dashboard for a trainee working `info`: the briefing is shown first, the
    /// timer and the injects follow the exercise.
    pub fn set_exercise(&mut self, info: ExerciseInfo) {
        self.mode = Mode::Read(Reading::briefing(&info));
        self.exercise = Some(info);
    }

    /// Whether lanes and scores are shown (not in an exercise that hides them).
    pub fn shows_lanes(&self) -> bool {
        self.exercise
            .as_ref()
            .is_none_or(|e| e.assistance == Assistance::Full)
    }

    /// Whether hits, red flags and list matches are shown (not in an exercise at `none`).
    pub fn shows_hits(&self) -> bool {
        self.exercise
            .as_ref()
            .is_none_or(|e| e.assistance != Assistance::None)
    }

    /// The exercise clock: `41:07 left`, `time up 3:12 ago`, or `no timer`.
    pub fn exercise_clock(&self) -> Option<String> {
        let e = self.exercise.as_ref()?;
        let Some(deadline) = e.deadline else {
            return Some("no timer".into());
        };
        let left = (deadline - self.now).num_seconds();
        let mmss = |s: i64| format!("{}:{:02}", s / 60, s % 60);
        Some(if left >= 0 {
            format!("{} left", mmss(left))
        } else {
            format!("time up {} ago", mmss(-left))
        })
    }

    /// Asks for the exercise's injects when the next one is due.
    fn due_injects(&mut self) -> Vec<Effect> {
        let due = self.exercise.as_ref().is_some_and(|e| {
            e.next_inject.is_some_and(|at| at <= self.now) && !self.inject_pending
        });
        if due {
            self.inject_pending = true;
            vec![Effect::ApplyInjects]
        } else {
            Vec::new()
        }
    }

    /// Effects to run when the dashboard starts.
    pub fn start(&mut self) -> Vec<Effect> {
        let effects = reload();
        self.track(effects)
    }

    /// Background requests not yet answered (the busy indicator): effects returned by
    /// [`App::start`], [`App::update`] and [`App::handle_key`] that expect a reply, minus the
    /// replies applied since.
    pub fn busy(&self) -> usize {
        self.outstanding
    }

    /// Rows a table shows on one page at the current size.
    pub fn page_rows(&self) -> usize {
        layout::table_rows(self.size) as usize
    }

    /// Applies one action and returns the effects to perform, counting the requests among them
    /// and the reply the action may be.
    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        if action.is_reply() {
            self.outstanding = self.outstanding.saturating_sub(1);
        }
        let effects = self.apply(action);
        if self.mode == Mode::Normal
            && let Some(page) = self.waiting_page.take()
        {
            self.mode = Mode::Read(page);
        }
        self.track(effects)
    }

    /// Shows a page at once over a view, another page or the help; after the open prompt (a
    /// filter, the palette, a decision form) otherwise, so that no typing is lost.
    pub(crate) fn show_page(&mut self, page: Reading) {
        match self.mode {
            Mode::Normal | Mode::Help | Mode::Read(_) => self.mode = Mode::Read(page),
            _ => self.waiting_page = Some(page),
        }
    }

    /// Counts the effects that will be answered, and hands them on.
    fn track(&mut self, effects: Vec<Effect>) -> Vec<Effect> {
        self.outstanding += effects.iter().filter(|e| e.expects_reply()).count();
        effects
    }

    fn apply(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::Command(c) => self.command(c),
            Action::Input(edit) => self.input(edit),
            Action::Click { column, row } => self.click(column, row),
            Action::Scroll(n) => {
                self.move_selection(n as isize * 3);
                Vec::new()
            }
            Action::Resize { width, height } => {
                self.size = (width, height);
                self.clamp_tables();
                Vec::new()
            }
            Action::Tick(now) => {
                self.now = now;
                self.due_injects()
            }
            Action::Progress(p) => {
                self.progress = Some(p);
                Vec::new()
            }
            Action::SnapshotLoaded(snapshot) => self.snapshot_loaded(*snapshot),
            Action::DetailLoaded(detail) => {
                self.detail_view.loaded(&mut self.detail, *detail);
                Vec::new()
            }
            Action::ChangeCounter(n) => self.change_counter(n),
            Action::QueueDone { what, results } => self.queue_done(&what, results),
            Action::Ingested(result) => self.ingested(result),
            Action::Filtered {
                generation,
                query,
                visible,
            } => {
                if self.shipments.filtered(generation, query, visible) {
                    self.clamp_tables();
                }
                Vec::new()
            }
            Action::InboxArrived(path) => self.inbox_arrived(path),
            Action::ListsUpdated(result) => self.lists_updated(result),
            Action::AuditLoaded(entries) => self.audit_loaded(entries),
            Action::AuditVerified(v) => self.audit_verified(v),
            Action::InjectsApplied(result) => self.injects_applied(result),
            Action::LookedUp(result) => {
                self.show_page(Reading::lookup(
                    &result,
                    crate::tui::store_backend::LOOKUP_THRESHOLD,
                ));
                Vec::new()
            }
            Action::Failed(message) => {
                self.progress = None;
                self.set_status(Level::Error, message);
                Vec::new()
            }
            Action::PollFailed(message) => {
                self.set_status(Level::Error, message);
                Vec::new()
            }
        }
    }

    pub fn set_status(&mut self, level: Level, text: impl Into<String>) {
        self.status = Some(Status {
            level,
            text: text.into(),
        });
    }

    /// Replaces the data behind every view, keeping selections and filters where they still
    /// make sense.
    pub fn set_snapshot(&mut self, snapshot: DashboardSnapshot) {
        let selected_bill = self.selected_shipment().map(|s| s.bill.clone());
        self.snapshot = snapshot;
        self.stats = Stats::compute(&self.snapshot, self.now);
        self.shipments
            .set_rows(Arc::clone(&self.snapshot.shipments));
        self.queue.set_items(self.snapshot.queue.clone());
        self.lists.set_lists(&self.snapshot.list_entries);
        self.rules
            .set_rules(self.snapshot.rules.clone(), &self.matcher);
        self.shipments.refilter(&self.matcher, &self.queue.items);
        if let Some(bill) = selected_bill {
            self.shipments.select_bill(&bill);
        }
        self.queue.refilter(&self.matcher);
        self.lists.refilter(&self.matcher);
        self.clamp_tables();
    }

    /// The shipment under the cursor in the shipments table.
    pub fn selected_shipment(&self) -> Option<&ShipmentSummary> {
        self.shipments.selected()
    }

    /// The queue item under the cursor.
    pub fn selected_queue_item(&self) -> Option<&QueueItemView> {
        self.queue.selected()
    }

    /// The queue item of a shipment, if it entered the queue.
    pub fn queue_item_of(&self, shipment: ShipmentId) -> Option<&QueueItemView> {
        self.queue.item_of(shipment)
    }

    fn filter_of(&mut self, view: View) -> Option<&mut String> {
        match view {
            View::Shipments => Some(&mut self.shipments.filter),
            View::Queue => Some(&mut self.queue.rows.filter),
            View::Lists => Some(&mut self.lists.rows.filter),
            View::Audit => Some(&mut self.audit.rows.filter),
            View::Rules => Some(&mut self.rules.rows.filter),
            _ => None,
        }
    }

    /// The filter text of a view (empty for views without one).
    pub fn filter_text(&self, view: View) -> &str {
        match view {
            View::Shipments => &self.shipments.filter,
            View::Queue => &self.queue.rows.filter,
            View::Lists => &self.lists.rows.filter,
            View::Audit => &self.audit.rows.filter,
            View::Rules => &self.rules.rows.filter,
            _ => "",
        }
    }

    fn refilter(&mut self, view: View) {
        match view {
            View::Shipments => self.refilter_shipments(),
            View::Queue => self.queue.refilter(&self.matcher),
            View::Lists => self.lists.refilter(&self.matcher),
            View::Audit => self.audit.refilter(&self.matcher),
            View::Rules => self.rules.refilter(&self.matcher),
            _ => {}
        }
        self.clamp_tables();
    }

    /// Filters the shipments on this thread ([`ShipmentsState::refilter`]).
    pub fn refilter_shipments(&mut self) {
        self.shipments.refilter(&self.matcher, &self.queue.items);
    }

    /// Puts every shipment row in the current sort order, then filters again.
    pub fn resort_shipments(&mut self) {
        self.shipments.resort(&self.matcher, &self.queue.items);
    }

    fn clamp_tables(&mut self) {
        let page = self.page_rows();
        self.shipments
            .table
            .clamp(self.shipments.visible.len(), page);
        self.queue.rows.clamp(page);
        self.lists.rows.clamp(page);
        self.audit.rows.clamp(page);
        self.rules.rows.clamp(page);
    }

    /// The cursor of the current view's table and how many rows it moves over; `None` where
    /// the view shows no table (overview, detail, an open list entry).
    fn current_table(&mut self) -> Option<(&mut TableState, usize)> {
        let rows = match self.view {
            View::Shipments => {
                return Some((&mut self.shipments.table, self.shipments.visible.len()));
            }
            View::Queue => &mut self.queue.rows,
            View::Lists if !self.lists.open => &mut self.lists.rows,
            View::Audit => &mut self.audit.rows,
            View::Rules => &mut self.rules.rows,
            _ => return None,
        };
        Some((&mut rows.table, rows.visible.len()))
    }

    fn move_selection(&mut self, delta: isize) {
        let page = self.page_rows();
        if self.view == View::Detail {
            self.detail_view.scroll_by(delta);
            return;
        }
        if let Some((t, len)) = self.current_table() {
            t.move_by(delta, len, page);
        }
    }

    fn show(&mut self, view: View) -> Vec<Effect> {
        if view == self.view {
            return Vec::new();
        }
        self.back.push(self.view);
        if self.back.len() > BACK_DEPTH {
            self.back.remove(0);
        }
        self.view = view;
        if view == View::Detail && self.detail.is_none() && self.detail_view.loading.is_none() {
            return self.open_selected_shipment();
        }
        Vec::new()
    }

    fn open_selected_shipment(&mut self) -> Vec<Effect> {
        let id = match self.view {
            View::Queue => self.selected_queue_item().map(|q| q.shipment),
            _ => self.selected_shipment().map(|s| s.id),
        };
        match id {
            Some(id) => self.open_shipment(id),
            None => {
                self.set_status(
                    Level::Info,
                    "no shipment selected: pick one in Shipments (2)",
                );
                Vec::new()
            }
        }
    }

    /// Opens a shipment's detail and asks the backend for it.
    fn open_shipment(&mut self, id: ShipmentId) -> Vec<Effect> {
        if self.view != View::Detail {
            self.back.push(self.view);
            self.view = View::Detail;
        }
        self.detail_view.start_loading(id);
        vec![Effect::LoadDetail(id)]
    }
}

/// Everything the views show comes from these two: asked at start, on refresh, and after any
/// change.
fn reload() -> Vec<Effect> {
    vec![Effect::LoadSnapshot, Effect::LoadAudit]
}
