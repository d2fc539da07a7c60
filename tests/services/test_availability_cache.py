"""The availability search reuses the asset list while none of the tables it reads changed, on any workstation:
placements and orders keep it, every change to assets, their documents, types, rules or the office's warning days
drops it. Both backends; the "other workstation" has its own engine on the same database."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from cortazar_desk.domain.permits import DocumentKind, Ownership, PermitStatus
from cortazar_desk.services import assets, campaigns, catalogues, office, work_orders
from cortazar_desk.services.asset_files import DocumentData, add_document
from cortazar_desk.services.database import Database

from ..conftest import second_session
from .test_campaigns import _asset, _campaign

D = date
JUNE = (D(2026, 6, 1), D(2026, 6, 30))
TODAY = D(2026, 5, 20)


def _found(db: Database) -> dict[int, campaigns.AvailableAsset]:
    return {a.id: a for a in campaigns.available_assets(db, *JUNE, today=TODAY)}


def test_placements_and_orders_keep_the_asset_list(db: Database) -> None:
    barda, sign = _asset(db, "BAR", faces=2), _asset(db, "ESP")
    campaign_id = _campaign(db)
    rows = assets.list_assets_cached(db, TODAY)
    campaigns.place(db, campaign_id, barda, 1, *JUNE)
    work_orders.create_order(db, "cubrir", "Cuadrilla 1", D(2026, 5, 30),
                             [work_orders.ItemData(sign, 1, None, "Cubrir")])
    assert assets.list_assets_cached(db, TODAY) is rows  # not rebuilt: none of its tables changed
    found = _found(db)
    assert found[barda].free_faces == (2,) and found[sign].free_faces == (1,)  # the placement itself is seen
    other = second_session(db)
    try:
        campaigns.place(other, campaign_id, barda, 2, *JUNE)
        assert barda not in _found(db) and assets.list_assets_cached(db, TODAY) is rows
    finally:
        other.dispose()


def test_another_workstation_s_asset_edits_reach_the_next_search(db: Database) -> None:
    barda, sign = _asset(db, "BAR", faces=2), _asset(db, "MAM")  # a mampara needs only a permit
    campaign_id = _campaign(db)
    campaigns.place(db, campaign_id, barda, 1, *JUNE)
    before = _found(db)
    assert before[barda].free_faces == (2,) and before[sign].permit_status is PermitStatus.MISSING
    other = second_session(db)
    try:
        # the asset row itself: one face less leaves the barda no free face
        data, version, _facts = assets.load_asset(other, barda)
        assets.update_asset(other, barda, version, replace(data, faces=1))
        assert barda not in _found(db)

        # a permit entered elsewhere: the sign is no longer "sin permiso" (valid beyond the warning window)
        add_document(other, sign, DocumentData(DocumentKind.PERMIT.value, number="P-9", valid_until=D(2026, 8, 20)))
        assert _found(db)[sign].permit_status is PermitStatus.VALID

        # the office's warning days (office_profile): the same permit is now "por vencer"
        profile = office.load_profile(other)
        office.save_profile(other, replace(profile, expiry_warning_days=120))
        assert _found(db)[sign].permit_status is PermitStatus.EXPIRING

        # the type's name (asset_type)
        kind = next(t for t in catalogues.list_all_types(other) if t.code == "MAM")
        catalogues.update_type(other, kind, "Mampara de malla", kind.default_validity_days, True)
        assert _found(db)[sign].type_name == "Mampara de malla"

        # the documents required (requirement_rule): insurance too, which the mampara lacks
        catalogues.save_rule(other, "MAM", Ownership.MUNICIPAL.value, (DocumentKind.PERMIT, DocumentKind.INSURANCE))
        assert _found(db)[sign].permit_status is PermitStatus.MISSING

        # made inactive elsewhere: gone from the search
        version = assets.load_asset(other, sign)[1]
        assets.deactivate_asset(other, sign, version, "Retirado por obra", TODAY)
        assert _found(db) == {}
    finally:
        other.dispose()


def test_a_few_asset_edits_patch_the_list_to_what_a_full_read_gives(db: Database, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from cortazar_desk.services import snapshot

    first, second, third = _asset(db, "BAR"), _asset(db, "MAM", faces=2), _asset(db, "LON")
    assets.list_assets_cached(db, TODAY)
    _found(db)
    reads: list[object] = []
    full_read = assets.list_assets
    monkeypatch.setattr(assets, "list_assets", lambda *a, **k: reads.append(k.get("asset_ids")) or full_read(*a, **k))
    other = second_session(db)
    try:
        data, version, _facts = assets.load_asset(other, first)
        assets.update_asset(other, first, version, replace(data, folio="BAR-900", street="Morelos"))  # folio order
        document = add_document(other, second, DocumentData(DocumentKind.PERMIT.value, number="P-2",
                                                            valid_until=D(2026, 12, 1)))
        new_id, _folio = assets.create_asset(other, assets.AssetData(type_id=assets.load_asset(db, third)[0].type_id,
                                                                     folio="LON-050"))
        version = assets.load_asset(other, third)[1]
        assets.deactivate_asset(other, third, version, "Se cayó la lona", TODAY)
        patched = assets.list_assets_cached(db, TODAY)
        assert reads == [{first, second, new_id, third}]  # only those were read again
        assert patched == full_read(db, TODAY)  # the same rows, statuses and order as reading everything
        assert _found(db).keys() == {first, second, new_id}
        assert _found(db)[second].free_faces == (1, 2) and _found(db)[second].permit_status is PermitStatus.VALID

        from cortazar_desk.services.asset_files import list_documents, remove_document

        shown = next(d for d in list_documents(other, second) if d.id == document)
        remove_document(other, document, shown.version, "capturado por error")
        assert assets.list_assets_cached(db, TODAY) == full_read(db, TODAY)
        assert _found(db)[second].permit_status is PermitStatus.MISSING

        profile = office.load_profile(other)  # reaches every row: read everything again
        office.save_profile(other, replace(profile, expiry_warning_days=45))
        reads.clear()
        assert assets.list_assets_cached(db, TODAY) == full_read(db, TODAY) and reads == [None]

        monkeypatch.setattr(snapshot, "PATCH_LIMIT", 1)  # an import's worth of changes: read everything again
        for asset_id in (first, second):
            data, version, _facts = assets.load_asset(other, asset_id)
            assets.update_asset(other, asset_id, version, replace(data, notes="revisado"))
        reads.clear()
        assert assets.list_assets_cached(db, TODAY) == full_read(db, TODAY) and reads == [None]
    finally:
        other.dispose()


def test_a_history_that_is_not_the_same_any_more_is_never_patched(db: Database) -> None:
    from cortazar_desk.services import snapshot

    asset_id = _asset(db, "BAR")
    tables = ("asset", "asset_document")
    old = snapshot.newest_marks(db, tables)
    data, version, _facts = assets.load_asset(db, asset_id)
    assets.update_asset(db, asset_id, version, replace(data, notes="otra"))
    new = snapshot.newest_marks(db, tables)
    assert snapshot.changed_since(db, tables, old, new) == {"asset": {str(asset_id)}}
    mark = old[0]
    assert mark is not None
    restored = ((mark[0], "0" * 64), old[1])  # same id, another chain (a backup restored, then other changes)
    assert snapshot.changed_since(db, tables, restored, new) is None
    assert snapshot.changed_since(db, tables, new, old) is None  # history went backwards
