from __future__ import annotations

from collections.abc import Iterator

import pytest

from cortazar_desk.services.database import Database
from cortazar_desk.services.workstation import Workstation
from cortazar_desk.ui.context import AppContext, window_settings
from cortazar_desk.ui.main_window import MainWindow


@pytest.fixture(scope="session", autouse=True)
def spanish(qapp) -> None:  # type: ignore[no-untyped-def]
    """As in the app: Qt's own buttons and dialogs in Spanish."""
    from cortazar_desk.ui.translations import install_spanish

    install_spanish(qapp)


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
