"""What the calendar shows for a range of days: requests with their services and people, the traditional events of
those years, and which assignments collide; the same exported to .ics for phones."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db.campaigns import Department
from ..db.requests import Assignment, Equipment, EventRequest, RequestService, StaffMember, SupportService
from ..domain.recurrence import occurrences
from ..domain.requests import RequestStatus, Slot, collides, status_label
from .database import Database
from .request_catalogues import list_traditional
from .requests import _chunks, span_text, travel_margin

OFFICE_ZONE = "America/Mexico_City"  # Guanajuato keeps central time all year since 2022
TRADITIONAL = "tradicional"


@dataclass(frozen=True)
class CalendarItem:
    key: str  # "r12" for request 12, "t3-2026" for traditional event 3 in 2026
    request_id: int | None
    traditional_id: int | None
    folio: str
    title: str
    starts_at: datetime
    ends_at: datetime
    all_day: bool
    status: str  # a RequestStatus value, or TRADITIONAL
    department: str
    place: str
    services: tuple[str, ...]
    people: tuple[str, ...]  # staff and equipment assigned
    conflict: bool

    def days(self) -> list[date]:
        """Every day the item touches (an event ending at midnight does not touch the next day)."""
        last = (self.ends_at - timedelta(microseconds=1)).date() if self.ends_at > self.starts_at else \
            self.starts_at.date()
        count = (last - self.starts_at.date()).days + 1
        return [self.starts_at.date() + timedelta(days=i) for i in range(max(1, count))]

    def status_text(self) -> str:
        return "Evento tradicional" if self.status == TRADITIONAL else status_label(self.status)


@dataclass(frozen=True)
class Filters:
    department_id: int | None = None
    service_id: int | None = None
    staff_id: int | None = None
    equipment_id: int | None = None
    include_traditional: bool = True
    include_rejected: bool = False


EVERYTHING = Filters()


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    return datetime.combine(start, time.min), datetime.combine(end + timedelta(days=1), time.min)


def items_between(db: Database, start: date, end: date, filters: Filters = EVERYTHING) -> list[CalendarItem]:
    """Everything on the calendar from ``start`` to ``end`` (both days included), sorted by start."""
    low, high = _bounds(start, end)
    with db.read() as s:
        query = (select(EventRequest.id, EventRequest.folio, EventRequest.event_name, EventRequest.starts_at,
                        EventRequest.ends_at, EventRequest.status, Department.name, EventRequest.place)
                 .join(Department, Department.id == EventRequest.department_id)
                 .where(EventRequest.starts_at < high, EventRequest.ends_at > low,
                        # events last at most 31 days: lets the starts_at index bound the scan from below too
                        EventRequest.starts_at > low - timedelta(days=32)))
        if not filters.include_rejected:
            query = query.where(EventRequest.status != RequestStatus.REJECTED.value)
        if filters.department_id is not None:
            query = query.where(EventRequest.department_id == filters.department_id)
        if filters.service_id is not None:
            query = query.where(EventRequest.id.in_(select(RequestService.request_id)
                                                    .where(RequestService.service_id == filters.service_id)))
        if filters.staff_id is not None:
            query = query.where(EventRequest.id.in_(select(Assignment.request_id)
                                                    .where(Assignment.staff_id == filters.staff_id)))
        if filters.equipment_id is not None:
            query = query.where(EventRequest.id.in_(select(Assignment.request_id)
                                                    .where(Assignment.equipment_id == filters.equipment_id)))
        rows = s.execute(query).all()
        ids = [r[0] for r in rows]
        services: dict[int, list[str]] = defaultdict(list)
        people: dict[int, list[str]] = defaultdict(list)
        for chunk in _chunks(ids):
            for rid, name in s.execute(select(RequestService.request_id, SupportService.name)
                                       .join(SupportService, SupportService.id == RequestService.service_id)
                                       .where(RequestService.request_id.in_(chunk))
                                       .order_by(RequestService.id)):
                services[rid].append(name)
            for rid, person, item in s.execute(select(Assignment.request_id, StaffMember.name, Equipment.name)
                                               .outerjoin(StaffMember, StaffMember.id == Assignment.staff_id)
                                               .outerjoin(Equipment, Equipment.id == Assignment.equipment_id)
                                               .where(Assignment.request_id.in_(chunk))
                                               .order_by(Assignment.id)):
                label = person or item or ""
                if label not in people[rid]:
                    people[rid].append(label)
        clashing: set[int] = set()
        for clash in _conflicts(s, low, high) if ids else []:
            clashing.update((clash.first_request, clash.second_request))
    items = [CalendarItem(f"r{rid}", rid, None, folio, name, a, b, False, status, dep, place,
                          tuple(services[rid]), tuple(people[rid]), rid in clashing)
             for rid, folio, name, a, b, status, dep, place in rows]
    if filters.include_traditional and filters.staff_id is None and filters.equipment_id is None \
            and filters.service_id is None and filters.department_id is None:
        items += traditional_items(db, start, end)
    items.sort(key=lambda i: (i.starts_at, not i.all_day, i.title))
    return items


def traditional_items(db: Database, start: date, end: date) -> list[CalendarItem]:
    """The traditional events of the range, except the years already turned into a request (the request shows)."""
    with db.read() as s:
        requested = {(tid, when.year) for tid, when in s.execute(
            select(EventRequest.traditional_event_id, EventRequest.starts_at).where(
                EventRequest.traditional_event_id.is_not(None),
                EventRequest.status != RequestStatus.REJECTED.value,
                EventRequest.starts_at >= datetime.combine(start - timedelta(days=400), time.min),
                EventRequest.starts_at < datetime.combine(end + timedelta(days=400), time.min)))}
    items = []
    for event in list_traditional(db, active_only=True):
        for first, last in occurrences(event.rule, event.duration_days, start, end):
            if (event.id, first.year) in requested:
                continue
            items.append(CalendarItem(f"t{event.id}-{first.year}", None, event.id, "", event.name,
                                      datetime.combine(first, time.min),
                                      datetime.combine(last + timedelta(days=1), time.min), True, TRADITIONAL,
                                      "", event.place, (), (), False))
    return items


# --- conflicts ----------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Conflict:
    resource: str
    first_request: int
    first: str
    second_request: int
    second: str


def _conflicts(s: Session, low: datetime, high: datetime) -> list[Conflict]:
    """Pairs of assignments of one person or piece of equipment that collide, among those touching [low, high)."""
    margin = travel_margin(s)
    rows = s.execute(
        select(Assignment.staff_id, Assignment.equipment_id, Assignment.request_id, Assignment.starts_at,
               Assignment.ends_at, Assignment.locality_id, EventRequest.folio, EventRequest.event_name,
               StaffMember.name, Equipment.name)
        .join(EventRequest, EventRequest.id == Assignment.request_id)
        .outerjoin(StaffMember, StaffMember.id == Assignment.staff_id)
        .outerjoin(Equipment, Equipment.id == Assignment.equipment_id)
        .where(Assignment.starts_at < high + margin, Assignment.ends_at > low - margin,
               Assignment.starts_at > low - margin - timedelta(days=32),
               EventRequest.status != RequestStatus.REJECTED.value)
        .order_by(Assignment.starts_at)).all()
    by_resource: dict[tuple[int | None, int | None], list[tuple[int, Slot]]] = defaultdict(list)
    names: dict[tuple[int | None, int | None], str] = {}
    for staff, equipment, rid, a, b, loc, folio, event, person, item in rows:
        key = (staff, equipment)
        names[key] = person or f"Equipo «{item}»"
        by_resource[key].append((rid, Slot(a, b, loc, f"{folio} «{event}» ({span_text(a, b)})")))
    found: list[Conflict] = []
    seen: set[tuple[object, int, int]] = set()
    for key, slots in by_resource.items():
        for i, (rid, slot) in enumerate(slots):
            for other_rid, other in slots[i + 1:]:
                if other.starts_at >= slot.ends_at + margin:
                    break  # sorted by start: nothing later can collide with this one
                pair = (key, rid, other_rid)
                if rid != other_rid and pair not in seen and collides(slot, other, margin):
                    seen.add(pair)
                    found.append(Conflict(names[key], rid, slot.label, other_rid, other.label))
    return found


def conflicts_between(db: Database, start: date, end: date) -> list[Conflict]:
    low, high = _bounds(start, end)
    with db.read() as s:
        return _conflicts(s, low, high)


# --- .ics ---------------------------------------------------------------------------------------------------------

def to_ics(items: Iterable[CalendarItem], office_name: str = "Comunicación Social") -> bytes:
    """An iCalendar file phones import: times in the office's zone, all-day events as dates."""
    from icalendar import Calendar, Event

    zone = ZoneInfo(OFFICE_ZONE)
    calendar = Calendar()
    calendar.add("prodid", "-//Cortazar Desk//Agenda de Comunicacion Social//ES")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"Agenda de {office_name}")
    stamp = datetime.now(tz=zone).replace(microsecond=0)
    for item in items:
        event = Event()
        event.add("uid", f"{item.key}@cortazar-desk")
        event.add("dtstamp", stamp)
        event.add("summary", f"{item.folio} {item.title}".strip())
        if item.all_day:
            event.add("dtstart", item.starts_at.date())
            event.add("dtend", item.ends_at.date())
        else:
            event.add("dtstart", item.starts_at.replace(tzinfo=zone))
            event.add("dtend", item.ends_at.replace(tzinfo=zone))
        if item.place:
            event.add("location", item.place)
        lines = [f"Estado: {item.status_text()}"]
        if item.department:
            lines.append(f"Dependencia: {item.department}")
        if item.services:
            lines.append("Servicios: " + ", ".join(item.services))
        if item.people:
            lines.append("Asignados: " + ", ".join(item.people))
        event.add("description", "\n".join(lines))
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())


@dataclass(frozen=True)
class EventsOutlook:
    today: int  # requests with an event today
    this_week: int  # requests with an event this week (Monday to Sunday)
    coming: list[CalendarItem]  # today and the next six days, requests and traditional events
    unassigned: int  # open requests with no one assigned yet, events from today on
    conflicts: list[Conflict]  # from today to the end of next week


def events_outlook(db: Database, today: date | None = None) -> EventsOutlook:
    """What the dashboard shows about events."""
    from ..domain.requests import week_start
    from .requests import list_requests

    today = today or date.today()
    monday = week_start(today)
    sunday, last = monday + timedelta(days=6), today + timedelta(days=6)
    both = items_between(db, monday, last)  # this week and the coming seven days, read once (monday <= today)
    week = [i for i in both if i.starts_at.date() <= sunday]
    coming = [i for i in both if i.days()[-1] >= today]
    todays = sum(1 for i in coming if i.request_id is not None and today in i.days())
    unassigned = sum(1 for r in list_requests(db, today, None) if r.unassigned)
    conflicts = conflicts_between(db, today, monday + timedelta(days=13))
    return EventsOutlook(todays, sum(1 for i in week if i.request_id is not None), coming, unassigned, conflicts)
