//! The dashboard in trainee mode (issue 20): the briefing comes first and comes back on `B`,
//! the timer runs in the bottom line, the trainer's injects arrive on the tick they fall due,
//! what the assistance level hides never reaches the dashboard (not only undrawn), and the
//! look-ups answer from the lists and the goods tables. Snapshots at 80x24 and 120x40.

mod tui_support;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, TimeZone, Utc};
use crossterm::event::KeyCode;
use hubscreen::config::Config;
use hubscreen::exercise::bundle::{self, TraineeCopy};
use hubscreen::exercise::session::{self, Screening, TraineeSession};
use hubscreen::exercise::{Assistance, Difficulty, ItemKind, Settings, generate};
use hubscreen::lists::bundled;
use hubscreen::lists::update::ListStore;
use hubscreen::model::Lane;
use hubscreen::tui::action::{Action, Effect};
use hubscreen::tui::app::{App, Mode, View};
use hubscreen::tui::data::{
    DashboardBackend, Decision, DecisionAction, ShipmentSummary, fixed_clock,
};
use hubscreen::tui::exercise_backend::ExerciseBackend;
use hubscreen::tui::keymap::{Command, Keymap};
use hubscreen::tui::store_backend::StoreBackend;
use hubscreen::tui::theme::Theme;
use tui_support::*;

/// When the trainee started.
fn started() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 5, 9, 0, 0).unwrap()
}

/// A trainee's exercise store: a 40-bill normal exercise (seed 11) at `assistance`, started
/// at [`started`].
struct Trainee {
    dir: tempfile::TempDir,
    key: hubscreen::exercise::AnswerKey,
}

impl Trainee {
    fn new(assistance: Assistance) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let mut settings = Settings::new(11, Difficulty::Normal);
        settings.bills = 40;
        settings.assistance = assistance;
        let lists = bundled::watchlists().unwrap();
        let goods = bundled::goods().unwrap();
        let ex = generate(&settings, &lists, &goods).unwrap();
        bundle::write(&dir.path().join("bundle"), &ex).unwrap();
        let copy = TraineeCopy::open(&dir.path().join("bundle")).unwrap();
        let list_store = ListStore::new(&dir.path().join("data"));
        let screening = Screening::load(&Config::default(), &list_store, started()).unwrap();
        let t = Trainee { dir, key: ex.key };
        session::start(
            &copy,
            "amira",
            &t.store(),
            &t.dir.path().join("data/hubscreen.db"),
            &screening,
            &list_store,
            started(),
        )
        .unwrap();
        t
    }

    fn store(&self) -> PathBuf {
        self.dir.path().join("amira/store.db")
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// The trainee's dashboard backend, its clock at `minutes` into the exercise.
    fn backend(&self, minutes: i64) -> ExerciseBackend {
        ExerciseBackend::open(
            &self.store(),
            &self.data(),
            Config::default(),
            fixed_clock(started() + Duration::minutes(minutes)),
        )
        .unwrap()
    }

    /// The same store as the ordinary dashboard sees it: everything shown.
    fn full_view(&self) -> StoreBackend {
        let mut config = Config::default();
        config.workflow.queue_every_bill = true;
        StoreBackend::open(&self.store(), &self.data(), config, fixed_clock(started())).unwrap()
    }

    fn bills_of(&self, kind: ItemKind) -> Vec<String> {
        self.key
            .items
            .iter()
            .filter(|i| i.kind == kind)
            .map(|i| i.bill.clone())
            .collect()
    }
}

/// The trainee's dashboard at `minutes` into the exercise, briefing open.
fn trainee_app(backend: &dyn DashboardBackend, minutes: i64) -> App {
    let mut app = App::new(
        "amira",
        started() + Duration::minutes(minutes),
        Keymap::default(),
        Theme::dark(),
    );
    app.set_exercise(backend.exercise().expect("an exercise backend"));
    let effects = app.start();
    run(&mut app, backend, effects);
    app
}

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn snap(app: &mut App, name: &str) {
    for (w, h) in SIZES {
        let terminal = draw(app, w, h);
        assert_no_control_bytes(&terminal, name);
        insta::assert_snapshot!(
            format!("{name}_{w}x{h}"),
            masked_temp_dirs(&terminal.backend().to_string())
        );
    }
}

