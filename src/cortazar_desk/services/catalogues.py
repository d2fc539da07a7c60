"""Catalogues the office edits: asset types (folio prefix, default validity) and the documents each type and
ownership requires."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select

from ..db.inventory import Asset, AssetType, RequirementRule
from ..domain.labels import FIELDS
from ..domain.permits import DocumentKind, Ownership
from ..domain.text import clean_text
from .database import Database
from .errors import ValidationError
from .records import save_versioned

CODE = re.compile(r"^[A-Z]{2,5}$")
ANY_OWNERSHIP = "*"
TYPE_LABELS = {"code": "Clave (prefijo del folio)", "name": "Nombre", "default_validity_days": "Vigencia (días)",
               "sort_order": "Orden", "active": "Activo"}
RULE_LABELS = FIELDS.get("requirement_rule", {"kinds": "Documentos requeridos"})


@dataclass(frozen=True)
class TypeRow:
    id: int
    code: str
    name: str
    default_validity_days: int
    active: bool
    version: int
    assets: int


@dataclass(frozen=True)
class RuleRow:
    id: int
    type_code: str
    ownership: str
    kinds: tuple[DocumentKind, ...]
    version: int


def list_all_types(db: Database) -> list[TypeRow]:
    with db.read() as s:
        counts: dict[int, int] = {}
        for type_id, in s.execute(select(Asset.type_id)):
            counts[type_id] = counts.get(type_id, 0) + 1
        return [TypeRow(t.id, t.code, t.name, t.default_validity_days, t.active, t.version, counts.get(t.id, 0))
                for t in s.scalars(select(AssetType).order_by(AssetType.sort_order, AssetType.name))]


def _check_type(code: str, name: str, validity: int) -> tuple[str, str]:
    code, name = clean_text(code).upper(), clean_text(name)
    if not CODE.match(code):
        raise ValidationError("La clave del tipo son de 2 a 5 letras mayúsculas (por ejemplo ESP); es el prefijo "
                              "de los folios.")
    if not name or len(name) > 80:
        raise ValidationError("Escriba el nombre del tipo (hasta 80 caracteres).")
    if not 1 <= validity <= 3650:
        raise ValidationError("La vigencia del permiso debe estar entre 1 y 3,650 días.")
    return code, name


def add_type(db: Database, code: str, name: str, validity: int) -> int:
    code, name = _check_type(code, name, validity)
    with db.write("tipo de anuncio") as s:
        taken = s.scalars(select(AssetType).where((AssetType.code == code) | (AssetType.name == name))).first()
        if taken is not None:
            raise ValidationError(f"Ya existe el tipo {taken.name} ({taken.code}).")
        order = len(s.scalars(select(AssetType.id)).all()) + 1
        kind = AssetType(code=code, name=name, default_validity_days=validity, sort_order=order, active=True)
        s.add(kind)
        s.flush()
        return kind.id


def update_type(db: Database, row: TypeRow, name: str, validity: int, active: bool) -> int:
    """The code stays: it is the prefix of folios already printed."""
    _code, clean_name = _check_type(row.code, name, validity)
    return save_versioned(db, AssetType, row.id, row.version,
                          {"name": clean_name, "default_validity_days": validity, "active": active}, TYPE_LABELS,
                          "tipo de anuncio")


def list_rules(db: Database) -> list[RuleRow]:
    with db.read() as s:
        return [RuleRow(r.id, r.type_code, r.ownership, tuple(DocumentKind(k) for k in r.kinds.split(",") if k),
                        r.version)
                for r in s.scalars(select(RequirementRule).order_by(RequirementRule.type_code,
                                                                    RequirementRule.ownership))]


def save_rule(db: Database, type_code: str, ownership: str, kinds: tuple[DocumentKind, ...],
              shown: RuleRow | None = None) -> int:
    """Create or change the rule for (type, ownership); ``ownership`` "*" is the type's general rule."""
    if ownership != ANY_OWNERSHIP and ownership not in {o.value for o in Ownership}:
        raise ValidationError("Elija la propiedad de la lista.")
    value = ",".join(dict.fromkeys(k.value for k in kinds))
    if shown is not None:
        return save_versioned(db, RequirementRule, shown.id, shown.version, {"kinds": value},
                              {"kinds": "Documentos requeridos"}, "documentos requeridos")
    with db.write("documentos requeridos") as s:
        if s.scalars(select(AssetType.id).where(AssetType.code == type_code)).first() is None:
            raise ValidationError("Elija un tipo de anuncio.")
        exists = s.scalars(select(RequirementRule).where(RequirementRule.type_code == type_code,
                                                         RequirementRule.ownership == ownership)).first()
        if exists is not None:
            raise ValidationError("Ya hay una regla para ese tipo y esa propiedad; edítela.")
        rule = RequirementRule(type_code=type_code, ownership=ownership, kinds=value)
        s.add(rule)
        s.flush()
        return rule.id
