#!/usr/bin/env bash
# The fault test alone (docs/FAULTS.md): three node processes on PostgreSQL under load, nodes
# killed and restarted. `--minutes N` runs the load for N minutes (default: the short run of CI).
set -euo pipefail
cd "$(dirname "$0")/.."

while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) export LEVERAGE_FAULT_MINUTES="$2"; shift 2 ;;
    *) echo "usage: tests/faults.sh [--minutes N]" >&2; exit 2 ;;
  esac
done

exec bash tests/run.sh --filter "FullyQualifiedName~LeverageActors.Tests.Faults.FaultSpecs" --logger "console;verbosity=normal"
