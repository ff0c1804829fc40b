//! The `hubscreen` command line: a thin layer that parses arguments, calls the engine
//! (`ingest`, `lists`, `screen`, `report`) and turns what went wrong into messages on stderr
//! and an exit code. No screening logic lives here.
//!
//! Exit codes: 0 done; 1 `--fail-on` threshold reached; 2 bad input or an unreadable list,
//! always after everything readable was still screened and reported; 3 a queue conflict
//! (`store_cli`).

mod store_cli;

use std::io::{self, BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};
use rayon::prelude::*;

use chrono::Utc;
use hubscreen::config::Config;
use hubscreen::ingest::{self, ColumnMap, IngestOptions, Severity};
use hubscreen::lists::goods::GoodsLists;
use hubscreen::lists::sources::Sources;
use hubscreen::lists::update::{InstalledMeta, ListStore, SourceUpdate, update_sources};
use hubscreen::lists::{self, WatchList, bundled};
use hubscreen::report::{self, FileSummary, ListSummary, OutputFormat, ScreenedShipment};
use hubscreen::safe_text::{self, for_terminal};
use hubscreen::screen::Screener;
use hubscreen::source::Encoding;

/// Screening makes many small, short-lived vectors on every core; with mimalloc a warm batch
/// takes about a sixth less time than with the system allocator, and the name index loads
/// faster (see the README's "Measured"). Built without transparent huge pages (`no_thp`):
/// faulting those in made a fresh process read the index cache in 320-510 ms, not 120 ms.
/// The screening benchmarks use it too, so they time what this binary does.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "hubscreen",
    version,
    about = "Screen cargo manifests against denied-party and strategic-goods lists; with no command, open the dashboard"
)]
struct Cli {
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
    /// Dashboard key bindings (TOML, `[keys] claim = ["C"]`).
    #[arg(long, value_name = "FILE")]
    keymap: Option<PathBuf>,
    /// Dashboard colours: dark, light or high-contrast (NO_COLOR turns colour off).
    #[arg(long, value_name = "NAME")]
    theme: Option<String>,
    /// Dashboard: watch this folder and ingest every manifest dropped into it.
    #[arg(long, value_name = "DIR")]
    inbox: Option<PathBuf>,
    /// Dashboard: quit once the first frame with the store's data is drawn, and print how long
    /// that took (for measuring start-up).
    #[arg(long, hide = true)]
    first_frame_exit: bool,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Screen every shipment of one or more manifests.
    Screen(ScreenArgs),
    /// Screen names read from stdin, one per line; one JSON object out per line, in order.
    ScreenNames(ScreenNamesArgs),
    /// Measure the name matcher on variants of listed names and on clean names.
    Eval(EvalArgs),
    /// Work with the denied-party lists.
    Lists {
        #[command(subcommand)]
        command: ListsCommand,
    },
    /// Screen manifests and store them, with their assessments, in the referral queue.
    Ingest(store_cli::IngestArgs),
    /// The referral queue: list, show, claim, decide, export, re-screen.
    Queue {
        #[command(subcommand)]
        command: store_cli::QueueCommand,
    },
    /// The audit log: verify its hash chain, export it as JSON lines.
    Audit {
        #[command(subcommand)]
        command: store_cli::AuditCommand,
    },
}

#[derive(Args)]
struct ListArgs {
    /// A list file or folder in any supported format (OFAC sdn.csv or its folder, CSL, UN XML,
    /// EU FSF, UK, BIS DPL, OpenSanctions, agency CSV). Repeatable. Default: the lists
    /// installed by `lists update`, else the sample lists bundled from watchlists/.
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

/// Parses a `--threshold`: a name score in [0, 1]. `NaN` and infinities are refused (a NaN
/// threshold would compare false with every score and silently report nothing).
fn threshold(text: &str) -> std::result::Result<f64, String> {
    let value: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("{text:?} is not a number: give a score between 0 and 1"))?;
    if (0.0..=1.0).contains(&value) {
        Ok(value)
    } else {
        Err(format!("must be a score between 0 and 1, not {text}"))
    }
}

#[derive(Args)]
struct ScreenNamesArgs {
    #[command(flatten)]
    lists: ListArgs,
    /// Lowest score reported, in [0, 1]. Default: screening.party_threshold (0.85).
    #[arg(long, value_parser = threshold)]
    threshold: Option<f64>,
    /// Most hits reported per name.
    #[arg(long, default_value_t = 10)]
    limit: usize,
    #[arg(long, value_enum, default_value_t = NamesFormat::Ndjson)]
    format: NamesFormat,
}

