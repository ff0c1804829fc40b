//! The terminal dashboard (`hubscreen` with no arguments): overview, shipments, detail, queue,
//! lists and audit views over a [`data::DashboardBackend`].
//!
//! The Elm architecture, as in ratatui's component template and gitui: keys and background
//! results become [`action::Action`]s, [`app::App::update`] changes state and returns
//! [`action::Effect`]s, [`views::render`] draws `&App`, and [`event_loop`] is the only part that
//! touches the terminal or the store. Each view's state, filter and view-specific keys are a
//! component in [`components`]; `App` holds what views share and dispatches to them. The
//! engine (`ingest`, `lists`, `screen`) knows nothing of any of this. The trainer's view of an
//! exercise class ([`trainer`]) is a screen of its own in the same shape.

pub mod action;
pub mod app;
pub mod components;
pub mod data;
pub mod event_loop;
pub mod exercise_backend;
pub mod filter;
pub mod keymap;
pub mod layout;
pub mod store_backend;
pub mod theme;
pub mod trainer;
pub mod views;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, Result};
use chrono::Utc;

use crate::config::Config;
use app::App;
use data::DashboardBackend;
use keymap::Keymap;
use store_backend::StoreBackend;
use theme::Theme;

/// How the dashboard is started.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// TOML file rebinding keys (`[keys] claim = ["C"]`).
    pub keymap: Option<PathBuf>,
    /// `dark`, `light` or `high-contrast`.
    pub theme: Option<String>,
    pub config: Config,
    /// The store file (`--store`, `HUBSCREEN_STORE`, else `hubscreen.db` in the data directory).
    pub store: PathBuf,
    /// The data directory holding the installed lists.
    pub data_dir: PathBuf,
    /// Who records claims and decisions: the OS user, or `--user` where the configuration
    /// allows it (resolved like the command line does).
    pub user: String,
    /// A folder to watch: a manifest dropped there is ingested without a keypress.
    pub inbox: Option<PathBuf>,
    /// Leave as soon as the first frame is drawn (for measuring start-up time).
    pub first_frame_exit: bool,
    /// The store is a trainee's exercise store (`hubscreen exercise start`): show the
    /// briefing, the timer and the injects, and hide what the exercise's assistance withholds.
    pub exercise: bool,
}

/// Builds the app from the options: keymap file, theme and `NO_COLOR`.
pub fn build_app(options: &Options, user: String) -> Result<App> {
    let mut keymap = Keymap::default();
    if let Some(path) = options
        .keymap
        .as_ref()
        .or(options.config.dashboard.keymap.as_ref())
    {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("keymap {}", path.display()))?;
        keymap = keymap
            .with_overrides(&text)
            .map_err(|e| anyhow::anyhow!("keymap {}: {e}", path.display()))?;
    }
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let name = options
        .theme
        .as_deref()
        .or(options.config.dashboard.theme.as_deref());
    let theme = Theme::resolve(name, no_color).map_err(anyhow::Error::msg)?;
    Ok(App::new(user, Utc::now(), keymap, theme))
}

/// Opens the store (ingesting the bundled samples on a first start) and runs the dashboard
/// until the officer quits.
pub fn run(options: Options) -> Result<()> {
    let started = Instant::now();
    let _log = init_logging();
    let mut app = build_app(&options, options.user.clone())?;
    let opening = || format!("opening the store {}", options.store.display());
    let backend: Arc<dyn DashboardBackend> = if options.exercise {
        let backend = exercise_backend::ExerciseBackend::open(
            &options.store,
            &options.data_dir,
            options.config.clone(),
            data::system_clock(),
        )
        .map_err(|e| anyhow::anyhow!("{e}"))
        .with_context(opening)?;
        if let Some(info) = backend.exercise() {
            app.set_exercise(info);
        }
        Arc::new(backend)
    } else {
        let backend = StoreBackend::open(
            &options.store,
            &options.data_dir,
            options.config.clone(),
            data::system_clock(),
        )
        .map_err(|e| anyhow::anyhow!("{e}"))
        .with_context(opening)?
        .with_inbox(options.inbox.clone());
        backend
            .seed_samples(&options.user)
            .map_err(|e| anyhow::anyhow!("{e}"))
            .context("first start: storing the bundled sample manifests")?;
        Arc::new(backend)
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    tracing::info!(user = %app.user, store = %options.store.display(), "dashboard started");
    let result = runtime.block_on(event_loop::run(
        app,
        backend,
        event_loop::RunOptions {
            inbox: options.inbox.clone(),
            started,
            first_frame_exit: options.first_frame_exit,
        },
    ));
    tracing::info!("dashboard stopped");
    result
}

/// Sends logs to `hubscreen.log` in the platform state directory (data directory where there
/// is none), never to the screen. Returns the guard that flushes the file on drop.
fn init_logging() -> Option<tracing_appender::non_blocking::WorkerGuard> {
    let dirs = directories::ProjectDirs::from("org", "hubscreen", "hubscreen")?;
    let dir = dirs
        .state_dir()
        .unwrap_or_else(|| dirs.data_local_dir())
        .to_path_buf();
    std::fs::create_dir_all(&dir).ok()?;
    let appender = tracing_appender::rolling::never(&dir, "hubscreen.log");
    let (writer, guard) = tracing_appender::non_blocking(appender);
    let filter = tracing_subscriber::EnvFilter::try_from_env("HUBSCREEN_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_writer(writer)
        .with_ansi(false)
        .with_env_filter(filter)
        .try_init()
        .ok()?;
    Some(guard)
}
