//! Screening speed: one name against every list, a whole feeder manifest, batches of 30,000
//! names, list loading and the index cache.
//!
//! Uses the real public lists in `../shared/data/lists` when they are beside the project (the
//! OFAC files for the small benchmarks; every list, or the set the throughput target names, for
//! the batches), and generated lists of the same size otherwise, so that the benchmark runs on
//! a fresh clone. Run: `cargo bench --bench screening`.

use std::path::Path;

use hubscreen::config::Config;
use hubscreen::ingest::{self, IngestOptions};
use hubscreen::lists::{self, Alias, EntryFacts, ListEntry, ListFormat, WatchList, bundled};
use hubscreen::model::EntityKind;
use hubscreen::screen::Screener;
use hubscreen::screen::names::NameIndex;

/// The allocator of the `hubscreen` binary, so that the figures are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    divan::main();
}

const REAL: [&str; 3] = [
    "../shared/data/lists/ofac/full_2021-07-07",
    "../shared/data/lists/ofac/sdn_2024-05-03/sdn.csv",
    "../shared/data/lists/ofac/consolidated_nonsdn_2025-12",
];

/// The real lists when present, else ~40,000 generated names.
fn big_lists() -> Vec<WatchList> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if REAL.iter().all(|p| root.join(p).exists()) {
        let lists: Vec<WatchList> = REAL
            .iter()
            .flat_map(|p| lists::load_path(&root.join(p)).expect("real list loads"))
            .collect();
        eprintln!(
            "bench lists: real OFAC files, {} names",
            lists.iter().map(|l| l.names_indexed()).sum::<usize>()
        );
        return lists;
    }
    eprintln!("bench lists: ../shared absent, generated names");
    vec![generated(40_000)]
}

/// A deterministic list of plausible company and person names.
fn generated(n: usize) -> WatchList {
    const SYL: [&str; 24] = [
        "KA", "RO", "MAN", "TEL", "SIR", "JAN", "BAH", "DOR", "VEK", "LIN", "ZAR", "NOV", "AL",
        "MIR", "HAS", "SAN", "TOR", "KEM", "PAR", "SHA", "BEL", "GOR", "NAS", "RAH",
    ];
    const TAIL: [&str; 6] = [
        "TRADING LLC",
        "CO LTD",
        "INDUSTRIES",
        "SHIPPING CO",
        "JSC",
        "GENERAL TRADING FZE",
    ];
    let mut seed: u64 = 0x5eed;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let word = |next: &mut dyn FnMut() -> u64| -> String {
        (0..2 + next() % 2)
            .map(|_| SYL[(next() % 24) as usize])
            .collect()
    };
    let entries = (0..n)
        .map(|i| {
            let person = i % 2 == 0;
            let name = if person {
                format!("{}, {}", word(&mut next), word(&mut next))
            } else {
                format!(
                    "{} {} {}",
                    word(&mut next),
                    word(&mut next),
                    TAIL[(next() % 6) as usize]
                )
            };
            ListEntry {
                id: i.to_string(),
                kind: if person {
                    EntityKind::Person
                } else {
                    EntityKind::Organization
                },
                aliases: vec![Alias {
                    name: format!("{} {}", word(&mut next), word(&mut next)),
                    kind: "aka".into(),
                }],
                name,
                weak_aliases: Vec::new(),
                programs: Vec::new(),
                countries: Vec::new(),
                addresses: Vec::new(),
                remarks: None,
                facts: EntryFacts::default(),
                details: Default::default(),
            }
        })
        .collect();
    WatchList {
        name: "GENERATED".into(),
        format: ListFormat::AgencyCsv,
        version: "generated".into(),
        content_hash: String::new(),
        files: Vec::new(),
        entries,
        problems: Vec::new(),
    }
}

/// Every real list file in `../shared/data/lists`, in every format.
const ALL_SHARED: [&str; 10] = [
    "../shared/data/lists/ofac/full_2021-07-07",
    "../shared/data/lists/ofac/sdn_2024-05-03/sdn.csv",
    "../shared/data/lists/ofac/consolidated_nonsdn_2025-12",
    "../shared/data/lists/csl_us/consolidated.csv",
    "../shared/data/lists/bis/dpl.txt",
    "../shared/data/lists/un/UN_consolidated.xml",
    "../shared/data/lists/uk/UK_Sanctions_List_2025-08-11.csv",
    "../shared/data/lists/opensanctions/t1_entities.ftm.json",
    "../shared/data/lists/opensanctions/zala_entities.ftm.json",
    "../shared/data/lists/eu/eu_fsf_csv_sample_first21cols.csv",
];

