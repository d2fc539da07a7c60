"""Files kept in the database: photos and scanned documents.

Types are checked by content, not by the name's extension. Images are opened with Pillow restricted to JPEG and
PNG, with decompression bombs refused, downscaled and given a thumbnail. Each file is identified by the SHA-256 of
its stored bytes and verified against it on every read, so a photo can never be shown for the wrong record.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db.audit import utc_now
from ..db.models import Attachment
from ..domain.text import clean_text
from .errors import AttachmentError

MAX_BYTES = 25 * 1024 * 1024
MAX_IMAGE_SIDE = 2000
THUMBNAIL_SIDE = 256
MAX_PIXELS = 80_000_000  # a 12,000 x 6,600 panorama; larger is refused as a possible decompression bomb
JPEG_QUALITY = 85


@dataclass(frozen=True)
class StoredFile:
    id: int
    sha256: str
    media_type: str
    size: int
    original_name: str
    width: int | None
    height: int | None
    taken_at: datetime | None


def sniff_media_type(data: bytes) -> str | None:
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    return None


@dataclass(frozen=True)
class PreparedImage:
    data: bytes
    media_type: str
    width: int
    height: int
    thumbnail: bytes
    taken_at: datetime | None


def _exif_date(image: object) -> datetime | None:
    try:
        exif = image.getexif()  # type: ignore[attr-defined]
        raw = exif.get_ifd(0x8769).get(0x9003) or exif.get(0x0132)  # DateTimeOriginal, else DateTime
        return datetime.strptime(str(raw).strip("\x00 "), "%Y:%m:%d %H:%M:%S") if raw else None
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


def prepare_image(data: bytes) -> PreparedImage:
    from PIL import Image, ImageOps

    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        old_limit = Image.MAX_IMAGE_PIXELS
        Image.MAX_IMAGE_PIXELS = MAX_PIXELS
        try:
            with Image.open(io.BytesIO(data), formats=["JPEG", "PNG"]) as img:
                taken_at = _exif_date(img)
                img.load()
                fmt = img.format or "JPEG"
                upright = ImageOps.exif_transpose(img)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise AttachmentError("La imagen es demasiado grande para procesarla.", detail=str(exc)) from exc
        except (OSError, SyntaxError, ValueError) as exc:
            raise AttachmentError("El archivo no es una imagen JPEG o PNG válida.", detail=str(exc)) from exc
        finally:
            Image.MAX_IMAGE_PIXELS = old_limit
    if upright.mode not in ("RGB", "L") and fmt == "JPEG":
        upright = upright.convert("RGB")
    upright.thumbnail((MAX_IMAGE_SIDE, MAX_IMAGE_SIDE))
    out = io.BytesIO()
    if fmt == "PNG":
        upright.save(out, "PNG", optimize=True)
        media_type = "image/png"
    else:
        upright.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
        media_type = "image/jpeg"
    thumb_img = upright.convert("RGB") if upright.mode not in ("RGB", "L") else upright.copy()
    thumb_img.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE))
    thumb = io.BytesIO()
    thumb_img.save(thumb, "JPEG", quality=80)
    return PreparedImage(out.getvalue(), media_type, upright.width, upright.height, thumb.getvalue(), taken_at)


def store_file(session: Session, data: bytes, original_name: str, created_by: str) -> StoredFile:
    """Store ``data`` (an allowed type) and return it; the same content stored twice is one attachment."""
    if len(data) > MAX_BYTES:
        raise AttachmentError(f"El archivo pesa más de {MAX_BYTES // (1024 * 1024)} MB; no se adjuntó.")
    media_type = sniff_media_type(data)
    if media_type is None:
        raise AttachmentError("Solo se admiten fotos JPEG o PNG y documentos PDF.")
    width = height = None
    thumbnail = None
    taken_at = None
    if media_type.startswith("image/"):
        prepared = prepare_image(data)
        data, media_type = prepared.data, prepared.media_type
        width, height, thumbnail, taken_at = prepared.width, prepared.height, prepared.thumbnail, prepared.taken_at
    digest = hashlib.sha256(data).hexdigest()
    existing = session.scalars(select(Attachment).where(Attachment.sha256 == digest)).first()
    if existing is None:
        existing = Attachment(
            sha256=digest,
            media_type=media_type,
            size=len(data),
            original_name=clean_text(original_name)[:255],
            width=width,
            height=height,
            taken_at=taken_at,
            created_at=utc_now(),
            created_by=created_by,
            data=data,
            thumbnail=thumbnail,
        )
        session.add(existing)
        session.flush()
    return _stored(existing)


def _stored(a: Attachment) -> StoredFile:
    return StoredFile(a.id, a.sha256, a.media_type, a.size, a.original_name, a.width, a.height, a.taken_at)


def read_file(session: Session, attachment_id: int, expected_sha256: str | None = None) -> bytes:
    """The stored bytes, verified against their hash (and against the hash the caller expects, if given)."""
    row = session.execute(
        select(Attachment.data, Attachment.sha256).where(Attachment.id == attachment_id)
    ).one_or_none()
    if row is None:
        raise AttachmentError("El archivo adjunto ya no existe.")
    data = bytes(row.data)
    if hashlib.sha256(data).hexdigest() != row.sha256 or (expected_sha256 and expected_sha256 != row.sha256):
        raise AttachmentError("El archivo adjunto no coincide con su huella (SHA-256); no se mostrará.")
    return data
