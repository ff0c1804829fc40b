//! Training exercises (issue 20): generation is repeatable and plants every kind at every
//! difficulty; the trainee's copy holds no answer; a scripted trainee is scored and debriefed
//! on exactly what they did; no exercise command touches the live store.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Output;

use hubscreen::exercise::bundle::{self, TraineeCopy};
use hubscreen::exercise::generate::restricted_destination;
use hubscreen::exercise::render::col;
use hubscreen::exercise::{Difficulty, Exercise, Format, ItemKind, Settings, generate};
use hubscreen::ingest::{self, IngestOptions};
use hubscreen::lists::bundled;

fn exercise(settings: &Settings) -> Exercise {
    let lists = bundled::watchlists().expect("bundled lists");
    let goods = bundled::goods().expect("bundled goods");
    generate(settings, &lists, &goods).expect("generated")
}

fn settings(seed: u64, difficulty: Difficulty, format: Format) -> Settings {
    let mut s = Settings::new(seed, difficulty);
    s.format = format;
    s
}

#[test]
fn one_seed_gives_one_bundle_and_another_seed_another() {
    for format in [Format::Csv, Format::Cuscar, Format::Xlsx] {
        let a = bundle::files(&exercise(&settings(41, Difficulty::Normal, format)));
        let b = bundle::files(&exercise(&settings(41, Difficulty::Normal, format)));
        assert_eq!(a, b, "{format}: same seed, same files and bytes");
        let c = bundle::files(&exercise(&settings(42, Difficulty::Normal, format)));
        let manifest = |files: &[(String, Vec<u8>)]| {
            files
                .iter()
                .find(|(n, _)| n.starts_with("trainee/manifest."))
                .map(|(_, b)| b.clone())
                .expect("a manifest")
        };
        assert_ne!(manifest(&a), manifest(&c), "{format}: another seed");
    }
}

