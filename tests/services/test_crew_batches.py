"""A crew's open orders, grouped for one printout, on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from cortazar_desk.domain.orders import OrderStatus
from cortazar_desk.services import work_orders
from cortazar_desk.services.database import Database

from .test_asset_sheets import pdf_text
from .test_campaigns import _asset

D = date


def test_open_orders_are_grouped_by_crew_soonest_first(db: Database, tmp_path: Path) -> None:
    barda, sign = _asset(db, "BAR"), _asset(db, "ESP")

    def order(crew: str, due: date, *assets: int) -> str:
        return work_orders.create_order(db, "cubrir", crew, due, [work_orders.ItemData(a, 1, None, "Cubrir")
                                                                  for a in assets])

    late_a = order("Cuadrilla Norte", D(2026, 12, 20), barda, sign)
    soon_a = order("  cuadrilla   norte ", D(2026, 12, 5), sign)  # the same crew typed differently
    other = order("Proveedor Lonas SA", D(2026, 12, 1), barda)
    started = order("Cuadrilla Norte", D(2026, 11, 1), barda)
    cancelled = order("Cuadrilla Norte", D(2026, 11, 2), sign)
    rows = {o.folio: o for o in work_orders.list_orders(db)}
    work_orders.set_status(db, rows[cancelled].id, rows[cancelled].version, OrderStatus.CANCELLED.value,
                           reason="Ya no se necesita")
    work_orders.set_status(db, rows[started].id, rows[started].version, OrderStatus.IN_PROGRESS.value)  # still open

    batches = work_orders.open_orders_by_crew(db, D(2026, 11, 29))
    assert [(b.crew, [o.folio for o in b.orders], b.assets) for b in batches] == [
        ("Cuadrilla Norte", [started, soon_a, late_a], 4),
        ("Proveedor Lonas SA", [other], 1),
    ]
    assert batches[0].orders[0].late  # due 01/11, still in progress on 29/11
    text = pdf_text(work_orders.work_orders_pdf(db, [o.id for o in batches[0].orders]), tmp_path)
    assert all(folio in text for folio in (started, soon_a, late_a))
    assert other not in text and cancelled not in text
    assert text.index(started) < text.index(soon_a) < text.index(late_a)
