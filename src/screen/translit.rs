//! Given names as different transliteration systems write them: each row is one name, first in
//! the spelling used as its key, then its other spellings. Russian, Ukrainian and Belarusian
//! names follow the systems the lists use side by side (BGN/PCGN, ICAO 9303, the Ukrainian and
//! Belarusian national systems, German and Polish renderings); Arabic and Persian names their
//! common English, French and Turkish spellings; Korean names the McCune-Reischauer and
//! Revised Romanisation forms. Spellings a sound-alike key already joins need no row.
//!
//! A few rows hold the stock words of Russian organisations' names, transliterated and in
//! English (`KONTSERN`/`CONCERN`, `MENEDZHMENT`/`MANAGEMENT`), which lists print side by side.
//!
//! The matcher treats two spellings of one row as one name written twice (similarity
//! [`TRANSLITERATION_SIMILARITY`]), and says so in a hit's explanation. Only whole words are
//! looked up; Chinese romanisations are left out, because their variants are other surnames
//! too (`CHANG` is a pinyin name of its own, not only Wade-Giles for `ZHANG`).

use std::sync::LazyLock;

use foldhash::{HashMap, HashMapExt};

/// Similarity of two spellings of one name in the table: below an exact match, so that the
/// listed spelling still ranks first, and above any typo's.
pub const TRANSLITERATION_SIMILARITY: f64 = 0.95;

/// The first rows of [`NAMES`], Russian, Ukrainian and Belarusian, whose names make patronymics.
const SLAVIC_ROWS: usize = 44;

