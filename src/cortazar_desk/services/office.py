"""The office's profile: name and logo for printed documents, and shared rules such as the expiry warning."""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..db.models import OfficeProfile
from ..domain.labels import FIELDS
from ..domain.text import clean_text
from .attachments import read_file, sniff_media_type, store_file
from .database import Database
from .errors import ValidationError
from .records import save_versioned

LABELS = FIELDS["office_profile"]
MIN_WARNING_DAYS, MAX_WARNING_DAYS = 1, 365
PAPER_SIZES = ("carta", "oficio", "a4")


@dataclass(frozen=True)
class OfficeProfileData:
    office_name: str
    municipality: str
    address: str
    phone: str
    expiry_warning_days: int
    logo_attachment_id: int | None
    is_demo: bool
    version: int
    paper_size: str = "carta"


def load_profile(db: Database) -> OfficeProfileData:
    with db.read() as s:
        row = s.get(OfficeProfile, 1)
        assert row is not None, "the first migration creates the profile row"
        return OfficeProfileData(
            row.office_name,
            row.municipality,
            row.address,
            row.phone,
            row.expiry_warning_days,
            row.logo_attachment_id,
            row.is_demo,
            row.version,
            row.paper_size,
        )


def validate(data: OfficeProfileData) -> OfficeProfileData:
    cleaned = replace(
        data,
        office_name=clean_text(data.office_name),
        municipality=clean_text(data.municipality),
        address=clean_text(data.address),
        phone=clean_text(data.phone),
    )
    if not cleaned.office_name:
        raise ValidationError("Escriba el nombre de la oficina; aparece en todos los documentos impresos.",
                              field="office_name")
    for name, limit in (("office_name", 200), ("municipality", 200), ("address", 300), ("phone", 60)):
        if len(getattr(cleaned, name)) > limit:
            raise ValidationError(f"El campo «{LABELS[name]}» admite hasta {limit} caracteres.", field=name)
    if cleaned.paper_size not in PAPER_SIZES:
        raise ValidationError("Elija el tamaño de papel de la lista.", field="paper_size")
    if not MIN_WARNING_DAYS <= cleaned.expiry_warning_days <= MAX_WARNING_DAYS:
        raise ValidationError(
            f"Los días de aviso deben estar entre {MIN_WARNING_DAYS} y {MAX_WARNING_DAYS}.",
            field="expiry_warning_days",
        )
    return cleaned


def save_profile(db: Database, data: OfficeProfileData) -> OfficeProfileData:
    """Save what the settings dialog shows; ``data.version`` is the version it loaded."""
    cleaned = validate(data)
    changes = {
        "office_name": cleaned.office_name,
        "municipality": cleaned.municipality,
        "address": cleaned.address,
        "phone": cleaned.phone,
        "expiry_warning_days": cleaned.expiry_warning_days,
        "logo_attachment_id": cleaned.logo_attachment_id,
        "is_demo": cleaned.is_demo,
        "paper_size": cleaned.paper_size,
    }
    version = save_versioned(db, OfficeProfile, 1, data.version, changes, LABELS, "configuración de la oficina")
    return replace(cleaned, version=version)


def store_logo(db: Database, data: bytes, original_name: str) -> int:
    """Store a logo image; the caller puts the returned id into the profile it then saves."""
    media_type = sniff_media_type(data)
    if media_type is None or not media_type.startswith("image/"):
        raise ValidationError("El logotipo debe ser una imagen JPEG o PNG.", field="logo_attachment_id")
    with db.write("logotipo") as s:
        return store_file(s, data, original_name, db.actor.user).id


def load_logo(db: Database, attachment_id: int) -> bytes:
    with db.read() as s:
        return read_file(s, attachment_id)
