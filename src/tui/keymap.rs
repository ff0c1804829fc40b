//! The one list of key bindings. It resolves keys to commands, and the help overlay and the
//! key-hint bar are drawn from it, so what the screen says a key does is what the key does
//! (gitui's `CommandInfo` idea).
//!
//! A TOML file can rebind any command by name:
//!
//! ```toml
//! [keys]
//! down = ["j", "down", "ctrl-n"]
//! claim = ["C"]
//! ```
//!
//! An unknown command or an unreadable key is an error naming it: a misspelt binding must not be
//! ignored silently. Keys typed into prompts (filter, palette, note) are not rebindable: they are
//! text.

use std::collections::BTreeMap;
use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::Deserialize;

use crate::tui::app::View;

/// Everything a key can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Command {
    Quit,
    Help,
    ShowView(View),
    Up,
    Down,
    Top,
    Bottom,
    PageUp,
    PageDown,
    Enter,
    Back,
    NextPane,
    PrevPane,
    Filter,
    Palette,
    Sort,
    ReverseSort,
    Mark,
    ClearMarks,
    Claim,
    Refer,
    Hold,
    Clear,
    FalsePositive,
    VerifyAudit,
    Refresh,
    Suspend,
    /// Show the exercise's briefing again.
    Briefing,
    /// Open the palette on `lookup `.
    Lookup,
}

impl Command {
    /// The name used in keymap files and the help overlay.
    pub fn name(self) -> &'static str {
        match self {
            Command::Quit => "quit",
            Command::Help => "help",
            Command::ShowView(v) => match v {
                View::Overview => "view_overview",
                View::Shipments => "view_shipments",
                View::Detail => "view_detail",
                View::Queue => "view_queue",
                View::Lists => "view_lists",
                View::Audit => "view_audit",
                View::Rules => "view_rules",
            },
            Command::Up => "up",
            Command::Down => "down",
            Command::Top => "top",
            Command::Bottom => "bottom",
            Command::PageUp => "page_up",
            Command::PageDown => "page_down",
            Command::Enter => "enter",
            Command::Back => "back",
            Command::NextPane => "next_pane",
            Command::PrevPane => "prev_pane",
            Command::Filter => "filter",
            Command::Palette => "palette",
            Command::Sort => "sort",
            Command::ReverseSort => "reverse_sort",
            Command::Mark => "mark",
            Command::ClearMarks => "clear_marks",
            Command::Claim => "claim",
            Command::Refer => "refer",
            Command::Hold => "hold",
            Command::Clear => "clear",
            Command::FalsePositive => "false_positive",
            Command::VerifyAudit => "verify_audit",
            Command::Refresh => "refresh",
            Command::Suspend => "suspend",
            Command::Briefing => "briefing",
            Command::Lookup => "lookup",
        }
    }
}

/// A key with its modifiers, as written in keymap files: `j`, `G`, `ctrl-f`, `pgdn`, `space`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyCombo {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

impl KeyCombo {
    /// Parses a key as written in a keymap file.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut ctrl = false;
        let mut alt = false;
        let mut rest = text;
        loop {
            let lower = rest.to_ascii_lowercase();
            if lower.starts_with("ctrl-") && rest.len() > 5 {
                ctrl = true;
                rest = &rest[5..];
            } else if lower.starts_with("alt-") && rest.len() > 4 {
                alt = true;
                rest = &rest[4..];
            } else {
                break;
            }
        }
        let code = match rest.to_ascii_lowercase().as_str() {
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "enter" => KeyCode::Enter,
            "esc" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "backtab" | "shift-tab" => KeyCode::BackTab,
            "pgup" | "pageup" => KeyCode::PageUp,
            "pgdn" | "pagedown" => KeyCode::PageDown,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "space" => KeyCode::Char(' '),
            "backspace" => KeyCode::Backspace,
            "delete" => KeyCode::Delete,
            f if f.len() >= 2 && f.starts_with('f') && f[1..].parse::<u8>().is_ok() => {
                KeyCode::F(f[1..].parse().unwrap_or(1))
            }
            _ => {
                let mut chars = rest.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => KeyCode::Char(if ctrl { c.to_ascii_lowercase() } else { c }),
                    _ => return Err(format!("{text:?} is not a key")),
                }
            }
        };
        Ok(KeyCombo { code, ctrl, alt })
    }

    /// The combo a terminal key event is. Shift is folded into the character (`G`).
    pub fn of(key: &KeyEvent) -> Self {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let code = match key.code {
            KeyCode::Char(c) if ctrl => KeyCode::Char(c.to_ascii_lowercase()),
            other => other,
        };
        KeyCombo {
            code,
            ctrl,
            alt: key.modifiers.contains(KeyModifiers::ALT),
        }
    }
}

