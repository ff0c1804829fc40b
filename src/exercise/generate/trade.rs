//! The ordinary trade of the call: bills drawn from the pools, and the pieces every bill is made
//! of (containers, seals, HS codes and weights written the ways manifests write them).

use super::super::pools::{Controlled, Party, Pools, pools};
use crate::ingest::checks;
use crate::screen::eval::Rng;

/// A party's three columns.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Cols {
    pub(super) name: String,
    pub(super) address: Vec<String>,
    pub(super) country: String,
}

impl Cols {
    pub(super) fn new(name: &str, address: &[String], country: &str) -> Self {
        Cols {
            name: name.to_string(),
            address: address.to_vec(),
            country: country.to_string(),
        }
    }

    pub(super) fn of(p: &Party) -> Self {
        Cols::new(&p.name, &p.address, &p.country)
    }

    pub(super) fn same_as_consignee() -> Self {
        Cols {
            name: "SAME AS CONSIGNEE".into(),
            address: Vec::new(),
            country: String::new(),
        }
    }
}

#[derive(Debug, Clone)]
pub(super) struct Line {
    pub(super) desc: String,
    pub(super) hs: String,
    pub(super) n: u32,
    pub(super) pkg: String,
    /// Kilograms per package.
    pub(super) kg: f64,
    pub(super) size: String,
    pub(super) un: String,
    pub(super) marks: String,
    pub(super) same_container: bool,
}

#[derive(Debug, Clone)]
pub(super) struct Bill {
    pub(super) shipper: Cols,
    pub(super) consignee: Cols,
    pub(super) notify: Cols,
    pub(super) por: String,
    pub(super) pol: String,
    pub(super) tsp: String,
    pub(super) fd: String,
    pub(super) origin: String,
    /// The vessel the bill came on when it is not the call's vessel: `(name, IMO)`.
    pub(super) vessel: Option<(String, String)>,
    pub(super) lines: Vec<Line>,
    /// Wrap descriptions in the boilerplate manifests add.
    pub(super) decorate: bool,
    /// Give the first container a wrong check digit.
    pub(super) bad_container: bool,
}

