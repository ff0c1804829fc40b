//! Colours and text styles of the dashboard, by role (lane, warning, selection), never by
//! widget. Three presets: `dark` (default), `light` and `high-contrast`. All use only the 16
//! ANSI colours, so they read the same on a Linux console, over SSH and in any emulator, and
//! `NO_COLOR` turns colour off entirely: every state is also written in words or marked with a
//! text attribute, so nothing depends on colour alone.

use ratatui::style::{Color, Modifier, Style};

use crate::model::Lane;
use crate::tui::data::QueueState;

/// Styles by role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    pub name: &'static str,
    pub base: Style,
    pub title: Style,
    pub border: Style,
    pub border_focus: Style,
    pub header: Style,
    pub selected: Style,
    pub marked: Style,
    pub dim: Style,
    pub key: Style,
    pub lane_red: Style,
    pub lane_yellow: Style,
    pub lane_green: Style,
    pub warn: Style,
    pub error: Style,
    pub ok: Style,
    /// Tokens of a party name that aligned with a list name.
    pub aligned: Style,
    pub tab_active: Style,
}

/// Names accepted by `--theme`.
pub const THEME_NAMES: [&str; 3] = ["dark", "light", "high-contrast"];

impl Theme {
    pub fn dark() -> Self {
        Theme {
            name: "dark",
            base: Style::default(),
            title: Style::default()
                .fg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            border: Style::default().fg(Color::DarkGray),
            border_focus: Style::default().fg(Color::Cyan),
            header: Style::default()
                .fg(Color::Yellow)
                .add_modifier(Modifier::BOLD),
            selected: Style::default().add_modifier(Modifier::REVERSED),
            marked: Style::default()
                .fg(Color::Magenta)
                .add_modifier(Modifier::BOLD),
            dim: Style::default().fg(Color::DarkGray),
            key: Style::default()
                .fg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            lane_red: Style::default()
                .fg(Color::LightRed)
                .add_modifier(Modifier::BOLD),
            lane_yellow: Style::default().fg(Color::Yellow),
            lane_green: Style::default().fg(Color::Green),
            warn: Style::default().fg(Color::Yellow),
            error: Style::default()
                .fg(Color::LightRed)
                .add_modifier(Modifier::BOLD),
            ok: Style::default().fg(Color::Green),
            aligned: Style::default()
                .fg(Color::LightYellow)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            tab_active: Style::default()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
        }
    }

    pub fn light() -> Self {
        Theme {
            name: "light",
            title: Style::default()
                .fg(Color::Blue)
                .add_modifier(Modifier::BOLD),
            border: Style::default().fg(Color::Gray),
            border_focus: Style::default().fg(Color::Blue),
            header: Style::default()
                .fg(Color::Magenta)
                .add_modifier(Modifier::BOLD),
            dim: Style::default().fg(Color::DarkGray),
            key: Style::default()
                .fg(Color::Blue)
                .add_modifier(Modifier::BOLD),
            lane_red: Style::default().fg(Color::Red).add_modifier(Modifier::BOLD),
            lane_yellow: Style::default()
                .fg(Color::Rgb(0x80, 0x60, 0x00))
                .add_modifier(Modifier::BOLD),
            lane_green: Style::default().fg(Color::Green),
            warn: Style::default()
                .fg(Color::Magenta)
                .add_modifier(Modifier::BOLD),
            error: Style::default().fg(Color::Red).add_modifier(Modifier::BOLD),
            aligned: Style::default()
                .fg(Color::Blue)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            tab_active: Style::default()
                .fg(Color::White)
                .bg(Color::Blue)
                .add_modifier(Modifier::BOLD),
            ..Theme::dark()
        }
        .sixteen_colours()
    }

