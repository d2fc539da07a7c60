"""Results that stay valid while nothing they read changes. Every write, on any workstation, appends to the audit
chain in the same transaction, so the chain tells what changed: the newest row of one table's history moves only
when that table changes, and the rows after it say which objects did.

A chain row's hash stands for its place, its content and every row before it, so marks that carry hashes cannot be
fooled by a restored backup followed by different changes, as bare ids could.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any, TypeVar

from sqlalchemy import and_, or_, select

from ..db.models import AuditLog
from .database import Database

T = TypeVar("T")
_store: dict[tuple[str, str], tuple[Any, Any]] = {}

Marks = tuple[tuple[int, str] | None, ...]  # per table: (id, hash) of its newest audit row, None if it has none
Changes = dict[str, set[str]]  # per table: the object ids (audit_log.object_id) inserted or updated
PATCH_LIMIT = 2000  # more changed rows than this (an import): computing everything again is as quick


def while_tables_unchanged(db: Database, name: str, tables: Sequence[str], extra: Hashable,
                           compute: Callable[[], T], patch: Callable[[T, Changes], T | None] | None = None) -> T:
    """``compute()``, or its last result while none of ``tables`` was written to (by this or another workstation)
    and ``extra`` is the same. ``compute`` must read only those tables: writes elsewhere keep the result.

    When a few rows of those tables changed, ``patch(last result, changes)`` may bring the last result up to date
    instead: it returns a new value (never changing the old one, which callers may hold), or None when it cannot,
    and then everything is computed again."""
    marks = newest_marks(db, tables)  # read before computing: a change committed meanwhile moves them again
    slot = (str(db.location.url), name)
    found = _store.get(slot)
    if found is not None and found[0] == (marks, extra):
        return found[1]  # type: ignore[no-any-return]
    value: T | None = None
    if patch is not None and found is not None and found[0][1] == extra:
        changes = changed_since(db, tables, found[0][0], marks)
        if changes is not None:
            value = patch(found[1], changes)
    if value is None:
        value = compute()
    _store[slot] = ((marks, extra), value)
    return value


def newest_marks(db: Database, tables: Sequence[str]) -> Marks:
    """The id and hash of the newest audit row of each table, in one statement; each is one backward step on the
    (object_type, id) index, whatever the history's length."""
    columns = []
    for n, table in enumerate(tables):
        newest = (select(AuditLog.id).where(AuditLog.object_type == table).order_by(AuditLog.id.desc()).limit(1)
                  .scalar_subquery())
        columns.append(newest.label(f"i{n}"))
        columns.append(select(AuditLog.hash).where(AuditLog.id == newest).scalar_subquery().label(f"h{n}"))
    with db.read() as s:
        row = s.execute(select(*columns)).one()
    return tuple(None if row[2 * n] is None else (int(row[2 * n]), str(row[2 * n + 1])) for n in range(len(tables)))


def changed_since(db: Database, tables: Sequence[str], old: Marks, new: Marks) -> Changes | None:
    """The objects of ``tables`` inserted or updated after ``old`` up to ``new``; None when the history cannot
    tell: the chain up to ``old`` is not the same any more (a restored backup), a row was deleted, rows were
    inserted in bulk, or more than PATCH_LIMIT rows changed."""
    ranges = []
    checks = []
    for table, before, after in zip(tables, old, new, strict=True):
        if after is None:
            if before is not None:
                return None  # its history is gone: another database now
            continue
        if before is not None:
            if before[0] > after[0]:
                return None
            checks.append(before)
        ranges.append(and_(AuditLog.object_type == table, AuditLog.id > (before[0] if before else 0),
                           AuditLog.id <= after[0]))
    with db.read() as s:
        for old_id, old_hash in checks:  # each hash stands for the whole chain up to it
            if s.scalar(select(AuditLog.hash).where(AuditLog.id == old_id)) != old_hash:
                return None
        if not ranges:
            return {}
        rows = s.execute(select(AuditLog.object_type, AuditLog.object_id, AuditLog.action)
                         .where(or_(*ranges)).limit(PATCH_LIMIT + 1)).all()
    # A deleted row, or a bulk insert (its entry names a range of ids, not one): read everything again.
    if len(rows) > PATCH_LIMIT or any(action in ("delete", "insert_many") for _t, _o, action in rows):
        return None
    changes: Changes = {}
    for table, object_id, _action in rows:
        changes.setdefault(table, set()).add(object_id)
    return changes


def forget() -> None:
    """Drop everything (the benchmark's cold runs)."""
    _store.clear()
