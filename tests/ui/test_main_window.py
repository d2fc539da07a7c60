"""The main window shell: Spanish navigation, shortcuts, remembered layout, backups from the window."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from cortazar_desk.services import office
from cortazar_desk.services.demo import fill_demo_data
from cortazar_desk.ui.context import AppContext, window_settings
from cortazar_desk.ui.main_window import MainWindow


def open_window(qtbot, ctx: AppContext) -> MainWindow:  # type: ignore[no-untyped-def]
    win = MainWindow(window_settings(ctx.station.dirs))
    qtbot.addWidget(win)
    win.attach(ctx)
    win.show()
    return win


def test_window_is_usable_before_the_database_and_pages_are_lazy(qtbot, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    win = MainWindow(window_settings(ctx.station.dirs))
    qtbot.addWidget(win)
    win.show()
    assert win.stack.currentWidget() is win.loading
    assert not win.settings_action.isEnabled() and not win.nav.isEnabled()
    win.attach(ctx)
    assert win.settings_action.isEnabled()
    assert win.stack.currentWidget() is win.home
    assert set(win._pages) == {0}  # the other pages are built when first shown


def test_navigation_lists_only_working_areas_in_spanish(window: MainWindow) -> None:
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert titles == ["Inicio", "Tablero", "Inventario", "Mapa", "Campañas", "Órdenes", "Veda", "Solicitudes",
                      "Calendario", "Medios", "Monitoreo", "Catálogos", "Bitácora", "Respaldos"]
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&Archivo", "&Ver", "A&yuda"]


def test_ctrl_number_switches_pages(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.inventory
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.campaigns
    qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.media
    # Past the tenth page, Ctrl+Shift+number; the tooltips say which.
    shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window, Qt.Key.Key_2, shift)
    assert window.stack.currentWidget() is window.catalogues
    qtbot.keyClick(window, Qt.Key.Key_4, shift)
    assert window.stack.currentWidget() is window.backups
    assert window.nav.item(13).toolTip() == "Respaldos (Ctrl+Shift+4)"


def test_title_and_home_show_the_office_and_demo_badge(qtbot, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    fill_demo_data(ctx.db)
    win = open_window(qtbot, ctx)
    assert "DATOS DE DEMOSTRACIÓN" in win.windowTitle()
    assert win.home.title.text() == "Coordinación de Comunicación Social"
    assert not win.home.demo_badge.isHidden()
    assert win.home.logo.pixmap() is not None and not win.home.logo.pixmap().isNull()


def test_layout_is_remembered(qtbot, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    first = open_window(qtbot, ctx)
    first.resize(800, 540)  # the offscreen screen is 800x600; restoreGeometry clamps to it
    first.nav.setCurrentRow(2)
    first.close()
    second = open_window(qtbot, ctx)
    assert second.nav.currentRow() == 2
    assert (second.width(), second.height()) == (800, 540)


def test_backup_now_from_the_window(qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, title, text: shown.append(title))
    with qtbot.waitSignal(window.ctx.backup_made, timeout=10_000):
        window.backup_action.trigger()
    assert shown == ["Respaldo hecho"]
    assert window.backups.table.rowCount() == 1
    assert "manual" in window.backups.table.item(0, 1).text()


def test_audit_page_shows_changes_and_filters_as_you_type(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    db = window.ctx.db
    for phone in ("411 111", "411 222", "411 333"):
        office.save_profile(db, replace(office.load_profile(db), phone=phone))
    window.ctx.data_changed.emit()
    page = window.audit
    assert page.model.rowCount() == 3
    qtbot.keyClicks(page.search, "333")  # only the last change mentions it
    assert page.proxy.rowCount() == 1
    page.search.clear()
    qtbot.keyClicks(page.search, "telefono")  # accents and case do not matter
    assert page.proxy.rowCount() == 3
    assert "3 cambios" in page.count_label.text()


def test_audit_page_empty_state(window: MainWindow) -> None:
    assert window.audit.stack.currentWidget() is window.audit.empty


def test_verify_button_reports_integrity(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, title, text: shown.append(title))
    window.audit.verify_button.click()
    assert shown == ["Bitácora íntegra"]


def test_restore_from_the_window(qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    ctx = window.ctx
    made = ctx.station.backup("manual").backup
    office.save_profile(ctx.db, replace(office.load_profile(ctx.db), office_name="Cambio posterior"))
    monkeypatch.setattr(QMessageBox, "information", lambda *_a: None)
    with qtbot.waitSignal(ctx.data_changed, timeout=10_000):
        window.restore(made.path)
    assert office.load_profile(ctx.db).office_name != "Cambio posterior"
    assert window.home.title.text() == office.load_profile(ctx.db).office_name


def test_qt_own_buttons_are_in_spanish(qapp) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QDialogButtonBox

    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Yes | QDialogButtonBox.StandardButton.Cancel)
    texts = {b.text().replace("&", "") for b in box.buttons()}
    assert texts == {"Sí", "Cancelar"}
