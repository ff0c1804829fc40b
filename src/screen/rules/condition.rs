//! A rule's condition, compiled: named groups expanded to country codes and HS prefixes, each
//! predicate ready to test a shipment and say in words what it found.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use crate::country;
use crate::ingest::checks;
use crate::model::{DeclaredHeading, GoodsEvidence, GoodsHit, PartyHit, PartyRole, VesselHit};

use super::facts::{self, PartyFacet, ShipmentFacts};

/// What a condition may read besides the shipment: the hits screening found on it.
#[derive(Debug, Clone, Copy)]
pub struct Findings<'a> {
    pub party_hits: &'a [PartyHit],
    pub goods_hits: &'a [GoodsHit],
    pub vessel_hits: &'a [VesselHit],
    /// What the store has seen before (consignees, vessel names); `None` when screening
    /// without a store (a first-time consignee or a renamed vessel cannot be told then).
    pub history: Option<&'a History>,
    /// The HS 2022 text of the declared codes, when the nomenclature is installed.
    pub declared_headings: &'a [DeclaredHeading],
}

/// What the shipments a store holds tell the rules: the consignees seen before, and the names
/// each vessel (by IMO number) called under, with when.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    /// Consignee names, folded.
    pub consignees: std::collections::HashSet<String>,
    /// IMO number (7 digits) -> the names it called under.
    pub vessels: std::collections::HashMap<String, Vec<VesselName>>,
    /// When the history was read: "recently" is counted back from here.
    pub as_of: DateTime<Utc>,
}

/// A name a vessel called under, and the first and last time it was seen so.
#[derive(Debug, Clone, PartialEq)]
pub struct VesselName {
    pub name: String,
    pub folded: String,
    pub first_seen: DateTime<Utc>,
    pub last_seen: DateTime<Utc>,
}

impl History {
    /// From the consignee names as stored (folded here), at `as_of`.
    pub fn from_names<'n>(names: impl IntoIterator<Item = &'n str>, as_of: DateTime<Utc>) -> Self {
        History {
            consignees: names.into_iter().map(crate::text::fold_text).collect(),
            vessels: Default::default(),
            as_of,
        }
    }

    /// Adds the names vessels called under: `(IMO number as written, name, first seen, last
    /// seen)`. A number that is not 7 digits once `IMO` is taken off is left out.
    pub fn with_vessels(
        mut self,
        seen: impl IntoIterator<Item = (String, String, DateTime<Utc>, DateTime<Utc>)>,
    ) -> Self {
        for (imo, name, first_seen, last_seen) in seen {
            let Some(imo) = imo_digits(&imo) else {
                continue;
            };
            let folded = crate::text::fold_text(&name);
            if folded.is_empty() {
                continue;
            }
            self.vessels.entry(imo).or_default().push(VesselName {
                name,
                folded,
                first_seen,
                last_seen,
            });
        }
        self
    }
}

/// The 7 digits of an IMO number as written (`IMO 9417232`, `9417232`).
fn imo_digits(raw: &str) -> Option<String> {
    let d = raw.trim().trim_start_matches("IMO").trim();
    (d.len() == 7 && d.bytes().all(|b| b.is_ascii_digit())).then(|| d.to_string())
}

/// The names other than the one a shipment's vessel calls under now that the store saw its IMO
/// number under within `days` days of the history's date.
fn vessel_renamed(s: &crate::model::Shipment, history: &History, days: u32) -> Vec<String> {
    let Some(c) = &s.conveyance else {
        return Vec::new();
    };
    let (Some(imo), Some(name)) = (c.imo.as_deref().and_then(imo_digits), &c.vessel_name) else {
        return Vec::new();
    };
    let now = crate::text::fold_text(name);
    let since = history.as_of - chrono::Duration::days(i64::from(days));
    let mut found = Vec::new();
    for seen in history.vessels.get(&imo).into_iter().flatten() {
        if seen.folded != now && seen.last_seen >= since {
            found.push(format!(
                "vessel IMO {imo} now called {name:?} was {:?} as late as {} ({} days ago)",
                seen.name,
                seen.last_seen.date_naive(),
                (history.as_of - seen.last_seen).num_days().max(0)
            ));
        }
    }
    found
}

