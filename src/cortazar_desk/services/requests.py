"""Event-support requests: intake with the notice check, the workflow with its dated history, assignments of staff
and equipment with the conflict check, evidence, attachments, and the printed order in the work-order series."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..db.campaigns import Department, VedaPeriod, WorkOrder
from ..db.inventory import Locality
from ..db.requests import (
    Assignment,
    CalendarSettings,
    Equipment,
    EventRequest,
    Holiday,
    RequestAttachment,
    RequestEvidence,
    RequestService,
    RequestStatusChange,
    StaffMember,
    SupportService,
    TraditionalEvent,
)
from ..domain.folios import REQUESTS, WORK_ORDERS
from ..domain.labels import FIELDS
from ..domain.orders import OrderKind, OrderStatus
from ..domain.recurrence import RuleKind, YearlyRule, working_days_between
from ..domain.requests import (
    EVENT_TYPES,
    EVIDENCE_KINDS,
    RequestStatus,
    Slot,
    check_event_times,
    find_collisions,
    notice_shortfalls,
    status_label,
    transition_problem,
)
from ..domain.text import clean_text
from ..domain.veda import dmy, overlaps
from .attachments import read_file, store_file
from .database import Database
from .errors import UserError, ValidationError
from .folios import next_folio
from .people import liaison_email_address
from .records import apply_versioned_edit, describe_conflict


@dataclass(frozen=True)
class RequestData:
    received_on: date
    department_id: int | None
    event_name: str
    starts_at: datetime
    ends_at: datetime
    event_type: str = ""
    liaison_name: str = ""
    liaison_phone: str = ""
    liaison_email: str = ""
    place: str = ""
    locality_id: int | None = None
    lat: float | None = None
    lon: float | None = None
    attendance: int | None = None
    presided_by: str = ""
    notes: str = ""
    # (service id, details): the services asked for, in the order entered
    services: tuple[tuple[int, str], ...] = field(default_factory=tuple)


_COLUMNS = tuple(f.name for f in fields(RequestData) if f.name != "services")


def validate_request(data: RequestData) -> RequestData:
    """Clean text, check what a person can get wrong; Spanish messages naming the field."""
    name = clean_text(data.event_name)[:200]
    if not name:
        raise ValidationError("Escriba el nombre del evento.", field="event_name")
    if data.department_id is None:
        raise ValidationError("Elija la dependencia que pide el apoyo.", field="department_id")
    problem = check_event_times(data.starts_at, data.ends_at)
    if problem:
        raise ValidationError(problem, field="ends_at")
    if data.received_on > data.starts_at.date():
        raise ValidationError("La solicitud no puede recibirse después de que empieza el evento.",
                              field="received_on")
    if data.attendance is not None and not 0 <= data.attendance <= 1_000_000:
        raise ValidationError("La asistencia esperada debe estar entre 0 y 1,000,000 personas.", field="attendance")
    if (data.lat is None) != (data.lon is None):
        raise ValidationError("Indique latitud y longitud juntas, o ninguna.", field="lat")
    if data.lat is not None and data.lon is not None and not (-90 <= data.lat <= 90 and -180 <= data.lon <= 180):
        raise ValidationError("Las coordenadas no son válidas.", field="lat")
    email = liaison_email_address(data.liaison_email)

    event_type = clean_text(data.event_type)[:60]
    if event_type and event_type not in EVENT_TYPES:
        event_type = "Otro"
    seen: set[int] = set()
    services: list[tuple[int, str]] = []
    for service_id, details in data.services:
        if service_id in seen:
            continue  # the same service twice is one service
        seen.add(service_id)
        services.append((service_id, clean_text(details, multiline=True)[:2000]))
    return replace(
        data, event_name=name, event_type=event_type, liaison_email=email,
        liaison_name=clean_text(data.liaison_name)[:150], liaison_phone=clean_text(data.liaison_phone)[:60],
        place=clean_text(data.place)[:200], presided_by=clean_text(data.presided_by)[:150],
        notes=clean_text(data.notes, multiline=True)[:4000], services=tuple(services),
        starts_at=data.starts_at.replace(second=0, microsecond=0, tzinfo=None),
        ends_at=data.ends_at.replace(second=0, microsecond=0, tzinfo=None),
    )


# --- warnings at intake -------------------------------------------------------------------------------------------

def holidays_between(s: Session, start: date, end: date) -> set[date]:
    return set(s.scalars(select(Holiday.day).where(Holiday.day >= start, Holiday.day <= end)))


def _warnings(s: Session, data: RequestData) -> list[str]:
    """What the office should know but does not stop the request: short notice, an electoral blackout."""
    warnings: list[str] = []
    event_day = data.starts_at.date()
    given = working_days_between(data.received_on, event_day, holidays_between(s, data.received_on, event_day))
    ids = [service_id for service_id, _ in data.services]
    if ids:
        names = dict(s.execute(select(SupportService.id, SupportService.name).where(SupportService.id.in_(ids))).all())
        notice = dict(s.execute(select(SupportService.id, SupportService.min_notice_days)
                                .where(SupportService.id.in_(ids))).all())
        needed = [(names[i], notice[i]) for i in ids if i in names]
        warnings += ["Poca anticipación. " + short.message() for short in notice_shortfalls(given, needed)]
    for name, starts_on, election_on in s.execute(
            select(VedaPeriod.name, VedaPeriod.starts_on, VedaPeriod.election_on).where(VedaPeriod.active.is_(True))):
        if overlaps(event_day, data.ends_at.date(), starts_on, election_on):
            warnings.append(f"El evento cae en la veda «{name}» (del {dmy(starts_on)} al {dmy(election_on)}): su "
                            "difusión se limita a los temas exentos (salud, educación, protección civil y los que "
                            "autorice la autoridad electoral).")
    return warnings


def intake_warnings(db: Database, data: RequestData) -> list[str]:
    """The warnings the form shows while the request is typed, before it is saved."""
    with db.read() as s:
        return _warnings(s, data)


# --- create, load, update -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SavedRequest:
    id: int
    folio: str
    version: int
    warnings: list[str]


def _record_step(s: Session, request_id: int, status: str, actor: str, note: str = "") -> None:
    s.add(RequestStatusChange(request_id=request_id, status=status, changed_at=datetime.now().replace(microsecond=0),
                              changed_by=actor[:120], note=clean_text(note)[:300]))


def _check_references(s: Session, data: RequestData) -> None:
    department = s.get(Department, data.department_id)
    if department is None or not department.active:
        raise ValidationError("La dependencia ya no existe o está inactiva.", field="department_id")
    if data.locality_id is not None and s.get(Locality, data.locality_id) is None:
        raise ValidationError("La localidad ya no existe.", field="locality_id")
    ids = [i for i, _ in data.services]
    if ids:
        found = set(s.scalars(select(SupportService.id).where(SupportService.id.in_(ids))))
        if missing := [i for i in ids if i not in found]:
            raise ValidationError(f"Un servicio elegido ya no existe (id {missing[0]}).")


def create_request(db: Database, data: RequestData, *, traditional_event_id: int | None = None) -> SavedRequest:
    clean = validate_request(data)
    with db.write("alta de solicitud de apoyo") as s:
        _check_references(s, clean)
        if not (clean.liaison_name or clean.liaison_phone or clean.liaison_email):
            department = s.get(Department, clean.department_id)
            assert department is not None
            clean = replace(clean, liaison_name=department.liaison_name, liaison_phone=department.liaison_phone,
                            liaison_email=department.liaison_email)  # the department's usual liaison
        request = EventRequest(folio=next_folio(s, REQUESTS, clean.received_on.year),
                               status=RequestStatus.RECEIVED.value, traditional_event_id=traditional_event_id,
                               **{c: getattr(clean, c) for c in _COLUMNS})
        s.add(request)
        s.flush()
        for service_id, details in clean.services:
            s.add(RequestService(request_id=request.id, service_id=service_id, details=details))
        _record_step(s, request.id, RequestStatus.RECEIVED.value, db.actor.user, "Alta")
        warnings = _warnings(s, clean)
        s.flush()
        return SavedRequest(request.id, request.folio, request.version, warnings)


@dataclass(frozen=True)
class LoadedRequest:
    id: int
    folio: str
    version: int
    status: str
    rejection_reason: str
    data: RequestData
    work_order_folio: str | None
    traditional_event_id: int | None


def load_request(db: Database, request_id: int) -> LoadedRequest:
    with db.read() as s:
        r = s.get(EventRequest, request_id)
        if r is None:
            raise UserError("La solicitud ya no existe.")
        services = tuple((i, d) for i, d in s.execute(
            select(RequestService.service_id, RequestService.details)
            .where(RequestService.request_id == request_id).order_by(RequestService.id)))
        data = RequestData(services=services, **{c: getattr(r, c) for c in _COLUMNS})
        order = s.get(WorkOrder, r.work_order_id) if r.work_order_id else None
        return LoadedRequest(r.id, r.folio, r.version, r.status, r.rejection_reason, data,
                             order.folio if order else None, r.traditional_event_id)


def update_request(db: Database, request_id: int, shown_version: int, data: RequestData) -> SavedRequest:
    """Save the edited request. A service that already has people or equipment cannot be dropped silently; the
    assignments follow the event's new hours (their conflicts come back as warnings)."""
    clean = validate_request(data)
    with db.write("cambio de solicitud de apoyo") as s:
        _check_references(s, clean)
        request = apply_versioned_edit(s, EventRequest, request_id, shown_version,
                                       {c: getattr(clean, c) for c in _COLUMNS}, FIELDS["event_request"])
        if request.status in (RequestStatus.CLOSED, RequestStatus.REJECTED):
            raise ValidationError(f"La solicitud está {status_label(request.status).lower()}; reábrala para "
                                  "cambiarla." if request.status == RequestStatus.REJECTED else
                                  "La solicitud está cerrada; ya no se cambia.")
        existing = {row.service_id: row for row in s.scalars(
            select(RequestService).where(RequestService.request_id == request_id))}
        wanted = dict(clean.services)
        for service_id, row in existing.items():
            if service_id not in wanted:
                assigned = s.scalar(select(func.count()).select_from(Assignment)
                                    .where(Assignment.request_service_id == row.id))
                if assigned:
                    name = s.get(SupportService, service_id)
                    raise ValidationError(f"El servicio «{name.name if name else service_id}» ya tiene personas o "
                                          "equipo asignados; quite primero las asignaciones.")
                s.delete(row)
            elif row.details != wanted[service_id]:
                row.details = wanted[service_id]
        for service_id, details in clean.services:
            if service_id not in existing:
                s.add(RequestService(request_id=request_id, service_id=service_id, details=details))
        moved = s.scalars(select(Assignment).where(Assignment.request_id == request_id)).all()
        for a in moved:
            a.starts_at, a.ends_at, a.locality_id = clean.starts_at, clean.ends_at, clean.locality_id
        s.flush()
        warnings = _warnings(s, clean)
        margin = travel_margin(s)
        for a in moved:
            for clash in _collisions(s, a.staff_id, a.equipment_id, _slot(clean), margin, exclude_request=request_id):
                warnings.append(f"Conflicto: {_resource_name(s, a.staff_id, a.equipment_id)} también está en "
                                f"{clash.label}.")
        return SavedRequest(request.id, request.folio, request.version, warnings)


