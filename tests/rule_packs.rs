//! Targeting rules as data: the built-in pack on diversion routes, agency packs that add,
//! re-weigh and retire rules, and packs refused whole with the file and line of the error.

use std::path::Path;

use hubscreen::config::Config;
use hubscreen::lists::bundled;
use hubscreen::model::{Assessment, GoodsLine, HsCode, Lane, Party, PartyRole, Routing, Shipment};
use hubscreen::screen::Screener;
use hubscreen::screen::rules::{RuleSet, RulesError};

fn screener_with(config: &Config) -> Screener {
    let rules = RuleSet::load(&config.rules).expect("rule packs load");
    Screener::new(
        bundled::watchlists().unwrap(),
        bundled::goods().unwrap(),
        config.clone(),
    )
    .with_rules(rules)
}

fn consignee(name: &str, country: &str) -> Party {
    Party {
        role: PartyRole::Consignee,
        name: name.into(),
        address: Vec::new(),
        country: Some(country.into()),
    }
}

fn line(description: &str, hs: &str) -> GoodsLine {
    GoodsLine {
        description: description.into(),
        hs_code: Some(HsCode::parse(hs).unwrap()),
        ..Default::default()
    }
}

/// Loaded at Shanghai, discharged at Jebel Ali, going on to `destination`.
fn via_jebel_ali(consignee_party: Party, goods: GoodsLine, destination: &str) -> Shipment {
    Shipment {
        bill_of_lading: "T1".into(),
        parties: vec![consignee_party],
        goods: vec![goods],
        routing: Routing {
            port_of_loading: Some("CNSHA".into()),
            port_of_discharge: Some("AEJEA".into()),
            final_destination: Some(destination.into()),
            ..Default::default()
        },
        ..Default::default()
    }
}

fn rules(a: &Assessment) -> Vec<&str> {
    a.red_flags.iter().map(|f| f.rule.as_str()).collect()
}

fn cnc_lathe_to_bishkek() -> Shipment {
    via_jebel_ali(
        consignee("ALA-TOO MACHINERY LLC", "KG"),
        line("CNC LATHE, HORIZONTAL, 2 AXIS", "8458.11.00"),
        "KGFRU",
    )
}

#[test]
fn chpl_goods_moving_on_to_a_diversion_country_are_selected_with_the_rule_its_source_and_the_instruction()
 {
    let s = screener_with(&Config::default());
    // The issue's case: a CNC lathe (CHPL tier 4) through Jebel Ali on to Bishkek was green.
    let lathe = s.screen_shipment(&cnc_lathe_to_bishkek());
    assert_eq!(
        rules(&lathe),
        ["chpl-tier-3-4-onward-to-diversion-country"],
        "{lathe:#?}"
    );
    assert!(lathe.lane >= Lane::Yellow, "{lathe:#?}");
    let flag = &lathe.red_flags[0];
    assert!(flag.detail.contains("KGFRU"), "{}", flag.detail);
    assert!(
        flag.detail.contains("diversion-to-RU-BY"),
        "{}",
        flag.detail
    );
    assert!(flag.detail.contains("CHPL Tier 4"), "{}", flag.detail);
    let reason = lathe
        .reasons
        .iter()
        .find(|r| r.contains("chpl-tier-3-4-onward-to-diversion-country"))
        .expect("the rule is a reason");
    assert!(reason.contains("FinCEN/BIS"), "{reason}");
    assert!(reason.contains("CNC controller"), "{reason}");
    assert_eq!(lathe.rule_packs, ["builtin@2026-12-05.2"]);

    // Integrated circuits (CHPL tier 1) on to Yerevan: red.
    let chips = s.screen_shipment(&via_jebel_ali(
        consignee("ARARAT COMPONENTS CJSC", "AM"),
        line("ELECTRONIC INTEGRATED CIRCUITS, PROCESSORS", "8542.31.00"),
        "AMEVN",
    ));
    assert_eq!(chips.lane, Lane::Red, "{chips:#?}");
    assert!(rules(&chips).contains(&"chpl-tier-1-2-onward-to-diversion-country"));

    // Ordinary goods on the same route stay green, and so do the same chips imported for the
    // hub's own country (its imports are not diversion on country alone).
    let tea = s.screen_shipment(&via_jebel_ali(
        consignee("ALA-TOO MACHINERY LLC", "KG"),
        line("BLACK TEA IN 25 KG SACKS", "0902.40"),
        "KGFRU",
    ));
    assert_eq!(
        (tea.lane, tea.red_flags.len()),
        (Lane::Green, 0),
        "{tea:#?}"
    );
    let local = s.screen_shipment(&via_jebel_ali(
        consignee("DEIRA ELECTRONICS LLC", "AE"),
        line("ELECTRONIC INTEGRATED CIRCUITS, PROCESSORS", "8542.31.00"),
        "AEJEA",
    ));
    assert!(rules(&local).is_empty(), "{local:#?}");
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join(name), text).unwrap();
}

