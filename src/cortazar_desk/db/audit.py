"""The audit hook: every insert, update and delete of an audited model writes an audit row in the same
transaction, chained to the previous row by SHA-256 so that any edit or removal of history shows.

Writers take the chain's head row first (``SELECT ... FOR UPDATE`` on PostgreSQL; SQLite's ``BEGIN IMMEDIATE``
already serializes writers), so the chain never forks when several workstations save at once.
"""

from __future__ import annotations

import enum
import getpass
import hashlib
import json
import os
import socket
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, event, func, insert, inspect, select, text, update
from sqlalchemy.orm import Session, UOWTransaction

from .bulk import converted, insert_columns, is_constant
from .models import AuditHead, AuditLog, Versioned

GENESIS_HASH = "0" * 64
# Bookkeeping tables: the audit itself, folio counters, and the folio history (every folio an asset takes is
# already in the asset's own audit rows; a second row per folio would only double the log of an import).
NOT_AUDITED = frozenset({AuditLog.__tablename__, AuditHead.__tablename__, "folio_counter", "asset_folio"})


@dataclass(frozen=True)
class Actor:
    """Who makes a change. The OS user stands for the person until accounts exist."""

    user: str
    workstation: str

    @classmethod
    def current(cls) -> Actor:
        try:
            user = getpass.getuser()
        except Exception:  # no user name in the environment (some services on Windows)
            user = os.environ.get("USERNAME", "desconocido")
        return cls(user=user, workstation=socket.gethostname() or "desconocido")


class Action(enum.StrEnum):
    INSERT = "insert"
    UPDATE = "update"
    DELETE = "delete"
    DEACTIVATE = "deactivate"
    REACTIVATE = "reactivate"
    INSERT_MANY = "insert_many"  # one entry for a bulk insert's rows (see insert_audited_values)


def utc_now() -> datetime:
    return datetime.now(UTC)


def format_utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


# One encoder each, made once: json.dumps with options builds a new encoder on every call.
_HASH_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
# check_circular off: the values are plain data, never a structure that holds itself
_CHANGES_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"), check_circular=False)
_PLAIN = frozenset({str, int, float, bool})


def row_hash(prev_hash: str, row: dict[str, Any]) -> str:
    payload = [
        prev_hash,
        int(row["id"]),
        row["at"],
        row["who"],
        row["workstation"],
        row["action"],
        row["object_type"],
        row["object_id"],
        row["changes"],
        row["reason"],
    ]
    data = _HASH_JSON.encode(payload)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, bytes | bytearray | memoryview):
        return f"<{len(bytes(value))} bytes>"
    return value


def _audited(obj: object) -> bool:
    table = getattr(obj, "__tablename__", None)
    return table is not None and table not in NOT_AUDITED


def _excluded(obj: object) -> frozenset[str]:
    return frozenset(getattr(obj, "__audit_exclude__", frozenset())) | Versioned.__audit_exclude__


def _column_changes(obj: object, mode: Action) -> dict[str, dict[str, Any]]:
    state = inspect(obj)
    changes: dict[str, dict[str, Any]] = {}
    for attr in state.mapper.column_attrs:
        key = attr.key
        if key in _excluded(obj):
            continue
        hist = state.attrs[key].history
        if mode is Action.INSERT:
            value = getattr(obj, key)
            if value is not None:
                changes[key] = {"old": None, "new": _jsonable(value)}
        elif mode is Action.DELETE:
            old = hist.unchanged[0] if hist.unchanged else (hist.deleted[0] if hist.deleted else None)
            changes[key] = {"old": _jsonable(old), "new": None}
        elif hist.has_changes():
            old = hist.deleted[0] if hist.deleted else None
            new = hist.added[0] if hist.added else None
            if old != new:
                changes[key] = {"old": _jsonable(old), "new": _jsonable(new)}
    return changes


def _object_id(obj: object) -> str:
    identity = inspect(obj).identity
    if identity is None:
        pk = inspect(obj).mapper.primary_key_from_instance(obj)
        return "/".join(str(v) for v in pk)
    return "/".join(str(v) for v in identity)


def _actor(session: Session) -> Actor:
    actor = session.info.get("actor")
    return actor if isinstance(actor, Actor) else Actor.current()


