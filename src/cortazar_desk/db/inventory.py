"""Tables of the inventory of advertising assets."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, DateTime, Float, ForeignKey, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base, Versioned


class AssetType(Versioned, Base):
    """Espectacular, barda, lona... editable by the office; the code is the folio prefix (ESP-001)."""

    __tablename__ = "asset_type"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(5), nullable=False, unique=True)
    name: Mapped[str] = mapped_column(String(80), nullable=False, unique=True)
    default_validity_days: Mapped[int] = mapped_column(Integer, nullable=False)
    sort_order: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    active: Mapped[bool] = mapped_column(nullable=False, default=True)


class RequirementRule(Versioned, Base):
    """Which documents an asset of a type and ownership needs; ownership "*" is the type's general rule."""

    __tablename__ = "requirement_rule"
    __table_args__ = (UniqueConstraint("type_code", "ownership", name="uq_requirement_rule_type_ownership"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    type_code: Mapped[str] = mapped_column(String(5), nullable=False)
    ownership: Mapped[str] = mapped_column(String(20), nullable=False)
    kinds: Mapped[str] = mapped_column(String(200), nullable=False, default="")  # comma-separated DocumentKind


class ReferenceLayer(Versioned, Base):
    """A GeoJSON layer the office loaded: the municipal boundary or the localities."""

    __tablename__ = "reference_layer"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), nullable=False, unique=True)  # "boundary" | "localities"
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    source_name: Mapped[str] = mapped_column(String(255), nullable=False, default="")
    geojson: Mapped[str] = mapped_column(Text, nullable=False)
    loaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)


class Locality(Versioned, Base):
    __tablename__ = "locality"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(150), nullable=False, unique=True)
    code: Mapped[str] = mapped_column(String(20), nullable=False, default="")  # INEGI cvegeo when known
    population: Mapped[int | None] = mapped_column(Integer)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    geometry: Mapped[str] = mapped_column(Text, nullable=False, default="")  # GeoJSON geometry, "" when none
    active: Mapped[bool] = mapped_column(nullable=False, default=True)


class Asset(Versioned, Base):
    """An advertising asset. ``id`` never changes; the folio may, with its history kept in asset_folio."""

    __tablename__ = "asset"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    folio: Mapped[str] = mapped_column(String(20), nullable=False, unique=True)
    type_id: Mapped[int] = mapped_column(ForeignKey("asset_type.id"), nullable=False, index=True)
    faces: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    width_m: Mapped[Decimal | None] = mapped_column(Numeric(8, 2))
    height_m: Mapped[Decimal | None] = mapped_column(Numeric(8, 2))
    total_height_m: Mapped[Decimal | None] = mapped_column(Numeric(8, 2))
    illumination: Mapped[str] = mapped_column(String(20), nullable=False, default="ninguna")
    material: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    street: Mapped[str] = mapped_column(String(150), nullable=False, default="")
    number: Mapped[str] = mapped_column(String(30), nullable=False, default="")
    colonia: Mapped[str] = mapped_column(String(150), nullable=False, default="")
    locality_id: Mapped[int | None] = mapped_column(ForeignKey("locality.id"), index=True)
    postal_code: Mapped[str] = mapped_column(String(10), nullable=False, default="")
    cross_streets: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    reference: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    orientation: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    owner_name: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    owner_phone: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    owner_email: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    ownership: Mapped[str] = mapped_column(String(20), nullable=False, default="municipal")
    condition: Mapped[str] = mapped_column(String(20), nullable=False, default="bueno")
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")
    active: Mapped[bool] = mapped_column(nullable=False, default=True)
    inactive_reason: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    inactive_on: Mapped[date | None] = mapped_column(Date)


class AssetFolio(Base):
    """Every folio an asset has carried: a folio is never given to another asset, not even after a change."""

    __tablename__ = "asset_folio"
    __audit_name__ = "folio de anuncio"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    asset_id: Mapped[int] = mapped_column(ForeignKey("asset.id"), nullable=False, index=True)
    folio: Mapped[str] = mapped_column(String(20), nullable=False, unique=True)
    assigned_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)


class AssetDocument(Versioned, Base):
    """A permit or another dated document of an asset, with its scanned file."""

    __tablename__ = "asset_document"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    asset_id: Mapped[int] = mapped_column(ForeignKey("asset.id"), nullable=False, index=True)
    kind: Mapped[str] = mapped_column(String(30), nullable=False)
    number: Mapped[str] = mapped_column(String(80), nullable=False, default="")
    issuer: Mapped[str] = mapped_column(String(150), nullable=False, default="")
    issued_on: Mapped[date | None] = mapped_column(Date)
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date, index=True)
    fee: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    receipt: Mapped[str] = mapped_column(String(80), nullable=False, default="")
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")
    attachment_id: Mapped[int | None] = mapped_column(ForeignKey("attachment.id"))
    active: Mapped[bool] = mapped_column(nullable=False, default=True)


class AssetPhoto(Base):
    __tablename__ = "asset_photo"
    __table_args__ = (UniqueConstraint("asset_id", "attachment_id", name="uq_asset_photo_asset_attachment"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    asset_id: Mapped[int] = mapped_column(ForeignKey("asset.id"), nullable=False, index=True)
    attachment_id: Mapped[int] = mapped_column(ForeignKey("attachment.id"), nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)  # checked on display: never the wrong photo
    taken_at: Mapped[datetime] = mapped_column(DateTime(timezone=False), nullable=False)
    caption: Mapped[str] = mapped_column(String(200), nullable=False, default="")
