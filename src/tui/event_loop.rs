//! The running dashboard: a tokio loop over terminal events, a tick, a change poll, SIGTERM and
//! the answers of background work, with the terminal restored however the loop ends.
//!
//! Effects that touch the store run in `spawn_blocking` and come back as actions over a
//! channel, so a slow ingest never freezes the screen. Actions that arrive together are applied
//! together and drawn once.

use std::io::{self, Stdout};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use chrono::Utc;
use crossterm::event::{
    DisableMouseCapture, EnableMouseCapture, Event, EventStream, KeyEventKind, MouseButton,
    MouseEventKind,
};
use crossterm::terminal::{
    BeginSynchronizedUpdate, EndSynchronizedUpdate, EnterAlternateScreen, LeaveAlternateScreen,
    disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute};
use futures::StreamExt;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use tokio::sync::mpsc::{self, UnboundedSender};

use crate::tui::action::{Action, Effect};
use crate::tui::app::App;
use crate::tui::data::{ActionError, DashboardBackend, Progress};
use crate::tui::views;

/// How often the clock on screen moves.
const TICK: Duration = Duration::from_millis(500);
/// How often the store is asked whether another officer changed something.
const POLL: Duration = Duration::from_secs(2);

/// Raw mode, alternate screen and mouse capture for as long as it lives; restored on drop, on
/// panic (through the hook installed by [`install_panic_hook`]) and before suspending.
pub struct TerminalGuard;

impl TerminalGuard {
    pub fn enter() -> io::Result<Self> {
        enable_raw_mode()?;
        execute!(io::stdout(), EnterAlternateScreen, EnableMouseCapture)?;
        Ok(TerminalGuard)
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore_terminal();
    }
}

/// Puts the terminal back as the shell expects it. Safe to call more than once.
pub fn restore_terminal() {
    let _ = disable_raw_mode();
    let _ = execute!(
        io::stdout(),
        DisableMouseCapture,
        LeaveAlternateScreen,
        cursor::Show
    );
}

/// Restores the terminal before the default panic message prints, so the message is readable
/// and the shell is usable.
pub fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        tracing::error!("panic: {info}");
        previous(info);
    }));
}

type Term = Terminal<CrosstermBackend<Stdout>>;

/// What the loop needs besides the app and the backend.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// A folder to watch for manifests (`--inbox`).
    pub inbox: Option<PathBuf>,
    /// When the process started, for the first-frame time in the log.
    pub started: Instant,
    /// Leave once the first frame with the store's data is drawn.
    pub first_frame_exit: bool,
}

/// Runs the dashboard until the officer quits or SIGTERM arrives.
pub async fn run(
    mut app: App,
    backend: Arc<dyn DashboardBackend>,
    options: RunOptions,
) -> Result<()> {
    install_panic_hook();
    let guard = TerminalGuard::enter().context("cannot put the terminal in raw mode")?;
    let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    terminal.clear()?;
    let size = terminal.size()?;
    app.update(Action::Resize {
        width: size.width,
        height: size.height,
    });
    let (tx, mut rx) = mpsc::unbounded_channel::<Action>();
    let _inbox = match &options.inbox {
        Some(dir) => {
            let inbox_tx = tx.clone();
            let watcher = crate::intake::watch::watch(dir, move |path| {
                let _ = inbox_tx.send(Action::InboxArrived(path));
            })
            .with_context(|| format!("watching the inbox {}", dir.display()))?;
            tracing::info!(inbox = %dir.display(), "watching the inbox");
            Some(watcher)
        }
        None => None,
    };
    let mut first_frame: Option<Duration> = None;
    let mut first_full_frame: Option<Duration> = None;
    let mut events = EventStream::new();
    let mut tick = tokio::time::interval(TICK);
    let mut poll = tokio::time::interval(POLL);
    poll.tick().await;
    #[cfg(unix)]
    let mut sigterm = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;

    let first = app.start();
    let mut pending = first;
    loop {
        for effect in std::mem::take(&mut pending) {
            match effect {
                Effect::Quit => app.quit = true,
                Effect::Suspend => {
                    suspend(&mut terminal)?;
                }
                other => perform(other, &backend, &app.user, &tx),
            }
        }
        if app.quit {
            break;
        }
        draw(&mut terminal, &app)?;
        if first_frame.is_none() {
            let t = options.started.elapsed();
            tracing::info!(ms = t.as_secs_f64() * 1e3, "first frame drawn");
            first_frame = Some(t);
        }
        if first_full_frame.is_none() && app.busy() == 0 {
            let t = options.started.elapsed();
            tracing::info!(
                ms = t.as_secs_f64() * 1e3,
                "first frame with the store's data drawn"
            );
            first_full_frame = Some(t);
            if options.first_frame_exit {
                break;
            }
        }

        #[cfg(unix)]
        let term_signal = sigterm.recv();
        #[cfg(not(unix))]
        let term_signal = std::future::pending::<Option<()>>();
        tokio::select! {
            event = events.next() => match event {
                Some(Ok(event)) => pending.extend(on_event(&mut app, event)),
                Some(Err(e)) => return Err(e).context("reading the terminal"),
                None => break,
            },
            Some(action) = rx.recv() => {
                pending.extend(app.update(action));
                // Everything else already waiting is applied before the next draw.
                while let Ok(more) = rx.try_recv() {
                    pending.extend(app.update(more));
                }
            }
            _ = tick.tick() => pending.extend(app.update(Action::Tick(Utc::now()))),
            _ = poll.tick() => pending.push(Effect::PollChanges),
            _ = term_signal => {
                tracing::info!("SIGTERM: leaving");
                break;
            }
        }
    }
    drop(guard);
    if options.first_frame_exit
        && let (Some(first), Some(full)) = (first_frame, first_full_frame)
    {
        // The terminal is restored by now: this goes to the shell, not over the dashboard.
        eprintln!(
            "first frame {:.1} ms, first frame with the store's data {:.1} ms after start",
            first.as_secs_f64() * 1e3,
            full.as_secs_f64() * 1e3
        );
    }
    Ok(())
}

