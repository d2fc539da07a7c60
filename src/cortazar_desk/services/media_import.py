"""Import of press contacts from a spreadsheet, with the inventory importer's care: headers recognised by their
Spanish names (and fixable by hand), every row checked and reported in Spanish, likely duplicates (of the directory
or of another row) set aside, all valid rows stored in one transaction or none, and nothing imported twice."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process
from sqlalchemy import select

from ..db.audit import insert_audited
from ..db.media import MediaContact, MediaContactOutlet, MediaOutlet
from ..documents.workbook_reader import SheetContents
from ..domain.media import CHANNELS, COVERAGE, MEDIA, SIMILAR_NAME, fold_name, name_key, phone_key
from .database import Database
from .errors import UserError
from .inventory_import import ImportCancelled, _display, _text, fold, read_import_file
from .inventory_import import suggest_mapping as suggest_columns
from .media_directory import ContactData, validate_contact

SYNONYMS: Mapping[str, tuple[str, ...]] = {
    "name": ("nombre", "nombre completo", "periodista", "reportero", "contacto", "nombre del periodista"),
    "outlet": ("medio", "medio de comunicacion", "empresa", "organizacion", "casa editorial", "outlet"),
    "medium": ("tipo de medio", "tipo", "plataforma"),
    "coverage": ("cobertura", "alcance"),
    "role": ("cargo", "puesto", "funcion"),
    "beats": ("fuente", "fuentes", "tema", "temas", "seccion", "secciones"),
    "phone": ("telefono", "tel", "celular", "movil", "whatsapp", "telefono celular", "cel"),
    "phone2": ("otro telefono", "telefono 2", "telefono oficina", "oficina", "tel oficina", "fijo"),
    "email": ("correo", "email", "e mail", "correo electronico", "mail"),
    "messaging": ("mensajeria", "telegram", "usuario", "red social", "twitter", "x", "facebook"),
    "preferred_channel": ("canal preferido", "contactar por", "canal"),
    "notes": ("notas", "observaciones", "comentarios"),
}
FIELD_LABELS = {"name": "Nombre", "outlet": "Medio", "medium": "Tipo de medio", "coverage": "Cobertura",
                "role": "Cargo", "beats": "Fuentes", "phone": "Teléfono", "phone2": "Otro teléfono",
                "email": "Correo", "messaging": "Mensajería", "preferred_channel": "Canal preferido",
                "notes": "Notas"}
MEDIUM_WORDS = {"impreso": "impreso", "periodico": "impreso", "prensa": "impreso", "revista": "impreso",
                "diario": "impreso", "radio": "radio", "tv": "tv", "television": "tv", "tele": "tv",
                "digital": "digital", "portal": "digital", "internet": "digital", "web": "digital",
                "redes": "redes", "redes sociales": "redes", "facebook": "redes", "social": "redes"}


def suggest_mapping(headers: list[str]) -> dict[int, str]:
    return suggest_columns(headers, SYNONYMS)


@dataclass
class ContactImportRow:
    row_number: int
    name: str
    action: str = "nuevo"  # nuevo | sin cambios | omitir (possible duplicate) | error
    errors: list[str] = field(default_factory=list)
    data: ContactData | None = None
    outlet_name: str = ""
    new_outlet: tuple[str, str, str] | None = None  # name, medium, coverage of an outlet to create
    cells: dict[str, str] = field(default_factory=dict)


@dataclass
class ContactImportPreview:
    path: Path
    headers: list[str]
    mapping: dict[int, str]
    rows: list[ContactImportRow]

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)


_MANY = re.compile(r"\s*(?:[;,/|\n]|\s+y\s+|\s+o\s+)\s*")


def _split_many(text: str) -> list[str]:
    """Cells that hold two phones or two addresses ("461 123 4567 / 461 765 4321", "a@x.mx; b@y.mx")."""
    return [part for part in _MANY.split(text) if part.strip()]


def _medium(text: str) -> str:
    return MEDIUM_WORDS.get(fold(text), fold(text) if fold(text) in MEDIA else "")


def _channel(text: str) -> str | None:
    folded = fold(text)
    if not folded:
        return ""
    for key, label in CHANNELS.items():
        if folded in (key, fold(label)):
            return key
    return {"correo electronico": "correo", "email": "correo", "tel": "telefono", "llamada": "telefono",
            "whats": "whatsapp", "wa": "whatsapp", "dm": "mensaje", "redes": "mensaje"}.get(folded)


class _Directory:
    """What the preview compares rows with: outlets by folded name, and the directory's keys."""

    def __init__(self, db: Database) -> None:
        with db.read() as s:
            self.outlets = {fold_name(n): (i, n) for i, n in s.execute(select(MediaOutlet.id, MediaOutlet.name))}
            people = s.execute(select(MediaContact.id, MediaContact.name, MediaContact.name_key,
                                      MediaContact.phone_key, MediaContact.phone2_key, MediaContact.email,
                                      MediaContact.outlet_id).where(MediaContact.active.is_(True))).all()
        self.names = {p.id: p.name for p in people}
        self.keys = {p.id: p.name_key for p in people}
        self.by_phone = {k: p.id for p in people for k in (p.phone_key, p.phone2_key) if k}
        self.by_email = {p.email: p.id for p in people if p.email}
        self.by_name = {p.name_key: p.id for p in people}
        self.outlet_of = {p.id: p.outlet_id for p in people}


