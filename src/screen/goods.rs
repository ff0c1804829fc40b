//! The goods matcher: declared HS codes against listed prefixes, descriptions against the
//! keyword lexicon, CAS registry numbers and UN numbers against the controlled-chemicals table.
//!
//! Every hit is a *candidate* for checking, never a control determination: most control-list
//! entries have technical thresholds and decontrol notes that only an examination or the
//! exporter's classification can settle. The text matched is the goods line's description and
//! marks (shippers put HS codes and part numbers there); HS codes written inside that text are
//! checked too.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock};

use aho_corasick::{AhoCorasick, MatchKind};
use regex::Regex;

use crate::lists::goods::{GoodsLists, cas_check_digit_ok};
use crate::lists::reference::GoodsReference;
use crate::model::{ControlText, DeclaredHeading, GoodsEvidence, GoodsHit, GoodsLine, HsCode};

use super::normalize::fold_text;

/// What the keyword automaton's pattern number points at.
#[derive(Debug, Clone)]
struct Phrase {
    list: String,
    entry: String,
    label: String,
    points: u32,
    negative_context: Vec<String>,
    headings: Vec<String>,
}

/// The goods lists, compiled for matching.
#[derive(Debug, Clone)]
pub struct GoodsMatcher {
    lists: GoodsLists,
    /// HS prefix -> indexes into `lists.hs_prefixes`.
    prefixes: HashMap<String, Vec<usize>>,
    keywords: AhoCorasick,
    phrases: Vec<Phrase>,
    /// CAS number -> indexes into `lists.chemicals`.
    by_cas: HashMap<String, Vec<usize>>,
    by_un: HashMap<String, Vec<usize>>,
    /// HS 2017 code -> the HS 2022 codes it became.
    hs2017: HashMap<String, Vec<String>>,
    /// The HS 2022 nomenclature and Annex I, when installed.
    reference: Arc<GoodsReference>,
}

/// A CAS number as written: hyphenated anywhere, or bare digits right after a `CAS` label.
static CAS_HYPHENATED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{2,7})-(\d{2})-(\d)\b").expect("valid regex"));
static CAS_LABELLED_BARE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bCAS\s*(?:RN|NO\.?|NUMBER|#)?\s*[:.]?\s*(\d{5,10})\b").expect("valid regex")
});
/// An HS code written inside free text: `HS CODE: 8542.31`, `HTS 8542.31.0000`, `H.S.CODE 85423190`.
static HS_IN_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:H\.?S\.?|HTS)\s*(?:CODE|NO\.?)?\s*[:#.]?\s*(\d{4}(?:[ .]?\d{2}){0,3})\b")
        .expect("valid regex")
});

/// A chemical table row is also a keyword when its name is short enough to be written on a
/// manifest (`THIODIGLYCOL`, not a 12-word IUPAC name).
const MAX_CHEMICAL_NAME_WORDS: usize = 4;

