//! The dashboard's state and its one update function.
//!
//! `App::update(action)` is pure: it changes state and returns the [`Effect`]s the event loop
//! must perform (load, claim, decide, ingest), and never touches a terminal, a file or a store.
//! Key handling goes through the keymap ([`App::handle_key`]) and lands in the same `update`,
//! so tests drive the whole dashboard with keys and results, no terminal needed.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering as AtomicOrdering};

use chrono::{DateTime, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use fuzzy_matcher::skim::SkimMatcherV2;
use rayon::prelude::*;

use crate::lists::WatchList;
use crate::model::Lane;
use crate::tui::action::{Action, Effect, InputEdit};
use crate::tui::data::{
    AuditEntry, AuditVerification, DashboardSnapshot, Decision, DecisionAction, ItemId, Progress,
    QueueItemView, QueueState, ShipmentDetail, ShipmentId, ShipmentSummary, reasons_for,
};
use crate::tui::filter::{self, FieldLookup, Query, Term};
use crate::tui::keymap::{Command, Keymap};
use crate::tui::layout;
use crate::tui::theme::Theme;

/// The dashboard's views, in the order of their number keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum View {
    Overview,
    Shipments,
    Detail,
    Queue,
    Lists,
    Audit,
}

impl View {
    pub const ALL: [View; 6] = [
        View::Overview,
        View::Shipments,
        View::Detail,
        View::Queue,
        View::Lists,
        View::Audit,
    ];

    pub fn title(self) -> &'static str {
        match self {
            View::Overview => "Overview",
            View::Shipments => "Shipments",
            View::Detail => "Detail",
            View::Queue => "Queue",
            View::Lists => "Lists",
            View::Audit => "Audit",
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
}

/// Which field of the decision form has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormField {
    Reason,
    Note,
}

/// The reason-code picker and note of a decision, before confirmation.
#[derive(Debug, Clone, PartialEq)]
pub struct DecisionForm {
    pub action: DecisionAction,
    /// (item, version, bill) of every item decided.
    pub items: Vec<(ItemId, i64, String)>,
    /// The reason codes the store accepts for this action (`[workflow.reason_codes]`).
    pub reasons: Vec<String>,
    pub reason: usize,
    pub note: String,
    pub field: FormField,
}

/// A question asked before something consequential, with what to do on yes.
#[derive(Debug, Clone, PartialEq)]
pub struct Confirm {
    pub question: String,
    pub effect: Effect,
}

/// Selection and scroll position of a table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TableState {
    pub selected: usize,
    pub offset: usize,
}

impl TableState {
    fn clamp(&mut self, len: usize, page: usize) {
        self.selected = self.selected.min(len.saturating_sub(1));
        let page = page.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + page {
            self.offset = self.selected + 1 - page;
        }
        self.offset = self.offset.min(len.saturating_sub(page));
    }

    fn move_by(&mut self, delta: isize, len: usize, page: usize) {
        let target = self.selected as isize + delta;
        self.selected = target.clamp(0, len.saturating_sub(1) as isize) as usize;
        self.clamp(len, page);
    }
}

/// Columns the shipments table sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShipmentSort {
    Score,
    Bill,
    Consignee,
    Lane,
    Screened,
}

impl ShipmentSort {
    pub fn name(self) -> &'static str {
        match self {
            ShipmentSort::Score => "score",
            ShipmentSort::Bill => "bill",
            ShipmentSort::Consignee => "consignee",
            ShipmentSort::Lane => "lane",
            ShipmentSort::Screened => "screened",
        }
    }

    fn next(self) -> Self {
        match self {
            ShipmentSort::Score => ShipmentSort::Bill,
            ShipmentSort::Bill => ShipmentSort::Consignee,
            ShipmentSort::Consignee => ShipmentSort::Lane,
            ShipmentSort::Lane => ShipmentSort::Screened,
            ShipmentSort::Screened => ShipmentSort::Score,
        }
    }
}

/// A shipment row with the lower-case text the filter searches, built once per snapshot.
struct ShipmentRow<'a> {
    s: &'a ShipmentSummary,
    hay: &'a str,
    state: Option<QueueState>,
}

impl FieldLookup for ShipmentRow<'_> {
    fn field_matches(&self, t: &Term) -> Option<bool> {
        let v = t.value.as_str();
        Some(match t.field.as_str() {
            "lane" => filter::prefix_ci(self.s.lane.as_str(), v),
            "list" => self.s.hit_lists.iter().any(|l| filter::contains_ci(l, v)),
            "pod" => filter::prefix_ci(&self.s.port_of_discharge, v),
            "port" => self.s.route.iter().any(|p| filter::prefix_ci(p, v)),
            "hs" => self.s.hs_codes.iter().any(|h| h.starts_with(v)),
            "rule" => self.s.rules.iter().any(|r| filter::contains_ci(r, v)),
            "score" => filter::number_matches(v, i64::from(self.s.score)),
            "vessel" => filter::contains_ci(&self.s.vessel, v),
            "bill" => filter::prefix_ci(&self.s.bill, v),
            "state" => self
                .state
                .is_some_and(|st| filter::prefix_ci(st.as_str(), v)),
            "file" => filter::contains_ci(&self.s.file, v),
            _ => return None,
        })
    }
    fn haystack(&self) -> &str {
        self.hay
    }
}

/// State of the shipments table.
#[derive(Default)]
pub struct ShipmentsState {
    pub rows: Arc<Vec<ShipmentSummary>>,
    haystacks: Arc<Vec<String>>,
    /// Every row in sort order; a filter keeps a subsequence of it.
    order: Arc<Vec<u32>>,
    /// Indices into `rows` that pass the filter, in sort order.
    pub visible: Vec<u32>,
    pub filter: String,
    /// The filter `visible` was computed for, to narrow incrementally as the officer types.
    applied: String,
    /// The latest background filter asked for; older answers are dropped when they arrive.
    job: FilterGeneration,
    pub sort: Option<(ShipmentSort, bool)>,
    pub table: TableState,
}

