#!/usr/bin/env bash
# Sets everything up, including PostgreSQL and the other system packages the tests use, then runs ruff, mypy
# (layers below the UI) and the whole pytest suite headless. The tests start their own PostgreSQL server.
# Extra arguments go to pytest, e.g. scripts/test.sh -m "not slow" -x
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
"$ROOT/scripts/setup.sh" --test

export QT_QPA_PLATFORM=offscreen
echo "== ruff"
.venv/bin/ruff check src tests scripts
echo "== mypy"
.venv/bin/mypy
echo "== pytest"
.venv/bin/python -m pytest "$@"