#[derive(Args)]
struct EvalArgs {
    #[command(flatten)]
    lists: ListArgs,
    /// Variants and clean names generated per kind (persons, companies).
    #[arg(long, default_value_t = 2000)]
    per_kind: usize,
    #[arg(long, default_value_t = 20261127)]
    seed: u64,
    /// A hit scores at least this, in [0, 1]. Default: screening.party_threshold (0.85).
    #[arg(long, value_parser = threshold)]
    threshold: Option<f64>,
    #[arg(long, value_enum, default_value_t = ListsFormat::Table)]
    format: ListsFormat,
    /// Missed variants and false alerts shown, per kind.
    #[arg(long, default_value_t = 15)]
    examples: usize,
}

#[derive(Subcommand)]
enum ListsCommand {
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
enum ListsFormat {
    Table,
    Json,
}

/// Shipments screened at a time by `screen`: enough that every core has work and a feeder's
/// repeated party names are searched once per chunk; few enough that memory stays flat.
const SCREEN_CHUNK: usize = 16384;

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

/// Whether the error is stdout's reader having gone away, however the writer wrapped it: an
/// `io::Error` of its own, or one inside the csv writer's or serde_json's error (the csv crate
/// turns its errors into `io::Error`s of kind `Other` that hide the cause from `source()`).
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(closed_pipe)
}

