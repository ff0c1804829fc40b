//! The search, stage by stage: a query is tokenised and weighed, stage one walks the postings
//! of its similar tokens and keeps the forms whose score bound reaches the threshold, stage two
//! aligns and scores those, and each entry keeps its best name. The bounds only skip work:
//! every form they drop scores below the threshold (`search_every_name` scores every form, and
//! the tests compare the two). Nothing here decides a score; `score` does.

use std::borrow::Cow;
use std::cell::RefCell;

use foldhash::{HashMap, HashMapExt};

use crate::model::{EntityKind, NameKind};

use super::super::normalize::{NameToken, TokenClass, tokenize_name};
use super::super::sound_key::abjad_key;
use super::explain::{Alignment, explain};
use super::score::{
    GENERIC_ONLY_FACTOR, ListShape, Pairing, Weighted, align_core, least_unmatched_query_cost,
    stretch, unmatched_query_cost,
};
use super::similar::SimilarTokens;
use super::{MAX_QUERY_TOKENS, NameIndex, NameMatch, sort_matches};

/// How far ahead stage one asks for the memory of the names it will visit.
const PREFETCH_AHEAD: usize = 8;

/// Scores are rounded to three places, so a bound this much under the threshold may still
/// round up to it.
const ROUNDING_SLACK: f64 = 0.0005;

/// A query as every stage reads it.
struct Query<'q> {
    /// Its tokens, at most [`MAX_QUERY_TOKENS`].
    tokens: &'q [NameToken],
    /// Each token with its weight (length, class and rarity in the lists).
    weighted: Vec<Weighted<'q>>,
    /// Each token's similar list tokens.
    similar: Vec<SimilarTokens>,
    /// The lowest score reported.
    threshold: f64,
    /// The threshold the bounds are held to (see [`ROUNDING_SLACK`]).
    bound_threshold: f64,
    /// The least the query adds to a score's denominator, matched or not, against a list
    /// name it does not hold whole.
    weight: f64,
    /// The same against a list name whose every distinctive word it holds: its extra words
    /// cost less (see `score::extras_for`).
    contained_weight: f64,
}

/// What stage one walks, and what it credits without walking.
struct WalkPlan {
    /// Query tokens (by index) whose similar tokens' postings are walked, most postings first.
    walked: Vec<usize>,
    /// The other query tokens: credited to a form only when its signature says it may hold
    /// one of their similar list tokens.
    free: Vec<FreeToken>,
    /// List weight that can align at all: each query token aligns with one list token.
    alignable_list_weight: f64,
}

/// A query token stage one does not walk, as the candidate bound credits it.
#[derive(Debug, Clone, Copy)]
struct FreeToken {
    /// The signature bits of its similar list tokens.
    signature: u64,
    /// Its weight in the query.
    weight: f64,
    /// The greatest weight of its similar tokens in a list name.
    list_weight: f64,
}

/// What stage one has added up for one form (see [`super::FormFacts`]) so far.
#[derive(Debug, Clone, Copy, Default)]
struct FormBound {
    /// Query weight that could align: per query token that reached the form, its weight times
    /// the stretched similarity of its best similar token (met first).
    gain: f32,
    /// List weight that could align: the weights of the form's tokens met, with repeats.
    list_weight: f32,
    /// One bit per query token that reached the form; 0 for a form not reached yet.
    query_tokens: u32,
}

/// Per-thread scratch space for stage one, reused across queries so that a search allocates
/// nothing proportional to the index.
#[derive(Default)]
struct Scratch {
    /// Per form, what stage one has added up for it.
    bounds: Vec<FormBound>,
    /// Forms whose bound is in use, in the order they were reached.
    touched: Vec<u32>,
}

/// A query token similar to a list token, as stage two finds it from the list token.
#[derive(Debug, Clone, Copy)]
struct Partner {
    /// The list token's vocabulary id.
    vid: u32,
    /// The query token's index.
    query: usize,
    similarity: f64,
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
    /// One run per vocabulary id, by query index within it.
    entries: Vec<Partner>,
}

thread_local! {
    static PARTNERS: RefCell<Partners> = RefCell::new(Partners::default());
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Stage two's reusable buffers, per query.
struct StageTwo<'i> {
    /// The form being aligned, its tokens weighted.
    list: Vec<Weighted<'i>>,
    /// Its tokens' pairings with the query's.
    pairs: Vec<Pairing>,
    /// Per query token, its best stretched gain against the form.
    best_gain: [f64; MAX_QUERY_TOKENS],
}

