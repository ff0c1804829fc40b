//! Scoring one query against one list name: how similar two tokens are, and how the tokens of
//! the two names align into a score, with the adjustments (numbers, legal forms, lines of
//! business, generic words) the module comment lists. Pure functions of the tokens and their
//! weights: nothing here reads the index or builds a string (see `explain`).

use crate::model::EntityKind;

use super::super::normalize::{NameToken, TokenClass};
use super::super::sound_key::abjad_fits;
use super::super::translit::{TRANSLITERATION_SIMILARITY, same_name, same_patronymic};
use super::ListName;
use super::explain::{Alignment, explain, round3};
use super::jaro::jaro_winkler;

/// Similarity given to two spellings with the same sound-alike key (`HODJATI`/`HOJATI`).
const SOUND_ALIKE_SIMILARITY: f64 = 0.94;
/// Similarity of a word in an abjad (Arabic, Persian, Hebrew script) and a Latin word it can
/// be: the same consonants, and its long vowels where the Latin has vowels of their kind.
pub(super) const ABJAD_SIMILARITY: f64 = 0.94;
/// Spellings must be this close for a shared key to count: below it, a shared skeleton is
/// chance (`HASSAN`/`HOSSEIN` are two names, `GRANITE`/`GARANTIYA` two words).
const SOUND_ALIKE_MIN_SIMILARITY: f64 = 0.80;
/// ... and this close in length (`CHENNAI`/`CHINA`, `RIVER`/`RIVIERA` are not).
const SOUND_ALIKE_MIN_LENGTH_RATIO: f64 = 0.8;
/// The most a word can score against a word it begins, when the rest is more than a doubled
/// last letter: `TAN`/`TANAKA`, `HAN`/`HANS`, `PETROV`/`PETROVIC` are names of their own, to
/// which Jaro-Winkler's prefix bonus is generous.
pub(super) const EXTENDED_WORD_SIMILARITY: f64 = 0.85;
/// ... and when the longer word has three letters more or beyond: two names that share a
/// stem (`MARIN`/`MARTINEZ`, `ABDUL`/`ABDULLAH`).
pub(super) const FAR_EXTENDED_WORD_SIMILARITY: f64 = 0.8;
/// Tokens this short need `SHORT_TOKEN_MIN_SIMILARITY` to align.
pub(super) const SHORT_TOKEN: usize = 4;
/// A word found in the names of this many list entries or more is common: a name in its own
/// right.
pub(super) const COMMON_WORD_ENTRIES: usize = 5;
pub(super) const SHORT_TOKEN_MIN_SIMILARITY: f64 = 0.9;
/// Pairs less similar than this are not aligned at all.
pub(super) const MIN_PAIR_SIMILARITY: f64 = 0.80;
/// How much an unmatched list token costs relative to an unmatched query token. Persons are
/// listed with middle names and patronymics that manifests leave out; an organisation's
/// leftover word names a different organisation (`STAR SAPPHIRE TRADING` is not `SAPPHIRE
/// TRADING`).
const UNMATCHED_LIST_COST_PERSON: f64 = 0.5;
/// Middle names and patronymics (`Vladimir Vladislavovich KOVALENKO`) are left out more often
/// than given names or surnames, and cost less again.
const UNMATCHED_LIST_COST_PERSON_MIDDLE: f64 = 0.15;
/// A patronymic (`VLADIMIROVICH`, `ROMANOVYCH`, `IVANOVNA`, `MAMMAD OGLU`) in the middle of a listed name is
/// what a manifest leaves out first of all: it costs half a middle name.
const UNMATCHED_LIST_COST_PATRONYMIC: f64 = 0.075;
const UNMATCHED_LIST_COST_OTHER: f64 = 1.0;
/// The second word of a family name of two, when the first aligned: manifests often write only
/// the first (`Mayra RIVERA` for `RIVERA MARADIAGA, Maira`).
const UNMATCHED_SECOND_SURNAME_COST: f64 = 0.3;
/// How close the first family word must align for the second to cost only
/// [`UNMATCHED_SECOND_SURNAME_COST`]: a typo or a transliteration, not a sound-alike.
const SECOND_SURNAME_MIN_SIMILARITY: f64 = 0.95;
/// What an unmatched word (not a line of business) of a listed organisation's name costs when
/// the query has two distinctive words or more and every one of them aligned: the query is a
/// short form of the listed name (`HAJI KHAIRULLAH MONEY EXCHANGE` for `HAJI KHAIRULLAH HAJI SATTAR MONEY
/// EXCHANGE`), not another name.
pub(super) const UNMATCHED_LIST_COST_HELD_ORGANISATION: f64 = 0.5;

