//! The `/` filter language shared by every table: field terms (`lane:red`, `list:UN`,
//! `pod:AEJEA`, `hs:8542`, `score:>50`, `!lane:green`) and free words matched fuzzily
//! (skim's algorithm, as fzf users expect).
//!
//! This module parses and matches; it does not know which rows exist or how they are drawn.
//! Each view says what a field means for its rows through [`FieldLookup`].

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

/// One `field:value` term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// Lower-case field name.
    pub field: String,
    /// Lower-case value, without the comparison sign for numbers.
    pub value: String,
    pub negate: bool,
}

/// A parsed filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    pub terms: Vec<Term>,
    /// Free words, lower case; each must match fuzzily.
    pub words: Vec<String>,
}

/// Whether a row satisfies one field term, as the view defines the field. `None` means the view
/// has no such field, and the term then matches nothing (a misspelt field must not look like a
/// filter that found everything).
pub trait FieldLookup {
    fn field_matches(&self, term: &Term) -> Option<bool>;
    /// Lower-case text the free words are matched against.
    fn haystack(&self) -> &str;
}

impl Query {
    /// Parses filter text. Never fails: text that is not a term is a word.
    pub fn parse(text: &str) -> Self {
        let mut q = Query::default();
        for raw in text.split_whitespace() {
            let lower = raw.to_lowercase();
            let (negate, body) = match lower.strip_prefix('!') {
                Some(rest) => (true, rest.to_string()),
                None => (false, lower.clone()),
            };
            match body.split_once(':') {
                Some((field, value))
                    if !field.is_empty() && field.chars().all(|c| c.is_ascii_alphabetic()) =>
                {
                    q.terms.push(Term {
                        field: field.to_string(),
                        value: value.to_string(),
                        negate,
                    })
                }
                _ => q.words.push(lower),
            }
        }
        q
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty() && self.words.is_empty()
    }

    /// True when every row matching `new` also matches `old`, so that filtering `new` may start
    /// from the rows `old` kept: typing one more character only narrows, except under negation
    /// or an upper bound, which widen.
    pub fn narrows(old: &str, new: &str) -> bool {
        if !new.starts_with(old) || new.contains('!') || new.contains(":<") {
            return false;
        }
        // `list` (a word) becoming `list:` (a term) changes meaning; only the same shape, with
        // each value extended, narrows.
        let (o, n) = (Query::parse(old), Query::parse(new));
        o.terms.len() <= n.terms.len()
            && o.words.len() <= n.words.len()
            && o.terms
                .iter()
                .zip(&n.terms)
                .all(|(a, b)| a.field == b.field && b.value.starts_with(&a.value))
            && o.words
                .iter()
                .zip(&n.words)
                .all(|(a, b)| b.starts_with(a.as_str()))
    }

    /// Whether `row` passes every term and every word.
    pub fn matches(&self, matcher: &SkimMatcherV2, row: &impl FieldLookup) -> bool {
        for t in &self.terms {
            let hit = row.field_matches(t).unwrap_or(false);
            if hit == t.negate {
                return false;
            }
        }
        let hay = row.haystack();
        self.words
            .iter()
            .all(|w| hay.contains(w.as_str()) || fuzzy_compact(matcher, hay, w))
    }
}

/// A fuzzy match whose letters lie close together (`mbrka` in `mabrooka`): letters scattered
/// over a whole row (`hostile` in `...h...o...s...`) would make every word match every row.
///
/// The word's letters must appear in order within a window of `2 * len + 1` characters. For
/// ASCII words this is a direct scan (from each occurrence of the first letter, take each next
/// letter as early as possible, which gives the narrowest window from that start), several
/// times faster than skim's scoring; other words go through skim.
fn fuzzy_compact(matcher: &SkimMatcherV2, hay: &str, word: &str) -> bool {
    if word.is_ascii() {
        return compact_subsequence(hay.as_bytes(), word.as_bytes());
    }
    skim_compact(matcher, hay, word)
}

/// Whether `word` occurs in order in `hay` within a window narrower than `2 * len + 2` bytes.
fn compact_subsequence(hay: &[u8], word: &[u8]) -> bool {
    let Some((&first, rest)) = word.split_first() else {
        return true;
    };
    let limit = 2 * word.len() + 2;
    hay.iter().enumerate().any(|(start, &b)| {
        if b != first {
            return false;
        }
        let end = (start + limit).min(hay.len());
        let mut at = start + 1;
        for &c in rest {
            match hay[at..end].iter().position(|&h| h == c) {
                Some(p) => at += p + 1,
                None => return false,
            }
        }
        true
    })
}

fn skim_compact(matcher: &SkimMatcherV2, hay: &str, word: &str) -> bool {
    let Some((_, indices)) = matcher.fuzzy_indices(hay, word) else {
        return false;
    };
    match (indices.first(), indices.last()) {
        (Some(first), Some(last)) => last - first < 2 * word.chars().count() + 2,
        _ => true,
    }
}

