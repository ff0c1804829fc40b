//! The party-name matcher: every loaded list name, normalised once, and a scorer that says
//! exactly which tokens aligned.
//!
//! Scoring (each part shows up in the hit's explanation):
//! - tokens are aligned best pair first, each token used at most once, so word order does not
//!   matter and `VLADIMIR` cannot match all three tokens of `VLADIMIROV, Vladimir Vladimirovich`;
//! - a pair's similarity is Jaro-Winkler, raised to 0.95 when both tokens share a sound-alike
//!   key (`MABRUKA`/`MABROOKA`); tokens of one or two characters, numbers and legal forms must
//!   be equal;
//! - the score is the weighted share of the name that aligned: words weigh their length,
//!   generic words (`TRADING`) and legal forms (`LLC`) weigh little; query tokens left over
//!   cost twice what leftover list tokens cost;
//! - numbers must agree (`HAO FAN 2` is not `HAO FAN 6`), and a match on generic words alone
//!   is not a match.
//!
//! Weak aliases are indexed but never alert on their own; they only corroborate a hit on a
//! primary name or strong alias. This module knows nothing of manifests: it takes a name and
//! returns scored entries.

use crate::lists::WatchList;
use crate::model::{EntityKind, NameKind, TokenPair};

use super::normalize::{NameToken, TokenClass, tokenize_name};

/// Pairs less similar than this are not aligned at all.
const MIN_PAIR_SIMILARITY: f64 = 0.80;
/// How much an unmatched list token costs relative to an unmatched query token.
const UNMATCHED_LIST_COST: f64 = 0.5;
/// Score multiplier when both names carry numbers and they disagree.
const NUMBER_MISMATCH_FACTOR: f64 = 0.6;
/// Score multiplier when both names carry legal forms and none of them align: a sister
/// company with another legal form is not the same party.
const LEGAL_FORM_MISMATCH_FACTOR: f64 = 0.9;
/// Score multiplier when only generic words, legal forms or stopwords aligned.
const GENERIC_ONLY_FACTOR: f64 = 0.5;

/// One list name, normalised for matching.
#[derive(Debug, Clone)]
struct IndexedName {
    list: usize,
    entry: usize,
    kind: NameKind,
    entity: EntityKind,
    text: String,
    tokens: Vec<NameToken>,
    /// Bit per first letter (raw and sound-alike) of the name's tokens: a cheap filter.
    initials: u32,
}

/// Every name of every loaded list, ready to search.
#[derive(Debug, Clone, Default)]
pub struct NameIndex {
    names: Vec<IndexedName>,
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
    /// Normalises every primary name, strong alias and weak alias of the lists.
    pub fn build(lists: &[WatchList]) -> Self {
        let mut names = Vec::new();
        for (li, list) in lists.iter().enumerate() {
            for (ei, entry) in list.entries.iter().enumerate() {
                let mut add = |text: &str, kind: NameKind| {
                    let tokens = tokenize_name(text, entry.kind);
                    if tokens.is_empty() {
                        return;
                    }
                    names.push(IndexedName {
                        list: li,
                        entry: ei,
                        kind,
                        entity: entry.kind,
                        text: text.to_string(),
                        initials: initials(&tokens),
                        tokens,
                    });
                };
                add(&entry.name, NameKind::Primary);
                for a in &entry.aliases {
                    add(&a.name, NameKind::StrongAlias);
                }
                for w in &entry.weak_aliases {
                    add(w, NameKind::WeakAlias);
                }
            }
        }
        NameIndex { names }
    }

