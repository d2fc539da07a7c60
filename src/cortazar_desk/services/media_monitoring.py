"""The monitoring log: what the press published about the municipality, in what tone; the daily síntesis
informativa built from it, the period report, and the coverage a press release or a campaign got."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime, time, timedelta

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from ..db.campaigns import Campaign, Department
from ..db.media import MediaOutlet, MonitoringDepartment, MonitoringEntry, PressRelease
from ..db.models import Attachment
from ..db.requests import EventRequest
from ..domain.media import GENRES, MEDIA, TONES
from ..domain.text import clean_text
from .attachments import store_file
from .database import Database
from .errors import UserError, ValidationError
from .records import apply_versioned_edit

LIMITS = {"section": 150, "headline": 400, "link": 1000, "author": 200, "topic": 150, "officials": 400,
          "notes": 4000}
LABELS = {"section": "Sección o programa", "headline": "Titular", "link": "Enlace", "author": "Autor",
          "topic": "Tema", "officials": "Funcionarios mencionados", "notes": "Notas", "tone": "Tono",
          "genre": "Género", "reach": "Alcance", "outlet_id": "Medio", "published_at": "Fecha y hora",
          "in_summary": "Incluir en la síntesis", "medium": "Tipo de medio"}
NO_DEPARTMENT = "Sin dependencia"
MAX_REACH = 2_000_000_000


@dataclass(frozen=True)
class EntryData:
    published_at: datetime
    outlet_id: int
    headline: str
    medium: str = ""  # empty: the outlet's own
    section: str = ""
    link: str = ""
    author: str = ""
    genre: str = "nota"
    topic: str = ""
    officials: str = ""
    tone: str = "neutral"
    reach: int | None = None
    in_summary: bool = True
    notes: str = ""
    department_ids: tuple[int, ...] = ()
    press_release_id: int | None = None
    campaign_id: int | None = None
    event_request_id: int | None = None  # the event-support request it reports on


def validate_entry(data: EntryData) -> EntryData:
    cleaned: dict[str, object] = {}
    for name, limit in LIMITS.items():
        text = clean_text(getattr(data, name), multiline=name == "notes")
        if len(text) > limit:
            raise ValidationError(f"«{LABELS[name]}» admite hasta {limit:,} caracteres; tiene {len(text):,}.",
                                  field=name)
        cleaned[name] = text
    if not cleaned["headline"]:
        raise ValidationError("Escriba el titular.", field="headline")
    link = str(cleaned["link"])
    if link and not link.lower().startswith(("http://", "https://")):
        if "." in link and " " not in link:
            cleaned["link"] = "https://" + link
        else:
            raise ValidationError("El enlace debe ser una dirección web (https://…).", field="link")
    if data.genre not in GENRES:
        raise ValidationError("Elija el género de la lista.", field="genre")
    if data.tone not in TONES:
        raise ValidationError("Elija el tono: positiva, neutral o negativa.", field="tone")
    if data.medium and data.medium not in MEDIA:
        raise ValidationError("Elija el tipo de medio de la lista.", field="medium")
    if data.reach is not None and not 0 <= data.reach <= MAX_REACH:
        raise ValidationError("El alcance estimado debe ser un número de personas positivo.", field="reach")
    if data.published_at.year < 1990 or data.published_at > datetime.now() + timedelta(days=2):
        raise ValidationError("Revise la fecha de publicación.", field="published_at")
    cleaned["department_ids"] = tuple(dict.fromkeys(data.department_ids))
    return replace(data, **cleaned)  # type: ignore[arg-type]


ENTRY_COLUMNS = [f.name for f in fields(EntryData) if f.name != "department_ids"]


def _store_clipping(s: Session, db: Database, clipping: tuple[bytes, str] | None) -> dict[str, object]:
    if clipping is None:
        return {}
    stored = store_file(s, clipping[0], clipping[1], db.actor.user)
    return {"clipping_id": stored.id, "clipping_sha256": stored.sha256}


def create_entry(db: Database, data: EntryData, clipping: tuple[bytes, str] | None = None) -> int:
    """Store an entry; ``clipping`` is (bytes, original name) of a JPEG, PNG or PDF."""
    clean = validate_entry(data)
    with db.write("nota de monitoreo") as s:
        outlet = s.get(MediaOutlet, clean.outlet_id)
        if outlet is None:
            raise ValidationError("Elija el medio de la lista.", field="outlet_id")
        values = {name: getattr(clean, name) for name in ENTRY_COLUMNS}
        values["medium"] = clean.medium or outlet.medium
        entry = MonitoringEntry(**values, **_store_clipping(s, db, clipping))
        s.add(entry)
        s.flush()
        for department_id in clean.department_ids:
            s.add(MonitoringDepartment(entry_id=entry.id, department_id=department_id))
        return entry.id


def update_entry(db: Database, entry_id: int, shown_version: int, data: EntryData,
                 clipping: tuple[bytes, str] | None = None) -> int:
    clean = validate_entry(data)
    with db.write("edición de nota de monitoreo") as s:
        outlet = s.get(MediaOutlet, clean.outlet_id)
        if outlet is None:
            raise ValidationError("Elija el medio de la lista.", field="outlet_id")
        changes = {name: getattr(clean, name) for name in ENTRY_COLUMNS}
        changes["medium"] = clean.medium or outlet.medium
        changes.update(_store_clipping(s, db, clipping))
        entry = apply_versioned_edit(s, MonitoringEntry, entry_id, shown_version, changes, LABELS)
        current = {m.department_id: m for m in s.scalars(select(MonitoringDepartment)
                                                            .where(MonitoringDepartment.entry_id == entry_id))}
        for department_id, member in current.items():
            if department_id not in clean.department_ids:
                s.delete(member)
        for department_id in clean.department_ids:
            if department_id not in current:
                s.add(MonitoringDepartment(entry_id=entry_id, department_id=department_id))
        s.flush()
        return entry.version


def retire_entry(db: Database, entry_id: int, shown_version: int) -> None:
    with db.write("baja de nota de monitoreo") as s:
        apply_versioned_edit(s, MonitoringEntry, entry_id, shown_version, {"active": False}, LABELS)


def load_entry(db: Database, entry_id: int) -> tuple[EntryData, int, bool]:
    """(data, version, has a clipping)."""
    with db.read() as s:
        e = s.get(MonitoringEntry, entry_id)
        if e is None or not e.active:
            raise UserError("La nota ya no existe.")
        departments = tuple(s.scalars(select(MonitoringDepartment.department_id)
                                      .where(MonitoringDepartment.entry_id == entry_id)
                                      .order_by(MonitoringDepartment.id)))
        data = EntryData(**{name: getattr(e, name) for name in ENTRY_COLUMNS}, department_ids=departments)
        return data, e.version, e.clipping_id is not None


@dataclass(frozen=True)
class EntryRow:
    id: int
    published_at: datetime
    outlet: str
    medium: str
    section: str
    headline: str
    link: str
    author: str
    genre: str
    topic: str
    tone: str
    reach: int | None
    in_summary: bool
    departments: str
    officials: str
    has_clipping: bool
    press_release: str
    campaign: str
    version: int
    event_request: str = ""  # its folio


def _departments_of(s: Session, entry_ids: list[int]) -> dict[int, list[str]]:
    names: dict[int, list[str]] = defaultdict(list)
    for start in range(0, len(entry_ids), 900):
        chunk = entry_ids[start:start + 900]
        for entry_id, name in s.execute(select(MonitoringDepartment.entry_id, Department.name)
                                        .join(Department, Department.id == MonitoringDepartment.department_id)
                                        .where(MonitoringDepartment.entry_id.in_(chunk))
                                        .order_by(MonitoringDepartment.id)):
            names[entry_id].append(name)
    return names


def list_entries(db: Database, start: date, end: date, *, press_release_id: int | None = None,
                 campaign_id: int | None = None) -> list[EntryRow]:
    """Entries published from ``start`` to ``end`` (both days included), newest first."""
    conditions: list[ColumnElement[bool]] = [
        MonitoringEntry.active.is_(True), MonitoringEntry.published_at >= datetime.combine(start, time()),
                  MonitoringEntry.published_at < datetime.combine(end + timedelta(days=1), time())]
    if press_release_id is not None:
        conditions.append(MonitoringEntry.press_release_id == press_release_id)
    if campaign_id is not None:
        conditions.append(MonitoringEntry.campaign_id == campaign_id)
    with db.read() as s:
        return _rows(s, conditions)


def coverage_of(db: Database, *, press_release_id: int | None = None, campaign_id: int | None = None,
                event_request_id: int | None = None) -> list[EntryRow]:
    """Every entry reporting on a press release, a campaign or an event-support request: the coverage it got."""
    conditions: list[ColumnElement[bool]] = [MonitoringEntry.active.is_(True)]
    if press_release_id is not None:
        conditions.append(MonitoringEntry.press_release_id == press_release_id)
    if campaign_id is not None:
        conditions.append(MonitoringEntry.campaign_id == campaign_id)
    if event_request_id is not None:
        conditions.append(MonitoringEntry.event_request_id == event_request_id)
    if len(conditions) == 1:
        raise UserError("Indique el boletín, la campaña o la solicitud.")
    with db.read() as s:
        return _rows(s, conditions)


def _rows(s: Session, conditions: list[ColumnElement[bool]]) -> list[EntryRow]:
    query = (select(MonitoringEntry, MediaOutlet.name, PressRelease.number, Campaign.name, EventRequest.folio)
             .join(MediaOutlet, MediaOutlet.id == MonitoringEntry.outlet_id)
             .outerjoin(PressRelease, PressRelease.id == MonitoringEntry.press_release_id)
             .outerjoin(Campaign, Campaign.id == MonitoringEntry.campaign_id)
             .outerjoin(EventRequest, EventRequest.id == MonitoringEntry.event_request_id)
             .where(*conditions).order_by(MonitoringEntry.published_at.desc(), MonitoringEntry.id.desc()))
    found = s.execute(query).all()
    departments = _departments_of(s, [e.id for e, *_rest in found])
    return [EntryRow(e.id, e.published_at, outlet, e.medium, e.section, e.headline, e.link, e.author, e.genre,
                     e.topic, e.tone, e.reach, e.in_summary, ", ".join(departments.get(e.id, [])), e.officials,
                     e.clipping_id is not None, number or "", campaign or "", e.version, folio or "")
            for e, outlet, number, campaign, folio in found]


def topics(db: Database) -> list[str]:
    """Topics already used (for the entry form's completer), most used first."""
    with db.read() as s:
        return [t for t, _n in s.execute(select(MonitoringEntry.topic, func.count()).where(MonitoringEntry.topic != "")
                                         .group_by(MonitoringEntry.topic).order_by(func.count().desc()).limit(300))]


# --- the daily síntesis -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SummaryItem:
    published_at: datetime
    headline: str
    outlet: str
    medium: str
    section: str
    author: str
    genre: str
    tone: str
    link: str
    officials: str
    thumbnail: bytes | None  # JPEG of the clipping (images); None for PDFs and entries without clipping


@dataclass
class DaySummary:
    day: date
    # department -> topic -> items, in the order they are printed
    groups: dict[str, dict[str, list[SummaryItem]]] = field(default_factory=dict)
    tones: Counter[str] = field(default_factory=Counter)
    outlets: int = 0

    @property
    def total(self) -> int:
        return sum(len(items) for topics in self.groups.values() for items in topics.values())


def day_summary(db: Database, day: date) -> DaySummary:
    """The entries of ``day`` marked for the summary, grouped by department (an entry mentioning two appears under
    both), then topic; departments and topics in alphabetical order, entries by time."""
    start = datetime.combine(day, time())
    with db.read() as s:
        found = s.execute(
            select(MonitoringEntry.id, MonitoringEntry.published_at, MonitoringEntry.headline, MediaOutlet.name,
                   MonitoringEntry.medium, MonitoringEntry.section, MonitoringEntry.author, MonitoringEntry.genre,
                   MonitoringEntry.tone, MonitoringEntry.link, MonitoringEntry.officials, MonitoringEntry.topic,
                   Attachment.thumbnail)
            .join(MediaOutlet, MediaOutlet.id == MonitoringEntry.outlet_id)
            .outerjoin(Attachment, Attachment.id == MonitoringEntry.clipping_id)
            .where(MonitoringEntry.active.is_(True), MonitoringEntry.in_summary.is_(True),
                   MonitoringEntry.published_at >= start, MonitoringEntry.published_at < start + timedelta(days=1))
            .order_by(MonitoringEntry.published_at, MonitoringEntry.id)).all()
        departments = _departments_of(s, [r.id for r in found])
    summary = DaySummary(day)
    grouped: dict[str, dict[str, list[SummaryItem]]] = defaultdict(lambda: defaultdict(list))
    outlets = set()
    for r in found:
        item = SummaryItem(r.published_at, r.headline, r.name, r.medium, r.section, r.author, r.genre, r.tone,
                           r.link, r.officials, bytes(r.thumbnail) if r.thumbnail is not None else None)
        for department in departments.get(r.id) or [NO_DEPARTMENT]:
            grouped[department][r.topic or "Sin tema"].append(item)
        summary.tones[r.tone] += 1
        outlets.add(r.name)
    summary.outlets = len(outlets)
    order = sorted(grouped, key=lambda d: (d == NO_DEPARTMENT, d))
    summary.groups = {d: {t: grouped[d][t] for t in sorted(grouped[d])} for d in order}
    return summary


def summary_pdf(db: Database, day: date) -> bytes:
    from ..documents.media_sintesis import build_summary_pdf
    from .asset_sheets import letterhead
    from .office import load_profile

    return build_summary_pdf(day_summary(db, day), letterhead(db), load_profile(db).paper_size)


# --- the period report ------------------------------------------------------------------------------------------------


@dataclass
class PeriodReport:
    start: date
    end: date
    total: int = 0
    tones: Counter[str] = field(default_factory=Counter)
    by_outlet: dict[str, Counter[str]] = field(default_factory=dict)  # name -> tone -> count
    by_department: dict[str, Counter[str]] = field(default_factory=dict)
    by_topic: dict[str, Counter[str]] = field(default_factory=dict)
    by_day: dict[date, Counter[str]] = field(default_factory=dict)
    reach: int = 0


def period_report(db: Database, start: date, end: date) -> PeriodReport:
    if end < start:
        raise ValidationError("El periodo termina antes de empezar.", field="end")
    if (end - start).days > 3660:
        raise ValidationError("El periodo del informe puede abarcar hasta diez años.", field="end")
    low, high = datetime.combine(start, time()), datetime.combine(end + timedelta(days=1), time())
    report = PeriodReport(start, end)
    by_outlet: dict[str, Counter[str]] = defaultdict(Counter)
    by_department: dict[str, Counter[str]] = defaultdict(Counter)
    by_topic: dict[str, Counter[str]] = defaultdict(Counter)
    by_day: dict[date, Counter[str]] = defaultdict(Counter)
    with db.read() as s:
        window = (MonitoringEntry.active.is_(True), MonitoringEntry.published_at >= low,
                  MonitoringEntry.published_at < high)
        for outlet, topic, tone, when, reach in s.execute(
                select(MediaOutlet.name, MonitoringEntry.topic, MonitoringEntry.tone, MonitoringEntry.published_at,
                       MonitoringEntry.reach)
                .join(MediaOutlet, MediaOutlet.id == MonitoringEntry.outlet_id).where(*window)):
            report.total += 1
            report.tones[tone] += 1
            report.reach += reach or 0
            by_outlet[outlet][tone] += 1
            by_topic[topic or "Sin tema"][tone] += 1
            by_day[when.date()][tone] += 1
        mentioned = set()
        for entry_id, department, tone in s.execute(
                select(MonitoringEntry.id, Department.name, MonitoringEntry.tone)
                .join(MonitoringDepartment, MonitoringDepartment.entry_id == MonitoringEntry.id)
                .join(Department, Department.id == MonitoringDepartment.department_id).where(*window)):
            by_department[department][tone] += 1
            mentioned.add(entry_id)
        unmentioned = report.total - len(mentioned)
        if unmentioned:
            for tone, count in s.execute(
                    select(MonitoringEntry.tone, func.count()).where(
                        *window, ~MonitoringEntry.id.in_(select(MonitoringDepartment.entry_id)))
                    .group_by(MonitoringEntry.tone)):
                by_department[NO_DEPARTMENT][tone] += count

    def ordered(counts: dict[str, Counter[str]]) -> dict[str, Counter[str]]:
        return dict(sorted(counts.items(), key=lambda kv: (-sum(kv[1].values()), kv[0])))

    report.by_outlet, report.by_department, report.by_topic = ordered(by_outlet), ordered(by_department), \
        ordered(by_topic)
    report.by_day = dict(sorted(by_day.items()))
    return report


def period_pdf(db: Database, start: date, end: date) -> bytes:
    from ..documents.media_sintesis import build_period_pdf
    from .asset_sheets import letterhead
    from .office import load_profile

    return build_period_pdf(period_report(db, start, end), letterhead(db), load_profile(db).paper_size)


def clipping(db: Database, entry_id: int) -> tuple[bytes, str] | None:
    """The clipping's bytes (verified) and media type."""
    from .attachments import read_file

    with db.read() as s:
        row = s.execute(select(MonitoringEntry.clipping_id, MonitoringEntry.clipping_sha256, Attachment.media_type)
                        .join(Attachment, Attachment.id == MonitoringEntry.clipping_id)
                        .where(MonitoringEntry.id == entry_id)).one_or_none()
        if row is None or row[0] is None:
            return None
        return read_file(s, row[0], row[1]), str(row[2])