/// A configuration file in `dir` with these `[rules]` lines, loaded as the CLI loads it.
fn config_in(dir: &Path, rules_section: &str) -> Config {
    let path = dir.join("config.toml");
    std::fs::write(&path, format!("[rules]\n{rules_section}\n")).unwrap();
    Config::load(&path).unwrap()
}

const UNIT_PACK: &str = r#"
[pack]
id = "jebel-ali-unit"
version = "2026-12-01"
title = "Jebel Ali targeting unit"
owner = "Targeting unit, Jebel Ali"

[groups.countries]
northern-gulf = ["IQ", "KW"]

[[rule]]
id = "tiles-to-northern-gulf"
title = "Tiles to the northern Gulf"
source = "Unit decision 41/2026 (undervaluation of ceramic tiles)"
instruction = "Check the declared value against the price list"
points = 30
when = { all = [{ hs_prefix = ["6907"] }, { final_destination_in = ["northern-gulf"] }] }

# A heavier copy of a built-in rule, which the configuration switches off.
[[rule]]
id = "unit-chpl-tier-3-4-onward"
title = "CHPL tier 3 or 4 item moving on to a diversion country (unit weight)"
source = "Unit decision 44/2026, after FinCEN/BIS FIN-2022-Alert003"
instruction = "Hold; inspect for a CNC controller"
points = 30
lane = "red"
when = { all = [{ chpl_tier = [3, 4] }, { onward_to = ["diversion-to-RU-BY"] }] }

# Retired at the end of June: it no longer runs.
[[rule]]
id = "tea-to-kazakhstan"
title = "Tea to Kazakhstan"
source = "Unit decision 9/2026"
instruction = "Documentary check"
points = 40
valid_until = "2026-06-30"
when = { all = [{ hs_prefix = ["0902"] }, { final_destination_in = ["KZ"] }] }
"#;

#[test]
fn an_agency_pack_adds_reweighs_and_retires_rules_and_changes_lanes() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("rules"), "unit.toml", UNIT_PACK);
    let tiles = via_jebel_ali(
        consignee("BASRA GATE GENERAL TRADING CO.", "IQ"),
        line("GLAZED VITRIFIED TILES 600X1200", "6907.21"),
        "IQUQR",
    );
    let tea = via_jebel_ali(
        consignee("ALMATY TEA HOUSE LLP", "KZ"),
        line("CEYLON BLACK TEA", "0902.40"),
        "KZALA",
    );
    let builtin_only = screener_with(&Config::default());
    assert_eq!(builtin_only.screen_shipment(&tiles).lane, Lane::Green);
    assert_eq!(
        builtin_only.screen_shipment(&cnc_lathe_to_bishkek()).lane,
        Lane::Yellow
    );

    // The `rules` folder beside the configuration file is read without being named.
    let config = config_in(
        dir.path(),
        "disabled = [\"chpl-tier-3-4-onward-to-diversion-country\"]",
    );
    let s = screener_with(&config);
    let a = s.screen_shipment(&tiles);
    assert_eq!(rules(&a), ["tiles-to-northern-gulf"]);
    assert_eq!(a.lane, Lane::Yellow);
    assert!(
        a.red_flags[0].detail.contains("northern-gulf"),
        "{:?}",
        a.red_flags
    );
    assert_eq!(
        a.rule_packs,
        ["builtin@2026-12-05.2", "jebel-ali-unit@2026-12-01"]
    );
    // The unit's copy replaces the built-in rule and sends the lathe to red whatever its score.
    let lathe = s.screen_shipment(&cnc_lathe_to_bishkek());
    assert_eq!(rules(&lathe), ["unit-chpl-tier-3-4-onward"]);
    assert_eq!(lathe.lane, Lane::Red);
    assert!(
        lathe.score < Config::default().scoring.red,
        "the lane is the rule's, not the score's"
    );
    // The retired rule does not run.
    assert!(rules(&s.screen_shipment(&tea)).is_empty());
}

