//! The engine's API: what the command line and the dashboard both call, so that a command is a
//! few lines and the two can never disagree on one manifest.
//!
//! - [`load_lists`] and [`load_goods`]: the lists a run screens against, with every problem
//!   said as a [`Notice`] (the CLI prints them, the dashboard logs them);
//! - [`screener`]: a screener with its name index cached under the data directory and, when a
//!   store is given, the store's suppressions in force;
//! - [`ingest_options`]: manifest reading with the screening layer's name checks;
//! - [`screen_and_record`]: screen one read manifest and store it with its assessments;
//! - [`rescreen_added`]: after a list update, screen stored shipments against the entries the
//!   update added and queue what now hits.
//!
//! This module holds orchestration only: no terminal output, no argument parsing, no rules of
//! its own. It reads the wall clock nowhere: callers pass `now` (the dashboard's is injected).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::config::Config;
use crate::ingest::{ColumnMap, IngestOptions, Ingested};
use crate::lists::goods::GoodsLists;
use crate::lists::in_use::{InUse, lists_in_use};
use crate::lists::reference::GoodsReference;
use crate::lists::sources::{Sources, UpdateDefaults};
use crate::lists::summary::ListSummary;
use crate::lists::update::{InstalledMeta, ListStore};
use crate::lists::{WatchList, bundled};
use crate::model::Severity;
use crate::screen::Screener;
use crate::screen::index_cache::CacheUse;
use crate::screen::rules::{History, RuleSet, RulesError};
use crate::screen::selectivity::{self, LaneCounts};
use crate::screen::suppress::Suppressions;
use crate::source::Encoding;
use crate::store::rescreen::{self, RescreenOutcome};
use crate::store::{
    self, Actor, IngestOutcome, IngestRecord, ListVersion, Store, StoreError, entry_prints,
    hit_keys,
};

/// How loud a [`Notice`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// What the run does (`screening against: ...`).
    Info,
    /// Something is off, nothing was dropped.
    Warning,
    /// Something was not screened.
    Error,
}

/// A message of the engine for the person running it, in words they read at a glance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub level: Level,
    /// The whole line, with its `error:`/`warning:` prefix where it has one.
    pub text: String,
}

impl Notice {
    fn new(level: Level, text: impl Into<String>) -> Self {
        Notice {
            level,
            text: text.into(),
        }
    }
}

/// The lists of a run, loaded, with what was said while loading them.
#[derive(Debug)]
pub struct LoadedLists {
    pub lists: Vec<WatchList>,
    /// The install record of each list (none for `--list` and bundled lists).
    pub installed: Vec<Option<InstalledMeta>>,
    /// A list was bad: a row skipped, or a whole list unreadable (then `refusal` says so too).
    pub failed: bool,
    /// Set when a list that was asked for could not be read: the run must not screen.
    pub refusal: Option<String>,
    /// In the order they were found.
    pub notices: Vec<Notice>,
    /// What `lists::in_use` noted about the choice of lists (also among `notices`), as the
    /// dashboard's Lists view shows them.
    pub notes: Vec<String>,
}

impl LoadedLists {
    /// Why this run must not screen: a list it should use could not be read, and a party
    /// screened against nothing would come out green.
    pub fn refusal(&self) -> Option<&str> {
        self.refusal.as_deref()
    }

    /// What the loaded lists are, for reports: version, dates, counts, age.
    pub fn summaries(&self, now: DateTime<Utc>) -> Vec<ListSummary> {
        let max_age = max_age_days();
        self.lists
            .iter()
            .zip(&self.installed)
            .map(|(l, meta)| ListSummary::installed(l, meta.as_ref(), now, max_age))
            .collect()
    }
}