/// Whether the query's distinctive words (words and numbers), all aligned, are enough to name
/// one organisation: two or more, or one long rare word (`EVROFINANCE`, weight
/// [`HELD_ALONE_WEIGHT`] or more).
fn holds_every_distinctive_word(query: &[Weighted], q_used: &[bool]) -> bool {
    let distinctive = |t: &Weighted| matches!(t.class, TokenClass::Word | TokenClass::Number);
    let mut words = query.iter().filter(|t| distinctive(t));
    let enough = match (words.next(), words.next()) {
        (Some(_), Some(_)) => true,
        (Some(only), None) => only.weight >= HELD_ALONE_WEIGHT,
        _ => false,
    };
    enough
        && query
            .iter()
            .zip(q_used)
            .all(|(t, used)| *used || !distinctive(t))
}

/// The weight (length times rarity) of a word long and rare enough to name an organisation on
/// its own: eight letters found in one list entry.
const HELD_ALONE_WEIGHT: f64 = 8.0;

/// An unmatched family name costs as much as an unmatched query token: `ANNA IVANOVA` is not
/// `OTKE, Anna Ivanovna`. Only a family name of one word: of two (`MADURO MOROS`, `MORENO
/// PEREZ`), manifests often write just one.
const UNMATCHED_SURNAME_COST: f64 = 1.0;

/// What an unmatched list token at `position` costs, relative to an unmatched query token.
/// Person names are in `Given Middle SURNAME` order here (see `undo_surname_first`).
fn unmatched_list_cost(list: &ListShape, position: usize, text: &str) -> f64 {
    let len = list.len;
    match list.kind {
        EntityKind::Person if list.surname == 1 && position + 1 == len => UNMATCHED_SURNAME_COST,
        EntityKind::Person if position > 0 && position + 1 < len && is_patronymic(text) => {
            UNMATCHED_LIST_COST_PATRONYMIC
        }
        EntityKind::Person if position > 0 && position + 1 < len => {
            UNMATCHED_LIST_COST_PERSON_MIDDLE
        }
        EntityKind::Person => UNMATCHED_LIST_COST_PERSON,
        _ => UNMATCHED_LIST_COST_OTHER,
    }
}

/// True for a patronymic by its ending: Russian and Ukrainian (`-OVICH`, `-EVNA`, `-ICHNA`),
/// and the Turkic words for son and daughter of (`OGLU`, `OGLY`, `KYZY`, `ULY`).
pub(super) fn is_patronymic(text: &str) -> bool {
    ["VICH", "VYCH", "VITCH", "VNA", "ICHNA"]
        .iter()
        .any(|end| text.len() > end.len() + 2 && text.ends_with(end))
        || matches!(
            text,
            "OGLU" | "OGLY" | "OGHLU" | "KYZY" | "KIZI" | "ULY" | "UULU"
        )
}

/// What the scorer needs to know of a list name besides its tokens.
#[derive(Debug, Clone, Copy)]
pub(super) struct ListShape {
    pub(super) kind: EntityKind,
    pub(super) len: usize,
    /// Trailing tokens that are the family name (0 when the list does not say).
    pub(super) surname: usize,
}

