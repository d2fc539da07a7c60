"""Inventory figures at scale (issue: inventory), each beside a baseline measured in the same run.

    .venv/bin/python scripts/bench_inventory.py [--rows 50000] [--runs 5] [--no-postgresql]

- import of an N-row workbook into an empty database (read, validate, store, audit, pre-import backup included)
  against LibreOffice opening the same file headless (warmed once); goal <= 1x. Without LibreOffice, against a raw
  python-calamine read of the same file (goal <= 2x). The same workbook imported again (every row already there,
  nothing changes) is printed too, without a goal.
- export of N assets against LibreOffice saving the same rows as .xlsx (from CSV); goal <= 1.5x.
- the inventory page ready (the real page: rows loaded, permit status computed, table painted) against a raw SQL
  read of the same columns and of the permit-status inputs; goal <= 1.5x. Also printed, without a goal, against the
  same reads on the driver's own cursor (no SQLAlchemy result rows): a stricter floor. A filter keystroke, from the
  text change in the search box to the table painted, typing "hidalgo 12" and deleting it again: median <= 50 ms.
  The page's refresh after one asset was edited (only that asset read again) is printed too, without a goal, and
  the page opened after the window's start-up warm-up built the asset list in the background.
- memory of the app itself (python -m cortazar_desk) showing the inventory page with N assets, no map: <= 400 MB.
Medians of --runs on SQLite; the same figures on PostgreSQL after them (a server started for the run, as the tests
do; its pre-import backup is pg_dump's, and is left out there).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent

STREETS = ("Hidalgo", "Allende", "Juárez", "Melchor Ocampo", "Francisco I. Madero", "5 de Mayo")
TYPES = ("Espectacular", "Barda", "Lona", "Pendón", "Mampara", "Valla")
HEADERS = ["Folio", "Tipo", "Calle", "Número", "Colonia", "Latitud", "Longitud", "Caras", "Ancho", "Alto",
           "Material", "Propietario", "Teléfono", "Propiedad", "Estado", "Número de permiso", "Vigencia",
           "Observaciones", "Referencia", "Orientación"]
SEARCH = "hidalgo 12"


RAW_ASSETS = ("SELECT a.id, a.folio, t.code, t.name, a.street, a.number, a.colonia, l.name, a.owner_name, a.ownership, "
              "a.condition, a.active, a.lat, a.lon, a.version FROM asset a JOIN asset_type t ON t.id = a.type_id "
              "LEFT JOIN locality l ON l.id = a.locality_id ORDER BY a.folio")
RAW_DOCUMENTS = "SELECT asset_id, kind, valid_until, number FROM asset_document WHERE active"
RAW_RULES = "SELECT type_code, ownership, kinds FROM requirement_rule"


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


def fresh_station(root: Path, database: str = ""):  # type: ignore[no-untyped-def]
    from cortazar_desk.config import WorkstationConfig
    from cortazar_desk.paths import AppDirs
    from cortazar_desk.services.workstation import Workstation

    if root.exists():
        shutil.rmtree(root)
    dirs = AppDirs(root / "data", root / "config", root / "logs", root / "respaldos").ensure()
    return Workstation.resolve(dirs, WorkstationConfig(database=database))


class Line:
    def __init__(self) -> None:
        print(f"{'figure':<58}{'app':>10}{'baseline':>11}{'ratio':>8}{'goal':>8}  verdict")

    def __call__(self, label: str, app: float, base: float | None, goal: float | None, unit: str = "s") -> None:
        if goal is None:  # printed for information: no goal in the issue
            assert base is not None
            print(f"{label:<58}{app:>9.3f}{unit}{base:>10.3f}{unit}{app / base:>7.2f}x{'':>8}  (no goal)", flush=True)
            return
        if base is None:
            verdict = "ok" if app <= goal else "OVER GOAL"
            print(f"{label:<58}{app:>9.3f}{unit}{'':>11}{'':>8}{goal:>7.0f}{unit}  {verdict}", flush=True)
            return
        ratio = app / base
        verdict = "ok" if ratio <= goal else "OVER GOAL"
        print(f"{label:<58}{app:>9.3f}{unit}{base:>10.3f}{unit}{ratio:>7.2f}x{goal:>7.1f}x  {verdict}", flush=True)


def measure_backend(name: str, make_station: Callable[[], object], workbook: Path, runs: int, line: Line,
                    lo_open: float | None, lo_save: float | None, raw_read: float, work: Path,
                    backup: bool) -> Path | None:
    """Import, export, page ready and keystrokes on one backend; returns the SQLite file it filled (else None)."""
    from cortazar_desk.services.inventory_export import export_inventory
    from cortazar_desk.services.inventory_import import apply_import, preview_import

    def import_once() -> float:
        station = make_station()
        db = station.open()  # type: ignore[attr-defined]
        try:
            start = time.perf_counter()
            preview = preview_import(db, workbook)
            if backup:
                station.backup("antes-de-importar")  # type: ignore[attr-defined]
            result = apply_import(db, preview)
            elapsed = time.perf_counter() - start
            assert result.errors == 0 and result.created > 0, result
            return elapsed
        finally:
            db.dispose()

    imported = median_of(runs, import_once)
    what = "backup included" if backup else "no backup"
    if lo_open is not None:
        line(f"{name}: import ({what}) vs LibreOffice open", imported, lo_open, 1.0)
    else:
        line(f"{name}: import ({what}) vs raw python-calamine read", imported, raw_read, 2.0)

    station = make_station()
    db = station.open()  # type: ignore[attr-defined]
    apply_import(db, preview_import(db, workbook))

    def reimport_once() -> float:
        start = time.perf_counter()
        result = apply_import(db, preview_import(db, workbook))
        elapsed = time.perf_counter() - start
        assert result.created == 0 and result.updated == 0 and result.unchanged > 0, result
        return elapsed

    print(f"{name}: the same workbook imported again, nothing changes (no goal): "
          f"{median_of(runs, reimport_once):.3f} s", flush=True)

    def export_once() -> float:
        start = time.perf_counter()
        export_inventory(db, work / "export.xlsx")
        return time.perf_counter() - start

    exported = median_of(runs, export_once)
    if lo_save is not None:
        line(f"{name}: export vs LibreOffice save (.csv -> .xlsx)", exported, lo_save, 1.5)
    else:
        print(f"{name}: export {exported:.3f} s (no LibreOffice to compare)")

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication
    from sqlalchemy import text

    from cortazar_desk.services import assets
    from cortazar_desk.services.snapshot import forget
    from cortazar_desk.ui.context import AppContext
    from cortazar_desk.ui.pages.inventory_page import InventoryPage

    app = QApplication.instance() or QApplication(sys.argv[:1])

    def raw_sql() -> float:
        start = time.perf_counter()
        with db.read() as s:
            for sql in (RAW_ASSETS, RAW_DOCUMENTS, RAW_RULES):
                s.execute(text(sql)).all()
        return time.perf_counter() - start

    def driver_sql() -> float:
        """The same three reads on the database driver's own cursor: no SQLAlchemy rows, no type conversion (the
        page's list now reads this way, so this floor is the stricter comparison)."""
        start = time.perf_counter()
        with db.read() as s:
            cursor = s.connection().connection.dbapi_connection.cursor()  # type: ignore[union-attr]
            for sql in (RAW_ASSETS, RAW_DOCUMENTS, RAW_RULES):
                cursor.execute(sql)
                cursor.fetchall()
            cursor.close()
        return time.perf_counter() - start

    ctx = AppContext(station, db)  # type: ignore[arg-type]
    page = InventoryPage(ctx, QSettings(str(work / "bench.ini"), QSettings.Format.IniFormat))
    page.resize(1300, 800)
    page.show()
    app.processEvents()

    def page_ready() -> float:
        forget()  # the page's asset list is kept between refreshes: measure it built from nothing, as at start
        start = time.perf_counter()
        page.refresh()
        page.table.viewport().repaint()
        return time.perf_counter() - start

    ready = median_of(runs, page_ready)
    line(f"{name}: inventory page ready vs raw SQL of the same data", ready, median_of(runs, raw_sql), 1.5)
    line(f"{name}: the same page vs the driver's cursor alone", ready, median_of(runs, driver_sql), None)

    def page_after_warm_up() -> float:
        """The page opened in a session whose window already built the asset list in the background."""
        from cortazar_desk.services.campaigns import prepare_asset_caches

        forget()
        prepare_asset_caches(db)  # what MainWindow runs in the background once its first page is up
        start = time.perf_counter()
        page.refresh()
        page.table.viewport().repaint()
        return time.perf_counter() - start

    line(f"{name}: inventory page ready after the start-up warm-up vs raw SQL", median_of(runs, page_after_warm_up),
         median_of(runs, raw_sql), 1.5)
    edited = iter(range(runs))

    def refresh_after_edit() -> float:
        """What the page does after a save here or on another workstation: only the changed asset is read again."""
        row = page.model.row_at(next(edited) * 7 + 3)
        data, version, _facts = assets.load_asset(db, row.id)
        assets.update_asset(db, row.id, version, replace(data, notes=f"{data.notes} revisado"[-200:]))
        start = time.perf_counter()
        page.refresh()
        page.table.viewport().repaint()
        return time.perf_counter() - start

    page.refresh()
    print(f"{name}: inventory page refresh after one asset edit {median_of(runs, refresh_after_edit):.3f} s")
    page.situation_combo.setCurrentIndex(page.situation_combo.findData("todos"))
    app.processEvents()  # the event loop runs between the page appearing and the first key (the page's idle work)
    strokes: list[float] = []
    for _ in range(runs):
        typed = [SEARCH[:n] for n in range(1, len(SEARCH) + 1)]
        for value in [*typed, *reversed(typed[:-1]), ""]:
            start = time.perf_counter()
            page.search.setText(value)  # textChanged -> filter -> count label; then the paint
            page.table.viewport().repaint()
            strokes.append(time.perf_counter() - start)
    line(f"{name}: filter keystroke, median of {len(strokes)}", statistics.median(strokes) * 1000, None, 50.0,
         "ms")
    print(f"{'':<58}(slowest keystroke {max(strokes) * 1000:.0f} ms: the first letter, or the last one deleted)")
    page.close()
    page.deleteLater()
    app.processEvents()
    location = station.location  # type: ignore[attr-defined]
    db.dispose()
    return location.path if location.backend == "sqlite" else None


