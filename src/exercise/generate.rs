//! Generating an exercise: a vessel's call at Jebel Ali with ordinary trade drawn from the pools,
//! planted items of every kind at random places, decoys, and the injects. One seed and one set of
//! lists give one exercise; nothing reads the clock.

use std::collections::BTreeSet;

use sha2::{Digest, Sha256};

use super::key::{AnswerKey, Evidence, ItemKind, KeyItem};
use super::pools::{Controlled, Party, Pools, pools};
use super::render::{Table, col};
use super::{Difficulty, Settings};
use crate::lists::goods::GoodsLists;
use crate::lists::{ListEntry, WatchList};
use crate::model::EntityKind;
use crate::screen::eval::{Rng, disguise};

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

/// A party's three columns.
#[derive(Debug, Clone, PartialEq)]
struct Cols {
    name: String,
    address: Vec<String>,
    country: String,
}

impl Cols {
    fn new(name: &str, address: &[String], country: &str) -> Self {
        Cols {
            name: name.to_string(),
            address: address.to_vec(),
            country: country.to_string(),
        }
    }

    fn of(p: &Party) -> Self {
        Cols::new(&p.name, &p.address, &p.country)
    }

    fn same_as_consignee() -> Self {
        Cols {
            name: "SAME AS CONSIGNEE".into(),
            address: Vec::new(),
            country: String::new(),
        }
    }
}

#[derive(Debug, Clone)]
struct Line {
    desc: String,
    hs: String,
    n: u32,
    pkg: String,
    /// Kilograms per package.
    kg: f64,
    size: String,
    un: String,
    marks: String,
    same_container: bool,
}

#[derive(Debug, Clone)]
struct Bill {
    shipper: Cols,
    consignee: Cols,
    notify: Cols,
    por: String,
    pol: String,
    tsp: String,
    fd: String,
    origin: String,
    /// The vessel the bill came on when it is not the call's vessel: `(name, IMO)`.
    vessel: Option<(String, String)>,
    lines: Vec<Line>,
    /// Wrap descriptions in the boilerplate manifests add.
    decorate: bool,
    /// Give the first container a wrong check digit.
    bad_container: bool,
}

/// A number in `[0, 1)`.
fn unit(rng: &mut Rng) -> f64 {
    (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64
}

fn between(rng: &mut Rng, lo: u32, hi: u32) -> u32 {
    lo + rng.below((hi.saturating_sub(lo) + 1) as usize) as u32
}

fn shuffle<T>(items: &mut [T], rng: &mut Rng) {
    for i in (1..items.len()).rev() {
        items.swap(i, rng.below(i + 1));
    }
}

/// A generator of its own for each part of the exercise, so that changing how one kind is
/// planted does not move every ordinary bill.
fn stream(seed: u64, part: u64) -> Rng {
    Rng::new(
        seed.wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .wrapping_add(part.wrapping_mul(0xD1B5_4A32_D192_ED03))
            ^ 0x5851_F42D_4C95_7F2D,
    )
}

/// The IMO number of a six-digit body: the seventh digit is the check digit.
pub fn imo_number(body: &str) -> String {
    let sum: u32 = body
        .bytes()
        .zip((2..=7).rev())
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    format!("{body}{}", sum % 10)
}

fn letter_value(c: u8) -> u32 {
    // A=10, skipping multiples of 11.
    let mut v = 10;
    for l in b'A'..=b'Z' {
        if v % 11 == 0 {
            v += 1;
        }
        if l == c {
            return v;
        }
        v += 1;
    }
    0
}

/// The ISO 6346 check digit of the first ten characters (10 means "avoid this serial").
pub fn container_check_digit(first10: &str) -> u32 {
    first10
        .bytes()
        .enumerate()
        .map(|(i, c)| {
            let v = if c.is_ascii_digit() {
                u32::from(c - b'0')
            } else {
                letter_value(c)
            };
            v << i
        })
        .sum::<u32>()
        % 11
}

const DRY_OWNERS: &[&str] = &[
    "MSCU", "MSKU", "MRKU", "CMAU", "TGHU", "TCLU", "TEMU", "FCIU", "SEGU", "BMOU", "TRHU", "GESU",
    "CAIU", "DFSU", "BEAU", "TCNU", "OOLU", "EGHU", "HLXU", "ONEU", "YMLU", "SZLU", "GLDU", "TLLU",
];
const REEFER_OWNERS: &[&str] = &["MWCU", "SEGU", "TRIU", "CXRU", "SZLU"];
const TANK_OWNERS: &[&str] = &["EXFU", "TDTU", "SUTU"];

fn container_number(rng: &mut Rng, size: &str) -> String {
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
        let check = container_check_digit(&serial);
        if check != 10 {
            return format!("{serial}{check}");
        }
    }
}