fn draw(terminal: &mut Term, app: &App) -> Result<()> {
    // Synchronized update: the terminal shows the frame whole, no tearing over SSH.
    execute!(terminal.backend_mut(), BeginSynchronizedUpdate)?;
    terminal.draw(|f| views::render(f, app))?;
    execute!(terminal.backend_mut(), EndSynchronizedUpdate)?;
    Ok(())
}

fn on_event(app: &mut App, event: Event) -> Vec<Effect> {
    match event {
        Event::Key(k) if k.kind != KeyEventKind::Release => app.handle_key(k),
        Event::Mouse(m) => match m.kind {
            MouseEventKind::Down(MouseButton::Left) => app.update(Action::Click {
                column: m.column,
                row: m.row,
            }),
            MouseEventKind::ScrollUp => app.update(Action::Scroll(-1)),
            MouseEventKind::ScrollDown => app.update(Action::Scroll(1)),
            _ => Vec::new(),
        },
        Event::Resize(width, height) => app.update(Action::Resize { width, height }),
        _ => Vec::new(),
    }
}

/// Runs one effect on a blocking thread; its answer comes back as an action.
fn perform(
    effect: Effect,
    backend: &Arc<dyn DashboardBackend>,
    user: &str,
    tx: &UnboundedSender<Action>,
) {
    let backend = Arc::clone(backend);
    let user = user.to_string();
    let tx = tx.clone();
    tokio::task::spawn_blocking(move || {
        let progress_tx = tx.clone();
        let report = move |p| {
            let _ = progress_tx.send(Action::Progress(p));
        };
        if let Some(action) = execute(effect, backend.as_ref(), &user, &report) {
            let _ = tx.send(action);
        }
    });
}

/// Performs one effect against the backend and returns the action that reports its result
/// (`None` for effects the loop handles itself). Blocking; tests call it directly.
pub fn execute(
    effect: Effect,
    backend: &dyn DashboardBackend,
    user: &str,
    progress: &dyn Fn(Progress),
) -> Option<Action> {
    let fail = |what: &str, e: ActionError| Action::Failed(format!("{what}: {e}"));
    Some(match effect {
        Effect::LoadSnapshot => match backend.snapshot() {
            Ok(s) => Action::SnapshotLoaded(Box::new(s)),
            Err(e) => fail("loading the dashboard", e),
        },
        Effect::LoadDetail(id) => match backend.shipment(id) {
            Ok(d) => Action::DetailLoaded(Box::new(d)),
            Err(e) => fail("loading the shipment", e),
        },
        Effect::PollChanges => match backend.change_counter() {
            Ok(n) => Action::ChangeCounter(n),
            Err(e) => Action::PollFailed(format!("polling the store: {e}")),
        },
        Effect::Claim(items) => Action::QueueDone {
            what: "claim".into(),
            results: items
                .into_iter()
                .map(|(id, v)| (id, backend.claim(id, v, user)))
                .collect(),
        },
        Effect::Decide(items, decision) => Action::QueueDone {
            what: decision.action.as_str().into(),
            results: items
                .into_iter()
                .map(|(id, v)| (id, backend.decide(id, v, user, &decision)))
                .collect(),
        },
        Effect::Ingest(path) => Action::Ingested(backend.ingest(&path, user, progress)),
        Effect::Filter(job) => {
            let visible = job.run()?;
            Action::Filtered {
                generation: job.generation,
                query: job.text,
                visible,
            }
        }
        Effect::UpdateLists(from) => {
            Action::ListsUpdated(backend.update_lists(from.as_deref(), user, progress))
        }
        Effect::LoadAudit => match backend.audit() {
            Ok(a) => Action::AuditLoaded(a),
            Err(e) => fail("loading the audit log", e),
        },
        Effect::VerifyAudit => match backend.verify_audit() {
            Ok(v) => Action::AuditVerified(v),
            Err(e) => fail("verifying the audit log", e),
        },
        Effect::ApplyInjects => Action::InjectsApplied(backend.apply_due_injects()),
        Effect::Lookup(query) => match backend.lookup(&query) {
            Ok(r) => Action::LookedUp(Box::new(r)),
            Err(e) => fail("look-up", e),
        },
        Effect::Quit | Effect::Suspend => return None,
    })
}

/// Ctrl-Z: give the terminal back, stop, and take it again on `fg`.
fn suspend(terminal: &mut Term) -> Result<()> {
    restore_terminal();
    #[cfg(unix)]
    // SAFETY: raise() only sends a signal to this process; no memory is touched.
    unsafe {
        libc::raise(libc::SIGTSTP);
    }
    enable_raw_mode()?;
    execute!(io::stdout(), EnterAlternateScreen, EnableMouseCapture)?;
    terminal.clear()?;
    Ok(())
}
