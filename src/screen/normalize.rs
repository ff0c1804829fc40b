//! Name and text normalisation for matching: one comparable form for a name however a manifest
//! or a list writes it.
//!
//! Steps: Unicode NFKD with marks stripped; non-Latin scripts transliterated to Latin
//! (`any_ascii`); upper case; dotted initialisms joined (`L.L.C.` -> `LLC`); apostrophes dropped
//! and other punctuation made a space; `SURNAME, Given` undone for persons. Legal forms are
//! canonicalised (`LIMITED` -> `LTD`, `JOINT STOCK COMPANY` -> `JSC`, `OOO` -> `LLC`), not
//! deleted, so that the scorer can weigh them low and still see a sister company's different
//! form. Numbers are kept. The raw text is never changed: these forms exist only for matching.

use foldhash::{HashMap, HashMapExt};
use std::sync::LazyLock;

use crate::model::EntityKind;

use super::sound_key::{abjad_key, phonetic_key};
pub use crate::text::fold::fold_text;
pub use crate::text::hidden::{hidden_characters, is_hidden};
pub use crate::text::legal_forms::is_legal_form;
use crate::text::legal_forms::{legal_form_at, misspelt_legal_form, one_typo_apart};

/// What a token contributes to a name's identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenClass {
    /// A distinctive word: carries the match.
    Word,
    /// A word many unrelated companies share and that names a line of business
    /// (`SHIPPING`, `LOGISTICS`, `HOLDINGS`): two names differing in it are two businesses.
    Generic,
    /// A word a manifest adds to any name without changing whose it is: a place (`DUBAI`,
    /// `HONG KONG`) or a stock embellishment (`TRADING`, `INTERNATIONAL`, `IMPORT EXPORT`).
    Decoration,
    /// A canonical legal form (`LTD`, `LLC`, `JSC`).
    LegalForm,
    /// Digits: must agree exactly.
    Number,
    /// Articles and prepositions (`OF`, `THE`, `DE`).
    Stopword,
    /// An address glued onto the name (`P.O. BOX 1234`, `TEL 971 4 ...`): kept for the
    /// explanation, weighed next to nothing, never a number to agree on.
    Address,
}

impl TokenClass {
    /// Relative weight of a token of this class in a name's total.
    pub fn weight(self) -> f64 {
        match self {
            TokenClass::Word | TokenClass::Number => 1.0,
            TokenClass::Generic | TokenClass::Decoration => 0.4,
            TokenClass::LegalForm => 0.3,
            TokenClass::Stopword => 0.2,
            TokenClass::Address => 0.05,
        }
    }
}

/// One comparable token of a name.
#[derive(Debug, Clone, PartialEq)]
pub struct NameToken {
    pub text: String,
    pub class: TokenClass,
    /// A sound-alike key (`MABROOKA` and `MABRUKA` -> `MBRK`) for transliteration variants.
    pub key: String,
    /// Folded from a script that leaves short vowels out (Arabic, Persian, Hebrew): its
    /// letters are consonants and long vowels, compared by [`super::sound_key::abjad_fits`].
    pub abjad: bool,
}

impl NameToken {
    /// The token's weight: its length times its class weight, so that long distinctive words
    /// count most.
    pub fn weight(&self) -> f64 {
        self.text.len() as f64 * self.class.weight()
    }
}

use super::name_words::{
    ADDRESS_MARKERS, DECORATION_WORDS, DECORATION_WORDS_EXACT, GENERIC_WORDS, GENERIC_WORDS_EXACT,
    STOPWORDS,
};
pub use super::name_words::{BRANCH_WORDS, is_branch_word};

/// Per byte: the decoration words and the generic words whose first or second letter it is,
/// the only ones a word beginning with it can be near in [`misspelt_generic`].
static NEAR_BY_LETTER: LazyLock<Vec<(Vec<&'static str>, Vec<&'static str>)>> =
    LazyLock::new(|| {
        let starting = |words: &[&'static str], b: u8| {
            words
                .iter()
                .copied()
                .filter(|w| w.as_bytes().first() == Some(&b) || w.as_bytes().get(1) == Some(&b))
                .collect::<Vec<_>>()
        };
        (0..=u8::MAX)
            .map(|b| (starting(DECORATION_WORDS, b), starting(GENERIC_WORDS, b)))
            .collect()
    });