#[test]
fn a_broken_pack_is_refused_whole_with_its_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let broken = UNIT_PACK.replace(
        "final_destination_in = [\"northern-gulf\"]",
        "final_destination_in = [\"northern-golf\"]",
    );
    write(&dir.path().join("rules"), "unit.toml", &broken);
    let config = config_in(dir.path(), "");
    let err = RuleSet::load(&config.rules).expect_err("the pack must be refused");
    let RulesError::Pack(e) = &err else {
        panic!("{err}")
    };
    assert!(e.file.ends_with("rules/unit.toml"), "{err}");
    let line = broken
        .lines()
        .position(|l| l.contains("northern-golf"))
        .unwrap()
        + 1;
    assert_eq!(e.line, line, "{err}");
    assert!(err.to_string().contains("\"northern-golf\""), "{err}");

    // A pack named in the configuration must exist; a rule id may not be taken twice; a
    // switched-off rule must exist.
    let config = config_in(dir.path(), "packs = [\"nowhere.toml\"]");
    assert!(matches!(
        RuleSet::load(&config.rules),
        Err(RulesError::Read { .. })
    ));
    write(
        &dir.path().join("twice"),
        "a.toml",
        &UNIT_PACK.replace("tiles-to-northern-gulf", "vague-description"),
    );
    let config = config_in(dir.path(), "packs = [\"twice\"]");
    let err = RuleSet::load(&config.rules).unwrap_err().to_string();
    assert!(err.contains("already a rule of pack \"builtin\""), "{err}");
    let config = config_in(dir.path(), "packs = []\ndisabled = [\"no-such-rule\"]");
    let err = RuleSet::load(&config.rules).unwrap_err().to_string();
    assert!(err.contains("no-such-rule"), "{err}");
}

#[test]
fn an_old_configuration_with_rule_weights_is_told_where_they_went() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, "[rules]\nhigh_risk_countries = [\"IQ\"]\n").unwrap();
    let err = Config::load(&path).unwrap_err().to_string();
    assert!(err.contains("rule pack"), "{err}");
    assert!(err.contains("high_risk_countries"), "{err}");
}

/// Each party, goods and document condition fires on the shipment it describes and says why.
#[test]
fn conditions_on_parties_goods_and_documents_fire_with_their_evidence() {
    use hubscreen::model::{Container, Conveyance, Quantity};
    let dir = tempfile::tempdir().unwrap();
    let rule = |id: &str, when: &str| {
        format!(
            "[[rule]]\nid = \"{id}\"\ntitle = \"{id}\"\nsource = \"test\"\ninstruction = \"look\"\npoints = 1\nwhen = {when}\n"
        )
    };
    let pack = [
        "[pack]\nid = \"t\"\nversion = \"1\"\ntitle = \"t\"\nowner = \"t\"\n".to_string(),
        rule("fwd", "{ consignee_is = [\"forwarder\"] }"),
        rule("same", "{ consignee_is_notify_party = true }"),
        rule("heavy", "{ weight_per_package_kg = { above = 1000 } }"),
        rule("cnc", "{ description_contains = [\"cnc\"] }"),
        rule("flag", "{ vessel_flag_in = [\"Panama\"] }"),
        rule("digits", "{ check_digit_fails = [\"container\"] }"),
        rule("no-goods-hit", "{ not = { goods_hit = true } }"),
    ]
    .concat();
    write(&dir.path().join("rules"), "t.toml", &pack);
    let config = config_in(dir.path(), "builtin = false");
    let s = screener_with(&config);
    let mut shipment = via_jebel_ali(
        consignee("SEA BRIDGE FREIGHT FORWARDING LLC", "AE"),
        GoodsLine {
            description: "CNC ROUTER SPARE PARTS".into(),
            quantity: Some(Quantity {
                value: 2.0,
                unit: Some("CRT".into()),
            }),
            gross_weight_kg: Some(4_000.0),
            ..Default::default()
        },
        "AEJEA",
    );
    shipment.parties.push(Party {
        role: PartyRole::NotifyParty,
        name: "Sea Bridge Freight Forwarding L.L.C.".into(),
        address: Vec::new(),
        country: None,
    });
    shipment.conveyance = Some(Conveyance {
        vessel_name: Some("OCEAN STAR".into()),
        flag: Some("PA".into()),
        ..Default::default()
    });
    shipment.containers = vec![Container {
        number: "MSCU1234567".into(),
        seal: None,
        size_type: None,
    }];
    let a = s.screen_shipment(&shipment);
    let detail = |id: &str| {
        a.red_flags
            .iter()
            .find(|f| f.rule == id)
            .map(|f| f.detail.clone())
            .unwrap_or_else(|| panic!("{id} did not fire: {:#?}", a.red_flags))
    };
    assert!(detail("fwd").contains("freight forwarder"));
    assert!(detail("same").contains("SEA BRIDGE"));
    assert!(detail("heavy").contains("2000.0 kg per package"));
    assert!(detail("cnc").contains("\"CNC\""));
    assert!(detail("flag").contains("Panama"));
    assert!(detail("digits").contains("MSCU1234567"));
    assert_eq!(detail("no-goods-hit"), "");
    assert_eq!(a.rule_packs, ["t@1"], "the built-in pack is switched off");

    // The same conditions stay quiet on a shipment that gives them nothing.
    let quiet = s.screen_shipment(&via_jebel_ali(
        consignee("AL NOOR FOODSTUFF LLC", "AE"),
        line("BASMATI RICE", "1006.30"),
        "AEJEA",
    ));
    assert_eq!(rules(&quiet), ["no-goods-hit"]);
}