/// The screen with each temporary folder's random name (`.tmpAb3xYz`) as `.tmpXXXXXX`, same
/// width: the manifest's path is shown in the detail.
fn masked_temp_dirs(screen: &str) -> String {
    let mut out = String::with_capacity(screen.len());
    let mut rest = screen;
    while let Some(at) = rest.find("/.tmp") {
        out.push_str(&rest[..at + 5]);
        rest = &rest[at + 5..];
        let random = rest
            .char_indices()
            .take(6)
            .take_while(|(_, c)| c.is_ascii_alphanumeric())
            .count();
        out.push_str(&"X".repeat(random));
        rest = &rest[random..];
    }
    out.push_str(rest);
    out
}

fn screens(app: &mut App) -> String {
    SIZES
        .iter()
        .map(|&(w, h)| screen_text(&draw(app, w, h)))
        .collect()
}

fn close_reading(app: &mut App, backend: &dyn DashboardBackend) {
    press(app, backend, &[code(KeyCode::Esc)]);
    assert_eq!(app.mode, Mode::Normal);
}

fn open_bill(app: &mut App, backend: &dyn DashboardBackend, bill: &str) {
    let id = app
        .snapshot
        .shipments
        .iter()
        .find(|s| s.bill == bill)
        .unwrap_or_else(|| panic!("{bill} is in the store"))
        .id;
    let effects = app.update(Action::Command(Command::ShowView(View::Shipments)));
    run(app, backend, effects);
    app.shipments.select_bill(bill);
    press(app, backend, &[code(KeyCode::Enter)]);
    assert_eq!(app.detail.as_ref().map(|d| d.summary.id), Some(id));
}

/// The bills the ordinary dashboard shows with a party, vessel or goods hit.
fn bills_with_hits(full: &StoreBackend) -> Vec<ShipmentSummary> {
    let rows: Vec<ShipmentSummary> = full
        .snapshot()
        .unwrap()
        .shipments
        .iter()
        .filter(|s| !s.hit_lists.is_empty())
        .cloned()
        .collect();
    assert!(!rows.is_empty(), "the exercise has bills with hits");
    rows
}

#[test]
fn at_none_no_lane_score_or_hit_reaches_the_dashboard() {
    let t = Trainee::new(Assistance::None);
    let full = bills_with_hits(&t.full_view());
    assert!(full.iter().any(|s| s.lane != Lane::Green));
    let b = t.backend(5);
    let snapshot = b.snapshot().unwrap();
    for s in snapshot.shipments.iter() {
        assert_eq!((s.lane, s.score), (Lane::Green, 0), "{}", s.bill);
        assert!(s.hit_lists.is_empty() && s.rules.is_empty(), "{}", s.bill);
    }
    for q in &snapshot.queue {
        assert_eq!((q.lane, q.score), (Lane::Green, 0), "{}", q.bill);
    }
    assert!(
        snapshot.recent.iter().any(|e| e.action == "queue.create"),
        "the queueing is in the log"
    );
    for e in &snapshot.recent {
        let d = e.detail().to_ascii_lowercase();
        for word in ["lane", "score", "red", "yellow", "green"] {
            assert!(
                !d.contains(word),
                "{} {}: {}",
                e.action,
                e.subject,
                e.detail()
            );
        }
    }
    for s in &full {
        let d = b.shipment(s.id).unwrap();
        let a = &d.assessment;
        assert!(
            a.party_hits.is_empty()
                && a.vessel_hits.is_empty()
                && a.goods_hits.is_empty()
                && a.red_flags.is_empty()
                && a.reasons.is_empty(),
            "{}: screening leaked into the detail",
            s.bill
        );
    }
    let mut app = trainee_app(&b, 5);
    close_reading(&mut app, &b);
    let overview = screens(&mut app);
    assert!(overview.contains("hidden in this exercise"), "{overview}");
    for word in ["RED", "YELLOW", "GREEN"] {
        assert!(!overview.contains(word), "{word} shown:\n{overview}");
    }
    for view in [View::Shipments, View::Queue] {
        let effects = app.update(Action::Command(Command::ShowView(view)));
        run(&mut app, &b, effects);
        let shown = screens(&mut app);
        for word in ["YELLOW", "GREEN", "OFAC", "CHPL", "WATCHLIST"] {
            assert!(!shown.contains(word), "{word} shown in {view:?}:\n{shown}");
        }
        // The lane is the last column (a consignee may be called RED SEA ...).
        for line in shown.lines() {
            let cells = line.trim_end_matches(['"', ' ', '│']);
            assert!(!cells.ends_with("RED"), "a lane shown in {view:?}: {line}");
        }
    }
    open_bill(&mut app, &b, &full[0].bill);
    let detail = screens(&mut app);
    assert!(detail.contains("Screening is hidden"), "{detail}");
    assert!(!detail.contains("◆hit"), "{detail}");
    snap(&mut app, "exercise_detail_none");
}

