//! Explanations: the words a targeter reads for an alignment (the pairs, what was left over
//! on each side, the adjustments and their factors). Only the scorer's numbers come in; this
//! never changes a score.

use crate::model::TokenPair;

use super::super::normalize::TokenClass;
use super::score::{
    AlignmentCore, BUSINESS_MISMATCH_FACTOR, GENERIC_ONLY_FACTOR, LEGAL_FORM_MISMATCH_FACTOR,
    NUMBER_MISMATCH_FACTOR, Weighted,
};

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

/// Turns the numbers of an alignment into the words a targeter reads.
pub(super) fn explain(query: &[Weighted], list: &[Weighted], core: AlignmentCore) -> Alignment {
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
            .map(|pair| TokenPair {
                query: query[pair.query].text.to_string(),
                list: list[pair.list].text.to_string(),
                similarity: round3(pair.similarity),
            })
            .collect(),
        unmatched_query: leftover(query, &core.q_used, None),
        unmatched_list: leftover(list, &core.l_used, None),
        adjustments,
    }
}

/// The words, or `-` for none.
fn none_if_empty(v: &[String]) -> String {
    if v.is_empty() {
        "-".into()
    } else {
        v.join(" ")
    }
}

/// Scores and similarities are reported to three places.
pub(super) fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}
