//! The trainer's live view (issue 20, item 5): the rows read from real trainee stores say
//! exactly what each trainee decided, a store that cannot be read gives a row of its own and
//! leaves the others alone, reading never writes to a store, `exercise watch --once` prints the
//! same table, and the view draws at 80x24 and 120x40.

mod common;
mod tui_support;

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use chrono::{DateTime, Duration, TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use hubscreen::config::Config;
use hubscreen::exercise::bundle::{self, TraineeCopy};
use hubscreen::exercise::progress::{self, ClassProgress, Mistake, Slip, TraineeRow};
use hubscreen::exercise::score::Outcome;
use hubscreen::exercise::session::{self, Screening, TraineeSession};
use hubscreen::exercise::{AnswerKey, Difficulty, ItemKind, Settings, generate};
use hubscreen::lists::bundled;
use hubscreen::lists::update::ListStore;
use hubscreen::store::{Action, Actor, NewDecision, QueueFilter, Store};
use hubscreen::tui::theme::Theme;
use hubscreen::tui::trainer::{self, Trainer};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tui_support::{assert_no_control_bytes, screen_text};

/// The bills of `kind` in the key, in key order.
fn bills_of(key: &AnswerKey, kind: ItemKind) -> Vec<String> {
    key.items
        .iter()
        .filter(|i| i.kind == kind)
        .map(|i| i.bill.clone())
        .collect()
}

/// The first bill of the manifest that the key does not name: an ordinary bill.
fn ordinary_bill(bundle: &Path, key: &AnswerKey) -> String {
    let manifest = TraineeCopy::open(bundle).unwrap().manifest_path();
    std::fs::read_to_string(manifest)
        .unwrap()
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next())
        .find(|b| key.item(b).is_none())
        .unwrap()
        .to_string()
}

/// Every file under `dir` with a hash of its bytes and its modification time.
fn files_under(dir: &Path) -> BTreeMap<PathBuf, (u64, SystemTime)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let m = std::fs::metadata(&p).unwrap().modified().unwrap();
                let mut bytes = DefaultHasher::new();
                std::fs::read(&p).unwrap().hash(&mut bytes);
                out.insert(p.clone(), (bytes.finish(), m));
            }
        }
    }
    out
}

/// A trainee folder whose store is not a database, beside a readable session file.
fn corrupt_trainee(data: &Path, key: &AnswerKey, trainee: &str, started_at: DateTime<Utc>) {
    let store = session::default_store(data, &key.exercise, trainee);
    std::fs::create_dir_all(store.parent().unwrap()).unwrap();
    TraineeSession {
        exercise: key.exercise.clone(),
        trainee: trainee.to_string(),
        bundle: PathBuf::from("bundle/trainee"),
        assistance: key.settings.assistance,
        minutes: key.settings.minutes,
        started_at,
        injects: Vec::new(),
    }
    .save(&store)
    .unwrap();
    std::fs::write(&store, b"this is not a SQLite database\n").unwrap();
}

// ---------------------------------------------------------------------------------------------
// Rows from real trainee stores, started and worked through the command line.

/// `hubscreen --data-dir DATA ARGS` with a home of its own.
fn hubscreen(home: &Path, data: &Path, args: &[&str]) -> std::process::Output {
    common::hubscreen_at(home)
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .output()
        .unwrap()
}