/// Countries by ISO alpha-2 code, each with how the rule named it (the code itself or the
/// group it came from), for the explanation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CountrySet(pub BTreeMap<String, String>);

impl CountrySet {
    fn named(&self, code: &str) -> Option<&str> {
        self.0.get(code).map(String::as_str)
    }
}

/// HS prefixes (digits), each with how the rule named it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HsSet(pub Vec<(String, String)>);

/// A goods line's weight per package outside these bounds.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct WeightRange {
    pub below: Option<f64>,
    pub above: Option<f64>,
}

/// Which check digits a rule tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckKind {
    Container,
    Imo,
}

/// The places of a route a country predicate reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// Port of discharge, final destination, consignee and notify party.
    Destination,
    FinalDestination,
    Discharge,
    Loading,
    Transshipment,
    Origin,
    /// Every place of the route: receipt, loading, transshipment, discharge, destination.
    Route,
    /// The final destination (else the consignee's country) when it lies beyond the country of
    /// the port of discharge: goods moving on from the hub.
    Onward,
    ConsigneeCountry,
    ShipperCountry,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
    Country(Place, CountrySet),
    HsPrefix(HsSet),
    ChplTier(Vec<u8>),
    GoodsList(Vec<String>),
    GoodsHit(bool),
    ChemicalByNumberOnly(bool),
    /// The description names goods (a lexicon phrase) normally declared under other HS
    /// headings than the one declared.
    DescriptionContradictsHs(bool),
    VagueDescription(bool),
    DescriptionContains(Vec<String>),
    PartyIs(PartyRole, Vec<PartyFacet>),
    ConsigneeIsNotifyParty(bool),
    /// No earlier shipment in the store names the consignee (TO ORDER aside).
    FirstTimeConsignee(bool),
    /// The store saw the vessel's IMO number under another name within this many days.
    VesselRenamedWithinDays(u32),
    /// The port of loading is in another country than the shipper's, and not in these
    /// (transshipment hubs, where goods are loaded from anywhere).
    LoadedAwayFromShipper(CountrySet),
    PartyHit(Vec<String>),
    VesselHit(bool),
    VesselFlagIn(CountrySet),
    CheckDigitFails(Vec<CheckKind>),
    WeightPerPackageKg(WeightRange),
}

impl Condition {
    /// Whether the condition holds; when it does, what it found is added to `why`.
    /// Whether the condition reads the store's history (a first-time consignee, a renamed
    /// vessel): its answer belongs to the moment the bill was first screened.
    pub fn reads_history(&self) -> bool {
        match self {
            Condition::All(parts) | Condition::Any(parts) => {
                parts.iter().any(Condition::reads_history)
            }
            Condition::Not(inner) => inner.reads_history(),
            Condition::FirstTimeConsignee(_) | Condition::VesselRenamedWithinDays(_) => true,
            _ => false,
        }
    }

    pub fn holds(&self, x: &ShipmentFacts<'_>, f: Findings<'_>, why: &mut Vec<String>) -> bool {
        let mut found = Vec::new();
        let holds = self.test(x, f, &mut found);
        if holds {
            why.extend(found);
        }
        holds
    }

