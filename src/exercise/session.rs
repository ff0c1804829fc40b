//! A trainee's session: their own store, never the live one, with the exercise's manifest in it
//! (every bill queued, so that a green bill can be referred), the session file beside it, and
//! the injects the trainer scheduled.
//!
//! A trainee store lives in a folder of its own (default
//! `<data dir>/exercises/<exercise id>/<trainee>/store.db`) with `exercise-session.json` beside
//! it. A path that is the live store, or any store without a session file, is refused.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::Assistance;
use super::bundle::{InjectFile, TraineeCopy};
use super::generate::InjectKind;
use crate::config::Config;
use crate::ingest;
use crate::lists::delta::DeltaEntry;
use crate::lists::goods::GoodsLists;
use crate::lists::update::ListStore;
use crate::lists::{self, WatchList};
use crate::screen::Screener;
use crate::service;
use crate::store::checkpoint::key_path;
use crate::store::{
    Actor, IngestOutcome, OpenMode, SqliteStore, StoreError, StoreOptions, rescreen,
};

pub const SESSION_FILE: &str = "exercise-session.json";
pub const STORE_FILE: &str = "store.db";
/// Whom the audit log names for what the exercise itself does (injects).
pub const INJECT_USER: &str = "exercise-inject";

/// `exercise-session.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TraineeSession {
    pub exercise: String,
    pub trainee: String,
    /// The trainee folder of the bundle the session was started from.
    pub bundle: PathBuf,
    pub assistance: Assistance,
    #[serde(default)]
    pub minutes: Option<u32>,
    pub started_at: DateTime<Utc>,
    #[serde(default)]
    pub injects: Vec<AppliedInject>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AppliedInject {
    pub name: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error(
        "trainee name '{0}': use letters, digits, '.', '_' or '-' (1 to 40 characters); it names the trainee's folder"
    )]
    BadTrainee(String),
    #[error(
        "{0} is the live store: an exercise never opens it; leave --store out to use the trainee's own exercise store"
    )]
    LiveStore(String),
    #[error(
        "{0} is a store no exercise made (no {SESSION_FILE} beside it): an exercise opens only its own stores"
    )]
    NotExerciseStore(String),
    #[error(
        "{path} belongs to exercise {found_exercise} for trainee {found_trainee}, not exercise {exercise} for {trainee}"
    )]
    OtherSession {
        path: String,
        found_exercise: String,
        found_trainee: String,
        exercise: String,
        trainee: String,
    },
    #[error("{path}: {message}")]
    File { path: String, message: String },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Screen(String),
    #[error("inject {name}: {message}")]
    Inject { name: String, message: String },
    #[error("no inject left to apply: every scheduled inject has been applied")]
    NoInject,
}

fn file_err(path: &Path, e: impl std::fmt::Display) -> SessionError {
    SessionError::File {
        path: path.display().to_string(),
        message: e.to_string(),
    }
}

/// A trainee name fit for a folder name.
pub fn check_trainee(name: &str) -> Result<(), SessionError> {
    let ok = !name.is_empty()
        && name.len() <= 40
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if ok {
        Ok(())
    } else {
        Err(SessionError::BadTrainee(name.to_string()))
    }
}

/// The default store of `trainee` in exercise `id`.
pub fn default_store(data_dir: &Path, id: &str, trainee: &str) -> PathBuf {
    data_dir
        .join("exercises")
        .join(id)
        .join(trainee)
        .join(STORE_FILE)
}

pub fn session_path(store: &Path) -> PathBuf {
    store.with_file_name(SESSION_FILE)
}

/// An absolute form of `path` for comparing: the real path when it exists, else the real path
/// of its folder joined with its name.
fn absolute(path: &Path) -> PathBuf {
    if let Ok(p) = path.canonicalize() {
        return p;
    }
    let name = path.file_name().map(PathBuf::from).unwrap_or_default();
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty());
    match parent {
        Some(dir) => absolute(dir).join(name),
        None => std::env::current_dir().unwrap_or_default().join(name),
    }
}

/// Refuses `store` when it is the live store or a store that no exercise made.
pub fn check_not_live(store: &Path, live: &Path) -> Result<(), SessionError> {
    if absolute(store) == absolute(live) {
        return Err(SessionError::LiveStore(store.display().to_string()));
    }
    if store.exists() && !session_path(store).is_file() {
        return Err(SessionError::NotExerciseStore(store.display().to_string()));
    }
    Ok(())
}