impl GoodsMatcher {
    /// Compiles the lists. Chemical names become keywords pointing at their list entry.
    pub fn new(lists: GoodsLists) -> Self {
        let mut prefixes: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, p) in lists.hs_prefixes.iter().enumerate() {
            prefixes.entry(p.hs_prefix.clone()).or_default().push(i);
        }
        let mut patterns = Vec::new();
        let mut phrases = Vec::new();
        // A heading's goods declared under an HS 2017 code that became part of it fit it too.
        let with_predecessors = |headings: &[String]| -> Vec<String> {
            let mut all = headings.to_vec();
            for c in &lists.hs2017 {
                if c.hs2022
                    .iter()
                    .any(|new| headings.iter().any(|h| new.starts_with(h.as_str())))
                    && !all.contains(&c.hs2017)
                {
                    all.push(c.hs2017.clone());
                }
            }
            all
        };
        for k in &lists.keywords {
            patterns.push(k.phrase.clone());
            phrases.push(Phrase {
                list: k.list.clone(),
                entry: k.entry.clone(),
                label: k.label.clone(),
                points: k.points,
                negative_context: k.negative_context.clone(),
                headings: with_predecessors(&k.hs_headings),
            });
        }
        let mut by_cas: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_un: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, c) in lists.chemicals.iter().enumerate() {
            by_cas.entry(c.cas.clone()).or_default().push(i);
            if let Some(un) = &c.un_number {
                by_un.entry(un.clone()).or_default().push(i);
            }
            let name = fold_text(&c.chemical);
            if !name.is_empty() && name.split(' ').count() <= MAX_CHEMICAL_NAME_WORDS {
                patterns.push(name);
                phrases.push(Phrase {
                    list: c.list.clone(),
                    entry: format!("{} (CAS {})", c.entry, c.cas),
                    label: c.chemical.clone(),
                    points: c.points,
                    negative_context: Vec::new(),
                    headings: Vec::new(),
                });
            }
        }
        let keywords = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&patterns)
            .expect("keyword phrases are plain text and always compile");
        let hs2017 = lists
            .hs2017
            .iter()
            .map(|c| (c.hs2017.clone(), c.hs2022.clone()))
            .collect();
        GoodsMatcher {
            lists,
            prefixes,
            keywords,
            phrases,
            by_cas,
            by_un,
            hs2017,
            reference: Arc::default(),
        }
    }

    /// Shows the installed reference tables beside hits and declared codes.
    pub fn set_reference(&mut self, reference: Arc<GoodsReference>) {
        self.reference = reference;
    }

    pub fn reference(&self) -> &GoodsReference {
        &self.reference
    }

    /// The HS 2022 text of every declared code of `goods`, when the nomenclature is installed:
    /// the heading's and the subheading's (the chapter's only when nothing finer is known).
    pub fn declared_headings(&self, goods: &[GoodsLine]) -> Vec<DeclaredHeading> {
        let Some(hs) = &self.reference.hs else {
            return Vec::new();
        };
        goods
            .iter()
            .enumerate()
            .filter_map(|(i, line)| {
                let code = line.hs_code.as_ref()?;
                let text = hs.describe(code)?;
                let n = text.levels.len();
                let texts = if n > 1 {
                    text.levels[1..].to_vec()
                } else {
                    text.levels
                };
                Some(DeclaredHeading {
                    line: i,
                    code: code.dotted(),
                    texts,
                })
            })
            .collect()
    }

    /// The Annex I entry a hit's `entry` names, as the installed list states it.
    fn control_text(&self, entry: &str) -> Option<ControlText> {
        let annex = self.reference.annex.as_ref()?;
        let found = annex.entry(entry)?;
        Some(ControlText {
            entry: found.code.clone(),
            regime: found.regime.clone(),
            heading: found.heading.clone(),
            decontrol: found
                .notes_for(entry)
                .into_iter()
                .map(|n| n.text.clone())
                .collect(),
        })
    }

    /// The lists this matcher was built from.
    pub fn lists(&self) -> &GoodsLists {
        &self.lists
    }

    /// Every hit on one goods line, in a stable order (HS, keywords, CAS, UN).
    pub fn screen_line(&self, index: usize, line: &GoodsLine) -> Vec<GoodsHit> {
        let mut hits = Vec::new();
        let mut codes: Vec<HsCode> = line.hs_code.iter().cloned().collect();
        let free_text = [Some(line.description.as_str()), line.marks.as_deref()];
        for text in free_text.iter().flatten() {
            for c in HS_IN_TEXT.captures_iter(text) {
                if let Ok(code) = HsCode::parse(&c[1])
                    && !codes.contains(&code)
                {
                    codes.push(code);
                }
            }
        }
        for code in &codes {
            self.hs_hits(index, code, &mut hits);
        }
        for (field, text) in [
            ("description", Some(line.description.as_str())),
            ("marks", line.marks.as_deref()),
        ] {
            if let Some(text) = text {
                self.keyword_hits(index, field, text, &mut hits);
                self.cas_hits(index, text, &mut hits);
            }
        }
        if let Some(un) = &line.un_number {
            let un = un.trim().trim_start_matches("UN").trim();
            for &i in self.by_un.get(un).into_iter().flatten() {
                let c = &self.lists.chemicals[i];
                push_unique(
                    &mut hits,
                    GoodsHit {
                        line: index,
                        list: c.list.clone(),
                        entry: format!("{} (CAS {})", c.entry, c.cas),
                        label: c.chemical.clone(),
                        evidence: GoodsEvidence::UnNumber {
                            un_number: un.to_string(),
                            chemical: c.chemical.clone(),
                        },
                        points: c.points,
                        control: None,
                        headings: Vec::new(),
                    },
                );
            }
        }
        if self.reference.annex.is_some() {
            for hit in &mut hits {
                hit.control = self.control_text(&hit.entry);
            }
        }
        hits
    }

    fn hs_hits(&self, index: usize, code: &HsCode, hits: &mut Vec<GoodsHit>) {
        let digits = code.digits();
        self.prefix_hits(index, digits, hits, |prefix| GoodsEvidence::HsPrefix {
            hs_code: code.dotted(),
            prefix,
        });
        // An HS 2017 code that HS 2022 no longer has is screened as the codes it became.
        if digits.len() >= 6
            && let Some(became) = self.hs2017.get(&digits[..6])
        {
            let dotted = |c: &str| format!("{}.{}", &c[..4], &c[4..]);
            let split_into: Vec<String> = if became.len() > 1 {
                became.iter().map(|c| dotted(c)).collect()
            } else {
                Vec::new()
            };
            for hs2022 in became {
                self.prefix_hits(index, hs2022, hits, |prefix| GoodsEvidence::HsConverted {
                    hs_code: code.dotted(),
                    hs2022: dotted(hs2022),
                    prefix,
                    split_into: split_into.clone(),
                });
            }
        }
    }

    /// A hit for every listed prefix of `digits`, with the evidence `evidence` makes of it.
    fn prefix_hits(
        &self,
        index: usize,
        digits: &str,
        hits: &mut Vec<GoodsHit>,
        evidence: impl Fn(String) -> GoodsEvidence,
    ) {
        for len in 4..=digits.len() {
            for &i in self.prefixes.get(&digits[..len]).into_iter().flatten() {
                let p = &self.lists.hs_prefixes[i];
                push_unique(
                    hits,
                    GoodsHit {
                        line: index,
                        list: p.list.clone(),
                        entry: p.entry.clone(),
                        label: p.label.clone(),
                        evidence: evidence(p.hs_prefix.clone()),
                        points: p.points,
                        control: None,
                        headings: Vec::new(),
                    },
                );
            }
        }
    }

    fn keyword_hits(&self, index: usize, field: &str, text: &str, hits: &mut Vec<GoodsHit>) {
        let folded = fold_text(text);
        let words: Vec<&str> = folded.split(' ').collect();
        let bytes = folded.as_bytes();
        for m in self.keywords.find_overlapping_iter(&folded) {
            let starts_word = m.start() == 0 || bytes[m.start() - 1] == b' ';
            let Some(end) = word_end(bytes, m.end()) else {
                continue;
            };
            if !starts_word {
                continue;
            }
            let phrase = &self.phrases[m.pattern().as_usize()];
            if phrase
                .negative_context
                .iter()
                .any(|neg| contains_phrase(&words, neg))
            {
                continue;
            }
            push_unique(
                hits,
                GoodsHit {
                    line: index,
                    list: phrase.list.clone(),
                    entry: phrase.entry.clone(),
                    label: phrase.label.clone(),
                    evidence: GoodsEvidence::Keyword {
                        phrase: folded[m.start()..end].to_string(),
                        field: field.to_string(),
                    },
                    points: phrase.points,
                    control: None,
                    headings: phrase.headings.clone(),
                },
            );
        }
    }

    fn cas_hits(&self, index: usize, text: &str, hits: &mut Vec<GoodsHit>) {
        let mut found: Vec<String> = CAS_HYPHENATED
            .captures_iter(text)
            .map(|c| format!("{}-{}-{}", &c[1], &c[2], &c[3]))
            .collect();
        for c in CAS_LABELLED_BARE.captures_iter(text) {
            let d = &c[1];
            found.push(format!(
                "{}-{}-{}",
                &d[..d.len() - 3],
                &d[d.len() - 3..d.len() - 1],
                &d[d.len() - 1..]
            ));
        }
        for cas in found {
            // The check digit rejects dates, phone and part numbers that look like CAS numbers.
            if !cas_check_digit_ok(&cas) {
                continue;
            }
            for &i in self.by_cas.get(&cas).into_iter().flatten() {
                let c = &self.lists.chemicals[i];
                push_unique(
                    hits,
                    GoodsHit {
                        line: index,
                        list: c.list.clone(),
                        entry: format!("{} (CAS {})", c.entry, c.cas),
                        label: c.chemical.clone(),
                        evidence: GoodsEvidence::CasNumber {
                            cas: cas.clone(),
                            chemical: c.chemical.clone(),
                        },
                        points: c.points,
                        control: None,
                        headings: Vec::new(),
                    },
                );
            }
        }
    }
}

