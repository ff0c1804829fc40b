#!/usr/bin/env bash
# Peak memory and time of `hubscreen screen` on big CSV manifests (issue 15, item 16).
#
# Builds manifests of 100,000, 500,000 and 1,000,000 rows from the rows of the bundled
# sample-manifests/feeder_jebel_ali.csv, each copy's bill numbers made distinct (so a file has
# about as many bills as the sample's ratio gives), and screens each with the release binary
# against the bundled lists under `/usr/bin/time -f '%M %e'`. Prints rows, file size, peak RSS
# and wall time. Not run by `cargo test`.
#
# Usage: benches/streaming.sh [BINARY] [SIZES...]
#   BINARY defaults to target/release/hubscreen (build it with `cargo build --release`).
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-target/release/hubscreen}"
shift || true
sizes=("${@:-100000 500000 1000000}")
read -r -a sizes <<<"${sizes[*]}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export HUBSCREEN_DATA_DIR="$work/data"
sample=sample-manifests/feeder_jebel_ali.csv

# One copy of the sample's data rows per round, with its bill numbers suffixed by the round.
make_manifest() {
    local rows="$1" out="$2"
    python3 - "$sample" "$rows" "$out" <<'PY'
import csv, sys
sample, rows, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with open(sample, newline="", encoding="utf-8") as f:
    table = list(csv.reader(f))
header, data = table[0], table[1:]
bill = header.index("BL Number")
with open(out, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(header)
    n, round_ = 0, 0
    while n < rows:
        for row in data:
            if n == rows:
                break
            row = list(row)
            row[bill] = f"{row[bill]}-{round_:06d}"
            w.writerow(row)
            n += 1
        round_ += 1
PY
}

# The name index cache is built once, outside the figures.
"$bin" screen "$sample" >/dev/null 2>&1 || true
printf '%-9s %8s %12s %9s\n' rows "MB" "peak RSS MB" "time s"
for rows in "${sizes[@]}"; do
    file="$work/manifest_$rows.csv"
    make_manifest "$rows" "$file"
    mb=$(( $(stat -c %s "$file") / 1000000 ))
    /usr/bin/time -o "$work/time" -f '%M %e' "$bin" screen "$file" --format csv \
        >/dev/null 2>"$work/stderr" || true
    read -r kb secs < <(tail -n 1 "$work/time")
    printf '%-9s %8s %12s %9s\n' "$rows" "$mb" "$(( kb / 1024 ))" "$secs"
    rm -f "$file"
done
