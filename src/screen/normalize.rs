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

use regex::Regex;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::model::EntityKind;

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
}

impl NameToken {
    /// The token's weight: its length times its class weight, so that long distinctive words
    /// count most.
    pub fn weight(&self) -> f64 {
        self.text.len() as f64 * self.class.weight()
    }
}

/// Whether `c` is a character nobody sees on paper and that must not split or hide a word: a
/// control (Unicode Cc: NUL, SOH, BS, DEL, C1) or a format character (Cf: soft hyphen,
/// zero-width space and joiners, bidi marks and overrides, word joiner, BOM, tags).
/// Whitespace controls (tab, newline, NEL) are not hidden: they separate words as a space does.
/// `MAB\u{0}ROOKA` must read as `MABROOKA`, not as the two words `MAB ROOKA`.
pub fn is_hidden(c: char) -> bool {
    let cp = c as u32;
    let control = cp < 0x20 || (0x7f..=0x9f).contains(&cp);
    let format = matches!(
        cp,
        0x00ad
            | 0x0600..=0x0605
            | 0x061c
            | 0x06dd
            | 0x070f
            | 0x0890..=0x0891
            | 0x08e2
            | 0x180e
            | 0x200b..=0x200f
            | 0x202a..=0x202e
            | 0x2060..=0x2064
            | 0x2066..=0x206f
            | 0xfeff
            | 0xfff9..=0xfffb
            | 0x110bd
            | 0x110cd
            | 0x13430..=0x1343f
            | 0x1bca0..=0x1bca3
            | 0x1d173..=0x1d17a
            | 0xe0001
            | 0xe0020..=0xe007f
    );
    (control && !c.is_whitespace()) || format
}

/// The hidden characters of `text` (see [`is_hidden`]), in order, each once, as the matcher
/// removes them: for the warning that says so.
pub fn hidden_characters(text: &str) -> Vec<char> {
    let mut found: Vec<char> = Vec::new();
    for c in text.chars().filter(|&c| is_hidden(c)) {
        if !found.contains(&c) {
            found.push(c);
        }
    }
    found
}

/// `text` without its hidden characters, and with a space for each whitespace control
/// outside ASCII (NEL, which transliterates to nothing and would glue two words).
fn without_hidden(text: &str) -> std::borrow::Cow<'_, str> {
    let changed = |c: char| is_hidden(c) || c == '\u{85}';
    if text.chars().any(changed) {
        text.chars()
            .filter(|&c| !is_hidden(c))
            .map(|c| if c == '\u{85}' { ' ' } else { c })
            .collect::<String>()
            .into()
    } else {
        text.into()
    }
}

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

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30ff | 0x3400..=0x4dbf | 0x4e00..=0x9fff | 0xac00..=0xd7af | 0xf900..=0xfaff)
}

/// Dotted single letters: `L.L.C.`, `S.A.`, `U.A.E`.
static INITIALISM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(?:[A-Z]\.)+[A-Z]\b\.?").expect("valid regex"));

/// Short runs of letters joined by dots, which may be a legal form written carelessly.
static DOTTED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b[A-Z]{1,4}(?:\.+[A-Z]{1,4})+\b\.*").expect("valid regex"));

