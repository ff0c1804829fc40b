//! Real variants: names the list publishers wrote for one entry, used as queries against the
//! entry's other names. Three sets, none of them made by us:
//! - **leave-one-out**: per entry with two names or more, one of its names (picked by the seed)
//!   is screened against an index built from every list with that name taken out;
//! - **cross-list**: the same UN designation as another list spells it (paired by the UN
//!   reference number where both lists carry it, else by the UN listing date when exactly one
//!   designation of that kind was made that day), against the UN list;
//! - **later-added**: a name a newer publication gives for an entry an older publication
//!   already listed (same list family and id: OFAC ent_num, the CSL's SDN `entity_number`),
//!   screened against the older lists, which lack it.
//!
//! A query whose words are the same as one of the entry's remaining names, in the same order,
//! is no variant and is left out. Each pair is sorted by kind of difference (see
//! [`Difference`]), found from the folded words alone, without the matcher. A pair with no word
//! in common with any remaining name, nor one close in spelling, is a new name rather than a
//! variant (a nickname, a former name): no name matcher can find it, and it is counted apart.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::{LabelledName, Rng, is_person};
use crate::lists::{ListEntry, WatchList};
use crate::model::EntityKind;
use crate::screen::normalize::undo_surname_first;
use crate::text::fold_text;
use crate::text::legal_forms::is_legal_form;

/// How a real variant differs from the closest of the entry's other names, easiest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Difference {
    /// The same words in another order (`HAQQANI SIRAJUDDIN` / `SIRAJUDDIN HAQQANI`).
    Reordered,
    /// Only the words run together or apart differ (`ALNOOR` / `AL NOOR`).
    Spacing,
    /// Only legal forms differ (`X LLC` / `X LIMITED LIABILITY COMPANY` / `X`).
    LegalForm,
    /// As many words, each close in spelling (a transliteration, a typo).
    Spelling,
    /// The query holds every word of the listed name (some perhaps spelt otherwise) and more.
    ExtraWords,
    /// The query holds some of the listed name's words (some perhaps spelt otherwise) and
    /// nothing else.
    FewerWords,
    /// Words in common or close, others added, dropped or changed.
    Mixed,
    /// No word in common, nor close: a new name, not a variant.
    DifferentName,
}

impl Difference {
    pub fn as_str(self) -> &'static str {
        match self {
            Difference::Reordered => "reordered",
            Difference::Spacing => "spacing",
            Difference::LegalForm => "legal form",
            Difference::Spelling => "spelling",
            Difference::ExtraWords => "extra words",
            Difference::FewerWords => "fewer words",
            Difference::Mixed => "mixed",
            Difference::DifferentName => "different name",
        }
    }
}

/// A set of real variants, the lists to screen them against, and what was set aside.
#[derive(Debug, Clone, Default)]
pub struct RealSet {
    /// The queries, each labelled with the entry it must find and its [`Difference`].
    pub labelled: Vec<LabelledName>,
    /// The lists to build the index from (for leave-one-out: the lists with the queries
    /// taken out).
    pub lists: Vec<WatchList>,
    /// Pairs set aside as [`Difference::DifferentName`], per `persons`/`companies`.
    pub different_names: HashMap<&'static str, usize>,
    /// The lists' common words (see [`common_words`]).
    common: HashSet<String>,
}

