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
TIMEOUT=${E2E_TIMEOUT:-60}
tmux_() { tmux -L "$SOCKET" "$@"; }
cleanup() {
  tmux_ kill-server >/dev/null 2>&1 || true
}
trap cleanup EXIT

# A home of its own: no configuration, installed lists or log of the person running the tests.
export HOME="$WORK/home" XDG_CONFIG_HOME="$WORK/home/.config" XDG_DATA_HOME="$WORK/home/.local/share" \
  XDG_STATE_HOME="$WORK/home/.local/state" USER=e2e-officer
unset HUBSCREEN_STORE HUBSCREEN_DATA_DIR HUBSCREEN_LOG NO_COLOR || true
mkdir -p "$HOME"
DATA="$WORK/data"
STORE="$WORK/hubscreen.db"

screen() { tmux_ capture-pane -p -t "$SESSION"; }

# wait_for TEXT [WHAT]: polls the screen until TEXT shows, or fails with the screen.
# wait_for_re REGEX [WHAT]: the same with an extended regular expression.
wait_for() { GREP=-qF wait_until "$@"; }
wait_for_re() { GREP=-qE wait_until "$@"; }
wait_until() {
  local text=$1 what=${2:-$1} deadline=$((SECONDS + TIMEOUT))
  while ((SECONDS < deadline)); do
    if screen | grep "$GREP" -- "$text"; then
      return 0
    fi
    if [[ -f "$WORK/exit" ]]; then
      break
    fi
    sleep 0.1
  done
  echo "e2e: timed out waiting for: $what" >&2
  echo "---- screen ----" >&2
  screen >&2 || true
  echo "---- log ----" >&2
  cat "$HOME/.local/state/hubscreen/hubscreen.log" >&2 2>/dev/null || true
  exit 1
}

keys() { tmux_ send-keys -t "$SESSION" "$@"; }

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
keys q
deadline=$((SECONDS + TIMEOUT))
until [[ -f "$WORK/exit" ]] || ((SECONDS >= deadline)); do sleep 0.1; done
[[ -f "$WORK/exit" ]] || { echo "e2e: the dashboard did not quit" >&2; screen >&2; exit 1; }
[[ "$(cat "$WORK/exit")" == 0 ]] || { echo "e2e: exit code $(cat "$WORK/exit")" >&2; exit 1; }

printf '%s\n' "$BILL" > "$WORK/bill"
echo "e2e: dashboard run passed"
