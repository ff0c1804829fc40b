//! Selectivity controls, as in ASYCUDA's MODSEL: a random share of each lane is sent one lane
//! up as a control (so that green is never a guarantee), the day's lane rates are compared
//! with the rates a unit expects, and a manifest with more selections than a cap asks for a
//! supervisor's look before anyone works it.
//!
//! A random selection is reproducible: the draw for a bill is a hash of the run's seed and
//! the bill number, and the seed is recorded with every selection it makes.

use sha2::{Digest, Sha256};

use crate::config::SelectivityConfig;
use crate::model::{Assessment, Lane, RandomSelection};

/// The draw for `bill` under `seed`, uniform in [0, 1).
pub fn draw(seed: u64, bill: &str) -> f64 {
    let mut h = Sha256::new();
    h.update(seed.to_le_bytes());
    h.update(bill.as_bytes());
    let digest = h.finalize();
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    // 53 bits: every value is an exact f64 below 1.
    (u64::from_le_bytes(first) >> 11) as f64 / (1u64 << 53) as f64
}

/// A seed for a run that sets none: different for every run, and recorded with each selection.
pub fn fresh_seed() -> u64 {
    let mut h = Sha256::new();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    h.update(now.as_nanos().to_le_bytes());
    h.update(std::process::id().to_le_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&h.finalize()[..8]);
    u64::from_le_bytes(first)
}

fn one_up(lane: Lane) -> Lane {
    match lane {
        Lane::Green => Lane::Yellow,
        Lane::Yellow | Lane::Red => Lane::Red,
    }
}

/// Sends the assessment one lane up when its bill's draw falls under its lane's random rate,
/// and says so in the reasons.
pub fn select_at_random(a: &mut Assessment, config: &SelectivityConfig, seed: u64) {
    let rate = match a.lane {
        Lane::Green => config.random.green,
        Lane::Yellow => config.random.yellow,
        Lane::Red => 0.0,
    };
    if rate <= 0.0 {
        return;
    }
    let d = draw(seed, &a.bill_of_lading);
    if d >= rate {
        return;
    }
    let from = a.lane;
    a.lane = one_up(from);
    a.reasons.push(format!(
        "random selection: {from} sent to {} as a control examination ({:.1}% of {from} bills are; seed {seed}, draw {d:.4})",
        a.lane,
        rate * 100.0
    ));
    a.random_selection = Some(RandomSelection {
        seed,
        rate,
        draw: d,
        from,
    });
}

/// Bills per lane in a run or a day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LaneCounts {
    pub green: usize,
    pub yellow: usize,
    pub red: usize,
}

impl LaneCounts {
    pub fn add(&mut self, lane: Lane) {
        match lane {
            Lane::Green => self.green += 1,
            Lane::Yellow => self.yellow += 1,
            Lane::Red => self.red += 1,
        }
    }

    pub fn total(&self) -> usize {
        self.green + self.yellow + self.red
    }

    /// Bills in the yellow or red lane.
    pub fn selected(&self) -> usize {
        self.yellow + self.red
    }
}

/// Warnings for a set of bills (`what`: "sample.csv"): [`rate_warnings`] and the cap.
pub fn warnings(what: &str, counts: LaneCounts, config: &SelectivityConfig) -> Vec<String> {
    let mut out = rate_warnings(what, counts, config);
    out.extend(cap_warning(what, counts, config));
    out
}

/// A lane whose rate departs from the expected one by more than the tolerance, once there
/// are enough bills to judge (`what`: a manifest, or "today").
pub fn rate_warnings(what: &str, counts: LaneCounts, config: &SelectivityConfig) -> Vec<String> {
    let mut out = Vec::new();
    let total = counts.total();
    if total < config.min_bills_for_rates {
        return out;
    }
    for (lane, expected, n) in [
        ("red", config.expected.red, counts.red),
        ("yellow", config.expected.yellow, counts.yellow),
    ] {
        let Some(expected) = expected else { continue };
        let rate = n as f64 / total as f64;
        if (rate - expected).abs() > config.tolerance {
            out.push(format!(
                "warning: {what}: {n} of {total} bills {lane} ({:.1}%), expected {:.1}% ± {:.1} points: check the lists and rules in force before working the queue",
                rate * 100.0,
                expected * 100.0,
                config.tolerance * 100.0
            ));
        }
    }
    out
}

