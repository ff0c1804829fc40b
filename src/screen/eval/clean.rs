//! Clean names: plausible legitimate names that are not listed, for counting false alerts.

use super::generated::LEGAL_FORMS;
use super::{LabelledName, Rng, is_person};
use crate::lists::WatchList;
use crate::model::EntityKind;
use crate::screen::normalize::{TokenClass, tokenize_name};

const COMPANY_WORDS: &[&str] = &[
    "ALPINE",
    "HARBOUR",
    "SILVER",
    "CRESCENT",
    "MERIDIAN",
    "NOBLE",
    "SUMMIT",
    "EVERGREEN",
    "PACIFIC",
    "ATLAS",
    "FALCON",
    "CEDAR",
    "LOTUS",
    "ORCHID",
    "SAPPHIRE",
    "CORAL",
    "DELTA",
    "HORIZON",
    "PIONEER",
    "VALLEY",
    "RIVER",
    "BRIGHT",
    "GOLDEN",
    "ROYAL",
    "UNITED",
    "STAR",
    "OCEAN",
    "DESERT",
    "OASIS",
    "PEARL",
    "LINEN",
    "COTTON",
    "TEXTILE",
    "RICE",
    "TEA",
    "SPICE",
    "TILE",
    "CERAMIC",
    "STEEL",
    "TIMBER",
    "FURNITURE",
    "TYRE",
    "PAPER",
    "PACKAGING",
    "FOODSTUFF",
    "FRUIT",
    "DAIRY",
    "MARBLE",
    "GRANITE",
    "PLASTIC",
    "GLASS",
    "AUTO",
    "PARTS",
    "SOLAR",
    "GARMENT",
    "LEATHER",
    "SHOE",
    "TOY",
    "KITCHEN",
    "HOME",
    "BUILDING",
    "MATERIALS",
    "CABLE",
    "LIGHTING",
    "MUMBAI",
    "KARACHI",
    "COLOMBO",
    "CHENNAI",
    "SHARJAH",
    "MUSCAT",
    "DOHA",
    "JEDDAH",
    "KUWAIT",
    "LAHORE",
    "DHAKA",
    "SHENZHEN",
    "NINGBO",
    "ANTWERP",
    "ROTTERDAM",
    "GENOA",
    "MERSIN",
    "IZMIR",
    "VALENCIA",
    "SANTOS",
    "DURBAN",
];
const COMPANY_GENERIC: &[&str] = &[
    "TRADING",
    "INDUSTRIES",
    "EXPORTS",
    "IMPORTS",
    "ENTERPRISES",
    "MILLS",
    "FOODS",
    "TEXTILES",
    "LOGISTICS",
    "SUPPLIES",
    "MANUFACTURING",
    "GENERAL TRADING",
    "HOLDINGS",
    "PRODUCTS",
    "MARINE SERVICES",
];
const GIVEN_NAMES: &[&str] = &[
    "JAMES", "MARIA", "ANNA", "PETER", "JOHN", "ELENA", "DAVID", "SARAH", "RAVI", "PRIYA", "ARJUN",
    "ANIL", "SUNITA", "WEI", "LI", "JING", "HIROSHI", "YUKI", "CARLOS", "LUCIA", "JUAN", "SOFIA",
    "FATIMA", "OMAR", "YUSUF", "AISHA", "KHALID", "LAYLA", "HASSAN", "NOOR", "IVAN", "OLGA",
    "DMITRY", "SVETLANA", "ANDREI", "TATIANA", "MEHMET", "AYSE", "EMRE", "ZEYNEP", "KWAME",
    "AMARA", "CHIDI", "NGOZI", "PIERRE", "CLAIRE", "HANS", "INGRID", "MARCO", "GIULIA", "SANJAY",
    "KAVYA", "THANH", "LINH", "SOMCHAI", "NURUL", "ADEL",
];
const FAMILY_NAMES: &[&str] = &[
    "SMITH", "GARCIA", "MULLER", "ROSSI", "DUBOIS", "NOVAK", "KOWALSKI", "SILVA", "TANAKA", "SATO",
    "KIM", "PARK", "NGUYEN", "TRAN", "WANG", "ZHANG", "CHEN", "LIU", "SHARMA", "PATEL", "GUPTA",
    "IYER", "REDDY", "FERNANDO", "PERERA", "KHAN", "QURESHI", "SIDDIQUI", "MANSOUR", "HADDAD",
    "NASSER", "KHOURY", "YILMAZ", "KAYA", "DEMIR", "OKAFOR", "MENSAH", "DIALLO", "TRAORE",
    "PETROV", "SOKOLOV", "VOLKOVA", "IVANOVA", "LARSEN", "JENSEN", "VAN DIJK", "DE JONG",
    "MARTINEZ", "LOPEZ", "GONZALEZ", "HERRERA", "ALVAREZ", "OCONNOR", "MURPHY", "WILLIAMS",
    "BROWN", "TAYLOR", "WILSON", "THOMPSON", "WHITE", "HARRIS", "CLARKE",
];

