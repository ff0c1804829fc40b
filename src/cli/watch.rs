//! `hubscreen watch DIR`: live intake without the dashboard. Every manifest dropped into the
//! folder is screened and stored once (by content hash, whatever its format); a file that
//! cannot be read is moved to `DIR/rejected/` with a `.error.txt` beside it.

use std::io;
use std::path::PathBuf;
use std::sync::mpsc;

use anyhow::{Context, Result};
use chrono::Utc;
use clap::Args;

use hubscreen::config::Config;
use hubscreen::ingest::ColumnMap;
use hubscreen::intake::{self, Intake};
use hubscreen::lists::update::ListStore;
use hubscreen::service;
use hubscreen::store::OpenMode;
use hubscreen::text::safe::for_terminal;

use super::args::ListArgs;
use super::session::{Session, actor, open};
use super::{EXIT_BAD_INPUT, ensure_screenable, load_goods, load_lists, say, screener};

#[derive(Args)]
pub(crate) struct WatchArgs {
    /// The inbox folder (created if missing).
    #[arg(value_name = "DIR")]
    dir: PathBuf,
    #[command(flatten)]
    lists: ListArgs,
    /// Folder with hs_prefixes.csv, keywords.csv and chemicals.csv. Default: the bundled goods lists.
    #[arg(long, value_name = "DIR")]
    goods: Option<PathBuf>,
    /// Take in the files already in the folder, then stop instead of waiting for more.
    #[arg(long)]
    once: bool,
}

pub(crate) fn watch(
    args: WatchArgs,
    session: &Session,
    config: &Config,
    list_store: &ListStore,
) -> Result<u8> {
    let mut db = open(session, config, list_store, OpenMode::Create)?;
    let loaded = load_lists(&args.lists, config, list_store);
    ensure_screenable(&loaded)?;
    let (goods, goods_failed) = load_goods(args.goods.as_deref());
    let screener = screener(loaded, goods, config.clone(), list_store, Some(&db))?;
    let options = service::ingest_options(None, ColumnMap::default());
    let (tx, rx) = mpsc::channel::<PathBuf>();
    let _watcher = intake::watch::watch(&args.dir, move |path| {
        let _ = tx.send(path);
    })
    .with_context(|| format!("watching {}", args.dir.display()))?;
    let out = &mut io::stdout().lock();
    say(
        out,
        format_args!(
            "watching {} (files that cannot be read go to {}/)",
            for_terminal(&args.dir.display().to_string()),
            intake::REJECTED
        ),
    )?;
    let mut rejected = 0;
    loop {
        // With --once: what was there at the start has settled well within a second.
        let next = if args.once {
            match rx.recv_timeout(intake::watch::SETTLE * 3) {
                Ok(p) => p,
                Err(_) => break,
            }
        } else {
            match rx.recv() {
                Ok(p) => p,
                Err(_) => break,
            }
        };
        let mut actor = actor(session, config)?;
        actor.at = Utc::now();
        match intake::take_in(&next, &mut db, &screener, &options, &actor) {
            Ok(Intake::Stored { ingested, outcome }) if outcome.already_stored => say(
                out,
                format_args!(
                    "{}: already stored (ingest run {}, same SHA-256); nothing changed",
                    for_terminal(&ingested.file),
                    outcome.run_id
                ),
            )?,
            Ok(Intake::Stored { ingested, outcome }) => {
                say(
                    out,
                    format_args!(
                        "{}: {} ingest run {}: {} shipments, {} new or amended, {} unchanged; {} \
                         queue items created or updated; {} problems",
                        for_terminal(&ingested.file),
                        ingested.format,
                        outcome.run_id,
                        outcome.shipments,
                        outcome.new_versions,
                        outcome.unchanged,
                        outcome.queued.len(),
                        ingested.problems.len()
                    ),
                )?;
                for w in &outcome.warnings {
                    super::warn(w);
                }
            }
            Ok(Intake::Rejected {
                moved_to,
                report,
                why,
            }) => {
                rejected += 1;
                say(
                    out,
                    format_args!(
                        "{}: REJECTED, nothing screened; moved to {} (reasons in {}): {}",
                        for_terminal(&next.display().to_string()),
                        for_terminal(&moved_to.display().to_string()),
                        for_terminal(&report.display().to_string()),
                        for_terminal(why.lines().next().unwrap_or(""))
                    ),
                )?
            }
            // The store failed: the file stays in the inbox for the next start.
            Err(e) => super::warn(&format!("hubscreen: {e}")),
        }
    }
    Ok(if rejected > 0 || goods_failed {
        EXIT_BAD_INPUT
    } else {
        0
    })
}
