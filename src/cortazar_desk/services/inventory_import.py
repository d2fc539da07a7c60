"""Import of the inventory spreadsheets offices already keep.

Headers are matched by common Spanish names (and can be fixed by hand); every row is checked and reported in
Spanish; rows whose folio exists are updated or skipped by choice; the valid rows are stored in one transaction,
after a verified backup, or none of them; re-importing the same file changes nothing.
"""

from __future__ import annotations

import functools
import unicodedata
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db.audit import insert_audited_values, utc_now
from ..db.inventory import Asset, AssetDocument, AssetFolio, AssetType, Locality
from ..documents.workbook_reader import SheetContents, WorkbookRejected, read_first_sheet
from ..domain.folios import asset_series
from ..domain.geo import coordinate_from_number, parse_coordinate
from ..domain.permits import OWNERSHIP_LABELS, DocumentKind, Ownership
from .asset_files import check_document_dates, document_text, document_texts
from .assets import (
    COLUMN_RULES,
    CONDITIONS,
    FIELD_RULES,
    ILLUMINATION,
    TEXT_LIMITS,
    AssetData,
    ColumnRule,
    check_coordinate_pair,
)
from .batching import gc_paused
from .database import Database
from .errors import UserError, ValidationError
from .folios import next_folio

# field -> header names people use (compared without accents, case or punctuation)
SYNONYMS: Mapping[str, tuple[str, ...]] = {
    "folio": ("folio", "clave", "id", "no de anuncio", "numero de anuncio"),
    "type": ("tipo", "tipo de anuncio", "clase", "categoria"),
    "street": ("calle", "direccion", "domicilio", "ubicacion"),
    "number": ("numero", "num", "no", "numero exterior", "no exterior"),
    "colonia": ("colonia", "fraccionamiento", "barrio"),
    "locality": ("localidad", "comunidad", "poblacion"),
    "postal_code": ("cp", "c p", "codigo postal"),
    "cross_streets": ("entre calles", "entre"),
    "reference": ("referencia", "referencias"),
    "lat": ("latitud", "lat", "y"),
    "lon": ("longitud", "lon", "lng", "long", "x"),
    "faces": ("caras", "no de caras", "numero de caras"),
    "width_m": ("ancho", "ancho m", "base", "base m"),
    "height_m": ("alto", "alto m", "altura m"),
    "total_height_m": ("altura total", "altura total m"),
    "illumination": ("iluminacion", "luz"),
    "material": ("material",),
    "orientation": ("orientacion", "vista"),
    "owner_name": ("propietario", "arrendador", "dueno", "propietario o arrendador"),
    "owner_phone": ("telefono", "tel", "telefono del propietario"),
    "owner_email": ("correo", "email", "correo electronico"),
    "ownership": ("propiedad", "tipo de propiedad"),
    "condition": ("estado fisico", "estado", "condicion"),
    "notes": ("notas", "observaciones", "comentarios"),
    "permit_number": ("numero de permiso", "permiso", "licencia", "no de permiso"),
    "permit_from": ("vigente desde", "inicio de vigencia", "fecha de permiso"),
    "permit_until": ("vigente hasta", "vigencia", "vence", "fecha de vencimiento", "vencimiento"),
}
FIELD_LABELS = {
    "folio": "Folio", "type": "Tipo", "street": "Calle", "number": "Número", "colonia": "Colonia",
    "locality": "Localidad", "postal_code": "Código postal", "cross_streets": "Entre calles",
    "reference": "Referencia", "lat": "Latitud", "lon": "Longitud", "faces": "Caras", "width_m": "Ancho (m)",
    "height_m": "Alto (m)", "total_height_m": "Altura total (m)", "illumination": "Iluminación",
    "material": "Material", "orientation": "Orientación", "owner_name": "Propietario", "owner_phone": "Teléfono",
    "owner_email": "Correo", "ownership": "Propiedad", "condition": "Estado físico", "notes": "Notas",
    "permit_number": "Número de permiso", "permit_from": "Permiso vigente desde",
    "permit_until": "Permiso vigente hasta",
}


