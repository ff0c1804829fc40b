//! `hubscreen eval`: measure the name matcher on variants of listed names and on clean names.

use std::io::{self, Write};

use anyhow::Result;
use clap::Args;

use hubscreen::config::Config;
use hubscreen::lists::goods::GoodsLists;
use hubscreen::lists::update::ListStore;
use hubscreen::text::safe::{self, for_terminal};

use super::args::{ListArgs, threshold};
use super::lists::ListsFormat;
use super::{ensure_screenable, load_lists, screener};

#[derive(Args)]
pub(crate) struct EvalArgs {
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

pub(crate) fn eval(args: EvalArgs, config: Config, store: &ListStore) -> Result<u8> {
    let threshold = args.threshold.unwrap_or(config.screening.party_threshold);
    // eval measures the matcher on the lists it is given: with `--list`, exactly those (the
    // agency's `[lists] always` would add its entries to the variants drawn).
    let mut config = config;
    if !args.lists.lists.is_empty() {
        config.lists.always.clear();
    }
    let loaded = load_lists(&args.lists, &config, store);
    ensure_screenable(&loaded)?;
    let screener = screener(loaded, GoodsLists::default(), config, store, None)?;
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
        safe::to_json_writer_pretty(&mut out, &r)?;
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