/// Loads the lists of a run (`lists::in_use`): the `explicit` paths (`--list`), else the
/// installed lists, else the bundled OFAC sample; and always the lists of `[lists] always`.
/// Every problem becomes a notice: unreadable lists, stale installed lists, rows that could not
/// be screened, no list at all; and what is screened against.
pub fn load_lists(
    store: &ListStore,
    explicit: &[PathBuf],
    config: &Config,
    now: DateTime<Utc>,
) -> LoadedLists {
    let in_use = lists_in_use(store, explicit, &config.lists.always);
    let mut notices = Vec::new();
    for what in &in_use.unreadable {
        notices.push(Notice::new(
            Level::Error,
            format!("error: list not loaded: {what}"),
        ));
    }
    for note in &in_use.notes {
        notices.push(Notice::new(Level::Warning, format!("warning: {note}")));
    }
    let mut loaded = LoadedLists {
        failed: !in_use.unreadable.is_empty(),
        refusal: in_use.refusal(),
        lists: in_use.lists,
        installed: in_use.installed,
        notices,
        notes: in_use.notes,
    };
    stale_notices(&mut loaded, now);
    row_notices(&mut loaded);
    if loaded.lists.is_empty() {
        loaded.notices.push(Notice::new(
            Level::Error,
            "error: no denied-party list is loaded: parties are NOT being screened",
        ));
    } else if loaded.refusal.is_none() {
        loaded.notices.push(Notice::new(
            Level::Info,
            format!(
                "screening against: {}",
                InUse::describe_lists(&loaded.lists)
            ),
        ));
    }
    loaded
}

/// A warning for each installed source older than `max_age_days`; a source that gives several
/// lists (the CSL) is said once.
fn stale_notices(loaded: &mut LoadedLists, now: DateTime<Utc>) {
    let max_age = max_age_days();
    let mut sources_said = HashSet::new();
    for meta in loaded.installed.iter().flatten() {
        if !sources_said.insert(meta.source.as_str()) {
            continue;
        }
        if let Some(age) = meta.age_days(now).filter(|a| *a > i64::from(max_age)) {
            loaded.notices.push(Notice::new(
                Level::Warning,
                format!(
                    "warning: list {} is {age} days old ({}; limit {max_age} days): run hubscreen lists update",
                    meta.source,
                    meta.dated()
                ),
            ));
        }
    }
}

/// The rows of each list that could not be screened. A row of an installed list was reported
/// when the list was installed and is said again on every run; it is how the list was
/// published, so it does not fail the run (and hide `--fail-on`). A row of any other list does.
fn row_notices(loaded: &mut LoadedLists) {
    for (list, meta) in loaded.lists.iter().zip(&loaded.installed) {
        for p in &list.problems {
            match meta {
                Some(meta) => loaded.notices.push(Notice::new(
                    Level::Warning,
                    format!(
                        "warning: {}: {} (installed {} as published; reported at install)",
                        p.location, p.message, meta.source
                    ),
                )),
                None => {
                    let level = match p.severity {
                        Severity::Error => Level::Error,
                        Severity::Warning => Level::Warning,
                    };
                    loaded.notices.push(Notice::new(level, p.to_string()));
                    loaded.failed |= p.severity == Severity::Error;
                }
            }
        }
    }
}

/// The age past which an installed list is stale: `max_age_days` of the update sources.
pub fn max_age_days() -> u32 {
    Sources::configured(None)
        .map(|s| s.defaults.max_age_days)
        .unwrap_or_else(|_| UpdateDefaults::default().max_age_days)
}

/// The goods lists of a run, with what was said while loading them.
#[derive(Debug)]
pub struct LoadedGoods {
    pub goods: GoodsLists,
    /// A goods list file was empty or unreadable: goods were not all screened.
    pub failed: bool,
    pub notices: Vec<Notice>,
}

/// Loads the goods lists of `dir` (`--goods`), else the bundled ones. A folder that cannot be
/// read leaves no goods list, said loudly: goods are then not screened.
pub fn load_goods(dir: Option<&Path>) -> LoadedGoods {
    let loaded = match dir {
        Some(d) => GoodsLists::load_dir(d),
        None => bundled::goods(),
    };
    match loaded {
        Ok(goods) => {
            let notices: Vec<Notice> = goods
                .empty_files()
                .iter()
                .map(|p| Notice::new(Level::Error, p.to_string()))
                .collect();
            LoadedGoods {
                failed: !notices.is_empty(),
                goods,
                notices,
            }
        }
        Err(e) => LoadedGoods {
            goods: GoodsLists::default(),
            failed: true,
            notices: vec![Notice::new(
                Level::Error,
                format!("error: goods lists not loaded, goods are NOT being screened: {e}"),
            )],
        },
    }
}

