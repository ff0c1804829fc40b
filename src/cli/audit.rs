//! `hubscreen audit verify|export|anchor`: the audit log's hash chain and checkpoint.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use chrono::Utc;
use clap::Subcommand;

use hubscreen::config::Config;
use hubscreen::lists::update::ListStore;
use hubscreen::store::checkpoint::{self, ANCHOR_FORMAT, Anchor};
use hubscreen::store::{self, AuditHead, OpenMode, Store};
use hubscreen::text::safe::{self, for_terminal};

use super::session::{Session, after_read, open, store_path};
use super::{EXIT_BAD_INPUT, warn};

#[derive(Subcommand)]
pub(crate) enum AuditCommand {
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

pub(crate) fn audit(
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
                safe::to_json_writer_pretty(&mut stdout, &verdict)?;
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
                safe::to_json_writer(&mut w, r)?;
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
            safe::to_json_writer(&mut w, &trailer)?;
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
            let text = safe::to_json_pretty(&anchor)? + "\n";
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
pub(crate) fn read_anchor(path: &Path) -> Result<(String, AuditHead)> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let head =
        checkpoint::read_anchor(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    Ok((path.display().to_string(), head))
}

/// Prints what verification found: the summary on stdout when it holds (unless `quiet`
/// output is JSON), every problem on stderr.
pub(crate) fn report_verdict(
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
