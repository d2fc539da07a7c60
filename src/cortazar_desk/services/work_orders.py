"""Work orders: made by hand or from placements and veda periods, one folio series (OT-2026-0001) for all, closed
only with dated evidence photos (a close-up and an approach view of every asset)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db.campaigns import Campaign, Placement, VedaPeriod, WorkOrder, WorkOrderEvidence, WorkOrderItem
from ..db.inventory import Asset, AssetType, Locality
from ..domain.folios import WORK_ORDERS
from ..domain.labels import FIELDS
from ..domain.orders import (
    EVIDENCE_VIEWS,
    ORDER_KIND_LABELS,
    OrderKind,
    OrderStatus,
    installation_due,
    is_late,
    veda_withdrawal_due,
    withdrawal_due,
)
from ..domain.text import clean_text
from ..domain.veda import EXEMPT, VedaClass, dmy
from .attachments import sniff_media_type, store_file
from .database import Database
from .errors import AttachmentError, UserError, ValidationError
from .folios import next_folio
from .records import save_versioned


@dataclass(frozen=True)
class ItemData:
    asset_id: int
    face: int | None = None
    placement_id: int | None = None
    instructions: str = ""


def _new_order(s: Session, kind: OrderKind, crew: str, due_on: date, items: list[ItemData], *, instructions: str = "",
               campaign_id: int | None = None, veda_period_id: int | None = None) -> WorkOrder:
    if not items:
        raise ValidationError("Una orden necesita al menos un anuncio.")
    today = date.today()  # the folio's year is the year the order is issued, not when it is due
    order = WorkOrder(folio=next_folio(s, WORK_ORDERS, today.year), kind=kind.value, crew=clean_text(crew)[:150],
                      due_on=due_on, instructions=clean_text(instructions, multiline=True)[:4000],
                      campaign_id=campaign_id, veda_period_id=veda_period_id, created_on=today,
                      status=OrderStatus.PENDING.value)
    s.add(order)
    s.flush()
    for item in items:
        s.add(WorkOrderItem(order_id=order.id, asset_id=item.asset_id, face=item.face, placement_id=item.placement_id,
                            instructions=clean_text(item.instructions, multiline=True)[:2000]))
    return order


def create_order(db: Database, kind: str, crew: str, due_on: date, items: list[ItemData], instructions: str = ""
                 ) -> str:
    """An order made by hand (cover, repaint, repair, take evidence...); returns its folio."""
    try:
        order_kind = OrderKind(kind)
    except ValueError as exc:
        raise ValidationError("Elija el tipo de orden de la lista.") from exc
    with db.write("orden de trabajo") as s:
        for item in items:
            asset = s.get(Asset, item.asset_id)
            if asset is None or not asset.active:
                raise UserError("Uno de los anuncios de la orden no existe o está dado de baja.")
        return _new_order(s, order_kind, crew, due_on, items, instructions=instructions).folio


def orders_from_placements(db: Database, campaign_id: int, crew: str) -> list[str]:
    """Installation (due the day before the first start) and withdrawal (the day after the last end) orders for the
    campaign's placements not yet in an order of that kind. Returns the new folios."""
    with db.write("órdenes de la campaña") as s:
        campaign = s.get(Campaign, campaign_id, with_for_update=True)  # one generator at a time per campaign
        if campaign is None:
            raise UserError("La campaña ya no existe.")
        placements = list(s.scalars(select(Placement).where(Placement.campaign_id == campaign_id,
                                                            Placement.active.is_(True))))
        folios = []
        for kind in (OrderKind.INSTALL, OrderKind.WITHDRAW):
            done = set(s.scalars(select(WorkOrderItem.placement_id).join(WorkOrder, WorkOrder.id ==
                                                                         WorkOrderItem.order_id)
                                 .where(WorkOrder.kind == kind.value, WorkOrder.status != OrderStatus.CANCELLED.value,
                                        WorkOrderItem.placement_id.in_([p.id for p in placements]))))
            todo = [p for p in placements if p.id not in done]
            if not todo:
                continue
            verb = "Colocar" if kind is OrderKind.INSTALL else "Retirar"
            items = [ItemData(p.asset_id, p.face, p.id, f"{verb} «{campaign.name}» en la cara {p.face} "
                                                         f"({dmy(p.starts_on)} a {dmy(p.ends_on)}).") for p in todo]
            due = installation_due(min(p.starts_on for p in todo)) if kind is OrderKind.INSTALL else \
                withdrawal_due(max(p.ends_on for p in todo))
            folios.append(_new_order(s, kind, crew, due, items, campaign_id=campaign_id).folio)
        return folios


