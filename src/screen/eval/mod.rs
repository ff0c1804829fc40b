//! Evaluation of the name matcher on labelled names: how many variants of listed names it finds
//! (recall) and how many honest names it alerts on (false alerts per 1,000), and how fast.
//!
//! Three kinds of variant, each in its own file:
//! - `generated`: a listed name mangled the way manifests do (legal forms changed or dropped,
//!   words reordered, typos, transliteration spellings, extra words, address fragments). Our own
//!   generator: the matcher was tuned on it, so its figures flatter the matcher.
//! - `real`: names the list publishers themselves wrote for one entry. Leave-one-out (one of an
//!   entry's names screened against an index built without it), cross-list (the same UN
//!   designation as the UK and the UN spell it) and later-added (a name a newer publication
//!   gives for an entry an older one listed, screened against the older). Each pair is sorted
//!   by kind of difference, found without the matcher.
//! - `clean`: names that are not listed: assembled from word pools unrelated to the lists,
//!   names in public registries' patterns, and names of generic trading words only.
//!
//! Everything is seeded, so a run is repeatable. Nothing here knows the matcher's internals:
//! it only calls [`NameIndex::search`].

pub mod clean;
pub mod generated;
pub mod real;

use std::collections::BTreeMap;
use std::time::Instant;

use rayon::prelude::*;
use serde::Serialize;

use super::names::NameIndex;
use crate::lists::WatchList;
use crate::model::EntityKind;

pub use clean::{clean_name, clean_names, clean_negatives};
pub use generated::{disguise, variant, variants};

/// A small, seeded pseudo-random generator (xorshift64*): repeatable across platforms.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// A labelled query: a variant of a listed name, or a clean name.
#[derive(Debug, Clone, Serialize)]
pub struct LabelledName {
    pub query: String,
    pub kind: EntityKind,
    /// The list and entry it was made from; `None` for a clean name.
    pub source: Option<(String, String)>,
    /// The listed name it was made from, and what was done to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original: Option<String>,
    pub mangling: Vec<String>,
    /// What kind of difference from the listed names the query holds, for a real variant
    /// (`spelling`, `extra words`, ...); `None` for generated and clean names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub difference: Option<String>,
    /// For a missed variant: the best its own entry scored (at or above [`CLOSEST_FLOOR`]),
    /// the name it aligned with and how, to show how far it fell short.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closest: Option<String>,
}

impl LabelledName {
    /// A clean name: not listed, so no source and nothing done to it.
    pub fn clean(query: String, kind: EntityKind) -> Self {
        LabelledName {
            query,
            kind,
            source: None,
            original: None,
            mangling: Vec::new(),
            difference: None,
            closest: None,
        }
    }
}

/// The lowest score a missed variant's [`LabelledName::closest`] reports.
pub const CLOSEST_FLOOR: f64 = 0.5;

fn is_person(kind: EntityKind) -> bool {
    kind == EntityKind::Person
}

/// Results for one kind of name.
#[derive(Debug, Clone, Default, Serialize)]
pub struct KindResult {
    pub variants: usize,
    pub found: usize,
    pub recall: f64,
    pub clean: usize,
    pub false_alerts: usize,
    pub false_alerts_per_1000: f64,
}

/// What an evaluation measured.
#[derive(Debug, Clone, Serialize)]
pub struct EvalReport {
    pub threshold: f64,
    pub names_indexed: usize,
    pub persons: KindResult,
    pub companies: KindResult,
    pub queries: usize,
    pub seconds: f64,
    pub names_per_second: f64,
    /// Variants that were not found, for tuning (at most `examples` of each kind).
    pub missed: Vec<LabelledName>,
    /// Clean names that alerted, with what they hit (at most `examples` of each kind).
    pub false_alerts: Vec<(String, String)>,
    /// Recall per kind of difference, for real variants (see [`LabelledName::difference`]):
    /// by entity kind (`persons`, `companies`), then difference.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub by_difference: BTreeMap<String, BTreeMap<String, Recall>>,
}

/// Variants of one group and how many were found.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Recall {
    pub variants: usize,
    pub found: usize,
}

impl Recall {
    pub fn recall(&self) -> f64 {
        self.found as f64 / self.variants.max(1) as f64
    }
}

/// `persons` or `companies`: how a report groups an entity kind (vessels and names of unknown
/// kind count with companies).
pub fn kind_label(kind: EntityKind) -> &'static str {
    if is_person(kind) {
        "persons"
    } else {
        "companies"
    }
}

