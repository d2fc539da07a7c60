"""Distribution lists: fixed lists of chosen contacts and saved searches that update themselves ("radio + regional
+ fuente: seguridad"). Exports to Excel, vCard and the printed attendance sheet never include a contact marked
do-not-contact."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from ..db.media import DistributionList, DistributionListMember, MediaContact
from ..domain.media import (
    CHANNELS,
    COVERAGE,
    MEDIA,
    ContactFacts,
    ListCriteria,
    VCardPerson,
    beat_keys,
    matches,
    vcards,
)
from ..domain.text import clean_text
from .database import Database
from .errors import UserError, ValidationError
from .media_directory import ContactRow, contact_rows
from .records import save_versioned

KINDS = {"fija": "Lista fija", "busqueda": "Búsqueda guardada"}
LIST_LABELS = {"name": "Nombre", "kind": "Tipo", "criteria": "Criterios", "notes": "Notas"}


@dataclass(frozen=True)
class ListRow:
    id: int
    name: str
    kind: str
    description: str
    members: int
    version: int


def _criteria(raw: str) -> ListCriteria:
    try:
        value = json.loads(raw or "{}")
    except ValueError:
        value = {}
    return ListCriteria.from_dict(value if isinstance(value, dict) else {})


def _facts(row: ContactRow) -> ContactFacts:
    return ContactFacts(row.medium, row.coverage, beat_keys(row.beats),
                        row.outlet_id, row.search_text() + " " + row.notes.casefold())


def list_lists(db: Database) -> list[ListRow]:
    with db.read() as s:
        lists = s.execute(select(DistributionList.id, DistributionList.name, DistributionList.kind,
                                 DistributionList.criteria, DistributionList.notes, DistributionList.version)
                          .where(DistributionList.active.is_(True)).order_by(DistributionList.name)).all()
        counts = dict(s.execute(select(DistributionListMember.list_id, func.count())
                                .join(MediaContact, MediaContact.id == DistributionListMember.contact_id)
                                .where(MediaContact.active.is_(True))
                                .group_by(DistributionListMember.list_id)).all())
        saved = [row for row in lists if row.kind == "busqueda"]
        everyone = contact_rows(s) if saved else []
    facts = [_facts(r) for r in everyone]
    result = []
    for i, name, kind, raw, notes, version in lists:
        if kind == "busqueda":
            criteria = _criteria(raw)
            members = sum(1 for f in facts if matches(criteria, f))
            description = criteria.describe()
        else:
            members = int(counts.get(i, 0))
            description = notes.splitlines()[0] if notes else "Contactos elegidos uno por uno"
        result.append(ListRow(i, name, kind, description, members, version))
    return result


def _validate(name: str, kind: str, criteria: ListCriteria | None, notes: str) -> tuple[str, str, str]:
    name = clean_text(name)
    notes = clean_text(notes, multiline=True)
    if not name:
        raise ValidationError("Escriba el nombre de la lista.", field="name")
    if len(name) > 150:
        raise ValidationError("El nombre de la lista admite hasta 150 caracteres.", field="name")
    if len(notes) > 4000:
        raise ValidationError("Las notas admiten hasta 4,000 caracteres.", field="notes")
    if kind not in KINDS:
        raise ValidationError("Elija el tipo de lista.", field="kind")
    if kind == "busqueda":
        if criteria is None or criteria.is_empty():
            raise ValidationError("Una búsqueda guardada necesita al menos un criterio (tipo de medio, cobertura, "
                                  "fuente, medio o texto).", field="criteria")
        bad = [m for m in criteria.media if m not in MEDIA] + [c for c in criteria.coverage if c not in COVERAGE]
        if bad:
            raise ValidationError(f"Criterio desconocido: {', '.join(bad)}.", field="criteria")
    raw = json.dumps((criteria or ListCriteria()).to_dict(), ensure_ascii=False) if kind == "busqueda" else "{}"
    return name, raw, notes


def _name_free(db: Database, name: str, other_than: int | None) -> None:
    with db.read() as s:
        taken = s.scalar(select(DistributionList.id).where(func.lower(DistributionList.name) == name.lower(),
                                                           DistributionList.active.is_(True)))
    if taken is not None and taken != other_than:
        raise ValidationError(f"Ya existe una lista llamada «{name}».", field="name")


def create_list(db: Database, name: str, kind: str, criteria: ListCriteria | None = None, notes: str = "",
                contact_ids: list[int] | None = None) -> int:
    clean_name, raw, clean_notes = _validate(name, kind, criteria, notes)
    _name_free(db, clean_name, None)
    with db.write("alta de lista de distribución") as s:
        row = DistributionList(name=clean_name, kind=kind, criteria=raw, notes=clean_notes)
        s.add(row)
        s.flush()
        for contact_id in dict.fromkeys(contact_ids or []):
            s.add(DistributionListMember(list_id=row.id, contact_id=contact_id))
        return row.id


def load_list(db: Database, list_id: int) -> tuple[str, str, ListCriteria, str, int]:
    """(name, kind, criteria, notes, version)."""
    with db.read() as s:
        row = s.get(DistributionList, list_id)
        if row is None or not row.active:
            raise UserError("La lista ya no existe.")
        return row.name, row.kind, _criteria(row.criteria), row.notes, row.version


def update_list(db: Database, list_id: int, shown_version: int, name: str, kind: str,
                criteria: ListCriteria | None = None, notes: str = "") -> int:
    clean_name, raw, clean_notes = _validate(name, kind, criteria, notes)
    _name_free(db, clean_name, list_id)
    return save_versioned(db, DistributionList, list_id, shown_version,
                          {"name": clean_name, "kind": kind, "criteria": raw, "notes": clean_notes}, LIST_LABELS,
                          "edición de lista de distribución")


def retire_list(db: Database, list_id: int, shown_version: int) -> None:
    save_versioned(db, DistributionList, list_id, shown_version, {"active": False}, LIST_LABELS,
                   "baja de lista de distribución")


def add_members(db: Database, list_id: int, contact_ids: list[int]) -> int:
    """Add contacts to a fixed list; returns how many were new to it."""
    with db.write("contactos agregados a una lista") as s:
        target = s.get(DistributionList, list_id)
        if target is None or not target.active:
            raise UserError("La lista ya no existe.")
        if target.kind != "fija":
            raise UserError("Una búsqueda guardada se actualiza sola; no se le agregan contactos a mano.")
        present = set(s.scalars(select(DistributionListMember.contact_id)
                                .where(DistributionListMember.list_id == list_id)))
        new = [c for c in dict.fromkeys(contact_ids) if c not in present]
        for contact_id in new:
            s.add(DistributionListMember(list_id=list_id, contact_id=contact_id))
        return len(new)


def remove_members(db: Database, list_id: int, contact_ids: list[int]) -> None:
    with db.write("contactos quitados de una lista") as s:
        for member in s.scalars(select(DistributionListMember).where(
                DistributionListMember.list_id == list_id, DistributionListMember.contact_id.in_(contact_ids))):
            s.delete(member)


def preview_criteria(db: Database, criteria: ListCriteria) -> list[ContactRow]:
    with db.read() as s:
        everyone = contact_rows(s)
    return [r for r in everyone if matches(criteria, _facts(r))]


def list_members(db: Database, list_id: int, *, for_export: bool = False) -> list[ContactRow]:
    """The list's contacts now. ``for_export`` leaves out everyone marked do-not-contact."""
    with db.read() as s:
        target = s.get(DistributionList, list_id)
        if target is None or not target.active:
            raise UserError("La lista ya no existe.")
        if target.kind == "busqueda":
            criteria = _criteria(target.criteria)
            rows = [r for r in contact_rows(s) if matches(criteria, _facts(r))]
        else:
            ids = select(DistributionListMember.contact_id).where(DistributionListMember.list_id == list_id)
            rows = contact_rows(s, MediaContact.id.in_(ids))
    return [r for r in rows if not (for_export and r.do_not_contact)]


