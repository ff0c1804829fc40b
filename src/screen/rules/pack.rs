//! Rule packs: TOML files a targeting unit writes, read whole or refused whole.
//!
//! A pack has a header (`[pack]`: id, version, title, owner), named groups
//! (`[groups.countries]`, `[groups.hs]`) and rules (`[[rule]]`). Every error names the file and
//! line: a misspelt field, an unknown predicate, a country or group that does not exist, a
//! date that is not a date. A pack with one error is not loaded at all.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use crate::country;
use crate::model::{Lane, PartyRole};

use super::condition::{CheckKind, Condition, CountrySet, HsSet, Place, WeightRange};
use super::facts::PartyFacet;

/// A pack that could not be read, with where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct PackError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

/// One rule, ready to run.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub id: String,
    pub title: String,
    pub owner: String,
    pub source: String,
    pub instruction: String,
    pub valid_from: Option<chrono::NaiveDate>,
    pub valid_until: Option<chrono::NaiveDate>,
    pub points: u32,
    pub lane: Option<Lane>,
    pub when: Condition,
    /// The condition as the pack writes it, for `rules show`.
    pub written: String,
    /// The line of the rule's `[[rule]]` in its file.
    pub line: usize,
}

impl Rule {
    /// Whether the rule is in force on `day`.
    pub fn in_force(&self, day: chrono::NaiveDate) -> bool {
        self.valid_from.is_none_or(|f| f <= day) && self.valid_until.is_none_or(|u| day <= u)
    }
}

/// A pack as loaded.
#[derive(Debug, Clone, PartialEq)]
pub struct RulePack {
    pub id: String,
    pub version: String,
    pub title: String,
    pub owner: String,
    /// Where it was read from (`builtin` for the pack compiled in).
    pub file: String,
    pub country_groups: BTreeMap<String, Vec<String>>,
    pub hs_groups: BTreeMap<String, Vec<String>>,
    pub rules: Vec<Rule>,
}

