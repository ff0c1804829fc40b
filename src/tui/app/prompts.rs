//! Typing into an open prompt: the filter line, the `:` palette, the decision form and the
//! confirmation. The prompts' own rules live in [`crate::tui::components::prompt`]; this is
//! where their results become state and effects.

use std::path::PathBuf;

use super::{App, Level, Mode, View};
use crate::tui::action::{Effect, InputEdit};
use crate::tui::components::prompt::{self, FormStep, PaletteCommand};
use crate::tui::data::Progress;
use crate::tui::keymap::Command;

impl App {
    /// Applies an edit to whichever prompt is open; the prompt closes unless the edit keeps it.
    pub(super) fn input(&mut self, edit: InputEdit) -> Vec<Effect> {
        let mode = std::mem::replace(&mut self.mode, Mode::Normal);
        match mode {
            Mode::Normal | Mode::Help | Mode::Read(_) => Vec::new(),
            Mode::Filter => self.edit_filter(edit),
            Mode::Palette { mut buffer } => match edit {
                InputEdit::Submit => self.run_palette(&buffer),
                InputEdit::Cancel => Vec::new(),
                edit => {
                    match edit {
                        InputEdit::Char(c) => buffer.push(c),
                        InputEdit::Backspace => {
                            buffer.pop();
                        }
                        _ => {}
                    }
                    self.mode = Mode::Palette { buffer };
                    Vec::new()
                }
            },
            Mode::Decide(form) => {
                match form.edit(edit) {
                    FormStep::Editing(form) => self.mode = Mode::Decide(form),
                    FormStep::Cancelled => {}
                    FormStep::Confirm(confirm) => self.mode = Mode::Confirm(confirm),
                }
                Vec::new()
            }
            Mode::Confirm(confirm) => match edit {
                InputEdit::Char('y') | InputEdit::Char('Y') | InputEdit::Submit => {
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

    /// An edit to the current view's filter. The shipments are filtered off the UI thread while
    /// the officer types (the prompt echoes the key at once, the rows follow); every other
    /// table, and the shipments once the prompt closes, here.
    fn edit_filter(&mut self, edit: InputEdit) -> Vec<Effect> {
        let view = self.view;
        let Some(text) = self.filter_of(view) else {
            return Vec::new();
        };
        let keep_open = prompt::edit_filter(text, edit);
        if keep_open {
            self.mode = Mode::Filter;
        }
        if view == View::Shipments && keep_open {
            return self
                .shipments
                .filter_job(&self.matcher, &self.queue.items)
                .map(Effect::Filter)
                .into_iter()
                .collect();
        }
        self.shipments.cancel_job();
        if view != View::Shipments || !self.shipments.is_current() {
            self.refilter(view);
        }
        self.clamp_tables();
        Vec::new()
    }

    fn run_palette(&mut self, line: &str) -> Vec<Effect> {
        match PaletteCommand::parse(line) {
            PaletteCommand::Quit => self.command(Command::Quit),
            PaletteCommand::Show(view) => self.show(view),
            PaletteCommand::UpdateLists(from) => {
                self.progress = Some(Progress {
                    label: "updating the lists".into(),
                    ratio: 0.0,
                });
                vec![Effect::UpdateLists(from)]
            }
            PaletteCommand::IngestWithoutFile => {
                self.set_status(Level::Warn, ":ingest needs a file: :ingest PATH");
                Vec::new()
            }
            PaletteCommand::Ingest(path) => self.start_ingest(path),
            PaletteCommand::Verify => self.command(Command::VerifyAudit),
            PaletteCommand::Help => self.command(Command::Help),
            PaletteCommand::Briefing => self.command(Command::Briefing),
            PaletteCommand::Lookup(query) => vec![Effect::Lookup(query)],
            PaletteCommand::LookupWithoutQuery => {
                self.set_status(
                    Level::Warn,
                    ":lookup needs words: :lookup NAME, :lookup 8458.11, :lookup 2B001, :lookup lathe",
                );
                Vec::new()
            }
            PaletteCommand::Nothing => Vec::new(),
            PaletteCommand::Unknown(word) => {
                self.set_status(Level::Warn, prompt::unknown_command(&word));
                Vec::new()
            }
        }
    }

    /// Asks for a manifest file to be read, screened and stored in the background.
    pub(super) fn start_ingest(&mut self, path: PathBuf) -> Vec<Effect> {
        self.progress = Some(Progress {
            label: format!("ingesting {}", path.display()),
            ratio: 0.0,
        });
        vec![Effect::Ingest(path)]
    }
}