@dataclass(frozen=True)
class OrderRow:
    id: int
    folio: str
    kind: str
    kind_label: str
    status: str
    crew: str
    due_on: date
    items: int
    late: bool
    version: int


def list_orders(db: Database, today: date | None = None, *, include_closed: bool = True) -> list[OrderRow]:
    day = today or date.today()
    with db.read() as s:
        counts: dict[int, int] = defaultdict(int)
        for (order_id,) in s.execute(select(WorkOrderItem.order_id)):
            counts[order_id] += 1
        stmt = select(WorkOrder.id, WorkOrder.folio, WorkOrder.kind, WorkOrder.status, WorkOrder.crew,
                      WorkOrder.due_on, WorkOrder.version).order_by(WorkOrder.due_on, WorkOrder.folio)
        if not include_closed:
            stmt = stmt.where(WorkOrder.status.in_([OrderStatus.PENDING.value, OrderStatus.IN_PROGRESS.value]))
        rows = s.execute(stmt).all()
    return [OrderRow(i, f, k, ORDER_KIND_LABELS[OrderKind(k)], st, c, d, counts[i], is_late(st, d, day), v)
            for i, f, k, st, c, d, v in rows]


@dataclass(frozen=True)
class CrewBatch:
    """A crew's open orders (pendiente or en proceso), soonest due first: what it is handed in one printout."""

    crew: str
    orders: list[OrderRow]

    @property
    def assets(self) -> int:
        return sum(o.items for o in self.orders)


def open_orders_by_crew(db: Database, today: date | None = None) -> list[CrewBatch]:
    """Open orders grouped by crew or provider; "Cuadrilla 1" and "cuadrilla  1" are one crew (the first spelling
    is shown). Crews in alphabetical order."""
    groups: dict[str, list[OrderRow]] = {}
    for order in list_orders(db, today, include_closed=False):  # already by due date, then folio
        groups.setdefault(" ".join(order.crew.casefold().split()), []).append(order)
    return [CrewBatch(orders[0].crew or "(sin cuadrilla)", orders) for _key, orders in sorted(groups.items())]


@dataclass(frozen=True)
class OrderItemRow:
    asset_id: int
    folio: str
    type_name: str
    address: str
    locality: str
    lat: float | None
    lon: float | None
    face: int | None
    instructions: str
    campaign: str
    artwork_attachment_id: int | None


def order_items(db: Database, order_id: int) -> list[OrderItemRow]:
    """The order's assets in route order: grouped by locality, nearest next inside each."""
    from ..db.campaigns import CampaignArtwork

    with db.read() as s:
        artwork = {c: a for c, a in s.execute(select(CampaignArtwork.campaign_id, CampaignArtwork.attachment_id)
                                                 .order_by(CampaignArtwork.id.desc()))}
        rows = s.execute(
            select(WorkOrderItem.asset_id, Asset.folio, AssetType.name, Asset.street, Asset.number, Locality.name,
                   Asset.lat, Asset.lon, WorkOrderItem.face, WorkOrderItem.instructions, Campaign.name, Campaign.id)
            .join(Asset, Asset.id == WorkOrderItem.asset_id).join(AssetType, AssetType.id == Asset.type_id)
            .outerjoin(Locality, Locality.id == Asset.locality_id)
            .outerjoin(Placement, Placement.id == WorkOrderItem.placement_id)
            .outerjoin(Campaign, Campaign.id == Placement.campaign_id)
            .where(WorkOrderItem.order_id == order_id)).all()
    items = [OrderItemRow(a, f, t, f"{st} {nu}".strip(), loc or "Sin localidad", lat, lon, face, ins, cn or "",
                          artwork.get(cid) if cid is not None else None)
             for a, f, t, st, nu, loc, lat, lon, face, ins, cn, cid in rows]
    by_locality: dict[str, list[OrderItemRow]] = defaultdict(list)
    for item in sorted(items, key=lambda i: (i.folio, i.face or 0)):
        by_locality[item.locality].append(item)
    return [item for name in sorted(by_locality) for item in route(by_locality[name])]