/// Loading every list (parsing all formats) and building the name index: what start-up pays.
#[divan::bench(sample_count = 5)]
fn load_and_index_every_list(bencher: divan::Bencher) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let present: Vec<_> = ALL_SHARED
        .iter()
        .map(|p| root.join(p))
        .filter(|p| p.exists())
        .collect();
    eprintln!(
        "loading {} shared list paths (bundled samples when none)",
        present.len()
    );
    bencher.bench(|| {
        let mut lists: Vec<WatchList> = present
            .iter()
            .flat_map(|p| lists::load_path(p).unwrap_or_default())
            .collect();
        if lists.is_empty() {
            lists = bundled::watchlists().unwrap();
        }
        NameIndex::build(&lists)
    });
}

#[divan::bench(sample_count = 5)]
fn build_name_index(bencher: divan::Bencher) {
    let lists = big_lists();
    bencher.bench(|| NameIndex::build(divan::black_box(&lists)));
}

#[divan::bench(args = ["Nicolas MADURO MOROS", "MABRUKA TRADING CO LLC", "KOREA ZINC CO LTD", "Mohsen Hodjati"])]
fn one_name_against_all_lists(bencher: divan::Bencher, name: &str) {
    let index = NameIndex::build(&big_lists());
    bencher.bench(|| index.search(divan::black_box(name), 0.85, &[]));
}

#[divan::bench(sample_count = 10)]
fn feeder_manifest_against_all_lists(bencher: divan::Bencher) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest = ingest::ingest_path(
        &root.join("sample-manifests/feeder_jebel_ali.csv"),
        &IngestOptions::default(),
    )
    .expect("sample manifest reads")
    .manifest;
    let mut lists = big_lists();
    lists.extend(bundled::watchlists().unwrap());
    let screener = Screener::new(lists, bundled::goods().unwrap(), Config::default());
    bencher.bench(|| screener.screen_manifest(divan::black_box(&manifest)));
}

/// Every list in `../shared/data/lists` (about 85,000 names), or generated ones when absent.
fn every_list() -> Vec<WatchList> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let lists: Vec<WatchList> = ALL_SHARED
        .iter()
        .map(|p| root.join(p))
        .filter(|p| p.exists())
        .flat_map(|p| lists::load_path(&p).unwrap_or_default())
        .collect();
    if lists.is_empty() {
        vec![generated(60_000)]
    } else {
        lists
    }
}

/// A vessel's worth of party names and more: 30,000 queries, half disguised variants of listed
/// names and half clean names, screened in batch on one core and on all.
#[divan::bench(args = [1, 2], sample_count = 3)]
fn batch_of_30000_party_names(bencher: divan::Bencher, threads: usize) {
    use rayon::prelude::*;
    let lists = every_list();
    let index = NameIndex::build(&lists);
    let queries = mixed_queries(&lists, 7_500, 1);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    eprintln!(
        "{} queries against {} names on {threads} thread(s)",
        queries.len(),
        index.len()
    );
    bencher
        .counter(divan::counter::ItemsCount::new(queries.len()))
        .bench(|| {
            pool.install(|| {
                queries
                    .par_iter()
                    .map(|q| index.search(q, 0.85, &[]).len())
                    .sum::<usize>()
            })
        });
}

/// The list set the throughput target names: OFAC SDN 2024 with its aliases, the CSL, UN, UK
/// and DPL (about 75,700 names). `None` without `../shared`. The SDN file and the alias file
/// are of different dates and directories, so both are copied into `dir` as `sdn.csv` and
/// `alt.csv`, where the OFAC reader looks for them.
fn target_lists(dir: &Path) -> Option<Vec<WatchList>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/lists");
    let ofac = [
        ("ofac/sdn_2024-05-03/sdn.csv", "sdn.csv"),
        ("ofac/alt_2025-08-11.csv", "alt.csv"),
    ];
    for (from, to) in ofac {
        std::fs::copy(root.join(from), dir.join(to)).ok()?;
    }
    let mut lists = lists::load_path(&dir.join("sdn.csv")).ok()?;
    for other in [
        "csl_us/consolidated.csv",
        "un/UN_consolidated.xml",
        "uk/UK_Sanctions_List_2025-08-11.csv",
        "bis/dpl.txt",
    ] {
        lists.extend(lists::load_path(&root.join(other)).ok()?);
    }
    Some(lists)
}

