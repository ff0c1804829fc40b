//! Training exercises (issue 20), against the bundled sample lists and goods:
//!
//! - generating a 300-bill hard exercise and rendering its bundle's files, in each manifest
//!   format (target: under 1 s);
//! - scoring a class of 30 trainees, each with 20 decisions in their own store, and
//!   writing the Markdown debrief, as `hubscreen exercise score` does (target: under 1 s);
//! - reading the same 30 stores into the trainer view's progress rows, as
//!   `hubscreen exercise watch` does at every refresh (every 2 s).
//!
//! Everything the timed parts read (lists, the bundle, the 30 trainee stores) is made before
//! timing. Run: `cargo bench --bench exercise`.

use std::path::PathBuf;
use std::sync::LazyLock;

use chrono::Utc;
use hubscreen::config::Config;
use hubscreen::exercise::bundle::{self, TraineeCopy};
use hubscreen::exercise::debrief::{self, Debrief};
use hubscreen::exercise::session::{self, Screening, TraineeSession};
use hubscreen::exercise::{
    AnswerKey, Difficulty, Expected, Format, Settings, generate, progress, score,
};
use hubscreen::lists::WatchList;
use hubscreen::lists::bundled;
use hubscreen::lists::goods::GoodsLists;
use hubscreen::lists::update::ListStore;
use hubscreen::store::{Action, Actor, NewDecision, OpenMode, QueueFilter, Store};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    divan::main();
}

const SEED: u64 = 20;
const HARD_BILLS: usize = 300;
const TRAINEES: usize = 30;
const DECISIONS: usize = 20;

static LISTS: LazyLock<(Vec<WatchList>, GoodsLists)> = LazyLock::new(|| {
    (
        bundled::watchlists().expect("bundled lists"),
        bundled::goods().expect("bundled goods"),
    )
});

/// A 300-bill hard exercise generated and every file of its bundle rendered (nothing written
/// to disk), in each manifest format.
#[divan::bench(args = [Format::Csv, Format::Cuscar, Format::Xlsx], sample_count = 10)]
fn generate_300_bill_hard_exercise(bencher: divan::Bencher, format: Format) {
    let (lists, goods) = &*LISTS;
    let settings = Settings {
        bills: HARD_BILLS,
        format,
        ..Settings::new(SEED, Difficulty::Hard)
    };
    let files = bundle::files(&generate(&settings, lists, goods).unwrap());
    eprintln!(
        "exercise {format}: {} files, {:.0} KB, manifest {:.0} KB",
        files.len(),
        files.iter().map(|(_, b)| b.len()).sum::<usize>() as f64 / 1e3,
        files
            .iter()
            .find(|(n, _)| n.contains("/manifest."))
            .map_or(0, |(_, b)| b.len()) as f64
            / 1e3
    );
    bencher.bench(|| {
        let ex = generate(&settings, lists, goods).unwrap();
        let files = bundle::files(&ex);
        assert_eq!(ex.settings.bills, HARD_BILLS);
        files.len()
    });
}

/// A class: a normal exercise written as a bundle, and 30 trainee stores started from it, each
/// with 20 decisions.
struct Class {
    _dir: tempfile::TempDir,
    key: AnswerKey,
    stores: Vec<PathBuf>,
    config: Config,
}

