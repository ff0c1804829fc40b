//! The store's commands: `ingest`, `queue ...` and `audit ...`. A thin layer like the rest of
//! the binary: it parses arguments, opens the store, calls the engine in `hubscreen::store`
//! and turns the outcome into text, JSON and an exit code. No workflow rule lives here.
//!
//! Exit codes: 0 done; 2 an error (bad input, refused decision, broken audit chain); 3 a
//! conflict: someone else changed or holds the item; reload and try again.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use chrono::Utc;
use clap::{Args, Subcommand, ValueEnum};

use hubscreen::config::Config;
use hubscreen::ingest::{ColumnMap, IngestOptions};
use hubscreen::lists::update::ListStore;
use hubscreen::safe_text::{self, for_terminal};
use hubscreen::screen::Screener;
use hubscreen::source::Encoding;
use hubscreen::store::checkpoint::{self, ANCHOR_FORMAT, Anchor};
use hubscreen::store::{
    self, Action, Actor, AuditHead, NewDecision, OpenMode, QueueFilter, QueueState, SqliteStore,
    Store, StoreError, StoreOptions, package, rescreen,
};

use super::{EXIT_BAD_INPUT, ListArgs, load_goods, load_lists, read_manifest, say, warn};

/// Exit code when another user changed or holds the item.
pub const EXIT_CONFLICT: u8 = 3;

/// Options every store command shares, taken from the global flags.
pub struct Session {
    /// `--store PATH` (or `HUBSCREEN_STORE`).
    pub store: Option<PathBuf>,
    /// `--user NAME`.
    pub user: Option<String>,
}

#[derive(Args)]
pub struct IngestArgs {
    /// Manifest files (CSV with a header row, or hubscreen JSON).
    #[arg(required = true, value_name = "MANIFEST")]
    manifests: Vec<PathBuf>,
    #[command(flatten)]
    lists: ListArgs,
    /// Folder with the goods lists. Default: the bundled goods lists.
    #[arg(long, value_name = "DIR")]
    goods: Option<PathBuf>,
    /// TOML file mapping CSV headers the alias table does not know to hubscreen fields.
    #[arg(long, value_name = "FILE")]
    map: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = Encoding::Utf8)]
    encoding: Encoding,
}

