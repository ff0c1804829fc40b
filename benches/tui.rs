//! Dashboard benchmarks: drawing one frame of the shipments view over 100,000 rows (only the
//! visible window is built), and filtering those rows: from scratch, one keystroke at a time on
//! the UI thread, and one keystroke at a time as the background job the event loop runs.

use std::sync::Arc;

use chrono::{TimeZone, Utc};
use hubscreen::tui::action::{Action, Effect};
use hubscreen::tui::app::{App, View};
use hubscreen::tui::data::{DashboardSnapshot, synthetic_shipments};
use hubscreen::tui::keymap::{Command, Keymap};
use hubscreen::tui::theme::Theme;
use hubscreen::tui::views;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn main() {
    divan::main();
}

fn app_with(rows: usize) -> App {
    let now = Utc.with_ymd_and_hms(2026, 11, 27, 9, 30, 0).unwrap();
    let mut app = App::new("bench", now, Keymap::default(), Theme::dark());
    app.update(Action::SnapshotLoaded(Box::new(DashboardSnapshot {
        shipments: Arc::new(synthetic_shipments(rows, now)),
        ..Default::default()
    })));
    app.update(Action::Command(Command::ShowView(View::Shipments)));
    app.update(Action::Resize {
        width: 120,
        height: 40,
    });
    app
}

#[divan::bench(args = [(80, 24), (120, 40), (250, 70)])]
fn render_shipments_100k(bencher: divan::Bencher, size: (u16, u16)) {
    let mut app = app_with(100_000);
    app.update(Action::Resize {
        width: size.0,
        height: size.1,
    });
    app.update(Action::Command(Command::PageDown));
    let mut terminal = Terminal::new(TestBackend::new(size.0, size.1)).unwrap();
    bencher.bench_local(|| {
        terminal.draw(|f| views::render(f, &app)).unwrap();
    });
}

#[divan::bench(args = ["lane:red", "mabrooka", "hs:8542 pod:ir", "mbrka trdng"])]
fn filter_100k_from_scratch(bencher: divan::Bencher, query: &str) {
    let mut app = app_with(100_000);
    bencher.bench_local(|| {
        app.shipments.filter = query.to_string();
        app.refilter_shipments();
        app.shipments.filter.clear();
        app.refilter_shipments();
    });
}

/// Typing `mabrooka` one key at a time: each key filters only what the previous one kept.
#[divan::bench]
fn filter_100k_typing(bencher: divan::Bencher) {
    let mut app = app_with(100_000);
    bencher.bench_local(|| {
        app.shipments.filter.clear();
        app.refilter_shipments();
        for c in "mabrooka".chars() {
            app.shipments.filter.push(c);
            app.refilter_shipments();
        }
    });
}

/// Typing `mabrooka` as the dashboard does it: each key returns a background filter job, the
/// event loop runs it off the UI thread and hands back the rows. What the UI thread itself
/// spends per key is the `handle_key` part; the job's time is when the rows follow.
#[divan::bench]
fn filter_100k_typing_background(bencher: divan::Bencher) {
    let mut app = app_with(100_000);
    bencher.bench_local(|| {
        app.update(Action::Command(Command::Filter));
        for c in "mabrooka".chars() {
            let effects = app.handle_key(crossterm::event::KeyEvent::new(
                crossterm::event::KeyCode::Char(c),
                crossterm::event::KeyModifiers::NONE,
            ));
            for e in effects {
                if let Effect::Filter(job) = e
                    && let Some(visible) = job.run()
                {
                    app.update(Action::Filtered {
                        generation: job.generation,
                        query: job.text.clone(),
                        visible,
                    });
                }
            }
        }
        app.handle_key(crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::Esc,
            crossterm::event::KeyModifiers::NONE,
        ));
    });
}

/// The UI thread's share of one keystroke in the filter prompt: echo the key and hand out the
/// job (the rows are matched elsewhere).
#[divan::bench]
fn filter_keystroke_on_ui_thread(bencher: divan::Bencher) {
    let mut app = app_with(100_000);
    app.update(Action::Command(Command::Filter));
    bencher.bench_local(|| {
        let key = |c| crossterm::event::KeyEvent::new(c, crossterm::event::KeyModifiers::NONE);
        let _ = app.handle_key(key(crossterm::event::KeyCode::Char('m')));
        let _ = app.handle_key(key(crossterm::event::KeyCode::Backspace));
    });
}