/// [`hubscreen`], which must succeed; its stdout.
fn hubscreen_ok(home: &Path, data: &Path, args: &[&str]) -> String {
    let out = hubscreen(home, data, args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

struct Classroom {
    home: tempfile::TempDir,
    bundle: PathBuf,
    data: PathBuf,
    key: AnswerKey,
}

impl Classroom {
    /// A normal exercise (seed 2026: two injects) with `trainees` started headless.
    fn open(trainees: &[&str]) -> Self {
        let home = tempfile::tempdir().unwrap();
        let bundle = home.path().join("bundle");
        let data = home.path().join("data");
        let b = bundle.to_str().unwrap();
        hubscreen_ok(
            home.path(),
            &data,
            &["exercise", "new", b, "--seed", "2026"],
        );
        for t in trainees {
            let start = ["exercise", "start", b, "--trainee", t, "--headless"];
            hubscreen_ok(home.path(), &data, &start);
        }
        let key = bundle::read_key(&bundle).unwrap();
        Classroom {
            home,
            bundle,
            data,
            key,
        }
    }

    fn command(&self, args: &[&str]) -> std::process::Output {
        hubscreen(self.home.path(), &self.data, args)
    }

    fn cli(&self, args: &[&str]) -> String {
        hubscreen_ok(self.home.path(), &self.data, args)
    }

    fn store(&self, trainee: &str) -> PathBuf {
        session::default_store(&self.data, &self.key.exercise, trainee)
    }

    /// `trainee` decides each `(bill, action, reason code)` with `queue decide`, in order.
    fn work(&self, trainee: &str, decisions: &[(&str, &str, &str)]) {
        let store = self.store(trainee);
        for (bill, action, reason) in decisions {
            self.cli(&[
                "--store",
                store.to_str().unwrap(),
                "queue",
                "decide",
                bill,
                "--action",
                action,
                "--reason",
                reason,
            ]);
        }
    }

    fn read(&self, stores: &[PathBuf], now: DateTime<Utc>) -> ClassProgress {
        progress::read_class(&self.key, stores, &Config::default(), now)
    }

    /// The score `exercise score` gives the trainee.
    fn scored(&self, trainee: &str) -> f64 {
        let json: serde_json::Value = serde_json::from_str(&self.cli(&[
            "exercise",
            "score",
            self.bundle.to_str().unwrap(),
            self.store(trainee).to_str().unwrap(),
            "--format",
            "json",
        ]))
        .unwrap();
        json["trainees"][0]["score"].as_f64().unwrap()
    }
}

fn row<'a>(class: &'a ClassProgress, trainee: &str) -> &'a TraineeRow {
    class
        .rows
        .iter()
        .find(|r| r.trainee == trainee)
        .unwrap_or_else(|| panic!("no row for {trainee}"))
}

fn figures<'a>(class: &'a ClassProgress, trainee: &str) -> &'a progress::Progress {
    row(class, trainee)
        .progress
        .as_ref()
        .unwrap_or_else(|e| panic!("{trainee}: {e}"))
}

