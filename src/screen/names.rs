//! The party-name matcher: every loaded list name, normalised once, and a scorer that says
//! exactly which tokens aligned.
//!
//! Scoring (each part shows up in the hit's explanation):
//! - tokens are aligned best pair first, each token used at most once, so word order does not
//!   matter and `VLADIMIR` cannot match all three tokens of `VLADIMIROV, Vladimir Vladimirovich`;
//! - a pair's similarity is Jaro-Winkler, raised to 0.94 when both tokens share a sound-alike
//!   key and are close in spelling and length (`MABRUKA`/`MABROOKA`); tokens of one or two
//!   characters, numbers and legal forms must be equal;
//! - the score is the weighted share of the name that aligned: words weigh their length times
//!   their rarity in the lists; generic words (`SHIPPING`), decorations (`TRADING`, `DUBAI`)
//!   and legal forms (`LLC`) weigh little;
//! - what the query adds costs in full if it is a word or a line of business, 0.3 if it is a
//!   decoration, legal form or address; what the list name has over costs in full for
//!   organisations and one-word family names, half for other names, a fifth for middle names
//!   and a tenth for patronymics;
//! - two different words each common in the lists, or one inside the other with two letters
//!   more, are two names: their pair scores at most 0.85;
//! - numbers must agree (`HAO FAN 2` is not `HAO FAN 6`); differing legal forms or lines of
//!   business mark a sister company; a match on generic words alone is not a match.
//!
//! Weak aliases are indexed but never alert on their own; they only corroborate a hit on a
//! primary name or strong alias. This module knows nothing of manifests: it takes a name and
//! returns scored entries.

use foldhash::{HashMap, HashMapExt};

use crate::lists::WatchList;
use crate::model::{EntityKind, NameKind, TokenPair};

use super::normalize::{NameToken, TokenClass, surname_tokens, tokenize_name};

/// Similarity given to two spellings with the same sound-alike key (`HODJATI`/`HOJATI`).
const SOUND_ALIKE_SIMILARITY: f64 = 0.94;
/// Spellings must be this close for a shared key to count: below it, a shared skeleton is
/// chance (`HASSAN`/`HOSSEIN` are two names, `GRANITE`/`GARANTIYA` two words).
const SOUND_ALIKE_MIN_SIMILARITY: f64 = 0.80;
/// ... and this close in length (`CHENNAI`/`CHINA`, `RIVER`/`RIVIERA` are not).
const SOUND_ALIKE_MIN_LENGTH_RATIO: f64 = 0.8;
/// The most a word can score against a word it begins, when the rest is more than a doubled
/// last letter: `TAN`/`TANAKA`, `HAN`/`HANS`, `PETROV`/`PETROVIC` are names of their own, to
/// which Jaro-Winkler's prefix bonus is generous.
const EXTENDED_WORD_SIMILARITY: f64 = 0.85;
/// Tokens this short need `SHORT_TOKEN_MIN_SIMILARITY` to align.
const SHORT_TOKEN: usize = 4;
/// A word found in the names of this many list entries or more is common: a name in its own
/// right.
const COMMON_WORD_ENTRIES: usize = 5;
const SHORT_TOKEN_MIN_SIMILARITY: f64 = 0.9;
/// Pairs less similar than this are not aligned at all.
const MIN_PAIR_SIMILARITY: f64 = 0.80;
/// How much an unmatched list token costs relative to an unmatched query token. Persons are
/// listed with middle names and patronymics that manifests leave out; an organisation's
/// leftover word names a different organisation (`STAR SAPPHIRE TRADING` is not `SAPPHIRE
/// TRADING`).
const UNMATCHED_LIST_COST_PERSON: f64 = 0.5;
/// Middle names and patronymics (`Vladimir Vladislavovich KOVALENKO`) are left out more often
/// than given names or surnames, and cost less again.
const UNMATCHED_LIST_COST_PERSON_MIDDLE: f64 = 0.2;
/// A patronymic (`VLADIMIROVICH`, `IVANOVNA`, `MAMMAD OGLU`) in the middle of a listed name is
/// what a manifest leaves out first of all: it costs half a middle name.
const UNMATCHED_LIST_COST_PATRONYMIC: f64 = 0.1;
const UNMATCHED_LIST_COST_OTHER: f64 = 1.0;

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
fn is_patronymic(text: &str) -> bool {
    ["VICH", "VNA", "ICHNA"]
        .iter()
        .any(|end| text.len() > end.len() + 2 && text.ends_with(end))
        || matches!(
            text,
            "OGLU" | "OGLY" | "OGHLU" | "KYZY" | "KIZI" | "ULY" | "UULU"
        )
}

/// What the scorer needs to know of a list name besides its tokens.
#[derive(Debug, Clone, Copy)]
struct ListShape {
    kind: EntityKind,
    len: usize,
    /// Trailing tokens that are the family name (0 when the list does not say).
    surname: usize,
}

/// A list name tokenised for [`align`], with its family name marked where the list marks it.
#[derive(Debug, Clone)]
pub struct ListName {
    pub tokens: Vec<NameToken>,
    pub kind: EntityKind,
    pub surname: usize,
}

impl ListName {
    pub fn new(raw: &str, kind: EntityKind) -> Self {
        ListName {
            tokens: tokenize_name(raw, kind),
            kind,
            surname: surname_tokens(raw, kind),
        }
    }
}
/// What an unmatched query token costs, relative to its weight: what a manifest adds to any
/// name (`IMPORT EXPORT`, `DUBAI`, a legal form, an address) costs under a third of an extra word.
fn unmatched_query_cost(class: TokenClass) -> f64 {
    match class {
        TokenClass::Word | TokenClass::Number | TokenClass::Generic => 1.0,
        _ => UNMATCHED_QUERY_DECORATION_COST,
    }
}
const UNMATCHED_QUERY_DECORATION_COST: f64 = 0.3;

/// Score multiplier when both names carry numbers and they disagree.
const NUMBER_MISMATCH_FACTOR: f64 = 0.6;
/// Score multiplier when both names carry legal forms and none of them align: a sister
/// company with another legal form is not the same party.
const LEGAL_FORM_MISMATCH_FACTOR: f64 = 0.97;
/// Score multiplier when each name names a line of business the other does not
/// (`MARBLE INDUSTRIES` and `MARBLE SHIPPING`): sister companies, not one.
const BUSINESS_MISMATCH_FACTOR: f64 = 0.9;
/// Score multiplier when only generic words, legal forms or stopwords aligned.
const GENERIC_ONLY_FACTOR: f64 = 0.5;

/// One distinct token of the loaded lists, with the names that contain it.
#[derive(Debug, Clone)]
struct VocabToken {
    token: NameToken,
    /// Rarity in (0, 1]: 1 for a token found in one name, lower for common ones.
    idf: f64,
    /// Ids of the indexed names containing the token.
    postings: Vec<u32>,
    /// The forms (see [`FormFacts`]) of the names holding it that have no distinctive word at
    /// all (`GENERAL TECHNOLOGY LIMITED`): only generic query words can find those.
    generic_postings: Vec<u32>,
}

/// One list name, normalised for matching.
#[derive(Debug, Clone)]
struct IndexedName {
    list: usize,
    entry: usize,
    kind: NameKind,
    entity: EntityKind,
    text: String,
    /// Vocabulary ids, in name order.
    tokens: Vec<u32>,
    /// Trailing tokens that are the family name (0 when unknown).
    surname: u8,
}

/// The vocabulary tokens filed under one initial, laid out for the similar-token scan:
/// sorted by length, with one column of counts per character slot (see [`char_counts`]), so
/// that a query token streams only the columns of its own characters and the rest of a
/// token is read only for the few whose counts pass.
#[derive(Debug, Clone, Default)]
struct ProbeTable {
    /// Tokens filed since the table was last laid out (by [`Self::seal`]).
    pending: Vec<(String, TokenClass, u32)>,
    /// Per slot, per token: how many of its characters fall in the slot. Slot `s` of token
    /// `i` is `columns[s * len + i]`.
    columns: Vec<u8>,
    /// Runs of tokens of one length: (length, end of the run).
    runs: Vec<(u32, u32)>,
    /// Each token's first four bytes (see [`head`]).
    heads: Vec<u32>,
    vids: Vec<u32>,
    classes: Vec<TokenClass>,
    /// Where each token's text starts in `texts`; one more entry marks the end.
    text_at: Vec<u32>,
    texts: String,
}

impl ProbeTable {
    fn push(&mut self, t: &NameToken, vid: u32) {
        self.pending.push((t.text.clone(), t.class, vid));
    }

    /// Lays out every token filed so far, with the ones laid out before.
    fn seal(&mut self) {
        let mut tokens = std::mem::take(&mut self.pending);
        tokens.extend(
            (0..self.vids.len()).map(|i| (self.text(i).to_string(), self.classes[i], self.vids[i])),
        );
        tokens.sort_by_key(|(text, _, vid)| (text.len(), head(text), *vid));
        let n = tokens.len();
        *self = ProbeTable {
            columns: vec![0; SLOTS * n],
            text_at: vec![0],
            ..Default::default()
        };
        for (i, (text, class, vid)) in tokens.into_iter().enumerate() {
            for (slot, count) in char_counts(&text).into_iter().enumerate() {
                self.columns[slot * n + i] = count;
            }
            let length = text.len() as u32;
            match self.runs.last_mut() {
                Some((l, end)) if *l == length => *end += 1,
                _ => self.runs.push((length, i as u32 + 1)),
            }
            self.heads.push(head(&text));
            self.vids.push(vid);
            self.classes.push(class);
            self.texts.push_str(&text);
            self.text_at.push(self.texts.len() as u32);
        }
    }

    fn text(&self, i: usize) -> &str {
        &self.texts[self.text_at[i] as usize..self.text_at[i + 1] as usize]
    }

    /// Calls `found` with every token that may reach `MIN_PAIR_SIMILARITY` with a query token
    /// of `counts` (see [`char_counts`]), `length` bytes long and with this [`head`]: those
    /// whose shared characters pass [`may_reach`].
    /// With `skip_first_letter`, tokens that begin with the query's first byte are skipped.
    fn scan(
        &self,
        counts: &[u8; SLOTS],
        length: u32,
        head: u32,
        skip_first_letter: bool,
        mut found: impl FnMut(usize),
    ) {
        let n = self.vids.len();
        // Per token, the characters it shares with the query, counted with repeats: at most
        // the shorter length, so a byte holds it for a list token under 255 bytes (a query
        // count saturated at 255 is still above any such token's).
        let mut shared = vec![0u8; n];
        for (slot, &q) in counts.iter().enumerate() {
            if q == 0 {
                continue;
            }
            let column = &self.columns[slot * n..(slot + 1) * n];
            for (m, &c) in shared.iter_mut().zip(column) {
                *m = m.wrapping_add(c.min(q));
            }
        }
        let mut from = 0;
        for &(b, end) in &self.runs {
            let run = from as usize..end as usize;
            from = end;
            if b >= 255 {
                // Counts saturate: no bound, every such token is compared.
                run.for_each(&mut found);
                continue;
            }
            let (heads, shared) = (&self.heads[run.clone()], &shared[run.clone()]);
            // A run is sorted by head: the tokens sharing the query's first byte are one
            // stretch of it, and those sharing two bytes a stretch of that.
            let stretch = |within: std::ops::Range<usize>, bytes: u32| {
                let shift = 32 - 8 * bytes;
                let key = head >> shift;
                let part = &heads[within.clone()];
                within.start + part.partition_point(|&h| h >> shift < key)
                    ..within.start + part.partition_point(|&h| h >> shift <= key)
            };
            let one = stretch(0..heads.len(), 1);
            let two = stretch(one.clone(), 2);
            let mut pass = |range: std::ops::Range<usize>, prefix: usize| {
                // A pair with a short token and no more than one letter of prefix is no
                // abbreviation: it needs `SHORT_TOKEN_MIN_SIMILARITY`.
                let least = if length.min(b) as usize <= SHORT_TOKEN {
                    least_shared_for(&REACH_SHORT, length, b, prefix)
                } else {
                    least_shared(length, b, prefix)
                };
                // Two tokens share at most the shorter one's length.
                if u32::from(least) > length.min(b) {
                    return;
                }
                // Sixteen at a time: most stretches hold no token that passes.
                for (k, chunk) in shared[range.clone()].chunks(16).enumerate() {
                    if chunk.iter().fold(0, |most, &m| most.max(m)) < least {
                        continue;
                    }
                    for (i, &m) in chunk.iter().enumerate() {
                        if m >= least {
                            found(run.start + range.start + 16 * k + i);
                        }
                    }
                }
            };
            // Outside those stretches the common prefix is known: none, or one byte.
            pass(0..one.start, 0);
            pass(one.end..heads.len(), 0);
            if skip_first_letter {
                continue;
            }
            pass(one.start..two.start, 1);
            pass(two.end..one.end, 1);
            // Inside, it is two bytes or more: measured per token.
            let least = least_shared(length, b, 4);
            for i in two {
                if shared[i] >= least {
                    let x = head ^ heads[i];
                    let prefix = if x == 0 {
                        4
                    } else {
                        (x.leading_zeros() / 8) as usize
                    };
                    if may_reach(u32::from(shared[i]), length, b, prefix) {
                        found(run.start + i);
                    }
                }
            }
        }
    }
}

