//! Similar tokens: for one query token, the list tokens at least `MIN_PAIR_SIMILARITY` like
//! it, and what stage one reads of them. A list word's were found at build; any other token's
//! are scanned in the probe tables and remembered in a cache shared by the threads searching
//! one index. Nothing here scores a name.

use foldhash::HashMap;

use super::super::normalize::{NameToken, TokenClass};
use super::super::sound_key::{abjad_keys, latin_abjad_keys};
use super::super::translit::name_class;
use super::NameIndex;
use super::codec::{CLASSES, class_code};
use super::probe::{char_counts, head, initial_slot, initial_slots};
use super::score::{
    COMMON_WORD_ENTRIES, EXTENDED_WORD_SIMILARITY, MIN_PAIR_SIMILARITY, SHORT_TOKEN, exact_only,
    similarity_to,
};

/// List tokens similar to one query token, as (vocabulary id, similarity).
#[derive(Debug, Default)]
pub(super) struct Similar {
    /// Most similar first (then by id), so that stage one meets each name's best pair first.
    pub(super) by_score: Vec<(u32, f64)>,
    /// Forms holding any of these tokens (with repeats): what walking them costs.
    pub(super) postings: usize,
    /// The greatest weight of these tokens in a list name.
    pub(super) max_list_weight: f64,
    /// Their bits in a name's signature (see `signature_bit`).
    pub(super) signature: u64,
    /// Per entry of `by_score`, what stage one walks of it.
    pub(super) walk: Vec<PostingRun>,
}

/// Where a list token's forms are in `NameIndex::postings`, and its weight in a list name:
/// what stage one reads per similar token, packed in one small record.
#[derive(Debug, Clone, Copy)]
pub(super) struct PostingRun {
    /// Where its forms start in `NameIndex::postings`.
    pub(super) at: u32,
    /// How many forms hold it.
    pub(super) len: u32,
    /// Its weight in a list name, as stage one adds it up.
    pub(super) list_weight: f32,
}

/// A query token's similar list tokens, shared between threads and searches.
pub(super) type SimilarTokens = std::sync::Arc<Similar>;

/// Similar tokens of query tokens the lists do not hold (a typo, an unlisted name), remembered
/// by one index and shared by every thread searching it: a batch of party names repeats its
/// tokens. (A list word's are kept apart, in `NameIndex::listed_similar`.) Per shard, one map
/// per token class: a token's similar list tokens depend on its text
/// and its class (a word, a legal form, a word of a glued address); in shards so that threads
/// seldom wait for one another.
#[derive(Default)]
pub(super) struct SimilarCache {
    shards:
        [std::sync::RwLock<[HashMap<String, SimilarTokens>; CLASSES.len()]>; SIMILAR_CACHE_SHARDS],
    len: std::sync::atomic::AtomicUsize,
}

/// Shards of the cache: more than the threads that search at once.
const SIMILAR_CACHE_SHARDS: usize = 16;
/// Tokens remembered before the cache starts again.
const SIMILAR_CACHE_MAX: usize = 100_000;

impl SimilarCache {
    /// The shard `text` is kept in.
    fn shard(
        &self,
        text: &str,
    ) -> &std::sync::RwLock<[HashMap<String, SimilarTokens>; CLASSES.len()]> {
        use std::hash::{BuildHasher, BuildHasherDefault};
        let hasher = BuildHasherDefault::<std::collections::hash_map::DefaultHasher>::default();
        &self.shards[hasher.hash_one(text) as usize % SIMILAR_CACHE_SHARDS]
    }

    /// The similar tokens remembered for `t`.
    fn get(&self, t: &NameToken) -> Option<SimilarTokens> {
        let shard = self
            .shard(&t.text)
            .read()
            .unwrap_or_else(|e| e.into_inner());
        shard[usize::from(class_code(t.class))]
            .get(&t.text)
            .cloned()
    }