/// A BIS red flag: a route abnormal for the goods. Controlled goods from a German maker loaded
/// at Mersin (Turkey) are flagged; loaded at Rotterdam, a transshipment hub, or at home, not.
#[test]
fn controlled_goods_loaded_away_from_the_shippers_country_and_not_at_a_hub_are_flagged() {
    let s = screener_with(&Config::default());
    let shipment = |pol: &str| {
        let mut x = via_jebel_ali(
            consignee("DEIRA MACHINE TOOLS LLC", "AE"),
            line("CNC LATHE, HORIZONTAL", "8458.11"),
            "AEJEA",
        );
        x.parties.push(Party {
            role: PartyRole::Shipper,
            name: "SCHWABEN WERKZEUGMASCHINEN GMBH".into(),
            address: vec!["STUTTGART, GERMANY".into()],
            country: Some("DE".into()),
        });
        x.routing.port_of_loading = Some(pol.into());
        x
    };
    let rule = "controlled-goods-loaded-away-from-shipper";
    let mersin = s.screen_shipment(&shipment("TRMER"));
    let flag = mersin
        .red_flags
        .iter()
        .find(|f| f.rule == rule)
        .unwrap_or_else(|| panic!("{mersin:#?}"));
    assert!(
        flag.detail
            .contains("is in Germany but the goods were loaded at TRMER (Türkiye"),
        "{}",
        flag.detail
    );
    for pol in ["NLRTM", "DEHAM"] {
        let a = s.screen_shipment(&shipment(pol));
        assert!(!rules(&a).contains(&rule), "{pol}: {a:#?}");
    }
    // Ordinary goods on the same odd route are not flagged: the red flag is for the goods.
    let mut tea = shipment("TRMER");
    tea.goods = vec![line("BLACK TEA", "0902.40")];
    assert!(!rules(&s.screen_shipment(&tea)).contains(&rule));
}

/// Goods lists of one lexicon phrase with its usual heading, and one HS 2017 conversion.
fn lathe_lexicon() -> hubscreen::lists::goods::GoodsLists {
    use hubscreen::lists::goods::{GoodsLists, HsConversion, HsPrefixEntry, KeywordEntry};
    GoodsLists {
        hs_prefixes: vec![HsPrefixEntry {
            list: "CHPL".into(),
            hs_prefix: "880730".into(),
            entry: "Tier 3.B".into(),
            label: "Parts of aircraft".into(),
            points: 15,
        }],
        keywords: vec![
            KeywordEntry {
                list: "HUB KEYWORDS".into(),
                phrase: "CNC LATHE".into(),
                entry: "2B001".into(),
                label: "Numerically controlled lathes".into(),
                points: 10,
                negative_context: Vec::new(),
                language: "en".into(),
                hs_headings: vec!["8458".into(), "8466".into()],
            },
            KeywordEntry {
                list: "HUB KEYWORDS".into(),
                phrase: "UAV PROPELLER".into(),
                entry: "9A012".into(),
                label: "UAV parts".into(),
                points: 10,
                negative_context: Vec::new(),
                language: "en".into(),
                hs_headings: vec!["8807".into()],
            },
        ],
        hs2017: vec![HsConversion {
            hs2017: "880310".into(),
            hs2022: vec!["880710".into()],
            note: "propellers and rotors".into(),
        }],
        ..Default::default()
    }
}

