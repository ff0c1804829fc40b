//! Keeping lists current without ever going silently stale: fetch, validate, replace
//! atomically, record the delta.
//!
//! The store keeps each source in `<data dir>/lists/<source>/`: one folder per installed
//! version (`v-<UTC time>`), a `CURRENT` file naming the one in use, and the previous version
//! kept as the last good copy. An update:
//! 1. fetches every file of the source (HTTP with timeouts, retries with backoff, redirects
//!    followed; or a folder carried in on a USB stick, `--from`);
//! 2. refuses an HTML page, an empty file, a file that does not parse or is truncated (it
//!    ends inside a quoted field, an element or a JSON line), and an entry count that fell by
//!    more than the configured fraction; a row that cannot be screened (no name, no id) is
//!    that row's problem, reported with its `file:line`, never a reason to refuse the list;
//! 3. writes the new version beside the old one, fsyncs it, then swaps `CURRENT` by rename,
//!    so that a crash at any point leaves either the old or the new list in use, never half
//!    of one;
//! 4. writes the delta (added, removed, changed entries) into the new version's folder.
//!
//! A failed update changes nothing and says which source failed and why.

use std::fs;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::carried::{self, SourcePlan, UnusedFile};
use super::delta::{self, ListDelta};
use super::sources::{SourceSpec, Sources, UpdateDefaults, redact};
use super::version_dirs::{self, Current, META, Staging};
use super::{ListError, WatchList, load_path};
use crate::owner_only;

/// What is recorded about an installed version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InstalledMeta {
    pub source: String,
    /// RFC 3339, UTC.
    pub fetched_at: String,
    /// Where the files came from (URLs, or the `--from` folder).
    pub origin: Vec<String>,
    pub version: String,
    pub entries: usize,
    pub names: usize,
    pub content_hash: String,
    /// The time the list's age counts from, RFC 3339 (see [`Dating`]); absent in records
    /// written before it existed and when only the fetch time is known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_at: Option<String>,
    /// What `published_at` is; records written before it existed are dated by their fetch.
    #[serde(default)]
    pub dated_by: Dating,
}

/// Where a list's age comes from, best first. The copy time of a file is never evidence: a
/// list carried in today may be months old.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dating {
    /// The publication date the file itself carries (UN `dateGenerated`, the UK lists' report
    /// date, the EU generation date, OpenSanctions' latest change).
    ListDate,
    /// The source's HTTP `Last-Modified` when downloaded.
    LastModified,
    /// Publication date unknown: the file's own modification time as carried in.
    FileTime,
    /// Publication date unknown and no file time: the time it was fetched.
    #[default]
    FetchTime,
}

impl Dating {
    /// Says what the age counts from, `date` being that day (`YYYY-MM-DD`).
    pub fn describe(self, date: &str) -> String {
        match self {
            Dating::ListDate => format!("published {date}"),
            Dating::LastModified => format!("published {date} (HTTP Last-Modified)"),
            Dating::FileTime => format!("publication date unknown; file dated {date}"),
            Dating::FetchTime => format!("publication date unknown; fetched {date}"),
        }
    }
}

impl InstalledMeta {
    /// When the list's age counts from: `published_at`, else `fetched_at`.
    pub fn dated_at(&self) -> Option<DateTime<Utc>> {
        let at = self.published_at.as_deref().unwrap_or(&self.fetched_at);
        DateTime::parse_from_rfc3339(at)
            .ok()
            .map(|t| t.with_timezone(&Utc))
    }

    /// Whole days since the list was published (see [`Dating`]), never below 0.
    pub fn age_days(&self, now: DateTime<Utc>) -> Option<i64> {
        // Calendar days, as a person counts from "published 2025-07-01": a Last-Modified at
        // 08:00 must not make the list a day younger before 08:00.
        self.dated_at()
            .map(|t| (now.date_naive() - t.date_naive()).num_days().max(0))
    }

