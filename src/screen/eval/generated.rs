//! Evaluation of the name matcher on labelled data made from the loaded lists: how many
//! disguised variants of listed names it finds (recall) and how many honest names it alerts on
//! (false alerts per 1,000), and how fast.
//!
//! Variants mangle a listed name the way manifests do: legal forms changed or dropped, words
//! reordered, typos (dropped, doubled, swapped or replaced letters), transliteration spellings,
//! an extra word (`TRADING`, a city), an address fragment glued on, punctuation. Clean names are
//! plausible legitimate company and person names assembled from word pools that do not come
//! from the lists. Everything is seeded, so a run is repeatable. The generator knows nothing of
//! the matcher's internals: it only calls [`NameIndex::search`].

use std::time::Instant;

use rayon::prelude::*;
use serde::Serialize;

use super::names::NameIndex;
use super::normalize::{TokenClass, tokenize_name};
use crate::lists::WatchList;
use crate::model::EntityKind;

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
}

const COMPANY_EXTRAS: &[&str] = &[
    "TRADING",
    "GENERAL TRADING",
    "INTERNATIONAL",
    "DUBAI",
    "HONG KONG",
    "GROUP",
    "IMPORT EXPORT",
    "FZE",
    "SHANGHAI",
    "ISTANBUL",
];
const LEGAL_FORMS: &[&str] = &[
    "LLC",
    "L.L.C.",
    "LTD",
    "LIMITED",
    "CO., LTD",
    "CO LTD",
    "COMPANY",
    "CORP",
    "CORPORATION",
    "FZE",
    "FZCO",
    "JSC",
    "OOO",
    "INC",
    "GMBH",
    "S.A.",
    "PTE LTD",
    "TRADING EST.",
];
const ADDRESS_FRAGMENTS: &[&str] = &[
    "P.O. BOX 1234",
    "JEBEL ALI FREE ZONE",
    "NO. 12 INDUSTRIAL AREA",
    "UNIT 5 BLOCK B",
    "TEL 971 4 555 0101",
    "DUBAI UAE",
];
/// Spelling variants that transliteration produces for the same sound.
const SPELLINGS: &[(&str, &str)] = &[
    ("OU", "U"),
    ("OO", "U"),
    ("EE", "I"),
    ("KH", "H"),
    ("J", "DJ"),
    ("Q", "K"),
    ("PH", "F"),
    ("Y", "I"),
    ("W", "V"),
    ("SH", "SCH"),
    ("C", "K"),
    ("IE", "I"),
    ("AI", "AY"),
    ("MOHAMMED", "MUHAMMAD"),
    ("AHMED", "AHMAD"),
    ("HUSSEIN", "HUSAYN"),
];

fn is_person(kind: EntityKind) -> bool {
    kind == EntityKind::Person
}

/// A typo in one word of at least 5 letters: a letter dropped, doubled, swapped with its
/// neighbour, or replaced by a neighbouring key.
fn typo(word: &str, rng: &mut Rng) -> (String, &'static str) {
    let chars: Vec<char> = word.chars().collect();
    if chars.len() < 5 {
        return (word.to_string(), "");
    }
    // Keep the first letter: manifests rarely get it wrong, and every matcher leans on it.
    let i = 1 + rng.below(chars.len() - 1);
    let mut out = chars.clone();
    let what = match rng.below(4) {
        0 => {
            out.remove(i);
            "dropped letter"
        }
        1 => {
            out.insert(i, chars[i]);
            "doubled letter"
        }
        2 if i + 1 < chars.len() => {
            out.swap(i, i + 1);
            "swapped letters"
        }
        _ => {
            const NEAR: &[(char, char)] = &[
                ('A', 'E'),
                ('E', 'I'),
                ('I', 'Y'),
                ('O', 'U'),
                ('U', 'O'),
                ('M', 'N'),
                ('N', 'M'),
                ('S', 'Z'),
                ('K', 'C'),
                ('C', 'K'),
                ('T', 'D'),
                ('D', 'T'),
                ('B', 'P'),
                ('P', 'B'),
                ('R', 'L'),
                ('L', 'R'),
            ];
            match NEAR
                .iter()
                .find(|(a, _)| *a == chars[i].to_ascii_uppercase())
            {
                Some((_, b)) => {
                    out[i] = *b;
                    "replaced letter"
                }
                None => {
                    out.remove(i);
                    "dropped letter"
                }
            }
        }
    };
    (out.into_iter().collect(), what)
}

