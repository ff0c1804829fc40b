//! Generating an exercise: a vessel's call at Jebel Ali with ordinary trade drawn from the pools,
//! planted items of every kind at random places, decoys, and the injects. One seed and one set of
//! lists give one exercise; nothing reads the clock.

use sha2::{Digest, Sha256};

mod plant;
mod trade;

use plant::Planter;
pub use trade::imo_number;
use trade::{
    Bill, container_number, decorate, ordinary_bill, seal_number, shuffle, stream, unit,
    weight_written,
};

use super::key::{AnswerKey, ItemKind, KeyItem};
use super::pools::pools;
use super::render::{Table, col};
use super::{Difficulty, Settings};
use crate::lists::WatchList;
use crate::lists::goods::GoodsLists;
use crate::screen::eval::Rng;

/// The hub every exercise calls at (its pools are Jebel Ali's trade).
pub const HUB: &str = "AEJEA";
pub const HUB_NAME: &str = "Jebel Ali, Dubai";

/// A generated exercise, before it is written as a bundle.
#[derive(Debug, Clone)]
pub struct Exercise {
    /// A short id derived from everything generated (`EX-` and 8 hex digits).
    pub id: String,
    pub settings: Settings,
    pub vessel: String,
    pub imo: String,
    pub voyage: String,
    /// `feeder` or `mother vessel`.
    pub call: String,
    pub table: Table,
    pub key: AnswerKey,
    pub injects: Vec<Inject>,
    /// The lists planted parties were drawn from: `(name, version, content hash)`.
    pub lists: Vec<(String, String, String)>,
}

/// Something the trainer scheduled to happen during the exercise.
#[derive(Debug, Clone, PartialEq)]
pub struct Inject {
    pub name: String,
    pub kind: InjectKind,
    /// Minutes after the start.
    pub at_minutes: u32,
    /// What the trainee is told when it happens.
    pub says: String,
    /// The file it brings: an agency list file, or a manifest holding the amended bill.
    pub file_name: String,
    /// For an amended bill, the rows of the manifest it brings.
    pub rows: Option<Table>,
    /// For a list update, the list file's text.
    pub text: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum InjectKind {
    ListUpdate,
    AmendedBill,
}

#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    #[error(
        "--bills {bills} is too few: a {difficulty} exercise plants {planted} items and decoys, so it needs at least {min} bills"
    )]
    TooFewBills {
        bills: usize,
        difficulty: Difficulty,
        planted: usize,
        min: usize,
    },
    #[error("--bills {0} is too many: at most 5,000")]
    TooManyBills(usize),
    #[error("--lists {name}: no list loaded has that name (loaded: {loaded})")]
    UnknownList { name: String, loaded: String },
    #[error("the lists chosen hold no {what} to plant ({lists}); choose lists that do")]
    NothingToPlant { what: &'static str, lists: String },
}

/// What goes on the manifest at one position.
enum Slot {
    Ordinary,
    Planted(ItemKind),
}

