"""Saving edits to versioned records without silently overwriting anyone.

A form keeps the version it showed. The save loads the row, compares versions, applies the changes and flushes an
``UPDATE ... WHERE id = :id AND version = :version``; if another workstation saved in between, nothing is written and
the person is told who changed what, and when.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from ..db.audit import iter_object_history
from ..db.models import Base, Versioned
from .database import Database
from .errors import ConflictError, UserError

T = TypeVar("T", bound=Base)


def _local_time(utc_text: str) -> str:
    try:
        moment = datetime.strptime(utc_text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC).astimezone()
    except ValueError:
        return utc_text
    return moment.strftime("%d/%m/%Y %H:%M")


def describe_conflict(session: Session, obj: Base, shown_version: int, labels: Mapping[str, str]) -> ConflictError:
    """Who changed the record since ``shown_version``, when, from which workstation, and which fields."""
    table = obj.__tablename__
    from sqlalchemy import inspect

    pk = "/".join(str(v) for v in inspect(obj).mapper.primary_key_from_instance(obj))
    fields: list[str] = []
    last: dict[str, Any] | None = None
    for row in iter_object_history(session.connection(), table, pk):
        changes = json.loads(row["changes"])
        version = changes.get("version", {}).get("new")
        if isinstance(version, int) and version <= shown_version:
            break
        last = last or row
        for name in changes:
            if name != "version" and name not in fields:
                fields.append(name)
    if last is None:
        return ConflictError(
            "Este registro cambió mientras usted lo editaba. No se guardó nada; vuelva a abrirlo para ver la "
            "versión actual."
        )
    names = ", ".join(labels.get(f, f) for f in fields) or "sin cambios visibles"
    return ConflictError(
        f"{last['who']} (equipo {last['workstation']}) guardó cambios en este registro el "
        f"{_local_time(last['at'])}, mientras usted lo editaba. Campos que cambió: {names}.\n\n"
        "No se guardó nada de lo suyo. Cierre y vuelva a abrir el registro para ver la versión actual y repita "
        "sus cambios."
    )


def apply_versioned_edit(
    session: Session,
    model: type[T],
    pk: Any,
    shown_version: int,
    changes: Mapping[str, Any],
    labels: Mapping[str, str],
) -> T:
    """Apply ``changes`` to the row if it is still at ``shown_version``; raise ``ConflictError`` otherwise."""
    obj = session.get(model, pk)
    if obj is None:
        raise UserError("El registro ya no existe; otra persona pudo haberlo eliminado.")
    assert isinstance(obj, Versioned)
    if obj.version != shown_version:
        raise describe_conflict(session, obj, shown_version, labels)
    for key, value in changes.items():
        if getattr(obj, key) != value:
            setattr(obj, key, value)
    session.flush()  # version check happens here: UPDATE ... WHERE version = shown_version
    return obj


def save_versioned(
    db: Database,
    model: type[T],
    pk: Any,
    shown_version: int,
    changes: Mapping[str, Any],
    labels: Mapping[str, str],
    reason: str = "",
    before: Callable[[Session], None] | None = None,
) -> int:
    """Save ``changes`` in their own short transaction; return the new version.

    ``before`` runs first inside the same transaction (checks and rows that must commit or fail with the edit).

    A conflict found at flush time (another workstation committed between our read and our write) is described
    from a fresh read, after our transaction rolled back.
    """
    try:
        with db.write(reason) as session:
            if before is not None:
                before(session)
            obj = apply_versioned_edit(session, model, pk, shown_version, changes, labels)
            assert isinstance(obj, Versioned)
            return obj.version
    except ConflictError as conflict:
        if conflict.__cause__ is None:
            raise
        with db.read() as session:
            current = session.get(model, pk)
            if current is None:
                raise UserError("El registro ya no existe; otra persona pudo haberlo eliminado.") from conflict
            raise describe_conflict(session, current, shown_version, labels) from conflict