impl RulePack {
    /// `id@version`, as assessments record it.
    pub fn label(&self) -> String {
        format!("{}@{}", self.id, self.version)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPack {
    pack: RawHeader,
    #[serde(default)]
    groups: RawGroups,
    #[serde(default)]
    rule: Vec<Spanned<RawRule>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHeader {
    id: String,
    version: String,
    title: String,
    owner: String,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct RawGroups {
    countries: BTreeMap<String, Vec<String>>,
    hs: BTreeMap<String, Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: String,
    title: String,
    owner: Option<String>,
    source: String,
    instruction: String,
    valid_from: Option<String>,
    valid_until: Option<String>,
    #[serde(default)]
    points: u32,
    lane: Option<Lane>,
    when: Spanned<RawCondition>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
enum RawCondition {
    All(Vec<RawCondition>),
    Any(Vec<RawCondition>),
    Not(Box<RawCondition>),
    DestinationIn(Vec<String>),
    FinalDestinationIn(Vec<String>),
    DischargeIn(Vec<String>),
    LoadingIn(Vec<String>),
    TransshipmentIn(Vec<String>),
    OriginIn(Vec<String>),
    RouteIn(Vec<String>),
    OnwardTo(Vec<String>),
    ConsigneeCountryIn(Vec<String>),
    LoadedAwayFromShipper(RawAway),
    ShipperCountryIn(Vec<String>),
    HsPrefix(Vec<String>),
    ChplTier(Vec<u8>),
    GoodsList(Vec<String>),
    GoodsHit(bool),
    ChemicalByNumberOnly(bool),
    DescriptionContradictsHs(bool),
    VagueDescription(bool),
    DescriptionContains(Vec<String>),
    ConsigneeIs(Vec<PartyFacet>),
    NotifyPartyIs(Vec<PartyFacet>),
    ConsigneeIsNotifyParty(bool),
    FirstTimeConsignee(bool),
    VesselRenamedWithinDays(u32),
    PartyHit(Vec<String>),
    VesselHit(bool),
    VesselFlagIn(Vec<String>),
    CheckDigitFails(Vec<RawCheck>),
    WeightPerPackageKg(RawRange),
}

#[derive(Deserialize, Debug, Clone, Copy)]
#[serde(rename_all = "snake_case")]
enum RawCheck {
    Container,
    Imo,
}

/// `loaded_away_from_shipper = { except = ["transshipment-hubs"] }`.
#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
struct RawAway {
    #[serde(default)]
    except: Vec<String>,
}

#[derive(Deserialize, Debug, Clone, Copy)]
#[serde(deny_unknown_fields)]
struct RawRange {
    below: Option<f64>,
    above: Option<f64>,
}

/// The line (1-based) of byte `offset` in `text`.
fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// Groups a pack may use besides its own: the built-in pack's.
#[derive(Debug, Clone, Default)]
pub struct SharedGroups {
    pub countries: BTreeMap<String, Vec<String>>,
    pub hs: BTreeMap<String, Vec<String>>,
}

impl SharedGroups {
    /// The groups a pack defines.
    pub fn of(pack: &RulePack) -> Self {
        SharedGroups {
            countries: pack.country_groups.clone(),
            hs: pack.hs_groups.clone(),
        }
    }
}

/// Reads a pack from `text`, named `file` in errors. `shared` holds the groups of packs
/// loaded before it (the built-in pack's), which this pack may use but not redefine.
pub fn parse(file: &str, text: &str, shared: &SharedGroups) -> Result<RulePack, PackError> {
    let err = |offset: usize, message: String| PackError {
        file: file.to_string(),
        line: line_of(text, offset),
        message,
    };
    let raw: RawPack = toml::from_str(text).map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start);
        err(offset, e.message().trim().to_string())
    })?;
    let header_at = text.find("[pack]").unwrap_or(0);
    for (field, value) in [
        ("id", &raw.pack.id),
        ("version", &raw.pack.version),
        ("title", &raw.pack.title),
        ("owner", &raw.pack.owner),
    ] {
        if value.trim().is_empty() {
            return Err(err(header_at, format!("pack {field} is empty")));
        }
    }
    if !is_id(&raw.pack.id) {
        return Err(err(
            header_at,
            format!(
                "pack id {:?}: use lower-case letters, digits and hyphens",
                raw.pack.id
            ),
        ));
    }

    // Groups: the pack's own, checked, then usable with the shared ones. A group may name
    // countries and other groups, in any order, but not itself through others.
    let mut countries = shared.countries.clone();
    for name in raw.groups.countries.keys() {
        if countries.contains_key(name) {
            return Err(err(
                find_after(text, 0, name),
                format!("country group {name:?} is already defined by the built-in pack"),
            ));
        }
    }
    for name in raw.groups.countries.keys() {
        let codes = country_group(name, &raw.groups.countries, &countries, &mut Vec::new())
            .map_err(|(token, message)| {
                err(find_after(text, find_after(text, 0, name), &token), message)
            })?;
        countries.insert(name.clone(), codes);
    }
    let mut hs = shared.hs.clone();
    for (name, members) in &raw.groups.hs {
        let at = find_after(text, 0, name);
        if hs.contains_key(name) {
            return Err(err(
                at,
                format!("HS group {name:?} is already defined by the built-in pack"),
            ));
        }
        let mut prefixes = Vec::new();
        for m in members {
            match hs_prefix(m) {
                Some(p) => prefixes.push(p),
                None => {
                    return Err(err(
                        find_after(text, at, m),
                        format!("HS group {name:?}: {m:?} is not an HS prefix (2 to 10 digits)"),
                    ));
                }
            }
        }
        hs.insert(name.clone(), prefixes);
    }
    let groups = SharedGroups { countries, hs };

    let mut rules: Vec<Rule> = Vec::new();
    for spanned in &raw.rule {
        let start = spanned.span().start;
        let r = spanned.get_ref();
        let line = line_of(text, start);
        let at_rule = |message: String| PackError {
            file: file.to_string(),
            line,
            message,
        };
        if !is_id(&r.id) {
            return Err(at_rule(format!(
                "rule id {:?}: use lower-case letters, digits and hyphens",
                r.id
            )));
        }
        if rules.iter().any(|x| x.id == r.id) {
            return Err(at_rule(format!(
                "rule id {:?} is used twice in this pack",
                r.id
            )));
        }
        for (field, value) in [
            ("title", &r.title),
            ("source", &r.source),
            ("instruction", &r.instruction),
        ] {
            if value.trim().is_empty() {
                return Err(at_rule(format!(
                    "rule {:?}: {field} is empty (every rule says what it is, where it comes from and what the examiner does)",
                    r.id
                )));
            }
        }
        if r.points == 0 && r.lane.is_none() {
            return Err(at_rule(format!(
                "rule {:?} gives no points and no lane: it would change nothing",
                r.id
            )));
        }
        let date =
            |field: &str, value: &Option<String>| -> Result<Option<chrono::NaiveDate>, PackError> {
                value
                    .as_deref()
                    .map(|v| {
                        chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d").map_err(|_| PackError {
                            file: file.to_string(),
                            line: line_of(text, find_after(text, start, v)),
                            message: format!(
                                "rule {:?}: {field} {v:?} is not a date (YYYY-MM-DD)",
                                r.id
                            ),
                        })
                    })
                    .transpose()
            };
        let valid_from = date("valid_from", &r.valid_from)?;
        let valid_until = date("valid_until", &r.valid_until)?;
        if let (Some(f), Some(u)) = (valid_from, valid_until)
            && u < f
        {
            return Err(at_rule(format!(
                "rule {:?}: valid_until {u} is before valid_from {f}",
                r.id
            )));
        }
        let when_at = r.when.span().start;
        let when = compile(r.when.get_ref(), &groups).map_err(|(token, message)| PackError {
            file: file.to_string(),
            line: line_of(
                text,
                token.map_or(when_at, |t| find_after(text, when_at, &t)),
            ),
            message: format!("rule {:?}: {message}", r.id),
        })?;
        rules.push(Rule {
            id: r.id.clone(),
            title: r.title.trim().to_string(),
            owner: r.owner.clone().unwrap_or_else(|| raw.pack.owner.clone()),
            source: r.source.trim().to_string(),
            instruction: r.instruction.trim().to_string(),
            valid_from,
            valid_until,
            points: r.points,
            lane: r.lane,
            when,
            written: text[r.when.span()].to_string(),
            line,
        });
    }
    Ok(RulePack {
        id: raw.pack.id,
        version: raw.pack.version,
        title: raw.pack.title,
        owner: raw.pack.owner,
        file: file.to_string(),
        country_groups: raw
            .groups
            .countries
            .keys()
            .map(|k| (k.clone(), groups.countries[k].clone()))
            .collect(),
        hs_groups: raw
            .groups
            .hs
            .keys()
            .map(|k| (k.clone(), groups.hs[k].clone()))
            .collect(),
        rules,
    })
}