/// Legal forms in several languages: canonical token and the written variants (already folded).
const LEGAL_FORMS: &[(&str, &[&str])] = &[
    (
        "LLC",
        &[
            "LLC",
            "L L C",
            "LIMITED LIABILITY COMPANY",
            "LIMITED LIABILITY CO",
            "OOO",
            "OBSHCHESTVO S OGRANICHENNOY OTVETSTVENNOSTYU",
            "OBSHCHESTVO S OGRANICHENNOI OTVETSTVENNOSTIU",
        ],
    ),
    (
        "OJSC",
        &[
            "OJSC",
            "OPEN JOINT STOCK COMPANY",
            "OPEN JOINT STOCK CO",
            "OAO",
            "OTKRYTOE AKTSIONERNOE OBSHCHESTVO",
        ],
    ),
    (
        "CJSC",
        &[
            "CJSC",
            "CLOSED JOINT STOCK COMPANY",
            "CLOSED JOINT STOCK CO",
            "ZAO",
            "ZAKRYTOE AKTSIONERNOE OBSHCHESTVO",
        ],
    ),
    (
        "PJSC",
        &[
            "PJSC",
            "PUBLIC JOINT STOCK COMPANY",
            "PUBLIC JOINT STOCK CO",
            "PAO",
            "PUBLICHNOE AKTSIONERNOE OBSHCHESTVO",
        ],
    ),
    (
        "JSC",
        &[
            "JSC",
            "JOINT STOCK COMPANY",
            "JOINT STOCK CO",
            "AO",
            "AKTSIONERNOE OBSHCHESTVO",
            "AKTSIONERNOYE OBSHCHESTVO",
        ],
    ),
    ("PLC", &["PLC", "PUBLIC LIMITED COMPANY"]),
    ("LLP", &["LLP", "LIMITED LIABILITY PARTNERSHIP"]),
    ("LTD", &["LTD", "LIMITED"]),
    (
        "CO",
        &["CO", "COMPANY", "COMPANIA", "CIA", "COMPAGNIE", "CIE"],
    ),
    (
        "CORP",
        &["CORP", "CORPORATION", "CORPORACION", "CORPORATIVO"],
    ),
    ("INC", &["INC", "INCORPORATED"]),
    ("GMBH", &["GMBH", "GESELLSCHAFT MIT BESCHRANKTER HAFTUNG"]),
    ("AG", &["AG", "AKTIENGESELLSCHAFT"]),
    ("SPA", &["SPA", "SOCIETA PER AZIONI"]),
    ("SA", &["SA", "SOCIEDAD ANONIMA", "SOCIETE ANONYME", "SAU"]),
    ("SAC", &["SAC", "SOCIEDAD ANONIMA CERRADA"]),
    ("SCS", &["SCS", "SOCIEDAD EN COMANDITA SIMPLE"]),
    ("SRL", &["SRL", "SOCIETA A RESPONSABILITA LIMITATA"]),
    ("SARL", &["SARL", "SOCIETE A RESPONSABILITE LIMITEE"]),
    (
        "SAS",
        &[
            "SAS",
            "SOCIETE PAR ACTIONS SIMPLIFIEE",
            "SOCIEDAD POR ACCIONES SIMPLIFICADA",
        ],
    ),
    (
        "EIRL",
        &["EIRL", "EMPRESA INDIVIDUAL DE RESPONSABILIDAD LIMITADA"],
    ),
    ("LTDA", &["LTDA", "LIMITADA"]),
    ("SDN BHD", &["SDN BHD", "SENDIRIAN BERHAD"]),
    ("BHD", &["BHD", "BERHAD"]),
    ("PTE", &["PTE", "PVT", "PRIVATE"]),
    ("FZE", &["FZE", "FREE ZONE ESTABLISHMENT"]),
    ("FZCO", &["FZCO", "FZC", "FREE ZONE COMPANY"]),
    ("FZ LLC", &["FZ LLC", "FZLLC"]),
    ("EST", &["EST", "ESTABLISHMENT"]),
    ("BV", &["BV"]),
    ("NV", &["NV"]),
    ("AB", &["AB", "AKTIEBOLAG"]),
    ("AS", &["AS", "ASA"]),
    ("OY", &["OY", "OYJ"]),
    ("KG", &["KG"]),
    ("SPZOO", &["SP Z O O", "SPZOO"]),
    ("DOO", &["D O O", "DOO"]),
    ("SA DE CV", &["SA DE CV"]),
    ("PT", &["PT"]),
    ("TBK", &["TBK"]),
    ("STI", &["STI", "SIRKETI"]),
];