/// The least count of shared characters with which tokens of lengths `a` and `b` and a
/// common prefix of `prefix` bytes pass [`may_reach`], as a byte (255: none can, since a
/// token under 255 bytes shares at most 254).
fn least_shared(a: u32, b: u32, prefix: usize) -> u8 {
    least_shared_for(&REACH, a, b, prefix)
}

/// [`least_shared`], by another reach table.
fn least_shared_for(reach: &[(u32, u32); 5], a: u32, b: u32, prefix: usize) -> u8 {
    let (num, den) = reach[prefix.min(4)];
    let (a, b) = (u64::from(a), u64::from(b));
    (u64::from(num) * a * b)
        .div_ceil(u64::from(den) * (a + b))
        .clamp(1, 255) as u8
}

/// Query tokens screened at most; the rest of a very long query is ignored.
pub const MAX_QUERY_TOKENS: usize = 24;
/// Per-thread scratch space for stage one, reused across queries so that a search allocates
/// nothing proportional to the index.
#[derive(Default)]
struct Scratch {
    /// Per form (see [`FormFacts`]): query weight that could align, list weight that could
    /// align, and which query tokens added them.
    alignable: Vec<(f32, f32, u32)>,
    /// Forms whose slot is in use.
    touched: Vec<u32>,
}

/// List tokens similar to one query token, as (vocabulary id, similarity).
#[derive(Debug, Default)]
struct Similar {
    /// Most similar first (then by id), so that stage one meets each name's best pair first.
    by_score: Vec<(u32, f64)>,
    /// Forms holding any of these tokens (with repeats): what walking them costs.
    postings: usize,
    /// The greatest weight of these tokens in a list name.
    max_list_weight: f64,
    /// Their bits in a name's signature (see [`signature_bit`]).
    signature: u64,
    /// Per entry of `by_score`, what stage one walks: where its postings are in
    /// `NameIndex::postings`, how many, and its weight in a list name.
    walk: Vec<(u32, u32, f32)>,
}

type SimilarTokens = std::sync::Arc<Similar>;

/// Similar tokens of query tokens the lists do not hold (a typo, an unlisted name), remembered
/// by one index and shared by every thread searching it: a batch of party names repeats its
/// tokens. (A list word's are kept apart, in `NameIndex::listed_similar`.) Per shard, one map
/// per token class: a token's similar list tokens depend on its text
/// and its class (a word, a legal form, a word of a glued address); in shards so that threads
/// seldom wait for one another.
#[derive(Default)]
struct SimilarCache {
    shards:
        [std::sync::RwLock<[HashMap<String, SimilarTokens>; CLASSES.len()]>; SIMILAR_CACHE_SHARDS],
    len: std::sync::atomic::AtomicUsize,
}

const SIMILAR_CACHE_SHARDS: usize = 16;
/// Tokens remembered before the cache starts again.
const SIMILAR_CACHE_MAX: usize = 100_000;

impl SimilarCache {
    fn shard(
        &self,
        text: &str,
    ) -> &std::sync::RwLock<[HashMap<String, SimilarTokens>; CLASSES.len()]> {
        use std::hash::{BuildHasher, BuildHasherDefault};
        let hasher = BuildHasherDefault::<std::collections::hash_map::DefaultHasher>::default();
        &self.shards[hasher.hash_one(text) as usize % SIMILAR_CACHE_SHARDS]
    }

    fn get(&self, t: &NameToken) -> Option<SimilarTokens> {
        let shard = self
            .shard(&t.text)
            .read()
            .unwrap_or_else(|e| e.into_inner());
        shard[usize::from(class_code(t.class))]
            .get(&t.text)
            .cloned()
    }

    fn insert(&self, t: &NameToken, value: SimilarTokens) {
        use std::sync::atomic::Ordering;
        if self.len.load(Ordering::Relaxed) >= SIMILAR_CACHE_MAX {
            for shard in &self.shards {
                let mut maps = shard.write().unwrap_or_else(|e| e.into_inner());
                maps.iter_mut().for_each(HashMap::clear);
            }
            self.len.store(0, Ordering::Relaxed);
        }
        let mut shard = self
            .shard(&t.text)
            .write()
            .unwrap_or_else(|e| e.into_inner());
        if shard[usize::from(class_code(t.class))]
            .insert(t.text.clone(), value)
            .is_none()
        {
            self.len.fetch_add(1, Ordering::Relaxed);
        }
    }
}

/// A copy of an index starts with nothing remembered.
impl Clone for SimilarCache {
    fn clone(&self) -> Self {
        SimilarCache::default()
    }
}

impl std::fmt::Debug for SimilarCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let len = self.len.load(std::sync::atomic::Ordering::Relaxed);
        write!(f, "SimilarCache({len} tokens)")
    }
}

/// Per query: for each list token similar to some query token, those query tokens and
/// similarities, found from a vocabulary id with one bit test in a table small enough to stay
/// in the fastest cache.
#[derive(Default)]
struct Partners {
    /// One bit per vocabulary id: set when the id has partners in this query.
    has: Vec<u64>,
    /// Per vocabulary id with partners: where its run starts in `entries`, and how long it is.
    first: Vec<u32>,
    count: Vec<u32>,
    /// (vocabulary id, query index, similarity), in one run per id, by query index within it.
    entries: Vec<(u32, usize, f64)>,
}

impl Partners {
    /// Lays the runs out in linear passes (count, place, fill) rather than with a sort: this
    /// runs once per query, over a few hundred pairs.
    fn start(&mut self, vocabulary: usize, similar: &[SimilarTokens]) {
        if self.first.len() < vocabulary {
            self.first.resize(vocabulary, 0);
            self.count.resize(vocabulary, 0);
            self.has.resize(vocabulary.div_ceil(64), 0);
        }
        let pairs = || {
            similar
                .iter()
                .enumerate()
                .flat_map(|(qi, sims)| sims.by_score.iter().map(move |&(v, sim)| (v, qi, sim)))
        };
        let mut total = 0;
        for (v, _, _) in pairs() {
            self.count[v as usize] += 1;
            total += 1;
        }
        // Each run's end, in order of first appearance.
        let mut at = 0;
        for (v, _, _) in pairs() {
            let (word, bit) = (v as usize / 64, 1 << (v % 64));
            if self.has[word] & bit == 0 {
                self.has[word] |= bit;
                at += self.count[v as usize];
                self.first[v as usize] = at;
            }
        }
        // Filled from the back, last query token first, so that each run ends up by query
        // index and its `first` at its start.
        self.entries.clear();
        self.entries.resize(total, (0, 0, 0.0));
        for entry in pairs().rev() {
            let first = &mut self.first[entry.0 as usize];
            *first -= 1;
            self.entries[*first as usize] = entry;
        }
    }

    /// The query tokens similar to list token `v`, with their similarity.
    fn of(&self, v: u32) -> &[(u32, usize, f64)] {
        if self.has[v as usize / 64] & (1 << (v % 64)) == 0 {
            return &[];
        }
        let from = self.first[v as usize] as usize;
        &self.entries[from..from + self.count[v as usize] as usize]
    }

    fn finish(&mut self) {
        for &(v, _, _) in &self.entries {
            self.has[v as usize / 64] = 0;
            self.count[v as usize] = 0;
        }
        self.entries.clear();
    }
}

thread_local! {
    static PARTNERS: std::cell::RefCell<Partners> = std::cell::RefCell::new(Partners::default());
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

/// Below this many names, token rarity is not measured: every token counts as rare.
const MIN_NAMES_FOR_IDF: usize = 500;
/// The least a common token's rarity factor can fall to.
const MIN_IDF: f64 = 0.3;

/// Every name of every loaded list, ready to search.
///
/// Stage one finds candidates: each query token is compared with the distinct tokens of the
/// lists that share its first letter or sound-alike key letter, and every name holding a
/// similar distinctive token is a candidate. Stage two aligns and scores each candidate. A
/// name with no distinctive token in common cannot reach a threshold of 0.5 or more (see
/// `GENERIC_ONLY_FACTOR`), so stage one loses nothing above that; below it, generic tokens
/// also generate candidates.
///
/// A query token that is a list word (most of them: `MOHAMMAD`, `TRADING`, `SHENZHEN`) reads
/// its similar tokens from a table filled when the index is built and kept in its cache; only
/// a word the lists do not hold (a typo, an unlisted name) is compared at query time, against
/// the columns of [`ProbeTable`].
#[derive(Debug, Clone, Default)]
pub struct NameIndex {
    names: Vec<IndexedName>,
    vocab: Vec<VocabToken>,
    by_text: HashMap<String, u32>,
    /// Vocabulary ids by sound-alike key.
    by_key: HashMap<String, Vec<u32>>,
    /// Vocabulary tokens by initial (A-Z, then every other first byte), under both the text's and the key's.
    by_initial: Vec<ProbeTable>,
    similar_cache: SimilarCache,
    /// Per vocabulary token, its weight in a list name; per form (see [`FormFacts`]), what
    /// the hot loops read of it, packed apart from the rest.
    vocab_weight: Vec<f64>,
    form_facts: Vec<FormFacts>,
    /// Every form's vocabulary ids, end to end (see [`FormFacts`]).
    form_tokens: Vec<u32>,
    /// The names of each form, in id order: form `f`'s are
    /// `form_names[form_names_at[f]..form_names_at[f + 1]]`.
    form_names: Vec<u32>,
    form_names_at: Vec<u32>,
    /// Each name's form; kept in the cache, so that a load need not find the forms again.
    form_of: Vec<u32>,
    /// Every vocabulary token's forms, end to end: token `v` is in the forms
    /// `postings[postings_at[v]..postings_at[v + 1]]`.
    postings: Vec<u32>,
    postings_at: Vec<u32>,
    /// Per vocabulary token, how many list entries hold it (an entry's aliases count once).
    vocab_entries: Vec<u32>,
    /// Per vocabulary token, its bit in a name's signature ([`signature_bit`]).
    vocab_signature: Vec<u64>,
    /// Per vocabulary token, its similar tokens (what [`NameIndex::scan_similar_tokens`]
    /// finds for it), found once at build and kept in the cache, so that a query word the
    /// lists hold costs no scan: token `v`'s are `similar[similar_at[v]..similar_at[v + 1]]`.
    similar: Vec<(u32, f64)>,
    similar_at: Vec<u32>,
    /// Per vocabulary token, what stage one reads of its similar tokens, made when a query
    /// first holds it.
    listed_similar: Vec<std::sync::OnceLock<SimilarTokens>>,
}

/// One form: a way a list name reads to the scorer (its tokens, entity kind and family-name
/// length), as stage one and the candidate check read it, in one small record, so that a
/// candidate costs one cache miss here and one in `form_tokens`. Names of one form score the
/// same against any query, so each form is scored once: the lists repeat names (the SDN
/// names are in the 2021 and 2024 OFAC files and again in the CSL), and the 127,000 names of
/// every bundled list read as about 64,000 forms.
#[derive(Debug, Clone, Copy)]
struct FormFacts {
    /// Total weight of its tokens, rounded up to `f32`.
    weight: f32,
    /// Its tokens are `form_tokens[at..at + len]`.
    at: u32,
    len: u32,
    entity: EntityKind,
    /// Trailing tokens that are the family name (see [`IndexedName::surname`]).
    surname: u8,
    /// One bit per token, by its first letter and length ([`signature_bit`]): a name without
    /// the bit of any of a query token's similar list tokens cannot align that token.
    signature: u64,
}

/// A token's bit in a [`FormFacts::signature`]: similar tokens mostly share their first
/// letter and a length, so a query token's similar tokens set few bits between them.
fn signature_bit(text: &str) -> u64 {
    let length_class: u32 = match text.len() {
        0..=3 => 0,
        4..=5 => 1,
        6..=7 => 2,
        8..=10 => 3,
        _ => 4,
    };
    let first = u32::from(text.as_bytes().first().copied().unwrap_or(0));
    1 << ((first * 5 + length_class).wrapping_mul(0x9E37_79B1) >> 26)
}
/// How a query aligned with one list name.
#[derive(Debug, Clone, PartialEq)]
pub struct Alignment {
    pub score: f64,
    pub pairs: Vec<TokenPair>,
    pub unmatched_query: Vec<String>,
    pub unmatched_list: Vec<String>,
    pub adjustments: Vec<String>,
}

impl Alignment {
    /// One line: the aligned pairs, what was left over on each side, and the adjustments
    /// (`[MABRUKA~MABROOKA 0.97, TRADING, LLC] left: - | CO; legal forms differ (LLC vs CO) x0.97`).
    pub fn summary(&self) -> String {
        let mut line = format!(
            "[{}] left: {} | {}",
            TokenPair::join(&self.pairs),
            none_if_empty(&self.unmatched_query),
            none_if_empty(&self.unmatched_list)
        );
        for a in &self.adjustments {
            line.push_str("; ");
            line.push_str(a);
        }
        line
    }
}

/// The best strong-name match of an entry so far, and its best weak alias (score, text).
type BestPerEntry = (Option<NameMatch>, Option<(f64, String)>);

/// A list entry that matched a query, through its best-scoring name.
#[derive(Debug, Clone, PartialEq)]
pub struct NameMatch {
    /// Index of the list in the slice the index was built from.
    pub list: usize,
    /// Index of the entry within that list.
    pub entry: usize,
    pub matched_name: String,
    pub matched_kind: NameKind,
    pub alignment: Alignment,
    /// A weak alias of the same entry that also reached the threshold.
    pub corroborating_weak_alias: Option<String>,
}

/// Character slots counted per token: A-Z, then everything else.
const SLOTS: usize = 27;

/// How many of each letter (A-Z) and of other characters a token holds, saturating at 255.
fn char_counts(text: &str) -> [u8; SLOTS] {
    let mut counts = [0u8; SLOTS];
    for b in text.bytes() {
        let slot = initial_slot(b);
        counts[slot] = counts[slot].saturating_add(1);
    }
    counts
}

/// A token's first four bytes, zero-padded, big-endian: heads sort as the texts do, and two
/// tokens' common prefix is the leading zero bytes of their heads' xor.
fn head(text: &str) -> u32 {
    let mut bytes = [0u8; 4];
    for (b, c) in bytes.iter_mut().zip(text.bytes()) {
        *b = c;
    }
    u32::from_be_bytes(bytes)
}

/// Jaro-Winkler of two tokens of lengths `a` and `b` that share `m` characters (with
/// repeats) and a prefix of `prefix` bytes can reach `MIN_PAIR_SIMILARITY` (0.80) only if
/// `m (a + b) den >= num a b`, with `(num, den)` from this table by prefix. Jaro's matches
/// cannot exceed `m`, so Jaro <= (m/a + m/b + 1) / 3, and the Winkler bonus adds 0.1 of the
/// rest per prefix byte: the bound is Jaro >= (0.8 - 0.1 p) / (1 - 0.1 p), that is
/// m (1/a + 1/b) >= 3 (0.8 - 0.1 p) / (1 - 0.1 p) - 1 = 7/5, 4/3, 5/4, 8/7, 1.
/// A test checks the table against that formula.
const REACH: [(u32, u32); 5] = [(7, 5), (4, 3), (5, 4), (8, 7), (1, 1)];

/// [`REACH`] for `SHORT_TOKEN_MIN_SIMILARITY` (0.90), which a pair with a token of
/// `SHORT_TOKEN` bytes or fewer needs unless one is an abbreviation of the other: Jaro >=
/// (0.9 - 0.1 p) / (1 - 0.1 p), that is m (1/a + 1/b) >= 17/10, 5/3, 13/8, 11/7, 3/2.
const REACH_SHORT: [(u32, u32); 5] = [(17, 10), (5, 3), (13, 8), (11, 7), (3, 2)];

fn may_reach(m: u32, a: u32, b: u32, prefix: usize) -> bool {
    let (num, den) = REACH[prefix.min(4)];
    m > 0
        && u64::from(m) * u64::from(a + b) * u64::from(den)
            >= u64::from(num) * u64::from(a) * u64::from(b)
}

fn initial_slot(c: u8) -> usize {
    match c {
        b'A'..=b'Z' => (c - b'A') as usize,
        _ => 26,
    }
}

/// The initials under which a token is filed and looked up: its text's and its key's.
fn initial_slots(t: &NameToken) -> impl Iterator<Item = usize> + '_ {
    let a = t.text.as_bytes().first().map(|&c| initial_slot(c));
    let b = t
        .key
        .as_bytes()
        .first()
        .map(|&c| initial_slot(c))
        .filter(|&b| Some(b) != a);
    a.into_iter().chain(b)
}