    pub fn high_contrast() -> Self {
        let bold = Style::default().add_modifier(Modifier::BOLD);
        Theme {
            name: "high-contrast",
            base: Style::default().fg(Color::White).bg(Color::Black),
            title: bold.fg(Color::White),
            border: Style::default().fg(Color::White),
            border_focus: bold.fg(Color::LightYellow),
            header: bold.fg(Color::White).add_modifier(Modifier::UNDERLINED),
            selected: bold.fg(Color::Black).bg(Color::LightYellow),
            marked: bold.fg(Color::LightCyan),
            dim: Style::default().fg(Color::Gray),
            key: bold.fg(Color::LightYellow),
            lane_red: bold.fg(Color::White).bg(Color::Red),
            lane_yellow: bold.fg(Color::Black).bg(Color::LightYellow),
            lane_green: bold.fg(Color::Black).bg(Color::LightGreen),
            warn: bold.fg(Color::LightYellow),
            error: bold.fg(Color::White).bg(Color::Red),
            ok: bold.fg(Color::LightGreen),
            aligned: bold.fg(Color::LightCyan).add_modifier(Modifier::UNDERLINED),
            tab_active: bold.fg(Color::Black).bg(Color::White),
        }
    }

    /// Replaces the one RGB colour of the light theme by its nearest ANSI colour, so that every
    /// preset works on a 16-colour terminal.
    fn sixteen_colours(mut self) -> Self {
        self.lane_yellow = self.lane_yellow.fg(Color::Yellow);
        self
    }

    /// Every style with colours removed, modifiers kept: what `NO_COLOR` asks for.
    pub fn without_colour(self) -> Self {
        let strip = |s: Style| Style {
            fg: None,
            bg: None,
            underline_color: None,
            ..s
        };
        Theme {
            name: self.name,
            base: strip(self.base),
            title: strip(self.title),
            border: strip(self.border),
            border_focus: strip(self.border_focus).add_modifier(Modifier::BOLD),
            header: strip(self.header),
            selected: strip(self.selected).add_modifier(Modifier::REVERSED),
            marked: strip(self.marked),
            dim: strip(self.dim),
            key: strip(self.key),
            lane_red: strip(self.lane_red).add_modifier(Modifier::BOLD),
            lane_yellow: strip(self.lane_yellow),
            lane_green: strip(self.lane_green),
            warn: strip(self.warn).add_modifier(Modifier::BOLD),
            error: strip(self.error).add_modifier(Modifier::BOLD),
            ok: strip(self.ok),
            aligned: strip(self.aligned).add_modifier(Modifier::UNDERLINED),
            tab_active: strip(self.tab_active).add_modifier(Modifier::REVERSED),
        }
    }

    /// A preset by name, `None` for an unknown name.
    pub fn by_name(name: &str) -> Option<Self> {
        match name {
            "dark" => Some(Theme::dark()),
            "light" => Some(Theme::light()),
            "high-contrast" | "high_contrast" => Some(Theme::high_contrast()),
            _ => None,
        }
    }

    /// The preset named, with colour removed when `no_color` (the `NO_COLOR` convention:
    /// set and not empty).
    pub fn resolve(name: Option<&str>, no_color: bool) -> Result<Self, String> {
        let theme = match name {
            Some(n) => Theme::by_name(n).ok_or_else(|| {
                format!(
                    "unknown theme {n:?}; choose one of {}",
                    THEME_NAMES.join(", ")
                )
            })?,
            None => Theme::dark(),
        };
        Ok(if no_color {
            theme.without_colour()
        } else {
            theme
        })
    }

    pub fn lane(&self, lane: Lane) -> Style {
        match lane {
            Lane::Red => self.lane_red,
            Lane::Yellow => self.lane_yellow,
            Lane::Green => self.lane_green,
        }
    }

    pub fn state(&self, state: QueueState) -> Style {
        match state {
            QueueState::New => self.warn,
            QueueState::InReview => self.title,
            QueueState::Referred | QueueState::Held | QueueState::Found => self.lane_red,
            QueueState::Cleared
            | QueueState::FalsePositive
            | QueueState::NothingFound
            | QueueState::Withdrawn => self.dim,
        }
    }
}

impl Default for Theme {
    fn default() -> Self {
        Theme::dark()
    }
}