/// Where the word ending at `at` ends, allowing a plural `S` or `ES` (`PUMP` finds
/// `PUMPS`); `None` when `at` is inside a longer word.
fn word_end(text: &[u8], at: usize) -> Option<usize> {
    let boundary = |i: usize| i == text.len() || text[i] == b' ';
    [0, 1, 2].into_iter().map(|n| at + n).find(|&i| {
        i <= text.len()
            && boundary(i)
            && match i - at {
                0 => true,
                1 => text[at] == b'S',
                _ => &text[at..i] == b"ES",
            }
    })
}

/// True when `phrase` (space-separated words) occurs as whole words in `words`.
fn contains_phrase(words: &[&str], phrase: &str) -> bool {
    let p: Vec<&str> = phrase.split(' ').collect();
    !p.is_empty() && words.windows(p.len()).any(|w| w == p.as_slice())
}

/// Keeps one hit per (list, entry, evidence): the same fact found twice is one fact. An HS
/// 2017 code split into several codes under one listed prefix (8525.80 into the ten 8806
/// codes) is one fact too.
fn push_unique(hits: &mut Vec<GoodsHit>, hit: GoodsHit) {
    let same = |a: &GoodsEvidence, b: &GoodsEvidence| match (a, b) {
        (
            GoodsEvidence::HsConverted {
                hs_code: c1,
                prefix: p1,
                ..
            },
            GoodsEvidence::HsConverted {
                hs_code: c2,
                prefix: p2,
                ..
            },
        ) => c1 == c2 && p1 == p2,
        _ => a == b,
    };
    if !hits
        .iter()
        .any(|h| h.list == hit.list && h.entry == hit.entry && same(&h.evidence, &hit.evidence))
    {
        hits.push(hit);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lists::goods::{ChemicalEntry, HsPrefixEntry, KeywordEntry};

    fn matcher() -> GoodsMatcher {
        GoodsMatcher::new(GoodsLists {
            hs_prefixes: vec![HsPrefixEntry {
                list: "CHPL".into(),
                hs_prefix: "854231".into(),
                entry: "Tier 1".into(),
                label: "processors and controllers".into(),
                points: 25,
            }],
            keywords: vec![KeywordEntry {
                list: "HUB KEYWORDS".into(),
                phrase: "VACUUM PUMP".into(),
                entry: "2B231".into(),
                label: "vacuum pumps".into(),
                points: 10,
                negative_context: vec!["AQUARIUM".into()],
                language: "en".into(),
                hs_headings: vec!["8414".into()],
            }],
            chemicals: vec![ChemicalEntry {
                cas: "111-48-8".into(),
                chemical: "Thiodiglycol".into(),
                list: "CWC".into(),
                entry: "Schedule 2 B.13".into(),
                un_number: None,
                points: 50,
            }],
            hs2017: Vec::new(),
            files: Vec::new(),
        })
    }

    fn line(description: &str, hs: Option<&str>) -> GoodsLine {
        GoodsLine {
            description: description.into(),
            hs_code: hs.map(|h| HsCode::parse(h).unwrap()),
            ..Default::default()
        }
    }

    #[test]
    fn hs_prefix_matches_longer_national_codes() {
        let hits = matcher().screen_line(0, &line("MCU", Some("8542.31.90")));
        assert_eq!(hits.len(), 1);
        assert_eq!(
            hits[0].evidence,
            GoodsEvidence::HsPrefix {
                hs_code: "8542.31.90".into(),
                prefix: "854231".into()
            }
        );
    }

    #[test]
    fn hs_code_inside_the_description_is_checked() {
        let hits = matcher().screen_line(0, &line("CHIPS HS CODE: 8542.31 P/O 4501", None));
        assert!(hits.iter().any(|h| h.list == "CHPL"), "{hits:?}");
    }

    #[test]
    fn keyword_needs_word_boundaries_and_respects_negative_context() {
        let m = matcher();
        assert_eq!(m.screen_line(0, &line("2 X VACUUM PUMPS", None)).len(), 1);
        assert_eq!(
            m.screen_line(0, &line("VACUUM PUMPING UNIT", None)).len(),
            0
        );
        assert_eq!(
            m.screen_line(0, &line("ROTARY VACUUM PUMP, OIL SEALED", None))
                .len(),
            1
        );
        assert_eq!(
            m.screen_line(0, &line("AQUARIUM VACUUM PUMP", None)).len(),
            0
        );
    }

    #[test]
    fn cas_number_needs_a_valid_check_digit() {
        let m = matcher();
        let hits = m.screen_line(0, &line("INDUSTRIAL SOLVENT (CAS NO. 111-48-8)", None));
        assert_eq!(hits.len(), 1);
        assert!(matches!(hits[0].evidence, GoodsEvidence::CasNumber { .. }));
        assert!(m.screen_line(0, &line("SOLVENT 111-48-9", None)).is_empty());
        assert_eq!(m.screen_line(0, &line("SOLVENT CAS 111488", None)).len(), 1);
    }

    #[test]
    fn chemical_name_is_a_keyword() {
        let hits = matcher().screen_line(0, &line("THIODIGLYCOL 99% 20 DRUMS", None));
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].list, "CWC");
    }
}