    /// Number of names indexed, weak aliases included.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// Finds every entry whose primary name or strong alias scores at least `threshold`
    /// against `query`, best first. `kinds` limits the entity kinds searched (empty = all).
    pub fn search(&self, query: &str, threshold: f64, kinds: &[EntityKind]) -> Vec<NameMatch> {
        let q = tokenize_name(query, EntityKind::Unknown);
        if q.is_empty() {
            return Vec::new();
        }
        let q_initials = initials(&q);
        // Best strong and best weak match per (list, entry).
        let mut best: std::collections::HashMap<(usize, usize), (Option<NameMatch>, Option<(f64, String)>)> =
            std::collections::HashMap::new();
        for name in &self.names {
            if !kinds.is_empty() && !kinds.contains(&name.entity) {
                continue;
            }
            if name.initials & q_initials == 0 {
                continue;
            }
            let alignment = align(&q, &name.tokens);
            if alignment.score < threshold {
                continue;
            }
            let slot = best.entry((name.list, name.entry)).or_default();
            if name.kind == NameKind::WeakAlias {
                if slot.1.as_ref().is_none_or(|(s, _)| alignment.score > *s) {
                    slot.1 = Some((alignment.score, name.text.clone()));
                }
            } else if slot.0.as_ref().is_none_or(|m| alignment.score > m.alignment.score) {
                slot.0 = Some(NameMatch {
                    list: name.list,
                    entry: name.entry,
                    matched_name: name.text.clone(),
                    matched_kind: name.kind,
                    alignment,
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
        out.sort_by(|a, b| {
            b.alignment
                .score
                .total_cmp(&a.alignment.score)
                .then(a.list.cmp(&b.list))
                .then(a.entry.cmp(&b.entry))
        });
        out
    }
}

fn initials(tokens: &[NameToken]) -> u32 {
    let mut bits = 0u32;
    for t in tokens {
        for c in [t.text.as_bytes().first(), t.key.as_bytes().first()].into_iter().flatten() {
            bits |= match c {
                b'A'..=b'Z' => 1 << (c - b'A'),
                // Every digit shares one bit: numbers are compared exactly anyway.
                _ => 1 << 26,
            };
        }
    }
    bits
}

/// Similarity of two tokens in [0, 1], under the rules in the module comment.
pub fn token_similarity(a: &NameToken, b: &NameToken) -> f64 {
    if a.text == b.text {
        return 1.0;
    }
    let exact_only = |t: &NameToken| {
        matches!(t.class, TokenClass::Number | TokenClass::LegalForm) || t.text.len() <= 2
    };
    if exact_only(a) || exact_only(b) {
        return 0.0;
    }
    let jw = strsim::jaro_winkler(&a.text, &b.text);
    if a.key == b.key && a.key.len() >= 2 && jw >= 0.70 {
        jw.max(0.95)
    } else {
        jw
    }
}

/// Aligns query tokens with list tokens, best pair first, each used once, and scores the
/// result.
pub fn align(query: &[NameToken], list: &[NameToken]) -> Alignment {
    let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
    for (qi, q) in query.iter().enumerate() {
        for (li, l) in list.iter().enumerate() {
            let s = token_similarity(q, l);
            if s >= MIN_PAIR_SIMILARITY {
                candidates.push((s, qi, li));
            }
        }
    }
    candidates.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then((query[b.1].weight() + list[b.2].weight()).total_cmp(&(query[a.1].weight() + list[a.2].weight())))
    });
    let mut q_used = vec![false; query.len()];
    let mut l_used = vec![false; list.len()];
    let mut pairs = Vec::new();
    let mut numerator = 0.0;
    let mut denominator = 0.0;
    let mut distinctive = false;
    for (s, qi, li) in candidates {
        if q_used[qi] || l_used[li] {
            continue;
        }
        q_used[qi] = true;
        l_used[li] = true;
        let w = query[qi].weight() + list[li].weight();
        // Stretch similarity so that 0.9 counts as 0.8: Jaro-Winkler is generous.
        numerator += (2.0 * s - 1.0).max(0.0) * w;
        denominator += w;
        distinctive |= matches!(query[qi].class, TokenClass::Word | TokenClass::Number);
        pairs.push(TokenPair {
            query: query[qi].text.clone(),
            list: list[li].text.clone(),
            similarity: round3(s),
        });
    }
    let unmatched_query: Vec<&NameToken> =
        query.iter().zip(&q_used).filter(|(_, u)| !**u).map(|(t, _)| t).collect();
    let unmatched_list: Vec<&NameToken> =
        list.iter().zip(&l_used).filter(|(_, u)| !**u).map(|(t, _)| t).collect();
    denominator += unmatched_query.iter().map(|t| t.weight()).sum::<f64>();
    denominator += unmatched_list.iter().map(|t| t.weight() * UNMATCHED_LIST_COST).sum::<f64>();
    let mut score = if denominator > 0.0 { numerator / denominator } else { 0.0 };

    let mut adjustments = Vec::new();
    let q_numbers: Vec<&str> = unmatched_query
        .iter()
        .filter(|t| t.class == TokenClass::Number)
        .map(|t| t.text.as_str())
        .collect();
    let l_numbers: Vec<&str> = unmatched_list
        .iter()
        .filter(|t| t.class == TokenClass::Number)
        .map(|t| t.text.as_str())
        .collect();
    let q_has_number = query.iter().any(|t| t.class == TokenClass::Number);
    let l_has_number = list.iter().any(|t| t.class == TokenClass::Number);
    if q_has_number && l_has_number && (!q_numbers.is_empty() || !l_numbers.is_empty()) {
        score *= NUMBER_MISMATCH_FACTOR;
        adjustments.push(format!(
            "numbers differ ({} vs {}) x{NUMBER_MISMATCH_FACTOR}",
            none_if_empty(&q_numbers),
            none_if_empty(&l_numbers)
        ));
    }
    let legal = |tokens: &[&NameToken]| -> Vec<String> {
        tokens
            .iter()
            .filter(|t| t.class == TokenClass::LegalForm)
            .map(|t| t.text.clone())
            .collect()
    };
    let q_legal = legal(&unmatched_query);
    let l_legal = legal(&unmatched_list);
    let legal_aligned = pairs.iter().any(|p| {
        query
            .iter()
            .any(|t| t.class == TokenClass::LegalForm && t.text == p.query)
    });
    if !q_legal.is_empty() && !l_legal.is_empty() && !legal_aligned {
        score *= LEGAL_FORM_MISMATCH_FACTOR;
        adjustments.push(format!(
            "legal forms differ ({} vs {}) x{LEGAL_FORM_MISMATCH_FACTOR}",
            q_legal.join(" "),
            l_legal.join(" ")
        ));
    }
    if !pairs.is_empty() && !distinctive {
        score *= GENERIC_ONLY_FACTOR;
        adjustments.push(format!("only generic words or legal forms align x{GENERIC_ONLY_FACTOR}"));
    }
    Alignment {
        score: round3(score),
        pairs,
        unmatched_query: unmatched_query.iter().map(|t| t.text.clone()).collect(),
        unmatched_list: unmatched_list.iter().map(|t| t.text.clone()).collect(),
        adjustments,
    }
}

fn none_if_empty(v: &[&str]) -> String {
    if v.is_empty() { "-".into() } else { v.join(" ") }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn score(query: &str, listed: &str, kind: EntityKind) -> f64 {
        align(&tokenize_name(query, EntityKind::Unknown), &tokenize_name(listed, kind)).score
    }

    #[test]
    fn exact_name_scores_one() {
        assert_eq!(score("HESONG TRADING CORPORATION", "HESONG TRADING CORPORATION", EntityKind::Organization), 1.0);
    }

    #[test]
    fn each_token_is_used_once() {
        let s = score("VLADIMIR", "VLADIMIROV, Vladimir Vladimirovich", EntityKind::Person);
        assert!(s < 0.6, "{s}");
    }

    #[test]
    fn numbers_must_agree() {
        let a = align(
            &tokenize_name("HAO FAN 2", EntityKind::Unknown),
            &tokenize_name("HAO FAN 6", EntityKind::Vessel),
        );
        assert!(a.score < 0.7, "{a:?}");
        assert!(a.adjustments[0].contains("numbers differ (2 vs 6)"), "{a:?}");
    }

    #[test]
    fn sister_company_with_other_legal_form_scores_lower() {
        let same = score("ELECTRONIC COMPONENTS INDUSTRIES CO", "ELECTRONIC COMPONENTS INDUSTRIES CO", EntityKind::Organization);
        let sister = align(
            &tokenize_name("ELECTRONIC COMPONENTS TRADING LLC", EntityKind::Unknown),
            &tokenize_name("ELECTRONIC COMPONENTS INDUSTRIES CO", EntityKind::Organization),
        );
        assert_eq!(same, 1.0);
        assert!(sister.score < 0.85, "{sister:?}");
        assert!(sister.adjustments.iter().any(|a| a.contains("legal forms differ (LLC vs CO)")), "{sister:?}");
    }

    #[test]
    fn generic_words_alone_do_not_match() {
        let s = score("GENERAL TRADING CO LLC", "SIRJANCO TRADING L.L.C.", EntityKind::Organization);
        assert!(s < 0.5, "{s}");
    }
}