/// Generates the exercise `settings` ask for, drawing denied parties from `lists` (all of them,
/// or those `settings.lists` names) and goods labels from `goods`.
pub fn generate(
    settings: &Settings,
    lists: &[WatchList],
    goods: &GoodsLists,
) -> Result<Exercise, GenerateError> {
    let p = pools();
    let chosen: Vec<&WatchList> = if settings.lists.is_empty() {
        lists.iter().collect()
    } else {
        let mut out = Vec::new();
        for name in &settings.lists {
            match lists.iter().find(|l| l.name.eq_ignore_ascii_case(name)) {
                Some(l) => out.push(l),
                None => {
                    return Err(GenerateError::UnknownList {
                        name: name.clone(),
                        loaded: lists
                            .iter()
                            .map(|l| l.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", "),
                    });
                }
            }
        }
        out
    };
    let seed = settings.seed;
    let difficulty = settings.difficulty;
    let mut plan: Vec<ItemKind> = Vec::new();
    for kind in ItemKind::PLANTED {
        let extra = usize::from(kind == ItemKind::DeniedParty && difficulty != Difficulty::Easy);
        plan.extend(std::iter::repeat_n(kind, difficulty.planted_each() + extra));
    }
    for kind in ItemKind::DECOYS {
        plan.extend(std::iter::repeat_n(kind, difficulty.decoys_each()));
    }
    if settings.injects {
        plan.extend(ItemKind::INJECTED);
    }
    let min = plan.len() * 2;
    if settings.bills < min {
        return Err(GenerateError::TooFewBills {
            bills: settings.bills,
            difficulty,
            planted: plan.len(),
            min,
        });
    }
    if settings.bills > 5000 {
        return Err(GenerateError::TooManyBills(settings.bills));
    }

    let mut call_rng = stream(seed, 1);
    let vessel = call_rng.pick(&p.vessels);
    let imo = imo_number(&vessel.imo_body);
    let day = 1 + (seed % 28) as u32;
    let prepared = format!("202611{day:02}0600");
    let vessel_initials: String = vessel
        .name
        .split_whitespace()
        .filter_map(|w| w.chars().next())
        .collect();
    let voyage = format!("{vessel_initials}2611{}", ["E", "W"][call_rng.below(2)]);
    let bl_prefix = format!("{vessel_initials}EX2611");

    let mut place_rng = stream(seed, 2);
    let mut positions: Vec<usize> = (0..settings.bills).collect();
    shuffle(&mut positions, &mut place_rng);
    let mut slots: Vec<Slot> = (0..settings.bills).map(|_| Slot::Ordinary).collect();
    for (kind, at) in plan.iter().zip(&positions) {
        slots[*at] = Slot::Planted(*kind);
    }

    let planter = Planter {
        p,
        goods,
        lists: &chosen,
        difficulty,
        lanes: vessel.lanes.clone(),
        listed: chosen
            .iter()
            .flat_map(|l| l.entries.iter())
            .flat_map(|e| std::iter::once(&e.name).chain(e.aliases.iter().map(|a| &a.name)))
            .map(|n| n.to_uppercase())
            .collect(),
    };
    let mut trade_rng = stream(seed, 3);
    let mut plant_rng = stream(seed, 4);
    let mut bills: Vec<(Bill, Option<KeyItem>)> = Vec::with_capacity(settings.bills);
    let mut list_update_text = None;
    let mut amended_bill = None;
    for slot in &slots {
        match slot {
            Slot::Ordinary => bills.push((ordinary_bill(p, &vessel.lanes, &mut trade_rng), None)),
            Slot::Planted(kind) => {
                let r = &mut plant_rng;
                let planted = match kind {
                    ItemKind::DeniedParty => planter.denied_party(r)?,
                    ItemKind::Vessel => planter.vessel(r)?,
                    ItemKind::DisguisedGoods => planter.disguised_goods(r),
                    ItemKind::ChplDiversion => planter.chpl_diversion(r),
                    ItemKind::ChemicalByNumber => planter.chemical(r),
                    ItemKind::OpaqueConsignee => planter.opaque(r),
                    ItemKind::CheckDigit => planter.check_digit(r),
                    ItemKind::EmbargoedDestination => planter.embargoed(r),
                    ItemKind::NearName => planter.near_name(r)?,
                    ItemKind::LicensedItem => planter.licensed(r),
                    ItemKind::OrdinaryRoute => planter.ordinary_route(r),
                    ItemKind::ListUpdate => {
                        let (planted, text) = planter.list_update(r, seed);
                        list_update_text = Some(text);
                        planted
                    }
                    ItemKind::AmendedBill => {
                        let (planted, amended) = planter.amended(r);
                        amended_bill = Some((bills.len(), amended));
                        planted
                    }
                };
                bills.push((planted.bill, Some(planted.item)));
            }
        }
    }

    // Rows, with bill numbers and containers drawn in manifest order.
    let mut row_rng = stream(seed, 5);
    let mut rows = Vec::new();
    let mut items = Vec::new();
    let mut amended_rows = Vec::new();
    let mut seq = 1;
    for (index, (bill, item)) in bills.iter_mut().enumerate() {
        let bl = format!("{bl_prefix}{seq:04}");
        seq += if unit(&mut row_rng) > 0.04 { 1 } else { 2 };
        let first_row = rows.len();
        let containers = bill_rows(&mut row_rng, bill, &bl, vessel, &imo, &voyage, &mut rows);
        if let Some(mut item) = item.take() {
            item.bill = bl.clone();
            if item.kind == ItemKind::CheckDigit {
                let (good, bad) = &containers[0];
                item.flag = format!("container {bad} fails its ISO 6346 check digit");
                item.explanation = format!(
                    "Container {bad} fails its ISO 6346 check digit: the last digit should be {}. \
                     A mistyped or invented container number means the box on the quay may not \
                     be the box on the bill; hold for the carrier's records (DOCS-MISSING).",
                    &good[10..]
                );
                item.evidence.container = Some(bad.clone());
            }
            items.push(item);
        }
        if let Some((at, amended)) = &amended_bill
            && *at == index
        {
            for row in &rows[first_row..] {
                let mut new = row.clone();
                new[col("Consignee")] = amended.consignee.name.clone();
                new[col("Consignee Address")] = amended.consignee.address.join(" / ");
                new[col("Consignee Country")] = amended.consignee.country.clone();
                new[col("Notify Party")] = amended.notify.name.clone();
                new[col("Notify Address")] = amended.notify.address.join(" / ");
                new[col("Notify Country")] = amended.notify.country.clone();
                new[col("Final Destination")] = amended.fd.clone();
                amended_rows.push(new);
            }
        }
    }
    items.sort_by(|a, b| a.bill.cmp(&b.bill));

    let table = Table {
        rows,
        prepared: prepared.clone(),
        port: HUB.to_string(),
    };
    let minutes = settings.minutes;
    let at = |share: u32| minutes.map_or(10 * share, |m| (m * share / 6).max(1));
    let mut injects = Vec::new();
    if let Some(text) = list_update_text {
        injects.push(Inject {
            name: "list-update".into(),
            kind: InjectKind::ListUpdate,
            at_minutes: at(2),
            says: "A list update has arrived: HUB WATCHLIST has a new entry. Shipments already \
                   screened are screened again against it."
                .into(),
            file_name: "list-update.csv".into(),
            rows: None,
            text: Some(text),
        });
    }
    if !amended_rows.is_empty() {
        injects.push(Inject {
            name: "amended-bill".into(),
            kind: InjectKind::AmendedBill,
            at_minutes: at(3),
            says: "The carrier has sent an amended bill of lading; it replaces the bill on the \
                   manifest."
                .into(),
            file_name: format!("amended-bill.{}", settings.format.extension()),
            rows: Some(Table {
                rows: amended_rows,
                prepared: table.prepared.clone(),
                port: HUB.to_string(),
            }),
            text: None,
        });
    }
    for item in &mut items {
        item.inject = match item.kind {
            ItemKind::ListUpdate => Some("list-update".into()),
            ItemKind::AmendedBill => Some("amended-bill".into()),
            _ => None,
        };
    }

    let mut hash = Sha256::new();
    hash.update(serde_json::to_vec(settings).unwrap_or_default());
    for row in &table.rows {
        for cell in row {
            hash.update(cell.as_bytes());
            hash.update([0x1f]);
        }
    }
    let digest = hash.finalize();
    let id = format!(
        "EX-{}",
        digest[..4]
            .iter()
            .map(|b| format!("{b:02X}"))
            .collect::<String>()
    );
    Ok(Exercise {
        key: AnswerKey {
            exercise: id.clone(),
            settings: settings.clone(),
            items,
        },
        id,
        settings: settings.clone(),
        vessel: vessel.name.clone(),
        imo,
        voyage,
        call: vessel.call.clone(),
        table,
        injects,
        lists: chosen
            .iter()
            .map(|l| (l.name.clone(), l.version.clone(), l.content_hash.clone()))
            .collect(),
    })
}