def route(items: list[OrderItemRow]) -> list[OrderItemRow]:
    """A driving order inside one locality: from the northernmost point, always to the nearest one not yet visited
    (good enough for a crew's dozen stops); assets without coordinates go last."""
    placed = [i for i in items if i.lat is not None and i.lon is not None]
    rest = [i for i in items if i.lat is None or i.lon is None]
    if not placed:
        return rest
    current = max(placed, key=lambda i: (i.lat, i.folio))
    ordered = [current]
    left = [i for i in placed if i is not current]
    while left:
        here = current

        def distance(other: OrderItemRow, here: OrderItemRow = here) -> float:
            assert other.lat is not None and other.lon is not None and here.lat is not None and here.lon is not None
            return (other.lat - here.lat) ** 2 + (other.lon - here.lon) ** 2

        current = min(left, key=distance)
        left.remove(current)
        ordered.append(current)
    return ordered + rest


def add_evidence(db: Database, order_id: int, asset_id: int, view: str, data: bytes, original_name: str) -> int:
    """A dated photo of the work on one asset of the order (kept like asset photos: downscaled, hashed)."""
    if view not in EVIDENCE_VIEWS:
        raise ValidationError("Indique si la foto es de acercamiento o de aproximación.")
    media = sniff_media_type(data)
    if media is None or not media.startswith("image/"):
        raise AttachmentError("Las fotos de evidencia deben ser JPEG o PNG.")
    with db.write("evidencia de orden") as s:
        if s.scalars(select(WorkOrderItem.id).where(WorkOrderItem.order_id == order_id,
                                                    WorkOrderItem.asset_id == asset_id)).first() is None:
            raise UserError("Ese anuncio no está en la orden.")
        stored = store_file(s, data, original_name, db.actor.user)
        evidence = WorkOrderEvidence(order_id=order_id, asset_id=asset_id, view=view, attachment_id=stored.id,
                                     sha256=stored.sha256,
                                     taken_at=stored.taken_at or datetime.now().replace(microsecond=0))
        s.add(evidence)
        s.flush()
        return evidence.id


def missing_evidence(s: Session, order_id: int) -> list[str]:
    """What still lacks a photo, in Spanish ("ESP-001: acercamiento")."""
    assets = dict(s.execute(select(WorkOrderItem.asset_id, Asset.folio).join(Asset, Asset.id == WorkOrderItem.asset_id)
                            .where(WorkOrderItem.order_id == order_id)).all())
    have = {(a, v) for a, v in s.execute(select(WorkOrderEvidence.asset_id, WorkOrderEvidence.view)
                                          .where(WorkOrderEvidence.order_id == order_id))}
    return [f"{folio}: {label.lower()}" for asset_id, folio in sorted(assets.items(), key=lambda kv: kv[1])
            for view, label in EVIDENCE_VIEWS.items() if (asset_id, view) not in have]


def order_missing_evidence(db: Database, order_id: int) -> list[str]:
    with db.read() as s:
        return missing_evidence(s, order_id)


