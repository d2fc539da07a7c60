"""Gathers what an asset sheet prints (plain values) and has the PDF built."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from ..db.inventory import Asset
from ..documents.asset_sheet import AssetSheet, SheetDocument, build_asset_sheets
from ..documents.pdf_common import Letterhead
from ..domain.permits import DOCUMENT_LABELS, STATUS_LABELS, DocumentKind, ownership_label
from .asset_files import list_documents, list_photos, photo_bytes
from .assets import list_assets_cached
from .database import Database
from .errors import UserError
from .office import load_logo, load_profile


def letterhead(db: Database) -> Letterhead:
    profile = load_profile(db)
    logo = load_logo(db, profile.logo_attachment_id) if profile.logo_attachment_id else None
    return Letterhead(profile.office_name, profile.municipality, profile.address, profile.phone, logo,
                      profile.is_demo)


def _metres(value: Decimal | None) -> str:
    return f"{float(value):.2f} m" if value is not None else ""


def asset_sheets_pdf(db: Database, asset_ids: Sequence[int], today: date | None = None) -> bytes:
    """The sheets of ``asset_ids`` (in that order) in one PDF."""
    if not asset_ids:
        raise UserError("Seleccione al menos un anuncio para imprimir su ficha.")
    day = today or date.today()
    rows = {r.id: r for r in list_assets_cached(db, day)}
    sheets = []
    for asset_id in asset_ids:
        row = rows.get(asset_id)
        if row is None:
            raise UserError("Uno de los anuncios elegidos ya no existe.")
        with db.read() as s:
            a = s.get(Asset, asset_id)
            assert a is not None
            area = f"{float(a.width_m * a.height_m):.2f} m²" if a.width_m and a.height_m else ""
            fields = [
                ("Domicilio", " ".join(p for p in (a.street, a.number) if p)),
                ("Colonia", a.colonia), ("Localidad", row.locality), ("Código postal", a.postal_code),
                ("Entre calles", a.cross_streets), ("Referencia", a.reference),
                ("Medidas", f"{_metres(a.width_m)} × {_metres(a.height_m)} ({area})" if area else ""),
                ("Altura total", _metres(a.total_height_m)), ("Caras", str(a.faces)),
                ("Iluminación", a.illumination.capitalize()), ("Material", a.material),
                ("Orientación", a.orientation), ("Propiedad", ownership_label(a.ownership)),
                ("Propietario", a.owner_name), ("Teléfono", a.owner_phone),
                ("Estado físico", a.condition.capitalize()),
            ]
            notes = a.notes
            lat, lon, active = a.lat, a.lon, a.active
            folio = a.folio
        status = row.status
        detail = ""
        if status.missing:
            detail = "Falta: " + ", ".join(DOCUMENT_LABELS[k] for k in status.missing)
        elif status.expires_on and status.governing_kind:
            days = (status.expires_on - day).days
            when = f"venció hace {-days} días" if days < 0 else ("vence hoy" if days == 0 else f"vence en {days} días")
            detail = f"{DOCUMENT_LABELS[status.governing_kind]}: {when} ({status.expires_on:%d/%m/%Y})"
        documents = [SheetDocument(DOCUMENT_LABELS.get(DocumentKind(d.data.kind), d.data.kind), d.data.number,
                                   d.data.issuer, d.data.valid_until) for d in list_documents(db, asset_id)]
        photos = list_photos(db, asset_id)
        photo = photo_bytes(db, photos[0]) if photos else None
        caption = f"Foto del {photos[0].taken_at:%d/%m/%Y}" if photos else ""
        sheets.append(AssetSheet(folio, row.type_name, [(k, v) for k, v in fields if v], notes,
                                 STATUS_LABELS[status.status], detail, documents, lat, lon, photo, caption, active))
    return build_asset_sheets(sheets, letterhead(db), load_profile(db).paper_size)
