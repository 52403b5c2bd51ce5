#!/usr/bin/env bash
# The fault-proof run (system-tests/README.md, "Fault proof"): randomized, seeded scenarios against
# the production topology run natively (Temporal dev server, PostgreSQL, the channel simulator, the
# app jar), with channel faults, kill -9 of the app and Temporal restarts; every order checked
# against the channels' ledgers, payonce's ledger and its workflow. Needs the Temporal CLI
# (scripts/temporal-dev.sh install). Builds the jars first (-am).
#
#   scripts/fault-proof.sh short                 # CI's short mode: 240 scenarios, seed 20261126,
#                                                # every fourth adversarial (system-tests/README.md)
#   scripts/fault-proof.sh soak [N] [SEED]       # N scenarios (default 10000); the report is
#                                                # copied to docs/SAFETY-REPORT.md
#   scripts/fault-proof.sh replay SCENARIO_SEED  # one scenario alone, under its batch's faults
#
# Extra Maven arguments can follow, e.g. -Dpayonce.faultProof.concurrency=16,
# -Dpayonce.faultProof.batchSize=100, -Dpayonce.faultProof.maxMinutes=120,
# -Dpayonce.faultProof.temporalSigkill=true. The report is system-tests/target/fault-proof-report.md.
set -euo pipefail
cd "$(dirname "$0")/.."

mode="${1:-short}"
shift || true
args=()
case "$mode" in
  short) ;;
  soak)
    scenarios=10000
    if [[ $# -gt 0 && "$1" =~ ^[0-9]+$ ]]; then scenarios="$1"; shift; fi
    args+=("-Dpayonce.faultProof.scenarios=$scenarios")
    if [[ $# -gt 0 && "$1" =~ ^-?[0-9]+$ ]]; then args+=("-Dpayonce.faultProof.seed=$1"); shift; fi
    ;;
  replay)
    if [[ $# -lt 1 ]]; then echo "usage: $0 replay SCENARIO_SEED" >&2; exit 2; fi
    args+=("-Dpayonce.faultProof.only=$1")
    shift
    ;;
  *) echo "usage: $0 short | soak [N] [SEED] | replay SCENARIO_SEED  [maven args...]" >&2; exit 2 ;;
esac

rc=0
./mvnw -B -pl system-tests -am verify -Dpayonce.systemTests=true \
  -Dtest=FaultProofSystemTest -Dsurefire.failIfNoSpecifiedTests=false \
  "${args[@]}" "$@" || rc=$?

report=system-tests/target/fault-proof-report.md
if [[ "$mode" == soak && -f "$report" ]]; then
  cp "$report" docs/SAFETY-REPORT.md
  echo "fault-proof: report copied to docs/SAFETY-REPORT.md"
fi
exit "$rc"