/// What a query token no list token aligned with costs, relative to its weight: a word, a
/// number or a line of business in full; what decorates a name (`IMPORT EXPORT`, `DUBAI`, a
/// legal form, an address) under a third of an extra word. See [`extra_cost`] for the lower
/// prices when the query holds a listed name whole.
pub(super) fn unmatched_query_cost(class: TokenClass) -> f64 {
    match class {
        TokenClass::Word | TokenClass::Number | TokenClass::Generic => 1.0,
        _ => UNMATCHED_QUERY_DECORATION_COST,
    }
}
const UNMATCHED_QUERY_DECORATION_COST: f64 = 0.3;

/// When the query holds every word of a listed person's name of two words or more, what it
/// adds is more of the same name (a second given name, a second surname, a patronymic:
/// `Elena Petrovna IVANOVA` for `IVANOVA, Elena`): an extra word costs this, not in full.
pub(super) const CONTAINED_EXTRA_WORD_COST_PERSON: f64 = 0.3;
/// ... and a patronymic (see [`is_patronymic`]) this.
pub(super) const CONTAINED_EXTRA_PATRONYMIC_COST: f64 = 0.1;
/// When the query holds every word of a listed organisation's name of two distinctive words
/// or more, an extra word (`DIRECTORATE`, a place, a line of business) costs this: a longer
/// rendering of the same name (`SYRIAN MILITARY INTELLIGENCE DIRECTORATE`), though it may
/// name a sister company.
pub(super) const CONTAINED_EXTRA_WORD_COST_ORGANISATION: f64 = 0.6;

/// The least an unmatched query token can cost, whatever it is aligned with: the bound of
/// stage one uses it.
pub(super) fn least_unmatched_query_cost(t: &Weighted) -> f64 {
    match t.class {
        TokenClass::Word if is_patronymic(t.text) => CONTAINED_EXTRA_PATRONYMIC_COST,
        TokenClass::Word => CONTAINED_EXTRA_WORD_COST_PERSON,
        TokenClass::Generic => CONTAINED_EXTRA_WORD_COST_ORGANISATION,
        class => unmatched_query_cost(class),
    }
}

/// How the query's extra words are priced against one list name.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Extras {
    /// In full (a word) or at a decoration's cost.
    Normal,
    /// The query holds every distinctive word of the list name, of this kind (see
    /// [`extras_for`]): its extra words are more of the same name.
    Contained(EntityKind),
    /// The query holds a listed person's whole family name (as the list marks it) and one of
    /// the given names, but not every given name: its extra words are likely more of the same
    /// name (`Eduardo Ramon ARELLANO FELIX` for `ARELLANO FELIX, Javier Eduardo`), at
    /// [`FAMILY_HELD_EXTRA_WORD_COST`].
    FamilyHeld,
    /// The list name has no distinctive word (`SHIPPING AGENCIES CO`): it needs all of its
    /// words and little else, so an extra word or line of business (`BLUE OCEAN`, `MARINE`)
    /// costs double; a place or `TRADING` costs as usual.
    GenericName,
}

/// What an extra word costs when the query holds a listed person's family name and a given
/// name (see [`Extras::FamilyHeld`]).
pub(super) const FAMILY_HELD_EXTRA_WORD_COST: f64 = 0.6;
/// What an extra word costs against a name of generic words only.
pub(super) const GENERIC_NAME_EXTRA_COST: f64 = 2.0;

/// What an unmatched query token costs, as `extras` says.
fn extra_cost(t: &Weighted, extras: Extras) -> f64 {
    match (extras, t.class) {
        (Extras::Contained(EntityKind::Person), TokenClass::Word) if is_patronymic(t.text) => {
            CONTAINED_EXTRA_PATRONYMIC_COST
        }
        (Extras::Contained(EntityKind::Person), TokenClass::Word) => {
            CONTAINED_EXTRA_WORD_COST_PERSON
        }
        (Extras::FamilyHeld, TokenClass::Word) if is_patronymic(t.text) => {
            CONTAINED_EXTRA_PATRONYMIC_COST
        }
        (Extras::FamilyHeld, TokenClass::Word) => FAMILY_HELD_EXTRA_WORD_COST,
        (Extras::Contained(_), TokenClass::Word | TokenClass::Generic) => {
            CONTAINED_EXTRA_WORD_COST_ORGANISATION
        }
        (Extras::GenericName, TokenClass::Word | TokenClass::Generic) => GENERIC_NAME_EXTRA_COST,
        _ => unmatched_query_cost(t.class),
    }
}