/// Words that name a line of business: generic, but a name's business differs with them.
const GENERIC_WORDS: &[&str] = &[
    "HOLDING",
    "HOLDINGS",
    "ENTERPRISE",
    "ENTERPRISES",
    "SERVICE",
    "SERVICES",
    "INDUSTRY",
    "INDUSTRIES",
    "INDUSTRIAL",
    "SHIPPING",
    "LOGISTICS",
    "TECHNOLOGY",
    "TECHNOLOGIES",
    "TECH",
    "SOLUTIONS",
    "SUPPLY",
    "SUPPLIES",
    "MANAGEMENT",
    "DEVELOPMENT",
    "PRODUCTS",
    "MANUFACTURING",
    "TIC",
    "SAN",
    "VE",
    // Left over when a multi-word legal form is half rewritten (`LIMITED LIABILITY COMPANY`
    // -> `LIABILITY COMPANY`), and the stock words of state enterprise names.
    "JOINT",
    "STOCK",
    "LIABILITY",
    "ASSOCIATION",
    "SCIENTIFIC",
    "PRODUCTION",
    "RESEARCH",
    "INSTITUTE",
    "PLANT",
    "FACTORY",
    "CENTER",
    "CENTRE",
];

/// Words a manifest adds to any name (`... TRADING DUBAI`, `... INTERNATIONAL`) without
/// changing whose name it is; lists put them in names too.
const DECORATION_WORDS: &[&str] = &[
    "TRADING",
    "TRADE",
    "TRADERS",
    "GENERAL",
    "INTERNATIONAL",
    "INTL",
    "GROUP",
    "IMPORT",
    "EXPORT",
    "IMPEX",
    "GLOBAL",
    "COMMERCIAL",
    "UNITED",
    // Places.
    "DUBAI",
    "SHARJAH",
    "AJMAN",
    "HONG",
    "KONG",
    "HONGKONG",
    "SHANGHAI",
    "SHENZHEN",
    "GUANGZHOU",
    "BEIJING",
    "TIANJIN",
    "NINGBO",
    "XIAMEN",
    "QINGDAO",
    "ISTANBUL",
    "SINGAPORE",
    "MOSCOW",
    "TEHRAN",
    "MUMBAI",
    "CHENNAI",
    "KARACHI",
    "DELHI",
    "ALMATY",
    "TASHKENT",
    "YEREVAN",
    "TBILISI",
    "BAKU",
    "MINSK",
    "UAE",
    "EMIRATES",
    "CHINA",
    "IRAN",
    "RUSSIA",
    "TURKEY",
    "INDIA",
    "SYRIA",
    "IRAQ",
    "LEBANON",
    "PAKISTAN",
    "MALAYSIA",
    "THAILAND",
    "VIETNAM",
    "FREE",
    "ZONE",
    "FZ",
];

/// Words that start an address glued onto a name.
const ADDRESS_MARKERS: &[&str] = &[
    "POBOX",
    "TEL",
    "TELEPHONE",
    "PHONE",
    "FAX",
    "MOB",
    "MOBILE",
    "EMAIL",
    "UNIT",
    "FLOOR",
    "FLAT",
    "SUITE",
    "PLOT",
    "STREET",
    "ROAD",
    "AVENUE",
    "WAREHOUSE",
    "OFFICE",
    "JAFZA",
];

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

/// Legal forms written out in full, recognised despite a typo (`CORPORATYON`, `LIMITID`).
const LONG_LEGAL_FORMS: &[(&str, &str)] = &[
    ("CORPORATION", "CORP"),
    ("CORPORACION", "CORP"),
    ("LIMITED", "LTD"),
    ("COMPANY", "CO"),
    ("COMPANIA", "CO"),
    ("COMPAGNIE", "CO"),
    ("INCORPORATED", "INC"),
    ("ESTABLISHMENT", "EST"),
    ("LIMITADA", "LTDA"),
];

const STOPWORDS: &[&str] = &[
    "THE", "AND", "OF", "FOR", "DE", "DEL", "LA", "LE", "LES", "DES", "DU", "ET", "Y", "E", "VON",
    "DER", "DI", "DA", "AL", "EL",
];

/// Longest-first table of legal-form phrases as token sequences.
static LEGAL_FORM_PHRASES: LazyLock<Vec<(Vec<&'static str>, &'static str)>> = LazyLock::new(|| {
    let mut phrases: Vec<(Vec<&str>, &str)> = LEGAL_FORMS
        .iter()
        .flat_map(|(canon, variants)| {
            variants
                .iter()
                .map(move |v| (v.split(' ').collect::<Vec<_>>(), *canon))
        })
        .collect();
    phrases.sort_by_key(|p| std::cmp::Reverse(p.0.len()));
    phrases
});

