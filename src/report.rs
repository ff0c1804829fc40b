//! Headless output: screening results and list summaries as a terminal table, JSON, NDJSON or
//! CSV, in the manner of trippy's `--mode`.
//!
//! Manifest and list text is written by strangers, so nothing here writes it raw: the table
//! goes through [`crate::text::safe::for_terminal`], CSV cells through
//! [`crate::text::safe::csv_cell`], JSON through [`crate::text::safe::to_json_writer`]. This
//! module writes to any `io::Write`; it never decides exit codes.

pub use crate::lists::summary::ListSummary;
use std::io::{self, Write};

use serde::Serialize;

use crate::ingest::{ManifestFormat, Problem};
use crate::model::{Assessment, Lane, Shipment};
use crate::text::safe::{self, for_terminal};
use crate::text::width::{cell, truncate};

/// How `screen` writes its results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// A readable terminal summary.
    Table,
    /// One JSON document: lists, files, assessments, problems.
    Json,
    /// One assessment per line.
    Ndjson,
    /// One row per shipment.
    Csv,
}

/// One screened manifest file.
#[derive(Debug, Clone, Serialize)]
pub struct FileSummary {
    pub file: String,
    pub format: ManifestFormat,
    pub sha256: String,
    pub shipments: usize,
}

/// An assessment with the file it came from and the shipment's key facts for display.
#[derive(Debug, Clone, Serialize)]
pub struct ScreenedShipment {
    pub file: String,
    #[serde(flatten)]
    pub assessment: Assessment,
    #[serde(skip)]
    pub consignee: String,
    #[serde(skip)]
    pub route: String,
}

impl ScreenedShipment {
    pub fn new(file: &str, shipment: &Shipment, assessment: Assessment) -> Self {
        let consignee = shipment
            .parties_in(crate::model::PartyRole::Consignee)
            .next()
            .map(|p| p.name.clone())
            .unwrap_or_default();
        ScreenedShipment {
            file: file.to_string(),
            assessment,
            consignee,
            route: shipment.routing.chain().join(">"),
        }
    }
}

/// Everything one `screen` run produced.
#[derive(Debug, Clone, Serialize)]
pub struct ScreenReport {
    pub lists: Vec<ListSummary>,
    pub goods_lists: Vec<String>,
    pub files: Vec<FileSummary>,
    pub assessments: Vec<ScreenedShipment>,
    pub problems: Vec<Problem>,
}

impl ScreenReport {
    pub fn count(&self, lane: Lane) -> usize {
        self.assessments
            .iter()
            .filter(|a| a.assessment.lane == lane)
            .count()
    }
}

/// Writes a screening report. `all` lists green shipments in the table too.
pub fn write_screen(
    out: &mut dyn Write,
    format: OutputFormat,
    report: &ScreenReport,
    all: bool,
) -> io::Result<()> {
    let mut w = ScreenWriter::start(
        out,
        format,
        all,
        &report.lists,
        &report.goods_lists,
        &report.files,
    )?;
    w.write(report.assessments.clone())?;
    w.finish(&report.problems, report.problems.len())?;
    Ok(())
}

/// Shipments counted by lane.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LaneCounts {
    pub red: usize,
    pub yellow: usize,
    pub green: usize,
}

impl LaneCounts {
    fn add(&mut self, lane: Lane) {
        match lane {
            Lane::Red => self.red += 1,
            Lane::Yellow => self.yellow += 1,
            Lane::Green => self.green += 1,
        }
    }
}

/// A screening report written as shipments are screened, in any [`OutputFormat`]: what
/// comes first (the lists, the files; the CSV header) by [`Self::start`], each batch of
/// assessments by [`Self::write`], what needs the whole run (the problems, the counts) by
/// [`Self::finish`]. The JSON document has the keys and order of [`ScreenReport`]; the table
/// lists each batch's red and yellow shipments by score as they come.
pub struct ScreenWriter<'w> {
    out: &'w mut dyn Write,
    format: OutputFormat,
    all: bool,
    lists: Vec<ListSummary>,
    files: Vec<FileSummary>,
    /// Lane counts per file, in the order of `files`.
    counts: Vec<LaneCounts>,
    total: LaneCounts,
    written: usize,
}