fn is_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Where `token` is written, quoted, at or after `from`; `from` when it is not found.
fn find_after(text: &str, from: usize, token: &str) -> usize {
    let from = from.min(text.len());
    text[from..]
        .find(&format!("\"{token}\""))
        .or_else(|| text[from..].find(token))
        .map_or(from, |i| from + i)
}

/// The country codes of the pack's group `name`, through the groups it names.
fn country_group(
    name: &str,
    own: &BTreeMap<String, Vec<String>>,
    shared: &BTreeMap<String, Vec<String>>,
    path: &mut Vec<String>,
) -> Result<Vec<String>, (String, String)> {
    if path.iter().any(|p| p == name) {
        return Err((
            name.to_string(),
            format!(
                "country group {name:?} contains itself ({} -> {name})",
                path.join(" -> ")
            ),
        ));
    }
    path.push(name.to_string());
    let mut codes = Vec::new();
    for m in &own[name] {
        if let Some(c) = country::lookup(m) {
            codes.push(c.alpha2.to_string());
        } else if own.contains_key(m) {
            codes.extend(country_group(m, own, shared, path)?);
        } else if let Some(inner) = shared.get(m) {
            codes.extend(inner.iter().cloned());
        } else {
            return Err((
                m.clone(),
                format!("country group {name:?}: {m:?} is neither a country nor a group"),
            ));
        }
    }
    path.pop();
    codes.sort();
    codes.dedup();
    Ok(codes)
}

