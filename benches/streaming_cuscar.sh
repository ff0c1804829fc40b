#!/usr/bin/env bash
# Peak memory and time of `hubscreen screen` on big CUSCAR interchanges (issue 17): memory must
# not grow with the file.
#
# Builds interchanges of 10,000, 100,000 and 300,000 bills from the consignments of the bundled
# sample-manifests/feeder_jebel_ali.edi (each round's bill numbers made distinct, as
# benches/manifests.rs does), and screens each with the release binary against the bundled
# lists under `/usr/bin/time -f '%M %e'`. Not run by `cargo test`.
#
# Usage: benches/streaming_cuscar.sh [BINARY] [BILLS...]
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-target/release/hubscreen}"
shift || true
sizes=("${@:-10000 100000 300000}")
read -r -a sizes <<<"${sizes[*]}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export HUBSCREEN_DATA_DIR="$work/data"
sample=sample-manifests/feeder_jebel_ali.edi

make_interchange() {
    python3 - "$sample" "$1" "$2" <<'PY'
import sys
sample, bills, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
text = open(sample, encoding="latin-1").read()
first = text.index("\nCNI+") + 1
unt = text.rindex("\nUNT+") + 1
head, body = text[:first], text[first:unt]
per_round = body.count("CNI+")
segments = sum(1 for l in head.splitlines() if not l.startswith("UN")) + 1
with open(out, "w", encoding="latin-1") as f:
    f.write(head)
    written, r = 0, 0
    while written < bills:
        block = body.replace("+GSPL", f"+R{r:05d}GSPL").replace(":GSPL", f":R{r:05d}GSPL")
        segments += block.count("\n")
        f.write(block)
        written += per_round
        r += 1
    f.write(f"UNT+{segments + 1}+1'\nUNZ+1+GS2611E01'\n")
PY
}

"$bin" screen "sample-manifests/feeder_jebel_ali.csv" >/dev/null 2>&1 || true
printf '%-9s %8s %12s %9s\n' bills "MB" "peak RSS MB" "time s"
for bills in "${sizes[@]}"; do
    file="$work/vessel_$bills.edi"
    make_interchange "$bills" "$file"
    mb=$(( $(stat -c %s "$file") / 1000000 ))
    /usr/bin/time -o "$work/time" -f '%M %e' "$bin" screen "$file" --format csv \
        >/dev/null 2>"$work/stderr" || true
    read -r kb secs < <(tail -n 1 "$work/time")
    printf '%-9s %8s %12s %9s\n' "$bills" "$mb" "$(( kb / 1024 ))" "$secs"
    rm -f "$file"
done