def _before_flush(session: Session, _ctx: UOWTransaction, _instances: object) -> None:
    touched = [o for o in (*session.new, *session.dirty, *session.deleted) if _audited(o)]
    if not touched:
        return
    actor = _actor(session)
    now = utc_now()
    for obj in (*session.new, *session.dirty):
        if isinstance(obj, Versioned) and (obj in session.new or session.is_modified(obj)):
            obj.updated_at = now
            obj.updated_by = actor.user
            obj.updated_on = actor.workstation
    lock_audit_head(session)


def lock_audit_head(session: Session) -> None:
    """Take the chain's lock before any row of ours is written: one lock order for every writer, so no deadlocks
    (SELECT ... FOR UPDATE on PostgreSQL; SQLite's BEGIN IMMEDIATE already holds the only write lock)."""
    if not session.info.get("audit_locked"):
        session.connection().execute(select(AuditHead.id).where(AuditHead.id == 1).with_for_update())
        session.info["audit_locked"] = True


def _after_flush(session: Session, _ctx: UOWTransaction) -> None:
    entries: list[tuple[Action, object, dict[str, dict[str, Any]]]] = []
    for obj in session.new:
        if _audited(obj):
            entries.append((Action.INSERT, obj, _column_changes(obj, Action.INSERT)))
    for obj in session.dirty:
        if _audited(obj) and session.is_modified(obj):
            changes = _column_changes(obj, Action.UPDATE)
            if not changes:
                continue
            if isinstance(obj, Versioned):
                # The mapper bumps the version inside the UPDATE, outside attribute history: record it here so
                # a conflict can tell which changes came after the version a form showed.
                changes["version"] = {"old": obj.version - 1, "new": obj.version}
            action = Action.UPDATE
            active = changes.get("active")
            if active is not None:
                action = Action.REACTIVATE if active["new"] else Action.DEACTIVATE
            entries.append((action, obj, changes))
    for obj in session.deleted:
        if _audited(obj):
            entries.append((Action.DELETE, obj, _column_changes(obj, Action.DELETE)))
    if entries:
        actor = _actor(session)
        reason = str(session.info.get("reason", ""))
        rows = [
            {
                "who": actor.user,
                "workstation": actor.workstation,
                "action": action.value,
                "object_type": str(getattr(obj, "__tablename__", "")),
                "object_id": _object_id(obj),
                "changes": _CHANGES_JSON.encode(changes),
                "reason": reason,
            }
            for action, obj, changes in entries
        ]
        append_rows(session.connection(), rows)


# Rows of one bulk insert per audit entry: an entry of 5,000 assets is about a megabyte of JSON.
ROWS_PER_ENTRY = 5000


def insert_audited(session: Session, model: type[Any], rows: list[dict[str, Any]]) -> list[int]:
    """Insert many new rows of one model, given as column -> value, and audit them (see ``insert_audited_values``);
    returns the new ids in the order of ``rows``. A column some rows lack takes its default, as the ORM gives it."""
    if not rows:
        return []
    first = tuple(rows[0])
    if all(tuple(row) == first for row in rows):  # the same keys in the same order
        return insert_audited_values(session, model, first, [tuple(row.values()) for row in rows])
    given = tuple(dict.fromkeys(key for row in rows for key in row))
    return insert_audited_values(session, model, given, [tuple(row.get(key, _DEFAULT) for key in given)
                                                         for row in rows], sparse=True)


_DEFAULT = object()  # in a row given to insert_audited_values(sparse=True): the column's default


