//! Shared by the dashboard tests: the SQLite-backed dashboard backend on a temporary store
//! holding the bundled samples (screened at a fixed time), an app driven synchronously
//! (effects executed against the backend at once), and a hostile manifest.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use hubscreen::config::Config;
use hubscreen::ingest::{Ingested, ManifestFormat};
use hubscreen::model::{Conveyance, GoodsLine, Manifest, Party, PartyRole, Routing, Shipment};
use hubscreen::tui::action::{Action, Effect};
use hubscreen::tui::app::App;
use hubscreen::tui::data::{DashboardBackend, fixed_clock};
use hubscreen::tui::event_loop::execute;
use hubscreen::tui::keymap::Keymap;
use hubscreen::tui::store_backend::StoreBackend;
use hubscreen::tui::theme::Theme;
use hubscreen::tui::views;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The fixed "now" of every dashboard test.
pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 27, 9, 30, 0).unwrap()
}

/// A store file in a temporary folder (removed when dropped) and a backend over it.
pub struct Fixture {
    pub backend: Arc<StoreBackend>,
    pub dir: tempfile::TempDir,
}

impl Fixture {
    pub fn as_ref(&self) -> &StoreBackend {
        &self.backend
    }

    pub fn store_path(&self) -> PathBuf {
        self.dir.path().join("hubscreen.db")
    }

    /// A second backend (its own SQLite connection) on the same store file: another officer.
    pub fn another(&self) -> StoreBackend {
        open(self.dir.path())
    }
}

impl std::ops::Deref for Fixture {
    type Target = StoreBackend;
    fn deref(&self) -> &StoreBackend {
        &self.backend
    }
}

fn open(dir: &Path) -> StoreBackend {
    StoreBackend::open(
        &dir.join("hubscreen.db"),
        &dir.join("data"),
        Config::default(),
        fixed_clock(now()),
    )
    .unwrap()
}

/// The bundled sample lists and manifests (a first start), plus the hostile manifest, stored
/// and screened at [`now`].
pub fn sample_backend() -> Fixture {
    let f = empty_backend();
    assert_eq!(f.seed_samples("system").unwrap(), 2);
    f.record(&hostile_ingested(), "system", &|_| {}).unwrap();
    f
}

/// [`sample_backend`], with the small HS 2022 and Annex I tables of
/// `tests/fixtures/reference` installed, so that goods lines show their heading text.
pub fn sample_backend_with_reference() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reference");
    for file in ["hs_sample.csv", "annex_sample.txt"] {
        hubscreen::lists::reference::install(&dir.path().join("data"), &fixtures.join(file))
            .unwrap();
    }
    let f = Fixture {
        backend: Arc::new(open(dir.path())),
        dir,
    };
    assert_eq!(f.seed_samples("system").unwrap(), 2);
    f
}

/// A store whose data directory holds an Annex I table that cannot be read.
pub fn backend_with_broken_reference() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let reference = dir.path().join("data/reference");
    std::fs::create_dir_all(&reference).unwrap();
    std::fs::write(reference.join("annex-i.txt"), "not the list\n").unwrap();
    Fixture {
        backend: Arc::new(open(dir.path())),
        dir,
    }
}

/// A store with the bundled lists and nothing screened.
pub fn empty_backend() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    Fixture {
        backend: Arc::new(open(dir.path())),
        dir,
    }
}

/// [`hostile_manifest`] as if read from `hostile.json`.
pub fn hostile_ingested() -> Ingested {
    let manifest = hostile_manifest();
    Ingested {
        file: "hostile.json".into(),
        format: ManifestFormat::Json,
        sha256: "hostile".into(),
        manifest,
        problems: Vec::new(),
    }
}

