"""Reading the audit log for people: newest first, with Spanish names and local times."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from ..db.audit import Action, ChainReport, bulk_rows_of, id_range, verify_chain
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


# Map polygons and whole GeoJSON files: named in a summary, never printed (one is thousands of characters).
SHAPE_FIELDS = frozenset({"geometry", "geojson"})


Names = Mapping[str, Mapping[Any, str]]  # field -> stored id -> what people call it


def _summary(table: str, action: str, changes: dict[str, dict[str, object]], names: Names | None = None) -> str:
    def shown(field: str, value: object) -> str:
        known = names.get(field) if names else None
        return display_value(known.get(value, value) if known else value)

    parts = []
    for name, change in changes.items():
        if name in HIDDEN_FIELDS:
            continue
        label = field_label(table, name)
        if name in SHAPE_FIELDS:
            parts.append(f"{label}: {'(cambió)' if action == 'update' else '(guardado)'}")
        elif action == "insert":
            if change.get("new") in (None, ""):
                continue  # a new record's empty fields say nothing
            parts.append(f"{label}: {shown(name, change.get('new'))}")
        elif action == "delete":
            parts.append(f"{label}: {shown(name, change.get('old'))}")
        else:
            parts.append(f"{label}: {shown(name, change.get('old'))} → {shown(name, change.get('new'))}")
    return "; ".join(parts)


def _local(at: str) -> datetime:
    return datetime.strptime(at, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC).astimezone()


def _entry(r: AuditLog, names: Names | None = None) -> AuditEntry:
    label = table_label(r.object_type) if r.object_type == "office_profile" else \
        f"{table_label(r.object_type)} {r.object_id}"
    changes = json.loads(r.changes)
    if r.action == Action.INSERT_MANY:
        count = len(changes.get("rows", []))
        summary = f"{count:,} registros dados de alta juntos (números {r.object_id.replace('-', ' a ')})"
    else:
        summary = _summary(r.object_type, r.action, changes, names)
    return AuditEntry(r.id, _local(r.at), r.who, r.workstation, ACTIONS.get(r.action, r.action), label, summary,
                      r.reason, r.object_type)


def _bulk_entries(s: Session, object_type: str, wanted: set[int], names: Names | None = None) -> list[AuditEntry]:
    """The rows among ``wanted`` ids that a bulk insert (an import) created, each as its own "Alta" entry."""
    if not wanted:
        return []
    low, high = min(wanted), max(wanted)
    spans = s.execute(select(AuditLog.id, AuditLog.object_id).where(
        AuditLog.object_type == object_type, AuditLog.action == Action.INSERT_MANY.value)).all()
    hits = [audit_id for audit_id, object_id in spans
            if (span := id_range(object_id)) is not None and span[0] <= high and low <= span[1]]
    entries = []
    for r in s.scalars(select(AuditLog).where(AuditLog.id.in_(hits))) if hits else ():
        for object_id, values in bulk_rows_of(json.loads(r.changes), wanted).items():
            changes = {name: {"old": None, "new": value} for name, value in values.items()}
            summary = _summary(object_type, Action.INSERT.value, changes, names)
            entries.append(AuditEntry(r.id, _local(r.at), r.who, r.workstation, ACTIONS[Action.INSERT.value],
                                      f"{table_label(object_type)} {object_id}", summary, r.reason, object_type))
    return entries


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


def asset_history(db: Database, asset_id: int) -> list[AuditEntry]:
    """An asset's changes and those of its documents and photos (removed ones included), newest first."""
    from ..db.inventory import AssetDocument, AssetPhoto, AssetType, Locality

    with db.read() as s:
        documents = [str(i) for i in s.scalars(select(AssetDocument.id).where(AssetDocument.asset_id == asset_id))]
        photos = [str(i) for i in s.scalars(select(AssetPhoto.id).where(AssetPhoto.asset_id == asset_id))]
        rows = s.execute(select(AuditLog).where(or_(
            and_(AuditLog.object_type == "asset", AuditLog.object_id == str(asset_id)),
            and_(AuditLog.object_type == "asset_document", AuditLog.object_id.in_(documents)),
            and_(AuditLog.object_type == "asset_photo", AuditLog.object_id.in_(photos)),
        )).order_by(AuditLog.id.desc())).scalars().all()
        # "Tipo: Espectacular", not "Tipo: 1"
        names: Names = {"type_id": {i: n for i, n in s.execute(select(AssetType.id, AssetType.name))},
                        "locality_id": {i: n for i, n in s.execute(select(Locality.id, Locality.name))}}
        entries = [_entry(r, names) for r in rows]
        # An imported asset and its imported permit were recorded with the rest of their import.
        entries += _bulk_entries(s, "asset", {asset_id}, names)
        entries += _bulk_entries(s, "asset_document", {int(i) for i in documents}, names)
    return sorted(entries, key=lambda e: e.id, reverse=True)
