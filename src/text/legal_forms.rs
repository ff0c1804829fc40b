//! Legal forms as names write them, in several languages (`LIMITED`, `L.L.C.`, `OOO`, `S.A. DE
//! C.V.`, `JOINT STOCK COMPANY`), with the typos clerks make in them. Folding needs them to know
//! that `CO.LTD` is two words and `S.R.L.` one; the name tokeniser canonicalises them (`LIMITED`
//! -> `LTD`) so that the scorer can weigh them low and still see a sister company's other form.

use std::sync::LazyLock;

use foldhash::{HashMap, HashMapExt};

use super::fold::fold_text;

/// Legal forms in several languages: canonical token and the written variants (already folded).
pub(crate) const LEGAL_FORMS: &[(&str, &[&str])] = &[
    (
        "LLC",
        &[
            "LLC",
            "L L C",
            "LIMITED LIABILITY COMPANY",
            "LIMITED LIABILITY CO",
            "OOO",
            "OBSHCHESTVO S OGRANICHENNOY OTVETSTVENNOSTYU",
            "OBSHCHESTVO S OGRANICHENNOI OTVETSTVENNOSTIU",
            // Ukrainian.
            "TOV",
            "TOVARYSTVO Z OBMEZHENOIU VIDPOVIDALNISTIU",
            "TOVARYSTVO Z OBMEZHENOYU VIDPOVIDALNISTYU",
        ],
    ),
    (
        "OJSC",
        &[
            "OJSC",
            "OPEN JOINT STOCK COMPANY",
            "OPEN JOINT STOCK CO",
            "OAO",
            "OTKRYTOE AKTSIONERNOE OBSHCHESTVO",
        ],
    ),
    (
        "CJSC",
        &[
            "CJSC",
            "CLOSED JOINT STOCK COMPANY",
            "CLOSED JOINT STOCK CO",
            "ZAO",
            "ZAKRYTOE AKTSIONERNOE OBSHCHESTVO",
            // Ukrainian private joint stock company.
            "PRYVATNE AKTSIONERNE TOVARYSTVO",
        ],
    ),
    (
        "PJSC",
        &[
            "PJSC",
            "PUBLIC JOINT STOCK COMPANY",
            "PUBLIC JOINT STOCK CO",
            "PAO",
            "PUBLICHNOE AKTSIONERNOE OBSHCHESTVO",
            // Ukrainian.
            "PUBLICHNE AKTSIONERNE TOVARYSTVO",
        ],
    ),
    (
        "JSC",
        &[
            "JSC",
            "JOINT STOCK COMPANY",
            "JOINT STOCK CO",
            "AO",
            "AKTSIONERNOE OBSHCHESTVO",
            "AKTSIONERNOYE OBSHCHESTVO",
            // Ukrainian.
            "AKTSIONERNE TOVARYSTVO",
        ],
    ),
    (
        "FSUE",
        &[
            "FSUE",
            "FGUP",
            "FEDERAL STATE UNITARY ENTERPRISE",
            "FEDERALNOE GOSUDARSTVENNOE UNITARNOE PREDPRIYATIE",
            "FEDERALNOE GOSUDARSTVENNOE UNITARNOE PREDPRIIATIE",
        ],
    ),
    (
        "SUE",
        &[
            "SUE",
            "GUP",
            "STATE UNITARY ENTERPRISE",
            "GOSUDARSTVENNOE UNITARNOE PREDPRIYATIE",
            "GOSUDARSTVENNOE UNITARNOE PREDPRIIATIE",
        ],
    ),
    ("PLC", &["PLC", "PUBLIC LIMITED COMPANY"]),
    ("LLP", &["LLP", "LIMITED LIABILITY PARTNERSHIP"]),
    ("LTD", &["LTD", "LIMITED"]),
    (
        "CO",
        &[
            "CO",
            "COMPANY",
            "COMPANIA",
            "CIA",
            "COMPAGNIE",
            "CIE",
            // Russian and Bulgarian, transliterated.
            "KOMPANIYA",
            "KOMPANIIA",
            "KOMPANI",
            "KAMPANI",
            // Arabic and Persian for company.
            "SHARIKAT",
            "SHARIKA",
            "SHERKAT",
            "SHERKATE",
            "SHIRKAT",
        ],
    ),
    (
        "CORP",
        &["CORP", "CORPORATION", "CORPORACION", "CORPORATIVO"],
    ),
    ("INC", &["INC", "INCORPORATED"]),
    ("GMBH", &["GMBH", "GESELLSCHAFT MIT BESCHRANKTER HAFTUNG"]),
    ("AG", &["AG", "AKTIENGESELLSCHAFT"]),
    ("SPA", &["SPA", "SOCIETA PER AZIONI"]),
    ("SA", &["SA", "SOCIEDAD ANONIMA", "SOCIETE ANONYME", "SAU"]),
    ("SAC", &["SAC", "SOCIEDAD ANONIMA CERRADA"]),
    ("SCS", &["SCS", "SOCIEDAD EN COMANDITA SIMPLE"]),
    ("SRL", &["SRL", "SOCIETA A RESPONSABILITA LIMITATA"]),
    ("SARL", &["SARL", "SOCIETE A RESPONSABILITE LIMITEE"]),
    (
        "SAS",
        &[
            "SAS",
            "SOCIETE PAR ACTIONS SIMPLIFIEE",
            "SOCIEDAD POR ACCIONES SIMPLIFICADA",
        ],
    ),
    (
        "EIRL",
        &["EIRL", "EMPRESA INDIVIDUAL DE RESPONSABILIDAD LIMITADA"],
    ),
    ("LTDA", &["LTDA", "LIMITADA"]),
    ("SDN BHD", &["SDN BHD", "SENDIRIAN BERHAD"]),
    ("BHD", &["BHD", "BERHAD"]),
    ("PTE", &["PTE", "PVT", "PRIVATE"]),
    ("PTY", &["PTY", "PROPRIETARY"]),
    ("EOOD", &["EOOD"]),
    ("OOD", &["OOD"]),
    ("EAD", &["EAD"]),
    ("FZE", &["FZE", "FREE ZONE ESTABLISHMENT"]),
    ("FZCO", &["FZCO", "FZC", "FREE ZONE COMPANY"]),
    ("FZ LLC", &["FZ LLC", "FZLLC"]),
    (
        "EST",
        &[
            "EST",
            "ESTABLISHMENT",
            // Arabic and Persian for establishment, institution.
            "MOASSESEH",
            "MOASSESE",
            "MUASSASAT",
            "MUASSASA",
            "MUASSASAH",
        ],
    ),
    ("BV", &["BV"]),
    ("NV", &["NV"]),
    ("AB", &["AB", "AKTIEBOLAG"]),
    ("AS", &["AS", "ASA"]),
    ("OY", &["OY", "OYJ"]),
    ("KG", &["KG"]),
    ("SPZOO", &["SP Z O O", "SPZOO"]),
    ("DOO", &["D O O", "DOO"]),
    ("SA DE CV", &["SA DE CV", "SADECV", "S A DE C V"]),
    ("PT", &["PT"]),
    ("TBK", &["TBK"]),
    ("STI", &["STI", "SIRKETI"]),
    // Belgium (the old and the new names of the private company).
    ("BVBA", &["BVBA", "SPRL"]),
    // The Gulf: Bahraini, Qatari, Kuwaiti, Omani shareholding companies; with limited liability.
    ("BSC", &["BSC", "BSCC"]),
    ("QSC", &["QSC", "QPSC", "QJSC"]),
    ("KSC", &["KSC", "KSCC", "KSCP"]),
    ("SAOG", &["SAOG", "SAOC"]),
    ("WLL", &["WLL", "WITH LIMITED LIABILITY"]),
    // Central Europe and the Baltics.
    ("SRO", &["SRO", "S R O"]),
    ("KFT", &["KFT"]),
    ("ZRT", &["ZRT"]),
    ("UAB", &["UAB"]),
    // Japan.
    // (Not `KK` alone: a person's initials.)
    ("KK", &["KABUSHIKI KAISHA"]),
];