/// The forms that reached the threshold, each aligned once, and their names.
struct ScoredForms {
    alignments: Vec<Alignment>,
    names: Vec<ScoredName>,
}

/// A name of a form that reached the threshold. Ordered by name id, so that of an entry's
/// names that score the same, the first is the one reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct ScoredName {
    /// The name's id.
    name: u32,
    /// Its form's alignment, in [`ScoredForms::alignments`].
    alignment: usize,
}

/// The best strong-name match of an entry so far, and its best weak alias.
#[derive(Default)]
struct BestPerEntry {
    strong: Option<NameMatch>,
    weak: Option<WeakAliasMatch>,
}

/// A weak alias that reached the threshold: it corroborates, never alerts.
struct WeakAliasMatch {
    score: f64,
    text: String,
}

/// The shortest word [`NameIndex::split_joined_words`] tries to split, and the shortest part:
/// shorter ones split into syllables that are names of their own (`TANAKA`: `TAN AKA`).
const MIN_SPLIT_WORD: usize = 7;
const MIN_SPLIT_PART: usize = 3;

impl NameIndex {
    /// One search of the query as given (see `search_with` for the hyphen-free second one).
    pub(super) fn search_once(
        &self,
        query: &str,
        threshold: f64,
        kinds: &[EntityKind],
        prune: bool,
    ) -> (Vec<NameMatch>, Vec<Vec<NameToken>>) {
        let mut tokens = tokenize_name(query, EntityKind::Unknown);
        // No listed name is this long: a longer query is an address or garbage, and its tail
        // must not make one search cost seconds.
        tokens.truncate(MAX_QUERY_TOKENS);
        let respelt = [
            self.joined_apart_words(&tokens),
            self.split_joined_words(&tokens),
        ]
        .into_iter()
        .flatten()
        .collect();
        (
            self.search_tokens(&tokens, threshold, kinds, prune),
            respelt,
        )
    }

    /// The query's tokens with each word the lists do not hold, but hold as two words, split
    /// (`GUOYING` -> `GUO YING`, `RAHIMREZA` -> `RAHIM REZA`), when it has any. Where several
    /// splits are words, the most even one.
    fn split_joined_words(&self, tokens: &[NameToken]) -> Option<Vec<NameToken>> {
        let listed_word = |text: &str| {
            self.text_id(text, false)
                .filter(|&v| self.vocab[v as usize].token.class == TokenClass::Word)
        };
        let mut out: Option<Vec<NameToken>> = None;
        for (i, t) in tokens.iter().enumerate() {
            let split = (t.class == TokenClass::Word
                && !t.abjad
                && t.text.len() >= MIN_SPLIT_WORD
                && self.text_id(&t.text, false).is_none())
            .then(|| {
                (MIN_SPLIT_PART..=t.text.len() - MIN_SPLIT_PART)
                    .filter_map(|at| {
                        let (left, right) = t.text.split_at(at);
                        Some((
                            at.min(t.text.len() - at),
                            listed_word(left)?,
                            listed_word(right)?,
                        ))
                    })
                    .max_by_key(|&(even, ..)| even)
            })
            .flatten();
            match split {
                Some((_, left, right)) => {
                    let out = out.get_or_insert_with(|| tokens[..i].to_vec());
                    out.push(self.vocab[left as usize].token.clone());
                    out.push(self.vocab[right as usize].token.clone());
                }
                None => {
                    if let Some(out) = &mut out {
                        out.push(t.clone());
                    }
                }
            }
        }
        out.filter(|o| o.len() <= MAX_QUERY_TOKENS)
    }

