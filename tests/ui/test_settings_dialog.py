"""Configuración: saves the office's profile and this workstation's settings; refuses bad input keeping it."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QMessageBox

from cortazar_desk.config import WorkstationConfig
from cortazar_desk.services import office
from cortazar_desk.ui.context import AppContext
from cortazar_desk.ui.settings_dialog import SettingsDialog

from ..conftest import second_session


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: seen.append(box.text()) or 0)
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: seen.append(text))
    return seen


def _save(dialog: SettingsDialog) -> None:
    dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Save).click()


def test_saves_profile_and_workstation(qtbot, ctx: AppContext, messages: list[str], tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.ui.officeNameEdit.setText("Comunicación Social Cortazar")
    dialog.ui.warningDaysSpin.setValue(15)
    dialog.ui.secondFolderEdit.setText(str(tmp_path / "usb"))
    _save(dialog)
    assert dialog.result() == SettingsDialog.DialogCode.Accepted
    saved = office.load_profile(ctx.db)
    assert saved.office_name == "Comunicación Social Cortazar" and saved.expiry_warning_days == 15
    assert WorkstationConfig.load(ctx.station.dirs.config_file).second_backup_folder == str(tmp_path / "usb")


def test_conflict_keeps_the_dialog_open_with_what_was_typed(qtbot, ctx: AppContext, messages: list[str]) -> None:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    other = second_session(ctx.db, "maria", "equipo-2")
    office.save_profile(other, replace(office.load_profile(other), phone="411 999"))
    other.dispose()
    dialog.ui.officeNameEdit.setText("Lo que escribí")
    dialog.show()
    _save(dialog)
    assert dialog.isVisible() and dialog.ui.officeNameEdit.text() == "Lo que escribí"
    assert any("maria" in m and "Teléfono" in m for m in messages)


def test_empty_office_name_is_refused_in_spanish(qtbot, ctx: AppContext, messages: list[str]) -> None:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.ui.officeNameEdit.setText("   ")
    _save(dialog)
    assert dialog.isVisible()
    assert messages and "nombre de la oficina" in messages[0]


def test_cloud_folder_for_the_database_is_refused(qtbot, ctx: AppContext, messages: list[str]) -> None:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.ui.databaseEdit.setText(str(Path.home() / "Dropbox" / "cortazar.sqlite"))
    _save(dialog)
    assert dialog.isVisible() and "nube" in messages[0]
    assert not ctx.station.dirs.config_file.exists()  # nothing of the dialog was saved


def test_logo_chosen_from_a_file(qtbot, ctx: AppContext, messages: list[str], tmp_path: Path,  # type: ignore[no-untyped-def]
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    logo = tmp_path / "escudo.png"
    buf = io.BytesIO()
    Image.new("RGB", (300, 200), "navy").save(buf, "PNG")
    logo.write_bytes(buf.getvalue())
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(logo), ""))
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.ui.chooseLogoButton.click()
    assert not dialog.ui.logoPreview.pixmap().isNull()
    _save(dialog)
    assert office.load_profile(ctx.db).logo_attachment_id is not None


def test_a_file_that_is_not_an_image_is_refused_as_logo(qtbot, ctx: AppContext, messages: list[str],  # type: ignore[no-untyped-def]
                                                       tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = tmp_path / "logo.png"
    fake.write_bytes(b"%PDF-1.4 no soy imagen")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(fake), ""))
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.ui.chooseLogoButton.click()
    assert messages and "JPEG o PNG" in messages[0]