def _parse(number: int, values: list[Any], mapping: dict[int, str], directory: _Directory) -> ContactImportRow:
    raw = {key: values[col] if col < len(values) else None for col, key in mapping.items()}
    row = ContactImportRow(number, _text(raw.get("name")), cells={k: _display(v) for k, v in raw.items()})
    problems: list[str] = []
    outlet_id = None
    outlet_text = " ".join(_text(raw.get("outlet")).split())
    if outlet_text:
        known = directory.outlets.get(fold_name(outlet_text))
        if known is not None:
            outlet_id, row.outlet_name = known
        else:
            medium = _medium(_text(raw.get("medium")))
            coverage = fold(_text(raw.get("coverage"))) or "regional"
            if not medium:
                problems.append(f"El medio «{outlet_text[:80]}» no está en el directorio y falta su tipo (impreso, "
                                "radio, TV, digital o redes): regístrelo en Medios o agregue la columna «Tipo de "
                                "medio».")
            elif coverage not in COVERAGE:
                problems.append(f"Cobertura desconocida: «{_text(raw.get('coverage'))[:60]}» (local, regional, "
                                "estatal o nacional).")
            elif len(outlet_text) > 200:
                problems.append("El nombre del medio admite hasta 200 caracteres.")
            else:
                row.new_outlet = (outlet_text, medium, coverage)
                row.outlet_name = outlet_text
    channel = _channel(_text(raw.get("preferred_channel")))
    if channel is None:
        problems.append(f"Canal preferido desconocido: «{_text(raw.get('preferred_channel'))[:60]}» (teléfono, "
                        "WhatsApp, correo o mensaje directo).")
        channel = ""
    phones = _split_many(_text(raw.get("phone"))) + _split_many(_text(raw.get("phone2")))
    emails = _split_many(_text(raw.get("email")))
    notes = _text(raw.get("notes"))
    extra = phones[2:] + emails[1:]  # a third phone or a second address is kept in the notes, never dropped
    if extra:
        notes = (notes + "\n" if notes else "") + "Otros datos de contacto: " + ", ".join(extra)
    data = ContactData(name=row.name, outlet_id=outlet_id, role=_text(raw.get("role")),
                       beats=_text(raw.get("beats")), phone=(phones + [""])[0], phone2=(phones + ["", ""])[1],
                       email=(emails + [""])[0], messaging=_text(raw.get("messaging")),
                       preferred_channel=channel, notes=notes)
    # Every field's problem is reported at once, not only the first: people fix a row in one go.
    for name in ("name", "role", "beats", "phone", "phone2", "email", "messaging", "notes"):
        single = ContactData(name=data.name) if name == "name" else ContactData(name="x", **{name: getattr(data, name)})
        try:
            validate_contact(single)
        except UserError as exc:
            problems.append(exc.message)
    if not problems:
        try:
            row.data = validate_contact(data)
        except UserError as exc:
            problems.append(exc.message)
    if problems:
        row.action = "error"
        row.errors = list(dict.fromkeys(problems))
    return row