/// A plausible legitimate name of the given kind, from word pools unrelated to the lists: a
/// person's given and family names; half of the companies from word pools, three in ten in a
/// public registry's pattern, two in ten of generic trading words only.
pub fn clean_name(kind: EntityKind, rng: &mut Rng) -> String {
    if is_person(kind) {
        let mut parts = vec![rng.pick(GIVEN_NAMES).to_string()];
        if rng.chance(30) {
            parts.push(rng.pick(GIVEN_NAMES).to_string());
        }
        parts.push(rng.pick(FAMILY_NAMES).to_string());
        parts.join(" ")
    } else {
        match rng.below(10) {
            0..5 => {
                let mut parts = vec![rng.pick(COMPANY_WORDS).to_string()];
                if rng.chance(50) {
                    parts.push(rng.pick(COMPANY_WORDS).to_string());
                }
                parts.push(rng.pick(COMPANY_GENERIC).to_string());
                parts.push(rng.pick(LEGAL_FORMS).to_string());
                parts.join(" ")
            }
            5..8 => registry_name(rng),
            _ => generic_name(rng),
        }
    }
}

/// Brand syllables of the kind Chinese company registries are full of (`HAITIAN`, `JINLONG`).
const BRAND_SYLLABLES: &[&str] = &[
    "HAI", "TIAN", "JIN", "LONG", "HUA", "XIN", "FENG", "SHENG", "DA", "RUI", "KANG", "MEI",
    "YUAN", "TAI", "HONG", "XING", "BAO", "LI", "DE", "FU",
];
/// Cities company registries name firms after.
const REGISTRY_PLACES: &[&str] = &[
    "NINGBO",
    "YIWU",
    "QINGDAO",
    "XIAMEN",
    "FOSHAN",
    "DONGGUAN",
    "WENZHOU",
    "SURAT",
    "LUDHIANA",
    "COIMBATORE",
    "BURSA",
    "KONYA",
    "GAZIANTEP",
    "SIALKOT",
    "FAISALABAD",
    "CHITTAGONG",
];
const REGISTRY_LINES: &[&str] = &[
    "PLASTIC MACHINERY",
    "TEXTILE",
    "HARDWARE",
    "AUTO PARTS",
    "FURNITURE",
    "CERAMICS",
    "KNITWEAR",
    "SPORTS GOODS",
    "FOOD PRODUCTS",
    "PACKAGING MATERIALS",
    "LIGHTING",
    "BEARINGS",
    "VALVES",
    "SURGICAL INSTRUMENTS",
];

/// A company name in a public registry's pattern: a Chinese `PLACE BRAND LINE CO., LTD`, an
/// Indian `SURNAME LINE PRIVATE LIMITED`, a Turkish `BRAND LINE SANAYI VE TICARET A.S.`.
fn registry_name(rng: &mut Rng) -> String {
    let brand = format!("{}{}", rng.pick(BRAND_SYLLABLES), rng.pick(BRAND_SYLLABLES));
    let line = rng.pick(REGISTRY_LINES);
    let place = rng.pick(REGISTRY_PLACES);
    match rng.below(3) {
        0 => format!("{place} {brand} {line} CO., LTD"),
        1 => format!("{} {line} PRIVATE LIMITED", rng.pick(FAMILY_NAMES)),
        _ => format!("{brand} {line} SANAYI VE TICARET A.S."),
    }
}

/// Words a trading company's name is often made of and nothing else.
const GENERIC_NAME_WORDS: &[&str] = &[
    "GLOBAL",
    "INTERNATIONAL",
    "UNITED",
    "GENERAL",
    "TRADING",
    "SHIPPING",
    "LOGISTICS",
    "AGENCIES",
    "SERVICES",
    "ENTERPRISES",
    "INDUSTRIES",
    "HOLDINGS",
    "SUPPLIES",
    "IMPORT EXPORT",
    "MARINE",
    "FREIGHT",
];

/// A name made only of generic trading words and a legal form (`GLOBAL SHIPPING AGENCIES
/// LLC`): it must not alert on a listed name that merely shares those words.
fn generic_name(rng: &mut Rng) -> String {
    let mut parts = vec![rng.pick(GENERIC_NAME_WORDS).to_string()];
    let second = rng.pick(GENERIC_NAME_WORDS).to_string();
    if second != parts[0] {
        parts.push(second);
    }
    parts.push(rng.pick(LEGAL_FORMS).to_string());
    parts.join(" ")
}

