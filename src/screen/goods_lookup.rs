//! Look-ups at the desk: what an HS code, a control-list entry or a few words mean to the goods
//! screen. An officer reading a manifest (or a trainee working an exercise without the tool's
//! lanes) asks "what is 8486.20?", "what does 3B001 cover?", "would 'wafer dicing saw' alert?".
//!
//! One query, three readings, each given when it applies: an HS code (its HS 2022 text, the
//! listed prefixes that cover it, its HS 2022 codes when it is an HS 2017 code), an Annex I
//! entry (heading, regime, decontrol notes, the lexicon phrases that point at it), and words
//! (the hits the goods screen would give a description made of them, and the HS headings and
//! Annex I entries whose text has every word).

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use crate::lists::reference::AnnexEntry;
use crate::model::{GoodsHit, GoodsLine, HsCode};
use crate::text::safe::for_terminal;

use super::goods::GoodsMatcher;

/// The most rows of each kind a look-up gives.
pub const MAX_ROWS: usize = 20;

/// What a query means to the goods screen.
#[derive(Debug, Clone, Default, Serialize)]
pub struct GoodsLookup {
    pub query: String,
    /// The query read as an HS code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hs: Option<HsLookup>,
    /// The query read as an Annex I entry.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub annex_entry: Option<AnnexLookup>,
    /// The hits a goods line described by the query would get.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub hits: Vec<GoodsHit>,
    /// HS codes whose text has every word of the query.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub hs_texts: Vec<(String, String)>,
    /// Annex I entries whose heading has every word of the query: `(code, heading)`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub annex_texts: Vec<(String, String)>,
    /// What the look-up could not use: a table not installed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct HsLookup {
    pub code: String,
    /// `(code, text)` for the chapter, heading and subheading, when the nomenclature is
    /// installed.
    pub texts: Vec<(String, String)>,
    /// The HS 2022 codes an HS 2017 code became (empty for an HS 2022 code).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub hs2022: Vec<String>,
    /// The hits a line declared under this code gets.
    pub hits: Vec<GoodsHit>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AnnexLookup {
    #[serde(flatten)]
    pub entry: AnnexEntry,
    /// Lexicon phrases that point at this entry: `(phrase, language)`.
    pub phrases: Vec<(String, String)>,
}

impl GoodsLookup {
    /// The look-up as lines of plain text, every list and table text made terminal-safe: what
    /// `hubscreen goods lookup` prints and the dashboard's look-up shows.
    pub fn text_lines(&self) -> Vec<String> {
        let t = |s: &str| for_terminal(s).into_owned();
        let mut out = Vec::new();
        if let Some(hs) = &self.hs {
            out.push(format!("HS {}", hs.code));
            for (code, text) in &hs.texts {
                out.push(format!("  {code:<8} {}", t(text)));
            }
            if !hs.hs2022.is_empty() {
                out.push(format!(
                    "  an HS 2017 code; in HS 2022: {}",
                    hs.hs2022.join(", ")
                ));
            }
            for h in &hs.hits {
                out.push(format!("  hit: {}", t(&h.explain())));
            }
            if hs.hits.is_empty() {
                out.push("  no goods list covers this code".into());
            }
        }
        if let Some(a) = &self.annex_entry {
            out.push(format!("{} ({})", a.entry.code, a.entry.regime));
            out.push(format!("  {}", t(&a.entry.heading)));
            for n in &a.entry.decontrol {
                out.push(format!("  not controlled: {}", t(&n.text)));
            }
            for (phrase, language) in &a.phrases {
                out.push(format!("  keyword: {} [{}]", t(phrase), t(language)));
            }
        }
        if !self.hits.is_empty() {
            out.push(format!(
                "a goods line described as {:?} gets:",
                t(&self.query)
            ));
            for h in &self.hits {
                out.push(format!("  {}", t(&h.explain())));
                if let Some(c) = &h.control {
                    out.push(format!("    {} ({}): {}", c.entry, c.regime, t(&c.heading)));
                    for n in &c.decontrol {
                        out.push(format!("    not controlled: {}", t(n)));
                    }
                }
            }
        }
        if !self.hs_texts.is_empty() {
            out.push("HS 2022 texts with these words:".into());
            for (code, text) in &self.hs_texts {
                out.push(format!("  {code:<8} {}", t(text)));
            }
        }
        if !self.annex_texts.is_empty() {
            out.push("Annex I entries with these words:".into());
            for (code, text) in &self.annex_texts {
                out.push(format!("  {code}  {}", t(text)));
            }
        }
        if out.is_empty() {
            out.push(format!("nothing found for {:?}", t(&self.query)));
        }
        for m in &self.missing {
            out.push(format!("note: {m}"));
        }
        out
    }
}

static HS_QUERY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d{2}(?:[ .]?\d{2}){0,4}$").expect("valid regex"));
static ANNEX_QUERY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?i)\d[A-E]\d{3}(?:\.[a-z0-9]+)*\.?$").expect("valid regex"));