#[derive(Subcommand)]
pub enum QueueCommand {
    /// List queue items, highest score first.
    List {
        #[arg(long, value_enum)]
        state: Option<StateArg>,
        /// Only items waiting for a targeter or an examination.
        #[arg(long)]
        open: bool,
        #[arg(long)]
        json: bool,
    },
    /// Show one item: shipment, hits (numbered for --hit), versions, decisions, lists used.
    Show {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Claim an item for review.
    Claim {
        id: i64,
        /// The item version you saw (default: the current one).
        #[arg(long)]
        version: Option<i64>,
    },
    /// Decide on an item: refer, hold, clear, mark a hit false positive, or record an
    /// examination result.
    Decide(DecideArgs),
    /// Add a free-text note to an item.
    Note { id: i64, text: String },
    /// Write the referral package for an interdiction team.
    Export {
        id: i64,
        #[arg(long, value_enum, default_value_t = PackageFormat::Md)]
        format: PackageFormat,
        /// Write to this file instead of stdout.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Re-screen open and recent shipments against the entries the last list updates added.
    Rescreen {
        #[command(flatten)]
        lists: ListArgs,
        #[arg(long, value_name = "DIR")]
        goods: Option<PathBuf>,
        /// Shipments screened in this many days (default: workflow.rescreen_days).
        #[arg(long)]
        days: Option<u32>,
    },
    /// Examination results per rule and per list: how often an examination found something.
    Stats {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args)]
pub struct DecideArgs {
    id: i64,
    #[arg(long, value_enum)]
    action: ActionArg,
    /// A reason code from workflow.reason_codes (see the README).
    #[arg(long, value_name = "CODE")]
    reason: Option<String>,
    #[arg(long, value_name = "TEXT")]
    note: Option<String>,
    /// For false-positive: the name hit's number in `queue show`.
    #[arg(long, value_name = "N")]
    hit: Option<usize>,
    /// The item version you saw (default: the current one). Pass it when deciding from an
    /// earlier `queue show`, so that a change by someone else is a conflict.
    #[arg(long)]
    version: Option<i64>,
}

#[derive(Subcommand)]
pub enum AuditCommand {
    /// Check the audit log: its hash chain, its signed checkpoint, and every row a referral
    /// relies on; name the first broken record and every changed row.
    Verify {
        #[arg(long)]
        json: bool,
        /// Also check that the log still holds the record this file names unchanged: an
        /// anchor written by `audit anchor`, a JSON referral package or an audit export.
        #[arg(long, value_name = "FILE")]
        anchor: Option<PathBuf>,
    },
    /// Write the audit log as JSON lines; the last line is the head
    /// (`{"audit_head": {"seq": N, "hash": "..."}, ...}`).
    Export {
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Verify the log, then write its head to an anchor file to keep outside the store (for
    /// `audit verify --anchor`).
    Anchor {
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum PackageFormat {
    Json,
    Md,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum StateArg {
    New,
    InReview,
    Referred,
    Held,
    Cleared,
    FalsePositive,
    Found,
    NothingFound,
}

impl StateArg {
    fn state(self) -> QueueState {
        match self {
            StateArg::New => QueueState::New,
            StateArg::InReview => QueueState::InReview,
            StateArg::Referred => QueueState::Referred,
            StateArg::Held => QueueState::Held,
            StateArg::Cleared => QueueState::Cleared,
            StateArg::FalsePositive => QueueState::FalsePositive,
            StateArg::Found => QueueState::Found,
            StateArg::NothingFound => QueueState::NothingFound,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ActionArg {
    Refer,
    Hold,
    Clear,
    FalsePositive,
    ExamFound,
    ExamNothing,
}

impl ActionArg {
    fn action(self) -> Action {
        match self {
            ActionArg::Refer => Action::Refer,
            ActionArg::Hold => Action::Hold,
            ActionArg::Clear => Action::Clear,
            ActionArg::FalsePositive => Action::FalsePositive,
            ActionArg::ExamFound => Action::ExamFound,
            ActionArg::ExamNothing => Action::ExamNothing,
        }
    }
}

/// The store file: `--store`, else `hubscreen.db` in the data directory.
pub fn store_path(session: &Session, lists: &ListStore) -> PathBuf {
    session
        .store
        .clone()
        .unwrap_or_else(|| store::default_path(lists.root().parent().unwrap_or(Path::new("."))))
}

fn open(
    session: &Session,
    config: &Config,
    lists: &ListStore,
    mode: OpenMode,
) -> Result<SqliteStore> {
    let path = store_path(session, lists);
    Ok(SqliteStore::open_with(
        &path,
        &StoreOptions {
            workflow: config.workflow.clone(),
            key_file: checkpoint::key_path(&path, config.audit.key_file.as_deref()),
            mode,
        },
    )?)
}

/// The exit code of a read-only command, unless another process rewrote the store file while
/// it was read as a snapshot: then what was printed may mix two states.
fn after_read(db: &SqliteStore, code: u8) -> u8 {
    if db.changed_while_read() {
        warn(
            "hubscreen: warning: the store changed while it was read (another hubscreen wrote to it); run the command again",
        );
        return EXIT_BAD_INPUT;
    }
    code
}

/// The OS user, or `--user` when the configuration allows acting under another name.
pub fn actor(session: &Session, config: &Config) -> Result<Actor> {
    let os_user = os_user();
    let user = match &session.user {
        None => os_user,
        Some(u) if *u == os_user || config.workflow.allow_user_flag => u.clone(),
        Some(u) => bail!(
            "--user {u}: recording decisions under another name than the OS user ({os_user}) is \
             off; set workflow.allow_user_flag = true in the configuration to allow it"
        ),
    };
    Ok(Actor::now(user))
}

/// The logged-in user: `$USER` (or `$LOGNAME`), else the name of this process's uid.
fn os_user() -> String {
    if let Some(u) = ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|u| !u.trim().is_empty()))
    {
        return u;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let Ok(uid) = std::fs::metadata("/proc/self").map(|m| m.uid()) {
            let passwd = std::fs::read_to_string("/etc/passwd").unwrap_or_default();
            return passwd
                .lines()
                .map(|l| l.split(':').collect::<Vec<_>>())
                .find(|f| f.len() > 2 && f[2] == uid.to_string())
                .map(|f| f[0].to_string())
                .unwrap_or_else(|| format!("uid {uid}"));
        }
    }
    "unknown".to_string()
}

/// Prints a conflict and gives its exit code; other store errors go up as errors.
fn settle<T>(result: Result<T, StoreError>) -> Result<std::result::Result<T, u8>> {
    match result {
        Ok(v) => Ok(Ok(v)),
        Err(e) if e.is_conflict() => {
            warn(&format!("hubscreen: conflict: {e}"));
            Ok(Err(EXIT_CONFLICT))
        }
        Err(e) => Err(e.into()),
    }
}

/// Builds the screener, with the store's suppressions in force for the loaded lists.
fn screener(
    lists: &ListArgs,
    goods: Option<&Path>,
    config: &Config,
    list_store: &ListStore,
    db: &SqliteStore,
) -> Result<(Screener, bool)> {
    let loaded = load_lists(lists, config, list_store);
    loaded.ensure_screenable()?;
    let (goods, goods_failed) = load_goods(goods);
    let suppressions = store::suppressions_for(&db.suppressions(Utc::now())?, &loaded.lists);
    let screener = crate::cached_screener(loaded.lists, goods, config.clone(), list_store)
        .with_suppressions(suppressions);
    Ok((screener, loaded.failed || goods_failed))
}

pub fn ingest(
    args: IngestArgs,
    session: &Session,
    config: &Config,
    list_store: &ListStore,
) -> Result<u8> {
    let actor = actor(session, config)?;
    let mut db = open(session, config, list_store, OpenMode::Create)?;
    let (screener, mut bad_input) =
        screener(&args.lists, args.goods.as_deref(), config, list_store, &db)?;
    let options = IngestOptions {
        encoding: args.encoding,
        column_map: match &args.map {
            Some(p) => ColumnMap::load(p)?,
            None => ColumnMap::default(),
        },
    };
    for path in &args.manifests {
        let Some(ingested) = read_manifest(path, &options, &mut bad_input) else {
            continue;
        };
        let outcome = store::screen_and_record(&mut db, &screener, &ingested, &actor)
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
    }
    Ok(if bad_input { EXIT_BAD_INPUT } else { 0 })
}

pub fn queue(
    command: QueueCommand,
    session: &Session,
    config: &Config,
    list_store: &ListStore,
) -> Result<u8> {
    let mode = match command {
        QueueCommand::List { .. }
        | QueueCommand::Show { .. }
        | QueueCommand::Export { .. }
        | QueueCommand::Stats { .. } => OpenMode::ReadOnly,
        _ => OpenMode::Existing,
    };
    let mut db = open(session, config, list_store, mode)?;
    let code = queue_on(&mut db, command, session, config, list_store)?;
    Ok(after_read(&db, code))
}

fn queue_on(
    db: &mut SqliteStore,
    command: QueueCommand,
    session: &Session,
    config: &Config,
    list_store: &ListStore,
) -> Result<u8> {
    let stdout = io::stdout();
    let mut out = stdout.lock();
    match command {
        QueueCommand::List { state, open, json } => {
            let items = db.queue(&QueueFilter {
                state: state.map(StateArg::state),
                open_only: open,
            })?;
            if json {
                safe_text::to_json_writer_pretty(&mut out, &items)?;
                writeln!(out)?;
                return Ok(0);
            }
            writeln!(
                out,
                "{:>5}  {:<18} {:<6} {:>5}  {:<14} {:<12} {:>3}  reason",
                "id", "bill", "lane", "score", "state", "claimed by", "ver"
            )?;
            for i in &items {
                writeln!(
                    out,
                    "{:>5}  {:<18} {:<6} {:>5}  {:<14} {:<12} {:>3}  {}",
                    i.id,
                    for_terminal(&i.bill_of_lading),
                    i.lane.as_str(),
                    i.score,
                    i.state.as_str(),
                    for_terminal(i.claimed_by.as_deref().unwrap_or("-")),
                    i.version,
                    for_terminal(&i.reason)
                )?;
            }
            writeln!(out, "{} items", items.len())?;
            Ok(0)
        }
        QueueCommand::Show { id, json } => {
            let detail = db.queue_detail(id)?;
            if json {
                safe_text::to_json_writer_pretty(&mut out, &detail)?;
                writeln!(out)?;
            } else {
                write_detail(&mut out, &detail)?;
            }
            Ok(0)
        }
        QueueCommand::Claim { id, version } => {
            let actor = actor(session, config)?;
            let version = match version {
                Some(v) => v,
                None => db.queue_item(id)?.version,
            };
            match settle(db.claim(id, version, &actor))? {
                Ok(item) => {
                    writeln!(
                        out,
                        "queue item {id} claimed by {} (version {})",
                        for_terminal(&actor.user),
                        item.version
                    )?;
                    Ok(0)
                }
                Err(code) => Ok(code),
            }
        }
        QueueCommand::Decide(args) => {
            let actor = actor(session, config)?;
            let version = match args.version {
                Some(v) => v,
                None => db.queue_item(args.id)?.version,
            };
            let decision = NewDecision {
                item: args.id,
                action: args.action.action(),
                reason_code: args.reason,
                note: args.note,
                hit: args.hit,
                expected_version: version,
            };
            match settle(db.decide(&decision, &actor))? {
                Ok(item) => {
                    writeln!(
                        out,
                        "queue item {}: {} -> {} (version {})",
                        item.id, decision.action, item.state, item.version
                    )?;
                    Ok(0)
                }
                Err(code) => Ok(code),
            }
        }
        QueueCommand::Note { id, text } => {
            let actor = actor(session, config)?;
            db.add_note(id, &text, &actor)?;
            writeln!(out, "note added to queue item {id}")?;
            Ok(0)
        }
        QueueCommand::Export {
            id,
            format,
            out: file,
        } => {
            let detail = db.queue_detail(id)?;
            check_before_export(db, id)?;
            let package = package::build(&detail, &store::time_text(Utc::now()));
            let text = match format {
                PackageFormat::Json => safe_text::to_json_pretty(&package)? + "\n",
                PackageFormat::Md => package::to_markdown(&package),
            };
            match file {
                Some(path) => std::fs::write(&path, text)
                    .with_context(|| format!("writing {}", path.display()))?,
                None => out.write_all(text.as_bytes())?,
            }
            Ok(0)
        }
        QueueCommand::Rescreen { lists, goods, days } => {
            drop(out);
            rescreen_latest(
                db,
                &lists,
                goods.as_deref(),
                days,
                session,
                config,
                list_store,
            )
        }
        QueueCommand::Stats { json } => {
            let tallies = db.exam_tallies()?;
            if json {
                safe_text::to_json_writer_pretty(&mut out, &tallies)?;
                writeln!(out)?;
                return Ok(0);
            }
            writeln!(
                out,
                "{:<6} {:<40} {:>6} {:>6} {:>9}",
                "kind", "rule or list", "exams", "found", "hit rate"
            )?;
            for t in &tallies {
                writeln!(
                    out,
                    "{:<6} {:<40} {:>6} {:>6} {:>8.0}%",
                    t.kind,
                    for_terminal(&t.key),
                    t.exams,
                    t.found,
                    100.0 * t.found as f64 / t.exams.max(1) as f64
                )?;
            }
            Ok(0)
        }
    }
}

/// Re-screens against the entries added by the latest update of each installed source.
fn rescreen_latest(
    db: &mut SqliteStore,
    lists: &ListArgs,
    goods: Option<&Path>,
    days: Option<u32>,
    session: &Session,
    config: &Config,
    list_store: &ListStore,
) -> Result<u8> {
    let actor = actor(session, config)?;
    let added: Vec<_> = list_store
        .deltas(None)
        .into_iter()
        .flat_map(|d| d.added)
        .collect();
    if added.is_empty() {
        say(
            &mut io::stdout().lock(),
            format_args!("no list update added entries: nothing to re-screen"),
        )?;
        return Ok(0);
    }
    let (screener, bad_input) = screener(lists, goods, config, list_store, db)?;
    let days = days.unwrap_or(config.workflow.rescreen_days);
    let since = actor.at - chrono::Duration::days(i64::from(days));
    let outcome = rescreen::rescreen(db, &screener, &added, since, &actor)?;
    say(
        &mut io::stdout().lock(),
        format_args!(
            "re-screened {} shipments against {} added entries: {} with new hits; {} queue items created or re-opened",
            outcome.screened,
            added.len(),
            outcome.with_new_hits,
            outcome.queued.len()
        ),
    )?;
    Ok(if bad_input { EXIT_BAD_INPUT } else { 0 })
}

/// After `lists update`: re-screen when a store exists, so that new entries reach the queue.
pub fn after_lists_update(
    session: &Session,
    config: &Config,
    list_store: &ListStore,
) -> Result<()> {
    if !store_path(session, list_store).is_file() {
        return Ok(());
    }
    let mut db = open(session, config, list_store, OpenMode::Existing)?;
    rescreen_latest(
        &mut db,
        &ListArgs { lists: Vec::new() },
        None,
        None,
        session,
        config,
        list_store,
    )?;
    Ok(())
}

pub fn audit(
    command: AuditCommand,
    session: &Session,
    config: &Config,
    list_store: &ListStore,
) -> Result<u8> {
    let db = open(session, config, list_store, OpenMode::ReadOnly)?;
    let stdout_handle = io::stdout();
    let mut stdout = stdout_handle.lock();
    let code = match command {
        AuditCommand::Verify { json, anchor } => {
            let anchor = anchor.as_deref().map(read_anchor).transpose()?;
            let verdict = db.verify_audit_with(anchor.as_ref().map(|(f, h)| (f.as_str(), h)))?;
            if json {
                safe_text::to_json_writer_pretty(&mut stdout, &verdict)?;
                writeln!(stdout)?;
            }
            report_verdict(&mut stdout, &verdict, !json)?;
            if verdict.holds() { 0 } else { EXIT_BAD_INPUT }
        }
        AuditCommand::Export { out } => {
            let records = db.audit_records()?;
            let mut w: Box<dyn Write> = match &out {
                Some(p) => Box::new(io::BufWriter::new(
                    std::fs::File::create(p)
                        .with_context(|| format!("creating {}", p.display()))?,
                )),
                None => Box::new(io::BufWriter::new(&mut stdout)),
            };
            for r in &records {
                safe_text::to_json_writer(&mut w, r)?;
                writeln!(w)?;
            }
            // The head last: an export cut short has no such line, and the line serves as
            // an anchor for `audit verify --anchor`.
            let trailer = serde_json::json!({
                "audit_head": AuditHead::of(&records),
                "records": records.len(),
                "exported_at": store::time_text(Utc::now()),
                "checkpoint": db.audit_checkpoint()?,
            });
            safe_text::to_json_writer(&mut w, &trailer)?;
            writeln!(w)?;
            w.flush()?;
            0
        }
        AuditCommand::Anchor { out } => {
            let verdict = db.verify_audit()?;
            if !verdict.holds() {
                report_verdict(&mut stdout, &verdict, false)?;
                warn("hubscreen: no anchor written: the log does not verify");
                return Ok(EXIT_BAD_INPUT);
            }
            let anchor = Anchor {
                format: ANCHOR_FORMAT.to_string(),
                store: store_path(session, list_store).display().to_string(),
                written_at: store::time_text(Utc::now()),
                audit_head: db.audit_head()?,
            };
            let text = safe_text::to_json_pretty(&anchor)? + "\n";
            match out {
                Some(path) => {
                    std::fs::write(&path, text)
                        .with_context(|| format!("writing {}", path.display()))?;
                    writeln!(
                        stdout,
                        "anchor written to {}: record {}, hash {}; keep it outside the store",
                        for_terminal(&path.display().to_string()),
                        anchor.audit_head.seq,
                        anchor.audit_head.hash
                    )?;
                }
                None => stdout.write_all(text.as_bytes())?,
            }
            0
        }
    };
    Ok(after_read(&db, code))
}

/// The head an anchor file names, with the file's name for messages.
fn read_anchor(path: &Path) -> Result<(String, AuditHead)> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let head =
        checkpoint::read_anchor(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    Ok((path.display().to_string(), head))
}

/// Prints what verification found: the summary on stdout when it holds (unless `quiet`
/// output is JSON), every problem on stderr.
fn report_verdict(
    out: &mut impl Write,
    verdict: &store::AuditVerdict,
    summary: bool,
) -> io::Result<()> {
    if verdict.holds() {
        if summary {
            writeln!(
                out,
                "audit log verified: {} records, chain intact, head {}",
                verdict.records, verdict.head
            )?;
            match &verdict.anchor {
                Some(a) if a.at_head && !verdict.checkpoint.verified() => writeln!(
                    out,
                    "  head authenticated by anchor {} (record {}); {}",
                    for_terminal(&a.file),
                    a.head.seq,
                    for_terminal(&verdict.checkpoint.to_string())
                )?,
                _ => writeln!(out, "  {}", for_terminal(&verdict.checkpoint.to_string()))?,
            }
            if let Some(a) = verdict.anchor.as_ref().filter(|a| a.problem.is_none()) {
                writeln!(
                    out,
                    "  anchor {}: record {} is in the log, unchanged",
                    for_terminal(&a.file),
                    a.head.seq
                )?;
            }
            writeln!(
                out,
                "  rows: {} checked against the audit records that wrote them; {} written before row coverage (schema 2), not checked",
                verdict.rows.checked, verdict.rows.before_coverage
            )?;
        }
        return Ok(());
    }
    warn(&format!(
        "audit log NOT verified ({} records, last {}):",
        verdict.records, verdict.head
    ));
    for p in verdict.problems() {
        warn(&format!("  {}", for_terminal(&p)));
    }
    if let Some(b) = &verdict.broken {
        warn(&format!(
            "audit log BROKEN at record {}; the ones before it verify",
            b.seq
        ));
    }
    Ok(())
}

/// A referral package is made only from rows the audit log vouches for, out of a log that was
/// not cut.
fn check_before_export(db: &SqliteStore, item: i64) -> Result<()> {
    let verdict = db.verify_audit()?;
    let mut problems: Vec<String> = Vec::new();
    if let Some(b) = &verdict.broken {
        problems.push(format!("audit log BROKEN at record {}: {}", b.seq, b.why));
    }
    if let store::audit::CheckpointCheck::Mismatch { why } = &verdict.checkpoint {
        problems.push(format!("checkpoint MISMATCH: {why}"));
    }
    problems.extend(verdict.rows.problems.iter().map(|p| p.to_string()));
    if let store::audit::CheckpointCheck::Unauthenticated { why } = &verdict.checkpoint {
        warn(&format!(
            "hubscreen: warning: audit head not authenticated: {}",
            for_terminal(why)
        ));
    }
    if problems.is_empty() {
        return Ok(());
    }
    bail!(
        "queue item {item}: no referral package written: the store does not match its audit log: {}; run `hubscreen audit verify` and report it",
        problems.join("; ")
    )
}

fn write_detail(out: &mut impl Write, d: &store::QueueDetail) -> Result<()> {
    let i = &d.item;
    let a = &d.assessment.assessment;
    writeln!(
        out,
        "queue item {}  bill {}  state {}  version {}  claimed by {}",
        i.id,
        for_terminal(&i.bill_of_lading),
        i.state,
        i.version,
        for_terminal(i.claimed_by.as_deref().unwrap_or("-"))
    )?;
    writeln!(
        out,
        "lane {} score {}  entered: {}  shipment version {} of {}  assessed {} ({})",
        a.lane.as_str(),
        a.score,
        for_terminal(&i.reason),
        d.shipment.version,
        d.versions.len(),
        d.assessment.at,
        d.assessment.trigger
    )?;
    let s = &d.shipment.shipment;
    writeln!(out, "parties:")?;
    for p in &s.parties {
        writeln!(
            out,
            "  {:<12} {} {}",
            p.role.as_str(),
            for_terminal(&p.name),
            for_terminal(p.country.as_deref().unwrap_or(""))
        )?;
    }
    writeln!(
        out,
        "route: {}",
        for_terminal(&s.routing.chain().join(" -> "))
    )?;
    writeln!(out, "name hits (number for --hit):")?;
    for (n, h) in a.party_hits.iter().enumerate() {
        let marked = if d.marked_hits.contains(&(n as i64 + 1)) {
            "  [false positive]"
        } else {
            ""
        };
        writeln!(out, "  #{} {}{marked}", n + 1, for_terminal(&h.explain()))?;
    }
    writeln!(out, "reasons:")?;
    for r in &a.reasons {
        writeln!(out, "  {}", for_terminal(r))?;
    }
    if d.versions.len() > 1 {
        writeln!(out, "versions:")?;
        for v in &d.versions {
            writeln!(
                out,
                "  v{} {} {}",
                v.version,
                v.created_at,
                &v.content_hash[..12.min(v.content_hash.len())]
            )?;
        }
    }
    writeln!(out, "decisions:")?;
    for x in &d.decisions {
        writeln!(
            out,
            "  {} {} {} {} -> {} {} {}",
            x.at,
            for_terminal(&x.user),
            x.action,
            x.from_state,
            x.to_state,
            x.reason_code.as_deref().unwrap_or(""),
            for_terminal(x.note.as_deref().unwrap_or(""))
        )?;
    }
    for n in &d.notes {
        writeln!(
            out,
            "  note {} {}: {}",
            n.at,
            for_terminal(&n.user),
            for_terminal(&n.text)
        )?;
    }
    writeln!(out, "lists used:")?;
    for l in &d.assessment.lists {
        writeln!(
            out,
            "  {} {} {}",
            for_terminal(&l.name),
            for_terminal(&l.version),
            l.sha256
        )?;
    }
    Ok(())
}
