#!/usr/bin/env bash
# Benchmark payonce against its floor, in one command: builds the app and the load generator,
# starts a Temporal dev server on its own ports (127.0.0.1:7333, UI 8333, data/temporal-bench),
# starts payonce on a free port with its own data folder (data/bench-app), runs
# bench/target/payonce-bench.jar against both, and stops what it started. Loopback only.
#
#   scripts/bench.sh                       # 50 orders/s for 60 s, floor and payonce
#   scripts/bench.sh --mode step           # 10,20,30,50,75,100/s until settle p99 > 200 ms or errors
#   scripts/bench.sh --mode short          # CI smoke (< 1 min of load): exit 0 only if numbers came out
#   scripts/bench.sh --mode statement      # reconcile a statement of 1,000,000 lines (--statement-lines)
#   scripts/bench.sh --rate 30 --duration 120s --switch 0 --refund 0 ...   (see --help)
#
# Environment (all optional):
#   BENCH_TEMPORAL       dev (Temporal CLI dev server, default) or embedded (the app's test server)
#   BENCH_TEMPORAL_PORT  dev server frontend port (7333); its UI is BENCH_TEMPORAL_PORT+1000
#   BENCH_TEMPORAL_FLAGS extra `temporal server start-dev` flags (a server already running is refused)
#   BENCH_LATE_WINDOW    the app's PAYONCE_LATE_PAYMENT_WINDOW, also the floor's (30s; 10s for short)
#   BENCH_JFR            record the app with JDK Flight Recorder into this file
#   BENCH_APP_OPTS       extra JVM options for the app (e.g. -Xmx1g)
#   BENCH_APP_ENV        extra environment for the app, "K=V K=V" (configuration experiments)
#   BENCH_BUILD          0 to skip the build
#   BENCH_KEEP_DATA      1 to keep the app's ledger and the dev server's data of an earlier run
set -euo pipefail

PROJECT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$PROJECT_DIR"

MODE=run
for ((i = 1; i <= $#; i++)); do
  if [[ "${!i}" == "--mode" ]]; then j=$((i + 1)); MODE="${!j}"; fi
  if [[ "${!i}" == "-h" || "${!i}" == "--help" ]]; then
    sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
    exit 0
  fi
done

KIND="${BENCH_TEMPORAL:-dev}"
TPORT="${BENCH_TEMPORAL_PORT:-7333}"
if [[ "$MODE" == "short" ]]; then LATE="${BENCH_LATE_WINDOW:-10s}"; else LATE="${BENCH_LATE_WINDOW:-30s}"; fi
APP_DATA="$PROJECT_DIR/data/bench-app"
T_DATA="$PROJECT_DIR/data/temporal-bench"
LOG="$APP_DATA/app.log"

say() { printf 'bench.sh: %s\n' "$*"; }

free_port() {
  local p
  for p in $(seq "$1" $(($1 + 200))); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  return 1
}

APP_PID=""
STARTED_TEMPORAL=0
cleanup() {
  if [[ -n "$APP_PID" ]] && kill -0 "$APP_PID" 2>/dev/null; then
    say "stopping payonce (pid $APP_PID)"
    kill -TERM "$APP_PID" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$APP_PID" 2>/dev/null || true
  fi
  if ((STARTED_TEMPORAL)); then
    TEMPORAL_PORT="$TPORT" TEMPORAL_UI_PORT=$((TPORT + 1000)) TEMPORAL_DATA_DIR="$T_DATA" \
      scripts/temporal-dev.sh stop || true
  fi
}
trap cleanup EXIT

if [[ "${BENCH_BUILD:-1}" != 0 ]]; then
  say "building api and bench"
  ./mvnw -B -q -o -pl api,bench -am package -DskipTests || ./mvnw -B -q -pl api,bench -am package -DskipTests
fi

mkdir -p "$APP_DATA"
# Run copies: others rebuilding api/target or bench/target meanwhile must not pull the jars away
# from under the running JVMs.
cp api/target/payonce.jar "$APP_DATA/payonce.jar"
cp bench/target/payonce-bench.jar "$APP_DATA/payonce-bench.jar"
if [[ "${BENCH_KEEP_DATA:-0}" != 1 ]]; then
  rm -rf "$APP_DATA/postgres"    # a fresh ledger (the PostgreSQL binaries under postgres-bin stay)
fi

BENCH_ARGS=()
TEMPORAL_PID=""
# PORT=0: the app binds a free port itself and logs it. A port picked here and bound later could be
# taken meanwhile by another run's app (two benches at once both took 18080, and the health check
# then saw the other one's app).
# Actuator's port is picked here (the health check below reads it; the API's port is the other one
# the app logs).
MPORT="$(free_port 17500)"
# The rate limiter runs on every checkout and pay (its PostgreSQL buckets are part of the cost), with
# limits the load never reaches: the step mode measures payonce, not its limits.
# The bench registers a shop webhook endpoint of its own on 127.0.0.1: plain http, allowed here.
APP_ENV=(PORT=0 MANAGEMENT_PORT="$MPORT" PAYONCE_DATA_DIR="$APP_DATA" PAYONCE_LATE_PAYMENT_WINDOW="$LATE" PAYONCE_SANDBOX_ENABLED=true
  PAYONCE_RATE_LIMITS_PER_CUSTOMER=1000000 PAYONCE_RATE_LIMITS_PER_API_KEY=1000000
  PAYONCE_MERCHANT_EVENTS_ALLOW_HTTP=true)
# A dev server on a host:port is a real Temporal to payonce, which then refuses its built-in key
# and keeps the sandbox off unless asked: a key of this run (never printed) and the sandbox asked
# for. It refuses the built-in client-secret key and ops password too: ones of this run, which
# only the app needs.
# The embedded simulator makes its PSP keys under the data folder; the channels use them.
random_hex() { od -An -tx1 -N12 /dev/urandom | tr -d ' \n'; }
API_KEY="bench-$(random_hex)"
APP_SECRETS=(PAYONCE_API_KEY="$API_KEY" PAYONCE_CLIENT_SECRET_KEY="$(random_hex)$(random_hex)"
  PAYONCE_OPS_PASSWORD="$(random_hex)$(random_hex)")
case "$KIND" in
  dev)
    export TEMPORAL_PORT="$TPORT" TEMPORAL_UI_PORT=$((TPORT + 1000)) TEMPORAL_DATA_DIR="$T_DATA"
    if [[ -n "${BENCH_TEMPORAL_FLAGS:-}" ]]; then
      # e.g. "--dynamic-config-value system.enableActivityEagerExecution=true": a wrapper CLI adds
      # them to `server start-dev` (scripts/temporal-dev.sh takes no extra flags)
      mkdir -p "$T_DATA"
      REAL_CLI="$(scripts/temporal-dev.sh which)"
      printf '#!/usr/bin/env bash\nif [[ "$1 $2" == "server start-dev" ]]; then exec %q "$@" %s; fi\nexec %q "$@"\n' \
        "$REAL_CLI" "$BENCH_TEMPORAL_FLAGS" "$REAL_CLI" >"$T_DATA/temporal-wrapper"
      chmod +x "$T_DATA/temporal-wrapper"
      export TEMPORAL_CLI="$T_DATA/temporal-wrapper"
      if scripts/temporal-dev.sh status >/dev/null 2>&1; then
        say "a dev server already serves 127.0.0.1:$TPORT: stop it first to apply BENCH_TEMPORAL_FLAGS"; exit 2
      fi
    fi
    if ! scripts/temporal-dev.sh status >/dev/null 2>&1; then
      if [[ "${BENCH_KEEP_DATA:-0}" != 1 ]]; then rm -f "$T_DATA"/temporal.db*; fi
      scripts/temporal-dev.sh start
      STARTED_TEMPORAL=1
    fi
    unset TEMPORAL_PORT TEMPORAL_UI_PORT TEMPORAL_DATA_DIR
    TEMPORAL_PID="$(cat "$T_DATA/temporal.pid" 2>/dev/null || true)"
    APP_ENV+=(TEMPORAL_ADDRESS="127.0.0.1:$TPORT")
    BENCH_ARGS+=(--temporal "127.0.0.1:$TPORT" --label "Temporal CLI dev server")
    [[ -n "$TEMPORAL_PID" ]] && BENCH_ARGS+=(--temporal-pid "$TEMPORAL_PID")
    ;;
  embedded)
    EPORT="$(free_port 17400)"
    APP_ENV+=(PAYONCE_EMBEDDED_TEMPORAL_PORT="$EPORT")
    BENCH_ARGS+=(--temporal "127.0.0.1:$EPORT" --label "embedded test server (in the app)")
    ;;
  *) say "BENCH_TEMPORAL must be dev or embedded"; exit 2 ;;
