//! `hubscreen rules list|show|check|test`: the targeting rule packs, for the people who write
//! them: what is in force, what a rule says, whether a pack reads, and which bills a pack would
//! select before it goes live.

use std::io::{self, Write};
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use clap::Subcommand;

use hubscreen::config::Config;
use hubscreen::lists::update::ListStore;
use hubscreen::model::Lane;
use hubscreen::screen::rules::{self, RulePack, RuleSet};
use hubscreen::screen::score;
use hubscreen::text::safe::{self, for_terminal};

use hubscreen::store::{OpenMode, RuleStat, Store};

use super::args::ManifestArgs;
use super::screen::{SCREEN_CHUNK, open_manifest};
use super::session::{Session, open};
use super::{EXIT_BAD_INPUT, ensure_screenable, load_goods, load_lists, screener, warn};

#[derive(Subcommand)]
pub(crate) enum RulesCommand {
    /// Every rule of the packs in force: pack, id, points, lane, state, title.
    List {
        #[arg(long)]
        json: bool,
    },
    /// One rule (by id) in full, or a whole pack's text (by pack id: `builtin` prints the
    /// built-in pack, a start for an agency pack).
    Show { id: String },
    /// Read pack files as screening would, without putting them in force; name the file and
    /// line of every error.
    Check {
        #[arg(required = true)]
        packs: Vec<PathBuf>,
    },
    /// Screen manifests with a pack added to those in force, and show the bills the pack's
    /// rules select, why, and the lane each would get with and without the pack.
    Test {
        /// The pack file to try.
        pack: PathBuf,
        #[command(flatten)]
        input: ManifestArgs,
    },
    /// Per rule, over a period: the bills it fired on, the examinations and findings on them,
    /// and the hit rate, so that a unit can retire the rules that only cost time. Rules in
    /// force that never fired are listed too.
    Stats {
        /// From this day (YYYY-MM-DD, UTC), inclusive.
        #[arg(long, value_name = "DAY", value_parser = day)]
        since: Option<chrono::NaiveDate>,
        /// Up to this day (YYYY-MM-DD, UTC), inclusive.
        #[arg(long, value_name = "DAY", value_parser = day)]
        until: Option<chrono::NaiveDate>,
        #[arg(long)]
        json: bool,
    },
}

fn day(text: &str) -> std::result::Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("{text:?} is not a day (YYYY-MM-DD)"))
}

pub(crate) fn run(
    command: RulesCommand,
    session: &Session,
    config: &Config,
    store: &ListStore,
) -> Result<u8> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let code = match command {
        RulesCommand::List { json } => {
            let set = RuleSet::load(&config.rules)?;
            list(&mut out, &set, json)?;
            0
        }
        RulesCommand::Show { id } => {
            let set = RuleSet::load(&config.rules)?;
            show(&mut out, &set, &id)?
        }
        RulesCommand::Check { packs } => check(&mut out, &packs)?,
        RulesCommand::Test { pack, input } => test(&mut out, config, store, pack, input)?,
        RulesCommand::Stats { since, until, json } => {
            let set = RuleSet::load(&config.rules)?;
            let db = open(session, config, store, OpenMode::ReadOnly)?;
            let start = |d: chrono::NaiveDate| d.and_time(chrono::NaiveTime::MIN).and_utc();
            let stats = db.rule_stats(
                since.map(start),
                until.map(|d| start(d + chrono::Days::new(1))),
            )?;
            stats_table(&mut out, &set, stats, json)?;
            0
        }
    };
    out.flush()?;
    Ok(code)
}

