//! Explanations: the words a targeter reads for an alignment (the pairs, what was left over
//! on each side, the adjustments and their factors). Only the scorer's numbers come in; this
//! never changes a score.

use crate::model::TokenPair;

use super::super::normalize::{TokenClass, is_branch_word};
use super::super::translit::{same_name, same_patronymic};
use super::score::{
    ABJAD_SIMILARITY, AlignmentCore, BUSINESS_MISMATCH_FACTOR, CONTAINED_EXTRA_PATRONYMIC_COST,
    CONTAINED_EXTRA_WORD_COST_ORGANISATION, CONTAINED_EXTRA_WORD_COST_PERSON, Extras,
    FAMILY_HELD_EXTRA_WORD_COST, GENERIC_NAME_EXTRA_COST, GENERIC_ONLY_FACTOR,
    LEGAL_FORM_MISMATCH_FACTOR, NUMBER_MISMATCH_FACTOR, Weighted,
};
use crate::model::EntityKind;

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
    let extra_words = leftover(query, &core.q_used, Some(TokenClass::Word));
    let extra_decoration: Vec<String> = query
        .iter()
        .zip(&core.q_used)
        .filter(|(t, u)| !**u && matches!(t.class, TokenClass::Word | TokenClass::Generic))
        .map(|(t, _)| t.text.to_string())
        .collect();
    match core.extras {
        Extras::Contained(EntityKind::Person) if !extra_words.is_empty() => adjustments.push(format!(
            "every word of the listed name is in the query; its extra words ({}) read as more \
             of the same name: each costs {CONTAINED_EXTRA_WORD_COST_PERSON} of a word, a \
             patronymic {CONTAINED_EXTRA_PATRONYMIC_COST}",
            extra_words.join(" ")
        )),
        Extras::Contained(_) if !extra_words.is_empty() => adjustments.push(format!(
            "every word of the listed name is in the query; its extra words ({}) cost \
             {CONTAINED_EXTRA_WORD_COST_ORGANISATION} of a word each (a longer rendering of \
             the name, or a sister company)",
            extra_words.join(" ")
        )),
        Extras::FamilyHeld if !extra_words.is_empty() => adjustments.push(format!(
            "the listed family name and a given name are in the query; its extra words ({}) \
             cost {FAMILY_HELD_EXTRA_WORD_COST} of a word each",
            extra_words.join(" ")
        )),
        Extras::GenericName if !extra_decoration.is_empty() => adjustments.push(format!(
            "the listed name has only generic words, so each word or line of business the query adds ({}) costs \
             {GENERIC_NAME_EXTRA_COST} words",
            extra_decoration.join(" ")
        )),
        _ => {}
    }
    let respelt: Vec<String> = core
        .chosen
        .iter()
        .filter(|p| {
            let (q, l) = (query[p.query].text, list[p.list].text);
            same_name(q, l) || same_patronymic(q, l)
        })
        .map(|p| format!("{} for {}", query[p.query].text, list[p.list].text))
        .collect();
    if !respelt.is_empty() {
        adjustments.push(format!(
            "{}: one name in two transliteration systems",
            respelt.join(", ")
        ));
    }
    let abjad: Vec<String> = core
        .chosen
        .iter()
        .filter(|p| query[p.query].abjad != list[p.list].abjad)
        .map(|p| format!("{} for {}", query[p.query].text, list[p.list].text))
        .collect();
    if !abjad.is_empty() {
        adjustments.push(format!(
            "{}: written in Arabic or Persian script, compared by consonants and long vowels \
             (it writes no short vowels) at {ABJAD_SIMILARITY}",
            abjad.join(", ")
        ));
    }
    let branch: Vec<String> = leftover(query, &core.q_used, Some(TokenClass::Decoration))
        .into_iter()
        .filter(|w| is_branch_word(w))
        .collect();
    if !branch.is_empty() {
        adjustments.push(format!(
            "{} read as a branch or office designator: a branch of a listed entity is the \
             listed entity",
            branch.join(" ")
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