@functools.lru_cache(maxsize=4096)  # a sheet repeats its types, states and ownerships thousands of times
def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", str(text).casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join("".join(ch if ch.isalnum() else " " for ch in plain).split())


def suggest_mapping(headers: list[str], synonyms: Mapping[str, Sequence[str]] | None = None) -> dict[int, str]:
    """Column index -> field, for the headers that match a known name (each field used once). ``synonyms`` (field ->
    the names a column of it goes by) defaults to the inventory's; the contact import passes its own."""
    lookup = {fold(name): key for key, names in (synonyms or SYNONYMS).items() for name in names}
    mapping: dict[int, str] = {}
    for col, header in enumerate(headers):
        key = lookup.get(fold(header))
        if key and key not in mapping.values():
            mapping[col] = key
    return mapping


@dataclass(slots=True)
class ImportRow:
    row_number: int
    folio: str
    action: str = "nuevo"  # nuevo | actualizar | sin cambios | omitir | error
    errors: list[str] = field(default_factory=list)
    values: tuple[Any, ...] | None = None  # the asset's fields in AssetData's order, when the row is valid
    permit: tuple[str, date | None, date | None] | None = None  # number, valid from, valid until
    version: int | None = None  # of the existing asset, as the preview saw it
    source: Sequence[Any] = ()  # the sheet row's values
    mapping: Mapping[int, str] = field(default_factory=dict)

    @property
    def data(self) -> AssetData | None:
        """What the row gives the asset (made on demand: 50,000 frozen dataclasses cost a tenth of a second)."""
        return None if self.values is None else AssetData(*self.values)

    @property
    def cells(self) -> dict[str, str]:
        """Field -> the cell as the spreadsheet shows it (made when the preview shows the row, not for every row)."""
        return {key: _display(self.source[col] if col < len(self.source) else None)
                for col, key in self.mapping.items()}


@dataclass
class ImportPreview:
    path: Path
    headers: list[str]
    mapping: dict[int, str]
    rows: list[ImportRow]

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _display(value: Any) -> str:
    if isinstance(value, datetime | date):
        return value.strftime("%d/%m/%Y")
    return _text(value)


