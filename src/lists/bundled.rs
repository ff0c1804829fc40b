//! The sample lists compiled into the binary from `watchlists/`, so that `hubscreen` screens
//! something useful on a fresh machine with no list downloaded and no files beside it.
//!
//! These are small samples (a few dozen real public OFAC entries, a fictional agency list and
//! hubscreen's goods files), not a substitute for current official lists: every report says
//! which lists it used and their version.

use super::goods::{GoodsError, GoodsLists};
use super::ofac_csv::{self, OfacFileSet};
use super::{ListError, WatchList, agency_csv};
use crate::source::Source;

macro_rules! bundled {
    ($path:literal) => {
        Source::bundled(
            concat!("watchlists/", $path),
            include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/watchlists/", $path)),
        )
    };
}

/// The bundled denied-party lists: the OFAC SDN sample set and the agency sample list.
pub fn watchlists() -> Result<Vec<WatchList>, ListError> {
    let mut lists = vec![ofac_sample()?];
    lists.extend(agency_sample()?);
    Ok(lists)
}

/// The OFAC SDN sample set: what is screened against when no official list is installed.
pub fn ofac_sample() -> Result<WatchList, ListError> {
    let sdn = OfacFileSet {
        primary: bundled!("ofac/sdn.csv"),
        addresses: Some(bundled!("ofac/add.csv")),
        aliases: Some(bundled!("ofac/alt.csv")),
        comments: Some(bundled!("ofac/sdn_comments.csv")),
        list_name: "OFAC SDN".into(),
        missing: Vec::new(),
    };
    ofac_csv::read(&sdn)
}

/// The sample agency list (`bundled:agency` in `[lists] always`, the default): screened on
/// every run until the agency names its own list there.
pub fn agency_sample() -> Result<Vec<WatchList>, ListError> {
    agency_csv::read(&bundled!("agency/hub_watchlist.csv"))
}

/// The bundled goods lists.
pub fn goods() -> Result<GoodsLists, GoodsError> {
    GoodsLists::from_sources(
        &bundled!("goods/hs_prefixes.csv"),
        &bundled!("goods/keywords.csv"),
        &bundled!("goods/chemicals.csv"),
    )?
    .with_conversions(&hs2017_source())
}

/// The bundled HS 2017 to HS 2022 conversions, used by any goods folder that has none.
pub fn hs2017_source() -> Source {
    bundled!("goods/hs2017_to_2022.csv")
}
