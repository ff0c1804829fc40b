//! `hubscreen eval`: measure the name matcher on variants of listed names and on clean names.

use std::io::{self, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;

use hubscreen::config::Config;
use hubscreen::lists::goods::GoodsLists;
use hubscreen::lists::update::ListStore;
use hubscreen::screen::eval::{EvalOptions, EvalReport, KindResult, SeedReport, SetReport};
use hubscreen::text::safe::{self, for_terminal};

use super::args::{ListArgs, threshold};
use super::lists::ListsFormat;
use super::{ensure_screenable, load_lists, screener};

#[derive(Args)]
pub(crate) struct EvalArgs {
    #[command(flatten)]
    lists: ListArgs,
    /// Generated variants and clean names per kind (persons, companies); also the most
    /// leave-one-out variants per kind.
    #[arg(long, default_value_t = 2000)]
    per_kind: usize,
    /// Seeds to run, each reported apart (give three to see how much a figure moves).
    #[arg(long, default_value = "20261127", value_delimiter = ',', num_args = 1..)]
    seed: Vec<u64>,
    /// Measure real variants too: names the lists' publishers wrote, leave-one-out and across
    /// lists (the UN list against the others' UN designations).
    #[arg(long)]
    real: bool,
    /// A newer publication of a loaded list (any list path): the names it gives an entry the
    /// loaded lists hold under other names are screened against the loaded lists. Repeatable.
    #[arg(long, value_name = "PATH")]
    later: Vec<PathBuf>,
    /// A hit scores at least this, in [0, 1]. Default: screening.party_threshold (0.85).
    #[arg(long, value_parser = threshold)]
    threshold: Option<f64>,
    #[arg(long, value_enum, default_value_t = ListsFormat::Table)]
    format: ListsFormat,
    /// Missed variants and false alerts shown, per kind and set.
    #[arg(long, default_value_t = 15)]
    examples: usize,
}

pub(crate) fn eval(args: EvalArgs, config: Config, store: &ListStore) -> Result<u8> {
    let threshold = args.threshold.unwrap_or(config.screening.party_threshold);
    // eval measures the matcher on the lists it is given: with `--list`, exactly those (the
    // agency's `[lists] always` would add its entries to the variants drawn).
    let mut config = config;
    if !args.lists.lists.is_empty() {
        config.lists.always.clear();
    }
    let mut later = Vec::new();
    for path in &args.later {
        let lists = hubscreen::lists::load_path(path)
            .with_context(|| format!("reading the newer publication {}", path.display()))?;
        later.extend(lists);
    }
    let loaded = load_lists(&args.lists, &config, store);
    ensure_screenable(&loaded)?;
    let screener = screener(loaded, GoodsLists::default(), config, store, None)?;
    let options = EvalOptions {
        per_kind: args.per_kind,
        seeds: args.seed.clone(),
        threshold,
        examples: args.examples,
        real: args.real,
        later,
    };
    let runs = hubscreen::screen::eval::run(screener.index(), screener.lists(), &options);
    let stdout = io::stdout();
    let mut out = stdout.lock();
    if args.format == ListsFormat::Json {
        safe::to_json_writer_pretty(&mut out, &runs)?;
        writeln!(out)?;
        return Ok(0);
    }
    writeln!(
        out,
        "threshold {threshold} against {} indexed names",
        screener.index().len()
    )?;
    for run in &runs {
        print_seed(&mut out, run)?;
    }
    Ok(0)
}

fn print_seed(out: &mut impl Write, run: &SeedReport) -> io::Result<()> {
    let g = &run.generated;
    writeln!(out, "seed {}", run.seed)?;
    writeln!(
        out,
        "  generated variants (our own generator)  persons {}  companies {}",
        recall(&g.persons),
        recall(&g.companies)
    )?;
    writeln!(
        out,
        "  clean names  persons {}  companies {}  ({} generated clean names set aside: a listed \
         name but for middle names and decorations)",
        false_alerts(&g.persons),
        false_alerts(&g.companies),
        run.clean_set_aside
    )?;
    writeln!(
        out,
        "  throughput {:.0} names/s ({} queries in {:.2} s, all cores)",
        g.names_per_second, g.queries, g.seconds
    )?;
    print_examples(out, g)?;
    for (what, set) in [
        ("leave-one-out", &run.leave_one_out),
        ("cross-list", &run.cross_list),
        ("later-added", &run.later_added),
    ] {
        if let Some(set) = set {
            print_set(out, what, set)?;
        }
    }
    Ok(())
}

fn recall(k: &KindResult) -> String {
    format!("recall {:.3} ({}/{})", k.recall, k.found, k.variants)
}

fn false_alerts(k: &KindResult) -> String {
    format!(
        "{:.1} false alerts per 1,000 ({}/{})",
        k.false_alerts_per_1000, k.false_alerts, k.clean
    )
}

fn print_set(out: &mut impl Write, what: &str, set: &SetReport) -> io::Result<()> {
    let r = &set.report;
    writeln!(
        out,
        "  real variants, {what}  persons {}  companies {}",
        recall(&r.persons),
        recall(&r.companies)
    )?;
    for (kind, groups) in &r.by_difference {
        let parts: Vec<String> = groups
            .iter()
            .map(|(d, g)| format!("{d} {:.2} ({}/{})", g.recall(), g.found, g.variants))
            .collect();
        writeln!(out, "    {kind}: {}", parts.join(" · "))?;
    }
    if !set.different_names_set_aside.is_empty() {
        let parts: Vec<String> = set
            .different_names_set_aside
            .iter()
            .map(|(k, n)| format!("{n} {k}"))
            .collect();
        writeln!(
            out,
            "    set aside as new names, not variants (no word in common): {}",
            parts.join(", ")
        )?;
    }
    print_examples(out, r)
}

fn print_examples(out: &mut impl Write, r: &EvalReport) -> io::Result<()> {
    for m in &r.missed {
        let how = m
            .difference
            .clone()
            .unwrap_or_else(|| m.mangling.join(", "));
        writeln!(
            out,
            "    missed  {} <- {} [{}]",
            for_terminal(&m.query),
            for_terminal(m.original.as_deref().unwrap_or("")),
            for_terminal(&how)
        )?;
    }
    for (q, hit) in &r.false_alerts {
        writeln!(
            out,
            "    alerted {} -> {}",
            for_terminal(q),
            for_terminal(hit)
        )?;
    }
    Ok(())
}
