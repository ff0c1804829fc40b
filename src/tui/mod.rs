//! The terminal dashboard (`hubscreen` with no arguments): overview, shipments, detail, queue,
//! lists and audit views over a [`data::DashboardBackend`].
//!
//! The Elm architecture, as in ratatui's component template and gitui: keys and background
//! results become [`action::Action`]s, [`app::App::update`] changes state and returns
//! [`action::Effect`]s, [`views::render`] draws `&App`, and [`event_loop`] is the only part that
//! touches the terminal or the store. The engine (`ingest`, `lists`, `screen`) knows nothing of
//! any of this.

pub mod action;
pub mod app;
pub mod data;
pub mod event_loop;
pub mod filter;
pub mod keymap;
pub mod layout;
pub mod theme;
pub mod views;

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, Result};
use chrono::Utc;

use crate::config::Config;
use app::App;
use data::{DashboardBackend, MemoryBackend};
use keymap::Keymap;
use theme::Theme;

/// How the dashboard is started.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// TOML file rebinding keys (`[keys] claim = ["C"]`).
    pub keymap: Option<PathBuf>,
    /// `dark`, `light` or `high-contrast`.
    pub theme: Option<String>,
    pub config: Config,
}

/// The officer's name for claims and the audit log: `HUBSCREEN_USER`, else the login name.
pub fn current_user() -> String {
    ["HUBSCREEN_USER", "USER", "USERNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|u| !u.trim().is_empty()))
        .unwrap_or_else(|| "officer".to_string())
}

/// Builds the app from the options: keymap file, theme and `NO_COLOR`.
pub fn build_app(options: &Options, user: String) -> Result<App> {
    let mut keymap = Keymap::default();
    if let Some(path) = &options.keymap {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("keymap {}", path.display()))?;
        keymap = keymap
            .with_overrides(&text)
            .map_err(|e| anyhow::anyhow!("keymap {}: {e}", path.display()))?;
    }
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let theme = Theme::resolve(options.theme.as_deref(), no_color).map_err(anyhow::Error::msg)?;
    Ok(App::new(user, Utc::now(), keymap, theme))
}

/// Runs the dashboard on the in-memory backend with the bundled samples, until the store of
/// issue 5 provides a persistent one.
pub fn run(options: Options) -> Result<()> {
    let _log = init_logging();
    let app = build_app(&options, current_user())?;
    let backend: Arc<dyn DashboardBackend> = Arc::new(
        MemoryBackend::with_samples(options.config.clone(), data::system_clock())
            .map_err(|e| anyhow::anyhow!("{e}"))?,
    );
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    tracing::info!(user = %app.user, "dashboard started");
    let result = runtime.block_on(event_loop::run(app, backend));
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