    /// The query's tokens with each pair of neighbouring words that the lists write as one
    /// word joined (`FAKHR ZADEH` -> `FAKHRZADEH`), when it has any.
    fn joined_apart_words(&self, tokens: &[NameToken]) -> Option<Vec<NameToken>> {
        // A particle written apart is met by the glued forms the index holds already
        // (`ABU BAKR`, see `build::glue_short_tokens`).
        let word = |t: &NameToken| {
            t.class == TokenClass::Word
                && t.text.len() >= 3
                && !super::build::GLUED_PARTICLES.contains(&t.text.as_str())
        };
        let mut glued = String::new();
        let mut out: Option<Vec<NameToken>> = None;
        let mut i = 0;
        while i < tokens.len() {
            // Arabic compounds, which Latin spellings write as one word with the article's
            // alif unheard: `ABD ALRHMN` -> `ABDLRHMN` (`ABDULRAHMAN`), `HBYB ALLH` ->
            // `HBYBLLH` (`HABIBULLAH`).
            if let Some(next) = tokens.get(i + 1).filter(|n| n.abjad && tokens[i].abjad) {
                let rest = next.text.strip_prefix('A').filter(|r| r.starts_with('L'));
                if let Some(rest) = rest.filter(|_| tokens[i].text == "ABD" || next.text == "ALLH")
                {
                    let text = format!("{}{rest}", tokens[i].text);
                    let out = out.get_or_insert_with(|| tokens[..i].to_vec());
                    out.push(NameToken {
                        key: abjad_key(&text),
                        class: TokenClass::Word,
                        text,
                        abjad: true,
                    });
                    i += 2;
                    continue;
                }
            }
            if let Some(next) = tokens.get(i + 1).filter(|n| word(n) && word(&tokens[i])) {
                glued.clear();
                glued.push_str(&tokens[i].text);
                glued.push_str(&next.text);
                if let Some(v) = self.text_id(&glued, tokens[i].abjad && next.abjad) {
                    let out = out.get_or_insert_with(|| tokens[..i].to_vec());
                    out.push(self.vocab[v as usize].token.clone());
                    i += 2;
                    continue;
                }
            }
            if let Some(out) = &mut out {
                out.push(tokens[i].clone());
            }
            i += 1;
        }
        out
    }

    /// One search of tokens as given.
    pub(super) fn search_tokens(
        &self,
        tokens: &[NameToken],
        threshold: f64,
        kinds: &[EntityKind],
        prune: bool,
    ) -> Vec<NameMatch> {
        if tokens.is_empty() {
            return Vec::new();
        }
        let Some(kinds) = kinds_to_screen(tokens, kinds) else {
            return Vec::new();
        };
        let query = self.weigh_query(tokens, threshold);
        let plan = query.plan_walk();
        let candidates = self.find_candidates(&query, &plan, &kinds, prune);
        let scored = self.score_candidates(&query, &candidates, prune);
        self.best_per_entry(scored)
    }