/// More selected bills in one manifest than the cap.
pub fn cap_warning(what: &str, counts: LaneCounts, config: &SelectivityConfig) -> Option<String> {
    let cap = config.max_selected_per_manifest?;
    (counts.selected() > cap).then(|| {
        format!(
            "warning: {what}: {} of {} bills red or yellow, above the cap of {cap}: ask a supervisor to look before working them (a list or rule may be too wide)",
            counts.selected(),
            counts.total()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{ExpectedRates, RandomRates};

    fn assessment(bill: &str, lane: Lane) -> Assessment {
        Assessment {
            bill_of_lading: bill.into(),
            source: None,
            score: 0,
            lane,
            party_hits: Vec::new(),
            vessel_hits: Vec::new(),
            goods_hits: Vec::new(),
            red_flags: Vec::new(),
            reasons: Vec::new(),
            rule_packs: Vec::new(),
            random_selection: None,
            declared_headings: Vec::new(),
        }
    }

    fn config(green: f64) -> SelectivityConfig {
        SelectivityConfig {
            random: RandomRates { green, yellow: 0.0 },
            ..SelectivityConfig::default()
        }
    }

    #[test]
    fn random_selection_holds_its_rate_and_replays_from_its_logged_seed() {
        let cfg = config(0.05);
        let seed = 20_261_205;
        let run = |seed: u64| -> Vec<String> {
            (0..10_000)
                .map(|i| assessment(&format!("GSPL{i:08}"), Lane::Green))
                .filter_map(|mut a| {
                    select_at_random(&mut a, &cfg, seed);
                    a.random_selection.map(|s| {
                        assert_eq!(s.seed, seed);
                        assert_eq!(s.from, Lane::Green);
                        assert_eq!(a.lane, Lane::Yellow);
                        assert!(a.reasons[0].contains(&seed.to_string()));
                        a.bill_of_lading
                    })
                })
                .collect()
        };
        let selected = run(seed);
        // Binomial(10,000, 0.05): mean 500, standard deviation 21.8; four deviations either way.
        assert!(
            (413..=587).contains(&selected.len()),
            "{} selected",
            selected.len()
        );
        // The logged seed replays the same selection; another seed makes another.
        assert_eq!(run(seed), selected);
        let other = run(seed + 1);
        assert_ne!(other, selected);
        assert!((413..=587).contains(&other.len()), "{}", other.len());
        // The draw a selection records is the draw of its bill.
        let mut a = assessment(&selected[0], Lane::Green);
        select_at_random(&mut a, &cfg, seed);
        let s = a.random_selection.unwrap();
        assert_eq!(s.draw, draw(seed, &selected[0]));
        assert!(s.draw < 0.05);
    }

    #[test]
    fn a_zero_rate_selects_nothing_and_red_is_never_drawn() {
        let mut a = assessment("B1", Lane::Green);
        select_at_random(&mut a, &config(0.0), 1);
        assert_eq!((a.lane, a.random_selection.is_none()), (Lane::Green, true));
        let mut a = assessment("B1", Lane::Red);
        select_at_random(&mut a, &config(1.0), 1);
        assert_eq!((a.lane, a.random_selection.is_none()), (Lane::Red, true));
        let mut a = assessment("B1", Lane::Green);
        select_at_random(&mut a, &config(1.0), 1);
        assert_eq!(a.lane, Lane::Yellow);
    }

    #[test]
    fn rates_far_from_the_expected_ones_and_a_full_manifest_are_warned_about() {
        let cfg = SelectivityConfig {
            expected: ExpectedRates {
                red: Some(0.05),
                yellow: Some(0.10),
            },
            tolerance: 0.05,
            min_bills_for_rates: 50,
            max_selected_per_manifest: Some(20),
            ..SelectivityConfig::default()
        };
        let counts = |green, yellow, red| LaneCounts { green, yellow, red };
        assert!(warnings("run", counts(85, 10, 5), &cfg).is_empty());
        let w = warnings("run", counts(70, 10, 20), &cfg);
        assert_eq!(w.len(), 2, "{w:?}");
        assert!(
            w[0].contains("20 of 100 bills red (20.0%), expected 5.0%"),
            "{w:?}"
        );
        assert!(
            w[1].contains("30 of 100 bills red or yellow, above the cap of 20"),
            "{w:?}"
        );
        // Too few bills to judge a rate; the cap still holds.
        assert!(warnings("run", counts(10, 0, 10), &cfg).is_empty());
        assert_eq!(warnings("run", counts(0, 0, 21), &cfg).len(), 1);
    }
}
