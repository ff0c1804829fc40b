//! The folder of one installed source, `<data dir>/lists/<source>/`, kept consistent when
//! several updates run at once (two terminals, the dashboard and a scheduled job).
//!
//! In the folder:
//! - `v-<UTC time>/` (`v-<UTC time>-<n>/` when two updates share a clock reading): one installed
//!   version each, with its list files, `meta.json` and `delta.json`;
//! - `CURRENT`: the name of the version in use, replaced by a rename;
//! - `staging-<pid>-<n>/` with `staging-<pid>-<n>.lock` beside it: an update still fetching,
//!   alive as long as its process holds the lock on that file. One that nobody holds is what a
//!   killed update left; the next update removes it.
//!
//! Installing (swapping `CURRENT`) and pruning old versions happen only under the install lock,
//! an OS file lock on `<data dir>/lists/update.lock`, so that one update never removes the
//! version another has just made current. The OS releases the lock when a process dies.
//!
//! When `CURRENT` names a folder that is missing or not intact (no readable `meta.json`), the
//! newest intact version is used and the problem is said; it is never a silent gap. This module
//! does not parse lists: `update` validates them before they get here.

use std::fs::{self, File, OpenOptions, TryLockError};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use super::update::InstalledMeta;
use crate::owner_only;

pub(crate) const CURRENT: &str = "CURRENT";
pub(crate) const META: &str = "meta.json";
const INSTALL_LOCK: &str = "update.lock";
const STAGING: &str = "staging-";

/// Held while a version is installed and old ones pruned; released on drop (or death).
pub(crate) struct InstallLock {
    _file: File,
}

/// Waits for and takes the install lock of the lists under `root`.
pub(crate) fn lock_installs(root: &Path) -> io::Result<InstallLock> {
    owner_only::create_dir_all(root)?;
    let file = lock_file(&root.join(INSTALL_LOCK))?;
    file.lock()?;
    Ok(InstallLock { _file: file })
}

/// Opens (creating) a lock file, readable by its owner only.
fn lock_file(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

/// A staging folder an update is filling; removed on drop unless it was installed.
pub(crate) struct Staging {
    dir: PathBuf,
    lock_path: PathBuf,
    /// Locked for as long as this update lives: other updates then leave the folder alone.
    _lock: File,
}

impl Staging {
    /// Creates a fresh staging folder in `base`, owned by this update.
    pub(crate) fn create(base: &Path) -> io::Result<Staging> {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        loop {
            let name = format!(
                "{STAGING}{}-{}",
                std::process::id(),
                NEXT.fetch_add(1, Ordering::Relaxed)
            );
            let lock_path = base.join(format!("{name}.lock"));
            // The lock file comes first and is taken before the folder exists, so that a
            // folder without a held lock is never one being made.
            let lock = match owner_only::create_new_file(&lock_path) {
                Ok(f) => f,
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            };
            lock.lock()?;
            let dir = base.join(&name);
            owner_only::create_dir_all(&dir)?;
            return Ok(Staging {
                dir,
                lock_path,
                _lock: lock,
            });
        }
    }

    pub(crate) fn dir(&self) -> &Path {
        &self.dir
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if self.dir.exists() {
            let _ = fs::remove_dir_all(&self.dir);
        }
        let _ = fs::remove_file(&self.lock_path);
    }
}

/// Removes the staging folders in `base` that no running update holds (a killed update's);
/// returns their names.
pub(crate) fn remove_abandoned_staging(base: &Path) -> Vec<String> {
    let Ok(read) = fs::read_dir(base) else {
        return Vec::new();
    };
    let mut removed = Vec::new();
    for entry in read.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.starts_with(STAGING) || !entry.path().is_dir() {
            continue;
        }
        let lock_path = base.join(format!("{name}.lock"));
        // The owner made the lock file before the folder and removes it after: a folder
        // without one has no owner.
        let lock = match OpenOptions::new().write(true).open(&lock_path) {
            Ok(f) => Some(f),
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(_) => continue,
        };
        if let Some(f) = &lock {
            match f.try_lock() {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) | Err(TryLockError::Error(_)) => continue,
            }
        }
        if fs::remove_dir_all(entry.path()).is_ok() {
            removed.push(name);
        }
        if lock.is_some() {
            let _ = fs::remove_file(&lock_path);
        }
    }
    removed
}

/// Which version of a source is in use.
#[derive(Debug)]
pub(crate) enum Current {
    /// Nothing is installed for it (no `CURRENT`, no version).
    None,
    /// `CURRENT` names an intact version.
    Intact(PathBuf, InstalledMeta),
    /// `CURRENT` is missing or names a folder that is gone or damaged; the newest intact
    /// version is used, and `problem` says so.
    Recovered {
        dir: PathBuf,
        meta: InstalledMeta,
        problem: String,
    },
    /// Versions were installed but none is intact: the source cannot be screened.
    Broken(String),
}

