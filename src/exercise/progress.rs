//! The trainer's live view of a class, as plain data: one row per trainee store, each store read
//! read-only and scored by [`score::score`] as it stands at that moment. The dashboard's trainer
//! view and `hubscreen exercise watch --once` show these rows; nothing here draws, and nothing
//! here writes: a store is opened [`OpenMode::ReadOnly`] and its session file is only read.
//!
//! "Missed so far" follows [`MISSED_RULE`]: a suspicious bill (planted, or brought by an inject)
//! is missed when the trainee cleared it. A suspicious bill nobody decided yet is open, not
//! missed, until the timer runs out; from then on it counts as missed, as the final score
//! counts it. A bill an inject makes suspicious counts only once that inject is applied to the
//! trainee's store: before it, the bill looks as innocent as the trainee found it.
//!
//! A store that cannot be read gives a row with the problem in words instead of figures; the
//! other rows are read as usual (bad input never takes good input down with it).

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::key::{AnswerKey, ItemKind, KeyItem};
use super::score::{self, Card, Outcome, ScoreError};
use super::session::{self, SessionError, TraineeSession};
use crate::config::Config;
use crate::store::{OpenMode, StoreError};
use crate::text::safe::for_terminal;
use crate::text::width::{display_width, pad};

/// What "missed so far" counts, as the view's legend states it.
pub const MISSED_RULE: &str = "missed = suspicious bills cleared, and once time is up those still \
                               open; an inject's bill counts from its inject on";

/// Every trainee of a class as read at one moment.
#[derive(Debug, Clone)]
pub struct ClassProgress {
    pub exercise: String,
    /// When the stores were read: the "now" of every figure.
    pub at: DateTime<Utc>,
    /// In trainee-name order.
    pub rows: Vec<TraineeRow>,
}

/// One trainee store.
#[derive(Debug, Clone)]
pub struct TraineeRow {
    /// The trainee the session names; the store's folder name when the session cannot be read.
    pub trainee: String,
    pub store: PathBuf,
    /// The figures, or why the store could not be read (paths in it written from the
    /// trainee's folder, which the row already names).
    pub progress: Result<Progress, String>,
}

/// A trainee's figures so far.
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    /// Queue items with a decision of the trainee's standing, and queue items in all (every
    /// bill of the manifest is queued in a trainee store).
    pub decided: usize,
    pub bills: usize,
    /// Suspicious bills in play: planted ones, and those of the injects applied.
    pub suspicious: usize,
    /// Suspicious bills referred or held.
    pub found: usize,
    /// By [`MISSED_RULE`].
    pub missed: usize,
    /// Suspicious bills not decided yet, while there is time left.
    pub open: usize,
    /// Bills outside the answer key referred or held.
    pub false_referrals: usize,
    pub decoys: usize,
    pub decoys_cleared: usize,
    pub decoys_referred: usize,
    /// The score the store would get now ([`score::FORMULA`]).
    pub score: f64,
    pub elapsed_minutes: f64,
    /// Seconds left on the timer (negative when over); `None`: no timer.
    pub seconds_left: Option<i64>,
    pub injects_applied: usize,
    /// The injects the answer key names.
    pub injects_scheduled: usize,
    pub last_decision: Option<DateTime<Utc>>,
    /// The bills behind `missed`, `decoys_referred` and `false_referrals`, in that order.
    pub mistakes: Vec<Mistake>,
}

/// A bill the trainee got wrong so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mistake {
    pub bill: String,
    pub slip: Slip,
    /// What the answer key says the bill is; `None` for a bill outside the key.
    pub kind: Option<ItemKind>,
    pub outcome: Outcome,
    pub reason_code: Option<String>,
}

/// How a bill went wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::Display)]
pub enum Slip {
    /// A suspicious bill cleared, or left open when time ran out.
    #[strum(to_string = "missed")]
    Missed,
    #[strum(to_string = "decoy referred")]
    DecoyReferred,
    /// A bill the key does not name, referred or held.
    #[strum(to_string = "false referral")]
    FalseReferral,
}

impl Progress {
    /// Whether the timer has run out.
    pub fn time_up(&self) -> bool {
        self.seconds_left.is_some_and(|s| s <= 0)
    }

    /// The timer in minutes: `47m`, `<1m`, `over`, or `-` with no timer.
    pub fn time_left_text(&self) -> String {
        match self.seconds_left {
            None => "-".into(),
            Some(s) if s <= 0 => "over".into(),
            Some(s) if s < 60 => "<1m".into(),
            Some(s) => format!("{}m", s / 60),
        }
    }
}

