"""Campaigns, orders and the veda as the office uses them: plan a campaign, sign art. 134, find free assets and
place it, generate and print the orders, see what a veda takes down."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QInputDialog, QMessageBox

from cortazar_desk.services import campaigns, work_orders
from cortazar_desk.ui.availability_dialog import AvailabilityDialog
from cortazar_desk.ui.campaign_dialog import CampaignDialog
from cortazar_desk.ui.context import AppContext
from cortazar_desk.ui.main_window import MainWindow

from ..conftest import GEODATA


@pytest.fixture
def demo(ctx: AppContext) -> AppContext:
    from cortazar_desk.services.demo import fill_demo_data

    fill_demo_data(ctx.db, GEODATA)
    return ctx


def test_plan_sign_place_and_order_a_campaign(qtbot, demo: AppContext, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a, **k: shown.append(text))
    dialog = CampaignDialog(demo, None)
    qtbot.addWidget(dialog)
    dialog.name.setText("Temporada de lluvias")
    dialog.starts.setDate(QDate(2026, 12, 1))
    dialog.ends.setDate(QDate(2026, 12, 31))
    dialog.department.setCurrentIndex(dialog.department.findText("Protección Civil"))
    dialog.amount.setValue(18500.5)
    assert dialog.save() and dialog.campaign_id is not None
    assert dialog.place_button.isEnabled()  # placing opens once the campaign is saved
    # signing needs every point of the checklist and a full name
    dialog.signer.setText("Ana María Torres")
    dialog.sign()
    assert "Sin firmar" in dialog.signed_label.text()
    for check in dialog.checks:
        check.setChecked(True)
    dialog.sign()
    assert "Ana María Torres" in dialog.signed_label.text()
    saved, *_rest = campaigns.load_campaign(demo.db, dialog.campaign_id)
    assert saved.amount is not None and str(saved.amount) == "18500.50"

    free = AvailabilityDialog(demo, dialog.campaign_id, date(2026, 12, 1), date(2026, 12, 31))
    qtbot.addWidget(free)
    free.type_combo.setCurrentIndex(free.type_combo.findData("BAR"))
    free.search()
    found = free.model.rowCount()
    assert found > 0 and "libre" in free.summary.text()
    free.table.selectRow(0)
    free.table.selectionModel().select(free.proxy.index(1, 0), free.table.selectionModel().SelectionFlag.Select
                                       | free.table.selectionModel().SelectionFlag.Rows)
    free.place_selected()
    assert shown and "en 2 anuncios" in shown[-1]
    assert free.model.rowCount() == found - 2  # what was just taken is no longer free
    dialog._refresh_related()
    assert dialog.placements.rowCount() == 2

    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Cuadrilla Sur", True))
    dialog.make_orders()
    assert "OT-2026-0001" in shown[-1] and "OT-2026-0002" in shown[-1]


def test_orders_page_prints_and_needs_evidence_to_close(qtbot, window: MainWindow, demo: AppContext,  # type: ignore[no-untyped-def]
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from cortazar_desk.services import assets
    from cortazar_desk.ui.pdf_preview import PdfPreview
    from cortazar_desk.ui.tasks import wait_for_background

    row = next(r for r in assets.list_assets(demo.db) if r.active and r.lat is not None)
    work_orders.create_order(demo.db, "cubrir", "Proveedor ABC", date(2026, 12, 15),
                             [work_orders.ItemData(row.id, 1, None, "Cubrir con lona blanca")])
    page = window.orders
    assert page.model.rowCount() == 1
    previews: list[PdfPreview] = []
    monkeypatch.setattr(PdfPreview, "exec", lambda self: previews.append(self) or 0)
    page.table.selectRow(0)
    page.print_selected()
    wait_for_background()
    qtbot.waitUntil(lambda: bool(previews), timeout=10_000)
    errors: list[str] = []
    monkeypatch.setattr("cortazar_desk.ui.pages.orders_page.show_error", lambda _p, exc: errors.append(exc.message))
    from cortazar_desk.domain.orders import OrderStatus

    page.change_status(OrderStatus.DONE)
    assert errors and "Faltan" in errors[0] and "acercamiento" in errors[0]
    assert page.model.rows()[0].status == "pendiente"


def test_veda_page_lists_what_comes_down_and_makes_the_order(qtbot, window: MainWindow, demo: AppContext,  # type: ignore[no-untyped-def]
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from cortazar_desk.services import assets

    asset = next(r for r in assets.list_assets(demo.db) if r.active)
    campaign_id = campaigns.create_campaign(demo.db, campaigns.CampaignData("Obra pública 2024", date(2024, 1, 1),
                                                                            date(2024, 12, 31)))
    version = campaigns.load_campaign(demo.db, campaign_id)[1]
    campaigns.sign_art134(demo.db, campaign_id, version, "Luis Gómez Ruiz")
    campaigns.place(demo.db, campaign_id, asset.id, 1, date(2024, 2, 1), date(2024, 7, 31))
    page = window.veda
    names = [r.name for r in page.model.rows()]
    assert names == ["Proceso electoral 2023-2024", "Revocación de mandato 2022", "Proceso electoral 2020-2021"]
    page.periods.selectRow(0)
    assert page.affected.rowCount() == 1 and page.affected.item(0, 0).text() == asset.folio
    assert "antes del 01/03/2024" in page.affected_label.text()
    shown: list[str] = []
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Cuadrilla 2", True))
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a, **k: shown.append(text))
    page.withdraw_button.click()
    assert shown and "fecha límite 29/02/2024" in shown[0]
    assert [o.kind for o in work_orders.list_orders(demo.db)] == ["retiro"]

    previews: list[object] = []
    from cortazar_desk.ui.pdf_preview import PdfPreview
    from cortazar_desk.ui.tasks import wait_for_background

    monkeypatch.setattr(PdfPreview, "exec", lambda self: previews.append(self) or 0)
    page.report_button.click()
    wait_for_background()
    qtbot.waitUntil(lambda: bool(previews), timeout=10_000)


def test_a_hand_made_order_and_the_occupancy_view(qtbot, window: MainWindow, demo: AppContext,  # type: ignore[no-untyped-def]
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from cortazar_desk.services import assets
    from cortazar_desk.ui.occupancy_dialog import OccupancyDialog
    from cortazar_desk.ui.pages.orders_page import NewOrderDialog

    errors: list[str] = []
    monkeypatch.setattr("cortazar_desk.ui.pages.orders_page.show_error", lambda _p, exc: errors.append(exc.message))
    rows = [r for r in assets.list_assets(demo.db) if r.active][:2]
    dialog = NewOrderDialog(demo)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("pintar"))
    dialog.assets.setText(f"{rows[0].folio.lower()}, NO-999")
    dialog.create()
    assert errors and "NO-999" in errors[0] and dialog.folio is None
    dialog.assets.setText(f"{rows[0].folio}; {rows[1].folio}")
    dialog.instructions.setPlainText("Blanquear la barda completa")
    dialog.create()
    assert dialog.folio == "OT-2026-0001"
    order = work_orders.list_orders(demo.db)[0]
    assert (order.kind, order.items) == ("pintar", 2)

    campaign_id = campaigns.create_campaign(demo.db, campaigns.CampaignData("Cultura", date(2026, 1, 1),
                                                                            date(2026, 12, 31)))
    campaigns.sign_art134(demo.db, campaign_id, campaigns.load_campaign(demo.db, campaign_id)[1], "Eva Ruiz Paz")
    campaigns.place(demo.db, campaign_id, rows[0].id, 1, date(2026, 12, 1), date(2026, 12, 31))
    view = OccupancyDialog(demo)
    qtbot.addWidget(view)
    view.folio.setText(rows[0].folio)
    view.timeline()
    assert view.timeline_model.rowCount() == 1 and "1 colocación" in view.timeline_label.text()
    bars = view.timeline_chart.layout_now().bars
    assert [(b.label, b.face) for b in bars] == [("Cultura", 1)] and view.chart_scroll.isVisibleTo(view)
    assert view.by_type.rowCount() > 0


def test_closing_a_campaign_with_unsaved_changes_asks_first(qtbot, demo: AppContext,  # type: ignore[no-untyped-def]
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []

    def answer(_parent, _title, text, *_a, **_k):  # type: ignore[no-untyped-def]
        asked.append(text)
        return QMessageBox.StandardButton.Save

    monkeypatch.setattr(QMessageBox, "question", answer)
    dialog = CampaignDialog(demo, None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.close()  # nothing typed: closes without asking
    assert asked == []
    dialog = CampaignDialog(demo, None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name.setText("Agua que no se desperdicia")
    dialog.reject()  # Esc
    assert asked and "Guardar los cambios" in asked[0]
    assert [c.name for c in campaigns.list_campaigns(demo.db)] == ["Agua que no se desperdicia"]


def test_artwork_previews_for_images_and_pdfs(qtbot, demo: AppContext) -> None:  # type: ignore[no-untyped-def]
    import io

    from PIL import Image
    from reportlab.pdfgen import canvas

    campaign_id = campaigns.create_campaign(demo.db, campaigns.CampaignData("Lluvias", date(2026, 1, 1),
                                                                            date(2026, 12, 31)))
    picture = io.BytesIO()
    Image.new("RGB", (600, 400), (0, 90, 160)).save(picture, "PNG")
    document = io.BytesIO()
    sheet = canvas.Canvas(document)
    sheet.drawString(72, 720, "Arte de la lona")
    sheet.save()
    campaigns.add_artwork(demo.db, campaign_id, picture.getvalue(), "lona.png")
    campaigns.add_artwork(demo.db, campaign_id, document.getvalue(), "lona.pdf")
    dialog = CampaignDialog(demo, campaign_id)
    qtbot.addWidget(dialog)
    items = [dialog.artwork.item(n) for n in range(dialog.artwork.count())]
    assert [i.text() for i in items] == ["lona.png", "lona.pdf"]
    assert all(not i.icon().isNull() for i in items)  # the PDF's first page drawn too


def test_printing_one_crew_s_open_orders_in_one_preview(qtbot, window: MainWindow, demo: AppContext,  # type: ignore[no-untyped-def]
                                                        monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    from cortazar_desk.services import assets
    from cortazar_desk.ui.pdf_preview import PdfPreview
    from cortazar_desk.ui.tasks import wait_for_background

    from ..services.test_asset_sheets import pdf_text

    rows = [r for r in assets.list_assets(demo.db) if r.active][:3]
    folios = [work_orders.create_order(demo.db, "retiro", crew, due, [work_orders.ItemData(r.id, 1, None, "Retirar")
                                                                      for r in rows[:n]])
              for crew, due, n in (("Cuadrilla Sur", date(2026, 12, 9), 2), ("Proveedor ABC", date(2026, 12, 1), 1),
                                   ("Cuadrilla Sur", date(2026, 12, 2), 3))]
    page = window.orders
    page.refresh()
    offered: list[list[str]] = []

    def pick(_parent, _title, _label, items, *_a, **_k):  # type: ignore[no-untyped-def]
        offered.append(list(items))
        return next(i for i in items if i.startswith("Cuadrilla Sur")), True

    monkeypatch.setattr(QInputDialog, "getItem", pick)
    previews: list[PdfPreview] = []
    monkeypatch.setattr(PdfPreview, "exec", lambda self: previews.append(self) or 0)
    page.crew_button.click()
    wait_for_background()
    qtbot.waitUntil(lambda: bool(previews), timeout=10_000)
    assert offered == [["Cuadrilla Sur — 2 órdenes, 5 anuncios", "Proveedor ABC — 1 orden, 1 anuncio"]]
    preview = previews[0]
    assert preview.windowTitle() == "Órdenes de Cuadrilla Sur"
    assert preview.suggested_name.startswith("ordenes-cuadrilla-sur-") and preview.document.pageCount() >= 2
    text = pdf_text(preview.pdf, tmp_path)
    assert folios[2] in text and folios[0] in text and folios[1] not in text
    assert text.index(folios[2]) < text.index(folios[0])  # the soonest due first


def test_the_window_prepares_the_asset_list_after_start_up(qtbot, demo: AppContext,  # type: ignore[no-untyped-def]
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """The first availability search of the session finds the asset list and permit statuses already built."""
    from cortazar_desk.services import assets
    from cortazar_desk.services.snapshot import forget
    from cortazar_desk.ui import main_window as main_window_module
    from cortazar_desk.ui.context import window_settings
    from cortazar_desk.ui.main_window import MainWindow
    from cortazar_desk.ui.tasks import wait_for_background

    forget()
    built: list[int] = []
    real = assets.list_assets
    monkeypatch.setattr(assets, "list_assets", lambda *a, **k: built.append(1) or real(*a, **k))
    monkeypatch.setattr(main_window_module, "WARM_UP_DELAY_MS", 10)
    win = MainWindow(window_settings(demo.station.dirs))
    qtbot.addWidget(win)
    win.attach(demo)
    qtbot.waitUntil(lambda: bool(built), timeout=5000)
    wait_for_background()
    assert built == [1]
    found = campaigns.available_assets(demo.db, date(2026, 12, 1), date(2026, 12, 31))
    assert found and built == [1]  # served from what the warm-up built
