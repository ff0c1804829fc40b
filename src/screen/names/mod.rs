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
//!   decoration, legal form or address; less when the query holds a listed name whole (0.3
//!   per extra word of a person's name, 0.1 per patronymic, 0.6 for an organisation's or when
//!   a person's family name and a given name are held), double against a name of generic
//!   words only;
//! - what the list name has over costs in full for organisations (half when the query's own
//!   distinctive words all aligned, 0.3 for a decoration) and one-word family names, half for
//!   other names, 0.15 for middle names, 0.3 for the second of two family words and a
//!   0.075 for patronymics;
//! - one name in two transliteration systems (`KATERYNA`/`EKATERINA`, see `translit`)
//!   aligns at 0.95; a word in Arabic or Persian script aligns with a Latin one at 0.94 when
//!   its consonants and long vowels are the Latin's (`HSYN`/`HUSSEIN`, see
//!   `sound_key::abjad_fits`);
//! - two different words each common in the lists, or one inside the other with two letters
//!   more, are two names: their pair scores at most 0.85;
//! - numbers must agree (`HAO FAN 2` is not `HAO FAN 6`); differing legal forms or lines of
//!   business mark a sister company; a match on generic words alone is not a match.
//!
//! Weak aliases are indexed but never alert on their own; they only corroborate a hit on a
//! primary name or strong alias. This module knows nothing of manifests: it takes a name and
//! returns scored entries.
//!
//! A search runs in stages, each in its own file:
//! 1. `search`: the query is tokenised (at most [`MAX_QUERY_TOKENS`]) and the entity kinds it
//!    may name are settled (a name with a legal form is an organisation's);
//! 2. `similar`: each query token's similar list tokens are read, from the table found at
//!    build for a list word, else scanned in the `probe` tables (and remembered);
//! 3. `search`, stage one: the postings of the similar distinctive tokens are walked, adding
//!    up per form (a distinct way a list name reads) the most the query could score against
//!    it; forms whose bound falls below the threshold are dropped;
//! 4. `search`, stage two: each remaining form is aligned and scored (`score`), and explained
//!    (`explain`) when it reaches the threshold;
//! 5. `search`: each entry keeps its best primary name or strong alias, with its best weak
//!    alias as corroboration.
//!
//! The index is built by `build`, written to and read from the on-disk cache by `codec`;
//! Jaro-Winkler is in `jaro`.

mod build;
mod codec;
mod explain;
mod jaro;
mod probe;
mod score;
mod search;
mod similar;
#[cfg(test)]
mod tests;

use foldhash::HashMap;

use crate::model::{EntityKind, NameKind};

use super::normalize::{NameToken, surname_tokens, tokenize_name};
use probe::ProbeTable;
use similar::{SimilarCache, SimilarTokens};

pub use explain::Alignment;
pub use jaro::jaro_winkler;
pub use score::{Weighted, align, token_similarity};

/// A list name tokenised for [`align`], with its family name marked where the list marks it.
#[derive(Debug, Clone)]
pub struct ListName {
    /// Its tokens, persons' in `Given Middle SURNAME` order.
    pub tokens: Vec<NameToken>,
    pub kind: EntityKind,
    /// Trailing tokens that are the family name (0 when the list does not say).
    pub surname: usize,
}

impl ListName {
    /// Tokenises `raw`, a name of a `kind` entity as the list writes it.
    pub fn new(raw: &str, kind: EntityKind) -> Self {
        ListName {
            tokens: tokenize_name(raw, kind),
            kind,
            surname: surname_tokens(raw, kind),
        }
    }
}

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

/// Query tokens screened at most; the rest of a very long query is ignored.
pub const MAX_QUERY_TOKENS: usize = 24;

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
    /// Words folded from an abjad, by text: `AMR` from Arabic is not the Latin `AMR`.
    by_abjad_text: HashMap<String, u32>,
    /// Vocabulary ids by sound-alike key.
    by_key: HashMap<String, Vec<u32>>,
    /// The words folded from an abjad, by their keys (waw a vowel, and a consonant): a Latin
    /// word of two consonants looks them up here, not among every Latin word of its key.
    by_abjad_key: HashMap<String, Vec<u32>>,
    /// Vocabulary tokens by initial (A-Z, then every other first byte), under both the text's
    /// and the key's.
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
    /// Per vocabulary token, its bit in a name's signature (`build::signature_bit`).
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
    /// How many of its tokens are distinctive (words and numbers), at most 255: what stage one
    /// reads to tell whether a query may hold the name whole.
    distinctive: u8,
    /// One bit per token, by its first letter and length (`build::signature_bit`): a name without
    /// the bit of any of a query token's similar list tokens cannot align that token.
    signature: u64,
}

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

impl NameIndex {
    /// Number of names indexed, weak aliases included.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Whether no name is indexed.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// Distinct tokens across all names.
    pub fn vocabulary_len(&self) -> usize {
        self.vocab.len()
    }

    /// The vocabulary id of a text, Latin or folded from an abjad.
    pub(super) fn text_id(&self, text: &str, abjad: bool) -> Option<u32> {
        let by_text = if abjad {
            &self.by_abjad_text
        } else {
            &self.by_text
        };
        by_text.get(text).copied()
    }

    /// A query token's weight: its length, class and rarity in the lists (a token the lists
    /// do not contain counts as rare).
    fn query_weight(&self, t: &NameToken) -> f64 {
        let idf = self
            .text_id(&t.text, t.abjad)
            .map_or(1.0, |v| self.vocab[v as usize].idf);
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

    /// Vocabulary token `vid`'s weight in a list name: its length, class and rarity.
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

    /// Searches the query as written; when it holds a hyphen, with its hyphens taken out too
    /// (a typed hyphen moves: `A-LBASET` for `AL-BASET`, `SE-OBNG` for `SE-BONG`, and the joined
    /// form meets the joined names the index holds, `ALBASET`); and when two of its
    /// neighbouring words are one word in the lists, with them joined (`FAKHR ZADEH`). Each
    /// entry keeps its better match.
    fn search_with(
        &self,
        query: &str,
        threshold: f64,
        kinds: &[EntityKind],
        prune: bool,
    ) -> Vec<NameMatch> {
        // Any name costs a bounded amount of work: only its first characters are read.
        let query = super::name_cap::screened_part(query);
        let (mut found, respelt) = self.search_once(query, threshold, kinds, prune);
        let merge = |found: &mut Vec<NameMatch>, more: Vec<NameMatch>| {
            for m in more {
                match found
                    .iter_mut()
                    .find(|f| (f.list, f.entry) == (m.list, m.entry))
                {
                    Some(f) if f.alignment.score >= m.alignment.score => {}
                    Some(f) => *f = m,
                    None => found.push(m),
                }
            }
            sort_matches(found);
        };
        if query.contains('-') {
            let (more, _) = self.search_once(&query.replace('-', ""), threshold, kinds, prune);
            merge(&mut found, more);
        }
        // A name written apart that the lists write as one word (`Mohammad FAKHR ZADEH` for
        // `FAKHRZADEH, Mohammad`), or as one word that the lists write apart (`Guoying WANG`
        // for `WANG, Guo Ying`).
        for tokens in respelt {
            let more = self.search_tokens(&tokens, threshold, kinds, prune);
            merge(&mut found, more);
        }
        found
    }
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
