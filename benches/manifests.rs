//! Manifest readers at vessel scale: a 10,000-bill CUSCAR interchange read, and read and
//! screened against every list in `../shared/data/lists` (generated names of the same size when
//! absent), as `hubscreen screen` does it: streamed in chunks, each chunk screened as it comes.
//!
//! The interchange is the bundled feeder sample rendered as CUSCAR
//! (`sample-manifests/feeder_jebel_ali.edi`), its 168 consignments repeated with new bill
//! numbers. Target (issue 17): read and screened in under 1 s. Memory not growing with the file
//! is measured by `benches/streaming.sh cuscar` (peak RSS at 10,000 and 100,000 bills).
//! Run: `cargo bench --bench manifests`.

use std::io::Write;
use std::path::{Path, PathBuf};

use hubscreen::config::Config;
use hubscreen::ingest::{self, IngestOptions};
use hubscreen::lists::{self, WatchList, bundled};
use hubscreen::model::Manifest;
use hubscreen::screen::Screener;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    divan::main();
}

const BILLS: usize = 10_000;

/// Every real list file in `../shared/data/lists`, as the screening bench loads them.
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

/// Writes a CUSCAR interchange of at least `bills` consignments to a temporary file: the
/// feeder sample's header and equipment, then its consignments again and again with each
/// round's bill numbers made distinct (`R0001GSPL26110001`). With `distinct_names`, each
/// round's party names get a word of their own too (`ACME TRADING LLC KR0001`), so that no
/// name is screened from the cache of an earlier round: the worst case for the matcher.
pub fn cuscar_interchange(
    bills: usize,
    distinct_names: bool,
) -> (tempfile::TempDir, PathBuf, usize) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("sample-manifests/feeder_jebel_ali.edi"))
        .expect("the feeder CUSCAR sample (render_feeder_cuscar.py writes it)");
    let first_cni = text.find("\nCNI+").expect("a consignment") + 1;
    let unt = text.rfind("\nUNT+").expect("a UNT") + 1;
    let (head, consignments, _) = (&text[..first_cni], &text[first_cni..unt], &text[unt..]);
    let per_round = consignments.matches("\nCNI+").count() + 1;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vessel.edi");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    out.write_all(head.as_bytes()).unwrap();
    let mut segments = head.lines().filter(|l| !l.starts_with("UN")).count() + 1;
    let (mut written, mut round) = (0, 0);
    while written < bills {
        let mut block = consignments
            .replace("+GSPL", &format!("+R{round:04}GSPL"))
            .replace(":GSPL", &format!(":R{round:04}GSPL"));
        if distinct_names {
            block = block
                .lines()
                .map(|l| match l.strip_prefix("NAD+") {
                    // NAD+CZ+++NAME PARTS+...: a word after the last name part.
                    Some(rest) => {
                        let rest = rest.strip_suffix('\'').unwrap_or(rest);
                        let mut elements: Vec<String> = rest.split('+').map(String::from).collect();
                        if let Some(name) = elements.get_mut(3) {
                            name.push_str(&format!(" K{round:04}"));
                        }
                        format!("NAD+{}'\n", elements.join("+"))
                    }
                    None => format!("{l}\n"),
                })
                .collect();
        }
        segments += block.lines().count();
        out.write_all(block.as_bytes()).unwrap();
        written += per_round;
        round += 1;
    }
    writeln!(out, "UNT+{}+1'\nUNZ+1+GS2611E01'", segments + 1).unwrap();
    out.flush().unwrap();
    (dir, path, written)
}

fn every_list() -> Vec<WatchList> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut lists: Vec<WatchList> = ALL_SHARED
        .iter()
        .map(|p| root.join(p))
        .filter(|p| p.exists())
        .flat_map(|p| lists::load_path(&p).unwrap_or_default())
        .collect();
    if lists.is_empty() {
        eprintln!("bench lists: ../shared absent, the bundled lists only");
    }
    lists.extend(bundled::watchlists().unwrap());
    eprintln!(
        "bench lists: {} lists, {} names",
        lists.len(),
        lists.iter().map(|l| l.names_indexed()).sum::<usize>()
    );
    lists
}

/// Reading only: detect, plan (one pass) and stream (a second pass) every bill.
#[divan::bench(sample_count = 5)]
fn cuscar_10000_bills_read(bencher: divan::Bencher) {
    let (_dir, path, bills) = cuscar_interchange(BILLS, false);
    bencher.bench(|| {
        let file = ingest::open(&path, &IngestOptions::default()).unwrap();
        assert_eq!(file.shipments, bills);
        let mut n = 0;
        file.stream(1000, &mut |chunk| {
            n += chunk.shipments.len();
            Ok(())
        })
        .unwrap();
        n
    });
}

/// Read and screened against every list, chunk by chunk, as `hubscreen screen` does; `true`:
/// every round's names distinct (nothing screened from the cache).
#[divan::bench(args = [false, true], sample_count = 5)]
fn cuscar_10000_bills_read_and_screened(bencher: divan::Bencher, distinct_names: bool) {
    let (_dir, path, _) = cuscar_interchange(BILLS, distinct_names);
    let screener = Screener::new(every_list(), bundled::goods().unwrap(), Config::default());
    let options = hubscreen::service::ingest_options(None, Default::default());
    bencher.bench(|| {
        let file = ingest::open(&path, &options).unwrap();
        let mut red = 0;
        file.stream(1000, &mut |chunk| {
            let manifest = Manifest {
                reference: None,
                conveyance: None,
                shipments: chunk.shipments,
            };
            red += screener
                .screen_manifest(&manifest)
                .iter()
                .filter(|a| a.lane == hubscreen::model::Lane::Red)
                .count();
            Ok(())
        })
        .unwrap();
        red
    });
}

