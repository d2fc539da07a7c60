"""Reading the audit log for people: newest first, with Spanish names and local times."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select

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


def _summary(table: str, changes: dict[str, dict[str, object]]) -> str:
    parts = []
    for name, change in changes.items():
        if name == "version":
            continue
        old, new = change.get("old"), change.get("new")
        label = field_label(table, name)
        if old is None:
            parts.append(f"{label}: {new}")
        elif new is None:
            parts.append(f"{label}: {old} → (vacío)")
        else:
            parts.append(f"{label}: {old} → {new}")
    return "; ".join(parts)


def recent_entries(db: Database, limit: int = 2000) -> list[AuditEntry]:
    with db.read() as s:
        rows = s.execute(select(AuditLog).order_by(AuditLog.id.desc()).limit(limit)).scalars().all()
        entries = []
        for r in rows:
            at = datetime.strptime(r.at, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC).astimezone()
            entries.append(
                AuditEntry(
                    r.id,
                    at,
                    r.who,
                    r.workstation,
                    ACTIONS.get(r.action, r.action),
                    f"{table_label(r.object_type)} {r.object_id}",
                    _summary(r.object_type, json.loads(r.changes)),
                    r.reason,
                )
            )
        return entries


def entry_count(db: Database) -> int:
    with db.read() as s:
        return int(s.execute(select(func.count()).select_from(AuditLog)).scalar_one())


def verify(db: Database) -> ChainReport:
    with db.read() as s:
        return verify_chain(s.connection())
