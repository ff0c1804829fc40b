//! Building the index: every primary name, strong alias and weak alias of the loaded lists
//! normalised once (with particles glued and hyphens joined, as manifests write them), token
//! rarity measured, and the packed tables the search reads laid out. Nothing here searches.

use foldhash::{HashMap, HashMapExt};

use crate::lists::WatchList;
use crate::model::{EntityKind, NameKind};

use super::super::normalize::{NameToken, TokenClass, surname_tokens, tokenize_name};
use super::super::sound_key::{abjad_key, abjad_keys, phonetic_key};
use super::probe::{ProbeTable, initial_slots};
use super::{FormFacts, IndexedName, NameIndex, VocabToken};

/// Below this many names, token rarity is not measured: every token counts as rare.
const MIN_NAMES_FOR_IDF: usize = 500;
/// The least a common token's rarity factor can fall to.
const MIN_IDF: f64 = 0.3;

impl NameIndex {
    /// Normalises every primary name, strong alias and weak alias of the lists, and measures
    /// how common each token is.
    pub fn build(lists: &[WatchList]) -> Self {
        let mut index = NameIndex::empty();
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
    pub(super) fn pack(&mut self) {
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
        self.pack_forms();
        self.place_form_names();
        self.pack_postings();
        self.vocab_entries = self.count_entries();
        self.find_generic_postings();
    }

    /// Fills `form_facts` and `form_tokens` from each form's first name.
    fn pack_forms(&mut self) {
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
                distinctive: n
                    .tokens
                    .iter()
                    .filter(|&&v| {
                        matches!(
                            self.vocab[v as usize].token.class,
                            TokenClass::Word | TokenClass::Number
                        )
                    })
                    .count()
                    .min(usize::from(u8::MAX)) as u8,
                signature: n
                    .tokens
                    .iter()
                    .fold(0, |sig, &v| sig | self.vocab_signature[v as usize]),
            });
            self.form_tokens.extend(&n.tokens);
        }
    }

    /// Fills `form_names` and `form_names_at`: each form's names, in name order.
    fn place_form_names(&mut self) {
        let form_of = &self.form_of;
        // Count, then place in name order.
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
    }

    /// Fills `postings` and `postings_at`: each vocabulary token's forms, sorted, once each.
    fn pack_postings(&mut self) {
        let form_of = &self.form_of;
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
    }

    /// Per vocabulary token, how many list entries hold it (an entry's aliases count once).
    fn count_entries(&self) -> Vec<u32> {
        self.vocab
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
            .collect()
    }

    /// Fills each token's `generic_postings`: the forms holding it with no word or number.
    fn find_generic_postings(&mut self) {
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
    pub(super) fn forms_ok(&self) -> bool {
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
            let vid = match self.text_id(&t.text, t.abjad) {
                Some(v) => v,
                None => self.file_token(t, 1.0, Vec::new()),
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

    /// Adds `token` to the vocabulary as its next id, filed under its initials, its text and
    /// its key, and returns the id.
    pub(super) fn file_token(&mut self, token: NameToken, idf: f64, postings: Vec<u32>) -> u32 {
        let v = self.vocab.len() as u32;
        for slot in initial_slots(&token) {
            self.by_initial[slot].push(&token, v);
        }
        if token.abjad {
            self.by_abjad_text.insert(token.text.clone(), v);
        } else {
            self.by_text.insert(token.text.clone(), v);
        }
        self.by_key.entry(token.key.clone()).or_default().push(v);
        if token.abjad && !matches!(token.class, TokenClass::Number | TokenClass::LegalForm) {
            for key in abjad_keys(&token.text) {
                self.by_abjad_key.entry(key).or_default().push(v);
            }
        }
        self.vocab.push(VocabToken {
            token,
            idf,
            postings,
            generic_postings: Vec::new(),
        });
        v
    }

    /// An index of no names, with its probe tables in place.
    pub(super) fn empty() -> Self {
        NameIndex {
            by_initial: vec![ProbeTable::default(); 27],
            ..Default::default()
        }
    }
}

/// Name particles that manifests often write glued to the next word (`ABUBAKR`, `BINLADEN`).
pub(super) const GLUED_PARTICLES: &[&str] =
    &["ABU", "ABD", "BIN", "BEN", "IBN", "BINT", "UMM", "VAN"];

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
            let abjad = tokens[i].abjad;
            out.push(NameToken {
                key: if abjad {
                    abjad_key(&text)
                } else {
                    phonetic_key(&text)
                },
                class: TokenClass::Word,
                text,
                abjad,
            });
            i += 2;
        } else {
            out.push(tokens[i].clone());
            i += 1;
        }
    }
    (out.len() < tokens.len()).then_some((out, in_surname))
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