#[test]
fn the_command_writes_the_same_bundle_twice_for_one_seed() {
    let home = tempfile::tempdir().unwrap();
    let run = |dir: &Path, seed: &str| {
        let out = common::hubscreen_at(home.path())
            .args(["exercise", "new"])
            .arg(dir)
            .args(["--seed", seed, "--difficulty", "easy", "--format", "cuscar"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let (one, two, other) = (
        home.path().join("one"),
        home.path().join("two"),
        home.path().join("other"),
    );
    run(&one, "9");
    run(&two, "9");
    run(&other, "10");
    assert_eq!(tree(&one), tree(&two));
    assert_ne!(tree(&one), tree(&other));
    // A bundle is never written over.
    let again = common::hubscreen_at(home.path())
        .args(["exercise", "new"])
        .arg(&one)
        .args(["--seed", "9"])
        .output()
        .unwrap();
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
}

/// Every file under `dir`, by relative path, with its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().display().to_string();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

#[test]
fn every_planted_kind_and_decoy_appears_at_every_difficulty() {
    for difficulty in [Difficulty::Easy, Difficulty::Normal, Difficulty::Hard] {
        for seed in 1..=6 {
            let ex = exercise(&settings(seed, difficulty, Format::Csv));
            let kinds: BTreeSet<ItemKind> = ex.key.items.iter().map(|i| i.kind).collect();
            let mut wanted: Vec<ItemKind> = ItemKind::PLANTED.to_vec();
            wanted.extend(ItemKind::DECOYS);
            if ex.settings.injects {
                wanted.extend(ItemKind::INJECTED);
            }
            for kind in wanted {
                assert!(kinds.contains(&kind), "{difficulty} seed {seed}: no {kind}");
            }
            // One key item per bill, each bill on the manifest.
            let bills: BTreeSet<&str> = ex.table.rows.iter().map(|r| r[0].as_str()).collect();
            assert_eq!(bills.len(), ex.settings.bills, "{difficulty} seed {seed}");
            let keyed: BTreeSet<&str> = ex.key.items.iter().map(|i| i.bill.as_str()).collect();
            assert_eq!(keyed.len(), ex.key.items.len(), "one item per bill");
            assert!(keyed.is_subset(&bills));
            // Nothing but a planted bill or a decoy goes to a destination of concern.
            for row in &ex.table.rows {
                let fd = &row[col("Final Destination")];
                if restricted_destination(fd) {
                    assert!(keyed.contains(row[0].as_str()), "{} to {fd}", row[0]);
                }
            }
            for item in &ex.key.items {
                assert!(
                    !item.flag.is_empty() && item.explanation.len() > 80,
                    "{item:?}"
                );
                assert!(!item.reason_codes.is_empty());
            }
        }
    }
}

#[test]
fn harder_exercises_disguise_more_and_hold_more_decoys() {
    let count = |d: Difficulty| {
        let ex = exercise(&settings(5, d, Format::Csv));
        let decoys = ex.key.items.iter().filter(|i| i.kind.is_decoy()).count();
        let steps: usize = ex
            .key
            .items
            .iter()
            .filter(|i| i.kind == ItemKind::DeniedParty)
            .map(|i| i.evidence.disguise.len())
            .max()
            .unwrap_or(0);
        (ex.settings.bills, decoys, steps)
    };
    let (easy, normal, hard) = (
        count(Difficulty::Easy),
        count(Difficulty::Normal),
        count(Difficulty::Hard),
    );
    assert!(
        easy.0 < normal.0 && normal.0 < hard.0,
        "{easy:?} {normal:?} {hard:?}"
    );
    assert!(
        easy.1 < normal.1 && normal.1 < hard.1,
        "{easy:?} {normal:?} {hard:?}"
    );
    assert!(
        easy.2 <= normal.2 && normal.2 <= hard.2,
        "{easy:?} {normal:?} {hard:?}"
    );
}

#[test]
fn every_format_reads_back_with_every_bill_and_no_error() {
    for format in [Format::Csv, Format::Cuscar, Format::Xlsx] {
        let ex = exercise(&settings(3, Difficulty::Easy, format));
        let home = tempfile::tempdir().unwrap();
        let dir = home.path().join("b");
        bundle::write(&dir, &ex).unwrap();
        let copy = TraineeCopy::open(&dir).unwrap();
        let read = ingest::ingest_path(&copy.manifest_path(), &IngestOptions::default())
            .unwrap_or_else(|e| panic!("{format}: {e}"));
        assert_eq!(read.manifest.shipments.len(), ex.settings.bills, "{format}");
        // The one container number that fails its check digit is the planted one, on its bill.
        let planted = ex
            .key
            .items
            .iter()
            .find(|i| i.kind == ItemKind::CheckDigit)
            .unwrap();
        let failing: Vec<(String, String)> = read
            .manifest
            .shipments
            .iter()
            .flat_map(|s| s.containers.iter().map(move |c| (s, c)))
            .filter(|(_, c)| hubscreen::ingest::checks::iso6346(&c.number).is_err())
            .map(|(s, c)| (s.bill_of_lading.clone(), c.number.clone()))
            .collect();
        assert_eq!(
            failing,
            vec![(
                planted.bill.clone(),
                planted.evidence.container.clone().unwrap()
            )],
            "{format}"
        );
    }
}

#[test]
fn the_trainee_copy_holds_no_answer() {
    let ex = exercise(&settings(8_675_309_123, Difficulty::Hard, Format::Csv));
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("bundle");
    bundle::write(&dir, &ex).unwrap();
    let trainee = tree(&dir.join("trainee"));
    assert!(trainee.contains_key("exercise.toml") && trainee.contains_key("briefing.md"));
    let text: String = trainee
        .iter()
        .filter(|(name, _)| !name.ends_with(".xlsx"))
        .map(|(_, b)| String::from_utf8_lossy(b).to_string())
        .collect();
    assert!(
        !text.contains("8675309123"),
        "the seed is on the trainer's side only"
    );
    for item in &ex.key.items {
        assert!(!text.contains(&item.explanation), "{}", item.bill);
        assert!(!text.contains(&item.flag), "{}", item.flag);
    }
    // (`vessel` is an ordinary word of the exercise file; the other kinds' names are not.)
    for kind in ItemKind::PLANTED
        .iter()
        .chain(&ItemKind::DECOYS)
        .filter(|k| k.as_str().contains('-'))
    {
        assert!(
            !text.contains(kind.as_str()),
            "{kind} named on the trainee side"
        );
    }
    assert!(!text.to_lowercase().contains("answer"));
    // The trainer's side has the key, with the seed.
    let key = bundle::read_key(&dir).unwrap();
    assert_eq!(key.settings.seed, 8_675_309_123);
    assert_eq!(key.items, ex.key.items);
    // The trainee side alone cannot be scored.
    let err = bundle::read_key(&dir.join("trainee")).unwrap_err();
    assert!(err.to_string().contains("trainer"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// The scripted trainee, through the command line.

struct Class {
    home: tempfile::TempDir,
    bundle: PathBuf,
    data: PathBuf,
}

impl Class {
    fn new(seed: &str) -> Self {
        let home = tempfile::tempdir().unwrap();
        let data = home.path().join("data");
        let bundle = home.path().join("bundle");
        let class = Class { home, bundle, data };
        let out = class.run(&[
            "exercise",
            "new",
            class.bundle.to_str().unwrap(),
            "--seed",
            seed,
            "--difficulty",
            "normal",
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        class
    }

    fn run(&self, args: &[&str]) -> Output {
        common::hubscreen_at(self.home.path())
            .arg("--data-dir")
            .arg(&self.data)
            .args(args)
            .output()
            .unwrap()
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "{args:?}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn store(&self, trainee: &str) -> PathBuf {
        let key = bundle::read_key(&self.bundle).unwrap();
        self.data
            .join("exercises")
            .join(&key.exercise)
            .join(trainee)
            .join("store.db")
    }

    fn decide(&self, trainee: &str, bill: &str, action: &str, reason: &str) {
        let store = self.store(trainee);
        self.ok(&[
            "--store",
            store.to_str().unwrap(),
            "queue",
            "decide",
            bill,
            "--action",
            action,
            "--reason",
            reason,
            "--note",
            &format!("scripted {action}"),
        ]);
    }
}

#[test]
fn a_scripted_trainee_is_scored_and_debriefed_on_exactly_what_they_did() {
    let class = Class::new("2026");
    let key = bundle::read_key(&class.bundle).unwrap();
    let b = class.bundle.to_str().unwrap();
    let briefing = class.ok(&["exercise", "start", b, "--trainee", "amira", "--headless"]);
    assert!(briefing.contains("Reason codes"), "{briefing}");
    let of = |kind: ItemKind| -> Vec<&str> {
        key.items
            .iter()
            .filter(|i| i.kind == kind)
            .map(|i| i.bill.as_str())
            .collect()
    };
    // Found: both denied parties (one with a reason code that does not name the flag), the
    // chemical (held), the listed vessel.
    let denied = of(ItemKind::DeniedParty);
    class.decide("amira", denied[0], "refer", "DENIED-PARTY");
    class.decide("amira", denied[1], "refer", "INTEL");
    class.decide(
        "amira",
        of(ItemKind::ChemicalByNumber)[0],
        "hold",
        "EXAM-REQUIRED",
    );
    class.decide("amira", of(ItemKind::Vessel)[0], "refer", "DENIED-PARTY");
    // Missed: the disguised goods, cleared as harmless.
    let disguised = of(ItemKind::DisguisedGoods)[0];
    class.decide("amira", disguised, "clear", "LOW-RISK-GOODS");
    // A decoy falsely referred, another cleared.
    let near = of(ItemKind::NearName);
    class.decide("amira", near[0], "refer", "DENIED-PARTY");
    class.decide(
        "amira",
        of(ItemKind::OrdinaryRoute)[0],
        "clear",
        "LOW-RISK-GOODS",
    );
    // An ordinary bill referred.
    let manifest = TraineeCopy::open(&class.bundle).unwrap().manifest_path();
    let text = std::fs::read_to_string(manifest).unwrap();
    let ordinary = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .find(|b| key.item(b).is_none())
        .unwrap()
        .to_string();
    class.decide("amira", &ordinary, "refer", "INTEL");
    // Both injects fire; the list update names a party of a bill nobody decided.
    let store = class.store("amira");
    let s = store.to_str().unwrap();
    let first = class.ok(&["exercise", "inject", s]);
    assert!(first.contains("list-update applied"), "{first}");
    let second = class.ok(&["exercise", "inject", s]);
    assert!(second.contains("amended-bill applied"), "{second}");
    let listed = of(ItemKind::ListUpdate)[0];
    class.decide("amira", listed, "refer", "DENIED-PARTY");

    let json: serde_json::Value =
        serde_json::from_str(&class.ok(&["exercise", "score", b, "--format", "json"])).unwrap();
    let card = &json["trainees"][0];
    assert_eq!(card["trainee"], "amira");
    let found: BTreeSet<String> = card["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["right"] == true && m["expected"] == "refer")
        .map(|m| m["bill"].as_str().unwrap().to_string())
        .collect();
    let expect_found: BTreeSet<String> = [
        denied[0],
        denied[1],
        of(ItemKind::ChemicalByNumber)[0],
        of(ItemKind::Vessel)[0],
        listed,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    assert_eq!(found, expect_found);
    let planted = key.items.iter().filter(|i| !i.kind.is_decoy()).count();
    assert_eq!(card["found"], 5);
    assert_eq!(card["missed"], planted - 5);
    assert_eq!(card["decoys_cleared"], 1);
    assert_eq!(card["decoys_referred"], 1);
    let false_referrals: Vec<&str> = card["false_referrals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["bill"].as_str().unwrap())
        .collect();
    assert_eq!(false_referrals, vec![ordinary.as_str()]);
    // Reason codes: 8 decisions on key items; the INTEL on a denied party, EXAM-REQUIRED on the
    // chemical, LOW-RISK-GOODS on the disguised goods and DENIED-PARTY on the decoy do not name
    // the flag.
    assert_eq!(card["reason_codes_given"], 8);
    assert_eq!(card["reason_codes_right"], 4);
    // The points, by the stated formula.
    let decoys = key.items.len() - planted;
    let points = (10 + 2) + 10 + 8 + (10 + 2) + (10 + 2) // found
        - 5 + (5 + 2) // decoys
        - 3; // the ordinary bill
    assert_eq!(card["points"], points);
    assert_eq!(card["most_points"], 12 * planted as i64 + 7 * decoys as i64);
    let score = card["score"].as_f64().unwrap();
    let expected = (points as f64 * 1000.0 / card["most_points"].as_f64().unwrap()).round() / 10.0;
    assert_eq!(score, expected);
    assert!(
        card["formula"]
            .as_str()
            .unwrap()
            .contains("referred: 10 points")
    );
    // Every decision has its time from the start.
    assert!(
        card["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| m["outcome"] != "undecided")
            .all(|m| m["minutes"].as_f64().is_some_and(|t| t >= 0.0))
    );

    // The debrief explains each missed item: its flag, its explanation, what the tool said.
    let md = class.ok(&["exercise", "score", b]);
    for item in key.items.iter().filter(|i| !expect_found.contains(&i.bill)) {
        let wrong = !(i_is_right(&item.bill, card));
        if wrong {
            assert!(md.contains(&format!("**{}:", item.bill)), "{}", item.bill);
            assert!(
                md.contains(&item.explanation.replace('`', "'")),
                "{}",
                item.bill
            );
        }
    }
    assert!(md.contains("What hubscreen said on this bill"));
    assert!(
        md.contains(&format!("- {ordinary}: referred (INTEL)")),
        "{md}"
    );
    let html = class.ok(&["exercise", "score", b, "--format", "html"]);
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("amira"));

    // Replay: the trainee's steps in order, the injects among them, the chain verified.
    let replay = class.ok(&["exercise", "replay", s]);
    assert!(replay.contains("chain holds"), "{replay}");
    let steps: Vec<&str> = replay
        .lines()
        .filter(|l| l.contains(" min ") && l.contains("amira"))
        .collect();
    assert_eq!(steps.len(), 9, "{replay}");
    assert!(steps[0].contains(denied[0]) && steps[0].contains("refer"));
    assert!(steps[8].contains(listed));
    assert!(replay.contains("inject: re-screened"), "{replay}");
}

fn i_is_right(bill: &str, card: &serde_json::Value) -> bool {
    card["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|m| m["bill"] == bill && m["right"] == true)
}

#[test]
fn a_class_summary_compares_trainees() {
    let class = Class::new("77");
    let key = bundle::read_key(&class.bundle).unwrap();
    let b = class.bundle.to_str().unwrap();
    for t in ["bo", "cy"] {
        class.ok(&["exercise", "start", b, "--trainee", t, "--headless"]);
    }
    let denied = key
        .items
        .iter()
        .find(|i| i.kind == ItemKind::DeniedParty)
        .unwrap();
    class.decide("cy", &denied.bill, "refer", "DENIED-PARTY");
    let json: serde_json::Value =
        serde_json::from_str(&class.ok(&["exercise", "score", b, "--format", "json"])).unwrap();
    let class_rows = json["class"].as_array().unwrap();
    assert_eq!(class_rows.len(), 2);
    assert_eq!(class_rows[0]["trainee"], "cy", "best first");
    assert!(class_rows[0]["score"].as_f64() > class_rows[1]["score"].as_f64());
}

// ---------------------------------------------------------------------------------------------
// The live store.

#[test]
fn no_exercise_command_touches_the_live_store() {
    let class = Class::new("5");
    // A live store with real work in it.
    let live = class.data.join("hubscreen.db");
    let sample = common::project("sample-manifests/small_manifest.json");
    class.ok(&["ingest", sample.to_str().unwrap()]);
    assert!(live.is_file());
    let before = std::fs::read(&live).unwrap();
    let listing = |dir: &Path| -> BTreeSet<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect()
    };
    let files_before = listing(&class.data);

    let b = class.bundle.to_str().unwrap();
    class.ok(&["exercise", "start", b, "--trainee", "dana", "--headless"]);
    let store = class.store("dana");
    let s = store.to_str().unwrap();
    class.decide(
        "dana",
        &bundle::read_key(&class.bundle).unwrap().items[0].bill,
        "refer",
        "INTEL",
    );
    class.ok(&["exercise", "inject", s]);
    class.ok(&["exercise", "score", b]);
    class.ok(&["exercise", "replay", s]);

    // The live store by its path, by HUBSCREEN_STORE, or any store no exercise made: refused.
    let refused = class.run(&[
        "exercise",
        "start",
        b,
        "--trainee",
        "eve",
        "--headless",
        "--trainee-store",
        live.to_str().unwrap(),
    ]);
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("is the live store"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    let by_env = common::hubscreen_at(class.home.path())
        .arg("--data-dir")
        .arg(&class.data)
        .env("HUBSCREEN_STORE", &live)
        .args(["exercise", "inject"])
        .arg(&live)
        .output()
        .unwrap();
    assert!(!by_env.status.success());
    let other = class.home.path().join("other.db");
    std::fs::copy(&live, &other).unwrap();
    let not_exercise = class.run(&[
        "exercise",
        "start",
        b,
        "--trainee",
        "eve",
        "--headless",
        "--trainee-store",
        other.to_str().unwrap(),
    ]);
    assert!(
        String::from_utf8_lossy(&not_exercise.stderr).contains("a store no exercise made"),
        "{}",
        String::from_utf8_lossy(&not_exercise.stderr)
    );

    assert_eq!(
        std::fs::read(&live).unwrap(),
        before,
        "the live store's bytes"
    );
    assert_eq!(
        listing(&class.data),
        files_before
            .union(&["exercises".to_string()].into())
            .cloned()
            .collect()
    );
    // And the live store still verifies, with nothing of the exercise in it.
    let queue = class.ok(&["queue", "list", "--json"]);
    assert!(!queue.contains("EX2611"), "{queue}");
}

#[test]
fn a_trainee_name_is_a_plain_folder_name() {
    let class = Class::new("8");
    let b = class.bundle.to_str().unwrap();
    for bad in ["../x", "a/b", ".hidden", ""] {
        let out = class.run(&["exercise", "start", b, "--trainee", bad, "--headless"]);
        assert!(!out.status.success(), "{bad}");
    }
}

#[test]
fn a_headless_start_prints_the_briefing_of_the_assistance_level() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("b");
    let new = common::hubscreen_at(home.path())
        .args(["exercise", "new"])
        .arg(&dir)
        .args([
            "--seed",
            "4",
            "--assistance",
            "none",
            "--difficulty",
            "easy",
        ])
        .output()
        .unwrap();
    assert!(new.status.success());
    // The briefing says no screening is shown.
    let headless = common::hubscreen_at(home.path())
        .args(["exercise", "start"])
        .arg(&dir)
        .args(["--trainee", "fay", "--headless"])
        .output()
        .unwrap();
    assert!(headless.status.success());
    assert!(String::from_utf8_lossy(&headless.stdout).contains("screening is not shown"));
}

#[test]
fn an_exercise_id_that_is_not_a_plain_folder_name_is_refused() {
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/exercise/exercise.toml");
    let text = std::fs::read_to_string(fixture).unwrap();
    assert!(bundle::parse_exercise(&text).is_ok());
    // As TOML writes them: a path, an escape (ESC [2J), nothing, an option.
    for bad in [r#""../../etc""#, r#""EX\u001b[2J""#, r#""""#, r#""-rf""#] {
        let changed = text.replacen("id = \"EX-A78B0503\"", &format!("id = {bad}"), 1);
        assert_ne!(changed, text);
        let err = bundle::parse_exercise(&changed).unwrap_err();
        assert!(err.contains("exercise id"), "{bad:?}: {err}");
        assert!(
            !err.contains('\u{1b}'),
            "the id is shown terminal-safe: {err:?}"
        );
    }
}