    /// The publication date, `YYYY-MM-DD`, when it is known.
    pub fn published(&self) -> Option<String> {
        matches!(self.dated_by, Dating::ListDate | Dating::LastModified)
            .then(|| self.dated_at())
            .flatten()
            .map(|t| t.format("%Y-%m-%d").to_string())
    }

    /// What the age counts from, for people: `published 2025-08-11`, `publication date
    /// unknown; file dated 2025-07-01`.
    pub fn dated(&self) -> String {
        let day = self
            .dated_at()
            .map(|t| t.format("%Y-%m-%d").to_string())
            .unwrap_or_else(|| self.fetched_at.clone());
        self.dated_by.describe(&day)
    }
}

/// A source as installed in the store.
#[derive(Debug, Clone)]
pub struct Installed {
    pub name: String,
    pub dir: PathBuf,
    pub meta: InstalledMeta,
    /// Set when `CURRENT` was missing or dangling and `dir` is the newest intact version
    /// instead: what happened and what to do, to be said on every run.
    pub problem: Option<String>,
}

/// Every installed source, and those whose every version is gone or damaged.
#[derive(Debug, Clone, Default)]
pub struct Survey {
    pub installed: Vec<Installed>,
    /// One message per source that was installed and has no intact version left.
    pub broken: Vec<String>,
}

/// Why an update of one source failed. The previous copy is always left in place.
#[derive(Debug, thiserror::Error)]
pub enum UpdateError {
    #[error("{url}: {message}")]
    Fetch { url: String, message: String },
    #[error("{file}: {message}")]
    Rejected { file: String, message: String },
    #[error("{0}")]
    List(#[from] ListError),
    /// The list does not load (truncated, does not parse), said with where it came from.
    #[error("{0}")]
    Unusable(String),
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> UpdateError + '_ {
    move |source| UpdateError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// Gets the bytes of one file of a source.
pub trait Fetcher {
    fn fetch(&self, url: &str, file: &str) -> Result<Vec<u8>, UpdateError>;
    /// Where the bytes come from, for the record.
    fn origin(&self, url: &str, file: &str) -> String;
    /// When the file fetched last was last changed at its origin (HTTP `Last-Modified`, or the
    /// file's own time as carried), if that is known; never the time of the copy.
    fn modified(&self, _url: &str, _file: &str) -> Option<(DateTime<Utc>, Dating)> {
        None
    }
}

/// Fetches over HTTP(S), or reads `file://` URLs.
pub struct HttpFetcher {
    client: reqwest::blocking::Client,
    retries: u32,
    progress: bool,
    /// `Last-Modified` of each URL fetched, as the server said it.
    last_modified: std::sync::Mutex<std::collections::HashMap<String, DateTime<Utc>>>,
}

impl HttpFetcher {
    pub fn new(defaults: &UpdateDefaults) -> Result<Self, UpdateError> {
        let client = reqwest::blocking::Client::builder()
            .timeout(Duration::from_secs(defaults.timeout_secs))
            .connect_timeout(Duration::from_secs(defaults.timeout_secs.min(30)))
            .redirect(reqwest::redirect::Policy::limited(10))
            .user_agent(concat!("hubscreen/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| UpdateError::Fetch {
                url: String::new(),
                message: format!("cannot build the HTTP client: {e}"),
            })?;
        Ok(HttpFetcher {
            client,
            retries: defaults.retries,
            progress: std::io::stderr().is_terminal(),
            last_modified: Default::default(),
        })
    }

    fn get_once(&self, url: &str) -> Result<Vec<u8>, String> {
        let mut response = self.client.get(url).send().map_err(describe)?;
        let status = response.status();
        if !status.is_success() {
            return Err(format!("HTTP {status}"));
        }
        // `Last-Modified: Wed, 21 Oct 2015 07:28:00 GMT` (RFC 9110 dates are RFC 2822 ones).
        let last_modified = response
            .headers()
            .get(reqwest::header::LAST_MODIFIED)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| DateTime::parse_from_rfc2822(v).ok());
        if let Some(t) = last_modified
            && let Ok(mut known) = self.last_modified.lock()
        {
            known.insert(url.to_string(), t.with_timezone(&Utc));
        }
        let total = response.content_length();
        let mut body = Vec::with_capacity(total.unwrap_or(0).min(512 << 20) as usize);
        let mut chunk = vec![0u8; 64 * 1024];
        let mut shown = 0u64;
        loop {
            let n = response
                .read(&mut chunk)
                .map_err(|e| format!("download cut off: {e}"))?;
            if n == 0 {
                break;
            }
            body.extend_from_slice(&chunk[..n]);
            if self.progress && body.len() as u64 >= shown + (1 << 20) {
                shown = body.len() as u64;
                let of = total
                    .map(|t| format!(" of {:.1}", t as f64 / 1e6))
                    .unwrap_or_default();
                eprint!("\r  {}: {:.1}{of} MB", redact(url), body.len() as f64 / 1e6);
            }
        }
        if self.progress && shown > 0 {
            eprintln!();
        }
        if let Some(t) = total
            && body.len() as u64 != t
        {
            return Err(format!("truncated download: {} of {t} bytes", body.len()));
        }
        Ok(body)
    }
}

/// One line for a reqwest error, with its cause (`timed out`, `connection refused`).
fn describe(e: reqwest::Error) -> String {
    let mut text = if e.is_timeout() {
        "timed out".to_string()
    } else if e.is_connect() {
        "could not connect".to_string()
    } else {
        e.to_string()
    };
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        text.push_str(&format!(": {s}"));
        source = s.source();
    }
    text
}