    /// Remembers `t`'s similar tokens; a full cache is emptied first.
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

impl NameIndex {
    /// [`Self::similar_tokens`], remembered: a list word's once per index, in
    /// `listed_similar`; any other token's in the [`SimilarCache`].
    pub(super) fn similar_tokens_cached(&self, t: &NameToken) -> SimilarTokens {
        if let Some(v) = self.listed_id(t) {
            return self.listed_similar[v as usize]
                .get_or_init(|| self.similar_of(self.similar_tokens(t)))
                .clone();
        }
        // The cache is keyed by text and class: a word folded from an abjad is not the Latin
        // word of the same letters, and such words are few, so they are not remembered.
        if t.abjad {
            return self.similar_of(self.scan_similar_tokens(t));
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
        let v = self.text_id(&t.text, t.abjad)?;
        let listed = &self.vocab[v as usize].token;
        (listed.class == t.class && listed.key == t.key && listed.abjad == t.abjad).then_some(v)
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
                PostingRun {
                    at: from,
                    len: to - from,
                    list_weight: self.list_weight(v) as f32,
                }
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
    pub(super) fn similar_tokens(&self, t: &NameToken) -> Vec<(u32, f64)> {
        if let Some(v) = self.listed_id(t)
            && let Some(range) = self.similar_at.get(v as usize..v as usize + 2)
        {
            return self.similar[range[0] as usize..range[1] as usize].to_vec();
        }
        self.scan_similar_tokens(t)
    }

    /// [`Self::similar_tokens`], found by scanning the tokens filed under `t`'s initials.
    pub(super) fn scan_similar_tokens(&self, t: &NameToken) -> Vec<(u32, f64)> {
        // A short word folded from an abjad (`BN`) is compared by its letters like any other.
        let abjad_word = t.abjad && !matches!(t.class, TokenClass::Number | TokenClass::LegalForm);
        if exact_only(t) && !abjad_word {
            return self
                .text_id(&t.text, t.abjad)
                .map(|v| vec![(v, 1.0)])
                .unwrap_or_default();
        }
        let mut out: Vec<(u32, f64)> = Vec::new();
        // Two different words that are each common in the lists (`SOFIA`/`SONIA`,
        // `TRAN`/`TAN`) are two names, not one with a typo, unless they sound alike.
        let common = |vid: u32| self.vocab_entries[vid as usize] as usize >= COMMON_WORD_ENTRIES;
        let query_common =
            t.class == TokenClass::Word && self.text_id(&t.text, t.abjad).is_some_and(common);
        let mut consider = |text: &str, class: TokenClass, vid: u32, same_key: bool| {
            let abjad = self.vocab[vid as usize].token.abjad;
            let mut s = similarity_to(t, text, class, same_key, abjad);
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
        // Belarusian and Ukrainian write H where Russian names are transliterated with G
        // (`HAIDUKEVICH`/`GAIDUKEVICH`, `HALUSHKO`/`GALUSHKO`): a word of a Slavic family name's
        // or patronymic's shape is met under the other initial too.
        if let Some(other) = slavic_g_h(&t.text) {
            let table = &self.by_initial[initial_slot(other)];
            table.scan(&counts, length, head, false, |i| {
                consider(table.text(i), table.classes[i], table.vids[i], false);
            });
        }
        // A sound-alike key can lift a pair the character bound rules out.
        // So can a row of the transliteration table, whatever its key's length (`REZA`/`RIDHA`).
        let sound_alikes = (t.key.len() >= 3 || name_class(&t.text).is_some())
            .then(|| self.by_key.get(&t.key))
            .flatten();
        for &vid in sound_alikes.into_iter().flatten() {
            let token = &self.vocab[vid as usize].token;
            consider(&token.text, token.class, vid, true);
        }
        // A word folded from an abjad is met by its consonants alone, read with its waw a
        // vowel and, apart, a consonant (`NWFL`: `NOFAL`, `NAWFAL`); two consonants will do.
        if abjad_word {
            let keys = abjad_keys(&t.text);
            for vid in keys
                .iter()
                .filter(|k| k.len() >= 2 && (k.len() < 3 || **k != t.key))
                .filter_map(|k| self.by_key.get(k))
                .flatten()
            {
                let token = &self.vocab[*vid as usize].token;
                consider(&token.text, token.class, *vid, false);
            }
        }
        // A Latin word meets the abjad words of its consonants, however few (`QUSAY`/`QSY`).
        if !t.abjad && !exact_only(t) && !self.by_abjad_key.is_empty() {
            for key in latin_abjad_keys(&t.text) {
                for &vid in self.by_abjad_key.get(&key).into_iter().flatten() {
                    let token = &self.vocab[vid as usize].token;
                    consider(&token.text, token.class, vid, false);
                }
            }
        }
        // A short word with `Y` written for `I` or the other way (`WADY`/`WADI`): looked up
        // whole, one letter swapped at a time.
        if t.text.len() <= SHORT_TOKEN && t.class == TokenClass::Word && !t.abjad {
            let mut swapped = t.text.clone().into_bytes();
            for i in 0..swapped.len() {
                let was = swapped[i];
                swapped[i] = match was {
                    b'Y' => b'I',
                    b'I' => b'Y',
                    _ => continue,
                };
                if let Some(&vid) = std::str::from_utf8(&swapped)
                    .ok()
                    .and_then(|text| self.by_text.get(text))
                {
                    let token = &self.vocab[vid as usize].token;
                    consider(&token.text, token.class, vid, token.key == t.key);
                }
                swapped[i] = was;
            }
        }
        // A token met twice keeps its higher similarity.
        out.sort_by(|x, y| x.0.cmp(&y.0).then(y.1.total_cmp(&x.1)));
        out.dedup_by_key(|&mut (v, _)| v);
        out
    }
}

/// Endings of Slavic family names and patronymics, for [`slavic_g_h`].
const SLAVIC_ENDINGS: &[&str] = &[
    "VICH", "VYCH", "VNA", "ENKO", "SHKO", "CHKO", "CHUK", "CHYK", "IUK", "YUK", "OVA", "EVA",
    "OV", "EV", "OU", "AU", "SKI", "SKY", "SKII", "SKYI", "SKAYA", "SKAIA", "SKA", "INA", "IN",
];

/// The other initial of a word that starts with `G` or `H` and ends as a Slavic family name or
/// patronymic does: Belarusian and Ukrainian `H` for a Russian `G`. `None` for other words.
fn slavic_g_h(text: &str) -> Option<u8> {
    let other = match text.as_bytes().first()? {
        b'G' => b'H',
        b'H' => b'G',
        _ => return None,
    };
    (text.len() >= 5 && SLAVIC_ENDINGS.iter().any(|e| text.ends_with(e))).then_some(other)
}