fn list(out: &mut impl Write, set: &RuleSet, json: bool) -> Result<()> {
    if json {
        let rows: Vec<serde_json::Value> = set
            .rules()
            .map(|(p, r)| {
                serde_json::json!({
                    "pack": p.label(),
                    "file": p.file,
                    "id": r.id,
                    "title": r.title,
                    "owner": r.owner,
                    "points": r.points,
                    "lane": r.lane,
                    "state": set.state(r),
                    "valid_from": r.valid_from,
                    "valid_until": r.valid_until,
                    "source": r.source,
                    "instruction": r.instruction,
                })
            })
            .collect();
        safe::to_json_writer_pretty(&mut *out, &rows)?;
        writeln!(out)?;
        return Ok(());
    }
    for p in &set.packs {
        writeln!(
            out,
            "{} ({}; {}, {} rules)",
            for_terminal(&p.label()),
            for_terminal(&p.title),
            for_terminal(&p.file),
            p.rules.len()
        )?;
        for r in &p.rules {
            let lane = r.lane.map(|l| format!(" -> {l}")).unwrap_or_default();
            writeln!(
                out,
                "  {:<44} {:>3}{:<10} {:<16} {}",
                for_terminal(&r.id),
                r.points,
                lane,
                set.state(r),
                for_terminal(&r.title)
            )?;
        }
    }
    Ok(())
}

fn show(out: &mut impl Write, set: &RuleSet, id: &str) -> Result<u8> {
    if let Some(pack) = set.packs.iter().find(|p| p.id == id) {
        let text = if pack.id == "builtin" && pack.file == "builtin" {
            rules::BUILTIN.to_string()
        } else {
            std::fs::read_to_string(&pack.file).with_context(|| pack.file.clone())?
        };
        write!(out, "{}", for_terminal(&text))?;
        return Ok(0);
    }
    let Some((pack, r)) = set.rules().find(|(_, r)| r.id == id) else {
        warn(&format!(
            "error: no rule or pack {id:?} is loaded (see `hubscreen rules list`)"
        ));
        return Ok(EXIT_BAD_INPUT);
    };
    let date = |d: Option<chrono::NaiveDate>| d.map_or("-".to_string(), |d| d.to_string());
    for (field, value) in [
        ("rule", r.id.clone()),
        ("title", r.title.clone()),
        (
            "pack",
            format!("{} ({}:{})", pack.label(), pack.file, r.line),
        ),
        ("owner", r.owner.clone()),
        ("state", set.state(r).to_string()),
        (
            "valid",
            format!("{} to {}", date(r.valid_from), date(r.valid_until)),
        ),
        ("points", r.points.to_string()),
        (
            "lane",
            r.lane
                .map_or("by score".to_string(), |l: Lane| format!("{l} at least")),
        ),
        ("source", r.source.clone()),
        ("examiner", r.instruction.clone()),
    ] {
        writeln!(out, "{field:<9} {}", for_terminal(&value))?;
    }
    for (i, line) in r.written.lines().enumerate() {
        let field = if i == 0 { "when" } else { "" };
        writeln!(out, "{field:<9} {}", for_terminal(line))?;
    }
    Ok(0)
}