fn seal_number(rng: &mut Rng) -> String {
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
fn hs_written(rng: &mut Rng, code: &str, always: bool) -> String {
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

fn weight_written(rng: &mut Rng, kg: f64) -> String {
    match rng.below(3) {
        0 => format!("{kg:.3}"),
        1 => format!("{kg:.2}"),
        _ => format!("{}", kg.round() as i64),
    }
}

fn decorate(rng: &mut Rng, desc: &str, n: u32, pkg: &str) -> String {
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

fn initials(name: &str) -> String {
    name.replace('&', "")
        .split_whitespace()
        .take(3)
        .filter_map(|w| w.chars().next())
        .collect::<String>()
        .to_uppercase()
}

/// An ordinary bill of the vessel's trade: a shipper on one of `lanes`, a consignee who buys
/// what it ships, 1-3 goods lines.
fn ordinary_bill(p: &Pools, lanes: &[String], rng: &mut Rng) -> Bill {
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
fn via(pol: &str) -> &'static str {
    match &pol[..2] {
        "CN" | "TW" | "KR" => "LKCMB",
        "MY" | "TH" => "SGSIN",
        "ES" => "EGPSD",
        _ => "",
    }
}

/// One line of a controlled or chemical item.
fn one_line(rng: &mut Rng, desc: String, hs: String, pkg: &str, n: u32, kg: f64) -> Line {
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
    fn with_marks(mut self, rng: &mut Rng) -> Self {
        if rng.chance(40) {
            self.marks = "N/M".into();
        }
        self
    }
}

/// A bill carrying `item` from its shipper to `consignee` at `fd`.
fn controlled_bill(
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

fn entry_country(e: &ListEntry) -> Vec<String> {
    e.countries.clone()
}

fn listed_line(list: &str, e: &ListEntry) -> String {
    let countries = if e.countries.is_empty() {
        String::new()
    } else {
        format!(" ({})", e.countries.join(", "))
    };
    format!("{list} entry {} '{}'{countries}", e.id, e.name)
}

/// The CHPL (or other hs-prefix list) entry covering `code`.
fn chpl<'a>(goods: &'a GoodsLists, code: &str) -> Option<&'a crate::lists::goods::HsPrefixEntry> {
    goods
        .hs_prefixes
        .iter()
        .filter(|h| code.starts_with(&h.hs_prefix))
        .max_by_key(|h| h.hs_prefix.len())
}

fn chpl_words(goods: &GoodsLists, code: &str) -> String {
    match chpl(goods, code) {
        Some(h) => format!(
            "HS {} is on the {} as {} ({})",
            dotted(code),
            h.list,
            h.entry,
            h.label
        ),
        None => format!("HS {}", dotted(code)),
    }
}

fn dotted(code: &str) -> String {
    if code.len() > 4 {
        format!("{}.{}", &code[..4], &code[4..])
    } else {
        code.to_string()
    }
}

/// Dubai addresses a front company gives when the list has none.
const FRONT_ADDRESSES: &[&[&str]] = &[
    &[
        "OFFICE 1405, AL MOOSA TOWER 2",
        "SHEIKH ZAYED ROAD",
        "DUBAI, UAE",
    ],
    &["P.O. BOX 52170", "DEIRA, DUBAI"],
    &["SUITE 2209, CONRAD BUSINESS TOWER", "DUBAI, U.A.E."],
    &["WAREHOUSE 31, RAS AL KHOR IND. AREA 2", "DUBAI UAE"],
];

fn address_lines(address: &str) -> Vec<String> {
    address
        .split(", ")
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .take(4)
        .collect()
}

/// What the generator plants where, before bill numbers exist.
struct Planted {
    bill: Bill,
    item: KeyItem,
}

fn item(kind: ItemKind, flag: String, explanation: String, evidence: Evidence) -> KeyItem {
    KeyItem {
        bill: String::new(),
        kind,
        expected: kind.expected(),
        reason_codes: kind.reason_codes().iter().map(|c| c.to_string()).collect(),
        flag,
        explanation,
        evidence,
        inject: None,
    }
}

struct Planter<'a> {
    p: &'a Pools,
    goods: &'a GoodsLists,
    lists: &'a [&'a WatchList],
    difficulty: Difficulty,
    lanes: Vec<String>,
    /// Names of every listed entry, upper case: a decoy must not be one.
    listed: BTreeSet<String>,
}

