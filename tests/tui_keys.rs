//! The dashboard driven by keys on the app state, no terminal, over the SQLite store on a
//! temporary file: filtering, claiming, deciding, bulk actions, conflicts between two officers
//! (two backends on one store file), the audit chain, ingest and list updates from the
//! palette, the inbox, and a 100,000-row table.

mod tui_support;

use std::path::Path;
use std::sync::Arc;

use crossterm::event::KeyCode;
use hubscreen::model::Lane;
use hubscreen::tui::action::{Action, Effect};
use hubscreen::tui::app::{App, Level, Mode, View};
use hubscreen::tui::data::{
    AuditVerification, DashboardBackend, DashboardSnapshot, QueueState, synthetic_shipments,
};
use hubscreen::tui::keymap::{Command, Keymap};
use hubscreen::tui::theme::Theme;
use tui_support::*;

fn to_queue(app: &mut App, b: &dyn DashboardBackend) {
    press(app, b, &[key('4')]);
    assert_eq!(app.view, View::Queue);
}

#[test]
fn filter_by_lane_then_fuzzy_name_and_escape_clears() {
    let b = sample_backend();
    let mut app = app_on(b.as_ref(), "alice");
    press(&mut app, b.as_ref(), &[key('2'), key('/')]);
    assert_eq!(app.mode, Mode::Filter);
    press(&mut app, b.as_ref(), &typed("lane:red"));
    let red = app.shipments.visible.len();
    assert!(red > 0);
    assert!(
        app.shipments
            .visible
            .iter()
            .all(|&i| app.shipments.rows[i as usize].lane == Lane::Red)
    );
    press(&mut app, b.as_ref(), &typed(" mbruka"));
    assert_eq!(app.shipments.visible.len(), 1, "one red MABRUKA bill");
    assert_eq!(app.selected_shipment().unwrap().bill, "GSPL26110010");
    press(&mut app, b.as_ref(), &[code(KeyCode::Enter)]);
    assert_eq!(app.mode, Mode::Normal);
    press(&mut app, b.as_ref(), &[key('/'), code(KeyCode::Esc)]);
    assert_eq!(app.shipments.visible.len(), app.shipments.rows.len());
}

#[test]
fn field_terms_pod_hs_and_list() {
    let b = sample_backend();
    let mut app = app_on(b.as_ref(), "alice");
    press(&mut app, b.as_ref(), &[key('2'), key('/')]);
    press(&mut app, b.as_ref(), &typed("hs:8457"));
    let rows = |app: &App| -> Vec<String> {
        app.shipments
            .visible
            .iter()
            .map(|&i| app.shipments.rows[i as usize].bill.clone())
            .collect()
    };
    assert!(rows(&app).contains(&"GSPL26110067".to_string()));
    press(&mut app, b.as_ref(), &[code(KeyCode::Esc), key('/')]);
    press(&mut app, b.as_ref(), &typed("list:ofac"));
    assert!(!rows(&app).is_empty());
    assert!(app.shipments.visible.iter().all(|&i| {
        app.shipments.rows[i as usize]
            .hit_lists
            .contains(&"OFAC SDN".to_string())
    }));
    press(&mut app, b.as_ref(), &[code(KeyCode::Esc), key('/')]);
    press(&mut app, b.as_ref(), &typed("pod:nosuch"));
    assert!(rows(&app).is_empty());
    press(&mut app, b.as_ref(), &[code(KeyCode::Esc), key('/')]);
    press(&mut app, b.as_ref(), &typed("colour:red"));
    assert!(rows(&app).is_empty(), "an unknown field matches nothing");
}