    fn test(&self, x: &ShipmentFacts<'_>, f: Findings<'_>, why: &mut Vec<String>) -> bool {
        let s = x.shipment;
        match self {
            Condition::All(parts) => parts.iter().all(|c| c.holds(x, f, why)),
            Condition::Any(parts) => {
                // Every part that holds is evidence, not only the first.
                let mut any = false;
                for c in parts {
                    any |= c.holds(x, f, why);
                }
                any
            }
            Condition::Not(inner) => !inner.holds(x, f, &mut Vec::new()),
            Condition::Country(place, set) => country_in(x, *place, set, why),
            Condition::HsPrefix(set) => {
                let mut hit = false;
                for (i, line) in s.goods.iter().enumerate() {
                    let Some(hs) = &line.hs_code else { continue };
                    if let Some((prefix, named)) = set
                        .0
                        .iter()
                        .find(|(p, _)| hs.digits().starts_with(p.as_str()))
                    {
                        let group = if named == prefix {
                            String::new()
                        } else {
                            format!(" ({named})")
                        };
                        why.push(format!(
                            "goods line {}: HS {} is under {prefix}{group}",
                            i + 1,
                            hs.dotted()
                        ));
                        hit = true;
                    }
                }
                hit
            }
            Condition::ChplTier(tiers) => {
                let mut hit = false;
                for h in f.goods_hits.iter().filter(|h| h.list == "CHPL") {
                    if chpl_tier(&h.entry).is_some_and(|t| tiers.contains(&t)) {
                        why.push(format!(
                            "goods line {}: CHPL {} ({})",
                            h.line + 1,
                            h.entry,
                            h.label
                        ));
                        hit = true;
                    }
                }
                hit
            }
            Condition::GoodsList(lists) => found(
                f.goods_hits
                    .iter()
                    .filter(|h| lists.contains(&h.list))
                    .map(|h| {
                        format!(
                            "goods line {}: {} {} ({})",
                            h.line + 1,
                            h.list,
                            h.entry,
                            h.label
                        )
                    })
                    .collect(),
                why,
            ),
            Condition::GoodsHit(wanted) => {
                let mut lists: Vec<&str> = f.goods_hits.iter().map(|h| h.list.as_str()).collect();
                lists.dedup();
                let evidence =
                    (!lists.is_empty()).then(|| format!("goods with {} hits", lists.join("/")));
                as_wanted(*wanted, evidence.into_iter().collect(), why)
            }
            Condition::ChemicalByNumberOnly(wanted) => {
                as_wanted(*wanted, chemical_by_number_only(f.goods_hits), why)
            }
            Condition::DescriptionContradictsHs(wanted) => as_wanted(
                *wanted,
                description_contradicts_hs(s, f.goods_hits, f.declared_headings),
                why,
            ),
            Condition::VagueDescription(wanted) => {
                let vague = x.vague_lines();
                let all = !s.goods.is_empty() && vague.len() == s.goods.len();
                let evidence =
                    all.then(|| format!("goods described only as {}", vague.join(" / ")));
                as_wanted(*wanted, evidence.into_iter().collect(), why)
            }
            Condition::DescriptionContains(phrases) => {
                let mut hit = false;
                for i in 0..s.goods.len() {
                    let text = format!(" {} ", x.description(i));
                    if let Some(p) = phrases.iter().find(|p| text.contains(&format!(" {p} "))) {
                        why.push(format!("goods line {} says {p:?}", i + 1));
                        hit = true;
                    }
                }
                hit
            }
            Condition::PartyIs(role, facets) => {
                let mut hit = false;
                for (i, _) in s
                    .parties
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| p.role == *role)
                {
                    for facet in facets {
                        if let Some(what) = x.party_is(i, *facet) {
                            why.push(what);
                            hit = true;
                        }
                    }
                }
                hit
            }
            Condition::ConsigneeIsNotifyParty(wanted) => {
                let same = x
                    .consignee_is_notify_party()
                    .map(|name| format!("consignee and notify party are both {name:?}"));
                as_wanted(*wanted, same.into_iter().collect(), why)
            }
            Condition::PartyHit(lists) => found(
                f.party_hits
                    .iter()
                    .filter(|h| lists.is_empty() || lists.contains(&h.list))
                    .map(|h| {
                        format!(
                            "{} {:?} matches {} {} {:?} ({:.2})",
                            h.role.as_str().replace('_', " "),
                            h.party_name,
                            h.list,
                            h.entry_id,
                            h.entry_name,
                            h.score
                        )
                    })
                    .collect(),
                why,
            ),
            Condition::VesselHit(wanted) => as_wanted(
                *wanted,
                f.vessel_hits
                    .iter()
                    .map(|h| {
                        format!(
                            "vessel matches {} {} {:?}",
                            h.list, h.entry_id, h.entry_name
                        )
                    })
                    .collect(),
                why,
            ),
            Condition::VesselRenamedWithinDays(days) => match f.history {
                Some(history) => found(vessel_renamed(s, history, *days), why),
                None => false,
            },
            Condition::FirstTimeConsignee(wanted) => {
                let Some(known) = f.history else {
                    return false;
                };
                let mut first = Vec::new();
                for (i, p) in s.parties.iter().enumerate() {
                    if p.role != PartyRole::Consignee
                        || x.party_is(i, PartyFacet::ToOrder).is_some()
                    {
                        continue;
                    }
                    if !known.consignees.contains(x.name(i)) {
                        first.push(format!(
                            "consignee {:?} has no earlier shipment in the store",
                            p.name
                        ));
                    }
                }
                as_wanted(*wanted, first, why)
            }
            Condition::LoadedAwayFromShipper(except) => {
                let Some(pol) = s.routing.port_of_loading.as_deref() else {
                    return false;
                };
                let Some(loaded) = x.country_of(pol) else {
                    return false;
                };
                let mut hit = false;
                for p in s.parties_in(PartyRole::Shipper) {
                    if let Some(home) = party_place(p).and_then(|at| x.country_of(at))
                        && home.alpha2 != loaded.alpha2
                        && except.named(loaded.alpha2).is_none()
                    {
                        why.push(format!(
                            "shipper {:?} is in {} but the goods were loaded at {pol} ({}), not a transshipment hub",
                            p.name, home.name, loaded.name
                        ));
                        hit = true;
                    }
                }
                hit
            }
            Condition::VesselFlagIn(set) => {
                let flag = s
                    .conveyance
                    .as_ref()
                    .and_then(|c| c.flag.as_deref())
                    .and_then(country::lookup);
                match flag.and_then(|c| set.named(c.alpha2).map(|n| (c, n))) {
                    Some((c, named)) => {
                        why.push(format!(
                            "vessel flag {} ({}){}",
                            c.alpha2,
                            c.name,
                            via(named, c.alpha2)
                        ));
                        true
                    }
                    None => false,
                }
            }
            Condition::CheckDigitFails(kinds) => {
                let mut hit = false;
                if kinds.contains(&CheckKind::Container) {
                    for c in &s.containers {
                        if let Err(e) = checks::iso6346(&c.number) {
                            why.push(e);
                            hit = true;
                        }
                    }
                }
                if kinds.contains(&CheckKind::Imo)
                    && let Some(imo) = s.conveyance.as_ref().and_then(|c| c.imo.as_deref())
                    && let Err(e) = checks::imo_digits(imo)
                {
                    why.push(e);
                    hit = true;
                }
                hit
            }
            Condition::WeightPerPackageKg(range) => {
                let mut hit = false;
                for (i, line) in s.goods.iter().enumerate() {
                    let (Some(kg), Some(q)) = (line.gross_weight_kg, &line.quantity) else {
                        continue;
                    };
                    if q.value <= 0.0 || facts::is_weight_unit(q.unit.as_deref()) {
                        continue;
                    }
                    let per = kg / q.value;
                    let out = match (range.below, range.above) {
                        (Some(b), _) if per < b => Some(format!("below {b}")),
                        (_, Some(a)) if per > a => Some(format!("above {a}")),
                        _ => None,
                    };
                    if let Some(out) = out {
                        why.push(format!(
                            "goods line {}: {per:.1} kg per package ({out} kg)",
                            i + 1
                        ));
                        hit = true;
                    }
                }
                hit
            }
        }
    }
}