static ADDRESS_MARKER_SET: LazyLock<foldhash::HashSet<&'static str>> =
    LazyLock::new(|| ADDRESS_MARKERS.iter().copied().collect());

static WORD_CLASS: LazyLock<HashMap<&'static str, TokenClass>> = LazyLock::new(|| {
    let mut m = HashMap::new();
    for w in GENERIC_WORDS {
        m.insert(*w, TokenClass::Generic);
    }
    for w in GENERIC_WORDS_EXACT {
        m.insert(*w, TokenClass::Generic);
    }
    for w in DECORATION_WORDS
        .iter()
        .chain(DECORATION_WORDS_EXACT)
        .chain(BRANCH_WORDS)
    {
        m.insert(*w, TokenClass::Decoration);
    }
    for w in STOPWORDS {
        m.insert(*w, TokenClass::Stopword);
    }
    m
});

/// A person's name written family name first, split into (family name, given names): OFAC's
/// `SURNAME, Given`, or the family name in capitals before given names that are not
/// (`OTKE Anna Ivanovna`, as the UK list writes them). Anything with more than one comma, and a
/// name all in one case, is `None`.
fn surname_first(name: &str) -> Option<(&str, &str)> {
    let mut parts = name.split(',');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(surname), Some(given), None) if !given.trim().is_empty() => {
            return Some((surname.trim(), given.trim()));
        }
        (_, Some(_), _) => return None,
        _ => {}
    }
    let capitals = |w: &str| {
        w.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !w.chars().any(char::is_lowercase)
    };
    let name = name.trim();
    let words: Vec<&str> = name.split_whitespace().collect();
    let k = words.iter().take_while(|w| capitals(w)).count();
    let rest_mixed = words[k.min(words.len())..]
        .iter()
        .all(|w| w.chars().any(char::is_lowercase));
    if k == 0 || k == words.len() || !rest_mixed {
        return None;
    }
    // The given names start at the first word not in capitals.
    let at = name.find(words[k])?;
    Some((name[..at].trim(), name[at..].trim()))
}

/// Undoes a family name written first for a person (`MADURO MOROS, Nicolas` -> `Nicolas
/// MADURO MOROS`, `OTKE Anna Ivanovna` -> `Anna Ivanovna OTKE`). Anything with more than one
/// comma is left as written.
pub fn undo_surname_first(name: &str) -> std::borrow::Cow<'_, str> {
    match surname_first(name) {
        Some((surname, given)) => format!("{given} {surname}").into(),
        None => name.into(),
    }
}

/// How many tokens of a listed person's name are the family name, when the list says so by
/// writing it first (see [`undo_surname_first`]; they end up last); 0 when unknown.
pub fn surname_tokens(raw: &str, kind: EntityKind) -> usize {
    if kind != EntityKind::Person {
        return 0;
    }
    surname_first(raw).map_or(0, |(surname, _)| tokenize_name(surname, kind).len())
}

