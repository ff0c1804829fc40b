//! Screening: parties against denied-party lists, goods against strategic-goods lists, and
//! red-flag rules, combined into an [`Assessment`] per shipment.
//!
//! A [`Screener`] is built once from the loaded lists (names normalised, keyword automaton
//! compiled) and then screens any number of shipments without touching a file. It holds no UI
//! state and never prints.

pub mod eval;
pub mod goods;
pub mod goods_lookup;
pub mod identifiers;
pub mod index_cache;
pub mod name_cap;
pub mod name_words;
pub mod names;
pub mod normalize;
pub mod rules;
pub mod score;
pub mod selectivity;
pub mod sound_key;
pub mod suppress;
pub mod translit;

use std::collections::HashMap;

use rayon::prelude::*;
use serde::Serialize;

use crate::config::Config;
use crate::lists::WatchList;
use crate::lists::goods::GoodsLists;
use crate::lists::reference::GoodsReference;
use crate::model::{
    Assessment, Conveyance, EntityKind, Manifest, PartyHit, Shipment, VesselHit, VesselMatch,
};

use goods::GoodsMatcher;
use names::{NameIndex, NameMatch};
use suppress::Suppressions;

/// Entity kinds a manifest party can be: vessels and aircraft are not shippers.
pub const PARTY_KINDS: [EntityKind; 3] = [
    EntityKind::Person,
    EntityKind::Organization,
    EntityKind::Unknown,
];

/// The loaded lists, compiled for screening.
/// What a hit on an entry whose identifier the party gives scores at least.
pub const IDENTIFIER_SCORE: f64 = 0.95;

pub struct Screener {
    lists: Vec<WatchList>,
    index: NameIndex,
    /// IMO number -> listed vessels (list index, entry index).
    vessels_by_imo: HashMap<String, Vec<(usize, usize)>>,
    goods: GoodsMatcher,
    config: Config,
    suppressions: Suppressions,
    /// Every listed identifier, made when a first party gives a long number.
    identifiers: std::sync::OnceLock<identifiers::IdentifierIndex>,
    /// The targeting rule packs in force.
    rules: rules::RuleSet,
    /// The seed of this screener's random selections (`[selectivity] seed`, else drawn once).
    selection_seed: u64,
}

/// Party names already searched, kept across the chunks of one streamed run, so that a name
/// that recurs through a long manifest (a forwarder on every bill) is searched once, not once
/// per chunk. Bounded: past `limit` names it starts again empty, so memory stays flat however
/// many distinct names a file holds. Valid for one screener only.
pub struct NameCache {
    found: HashMap<String, Vec<NameMatch>>,
    limit: usize,
}

impl NameCache {
    /// A cache of at most `limit` names (0 keeps nothing).
    pub fn new(limit: usize) -> Self {
        NameCache {
            found: HashMap::new(),
            limit,
        }
    }

    fn keep(&mut self, searched: HashMap<&str, Vec<NameMatch>>) {
        if self.found.len() + searched.len() > self.limit {
            self.found.clear();
        }
        if searched.len() <= self.limit {
            self.found
                .extend(searched.into_iter().map(|(n, m)| (n.to_string(), m)));
        }
    }
}

/// What the shipments of one batch share (see [`Screener::batch`]).
struct Batch<'a> {
    today: chrono::NaiveDate,
    labels: Vec<String>,
    known: Option<&'a rules::History>,
}

/// Where [`Screener::assess`] finds each party name's candidates: this chunk's searches,
/// then the names an earlier chunk searched.
struct PartyNames<'m> {
    chunk: &'m HashMap<&'m str, Vec<NameMatch>>,
    earlier: Option<&'m HashMap<String, Vec<NameMatch>>>,
}

impl<'m> PartyNames<'m> {
    fn get(&self, name: &str) -> &'m [NameMatch] {
        self.chunk
            .get(name)
            .or_else(|| self.earlier.and_then(|e| e.get(name)))
            .map_or(&[], Vec::as_slice)
    }
}

/// One list entry found for a free-text name query (`hubscreen screen-names`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NameHit {
    pub score: f64,
    pub list: String,
    pub entry_id: String,
    /// The entry's primary name.
    pub name: String,
    /// The name (primary or strong alias) the query matched.
    pub matched_name: String,
    /// Which tokens aligned, what was left over and what adjusted the score, on one line.
    pub explanation: String,
}