/// A predicate that holds when it found something: the findings are the evidence.
fn found(evidence: Vec<String>, why: &mut Vec<String>) -> bool {
    let any = !evidence.is_empty();
    why.extend(evidence);
    any
}

/// A yes/no predicate (`goods_hit = true`, `vessel_hit = false`): holds when whether anything
/// was found is what the rule wants; the findings are evidence only when it wants them.
fn as_wanted(wanted: bool, evidence: Vec<String>, why: &mut Vec<String>) -> bool {
    let any = !evidence.is_empty();
    if any && wanted {
        why.extend(evidence);
    }
    any == wanted
}

/// The CHPL tier number of an entry written `Tier 1`, `Tier 4.A`.
pub fn chpl_tier(entry: &str) -> Option<u8> {
    entry
        .strip_prefix("Tier ")?
        .chars()
        .next()?
        .to_digit(10)
        .and_then(|d| u8::try_from(d).ok())
}

fn via(named: &str, code: &str) -> String {
    if named == code {
        String::new()
    } else {
        format!(", in {named}")
    }
}

/// Where a party is: its country field, else the last line of its address.
fn party_place(p: &crate::model::Party) -> Option<&str> {
    p.country
        .as_deref()
        .filter(|c| !c.trim().is_empty())
        .or(p.address.last().map(String::as_str))
        .filter(|at| !at.trim().is_empty())
}