/// A value as pretty JSON nested `depth` levels deep.
fn nested_json(value: &impl Serialize, depth: usize) -> io::Result<String> {
    let text = safe::to_json_pretty(value)?;
    Ok(text.replace('\n', &format!("\n{}", "  ".repeat(depth))))
}

impl<'w> ScreenWriter<'w> {
    pub fn start(
        out: &'w mut dyn Write,
        format: OutputFormat,
        all: bool,
        lists: &[ListSummary],
        goods_lists: &[String],
        files: &[FileSummary],
    ) -> io::Result<Self> {
        match format {
            OutputFormat::Json => {
                write!(
                    out,
                    "{{\n  \"lists\": {},\n  \"goods_lists\": {},\n  \"files\": {},\n  \"assessments\": [",
                    nested_json(&lists, 1)?,
                    nested_json(&goods_lists, 1)?,
                    nested_json(&files, 1)?
                )?;
            }
            OutputFormat::Csv => {
                let mut w = csv::Writer::from_writer(&mut *out);
                w.write_record(CSV_HEADER)?;
                w.flush()?;
            }
            OutputFormat::Ndjson | OutputFormat::Table => {}
        }
        Ok(ScreenWriter {
            out,
            format,
            all,
            lists: lists.to_vec(),
            files: files.to_vec(),
            counts: vec![LaneCounts::default(); files.len()],
            total: LaneCounts::default(),
            written: 0,
        })
    }

    /// Writes a batch of screened shipments.
    pub fn write(&mut self, mut batch: Vec<ScreenedShipment>) -> io::Result<()> {
        for s in &batch {
            self.total.add(s.assessment.lane);
            if let Some(i) = self.files.iter().position(|f| f.file == s.file) {
                self.counts[i].add(s.assessment.lane);
            }
        }
        match self.format {
            OutputFormat::Json => {
                for s in &batch {
                    let sep = if self.written == 0 { "" } else { "," };
                    write!(self.out, "{sep}\n    {}", nested_json(s, 2)?)?;
                    self.written += 1;
                }
            }
            OutputFormat::Ndjson => {
                for s in &batch {
                    safe::to_json_writer(&mut *self.out, s)?;
                    writeln!(self.out)?;
                }
            }
            OutputFormat::Csv => {
                let mut w = csv::Writer::from_writer(&mut *self.out);
                for s in &batch {
                    w.write_record(csv_row(s).iter().map(|c| safe::csv_cell(c).into_owned()))?;
                }
                w.flush()?;
            }
            OutputFormat::Table => {
                batch.retain(|a| self.all || a.assessment.lane != Lane::Green);
                batch.sort_by_key(|s| std::cmp::Reverse(s.assessment.score));
                if self.written == 0 && !batch.is_empty() {
                    writeln!(
                        self.out,
                        "{:<6} {:>5}  {:<16} {:<28} ROUTE",
                        "LANE", "SCORE", "BILL", "CONSIGNEE"
                    )?;
                }
                for s in &batch {
                    write_table_row(self.out, s)?;
                    self.written += 1;
                }
            }
        }
        Ok(())
    }

    /// Writes what comes last: the problems (JSON keeps them, the table counts them), the
    /// table's totals. Returns the shipments counted by lane.
    pub fn finish(self, problems: &[Problem], problem_count: usize) -> io::Result<LaneCounts> {
        match self.format {
            OutputFormat::Json => {
                let close = if self.written == 0 { "]" } else { "\n  ]" };
                writeln!(
                    self.out,
                    "{close},\n  \"problems\": {}\n}}",
                    nested_json(&problems, 1)?
                )?;
            }
            OutputFormat::Table => {
                let green = self.total.green;
                if !self.all && green > 0 {
                    writeln!(
                        self.out,
                        "({green} green shipments not listed; --all lists them)"
                    )?;
                }
                writeln!(self.out)?;
                for (f, n) in self.files.iter().zip(&self.counts) {
                    writeln!(
                        self.out,
                        "{}: {} shipments ({}): {} red, {} yellow, {} green",
                        for_terminal(&f.file),
                        f.shipments,
                        f.format.as_str(),
                        n.red,
                        n.yellow,
                        n.green
                    )?;
                }
                let lists: Vec<String> = self
                    .lists
                    .iter()
                    .map(|l| format!("{} ({}, {} entries)", l.name, l.version, l.entries))
                    .collect();
                writeln!(
                    self.out,
                    "screened against: {}",
                    for_terminal(&lists.join("; "))
                )?;
                if problem_count > 0 {
                    writeln!(
                        self.out,
                        "{problem_count} input problem(s) reported on stderr"
                    )?;
                }
            }
            OutputFormat::Ndjson | OutputFormat::Csv => {}
        }
        self.out.flush()?;
        Ok(self.total)
    }
}

