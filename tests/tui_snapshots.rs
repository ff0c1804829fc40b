//! Snapshots of every dashboard view at 80x24 and 120x40 (ratatui `TestBackend` + insta), with
//! a shipment with hits, an empty queue and a manifest full of terminal escapes, plus the check
//! that no control byte reaches the backend buffer in any of them.

mod tui_support;

use crossterm::event::KeyCode;
use hubscreen::tui::action::Action;
use hubscreen::tui::app::{App, View};
use hubscreen::tui::data::DashboardBackend;
use hubscreen::tui::keymap::Command;
use tui_support::*;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn snap(app: &mut App, name: &str) {
    for (w, h) in SIZES {
        let terminal = draw(app, w, h);
        assert_no_control_bytes(&terminal, name);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), terminal.backend());
    }
}

fn show(app: &mut App, backend: &dyn DashboardBackend, view: View) {
    let effects = app.update(Action::Command(Command::ShowView(view)));
    run(app, backend, effects);
}

/// The dashboard on `b`, showing the detail of the first bill with a CHPL hit.
fn open_first_chpl_bill(b: &Fixture) -> App {
    let mut app = app_on(b.as_ref(), "alice");
    show(&mut app, b.as_ref(), View::Shipments);
    press(&mut app, b.as_ref(), &[key('/')]);
    press(&mut app, b.as_ref(), &typed("list:chpl"));
    press(
        &mut app,
        b.as_ref(),
        &[code(KeyCode::Enter), code(KeyCode::Enter)],
    );
    app
}

#[test]
fn overview() {
    let b = sample_backend();
    let mut app = app_on(b.as_ref(), "alice");
    snap(&mut app, "overview");
}

#[test]
fn shipments_sorted_by_score() {
    let b = sample_backend();
    let mut app = app_on(b.as_ref(), "alice");
    show(&mut app, b.as_ref(), View::Shipments);
    snap(&mut app, "shipments");
}

#[test]
fn shipments_filtered_to_red_lane() {
    let b = sample_backend();
    let mut app = app_on(b.as_ref(), "alice");
    show(&mut app, b.as_ref(), View::Shipments);
    press(&mut app, b.as_ref(), &[key('/')]);
    press(&mut app, b.as_ref(), &typed("lane:red"));
    snap(&mut app, "shipments_filter_typing");
    press(&mut app, b.as_ref(), &[code(KeyCode::Enter)]);
    snap(&mut app, "shipments_lane_red");
}

#[test]
fn detail_of_the_top_scoring_shipment_with_hits() {
    let b = sample_backend();
    let mut app = app_on(b.as_ref(), "alice");
    show(&mut app, b.as_ref(), View::Shipments);
    select_top_with_name_hit(&mut app, b.as_ref());
    press(&mut app, b.as_ref(), &[code(KeyCode::Enter)]);
    assert_eq!(app.view, View::Detail);
    let d = app.detail.as_ref().expect("detail loaded");
    assert!(
        !d.assessment.party_hits.is_empty(),
        "the shipment has party hits"
    );
    snap(&mut app, "detail_hits");
    press(&mut app, b.as_ref(), &[code(KeyCode::Tab)]);
    snap(&mut app, "detail_hits_pane");
}

#[test]
fn detail_with_goods_candidate() {
    let b = sample_backend();
    let mut app = open_first_chpl_bill(&b);
    let d = app.detail.as_ref().expect("detail loaded");
    assert!(!d.assessment.goods_hits.is_empty());
    snap(&mut app, "detail_goods");
}

#[test]
fn detail_shows_the_declared_heading_text_and_the_control_entry_when_installed() {
    let b = sample_backend_with_reference();
    let mut app = open_first_chpl_bill(&b);
    let d = app.detail.as_ref().expect("detail loaded");
    assert!(!d.assessment.declared_headings.is_empty());
    let text = screen_text(&draw(&mut app, 120, 40));
    assert!(text.contains("HS 2022 "), "{text}");
    snap(&mut app, "detail_goods_reference");
}

#[test]
fn a_reference_table_that_cannot_be_read_is_said_on_the_lists_view() {
    let b = backend_with_broken_reference();
    let mut app = app_on(b.as_ref(), "alice");
    show(&mut app, b.as_ref(), View::Lists);
    let text = screen_text(&draw(&mut app, 120, 40));
    assert!(
        text.contains("EU dual-use list, Annex I not read"),
        "{text}"
    );
}

