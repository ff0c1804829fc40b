//! Reader for OpenSanctions FollowTheMoney (FtM) entities, one JSON object per line, into the
//! `OPENSANCTIONS` list.
//!
//! Only listed parties are screened: entities with `"target": true` whose schema is a
//! person, organisation, vessel or aircraft (`Person`, `Company`, `Organization`,
//! `PublicBody`, `LegalEntity`, `Vessel`, `Airplane`). Everything else (sanctions, addresses,
//! ownerships, family ties, passports, non-target companies) is not an entry but is counted
//! ([`FtmLoad::not_screened`]) and used where it adds to an entry: a `Sanction`'s `program` and
//! `authority` are attached to the entity it names, an `Address` entity's full text and country
//! to the entities that point at it, and relationship entities (`Ownership`, `Directorship`,
//! `Family`, ...) give linked-to names. Because those entities may come before or after their
//! target, they are attached after the whole file is read. Property values are lists of
//! strings; the `caption` (OpenSanctions' display name, one of the `name` values) is the
//! primary name, other `name` and `alias` values are strong aliases (non-Latin ones of kind
//! `original-script`), `previousName` is `fka`, `weakAlias` is weak. A line that is not a JSON
//! entity is reported with its line number and the rest still loads, except a last line cut in
//! the middle of its JSON: that file is truncated and refused. The version is the latest
//! `last_change` in the file, else the file date. This module does not match names.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;
use serde_json::Value;

use super::{
    Alias, EntryFacts, ListEntry, ListError, ListFormat, Problem, WatchList, country_code,
    push_unique,
};
use crate::model::EntityKind;
use crate::source::Source;

/// The list name of OpenSanctions entities.
pub const LIST_NAME: &str = "OPENSANCTIONS";

/// Properties copied to `details` under their FtM names.
const DETAIL_PROPERTIES: [&str; 16] = [
    "position",
    "birthPlace",
    "gender",
    "registrationNumber",
    "innCode",
    "ogrnCode",
    "taxNumber",
    "idNumber",
    "passportNumber",
    "leiCode",
    "legalForm",
    "incorporationDate",
    "mmsi",
    "callSign",
    "type",
    "tonnage",
];

/// Relationship schemata and the two properties naming their ends.
const RELATIONS: [(&str, &str, &str); 8] = [
    ("Ownership", "owner", "asset"),
    ("Directorship", "director", "organization"),
    ("Family", "person", "relative"),
    ("Associate", "person", "associate"),
    ("Employment", "employee", "employer"),
    ("Membership", "member", "organization"),
    ("Representation", "agent", "client"),
    ("UnknownLink", "subject", "object"),
];

/// True when the first line is a JSON object with FtM's `schema` and `properties` keys.
pub fn looks_like(head: &str) -> bool {
    let first = head.lines().next().unwrap_or("");
    first.starts_with('{') && first.contains("\"schema\"") && first.contains("\"properties\"")
}

/// Reads an FtM JSON-lines file into the `OPENSANCTIONS` list.
pub fn read(source: &Source) -> Result<Vec<WatchList>, ListError> {
    Ok(vec![load(source)?.list])
}

/// An FtM file read: the list of screened entities and what else the file held.
#[derive(Debug, Clone)]
pub struct FtmLoad {
    pub list: WatchList,
    /// Entities that are not list entries, by schema (`Sanction`, `Address`, ...); targets of
    /// screenable schemata are never here, non-targets are counted as `Company (not a target)`.
    pub not_screened: BTreeMap<String, usize>,
}

/// The FtM entity envelope; properties stay loose because every value is a list of strings
/// in principle but a stray scalar must not reject the line.
#[derive(Debug, Deserialize)]
struct Entity {
    id: String,
    #[serde(default)]
    caption: Option<String>,
    schema: String,
    #[serde(default)]
    properties: BTreeMap<String, Value>,
    #[serde(default)]
    datasets: Vec<String>,
    /// Source ids merged into this entity; other entities may still point at them.
    #[serde(default)]
    referents: Vec<String>,
    #[serde(default)]
    target: Option<bool>,
    #[serde(default)]
    first_seen: Option<String>,
    #[serde(default)]
    last_change: Option<String>,
}

impl Entity {
    /// The entity's id, then the source ids merged into it.
    fn ids(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.id.as_str()).chain(self.referents.iter().map(String::as_str))
    }

    /// The string values of a property, trimmed, empty ones dropped.
    fn values(&self, prop: &str) -> Vec<&str> {
        let strings: Vec<&str> = match self.properties.get(prop) {
            Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
            Some(Value::String(s)) => vec![s.as_str()],
            _ => Vec::new(),
        };
        strings
            .into_iter()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .collect()
    }
}

