//! The `hubscreen` command line: a thin layer that parses arguments, calls the engine
//! (`ingest`, `lists`, `screen`, `report`) and turns what went wrong into messages on stderr
//! and an exit code. No screening logic lives here.
//!
//! Exit codes: 0 done; 1 `--fail-on` threshold reached; 2 bad input or an unreadable list,
//! always after everything readable was still screened and reported.

use std::io::{self, BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};

use hubscreen::config::Config;
use hubscreen::ingest::{self, ColumnMap, IngestOptions, Severity};
use hubscreen::lists::goods::GoodsLists;
use hubscreen::lists::{self, WatchList, bundled};
use hubscreen::model::Lane;
use hubscreen::report::{
    self, FileSummary, ListSummary, OutputFormat, ScreenReport, ScreenedShipment,
};
use hubscreen::safe_text::for_terminal;
use hubscreen::screen::Screener;
use hubscreen::source::Encoding;

#[derive(Parser)]
#[command(
    name = "hubscreen",
    version,
    about = "Screen cargo manifests against denied-party and strategic-goods lists",
    arg_required_else_help = true
)]
struct Cli {
    /// Configuration file (TOML); default: config.toml in the platform config directory.
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Screen every shipment of one or more manifests.
    Screen(ScreenArgs),
    /// Screen names read from stdin, one per line; one JSON object out per line, in order.
    ScreenNames(ScreenNamesArgs),
    /// Work with the denied-party lists.
    Lists {
        #[command(subcommand)]
        command: ListsCommand,
    },
}

#[derive(Args)]
struct ListArgs {
    /// A list file or folder (OFAC sdn.csv or its folder, cons_prim.csv, an agency CSV).
    /// Repeatable. Default: the sample lists bundled from watchlists/.
    #[arg(long = "list", value_name = "PATH")]
    lists: Vec<PathBuf>,
}

