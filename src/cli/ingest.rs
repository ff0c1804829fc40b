//! `hubscreen ingest`: screen manifests and store them, with their assessments, in the queue.

use std::io;
use std::path::Path;

use anyhow::{Context, Result};
use clap::Args;

use hubscreen::config::Config;
use hubscreen::ingest::{self, IngestOptions, Severity};
use hubscreen::lists::update::ListStore;
use hubscreen::service;
use hubscreen::store::OpenMode;
use hubscreen::text::safe::for_terminal;

use super::args::ManifestArgs;
use super::session::{Session, actor, open};
use super::{EXIT_BAD_INPUT, ensure_screenable, load_goods, load_lists, say, screener, warn};

#[derive(Args)]
pub(crate) struct IngestArgs {
    #[command(flatten)]
    input: ManifestArgs,
}

pub(crate) fn ingest(
    args: IngestArgs,
    session: &Session,
    config: &Config,
    list_store: &ListStore,
) -> Result<u8> {
    let actor = actor(session, config)?;
    let mut db = open(session, config, list_store, OpenMode::Create)?;
    let input = &args.input;
    let loaded = load_lists(&input.lists, config, list_store);
    ensure_screenable(&loaded)?;
    let (goods, goods_failed) = load_goods(input.goods.as_deref());
    let mut bad_input = loaded.failed || goods_failed;
    let screener = screener(loaded, goods, config.clone(), list_store, Some(&db))?;
    let options = input.ingest_options()?;
    for path in &input.manifests {
        let Some(ingested) = read_manifest(path, &options, &mut bad_input) else {
            continue;
        };
        let outcome = service::screen_and_record(&mut db, &screener, &ingested, &actor, &|_, _| {})
            .with_context(|| format!("storing {}", path.display()))?;
        let out = &mut io::stdout().lock();
        if outcome.already_stored {
            say(
                out,
                format_args!(
                    "{}: already stored (ingest run {}, same SHA-256); nothing changed",
                    for_terminal(&ingested.file),
                    outcome.run_id
                ),
            )?;
        } else {
            say(
                out,
                format_args!(
                    "{}: ingest run {}: {} shipments, {} new or amended, {} unchanged; {} queue items created or updated",
                    for_terminal(&ingested.file),
                    outcome.run_id,
                    outcome.shipments,
                    outcome.new_versions,
                    outcome.unchanged,
                    outcome.queued.len()
                ),
            )?;
        }
        for w in &outcome.warnings {
            warn(w);
        }
    }
    Ok(if bad_input { EXIT_BAD_INPUT } else { 0 })
}

/// Reads one manifest whole, printing its problems on stderr; `None` when it cannot be read
/// at all. Sets `bad_input` on any error, so that the run ends with exit code 2 after the rest.
pub(crate) fn read_manifest(
    path: &Path,
    options: &IngestOptions,
    bad_input: &mut bool,
) -> Option<ingest::Ingested> {
    let ingested = match ingest::ingest_path(path, options) {
        Ok(i) => i,
        Err(e) => {
            warn(&format!("error: {e}"));
            *bad_input = true;
            return None;
        }
    };
    for p in &ingested.problems {
        warn(&p.to_string());
        *bad_input |= p.severity == Severity::Error;
    }
    Some(ingested)
}
