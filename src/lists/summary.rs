//! What `lists show` and the dashboard's Lists view say about one loaded list: version, counts,
//! hash, files, problems and, for an installed list, where and when it was fetched, when it was
//! published and whether it is stale.

use serde::Serialize;

use super::update::Dating;
use super::{ListFormat, WatchList};

/// What `lists show` reports for one list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ListSummary {
    pub name: String,
    pub format: ListFormat,
    pub version: String,
    pub entries: usize,
    /// Primary names plus strong aliases.
    pub names: usize,
    pub weak_aliases: usize,
    pub content_hash: String,
    pub files: Vec<String>,
    pub problems: Vec<String>,
    /// The update source it was installed from, when installed by `lists update`.
    pub source: Option<String>,
    pub fetched_at: Option<String>,
    /// The publication date (`YYYY-MM-DD`) the file carries or its source's `Last-Modified`
    /// gave; `None` when it is unknown.
    pub published: Option<String>,
    /// What the age counts from; `None` for a list that was not installed.
    pub dated_by: Option<Dating>,
    /// `published 2025-08-11`, `publication date unknown; file dated 2025-07-01`.
    pub dated: Option<String>,
    /// Whole days since publication (see [`Dating`]).
    pub age_days: Option<i64>,
    /// Older than the `max_age_days` of the update sources: run `hubscreen lists update`.
    pub stale: bool,
}

impl ListSummary {
    /// [`Self::of`], plus where and when an installed list was fetched, when it was published,
    /// its age at `now` and whether that is more than `max_age_days`.
    pub fn installed(
        list: &WatchList,
        meta: Option<&crate::lists::update::InstalledMeta>,
        now: chrono::DateTime<chrono::Utc>,
        max_age_days: u32,
    ) -> Self {
        let mut s = ListSummary::of(list);
        if let Some(m) = meta {
            s.source = Some(m.source.clone());
            s.fetched_at = Some(m.fetched_at.clone());
            s.published = m.published();
            s.dated_by = Some(m.dated_by);
            s.dated = Some(m.dated());
            s.age_days = m.age_days(now);
            s.stale = s.age_days.is_some_and(|a| a > i64::from(max_age_days));
        }
        s
    }

    pub fn of(list: &WatchList) -> Self {
        ListSummary {
            name: list.name.clone(),
            format: list.format,
            version: list.version.clone(),
            entries: list.entries.len(),
            names: list.names_indexed(),
            weak_aliases: list.entries.iter().map(|e| e.weak_aliases.len()).sum(),
            content_hash: list.content_hash.clone(),
            files: list.files.clone(),
            problems: list.problems.iter().map(ToString::to_string).collect(),
            source: None,
            fetched_at: None,
            published: None,
            dated_by: None,
            dated: None,
            age_days: None,
            stale: false,
        }
    }
}