# --- workflow -----------------------------------------------------------------------------------------------------

def set_status(db: Database, request_id: int, shown_version: int, target: str, note: str = "") -> int:
    """Move the request one step (or reject it with a reason, or reopen a rejected one); the step is dated."""
    with db.write(f"solicitud: {status_label(target).lower()}") as s:
        request = s.get(EventRequest, request_id)
        if request is None:
            raise UserError("La solicitud ya no existe.")
        if request.version != shown_version:
            raise describe_conflict(s, request, shown_version, FIELDS["event_request"])
        assignments = s.scalar(select(func.count()).select_from(Assignment)
                               .where(Assignment.request_id == request_id)) or 0
        evidence = s.scalar(select(func.count()).select_from(RequestEvidence)
                            .where(RequestEvidence.request_id == request_id)) or 0
        problem = transition_problem(request.status, target, reason=note, assignments=assignments,
                                     evidence=evidence)
        if problem:
            raise ValidationError(problem)
        request.status = target
        request.rejection_reason = clean_text(note)[:300] if target == RequestStatus.REJECTED else ""
        _record_step(s, request_id, target, db.actor.user, note)
        s.flush()
        return request.version


@dataclass(frozen=True)
class StepRow:
    status: str
    changed_at: datetime
    changed_by: str
    note: str


