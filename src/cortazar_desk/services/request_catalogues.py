"""The catalogues behind requests, edited by the office: services with their notice, staff, equipment, holidays, the
travel margin, the departments' liaisons and the traditional events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from sqlalchemy import select

from ..db.campaigns import Department
from ..db.requests import CalendarSettings, Equipment, Holiday, StaffMember, SupportService, TraditionalEvent
from ..domain.labels import FIELDS
from ..domain.recurrence import RuleKind, YearlyRule, official_rest_days
from ..domain.text import clean_text
from .database import Database
from .errors import UserError, ValidationError
from .people import liaison_email_address
from .records import save_versioned


@dataclass(frozen=True)
class CatalogueRow:
    id: int
    name: str
    detail: str  # service: notice days; staff: role; equipment: kind
    extra: str  # staff: phone
    active: bool
    version: int


def _name(text: str, what: str) -> str:
    name = clean_text(text)[:150]
    if len(name) < 2:
        raise ValidationError(f"Escriba el nombre de {what}.", field="name")
    return name


def _unique(db: Database, row: SupportService | StaffMember | Equipment | Department, what: str) -> int:
    """Insert a named catalogue row, refusing a name already taken (active or not) in Spanish."""
    model = type(row)
    with db.write(f"alta de {what}") as s:
        if s.scalar(select(model.id).where(model.name == row.name)) is not None:
            raise ValidationError(f"Ya existe {what} llamado «{row.name}» (puede estar inactivo).", field="name")
        s.add(row)
        s.flush()
        return row.id


# --- services -----------------------------------------------------------------------------------------------------

def _notice(days: int) -> int:
    if not 0 <= days <= 60:
        raise ValidationError("La anticipación debe estar entre 0 y 60 días hábiles.", field="min_notice_days")
    return days


def list_services(db: Database, *, active_only: bool = False) -> list[CatalogueRow]:
    with db.read() as s:
        query = select(SupportService).order_by(SupportService.name)
        if active_only:
            query = query.where(SupportService.active.is_(True))
        return [CatalogueRow(r.id, r.name, str(r.min_notice_days), "", r.active, r.version) for r in s.scalars(query)]


def add_service(db: Database, name: str, min_notice_days: int) -> int:
    return _unique(db, SupportService(name=_name(name, "el servicio"), min_notice_days=_notice(min_notice_days),
                                      active=True), "un servicio")


def update_service(db: Database, row: CatalogueRow, name: str, min_notice_days: int, active: bool) -> int:
    return save_versioned(db, SupportService, row.id, row.version,
                          {"name": _name(name, "el servicio"), "min_notice_days": _notice(min_notice_days),
                           "active": active}, FIELDS["support_service"])


# --- staff and equipment ------------------------------------------------------------------------------------------

def list_staff(db: Database, *, active_only: bool = False) -> list[CatalogueRow]:
    with db.read() as s:
        query = select(StaffMember).order_by(StaffMember.name)
        if active_only:
            query = query.where(StaffMember.active.is_(True))
        return [CatalogueRow(r.id, r.name, r.role, r.phone, r.active, r.version) for r in s.scalars(query)]


def add_staff(db: Database, name: str, role: str = "", phone: str = "") -> int:
    return _unique(db, StaffMember(name=_name(name, "la persona"), role=clean_text(role)[:100],
                                   phone=clean_text(phone)[:60], active=True), "una persona")


def update_staff(db: Database, row: CatalogueRow, name: str, role: str, phone: str, active: bool) -> int:
    return save_versioned(db, StaffMember, row.id, row.version,
                          {"name": _name(name, "la persona"), "role": clean_text(role)[:100],
                           "phone": clean_text(phone)[:60], "active": active}, FIELDS["staff_member"])


def list_equipment(db: Database, *, active_only: bool = False) -> list[CatalogueRow]:
    with db.read() as s:
        query = select(Equipment).order_by(Equipment.name)
        if active_only:
            query = query.where(Equipment.active.is_(True))
        return [CatalogueRow(r.id, r.name, r.kind, "", r.active, r.version) for r in s.scalars(query)]


def add_equipment(db: Database, name: str, kind: str = "") -> int:
    return _unique(db, Equipment(name=_name(name, "el equipo"), kind=clean_text(kind)[:60], active=True),
                   "un equipo")


def update_equipment(db: Database, row: CatalogueRow, name: str, kind: str, active: bool) -> int:
    return save_versioned(db, Equipment, row.id, row.version,
                          {"name": _name(name, "el equipo"), "kind": clean_text(kind)[:60], "active": active},
                          FIELDS["equipment"])


# --- holidays and the travel margin -------------------------------------------------------------------------------

def list_holidays(db: Database, year: int | None = None) -> list[tuple[int, date, str]]:
    with db.read() as s:
        query = select(Holiday.id, Holiday.day, Holiday.name).order_by(Holiday.day)
        if year is not None:
            query = query.where(Holiday.day >= date(year, 1, 1), Holiday.day <= date(year, 12, 31))
        return [(i, d, n) for i, d, n in s.execute(query)]


def add_holiday(db: Database, day: date, name: str) -> int:
    with db.write("alta de día inhábil") as s:
        if s.scalar(select(Holiday.id).where(Holiday.day == day)) is not None:
            raise ValidationError(f"El {day:%d/%m/%Y} ya es día inhábil.")
        row = Holiday(day=day, name=clean_text(name)[:150] or "Día inhábil")
        s.add(row)
        s.flush()
        return row.id


def add_official_rest_days(db: Database, year: int) -> int:
    """Add the rest days of the Ley Federal del Trabajo for ``year`` that are not there yet; return how many."""
    with db.write("días de descanso oficiales") as s:
        have = set(s.scalars(select(Holiday.day).where(Holiday.day >= date(year, 1, 1),
                                                       Holiday.day <= date(year, 12, 31))))
        added = [(d, n) for d, n in official_rest_days(year) if d not in have]
        for day, name in added:
            s.add(Holiday(day=day, name=name))
        return len(added)


def remove_holiday(db: Database, holiday_id: int) -> None:
    with db.write("baja de día inhábil") as s:
        row = s.get(Holiday, holiday_id)
        if row is not None:
            s.delete(row)


def load_travel_margin(db: Database) -> tuple[int, int]:
    """(minutes, version)."""
    with db.read() as s:
        row = s.get(CalendarSettings, 1)
        if row is None:
            raise UserError("Faltan los ajustes del calendario; la base de datos no está completa.")
        return row.travel_margin_minutes, row.version


def save_travel_margin(db: Database, minutes: int, shown_version: int) -> int:
    if not 0 <= minutes <= 240:
        raise ValidationError("El margen de traslado debe estar entre 0 y 240 minutos.")
    return save_versioned(db, CalendarSettings, 1, shown_version, {"travel_margin_minutes": minutes},
                          FIELDS["calendar_settings"])


# --- departments and their liaisons -------------------------------------------------------------------------------

@dataclass(frozen=True)
class DepartmentRow:
    id: int
    name: str
    liaison_name: str
    liaison_phone: str
    liaison_email: str
    active: bool
    version: int


def list_departments(db: Database, *, active_only: bool = False) -> list[DepartmentRow]:
    with db.read() as s:
        query = select(Department).order_by(Department.name)
        if active_only:
            query = query.where(Department.active.is_(True))
        return [DepartmentRow(d.id, d.name, d.liaison_name, d.liaison_phone, d.liaison_email, d.active, d.version)
                for d in s.scalars(query)]


def add_department(db: Database, name: str) -> int:
    return _unique(db, Department(name=_name(name, "la dependencia"), active=True), "una dependencia")


def update_department(db: Database, row: DepartmentRow, name: str, liaison_name: str, liaison_phone: str,
                      liaison_email: str, active: bool) -> int:
    email = liaison_email_address(liaison_email)

    return save_versioned(db, Department, row.id, row.version,
                          {"name": _name(name, "la dependencia"), "liaison_name": clean_text(liaison_name)[:150],
                           "liaison_phone": clean_text(liaison_phone)[:60], "liaison_email": email,
                           "active": active}, FIELDS["department"])


# --- traditional events -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class TraditionalRow:
    id: int
    name: str
    rule: YearlyRule
    duration_days: int
    place: str
    notes: str
    active: bool
    version: int
    starts: time = time(10)  # usual hours on its first day; an end at or before the start is past midnight
    ends: time = time(14)

    def describe(self) -> str:
        span = f", {self.duration_days} días" if self.duration_days > 1 else ""
        return f"{self.rule.describe()}{span}, {self.starts:%H:%M} a {self.ends:%H:%M}"


def list_traditional(db: Database, *, active_only: bool = False) -> list[TraditionalRow]:
    with db.read() as s:
        query = select(TraditionalEvent)
        if active_only:
            query = query.where(TraditionalEvent.active.is_(True))
        rows = [TraditionalRow(e.id, e.name, YearlyRule(RuleKind(e.rule), e.month, e.day, e.easter_offset,
                                                        e.weekday, e.nth),
                               e.duration_days, e.place, e.notes, e.active, e.version, e.starts_at_time,
                               e.ends_at_time) for e in s.scalars(query)]
    year = date.today().year
    return sorted(rows, key=lambda r: (r.rule.on(year) if not r.rule.problems() else date.max, r.name))


def _check_traditional(name: str, rule: YearlyRule, duration_days: int) -> str:
    clean = clean_text(name)[:200]
    if len(clean) < 3:
        raise ValidationError("Escriba el nombre del evento.", field="name")
    if problems := rule.problems():
        raise ValidationError(problems[0])
    if not 1 <= duration_days <= 31:
        raise ValidationError("La duración debe estar entre 1 y 31 días.")
    return clean


def _minute(value: time) -> time:
    return value.replace(second=0, microsecond=0, tzinfo=None)


def _rule_columns(rule: YearlyRule) -> dict[str, object]:
    return {"rule": rule.kind.value, "month": rule.month, "day": rule.day, "easter_offset": rule.easter_offset,
            "weekday": rule.weekday, "nth": rule.nth}


def add_traditional(db: Database, name: str, rule: YearlyRule, duration_days: int = 1, place: str = "",
                    notes: str = "", starts: time = time(10), ends: time = time(14)) -> int:
    clean = _check_traditional(name, rule, duration_days)
    with db.write("alta de evento tradicional") as s:
        row = TraditionalEvent(name=clean, duration_days=duration_days, place=clean_text(place)[:200],
                               starts_at_time=_minute(starts), ends_at_time=_minute(ends),
                               notes=clean_text(notes, multiline=True)[:2000], active=True, **_rule_columns(rule))
        s.add(row)
        s.flush()
        return row.id


def update_traditional(db: Database, row: TraditionalRow, name: str, rule: YearlyRule, duration_days: int,
                       place: str, notes: str, active: bool, starts: time | None = None,
                       ends: time | None = None) -> int:
    clean = _check_traditional(name, rule, duration_days)
    return save_versioned(db, TraditionalEvent, row.id, row.version,
                          {"name": clean, "duration_days": duration_days, "place": clean_text(place)[:200],
                           "starts_at_time": _minute(starts or row.starts), "ends_at_time": _minute(ends or row.ends),
                           "notes": clean_text(notes, multiline=True)[:2000], "active": active,
                           **_rule_columns(rule)}, FIELDS["traditional_event"])
