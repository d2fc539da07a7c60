"""Event-support figures (issue: requests), beside the issue's plain bounds on this machine.

    .venv/bin/python scripts/bench_requests.py [--requests 20000] [--years 10] [--runs 5] [--postgresql]

- the month view shown: the real CalendarPage moved to a month (query, services and people of each request,
  conflicts, layout) and painted: <= 150 ms;
- the conflict check for a new assignment (a person on a request, against all that person's assignments): <= 20 ms.
20,000 requests over 10 years (about 5 a day), 2 services and 1 to 3 assignments each among 12 people and 6 pieces
of equipment. SQLite, medians of --runs (the month figure over that many different months); PostgreSQL too with
--postgresql.
"""

from __future__ import annotations

import argparse
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


def populate(db, n_requests: int, years: int) -> tuple[date, date]:  # type: ignore[no-untyped-def]
    """Bulk rows through the audited bulk insert (the same audit rows the app writes)."""
    from sqlalchemy import select

    from cortazar_desk.db.audit import insert_audited
    from cortazar_desk.db.campaigns import Department
    from cortazar_desk.db.inventory import Locality
    from cortazar_desk.db.requests import (
        Assignment,
        Equipment,
        EventRequest,
        RequestService,
        StaffMember,
        SupportService,
    )

    rng = random.Random(11011)
    first = date(2017, 1, 1)
    span = years * 365
    with db.write("benchmark") as s:
        departments = list(s.scalars(select(Department.id)))
        services = list(s.scalars(select(SupportService.id)))
        localities = insert_audited(s, Locality, [{"name": f"Localidad {n}", "active": True} for n in range(8)])
        staff = insert_audited(s, StaffMember, [{"name": f"Persona {n}", "active": True} for n in range(12)])
        equipment = insert_audited(s, Equipment, [{"name": f"Equipo {n}", "active": True} for n in range(6)])
        rows = []
        for n in range(n_requests):
            start = datetime.combine(first + timedelta(days=rng.randrange(span)), datetime.min.time()) \
                + timedelta(hours=rng.randint(8, 19), minutes=rng.choice((0, 30)))
            rows.append({"folio": f"SOL-{start.year}-{n:05d}", "received_on": start.date() - timedelta(days=7),
                         "department_id": rng.choice(departments), "event_name": f"Evento {n}",
                         "starts_at": start, "ends_at": start + timedelta(hours=rng.choice((1, 2, 3))),
                         "place": "Jardín Principal", "locality_id": rng.choice(localities),
                         "status": rng.choice(("recibida", "validada", "asignada", "cubierta", "cerrada")),
                         "event_type": "Cívico"})
        ids = insert_audited(s, EventRequest, rows)
        service_rows = []
        for request_id in ids:
            for service_id in rng.sample(services, 2):
                service_rows.append({"request_id": request_id, "service_id": service_id, "details": ""})
        service_ids = insert_audited(s, RequestService, service_rows)
        assignments = []
        for k, request_id in enumerate(ids):
            row = rows[k]
            for _ in range(rng.randint(1, 3)):
                person = rng.random() < 0.7
                assignments.append({"request_service_id": service_ids[2 * k], "request_id": request_id,
                                    "staff_id": rng.choice(staff) if person else None,
                                    "equipment_id": None if person else rng.choice(equipment),
                                    "starts_at": row["starts_at"], "ends_at": row["ends_at"],
                                    "locality_id": row["locality_id"]})
        insert_audited(s, Assignment, assignments)
    return first, first + timedelta(days=span)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--postgresql", action="store_true", help="the same figures on a PostgreSQL server too")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "scripts"))
    from bench_inventory import fresh_station
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv)
    app.setOrganizationName("CortazarDeskBench")
    work = Path(tempfile.mkdtemp(prefix="cortazar-bench-req-"))
    print(f"Solicitudes: {args.requests:,} en {args.years} años; medianas de {args.runs}")
    print(f"{'figure':<72}{'app':>10}{'bound':>10}  verdict")
    try:
        measure("SQLite", fresh_station(work / "sqlite"), args)
        if args.postgresql:
            from bench_pg import migrated_database

            with migrated_database() as url:
                measure("PostgreSQL", fresh_station(work / "pg", url), args)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def measure(backend: str, station, args: argparse.Namespace) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from cortazar_desk.db.requests import EventRequest, StaffMember
    from cortazar_desk.services import requests
    from cortazar_desk.services.database import open_database
    from cortazar_desk.ui.context import AppContext
    from cortazar_desk.ui.pages.calendar_page import CalendarPage

    db = open_database(station.location)
    started = time.perf_counter()
    first, last = populate(db, args.requests, args.years)
    print(f"{backend}: datos cargados en {time.perf_counter() - started:.1f} s")

    def line(label: str, value: float, bound: float) -> None:
        print(f"{backend + ': ' + label:<72}{value:>8.1f}ms{bound:>8.0f}ms  {'ok' if value <= bound else 'OVER BOUND'}",
              flush=True)

    ctx = AppContext(station, db)
    page = CalendarPage(ctx)
    page.resize(1280, 820)
    page.show()
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()
    rng = random.Random(3)
    month_times, shown = [], []
    for _ in range(args.runs + 1):  # the first month warms Qt's font caches and SQLAlchemy's statement cache
        day = first + timedelta(days=rng.randrange((last - first).days))
        t0 = time.perf_counter()
        page.anchor = day
        page.refresh()
        page.view.repaint()  # paints now, as a person would see it
        month_times.append((time.perf_counter() - t0) * 1000)
        shown.append(sum(1 for i in page.items if i.request_id))
    line(f"month view shown (about {statistics.median(shown):.0f} requests in the grid)",
         statistics.median(month_times[1:]), 150)

    with db.read() as s:
        request_ids = list(s.scalars(select(EventRequest.id)))
        people = list(s.scalars(select(StaffMember.id)))
    checks = []
    for _ in range(max(50, args.runs * 10)):
        request_id, person = rng.choice(request_ids), rng.choice(people)
        t0 = time.perf_counter()
        requests.check_assignment(db, request_id, staff_id=person)
        checks.append((time.perf_counter() - t0) * 1000)
    line(f"conflict check for a new assignment (median of {len(checks)})", statistics.median(checks), 20)
    page.close()
    db.dispose()


if __name__ == "__main__":
    sys.exit(main())
