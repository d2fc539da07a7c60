#!/usr/bin/env bash
# Sets everything up and prints the performance figures with their same-run baselines (not part of CI).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/setup.sh"
"$ROOT/.venv/bin/python" "$ROOT/scripts/bench.py" "$@"
exec "$ROOT/.venv/bin/python" "$ROOT/scripts/bench_media.py" "$@"
