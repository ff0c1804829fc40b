//! Folding: any text to upper-case ASCII words separated by single spaces, the one comparable
//! form every layer uses (list names, manifest names and headers, goods phrases, countries).
//!
//! Steps: hidden characters removed ([`super::hidden`]); Unicode NFKD with marks stripped;
//! non-Latin scripts transliterated to Latin (`any_ascii`), a CJK syllable a word; upper case;
//! dotted initialisms and legal forms joined (`L.L.C.` -> `LLC`, see [`super::legal_forms`]);
//! apostrophes dropped, `&` read as `AND`, other punctuation made a space. The raw text is never
//! changed: the folded form exists only for comparing.

use std::sync::LazyLock;

use regex::Regex;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::abjad::abjad_letter;
use super::hidden::without_hidden;
use super::legal_forms::{misspelt_legal_form, one_word_legal_form};

/// Folds any text to upper-case ASCII words separated by single spaces. Hidden characters
/// ([`is_hidden`]) are removed first, so that none can split a word.
pub fn fold_text(raw: &str) -> String {
    let raw = without_hidden(raw);
    let raw = raw.as_ref();
    let mut latin = String::with_capacity(raw.len());
    // ASCII has nothing to decompose, mark or transliterate.
    let decomposed = if raw.is_ascii() {
        latin.push_str(raw);
        ""
    } else {
        raw
    };
    for c in decomposed.nfkd() {
        if is_combining_mark(c) {
            continue;
        }
        if c.is_ascii() {
            latin.push(c);
        } else if matches!(c, '’' | '‘' | 'ʼ' | '`' | '´') {
            latin.push('\'');
        } else if let Some(t) = abjad_letter(c, !latin.ends_with(|p: char| p.is_alphanumeric())) {
            latin.push_str(t);
        } else {
            // Transliterate one character at a time and keep words apart: CJK syllables
            // come back glued (`YouXian`), so a space marks each one.
            let t = any_ascii::any_ascii_char(c);
            if t.chars().all(|t| t.is_ascii_alphanumeric()) && !t.is_empty() && !c.is_alphabetic() {
                latin.push(' ');
            }
            latin.push_str(t);
            if is_cjk(c) {
                latin.push(' ');
            }
        }
    }
    let upper = latin.to_ascii_uppercase();
    let joined: std::borrow::Cow<'_, str> = if upper.contains('.') {
        undot(&upper).into()
    } else {
        upper.as_str().into()
    };
    let mut out = String::with_capacity(joined.len());
    let mut space = true;
    for c in joined.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
            space = false;
        } else if c == '\'' {
            // PEOPLE'S -> PEOPLES, O'BRIEN -> OBRIEN
        } else if c == '&' {
            if !space {
                out.push(' ');
            }
            out.push_str("AND ");
            space = true;
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
    while out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Dotted initials joined (`L.L.C.` -> `LLC`), and a legal form or initials with their dots
/// misplaced (`SR.L.`, `S..AS.`, `E.I..RL.`, `NP..T.T.`) undotted.
fn undot(upper: &str) -> String {
    let joined = INITIALISM.replace_all(upper, |c: &regex::Captures| c[0].replace('.', ""));
    DOTTED
        .replace_all(&joined, |c: &regex::Captures| {
            let undotted = c[0].replace('.', "");
            let pieces: Vec<&str> = c[0].split('.').filter(|p| !p.is_empty()).collect();
            let initials = pieces.iter().all(|p| p.len() <= 2)
                && (pieces.len() >= 3 || c[0].trim_end_matches('.').contains(".."));
            if initials
                || one_word_legal_form(&undotted).is_some()
                || misspelt_legal_form(&undotted).is_some()
            {
                undotted
            } else {
                c[0].to_string()
            }
        })
        .into_owned()
}

pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30ff | 0x3400..=0x4dbf | 0x4e00..=0x9fff | 0xac00..=0xd7af | 0xf900..=0xfaff)
}