impl fmt::Display for KeyCombo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("ctrl-")?;
        }
        if self.alt {
            f.write_str("alt-")?;
        }
        match self.code {
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::Enter => f.write_str("enter"),
            KeyCode::Esc => f.write_str("esc"),
            KeyCode::Tab => f.write_str("tab"),
            KeyCode::BackTab => f.write_str("shift-tab"),
            KeyCode::PageUp => f.write_str("pgup"),
            KeyCode::PageDown => f.write_str("pgdn"),
            KeyCode::Home => f.write_str("home"),
            KeyCode::End => f.write_str("end"),
            KeyCode::Char(' ') => f.write_str("space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::F(n) => write!(f, "f{n}"),
            KeyCode::Backspace => f.write_str("backspace"),
            KeyCode::Delete => f.write_str("delete"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// One command with its keys, where it applies and what it does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub command: Command,
    pub keys: Vec<KeyCombo>,
    /// Views where the binding applies; empty means everywhere.
    pub views: Vec<View>,
    pub description: &'static str,
    /// Shown in the bottom hint bar of the views it applies to.
    pub hint: bool,
}

impl Binding {
    pub fn applies_in(&self, view: View) -> bool {
        self.views.is_empty() || self.views.contains(&view)
    }
}

/// The bindings in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    pub bindings: Vec<Binding>,
}

/// A keymap file: `[keys] command = ["key", ...]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeymapFile {
    #[serde(default)]
    keys: BTreeMap<String, Vec<String>>,
}

const TABLES: &[View] = &[
    View::Shipments,
    View::Queue,
    View::Lists,
    View::Audit,
    View::Rules,
];
const DECIDE: &[View] = &[View::Queue, View::Detail];

impl Default for Keymap {
    fn default() -> Self {
        use Command::*;
        let b = |command, keys: &[&str], views: &[View], description, hint| Binding {
            command,
            keys: keys
                .iter()
                .map(|k| KeyCombo::parse(k).expect("default keys parse"))
                .collect(),
            views: views.to_vec(),
            description,
            hint,
        };
        Keymap {
            bindings: vec![
                b(Help, &["?"], &[], "help: every key", true),
                b(Quit, &["q", "ctrl-c"], &[], "quit", true),
                b(ShowView(View::Overview), &["1"], &[], "overview", false),
                b(ShowView(View::Shipments), &["2"], &[], "shipments", false),
                b(
                    ShowView(View::Detail),
                    &["3"],
                    &[],
                    "shipment detail",
                    false,
                ),
                b(ShowView(View::Queue), &["4"], &[], "referral queue", false),
                b(
                    ShowView(View::Lists),
                    &["5"],
                    &[],
                    "lists and entries",
                    false,
                ),
                b(ShowView(View::Audit), &["6"], &[], "audit log", false),
                b(
                    ShowView(View::Rules),
                    &["7"],
                    &[],
                    "targeting rules and their hit rates",
                    false,
                ),
                b(Up, &["up", "k"], &[], "up", false),
                b(Down, &["down", "j"], &[], "down", false),
                b(Top, &["g", "home"], &[], "first row", false),
                b(Bottom, &["G", "end"], &[], "last row", false),
                b(PageUp, &["pgup", "ctrl-b"], &[], "page up", false),
                b(PageDown, &["pgdn", "ctrl-f"], &[], "page down", false),
                b(Enter, &["enter"], &[], "open", true),
                b(Back, &["esc"], &[], "back", true),
                b(NextPane, &["tab", "l", "right"], &[], "next pane", false),
                b(
                    PrevPane,
                    &["shift-tab", "h", "left"],
                    &[],
                    "previous pane",
                    false,
                ),
                b(
                    Filter,
                    &["/"],
                    TABLES,
                    "filter (lane:red list:UN pod:AEJEA hs:8542)",
                    true,
                ),
                b(
                    Palette,
                    &[":"],
                    &[],
                    "command (:ingest FILE, :queue, :q)",
                    true,
                ),
                b(
                    Sort,
                    &["s"],
                    &[View::Shipments, View::Queue],
                    "sort by next column",
                    true,
                ),
                b(
                    ReverseSort,
                    &["S"],
                    &[View::Shipments, View::Queue],
                    "reverse sort",
                    false,
                ),
                b(
                    Mark,
                    &["space"],
                    &[View::Queue],
                    "mark row for a bulk action",
                    true,
                ),
                b(ClearMarks, &["u"], &[View::Queue], "unmark all", false),
                b(Claim, &["c"], DECIDE, "claim", true),
                b(Refer, &["r"], DECIDE, "refer (reason, note, confirm)", true),
                b(Hold, &["o"], DECIDE, "hold", true),
                b(Clear, &["x"], DECIDE, "clear", true),
                b(
                    FalsePositive,
                    &["f"],
                    DECIDE,
                    "mark hit false positive",
                    true,
                ),
                b(
                    VerifyAudit,
                    &["v"],
                    &[View::Audit],
                    "verify the audit chain",
                    true,
                ),
                b(Refresh, &["ctrl-r"], &[], "reload from the store", false),
                b(Suspend, &["ctrl-z"], &[], "suspend to the shell", false),
                b(
                    Lookup,
                    &["L"],
                    &[],
                    "look up a name, HS code, control entry or words",
                    false,
                ),
                b(
                    Briefing,
                    &["B"],
                    &[],
                    "the exercise's briefing (trainees)",
                    false,
                ),
            ],
        }
    }
}

