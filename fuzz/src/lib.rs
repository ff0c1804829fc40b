//! What each fuzz target feeds to hubscreen: one function per target, taking any bytes.
//!
//! The functions never panic on their own: a reader may refuse the input (an `Err` is fine),
//! but a panic, a hang or unbounded memory is a finding. Error messages are formatted too,
//! because they quote the input.
//!
//! `tests/fuzz_corpus.rs` in the hubscreen package includes this file (`#[path]`) and replays
//! every committed corpus file through [`TARGETS`], so CI exercises the corpora on stable
//! without cargo-fuzz.

use hubscreen::config::Config;
use hubscreen::ingest::csv_manifest::{self, ColumnMap};
use hubscreen::ingest::{self, json_manifest};
use hubscreen::lists::goods::GoodsLists;
use hubscreen::lists::ofac_csv::{self, OfacFileSet};
use hubscreen::lists::sources::Sources;
use hubscreen::lists::{
    self, DetectedKind, ListError, ListFormat, WatchList, agency_csv, bis_dpl, csl_csv, eu_fsf,
    opensanctions_ftm, uk_lists, un_xml,
};
use hubscreen::source::Source;
use hubscreen::tui::keymap::Keymap;

/// Separates the files of a multi-file input (OFAC set, goods lists). 0xFF never occurs in
/// UTF-8 text, so a seed made of real files splits back into them.
pub const FILE_SEPARATOR: u8 = 0xFF;

/// What a target does with one input.
pub type Target = fn(&[u8]);

/// Every target by name, as in `fuzz/fuzz_targets/<name>.rs` and `fuzz/corpus/<name>/`.
pub const TARGETS: &[(&str, Target)] = &[
    ("manifest_csv", manifest_csv),
    ("manifest_json", manifest_json),
    ("manifest_detect", manifest_detect),
    ("edifact", edifact),
    ("x12", x12),
    ("cuscar", cuscar),
    ("x12_309", x12_309),
    ("spreadsheet", spreadsheet),
    ("cargo_imp", cargo_imp),
    ("cargo_xml", cargo_xml),
    ("ams", ams),
    ("list_detect", list_detect),
    ("list_ofac", list_ofac),
    ("list_csl", list_csl),
    ("list_un_xml", list_un_xml),
    ("list_eu_csv", list_eu_csv),
    ("list_eu_xml", list_eu_xml),
    ("list_uk_ofsi", list_uk_ofsi),
    ("list_uk_sanctions", list_uk_sanctions),
    ("list_bis_dpl", list_bis_dpl),
    ("list_ftm", list_ftm),
    ("list_agency", list_agency),
    ("goods", goods),
    ("sources_toml", sources_toml),
    ("config_toml", config_toml),
    ("column_map", column_map),
    ("keymap", keymap),
    ("rule_pack", rule_pack),
    ("goods_reference", goods_reference),
    ("exercise_bundle", exercise_bundle),
    ("screen_party", screen_party),
];

/// Bytes as text, the way the readers of text files see them.
fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// Splits a multi-file input into `N` parts on [`FILE_SEPARATOR`]; missing parts are `None`.
fn parts<const N: usize>(data: &[u8]) -> [Option<&[u8]>; N] {
    let mut out = [None; N];
    for (slot, part) in out.iter_mut().zip(data.split(|&b| b == FILE_SEPARATOR)) {
        *slot = Some(part);
    }
    out
}