impl TraineeSession {
    /// The session beside `store`, if there is one.
    pub fn load(store: &Path) -> Result<Option<Self>, SessionError> {
        let path = session_path(store);
        if !path.is_file() {
            return Ok(None);
        }
        let bytes = fs::read(&path).map_err(|e| file_err(&path, e))?;
        Self::parse(&bytes)
            .map(Some)
            .map_err(|e| file_err(&path, e))
    }

    /// Reads `exercise-session.json`'s bytes.
    pub fn parse(bytes: &[u8]) -> Result<Self, serde_json::Error> {
        serde_json::from_slice(bytes)
    }

    pub fn save(&self, store: &Path) -> Result<(), SessionError> {
        let path = session_path(store);
        let tmp = path.with_extension("json.partial");
        let mut bytes = serde_json::to_vec_pretty(self).map_err(|e| file_err(&path, e))?;
        bytes.push(b'\n');
        fs::write(&tmp, bytes).map_err(|e| file_err(&tmp, e))?;
        fs::rename(&tmp, &path).map_err(|e| file_err(&path, e))
    }

    /// Minutes since the start.
    pub fn elapsed_minutes(&self, now: DateTime<Utc>) -> f64 {
        (now - self.started_at).num_milliseconds() as f64 / 60_000.0
    }

    /// Seconds left on the timer (negative when over), when there is one.
    pub fn seconds_left(&self, now: DateTime<Utc>) -> Option<i64> {
        self.minutes
            .map(|m| i64::from(m) * 60 - (now - self.started_at).num_seconds())
    }

    /// `minutes` after the start; `None` past the end of the calendar (a session file made up,
    /// not one hubscreen wrote).
    fn after_minutes(&self, minutes: u32) -> Option<DateTime<Utc>> {
        self.started_at
            .checked_add_signed(chrono::Duration::minutes(i64::from(minutes)))
    }

    /// The deadline, when there is a timer.
    pub fn deadline(&self) -> Option<DateTime<Utc>> {
        self.minutes.and_then(|m| self.after_minutes(m))
    }

    pub fn applied(&self, name: &str) -> bool {
        self.injects.iter().any(|i| i.name == name)
    }

    /// Injects due by `now` and not yet applied, in schedule order.
    pub fn due<'a>(&self, copy: &'a TraineeCopy, now: DateTime<Utc>) -> Vec<&'a InjectFile> {
        let elapsed = self.elapsed_minutes(now);
        let mut due: Vec<&InjectFile> = copy
            .file
            .injects
            .iter()
            .filter(|i| !self.applied(&i.name) && f64::from(i.at_minutes) <= elapsed)
            .collect();
        due.sort_by_key(|i| i.at_minutes);
        due
    }

    /// When the next inject not yet applied is due.
    pub fn next_due(&self, copy: &TraineeCopy) -> Option<DateTime<Utc>> {
        self.next(copy)
            .and_then(|i| self.after_minutes(i.at_minutes))
    }

    /// The list files the applied list-update injects brought.
    pub fn injected_list_files(&self, copy: &TraineeCopy) -> Vec<PathBuf> {
        copy.file
            .injects
            .iter()
            .filter(|i| i.kind == InjectKind::ListUpdate && self.applied(&i.name))
            .map(|i| copy.inject_path(&i.file))
            .collect()
    }

    /// The next inject not yet applied, due or not (the trainer may fire it early).
    pub fn next<'a>(&self, copy: &'a TraineeCopy) -> Option<&'a InjectFile> {
        copy.file
            .injects
            .iter()
            .filter(|i| !self.applied(&i.name))
            .min_by_key(|i| i.at_minutes)
    }
}

