//! Bound keys and clicks: a key resolves through the open prompt or the keymap to an action;
//! a [`Command`] is applied here, global ones by `App`, view-specific ones by the view's
//! component. Nothing here performs an effect; it only returns them.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{App, Level, Mode, View, reload};
use crate::tui::action::{Action, Effect, InputEdit};
use crate::tui::components::prompt::DecisionForm;
use crate::tui::components::queue::{self, Target};
use crate::tui::data::{DecisionAction, reasons_for};
use crate::tui::keymap::Command;
use crate::tui::layout;

impl App {
    /// Turns a key into an action through the open prompt or the keymap, and applies it.
    pub fn handle_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let action = match &self.mode {
            Mode::Filter | Mode::Palette { .. } | Mode::Decide(_) | Mode::Confirm(_) => {
                prompt_edit(&key).map(Action::Input)
            }
            Mode::Read(_) => match self.keymap.resolve(self.view, &key) {
                Some(Command::Quit) if key.code != KeyCode::Esc => {
                    Some(Action::Command(Command::Quit))
                }
                Some(
                    c @ (Command::Up
                    | Command::Down
                    | Command::PageUp
                    | Command::PageDown
                    | Command::Top
                    | Command::Bottom),
                ) => {
                    self.scroll_reading(c);
                    None
                }
                _ => Some(Action::Input(InputEdit::Cancel)),
            },
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

    pub(super) fn command(&mut self, c: Command) -> Vec<Effect> {
        let page = self.page_rows() as isize;
        let moved = |app: &mut App, delta: isize| {
            app.move_selection(delta);
            Vec::new()
        };
        match c {
            Command::Quit => {
                self.quit = true;
                vec![Effect::Quit]
            }
            Command::Help => self.open_mode(Mode::Help),
            Command::ShowView(v) => self.show(v),
            Command::Up => moved(self, -1),
            Command::Down => moved(self, 1),
            Command::PageUp => moved(self, -page),
            Command::PageDown => moved(self, page),
            Command::Top => moved(self, isize::MIN / 2),
            Command::Bottom => moved(self, isize::MAX / 2),
            Command::Enter => self.enter(),
            Command::Back => {
                self.back();
                Vec::new()
            }
            Command::NextPane | Command::PrevPane => {
                match self.view {
                    View::Detail => self.detail_view.toggle_pane(),
                    View::Lists => self.lists.set_open(c == Command::NextPane),
                    _ => {}
                }
                Vec::new()
            }
            Command::Filter if self.filter_of(self.view).is_some() => self.open_mode(Mode::Filter),
            Command::Filter => Vec::new(),
            Command::Palette => self.open_mode(Mode::Palette {
                buffer: String::new(),
            }),
            Command::Sort | Command::ReverseSort => {
                self.sort(c == Command::ReverseSort);
                Vec::new()
            }
            Command::Mark => {
                if self.queue.toggle_mark() {
                    self.move_selection(1);
                }
                Vec::new()
            }
            Command::ClearMarks => {
                self.queue.marked.clear();
                Vec::new()
            }
            Command::Claim => self.claim(),
            Command::Refer => self.open_form(DecisionAction::Refer),
            Command::Hold => self.open_form(DecisionAction::Hold),
            Command::Clear => self.open_form(DecisionAction::Clear),
            Command::FalsePositive => self.open_form(DecisionAction::FalsePositive),
            Command::VerifyAudit => vec![Effect::VerifyAudit],
            Command::Refresh => reload(),
            Command::Suspend => vec![Effect::Suspend],
            Command::Briefing => match &self.exercise {
                Some(info) => {
                    let reading = crate::tui::components::reading::Reading::briefing(info);
                    self.open_mode(Mode::Read(reading))
                }
                None => {
                    self.set_status(
                        Level::Info,
                        "no exercise is running: a briefing comes with `hubscreen exercise start`",
                    );
                    Vec::new()
                }
            },
            Command::Lookup => self.open_mode(Mode::Palette {
                buffer: "lookup ".into(),
            }),
        }
    }

    /// Up, down, the page keys, top and bottom in an open page of text.
    fn scroll_reading(&mut self, c: Command) {
        let (width, height) = layout::reading_text(self.size);
        let page = height as isize;
        if let Mode::Read(r) = &mut self.mode {
            let delta = match c {
                Command::Up => -1,
                Command::Down => 1,
                Command::PageUp => -page,
                Command::PageDown => page,
                Command::Bottom => isize::MAX / 2,
                _ => isize::MIN / 2,
            };
            r.scroll_by(delta, width, height);
        }
    }

    fn open_mode(&mut self, mode: Mode) -> Vec<Effect> {
        self.mode = mode;
        Vec::new()
    }

    /// Enter: open what is under the cursor.
    fn enter(&mut self) -> Vec<Effect> {
        match self.view {
            View::Shipments | View::Queue => self.open_selected_shipment(),
            View::Lists => {
                self.lists.set_open(true);
                Vec::new()
            }
            View::Overview => self.show(View::Shipments),
            _ => Vec::new(),
        }
    }

    /// Esc: close an open list entry, else go back a view, else clear the view's filter.
    fn back(&mut self) {
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
    }

    /// `s`/`S` in the shipments table: next sort column, or reverse; says so on the status line.
    fn sort(&mut self, reverse: bool) {
        if self.view != View::Shipments {
            return;
        }
        let (key, desc) = self
            .shipments
            .cycle_sort(reverse, &self.matcher, &self.queue.items);
        self.clamp_tables();
        self.set_status(
            Level::Info,
            format!(
                "sorted by {} {}",
                key.name(),
                if desc { "descending" } else { "ascending" }
            ),
        );
    }

    fn claim(&mut self) -> Vec<Effect> {
        let items = self.target_items();
        if items.is_empty() {
            self.set_status(Level::Info, "nothing to claim: this shipment is not queued");
            return Vec::new();
        }
        vec![Effect::Claim(
            items.into_iter().map(|(id, v, _)| (id, v)).collect(),
        )]
    }

    /// The items a queue command acts on: the marked rows in the queue, else the row under the
    /// cursor, else the shipment open in the detail.
    fn target_items(&self) -> Vec<Target> {
        match self.view {
            View::Queue => self.queue.targets(),
            View::Detail => self
                .detail
                .as_ref()
                .and_then(|d| self.queue.item_of(d.summary.id))
                .map(queue::target)
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
        self.open_mode(Mode::Decide(DecisionForm::new(action, items, reasons)))
    }

    pub(super) fn click(&mut self, column: u16, row: u16) -> Vec<Effect> {
        if self.mode != Mode::Normal {
            return Vec::new();
        }
        if row == 0 {
            return match layout::tab_at(column) {
                Some(v) => self.show(v),
                None => Vec::new(),
            };
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

/// What a key does to an open prompt; `None` for keys prompts ignore.
fn prompt_edit(key: &KeyEvent) -> Option<InputEdit> {
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
}
