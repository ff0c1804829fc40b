//! The trainer's view (`hubscreen exercise watch`): every trainee's progress on one screen,
//! read from their own stores every [`REFRESH`] by [`progress::read_class`]. A screen of its
//! own beside the dashboard, in the same shape: keys become [`Command`]s, [`Trainer::update`]
//! changes state and says when to read the stores again, [`view::render`] only draws, and
//! [`run`] is the only part that touches the terminal. The stores are read on a thread of their
//! own, so a slow or locked store never freezes the screen. Nothing here writes to a store.
//!
//! A trainee session stays an ordinary dashboard session on the trainee's own store: this view
//! only reads those stores.

pub mod view;

use std::io;
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use chrono::{DateTime, Utc};
use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use crate::config::Config;
use crate::exercise::AnswerKey;
use crate::exercise::progress::{self, ClassProgress, TraineeRow};
use crate::tui::event_loop::{TerminalGuard, install_panic_hook};
use crate::tui::theme::Theme;

/// How often the trainee stores are read again (counted from the end of the last read, so that
/// reads never pile up behind a slow one).
pub const REFRESH: Duration = Duration::from_secs(2);
/// How long the loop waits for a key before it looks for a finished read and moves the clock.
const TICK: Duration = Duration::from_millis(200);

/// What the trainer can do, each with its keys: the key bar is drawn from [`BINDINGS`] too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    Quit,
    Refresh,
    Sort,
    /// Show or hide the selected trainee's missed, decoy-referred and falsely referred bills.
    Bills,
    /// Hide the bills pane.
    Back,
    Up,
    Down,
}

/// A command and the keys that give it.
pub struct Binding {
    pub keys: &'static [KeyCode],
    /// The keys as the key bar writes them.
    pub label: &'static str,
    pub command: Command,
    /// Its word on the key bar.
    pub hint: &'static str,
}

pub const BINDINGS: [Binding; 7] = [
    Binding {
        keys: &[KeyCode::Char('q')],
        label: "q",
        command: Command::Quit,
        hint: "quit",
    },
    Binding {
        keys: &[KeyCode::Char('r')],
        label: "r",
        command: Command::Refresh,
        hint: "refresh now",
    },
    Binding {
        keys: &[KeyCode::Char('s')],
        label: "s",
        command: Command::Sort,
        hint: "sort",
    },
    Binding {
        keys: &[KeyCode::Enter],
        label: "enter",
        command: Command::Bills,
        hint: "bills",
    },
    Binding {
        keys: &[KeyCode::Esc],
        label: "esc",
        command: Command::Back,
        hint: "close",
    },
    Binding {
        keys: &[KeyCode::Up, KeyCode::Char('k')],
        label: "↑↓",
        command: Command::Up,
        hint: "select",
    },
    Binding {
        keys: &[KeyCode::Down, KeyCode::Char('j')],
        label: "",
        command: Command::Down,
        hint: "",
    },
];

/// The command a key gives, if any.
pub fn command_for(key: KeyEvent) -> Option<Command> {
    if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
        return Some(Command::Quit);
    }
    BINDINGS
        .iter()
        .find(|b| b.keys.contains(&key.code))
        .map(|b| b.command)
}

/// How the rows are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::Display)]
#[strum(serialize_all = "lowercase")]
pub enum Order {
    Name,
    /// Best score first; stores that could not be read last.
    Score,
}

/// What changes the view's state.
#[derive(Debug)]
pub enum Action {
    Command(Command),
    /// The stores were read.
    Read(Box<ClassProgress>),
    /// The clock moved.
    Tick(DateTime<Utc>),
}

/// What the loop should do after an update.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Read the stores again now.
    Read,
}

/// The view's state.
#[derive(Debug, Clone)]
pub struct Trainer {
    pub exercise: String,
    pub theme: Theme,
    /// The wall clock in the header.
    pub now: DateTime<Utc>,
    /// The latest read; `None` before the first one ends.
    pub class: Option<ClassProgress>,
    pub order: Order,
    /// The selected trainee's store: a selection that survives a refresh and a re-sort.
    pub selected: Option<PathBuf>,
    /// Whether the bills pane is open.
    pub pane: bool,
    /// A read is under way.
    pub reading: bool,
    pub quit: bool,
}

impl Trainer {
    pub fn new(exercise: &str, theme: Theme, now: DateTime<Utc>) -> Self {
        Trainer {
            exercise: exercise.to_string(),
            theme,
            now,
            class: None,
            order: Order::Name,
            selected: None,
            pane: false,
            reading: false,
            quit: false,
        }
    }

    /// The rows in the order chosen.
    pub fn rows(&self) -> Vec<&TraineeRow> {
        let Some(class) = &self.class else {
            return Vec::new();
        };
        let mut rows: Vec<&TraineeRow> = class.rows.iter().collect();
        if self.order == Order::Score {
            let score = |r: &TraineeRow| r.progress.as_ref().ok().map(|p| p.score);
            rows.sort_by(|a, b| {
                match (score(a), score(b)) {
                    (Some(x), Some(y)) => y.total_cmp(&x),
                    (a, b) => b.is_some().cmp(&a.is_some()),
                }
                .then(a.trainee.cmp(&b.trainee))
            });
        }
        rows
    }

