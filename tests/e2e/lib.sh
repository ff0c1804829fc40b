# Shared by the end-to-end scripts: a tmux server of their own, a hermetic home, and waiting on
# the screen. Set SOCKET, SESSION, WORK and E2E_USER before sourcing.
# shellcheck shell=bash

TIMEOUT=${E2E_TIMEOUT:-60}
tmux_() { tmux -L "$SOCKET" "$@"; }
cleanup() {
  tmux_ kill-server >/dev/null 2>&1 || true
}
trap cleanup EXIT

# A home of its own: no configuration, installed lists or log of the person running the tests.
export HOME="$WORK/home" XDG_CONFIG_HOME="$WORK/home/.config" XDG_DATA_HOME="$WORK/home/.local/share" \
  XDG_STATE_HOME="$WORK/home/.local/state" USER="$E2E_USER"
unset HUBSCREEN_STORE HUBSCREEN_DATA_DIR HUBSCREEN_LOG NO_COLOR || true
mkdir -p "$HOME"

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

# quit_and_check: q, then waits for the dashboard to leave with exit code 0.
quit_and_check() {
  keys q
  local deadline=$((SECONDS + TIMEOUT))
  until [[ -f "$WORK/exit" ]] || ((SECONDS >= deadline)); do sleep 0.1; done
  [[ -f "$WORK/exit" ]] || { echo "e2e: the dashboard did not quit" >&2; screen >&2; exit 1; }
  [[ "$(cat "$WORK/exit")" == 0 ]] || { echo "e2e: exit code $(cat "$WORK/exit")" >&2; exit 1; }
}
