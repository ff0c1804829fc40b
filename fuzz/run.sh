#!/usr/bin/env bash
# Runs the fuzz targets one after another and prints, per target, execs/s, coverage and
# findings.
#
#   fuzz/run.sh [SECONDS] [TARGET...]     # default: 600 s each, every target
#
# Each target runs with `-rss_limit_mb=2048 -timeout=10` (a single input over 2 GB or 10 s is a
# finding), under `nice -n 19`, on fuzz/corpus/<target>/ (new inputs are added there: run
# `cargo fuzz cmin -s none <target>` afterwards before committing). Findings go to
# fuzz/artifacts/<target>/. Logs go to $FUZZ_LOG_DIR (default /tmp/hubscreen-fuzz), never into
# the repository. Extra seed folders outside the repository (read, never written) can be
# passed in $FUZZ_EXTRA_SEEDS as <target>=<dir>[,<target>=<dir>...].
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`) and a C++ compiler; works on the stable
# toolchain with `-s none` (no sanitizer: the code under test is safe Rust).
set -euo pipefail
cd "$(dirname "$0")"
unset CARGO_TARGET_DIR # the fuzz crate builds into fuzz/target

seconds=${1:-600}
shift || true
if [ $# -gt 0 ]; then
  targets=("$@")
else
  mapfile -t targets < <(cargo fuzz list)
fi
logs=${FUZZ_LOG_DIR:-/tmp/hubscreen-fuzz}
mkdir -p "$logs"

cargo fuzz build -s none >/dev/null 2>"$logs/build.log" || {
  echo "build failed; see $logs/build.log" >&2
  exit 1
}
triple=$(rustc -vV | sed -n 's/^host: //p')
bin_dir=target/$triple/release

printf '%-18s %5s %8s %6s %7s %7s %6s %8s %4s %8s  %s\n' target secs execs/s cov ft corpus crash timeout oom peak_mb log
status=0
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t" "artifacts/$t"
  extra=()
  IFS=',' read -ra pairs <<<"${FUZZ_EXTRA_SEEDS:-}"
  for p in "${pairs[@]}"; do
    [ "${p%%=*}" = "$t" ] && extra+=("${p#*=}")
  done
  log=$logs/$t.log
  before=$(ls "artifacts/$t" | wc -l)
  start=$(date +%s)
  nice -n 19 "$bin_dir/$t" "corpus/$t" "${extra[@]}" \
    -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
    -artifact_prefix="artifacts/$t/" >"$log" 2>&1 || status=1
  secs=$(($(date +%s) - start))
  eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  peak=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log" | tail -1)
  last=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -1 || true)
  cov=$(sed -n 's/.*cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.*ft: \([0-9]*\).*/\1/p' <<<"$last")
  corpus=$(ls "corpus/$t" | wc -l)
  crash=$(ls "artifacts/$t" | grep -c '^crash-' || true)
  timeout=$(ls "artifacts/$t" | grep -c '^timeout-' || true)
  oom=$(ls "artifacts/$t" | grep -c '^oom-' || true)
  [ "$(ls "artifacts/$t" | wc -l)" -gt "$before" ] && status=1
  printf '%-18s %5s %8s %6s %7s %7s %6s %8s %4s %8s  %s\n' "$t" "$secs" "${eps:-?}" "${cov:-?}" \
    "${ft:-?}" "$corpus" "$crash" "$timeout" "$oom" "${peak:-?}" "$log"
done
exit $status