#[test]
fn at_hits_the_hits_show_and_the_lanes_do_not() {
    let t = Trainee::new(Assistance::Hits);
    let full = bills_with_hits(&t.full_view());
    let b = t.backend(5);
    let rows = b.snapshot().unwrap();
    for s in full.iter() {
        let shown = rows.shipments.iter().find(|r| r.bill == s.bill).unwrap();
        assert_eq!(shown.hit_lists, s.hit_lists, "{}", s.bill);
        assert_eq!((shown.lane, shown.score), (Lane::Green, 0), "{}", s.bill);
    }
    let with_party = full
        .iter()
        .find(|s| !b.shipment(s.id).unwrap().assessment.party_hits.is_empty())
        .expect("a bill with a party hit");
    let d = b.shipment(with_party.id).unwrap();
    assert!(d.assessment.party_hits.iter().all(|h| h.points == 0));
    assert!(d.assessment.reasons.is_empty());
    let mut app = trainee_app(&b, 5);
    close_reading(&mut app, &b);
    open_bill(&mut app, &b, &with_party.bill);
    let detail = screens(&mut app);
    assert!(detail.contains("≈ list"), "the hit is shown:\n{detail}");
    assert!(!detail.contains("Why this lane"), "{detail}");
    for lane in ["RED", "YELLOW"] {
        assert!(!detail.contains(lane), "{lane} shown:\n{detail}");
    }
    snap(&mut app, "exercise_detail_hits");
    let effects = app.update(Action::Command(Command::ShowView(View::Queue)));
    run(&mut app, &b, effects);
    snap(&mut app, "exercise_queue_hits");
}

#[test]
fn the_briefing_comes_first_and_b_brings_it_back() {
    let t = Trainee::new(Assistance::Full);
    let b = t.backend(0);
    let mut app = trainee_app(&b, 0);
    let Mode::Read(r) = &app.mode else {
        panic!("the briefing is open at the start: {:?}", app.mode);
    };
    assert!(r.title.contains(&t.key.exercise));
    assert!(r.lines.iter().any(|l| l.contains("Reason codes")));
    snap(&mut app, "exercise_briefing");
    close_reading(&mut app, &b);
    press(&mut app, &b, &[key('B')]);
    assert!(matches!(&app.mode, Mode::Read(r) if r.title.starts_with("Briefing")));
    close_reading(&mut app, &b);
    // The timer keeps the right end of the bottom line at both sizes.
    let minutes = Difficulty::Normal.default_minutes();
    for (w, h) in SIZES {
        let text = screen_text(&draw(&mut app, w, h));
        let bottom = text.lines().last().unwrap();
        assert!(
            bottom.contains(&format!("{minutes}:00 left")),
            "{w}x{h}: {bottom}"
        );
    }
    // At full assistance the lanes are there.
    assert!(app.shows_lanes() && app.shows_hits());
}