/// A fuzzy matcher configured the way every table uses it.
pub fn matcher() -> SkimMatcherV2 {
    SkimMatcherV2::default().ignore_case()
}

/// `value` compared as a number term: `>50`, `<20`, `>=60`, `=0` or `50` (at least).
pub fn number_matches(value: &str, n: i64) -> bool {
    let (op, digits) = if let Some(d) = value.strip_prefix(">=") {
        (">=", d)
    } else if let Some(d) = value.strip_prefix("<=") {
        ("<=", d)
    } else if let Some(d) = value.strip_prefix('>') {
        (">", d)
    } else if let Some(d) = value.strip_prefix('<') {
        ("<", d)
    } else if let Some(d) = value.strip_prefix('=') {
        ("=", d)
    } else {
        (">=", value)
    };
    let Ok(v) = digits.parse::<i64>() else {
        return false;
    };
    match op {
        ">=" => n >= v,
        "<=" => n <= v,
        ">" => n > v,
        "<" => n < v,
        _ => n == v,
    }
}

/// Case-insensitive prefix test for codes (`pod:aej`, `hs:8542`).
pub fn prefix_ci(haystack: &str, prefix: &str) -> bool {
    haystack.len() >= prefix.len()
        && haystack.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

/// Case-insensitive substring test for names (`list:un`, `vessel:gulf`).
pub fn contains_ci(haystack: &str, needle: &str) -> bool {
    haystack.to_lowercase().contains(needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Row {
        lane: &'static str,
        hay: String,
    }

    impl FieldLookup for Row {
        fn field_matches(&self, term: &Term) -> Option<bool> {
            match term.field.as_str() {
                "lane" => Some(prefix_ci(self.lane, &term.value)),
                _ => None,
            }
        }
        fn haystack(&self) -> &str {
            &self.hay
        }
    }

    #[test]
    fn terms_words_and_negation_parse() {
        let q = Query::parse("lane:RED  !list:un mabrooka TRD");
        assert_eq!(q.terms.len(), 2);
        assert!(q.terms[1].negate);
        assert_eq!(q.terms[1].value, "un");
        assert_eq!(q.words, vec!["mabrooka", "trd"]);
    }

    #[test]
    fn fuzzy_words_and_fields_combine() {
        let m = matcher();
        let row = Row {
            lane: "red",
            hay: "gspl26110007 mabrooka trading llc".into(),
        };
        assert!(Query::parse("lane:r mbrka").matches(&m, &row));
        assert!(
            !Query::parse("gtraig").matches(&m, &row),
            "scattered letters"
        );
        assert!(!Query::parse("lane:green mabrooka").matches(&m, &row));
        assert!(!Query::parse("!lane:red").matches(&m, &row));
        assert!(
            !Query::parse("pod:aejea").matches(&m, &row),
            "unknown field matches nothing"
        );
    }

    #[test]
    fn compact_scan_agrees_with_skim_on_samples() {
        let m = matcher();
        for (hay, word) in [
            ("gspl26110007 mabrooka trading llc", "mbrka"),
            ("gspl26110007 mabrooka trading llc", "trdng"),
            ("gspl26110007 mabrooka trading llc", "gtraig"),
            ("h.....o.....s.....t.....i.....l.....e", "hostile"),
            ("star pumps & valves trading l.l.c.", "stpmp"),
            ("foshan nanhai oubo ceramics", "xyz"),
        ] {
            assert_eq!(
                compact_subsequence(hay.as_bytes(), word.as_bytes()),
                skim_compact(&m, hay, word),
                "{word} in {hay}"
            );
        }
    }

    #[test]
    fn compact_scan_agrees_with_skim_on_synthetic_rows() {
        let m = matcher();
        let now = chrono::Utc::now();
        let mut differ = Vec::new();
        for row in crate::tui::data::synthetic_shipments(3000, now) {
            let hay = format!(
                "{} {} {} {} {}",
                row.bill, row.vessel, row.shipper, row.consignee, row.goods
            )
            .to_lowercase();
            for word in [
                "mbrka", "trdng", "mabrooka", "gulf", "pmps", "xyz", "nngb", "ceram",
            ] {
                if compact_subsequence(hay.as_bytes(), word.as_bytes())
                    != skim_compact(&m, &hay, word)
                {
                    differ.push((word, hay.clone()));
                }
            }
        }
        assert!(differ.is_empty(), "{:?}", &differ[..differ.len().min(5)]);
    }

    #[test]
    fn numbers_compare() {
        assert!(number_matches(">50", 60));
        assert!(!number_matches("<50", 60));
        assert!(number_matches("60", 60));
        assert!(!number_matches("x", 60));
    }

    #[test]
    fn only_narrowing_edits_reuse_results() {
        assert!(Query::narrows("lane:r", "lane:red"));
        assert!(!Query::narrows("score:<5", "score:<50"));
        assert!(!Query::narrows("lane:red", "lane:re"));
        assert!(
            !Query::narrows("list", "list:"),
            "a word turning into a term"
        );
        assert!(Query::narrows("mab", "mab lane:r"));
    }
}