/// A number in `[0, 1)`.
pub(super) fn unit(rng: &mut Rng) -> f64 {
    (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64
}

pub(super) fn between(rng: &mut Rng, lo: u32, hi: u32) -> u32 {
    lo + rng.below((hi.saturating_sub(lo) + 1) as usize) as u32
}

pub(super) fn shuffle<T>(items: &mut [T], rng: &mut Rng) {
    for i in (1..items.len()).rev() {
        items.swap(i, rng.below(i + 1));
    }
}

/// A generator of its own for each part of the exercise, so that changing how one kind is
/// planted does not move every ordinary bill.
pub(super) fn stream(seed: u64, part: u64) -> Rng {
    Rng::new(
        seed.wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .wrapping_add(part.wrapping_mul(0xD1B5_4A32_D192_ED03))
            ^ 0x5851_F42D_4C95_7F2D,
    )
}

/// The IMO number of a six-digit body: the seventh digit is the check digit.
pub fn imo_number(body: &str) -> String {
    format!("{body}{}", checks::imo_check_digit(body))
}

pub(super) const DRY_OWNERS: &[&str] = &[
    "MSCU", "MSKU", "MRKU", "CMAU", "TGHU", "TCLU", "TEMU", "FCIU", "SEGU", "BMOU", "TRHU", "GESU",
    "CAIU", "DFSU", "BEAU", "TCNU", "OOLU", "EGHU", "HLXU", "ONEU", "YMLU", "SZLU", "GLDU", "TLLU",
];
pub(super) const REEFER_OWNERS: &[&str] = &["MWCU", "SEGU", "TRIU", "CXRU", "SZLU"];
pub(super) const TANK_OWNERS: &[&str] = &["EXFU", "TDTU", "SUTU"];

pub(super) fn container_number(rng: &mut Rng, size: &str) -> String {
    let owners = if size.ends_with("R1") {
        REEFER_OWNERS
    } else if size.ends_with("T6") {
        TANK_OWNERS
    } else {
        DRY_OWNERS
    };
    let owner = rng.pick(owners);
    loop {
        let serial = format!("{owner}{:06}", rng.below(1_000_000));
        let check = checks::iso6346_remainder(serial.as_bytes());
        if check != 10 {
            return format!("{serial}{check}");
        }
    }
}

pub(super) fn seal_number(rng: &mut Rng) -> String {
    match rng.below(6) {
        0 => format!("H{:07}", rng.below(10_000_000)),
        1 => format!("CN{:07}", rng.below(10_000_000)),
        2 => format!(
            "ML{}{:07}",
            rng.pick(&["AE", "IN", "CN", "PK"]),
            rng.below(10_000_000)
        ),
        3 => format!("{:08}", rng.below(100_000_000)),
        4 => format!("SL{:06}", rng.below(1_000_000)),
        _ => format!("EU{:07}", rng.below(10_000_000)),
    }
}

/// An HS code (6 or 8 digits) written one of the ways manifests write it; blank now and then
/// unless `always`.
pub(super) fn hs_written(rng: &mut Rng, code: &str, always: bool) -> String {
    if !always && unit(rng) < 0.08 {
        return String::new();
    }
    let (h4, h6) = (&code[..4], &code[4..6]);
    let mut forms = vec![
        format!("{h4}.{h6}"),
        format!("{h4}{h6}"),
        format!("HS CODE {h4}.{h6}"),
    ];
    if code.len() >= 8 {
        let ext = &code[6..8];
        forms.push(format!("{h4} {h6} {ext}"));
        forms.push(format!("{h4}.{h6}.{ext}"));
        forms.push(format!("{h4}{h6}{ext}"));
    }
    rng.pick(&forms).clone()
}

pub(super) fn weight_written(rng: &mut Rng, kg: f64) -> String {
    match rng.below(3) {
        0 => format!("{kg:.3}"),
        1 => format!("{kg:.2}"),
        _ => format!("{}", kg.round() as i64),
    }
}

pub(super) fn decorate(rng: &mut Rng, desc: &str, n: u32, pkg: &str) -> String {
    let r = unit(rng);
    if r < 0.15 {
        format!("{n} {pkg} STC {desc}")
    } else if r < 0.25 {
        format!("SHIPPER'S LOAD, STOW AND COUNT {desc}")
    } else if r < 0.32 {
        format!("{desc} FREIGHT PREPAID")
    } else if r < 0.37 {
        format!("SAID TO CONTAIN {desc}")
    } else {
        desc.to_string()
    }
}

pub(super) fn initials(name: &str) -> String {
    name.replace('&', "")
        .split_whitespace()
        .take(3)
        .filter_map(|w| w.chars().next())
        .collect::<String>()
        .to_uppercase()
}

/// An ordinary bill of the vessel's trade: a shipper on one of `lanes`, a consignee who buys
/// what it ships, 1-3 goods lines.
pub(super) fn ordinary_bill(p: &Pools, lanes: &[String], rng: &mut Rng) -> Bill {
    let shippers: Vec<_> = p
        .shippers
        .iter()
        .filter(|s| lanes.contains(&s.lane))
        .collect();
    let shipper = *rng.pick(&shippers);
    let key = rng.pick(&shipper.goods).clone();
    let category = &p.goods(&key).category;
    let mut fitting: Vec<_> = p
        .consignees
        .iter()
        .filter(|c| c.categories.contains(category))
        .collect();
    if fitting.is_empty() {
        fitting = p
            .consignees
            .iter()
            .filter(|c| c.categories.iter().any(|k| k == "general"))
            .collect();
    }
    let cons = *rng.pick(&fitting);
    let fd = rng.pick(&cons.destinations).clone();
    let consignee = Cols::new(&cons.name, &cons.address, &cons.country);
    let r = unit(rng);
    let notify = if r < 0.45 {
        Cols::same_as_consignee()
    } else if r < 0.75 {
        Cols::of(rng.pick(&p.agents))
    } else {
        consignee.clone()
    };
    let lane = p.lane(&shipper.lane);
    let receipt = rng.pick(&lane.receipt);
    let pol = receipt.port.clone();
    let por = if ["fresh", "fish", "chem_bulk"].contains(&category.as_str()) {
        pol.clone()
    } else {
        rng.pick(&receipt.places).clone()
    };
    let tsp = rng.pick(&lane.transshipment).clone();
    let n_lines = match unit(rng) {
        x if x < 0.16 => 2,
        x if x < 0.24 => 3,
        _ => 1,
    };
    let first = (key.clone(), rng.below(p.goods(&key).descriptions.len()));
    let mut rest: Vec<(String, usize)> = shipper
        .goods
        .iter()
        .filter(|k| p.goods(k).category == *category)
        .flat_map(|k| (0..p.goods(k).descriptions.len()).map(move |i| (k.clone(), i)))
        .filter(|o| *o != first)
        .collect();
    shuffle(&mut rest, rng);
    let mut picks = vec![first];
    picks.extend(rest.into_iter().take(n_lines - 1));
    let share = picks.len() > 1 && unit(rng) < 0.5 && category != "chem_bulk";
    let mut lines: Vec<Line> = Vec::new();
    let marks_initials = initials(&cons.name);
    for (k, di) in &picks {
        let g = p.goods(k);
        let u = *rng.pick(&g.units);
        let d = &g.descriptions[*di];
        let desc = d.text.replace("{u}", &u.to_string());
        let code = rng.pick(&d.hs).clone();
        let net = f64::from(between(rng, g.net[0], g.net[1]))
            / if share { picks.len() as f64 } else { 1.0 };
        let n = ((net / f64::from(u)).round() as u32).max(1);
        let per = if d.text.contains("{u}") {
            f64::from(u) + *rng.pick(&[0.1, 0.2, 0.25, 0.5])
        } else {
            f64::from(u) * (0.97 + 0.06 * unit(rng))
        };
        let mut size = rng.pick(&g.sizes).clone();
        let marks = match rng.below(6) {
            0 => "N/M".to_string(),
            1 => "NO MARKS".to_string(),
            2 => format!("{marks_initials} / {}", &fd[2..]),
            3 => "AS ADDRESSED".to_string(),
            4 => format!("{marks_initials} C/NO. 1-{n}"),
            _ => String::new(),
        };
        let same = share && !lines.is_empty();
        if same {
            size = lines[0].size.clone();
        }
        let hs = hs_written(rng, &code, false);
        lines.push(Line {
            desc,
            hs,
            n,
            pkg: g.package.clone(),
            kg: per,
            size,
            un: g.un.clone().unwrap_or_default(),
            marks,
            same_container: same,
        });
    }
    Bill {
        shipper: Cols::new(&shipper.name, &shipper.address, &shipper.country),
        consignee,
        notify,
        por,
        pol,
        tsp,
        fd,
        origin: shipper.lane.clone(),
        vessel: None,
        lines,
        decorate: true,
        bad_container: false,
    }
}

/// The transshipment ports between a port of loading and the hub.
pub(super) fn via(pol: &str) -> &'static str {
    match &pol[..2] {
        "CN" | "TW" | "KR" => "LKCMB",
        "MY" | "TH" => "SGSIN",
        "ES" => "EGPSD",
        _ => "",
    }
}