/// A column of the class table: its title, width, and how readily it is dropped on a narrow
/// screen. The trainer view and the plain-text table both draw from [`COLUMNS`].
pub struct Column {
    pub title: &'static str,
    pub width: usize,
    /// 0: always shown; a higher number is dropped first when the screen is narrow.
    pub drop_order: u8,
    pub value: fn(&Progress) -> String,
    /// Whether the figure calls for the trainer's attention (the view draws it in the warning
    /// style, and says it in words too).
    pub alert: fn(&Progress) -> bool,
}

fn never(_: &Progress) -> bool {
    false
}

/// The figures of a row, after the trainee's name.
pub const COLUMNS: [Column; 11] = [
    Column {
        title: "Decided",
        width: 7,
        drop_order: 0,
        value: |p| format!("{}/{}", p.decided, p.bills),
        alert: never,
    },
    Column {
        title: "Found",
        width: 5,
        drop_order: 0,
        value: |p| format!("{}/{}", p.found, p.suspicious),
        alert: never,
    },
    Column {
        title: "Missed",
        width: 6,
        drop_order: 0,
        value: |p| p.missed.to_string(),
        alert: |p| p.missed > 0,
    },
    Column {
        title: "Open",
        width: 4,
        drop_order: 0,
        value: |p| p.open.to_string(),
        alert: never,
    },
    Column {
        title: "FalseRef",
        width: 8,
        drop_order: 0,
        value: |p| p.false_referrals.to_string(),
        alert: |p| p.false_referrals > 0,
    },
    Column {
        title: "Decoys",
        width: 11,
        drop_order: 2,
        value: |p| format!("{} ok {} ref", p.decoys_cleared, p.decoys_referred),
        alert: |p| p.decoys_referred > 0,
    },
    Column {
        title: "Score",
        width: 5,
        drop_order: 0,
        value: |p| format!("{:.1}", p.score),
        alert: never,
    },
    Column {
        title: "Elapsed",
        width: 7,
        drop_order: 3,
        value: |p| format!("{}m", p.elapsed_minutes.max(0.0).floor()),
        alert: never,
    },
    Column {
        title: "Left",
        width: 5,
        drop_order: 1,
        value: Progress::time_left_text,
        alert: Progress::time_up,
    },
    Column {
        title: "Injects",
        width: 7,
        drop_order: 3,
        value: |p| format!("{}/{}", p.injects_applied, p.injects_scheduled),
        alert: never,
    },
    Column {
        title: "Last",
        width: 5,
        drop_order: 1,
        value: |p| {
            p.last_decision
                .map_or_else(|| "-".into(), |t| t.format("%H:%M").to_string())
        },
        alert: never,
    },
];

/// Why a store gave no figures.
#[derive(Debug, thiserror::Error)]
enum ReadError {
    #[error(transparent)]
    Session(#[from] SessionError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Score(#[from] ScoreError),
    #[error(
        "the trainee wrote to the store while it was read, twice; it is read again at the next refresh"
    )]
    Changing,
}

/// Reads every store in `stores` (a trainee's `store.db` or their folder) at `now`: one row
/// each, in trainee-name order.
pub fn read_class(
    key: &AnswerKey,
    stores: &[PathBuf],
    config: &Config,
    now: DateTime<Utc>,
) -> ClassProgress {
    let mut rows: Vec<TraineeRow> = stores
        .iter()
        .map(|s| read_trainee(key, s, config, now))
        .collect();
    rows.sort_by(|a, b| a.trainee.cmp(&b.trainee).then(a.store.cmp(&b.store)));
    ClassProgress {
        exercise: key.exercise.clone(),
        at: now,
        rows,
    }
}

/// Reads one trainee store at `now`.
pub fn read_trainee(
    key: &AnswerKey,
    store: &Path,
    config: &Config,
    now: DateTime<Utc>,
) -> TraineeRow {
    let store = if store.is_dir() {
        store.join(session::STORE_FILE)
    } else {
        store.to_path_buf()
    };
    let folder = store.parent().unwrap_or(Path::new(""));
    let folder_name = folder.file_name().map_or_else(
        || store.display().to_string(),
        |n| n.to_string_lossy().into(),
    );
    // A store read as a snapshot while the trainee wrote to it may mix two states: once more.
    let read = match read_store(key, &store, config, now) {
        Err(ReadError::Changing) => read_store(key, &store, config, now),
        first => first,
    };
    match read {
        Ok((trainee, progress)) => TraineeRow {
            trainee,
            store,
            progress: Ok(progress),
        },
        Err(e) => TraineeRow {
            trainee: TraineeSession::load(&store)
                .ok()
                .flatten()
                .map_or(folder_name, |s| s.trainee),
            progress: Err(from_folder(&e.to_string(), folder)),
            store,
        },
    }
}

/// `text` with the trainee folder's path left out of the paths in it.
fn from_folder(text: &str, folder: &Path) -> String {
    let prefix = format!("{}{}", folder.display(), std::path::MAIN_SEPARATOR);
    if folder.as_os_str().is_empty() {
        text.to_string()
    } else {
        text.replace(&prefix, "")
    }
}