#[test]
fn rows_say_what_each_trainee_decided_so_far_and_a_bad_store_stays_in_its_row() {
    let room = Classroom::open(&["amira", "bo"]);
    let key = &room.key;
    let started = Utc::now();
    let denied = bills_of(key, ItemKind::DeniedParty);
    let chemical = bills_of(key, ItemKind::ChemicalByNumber);
    let disguised = bills_of(key, ItemKind::DisguisedGoods);
    let near = bills_of(key, ItemKind::NearName);
    let route = bills_of(key, ItemKind::OrdinaryRoute);
    let listed = bills_of(key, ItemKind::ListUpdate);
    let ordinary = ordinary_bill(&room.bundle, key);
    // Found: a denied party (referred) and the chemical (held). Missed: the disguised goods,
    // cleared. A decoy referred, another cleared, an ordinary bill referred. And the bill the
    // list update will name, cleared before the update: it looked ordinary then.
    room.work(
        "amira",
        &[
            (&denied[0], "refer", "DENIED-PARTY"),
            (&chemical[0], "hold", "EXAM-REQUIRED"),
            (&disguised[0], "clear", "LOW-RISK-GOODS"),
            (&near[0], "refer", "DENIED-PARTY"),
            (&route[0], "clear", "LOW-RISK-GOODS"),
            (&ordinary, "refer", "INTEL"),
            (&listed[0], "clear", "LOW-RISK-GOODS"),
        ],
    );
    corrupt_trainee(&room.data, key, "cy", started);
    let not_a_trainee = room.home.path().join("elsewhere");
    std::fs::create_dir_all(&not_a_trainee).unwrap();
    let stores = vec![
        room.store("bo"),
        room.store("cy"),
        room.store("amira"),
        not_a_trainee.clone(),
    ];
    let exercises = room.data.join("exercises");
    let before = files_under(&exercises);

    let now = Utc::now();
    let class = room.read(&stores, now);
    let names: Vec<&str> = class.rows.iter().map(|r| r.trainee.as_str()).collect();
    assert_eq!(names, ["amira", "bo", "cy", "elsewhere"], "by name");
    assert_eq!(class.exercise, key.exercise);

    // Suspicious bills in play: the planted ones; the injected ones wait for their inject.
    let planted = key
        .items
        .iter()
        .filter(|i| !i.kind.is_decoy() && i.inject.is_none())
        .count();
    let a = figures(&class, "amira");
    assert_eq!((a.decided, a.bills), (7, key.settings.bills));
    assert_eq!(a.suspicious, planted);
    assert_eq!(a.found, 2);
    assert_eq!(
        a.missed, 1,
        "the disguised goods; the listed bill is not in play yet"
    );
    assert_eq!(a.open, planted - 3);
    assert_eq!(a.false_referrals, 1);
    let decoys = key.items.iter().filter(|i| i.kind.is_decoy()).count();
    assert_eq!(
        (a.decoys, a.decoys_cleared, a.decoys_referred),
        (decoys, 1, 1)
    );
    assert_eq!((a.injects_applied, a.injects_scheduled), (0, 2));
    assert_eq!(
        a.score,
        room.scored("amira"),
        "the score `exercise score` gives"
    );
    let last = a.last_decision.expect("a last decision");
    assert!(
        last >= started - Duration::seconds(1) && last <= now,
        "{last}"
    );
    let minutes = i64::from(key.settings.minutes.unwrap());
    let left = a.seconds_left.unwrap();
    assert!(left <= minutes * 60 && left > minutes * 60 - 600, "{left}");
    let mistake = |bill: &str, slip, kind, outcome, code: &str| Mistake {
        bill: bill.to_string(),
        slip,
        kind,
        outcome,
        reason_code: Some(code.to_string()),
    };
    assert_eq!(
        a.mistakes,
        [
            mistake(
                &disguised[0],
                Slip::Missed,
                Some(ItemKind::DisguisedGoods),
                Outcome::Cleared,
                "LOW-RISK-GOODS"
            ),
            mistake(
                &near[0],
                Slip::DecoyReferred,
                Some(ItemKind::NearName),
                Outcome::Referred,
                "DENIED-PARTY"
            ),
            mistake(
                &ordinary,
                Slip::FalseReferral,
                None,
                Outcome::Referred,
                "INTEL"
            ),
        ]
    );
    // A trainee who decided nothing has everything open, nothing missed.
    let b = figures(&class, "bo");
    assert_eq!((b.decided, b.found, b.missed, b.open), (0, 0, 0, planted));
    assert_eq!((b.false_referrals, b.decoys_referred), (0, 0));
    assert!(b.last_decision.is_none() && b.mistakes.is_empty());
    // The bad stores say why, in their own rows.
    let cy = row(&class, "cy").progress.as_ref().unwrap_err();
    assert!(cy.starts_with("store.db: "), "{cy}");
    let elsewhere = row(&class, "elsewhere").progress.as_ref().unwrap_err();
    assert!(elsewhere.contains("not a trainee store"), "{elsewhere}");

    // Once time is up, what is still open counts as missed.
    let late = room.read(&stores, now + Duration::minutes(minutes + 1));
    let a = figures(&late, "amira");
    assert_eq!((a.found, a.missed, a.open), (2, planted - 2, 0));
    assert!(a.time_up() && a.time_left_text() == "over");
    let left_open: Vec<&str> = a
        .mistakes
        .iter()
        .filter(|m| m.outcome == Outcome::Undecided)
        .map(|m| m.bill.as_str())
        .collect();
    assert_eq!(left_open.len(), planted - 3);
    assert!(!left_open.contains(&listed[0].as_str()));
    // Reading wrote nothing: every file of every trainee as it was, and no file added.
    assert_eq!(files_under(&exercises), before);

    // The list update re-opens the bill it names: now in play, and open.
    room.cli(&["exercise", "inject", room.store("amira").to_str().unwrap()]);
    let after = room.read(&stores, Utc::now());
    let a = figures(&after, "amira");
    assert_eq!(a.injects_applied, 1);
    assert_eq!(a.suspicious, planted + 1);
    assert_eq!((a.found, a.missed, a.open), (2, 1, planted - 2));
    assert_eq!(
        a.decided, 6,
        "the re-opened bill no longer counts as decided"
    );

    // And after the inject's write, reading still writes nothing.
    let written = files_under(&exercises);
    room.read(&stores, Utc::now());
    assert_eq!(files_under(&exercises), written);
}