/// Resolves the version in use in `base`, the folder of source `source`.
pub(crate) fn resolve(base: &Path, source: &str) -> Current {
    let named = fs::read_to_string(base.join(CURRENT))
        .ok()
        .map(|n| n.trim().to_string());
    if let Some(name) = &named
        && is_version_name(name)
        && let Some(meta) = intact(&base.join(name))
    {
        return Current::Intact(base.join(name), meta);
    }
    let mut versions = version_names(base);
    versions.sort_by_key(|n| version_order(n));
    let newest_intact = versions
        .iter()
        .rev()
        .find_map(|n| intact(&base.join(n)).map(|m| (n.clone(), m)));
    let pointer = base.join(CURRENT);
    let what = match &named {
        None if versions.is_empty() => return Current::None,
        None => format!("{} is missing", pointer.display()),
        Some(name) if base.join(name).is_dir() => format!(
            "{} names {name}, which is damaged (no readable {META})",
            pointer.display()
        ),
        Some(name) => format!("{} names {name}, which is missing", pointer.display()),
    };
    let repair = format!("run `hubscreen lists update --only {source}` to repair it");
    match newest_intact {
        Some((name, meta)) => Current::Recovered {
            dir: base.join(&name),
            meta,
            problem: format!(
                "installed list {source}: {what}; using {name}, the newest intact copy: {repair}"
            ),
        },
        None => Current::Broken(format!(
            "installed list {source}: {what}, and no intact copy is left ({} version folder(s), \
             none with a readable {META}); it is not screened: {repair}",
            versions.len()
        )),
    }
}

/// The install record of an intact version folder.
fn intact(dir: &Path) -> Option<InstalledMeta> {
    serde_json::from_slice(&fs::read(dir.join(META)).ok()?).ok()
}

fn is_version_name(name: &str) -> bool {
    name.starts_with("v-") && !name.contains(['/', '\\']) && name != "v-"
}

fn version_names(base: &Path) -> Vec<String> {
    let Ok(read) = fs::read_dir(base) else {
        return Vec::new();
    };
    read.flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| is_version_name(n))
        .collect()
}

/// Orders version folders by install time, then by the `-<n>` of updates that shared one.
fn version_order(name: &str) -> (String, u64) {
    match name.rsplit_once("Z-") {
        Some((time, n)) if n.bytes().all(|b| b.is_ascii_digit()) => {
            (format!("{time}Z"), n.parse().unwrap_or(0))
        }
        _ => (name.to_string(), 0),
    }
}

/// Moves `staging` into place as version `v-<stamp>` (a fresh name even when another update
/// used the same stamp) and points `CURRENT` at it. Call under the install lock.
pub(crate) fn install(base: &Path, staging: &Staging, stamp: &str) -> io::Result<PathBuf> {
    let mut version = format!("v-{stamp}");
    let mut n = 1;
    while base.join(&version).exists() {
        n += 1;
        version = format!("v-{stamp}-{n}");
    }
    let target = base.join(&version);
    fs::rename(staging.dir(), &target)?;
    let pointer_tmp = base.join(format!("{CURRENT}.tmp"));
    {
        let mut f = owner_only::create_file(&pointer_tmp)?;
        io::Write::write_all(&mut f, version.as_bytes())?;
        f.sync_all()?;
    }
    fs::rename(&pointer_tmp, base.join(CURRENT))?;
    if let Ok(dir) = File::open(base) {
        let _ = dir.sync_all();
    }
    Ok(target)
}

/// Removes every version folder in `base` but those in `keep`. Call under the install lock.
pub(crate) fn prune(base: &Path, keep: &[&Path]) {
    for name in version_names(base) {
        let p = base.join(&name);
        if !keep.contains(&p.as_path()) {
            let _ = fs::remove_dir_all(&p);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_sharing_a_stamp_sort_by_their_number() {
        let mut names = vec![
            "v-20260301T120000.000000000Z-10",
            "v-20260301T120000.000000000Z",
            "v-20260301T120000.000000000Z-2",
            "v-20260228T120000.000000000Z",
        ];
        names.sort_by_key(|n| version_order(n));
        assert_eq!(
            names,
            vec![
                "v-20260228T120000.000000000Z",
                "v-20260301T120000.000000000Z",
                "v-20260301T120000.000000000Z-2",
                "v-20260301T120000.000000000Z-10",
            ]
        );
    }

    #[test]
    fn a_staging_folder_whose_owner_lives_is_kept() {
        let base = tempfile::tempdir().unwrap();
        let live = Staging::create(base.path()).unwrap();
        assert!(remove_abandoned_staging(base.path()).is_empty());
        assert!(live.dir().is_dir());
        drop(live);
        let left: Vec<_> = fs::read_dir(base.path()).unwrap().collect();
        assert!(left.is_empty(), "{left:?}");
    }
}