#[test]
fn a_due_inject_arrives_on_the_tick_and_is_told() {
    let t = Trainee::new(Assistance::Hits);
    let copy = TraineeCopy::open(&t.dir.path().join("bundle")).unwrap();
    let first = copy
        .file
        .injects
        .iter()
        .map(|i| i.at_minutes)
        .min()
        .expect("a normal exercise schedules injects");
    let before = i64::from(first) - 1;
    let b = t.backend(before);
    let mut app = trainee_app(&b, before);
    close_reading(&mut app, &b);
    // Not yet due: the tick asks for nothing.
    let now = started() + Duration::minutes(before);
    assert!(app.update(Action::Tick(now)).is_empty());
    // Due (the backend's clock is past every inject): one request, however many ticks.
    let late = t.backend(24 * 60);
    let then = started() + Duration::minutes(i64::from(first));
    let effects = app.update(Action::Tick(then));
    assert_eq!(effects, vec![Effect::ApplyInjects]);
    assert!(app.update(Action::Tick(then)).is_empty());
    run(&mut app, &late, effects);
    let Mode::Read(r) = &app.mode else {
        panic!("the inject is shown: {:?}", app.mode);
    };
    for inject in &copy.file.injects {
        assert!(
            r.lines.iter().any(|l| l.contains(&inject.says)),
            "{} told",
            inject.name
        );
    }
    snap(&mut app, "exercise_inject");
    close_reading(&mut app, &late);
    // Recorded, and not applied twice.
    let session = TraineeSession::load(&t.store()).unwrap().unwrap();
    assert_eq!(session.injects.len(), copy.file.injects.len());
    assert_eq!(app.exercise.as_ref().unwrap().next_inject, None);
    assert!(
        app.update(Action::Tick(then + Duration::hours(1)))
            .is_empty()
    );
    // The list update's party now has its hit, and the dashboard names the injected list.
    let listed = &t.bills_of(ItemKind::ListUpdate)[0];
    let row = app
        .snapshot
        .shipments
        .iter()
        .find(|s| &s.bill == listed)
        .expect("the listed bill");
    let d = late.shipment(row.id).unwrap();
    assert!(
        !d.assessment.party_hits.is_empty(),
        "{listed}: the injected entry is hit"
    );
    assert!(
        d.party_entries.iter().all(Option::is_some),
        "the injected list's entry is shown beside the hit"
    );
    // The amended bill is in the store.
    let amended = &t.bills_of(ItemKind::AmendedBill)[0];
    assert!(app.snapshot.shipments.iter().any(|s| &s.bill == amended));
}

#[test]
fn a_look_up_answers_from_the_lists_and_the_goods_tables() {
    let t = Trainee::new(Assistance::None);
    let b = t.backend(5);
    let mut app = trainee_app(&b, 5);
    close_reading(&mut app, &b);
    let denied = t
        .key
        .items
        .iter()
        .find(|i| i.kind == ItemKind::DeniedParty)
        .unwrap();
    let listed = denied.evidence.listed_name.clone().unwrap();
    let entry = denied.evidence.entry_id.clone().unwrap();
    press(&mut app, &b, &[key('L')]);
    assert!(matches!(&app.mode, Mode::Palette { buffer } if buffer == "lookup "));
    press(&mut app, &b, &typed(&listed));
    press(&mut app, &b, &[code(KeyCode::Enter)]);
    let Mode::Read(r) = &app.mode else {
        panic!("the look-up is shown: {:?}", app.mode);
    };
    assert!(
        r.lines.iter().any(|l| l.contains(&entry)),
        "{listed} finds entry {entry}: {:#?}",
        r.lines
    );
    close_reading(&mut app, &b);
    // Words of a control-list entry find its keyword class, even with screening hidden.
    press(&mut app, &b, &[key(':')]);
    press(&mut app, &b, &typed("lookup 8458.11"));
    press(&mut app, &b, &[code(KeyCode::Enter)]);
    let Mode::Read(r) = &app.mode else {
        panic!("the look-up is shown: {:?}", app.mode);
    };
    assert!(
        r.lines.iter().any(|l| l.starts_with("HS ")),
        "{:#?}",
        r.lines
    );
    assert!(r.lines.iter().any(|l| l.contains("CHPL")), "{:#?}", r.lines);
    snap(&mut app, "exercise_lookup");
}