/// Legal forms written out in full, recognised despite a typo (`CORPORATYON`, `LIMITID`).
pub(crate) const LONG_LEGAL_FORMS: &[(&str, &str)] = &[
    ("CORPORATION", "CORP"),
    ("CORPORACION", "CORP"),
    ("LIMITED", "LTD"),
    ("COMPANY", "CO"),
    ("COMPANIA", "CO"),
    ("COMPAGNIE", "CO"),
    ("INCORPORATED", "INC"),
    ("ESTABLISHMENT", "EST"),
    ("LIMITADA", "LTDA"),
];

/// Longest-first table of legal-form phrases as token sequences.
pub(crate) static LEGAL_FORM_PHRASES: LazyLock<Vec<(Vec<&'static str>, &'static str)>> =
    LazyLock::new(|| {
        let mut phrases: Vec<(Vec<&str>, &str)> = LEGAL_FORMS
            .iter()
            .flat_map(|(canon, variants)| {
                variants
                    .iter()
                    .map(move |v| (v.split(' ').collect::<Vec<_>>(), *canon))
            })
            .collect();
        phrases.sort_by_key(|p| std::cmp::Reverse(p.0.len()));
        phrases
    });

/// One typo apart: a letter dropped, added, replaced, or two neighbours swapped.
/// The same as `strsim::osa_distance(a, b) <= 1`, without allocating: this runs for many
/// words of every query.
pub(crate) fn one_typo_apart(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let same = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[same..], &b[same..]);
    match (a.len(), b.len()) {
        (0, _) | (_, 0) => a.len() + b.len() <= 1,
        (n, m) if n == m => {
            // One replaced, or two neighbours swapped.
            a[1..] == b[1..] || (n >= 2 && a[0] == b[1] && a[1] == b[0] && a[2..] == b[2..])
        }
        // One added or dropped.
        (n, m) if n > m => a[1..] == *b,
        _ => *a == b[1..],
    }
}

