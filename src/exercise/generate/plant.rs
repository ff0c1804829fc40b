//! Planting: one function per planted kind and decoy, each making a bill and the answer-key item
//! that explains it.

use std::collections::BTreeSet;

use super::super::Difficulty;
use super::super::key::{Evidence, ItemKind, KeyItem};
use super::super::pools::Pools;
use super::GenerateError;
use super::trade::{
    Bill, Cols, Line, between, controlled_bill, hs_written, initials, one_line, ordinary_bill, via,
};
use crate::lists::goods::GoodsLists;
use crate::lists::{ListEntry, WatchList};
use crate::model::EntityKind;
use crate::screen::eval::{Rng, disguise};

pub(super) fn listed_line(list: &str, e: &ListEntry) -> String {
    let countries = if e.countries.is_empty() {
        String::new()
    } else {
        format!(" ({})", e.countries.join(", "))
    };
    format!("{list} entry {} '{}'{countries}", e.id, e.name)
}

/// The CHPL (or other hs-prefix list) entry covering `code`.
pub(super) fn chpl<'a>(
    goods: &'a GoodsLists,
    code: &str,
) -> Option<&'a crate::lists::goods::HsPrefixEntry> {
    goods
        .hs_prefixes
        .iter()
        .filter(|h| code.starts_with(&h.hs_prefix))
        .max_by_key(|h| h.hs_prefix.len())
}

pub(super) fn chpl_words(goods: &GoodsLists, code: &str) -> String {
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

pub(super) fn dotted(code: &str) -> String {
    if code.len() > 4 {
        format!("{}.{}", &code[..4], &code[4..])
    } else {
        code.to_string()
    }
}

/// Dubai addresses a front company gives when the list has none.
pub(super) const FRONT_ADDRESSES: &[&[&str]] = &[
    &[
        "OFFICE 1405, AL MOOSA TOWER 2",
        "SHEIKH ZAYED ROAD",
        "DUBAI, UAE",
    ],
    &["P.O. BOX 52170", "DEIRA, DUBAI"],
    &["SUITE 2209, CONRAD BUSINESS TOWER", "DUBAI, U.A.E."],
    &["WAREHOUSE 31, RAS AL KHOR IND. AREA 2", "DUBAI UAE"],
];

pub(super) fn address_lines(address: &str) -> Vec<String> {
    address
        .split(", ")
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .take(4)
        .collect()
}

/// What the generator plants where, before bill numbers exist.
pub(super) struct Planted {
    pub(super) bill: Bill,
    pub(super) item: KeyItem,
}

pub(super) fn item(
    kind: ItemKind,
    flag: String,
    explanation: String,
    evidence: Evidence,
) -> KeyItem {
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

pub(super) struct Planter<'a> {
    pub(super) p: &'a Pools,
    pub(super) goods: &'a GoodsLists,
    pub(super) lists: &'a [&'a WatchList],
    pub(super) difficulty: Difficulty,
    pub(super) lanes: Vec<String>,
    /// Names of every listed entry, upper case: a decoy must not be one.
    pub(super) listed: BTreeSet<String>,
}

impl Planter<'_> {
    pub(super) fn parties(&self, persons: bool) -> Vec<(&WatchList, &ListEntry)> {
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

    pub(super) fn denied_party(&self, rng: &mut Rng) -> Result<Planted, GenerateError> {
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
                    listed_countries: e.countries.clone(),
                    disguise: done,
                    ..Evidence::listed(&list.name, e, role, written)
                },
            ),
        })
    }

    pub(super) fn nothing(&self, what: &'static str) -> GenerateError {
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

    pub(super) fn vessel(&self, rng: &mut Rng) -> Result<Planted, GenerateError> {
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
                Evidence::listed(&list.name, e, "vessel", written),
            ),
        })
    }

    /// A Gulf buyer of electronics or machinery.
    pub(super) fn gulf_buyer(&self, rng: &mut Rng) -> (Cols, String) {
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

    pub(super) fn disguised_goods(&self, rng: &mut Rng) -> Planted {
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

    pub(super) fn chpl_diversion(&self, rng: &mut Rng) -> Planted {
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

    pub(super) fn chemical(&self, rng: &mut Rng) -> Planted {
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

    pub(super) fn opaque(&self, rng: &mut Rng) -> Planted {
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

    pub(super) fn check_digit(&self, rng: &mut Rng) -> Planted {
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

    pub(super) fn embargoed(&self, rng: &mut Rng) -> Planted {
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
    pub(super) fn near_name(&self, rng: &mut Rng) -> Result<Planted, GenerateError> {
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
                        listed_countries: e.countries.clone(),
                        ..Evidence::listed(&list.name, e, "shipper", name)
                    },
                ),
            });
        }
        Err(self.nothing("organisation name to make a near-miss decoy of"))
    }

    pub(super) fn licensed(&self, rng: &mut Rng) -> Planted {
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

    pub(super) fn ordinary_route(&self, rng: &mut Rng) -> Planted {
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
    pub(super) fn list_update(&self, rng: &mut Rng, seed: u64) -> (Planted, String) {
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
    pub(super) fn amended(&self, rng: &mut Rng) -> (Planted, Bill) {
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