impl NameIndex {
    /// Normalises every primary name, strong alias and weak alias of the lists, and measures
    /// how common each token is.
    pub fn build(lists: &[WatchList]) -> Self {
        let mut index = NameIndex {
            by_initial: vec![ProbeTable::default(); 27],
            ..Default::default()
        };
        for (li, list) in lists.iter().enumerate() {
            for (ei, entry) in list.entries.iter().enumerate() {
                let names = std::iter::once((entry.name.as_str(), NameKind::Primary))
                    .chain(
                        entry
                            .aliases
                            .iter()
                            .map(|a| (a.name.as_str(), NameKind::StrongAlias)),
                    )
                    .chain(
                        entry
                            .weak_aliases
                            .iter()
                            .map(|w| (w.as_str(), NameKind::WeakAlias)),
                    );
                for (text, kind) in names {
                    index.add(li, ei, entry.kind, text, kind);
                }
            }
        }
        let n = index.names.len();
        for v in &mut index.vocab {
            v.idf = if n < MIN_NAMES_FOR_IDF {
                1.0
            } else {
                let df = v.postings.len() as f64;
                ((n as f64 + 1.0) / (df + 1.0)).ln().max(0.0) / (n as f64 + 1.0).ln()
            }
            .clamp(MIN_IDF, 1.0);
        }
        index.pack();
        index.find_similar_tokens();
        index
    }

    /// Fills `similar` for every vocabulary token, on all cores.
    fn find_similar_tokens(&mut self) {
        use rayon::prelude::*;
        let found: Vec<Vec<(u32, f64)>> = self
            .vocab
            .par_iter()
            .map(|v| self.scan_similar_tokens(&v.token))
            .collect();
        self.similar_at = Vec::with_capacity(found.len() + 1);
        self.similar = Vec::with_capacity(found.iter().map(Vec::len).sum());
        for tokens in found {
            self.similar_at.push(self.similar.len() as u32);
            self.similar.extend(tokens);
        }
        self.similar_at.push(self.similar.len() as u32);
    }

    /// Fills the packed weight and kind tables from the vocabulary and the names.
    fn pack(&mut self) {
        self.listed_similar = (0..self.vocab.len())
            .map(|_| std::sync::OnceLock::new())
            .collect();
        {
            use rayon::prelude::*;
            self.by_initial.par_iter_mut().for_each(ProbeTable::seal);
        }
        self.vocab_weight = self
            .vocab
            .iter()
            .map(|v| v.token.weight() * v.idf)
            .collect();
        self.vocab_signature = self
            .vocab
            .iter()
            .map(|v| signature_bit(&v.token.text))
            .collect();
        if self.form_of.len() != self.names.len() {
            self.form_of = self.find_forms();
        }
        self.form_tokens = Vec::new();
        self.form_facts = Vec::new();
        for (n, &form) in self.names.iter().zip(&self.form_of) {
            if form as usize != self.form_facts.len() {
                continue;
            }
            let weight: f64 = n
                .tokens
                .iter()
                .map(|&v| self.vocab_weight[v as usize])
                .sum();
            let mut weight32 = weight as f32;
            if f64::from(weight32) < weight {
                weight32 = weight32.next_up();
            }
            self.form_facts.push(FormFacts {
                weight: weight32,
                at: self.form_tokens.len() as u32,
                len: n.tokens.len() as u32,
                entity: n.entity,
                surname: n.surname,
                signature: n
                    .tokens
                    .iter()
                    .fold(0, |sig, &v| sig | self.vocab_signature[v as usize]),
            });
            self.form_tokens.extend(&n.tokens);
        }
        let form_of = &self.form_of;
        // Each form's names: count, then place in name order.
        self.form_names_at = vec![0; self.form_facts.len() + 1];
        for &form in form_of {
            self.form_names_at[form as usize + 1] += 1;
        }
        for f in 1..self.form_names_at.len() {
            self.form_names_at[f] += self.form_names_at[f - 1];
        }
        let mut next = self.form_names_at.clone();
        self.form_names = vec![0; self.names.len()];
        for (id, &form) in form_of.iter().enumerate() {
            self.form_names[next[form as usize] as usize] = id as u32;
            next[form as usize] += 1;
        }
        self.postings = Vec::new();
        self.postings_at = Vec::with_capacity(self.vocab.len() + 1);
        for v in &self.vocab {
            let from = self.postings.len();
            self.postings_at.push(from as u32);
            self.postings
                .extend(v.postings.iter().map(|&id| form_of[id as usize]));
            self.postings[from..].sort_unstable();
            let mut kept = from;
            for i in from..self.postings.len() {
                if kept == from || self.postings[i] != self.postings[kept - 1] {
                    self.postings[kept] = self.postings[i];
                    kept += 1;
                }
            }
            self.postings.truncate(kept);
        }
        self.postings_at.push(self.postings.len() as u32);
        self.vocab_entries = self
            .vocab
            .iter()
            .map(|v| {
                let entry = |id: &u32| {
                    let n = &self.names[*id as usize];
                    (n.list, n.entry)
                };
                let mut ids = v.postings.iter();
                let mut last = ids.next().map(entry);
                let mut count = u32::from(last.is_some());
                for id in ids {
                    let this = Some(entry(id));
                    if this != last {
                        count += 1;
                        last = this;
                    }
                }
                count
            })
            .collect();
        for v in &mut self.vocab {
            v.generic_postings.clear();
        }
        for (form, facts) in self.form_facts.iter().enumerate() {
            let tokens = &self.form_tokens[facts.at as usize..(facts.at + facts.len) as usize];
            let distinctive = tokens.iter().any(|&v| {
                matches!(
                    self.vocab[v as usize].token.class,
                    TokenClass::Word | TokenClass::Number
                )
            });
            if !distinctive {
                for &v in tokens {
                    let postings = &mut self.vocab[v as usize].generic_postings;
                    if postings.last() != Some(&(form as u32)) {
                        postings.push(form as u32);
                    }
                }
            }
        }
    }

    /// Each name's form (see [`FormFacts`]), numbered in the order of their first name.
    fn find_forms(&self) -> Vec<u32> {
        let mut by_key: HashMap<(&[u32], EntityKind, u8), u32> =
            HashMap::with_capacity(self.names.len());
        self.names
            .iter()
            .map(|n| {
                let next = by_key.len() as u32;
                *by_key
                    .entry((&n.tokens, n.entity, n.surname))
                    .or_insert(next)
            })
            .collect()
    }

    /// Whether `form_of` (read from a cache) is a numbering the scorer can trust: forms
    /// numbered in the order of their first name, and each name of a form reading as its
    /// first. (Two forms that read alike would only cost time, not change a score.)
    fn forms_ok(&self) -> bool {
        let mut first: Vec<&IndexedName> = Vec::new();
        self.form_of.len() == self.names.len()
            && self.names.iter().zip(&self.form_of).all(|(n, &form)| {
                match first.get(form as usize) {
                    Some(f) => (&f.tokens, f.entity, f.surname) == (&n.tokens, n.entity, n.surname),
                    None if form as usize == first.len() => {
                        first.push(n);
                        true
                    }
                    None => false,
                }
            })
    }

    fn add(&mut self, list: usize, entry: usize, entity: EntityKind, text: &str, kind: NameKind) {
        let tokens = tokenize_name(text, entity);
        if tokens.is_empty() {
            return;
        }
        let surname = surname_tokens(text, entity).min(tokens.len());
        if let Some((glued, glued_surname)) = glue_short_tokens(&tokens, surname) {
            self.add_tokens(list, entry, entity, text, kind, glued, glued_surname);
        }
        // Hyphenated parts written as one word (`Quan-Sheng` -> `QUANSHENG`, `AL-BAHADLI` ->
        // `ALBAHADLI`), as manifests write them.
        if text.contains('-') {
            let joined_text = text.replace('-', "");
            let joined = tokenize_name(&joined_text, entity);
            if !joined.is_empty() && joined.len() < tokens.len() {
                let joined_surname = surname_tokens(&joined_text, entity).min(joined.len());
                self.add_tokens(list, entry, entity, text, kind, joined, joined_surname);
            }
        }
        self.add_tokens(list, entry, entity, text, kind, tokens, surname);
    }

    #[allow(clippy::too_many_arguments)]
    fn add_tokens(
        &mut self,
        list: usize,
        entry: usize,
        entity: EntityKind,
        text: &str,
        kind: NameKind,
        tokens: Vec<NameToken>,
        surname: usize,
    ) {
        let id = self.names.len() as u32;
        let mut ids = Vec::with_capacity(tokens.len());
        for t in tokens {
            let vid = match self.by_text.get(&t.text) {
                Some(&v) => v,
                None => {
                    let v = self.vocab.len() as u32;
                    for slot in initial_slots(&t) {
                        self.by_initial[slot].push(&t, v);
                    }
                    self.by_text.insert(t.text.clone(), v);
                    self.by_key.entry(t.key.clone()).or_default().push(v);
                    self.vocab.push(VocabToken {
                        token: t,
                        idf: 1.0,
                        postings: Vec::new(),
                        generic_postings: Vec::new(),
                    });
                    v
                }
            };
            let postings = &mut self.vocab[vid as usize].postings;
            if postings.last() != Some(&id) {
                postings.push(id);
            }
            ids.push(vid);
        }
        self.names.push(IndexedName {
            list,
            entry,
            kind,
            entity,
            text: text.to_string(),
            surname: surname.min(ids.len()) as u8,
            tokens: ids,
        });
    }