#[test]
fn hostile_manifest_renders_harmlessly_everywhere() {
    let b = sample_backend();
    let mut app = app_on(b.as_ref(), "alice");
    show(&mut app, b.as_ref(), View::Shipments);
    press(&mut app, b.as_ref(), &[key('/')]);
    press(&mut app, b.as_ref(), &typed("hostile"));
    press(&mut app, b.as_ref(), &[code(KeyCode::Enter)]);
    assert_eq!(app.shipments.visible.len(), 1);
    snap(&mut app, "shipments_hostile");
    let text = screen_text(&draw(&mut app, 120, 40));
    assert!(
        text.contains("^[]0;pwned^G"),
        "escape shown visibly:\n{text}"
    );
    press(&mut app, b.as_ref(), &[code(KeyCode::Enter)]);
    snap(&mut app, "detail_hostile");
    let text = screen_text(&draw(&mut app, 120, 40));
    assert!(text.contains("ACME^[[2J"), "{text}");
    // Every view, with the hostile bill in the data, at every size.
    for view in View::ALL {
        show(&mut app, b.as_ref(), view);
        for (w, h) in [(80, 24), (120, 40), (60, 12), (200, 60)] {
            assert_no_control_bytes(&draw(&mut app, w, h), view.title());
        }
    }
}

#[test]
fn queue_with_items() {
    let b = sample_backend();
    let mut app = app_on(b.as_ref(), "alice");
    show(&mut app, b.as_ref(), View::Queue);
    press(
        &mut app,
        b.as_ref(),
        &[key('c'), key('j'), key(' '), key(' ')],
    );
    snap(&mut app, "queue");
}

#[test]
fn queue_empty() {
    let b = empty_backend();
    let mut app = app_on(b.as_ref(), "alice");
    show(&mut app, b.as_ref(), View::Queue);
    snap(&mut app, "queue_empty");
    show(&mut app, b.as_ref(), View::Overview);
    snap(&mut app, "overview_empty");
}

#[test]
fn decision_form_and_confirmation() {
    let b = sample_backend();
    let mut app = app_on(b.as_ref(), "alice");
    show(&mut app, b.as_ref(), View::Queue);
    press(
        &mut app,
        b.as_ref(),
        &[key('c'), key('r'), code(KeyCode::Down)],
    );
    press(&mut app, b.as_ref(), &[code(KeyCode::Tab)]);
    press(&mut app, b.as_ref(), &typed("consignee is listed"));
    snap(&mut app, "decide_form");
    press(&mut app, b.as_ref(), &[code(KeyCode::Enter)]);
    snap(&mut app, "decide_confirm");
}

#[test]
fn lists_browser_and_entry() {
    let b = sample_backend();
    let mut app = app_on(b.as_ref(), "alice");
    show(&mut app, b.as_ref(), View::Lists);
    snap(&mut app, "lists");
    press(&mut app, b.as_ref(), &[key('/')]);
    press(&mut app, b.as_ref(), &typed("kind:vessel"));
    press(
        &mut app,
        b.as_ref(),
        &[code(KeyCode::Enter), code(KeyCode::Enter)],
    );
    snap(&mut app, "lists_entry");
}

#[test]
fn audit_log_verified() {
    let b = sample_backend();
    let mut app = app_on(b.as_ref(), "alice");
    show(&mut app, b.as_ref(), View::Queue);
    press(&mut app, b.as_ref(), &[key('c')]);
    show(&mut app, b.as_ref(), View::Audit);
    press(&mut app, b.as_ref(), &[key('v')]);
    snap(&mut app, "audit");
}

#[test]
fn help_overlay_and_palette() {
    let b = sample_backend();
    let mut app = app_on(b.as_ref(), "alice");
    show(&mut app, b.as_ref(), View::Queue);
    press(&mut app, b.as_ref(), &[key('?')]);
    snap(&mut app, "help_queue");
    press(
        &mut app,
        b.as_ref(),
        &[code(KeyCode::Esc), key(':'), key('i')],
    );
    snap(&mut app, "palette");
}

#[test]
fn too_small_asks_for_a_larger_terminal() {
    let b = sample_backend();
    let mut app = app_on(b.as_ref(), "alice");
    let terminal = draw(&mut app, 40, 10);
    insta::assert_snapshot!("too_small_40x10", terminal.backend());
    for (w, h) in [(1, 1), (59, 30), (100, 11), (60, 12)] {
        for view in View::ALL {
            show(&mut app, b.as_ref(), view);
            draw(&mut app, w, h);
        }
    }
}