esac
for kv in ${BENCH_APP_ENV:-}; do APP_ENV+=("$kv"); done

JAVA_OPTS=(${BENCH_APP_OPTS:-})
if [[ -n "${BENCH_JFR:-}" ]]; then
  mkdir -p "$(dirname "$BENCH_JFR")"
  JAVA_OPTS+=("-XX:StartFlightRecording=filename=$BENCH_JFR,settings=profile,dumponexit=true")
fi

say "starting payonce on a port it picks (log $LOG): ${APP_ENV[*]} ${JAVA_OPTS[*]}"
: >"$LOG"
env "${APP_SECRETS[@]}" "${APP_ENV[@]}" java "${JAVA_OPTS[@]}" -jar "$APP_DATA/payonce.jar" >>"$LOG" 2>&1 &
APP_PID=$!
PORT_USED=""
for i in $(seq 1 240); do
  if [[ -z "$PORT_USED" ]]; then
    PORT_USED="$(grep -o 'Tomcat started on port [0-9]*' "$LOG" | grep -o '[0-9]*$' | grep -vx "$MPORT" | head -n1 || true)"
  fi
  if [[ -n "$PORT_USED" ]] && curl -fsS "http://127.0.0.1:$MPORT/actuator/health" 2>/dev/null | grep -q '"UP"'; then break; fi
  if ! kill -0 "$APP_PID" 2>/dev/null; then tail -n 40 "$LOG" >&2; say "payonce exited during start-up"; exit 1; fi
  if ((i == 240)); then tail -n 40 "$LOG" >&2; say "payonce was not healthy within 120 s"; exit 1; fi
  sleep 0.5
done
PG_PORT="$(grep -o 'embedded PostgreSQL on port [0-9]*' "$LOG" | head -n1 | grep -o '[0-9]*$' || true)"
if [[ -z "$PG_PORT" ]]; then tail -n 40 "$LOG" >&2; say "payonce did not start (no PostgreSQL port in $LOG)"; exit 1; fi
say "payonce up (pid $APP_PID) on 127.0.0.1:$PORT_USED, PostgreSQL on $PG_PORT"

java -jar "$APP_DATA/payonce-bench.jar" \
  --url "http://127.0.0.1:$PORT_USED" --api-key "$API_KEY" \
  --jdbc-url "jdbc:postgresql://127.0.0.1:$PG_PORT/postgres" \
  --app-pid "$APP_PID" --pg-data-dir "$APP_DATA/postgres" --late-window "$LATE" \
  --management-url "http://127.0.0.1:$MPORT" \
  "${BENCH_ARGS[@]}" "$@"