/// `per_kind` clean person names and `per_kind` clean company names.
pub fn clean_names(per_kind: usize, seed: u64) -> Vec<LabelledName> {
    let mut rng = Rng::new(seed ^ 0x5eed_c1ea);
    [EntityKind::Person, EntityKind::Organization]
        .into_iter()
        .flat_map(|kind| {
            (0..per_kind)
                .map(|_| LabelledName::clean(clean_name(kind, &mut rng), kind))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Clean names that are fair negatives for these lists: [`clean_names`] without the ones that
/// are a listed name in all but middle names and decorations (`ELENA IVANOVA` when
/// `IVANOVA, Elena Nikolaevna` is listed, `YUSUF MEHMET KAYA` when `KAYA, Mehmet` is,
/// `TIMBER TRADING LLC` when `TIMBER CORPORATION` is), which every screening tool must alert
/// on. Returns the names and how many were set aside.
pub fn clean_negatives(
    lists: &[WatchList],
    per_kind: usize,
    seed: u64,
) -> (Vec<LabelledName>, usize) {
    use std::collections::{HashMap, HashSet};
    let words = |name: &str, kind: EntityKind| -> Vec<String> {
        let mut w: Vec<String> = tokenize_name(name, kind)
            .into_iter()
            .filter(|t| t.class == TokenClass::Word)
            .map(|t| t.text)
            .collect();
        w.sort();
        w.dedup();
        w
    };
    let mut person_postings: HashMap<String, HashSet<u32>> = HashMap::new();
    let mut person_words: Vec<usize> = Vec::new();
    let mut organisations: HashSet<Vec<String>> = HashSet::new();
    // Every word but legal forms and address fragments: a name of generic words only
    // (`SHIPPING AGENCIES INC` for a listed `SHIPPING AGENCIES CO.`) is a listed name in
    // another legal form, which every screening tool must alert on.
    let all_words = |name: &str, kind: EntityKind| -> Vec<String> {
        let mut w: Vec<String> = tokenize_name(name, kind)
            .into_iter()
            .filter(|t| !matches!(t.class, TokenClass::LegalForm | TokenClass::Address))
            .map(|t| t.text)
            .collect();
        w.sort();
        w.dedup();
        w
    };
    let mut organisations_all: HashSet<Vec<String>> = HashSet::new();
    let mut id = 0u32;
    for entry in lists.iter().flat_map(|l| &l.entries) {
        let names = std::iter::once(entry.name.as_str())
            .chain(entry.aliases.iter().map(|a| a.name.as_str()));
        for name in names {
            // Entries of unknown kind (the Entity List's) may be either.
            let w = words(name, entry.kind);
            if is_person(entry.kind) || entry.kind == EntityKind::Unknown {
                for t in &w {
                    person_postings.entry(t.clone()).or_default().insert(id);
                }
                person_words.push(w.len());
                id += 1;
            }
            if !is_person(entry.kind) && !w.is_empty() {
                organisations.insert(w);
            }
            if !is_person(entry.kind) {
                let all = all_words(name, entry.kind);
                if !all.is_empty() {
                    organisations_all.insert(all);
                }
            }
        }
    }
    let listed = |query: &str, kind: EntityKind| -> bool {
        if !is_person(kind) && organisations_all.contains(&all_words(query, kind)) {
            return true;
        }
        let w = words(query, EntityKind::Unknown);
        if w.is_empty() {
            return false;
        }
        // Lists type some persons as entities (`Wang Wei` on the Entity List).
        if !is_person(kind) || organisations.contains(&w) {
            return organisations.contains(&w);
        }
        // A listed name of two words or more, whole, with middle names added.
        let mut held: HashMap<u32, usize> = HashMap::new();
        for id in w.iter().filter_map(|t| person_postings.get(t)).flatten() {
            *held.entry(*id).or_default() += 1;
        }
        if held
            .iter()
            .any(|(&id, &n)| n >= 2 && n == person_words[id as usize])
        {
            return true;
        }
        let mut sets = w.iter().map(|t| person_postings.get(t));
        let Some(Some(first)) = sets.next() else {
            return false;
        };
        let mut common: HashSet<u32> = first.clone();
        for set in sets {
            let Some(set) = set else { return false };
            common.retain(|id| set.contains(id));
        }
        !common.is_empty()
    };
    let mut rng = Rng::new(seed ^ 0x5eed_c1ea);
    let mut out = Vec::new();
    let mut set_aside = 0;
    for kind in [EntityKind::Person, EntityKind::Organization] {
        let mut accepted = 0;
        let mut attempts = 0;
        while accepted < per_kind && attempts < per_kind * 20 {
            attempts += 1;
            let query = clean_name(kind, &mut rng);
            if listed(&query, kind) {
                set_aside += 1;
                continue;
            }
            accepted += 1;
            out.push(LabelledName::clean(query, kind));
        }
    }
    (out, set_aside)
}
