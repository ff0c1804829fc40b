//! `hubscreen screen-names`: names from stdin, one per line; one JSON answer per line, in order.

use std::io::{self, BufRead, Write};

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use rayon::prelude::*;

use hubscreen::config::Config;
use hubscreen::lists::goods::GoodsLists;
use hubscreen::lists::update::ListStore;
use hubscreen::text::safe;

use super::args::{ListArgs, threshold};
use super::{EXIT_BAD_INPUT, ensure_screenable, load_lists, screener};

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum NamesFormat {
    Ndjson,
}

#[derive(Args)]
pub(crate) struct ScreenNamesArgs {
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

pub(crate) fn screen_names(args: ScreenNamesArgs, config: Config, store: &ListStore) -> Result<u8> {
    let NamesFormat::Ndjson = args.format;
    let threshold = args.threshold.unwrap_or(config.screening.party_threshold);
    let loaded = load_lists(&args.lists, &config, store);
    ensure_screenable(&loaded)?;
    let bad_input = loaded.failed;
    let screener = screener(loaded, GoodsLists::default(), config, store, None)?;
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
                    safe::to_json_string(&answer)
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
pub(crate) fn name_cap_fields(answer: &mut serde_json::Value, query: &str) {
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
