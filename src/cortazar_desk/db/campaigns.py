"""Campaigns and what the office prints for them: departments, campaigns with their art. 134 sign-off and cost,
artwork, placements on asset faces, work orders (one kind for every order the office prints) with their items and
evidence photos, and the electoral blackout periods (veda)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, DateTime, ForeignKey, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base, Versioned


class Department(Versioned, Base):
    """A municipal department (dependencia) that asks for campaigns and event support."""

    __tablename__ = "department"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(150), nullable=False, unique=True)
    active: Mapped[bool] = mapped_column(nullable=False, default=True)
    # The liaison (enlace) the department sends requests through; copied onto each request, where it can change.
    liaison_name: Mapped[str] = mapped_column(String(150), nullable=False, default="", server_default="")
    liaison_phone: Mapped[str] = mapped_column(String(60), nullable=False, default="", server_default="")
    liaison_email: Mapped[str] = mapped_column(String(150), nullable=False, default="", server_default="")


class Campaign(Versioned, Base):
    __tablename__ = "campaign"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"), index=True)
    topic: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    kind: Mapped[str] = mapped_column(String(20), nullable=False, default="campana")  # campana | aviso
    starts_on: Mapped[date] = mapped_column(Date, nullable=False)
    ends_on: Mapped[date] = mapped_column(Date, nullable=False)
    # normal, or the exception that lets it run during a veda (domain.veda.VedaClass)
    veda_class: Mapped[str] = mapped_column(String(30), nullable=False, default="normal")
    ine_agreement: Mapped[str] = mapped_column(String(80), nullable=False, default="")
    report_date: Mapped[date | None] = mapped_column(Date)  # the annual report's date (informe de labores)
    # Art. 134 checklist: confirmed and signed off by a person's name; kept with the date.
    art134_signed_by: Mapped[str] = mapped_column(String(150), nullable=False, default="")
    art134_signed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    provider: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    contract_number: Mapped[str] = mapped_column(String(80), nullable=False, default="")
    amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    invoice: Mapped[str] = mapped_column(String(80), nullable=False, default="")
    budget_line: Mapped[str] = mapped_column(String(40), nullable=False, default="")  # partida presupuestal
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")
    active: Mapped[bool] = mapped_column(nullable=False, default=True)


class CampaignArtwork(Base):
    __tablename__ = "campaign_artwork"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"), nullable=False, index=True)
    attachment_id: Mapped[int] = mapped_column(ForeignKey("attachment.id"), nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    caption: Mapped[str] = mapped_column(String(200), nullable=False, default="")


class Placement(Versioned, Base):
    """A campaign on one face of one asset for a date range (both days included)."""

    __tablename__ = "placement"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"), nullable=False, index=True)
    asset_id: Mapped[int] = mapped_column(ForeignKey("asset.id"), nullable=False, index=True)
    face: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    starts_on: Mapped[date] = mapped_column(Date, nullable=False, index=True)
    ends_on: Mapped[date] = mapped_column(Date, nullable=False, index=True)
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")
    active: Mapped[bool] = mapped_column(nullable=False, default=True)  # False: cancelled (kept, never deleted)


class WorkOrder(Versioned, Base):
    """Every order the office prints (placements, veda withdrawals, event support): one folio series."""

    __tablename__ = "work_order"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    folio: Mapped[str] = mapped_column(String(20), nullable=False, unique=True)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)  # domain.orders.OrderKind
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="pendiente")
    crew: Mapped[str] = mapped_column(String(150), nullable=False, default="")
    due_on: Mapped[date] = mapped_column(Date, nullable=False, index=True)
    instructions: Mapped[str] = mapped_column(Text, nullable=False, default="")
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaign.id"), index=True)
    veda_period_id: Mapped[int | None] = mapped_column(ForeignKey("veda_period.id"), index=True)
    created_on: Mapped[date] = mapped_column(Date, nullable=False)
    closed_on: Mapped[date | None] = mapped_column(Date)
    cancel_reason: Mapped[str] = mapped_column(String(300), nullable=False, default="")


class WorkOrderItem(Base):
    """One asset (face) in an order, with what to do there."""

    __tablename__ = "work_order_item"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("work_order.id"), nullable=False, index=True)
    asset_id: Mapped[int] = mapped_column(ForeignKey("asset.id"), nullable=False, index=True)
    placement_id: Mapped[int | None] = mapped_column(ForeignKey("placement.id"), index=True)
    face: Mapped[int | None] = mapped_column(Integer)
    instructions: Mapped[str] = mapped_column(Text, nullable=False, default="")


class WorkOrderEvidence(Base):
    """A dated photo proving the work: a close-up and an approach view per asset close an order."""

    __tablename__ = "work_order_evidence"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("work_order.id"), nullable=False, index=True)
    asset_id: Mapped[int] = mapped_column(ForeignKey("asset.id"), nullable=False, index=True)
    view: Mapped[str] = mapped_column(String(20), nullable=False)  # cerca | aproximacion
    attachment_id: Mapped[int] = mapped_column(ForeignKey("attachment.id"), nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    taken_at: Mapped[datetime] = mapped_column(DateTime(timezone=False), nullable=False)


class VedaPeriod(Versioned, Base):
    """An electoral blackout: from the first campaign start covering the municipality (day 0) to election day."""

    __tablename__ = "veda_period"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)  # federal | estatal | municipal | consulta
    starts_on: Mapped[date] = mapped_column(Date, nullable=False)
    election_on: Mapped[date] = mapped_column(Date, nullable=False)
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")
    active: Mapped[bool] = mapped_column(nullable=False, default=True)


class OfficialChannel(Versioned, Base):
    """The office's own channels (website, social network accounts): in a veda they are checked too."""

    __tablename__ = "official_channel"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(150), nullable=False, unique=True)
    kind: Mapped[str] = mapped_column(String(30), nullable=False, default="red social")  # sitio web | red social | otro
    address: Mapped[str] = mapped_column(String(300), nullable=False, default="")  # URL or account handle
    active: Mapped[bool] = mapped_column(nullable=False, default=True)
