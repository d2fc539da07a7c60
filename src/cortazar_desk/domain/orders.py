"""Work orders: kinds, states and the dates derived from placements."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import date, timedelta


class OrderKind(enum.StrEnum):
    INSTALL = "colocacion"
    WITHDRAW = "retiro"
    COVER = "cubrir"
    REPAINT = "pintar"
    REPAIR = "reparar"
    EVIDENCE = "evidencia"
    EVENT = "evento"  # support at a department's event (services/requests.py)


ORDER_KIND_LABELS: Mapping[OrderKind, str] = {
    OrderKind.INSTALL: "Colocación",
    OrderKind.WITHDRAW: "Retiro",
    OrderKind.COVER: "Cubrir con lona blanca",
    OrderKind.REPAINT: "Pintar / blanquear barda",
    OrderKind.REPAIR: "Reparación",
    OrderKind.EVIDENCE: "Tomar evidencia",
    OrderKind.EVENT: "Apoyo a evento",
}


class OrderStatus(enum.StrEnum):
    PENDING = "pendiente"
    IN_PROGRESS = "en_proceso"
    DONE = "hecha"
    CANCELLED = "cancelada"


ORDER_STATUS_LABELS: Mapping[OrderStatus, str] = {
    OrderStatus.PENDING: "Pendiente",
    OrderStatus.IN_PROGRESS: "En proceso",
    OrderStatus.DONE: "Hecha",
    OrderStatus.CANCELLED: "Cancelada",
}

EVIDENCE_VIEWS: Mapping[str, str] = {"cerca": "Acercamiento", "aproximacion": "Vista de aproximación"}


def is_late(status: str, due_on: date, today: date) -> bool:
    """Overdue: still open after its due day."""
    return status in (OrderStatus.PENDING, OrderStatus.IN_PROGRESS) and due_on < today


def installation_due(starts_on: date) -> date:
    """Up the day before the campaign starts."""
    return starts_on - timedelta(days=1)


def withdrawal_due(ends_on: date) -> date:
    """Down the day after it ends."""
    return ends_on + timedelta(days=1)


def veda_withdrawal_due(day_zero: date) -> date:
    """Down before day 0 of the blackout."""
    return day_zero - timedelta(days=1)
