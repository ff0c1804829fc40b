//! Live intake: manifests dropped into a folder are screened and stored once each, whatever
//! their format; a file that cannot be read is moved out of the way with a note saying why.
//!
//! Each file is read and detected from its content like any other manifest; the store knows a
//! file by its SHA-256, so a file seen before (under any name, after a restart) changes
//! nothing. A file nothing can be read from goes to `DIR/rejected/`, with
//! `<name>.error.txt` beside it naming the file, where the trouble is and what it is, so that
//! whoever sent it can be told. A file that reads with some bad bills is stored (its good bills
//! are screened) and its problems are kept with its ingest run, as `hubscreen ingest` does.
//! [`watch`] finds the files; the engine's [`crate::service::screen_and_record`] stores them.

pub mod watch;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::ingest::{self, IngestOptions, Ingested, Severity};
use crate::screen::Screener;
use crate::service;
use crate::store::{Actor, IngestOutcome, Store, StoreError};

/// The folder a rejected file is moved to, inside the inbox.
pub const REJECTED: &str = "rejected";

/// What became of one file.
#[derive(Debug)]
pub enum Intake {
    /// Read and stored (or found stored before: `outcome.already_stored`).
    Stored {
        ingested: Box<Ingested>,
        outcome: IngestOutcome,
    },
    /// Nothing in it could be read: moved to `moved_to`, with the reasons in `report`.
    Rejected {
        moved_to: PathBuf,
        report: PathBuf,
        why: String,
    },
}

/// Why a file could not be taken in: the store failed (the file is left where it is, to be
/// tried again), or moving a rejected file failed.
#[derive(Debug, thiserror::Error)]
pub enum IntakeError {
    #[error("storing {file}: {source}")]
    Store {
        file: String,
        #[source]
        source: StoreError,
    },
    #[error("{file} cannot be read ({why}) and could not be moved to {REJECTED}/: {source}")]
    Move {
        file: String,
        why: String,
        #[source]
        source: std::io::Error,
    },
}

/// Reads `path`, then screens and stores it; rejects it when nothing in it can be read.
pub fn take_in(
    path: &Path,
    db: &mut dyn Store,
    screener: &Screener,
    options: &IngestOptions,
    actor: &Actor,
) -> Result<Intake, IntakeError> {
    let ingested = match read(path, options) {
        Ok(ingested) => ingested,
        Err(why) => {
            let (moved_to, report) =
                reject(path, &why, actor).map_err(|source| IntakeError::Move {
                    file: path.display().to_string(),
                    why: why.clone(),
                    source,
                })?;
            return Ok(Intake::Rejected {
                moved_to,
                report,
                why,
            });
        }
    };
    let outcome = service::screen_and_record(db, screener, &ingested, actor, &|_, _| {}).map_err(
        |source| IntakeError::Store {
            file: ingested.file.clone(),
            source,
        },
    )?;
    Ok(Intake::Stored {
        ingested: Box::new(ingested),
        outcome,
    })
}

/// Reads a manifest for intake: the file, or why nothing in it can be taken in (it cannot be
/// read at all, or not one bill was read from it), with every place named.
pub fn read(path: &Path, options: &IngestOptions) -> Result<Ingested, String> {
    let ingested = ingest::ingest_path(path, options).map_err(|e| e.to_string())?;
    if !ingested.manifest.shipments.is_empty() {
        return Ok(ingested);
    }
    let mut why = String::from("no bill could be read from it");
    for p in ingested
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .take(50)
    {
        let _ = write!(why, "\n  {p}");
    }
    Err(why)
}

/// Moves a file nothing could be read from to `rejected/` beside it (a free name if one by
/// that name is there already), and writes `<name>.error.txt` with the reason; returns both
/// paths.
pub fn reject(path: &Path, why: &str, actor: &Actor) -> std::io::Result<(PathBuf, PathBuf)> {
    let dir = path
        .parent()
        .unwrap_or_else(|| Path::new("."))
        .join(REJECTED);
    std::fs::create_dir_all(&dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "manifest".into());
    let mut target = dir.join(&name);
    let mut n = 1;
    while target.exists()
        || dir
            .join(format!("{}.error.txt", target_name(&target)))
            .exists()
    {
        target = dir.join(format!("{name}.{n}"));
        n += 1;
    }
    std::fs::rename(path, &target)?;
    let report = dir.join(format!("{}.error.txt", target_name(&target)));
    let text = format!(
        "file: {}\nrejected: {} by {}\nmoved to: {}\ncause: {why}\n\nNothing from this file was \
         screened. Fix the file (or ask the sender for a readable one) and drop it into the \
         inbox again.\n",
        path.display(),
        actor.at.format("%Y-%m-%d %H:%M:%S UTC"),
        actor.user,
        target.display(),
    );
    std::fs::write(&report, text)?;
    tracing::warn!(file = %path.display(), to = %target.display(), "inbox: rejected");
    Ok((target, report))
}

fn target_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn actor() -> Actor {
        Actor {
            user: "intake".into(),
            at: chrono::Utc.with_ymd_and_hms(2026, 12, 5, 8, 0, 0).unwrap(),
        }
    }

    #[test]
    fn a_rejected_file_moves_aside_with_its_reason_and_a_second_one_keeps_both() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("m.csv");
        std::fs::write(&file, "x").unwrap();
        let (moved, report) = reject(&file, "not a manifest", &actor()).unwrap();
        assert!(!file.exists());
        assert_eq!(moved, dir.path().join("rejected/m.csv"));
        let text = std::fs::read_to_string(&report).unwrap();
        assert_eq!(report, dir.path().join("rejected/m.csv.error.txt"));
        assert!(
            text.contains(&format!("file: {}", file.display())),
            "{text}"
        );
        assert!(text.contains("cause: not a manifest"), "{text}");
        assert!(text.contains("2026-12-05 08:00:00 UTC by intake"), "{text}");
        // The same name again does not overwrite the first.
        std::fs::write(&file, "y").unwrap();
        let (second, _) = reject(&file, "again", &actor()).unwrap();
        assert_eq!(second, dir.path().join("rejected/m.csv.1"));
        assert_eq!(std::fs::read_to_string(&moved).unwrap(), "x");
    }

    #[test]
    fn a_file_without_one_readable_bill_is_refused_with_every_place_named() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("m.csv");
        std::fs::write(&file, "BL Number,Consignee\n,ACME\n,BETA\n").unwrap();
        let why = read(&file, &IngestOptions::default()).unwrap_err();
        assert!(why.starts_with("no bill could be read from it"), "{why}");
        assert!(why.contains("m.csv:2"), "{why}");
        assert!(why.contains("m.csv:3"), "{why}");
    }
}
