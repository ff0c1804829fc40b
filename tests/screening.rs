//! Goods screening, red-flag rules and scoring on hand-built shipments with the bundled lists.

use hubscreen::config::Config;
use hubscreen::lists::bundled;
use hubscreen::model::{
    Conveyance, GoodsEvidence, GoodsLine, HsCode, Lane, Party, PartyRole, Routing, Shipment,
    VesselMatch,
};
use hubscreen::screen::Screener;

fn screener(config: Config) -> Screener {
    Screener::new(
        bundled::watchlists().unwrap(),
        bundled::goods().unwrap(),
        config,
    )
}

fn party(role: PartyRole, name: &str) -> Party {
    Party {
        role,
        name: name.into(),
        address: Vec::new(),
        country: None,
    }
}

fn goods(description: &str, hs: Option<&str>) -> GoodsLine {
    GoodsLine {
        description: description.into(),
        hs_code: hs.map(|h| HsCode::parse(h).unwrap()),
        ..Default::default()
    }
}

fn shipment(parties: Vec<Party>, lines: Vec<GoodsLine>, routing: Routing) -> Shipment {
    Shipment {
        bill_of_lading: "T1".into(),
        parties,
        goods: lines,
        routing,
        ..Default::default()
    }
}

fn route(pol: &str, via: &[&str], dest: &str) -> Routing {
    Routing {
        port_of_loading: Some(pol.into()),
        transshipment_ports: via.iter().map(|s| s.to_string()).collect(),
        port_of_discharge: Some("AEJEA".into()),
        final_destination: Some(dest.into()),
        ..Default::default()
    }
}

fn rules(a: &hubscreen::model::Assessment) -> Vec<&str> {
    a.red_flags.iter().map(|f| f.rule.as_str()).collect()
}

#[test]
fn clean_shipment_is_green_with_no_reasons() {
    let s = shipment(
        vec![
            party(PartyRole::Shipper, "KARACHI RICE MILLS (PVT) LTD"),
            party(PartyRole::Consignee, "AL NOOR FOODSTUFF LLC"),
        ],
        vec![goods("BASMATI RICE 1121 SELLA 25KG BAGS", Some("1006.30"))],
        route("PKKHI", &[], "AEJEA"),
    );
    let a = screener(Config::default()).screen_shipment(&s);
    assert_eq!(a.lane, Lane::Green);
    assert_eq!(a.score, 0);
    assert!(a.reasons.is_empty());
}

#[test]
fn chpl_item_toward_a_high_risk_destination_is_red_with_every_reason() {
    let s = shipment(
        vec![party(
            PartyRole::Consignee,
            "FALCON BRIDGE ELECTRONICS TRADING LLC",
        )],
        vec![goods("MICROCONTROLLER UNITS 32-BIT", Some("8542.31.90"))],
        route("CNSZX", &["AEJEA"], "RUNVS"),
    );
    let a = screener(Config::default()).screen_shipment(&s);
    assert_eq!(a.lane, Lane::Red, "{a:#?}");
    assert_eq!(
        rules(&a),
        vec!["high-risk-destination", "controlled-goods-high-risk-route"]
    );
    let chpl = a.goods_hits.iter().find(|h| h.list == "CHPL").unwrap();
    assert_eq!(
        chpl.evidence,
        GoodsEvidence::HsPrefix {
            hs_code: "8542.31.90".into(),
            prefix: "854231".into()
        }
    );
    assert!(chpl.explain().contains("candidate, check thresholds"));
    assert!(a.goods_hits.iter().any(|h| matches!(&h.evidence, GoodsEvidence::Keyword { phrase, .. } if phrase == "MICROCONTROLLER UNITS" || phrase.starts_with("MICROCONTROLLER"))));
    // Two flags and the one goods hit that counts.
    assert_eq!(a.reasons.len(), 3, "{:#?}", a.reasons);
}

#[test]
fn transshipment_through_a_high_risk_country_is_flagged() {
    let s = shipment(
        vec![party(PartyRole::Consignee, "AL NOOR FOODSTUFF LLC")],
        vec![goods("BLACK TEA", Some("0902.40"))],
        route("LKCMB", &["IRBND"], "IQUQR"),
    );
    let a = screener(Config::default()).screen_shipment(&s);
    assert_eq!(rules(&a), vec!["high-risk-transshipment"]);
    assert!(a.red_flags[0].detail.contains("IRBND"));
}