/// Dotted single letters: `L.L.C.`, `S.A.`, `U.A.E`.
static INITIALISM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(?:[A-Z]\.)+[A-Z]\b\.?").expect("valid regex"));

/// Short runs of letters joined by dots, which may be a legal form written carelessly.
static DOTTED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b[A-Z]{1,4}(?:\.+[A-Z]{1,4})+\b\.*").expect("valid regex"));

/// The ASCII letters of one accented or special Latin letter, upper-cased (`Ü` -> `U`, `Æ` ->
/// `AE`, `Þ` -> `TH`, `ẞ` -> `SS`), or `None` for a character outside the Latin script's
/// letters. For lookups that fold letter by letter (country names).
pub fn fold_latin_letter(c: char) -> Option<String> {
    let latin = matches!(c as u32, 0xc0..=0x24f | 0x1e00..=0x1eff);
    if !latin || !c.is_alphabetic() || c == '\u{d7}' || c == '\u{f7}' {
        return None;
    }
    let ascii = any_ascii::any_ascii_char(c);
    (!ascii.is_empty() && ascii.bytes().all(|b| b.is_ascii_alphabetic()))
        .then(|| ascii.to_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::hidden_characters;

    #[test]
    fn folding_strips_accents_case_and_punctuation() {
        assert_eq!(fold_text("Raúl  Castro-Ruz"), "RAUL CASTRO RUZ");
        assert_eq!(fold_text("PEOPLE'S BANK & TRUST"), "PEOPLES BANK AND TRUST");
        assert_eq!(fold_text("ACME CO.,LTD."), "ACME CO LTD");
        assert_eq!(
            fold_text("MABROOKA TRADING CO L.L.C."),
            "MABROOKA TRADING CO LLC"
        );
        assert_eq!(fold_text("TİC. LTD. ŞTİ."), "TIC LTD STI");
    }

    #[test]
    fn hidden_characters_inside_a_word_are_removed_and_whitespace_controls_separate() {
        for hidden in [
            '\u{0}', '\u{1}', '\u{8}', '\u{7f}', '\u{9b}', '\u{ad}', '\u{200b}',
        ] {
            let name = format!("MAB{hidden}ROOKA TRADING");
            assert_eq!(fold_text(&name), "MABROOKA TRADING", "{hidden:?}");
            assert_eq!(hidden_characters(&name), vec![hidden]);
        }
        for bidi in [
            '\u{200d}',
            '\u{202e}',
            '\u{2066}',
            '\u{feff}',
            '\u{2060}',
            '\u{e0041}',
        ] {
            assert_eq!(
                fold_text(&format!("BANCO NACI{bidi}ONAL")),
                "BANCO NACIONAL"
            );
        }
        assert_eq!(
            fold_text("BANCO\tNACIONAL\nDE\u{85}CUBA"),
            "BANCO NACIONAL DE CUBA"
        );
        assert!(hidden_characters("BANCO\tNACIONAL\r\n").is_empty());
        assert_eq!(
            hidden_characters("A\u{0}B\u{0}C\u{200b}"),
            vec!['\u{0}', '\u{200b}']
        );
    }

    /// Letter-by-letter folding (country names) and whole-text folding (names) agree on every
    /// Latin letter: one folding, whichever way it is called.
    #[test]
    fn latin_letters_fold_alike_letter_by_letter_and_as_text() {
        let mut folded = 0;
        for c in ('\u{c0}'..='\u{24f}').chain('\u{1e00}'..='\u{1eff}') {
            if let Some(letters) = fold_latin_letter(c) {
                assert_eq!(letters, fold_text(&c.to_string()), "{c:?}");
                folded += 1;
            }
        }
        assert!(folded > 400, "{folded}");
        assert_eq!(fold_latin_letter('Ü').as_deref(), Some("U"));
        assert_eq!(fold_latin_letter('Þ').as_deref(), Some("TH"));
        assert_eq!(fold_latin_letter('×'), None);
        assert_eq!(fold_latin_letter('Ж'), None);
    }
}
