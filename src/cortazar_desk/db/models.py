"""Tables of the foundation. Later areas add their own modules of models on the same ``Base``.

Every editable table mixes in ``Versioned``: a NOT NULL version column that SQLAlchemy checks on every UPDATE
(``version_id_col``), so a save based on stale data fails instead of silently overwriting another workstation.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

# Named constraints keep Alembic's batch mode on SQLite and the PostgreSQL schema identical.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Versioned:
    """Optimistic concurrency and "who changed it last" for an editable table."""

    # Columns left out of audit rows (binary content, bookkeeping).
    __audit_exclude__: frozenset[str] = frozenset({"updated_at", "updated_by", "updated_on"})

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_by: Mapped[str | None] = mapped_column(String(120))
    updated_on: Mapped[str | None] = mapped_column(String(120))

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, object]:  # noqa: N805 - SQLAlchemy declared_attr signature
        return {"version_id_col": cls.version}


class OfficeProfile(Versioned, Base):
    """The office's own data for printed documents and shared rules. One row (id 1)."""

    __tablename__ = "office_profile"
    __audit_name__ = "perfil de la oficina"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    office_name: Mapped[str] = mapped_column(String(200), nullable=False)
    municipality: Mapped[str] = mapped_column(String(200), nullable=False)
    address: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    phone: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    logo_attachment_id: Mapped[int | None] = mapped_column(ForeignKey("attachment.id"))
    # Days before a document's expiry when it starts counting as "por vencer".
    expiry_warning_days: Mapped[int] = mapped_column(Integer, nullable=False, default=30)
    is_demo: Mapped[bool] = mapped_column(nullable=False, default=False)
    # Paper for printed documents: "carta" (Letter), "oficio" or "a4".
    paper_size: Mapped[str] = mapped_column(String(10), nullable=False, default="carta", server_default="carta")


class Attachment(Base):
    """A file stored in the database so every workstation and every backup has it.

    Immutable once written: identified by the SHA-256 of its bytes, verified again whenever it is read.
    """

    __tablename__ = "attachment"
    __audit_name__ = "archivo adjunto"
    __audit_exclude__ = frozenset({"data", "thumbnail"})

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    media_type: Mapped[str] = mapped_column(String(60), nullable=False)
    size: Mapped[int] = mapped_column(BigInteger, nullable=False)
    original_name: Mapped[str] = mapped_column(String(255), nullable=False, default="")
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    taken_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=False))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    created_by: Mapped[str] = mapped_column(String(120), nullable=False)
    data: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    thumbnail: Mapped[bytes | None] = mapped_column(LargeBinary)


class FolioCounter(Base):
    """Last number handed out per folio series and period (a year, or '' for series without year)."""

    __tablename__ = "folio_counter"
    __table_args__ = (UniqueConstraint("series", "period", name="uq_folio_counter_series_period"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    series: Mapped[str] = mapped_column(String(10), nullable=False)
    period: Mapped[str] = mapped_column(String(10), nullable=False)
    last_value: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class AuditLog(Base):
    """Append-only history of every change, each row chained to the previous one by hash.

    ``id`` is assigned by the audit hook (head + 1) while it holds the chain's lock, so ids follow the chain.
    Database triggers refuse UPDATE and DELETE on this table.
    """

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_object_type_id", "object_type", "id"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(32), nullable=False)  # UTC, ISO 8601: hashed exactly as stored
    who: Mapped[str] = mapped_column(String(120), nullable=False)
    workstation: Mapped[str] = mapped_column(String(120), nullable=False)
    action: Mapped[str] = mapped_column(String(20), nullable=False)
    # Indexed with ``id`` (ix_audit_log_object_type_id, below): one table's newest change is one index step.
    object_type: Mapped[str] = mapped_column(String(60), nullable=False)
    object_id: Mapped[str] = mapped_column(String(60), nullable=False, index=True)
    changes: Mapped[str] = mapped_column(Text, nullable=False)  # canonical JSON {field: {old, new}}
    reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    prev_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    hash: Mapped[str] = mapped_column(String(64), nullable=False)


class AuditHead(Base):
    """One row: the chain's last id and hash. Locking it serializes audit writers on PostgreSQL."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_id: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)
    last_hash: Mapped[str] = mapped_column(String(64), nullable=False)