#[test]
fn to_order_consignee_names_the_notify_party() {
    let s = shipment(
        vec![
            party(PartyRole::Consignee, "TO THE ORDER OF EMIRATES NBD BANK"),
            party(PartyRole::NotifyParty, "HAMRIYAH STEEL TRADING LLC"),
        ],
        vec![goods("STEEL PIPES", Some("7306.30"))],
        route("INMUN", &[], "AEJEA"),
    );
    let a = screener(Config::default()).screen_shipment(&s);
    assert_eq!(rules(&a), vec!["to-order-consignee"]);
    assert!(a.red_flags[0].detail.contains("HAMRIYAH STEEL TRADING LLC"));
    assert_eq!(a.lane, Lane::Yellow);
}

#[test]
fn chemical_declared_only_by_cas_number_is_flagged_as_disguised() {
    let s = shipment(
        vec![party(
            PartyRole::Consignee,
            "AL SAQR INDUSTRIAL SUPPLIES LLC",
        )],
        vec![goods(
            "INDUSTRIAL SOLVENT (CAS NO. 111-48-8) 20 DRUMS",
            Some("2930.90"),
        )],
        route("INNSA", &[], "AEJEA"),
    );
    let a = screener(Config::default()).screen_shipment(&s);
    let cwc = a
        .goods_hits
        .iter()
        .find(|h| h.list == "CWC")
        .expect("CWC hit");
    assert!(matches!(&cwc.evidence, GoodsEvidence::CasNumber { cas, .. } if cas == "111-48-8"));
    assert!(rules(&a).contains(&"chemical-by-number-only"));
    assert_eq!(a.lane, Lane::Red);
}

#[test]
fn named_chemical_is_not_called_disguised() {
    let s = shipment(
        vec![party(PartyRole::Consignee, "GULF CEMENT CO PSC")],
        vec![goods("TRIETHANOLAMINE 99% CAS 102-71-6", Some("2922.15"))],
        route("INNSA", &[], "AEJEA"),
    );
    let a = screener(Config::default()).screen_shipment(&s);
    assert!(a.goods_hits.iter().any(|h| h.list == "CWC"));
    assert!(!rules(&a).contains(&"chemical-by-number-only"), "{a:#?}");
}

#[test]
fn vague_description_is_flagged() {
    let s = shipment(
        vec![party(PartyRole::Consignee, "AL NOOR FOODSTUFF LLC")],
        vec![goods("STC 12 PKGS SPARE PARTS", None)],
        route("INNSA", &[], "AEJEA"),
    );
    assert_eq!(
        rules(&screener(Config::default()).screen_shipment(&s)),
        vec!["vague-description"]
    );
}

#[test]
fn screening_many_shipments_equals_screening_each() {
    let shipments: Vec<Shipment> = [
        "MABRUKA TRADING CO LLC",
        "AL NOOR FOODSTUFF LLC",
        "HESONG TRADING CORP.",
    ]
    .iter()
    .map(|n| {
        shipment(
            vec![party(PartyRole::Consignee, n)],
            vec![goods("TILES", Some("6907.21"))],
            route("INNSA", &[], "AEJEA"),
        )
    })
    .collect();
    let s = screener(Config::default());
    let batch = s.screen_shipments(&shipments);
    let single: Vec<_> = shipments.iter().map(|x| s.screen_shipment(x)).collect();
    assert_eq!(batch, single);
    assert_eq!(batch[0].party_hits[0].entry_id, "19254");
}

fn vessel(name: &str, imo: Option<&str>) -> Conveyance {
    Conveyance {
        vessel_name: Some(name.into()),
        imo: imo.map(String::from),
        voyage: None,
        flag: None,
    }
}

#[test]
fn listed_vessel_is_found_by_imo_whatever_its_name() {
    // OFAC 4243 EBANO, IMO 7406784: renamed from SAND SWAN.
    let hits =
        screener(Config::default()).screen_vessel(&vessel("SEA BREEZE", Some("IMO 7406784")));
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0].entry_id, "4243");
    assert_eq!(hits[0].matched_by, VesselMatch::Imo);
}

#[test]
fn vessel_name_match_with_another_imo_is_not_a_hit() {
    let s = screener(Config::default());
    let by_name = s.screen_vessel(&vessel("EBANO", None));
    assert!(
        by_name
            .iter()
            .any(|h| h.entry_id == "4243" && h.matched_by == VesselMatch::Name),
        "{by_name:?}"
    );
    assert!(
        s.screen_vessel(&vessel("EBANO", Some("9234563")))
            .is_empty()
    );
}

