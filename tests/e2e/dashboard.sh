#!/usr/bin/env bash
# End-to-end: the real binary in tmux at 80x24 on a fresh data directory and store. First start
# opens on the bundled samples; the officer filters the shipments to the red lane, opens the
# top one, refers it with a reason code and a note, confirms and quits. The bill referred is
# written to WORK/bill; tests/e2e.rs then checks with the command line that the decision is in
# the store (WORK/data, WORK/hubscreen.db) and that the audit chain verifies.
#
# Usage: tests/e2e/dashboard.sh /path/to/hubscreen WORK   (run by tests/e2e.rs from `cargo test`)
# Every key waits for the screen text it depends on (capture-pane polling), never a fixed sleep.
set -euo pipefail

BIN=${1:?usage: dashboard.sh /path/to/hubscreen WORK}
WORK=${2:?usage: dashboard.sh /path/to/hubscreen WORK}
SOCKET="hubscreen-e2e-$$"
SESSION=e2e
E2E_USER=e2e-officer
# shellcheck source=tests/e2e/lib.sh
source "$(dirname "$0")/lib.sh"
DATA="$WORK/data"
STORE="$WORK/hubscreen.db"

tmux_ -f /dev/null new-session -d -s "$SESSION" -x 80 -y 24 \
  "env TERM=xterm-256color '$BIN' --data-dir '$DATA' --store '$STORE'; echo \$? > '$WORK/exit'"

echo "e2e: first start on the bundled samples"
wait_for "Shipments by lane"
wait_for_re "[1-9][0-9]* total" "the bundled samples counted on the overview"

echo "e2e: shipments, filtered to the red lane"
keys 2
wait_for_re "Shipments [0-9]+ " "the shipments table"
keys /
wait_for "/" "the filter prompt"
keys -l "lane:red"
wait_for "lane:red" "the typed filter"
keys Enter
wait_for_re "Shipments [1-9][0-9]*/[0-9]+" "the red shipments"

echo "e2e: open the top red shipment"
BILL=$(screen | grep -oE 'GSPL[0-9]+' | head -n 1)
[[ -n "$BILL" ]] || { echo "e2e: no bill on screen" >&2; screen >&2; exit 1; }
echo "e2e: top red bill $BILL"
keys Enter
# The detail's title names the bill; its decision history may be below the fold at 80x24.
wait_for "$BILL · RED" "the detail of $BILL"

echo "e2e: refer it with a reason code"
keys r
wait_for "Reason:" "the decision form"
wait_for "DENIED-PARTY" "the configured refer reason codes"
keys Tab
keys -l "e2e referral"
wait_for "e2e referral" "the note"
keys Enter
wait_for "Confirm" "the confirmation"
wait_for "DENIED-PARTY" "the reason in the question"
keys y
wait_for "refer: 1 done" "the decision recorded"

echo "e2e: quit"
quit_and_check

printf '%s\n' "$BILL" > "$WORK/bill"
echo "e2e: dashboard run passed"
