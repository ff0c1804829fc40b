//! The prompts that own the keyboard while open: the filter line, the `:` command palette, the
//! decision form and the confirmation.
//!
//! Each turns an [`InputEdit`] into its next state or a result for
//! [`crate::tui::app::App`] to act on; none performs an effect or draws.

use std::path::PathBuf;

use crate::tui::action::{Effect, InputEdit};
use crate::tui::app::View;
use crate::tui::components::queue::Target;
use crate::tui::data::{Decision, DecisionAction};

/// Applies an edit to filter text; returns whether the filter prompt stays open.
pub fn edit_filter(text: &mut String, edit: InputEdit) -> bool {
    match edit {
        InputEdit::Char(c) => {
            text.push(c);
            true
        }
        InputEdit::Backspace => {
            text.pop();
            true
        }
        InputEdit::Submit => false,
        InputEdit::Cancel => {
            text.clear();
            false
        }
        _ => true,
    }
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
    pub items: Vec<Target>,
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

/// Where an edit leaves the decision form.
#[derive(Debug, Clone, PartialEq)]
pub enum FormStep {
    Editing(DecisionForm),
    Cancelled,
    /// Submitted: the question to ask before deciding.
    Confirm(Confirm),
}

/// The longest note a decision takes, in characters.
const NOTE_MAX: usize = 500;

impl DecisionForm {
    /// A form for `action` on `items`, the first reason picked.
    pub fn new(action: DecisionAction, items: Vec<Target>, reasons: Vec<String>) -> Self {
        DecisionForm {
            action,
            items,
            reasons,
            reason: 0,
            note: String::new(),
            field: FormField::Reason,
        }
    }

    /// Applies one edit: moves between fields, picks a reason, types the note, or submits.
    pub fn edit(mut self, edit: InputEdit) -> FormStep {
        let reasons = self.reasons.len();
        match (edit, self.field) {
            (InputEdit::Cancel, _) => return FormStep::Cancelled,
            (InputEdit::NextField, FormField::Reason) => self.field = FormField::Note,
            (InputEdit::NextField, FormField::Note) => self.field = FormField::Reason,
            (InputEdit::Up, _) | (InputEdit::Char('k'), FormField::Reason) => {
                self.reason = self.reason.saturating_sub(1)
            }
            (InputEdit::Down, _) | (InputEdit::Char('j'), FormField::Reason) => {
                self.reason = (self.reason + 1).min(reasons.saturating_sub(1))
            }
            (InputEdit::Char(c), FormField::Note) if self.note.chars().count() < NOTE_MAX => {
                self.note.push(c)
            }
            (InputEdit::Backspace, FormField::Note) => {
                self.note.pop();
            }
            (InputEdit::Submit, _) => return FormStep::Confirm(self.confirmation()),
            _ => {}
        }
        FormStep::Editing(self)
    }

    /// The question that names every bill, the reason and the note, and the decision on yes.
    fn confirmation(&self) -> Confirm {
        let reason = self.reasons[self.reason.min(self.reasons.len() - 1)].clone();
        let note = self.note.trim();
        let bills: Vec<&str> = self.items.iter().map(|i| i.2.as_str()).collect();
        let shown = if bills.len() > 3 {
            format!("{} and {} more", bills[..3].join(", "), bills.len() - 3)
        } else {
            bills.join(", ")
        };
        Confirm {
            question: format!(
                "{} {} with reason {}{}?",
                capitalised(self.action.as_str()),
                shown,
                reason,
                if note.is_empty() {
                    String::new()
                } else {
                    format!(" and note \"{note}\"")
                }
            ),
            effect: Effect::Decide(
                self.items.iter().map(|(id, v, _)| (*id, *v)).collect(),
                Decision {
                    action: self.action,
                    reason,
                    note: (!note.is_empty()).then(|| note.to_string()),
                },
            ),
        }
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
    (
        "lookup WORDS",
        "a name in the lists; an HS code, control entry or words in the goods tables",
    ),
    ("briefing", "the exercise's briefing"),
    ("help", "every key"),
    ("q", "quit"),
];

/// A line typed into the `:` palette, understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PaletteCommand {
    Quit,
    Show(View),
    /// Update the lists, from a folder when one is named.
    UpdateLists(Option<PathBuf>),
    Ingest(PathBuf),
    /// `:ingest` without a file.
    IngestWithoutFile,
    Verify,
    Help,
    Briefing,
    /// Look a name, an HS code, a control-list entry or words up.
    Lookup(String),
    /// `:lookup` without words.
    LookupWithoutQuery,
    /// An empty line.
    Nothing,
    Unknown(String),
}

impl PaletteCommand {
    /// Reads one palette line.
    pub fn parse(line: &str) -> Self {
        let line = line.trim();
        let (word, rest) = line.split_once(' ').unwrap_or((line, ""));
        let rest = rest.trim();
        match word {
            "q" | "quit" => PaletteCommand::Quit,
            "overview" => PaletteCommand::Show(View::Overview),
            "shipments" | "ship" => PaletteCommand::Show(View::Shipments),
            "queue" => PaletteCommand::Show(View::Queue),
            "lists" if rest == "update" || rest.starts_with("update ") => {
                let dir = rest["update".len()..].trim();
                PaletteCommand::UpdateLists((!dir.is_empty()).then(|| PathBuf::from(dir)))
            }
            "lists" => PaletteCommand::Show(View::Lists),
            "audit" => PaletteCommand::Show(View::Audit),
            "ingest" if rest.is_empty() => PaletteCommand::IngestWithoutFile,
            "ingest" => PaletteCommand::Ingest(PathBuf::from(rest)),
            "verify" => PaletteCommand::Verify,
            "help" => PaletteCommand::Help,
            "briefing" => PaletteCommand::Briefing,
            "lookup" | "look" if rest.is_empty() => PaletteCommand::LookupWithoutQuery,
            "lookup" | "look" => PaletteCommand::Lookup(rest.to_string()),
            "" => PaletteCommand::Nothing,
            other => PaletteCommand::Unknown(other.to_string()),
        }
    }
}

/// The status line for a word the palette does not know, listing those it does.
pub fn unknown_command(word: &str) -> String {
    format!(
        "unknown command :{word} (known: {})",
        PALETTE_COMMANDS
            .iter()
            .map(|(c, _)| *c)
            .collect::<Vec<_>>()
            .join(", ")
    )
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