impl Planter<'_> {
    fn parties(&self, persons: bool) -> Vec<(&WatchList, &ListEntry)> {
        self.lists
            .iter()
            .flat_map(|l| l.entries.iter().map(move |e| (*l, e)))
            .filter(|(_, e)| {
                (e.kind == EntityKind::Person) == persons
                    && matches!(e.kind, EntityKind::Person | EntityKind::Organization)
                    && e.name.chars().filter(|c| c.is_alphabetic()).count() >= 6
                    && e.name.split_whitespace().count() >= 2
            })
            .collect()
    }

    fn denied_party(&self, rng: &mut Rng) -> Result<Planted, GenerateError> {
        let persons = rng.chance(30) && !self.parties(true).is_empty();
        let pool = self.parties(persons);
        if pool.is_empty() {
            return Err(self.nothing("person or organisation"));
        }
        let (list, e) = *rng.pick(&pool);
        let mut bill = ordinary_bill(self.p, &self.lanes, rng);
        let source =
            if self.difficulty == Difficulty::Hard && !e.aliases.is_empty() && rng.chance(50) {
                rng.pick(&e.aliases).name.clone()
            } else {
                e.name.clone()
            };
        let (written, done) = disguise(&source, e.kind, self.difficulty.disguise_steps(), rng);
        let role = if persons {
            if rng.chance(50) {
                "notify party"
            } else {
                "consignee"
            }
        } else {
            *rng.pick(&["consignee", "consignee", "notify party", "shipper"])
        };
        let address = match e.addresses.first() {
            Some(a) => address_lines(a),
            None => rng
                .pick(FRONT_ADDRESSES)
                .iter()
                .map(|s| s.to_string())
                .collect(),
        };
        let country = e.countries.first().cloned().unwrap_or_else(|| "AE".into());
        let party = Cols {
            name: written.clone(),
            address,
            country,
        };
        match role {
            "shipper" => bill.shipper = party,
            "consignee" => bill.consignee = party,
            _ => bill.notify = party,
        }
        let via_alias = if source != e.name {
            format!(" (through its alias '{source}')")
        } else {
            String::new()
        };
        let explanation = format!(
            "The {role} '{written}' is {}{via_alias}, written with: {}. Compare it word by word \
             with the entry and its aliases: the distinctive words are the same once the disguise \
             is undone. Refer with DENIED-PARTY.",
            listed_line(&list.name, e),
            done.join(", ")
        );
        Ok(Planted {
            bill,
            item: item(
                ItemKind::DeniedParty,
                format!("{role} '{written}' is listed {} {}", list.name, e.id),
                explanation,
                Evidence {
                    list: Some(list.name.clone()),
                    entry_id: Some(e.id.clone()),
                    listed_name: Some(e.name.clone()),
                    listed_countries: entry_country(e),
                    role: Some(role.to_string()),
                    written_as: Some(written),
                    disguise: done,
                    ..Evidence::default()
                },
            ),
        })
    }

    fn nothing(&self, what: &'static str) -> GenerateError {
        GenerateError::NothingToPlant {
            what,
            lists: self
                .lists
                .iter()
                .map(|l| l.name.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        }
    }

    fn vessel(&self, rng: &mut Rng) -> Result<Planted, GenerateError> {
        let pool: Vec<_> = self
            .lists
            .iter()
            .flat_map(|l| l.entries.iter().map(move |e| (*l, e)))
            .filter(|(_, e)| e.kind == EntityKind::Vessel && !e.facts.imo_numbers.is_empty())
            .collect();
        if pool.is_empty() {
            return Err(self.nothing("vessel with an IMO number"));
        }
        let (list, e) = *rng.pick(&pool);
        let imo = e.facts.imo_numbers[0].clone();
        let written = match self.difficulty {
            Difficulty::Easy => e.name.to_uppercase(),
            Difficulty::Normal => format!("M/V {}", e.name.to_uppercase()),
            Difficulty::Hard => disguise(&e.name, EntityKind::Organization, 1, rng).0,
        };
        let mut bill = ordinary_bill(self.p, &self.lanes, rng);
        bill.vessel = Some((written.clone(), imo.clone()));
        let explanation = format!(
            "The bill came on the relay vessel '{written}', IMO {imo}: {}. The IMO number stays \
             with a hull through every renaming and reflagging, so it is the fact to check: the \
             vessel columns of this bill differ from the rest of the manifest. Refer with \
             DENIED-PARTY.",
            listed_line(&list.name, e)
        );
        Ok(Planted {
            bill,
            item: item(
                ItemKind::Vessel,
                format!(
                    "vessel '{written}' IMO {imo} is listed {} {}",
                    list.name, e.id
                ),
                explanation,
                Evidence {
                    list: Some(list.name.clone()),
                    entry_id: Some(e.id.clone()),
                    listed_name: Some(e.name.clone()),
                    role: Some("vessel".into()),
                    written_as: Some(written),
                    ..Evidence::default()
                },
            ),
        })
    }

    /// A Gulf buyer of electronics or machinery.
    fn gulf_buyer(&self, rng: &mut Rng) -> (Cols, String) {
        let buyers: Vec<_> = self
            .p
            .consignees
            .iter()
            .filter(|c| {
                c.iso == "AE"
                    && c.categories
                        .iter()
                        .any(|k| ["electronics", "general", "pumps"].contains(&k.as_str()))
            })
            .collect();
        let c = *rng.pick(&buyers);
        (
            Cols::new(&c.name, &c.address, &c.country),
            rng.pick(&c.destinations).clone(),
        )
    }

    fn disguised_goods(&self, rng: &mut Rng) -> Planted {
        let (buyer, fd) = self.gulf_buyer(rng);
        if rng.chance(50) {
            let c = rng.pick(&self.p.controlled);
            let hs = hs_written(rng, &c.hs, true);
            let bill = controlled_bill(rng, c, c.vague.clone(), hs, buyer, &fd);
            let explanation = format!(
                "Declared only as '{}', but {}. A description that names no goods (the EU ICS2 \
                 rules refuse 'spare parts', 'machinery', 'general merchandise' and the like) over \
                 a controlled heading is how controlled goods are hidden; the shipper, '{}', makes \
                 {}. Look the heading up (`hubscreen goods lookup {}`), then refer with \
                 CONTROLLED-GOODS.",
                c.vague,
                chpl_words(self.goods, &c.hs),
                c.shipper.name,
                c.plain.to_lowercase(),
                c.hs
            );
            Planted {
                bill,
                item: item(
                    ItemKind::DisguisedGoods,
                    format!("vague description '{}' over HS {}", c.vague, dotted(&c.hs)),
                    explanation,
                    Evidence {
                        hs: Some(c.hs.clone()),
                        rule: Some("vague-description".into()),
                        ..Evidence::default()
                    },
                ),
            }
        } else {
            let m = rng.pick(&self.p.misdeclared);
            let shippers: Vec<_> = self.p.controlled.iter().map(|c| &c.shipper).collect();
            let s = (*rng.pick(&shippers)).clone();
            let n = between(rng, 2, 12);
            let kg = f64::from(between(rng, m.kg[0], m.kg[1]));
            let declared = hs_written(rng, &m.declared, true);
            let line = one_line(rng, m.text.clone(), declared, &m.package, n, kg);
            let bill = Bill {
                shipper: Cols::new(&s.name, &s.address, &s.country),
                consignee: buyer,
                notify: Cols::same_as_consignee(),
                por: s.port.clone(),
                pol: s.port.clone(),
                tsp: via(&s.port).to_string(),
                fd,
                origin: s.country.clone(),
                vessel: None,
                lines: vec![line],
                decorate: false,
                bad_container: false,
            };
            let explanation = format!(
                "'{}' names a control-list item, but the bill declares HS {}, a heading that \
                 does not fit it; the goods belong under HS {}. A wrong heading keeps goods out \
                 of HS-based selection; the words give them away (`hubscreen goods lookup {}` \
                 shows both headings). Refer with CONTROLLED-GOODS.",
                m.text,
                dotted(&m.declared),
                dotted(&m.hs),
                m.declared
            );
            Planted {
                bill,
                item: item(
                    ItemKind::DisguisedGoods,
                    format!(
                        "'{}' declared under HS {}, which does not fit it",
                        m.text,
                        dotted(&m.declared)
                    ),
                    explanation,
                    Evidence {
                        hs: Some(m.hs.clone()),
                        declared_hs: Some(m.declared.clone()),
                        rule: Some("description-contradicts-hs".into()),
                        ..Evidence::default()
                    },
                ),
            }
        }
    }

    fn chpl_diversion(&self, rng: &mut Rng) -> Planted {
        let c = rng.pick(&self.p.controlled);
        let d = rng.pick(&self.p.diversion);
        let desc = if self.difficulty == Difficulty::Easy {
            format!("{}, ONWARD BY TRUCK TO {}", c.plain, d.city)
        } else {
            c.plain.clone()
        };
        let hs = hs_written(rng, &c.hs, true);
        let bill = controlled_bill(rng, c, desc, hs, Cols::of(&d.consignee), &d.place);
        let tier = chpl(self.goods, &c.hs).map_or("", |h| h.entry.as_str());
        let rule = if tier.starts_with("Tier 1") || tier.starts_with("Tier 2") {
            "chpl-tier-1-2-onward-to-diversion-country"
        } else {
            "chpl-tier-3-4-onward-to-diversion-country"
        };
        let explanation = format!(
            "{}; the bill is discharged here and moves on to {} ({}), a country the BIS/FinCEN \
             alerts name as a transshipment point to Russia and Belarus, for '{}'. Ask for the \
             end user and the licence; refer with DIVERSION-ROUTE.",
            chpl_words(self.goods, &c.hs),
            d.place,
            d.city,
            d.consignee.name
        );
        Planted {
            bill,
            item: item(
                ItemKind::ChplDiversion,
                format!(
                    "CHPL {} goods (HS {}) moving on to {} ({})",
                    tier,
                    dotted(&c.hs),
                    d.city,
                    d.country
                ),
                explanation,
                Evidence {
                    hs: Some(c.hs.clone()),
                    destination: Some(d.place.clone()),
                    rule: Some(rule.into()),
                    ..Evidence::default()
                },
            ),
        }
    }

    fn chemical(&self, rng: &mut Rng) -> Planted {
        let c = rng.pick(&self.p.chemicals);
        let buyer = rng.pick(&self.p.chemical_buyers).clone();
        let s = rng.pick(&self.p.chemical_shippers).clone();
        let desc = c
            .description
            .replace("{cas}", &c.cas)
            .replace("{un}", c.un.as_deref().unwrap_or(""));
        let n = between(rng, 16, 80);
        let kg = f64::from(between(rng, c.kg[0], c.kg[1]));
        let hs = hs_written(rng, &c.hs, true);
        let mut line = one_line(rng, desc.clone(), hs, &c.package, n, kg);
        let by_un = c.un.is_some() && !desc.contains(&c.cas);
        if by_un {
            line.un = c.un.clone().unwrap_or_default();
        }
        let bill = Bill {
            shipper: Cols::new(&s.name, &s.address, &s.country),
            consignee: Cols::new(&buyer.name, &buyer.address, &buyer.country),
            notify: Cols::same_as_consignee(),
            por: s.port.clone(),
            pol: s.port.clone(),
            tsp: via(&s.port).to_string(),
            fd: buyer.place.clone(),
            origin: s.country.clone(),
            vessel: None,
            lines: vec![line],
            decorate: false,
            bad_container: false,
        };
        let listed = self
            .goods
            .chemicals
            .iter()
            .filter(|e| e.cas == c.cas)
            .map(|e| format!("{} {}", e.list, e.entry))
            .collect::<Vec<_>>()
            .join(" and ");
        let number = if by_un {
            format!(
                "UN number {} (in the UN number column only)",
                c.un.as_deref().unwrap_or("")
            )
        } else {
            format!("CAS {}", c.cas)
        };
        let explanation = format!(
            "The description '{desc}' names no chemical; only its {number} does: {} (CAS {}), \
             {listed}. Chemicals of concern travel under generic names; look the number up and \
             refer with CONTROLLED-GOODS.",
            c.name, c.cas
        );
        Planted {
            bill,
            item: item(
                ItemKind::ChemicalByNumber,
                format!("{} declared only by {number}", c.name),
                explanation,
                Evidence {
                    cas: Some(c.cas.clone()),
                    un: if by_un { c.un.clone() } else { None },
                    hs: Some(c.hs.clone()),
                    rule: Some("chemical-by-number-only".into()),
                    ..Evidence::default()
                },
            ),
        }
    }

    fn opaque(&self, rng: &mut Rng) -> Planted {
        let mut bill = ordinary_bill(self.p, &self.lanes, rng);
        let o = rng.pick(&self.p.opaque);
        let buyer = bill.consignee.clone();
        bill.consignee = Cols::new(&o.name, &o.address, &o.country);
        bill.notify = if o.address.is_empty() {
            buyer
        } else {
            bill.consignee.clone()
        };
        let rule = if o.name.starts_with("TO THE ORDER OF") {
            "bank-consignee"
        } else if o.address.is_empty() {
            "to-order-consignee"
        } else {
            "forwarder-consignee-controlled-goods"
        };
        let explanation = format!(
            "The {}. A hub cannot screen a buyer it cannot see: hold for the documents that \
             name the real consignee (DOCS-MISSING), or refer.",
            o.what
        );
        Planted {
            bill,
            item: item(
                ItemKind::OpaqueConsignee,
                format!("consignee '{}'", o.name),
                explanation,
                Evidence {
                    role: Some("consignee".into()),
                    written_as: Some(o.name.clone()),
                    rule: Some(rule.into()),
                    ..Evidence::default()
                },
            ),
        }
    }

    fn check_digit(&self, rng: &mut Rng) -> Planted {
        let mut bill = ordinary_bill(self.p, &self.lanes, rng);
        bill.bad_container = true;
        Planted {
            bill,
            // The container number is filled in when the rows are written.
            item: item(
                ItemKind::CheckDigit,
                String::new(),
                String::new(),
                Evidence {
                    rule: Some("check-digit-failure".into()),
                    ..Evidence::default()
                },
            ),
        }
    }

    fn embargoed(&self, rng: &mut Rng) -> Planted {
        let mut bill = ordinary_bill(self.p, &self.lanes, rng);
        let e = rng.pick(&self.p.embargoed);
        bill.fd = e.place.clone();
        let explanation = format!(
            "The final destination is {} ({}, {}): an embargoed destination. Nothing else on the \
             bill is unusual, which is the point: the route alone decides. Refer with \
             DIVERSION-ROUTE.",
            e.place, e.city, e.country
        );
        Planted {
            bill,
            item: item(
                ItemKind::EmbargoedDestination,
                format!("final destination {} ({})", e.place, e.city),
                explanation,
                Evidence {
                    destination: Some(e.place.clone()),
                    rule: Some("high-risk-destination".into()),
                    ..Evidence::default()
                },
            ),
        }
    }

    /// A listed organisation whose name has a long word to change one letter of, and a country.
    fn near_name(&self, rng: &mut Rng) -> Result<Planted, GenerateError> {
        let pool: Vec<_> = self
            .parties(false)
            .into_iter()
            .filter(|(_, e)| !e.countries.is_empty())
            .collect();
        if pool.is_empty() {
            return Err(self.nothing("organisation with a country"));
        }
        for _ in 0..50 {
            let (list, e) = *rng.pick(&pool);
            let upper = e.name.to_uppercase();
            let words: Vec<&str> = upper.split_whitespace().collect();
            let long: Vec<usize> = (0..words.len())
                .filter(|&i| {
                    words[i].len() >= 5
                        && words[i].bytes().all(|b| b.is_ascii_uppercase())
                        && !crate::screen::normalize::is_legal_form(words[i])
                })
                .collect();
            if long.is_empty() {
                continue;
            }
            let w = long[rng.below(long.len())];
            let mut chars: Vec<u8> = words[w].bytes().collect();
            let at = 1 + rng.below(chars.len() - 2);
            const SWAP: &[(u8, u8)] = &[
                (b'A', b'E'),
                (b'E', b'A'),
                (b'I', b'E'),
                (b'O', b'A'),
                (b'U', b'O'),
                (b'N', b'M'),
                (b'M', b'N'),
                (b'R', b'L'),
                (b'L', b'R'),
                (b'T', b'D'),
                (b'D', b'T'),
                (b'S', b'Z'),
                (b'K', b'C'),
                (b'C', b'K'),
            ];
            let Some((_, to)) = SWAP.iter().find(|(f, _)| *f == chars[at]) else {
                continue;
            };
            chars[at] = *to;
            let mut new_words: Vec<String> = words.iter().map(|s| s.to_string()).collect();
            new_words[w] = String::from_utf8(chars).unwrap_or_default();
            let name = new_words.join(" ");
            if self.listed.contains(&name) {
                continue;
            }
            let places: Vec<_> = self
                .p
                .elsewhere
                .iter()
                .filter(|x| !e.countries.contains(&x.country))
                .collect();
            let Some(place) = places.get(rng.below(places.len().max(1))) else {
                continue;
            };
            let mut bill = ordinary_bill(self.p, &self.lanes, rng);
            bill.shipper = Cols {
                name: name.clone(),
                address: place.address.clone(),
                country: place.country.clone(),
            };
            bill.pol = place.port.clone();
            bill.por = place.port.clone();
            bill.tsp = via(&place.port).to_string();
            bill.origin = place.country.clone();
            let listed_address = e
                .addresses
                .first()
                .map(|a| format!(" at {a}"))
                .unwrap_or_default();
            let explanation = format!(
                "'{name}' is one letter away from {}{listed_address}, but this shipper is in {} \
                 ({}) and ships ordinary goods from {}: another company with a similar name. \
                 Check the country and address against the entry before anything else; clear \
                 with DIFFERENT-ENTITY or DIFFERENT-COUNTRY (or mark the name hit a false \
                 positive), noting what differs.",
                listed_line(&list.name, e),
                place.country,
                place.address.join(", "),
                place.port
            );
            return Ok(Planted {
                bill,
                item: item(
                    ItemKind::NearName,
                    format!(
                        "shipper '{name}' is one letter off {} {} but is another company",
                        list.name, e.id
                    ),
                    explanation,
                    Evidence {
                        list: Some(list.name.clone()),
                        entry_id: Some(e.id.clone()),
                        listed_name: Some(e.name.clone()),
                        listed_countries: entry_country(e),
                        role: Some("shipper".into()),
                        written_as: Some(name),
                        ..Evidence::default()
                    },
                ),
            });
        }
        Err(self.nothing("organisation name to make a near-miss decoy of"))
    }

    fn licensed(&self, rng: &mut Rng) -> Planted {
        let c = rng.pick(&self.p.controlled);
        let l = rng.pick(&self.p.licensed);
        let reference = format!(
            "{}-EL-2026-{:05}",
            &c.shipper.country,
            between(rng, 1000, 99999)
        );
        let licence = l.licence.replace("{ref}", &reference);
        let desc = format!("{}; {licence}", c.plain);
        let hs = hs_written(rng, &c.hs, true);
        let mut bill = controlled_bill(rng, c, desc, hs, Cols::of(&l.consignee), &l.place);
        bill.notify = Cols::same_as_consignee();
        let explanation = format!(
            "{}, but the bill names its licence ({licence}) and the end user, '{}', an \
             established user of such goods, on an ordinary route to {}. Controlled is not \
             forbidden: with the licence and end-user certificate checked, clear with \
             DOCS-VERIFIED.",
            chpl_words(self.goods, &c.hs),
            l.consignee.name,
            l.place
        );
        Planted {
            bill,
            item: item(
                ItemKind::LicensedItem,
                format!(
                    "HS {} under licence {reference} to a known end user",
                    dotted(&c.hs)
                ),
                explanation,
                Evidence {
                    hs: Some(c.hs.clone()),
                    destination: Some(l.place.clone()),
                    ..Evidence::default()
                },
            ),
        }
    }

    fn ordinary_route(&self, rng: &mut Rng) -> Planted {
        let r = rng.pick(&self.p.ordinary_route);
        let shippers: Vec<_> = self
            .p
            .shippers
            .iter()
            .filter(|s| s.goods.contains(&r.goods))
            .collect();
        let s = *rng.pick(&shippers);
        let g = self.p.goods(&r.goods);
        let d = rng.pick(&g.descriptions);
        let u = *rng.pick(&g.units);
        let lane = self.p.lane(&s.lane);
        let pol = rng.pick(&lane.receipt).port.clone();
        let n =
            ((f64::from(between(rng, g.net[0], g.net[1])) / f64::from(u)).round() as u32).max(1);
        let code = rng.pick(&d.hs).clone();
        let hs = hs_written(rng, &code, true);
        let line = Line {
            desc: d.text.replace("{u}", &u.to_string()),
            hs,
            n,
            pkg: g.package.clone(),
            kg: f64::from(u) + 0.2,
            size: g.sizes[0].clone(),
            un: String::new(),
            marks: format!("{} / {}", initials(&r.consignee.name), &r.place[2..]),
            same_container: false,
        };
        let bill = Bill {
            shipper: Cols::new(&s.name, &s.address, &s.country),
            consignee: Cols::of(&r.consignee),
            notify: Cols::same_as_consignee(),
            por: pol.clone(),
            pol: pol.clone(),
            tsp: String::new(),
            fd: r.place.clone(),
            origin: s.lane.clone(),
            vessel: None,
            lines: vec![line],
            decorate: false,
            bad_container: false,
        };
        let explanation = format!(
            "{} to '{}' at {}: the route passes a country of diversion concern, but the goods \
             are ordinary consumer goods from their usual maker, with no party or goods signal. \
             A route alone is not a reason to stop trade; clear with LOW-RISK-GOODS.",
            d.text.replace("{u}", &u.to_string()),
            r.consignee.name,
            r.place
        );
        Planted {
            bill,
            item: item(
                ItemKind::OrdinaryRoute,
                format!("ordinary {} to {}", g.key, r.place),
                explanation,
                Evidence {
                    destination: Some(r.place.clone()),
                    ..Evidence::default()
                },
            ),
        }
    }

    /// The bill a list update names mid-exercise, and the list file.
    fn list_update(&self, rng: &mut Rng, seed: u64) -> (Planted, String) {
        let t = rng.pick(&self.p.inject_targets);
        let mut bill = ordinary_bill(self.p, &self.lanes, rng);
        bill.consignee = Cols::new(&t.name, &t.address, &t.country);
        bill.notify = Cols::same_as_consignee();
        let id = format!("EX-{:04}", seed % 10_000);
        let text = format!(
            "id,name,aliases,type,country,reason,list\n{id},\"{}\",,organization,{},\"{}\",HUB WATCHLIST\n",
            t.name, t.country, t.reason
        );
        let explanation = format!(
            "When the list update arrived mid-exercise, HUB WATCHLIST entry {id} named the \
             consignee '{}' ({}). The bill was ordinary when it was screened; a list update \
             makes yesterday's clean bill today's hit. Refer with DENIED-PARTY.",
            t.name, t.reason
        );
        (
            Planted {
                bill,
                item: item(
                    ItemKind::ListUpdate,
                    format!("consignee '{}' listed mid-exercise as {id}", t.name),
                    explanation,
                    Evidence {
                        list: Some("HUB WATCHLIST".into()),
                        entry_id: Some(id),
                        listed_name: Some(t.name.clone()),
                        role: Some("consignee".into()),
                        written_as: Some(t.name.clone()),
                        ..Evidence::default()
                    },
                ),
            },
            text,
        )
    }

    /// The bill an amendment later sends on to a diversion country: mass-market CHPL goods to an
    /// ordinary buyer first. Returns the bill, its amended form, and the item.
    fn amended(&self, rng: &mut Rng) -> (Planted, Bill) {
        let c = rng.pick(&self.p.mass_market);
        let (buyer, fd) = self.gulf_buyer(rng);
        let hs = hs_written(rng, &c.hs, true);
        let bill = controlled_bill(rng, c, c.plain.clone(), hs, buyer, &fd);
        let d = rng.pick(&self.p.diversion);
        let mut amended = bill.clone();
        amended.consignee = Cols::of(&d.consignee);
        amended.notify = Cols::same_as_consignee();
        amended.fd = d.place.clone();
        let explanation = format!(
            "First declared to '{}' at {fd}: mass-market goods on an ordinary route. The \
             amendment mid-exercise changed the consignee to '{}' and the final destination to \
             {} ({}): {} now moving on to a diversion country. An amendment after arrival that \
             changes the buyer and the destination is itself a flag. Refer with DIVERSION-ROUTE.",
            bill.consignee.name,
            d.consignee.name,
            d.place,
            d.city,
            chpl_words(self.goods, &c.hs)
        );
        (
            Planted {
                bill,
                item: item(
                    ItemKind::AmendedBill,
                    format!(
                        "amended: consignee now '{}', final destination {}",
                        d.consignee.name, d.place
                    ),
                    explanation,
                    Evidence {
                        hs: Some(c.hs.clone()),
                        destination: Some(d.place.clone()),
                        rule: Some("chpl-tier-3-4-onward-to-diversion-country".into()),
                        ..Evidence::default()
                    },
                ),
            },
            amended,
        )
    }
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
        assert_eq!(container_check_digit("CSQU305438"), 3);
        assert!(crate::ingest::checks::iso6346("CSQU3054383").is_ok());
    }
}