#[test]
fn an_exercise_store_takes_no_other_manifest_and_no_list_update() {
    let t = Trainee::new(Assistance::Full);
    let b = t.backend(5);
    let before = b.snapshot().unwrap().shipments.len();
    let manifest =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-manifests/small_manifest.json");
    let refused = b.ingest(&manifest, "amira", &|_| {}).unwrap_err();
    assert!(
        refused.to_string().contains("not in an exercise"),
        "{refused}"
    );
    let refused = b.update_lists(None, "amira", &|_| {}).unwrap_err();
    assert!(
        refused.to_string().contains("not in an exercise"),
        "{refused}"
    );
    assert_eq!(b.snapshot().unwrap().shipments.len(), before);
}

#[test]
fn a_store_without_a_session_is_not_opened_as_an_exercise() {
    let dir = tempfile::tempdir().unwrap();
    let err = match ExerciseBackend::open(
        &dir.path().join("hubscreen.db"),
        &dir.path().join("data"),
        Config::default(),
        fixed_clock(started()),
    ) {
        Ok(_) => panic!("opened"),
        Err(e) => e.to_string(),
    };
    assert!(err.contains("not a trainee store"), "{err}");
}

/// What a trainee's own claims and decisions record, the rules view, the order the store lists
/// the queue in, the false-positive refusal and the re-screen's traces: each could name a hidden
/// lane or hit, and none does (the adversarial review's findings).
#[test]
fn no_side_channel_gives_a_hidden_lane_or_hit_away() {
    for assistance in [Assistance::Hits, Assistance::None] {
        let t = Trainee::new(assistance);
        let full = bills_with_hits(&t.full_view());
        let b = t.backend(5);
        let hit = full
            .iter()
            .find(|s| s.lane != Lane::Green)
            .expect("a bill not green");
        let item = b
            .snapshot()
            .unwrap()
            .queue
            .into_iter()
            .find(|q| q.bill == hit.bill)
            .unwrap();
        // The trainee's own claim and hold: the log keeps what they did, not the item's lane.
        let claimed = b.claim(item.id, item.version, "amira").unwrap();
        let decision = Decision {
            action: DecisionAction::Hold,
            reason: "EXAM-REQUIRED".into(),
            note: Some("looks odd".into()),
        };
        b.decide(item.id, claimed.version, "amira", &decision)
            .unwrap();
        let d = b.shipment(hit.id).unwrap();
        let mine: Vec<_> = d
            .history
            .iter()
            .filter(|e| e.action.starts_with("queue."))
            .collect();
        assert!(mine.iter().any(|e| e.action == "queue.decide"));
        for e in d.history.iter().chain(b.audit().unwrap().iter()) {
            for (k, v) in &e.fields {
                assert!(
                    !["lane", "score", "reason"].contains(&k.as_str()),
                    "{assistance}: {} records {k}={v}",
                    e.action
                );
            }
        }
        let decide = mine.iter().find(|e| e.action == "queue.decide").unwrap();
        assert!(
            decide.detail().contains("reason_code=EXAM-REQUIRED"),
            "{}",
            decide.detail()
        );
        assert!(
            decide.detail().contains("note=looks odd"),
            "{}",
            decide.detail()
        );
        // Records the trainee did not make name no bill.
        for e in b.audit().unwrap().iter().filter(|e| e.user != "amira") {
            assert!(
                !e.subject.contains(&hit.bill),
                "{} names {}",
                e.action,
                e.subject
            );
        }
        // The rules view: no points, no forced lane; at none, no order by hits either.
        let snapshot = b.snapshot().unwrap();
        assert!(
            snapshot
                .rules
                .iter()
                .all(|r| r.points == 0 && r.lane.is_none())
        );
        if assistance == Assistance::None {
            let ids: Vec<&str> = snapshot.rules.iter().map(|r| r.rule.as_str()).collect();
            let mut sorted = ids.clone();
            sorted.sort();
            assert_eq!(ids, sorted);
        }
        // The queue in bill order, not the store's score order.
        let bills: Vec<&str> = snapshot.queue.iter().map(|q| q.bill.as_str()).collect();
        let mut sorted = bills.clone();
        sorted.sort();
        assert_eq!(bills, sorted, "{assistance}");
        // One screening time for every bill.
        let times: std::collections::BTreeSet<_> =
            snapshot.shipments.iter().map(|s| s.screened_at).collect();
        assert_eq!(times.len(), 1, "{assistance}");
        // At none, a false positive is refused the same way whether a bill has a hit or not.
        if assistance == Assistance::None {
            let clean = snapshot
                .queue
                .iter()
                .find(|q| !full.iter().any(|s| s.bill == q.bill))
                .unwrap();
            let fp = Decision {
                action: DecisionAction::FalsePositive,
                reason: "NAME-MISMATCH-DOB".into(),
                note: None,
            };
            let refusals: Vec<String> = [&item, clean]
                .iter()
                .map(|q| {
                    let now = b
                        .snapshot()
                        .unwrap()
                        .queue
                        .into_iter()
                        .find(|x| x.id == q.id)
                        .unwrap();
                    b.decide(now.id, now.version, "amira", &fp)
                        .unwrap_err()
                        .to_string()
                })
                .collect();
            assert_eq!(refusals[0], refusals[1]);
        }
    }
}