def preview_import(db: Database, path: Path, mapping: dict[int, str] | None = None, *,
                   contents: SheetContents | None = None) -> ContactImportPreview:
    """Read (unless ``contents`` is given) and check every row; nothing is written."""
    if contents is None:
        contents = read_import_file(path)
    if not contents.rows:
        raise UserError("La primera hoja del libro está vacía.")
    scores = [len(suggest_mapping([_text(v) for v in values])) for _n, values in contents.rows[:15]]
    if max(scores) >= 2:
        header_at = scores.index(max(scores))
    else:  # nothing recognised: the first row with two or more cells (a title above stands alone)
        header_at = next((n for n, (_r, values) in enumerate(contents.rows[:15])
                          if sum(1 for v in values if _text(v)) >= 2), 0)
    headers = [_text(v) for v in contents.rows[header_at][1]]
    while headers and not headers[-1]:
        headers.pop()
    columns = mapping if mapping is not None else suggest_mapping(headers)
    if "name" not in columns.values():
        raise UserError("No se reconoció la columna del nombre. Indique qué columna es cada dato.")
    directory = _Directory(db)
    seen_phone: dict[str, int] = {}
    seen_email: dict[str, int] = {}
    seen_name: dict[str, int] = {}
    rows = []
    for number, values in contents.rows[header_at + 1:]:
        row = _parse(number, values, columns, directory)
        for cell in contents.formulas_without_value.get(number, []):
            row.action = "error"
            row.errors.append(f"La celda {cell} tiene una fórmula sin valor calculado; abra el libro en Excel o "
                              "LibreOffice, guárdelo y vuelva a importarlo.")
        if row.action != "error" and row.data is not None:
            _mark_duplicates(row, row.data, directory, seen_phone, seen_email, seen_name)
        rows.append(row)
    return ContactImportPreview(path, headers, columns, rows)


def _mark_duplicates(row: ContactImportRow, data: ContactData, directory: _Directory, seen_phone: dict[str, int],
                     seen_email: dict[str, int], seen_name: dict[str, int]) -> None:
    phones = [k for k in (phone_key(data.phone), phone_key(data.phone2)) if k]
    key = name_key(data.name)
    # Another row of this file first (same phone, e-mail or name): the second one is set aside. Names that are only
    # alike are not: two reporters called José Luis Hernández and José Luis Fernández both exist.
    twin_row = next((seen_phone[p] for p in phones if p in seen_phone), None) \
        or (seen_email.get(data.email) if data.email else None) or seen_name.get(key)
    if twin_row is not None:
        row.action = "omitir"
        row.errors.append(f"Parece la misma persona que la fila {twin_row}; se omite (revise y corrija el archivo "
                          "si son personas distintas).")
        return
    for p in phones:
        seen_phone.setdefault(p, row.row_number)
    if data.email:
        seen_email.setdefault(data.email, row.row_number)
    seen_name.setdefault(key, row.row_number)
    # Then the directory.
    reasons: list[str] = []
    existing = None
    for p in phones:
        if p in directory.by_phone:
            existing, reasons = directory.by_phone[p], reasons + ["mismo teléfono"]
            break
    if data.email and data.email in directory.by_email:
        existing = existing or directory.by_email[data.email]
        reasons.append("mismo correo")
    if key in directory.by_name:
        existing = existing or directory.by_name[key]
        reasons.append("mismo nombre")
    elif directory.keys:
        match = process.extractOne(key, directory.keys, scorer=fuzz.token_sort_ratio, score_cutoff=SIMILAR_NAME)
        if match:
            existing = existing or match[2]
            reasons.append("nombre parecido")
    if existing is None:
        return
    if reasons == ["nombre parecido"]:  # imported, and shown: "Posibles duplicados" merges it if it is the same
        row.errors.append(f"Aviso: nombre parecido a «{directory.names[existing]}», ya en el directorio; se importa "
                          "y podrá fusionarse desde «Posibles duplicados» si es la misma persona.")
        return
    same_person = "mismo nombre" in reasons and (len(reasons) > 1 or not phones and not data.email)
    if same_person and directory.outlet_of.get(existing) == data.outlet_id:
        row.action = "sin cambios"
        row.errors.append(f"Ya está en el directorio: {directory.names[existing]}.")
    else:
        row.action = "omitir"
        row.errors.append(f"Posible duplicado de «{directory.names[existing]}» ({', '.join(reasons)}); no se "
                          "importa. Si es otra persona, regístrela a mano; si es la misma, actualice su ficha.")


