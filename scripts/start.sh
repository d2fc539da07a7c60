#!/usr/bin/env bash
# Sets everything up (scripts/setup.sh) and opens Cortazar Desk. Options go to the program, e.g. --demo.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/setup.sh"
exec "$ROOT/.venv/bin/python" -m cortazar_desk "$@"
