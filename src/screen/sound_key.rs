//! Sound-alike keys: a word's consonant skeleton after folding the common transliteration
//! variants (`MOHAMMED` and `MUHAMMAD` -> `MHMD`), and how a word written in a script that
//! leaves short vowels out (Arabic, Persian, Hebrew; folded by `text::abjad`) is compared with
//! a Latin one by its consonants and long vowels. The tokeniser (`normalize`) keys each token;
//! the matcher looks tokens up by key.

/// A consonant skeleton after folding common transliteration variants: `MOHAMMED` and
/// `MUHAMMAD` -> `MHMD`, `HODJATI` and `HOJATI` -> `HJT`, `GHOLI` and `QOLI` -> `KL`,
/// `ZAWIYAH` and `ZAWIYA` -> `SV` (a final `H` after a vowel is how a vowel ending is
/// written). Empty for numbers.
pub fn phonetic_key(word: &str) -> String {
    if word.bytes().any(|b| b.is_ascii_digit()) {
        return String::new();
    }
    // Spellings of one name in the transliteration table share its key spelling's key.
    let word = super::translit::name_class(word).unwrap_or(word);
    skeleton(word, Letters::Latin).key
}

/// The sound-alike key of a word written in a script that leaves short vowels out
/// ([`crate::text::abjad`]): its waw read as a vowel (`AKHWND` -> `AHND`, as `AKHUND`), and a
/// final `H` as the vowel ending it writes (`ZADH` -> `SD`, as `ZADEH`).
pub fn abjad_key(word: &str) -> String {
    if word.bytes().any(|b| b.is_ascii_digit()) {
        return String::new();
    }
    skeleton(word, Letters::Abjad { waw_vowel: true }).key
}

/// Every key a Latin spelling of an abjad word may have, for lookups: waw a vowel and a
/// consonant (`NWFL`: `NOFAL`, `NAWFAL`), with and without its article (`ALSYD`: `SAYED`),
/// and `ABD` as `ABDUL`.
pub fn abjad_keys(word: &str) -> Vec<String> {
    if word.bytes().any(|b| b.is_ascii_digit()) {
        return Vec::new();
    }
    let mut keys: Vec<String> = [Some(word), abjad_without_article(word)]
        .into_iter()
        .flatten()
        .flat_map(|w| [true, false].map(|waw_vowel| skeleton(w, Letters::Abjad { waw_vowel }).key))
        .collect();
    if word == "ABD" {
        keys.push("ABDL".into());
    }
    keys.sort();
    keys.dedup();
    keys
}

/// The keys under which a Latin word meets abjad words: its own, and without an article
/// written as it sounds (`ESSABAR`: `SBR`).
pub fn latin_abjad_keys(word: &str) -> Vec<String> {
    let mut keys = vec![phonetic_key(word)];
    if let Some(bare) = latin_without_sun_article(word) {
        keys.push(skeleton(bare, Letters::Latin).key);
    }
    keys.push(skeleton(word, Letters::Latin).key);
    keys.sort();
    keys.dedup();
    keys.retain(|k| k.len() >= 2);
    keys
}

/// Whether a word written in a script that leaves short vowels out (`abjad`, as folded) can
/// be `latin`: the same consonants (by [`phonetic_key`]'s folds), and each long vowel it
/// writes written by a vowel of its kind in the same place (`HSYN` is `HUSSEIN` or `HUSAYN`,
/// not `HASAN`; `HSN` may be any of them). Waw may be either a vowel or a consonant.
pub fn abjad_fits(abjad: &str, latin: &str) -> bool {
    // `ABD` is read with the article that follows it in speech (`ABDUL`, `ABDEL`).
    if abjad == "ABD"
        && matches!(
            latin,
            "ABDUL" | "ABDEL" | "ABDAL" | "ABDOUL" | "ABDOL" | "ABDU"
        )
    {
        return true;
    }
    // The article may be left out of the Latin (`ALSHAHBNDR`/`SHAHBANDAR`), or written as
    // it sounds before a sun letter (`ALSBAR`/`ESSABAR`).
    let bare = abjad_without_article(abjad);
    let sun = latin_without_sun_article(latin);
    [Some(latin), sun].into_iter().flatten().any(|latin| {
        [Some(abjad), bare]
            .into_iter()
            .flatten()
            .any(|abjad| abjad_fits_as_written(abjad, latin))
    })
}

/// An abjad word without the article it starts with (`ALSYD` -> `SYD`), if it has one and
/// two letters or more after it.
pub fn abjad_without_article(abjad: &str) -> Option<&str> {
    abjad.strip_prefix("AL").filter(|rest| rest.len() >= 2)
}

/// A Latin word without the article written as it sounds before a sun letter: a vowel and
/// the doubled consonant (`ESSAADI` -> `SAADI`, `ASSHAMI` -> `SHAMI`).
fn latin_without_sun_article(latin: &str) -> Option<&str> {
    let w = latin.as_bytes();
    (w.len() >= 5
        && matches!(w[0], b'A' | b'E')
        && w[1] == w[2]
        && !matches!(w[1], b'A' | b'E' | b'I' | b'O' | b'U' | b'L'))
    .then(|| &latin[2..])
}