/// Opens (creating) a trainee store: every bill is queued; its audit key is where the
/// configuration says (default: beside it).
pub fn open_store(
    store: &Path,
    config: &Config,
    mode: OpenMode,
) -> Result<SqliteStore, StoreError> {
    let mut workflow = config.workflow.clone();
    workflow.queue_every_bill = true;
    // Where lanes are hidden, a decided bill that a list update re-opened would give it away.
    if let Ok(Some(session)) = TraineeSession::load(store) {
        workflow.keep_decisions = session.assistance != Assistance::Full;
    }
    if let Some(dir) = store.parent() {
        fs::create_dir_all(dir).map_err(|e| StoreError::Open {
            path: dir.display().to_string(),
            message: e.to_string(),
        })?;
    }
    SqliteStore::open_with(
        store,
        &StoreOptions {
            workflow,
            // As every other command opens a store, so that they agree on the key.
            key_file: key_path(store, config.audit.key_file.as_deref()),
            mode,
        },
    )
}

/// The lists the applied list-update injects brought.
pub fn inject_lists(
    copy: &TraineeCopy,
    session: &TraineeSession,
) -> Result<Vec<WatchList>, SessionError> {
    let mut out = Vec::new();
    for inject in &copy.file.injects {
        if inject.kind == InjectKind::ListUpdate && session.applied(&inject.name) {
            let path = copy.inject_path(&inject.file);
            out.extend(lists::load_path(&path).map_err(|e| SessionError::Inject {
                name: inject.name.clone(),
                message: e.to_string(),
            })?);
        }
    }
    Ok(out)
}

/// Everything a trainee session screens with: the machine's lists and goods, plus the lists
/// the applied injects brought.
#[derive(Clone)]
pub struct Screening {
    pub lists: Vec<WatchList>,
    pub goods: GoodsLists,
    pub config: Config,
}

impl Screening {
    /// The machine's lists in use and the bundled goods lists, with the trainee's
    /// configuration (every bill queued). A list that cannot be read refuses, as screening does.
    pub fn load(
        config: &Config,
        list_store: &ListStore,
        now: DateTime<Utc>,
    ) -> Result<Self, SessionError> {
        let mut config = config.clone();
        config.workflow.queue_every_bill = true;
        let loaded = service::load_lists(list_store, &[], &config, now);
        if let Some(why) = loaded.refusal() {
            return Err(SessionError::Screen(why.to_string()));
        }
        let goods = service::load_goods(None);
        if goods.failed {
            let why: Vec<&str> = goods.notices.iter().map(|n| n.text.as_str()).collect();
            return Err(SessionError::Screen(format!(
                "bundled goods lists: {}",
                why.join("; ")
            )));
        }
        Ok(Screening {
            lists: loaded.lists,
            goods: goods.goods,
            config,
        })
    }

    /// A screener over the base lists and the injected ones.
    pub fn screener(
        &self,
        copy: &TraineeCopy,
        session: &TraineeSession,
        list_store: &ListStore,
    ) -> Result<Screener, SessionError> {
        let mut lists = self.lists.clone();
        lists.extend(inject_lists(copy, session)?);
        service::screener(
            lists,
            self.goods.clone(),
            self.config.clone(),
            list_store,
            None,
        )
        .map(|(s, _)| s)
        .map_err(|e| SessionError::Screen(e.to_string()))
    }
}

/// What starting a session did.
pub struct Started {
    pub store: SqliteStore,
    pub session: TraineeSession,
    /// The manifest's ingest, on a first start; `None` when the session is resumed.
    pub ingested: Option<IngestOutcome>,
}

/// Starts (or resumes) `trainee`'s session on `copy` in `store`, refusing the live store.
pub fn start(
    copy: &TraineeCopy,
    trainee: &str,
    store: &Path,
    live: &Path,
    screening: &Screening,
    list_store: &ListStore,
    now: DateTime<Utc>,
) -> Result<Started, SessionError> {
    check_trainee(trainee)?;
    check_not_live(store, live)?;
    if let Some(session) = TraineeSession::load(store)? {
        if session.exercise != copy.file.id || session.trainee != trainee {
            return Err(SessionError::OtherSession {
                path: store.display().to_string(),
                found_exercise: session.exercise,
                found_trainee: session.trainee,
                exercise: copy.file.id.clone(),
                trainee: trainee.to_string(),
            });
        }
        let db = open_store(store, &screening.config, OpenMode::Existing)?;
        return Ok(Started {
            store: db,
            session,
            ingested: None,
        });
    }
    let session = TraineeSession {
        exercise: copy.file.id.clone(),
        trainee: trainee.to_string(),
        // Absolute, so that the store opens from any working directory.
        bundle: std::path::absolute(&copy.dir).unwrap_or_else(|_| copy.dir.clone()),
        assistance: copy.file.assistance,
        minutes: copy.file.minutes,
        started_at: now,
        injects: Vec::new(),
    };
    // The session file first: the folder is then an exercise store's even if ingest fails.
    if let Some(dir) = store.parent() {
        fs::create_dir_all(dir).map_err(|e| file_err(dir, e))?;
    }
    session.save(store)?;
    let mut db = open_store(store, &screening.config, OpenMode::Create)?;
    let screener = screening.screener(copy, &session, list_store)?;
    let ingested = ingest::ingest_path(
        &copy.manifest_path(),
        &service::ingest_options(None, Default::default()),
    )
    .map_err(|e| file_err(&copy.manifest_path(), e))?;
    let outcome = service::screen_and_record(
        &mut db,
        &screener,
        &ingested,
        &Actor {
            user: trainee.to_string(),
            at: now,
        },
        &|_, _| {},
    )?;
    Ok(Started {
        store: db,
        session,
        ingested: Some(outcome),
    })
}