/// Splits a name into comparable tokens. Persons keep every token as a word; other kinds
/// (and unknown ones, as on a manifest) get their legal forms canonicalised.
pub fn tokenize_name(raw: &str, kind: EntityKind) -> Vec<NameToken> {
    let reordered = if kind == EntityKind::Person {
        undo_surname_first(raw)
    } else {
        raw.into()
    };
    let folded = fold_text(&reordered);
    let abjad = crate::text::abjad::is_abjad_name(raw);
    let mut words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    // The Entity List's `X and any successor, sub-unit, or subsidiary thereof` names X.
    if let Some(at) = words
        .windows(3)
        .position(|w| w == ["AND", "ANY", "SUCCESSOR"])
        .filter(|&at| at > 0)
    {
        words.truncate(at);
    }
    let address_from = address_start(&words);
    let mut tokens = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        if i >= address_from {
            tokens.push(NameToken {
                text: words[i].to_string(),
                class: TokenClass::Address,
                key: String::new(),
                abjad,
            });
            i += 1;
            continue;
        }
        if kind != EntityKind::Person && words.len() > 1 {
            let legal =
                legal_form_at(&words[i..address_from]).or_else(|| misspelt_legal_form(words[i]));
            if let Some((len, canon)) = legal {
                // Canonical forms may be two tokens (`SDN BHD`): keep them as one.
                tokens.push(NameToken {
                    text: canon.replace(' ', ""),
                    class: TokenClass::LegalForm,
                    key: String::new(),
                    abjad,
                });
                i += len;
                continue;
            }
        }
        let unconfused = confusables_to_letters(words[i]);
        let w = unconfused.as_ref();
        let class = if w.bytes().all(|b| b.is_ascii_digit()) {
            TokenClass::Number
        } else {
            WORD_CLASS
                .get(w)
                .copied()
                .unwrap_or_else(|| misspelt_generic(w, kind))
        };
        tokens.push(NameToken {
            text: w.to_string(),
            class,
            key: if abjad { abjad_key(w) } else { phonetic_key(w) },
            abjad,
        });
        i += 1;
    }
    tokens
}

/// Digits typed or OCR-read for look-alike letters inside a word (`HES0NG`, `1NTERNATIONAL`,
/// `5UPPLY`) become those letters. A token of digits alone, or with fewer than two letters
/// (`A320`, `4X4`), is left alone: it is a number, not a misread word.
fn confusables_to_letters(word: &str) -> std::borrow::Cow<'_, str> {
    let letters = word.bytes().filter(u8::is_ascii_alphabetic).count();
    let confusable = |b: u8| matches!(b, b'0' | b'1' | b'5' | b'8');
    if letters < 2
        || !word.bytes().any(confusable)
        || word.bytes().any(|b| b.is_ascii_digit() && !confusable(b))
    {
        return word.into();
    }
    word.chars()
        .map(|c| match c {
            '0' => 'O',
            '1' => 'I',
            '5' => 'S',
            '8' => 'B',
            other => other,
        })
        .collect::<String>()
        .into()
}

/// Where an address glued onto a name begins: the first address marker (`TEL`, `P O BOX`,
/// `UNIT`, `NO 12`, `FREE ZONE`...) after at least one word of name; `words.len()` when none.
fn address_start(words: &[&str]) -> usize {
    (1..words.len())
        .find(|&i| {
            let next = words.get(i + 1).copied().unwrap_or("");
            let after_next = words.get(i + 2).copied().unwrap_or("");
            let number_after_next = after_next
                .bytes()
                .next()
                .is_some_and(|b| b.is_ascii_digit());
            let w = words[i];
            let starts_number = next.bytes().next().is_some_and(|b| b.is_ascii_digit());
            ADDRESS_MARKER_SET.contains(w)
                // A marker glued to its number (`UNIT5`, `BOX1234`).
                || glued_marker(w)
                // A marker with a typo, before a number (`UIT 5`, `FLOR 3`).
                || (starts_number
                    && w.len() >= 3
                    && ADDRESS_MARKERS
                        .iter()
                        .any(|m| m.len() >= 4 && one_typo_apart(w, m)))
                || (w == "JEBEL" && next.starts_with("ALI"))
                // With a typo (`JEBELL ALI`, `JEBEL AIL FREE ZONE`, `JEBELA LI FREE ZONE`), only
                // where the free zone follows or the name ends.
                || ((one_typo_apart(w, "JEBEL") || w == "JEBELA")
                    && (next.starts_with("ALI") || one_typo_apart(next, "ALI"))
                    && matches!(after_next, "" | "FREE" | "FZ" | "FZE"))
                || (w == "PO" && next.starts_with("BOX"))
                || (w == "PO" && one_typo_apart(next, "BOX") && number_after_next)
                || (w == "P" && next == "O")
                || (w == "BOX" && next.bytes().all(|b| b.is_ascii_digit()) && !next.is_empty())
                || (w == "NO" && starts_number)
                || (w == "INDUSTRIAL" && next == "AREA")
                || (w == "FREE" && next == "ZONE")
        })
        .unwrap_or(words.len())
}

