"""Assets through the real service path, on both backends."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from cortazar_desk.db.engine import read_engine
from cortazar_desk.db.inventory import AssetType
from cortazar_desk.domain.permits import DocumentKind, Ownership, PermitStatus
from cortazar_desk.services import assets
from cortazar_desk.services.asset_files import DocumentData, add_document, list_documents, remove_document
from cortazar_desk.services.database import Database
from cortazar_desk.services.errors import ConflictError, ValidationError

from ..conftest import second_session

TODAY = date(2026, 11, 29)


def type_id(db: Database, code: str) -> int:
    with db.read() as s:
        return int(s.scalars(select(AssetType.id).where(AssetType.code == code)).one())


def new(db: Database, code: str = "ESP", **fields) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    return assets.create_asset(db, assets.AssetData(type_id=type_id(db, code), street="Hidalgo", **fields))


def test_folios_follow_the_type_series(db: Database) -> None:
    assert new(db)[1] == "ESP-001"
    assert new(db)[1] == "ESP-002"
    assert new(db, "BAR")[1] == "BAR-001"


def test_typed_folio_is_kept_and_skipped_by_the_series(db: Database) -> None:
    assert new(db, folio="esp-002")[1] == "ESP-002"
    assert new(db)[1] == "ESP-001"
    assert new(db)[1] == "ESP-003"  # the series jumps over the typed one
    with pytest.raises(ValidationError, match="ya fue usado"):
        new(db, folio="ESP-002")


def test_changed_folio_keeps_history_and_is_never_reused(db: Database) -> None:
    asset_id, _ = new(db)
    data, version, _ = assets.load_asset(db, asset_id)
    assets.update_asset(db, asset_id, version, replace(data, folio="ESP-100"))
    with pytest.raises(ValidationError, match="ya fue usado"):
        new(db, folio="ESP-001")  # its old folio stays its own
    with read_engine(db.engine).connect() as conn:
        folios = [r[0] for r in conn.exec_driver_sql("SELECT folio FROM asset_folio ORDER BY id")]
    assert folios == ["ESP-001", "ESP-100"]


def test_validation_in_spanish_and_nothing_saved(db: Database) -> None:
    for bad, words in ((dict(faces=4), "1 a 3 caras"), (dict(lat=20.48), "latitud y la longitud"),
                       (dict(width_m=Decimal("-3")), "Ancho"), (dict(folio="12-AB"), "PREFIJO-NÚMERO"),
                       (dict(owner_email="sin-arroba"), "correo")):
        with pytest.raises(ValidationError, match=words):
            new(db, **bad)
    assert assets.list_assets(db, TODAY) == []


def test_concurrent_edit_of_an_asset_is_refused(db: Database) -> None:
    asset_id, _ = new(db)
    mine, version, _ = assets.load_asset(db, asset_id)
    other = second_session(db, "maria", "equipo-2")
    theirs, their_version, _ = assets.load_asset(other, asset_id)
    assets.update_asset(other, asset_id, their_version, replace(theirs, owner_name="Arrendador nuevo"))
    other.dispose()
    with pytest.raises(ConflictError, match="Propietario o arrendador"):
        assets.update_asset(db, asset_id, version, replace(mine, street="Allende"))


def test_dar_de_baja_and_restore_are_audited(db: Database) -> None:
    asset_id, _ = new(db)
    _, version, _ = assets.load_asset(db, asset_id)
    with pytest.raises(ValidationError, match="motivo"):
        assets.deactivate_asset(db, asset_id, version, "  ", TODAY)
    version = assets.deactivate_asset(db, asset_id, version, "Retirado por obra", TODAY)
    _, _, facts = assets.load_asset(db, asset_id)
    assert facts == {"active": False, "inactive_reason": "Retirado por obra", "inactive_on": TODAY}
    assert [r.active for r in assets.list_assets(db, TODAY)] == [False]
    assert assets.list_assets(db, TODAY, include_inactive=False) == []
    assets.restore_asset(db, asset_id, version)
    with read_engine(db.engine).connect() as conn:
        actions = [r[0] for r in conn.exec_driver_sql(
            "SELECT action FROM audit_log WHERE object_type = 'asset' ORDER BY id")]
        reason = conn.exec_driver_sql(
            "SELECT reason FROM audit_log WHERE action = 'deactivate'").scalar_one()
    assert actions == ["insert", "deactivate", "reactivate"] and reason == "Retirado por obra"


def test_duplicate_takes_the_next_folio(db: Database) -> None:
    asset_id, _ = new(db, owner_name="Juan Pérez")
    copy_id, folio = assets.duplicate_asset(db, asset_id)
    assert folio == "ESP-002" and assets.load_asset(db, copy_id)[0].owner_name == "Juan Pérez"


def test_permit_status_from_documents_and_requirement_table(db: Database) -> None:
    esp, _ = new(db, ownership=Ownership.MUNICIPAL.value)
    lona, _ = new(db, "LON", ownership=Ownership.MUNICIPAL.value)
    barda, _ = new(db, "BAR", ownership=Ownership.PRIVATE_WALL.value)
    add_document(db, esp, DocumentData(DocumentKind.PERMIT.value, number="DU-77", valid_until=TODAY + timedelta(90)))
    add_document(db, esp, DocumentData(DocumentKind.INSURANCE.value, valid_until=TODAY + timedelta(10)))
    add_document(db, esp, DocumentData(DocumentKind.STRUCTURAL_LETTER.value, valid_until=TODAY + timedelta(200)))
    add_document(db, barda, DocumentData(DocumentKind.PERMIT.value, valid_until=TODAY - timedelta(1)))
    rows = {r.id: r for r in assets.list_assets(db, TODAY)}
    assert rows[esp].status.status is PermitStatus.EXPIRING
    assert rows[esp].status.governing_kind is DocumentKind.INSURANCE
    assert rows[esp].permit_numbers == "DU-77"
    assert rows[lona].status.status is PermitStatus.NOT_REQUIRED  # municipal lona on municipal property
    assert rows[barda].status.status is PermitStatus.MISSING  # the owner's consent is missing
    assert rows[barda].status.missing == (DocumentKind.OWNER_CONSENT,)


def test_removed_document_no_longer_counts(db: Database) -> None:
    barda, _ = new(db, "BAR", ownership=Ownership.RENTED.value)
    add_document(db, barda, DocumentData(DocumentKind.PERMIT.value, valid_until=TODAY + timedelta(20)))
    (doc,) = list_documents(db, barda)
    remove_document(db, doc.id, doc.version, "capturado por error")
    assert assets.list_assets(db, TODAY)[0].status.status is PermitStatus.MISSING


def test_document_dates_are_checked(db: Database) -> None:
    asset_id, _ = new(db)
    with pytest.raises(ValidationError, match="no puede ser anterior"):
        add_document(db, asset_id, DocumentData(DocumentKind.PERMIT.value, valid_from=TODAY,
                                                valid_until=TODAY - timedelta(1)))


def test_audit_changes_serialize_decimals_and_dates(db: Database) -> None:
    asset_id, _ = new(db, width_m=Decimal("12.90"))
    with read_engine(db.engine).connect() as conn:
        changes = json.loads(conn.exec_driver_sql(
            "SELECT changes FROM audit_log WHERE object_type = 'asset'").scalar_one())
    assert changes["width_m"]["new"] == "12.90" and changes["folio"]["new"] == "ESP-001"


def test_photos_are_dated_by_the_camera_hashed_and_never_shown_for_another_asset(db: Database) -> None:
    import io
    from datetime import datetime

    from PIL import Image
    from sqlalchemy import text

    from cortazar_desk.services.asset_files import add_photo, list_photos, photo_bytes
    from cortazar_desk.services.errors import AttachmentError

    def jpeg(colour: str, taken: str | None) -> bytes:
        out = io.BytesIO()
        exif = Image.Exif()
        if taken:
            exif.get_ifd(0x8769)[0x9003] = taken
        Image.new("RGB", (3000, 2000), colour).save(out, "JPEG", exif=exif.tobytes())
        return out.getvalue()

    first, _ = new(db)
    second, _ = new(db)
    dated = add_photo(db, first, jpeg("red", "2026:03:01 09:15:00"), "IMG_1.JPG")
    undated = add_photo(db, first, jpeg("blue", None), "captura.jpg")
    assert dated.taken_at == datetime(2026, 3, 1, 9, 15)
    assert abs((undated.taken_at - datetime.now()).total_seconds()) < 120  # import date when the file has none
    assert add_photo(db, first, jpeg("red", "2026:03:01 09:15:00"), "otra vez.jpg").id == dated.id  # no duplicate
    assert [p.id for p in list_photos(db, first)] == [undated.id, dated.id] and list_photos(db, second) == []
    assert Image.open(io.BytesIO(photo_bytes(db, dated))).size == (2000, 1333)  # downscaled on import
    # Someone points the first asset's photo row at other bytes: it is refused, not shown.
    other = add_photo(db, second, jpeg("green", None), "verde.jpg")
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE asset_photo SET attachment_id = :a WHERE id = :p"),
                     {"a": other.attachment_id, "p": dated.id})
    moved = next(p for p in list_photos(db, first) if p.id == dated.id)
    with pytest.raises(AttachmentError):
        photo_bytes(db, moved)
    with pytest.raises(AttachmentError, match="JPEG o PNG"):
        add_photo(db, first, b"%PDF-1.4 no es foto", "foto.jpg")


def _reference_rows(db: Database, day: date, include_inactive: bool = True) -> list[assets.AssetRow]:
    """The inventory rows computed the plain way: ORM objects, the rule applied asset by asset."""
    from cortazar_desk.db.inventory import Asset, AssetDocument, Locality
    from cortazar_desk.domain.permits import DocumentDates, permit_status, required_kinds
    from cortazar_desk.services.office import load_profile

    warning = load_profile(db).expiry_warning_days
    with db.read() as s:
        rules = assets.requirement_table(s)
        types = {t.id: t for t in s.scalars(select(AssetType))}
        places = {loc.id: loc.name for loc in s.scalars(select(Locality))}
        documents = s.scalars(select(AssetDocument).order_by(AssetDocument.id)).all()
        rows = []
        for a in s.scalars(select(Asset).order_by(Asset.folio)):
            if not include_inactive and not a.active:
                continue
            mine = [d for d in documents if d.asset_id == a.id and d.active]
            kind = types[a.type_id]
            status = permit_status(required_kinds(rules, kind.code, a.ownership),
                                   [DocumentDates(DocumentKind(d.kind), d.valid_until) for d in mine], day, warning)
            rows.append(assets.AssetRow(
                a.id, a.folio, kind.code, kind.name, f"{a.street} {a.number}".strip(), a.colonia,
                places.get(a.locality_id, "") if a.locality_id else "", a.owner_name, a.ownership, a.condition,
                a.active, a.lat, a.lon, status, " ".join(d.number for d in mine if d.number), a.version))
    return rows


def test_asset_list_matches_the_rule_applied_asset_by_asset(db: Database) -> None:
    """``list_assets`` reads plain driver tuples and applies the permit rule once per distinct (required kinds,
    documents) pair; on a varied inventory every row must equal the straightforward computation."""
    import random

    from cortazar_desk.db.inventory import AssetDocument, Locality, RequirementRule

    rng = random.Random(3)
    kinds = list(DocumentKind)
    expiring = {DocumentKind.PERMIT, DocumentKind.INSURANCE, DocumentKind.STRUCTURAL_LETTER,
                DocumentKind.CIVIL_PROTECTION}
    # due dates around the interesting edges: yesterday, today, the end of the 30-day window and just after it
    offsets = [-400, -1, 0, 1, 29, 30, 31, 200]
    codes = ["ESP", "BAR", "LON", "PEN", "MAM", "PAN"]
    with db.write("datos de prueba") as s:
        s.add(RequirementRule(type_code="PEN", ownership=Ownership.LENT.value, kinds="seguro,permiso,seguro"))
        places = [Locality(name="Cortazar"), Locality(name="Tierra Fría")]
        s.add_all(places)
        s.flush()
        ids = [t for t in s.scalars(select(AssetType.id).where(AssetType.code.in_(codes)))]
        for n in range(90):
            asset = assets.create_in(s, assets.validate(assets.AssetData(
                type_id=ids[n % len(ids)], street=rng.choice(["Hidalgo", "Juárez", ""]),
                number=rng.choice(["", "12", "5-B"]), colonia=rng.choice(["", "Centro"]),
                locality_id=rng.choice([None, places[0].id, places[1].id]),
                ownership=rng.choice(list(Ownership)).value, owner_name=f"Dueño {n}",
                lat=20.48 + n / 1000 if n % 3 else None, lon=-100.96 if n % 3 else None)))
            for m in range(rng.choice([0, 1, 1, 2, 3, 4, 6])):
                kind = rng.choice(kinds)
                until = None if kind not in expiring and rng.random() < 0.5 else TODAY + timedelta(rng.choice(offsets))
                s.add(AssetDocument(asset_id=asset.id, kind=kind.value, valid_until=until,
                                    number=rng.choice(["", f"DU-{n}-{m}"]), active=rng.random() > 0.15))
            if n % 11 == 0:
                asset.active = False
                asset.inactive_reason = "prueba"
    for day in (TODAY, TODAY + timedelta(31)):
        fast = assets.list_assets(db, day)
        assert fast == _reference_rows(db, day)
        assert {r.status.status for r in fast} == set(PermitStatus)  # the data reaches every status
    assert assets.list_assets(db, TODAY, include_inactive=False) == _reference_rows(db, TODAY, False)
    some = [r.id for r in fast][5:40:3]
    assert assets.list_assets(db, TODAY, asset_ids=some) == [r for r in _reference_rows(db, TODAY) if r.id in some]
    assert assets.list_assets(db, TODAY, asset_ids=[]) == []
