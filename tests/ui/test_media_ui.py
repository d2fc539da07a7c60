"""The press office's screens, walked as the office would the morning after an event: log notes from the keyboard,
print the síntesis, export the radio list to vCard, merge a duplicate, import a contact list."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import vobject
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from cortazar_desk.domain.media import ListCriteria
from cortazar_desk.services import media_directory as md
from cortazar_desk.services import media_lists as ml
from cortazar_desk.services import media_monitoring as mm
from cortazar_desk.ui.context import AppContext
from cortazar_desk.ui.main_window import MEDIA, MONITORING, MainWindow
from cortazar_desk.ui.models.contacts_model import ContactsModel


def row(n: int, name: str, outlet: str = "El Sol", dnc: bool = False) -> md.ContactRow:
    return md.ContactRow(n, name, 1, outlet, "impreso", "regional", "", "seguridad", f"461 000 {n:04d}", "", "",
                         "", "", dnc, "", 1)


def test_contacts_model_searches_as_you_type_and_sorts() -> None:
    model = ContactsModel()
    model.set_rows([row(1, "Zoila Núñez"), row(2, "Ángel Ruiz", "Correo"), row(3, "Ana Ruiz", dnc=True)])
    assert [model.row_at(n).name for n in range(3)] == ["Ana Ruiz", "Ángel Ruiz", "Zoila Núñez"]
    model.set_search("ruiz")
    assert [model.row_at(n).name for n in range(model.rowCount())] == ["Ana Ruiz", "Ángel Ruiz"]
    model.set_search("ruiz corr")  # narrows the previous result
    assert [model.row_at(n).id for n in range(model.rowCount())] == [2]
    model.set_search("nunez")
    assert [model.row_at(n).id for n in range(model.rowCount())] == [1]
    model.set_search("")
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert [model.row_at(n).id for n in range(3)] == [1, 2, 3]
    assert model.data(model.index(2, 9)) == "No contactar"
    assert model.data(model.index(2, 0), Qt.ItemDataRole.BackgroundRole) is not None


@pytest.fixture
def press(ctx: AppContext) -> AppContext:
    from cortazar_desk.services.demo_media import fill_demo_media

    fill_demo_media(ctx.db, date.today())
    return ctx


def test_fast_entry_keeps_outlet_and_date_between_notes(qtbot, window: MainWindow, press: AppContext) -> None:  # type: ignore[no-untyped-def]
    window._show_page(MONITORING)
    page = window.monitoring
    form = page.form
    ui = form.ui
    before = len(mm.list_entries(press.db, date(2026, 3, 10), date(2026, 3, 10)))
    ui.dateEdit.setDate(QDate(2026, 3, 10))
    ui.outletCombo.setFocus()
    ui.outletCombo.setEditText("Express")  # part of the name is enough
    for n in range(3):
        qtbot.keyClicks(ui.headlineEdit, f"Nota {n} de la manana")
        ui.toneCombo.setCurrentIndex(ui.toneCombo.findData("positiva" if n else "negativa"))
        ui.departmentsList.item(0).setCheckState(Qt.CheckState.Checked)
        qtbot.keyClick(ui.headlineEdit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert ui.headlineEdit.text() == "" and ui.headlineEdit.hasFocus()
        assert ui.outletCombo.currentText().startswith("Express TV") and ui.dateEdit.date() == QDate(2026, 3, 10)
    rows = mm.list_entries(press.db, date(2026, 3, 10), date(2026, 3, 10))
    assert len(rows) == before + 3
    assert {r.outlet for r in rows[:3]} == {"Express TV"}
    assert [r.tone for r in sorted(rows[:3], key=lambda r: r.id)] == ["negativa", "positiva", "positiva"]
    assert all(r.departments for r in rows[:3])
    # The page lists the day's notes, and double-clicking one loads it in the form for editing.
    page.start.setDate(QDate(2026, 3, 10))
    page.end.setDate(QDate(2026, 3, 10))
    assert {r.headline for r in page.entries.rows()} >= {"Nota 0 de la manana", "Nota 2 de la manana"}
    form.edit(rows[0].id)
    assert ui.headlineEdit.text() == rows[0].headline and "cambios" in ui.saveButton.text()


def test_a_note_without_outlet_says_so(qtbot, window: MainWindow, press: AppContext,  # type: ignore[no-untyped-def]
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    errors: list[str] = []
    monkeypatch.setattr("cortazar_desk.ui.monitoring_form.show_error", lambda _p, exc: errors.append(exc.message))
    window._show_page(MONITORING)
    form = window.monitoring.form
    form.ui.headlineEdit.setText("Sin medio")
    form.save()
    assert errors == ["Elija el medio de la lista (escriba parte de su nombre)."]


def test_summary_of_the_day_in_one_action(qtbot, window: MainWindow, press: AppContext,  # type: ignore[no-untyped-def]
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from cortazar_desk.ui.pdf_preview import PdfPreview
    from cortazar_desk.ui.tasks import wait_for_background

    previews: list[PdfPreview] = []
    monkeypatch.setattr(PdfPreview, "exec", lambda self: previews.append(self) or 0)
    window._show_page(MONITORING)
    page = window.monitoring
    page.summary_day.setDate(QDate.currentDate())
    page.summary_button.click()
    wait_for_background()
    qtbot.waitUntil(lambda: bool(previews), timeout=20_000)
    assert previews[0].pdf.startswith(b"%PDF-") and previews[0].document.pageCount() >= 1
    assert previews[0].suggested_name == f"sintesis-{date.today():%Y-%m-%d}.pdf"


def test_radio_list_to_vcard_without_do_not_contact(qtbot, window: MainWindow, press: AppContext,  # type: ignore[no-untyped-def]
                                                    tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    radio_outlet = next(o for o in md.list_outlets(press.db) if o.medium == "radio")
    dnc = md.create_contact(press.db, md.ContactData("Persona Vetada", radio_outlet.id, do_not_contact=True,
                                                     dnc_since=date(2026, 1, 1), dnc_reason="Lo pidió"))
    assert dnc
    window._show_page(MEDIA)
    page = window.media
    page.tabs.setCurrentIndex(2)
    radio_row = next(n for n, r in enumerate(page.lists.rows()) if r.name.startswith("Radio"))
    page.lists_table.selectRow(radio_row)
    assert "no contactar" in page.members_label.text()
    target = tmp_path / "radio.vcf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), ""))
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: shown.append(text))
    page.export_vcf()
    cards = list(vobject.readComponents(target.read_text("utf-8")))
    expected = {r.name for r in ml.list_members(press.db, page.selected_list().id, for_export=True)}
    assert {c.fn.value for c in cards} == expected and "Persona Vetada" not in expected and len(cards) >= 2
    assert shown and "tarjetas" in shown[0]
    workbook = tmp_path / "radio.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(workbook), ""))
    page.export_xlsx()
    from openpyxl import load_workbook

    names = {row[0] for row in load_workbook(workbook).active.iter_rows(min_row=2, values_only=True)}
    assert names == expected and shown[1] == f"{len(expected)} contactos en radio.xlsx."


def test_merge_a_duplicate_from_the_directory(qtbot, window: MainWindow, press: AppContext,  # type: ignore[no-untyped-def]
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    from cortazar_desk.ui.media_dialogs import DuplicatesDialog

    before = len(md.list_contacts(press.db))
    dialog = DuplicatesDialog(press)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1 and "mismo nombre" in dialog.table.item(0, 2).text()
    dialog.keep_a.setChecked(True)
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda _p, _t, text, *a, **k: asked.append(text)
                        or QMessageBox.StandardButton.No)
    dialog.merge_button.click()  # asked first, showing what is kept: "No" merges nothing
    assert "no se deshace" in asked[0] and len(md.list_contacts(press.db)) == before
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(press.data_changed):
        dialog.merge_button.click()
    assert dialog.table.rowCount() == 0 and len(md.list_contacts(press.db)) == before - 1


def test_contact_form_shows_duplicates_while_typing_and_saves(qtbot, press: AppContext) -> None:  # type: ignore[no-untyped-def]
    from cortazar_desk.ui.contact_dialog import ContactDialog

    existing = md.list_contacts(press.db)[0]
    dialog = ContactDialog(press, None)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.ui.nameEdit, "Alguien Nuevo")
    qtbot.keyClicks(dialog.ui.phoneEdit, existing.phone.replace(" ", "-"))
    qtbot.waitUntil(lambda: "Posibles duplicados" in dialog.ui.duplicatesLabel.text(), timeout=5_000)
    assert existing.name in dialog.ui.duplicatesLabel.text()
    dialog.ui.emailEdit.setText("nuevo@@x")
    errors: list[str] = []
    import cortazar_desk.ui.contact_dialog as module

    original = module.show_error
    module.show_error = lambda _p, exc: errors.append(exc.message)  # type: ignore[assignment]
    try:
        assert not dialog.save()
    finally:
        module.show_error = original
    assert "no es un correo" in errors[0]
    dialog.ui.emailEdit.setText("nuevo@medio.example")
    from PySide6.QtWidgets import QMessageBox

    answers = iter([QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])
    module.QMessageBox.question = lambda *a, **k: next(answers)  # type: ignore[method-assign]
    assert not dialog.save() and dialog.contact_id is None  # a likely duplicate is asked about first
    assert dialog.save() and dialog.contact_id is not None
    assert md.load_contact(press.db, dialog.contact_id)[0].phone == existing.phone


def test_saved_search_dialog_counts_matches(qtbot, press: AppContext) -> None:  # type: ignore[no-untyped-def]
    from cortazar_desk.ui.media_dialogs import ListDialog

    dialog = ListDialog(press, None)
    qtbot.addWidget(dialog)
    dialog.name.setText("Radio y TV")
    dialog.saved.setChecked(True)
    dialog.media_checks["radio"].setChecked(True)
    dialog.media_checks["tv"].setChecked(True)
    expected = len(ml.preview_criteria(press.db, ListCriteria(media=("radio", "tv"))))
    assert f"Hoy coinciden {expected:,} contactos" in dialog.matches.text()
    dialog.save()
    assert dialog.result() and dialog.list_id is not None
    assert len(ml.list_members(press.db, dialog.list_id)) == expected


def test_contact_import_dialog(qtbot, ctx: AppContext, tmp_path: Path,  # type: ignore[no-untyped-def]
                               monkeypatch: pytest.MonkeyPatch) -> None:
    from cortazar_desk.ui.pages.media_page import ContactImportDialog

    from ..services.test_media_import import ROWS, workbook

    md.create_outlet(ctx.db, md.OutletData("El Sol del Bajío", "impreso", "regional"))
    dialog = ContactImportDialog(ctx)
    qtbot.addWidget(dialog)
    assert dialog.update_check.isHidden()
    dialog.load(workbook(tmp_path / "prensa.xlsx", ROWS))
    qtbot.waitUntil(lambda: not dialog.busy and dialog.preview is not None, timeout=10_000)
    assert "con errores" in dialog.summary.text() and dialog.import_button.text() == "Importar 5 filas"
    labels = {dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())}
    assert labels == {"Nuevo", "Error", "Posible duplicado"}
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda *_a, **_k: None)
    with qtbot.waitSignal(ctx.data_changed):
        dialog.run_import()
    assert dialog.result.created == 5 and len(md.list_contacts(ctx.db)) == 5
    assert ctx.station.list_backups()[0].reason == "antes-de-importar"


def test_retire_a_contact_and_restore_it(qtbot, window: MainWindow, press: AppContext,  # type: ignore[no-untyped-def]
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    from cortazar_desk.ui.media_dialogs import RetiredDialog

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window._show_page(MEDIA)
    page = window.media
    before = page.contacts.rowCount()
    page.contacts_table.selectRow(0)
    name = page.selected_contacts()[0].name
    page.retire_selected_contacts()
    assert page.contacts.rowCount() == before - 1
    assert name not in {c.name for c in md.list_contacts(press.db)}
    dialog = RetiredDialog(press, contacts=True)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 1 and not dialog.empty.isVisibleTo(dialog)
    dialog.table.selectRow(0)
    dialog.restore_selected()
    assert dialog.model.rowCount() == 0
    assert page.contacts.rowCount() == before  # the page refreshed on the change
