//! Characters nobody sees on paper: controls and format characters (a NUL, a zero-width space,
//! a bidi override) that a careless export or a hostile shipper leaves inside a name. Folding
//! removes them so that none can split or hide a word (`MAB\u{0}ROOKA` must read `MABROOKA`);
//! this module says which they are, and words the warning that says they were removed.

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
pub(crate) fn without_hidden(text: &str) -> std::borrow::Cow<'_, str> {
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

/// `U+200B`: how a character is named in warnings and answers.
pub fn code_point(c: char) -> String {
    format!("U+{:04X}", c as u32)
}

/// The hidden characters the normaliser removes from `name`, each once, by code point.
pub fn removed_code_points(name: &str) -> Vec<String> {
    hidden_characters(name)
        .into_iter()
        .map(code_point)
        .collect()
}

/// `2 hidden characters (U+0000, U+200B) removed before screening`, when `name` has any.
pub fn removed_note(name: &str) -> Option<String> {
    let codes = removed_code_points(name);
    if codes.is_empty() {
        return None;
    }
    let count = name.chars().filter(|&c| is_hidden(c)).count();
    Some(format!(
        "{count} hidden character{} ({}) removed before screening",
        if count == 1 { "" } else { "s" },
        codes.join(", ")
    ))
}