#[test]
fn vessel_hit_puts_the_shipment_in_the_red_lane() {
    let mut s = shipment(
        vec![party(PartyRole::Consignee, "AL NOOR FOODSTUFF LLC")],
        vec![goods("BLACK TEA", Some("0902.40"))],
        route("LKCMB", &[], "AEJEA"),
    );
    s.conveyance = Some(vessel("EBANO", Some("7406784")));
    let a = screener(Config::default()).screen_shipment(&s);
    assert_eq!(a.lane, Lane::Red);
    assert!(
        a.reasons[0].contains("vessel IMO 7406784"),
        "{:?}",
        a.reasons
    );
}

#[test]
fn a_cleared_pair_does_not_alert_again_but_other_parties_do() {
    use hubscreen::screen::suppress::{Suppression, Suppressions};
    let s = shipment(
        vec![
            party(PartyRole::Consignee, "MABRUKA TRADING CO LLC"),
            party(PartyRole::NotifyParty, "HESONG TRADING CORP."),
        ],
        vec![goods("TILES", Some("6907.21"))],
        route("INNSA", &[], "AEJEA"),
    );
    let cleared = Suppressions::new([Suppression {
        party_name: "Mabruka Trading Co. L.L.C.".into(),
        list: "OFAC SDN".into(),
        entry_id: "19254".into(),
        expires: None,
    }]);
    let a = screener(Config::default())
        .with_suppressions(cleared)
        .screen_shipment(&s);
    let ids: Vec<&str> = a.party_hits.iter().map(|h| h.entry_id.as_str()).collect();
    assert_eq!(ids, vec!["9519"]);
}

/// A party's country on the manifest raises a hit on an entry in that country and lowers one
/// on an entry that names only other countries; the explanation says so.
#[test]
fn the_party_country_raises_or_lowers_the_score() {
    let s = screener(Config::default());
    let hit_for = |country: Option<&str>, address: &[&str]| {
        let mut p = party(PartyRole::Consignee, "GULF HORIZON GENERAL TRADING");
        p.country = country.map(String::from);
        p.address = address.iter().map(|a| a.to_string()).collect();
        let a = s.screen_shipment(&shipment(vec![p], Vec::new(), Routing::default()));
        a.party_hits.into_iter().find(|h| h.entry_id == "HW-0001")
    };
    let plain = hit_for(None, &[]).expect("a hit without a country");
    let agrees = hit_for(Some("AE"), &[]).expect("a hit in the entry's country");
    let from_address = hit_for(None, &["PO BOX 1234", "JEBEL ALI, DUBAI, UAE"])
        .expect("the country read from the address");
    let differs = hit_for(Some("Germany"), &[]);
    assert!(agrees.score > plain.score, "{agrees:?} vs {plain:?}");
    assert!(
        agrees
            .adjustments
            .iter()
            .any(|a| a.contains("country AE is the entry's")),
        "{:?}",
        agrees.adjustments
    );
    assert_eq!(from_address.score, agrees.score);
    match differs {
        Some(h) => {
            assert!(h.score < plain.score, "{h:?}");
            assert!(h.adjustments.iter().any(|a| a.contains("country DE")));
        }
        None => assert!(plain.score - 0.02 < Config::default().screening.party_threshold),
    }
}

/// A party that gives a passport number a listed person's entry gives is that person, whatever
/// name the manifest writes; a name hit whose number agrees says so too.
#[test]
fn a_listed_identifier_on_the_manifest_is_a_hit_whatever_the_name() {
    let s = screener(Config::default());
    let mut other_name = party(PartyRole::Consignee, "M. H. GENERAL SUPPLIES");
    other_name.address = vec!["PASSPORT NO. G4506013".into(), "TEHRAN 1234567".into()];
    let mut same_name = party(PartyRole::Shipper, "Mohsen HOJATI");
    same_name.address = vec!["passport g-4506013".into()];
    let clean = {
        let mut p = party(PartyRole::NotifyParty, "M. H. GENERAL SUPPLIES");
        p.address = vec!["PASSPORT NO. G4506014".into()];
        p
    };
    let a = s.screen_shipment(&shipment(
        vec![other_name, same_name, clean],
        vec![],
        route("CNSHA", &[], "AE"),
    ));
    let hits: Vec<(&str, &str, f64)> = a
        .party_hits
        .iter()
        .map(|h| (h.party_name.as_str(), h.entry_id.as_str(), h.score))
        .collect();
    assert_eq!(hits.len(), 2, "{hits:?}");
    for h in &a.party_hits {
        assert_eq!(h.entry_id, "10856", "{h:?}");
        assert!(h.score >= 0.95, "{h:?}");
        assert!(
            h.adjustments
                .iter()
                .any(|x| x.contains("G4506013") && x.contains("Passport")),
            "{h:?}"
        );
    }
}