impl Fetcher for HttpFetcher {
    fn fetch(&self, url: &str, _file: &str) -> Result<Vec<u8>, UpdateError> {
        if let Some(path) = url.strip_prefix("file://") {
            return fs::read(path).map_err(|e| UpdateError::Fetch {
                url: redact(url),
                message: e.to_string(),
            });
        }
        let mut last = String::new();
        for attempt in 0..=self.retries {
            if attempt > 0 {
                // 1 s, 2 s, 4 s ... between attempts.
                std::thread::sleep(Duration::from_secs(1 << (attempt - 1).min(5)));
            }
            match self.get_once(url) {
                Ok(body) => return Ok(body),
                Err(e) => {
                    let permanent = e.starts_with("HTTP 4");
                    last = e;
                    if permanent {
                        break;
                    }
                }
            }
        }
        // The address and the client's message (which quotes it) lose their credentials.
        Err(UpdateError::Fetch {
            url: redact(url),
            message: redact(&if self.retries > 0 && !last.starts_with("HTTP 4") {
                format!("{last} (after {} attempts)", self.retries + 1)
            } else {
                last
            }),
        })
    }

    /// The address without its credentials: this is what `meta.json` records.
    fn origin(&self, url: &str, _file: &str) -> String {
        redact(url)
    }

    fn modified(&self, url: &str, _file: &str) -> Option<(DateTime<Utc>, Dating)> {
        if let Some(path) = url.strip_prefix("file://") {
            return file_time(Path::new(path)).map(|t| (t, Dating::FileTime));
        }
        let known = self.last_modified.lock().ok()?;
        known.get(url).map(|t| (*t, Dating::LastModified))
    }
}

/// A file's modification time.
fn file_time(path: &Path) -> Option<DateTime<Utc>> {
    fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .map(DateTime::<Utc>::from)
}

/// Reads files carried in by hand: `<dir>/<file>` or `<dir>/<source>/<file>`.
pub struct FolderFetcher {
    pub dir: PathBuf,
    pub source: String,
}

impl FolderFetcher {
    fn path(&self, file: &str) -> PathBuf {
        let nested = self.dir.join(&self.source).join(file);
        if nested.is_file() {
            nested
        } else {
            self.dir.join(file)
        }
    }

    /// True when at least one file of the source is in the folder.
    pub fn has_any(&self, spec: &SourceSpec) -> bool {
        spec.files.iter().any(|f| self.path(&f.file).is_file())
    }
}

impl Fetcher for FolderFetcher {
    fn fetch(&self, _url: &str, file: &str) -> Result<Vec<u8>, UpdateError> {
        let path = self.path(file);
        fs::read(&path).map_err(|e| UpdateError::Fetch {
            url: path.display().to_string(),
            message: e.to_string(),
        })
    }

