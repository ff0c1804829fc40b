//! Facts about a shipment that rules ask for by name: a vague description, a consignee that
//! is TO ORDER, a bank or a freight forwarder, a weight written in a unit of weight.

use std::cell::{OnceCell, RefCell};

use serde::Deserialize;

use crate::country::{self, Country};
use crate::model::{PartyRole, Shipment};
use crate::text::fold_text;

/// Descriptions that say nothing about the goods (EU ICS2 rejects these).
const VAGUE_DESCRIPTIONS: &[&str] = &[
    "GENERAL CARGO",
    "CARGO",
    "CONSOLIDATED CARGO",
    "CONSOLIDATION",
    "FAK",
    "FREIGHT ALL KINDS",
    "SPARE PARTS",
    "PARTS",
    "ACCESSORIES",
    "MACHINERY",
    "MACHINE PARTS",
    "ELECTRONICS",
    "ELECTRONIC PARTS",
    "CHEMICALS",
    "EQUIPMENT",
    "AS PER INVOICE",
    "AS PER ATTACHED",
    "SAMPLE",
    "SAMPLES",
    "GIFT",
    "GIFTS",
    "PERSONAL EFFECTS",
    "GOODS",
    "MISC",
    "MISCELLANEOUS",
];

/// Words around a description that carry no meaning about the goods themselves.
const FILLER: &[&str] = &[
    "STC", "SAID", "TO", "CONTAIN", "SHIPPERS", "LOAD", "STOW", "AND", "COUNT", "SLAC", "PKGS",
    "PACKAGES", "CTNS", "CARTONS", "PLTS", "PALLETS", "OF", "X",
];

/// What a party is, as a rule asks: `to-order`, `bank` or `forwarder`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PartyFacet {
    /// TO ORDER, TO THE ORDER OF ...: the buyer is not named.
    ToOrder,
    /// A bank holds the goods (a letter of credit consigned to the bank, not the end user).
    Bank,
    /// A freight forwarder or logistics firm: BIS's "freight forwarder listed as final
    /// destination".
    Forwarder,
}

/// Words that make a party's name a bank's.
const BANK_WORDS: &[&str] = &["BANK", "BANQUE", "BANCO", "BANCA", "BANKASI", "BANKA"];

/// Words that make a party's name a freight forwarder's or logistics firm's.
const FORWARDER_WORDS: &[&str] = &[
    "FREIGHT",
    "FORWARDER",
    "FORWARDERS",
    "FORWARDING",
    "LOGISTIC",
    "LOGISTICS",
    "CLEARING",
    "CONSOLIDATORS",
    "CARGO",
    "SHIPPING AGENCY",
    "SHIPPING AGENCIES",
    "SHIPPING AND CLEARING",
];

/// Letters every one of [`FORWARDER_WORDS`] holds one of, for deciding without folding.
const FORWARDER_CLUES: &[&str] = &[
    "FREIGHT",
    "FORWARD",
    "LOGISTIC",
    "CLEARING",
    "CONSOLIDATOR",
    "CARGO",
    "SHIPPING",
];