/// A legal form with a typo: a written-out form one typo away (words of 6 letters or more),
/// its first letter `K` for `C` (`KORPORATION`) counting as no typo, or two slips away (words
/// of 5 or more, as written: letters dropped, added or swapped, none replaced) when its
/// consonants stay in place (`LIMIITDE`, `LMITD`, `COMMPAN`, `COMPNA`, but not `COMPASS`,
/// `COMPANION`, `CAMPANA` or `COMANA`); or a one-word form of 3 letters or more with one letter doubled (`LTDD`,
/// `CORPP`).
pub(crate) fn misspelt_legal_form(word: &str) -> Option<(usize, &'static str)> {
    if word.len() >= 5 {
        let c_for_k = word.strip_prefix('K').map(|rest| format!("C{rest}"));
        let spellings = std::iter::once(word).chain(c_for_k.as_deref());
        for spelling in spellings {
            let found = LONG_LEGAL_FORMS.iter().find(|(full, _)| {
                spelling.len().abs_diff(full.len()) <= 2
                    && full.as_bytes()[0] == spelling.as_bytes()[0]
                    && ((spelling.len() >= 6 && one_typo_apart(spelling, full))
                        || (spelling == word
                            && full.len() >= 7
                            && slips_apart(spelling, full) <= 2
                            && same_consonants(spelling, full)))
            });
            if let Some((_, canon)) = found {
                return Some((1, canon));
            }
        }
    }
    let bytes = word.as_bytes();
    if word.len() < 4 {
        return None;
    }
    let mut undoubled = String::with_capacity(word.len());
    (1..bytes.len())
        .filter(|&i| bytes[i] == bytes[i - 1])
        .find_map(|i| {
            undoubled.clear();
            undoubled.push_str(&word[..i]);
            undoubled.push_str(&word[i + 1..]);
            one_word_legal_form(&undoubled)
        })
}

/// [`legal_form_at`] of one word: only a phrase of one word can match it, as written.
pub(crate) fn one_word_legal_form(word: &str) -> Option<(usize, &'static str)> {
    PHRASE_INDEX.one_word.get(word).map(|&canon| (1, canon))
}

/// Letters dropped, added, or two neighbours swapped, each one slip, between `a` and `b`; a
/// replaced letter counts two (it is another word more often than a slip).
fn slips_apart(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    for i in 0..=a.len() {
        for j in 0..=b.len() {
            d[i * width + j] = if i == 0 || j == 0 {
                i + j
            } else {
                let replace = if a[i - 1] == b[j - 1] { 0 } else { 2 };
                let mut best = (d[(i - 1) * width + j] + 1)
                    .min(d[i * width + j - 1] + 1)
                    .min(d[(i - 1) * width + j - 1] + replace);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    best = best.min(d[(i - 2) * width + j - 2] + 1);
                }
                best
            };
        }
    }
    d[a.len() * width + b.len()]
}