const CSV_HEADER: [&str; 9] = [
    "file",
    "bill_of_lading",
    "source",
    "lane",
    "score",
    "party_hits",
    "goods_hits",
    "red_flags",
    "reasons",
];

fn csv_row(s: &ScreenedShipment) -> [String; 9] {
    let a = &s.assessment;
    [
        s.file.clone(),
        a.bill_of_lading.clone(),
        a.source.clone().unwrap_or_default(),
        a.lane.as_str().to_string(),
        a.score.to_string(),
        a.party_hits.len().to_string(),
        a.goods_hits.len().to_string(),
        a.red_flags
            .iter()
            .map(|f| f.rule.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        a.reasons
            .iter()
            .map(|r| csv_reason(r))
            .collect::<Vec<_>>()
            .join(" | "),
    ]
}

/// A reason as the CSV says it: `40 pts: party ...` instead of `+40 party ...`, so that the
/// cell does not start like a formula and needs no `'` in front.
fn csv_reason(reason: &str) -> String {
    let Some(rest) = reason.strip_prefix('+') else {
        return reason.to_string();
    };
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    match rest[digits..].strip_prefix(' ') {
        Some(text) if digits > 0 => format!("{} pts: {text}", &rest[..digits]),
        _ => reason.to_string(),
    }
}

fn write_table_row(out: &mut dyn Write, s: &ScreenedShipment) -> io::Result<()> {
    let a = &s.assessment;
    writeln!(
        out,
        "{:<6} {:>5}  {} {} {}",
        a.lane.as_str().to_uppercase(),
        a.score,
        cell(&a.bill_of_lading, 16),
        cell(&s.consignee, 28),
        truncate(&s.route, 40)
    )?;
    for r in &a.reasons {
        writeln!(out, "    {}", for_terminal(r))?;
    }
    Ok(())
}

/// Writes `lists show` as a table or a JSON array.
pub fn write_lists(out: &mut dyn Write, json: bool, lists: &[ListSummary]) -> io::Result<()> {
    if json {
        safe::to_json_writer_pretty(&mut *out, lists)?;
        return writeln!(out);
    }
    writeln!(
        out,
        "{:<20} {:<16} {:<22} {:>8} {:>8} {:>5}  SHA-256",
        "LIST", "FORMAT", "VERSION", "ENTRIES", "NAMES", "AGE"
    )?;
    for l in lists {
        writeln!(
            out,
            "{} {:<16} {} {:>8} {:>8} {:>5}  {}",
            cell(&l.name, 20),
            l.format.as_str(),
            cell(&l.version, 22),
            l.entries,
            l.names,
            l.age_days
                .map(|d| format!("{d}d"))
                .unwrap_or_else(|| "-".into()),
            &l.content_hash[..l.content_hash.len().min(16)]
        )?;
        if let (Some(source), Some(at)) = (&l.source, &l.fetched_at) {
            let dated = l.dated.as_deref().unwrap_or_default();
            let stale = if l.stale { "; STALE" } else { "" };
            writeln!(
                out,
                "    source {}, fetched {at}; {dated}{stale}",
                for_terminal(source)
            )?;
        }
        for f in &l.files {
            writeln!(out, "    {}", for_terminal(f))?;
        }
        for p in &l.problems {
            writeln!(out, "    problem: {}", for_terminal(p))?;
        }
    }
    Ok(())
}
