//! The word pools an exercise is drawn from (`pools.toml`, embedded): the ordinary trade of a hub
//! that planted items hide in, and the material of each planted kind. Read once.

use std::sync::OnceLock;

use serde::Deserialize;

/// `pools.toml` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pools {
    pub goods: Vec<Goods>,
    pub lanes: Vec<Lane>,
    pub shippers: Vec<Shipper>,
    pub consignees: Vec<Consignee>,
    pub agents: Vec<Party>,
    pub vessels: Vec<Vessel>,
    pub controlled: Vec<Controlled>,
    pub misdeclared: Vec<Misdeclared>,
    pub chemicals: Vec<Chemical>,
    pub opaque: Vec<Opaque>,
    pub diversion: Vec<Diversion>,
    pub embargoed: Vec<Place>,
    pub ordinary_route: Vec<OrdinaryRoute>,
    pub licensed: Vec<Licensed>,
    pub elsewhere: Vec<Elsewhere>,
    pub chemical_buyers: Vec<PartyAt>,
    pub chemical_shippers: Vec<ShipperAt>,
    pub inject_targets: Vec<InjectTarget>,
    pub mass_market: Vec<Controlled>,
}

/// One kind of ordinary goods: descriptions with the HS codes that fit them.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Goods {
    pub key: String,
    pub category: String,
    pub package: String,
    /// Unit sizes in kg (`{u}` in a description); for pallets, bundles and tanks the weight of
    /// one package.
    pub units: Vec<u32>,
    /// Net kg per container, low and high.
    pub net: [u32; 2],
    pub sizes: Vec<String>,
    #[serde(default)]
    pub un: Option<String>,
    pub descriptions: Vec<Description>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Description {
    pub text: String,
    pub hs: Vec<String>,
}

/// A shipper country's ports of loading, the inland places feeding each, and the transshipment
/// ports its cargo comes through ("" = direct; several joined with ";").
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lane {
    pub country: String,
    pub transshipment: Vec<String>,
    pub receipt: Vec<Receipt>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Receipt {
    pub port: String,
    pub places: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shipper {
    pub name: String,
    pub address: Vec<String>,
    /// As the manifest writes it (`IN`, `INDIA`).
    pub country: String,
    pub lane: String,
    pub goods: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Consignee {
    pub name: String,
    pub address: Vec<String>,
    pub country: String,
    pub iso: String,
    pub destinations: Vec<String>,
    pub categories: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Party {
    pub name: String,
    pub address: Vec<String>,
    pub country: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vessel {
    pub name: String,
    pub imo_body: String,
    pub flag: String,
    /// `feeder` or `mother vessel`.
    pub call: String,
    pub lanes: Vec<String>,
}

/// A controlled item (CHPL code) as an honest and as a hiding shipper describe it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Controlled {
    pub hs: String,
    pub plain: String,
    pub vague: String,
    pub package: String,
    pub units: [u32; 2],
    pub kg: [u32; 2],
    pub shipper: ShipperAt,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShipperAt {
    pub name: String,
    pub address: Vec<String>,
    pub country: String,
    pub port: String,
}

/// Control-list words declared under an HS heading that does not fit them.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Misdeclared {
    pub text: String,
    /// The heading the goods belong under.
    pub hs: String,
    /// The heading declared.
    pub declared: String,
    pub package: String,
    pub kg: [u32; 2],
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Chemical {
    pub cas: String,
    #[serde(default)]
    pub un: Option<String>,
    pub name: String,
    /// `{cas}` and `{un}` are replaced.
    pub description: String,
    pub hs: String,
    pub package: String,
    pub kg: [u32; 2],
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Opaque {
    pub name: String,
    #[serde(default)]
    pub address: Vec<String>,
    #[serde(default)]
    pub country: String,
    /// The flag in words, for the answer key.
    pub what: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Diversion {
    pub place: String,
    pub country: String,
    pub city: String,
    pub consignee: Party,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Place {
    pub place: String,
    pub country: String,
    pub city: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrdinaryRoute {
    pub place: String,
    pub consignee: Party,
    /// A key of [`Pools::goods`].
    pub goods: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Licensed {
    pub consignee: Party,
    pub place: String,
    /// `{ref}` is replaced by a licence number.
    pub licence: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Elsewhere {
    pub country: String,
    /// Its port of loading.
    pub port: String,
    pub address: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartyAt {
    pub name: String,
    pub address: Vec<String>,
    pub country: String,
    pub place: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InjectTarget {
    pub name: String,
    pub address: Vec<String>,
    pub country: String,
    pub reason: String,
}

impl Pools {
    pub fn goods(&self, key: &str) -> &Goods {
        self.goods
            .iter()
            .find(|g| g.key == key)
            .unwrap_or_else(|| panic!("pools.toml: no goods {key}"))
    }

    pub fn lane(&self, country: &str) -> &Lane {
        self.lanes
            .iter()
            .find(|l| l.country == country)
            .unwrap_or_else(|| panic!("pools.toml: no lane {country}"))
    }
}

/// The embedded pools, read once. They are part of the binary and tested, so a failure to read
/// them is a bug, not bad input.
pub fn pools() -> &'static Pools {
    static POOLS: OnceLock<Pools> = OnceLock::new();
    POOLS.get_or_init(|| {
        toml::from_str(include_str!("pools.toml")).expect("src/exercise/pools.toml is valid")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pools_read_and_every_reference_resolves() {
        let p = pools();
        for s in &p.shippers {
            p.lane(&s.lane);
            for g in &s.goods {
                p.goods(g);
            }
        }
        for v in &p.vessels {
            for l in &v.lanes {
                p.lane(l);
            }
            assert_eq!(v.imo_body.len(), 6);
        }
        for r in &p.ordinary_route {
            p.goods(&r.goods);
        }
        assert!(p.goods.iter().all(|g| !g.descriptions.is_empty()));
    }
}