const NAMES: &[&[&str]] = &[
    // Russian, Ukrainian, Belarusian.
    &[
        "ALEKSANDR",
        "ALEXANDER",
        "ALEKSANDER",
        "ALEXANDR",
        "OLEKSANDR",
        "ALIAKSANDR",
        "ALIAKSANDAR",
        "ALEKSANDAR",
    ],
    &[
        "ALEKSEI", "ALEXEI", "ALEKSEY", "ALEXEY", "OLEKSIY", "OLEKSII", "ALIAKSEI", "ALEKSEJ",
        "ALEXEJ",
    ],
    &["ANDREI", "ANDREY", "ANDRIY", "ANDRII", "ANDREJ", "ANDRIJ"],
    &["ANATOLY", "ANATOLII", "ANATOLIY", "ANATOLI", "ANATOLIJ"],
    &["ARKADY", "ARKADII", "ARKADIY", "ARKADI", "ARKADIJ"],
    &["ARTEM", "ARTYOM", "ARTEOM", "ARTSIOM", "ARTEMII"],
    &["BORIS", "BORYS"],
    &["DENIS", "DENYS"],
    &[
        "DMITRY", "DMITRII", "DMITRIY", "DMITRI", "DMYTRO", "DZMITRY", "DMITRIJ",
    ],
    &[
        "EKATERINA",
        "YEKATERINA",
        "KATERYNA",
        "KATSIARYNA",
        "JEKATERINA",
        "KATERINA",
    ],
    &["ELENA", "YELENA", "OLENA", "ALENA", "JELENA", "ALIONA"],
    &[
        "EVGENY", "YEVGENY", "EVGENII", "EVGENIY", "YEVHEN", "YEVGENIY", "EVGENI", "JEVGENIJ",
        "YAUHEN",
    ],
    &["FEDOR", "FYODOR", "FEDIR", "FIODOR", "FJODOR"],
    &[
        "GENNADY", "GENNADII", "GENNADIY", "HENNADIY", "HENNADII", "GENNADI",
    ],
    &[
        "GEORGY", "GEORGII", "GEORGIY", "HEORHIY", "HEORHII", "GEORGI",
    ],
    &[
        "GRIGORY", "GRIGORII", "GRIGORIY", "HRYHORIY", "HRYHORII", "GRIGORI",
    ],
    &["IGOR", "IHOR"],
    &["ILYA", "ILIA", "ILLIA", "ILJA"],
    &["KIRILL", "KYRYLO", "KIRYL", "KIRIL"],
    &[
        "KONSTANTIN",
        "KOSTIANTYN",
        "KOSTYANTYN",
        "KANSTANTSIN",
        "KONSTANTYN",
    ],
    &["MAKSIM", "MAXIM", "MAKSYM", "MAKSIMS"],
    &["MATVEY", "MATVEI", "MATVII"],
    &[
        "MIKHAIL", "MYKHAILO", "MIKHAYLO", "MICHAIL", "MIHAIL", "MIKHAILO",
    ],
    &["NADEZHDA", "NADIIA", "NADIYA", "NADZEYA"],
    &["NATALIA", "NATALYA", "NATALIYA", "NATALLIA", "NATALJA"],
    &[
        "NIKOLAI", "NIKOLAY", "MYKOLA", "MIKALAI", "NICOLAI", "NIKOLAJ",
    ],
    &["OLEG", "OLEH", "ALEH"],
    &["OLGA", "OLHA", "VOLHA"],
    &["PAVEL", "PAVLO", "PAVAL"],
    &["PETR", "PYOTR", "PETRO", "PIOTR"],
    &["SEMYON", "SEMEN", "SEMION", "SEMYEN"],
    &[
        "SERGEI", "SERGEY", "SERHIY", "SERHII", "SIARHEI", "SERGIY", "SERGEJ", "SERGII",
    ],
    &["SVETLANA", "SVITLANA", "SVIATLANA"],
    &[
        "TATIANA", "TATYANA", "TETIANA", "TETYANA", "TATSIANA", "TATJANA",
    ],
    &["TIMOFEY", "TIMOFEI", "TYMOFIY", "TSIMAFEI"],
    &["VALERY", "VALERII", "VALERIY", "VALERI", "VALERYI"],
    &[
        "VASILY", "VASILII", "VASILIY", "VASYL", "VASILI", "VASYLIY", "VASIL",
    ],
    &["VIKTOR", "VICTOR"],
    &["VITALY", "VITALII", "VITALIY", "VITALI", "VITALIJ"],
    &["VLADIMIR", "VOLODYMYR", "ULADZIMIR", "WLADIMIR"],
    &["VYACHESLAV", "VIACHESLAV", "VJACHESLAV", "VIACHASLAU"],
    &["YAROSLAV", "IAROSLAV", "JAROSLAV"],
    &["YULIA", "YULIYA", "IULIIA", "JULIA", "YULIJA"],
    &[
        "YURI", "YURIY", "YURII", "IURII", "YURIJ", "JURIJ", "IURY", "YURY", "JURI", "IURI",
    ],
    // Arabic and Persian.
    &[
        "ABDULLAH",
        "ABDALLAH",
        "ABDULLA",
        "ABDOULLAH",
        "ABDALLA",
        "ABDELLAH",
    ],
    &["AHMAD", "AHMED", "AHMET", "AKHMED", "AKHMAD", "AHMAT"],
    &["FAHD", "FAHAD"],
    &["HAJI", "HAJJ", "HADJ", "HADJI", "HAJ", "HAJJI"],
    &["HAYDAR", "HAIDER", "HAIDAR", "HEIDAR", "HEYDAR", "HAYDER"],
    &[
        "HUSAYN", "HUSSEIN", "HUSSAIN", "HOSSEIN", "HUSEYIN", "HUSAIN", "HOSEIN", "HUSEIN",
    ],
    &[
        "IBRAHIM", "EBRAHIM", "IBRAHEEM", "EBRAHEEM", "BRAHIM", "IBROHIM",
    ],
    &["ISA", "ISSA", "EISA", "EESA", "AISSA"],
    &["ISMAIL", "ESMAIL", "ISMAEL", "SMAIL", "ESMAEIL", "ISMAYIL"],
    &["JAFAR", "JAAFAR", "JAFFAR", "DJAAFAR", "DJAFAR", "JAFER"],
    &["JAMAL", "GAMAL", "DJAMAL", "DJAMEL", "JAMEL"],
    &["JAMIL", "GAMIL", "DJAMIL", "JAMEEL"],
    &["JAWAD", "JAVAD", "DJAWAD", "JAWWAD"],
    &["KHALID", "KHALED", "KHALIT", "HALID"],
    &["MAHDI", "MEHDI", "MAHDY"],
    &["MAHMUD", "MAHMOUD", "MAHMOOD", "MAHMOD", "MAHMUT"],
    &["MUSA", "MOUSSA", "MOUSA", "MUSSA", "MOOSA"],
    &[
        "MUSTAFA",
        "MOUSTAFA",
        "MOSTAFA",
        "MUSTAPHA",
        "MOSTAPHA",
        "MOUSTAPHA",
    ],
    &["NASIR", "NASSER", "NASER", "NASSIR", "NACER"],
    &["OMAR", "UMAR", "OUMAR", "OMER"],
    &["OSMAN", "USMAN", "OTHMAN", "UTHMAN", "OUSMANE", "OSMANE"],
    &["REZA", "RIDA", "RIDHA", "RIZA"],
    &["SAID", "SAEED", "SAIED", "SAEID"],
    &["SALIH", "SALEH"],
    &["YAHYA", "YAHIA", "YEHIA", "YAHIYA"],
    &["YASIR", "YASSER", "YASER", "YASSIR"],
    &["YUNUS", "YOUNES", "YOUNIS", "YOUNOUS", "YUNIS", "YOUNESS"],
    &[
        "YUSUF", "YOUSEF", "YOUSSEF", "YOUSIF", "YUSEF", "YOUSOF", "JUSUF", "YOUSSOUF",
    ],
    &["ZAKARIA", "ZAKARIYA", "ZAKARIYYA", "ZAKARIJA"],
    &[
        "SULEYMAN", "SOLEYMAN", "SULEIMAN", "SOLEIMAN", "SULAYMAN", "SLIMANE", "SULAIMAN",
    ],
    &["FAISAL", "FAYSAL", "FAISSAL", "FEYSAL"],
    // French renderings of Arabic names write `CH` for `SH` and `OU` for `W`/`U`.
    &["BASHIR", "BACHIR", "BECHIR", "BASHEER", "BESHIR"],
    &[
        "SHEHADEH", "CHEHADEH", "SHEHADE", "CHEHADE", "SHEHADA", "CHEHADA",
    ],
    &["AYASH", "AYACHE", "AYYASH", "AYACH"],
    &["WALAD", "OULD", "OULED", "OUALD"],
    &["SHAFIQ", "CHAFIK", "SHAFIK", "CHAFIQ", "SHAFEEQ"],
    &["SHARIF", "CHERIF", "SHERIF", "CHARIF", "SHAREEF"],
    &["HISHAM", "HICHAM", "HESHAM", "HICHEM"],
    &["RASHID", "RACHID", "RASHEED", "RACHED", "RASHED"],
    &["SHUKRI", "CHOUKRI", "SHOUKRI", "CHOKRI", "SHOKRI"],
    &["AISHA", "AICHA", "AYSHA", "AYESHA"],
    &["HASHIM", "HACHEM", "HASHEM", "HACHIM"],
    &["SHAKIR", "CHAKER", "SHAKER", "CHAKIR"],
    // Words of organisations' names, Russian transliterated and English.
    &["MANAGEMENT", "MENEDZHMENT"],
    &["CONCERN", "KONTSERN"],
    &["FUND", "FOND"],
    &["REPUBLIC", "RESPUBLIKA"],
    &["TECHNOLOGIES", "TEKHNOLOGII"],
    &["SYSTEMS", "SISTEMY"],
    &["CENTER", "TSENTR", "CENTRE"],
    &["GROUP", "GRUPPA"],
    &["HOLDING", "KHOLDING"],
    &["ELECTRONICS", "ELEKTRONIKA"],
    &["PLANT", "ZAVOD"],
    &["ASSOCIATION", "OBEDINENIE", "OBYEDINENIE", "OBEDINENIYE"],
    &["ENTERPRISE", "PREDPRIYATIE", "PREDPRIIATIE"],
    &["INSTITUTE", "INSTITUT"],
    &["CORPORATION", "KORPORATSIYA", "KORPORATSIIA"],
    &[
        "COMMERCIAL",
        "KOMMERCHESKI",
        "KOMMERCHESKII",
        "KOMMERCHESKIY",
    ],
    &[
        "MACHINEBUILDING",
        "MASHINOSTROITELNY",
        "MASHINOSTROITELNYI",
        "MASHINOSTROITELNYY",
    ],
    // Korean.
    &["CHOE", "CHOI"],
    &["CHOL", "CHEOL"],
    &["HYON", "HYUN", "HYEON"],
    &["JONG", "CHONG", "JEONG", "CHUNG"],
    &["KIM", "GIM"],
    &["KWANG", "GWANG"],
    &["PAK", "PARK", "BAK"],
    &["YONG", "YEONG", "RYONG", "RYEONG"],
];

