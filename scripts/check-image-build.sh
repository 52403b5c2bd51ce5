#!/usr/bin/env bash
# Proves the Dockerfile's images build, without a Docker engine: runs its build stage in a clean
# folder holding exactly what that stage COPYs from this checkout (minus what .dockerignore drops),
# with its RUN command, then checks what the runtime stages copy out of it:
#   - every `COPY --from=build` source exists;
#   - payonce.jar is the production one: no embedded PostgreSQL binaries (x86-64 only);
#   - the HEALTHCHECK is a valid exec form probing the management port's /actuator/health.
# Maven's repository (~/.m2) stands in for the build's cache mount.
#
#   scripts/check-image-build.sh
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'check-image-build: %s\n' "$*"; }
fail() { say "$*" >&2; exit 1; }

CONTEXT="$(mktemp -d)"
trap 'rm -rf "$CONTEXT"' EXIT

# The build stage: from `FROM ... AS build` to the next FROM, continuation lines joined.
build_stage="$(awk '/^FROM .* AS build$/{on=1; next} /^FROM /{on=0} on' Dockerfile | sed -e ':a' -e '/\\$/N; s/\\\n//; ta')"
[[ -n "$build_stage" ]] || fail "no 'FROM ... AS build' stage in the Dockerfile"

copies=0
while read -r _ args; do
  read -ra parts <<<"$args"
  dest="${parts[-1]}"
  for src in "${parts[@]:0:${#parts[@]}-1}"; do
    [[ -e "$src" ]] || fail "the Dockerfile copies $src, which this checkout lacks"
    # a trailing slash on the destination means "into this folder", as COPY does
    target="$CONTEXT/${dest%/}"
    [[ "$dest" == ./ ]] && target="$CONTEXT"
    mkdir -p "$target"
    if [[ -d "$src" ]]; then
      cp -r "$src/." "$target/"
    else
      cp "$src" "$target/"
    fi
    copies=$((copies + 1))
  done
done < <(grep -E '^COPY ' <<<"$build_stage")
say "build context: $copies sources copied as the build stage copies them"
# what .dockerignore keeps out of the context must not be there either
find "$CONTEXT" -type d -name target -prune -exec rm -rf {} +

run="$(grep -E '^RUN ' <<<"$build_stage" | sed -E 's/^RUN +//; s/--mount=[^ ]+ +//g')"
[[ -n "$run" ]] || fail "no RUN in the build stage"
run="${run//\/out/$CONTEXT/out}"
say "RUN $run"
(cd "$CONTEXT" && bash -euo pipefail -c "$run")

while read -r src; do
  [[ -f "$CONTEXT$src" ]] || fail "a runtime stage copies $src from the build stage, which did not make it"
  say "built $src ($(du -h "$CONTEXT$src" | cut -f1))"
done < <(grep -oE '^COPY --from=build [^/]*(/out/[^ ]+)' Dockerfile | grep -oE '/out/[^ ]+')

if jar tf "$CONTEXT/out/payonce.jar" | grep -q 'embedded-postgres-binaries'; then
  fail "payonce.jar holds the embedded PostgreSQL's binaries: the image must not (-Pimage)"
fi
say "payonce.jar has no embedded PostgreSQL binaries"

healthcheck="$(sed -n '/^HEALTHCHECK/,/^[A-Z]/p' Dockerfile | grep -oE 'CMD \[.*\]$' | sed 's/^CMD //')"
python3 - "$healthcheck" <<'EOF'
import json, sys
command = json.loads(sys.argv[1])
assert command[:2] == ["bash", "-c"], command
assert "/dev/tcp/127.0.0.1/${MANAGEMENT_PORT:-8081}" in command[2] and "/actuator/health" in command[2], command
print("check-image-build: HEALTHCHECK probes", command[2].split("&&")[0].strip())
EOF
say "ok"