/// The final destination (else the consignee's country) in `set` and beyond the country of
/// the port of discharge: goods moving on from the hub.
fn onward_to(x: &ShipmentFacts<'_>, set: &CountrySet, why: &mut Vec<String>) -> bool {
    let s = x.shipment;
    let r = &s.routing;
    let hub = r
        .port_of_discharge
        .as_deref()
        .and_then(|p| x.country_of(p))
        .map(|c| c.alpha2);
    let beyond = r
        .final_destination
        .as_deref()
        .filter(|p| !p.trim().is_empty())
        .map(|p| (What::Place("final destination"), p))
        .or_else(|| {
            s.parties_in(PartyRole::Consignee).find_map(|p| {
                party_place(p).map(|at| (What::Party(PartyRole::Consignee, &p.name), at))
            })
        });
    let Some((what, p)) = beyond else {
        return false;
    };
    match x.country_of(p) {
        Some(c) if Some(c.alpha2) != hub => match set.named(c.alpha2) {
            Some(named) => {
                let from = r.port_of_discharge.as_deref().unwrap_or("the hub");
                why.push(format!(
                    "{what} {p} ({}{}), onward from {from}",
                    c.name,
                    via(named, c.alpha2)
                ));
                true
            }
            None => false,
        },
        _ => false,
    }
}

/// A place of the route, or a party's country, as the evidence names it.
#[derive(Clone, Copy)]
enum What<'a> {
    Place(&'static str),
    Party(PartyRole, &'a str),
}

impl std::fmt::Display for What<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            What::Place(p) => f.write_str(p),
            What::Party(role, name) => write!(f, "{} {name:?}", role.as_str().replace('_', " ")),
        }
    }
}