/// Formats what a list reader returned, as the CLI would print it.
fn lists_result(result: Result<Vec<WatchList>, ListError>) {
    match result {
        Ok(lists) => {
            for list in &lists {
                let _ = list.names_indexed();
                let _ = list.count_by_kind();
                for p in &list.problems {
                    let _ = p.to_string();
                }
            }
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
}

/// The CSV reader's two passes, as `screen` streams them: the plan (header, columns, rows
/// per bill), then the rows handed over as shipments and problems.
pub fn manifest_csv(data: &[u8]) {
    let text = text(data);
    two_passes(
        csv_manifest::plan("fuzz.csv", &mut text.as_bytes(), &ColumnMap::default()),
        |plan, on_item| csv_manifest::stream("fuzz.csv", &mut text.as_bytes(), plan, on_item),
    );
}

/// The JSON reader's two passes, as for [`manifest_csv`].
pub fn manifest_json(data: &[u8]) {
    let text = text(data);
    two_passes(
        json_manifest::plan("fuzz.json", &mut text.as_bytes()),
        |plan, on_item| json_manifest::stream("fuzz.json", &mut text.as_bytes(), plan, on_item),
    );
}

type OnItem<'a> = &'a mut dyn FnMut(ingest::Item) -> std::io::Result<()>;

/// Streams a planned manifest, formatting every item and error (their `Debug`/`Display` are
/// outside input too).
fn two_passes<P>(
    plan: Result<P, ingest::IngestError>,
    stream: impl FnOnce(&P, OnItem<'_>) -> Result<(), ingest::IngestError>,
) {
    let result = plan.and_then(|plan| {
        stream(&plan, &mut |item| {
            let _ = format!("{item:?}");
            Ok(())
        })
    });
    if let Err(e) = result {
        let _ = e.to_string();
    }
}

pub fn manifest_detect(data: &[u8]) {
    let source = Source::from_bytes("fuzz-manifest", data);
    // As the engine reads manifests: with the matcher's checks on every name.
    let options = hubscreen::service::ingest_options(Default::default(), ColumnMap::default());
    match ingest::ingest(&source, &options) {
        Ok(ingested) => {
            for p in &ingested.problems {
                let _ = p.to_string();
            }
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
}

/// Detects the format and reads the file with the reader detection picks, as
/// `lists::load_path` does for a single file (an OFAC primary file without companions).
pub fn list_detect(data: &[u8]) {
    let source = Source::from_bytes("fuzz-list", data);
    let result = match lists::detect(&source) {
        DetectedKind::Agency => agency_csv::read(&source),
        DetectedKind::OfacPrimary => {
            ofac_csv::read(&ofac_set(source, None, None, None)).map(|l| vec![l])
        }
        DetectedKind::Single(format) => match format {
            ListFormat::CslCsv => csl_csv::read(&source),
            ListFormat::UnXml => un_xml::read(&source),
            ListFormat::EuFsfCsv => eu_fsf::read_csv(&source),
            ListFormat::EuFsfXml => eu_fsf::read_xml(&source),
            ListFormat::UkOfsiCsv => uk_lists::read_ofsi(&source),
            ListFormat::UkSanctionsListCsv => uk_lists::read_sanctions_list(&source),
            ListFormat::BisDpl => bis_dpl::read(&source),
            ListFormat::OpenSanctionsFtm => opensanctions_ftm::read(&source),
            ListFormat::AgencyCsv => agency_csv::read(&source),
            ListFormat::OfacCsv => {
                ofac_csv::read(&ofac_set(source, None, None, None)).map(|l| vec![l])
            }
        },
        DetectedKind::OfacAddress
        | DetectedKind::OfacAlias
        | DetectedKind::OfacComments
        | DetectedKind::Unsupported(_)
        | DetectedKind::Unknown => return,
    };
    lists_result(result);
}

fn ofac_set(
    primary: Source,
    addresses: Option<&[u8]>,
    aliases: Option<&[u8]>,
    comments: Option<&[u8]>,
) -> OfacFileSet {
    OfacFileSet {
        primary,
        addresses: addresses.map(|b| Source::from_bytes("add.csv", b)),
        aliases: aliases.map(|b| Source::from_bytes("alt.csv", b)),
        comments: comments.map(|b| Source::from_bytes("sdn_comments.csv", b)),
        list_name: "OFAC SDN".into(),
        missing: Vec::new(),
    }
}

/// The OFAC set: `sdn.csv`, `add.csv`, `alt.csv`, `sdn_comments.csv` split on 0xFF.
pub fn list_ofac(data: &[u8]) {
    let [primary, addresses, aliases, comments] = parts::<4>(data);
    let primary = Source::from_bytes("sdn.csv", primary.unwrap_or_default());
    let set = ofac_set(primary, addresses, aliases, comments);
    lists_result(ofac_csv::read(&set).map(|l| vec![l]));
}

pub fn list_csl(data: &[u8]) {
    lists_result(csl_csv::read(&Source::from_bytes("consolidated.csv", data)));
}

pub fn list_un_xml(data: &[u8]) {
    lists_result(un_xml::read(&Source::from_bytes("consolidated.xml", data)));
}

pub fn list_eu_csv(data: &[u8]) {
    lists_result(eu_fsf::read_csv(&Source::from_bytes("eu_fsf.csv", data)));
}

pub fn list_eu_xml(data: &[u8]) {
    lists_result(eu_fsf::read_xml(&Source::from_bytes("eu_fsf.xml", data)));
}

pub fn list_uk_ofsi(data: &[u8]) {
    lists_result(uk_lists::read_ofsi(&Source::from_bytes(
        "ConList.csv",
        data,
    )));
}

pub fn list_uk_sanctions(data: &[u8]) {
    lists_result(uk_lists::read_sanctions_list(&Source::from_bytes(
        "UK-Sanctions-List.csv",
        data,
    )));
}

pub fn list_bis_dpl(data: &[u8]) {
    lists_result(bis_dpl::read(&Source::from_bytes("dpl.txt", data)));
}

pub fn list_ftm(data: &[u8]) {
    match opensanctions_ftm::load(&Source::from_bytes("entities.ftm.json", data)) {
        Ok(load) => lists_result(Ok(vec![load.list])),
        Err(e) => lists_result(Err(e)),
    }
}

/// The EDIFACT tokenizer: every segment of any bytes, read to the end; it never yields more
/// segments than there are bytes.
pub fn edifact(data: &[u8]) {
    let mut tokenizer = hubscreen::ingest::edifact::Tokenizer::new(data);
    let mut segments = 0usize;
    while let Some(segment) = tokenizer.next_segment().expect("reading from memory") {
        segments += 1;
        assert!(segments <= data.len() + 1, "more segments than bytes");
        if let Ok(s) = segment {
            let _ = (s.get(1, 1), s.get(2, 3), s.element(3));
        }
    }
}

/// The CUSCAR reader over any text: it never panics, and every bill it hands over has a number
/// and says where it came from.
pub fn cuscar(data: &[u8]) {
    text_reader(ingest::cuscar::read, "fuzz-cuscar", data);
}

/// The X12 309 reader over any text: it never panics, and every bill it hands over has a
/// number and says where it came from.
pub fn x12_309(data: &[u8]) {
    text_reader(ingest::x12_309::read, "fuzz-x12", data);
}

/// Any bytes as a workbook (the seeds are XLSX and ODS files): read through detection as the
/// engine reads manifests; a workbook that cannot be read is an error, never a panic.
pub fn spreadsheet(data: &[u8]) {
    manifest_detect(data);
}

/// The Cargo-IMP reader over any text: it never panics, and every waybill it hands over has a
/// number and says where it came from.
pub fn cargo_imp(data: &[u8]) {
    text_reader(ingest::cargo_imp::read, "fuzz-imp", data);
}

/// The Cargo-XML reader over any text, as `cargo_imp`.
pub fn cargo_xml(data: &[u8]) {
    text_reader(ingest::cargo_xml::read, "fuzz-xml", data);
}

/// The AMS tables: the input split on 0xFF into up to eleven tables, written in the release's
/// order as the files of one release in a temporary folder, and read from the header table.
pub fn ams(data: &[u8]) {
    let Ok(dir) = tempfile::tempdir() else { return };
    let parts: Vec<&[u8]> = data.split(|&b| b == FILE_SEPARATOR).collect();
    for ((name, _), part) in ingest::ams::TABLES.iter().zip(&parts) {
        let _ = std::fs::write(dir.path().join(format!("ams__{name}_2020__1.csv")), part);
    }
    let header = dir.path().join("ams__header_2020__1.csv");
    let options = hubscreen::service::ingest_options(None, ColumnMap::default());
    match ingest::ingest_path(&header, &options) {
        Ok(read) => {
            for p in &read.problems {
                let _ = p.to_string();
            }
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
}

/// Any bytes (as lossy UTF-8) through one of the text readers: it never panics, and every
/// bill it hands over has a number and says where it came from.
fn text_reader(read: ingest::TextReader, label: &str, data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let result = read(label, &mut text.as_bytes(), &mut |item| {
        match item {
            ingest::Item::Shipment(s) => {
                assert!(!s.bill_of_lading.is_empty(), "a bill without a number");
                assert!(s.source.is_some(), "a bill without its place in the file");
            }
            ingest::Item::Problem(p) => {
                let _ = p.to_string();
            }
        }
        Ok(())
    });
    if let Err(e) = result {
        let _ = e.to_string();
    }
}

/// The X12 tokenizer: every segment of any bytes, read to the end; it never yields more
/// segments than there are bytes.
pub fn x12(data: &[u8]) {
    let mut tokenizer = hubscreen::ingest::x12::Tokenizer::new(data);
    let mut segments = 0usize;
    while let Some(segment) = tokenizer.next_segment().expect("reading from memory") {
        segments += 1;
        assert!(segments <= data.len() + 1, "more segments than bytes");
        if let Ok(s) = segment {
            let _ = (s.get(1, 1), s.get(2, 2), s.element(4));
        }
    }
}

pub fn list_agency(data: &[u8]) {
    lists_result(agency_csv::read(&Source::from_bytes(
        "hub_watchlist.csv",
        data,
    )));
}

/// The goods lists: `hs_prefixes.csv`, `keywords.csv`, `chemicals.csv` split on 0xFF.
pub fn goods(data: &[u8]) {
    let [hs, keywords, chemicals] = parts::<3>(data);
    let source =
        |name: &str, part: Option<&[u8]>| Source::from_bytes(name, part.unwrap_or_default());
    match GoodsLists::from_sources(
        &source("hs_prefixes.csv", hs),
        &source("keywords.csv", keywords),
        &source("chemicals.csv", chemicals),
    ) {
        Ok(lists) => {
            for p in lists.empty_files() {
                let _ = p.to_string();
            }
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
}

/// The goods reference tables and the HS 2017 conversions: an HS nomenclature CSV, an Annex I
/// text, an `hs2017_to_2022.csv` and a look-up query, split on 0xFF; every table that reads is
/// put to use (described codes, entries and their notes, a look-up).
pub fn goods_reference(data: &[u8]) {
    use hubscreen::lists::reference::{GoodsReference, TableKind};
    use hubscreen::model::HsCode;
    let [hs, annex, hs2017, query] = parts::<4>(data);
    let source =
        |name: &str, part: Option<&[u8]>| Source::from_bytes(name, part.unwrap_or_default());
    let mut reference = GoodsReference::default();
    for (kind, name, part) in [
        (TableKind::Hs2022, "hs2022.csv", hs),
        (TableKind::AnnexI, "annex-i.txt", annex),
    ] {
        if let Err(e) = reference.set(kind, &source(name, part)) {
            let _ = e.to_string();
        }
    }
    let query = String::from_utf8_lossy(query.unwrap_or_default()).into_owned();
    if let Some(hs) = &reference.hs {
        for code in ["8458.11.10", "84", query.as_str()] {
            if let Ok(code) = HsCode::parse(code) {
                let _ = hs.describe(&code);
            }
        }
        let _ = hs.search(&query, 20);
    }
    if let Some(annex) = &reference.annex {
        for e in annex.entries().take(50) {
            let _ = e.notes_for(&format!("{}.a.1", e.code));
        }
        if let Some(e) = annex.entry(&query) {
            let _ = e.notes_for(&query);
        }
        let _ = annex.search(&query, 20);
    }
    let lists = match GoodsLists::default().with_conversions(&source("hs2017_to_2022.csv", hs2017))
    {
        Ok(lists) => lists,
        Err(e) => {
            let _ = e.to_string();
            GoodsLists::default()
        }
    };
    let mut matcher = hubscreen::screen::goods::GoodsMatcher::new(lists);
    matcher.set_reference(std::sync::Arc::new(reference));
    let found = hubscreen::screen::goods_lookup::lookup(&matcher, &query);
    let _ = format!("{found:?}");
}

pub fn sources_toml(data: &[u8]) {
    match Sources::parse("sources.toml", &text(data)) {
        Ok(sources) => {
            let _ = sources.selected(&[]);
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
}

pub fn config_toml(data: &[u8]) {
    if let Err(e) = Config::parse("config.toml", &text(data)) {
        let _ = e.to_string();
    }
}

/// An agency rule pack, read as screening reads one (with the built-in pack's groups), and
/// every rule it holds run on a shipment with a route, parties, goods and a container.
pub fn rule_pack(data: &[u8]) {
    use hubscreen::model::{Container, GoodsLine, Party, PartyRole, Quantity, Routing, Shipment};
    use hubscreen::screen::rules::{self, Findings, RuleSet};
    let pack = match rules::parse("unit.toml", &text(data), &rules::builtin_groups()) {
        Ok(pack) => pack,
        Err(e) => {
            let _ = e.to_string();
            return;
        }
    };
    let party = |role, name: &str, country: &str| Party {
        role,
        name: name.into(),
        address: vec!["BISHKEK, KYRGYZSTAN".into()],
        country: Some(country.into()),
    };
    let shipment = Shipment {
        bill_of_lading: "FUZZ1".into(),
        parties: vec![
            party(PartyRole::Shipper, "JINAN CNC MACHINERY CO LTD", "CN"),
            party(PartyRole::Consignee, "TO THE ORDER OF KYRGYZ BANK", "KG"),
            party(PartyRole::NotifyParty, "SEA BRIDGE FREIGHT LLC", "AE"),
        ],
        goods: vec![GoodsLine {
            description: "STC 1 PKG CNC LATHE, SPARE PARTS".into(),
            hs_code: hubscreen::model::HsCode::parse("8458.11").ok(),
            quantity: Some(Quantity {
                value: 1.0,
                unit: Some("PKG".into()),
            }),
            gross_weight_kg: Some(3200.0),
            ..Default::default()
        }],
        routing: Routing {
            port_of_loading: Some("CNSHA".into()),
            transshipment_ports: vec!["LKCMB".into()],
            port_of_discharge: Some("AEJEA".into()),
            final_destination: Some("KGFRU".into()),
            ..Default::default()
        },
        containers: vec![Container {
            number: "MSCU1234567".into(),
            seal: None,
            size_type: None,
        }],
        ..Default::default()
    };
    let set = RuleSet {
        packs: vec![pack],
        disabled: Vec::new(),
        day: None,
    };
    for flag in set.evaluate(
        &shipment,
        Findings {
            party_hits: &[],
            goods_hits: &[],
            vessel_hits: &[],
            history: Some(&hubscreen::screen::rules::History::default()),
            declared_headings: &[],
        },
    ) {
        let _ = flag.explain();
    }
}

pub fn column_map(data: &[u8]) {
    if let Err(e) = ColumnMap::parse("map.toml", &text(data)) {
        let _ = e.to_string();
    }
}

pub fn keymap(data: &[u8]) {
    if let Err(e) = Keymap::default().with_overrides(&text(data)) {
        let _ = e.to_string();
    }
}

/// One party screened against the bundled lists, the way a manifest's party is: the first
/// line is its name, the others its address (with any long numbers in them compared with the
/// lists' identifiers). Covers the matcher's query side: tokenising, transliteration classes,
/// joined words, identifier evidence and the explanation.
pub fn screen_party(data: &[u8]) {
    use hubscreen::model::{Party, PartyRole, Shipment};
    static SCREENER: std::sync::OnceLock<hubscreen::screen::Screener> = std::sync::OnceLock::new();
    let screener = SCREENER.get_or_init(|| {
        hubscreen::screen::Screener::new(
            lists::bundled::watchlists().expect("bundled lists"),
            GoodsLists::default(),
            Config::default(),
        )
    });
    let text = text(data);
    let mut lines = text.lines();
    let party = Party {
        role: PartyRole::Consignee,
        name: lines.next().unwrap_or("").to_string(),
        address: lines.map(str::to_string).collect(),
        country: None,
    };
    let shipment = Shipment {
        bill_of_lading: "FUZZ".into(),
        parties: vec![party],
        ..Default::default()
    };
    let a = screener.screen_shipment(&shipment);
    for h in &a.party_hits {
        let _ = format!("{h:?}");
    }
}

/// An exercise bundle's files as a trainee or trainer could hand them back: `exercise.toml`,
/// the answer key's JSON and a trainee store's `exercise-session.json` (split on 0xFF), then
/// the briefing, the key as text, an empty debrief and the session's clock made from them.
pub fn exercise_bundle(data: &[u8]) {
    use hubscreen::exercise::bundle::{briefing, key_text, parse_exercise, parse_key};
    use hubscreen::exercise::debrief::{Debrief, html_page, markdown};
    use hubscreen::exercise::session::TraineeSession;
    let [file, key, session] = parts::<3>(data);
    if let Ok(s) = TraineeSession::parse(session.unwrap_or_default()) {
        let now = s.started_at;
        let _ = (s.deadline(), s.seconds_left(now), s.elapsed_minutes(now));
    }
    let file = parse_exercise(&String::from_utf8_lossy(file.unwrap_or_default()));
    let key = parse_key(key.unwrap_or_default());
    if let Ok(file) = &file {
        let _ = briefing(file);
        if let Ok(key) = &key {
            let _ = key_text(key, file);
        }
    }
    if let Ok(key) = &key {
        let debrief = Debrief::new(key, &[]);
        let _ = markdown(&debrief);
        let _ = html_page(&debrief);
        for item in &key.items {
            let _ = key.item(&item.bill);
        }
    }
}
