//! The `hubscreen` command line: a thin layer that parses arguments, calls the engine
//! ([`hubscreen::service`] and the modules below it) and turns what went wrong into messages
//! on stderr and an exit code. No screening logic and no workflow rule lives here.
//!
//! One file per command group: [`screen`], [`names`] (`screen-names`), [`eval`], [`lists`],
//! [`ingest`], [`queue`], [`audit`], [`dashboard`] (no command); argument groups several
//! commands share are in [`args`], the store session every store command opens in [`session`].
//!
//! Exit codes: 0 done; 1 `--fail-on` threshold reached; 2 bad input or an unreadable list,
//! always after everything readable was still screened and reported; 3 a queue conflict.

mod args;
mod audit;
mod dashboard;
mod eval;
mod exercise;
mod goods;
mod ingest;
mod lists;
mod names;
mod queue;
mod rules;
mod screen;
mod session;
mod watch;

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use chrono::Utc;
use clap::{Parser, Subcommand};

use hubscreen::config::Config;
use hubscreen::lists::goods::GoodsLists;
use hubscreen::lists::sources::Sources;
use hubscreen::lists::update::ListStore;
use hubscreen::screen::Screener;
use hubscreen::service::{self, LoadedLists, Notice};
use hubscreen::store::Store;
use hubscreen::text::safe::for_terminal;

use args::ListArgs;
use session::Session;

/// Parses the command line, runs the command and gives its exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        // A reader that stops early (`| head`) is not an error.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("hubscreen: error: {}", for_terminal(&format!("{e:#}")));
            ExitCode::from(EXIT_BAD_INPUT)
        }
    }
}

/// Prints the engine's notices on stderr, safe for the terminal.
pub(crate) fn print_notices(notices: &[Notice]) {
    for notice in notices {
        warn(&notice.text);
    }
}

/// Loads the lists of a run (see [`service::load_lists`]), saying everything about them on
/// stderr.
pub(crate) fn load_lists(args: &ListArgs, config: &Config, store: &ListStore) -> LoadedLists {
    let loaded = service::load_lists(store, &args.lists, config, Utc::now());
    print_notices(&loaded.notices);
    loaded
}

/// Stops a screening run when a list it should use could not be read: a party screened
/// against nothing would come out green.
pub(crate) fn ensure_screenable(loaded: &LoadedLists) -> Result<()> {
    match loaded.refusal() {
        Some(why) => Err(anyhow::anyhow!("{why}")),
        None => Ok(()),
    }
}

/// Loads the goods lists (`--goods DIR`, else the bundled ones), saying what failed; the flag
/// is set when goods are not all screened.
pub(crate) fn load_goods(dir: Option<&Path>) -> (GoodsLists, bool) {
    let loaded = service::load_goods(dir);
    print_notices(&loaded.notices);
    (loaded.goods, loaded.failed)
}

/// A screener with its name index cached under the data directory, and the suppressions of
/// `db` in force when a store is given (see [`service::screener`]).
pub(crate) fn screener(
    lists: LoadedLists,
    goods: GoodsLists,
    config: Config,
    store: &ListStore,
    db: Option<&dyn Store>,
) -> Result<Screener> {
    let (screener, notices) = service::screener(
        lists.lists,
        goods,
        config,
        store,
        db.map(|db| (db, Utc::now())),
    )?;
    print_notices(&notices);
    Ok(screener)
}

