//! The goods reference tables against the real published files (`../shared/data/goods`): the
//! HS 2022 nomenclature and the EU dual-use list, Annex I, read whole, and hubscreen's own goods
//! files checked against them (every listed HS prefix and lexicon heading exists in HS 2022,
//! every HS 2017 code converted is one HS 2022 dropped, every Annex I entry pointed at exists).
//! The fixtures under `tests/fixtures/reference` cover the same paths without `../shared`.

mod common;

use std::collections::HashSet;

use hubscreen::lists::bundled;
use hubscreen::lists::reference::{self, AnnexI, GoodsReference, HsNomenclature, TableKind};
use hubscreen::model::HsCode;
use hubscreen::source::Source;

fn hs_real() -> Option<HsNomenclature> {
    let path = common::shared("goods/harmonized-system-2022.csv")?;
    Some(HsNomenclature::read(&Source::read(&path).unwrap()).unwrap_or_else(|e| panic!("{e}")))
}

fn annex_real() -> Option<AnnexI> {
    let path = common::shared("goods/dual_use_list_text_NO_listII_2022_en.txt")?;
    Some(AnnexI::read(&Source::read(&path).unwrap()).unwrap_or_else(|e| panic!("{e}")))
}

/// The rows of a CSV file as maps from header to value, read with the csv crate alone.
fn csv_rows(path: &std::path::Path) -> Vec<std::collections::HashMap<String, String>> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let headers: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_string())
        .collect();
    reader
        .records()
        .map(|r| {
            headers
                .iter()
                .cloned()
                .zip(r.unwrap().iter().map(str::to_string))
                .collect()
        })
        .collect()
}

#[test]
fn the_real_hs_2022_file_is_read_whole_and_describes_declared_codes() {
    let Some(hs) = hs_real() else { return };
    let path = common::shared("goods/harmonized-system-2022.csv").unwrap();
    // Counted without hubscreen: every row of level 2, 4 or 6 (the file's last row is a total).
    let expected = csv_rows(&path)
        .iter()
        .filter(|r| matches!(r["level"].as_str(), "2" | "4" | "6"))
        .count();
    assert_eq!(hs.len(), expected);
    let lathe = hs.describe(&HsCode::parse("8458.11.10").unwrap()).unwrap();
    let codes: Vec<&str> = lathe.levels.iter().map(|(c, _)| c.as_str()).collect();
    assert_eq!(codes, ["84", "8458", "845811"]);
    assert!(lathe.levels[1].1.starts_with("Lathes"), "{lathe:?}");
}

#[test]
fn every_hs_code_in_hubscreens_goods_files_exists_in_hs_2022() {
    let Some(hs) = hs_real() else { return };
    let goods = bundled::goods().unwrap();
    for p in &goods.hs_prefixes {
        assert!(
            hs.contains(&p.hs_prefix),
            "listed prefix {} is not in HS 2022",
            p.hs_prefix
        );
    }
    for k in &goods.keywords {
        for h in &k.hs_headings {
            assert!(
                hs.contains(h),
                "{:?}: heading {h} is not in HS 2022",
                k.phrase
            );
        }
    }
    assert!(!goods.hs2017.is_empty());
    for c in &goods.hs2017 {
        assert!(
            !hs.contains(&c.hs2017),
            "HS 2017 code {} still exists in HS 2022: converting it would guess the edition",
            c.hs2017
        );
        for new in &c.hs2022 {
            assert!(
                hs.contains(new),
                "{} -> {new}: {new} is not in HS 2022",
                c.hs2017
            );
        }
    }
}

#[test]
fn the_real_annex_i_text_gives_every_entry_with_its_heading_and_decontrol_notes() {
    let Some(annex) = annex_real() else { return };
    let path = common::shared("goods/dual_use_annexI_entries.csv").unwrap();
    // The data folder's own table of entries, derived from the same text by another parser.
    let rows = csv_rows(&path);
    let theirs: HashSet<&str> = rows.iter().map(|r| r["entry_code"].as_str()).collect();
    let ours: HashSet<&str> = annex.entries().map(|e| e.code.as_str()).collect();
    assert_eq!(ours, theirs);
    let words = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    let same_heading = rows
        .iter()
        .filter(|r| annex.entry(&r["entry_code"]).unwrap().heading == words(&r["heading"]))
        .count();
    // Two entries open with their item a. and have no heading of their own; the other table
    // joins items a. and b. there.
    assert!(
        same_heading >= rows.len() - 2,
        "{same_heading} of {}",
        rows.len()
    );
    let text = std::fs::read_to_string(
        common::shared("goods/dual_use_list_text_NO_listII_2022_en.txt").unwrap(),
    )
    .unwrap();
    let in_text = text.matches("does not control").count();
    let kept: usize = annex
        .entries()
        .flat_map(|e| &e.decontrol)
        .map(|n| n.text.matches("does not control").count())
        .sum();
    // Notes broken over two lines ("does not / control") are found too once joined.
    assert!(
        kept >= in_text,
        "{kept} decontrol phrases kept of {in_text} in the text"
    );
    let c350 = annex.entry("1C350.7 (CAS 111-48-8)").unwrap();
    assert_eq!(c350.regime, "Australia Group");
    assert!(
        c350.notes_for("1C350.7")
            .iter()
            .any(|n| n.text.contains("consumer goods packaged for retail sale")),
        "{c350:#?}"
    );
}