/// The first of `words` (upper case, single spaces, as folded text is) that stands as whole
/// words in `folded`.
fn has_word(folded: &str, words: &[&'static str]) -> Option<&'static str> {
    words.iter().copied().find(|w| {
        folded.match_indices(w).any(|(at, _)| {
            let before = folded[..at].chars().next_back();
            let after = folded[at + w.len()..].chars().next();
            before.is_none_or(|c| c == ' ') && after.is_none_or(|c| c == ' ')
        })
    })
}

/// What rules ask of one shipment, each worked out once however many rules ask: party names
/// and descriptions folded, places resolved to countries.
pub struct ShipmentFacts<'a> {
    pub shipment: &'a Shipment,
    names: Vec<OnceCell<String>>,
    descriptions: Vec<OnceCell<String>>,
    vague: OnceCell<Vec<&'a str>>,
    places: RefCell<Vec<(&'a str, Option<Country>)>>,
}

thread_local! {
    /// Places already resolved on this thread: a manifest names the same ports and countries
    /// on most of its bills. Bounded: emptied past a few thousand places.
    static PLACES: RefCell<foldhash::HashMap<String, Option<Country>>> =
        RefCell::new(foldhash::HashMap::default());
}

impl<'a> ShipmentFacts<'a> {
    pub fn new(shipment: &'a Shipment) -> Self {
        ShipmentFacts {
            shipment,
            names: (0..shipment.parties.len())
                .map(|_| OnceCell::new())
                .collect(),
            descriptions: (0..shipment.goods.len()).map(|_| OnceCell::new()).collect(),
            vague: OnceCell::new(),
            places: RefCell::new(Vec::new()),
        }
    }

    /// Party `i`'s name, folded.
    pub fn name(&self, i: usize) -> &str {
        self.names[i].get_or_init(|| fold_text(&self.shipment.parties[i].name))
    }

    /// Goods line `i`'s description, folded.
    pub fn description(&self, i: usize) -> &str {
        self.descriptions[i].get_or_init(|| fold_text(&self.shipment.goods[i].description))
    }

    /// The country a place names (`country::of_place`), looked up once per place.
    pub fn country_of(&self, place: &'a str) -> Option<Country> {
        if let Some((_, c)) = self.places.borrow().iter().find(|(p, _)| *p == place) {
            return *c;
        }
        let c = PLACES.with(|cache| {
            if let Some(c) = cache.borrow().get(place) {
                return *c;
            }
            let c = country::of_place(place);
            let mut cache = cache.borrow_mut();
            if cache.len() >= 4096 {
                cache.clear();
            }
            cache.insert(place.to_string(), c);
            c
        });
        self.places.borrow_mut().push((place, c));
        c
    }

    /// The descriptions of the goods lines that say nothing about the goods.
    pub fn vague_lines(&self) -> &[&'a str] {
        self.vague.get_or_init(|| {
            let goods = &self.shipment.goods;
            (0..goods.len())
                .filter(|&i| {
                    let raw = &goods[i].description;
                    plain_is_vague(raw).unwrap_or_else(|| {
                        could_be_vague(raw) && is_vague_folded(self.description(i))
                    })
                })
                .map(|i| goods[i].description.as_str())
                .collect()
        })
    }

    /// Whether party `i` is a TO ORDER, bank or forwarder party, and if so why, in words.
    pub fn party_is(&self, i: usize, facet: PartyFacet) -> Option<String> {
        let s = self.shipment;
        let p = &s.parties[i];
        // Most names cannot be any of these: plain ASCII without the word's letters is
        // decided without folding.
        let clue: &[&str] = match facet {
            PartyFacet::ToOrder => &["ORDER"],
            PartyFacet::Bank => &["BAN"],
            PartyFacet::Forwarder => FORWARDER_CLUES,
        };
        if p.name.bytes().all(|b| b == b' ' || b.is_ascii_graphic())
            && !clue.iter().any(|c| contains_ignoring_case(&p.name, c))
        {
            return None;
        }
        let name = self.name(i);
        let role = p.role.as_str().replace('_', " ");
        match facet {
            PartyFacet::ToOrder => {
                let to_order = name == "ORDER"
                    || name.starts_with("TO ORDER")
                    || name.starts_with("TO THE ORDER");
                to_order.then(|| {
                    let buyer = s
                        .parties_in(PartyRole::NotifyParty)
                        .next()
                        .map(|n| format!("; notify party {:?} may be the real buyer", n.name))
                        .unwrap_or_default();
                    format!("{role} is {:?}: the buyer is not named{buyer}", p.name)
                })
            }
            PartyFacet::Bank => {
                has_word(name, BANK_WORDS).map(|w| format!("{role} {:?} is a bank ({w})", p.name))
            }
            PartyFacet::Forwarder => has_word(name, FORWARDER_WORDS).map(|w| {
                format!(
                    "{role} {:?} is a freight forwarder or logistics firm ({w})",
                    p.name
                )
            }),
        }
    }

    /// The consignee's name when the notify party is the same firm (or says SAME AS
    /// CONSIGNEE).
    pub fn consignee_is_notify_party(&self) -> Option<String> {
        let parties = &self.shipment.parties;
        let c = parties
            .iter()
            .position(|p| p.role == PartyRole::Consignee)?;
        let n = parties
            .iter()
            .position(|p| p.role == PartyRole::NotifyParty)?;
        let (cn, nn) = (self.name(c), self.name(n));
        (cn == nn || nn == "SAME AS CONSIGNEE").then(|| parties[c].name.clone())
    }
}

/// Whether a quantity's unit is a unit of weight (then it counts no packages).
pub fn is_weight_unit(unit: Option<&str>) -> bool {
    unit.is_some_and(|u| {
        matches!(
            u.trim().to_ascii_uppercase().as_str(),
            "KG" | "KGS" | "KGM" | "T" | "TNE" | "MT" | "LB" | "LBS" | "LBR" | "G" | "GRM"
        )
    })
}

/// True when a description, stripped of filler and numbers, is one of the vague phrases.
pub fn is_vague(description: &str) -> bool {
    is_vague_folded(&fold_text(description))
}

/// [`is_vague`] for plain text, decided without folding: printable ASCII without dots,
/// apostrophes or ampersands folds to its words in upper case, nothing else. `None` for any
/// other text.
fn plain_is_vague(raw: &str) -> Option<bool> {
    let plain = raw
        .bytes()
        .all(|b| (b == b' ' || b.is_ascii_graphic()) && !matches!(b, b'.' | b'\'' | b'&'));
    if !plain {
        return None;
    }
    let mut core: [&str; LONGEST_VAGUE + 1] = [""; LONGEST_VAGUE + 1];
    let mut n = 0;
    for w in raw.split(|c: char| !c.is_ascii_alphanumeric()) {
        if w.is_empty()
            || w.bytes().all(|b| b.is_ascii_digit())
            || FILLER.iter().any(|f| f.eq_ignore_ascii_case(w))
        {
            continue;
        }
        if n == core.len() {
            return Some(false);
        }
        core[n] = w;
        n += 1;
    }
    let core = &core[..n];
    Some(
        core.is_empty()
            || VAGUE_DESCRIPTIONS.iter().any(|v| {
                v.split(' ').count() == core.len()
                    && v.split(' ')
                        .zip(core)
                        .all(|(a, b)| a.eq_ignore_ascii_case(b))
            }),
    )
}

/// Words in the longest vague phrase.
const LONGEST_VAGUE: usize = 3;

/// Whether a description may be vague, decided without folding it: `false` only for plain
/// printable ASCII that holds more words than any vague phrase with its filler taken out.
/// Dots and apostrophes join words here, as folding joins `S.T.C.` and `SHIPPER'S`; folding
/// never makes fewer words of such text, so a `false` here is a `false` from [`is_vague`].
fn could_be_vague(raw: &str) -> bool {
    let bytes = raw.as_bytes();
    let mut words = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if !(b == b' ' || b.is_ascii_graphic()) {
            return true;
        }
        if !(b.is_ascii_alphanumeric() || b == b'.' || b == b'\'') {
            i += 1;
            continue;
        }
        // One word: letters, digits, and the dots and apostrophes that join them.
        let start = i;
        let (mut letters, mut digits_only) = (0usize, true);
        while i < bytes.len()
            && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'.' || bytes[i] == b'\'')
        {
            if bytes[i].is_ascii_alphanumeric() {
                letters += 1;
                digits_only &= bytes[i].is_ascii_digit();
            }
            i += 1;
        }
        if letters == 0 || digits_only {
            continue;
        }
        let word = &raw[start..i];
        if letters <= LONGEST_FILLER && FILLER.iter().any(|f| same_letters(word, f)) {
            continue;
        }
        words += 1;
        if words > MAX_VAGUE_WORDS {
            return false;
        }
    }
    true
}

