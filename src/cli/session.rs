//! The store session of a command: which store file, which user, and how a store error turns
//! into an exit code.

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

use hubscreen::config::Config;
use hubscreen::exercise::session::TraineeSession;
use hubscreen::lists::update::ListStore;
use hubscreen::store::checkpoint;
use hubscreen::store::{self, Actor, OpenMode, SqliteStore, StoreError, StoreOptions};

use super::{EXIT_BAD_INPUT, warn};

/// Exit code when another user changed or holds the item.
pub(crate) const EXIT_CONFLICT: u8 = 3;

/// Options every store command shares, taken from the global flags.
pub(crate) struct Session {
    /// `--store PATH` (or `HUBSCREEN_STORE`).
    pub store: Option<PathBuf>,
    /// `--user NAME`.
    pub user: Option<String>,
}

/// The store file: `--store`, else `hubscreen.db` in the data directory.
pub(crate) fn store_path(session: &Session, lists: &ListStore) -> PathBuf {
    session
        .store
        .clone()
        .unwrap_or_else(|| store::default_path(lists.root().parent().unwrap_or(Path::new("."))))
}

pub(crate) fn open(
    session: &Session,
    config: &Config,
    lists: &ListStore,
    mode: OpenMode,
) -> Result<SqliteStore> {
    let path = store_path(session, lists);
    Ok(SqliteStore::open_with(
        &path,
        &StoreOptions {
            workflow: config.workflow.clone(),
            key_file: checkpoint::key_path(&path, config.audit.key_file.as_deref()),
            mode,
        },
    )?)
}

/// The exit code of a read-only command, unless another process rewrote the store file while
/// it was read as a snapshot: then what was printed may mix two states.
pub(crate) fn after_read(db: &SqliteStore, code: u8) -> u8 {
    if db.changed_while_read() {
        warn(
            "hubscreen: warning: the store changed while it was read (another hubscreen wrote to it); run the command again",
        );
        return EXIT_BAD_INPUT;
    }
    code
}

/// The OS user, or `--user` when the configuration allows acting under another name.
///
/// In a trainee's exercise store (a store with `exercise-session.json` beside it) the user is
/// the trainee the session names: the store is theirs alone, and the debrief reads it as theirs.
pub(crate) fn actor(session: &Session, config: &Config) -> Result<Actor> {
    if let Some(store) = &session.store
        && let Some(trainee) = TraineeSession::load(store)?
    {
        return match &session.user {
            Some(u) if *u != trainee.trainee => bail!(
                "--user {u}: this is {}'s exercise store; decisions in it are theirs",
                trainee.trainee
            ),
            _ => Ok(Actor::now(trainee.trainee)),
        };
    }
    let os_user = os_user();
    let user = match &session.user {
        None => os_user,
        Some(u) if *u == os_user || config.workflow.allow_user_flag => u.clone(),
        Some(u) => bail!(
            "--user {u}: recording decisions under another name than the OS user ({os_user}) is \
             off; set workflow.allow_user_flag = true in the configuration to allow it"
        ),
    };
    Ok(Actor::now(user))
}

/// The logged-in user: `$USER` (or `$LOGNAME`), else the name of this process's uid.
pub(crate) fn os_user() -> String {
    if let Some(u) = ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|u| !u.trim().is_empty()))
    {
        return u;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let Ok(uid) = std::fs::metadata("/proc/self").map(|m| m.uid()) {
            let passwd = std::fs::read_to_string("/etc/passwd").unwrap_or_default();
            return passwd
                .lines()
                .map(|l| l.split(':').collect::<Vec<_>>())
                .find(|f| f.len() > 2 && f[2] == uid.to_string())
                .map(|f| f[0].to_string())
                .unwrap_or_else(|| format!("uid {uid}"));
        }
    }
    "unknown".to_string()
}

/// Prints a conflict and gives its exit code; other store errors go up as errors.
pub(crate) fn settle<T>(result: Result<T, StoreError>) -> Result<std::result::Result<T, u8>> {
    match result {
        Ok(v) => Ok(Ok(v)),
        Err(e) if e.is_conflict() => {
            warn(&format!("hubscreen: conflict: {e}"));
            Ok(Err(EXIT_CONFLICT))
        }
        Err(e) => Err(e.into()),
    }
}

/// The store read-only, when its file exists: for commands that use a store's suppressions if
/// there is one (`screen`) and never create one.
pub(crate) fn open_if_exists(
    session: &Session,
    config: &Config,
    lists: &ListStore,
) -> Result<Option<SqliteStore>> {
    if !store_path(session, lists).is_file() {
        return Ok(None);
    }
    open(session, config, lists, OpenMode::ReadOnly).map(Some)
}
