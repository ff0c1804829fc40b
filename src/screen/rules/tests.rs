use super::*;

fn shared() -> SharedGroups {
    builtin_groups()
}

fn pack_with(rule_body: &str) -> String {
    format!(
        "[pack]\nid = \"unit\"\nversion = \"1\"\ntitle = \"Unit rules\"\nowner = \"targeting unit\"\n\n[[rule]]\nid = \"r1\"\ntitle = \"T\"\nsource = \"unit decision 12/2026\"\ninstruction = \"inspect\"\n{rule_body}\n"
    )
}

fn error_of(text: &str) -> PackError {
    parse("unit.toml", text, &shared()).expect_err("the pack must be refused")
}

#[test]
fn the_builtin_pack_loads_and_every_rule_cites_a_source_and_an_instruction() {
    let set = RuleSet::builtin();
    let pack = &set.packs[0];
    assert_eq!(pack.id, "builtin");
    assert!(pack.rules.len() >= 12, "{}", pack.rules.len());
    for r in &pack.rules {
        assert!(r.source.len() > 10, "{}", r.id);
        assert!(r.instruction.len() > 10, "{}", r.id);
    }
    // Groups may name groups: high-risk is the embargoed countries and Russia and Belarus.
    assert_eq!(
        pack.country_groups["high-risk"],
        ["BY", "CU", "IR", "KP", "RU", "SY"]
    );
    assert!(pack.country_groups["diversion-to-RU-BY"].contains(&"KG".to_string()));
}

#[test]
fn a_misspelt_field_is_refused_at_its_line() {
    let e = error_of(&pack_with(
        "pionts = 10\nwhen = { vague_description = true }",
    ));
    assert_eq!(e.file, "unit.toml");
    assert_eq!(e.line, 12, "{e}");
    assert!(e.message.contains("pionts"), "{e}");
}

#[test]
fn an_unknown_predicate_is_refused_at_its_line() {
    let e = error_of(&pack_with(
        "points = 10\nwhen = { all = [\n  { vague_description = true },\n  { destination_inn = [\"IR\"] },\n] }",
    ));
    assert_eq!(e.line, 15, "{e}");
    assert!(e.message.contains("destination_inn"), "{e}");
}

#[test]
fn an_unknown_country_or_group_is_refused_at_its_line_naming_the_groups() {
    let e = error_of(&pack_with(
        "points = 10\nwhen = { all = [\n  { vague_description = true },\n  { onward_to = [\"diversion-to-RU\"] },\n] }",
    ));
    assert_eq!(e.line, 15, "{e}");
    assert!(e.message.contains("\"diversion-to-RU\""), "{e}");
    assert!(e.message.contains("diversion-to-RU-BY"), "{e}");
}

#[test]
fn bad_dates_empty_fields_and_rules_that_change_nothing_are_refused() {
    let e = error_of(&pack_with(
        "points = 10\nvalid_from = \"2026-13-01\"\nwhen = { vague_description = true }",
    ));
    assert_eq!(e.line, 13, "{e}");
    assert!(e.message.contains("not a date"), "{e}");
    let e = error_of(&pack_with("when = { vague_description = true }"));
    assert!(e.message.contains("no points and no lane"), "{e}");
    let e = error_of(&pack_with(
        "points = 5\nwhen = { vague_description = true }\n\n[[rule]]\nid = \"r1\"\ntitle = \"T\"\nsource = \"s s s s\"\ninstruction = \"i\"\npoints = 1\nwhen = { goods_hit = true }",
    ));
    assert!(e.message.contains("used twice"), "{e}");
    assert_eq!(e.line, 15, "{e}");
    let e = error_of(&pack_with("points = 5\nwhen = { chpl_tier = [5] }"));
    assert!(e.message.contains("tiers 1 to 4"), "{e}");
    let e = error_of(&pack_with(
        "points = 5\nwhen = { vessel_renamed_within_days = 0 }",
    ));
    assert!(e.message.contains("never true"), "{e}");
}

#[test]
fn a_group_that_contains_itself_is_refused() {
    let text = "[pack]\nid = \"unit\"\nversion = \"1\"\ntitle = \"t\"\nowner = \"o\"\n[groups.countries]\na = [\"b\"]\nb = [\"IR\", \"a\"]\n";
    let e = error_of(text);
    assert!(e.message.contains("contains itself"), "{e}");
    let text = "[pack]\nid = \"unit\"\nversion = \"1\"\ntitle = \"t\"\nowner = \"o\"\n[groups.countries]\nhigh-risk = [\"IQ\"]\n";
    assert!(error_of(text).message.contains("already defined"));
}

#[test]
fn a_pack_groups_may_use_the_builtin_groups_and_each_other_in_any_order() {
    let text = "[pack]\nid = \"unit\"\nversion = \"1\"\ntitle = \"t\"\nowner = \"o\"\n[groups.countries]\ncaucasus = [\"AM\", \"GE\", \"AZ\"]\nwatch = [\"caucasus\", \"high-risk\", \"Kyrgyzstan\"]\n[groups.hs]\nmachine-tools = [\"8456\", \"8457\", \"8458.11\"]\n";
    let pack = parse("unit.toml", text, &shared()).unwrap();
    assert_eq!(
        pack.country_groups["watch"],
        ["AM", "AZ", "BY", "CU", "GE", "IR", "KG", "KP", "RU", "SY"]
    );
    assert_eq!(pack.hs_groups["machine-tools"], ["8456", "8457", "845811"]);
}

#[test]
fn validity_dates_decide_whether_a_rule_runs() {
    let text = pack_with(
        "points = 10\nvalid_from = \"2026-01-01\"\nvalid_until = \"2026-06-30\"\nwhen = { vague_description = true }",
    );
    let pack = parse("unit.toml", &text, &shared()).unwrap();
    let set = |day: &str| RuleSet {
        packs: vec![pack.clone()],
        disabled: Vec::new(),
        day: Some(chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap()),
    };
    let rule = &pack.rules[0];
    assert!(!set("2025-12-31").is_active(rule));
    assert!(set("2026-01-01").is_active(rule));
    assert!(set("2026-06-30").is_active(rule));
    assert!(!set("2026-07-01").is_active(rule));
}

#[test]
fn chpl_tiers_are_read_from_the_entry() {
    assert_eq!(chpl_tier("Tier 1"), Some(1));
    assert_eq!(chpl_tier("Tier 4.B"), Some(4));
    assert_eq!(chpl_tier("2B231"), None);
}