static CLASS: LazyLock<HashMap<&'static str, &'static str>> = LazyLock::new(|| {
    let mut m = HashMap::new();
    for row in NAMES {
        for spelling in *row {
            m.insert(*spelling, row[0]);
        }
    }
    m
});

/// The key spelling of the name `word` (folded) is a spelling of, if the table knows it.
pub fn name_class(word: &str) -> Option<&'static str> {
    CLASS.get(word).copied()
}

/// Whether two different folded words are spellings of one name in the table.
pub fn same_name(a: &str, b: &str) -> bool {
    a != b && name_class(a).is_some_and(|c| name_class(b) == Some(c))
}

/// Endings of East Slavic patronymics as the transliteration systems write them, longest
/// first: `SERGEEVICH`, `SIARHEEVICH`, `SERHIIOVYCH`, `ALIAKSANDRAVICH`, `SERGEEVNA`.
const PATRONYMIC_ENDINGS: &[&str] = &[
    "IIOVYCH", "IOVYCH", "YOVYCH", "IEVICH", "YEVICH", "IEVNA", "YEVNA", "IIVNA", "YIVNA", "OVICH",
    "EVICH", "AVICH", "OVYCH", "EVYCH", "IVICH", "OVNA", "EVNA", "AVNA", "IVNA",
];