/// One line of a controlled or chemical item.
pub(super) fn one_line(
    rng: &mut Rng,
    desc: String,
    hs: String,
    pkg: &str,
    n: u32,
    kg: f64,
) -> Line {
    Line {
        desc,
        hs,
        n,
        pkg: pkg.to_string(),
        kg,
        size: "22G1".to_string(),
        un: String::new(),
        marks: format!("C/NO. 1-{n}"),
        same_container: false,
    }
    .with_marks(rng)
}

impl Line {
    pub(super) fn with_marks(mut self, rng: &mut Rng) -> Self {
        if rng.chance(40) {
            self.marks = "N/M".into();
        }
        self
    }
}

/// A bill carrying `item` from its shipper to `consignee` at `fd`.
pub(super) fn controlled_bill(
    rng: &mut Rng,
    item: &Controlled,
    desc: String,
    hs: String,
    consignee: Cols,
    fd: &str,
) -> Bill {
    let n = between(rng, item.units[0], item.units[1]);
    let kg = f64::from(between(rng, item.kg[0], item.kg[1])) + unit(rng).round() * 0.5;
    let notify = if rng.chance(50) {
        Cols::same_as_consignee()
    } else {
        Cols::of(rng.pick(&pools().agents))
    };
    Bill {
        shipper: Cols::new(
            &item.shipper.name,
            &item.shipper.address,
            &item.shipper.country,
        ),
        consignee,
        notify,
        por: item.shipper.port.clone(),
        pol: item.shipper.port.clone(),
        tsp: via(&item.shipper.port).to_string(),
        fd: fd.to_string(),
        origin: item.shipper.country.clone(),
        vessel: None,
        lines: vec![one_line(rng, desc, hs, &item.package, n, kg)],
        decorate: false,
        bad_container: false,
    }
}