/// Where lanes are hidden, a list update does not re-open the bill it hits: the trainee's
/// decision stands, and nothing on the queue says which bill the update was about.
#[test]
fn a_list_update_reopens_nothing_where_lanes_are_hidden() {
    for (assistance, reopened) in [(Assistance::Full, true), (Assistance::Hits, false)] {
        let t = Trainee::new(assistance);
        let b = t.backend(24 * 60);
        let listed = t.bills_of(ItemKind::ListUpdate)[0].clone();
        let item = b
            .snapshot()
            .unwrap()
            .queue
            .into_iter()
            .find(|q| q.bill == listed)
            .unwrap();
        let claimed = b.claim(item.id, item.version, "amira").unwrap();
        let clear = Decision {
            action: DecisionAction::Clear,
            reason: "LOW-RISK-GOODS".into(),
            note: None,
        };
        b.decide(item.id, claimed.version, "amira", &clear).unwrap();
        let report = b.apply_due_injects().unwrap();
        assert!(!report.said.is_empty());
        let after = b
            .snapshot()
            .unwrap()
            .queue
            .into_iter()
            .find(|q| q.bill == listed)
            .unwrap();
        assert_eq!(
            after.state.is_open(),
            reopened,
            "{assistance}: {:?}",
            after.state
        );
    }
}

/// An inject the trainer fires from the command line (or another dashboard applies) while the
/// trainee's dashboard runs is told there too, once; a page that arrives while a prompt is open
/// waits for it to close; the briefing keeps what has arrived.
#[test]
fn an_inject_applied_elsewhere_is_told_once_and_waits_for_an_open_prompt() {
    let t = Trainee::new(Assistance::Hits);
    let b = t.backend(5);
    let mut app = trainee_app(&b, 5);
    close_reading(&mut app, &b);
    press(&mut app, &b, &[key(':')]);
    assert!(matches!(app.mode, Mode::Palette { .. }));
    // The trainer's `exercise inject --due`, a day in: every inject applied, in another process.
    let elsewhere = t.backend(24 * 60);
    let applied = elsewhere.apply_due_injects().unwrap();
    let copy = TraineeCopy::open(&t.dir.path().join("bundle")).unwrap();
    assert_eq!(applied.said.len(), copy.file.injects.len());
    // The store changed: the dashboard asks, learns, and keeps the page until the prompt closes.
    let n = app.snapshot.change_counter + 1;
    let effects = app.update(Action::ChangeCounter(n));
    assert!(effects.contains(&Effect::ApplyInjects));
    run(&mut app, &b, effects);
    assert!(matches!(app.mode, Mode::Palette { .. }), "{:?}", app.mode);
    press(&mut app, &b, &[code(KeyCode::Esc)]);
    let Mode::Read(page) = &app.mode else {
        panic!("the inject page after the prompt: {:?}", app.mode);
    };
    for said in &applied.said {
        assert!(page.lines.iter().any(|l| l.contains(said.as_str())));
    }
    close_reading(&mut app, &b);
    // Told once: the next question finds nothing new.
    assert!(b.apply_due_injects().unwrap().said.is_empty());
    // The briefing keeps it.
    press(&mut app, &b, &[key('B')]);
    let Mode::Read(briefing) = &app.mode else {
        panic!("the briefing: {:?}", app.mode);
    };
    assert!(briefing.lines.iter().any(|l| l.contains(&applied.said[0])));
}