#[test]
fn a_description_naming_goods_of_another_heading_is_flagged_and_a_fitting_one_is_not() {
    let s = Screener::new(Vec::new(), lathe_lexicon(), Config::default());
    let toy = s.screen_shipment(&via_jebel_ali(
        consignee("PLAYTIME LLC", "AE"),
        line("CNC LATHE 2 AXIS", "9503.00"),
        "AEDXB",
    ));
    let flag = toy
        .red_flags
        .iter()
        .find(|f| f.rule == "description-contradicts-hs")
        .unwrap_or_else(|| panic!("{toy:#?}"));
    assert!(
        flag.detail.contains("numerically controlled lathes")
            && flag.detail.contains("8458/8466")
            && flag.detail.contains("9503.00"),
        "{}",
        flag.detail
    );
    assert_eq!(toy.lane, Lane::Yellow, "{toy:#?}");
    for fitting in ["8458.11.00", "8466.93"] {
        let a = s.screen_shipment(&via_jebel_ali(
            consignee("PLAYTIME LLC", "AE"),
            line("CNC LATHE 2 AXIS", fitting),
            "AEDXB",
        ));
        assert!(!rules(&a).contains(&"description-contradicts-hs"), "{a:#?}");
    }
    // After "for", the phrase names what the goods serve, not the goods: tooling for lathes
    // may be declared under another heading (the HS 2022 texts themselves say "machines for
    // the manufacture of integrated circuits" under 8486).
    let a = s.screen_shipment(&via_jebel_ali(
        consignee("PLAYTIME LLC", "AE"),
        line("COOLANT PUMPS FOR CNC LATHE", "8413.70"),
        "AEDXB",
    ));
    assert!(!rules(&a).contains(&"description-contradicts-hs"), "{a:#?}");
    // No declared code: nothing to contradict.
    let mut undeclared = line("CNC LATHE", "8458.11");
    undeclared.hs_code = None;
    let a = s.screen_shipment(&via_jebel_ali(
        consignee("PLAYTIME LLC", "AE"),
        undeclared,
        "AEDXB",
    ));
    assert!(!rules(&a).contains(&"description-contradicts-hs"), "{a:#?}");
}

#[test]
fn an_hs_2017_code_is_screened_as_the_hs_2022_code_it_became_and_fits_its_heading() {
    let s = Screener::new(Vec::new(), lathe_lexicon(), Config::default());
    // 8803.10 (HS 2017 propellers) became 8807.10: it fits the UAV parts phrase's heading 8807.
    let a = s.screen_shipment(&via_jebel_ali(
        consignee("SKY PARTS LLC", "AE"),
        line("UAV PROPELLER CARBON", "8803.10"),
        "AEDXB",
    ));
    assert!(!rules(&a).contains(&"description-contradicts-hs"), "{a:#?}");
    // 8803.30 is not in this table: it is not converted, and no CHPL hit is made up.
    let s2 = Screener::new(Vec::new(), lathe_lexicon(), Config::default());
    let b = s2.screen_shipment(&via_jebel_ali(
        consignee("SKY PARTS LLC", "AE"),
        line("AIRCRAFT PARTS", "8803.30"),
        "AEDXB",
    ));
    assert!(b.goods_hits.is_empty(), "{b:#?}");
    // With the bundled table, 8803.30 (HS 2017) is CHPL 8807.30, and the hit says so.
    let bundled = Screener::new(Vec::new(), bundled::goods().unwrap(), Config::default());
    let c = bundled.screen_shipment(&via_jebel_ali(
        consignee("SKY PARTS LLC", "AE"),
        line("AIRCRAFT PARTS", "8803.30"),
        "AEDXB",
    ));
    let chpl = c
        .goods_hits
        .iter()
        .find(|h| h.list == "CHPL")
        .unwrap_or_else(|| panic!("{c:#?}"));
    assert!(
        chpl.explain()
            .contains("8803.30 (an HS 2017 code; 8807.30 in HS 2022)"),
        "{}",
        chpl.explain()
    );
    // A code HS 2022 split: the hit names every part, and which one is listed.
    let d = bundled.screen_shipment(&via_jebel_ali(
        consignee("SKY PARTS LLC", "AE"),
        line("CCTV CAMERA", "8525.80"),
        "AEDXB",
    ));
    let camera = d
        .goods_hits
        .iter()
        .find(|h| h.list == "CHPL")
        .unwrap_or_else(|| panic!("{d:#?}"));
    assert!(
        camera
            .explain()
            .contains("8525.80 (an HS 2017 code that HS 2022 split into 8525.81, 8525.82")
            && camera.explain().contains("; 8525.89 is one)"),
        "{}",
        camera.explain()
    );
    // Camera drones went to the ten 8806 codes: one watch-heading hit, not ten.
    let drone_hits = d
        .goods_hits
        .iter()
        .filter(|h| h.list == "WATCH HEADING" && h.label.to_lowercase().contains("unmanned"))
        .count();
    assert_eq!(drone_hits, 1, "{d:#?}");
}