/// Letters in the longest filler word.
const LONGEST_FILLER: usize = 8;

/// Whether `word`, without its dots and apostrophes, is `upper` in any case.
fn same_letters(word: &str, upper: &str) -> bool {
    let mut letters = word.bytes().filter(|b| !matches!(b, b'.' | b'\''));
    let mut expected = upper.bytes();
    loop {
        match (letters.next(), expected.next()) {
            (None, None) => return true,
            (Some(a), Some(b)) if a.to_ascii_uppercase() == b => {}
            _ => return false,
        }
    }
}

/// Whether `hay` holds `upper` (upper-case ASCII) in any case.
fn contains_ignoring_case(hay: &str, upper: &str) -> bool {
    hay.as_bytes()
        .windows(upper.len())
        .any(|w| w.eq_ignore_ascii_case(upper.as_bytes()))
}

/// Words in the longest vague phrase, with room to spare.
const MAX_VAGUE_WORDS: usize = 4;

/// [`is_vague`] on a description already folded.
pub fn is_vague_folded(folded: &str) -> bool {
    let core: Vec<&str> = folded
        .split(' ')
        .filter(|w| !w.is_empty() && !FILLER.contains(w) && !w.bytes().all(|b| b.is_ascii_digit()))
        .collect();
    core.is_empty() || VAGUE_DESCRIPTIONS.contains(&core.join(" ").as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_lists_are_written_as_folded_text_is() {
        for w in BANK_WORDS.iter().chain(FORWARDER_WORDS) {
            assert_eq!(fold_text(w), *w);
        }
        // The quick checks' clues cover every word.
        for w in FORWARDER_WORDS {
            assert!(FORWARDER_CLUES.iter().any(|c| w.contains(c)), "{w}");
        }
        for w in BANK_WORDS {
            assert!(w.contains("BAN"), "{w}");
        }
        assert_eq!(
            has_word("SEA BRIDGE FREIGHT LLC", FORWARDER_WORDS),
            Some("FREIGHT")
        );
        assert_eq!(has_word("FREIGHTLINER PARTS", FORWARDER_WORDS), None);
        assert_eq!(has_word("EMIRATES NBD BANK", BANK_WORDS), Some("BANK"));
        assert_eq!(has_word("BANKSIDE TRADING", BANK_WORDS), None);
        assert_eq!(
            has_word(
                &fold_text("Sea Bridge Shipping & Clearing L.L.C"),
                FORWARDER_WORDS
            ),
            Some("CLEARING")
        );
    }

    #[test]
    fn plain_descriptions_are_judged_as_folding_judges_them() {
        assert_eq!(
            VAGUE_DESCRIPTIONS
                .iter()
                .map(|v| v.split(' ').count())
                .max(),
            Some(LONGEST_VAGUE)
        );
        for d in [
            "STC 12 PKGS SPARE PARTS",
            "General cargo",
            "freight all kinds",
            "AS PER INVOICE NO 4471",
            "12 PKGS",
            "SPARE PARTS FOR TOYOTA HILUX",
            "BASMATI RICE 1121 SELLA, 25KG BAGS",
            "GLAZED VITRIFIED TILES 600X1200 MM POLISHED",
            "machinery",
            "MACHINERY AND SPARE PARTS",
        ] {
            assert_eq!(plain_is_vague(d), Some(is_vague(d)), "{d}");
        }
        assert_eq!(plain_is_vague("S.T.C. SPARE PARTS"), None);
        assert_eq!(plain_is_vague("SPARE PARTS \u{200b}"), None);
    }

    #[test]
    fn the_quick_vague_check_never_rules_out_a_vague_description() {
        let longest = VAGUE_DESCRIPTIONS
            .iter()
            .map(|v| v.split(' ').count())
            .max()
            .unwrap();
        assert!(longest < MAX_VAGUE_WORDS);
        assert_eq!(FILLER.iter().map(|f| f.len()).max(), Some(LONGEST_FILLER));
        for d in [
            "STC 12 PKGS SPARE PARTS",
            "S.T.C. 4 PLTS. SPARE PARTS",
            "SHIPPER'S LOAD, STOW AND COUNT: GENERAL CARGO",
            "SPARE\u{200b}PARTS",
            "S.P.A.R.E P.A.R.T.S",
        ] {
            assert!(could_be_vague(d), "{d}");
        }
        for d in VAGUE_DESCRIPTIONS {
            assert!(could_be_vague(d) && is_vague(d), "{d}");
        }
        assert!(!could_be_vague(
            "GLAZED VITRIFIED TILES 600X1200 MM POLISHED, 19 PALLETS, MADE IN CHINA"
        ));
    }

    #[test]
    fn vague_descriptions_are_recognised_through_filler() {
        assert!(is_vague("STC 12 PKGS SPARE PARTS"));
        assert!(is_vague("General cargo"));
        assert!(is_vague("AS PER INVOICE"));
        assert!(!is_vague("BASMATI RICE 1121 SELLA, 25KG BAGS"));
        assert!(!is_vague("SPARE PARTS FOR TOYOTA HILUX"));
    }
}
