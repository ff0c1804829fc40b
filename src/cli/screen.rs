//! `hubscreen screen`: screen every shipment of one or more manifests and report them, streamed
//! chunk by chunk so that memory stays flat whatever the file's size.

use std::io;
use std::path::Path;

use anyhow::{Context, Result};
use chrono::Utc;
use clap::{Args, ValueEnum};

use hubscreen::config::Config;
use hubscreen::ingest::{self, IngestOptions, Severity};
use hubscreen::lists::update::ListStore;
use hubscreen::report::{self, FileSummary, OutputFormat, ScreenedShipment};
use hubscreen::store::Store;

use super::args::ManifestArgs;
use super::session::{self, Session};
use super::{EXIT_BAD_INPUT, ensure_screenable, load_goods, load_lists, screener, warn};

#[derive(Args)]
pub(crate) struct ScreenArgs {
    #[command(flatten)]
    input: ManifestArgs,
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    format: OutputFormat,
    /// Exit with code 1 when any shipment reaches this lane (for pipelines).
    #[arg(long, value_enum, value_name = "LANE")]
    fail_on: Option<FailOn>,
    /// In the table, list green shipments too.
    #[arg(long)]
    all: bool,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum FailOn {
    Red,
    Yellow,
}

/// Shipments screened at a time by `screen`: enough that every core has work and a feeder's
/// repeated party names are searched once per chunk; few enough that memory stays flat.
pub(crate) const SCREEN_CHUNK: usize = 16384;

/// Exit code when `--fail-on` fired.
pub(crate) const EXIT_FAIL_ON: u8 = 1;

pub(crate) fn screen(
    args: ScreenArgs,
    config: Config,
    session: &Session,
    store: &ListStore,
) -> Result<u8> {
    let input = &args.input;
    let loaded = load_lists(&input.lists, &config, store);
    ensure_screenable(&loaded)?;
    let mut bad_input = loaded.failed;
    let list_summaries = loaded.summaries(Utc::now());
    let (goods, goods_failed) = load_goods(input.goods.as_deref());
    bad_input |= goods_failed;
    let options = input.ingest_options()?;
    // With a store, its suppressions are in force, as for `ingest`: the two commands judge one
    // manifest alike.
    let db = session::open_if_exists(session, &config, store).context(
        "reading the store's suppressions (pass --store to use another store's, or move it aside)",
    )?;
    let screener = screener(
        loaded,
        goods,
        config,
        store,
        db.as_ref().map(|db| db as &dyn Store),
    )?;

    // Every file is checked and planned first: the JSON document names the files, with
    // their shipment counts and hashes, before the first assessment.
    let files: Vec<ingest::ManifestFile> = input
        .manifests
        .iter()
        .filter_map(|path| open_manifest(path, &options, &mut bad_input))
        .collect();
    let summaries: Vec<FileSummary> = files
        .iter()
        .map(|f| FileSummary {
            file: f.file.clone(),
            format: f.format,
            sha256: f.sha256.clone(),
            shipments: f.shipments,
        })
        .collect();
    let goods_lists: Vec<String> = screener
        .goods()
        .files
        .iter()
        .map(|(f, _)| f.clone())
        .collect();

    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut writer = report::ScreenWriter::start(
        &mut out,
        args.format,
        args.all,
        &list_summaries,
        &goods_lists,
        &summaries,
    )?;
    // Problems are printed as they are found; only the JSON document keeps them all.
    let mut problems = Vec::new();
    let mut problem_count = 0;
    // Names searched for one chunk serve the next ones too (bounded: 200,000 names, a few
    // tens of MB at most).
    let mut names = hubscreen::screen::NameCache::new(200_000);
    let mut selectivity_warnings = Vec::new();
    for file in &files {
        let mut lanes = hubscreen::screen::selectivity::LaneCounts::default();
        file.stream(SCREEN_CHUNK, &mut |chunk| {
            for p in &chunk.problems {
                warn(&p.to_string());
                bad_input |= p.severity == Severity::Error;
            }
            problem_count += chunk.problems.len();
            if args.format == OutputFormat::Json {
                problems.extend(chunk.problems);
            }
            let assessments = screener.screen_shipments_cached(&chunk.shipments, &mut names);
            for a in &assessments {
                lanes.add(a.lane);
            }
            writer.write(
                chunk
                    .shipments
                    .iter()
                    .zip(assessments)
                    .map(|(s, a)| ScreenedShipment::new(&file.file, s, a))
                    .collect(),
            )
        })?;
        selectivity_warnings.extend(hubscreen::screen::selectivity::warnings(
            &file.file,
            lanes,
            &screener.config().selectivity,
        ));
    }
    let counts = writer.finish(&problems, problem_count)?;
    for w in &selectivity_warnings {
        warn(w);
    }

    if bad_input {
        return Ok(EXIT_BAD_INPUT);
    }
    let tripped = match args.fail_on {
        Some(FailOn::Red) => counts.red > 0,
        Some(FailOn::Yellow) => counts.red + counts.yellow > 0,
        None => false,
    };
    Ok(if tripped { EXIT_FAIL_ON } else { 0 })
}

/// Opens one manifest for streaming, printing why not on stderr; `None` when it cannot be
/// read at all, and then `bad_input` is set, so that the run ends with exit code 2 after the
/// rest.
pub(crate) fn open_manifest(
    path: &Path,
    options: &IngestOptions,
    bad_input: &mut bool,
) -> Option<ingest::ManifestFile<'static>> {
    match ingest::open(path, options) {
        Ok(file) => Some(file),
        Err(e) => {
            warn(&format!("error: {e}"));
            *bad_input = true;
            None
        }
    }
}