/// True when `a` has the consonants of `b`, in order, doubled letters read once, but for two
/// neighbours swapped: typing slips, not another word (`COMANA` drops the `P` of `COMPANY`).
fn same_consonants(a: &str, b: &str) -> bool {
    let skeleton = |w: &str| -> Vec<u8> {
        let mut out: Vec<u8> = w
            .bytes()
            .filter(|c| !matches!(c, b'A' | b'E' | b'I' | b'O' | b'U' | b'Y'))
            .collect();
        out.dedup();
        out
    };
    let (a, b) = (skeleton(a), skeleton(b));
    a == b
        || (a.len() == b.len()
            && (1..a.len()).any(|i| {
                a[i - 1] == b[i]
                    && a[i] == b[i - 1]
                    && a[..i - 1] == b[..i - 1]
                    && a[i + 1..] == b[i + 1..]
            }))
}

/// True when `text` as a whole is a legal form (`LIMITED LIABILITY COMPANY`, `S.A. DE C.V.`,
/// `Co., Ltd`).
pub fn is_legal_form(text: &str) -> bool {
    let folded = fold_text(text);
    let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    !words.is_empty() && legal_form_at(&words).is_some_and(|(len, _)| len == words.len())
}

/// The legal-form phrase starting `words`, longest first. In a phrase of several words, a word
/// of five letters or more may carry one typo (`LIMITED LIABILITY COMMPANY`, `JOINT STOCC
/// COMPANY`): the phrase as a whole is unmistakable. Once one of its words is written exactly,
/// the others may carry more: a typo in the first letter (`DJOINT STOCK COMPANY`) or, in words
/// of seven letters or more, two typos (`JOINT STOCK COMAAPNY`, `PUBLICHNOE AKTSIONERNOE
/// OBSCHETVO`).
pub(crate) fn legal_form_at(words: &[&str]) -> Option<(usize, &'static str)> {
    // Of the longest phrases that match, the one with the most words written exactly
    // (`ZAKRYTOE AKTSIONERNOE OBSHESTVO` is CJSC, though it is as near OJSC's `OTKRYTOE
    // AKTSIONERNOE OBSHCHESTVO`, which comes first), then the first in table order.
    let mut best: Option<((usize, &'static str), usize)> = None;
    // Only these phrases can match (see [`PhraseIndex`]), tried in table order: longest first.
    for at in PHRASE_INDEX.candidates(words) {
        let (phrase, canon) = &LEGAL_FORM_PHRASES[at];
        if best.is_some_and(|((n, _), _)| phrase.len() < n) {
            break;
        }
        if let Some(found) = phrase_at(words, phrase, canon) {
            let exact = words.iter().zip(phrase).filter(|(w, p)| w == p).count();
            if best.is_none_or(|(_, most)| exact > most) {
                best = Some((found, exact));
            }
        }
    }
    best.map(|(found, _)| found)
}

/// `words` begin with `phrase`, as written or with a typo in its long words.
pub(crate) fn phrase_at(
    words: &[&str],
    phrase: &[&str],
    canon: &'static str,
) -> Option<(usize, &'static str)> {
    let n = phrase.len();
    if words.len() < n {
        return None;
    }
    let words = &words[..n];
    if words.iter().zip(phrase).all(|(w, p)| w == p) {
        return Some((n, canon));
    }
    if n == 1 {
        return None;
    }
    let anchored = words.iter().zip(phrase).any(|(w, p)| w == p);
    let near = |w: &str, p: &str| {
        w == p
            || (p.len() >= 5
                && w.len().abs_diff(p.len()) <= 2
                && ((w.as_bytes()[0] == p.as_bytes()[0] && one_typo_apart(w, p))
                    || (anchored
                        && (one_typo_apart(w, p)
                            || (p.len() >= 7 && strsim::osa_distance(w, p) <= 2)))))
    };
    words
        .iter()
        .zip(phrase)
        .all(|(w, p)| near(w, p))
        .then_some((n, canon))
}

/// A set of rows of [`LEGAL_FORM_PHRASES`], one bit each.
type PhraseSet = [u64; 3];

/// Which rows of [`LEGAL_FORM_PHRASES`] can begin at a word, so that a word is tried against
/// a few phrases instead of all of them. A phrase matches as written, or (with several words)
/// when each word is near its phrase word (see [`phrase_at`]): for the first word that needs
/// 5 letters or more in the phrase, at most 2 more or fewer in the word, and either the same
/// first letter or another word of the phrase written exactly. No other row can match.
struct PhraseIndex {
    /// By the phrase's first word.
    by_first: HashMap<&'static str, PhraseSet>,
    /// Phrases of several words whose first word has 5 letters or more: by that word's
    /// length, and by its first letter (A-Z) and length.
    by_length: Vec<PhraseSet>,
    by_letter_length: Vec<[PhraseSet; 26]>,
    /// The words of phrases other than their first.
    later_words: foldhash::HashSet<&'static str>,
    /// The most words in a phrase.
    longest: usize,
    /// The phrases of one word, with their canonical form (the first row's, as in table
    /// order).
    one_word: HashMap<&'static str, &'static str>,
}

impl PhraseIndex {
    /// The rows that may match at the start of `words`, in table order.
    fn candidates(&self, words: &[&str]) -> impl Iterator<Item = usize> + use<> {
        let first = words.first().copied().unwrap_or_default();
        let mut set = self.by_first.get(first).copied().unwrap_or_default();
        let anchored = words
            .iter()
            .take(self.longest)
            .skip(1)
            .any(|w| self.later_words.contains(w));
        let letter = first
            .bytes()
            .next()
            .filter(u8::is_ascii_uppercase)
            .map(|b| usize::from(b - b'A'));
        for length in first.len().saturating_sub(2)..=first.len() + 2 {
            let rows = if anchored {
                self.by_length.get(length)
            } else {
                letter.and_then(|l| self.by_letter_length.get(length).map(|by| &by[l]))
            };
            for (bits, more) in set.iter_mut().zip(rows.into_iter().flatten()) {
                *bits |= more;
            }
        }
        set.into_iter().enumerate().flat_map(|(k, mut bits)| {
            std::iter::from_fn(move || {
                (bits != 0).then(|| {
                    let bit = bits.trailing_zeros() as usize;
                    bits &= bits - 1;
                    k * 64 + bit
                })
            })
        })
    }
}

static PHRASE_INDEX: LazyLock<PhraseIndex> = LazyLock::new(|| {
    assert!(
        LEGAL_FORM_PHRASES.len() <= 64 * 3,
        "PhraseSet holds every row"
    );
    let mut index = PhraseIndex {
        by_first: HashMap::new(),
        by_length: Vec::new(),
        by_letter_length: Vec::new(),
        later_words: Default::default(),
        longest: 0,
        one_word: HashMap::new(),
    };
    for (at, (phrase, canon)) in LEGAL_FORM_PHRASES.iter().enumerate() {
        if let [word] = phrase[..] {
            index.one_word.entry(word).or_insert(*canon);
        }
        let bit = |set: &mut PhraseSet| set[at / 64] |= 1 << (at % 64);
        bit(index.by_first.entry(phrase[0]).or_default());
        index.longest = index.longest.max(phrase.len());
        index.later_words.extend(&phrase[1..]);
        let length = phrase[0].len();
        if phrase.len() > 1 && length >= 5 {
            if index.by_length.len() <= length {
                index.by_length.resize(length + 1, PhraseSet::default());
                index
                    .by_letter_length
                    .resize(length + 1, [PhraseSet::default(); 26]);
            }
            bit(&mut index.by_length[length]);
            let letter = usize::from(phrase[0].as_bytes()[0] - b'A');
            bit(&mut index.by_letter_length[length][letter]);
        }
    }
    index
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_typo_apart_is_an_edit_distance_of_one() {
        let words = [
            "", "A", "AB", "BA", "ABC", "ACB", "BAC", "UNIT", "UIT", "UNTI", "NUIT", "UNITS",
            "JEBEL", "JEBELL", "JEBLE", "GROUP", "GORUP", "GRUOP", "GROP", "GROUPP", "AAB", "ABA",
        ];
        for a in words {
            for b in words {
                assert_eq!(
                    one_typo_apart(a, b),
                    strsim::osa_distance(a, b) <= 1,
                    "{a} {b}"
                );
            }
        }
    }
}
