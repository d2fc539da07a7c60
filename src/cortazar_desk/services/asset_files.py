"""An asset's permits and other dated documents, and its photos."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from sqlalchemy import select

from ..db.inventory import Asset, AssetDocument, AssetPhoto
from ..domain.labels import FIELDS
from ..domain.permits import DOCUMENT_LABELS, DocumentKind
from ..domain.text import clean_text, clean_texts
from .attachments import read_file, sniff_media_type, store_file
from .database import Database
from .errors import AttachmentError, UserError, ValidationError
from .records import save_versioned

DOCUMENT_FIELD_LABELS = FIELDS["asset_document"]


# These always expire; an owner's consent or a lease may be signed without an end date.
EXPIRING_KINDS = frozenset({DocumentKind.PERMIT, DocumentKind.INSURANCE, DocumentKind.STRUCTURAL_LETTER,
                            DocumentKind.CIVIL_PROTECTION})


@dataclass(frozen=True)
class DocumentData:
    kind: str
    number: str = ""
    issuer: str = ""
    issued_on: date | None = None
    valid_from: date | None = None
    valid_until: date | None = None
    fee: Decimal | None = None
    receipt: str = ""
    notes: str = ""
    attachment_id: int | None = None


@dataclass(frozen=True)
class DocumentRow:
    id: int
    data: DocumentData
    version: int

    @property
    def kind_label(self) -> str:
        return DOCUMENT_LABELS.get(DocumentKind(self.data.kind), self.data.kind)


DOCUMENT_TEXT_LIMITS = {"number": 80, "issuer": 150, "receipt": 80, "notes": 2000}


def document_text(name: str, value: str) -> str:
    """A document's text field cleaned, or ValidationError when it is too long."""
    text = clean_text(value, multiline=name == "notes")
    limit = DOCUMENT_TEXT_LIMITS[name]
    if len(text) > limit:
        raise ValidationError(f"«{DOCUMENT_FIELD_LABELS[name]}» admite hasta {limit} caracteres.")
    return text


def document_texts(name: str, values: list[str]) -> list[str] | None:
    """``document_text`` of a whole column at once, or None when some value needs it one by one."""
    return clean_texts(values, DOCUMENT_TEXT_LIMITS[name])


def check_document_dates(kind: DocumentKind, valid_from: date | None, valid_until: date | None) -> None:
    if kind in EXPIRING_KINDS and valid_until is None:
        raise ValidationError(f"Escriba hasta cuándo es vigente el documento «{DOCUMENT_LABELS[kind]}»; sin esa "
                              "fecha no se puede avisar antes de que venza.")
    if valid_from and valid_until and valid_until < valid_from:
        raise ValidationError("«Vigente hasta» no puede ser anterior a «Vigente desde».")


def validate_document(data: DocumentData) -> DocumentData:
    try:
        kind = DocumentKind(data.kind)
    except ValueError as exc:
        raise ValidationError("Elija el tipo de documento de la lista.") from exc
    check_document_dates(kind, data.valid_from, data.valid_until)
    fee = data.fee
    if fee is not None:
        try:
            fee = Decimal(fee).quantize(Decimal("0.01"))
        except (InvalidOperation, ValueError) as exc:
            raise ValidationError("Los derechos pagados deben ser una cantidad en pesos.") from exc
        if fee < 0 or fee > Decimal("99999999"):
            raise ValidationError("Los derechos pagados deben ser una cantidad positiva en pesos.")
    return replace(data, fee=fee, number=document_text("number", data.number),
                   issuer=document_text("issuer", data.issuer), receipt=document_text("receipt", data.receipt),
                   notes=document_text("notes", data.notes))


def list_documents(db: Database, asset_id: int) -> list[DocumentRow]:
    with db.read() as s:
        docs = s.scalars(select(AssetDocument).where(AssetDocument.asset_id == asset_id,
                                                     AssetDocument.active.is_(True))
                         .order_by(AssetDocument.kind, AssetDocument.valid_until)).all()
        return [DocumentRow(d.id, DocumentData(d.kind, d.number, d.issuer, d.issued_on, d.valid_from, d.valid_until,
                                               d.fee, d.receipt, d.notes, d.attachment_id), d.version) for d in docs]


