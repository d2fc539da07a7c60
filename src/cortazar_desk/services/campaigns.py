"""Campaigns and their placements on asset faces: the art. 134 sign-off before anything is placed, overlaps on a
face refused with the placement that blocks, veda warnings, the availability search and occupancy."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, fields
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from ..db.audit import utc_now
from ..db.campaigns import Campaign, Department, Placement, VedaPeriod
from ..db.inventory import Asset, AssetType, Locality
from ..domain.labels import FIELDS
from ..domain.permits import PermitStatus
from ..domain.text import clean_text
from ..domain.veda import Period, VedaClass, dmy, veda_problems
from .batching import gc_paused
from .database import Database
from .errors import UserError, ValidationError
from .records import save_versioned

KINDS = {"campana": "Campaña", "aviso": "Aviso institucional"}
TEXT_LIMITS = {"name": 200, "topic": 200, "ine_agreement": 80, "provider": 200, "contract_number": 80,
               "invoice": 80, "budget_line": 40, "notes": 4000}
LABELS = {"name": "Nombre", "topic": "Tema", "ine_agreement": "Acuerdo del INE", "provider": "Proveedor",
          "contract_number": "Contrato", "invoice": "Factura", "budget_line": "Partida", "notes": "Notas"}


@dataclass(frozen=True)
class CampaignData:
    name: str
    starts_on: date
    ends_on: date
    department_id: int | None = None
    topic: str = ""
    kind: str = "campana"
    veda_class: str = VedaClass.NORMAL.value
    ine_agreement: str = ""
    report_date: date | None = None
    provider: str = ""
    contract_number: str = ""
    amount: Decimal | None = None
    invoice: str = ""
    budget_line: str = ""
    notes: str = ""


def validate_campaign(data: CampaignData) -> CampaignData:
    cleaned = {}
    for name, limit in TEXT_LIMITS.items():
        text = clean_text(getattr(data, name), multiline=name == "notes")
        if len(text) > limit:
            raise ValidationError(f"«{LABELS[name]}» admite hasta {limit} caracteres.", field=name)
        cleaned[name] = text
    if not cleaned["name"]:
        raise ValidationError("Escriba el nombre de la campaña.", field="name")
    if data.ends_on < data.starts_on:
        raise ValidationError("La campaña termina antes de empezar.", field="ends_on")
    if data.kind not in KINDS:
        raise ValidationError("Elija el tipo de campaña de la lista.", field="kind")
    try:
        klass = VedaClass(data.veda_class)
    except ValueError as exc:
        raise ValidationError("Elija la clasificación en veda de la lista.", field="veda_class") from exc
    if klass is VedaClass.ANNUAL_REPORT and data.report_date is None:
        raise ValidationError("Escriba la fecha del informe de labores.", field="report_date")
    amount = data.amount
    if amount is not None:
        try:
            amount = Decimal(amount).quantize(Decimal("0.01"))
        except (InvalidOperation, ValueError) as exc:
            raise ValidationError("El monto debe ser un número.", field="amount") from exc
        if not amount.is_finite() or amount < 0 or amount >= Decimal("1e12"):
            raise ValidationError("El monto debe ser un número positivo en pesos.", field="amount")
    return CampaignData(**{**{f.name: getattr(data, f.name) for f in fields(CampaignData)}, **cleaned,
                           "amount": amount})


def departments(db: Database) -> list[tuple[int, str]]:
    with db.read() as s:
        return [(i, n) for i, n in s.execute(select(Department.id, Department.name)
                                             .where(Department.active.is_(True)).order_by(Department.name))]


@dataclass(frozen=True)
class CampaignRow:
    id: int
    name: str
    department: str
    kind: str
    starts_on: date
    ends_on: date
    veda_class: str
    signed_by: str
    placements: int
    version: int


def list_campaigns(db: Database) -> list[CampaignRow]:
    with db.read() as s:
        counts = dict(s.execute(select(Placement.campaign_id, func.count()).where(Placement.active.is_(True))
                                .group_by(Placement.campaign_id)).all())
        rows = s.execute(select(Campaign.id, Campaign.name, Department.name, Campaign.kind, Campaign.starts_on,
                                Campaign.ends_on, Campaign.veda_class, Campaign.art134_signed_by, Campaign.version)
                         .outerjoin(Department, Department.id == Campaign.department_id)
                         .where(Campaign.active.is_(True)).order_by(Campaign.starts_on.desc(), Campaign.id)).all()
    return [CampaignRow(i, n, d or "", k, a, b, v, sig, int(counts.get(i, 0)), ver)
            for i, n, d, k, a, b, v, sig, ver in rows]


def load_campaign(db: Database, campaign_id: int) -> tuple[CampaignData, int, str, datetime | None]:
    """The campaign's data, version, and its art. 134 sign-off (name and moment; empty when not signed)."""
    with db.read() as s:
        c = s.get(Campaign, campaign_id)
        if c is None:
            raise UserError("La campaña ya no existe.")
        data = CampaignData(**{f.name: getattr(c, f.name) for f in fields(CampaignData)})
        return data, c.version, c.art134_signed_by, c.art134_signed_at