#[test]
fn claim_refer_with_reason_and_note_after_confirmation() {
    let b = sample_backend();
    let mut app = app_on(b.as_ref(), "alice");
    to_queue(&mut app, b.as_ref());
    let first = app.selected_queue_item().unwrap().clone();
    assert_eq!(first.state, QueueState::New);
    press(&mut app, b.as_ref(), &[key('c')]);
    let claimed = app.selected_queue_item().unwrap().clone();
    assert_eq!(claimed.state, QueueState::InReview);
    assert_eq!(claimed.assignee.as_deref(), Some("alice"));

    press(&mut app, b.as_ref(), &[key('r')]);
    assert!(matches!(app.mode, Mode::Decide(_)));
    press(
        &mut app,
        b.as_ref(),
        &[code(KeyCode::Down), code(KeyCode::Tab)],
    );
    press(&mut app, b.as_ref(), &typed("listed consignee"));
    let effects = app.handle_key(code(KeyCode::Enter));
    assert!(effects.is_empty(), "nothing is sent before confirmation");
    assert!(matches!(&app.mode, Mode::Confirm(c) if c.question.contains("CONTROLLED-GOODS")));
    press(&mut app, b.as_ref(), &[key('y')]);
    let item = app
        .queue
        .items
        .iter()
        .find(|q| q.id == first.id)
        .unwrap()
        .clone();
    assert_eq!(item.state, QueueState::Referred);
    assert_eq!(item.reason.as_deref(), Some("CONTROLLED-GOODS"));
    assert_eq!(item.note.as_deref(), Some("listed consignee"));
    let audit = b.audit().unwrap();
    let last = audit.last().unwrap();
    assert_eq!(
        (last.user.as_str(), last.action.as_str()),
        ("alice", "queue.decide")
    );
    assert!(
        last.detail().contains("state=referred"),
        "{}",
        last.detail()
    );
    assert!(
        last.detail().contains("listed consignee"),
        "{}",
        last.detail()
    );
    assert_eq!(last.subject, item.bill);
}

#[test]
fn declining_the_confirmation_changes_nothing() {
    let b = sample_backend();
    let mut app = app_on(b.as_ref(), "alice");
    to_queue(&mut app, b.as_ref());
    press(
        &mut app,
        b.as_ref(),
        &[key('c'), key('x'), code(KeyCode::Enter), key('n')],
    );
    assert_eq!(
        app.selected_queue_item().unwrap().state,
        QueueState::InReview
    );
    assert!(app.status.as_ref().unwrap().text.contains("cancelled"));
}

#[test]
fn deciding_an_unclaimed_item_claims_it_as_the_store_does() {
    let b = sample_backend();
    let mut app = app_on(b.as_ref(), "alice");
    to_queue(&mut app, b.as_ref());
    press(
        &mut app,
        b.as_ref(),
        &[key('o'), code(KeyCode::Enter), key('y')],
    );
    let item = app.selected_queue_item().unwrap().clone();
    assert_eq!(item.state, QueueState::Held);
    assert_eq!(item.assignee.as_deref(), Some("alice"));
    assert_eq!(item.reason.as_deref(), Some("EXAM-REQUIRED"));
}

#[test]
fn the_reason_picker_offers_the_configured_codes() {
    let b = sample_backend();
    let mut app = app_on(b.as_ref(), "alice");
    to_queue(&mut app, b.as_ref());
    press(&mut app, b.as_ref(), &[key('x')]);
    let Mode::Decide(form) = &app.mode else {
        panic!("the decision form is open");
    };
    assert_eq!(
        form.reasons,
        hubscreen::config::Config::default()
            .workflow
            .reason_codes
            .clear
    );
}

#[test]
fn two_officers_on_one_item_get_a_conflict_message() {
    // Two backends, each with its own connection to one store file: two officers' dashboards.
    let b = sample_backend();
    let other = b.another();
    let mut alice = app_on(b.as_ref(), "alice");
    let mut bob = app_on(&other, "bob");
    to_queue(&mut alice, b.as_ref());
    to_queue(&mut bob, &other);
    let seen = bob.selected_queue_item().unwrap().version;
    press(&mut alice, b.as_ref(), &[key('c')]);
    // Bob's copy is stale: his claim names the version before Alice's claim.
    let effects = bob.handle_key(key('c'));
    assert!(matches!(&effects[..], [Effect::Claim(items)] if items[0].1 == seen));
    run(&mut bob, &other, effects);
    let status = bob.status.clone().unwrap();
    assert_eq!(status.level, Level::Error);
    assert!(status.text.starts_with("conflict:"), "{}", status.text);
    assert!(status.text.contains("changed by alice"), "{}", status.text);
    // After the reload Bob sees Alice's claim, and claiming again names her.
    assert_eq!(
        bob.selected_queue_item().unwrap().assignee.as_deref(),
        Some("alice")
    );
    press(&mut bob, &other, &[key('c')]);
    assert!(
        bob.status
            .clone()
            .unwrap()
            .text
            .contains("claimed by alice")
    );
}