/// The words of a name, folded, a person's in `Given SURNAME` order.
fn words(name: &str, kind: EntityKind) -> Vec<String> {
    let name = if is_person(kind) {
        undo_surname_first(name)
    } else {
        name.into()
    };
    fold_text(&name)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Levenshtein distance over bytes (folded words are ASCII).
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, &ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let next = (diagonal + usize::from(ca != cb))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            diagonal = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// Two words are close when one edit in three letters or fewer turns one into the other.
fn close(a: &str, b: &str) -> bool {
    a == b || 3 * edit_distance(a, b) <= a.len().max(b.len())
}

/// The words of `words` that belong to a legal form, alone or in a phrase of up to five words.
fn legal_form_words(words: &[String]) -> Vec<bool> {
    let mut legal = vec![false; words.len()];
    let mut i = 0;
    while i < words.len() {
        let span = (i + 1..=words.len().min(i + 5))
            .rev()
            .find(|&j| is_legal_form(&words[i..j].join(" ")));
        match span {
            Some(j) => {
                legal[i..j].fill(true);
                i = j;
            }
            None => i += 1,
        }
    }
    legal
}

/// Words held by this many list entries or more (`ABU`, `MUHAMMAD`, `ALI`) are common: a pair
/// that shares only such words is a different name, not a variant.
pub const COMMON_WORD_ENTRIES: usize = 40;

/// The folded words held by [`COMMON_WORD_ENTRIES`] entries of `lists` or more.
pub fn common_words(lists: &[WatchList]) -> HashSet<String> {
    let mut entries: HashMap<String, usize> = HashMap::new();
    for entry in lists.iter().flat_map(|l| &l.entries) {
        let mut held: BTreeSet<String> = BTreeSet::new();
        for name in strong_names(entry) {
            held.extend(words(name, entry.kind));
        }
        for w in held {
            *entries.entry(w).or_default() += 1;
        }
    }
    entries
        .into_iter()
        .filter(|(_, n)| *n >= COMMON_WORD_ENTRIES)
        .map(|(w, _)| w)
        .collect()
}

/// How `query` differs from `listed` (both folded words); `None` when they are the same.
/// Words in `common` do not make a pair a variant on their own.
fn difference_from(
    query: &[String],
    listed: &[String],
    common: &HashSet<String>,
) -> Option<Difference> {
    if query == listed {
        return None;
    }
    let sorted = |w: &[String]| {
        let mut w = w.to_vec();
        w.sort();
        w
    };
    if sorted(query) == sorted(listed) {
        return Some(Difference::Reordered);
    }
    if query.concat() == listed.concat() {
        return Some(Difference::Spacing);
    }
    let strip = |w: &[String]| -> Vec<String> {
        let legal = legal_form_words(w);
        w.iter()
            .zip(legal)
            .filter(|(_, l)| !l)
            .map(|(w, _)| w.clone())
            .collect()
    };
    let (q_bare, l_bare) = (strip(query), strip(listed));
    if !q_bare.is_empty() && sorted(&q_bare) == sorted(&l_bare) {
        return Some(Difference::LegalForm);
    }
    let q_set: BTreeSet<&String> = q_bare.iter().collect();
    let l_set: BTreeSet<&String> = l_bare.iter().collect();
    let rare = |set: &BTreeSet<&String>| set.iter().any(|w| !common.contains(*w));
    if !l_set.is_empty() && l_set.is_subset(&q_set) && rare(&l_set) {
        return Some(Difference::ExtraWords);
    }
    if !q_set.is_empty() && q_set.is_subset(&l_set) && rare(&q_set) {
        return Some(Difference::FewerWords);
    }
    // Each query word paired with a close listed word, each used once, in order of closeness.
    let mut used = vec![false; l_bare.len()];
    let (mut paired, mut distinctive) = (0, 0);
    for q in &q_bare {
        let best = (0..l_bare.len())
            .filter(|&i| !used[i] && close(q, &l_bare[i]))
            .min_by_key(|&i| edit_distance(q, &l_bare[i]));
        if let Some(i) = best {
            used[i] = true;
            paired += 1;
            distinctive += usize::from(!common.contains(&l_bare[i]) || !common.contains(q));
        }
    }
    Some(match paired {
        _ if distinctive == 0 => Difference::DifferentName,
        p if p == q_bare.len() && p == l_bare.len() => Difference::Spelling,
        // Every listed word is there, some spelt otherwise, and more.
        p if p == l_bare.len() => Difference::ExtraWords,
        p if p == q_bare.len() => Difference::FewerWords,
        _ => Difference::Mixed,
    })
}

/// How `query` differs from the closest of `listed`; `None` when it is one of them. Words in
/// `common` (see [`common_words`]) do not make a pair a variant on their own.
pub fn classify(
    query: &str,
    listed: &[&str],
    kind: EntityKind,
    common: &HashSet<String>,
) -> Option<Difference> {
    let q = words(query, kind);
    let mut best = Difference::DifferentName;
    for name in listed {
        match difference_from(&q, &words(name, kind), common) {
            None => return None,
            Some(d) => best = best.min(d),
        }
    }
    Some(best)
}

/// An entry's strong names: its primary name, then its aliases.
fn strong_names(entry: &ListEntry) -> Vec<&str> {
    std::iter::once(entry.name.as_str())
        .chain(entry.aliases.iter().map(|a| a.name.as_str()))
        .collect()
}

/// Persons and organisations (and entries of unknown kind, counted with organisations): the
/// parties a manifest names.
fn screened_kind(kind: EntityKind) -> bool {
    matches!(
        kind,
        EntityKind::Person | EntityKind::Organization | EntityKind::Unknown
    )
}

/// A query as a manifest would write it: a person's name in `Given SURNAME` order, without the
/// list's comma.
fn as_written(name: &str, kind: EntityKind) -> String {
    if is_person(kind) {
        undo_surname_first(name).into_owned()
    } else {
        name.to_string()
    }
}

impl RealSet {
    /// Adds the query `name` for `entry` of `list`, unless it is one of `others` (then
    /// nothing) or a different name (then only counted).
    fn add(&mut self, name: &str, others: &[&str], list: &WatchList, entry: &ListEntry) {
        let Some(difference) = classify(name, others, entry.kind, &self.common) else {
            return;
        };
        if difference == Difference::DifferentName {
            *self
                .different_names
                .entry(super::kind_label(entry.kind))
                .or_default() += 1;
            return;
        }
        self.labelled.push(LabelledName {
            query: as_written(name, entry.kind),
            kind: entry.kind,
            source: Some((list.name.clone(), entry.id.clone())),
            original: Some(others.join(" | ")),
            mangling: Vec::new(),
            difference: Some(difference.as_str().to_string()),
            closest: None,
        });
    }
}

/// Leave-one-out: per entry of `lists` with two strong names or more, one of them (picked by
/// `seed`) is a query and is taken out of the lists; at most `per_kind` persons and
/// `per_kind` organisations, drawn by `seed`.
pub fn leave_one_out(lists: &[WatchList], per_kind: usize, seed: u64) -> RealSet {
    let mut rng = Rng::new(seed ^ 0x1eaf_0e0e);
    let mut set = RealSet {
        lists: lists.to_vec(),
        common: common_words(lists),
        ..RealSet::default()
    };
    let mut pool: Vec<(usize, usize)> = lists
        .iter()
        .enumerate()
        .flat_map(|(l, list)| {
            list.entries
                .iter()
                .enumerate()
                .filter(|(_, e)| screened_kind(e.kind) && !e.aliases.is_empty())
                .map(move |(e, _)| (l, e))
        })
        .collect();
    // A seeded shuffle (Fisher-Yates), so that `per_kind` draws a fair sample.
    for i in (1..pool.len()).rev() {
        pool.swap(i, rng.below(i + 1));
    }
    let mut taken: HashMap<&'static str, usize> = HashMap::new();
    for (l, e) in pool {
        let entry = &lists[l].entries[e];
        let label = super::kind_label(entry.kind);
        if taken.get(label).copied().unwrap_or(0) >= per_kind {
            continue;
        }
        let names = strong_names(entry);
        let out = rng.below(names.len());
        let others: Vec<&str> = (0..names.len())
            .filter(|&i| i != out)
            .map(|i| names[i])
            .collect();
        let before = set.labelled.len();
        set.add(names[out], &others, &lists[l], entry);
        if set.labelled.len() == before {
            continue;
        }
        *taken.entry(label).or_default() += 1;
        let pruned = &mut set.lists[l].entries[e];
        if out == 0 {
            pruned.name = pruned.aliases.remove(0).name;
        } else {
            pruned.aliases.remove(out - 1);
        }
    }
    set
}

/// A UN designation's key in another list: its reference number, or its listing date and
/// kind (`2012-06-29 person`).
fn un_keys(entry: &ListEntry) -> Vec<String> {
    let kind = super::kind_label(entry.kind);
    let mut keys = Vec::new();
    for field in ["reference_number", "un_reference_number"] {
        if let Some(r) = entry.details.get(field).filter(|r| !r.trim().is_empty()) {
            keys.push(format!("ref {}", r.trim().to_ascii_uppercase()));
        }
    }
    let date = entry
        .details
        .get("listed_on")
        .or_else(|| {
            entry
                .details
                .get("date_designated")
                .filter(|_| designated_by_un(entry))
        })
        .and_then(|d| iso_date(d));
    if let Some(date) = date {
        keys.push(format!("date {date} {kind}"));
    }
    keys
}

/// Whether another list says the UN designated the entry.
fn designated_by_un(entry: &ListEntry) -> bool {
    entry
        .details
        .get("designation_source")
        .is_some_and(|s| s.split(['|', ',', ' ']).any(|p| p.trim() == "UN"))
}

/// `YYYY-MM-DD` from `YYYY-MM-DD` or `DD-MM-YYYY` (`/` or `.` also).
fn iso_date(text: &str) -> Option<String> {
    let parts: Vec<&str> = text.trim().get(..10)?.split(['-', '/', '.']).collect();
    match parts.as_slice() {
        [y, m, d] if y.len() == 4 => Some(format!("{y}-{m}-{d}")),
        [d, m, y] if y.len() == 4 => Some(format!("{y}-{m}-{d}")),
        _ => None,
    }
}

/// Cross-list: every name another list gives a UN designation, as a query for the UN list's
/// entry. A key (reference number, or listing date and kind) pairs entries only when it names
/// one entry on each side.
pub fn cross_list(lists: &[WatchList]) -> RealSet {
    let mut set = RealSet {
        lists: lists.to_vec(),
        common: common_words(lists),
        ..RealSet::default()
    };
    let is_un = |list: &WatchList| list.format == crate::lists::ListFormat::UnXml;
    let mut by_key: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
    for (l, list) in lists.iter().enumerate() {
        for (e, entry) in list.entries.iter().enumerate() {
            if !screened_kind(entry.kind) {
                continue;
            }
            for key in un_keys(entry) {
                by_key.entry(key).or_default().push((l, e));
            }
        }
    }
    let mut paired: BTreeSet<((usize, usize), (usize, usize))> = BTreeSet::new();
    for members in by_key.values() {
        let (un, other): (Vec<_>, Vec<_>) = members.iter().partition(|(l, _)| is_un(&lists[*l]));
        if un.len() != 1 {
            continue;
        }
        // One entry per other list.
        let mut per_list: HashMap<usize, Vec<usize>> = HashMap::new();
        for &(l, e) in &other {
            per_list.entry(l).or_default().push(e);
        }
        for (l, entries) in per_list {
            if let [e] = entries[..] {
                paired.insert((un[0], (l, e)));
            }
        }
    }
    for ((ul, ue), (ol, oe)) in paired {
        let target = &lists[ul].entries[ue];
        let listed = strong_names(target);
        for name in strong_names(&lists[ol].entries[oe]) {
            set.add(name, &listed, &lists[ul], target);
        }
    }
    set
}

/// The family of a list, for pairing a newer publication with an older: the CSL's SDN rows are
/// OFAC SDN's, its SSI, NS-MBS, CMIC, CAP, PLC and FSE rows OFAC NON-SDN's.
fn family(list_name: &str) -> &str {
    match list_name.strip_prefix("CSL ") {
        Some("SDN") => "OFAC SDN",
        Some("SSI" | "NS-MBS" | "CMIC" | "CAP" | "PLC" | "FSE" | "NS-ISA") => "OFAC NON-SDN",
        _ => list_name,
    }
}

/// Later-added: every strong name a `newer` publication gives an entry that `older` lists
/// (same family and id) under other names, as a query for the older entry. Screen these
/// against an index of `older` only.
pub fn later_added(older: &[WatchList], newer: &[WatchList]) -> RealSet {
    let mut set = RealSet {
        lists: older.to_vec(),
        common: common_words(older),
        ..RealSet::default()
    };
    let mut old_entries: HashMap<(&str, &str), (usize, usize)> = HashMap::new();
    for (l, list) in older.iter().enumerate() {
        for (e, entry) in list.entries.iter().enumerate() {
            if screened_kind(entry.kind) {
                old_entries
                    .entry((family(&list.name), entry.id.as_str()))
                    .or_insert((l, e));
            }
        }
    }
    let mut seen: BTreeSet<(usize, usize, String)> = BTreeSet::new();
    for list in newer {
        for entry in &list.entries {
            let Some(&(l, e)) = old_entries.get(&(family(&list.name), entry.id.as_str())) else {
                continue;
            };
            let target = &older[l].entries[e];
            let listed = strong_names(target);
            for name in strong_names(entry) {
                // One query per name, however many newer files repeat it.
                if seen.insert((l, e, fold_text(name))) {
                    set.add(name, &listed, &older[l], target);
                }
            }
        }
    }
    set
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lists::Alias;

    fn entry(id: &str, kind: EntityKind, name: &str, aliases: &[&str]) -> ListEntry {
        let mut e = ListEntry::builder(id, kind, name).build();
        e.aliases = aliases
            .iter()
            .map(|a| Alias {
                name: a.to_string(),
                kind: "aka".into(),
            })
            .collect();
        e
    }

    fn list(name: &str, entries: Vec<ListEntry>) -> WatchList {
        WatchList::of_entries(name, entries)
    }

    #[test]
    fn differences_are_sorted_by_kind_without_the_matcher() {
        let none = HashSet::new();
        let c = |q: &str, l: &str, k| classify(q, &[l], k, &none);
        use Difference::*;
        let p = EntityKind::Person;
        let o = EntityKind::Organization;
        assert_eq!(c("IVANOVA, Elena", "IVANOVA, Elena", p), None);
        assert_eq!(c("Elena IVANOVA", "IVANOVA, Elena", p), None);
        assert_eq!(c("IVANOVA ELENA", "ELENA IVANOVA", p), Some(Reordered));
        assert_eq!(
            c("IVANOVA Elena", "Elena IVANOVA", p),
            None,
            "family name in capitals first"
        );
        assert_eq!(c("AL NOOR TRADING", "ALNOOR TRADING", o), Some(Spacing));
        assert_eq!(c("NOOR TRADING LLC", "NOOR TRADING", o), Some(LegalForm));
        assert_eq!(
            c("Yekaterina IVANOVA", "Ekaterina IVANOVA", p),
            Some(Spelling)
        );
        assert_eq!(
            c("Elena Petrovna IVANOVA", "IVANOVA, Elena", p),
            Some(ExtraWords)
        );
        assert_eq!(c("IVANOVA", "IVANOVA, Elena", p), Some(FewerWords));
        assert_eq!(
            c("Aleksey Alekseyevich ZAYTSEV", "ZAITSEV, Alexey", p),
            Some(ExtraWords)
        );
        assert_eq!(
            c("Yelena IVANOVA", "IVANOVA, Elena Petrovna", p),
            Some(FewerWords)
        );
        assert_eq!(c("WAGNER GROUP", "PMC WAGNER", o), Some(Mixed));
        assert_eq!(c("ABU HAMZA", "IVANOVA, Elena", p), Some(DifferentName));
        // The closest of several names decides.
        assert_eq!(
            classify("NOOR LLC", &["STAR CORP", "NOOR LIMITED"], o, &none),
            Some(LegalForm)
        );
        // Common words alone make no variant.
        let common: HashSet<String> = ["ABU", "MUHAMMAD"].map(String::from).into();
        assert_eq!(
            classify("ABU MUHAMMAD", &["MUHAMMAD, Abu Yasir"], p, &common),
            Some(DifferentName)
        );
        assert_eq!(
            classify("ABU YASIR", &["MUHAMMAD, Abu Yasir"], p, &common),
            Some(FewerWords)
        );
    }

    #[test]
    fn leave_one_out_takes_the_query_out_of_the_index_and_skips_mere_copies() {
        let lists = vec![list(
            "T",
            vec![
                entry(
                    "1",
                    EntityKind::Person,
                    "IVANOVA, Elena",
                    &["Yelena IVANOVA"],
                ),
                // Its alias is the same words: not a variant.
                entry("2", EntityKind::Person, "PETROV, Ivan", &["Ivan PETROV"]),
                entry("3", EntityKind::Organization, "ALPHA TRADING LLC", &[]),
            ],
        )];
        for seed in 1..20 {
            let set = leave_one_out(&lists, 10, seed);
            assert_eq!(set.labelled.len(), 1, "only entry 1 has a variant");
            let q = &set.labelled[0];
            assert_eq!(q.source, Some(("T".into(), "1".into())));
            assert_eq!(q.difference.as_deref(), Some("spelling"));
            let left = &set.lists[0].entries[0];
            let mut names = strong_names(left);
            names.retain(|n| fold_text(n) == fold_text(&q.query));
            assert!(
                names.is_empty(),
                "the query {} is still indexed: {left:?}",
                q.query
            );
            assert_eq!(strong_names(left).len(), 1);
        }
    }

    #[test]
    fn cross_list_pairs_a_un_designation_by_reference_or_by_a_date_only_it_has() {
        let mut un = list(
            "UN",
            vec![
                entry(
                    "6908",
                    EntityKind::Person,
                    "SIRAJUDDIN JALLALOUDINE HAQQANI",
                    &[],
                ),
                entry("7001", EntityKind::Organization, "RAHAT LTD.", &[]),
                entry(
                    "7002",
                    EntityKind::Organization,
                    "ROSHAN MONEY EXCHANGE",
                    &[],
                ),
            ],
        );
        un.format = crate::lists::ListFormat::UnXml;
        un.entries[0]
            .details
            .insert("reference_number".into(), "TAi.144".into());
        un.entries[1]
            .details
            .insert("listed_on".into(), "2012-06-29".into());
        un.entries[2]
            .details
            .insert("listed_on".into(), "2012-06-29".into());
        let mut uk = list(
            "UK SANCTIONS LIST",
            vec![
                entry("AFG0123", EntityKind::Person, "HAQQANI SIRAJUDDIN", &[]),
                entry("AFG0004", EntityKind::Organization, "RAHAT LIMITED", &[]),
            ],
        );
        uk.entries[0]
            .details
            .insert("un_reference_number".into(), "TAi.144".into());
        for e in &mut uk.entries[1..] {
            e.details
                .insert("date_designated".into(), "29-06-2012".into());
            e.details.insert("designation_source".into(), "UN".into());
        }
        let set = cross_list(&[un, uk]);
        let queries: Vec<(&str, &str)> = set
            .labelled
            .iter()
            .map(|l| (l.query.as_str(), l.source.as_ref().unwrap().1.as_str()))
            .collect();
        // Two UN entities share 2012-06-29: the date pairs neither.
        assert_eq!(queries, vec![("HAQQANI SIRAJUDDIN", "6908")]);
        assert_eq!(set.labelled[0].difference.as_deref(), Some("fewer words"));
    }

    #[test]
    fn later_added_names_are_screened_against_the_older_entry() {
        let older = vec![list(
            "OFAC SDN",
            vec![entry(
                "306",
                EntityKind::Organization,
                "BANCO NACIONAL DE CUBA",
                &[],
            )],
        )];
        let newer = vec![list(
            "CSL SDN",
            vec![entry(
                "306",
                EntityKind::Organization,
                "BANCO NACIONAL DE CUBA",
                &["NATIONAL BANK OF CUBA", "BNC"],
            )],
        )];
        let set = later_added(&older, &newer);
        let q: Vec<&str> = set.labelled.iter().map(|l| l.query.as_str()).collect();
        assert_eq!(q, vec!["NATIONAL BANK OF CUBA"]);
        assert_eq!(
            set.labelled[0].source,
            Some(("OFAC SDN".into(), "306".into()))
        );
        assert_eq!(set.different_names.get("companies"), Some(&1), "BNC");
    }
}