def set_status(db: Database, order_id: int, shown_version: int, status: str, *, reason: str = "",
               today: date | None = None) -> int:
    try:
        new = OrderStatus(status)
    except ValueError as exc:
        raise ValidationError("Estado de orden desconocido.") from exc
    changes: dict[str, object] = {"status": new.value}

    def check(s: Session) -> None:
        if new is OrderStatus.DONE:
            missing = missing_evidence(s, order_id)
            if missing:
                raise ValidationError("La orden se cierra solo con fotos de evidencia fechadas. Faltan: "
                                      + "; ".join(missing[:8]) + ("…" if len(missing) > 8 else "") + ".")
    if new is OrderStatus.DONE:
        changes["closed_on"] = today or date.today()
    if new is OrderStatus.CANCELLED:
        why = clean_text(reason)
        if not why:
            raise ValidationError("Escriba el motivo de la cancelación.")
        changes["cancel_reason"] = why[:300]
    return save_versioned(db, WorkOrder, order_id, shown_version, changes, FIELDS["work_order"],
                          reason="cambio de estado de orden", before=check)


# --- veda ----------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class VedaRow:
    id: int
    name: str
    kind: str
    starts_on: date
    election_on: date
    notes: str
    version: int


def list_periods(db: Database) -> list[VedaRow]:
    with db.read() as s:
        return [VedaRow(*r) for r in s.execute(select(
            VedaPeriod.id, VedaPeriod.name, VedaPeriod.kind, VedaPeriod.starts_on, VedaPeriod.election_on,
            VedaPeriod.notes, VedaPeriod.version).where(VedaPeriod.active.is_(True))
            .order_by(VedaPeriod.starts_on.desc()))]


def create_period(db: Database, name: str, kind: str, starts_on: date, election_on: date, notes: str = "") -> int:
    from ..domain.veda import PERIOD_KINDS

    title = clean_text(name)
    if not title:
        raise ValidationError("Escriba el nombre del periodo (por ejemplo «Proceso electoral 2026-2027»).")
    if kind not in PERIOD_KINDS:
        raise ValidationError("Elija el tipo de elección de la lista.")
    if election_on < starts_on:
        raise ValidationError("La jornada electoral no puede ser antes del inicio de las campañas.")
    with db.write("periodo de veda") as s:
        period = VedaPeriod(name=title[:200], kind=kind, starts_on=starts_on, election_on=election_on,
                            notes=clean_text(notes, multiline=True)[:4000])
        s.add(period)
        s.flush()
        return period.id


def affected_placements(db: Database, period_id: int) -> list[tuple[int, str, str, date, date]]:
    """Placements active inside the period whose campaign is not exempt: (placement id, asset folio, campaign,
    from, to)."""
    with db.read() as s:
        period = s.get(VedaPeriod, period_id)
        if period is None:
            raise UserError("El periodo de veda ya no existe.")
        rows = s.execute(select(Placement.id, Asset.folio, Campaign.name, Placement.starts_on, Placement.ends_on,
                                Campaign.veda_class)
                         .join(Campaign, Campaign.id == Placement.campaign_id)
                         .join(Asset, Asset.id == Placement.asset_id)
                         .where(Placement.active.is_(True), Placement.starts_on <= period.election_on,
                                Placement.ends_on >= period.starts_on)
                         .order_by(Asset.folio, Placement.face)).all()
    return [(i, f, c, a, b) for i, f, c, a, b, k in rows if VedaClass(k) not in EXEMPT]