fn class() -> Class {
    let (lists, goods) = &*LISTS;
    let ex = generate(&Settings::new(SEED, Difficulty::Normal), lists, goods).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let bundle_dir = dir.path().join("bundle");
    bundle::write(&bundle_dir, &ex).unwrap();
    let data_dir = dir.path().join("data");
    let live = data_dir.join("hubscreen.db");
    let list_store = ListStore::new(&data_dir);
    // The default reason codes are the ones the briefing and the answer key name.
    let config = Config::default();
    let screening = Screening {
        lists: lists.clone(),
        goods: goods.clone(),
        config: config.clone(),
    };
    let copy = TraineeCopy::open(&bundle_dir).unwrap();
    let mut stores = Vec::new();
    let mut decided = 0;
    for t in 0..TRAINEES {
        let name = format!("trainee-{t:02}");
        let store = session::default_store(&data_dir, &ex.id, &name);
        let mut started = session::start(
            &copy,
            &name,
            &store,
            &live,
            &screening,
            &list_store,
            Utc::now(),
        )
        .unwrap();
        let db = &mut started.store;
        let items = db.queue(&QueueFilter::default()).unwrap();
        // Each trainee works a different stretch of the queue, referring what the key says to
        // refer (and now and then an ordinary bill too) and clearing the rest.
        for (i, item) in items
            .iter()
            .cycle()
            .skip(t * 7 % items.len())
            .take(DECISIONS.min(items.len()))
            .enumerate()
        {
            let refer = ex
                .key
                .item(&item.bill_of_lading)
                .is_some_and(|k| k.expected == Expected::Refer)
                || (i + t) % 9 == 0;
            let (action, reason) = if refer {
                (Action::Refer, "DENIED-PARTY")
            } else {
                (Action::Clear, "LOW-RISK-GOODS")
            };
            db.decide(
                &NewDecision {
                    item: item.id,
                    action,
                    reason_code: Some(reason.into()),
                    note: None,
                    hit: None,
                    expected_version: item.version,
                },
                &Actor::now(&name),
            )
            .unwrap();
            decided += 1;
        }
        stores.push(store);
    }
    eprintln!(
        "class: exercise {} ({} bills, {} key items), {} trainees, {decided} decisions",
        ex.id,
        ex.settings.bills,
        ex.key.items.len(),
        stores.len()
    );
    Class {
        _dir: dir,
        key: ex.key,
        stores,
        config,
    }
}

/// Every trainee's session read, store opened read-only and scored, then the class debrief
/// written as Markdown: what `hubscreen exercise score BUNDLE` does for a class of 30.
#[divan::bench(sample_count = 10)]
fn score_30_trainees_and_debrief(bencher: divan::Bencher) {
    let class = class();
    let score_class = || {
        let mut cards = Vec::with_capacity(class.stores.len());
        for s in &class.stores {
            let sess = TraineeSession::load(s).unwrap().expect("a trainee session");
            let db = session::open_store(s, &class.config, OpenMode::ReadOnly).unwrap();
            cards.push(score::score(&class.key, &sess, &s.display().to_string(), &db).unwrap());
        }
        assert_eq!(
            cards.iter().map(|c| c.decisions).sum::<usize>(),
            TRAINEES * DECISIONS
        );
        let text = debrief::markdown(&Debrief::new(&class.key, &cards));
        (cards, text)
    };
    let (cards, text) = score_class();
    eprintln!(
        "class scored: {} of {} planted items found, {} false referrals, mean score {:.1}, \
         debrief {:.0} KB",
        cards.iter().map(|c| c.found).sum::<usize>(),
        cards.iter().map(|c| c.planted).sum::<usize>(),
        cards.iter().map(|c| c.false_referrals.len()).sum::<usize>(),
        cards.iter().map(|c| c.score).sum::<f64>() / cards.len() as f64,
        text.len() as f64 / 1e3
    );
    bencher.bench(|| score_class().1.len());
}

/// Every trainee's store read read-only and scored into a progress row: one refresh of the
/// trainer view over a class of 30.
#[divan::bench(sample_count = 10)]
fn watch_30_trainees(bencher: divan::Bencher) {
    let class = class();
    let read = || progress::read_class(&class.key, &class.stores, &class.config, Utc::now());
    let rows = read().rows;
    assert!(rows.iter().all(|r| r.progress.is_ok()));
    eprintln!(
        "class watched: {} rows, {} decisions",
        rows.len(),
        rows.iter()
            .filter_map(|r| r.progress.as_ref().ok())
            .map(|p| p.decided)
            .sum::<usize>()
    );
    bencher.bench(|| read().rows.len());
}