#[test]
fn watch_once_prints_the_table_and_writes_nothing() {
    let room = Classroom::open(&["amira", "bo"]);
    let key = &room.key;
    let denied = bills_of(key, ItemKind::DeniedParty);
    let disguised = bills_of(key, ItemKind::DisguisedGoods);
    room.work(
        "amira",
        &[
            (&denied[0], "refer", "DENIED-PARTY"),
            (&disguised[0], "clear", "LOW-RISK-GOODS"),
        ],
    );
    let b = room.bundle.to_str().unwrap();
    let before = files_under(&room.data);
    let out = room.command(&["exercise", "watch", b, "--once"]);
    assert_eq!(out.status.code(), Some(0), "every store read");
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(files_under(&room.data), before, "nothing written");
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with(&format!("exercise {}: 2 trainees, read ", key.exercise)),
        "{text}"
    );
    // The figures, column by column under the header.
    let header = lines[1];
    let at = |line: &str, title: &str| -> String {
        let start = header.find(title).unwrap();
        line[start..].split("  ").next().unwrap().trim().to_string()
    };
    let amira = lines.iter().find(|l| l.starts_with("amira ")).unwrap();
    let planted = key
        .items
        .iter()
        .filter(|i| !i.kind.is_decoy() && i.inject.is_none())
        .count();
    assert_eq!(at(amira, "Decided"), format!("2/{}", key.settings.bills));
    assert_eq!(at(amira, "Found"), format!("1/{planted}"));
    assert_eq!(at(amira, "Missed"), "1");
    assert_eq!(at(amira, "Open"), (planted - 2).to_string());
    assert_eq!(at(amira, "FalseRef"), "0");
    assert_eq!(at(amira, "Injects"), "0/2");
    let bo = lines.iter().find(|l| l.starts_with("bo ")).unwrap();
    assert_eq!(at(bo, "Found"), format!("0/{planted}"));
    assert_eq!(at(bo, "Last"), "-");
    assert!(text.contains(progress::MISSED_RULE), "{text}");

    // A store that cannot be read: its row says so, the others are printed, exit code 2. A
    // session file is outside input: a trainee name in it cannot reach the terminal raw.
    let started = Utc::now();
    corrupt_trainee(&room.data, key, "cy", started);
    let evil = room.data.join("exercises").join(&key.exercise).join("evil");
    std::fs::create_dir_all(&evil).unwrap();
    std::fs::copy(room.store("bo"), evil.join("store.db")).unwrap();
    let mut sess = TraineeSession::load(&room.store("bo")).unwrap().unwrap();
    sess.trainee = "ev\u{1b}]0;pwned\u{7}il".into();
    sess.save(&evil.join("store.db")).unwrap();
    let out = room.command(&["exercise", "watch", b, "--once"]);
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{7}'),
        "{text:?}"
    );
    assert!(text.contains("ev^[]0;pwned^Gil"), "{text}");
    assert!(text.contains("4 trainees"), "{text}");
    let cy = text.lines().find(|l| l.starts_with("cy ")).unwrap();
    assert!(cy.contains("not read: store.db: "), "{cy}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("amira ") && l.contains("1/"))
    );

    // Stores named on the command line instead of the class folder.
    let out = room.cli(&[
        "exercise",
        "watch",
        b,
        room.store("bo").to_str().unwrap(),
        "--once",
    ]);
    assert!(
        out.contains(": 1 trainee,") && out.contains("\nbo "),
        "{out}"
    );
}

// ---------------------------------------------------------------------------------------------
// The view, drawn.

/// When the snapshot trainees started, and the "now" they are watched at.
fn started() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 27, 9, 0, 0).unwrap()
}

fn watched_at() -> DateTime<Utc> {
    started() + Duration::minutes(25)
}