def generate_veda_withdrawals(db: Database, period_id: int, crew: str, kind: str = OrderKind.WITHDRAW.value
                              ) -> str | None:
    """One order (withdraw or cover) for every affected placement not yet in one of this period's orders, due the
    day before day 0. Returns its folio, or None when nothing is left to take down."""
    order_kind = OrderKind(kind)
    if order_kind not in (OrderKind.WITHDRAW, OrderKind.COVER):
        raise ValidationError("En veda la orden es de retiro o de cubrir con lona blanca.")
    affected = {i for i, *_rest in affected_placements(db, period_id)}
    with db.write("órdenes de veda") as s:
        period = s.get(VedaPeriod, period_id, with_for_update=True)  # one generator at a time per period
        assert period is not None
        done = set(s.scalars(select(WorkOrderItem.placement_id).join(WorkOrder, WorkOrder.id == WorkOrderItem.order_id)
                             .where(WorkOrder.veda_period_id == period_id,
                                    WorkOrder.status != OrderStatus.CANCELLED.value)))
        todo = list(s.scalars(select(Placement).where(Placement.id.in_(affected - done)).order_by(Placement.id)))
        if not todo:
            return None
        verb = "Retirar" if order_kind is OrderKind.WITHDRAW else "Cubrir con lona blanca"
        names = dict(s.execute(select(Campaign.id, Campaign.name).where(
            Campaign.id.in_({p.campaign_id for p in todo}))).all())
        items = [ItemData(p.asset_id, p.face, p.id, f"{verb} «{names[p.campaign_id]}» (cara {p.face}) antes del "
                                                     f"inicio de la veda «{period.name}».") for p in todo]
        return _new_order(s, order_kind, crew, veda_withdrawal_due(period.starts_on), items,
                          instructions=f"Veda electoral «{period.name}»: del {dmy(period.starts_on)} al "
                                       f"{dmy(period.election_on)} no puede quedar propaganda gubernamental a la "
                                       "vista, salvo las excepciones de ley.", veda_period_id=period_id).folio


# --- printing -------------------------------------------------------------------------------------------------

def work_orders_pdf(db: Database, order_ids: list[int]) -> bytes:
    """The orders (in the given order) in one PDF: letterhead and paper from the office's settings."""
    from ..db.campaigns import WorkOrder as Order
    from ..documents.work_order_pdf import PrintedItem, PrintedOrder, build_work_orders
    from ..domain.orders import ORDER_STATUS_LABELS
    from .asset_sheets import letterhead
    from .attachments import read_file
    from .office import load_profile

    if not order_ids:
        raise UserError("Elija al menos una orden para imprimir.")
    with db.read() as s:
        kinds = set(s.scalars(select(Order.kind).where(Order.id.in_(order_ids))))
    if OrderKind.EVENT.value in kinds:  # an event-support order is printed from its request
        from .request_documents import event_orders_pdf

        return event_orders_pdf(db, order_ids)
    printed = []
    artworks: dict[int, bytes | None] = {}
    all_items = {order_id: order_items(db, order_id) for order_id in order_ids}
    photos = _newest_photos(db, {i.asset_id for items in all_items.values() for i in items})
    for order_id in order_ids:
        with db.read() as s:
            order = s.get(Order, order_id)
            if order is None:
                raise UserError("Una de las órdenes ya no existe.")
            head = (order.folio, ORDER_KIND_LABELS[OrderKind(order.kind)],
                    ORDER_STATUS_LABELS[OrderStatus(order.status)], order.crew, order.created_on, order.due_on,
                    order.instructions)
        items = []
        for item in all_items[order_id]:
            artwork = None
            if item.artwork_attachment_id is not None:
                if item.artwork_attachment_id not in artworks:
                    with db.read() as s:
                        data = read_file(s, item.artwork_attachment_id)
                    artworks[item.artwork_attachment_id] = data if (sniff_media_type(data) or "").startswith(
                        "image/") else None
                artwork = artworks[item.artwork_attachment_id]
            items.append(PrintedItem(item.folio, item.type_name, item.address, item.locality, item.lat, item.lon,
                                     item.face, item.instructions, photos.get(item.asset_id), artwork))
        printed.append(PrintedOrder(*head, items=items))
    return build_work_orders(printed, letterhead(db), load_profile(db).paper_size)


@dataclass(frozen=True)
class Outlook:
    """For the dashboard: orders due this week and late, and the next (or current) veda with what it affects."""

    due_this_week: int
    late: int
    next_veda: VedaRow | None
    veda_affected: int


