//! Scripts that write consonants and long vowels only (Arabic, Persian, Urdu, Hebrew): their
//! letters as Latin renderings of them do. `any_ascii` leaves alif and ayn out and writes waw
//! and ya in ways no list does, so a name in Arabic script could not meet its Latin spelling.
//!
//! Each letter becomes the Latin a list would write for it: alif `A`, waw `W` (a vowel or a
//! consonant: the matcher decides), ya `Y`, ta marbuta and alif maqsura `A`, ayn `A` at the
//! start of a word (`'ALI`, `'UMAR`) and nothing inside one (`JA'FAR`), hamza nothing. The
//! short vowels are marks, already gone by then; a word's letters are its consonants and long
//! vowels, which is what the matcher compares (see `screen::sound_key::abjad_fits`).

/// Whether `c` is a letter of a script that leaves short vowels out.
pub fn is_abjad_letter(c: char) -> bool {
    matches!(c as u32,
        0x0620..=0x064a | 0x066e..=0x06d3 | 0x06d5 | 0x06fa..=0x06ff // Arabic, Persian, Urdu
        | 0x0750..=0x077f | 0x08a0..=0x08c9 // Arabic supplements
        | 0xfb50..=0xfdff | 0xfe70..=0xfefc // presentation forms (NFKD unfolds them)
        | 0x05d0..=0x05ea) // Hebrew
}

/// Whether a name is written in such a script only: it has such letters and no Latin ones.
pub fn is_abjad_name(raw: &str) -> bool {
    raw.chars().any(is_abjad_letter) && !raw.chars().any(|c| c.is_ascii_alphabetic())
}

/// The Latin for one abjad letter, after NFKD (so `أ` is `ا` and a mark), where it differs
/// from `any_ascii`'s; `word_start` tells whether a letter came before it in the word.
pub fn abjad_letter(c: char, word_start: bool) -> Option<&'static str> {
    Some(match c {
        // Alif, alif wasla, alif maqsura, ta marbuta: the vowel a list writes `A` (`-A`, `-AH`).
        '\u{627}' | '\u{671}' | '\u{649}' | '\u{629}' => "A",
        // Ayn: `'ALI` is `ALI`, `'UMAR` is `UMAR`; inside a word it is written `'` or nothing.
        '\u{639}' if word_start => "A",
        '\u{639}' | '\u{621}' | '\u{640}' => "",
        '\u{648}' => "W",
        '\u{64a}' | '\u{6cc}' | '\u{6d2}' => "Y",
        '\u{647}' | '\u{6c1}' | '\u{6be}' | '\u{6d5}' => "H",
        '\u{6a9}' | '\u{643}' => "K",
        '\u{6af}' => "G",
        '\u{686}' => "CH",
        '\u{698}' => "ZH",
        '\u{67e}' => "P",
        // Hebrew: alef and ayin as alif and ayn, vav and yod as waw and ya.
        '\u{5d0}' | '\u{5e2}' if word_start => "A",
        '\u{5d0}' | '\u{5e2}' => "",
        '\u{5d5}' => "W",
        '\u{5d9}' => "Y",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_script_names_are_told_from_latin_ones() {
        assert!(is_abjad_name("محمد امان آخوند"));
        assert!(is_abjad_name("شركة"));
        assert!(!is_abjad_name("Mohammad محمد"));
        assert!(!is_abjad_name("Виталий"));
    }

    #[test]
    fn alif_and_ayn_are_written_as_lists_write_them() {
        assert_eq!(abjad_letter('\u{627}', false), Some("A"));
        assert_eq!(abjad_letter('\u{639}', true), Some("A"));
        assert_eq!(abjad_letter('\u{639}', false), Some(""));
        assert_eq!(abjad_letter('b', true), None);
    }
}