def insert_audited_values(session: Session, model: type[Any], names: Sequence[str],
                          rows: Sequence[Sequence[Any]], *, sparse: bool = False) -> list[int]:
    """Insert many new rows of one model, each the values of the columns ``names`` in that order, and audit them;
    returns the new ids in the order of ``rows``. Columns not named take their default; versioned rows get version
    1 and today's author.

    The ORM's unit of work costs about a millisecond per object and an audit row per object about 20 µs more, which
    for an imported inventory of 50,000 assets is a minute, then seconds. So the rows go in on the driver's cursor
    (``insert_columns``) and the audit gets one "insert_many" entry per ``ROWS_PER_ENTRY`` rows, under the same head
    lock and in the same transaction: its ``changes`` hold every row's values (the columns once, then one list per
    row, the id included; a column with one value in all rows once: ``_bulk_changes``), so it tells as much as one
    entry per row did and the chain covers it the same way.
    ``object_id`` is the range of ids it holds ("101-5100"); ``bulk_rows_of`` reads one row back for a history.
    Tables the hook does not audit (``NOT_AUDITED``) get no entry here either.
    """
    if not rows:
        return []
    table = model.__table__
    audited = table.name not in NOT_AUDITED
    if audited:
        lock_audit_head(session)
    actor = _actor(session)
    now = utc_now()
    constant: dict[str, Any] = {c.key: c.default.arg for c in table.columns
                                if c.default is not None and c.default.is_scalar and not c.primary_key}
    if issubclass(model, Versioned):
        constant |= {"version": 1, "updated_at": now, "updated_by": actor.user, "updated_on": actor.workstation}
    fixed = [key for key in constant if key not in names]
    names = ["id", *names, *fixed]
    tail = tuple(constant[key] for key in fixed)
    conn = session.connection()
    count = len(rows)
    ids = reserve_ids(conn, table, count)
    # Column by column from here: the driver's conversions and the audit's both work on columns.
    columns: list[Sequence[Any]] = [ids, *zip(*rows, strict=True), *([value] * count for value in tail)]
    if sparse:
        for n, name in enumerate(names):
            if any(value is _DEFAULT for value in columns[n]):
                default = constant.get(name)
                columns[n] = [default if value is _DEFAULT else value for value in columns[n]]
    insert_columns(conn, table, names, columns)
    if audited:
        excluded = frozenset(getattr(model, "__audit_exclude__", frozenset())) | Versioned.__audit_exclude__
        kept = [n for n, name in enumerate(names) if name not in excluded]
        # Only where the column's values are not JSON already (dates, decimals, enums).
        to_convert = {n for n in kept if table.c[names[n]].type.python_type not in _PLAIN}
        reason = str(session.info.get("reason", ""))
        entries = []
        for start in range(0, count, ROWS_PER_ENTRY):
            chunk_ids = ids[start:start + ROWS_PER_ENTRY]
            chunk = [converted(columns[n][start:start + ROWS_PER_ENTRY], _jsonable) if n in to_convert else
                     columns[n][start:start + ROWS_PER_ENTRY] for n in kept]
            entries.append({
                "who": actor.user,
                "workstation": actor.workstation,
                "action": Action.INSERT_MANY.value,
                "object_type": str(model.__tablename__),
                "object_id": f"{min(chunk_ids)}-{max(chunk_ids)}",
                "changes": _CHANGES_JSON.encode(_bulk_changes([names[n] for n in kept], chunk)),
                "reason": reason,
            })
        append_rows(conn, entries)
    return ids


def _bulk_changes(names: list[str], columns: list[Sequence[Any]]) -> dict[str, Any]:
    """An "insert_many" entry's ``changes``: the columns whose value differs between rows, once, then each row's
    values of them ("rows"); a column with one value in every row (blank, a default, the same material) is given
    once, under "same". An imported sheet has many such columns: the entry is less than half as long."""
    varying = []
    same = {}
    for name, column in zip(names, columns, strict=True):
        if name != "id" and is_constant(column):
            same[name] = column[0]
        else:
            varying.append((name, column))
    changes: dict[str, Any] = {"columns": [name for name, _column in varying],
                               "rows": list(zip(*[column for _name, column in varying], strict=True))}
    if same:
        changes["same"] = same  # a JSON object: its keys come out sorted, so the columns' order goes beside it
        changes["order"] = names
    return changes


def bulk_rows_of(changes: dict[str, Any], wanted: set[int]) -> dict[int, dict[str, Any]]:
    """The rows of an "insert_many" entry's ``changes`` whose id is in ``wanted``, as column -> value."""
    columns = changes.get("columns", [])
    at = columns.index("id") if "id" in columns else None
    if at is None:
        return {}
    same = changes.get("same", {})
    order = changes.get("order")
    found = {int(row[at]): dict(zip(columns, row, strict=False)) | same for row in changes.get("rows", [])
             if row[at] in wanted}
    if order:  # the columns in the order they were given, as a history shows them
        found = {row_id: {name: values[name] for name in order if name in values} for row_id, values in found.items()}
    return found


