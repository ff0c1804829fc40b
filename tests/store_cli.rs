//! The store's commands as a targeter uses them: ingest the sample manifest, list and show the
//! queue, claim and decide as two users, get exit code 3 on a conflict, export a referral
//! package and the audit log.

mod common;

use std::path::Path;
use std::process::Output;

fn run(dir: &Path, args: &[&str]) -> Output {
    common::hubscreen_at(dir)
        .arg("--store")
        .arg(dir.join("hubscreen.db"))
        .arg("--data-dir")
        .arg(dir.join("data"))
        .arg("--config")
        .arg(dir.join("config.toml"))
        .args(args)
        .env_remove("HUBSCREEN_STORE")
        .output()
        .unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn two_targeters_on_one_item_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("config.toml"),
        "[workflow]\nallow_user_flag = true\n",
    )
    .unwrap();
    let manifest =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-manifests/feeder_jebel_ali.csv");
    let manifest = manifest.to_str().unwrap();

    let o = run(d, &["ingest", manifest]);
    assert!(matches!(o.status.code(), Some(0 | 2)), "{}", text(&o));
    assert!(text(&o).contains("168 shipments"), "{}", text(&o));
    let o = run(d, &["ingest", manifest]);
    assert!(text(&o).contains("already stored"), "{}", text(&o));

    let o = run(d, &["queue", "list", "--json"]);
    assert_eq!(o.status.code(), Some(0));
    let items: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let first = &items[0];
    let id = first["id"].to_string();
    assert_eq!(first["state"], "new");

    let o = run(d, &["queue", "claim", &id, "--user", "alice"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = run(
        d,
        &[
            "queue",
            "decide",
            &id,
            "--action",
            "clear",
            "--reason",
            "KNOWN-TRADER",
            "--user",
            "bob",
        ],
    );
    assert_eq!(o.status.code(), Some(3), "{}", text(&o));
    assert!(text(&o).contains("claimed by alice"), "{}", text(&o));
    let o = run(
        d,
        &[
            "queue",
            "decide",
            &id,
            "--action",
            "refer",
            "--reason",
            "DENIED-PARTY",
            "--version",
            "1",
            "--user",
            "alice",
        ],
    );
    assert_eq!(o.status.code(), Some(3), "{}", text(&o));
    assert!(text(&o).contains("reload and try again"), "{}", text(&o));
    let o = run(
        d,
        &[
            "queue",
            "decide",
            &id,
            "--action",
            "refer",
            "--reason",
            "NO-SUCH-CODE",
            "--user",
            "alice",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("DIVERSION-ROUTE"), "{}", text(&o));
    let o = run(
        d,
        &[
            "queue",
            "decide",
            &id,
            "--action",
            "refer",
            "--reason",
            "DENIED-PARTY",
            "--note",
            "listed consignee",
            "--user",
            "alice",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));

    let o = run(d, &["queue", "export", &id, "--format", "md"]);
    let md = String::from_utf8_lossy(&o.stdout);
    assert!(
        md.contains("## Decision trail") && md.contains("alice"),
        "{md}"
    );
    let o = run(d, &["queue", "export", &id, "--format", "json"]);
    let package: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(package["queue_item"]["state"], "referred");
    assert!(!package["lists_used"].as_array().unwrap().is_empty());

    let o = run(d, &["audit", "verify"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = run(d, &["audit", "export"]);
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // The last line is the head; the records come before it.
    let (head, records) = lines.split_last().unwrap();
    let last = records.last().unwrap();
    assert_eq!(head["audit_head"]["hash"], last["hash"]);
    assert_eq!(
        (last["action"].as_str(), last["user"].as_str()),
        (Some("queue.decide"), Some("alice"))
    );

    // Without allow_user_flag, --user is refused.
    std::fs::write(d.join("config.toml"), "").unwrap();
    let o = run(d, &["queue", "claim", &id, "--user", "mallory"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("allow_user_flag"), "{}", text(&o));
}