#[derive(Args)]
struct ScreenArgs {
    /// Manifest files (CSV with a header row, or hubscreen JSON).
    #[arg(required = true, value_name = "MANIFEST")]
    manifests: Vec<PathBuf>,
    #[command(flatten)]
    lists: ListArgs,
    /// Folder with hs_prefixes.csv, keywords.csv and chemicals.csv. Default: the bundled goods lists.
    #[arg(long, value_name = "DIR")]
    goods: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    format: OutputFormat,
    /// TOML file mapping CSV headers the alias table does not know to hubscreen fields.
    #[arg(long, value_name = "FILE")]
    map: Option<PathBuf>,
    /// Text encoding of the manifests.
    #[arg(long, value_enum, default_value_t = Encoding::Utf8)]
    encoding: Encoding,
    /// Exit with code 1 when any shipment reaches this lane (for pipelines).
    #[arg(long, value_enum, value_name = "LANE")]
    fail_on: Option<FailOn>,
    /// In the table, list green shipments too.
    #[arg(long)]
    all: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum FailOn {
    Red,
    Yellow,
}

#[derive(Clone, Copy, ValueEnum)]
enum NamesFormat {
    Ndjson,
}

#[derive(Args)]
struct ScreenNamesArgs {
    #[command(flatten)]
    lists: ListArgs,
    /// Lowest score reported, in [0, 1]. Default: screening.party_threshold (0.85).
    #[arg(long)]
    threshold: Option<f64>,
    /// Most hits reported per name.
    #[arg(long, default_value_t = 10)]
    limit: usize,
    #[arg(long, value_enum, default_value_t = NamesFormat::Ndjson)]
    format: NamesFormat,
}

#[derive(Subcommand)]
enum ListsCommand {
    /// Show what is loaded: name, format, version, entry and name counts, content hash.
    Show {
        #[command(flatten)]
        lists: ListArgs,
        #[arg(long, value_enum, default_value_t = ListsFormat::Table)]
        format: ListsFormat,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ListsFormat {
    Table,
    Json,
}

/// Exit code for bad input, after everything readable was handled.
const EXIT_BAD_INPUT: u8 = 2;
/// Exit code when `--fail-on` fired.
const EXIT_FAIL_ON: u8 = 1;

fn main() -> ExitCode {
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

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<serde_json::Error>()
                .and_then(|j| j.io_error_kind())
                .is_some_and(|k| k == io::ErrorKind::BrokenPipe)
    })
}

fn run(cli: Cli) -> Result<u8> {
    let config = load_config(cli.config.as_deref())?;
    match cli.command {
        Command::Screen(args) => screen(args, config),
        Command::ScreenNames(args) => screen_names(args, config),
        Command::Lists {
            command: ListsCommand::Show { lists, format },
        } => lists_show(lists, format),
    }
}

fn load_config(path: Option<&Path>) -> Result<Config> {
    match path {
        Some(p) => Ok(Config::load(p)?),
        None => match Config::default_path().filter(|p| p.is_file()) {
            Some(p) => Config::load(&p).with_context(|| format!("default config {}", p.display())),
            None => Ok(Config::default()),
        },
    }
}

/// Prints a problem on stderr, safe for the terminal.
fn warn(line: &str) {
    eprintln!("{}", for_terminal(line));
}

/// Loads the requested lists, or the bundled ones. A list that fails is reported and counted;
/// the others still load.
fn load_lists(args: &ListArgs) -> (Vec<WatchList>, bool) {
    let mut failed = false;
    let mut lists = Vec::new();
    if args.lists.is_empty() {
        match bundled::watchlists() {
            Ok(l) => lists = l,
            Err(e) => {
                warn(&format!("error: bundled lists: {e}"));
                failed = true;
            }
        }
    }
    for path in &args.lists {
        match lists::load_path(path) {
            Ok(l) => lists.extend(l),
            Err(e) => {
                warn(&format!("error: list not loaded: {e}"));
                failed = true;
            }
        }
    }
    for list in &lists {
        for p in &list.problems {
            warn(&p.to_string());
            failed |= p.severity == Severity::Error;
        }
    }
    if lists.is_empty() {
        warn("error: no denied-party list is loaded: parties are NOT being screened");
    }
    (lists, failed)
}

fn load_goods(dir: Option<&Path>) -> (GoodsLists, bool) {
    let loaded = match dir {
        Some(d) => GoodsLists::load_dir(d),
        None => bundled::goods(),
    };
    match loaded {
        Ok(g) => {
            let empty = g.empty_files();
            for p in &empty {
                warn(&p.to_string());
            }
            (g, !empty.is_empty())
        }
        Err(e) => {
            warn(&format!(
                "error: goods lists not loaded, goods are NOT being screened: {e}"
            ));
            (GoodsLists::default(), true)
        }
    }
}

fn screen(args: ScreenArgs, config: Config) -> Result<u8> {
    let (lists, mut bad_input) = load_lists(&args.lists);
    let (goods, goods_failed) = load_goods(args.goods.as_deref());
    bad_input |= goods_failed;
    let column_map = match &args.map {
        Some(p) => ColumnMap::load(p)?,
        None => ColumnMap::default(),
    };
    let options = IngestOptions {
        encoding: args.encoding,
        column_map,
    };
    let screener = Screener::new(lists, goods, config);

    let mut report = ScreenReport {
        lists: screener.lists().iter().map(ListSummary::of).collect(),
        goods_lists: screener
            .goods()
            .files
            .iter()
            .map(|(f, _)| f.clone())
            .collect(),
        files: Vec::new(),
        assessments: Vec::new(),
        problems: Vec::new(),
    };
    for path in &args.manifests {
        let ingested = match ingest::ingest_path(path, &options) {
            Ok(i) => i,
            Err(e) => {
                warn(&format!("error: {e}"));
                bad_input = true;
                continue;
            }
        };
        for p in &ingested.problems {
            warn(&p.to_string());
            bad_input |= p.severity == Severity::Error;
        }
        let assessments = screener.screen_manifest(&ingested.manifest);
        for (shipment, assessment) in ingested.manifest.shipments.iter().zip(assessments) {
            report
                .assessments
                .push(ScreenedShipment::new(&ingested.file, shipment, assessment));
        }
        report.files.push(FileSummary {
            file: ingested.file.clone(),
            format: ingested.format,
            sha256: ingested.sha256.clone(),
            shipments: ingested.manifest.shipments.len(),
        });
        report.problems.extend(ingested.problems);
    }

    let stdout = io::stdout();
    let mut out = stdout.lock();
    report::write_screen(&mut out, args.format, &report, args.all)?;
    out.flush()?;

    if bad_input {
        return Ok(EXIT_BAD_INPUT);
    }
    let tripped = match args.fail_on {
        Some(FailOn::Red) => report.count(Lane::Red) > 0,
        Some(FailOn::Yellow) => report.count(Lane::Red) + report.count(Lane::Yellow) > 0,
        None => false,
    };
    Ok(if tripped { EXIT_FAIL_ON } else { 0 })
}

fn screen_names(args: ScreenNamesArgs, config: Config) -> Result<u8> {
    let NamesFormat::Ndjson = args.format;
    let threshold = args.threshold.unwrap_or(config.screening.party_threshold);
    anyhow::ensure!(
        (0.0..=1.0).contains(&threshold),
        "--threshold must be between 0 and 1"
    );
    let (lists, bad_input) = load_lists(&args.lists);
    let screener = Screener::new(lists, GoodsLists::default(), config);
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    for line in io::stdin().lock().lines() {
        let line = line.context("reading names from stdin")?;
        let query = line.trim_end_matches('\r');
        let mut hits = screener.search_name(query, threshold);
        hits.truncate(args.limit);
        serde_json::to_writer(
            &mut out,
            &serde_json::json!({ "query": query, "hits": hits }),
        )?;
        writeln!(out)?;
    }
    out.flush()?;
    Ok(if bad_input { EXIT_BAD_INPUT } else { 0 })
}

fn lists_show(args: ListArgs, format: ListsFormat) -> Result<u8> {
    let (lists, bad_input) = load_lists(&args);
    let summaries: Vec<ListSummary> = lists.iter().map(ListSummary::of).collect();
    let stdout = io::stdout();
    let mut out = stdout.lock();
    report::write_lists(&mut out, format == ListsFormat::Json, &summaries)?;
    Ok(if bad_input { EXIT_BAD_INPUT } else { 0 })
}