/// Screens every labelled name and counts.
pub fn evaluate(
    index: &NameIndex,
    lists: &[WatchList],
    labelled: &[LabelledName],
    threshold: f64,
    examples: usize,
) -> EvalReport {
    let started = Instant::now();
    let results: Vec<Vec<(String, String, String)>> = labelled
        .par_iter()
        .map(|l| {
            index
                .search(&l.query, threshold, &super::PARTY_KINDS)
                .into_iter()
                .map(|m| {
                    let list = &lists[m.list];
                    (
                        list.name.clone(),
                        list.entries[m.entry].id.clone(),
                        m.matched_name,
                    )
                })
                .collect()
        })
        .collect();
    let seconds = started.elapsed().as_secs_f64();
    let mut report = EvalReport {
        threshold,
        names_indexed: index.len(),
        persons: KindResult::default(),
        companies: KindResult::default(),
        queries: labelled.len(),
        seconds,
        names_per_second: labelled.len() as f64 / seconds.max(1e-9),
        missed: Vec::new(),
        false_alerts: Vec::new(),
        by_difference: BTreeMap::new(),
    };
    for (l, hits) in labelled.iter().zip(&results) {
        let r = if is_person(l.kind) {
            &mut report.persons
        } else {
            &mut report.companies
        };
        match &l.source {
            Some((list, id)) => {
                r.variants += 1;
                let found = hits.iter().any(|(hl, hid, _)| hl == list && hid == id);
                if let Some(difference) = &l.difference {
                    let group = report
                        .by_difference
                        .entry(kind_label(l.kind).to_string())
                        .or_default()
                        .entry(difference.clone())
                        .or_default();
                    group.variants += 1;
                    group.found += usize::from(found);
                }
                if found {
                    r.found += 1;
                } else if report.missed.iter().filter(|m| m.kind == l.kind).count() < examples {
                    let mut missed = l.clone();
                    missed.closest = closest(index, lists, l, list, id);
                    report.missed.push(missed);
                }
            }
            None => {
                r.clean += 1;
                if let Some((hl, hid, name)) = hits.first() {
                    r.false_alerts += 1;
                    if r.false_alerts <= examples {
                        report
                            .false_alerts
                            .push((l.query.clone(), format!("{hl} {hid} {name}")));
                    }
                }
            }
        }
    }
    for r in [&mut report.persons, &mut report.companies] {
        r.recall = r.found as f64 / r.variants.max(1) as f64;
        r.false_alerts_per_1000 = 1000.0 * r.false_alerts as f64 / r.clean.max(1) as f64;
    }
    report
}

/// How close a missed variant came to its own entry: the best score above [`CLOSEST_FLOOR`],
/// with the name it aligned with and the alignment.
fn closest(
    index: &NameIndex,
    lists: &[WatchList],
    l: &LabelledName,
    list: &str,
    id: &str,
) -> Option<String> {
    index
        .search(&l.query, CLOSEST_FLOOR, &super::PARTY_KINDS)
        .into_iter()
        .find(|m| lists[m.list].name == list && lists[m.list].entries[m.entry].id == id)
        .map(|m| {
            format!(
                "{:.3} {}: {}",
                m.alignment.score,
                m.matched_name,
                m.alignment.summary()
            )
        })
}

/// What one evaluation run measures, and on what.
#[derive(Debug, Clone)]
pub struct EvalOptions {
    /// Generated variants and clean names per kind; the most real variants per kind and set.
    pub per_kind: usize,
    /// One run per seed.
    pub seeds: Vec<u64>,
    pub threshold: f64,
    /// Missed variants and false alerts kept per kind, per set.
    pub examples: usize,
    /// Whether to measure real variants (leave-one-out and cross-list) too.
    pub real: bool,
    /// Newer publications of the loaded lists, for the later-added set.
    pub later: Vec<WatchList>,
}

/// One set's report, with the pairs it set aside as new names rather than variants.
#[derive(Debug, Clone, Serialize)]
pub struct SetReport {
    #[serde(flatten)]
    pub report: EvalReport,
    /// Per `persons`/`companies`: pairs with no word in common (see `real`).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub different_names_set_aside: BTreeMap<String, usize>,
}

/// Everything measured at one seed.
#[derive(Debug, Clone, Serialize)]
pub struct SeedReport {
    pub seed: u64,
    /// Our own generator's variants, and the clean names.
    pub generated: EvalReport,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub leave_one_out: Option<SetReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cross_list: Option<SetReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub later_added: Option<SetReport>,
    /// Generated clean names set aside because they are a listed name but for middle names
    /// and decorations.
    pub clean_set_aside: usize,
}

/// Runs every set the options ask for, at every seed. `index` is the index of `lists`; the
/// leave-one-out and later-added sets build their own.
pub fn run(index: &NameIndex, lists: &[WatchList], options: &EvalOptions) -> Vec<SeedReport> {
    let real_report = |set: real::RealSet, own_index: Option<&NameIndex>| {
        let built;
        let idx = match own_index {
            Some(i) => i,
            None => {
                built = NameIndex::build(&set.lists);
                &built
            }
        };
        SetReport {
            report: evaluate(
                idx,
                &set.lists,
                &set.labelled,
                options.threshold,
                options.examples,
            ),
            different_names_set_aside: set
                .different_names
                .iter()
                .map(|(k, v)| (k.to_string(), *v))
                .collect(),
        }
    };
    // Cross-list and later-added pairs do not depend on the seed: they are measured once.
    let cross = options
        .real
        .then(|| real_report(real::cross_list(lists), Some(index)));
    let later = (!options.later.is_empty())
        .then(|| real_report(real::later_added(lists, &options.later), Some(index)));
    options
        .seeds
        .iter()
        .map(|&seed| {
            let mut labelled = variants(lists, options.per_kind, seed);
            let (clean, clean_set_aside) = clean_negatives(lists, options.per_kind, seed);
            labelled.extend(clean);
            let generated = evaluate(index, lists, &labelled, options.threshold, options.examples);
            SeedReport {
                seed,
                generated,
                leave_one_out: options
                    .real
                    .then(|| real_report(real::leave_one_out(lists, options.per_kind, seed), None)),
                cross_list: cross.clone(),
                later_added: later.clone(),
                clean_set_aside,
            }
        })
        .collect()
}