def create_campaign(db: Database, data: CampaignData) -> int:
    clean = validate_campaign(data)
    with db.write("alta de campaña") as s:
        campaign = Campaign(**{f.name: getattr(clean, f.name) for f in fields(CampaignData)})
        s.add(campaign)
        s.flush()
        return campaign.id


def update_campaign(db: Database, campaign_id: int, shown_version: int, data: CampaignData) -> int:
    clean = validate_campaign(data)
    changes = {f.name: getattr(clean, f.name) for f in fields(CampaignData)}

    def dates_still_cover_placements(s: Session) -> None:
        outside = s.scalars(select(Placement).where(
            Placement.campaign_id == campaign_id, Placement.active.is_(True),
            (Placement.starts_on < clean.starts_on) | (Placement.ends_on > clean.ends_on))).first()
        if outside is not None:
            raise ValidationError(f"Hay colocaciones de esta campaña fuera de las fechas nuevas (del "
                                  f"{dmy(outside.starts_on)} al {dmy(outside.ends_on)}); ajústelas primero.")

    return save_versioned(db, Campaign, campaign_id, shown_version, changes, FIELDS["campaign"],
                          before=dates_still_cover_placements)


ART134_CHECKLIST = (
    "No aparecen nombres de servidores públicos.",
    "No aparecen imágenes ni fotografías de servidores públicos.",
    "No hay voces de servidores públicos (audio o video).",
    "No hay símbolos, colores o frases que promocionen a una persona o partido.",
    "El contenido es institucional, informativo, educativo o de orientación social.",
)


def sign_art134(db: Database, campaign_id: int, shown_version: int, signed_by: str) -> int:
    """Keep the sign-off of the art. 134 checklist: who confirmed it and when. Needed before any placement."""
    name = clean_text(signed_by)
    if len(name) < 5 or " " not in name:
        raise ValidationError("Escriba el nombre completo de quien revisó la campaña.", field="signed_by")
    return save_versioned(db, Campaign, campaign_id, shown_version,
                          {"art134_signed_by": name[:150], "art134_signed_at": utc_now()}, FIELDS["campaign"],
                          reason="revisión del art. 134")


# --- placements --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PlacementResult:
    id: int
    warnings: list[str]  # veda problems: placed anyway, the office decides


def periods(s: Session) -> list[Period]:
    return [Period(n, a, b) for n, a, b in s.execute(select(VedaPeriod.name, VedaPeriod.starts_on,
                                                             VedaPeriod.election_on)
                                                      .where(VedaPeriod.active.is_(True)))]


def place(db: Database, campaign_id: int, asset_id: int, face: int, starts_on: date, ends_on: date,
          notes: str = "") -> PlacementResult:
    """Put the campaign on a face of an asset. Refused when the face is taken (the blocking placement is named),
    when the art. 134 checklist is not signed, or outside the campaign's dates; a veda is a warning."""
    if ends_on < starts_on:
        raise ValidationError("La colocación termina antes de empezar.")
    with db.write("colocación de campaña") as s:
        campaign = s.get(Campaign, campaign_id)
        # The asset's row is locked before the overlap check: two workstations placing on the same face at once
        # would otherwise both see it free (PostgreSQL; SQLite's BEGIN IMMEDIATE already lets one writer in).
        asset = s.get(Asset, asset_id, with_for_update=True)
        if campaign is None or not campaign.active:
            raise UserError("La campaña ya no existe.")
        if asset is None or not asset.active:
            raise UserError("El anuncio no existe o está dado de baja.")
        if not campaign.art134_signed_by:
            raise ValidationError("Antes de colocar la campaña, confirme y firme la revisión del art. 134 "
                                  "(sin nombres, imágenes, voces ni símbolos de servidores públicos).")
        if starts_on < campaign.starts_on or ends_on > campaign.ends_on:
            raise ValidationError(f"La colocación debe quedar dentro de las fechas de la campaña "
                                  f"({dmy(campaign.starts_on)} a {dmy(campaign.ends_on)}).")
        if not 1 <= face <= asset.faces:
            raise ValidationError(f"El anuncio {asset.folio} tiene {asset.faces} cara(s).")
        blocking = s.execute(
            select(Placement, Campaign.name).join(Campaign, Campaign.id == Placement.campaign_id)
            .where(Placement.asset_id == asset_id, Placement.face == face, Placement.active.is_(True),
                   Placement.starts_on <= ends_on, Placement.ends_on >= starts_on)).first()
        if blocking is not None:
            taken, name = blocking
            raise ValidationError(f"La cara {face} de {asset.folio} está ocupada del {dmy(taken.starts_on)} al "
                                  f"{dmy(taken.ends_on)} por la campaña «{name}».")
        placement = Placement(campaign_id=campaign_id, asset_id=asset_id, face=face, starts_on=starts_on,
                              ends_on=ends_on, notes=clean_text(notes, multiline=True)[:2000])
        s.add(placement)
        s.flush()
        warnings = veda_problems(campaign.veda_class, starts_on, ends_on, periods(s), campaign.report_date,
                                 campaign.ine_agreement)
        return PlacementResult(placement.id, warnings)