#[test]
fn another_officers_change_is_picked_up_by_the_poll() {
    let b = sample_backend();
    let other = b.another();
    let mut alice = app_on(b.as_ref(), "alice");
    let mut bob = app_on(&other, "bob");
    to_queue(&mut alice, b.as_ref());
    press(&mut alice, b.as_ref(), &[key('c')]);
    run(&mut bob, &other, vec![Effect::PollChanges]);
    assert_eq!(
        bob.queue_item_of(alice.selected_queue_item().unwrap().shipment)
            .unwrap()
            .state,
        QueueState::InReview
    );
}

#[test]
fn bulk_claim_and_clear_of_marked_rows() {
    let b = sample_backend();
    let mut app = app_on(b.as_ref(), "alice");
    to_queue(&mut app, b.as_ref());
    press(&mut app, b.as_ref(), &[key(' '), key(' '), key(' ')]);
    assert_eq!(app.queue.marked.len(), 3);
    let marked = app.queue.marked.clone();
    press(&mut app, b.as_ref(), &[key('c')]);
    press(&mut app, b.as_ref(), &[key('x'), code(KeyCode::Enter)]);
    assert!(matches!(&app.mode, Mode::Confirm(c) if c.question.contains("Clear")));
    press(&mut app, b.as_ref(), &[key('y')]);
    for q in app.queue.items.iter().filter(|q| marked.contains(&q.id)) {
        assert_eq!(q.state, QueueState::Cleared, "{}", q.bill);
    }
    assert!(app.queue.marked.is_empty());
}

#[test]
fn claim_and_decide_from_the_detail_view() {
    let b = sample_backend();
    let mut app = app_on(b.as_ref(), "alice");
    press(&mut app, b.as_ref(), &[key('2')]);
    select_top_with_name_hit(&mut app, b.as_ref());
    press(&mut app, b.as_ref(), &[code(KeyCode::Enter)]);
    assert_eq!(app.view, View::Detail);
    press(
        &mut app,
        b.as_ref(),
        &[key('c'), key('f'), code(KeyCode::Enter), key('y')],
    );
    let d = app.detail.as_ref().unwrap();
    assert_eq!(
        d.queue_item.as_ref().unwrap().state,
        QueueState::FalsePositive
    );
    assert!(
        d.history
            .iter()
            .any(|e| e.action == "queue.decide" && e.detail().contains("state=false_positive")),
        "{:?}",
        d.history
    );
    press(&mut app, b.as_ref(), &[code(KeyCode::Esc)]);
    assert_eq!(app.view, View::Shipments);
}

#[test]
fn audit_verification_finds_tampering() {
    let b = sample_backend();
    let mut app = app_on(b.as_ref(), "alice");
    press(&mut app, b.as_ref(), &[key('6'), key('v')]);
    assert!(matches!(
        app.audit.verification,
        Some(AuditVerification::Intact { .. })
    ));
    // The log refuses updates by trigger; whoever tampers drops that guard first.
    let raw = rusqlite::Connection::open(b.store_path()).unwrap();
    raw.execute_batch(
        "DROP TRIGGER audit_log_no_update;
         UPDATE audit_log SET user = 'mallory' WHERE seq = 2;",
    )
    .unwrap();
    drop(raw);
    press(&mut app, b.as_ref(), &[key('v')]);
    assert!(matches!(
        app.audit.verification,
        Some(AuditVerification::Broken { seq: 2, .. })
    ));
    assert!(app.status.clone().unwrap().text.contains("BROKEN"));
}

