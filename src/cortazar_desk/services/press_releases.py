"""The register of press releases (boletines): number BOL-2026-014, date, title, text or a file, the department
it is about, the distribution list it went to; printable, exportable, and with the coverage it got."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from ..db.campaigns import Campaign, Department
from ..db.media import DistributionList, MonitoringEntry, PressRelease
from ..db.requests import EventRequest
from ..domain.text import clean_text
from .attachments import store_file
from .database import Database
from .errors import AttachmentError, UserError, ValidationError
from .folios import next_number
from .records import save_versioned

LABELS = {"issued_on": "Fecha", "title": "Título", "body": "Texto", "department_id": "Dependencia",
          "list_id": "Lista de distribución", "campaign_id": "Campaña", "attachment_id": "Archivo",
          "number": "Número"}
BODY_LIMIT = 32_000  # a spreadsheet cell holds 32,767 characters: the export keeps it whole


@dataclass(frozen=True)
class ReleaseData:
    issued_on: date
    title: str
    body: str = ""
    department_id: int | None = None
    list_id: int | None = None
    campaign_id: int | None = None
    event_request_id: int | None = None  # the event-support request it is about


def validate_release(data: ReleaseData) -> ReleaseData:
    title = clean_text(data.title)
    body = clean_text(data.body, multiline=True)
    if not title:
        raise ValidationError("Escriba el título del boletín.", field="title")
    if len(title) > 300:
        raise ValidationError("El título admite hasta 300 caracteres.", field="title")
    if len(body) > BODY_LIMIT:
        raise ValidationError(f"El texto admite hasta {BODY_LIMIT:,} caracteres; tiene {len(body):,}. Adjunte el "
                              "documento como archivo.", field="body")
    return replace(data, title=title, body=body)


def create_release(db: Database, data: ReleaseData, file: tuple[bytes, str] | None = None) -> tuple[int, str]:
    """Register a release; returns (id, number). ``file`` is (bytes, name) of a PDF or image."""
    clean = validate_release(data)
    with db.write("alta de boletín") as s:
        year = clean.issued_on.year
        number = f"BOL-{year}-{next_number(s, 'BOL', str(year)):03d}"
        extra: dict[str, object] = {}
        if file is not None:
            stored = store_file(s, file[0], file[1], db.actor.user)
            extra = {"attachment_id": stored.id, "sha256": stored.sha256}
        release = PressRelease(number=number, **{f.name: getattr(clean, f.name) for f in fields(ReleaseData)},
                               **extra)
        s.add(release)
        s.flush()
        return release.id, number


def update_release(db: Database, release_id: int, shown_version: int, data: ReleaseData,
                   file: tuple[bytes, str] | None = None) -> int:
    clean = validate_release(data)
    changes: dict[str, object] = {f.name: getattr(clean, f.name) for f in fields(ReleaseData)}

    def attach(s: object) -> None:
        if file is not None:
            stored = store_file(s, file[0], file[1], db.actor.user)  # type: ignore[arg-type]
            changes.update(attachment_id=stored.id, sha256=stored.sha256)

    return save_versioned(db, PressRelease, release_id, shown_version, changes, LABELS, "edición de boletín",
                          before=attach)


def load_release(db: Database, release_id: int) -> tuple[ReleaseData, int, str, bool]:
    """(data, version, number, has a file)."""
    with db.read() as s:
        r = s.get(PressRelease, release_id)
        if r is None or not r.active:
            raise UserError("El boletín ya no existe.")
        return (ReleaseData(**{f.name: getattr(r, f.name) for f in fields(ReleaseData)}), r.version, r.number,
                r.attachment_id is not None)


@dataclass(frozen=True)
class ReleaseRow:
    id: int
    number: str
    issued_on: date
    title: str
    department: str
    list_name: str
    campaign: str
    has_file: bool
    coverage: int  # monitoring entries that report on it
    body: str
    version: int
    event: str = ""  # the folio of the event-support request it is about


def list_releases(db: Database) -> list[ReleaseRow]:
    with db.read() as s:
        counts = dict(s.execute(select(MonitoringEntry.press_release_id, func.count())
                                .where(MonitoringEntry.active.is_(True), MonitoringEntry.press_release_id.is_not(None))
                                .group_by(MonitoringEntry.press_release_id)).all())
        rows = s.execute(select(PressRelease, Department.name, DistributionList.name, Campaign.name,
                                EventRequest.folio)
                         .outerjoin(Department, Department.id == PressRelease.department_id)
                         .outerjoin(EventRequest, EventRequest.id == PressRelease.event_request_id)
                         .outerjoin(DistributionList, DistributionList.id == PressRelease.list_id)
                         .outerjoin(Campaign, Campaign.id == PressRelease.campaign_id)
                         .where(PressRelease.active.is_(True))
                         .order_by(PressRelease.issued_on.desc(), PressRelease.id.desc())).all()
        return [ReleaseRow(r.id, r.number, r.issued_on, r.title, d or "", lst or "", c or "",
                           r.attachment_id is not None, int(counts.get(r.id, 0)), r.body, r.version, folio or "")
                for r, d, lst, c, folio in rows]


def release_choices(db: Database, limit: int = 200) -> list[tuple[int, str]]:
    """(id, "BOL-2026-014 · title") of the latest releases, for linking a monitoring entry."""
    with db.read() as s:
        return [(i, f"{n} · {t}") for i, n, t in s.execute(
            select(PressRelease.id, PressRelease.number, PressRelease.title).where(PressRelease.active.is_(True))
            .order_by(PressRelease.issued_on.desc(), PressRelease.id.desc()).limit(limit))]


def release_pdf(db: Database, release_id: int) -> bytes:
    from ..documents.media_sheets import build_release_pdf
    from .asset_sheets import letterhead
    from .media_monitoring import coverage_of
    from .office import load_profile

    rows = [r for r in list_releases(db) if r.id == release_id]
    if not rows:
        raise UserError("El boletín ya no existe.")
    return build_release_pdf(rows[0], coverage_of(db, press_release_id=release_id), letterhead(db),
                             load_profile(db).paper_size)


def release_file(db: Database, release_id: int) -> bytes:
    from .attachments import read_file

    with db.read() as s:
        r = s.get(PressRelease, release_id)
        if r is None or r.attachment_id is None:
            raise AttachmentError("Este boletín no tiene archivo.")
        return read_file(s, r.attachment_id, r.sha256)


def export_xlsx(db: Database, path: Path) -> int:
    from ..documents.workbooks import Column, SheetData, write_workbook

    rows = list_releases(db)
    columns = [Column("Número", 14), Column("Fecha", 12, "dd/mm/yyyy"), Column("Título", 50),
               Column("Dependencia", 24), Column("Lista de distribución", 24), Column("Campaña", 24),
               Column("Evento (solicitud)", 16), Column("Notas publicadas", 10), Column("Texto", 80)]
    write_workbook(path, [SheetData("Boletines", columns, [
        [r.number, r.issued_on, r.title, r.department, r.list_name, r.campaign, r.event, r.coverage, r.body]
        for r in rows])])
    return len(rows)