#[derive(Parser)]
#[command(
    name = "hubscreen",
    version,
    about = "Screen cargo manifests against denied-party and strategic-goods lists; with no command, open the dashboard"
)]
pub(crate) struct Cli {
    /// Configuration file (TOML); default: config.toml in the platform config directory.
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Data directory holding installed lists; default: the platform data directory.
    #[arg(long, global = true, value_name = "DIR", env = "HUBSCREEN_DATA_DIR")]
    data_dir: Option<PathBuf>,
    /// The store (SQLite file); default: hubscreen.db in the data directory.
    #[arg(long, global = true, value_name = "PATH", env = "HUBSCREEN_STORE")]
    store: Option<PathBuf>,
    /// Record decisions as this user instead of the OS user (if workflow.allow_user_flag).
    #[arg(long, global = true, value_name = "NAME")]
    user: Option<String>,
    #[command(flatten)]
    dashboard: dashboard::DashboardArgs,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
pub(crate) enum Command {
    /// Screen every shipment of one or more manifests.
    Screen(screen::ScreenArgs),
    /// Screen names read from stdin, one per line; one JSON object out per line, in order.
    ScreenNames(names::ScreenNamesArgs),
    /// Measure the name matcher on variants of listed names and on clean names.
    Eval(eval::EvalArgs),
    /// Work with the denied-party lists.
    Lists {
        #[command(subcommand)]
        command: lists::ListsCommand,
    },
    /// Screen manifests and store them, with their assessments, in the referral queue.
    Ingest(ingest::IngestArgs),
    /// The referral queue: list, show, claim, decide, export, re-screen.
    Queue {
        #[command(subcommand)]
        command: queue::QueueCommand,
    },
    /// The audit log: verify its hash chain, export it as JSON lines.
    Audit {
        #[command(subcommand)]
        command: audit::AuditCommand,
    },
    /// Watch a folder: screen and store every manifest dropped into it, once.
    Watch(watch::WatchArgs),
    /// Targeting rule packs: list, show, check a pack file, test it on manifests.
    Rules {
        #[command(subcommand)]
        command: rules::RulesCommand,
    },
    /// Strategic-goods lists and reference tables: install the HS 2022 text and Annex I, show
    /// what is in use, look up an HS code, a control-list entry or words.
    Goods {
        #[command(subcommand)]
        command: goods::GoodsCommand,
    },
    /// Training exercises: generate a bundle, start a trainee's session in a store of their
    /// own, fire the scheduled injects, score and debrief a class, replay a trainee's work.
    Exercise {
        #[command(subcommand)]
        command: exercise::ExerciseCommand,
    },
}

/// Exit code for bad input, after everything readable was handled.
pub(crate) const EXIT_BAD_INPUT: u8 = 2;

/// Whether the error is stdout's reader having gone away, however the writer wrapped it: an
/// `io::Error` of its own, or one inside the csv writer's or serde_json's error (the csv crate
/// turns its errors into `io::Error`s of kind `Other` that hide the cause from `source()`).
pub(crate) fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(closed_pipe)
}

pub(crate) fn closed_pipe(e: &(dyn std::error::Error + 'static)) -> bool {
    if let Some(io) = e.downcast_ref::<io::Error>() {
        return io.kind() == io::ErrorKind::BrokenPipe
            || io.get_ref().is_some_and(|inner| closed_pipe(inner));
    }
    if let Some(json) = e.downcast_ref::<serde_json::Error>() {
        return json.io_error_kind() == Some(io::ErrorKind::BrokenPipe);
    }
    if let Some(csv) = e.downcast_ref::<csv::Error>() {
        return matches!(csv.kind(), csv::ErrorKind::Io(io) if io.kind() == io::ErrorKind::BrokenPipe);
    }
    false
}

/// Writes one line of a command whose work is not its output (`ingest`, `lists update`, `queue
/// rescreen`): a reader that went away (`| head`) must not stop the work half done, so a
/// closed stdout is ignored here; any other write error is returned.
pub(crate) fn say(out: &mut impl Write, line: std::fmt::Arguments) -> io::Result<()> {
    match out.write_fmt(line).and_then(|()| out.write_all(b"\n")) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        written => written,
    }
}

fn run(cli: Cli) -> Result<u8> {
    let config = load_config(cli.config.as_deref())?;
    let data_dir = match cli.data_dir {
        Some(d) => d,
        None => ListStore::default_data_dir().context("no home directory: pass --data-dir")?,
    };
    let store = ListStore::new(&data_dir);
    let session = Session {
        store: cli.store,
        user: cli.user,
    };
    let Some(command) = cli.command else {
        return dashboard::open(cli.dashboard, &session, config, &store, data_dir);
    };
    match command {
        Command::Screen(args) => screen::screen(args, config, &session, &store),
        Command::ScreenNames(args) => names::screen_names(args, config, &store),
        Command::Eval(args) => eval::eval(args, config, &store),
        Command::Lists { command } => lists::run(command, &session, &config, &store),
        Command::Ingest(args) => ingest::ingest(args, &session, &config, &store),
        Command::Queue { command } => queue::queue(command, &session, &config, &store),
        Command::Audit { command } => audit::audit(command, &session, &config, &store),
        Command::Watch(args) => watch::watch(args, &session, &config, &store),
        Command::Rules { command } => rules::run(command, &session, &config, &store),
        Command::Goods { command } => goods::run(command, &store),
        Command::Exercise { command } => exercise::run(command, &config, &store, &data_dir),
    }
}

pub(crate) fn load_sources(path: Option<&Path>) -> Result<Sources> {
    Ok(Sources::configured(path)?)
}

pub(crate) fn load_config(path: Option<&Path>) -> Result<Config> {
    match path {
        Some(p) => Ok(Config::load(p)?),
        None => match Config::default_path().filter(|p| p.is_file()) {
            Some(p) => Config::load(&p).with_context(|| format!("default config {}", p.display())),
            None => Ok(Config::default()),
        },
    }
}

/// Prints a problem on stderr, safe for the terminal.
pub(crate) fn warn(line: &str) {
    eprintln!("{}", for_terminal(line));
}
