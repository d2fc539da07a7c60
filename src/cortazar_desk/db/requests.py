"""Event-support requests from departments: the services the office offers, its staff and equipment, the holidays
it does not work, the requests with their services, assignments, history and evidence, and the traditional events
that come back every year."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import Date, DateTime, Float, ForeignKey, Index, Integer, String, Text, Time
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base, Versioned


class SupportService(Versioned, Base):
    """A service the office offers at events (photo coverage, live stream, perifoneo...)."""

    __tablename__ = "support_service"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(150), nullable=False, unique=True)
    # Working days the office needs between receiving a request and the event.
    min_notice_days: Mapped[int] = mapped_column(Integer, nullable=False, default=3)
    active: Mapped[bool] = mapped_column(nullable=False, default=True)


class StaffMember(Versioned, Base):
    __tablename__ = "staff_member"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(150), nullable=False, unique=True)
    role: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    phone: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    active: Mapped[bool] = mapped_column(nullable=False, default=True)


class Equipment(Versioned, Base):
    __tablename__ = "equipment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(150), nullable=False, unique=True)
    kind: Mapped[str] = mapped_column(String(60), nullable=False, default="")  # cámara, transmisión, sonido, vehículo
    active: Mapped[bool] = mapped_column(nullable=False, default=True)


class Holiday(Base):
    """A day the office does not work: it does not count toward a service's notice."""

    __tablename__ = "holiday"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date, nullable=False, unique=True)
    name: Mapped[str] = mapped_column(String(150), nullable=False, default="")


class CalendarSettings(Versioned, Base):
    """Office-wide calendar rules. One row (id 1)."""

    __tablename__ = "calendar_settings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Time a person or piece of equipment needs between events in different localities.
    travel_margin_minutes: Mapped[int] = mapped_column(Integer, nullable=False, default=30)


class TraditionalEvent(Versioned, Base):
    """A yearly event: a fixed date, a date relative to Easter, or the nth weekday of a month (domain.recurrence)."""

    __tablename__ = "traditional_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    rule: Mapped[str] = mapped_column(String(20), nullable=False)  # fija | pascua | dia_semana
    month: Mapped[int | None] = mapped_column(Integer)
    day: Mapped[int | None] = mapped_column(Integer)
    easter_offset: Mapped[int | None] = mapped_column(Integer)
    weekday: Mapped[int | None] = mapped_column(Integer)  # 0 = Monday
    nth: Mapped[int | None] = mapped_column(Integer)  # 1..4, or -1 for the last
    duration_days: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    # Usual hours on its (first) day; an end at or before the start is past midnight (the Grito, 21:00 to 00:30).
    starts_at_time: Mapped[time] = mapped_column(Time, nullable=False, default=time(10))
    ends_at_time: Mapped[time] = mapped_column(Time, nullable=False, default=time(14))
    place: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    locality_id: Mapped[int | None] = mapped_column(ForeignKey("locality.id"))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")
    active: Mapped[bool] = mapped_column(nullable=False, default=True)


class EventRequest(Versioned, Base):
    """A department's request for support at one event."""

    __tablename__ = "event_request"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    folio: Mapped[str] = mapped_column(String(20), nullable=False, unique=True)
    received_on: Mapped[date] = mapped_column(Date, nullable=False)
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"), nullable=False, index=True)
    liaison_name: Mapped[str] = mapped_column(String(150), nullable=False, default="")
    liaison_phone: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    liaison_email: Mapped[str] = mapped_column(String(150), nullable=False, default="")
    event_name: Mapped[str] = mapped_column(String(200), nullable=False)
    event_type: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=False), nullable=False, index=True)
    ends_at: Mapped[datetime] = mapped_column(DateTime(timezone=False), nullable=False, index=True)
    place: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    locality_id: Mapped[int | None] = mapped_column(ForeignKey("locality.id"))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    attendance: Mapped[int | None] = mapped_column(Integer)
    presided_by: Mapped[str] = mapped_column(String(150), nullable=False, default="")
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="recibida", index=True)
    rejection_reason: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    traditional_event_id: Mapped[int | None] = mapped_column(ForeignKey("traditional_event.id"))
    work_order_id: Mapped[int | None] = mapped_column(ForeignKey("work_order.id"))


class RequestService(Base):
    """A service asked for in a request, with its details."""

    __tablename__ = "request_service"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("event_request.id"), nullable=False, index=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("support_service.id"), nullable=False, index=True)
    details: Mapped[str] = mapped_column(Text, nullable=False, default="")


class Assignment(Base):
    """A person or a piece of equipment given to one service of a request, for the event's hours (copied here so
    conflicts are found with one indexed range query)."""

    __tablename__ = "assignment"
    __table_args__ = (
        Index("ix_assignment_staff_time", "staff_id", "starts_at"),
        Index("ix_assignment_equipment_time", "equipment_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_service_id: Mapped[int] = mapped_column(ForeignKey("request_service.id"), nullable=False, index=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("event_request.id"), nullable=False, index=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id"))
    equipment_id: Mapped[int | None] = mapped_column(ForeignKey("equipment.id"))
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=False), nullable=False)
    ends_at: Mapped[datetime] = mapped_column(DateTime(timezone=False), nullable=False)
    locality_id: Mapped[int | None] = mapped_column(ForeignKey("locality.id"))


class RequestStatusChange(Base):
    """Each step of a request's workflow, dated, with who made it."""

    __tablename__ = "request_status_change"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("event_request.id"), nullable=False, index=True)
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=False), nullable=False)
    changed_by: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    note: Mapped[str] = mapped_column(String(300), nullable=False, default="")


class RequestEvidence(Base):
    """Where the coverage can be seen: the photo folder, a published post, the press release."""

    __tablename__ = "request_evidence"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("event_request.id"), nullable=False, index=True)
    kind: Mapped[str] = mapped_column(String(30), nullable=False)  # domain.requests.EVIDENCE_KINDS
    link: Mapped[str] = mapped_column(String(500), nullable=False)
    noted_on: Mapped[date] = mapped_column(Date, nullable=False)


class RequestAttachment(Base):
    """A file that came with the request (the signed letter, the programme)."""

    __tablename__ = "request_attachment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("event_request.id"), nullable=False, index=True)
    attachment_id: Mapped[int] = mapped_column(ForeignKey("attachment.id"), nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    caption: Mapped[str] = mapped_column(String(200), nullable=False, default="")