/// How the query's extra words are priced against a list name, given the list tokens aligned:
/// [`Extras::Contained`] when every one of its distinctive words (words and numbers) aligned
/// and it has two or more of them; [`Extras::FamilyHeld`] when a person's whole family name
/// and a given name aligned; [`Extras::GenericName`] when it has no distinctive word. A listed
/// name of one distinctive word (`ATLANTIC`) is priced as usual.
fn extras_for(list: &[Weighted], l_used: &[bool], shape: ListShape) -> Extras {
    let distinctive = |t: &Weighted| matches!(t.class, TokenClass::Word | TokenClass::Number);
    let count = list.iter().filter(|t| distinctive(t)).count();
    let all = list
        .iter()
        .zip(l_used)
        .all(|(t, used)| *used || !distinctive(t));
    // A person's whole family name, as the list marks it, and a given name besides.
    let family_held = shape.kind == EntityKind::Person
        && shape.surname > 0
        && shape.surname < list.len()
        && l_used[list.len() - shape.surname..].iter().all(|u| *u)
        && l_used[..list.len() - shape.surname].iter().any(|u| *u);
    match count {
        0 if !list.is_empty() => Extras::GenericName,
        2.. if all => Extras::Contained(shape.kind),
        _ if family_held => Extras::FamilyHeld,
        _ => Extras::Normal,
    }
}

/// Score multiplier when both names carry numbers and they disagree.
pub(super) const NUMBER_MISMATCH_FACTOR: f64 = 0.6;
/// Score multiplier when both names carry legal forms and none of them align: a sister
/// company with another legal form is not the same party.
pub(super) const LEGAL_FORM_MISMATCH_FACTOR: f64 = 0.97;
/// Score multiplier when each name names a line of business the other does not
/// (`MARBLE INDUSTRIES` and `MARBLE SHIPPING`): sister companies, not one.
pub(super) const BUSINESS_MISMATCH_FACTOR: f64 = 0.9;
/// Score multiplier when only generic words, legal forms or stopwords aligned.
pub(super) const GENERIC_ONLY_FACTOR: f64 = 0.5;

/// Numbers, legal forms and tokens of one or two characters align only when equal.
pub(super) fn exact_only(t: &NameToken) -> bool {
    exact_only_parts(&t.text, t.class)
}

fn exact_only_parts(text: &str, class: TokenClass) -> bool {
    matches!(class, TokenClass::Number | TokenClass::LegalForm) || text.len() <= 2
}

/// Similarity of two tokens in [0, 1], under the rules in the module comment.
pub fn token_similarity(a: &NameToken, b: &NameToken) -> f64 {
    similarity_to(a, &b.text, b.class, a.key == b.key, b.abjad)
}