    fn origin(&self, _url: &str, file: &str) -> String {
        self.path(file).display().to_string()
    }

    fn modified(&self, _url: &str, file: &str) -> Option<(DateTime<Utc>, Dating)> {
        file_time(&self.path(file)).map(|t| (t, Dating::FileTime))
    }
}

/// How updating one source ended.
#[derive(Debug)]
pub enum SourceUpdate {
    Installed(Box<UpdateOutcome>),
    /// Nothing changed for this source; the previous copy, if any, stays in use.
    Failed {
        message: String,
        kept: Option<InstalledMeta>,
    },
}

/// One source's result in [`update_sources`].
#[derive(Debug)]
pub struct SourceResult {
    pub source: String,
    pub update: SourceUpdate,
}

/// What [`update_sources`] did: each source's result, and with `--from` the files in the
/// folder that no source took, and what was looked for.
#[derive(Debug, Default)]
pub struct UpdateRun {
    pub results: Vec<SourceResult>,
    /// Files carried in that were not used, each with the reason.
    pub unused: Vec<UnusedFile>,
    /// With `--from`: each source being updated, with its files and what each holds.
    pub looked_for: Vec<String>,
}

/// Updates the selected sources one by one (see [`ListStore::update`]): downloaded from their
/// addresses, or read from the folder `from`, each file recognised by its content (see
/// [`carried`]). With `from`, a source none of whose files is in the folder is skipped, unless
/// it was asked for by name in `only`. `progress` hears each source before it starts: (done,
/// total, name). This is what `hubscreen lists update` and the dashboard's `:lists update` both
/// run.
pub fn update_sources(
    store: &ListStore,
    sources: &Sources,
    from: Option<&Path>,
    only: &[String],
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(usize, usize, &str),
) -> Result<UpdateRun, UpdateError> {
    let selected = sources.selected(only);
    let mut run = UpdateRun::default();
    let mut planned = from.map(|dir| plan_carried(dir, sources, &selected, &mut run));
    let http = match from {
        Some(_) => None,
        None => Some(HttpFetcher::new(&sources.defaults)?),
    };
    for (i, spec) in selected.iter().enumerate() {
        progress(i, selected.len(), &spec.name);
        let carried = planned.as_mut().and_then(|p| p.remove(&spec.name));
        let update = match (carried, &http) {
            (Some(SourcePlan::Found { spec: found, files }), _) => {
                install(store, &found, &files, &sources.defaults, now)
            }
            (Some(SourcePlan::Failed(message)), _) => SourceUpdate::Failed {
                message,
                kept: store.installed_meta(&spec.name),
            },
            (Some(SourcePlan::Absent) | None, _) if from.is_some() => {
                if only.is_empty() {
                    continue;
                }
                SourceUpdate::Failed {
                    message: format!(
                        "none of its files is in {}",
                        from.map(|d| d.display().to_string()).unwrap_or_default()
                    ),
                    kept: store.installed_meta(&spec.name),
                }
            }
            (_, Some(h)) => install(store, spec, h, &sources.defaults, now),
            (_, None) => unreachable!("a fetcher is built when no folder is given"),
        };
        run.results.push(SourceResult {
            source: spec.name.clone(),
            update,
        });
    }
    progress(selected.len(), selected.len(), "");
    Ok(run)
}

