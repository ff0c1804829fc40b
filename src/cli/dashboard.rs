//! `hubscreen` with no command: the dashboard, on this terminal.

use std::path::PathBuf;

use anyhow::Result;
use clap::Args;

use hubscreen::config::Config;
use hubscreen::lists::update::ListStore;

use super::session::{self, Session};

/// The dashboard's own flags.
#[derive(Args)]
pub(crate) struct DashboardArgs {
    /// Dashboard key bindings (TOML, `[keys] claim = ["C"]`).
    #[arg(long, value_name = "FILE")]
    pub(crate) keymap: Option<PathBuf>,
    /// Dashboard colours: dark, light or high-contrast (NO_COLOR turns colour off).
    #[arg(long, value_name = "NAME")]
    pub(crate) theme: Option<String>,
    /// Dashboard: watch this folder and ingest every manifest dropped into it.
    #[arg(long, value_name = "DIR")]
    pub(crate) inbox: Option<PathBuf>,
    /// Dashboard: quit once the first frame with the store's data is drawn, and print how long
    /// that took (for measuring start-up).
    #[arg(long, hide = true)]
    pub(crate) first_frame_exit: bool,
}

/// Opens the dashboard on the store of `session`, as its user.
pub(crate) fn open(
    args: DashboardArgs,
    session: &Session,
    config: Config,
    store: &ListStore,
    data_dir: PathBuf,
) -> Result<u8> {
    let user = session::actor(session, &config)?.user;
    let store = session::store_path(session, store);
    // A trainee's store opens as the exercise it is, whichever command opens it: what the
    // exercise hides stays hidden.
    let exercise = hubscreen::exercise::session::session_path(&store).is_file();
    hubscreen::tui::run(hubscreen::tui::Options {
        keymap: args.keymap,
        theme: args.theme,
        store,
        data_dir,
        user,
        inbox: args.inbox,
        first_frame_exit: args.first_frame_exit,
        exercise,
        config,
    })?;
    Ok(0)
}