/// What a `Sanction` entity says about the entity it names.
struct SanctionFacts {
    target: String,
    programs: Vec<String>,
    authorities: Vec<String>,
}

fn screened_kind(schema: &str) -> Option<EntityKind> {
    match schema {
        "Person" => Some(EntityKind::Person),
        "Company" | "Organization" | "PublicBody" | "LegalEntity" => Some(EntityKind::Organization),
        "Vessel" => Some(EntityKind::Vessel),
        "Airplane" => Some(EntityKind::Aircraft),
        _ => None,
    }
}

/// What the first pass over an FtM file collects: the screened entries and what the other
/// entities say about them, attached in the second pass ([`Collected::attach`]).
#[derive(Default)]
struct Collected {
    entries: Vec<ListEntry>,
    /// Entity id (and merged source ids) to entry position.
    entry_of: HashMap<String, usize>,
    address_refs: Vec<(usize, Vec<String>)>,
    /// Address entity id to its full texts and country codes.
    addresses: HashMap<String, (Vec<String>, Vec<String>)>,
    sanctions: Vec<SanctionFacts>,
    relations: Vec<(String, String)>,
    captions: HashMap<String, String>,
    not_screened: BTreeMap<String, usize>,
    latest_change: Option<String>,
}

/// Reads an FtM file, keeping count of the entities that are not entries.
pub fn load(source: &Source) -> Result<FtmLoad, ListError> {
    let (text, mut problems) = super::list_text(source);
    let mut collected = Collected::default();
    let whole = text.as_str();
    for (i, text) in whole.lines().enumerate() {
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        let at = format!("{}:{}", source.label, i + 1);
        let entity: Entity = match serde_json::from_str(text) {
            Ok(e) => e,
            Err(e) if e.is_eof() && is_last_line(whole, text) => {
                return Err(ListError::Truncated {
                    location: at,
                    what: format!("the last line is JSON cut in the middle ({e})"),
                });
            }
            Err(e) => {
                problems.push(Problem::error(
                    at,
                    format!("not an FtM entity (JSON object with id and schema): {e}; skipped"),
                ));
                continue;
            }
        };
        collected.take(entity, at, &mut problems);
    }
    let (entries, latest_change, not_screened) = collected.attach();
    if entries.is_empty() {
        return Err(ListError::Empty {
            path: source.label.clone(),
            hint: " (no FtM entity with \"target\": true of a person, organisation, vessel or \
                   aircraft schema)"
                .into(),
        });
    }
    let version = latest_change.unwrap_or_else(|| super::file_version(source));
    Ok(FtmLoad {
        list: WatchList {
            name: LIST_NAME.into(),
            format: ListFormat::OpenSanctionsFtm,
            version,
            content_hash: source.sha256(),
            files: vec![source.label.clone()],
            entries,
            problems,
        },
        not_screened,
    })
}

impl Collected {
    /// Takes one entity of the file: a screened target becomes an entry; a sanction, address
    /// or relation is kept for the second pass; anything else is counted.
    fn take(&mut self, entity: Entity, at: String, problems: &mut Vec<Problem>) {
        if let Some(date) = entity.last_change.as_deref().and_then(iso_date)
            && self
                .latest_change
                .as_deref()
                .is_none_or(|l| date.as_str() > l)
        {
            self.latest_change = Some(date);
        }
        if let Some(caption) = entity.caption.as_deref().filter(|c| !c.trim().is_empty()) {
            for id in entity.ids() {
                self.captions
                    .insert(id.to_string(), caption.trim().to_string());
            }
        }
        let target = entity.target.unwrap_or(false);
        match (screened_kind(&entity.schema), target) {
            (Some(kind), true) => return self.take_target(&entity, kind, at, problems),
            (Some(_), false) => {
                *self
                    .not_screened
                    .entry(format!("{} (not a target)", entity.schema))
                    .or_default() += 1;
            }
            (None, _) => *self.not_screened.entry(entity.schema.clone()).or_default() += 1,
        }
        let owned = |prop| -> Vec<String> {
            entity
                .values(prop)
                .into_iter()
                .map(str::to_string)
                .collect()
        };
        match entity.schema.as_str() {
            "Sanction" => {
                for target in entity.values("entity") {
                    self.sanctions.push(SanctionFacts {
                        target: target.to_string(),
                        programs: owned("program"),
                        authorities: owned("authority"),
                    });
                }
            }
            "Address" => {
                let countries = entity
                    .values("country")
                    .into_iter()
                    .filter_map(country_code)
                    .collect();
                let address: (Vec<String>, Vec<String>) = (owned("full"), countries);
                for id in entity.ids() {
                    self.addresses.insert(id.to_string(), address.clone());
                }
            }
            schema => {
                if let Some((_, a, b)) = RELATIONS.iter().find(|(s, _, _)| *s == schema) {
                    for left in entity.values(a) {
                        for right in entity.values(b) {
                            self.relations.push((left.to_string(), right.to_string()));
                        }
                    }
                }
            }
        }
    }