/// A class read at [`watched_at`]: amira decided five bills, bo's store is not a database.
/// Store paths are written from the data directory, so that the drawing is the same anywhere.
fn snapshot_class() -> ClassProgress {
    let dir = tempfile::tempdir().unwrap();
    let lists = bundled::watchlists().unwrap();
    let goods = bundled::goods().unwrap();
    let ex = generate(&Settings::new(2026, Difficulty::Normal), &lists, &goods).unwrap();
    let bundle_dir = dir.path().join("bundle");
    bundle::write(&bundle_dir, &ex).unwrap();
    let data = dir.path().join("data");
    let copy = TraineeCopy::open(&bundle_dir).unwrap();
    let screening = Screening {
        lists,
        goods,
        config: Config::default(),
    };
    let amira = session::default_store(&data, &ex.id, "amira");
    let mut db = session::start(
        &copy,
        "amira",
        &amira,
        &data.join("hubscreen.db"),
        &screening,
        &ListStore::new(&data),
        started(),
    )
    .unwrap()
    .store;
    let key = &ex.key;
    let ordinary = ordinary_bill(&bundle_dir, key);
    let decisions = [
        (
            bills_of(key, ItemKind::DeniedParty)[0].clone(),
            Action::Refer,
            "DENIED-PARTY",
        ),
        (
            bills_of(key, ItemKind::Vessel)[0].clone(),
            Action::Refer,
            "DENIED-PARTY",
        ),
        (
            bills_of(key, ItemKind::DisguisedGoods)[0].clone(),
            Action::Clear,
            "LOW-RISK-GOODS",
        ),
        (
            bills_of(key, ItemKind::NearName)[0].clone(),
            Action::Refer,
            "INTEL",
        ),
        (ordinary, Action::Hold, "EXAM-REQUIRED"),
    ];
    let items = db.queue(&QueueFilter::default()).unwrap();
    for (minute, (bill, action, code)) in decisions.into_iter().enumerate() {
        let item = items.iter().find(|i| i.bill_of_lading == bill).unwrap();
        db.decide(
            &NewDecision {
                item: item.id,
                action,
                reason_code: Some(code.into()),
                note: None,
                hit: None,
                expected_version: item.version,
            },
            &Actor {
                user: "amira".into(),
                at: started() + Duration::minutes(3 + 4 * minute as i64),
            },
        )
        .unwrap();
    }
    drop(db);
    corrupt_trainee(&data, key, "bo", started());
    let stores = [amira, session::default_store(&data, &ex.id, "bo")];
    let mut class = progress::read_class(key, &stores, &Config::default(), watched_at());
    for r in &mut class.rows {
        r.store = r.store.strip_prefix(&data).unwrap().to_path_buf();
    }
    class
}

fn draw(app: &Trainer, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| trainer::view::render(f, app)).unwrap();
    terminal
}

fn snap(app: &Trainer, name: &str) {
    for (w, h) in [(80, 24), (120, 40)] {
        let terminal = draw(app, w, h);
        assert_no_control_bytes(&terminal, name);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), terminal.backend());
    }
}

fn press(app: &mut Trainer, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

#[test]
fn the_class_table_with_a_trainee_at_work_and_a_store_not_read() {
    let class = snapshot_class();
    let mut app = Trainer::new(&class.exercise, Theme::dark(), watched_at());
    app.update(trainer::Action::Read(Box::new(class)));
    snap(&app, "watch_class");
    // Every figure column at 120; the narrow ones dropped at 80, the rule in both.
    let wide = screen_text(&draw(&app, 120, 40));
    let narrow = screen_text(&draw(&app, 80, 24));
    for title in ["Decoys", "Elapsed", "Injects"] {
        assert!(wide.contains(title) && !narrow.contains(title), "{title}");
    }
    for text in [&wide, &narrow] {
        assert!(text.contains("not read: store.db: "), "{text}");
        assert!(text.contains("once time is up"), "{text}");
    }

    // Enter: amira's bills gone wrong; sorted by score, bo's unread store goes last.
    press(&mut app, KeyCode::Enter);
    snap(&app, "watch_bills");
    press(&mut app, KeyCode::Char('s'));
    press(&mut app, KeyCode::Down);
    let text = screen_text(&draw(&app, 120, 40));
    assert!(text.contains("sorted by score"), "{text}");
    assert!(text.contains("bo: store not read"), "{text}");
    press(&mut app, KeyCode::Esc);
    assert!(!app.pane);
    press(&mut app, KeyCode::Char('q'));
    assert!(app.quit);
}

#[test]
fn no_color_draws_without_colour_and_says_each_state_in_words() {
    let class = snapshot_class();
    let mut app = Trainer::new(
        &class.exercise,
        Theme::resolve(None, true).unwrap(),
        watched_at(),
    );
    app.update(trainer::Action::Read(Box::new(class)));
    let terminal = draw(&app, 120, 40);
    for cell in terminal.backend().buffer().content() {
        assert_eq!(cell.fg, ratatui::style::Color::Reset, "{cell:?}");
        assert_eq!(cell.bg, ratatui::style::Color::Reset, "{cell:?}");
    }
    let text = screen_text(&terminal);
    assert!(
        text.contains("> amira") && text.contains("not read:"),
        "{text}"
    );
}
