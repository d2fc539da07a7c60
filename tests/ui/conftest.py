from __future__ import annotations

from collections.abc import Iterator

import pytest

from cortazar_desk.services.database import Database
from cortazar_desk.services.workstation import Workstation
from cortazar_desk.ui.context import AppContext, window_settings
from cortazar_desk.ui.main_window import MainWindow


@pytest.fixture(scope="session", autouse=True)
def spanish(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """As in the app: Qt's own buttons and dialogs in Spanish. At the end, the map's pages go before its profile,
    as the app does when it quits."""
    from cortazar_desk.ui.map.engine import MapEngine
    from cortazar_desk.ui.translations import install_spanish

    install_spanish(qapp)
    yield
    MapEngine.shutdown_if_created()


@pytest.fixture(autouse=True)
def no_blocking_dialogs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A modal dialog offscreen would wait for ever (for instance the "unsaved changes" question when pytest-qt
    closes a form at teardown). Questions are answered "Discard"; tests that care patch their own answers."""
    from PySide6.QtWidgets import QMessageBox

    asked: list[str] = []

    def question(*args, **_kwargs):  # type: ignore[no-untyped-def]
        asked.append(str(args[2]) if len(args) > 2 else "")
        return QMessageBox.StandardButton.Discard

    monkeypatch.setattr(QMessageBox, "question", question)
    # Any other message box is recorded and closed at once: a test must never wait on one.
    monkeypatch.setattr(QMessageBox, "exec", lambda box: asked.append(box.text()) or 0)
    for name in ("information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, name, lambda *a, **_k: asked.append(str(a[2]) if len(a) > 2 else "") or 0)
    return asked


@pytest.fixture
def ctx(qapp, station: Workstation, sqlite_db: Database) -> AppContext:  # type: ignore[no-untyped-def]
    return AppContext(station, sqlite_db)


@pytest.fixture
def window(qtbot, ctx: AppContext) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    win = MainWindow(window_settings(ctx.station.dirs))
    qtbot.addWidget(win)
    win.attach(ctx)
    win.show()
    qtbot.waitExposed(win)
    yield win
    from cortazar_desk.ui.tasks import wait_for_background

    wait_for_background()  # the start-up warm-up may still be reading the database the fixture is about to close
