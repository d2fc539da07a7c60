"""The inventory page, the asset form and the dashboard, as a clerk would use them."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QInputDialog, QMessageBox

from cortazar_desk.domain.permits import DocumentKind, PermitStatus
from cortazar_desk.services import assets
from cortazar_desk.services.asset_files import DocumentData, add_document, list_photos
from cortazar_desk.ui.asset_form import AssetForm
from cortazar_desk.ui.context import AppContext
from cortazar_desk.ui.main_window import MainWindow
from cortazar_desk.ui.models.asset_model import COL, AssetFilter

from ..conftest import GEODATA


@pytest.fixture
def demo(ctx: AppContext) -> AppContext:
    from cortazar_desk.services.demo import fill_demo_data

    fill_demo_data(ctx.db, GEODATA)
    return ctx


def test_search_as_you_type_and_filters(qtbot, window: MainWindow, demo: AppContext) -> None:  # type: ignore[no-untyped-def]
    page = window.inventory
    total = page.model.rowCount()
    assert total == 298 and page.visible.rowCount() == total
    qtbot.keyClicks(page.search, "tierra fria")  # no accent typed, still found
    assert 0 < page.visible.rowCount() < total
    assert all(page.visible.index(r, COL["locality"]).data() == "Tierra Fría" for r in range(page.visible.rowCount()))
    page.search.clear()
    page.type_combo.setCurrentIndex(page.type_combo.findData("ESP"))
    page.status_combo.setCurrentIndex(page.status_combo.findData(PermitStatus.EXPIRED.value))
    shown = [page.visible.index(r, COL["status"]).data() for r in range(page.visible.rowCount())]
    assert shown and set(shown) == {"Vencido"}
    assert "de 298 anuncios" in page.count_label.text()


def test_expires_within_filter(window: MainWindow, demo: AppContext) -> None:
    page = window.inventory
    page.set_filter(AssetFilter(expires_within_days=7))
    today = date.today()
    for r in range(page.visible.rowCount()):
        text = page.visible.index(r, COL["expires"]).data()
        day, month, year = (int(x) for x in text.split("/"))
        assert date(year, month, day) <= today + timedelta(days=7)


def test_named_view_keeps_filters_and_columns(qtbot, window: MainWindow, demo: AppContext,  # type: ignore[no-untyped-def]
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    page = window.inventory
    page.set_filter(AssetFilter(type_code="BAR", permit_status=PermitStatus.MISSING.value))
    page.table.setColumnHidden(COL["colonia"], True)
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: ("Bardas sin permiso", True))
    page.save_view()
    page.set_filter(AssetFilter())
    page.table.setColumnHidden(COL["colonia"], False)
    page.apply_view("Bardas sin permiso")
    assert page.type_combo.currentData() == "BAR" and page.table.isColumnHidden(COL["colonia"])
    assert page.views_combo.findData("Bardas sin permiso") >= 0


def test_sorting_by_folio_is_numeric(window: MainWindow, db_with_folios) -> None:  # type: ignore[no-untyped-def]
    page = window.inventory
    page.refresh()
    page.table.sortByColumn(COL["folio"], Qt.SortOrder.AscendingOrder)
    folios = [page.visible.index(r, COL["folio"]).data() for r in range(page.visible.rowCount())]
    assert folios == ["ESP-002", "ESP-010"]


@pytest.fixture
def db_with_folios(ctx: AppContext) -> None:
    type_id = assets.list_types(ctx.db)[0].id
    assets.create_asset(ctx.db, assets.AssetData(type_id=type_id, folio="ESP-010"))
    assets.create_asset(ctx.db, assets.AssetData(type_id=type_id, folio="ESP-002"))


def test_dar_de_baja_and_reactivar_from_the_table(window: MainWindow, db_with_folios,  # type: ignore[no-untyped-def]
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    page = window.inventory
    page.refresh()
    page.table.selectRow(0)
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: ("Retirado por obra pública", True))
    page.deactivate_selected()
    assert page.model.rowCount() == 2 and page.visible.rowCount() == 1  # "Activos" hides it
    page.situation_combo.setCurrentIndex(page.situation_combo.findData("bajas"))
    page.table.selectRow(0)
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    page.restore_selected()
    assert page.visible.rowCount() == 0


def test_new_asset_through_the_form(qtbot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    form = AssetForm(ctx.db)
    qtbot.addWidget(form)
    form.ui.streetEdit.setText("Hidalgo")
    form.ui.numberEdit.setText("12")
    form.ui.latEdit.setText("20° 28' 58.8\" N")
    form.ui.lonEdit.setText("100° 57' 47.5\" O")
    form.ui.latEdit.editingFinished.emit()
    assert form.ui.latEdit.text() == "20.4830000"
    assert form.save()
    assert form.asset_id is not None and form.windowTitle() == "Anuncio ESP-001"
    data, _version, _facts = assets.load_asset(ctx.db, form.asset_id)
    assert (data.street, data.lat, data.lon) == ("Hidalgo", 20.483, -100.9631944)
    assert form.ui.documentsTab.isEnabled()


def test_bad_coordinates_keep_the_form_open_with_a_spanish_message(qtbot, ctx: AppContext,  # type: ignore[no-untyped-def]
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    form = AssetForm(ctx.db)
    qtbot.addWidget(form)
    form.ui.latEdit.setText("norte")
    form.ui.lonEdit.setText("-100.96")
    assert not form.save()
    assert form.asset_id is None and "no se entiende" in shown[0]
    assert form.ui.latEdit.text() == "norte"  # nothing typed is lost


def test_location_outside_the_boundary_warns_and_suggests_locality(qtbot, demo: AppContext) -> None:  # type: ignore[no-untyped-def]
    form = AssetForm(demo.db)
    qtbot.addWidget(form)
    form.ui.latEdit.setText("20.5235")
    form.ui.lonEdit.setText("-100.8157")  # Celaya
    form.ui.lonEdit.editingFinished.emit()
    assert "fuera del límite municipal" in form.ui.locationWarning.text()
    form.ui.latEdit.setText("20.4835")
    form.ui.lonEdit.setText("-100.9637")
    form.ui.lonEdit.editingFinished.emit()
    assert form.ui.localityCombo.currentText() == "Cortazar"
    assert "sugerida" in form.ui.locationWarning.text()


def test_conflict_in_the_form_keeps_what_was_typed(qtbot, ctx: AppContext, db_with_folios,  # type: ignore[no-untyped-def]
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from dataclasses import replace

    from ..conftest import second_session

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    asset_id = assets.list_assets(ctx.db)[0].id
    form = AssetForm(ctx.db, asset_id)
    qtbot.addWidget(form)
    other = second_session(ctx.db, "maria", "equipo-2")
    data, version, _ = assets.load_asset(other, asset_id)
    assets.update_asset(other, asset_id, version, replace(data, street="Allende"))
    other.dispose()
    form.ui.streetEdit.setText("Juárez")
    assert not form.save()
    assert "maria" in shown[0] and form.ui.streetEdit.text() == "Juárez"


def test_closing_with_changes_asks(qtbot, ctx: AppContext, db_with_folios, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    asked: list[str] = []

    def answer(*args, **_kwargs):  # type: ignore[no-untyped-def]
        asked.append(args[2])
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", answer)
    form = AssetForm(ctx.db, assets.list_assets(ctx.db)[0].id)
    qtbot.addWidget(form)
    form.show()
    form.close()
    assert asked == [] and not form.isVisible()  # nothing changed: closes quietly
    form.show()
    form.ui.materialEdit.setText("Lona")
    form.close()
    assert asked and form.isVisible()  # cancelled: stays open with the change


def test_photos_dropped_on_the_form(qtbot, ctx: AppContext, db_with_folios, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import io

    from PIL import Image

    photo = tmp_path / "barda.jpg"
    buf = io.BytesIO()
    Image.new("RGB", (800, 600), "orange").save(buf, "JPEG")
    photo.write_bytes(buf.getvalue())
    asset_id = assets.list_assets(ctx.db)[0].id
    form = AssetForm(ctx.db, asset_id)
    qtbot.addWidget(form)
    form.show()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(photo))])
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    # Offscreen Qt has no drag-and-drop session to deliver the event, so it goes straight to the form's handler.
    assert form.photo_drop.eventFilter(form.ui.photosList.viewport(), drop)
    assert form.ui.photosList.count() == 1 and len(list_photos(ctx.db, asset_id)) == 1


def test_dashboard_counts_and_expiring_rows_open_the_asset(qtbot, window: MainWindow, ctx: AppContext,  # type: ignore[no-untyped-def]
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    type_id = next(t.id for t in assets.list_types(ctx.db) if t.code == "BAR")
    asset_id, _ = assets.create_asset(ctx.db, assets.AssetData(type_id=type_id, ownership="rentado"))
    add_document(ctx.db, asset_id, DocumentData(DocumentKind.PERMIT.value, number="DU-1",
                                                valid_until=date.today() + timedelta(days=5)))
    board = window.dashboard
    board.refresh()
    assert board.counts.item(0, 2).text() == "1"  # Barda, "Por vencer"
    board.window_combo.setCurrentIndex(board.window_combo.findData(7))
    assert board.expiring.rowCount() == 1 and board.expiring.item(0, 0).text() == "BAR-001"
    opened: list[object] = []
    board.asset_open_requested.disconnect()  # the window would open the (modal) form
    board.asset_open_requested.connect(opened.append)
    board.expiring.setCurrentCell(0, 0)
    board._open(None)
    assert opened == [asset_id]


def test_inventory_empty_state(window: MainWindow) -> None:
    page = window.inventory
    assert page.stack.currentWidget() is page.empty and "Nuevo" in page.empty.text()




def test_filter_answers_follow_a_reload(window: MainWindow, db_with_folios, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    page = window.inventory
    page.refresh()
    page.set_filter(AssetFilter(text="ESP-010", situation="todos"))
    assert page.visible.rowCount() == 1
    type_id = assets.list_types(ctx.db)[0].id
    assets.create_asset(ctx.db, assets.AssetData(type_id=type_id, folio="ESP-0100"))
    page.refresh()  # same filter, one more matching row after the reload
    assert page.visible.rowCount() == 2


def test_an_asset_of_a_type_taken_out_of_use_keeps_its_type(qtbot, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    from cortazar_desk.services import catalogues

    bar = next(t for t in catalogues.list_all_types(ctx.db) if t.code == "BAR")
    asset_id, _ = assets.create_asset(ctx.db, assets.AssetData(type_id=bar.id, lat=20.48312345, lon=-100.96321234))
    catalogues.update_type(ctx.db, bar, bar.name, bar.default_validity_days, False)
    form = AssetForm(ctx.db, asset_id)
    qtbot.addWidget(form)
    assert form.ui.typeCombo.currentData() == bar.id and "sin uso" in form.ui.typeCombo.currentText()
    assert not form.is_dirty()  # opening changes nothing (coordinates keep their 7 decimals)


def test_the_shown_rows_are_exactly_what_the_filter_accepts_in_sort_order(demo: AppContext) -> None:
    """The fast path (rows kept per filter, a longer search looks only at the previous matches) against the plain
    rule applied to every row, while typing forward, deleting and changing the other filters."""
    from PySide6.QtCore import Qt

    from cortazar_desk.ui.models.asset_model import AssetTableModel, VisibleAssets

    source = AssetTableModel()
    visible = VisibleAssets(source)
    source.set_rows(assets.list_assets(demo.db))
    all_rows = [source.row_at(n) for n in range(source.rowCount())]
    texts = source.search_texts()
    steps = [AssetFilter(text=t, situation="todos") for t in ("h", "hi", "hid", "hida", "hid", "", "cor", "cor 1")]
    steps += [AssetFilter(text="1", situation="activos", type_code="BAR"), AssetFilter(text="12", type_code="BAR"),
              AssetFilter(text="12", permit_status=PermitStatus.EXPIRED.value),
              AssetFilter(text="", expires_within_days=30), AssetFilter(text="tierra fria", situation="bajas")]
    place = next(r.locality for r in all_rows if r.locality)
    steps += [AssetFilter(locality=place, situation="todos"), AssetFilter(text="h", locality=place),
              AssetFilter(type_code="ESP", permit_status=PermitStatus.VALID.value, expires_within_days=400,
                          situation="todos")]
    for column in (COL["folio"], COL["status"], COL["expires"]):
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            visible.sort(column, order)
            keys = source.sort_keys(column)
            for step in steps:
                visible.set_filter(step)
                expected = sorted((n for n, row in enumerate(all_rows) if step.accepts(row, texts[n])),
                                  key=keys.__getitem__, reverse=order == Qt.SortOrder.DescendingOrder)
                assert [r.id for r in visible.visible_rows()] == [all_rows[n].id for n in expected], (step, column)


def test_the_opening_filter_and_folio_order_match_the_row_by_row_rules(demo: AppContext) -> None:
    """``AssetFilter.passing`` (one comprehension per filter set, what the page runs on 50,000 rows when it opens)
    keeps exactly the rows ``accepts`` keeps, for every combination of the filters other than the text; the folio
    sort keys, built in one comprehension, equal ``_sort_key`` row by row."""
    import itertools

    from cortazar_desk.ui.models.asset_model import AssetTableModel, _sort_key

    source = AssetTableModel()
    source.set_rows(assets.list_assets(demo.db))
    rows = source.all_rows()
    assert source.sort_keys(COL["folio"]) == [_sort_key(row, "folio") for row in rows]
    place = next(r.locality for r in rows if r.locality)
    order = list(range(len(rows)))[::-1]
    kept_sizes = set()
    for situation, code, status, locality, days in itertools.product(
            ("activos", "bajas", "todos"), ("", "ESP", "BAR"), ("", *[p.value for p in PermitStatus]),
            ("", place), (None, 0, 30, 400)):
        f = AssetFilter(situation=situation, type_code=code, permit_status=status, locality=locality,
                        expires_within_days=days)
        kept = f.passing(rows, order)
        assert kept == [n for n in order if f.accepts(rows[n], "", [])], f
        kept_sizes.add(len(kept))
    assert len(kept_sizes) > 10  # the combinations really keep different rows
    assert AssetFilter(situation="todos").passing(rows, order) is not order  # a new list, never the caller's


def test_history_tab_shows_the_assets_documents_too(qtbot, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    type_id = next(t.id for t in assets.list_types(ctx.db) if t.code == "BAR")
    asset_id, _ = assets.create_asset(ctx.db, assets.AssetData(type_id=type_id, street="Hidalgo"))
    add_document(ctx.db, asset_id, DocumentData(DocumentKind.PERMIT.value, number="DU-77",
                                                valid_until=date.today() + timedelta(days=90)))
    other_id, _ = assets.create_asset(ctx.db, assets.AssetData(type_id=type_id, street="Allende"))
    add_document(ctx.db, other_id, DocumentData(DocumentKind.PERMIT.value, number="DU-99",
                                                valid_until=date.today() + timedelta(days=90)))
    form = AssetForm(ctx.db, asset_id)
    qtbot.addWidget(form)
    texts = [form.ui.historyTable.item(r, 3).text() for r in range(form.ui.historyTable.rowCount())]
    assert len(texts) == 2 and "DU-77" in texts[0] and "Hidalgo" in texts[1]
    assert not any("DU-99" in t for t in texts)  # another asset's permit is not this one's history
    assert "Tipo: Barda" in texts[1] and "Colonia" not in texts[1]  # names, not ids; a new record's blanks left out
    assert "Calle: Hidalgo" in form.ui.historyTable.item(1, 3).toolTip().splitlines()


def test_the_page_shows_another_workstation_s_edit_on_refresh(window: MainWindow, db_with_folios) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace
    from datetime import date, timedelta

    from cortazar_desk.services.asset_files import DocumentData, add_document

    from ..conftest import second_session

    page = window.inventory
    page.refresh()
    before = {r.folio: r for r in page.model.rows()}
    other = second_session(window.ctx.db, "maria", "equipo-2")
    try:
        asset_id = before["ESP-002"].id
        data, version, _ = assets.load_asset(other, asset_id)
        assets.update_asset(other, asset_id, version, replace(data, folio="ESP-020", street="Allende"))
        add_document(other, before["ESP-010"].id, DocumentData("permiso", number="LIC-77",
                                                               valid_until=date.today() + timedelta(days=400)))
    finally:
        other.dispose()
    page.refresh()  # the list is patched with the two assets, not read whole (services test), and must be right
    after = {r.folio: r for r in page.model.rows()}
    assert set(after) == {"ESP-010", "ESP-020"} and after["ESP-020"].address == "Allende"
    assert after["ESP-010"].permit_numbers == "LIC-77"
    assert page.model.rows() == assets.list_assets(window.ctx.db)