    /// A screened target as an entry; one without a name is reported and skipped.
    fn take_target(
        &mut self,
        entity: &Entity,
        kind: EntityKind,
        at: String,
        problems: &mut Vec<Problem>,
    ) {
        let Some(entry) = entry_from(entity, kind) else {
            problems.push(Problem::error(
                at,
                format!("{} {} has no name; skipped", entity.schema, entity.id),
            ));
            return;
        };
        let refs: Vec<String> = entity
            .values("addressEntity")
            .into_iter()
            .map(str::to_string)
            .collect();
        if !refs.is_empty() {
            self.address_refs.push((self.entries.len(), refs));
        }
        for id in entity.ids() {
            self.entry_of
                .entry(id.to_string())
                .or_insert(self.entries.len());
        }
        self.entries.push(entry);
    }

    /// Second pass: attaches what the other entities say about the screened ones, in file
    /// order; gives the entries, the latest change date and the not-screened counts.
    fn attach(self) -> (Vec<ListEntry>, Option<String>, BTreeMap<String, usize>) {
        let Collected {
            mut entries,
            entry_of,
            address_refs,
            addresses,
            sanctions,
            relations,
            captions,
            not_screened,
            latest_change,
        } = self;
        let mut authorities: Vec<Vec<String>> = vec![Vec::new(); entries.len()];
        for sanction in sanctions {
            let Some(&i) = entry_of.get(&sanction.target) else {
                continue;
            };
            for program in sanction.programs {
                push_unique(&mut entries[i].programs, program);
            }
            for authority in sanction.authorities {
                push_unique(&mut authorities[i], authority);
            }
        }
        for (entry, authorities) in entries.iter_mut().zip(authorities) {
            if !authorities.is_empty() {
                entry
                    .details
                    .insert("authority".into(), authorities.join("; "));
            }
        }
        for (i, refs) in address_refs {
            for (full, countries) in refs.iter().filter_map(|r| addresses.get(r)) {
                for text in full {
                    push_unique(&mut entries[i].addresses, text.clone());
                }
                for code in countries {
                    push_unique(&mut entries[i].countries, code.clone());
                }
            }
        }
        for (left, right) in relations {
            for (from, to) in [(&left, &right), (&right, &left)] {
                let Some(&i) = entry_of.get(from) else {
                    continue;
                };
                // Two ids merged into one entity are not a relation between two parties.
                if entry_of.get(to) == Some(&i) {
                    continue;
                }
                if let Some(name) = captions.get(to) {
                    push_unique(&mut entries[i].facts.linked_to, name.clone());
                }
            }
        }
        // One order however the file lists its sanctions, so list diffs stay quiet.
        for entry in &mut entries {
            entry.programs.sort();
        }
        (entries, latest_change, not_screened)
    }
}

/// True when nothing but white space follows `line`, a slice of `whole`.
fn is_last_line(whole: &str, line: &str) -> bool {
    let end = line.as_ptr() as usize - whole.as_ptr() as usize + line.len();
    whole.get(end..).is_some_and(|rest| rest.trim().is_empty())
}

/// The `YYYY-MM-DD` part of an FtM timestamp.
fn iso_date(stamp: &str) -> Option<String> {
    super::dates::iso_date(stamp)
}

/// True when a name holds letters outside the Latin script (Cyrillic, Arabic, CJK, ...).
fn is_non_latin(name: &str) -> bool {
    name.chars().any(|c| {
        c.is_alphabetic()
            && !c.is_ascii()
            && !matches!(c, '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}')
    })
}

