"""Advertising assets: list with permit status, create, edit, duplicate, dar de baja, restore.

Every edit goes through ``save_versioned`` (conflicts are told, never overwritten) and is audited. Folios come from
the type's series (ESP-001) or are typed by people; a folio is never reused, not even after it changed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import asdict, dataclass, fields, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.sql import ClauseElement

from ..db.audit import utc_now
from ..db.inventory import Asset, AssetDocument, AssetFolio, AssetType, Locality, RequirementRule
from ..domain.folios import asset_series
from ..domain.labels import FIELDS
from ..domain.permits import DocumentDates, DocumentKind, Ownership, StatusResult, permit_status, required_kinds
from ..domain.text import clean_text, clean_texts
from .batching import gc_paused
from .database import Database
from .errors import UserError, ValidationError
from .folios import next_folio
from .office import load_profile
from .records import save_versioned

_FOLIO = r"[A-Z]{2,5}-\d{3,6}"
FOLIO_PATTERN = re.compile(f"^{_FOLIO}$")
ILLUMINATION = ("ninguna", "frontal", "interna", "digital")
CONDITIONS = ("bueno", "regular", "malo")

LABELS = FIELDS["asset"]


@dataclass(frozen=True)
class AssetData:
    """What the asset form edits. Text is cleaned and checked by ``validate``."""

    type_id: int
    folio: str = ""  # empty: the next of the type's series
    faces: int = 1
    width_m: Decimal | None = None
    height_m: Decimal | None = None
    total_height_m: Decimal | None = None
    illumination: str = "ninguna"
    material: str = ""
    street: str = ""
    number: str = ""
    colonia: str = ""
    locality_id: int | None = None
    postal_code: str = ""
    cross_streets: str = ""
    reference: str = ""
    lat: float | None = None
    lon: float | None = None
    orientation: str = ""
    owner_name: str = ""
    owner_phone: str = ""
    owner_email: str = ""
    ownership: str = Ownership.MUNICIPAL.value
    condition: str = "bueno"
    notes: str = ""


TEXT_LIMITS = {"material": 120, "street": 150, "number": 30, "colonia": 150, "postal_code": 10,
               "cross_streets": 200, "reference": 300, "orientation": 40, "owner_name": 200, "owner_phone": 60,
               "owner_email": 200, "notes": 5000}


def _decimal(value: Decimal | None, label: str, maximum: int = 200) -> Decimal | None:
    if value is None:
        return None
    try:
        number = Decimal(value).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError(f"«{label}» debe ser un número.") from exc
    if number <= 0 or number > maximum:
        raise ValidationError(f"«{label}» debe estar entre 0 y {maximum} metros.")
    return number


def _text_rule(name: str, limit: int) -> Callable[[str], str]:
    multiline = name == "notes"

    def rule(value: str) -> str:
        text = clean_text(value, multiline=multiline)
        if len(text) > limit:
            raise ValidationError(f"«{LABELS[name]}» admite hasta {limit} caracteres.")
        return text
    return rule


def _folio_rule(value: str) -> str:
    folio = clean_text(value).upper()
    if folio and not FOLIO_PATTERN.match(folio):
        raise ValidationError(f"El folio «{folio}» no tiene la forma PREFIJO-NÚMERO (por ejemplo ESP-001).")
    return folio


def _one_of(choices: Collection[str], message: str) -> Callable[[str], str]:
    def rule(value: str) -> str:
        if value not in choices:
            raise ValidationError(message)
        return value
    return rule


def _faces_rule(value: int) -> int:
    if not 1 <= value <= 3:
        raise ValidationError("Un anuncio tiene de 1 a 3 caras.")
    return value


def _degrees_rule(limit: float) -> Callable[[float | None], float | None]:
    def rule(value: float | None) -> float | None:
        if value is None:
            return None
        if not -limit <= value <= limit:
            raise ValidationError("Las coordenadas están fuera de rango.")
        # 7 decimals (about 1 cm): what the form shows and parse_coordinate keeps, so opening a form changes nothing.
        return round(value, 7)
    return rule


_email_text = _text_rule("owner_email", TEXT_LIMITS["owner_email"])


def _email_rule(value: str) -> str:
    text = _email_text(value)
    if text and "@" not in text:
        raise ValidationError("El correo del propietario no parece un correo (falta @).")
    return text


def _size_rule(name: str) -> Callable[[Decimal | None], Decimal | None]:
    return lambda value: _decimal(value, LABELS[name])


# Each field's own check: it cleans the value and returns it, or raises ValidationError in Spanish. ``validate`` runs
# them all for the form; the importer runs them once per distinct value of a column.
FIELD_RULES: dict[str, Callable[[Any], Any]] = {
    **{name: _text_rule(name, limit) for name, limit in TEXT_LIMITS.items()},
    "owner_email": _email_rule,
    "folio": _folio_rule,
    "faces": _faces_rule,
    "illumination": _one_of(ILLUMINATION, "Elija la iluminación de la lista."),
    "condition": _one_of(CONDITIONS, "Elija el estado físico de la lista."),
    "ownership": _one_of({o.value for o in Ownership}, "Elija el tipo de propiedad de la lista."),
    "lat": _degrees_rule(90), "lon": _degrees_rule(180),
    "width_m": _size_rule("width_m"), "height_m": _size_rule("height_m"),
    "total_height_m": _size_rule("total_height_m"),
}


ColumnRule = Callable[[list[Any]], list[Any] | None]


def _texts_rule(limit: int, each: Callable[[str], bool] | None = None) -> ColumnRule:
    def rule(values: list[str]) -> list[str] | None:
        texts = clean_texts(values, limit)
        if texts is None or (each is not None and not all(map(each, texts))):
            return None
        return texts
    return rule


# FOLIO_PATTERN over a whole column joined by "|" (clean text has no line break, which "$" would let through)
_FOLIOS_PATTERN = re.compile(f"(?:{_FOLIO})?(?:\\|(?:{_FOLIO})?)*")


def _folios_rule(values: list[str]) -> list[str] | None:
    texts = clean_texts(values)
    if texts is None:
        return None
    joined = "|".join(texts).upper()
    if _FOLIOS_PATTERN.fullmatch(joined) is None:
        return None
    folios = joined.split("|")
    return folios if len(folios) == len(texts) else None  # else some text held a "|" of its own


def _degrees_column_rule(limit: float) -> ColumnRule:
    def rule(values: list[float]) -> list[float] | None:
        if not values or any(map(math.isnan, values)) or min(values) < -limit or max(values) > limit:
            return None
        return [round(value, 7) for value in values]
    return rule


# The same rules for a whole column at once (an imported sheet), on strings (on floats for the coordinates): the
# values each rule above would return, or None when some value needs its one-at-a-time rule, which cleans it further
# or says what is wrong. An import checks 50,000 owners or folios with one search instead of 50,000 calls.
COLUMN_RULES: dict[str, ColumnRule] = {
    **{name: _texts_rule(limit) for name, limit in TEXT_LIMITS.items()},
    "owner_email": _texts_rule(TEXT_LIMITS["owner_email"], lambda text: not text or "@" in text),
    "folio": _folios_rule,
    "lat": _degrees_column_rule(90), "lon": _degrees_column_rule(180),
}


def check_coordinate_pair(lat: float | None, lon: float | None) -> None:
    """The one rule across fields: a point needs both coordinates."""
    if (lat is None) != (lon is None):
        raise ValidationError("Escriba la latitud y la longitud, o ninguna de las dos.")


def validate(data: AssetData) -> AssetData:
    cleaned = {name: rule(getattr(data, name)) for name, rule in FIELD_RULES.items()}
    check_coordinate_pair(data.lat, data.lon)
    return replace(data, **cleaned)


@dataclass(frozen=True)
class AssetTypeInfo:
    id: int
    code: str
    name: str
    default_validity_days: int


def list_types(db: Database, *, include_inactive: bool = False) -> list[AssetTypeInfo]:
    with db.read() as s:
        stmt = select(AssetType.id, AssetType.code, AssetType.name, AssetType.default_validity_days)
        if not include_inactive:
            stmt = stmt.where(AssetType.active.is_(True))
        rows = s.execute(stmt.order_by(AssetType.sort_order, AssetType.name)).all()
    return [AssetTypeInfo(*row) for row in rows]


def requirement_table(session: Session) -> dict[tuple[str, str], tuple[DocumentKind, ...]]:
    rules = session.execute(select(RequirementRule.type_code, RequirementRule.ownership, RequirementRule.kinds))
    return {(code, ownership): tuple(DocumentKind(k) for k in kinds.split(",") if k)
            for code, ownership, kinds in rules}


class AssetRow(NamedTuple):
    """One row of the inventory table: plain values, the permit status already computed.

    A named tuple, not a dataclass: 50,000 of them are built each time the list is read, and a tuple is made in one
    C call where a frozen dataclass runs sixteen ``object.__setattr__``."""

    id: int
    folio: str
    type_code: str
    type_name: str
    address: str
    colonia: str
    locality: str
    owner_name: str
    ownership: str
    condition: str
    active: bool
    lat: float | None
    lon: float | None
    status: StatusResult
    permit_numbers: str
    version: int


def _asset_list_sql(include_inactive: bool, asset_ids: Collection[int] | None) -> tuple[ClauseElement, ClauseElement]:
    assets = (
        select(Asset.id, Asset.folio, AssetType.code, AssetType.name, Asset.street, Asset.number, Asset.colonia,
               Locality.name, Asset.owner_name, Asset.ownership, Asset.condition, Asset.active, Asset.lat,
               Asset.lon, Asset.version)
        .join(AssetType, AssetType.id == Asset.type_id)
        .outerjoin(Locality, Locality.id == Asset.locality_id)
        .order_by(Asset.folio)
    )
    if not include_inactive:
        assets = assets.where(Asset.active.is_(True))
    documents = (select(AssetDocument.asset_id, AssetDocument.kind, AssetDocument.valid_until, AssetDocument.number)
                 .where(AssetDocument.active.is_(True)))
    if asset_ids is not None:
        ids = sorted({int(i) for i in asset_ids})  # ints only: they are written into the SQL text below
        assets = assets.where(Asset.id.in_(ids))
        documents = documents.where(AssetDocument.asset_id.in_(ids))
    return assets, documents


def _as_date(value: date | str | None) -> date | None:
    """A ``valid_until`` as the driver gives it: PostgreSQL a date, SQLite the ISO text SQLAlchemy stored."""
    return value if value is None or isinstance(value, date) else date.fromisoformat(value)


def list_assets(db: Database, today: date | None = None, *, include_inactive: bool = True,
                asset_ids: Collection[int] | None = None) -> list[AssetRow]:
    """Every asset (or those of ``asset_ids``) with its permit status: two plain queries, the rule applied in
    Python (no per-row SQL).

    At 50,000 assets this is what the inventory page waits for, so it is written for speed:
    - the two statements are compiled once to SQL text and run on the driver: plain tuples, no SQLAlchemy result
      processing (SQLite's dates stay ISO text until a status needs them, see ``_as_date``);
    - ``permit_status`` (the pure rule) runs once per distinct (required kinds, documents) pair, not once per asset:
      thousands of assets share the same pair, and the rule depends on nothing else for a given day;
    - Python's cycle collector is paused while the rows are built (see batching.py).
    ``tests/services/test_assets.py`` compares the result with the rule applied asset by asset."""
    day = today or date.today()
    warning_days = load_profile(db).expiry_warning_days
    if asset_ids is not None and not asset_ids:
        return []
    assets_stmt, documents_stmt = _asset_list_sql(include_inactive, asset_ids)
    with gc_paused():  # 50,000 rows and statuses built at once (see batching.py)
        with db.read() as s:
            rules = requirement_table(s)
            conn = s.connection()
            literal = {"literal_binds": True}
            asset_rows = conn.exec_driver_sql(str(assets_stmt.compile(conn, compile_kwargs=literal))).all()
            document_rows = conn.exec_driver_sql(str(documents_stmt.compile(conn, compile_kwargs=literal))).all()
        # Per asset: its documents as one hashable tuple of (kind, valid until), and its permit numbers.
        docs: dict[int, tuple[tuple[str, Any], ...]] = {}
        numbers: dict[int, str] = {}
        docs_of = docs.get
        for asset_id, kind, until, number in document_rows:
            docs[asset_id] = docs_of(asset_id, ()) + ((kind, until),)
            if number:
                before = numbers.get(asset_id)
                numbers[asset_id] = number if before is None else f"{before} {number}"
        required: dict[tuple[str, str], tuple[DocumentKind, ...]] = {}  # a handful of (type, ownership) pairs
        statuses: dict[tuple[tuple[DocumentKind, ...], tuple[tuple[str, Any], ...]], StatusResult] = {}
        status_of = statuses.get
        numbers_of = numbers.get
        make_row = tuple.__new__
        rows: list[AssetRow] = []
        add = rows.append
        for (asset_id, folio, code, type_name, street, number, colonia, locality, owner, ownership, condition,
             active, lat, lon, version) in asset_rows:
            needed = required.get((code, ownership))
            if needed is None:
                needed = required[(code, ownership)] = required_kinds(rules, code, ownership)
            key = (needed, docs_of(asset_id, ()))
            status = status_of(key)
            if status is None:
                status = statuses[key] = permit_status(
                    needed, [DocumentDates(DocumentKind(kind), _as_date(until)) for kind, until in key[1]], day,
                    warning_days)
            add(make_row(AssetRow, (asset_id, folio, code, type_name, f"{street} {number}".strip(), colonia,
                                    locality or "", owner, ownership, condition, bool(active), lat, lon, status,
                                    numbers_of(asset_id, ""), version)))
        # Dropped while the collector is still paused: otherwise its first pass afterwards walks them all.
        del asset_rows, document_rows, docs, numbers, statuses
    return rows


# Every table ``list_assets`` reads. A placement, an order or a campaign leaves them alone, so the list survives those.
ASSET_LIST_TABLES = ("asset", "asset_type", "locality", "asset_document", "requirement_rule", "office_profile")


def list_assets_cached(db: Database, today: date | None = None) -> list[AssetRow]:
    """``list_assets`` again without recomputing while none of its tables changed on any workstation (see
    snapshot.py); the day is part of the key. After a few asset or document edits only those assets are read again.
    The availability search asks for this many times in a row, and 50,000 permit statuses take a second."""
    from .snapshot import while_tables_unchanged

    day = today or date.today()
    return while_tables_unchanged(db, "assets", ASSET_LIST_TABLES, day, lambda: list_assets(db, day),
                                  lambda rows, changes: _patched_rows(db, day, rows, changes))


def _patched_rows(db: Database, day: date, rows: list[AssetRow], changes: dict[str, set[str]]
                  ) -> list[AssetRow] | None:
    """``rows`` with the assets touched by ``changes`` read again; None when a type, rule, locality or the
    office's warning days changed (those reach every row)."""
    if set(changes) - {"asset", "asset_document"}:
        return None
    touched = {int(i) for i in changes.get("asset", ())}
    documents = [int(i) for i in changes.get("asset_document", ())]
    if documents:
        with db.read() as s:
            touched.update(s.scalars(select(AssetDocument.asset_id).where(AssetDocument.id.in_(documents))))
    fresh = {r.id: r for r in list_assets(db, day, asset_ids=touched)} if touched else {}
    patched = [fresh.pop(r.id, r) if r.id in touched else r for r in rows]
    if fresh:  # new assets
        patched.extend(fresh.values())
    old_folios = {r.id: r.folio for r in rows if r.id in touched}
    if fresh or any(r.folio != old_folios.get(r.id) for r in patched if r.id in touched):
        patched.sort(key=_by_folio)  # list_assets' order
    return patched


def _by_folio(row: AssetRow) -> str:
    return row.folio


def _check_folio_free(session: Session, folio: str, asset_id: int | None) -> None:
    owner = session.scalars(select(AssetFolio.asset_id).where(AssetFolio.folio == folio)).first()
    if owner is not None and owner != asset_id:
        holder = session.get(Asset, owner)
        current = holder.folio if holder else "?"
        raise ValidationError(f"El folio {folio} ya fue usado por otro anuncio ({current}); los folios no se repiten.")


def create_asset(db: Database, data: AssetData) -> tuple[int, str]:
    """Create the asset; returns its id and folio."""
    clean = validate(data)
    with db.write("alta de anuncio") as s:
        asset = create_in(s, clean)
        return asset.id, asset.folio


def create_in(s: Session, clean: AssetData) -> Asset:
    """Create an already validated asset inside the caller's transaction (the form, the importer, the demo)."""
    kind = s.get(AssetType, clean.type_id)
    if kind is None:
        raise ValidationError("Elija el tipo de anuncio.")
    folio = clean.folio or _free_series_folio(s, kind.code)
    _check_folio_free(s, folio, None)
    values = {k: v for k, v in asdict(clean).items() if k != "folio"}
    asset = Asset(folio=folio, **values)
    s.add(asset)
    s.flush()
    s.add(AssetFolio(asset_id=asset.id, folio=folio, assigned_at=utc_now()))
    return asset


def _free_series_folio(session: Session, prefix: str) -> str:
    """The next number of the series that no asset holds (folios typed by hand may already use some)."""
    while True:
        folio = next_folio(session, asset_series(prefix))
        if session.scalars(select(AssetFolio.id).where(AssetFolio.folio == folio)).first() is None:
            return folio


def load_asset(db: Database, asset_id: int) -> tuple[AssetData, int, Mapping[str, Any]]:
    """The form's data, its version, and read-only facts (active, baja reason and date)."""
    with db.read() as s:
        asset = s.get(Asset, asset_id)
        if asset is None:
            raise UserError("El anuncio ya no existe.")
        data = AssetData(**{f.name: getattr(asset, f.name) for f in fields(AssetData)})
        facts = {"active": asset.active, "inactive_reason": asset.inactive_reason, "inactive_on": asset.inactive_on}
        return data, asset.version, facts


def update_asset(db: Database, asset_id: int, shown_version: int, data: AssetData) -> int:
    clean = validate(data)
    changes = asdict(clean)
    if not clean.folio:
        changes.pop("folio")

    def record_folio(s: Session) -> None:  # in the same transaction as the edit
        if clean.folio:
            _check_folio_free(s, clean.folio, asset_id)
            if s.scalars(select(AssetFolio.id).where(AssetFolio.folio == clean.folio)).first() is None:
                s.add(AssetFolio(asset_id=asset_id, folio=clean.folio, assigned_at=utc_now()))

    return save_versioned(db, Asset, asset_id, shown_version, changes, LABELS, "cambio de anuncio", record_folio)


def deactivate_asset(db: Database, asset_id: int, shown_version: int, reason: str, on: date) -> int:
    """Dar de baja: the asset stays, with its history, marked inactive with a reason and a date."""
    why = clean_text(reason)
    if not why:
        raise ValidationError("Escriba el motivo de la baja.")
    changes = {"active": False, "inactive_reason": why[:300], "inactive_on": on}
    return save_versioned(db, Asset, asset_id, shown_version, changes, LABELS, why[:300])


def restore_asset(db: Database, asset_id: int, shown_version: int) -> int:
    changes = {"active": True, "inactive_reason": "", "inactive_on": None}
    return save_versioned(db, Asset, asset_id, shown_version, changes, LABELS, "reactivación")


def duplicate_asset(db: Database, asset_id: int) -> tuple[int, str]:
    """A new asset with the same data and the next folio of its series; documents and photos are not copied."""
    data, _version, _facts = load_asset(db, asset_id)
    return create_asset(db, replace(data, folio=""))