#[test]
fn palette_ingests_a_file_and_reports_progress() {
    let b = sample_backend();
    let mut app = app_on(b.as_ref(), "alice");
    let before = app.shipments.rows.len();
    let path = b.dir.path().join("renamed.json");
    std::fs::write(&path, renamed_manifest_json("PAL")).unwrap();
    let effects = {
        press(&mut app, b.as_ref(), &[key(':')]);
        press(
            &mut app,
            b.as_ref(),
            &typed(&format!("ingest {}", path.display())),
        );
        app.handle_key(code(KeyCode::Enter))
    };
    assert!(matches!(&effects[..], [Effect::Ingest(_)]));
    assert!(app.progress.is_some(), "the gauge shows while it runs");
    run(&mut app, b.as_ref(), effects);
    assert_eq!(app.shipments.rows.len(), before + 5);
    assert!(app.progress.is_none(), "gauge gone when done");
    assert!(
        app.status.clone().unwrap().text.contains("5 shipments"),
        "{:?}",
        app.status
    );
    // The bundled sample again, from disk: the same bytes are stored once.
    let sample = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/sample-manifests/small_manifest.json"
    );
    press(&mut app, b.as_ref(), &[key(':')]);
    press(&mut app, b.as_ref(), &typed(&format!("ingest {sample}")));
    press(&mut app, b.as_ref(), &[code(KeyCode::Enter)]);
    assert!(
        app.status.clone().unwrap().text.contains("already stored"),
        "{:?}",
        app.status
    );
    assert_eq!(app.shipments.rows.len(), before + 5);
    press(&mut app, b.as_ref(), &[key(':')]);
    press(&mut app, b.as_ref(), &typed("ingest /no/such/file.csv"));
    press(&mut app, b.as_ref(), &[code(KeyCode::Enter)]);
    assert_eq!(app.status.clone().unwrap().level, Level::Error);
    press(
        &mut app,
        b.as_ref(),
        &[key(':'), key('q'), code(KeyCode::Enter)],
    );
    assert!(app.quit);
}

/// The bundled JSON sample with every bill number prefixed: new bills to the store.
fn renamed_manifest_json(prefix: &str) -> String {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/sample-manifests/small_manifest.json"
    ))
    .unwrap();
    let mut manifest: hubscreen::model::Manifest = serde_json::from_str(&text).unwrap();
    for s in &mut manifest.shipments {
        s.bill_of_lading = format!("{prefix}{}", s.bill_of_lading);
    }
    serde_json::to_string(&manifest).unwrap()
}

#[test]
fn palette_updates_the_lists_from_a_folder_and_rescreens() {
    let b = sample_backend();
    let mut app = app_on(b.as_ref(), "alice");
    let usb = b.dir.path().join("usb");
    std::fs::create_dir_all(&usb).unwrap();
    for f in ["sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv"] {
        std::fs::copy(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("watchlists/ofac")
                .join(f),
            usb.join(f),
        )
        .unwrap();
    }
    press(&mut app, b.as_ref(), &[key(':')]);
    press(
        &mut app,
        b.as_ref(),
        &typed(&format!("lists update {}", usb.display())),
    );
    let effects = app.handle_key(code(KeyCode::Enter));
    assert!(matches!(&effects[..], [Effect::UpdateLists(Some(_))]));
    let progress = std::cell::RefCell::new(Vec::new());
    for e in effects {
        let action = hubscreen::tui::event_loop::execute(e, b.as_ref(), "alice", &|p| {
            progress.borrow_mut().push(p)
        });
        let next = app_update(&mut app, action);
        run(&mut app, b.as_ref(), next);
    }
    let progress = progress.into_inner();
    assert!(progress.len() >= 3, "progress reported: {progress:?}");
    assert!(progress.windows(2).all(|w| w[0].ratio <= w[1].ratio));
    let status = app.status.clone().unwrap();
    assert!(
        status.text.contains("1 installed, 0 failed"),
        "{}",
        status.text
    );
    assert!(status.text.contains("re-screened"), "{}", status.text);
    assert!(app.progress.is_none());
    assert!(
        app.snapshot
            .lists
            .iter()
            .any(|l| l.source.as_deref() == Some("ofac-sdn")),
        "the lists view shows the installed source"
    );
    // An empty folder installs nothing and says so.
    let empty = b.dir.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    press(&mut app, b.as_ref(), &[key(':')]);
    press(
        &mut app,
        b.as_ref(),
        &typed(&format!("lists update {}", empty.display())),
    );
    press(&mut app, b.as_ref(), &[code(KeyCode::Enter)]);
    let status = app.status.clone().unwrap();
    assert_eq!(status.level, Level::Error, "{}", status.text);
    assert!(
        status.text.contains("no list to install was recognised"),
        "{}",
        status.text
    );
}