def cancel_placement(db: Database, placement_id: int, shown_version: int, reason: str) -> int:
    return save_versioned(db, Placement, placement_id, shown_version, {"active": False}, FIELDS["placement"],
                          reason=clean_text(reason)[:300] or "cancelada")


@dataclass(frozen=True)
class PlacementRow:
    id: int
    campaign_id: int
    campaign: str
    asset_id: int
    folio: str
    type_name: str
    address: str
    locality: str
    face: int
    starts_on: date
    ends_on: date
    version: int


def _placement_rows(s: Session, *conditions: object) -> list[PlacementRow]:
    stmt = (select(Placement.id, Placement.campaign_id, Campaign.name, Asset.id, Asset.folio, AssetType.name,
                   Asset.street, Asset.number, Locality.name, Placement.face, Placement.starts_on,
                   Placement.ends_on, Placement.version)
            .join(Campaign, Campaign.id == Placement.campaign_id).join(Asset, Asset.id == Placement.asset_id)
            .join(AssetType, AssetType.id == Asset.type_id).outerjoin(Locality, Locality.id == Asset.locality_id)
            .where(Placement.active.is_(True), *conditions)  # type: ignore[arg-type]
            .order_by(Placement.starts_on, Asset.folio, Placement.face))
    return [PlacementRow(i, c, cn, a, f, t, f"{st} {nu}".strip(), loc or "", fa, b, e, v)
            for i, c, cn, a, f, t, st, nu, loc, fa, b, e, v in s.execute(stmt)]


def campaign_placements(db: Database, campaign_id: int) -> list[PlacementRow]:
    with db.read() as s:
        return _placement_rows(s, Placement.campaign_id == campaign_id)


def asset_occupancy(db: Database, asset_id: int) -> list[PlacementRow]:
    """Everything placed on the asset over time (its timeline)."""
    with db.read() as s:
        return _placement_rows(s, Placement.asset_id == asset_id)


# --- availability ------------------------------------------------------------------------------------------------

@dataclass(slots=True)  # tens of thousands per search: slots, not frozen, to build them fast
class AvailableAsset:
    id: int
    folio: str
    type_name: str
    address: str
    locality: str
    width_m: Decimal | None
    height_m: Decimal | None
    free_faces: tuple[int, ...]
    permit_status: PermitStatus
    permit_lapses: bool  # the permit (or another required document) expires before the range ends


def prepare_asset_caches(db: Database) -> None:
    """Build what the availability search and the inventory read from (the asset list with every permit status, and
    the assets' faces and sizes) so the first search of the session finds it ready. The window runs this in the
    background after start-up; a later change on any workstation patches or rebuilds it as usual."""
    from .assets import list_assets_cached
    from .snapshot import while_tables_unchanged

    list_assets_cached(db)
    while_tables_unchanged(db, "asset shape", ("asset",), None, lambda: _asset_shapes(db),
                           lambda last, changes: _patched_shapes(db, last, changes))


def available_assets(db: Database, starts_on: date, ends_on: date, *, type_code: str = "", locality: str = "",
                     min_area_m2: Decimal | None = None, permit_statuses: frozenset[PermitStatus] | None = None,
                     today: date | None = None) -> list[AvailableAsset]:
    """Active assets with at least one face free for the whole range."""
    from .assets import list_assets_cached
    from .snapshot import while_tables_unchanged

    with db.read() as s:
        taken: dict[int, set[int]] = defaultdict(set)
        for asset_id, face in s.execute(select(Placement.asset_id, Placement.face).where(
                Placement.active.is_(True), and_(Placement.starts_on <= ends_on, Placement.ends_on >= starts_on))):
            taken[asset_id].add(face)
    shape = while_tables_unchanged(db, "asset shape", ("asset",), None, lambda: _asset_shapes(db),
                                   lambda last, changes: _patched_shapes(db, last, changes))
    found: list[AvailableAsset] = []
    add, missing, unknown_shape = found.append, PermitStatus.MISSING, (1, None, None)
    rows = list_assets_cached(db, today)
    with gc_paused():
        for row in rows:  # one plain pass: 50,000 rows, names bound once
            if not row.active or type_code and row.type_code != type_code or locality and row.locality != locality:
                continue
            faces, width, height = shape.get(row.id, unknown_shape)
            busy = taken.get(row.id)
            free = tuple(f for f in range(1, faces + 1) if f not in busy) if busy else FACES.get(faces, (1,))
            if not free:
                continue
            if min_area_m2 is not None and (width is None or height is None or width * height < min_area_m2):
                continue
            status = row.status
            if permit_statuses is not None and status.status not in permit_statuses:
                continue
            expires = status.expires_on
            add(AvailableAsset(row.id, row.folio, row.type_name, row.address, row.locality, width, height, free,
                               status.status, expires is not None and expires < ends_on or status.status is missing))
    return found


