//! How much of one name the matcher reads: its first [`MAX_QUERY_CHARS`] characters and, of
//! those, its first [`MAX_QUERY_TOKENS`] words. Past that a "name" is an address, a pasted
//! document or an attack, and reading all of it would make one name cost seconds (the typo
//! checks on a single word grow with the square of its length: a 400,000-letter word took
//! 11.6 s). What is cut is said, never dropped silently: [`query_cut`] tells the caller.
//!
//! Hidden characters ([`is_hidden`]) are removed by the normaliser; [`removed_note`] says so
//! for a warning.
//!
//! Only queries are capped. Listed names are indexed whole: they are a few hundred characters
//! at most.

use serde::Serialize;

use super::names::MAX_QUERY_TOKENS;
use super::normalize::tokenize_name;
use crate::ingest::{Problem, party_name_field};
use crate::model::{EntityKind, Shipment};
pub use crate::text::hidden::{code_point, removed_code_points, removed_note};

/// Characters of a name screened at most. The longest names on the real lists are 384
/// characters (a CSL entry that is a sentence: `Ministry of Defence of the Russian
/// Federation, including the Armed Forces ...`), 324 (a UN entry listing its other names) and
/// 196 for a proper name (OFAC's `FEDERAL STATE UNITARY ENTERPRISE ALL-RUSSIAN SCIENTIFIC
/// RESEARCH INSTITUTE ...`); a manifest's name field holds a few hundred. 512 reads all of
/// these whole, and a name of 512 characters costs well under a millisecond.
pub const MAX_QUERY_CHARS: usize = 512;

/// What of a name was not screened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct QueryCut {
    /// Characters in the name as given.
    pub chars: usize,
    /// Characters read: at most [`MAX_QUERY_CHARS`], fewer when the cut fell inside a word.
    pub screened_chars: usize,
    /// Words screened: at most [`MAX_QUERY_TOKENS`].
    pub screened_words: usize,
}

impl QueryCut {
    /// Whether characters (not only words past the word cap) were left unread.
    pub fn cut_characters(&self) -> bool {
        self.screened_chars < self.chars
    }
}

/// The part of `query` the matcher reads: its first [`MAX_QUERY_CHARS`] characters, without
/// the word the cut fell into when an earlier word ends before it (half a word would be
/// screened as a word of its own).
pub fn screened_part(query: &str) -> &str {
    let Some((end, next)) = query.char_indices().nth(MAX_QUERY_CHARS) else {
        return query;
    };
    let head = &query[..end];
    let in_word =
        next.is_alphanumeric() && head.chars().next_back().is_some_and(char::is_alphanumeric);
    match head.rfind(|c: char| !c.is_alphanumeric()) {
        Some(at) if in_word && at > 0 => &head[..at],
        _ => head,
    }
}

/// What of `query` the matcher does not read, if anything. Cheap for ordinary names: the
/// words are counted only when the name could have more than the cap.
pub fn query_cut(query: &str) -> Option<QueryCut> {
    let part = screened_part(query);
    let words = if could_have_more_words(part) {
        tokenize_name(part, EntityKind::Unknown).len()
    } else {
        0
    };
    if part.len() == query.len() && words <= MAX_QUERY_TOKENS {
        return None;
    }
    let screened_words = if words == 0 {
        tokenize_name(part, EntityKind::Unknown).len()
    } else {
        words
    };
    Some(QueryCut {
        chars: query.chars().count(),
        screened_chars: part.chars().count(),
        screened_words: screened_words.min(MAX_QUERY_TOKENS),
    })
}

/// An upper bound on the words folding can make of `text` is above the cap: each run of
/// ASCII letters and digits, each `&` (`AND`) and each other character (a CJK character is a
/// word of its own) counts one.
fn could_have_more_words(text: &str) -> bool {
    let mut bound = 0;
    let mut in_run = false;
    for c in text.chars() {
        let alnum = c.is_ascii_alphanumeric();
        if (alnum && !in_run) || c == '&' || !c.is_ascii() {
            bound += 1;
        }
        in_run = alnum;
    }
    bound > MAX_QUERY_TOKENS
}

/// What the matcher will not read of one shipment's names, as warnings at `location` (the
/// shipment's `file:line`): hidden characters it removes (a NUL or zero-width space inside
/// `MAB\u{0}ROOKA` would otherwise split the word and hide the name) and names longer than it
/// reads (see [`query_cut`]). Covers every party name and the vessel name.
pub fn shipment_problems(shipment: &Shipment, location: &str) -> Vec<Problem> {
    let parties = shipment
        .parties
        .iter()
        .map(|p| (party_name_field(p.role), p.name.as_str()));
    let vessel = shipment
        .conveyance
        .as_ref()
        .and_then(|c| c.vessel_name.as_deref())
        .map(|v| ("vessel_name".to_string(), v));
    let mut problems = Vec::new();
    for (field, name) in parties.chain(vessel) {
        if let Some(note) = removed_note(name) {
            problems.push(Problem::warning(location, format!("{field}: {note}")));
        }
        if let Some(cut) = query_cut(name) {
            let message = if cut.cut_characters() {
                format!(
                    "{field}: name of {} characters: only its first {} characters ({} words) \
                     were screened",
                    cut.chars, cut.screened_chars, cut.screened_words
                )
            } else {
                format!(
                    "{field}: only the first {} words of the name were screened",
                    cut.screened_words
                )
            };
            problems.push(Problem::warning(location, message));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_ordinary_name_is_read_whole() {
        assert_eq!(
            screened_part("MABROOKA TRADING CO LLC"),
            "MABROOKA TRADING CO LLC"
        );
        assert_eq!(query_cut("MABROOKA TRADING CO LLC"), None);
        let longest_listed = "Ministry of Defence of the Russian Federation, including the Armed \
            Forces of Russia and all operating units wherever located.  This includes the \
            national armed services (army, navy, marine, air force, or coast guard), as well as \
            the national guard and national police, government intelligence or reconnaissance \
            organizations of the Russian Federation.";
        assert!(longest_listed.chars().count() <= MAX_QUERY_CHARS);
        assert_eq!(screened_part(longest_listed), longest_listed);
    }

    #[test]
    fn a_long_name_is_cut_at_a_word_break_and_said_so() {
        let long = format!("MABROOKA TRADING CO LLC {}", "X".repeat(100_000));
        assert_eq!(screened_part(&long), "MABROOKA TRADING CO LLC");
        let cut = query_cut(&long).unwrap();
        assert_eq!(cut.chars, 100_024);
        assert_eq!(cut.screened_chars, 23);
        assert_eq!(cut.screened_words, 4);
        assert!(cut.cut_characters());
        // One word with no break before the cut: its first characters are read.
        let word = "Y".repeat(2_000);
        assert_eq!(screened_part(&word).len(), MAX_QUERY_CHARS);
        // Multibyte characters are never cut in two.
        let cjk = "上海".repeat(1_000);
        assert_eq!(screened_part(&cjk).chars().count(), MAX_QUERY_CHARS);
    }

    #[test]
    fn too_many_words_are_said_cut_without_characters_cut() {
        let many = format!("MABROOKA TRADING CO LLC{}", " KHAN".repeat(40));
        let cut = query_cut(&many).unwrap();
        assert!(!cut.cut_characters());
        assert_eq!(cut.screened_words, MAX_QUERY_TOKENS);
        assert_eq!(query_cut(&" KHAN".repeat(24)), None);
    }
}