    /// Writes the index as bytes, for the on-disk cache (see `index_cache`). The lookup
    /// tables are not written: [`Self::from_bytes`] rebuilds them.
    pub(crate) fn write_to(&self, out: impl std::io::Write) -> std::io::Result<()> {
        let mut w = Writer(out);
        w.u32(self.vocab.len() as u32)?;
        for v in &self.vocab {
            w.str(&v.token.text)?;
            w.str(&v.token.key)?;
            w.u8(class_code(v.token.class))?;
            w.f64(v.idf)?;
            w.u32s(&v.postings)?;
        }
        w.u32(self.names.len() as u32)?;
        for n in &self.names {
            w.u32(n.list as u32)?;
            w.u32(n.entry as u32)?;
            w.u8(n.kind as u8)?;
            w.u8(entity_code(n.entity))?;
            w.str(&n.text)?;
            w.u32s(&n.tokens)?;
            w.u8(n.surname)?;
        }
        w.u32s(&self.similar_at)?;
        w.u32(self.similar.len() as u32)?;
        for &(v, sim) in &self.similar {
            w.u32(v)?;
            w.f64(sim)?;
        }
        w.u32s(&self.form_of)
    }

    /// [`Self::write_to`] into memory.
    #[cfg(test)]
    pub(crate) fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = Vec::new();
        self.write_to(&mut bytes).expect("writing to memory");
        bytes
    }

    /// Reads what [`Self::write_to`] wrote; `None` if the bytes are not a whole index.
    pub(crate) fn from_bytes(bytes: &[u8]) -> Option<Self> {
        let mut r = Reader(bytes);
        let mut index = NameIndex {
            by_initial: vec![ProbeTable::default(); 27],
            ..Default::default()
        };
        let vocab_len = r.u32()? as usize;
        index.vocab.reserve(vocab_len.min(bytes.len()));
        for vid in 0..vocab_len {
            let token = NameToken {
                text: r.str()?,
                key: r.str()?,
                class: class_from(r.u8()?)?,
            };
            let idf = r.f64()?;
            let postings = r.u32s()?;
            for slot in initial_slots(&token) {
                index.by_initial[slot].push(&token, vid as u32);
            }
            index.by_text.insert(token.text.clone(), vid as u32);
            index
                .by_key
                .entry(token.key.clone())
                .or_default()
                .push(vid as u32);
            index.vocab.push(VocabToken {
                token,
                idf,
                postings,
                generic_postings: Vec::new(),
            });
        }
        let names_len = r.u32()? as usize;
        index.names.reserve(names_len.min(bytes.len()));
        for _ in 0..names_len {
            let name = IndexedName {
                list: r.u32()? as usize,
                entry: r.u32()? as usize,
                kind: [
                    NameKind::Primary,
                    NameKind::StrongAlias,
                    NameKind::WeakAlias,
                ]
                .get(usize::from(r.u8()?))
                .copied()?,
                entity: entity_from(r.u8()?)?,
                text: r.str()?,
                tokens: r.u32s()?,
                surname: r.u8()?,
            };
            if name.tokens.iter().any(|&v| v as usize >= vocab_len) {
                return None;
            }
            index.names.push(name);
        }
        let postings_ok = index
            .vocab
            .iter()
            .all(|v| v.postings.iter().all(|&id| (id as usize) < names_len));
        index.similar_at = r.u32s()?;
        let similar_len = r.u32()? as usize;
        index.similar.reserve(similar_len.min(bytes.len()));
        for _ in 0..similar_len {
            let v = r.u32()?;
            if v as usize >= vocab_len {
                return None;
            }
            index.similar.push((v, r.f64()?));
        }
        let similar_ok = index.similar_at.len() == vocab_len + 1
            && index.similar_at.first() == Some(&0)
            && index.similar_at.last() == Some(&(similar_len as u32))
            && index.similar_at.is_sorted();
        index.form_of = r.u32s()?;
        if !(r.0.is_empty() && postings_ok && similar_ok && index.forms_ok()) {
            return None;
        }
        index.pack();
        Some(index)
    }

    /// Whether every name refers to an entry of `lists`: a cache read back for these lists
    /// must not point past them.
    pub(crate) fn refers_within(&self, lists: &[WatchList]) -> bool {
        self.names.iter().all(|n| {
            lists
                .get(n.list)
                .is_some_and(|list| n.entry < list.entries.len())
        })
    }

    /// Number of names indexed, weak aliases included.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// Distinct tokens across all names.
    pub fn vocabulary_len(&self) -> usize {
        self.vocab.len()
    }

    /// [`Self::similar_tokens`], remembered: a list word's once per index, in
    /// `listed_similar`; any other token's in the [`SimilarCache`].
    fn similar_tokens_cached(&self, t: &NameToken) -> SimilarTokens {
        if let Some(v) = self.listed_id(t) {
            return self.listed_similar[v as usize]
                .get_or_init(|| self.similar_of(self.similar_tokens(t)))
                .clone();
        }
        if let Some(found) = self.similar_cache.get(t) {
            return found;
        }
        let found = self.similar_of(self.scan_similar_tokens(t));
        self.similar_cache.insert(t, found.clone());
        found
    }

    /// The vocabulary id of `t` when the lists hold it as it is: its text, class and key.
    fn listed_id(&self, t: &NameToken) -> Option<u32> {
        let &v = self.by_text.get(&t.text)?;
        let listed = &self.vocab[v as usize].token;
        (listed.class == t.class && listed.key == t.key).then_some(v)
    }

    /// What stage one reads of the list tokens similar to one query token.
    fn similar_of(&self, mut by_score: Vec<(u32, f64)>) -> SimilarTokens {
        by_score.sort_by(|a, b| b.1.total_cmp(&a.1));
        let postings = by_score
            .iter()
            .map(|&(v, _)| {
                (self.postings_at[v as usize + 1] - self.postings_at[v as usize]) as usize
            })
            .sum();
        let max_list_weight = by_score
            .iter()
            .map(|&(v, _)| self.list_weight(v))
            .fold(0.0, f64::max);
        let signature = by_score
            .iter()
            .fold(0, |m, &(v, _)| m | self.vocab_signature[v as usize]);
        let walk = by_score
            .iter()
            .map(|&(v, _)| {
                let (from, to) = (
                    self.postings_at[v as usize],
                    self.postings_at[v as usize + 1],
                );
                (from, to - from, self.list_weight(v) as f32)
            })
            .collect();
        std::sync::Arc::new(Similar {
            by_score,
            postings,
            max_list_weight,
            signature,
            walk,
        })
    }

    /// List tokens similar to `t` (at least `MIN_PAIR_SIMILARITY`), as (vocabulary id,
    /// similarity), sorted by id.
    fn similar_tokens(&self, t: &NameToken) -> Vec<(u32, f64)> {
        if let Some(v) = self.listed_id(t)
            && let Some(range) = self.similar_at.get(v as usize..v as usize + 2)
        {
            return self.similar[range[0] as usize..range[1] as usize].to_vec();
        }
        self.scan_similar_tokens(t)
    }

    /// [`Self::similar_tokens`], found by scanning the tokens filed under `t`'s initials.
    fn scan_similar_tokens(&self, t: &NameToken) -> Vec<(u32, f64)> {
        if exact_only(t) {
            return self
                .by_text
                .get(&t.text)
                .map(|&v| vec![(v, 1.0)])
                .unwrap_or_default();
        }
        let mut out: Vec<(u32, f64)> = Vec::new();
        // Two different words that are each common in the lists (`SOFIA`/`SONIA`,
        // `TRAN`/`TAN`) are two names, not one with a typo, unless they sound alike.
        let common = |vid: u32| self.vocab_entries[vid as usize] as usize >= COMMON_WORD_ENTRIES;
        let query_common =
            t.class == TokenClass::Word && self.by_text.get(&t.text).is_some_and(|&v| common(v));
        let mut consider = |text: &str, class: TokenClass, vid: u32, same_key: bool| {
            let mut s = similarity_to(t, text, class, same_key);
            if query_common
                && class == TokenClass::Word
                && s < 1.0
                && common(vid)
                && self.vocab[vid as usize].token.key != t.key
            {
                s = s.min(EXTENDED_WORD_SIMILARITY);
            }
            if s >= MIN_PAIR_SIMILARITY {
                out.push((vid, s));
            }
        };
        let (counts, length, head) = (char_counts(&t.text), t.text.len() as u32, head(&t.text));
        for (k, slot) in initial_slots(t).enumerate() {
            let table = &self.by_initial[slot];
            // Pairs with equal keys are met below, with the sound-alike lift. Under the key's
            // initial, the tokens sharing the text's first letter were met under the text's.
            table.scan(&counts, length, head, k > 0, |i| {
                consider(table.text(i), table.classes[i], table.vids[i], false);
            });
        }
        // A sound-alike key can lift a pair the character bound rules out.
        let sound_alikes = (t.key.len() >= 3)
            .then(|| self.by_key.get(&t.key))
            .flatten();
        for &vid in sound_alikes.into_iter().flatten() {
            let token = &self.vocab[vid as usize].token;
            consider(&token.text, token.class, vid, true);
        }
        // A token met twice keeps its higher similarity.
        out.sort_by(|x, y| x.0.cmp(&y.0).then(y.1.total_cmp(&x.1)));
        out.dedup_by_key(|&mut (v, _)| v);
        out
    }

    /// A query token's weight: its length, class and rarity in the lists (a token the lists
    /// do not contain counts as rare).
    fn query_weight(&self, t: &NameToken) -> f64 {
        let idf = self
            .by_text
            .get(&t.text)
            .map_or(1.0, |&v| self.vocab[v as usize].idf);
        t.weight() * idf
    }

    /// Form `form`'s vocabulary ids.
    fn tokens_of(&self, form: u32) -> &[u32] {
        let facts = self.form_facts[form as usize];
        &self.form_tokens[facts.at as usize..(facts.at + facts.len) as usize]
    }

    /// The ids of the names of form `form`, in order.
    fn names_of(&self, form: u32) -> &[u32] {
        let at = &self.form_names_at[form as usize..form as usize + 2];
        &self.form_names[at[0] as usize..at[1] as usize]
    }

    fn list_weight(&self, vid: u32) -> f64 {
        self.vocab_weight[vid as usize]
    }

    /// Finds every entry whose primary name or strong alias scores at least `threshold`
    /// against `query`, best first. `kinds` limits the entity kinds searched (empty = all).
    pub fn search(&self, query: &str, threshold: f64, kinds: &[EntityKind]) -> Vec<NameMatch> {
        self.search_with(query, threshold, kinds, true)
    }

    /// [`Self::search`] without stage one's pruning: every name is scored. Slow; it exists so
    /// that tests can check the pruning never loses a match.
    pub fn search_every_name(
        &self,
        query: &str,
        threshold: f64,
        kinds: &[EntityKind],
    ) -> Vec<NameMatch> {
        self.search_with(query, threshold, kinds, false)
    }

    /// Searches the query as written and, when it holds a hyphen, with its hyphens taken out
    /// too: a typed hyphen moves (`A-LBASET` for `AL-BASET`, `SE-OBNG` for `SE-BONG`), and the
    /// joined form meets the joined names the index holds (`ALBASET`). Each entry keeps its
    /// better match.
    fn search_with(
        &self,
        query: &str,
        threshold: f64,
        kinds: &[EntityKind],
        prune: bool,
    ) -> Vec<NameMatch> {
        // Any name costs a bounded amount of work: only its first characters are read.
        let query = super::name_cap::screened_part(query);
        let mut found = self.search_once(query, threshold, kinds, prune);
        if query.contains('-') {
            for m in self.search_once(&query.replace('-', ""), threshold, kinds, prune) {
                match found
                    .iter_mut()
                    .find(|f| (f.list, f.entry) == (m.list, m.entry))
                {
                    Some(f) if f.alignment.score >= m.alignment.score => {}
                    Some(f) => *f = m,
                    None => found.push(m),
                }
            }
            sort_matches(&mut found);
        }
        found
    }

    fn search_once(
        &self,
        query: &str,
        threshold: f64,
        kinds: &[EntityKind],
        prune: bool,
    ) -> Vec<NameMatch> {
        let mut q = tokenize_name(query, EntityKind::Unknown);
        // No listed name is this long: a longer query is an address or garbage, and its tail
        // must not make one search cost seconds.
        q.truncate(MAX_QUERY_TOKENS);
        if q.is_empty() {
            return Vec::new();
        }
        // A name written with a legal form (`SANTOS TRADING OOO`) is an organisation: it is
        // not screened against persons' names, nor vessels'.
        let organisation_only;
        // Two-letter forms (`SA`, `AS`, `AG`) are too often parts of persons' names to count
        // alone; with a business word (`SANTOS EXPORTS SA`) they do.
        let has_legal = |long: bool| {
            q.iter()
                .any(|t| t.class == TokenClass::LegalForm && (!long || t.text.len() >= 3))
        };
        let kinds = if has_legal(true)
            || (has_legal(false)
                && q.iter()
                    .any(|t| matches!(t.class, TokenClass::Generic | TokenClass::Decoration)))
        {
            organisation_only = [EntityKind::Organization, EntityKind::Unknown]
                .into_iter()
                .filter(|k| kinds.is_empty() || kinds.contains(k))
                .collect::<Vec<_>>();
            if organisation_only.is_empty() {
                return Vec::new();
            }
            &organisation_only[..]
        } else {
            kinds
        };
        let similar: Vec<SimilarTokens> = q.iter().map(|t| self.similar_tokens_cached(t)).collect();
        let q_weighted: Vec<Weighted> = q
            .iter()
            .map(|t| Weighted {
                text: &t.text,
                class: t.class,
                weight: self.query_weight(t),
            })
            .collect();

        // Stage one: every name holding a token similar to a distinctive query token is a
        // candidate. While collecting them, add up per name what the query tokens that could
        // align with it would add to the score's numerator at best (their weight times the
        // stretched similarity of their best pair in that name). Tokens not walked here
        // (generic words, legal forms, and the common words skipped below) are counted as if
        // they aligned exactly, so the bound below stays an upper bound.
        let generates = |t: &NameToken| {
            matches!(t.class, TokenClass::Word | TokenClass::Number)
                || threshold < GENERIC_ONLY_FACTOR
        };
        // The least the query adds to a score's denominator, matched or not.
        let query_weight: f64 = q_weighted
            .iter()
            .map(|t| t.weight * unmatched_query_cost(t.class))
            .sum();
        // Scores are rounded to three places, so a bound just under the threshold may round up.
        let bound_threshold = threshold - 0.0005;
        let mut walked: Vec<usize> = (0..q.len()).filter(|&qi| generates(&q[qi])).collect();
        let not_walked = (0..q.len()).filter(|&qi| !generates(&q[qi]));
        let mut free_weight: f64 = not_walked.clone().map(|qi| q_weighted[qi].weight).sum();
        let mut free_list_weight: f64 = not_walked.map(|qi| similar[qi].max_list_weight).sum();
        // List weight that can align at all: each query token aligns with one list token.
        let alignable_list_weight: f64 = similar.iter().map(|s| s.max_list_weight).sum();
        // A name scores at most (G + X) / (Q + X): G the stretched weight of the query tokens
        // that align with it, Q the least the whole query adds to the denominator, X the weight of its own tokens that
        // align (unmatched ones only add to the denominator). Skip the most common tokens
        // (`MOHAMMAD`, `ALI`) while a name holding none of the rest could not reach the
        // threshold with every skipped and free token aligned exactly.
        walked.sort_by_key(|&qi| std::cmp::Reverse(similar[qi].postings));
        while walked.len() > 1 {
            let qi = walked[0];
            let g = free_weight + q_weighted[qi].weight;
            let x = free_list_weight + similar[qi].max_list_weight;
            if (g + x) / (query_weight + x) >= bound_threshold {
                break;
            }
            free_weight = g;
            free_list_weight = x;
            walked.remove(0);
        }
        // The tokens not walked are credited to a name only when its signature says it may
        // hold one of their similar list tokens: (signature mask, weight, list weight).
        let free: Vec<(u64, f64, f64)> = (0..q.len())
            .filter(|qi| !walked.contains(qi))
            .map(|qi| {
                (
                    similar[qi].signature,
                    q_weighted[qi].weight,
                    similar[qi].max_list_weight,
                )
            })
            .collect();
        let candidates: Vec<(u32, f64)> = SCRATCH.with(|scratch| {
            let mut scratch = scratch.borrow_mut();
            let Scratch { alignable, touched } = &mut *scratch;
            if alignable.len() < self.form_facts.len() {
                alignable.resize(self.form_facts.len(), (0.0, 0.0, 0));
            }
            for &qi in &walked {
                let bit = 1u32 << qi;
                let walk = &similar[qi].walk;
                for (j, &(_, s)) in similar[qi].by_score.iter().enumerate() {
                    let (at, len, list_weight) = walk[j];
                    if let Some(next) = walk
                        .get(j + 1)
                        .and_then(|w| self.postings.get(w.0 as usize))
                    {
                        prefetch(next);
                    }
                    let gain = stretch(s) * q_weighted[qi].weight;
                    let postings = &self.postings[at as usize..(at + len) as usize];
                    for (k, &id) in postings.iter().enumerate() {
                        if let Some(&ahead) = postings.get(k + PREFETCH_AHEAD) {
                            prefetch(&alignable[ahead as usize]);
                        }
                        let slot = &mut alignable[id as usize];
                        if slot.2 == 0 {
                            touched.push(id);
                        }
                        // Every list token that aligns is one of these, so their sum bounds
                        // the name's weight that can align.
                        slot.1 += list_weight;
                        if slot.2 & bit == 0 {
                            slot.2 |= bit;
                            // f32 is exact to 1e-7 here, far inside the bound's rounding slack.
                            slot.0 += gain as f32;
                        }
                    }
                }
            }
            // Names of generic words only are found by the query's generic words; their
            // weight is already counted as free, so they add nothing here.
            for (qi, t) in q.iter().enumerate() {
                if !matches!(t.class, TokenClass::Generic | TokenClass::Decoration) || generates(t)
                {
                    continue;
                }
                let bit = 1u32 << qi;
                for &(v, _) in &similar[qi].by_score {
                    for &id in &self.vocab[v as usize].generic_postings {
                        let slot = &mut alignable[id as usize];
                        if slot.2 == 0 {
                            touched.push(id);
                        }
                        slot.2 |= bit;
                    }
                }
            }
            let mut out = Vec::new();
            for (k, &id) in touched.iter().enumerate() {
                if let Some(&ahead) = touched.get(k + PREFETCH_AHEAD) {
                    prefetch(&self.form_facts[ahead as usize]);
                }
                let slot = &mut alignable[id as usize];
                let facts = self.form_facts[id as usize];
                let (mut free_gain, mut free_list) = (0.0, 0.0);
                for &(mask, weight, list_weight) in &free {
                    if facts.signature & mask != 0 {
                        free_gain += weight;
                        free_list += list_weight;
                    }
                }
                let w = f64::from(facts.weight)
                    .min(alignable_list_weight)
                    .min(f64::from(slot.1) * (1.0 + 1e-6) + free_list);
                // Even if every such token aligned with its best pair, and all of the name
                // that can align did, exactly, the score would be (A + W) / (Q + W): most
                // candidates stop here.
                let gained = f64::from(slot.0);
                if (gained + free_gain + w) / (query_weight + w) >= bound_threshold
                    && (kinds.is_empty() || kinds.contains(&facts.entity))
                {
                    out.push((id, gained));
                }
                *slot = (0.0, 0.0, 0);
            }
            touched.clear();
            if !prune {
                out = (0..self.form_facts.len() as u32)
                    .filter(|&id| {
                        kinds.is_empty() || kinds.contains(&self.form_facts[id as usize].entity)
                    })
                    .map(|id| (id, 0.0))
                    .collect();
            }
            out.sort_unstable_by_key(|&(id, _)| id);
            out
        });

        // Best strong and best weak match per (list, entry).
        let mut best: HashMap<(usize, usize), BestPerEntry> = HashMap::new();
        let mut l_weighted: Vec<Weighted> = Vec::new();
        let mut pairs = Vec::new();
        let mut best_gain = [0.0f64; MAX_QUERY_TOKENS];
        // The forms that reach the threshold, each aligned once, and their names:
        // (name id, its form's alignment).
        let mut alignments: Vec<Alignment> = Vec::new();
        let mut scored: Vec<(u32, usize)> = Vec::new();
        // Per list token: the query tokens it is similar to, found with one lookup.
        let mut partners = PARTNERS.with(|m| std::mem::take(&mut *m.borrow_mut()));
        partners.start(self.vocab.len(), &similar);
        for (k, &(id, _)) in candidates.iter().enumerate() {
            // Two steps ahead: a name's facts say where its tokens are.
            if let Some(&(ahead, _)) = candidates.get(k + 2 * PREFETCH_AHEAD) {
                prefetch(&self.form_facts[ahead as usize]);
            }
            if let Some(first) = candidates
                .get(k + PREFETCH_AHEAD)
                .and_then(|&(ahead, _)| self.tokens_of(ahead).first())
            {
                prefetch(first);
            }
            let tokens = self.tokens_of(id);
            pairs.clear();
            for (li, &v) in tokens.iter().enumerate() {
                pairs.extend(partners.of(v).iter().map(|&(_, qi, sim)| (sim, qi, li)));
            }
            // The same bound as stage one, now with every pair known: (G + X) / (Q + X).
            best_gain[..q.len()].fill(0.0);
            let mut x = 0.0;
            let mut seen_list = 0u64;
            for &(s, qi, li) in &pairs {
                best_gain[qi] = best_gain[qi].max(stretch(s) * q_weighted[qi].weight);
                if li >= 64 || seen_list & (1 << li) == 0 {
                    seen_list |= 1u64.checked_shl(li as u32).unwrap_or(0);
                    x += self.list_weight(tokens[li]);
                }
            }
            let g: f64 = best_gain[..q.len()].iter().sum();
            if prune && (g + x) / (query_weight + x) < bound_threshold {
                continue;
            }
            let facts = self.form_facts[id as usize];
            l_weighted.clear();
            l_weighted.extend(tokens.iter().map(|&v| {
                let vt = &self.vocab[v as usize];
                Weighted {
                    text: &vt.token.text,
                    class: vt.token.class,
                    weight: self.list_weight(v),
                }
            }));
            let shape = ListShape {
                kind: facts.entity,
                len: tokens.len(),
                surname: usize::from(facts.surname),
            };
            let core = align_core(&q_weighted, &l_weighted, shape, &mut pairs);
            if core.score < threshold {
                continue;
            }
            scored.extend(self.names_of(id).iter().map(|&n| (n, alignments.len())));
            alignments.push(explain(&q_weighted, &l_weighted, core));
        }
        partners.finish();
        PARTNERS.with(|m| *m.borrow_mut() = partners);
        // Names in id order, so that of an entry's names that score the same, the first is
        // the one reported.
        scored.sort_unstable();
        for (id, at) in scored {
            let name = &self.names[id as usize];
            let score = alignments[at].score;
            let slot = best.entry((name.list, name.entry)).or_default();
            if name.kind == NameKind::WeakAlias {
                if slot.1.as_ref().is_none_or(|(s, _)| score > *s) {
                    slot.1 = Some((score, name.text.clone()));
                }
            } else if slot.0.as_ref().is_none_or(|m| score > m.alignment.score) {
                slot.0 = Some(NameMatch {
                    list: name.list,
                    entry: name.entry,
                    matched_name: name.text.clone(),
                    matched_kind: name.kind,
                    alignment: alignments[at].clone(),
                    corroborating_weak_alias: None,
                });
            }
        }
        let mut out: Vec<NameMatch> = best
            .into_values()
            .filter_map(|(strong, weak)| {
                let mut m = strong?;
                m.corroborating_weak_alias = weak.map(|(_, w)| w);
                Some(m)
            })
            .collect();
        sort_matches(&mut out);
        out
    }
}