def list_name(db: Database, list_id: int) -> str:
    return load_list(db, list_id)[0]


# --- exports ---------------------------------------------------------------------------------------------------------


def export_xlsx(db: Database, list_id: int, path: Path) -> int:
    """The list (without do-not-contact) as a workbook; returns the number of contacts written."""
    from ..documents.workbooks import Column, SheetData, write_workbook

    rows = list_members(db, list_id, for_export=True)
    columns = [Column("Nombre", 30), Column("Medio", 26), Column("Tipo de medio", 14), Column("Cobertura", 12),
               Column("Cargo", 20), Column("Fuentes", 24), Column("Teléfono", 16), Column("Otro teléfono", 16),
               Column("Correo", 30), Column("Mensajería", 18), Column("Canal preferido", 16)]
    data = [[r.name, r.outlet, MEDIA.get(r.medium, r.medium), COVERAGE.get(r.coverage, r.coverage), r.role, r.beats,
             r.phone, r.phone2, r.email, r.messaging, CHANNELS.get(r.preferred_channel, "")] for r in rows]
    write_workbook(path, [SheetData(list_name(db, list_id)[:31] or "Lista", columns, data)])
    return len(rows)


def export_vcf(db: Database, list_id: int, path: Path) -> int:
    """The list (without do-not-contact) as vCard 3.0 for phones; returns the number of cards."""
    rows = list_members(db, list_id, for_export=True)
    people = [VCardPerson(r.name, r.outlet, r.role, tuple(p for p in (r.phone, r.phone2) if p), r.email,
                          f"Fuentes: {r.beats}" if r.beats else "", r.messaging) for r in rows]
    _write_atomic(path, vcards(people))
    return len(rows)


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".exportando-", suffix=path.suffix, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def attendance_pdf(db: Database, list_id: int, event: str, day: date, place: str = "") -> bytes:
    """The printable invitation and attendance sheet of a press conference: one row per invited contact (never a
    do-not-contact one), with a column to sign."""
    from ..documents.media_sheets import build_attendance_pdf
    from .asset_sheets import letterhead
    from .office import load_profile

    event = clean_text(event)[:200]
    place = clean_text(place)[:200]
    if not event:
        raise ValidationError("Escriba el nombre de la rueda de prensa o evento.", field="event")
    rows = list_members(db, list_id, for_export=True)
    return build_attendance_pdf(event, day, place, list_name(db, list_id), rows, letterhead(db),
                                load_profile(db).paper_size)
