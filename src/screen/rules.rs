//! Red-flag rules: facts about a shipment's parties, route and goods that raise risk on their
//! own or in combination, each with a stable id and the evidence it fired on.
//!
//! Rules here read the shipment and the goods hits already found; they never match names or
//! look up lists. Rule ids are part of the output format (`to-order-consignee`,
//! `high-risk-destination`, ...): a later release may add rules but does not rename them.

use crate::config::RulesConfig;
use crate::country;
use crate::model::{GoodsEvidence, GoodsHit, PartyRole, RedFlag, Shipment};

use super::normalize::fold_text;

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

/// Runs every rule and returns the flags that fired, in rule order.
pub fn red_flags(
    shipment: &Shipment,
    goods_hits: &[GoodsHit],
    rules: &RulesConfig,
) -> Vec<RedFlag> {
    let mut flags = Vec::new();
    to_order_consignee(shipment, rules, &mut flags);
    let route_risk = high_risk_route(shipment, rules, &mut flags);
    if route_risk && !goods_hits.is_empty() && rules.controlled_goods_high_risk_route > 0 {
        let mut lists: Vec<&str> = goods_hits.iter().map(|h| h.list.as_str()).collect();
        lists.dedup();
        flags.push(RedFlag {
            rule: "controlled-goods-high-risk-route".into(),
            detail: format!(
                "goods with {} hits on a route touching a high-risk country",
                lists.join("/")
            ),
            points: rules.controlled_goods_high_risk_route,
        });
    }
    chemical_by_number_only(goods_hits, rules, &mut flags);
    vague_description(shipment, rules, &mut flags);
    flags
}

fn to_order_consignee(shipment: &Shipment, rules: &RulesConfig, flags: &mut Vec<RedFlag>) {
    for p in shipment.parties_in(PartyRole::Consignee) {
        let name = fold_text(&p.name);
        if name == "ORDER" || name.starts_with("TO ORDER") || name.starts_with("TO THE ORDER") {
            let buyer = shipment
                .parties_in(PartyRole::NotifyParty)
                .next()
                .map(|n| format!("; notify party {:?} may be the real buyer", n.name))
                .unwrap_or_default();
            flags.push(RedFlag {
                rule: "to-order-consignee".into(),
                detail: format!("consignee is {:?}: the buyer is not named{buyer}", p.name),
                points: rules.to_order_consignee,
            });
        }
    }
}

/// Flags destinations and transshipment points in high-risk countries; true when any fired.
fn high_risk_route(shipment: &Shipment, rules: &RulesConfig, flags: &mut Vec<RedFlag>) -> bool {
    let risky = |place: &str| {
        country::of_place(place).filter(|c| rules.high_risk_countries.iter().any(|h| h == c.alpha2))
    };
    let r = &shipment.routing;
    let mut destinations: Vec<(String, String)> = Vec::new();
    for (what, place) in [
        ("port of discharge", r.port_of_discharge.as_deref()),
        ("final destination", r.final_destination.as_deref()),
    ] {
        if let Some(c) = place.and_then(risky) {
            destinations.push((
                format!("{what} {}", place.unwrap_or_default()),
                c.name.to_string(),
            ));
        }
    }
    for role in [PartyRole::Consignee, PartyRole::NotifyParty] {
        for p in shipment.parties_in(role) {
            let place = p
                .country
                .as_deref()
                .or(p.address.last().map(String::as_str));
            if let Some(c) = place.and_then(risky) {
                destinations.push((format!("{role} {:?}", p.name), c.name.to_string()));
            }
        }
    }
    let mut fired = false;
    if !destinations.is_empty() {
        let detail = destinations
            .iter()
            .map(|(what, country)| format!("{what} in {country}"))
            .collect::<Vec<_>>()
            .join("; ");
        flags.push(RedFlag {
            rule: "high-risk-destination".into(),
            detail,
            points: rules.high_risk_destination,
        });
        fired = true;
    }
    let via: Vec<String> = r
        .transshipment_ports
        .iter()
        .filter_map(|p| risky(p).map(|c| format!("{p} ({})", c.name)))
        .collect();
    if !via.is_empty() {
        flags.push(RedFlag {
            rule: "high-risk-transshipment".into(),
            detail: format!("transshipment via {}", via.join(", ")),
            points: rules.high_risk_transshipment,
        });
        fired = true;
    }
    fired
}

/// A controlled chemical found by CAS or UN number on a line whose description does not name
/// it: the classic disguise ("INDUSTRIAL SOLVENT").
fn chemical_by_number_only(goods_hits: &[GoodsHit], rules: &RulesConfig, flags: &mut Vec<RedFlag>) {
    for hit in goods_hits {
        let number = match &hit.evidence {
            GoodsEvidence::CasNumber { cas, .. } => format!("CAS {cas}"),
            GoodsEvidence::UnNumber { un_number, .. } => format!("UN {un_number}"),
            _ => continue,
        };
        let named = goods_hits.iter().any(|h| {
            h.line == hit.line
                && h.entry == hit.entry
                && matches!(h.evidence, GoodsEvidence::Keyword { .. })
        });
        let already = flags
            .iter()
            .any(|f| f.rule == "chemical-by-number-only" && f.detail.contains(&hit.label));
        if !named && !already {
            flags.push(RedFlag {
                rule: "chemical-by-number-only".into(),
                detail: format!(
                    "goods line {} declares {number} ({}) without naming it",
                    hit.line + 1,
                    hit.label
                ),
                points: rules.chemical_by_number_only,
            });
        }
    }
}

fn vague_description(shipment: &Shipment, rules: &RulesConfig, flags: &mut Vec<RedFlag>) {
    if shipment.goods.is_empty() {
        return;
    }
    let vague: Vec<String> = shipment
        .goods
        .iter()
        .filter(|g| is_vague(&g.description))
        .map(|g| g.description.clone())
        .collect();
    if vague.len() == shipment.goods.len() {
        flags.push(RedFlag {
            rule: "vague-description".into(),
            detail: format!("goods described only as {}", vague.join(" / ")),
            points: rules.vague_description,
        });
    }
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
