"""Media figures (issue: media directory and monitoring), beside the issue's bounds on this machine.

    .venv/bin/python scripts/bench_media.py [--contacts 50000] [--entries 200000] [--runs 5]

- directory search-as-you-type through the real page (MediaPage: its model and view, events processed), one
  keystroke at a time while a name, an outlet and a beat are typed, and while one is erased: <= 50 ms per keystroke.
- the síntesis informativa for a day with 60 entries (a third with clipping thumbnails, every one with a QR code):
  <= 2 s, built from the database to the PDF's bytes.
SQLite, medians of --runs.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
DAY = date(2026, 3, 10)
FIRST = ("Laura", "Mario", "Rosa", "Iván", "Paola", "Héctor", "Daniela", "Jorge", "Adriana", "Ramiro", "Fernanda",
         "Óscar", "Lucía", "Emilio", "Verónica", "Saúl", "Gabriela", "Tomás", "Brenda", "Rubén", "Itzel", "Arturo")
LAST = ("Méndez", "Salas", "Vela", "Cruz", "Núñez", "Ibarra", "Ríos", "Camacho", "Zúñiga", "Olvera", "Muñoz",
        "Patiño", "Ledesma", "Aguilar", "Ortega", "Baeza", "García", "López", "Hernández", "Martínez")
BEATS = ("seguridad", "política", "cultura", "deportes", "economía", "salud", "obra pública", "campo")


def populate(db, n_contacts: int, n_entries: int) -> None:  # type: ignore[no-untyped-def]
    """Bulk rows through the audited bulk insert (the import's path)."""
    from PIL import Image
    from sqlalchemy import select

    from cortazar_desk.db.audit import insert_audited
    from cortazar_desk.db.campaigns import Department
    from cortazar_desk.db.media import MediaContact, MediaOutlet, MonitoringDepartment, MonitoringEntry
    from cortazar_desk.domain.media import name_key
    from cortazar_desk.services.attachments import store_file

    rng = random.Random(11)
    media = ("impreso", "radio", "tv", "digital", "redes")
    coverage = ("local", "regional", "estatal", "nacional")
    with db.write("benchmark") as s:
        outlets = insert_audited(s, MediaOutlet, [
            {"name": f"Medio {n:03d}", "medium": media[n % 5], "coverage": coverage[n % 4]} for n in range(300)])
        rows = []
        for n in range(n_contacts):
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {rng.choice(LAST)}"
            rows.append({"name": name, "name_key": name_key(name), "outlet_id": outlets[n % len(outlets)],
                         "role": "Reportero", "beats": ", ".join(rng.sample(BEATS, 2)),
                         "phone": f"461 {n // 10000:03d} {n % 10000:04d}",
                         "phone_key": f"461{n // 10000:03d}{n % 10000:04d}",
                         "email": f"persona{n}@medio.example", "do_not_contact": n % 97 == 0})
        insert_audited(s, MediaContact, rows)
        departments = list(s.scalars(select(Department.id)))
        clips = []
        for colour in range(4):
            buffer = io.BytesIO()
            Image.new("RGB", (900, 1200), (40 * colour, 120, 160)).save(buffer, "JPEG")
            clips.append(store_file(s, buffer.getvalue(), f"recorte{colour}.jpg", "benchmark"))
        start = datetime(2025, 1, 1, 6)
        per_day = 60  # the benchmark day has exactly 60 entries; the others, spread over the years
        entries = []
        for n in range(n_entries):
            if n < per_day:
                when = datetime.combine(DAY, datetime.min.time()) + timedelta(minutes=6 * 60 + n * 9)
            else:
                when = start + timedelta(minutes=37 * n)
                if when.date() == DAY:
                    when += timedelta(days=1)
            clip = clips[n % 4] if n % 3 == 0 else None
            entries.append({"published_at": when, "outlet_id": outlets[n % len(outlets)], "medium": media[n % 5],
                            "headline": f"Titular de la nota número {n} sobre el municipio de Cortazar",
                            "link": f"https://medio{n % 300}.example/notas/{n}", "author": "Redacción",
                            "topic": BEATS[n % len(BEATS)], "tone": ("positiva", "neutral", "negativa")[n % 3],
                            "reach": 1000 + n % 5000, "clipping_id": clip.id if clip else None,
                            "clipping_sha256": clip.sha256 if clip else ""})
        ids = insert_audited(s, MonitoringEntry, entries)
        insert_audited(s, MonitoringDepartment, [{"entry_id": i, "department_id": departments[n % len(departments)]}
                                                 for n, i in enumerate(ids)])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--contacts", type=int, default=50_000)
    parser.add_argument("--entries", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "scripts"))
    from bench_inventory import fresh_station
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    work = Path(tempfile.mkdtemp(prefix="cortazar-bench-media-"))
    station = fresh_station(work / "sqlite")
    db = station.open()
    print(f"Medios: {args.contacts:,} contactos, {args.entries:,} notas de monitoreo; medianas de {args.runs}")
    started = time.perf_counter()
    populate(db, args.contacts, args.entries)
    print(f"SQLite: datos cargados en {time.perf_counter() - started:.1f} s")
    print(f"{'figure':<72}{'app':>10}{'bound':>10}  verdict")

    def line(label: str, value: float, bound: float, unit: str = "ms") -> None:
        print(f"{'SQLite: ' + label:<72}{value:>8.1f}{unit}{bound:>8.0f}{unit}  "
              f"{'ok' if value <= bound else 'OVER GOAL'}", flush=True)

    from cortazar_desk.services import media_monitoring as mm
    from cortazar_desk.ui.context import AppContext
    from cortazar_desk.ui.pages.media_page import MediaPage

    ctx = AppContext(station, db)
    started = time.perf_counter()
    page = MediaPage(ctx)
    page.resize(1300, 800)
    page.show()
    app.processEvents()
    print(f"SQLite: página de Medios abierta con {page.contacts.total():,} contactos en "
          f"{time.perf_counter() - started:.2f} s")
    typed = ["r", "ra", "ram", "rami", "ramir", "ramiro", "ramiro ", "ramiro o", "ramiro ol", "ramiro olv",
             "ramiro olve", "ramiro olvera", "ramiro olver", "ramiro olv", "ramiro o", "ramiro", "ram", "r", "",
             "m", "me", "med", "medi", "medio", "medio 1", "medio 12", "s", "se", "seg", "segu", "seguridad", ""]
    keystrokes: list[float] = []
    for _ in range(args.runs):
        for text in typed:
            start = time.perf_counter()
            page.search.setText(text)  # textChanged -> the page's search, as typing does
            app.processEvents()  # the view repaints what it shows
            keystrokes.append((time.perf_counter() - start) * 1000)
    line(f"directory search-as-you-type, per keystroke ({len(typed)} keystrokes x {args.runs})",
         statistics.median(keystrokes), 50)
    print(f"{'SQLite:   slowest keystroke (for the record; the bound is on the median)':<72}{max(keystrokes):>8.1f}ms")
    page.close()

    def summary() -> float:
        start = time.perf_counter()
        pdf = mm.summary_pdf(db, DAY)
        assert pdf.startswith(b"%PDF")
        return time.perf_counter() - start

    day = mm.day_summary(db, DAY)
    line(f"síntesis for a day with {sum(day.tones.values())} entries, to PDF", statistics.median(
        summary() for _ in range(args.runs)), 2, "s")
    db.dispose()
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