fn country_in(
    x: &ShipmentFacts<'_>,
    place: Place,
    set: &CountrySet,
    why: &mut Vec<String>,
) -> bool {
    let s = x.shipment;
    let r = &s.routing;
    if place == Place::Onward {
        return onward_to(x, set, why);
    }
    // The route's places and the parties' countries each kind of place reads.
    const DESTINATION: &[&str] = &["port of discharge", "final destination"];
    const ROUTE: &[&str] = &[
        "place of receipt",
        "port of loading",
        "transshipment",
        "port of discharge",
        "final destination",
    ];
    let (route, roles): (&[&str], &[PartyRole]) = match place {
        Place::Destination => (DESTINATION, &[PartyRole::Consignee, PartyRole::NotifyParty]),
        Place::FinalDestination => (&["final destination"], &[]),
        Place::Discharge => (&["port of discharge"], &[]),
        Place::Loading => (&["port of loading"], &[]),
        Place::Transshipment => (&["transshipment"], &[]),
        Place::Origin => (&["country of origin"], &[]),
        Place::Route => (ROUTE, &[]),
        Place::ConsigneeCountry => (&[], &[PartyRole::Consignee]),
        Place::ShipperCountry => (&[], &[PartyRole::Shipper]),
        Place::Onward => unreachable!("handled above"),
    };
    // What each place is, written out only for a place that matches.
    let mut places: Vec<(What<'_>, &str)> = Vec::new();
    for &what in route {
        let written: Vec<&str> = match what {
            "transshipment" => r.transshipment_ports.iter().map(String::as_str).collect(),
            "place of receipt" => r.place_of_receipt.as_deref().into_iter().collect(),
            "port of loading" => r.port_of_loading.as_deref().into_iter().collect(),
            "port of discharge" => r.port_of_discharge.as_deref().into_iter().collect(),
            "final destination" => r.final_destination.as_deref().into_iter().collect(),
            "country of origin" => r.country_of_origin.as_deref().into_iter().collect(),
            other => unreachable!("no route place {other:?}"),
        };
        places.extend(
            written
                .into_iter()
                .filter(|p| !p.trim().is_empty())
                .map(|p| (What::Place(what), p)),
        );
    }
    for &role in roles {
        for p in s.parties_in(role) {
            if let Some(at) = party_place(p) {
                places.push((What::Party(role, &p.name), at));
            }
        }
    }
    let mut hit = false;
    for (what, p) in places {
        if let Some(c) = x.country_of(p)
            && let Some(named) = set.named(c.alpha2)
        {
            why.push(format!("{what} {p} ({}{})", c.name, via(named, c.alpha2)));
            hit = true;
        }
    }
    hit
}

/// Lines whose description names goods (a lexicon phrase with the headings they are normally
/// declared under) while the declared HS code is under none of those headings: controlled
/// goods under an innocent heading, or an innocent description of controlled goods. One
/// finding per line, with the declared heading's text when the nomenclature is installed.
fn description_contradicts_hs(
    s: &crate::model::Shipment,
    goods_hits: &[GoodsHit],
    declared: &[DeclaredHeading],
) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let mut lines: Vec<usize> = goods_hits
        .iter()
        .filter(|h| !h.headings.is_empty() && matches!(h.evidence, GoodsEvidence::Keyword { .. }))
        .map(|h| h.line)
        .collect();
    lines.sort_unstable();
    lines.dedup();
    for line in lines {
        let Some(goods) = s.goods.get(line) else {
            continue;
        };
        let Some(code) = goods.hs_code.as_ref() else {
            continue;
        };
        // A line that names several kinds of goods fits when the code is under any of their
        // headings ("GNSS MODULE WITH ACCELEROMETER" under 8526 is not a contradiction).
        // A phrase after "for" names what the goods are for, not the goods ("machines for
        // the manufacture of integrated circuits", declared under 8486 as they should be).
        let described = crate::text::fold_text(&goods.description);
        let named: Vec<&GoodsHit> = goods_hits
            .iter()
            .filter(|h| {
                h.line == line
                    && !h.headings.is_empty()
                    && matches!(&h.evidence, GoodsEvidence::Keyword { phrase, field }
                        if !(field == "description" && names_a_purpose(&described, phrase)))
            })
            .collect();
        if named.is_empty() {
            continue;
        }
        if named
            .iter()
            .flat_map(|h| &h.headings)
            .any(|h| code.digits().starts_with(h.as_str()))
        {
            continue;
        }
        let hit = named[0];
        let GoodsEvidence::Keyword { phrase, .. } = &hit.evidence else {
            continue;
        };
        let mut normal: Vec<&str> = named
            .iter()
            .flat_map(|h| &h.headings)
            .filter(|h| h.len() == 4)
            .map(String::as_str)
            .collect();
        normal.sort_unstable();
        normal.dedup();
        let text = declared
            .iter()
            .find(|d| d.line == line)
            .and_then(|d| d.texts.last())
            .map(|(_, t)| format!(" \"{}\"", crate::text::width::truncate(t, 70)))
            .unwrap_or_default();
        found.push(format!(
            "goods line {}: the description reads as {} (\"{phrase}\", normally HS {}) but the \
             declared HS {}{text} is not under those headings",
            line + 1,
            hit.label
                .split(" (")
                .next()
                .unwrap_or(&hit.label)
                .to_lowercase(),
            normal.join("/"),
            code.dotted(),
        ));
    }
    found
}

/// Words that introduce what goods are for, in the lexicon's languages (folded).
const PURPOSE_WORDS: [&str; 4] = ["FOR", "POUR", "PARA", "DLYA"];

/// True when `phrase` first occurs in `described` (both folded) after a word of purpose.
fn names_a_purpose(described: &str, phrase: &str) -> bool {
    let Some(at) = described.find(phrase) else {
        return false;
    };
    described[..at]
        .split(' ')
        .any(|w| PURPOSE_WORDS.contains(&w))
}

/// A controlled chemical found by CAS or UN number on a line whose description does not name
/// it: the classic disguise ("INDUSTRIAL SOLVENT").
fn chemical_by_number_only(goods_hits: &[GoodsHit]) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for hit in goods_hits {
        let number = match &hit.evidence {
            GoodsEvidence::CasNumber { cas, .. } => format!("CAS {cas}"),
            GoodsEvidence::UnNumber { un_number, .. } => format!("UN {un_number}"),
            _ => continue,
        };
        let named = goods_hits.iter().any(|h| {
            h.line == hit.line
                && h.entry == hit.entry
                && matches!(h.evidence, GoodsEvidence::Keyword { .. })
        });
        let text = format!(
            "goods line {} declares {number} ({}) without naming it",
            hit.line + 1,
            hit.label
        );
        if !named && !found.contains(&text) {
            found.push(text);
        }
    }
    found
}
