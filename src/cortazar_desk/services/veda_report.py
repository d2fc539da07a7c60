"""The veda compliance report: per asset, what had to come down, the order that took it down and the dated
evidence; and the office's official channels with their checklist. PDF and Excel from the same rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select

from ..db.campaigns import OfficialChannel, VedaPeriod, WorkOrder, WorkOrderEvidence, WorkOrderItem
from ..domain.orders import EVIDENCE_VIEWS, ORDER_KIND_LABELS, ORDER_STATUS_LABELS, OrderKind, OrderStatus
from ..domain.text import clean_text
from .database import Database
from .errors import UserError, ValidationError
from .work_orders import affected_placements


@dataclass(frozen=True)
class ComplianceRow:
    folio: str  # the asset's
    campaign: str
    placed_from: date
    placed_to: date
    order: str  # folio, or "" when no order was made
    action: str
    status: str
    evidence: str  # "Acercamiento 28/03/2027 10:15; Vista de aproximación ..." or ""
    done: bool


@dataclass(frozen=True)
class ComplianceReport:
    period: str
    starts_on: date
    election_on: date
    rows: list[ComplianceRow]
    channels: list[tuple[str, str, str]]  # name, kind, address

    @property
    def pending(self) -> int:
        return sum(1 for r in self.rows if not r.done)


def compliance(db: Database, period_id: int) -> ComplianceReport:
    affected = affected_placements(db, period_id)
    with db.read() as s:
        period = s.get(VedaPeriod, period_id)
        if period is None:
            raise UserError("El periodo de veda ya no existe.")
        orders = {pid: (folio, kind, status, order_id, asset_id) for pid, folio, kind, status, order_id, asset_id in
                  s.execute(select(WorkOrderItem.placement_id, WorkOrder.folio, WorkOrder.kind, WorkOrder.status,
                                   WorkOrder.id, WorkOrderItem.asset_id)
                            .join(WorkOrder, WorkOrder.id == WorkOrderItem.order_id)
                            .where(WorkOrder.veda_period_id == period_id,
                                   WorkOrder.status != OrderStatus.CANCELLED.value))}
        evidence: dict[tuple[int, int], list[tuple[str, datetime]]] = {}
        for order_id, asset_id, view, taken in s.execute(
                select(WorkOrderEvidence.order_id, WorkOrderEvidence.asset_id, WorkOrderEvidence.view,
                       WorkOrderEvidence.taken_at).order_by(WorkOrderEvidence.taken_at)):
            evidence.setdefault((order_id, asset_id), []).append((view, taken))
        channels = [(n, k, a) for n, k, a in s.execute(select(OfficialChannel.name, OfficialChannel.kind,
                                                              OfficialChannel.address)
                                                       .where(OfficialChannel.active.is_(True))
                                                       .order_by(OfficialChannel.name))]
        name, starts, election = period.name, period.starts_on, period.election_on
    rows = []
    for placement_id, folio, campaign, placed_from, placed_to in affected:
        found = orders.get(placement_id)
        if found is None:
            rows.append(ComplianceRow(folio, campaign, placed_from, placed_to, "", "Sin orden", "Pendiente", "",
                                      False))
            continue
        order_folio, kind, status, order_id, asset_id = found
        photos = evidence.get((order_id, asset_id), [])
        shown = "; ".join(f"{EVIDENCE_VIEWS.get(v, v)} {t:%d/%m/%Y %H:%M}" for v, t in photos)
        rows.append(ComplianceRow(folio, campaign, placed_from, placed_to, order_folio,
                                  ORDER_KIND_LABELS[OrderKind(kind)], ORDER_STATUS_LABELS[OrderStatus(status)], shown,
                                  status == OrderStatus.DONE.value))
    return ComplianceReport(name, starts, election, rows, channels)


def compliance_pdf(db: Database, period_id: int) -> bytes:
    from ..documents.veda_report_pdf import build_compliance_pdf
    from .asset_sheets import letterhead
    from .office import load_profile

    return build_compliance_pdf(compliance(db, period_id), letterhead(db), load_profile(db).paper_size)


def compliance_workbook(db: Database, period_id: int, path: Path) -> int:
    from ..documents.workbooks import Column, SheetData, write_workbook

    report = compliance(db, period_id)
    rows = [[r.folio, r.campaign, r.placed_from, r.placed_to, r.order, r.action, r.status, r.evidence,
             "Sí" if r.done else "No"] for r in report.rows]
    main = SheetData("Cumplimiento", [
        Column("Anuncio", 11), Column("Campaña", 30), Column("Colocada desde", 13, "DD/MM/YYYY"),
        Column("Colocada hasta", 13, "DD/MM/YYYY"), Column("Orden", 14), Column("Acción", 22), Column("Estado", 12),
        Column("Evidencia (fotos con fecha)", 50), Column("Cumplido", 10)], rows, 8, {"Sí": "D8F0DC", "No": "F8D0CC"})
    channels = SheetData("Canales oficiales", [
        Column("Canal", 30), Column("Tipo", 14), Column("Dirección o cuenta", 40),
        Column("Publicidad suspendida (sí/no)", 16), Column("Solo contenido exento (sí/no)", 16)],
        [[n, k, a, "", ""] for n, k, a in report.channels])
    write_workbook(path, [main, channels])
    return len(rows)


def add_channel(db: Database, name: str, kind: str, address: str) -> int:
    title = clean_text(name)
    if not title:
        raise ValidationError("Escriba el nombre del canal (por ejemplo «Facebook del Gobierno Municipal»).")
    with db.write("canal oficial") as s:
        if s.scalars(select(OfficialChannel.id).where(OfficialChannel.name == title[:150])).first() is not None:
            raise ValidationError(f"El canal «{title}» ya está en la lista.")
        channel = OfficialChannel(name=title[:150], kind=clean_text(kind)[:30] or "otro",
                                  address=clean_text(address)[:300])
        s.add(channel)
        s.flush()
        return channel.id


def channels(db: Database) -> list[tuple[int, str, str, str, int]]:
    with db.read() as s:
        return [(i, n, k, a, v) for i, n, k, a, v in s.execute(
            select(OfficialChannel.id, OfficialChannel.name, OfficialChannel.kind, OfficialChannel.address,
                   OfficialChannel.version).where(OfficialChannel.active.is_(True)).order_by(OfficialChannel.name))]


def remove_channel(db: Database, channel_id: int, shown_version: int) -> None:
    from ..domain.labels import FIELDS
    from .records import save_versioned

    save_versioned(db, OfficialChannel, channel_id, shown_version, {"active": False}, FIELDS["official_channel"],
                   reason="canal retirado de la lista")