def history(db: Database, request_id: int) -> list[StepRow]:
    with db.read() as s:
        return [StepRow(*row) for row in s.execute(
            select(RequestStatusChange.status, RequestStatusChange.changed_at, RequestStatusChange.changed_by,
                   RequestStatusChange.note)
            .where(RequestStatusChange.request_id == request_id).order_by(RequestStatusChange.id))]


# --- assignments and conflicts ------------------------------------------------------------------------------------

def travel_margin(s: Session) -> timedelta:
    minutes = s.scalar(select(CalendarSettings.travel_margin_minutes).where(CalendarSettings.id == 1))
    return timedelta(minutes=30 if minutes is None else minutes)


def _slot(data: RequestData) -> Slot:
    return Slot(data.starts_at, data.ends_at, data.locality_id)


def _resource_name(s: Session, staff_id: int | None, equipment_id: int | None) -> str:
    if staff_id is not None:
        person = s.get(StaffMember, staff_id)
        return person.name if person else "la persona"
    item = s.get(Equipment, equipment_id) if equipment_id is not None else None
    return f"el equipo «{item.name}»" if item else "el equipo"


def _collisions(s: Session, staff_id: int | None, equipment_id: int | None, new: Slot, margin: timedelta,
                *, exclude_request: int | None = None) -> list[Slot]:
    """The assignments of this person or equipment that collide with ``new``: one indexed range query.

    Assignments are at most 31 days long (check_event_times), which bounds how early a colliding one can start.
    """
    resource = Assignment.staff_id == staff_id if staff_id is not None else Assignment.equipment_id == equipment_id
    query = (select(Assignment.starts_at, Assignment.ends_at, Assignment.locality_id, EventRequest.folio,
                    EventRequest.event_name)
             .join(EventRequest, EventRequest.id == Assignment.request_id)
             .where(resource,
                    Assignment.starts_at < new.ends_at + margin,
                    Assignment.starts_at > new.starts_at - margin - timedelta(days=32),
                    Assignment.ends_at > new.starts_at - margin,
                    EventRequest.status.notin_((RequestStatus.REJECTED.value,))))
    if exclude_request is not None:
        query = query.where(Assignment.request_id != exclude_request)
    others = [Slot(a, b, loc, f"{folio} «{name}» ({span_text(a, b)})") for a, b, loc, folio, name in s.execute(query)]
    return find_collisions(new, others, margin)


