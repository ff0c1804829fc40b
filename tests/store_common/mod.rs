//! Helpers shared by the store tests: a tiny list built in code, shipments that hit it or not,
//! a store in a temporary folder, and a large manifest made from the bundled feeder manifest.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use hubscreen::config::{Config, WorkflowConfig};
use hubscreen::ingest::{Ingested, ManifestFormat};
use hubscreen::lists::goods::GoodsLists;
use hubscreen::lists::{EntryFacts, ListEntry, ListFormat, WatchList};
use hubscreen::model::{EntityKind, GoodsLine, Manifest, Party, PartyRole, Routing, Shipment};
use hubscreen::screen::Screener;
use hubscreen::store::{Actor, SqliteStore};

pub const LIST: &str = "TEST LIST";

/// A list entry for an organisation.
pub fn org(id: &str, name: &str) -> ListEntry {
    ListEntry {
        id: id.into(),
        kind: EntityKind::Organization,
        name: name.into(),
        aliases: Vec::new(),
        weak_aliases: Vec::new(),
        programs: vec!["TEST".into()],
        countries: Vec::new(),
        addresses: Vec::new(),
        remarks: None,
        facts: EntryFacts::default(),
        details: Default::default(),
    }
}

/// A one-list set at `version` holding `entries`.
pub fn list(version: &str, entries: Vec<ListEntry>) -> Vec<WatchList> {
    vec![WatchList {
        name: LIST.into(),
        format: ListFormat::AgencyCsv,
        version: version.into(),
        content_hash: format!("hash-of-{version}"),
        files: Vec::new(),
        entries,
        problems: Vec::new(),
    }]
}

pub fn screener(lists: Vec<WatchList>) -> Screener {
    Screener::new(lists, GoodsLists::default(), Config::default())
}

/// A shipment from a harmless shipper to `consignee`, on a harmless route.
pub fn shipment(bill: &str, consignee: &str) -> Shipment {
    let party = |role, name: &str, country: &str| Party {
        role,
        name: name.into(),
        address: Vec::new(),
        country: Some(country.into()),
    };
    Shipment {
        bill_of_lading: bill.into(),
        parties: vec![
            party(PartyRole::Shipper, "FOSHAN CERAMIC TILE WORKS LTD", "CN"),
            party(PartyRole::Consignee, consignee, "AE"),
        ],
        goods: vec![GoodsLine {
            description: "GLAZED CERAMIC FLOOR TILES".into(),
            ..Default::default()
        }],
        routing: Routing {
            port_of_loading: Some("CNSHA".into()),
            port_of_discharge: Some("AEJEA".into()),
            ..Default::default()
        },
        ..Default::default()
    }
}

/// A manifest file as ingest would read it; its SHA-256 is that of its JSON.
pub fn ingested(file: &str, shipments: Vec<Shipment>) -> Ingested {
    let manifest = Manifest {
        reference: Some(file.into()),
        conveyance: None,
        shipments,
    };
    let json = serde_json::to_vec(&manifest).unwrap();
    Ingested {
        file: file.into(),
        format: ManifestFormat::Json,
        sha256: hubscreen::store::audit::hex(&Sha256::digest(&json)),
        manifest,
        problems: Vec::new(),
    }
}

pub fn open(path: &Path) -> SqliteStore {
    SqliteStore::open(path, WorkflowConfig::default()).unwrap_or_else(|e| panic!("{e}"))
}

pub fn at(user: &str, t: DateTime<Utc>) -> Actor {
    Actor {
        user: user.into(),
        at: t,
    }
}

/// The bundled feeder manifest, repeated with new bill numbers until it has at least `bills`
/// bills. Every repetition keeps the goods lines of a bill together.
pub fn big_manifest_csv(bills: usize) -> (String, usize) {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-manifests/feeder_jebel_ali.csv"),
    )
    .unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let rows: Vec<&str> = lines.filter(|l| !l.trim().is_empty()).collect();
    let per_copy = {
        let mut b: Vec<&str> = rows.iter().map(|r| r.split(',').next().unwrap()).collect();
        b.sort();
        b.dedup();
        b.len()
    };
    let copies = bills.div_ceil(per_copy);
    let mut out = String::from(header);
    out.push('\n');
    for c in 0..copies {
        for r in &rows {
            let (bill, rest) = r.split_once(',').unwrap();
            out.push_str(&format!("{bill}X{c:04},{rest}\n"));
        }
    }
    (out, copies * per_copy)
}

/// A temporary folder path for a store file.
pub fn db_in(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join("hubscreen.db")
}