#[test]
fn stale_installed_list_is_named_on_the_lists_view_and_the_overview() {
    use hubscreen::lists::sources::{SourceFile, SourceSpec, UpdateDefaults};
    use hubscreen::lists::update::{FolderFetcher, ListStore};

    // A UK list published 2025-08-11 (its Report Date), carried in on the day of the test.
    let dir = tempfile::tempdir().unwrap();
    let usb = dir.path().join("usb");
    std::fs::create_dir_all(&usb).unwrap();
    std::fs::copy(
        common_fixture("uk/UK-Sanctions-List.csv"),
        usb.join("UK-Sanctions-List.csv"),
    )
    .unwrap();
    let spec = SourceSpec {
        name: "uk-sanctions-list".into(),
        enabled: true,
        files: vec![SourceFile {
            url: "https://example.invalid/UK-Sanctions-List.csv".into(),
            file: "UK-Sanctions-List.csv".into(),
        }],
        max_shrink: None,
    };
    let fetcher = FolderFetcher {
        dir: usb,
        source: spec.name.clone(),
    };
    ListStore::new(&dir.path().join("data"))
        .update(&spec, &fetcher, &UpdateDefaults::default(), now())
        .unwrap();
    let backend = hubscreen::tui::store_backend::StoreBackend::open(
        &dir.path().join("hubscreen.db"),
        &dir.path().join("data"),
        hubscreen::config::Config::default(),
        hubscreen::tui::data::fixed_clock(now()),
    )
    .unwrap();
    let mut app = app_on(&backend, "alice");
    // 2025-08-11 to 2026-11-27.
    let text = draw(&mut app, 120, 40).backend().to_string();
    assert!(text.contains("473d STALE"), "overview: {text}");
    show(&mut app, &backend, View::Lists);
    let text = draw(&mut app, 120, 40).backend().to_string();
    assert!(
        text.contains("STALE: UK SANCTIONS LIST 473d old (published 2025-08-11)"),
        "lists view: {text}"
    );
}

fn common_fixture(path: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path)
}

#[test]
fn dangling_current_of_an_installed_list_is_said_on_the_overview_and_the_lists_view() {
    use hubscreen::lists::sources::{SourceFile, SourceSpec, UpdateDefaults};
    use hubscreen::lists::update::{FolderFetcher, ListStore};
    let dir = tempfile::tempdir().unwrap();
    let usb = dir.path().join("usb");
    std::fs::create_dir(&usb).unwrap();
    std::fs::copy(
        common_fixture("ofac_delta/before/sdn.csv"),
        usb.join("sdn.csv"),
    )
    .unwrap();
    let spec = SourceSpec {
        name: "test-sdn".into(),
        enabled: true,
        files: vec![SourceFile {
            url: "https://example.invalid/sdn.csv".into(),
            file: "sdn.csv".into(),
        }],
        max_shrink: None,
    };
    let fetcher = FolderFetcher {
        dir: usb,
        source: spec.name.clone(),
    };
    let store = ListStore::new(&dir.path().join("data"));
    store
        .update(&spec, &fetcher, &UpdateDefaults::default(), now())
        .unwrap();
    store
        .update(
            &spec,
            &fetcher,
            &UpdateDefaults::default(),
            now() + chrono::Duration::minutes(1),
        )
        .unwrap();
    // Someone (or something) removed the version in use.
    std::fs::remove_dir_all(store.current_dir("test-sdn").unwrap()).unwrap();
    let backend = hubscreen::tui::store_backend::StoreBackend::open(
        &dir.path().join("hubscreen.db"),
        &dir.path().join("data"),
        hubscreen::config::Config::default(),
        hubscreen::tui::data::fixed_clock(now()),
    )
    .unwrap();
    let mut app = app_on(&backend, "alice");
    let text = draw(&mut app, 120, 40).backend().to_string();
    assert!(
        text.contains("! installed list test-sdn:"),
        "overview: {text}"
    );
    assert!(
        text.contains("OFAC SDN"),
        "the list is still in use: {text}"
    );
    show(&mut app, &backend, View::Lists);
    let text = draw(&mut app, 120, 40).backend().to_string();
    assert!(
        text.contains("! installed list test-sdn:") && text.contains("CURRENT names v-"),
        "lists view: {text}"
    );
}

/// The rules view after one examination: the referred red bill's rules show an examination
/// that found something, the others their hits only; the rule under the cursor is shown in
/// words below the table.
#[test]
fn rules_with_hits_and_an_examination() {
    use hubscreen::tui::data::{Decision, DecisionAction};
    let b = sample_backend();
    let backend = b.as_ref();
    let snapshot = backend.snapshot().unwrap();
    let item = snapshot
        .queue
        .iter()
        .find(|q| q.bill == "GSPL26110082")
        .expect("the RUNVS bill is queued");
    let claimed = backend.claim(item.id, item.version, "alice").unwrap();
    let decide = |version, action, reason: &str| {
        let decision = Decision {
            action,
            reason: reason.into(),
            note: None,
        };
        backend
            .decide(item.id, version, "alice", &decision)
            .unwrap()
    };
    let referred = decide(claimed.version, DecisionAction::Refer, "DENIED-PARTY");
    decide(referred.version, DecisionAction::ExamFound, "PHYSICAL-EXAM");
    let mut app = app_on(backend, "alice");
    show(&mut app, backend, View::Rules);
    let rows = &app.rules.rules;
    let destination = rows
        .iter()
        .find(|r| r.rule == "high-risk-destination")
        .unwrap();
    assert_eq!(
        (destination.exams, destination.found),
        (1, 1),
        "{destination:?}"
    );
    assert!(destination.hits >= 2, "{destination:?}");
    assert!(
        rows.iter().any(|r| r.hits == 0),
        "rules that never fired are listed"
    );
    snap(&mut app, "rules");
}