/// Looks `query` up in the goods lists and reference tables `matcher` holds.
pub fn lookup(matcher: &GoodsMatcher, query: &str) -> GoodsLookup {
    let query = query.trim();
    let reference = matcher.reference();
    let mut out = GoodsLookup {
        query: query.to_string(),
        ..Default::default()
    };
    if reference.hs.is_none() {
        out.missing.push(
            "HS 2022 nomenclature not installed: `hubscreen goods install harmonized-system.csv`"
                .into(),
        );
    }
    if reference.annex.is_none() {
        out.missing.push(
            "EU dual-use list (Annex I) not installed: `hubscreen goods install <Annex I text>`"
                .into(),
        );
    }
    if HS_QUERY.is_match(query)
        && let Ok(code) = HsCode::parse(query)
    {
        out.hs = Some(hs_lookup(matcher, code));
        return out;
    }
    if ANNEX_QUERY.is_match(query) {
        let code = query.to_ascii_uppercase();
        let phrases = matcher
            .lists()
            .keywords
            .iter()
            .filter(|k| k.entry.get(..5) == code.get(..5))
            .map(|k| (k.phrase.clone(), k.language.clone()))
            .collect();
        if let Some(entry) = reference.annex.as_ref().and_then(|a| a.entry(&code)) {
            out.annex_entry = Some(AnnexLookup {
                entry: entry.clone(),
                phrases,
            });
        }
        return out;
    }
    out.hits = matcher.screen_line(
        0,
        &GoodsLine {
            description: query.to_string(),
            ..Default::default()
        },
    );
    if let Some(hs) = &reference.hs {
        out.hs_texts = hs.search(query, MAX_ROWS);
    }
    if let Some(annex) = &reference.annex {
        out.annex_texts = annex
            .search(query, MAX_ROWS)
            .into_iter()
            .map(|e| (e.code.clone(), e.heading.clone()))
            .collect();
    }
    out
}

fn hs_lookup(matcher: &GoodsMatcher, code: HsCode) -> HsLookup {
    let texts = matcher
        .reference()
        .hs
        .as_ref()
        .and_then(|hs| hs.describe(&code))
        .map(|t| t.levels)
        .unwrap_or_default();
    let hs2022 = matcher
        .lists()
        .hs2017
        .iter()
        .find(|c| code.digits().len() >= 6 && c.hs2017 == code.digits()[..6])
        .map(|c| c.hs2022.clone())
        .unwrap_or_default();
    let hits = matcher.screen_line(
        0,
        &GoodsLine {
            hs_code: Some(code.clone()),
            ..Default::default()
        },
    );
    HsLookup {
        code: code.dotted(),
        texts,
        hs2022,
        hits,
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::lists::goods::{GoodsLists, HsConversion, HsPrefixEntry, KeywordEntry};
    use crate::lists::reference::{GoodsReference, TableKind};
    use crate::source::Source;

    fn matcher() -> GoodsMatcher {
        let mut m = GoodsMatcher::new(GoodsLists {
            hs_prefixes: vec![HsPrefixEntry {
                list: "CHPL".into(),
                hs_prefix: "880730".into(),
                entry: "Tier 3.B".into(),
                label: "aircraft parts".into(),
                points: 15,
            }],
            keywords: vec![KeywordEntry {
                list: "HUB KEYWORDS".into(),
                phrase: "CNC LATHE".into(),
                entry: "2B001".into(),
                label: "Numerically controlled lathes".into(),
                points: 12,
                negative_context: Vec::new(),
                language: "en".into(),
                hs_headings: vec!["8458".into()],
            }],
            hs2017: vec![HsConversion {
                hs2017: "880330".into(),
                hs2022: vec!["880730".into()],
                note: "parts of aircraft".into(),
            }],
            ..Default::default()
        });
        let mut reference = GoodsReference::default();
        reference
            .set(
                TableKind::Hs2022,
                &Source::from_bytes(
                    "hs.csv",
                    "section,hscode,description,parent,level\nXVI,84,Machinery,TOTAL,2\n\
                     XVI,8458,Lathes for removing metal,84,4\n"
                        .as_bytes()
                        .to_vec(),
                ),
            )
            .unwrap();
        reference
            .set(
                TableKind::AnnexI,
                &Source::from_bytes(
                    "annex.txt",
                    "2B001   Machine tools for removing metals, as follows:\n        Note: 2B001 \
                     does not control gear machines.\n"
                        .as_bytes()
                        .to_vec(),
                ),
            )
            .unwrap();
        m.set_reference(Arc::new(reference));
        m
    }

    #[test]
    fn an_hs_2017_code_shows_the_hs_2022_code_it_became_and_the_hit_it_gets() {
        let found = lookup(&matcher(), "8803.30");
        let hs = found.hs.unwrap();
        assert_eq!(hs.hs2022, ["880730"]);
        assert_eq!(hs.hits.len(), 1);
        assert!(
            hs.hits[0].explain().contains("8807.30 in HS 2022"),
            "{}",
            hs.hits[0].explain()
        );
    }

    #[test]
    fn an_annex_entry_shows_its_heading_notes_and_the_phrases_pointing_at_it() {
        let found = lookup(&matcher(), "2b001.a");
        let entry = found.annex_entry.unwrap();
        assert_eq!(entry.entry.code, "2B001");
        assert_eq!(entry.entry.decontrol.len(), 1);
        assert_eq!(entry.phrases, [("CNC LATHE".to_string(), "en".to_string())]);
    }

    #[test]
    fn words_show_the_hits_they_would_get_and_the_texts_that_have_them() {
        let found = lookup(&matcher(), "cnc lathes");
        assert_eq!(found.hits.len(), 1);
        let control = found.hits[0].control.as_ref().unwrap();
        assert_eq!(control.regime, "Wassenaar Arrangement");
        assert_eq!(control.decontrol, ["2B001 does not control gear machines."]);
        let found = lookup(&matcher(), "lathes");
        assert_eq!(found.hs_texts[0].0, "8458");
        assert!(found.missing.is_empty());
    }
}
