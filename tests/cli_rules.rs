//! `hubscreen rules`: what a rule writer sees from the command line.

use std::process::{Command, Output};

fn hubscreen(data: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hubscreen"))
        .args(args)
        .env("HUBSCREEN_DATA_DIR", data)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

#[test]
fn rules_check_names_the_file_and_line_and_rules_list_shows_the_builtin_pack() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "").unwrap();
    let pack = dir.path().join("unit.toml");
    std::fs::write(
        &pack,
        "[pack]\nid = \"unit\"\nversion = \"1\"\ntitle = \"t\"\nowner = \"o\"\n\n[[rule]]\nid = \"r\"\ntitle = \"t\"\nsource = \"s\"\ninstruction = \"i\"\npoints = 5\nwhen = { final_destination_in = [\"ATLANTIS\"] }\n",
    )
    .unwrap();
    let cfg = config.to_str().unwrap();
    let out = hubscreen(
        dir.path(),
        &["--config", cfg, "rules", "check", pack.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("unit.toml:13:"), "{err}");
    assert!(err.contains("\"ATLANTIS\""), "{err}");

    let out = hubscreen(dir.path(), &["--config", cfg, "rules", "list"]);
    assert!(out.status.success());
    let list = String::from_utf8_lossy(&out.stdout);
    assert!(list.starts_with("builtin@"), "{list}");
    assert!(
        list.contains("chpl-tier-1-2-onward-to-diversion-country"),
        "{list}"
    );

    // The same broken pack in the config's rules folder stops screening, loudly.
    std::fs::create_dir_all(dir.path().join("rules")).unwrap();
    std::fs::copy(&pack, dir.path().join("rules/unit.toml")).unwrap();
    let manifest = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/sample-manifests/small_manifest.json"
    );
    let out = hubscreen(dir.path(), &["--config", cfg, "screen", manifest]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("rule packs not loaded"), "{err}");
    assert!(err.contains("unit.toml:13:"), "{err}");
    assert!(
        out.stdout.is_empty(),
        "nothing screened: {}",
        String::from_utf8_lossy(&out.stdout)
    );
}