fn closed_pipe(e: &(dyn std::error::Error + 'static)) -> bool {
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
    let session = store_cli::Session {
        store: cli.store,
        user: cli.user,
    };
    let Some(command) = cli.command else {
        let user = store_cli::actor(&session, &config)?.user;
        hubscreen::tui::run(hubscreen::tui::Options {
            keymap: cli.keymap,
            theme: cli.theme,
            store: store_cli::store_path(&session, &store),
            data_dir: data_dir.clone(),
            user,
            inbox: cli.inbox,
            first_frame_exit: cli.first_frame_exit,
            config,
        })?;
        return Ok(0);
    };
    match command {
        Command::Screen(args) => screen(args, config, &store),
        Command::ScreenNames(args) => screen_names(args, config, &store),
        Command::Eval(args) => eval(args, config, &store),
        Command::Lists { command } => match command {
            ListsCommand::Show { lists, format } => lists_show(lists, format, &config, &store),
            ListsCommand::Update {
                sources,
                from,
                only,
            } => {
                let code = lists_update(sources.as_deref(), from, &only, &store)?;
                store_cli::after_lists_update(&session, &config, &store)?;
                Ok(code)
            }
            ListsCommand::Diff { source, format } => lists_diff(source.as_deref(), format, &store),
        },
        Command::Ingest(args) => store_cli::ingest(args, &session, &config, &store),
        Command::Queue { command } => store_cli::queue(command, &session, &config, &store),
        Command::Audit { command } => store_cli::audit(command, &session, &config, &store),
    }
}

fn load_sources(path: Option<&Path>) -> Result<Sources> {
    Ok(Sources::configured(path)?)
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

/// Reads one manifest whole, printing its problems on stderr; `None` when it cannot be read
/// at all. Sets `bad_input` on any error, so that the run ends with exit code 2 after the rest.
fn read_manifest(
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

/// Opens one manifest for streaming, printing why not on stderr; `None` when it cannot be
/// read at all, and then `bad_input` is set, so that the run ends with exit code 2 after the
/// rest.
fn open_manifest(
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

/// Lists loaded for a run, with the install record of each (none for `--list` and bundled).
struct Loaded {
    lists: Vec<WatchList>,
    installed: Vec<Option<InstalledMeta>>,
    /// A list was bad: a row skipped, or a whole list unreadable (then `refusal` says so too).
    failed: bool,
    /// Set when a list that was asked for could not be read: the run must not screen.
    refusal: Option<String>,
}

impl Loaded {
    /// Stops a screening run when a list it should use could not be read, saying so; a
    /// party screened against nothing would come out green.
    fn ensure_screenable(&self) -> Result<()> {
        match &self.refusal {
            Some(why) => Err(anyhow::anyhow!("{why}")),
            None => Ok(()),
        }
    }
}

/// Loads the lists of a run (`lists::in_use`): the `--list` paths, else the installed lists,
/// else the bundled OFAC sample; and always the lists of `[lists] always`. Every problem is
/// printed; what is screened against is said on stderr.
fn load_lists(args: &ListArgs, config: &Config, store: &ListStore) -> Loaded {
    let in_use = lists::in_use::lists_in_use(store, &args.lists, &config.lists.always);
    for what in &in_use.unreadable {
        warn(&format!("error: list not loaded: {what}"));
    }
    for note in &in_use.notes {
        warn(&format!("warning: {note}"));
    }
    let mut loaded = Loaded {
        failed: !in_use.unreadable.is_empty(),
        refusal: in_use.refusal(),
        lists: in_use.lists,
        installed: in_use.installed,
    };
    let max_age = max_age_days();
    // One source can give several lists (the CSL): say each source's age once.
    let mut sources_said = std::collections::HashSet::new();
    for meta in loaded.installed.iter().flatten() {
        if !sources_said.insert(meta.source.as_str()) {
            continue;
        }
        if let Some(age) = meta
            .age_days(Utc::now())
            .filter(|a| *a > i64::from(max_age))
        {
            warn(&format!(
                "warning: list {} is {age} days old ({}; limit {max_age} days): run hubscreen lists update",
                meta.source,
                meta.dated()
            ));
        }
    }
    for (list, meta) in loaded.lists.iter().zip(&loaded.installed) {
        for p in &list.problems {
            match meta {
                // A row of an installed list that cannot be screened was reported when the
                // list was installed, and is said again on every run; it is how the list was
                // published, so it does not make every run exit 2 (and hide `--fail-on`).
                Some(meta) => warn(&format!(
                    "warning: {}: {} (installed {} as published; reported at install)",
                    p.location, p.message, meta.source
                )),
                None => {
                    warn(&p.to_string());
                    loaded.failed |= p.severity == Severity::Error;
                }
            }
        }
    }
    if loaded.lists.is_empty() {
        warn("error: no denied-party list is loaded: parties are NOT being screened");
    } else if loaded.refusal.is_none() {
        warn(&format!(
            "screening against: {}",
            lists::in_use::InUse::describe_lists(&loaded.lists)
        ));
    }
    loaded
}

/// The age past which an installed list is stale: `max_age_days` of the update sources.
fn max_age_days() -> u32 {
    load_sources(None)
        .map(|s| s.defaults.max_age_days)
        .unwrap_or_else(|_| lists::sources::UpdateDefaults::default().max_age_days)
}

fn summaries(loaded: &Loaded) -> Vec<ListSummary> {
    let now = Utc::now();
    let max_age = max_age_days();
    loaded
        .lists
        .iter()
        .zip(&loaded.installed)
        .map(|(l, meta)| ListSummary::installed(l, meta.as_ref(), now, max_age))
        .collect()
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

fn screen(args: ScreenArgs, config: Config, store: &ListStore) -> Result<u8> {
    let loaded = load_lists(&args.lists, &config, store);
    loaded.ensure_screenable()?;
    let mut bad_input = loaded.failed;
    let list_summaries = summaries(&loaded);
    let lists = loaded.lists;
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
    let screener = cached_screener(lists, goods, config, store);

    // Every file is checked and planned first: the JSON document names the files, with
    // their shipment counts and hashes, before the first assessment.
    let files: Vec<ingest::ManifestFile> = args
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
    for file in &files {
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
            writer.write(
                chunk
                    .shipments
                    .iter()
                    .zip(assessments)
                    .map(|(s, a)| ScreenedShipment::new(&file.file, s, a))
                    .collect(),
            )
        })?;
    }
    let counts = writer.finish(&problems, problem_count)?;

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

fn screen_names(args: ScreenNamesArgs, config: Config, store: &ListStore) -> Result<u8> {
    let NamesFormat::Ndjson = args.format;
    let threshold = args.threshold.unwrap_or(config.screening.party_threshold);
    let loaded = load_lists(&args.lists, &config, store);
    loaded.ensure_screenable()?;
    let bad_input = loaded.failed;
    let screener = cached_screener(loaded.lists, GoodsLists::default(), config, store);
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    // Lines are read as bytes: one line that is not UTF-8 is decoded lossily and answered like
    // any other, never the end of the batch. Chunks are screened on all cores, answered in order.
    const CHUNK: usize = 4096;
    let mut input = io::stdin().lock();
    let mut chunk: Vec<String> = Vec::with_capacity(CHUNK);
    loop {
        let mut line = Vec::new();
        let read = input
            .read_until(b'\n', &mut line)
            .context("reading names from stdin")?;
        if read > 0 {
            let text = String::from_utf8_lossy(&line);
            chunk.push(text.trim_end_matches(['\n', '\r']).to_string());
        }
        if chunk.len() == CHUNK || (read == 0 && !chunk.is_empty()) {
            let answers: Vec<String> = chunk
                .par_iter()
                .map(|query| {
                    let mut hits = screener.search_name(query, threshold);
                    hits.truncate(args.limit);
                    let mut answer = serde_json::json!({ "query": query, "hits": hits });
                    name_cap_fields(&mut answer, query);
                    safe_text::to_json_string(&answer)
                })
                .collect::<serde_json::Result<_>>()?;
            for a in answers {
                writeln!(out, "{a}")?;
            }
            chunk.clear();
        }
        if read == 0 {
            break;
        }
    }
    out.flush()?;
    Ok(if bad_input { EXIT_BAD_INPUT } else { 0 })
}

/// The fields of a `screen-names` answer that say what of the name was not read as given:
/// `removed` (hidden characters taken out) and `truncated` (a name past the cap, with its
/// length and what was screened). Ordinary names get neither.
fn name_cap_fields(answer: &mut serde_json::Value, query: &str) {
    use hubscreen::screen::name_cap;
    let removed = name_cap::removed_code_points(query);
    if !removed.is_empty() {
        answer["removed"] = serde_json::json!(removed);
    }
    if let Some(cut) = name_cap::query_cut(query) {
        answer["truncated"] = serde_json::json!(true);
        answer["original_chars"] = serde_json::json!(cut.chars);
        answer["screened_chars"] = serde_json::json!(cut.screened_chars);
        answer["screened_words"] = serde_json::json!(cut.screened_words);
    }
}

/// A screener whose name index is cached under the data directory, so that the next start
/// with the same lists reads it instead of building it. A cache that cannot be written is
/// said on stderr and costs only time.
pub(crate) fn cached_screener(
    lists: Vec<WatchList>,
    goods: GoodsLists,
    config: Config,
    store: &ListStore,
) -> Screener {
    let cache = store.root().join("cache");
    let (screener, used) = Screener::new_cached(lists, goods, config, Some(&cache));
    if let hubscreen::screen::index_cache::CacheUse::NotSaved(why) = used {
        eprintln!("warning: name index not cached: {why}");
    }
    screener
}

fn eval(args: EvalArgs, config: Config, store: &ListStore) -> Result<u8> {
    let threshold = args.threshold.unwrap_or(config.screening.party_threshold);
    // eval measures the matcher on the lists it is given: with `--list`, exactly those (the
    // agency's `[lists] always` would add its entries to the variants drawn).
    let mut config = config;
    if !args.lists.lists.is_empty() {
        config.lists.always.clear();
    }
    let loaded = load_lists(&args.lists, &config, store);
    loaded.ensure_screenable()?;
    let screener = cached_screener(loaded.lists, GoodsLists::default(), config, store);
    let mut labelled =
        hubscreen::screen::eval::variants(screener.lists(), args.per_kind, args.seed);
    let (clean, set_aside) =
        hubscreen::screen::eval::clean_negatives(screener.lists(), args.per_kind, args.seed);
    labelled.extend(clean);
    let r = hubscreen::screen::eval::evaluate(
        screener.index(),
        screener.lists(),
        &labelled,
        threshold,
        args.examples,
    );
    let stdout = io::stdout();
    let mut out = stdout.lock();
    if args.format == ListsFormat::Json {
        safe_text::to_json_writer_pretty(&mut out, &r)?;
        writeln!(out)?;
        return Ok(0);
    }
    writeln!(
        out,
        "threshold {} against {} indexed names ({set_aside} generated clean names set aside: \
         a listed name but for middle names and decorations)",
        r.threshold, r.names_indexed
    )?;
    for (what, k) in [("persons", &r.persons), ("companies", &r.companies)] {
        writeln!(
            out,
            "{what:<10} recall {:.3} ({}/{})   false alerts {:.1} per 1,000 clean ({}/{})",
            k.recall, k.found, k.variants, k.false_alerts_per_1000, k.false_alerts, k.clean
        )?;
    }
    writeln!(
        out,
        "throughput {:.0} names/s ({} queries in {:.2} s, all cores)",
        r.names_per_second, r.queries, r.seconds
    )?;
    for m in &r.missed {
        writeln!(
            out,
            "  missed  {} <- {} [{}]",
            for_terminal(&m.query),
            for_terminal(m.original.as_deref().unwrap_or("")),
            m.mangling.join(", ")
        )?;
    }
    for (q, hit) in &r.false_alerts {
        writeln!(
            out,
            "  alerted {} -> {}",
            for_terminal(q),
            for_terminal(hit)
        )?;
    }
    Ok(0)
}

fn lists_show(
    args: ListArgs,
    format: ListsFormat,
    config: &Config,
    store: &ListStore,
) -> Result<u8> {
    let loaded = load_lists(&args, config, store);
    let stdout = io::stdout();
    let mut out = stdout.lock();
    report::write_lists(&mut out, format == ListsFormat::Json, &summaries(&loaded))?;
    Ok(if loaded.failed { EXIT_BAD_INPUT } else { 0 })
}

fn lists_update(
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

fn lists_diff(source: Option<&str>, format: ListsFormat, store: &ListStore) -> Result<u8> {
    let deltas = store.deltas(source);
    let stdout = io::stdout();
    let mut out = stdout.lock();
    if format == ListsFormat::Json {
        safe_text::to_json_writer_pretty(&mut out, &deltas)?;
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