/// A screened entity as a list entry; `None` when it has no name at all.
fn entry_from(entity: &Entity, kind: EntityKind) -> Option<ListEntry> {
    let names = entity.values("name");
    let caption = entity.caption.as_deref().map(str::trim).unwrap_or("");
    let primary = if caption.is_empty() {
        names
            .first()
            .copied()
            .or_else(|| entity.values("alias").first().copied())?
            .to_string()
    } else {
        caption.to_string()
    };
    let (aliases, weak_aliases) = entity_aliases(entity, &names, &primary);
    let (countries, facts) = entity_places_and_facts(entity);
    let mut programs = Vec::new();
    for program in entity.values("programId") {
        push_unique(&mut programs, program.to_string());
    }
    let mut addresses = Vec::new();
    for address in entity.values("address") {
        push_unique(&mut addresses, address.to_string());
    }
    let notes = entity.values("notes");
    Some(
        ListEntry::builder(entity.id.clone(), kind, primary)
            .aliases(aliases)
            .weak_aliases(weak_aliases)
            .programs(programs)
            .countries(countries)
            .addresses(addresses)
            .remark_text(&notes.join(" | "))
            .facts(facts)
            .details(entity_details(entity))
            .build(),
    )
}

/// Strong aliases (names, aliases, previous names; non-Latin ones as original script) and
/// weak aliases, none repeating the primary name or a stronger alias.
fn entity_aliases(entity: &Entity, names: &[&str], primary: &str) -> (Vec<Alias>, Vec<String>) {
    let mut aliases: Vec<Alias> = Vec::new();
    let mut add = |name: &str, kind: &str| {
        if name != primary && !aliases.iter().any(|a| a.name == name) {
            let kind = if kind == "aka" && is_non_latin(name) {
                "original-script"
            } else {
                kind
            };
            aliases.push(Alias {
                name: name.to_string(),
                kind: kind.to_string(),
            });
        }
    };
    for name in names.iter().chain(entity.values("alias").iter()) {
        add(name, "aka");
    }
    for name in entity.values("previousName") {
        add(name, "fka");
    }
    let mut weak_aliases = Vec::new();
    for name in entity.values("weakAlias") {
        if name != primary && !aliases.iter().any(|a| a.name == name) {
            push_unique(&mut weak_aliases, name.to_string());
        }
    }
    (aliases, weak_aliases)
}

/// The countries an entity names, and its typed facts (nationalities, dates of birth, IMO
/// numbers).
fn entity_places_and_facts(entity: &Entity) -> (Vec<String>, EntryFacts) {
    let mut countries = Vec::new();
    let mut facts = EntryFacts::default();
    for prop in [
        "country",
        "nationality",
        "citizenship",
        "jurisdiction",
        "flag",
    ] {
        for code in entity.values(prop).into_iter().filter_map(country_code) {
            if matches!(prop, "nationality" | "citizenship") {
                push_unique(&mut facts.nationalities, code.clone());
            }
            push_unique(&mut countries, code);
        }
    }
    for date in entity.values("birthDate") {
        push_unique(&mut facts.dates_of_birth, date.to_string());
    }
    for imo in entity.values("imoNumber") {
        let digits: String = imo.chars().filter(char::is_ascii_digit).collect();
        if digits.len() == 7 {
            push_unique(&mut facts.imo_numbers, digits);
        }
    }
    (countries, facts)
}

/// The schema, topics, datasets, detail properties and dates, each `; `-joined.
fn entity_details(entity: &Entity) -> BTreeMap<String, String> {
    let mut details = BTreeMap::new();
    details.insert("schema".to_string(), entity.schema.clone());
    let mut put = |key: &str, values: Vec<&str>| {
        let mut unique: Vec<String> = Vec::new();
        for v in values {
            push_unique(&mut unique, v.to_string());
        }
        if !unique.is_empty() {
            details.insert(key.to_string(), unique.join("; "));
        }
    };
    put("topics", entity.values("topics"));
    put(
        "datasets",
        entity.datasets.iter().map(String::as_str).collect(),
    );
    for prop in DETAIL_PROPERTIES {
        put(prop, entity.values(prop));
    }
    put(
        "first_seen",
        entity.first_seen.as_deref().into_iter().collect(),
    );
    put(
        "last_change",
        entity.last_change.as_deref().into_iter().collect(),
    );
    details
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detection_needs_schema_and_properties_on_the_first_line() {
        assert!(looks_like(
            r#"{"id":"x","caption":"A","schema":"Person","properties":{"name":["A"]}}"#
        ));
        assert!(!looks_like(r#"{"id":"x","name":"A"}"#));
        assert!(!looks_like("id,name,aliases,type,country,reason,list"));
    }

    #[test]
    fn cyrillic_and_cjk_names_are_non_latin_but_accented_latin_is_not() {
        assert!(is_non_latin("Виталий Юрьевич КУЗЬМЕНКО"));
        assert!(is_non_latin("アエロスキャン有限会社"));
        assert!(!is_non_latin("Sviatlana Pavlavna PACHODAVOVÁ"));
        assert!(!is_non_latin("Aleksandr Vjačeslavovič Zacharov"));
    }
}