/// HS digits from `8458`, `8458.11`, `84 58`.
fn hs_prefix(text: &str) -> Option<String> {
    let digits: String = text
        .chars()
        .filter(|c| !matches!(c, '.' | ' ' | '-'))
        .collect();
    ((2..=10).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()))
        .then_some(digits)
}

type CompileError = (Option<String>, String);

fn countries(items: &[String], groups: &SharedGroups) -> Result<CountrySet, CompileError> {
    let mut set = BTreeMap::new();
    for item in items {
        if let Some(members) = groups.countries.get(item) {
            for code in members {
                set.entry(code.clone()).or_insert_with(|| item.clone());
            }
        } else if let Some(c) = country::lookup(item) {
            set.insert(c.alpha2.to_string(), c.alpha2.to_string());
        } else {
            let known: Vec<&str> = groups.countries.keys().map(String::as_str).collect();
            return Err((
                Some(item.clone()),
                format!(
                    "{item:?} is neither a country nor a country group (groups: {})",
                    known.join(", ")
                ),
            ));
        }
    }
    if set.is_empty() {
        return Err((None, "an empty list of countries matches nothing".into()));
    }
    Ok(CountrySet(set))
}

fn compile(raw: &RawCondition, groups: &SharedGroups) -> Result<Condition, CompileError> {
    let place = |place: Place, items: &[String]| -> Result<Condition, CompileError> {
        Ok(Condition::Country(place, countries(items, groups)?))
    };
    let nonempty = |what: &str, n: usize| -> Result<(), CompileError> {
        if n == 0 {
            Err((None, format!("{what}: an empty list matches nothing")))
        } else {
            Ok(())
        }
    };
    Ok(match raw {
        RawCondition::All(parts) | RawCondition::Any(parts) => {
            nonempty("all/any", parts.len())?;
            let parts = parts
                .iter()
                .map(|p| compile(p, groups))
                .collect::<Result<Vec<_>, _>>()?;
            if matches!(raw, RawCondition::All(_)) {
                Condition::All(parts)
            } else {
                Condition::Any(parts)
            }
        }
        RawCondition::Not(inner) => Condition::Not(Box::new(compile(inner, groups)?)),
        RawCondition::DestinationIn(c) => place(Place::Destination, c)?,
        RawCondition::FinalDestinationIn(c) => place(Place::FinalDestination, c)?,
        RawCondition::DischargeIn(c) => place(Place::Discharge, c)?,
        RawCondition::LoadingIn(c) => place(Place::Loading, c)?,
        RawCondition::TransshipmentIn(c) => place(Place::Transshipment, c)?,
        RawCondition::OriginIn(c) => place(Place::Origin, c)?,
        RawCondition::RouteIn(c) => place(Place::Route, c)?,
        RawCondition::OnwardTo(c) => place(Place::Onward, c)?,
        RawCondition::ConsigneeCountryIn(c) => place(Place::ConsigneeCountry, c)?,
        RawCondition::LoadedAwayFromShipper(away) => {
            Condition::LoadedAwayFromShipper(if away.except.is_empty() {
                CountrySet::default()
            } else {
                countries(&away.except, groups)?
            })
        }
        RawCondition::ShipperCountryIn(c) => place(Place::ShipperCountry, c)?,
        RawCondition::VesselFlagIn(c) => Condition::VesselFlagIn(countries(c, groups)?),
        RawCondition::HsPrefix(items) => {
            nonempty("hs_prefix", items.len())?;
            let mut set = Vec::new();
            for item in items {
                if let Some(members) = groups.hs.get(item) {
                    set.extend(members.iter().map(|p| (p.clone(), item.clone())));
                } else if let Some(p) = hs_prefix(item) {
                    set.push((p.clone(), p));
                } else {
                    let known: Vec<&str> = groups.hs.keys().map(String::as_str).collect();
                    return Err((
                        Some(item.clone()),
                        format!(
                            "{item:?} is neither an HS prefix (2 to 10 digits) nor an HS group (groups: {})",
                            known.join(", ")
                        ),
                    ));
                }
            }
            Condition::HsPrefix(HsSet(set))
        }
        RawCondition::ChplTier(tiers) => {
            nonempty("chpl_tier", tiers.len())?;
            if let Some(t) = tiers.iter().find(|t| !(1..=4).contains(*t)) {
                return Err((
                    Some(t.to_string()),
                    format!("chpl_tier {t}: the CHPL has tiers 1 to 4"),
                ));
            }
            Condition::ChplTier(tiers.clone())
        }
        RawCondition::GoodsList(lists) => {
            nonempty("goods_list", lists.len())?;
            Condition::GoodsList(lists.iter().map(|l| l.trim().to_uppercase()).collect())
        }
        RawCondition::GoodsHit(b) => Condition::GoodsHit(*b),
        RawCondition::ChemicalByNumberOnly(b) => Condition::ChemicalByNumberOnly(*b),
        RawCondition::DescriptionContradictsHs(b) => Condition::DescriptionContradictsHs(*b),
        RawCondition::VagueDescription(b) => Condition::VagueDescription(*b),
        RawCondition::DescriptionContains(phrases) => {
            nonempty("description_contains", phrases.len())?;
            let folded: Vec<String> = phrases.iter().map(|p| crate::text::fold_text(p)).collect();
            if let Some((i, _)) = folded.iter().enumerate().find(|(_, f)| f.is_empty()) {
                return Err((
                    Some(phrases[i].clone()),
                    "a phrase without letters or digits matches nothing".into(),
                ));
            }
            Condition::DescriptionContains(folded)
        }
        RawCondition::ConsigneeIs(f) => {
            nonempty("consignee_is", f.len())?;
            Condition::PartyIs(PartyRole::Consignee, f.clone())
        }
        RawCondition::NotifyPartyIs(f) => {
            nonempty("notify_party_is", f.len())?;
            Condition::PartyIs(PartyRole::NotifyParty, f.clone())
        }
        RawCondition::ConsigneeIsNotifyParty(b) => Condition::ConsigneeIsNotifyParty(*b),
        RawCondition::FirstTimeConsignee(b) => Condition::FirstTimeConsignee(*b),
        RawCondition::VesselRenamedWithinDays(days) => {
            if *days == 0 {
                return Err((
                    Some("0".into()),
                    "vessel_renamed_within_days 0 is never true: give a number of days".into(),
                ));
            }
            Condition::VesselRenamedWithinDays(*days)
        }
        RawCondition::PartyHit(lists) => Condition::PartyHit(lists.clone()),
        RawCondition::VesselHit(b) => Condition::VesselHit(*b),
        RawCondition::CheckDigitFails(kinds) => {
            nonempty("check_digit_fails", kinds.len())?;
            Condition::CheckDigitFails(
                kinds
                    .iter()
                    .map(|k| match k {
                        RawCheck::Container => CheckKind::Container,
                        RawCheck::Imo => CheckKind::Imo,
                    })
                    .collect(),
            )
        }
        RawCondition::WeightPerPackageKg(r) => {
            if r.below.is_none() && r.above.is_none() {
                return Err((
                    None,
                    "weight_per_package_kg needs below, above or both".into(),
                ));
            }
            if [r.below, r.above]
                .iter()
                .flatten()
                .any(|v| !v.is_finite() || *v < 0.0)
            {
                return Err((
                    None,
                    "weight_per_package_kg bounds are kilograms, 0 or more".into(),
                ));
            }
            Condition::WeightPerPackageKg(WeightRange {
                below: r.below,
                above: r.above,
            })
        }
    })
}