/// [`token_similarity`] with the second token in parts; `same_key` tells whether the two
/// sound-alike keys are equal.
pub(super) fn similarity_to(
    a: &NameToken,
    b: &str,
    b_class: TokenClass,
    same_key: bool,
    b_abjad: bool,
) -> f64 {
    if a.text == b {
        return 1.0;
    }
    // A word in Arabic or Persian script against a Latin one: its consonants and long vowels
    // are all it writes, so they are all that can be compared (`HSYN`/`HUSSEIN`).
    if a.abjad != b_abjad {
        let (abjad, latin) = if a.abjad {
            (a.text.as_str(), b)
        } else {
            (b, a.text.as_str())
        };
        // A particle (`BN`/`BEN`) or a generic word as well as a word; not a number, a legal
        // form or an address.
        let word = |c: TokenClass| {
            matches!(
                c,
                TokenClass::Word
                    | TokenClass::Stopword
                    | TokenClass::Generic
                    | TokenClass::Decoration
            )
        };
        // A Latin word of one or two letters is an initial or an article (`AL` is not `ALLH`).
        let words = word(a.class) && word(b_class) && latin.len() >= 3;
        return if words && abjad_fits(abjad, latin) {
            ABJAD_SIMILARITY
        } else {
            0.0
        };
    }
    if exact_only(a) || exact_only_parts(b, b_class) {
        return if a.text == b { 1.0 } else { 0.0 };
    }
    // One name in two transliteration systems (`KATERYNA`/`EKATERINA`): the table's rows
    // share a key, so that only a pair with equal keys need be looked up.
    if same_key && a.class == b_class && same_name(&a.text, b) {
        return TRANSLITERATION_SIMILARITY;
    }
    // A patronymic made from such a name (`SERGEEVICH`/`SIARHEEVICH`): the keys differ.
    if a.class == b_class && same_patronymic(&a.text, b) {
        return TRANSLITERATION_SIMILARITY;
    }
    // Equal texts score 1.0 from here on: Jaro-Winkler is 1.0 and no rule below lowers it.
    let mut jw = jaro_winkler(a.text.as_bytes(), b.as_bytes());
    if jw > EXTENDED_WORD_SIMILARITY
        && a.class == TokenClass::Word
        && b_class == TokenClass::Word
        && (extends(&a.text, b) || inside_with_two_more(&a.text, b))
    {
        // Three letters more or beyond is further still (`MARIN`/`MARTINEZ`).
        let more = a.text.len().abs_diff(b.len());
        jw = jw.min(if more >= 3 {
            FAR_EXTENDED_WORD_SIMILARITY
        } else {
            EXTENDED_WORD_SIMILARITY
        });
    }
    let short = a.text.len().min(b.len()) <= SHORT_TOKEN;
    if short && same_key && y_for_i(&a.text, b) {
        // `WADY`/`WADI`, `ALY`/`ALI`: one sound written two ways.
        return jw.max(SHORT_TOKEN_MIN_SIMILARITY);
    }
    if short {
        // One letter in four is a different name (`CHEN`/`CHAN`, `JUAN`/`JIAN`), not a typo
        // or a transliteration; but `GEN` is short for `GENERAL`.
        return if jw >= SHORT_TOKEN_MIN_SIMILARITY || is_abbreviation(&a.text, b) {
            jw
        } else {
            0.0
        };
    }
    // Lengths with each run of vowels counted once: a transliteration writes one vowel as two
    // (`YUNUS`/`YOUNOUS`, `RAISI`/`RAEESI`).
    let (la, lb) = (spoken_len(&a.text), spoken_len(b));
    if a.key.len() >= 3
        && jw >= SOUND_ALIKE_MIN_SIMILARITY
        && la.min(lb) / la.max(lb) >= SOUND_ALIKE_MIN_LENGTH_RATIO
        && same_key
    {
        jw.max(SOUND_ALIKE_SIMILARITY)
    } else {
        jw
    }
}

/// A word's length with every run of vowels (`Y` included) counted as one letter.
fn spoken_len(word: &str) -> f64 {
    let vowel = |c: &u8| matches!(c, b'A' | b'E' | b'I' | b'O' | b'U' | b'Y');
    let mut previous_vowel = false;
    let mut n = 0u32;
    for c in word.bytes() {
        let v = vowel(&c);
        if !(v && previous_vowel) {
            n += 1;
        }
        previous_vowel = v;
    }
    f64::from(n)
}