    /// The query's tokens with their weights and similar list tokens.
    fn weigh_query<'q>(&self, tokens: &'q [NameToken], threshold: f64) -> Query<'q> {
        let similar: Vec<SimilarTokens> = tokens
            .iter()
            .map(|t| self.similar_tokens_cached(t))
            .collect();
        let weighted: Vec<Weighted> = tokens
            .iter()
            .map(|t| Weighted {
                text: &t.text,
                class: t.class,
                weight: self.query_weight(t),
                abjad: t.abjad,
            })
            .collect();
        let weight: f64 = weighted
            .iter()
            .map(|t| t.weight * unmatched_query_cost(t.class))
            .sum();
        let contained_weight: f64 = weighted
            .iter()
            .map(|t| t.weight * least_unmatched_query_cost(t))
            .sum();
        Query {
            tokens,
            weighted,
            similar,
            threshold,
            bound_threshold: threshold - ROUNDING_SLACK,
            weight,
            contained_weight,
        }
    }

    /// Stage one: every form holding a token similar to a walked query token (or, for a form
    /// of generic words only, to a generic query word) whose bound reaches the threshold and
    /// whose entity kind is screened; without `prune`, every form of those kinds. By id.
    fn find_candidates(
        &self,
        query: &Query,
        plan: &WalkPlan,
        kinds: &[EntityKind],
        prune: bool,
    ) -> Vec<u32> {
        let mut candidates = SCRATCH.with(|scratch| {
            let mut scratch = scratch.borrow_mut();
            if scratch.bounds.len() < self.form_facts.len() {
                scratch
                    .bounds
                    .resize(self.form_facts.len(), FormBound::default());
            }
            self.walk_postings(query, &plan.walked, &mut scratch);
            self.reach_generic_forms(query, &mut scratch);
            self.forms_within_bound(query, plan, kinds, &mut scratch)
        });
        if !prune {
            candidates = (0..self.form_facts.len() as u32)
                .filter(|&id| {
                    kinds.is_empty() || kinds.contains(&self.form_facts[id as usize].entity)
                })
                .collect();
        }
        candidates.sort_unstable();
        candidates
    }

    /// Adds up, per form holding a similar token of a walked query token, what the query
    /// tokens that could align with it would add to the score's numerator at best (their
    /// weight times the stretched similarity of their best pair in that form), and the
    /// weight of its tokens that could align.
    fn walk_postings(&self, query: &Query, walked: &[usize], scratch: &mut Scratch) {
        let Scratch { bounds, touched } = scratch;
        for &qi in walked {
            let bit = 1u32 << qi;
            let similar = &query.similar[qi];
            let walk = &similar.walk;
            for (j, &(_, s)) in similar.by_score.iter().enumerate() {
                let run = walk[j];
                if let Some(next) = walk
                    .get(j + 1)
                    .and_then(|w| self.postings.get(w.at as usize))
                {
                    prefetch(next);
                }
                let gain = stretch(s) * query.weighted[qi].weight;
                let postings = &self.postings[run.at as usize..(run.at + run.len) as usize];
                for (k, &id) in postings.iter().enumerate() {
                    if let Some(&ahead) = postings.get(k + PREFETCH_AHEAD) {
                        prefetch(&bounds[ahead as usize]);
                    }
                    let bound = &mut bounds[id as usize];
                    if bound.query_tokens == 0 {
                        touched.push(id);
                    }
                    // Every list token that aligns is one of these, so their sum bounds
                    // the form's weight that can align.
                    bound.list_weight += run.list_weight;
                    if bound.query_tokens & bit == 0 {
                        bound.query_tokens |= bit;
                        // f32 is exact to 1e-7 here, far inside the bound's rounding slack.
                        bound.gain += gain as f32;
                    }
                }
            }
        }
    }

    /// Forms of generic words only are found by the query's generic words (when those do not
    /// generate candidates themselves); their weight is already counted as free, so they add
    /// nothing to the bound.
    fn reach_generic_forms(&self, query: &Query, scratch: &mut Scratch) {
        let Scratch { bounds, touched } = scratch;
        for (qi, t) in query.tokens.iter().enumerate() {
            if !matches!(t.class, TokenClass::Generic | TokenClass::Decoration)
                || query.generates(t)
            {
                continue;
            }
            let bit = 1u32 << qi;
            for &(v, _) in &query.similar[qi].by_score {
                for &id in &self.vocab[v as usize].generic_postings {
                    let bound = &mut bounds[id as usize];
                    if bound.query_tokens == 0 {
                        touched.push(id);
                    }
                    bound.query_tokens |= bit;
                }
            }
        }
    }

    /// The forms reached whose bound reaches the threshold and whose kind is screened, in the
    /// order they were reached; every bound is cleared for the next query.
    fn forms_within_bound(
        &self,
        query: &Query,
        plan: &WalkPlan,
        kinds: &[EntityKind],
        scratch: &mut Scratch,
    ) -> Vec<u32> {
        let Scratch { bounds, touched } = scratch;
        let mut out = Vec::new();
        for (k, &id) in touched.iter().enumerate() {
            if let Some(&ahead) = touched.get(k + PREFETCH_AHEAD) {
                prefetch(&self.form_facts[ahead as usize]);
            }
            let bound = &mut bounds[id as usize];
            let facts = self.form_facts[id as usize];
            let (mut free_gain, mut free_list) = (0.0, 0.0);
            for free in &plan.free {
                if facts.signature & free.signature != 0 {
                    free_gain += free.weight;
                    free_list += free.list_weight;
                }
            }
            let w = f64::from(facts.weight)
                .min(plan.alignable_list_weight)
                .min(f64::from(bound.list_weight) * (1.0 + 1e-6) + free_list);
            // Even if every such token aligned with its best pair, and all of the form that
            // can align did, exactly, the score would be (A + W) / (Q + W): most candidates
            // stop here.
            let gained = f64::from(bound.gain);
            let reaches = |q: f64| (gained + free_gain + w) / (q + w) >= query.bound_threshold;
            // A form whose every distinctive word the query may hold is held to the bound its
            // extra words' lower cost gives: each such word needs a query token of its own.
            let may_be_held = || {
                let reached = bound.query_tokens.count_ones() as usize + plan.free.len();
                reaches(query.contained_weight)
                    && self.distinctive_words(id).is_some_and(|n| n <= reached)
            };
            if (kinds.is_empty() || kinds.contains(&facts.entity))
                && (reaches(query.weight) || may_be_held())
            {
                out.push(id);
            }
            *bound = FormBound::default();
        }
        touched.clear();
        out
    }

    /// Stage two: aligns and scores each candidate form whose bound, now with every pair
    /// known, still reaches the threshold; explains those that score at least the threshold.
    fn score_candidates(&self, query: &Query, candidates: &[u32], prune: bool) -> ScoredForms {
        let mut scored = ScoredForms {
            alignments: Vec::new(),
            names: Vec::new(),
        };
        let mut stage = StageTwo {
            list: Vec::new(),
            pairs: Vec::new(),
            best_gain: [0.0; MAX_QUERY_TOKENS],
        };
        // Per list token: the query tokens it is similar to, found with one lookup.
        let mut partners = PARTNERS.with(|m| std::mem::take(&mut *m.borrow_mut()));
        partners.start(self.vocab.len(), &query.similar);
        for (k, &id) in candidates.iter().enumerate() {
            // Two steps ahead: a form's facts say where its tokens are.
            if let Some(&ahead) = candidates.get(k + 2 * PREFETCH_AHEAD) {
                prefetch(&self.form_facts[ahead as usize]);
            }
            if let Some(first) = candidates
                .get(k + PREFETCH_AHEAD)
                .and_then(|&ahead| self.tokens_of(ahead).first())
            {
                prefetch(first);
            }
            let tokens = self.tokens_of(id);
            stage.pairs.clear();
            for (li, &v) in tokens.iter().enumerate() {
                stage.pairs.extend(partners.of(v).iter().map(|p| Pairing {
                    similarity: p.similarity,
                    query: p.query,
                    list: li,
                }));
            }
            if prune && !self.pairs_may_reach(query, tokens, &mut stage) {
                continue;
            }
            let Some(alignment) = self.align_form(query, id, &mut stage) else {
                continue;
            };
            let at = scored.alignments.len();
            scored
                .names
                .extend(self.names_of(id).iter().map(|&name| ScoredName {
                    name,
                    alignment: at,
                }));
            scored.alignments.push(alignment);
        }
        partners.finish();
        PARTNERS.with(|m| *m.borrow_mut() = partners);
        scored
    }

    /// Stage one's bound again, with every pair of the form known: (G + X) / (Q + X), G the
    /// best stretched gain of each query token, X the weight of the list tokens paired.
    fn pairs_may_reach(&self, query: &Query, tokens: &[u32], stage: &mut StageTwo) -> bool {
        let q_len = query.tokens.len();
        let best_gain = &mut stage.best_gain[..q_len];
        best_gain.fill(0.0);
        let mut x = 0.0;
        let mut seen_list = 0u64;
        for pair in &stage.pairs {
            let (qi, li) = (pair.query, pair.list);
            best_gain[qi] = best_gain[qi].max(stretch(pair.similarity) * query.weighted[qi].weight);
            if li >= 64 || seen_list & (1 << li) == 0 {
                seen_list |= 1u64.checked_shl(li as u32).unwrap_or(0);
                x += self.list_weight(tokens[li]);
            }
        }
        let g: f64 = best_gain.iter().sum();
        let reaches = |q: f64| (g + x) / (q + x) >= query.bound_threshold;
        reaches(query.weight)
            || (reaches(query.contained_weight)
                && self.count_distinctive(tokens) >= 2
                && tokens.iter().enumerate().all(|(li, &v)| {
                    !self.is_distinctive(v) || stage.pairs.iter().any(|p| p.list == li)
                }))
    }

    /// Whether vocabulary token `v` is distinctive: a word or a number.
    fn is_distinctive(&self, v: u32) -> bool {
        matches!(
            self.vocab[v as usize].token.class,
            TokenClass::Word | TokenClass::Number
        )
    }

    /// How many of `tokens` are distinctive.
    fn count_distinctive(&self, tokens: &[u32]) -> usize {
        tokens.iter().filter(|&&v| self.is_distinctive(v)).count()
    }

    /// How many distinctive words form `form` has, when two or more (a name the query can
    /// hold whole, see `score::extras_for`).
    fn distinctive_words(&self, form: u32) -> Option<usize> {
        Some(usize::from(self.form_facts[form as usize].distinctive)).filter(|&n| n >= 2)
    }

    /// Aligns form `id` with the query from the pairs in `stage`; its explained alignment if
    /// it scores at least the threshold.
    fn align_form<'i>(
        &'i self,
        query: &Query,
        id: u32,
        stage: &mut StageTwo<'i>,
    ) -> Option<Alignment> {
        let tokens = self.tokens_of(id);
        let facts = self.form_facts[id as usize];
        stage.list.clear();
        stage.list.extend(tokens.iter().map(|&v| {
            let vt = &self.vocab[v as usize];
            Weighted {
                text: &vt.token.text,
                class: vt.token.class,
                weight: self.list_weight(v),
                abjad: vt.token.abjad,
            }
        }));
        let shape = ListShape {
            kind: facts.entity,
            len: tokens.len(),
            surname: usize::from(facts.surname),
        };
        let core = align_core(&query.weighted, &stage.list, shape, &mut stage.pairs);
        (core.score >= query.threshold).then(|| explain(&query.weighted, &stage.list, core))
    }

    /// Stage three: per (list, entry), its best primary name or strong alias, with its best
    /// weak alias as corroboration; an entry found by weak aliases only is not reported.
    /// Best first.
    fn best_per_entry(&self, scored: ScoredForms) -> Vec<NameMatch> {
        let ScoredForms {
            alignments,
            mut names,
        } = scored;
        let mut best: HashMap<(usize, usize), BestPerEntry> = HashMap::new();
        names.sort_unstable();
        for ScoredName {
            name: id,
            alignment,
        } in names
        {
            let name = &self.names[id as usize];
            let score = alignments[alignment].score;
            let slot = best.entry((name.list, name.entry)).or_default();
            if name.kind == NameKind::WeakAlias {
                if slot.weak.as_ref().is_none_or(|w| score > w.score) {
                    slot.weak = Some(WeakAliasMatch {
                        score,
                        text: name.text.clone(),
                    });
                }
            } else if slot
                .strong
                .as_ref()
                .is_none_or(|m| score > m.alignment.score)
            {
                slot.strong = Some(NameMatch {
                    list: name.list,
                    entry: name.entry,
                    matched_name: name.text.clone(),
                    matched_kind: name.kind,
                    alignment: alignments[alignment].clone(),
                    corroborating_weak_alias: None,
                });
            }
        }
        let mut out: Vec<NameMatch> = best
            .into_values()
            .filter_map(|entry| {
                let mut m = entry.strong?;
                m.corroborating_weak_alias = entry.weak.map(|w| w.text);
                Some(m)
            })
            .collect();
        sort_matches(&mut out);
        out
    }
}