/// Writes a bill's rows; returns its containers as `(right number, number written)`.
fn bill_rows(
    rng: &mut Rng,
    bill: &Bill,
    bl: &str,
    vessel: &super::pools::Vessel,
    imo: &str,
    voyage: &str,
    rows: &mut Vec<[String; 30]>,
) -> Vec<(String, String)> {
    let mut containers: Vec<(String, String)> = Vec::new();
    let mut current: Option<(String, String, String)> = None;
    for line in &bill.lines {
        if current.is_none() || !line.same_container {
            let good = container_number(rng, &line.size);
            let written = if bill.bad_container && containers.is_empty() {
                let d = good.as_bytes()[10] - b'0';
                format!("{}{}", &good[..10], (d + 1 + rng.below(8) as u8) % 10)
            } else {
                good.clone()
            };
            containers.push((good, written.clone()));
            current = Some((written, seal_number(rng), line.size.clone()));
        }
        let (container, seal, size) = current.clone().unwrap_or_default();
        let desc = if bill.decorate {
            decorate(rng, &line.desc, line.n, &line.pkg)
        } else {
            line.desc.clone()
        };
        let gross = f64::from(line.n) * line.kg;
        let (vname, vimo) = match &bill.vessel {
            Some((n, i)) => (n.clone(), i.clone()),
            None => (vessel.name.clone(), imo.to_string()),
        };
        rows.push([
            bl.to_string(),
            vname,
            vimo,
            voyage.to_string(),
            vessel.flag.clone(),
            bill.shipper.name.clone(),
            bill.shipper.address.join(" / "),
            bill.shipper.country.clone(),
            bill.consignee.name.clone(),
            bill.consignee.address.join(" / "),
            bill.consignee.country.clone(),
            bill.notify.name.clone(),
            bill.notify.address.join(" / "),
            bill.notify.country.clone(),
            bill.por.clone(),
            bill.pol.clone(),
            bill.tsp.clone(),
            HUB.to_string(),
            bill.fd.clone(),
            bill.origin.clone(),
            container,
            seal,
            size,
            desc,
            line.hs.clone(),
            line.n.to_string(),
            line.pkg.clone(),
            weight_written(rng, gross),
            line.un.clone(),
            line.marks.clone(),
        ]);
    }
    containers
}

/// Whether a bill's routing is ordinary: used by tests to check that no unplanted bill goes to a
/// destination of concern.
pub fn restricted_destination(place: &str) -> bool {
    ["IR", "RU", "KP", "SY", "BY", "KZ", "KG", "AM", "UZ", "GE"]
        .iter()
        .any(|c| place.starts_with(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_digits_follow_the_standards() {
        // The sample feeder's IMO and a published ISO 6346 example.
        assert_eq!(imo_number("941723"), "9417232");
        assert_eq!(crate::ingest::checks::iso6346_remainder(b"CSQU305438"), 3);
        assert!(crate::ingest::checks::iso6346("CSQU3054383").is_ok());
    }
}