def app_memory(database: Path, home: Path) -> float:
    """Resident memory of the real app showing the inventory page (a process of its own)."""
    env = dict(os.environ, CORTAZAR_DESK_HOME=str(home), CORTAZAR_DESK_QUIT_WHEN="inventory")
    out = subprocess.run([sys.executable, "-m", "cortazar_desk", "--db", str(database)], env=env, check=True,
                         capture_output=True, text=True, timeout=300).stdout
    for line in out.splitlines():
        if line.startswith("rss_mb "):
            return float(line.split()[1])
    raise RuntimeError(f"the app printed no memory figure: {out!r}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-postgresql", action="store_true", help="only the SQLite figures")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="cortazar-bench-inv-"))
    workbook = work / "inventario.xlsx"
    make_workbook(workbook, args.rows)
    print(f"Inventario, {args.rows:,} anuncios x {len(HEADERS)} columnas; medianas de {args.runs}; línea base "
          "medida en la misma corrida")
    line = Line()

    profile = work / "lo-profile"
    lo_open = lo_save = None
    if soffice():
        lo_convert(workbook, "csv", work, profile)  # warm-up, and the CSV that LibreOffice saves below
        lo_open = median_of(args.runs, lambda: lo_convert(workbook, "csv", work, profile))
        lo_save = median_of(args.runs, lambda: lo_convert(work / "inventario.csv", "xlsx", work / "lo-out", profile))
        print(f"LibreOffice (headless): opens the workbook in {lo_open:.3f} s, saves the rows as .xlsx in "
              f"{lo_save:.3f} s")

    def calamine_read() -> float:
        from python_calamine import CalamineWorkbook

        start = time.perf_counter()
        CalamineWorkbook.from_path(str(workbook)).get_sheet_by_index(0).to_python()
        return time.perf_counter() - start

    raw_read = median_of(args.runs, calamine_read)
    print(f"python-calamine reads the same workbook in {raw_read:.3f} s")

    sqlite_file = measure_backend("SQLite", lambda: fresh_station(work / "sqlite"), workbook, args.runs, line,
                                  lo_open, lo_save, raw_read, work, backup=True)
    assert sqlite_file is not None
    memory = statistics.median(app_memory(sqlite_file, work / f"home-{n}") for n in range(min(3, args.runs)))
    line("SQLite: memory of the app, inventory page shown, no map", memory, None, 400.0, "MB")

    if not args.no_postgresql:
        sys.path.insert(0, str(ROOT / "tests"))
        from pg_server import PgServer, PostgresUnavailable

        server = PgServer()
        try:
            server.start()
        except PostgresUnavailable as exc:
            print(f"PostgreSQL: not measured ({exc})")
            return 0
        try:
            import psycopg

            from cortazar_desk.db.engine import DatabaseLocation, make_engine
            from cortazar_desk.db.schema import upgrade_to_head

            counter = iter(range(1_000_000))

            def pg_station():  # type: ignore[no-untyped-def]
                name = f"bench_{next(counter)}"
                with psycopg.connect(f"host=127.0.0.1 port={server.port} user=postgres dbname=postgres",
                                     autocommit=True) as conn:
                    conn.execute(f"CREATE DATABASE {name}")  # type: ignore[arg-type]
                engine = make_engine(DatabaseLocation.parse(server.url(name)))
                upgrade_to_head(engine)
                engine.dispose()
                return fresh_station(work / "pg", server.url(name))

            measure_backend("PostgreSQL", pg_station, workbook, args.runs, line, lo_open, lo_save, raw_read, work,
                            backup=False)
        finally:
            server.stop()
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