/// Given-name stems a patronymic is made from: each spelling in the table, and each without
/// the ending a patronymic drops (`SERGEI` -> `SERGE`, `SIARHEI` -> `SIARHE`, `YURIY` ->
/// `YUR`), mapped to the name's key spelling. Only Russian, Ukrainian and Belarusian rows
/// make patronymics; a stem shared by two names is left out.
static PATRONYMIC_STEMS: LazyLock<HashMap<String, &'static str>> = LazyLock::new(|| {
    let mut m: HashMap<String, &'static str> = HashMap::new();
    let mut shared: Vec<String> = Vec::new();
    for row in &NAMES[..SLAVIC_ROWS] {
        for spelling in *row {
            let mut stems = vec![spelling.to_string()];
            for ending in ["IY", "II", "IJ", "I", "Y", "J", "A"] {
                if let Some(stem) = spelling.strip_suffix(ending)
                    && stem.len() >= 3
                {
                    stems.push(stem.to_string());
                }
            }
            for stem in stems {
                match m.get(&stem) {
                    Some(c) if *c != row[0] => shared.push(stem),
                    _ => {
                        m.insert(stem, row[0]);
                    }
                }
            }
        }
    }
    for stem in shared {
        m.remove(&stem);
    }
    m
});

/// The given name a patronymic is made from, as its key spelling, if the table knows it.
fn patronymic_class(word: &str) -> Option<&'static str> {
    if !(word.ends_with("ICH") || word.ends_with("YCH") || word.ends_with("NA")) {
        return None;
    }
    PATRONYMIC_ENDINGS
        .iter()
        .filter_map(|e| word.strip_suffix(e))
        .find_map(|stem| PATRONYMIC_STEMS.get(stem).copied())
}

/// Whether two different folded words are one patronymic in two transliteration systems
/// (`SERGEEVICH`/`SIARHEEVICH`, `ALEKSANDROVICH`/`ALIAKSANDRAVICH`).
pub fn same_patronymic(a: &str, b: &str) -> bool {
    a != b && patronymic_class(a).is_some_and(|c| patronymic_class(b) == Some(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_spelling_is_in_one_row_only() {
        let mut seen: HashMap<&str, &str> = HashMap::new();
        for row in NAMES {
            for s in *row {
                if let Some(other) = seen.insert(s, row[0]) {
                    assert_eq!(other, row[0], "{s} is in two rows");
                }
            }
        }
    }

    #[test]
    fn spellings_of_one_name_are_one_name() {
        assert!(same_name("KATERYNA", "EKATERINA"));
        assert!(same_name("IURII", "YURI"));
        assert!(same_name("REZA", "RIDHA"));
        assert!(same_name("SIARHEI", "SERGEY"));
        assert!(same_name("BACHIR", "BASHIR"));
        assert!(same_name("OULD", "WALAD"));
        assert!(same_name("HICHAM", "HISHAM"));
    }

    #[test]
    fn patronymics_of_one_name_are_one_patronymic() {
        assert_eq!(
            NAMES[SLAVIC_ROWS - 1][0],
            "YURI",
            "the Slavic rows end with YURI"
        );
        assert!(same_patronymic("SERGEEVICH", "SIARHEEVICH"));
        assert!(same_patronymic("SERGEEVNA", "SERHIIVNA"));
        assert!(same_patronymic("ALEKSANDROVICH", "ALIAKSANDRAVICH"));
        assert!(same_patronymic("YURIEVICH", "IURIIOVYCH"));
        assert!(!same_patronymic("SERGEEVICH", "SERGEEVICH"));
        assert!(!same_patronymic("SERGEEVICH", "ALEKSEEVICH"));
        assert!(!same_patronymic("HAIDUKEVICH", "GAIDUKEVICH"));
        assert!(!same_name("YURI", "YURI"));
        assert!(!same_name("SERGEI", "ALEKSEI"));
        assert!(!same_name("HASSAN", "HUSSEIN"));
    }
}