@dataclass(frozen=True)
class ContactImportResult:
    created: int
    outlets_created: int
    unchanged: int
    skipped: int
    errors: int


BATCH = 5000


def apply_import(db: Database, preview: ContactImportPreview, progress: Callable[[int, int], bool] | None = None
                 ) -> ContactImportResult:
    """Store the new contacts (and the outlets they name that do not exist yet) in one transaction: all or none."""
    from datetime import date

    todo = [r for r in preview.rows if r.action == "nuevo"]
    outlets_created = 0
    today = date.today()
    with db.write(f"importación de contactos de {preview.path.name}") as s, s.no_autoflush:
        outlets = {fold_name(n): i for i, n in s.execute(select(MediaOutlet.id, MediaOutlet.name))}
        wanted: dict[str, tuple[str, str, str]] = {}
        for row in todo:
            if row.new_outlet is not None and fold_name(row.new_outlet[0]) not in outlets:
                wanted.setdefault(fold_name(row.new_outlet[0]), row.new_outlet)
        if wanted:
            ids = insert_audited(s, MediaOutlet, [
                {"name": name, "medium": medium, "coverage": coverage, "notes": f"Importado de {preview.path.name}"}
                for name, medium, coverage in wanted.values()])
            outlets.update(zip(wanted, ids, strict=True))
            outlets_created = len(ids)
        for start in range(0, len(todo), BATCH):
            batch = todo[start:start + BATCH]
            values = []
            for row in batch:
                assert row.data is not None
                outlet_id = row.data.outlet_id
                if outlet_id is None and row.new_outlet is not None:
                    outlet_id = outlets[fold_name(row.new_outlet[0])]
                d = row.data
                values.append({"name": d.name, "name_key": name_key(d.name)[:200], "outlet_id": outlet_id,
                               "role": d.role, "beats": d.beats, "phone": d.phone, "phone_key": phone_key(d.phone),
                               "phone2": d.phone2, "phone2_key": phone_key(d.phone2), "email": d.email,
                               "messaging": d.messaging, "preferred_channel": d.preferred_channel, "notes": d.notes})
            ids = insert_audited(s, MediaContact, values)
            insert_audited(s, MediaContactOutlet, [
                {"contact_id": contact_id, "outlet_id": v["outlet_id"], "role": v["role"], "started_on": today}
                for contact_id, v in zip(ids, values, strict=True) if v["outlet_id"] is not None])
            if progress is not None and not progress(start + len(batch), len(todo)):
                raise ImportCancelled()
    return ContactImportResult(len(todo), outlets_created, preview.count("sin cambios"), preview.count("omitir"),
                               preview.count("error"))