def span_text(starts_at: datetime, ends_at: datetime) -> str:
    """"15/09/2026 21:00–23:00", or with both dates when it ends another day."""
    if starts_at.date() == ends_at.date():
        return f"{starts_at:%d/%m/%Y %H:%M}–{ends_at:%H:%M}"
    return f"{starts_at:%d/%m/%Y %H:%M} al {ends_at:%d/%m/%Y %H:%M}"


def _why(new: Slot, clash: Slot, margin: timedelta) -> str:
    """A collision that is not an overlap is the travel margin: say so."""
    if new.starts_at < clash.ends_at and clash.starts_at < new.ends_at:
        return ""
    minutes = int(margin.total_seconds() // 60)
    return f": no quedan los {minutes} min de traslado entre localidades"


@dataclass(frozen=True)
class AssignmentCheck:
    conflicts: list[str]  # Spanish lines naming the other events


def check_assignment(db: Database, request_id: int, *, staff_id: int | None = None,
                     equipment_id: int | None = None) -> AssignmentCheck:
    """What giving this person or equipment to the request would collide with (shown before saving)."""
    if (staff_id is None) == (equipment_id is None):
        raise ValidationError("Elija una persona o un equipo.")
    with db.read() as s:
        request = s.get(EventRequest, request_id)
        if request is None:
            raise UserError("La solicitud ya no existe.")
        new = Slot(request.starts_at, request.ends_at, request.locality_id)
        margin = travel_margin(s)
        clashes = _collisions(s, staff_id, equipment_id, new, margin, exclude_request=request_id)
        who = _resource_name(s, staff_id, equipment_id)
        return AssignmentCheck([f"{who} ya está en {c.label}{_why(new, c, margin)}" for c in clashes])


class AssignmentConflictError(UserError):
    """Raised when conflicts exist and the person did not accept them."""


def assign(db: Database, request_service_id: int, *, staff_id: int | None = None, equipment_id: int | None = None,
           accept_conflicts: bool = False) -> int:
    """Give a person or a piece of equipment to one service of a request. Conflicts refuse the assignment unless the
    person saw them and accepted (the conflict stays visible on the calendar)."""
    if (staff_id is None) == (equipment_id is None):
        raise ValidationError("Elija una persona o un equipo.")
    with db.write("asignación a solicitud") as s:
        row = s.get(RequestService, request_service_id)
        if row is None:
            raise UserError("El servicio ya no está en la solicitud.")
        request = s.get(EventRequest, row.request_id, with_for_update=True)
        assert request is not None
        if request.status in (RequestStatus.CLOSED, RequestStatus.REJECTED, RequestStatus.COVERED):
            raise ValidationError(f"La solicitud está {status_label(request.status).lower()}; ya no se asigna.")
        if staff_id is not None:
            person = s.get(StaffMember, staff_id)
            if person is None or not person.active:
                raise ValidationError("La persona ya no está en el equipo.")
        if equipment_id is not None:
            item = s.get(Equipment, equipment_id)
            if item is None or not item.active:
                raise ValidationError("El equipo ya no está disponible.")
        duplicate = s.scalar(select(Assignment.id).where(
            Assignment.request_service_id == request_service_id,
            (Assignment.staff_id == staff_id) if staff_id is not None else (Assignment.equipment_id == equipment_id)))
        if duplicate is not None:
            raise ValidationError(f"{_resource_name(s, staff_id, equipment_id).capitalize()} ya está asignado a "
                                  "este servicio.")
        new = Slot(request.starts_at, request.ends_at, request.locality_id)
        margin = travel_margin(s)
        clashes = _collisions(s, staff_id, equipment_id, new, margin, exclude_request=request.id)
        if clashes and not accept_conflicts:
            who = _resource_name(s, staff_id, equipment_id)
            raise AssignmentConflictError("Conflicto de horario: " + "; ".join(
                f"{who} ya está en {c.label}{_why(new, c, margin)}" for c in clashes))
        assignment = Assignment(request_service_id=request_service_id, request_id=request.id, staff_id=staff_id,
                                equipment_id=equipment_id, starts_at=request.starts_at, ends_at=request.ends_at,
                                locality_id=request.locality_id)
        s.add(assignment)
        if request.status == RequestStatus.VALIDATED:
            request.status = RequestStatus.ASSIGNED.value
            _record_step(s, request.id, request.status, db.actor.user, "Al asignar")
        s.flush()
        return assignment.id


def unassign(db: Database, assignment_id: int) -> None:
    with db.write("quitar asignación") as s:
        row = s.get(Assignment, assignment_id)
        if row is None:
            return
        request = s.get(EventRequest, row.request_id)
        if request is not None and request.status in (RequestStatus.CLOSED, RequestStatus.COVERED):
            raise ValidationError("La solicitud ya fue cubierta; sus asignaciones quedan como registro.")
        s.delete(row)


@dataclass(frozen=True)
class ServiceRow:
    id: int  # request_service id
    service_id: int
    service: str
    details: str
    min_notice_days: int
    assigned: list[tuple[int, str]]  # (assignment id, "person" or "equipo: name")


def request_services(db: Database, request_id: int) -> list[ServiceRow]:
    with db.read() as s:
        rows = s.execute(select(RequestService.id, RequestService.service_id, SupportService.name,
                                RequestService.details, SupportService.min_notice_days)
                         .join(SupportService, SupportService.id == RequestService.service_id)
                         .where(RequestService.request_id == request_id).order_by(RequestService.id)).all()
        assigned: dict[int, list[tuple[int, str]]] = defaultdict(list)
        for a_id, rs_id, person, item in s.execute(
                select(Assignment.id, Assignment.request_service_id, StaffMember.name, Equipment.name)
                .outerjoin(StaffMember, StaffMember.id == Assignment.staff_id)
                .outerjoin(Equipment, Equipment.id == Assignment.equipment_id)
                .where(Assignment.request_id == request_id).order_by(Assignment.id)):
            assigned[rs_id].append((a_id, person if person else f"Equipo: {item}"))
        return [ServiceRow(i, sid, name, details, notice, assigned[i]) for i, sid, name, details, notice in rows]


# --- evidence and attachments -------------------------------------------------------------------------------------

def add_evidence(db: Database, request_id: int, kind: str, link: str) -> int:
    text = clean_text(link)[:500]
    if kind not in EVIDENCE_KINDS:
        raise ValidationError("Elija el tipo de evidencia.")
    if len(text) < 3:
        raise ValidationError("Escriba el enlace o la ubicación de la evidencia (carpeta, publicación, boletín).")
    with db.write("evidencia de solicitud") as s:
        if s.get(EventRequest, request_id) is None:
            raise UserError("La solicitud ya no existe.")
        row = RequestEvidence(request_id=request_id, kind=kind, link=text, noted_on=date.today())
        s.add(row)
        s.flush()
        return row.id


def evidence(db: Database, request_id: int) -> list[tuple[str, str, date]]:
    with db.read() as s:
        return [(EVIDENCE_KINDS.get(k, k), link, day) for k, link, day in s.execute(
            select(RequestEvidence.kind, RequestEvidence.link, RequestEvidence.noted_on)
            .where(RequestEvidence.request_id == request_id).order_by(RequestEvidence.id))]


def add_attachment(db: Database, request_id: int, data: bytes, original_name: str, caption: str = "") -> int:
    with db.write("anexo de solicitud") as s:
        if s.get(EventRequest, request_id) is None:
            raise UserError("La solicitud ya no existe.")
        stored = store_file(s, data, original_name, db.actor.user)
        row = RequestAttachment(request_id=request_id, attachment_id=stored.id, sha256=stored.sha256,
                                caption=clean_text(caption)[:200] or clean_text(original_name)[:200])
        s.add(row)
        s.flush()
        return row.id


def attachments(db: Database, request_id: int) -> list[tuple[int, str]]:
    with db.read() as s:
        return [(i, c) for i, c in s.execute(select(RequestAttachment.id, RequestAttachment.caption)
                                             .where(RequestAttachment.request_id == request_id)
                                             .order_by(RequestAttachment.id))]


def read_attachment(db: Database, row_id: int) -> tuple[str, bytes]:
    with db.read() as s:
        row = s.get(RequestAttachment, row_id)
        if row is None:
            raise UserError("El anexo ya no existe.")
        return row.caption, read_file(s, row.attachment_id, row.sha256)


# --- lists --------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RequestRow:
    id: int
    folio: str
    received_on: date
    department: str
    event_name: str
    starts_at: datetime
    ends_at: datetime
    place: str
    status: str
    services: str
    unassigned: bool


def list_requests(db: Database, start: date | None = None, end: date | None = None) -> list[RequestRow]:
    """Requests whose event touches [start, end] (all when no range), newest event first."""
    with db.read() as s:
        query = (select(EventRequest.id, EventRequest.folio, EventRequest.received_on, Department.name,
                        EventRequest.event_name, EventRequest.starts_at, EventRequest.ends_at, EventRequest.place,
                        EventRequest.status)
                 .join(Department, Department.id == EventRequest.department_id)
                 .order_by(EventRequest.starts_at.desc()))
        if start is not None:
            query = query.where(EventRequest.ends_at >= datetime.combine(start, time.min))
        if end is not None:
            query = query.where(EventRequest.starts_at < datetime.combine(end + timedelta(days=1), time.min))
        rows = s.execute(query).all()
        ids = [r[0] for r in rows]
        names: dict[int, list[str]] = defaultdict(list)
        assigned: set[int] = set()
        for chunk in _chunks(ids):
            for rid, name in s.execute(select(RequestService.request_id, SupportService.name)
                                       .join(SupportService, SupportService.id == RequestService.service_id)
                                       .where(RequestService.request_id.in_(chunk))):
                names[rid].append(name)
            assigned.update(s.scalars(select(Assignment.request_id).where(Assignment.request_id.in_(chunk))
                                      .distinct()))
        waiting = (RequestStatus.RECEIVED, RequestStatus.VALIDATED)
        return [RequestRow(*r, services=", ".join(names[r[0]]), unassigned=r[8] in waiting and r[0] not in assigned)
                for r in rows]


def request_choices(db: Database, around: date | None = None, days: int = 120) -> list[tuple[int, str]]:
    """(id, "SOL-2026-0012 · event (dd/mm/aaaa)") of the requests whose event falls within ``days`` of ``around``
    (today), newest first: what a monitoring entry or a press release links to."""
    around = around or date.today()
    low = datetime.combine(around - timedelta(days=days), time.min)
    high = datetime.combine(around + timedelta(days=days), time.min)
    with db.read() as s:
        rows = [(i, f, n, a) for i, f, n, a in s.execute(
            select(EventRequest.id, EventRequest.folio, EventRequest.event_name, EventRequest.starts_at)
            .where(EventRequest.starts_at >= low, EventRequest.starts_at < high,
                   EventRequest.status != RequestStatus.REJECTED.value))]
    # Notes report on what already happened: the latest past events first, then the coming ones, soonest first.
    cutoff = datetime.combine(around + timedelta(days=1), time.min)
    rows.sort(key=lambda r: (r[3] >= cutoff, -r[3].timestamp() if r[3] < cutoff else r[3].timestamp()))
    return [(i, f"{folio} · {name} ({start:%d/%m/%Y})") for i, folio, name, start in rows]


def _chunks(ids: list[int], size: int = 900) -> list[list[int]]:
    return [ids[i:i + size] for i in range(0, len(ids), size)]


# --- traditional events into requests -----------------------------------------------------------------------------

def rule_of(event: TraditionalEvent) -> YearlyRule:
    return YearlyRule(RuleKind(event.rule), event.month, event.day, event.easter_offset, event.weekday, event.nth)


def request_from_traditional(db: Database, traditional_event_id: int, year: int) -> SavedRequest:
    """One action: the year's occurrence of a traditional event becomes a received request of the department that
    organises it (Comunicación Social when none is set), at the event's usual hours on its first day (an event of
    several days, a fair, is asked for its opening; the notes say until when it runs)."""
    with db.read() as s:
        event = s.get(TraditionalEvent, traditional_event_id)
        if event is None:
            raise UserError("El evento tradicional ya no existe.")
        existing = s.scalar(select(EventRequest.folio).where(
            EventRequest.traditional_event_id == traditional_event_id,
            EventRequest.status != RequestStatus.REJECTED.value,
            func.extract("year", EventRequest.starts_at) == year))
        if existing:
            raise ValidationError(f"Ya existe la solicitud {existing} para «{event.name}» de {year}.")
        first = rule_of(event).on(year)
        last = first + timedelta(days=max(1, event.duration_days) - 1)
        department_id = event.department_id or s.scalar(select(Department.id).where(
            Department.name == "Comunicación Social"))
        locality_id = event.locality_id or s.scalar(select(Locality.id).where(Locality.name == event.place))
        starts = datetime.combine(first, event.starts_at_time)
        ends = datetime.combine(first, event.ends_at_time)
        if ends <= starts:  # past midnight: the Grito, 21:00 to 00:30
            ends += timedelta(days=1)
        notes = event.notes
        if last > first:
            notes = f"Del {first:%d/%m/%Y} al {last:%d/%m/%Y}. {notes}".strip()
        data = RequestData(received_on=min(date.today(), first), department_id=department_id,
                           event_name=f"{event.name} {year}", starts_at=starts, ends_at=ends,
                           event_type="Tradicional", place=event.place, locality_id=locality_id, notes=notes)
    return create_request(db, data, traditional_event_id=traditional_event_id)


# --- the printed order --------------------------------------------------------------------------------------------

def make_work_order(db: Database, request_id: int, crew: str = "") -> str:
    """The request's order in the work-order series (OT-2026-0001), due on the event's day. Made once; printing again
    reprints the same order."""
    with db.write("orden de trabajo de solicitud") as s:
        request = s.get(EventRequest, request_id, with_for_update=True)
        if request is None:
            raise UserError("La solicitud ya no existe.")
        if request.work_order_id is not None:
            order = s.get(WorkOrder, request.work_order_id)
            assert order is not None
            return order.folio
        if request.status == RequestStatus.REJECTED:
            raise ValidationError("La solicitud fue rechazada; no lleva orden de trabajo.")
        today = date.today()
        order = WorkOrder(folio=next_folio(s, WORK_ORDERS, today.year), kind=OrderKind.EVENT.value,
                          crew=clean_text(crew)[:150] or "Comunicación Social", due_on=request.starts_at.date(),
                          instructions=f"Apoyo al evento {request.folio}: {request.event_name}"[:4000],
                          created_on=today, status=OrderStatus.PENDING.value)
        s.add(order)
        s.flush()
        request.work_order_id = order.id
        s.flush()
        return order.folio