    /// Where the selected row stands in [`Trainer::rows`].
    pub fn selected_index(&self) -> Option<usize> {
        let selected = self.selected.as_ref()?;
        self.rows().iter().position(|r| &r.store == selected)
    }

    pub fn selected_row(&self) -> Option<&TraineeRow> {
        self.selected_index().map(|i| self.rows()[i])
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> Option<Effect> {
        if key.kind == KeyEventKind::Release {
            return None;
        }
        command_for(key).and_then(|c| self.update(Action::Command(c)))
    }

    pub fn update(&mut self, action: Action) -> Option<Effect> {
        match action {
            Action::Tick(now) => self.now = now,
            Action::Read(class) => {
                self.reading = false;
                self.now = class.at;
                self.class = Some(*class);
                if self.selected_index().is_none() {
                    self.selected = self.rows().first().map(|r| r.store.clone());
                }
            }
            Action::Command(c) => return self.command(c),
        }
        None
    }

    fn command(&mut self, command: Command) -> Option<Effect> {
        match command {
            Command::Quit => self.quit = true,
            Command::Refresh => return Some(Effect::Read),
            Command::Sort => {
                self.order = match self.order {
                    Order::Name => Order::Score,
                    Order::Score => Order::Name,
                }
            }
            Command::Bills => self.pane = !self.pane && self.selected.is_some(),
            Command::Back => self.pane = false,
            Command::Up | Command::Down => {
                let rows = self.rows();
                if rows.is_empty() {
                    return None;
                }
                let at = self.selected_index().unwrap_or(0);
                let to = if command == Command::Up {
                    at.saturating_sub(1)
                } else {
                    (at + 1).min(rows.len() - 1)
                };
                self.selected = Some(rows[to].store.clone());
            }
        }
        None
    }
}

/// What the trainer view needs.
pub struct Options {
    pub key: AnswerKey,
    /// The trainee stores, asked again before every read, so that a trainee who starts late
    /// shows up.
    pub stores: Box<dyn FnMut() -> Vec<PathBuf> + Send>,
    pub config: Config,
    /// `dark`, `light` or `high-contrast`; `NO_COLOR` turns colour off.
    pub theme: Option<String>,
}

/// Reads the class on a thread of its own whenever asked; each read comes back as an action.
fn spawn_reader(options: Options, answers: Sender<Action>) -> Sender<()> {
    let (ask, asked) = mpsc::channel::<()>();
    let Options {
        key,
        mut stores,
        config,
        ..
    } = options;
    std::thread::spawn(move || {
        for () in asked {
            let class = progress::read_class(&key, &stores(), &config, Utc::now());
            if answers.send(Action::Read(Box::new(class))).is_err() {
                break;
            }
        }
    });
    ask
}

/// Runs the trainer view until the trainer quits.
pub fn run(options: Options) -> Result<()> {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let theme = Theme::resolve(options.theme.as_deref(), no_color).map_err(anyhow::Error::msg)?;
    let mut app = Trainer::new(&options.key.exercise, theme, Utc::now());
    let (answer, answers) = mpsc::channel();
    let ask = spawn_reader(options, answer);
    install_panic_hook();
    let guard = TerminalGuard::enter().context("cannot put the terminal in raw mode")?;
    let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    terminal.clear()?;
    let result = event_loop(&mut app, &mut terminal, &ask, &answers);
    drop(guard);
    result
}

fn event_loop(
    app: &mut Trainer,
    terminal: &mut Terminal<CrosstermBackend<io::Stdout>>,
    ask: &Sender<()>,
    answers: &Receiver<Action>,
) -> Result<()> {
    // Asked while a read was under way: read again as soon as it ends.
    let mut again = false;
    let mut next_read = Some(Instant::now());
    while !app.quit {
        while let Ok(action) = answers.try_recv() {
            app.update(action);
            next_read = Some(Instant::now() + REFRESH);
            if std::mem::take(&mut again) {
                next_read = Some(Instant::now());
            }
        }
        if !app.reading && next_read.is_some_and(|t| Instant::now() >= t) {
            ask.send(()).context("the store reader stopped")?;
            app.reading = true;
            next_read = None;
        }
        terminal.draw(|f| view::render(f, app))?;
        if event::poll(TICK)? {
            let effect = match event::read()? {
                Event::Key(k) => app.handle_key(k),
                _ => None,
            };
            if effect == Some(Effect::Read) {
                if app.reading {
                    again = true;
                } else {
                    next_read = Some(Instant::now());
                }
            }
        }
        app.update(Action::Tick(Utc::now()));
    }
    Ok(())
}