/// How far ahead stage one asks for the memory of the names it will visit.
const PREFETCH_AHEAD: usize = 8;

/// Asks the processor to start loading `value`'s cache line: stage one visits names at
/// random, and waiting for each load in turn is most of its time.
#[inline(always)]
fn prefetch<T>(value: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is a hint; it reads nothing and cannot fault, and the pointer comes
    // from a reference.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(
            (value as *const T).cast::<i8>(),
        );
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = value;
}

/// Best first; ties in list and entry order.
fn sort_matches(matches: &mut [NameMatch]) {
    matches.sort_by(|a, b| {
        b.alignment
            .score
            .total_cmp(&a.alignment.score)
            .then(a.list.cmp(&b.list))
            .then(a.entry.cmp(&b.entry))
    });
}

const CLASSES: [TokenClass; 7] = [
    TokenClass::Word,
    TokenClass::Generic,
    TokenClass::Decoration,
    TokenClass::LegalForm,
    TokenClass::Number,
    TokenClass::Stopword,
    TokenClass::Address,
];
const ENTITIES: [EntityKind; 5] = [
    EntityKind::Person,
    EntityKind::Organization,
    EntityKind::Vessel,
    EntityKind::Aircraft,
    EntityKind::Unknown,
];

fn class_code(c: TokenClass) -> u8 {
    CLASSES.iter().position(|&x| x == c).unwrap_or(0) as u8
}