fn app_update(app: &mut App, action: Option<Action>) -> Vec<Effect> {
    action.map(|a| app.update(a)).unwrap_or_default()
}

#[test]
fn a_manifest_dropped_in_the_inbox_reaches_the_store_without_a_key() {
    let b = sample_backend();
    let mut app = app_on(b.as_ref(), "alice");
    let before = app.shipments.rows.len();
    let inbox = b.dir.path().join("inbox");
    let (tx, rx) = std::sync::mpsc::channel();
    let _watcher = hubscreen::intake::watch::watch(&inbox, move |p| {
        let _ = tx.send(p);
    })
    .unwrap();
    // Written under a partial name, then renamed, as a careful copier does.
    let part = inbox.join("drop.json.part");
    std::fs::write(&part, renamed_manifest_json("INB")).unwrap();
    std::fs::rename(&part, inbox.join("drop.json")).unwrap();
    let arrived = rx
        .recv_timeout(std::time::Duration::from_secs(20))
        .expect("the watcher reports the dropped file");
    assert_eq!(arrived.file_name().unwrap(), "drop.json");
    // What the event loop does with the watcher's report: an action, no key pressed.
    let effects = app.update(Action::InboxArrived(arrived));
    assert!(matches!(&effects[..], [Effect::Ingest(_)]));
    run(&mut app, b.as_ref(), effects);
    assert_eq!(app.shipments.rows.len(), before + 5);
    let other = b.another();
    let stored = other.snapshot().unwrap();
    assert!(stored.shipments.iter().any(|s| s.bill.starts_with("INB")));
}

#[test]
fn navigation_keys_move_and_clamp() {
    let b = sample_backend();
    let mut app = app_on(b.as_ref(), "alice");
    app.update(Action::Resize {
        width: 80,
        height: 24,
    });
    press(&mut app, b.as_ref(), &[key('2'), key('G')]);
    assert_eq!(
        app.shipments.table.selected,
        app.shipments.visible.len() - 1
    );
    press(
        &mut app,
        b.as_ref(),
        &[key('g'), key('j'), key('j'), key('k')],
    );
    assert_eq!(app.shipments.table.selected, 1);
    press(&mut app, b.as_ref(), &[code(KeyCode::PageDown)]);
    assert_eq!(app.shipments.table.selected, 1 + app.page_rows());
    // A click on the fourth data row selects it.
    app.update(Action::Click { column: 5, row: 6 });
    assert_eq!(app.shipments.table.selected, app.shipments.table.offset + 3);
    app.update(Action::Click { column: 20, row: 0 });
    assert_eq!(app.view, View::Shipments, "tab 2 clicked");
    app.update(Action::Click { column: 2, row: 0 });
    assert_eq!(app.view, View::Overview);
}

#[test]
fn rebound_keys_drive_input_and_the_help_overlay() {
    let b = sample_backend();
    let keymap = Keymap::default()
        .with_overrides("[keys]\nclaim = [\"C\"]\n")
        .unwrap();
    let mut app = App::new("alice", now(), keymap, Theme::dark());
    let effects = app.start();
    run(&mut app, b.as_ref(), effects);
    to_queue(&mut app, b.as_ref());
    assert!(app.handle_key(key('c')).is_empty(), "c no longer claims");
    press(&mut app, b.as_ref(), &[key('C')]);
    assert_eq!(
        app.selected_queue_item().unwrap().state,
        QueueState::InReview
    );
    press(&mut app, b.as_ref(), &[key('?')]);
    let text = screen_text(&draw(&mut app, 120, 40));
    assert!(
        text.lines()
            .any(|l| l.contains("│C ") && l.contains("claim")),
        "{text}"
    );
    app.update(Action::Input(hubscreen::tui::action::InputEdit::Cancel));
    let text = screen_text(&draw(&mut app, 120, 40));
    let hint_bar = text.lines().last().unwrap();
    assert!(hint_bar.contains(" C claim"), "{hint_bar}");
}