/// True when one word begins the other with more than a typo's worth left over: the query
/// word `query` adds a letter that is not its last one doubled (`HANS` for `HAN`, not `HANN`),
/// or either word adds two letters or more (`PETROV`/`PETROVIC`). A query one letter short
/// (`IVANOVN`) is a dropped letter.
fn extends(query: &str, listed: &str) -> bool {
    let (short, long) = if query.len() <= listed.len() {
        (query, listed)
    } else {
        (listed, query)
    };
    if short.len() < 3 || long.len() == short.len() || !long.starts_with(short) {
        return false;
    }
    let rest = &long.as_bytes()[short.len()..];
    rest.len() >= 2 || (long == query && short.as_bytes().last() != rest.first())
}

/// True when the longer word holds every letter of the shorter, in order, and two letters or
/// more besides (`PARTS`/`PARTNERS`, `FACO`/`FALCON`): a word of its own, not a typo.
pub(super) fn inside_with_two_more(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() < short.len() + 2 {
        return false;
    }
    let mut rest = long.bytes();
    short.bytes().all(|c| rest.any(|l| l == c))
}

/// True when two words of one length differ only in one letter, `Y` in one and `I` in the
/// other.
fn y_for_i(a: &str, b: &str) -> bool {
    a.len() == b.len() && {
        let mut differ = a.bytes().zip(b.bytes()).filter(|(x, y)| x != y);
        matches!(
            (differ.next(), differ.next()),
            (Some((b'Y', b'I') | (b'I', b'Y')), None)
        )
    }
}

/// True when the shorter token (three letters or more) starts the longer one: `GEN`/`GENERAL`.
fn is_abbreviation(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    short.len() >= 3 && long.starts_with(short)
}

/// A token as the scorer sees it: text, class and weight.
#[derive(Debug, Clone, Copy)]
pub struct Weighted<'a> {
    pub text: &'a str,
    pub class: TokenClass,
    pub weight: f64,
    /// Folded from an abjad (see [`NameToken::abjad`]).
    pub abjad: bool,
}

/// A query token and a list token similar enough to align.
#[derive(Debug, Clone, Copy)]
pub(super) struct Pairing {
    /// Their similarity, at least `MIN_PAIR_SIMILARITY`.
    pub(super) similarity: f64,
    /// The query token's index in the query.
    pub(super) query: usize,
    /// The list token's index in the list name.
    pub(super) list: usize,
}

/// Aligns query tokens with list tokens, best pair first, each used once, and scores the
/// result, with every token weighted by its length and class only (no rarity).
pub fn align(query: &[NameToken], list_name: &ListName) -> Alignment {
    let list = &list_name.tokens[..];
    fn weigh(t: &NameToken) -> Weighted<'_> {
        Weighted {
            text: &t.text,
            class: t.class,
            weight: t.weight(),
            abjad: t.abjad,
        }
    }
    let q: Vec<Weighted> = query.iter().map(weigh).collect();
    let l: Vec<Weighted> = list.iter().map(weigh).collect();
    let mut pairs = Vec::new();
    for (qi, a) in query.iter().enumerate() {
        for (li, b) in list.iter().enumerate() {
            let similarity = token_similarity(a, b);
            if similarity >= MIN_PAIR_SIMILARITY {
                pairs.push(Pairing {
                    similarity,
                    query: qi,
                    list: li,
                });
            }
        }
    }
    let shape = ListShape {
        kind: list_name.kind,
        len: list.len(),
        surname: list_name.surname.min(list.len()),
    };
    score_alignment(&q, &l, shape, pairs)
}

/// The numbers behind an alignment, computed without building any string: most candidates
/// fall below the threshold and need no explanation.
pub(super) struct AlignmentCore {
    pub(super) score: f64,
    /// Chosen pairs, best first.
    pub(super) chosen: Vec<Pairing>,
    /// Per query token, per list token: whether it is in a chosen pair.
    pub(super) q_used: Vec<bool>,
    pub(super) l_used: Vec<bool>,
    pub(super) number_mismatch: bool,
    pub(super) legal_mismatch: bool,
    pub(super) business_mismatch: bool,
    pub(super) generic_only: bool,
    /// How the query's extra words were priced.
    pub(super) extras: Extras,
}