/// A bill whose consignee, vessel and goods carry terminal escapes: a retitle (OSC 0) and a
/// clear screen (CSI 2J).
pub fn hostile_manifest() -> Manifest {
    Shipment {
        bill_of_lading: "HOSTILE0001".into(),
        parties: vec![
            Party {
                role: PartyRole::Shipper,
                name: "EVIL\x1b]0;pwned\x07 EXPORTS".into(),
                address: vec![],
                country: Some("CN".into()),
            },
            Party {
                role: PartyRole::Consignee,
                name: "ACME\x1b[2J TRADING\x1b]0;pwned\x07".into(),
                address: vec![],
                country: Some("IR".into()),
            },
        ],
        goods: vec![GoodsLine {
            description: "SPARE PARTS\x1b[2J\x1b]0;pwned\x07".into(),
            ..Default::default()
        }],
        routing: Routing {
            port_of_loading: Some("CNSHA".into()),
            port_of_discharge: Some("IRBND\x1b[2J".into()),
            ..Default::default()
        },
        conveyance: Some(Conveyance {
            vessel_name: Some("DARK\x1b]0;pwned\x07 STAR".into()),
            voyage: Some("V1".into()),
            ..Default::default()
        }),
        ..Default::default()
    }
    .into_manifest()
}

trait IntoManifest {
    fn into_manifest(self) -> Manifest;
}

impl IntoManifest for Shipment {
    fn into_manifest(self) -> Manifest {
        Manifest {
            reference: Some("HOSTILE".into()),
            conveyance: None,
            shipments: vec![self],
        }
    }
}

/// An app for `user` with the snapshot and audit of `backend` loaded.
pub fn app_on(backend: &dyn DashboardBackend, user: &str) -> App {
    let mut app = App::new(user, now(), Keymap::default(), Theme::dark());
    let effects = app.start();
    run(&mut app, backend, effects);
    app
}

/// Executes effects against the backend until none remain, as the event loop would.
pub fn run(app: &mut App, backend: &dyn DashboardBackend, mut effects: Vec<Effect>) {
    let user = app.user.clone();
    let mut rounds = 0;
    while !effects.is_empty() {
        rounds += 1;
        assert!(rounds < 20, "effects keep coming: {effects:?}");
        let mut next = Vec::new();
        for e in effects {
            let mut progress = Vec::new();
            let action = {
                let sink = std::cell::RefCell::new(&mut progress);
                execute(e, backend, &user, &|p| sink.borrow_mut().push(p))
            };
            for p in progress {
                next.extend(app.update(Action::Progress(p)));
            }
            if let Some(a) = action {
                next.extend(app.update(a));
            }
        }
        effects = next;
    }
}

/// Presses keys (`"/lane:red\n"` style is not parsed: one KeyEvent each).
pub fn press(app: &mut App, backend: &dyn DashboardBackend, keys: &[KeyEvent]) {
    for k in keys {
        let effects = app.handle_key(*k);
        run(app, backend, effects);
    }
}

/// Moves the shipments table's cursor down to the highest-scoring shipment with a name hit
/// (OFAC or the hub watchlist): a goods-only shipment may score higher.
pub fn select_top_with_name_hit(app: &mut App, backend: &dyn DashboardBackend) {
    for _ in 0..10 {
        let top = app.selected_shipment().expect("a shipment");
        if top
            .hit_lists
            .iter()
            .any(|l| l.contains("OFAC") || l.contains("HUB WATCHLIST"))
        {
            return;
        }
        press(app, backend, &[key('j')]);
    }
    panic!("no shipment with a name hit among the first ten");
}

pub fn key(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

pub fn code(c: KeyCode) -> KeyEvent {
    KeyEvent::new(c, KeyModifiers::NONE)
}

/// Keys for typing `text`.
pub fn typed(text: &str) -> Vec<KeyEvent> {
    text.chars().map(key).collect()
}

/// Draws the app at a size.
pub fn draw(app: &mut App, width: u16, height: u16) -> Terminal<TestBackend> {
    app.update(Action::Resize { width, height });
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| views::render(f, app)).unwrap();
    terminal
}

/// The drawn screen as text, one line per row.
pub fn screen_text(terminal: &Terminal<TestBackend>) -> String {
    terminal.backend().to_string()
}

/// Fails when any cell holds a control character: nothing a manifest says may reach the
/// terminal as a control byte (atuin's `^@` test, for every view).
pub fn assert_no_control_bytes(terminal: &Terminal<TestBackend>, what: &str) {
    for (i, cell) in terminal.backend().buffer().content().iter().enumerate() {
        assert!(
            !cell.symbol().chars().any(|c| c.is_control()),
            "{what}: control byte leaked into cell {i}: {:?}",
            cell.symbol()
        );
    }
}