def id_range(object_id: str) -> tuple[int, int] | None:
    """The ids an "insert_many" entry's ``object_id`` ("101-5100") spans, or None if it is not such a range."""
    first, _sep, last = object_id.partition("-")
    return (int(first), int(last)) if first.isdigit() and last.isdigit() else None


def reserve_ids(conn: Connection, table: Any, count: int) -> list[int]:
    """``count`` unused primary keys for ``table``. PostgreSQL hands them out from the table's sequence (other
    workstations may insert meanwhile); on SQLite the caller's BEGIN IMMEDIATE keeps everyone else out."""
    if conn.dialect.name == "postgresql":
        sequence = conn.execute(text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": table.name}).scalar_one()
        # One row holding an array: fetching 5,000 one-number rows costs more than the numbers do.
        ids = conn.execute(text("SELECT array(SELECT nextval(:s) FROM generate_series(1, :n))"),
                           {"s": sequence, "n": count}).scalar_one()
        return [int(i) for i in ids]
    last = int(conn.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one())
    return list(range(last + 1, last + 1 + count))


def append_rows(conn: Connection, rows: Iterable[dict[str, Any]]) -> None:
    """Append audit rows to the chain. The caller's transaction must hold the head's lock (or SQLite's)."""
    head = conn.execute(
        select(AuditHead.last_id, AuditHead.last_hash).where(AuditHead.id == 1).with_for_update()
    ).one()
    last_id, last_hash = int(head.last_id), str(head.last_hash)
    at = format_utc(utc_now())
    chained = []
    for row in rows:
        last_id += 1
        full = {"id": last_id, "at": at, **row}
        full["prev_hash"] = last_hash
        last_hash = row_hash(last_hash, full)
        full["hash"] = last_hash
        chained.append(full)
    if chained:
        conn.execute(insert(AuditLog), chained)
        conn.execute(update(AuditHead).where(AuditHead.id == 1).values(last_id=last_id, last_hash=last_hash))


def _after_end(session: Session, _transaction: object) -> None:
    session.info.pop("audit_locked", None)


def install(session_class: type[Session]) -> None:
    event.listen(session_class, "before_flush", _before_flush)
    event.listen(session_class, "after_flush", _after_flush)
    event.listen(session_class, "after_commit", lambda s: _after_end(s, None))
    event.listen(session_class, "after_rollback", lambda s: _after_end(s, None))


@dataclass(frozen=True)
class ChainReport:
    rows: int
    ok: bool
    bad_id: int | None = None
    problem: str = ""


def verify_chain(conn: Connection, batch: int = 5000) -> ChainReport:
    """Recompute every hash in order. Any edited, removed or reordered row breaks the chain at that row.

    The head is read first and only rows up to it are checked: on PostgreSQL other workstations keep appending while
    this runs (READ COMMITTED), and their new rows must not look like missing ones.
    """
    head = conn.execute(select(AuditHead.last_id, AuditHead.last_hash).where(AuditHead.id == 1)).one()
    head_id = int(head.last_id)
    expected_prev = GENESIS_HASH
    expected_id = 1
    count = 0
    table = AuditLog.__table__
    last_seen = 0
    while True:
        rows = conn.execute(
            select(table).where(table.c.id > last_seen, table.c.id <= head_id).order_by(table.c.id).limit(batch)
        ).mappings()
        got_any = False
        for row in rows:
            got_any = True
            count += 1
            last_seen = int(row["id"])
            if last_seen != expected_id:
                return ChainReport(count, False, expected_id, f"falta el registro {expected_id} de la bitácora")
            if row["prev_hash"] != expected_prev or row_hash(expected_prev, dict(row)) != row["hash"]:
                return ChainReport(count, False, last_seen, f"el registro {last_seen} de la bitácora fue alterado")
            expected_prev = row["hash"]
            expected_id += 1
        if not got_any:
            break
    if head_id != count or head.last_hash != expected_prev:
        return ChainReport(count, False, count + 1, "faltan los registros más recientes de la bitácora")
    return ChainReport(count, True)


def iter_object_history(conn: Connection, object_type: str, object_id: str) -> Iterator[dict[str, Any]]:
    table = AuditLog.__table__
    stmt = (
        select(table)
        .where(table.c.object_type == object_type, table.c.object_id == object_id)
        .order_by(table.c.id.desc())
    )
    for row in conn.execute(stmt).mappings():
        yield dict(row)