def add_document(db: Database, asset_id: int, data: DocumentData) -> int:
    clean = validate_document(data)
    with db.write("documento de anuncio") as s:
        if s.get(Asset, asset_id) is None:
            raise UserError("El anuncio ya no existe.")
        doc = AssetDocument(asset_id=asset_id, **asdict(clean))
        s.add(doc)
        s.flush()
        return doc.id


def update_document(db: Database, document_id: int, shown_version: int, data: DocumentData) -> int:
    clean = validate_document(data)
    return save_versioned(db, AssetDocument, document_id, shown_version, asdict(clean), DOCUMENT_FIELD_LABELS,
                          "documento de anuncio")


def remove_document(db: Database, document_id: int, shown_version: int, reason: str) -> int:
    """Documents are taken off the list, not deleted: the audit log and the scanned file stay."""
    return save_versioned(db, AssetDocument, document_id, shown_version, {"active": False}, DOCUMENT_FIELD_LABELS,
                          clean_text(reason) or "documento retirado")


def store_scan(db: Database, data: bytes, original_name: str) -> int:
    """Store a scanned permit (PDF, JPEG or PNG) and return its attachment id."""
    if sniff_media_type(data) is None:
        raise AttachmentError("El documento escaneado debe ser PDF, JPEG o PNG.")
    with db.write("documento escaneado") as s:
        return store_file(s, data, original_name, db.actor.user).id


@dataclass(frozen=True)
class PhotoRow:
    id: int
    attachment_id: int
    sha256: str
    taken_at: datetime
    caption: str


def add_photo(db: Database, asset_id: int, data: bytes, original_name: str, caption: str = "") -> PhotoRow:
    """Store the photo (downscaled, hashed) and link it, dated by the camera when the file says so."""
    media = sniff_media_type(data)
    if media is None or not media.startswith("image/"):
        raise AttachmentError("Las fotos deben ser JPEG o PNG.")
    with db.write("foto de anuncio") as s:
        if s.get(Asset, asset_id) is None:
            raise UserError("El anuncio ya no existe.")
        stored = store_file(s, data, original_name, db.actor.user)
        existing = s.scalars(select(AssetPhoto).where(AssetPhoto.asset_id == asset_id,
                                                      AssetPhoto.attachment_id == stored.id)).first()
        if existing is None:
            taken = stored.taken_at or datetime.now().replace(microsecond=0)
            existing = AssetPhoto(asset_id=asset_id, attachment_id=stored.id, sha256=stored.sha256, taken_at=taken,
                                  caption=clean_text(caption)[:200])
            s.add(existing)
            s.flush()
        return PhotoRow(existing.id, existing.attachment_id, existing.sha256, existing.taken_at, existing.caption)


def list_photos(db: Database, asset_id: int) -> list[PhotoRow]:
    with db.read() as s:
        rows = s.execute(select(AssetPhoto.id, AssetPhoto.attachment_id, AssetPhoto.sha256, AssetPhoto.taken_at,
                                AssetPhoto.caption).where(AssetPhoto.asset_id == asset_id)
                         .order_by(AssetPhoto.taken_at.desc())).all()
    return [PhotoRow(*row) for row in rows]


def photo_bytes(db: Database, photo: PhotoRow, *, thumbnail: bool = False) -> bytes:
    """The photo's bytes, verified against the hash recorded for this asset's photo."""
    from ..db.models import Attachment

    with db.read() as s:
        full = read_file(s, photo.attachment_id, expected_sha256=photo.sha256)
        if not thumbnail:
            return full
        thumb = s.scalars(select(Attachment.thumbnail).where(Attachment.id == photo.attachment_id)).first()
        return bytes(thumb) if thumb else full
