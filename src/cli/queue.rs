//! `hubscreen queue ...`: the referral queue: list, show, claim, decide, note, export,
//! re-screen, stats.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use chrono::Utc;
use clap::{Args, Subcommand, ValueEnum};

use hubscreen::config::Config;
use hubscreen::lists::update::ListStore;
use hubscreen::service;
use hubscreen::store::{
    self, Action, NewDecision, OpenMode, QueueFilter, QueueState, SqliteStore, Store, package,
};
use hubscreen::text::safe::{self, for_terminal};
use hubscreen::text::width::pad;

use super::args::ListArgs;
use super::session::{Session, actor, after_read, open, settle, store_path};
use super::{EXIT_BAD_INPUT, ensure_screenable, load_goods, load_lists, say, screener, warn};

#[derive(Subcommand)]
pub(crate) enum QueueCommand {
    /// List queue items, highest score first.
    List {
        #[arg(long, value_enum)]
        state: Option<QueueState>,
        /// Only items waiting for a targeter or an examination.
        #[arg(long)]
        open: bool,
        #[arg(long)]
        json: bool,
    },
    /// Show one item: shipment, hits (numbered for --hit), versions, decisions, lists used.
    Show {
        /// A queue item number or a bill of lading number.
        id: ItemRef,
        #[arg(long)]
        json: bool,
    },
    /// Claim an item for review.
    Claim {
        /// A queue item number or a bill of lading number.
        id: ItemRef,
        /// The item version you saw (default: the current one).
        #[arg(long)]
        version: Option<i64>,
    },
    /// Decide on an item: refer, hold, clear, mark a hit false positive, or record an
    /// examination result.
    Decide(DecideArgs),
    /// Add a free-text note to an item.
    Note {
        /// A queue item number or a bill of lading number.
        id: ItemRef,
        text: String,
    },
    /// Write the referral package for an interdiction team.
    Export {
        /// A queue item number or a bill of lading number.
        id: ItemRef,
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
pub(crate) struct DecideArgs {
    /// A queue item number or a bill of lading number.
    id: ItemRef,
    #[arg(long, value_enum)]
    action: Action,
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

/// A queue item as a user names it: its number, or the bill of lading it is about.
#[derive(Clone, Debug)]
pub(crate) struct ItemRef(String);

impl std::str::FromStr for ItemRef {
    type Err = String;

    fn from_str(text: &str) -> std::result::Result<Self, Self::Err> {
        let text = text.trim();
        if text.is_empty() {
            return Err("give a queue item number or a bill of lading number".into());
        }
        Ok(ItemRef(text.to_string()))
    }
}

impl ItemRef {
    /// The item id: a number that is an item's id, else the item of the bill with this number
    /// (letter case aside).
    pub(crate) fn resolve(&self, db: &SqliteStore) -> Result<i64> {
        if let Ok(id) = self.0.parse::<i64>()
            && db.queue_item(id).is_ok()
        {
            return Ok(id);
        }
        let items = db.queue(&store::QueueFilter::default())?;
        match items
            .iter()
            .find(|i| i.bill_of_lading.eq_ignore_ascii_case(&self.0))
        {
            Some(item) => Ok(item.id),
            None => anyhow::bail!(
                "no queue item {0} and no queue item for bill {0}",
                for_terminal(&self.0)
            ),
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum PackageFormat {
    Json,
    Md,
}

pub(crate) fn queue(
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

/// Runs one queue command on an open store; what it prints goes to stdout.
pub(crate) fn queue_on(
    db: &mut SqliteStore,
    command: QueueCommand,
    session: &Session,
    config: &Config,
    list_store: &ListStore,
) -> Result<u8> {
    let stdout = io::stdout();
    let mut out = stdout.lock();
    match command {
        QueueCommand::List { state, open, json } => list_items(db, state, open, json, &mut out),
        QueueCommand::Show { id, json } => {
            let detail = db.queue_detail(id.resolve(db)?)?;
            if json {
                safe::to_json_writer_pretty(&mut out, &detail)?;
                writeln!(out)?;
            } else {
                write_detail(&mut out, &detail)?;
            }
            Ok(0)
        }
        QueueCommand::Claim { id, version } => {
            let id = id.resolve(db)?;
            claim(db, id, version, &actor(session, config)?, &mut out)
        }
        QueueCommand::Decide(args) => decide(db, args, &actor(session, config)?, &mut out),
        QueueCommand::Note { id, text } => {
            let id = id.resolve(db)?;
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
            let id = id.resolve(db)?;
            export(db, id, format, file, &mut out)
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
        QueueCommand::Stats { json } => stats(db, json, &mut out),
    }
}

/// `queue list`: the items, highest score first, as a table or JSON.
fn list_items(
    db: &SqliteStore,
    state: Option<QueueState>,
    open: bool,
    json: bool,
    out: &mut impl Write,
) -> Result<u8> {
    let items = db.queue(&QueueFilter {
        state,
        open_only: open,
    })?;
    if json {
        safe::to_json_writer_pretty(&mut *out, &items)?;
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
            "{:>5}  {} {:<6} {:>5}  {:<14} {} {:>3}  {}",
            i.id,
            pad(&i.bill_of_lading, 18),
            i.lane.as_str(),
            i.score,
            i.state.as_str(),
            pad(i.claimed_by.as_deref().unwrap_or("-"), 12),
            i.version,
            for_terminal(&i.reason)
        )?;
    }
    writeln!(out, "{} items", items.len())?;
    Ok(0)
}

/// `queue claim`: at the version seen (default: the current one).
fn claim(
    db: &mut SqliteStore,
    id: i64,
    version: Option<i64>,
    actor: &store::Actor,
    out: &mut impl Write,
) -> Result<u8> {
    let version = match version {
        Some(v) => v,
        None => db.queue_item(id)?.version,
    };
    match settle(db.claim(id, version, actor))? {
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

/// `queue decide`: at the version seen (default: the current one).
fn decide(
    db: &mut SqliteStore,
    args: DecideArgs,
    actor: &store::Actor,
    out: &mut impl Write,
) -> Result<u8> {
    let id = args.id.resolve(db)?;
    let version = match args.version {
        Some(v) => v,
        None => db.queue_item(id)?.version,
    };
    let decision = NewDecision {
        item: id,
        action: args.action,
        reason_code: args.reason,
        note: args.note,
        hit: args.hit,
        expected_version: version,
    };
    match settle(db.decide(&decision, actor))? {
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

/// `queue export`: the referral package, made only from rows the audit log vouches for.
fn export(
    db: &SqliteStore,
    id: i64,
    format: PackageFormat,
    file: Option<PathBuf>,
    out: &mut impl Write,
) -> Result<u8> {
    let detail = db.queue_detail(id)?;
    check_before_export(db, id)?;
    let package = package::build(&detail, &store::time_text(Utc::now()));
    let text = match format {
        PackageFormat::Json => safe::to_json_pretty(&package)? + "\n",
        PackageFormat::Md => package::to_markdown(&package),
    };
    match file {
        Some(path) => {
            std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?
        }
        None => out.write_all(text.as_bytes())?,
    }
    Ok(0)
}

/// `queue stats`: examination results per rule and per list.
fn stats(db: &SqliteStore, json: bool, out: &mut impl Write) -> Result<u8> {
    let tallies = db.exam_tallies()?;
    if json {
        safe::to_json_writer_pretty(&mut *out, &tallies)?;
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
            "{:<6} {} {:>6} {:>6} {:>8.0}%",
            t.kind,
            pad(&t.key, 40),
            t.exams,
            t.found,
            100.0 * t.found as f64 / t.exams.max(1) as f64
        )?;
    }
    Ok(0)
}

/// Re-screens against the entries added by the latest update of each installed source.
pub(crate) fn rescreen_latest(
    db: &mut SqliteStore,
    lists: &ListArgs,
    goods: Option<&Path>,
    days: Option<u32>,
    session: &Session,
    config: &Config,
    list_store: &ListStore,
) -> Result<u8> {
    let actor = actor(session, config)?;
    if service::added_entries(list_store) == 0 {
        say(
            &mut io::stdout().lock(),
            format_args!("no list update added entries: nothing to re-screen"),
        )?;
        return Ok(0);
    }
    let loaded = load_lists(lists, config, list_store);
    ensure_screenable(&loaded)?;
    let (goods, goods_failed) = load_goods(goods);
    let bad_input = loaded.failed || goods_failed;
    let screener = screener(loaded, goods, config.clone(), list_store, Some(&*db))?;
    let days = days.unwrap_or(config.workflow.rescreen_days);
    let rescreened = service::rescreen_added(db, &screener, list_store, days, &actor)?;
    let outcome = rescreened.outcome;
    say(
        &mut io::stdout().lock(),
        format_args!(
            "re-screened {} shipments against {} added entries: {} with new hits; {} queue items created or re-opened",
            outcome.screened,
            rescreened.added,
            outcome.with_new_hits,
            outcome.queued.len()
        ),
    )?;
    Ok(if bad_input { EXIT_BAD_INPUT } else { 0 })
}

/// After `lists update`: re-screen when a store exists, so that new entries reach the queue.
pub(crate) fn after_lists_update(
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

/// A referral package is made only from rows the audit log vouches for, out of a log that was
/// not cut.
pub(crate) fn check_before_export(db: &SqliteStore, item: i64) -> Result<()> {
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

pub(crate) fn write_detail(out: &mut impl Write, d: &store::QueueDetail) -> Result<()> {
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
        store::time_text(d.assessment.at),
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
                store::time_text(v.created_at),
                &v.content_hash[..12.min(v.content_hash.len())]
            )?;
        }
    }
    writeln!(out, "decisions:")?;
    for x in &d.decisions {
        writeln!(
            out,
            "  {} {} {} {} -> {} {} {}",
            store::time_text(x.at),
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
            store::time_text(n.at),
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