/// State of the queue table.
#[derive(Default)]
pub struct QueueViewState {
    pub items: Vec<QueueItemView>,
    pub visible: Vec<usize>,
    pub filter: String,
    pub marked: BTreeSet<ItemId>,
    pub table: TableState,
    pub by_shipment: HashMap<ShipmentId, usize>,
}

/// State of the lists browser.
#[derive(Default)]
pub struct ListsViewState {
    pub lists: Arc<Vec<WatchList>>,
    /// (list, entry) of every entry.
    pub entries: Vec<(u16, u32)>,
    haystacks: Vec<String>,
    pub visible: Vec<usize>,
    pub filter: String,
    pub table: TableState,
    /// The selected entry is shown in full.
    pub open: bool,
}

/// State of the audit view.
#[derive(Default)]
pub struct AuditViewState {
    pub entries: Vec<AuditEntry>,
    pub visible: Vec<usize>,
    pub filter: String,
    pub table: TableState,
    pub verification: Option<AuditVerification>,
}

/// Counts the overview draws, computed once per snapshot.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stats {
    pub by_lane: [usize; 3],
    pub queue_by_state: BTreeMap<QueueState, usize>,
    pub hits_by_list: Vec<(String, usize)>,
    pub hits_by_rule: Vec<(String, usize)>,
    /// Shipments with hits per day, the last 14 days, oldest first.
    pub hits_per_day: Vec<u64>,
}

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
    pub detail: Option<ShipmentDetail>,
    pub detail_loading: Option<ShipmentId>,
    /// Scroll of the detail's two panes, and which one has focus.
    pub detail_scroll: [u16; 2],
    pub detail_pane: usize,
    pub status: Option<Status>,
    pub progress: Option<Progress>,
    /// Background requests not yet answered (for the busy indicator).
    pub busy: usize,
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
            shipments: ShipmentsState {
                sort: Some((ShipmentSort::Score, true)),
                ..Default::default()
            },
            queue: QueueViewState::default(),
            lists: ListsViewState::default(),
            audit: AuditViewState::default(),
            detail: None,
            detail_loading: None,
            detail_scroll: [0, 0],
            detail_pane: 0,
            status: None,
            progress: None,
            busy: 0,
            quit: false,
            matcher: filter::matcher(),
        }
    }

    /// Effects to run when the dashboard starts.
    pub fn start(&mut self) -> Vec<Effect> {
        self.busy += 2;
        vec![Effect::LoadSnapshot, Effect::LoadAudit]
    }

    /// Rows a table shows on one page at the current size.
    pub fn page_rows(&self) -> usize {
        layout::table_rows(self.size) as usize
    }

    /// Turns a key into an action through the open prompt or the keymap, and applies it.
    pub fn handle_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let edit = |key: &KeyEvent| -> Option<InputEdit> {
            if key.modifiers.contains(KeyModifiers::CONTROL) {
                return match key.code {
                    KeyCode::Char('c') => Some(InputEdit::Cancel),
                    _ => None,
                };
            }
            Some(match key.code {
                KeyCode::Char(c) => InputEdit::Char(c),
                KeyCode::Backspace => InputEdit::Backspace,
                KeyCode::Enter => InputEdit::Submit,
                KeyCode::Esc => InputEdit::Cancel,
                KeyCode::Tab | KeyCode::BackTab => InputEdit::NextField,
                KeyCode::Up => InputEdit::Up,
                KeyCode::Down => InputEdit::Down,
                _ => return None,
            })
        };
        let action = match &self.mode {
            Mode::Filter | Mode::Palette { .. } | Mode::Decide(_) | Mode::Confirm(_) => {
                edit(&key).map(Action::Input)
            }
            Mode::Help => match self.keymap.resolve(self.view, &key) {
                Some(Command::Quit) => Some(Action::Command(Command::Quit)),
                Some(c @ (Command::Up | Command::Down)) => Some(Action::Command(c)),
                _ => Some(Action::Input(InputEdit::Cancel)),
            },
            Mode::Normal => self.keymap.resolve(self.view, &key).map(Action::Command),
        };
        match action {
            Some(a) => self.update(a),
            None => Vec::new(),
        }
    }

    /// Applies one action.
    pub fn update(&mut self, action: Action) -> Vec<Effect> {
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
                Vec::new()
            }
            Action::SnapshotLoaded(snapshot) => {
                self.busy = self.busy.saturating_sub(1);
                self.set_snapshot(*snapshot);
                match self.detail.as_ref().map(|d| d.summary.id) {
                    Some(id) => {
                        self.busy += 1;
                        vec![Effect::LoadDetail(id)]
                    }
                    None => Vec::new(),
                }
            }
            Action::DetailLoaded(detail) => {
                self.busy = self.busy.saturating_sub(1);
                if self.detail_loading == Some(detail.summary.id) || self.detail.is_some() {
                    if self.detail.as_ref().map(|d| d.summary.id) != Some(detail.summary.id) {
                        self.detail_scroll = [0, 0];
                    }
                    self.detail = Some(*detail);
                    self.detail_loading = None;
                }
                Vec::new()
            }
            Action::ChangeCounter(n) => {
                if n != self.snapshot.change_counter {
                    self.snapshot.change_counter = n;
                    self.busy += 2;
                    vec![Effect::LoadSnapshot, Effect::LoadAudit]
                } else {
                    Vec::new()
                }
            }
            Action::QueueDone { what, results } => {
                self.busy = self.busy.saturating_sub(1);
                self.queue_done(&what, results)
            }
            Action::Progress(p) => {
                self.progress = Some(p);
                Vec::new()
            }
            Action::Ingested(result) => {
                self.busy = self.busy.saturating_sub(1);
                self.progress = None;
                match result {
                    Ok(s) => {
                        let problems = if s.problems.is_empty() {
                            String::new()
                        } else {
                            format!("; {} problems, first: {}", s.problems.len(), s.problems[0])
                        };
                        self.set_status(
                            if s.problems.is_empty() {
                                Level::Info
                            } else {
                                Level::Warn
                            },
                            if s.already_stored {
                                format!(
                                    "{}: already stored (same SHA-256); nothing changed{problems}",
                                    s.file
                                )
                            } else {
                                format!(
                                    "ingested {}: {} shipments, {} queue items created or updated{problems}",
                                    s.file, s.shipments, s.queued
                                )
                            },
                        );
                        self.busy += 2;
                        vec![Effect::LoadSnapshot, Effect::LoadAudit]
                    }
                    Err(e) => {
                        self.set_status(Level::Error, format!("ingest failed: {e}"));
                        Vec::new()
                    }
                }
            }
            Action::Filtered {
                generation,
                query,
                visible,
            } => {
                if self.shipments.job.is_latest(generation) && query == self.shipments.filter {
                    self.shipments.visible = visible;
                    self.shipments.applied = query;
                    self.clamp_tables();
                }
                Vec::new()
            }
            Action::InboxArrived(path) => {
                self.set_status(Level::Info, format!("inbox: {}", path.display()));
                self.start_ingest(path)
            }
            Action::ListsUpdated(result) => {
                self.busy = self.busy.saturating_sub(1);
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
                        self.busy += 2;
                        vec![Effect::LoadSnapshot, Effect::LoadAudit]
                    }
                    Err(e) => {
                        self.set_status(Level::Error, format!("list update failed: {e}"));
                        Vec::new()
                    }
                }
            }
            Action::AuditLoaded(entries) => {
                self.busy = self.busy.saturating_sub(1);
                self.audit.entries = entries;
                self.refilter_audit();
                Vec::new()
            }
            Action::AuditVerified(v) => {
                self.busy = self.busy.saturating_sub(1);
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
            Action::Failed(message) => {
                self.busy = self.busy.saturating_sub(1);
                self.progress = None;
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
        self.stats = compute_stats(&self.snapshot, self.now);

        let rows = Arc::clone(&self.snapshot.shipments);
        self.shipments.haystacks = Arc::new(rows.par_iter().map(shipment_haystack).collect());
        self.shipments.rows = rows;
        self.shipments.order = Arc::new(Vec::new());
        self.shipments.job.cancel();
        self.shipments.applied.clear();
        self.queue.items = self.snapshot.queue.clone();
        self.queue.by_shipment = self
            .queue
            .items
            .iter()
            .enumerate()
            .map(|(i, q)| (q.shipment, i))
            .collect();
        let live: BTreeSet<ItemId> = self.queue.items.iter().map(|q| q.id).collect();
        self.queue.marked.retain(|m| live.contains(m));

        if !Arc::ptr_eq(&self.lists.lists, &self.snapshot.list_entries) {
            self.lists.lists = Arc::clone(&self.snapshot.list_entries);
            self.lists.entries.clear();
            self.lists.haystacks.clear();
            for (li, l) in self.lists.lists.iter().enumerate() {
                for (ei, e) in l.entries.iter().enumerate() {
                    self.lists.entries.push((li as u16, ei as u32));
                    let mut hay = format!("{} {} {}", l.name, e.id, e.name);
                    for a in &e.aliases {
                        hay.push(' ');
                        hay.push_str(&a.name);
                    }
                    for p in &e.programs {
                        hay.push(' ');
                        hay.push_str(p);
                    }
                    self.lists.haystacks.push(hay.to_lowercase());
                }
            }
        }
        self.refilter_shipments();
        if let Some(bill) = selected_bill
            && let Some(pos) = self
                .shipments
                .visible
                .iter()
                .position(|&i| self.shipments.rows[i as usize].bill == bill)
        {
            self.shipments.table.selected = pos;
        }
        self.refilter_queue();
        self.refilter_lists();
        self.clamp_tables();
    }

    /// The shipment under the cursor in the shipments table.
    pub fn selected_shipment(&self) -> Option<&ShipmentSummary> {
        self.shipments
            .visible
            .get(self.shipments.table.selected)
            .map(|&i| &self.shipments.rows[i as usize])
    }

    /// The queue item under the cursor.
    pub fn selected_queue_item(&self) -> Option<&QueueItemView> {
        self.queue
            .visible
            .get(self.queue.table.selected)
            .map(|&i| &self.queue.items[i])
    }

    /// The queue item of a shipment, if it entered the queue.
    pub fn queue_item_of(&self, shipment: ShipmentId) -> Option<&QueueItemView> {
        self.queue
            .by_shipment
            .get(&shipment)
            .map(|&i| &self.queue.items[i])
    }

    fn filter_of(&mut self, view: View) -> Option<&mut String> {
        match view {
            View::Shipments => Some(&mut self.shipments.filter),
            View::Queue => Some(&mut self.queue.filter),
            View::Lists => Some(&mut self.lists.filter),
            View::Audit => Some(&mut self.audit.filter),
            _ => None,
        }
    }

    /// The filter text of a view (empty for views without one).
    pub fn filter_text(&self, view: View) -> &str {
        match view {
            View::Shipments => &self.shipments.filter,
            View::Queue => &self.queue.filter,
            View::Lists => &self.lists.filter,
            View::Audit => &self.audit.filter,
            _ => "",
        }
    }

    fn refilter(&mut self, view: View) {
        match view {
            View::Shipments => self.refilter_shipments(),
            View::Queue => self.refilter_queue(),
            View::Lists => self.refilter_lists(),
            View::Audit => self.refilter_audit(),
            _ => {}
        }
        self.clamp_tables();
    }

    /// Filters the shipments. Rows are kept in sort order once per snapshot or sort change
    /// ([`App::resort_shipments`]) and a filter keeps a subsequence of that order, so filtering
    /// never sorts. Typing one more character filters only the rows the previous text kept, and
    /// rows are matched on all cores.
    pub fn refilter_shipments(&mut self) {
        let s = &mut self.shipments;
        if s.order.len() != s.rows.len() {
            self.resort_shipments();
            return;
        }
        let s = &mut self.shipments;
        let query = Query::parse(&s.filter);
        if query.is_empty() {
            s.visible = s.order.to_vec();
            s.applied.clear();
            return;
        }
        // Queue states only for a `state:` term: most filters never look at them.
        let states: HashMap<ShipmentId, QueueState> =
            if query.terms.iter().any(|t| t.field == "state") {
                self.queue
                    .items
                    .iter()
                    .map(|q| (q.shipment, q.state))
                    .collect()
            } else {
                HashMap::new()
            };
        let incremental = !s.applied.is_empty() && Query::narrows(&s.applied, &s.filter);
        let base: &[u32] = if incremental { &s.visible } else { &s.order };
        let visible = matching(
            &query,
            &self.matcher,
            &s.rows,
            &s.haystacks,
            base,
            &states,
            &|| false,
        );
        s.visible = visible.unwrap_or_default();
        s.applied = s.filter.clone();
    }

    /// A background filter of the shipments for the current text, narrowing from the last
    /// applied result when it can; `None` when the rows are not sorted yet.
    fn filter_job(&mut self) -> Option<FilterJob> {
        let s = &mut self.shipments;
        if s.order.len() != s.rows.len() {
            self.refilter_shipments();
            return None;
        }
        let query = Query::parse(&s.filter);
        let incremental = !s.applied.is_empty() && Query::narrows(&s.applied, &s.filter);
        let base = if query.is_empty() || !incremental {
            Arc::clone(&s.order)
        } else {
            Arc::new(s.visible.clone())
        };
        let states = if query.terms.iter().any(|t| t.field == "state") {
            self.queue
                .items
                .iter()
                .map(|q| (q.shipment, q.state))
                .collect()
        } else {
            HashMap::new()
        };
        let s = &mut self.shipments;
        Some(FilterJob {
            generation: s.job.next(),
            latest: s.job.handle(),
            text: s.filter.clone(),
            rows: Arc::clone(&s.rows),
            haystacks: Arc::clone(&s.haystacks),
            base,
            states: Arc::new(states),
        })
    }

    /// Puts every shipment row in the current sort order, then filters again.
    pub fn resort_shipments(&mut self) {
        let s = &mut self.shipments;
        let mut order: Vec<u32> = (0..s.rows.len() as u32).collect();
        if let Some((key, desc)) = s.sort {
            let rows = &s.rows;
            order.par_sort_by(|&a, &b| {
                let (a, b) = (&rows[a as usize], &rows[b as usize]);
                let o = match key {
                    ShipmentSort::Score => a.score.cmp(&b.score),
                    ShipmentSort::Bill => a.bill.cmp(&b.bill),
                    ShipmentSort::Consignee => a.consignee.cmp(&b.consignee),
                    ShipmentSort::Lane => a.lane.cmp(&b.lane),
                    ShipmentSort::Screened => a.screened_at.cmp(&b.screened_at),
                };
                let o = if desc { o.reverse() } else { o };
                o.then_with(|| a.bill.cmp(&b.bill))
            });
        }
        s.order = Arc::new(order);
        s.applied.clear();
        s.job.cancel();
        self.refilter_shipments();
    }

    fn refilter_queue(&mut self) {
        struct QueueRow<'a>(&'a QueueItemView, String);
        impl FieldLookup for QueueRow<'_> {
            fn field_matches(&self, t: &Term) -> Option<bool> {
                let v = t.value.as_str();
                Some(match t.field.as_str() {
                    "lane" => filter::prefix_ci(self.0.lane.as_str(), v),
                    "state" => filter::prefix_ci(self.0.state.as_str(), v),
                    "user" | "assignee" => self
                        .0
                        .assignee
                        .as_deref()
                        .is_some_and(|a| filter::contains_ci(a, v)),
                    "score" => filter::number_matches(v, i64::from(self.0.score)),
                    "bill" => filter::prefix_ci(&self.0.bill, v),
                    _ => return None,
                })
            }
            fn haystack(&self) -> &str {
                &self.1
            }
        }
        let query = Query::parse(&self.queue.filter);
        let mut visible: Vec<usize> = (0..self.queue.items.len())
            .filter(|&i| {
                let q = &self.queue.items[i];
                let hay = format!(
                    "{} {} {}",
                    q.bill,
                    q.state.as_str(),
                    q.assignee.as_deref().unwrap_or("")
                )
                .to_lowercase();
                query.matches(&self.matcher, &QueueRow(q, hay))
            })
            .collect();
        // Open work first, most urgent first.
        let items = &self.queue.items;
        visible.sort_by(|&a, &b| {
            let (a, b) = (&items[a], &items[b]);
            b.state
                .is_open()
                .cmp(&a.state.is_open())
                .then(b.lane.cmp(&a.lane))
                .then(b.score.cmp(&a.score))
                .then(a.bill.cmp(&b.bill))
        });
        self.queue.visible = visible;
    }

    fn refilter_lists(&mut self) {
        struct EntryRow<'a>(&'a WatchList, &'a crate::lists::ListEntry, &'a str);
        impl FieldLookup for EntryRow<'_> {
            fn field_matches(&self, t: &Term) -> Option<bool> {
                let v = t.value.as_str();
                Some(match t.field.as_str() {
                    "list" => filter::contains_ci(&self.0.name, v),
                    "kind" => filter::prefix_ci(self.1.kind.as_str(), v),
                    "program" => self.1.programs.iter().any(|p| filter::contains_ci(p, v)),
                    "country" => self.1.countries.iter().any(|c| filter::prefix_ci(c, v)),
                    "id" => filter::prefix_ci(&self.1.id, v),
                    _ => return None,
                })
            }
            fn haystack(&self) -> &str {
                self.2
            }
        }
        let query = Query::parse(&self.lists.filter);
        let l = &self.lists;
        self.lists.visible = (0..l.entries.len())
            .filter(|&i| {
                let (li, ei) = l.entries[i];
                let list = &l.lists[li as usize];
                query.matches(
                    &self.matcher,
                    &EntryRow(list, &list.entries[ei as usize], &l.haystacks[i]),
                )
            })
            .collect();
    }

    fn refilter_audit(&mut self) {
        struct AuditRow<'a>(&'a AuditEntry, String);
        impl FieldLookup for AuditRow<'_> {
            fn field_matches(&self, t: &Term) -> Option<bool> {
                let v = t.value.as_str();
                Some(match t.field.as_str() {
                    "user" => filter::contains_ci(&self.0.user, v),
                    "action" => filter::prefix_ci(&self.0.action, v),
                    "bill" | "subject" => filter::contains_ci(&self.0.subject, v),
                    _ => return None,
                })
            }
            fn haystack(&self) -> &str {
                &self.1
            }
        }
        let query = Query::parse(&self.audit.filter);
        let mut visible: Vec<usize> = (0..self.audit.entries.len())
            .filter(|&i| {
                let e = &self.audit.entries[i];
                let hay =
                    format!("{} {} {} {}", e.user, e.action, e.subject, e.detail).to_lowercase();
                query.matches(&self.matcher, &AuditRow(e, hay))
            })
            .collect();
        visible.reverse(); // newest first
        self.audit.visible = visible;
        self.clamp_tables();
    }

    fn clamp_tables(&mut self) {
        let page = self.page_rows();
        self.shipments
            .table
            .clamp(self.shipments.visible.len(), page);
        self.queue.table.clamp(self.queue.visible.len(), page);
        self.lists.table.clamp(self.lists.visible.len(), page);
        self.audit.table.clamp(self.audit.visible.len(), page);
    }

    fn current_table(&mut self) -> Option<(&mut TableState, usize)> {
        match self.view {
            View::Shipments => Some((&mut self.shipments.table, self.shipments.visible.len())),
            View::Queue => Some((&mut self.queue.table, self.queue.visible.len())),
            View::Lists if !self.lists.open => {
                Some((&mut self.lists.table, self.lists.visible.len()))
            }
            View::Audit => Some((&mut self.audit.table, self.audit.visible.len())),
            _ => None,
        }
    }

    fn move_selection(&mut self, delta: isize) {
        let page = self.page_rows();
        if self.view == View::Detail {
            let s = &mut self.detail_scroll[self.detail_pane];
            *s = (*s as isize + delta).clamp(0, u16::MAX as isize) as u16;
            return;
        }
        if self.view == View::Lists && self.lists.open {
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
        if self.back.len() > 32 {
            self.back.remove(0);
        }
        self.view = view;
        if view == View::Detail && self.detail.is_none() && self.detail_loading.is_none() {
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
    pub fn open_shipment(&mut self, id: ShipmentId) -> Vec<Effect> {
        if self.view != View::Detail {
            self.back.push(self.view);
            self.view = View::Detail;
        }
        self.detail_pane = 0;
        self.detail_loading = Some(id);
        self.busy += 1;
        vec![Effect::LoadDetail(id)]
    }

    fn command(&mut self, c: Command) -> Vec<Effect> {
        let page = self.page_rows() as isize;
        match c {
            Command::Quit => {
                self.quit = true;
                vec![Effect::Quit]
            }
            Command::Help => {
                self.mode = Mode::Help;
                Vec::new()
            }
            Command::ShowView(v) => self.show(v),
            Command::Up => {
                self.move_selection(-1);
                Vec::new()
            }
            Command::Down => {
                self.move_selection(1);
                Vec::new()
            }
            Command::PageUp => {
                self.move_selection(-page);
                Vec::new()
            }
            Command::PageDown => {
                self.move_selection(page);
                Vec::new()
            }
            Command::Top => {
                self.move_selection(isize::MIN / 2);
                Vec::new()
            }
            Command::Bottom => {
                self.move_selection(isize::MAX / 2);
                Vec::new()
            }
            Command::Enter => match self.view {
                View::Shipments | View::Queue => self.open_selected_shipment(),
                View::Lists => {
                    self.lists.open = !self.lists.visible.is_empty();
                    Vec::new()
                }
                View::Overview => self.show(View::Shipments),
                _ => Vec::new(),
            },
            Command::Back => {
                if self.view == View::Lists && self.lists.open {
                    self.lists.open = false;
                } else if let Some(v) = self.back.pop() {
                    self.view = v;
                } else if !self.filter_text(self.view).is_empty() {
                    let view = self.view;
                    if let Some(f) = self.filter_of(view) {
                        f.clear();
                    }
                    self.refilter(view);
                }
                Vec::new()
            }
            Command::NextPane | Command::PrevPane => {
                if self.view == View::Detail {
                    self.detail_pane = 1 - self.detail_pane;
                } else if self.view == View::Lists {
                    self.lists.open = c == Command::NextPane && !self.lists.visible.is_empty();
                }
                Vec::new()
            }
            Command::Filter => {
                if self.filter_of(self.view).is_some() {
                    self.mode = Mode::Filter;
                }
                Vec::new()
            }
            Command::Palette => {
                self.mode = Mode::Palette {
                    buffer: String::new(),
                };
                Vec::new()
            }
            Command::Sort | Command::ReverseSort => {
                if self.view == View::Shipments {
                    let (key, desc) = self.shipments.sort.unwrap_or((ShipmentSort::Score, true));
                    self.shipments.sort = Some(if c == Command::Sort {
                        let next = key.next();
                        (
                            next,
                            matches!(next, ShipmentSort::Score | ShipmentSort::Lane),
                        )
                    } else {
                        (key, !desc)
                    });
                    self.resort_shipments();
                    self.clamp_tables();
                    let (key, desc) = self.shipments.sort.unwrap_or((ShipmentSort::Score, true));
                    self.set_status(
                        Level::Info,
                        format!(
                            "sorted by {} {}",
                            key.name(),
                            if desc { "descending" } else { "ascending" }
                        ),
                    );
                }
                Vec::new()
            }
            Command::Mark => {
                if let Some(id) = self.selected_queue_item().map(|q| q.id) {
                    if !self.queue.marked.remove(&id) {
                        self.queue.marked.insert(id);
                    }
                    self.move_selection(1);
                }
                Vec::new()
            }
            Command::ClearMarks => {
                self.queue.marked.clear();
                Vec::new()
            }
            Command::Claim => {
                let items = self.target_items();
                if items.is_empty() {
                    self.set_status(Level::Info, "nothing to claim: this shipment is not queued");
                    return Vec::new();
                }
                self.busy += 1;
                vec![Effect::Claim(
                    items.into_iter().map(|(id, v, _)| (id, v)).collect(),
                )]
            }
            Command::Refer => self.open_form(DecisionAction::Refer),
            Command::Hold => self.open_form(DecisionAction::Hold),
            Command::Clear => self.open_form(DecisionAction::Clear),
            Command::FalsePositive => self.open_form(DecisionAction::FalsePositive),
            Command::VerifyAudit => {
                self.busy += 1;
                vec![Effect::VerifyAudit]
            }
            Command::Refresh => {
                self.busy += 2;
                vec![Effect::LoadSnapshot, Effect::LoadAudit]
            }
            Command::Suspend => vec![Effect::Suspend],
        }
    }

    /// The items a queue command acts on: the marked rows in the queue, else the row under the
    /// cursor, else the shipment open in the detail.
    fn target_items(&self) -> Vec<(ItemId, i64, String)> {
        let of = |q: &QueueItemView| (q.id, q.version, q.bill.clone());
        match self.view {
            View::Queue if !self.queue.marked.is_empty() => self
                .queue
                .items
                .iter()
                .filter(|q| self.queue.marked.contains(&q.id))
                .map(of)
                .collect(),
            View::Queue => self.selected_queue_item().map(of).into_iter().collect(),
            View::Detail => self
                .detail
                .as_ref()
                .and_then(|d| self.queue_item_of(d.summary.id))
                .map(of)
                .into_iter()
                .collect(),
            _ => Vec::new(),
        }
    }

    fn open_form(&mut self, action: DecisionAction) -> Vec<Effect> {
        let items = self.target_items();
        if items.is_empty() {
            self.set_status(
                Level::Info,
                "nothing to decide: this shipment is not queued",
            );
            return Vec::new();
        }
        let reasons = reasons_for(action, &self.snapshot.reason_codes);
        if reasons.is_empty() {
            self.set_status(
                Level::Error,
                format!("no reason code is configured for {action} ([workflow.reason_codes])"),
            );
            return Vec::new();
        }
        self.mode = Mode::Decide(DecisionForm {
            action,
            items,
            reasons,
            reason: 0,
            note: String::new(),
            field: FormField::Reason,
        });
        Vec::new()
    }

    fn input(&mut self, edit: InputEdit) -> Vec<Effect> {
        let mode = std::mem::replace(&mut self.mode, Mode::Normal);
        match mode {
            Mode::Normal => Vec::new(),
            Mode::Help => Vec::new(),
            Mode::Filter => {
                let view = self.view;
                let Some(f) = self.filter_of(view) else {
                    return Vec::new();
                };
                let keep_open = match edit {
                    InputEdit::Char(c) => {
                        f.push(c);
                        true
                    }
                    InputEdit::Backspace => {
                        f.pop();
                        true
                    }
                    InputEdit::Submit => false,
                    InputEdit::Cancel => {
                        f.clear();
                        false
                    }
                    _ => true,
                };
                if keep_open {
                    self.mode = Mode::Filter;
                }
                if view == View::Shipments && keep_open {
                    // Off the UI thread: the prompt echoes the key at once, the rows follow.
                    return self.filter_job().map(Effect::Filter).into_iter().collect();
                }
                self.shipments.job.cancel();
                if view != View::Shipments || self.shipments.applied != self.shipments.filter {
                    self.refilter(view);
                }
                self.clamp_tables();
                Vec::new()
            }
            Mode::Palette { mut buffer } => match edit {
                InputEdit::Char(c) => {
                    buffer.push(c);
                    self.mode = Mode::Palette { buffer };
                    Vec::new()
                }
                InputEdit::Backspace => {
                    buffer.pop();
                    self.mode = Mode::Palette { buffer };
                    Vec::new()
                }
                InputEdit::Submit => self.run_palette(&buffer),
                InputEdit::Cancel => Vec::new(),
                _ => {
                    self.mode = Mode::Palette { buffer };
                    Vec::new()
                }
            },
            Mode::Decide(mut form) => {
                let reasons = form.reasons.len();
                match (edit, form.field) {
                    (InputEdit::Cancel, _) => return Vec::new(),
                    (InputEdit::NextField, FormField::Reason) => form.field = FormField::Note,
                    (InputEdit::NextField, FormField::Note) => form.field = FormField::Reason,
                    (InputEdit::Up, _) | (InputEdit::Char('k'), FormField::Reason) => {
                        form.reason = form.reason.saturating_sub(1)
                    }
                    (InputEdit::Down, _) | (InputEdit::Char('j'), FormField::Reason) => {
                        form.reason = (form.reason + 1).min(reasons.saturating_sub(1))
                    }
                    (InputEdit::Char(c), FormField::Note) if form.note.chars().count() < 500 => {
                        form.note.push(c)
                    }
                    (InputEdit::Backspace, FormField::Note) => {
                        form.note.pop();
                    }
                    (InputEdit::Submit, _) => {
                        let reason = form.reasons[form.reason.min(reasons - 1)].clone();
                        let note = form.note.trim();
                        let bills: Vec<&str> = form.items.iter().map(|i| i.2.as_str()).collect();
                        let shown = if bills.len() > 3 {
                            format!("{} and {} more", bills[..3].join(", "), bills.len() - 3)
                        } else {
                            bills.join(", ")
                        };
                        self.mode = Mode::Confirm(Confirm {
                            question: format!(
                                "{} {} with reason {}{}?",
                                capitalised(form.action.as_str()),
                                shown,
                                reason,
                                if note.is_empty() {
                                    String::new()
                                } else {
                                    format!(" and note \"{note}\"")
                                }
                            ),
                            effect: Effect::Decide(
                                form.items.iter().map(|(id, v, _)| (*id, *v)).collect(),
                                Decision {
                                    action: form.action,
                                    reason,
                                    note: (!note.is_empty()).then(|| note.to_string()),
                                },
                            ),
                        });
                        return Vec::new();
                    }
                    _ => {}
                }
                self.mode = Mode::Decide(form);
                Vec::new()
            }
            Mode::Confirm(confirm) => match edit {
                InputEdit::Char('y') | InputEdit::Char('Y') | InputEdit::Submit => {
                    self.busy += 1;
                    if matches!(confirm.effect, Effect::Decide(..)) {
                        self.queue.marked.clear();
                    }
                    vec![confirm.effect]
                }
                InputEdit::Char('n') | InputEdit::Char('N') | InputEdit::Cancel => {
                    self.set_status(Level::Info, "cancelled: nothing was changed");
                    Vec::new()
                }
                _ => {
                    self.mode = Mode::Confirm(confirm);
                    Vec::new()
                }
            },
        }
    }

    fn run_palette(&mut self, line: &str) -> Vec<Effect> {
        let line = line.trim();
        let (word, rest) = line.split_once(' ').unwrap_or((line, ""));
        let rest = rest.trim();
        match word {
            "q" | "quit" => self.command(Command::Quit),
            "overview" => self.show(View::Overview),
            "shipments" | "ship" => self.show(View::Shipments),
            "queue" => self.show(View::Queue),
            "lists" if rest == "update" || rest.starts_with("update ") => {
                let dir = rest["update".len()..].trim();
                self.busy += 1;
                self.progress = Some(Progress {
                    label: "updating the lists".into(),
                    ratio: 0.0,
                });
                vec![Effect::UpdateLists(
                    (!dir.is_empty()).then(|| PathBuf::from(dir)),
                )]
            }
            "lists" => self.show(View::Lists),
            "audit" => self.show(View::Audit),
            "ingest" if rest.is_empty() => {
                self.set_status(Level::Warn, ":ingest needs a file: :ingest PATH");
                Vec::new()
            }
            "ingest" => self.start_ingest(PathBuf::from(rest)),
            "verify" => self.command(Command::VerifyAudit),
            "help" => self.command(Command::Help),
            "" => Vec::new(),
            other => {
                self.set_status(
                    Level::Warn,
                    format!(
                        "unknown command :{other} (known: {})",
                        PALETTE_COMMANDS
                            .iter()
                            .map(|(c, _)| *c)
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                );
                Vec::new()
            }
        }
    }

    /// Asks for a manifest file to be read, screened and stored in the background.
    fn start_ingest(&mut self, path: PathBuf) -> Vec<Effect> {
        self.busy += 1;
        self.progress = Some(Progress {
            label: format!("ingesting {}", path.display()),
            ratio: 0.0,
        });
        vec![Effect::Ingest(path)]
    }

    fn queue_done(
        &mut self,
        what: &str,
        results: Vec<(ItemId, Result<QueueItemView, crate::tui::data::ActionError>)>,
    ) -> Vec<Effect> {
        let mut done = 0;
        let mut conflicts = Vec::new();
        let mut other = Vec::new();
        for (_, r) in results {
            match r {
                Ok(updated) => {
                    done += 1;
                    if let Some(q) = self.queue.items.iter_mut().find(|q| q.id == updated.id) {
                        *q = updated;
                    }
                }
                Err(crate::tui::data::ActionError::Conflict(m)) => conflicts.push(m),
                Err(e) => other.push(e.to_string()),
            }
        }
        self.refilter_queue();
        self.clamp_tables();
        if !conflicts.is_empty() {
            self.set_status(
                Level::Error,
                format!(
                    "conflict: {}{}",
                    conflicts[0],
                    if conflicts.len() + other.len() > 1 {
                        format!(" (+{} more)", conflicts.len() + other.len() - 1)
                    } else {
                        String::new()
                    }
                ),
            );
        } else if !other.is_empty() {
            self.set_status(
                Level::Error,
                format!("{what}: {done} done, {} refused: {}", other.len(), other[0]),
            );
        } else {
            self.set_status(Level::Info, format!("{what}: {done} done"));
        }
        // Always reload: a conflict means our copy is stale, and a success changed counts.
        self.busy += 2;
        vec![Effect::LoadSnapshot, Effect::LoadAudit]
    }

    fn click(&mut self, column: u16, row: u16) -> Vec<Effect> {
        if self.mode != Mode::Normal {
            return Vec::new();
        }
        if row == 0 {
            if let Some(v) = layout::tab_at(column) {
                return self.show(v);
            }
            return Vec::new();
        }
        let first = layout::first_table_row(self.size);
        if row < first {
            return Vec::new();
        }
        let page = self.page_rows();
        let at = (row - first) as usize;
        if at >= page {
            return Vec::new();
        }
        if let Some((t, len)) = self.current_table() {
            let target = t.offset + at;
            if target < len {
                t.selected = target;
            }
        }
        Vec::new()
    }
}

/// The commands of the `:` palette, with what they do (for the palette's completion list).
pub const PALETTE_COMMANDS: &[(&str, &str)] = &[
    ("ingest FILE", "read, screen and queue a manifest"),
    (
        "lists update",
        "update lists (DIR: from a folder), re-screen",
    ),
    ("queue", "referral queue"),
    ("shipments", "shipments table"),
    ("lists", "list entries"),
    ("audit", "audit log"),
    ("overview", "overview"),
    ("verify", "verify the audit chain"),
    ("help", "every key"),
    ("q", "quit"),
];

/// The shipment rows (indices into `rows`, taken from `base` in its order) that match `query`,
/// matched on all cores; `None` as soon as `stale()` says a newer filter made this one moot.
fn matching(
    query: &Query,
    matcher: &SkimMatcherV2,
    rows: &[ShipmentSummary],
    haystacks: &[String],
    base: &[u32],
    states: &HashMap<ShipmentId, QueueState>,
    stale: &(dyn Fn() -> bool + Sync),
) -> Option<Vec<u32>> {
    const CHUNK: usize = 4096;
    let kept: Vec<Option<Vec<u32>>> = base
        .par_chunks(CHUNK)
        .map(|chunk| {
            if stale() {
                return None;
            }
            Some(
                chunk
                    .iter()
                    .copied()
                    .filter(|&i| {
                        let row = ShipmentRow {
                            s: &rows[i as usize],
                            hay: &haystacks[i as usize],
                            state: states.get(&rows[i as usize].id).copied(),
                        };
                        query.matches(matcher, &row)
                    })
                    .collect(),
            )
        })
        .collect();
    kept.into_iter().try_fold(Vec::new(), |mut all, part| {
        all.extend(part?);
        Some(all)
    })
}

/// Numbers the background filters of the shipments table: only the latest one's answer is
/// applied, and older ones stop early.
#[derive(Debug, Default)]
pub struct FilterGeneration(Arc<AtomicU64>);

impl FilterGeneration {
    fn next(&self) -> u64 {
        self.0.fetch_add(1, AtomicOrdering::SeqCst) + 1
    }
    /// Makes every filter in flight stale.
    fn cancel(&self) {
        self.0.fetch_add(1, AtomicOrdering::SeqCst);
    }
    fn is_latest(&self, generation: u64) -> bool {
        self.0.load(AtomicOrdering::SeqCst) == generation
    }
    fn handle(&self) -> Arc<AtomicU64> {
        Arc::clone(&self.0)
    }
}

/// Filtering the shipments table for one filter text, off the UI thread: everything it needs,
/// shared, not copied.
#[derive(Clone)]
pub struct FilterJob {
    pub generation: u64,
    latest: Arc<AtomicU64>,
    pub text: String,
    rows: Arc<Vec<ShipmentSummary>>,
    haystacks: Arc<Vec<String>>,
    base: Arc<Vec<u32>>,
    states: Arc<HashMap<ShipmentId, QueueState>>,
}

impl FilterJob {
    /// The matching rows, or `None` when a newer filter was asked for meanwhile.
    pub fn run(&self) -> Option<Vec<u32>> {
        let stale = || self.latest.load(AtomicOrdering::SeqCst) != self.generation;
        if stale() {
            return None;
        }
        let query = Query::parse(&self.text);
        if query.is_empty() {
            return Some(self.base.to_vec());
        }
        matching(
            &query,
            &filter::matcher(),
            &self.rows,
            &self.haystacks,
            &self.base,
            &self.states,
            &stale,
        )
    }
}

impl std::fmt::Debug for FilterJob {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FilterJob")
            .field("generation", &self.generation)
            .field("text", &self.text)
            .field("base", &self.base.len())
            .finish()
    }
}

impl PartialEq for FilterJob {
    fn eq(&self, other: &Self) -> bool {
        self.generation == other.generation && self.text == other.text
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn shipment_haystack(s: &ShipmentSummary) -> String {
    format!(
        "{} {} {} {} {} {} {}",
        s.bill,
        s.vessel,
        s.voyage,
        s.shipper,
        s.consignee,
        s.goods,
        s.route.join(" ")
    )
    .to_lowercase()
}

fn compute_stats(snapshot: &DashboardSnapshot, now: DateTime<Utc>) -> Stats {
    let mut stats = Stats {
        hits_per_day: vec![0; 14],
        ..Stats::default()
    };
    let mut by_list: BTreeMap<&str, usize> = BTreeMap::new();
    let mut by_rule: BTreeMap<&str, usize> = BTreeMap::new();
    for s in snapshot.shipments.iter() {
        stats.by_lane[match s.lane {
            Lane::Green => 0,
            Lane::Yellow => 1,
            Lane::Red => 2,
        }] += 1;
        for l in &s.hit_lists {
            *by_list.entry(l).or_default() += 1;
        }
        for r in &s.rules {
            *by_rule.entry(r).or_default() += 1;
        }
        if s.has_hits() {
            let days = (now.date_naive() - s.screened_at.date_naive()).num_days();
            if (0..14).contains(&days) {
                stats.hits_per_day[13 - days as usize] += 1;
            }
        }
    }
    for q in &snapshot.queue {
        *stats.queue_by_state.entry(q.state).or_default() += 1;
    }
    let sorted = |m: BTreeMap<&str, usize>| {
        let mut v: Vec<(String, usize)> = m.into_iter().map(|(k, n)| (k.to_string(), n)).collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        v
    };
    stats.hits_by_list = sorted(by_list);
    stats.hits_by_rule = sorted(by_rule);
    stats
}
