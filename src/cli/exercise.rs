//! `hubscreen exercise new|start|inject|score|replay`: training exercises. A trainer generates a
//! bundle; each trainee works it in a store of their own (never the live one); the trainer fires
//! the scheduled injects, scores the class and replays a trainee's decisions at the debrief.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use chrono::Utc;
use clap::{Subcommand, ValueEnum};

use hubscreen::config::Config;
use hubscreen::exercise::bundle::{self, TraineeCopy};
use hubscreen::exercise::debrief::{self, Debrief};
use hubscreen::exercise::session::{self, Screening, TraineeSession};
use hubscreen::exercise::{Assistance, Difficulty, Format, Settings, replay, score};
use hubscreen::lists::update::ListStore;
use hubscreen::store::{self, OpenMode};
use hubscreen::text::safe::for_terminal;

use super::{load_goods, load_lists, say};

#[derive(Subcommand)]
pub(crate) enum ExerciseCommand {
    /// Generate an exercise bundle: a manifest with planted indicators of every kind and decoys,
    /// a briefing, and (on the trainer's side only) the answer key.
    New {
        /// The bundle folder to create (it must not exist, or be empty).
        dir: PathBuf,
        /// The seed: the same seed and lists give the same bundle, byte for byte. Default: a
        /// random one, printed. Keep it from trainees: with it, anyone can make the answer key.
        #[arg(long)]
        seed: Option<u64>,
        /// Bills on the manifest. Default: 60 (easy), 200 (normal), 300 (hard).
        #[arg(long)]
        bills: Option<usize>,
        #[arg(long, value_enum, default_value_t = Difficulty::Normal)]
        difficulty: Difficulty,
        #[arg(long, value_enum, default_value_t = Format::Csv)]
        format: Format,
        /// What the trainee sees of hubscreen's screening: full (lanes and hits), hits (no
        /// lanes), none (only the manifest and the look-ups).
        #[arg(long, value_enum, default_value_t = Assistance::Full)]
        assistance: Assistance,
        /// Minutes the trainee has (0: no timer). Default: 30, 60 or 90 by difficulty.
        #[arg(long)]
        minutes: Option<u32>,
        /// Schedule no injects (a list update and an amended bill are scheduled from normal up).
        #[arg(long)]
        no_injects: bool,
        /// Draw denied parties only from these lists (short names as `lists show` prints
        /// them, comma-separated). Default: every list loaded.
        #[arg(long, value_delimiter = ',', value_name = "NAME")]
        lists: Vec<String>,
    },
    /// Start (or resume) a trainee's session: a store of their own with the manifest in it,
    /// every bill queued. Opens the dashboard unless --headless.
    Start {
        /// The bundle (or its trainee/ folder).
        bundle: PathBuf,
        #[arg(long, value_name = "NAME")]
        trainee: String,
        /// The trainee's store. Default: exercises/<exercise>/<trainee>/store.db in the data
        /// directory. The live store is refused.
        #[arg(long, value_name = "PATH")]
        trainee_store: Option<PathBuf>,
        /// Prepare the store and print the briefing, without opening the dashboard (for
        /// scripted trainees and for preparing a class).
        #[arg(long)]
        headless: bool,
    },
    /// Apply the next scheduled inject to a trainee's store now (or, with --due, every inject
    /// whose time has come).
    Inject {
        /// The trainee's store.
        store: PathBuf,
        #[arg(long)]
        due: bool,
    },
    /// Score trainees against the answer key and write the debrief.
    Score {
        /// The bundle (its trainer/answer-key.json is read) or the answer key file.
        bundle: PathBuf,
        /// Trainee stores. Default: every trainee store of the exercise in the data directory.
        stores: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = DebriefFormat::Md)]
        format: DebriefFormat,
        /// Write to this file instead of stdout.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// The trainer's live view: every trainee's bills decided, suspicious bills found and
    /// missed so far, false referrals, score and time left, read from their stores every 2 s.
    Watch {
        /// The bundle (its trainer/answer-key.json is read) or the answer key file.
        bundle: PathBuf,
        /// Trainee stores. Default: every trainee store of the exercise in the data directory,
        /// looked for again at every refresh, so that a trainee who starts late shows up.
        stores: Vec<PathBuf>,
        /// Print the table once as plain text and exit (exit code 2 when a store could not be
        /// read; its row says why).
        #[arg(long)]
        once: bool,
        /// Colours: dark, light or high-contrast (NO_COLOR turns colour off).
        #[arg(long, value_name = "NAME")]
        theme: Option<String>,
    },
    /// A trainee's decisions in the order they made them, from their store's audit log.
    Replay {
        store: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum DebriefFormat {
    Md,
    Html,
    Json,
}

pub(crate) fn run(
    command: ExerciseCommand,
    config: &Config,
    list_store: &ListStore,
    data_dir: &Path,
) -> Result<u8> {
    match command {
        ExerciseCommand::New {
            dir,
            seed,
            bills,
            difficulty,
            format,
            assistance,
            minutes,
            no_injects,
            lists,
        } => {
            let seed = match seed {
                Some(s) => s,
                None => {
                    let mut bytes = [0u8; 8];
                    getrandom::fill(&mut bytes)
                        .map_err(|e| anyhow::anyhow!("drawing a seed: {e}"))?;
                    u64::from_le_bytes(bytes) % 1_000_000_000
                }
            };
            let mut settings = Settings::new(seed, difficulty);
            if let Some(b) = bills {
                settings.bills = b;
            }
            settings.format = format;
            settings.assistance = assistance;
            if let Some(m) = minutes {
                settings.minutes = (m > 0).then_some(m);
            }
            settings.injects = settings.injects && !no_injects;
            settings.lists = lists;
            let loaded = load_lists(
                &super::args::ListArgs { lists: Vec::new() },
                config,
                list_store,
            );
            super::ensure_screenable(&loaded)?;
            let (goods, _) = load_goods(None);
            let ex = hubscreen::exercise::generate(&settings, &loaded.lists, &goods)?;
            bundle::write(&dir, &ex)?;
            let out = &mut io::stdout().lock();
            say(
                out,
                format_args!(
                    "exercise {} written to {}: {} bills, {} planted items and {} decoys, {} injects; seed {seed}",
                    ex.id,
                    for_terminal(&dir.display().to_string()),
                    settings.bills,
                    ex.key.items.iter().filter(|i| !i.kind.is_decoy()).count(),
                    ex.key.items.iter().filter(|i| i.kind.is_decoy()).count(),
                    ex.injects.len()
                ),
            )?;
            say(
                out,
                format_args!(
                    "hand out {}/ only; {}/ holds the answer key",
                    for_terminal(&dir.join(bundle::TRAINEE_DIR).display().to_string()),
                    for_terminal(&dir.join(bundle::TRAINER_DIR).display().to_string())
                ),
            )?;
            Ok(0)
        }
        ExerciseCommand::Start {
            bundle: path,
            trainee,
            trainee_store,
            headless,
        } => {
            let copy = TraineeCopy::open(&path)?;
            session::check_trainee(&trainee)?;
            let store_path = trainee_store
                .unwrap_or_else(|| session::default_store(data_dir, &copy.file.id, &trainee));
            refuse_live(&store_path, data_dir)?;
            let screening = screening(config, list_store)?;
            let started = session::start(
                &copy,
                &trainee,
                &store_path,
                &store::default_path(data_dir),
                &screening,
                list_store,
                Utc::now(),
            )?;
            warn_other_lists(&copy, &screening);
            let out = &mut io::stdout().lock();
            match &started.ingested {
                Some(o) => say(
                    out,
                    format_args!(
                        "trainee {} started exercise {}: {} bills in {}",
                        for_terminal(&trainee),
                        copy.file.id,
                        o.shipments,
                        for_terminal(&store_path.display().to_string())
                    ),
                )?,
                None => say(
                    out,
                    format_args!(
                        "trainee {} resumed exercise {} in {}",
                        for_terminal(&trainee),
                        copy.file.id,
                        for_terminal(&store_path.display().to_string())
                    ),
                )?,
            }
            if headless {
                writeln!(out)?;
                for line in copy.briefing().lines() {
                    writeln!(out, "{}", for_terminal(line))?;
                }
                return Ok(0);
            }
            drop(started);
            hubscreen::tui::run(hubscreen::tui::Options {
                keymap: None,
                theme: None,
                store: store_path,
                data_dir: data_dir.to_path_buf(),
                user: trainee,
                inbox: None,
                first_frame_exit: false,
                config: trainee_config(config),
                exercise: true,
            })?;
            Ok(0)
        }
        ExerciseCommand::Inject { store: path, due } => {
            let Some(mut sess) = TraineeSession::load(&path)? else {
                bail!(
                    "{}: not a trainee store (no {} beside it)",
                    path.display(),
                    session::SESSION_FILE
                );
            };
            refuse_live(&path, data_dir)?;
            let copy = TraineeCopy::open(&sess.bundle)?;
            let screening = screening(config, list_store)?;
            let mut db = session::open_store(&path, config, OpenMode::Existing)?;
            let now = Utc::now();
            let injects: Vec<_> = if due {
                sess.due(&copy, now).into_iter().cloned().collect()
            } else {
                sess.next(&copy).cloned().into_iter().collect()
            };
            if injects.is_empty() && !due {
                return Err(session::SessionError::NoInject.into());
            }
            let out = &mut io::stdout().lock();
            for inject in &injects {
                let applied = session::apply(
                    &mut db, &copy, &mut sess, &path, inject, &screening, list_store, now,
                )?;
                say(
                    out,
                    format_args!(
                        "inject {} applied: {} ({} queue items touched)",
                        applied.name, applied.says, applied.queued
                    ),
                )?;
            }
            if injects.is_empty() {
                say(out, format_args!("no inject is due"))?;
            }
            Ok(0)
        }
        ExerciseCommand::Score {
            bundle: path,
            stores,
            format,
            out,
        } => {
            let key = bundle::read_key(&path)?;
            let stores = if stores.is_empty() {
                class_stores(data_dir, &key.exercise)?
            } else {
                stores
            };
            let mut cards = Vec::new();
            for s in &stores {
                let s = if s.is_dir() {
                    s.join(session::STORE_FILE)
                } else {
                    s.clone()
                };
                let Some(sess) = TraineeSession::load(&s)? else {
                    bail!(hubscreen::exercise::score::ScoreError::NotTraineeStore(
                        s.display().to_string()
                    ));
                };
                let db = session::open_store(&s, config, OpenMode::ReadOnly)?;
                cards.push(score::score(&key, &sess, &s.display().to_string(), &db)?);
            }
            let debrief = Debrief::new(&key, &cards);
            let text = match format {
                DebriefFormat::Md => debrief::markdown(&debrief),
                DebriefFormat::Html => debrief::html_page(&debrief),
                DebriefFormat::Json => {
                    let mut t = serde_json::to_string_pretty(&debrief)?;
                    t.push('\n');
                    t
                }
            };
            match out {
                Some(file) => std::fs::write(&file, text)
                    .with_context(|| format!("writing {}", file.display()))?,
                None => io::stdout().lock().write_all(text.as_bytes())?,
            }
            Ok(0)
        }
        ExerciseCommand::Watch {
            bundle: path,
            stores,
            once,
            theme,
        } => {
            use hubscreen::exercise::progress;
            let key = bundle::read_key(&path)?;
            if once {
                let stores = if stores.is_empty() {
                    class_stores(data_dir, &key.exercise)?
                } else {
                    stores
                };
                let class = progress::read_class(&key, &stores, config, Utc::now());
                io::stdout()
                    .lock()
                    .write_all(progress::plain_text(&class).as_bytes())?;
                let all_read = class.rows.iter().all(|r| r.progress.is_ok());
                return Ok(if all_read { 0 } else { super::EXIT_BAD_INPUT });
            }
            let (data_dir, id) = (data_dir.to_path_buf(), key.exercise.clone());
            let stores: Box<dyn FnMut() -> Vec<PathBuf> + Send> = if stores.is_empty() {
                Box::new(move || class_stores(&data_dir, &id).unwrap_or_default())
            } else {
                Box::new(move || stores.clone())
            };
            hubscreen::tui::trainer::run(hubscreen::tui::trainer::Options {
                key,
                stores,
                config: config.clone(),
                theme: theme.or_else(|| config.dashboard.theme.clone()),
            })?;
            Ok(0)
        }
        ExerciseCommand::Replay { store: path, json } => {
            let Some(sess) = TraineeSession::load(&path)? else {
                bail!(
                    "{}: not a trainee store (no {} beside it)",
                    path.display(),
                    session::SESSION_FILE
                );
            };
            let db = session::open_store(&path, config, OpenMode::ReadOnly)?;
            let replay = replay::replay(&db, &sess)?;
            let out = &mut io::stdout().lock();
            if json {
                serde_json::to_writer_pretty(&mut *out, &replay)?;
                writeln!(out)?;
            } else {
                write_replay(out, &replay)?;
            }
            Ok(if replay.chain_holds {
                0
            } else {
                super::EXIT_BAD_INPUT
            })
        }
    }
}

/// The configuration a trainee's dashboard runs with: every bill queued.
fn trainee_config(config: &Config) -> Config {
    let mut c = config.clone();
    c.workflow.queue_every_bill = true;
    c
}

/// Refuses `store` when it is the live store: the data directory's, or the one
/// `HUBSCREEN_STORE` names.
fn refuse_live(store: &Path, data_dir: &Path) -> Result<()> {
    session::check_not_live(store, &store::default_path(data_dir))?;
    if let Some(env) = std::env::var_os("HUBSCREEN_STORE") {
        session::check_not_live(store, Path::new(&env))?;
    }
    Ok(())
}

fn screening(config: &Config, list_store: &ListStore) -> Result<Screening> {
    let loaded = load_lists(
        &super::args::ListArgs { lists: Vec::new() },
        config,
        list_store,
    );
    super::ensure_screenable(&loaded)?;
    let (goods, _) = load_goods(None);
    Ok(Screening {
        lists: loaded.lists,
        goods,
        config: trainee_config(config),
    })
}

/// Says when this machine's lists are not the ones the exercise was made with.
fn warn_other_lists(copy: &TraineeCopy, screening: &Screening) {
    for print in &copy.file.lists {
        let same = screening
            .lists
            .iter()
            .any(|l| l.name == print.name && l.content_hash == print.content_hash);
        if !same {
            super::warn(&format!(
                "hubscreen: warning: the exercise was made with {} {} and this machine has another version (or none): hits may differ from the trainer's",
                print.name, print.version
            ));
        }
    }
}

/// Every trainee store of exercise `id` under the data directory.
fn class_stores(data_dir: &Path, id: &str) -> Result<Vec<PathBuf>> {
    let dir = data_dir.join("exercises").join(id);
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .with_context(|| {
            format!(
                "no trainee stores for exercise {id} in {}: name the stores",
                dir.display()
            )
        })?
        .filter_map(|e| e.ok())
        .map(|e| e.path().join(session::STORE_FILE))
        .filter(|p| p.is_file())
        .collect();
    out.sort();
    Ok(out)
}

fn write_replay(out: &mut impl Write, r: &replay::Replay) -> Result<()> {
    writeln!(
        out,
        "exercise {}, trainee {}: {} audit records, chain {}",
        for_terminal(&r.exercise),
        for_terminal(&r.trainee),
        r.records,
        if r.chain_holds { "holds" } else { "BROKEN" }
    )?;
    if let Some(b) = &r.broken {
        writeln!(out, "the audit log does not hold up: {}", for_terminal(b))?;
    }
    for s in &r.steps {
        writeln!(
            out,
            "{:>6.1} min  {:<14} {:<22} {:<16} {}{}{}",
            s.minutes,
            for_terminal(&s.user),
            for_terminal(&s.what),
            for_terminal(s.bill.as_deref().unwrap_or("-")),
            match (&s.from, &s.to) {
                (Some(f), Some(t)) => format!("{f} -> {t}"),
                (None, Some(t)) => t.clone(),
                _ => String::new(),
            },
            s.reason_code
                .as_ref()
                .map(|c| format!("  [{}]", for_terminal(c)))
                .unwrap_or_default(),
            s.note
                .as_ref()
                .map(|n| format!("  \"{}\"", for_terminal(n)))
                .unwrap_or_default()
        )?;
    }
    Ok(())
}