/// Plans which carried file goes to which source; files that belong to a source not being
/// updated are reported as unused, with that reason.
fn plan_carried(
    dir: &Path,
    sources: &Sources,
    selected: &[&SourceSpec],
    run: &mut UpdateRun,
) -> std::collections::HashMap<String, SourcePlan> {
    // The sources being updated choose first.
    let others: Vec<&SourceSpec> = sources
        .sources
        .iter()
        .filter(|s| !selected.iter().any(|t| t.name == s.name))
        .collect();
    let order: Vec<&SourceSpec> = selected.iter().copied().chain(others).collect();
    let plan = carried::plan(dir, &order);
    run.unused = plan.unused;
    run.looked_for = carried::looked_for(selected);
    let mut by_source = std::collections::HashMap::new();
    for (name, p) in plan.sources {
        if selected.iter().any(|s| s.name == name) {
            by_source.insert(name, p);
        } else if let SourcePlan::Found { spec, .. } = p {
            let enabled = spec.enabled;
            run.unused.extend(spec.files.iter().map(|f| UnusedFile {
                path: PathBuf::from(&f.url),
                why: format!(
                    "a file of source {name}, which is not being updated ({})",
                    if enabled {
                        "not named with --only"
                    } else {
                        "disabled in the sources; name it with --only to install it"
                    }
                ),
            }));
        }
    }
    run.unused.sort_by(|a, b| a.path.cmp(&b.path));
    by_source
}

/// Updates one source, turning a failure into its message (the previous copy kept).
fn install(
    store: &ListStore,
    spec: &SourceSpec,
    fetcher: &dyn Fetcher,
    defaults: &UpdateDefaults,
    now: DateTime<Utc>,
) -> SourceUpdate {
    match store.update(spec, fetcher, defaults, now) {
        Ok(outcome) => SourceUpdate::Installed(Box::new(outcome)),
        Err(e) => SourceUpdate::Failed {
            // Each address was redacted where it entered a message; this is the net
            // under every other path a message could take.
            message: redact(&e.to_string()),
            kept: store.installed_meta(&spec.name),
        },
    }
}

impl ListStore {
    /// The install record of the version in use for a source, if any.
    pub fn installed_meta(&self, source: &str) -> Option<InstalledMeta> {
        self.installed()
            .into_iter()
            .find(|i| i.name == source)
            .map(|i| i.meta)
    }
}

/// The installed lists, under `<data dir>/lists`.
#[derive(Debug, Clone)]
pub struct ListStore {
    root: PathBuf,
}

const DELTA: &str = "delta.json";

/// What one successful update did.
#[derive(Debug, Clone)]
pub struct UpdateOutcome {
    pub source: String,
    pub previous: Option<InstalledMeta>,
    pub installed: InstalledMeta,
    pub delta: ListDelta,
    /// Warnings the new copy loaded with (a missing companion file...).
    pub warnings: Vec<String>,
}

impl ListStore {
    pub fn new(data_dir: &Path) -> Self {
        ListStore {
            root: data_dir.join("lists"),
        }
    }