fn class_from(code: u8) -> Option<TokenClass> {
    CLASSES.get(usize::from(code)).copied()
}

fn entity_code(e: EntityKind) -> u8 {
    ENTITIES.iter().position(|&x| x == e).unwrap_or(4) as u8
}

fn entity_from(code: u8) -> Option<EntityKind> {
    ENTITIES.get(usize::from(code)).copied()
}

/// Little-endian writer for the index cache.
struct Writer<W>(W);

impl<W: std::io::Write> Writer<W> {
    fn u8(&mut self, v: u8) -> std::io::Result<()> {
        self.0.write_all(&[v])
    }
    fn u32(&mut self, v: u32) -> std::io::Result<()> {
        self.0.write_all(&v.to_le_bytes())
    }
    fn f64(&mut self, v: f64) -> std::io::Result<()> {
        self.0.write_all(&v.to_le_bytes())
    }
    fn str(&mut self, v: &str) -> std::io::Result<()> {
        self.u32(v.len() as u32)?;
        self.0.write_all(v.as_bytes())
    }
    fn u32s(&mut self, v: &[u32]) -> std::io::Result<()> {
        self.u32(v.len() as u32)?;
        v.iter().try_for_each(|&x| self.u32(x))
    }
}

/// Reader for what [`Writer`] wrote: every read is checked, a short or bad input is `None`.
struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        if self.0.len() < n {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }
    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn f64(&mut self) -> Option<f64> {
        Some(f64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    fn str(&mut self) -> Option<String> {
        let n = self.u32()? as usize;
        String::from_utf8(self.take(n)?.to_vec()).ok()
    }
    fn u32s(&mut self) -> Option<Vec<u32>> {
        let n = self.u32()? as usize;
        let bytes = self.take(n.checked_mul(4)?)?;
        Some(
            bytes
                .chunks_exact(4)
                .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect(),
        )
    }
}

/// Name particles that manifests often write glued to the next word (`ABUBAKR`, `BINLADEN`).
const GLUED_PARTICLES: &[&str] = &["ABU", "ABD", "BIN", "BEN", "IBN", "BINT", "UMM", "VAN"];

/// The name with each particle (a word of one or two letters, a legal form, an article, `ABU`)
/// glued to the word after it, as manifests write them (`JSC ARGUMENT` -> `JSCARGUMENT`,
/// `AL HASHIMI` -> `ALHASHIMI`, `ZIA UR RAHMAN` -> `ZIA URRAHMAN`); `None` when there is
/// nothing to glue. Indexed beside the name itself.
fn glue_short_tokens(tokens: &[NameToken], surname: usize) -> Option<(Vec<NameToken>, usize)> {
    let short = |t: &NameToken| {
        t.class != TokenClass::Number
            && (t.text.len() <= 2
                || matches!(t.class, TokenClass::LegalForm | TokenClass::Stopword)
                || GLUED_PARTICLES.contains(&t.text.as_str()))
    };
    if tokens.len() < 2 || !tokens[..tokens.len() - 1].iter().any(short) {
        return None;
    }
    let surname_from = tokens.len() - surname;
    let mut out: Vec<NameToken> = Vec::with_capacity(tokens.len());
    // Glued tokens that start in the family name belong to it.
    let mut in_surname = 0;
    let mut i = 0;
    while i < tokens.len() {
        in_surname += usize::from(surname > 0 && i >= surname_from);
        if short(&tokens[i]) && i + 1 < tokens.len() && tokens[i + 1].class != TokenClass::Number {
            let text = format!("{}{}", tokens[i].text, tokens[i + 1].text);
            out.push(NameToken {
                key: super::normalize::phonetic_key(&text),
                class: TokenClass::Word,
                text,
            });
            i += 2;
        } else {
            out.push(tokens[i].clone());
            i += 1;
        }
    }
    (out.len() < tokens.len()).then_some((out, in_surname))
}

/// Numbers, legal forms and tokens of one or two characters align only when equal.
fn exact_only(t: &NameToken) -> bool {
    exact_only_parts(&t.text, t.class)
}

fn exact_only_parts(text: &str, class: TokenClass) -> bool {
    matches!(class, TokenClass::Number | TokenClass::LegalForm) || text.len() <= 2
}

/// Similarity of two tokens in [0, 1], under the rules in the module comment.
pub fn token_similarity(a: &NameToken, b: &NameToken) -> f64 {
    similarity_to(a, &b.text, b.class, a.key == b.key)
}

/// [`token_similarity`] with the second token in parts; `same_key` tells whether the two
/// sound-alike keys are equal.
fn similarity_to(a: &NameToken, b: &str, b_class: TokenClass, same_key: bool) -> f64 {
    if exact_only(a) || exact_only_parts(b, b_class) {
        return if a.text == b { 1.0 } else { 0.0 };
    }
    // Equal texts score 1.0 from here on: Jaro-Winkler is 1.0 and no rule below lowers it.
    let mut jw = jaro_winkler(a.text.as_bytes(), b.as_bytes());
    if jw > EXTENDED_WORD_SIMILARITY
        && a.class == TokenClass::Word
        && b_class == TokenClass::Word
        && (extends(&a.text, b) || inside_with_two_more(&a.text, b))
    {
        jw = jw.min(EXTENDED_WORD_SIMILARITY);
    }
    let short = a.text.len().min(b.len()) <= SHORT_TOKEN;
    if short {
        // One letter in four is a different name (`CHEN`/`CHAN`, `JUAN`/`JIAN`), not a typo
        // or a transliteration; but `GEN` is short for `GENERAL`.
        return if jw >= SHORT_TOKEN_MIN_SIMILARITY || is_abbreviation(&a.text, b) {
            jw
        } else {
            0.0
        };
    }
    let (la, lb) = (a.text.len() as f64, b.len() as f64);
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
fn inside_with_two_more(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() < short.len() + 2 {
        return false;
    }
    let mut rest = long.bytes();
    short.bytes().all(|c| rest.any(|l| l == c))
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
}

/// Jaro-Winkler similarity (prefix scale 0.1, up to 4 characters) of two ASCII tokens, without
/// allocating: this runs thousands of times per query. It matches characters as
/// `strsim::jaro_winkler` does, but counts half transpositions without rounding down and
/// always adds the prefix bonus (strsim adds it above 0.7 only); on names the two agree (a
/// test checks both). Longer tokens fall back to strsim.
pub fn jaro_winkler(a: &[u8], b: &[u8]) -> f64 {
    const MAX: usize = 64;
    if a.len() > MAX || b.len() > MAX || !a.is_ascii() || !b.is_ascii() {
        return strsim::jaro_winkler(&String::from_utf8_lossy(a), &String::from_utf8_lossy(b));
    }
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let window = (a.len().max(b.len()) / 2).saturating_sub(1);
    // Bit-parallel: for each character of `a`, the positions of `b` holding it, found by
    // comparing it with all of `b` at once (a vector compare). Each takes the first free one
    // inside its window, as in the textbook loop.
    let mut padded = [0u8; MAX];
    padded[..b.len()].copy_from_slice(b);
    let chunks = b.len().div_ceil(16);
    let positions = |c: u8| byte_positions(&padded, chunks, c);
    let mut a_matched = 0u64;
    let mut b_matched = 0u64;
    for (i, &c) in a.iter().enumerate() {
        let lo = i.saturating_sub(window);
        let hi = (i + window + 1).min(b.len());
        if lo >= hi {
            continue;
        }
        // Bits lo..hi (past `b`'s end, the padding, never).
        let in_window = (u64::MAX >> (64 - (hi - lo))) << lo;
        let free = positions(c) & !b_matched & in_window;
        if free != 0 {
            b_matched |= free & free.wrapping_neg();
            a_matched |= 1 << i;
        }
    }
    let matches = a_matched.count_ones() as usize;
    if matches == 0 {
        return 0.0;
    }
    // Matched characters of each side, in order, compared pairwise.
    let mut transpositions = 0usize;
    let (mut left, mut right) = (a_matched, b_matched);
    while left != 0 {
        let (i, j) = (
            left.trailing_zeros() as usize,
            right.trailing_zeros() as usize,
        );
        if a[i] != b[j] {
            transpositions += 1;
        }
        left &= left - 1;
        right &= right - 1;
    }
    let m = matches as f64;
    let jaro =
        (m / a.len() as f64 + m / b.len() as f64 + (m - transpositions as f64 / 2.0) / m) / 3.0;
    let mut prefix = 0;
    while prefix < 4 && prefix < a.len().min(b.len()) && a[prefix] == b[prefix] {
        prefix += 1;
    }
    jaro + prefix as f64 * 0.1 * (1.0 - jaro)
}

/// One bit per byte of the first `chunks` 16-byte chunks of `haystack` that equals `c`.
fn byte_positions(haystack: &[u8; 64], chunks: usize, c: u8) -> u64 {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{
            __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_set1_epi8,
        };
        let mut found = 0u64;
        for (k, chunk) in haystack.chunks_exact(16).take(chunks).enumerate() {
            // SAFETY: SSE2 is part of every x86_64 processor; `chunk` is 16 readable bytes
            // and the load is unaligned.
            let hits = unsafe {
                let bytes = _mm_loadu_si128(chunk.as_ptr().cast::<__m128i>());
                _mm_movemask_epi8(_mm_cmpeq_epi8(bytes, _mm_set1_epi8(c as i8))) as u16
            };
            found |= u64::from(hits) << (16 * k);
        }
        found
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        haystack[..16 * chunks]
            .iter()
            .enumerate()
            .fold(0, |m, (j, &x)| m | (u64::from(x == c) << j))
    }
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
        }
    }
    let q: Vec<Weighted> = query.iter().map(weigh).collect();
    let l: Vec<Weighted> = list.iter().map(weigh).collect();
    let mut pairs = Vec::new();
    for (qi, a) in query.iter().enumerate() {
        for (li, b) in list.iter().enumerate() {
            let s = token_similarity(a, b);
            if s >= MIN_PAIR_SIMILARITY {
                pairs.push((s, qi, li));
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
struct AlignmentCore {
    score: f64,
    /// Chosen pairs: (similarity, query index, list index), best first.
    chosen: Vec<(f64, usize, usize)>,
    q_used: Vec<bool>,
    l_used: Vec<bool>,
    number_mismatch: bool,
    legal_mismatch: bool,
    business_mismatch: bool,
    generic_only: bool,
}

/// Aligns best pair first, each token used once, and scores the result.
fn align_core(
    query: &[Weighted],
    list: &[Weighted],
    shape: ListShape,
    candidates: &mut [(f64, usize, usize)],
) -> AlignmentCore {
    // A total order, so that the alignment does not depend on the order pairs were found in.
    candidates.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then(
                (query[b.1].weight + list[b.2].weight)
                    .total_cmp(&(query[a.1].weight + list[a.2].weight)),
            )
            .then(a.1.cmp(&b.1))
            .then(a.2.cmp(&b.2))
    });
    let mut q_used = vec![false; query.len()];
    let mut l_used = vec![false; list.len()];
    let mut chosen = Vec::new();
    let mut numerator = 0.0;
    let mut denominator = 0.0;
    let mut distinctive = false;
    let mut legal_aligned = false;
    for &(s, qi, li) in candidates.iter() {
        if q_used[qi] || l_used[li] {
            continue;
        }
        q_used[qi] = true;
        l_used[li] = true;
        let w = query[qi].weight + list[li].weight;
        numerator += stretch(s) * w;
        denominator += w;
        distinctive |= matches!(query[qi].class, TokenClass::Word | TokenClass::Number);
        legal_aligned |= query[qi].class == TokenClass::LegalForm;
        chosen.push((s, qi, li));
    }
    let mut q_unmatched_number = false;
    let mut q_unmatched_legal = false;
    let mut q_unmatched_business = false;
    for (t, _) in query.iter().zip(&q_used).filter(|(_, u)| !**u) {
        denominator += t.weight * unmatched_query_cost(t.class);
        q_unmatched_number |= t.class == TokenClass::Number;
        q_unmatched_legal |= t.class == TokenClass::LegalForm;
        q_unmatched_business |= t.class == TokenClass::Generic;
    }
    let mut l_unmatched_number = false;
    let mut l_unmatched_legal = false;
    let mut l_unmatched_business = false;
    for (position, (t, _)) in list
        .iter()
        .zip(&l_used)
        .enumerate()
        .filter(|(_, (_, u))| !**u)
    {
        denominator += t.weight * unmatched_list_cost(&shape, position, t.text);
        l_unmatched_number |= t.class == TokenClass::Number;
        l_unmatched_legal |= t.class == TokenClass::LegalForm;
        l_unmatched_business |= t.class == TokenClass::Generic;
    }
    let mut score = if denominator > 0.0 {
        numerator / denominator
    } else {
        0.0
    };
    let q_has_number = query.iter().any(|t| t.class == TokenClass::Number);
    let l_has_number = list.iter().any(|t| t.class == TokenClass::Number);
    let number_mismatch =
        q_has_number && l_has_number && (q_unmatched_number || l_unmatched_number);
    if number_mismatch {
        score *= NUMBER_MISMATCH_FACTOR;
    }
    let legal_mismatch = q_unmatched_legal && l_unmatched_legal && !legal_aligned;
    if legal_mismatch {
        score *= LEGAL_FORM_MISMATCH_FACTOR;
    }
    let business_mismatch = q_unmatched_business && l_unmatched_business;
    if business_mismatch {
        score *= BUSINESS_MISMATCH_FACTOR;
    }
    // A list name made of generic words only, all of them aligned, is matched in full.
    let is_generic = |t: &Weighted| matches!(t.class, TokenClass::Generic | TokenClass::Decoration);
    let whole_generic_name = list.iter().any(is_generic)
        && !list
            .iter()
            .any(|t| matches!(t.class, TokenClass::Word | TokenClass::Number))
        && list
            .iter()
            .zip(&l_used)
            .all(|(t, used)| *used || !is_generic(t));
    let generic_only = !chosen.is_empty() && !distinctive && !whole_generic_name;
    if generic_only {
        score *= GENERIC_ONLY_FACTOR;
    }
    AlignmentCore {
        score: round3(score),
        chosen,
        q_used,
        l_used,
        number_mismatch,
        legal_mismatch,
        business_mismatch,
        generic_only,
    }
}

/// Stretches a similarity so that 0.9 counts as 0.8: Jaro-Winkler is generous.
fn stretch(s: f64) -> f64 {
    (2.0 * s - 1.0).max(0.0)
}

/// Scores an alignment from the similar pairs `(similarity, query index, list index)` and
/// explains it.
fn score_alignment(
    query: &[Weighted],
    list: &[Weighted],
    shape: ListShape,
    mut candidates: Vec<(f64, usize, usize)>,
) -> Alignment {
    explain(query, list, align_core(query, list, shape, &mut candidates))
}

/// Turns the numbers of an alignment into the words a targeter reads.
fn explain(query: &[Weighted], list: &[Weighted], core: AlignmentCore) -> Alignment {
    let leftover = |tokens: &[Weighted], used: &[bool], class: Option<TokenClass>| -> Vec<String> {
        tokens
            .iter()
            .zip(used)
            .filter(|(t, u)| !**u && class.is_none_or(|c| t.class == c))
            .map(|(t, _)| t.text.to_string())
            .collect()
    };
    let mut adjustments = Vec::new();
    if core.number_mismatch {
        adjustments.push(format!(
            "numbers differ ({} vs {}) x{NUMBER_MISMATCH_FACTOR}",
            none_if_empty(&leftover(query, &core.q_used, Some(TokenClass::Number))),
            none_if_empty(&leftover(list, &core.l_used, Some(TokenClass::Number)))
        ));
    }
    if core.legal_mismatch {
        adjustments.push(format!(
            "legal forms differ ({} vs {}) x{LEGAL_FORM_MISMATCH_FACTOR}",
            leftover(query, &core.q_used, Some(TokenClass::LegalForm)).join(" "),
            leftover(list, &core.l_used, Some(TokenClass::LegalForm)).join(" ")
        ));
    }
    if core.business_mismatch {
        adjustments.push(format!(
            "lines of business differ ({} vs {}) x{BUSINESS_MISMATCH_FACTOR}",
            leftover(query, &core.q_used, Some(TokenClass::Generic)).join(" "),
            leftover(list, &core.l_used, Some(TokenClass::Generic)).join(" ")
        ));
    }
    if core.generic_only {
        adjustments.push(format!(
            "only generic words or legal forms align x{GENERIC_ONLY_FACTOR}"
        ));
    }
    Alignment {
        score: core.score,
        pairs: core
            .chosen
            .iter()
            .map(|&(s, qi, li)| TokenPair {
                query: query[qi].text.to_string(),
                list: list[li].text.to_string(),
                similarity: round3(s),
            })
            .collect(),
        unmatched_query: leftover(query, &core.q_used, None),
        unmatched_list: leftover(list, &core.l_used, None),
        adjustments,
    }
}

fn none_if_empty(v: &[String]) -> String {
    if v.is_empty() {
        "-".into()
    } else {
        v.join(" ")
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed(id: &str, kind: &str, name: &str) -> crate::lists::ListEntry {
        serde_json::from_value(serde_json::json!({"id": id, "kind": kind, "name": name}))
            .expect("entry")
    }

    /// One list holding `entries`, in the agency format.
    fn one_list(entries: Vec<crate::lists::ListEntry>) -> Vec<WatchList> {
        vec![WatchList {
            name: "T".into(),
            format: crate::lists::ListFormat::AgencyCsv,
            version: "t".into(),
            content_hash: String::new(),
            files: Vec::new(),
            entries,
            problems: Vec::new(),
        }]
    }

    fn score(query: &str, listed: &str, kind: EntityKind) -> f64 {
        align(
            &tokenize_name(query, EntityKind::Unknown),
            &ListName::new(listed, kind),
        )
        .score
    }

    #[test]
    fn a_name_repeated_across_lists_is_scored_once_and_reported_for_each_entry() {
        let mut first = listed("1", "organization", "Mabruka Trading Co");
        first.aliases.push(crate::lists::Alias {
            name: "MABRUKA TRADING CO.".into(),
            kind: "aka".into(),
        });
        let mut second = listed("2", "organization", "MABRUKA HOLDING CO");
        second.weak_aliases.push("Mabruka Trading Co".into());
        let mut lists = one_list(vec![first, listed("3", "person", "Mabruka Trading Co")]);
        lists.extend(one_list(vec![
            second,
            listed("9", "organization", "MABRUKA TRADING CO"),
        ]));
        let index = NameIndex::build(&lists);
        // Six names, three forms: the company name (four names), the holding, the person.
        assert_eq!(index.len(), 6);
        assert_eq!(index.form_facts.len(), 3);

        let found = index.search("MABRUKA TRADNG CO", 0.85, &[]);
        let ids: Vec<_> = found
            .iter()
            .map(|m| (m.list, lists[m.list].entries[m.entry].id.as_str()))
            .collect();
        // Entry 3 is a person: a name with a legal form is not screened against persons.
        assert_eq!(ids, [(0, "1"), (1, "9")], "{found:#?}");
        // Of an entry's names that score the same, the first is reported, in its own spelling.
        assert_eq!(found[0].matched_name, "Mabruka Trading Co");
        assert_eq!(found[0].matched_kind, NameKind::Primary);
        assert_eq!(found[1].matched_name, "MABRUKA TRADING CO");
        // The same name as a weak alias only corroborates: entry 2 is not reported for it.
        assert!(found.iter().all(|m| m.corroborating_weak_alias.is_none()));
        let by_weak = index.search("MABRUKA TRADING CO", 0.85, &[EntityKind::Organization]);
        assert_eq!(by_weak.len(), 2, "{by_weak:#?}");
        assert_eq!(
            by_weak,
            index.search_every_name("MABRUKA TRADING CO", 0.85, &[EntityKind::Organization])
        );

        // The forms are kept in the cache; forms that do not read alike are refused.
        let copy = NameIndex::from_bytes(&index.to_bytes()).expect("round trip");
        assert_eq!(copy.form_of, index.form_of);
        assert_eq!(copy.form_names, index.form_names);
        assert_eq!(copy.search("MABRUKA TRADNG CO", 0.85, &[]), found);
        let mut merged = index.clone();
        merged.form_of = vec![0; merged.names.len()];
        assert!(NameIndex::from_bytes(&merged.to_bytes()).is_none());
    }

    /// A cache read back for other lists than it was built from is not used.
    #[test]
    fn an_index_refers_only_within_its_lists() {
        let lists = one_list(vec![
            listed("1", "organization", "ACME TRADING"),
            listed("2", "person", "Ivan PETROV"),
        ]);
        let index = NameIndex::build(&lists);
        assert!(index.refers_within(&lists));
        let shorter = one_list(vec![listed("1", "organization", "ACME TRADING")]);
        assert!(!index.refers_within(&shorter));
        assert!(!index.refers_within(&[]));
    }

    #[test]
    fn exact_name_scores_one() {
        assert_eq!(
            score(
                "HESONG TRADING CORPORATION",
                "HESONG TRADING CORPORATION",
                EntityKind::Organization
            ),
            1.0
        );
    }

    #[test]
    fn each_token_is_used_once() {
        let a = align(
            &tokenize_name("VLADIMIR", EntityKind::Unknown),
            &ListName::new("VLADIMIROV, Vladimir Vladimirovich", EntityKind::Person),
        );
        assert_eq!(a.pairs.len(), 1, "{a:?}");
        assert_eq!(a.unmatched_list, vec!["VLADIMIROVICH", "VLADIMIROV"]);
        assert!(a.score < 0.75, "one name of three is no match: {a:?}");
    }

    #[test]
    fn fast_jaro_winkler_agrees_with_strsim() {
        let words = [
            "MABRUKA",
            "MABROOKA",
            "HODJATI",
            "HOJATI",
            "MARTHA",
            "MARHTA",
            "DIXON",
            "DICKSONX",
            "A",
            "AB",
            "",
            "KOREA",
            "CAIRO",
            "VLADIMIROVICH",
        ];
        for a in words {
            for b in words {
                let fast = jaro_winkler(a.as_bytes(), b.as_bytes());
                let reference = strsim::jaro_winkler(a, b);
                assert!(
                    (fast - reference).abs() < 1e-9,
                    "{a} {b}: {fast} vs {reference}"
                );
            }
        }
        // Seeded random pairs over a small alphabet, so that letters repeat and windows
        // overlap, of every length up to the 64 the fast path handles.
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        for _ in 0..20_000 {
            let word = |next: &mut dyn FnMut(u64) -> u64| {
                let len = next(65) as usize;
                (0..len)
                    .map(|_| char::from(b"ABCDE0"[next(6) as usize]))
                    .collect::<String>()
            };
            let (a, b) = (word(&mut next), word(&mut next));
            let fast = jaro_winkler(a.as_bytes(), b.as_bytes());
            let reference = textbook_jaro_winkler(a.as_bytes(), b.as_bytes());
            assert!(
                (fast - reference).abs() < 1e-9,
                "{a} {b}: {fast} vs {reference}"
            );
        }
    }

    /// Jaro-Winkler as the textbook loop writes it, with half transpositions unrounded and the
    /// prefix bonus always applied (see [`jaro_winkler`]).
    fn textbook_jaro_winkler(a: &[u8], b: &[u8]) -> f64 {
        if a.is_empty() || b.is_empty() {
            return if a.len() == b.len() { 1.0 } else { 0.0 };
        }
        let window = (a.len().max(b.len()) / 2).saturating_sub(1);
        let (mut a_flag, mut b_flag) = (vec![false; a.len()], vec![false; b.len()]);
        let mut matches = 0;
        for (i, &ca) in a.iter().enumerate() {
            for j in i.saturating_sub(window)..(i + window + 1).min(b.len()) {
                if !b_flag[j] && b[j] == ca {
                    a_flag[i] = true;
                    b_flag[j] = true;
                    matches += 1;
                    break;
                }
            }
        }
        if matches == 0 {
            return 0.0;
        }
        let a_matched = a.iter().zip(&a_flag).filter(|(_, f)| **f).map(|(c, _)| c);
        let b_matched = b.iter().zip(&b_flag).filter(|(_, f)| **f).map(|(c, _)| c);
        let transpositions = a_matched.zip(b_matched).filter(|(x, y)| x != y).count();
        let m = matches as f64;
        let jaro =
            (m / a.len() as f64 + m / b.len() as f64 + (m - transpositions as f64 / 2.0) / m) / 3.0;
        let prefix = a.iter().zip(b).take(4).take_while(|(x, y)| x == y).count() as f64;
        jaro + prefix * 0.1 * (1.0 - jaro)
    }

    #[test]
    fn numbers_must_agree() {
        let a = align(
            &tokenize_name("HAO FAN 2", EntityKind::Unknown),
            &ListName::new("HAO FAN 6", EntityKind::Vessel),
        );
        assert!(a.score < 0.7, "{a:?}");
        assert!(
            a.adjustments[0].contains("numbers differ (2 vs 6)"),
            "{a:?}"
        );
    }

    #[test]
    fn sister_company_with_other_legal_form_scores_lower() {
        let same = score(
            "ELECTRONIC COMPONENTS INDUSTRIES CO",
            "ELECTRONIC COMPONENTS INDUSTRIES CO",
            EntityKind::Organization,
        );
        let sister = align(
            &tokenize_name("ELECTRONIC COMPONENTS TRADING LLC", EntityKind::Unknown),
            &ListName::new(
                "ELECTRONIC COMPONENTS INDUSTRIES CO",
                EntityKind::Organization,
            ),
        );
        assert_eq!(same, 1.0);
        assert!(sister.score < 0.85, "{sister:?}");
        assert!(
            sister
                .adjustments
                .iter()
                .any(|a| a.contains("legal forms differ (LLC vs CO)")),
            "{sister:?}"
        );
    }

    #[test]
    fn generic_words_alone_do_not_match() {
        let s = score(
            "GENERAL TRADING CO LLC",
            "SIRJANCO TRADING L.L.C.",
            EntityKind::Organization,
        );
        assert!(s < 0.5, "{s}");
    }

    #[test]
    fn decorations_cost_little_lines_of_business_mark_a_sister() {
        assert!(
            score(
                "BOKO HARAM DUBAI UAE",
                "BOKO HARAM",
                EntityKind::Organization
            ) >= 0.85
        );
        assert!(
            score(
                "ARIA NIKAN IMPORT EXPORT",
                "ARIA NIKAN",
                EntityKind::Organization
            ) >= 0.85
        );
        let a = align(
            &tokenize_name("MARBLE INDUSTRIES LIMITED", EntityKind::Unknown),
            &ListName::new("MARBLE SHIPPING LTD", EntityKind::Organization),
        );
        assert!(a.score < 0.85, "{a:?}");
        assert!(
            a.adjustments
                .iter()
                .any(|x| x.contains("lines of business differ")),
            "{a:?}"
        );
    }

    #[test]
    fn a_legal_form_phrase_with_a_typo_is_still_the_legal_form() {
        let a = align(
            &tokenize_name("LIMITED LIABILITY COMMPANY OSNOVA LAB", EntityKind::Unknown),
            &ListName::new(
                "LIMITED LIABILITY COMPANY OSNOVA LAB",
                EntityKind::Organization,
            ),
        );
        assert_eq!(a.score, 1.0, "{a:?}");
    }

    #[test]
    fn a_one_word_family_name_left_out_costs_in_full() {
        let family = score("ANNA IVANOVNA", "OTKE, Anna Ivanovna", EntityKind::Person);
        let middle = score("ANNA OTKE", "OTKE, Anna Ivanovna", EntityKind::Person);
        // Without the family-name rule both would score alike.
        assert!(family + 0.04 < middle, "{family} {middle}");
    }

    #[test]
    fn a_missing_patronymic_costs_less_than_another_middle_name() {
        let patronymic = score(
            "IGOR BORISOV",
            "BORISOV, Igor Vladimirovich",
            EntityKind::Person,
        );
        let middle = score(
            "IGOR BORISOV",
            "BORISOV, Igor Maximilian",
            EntityKind::Person,
        );
        assert!(patronymic > middle + 0.02, "{patronymic} {middle}");
        assert!(is_patronymic("IVANOVNA") && is_patronymic("OGLU"));
        assert!(!is_patronymic("IVANOV") && !is_patronymic("VICH"));
    }

    #[test]
    fn a_word_inside_another_with_two_letters_more_is_another_word() {
        // `PARTS` sits inside `PARTNERS`: Jaro-Winkler alone says 0.93.
        let parts = score("PARTS", "PARTNERS", EntityKind::Organization);
        assert!(parts <= stretch(EXTENDED_WORD_SIMILARITY) + 1e-9, "{parts}");
        assert!(inside_with_two_more("FACO", "FALCON"));
        // One letter dropped is a typo.
        assert!(!inside_with_two_more("FALCN", "FALCON"));
        assert!(!inside_with_two_more("SOLAR", "SOLMAR"));
    }

    #[test]
    fn two_names_each_common_in_the_lists_are_not_one_misspelt() {
        let mut entries = vec![listed("T", "person", "GONZALEZ, Sonia")];
        let names = ["ALVAREZ", "LOPEZ", "DIAZ", "RUIZ", "TORRES"];
        for (i, family) in names.iter().enumerate() {
            entries.push(listed(
                &format!("S{i}"),
                "person",
                &format!("{family}, Sonia"),
            ));
            entries.push(listed(
                &format!("F{i}"),
                "person",
                &format!("{family}, Sofia"),
            ));
        }
        let common = NameIndex::build(&one_list(entries));
        let rare = NameIndex::build(&one_list(vec![listed("T", "person", "GONZALEZ, Sonia")]));
        // The similarity of the query's first word to `SONIA` in the target's match.
        let first_pair = |index: &NameIndex, query: &str| {
            index
                .search(query, 0.5, &[])
                .iter()
                .find(|m| m.entry == 0)
                .and_then(|m| m.alignment.pairs.iter().find(|p| p.list == "SONIA"))
                .map_or(0.0, |p| p.similarity)
        };
        // `SOFIA` for `SONIA` could be a typo when only one of them is a known name ...
        assert!(first_pair(&rare, "SOFIA GONZALEZ") > EXTENDED_WORD_SIMILARITY);
        // ... not when the lists hold both, often.
        assert_eq!(
            first_pair(&common, "SOFIA GONZALEZ"),
            EXTENDED_WORD_SIMILARITY
        );
        // A typo that makes no common name is still a typo.
        assert!(first_pair(&common, "SONJA GONZALEZ") > EXTENDED_WORD_SIMILARITY);
        // The same text in a glued address is another token: what the index remembers of
        // one does not answer for the other.
        let after_address = common.clone();
        assert!(
            after_address
                .search("ACME UNIT 5 SOFIA", 0.5, &[])
                .is_empty()
        );
        assert_eq!(
            first_pair(&after_address, "SOFIA GONZALEZ"),
            EXTENDED_WORD_SIMILARITY
        );
    }

    #[test]
    fn a_name_with_a_legal_form_is_not_screened_against_persons() {
        let lists = one_list(vec![
            listed("P", "person", "SANTOS"),
            listed("O", "organization", "SANTOS"),
        ]);
        let index = NameIndex::build(&lists);
        let found: Vec<usize> = index
            .search("SANTOS LLC", 0.5, &[])
            .iter()
            .map(|m| m.entry)
            .collect();
        assert_eq!(found, vec![1]);
        assert_eq!(index.search("SANTOS", 0.85, &[]).len(), 2);
    }

    #[test]
    fn particles_and_hyphenated_parts_glued_still_match() {
        let lists = one_list(vec![
            listed("A", "organization", "JSC ARGUMENT"),
            listed("Z", "person", "MADANI, Zia-ur-Rahman"),
            listed("S", "person", "SHU, Quan-Sheng"),
        ]);
        let index = NameIndex::build(&lists);
        for (query, entry) in [
            ("JSCARGUMENT", 0),
            ("ZIA URRAHMAN MADANI", 1),
            ("QUANSHENG SHU", 2),
        ] {
            let found = index.search(query, 0.85, &[]);
            assert_eq!(
                found.first().map(|m| m.entry),
                Some(entry),
                "{query}: {found:?}"
            );
            assert_eq!(found[0].alignment.score, 1.0);
        }
    }

    #[test]
    fn a_name_of_generic_words_only_is_found_whole_not_in_part() {
        let lists = one_list(vec![
            listed("G", "organization", "GENERAL TECHNOLOGY LIMITED"),
            listed("N", "organization", "AL NOOR GENERAL TRADING LLC"),
        ]);
        let index = NameIndex::build(&lists);
        for (query, expected) in [
            ("GENERAL TECHNOLOGY ISTANBUL LIMITED", vec![0]),
            ("GENERAL TRADING LLC", vec![]),
        ] {
            let found: Vec<usize> = index
                .search(query, 0.85, &[])
                .iter()
                .map(|m| m.entry)
                .collect();
            assert_eq!(found, expected, "{query}");
            let every: Vec<usize> = index
                .search_every_name(query, 0.85, &[])
                .iter()
                .map(|m| m.entry)
                .collect();
            assert_eq!(found, every, "{query}");
        }
    }

    #[test]
    fn the_reach_table_is_the_jaro_winkler_bound() {
        for (reach, threshold) in [
            (REACH, MIN_PAIR_SIMILARITY),
            (REACH_SHORT, SHORT_TOKEN_MIN_SIMILARITY),
        ] {
            for a in 1..=40u32 {
                for b in 1..=40u32 {
                    for m in 1..=a.min(b) {
                        for prefix in 0..=4usize {
                            let (mf, af, bf) = (f64::from(m), f64::from(a), f64::from(b));
                            let jaro_max = (mf / af + mf / bf + 1.0) / 3.0;
                            let best = jaro_max + 0.1 * prefix as f64 * (1.0 - jaro_max);
                            let exact = m >= u32::from(least_shared_for(&reach, a, b, prefix));
                            // The integer test keeps every pair the formula keeps, and drops
                            // every pair it drops but for ties lost to rounding.
                            if best >= threshold {
                                assert!(exact, "{m} {a} {b} {prefix}: {best}");
                            } else {
                                assert!(!exact || threshold - best < 1e-9, "{m} {a} {b} {prefix}");
                            }
                        }
                    }
                }
            }
        }
        // `may_reach` is the same test as `least_shared`.
        for (a, b, m, prefix) in [(5, 7, 4, 0), (6, 6, 5, 1), (3, 9, 3, 4), (8, 4, 3, 2)] {
            assert_eq!(
                may_reach(m, a, b, prefix),
                m >= u32::from(least_shared(a, b, prefix))
            );
        }
    }

    /// The similar-token scan skips tokens by their character counts; it must find every
    /// token of the scanned initials that a full comparison finds.
    #[test]
    fn the_similar_token_scan_misses_nothing() {
        use crate::screen::eval;
        let mut entries: Vec<_> = eval::clean_names(600, 7)
            .into_iter()
            .enumerate()
            .map(|(i, l)| {
                let kind = if l.kind == EntityKind::Person {
                    "person"
                } else {
                    "organization"
                };
                listed(&i.to_string(), kind, &l.query)
            })
            .collect();
        // Tokens past the 255 characters a count byte holds, on both sides.
        let long = "KARAGANDA".repeat(40);
        entries.push(listed("long", "organization", &format!("{long} MINING")));
        let lists = one_list(entries);
        let index = NameIndex::build(&lists);
        let mut queries: Vec<NameToken> = index.vocab.iter().map(|v| v.token.clone()).collect();
        for variant in eval::variants(&lists, 300, 9) {
            queries.extend(tokenize_name(&variant.query, EntityKind::Unknown));
        }
        for text in [format!("{long}X"), long[1..].to_string(), "K".repeat(300)] {
            queries.extend(tokenize_name(&text, EntityKind::Unknown));
        }
        let mut found = 0;
        for t in &queries {
            let fast: Vec<u32> = index
                .scan_similar_tokens(t)
                .iter()
                .map(|&(v, _)| v)
                .collect();
            let slots: Vec<usize> = initial_slots(t).collect();
            let full: Vec<u32> = if exact_only(t) {
                index.by_text.get(&t.text).copied().into_iter().collect()
            } else {
                (0..index.vocab.len() as u32)
                    .filter(|&v| {
                        let other = &index.vocab[v as usize].token;
                        initial_slots(other).any(|s| slots.contains(&s))
                            && token_similarity(t, other) >= MIN_PAIR_SIMILARITY
                    })
                    .collect()
            };
            assert_eq!(
                fast,
                full,
                "{} {:?}",
                t.text,
                full.iter()
                    .map(|&v| (
                        &index.vocab[v as usize].token.text,
                        token_similarity(t, &index.vocab[v as usize].token)
                    ))
                    .collect::<Vec<_>>()
            );
            found += full.len();
        }
        assert!(
            found > queries.len(),
            "{found} similar tokens for {} queries",
            queries.len()
        );
    }

    /// Every list word's similar tokens are found once, at build, and read back from the
    /// cache: they must be what a scan finds, and a word of another class must still scan.
    #[test]
    fn a_list_word_reads_its_similar_tokens_found_at_build() {
        use crate::screen::eval;
        let entries: Vec<_> = eval::clean_names(300, 3)
            .into_iter()
            .enumerate()
            .map(|(i, l)| listed(&i.to_string(), "organization", &l.query))
            .collect();
        let index = NameIndex::build(&one_list(entries));
        let copy = NameIndex::from_bytes(&index.to_bytes()).expect("round trip");
        assert_eq!(copy.similar, index.similar);
        let mut with_similar = 0;
        for v in &index.vocab {
            let scanned = index.scan_similar_tokens(&v.token);
            assert_eq!(index.similar_tokens(&v.token), scanned, "{}", v.token.text);
            assert_eq!(copy.similar_tokens(&v.token), scanned, "{}", v.token.text);
            with_similar += usize::from(scanned.len() > 1);
        }
        assert!(
            with_similar > 10,
            "{with_similar} words with a similar word"
        );
        // The same text as a legal form aligns only with itself.
        let word = index
            .vocab
            .iter()
            .map(|v| &v.token)
            .find(|t| t.class == TokenClass::Word && index.similar_tokens(t).len() > 1)
            .expect("a word with a similar word");
        let as_legal_form = NameToken {
            class: TokenClass::LegalForm,
            ..word.clone()
        };
        assert_eq!(index.similar_tokens(&as_legal_form).len(), 1);
    }
}
