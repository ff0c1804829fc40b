#!/usr/bin/env bash
# End-to-end: a trainee works an exercise in the real dashboard, in tmux at 80x24. The trainee
# starts the exercise (`hubscreen exercise start BUNDLE --trainee tara`), reads the briefing,
# checks that the queue shows no lane (assistance `hits`), then for each line of WORK/plan
# ("refer BILL" or "clear BILL") filters the queue to the bill, opens the decision form, takes
# the first reason code, writes a note, confirms, and waits for the store's answer. Then quits.
# tests/e2e.rs wrote the plan from the answer key and scores the trainee's store afterwards.
#
# Usage: tests/e2e/trainee.sh /path/to/hubscreen WORK BUNDLE   (run by tests/e2e.rs)
# Every key waits for the screen text it depends on (capture-pane polling), never a fixed sleep.
set -euo pipefail

BIN=${1:?usage: trainee.sh /path/to/hubscreen WORK BUNDLE}
WORK=${2:?usage: trainee.sh /path/to/hubscreen WORK BUNDLE}
BUNDLE=${3:?usage: trainee.sh /path/to/hubscreen WORK BUNDLE}
SOCKET="hubscreen-trainee-$$"
SESSION=trainee
E2E_USER=e2e-trainer
# shellcheck source=tests/e2e/lib.sh
source "$(dirname "$0")/lib.sh"
DATA="$WORK/data"

tmux_ -f /dev/null new-session -d -s "$SESSION" -x 80 -y 24 \
  "env TERM=xterm-256color '$BIN' --data-dir '$DATA' exercise start '$BUNDLE' --trainee tara; echo \$? > '$WORK/exit'"

echo "e2e: the briefing comes first"
wait_for "Briefing · exercise" "the briefing"
wait_for_re "[0-9]+:[0-9]{2} left" "the timer"
keys Escape
wait_for_re "[0-9]+ bills" "the overview, without lanes"

echo "e2e: the queue shows no lane"
keys 4
wait_for_re "Queue [0-9]+" "the queue"
if screen | grep -qE '(RED|YELLOW|GREEN) +[0-9]+ '; then
  echo "e2e: a lane is shown to a trainee at assistance 'hits'" >&2
  screen >&2
  exit 1
fi

while read -r action bill; do
  [[ -n "$action" ]] || continue
  echo "e2e: $action $bill"
  keys 4
  wait_for_re "Queue [0-9]+" "the queue"
  # Esc in the filter prompt clears the filter of the bill before.
  keys /
  wait_for "enter: keep" "the filter prompt"
  keys Escape
  wait_for_re "Queue [0-9]+ " "the whole queue"
  keys /
  wait_for "enter: keep" "the filter prompt"
  keys -l "bill:$bill"
  keys Enter
  wait_for_re "Queue 1/[0-9]+ " "the queue filtered to $bill"
  wait_for "$bill" "$bill in the queue"
  case "$action" in
    refer) keys r ;;
    clear) keys x ;;
    *) echo "e2e: unknown action $action" >&2; exit 1 ;;
  esac
  wait_for "Reason:" "the decision form"
  keys Tab
  keys -l "e2e $action $bill"
  wait_for "e2e $action $bill" "the note"
  keys Enter
  wait_for "Confirm" "the confirmation"
  keys y
  wait_for "$action: 1 done" "the decision on $bill recorded"
done < "$WORK/plan"

echo "e2e: quit"
quit_and_check
echo "e2e: trainee run passed"