/// Makes one disguised variant of a listed name, with 1-3 manglings.
pub fn variant(name: &str, kind: EntityKind, rng: &mut Rng) -> (String, Vec<String>) {
    let upper = name.to_uppercase();
    let mut words: Vec<String> = if is_person(kind) {
        crate::screen::normalize::undo_surname_first(&upper)
            .split_whitespace()
            .map(str::to_string)
            .collect()
    } else {
        upper.split_whitespace().map(str::to_string).collect()
    };
    let mut done = Vec::new();
    if is_person(kind) {
        mangle_person(&mut words, rng, &mut done);
    } else {
        let steps = 1 + rng.below(3);
        for _ in 0..steps {
            mangle_company(&mut words, rng, &mut done);
        }
    }
    if done.is_empty() {
        done.push("unchanged".into());
    }
    (words.join(" "), done)
}

/// The first run of words that is a legal form as a whole, longest first, as a range.
fn legal_form_span(words: &[String]) -> Option<(usize, usize)> {
    (0..words.len()).find_map(|i| {
        (i + 1..=words.len().min(i + 6))
            .rev()
            .find(|&j| crate::screen::normalize::is_legal_form(&words[i..j].join(" ")))
            .map(|j| (i, j))
    })
}

/// A typo in one long word, if the name has one.
fn typo_somewhere(words: &mut [String], rng: &mut Rng, done: &mut Vec<String>) {
    let long: Vec<usize> = (0..words.len())
        .filter(|&i| words[i].chars().count() >= 5)
        .collect();
    if long.is_empty() {
        return;
    }
    let i = long[rng.below(long.len())];
    let (w, what) = typo(&words[i], rng);
    if !what.is_empty() {
        words[i] = w;
        done.push(what.to_string());
    }
}

/// A transliteration spelling in one word, when one applies.
fn respell(words: &mut [String], rng: &mut Rng, done: &mut Vec<String>) {
    let i = rng.below(words.len());
    let (from, to) = *rng.pick(SPELLINGS);
    if words[i].contains(from) {
        words[i] = words[i].replacen(from, to, 1);
        done.push(format!("spelling {from}->{to}"));
    }
}

/// Person manglings, in the order a clerk makes them: a middle name left out (never the
/// first given name or the surname), spelling and typos, then the order changed.
fn mangle_person(words: &mut Vec<String>, rng: &mut Rng, done: &mut Vec<String>) {
    if words.len() > 2 && rng.chance(35) {
        words.remove(1 + rng.below(words.len() - 2));
        done.push("middle name dropped".into());
    }
    if rng.chance(50) {
        typo_somewhere(words, rng, done);
    }
    if rng.chance(40) {
        respell(words, rng, done);
    }
    if words.len() > 1 {
        match rng.below(3) {
            0 => {
                words.rotate_left(1);
                done.push("reordered".into());
            }
            1 => {
                let last = words.len() - 1;
                words[last] = format!("{},", words[last]);
                words.rotate_right(1);
                done.push("SURNAME, Given".into());
            }
            _ => {}
        }
    }
    if done.is_empty() {
        typo_somewhere(words, rng, done);
    }
}

/// One company mangling.
fn mangle_company(words: &mut Vec<String>, rng: &mut Rng, done: &mut Vec<String>) {
    match rng.below(6) {
        0 => typo_somewhere(words, rng, done),
        1 => respell(words, rng, done),
        2 => {
            // Legal form changed, added or dropped: the whole form, as a clerk would write
            // another one (`LLC` for `LIMITED LIABILITY COMPANY`), never one word of it.
            let new = rng.pick(LEGAL_FORMS).to_string();
            match legal_form_span(words) {
                Some((i, j)) if rng.chance(30) && words.len() > j - i => {
                    words.drain(i..j);
                    done.push("legal form dropped".into());
                }
                Some((i, j)) => {
                    words.splice(i..j, [new]);
                    done.push("legal form changed".into());
                }
                None => {
                    words.push(new);
                    done.push("legal form added".into());
                }
            }
        }
        3 => {
            // Before or after the name's words, not inside its legal form.
            let extra = rng.pick(COMPANY_EXTRAS).to_string();
            let inside = legal_form_span(words).map_or(0..0, |(i, j)| i + 1..j);
            let places: Vec<usize> = (0..=words.len()).filter(|p| !inside.contains(p)).collect();
            words.insert(*rng.pick(&places), extra);
            done.push("extra word".into());
        }
        4 => {
            words.push(rng.pick(ADDRESS_FRAGMENTS).to_string());
            done.push("address glued on".into());
        }
        _ => {
            let i = rng.below(words.len());
            words[i] = format!("{}.", words[i]);
            done.push("punctuation".into());
        }
    }
}

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