impl Screener {
    pub fn new(lists: Vec<WatchList>, goods: GoodsLists, config: Config) -> Self {
        let index = NameIndex::build(&lists);
        Self::with_index(lists, index, goods, config)
    }

    /// [`Self::new`], with the name index read from (or written to) the cache in `cache_dir`.
    pub fn new_cached(
        lists: Vec<WatchList>,
        goods: GoodsLists,
        config: Config,
        cache_dir: Option<&std::path::Path>,
    ) -> (Self, index_cache::CacheUse) {
        let (index, used) = index_cache::load_or_build(&lists, cache_dir);
        (Self::with_index(lists, index, goods, config), used)
    }

    fn with_index(
        lists: Vec<WatchList>,
        index: NameIndex,
        goods: GoodsLists,
        config: Config,
    ) -> Self {
        let mut vessels_by_imo: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
        for (li, list) in lists.iter().enumerate() {
            for (ei, e) in list.entries.iter().enumerate() {
                // Only vessels: OFAC writes IMO *company* numbers on companies, another number space.
                if e.kind == EntityKind::Vessel {
                    for imo in &e.facts.imo_numbers {
                        vessels_by_imo
                            .entry(imo.clone())
                            .or_default()
                            .push((li, ei));
                    }
                }
            }
        }
        Screener {
            lists,
            index,
            vessels_by_imo,
            goods: GoodsMatcher::new(goods),
            suppressions: Suppressions::default(),
            identifiers: std::sync::OnceLock::new(),
            rules: rules::RuleSet::builtin(),
            selection_seed: config
                .selectivity
                .seed
                .unwrap_or_else(selectivity::fresh_seed),
            config,
        }
    }

    /// The seed random selections are drawn with: logged with every selection, so that a run
    /// can be replayed with `[selectivity] seed`.
    pub fn selection_seed(&self) -> u64 {
        self.selection_seed
    }

    /// The targeting rule packs to run (the built-in pack alone unless given).
    pub fn with_rules(mut self, rules: rules::RuleSet) -> Self {
        self.rules = rules;
        self
    }

    pub fn rules(&self) -> &rules::RuleSet {
        &self.rules
    }

    /// Shows the installed goods reference tables (HS 2022 text, Annex I entries) beside
    /// goods lines and hits.
    pub fn with_reference(mut self, reference: std::sync::Arc<GoodsReference>) -> Self {
        self.goods.set_reference(reference);
        self
    }

    pub fn reference(&self) -> &GoodsReference {
        self.goods.reference()
    }

    /// What an HS code, an Annex I entry or a few words mean to the goods screen.
    pub fn lookup_goods(&self, query: &str) -> goods_lookup::GoodsLookup {
        goods_lookup::lookup(&self.goods, query)
    }

    /// Cleared (party name, list entry) pairs that must not alert again while in force.
    pub fn with_suppressions(mut self, suppressions: Suppressions) -> Self {
        self.suppressions = suppressions;
        self
    }

    pub fn lists(&self) -> &[WatchList] {
        &self.lists
    }

