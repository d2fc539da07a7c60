"""The office's relationship with the press: outlets, journalists (with the outlets they worked for), distribution
lists, the monitoring log and the press releases (boletines)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base, Versioned


class MediaOutlet(Versioned, Base):
    __tablename__ = "media_outlet"
    __audit_name__ = "medio de comunicación"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False, unique=True)
    medium: Mapped[str] = mapped_column(String(20), nullable=False)  # domain.media.MEDIA
    coverage: Mapped[str] = mapped_column(String(20), nullable=False)  # domain.media.COVERAGE
    website: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    social: Mapped[str] = mapped_column(Text, nullable=False, default="")  # one account per line
    address: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    phone: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")
    active: Mapped[bool] = mapped_column(nullable=False, default=True)


class MediaContact(Versioned, Base):
    """A journalist or editor. ``outlet_id`` is where the person works now; media_contact_outlet keeps the rest."""

    __tablename__ = "media_contact"
    __audit_name__ = "contacto de prensa"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    name_key: Mapped[str] = mapped_column(String(200), nullable=False, index=True)  # domain.media.name_key
    outlet_id: Mapped[int | None] = mapped_column(ForeignKey("media_outlet.id"), index=True)
    role: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    beats: Mapped[str] = mapped_column(String(300), nullable=False, default="")  # folded, comma separated
    phone: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    phone_key: Mapped[str] = mapped_column(String(10), nullable=False, default="", index=True)
    phone2: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    phone2_key: Mapped[str] = mapped_column(String(10), nullable=False, default="", index=True)
    email: Mapped[str] = mapped_column(String(254), nullable=False, default="", index=True)
    messaging: Mapped[str] = mapped_column(String(120), nullable=False, default="")  # WhatsApp/Telegram/handle
    preferred_channel: Mapped[str] = mapped_column(String(20), nullable=False, default="")
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")
    do_not_contact: Mapped[bool] = mapped_column(nullable=False, default=False)
    dnc_since: Mapped[date | None] = mapped_column(Date)
    dnc_reason: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    # Merged duplicates stay (inactive) and point at the record that absorbed them.
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("media_contact.id"))
    active: Mapped[bool] = mapped_column(nullable=False, default=True)


class MediaContactOutlet(Base):
    """One stretch of a person at an outlet (ended_on empty: still there)."""

    __tablename__ = "media_contact_outlet"
    __audit_name__ = "historial de medio del contacto"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("media_contact.id"), nullable=False, index=True)
    outlet_id: Mapped[int] = mapped_column(ForeignKey("media_outlet.id"), nullable=False, index=True)
    role: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    started_on: Mapped[date] = mapped_column(Date, nullable=False)
    ended_on: Mapped[date | None] = mapped_column(Date)


class DistributionList(Versioned, Base):
    __tablename__ = "distribution_list"
    __audit_name__ = "lista de distribución"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(150), nullable=False, unique=True)
    kind: Mapped[str] = mapped_column(String(10), nullable=False, default="fija")  # fija | busqueda
    criteria: Mapped[str] = mapped_column(Text, nullable=False, default="{}")  # JSON of domain.media.ListCriteria
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")
    active: Mapped[bool] = mapped_column(nullable=False, default=True)


class DistributionListMember(Base):
    __tablename__ = "distribution_list_member"
    __audit_name__ = "integrante de lista"
    __table_args__ = (UniqueConstraint("list_id", "contact_id", name="uq_distribution_list_member_list_contact"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    list_id: Mapped[int] = mapped_column(ForeignKey("distribution_list.id"), nullable=False, index=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("media_contact.id"), nullable=False, index=True)


class PressRelease(Versioned, Base):
    """A boletín: number (BOL-2026-014), date, title, text or a file, who it is about, where it was sent."""

    __tablename__ = "press_release"
    __audit_name__ = "boletín"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(30), nullable=False, unique=True)
    issued_on: Mapped[date] = mapped_column(Date, nullable=False, index=True)
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    body: Mapped[str] = mapped_column(Text, nullable=False, default="")
    attachment_id: Mapped[int | None] = mapped_column(ForeignKey("attachment.id"))
    sha256: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"), index=True)
    list_id: Mapped[int | None] = mapped_column(ForeignKey("distribution_list.id"), index=True)
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaign.id"), index=True)
    event_request_id: Mapped[int | None] = mapped_column(ForeignKey("event_request.id"), index=True)  # the event
    active: Mapped[bool] = mapped_column(nullable=False, default=True)


class MonitoringEntry(Versioned, Base):
    """One published piece about the municipality: what, where, when, who, in which tone."""

    __tablename__ = "monitoring_entry"
    __audit_name__ = "nota de monitoreo"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    published_at: Mapped[datetime] = mapped_column(DateTime(timezone=False), nullable=False, index=True)
    outlet_id: Mapped[int] = mapped_column(ForeignKey("media_outlet.id"), nullable=False, index=True)
    medium: Mapped[str] = mapped_column(String(20), nullable=False)
    section: Mapped[str] = mapped_column(String(150), nullable=False, default="")  # sección o programa
    headline: Mapped[str] = mapped_column(String(400), nullable=False)
    link: Mapped[str] = mapped_column(String(1000), nullable=False, default="")
    author: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    genre: Mapped[str] = mapped_column(String(20), nullable=False, default="nota")
    topic: Mapped[str] = mapped_column(String(150), nullable=False, default="", index=True)
    officials: Mapped[str] = mapped_column(String(400), nullable=False, default="")  # names, comma separated
    tone: Mapped[str] = mapped_column(String(10), nullable=False, default="neutral")
    reach: Mapped[int | None] = mapped_column(Integer)
    clipping_id: Mapped[int | None] = mapped_column(ForeignKey("attachment.id"))
    clipping_sha256: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    in_summary: Mapped[bool] = mapped_column(nullable=False, default=True)
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")
    press_release_id: Mapped[int | None] = mapped_column(ForeignKey("press_release.id"), index=True)
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaign.id"), index=True)
    event_request_id: Mapped[int | None] = mapped_column(ForeignKey("event_request.id"), index=True)
    active: Mapped[bool] = mapped_column(nullable=False, default=True)


class MonitoringDepartment(Base):
    """A department mentioned by a monitoring entry."""

    __tablename__ = "monitoring_department"
    __audit_name__ = "dependencia mencionada"
    __table_args__ = (UniqueConstraint("entry_id", "department_id", name="uq_monitoring_department_entry_dept"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("monitoring_entry.id"), nullable=False, index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"), nullable=False, index=True)