fn stats_table(
    out: &mut impl Write,
    set: &RuleSet,
    mut stats: Vec<RuleStat>,
    json: bool,
) -> Result<()> {
    for (_, r) in set.rules() {
        if set.is_active(r) && !stats.iter().any(|s| s.rule == r.id) {
            stats.push(RuleStat {
                rule: r.id.clone(),
                hits: 0,
                exams: 0,
                found: 0,
            });
        }
    }
    stats.sort_by(|a, b| b.hits.cmp(&a.hits).then_with(|| a.rule.cmp(&b.rule)));
    if json {
        let rows: Vec<serde_json::Value> = stats
            .iter()
            .map(|s| {
                serde_json::json!({
                    "rule": s.rule,
                    "hits": s.hits,
                    "exams": s.exams,
                    "found": s.found,
                    "hit_rate": s.hit_rate(),
                })
            })
            .collect();
        safe::to_json_writer_pretty(&mut *out, &rows)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(
        out,
        "{:<44} {:>6} {:>6} {:>6} {:>9}",
        "rule", "hits", "exams", "found", "hit rate"
    )?;
    for s in &stats {
        let rate = s
            .hit_rate()
            .map_or("-".to_string(), |r| format!("{:.0}%", r * 100.0));
        let note = if set.rules().any(|(_, r)| r.id == s.rule) {
            ""
        } else {
            "  (not in a loaded pack)"
        };
        writeln!(
            out,
            "{:<44} {:>6} {:>6} {:>6} {:>9}{note}",
            for_terminal(&s.rule),
            s.hits,
            s.exams,
            s.found,
            rate
        )?;
    }
    Ok(())
}

fn read_pack(path: &PathBuf) -> Result<RulePack> {
    let label = path.display().to_string();
    let text = std::fs::read_to_string(path).with_context(|| label.clone())?;
    Ok(rules::parse(&label, &text, &rules::builtin_groups())?)
}

fn check(out: &mut impl Write, packs: &[PathBuf]) -> Result<u8> {
    let mut code = 0;
    for path in packs {
        match read_pack(path) {
            Ok(p) => writeln!(
                out,
                "{}: ok, pack {} with {} rules",
                for_terminal(&path.display().to_string()),
                for_terminal(&p.label()),
                p.rules.len()
            )?,
            Err(e) => {
                warn(&format!("error: {e:#}"));
                code = EXIT_BAD_INPUT;
            }
        }
    }
    Ok(code)
}

fn test(
    out: &mut impl Write,
    config: &Config,
    store: &ListStore,
    pack: PathBuf,
    input: ManifestArgs,
) -> Result<u8> {
    let tried = read_pack(&pack)?;
    let mut set = RuleSet::load(&config.rules)?;
    if set.packs.iter().any(|p| p.id == tried.id) {
        // The pack is already in force (an edited copy of it is being tried): replace it.
        set.packs.retain(|p| p.id != tried.id);
    }
    if let Some(r) = tried
        .rules
        .iter()
        .find(|r| set.rules().any(|(_, x)| x.id == r.id))
    {
        bail!(
            "{}:{}: rule id {:?} is already a rule in force",
            tried.file,
            r.line,
            r.id
        );
    }
    let label = tried.label();
    set.packs.push(tried);

    let loaded = load_lists(&input.lists, config, store);
    ensure_screenable(&loaded)?;
    let mut bad_input = loaded.failed;
    let (goods, goods_failed) = load_goods(input.goods.as_deref());
    bad_input |= goods_failed;
    let options = input.ingest_options()?;
    let screener = screener(loaded, goods, config.clone(), store, None)?.with_rules(set);
    let (mut bills, mut selected, mut changed) = (0usize, 0usize, 0usize);
    for path in &input.manifests {
        let Some(file) = open_manifest(path, &options, &mut bad_input) else {
            continue;
        };
        file.stream(SCREEN_CHUNK, &mut |chunk| {
            for p in &chunk.problems {
                warn(&p.to_string());
            }
            let assessments = screener.screen_shipments(&chunk.shipments);
            for (s, a) in chunk.shipments.iter().zip(assessments) {
                bills += 1;
                let (mine, others): (Vec<_>, Vec<_>) =
                    a.red_flags.iter().cloned().partition(|f| f.pack == label);
                if mine.is_empty() {
                    continue;
                }
                selected += 1;
                let without = score::assess(
                    s,
                    a.party_hits.clone(),
                    a.vessel_hits.clone(),
                    a.goods_hits.clone(),
                    others,
                    screener.config(),
                );
                if without.lane != a.lane {
                    changed += 1;
                }
                writeln!(
                    out,
                    "{} {}: {} (without the pack: {}, score {} -> {})",
                    for_terminal(&file.file),
                    for_terminal(&a.bill_of_lading),
                    a.lane,
                    without.lane,
                    without.score,
                    a.score
                )?;
                for f in &mine {
                    writeln!(out, "  +{} {}", f.points, for_terminal(&f.explain()))?;
                }
            }
            Ok(())
        })?;
    }
    writeln!(
        out,
        "{label}: {selected} of {bills} bills selected by its rules, {changed} change lane"
    )?;
    Ok(if bad_input { EXIT_BAD_INPUT } else { 0 })
}
