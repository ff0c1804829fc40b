//! Facts about a shipment that rules ask for by name: a vague description, a consignee that
//! is TO ORDER, a bank or a freight forwarder, a weight written in a unit of weight.

use serde::Deserialize;

use crate::model::{Party, PartyRole, Shipment};
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
    "SHIPPING & CLEARING",
];

/// A name or description folded for word matching (upper case, one space between words).
pub fn fold(text: &str) -> String {
    fold_text(text)
}

fn has_word(folded: &str, words: &[&'static str]) -> Option<&'static str> {
    let padded = format!(" {folded} ");
    words
        .iter()
        .copied()
        .find(|w| padded.contains(&format!(" {} ", fold_text(w))))
}

/// Whether `party` is a TO ORDER, bank or forwarder party, and if so why, in words.
pub fn party_is(s: &Shipment, p: &Party, facet: PartyFacet) -> Option<String> {
    let name = fold_text(&p.name);
    let role = p.role.as_str().replace('_', " ");
    match facet {
        PartyFacet::ToOrder => {
            let to_order =
                name == "ORDER" || name.starts_with("TO ORDER") || name.starts_with("TO THE ORDER");
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
            has_word(&name, BANK_WORDS).map(|w| format!("{role} {:?} is a bank ({w})", p.name))
        }
        PartyFacet::Forwarder => has_word(&name, FORWARDER_WORDS).map(|w| {
            format!(
                "{role} {:?} is a freight forwarder or logistics firm ({w})",
                p.name
            )
        }),
    }
}

/// The consignee's name when the notify party is the same firm (or says SAME AS CONSIGNEE).
pub fn consignee_is_notify_party(s: &Shipment) -> Option<String> {
    let consignee = s.parties_in(PartyRole::Consignee).next()?;
    let notify = s.parties_in(PartyRole::NotifyParty).next()?;
    let (c, n) = (fold_text(&consignee.name), fold_text(&notify.name));
    (c == n || n == "SAME AS CONSIGNEE").then(|| consignee.name.clone())
}

/// The descriptions of the goods lines that say nothing about the goods.
pub fn vague_lines(s: &Shipment) -> Vec<String> {
    s.goods
        .iter()
        .filter(|g| is_vague(&g.description))
        .map(|g| g.description.clone())
        .collect()
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
    let folded = fold_text(description);
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
    fn vague_descriptions_are_recognised_through_filler() {
        assert!(is_vague("STC 12 PKGS SPARE PARTS"));
        assert!(is_vague("General cargo"));
        assert!(is_vague("AS PER INVOICE"));
        assert!(!is_vague("BASMATI RICE 1121 SELLA, 25KG BAGS"));
        assert!(!is_vague("SPARE PARTS FOR TOYOTA HILUX"));
    }
}