    pub fn goods(&self) -> &GoodsLists {
        self.goods.lists()
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The name index, for evaluation and benchmarks.
    pub fn index(&self) -> &NameIndex {
        &self.index
    }

    /// Names indexed across all lists, weak aliases included.
    pub fn names_indexed(&self) -> usize {
        self.index.len()
    }

    /// Every entry matching a free-text name at `threshold` or above, best first.
    pub fn search_name(&self, name: &str, threshold: f64) -> Vec<NameHit> {
        self.index
            .search(name, threshold, &[])
            .into_iter()
            .map(|m| {
                let list = &self.lists[m.list];
                let entry = &list.entries[m.entry];
                NameHit {
                    score: m.alignment.score,
                    list: list.name.clone(),
                    entry_id: entry.id.clone(),
                    name: entry.name.clone(),
                    explanation: m.alignment.summary(),
                    matched_name: m.matched_name,
                }
            })
            .collect()
    }

    /// Screens every party, goods line and rule of one shipment.
    pub fn screen_shipment(&self, shipment: &Shipment) -> Assessment {
        let names: HashMap<&str, Vec<NameMatch>> = shipment
            .parties
            .iter()
            .map(|p| (p.name.as_str(), self.search_party(&p.name)))
            .collect();
        let vessels = self.vessel_cache(std::slice::from_ref(shipment));
        let names = PartyNames {
            chunk: &names,
            earlier: None,
        };
        self.assess(shipment, &names, &vessels, &self.batch(None))
    }

    /// What every shipment of a batch shares: the rules' day, the packs' labels, the history.
    fn batch<'a>(&self, known: Option<&'a rules::History>) -> Batch<'a> {
        Batch {
            today: self.rules.today(),
            labels: self.rules.labels(),
            known,
        }
    }

    /// Vessel hits per distinct conveyance: a feeder's manifest names one vessel on every bill.
    fn vessel_cache<'a>(
        &self,
        shipments: &'a [Shipment],
    ) -> HashMap<&'a Conveyance, Vec<VesselHit>> {
        let mut cache: HashMap<&Conveyance, Vec<VesselHit>> = HashMap::new();
        for c in shipments.iter().filter_map(|s| s.conveyance.as_ref()) {
            if !cache.contains_key(c) {
                cache.insert(c, self.screen_vessel(c));
            }
        }
        cache
    }

    /// Screens many shipments on all cores. Each distinct party name is searched once: a
    /// feeder's manifest repeats its shippers and forwarders on bill after bill.
    pub fn screen_shipments(&self, shipments: &[Shipment]) -> Vec<Assessment> {
        self.screen_shipments_cached(shipments, &mut NameCache::new(0))
    }

    /// [`Self::screen_shipments`] for one chunk of a longer run: names searched for an
    /// earlier chunk are taken from `cache`, and this chunk's new names are added to it.
    pub fn screen_shipments_cached(
        &self,
        shipments: &[Shipment],
        cache: &mut NameCache,
    ) -> Vec<Assessment> {
        self.screen_chunk(shipments, cache, None)
    }

    /// Screens stored shipments again (after a list update): every list and rule is judged
    /// anew, except the rules that read the store's history (a first-time consignee, a renamed
    /// vessel), whose flags are taken from `previous`, the bill's last assessment. They were
    /// judged against the store as it was when the bill came; judged now, the bill itself would
    /// be its own history. The score and lane count them as before.
    pub fn rescreen_shipments(
        &self,
        shipments: &[Shipment],
        previous: &[&Assessment],
    ) -> Vec<Assessment> {
        let fresh = self.screen_shipments(shipments);
        let history_rules = self.rules.history_rules();
        if history_rules.is_empty() {
            return fresh;
        }
        fresh
            .into_iter()
            .zip(shipments)
            .zip(previous)
            .map(|((a, shipment), old)| {
                let mut flags: Vec<crate::model::RedFlag> = a
                    .red_flags
                    .into_iter()
                    .filter(|f| !history_rules.contains(&f.rule.as_str()))
                    .collect();
                flags.extend(
                    old.red_flags
                        .iter()
                        .filter(|f| history_rules.contains(&f.rule.as_str()))
                        .cloned(),
                );
                let mut again = score::assess(
                    shipment,
                    a.party_hits,
                    a.vessel_hits,
                    a.goods_hits,
                    flags,
                    &self.config,
                );
                again.rule_packs = a.rule_packs;
                again.declared_headings = a.declared_headings;
                selectivity::select_at_random(
                    &mut again,
                    &self.config.selectivity,
                    self.selection_seed,
                );
                again
            })
            .collect()
    }

    /// [`Self::screen_shipments`] with the consignees a store has seen before, so that rules
    /// can tell a first-time consignee (`first_time_consignee`).
    pub fn screen_shipments_with_history(
        &self,
        shipments: &[Shipment],
        known: &rules::History,
    ) -> Vec<Assessment> {
        self.screen_chunk(shipments, &mut NameCache::new(0), Some(known))
    }

    fn screen_chunk(
        &self,
        shipments: &[Shipment],
        cache: &mut NameCache,
        known: Option<&rules::History>,
    ) -> Vec<Assessment> {
        let mut distinct: Vec<&str> = shipments
            .iter()
            .flat_map(|s| s.parties.iter().map(|p| p.name.as_str()))
            .filter(|n| !cache.found.contains_key(*n))
            .collect();
        distinct.sort_unstable();
        distinct.dedup();
        let searched: HashMap<&str, Vec<NameMatch>> = distinct
            .par_iter()
            .map(|&n| (n, self.search_party(n)))
            .collect();
        let vessels = self.vessel_cache(shipments);
        let names = PartyNames {
            chunk: &searched,
            earlier: Some(&cache.found),
        };
        let batch = self.batch(known);
        let assessments = shipments
            .par_iter()
            .map(|s| self.assess(s, &names, &vessels, &batch))
            .collect();
        cache.keep(searched);
        assessments
    }

    /// Candidates for a party name, down to the threshold less what a matching country can
    /// add: [`Self::with_country`] then decides per party.
    fn search_party(&self, name: &str) -> Vec<NameMatch> {
        let s = &self.config.screening;
        self.index.search(
            name,
            (s.party_threshold - s.country_agrees.max(0.0)).max(0.0),
            &PARTY_KINDS,
        )
    }

    /// A party that gives a number an entry lists (a registration, tax, passport or IMO
    /// number) is that entry, whatever its name: its hit on the entry scores at least
    /// [`IDENTIFIER_SCORE`], and says so. Only persons' and organisations' entries.
    fn add_identifier_evidence(&self, party: &crate::model::Party, found: &mut Vec<NameMatch>) {
        let numbers = identifiers::party_identifiers(party);
        if numbers.is_empty() {
            return;
        }
        let index = self
            .identifiers
            .get_or_init(|| identifiers::IdentifierIndex::build(&self.lists));
        for (number, listed) in index.find(numbers) {
            let entry = &self.lists[listed.list].entries[listed.entry];
            if !PARTY_KINDS.contains(&entry.kind) {
                continue;
            }
            let note = format!(
                "the party gives {number}, the entry's {}: the same party whatever the name",
                if listed.label.is_empty() {
                    "identifier"
                } else {
                    listed.label.as_str()
                }
            );
            let at = found
                .iter()
                .position(|m| (m.list, m.entry) == (listed.list, listed.entry));
            let m = match at {
                Some(i) => &mut found[i],
                None => {
                    let alignment = names::align(
                        &normalize::tokenize_name(&party.name, EntityKind::Unknown),
                        &names::ListName::new(&entry.name, entry.kind),
                    );
                    found.push(NameMatch {
                        list: listed.list,
                        entry: listed.entry,
                        matched_name: entry.name.clone(),
                        matched_kind: crate::model::NameKind::Primary,
                        alignment,
                        corroborating_weak_alias: None,
                    });
                    found.last_mut().expect("just pushed")
                }
            };
            if !m.alignment.adjustments.contains(&note) {
                m.alignment.score = m.alignment.score.max(IDENTIFIER_SCORE);
                m.alignment.adjustments.push(note);
            }
        }
    }

    /// Where the manifest gives the party's country (its country field, else the last
    /// address line that names one), a list entry in that country scores a little higher and
    /// one that names only other countries a little lower. `None` when the hit falls below the
    /// threshold.
    fn with_country(&self, party: &crate::model::Party, mut m: NameMatch) -> Option<NameMatch> {
        let s = &self.config.screening;
        let entry = &self.lists[m.list].entries[m.entry];
        let party_country = party
            .country
            .as_deref()
            .and_then(crate::country::iso2)
            .or_else(|| {
                party
                    .address
                    .iter()
                    .rev()
                    .find_map(|line| crate::country::of_place(line).map(|c| c.alpha2))
            });
        if let (Some(country), false) = (party_country, entry.countries.is_empty()) {
            let listed = entry.countries.join(" ");
            let (delta, note) = if entry.countries.iter().any(|c| c == country) {
                (
                    s.country_agrees,
                    format!("country {country} is the entry's ({listed})"),
                )
            } else {
                (
                    -s.country_differs,
                    format!("country {country}, the entry's are {listed}"),
                )
            };
            if delta != 0.0 {
                let score = ((m.alignment.score + delta).clamp(0.0, 1.0) * 1000.0).round() / 1000.0;
                m.alignment.score = score;
                m.alignment.adjustments.push(format!("{note} {delta:+.2}"));
            }
        }
        (m.alignment.score >= s.party_threshold).then_some(m)
    }

    fn assess(
        &self,
        shipment: &Shipment,
        names: &PartyNames<'_>,
        vessels: &HashMap<&Conveyance, Vec<VesselHit>>,
        batch: &Batch<'_>,
    ) -> Assessment {
        let mut party_hits = Vec::new();
        for party in &shipment.parties {
            let mut found: Vec<NameMatch> = names
                .get(party.name.as_str())
                .iter()
                .filter_map(|m| self.with_country(party, m.clone()))
                .collect();
            self.add_identifier_evidence(party, &mut found);
            for m in found {
                let (list, entry) = (&self.lists[m.list], &self.lists[m.list].entries[m.entry]);
                if self
                    .suppressions
                    .suppresses(&party.name, &list.name, &entry.id)
                {
                    continue;
                }
                party_hits.push(self.party_hit(party.role, &party.name, m));
            }
        }
        let goods_hits: Vec<_> = shipment
            .goods
            .iter()
            .enumerate()
            .flat_map(|(i, line)| self.goods.screen_line(i, line))
            .collect();
        let vessel_hits = shipment
            .conveyance
            .as_ref()
            .and_then(|c| vessels.get(c).cloned())
            .unwrap_or_default();
        let declared_headings = self.goods.declared_headings(&shipment.goods);
        let flags = self.rules.evaluate_on(
            batch.today,
            shipment,
            rules::Findings {
                party_hits: &party_hits,
                goods_hits: &goods_hits,
                vessel_hits: &vessel_hits,
                history: batch.known,
                declared_headings: &declared_headings,
            },
        );
        let mut a = score::assess(
            shipment,
            party_hits,
            vessel_hits,
            goods_hits,
            flags,
            &self.config,
        );
        a.rule_packs = batch.labels.clone();
        a.declared_headings = declared_headings;
        selectivity::select_at_random(&mut a, &self.config.selectivity, self.selection_seed);
        a
    }

    /// The carrying vessel against listed vessels: its IMO number exactly, its name through
    /// the matcher. A name match is dropped when both sides carry IMO numbers that differ:
    /// many ships share a name, no two share an IMO number.
    pub fn screen_vessel(&self, conveyance: &Conveyance) -> Vec<VesselHit> {
        let imo = conveyance
            .imo
            .as_deref()
            .map(|i| i.trim().trim_start_matches("IMO").trim().to_string())
            .filter(|i| i.len() == 7 && i.bytes().all(|b| b.is_ascii_digit()));
        let mut hits = Vec::new();
        for &(li, ei) in imo
            .as_ref()
            .and_then(|i| self.vessels_by_imo.get(i))
            .into_iter()
            .flatten()
        {
            let (list, e) = (&self.lists[li], &self.lists[li].entries[ei]);
            hits.push(VesselHit {
                vessel_name: conveyance.vessel_name.clone(),
                imo: imo.clone(),
                list: list.name.clone(),
                entry_id: e.id.clone(),
                entry_name: e.name.clone(),
                matched_by: VesselMatch::Imo,
                score: 1.0,
                aligned: Vec::new(),
                points: self.config.scoring.party_strong,
            });
        }
        let Some(name) = conveyance
            .vessel_name
            .as_deref()
            .filter(|n| !n.trim().is_empty())
        else {
            return hits;
        };
        for m in self.index.search(
            name,
            self.config.screening.party_threshold,
            &[EntityKind::Vessel],
        ) {
            let (list, e) = (&self.lists[m.list], &self.lists[m.list].entries[m.entry]);
            let contradicted = imo.as_ref().is_some_and(|i| {
                !e.facts.imo_numbers.is_empty() && !e.facts.imo_numbers.contains(i)
            });
            let already = hits
                .iter()
                .any(|h| h.list == list.name && h.entry_id == e.id);
            if contradicted || already {
                continue;
            }
            hits.push(VesselHit {
                vessel_name: Some(name.to_string()),
                imo: imo.clone(),
                list: list.name.clone(),
                entry_id: e.id.clone(),
                entry_name: e.name.clone(),
                matched_by: VesselMatch::Name,
                score: m.alignment.score,
                aligned: m.alignment.pairs,
                points: self.config.scoring.party_possible,
            });
        }
        hits
    }

    /// Screens every shipment of a manifest, in manifest order.
    pub fn screen_manifest(&self, manifest: &Manifest) -> Vec<Assessment> {
        self.screen_shipments(&manifest.shipments)
    }

    fn party_hit(&self, role: crate::model::PartyRole, party_name: &str, m: NameMatch) -> PartyHit {
        let list = &self.lists[m.list];
        let entry = &list.entries[m.entry];
        PartyHit {
            role,
            party_name: party_name.to_string(),
            list: list.name.clone(),
            entry_id: entry.id.clone(),
            entry_name: entry.name.clone(),
            matched_name: m.matched_name,
            matched_name_kind: m.matched_kind,
            score: m.alignment.score,
            points: score::party_points(m.alignment.score, &self.config),
            aligned: m.alignment.pairs,
            unmatched_query: m.alignment.unmatched_query,
            unmatched_list: m.alignment.unmatched_list,
            adjustments: m.alignment.adjustments,
            programs: entry.programs.clone(),
            corroborating_weak_alias: m.corroborating_weak_alias,
        }
    }
}
