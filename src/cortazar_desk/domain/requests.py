"""Event-support requests: their workflow, the notice each service needs, and when two assignments collide."""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta


class RequestStatus(enum.StrEnum):
    RECEIVED = "recibida"
    VALIDATED = "validada"
    ASSIGNED = "asignada"
    IN_PROGRESS = "en_proceso"
    COVERED = "cubierta"
    CLOSED = "cerrada"
    REJECTED = "rechazada"


STATUS_LABELS: Mapping[RequestStatus, str] = {
    RequestStatus.RECEIVED: "Recibida",
    RequestStatus.VALIDATED: "Validada",
    RequestStatus.ASSIGNED: "Asignada",
    RequestStatus.IN_PROGRESS: "En proceso",
    RequestStatus.COVERED: "Cubierta",
    RequestStatus.CLOSED: "Cerrada",
    RequestStatus.REJECTED: "Rechazada",
}
# The workflow, one step at a time; any open request can be rejected (with a reason) and a rejected one reopened.
NEXT_STEP: Mapping[RequestStatus, RequestStatus] = {
    RequestStatus.RECEIVED: RequestStatus.VALIDATED,
    RequestStatus.VALIDATED: RequestStatus.ASSIGNED,
    RequestStatus.ASSIGNED: RequestStatus.IN_PROGRESS,
    RequestStatus.IN_PROGRESS: RequestStatus.COVERED,
    RequestStatus.COVERED: RequestStatus.CLOSED,
}
OPEN_STATUSES = frozenset({RequestStatus.RECEIVED, RequestStatus.VALIDATED, RequestStatus.ASSIGNED,
                           RequestStatus.IN_PROGRESS})
# The colour each status has on the calendar and in tables.
STATUS_COLORS: Mapping[RequestStatus, str] = {
    RequestStatus.RECEIVED: "#f5b041",
    RequestStatus.VALIDATED: "#5dade2",
    RequestStatus.ASSIGNED: "#2e86c1",
    RequestStatus.IN_PROGRESS: "#8e44ad",
    RequestStatus.COVERED: "#27ae60",
    RequestStatus.CLOSED: "#7f8c8d",
    RequestStatus.REJECTED: "#c0392b",
}


def status_label(value: str) -> str:
    try:
        return STATUS_LABELS[RequestStatus(value)]
    except ValueError:
        return value


def transition_problem(current: str, target: str, *, reason: str = "", assignments: int = 0,
                       evidence: int = 0) -> str | None:
    """Why ``current`` cannot move to ``target`` (Spanish), or None when it can."""
    now, then = RequestStatus(current), RequestStatus(target)
    if then is RequestStatus.REJECTED:
        if now not in OPEN_STATUSES:
            return "Solo se rechaza una solicitud que sigue abierta."
        if len(reason.strip()) < 5:
            return "Escriba el motivo del rechazo."
        return None
    if now is RequestStatus.REJECTED and then is RequestStatus.RECEIVED:
        return None
    if NEXT_STEP.get(now) is not then:
        return (f"Una solicitud {STATUS_LABELS[now].lower()} no pasa a {STATUS_LABELS[then].lower()}"
                f"{'' if now not in NEXT_STEP else f'; el siguiente paso es {STATUS_LABELS[NEXT_STEP[now]].lower()}'}.")
    if then is RequestStatus.ASSIGNED and assignments == 0:
        return "Asigne al menos una persona o un equipo antes de marcarla como asignada."
    if then is RequestStatus.CLOSED and evidence == 0:
        return "Registre al menos una evidencia (carpeta de fotos, publicación o boletín) antes de cerrarla."
    return None


EVENT_TYPES = ("Cívico", "Cultural", "Deportivo", "Social", "Tradicional", "Inauguración", "Entrega de apoyos",
               "Rueda de prensa", "Reunión", "Otro")
EVIDENCE_KINDS: Mapping[str, str] = {
    "fotos": "Carpeta de fotos",
    "publicacion": "Publicación",
    "boletin": "Boletín de prensa",
    "video": "Video",
    "otro": "Otro",
}


@dataclass(frozen=True)
class NoticeShortfall:
    service: str
    needed: int
    given: int

    def message(self) -> str:
        return (f"{self.service}: pide {self.needed} días hábiles de anticipación y la solicitud llegó con "
                f"{self.given}.")


def notice_shortfalls(given_days: int, services: Sequence[tuple[str, int]]) -> list[NoticeShortfall]:
    """The services asked for with less notice than they need (flagged, never refused)."""
    return [NoticeShortfall(name, needed, given_days) for name, needed in services if given_days < needed]


# --- conflicts ----------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Slot:
    """A person's or a piece of equipment's time at one event."""

    starts_at: datetime
    ends_at: datetime
    locality_id: int | None
    label: str = ""


def collides(new: Slot, other: Slot, travel_margin: timedelta) -> bool:
    """Overlapping times collide; in different (or unknown) localities, so does a gap shorter than the margin."""
    same_place = new.locality_id is not None and new.locality_id == other.locality_id
    margin = timedelta(0) if same_place else travel_margin
    return new.starts_at < other.ends_at + margin and other.starts_at < new.ends_at + margin


def find_collisions(new: Slot, others: Sequence[Slot], travel_margin: timedelta) -> list[Slot]:
    return [o for o in others if collides(new, o, travel_margin)]


def check_event_times(starts_at: datetime, ends_at: datetime) -> str | None:
    if ends_at <= starts_at:
        return "El evento debe terminar después de empezar."
    if ends_at - starts_at > timedelta(days=31):
        return "Un evento no puede durar más de 31 días; regístrelo por partes."
    return None


def week_start(day: date) -> date:
    """Monday of the day's week."""
    return day - timedelta(days=day.weekday())