impl Query<'_> {
    /// Whether a query token generates candidates: a word or a number always; a generic word,
    /// legal form or stopword only below a threshold a match on those alone can reach (see
    /// `GENERIC_ONLY_FACTOR`).
    fn generates(&self, t: &NameToken) -> bool {
        matches!(t.class, TokenClass::Word | TokenClass::Number)
            || self.threshold < GENERIC_ONLY_FACTOR
    }

    /// Which tokens stage one walks. Tokens not walked (generic words, legal forms, and the
    /// common words skipped here) are counted as if they aligned exactly, so the bound stays
    /// an upper bound.
    ///
    /// A name scores at most (G + X) / (Q + X): G the stretched weight of the query tokens
    /// that align with it, Q the least the whole query adds to the denominator, X the weight
    /// of its own tokens that align (unmatched ones only add to the denominator). The most
    /// common tokens (`MOHAMMAD`, `ALI`) are skipped while a name holding none of the rest
    /// could not reach the threshold with every skipped and free token aligned exactly.
    fn plan_walk(&self) -> WalkPlan {
        let (q, weighted, similar) = (self.tokens, &self.weighted, &self.similar);
        let mut walked: Vec<usize> = (0..q.len()).filter(|&qi| self.generates(&q[qi])).collect();
        let not_walked = (0..q.len()).filter(|&qi| !self.generates(&q[qi]));
        let mut free_weight: f64 = not_walked.clone().map(|qi| weighted[qi].weight).sum();
        let mut free_list_weight: f64 = not_walked.map(|qi| similar[qi].max_list_weight).sum();
        let alignable_list_weight: f64 = similar.iter().map(|s| s.max_list_weight).sum();
        walked.sort_by_key(|&qi| std::cmp::Reverse(similar[qi].postings));
        // A name reached by no walked token may still hold every distinctive word of its own
        // among the skipped ones, so that the walked tokens are extra words at their lower
        // cost (see `contained_weight`): the bound takes the least the query adds then, with
        // the skipped words at their full cost (aligned or not, they add at least that).
        // Such a name needs two of its words aligned with skipped or free tokens: until two
        // could be, the usual bound holds.
        let mut least_weight = self.contained_weight;
        let mut could_hold = (0..q.len()).filter(|&qi| !self.generates(&q[qi])).count();
        while walked.len() > 1 {
            let qi = walked[0];
            let g = free_weight + weighted[qi].weight;
            let x = free_list_weight + similar[qi].max_list_weight;
            let t = &weighted[qi];
            let held_least = least_weight
                + t.weight * (unmatched_query_cost(t.class) - least_unmatched_query_cost(t));
            could_hold += 1;
            let least = if could_hold >= 2 {
                held_least
            } else {
                self.weight
            };
            if (g + x) / (least.min(self.weight) + x) >= self.bound_threshold {
                break;
            }
            free_weight = g;
            free_list_weight = x;
            least_weight = held_least;
            walked.remove(0);
        }
        let free = (0..q.len())
            .filter(|qi| !walked.contains(qi))
            .map(|qi| FreeToken {
                signature: similar[qi].signature,
                weight: weighted[qi].weight,
                list_weight: similar[qi].max_list_weight,
            })
            .collect();
        WalkPlan {
            walked,
            free,
            alignable_list_weight,
        }
    }
}