/// An address marker with its number glued on: `UNIT5`, `BOX1234`, `FLOOR12`.
fn glued_marker(word: &str) -> bool {
    let letters = word.trim_end_matches(|c: char| c.is_ascii_digit());
    letters.len() < word.len()
        && letters.bytes().all(|b| b.is_ascii_alphabetic())
        && (ADDRESS_MARKER_SET.contains(letters) || letters == "BOX" || letters == "NO")
}

/// A generic word with a typo (`TRADNG`, `GORUP`) is still generic: a typo must not turn
/// `TRADING` into the distinctive word of a name. Words of 5 letters or more one typo away;
/// and, outside persons' names: words of 4 or more with a letter doubled (`UAAE`, `KOONG`) or
/// of 6 or more with the first letter dropped (`RADING`); two glued together (`DUBAIUAE`,
/// `IMPORTEXPORT`); words of 4 that are a word of 5 with an inner vowel dropped (`DBAI`,
/// `GROP`; not `CHIA`, `SOCK` or `DELI`). Persons keep theirs (`CHIN` is a name, not `CHINA`
/// cut short).
fn misspelt_generic(word: &str, kind: EntityKind) -> TokenClass {
    let person = kind == EntityKind::Person;
    let Some(&first) = word.as_bytes().first() else {
        return TokenClass::Word;
    };
    let vowels = |w: &str| w.bytes().filter(|c| b"AEIOU".contains(c)).count();
    let word_vowels = vowels(word);
    let near = |g: &&str| {
        let fits = || {
            if word.len() == 4 {
                // A word of 5 with an inner vowel dropped.
                !person
                    && g.len() == 5
                    && g.as_bytes()[4] == word.as_bytes()[3]
                    && vowels(g) == word_vowels + 1
            } else {
                g.len() >= 5 && word.len() >= 5
            }
        };
        (g.as_bytes()[0] == first && fits() && one_typo_apart(word, g))
            || (!person
                && word.len() >= 6
                && g.as_bytes().get(1) == Some(&first)
                && g.get(1..) == Some(word))
    };
    let class_of = |w: &str| {
        WORD_CLASS
            .get(w)
            .copied()
            .filter(|c| *c != TokenClass::Stopword)
    };
    let respelt = || {
        if person || word.len() < 4 {
            return None;
        }
        let bytes = word.as_bytes();
        let undoubled = (1..bytes.len())
            .filter(|&i| bytes[i] == bytes[i - 1])
            .find_map(|i| class_of(&format!("{}{}", &word[..i], &word[i + 1..])));
        undoubled.or_else(|| {
            (3..word.len().saturating_sub(2)).find_map(|i| {
                let (a, b) = word.split_at(i);
                class_of(a).and(class_of(b)).map(|_| TokenClass::Decoration)
            })
        })
    };
    let (decorations, generic) = &NEAR_BY_LETTER[usize::from(first)];
    if decorations.iter().any(near) {
        TokenClass::Decoration
    } else if generic.iter().any(near) {
        TokenClass::Generic
    } else {
        respelt().unwrap_or(TokenClass::Word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::legal_forms::{LEGAL_FORM_PHRASES, phrase_at};

    fn classes(name: &str, kind: EntityKind) -> Vec<TokenClass> {
        tokenize_name(name, kind)
            .into_iter()
            .map(|t| t.class)
            .collect()
    }

    fn texts(name: &str, kind: EntityKind) -> Vec<String> {
        tokenize_name(name, kind)
            .into_iter()
            .map(|t| t.text)
            .collect()
    }

    #[test]
    fn non_latin_scripts_are_transliterated() {
        assert_eq!(fold_text("Виталий КУЗЬМЕНКО"), "VITALII KUZMENKO");
        assert_eq!(fold_text("Μητσοτάκης"), "MITSOTAKIS");
        assert!(!fold_text("محمد").is_empty());
        assert_eq!(fold_text("北京"), "BEI JING");
    }

    #[test]
    fn legal_forms_are_canonicalised_not_deleted() {
        assert_eq!(
            texts("SIRJANCO TRADING COMPANY L.L.C.", EntityKind::Unknown),
            vec!["SIRJANCO", "TRADING", "CO", "LLC"]
        );
        assert_eq!(
            texts(
                "OPEN JOINT STOCK COMPANY RUSSIAN ELECTRONICS",
                EntityKind::Organization
            ),
            vec!["OJSC", "RUSSIAN", "ELECTRONICS"]
        );
        assert_eq!(
            texts("OOO ROMASHKA", EntityKind::Organization),
            vec!["LLC", "ROMASHKA"]
        );
        assert_eq!(
            texts("ACME SDN. BHD.", EntityKind::Unknown),
            vec!["ACME", "SDNBHD"]
        );
    }

    #[test]
    fn registries_legal_forms_and_country_words_weigh_as_such() {
        // Forms seen in the lists' own names: Ukrainian, Belgian, Gulf, Central European.
        assert_eq!(
            texts(
                "TOVARYSTVO Z OBMEZHENOYU VIDPOVIDALNISTYU AGROROZKVIT",
                EntityKind::Organization
            ),
            vec!["LLC", "AGROROZKVIT"]
        );
        assert_eq!(
            texts("AKTSIONERNE TOVARYSTVO SBERBANK", EntityKind::Organization),
            vec!["JSC", "SBERBANK"]
        );
        for (name, form) in [
            ("KARDIAM BVBA", "BVBA"),
            ("FUTURE BANK B.S.C.", "BSC"),
            ("I.C.I.C. KFT.", "KFT"),
            ("ACME W.L.L.", "WLL"),
        ] {
            let tokens = tokenize_name(name, EntityKind::Unknown);
            let last = tokens.last().expect("a token");
            assert_eq!(
                (last.text.as_str(), last.class),
                (form, TokenClass::LegalForm),
                "{name}"
            );
        }
        // A person's initials or given name is not read as a form (`KK`, `PAT`).
        assert_eq!(
            classes("KK SHARMA", EntityKind::Unknown),
            vec![TokenClass::Word; 2]
        );
        assert_eq!(
            classes("PAT SMITH", EntityKind::Unknown),
            vec![TokenClass::Word; 2]
        );
        // A country's name or adjective decorates a name (`KOREA KUMBYOL TRADING COMPANY`).
        assert_eq!(
            classes("KOREA KUMBYOL", EntityKind::Organization)[0],
            TokenClass::Decoration
        );
    }

    #[test]
    fn glued_address_is_marked_as_address() {
        // A marker glued to its number.
        assert_eq!(
            classes("ABU SAYYAF GROUP UNIT5 BLOCK B", EntityKind::Unknown)[3],
            TokenClass::Address
        );
        assert_eq!(
            classes("AL REHMAT TRUST P.O. BOX1234", EntityKind::Unknown)[3],
            TokenClass::Address
        );
        // Not a typo'd marker without its number or free zone after it.
        for name in ["CHAN PO BO", "ALWAYS JEWEL AL AKHDAR TRADING"] {
            assert!(
                !classes(name, EntityKind::Unknown).contains(&TokenClass::Address),
                "{name}"
            );
        }
        for address in [
            "P.O. BXO 1234",
            "JEBELA LI FREE ZONE",
            "JEBEL AIL FREE ZONE",
        ] {
            assert_eq!(
                classes(&format!("RUNNING BROOK {address}"), EntityKind::Unknown)[2],
                TokenClass::Address,
                "{address}"
            );
        }
        let t = tokenize_name(
            "SIRJANCO TRADING L.L.C. P.O. BOX 1234 DUBAI",
            EntityKind::Unknown,
        );
        let classes: Vec<TokenClass> = t.iter().map(|t| t.class).collect();
        assert_eq!(
            classes[..3],
            [
                TokenClass::Word,
                TokenClass::Decoration,
                TokenClass::LegalForm
            ]
        );
        assert!(
            classes[3..].iter().all(|c| *c == TokenClass::Address),
            "{t:?}"
        );
        let t = tokenize_name("11420 CORP TEL 971 4 555 0101", EntityKind::Unknown);
        assert_eq!(t[0].class, TokenClass::Number);
        assert!(t[2..].iter().all(|t| t.class == TokenClass::Address));
        // Markers with a typo still start the address; a name word that merely looks like one
        // does not.
        for (name, from) in [
            ("HARMONY FARM UIT 5 BLOCK B", 2),
            ("BERATEX GROUP LIMITED JEBELL ALI FREE ZONE", 3),
            ("YAMAKI KK JEBEL ALIFREE ZONE", 2),
            ("UIT SHIPPING", 2),
        ] {
            let t = tokenize_name(name, EntityKind::Unknown);
            let first = t.iter().position(|t| t.class == TokenClass::Address);
            assert_eq!(first.unwrap_or(t.len()), from, "{name}: {t:?}");
        }
    }

    #[test]
    fn look_alike_digits_inside_words_are_read_as_letters() {
        assert_eq!(
            texts("HES0NG TRAD1NG CORP", EntityKind::Unknown),
            vec!["HESONG", "TRADING", "CORP"]
        );
        assert_eq!(texts("AIRBUS A320", EntityKind::Unknown)[1], "A320");
        assert_eq!(texts("HAO FAN 2", EntityKind::Vessel)[2], "2");
    }

    /// The phrase index only skips phrases that cannot match: it finds what trying every
    /// phrase in order finds.
    #[test]
    fn legal_forms_found_through_the_index_are_those_of_every_phrase() {
        let every_phrase = |words: &[&str]| {
            let found: Vec<_> = LEGAL_FORM_PHRASES
                .iter()
                .filter_map(|(phrase, canon)| {
                    let exact = words.iter().zip(phrase).filter(|(w, p)| w == p).count();
                    phrase_at(words, phrase, canon).map(|f| (f, exact))
                })
                .collect();
            let longest = found.iter().map(|((n, _), _)| *n).max()?;
            let most = found
                .iter()
                .filter(|((n, _), _)| *n == longest)
                .map(|(_, exact)| *exact)
                .max()?;
            found
                .into_iter()
                .find(|((n, _), exact)| *n == longest && *exact == most)
                .map(|(f, _)| f)
        };
        let mut words: Vec<String> = LEGAL_FORM_PHRASES
            .iter()
            .flat_map(|(phrase, _)| phrase.iter().map(|w| w.to_string()))
            .chain(GENERIC_WORDS.iter().map(|w| w.to_string()))
            .chain(["SOCIETY", "SOCIETAS", "LIMITATA", "ANONIMAS", "ZONE", "X"].map(String::from))
            .collect();
        // Each word with a letter dropped, doubled and changed.
        for w in words.clone() {
            for i in 0..w.len() {
                words.push(format!("{}{}", &w[..i], &w[i + 1..]));
                words.push(format!("{}{}", &w[..=i], &w[i..]));
                words.push(format!("{}Q{}", &w[..i], &w[i + 1..]));
            }
        }
        let mut found = 0;
        for (k, first) in words.iter().enumerate() {
            // Each word followed by a few others, among them the rest of real phrases.
            for second in [&words[(k * 7) % words.len()], &words[(k + 1) % words.len()]] {
                for third in ["ANONIMA", "LIMITATA", "HAFTUNG", "ZONE", "BHD", "TRADING"] {
                    let line = [first.as_str(), second.as_str(), third];
                    for end in 1..=3 {
                        let expected = every_phrase(&line[..end]);
                        assert_eq!(legal_form_at(&line[..end]), expected, "{line:?}");
                        found += usize::from(expected.is_some());
                    }
                }
            }
        }
        // A phrase with its first word mistyped, the first letter too.
        for (phrase, _) in LEGAL_FORM_PHRASES.iter().filter(|(p, _)| p.len() > 1) {
            let w = phrase[0];
            for i in 0..w.len() {
                for typo in [
                    format!("{}{}", &w[..i], &w[i + 1..]),
                    format!("{}Q{}", &w[..i], &w[i + 1..]),
                    format!("{}{}", &w[..=i], &w[i..]),
                ] {
                    let mut line = vec![typo.as_str()];
                    line.extend(&phrase[1..]);
                    let expected = every_phrase(&line);
                    assert_eq!(legal_form_at(&line), expected, "{line:?}");
                    found += usize::from(expected.is_some());
                }
            }
        }
        for (phrase, canon) in LEGAL_FORM_PHRASES.iter() {
            assert_eq!(legal_form_at(phrase), every_phrase(phrase), "{phrase:?}");
            assert!(
                legal_form_at(phrase).is_some_and(|(_, c)| c == *canon || phrase.len() == 1),
                "{phrase:?}"
            );
        }
        assert!(found > 1000, "{found} legal forms found");
    }

    #[test]
    fn misspelt_legal_form_is_still_a_legal_form() {
        // Of phrases of as many words, the one with the most words written exactly, not the
        // first one near enough.
        for (name, form) in [
            ("ZAKRYTOE AKTSIONERNOE OBSHCHESTVO ABR", "CJSC"),
            ("OTKRYTOE AKTSIONERNOE OBSHCHESTVO ABR", "OJSC"),
            ("ZAKRYTOE AKTSIONERNOE OBSHESTVO ABR", "CJSC"),
        ] {
            assert_eq!(texts(name, EntityKind::Unknown)[0], form, "{name}");
        }
        assert_eq!(
            texts("KOREA RYONBONG GENERAL CORPORATYON", EntityKind::Unknown)[3],
            "CORP"
        );
        assert_eq!(
            texts("JOTRIN ELECTRONICS LIMITID", EntityKind::Unknown)[2],
            "LTD"
        );
        assert_eq!(
            texts("LIMITLESS TRADING", EntityKind::Unknown)[0],
            "LIMITLESS"
        );
        assert_eq!(texts("IRKUT KORPORATION", EntityKind::Unknown)[1], "CORP");
        assert_eq!(texts("BERATEX LTDD", EntityKind::Unknown)[1], "LTD");
        // Dots in the wrong places.
        assert_eq!(texts("MEGA GROUP SR.L.", EntityKind::Unknown)[2], "SRL");
        assert_eq!(
            texts("EMMR & CIA. S..A.S.", EntityKind::Unknown).last(),
            Some(&"SAS".to_string())
        );
        assert_eq!(
            texts("AERO CONTINENTE E.I..RL.", EntityKind::Unknown).last(),
            Some(&"EIRL".to_string())
        );
        assert_eq!(
            texts("WWW.ABC.COM", EntityKind::Unknown),
            vec!["WWW", "ABC", "COM"]
        );
        // A generic word of five letters with an inner letter dropped.
        assert_eq!(
            classes("GROP MI CARRO DBAI", EntityKind::Unknown),
            vec![
                TokenClass::Decoration,
                TokenClass::Word,
                TokenClass::Word,
                TokenClass::Decoration
            ]
        );
        // Doubled letters, a first letter dropped, two glued together.
        assert_eq!(
            classes("FALCON UAAE KOONG RADING DUBAIUAE", EntityKind::Unknown)[1..],
            [TokenClass::Decoration; 4]
        );
        // Not a consonant dropped (`CHINA`, `STOCK`, `DELHI`, `MINSK`), nor `C` for `K`.
        for word in ["CHIA", "SOCK", "DELI", "MINK", "CONG"] {
            assert_eq!(
                classes(&format!("ALPHA {word}"), EntityKind::Unknown)[1],
                TokenClass::Word,
                "{word}"
            );
        }
        // Persons' names keep their words.
        assert_eq!(
            classes("KOONG OLDING", EntityKind::Person),
            [TokenClass::Word, TokenClass::Word]
        );
        // Not in persons' names, nor with the last letter dropped.
        assert_eq!(
            classes("CHIN SUNG", EntityKind::Unknown)[0],
            TokenClass::Word
        );
        assert_eq!(
            classes("GROP SUNG", EntityKind::Person)[0],
            TokenClass::Word
        );
        // Written-out forms with two slips that keep their consonants, but not other words.
        for (written, canon) in [
            ("LIMIITDE", "LTD"),
            ("LMITD", "LTD"),
            ("COMMPAN", "CO"),
            ("COMPNA", "CO"),
            ("COMAPNIA", "CO"),
        ] {
            assert_eq!(
                texts(&format!("ELLISSA {written}"), EntityKind::Unknown)[1],
                canon
            );
        }
        for word in [
            "COMPASS",
            "COMPACT",
            "LIMITS",
            "KOMANA",
            "COMANA",
            "COMPANION",
            "CAMPANA",
            "CAMPAGNE",
        ] {
            assert_eq!(
                texts(&format!("GOLDEN {word}"), EntityKind::Unknown)[1],
                word
            );
        }
        // Dots in the wrong places in legal forms and initials.
        assert_eq!(texts("CORPOMEDIOS L.LL.C.", EntityKind::Unknown)[1], "LLC");
        assert_eq!(
            texts("PERU GLOBAL TOURS S..AC.", EntityKind::Unknown)[3],
            "SAC"
        );
        assert_eq!(texts("NP..T.T. DONA", EntityKind::Unknown)[0], "NPTT");
        assert_eq!(
            texts("EIGHTH OCEAN GMBH & CO.KG", EntityKind::Unknown)[3..],
            ["AND", "CO", "KG"]
        );
        // Once one word of a phrase is exact, the others may carry more typos.
        assert_eq!(
            texts("JOINT STOCK COMAAPNY STRATEGY", EntityKind::Unknown),
            vec!["JSC", "STRATEGY"]
        );
        assert_eq!(
            texts("DJOINT STOCK COMPANY UNITED", EntityKind::Unknown),
            vec!["JSC", "UNITED"]
        );
        assert_eq!(
            texts(
                "PUBLICHNOE AKTSIONERNOE OBSCHETVO MAGNITOGORSKIY",
                EntityKind::Unknown
            )[0],
            "PJSC"
        );
        // Not when no word of it is exact: then each word is read alone.
        assert_eq!(
            texts("JOYNT STOCC COMAAPNY", EntityKind::Unknown),
            vec!["JOYNT", "STOCC", "CO"]
        );
        // A real word is not a doubled legal form.
        assert_eq!(
            texts("BELL BOOK", EntityKind::Unknown),
            vec!["BELL", "BOOK"]
        );
    }

    #[test]
    fn persons_are_reordered_and_numbers_kept() {
        assert_eq!(
            texts("MADURO MOROS, Nicolas", EntityKind::Person),
            vec!["NICOLAS", "MADURO", "MOROS"]
        );
        let hao = tokenize_name("HAO FAN 2", EntityKind::Vessel);
        assert_eq!(hao[2].class, TokenClass::Number);
    }

    #[test]
    fn a_family_name_written_first_goes_last() {
        assert_eq!(
            undo_surname_first("MADURO MOROS, Nicolas"),
            "Nicolas MADURO MOROS"
        );
        assert_eq!(
            undo_surname_first("OTKE Anna Ivanovna"),
            "Anna Ivanovna OTKE"
        );
        assert_eq!(surname_tokens("OTKE Anna Ivanovna", EntityKind::Person), 1);
        assert_eq!(
            surname_tokens("GONZALEZ POLANCO Amaury", EntityKind::Person),
            2
        );
        // All in one case, or given names first: as written.
        for name in [
            "ACHEKZAI ABDUL SAMAD",
            "Nicolas MADURO MOROS",
            "Anna Otke",
            "A, B, C",
        ] {
            assert_eq!(undo_surname_first(name), name);
            assert_eq!(surname_tokens(name, EntityKind::Person), 0);
        }
    }
}
