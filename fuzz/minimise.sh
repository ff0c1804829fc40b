#!/usr/bin/env bash
# Minimises the committed corpora before a commit: keeps, per target, the smallest inputs that
# together reach every coverage edge the corpus reaches (libFuzzer's merge with
# `-use_counters=0`, which is stricter than `cargo fuzz cmin`: that one keeps every input that
# adds a hit-count bucket too, megabytes per target), then puts the repository seeds back
# (fuzz/seed.sh). Inputs are judged on their first $FUZZ_MAX_LEN bytes (default 4096), which
# keeps the committed corpora to a few MB at the cost of a few per cent of the edges (list_detect:
# 11,056 edges of 11,358, 1.7 MB instead of 3.4 MB). The corpus as it was is moved to
# $FUZZ_LOG_DIR/full/<target>.
#
#   fuzz/minimise.sh [TARGET...]      # default: every target
set -euo pipefail
cd "$(dirname "$0")"
unset CARGO_TARGET_DIR
if [ $# -gt 0 ]; then targets=("$@"); else mapfile -t targets < <(cargo fuzz list); fi
logs=${FUZZ_LOG_DIR:-/tmp/hubscreen-fuzz}
mkdir -p "$logs/full"
cargo fuzz build -s none >/dev/null 2>"$logs/build.log"
bin_dir=target/$(rustc -vV | sed -n 's/^host: //p')/release
for t in "${targets[@]}"; do
  rm -rf "$logs/full/$t" "corpus/$t.min"
  mkdir -p "corpus/$t.min"
  nice -n 19 "$bin_dir/$t" -merge=1 -use_counters=0 -max_len="${FUZZ_MAX_LEN:-4096}" \
    -rss_limit_mb=2048 -timeout=10 \
    "corpus/$t.min" "corpus/$t" >"$logs/minimise_$t.log" 2>&1
  mv "corpus/$t" "$logs/full/$t"
  mv "corpus/$t.min" "corpus/$t"
done
./seed.sh