/// The entity kinds a query is screened against, of `kinds` (empty = all); `None` when none
/// remain. A name written with a legal form (`SANTOS TRADING OOO`) is an organisation: it is
/// not screened against persons' names, nor vessels'.
fn kinds_to_screen<'k>(q: &[NameToken], kinds: &'k [EntityKind]) -> Option<Cow<'k, [EntityKind]>> {
    // Two-letter forms (`SA`, `AS`, `AG`) are too often parts of persons' names to count
    // alone; with a business word (`SANTOS EXPORTS SA`) they do.
    let has_legal = |long: bool| {
        q.iter()
            .any(|t| t.class == TokenClass::LegalForm && (!long || t.text.len() >= 3))
    };
    let organisation = has_legal(true)
        || (has_legal(false)
            && q.iter()
                .any(|t| matches!(t.class, TokenClass::Generic | TokenClass::Decoration)));
    if !organisation {
        return Some(Cow::Borrowed(kinds));
    }
    let organisation_only: Vec<EntityKind> = [EntityKind::Organization, EntityKind::Unknown]
        .into_iter()
        .filter(|k| kinds.is_empty() || kinds.contains(k))
        .collect();
    (!organisation_only.is_empty()).then_some(Cow::Owned(organisation_only))
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
            similar.iter().enumerate().flat_map(|(qi, sims)| {
                sims.by_score.iter().map(move |&(vid, similarity)| Partner {
                    vid,
                    query: qi,
                    similarity,
                })
            })
        };
        let mut total = 0;
        for p in pairs() {
            self.count[p.vid as usize] += 1;
            total += 1;
        }
        // Each run's end, in order of first appearance.
        let mut at = 0;
        for p in pairs() {
            let (word, bit) = (p.vid as usize / 64, 1 << (p.vid % 64));
            if self.has[word] & bit == 0 {
                self.has[word] |= bit;
                at += self.count[p.vid as usize];
                self.first[p.vid as usize] = at;
            }
        }
        // Filled from the back, last query token first, so that each run ends up by query
        // index and its `first` at its start.
        self.entries.clear();
        self.entries.resize(
            total,
            Partner {
                vid: 0,
                query: 0,
                similarity: 0.0,
            },
        );
        for entry in pairs().rev() {
            let first = &mut self.first[entry.vid as usize];
            *first -= 1;
            self.entries[*first as usize] = entry;
        }
    }

    /// The query tokens similar to list token `v`, with their similarity.
    fn of(&self, v: u32) -> &[Partner] {
        if self.has[v as usize / 64] & (1 << (v % 64)) == 0 {
            return &[];
        }
        let from = self.first[v as usize] as usize;
        &self.entries[from..from + self.count[v as usize] as usize]
    }

    /// Clears what [`Self::start`] set, touching only the ids it set.
    fn finish(&mut self) {
        for p in &self.entries {
            self.has[p.vid as usize / 64] = 0;
            self.count[p.vid as usize] = 0;
        }
        self.entries.clear();
    }
}

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