#[test]
fn a_hundred_thousand_rows_filter_incrementally_and_match_a_full_pass() {
    let mut app = App::new("alice", now(), Keymap::default(), Theme::dark());
    let rows = synthetic_shipments(100_000, now());
    app.update(Action::SnapshotLoaded(Box::new(DashboardSnapshot {
        shipments: Arc::new(rows),
        ..Default::default()
    })));
    app.update(Action::Command(Command::ShowView(View::Shipments)));
    app.update(Action::Command(Command::Filter));
    let store = empty_backend();
    // Each key asks for a background filter; the loop runs it and hands back the rows.
    for c in "lane:red mabrooka".chars() {
        let effects = app.handle_key(key(c));
        assert!(matches!(&effects[..], [Effect::Filter(_)]), "{effects:?}");
        run(&mut app, store.as_ref(), effects);
    }
    let incremental = app.shipments.visible.clone();
    assert!(!incremental.is_empty());
    // The same text applied in one go gives the same rows.
    let mut fresh = App::new("alice", now(), Keymap::default(), Theme::dark());
    fresh.update(Action::SnapshotLoaded(Box::new(DashboardSnapshot {
        shipments: Arc::clone(&app.shipments.rows),
        ..Default::default()
    })));
    fresh.shipments.filter = "lane:red mabrooka".into();
    fresh.refilter_shipments();
    let mut a = incremental.clone();
    let mut b = fresh.shipments.visible.clone();
    a.sort();
    b.sort();
    assert_eq!(a, b);
    for _ in 0.."mabrooka".len() + 1 {
        let effects = app.handle_key(code(KeyCode::Backspace));
        run(&mut app, store.as_ref(), effects);
    }
    assert!(app.shipments.visible.len() > incremental.len());
}

#[test]
fn while_typing_only_the_latest_filter_is_applied() {
    let mut app = App::new("alice", now(), Keymap::default(), Theme::dark());
    app.update(Action::SnapshotLoaded(Box::new(DashboardSnapshot {
        shipments: Arc::new(synthetic_shipments(20_000, now())),
        ..Default::default()
    })));
    app.update(Action::Command(Command::ShowView(View::Shipments)));
    app.update(Action::Command(Command::Filter));
    let all = app.shipments.visible.len();
    let job = |effects: Vec<Effect>| match effects.as_slice() {
        [Effect::Filter(job)] => job.clone(),
        other => panic!("expected one filter job, got {other:?}"),
    };
    let first = job(app.handle_key(key('m')));
    let second = job(app.handle_key(key('x')));
    assert_eq!(
        app.filter_text(View::Shipments),
        "mx",
        "the prompt echoes at once"
    );
    assert_eq!(app.shipments.visible.len(), all, "rows wait for the filter");
    assert_eq!(first.run(), None, "a newer filter makes the older one stop");
    let rows = second.run().expect("the latest filter runs");
    // An older answer arriving late is dropped; the latest one is applied.
    app.update(Action::Filtered {
        generation: first.generation,
        query: first.text.clone(),
        visible: vec![0],
    });
    assert_eq!(app.shipments.visible.len(), all);
    app.update(Action::Filtered {
        generation: second.generation,
        query: second.text.clone(),
        visible: rows.clone(),
    });
    assert_eq!(app.shipments.visible, rows);
    // Enter keeps what is shown, and Esc clears the filter at once.
    app.handle_key(code(KeyCode::Enter));
    assert_eq!(app.shipments.visible, rows);
    app.update(Action::Command(Command::Filter));
    app.handle_key(code(KeyCode::Esc));
    assert_eq!(app.shipments.visible.len(), all);
}
