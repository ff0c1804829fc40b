//! Generated variants: a listed name mangled the way manifests do (legal forms changed, added or
//! dropped, words reordered, typos, transliteration spellings, an extra word, an address
//! fragment glued on, punctuation). The matcher was tuned on these: see `real` for the
//! variants the publishers wrote.

use super::{LabelledName, Rng, is_person};
use crate::lists::WatchList;
use crate::model::EntityKind;

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
pub(super) const LEGAL_FORMS: &[&str] = &[
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

/// A listed name disguised with a set strength, for training exercises: `steps` company
/// manglings (1 to 3), or for a person the order changed (1), plus a spelling or typo (2), plus
/// a middle name dropped and both (3). Says what was done, in the words of [`variant`].
pub fn disguise(
    name: &str,
    kind: EntityKind,
    steps: usize,
    rng: &mut Rng,
) -> (String, Vec<String>) {
    let upper = name.to_uppercase();
    let mut done = Vec::new();
    if !is_person(kind) {
        let mut words: Vec<String> = upper.split_whitespace().map(str::to_string).collect();
        for _ in 0..steps.max(1) {
            mangle_company(&mut words, rng, &mut done);
        }
        if done.is_empty() {
            done.push("unchanged".into());
        }
        return (words.join(" "), done);
    }
    let mut words: Vec<String> = crate::screen::normalize::undo_surname_first(&upper)
        .split_whitespace()
        .map(str::to_string)
        .collect();
    if steps >= 3 && words.len() > 2 {
        words.remove(1 + rng.below(words.len() - 2));
        done.push("middle name dropped".into());
    }
    if steps >= 2 {
        let before = done.len();
        respell(&mut words, rng, &mut done);
        if steps >= 3 || done.len() == before {
            typo_somewhere(&mut words, rng, &mut done);
        }
    }
    if words.len() > 1 {
        if rng.chance(50) {
            words.rotate_left(1);
            done.push("reordered".into());
        } else {
            let last = words.len() - 1;
            words[last] = format!("{},", words[last]);
            words.rotate_right(1);
            done.push("SURNAME, Given".into());
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
                difference: None,
                closest: None,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::screen::eval::clean_name;

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