/// Why a screener could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ScreenerError {
    #[error("rule packs not loaded, nothing screened: {0}")]
    Rules(#[from] RulesError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A screener over `lists` and `goods`, its name index cached under the data directory so that
/// the next start with the same lists reads it instead of building it (a cache that cannot be
/// written costs only time, and says so). With a store, the store's suppressions for these
/// lists are in force, so that `screen` and `ingest` judge one manifest alike.
///
/// The rule packs the configuration names are loaded first: a pack with an error stops
/// screening (a half-loaded rule set would lane shipments green that the unit's rules
/// select), with the file and line of the error.
pub fn screener(
    lists: Vec<WatchList>,
    goods: GoodsLists,
    config: Config,
    list_store: &ListStore,
    suppressions_from: Option<(&dyn Store, DateTime<Utc>)>,
) -> Result<(Screener, Vec<Notice>), ScreenerError> {
    let rules = RuleSet::load(&config.rules)?;
    let cache = list_store.root().join("cache");
    let (screener, used) = Screener::new_cached(lists, goods, config, Some(&cache));
    let mut notices = Vec::new();
    let screener = screener
        .with_rules(rules)
        .with_reference(load_reference(list_store, &mut notices));
    if let CacheUse::NotSaved(why) = used {
        notices.push(Notice::new(
            Level::Warning,
            format!("warning: name index not cached: {why}"),
        ));
    }
    let screener = match suppressions_from {
        Some((db, now)) => with_suppressions(screener, db, now)?,
        None => screener,
    };
    Ok((screener, notices))
}

/// The goods reference tables installed beside the lists (`hubscreen goods install`); one
/// that is installed but cannot be read is said as an error and left out.
pub fn load_reference(list_store: &ListStore, notices: &mut Vec<Notice>) -> Arc<GoodsReference> {
    let data_dir = list_store.root().parent().unwrap_or(list_store.root());
    let (reference, errors) = GoodsReference::load_installed(data_dir);
    notices.extend(errors.into_iter().map(|e| Notice::new(Level::Error, e)));
    Arc::new(reference)
}

/// The goods matcher of `goods` with the installed reference tables, for look-ups without a
/// whole screener (no name index is built).
pub fn goods_matcher(
    goods: GoodsLists,
    list_store: &ListStore,
) -> (crate::screen::goods::GoodsMatcher, Vec<Notice>) {
    let mut notices = Vec::new();
    let mut matcher = crate::screen::goods::GoodsMatcher::new(goods);
    matcher.set_reference(load_reference(list_store, &mut notices));
    (matcher, notices)
}

/// `screener` with the suppressions `db` holds in force at `now` for its lists.
pub fn with_suppressions(
    screener: Screener,
    db: &dyn Store,
    now: DateTime<Utc>,
) -> Result<Screener, StoreError> {
    let suppressions = suppressions_in_force(db, screener.lists(), now)?;
    Ok(screener.with_suppressions(suppressions))
}

/// The suppressions `db` holds in force at `now` for `lists` (a suppression names a list entry
/// by its fingerprint: one whose entry changed no longer applies).
pub fn suppressions_in_force(
    db: &dyn Store,
    lists: &[WatchList],
    now: DateTime<Utc>,
) -> Result<Suppressions, StoreError> {
    Ok(store::suppressions_for(&db.suppressions(now)?, lists).as_of(now))
}

/// How manifests are read for screening: `encoding`, the extra column names of `column_map`,
/// and the matcher's own checks on every name (hidden characters it removes, names longer than
/// it reads), said on the shipment's row.
pub fn ingest_options(encoding: Option<Encoding>, column_map: ColumnMap) -> IngestOptions {
    IngestOptions {
        encoding,
        column_map,
        name_check: Some(crate::screen::name_cap::shipment_problems),
        sheet: None,
    }
}

/// Screens a read manifest and stores it with its assessments, unless the same file (by
/// SHA-256) was stored before: then nothing is screened or changed. `progress` hears each step
/// with the share done, for a progress bar.
pub fn screen_and_record(
    db: &mut dyn Store,
    screener: &Screener,
    ingested: &Ingested,
    actor: &Actor,
    progress: &dyn Fn(&str, f64),
) -> Result<IngestOutcome, StoreError> {
    let shipments = ingested.manifest.shipments.len();
    if let Some(run) = db.ingest_run_by_hash(&ingested.sha256)? {
        return Ok(IngestOutcome {
            run_id: run.id,
            already_stored: true,
            shipments,
            new_versions: 0,
            unchanged: shipments,
            queued: Vec::new(),
            warnings: Vec::new(),
        });
    }
    progress(&format!("screening {shipments} shipments"), 0.3);
    let names = db.consignee_names()?;
    let vessels = db.vessel_sightings()?;
    let known = History::from_names(names.iter().map(String::as_str), actor.at).with_vessels(
        vessels
            .into_iter()
            .map(|v| (v.imo, v.name, v.first_seen, v.last_seen)),
    );
    let assessments = screener.screen_shipments_with_history(&ingested.manifest.shipments, &known);
    let prints = entry_prints(screener.lists(), &hit_keys(&assessments));
    progress(&format!("storing {shipments} shipments"), 0.7);
    let mut outcome = db.record_ingest(
        &IngestRecord {
            ingested,
            assessments: &assessments,
            lists: ListVersion::all(screener.lists()),
            prints,
        },
        actor,
    )?;
    outcome.warnings = selectivity_warnings(&ingested.file, &assessments, screener.config());
    // The day's rates too: a unit's expected rates are daily figures.
    let today = actor
        .at
        .date_naive()
        .and_time(chrono::NaiveTime::MIN)
        .and_utc();
    let (green, yellow, red) = db.lanes_since(today)?;
    let day = LaneCounts { green, yellow, red };
    outcome.warnings.extend(selectivity::rate_warnings(
        &format!("today ({})", actor.at.date_naive()),
        day,
        &screener.config().selectivity,
    ));
    progress("stored", 1.0);
    Ok(outcome)
}

/// The selectivity warnings for one manifest's assessments: lane rates against the expected
/// ones, and the cap on selections (see [`crate::screen::selectivity`]).
pub fn selectivity_warnings(
    file: &str,
    assessments: &[crate::model::Assessment],
    config: &Config,
) -> Vec<String> {
    let mut counts = LaneCounts::default();
    for a in assessments {
        counts.add(a.lane);
    }
    selectivity::warnings(file, counts, &config.selectivity)
}

/// What [`rescreen_added`] did.
#[derive(Debug, Default)]
pub struct Rescreened {
    /// Entries the latest update of each installed source added.
    pub added: usize,
    pub outcome: RescreenOutcome,
}

/// Re-screens the shipments stored in the last `days` days against the entries the latest
/// update of each installed source added, queueing what now hits. Nothing to do when no update
/// added entries.
pub fn rescreen_added(
    db: &mut dyn Store,
    screener: &Screener,
    list_store: &ListStore,
    days: u32,
    actor: &Actor,
) -> Result<Rescreened, StoreError> {
    let added: Vec<_> = list_store
        .deltas(None)
        .into_iter()
        .flat_map(|d| d.added)
        .collect();
    if added.is_empty() {
        return Ok(Rescreened::default());
    }
    let since = actor.at - chrono::Duration::days(i64::from(days));
    let outcome = rescreen::rescreen(db, screener, &added, since, actor)?;
    Ok(Rescreened {
        added: added.len(),
        outcome,
    })
}

/// Entries the latest update of each installed source added, without screening anything.
pub fn added_entries(list_store: &ListStore) -> usize {
    list_store.deltas(None).iter().map(|d| d.added.len()).sum()
}