fn abjad_fits_as_written(abjad: &str, latin: &str) -> bool {
    let latin = skeleton(latin, Letters::Latin);
    if latin.key.is_empty() {
        return false;
    }
    [true, false].into_iter().any(|waw_vowel| {
        let abjad = skeleton(abjad, Letters::Abjad { waw_vowel });
        abjad.key == latin.key
            && abjad.vowels.iter().zip(&latin.vowels).all(|(a, l)| {
                a.bytes().all(|v| {
                    let written: &[u8] = match v {
                        b'A' => b"AEO",
                        b'W' | b'U' | b'O' => b"UO",
                        _ => b"IEY",
                    };
                    l.bytes().any(|c| written.contains(&c))
                })
            })
    })
}

/// How a word's letters are read by [`skeleton`].
#[derive(Clone, Copy, PartialEq)]
enum Letters {
    Latin,
    /// Folded from an abjad: a final `H` is a vowel ending, and waw may be a vowel.
    Abjad {
        waw_vowel: bool,
    },
}

/// A word's key and, after each of the key's letters, the vowels written before the next.
struct Skeleton {
    key: String,
    vowels: Vec<String>,
}

fn skeleton(word: &str, letters: Letters) -> Skeleton {
    let waw_vowel = letters == Letters::Abjad { waw_vowel: true };
    let w = word.as_bytes();
    let mut out = Skeleton {
        key: String::with_capacity(w.len() + 1),
        vowels: Vec::with_capacity(w.len()),
    };
    // The first letter stays (a vowel as `A`); after it, vowels go and repeats fold.
    let push = |c: u8, out: &mut Skeleton| {
        let vowel =
            matches!(c, b'A' | b'E' | b'I' | b'O' | b'U' | b'Y') || (c == b'W' && waw_vowel);
        if out.key.is_empty() {
            out.key.push(if vowel { 'A' } else { c as char });
            // A Latin word's first vowel is a vowel the abjad may write (`ESSA`/`AYSY`).
            let first = if vowel && letters == Letters::Latin {
                (c as char).to_string()
            } else {
                String::new()
            };
            out.vowels.push(first);
        } else if vowel {
            if let Some(v) = out.vowels.last_mut() {
                v.push(c as char);
            }
        } else if out.key.as_bytes().last() != Some(&c) {
            out.key.push(c as char);
            out.vowels.push(String::new());
        }
    };
    let mut i = 0;
    while i < w.len() {
        let next = w.get(i + 1).copied();
        let (rendered, step): (&[u8], usize) = match (w[i], next) {
            (b'P', Some(b'H')) => (b"F", 2),
            (b'C', Some(b'K')) => (b"K", 2),
            (b'D', Some(b'J')) => (b"J", 2),
            (b'D', Some(b'H')) => (b"D", 2),
            (b'T', Some(b'H')) => (b"T", 2),
            (b'K', Some(b'H')) => (b"H", 2),
            // `GH`, `G`, `Q`, `K` and `C` render one sound across Arabic, Persian and Korean
            // romanisations (`GHOLIZADEH`/`QOLIZADEH`, `GWANG`/`KWANG`).
            (b'G', Some(b'H')) => (b"K", 2),
            (b'G', _) => (b"K", 1),
            (b'C', Some(b'E' | b'I' | b'Y')) => (b"S", 1),
            (b'C', _) | (b'Q', _) => (b"K", 1),
            (b'W', _) if !waw_vowel => (b"V", 1),
            (b'Z', _) => (b"S", 1),
            (b'X', _) => (b"KS", 1),
            // A final `H` after a vowel writes the vowel ending (`-AH`, `-EH`); in an abjad,
            // a final `H` after any letter it does not make a sound with (`ZADH`, `ABDALLH`,
            // not `AMASH`).
            (b'H', None)
                if i > 0
                    && match letters {
                        Letters::Latin => matches!(w[i - 1], b'A' | b'E' | b'I' | b'O' | b'U'),
                        Letters::Abjad { .. } => !matches!(w[i - 1], b'S' | b'C' | b'Z'),
                    } =>
            {
                (b"", 1)
            }
            _ => (std::slice::from_ref(&w[i]), 1),
        };
        rendered.iter().for_each(|&c| push(c, &mut out));
        i += step;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phonetic_key_folds_transliteration_variants() {
        assert_eq!(phonetic_key("MOHAMMED"), phonetic_key("MUHAMMAD"));
        assert_eq!(phonetic_key("HODJATI"), phonetic_key("HOJATI"));
        assert_eq!(phonetic_key("MABROOKA"), phonetic_key("MABRUKA"));
        assert_ne!(phonetic_key("MAHROOSA"), phonetic_key("MABROOKA"));
        assert_eq!(phonetic_key("QASEM"), phonetic_key("KASSEM"));
    }
}
