"""Tablero: counts by type and permit status, and the documents that expire soon or already did."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from ..db.inventory import Asset, AssetDocument, AssetType
from ..domain.permits import DOCUMENT_LABELS, DocumentKind, PermitStatus
from .assets import list_assets_cached
from .database import Database

WINDOWS = (7, 15, 30)


@dataclass(frozen=True)
class ExpiringDocument:
    asset_id: int
    folio: str
    type_name: str
    address: str
    document: str
    number: str
    valid_until: date
    days_left: int  # negative: expired that many days ago


@dataclass(frozen=True)
class Dashboard:
    counts: dict[str, Counter[PermitStatus]]  # type name -> status -> active assets
    expiring: list[ExpiringDocument]  # expired, and due within the widest window; soonest first

    def within(self, days: int) -> list[ExpiringDocument]:
        return [d for d in self.expiring if 0 <= d.days_left <= days]

    def expired(self) -> list[ExpiringDocument]:
        return [d for d in self.expiring if d.days_left < 0]


def dashboard(db: Database, today: date | None = None) -> Dashboard:
    day = today or date.today()
    counts: dict[str, Counter[PermitStatus]] = {}
    for row in list_assets_cached(db, day):  # refreshed after every save: kept, or patched, while it can be
        if not row.active:
            continue
        counts.setdefault(row.type_name, Counter())[row.status.status] += 1
    horizon = day + timedelta(days=max(WINDOWS))
    with db.read() as s:
        docs = s.execute(
            select(AssetDocument.asset_id, Asset.folio, AssetType.name, Asset.street, Asset.number,
                   AssetDocument.kind, AssetDocument.number, AssetDocument.valid_until)
            .join(Asset, Asset.id == AssetDocument.asset_id)
            .join(AssetType, AssetType.id == Asset.type_id)
            .where(AssetDocument.active.is_(True), Asset.active.is_(True), AssetDocument.valid_until.is_not(None))
        ).all()
    # A renewal supersedes the old document: keep the latest of each kind per asset.
    latest: dict[tuple[int, str], ExpiringDocument] = {}
    for asset_id, folio, type_name, street, number, kind, doc_number, until in docs:
        key = (asset_id, kind)
        if until is None or key in latest and latest[key].valid_until >= until:
            continue
        latest[key] = ExpiringDocument(asset_id, folio, type_name, f"{street} {number}".strip(),
                                       DOCUMENT_LABELS.get(DocumentKind(kind), kind), doc_number, until,
                                       (until - day).days)
    expiring = [d for d in latest.values() if d.valid_until <= horizon]
    expiring.sort(key=lambda d: (d.valid_until, d.folio))
    return Dashboard(counts, expiring)