/// The pairs an alignment chose, and the score's running sums.
struct Chosen {
    pairs: Vec<Pairing>,
    q_used: Vec<bool>,
    l_used: Vec<bool>,
    /// Stretched similarity times weight, over the chosen pairs.
    numerator: f64,
    /// Weight of the chosen pairs; the leftover tokens' costs are added to it after.
    denominator: f64,
    /// Whether a word or a number aligned.
    distinctive: bool,
    /// Whether a legal form aligned.
    legal_aligned: bool,
}

/// What the tokens left over on one side of an alignment hold.
#[derive(Default)]
struct Leftover {
    number: bool,
    legal_form: bool,
    business: bool,
}

/// Aligns best pair first, each token used once, and scores the result.
pub(super) fn align_core(
    query: &[Weighted],
    list: &[Weighted],
    shape: ListShape,
    candidates: &mut [Pairing],
) -> AlignmentCore {
    let mut chosen = choose_pairs(query, list, candidates);
    // The leftover costs are added in this order, query then list: the score's rounding
    // depends on it.
    let extras = extras_for(list, &chosen.l_used, shape);
    let q_left = leftover_query(query, &chosen.q_used, extras, &mut chosen.denominator);
    let query_held = holds_every_distinctive_word(query, &chosen.q_used);
    // The first of two family words aligned closely, not only sounding alike (`HOJATI` is
    // not `HODJAT ABADI`).
    let first_family_close = shape.surname == 2
        && chosen
            .pairs
            .iter()
            .any(|p| p.list + 2 == shape.len && p.similarity >= SECOND_SURNAME_MIN_SIMILARITY);
    let l_left = leftover_list(
        list,
        &chosen.l_used,
        shape,
        query_held,
        first_family_close,
        &mut chosen.denominator,
    );
    let mut score = if chosen.denominator > 0.0 {
        chosen.numerator / chosen.denominator
    } else {
        0.0
    };
    let q_has_number = query.iter().any(|t| t.class == TokenClass::Number);
    let l_has_number = list.iter().any(|t| t.class == TokenClass::Number);
    let number_mismatch = q_has_number && l_has_number && (q_left.number || l_left.number);
    if number_mismatch {
        score *= NUMBER_MISMATCH_FACTOR;
    }
    let legal_mismatch = q_left.legal_form && l_left.legal_form && !chosen.legal_aligned;
    if legal_mismatch {
        score *= LEGAL_FORM_MISMATCH_FACTOR;
    }
    let business_mismatch = q_left.business && l_left.business;
    if business_mismatch {
        score *= BUSINESS_MISMATCH_FACTOR;
    }
    let generic_only = !chosen.pairs.is_empty()
        && !chosen.distinctive
        && !whole_generic_name(list, &chosen.l_used);
    if generic_only {
        score *= GENERIC_ONLY_FACTOR;
    }
    AlignmentCore {
        score: round3(score),
        chosen: chosen.pairs,
        q_used: chosen.q_used,
        l_used: chosen.l_used,
        number_mismatch,
        legal_mismatch,
        business_mismatch,
        generic_only,
        extras,
    }
}

/// Sorts the candidate pairs best first and takes each whose tokens are both still free.
fn choose_pairs(query: &[Weighted], list: &[Weighted], candidates: &mut [Pairing]) -> Chosen {
    // A total order, so that the alignment does not depend on the order pairs were found in.
    candidates.sort_by(|a, b| {
        b.similarity
            .total_cmp(&a.similarity)
            .then(
                (query[b.query].weight + list[b.list].weight)
                    .total_cmp(&(query[a.query].weight + list[a.list].weight)),
            )
            .then(a.query.cmp(&b.query))
            .then(a.list.cmp(&b.list))
    });
    let mut chosen = Chosen {
        pairs: Vec::new(),
        q_used: vec![false; query.len()],
        l_used: vec![false; list.len()],
        numerator: 0.0,
        denominator: 0.0,
        distinctive: false,
        legal_aligned: false,
    };
    for &pair in candidates.iter() {
        let (qi, li) = (pair.query, pair.list);
        if chosen.q_used[qi] || chosen.l_used[li] {
            continue;
        }
        chosen.q_used[qi] = true;
        chosen.l_used[li] = true;
        let w = query[qi].weight + list[li].weight;
        chosen.numerator += stretch(pair.similarity) * w;
        chosen.denominator += w;
        chosen.distinctive |= matches!(query[qi].class, TokenClass::Word | TokenClass::Number);
        chosen.legal_aligned |= query[qi].class == TokenClass::LegalForm;
        chosen.pairs.push(pair);
    }
    chosen
}

