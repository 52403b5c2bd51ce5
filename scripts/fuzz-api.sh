#!/usr/bin/env bash
# Schema-driven fuzz of payonce's HTTP API, from the OpenAPI description the app publishes itself
# (springdoc, /v3/api-docs), with schemathesis (PyPI), installed on first use into
# .tools/fuzz-venv (git-ignored).
#
# The app is started here from api/target/payonce.jar on its embedded defaults (the Temporal SDK's
# test server, an embedded PostgreSQL in a fresh temporary folder, the channel simulator), on a
# free loopback port with a random API key, and stopped at the end whatever happens. Every
# operation is fuzzed with the API key header (the webhook endpoint too: it must refuse with 401).
#
# Exits non-zero if schemathesis finds a failing check: by default all of them (no 5xx, every
# status code, content type, header and body as documented, schema-valid requests accepted and
# schema-invalid ones rejected, stateful sequences through the links it infers).
#
#   scripts/fuzz-api.sh                 # 100 examples per operation, seed 1
#   FUZZ_MAX_EXAMPLES=500 FUZZ_SEED=7 scripts/fuzz-api.sh
#   FUZZ_CHECKS=not_a_server_error scripts/fuzz-api.sh
#
# Needs a JDK 17+ and python3 (venv + pip); build the jar first (./mvnw -B package -DskipTests).
set -euo pipefail

PROJECT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SCHEMATHESIS_VERSION="4.32.5"
VENV="$PROJECT_DIR/.tools/fuzz-venv"
ST="$VENV/bin/schemathesis"
JAR="${PAYONCE_JAR:-$PROJECT_DIR/api/target/payonce.jar}"
MAX_EXAMPLES="${FUZZ_MAX_EXAMPLES:-100}"
SEED="${FUZZ_SEED:-1}"
CHECKS="${FUZZ_CHECKS:-all}"
REPORT_DIR="${FUZZ_REPORT_DIR:-$PROJECT_DIR/target/fuzz-api}"

say() { printf 'fuzz-api: %s\n' "$*"; }

if [[ ! -f "$JAR" ]]; then
  say "$JAR is missing: build it first with ./mvnw -B package -DskipTests"
  exit 2
fi

if ! "$ST" --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION"; then
  say "installing schemathesis $SCHEMATHESIS_VERSION into .tools/fuzz-venv"
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi
say "$("$ST" --version)"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
PORT="$(free_port)"
MANAGEMENT_PORT="$(free_port)"
KEY="fuzz-$(python3 -c 'import secrets; print(secrets.token_hex(12))')"
DATA="$(mktemp -d)"
APP_PID=""

stop_app() {
  if [[ -n "$APP_PID" ]] && kill -0 "$APP_PID" 2>/dev/null; then
    kill "$APP_PID" 2>/dev/null || true
    for _ in $(seq 1 40); do
      kill -0 "$APP_PID" 2>/dev/null || break
      sleep 0.5
    done
    kill -9 "$APP_PID" 2>/dev/null || true
    wait "$APP_PID" 2>/dev/null || true
  fi
}

finish() {
  local rc=$?
  stop_app
  if ((rc != 0)) && [[ -f "$DATA/app.log" ]]; then
    say "the app's log ends with:"
    tail -40 "$DATA/app.log" || true
    mkdir -p "$REPORT_DIR" && cp "$DATA/app.log" "$REPORT_DIR/app.log" || true
  fi
  rm -rf "$DATA"
  exit "$rc"
}
trap finish EXIT

say "starting $JAR on 127.0.0.1:$PORT (embedded Temporal and PostgreSQL in $DATA)"
(
  cd "$DATA"
  exec env -u TEMPORAL_ADDRESS -u SPRING_DATASOURCE_URL -u SPRING_DATASOURCE_USERNAME -u SPRING_DATASOURCE_PASSWORD \
    -u ALIPAY_BASE_URL -u WECHAT_BASE_URL -u PAYONCE_PUBLIC_URL \
    PORT="$PORT" MANAGEMENT_PORT="$MANAGEMENT_PORT" MANAGEMENT_SERVER_ADDRESS=127.0.0.1 PAYONCE_API_KEY="$KEY" PAYONCE_DATA_DIR="$DATA/data" SERVER_ADDRESS=127.0.0.1 \
    java -Xmx512m -XX:+UseSerialGC -jar "$JAR" >"$DATA/app.log" 2>&1
) &
APP_PID=$!

for i in $(seq 1 240); do
  if curl -fsS -o /dev/null "http://127.0.0.1:$MANAGEMENT_PORT/actuator/health" 2>/dev/null; then
    break
  fi
  if ! kill -0 "$APP_PID" 2>/dev/null; then
    say "the app exited before it was healthy"
    exit 1
  fi
  if ((i == 240)); then
    say "the app was not healthy within 120 s"
    exit 1
  fi
  sleep 0.5
done
say "app healthy; OpenAPI: $(curl -fsS "http://127.0.0.1:$PORT/v3/api-docs" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d["paths"]), "paths:", ", ".join(sorted(d["paths"])))')"

mkdir -p "$REPORT_DIR"
say "schemathesis: checks $CHECKS, $MAX_EXAMPLES examples per operation, seed $SEED; reports in $REPORT_DIR"
set +e
"$ST" run "http://127.0.0.1:$PORT/v3/api-docs" \
  --header "Authorization: Bearer $KEY" \
  --checks "$CHECKS" \
  --max-examples "$MAX_EXAMPLES" \
  --seed "$SEED" \
  --workers 2 \
  --request-timeout 30 \
  --generation-database none \
  --report junit \
  --report-dir "$REPORT_DIR" \
  --no-color
rc=$?
set -e
errors_logged="$(grep -c ' ERROR ' "$DATA/app.log" 2>/dev/null || true)"
say "schemathesis exit code $rc; ERROR lines in the app's log: ${errors_logged:-0}"
if ((errors_logged > 0)); then
  grep ' ERROR ' "$DATA/app.log" | head -20
fi
exit "$rc"