FACES = {n: tuple(range(1, n + 1)) for n in range(1, 4)}


Shapes = dict[int, tuple[int, Decimal | None, Decimal | None]]  # active asset id -> faces, width, height


def _asset_shapes(db: Database, asset_ids: set[int] | None = None) -> Shapes:
    stmt = select(Asset.id, Asset.faces, Asset.width_m, Asset.height_m).where(Asset.active.is_(True))
    if asset_ids is not None:
        stmt = stmt.where(Asset.id.in_(asset_ids))
    with db.read() as s:
        return {i: (f, w, h) for i, f, w, h in s.execute(stmt)}


def _patched_shapes(db: Database, last: Shapes, changes: dict[str, set[str]]) -> Shapes:
    """``last`` with the assets that changed read again (the cache's patch: a new dict, ``last`` is kept)."""
    touched = {int(i) for i in changes.get("asset", ())}
    shapes = dict(last)
    for asset_id in touched:
        shapes.pop(asset_id, None)  # made inactive: gone
    shapes.update(_asset_shapes(db, touched))
    return shapes


def occupancy_by_type(db: Database, starts_on: date, ends_on: date) -> dict[str, float]:
    """Share of face-days taken in the period, per asset type (0..1)."""
    days = (ends_on - starts_on).days + 1
    if days <= 0:
        return {}
    with db.read() as s:
        capacity = dict(s.execute(select(AssetType.name, func.sum(Asset.faces))
                                  .join(Asset, Asset.type_id == AssetType.id)
                                  .where(Asset.active.is_(True)).group_by(AssetType.name)).all())
        used: dict[str, int] = defaultdict(int)
        for type_name, a, b in s.execute(
                select(AssetType.name, Placement.starts_on, Placement.ends_on)
                .join(Asset, Asset.id == Placement.asset_id).join(AssetType, AssetType.id == Asset.type_id)
                .where(Placement.active.is_(True), Asset.active.is_(True), Placement.starts_on <= ends_on,
                       Placement.ends_on >= starts_on)):
            used[type_name] += (min(b, ends_on) - max(a, starts_on)).days + 1
    return {name: used.get(name, 0) / (int(total) * days) for name, total in capacity.items() if total}



def add_artwork(db: Database, campaign_id: int, data: bytes, original_name: str, caption: str = "") -> int:
    """An artwork file of the campaign (image or PDF), stored like every attachment (hashed, images downscaled)."""
    from ..db.campaigns import CampaignArtwork
    from .attachments import sniff_media_type, store_file
    from .errors import AttachmentError

    media = sniff_media_type(data)
    if media is None:
        raise AttachmentError("El arte debe ser una imagen JPEG o PNG, o un PDF.")
    with db.write("arte de campaña") as s:
        if s.get(Campaign, campaign_id) is None:
            raise UserError("La campaña ya no existe.")
        stored = store_file(s, data, original_name, db.actor.user)
        artwork = CampaignArtwork(campaign_id=campaign_id, attachment_id=stored.id, sha256=stored.sha256,
                                  caption=clean_text(caption)[:200])
        s.add(artwork)
        s.flush()
        return artwork.id


def artwork_previews(db: Database, campaign_id: int) -> list[tuple[str, bytes, str]]:
    """(file name, thumbnail, media type) of the campaign's artwork, oldest first. An image brings its stored
    thumbnail; a PDF brings its whole file (checked against its hash) for the screen to draw its first page."""
    from ..db.campaigns import CampaignArtwork
    from ..db.models import Attachment
    from .attachments import read_file

    with db.read() as s:
        rows = s.execute(select(Attachment.id, Attachment.original_name, Attachment.thumbnail, Attachment.media_type,
                                CampaignArtwork.sha256)
                         .join(CampaignArtwork, CampaignArtwork.attachment_id == Attachment.id)
                         .where(CampaignArtwork.campaign_id == campaign_id).order_by(CampaignArtwork.id)).all()
        return [(name, bytes(thumb) if thumb else read_file(s, attachment_id, expected_sha256=sha), media)
                for attachment_id, name, thumb, media, sha in rows]