def _date(value: Any, label: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%d/%m/%y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValidationError(f"«{label}»: «{text}» no es una fecha (use dd/mm/aaaa).")


def _decimal(value: Any, label: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(_text(value).replace(",", ".").replace("m", "").strip())
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError(f"«{label}»: «{_text(value)}» no es un número.") from exc
    if not number.is_finite():
        raise ValidationError(f"«{label}»: «{_text(value)}» no es un número.")
    return number


def _faces(value: Any) -> int:
    number = _decimal(value, "Caras")
    if number is None:
        return 1
    if number != number.to_integral_value() or not 1 <= number <= 3:
        raise ValidationError(f"«Caras»: «{_text(value)}» debe ser 1, 2 o 3.")
    return int(number)


# A row without folio that matches an existing asset in every one of these is that asset imported again.
SIGNATURE_FIELDS = tuple(f.name for f in fields(AssetData) if f.name != "folio")
SIGNATURE_COLUMNS = tuple(getattr(Asset, name) for name in SIGNATURE_FIELDS)


def _signature(*values: Any) -> tuple[Any, ...]:
    return tuple(round(v, 6) if isinstance(v, float) else (v.normalize() if isinstance(v, Decimal) else v)
                 for v in values)


class _Catalogues:
    def __init__(self, db: Database) -> None:
        self._db = db
        self._twins: Counter[tuple[Any, ...]] | None = None
        with db.read() as s:
            types = s.execute(select(AssetType.id, AssetType.code, AssetType.name)).all()
            localities = s.execute(select(Locality.id, Locality.name)).all()
            self.folios = {folio: (asset_id, version) for asset_id, folio, version in
                           s.execute(select(Asset.id, Asset.folio, Asset.version))}
            self.retired = set(s.scalars(select(AssetFolio.folio))) - set(self.folios)  # old folios, never reused
        # "Lona / manta" answers to "lona", "manta" and the whole name; the code (LON) works too.
        self.types = {fold(code): tid for tid, code, _n in types}
        for tid, _code, name in types:
            for part in [name, *name.split("/")]:
                self.types.setdefault(fold(part), tid)
        self.type_codes = {tid: code for tid, code, _n in types}
        self.localities = {fold(name): lid for lid, name in localities}
        self.ownership = {fold(o.value): o.value for o in Ownership} | {
            fold(label): o.value for o, label in OWNERSHIP_LABELS.items()} | {
            "rentada": Ownership.RENTED.value, "particular": Ownership.PRIVATE_WALL.value,
            "prestamo": Ownership.LENT.value, "comodato": Ownership.LENT.value}

    @property
    def twins(self) -> Counter[tuple[Any, ...]]:
        """Every existing asset's fields, counted: read only when the sheet has rows without folio (a sheet of
        50,000 folios already in the database would spend seconds on it for nothing)."""
        if self._twins is None:
            with self._db.read() as s:
                self._twins = Counter(_signature(*row) for row in s.execute(select(*SIGNATURE_COLUMNS)))
        return self._twins


Converter = Callable[[Any], Any]


def _column(values: Sequence[Any], convert: Converter, errors: dict[int, list[str]],
            batch: tuple[type, ColumnRule] | None = None) -> list[Any]:
    """``convert`` applied to a column's cells, once per distinct cell (a sheet repeats its types, colonias and
    states thousands of times); a cell it refuses leaves None and its Spanish message in ``errors[row index]``.
    ``batch`` (a cell type and a column rule) checks the cells of that type all at once first, which is faster
    than finding the distinct ones; when it cannot vouch for all of them, each goes through ``convert``."""
    kinds = set(map(type, values))
    if batch is not None and kinds == {batch[0]}:  # the usual column: the rule takes it whole, repeats and all
        checked = batch[1](list(values))
        if checked is not None:
            return checked
    if len(kinds & {int, float, bool}) > 1:  # 1, 1.0 and True are equal keys, but not the same cell
        keys: Sequence[Any] = [(type(v), v) for v in values]
        cells = list(dict(zip(keys, values, strict=True)).items())
    else:
        keys = values
        cells = [(cell, cell) for cell in dict.fromkeys(values)]  # the distinct cells, as (key, cell)
    converted: dict[Any, Any] = {}
    if batch is not None and len(kinds) > 1:  # a column of text and numbers: the text at once, the rest one by one
        kind, rule = batch
        same = [(key, raw) for key, raw in cells if type(raw) is kind]
        checked = rule([raw for _key, raw in same]) if same else None
        if checked is not None:
            converted.update(zip([key for key, _raw in same], checked, strict=True))
    refused: dict[Any, str] = {}
    for key, raw in cells:
        if key in converted:
            continue
        try:
            converted[key] = convert(raw)
        except (UserError, ValueError, ArithmeticError) as exc:  # numbers that are not numbers, too
            converted[key] = None
            refused[key] = getattr(exc, "message", str(exc))
    if refused:
        for index, key in enumerate(keys):
            if key in refused:
                errors.setdefault(index, []).append(refused[key])
    return list(map(converted.__getitem__, keys))


def _then(first: Converter, second: Converter) -> Converter:
    return lambda raw: second(first(raw))


def _lookup(table: Mapping[str, Any], message: str, default: Any = None) -> Converter:
    def convert(raw: Any) -> Any:
        text = _text(raw)
        if not text:
            return default
        found = table.get(fold(text))
        if found is None:
            raise ValidationError(message.format(text))
        return found
    return convert


def _choice(choices: Sequence[str], default: str, message: str) -> Converter:
    def convert(raw: Any) -> str:
        value = fold(_text(raw)) or default
        if value not in choices:
            raise ValidationError(message.format(_text(raw)))
        return value
    return convert


def _coordinate(axis: str) -> Converter:
    def convert(raw: Any) -> float | None:
        if isinstance(raw, float | int) and not isinstance(raw, bool):
            number = coordinate_from_number(float(raw), axis)
        else:
            text = _text(raw)
            if not text:
                return None
            number = parse_coordinate(text, axis)
        return float(FIELD_RULES[axis](number))
    return convert


def _converters(cat: _Catalogues) -> dict[str, Converter]:
    """Sheet cell -> the value of each field, checked by the same rules as the asset form (FIELD_RULES)."""
    rules = FIELD_RULES
    converters: dict[str, Converter] = {
        name: _then(_text, rules[name]) for name in TEXT_LIMITS}
    converters |= {
        "folio": _then(_text, rules["folio"]),
        "type": lambda raw: cat.types.get(fold(_text(raw))),  # unknown: the folio's prefix may tell (row rule)
        "locality": _lookup(cat.localities, "Localidad desconocida: «{}»."),
        "ownership": _then(_lookup(cat.ownership, "Propiedad desconocida: «{}».", Ownership.MUNICIPAL.value),
                           rules["ownership"]),
        "condition": _choice(CONDITIONS, "bueno", "Estado físico desconocido: «{}» (bueno, regular, malo)."),
        "illumination": _choice(ILLUMINATION, "ninguna", "Iluminación desconocida: «{}»."),
        "faces": _then(_faces, rules["faces"]),
        "width_m": _then(lambda raw: _decimal(raw, "Ancho"), rules["width_m"]),
        "height_m": _then(lambda raw: _decimal(raw, "Alto"), rules["height_m"]),
        "total_height_m": _then(lambda raw: _decimal(raw, "Altura total"), rules["total_height_m"]),
        "lat": _coordinate("lat"), "lon": _coordinate("lon"),
        "permit_number": lambda raw: document_text("number", _text(raw)),
        "permit_from": lambda raw: _date(raw, "Vigente desde"),
        "permit_until": lambda raw: _date(raw, "Vigente hasta"),
    }
    return converters


# Fields whose column is checked at once (see _column): the sheet's strings, or floats for the coordinates.
BATCHES: dict[str, tuple[type, ColumnRule]] = {
    **{name: (str, COLUMN_RULES[name]) for name in [*TEXT_LIMITS, "folio"]},
    "lat": (float, COLUMN_RULES["lat"]), "lon": (float, COLUMN_RULES["lon"]),
    "permit_number": (str, functools.partial(document_texts, "number")),
}


ASSET_FIELDS = tuple(f.name for f in fields(AssetData))
TYPE_AT, FOLIO_AT = ASSET_FIELDS.index("type_id"), ASSET_FIELDS.index("folio")
# AssetData's fields as the sheet's fields name them (type and locality are ids in the asset)
ASSET_FIELD_SOURCES = tuple({"type_id": "type", "locality_id": "locality"}.get(name, name) for name in ASSET_FIELDS)


def _check_rows(data_rows: Sequence[tuple[int, Sequence[Any]]], mapping: Mapping[int, str],
                cat: _Catalogues) -> list[ImportRow]:
    """Every row checked, column by column: each distinct cell of a column is converted once, then the rules that
    join several fields run per row (once its cells are right). A row gets the problem of each of its cells."""
    width = max(mapping, default=-1) + 1
    padded = [values if len(values) >= width else [*values, *([None] * (width - len(values)))]
              for _n, values in data_rows]
    by_column = list(zip(*padded, strict=False)) if padded else [()] * width  # rows longer than width: cut
    count = len(data_rows)
    field_errors: dict[int, list[str]] = {}
    converters = _converters(cat)
    col_of = {key: col for col, key in mapping.items() if key in converters}  # a field mapped twice: the last
    # "Vigente desde" matters only for a row with a permit: its problems are told only then.
    from_errors: dict[int, list[str]] = {}
    columns = {key: _column(by_column[col], converters[key], from_errors if key == "permit_from" else field_errors,
                            BATCHES.get(key))
               for key, col in col_of.items()}
    empty = [None] * count
    folio_cells = by_column[col_of["folio"]] if "folio" in col_of else empty
    type_text = by_column[col_of["type"]] if "type" in col_of else empty
    asset_columns = []
    for source in ASSET_FIELD_SOURCES:
        if source in columns:
            asset_columns.append(columns[source])
        elif source in converters:  # not in the sheet: what an empty cell would give
            asset_columns.append([converters[source](None)] * count)
        else:
            asset_columns.append(empty)
    folios = columns.get("folio", [""] * count)
    types = asset_columns[TYPE_AT]
    lats, lons = columns.get("lat", empty), columns.get("lon", empty)
    numbers = columns.get("permit_number", empty)
    starts, ends = columns.get("permit_from", empty), columns.get("permit_until", empty)
    rows = []
    for index, (number, values), asset_values, folio, type_id, lat, lon, permit_number, start, until in zip(
            range(count), data_rows, zip(*asset_columns, strict=True), folios, types, lats, lons, numbers, starts,
            ends, strict=True):
        errors = field_errors.get(index, [])
        # as typed when it is not a folio: a malformed ESP-1A still says it is an espectacular
        typed_folio = folio or _text(folio_cells[index]).upper()
        row = ImportRow(number, typed_folio, errors=errors, source=values, mapping=mapping)
        if type_id is None and "-" in typed_folio:
            type_id = cat.types.get(fold(typed_folio.split("-")[0]))
        if type_id is None:
            shown = _text(type_text[index])
            errors.insert(0, f"Tipo de anuncio desconocido: «{shown}»." if shown else
                          "Falta el tipo de anuncio (o un folio con el prefijo de un tipo, como ESP-001).")
        if (lat is None) != (lon is None) and not errors:
            try:
                check_coordinate_pair(lat, lon)
            except ValidationError as exc:
                errors.append(exc.message)
        permit_number = permit_number or ""
        if (permit_number or until) and index in from_errors:
            errors.extend(from_errors[index])
        if (permit_number or until) and not errors:
            if until is None or (start is not None and until < start):  # else the dates cannot be wrong
                try:
                    check_document_dates(DocumentKind.PERMIT, start, until)
                except ValidationError as exc:
                    errors.append(exc.message)
            row.permit = (permit_number, start, until)
        if errors:
            row.action = "error"
            row.permit = None
        else:
            # type_id is the first field (TYPE_AT); it differs from the column's when the folio told it
            row.values = asset_values if type_id == asset_values[TYPE_AT] else (type_id, *asset_values[1:])
        rows.append(row)
    return rows


def read_import_file(path: Path) -> SheetContents:
    """The sheet's rows, or a Spanish refusal. Read once: a change of column mapping checks the rows again without
    reading the file again."""
    try:
        with gc_paused():  # a million cells, none in a reference cycle
            return read_first_sheet(path)
    except WorkbookRejected as exc:
        raise UserError(f"Se rechazó el archivo: {exc}") from exc
    except OSError as exc:
        raise UserError(f"No se pudo abrir {path}.", detail=str(exc)) from exc


def preview_import(db: Database, path: Path, mapping: dict[int, str] | None = None, *,
                   update_existing: bool = True, contents: SheetContents | None = None) -> ImportPreview:
    """Read (unless ``contents`` is given) and check every row; nothing is written."""
    if contents is None:
        contents = read_import_file(path)
    if not contents.rows:
        raise UserError("La primera hoja del libro está vacía.")
    header_at = _header_row(contents)
    headers = [_text(v) for v in contents.rows[header_at][1]]
    while headers and not headers[-1]:
        headers.pop()  # columns with no header at the right are not data
    data_rows = contents.rows[header_at + 1:]
    columns = mapping if mapping is not None else suggest_mapping(headers)
    if "type" not in columns.values() and "folio" not in columns.values():
        raise UserError("No se reconoció la columna del tipo de anuncio ni la del folio. Indique qué columna es "
                        "cada dato.")
    cat = _Catalogues(db)
    seen: dict[str, int] = {}
    with gc_paused():  # 50,000 rows of small objects, none in a cycle
        rows = _check_rows(data_rows, columns, cat)
    formulas = contents.formulas_without_value
    for row in rows:
        number = row.row_number
        for cell in formulas.get(number, ()) if formulas else ():
            row.action = "error"
            row.errors.append(f"La celda {cell} tiene una fórmula sin valor calculado; abra el libro en Excel o "
                              "LibreOffice, guárdelo y vuelva a importarlo.")
        if row.folio and (first := seen.setdefault(row.folio, number)) != number:
            row.action = "error"
            row.errors.append(f"El folio {row.folio} se repite (también en la fila {first}).")
        if row.action != "error" and row.folio in cat.retired:
            row.action = "error"
            row.errors.append(f"El folio {row.folio} ya fue usado por otro anuncio; los folios no se repiten.")
        if row.action != "error" and row.folio in cat.folios:
            row.action = "actualizar" if update_existing else "omitir"
            row.version = cat.folios[row.folio][1]
        elif row.action != "error" and not row.folio and (data := row.data) is not None:
            signature = _signature(*(getattr(data, name) for name in SIGNATURE_FIELDS))
            if cat.twins[signature] > 0:  # each existing asset answers for one sheet row only
                cat.twins[signature] -= 1
                row.action = "sin cambios"
    return ImportPreview(path, headers, columns, rows)


def _header_row(contents: SheetContents, look_at: int = 15) -> int:
    """The row, among the first few, whose cells match the most known header names."""
    scores = [len(suggest_mapping([_text(v) for v in values])) for _n, values in contents.rows[:look_at]]
    best = max(scores)
    return scores.index(best) if best >= 2 else 0


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int
    skipped: int
    errors: int


BATCH = 5000


def apply_import(db: Database, preview: ImportPreview, progress: Callable[[int, int], bool] | None = None
                 ) -> ImportResult:
    """Store the valid rows in one transaction (all or none). ``progress(done, total)`` returning False cancels.

    New assets go in with one multi-row statement per batch, audit rows included (``insert_audited_values``): tens of
    thousands of rows through the ORM's unit of work would take a minute. Updates go through the ORM, which checks
    each asset's version.
    """
    todo = [r for r in preview.rows if r.action in ("nuevo", "actualizar")]
    created = updated = unchanged = 0
    with db.write(f"importación de {preview.path.name}") as s, s.no_autoflush, gc_paused():
        used = set(s.scalars(select(AssetFolio.folio)))
        untouched: set[str] = set()
        codes = {type_id: code for type_id, code in s.execute(select(AssetType.id, AssetType.code))}
        current = {a.folio: a for a in s.scalars(select(Asset).where(
            Asset.folio.in_([r.folio for r in todo if r.action == "actualizar"])).with_for_update())} \
            if any(r.action == "actualizar" for r in todo) else {}
        # Only what the sheet has: a column it lacks never blanks what the office recorded.
        sheet_fields = [(name, ASSET_FIELDS.index(name)) for name in _mapped_asset_fields(preview.mapping)]
        for start in range(0, len(todo), BATCH):
            batch = todo[start:start + BATCH]
            new_rows = [row for row in batch if row.action == "nuevo"]
            new_assets: list[tuple[Any, ...]] = []  # AssetData's fields are the asset's columns
            for row in new_rows:
                values = row.values
                assert values is not None
                folio = values[FOLIO_AT] or _next_free(s, codes[values[TYPE_AT]], used)
                if folio in used:
                    raise UserError(f"El folio {folio} de la fila {row.row_number} ya fue usado por otro anuncio.")
                used.add(folio)
                new_assets.append(values if values[FOLIO_AT] == folio else
                                  (*values[:FOLIO_AT], folio, *values[FOLIO_AT + 1:]))
            ids = insert_audited_values(s, Asset, ASSET_FIELDS, new_assets)
            now = utc_now()  # the folio history (a table the audit leaves out: NOT_AUDITED)
            insert_audited_values(s, AssetFolio, ("asset_id", "folio", "assigned_at"),
                                  [(asset_id, values[FOLIO_AT], now)
                                   for asset_id, values in zip(ids, new_assets, strict=True)])
            notes = f"Importado de {preview.path.name}"
            permits: list[tuple[Any, ...]] = [
                (asset_id, PERMIT, row.permit[0][:80], row.permit[1], row.permit[2], "", notes)
                for row, asset_id in zip(new_rows, ids, strict=True) if row.permit is not None]
            created += len(new_rows)
            changed: list[tuple[ImportRow, Asset]] = []
            for row in batch:
                if row.action != "actualizar":
                    continue
                assert row.values is not None
                asset = current[row.folio]
                if asset.version != row.version:
                    raise UserError(f"El anuncio {row.folio} cambió en otro equipo después de la revisión; no se "
                                    "importó nada. Vuelva a revisar el archivo e importe de nuevo.")
                changes = {name: row.values[at] for name, at in sheet_fields}
                if all(getattr(asset, k) == v for k, v in changes.items()):
                    unchanged += 1
                    untouched.add(asset.folio)
                else:
                    for key, value in changes.items():
                        setattr(asset, key, value)
                    updated += 1
                changed.append((row, asset))
            s.flush()
            existing = _existing_permits(s, [a.id for r, a in changed if r.permit is not None])
            for row, asset in changed:
                if row.permit is None or (asset.id, row.permit[0], row.permit[2]) in existing:
                    continue  # the same permit imported twice is one permit
                if asset.folio in untouched:  # a new permit is a change too
                    untouched.discard(asset.folio)
                    unchanged, updated = unchanged - 1, updated + 1
                number, valid_from, until = row.permit
                permits.append((asset.id, PERMIT, number[:80], valid_from, until, "", notes))
            insert_audited_values(s, AssetDocument, PERMIT_COLUMNS, permits)
            done = start + len(batch)
            if progress is not None and not progress(done, len(todo)):
                raise ImportCancelled()
    return ImportResult(created, updated, unchanged + preview.count("sin cambios"), preview.count("omitir"),
                        preview.count("error"))


PERMIT = DocumentKind.PERMIT.value  # read once: an enum member's .value is a slow property
PERMIT_COLUMNS = ("asset_id", "kind", "number", "valid_from", "valid_until", "issuer", "notes")


SHEET_TO_ASSET = {"type": "type_id", "locality": "locality_id"}


def _mapped_asset_fields(mapping: Mapping[int, str]) -> list[str]:
    asset_fields = {f.name for f in fields(AssetData)} - {"folio"}
    names = [SHEET_TO_ASSET.get(key, key) for key in mapping.values()]
    return [name for name in names if name in asset_fields]


def _next_free(s: Session, prefix: str, used: set[str]) -> str:
    while True:
        folio = next_folio(s, asset_series(prefix))
        if folio not in used:
            return folio


def _existing_permits(s: Session, asset_ids: list[int]) -> set[tuple[int, str, date | None]]:
    if not asset_ids:
        return set()
    rows = s.execute(select(AssetDocument.asset_id, AssetDocument.number, AssetDocument.valid_until).where(
        AssetDocument.asset_id.in_(asset_ids), AssetDocument.kind == DocumentKind.PERMIT.value,
        AssetDocument.active.is_(True)))
    return {(a, n, u) for a, n, u in rows}


class ImportCancelled(UserError):
    def __init__(self) -> None:
        super().__init__("Importación cancelada; no se guardó nada.")


def relabel(preview: ImportPreview) -> list[str]:
    """Spanish names of the mapped fields, one per column ("" when the column is ignored)."""
    return [FIELD_LABELS.get(preview.mapping.get(col, ""), "") for col in range(len(preview.headers))]