    /// The platform's data directory for hubscreen (`~/.local/share/hubscreen` on Linux).
    pub fn default_data_dir() -> Option<PathBuf> {
        directories::ProjectDirs::from("org", "hubscreen", "hubscreen")
            .map(|d| d.data_dir().to_path_buf())
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The version folder in use for a source, if any (see [`ListStore::installed`]).
    pub fn current_dir(&self, source: &str) -> Option<PathBuf> {
        self.source(source).map(|i| i.dir)
    }

    /// Every installed source, by name. A source whose `CURRENT` is missing or dangling is
    /// listed with its newest intact version and the problem said in [`Installed::problem`];
    /// one with no intact version left is not listed (see [`ListStore::survey`]).
    pub fn installed(&self) -> Vec<Installed> {
        self.survey().installed
    }

    /// Every installed source, and every source whose every version is gone or damaged.
    pub fn survey(&self) -> Survey {
        let Ok(read) = fs::read_dir(&self.root) else {
            return Survey::default();
        };
        let mut names: Vec<String> = read
            .filter_map(|e| e.ok())
            .filter(|e| e.path().is_dir())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        let mut survey = Survey::default();
        for name in names {
            match version_dirs::resolve(&self.root.join(&name), &name) {
                Current::None => {}
                Current::Intact(dir, meta) => survey.installed.push(Installed {
                    name,
                    dir,
                    meta,
                    problem: None,
                }),
                Current::Recovered { dir, meta, problem } => survey.installed.push(Installed {
                    name,
                    dir,
                    meta,
                    problem: Some(problem),
                }),
                Current::Broken(problem) => survey.broken.push(problem),
            }
        }
        survey
    }

    /// One installed source, as [`ListStore::installed`] gives it.
    fn source(&self, name: &str) -> Option<Installed> {
        let base = self.root.join(name);
        let (dir, meta, problem) = match version_dirs::resolve(&base, name) {
            Current::Intact(dir, meta) => (dir, meta, None),
            Current::Recovered { dir, meta, problem } => (dir, meta, Some(problem)),
            Current::None | Current::Broken(_) => return None,
        };
        Some(Installed {
            name: name.to_string(),
            dir,
            meta,
            problem,
        })
    }

    /// Loads every installed list. A source that no longer loads is an error naming it.
    pub fn load_all(&self) -> Vec<(String, Result<Vec<WatchList>, ListError>)> {
        self.installed()
            .into_iter()
            .map(|i| (i.name, load_path(&i.dir)))
            .collect()
    }

    /// The delta recorded with each installed version, newest install first per source.
    pub fn deltas(&self, source: Option<&str>) -> Vec<ListDelta> {
        let mut out: Vec<ListDelta> = self
            .installed()
            .into_iter()
            .filter(|i| source.is_none_or(|s| s == i.name))
            .filter_map(|i| serde_json::from_slice(&fs::read(i.dir.join(DELTA)).ok()?).ok())
            .collect();
        out.sort_by(|a, b| b.at.cmp(&a.at));
        out
    }

    /// Fetches, validates and installs one source. On any failure the store is unchanged.
    /// Updates of one data directory may run at once, in threads or processes: each fetches
    /// and validates in its own staging folder, and they install one at a time (see
    /// [`version_dirs`]), the last to install being the one in use.
    pub fn update(
        &self,
        spec: &SourceSpec,
        fetcher: &dyn Fetcher,
        defaults: &UpdateDefaults,
        now: DateTime<Utc>,
    ) -> Result<UpdateOutcome, UpdateError> {
        let base = self.root.join(&spec.name);
        owner_only::create_dir_all(&base).map_err(io_err(&base))?;
        let abandoned = version_dirs::remove_abandoned_staging(&base);
        let staging = Staging::create(&base).map_err(io_err(&base))?;
        // Dropping `staging` removes the folder unless it was installed.
        let mut outcome = self.stage_and_install(spec, fetcher, defaults, now, &base, &staging)?;
        outcome.warnings.extend(abandoned.iter().map(|name| {
            format!(
                "{}: removed, left by an update that was stopped",
                base.join(name).display()
            )
        }));
        Ok(outcome)
    }

    fn stage_and_install(
        &self,
        spec: &SourceSpec,
        fetcher: &dyn Fetcher,
        defaults: &UpdateDefaults,
        now: DateTime<Utc>,
        base: &Path,
        staged: &Staging,
    ) -> Result<UpdateOutcome, UpdateError> {
        let staging = staged.dir();
        let mut origin = Vec::new();
        let mut staged_as: Vec<(String, String)> = Vec::new();
        let mut file_times = Vec::new();
        for f in &spec.files {
            // The sources file was checked when read; a spec built otherwise is checked here,
            // before anything is written.
            super::sources::check_file_name(&f.file).map_err(|why| UpdateError::Rejected {
                file: format!("source {}: file {:?}", spec.name, f.file),
                message: why,
            })?;
        }
        for f in &spec.files {
            let bytes = fetcher.fetch(&f.url, &f.file)?;
            let where_ = fetcher.origin(&f.url, &f.file);
            check_payload(&where_, &bytes)?;
            let path = staging.join(&f.file);
            let mut out = owner_only::create_file(&path).map_err(io_err(&path))?;
            out.write_all(&bytes).map_err(io_err(&path))?;
            // The copy keeps its origin's time, so that a list without a date of its own is
            // dated by it (`file date ...`), not by the copy.
            if let Some((at, dating)) = fetcher.modified(&f.url, &f.file) {
                out.set_modified(at.into()).map_err(io_err(&path))?;
                file_times.push((at, dating));
            }
            out.sync_all().map_err(io_err(&path))?;
            staged_as.push((f.file.clone(), where_.clone()));
            origin.push(where_);
        }

        // The file is refused when it does not parse or is truncated (`load_path` fails); a
        // row that cannot be screened is that row's problem, reported with the warnings.
        let lists = load_path(staging).map_err(|e| {
            UpdateError::Unusable(strip_staging(&e.to_string(), staging, &staged_as))
        })?;
        let entries: usize = lists.iter().map(|l| l.entries.len()).sum();
        let names: usize = lists.iter().map(|l| l.names_indexed()).sum();

        // From here to the end, one update at a time: the copy in use is read, compared and
        // replaced, and old copies pruned, without another update doing the same meanwhile.
        let _installing = version_dirs::lock_installs(&self.root).map_err(io_err(&self.root))?;
        let previous = self.source(&spec.name);
        let repaired = previous.as_ref().and_then(|p| p.problem.clone());
        if let Some(prev) = &previous {
            let max_shrink = spec.max_shrink.unwrap_or(defaults.max_shrink);
            let floor = prev.meta.entries as f64 * (1.0 - max_shrink);
            if (entries as f64) < floor {
                return Err(UpdateError::Rejected {
                    file: origin.join(", "),
                    message: format!(
                        "entry count fell from {} to {entries} ({:.0} %), more than the {:.0} % allowed \
                         (max_shrink); a partial list is never installed",
                        prev.meta.entries,
                        100.0 * (1.0 - entries as f64 / prev.meta.entries.max(1) as f64),
                        100.0 * max_shrink
                    ),
                });
            }
        }
        let old_lists = match &previous {
            Some(p) => load_path(&p.dir).unwrap_or_default(),
            None => Vec::new(),
        };
        let mut delta = delta::compare(&spec.name, &old_lists, &lists);
        delta.at = now.to_rfc3339();
        let mut warnings: Vec<String> = lists
            .iter()
            .flat_map(|l| &l.problems)
            .map(|p| strip_staging(&p.to_string(), staging, &staged_as))
            .collect();
        warnings.extend(repaired.map(|p| format!("repaired; before this update: {p}")));
        let (published_at, dated_by) = publication(&lists, &file_times);
        let meta = InstalledMeta {
            source: spec.name.clone(),
            fetched_at: now.to_rfc3339(),
            origin,
            version: lists.first().map(|l| l.version.clone()).unwrap_or_default(),
            entries,
            names,
            content_hash: combined_hash(&lists),
            published_at: published_at.map(|t| t.to_rfc3339()),
            dated_by,
        };
        write_synced(
            &staging.join(META),
            &serde_json::to_vec_pretty(&meta).unwrap_or_default(),
        )?;
        write_synced(
            &staging.join(DELTA),
            &serde_json::to_vec_pretty(&delta).unwrap_or_default(),
        )?;

        // Install: the new folder appears under its final name, then CURRENT is swapped by a
        // rename, the only step that changes which list is in use.
        let stamp = now.format("%Y%m%dT%H%M%S%.9fZ").to_string();
        let target = version_dirs::install(base, staged, &stamp).map_err(io_err(base))?;
        // Keep the new version and the last good copy; older ones go.
        let keep: Vec<&Path> = std::iter::once(target.as_path())
            .chain(previous.as_ref().map(|p| p.dir.as_path()))
            .collect();
        version_dirs::prune(base, &keep);
        Ok(UpdateOutcome {
            source: spec.name.clone(),
            previous: previous.map(|p| p.meta),
            installed: meta,
            delta,
            warnings,
        })
    }
}

/// When a source's lists were published, by the best evidence every one of them has: the
/// dates the files carry, else the oldest `Last-Modified` or file time, else nothing (the
/// fetch time then stands).
fn publication(
    lists: &[WatchList],
    file_times: &[(DateTime<Utc>, Dating)],
) -> (Option<DateTime<Utc>>, Dating) {
    let own: Option<Vec<_>> = lists.iter().map(WatchList::published).collect();
    if let Some(oldest) = own.and_then(|dates| dates.into_iter().min()) {
        return (
            Some(oldest.and_time(chrono::NaiveTime::MIN).and_utc()),
            Dating::ListDate,
        );
    }
    match file_times.iter().min_by_key(|(at, _)| *at) {
        Some((at, dating)) => (Some(*at), *dating),
        None => (None, Dating::FetchTime),
    }
}

/// Refuses what is plainly not a list: nothing at all, or a web page.
fn check_payload(origin: &str, bytes: &[u8]) -> Result<(), UpdateError> {
    let reject = |message: &str| {
        Err(UpdateError::Rejected {
            file: origin.to_string(),
            message: message.to_string(),
        })
    };
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return reject("the download is empty");
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    if head.starts_with("<!doctype html") || head.starts_with("<html") || head.contains("<html") {
        return reject("the download is an HTML page (an error or login page), not a list");
    }
    Ok(())
}

/// Replaces staged file paths in a message with where each file came from.
fn strip_staging(text: &str, staging: &Path, staged_as: &[(String, String)]) -> String {
    let staged = staging.display().to_string();
    let mut out = text.to_string();
    for (file, origin) in staged_as {
        out = out.replace(&format!("{staged}/{file}"), origin);
    }
    out.replace(&staged, "(download)")
}

fn combined_hash(lists: &[WatchList]) -> String {
    let mut hashes: Vec<&str> = lists.iter().map(|l| l.content_hash.as_str()).collect();
    hashes.dedup();
    hashes.join("+")
}

fn write_synced(path: &Path, bytes: &[u8]) -> Result<(), UpdateError> {
    let mut f = owner_only::create_file(path).map_err(io_err(path))?;
    f.write_all(bytes).map_err(io_err(path))?;
    f.sync_all().map_err(io_err(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_written_before_dating_existed_still_loads_and_ages_from_its_fetch() {
        let old = r#"{"source":"ofac-sdn","fetched_at":"2026-01-01T00:00:00+00:00",
            "origin":["https://x/sdn.csv"],"version":"file date 2026-01-01","entries":1,
            "names":1,"content_hash":"ab"}"#;
        let meta: InstalledMeta = serde_json::from_str(old).expect("old meta loads");
        assert_eq!(meta.dated_by, Dating::FetchTime);
        let now = DateTime::parse_from_rfc3339("2026-01-11T12:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(meta.age_days(now), Some(10));
        assert_eq!(meta.published(), None);
        assert!(meta.dated().starts_with("publication date unknown"));
    }

    /// A list published at 08:00 is as old at 00:30 as at 23:30: ages count calendar days
    /// (a test that compared with today's date failed every night before 08:00 UTC).
    #[test]
    fn age_counts_calendar_days_whatever_the_time_of_day() {
        let meta = InstalledMeta {
            published_at: Some("2025-07-01T08:00:00+00:00".into()),
            dated_by: Dating::LastModified,
            ..serde_json::from_str(
                r#"{"source":"s","fetched_at":"2026-12-01T00:00:00+00:00","origin":[],
                "version":"file date 2025-07-01","entries":1,"names":1,"content_hash":"ab"}"#,
            )
            .unwrap()
        };
        for now in ["2026-12-05T00:30:00Z", "2026-12-05T23:30:00Z"] {
            let now = DateTime::parse_from_rfc3339(now)
                .unwrap()
                .with_timezone(&Utc);
            assert_eq!(meta.age_days(now), Some(522), "{now}");
        }
    }

    #[test]
    fn html_and_empty_payloads_are_refused() {
        assert!(check_payload("x", b"  \n").is_err());
        assert!(check_payload("x", b"<!DOCTYPE html><html><body>Service unavailable").is_err());
        assert!(check_payload("x", b"\xEF\xBB\xBF<html>").is_err());
        assert!(check_payload("x", b"36,\"AEROCARIBBEAN AIRLINES\"").is_ok());
        assert!(check_payload("x", b"<?xml version=\"1.0\"?><CONSOLIDATED_LIST>").is_ok());
    }
}
