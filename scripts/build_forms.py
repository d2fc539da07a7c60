"""Compile forms/*.ui (Qt Designer) into src/cortazar_desk/ui_forms/*.py with pyside6-uic.

Run by scripts/setup.sh, so a fresh clone has its forms before tests run. Rebuilds only what changed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORMS = ROOT / "forms"
OUT = ROOT / "src" / "cortazar_desk" / "ui_forms"
HEADER = "# Generated from forms/{name} by scripts/build_forms.py: do not edit, edit the .ui file instead.\n"


def uic_command() -> list[str]:
    exe = Path(sys.executable).with_name("pyside6-uic")
    return [str(exe)] if exe.exists() else [shutil.which("pyside6-uic") or "pyside6-uic"]


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    init = OUT / "__init__.py"
    if not init.exists():
        init.write_text('"""Generated from forms/*.ui; do not edit."""\n', encoding="utf-8")
    built = 0
    for ui in sorted(FORMS.glob("*.ui")):
        target = OUT / f"{ui.stem}.py"
        if target.exists() and target.stat().st_mtime >= ui.stat().st_mtime:
            continue
        run = subprocess.run([*uic_command(), str(ui)], capture_output=True, text=True)
        if run.returncode != 0:
            print(f"pyside6-uic failed on {ui.name}:\n{run.stderr}", file=sys.stderr)
            return 1
        target.write_text(HEADER.format(name=ui.name) + run.stdout, encoding="utf-8")
        built += 1
    print(f"forms: {built} compiled")
    return 0


if __name__ == "__main__":
    sys.exit(main())
