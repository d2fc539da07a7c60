"""Results that stay valid while nothing they read changes. Every write, on any workstation, appends to the audit
chain in the same transaction, so the chain tells what changed: its head moves on any write, and the newest row of
one table's history moves only when that table changes.

The hash of a chain row stands for its place and its content (it covers the previous hash), so a key made of hashes
cannot come back after a restore from a backup followed by different changes, as a bare id could.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any, TypeVar

from sqlalchemy import select

from ..db.models import AuditHead, AuditLog
from .database import Database

T = TypeVar("T")
_store: dict[tuple[str, str], tuple[Hashable, Any]] = {}


def while_unchanged(db: Database, name: str, extra: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, or its last result for this database and ``extra`` when nothing was written since."""
    with db.read() as s:
        head = tuple(s.execute(select(AuditHead.last_id, AuditHead.last_hash).where(AuditHead.id == 1)).one())
    return _reuse_or_compute(db, name, (head, extra), compute)


def while_tables_unchanged(db: Database, name: str, tables: Sequence[str], extra: Hashable,
                           compute: Callable[[], T]) -> T:
    """``compute()``, or its last result while none of ``tables`` was written to (by this or another workstation)
    and ``extra`` is the same. ``compute`` must read only those tables: writes elsewhere keep the result."""
    return _reuse_or_compute(db, name, (newest_changes(db, tables), extra), compute)


def newest_changes(db: Database, tables: Sequence[str]) -> tuple[str | None, ...]:
    """The hash of the newest audit row of each table (None: never changed since the schema was made). One
    statement; each value is one backward step on the (object_type, id) index, whatever the history's length."""
    columns = [select(AuditLog.hash).where(AuditLog.object_type == table).order_by(AuditLog.id.desc()).limit(1)
               .scalar_subquery().label(f"t{n}") for n, table in enumerate(tables)]
    with db.read() as s:
        return tuple(s.execute(select(*columns)).one())


def _reuse_or_compute(db: Database, name: str, key: Hashable, compute: Callable[[], T]) -> T:
    # The key is read before computing: a change committed meanwhile gives a newer key next time, never a stale hit.
    slot = (str(db.location.url), name)
    found = _store.get(slot)
    if found is not None and found[0] == key:
        return found[1]  # type: ignore[no-any-return]
    value = compute()
    _store[slot] = (key, value)
    return value


def forget() -> None:
    """Drop everything (the benchmark's cold runs)."""
    _store.clear()
