//! `hubscreen goods install|show|lookup`: the strategic-goods lists and the reference tables
//! shown beside goods hits (HS 2022 text, EU dual-use list Annex I), and look-ups at the desk.

use std::io::{self, Write};
use std::path::PathBuf;

use anyhow::Result;
use clap::Subcommand;

use hubscreen::lists::reference::{self, TableKind};
use hubscreen::lists::update::ListStore;
use hubscreen::screen::goods_lookup::{self, GoodsLookup};
use hubscreen::service;
use hubscreen::text::safe::for_terminal;

use super::{EXIT_BAD_INPUT, load_goods, print_notices, say, warn};

#[derive(Subcommand)]
pub(crate) enum GoodsCommand {
    /// Check published reference tables and install them under the data directory: the HS
    /// 2022 nomenclature (`harmonized-system.csv` of datasets/harmonized-system) and the EU
    /// dual-use list, Annex I, as published text. Each file's kind is told by its content; a
    /// file that does not read whole replaces nothing.
    Install {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// The goods lists in use (rows per file, keyword languages, HS 2017 conversions) and the
    /// reference tables installed.
    Show {
        /// Folder with hs_prefixes.csv, keywords.csv and chemicals.csv. Default: the bundled
        /// goods lists.
        #[arg(long, value_name = "DIR")]
        goods: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// What an HS code (`8486.20`), an Annex I entry (`3B001`) or a few words
    /// (`wafer dicing saw`) mean to the goods screen: texts, listed prefixes, notes, hits.
    Lookup {
        #[arg(required = true, value_name = "QUERY")]
        query: Vec<String>,
        /// Folder with the goods lists. Default: the bundled goods lists.
        #[arg(long, value_name = "DIR")]
        goods: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
}

pub(crate) fn run(command: GoodsCommand, store: &ListStore) -> Result<u8> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let data_dir = store.root().parent().unwrap_or(store.root()).to_path_buf();
    let code = match command {
        GoodsCommand::Install { files } => {
            let mut code = 0;
            for file in &files {
                match reference::install(&data_dir, file) {
                    Ok(t) => say(
                        &mut out,
                        format_args!(
                            "installed {}: {} {} from {} (sha256 {}) as {}",
                            t.kind.title(),
                            t.count,
                            unit(t.kind),
                            for_terminal(&file.display().to_string()),
                            &t.sha256[..12],
                            for_terminal(&t.path.display().to_string()),
                        ),
                    )?,
                    Err(e) => {
                        warn(&format!("error: not installed: {e}"));
                        code = EXIT_BAD_INPUT;
                    }
                }
            }
            code
        }
        GoodsCommand::Show { goods, json } => {
            let (lists, failed) = load_goods(goods.as_deref());
            let (matcher, notices) = service::goods_matcher(lists, store);
            print_notices(&notices);
            let tables = matcher.reference().tables();
            let lists = matcher.lists();
            if json {
                let mut languages: Vec<(String, usize)> = Vec::new();
                for k in &lists.keywords {
                    match languages.iter_mut().find(|(l, _)| *l == k.language) {
                        Some((_, n)) => *n += 1,
                        None => languages.push((k.language.clone(), 1)),
                    }
                }
                serde_json::to_writer_pretty(
                    &mut out,
                    &serde_json::json!({
                        "hs_prefixes": lists.hs_prefixes.len(),
                        "keywords": lists.keywords.len(),
                        "keyword_languages": languages,
                        "chemicals": lists.chemicals.len(),
                        "hs2017_conversions": lists.hs2017.len(),
                        "files": lists.files,
                        "reference": tables,
                    }),
                )?;
                writeln!(out)?;
            } else {
                show(&mut out, lists, &tables)?;
            }
            if failed || !notices.is_empty() {
                EXIT_BAD_INPUT
            } else {
                0
            }
        }
        GoodsCommand::Lookup { query, goods, json } => {
            let (lists, failed) = load_goods(goods.as_deref());
            let (matcher, notices) = service::goods_matcher(lists, store);
            print_notices(&notices);
            let found = goods_lookup::lookup(&matcher, &query.join(" "));
            if json {
                serde_json::to_writer_pretty(&mut out, &found)?;
                writeln!(out)?;
            } else {
                print_lookup(&mut out, &found)?;
            }
            if failed { EXIT_BAD_INPUT } else { 0 }
        }
    };
    out.flush()?;
    Ok(code)
}

fn unit(kind: TableKind) -> &'static str {
    match kind {
        TableKind::Hs2022 => "codes",
        TableKind::AnnexI => "entries",
    }
}

fn show(
    out: &mut impl Write,
    lists: &hubscreen::lists::goods::GoodsLists,
    tables: &[reference::InstalledTable],
) -> io::Result<()> {
    writeln!(out, "goods lists:")?;
    writeln!(out, "  HS prefixes      {:>5}", lists.hs_prefixes.len())?;
    let mut languages: Vec<String> = lists
        .keywords
        .iter()
        .map(|k| {
            if k.language.is_empty() {
                "?".into()
            } else {
                k.language.clone()
            }
        })
        .collect();
    languages.sort();
    languages.dedup();
    writeln!(
        out,
        "  keywords         {:>5}  ({})",
        lists.keywords.len(),
        languages
            .iter()
            .map(|l| format!(
                "{l} {}",
                lists
                    .keywords
                    .iter()
                    .filter(|k| k.language == *l || (l == "?" && k.language.is_empty()))
                    .count()
            ))
            .collect::<Vec<_>>()
            .join(", ")
    )?;
    writeln!(out, "  chemicals        {:>5}", lists.chemicals.len())?;
    writeln!(out, "  HS 2017 -> 2022  {:>5}", lists.hs2017.len())?;
    for (file, sha) in &lists.files {
        writeln!(out, "    {} {}", &sha[..12], for_terminal(file))?;
    }
    writeln!(out, "reference tables:")?;
    for kind in TableKind::ALL {
        match tables.iter().find(|t| t.kind == kind) {
            Some(t) => writeln!(
                out,
                "  {:<26} {:>5} {}  {} {}",
                kind.title(),
                t.count,
                unit(kind),
                &t.sha256[..12],
                for_terminal(&t.path.display().to_string())
            )?,
            None => writeln!(
                out,
                "  {:<26} not installed (`hubscreen goods install FILE`): goods hits are shown \
                 without its text",
                kind.title()
            )?,
        }
    }
    Ok(())
}

fn print_lookup(out: &mut impl Write, found: &GoodsLookup) -> io::Result<()> {
    for line in found.text_lines() {
        writeln!(out, "{line}")?;
    }
    Ok(())
}
