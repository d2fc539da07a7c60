"""Campaigns, placements, work orders and the veda, on SQLite and on PostgreSQL."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from PIL import Image

from cortazar_desk.domain.orders import OrderStatus
from cortazar_desk.domain.permits import DocumentKind
from cortazar_desk.domain.veda import VedaClass
from cortazar_desk.services import assets, campaigns, work_orders
from cortazar_desk.services.asset_files import DocumentData, add_document
from cortazar_desk.services.database import Database
from cortazar_desk.services.errors import UserError, ValidationError

D = date


def _asset(db: Database, code: str, faces: int = 1, **extra: object) -> int:
    type_id = next(t.id for t in assets.list_types(db) if t.code == code)
    asset_id, _ = assets.create_asset(db, assets.AssetData(type_id=type_id, faces=faces, street="Hidalgo",
                                                           **extra))  # type: ignore[arg-type]
    return asset_id


YEAR_2026 = (D(2026, 1, 1), D(2026, 12, 31))


def _campaign(db: Database, name: str = "Vacunación 2026", starts: date = YEAR_2026[0], ends: date = YEAR_2026[1],
              veda_class: str = VedaClass.NORMAL.value, sign: bool = True, **extra: object) -> int:
    campaign_id = campaigns.create_campaign(db, campaigns.CampaignData(name=name, starts_on=starts, ends_on=ends,
                                                                       veda_class=veda_class, **extra))  # type: ignore[arg-type]
    if sign:
        version = campaigns.load_campaign(db, campaign_id)[1]
        campaigns.sign_art134(db, campaign_id, version, "María López Hernández")
    return campaign_id


def _photo() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), (10, 120, 200)).save(buffer, "JPEG")
    return buffer.getvalue()


def test_nothing_is_placed_before_the_art134_sign_off(db: Database) -> None:
    asset_id = _asset(db, "ESP")
    campaign_id = _campaign(db, sign=False)
    with pytest.raises(ValidationError, match="art. 134"):
        campaigns.place(db, campaign_id, asset_id, 1, D(2026, 3, 1), D(2026, 3, 31))
    version = campaigns.load_campaign(db, campaign_id)[1]
    with pytest.raises(ValidationError, match="nombre completo"):
        campaigns.sign_art134(db, campaign_id, version, "Yo")
    campaigns.sign_art134(db, campaign_id, version, "  José Pérez  ")
    _data, _v, signed_by, signed_at = campaigns.load_campaign(db, campaign_id)
    assert signed_by == "José Pérez" and signed_at is not None
    assert campaigns.place(db, campaign_id, asset_id, 1, D(2026, 3, 1), D(2026, 3, 31)).warnings == []


def test_a_taken_face_is_refused_naming_what_blocks_it(db: Database) -> None:
    asset_id = _asset(db, "ESP", faces=2)
    first = _campaign(db, "Predial 2026")
    second = _campaign(db, "Agua limpia")
    campaigns.place(db, first, asset_id, 1, D(2026, 3, 1), D(2026, 3, 31))
    with pytest.raises(ValidationError, match=r"cara 1 de ESP-\d+ está ocupada del 01/03/2026 al 31/03/2026 por la "
                                              "campaña «Predial 2026»"):
        campaigns.place(db, second, asset_id, 1, D(2026, 3, 31), D(2026, 4, 15))
    campaigns.place(db, second, asset_id, 2, D(2026, 3, 15), D(2026, 4, 15))  # the other face is free
    campaigns.place(db, second, asset_id, 1, D(2026, 4, 1), D(2026, 4, 15))  # the day after is free too
    with pytest.raises(ValidationError, match="tiene 2 cara"):
        campaigns.place(db, second, asset_id, 3, D(2026, 5, 1), D(2026, 5, 2))
    with pytest.raises(ValidationError, match="dentro de las fechas de la campaña"):
        campaigns.place(db, first, asset_id, 2, D(2025, 12, 1), D(2026, 1, 5))


def test_veda_warnings_follow_the_exceptions(db: Database) -> None:
    asset_id = _asset(db, "BAR", faces=3)
    normal = _campaign(db, "Obra pública", D(2024, 1, 1), D(2024, 12, 31))
    health = _campaign(db, "Vacunación", D(2024, 1, 1), D(2024, 12, 31), VedaClass.HEALTH.value)
    report = _campaign(db, "Tercer informe", D(2024, 1, 1), D(2024, 12, 31), VedaClass.ANNUAL_REPORT.value,
                       report_date=D(2024, 9, 10))
    warned = campaigns.place(db, normal, asset_id, 1, D(2024, 5, 1), D(2024, 5, 31)).warnings
    assert len(warned) == 1 and "Proceso electoral 2023-2024" in warned[0] and "01/03/2024 a 02/06/2024" in warned[0]
    assert campaigns.place(db, health, asset_id, 2, D(2024, 5, 1), D(2024, 5, 31)).warnings == []
    assert campaigns.place(db, report, asset_id, 3, D(2024, 9, 3), D(2024, 9, 15)).warnings == []
    late = campaigns.place(db, report, asset_id, 3, D(2024, 9, 16), D(2024, 9, 20)).warnings
    assert late and "del 03/09/2024 al 15/09/2024" in late[0]


def test_availability_search_and_permit_lapse_flag(db: Database) -> None:
    busy = _asset(db, "BAR")
    free_two_faces = _asset(db, "ESP", faces=2, width_m=Decimal("12"), height_m=Decimal("6"))
    lapsing = _asset(db, "BAR", ownership="barda_particular")  # needs the owner's consent
    add_document(db, lapsing, DocumentData(DocumentKind.OWNER_CONSENT.value, number="AN-1",
                                           valid_until=D(2026, 6, 10)))
    campaign_id = _campaign(db)
    campaigns.place(db, campaign_id, busy, 1, D(2026, 6, 1), D(2026, 6, 30))
    campaigns.place(db, campaign_id, free_two_faces, 1, D(2026, 6, 1), D(2026, 6, 30))
    found = {a.id: a for a in campaigns.available_assets(db, D(2026, 6, 1), D(2026, 6, 30), today=D(2026, 5, 1))}
    assert busy not in found and found[free_two_faces].free_faces == (2,)
    assert found[lapsing].permit_lapses  # its consent ends on 10/06, inside the range
    only_bardas = campaigns.available_assets(db, D(2026, 6, 1), D(2026, 6, 30), type_code="BAR",
                                             today=D(2026, 5, 1))
    assert [a.id for a in only_bardas] == [lapsing]
    big = campaigns.available_assets(db, D(2026, 6, 1), D(2026, 6, 30), min_area_m2=Decimal("50"),
                                     today=D(2026, 5, 1))
    assert [a.id for a in big] == [free_two_faces]
    share = campaigns.occupancy_by_type(db, D(2026, 6, 1), D(2026, 6, 30))
    assert share["Espectacular"] == pytest.approx(0.5) and share["Barda"] == pytest.approx(0.5)


def test_orders_from_placements_once_and_closed_only_with_evidence(db: Database) -> None:
    a, b = _asset(db, "ESP"), _asset(db, "LON")
    campaign_id = _campaign(db, "Cultura 2026")
    campaigns.place(db, campaign_id, a, 1, D(2026, 7, 1), D(2026, 7, 31))
    campaigns.place(db, campaign_id, b, 1, D(2026, 7, 5), D(2026, 8, 10))
    folios = work_orders.orders_from_placements(db, campaign_id, "Cuadrilla 1")
    assert folios == ["OT-2026-0001", "OT-2026-0002"]
    assert work_orders.orders_from_placements(db, campaign_id, "Cuadrilla 1") == []  # nothing twice
    orders = {o.folio: o for o in work_orders.list_orders(db, today=D(2026, 7, 2))}
    install, withdraw = orders["OT-2026-0001"], orders["OT-2026-0002"]
    assert (install.kind, install.due_on, install.items) == ("colocacion", D(2026, 6, 30), 2)
    assert (withdraw.kind, withdraw.due_on) == ("retiro", D(2026, 8, 11))
    assert install.late and not withdraw.late
    with pytest.raises(ValidationError, match="Faltan: .*acercamiento"):
        work_orders.set_status(db, install.id, install.version, OrderStatus.DONE.value)
    for asset_id in (a, b):
        for view in ("cerca", "aproximacion"):
            work_orders.add_evidence(db, install.id, asset_id, view, _photo(), f"{view}.jpg")
    with pytest.raises(UserError, match="no está en la orden"):
        work_orders.add_evidence(db, install.id, _asset(db, "PEN"), "cerca", _photo(), "x.jpg")
    work_orders.set_status(db, install.id, install.version, OrderStatus.DONE.value, today=D(2026, 7, 2))
    closed = next(o for o in work_orders.list_orders(db, today=D(2026, 7, 3)) if o.id == install.id)
    assert closed.status == "hecha" and not closed.late
    with pytest.raises(ValidationError, match="motivo"):
        work_orders.set_status(db, withdraw.id, withdraw.version, OrderStatus.CANCELLED.value)


def test_veda_withdrawals_for_what_is_not_exempt(db: Database) -> None:
    a, b = _asset(db, "BAR"), _asset(db, "ESP")
    normal = _campaign(db, "Predial", D(2027, 1, 1), D(2027, 12, 31))
    health = _campaign(db, "Dengue", D(2027, 1, 1), D(2027, 12, 31), VedaClass.HEALTH.value)
    campaigns.place(db, normal, a, 1, D(2027, 3, 1), D(2027, 8, 31))
    campaigns.place(db, health, b, 1, D(2027, 3, 1), D(2027, 8, 31))
    campaigns.place(db, normal, b, 1, D(2027, 1, 1), D(2027, 2, 28))  # ends before the veda
    period = work_orders.create_period(db, "Proceso electoral 2026-2027", "federal", D(2027, 4, 1), D(2027, 6, 6))
    affected = work_orders.affected_placements(db, period)
    assert [(f, c) for _i, f, c, _a, _b in affected] == [(f"BAR-{1:03d}", "Predial")]
    folio = work_orders.generate_veda_withdrawals(db, period, "Proveedor ABC", "cubrir")
    order = next(o for o in work_orders.list_orders(db) if o.folio == folio)
    assert (order.kind, order.due_on, order.items) == ("cubrir", D(2027, 3, 31), 1)
    assert work_orders.generate_veda_withdrawals(db, period, "Proveedor ABC") is None
    assert [p.name for p in work_orders.list_periods(db)][:2] == ["Proceso electoral 2026-2027",
                                                                   "Proceso electoral 2023-2024"]
    with pytest.raises(ValidationError, match="jornada electoral"):
        work_orders.create_period(db, "Mal", "federal", D(2027, 6, 7), D(2027, 6, 6))


def test_campaign_data_is_checked_in_spanish(db: Database) -> None:
    with pytest.raises(ValidationError, match="termina antes de empezar"):
        campaigns.create_campaign(db, campaigns.CampaignData("X", D(2026, 2, 1), D(2026, 1, 1)))
    with pytest.raises(ValidationError, match="fecha del informe"):
        campaigns.create_campaign(db, campaigns.CampaignData("Informe", D(2026, 1, 1), D(2026, 1, 2),
                                                             veda_class=VedaClass.ANNUAL_REPORT.value))
    with pytest.raises(ValidationError, match="monto"):
        campaigns.create_campaign(db, campaigns.CampaignData("X", D(2026, 1, 1), D(2026, 1, 2),
                                                             amount=Decimal("-5")))
    campaign_id = _campaign(db, "=HYPERLINK(\"x\")\x00<b>", amount=Decimal("15000.456"), budget_line="3611")
    data, version, *_ = campaigns.load_campaign(db, campaign_id)
    assert data.name == "=HYPERLINK(\"x\")<b>" and data.amount == Decimal("15000.46")
    placed = _asset(db, "ESP")
    campaigns.place(db, campaign_id, placed, 1, D(2026, 3, 1), D(2026, 3, 31))
    with pytest.raises(ValidationError, match="fuera de las fechas nuevas"):
        campaigns.update_campaign(db, campaign_id, version, campaigns.CampaignData(
            data.name, D(2026, 4, 1), D(2026, 12, 31)))
    assert campaigns.list_campaigns(db)[0].placements == 1


def test_printed_orders_in_route_order_with_qr_codes(db: Database, tmp_path: Path) -> None:
    import shutil
    import subprocess

    from cortazar_desk.services import reference_layers
    from cortazar_desk.services.asset_files import add_photo

    from ..conftest import GEODATA
    from .test_asset_sheets import pdf_text

    reference_layers.load_layer(db, reference_layers.LOCALITIES,
                                (GEODATA / "cortazar_localidades.geojson").read_bytes(), "localidades")
    localities = {loc.name: loc.id for loc in reference_layers.localities(db)}
    centre = _asset(db, "ESP", locality_id=localities["Cortazar"], lat=20.483, lon=-100.9632, number="12")
    far = _asset(db, "BAR", locality_id=localities["Tierra Fría"], lat=20.4701, lon=-101.0403,
                 owner_name='<img src="/etc/passwd"/> & «Ñandú»')
    add_photo(db, centre, _photo(), "fachada.jpg")
    campaign_id = _campaign(db, 'Campaña «limpia» <b>&</b>')
    campaigns.add_artwork(db, campaign_id, _photo(), "arte.jpg")
    campaigns.place(db, campaign_id, far, 1, D(2026, 7, 1), D(2026, 7, 31))
    campaigns.place(db, campaign_id, centre, 1, D(2026, 7, 1), D(2026, 7, 31))
    folios = work_orders.orders_from_placements(db, campaign_id, "Cuadrilla Norte")
    ids = [o.id for o in work_orders.list_orders(db) if o.folio in folios]
    pdf = work_orders.work_orders_pdf(db, ids)
    text = pdf_text(pdf, tmp_path)
    pages = text.split("\f")
    assert "Orden de trabajo OT-2026-0001 · Colocación" in pages[0] and "Cuadrilla Norte" in pages[0]
    assert pages[0].index("Cortazar") < pages[0].index("Tierra Fría")  # grouped by locality, in route order
    assert "Campaña «limpia» <b>&</b>" in text and "Elaboró" in text and "Recibió" in text
    assert "Página 1 de 2" in text and "OT-2026-0002 · Retiro" in pages[1]
    zbar = shutil.which("zbarimg")
    if zbar is None:
        pytest.fail("zbar-tools (zbarimg) is needed; scripts/setup.sh --test installs it")
    (tmp_path / "orden.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-png", str(tmp_path / "orden.pdf"),
                    str(tmp_path / "orden")], check=True)
    page = next(tmp_path.glob("orden*.png"))
    codes = subprocess.run([zbar, "--quiet", "--raw", str(page)], capture_output=True, text=True).stdout.split()
    assert sorted(codes) == sorted(["https://www.google.com/maps/search/?api=1&query=20.483000,-100.963200",
                                    "https://www.google.com/maps/search/?api=1&query=20.470100,-101.040300"])


def test_dashboard_outlook_of_orders_and_the_next_veda(db: Database) -> None:
    asset_id = _asset(db, "BAR")
    work_orders.create_order(db, "reparar", "Cuadrilla", D(2026, 11, 20), [work_orders.ItemData(asset_id)])  # late
    work_orders.create_order(db, "pintar", "Cuadrilla", D(2026, 12, 4), [work_orders.ItemData(asset_id)])
    work_orders.create_order(db, "evidencia", "Cuadrilla", D(2026, 12, 9), [work_orders.ItemData(asset_id)])
    campaign_id = _campaign(db, "Predial 2027", D(2027, 1, 1), D(2027, 12, 31))
    campaigns.place(db, campaign_id, asset_id, 1, D(2027, 3, 1), D(2027, 5, 1))
    work_orders.create_period(db, "Proceso electoral 2026-2027", "federal", D(2027, 4, 1), D(2027, 6, 6))
    view = work_orders.outlook(db, today=D(2026, 12, 1))  # a Tuesday: the week runs to Sunday 06/12
    assert (view.due_this_week, view.late, view.veda_affected) == (1, 1, 1)
    assert view.next_veda is not None and view.next_veda.name == "Proceso electoral 2026-2027"


def test_veda_compliance_report_pdf_and_workbook(db: Database, tmp_path: Path) -> None:
    import openpyxl

    from cortazar_desk.services import veda_report

    from .test_asset_sheets import pdf_text

    a, b = _asset(db, "BAR"), _asset(db, "ESP")
    campaign_id = _campaign(db, "Predial <2027>", D(2027, 1, 1), D(2027, 12, 31))
    campaigns.place(db, campaign_id, a, 1, D(2027, 3, 1), D(2027, 8, 31))
    period = work_orders.create_period(db, "Proceso electoral 2026-2027", "federal", D(2027, 4, 1), D(2027, 6, 6))
    folio = work_orders.generate_veda_withdrawals(db, period, "Cuadrilla 3")
    campaigns.place(db, campaign_id, b, 1, D(2027, 5, 1), D(2027, 5, 31))  # placed later: no order yet
    order = next(o for o in work_orders.list_orders(db) if o.folio == folio)
    for view in ("cerca", "aproximacion"):
        work_orders.add_evidence(db, order.id, a, view, _photo(), f"{view}.jpg")
    work_orders.set_status(db, order.id, order.version, "hecha")
    veda_report.add_channel(db, "Facebook del Gobierno Municipal", "red social", "@GobiernoCortazar")
    with pytest.raises(ValidationError, match="ya está en la lista"):
        veda_report.add_channel(db, "Facebook del Gobierno Municipal", "red social", "")
    report = veda_report.compliance(db, period)
    assert [(r.folio, r.order, r.done) for r in report.rows] == [("BAR-001", folio, True), ("ESP-001", "", False)]
    assert "Acercamiento" in report.rows[0].evidence and report.pending == 1
    text = pdf_text(veda_report.compliance_pdf(db, period), tmp_path)
    assert "Informe de cumplimiento de veda: Proceso electoral 2026-2027" in text
    assert "Predial <2027>" in text and "Sin orden" in text and "@GobiernoCortazar" in text
    path = tmp_path / "veda.xlsx"
    assert veda_report.compliance_workbook(db, period, path) == 2
    book = openpyxl.load_workbook(path)
    sheet = book["Cumplimiento"]
    assert [c.value for c in sheet[1]][:2] == ["Anuncio", "Campaña"]
    assert sheet["C2"].is_date and sheet["I2"].value == "Sí" and sheet["I3"].value == "No"
    assert book["Canales oficiales"]["A2"].value == "Facebook del Gobierno Municipal"


def test_the_cached_asset_list_follows_every_change(db: Database) -> None:
    first = assets.list_assets_cached(db, D(2026, 6, 1))
    assert assets.list_assets_cached(db, D(2026, 6, 1)) is first  # nothing changed: the same rows
    asset_id = _asset(db, "BAR", ownership="barda_particular")
    second = assets.list_assets_cached(db, D(2026, 6, 1))
    assert second is not first and [r.id for r in second] == [asset_id]
    add_document(db, asset_id, DocumentData(DocumentKind.OWNER_CONSENT.value, number="A", valid_until=D(2027, 1, 1)))
    third = assets.list_assets_cached(db, D(2026, 6, 1))
    assert third is not second and third[0].permit_numbers == "A"
    assert DocumentKind.OWNER_CONSENT in second[0].status.missing
    assert DocumentKind.OWNER_CONSENT not in third[0].status.missing
    assert assets.list_assets_cached(db, D(2027, 6, 1)) is not third  # another day, computed again


def test_restore_list_after_election_day(db: Database) -> None:
    a, b = _asset(db, "BAR"), _asset(db, "ESP")
    campaign_id = _campaign(db, "Predial", D(2027, 1, 1), D(2027, 12, 31))
    campaigns.place(db, campaign_id, a, 1, D(2027, 3, 1), D(2027, 8, 31))  # runs past election day
    campaigns.place(db, campaign_id, b, 1, D(2027, 3, 1), D(2027, 5, 31))  # ends inside the veda
    period = work_orders.create_period(db, "Proceso electoral 2026-2027", "federal", D(2027, 4, 1), D(2027, 6, 6))
    assert work_orders.restore_after_election(db, period, "C") is None  # nothing came down yet
    work_orders.generate_veda_withdrawals(db, period, "C")
    folio = work_orders.restore_after_election(db, period, "Cuadrilla 1")
    order = next(o for o in work_orders.list_orders(db) if o.folio == folio)
    assert (order.kind, order.due_on, order.items) == ("colocacion", D(2027, 6, 7), 1)
    assert work_orders.restore_after_election(db, period, "C") is None  # once


def test_two_workstations_never_book_the_same_face(db: Database) -> None:
    """Several workstations placing on one face at the same moment: exactly one wins, the others are told who."""
    import threading

    from ..conftest import second_session

    asset_id = _asset(db, "ESP")
    campaign_ids = [_campaign(db, f"Campaña {n}") for n in range(6)]
    others = [second_session(db, f"persona{n}", f"equipo-{n}") for n in range(6)]
    barrier = threading.Barrier(len(others))
    outcomes: list[str] = []

    def work(other: Database, campaign_id: int) -> None:
        barrier.wait()
        try:
            campaigns.place(other, campaign_id, asset_id, 1, D(2026, 5, 1), D(2026, 5, 31))
            outcomes.append("colocada")
        except ValidationError as exc:
            outcomes.append("ocupada" if "está ocupada" in exc.message else exc.message)
        except BaseException as exc:  # a lock timeout or a driver error would show here
            outcomes.append(repr(exc))

    threads = [threading.Thread(target=work, args=pair) for pair in zip(others, campaign_ids, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for other in others:
        other.dispose()
    assert sorted(outcomes) == ["colocada"] + ["ocupada"] * 5
    assert len(campaigns.asset_occupancy(db, asset_id)) == 1
