//! Scoring: party hits, goods hits and red flags become one 0-100 score, a lane, and a list of
//! reasons, each reason carrying the points it added.
//!
//! Points: each hit party counts its best hit (strong or possible), the vessel its best hit; the
//! goods count their
//! single strongest hit; each red flag counts once. The sum is capped at 100. Lanes follow the
//! `scoring.yellow` and `scoring.red` thresholds, raised to a rule's own lane where it sets one. Nothing here finds hits: it only weighs them.

use crate::config::Config;
use crate::model::{Assessment, GoodsHit, Lane, PartyHit, RedFlag, Shipment, VesselHit};

/// Points a party hit earns: strong above `strong_threshold`, possible otherwise.
pub fn party_points(score: f64, config: &Config) -> u32 {
    if score >= config.screening.strong_threshold {
        config.scoring.party_strong
    } else {
        config.scoring.party_possible
    }
}

/// Weighs the findings for one shipment.
pub fn assess(
    shipment: &Shipment,
    party_hits: Vec<PartyHit>,
    vessel_hits: Vec<VesselHit>,
    goods_hits: Vec<GoodsHit>,
    red_flags: Vec<RedFlag>,
    config: &Config,
) -> Assessment {
    let mut reasons: Vec<(u32, String)> = Vec::new();
    let mut total: u32 = 0;

    // Best hit per party (role + name): one party matching three entries is still one party.
    let mut counted: Vec<(&PartyHit, u32)> = Vec::new();
    for hit in &party_hits {
        let points = hit.points;
        match counted
            .iter_mut()
            .find(|(h, _)| h.role == hit.role && h.party_name == hit.party_name)
        {
            Some(slot) if slot.1 < points => *slot = (hit, points),
            Some(_) => {}
            None => counted.push((hit, points)),
        }
    }
    for (hit, points) in &counted {
        total += points;
        reasons.push((*points, format!("+{points} {}", hit.explain())));
    }

    // The vessel counts its best hit.
    if let Some(best) = vessel_hits.iter().max_by_key(|h| h.points) {
        total += best.points;
        reasons.push((best.points, format!("+{} {}", best.points, best.explain())));
    }

    // Goods count once, by their strongest hit: three lines of ball bearings are not three
    // times the risk. The other lines stay in the reasons, marked as not added.
    let mut lines: Vec<usize> = goods_hits.iter().map(|h| h.line).collect();
    lines.sort_unstable();
    lines.dedup();
    let strongest = goods_hits.iter().max_by_key(|h| h.points);
    if let Some(best) = strongest {
        total += best.points;
        reasons.push((best.points, format!("+{} {}", best.points, best.explain())));
    }
    for line in lines {
        if strongest.is_some_and(|b| b.line == line) {
            continue;
        }
        if let Some(hit) = goods_hits
            .iter()
            .filter(|h| h.line == line)
            .max_by_key(|h| h.points)
        {
            reasons.push((
                0,
                format!(
                    "+0 {} (only the strongest goods hit is added)",
                    hit.explain()
                ),
            ));
        }
    }
    for flag in &red_flags {
        total += flag.points;
        reasons.push((flag.points, format!("+{} {}", flag.points, flag.explain())));
    }
    reasons.sort_by_key(|r| std::cmp::Reverse(r.0));

    let score = total.min(100);
    let by_score = if score >= config.scoring.red {
        Lane::Red
    } else if score >= config.scoring.yellow {
        Lane::Yellow
    } else {
        Lane::Green
    };
    // A rule that sends the shipment to a lane sends it there whatever the score.
    let lane = red_flags
        .iter()
        .filter_map(|f| f.lane)
        .fold(by_score, Lane::max);
    Assessment {
        bill_of_lading: shipment.bill_of_lading.clone(),
        source: shipment.source.clone(),
        score,
        lane,
        party_hits,
        vessel_hits,
        goods_hits,
        red_flags,
        reasons: reasons.into_iter().map(|(_, r)| r).collect(),
        rule_packs: Vec::new(),
        random_selection: None,
        declared_headings: Vec::new(),
    }
}
