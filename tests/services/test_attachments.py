"""Attachments: allowed types by content, images downscaled with a thumbnail, verified by hash on read."""

from __future__ import annotations

import io
from datetime import datetime

import pytest
from PIL import Image
from sqlalchemy import text

from cortazar_desk.services.attachments import MAX_IMAGE_SIDE, read_file, store_file
from cortazar_desk.services.database import Database
from cortazar_desk.services.errors import AttachmentError


def _jpeg(width: int, height: int, taken: str | None = None) -> bytes:
    img = Image.new("RGB", (width, height), (120, 30, 60))
    out = io.BytesIO()
    exif = Image.Exif()
    if taken:
        exif.get_ifd(0x8769)[0x9003] = taken
    img.save(out, "JPEG", quality=95, exif=exif.tobytes())
    return out.getvalue()


def test_phone_photo_is_downscaled_with_thumbnail_and_camera_date(db: Database) -> None:
    with db.write() as s:
        stored = store_file(s, _jpeg(4000, 3000, "2026:03:15 10:20:30"), "IMG_0001.JPG", "prueba")
    assert stored.media_type == "image/jpeg"
    assert max(stored.width or 0, stored.height or 0) == MAX_IMAGE_SIDE
    assert stored.taken_at == datetime(2026, 3, 15, 10, 20, 30)
    with db.read() as s:
        data = read_file(s, stored.id, stored.sha256)
        thumb = s.execute(text("SELECT thumbnail FROM attachment WHERE id = :i"), {"i": stored.id}).scalar_one()
    assert Image.open(io.BytesIO(data)).size == (2000, 1500)
    assert max(Image.open(io.BytesIO(thumb)).size) == 256


def test_same_content_is_stored_once(db: Database) -> None:
    with db.write() as s:
        a = store_file(s, b"%PDF-1.4 permiso 12", "permiso.pdf", "prueba")
        b = store_file(s, b"%PDF-1.4 permiso 12", "copia.pdf", "prueba")
    assert a.id == b.id


@pytest.mark.parametrize("data", [b"MZ\x90\x00 program", b"<html><script>", b"GIF89a....", b""])
def test_types_are_checked_by_content(db: Database, data: bytes) -> None:
    with pytest.raises(AttachmentError, match="JPEG o PNG"):
        with db.write() as s:
            store_file(s, data, "foto.jpg", "prueba")


def test_truncated_image_is_refused_clearly(db: Database) -> None:
    with pytest.raises(AttachmentError, match="no es una imagen"):
        with db.write() as s:
            store_file(s, _jpeg(50, 50)[:40], "foto.jpg", "prueba")


def test_decompression_bomb_is_refused(db: Database) -> None:
    img = Image.new("1", (12000, 12000))  # 144 megapixels, a few KB as PNG
    out = io.BytesIO()
    img.save(out, "PNG")
    with pytest.raises(AttachmentError, match="demasiado grande"):
        with db.write() as s:
            store_file(s, out.getvalue(), "bomba.png", "prueba")


def test_changed_bytes_are_never_shown(db: Database) -> None:
    with db.write() as s:
        stored = store_file(s, b"%PDF-1.4 original", "a.pdf", "prueba")
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE attachment SET data = :d WHERE id = :i"), {"d": b"%PDF-1.4 other!!", "i": stored.id})
    with db.read() as s, pytest.raises(AttachmentError, match="huella"):
        read_file(s, stored.id)


def test_wrong_record_expectation_is_refused(db: Database) -> None:
    with db.write() as s:
        a = store_file(s, b"%PDF-1.4 a", "a.pdf", "prueba")
        b = store_file(s, b"%PDF-1.4 b", "b.pdf", "prueba")
    with db.read() as s, pytest.raises(AttachmentError):
        read_file(s, a.id, expected_sha256=b.sha256)
