//! Watching an inbox folder (`hubscreen watch DIR`, the dashboard's `--inbox DIR`): a
//! manifest dropped there is handed on without a keypress.
//!
//! A [`notify`] watcher reports file events; a file is handed on only once it has been quiet
//! for [`SETTLE`], so that a manifest still being copied in is not read half-written. Hidden
//! and partial files (`.name`, `*.part`, `*.tmp`, `*.swp`) are ignored. Files already in the
//! folder when the dashboard starts are handed on too; storing the same file twice changes
//! nothing, so a restart is safe. This module only watches and reports: the ingest itself is
//! [`super::take_in`] (or the dashboard's ingest). The `rejected/` folder [`super::reject`]
//! fills is not watched (the watch is not recursive).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode, Watcher};

/// How long a file must go without events before it is read.
pub const SETTLE: Duration = Duration::from_millis(400);

/// Whether a file in the inbox looks like a finished manifest rather than a partial copy or
/// an editor's scratch file.
pub fn wanted(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    !name.starts_with('.')
        && ![".part", ".tmp", ".swp", ".crdownload", "~"]
            .iter()
            .any(|s| name.ends_with(s))
}

/// Files seen recently and when each was last touched; a file is due once quiet for
/// [`SETTLE`]. Pure bookkeeping, tested without a watcher.
#[derive(Debug, Default)]
pub struct Settling {
    pending: HashMap<PathBuf, Instant>,
}

impl Settling {
    /// Notes an event on `path` at `now`.
    pub fn touched(&mut self, path: PathBuf, now: Instant) {
        if wanted(&path) {
            self.pending.insert(path, now);
        }
    }

    /// The files quiet since `now - SETTLE` that still exist, oldest first; they leave the
    /// pending set.
    pub fn due(&mut self, now: Instant) -> Vec<PathBuf> {
        let mut ready: Vec<(Instant, PathBuf)> = self
            .pending
            .iter()
            .filter(|(_, at)| now.saturating_duration_since(**at) >= SETTLE)
            .map(|(p, at)| (*at, p.clone()))
            .collect();
        ready.sort();
        for (_, p) in &ready {
            self.pending.remove(p);
        }
        ready
            .into_iter()
            .map(|(_, p)| p)
            .filter(|p| p.is_file())
            .collect()
    }

    pub fn is_empty(&self) -> bool {
        self.pending.is_empty()
    }
}

/// Watches `dir` (created if missing) and calls `arrived` with each settled manifest file,
/// from a thread of its own, until the returned watcher is dropped.
pub fn watch(
    dir: &Path,
    arrived: impl Fn(PathBuf) + Send + 'static,
) -> Result<notify::RecommendedWatcher, notify::Error> {
    std::fs::create_dir_all(dir).map_err(notify::Error::io)?;
    let (tx, rx) = mpsc::channel::<PathBuf>();
    let events = tx.clone();
    let mut watcher =
        notify::recommended_watcher(move |res: notify::Result<notify::Event>| match res {
            Ok(event)
                if matches!(
                    event.kind,
                    EventKind::Create(_) | EventKind::Modify(_) | EventKind::Any
                ) =>
            {
                for p in event.paths {
                    let _ = events.send(p);
                }
            }
            Ok(_) => {}
            Err(e) => tracing::warn!("inbox watcher: {e}"),
        })?;
    watcher.watch(dir, RecursiveMode::NonRecursive)?;
    // What was already there when the dashboard started.
    if let Ok(read) = std::fs::read_dir(dir) {
        let mut existing: Vec<PathBuf> = read.filter_map(|e| e.ok()).map(|e| e.path()).collect();
        existing.sort();
        for p in existing {
            let _ = tx.send(p);
        }
    }
    drop(tx);
    std::thread::Builder::new()
        .name("inbox".into())
        .spawn(move || {
            let mut settling = Settling::default();
            loop {
                let wait = if settling.is_empty() {
                    Duration::from_secs(3600)
                } else {
                    SETTLE / 4
                };
                match rx.recv_timeout(wait) {
                    Ok(p) => settling.touched(p, Instant::now()),
                    Err(mpsc::RecvTimeoutError::Timeout) => {}
                    // The watcher (and its sender) is gone: the dashboard is closing.
                    Err(mpsc::RecvTimeoutError::Disconnected) => break,
                }
                for p in settling.due(Instant::now()) {
                    tracing::info!(file = %p.display(), "inbox: manifest arrived");
                    arrived(p);
                }
            }
        })
        .map_err(notify::Error::io)?;
    Ok(watcher)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_and_hidden_files_are_left_alone() {
        assert!(wanted(Path::new("/in/feeder.csv")));
        assert!(!wanted(Path::new("/in/.feeder.csv")));
        assert!(!wanted(Path::new("/in/feeder.csv.part")));
        assert!(!wanted(Path::new("/in/feeder.csv~")));
    }

    #[test]
    fn a_file_is_due_only_after_it_went_quiet() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("m.csv");
        std::fs::write(&file, "x").unwrap();
        let t0 = Instant::now();
        let mut s = Settling::default();
        s.touched(file.clone(), t0);
        s.touched(file.clone(), t0 + SETTLE / 2);
        assert!(s.due(t0 + SETTLE).is_empty(), "touched again half-way");
        assert_eq!(s.due(t0 + SETTLE * 2), vec![file]);
        assert!(s.is_empty());
    }
}
