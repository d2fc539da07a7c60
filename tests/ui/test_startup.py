"""Opening with a person in front: a damaged file leads to the recovery offer, errors to Spanish messages."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtWidgets import QMessageBox

from cortazar_desk.config import WorkstationConfig
from cortazar_desk.paths import app_dirs
from cortazar_desk.services import office
from cortazar_desk.services.workstation import Workstation
from cortazar_desk.ui import errors as ui_errors
from cortazar_desk.ui.startup import open_database_interactively


class Clicker:
    """Stands in for the person: answers every message box with the button whose text contains ``choice``."""

    def __init__(self, choice: str) -> None:
        self.choice = choice
        self.texts: list[str] = []

    def __call__(self, box: QMessageBox) -> int:
        self.texts.append(box.text())
        for button in box.buttons():
            if self.choice in button.text():
                self.clicked = button
                return 0
        return 0


@pytest.fixture
def person(monkeypatch: pytest.MonkeyPatch) -> Clicker:
    clicker = Clicker("Apartar")
    monkeypatch.setattr(QMessageBox, "exec", lambda box: clicker(box))
    monkeypatch.setattr(QMessageBox, "clickedButton", lambda _box: getattr(clicker, "clicked", None))
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: clicker.texts.append(text))
    return clicker


def test_damaged_database_is_recovered_from_the_newest_backup(qapp, person: Clicker) -> None:  # type: ignore[no-untyped-def]
    dirs = app_dirs().ensure()
    station = Workstation.resolve(dirs, WorkstationConfig())
    db = station.open()
    office.save_profile(db, replace(office.load_profile(db), office_name="Del respaldo"))
    db.dispose()
    made = station.backup("auto").backup
    assert station.location.path is not None
    station.location.path.write_bytes(b"\x00danado" * 5000)
    for side in ("-wal", "-shm"):
        station.location.path.with_name(station.location.path.name + side).unlink(missing_ok=True)

    ctx = open_database_interactively(dirs, WorkstationConfig(), None)

    assert ctx is not None
    assert office.load_profile(ctx.db).office_name == "Del respaldo"
    assert any(f"{made.taken_at:%d/%m/%Y %H:%M}" in t for t in person.texts)  # the backup's date is told
    assert list(dirs.data.glob("cortazar_desk.sqlite.danada-*"))  # the damaged file was kept
    ctx.db.dispose()


def test_refusing_recovery_touches_nothing(qapp, person: Clicker) -> None:  # type: ignore[no-untyped-def]
    person.choice = "Salir"
    dirs = app_dirs().ensure()
    dirs.default_database.write_bytes(b"\x00danado" * 5000)
    assert open_database_interactively(dirs, WorkstationConfig(), None) is None
    assert dirs.default_database.read_bytes() == b"\x00danado" * 5000


def test_unreachable_server_offers_the_local_database(qapp, person: Clicker) -> None:  # type: ignore[no-untyped-def]
    person.choice = "Usar la base de datos de este equipo"
    dirs = app_dirs().ensure()
    ctx = open_database_interactively(dirs, WorkstationConfig(database="postgresql://ana@127.0.0.1:1/cortazar"), None)
    assert ctx is not None and ctx.station.location.path == dirs.default_database
    assert "No se pudo abrir la base de datos" in person.texts[0]
    ctx.db.dispose()


def test_unexpected_errors_show_a_spanish_message_not_a_trace(qapp, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
                                                             tmp_path) -> None:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, title, text: shown.append((title, text)))
    ui_errors.install_excepthook(tmp_path / "cortazar_desk.log")
    try:
        raise RuntimeError("KeyError in some widget")
    except RuntimeError as exc:
        ui_errors._hook(type(exc), exc, exc.__traceback__)
    assert shown and shown[0][0] == "Ocurrió un error inesperado"
    assert "RuntimeError" not in shown[0][1] and "cortazar_desk.log" in shown[0][1]