/// A plausible legitimate name of the given kind, from word pools unrelated to the lists.
pub fn clean_name(kind: EntityKind, rng: &mut Rng) -> String {
    if is_person(kind) {
        let mut parts = vec![rng.pick(GIVEN_NAMES).to_string()];
        if rng.chance(30) {
            parts.push(rng.pick(GIVEN_NAMES).to_string());
        }
        parts.push(rng.pick(FAMILY_NAMES).to_string());
        parts.join(" ")
    } else {
        let mut parts = vec![rng.pick(COMPANY_WORDS).to_string()];
        if rng.chance(50) {
            parts.push(rng.pick(COMPANY_WORDS).to_string());
        }
        parts.push(rng.pick(COMPANY_GENERIC).to_string());
        parts.push(rng.pick(LEGAL_FORMS).to_string());
        parts.join(" ")
    }
}

/// Labelled variants of entries drawn from the lists: `per_kind` persons and `per_kind`
/// organisations (fewer when the lists hold fewer).
pub fn variants(lists: &[WatchList], per_kind: usize, seed: u64) -> Vec<LabelledName> {
    let mut rng = Rng::new(seed);
    let mut out = Vec::new();
    for kind in [EntityKind::Person, EntityKind::Organization] {
        let pool: Vec<(&WatchList, &crate::lists::ListEntry)> = lists
            .iter()
            .flat_map(|l| l.entries.iter().map(move |e| (l, e)))
            .filter(|(_, e)| {
                e.kind == kind && e.name.chars().filter(|c| c.is_alphabetic()).count() >= 4
            })
            .collect();
        if pool.is_empty() {
            continue;
        }
        for _ in 0..per_kind.min(pool.len() * 3) {
            let (list, entry) = *rng.pick(&pool);
            let (query, mangling) = variant(&entry.name, kind, &mut rng);
            out.push(LabelledName {
                query,
                kind,
                source: Some((list.name.clone(), entry.id.clone())),
                original: Some(entry.name.clone()),
                mangling,
            });
        }
    }
    out
}

/// `per_kind` clean person names and `per_kind` clean company names.
pub fn clean_names(per_kind: usize, seed: u64) -> Vec<LabelledName> {
    let mut rng = Rng::new(seed ^ 0x5eed_c1ea);
    [EntityKind::Person, EntityKind::Organization]
        .into_iter()
        .flat_map(|kind| {
            (0..per_kind)
                .map(|_| LabelledName {
                    query: clean_name(kind, &mut rng),
                    kind,
                    source: None,
                    original: None,
                    mangling: Vec::new(),
                })
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
        }
    }
    let listed = |query: &str, kind: EntityKind| -> bool {
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
            out.push(LabelledName {
                query,
                kind,
                source: None,
                original: None,
                mangling: Vec::new(),
            });
        }
    }
    (out, set_aside)
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
                if hits.iter().any(|(hl, hid, _)| hl == list && hid == id) {
                    r.found += 1;
                } else if report.missed.iter().filter(|m| m.kind == l.kind).count() < examples {
                    report.missed.push(l.clone());
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generation_is_repeatable_for_a_seed() {
        let a: Vec<String> = (0..20)
            .map(|_| 0)
            .scan(Rng::new(7), |r, _| {
                Some(clean_name(EntityKind::Organization, r))
            })
            .collect();
        let b: Vec<String> = (0..20)
            .map(|_| 0)
            .scan(Rng::new(7), |r, _| {
                Some(clean_name(EntityKind::Organization, r))
            })
            .collect();
        assert_eq!(a, b);
    }

    #[test]
    fn variants_change_the_name_and_say_how() {
        let mut rng = Rng::new(3);
        for _ in 0..50 {
            let (v, how) = variant(
                "MABROOKA TRADING CO L.L.C.",
                EntityKind::Organization,
                &mut rng,
            );
            assert!(!how.is_empty());
            assert!(!v.is_empty());
        }
        let (v, _) = variant(
            "MADURO MOROS, Nicolas",
            EntityKind::Person,
            &mut Rng::new(1),
        );
        assert!(
            !v.contains(", N"),
            "the surname-first form is undone before mangling: {v}"
        );
    }
}
