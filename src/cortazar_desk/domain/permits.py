"""Permit status of an asset: a pure rule.

Which documents an asset needs comes from an editable table keyed by asset type and ownership (a barda on a private
wall needs the owner's consent; an espectacular needs its permit, insurance and structural letter; a municipal lona
on municipal property may need nothing). The status is governed by the earliest expiry among the required
documents, each taken at its latest "valid until" date. A document is valid through its "valid until" day.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date


class DocumentKind(enum.StrEnum):
    PERMIT = "permiso"
    OWNER_CONSENT = "anuencia"
    INSURANCE = "seguro"
    STRUCTURAL_LETTER = "carta_estructural"
    CIVIL_PROTECTION = "dictamen_pc"
    LEASE = "arrendamiento"


DOCUMENT_LABELS: Mapping[DocumentKind, str] = {
    DocumentKind.PERMIT: "Permiso / licencia",
    DocumentKind.OWNER_CONSENT: "Carta de anuencia del propietario",
    DocumentKind.INSURANCE: "Póliza de seguro de responsabilidad civil",
    DocumentKind.STRUCTURAL_LETTER: "Carta de responsabilidad estructural (DRO)",
    DocumentKind.CIVIL_PROTECTION: "Dictamen de Protección Civil",
    DocumentKind.LEASE: "Contrato de arrendamiento",
}


class Ownership(enum.StrEnum):
    MUNICIPAL = "municipal"
    RENTED = "rentado"
    LENT = "comodato"
    PRIVATE_WALL = "barda_particular"


OWNERSHIP_LABELS: Mapping[Ownership, str] = {
    Ownership.MUNICIPAL: "Municipal",
    Ownership.RENTED: "Rentado",
    Ownership.LENT: "Préstamo / comodato",
    Ownership.PRIVATE_WALL: "Barda particular con anuencia",
}


def ownership_label(value: str) -> str:
    try:
        return OWNERSHIP_LABELS[Ownership(value)]
    except ValueError:
        return value


class PermitStatus(enum.StrEnum):
    VALID = "vigente"
    EXPIRING = "por_vencer"
    EXPIRED = "vencido"
    MISSING = "sin_permiso"
    NOT_REQUIRED = "no_requiere"


STATUS_LABELS: Mapping[PermitStatus, str] = {
    PermitStatus.VALID: "Vigente",
    PermitStatus.EXPIRING: "Por vencer",
    PermitStatus.EXPIRED: "Vencido",
    PermitStatus.MISSING: "Sin permiso",
    PermitStatus.NOT_REQUIRED: "No requiere",
}

# Most urgent first: how lists are ordered and how a selection's worst status is told.
URGENCY = (PermitStatus.MISSING, PermitStatus.EXPIRED, PermitStatus.EXPIRING, PermitStatus.VALID,
           PermitStatus.NOT_REQUIRED)


@dataclass(frozen=True)
class DocumentDates:
    kind: DocumentKind
    valid_until: date | None  # None: a document without expiry (e.g. an owner's consent with no term)


@dataclass(frozen=True)
class StatusResult:
    status: PermitStatus
    governing_kind: DocumentKind | None = None  # the document that decides the status
    expires_on: date | None = None
    missing: tuple[DocumentKind, ...] = ()

    def days_left(self, today: date) -> int | None:
        return None if self.expires_on is None else (self.expires_on - today).days


def permit_status(
    required: Iterable[DocumentKind],
    documents: Iterable[DocumentDates],
    today: date,
    warning_days: int,
) -> StatusResult:
    """The asset's status on ``today`` given the kinds it requires and the documents it has."""
    needed = tuple(dict.fromkeys(required))  # keep order, drop repeats
    if not needed:
        return StatusResult(PermitStatus.NOT_REQUIRED)
    latest: dict[DocumentKind, date | None] = {}
    for doc in documents:
        if doc.kind not in needed:
            continue
        current = latest.get(doc.kind, date.min)
        # Among several documents of one kind the one that lasts longest counts (a renewal supersedes the old one);
        # one without expiry lasts for ever.
        if doc.valid_until is None or current is None:
            latest[doc.kind] = None
        else:
            latest[doc.kind] = max(current, doc.valid_until)
    missing = tuple(kind for kind in needed if kind not in latest)
    if missing:
        return StatusResult(PermitStatus.MISSING, missing[0], None, missing)
    governing: tuple[date, DocumentKind] | None = None
    for kind in needed:  # the earliest expiry governs; on a tie, the kind required first
        until = latest[kind]
        if until is not None and (governing is None or until < governing[0]):
            governing = (until, kind)
    if governing is None:
        return StatusResult(PermitStatus.VALID)
    expires_on, kind = governing
    if expires_on < today:
        status = PermitStatus.EXPIRED
    elif (expires_on - today).days <= warning_days:
        status = PermitStatus.EXPIRING
    else:
        status = PermitStatus.VALID
    return StatusResult(status, kind, expires_on)


# Seed of the editable requirements table (type code, ownership) -> required kinds. "*" matches any ownership.
DEFAULT_REQUIREMENTS: Mapping[tuple[str, str], tuple[DocumentKind, ...]] = {
    ("ESP", "*"): (DocumentKind.PERMIT, DocumentKind.INSURANCE, DocumentKind.STRUCTURAL_LETTER),
    ("ESP", Ownership.RENTED): (DocumentKind.PERMIT, DocumentKind.INSURANCE, DocumentKind.STRUCTURAL_LETTER,
                                DocumentKind.LEASE),
    ("PAN", "*"): (DocumentKind.PERMIT, DocumentKind.INSURANCE, DocumentKind.STRUCTURAL_LETTER),
    ("BAR", "*"): (DocumentKind.PERMIT,),
    ("BAR", Ownership.PRIVATE_WALL): (DocumentKind.PERMIT, DocumentKind.OWNER_CONSENT),
    ("BAR", Ownership.MUNICIPAL): (),
    ("LON", "*"): (DocumentKind.PERMIT,),
    ("LON", Ownership.MUNICIPAL): (),
    ("LON", Ownership.PRIVATE_WALL): (DocumentKind.PERMIT, DocumentKind.OWNER_CONSENT),
    ("PEN", "*"): (DocumentKind.PERMIT,),
    ("PEN", Ownership.MUNICIPAL): (),
    ("MAM", "*"): (DocumentKind.PERMIT,),
    ("VAL", "*"): (DocumentKind.PERMIT,),
    ("PAR", "*"): (DocumentKind.PERMIT,),
}


def required_kinds(
    rules: Mapping[tuple[str, str], tuple[DocumentKind, ...]], type_code: str, ownership: str
) -> tuple[DocumentKind, ...]:
    """The specific (type, ownership) rule wins over the type's "*" rule; no rule at all requires a permit."""
    if (type_code, ownership) in rules:
        return rules[(type_code, ownership)]
    if (type_code, "*") in rules:
        return rules[(type_code, "*")]
    return (DocumentKind.PERMIT,)