def outlook(db: Database, today: date | None = None) -> Outlook:
    from datetime import timedelta

    day = today or date.today()
    week_end = day + timedelta(days=6 - day.weekday())  # through Sunday
    open_orders = list_orders(db, day, include_closed=False)
    due = sum(1 for o in open_orders if day <= o.due_on <= week_end)
    late = sum(1 for o in open_orders if o.late)
    coming = [p for p in list_periods(db) if p.election_on >= day]
    veda = min(coming, key=lambda p: p.starts_on) if coming else None
    affected = len(affected_placements(db, veda.id)) if veda is not None else 0
    return Outlook(due, late, veda, affected)


def restore_after_election(db: Database, period_id: int, crew: str) -> str | None:
    """After election day: one installation order to put back what came down for the veda and still has days to
    run (placements that end after election day), due the day after it. None when there is nothing to put back."""
    from datetime import timedelta

    with db.write("reposición después de la veda") as s:
        period = s.get(VedaPeriod, period_id, with_for_update=True)
        if period is None:
            raise UserError("El periodo de veda ya no existe.")
        taken_down = set(s.scalars(select(WorkOrderItem.placement_id)
                                   .join(WorkOrder, WorkOrder.id == WorkOrderItem.order_id)
                                   .where(WorkOrder.veda_period_id == period_id,
                                          WorkOrder.kind.in_([OrderKind.WITHDRAW.value, OrderKind.COVER.value]),
                                          WorkOrder.status != OrderStatus.CANCELLED.value)))
        restored = set(s.scalars(select(WorkOrderItem.placement_id)
                                 .join(WorkOrder, WorkOrder.id == WorkOrderItem.order_id)
                                 .where(WorkOrder.veda_period_id == period_id,
                                        WorkOrder.kind == OrderKind.INSTALL.value,
                                        WorkOrder.status != OrderStatus.CANCELLED.value)))
        todo = list(s.scalars(select(Placement).where(Placement.id.in_(taken_down - restored),
                                                      Placement.active.is_(True),
                                                      Placement.ends_on > period.election_on)
                              .order_by(Placement.id)))
        if not todo:
            return None
        names = dict(s.execute(select(Campaign.id, Campaign.name).where(
            Campaign.id.in_({p.campaign_id for p in todo}))).all())
        items = [ItemData(p.asset_id, p.face, p.id, f"Reponer «{names[p.campaign_id]}» (cara {p.face}) hasta el "
                                                     f"{dmy(p.ends_on)}.") for p in todo]
        return _new_order(s, OrderKind.INSTALL, crew, period.election_on + timedelta(days=1), items,
                          instructions=f"Terminó la veda «{period.name}» el {dmy(period.election_on)}: reponer lo "
                                       "que se retiró o cubrió y sigue vigente.", veda_period_id=period_id).folio


def _newest_photos(db: Database, asset_ids: set[int]) -> dict[int, bytes]:
    """Each asset's newest photo as a thumbnail, read in a few queries (a batch of orders has thousands of assets);
    every attachment is read once and checked against the hash recorded for the asset's photo."""
    from ..db.inventory import AssetPhoto
    from ..db.models import Attachment

    newest: dict[int, tuple[int, str]] = {}
    ids = sorted(asset_ids)
    with db.read() as s:
        for start in range(0, len(ids), 900):  # SQLite's limit on bound parameters
            for asset_id, attachment_id, sha in s.execute(
                    select(AssetPhoto.asset_id, AssetPhoto.attachment_id, AssetPhoto.sha256)
                    .where(AssetPhoto.asset_id.in_(ids[start:start + 900]))
                    .order_by(AssetPhoto.taken_at.desc(), AssetPhoto.id.desc())):
                newest.setdefault(asset_id, (attachment_id, sha))
        thumbnails: dict[int, bytes] = {}
        for attachment_id, sha in set(newest.values()):
            row = s.execute(select(Attachment.thumbnail, Attachment.sha256).where(Attachment.id == attachment_id)
                            ).one_or_none()
            if row is not None and row.sha256 == sha and row.thumbnail:
                thumbnails[attachment_id] = bytes(row.thumbnail)
    return {asset_id: thumbnails[a] for asset_id, (a, _sha) in newest.items() if a in thumbnails}
