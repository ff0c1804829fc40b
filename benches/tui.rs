//! Dashboard benchmarks: drawing one frame of the shipments view over 100,000 rows at 120x40
//! (only the visible window is built), and filtering those rows, from scratch and one keystroke
//! at a time.

use std::sync::Arc;

use chrono::{TimeZone, Utc};
use hubscreen::tui::action::Action;
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
