//! `hubscreen watch DIR`: every manifest dropped into the folder is stored once, whatever its
//! format; a file that cannot be read moves to `DIR/rejected/` with its reasons beside it.

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::Stdio;
use std::sync::mpsc;
use std::time::Duration;

fn sample(name: &str) -> Vec<u8> {
    std::fs::read(common::project(&format!("sample-manifests/{name}"))).unwrap()
}

fn ingest_runs(home: &Path, store: &Path) -> String {
    let out = common::hubscreen_at(home)
        .args(["queue", "list", "--store"])
        .arg(store)
        .arg("--json")
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn once_takes_in_every_format_stores_each_file_once_and_rejects_the_unreadable() {
    let home = tempfile::tempdir().unwrap();
    let inbox = home.path().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    std::fs::write(inbox.join("a-feeder.csv"), sample("feeder_jebel_ali.csv")).unwrap();
    // The same bytes under another name: known by content, stored once.
    std::fs::write(inbox.join("b-copy.txt"), sample("feeder_jebel_ali.csv")).unwrap();
    std::fs::write(inbox.join("c-feeder.edi"), sample("feeder_jebel_ali.edi")).unwrap();
    // A zip that is no workbook, and a CSV without a single bill number.
    std::fs::write(
        inbox.join("d-broken.xlsx"),
        b"PK\x03\x04 not really a workbook",
    )
    .unwrap();
    std::fs::write(inbox.join("e-nobills.csv"), "BL Number,Consignee\n,ACME\n").unwrap();
    // Half-copied and hidden files are left alone.
    std::fs::write(inbox.join("f.csv.part"), "BL Number\n").unwrap();

    let store = home.path().join("hub.db");
    let out = common::hubscreen_at(home.path())
        .arg("watch")
        .arg(&inbox)
        .arg("--store")
        .arg(&store)
        .arg("--once")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stdout}\n{stderr}");
    let lines: Vec<&str> = stdout.lines().skip(1).collect();
    assert_eq!(lines.len(), 5, "{stdout}");
    assert!(lines[0].contains("a-feeder.csv: csv ingest run 1: 168 shipments, 168 new"));
    assert!(
        lines[1].contains("b-copy.txt: already stored (ingest run 1"),
        "{stdout}"
    );
    // The CUSCAR rendering of the same bills: a run of its own, every bill unchanged.
    assert!(
        lines[2].contains(
            "c-feeder.edi: cuscar ingest run 2: 168 shipments, 0 new or amended, 168 unchanged"
        ),
        "{stdout}"
    );
    assert!(lines[3].contains("d-broken.xlsx: REJECTED"), "{stdout}");
    assert!(lines[4].contains("e-nobills.csv: REJECTED"), "{stdout}");

    let rejected = inbox.join("rejected");
    assert!(rejected.join("d-broken.xlsx").is_file());
    assert!(!inbox.join("d-broken.xlsx").exists());
    let report = std::fs::read_to_string(rejected.join("e-nobills.csv.error.txt")).unwrap();
    assert!(report.contains("e-nobills.csv"), "{report}");
    assert!(
        report.contains("cause: no bill could be read from it"),
        "{report}"
    );
    // The place in the file: line 2 has no bill number.
    assert!(report.contains("e-nobills.csv:2"), "{report}");
    // Readable files stay where they were; the partial copy was not touched.
    assert!(inbox.join("a-feeder.csv").is_file());
    assert!(inbox.join("f.csv.part").is_file());
    assert!(ingest_runs(home.path(), &store).contains("GSPL2611"));
}

#[test]
fn a_file_dropped_while_watching_is_taken_in() {
    let home = tempfile::tempdir().unwrap();
    let inbox = home.path().join("inbox");
    let store = home.path().join("hub.db");
    let mut child = common::hubscreen_at(home.path())
        .arg("watch")
        .arg(&inbox)
        .arg("--store")
        .arg(&store)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let (tx, rx) = mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let _ = tx.send(line.unwrap_or_default());
        }
    });
    let first = rx.recv_timeout(Duration::from_secs(60)).unwrap();
    assert!(first.starts_with("watching"), "{first}");
    // Copied in as a partial file, then renamed: as a careful sender does.
    let part = inbox.join("late.edi.part");
    std::fs::write(&part, sample("feeder_jebel_ali.edi")).unwrap();
    std::fs::rename(&part, inbox.join("late.edi")).unwrap();
    let line = rx.recv_timeout(Duration::from_secs(60));
    let _ = child.kill();
    let _ = child.wait();
    let line = line.expect("the dropped file is reported");
    assert!(
        line.contains("late.edi: cuscar ingest run 1: 168 shipments"),
        "{line}"
    );
}
