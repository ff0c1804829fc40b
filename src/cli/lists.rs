//! `hubscreen lists show|update|diff`: the denied-party lists installed in the data directory.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::Result;
use chrono::Utc;
use clap::{Subcommand, ValueEnum};

use hubscreen::config::Config;
use hubscreen::lists::update::{ListStore, SourceUpdate, update_sources};
use hubscreen::report;
use hubscreen::text::safe::{self, for_terminal};

use super::args::ListArgs;
use super::queue::after_lists_update;
use super::session::Session;
use super::{EXIT_BAD_INPUT, load_lists, load_sources, say, warn};

#[derive(Subcommand)]
pub(crate) enum ListsCommand {
    /// Show what is loaded: name, format, version, fetched at, counts, content hash, age.
    Show {
        #[command(flatten)]
        lists: ListArgs,
        #[arg(long, value_enum, default_value_t = ListsFormat::Table)]
        format: ListsFormat,
    },
    /// Fetch, validate and install current lists; the previous copy is kept on any failure.
    Update {
        /// Sources file (TOML); default: sources.toml in the config directory, else the
        /// official download addresses.
        #[arg(long, value_name = "FILE")]
        sources: Option<PathBuf>,
        /// Install from files carried in by hand (`DIR/<file>` or `DIR/<source>/<file>`)
        /// instead of downloading.
        #[arg(long, value_name = "DIR")]
        from: Option<PathBuf>,
        /// Update only these sources (repeatable), enabled or not.
        #[arg(long = "only", value_name = "SOURCE")]
        only: Vec<String>,
    },
    /// Show what the last update of each source added, removed and changed.
    Diff {
        /// Only this source.
        source: Option<String>,
        #[arg(long, value_enum, default_value_t = ListsFormat::Table)]
        format: ListsFormat,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ListsFormat {
    Table,
    Json,
}

/// Runs one `lists` command. After an update that installed something, a store that exists is
/// re-screened against the added entries, so that new designations reach the queue.
pub(crate) fn run(
    command: ListsCommand,
    session: &Session,
    config: &Config,
    store: &ListStore,
) -> Result<u8> {
    match command {
        ListsCommand::Show { lists, format } => lists_show(lists, format, config, store),
        ListsCommand::Update {
            sources,
            from,
            only,
        } => {
            let code = lists_update(sources.as_deref(), from, &only, store)?;
            after_lists_update(session, config, store)?;
            Ok(code)
        }
        ListsCommand::Diff { source, format } => lists_diff(source.as_deref(), format, store),
    }
}

pub(crate) fn lists_show(
    args: ListArgs,
    format: ListsFormat,
    config: &Config,
    store: &ListStore,
) -> Result<u8> {
    let loaded = load_lists(&args, config, store);
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let summaries = loaded.summaries(Utc::now());
    report::write_lists(&mut out, format == ListsFormat::Json, &summaries)?;
    Ok(if loaded.failed { EXIT_BAD_INPUT } else { 0 })
}

pub(crate) fn lists_update(
    sources: Option<&Path>,
    from: Option<PathBuf>,
    only: &[String],
    store: &ListStore,
) -> Result<u8> {
    let sources = load_sources(sources)?;
    for name in only {
        anyhow::ensure!(
            sources.sources.iter().any(|s| &s.name == name),
            "--only {name}: no such source (known: {})",
            sources
                .sources
                .iter()
                .map(|s| s.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let run = update_sources(
        store,
        &sources,
        from.as_deref(),
        only,
        Utc::now(),
        &mut |_, _, _| {},
    )?;
    let mut failed = 0;
    let mut done = 0;
    for r in &run.results {
        match &r.update {
            SourceUpdate::Installed(outcome) => {
                done += 1;
                let was = outcome
                    .previous
                    .as_ref()
                    .map(|p| format!(", was {} ({})", p.entries, p.version))
                    .unwrap_or_else(|| ", first install".into());
                say(
                    &mut io::stdout().lock(),
                    format_args!(
                        "{}: installed {} entries, {} names, version {}{was}; delta {}",
                        r.source,
                        outcome.installed.entries,
                        outcome.installed.names,
                        outcome.installed.version,
                        outcome.delta.summary()
                    ),
                )?;
                for w in &outcome.warnings {
                    warn(&format!("{}: {w}", r.source));
                }
            }
            SourceUpdate::Failed { message, kept } => {
                failed += 1;
                let kept = kept
                    .as_ref()
                    .map(|m| {
                        format!(
                            "previous copy kept (version {}, fetched {})",
                            m.version, m.fetched_at
                        )
                    })
                    .unwrap_or_else(|| "nothing installed for it".into());
                warn(&format!("{}: FAILED: {message}; {kept}", r.source));
            }
        }
    }
    for u in &run.unused {
        warn(&format!("{}: not used: {}", u.path.display(), u.why));
    }
    if let Some(dir) = &from
        && done == 0
        && failed == 0
    {
        warn(&format!(
            "error: no list to install was recognised in {}. Looked for (by content, in the \
             folder and in its folders):",
            dir.display()
        ));
        for line in &run.looked_for {
            warn(&format!("  {line}"));
        }
        return Ok(EXIT_BAD_INPUT);
    }
    if failed > 0 && from.is_none() && done == 0 {
        warn(
            "hint: no source could be downloaded. Offline? Bring the files in on a USB stick and \
             run `hubscreen lists update --from DIR` (see docs/sources.md)",
        );
    }
    Ok(if failed > 0 { EXIT_BAD_INPUT } else { 0 })
}

pub(crate) fn lists_diff(
    source: Option<&str>,
    format: ListsFormat,
    store: &ListStore,
) -> Result<u8> {
    let deltas = store.deltas(source);
    let stdout = io::stdout();
    let mut out = stdout.lock();
    if format == ListsFormat::Json {
        safe::to_json_writer_pretty(&mut out, &deltas)?;
        writeln!(out)?;
        return Ok(0);
    }
    if deltas.is_empty() {
        writeln!(out, "no updates recorded in {}", store.root().display())?;
    }
    for d in &deltas {
        writeln!(
            out,
            "{} at {}: {} -> {}: {}",
            d.source,
            d.at,
            d.from_version.as_deref().unwrap_or("(none)"),
            d.to_version,
            d.summary()
        )?;
        for (sign, entries) in [("+", &d.added), ("-", &d.removed), ("~", &d.changed)] {
            for e in entries {
                writeln!(
                    out,
                    "  {sign} {} {} {}",
                    for_terminal(&e.list),
                    for_terminal(&e.id),
                    for_terminal(&e.name)
                )?;
            }
        }
    }
    Ok(0)
}