/// The throughput target, measured on first passes only: 30,000 queries (half variants, half
/// clean names) against the target's list set, each sample on a fresh index read from the cache
/// (outside the timing), so no sample profits from similar tokens found by an earlier one.
/// Falls back to every list (or generated names) without `../shared`.
#[divan::bench(args = [1, 2], sample_count = 3, sample_size = 1)]
fn first_pass_30000_names_target_lists(bencher: divan::Bencher, threads: usize) {
    use hubscreen::screen::index_cache::load_or_build;
    use rayon::prelude::*;
    let dir = tempfile::tempdir().unwrap();
    let (lists, which) = match target_lists(dir.path()) {
        Some(lists) => (lists, "the target's lists"),
        None => (
            every_list(),
            "every list present (the target's are not all there)",
        ),
    };
    let queries = mixed_queries(&lists, 7_500, 1);
    let cache = dir.path().join("cache");
    let (index, _) = load_or_build(&lists, Some(&cache));
    eprintln!(
        "first pass: {} queries against {which}, {} names, on {threads} thread(s)",
        queries.len(),
        index.len()
    );
    drop(index);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    bencher
        .counter(divan::counter::ItemsCount::new(queries.len()))
        .with_inputs(|| load_or_build(&lists, Some(&cache)).0)
        .bench_local_refs(|index| {
            pool.install(|| {
                queries
                    .par_iter()
                    .map(|q| index.search(q, 0.85, &[]).len())
                    .sum::<usize>()
            })
        });
}

/// Start-up with a warm cache: the name index of every list read back from disk.
#[divan::bench(sample_count = 5)]
fn name_index_from_cache(bencher: divan::Bencher) {
    use hubscreen::screen::index_cache::{CacheUse, load_or_build};
    let lists = every_list();
    let dir = tempfile::tempdir().unwrap();
    let (_, first) = load_or_build(&lists, Some(dir.path()));
    assert!(matches!(first, CacheUse::Saved(_)), "{first:?}");
    bencher.bench(|| {
        let (index, used) = load_or_build(&lists, Some(dir.path()));
        assert!(matches!(used, CacheUse::Loaded(_)));
        index
    });
}

/// One query at a time, as the dashboard asks: 2,000 queries (half variants of listed names,
/// half clean names), each timed on its own; prints the median, p99 and worst.
#[divan::bench(sample_count = 3)]
fn single_query_latency(bencher: divan::Bencher) {
    use std::time::Instant;
    let lists = every_list();
    let index = NameIndex::build(&lists);
    let queries = mixed_queries(&lists, 500, 5);
    bencher
        .counter(divan::counter::ItemsCount::new(queries.len()))
        .bench(|| {
            let mut took: Vec<f64> = queries
                .iter()
                .map(|q| {
                    let t = Instant::now();
                    divan::black_box(index.search(q, 0.85, &[]));
                    t.elapsed().as_secs_f64() * 1e3
                })
                .collect();
            took.sort_by(f64::total_cmp);
            let at = |p: f64| took[((took.len() - 1) as f64 * p) as usize];
            eprintln!(
                "single query over {} names: median {:.3} ms, p99 {:.3} ms, worst {:.3} ms",
                index.len(),
                at(0.5),
                at(0.99),
                at(1.0)
            );
        });
}

/// `per_kind` variants of listed names and as many clean names, of each kind.
fn mixed_queries(lists: &[WatchList], per_kind: usize, seed: u64) -> Vec<String> {
    use hubscreen::screen::eval;
    eval::variants(lists, per_kind, seed)
        .into_iter()
        .chain(eval::clean_names(per_kind, seed))
        .map(|l| l.query)
        .collect()
}
