"""Entry point. Start-up order (Vorta's): excepthook -> folders -> logging -> database -> window.

Heavy modules (web engine, reportlab, openpyxl, folium) are imported only where first used, to keep start-up fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

QUIT_WHEN_SHOWN_ENV = "CORTAZAR_DESK_QUIT_WHEN_SHOWN"  # benchmark only


def main(argv: Sequence[str] | None = None) -> int:
    from .cli import main as cli_main

    return cli_main(argv)


def run_gui(database: str | None = None, *, demo: bool = False) -> int:
    from . import APP_NAME, ORG_NAME
    from .config import WorkstationConfig
    from .logsetup import setup_logging
    from .paths import app_dirs

    dirs = app_dirs().ensure()
    log_file = setup_logging(dirs.logs)

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from .ui.errors import install_excepthook

    install_excepthook(log_file)
    QApplication.setApplicationName(APP_NAME)
    QApplication.setOrganizationName(ORG_NAME)
    app = QApplication(sys.argv[:1])
    app.setApplicationDisplayName(APP_NAME)

    from .ui.startup import open_database_interactively, start_background_duties

    opened = open_database_interactively(dirs, WorkstationConfig.load(dirs.config_file), database, demo=demo)
    if opened is None:
        return 1
    from .ui.main_window import MainWindow

    window = MainWindow(opened)
    window.show()
    if os.environ.get(QUIT_WHEN_SHOWN_ENV):
        QTimer.singleShot(0, app.quit)
    else:
        QTimer.singleShot(0, lambda: start_background_duties(window))
    code = app.exec()
    from .ui.tasks import wait_for_background

    wait_for_background()
    opened.db.dispose()
    return int(code)


if __name__ == "__main__":
    sys.exit(main())
