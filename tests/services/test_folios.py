"""Folio allocation under concurrency: unique and gap-free, on both backends."""

from __future__ import annotations

import threading

from cortazar_desk.domain.folios import REQUESTS, WORK_ORDERS, asset_series
from cortazar_desk.services.database import Database
from cortazar_desk.services.folios import next_folio

from ..conftest import second_session


def test_series_and_years_are_independent(db: Database) -> None:
    with db.write() as s:
        assert next_folio(s, REQUESTS, 2026) == "SOL-2026-0001"
        assert next_folio(s, REQUESTS, 2026) == "SOL-2026-0002"
        assert next_folio(s, REQUESTS, 2027) == "SOL-2027-0001"
        assert next_folio(s, WORK_ORDERS, 2026) == "OT-2026-0001"
        assert next_folio(s, asset_series("ESP")) == "ESP-001"
        assert next_folio(s, asset_series("BAR")) == "BAR-001"


def test_rolled_back_transaction_gives_its_number_back(db: Database) -> None:
    try:
        with db.write() as s:
            next_folio(s, REQUESTS, 2026)
            raise RuntimeError("the record failed to save")
    except RuntimeError:
        pass
    with db.write() as s:
        assert next_folio(s, REQUESTS, 2026) == "SOL-2026-0001"


def test_workstations_allocating_at_once_get_unique_contiguous_folios(db: Database) -> None:
    workstations = [second_session(db, f"p{i}", f"equipo-{i}") for i in range(5)]
    got: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(len(workstations))
    errors: list[BaseException] = []

    def work(station: Database) -> None:
        try:
            start.wait()
            for _ in range(20):
                with station.write() as s:
                    folio = next_folio(s, WORK_ORDERS, 2026)
                with lock:
                    got.append(folio)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(w,)) for w in workstations]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for w in workstations:
        w.dispose()
    assert errors == []
    assert sorted(got) == [f"OT-2026-{n:04d}" for n in range(1, 101)]