/// The 10,000 bills of the interchange, read into memory once; `distinct_names` as for
/// [`cuscar_interchange`].
fn ten_thousand_bills(distinct_names: bool) -> Manifest {
    let (_dir, path, _) = cuscar_interchange(BILLS, distinct_names);
    let file = ingest::open(&path, &IngestOptions::default()).unwrap();
    let mut shipments = Vec::new();
    file.stream(1000, &mut |chunk| {
        shipments.extend(chunk.shipments);
        Ok(())
    })
    .unwrap();
    Manifest {
        reference: None,
        conveyance: None,
        shipments,
    }
}

/// Screening 10,000 bills (in memory) against every list, with the built-in rule pack (`true`)
/// and with no rules (`false`): the difference is what the rules cost. Target (issue 19): under
/// 10% of screening time. Here the feeder's 168 bills repeat, so the manifest has only their
/// few hundred party names and name screening is at its cheapest; see the next bench for a
/// manifest of distinct names.
#[divan::bench(args = [true, false], sample_count = 5)]
fn screening_10000_bills_with_and_without_rules(bencher: divan::Bencher, rules: bool) {
    screening_with_and_without_rules(bencher, rules, false);
}

/// As above, every round of the feeder's bills with party names of its own: 10,000 bills with
/// some 15,000 distinct names, as a real vessel's manifest.
#[divan::bench(args = [true, false], sample_count = 5)]
fn screening_10000_bills_distinct_names_with_and_without_rules(
    bencher: divan::Bencher,
    rules: bool,
) {
    screening_with_and_without_rules(bencher, rules, true);
}

fn screening_with_and_without_rules(bencher: divan::Bencher, rules: bool, distinct_names: bool) {
    use hubscreen::config::RulesConfig;
    use hubscreen::screen::rules::RuleSet;
    let manifest = ten_thousand_bills(distinct_names);
    let set = RuleSet::load(&RulesConfig {
        builtin: rules,
        packs: Some(Vec::new()),
        ..RulesConfig::default()
    })
    .unwrap();
    let screener =
        Screener::new(every_list(), bundled::goods().unwrap(), Config::default()).with_rules(set);
    bencher.bench(|| screener.screen_manifest(&manifest).len());
}

/// The built-in rules alone on 10,000 bills, each with the hits screening found on it.
#[divan::bench(sample_count = 10)]
fn builtin_rules_on_10000_screened_bills(bencher: divan::Bencher) {
    use hubscreen::screen::rules::RuleSet;
    let manifest = ten_thousand_bills(false);
    let screener = Screener::new(every_list(), bundled::goods().unwrap(), Config::default());
    let assessed = screener.screen_manifest(&manifest);
    let rules = RuleSet::builtin();
    bencher.bench(|| flags_raised(&rules, &manifest, &assessed));
}

/// Each built-in rule alone on the 10,000 screened bills (the others switched off), and none
/// (`-`: the cost of working out the shipment's facts and walking the pack): where the rules'
/// time goes.
#[divan::bench(
    args = [
        "-",
        "to-order-consignee",
        "high-risk-destination",
        "high-risk-transshipment",
        "controlled-goods-high-risk-route",
        "chemical-by-number-only",
        "description-contradicts-hs",
        "vague-description",
        "chpl-tier-1-2-onward-to-diversion-country",
        "chpl-tier-3-4-onward-to-diversion-country",
        "vague-description-route-of-concern",
        "forwarder-consignee-controlled-goods",
        "controlled-goods-loaded-away-from-shipper",
        "first-time-consignee-controlled-goods",
        "bank-consignee",
        "check-digit-failure",
        "vessel-renamed-recently",
    ],
    sample_count = 10
)]
fn builtin_rule_alone_on_10000_screened_bills(bencher: divan::Bencher, rule: &str) {
    use hubscreen::screen::rules::RuleSet;
    let manifest = ten_thousand_bills(false);
    let screener = Screener::new(every_list(), bundled::goods().unwrap(), Config::default());
    let assessed = screener.screen_manifest(&manifest);
    let mut rules = RuleSet::builtin();
    rules.disabled = rules
        .rules()
        .map(|(_, r)| r.id.clone())
        .filter(|id| id != rule)
        .collect();
    bencher.bench(|| flags_raised(&rules, &manifest, &assessed));
}

/// Runs `rules` on every bill with the hits screening found on it; the flags raised.
fn flags_raised(
    rules: &hubscreen::screen::rules::RuleSet,
    manifest: &Manifest,
    assessed: &[hubscreen::model::Assessment],
) -> usize {
    use hubscreen::screen::rules::Findings;
    manifest
        .shipments
        .iter()
        .zip(assessed)
        .map(|(s, a)| {
            rules
                .evaluate(
                    s,
                    Findings {
                        party_hits: &a.party_hits,
                        goods_hits: &a.goods_hits,
                        vessel_hits: &a.vessel_hits,
                        history: None,
                        declared_headings: &a.declared_headings,
                    },
                )
                .len()
        })
        .sum()
}
