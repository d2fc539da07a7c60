"""Inventory figures at scale (issue: inventory), each beside a baseline measured in the same run.

    .venv/bin/python scripts/bench_inventory.py [--rows 50000] [--runs 5]

- import of an N-row workbook into an empty database (read, validate, store, audit, pre-import backup included)
  against LibreOffice opening the same file headless (warmed once); goal <= 1x. Without LibreOffice, against a raw
  openpyxl read-only pass (goal <= 2x).
- export of N assets against LibreOffice saving the same rows as .xlsx (from CSV); goal <= 1.5x.
- the inventory page ready (rows loaded, permit status computed, model filled) against a raw SQL read of the same
  columns and of the permit-status inputs; goal <= 1.5x. A filter keystroke (text change to table updated) <= 50 ms.
- memory of a process holding the inventory page with N assets (no map) <= 400 MB.
SQLite; medians of --runs (the import and export, the slow ones, of min(3, runs)).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

STREETS = ("Hidalgo", "Allende", "Juárez", "Melchor Ocampo", "Francisco I. Madero", "5 de Mayo")
TYPES = ("Espectacular", "Barda", "Lona", "Pendón", "Mampara", "Valla")
HEADERS = ["Folio", "Tipo", "Calle", "Número", "Colonia", "Latitud", "Longitud", "Caras", "Ancho", "Alto",
           "Material", "Propietario", "Teléfono", "Propiedad", "Estado", "Número de permiso", "Vigencia",
           "Observaciones", "Referencia", "Orientación"]


def median_of(runs: int, fn: Callable[[], float]) -> float:
    return statistics.median(fn() for _ in range(runs))


def make_workbook(path: Path, rows: int) -> None:
    from datetime import date, timedelta

    from openpyxl import Workbook

    rng = random.Random(7)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Inventario")
    ws.append(HEADERS)
    prefixes = {"Espectacular": "ESP", "Barda": "BAR", "Lona": "LON", "Pendón": "PEN", "Mampara": "MAM",
                "Valla": "VAL"}
    counters = dict.fromkeys(prefixes.values(), 0)
    for n in range(rows):
        kind = TYPES[n % len(TYPES)]
        prefix = prefixes[kind]
        counters[prefix] += 1
        ws.append([f"{prefix}-{counters[prefix]:05d}", kind, rng.choice(STREETS), str(rng.randint(1, 500)),
                   "Zona Centro", round(20.45 + rng.random() * 0.05, 6), round(-100.99 + rng.random() * 0.05, 6),
                   1, 3.5, 2.0, "Lona", f"Persona {n} (inventada)", "411 000 0000", "Rentado", "Bueno",
                   f"DU-{n:06d}", date(2026, 1, 1) + timedelta(days=n % 700), "Sin observaciones",
                   "Frente a la plaza", "Norte"])
    wb.save(path)


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def lo_convert(src: Path, fmt: str, outdir: Path, profile: Path) -> float:
    start = time.perf_counter()
    subprocess.run([soffice() or "soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{profile}",
                    "--convert-to", fmt, "--outdir", str(outdir), str(src)], check=True, capture_output=True)
    return time.perf_counter() - start


def fresh_station(root: Path):  # type: ignore[no-untyped-def]
    from cortazar_desk.config import WorkstationConfig
    from cortazar_desk.paths import AppDirs
    from cortazar_desk.services.workstation import Workstation

    if root.exists():
        shutil.rmtree(root)
    dirs = AppDirs(root / "data", root / "config", root / "logs", root / "respaldos").ensure()
    return Workstation.resolve(dirs, WorkstationConfig())


def import_once(workbook: Path, root: Path) -> float:
    from cortazar_desk.services.inventory_import import apply_import, preview_import

    station = fresh_station(root)
    db = station.open()
    try:
        start = time.perf_counter()
        preview = preview_import(db, workbook)
        station.backup("antes-de-importar")
        result = apply_import(db, preview)
        elapsed = time.perf_counter() - start
        assert result.errors == 0, result
        return elapsed
    finally:
        db.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    slow_runs = min(3, args.runs)
    work = Path(tempfile.mkdtemp(prefix="cortazar-bench-inv-"))
    workbook = work / "inventario.xlsx"
    make_workbook(workbook, args.rows)
    print(f"Inventario, {args.rows:,} anuncios; medianas (importación y exportación de {slow_runs}, lo demás de "
          f"{args.runs}); línea base medida en la misma corrida")
    print(f"{'figure':<52}{'app':>10}{'baseline':>11}{'ratio':>8}{'goal':>8}  verdict")

    def line(label: str, app: float, base: float | None, goal: float, unit: str = "s") -> None:
        if base is None:
            verdict = "ok" if app <= goal else "OVER GOAL"
            print(f"{label:<52}{app:>9.3f}{unit}{'':>11}{'':>8}{goal:>7.3f}{unit}  {verdict}")
            return
        ratio = app / base
        verdict = "ok" if ratio <= goal else "OVER GOAL"
        print(f"{label:<52}{app:>9.3f}{unit}{base:>10.3f}{unit}{ratio:>7.2f}x{goal:>7.1f}x  {verdict}")

    # import vs LibreOffice opening the same workbook
    profile = work / "lo-profile"
    if soffice():
        lo_convert(workbook, "csv", work, profile)  # warm-up
        lo_open = median_of(slow_runs, lambda: lo_convert(workbook, "csv", work, profile))
    else:
        lo_open = None
    imported = median_of(slow_runs, lambda: import_once(workbook, work / "import"))
    if lo_open is not None:
        line("import (backup included) vs LibreOffice open", imported, lo_open, 1.0)
    else:
        from openpyxl import load_workbook

        def raw_read() -> float:
            start = time.perf_counter()
            wb = load_workbook(workbook, read_only=True)
            for _row in wb.worksheets[0].iter_rows(values_only=True):
                pass
            wb.close()
            return time.perf_counter() - start

        line("import vs raw openpyxl read (no LibreOffice)", imported, median_of(slow_runs, raw_read), 2.0)

    # the database the import left: export, page, memory
    from cortazar_desk.services.inventory_export import export_inventory

    station = fresh_station(work / "import-keep")
    db = station.open()
    from cortazar_desk.services.inventory_import import apply_import, preview_import

    apply_import(db, preview_import(db, workbook))

    def export_once() -> float:
        start = time.perf_counter()
        export_inventory(db, work / "export.xlsx")
        return time.perf_counter() - start

    exported = median_of(slow_runs, export_once)
    if soffice():
        csv = work / "inventario.csv"
        lo_save = median_of(slow_runs, lambda: lo_convert(csv, "xlsx", work / "lo-out", profile))
        line("export vs LibreOffice save (.csv -> .xlsx)", exported, lo_save, 1.5)
    else:
        line("export (no LibreOffice to compare)", exported, None, 60.0)

    from PySide6.QtWidgets import QApplication
    from sqlalchemy import text

    from cortazar_desk.services.assets import list_assets
    from cortazar_desk.ui.models.asset_model import AssetFilter, AssetFilterProxy, AssetTableModel

    app = QApplication.instance() or QApplication(sys.argv[:1])

    def raw_sql() -> float:
        start = time.perf_counter()
        with db.read() as s:
            s.execute(text("SELECT a.id, a.folio, t.code, t.name, a.street, a.number, a.colonia, l.name, "
                           "a.owner_name, a.ownership, a.condition, a.active, a.lat, a.lon, a.version FROM asset a "
                           "JOIN asset_type t ON t.id = a.type_id LEFT JOIN locality l ON l.id = a.locality_id "
                           "ORDER BY a.folio")).all()
            s.execute(text("SELECT asset_id, kind, valid_until, number FROM asset_document WHERE active")).all()
            s.execute(text("SELECT type_code, ownership, kinds FROM requirement_rule")).all()
        return time.perf_counter() - start

    model = AssetTableModel()
    proxy = AssetFilterProxy()
    proxy.setSourceModel(model)

    def page_ready() -> float:
        start = time.perf_counter()
        model.set_rows(list_assets(db))
        proxy.rowCount()
        return time.perf_counter() - start

    line("inventory page ready vs raw SQL of the same data", median_of(args.runs, page_ready),
         median_of(args.runs, raw_sql), 1.5)

    def keystroke() -> float:
        proxy.set_filter(AssetFilter(text="", situation="todos"))
        start = time.perf_counter()
        proxy.set_filter(AssetFilter(text="hidalgo 12", situation="todos"))
        proxy.rowCount()
        return time.perf_counter() - start

    line("filter keystroke (text change to table updated)", median_of(args.runs, keystroke) * 1000, None, 50.0,
         "ms")
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    line("peak memory, this process (page filled, no map)", rss_mb, None, 400.0, "MB")
    db.dispose()
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
