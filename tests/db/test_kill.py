"""kill -9 in the middle of writing: every committed batch intact, no partial batch, audit chain whole, file ok.

A child process writes batches of 20 attachments, one transaction each, printing each batch number after its
commit. The parent kills it with SIGKILL at random moments, many times over, and examines the file each time.
"""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cortazar_desk.db.audit import verify_chain
from cortazar_desk.db.engine import DatabaseLocation, make_engine, read_engine

from ..services.test_backup import WRITER, _complete_batches

ROUNDS = 12


@pytest.mark.slow
def test_kill_nine_loop(tmp_path: Path, sqlite_template: Path) -> None:
    path = tmp_path / "cortazar_desk.sqlite"
    path.write_bytes(sqlite_template.read_bytes())
    rng = random.Random(20261129)
    confirmed: set[int] = set()
    seen_rounds_with_work = 0
    for round_no in range(ROUNDS):
        # Each round continues numbering after the batches already present.
        script = WRITER.replace("batch = 0", f"batch = {round_no * 100_000}")
        child = subprocess.Popen([sys.executable, "-c", script, str(path)], stdout=subprocess.PIPE, text=True)
        assert child.stdout is not None
        child.stdout.readline()  # it is writing
        time.sleep(rng.uniform(0.0, 0.3))
        child.send_signal(signal.SIGKILL)
        out, _ = child.communicate()
        confirmed |= {int(line) for line in out.split()}
        seen_rounds_with_work += 1

        with sqlite3.connect(path) as c:
            assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        c.close()
        batches, audit_rows = _complete_batches(path)
        assert all(count == 20 for count in batches.values()), "a partial transaction survived"
        assert confirmed <= set(batches), "a committed batch was lost"
        assert audit_rows == sum(batches.values())
        engine = make_engine(DatabaseLocation.parse(path))
        with read_engine(engine).connect() as conn:
            assert verify_chain(conn).ok
        engine.dispose()
    assert seen_rounds_with_work == ROUNDS and len(confirmed) > ROUNDS