#[test]
fn every_annex_i_entry_hubscreens_goods_files_point_at_exists_in_the_real_list() {
    let Some(annex) = annex_real() else { return };
    let goods = bundled::goods().unwrap();
    let code = regex::Regex::new(r"^\d[A-E]\d{3}").unwrap();
    let mut missing = Vec::new();
    let entries = goods
        .keywords
        .iter()
        .map(|k| &k.entry)
        .chain(goods.hs_prefixes.iter().map(|p| &p.entry))
        .chain(goods.chemicals.iter().map(|c| &c.entry));
    for entry in entries {
        if code.is_match(entry) && annex.entry(entry).is_none() {
            missing.push(entry.clone());
        }
    }
    assert!(missing.is_empty(), "not in Annex I: {missing:?}");
}

#[test]
fn the_fixture_tables_install_and_show_beside_a_hit() {
    let data = tempfile::tempdir().unwrap();
    for (file, kind) in [
        ("reference/hs_sample.csv", TableKind::Hs2022),
        ("reference/annex_sample.txt", TableKind::AnnexI),
    ] {
        let installed = reference::install(data.path(), &common::fixture(file)).unwrap();
        assert_eq!(installed.kind, kind);
    }
    let (loaded, errors) = GoodsReference::load_installed(data.path());
    assert!(errors.is_empty(), "{errors:?}");
    let screener = hubscreen::screen::Screener::new(
        Vec::new(),
        bundled::goods().unwrap(),
        hubscreen::config::Config::default(),
    )
    .with_reference(std::sync::Arc::new(loaded));
    let found = screener.lookup_goods("CNC LATHE");
    let hit = found
        .hits
        .iter()
        .find(|h| h.control.is_some())
        .unwrap_or_else(|| panic!("{found:#?}"));
    let control = hit.control.as_ref().unwrap();
    assert_eq!(control.entry, "2B001");
    assert_eq!(control.regime, "Wassenaar Arrangement");
    assert!(control.decontrol[0].contains("does not control"));
}

/// The HS 2022 texts, each declared under its own code, are 5,613 goods descriptions nobody
/// wrote for hubscreen: none may read as contradicting its heading. (Before "for" was read as
/// naming a purpose, three did: "machines ... for the manufacture of integrated circuits"
/// under 8486.20 and 8486.40, and test instruments for integrated circuits under 9030.82.)
#[test]
fn no_hs_2022_text_contradicts_its_own_heading() {
    use hubscreen::model::{GoodsLine, Shipment};
    let Some(path) = common::shared("goods/harmonized-system-2022.csv") else {
        return;
    };
    let screener = hubscreen::screen::Screener::new(
        Vec::new(),
        bundled::goods().unwrap(),
        hubscreen::config::Config::default(),
    );
    let mut with_keyword = 0;
    let mut contradicted = Vec::new();
    for row in csv_rows(&path).iter().filter(|r| r["level"] == "6") {
        let shipment = Shipment {
            bill_of_lading: row["hscode"].clone(),
            goods: vec![GoodsLine {
                description: row["description"].clone(),
                hs_code: Some(HsCode::parse(&row["hscode"]).unwrap()),
                ..Default::default()
            }],
            ..Default::default()
        };
        let a = screener.screen_shipment(&shipment);
        with_keyword += usize::from(
            a.goods_hits
                .iter()
                .any(|h| matches!(h.evidence, hubscreen::model::GoodsEvidence::Keyword { .. })),
        );
        if let Some(f) = a
            .red_flags
            .iter()
            .find(|f| f.rule == "description-contradicts-hs")
        {
            contradicted.push(f.detail.clone());
        }
    }
    eprintln!("HS 2022 subheading texts with a lexicon hit: {with_keyword}");
    assert!(with_keyword > 0, "the lexicon finds nothing in HS texts");
    assert!(contradicted.is_empty(), "{contradicted:#?}");
}
