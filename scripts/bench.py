"""Performance figures, each beside a baseline measured in the same run, as a ratio; medians of several runs.

    scripts/bench.sh            (or .venv/bin/python scripts/bench.py --runs 5)

Start-up, on the demo database with a warm file cache and no backup due, against a bare PySide6 QMainWindow
started the same way. Each child process prints the wall-clock time of the moment measured (its first paint); the
figure is that moment minus the moment the benchmark launched the process, so process exit is not counted.
Two figures: the main window shown (its first paint, before the database layer loads) and the home page shown
with the office's data. Goal <= 2.5x. A third line shows the floor the chosen stack sets: the same bare window
plus ``import sqlalchemy.orm`` (the database layer's import alone).
Later issues add their figures here.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

STARTUP_GOAL = 2.5
BARE_WINDOW = """
import sys, time
{extra}
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, done)
        return False
def done():
    print(f"shown {{time.time():.6f}}", flush=True)
    app.quit()
app = QApplication(sys.argv[:1])
window = QMainWindow()
watcher = FirstPaint(window)
window.installEventFilter(watcher)
window.show()
sys.exit(app.exec())
"""


def until_reported(cmd: list[str], env: dict[str, str]) -> float:
    """Seconds from launching ``cmd`` to the moment it reports on its standard output."""
    launched = time.time()
    run = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if run.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{run.stderr}")
    reported = [line.split() for line in run.stdout.splitlines() if line.startswith(("shown ", "ready "))]
    if not reported:
        raise SystemExit(f"no time reported by {' '.join(cmd)}\n{run.stdout}\n{run.stderr}")
    return float(reported[-1][1]) - launched


def startup(runs: int) -> dict[str, float]:
    home = Path(tempfile.mkdtemp(prefix="cortazar-bench-"))
    env = {**os.environ, "CORTAZAR_DESK_HOME": str(home)}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    python = sys.executable
    subprocess.run([python, "-m", "cortazar_desk", "demo"], env=env, check=True, capture_output=True)
    subprocess.run([python, "-m", "cortazar_desk", "backup"], env=env, check=True, capture_output=True)  # none due
    commands = {
        "bare": ([python, "-c", BARE_WINDOW.format(extra="")], env),
        "floor": ([python, "-c", BARE_WINDOW.format(extra="import sqlalchemy.orm")], env),
        "shown": ([python, "-m", "cortazar_desk"], {**env, "CORTAZAR_DESK_QUIT_WHEN": "shown"}),
        "ready": ([python, "-m", "cortazar_desk"], {**env, "CORTAZAR_DESK_QUIT_WHEN": "ready"}),
    }
    for cmd, cmd_env in commands.values():  # warm the file cache (and any first-start work)
        until_reported(cmd, cmd_env)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):  # interleaved, so a noisy moment affects all alike
        for name, (cmd, cmd_env) in commands.items():
            times[name].append(until_reported(cmd, cmd_env))
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"Cortazar Desk benchmark: median of {args.runs} runs, baseline measured in the same run")
    print(f"{'figure':<50}{'app':>9}{'baseline':>10}{'ratio':>8}{'goal':>8}  verdict")
    m = startup(args.runs)
    for label, name in (("start-up: main window shown (first paint)", "shown"),
                        ("start-up: home page shown with its data", "ready")):
        ratio = m[name] / m["bare"]
        verdict = "ok" if ratio <= STARTUP_GOAL else "OVER GOAL"
        print(f"{label:<50}{m[name]:>8.3f}s{m['bare']:>9.3f}s{ratio:>7.2f}x{STARTUP_GOAL:>7.1f}x  {verdict}")
    print(f"{'  floor: bare window + import sqlalchemy.orm':<50}{m['floor']:>8.3f}s{m['bare']:>9.3f}s"
          f"{m['floor'] / m['bare']:>7.2f}x")
    print(f"{'  home page with data against that floor':<50}{m['ready']:>8.3f}s{m['floor']:>9.3f}s"
          f"{m['ready'] / m['floor']:>7.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