static WORD_CLASS: LazyLock<HashMap<&'static str, TokenClass>> = LazyLock::new(|| {
    let mut m = HashMap::new();
    for w in GENERIC_WORDS {
        m.insert(*w, TokenClass::Generic);
    }
    for w in DECORATION_WORDS {
        m.insert(*w, TokenClass::Decoration);
    }
    for w in STOPWORDS {
        m.insert(*w, TokenClass::Stopword);
    }
    m
});

/// Undoes OFAC's `SURNAME, Given` for a person (`MADURO MOROS, Nicolas` -> `Nicolas MADURO
/// MOROS`). Anything with more than one comma is left as written.
pub fn undo_surname_first(name: &str) -> std::borrow::Cow<'_, str> {
    let mut parts = name.split(',');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(surname), Some(given), None) if !given.trim().is_empty() => {
            format!("{} {}", given.trim(), surname.trim()).into()
        }
        _ => name.into(),
    }
}

/// How many tokens of a listed person's name are the family name, when the list says so by
/// writing `SURNAME, Given` (they end up last, see [`undo_surname_first`]); 0 when unknown.
pub fn surname_tokens(raw: &str, kind: EntityKind) -> usize {
    if kind != EntityKind::Person {
        return 0;
    }
    let mut parts = raw.split(',');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(surname), Some(given), None) if !given.trim().is_empty() => {
            tokenize_name(surname, kind).len()
        }
        _ => 0,
    }
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
    let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    let address_from = address_start(&words);
    let mut tokens = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        if i >= address_from {
            tokens.push(NameToken {
                text: words[i].to_string(),
                class: TokenClass::Address,
                key: String::new(),
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
            key: phonetic_key(w),
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

/// One typo apart: a letter dropped, added, replaced, or two neighbours swapped.
/// The same as `strsim::osa_distance(a, b) <= 1`, without allocating: this runs for many
/// words of every query.
fn one_typo_apart(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let same = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[same..], &b[same..]);
    match (a.len(), b.len()) {
        (0, _) | (_, 0) => a.len() + b.len() <= 1,
        (n, m) if n == m => {
            // One replaced, or two neighbours swapped.
            a[1..] == b[1..] || (n >= 2 && a[0] == b[1] && a[1] == b[0] && a[2..] == b[2..])
        }
        // One added or dropped.
        (n, m) if n > m => a[1..] == *b,
        _ => *a == b[1..],
    }
}

/// A legal form with a typo: a written-out form one typo away (words of 6 letters or more),
/// its first letter `K` for `C` (`KORPORATION`) counting as no typo, or two slips away (words
/// of 5 or more, as written: letters dropped, added or swapped, none replaced) when its
/// consonants stay in place (`LIMIITDE`, `LMITD`, `COMMPAN`, `COMPNA`, but not `COMPASS`,
/// `COMPANION`, `CAMPANA` or `COMANA`); or a one-word form of 3 letters or more with one letter doubled (`LTDD`,
/// `CORPP`).
fn misspelt_legal_form(word: &str) -> Option<(usize, &'static str)> {
    if word.len() >= 5 {
        let c_for_k = word.strip_prefix('K').map(|rest| format!("C{rest}"));
        let spellings = std::iter::once(word).chain(c_for_k.as_deref());
        for spelling in spellings {
            let found = LONG_LEGAL_FORMS.iter().find(|(full, _)| {
                spelling.len().abs_diff(full.len()) <= 2
                    && full.as_bytes()[0] == spelling.as_bytes()[0]
                    && ((spelling.len() >= 6 && one_typo_apart(spelling, full))
                        || (spelling == word
                            && full.len() >= 7
                            && slips_apart(spelling, full) <= 2
                            && same_consonants(spelling, full)))
            });
            if let Some((_, canon)) = found {
                return Some((1, canon));
            }
        }
    }
    let bytes = word.as_bytes();
    if word.len() < 4 {
        return None;
    }
    let mut undoubled = String::with_capacity(word.len());
    (1..bytes.len())
        .filter(|&i| bytes[i] == bytes[i - 1])
        .find_map(|i| {
            undoubled.clear();
            undoubled.push_str(&word[..i]);
            undoubled.push_str(&word[i + 1..]);
            one_word_legal_form(&undoubled)
        })
}

/// [`legal_form_at`] of one word: only a phrase of one word can match it, as written.
fn one_word_legal_form(word: &str) -> Option<(usize, &'static str)> {
    PHRASE_INDEX.one_word.get(word).map(|&canon| (1, canon))
}

/// Letters dropped, added, or two neighbours swapped, each one slip, between `a` and `b`; a
/// replaced letter counts two (it is another word more often than a slip).
fn slips_apart(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    for i in 0..=a.len() {
        for j in 0..=b.len() {
            d[i * width + j] = if i == 0 || j == 0 {
                i + j
            } else {
                let replace = if a[i - 1] == b[j - 1] { 0 } else { 2 };
                let mut best = (d[(i - 1) * width + j] + 1)
                    .min(d[i * width + j - 1] + 1)
                    .min(d[(i - 1) * width + j - 1] + replace);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    best = best.min(d[(i - 2) * width + j - 2] + 1);
                }
                best
            };
        }
    }
    d[a.len() * width + b.len()]
}

/// True when `a` has the consonants of `b`, in order, doubled letters read once, but for two
/// neighbours swapped: typing slips, not another word (`COMANA` drops the `P` of `COMPANY`).
fn same_consonants(a: &str, b: &str) -> bool {
    let skeleton = |w: &str| -> Vec<u8> {
        let mut out: Vec<u8> = w
            .bytes()
            .filter(|c| !matches!(c, b'A' | b'E' | b'I' | b'O' | b'U' | b'Y'))
            .collect();
        out.dedup();
        out
    };
    let (a, b) = (skeleton(a), skeleton(b));
    a == b
        || (a.len() == b.len()
            && (1..a.len()).any(|i| {
                a[i - 1] == b[i]
                    && a[i] == b[i - 1]
                    && a[..i - 1] == b[..i - 1]
                    && a[i + 1..] == b[i + 1..]
            }))
}

/// True when `text` as a whole is a legal form (`LIMITED LIABILITY COMPANY`, `S.A. DE C.V.`,
/// `Co., Ltd`).
pub fn is_legal_form(text: &str) -> bool {
    let folded = fold_text(text);
    let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    !words.is_empty() && legal_form_at(&words).is_some_and(|(len, _)| len == words.len())
}

/// The legal-form phrase starting `words`, longest first. In a phrase of several words, a word
/// of five letters or more may carry one typo (`LIMITED LIABILITY COMMPANY`, `JOINT STOCC
/// COMPANY`): the phrase as a whole is unmistakable. Once one of its words is written exactly,
/// the others may carry more: a typo in the first letter (`DJOINT STOCK COMPANY`) or, in words
/// of seven letters or more, two typos (`JOINT STOCK COMAAPNY`, `PUBLICHNOE AKTSIONERNOE
/// OBSCHETVO`).
fn legal_form_at(words: &[&str]) -> Option<(usize, &'static str)> {
    // Of the longest phrases that match, the one with the most words written exactly
    // (`ZAKRYTOE AKTSIONERNOE OBSHESTVO` is CJSC, though it is as near OJSC's `OTKRYTOE
    // AKTSIONERNOE OBSHCHESTVO`, which comes first), then the first in table order.
    let mut best: Option<((usize, &'static str), usize)> = None;
    // Only these phrases can match (see [`PhraseIndex`]), tried in table order: longest first.
    for at in PHRASE_INDEX.candidates(words) {
        let (phrase, canon) = &LEGAL_FORM_PHRASES[at];
        if best.is_some_and(|((n, _), _)| phrase.len() < n) {
            break;
        }
        if let Some(found) = phrase_at(words, phrase, canon) {
            let exact = words.iter().zip(phrase).filter(|(w, p)| w == p).count();
            if best.is_none_or(|(_, most)| exact > most) {
                best = Some((found, exact));
            }
        }
    }
    best.map(|(found, _)| found)
}

/// `words` begin with `phrase`, as written or with a typo in its long words.
fn phrase_at(
    words: &[&str],
    phrase: &[&str],
    canon: &'static str,
) -> Option<(usize, &'static str)> {
    let n = phrase.len();
    if words.len() < n {
        return None;
    }
    let words = &words[..n];
    if words.iter().zip(phrase).all(|(w, p)| w == p) {
        return Some((n, canon));
    }
    if n == 1 {
        return None;
    }
    let anchored = words.iter().zip(phrase).any(|(w, p)| w == p);
    let near = |w: &str, p: &str| {
        w == p
            || (p.len() >= 5
                && w.len().abs_diff(p.len()) <= 2
                && ((w.as_bytes()[0] == p.as_bytes()[0] && one_typo_apart(w, p))
                    || (anchored
                        && (one_typo_apart(w, p)
                            || (p.len() >= 7 && strsim::osa_distance(w, p) <= 2)))))
    };
    words
        .iter()
        .zip(phrase)
        .all(|(w, p)| near(w, p))
        .then_some((n, canon))
}

/// A set of rows of [`LEGAL_FORM_PHRASES`], one bit each.
type PhraseSet = [u64; 3];

/// Which rows of [`LEGAL_FORM_PHRASES`] can begin at a word, so that a word is tried against
/// a few phrases instead of all of them. A phrase matches as written, or (with several words)
/// when each word is near its phrase word (see [`phrase_at`]): for the first word that needs
/// 5 letters or more in the phrase, at most 2 more or fewer in the word, and either the same
/// first letter or another word of the phrase written exactly. No other row can match.
struct PhraseIndex {
    /// By the phrase's first word.
    by_first: HashMap<&'static str, PhraseSet>,
    /// Phrases of several words whose first word has 5 letters or more: by that word's
    /// length, and by its first letter (A-Z) and length.
    by_length: Vec<PhraseSet>,
    by_letter_length: Vec<[PhraseSet; 26]>,
    /// The words of phrases other than their first.
    later_words: foldhash::HashSet<&'static str>,
    /// The most words in a phrase.
    longest: usize,
    /// The phrases of one word, with their canonical form (the first row's, as in table
    /// order).
    one_word: HashMap<&'static str, &'static str>,
}

impl PhraseIndex {
    /// The rows that may match at the start of `words`, in table order.
    fn candidates(&self, words: &[&str]) -> impl Iterator<Item = usize> + use<> {
        let first = words.first().copied().unwrap_or_default();
        let mut set = self.by_first.get(first).copied().unwrap_or_default();
        let anchored = words
            .iter()
            .take(self.longest)
            .skip(1)
            .any(|w| self.later_words.contains(w));
        let letter = first
            .bytes()
            .next()
            .filter(u8::is_ascii_uppercase)
            .map(|b| usize::from(b - b'A'));
        for length in first.len().saturating_sub(2)..=first.len() + 2 {
            let rows = if anchored {
                self.by_length.get(length)
            } else {
                letter.and_then(|l| self.by_letter_length.get(length).map(|by| &by[l]))
            };
            for (bits, more) in set.iter_mut().zip(rows.into_iter().flatten()) {
                *bits |= more;
            }
        }
        set.into_iter().enumerate().flat_map(|(k, mut bits)| {
            std::iter::from_fn(move || {
                (bits != 0).then(|| {
                    let bit = bits.trailing_zeros() as usize;
                    bits &= bits - 1;
                    k * 64 + bit
                })
            })
        })
    }
}

static PHRASE_INDEX: LazyLock<PhraseIndex> = LazyLock::new(|| {
    assert!(
        LEGAL_FORM_PHRASES.len() <= 64 * 3,
        "PhraseSet holds every row"
    );
    let mut index = PhraseIndex {
        by_first: HashMap::new(),
        by_length: Vec::new(),
        by_letter_length: Vec::new(),
        later_words: Default::default(),
        longest: 0,
        one_word: HashMap::new(),
    };
    for (at, (phrase, canon)) in LEGAL_FORM_PHRASES.iter().enumerate() {
        if let [word] = phrase[..] {
            index.one_word.entry(word).or_insert(*canon);
        }
        let bit = |set: &mut PhraseSet| set[at / 64] |= 1 << (at % 64);
        bit(index.by_first.entry(phrase[0]).or_default());
        index.longest = index.longest.max(phrase.len());
        index.later_words.extend(&phrase[1..]);
        let length = phrase[0].len();
        if phrase.len() > 1 && length >= 5 {
            if index.by_length.len() <= length {
                index.by_length.resize(length + 1, PhraseSet::default());
                index
                    .by_letter_length
                    .resize(length + 1, [PhraseSet::default(); 26]);
            }
            bit(&mut index.by_length[length]);
            let letter = usize::from(phrase[0].as_bytes()[0] - b'A');
            bit(&mut index.by_letter_length[length][letter]);
        }
    }
    index
});

/// A consonant skeleton after folding common transliteration variants: `MOHAMMED` and
/// `MUHAMMAD` -> `MHMD`, `HODJATI` and `HOJATI` -> `HJT`. Empty for numbers.
pub fn phonetic_key(word: &str) -> String {
    if word.bytes().any(|b| b.is_ascii_digit()) {
        return String::new();
    }
    let w = word.as_bytes();
    let mut key = String::with_capacity(w.len() + 1);
    // The first letter stays (a vowel as `A`); after it, vowels go and repeats fold.
    let mut push = |c: u8| {
        let vowel = matches!(c, b'A' | b'E' | b'I' | b'O' | b'U' | b'Y');
        if key.is_empty() {
            key.push(if vowel { 'A' } else { c as char });
        } else if !vowel && key.as_bytes().last() != Some(&c) {
            key.push(c as char);
        }
    };
    let mut i = 0;
    while i < w.len() {
        let next = w.get(i + 1).copied();
        let (out, step): (&[u8], usize) = match (w[i], next) {
            (b'P', Some(b'H')) => (b"F", 2),
            (b'C', Some(b'K')) => (b"K", 2),
            (b'D', Some(b'J')) => (b"J", 2),
            (b'D', Some(b'H')) => (b"D", 2),
            (b'T', Some(b'H')) => (b"T", 2),
            (b'K', Some(b'H')) => (b"H", 2),
            (b'G', Some(b'H')) => (b"G", 2),
            (b'C', Some(b'E' | b'I' | b'Y')) => (b"S", 1),
            (b'C', _) | (b'Q', _) => (b"K", 1),
            (b'W', _) => (b"V", 1),
            (b'Z', _) => (b"S", 1),
            (b'X', _) => (b"KS", 1),
            _ => (std::slice::from_ref(&w[i]), 1),
        };
        out.iter().for_each(|&c| push(c));
        i += step;
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn phonetic_key_folds_transliteration_variants() {
        assert_eq!(phonetic_key("MOHAMMED"), phonetic_key("MUHAMMAD"));
        assert_eq!(phonetic_key("HODJATI"), phonetic_key("HOJATI"));
        assert_eq!(phonetic_key("MABROOKA"), phonetic_key("MABRUKA"));
        assert_ne!(phonetic_key("MAHROOSA"), phonetic_key("MABROOKA"));
        assert_eq!(phonetic_key("QASEM"), phonetic_key("KASSEM"));
    }

    #[test]
    fn one_typo_apart_is_an_edit_distance_of_one() {
        let words = [
            "", "A", "AB", "BA", "ABC", "ACB", "BAC", "UNIT", "UIT", "UNTI", "NUIT", "UNITS",
            "JEBEL", "JEBELL", "JEBLE", "GROUP", "GORUP", "GRUOP", "GROP", "GROUPP", "AAB", "ABA",
        ];
        for a in words {
            for b in words {
                assert_eq!(
                    one_typo_apart(a, b),
                    strsim::osa_distance(a, b) <= 1,
                    "{a} {b}"
                );
            }
        }
    }
}