/// What applying an inject did.
#[derive(Debug, Clone)]
pub struct Applied {
    pub name: String,
    /// What the trainee is told.
    pub says: String,
    /// Queue items the inject created, updated or re-opened.
    pub queued: usize,
}

/// Applies `inject` to the trainee's store and records it in the session.
#[allow(clippy::too_many_arguments)]
pub fn apply(
    db: &mut SqliteStore,
    copy: &TraineeCopy,
    session: &mut TraineeSession,
    store: &Path,
    inject: &InjectFile,
    screening: &Screening,
    list_store: &ListStore,
    now: DateTime<Utc>,
) -> Result<Applied, SessionError> {
    let actor = Actor {
        user: INJECT_USER.to_string(),
        at: now,
    };
    let path = copy.inject_path(&inject.file);
    let fail = |message: String| SessionError::Inject {
        name: inject.name.clone(),
        message,
    };
    let queued = match inject.kind {
        InjectKind::ListUpdate => {
            let added: Vec<DeltaEntry> = lists::load_path(&path)
                .map_err(|e| fail(e.to_string()))?
                .iter()
                .flat_map(|l| {
                    l.entries.iter().map(|e| DeltaEntry {
                        list: l.name.clone(),
                        id: e.id.clone(),
                        name: e.name.clone(),
                    })
                })
                .collect();
            // The screener takes the injected list from the session: recorded first, and
            // taken back if the re-screen fails, so that it can be applied again.
            session.injects.push(AppliedInject {
                name: inject.name.clone(),
                at: now,
            });
            let since = session
                .started_at
                .checked_sub_signed(chrono::Duration::days(1))
                .unwrap_or(session.started_at);
            let rescreened = screening
                .screener(copy, session, list_store)
                .and_then(|screener| Ok(rescreen::rescreen(db, &screener, &added, since, &actor)?));
            match rescreened {
                Ok(outcome) => outcome.queued.len(),
                Err(e) => {
                    session.injects.pop();
                    return Err(e);
                }
            }
        }
        InjectKind::AmendedBill => {
            let screener = screening.screener(copy, session, list_store)?;
            let ingested =
                ingest::ingest_path(&path, &service::ingest_options(None, Default::default()))
                    .map_err(|e| fail(e.to_string()))?;
            let outcome = service::screen_and_record(db, &screener, &ingested, &actor, &|_, _| {})?;
            session.injects.push(AppliedInject {
                name: inject.name.clone(),
                at: now,
            });
            outcome.queued.len()
        }
    };
    session.save(store)?;
    Ok(Applied {
        name: inject.name.clone(),
        says: inject.says.clone(),
        queued,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_file_at_the_end_of_time_gives_no_deadline_rather_than_a_panic() {
        let text = r#"{"exercise":"EX-1","trainee":"t","bundle":"b","assistance":"full",
            "minutes":4294967295,"started_at":"+262142-12-31T23:59:59Z","injects":[]}"#;
        let s = TraineeSession::parse(text.as_bytes()).expect("parses");
        assert_eq!(s.deadline(), None);
        let now = s.started_at;
        assert!(s.seconds_left(now).is_some_and(|left| left > 0));
    }
}
