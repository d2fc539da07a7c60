"""Folio allocation that stays unique when several workstations create records at the same moment.

The counter row is created with an insert that ignores conflicts, then incremented with ``UPDATE ... RETURNING``:
on PostgreSQL the UPDATE takes the row lock, so a second workstation waits for the first's commit and gets the next
number; on SQLite the ``BEGIN IMMEDIATE`` write lock does the same. The counter lives in the caller's transaction,
so a record that fails to save gives its number back instead of leaving a gap.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from ..db.audit import lock_audit_head
from ..db.models import FolioCounter
from ..domain.folios import FolioSeries


def next_number(session: Session, series: str, period: str) -> int:
    # The audit chain's head is always locked first (see db/audit.py), so a transaction that saves an audited record
    # and takes a folio locks in the same order as every other writer: no deadlocks between workstations.
    lock_audit_head(session)
    dialect = session.get_bind().dialect.name
    make_insert = pg_insert if dialect == "postgresql" else sqlite_insert
    session.execute(
        make_insert(FolioCounter)
        .values(series=series, period=period, last_value=0)
        .on_conflict_do_nothing(index_elements=["series", "period"])
    )
    value = session.execute(
        update(FolioCounter)
        .where(FolioCounter.series == series, FolioCounter.period == period)
        .values(last_value=FolioCounter.last_value + 1)
        .returning(FolioCounter.last_value)
    ).scalar_one()
    return int(value)


def next_folio(session: Session, series: FolioSeries, year: int | None = None) -> str:
    if series.yearly and year is None:
        raise ValueError(f"series {series.prefix} needs a year")
    period = series.period(year or 0)
    return series.format(next_number(session, series.prefix, period), year)