impl Keymap {
    /// The command bound to `key` in `view`; bindings of the view win over global ones.
    pub fn resolve(&self, view: View, key: &KeyEvent) -> Option<Command> {
        let combo = KeyCombo::of(key);
        let bound = |b: &&Binding| b.keys.contains(&combo) && b.applies_in(view);
        self.bindings
            .iter()
            .filter(|b| !b.views.is_empty())
            .find(bound)
            .or_else(|| {
                self.bindings
                    .iter()
                    .filter(|b| b.views.is_empty())
                    .find(bound)
            })
            .map(|b| b.command)
    }

    /// Applies a keymap file's overrides.
    pub fn with_overrides(mut self, toml_text: &str) -> Result<Self, String> {
        let file: KeymapFile = toml::from_str(toml_text).map_err(|e| e.to_string())?;
        for (name, keys) in file.keys {
            let combos = keys
                .iter()
                .map(|k| KeyCombo::parse(k))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| format!("[keys] {name}: {e}"))?;
            let binding = self
                .bindings
                .iter_mut()
                .find(|b| b.command.name() == name)
                .ok_or_else(|| {
                    format!("[keys] {name}: no such command (see the help overlay, ?)")
                })?;
            binding.keys = combos;
        }
        Ok(self)
    }

    /// Bindings that apply in `view`, in help order.
    pub fn for_view(&self, view: View) -> impl Iterator<Item = &Binding> {
        self.bindings.iter().filter(move |b| b.applies_in(view))
    }

    /// The first key of a command, for hints (`c`), or `None` when unbound.
    pub fn key_of(&self, command: Command) -> Option<KeyCombo> {
        self.bindings
            .iter()
            .find(|b| b.command == command)
            .and_then(|b| b.keys.first().copied())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn vim_and_arrow_keys_resolve_alike() {
        let k = Keymap::default();
        let none = KeyModifiers::NONE;
        assert_eq!(
            k.resolve(View::Shipments, &key(KeyCode::Char('j'), none)),
            Some(Command::Down)
        );
        assert_eq!(
            k.resolve(View::Shipments, &key(KeyCode::Down, none)),
            Some(Command::Down)
        );
        assert_eq!(
            k.resolve(
                View::Shipments,
                &key(KeyCode::Char('G'), KeyModifiers::SHIFT)
            ),
            Some(Command::Bottom)
        );
        assert_eq!(
            k.resolve(View::Queue, &key(KeyCode::Char('f'), KeyModifiers::CONTROL)),
            Some(Command::PageDown)
        );
        assert_eq!(
            k.resolve(View::Queue, &key(KeyCode::Char('c'), none)),
            Some(Command::Claim)
        );
        assert_eq!(
            k.resolve(View::Overview, &key(KeyCode::Char('c'), none)),
            None
        );
    }

    #[test]
    fn overrides_rebind_and_reject_unknown_names() {
        let k = Keymap::default()
            .with_overrides("[keys]\nclaim = [\"C\", \"ctrl-k\"]\n")
            .unwrap();
        assert_eq!(
            k.resolve(View::Queue, &key(KeyCode::Char('C'), KeyModifiers::SHIFT)),
            Some(Command::Claim)
        );
        assert_eq!(
            k.resolve(View::Queue, &key(KeyCode::Char('c'), KeyModifiers::NONE)),
            None
        );
        let err = Keymap::default()
            .with_overrides("[keys]\nclaimm = [\"c\"]\n")
            .unwrap_err();
        assert!(err.contains("claimm"), "{err}");
        assert!(
            Keymap::default()
                .with_overrides("[keys]\nclaim = [\"nokey\"]\n")
                .is_err()
        );
    }
}