fn read_store(
    key: &AnswerKey,
    store: &Path,
    config: &Config,
    now: DateTime<Utc>,
) -> Result<(String, Progress), ReadError> {
    let Some(sess) = TraineeSession::load(store)? else {
        return Err(ScoreError::NotTraineeStore(store.display().to_string()).into());
    };
    // The session file is there, so its folder is: opening creates nothing.
    let db = session::open_store(store, config, OpenMode::ReadOnly)?;
    let card = score::score(key, &sess, &store.display().to_string(), &db)?;
    if db.changed_while_read() {
        return Err(ReadError::Changing);
    }
    let figures = progress(key, &sess, &card, now);
    Ok((sess.trainee, figures))
}

/// A trainee's figures at `now` from their scored card.
pub fn progress(
    key: &AnswerKey,
    session: &TraineeSession,
    card: &Card,
    now: DateTime<Utc>,
) -> Progress {
    let seconds_left = session.seconds_left(now);
    let time_up = seconds_left.is_some_and(|s| s <= 0);
    let items: HashMap<&str, &KeyItem> = key.items.iter().map(|i| (i.bill.as_str(), i)).collect();
    let in_play = |k: &KeyItem| k.inject.as_deref().is_none_or(|name| session.applied(name));
    let scheduled: BTreeSet<&str> = key
        .items
        .iter()
        .filter_map(|i| i.inject.as_deref())
        .collect();
    let mut p = Progress {
        decided: card.decisions,
        bills: card.queue_items,
        suspicious: 0,
        found: 0,
        missed: 0,
        open: 0,
        false_referrals: card.false_referrals.len(),
        decoys: card.decoys,
        decoys_cleared: card.decoys_cleared,
        decoys_referred: card.decoys_referred,
        score: card.score,
        elapsed_minutes: session.elapsed_minutes(now),
        seconds_left,
        injects_applied: session.injects.len(),
        injects_scheduled: scheduled.len(),
        last_decision: card.last_decision_at,
        mistakes: Vec::new(),
    };
    let mut decoys_referred = Vec::new();
    for m in &card.items {
        let Some(k) = items.get(m.bill.as_str()).filter(|k| in_play(k)) else {
            continue;
        };
        let mistake = |slip| Mistake {
            bill: m.bill.clone(),
            slip,
            kind: Some(k.kind),
            outcome: m.outcome,
            reason_code: m.reason_code.clone(),
        };
        if k.kind.is_decoy() {
            if matches!(m.outcome, Outcome::Referred | Outcome::Held) {
                decoys_referred.push(mistake(Slip::DecoyReferred));
            }
            continue;
        }
        p.suspicious += 1;
        if m.right {
            p.found += 1;
        } else if m.outcome == Outcome::Undecided && !time_up {
            p.open += 1;
        } else {
            p.missed += 1;
            p.mistakes.push(mistake(Slip::Missed));
        }
    }
    p.mistakes.extend(decoys_referred);
    p.mistakes
        .extend(card.false_referrals.iter().map(|f| Mistake {
            bill: f.bill.clone(),
            slip: Slip::FalseReferral,
            kind: None,
            outcome: f.outcome,
            reason_code: f.reason_code.clone(),
        }));
    p
}

/// The class as a plain-text table (what `exercise watch --once` prints): a header line, one
/// line per trainee, the legend. Every text from a store or a session is made terminal-safe;
/// nothing is cut.
pub fn plain_text(class: &ClassProgress) -> String {
    let name_width = class
        .rows
        .iter()
        .map(|r| display_width(&for_terminal(&r.trainee)))
        .fold("Trainee".len(), usize::max);
    let trainees = class.rows.len();
    let mut out = format!(
        "exercise {}: {trainees} trainee{}, read {}\n",
        for_terminal(&class.exercise),
        if trainees == 1 { "" } else { "s" },
        class.at.format("%Y-%m-%d %H:%M:%S UTC")
    );
    let mut line = pad("Trainee", name_width);
    for c in &COLUMNS {
        line.push_str("  ");
        line.push_str(&pad(c.title, c.width));
    }
    out.push_str(line.trim_end());
    out.push('\n');
    for row in &class.rows {
        let mut line = pad(&row.trainee, name_width);
        match &row.progress {
            Ok(p) => {
                for c in &COLUMNS {
                    line.push_str("  ");
                    line.push_str(&pad(&(c.value)(p), c.width));
                }
            }
            Err(problem) => {
                let _ = write!(
                    line,
                    "  not read: {} ({})",
                    for_terminal(problem),
                    for_terminal(&row.store.display().to_string())
                );
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out.push_str(MISSED_RULE);
    out.push('\n');
    out
}
