"""Reading the audit log for people: newest first, with Spanish names and local times."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import and_, func, or_, select

from ..db.audit import ChainReport, verify_chain
from ..db.models import AuditLog
from ..domain.labels import ACTIONS, field_label, table_label
from .database import Database


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime  # local time
    who: str
    workstation: str
    action: str
    object_label: str
    summary: str
    reason: str
    object_type: str = ""


HIDDEN_FIELDS = frozenset({"version", "id"})


def display_value(value: object) -> str:
    """A stored value as people read it: dates dd/mm/aaaa, Sí/No, "(vacío)" for nothing."""
    if value is None or value == "":
        return "(vacío)"
    if isinstance(value, bool):
        return "Sí" if value else "No"
    if isinstance(value, str) and len(value) >= 10 and value[4] == "-" and value[7] == "-":
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
        if len(value) == 10:
            return moment.strftime("%d/%m/%Y")
        if moment.tzinfo is not None:
            moment = moment.astimezone()
        return moment.strftime("%d/%m/%Y %H:%M")
    return str(value)


def _summary(table: str, action: str, changes: dict[str, dict[str, object]]) -> str:
    parts = []
    for name, change in changes.items():
        if name in HIDDEN_FIELDS:
            continue
        label = field_label(table, name)
        if action == "insert":
            parts.append(f"{label}: {display_value(change.get('new'))}")
        elif action == "delete":
            parts.append(f"{label}: {display_value(change.get('old'))}")
        else:
            parts.append(f"{label}: {display_value(change.get('old'))} → {display_value(change.get('new'))}")
    return "; ".join(parts)


def _entry(r: AuditLog) -> AuditEntry:
    at = datetime.strptime(r.at, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC).astimezone()
    label = table_label(r.object_type) if r.object_type == "office_profile" else \
        f"{table_label(r.object_type)} {r.object_id}"
    return AuditEntry(r.id, at, r.who, r.workstation, ACTIONS.get(r.action, r.action), label,
                      _summary(r.object_type, r.action, json.loads(r.changes)), r.reason, r.object_type)


def recent_entries(db: Database, limit: int = 2000) -> list[AuditEntry]:
    with db.read() as s:
        rows = s.execute(select(AuditLog).order_by(AuditLog.id.desc()).limit(limit)).scalars().all()
        return [_entry(r) for r in rows]


def entry_count(db: Database) -> int:
    with db.read() as s:
        return int(s.execute(select(func.count()).select_from(AuditLog)).scalar_one())


def verify(db: Database) -> ChainReport:
    with db.read() as s:
        return verify_chain(s.connection())


def object_history(db: Database, object_type: str, object_id: int | str) -> list[AuditEntry]:
    """An object's changes, newest first (the asset form's "Historial" tab)."""
    with db.read() as s:
        rows = s.execute(select(AuditLog).where(AuditLog.object_type == object_type,
                                                AuditLog.object_id == str(object_id))
                         .order_by(AuditLog.id.desc())).scalars().all()
        return [_entry(r) for r in rows]


def asset_history(db: Database, asset_id: int) -> list[AuditEntry]:
    """An asset's changes and those of its documents and photos (removed ones included), newest first."""
    from ..db.inventory import AssetDocument, AssetPhoto

    with db.read() as s:
        documents = [str(i) for i in s.scalars(select(AssetDocument.id).where(AssetDocument.asset_id == asset_id))]
        photos = [str(i) for i in s.scalars(select(AssetPhoto.id).where(AssetPhoto.asset_id == asset_id))]
        rows = s.execute(select(AuditLog).where(or_(
            and_(AuditLog.object_type == "asset", AuditLog.object_id == str(asset_id)),
            and_(AuditLog.object_type == "asset_document", AuditLog.object_id.in_(documents)),
            and_(AuditLog.object_type == "asset_photo", AuditLog.object_id.in_(photos)),
        )).order_by(AuditLog.id.desc())).scalars().all()
        return [_entry(r) for r in rows]
