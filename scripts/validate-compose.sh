#!/usr/bin/env bash
# Validates docker-compose.yml without a Docker engine:
#   1. against the Compose Specification's JSON schema, as vendored by check-jsonschema
#      (python-jsonschema/check-jsonschema, PyPI; `--builtin-schema vendor.compose-spec`), and a
#      deliberately broken copy must fail the same check (proves the schema is really applied);
#   2. cross-references a schema cannot see: depends_on targets exist, build targets are stages of
#      the Dockerfile, bind-mounted files exist, payonce and the simulator get every variable the
#      docs/OPERATIONS.md documents, and every required ${VAR:?} is in docs/compose.env.example.
# check-jsonschema is installed on first use into .tools/compose-venv (git-ignored).
#
#   scripts/validate-compose.sh [compose-file]
set -euo pipefail

PROJECT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
COMPOSE_FILE="${1:-$PROJECT_DIR/docker-compose.yml}"
CHECK_JSONSCHEMA_VERSION="0.39.0"
VENV="$PROJECT_DIR/.tools/compose-venv"
CHECKER="$VENV/bin/check-jsonschema"

say() { printf 'validate-compose: %s\n' "$*"; }

if ! "$CHECKER" --version 2>/dev/null | grep -q "$CHECK_JSONSCHEMA_VERSION"; then
  say "installing check-jsonschema $CHECK_JSONSCHEMA_VERSION into .tools/compose-venv"
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
    "check-jsonschema==$CHECK_JSONSCHEMA_VERSION"
fi

say "schema: $("$CHECKER" --version) --builtin-schema vendor.compose-spec"
"$CHECKER" --builtin-schema vendor.compose-spec "$COMPOSE_FILE"

# The schema must reject a misspelt service key: if this passes, the check above proves nothing.
broken="$(mktemp --suffix=.yml)"
trap 'rm -f "$broken"' EXIT
sed 's/^    image: postgres:/    imagee: postgres:/' "$COMPOSE_FILE" >"$broken"
if cmp -s "$COMPOSE_FILE" "$broken"; then
  say "self-test could not break $COMPOSE_FILE (no 'image: postgres:' line?)"
  exit 1
fi
if "$CHECKER" --builtin-schema vendor.compose-spec "$broken" >/dev/null 2>&1; then
  say "self-test failed: a compose file with a misspelt key passed the schema"
  exit 1
fi
say "self-test ok: a misspelt key is rejected"

"$VENV/bin/python" - "$COMPOSE_FILE" "$PROJECT_DIR" <<'PY'
import os, re, sys
from ruamel.yaml import YAML

compose_file, project = sys.argv[1], sys.argv[2]
base = os.path.dirname(os.path.abspath(compose_file))
doc = YAML(typ="safe").load(open(compose_file))
services = doc.get("services", {})
errors = []

def env_of(name):
    env = services.get(name, {}).get("environment", {})
    if isinstance(env, list):
        env = dict(e.split("=", 1) if "=" in e else (e, None) for e in env)
    return env

for name, svc in services.items():
    deps = svc.get("depends_on", {})
    for dep in (deps if isinstance(deps, (list, dict)) else []):
        if dep not in services:
            errors.append(f"{name}: depends_on unknown service {dep}")
    build = svc.get("build")
    if isinstance(build, dict):
        dockerfile = os.path.join(base, build.get("context", "."), build.get("dockerfile", "Dockerfile"))
        if not os.path.isfile(dockerfile):
            errors.append(f"{name}: no {dockerfile}")
        elif "target" in build:
            stages = re.findall(r"(?im)^FROM\s+\S+\s+AS\s+(\S+)", open(dockerfile).read())
            if build["target"] not in stages:
                errors.append(f"{name}: build target {build['target']} is not a stage of {dockerfile} {stages}")
    for volume in svc.get("volumes", []):
        source = volume.split(":", 1)[0] if isinstance(volume, str) else volume.get("source", "")
        if source.startswith((".", "/")) and not os.path.exists(os.path.join(base, source)):
            errors.append(f"{name}: bind mount source {source} does not exist")

expected = {
    "payonce": ["TEMPORAL_ADDRESS", "SPRING_DATASOURCE_URL", "SPRING_DATASOURCE_USERNAME",
                "SPRING_DATASOURCE_PASSWORD", "PAYONCE_API_KEY", "PAYONCE_CLIENT_SECRET_KEY", "PAYONCE_OPS_PASSWORD", "ALIPAY_BASE_URL", "WECHAT_BASE_URL",
                "PAYONCE_PUBLIC_URL", "PAYONCE_SECRETS_DIR", "PAYONCE_SANDBOX_ENABLED"],
    "channel-sandbox": ["SANDBOX_KEYS_DIR", "SANDBOX_MERCHANT_SETTINGS_DIR"],
}
for name, variables in expected.items():
    if name not in services:
        errors.append(f"no service {name}")
        continue
    env = env_of(name)
    errors += [f"{name}: environment lacks {v}" for v in variables if v not in env]
if str(env_of("payonce").get("PAYONCE_SANDBOX_ENABLED")).lower() != "false":
    errors.append("payonce: PAYONCE_SANDBOX_ENABLED must be false (the simulator is its own service)")
# payonce refuses to start on a real Temporal with its built-in keys: they must come from .env
for v in ["PAYONCE_API_KEY", "PAYONCE_CLIENT_SECRET_KEY", "PAYONCE_OPS_PASSWORD"]:
    if not re.fullmatch(r"\$\{[A-Z0-9_]+:\?[^}]*\}", str(env_of("payonce").get(v, ""))):
        errors.append(f"payonce: {v} must be a required variable (${{NAME:?message}}), never a literal")

text = open(compose_file).read()
required = set(re.findall(r"\$\{([A-Z0-9_]+):\?", text))
example = os.path.join(project, "docs", "compose.env.example")
documented = set(re.findall(r"(?m)^#?\s*([A-Z0-9_]+)=", open(example).read())) if os.path.isfile(example) else set()
errors += [f"required ${{{v}}} is not in docs/compose.env.example" for v in sorted(required - documented)]

if errors:
    print("validate-compose: " + "\nvalidate-compose: ".join(errors), file=sys.stderr)
    sys.exit(1)
print(f"validate-compose: cross-references ok ({len(services)} services: {', '.join(services)})")
PY