/// Adds what the query's unaligned tokens cost to `denominator`, and says what they hold.
fn leftover_query(
    query: &[Weighted],
    q_used: &[bool],
    extras: Extras,
    denominator: &mut f64,
) -> Leftover {
    let mut left = Leftover::default();
    for (t, _) in query.iter().zip(q_used).filter(|(_, u)| !**u) {
        *denominator += t.weight * extra_cost(t, extras);
        left.note(t.class);
    }
    left
}

/// Adds what the list name's unaligned tokens cost to `denominator`, and says what they hold.
fn leftover_list(
    list: &[Weighted],
    l_used: &[bool],
    shape: ListShape,
    query_held: bool,
    first_family_close: bool,
    denominator: &mut f64,
) -> Leftover {
    let mut left = Leftover::default();
    for (position, (t, _)) in list
        .iter()
        .zip(l_used)
        .enumerate()
        .filter(|(_, (_, u))| !**u)
    {
        let cost = match shape.kind {
            EntityKind::Person
                if shape.surname == 2 && position + 1 == shape.len && first_family_close =>
            {
                UNMATCHED_SECOND_SURNAME_COST
            }
            EntityKind::Person => unmatched_list_cost(&shape, position, t.text),
            // A line of business left over still names a sister company.
            _ if query_held && t.class == TokenClass::Word => UNMATCHED_LIST_COST_HELD_ORGANISATION,
            // `GROUP`, `INTERNATIONAL`, a place: what a manifest leaves out.
            _ if t.class == TokenClass::Decoration => UNMATCHED_QUERY_DECORATION_COST,
            _ => UNMATCHED_LIST_COST_OTHER,
        };
        *denominator += t.weight * cost;
        left.note(t.class);
    }
    left
}

impl Leftover {
    fn note(&mut self, class: TokenClass) {
        self.number |= class == TokenClass::Number;
        self.legal_form |= class == TokenClass::LegalForm;
        self.business |= class == TokenClass::Generic;
    }
}

/// A list name made of generic words only, all of them aligned, is matched in full. A name of
/// one such word needs its stopwords too (`DES INTERNATIONAL` is not any `INTERNATIONAL`).
fn whole_generic_name(list: &[Weighted], l_used: &[bool]) -> bool {
    let is_generic = |t: &Weighted| matches!(t.class, TokenClass::Generic | TokenClass::Decoration);
    let generic = list.iter().filter(|t| is_generic(t)).count();
    let needed = |t: &Weighted| is_generic(t) || (generic == 1 && t.class == TokenClass::Stopword);
    generic > 0
        && !list
            .iter()
            .any(|t| matches!(t.class, TokenClass::Word | TokenClass::Number))
        && list.iter().zip(l_used).all(|(t, used)| *used || !needed(t))
}

/// Stretches a similarity so that 0.9 counts as 0.8: Jaro-Winkler is generous.
pub(super) fn stretch(s: f64) -> f64 {
    (2.0 * s - 1.0).max(0.0)
}

/// Scores an alignment from the similar pairs and explains it.
fn score_alignment(
    query: &[Weighted],
    list: &[Weighted],
    shape: ListShape,
    mut candidates: Vec<Pairing>,
) -> Alignment {
    explain(query, list, align_core(query, list, shape, &mut candidates))
}
