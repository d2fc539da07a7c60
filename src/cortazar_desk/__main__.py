"""Entry point. Start-up order (Vorta's): excepthook -> folders -> logging -> window -> database.

The window is shown before the database layer is even imported, so the office sees it at once; heavy modules
(SQLAlchemy, and later the web engine, reportlab, openpyxl, folium) load only when first needed.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

# Benchmark only: print the time and quit when the window is "shown" (first paint), "ready" (home page painted
# with the office's data) or "inventory" (the inventory page painted with every asset; the process's memory is
# printed too).
QUIT_WHEN_ENV = "CORTAZAR_DESK_QUIT_WHEN"


def main(argv: Sequence[str] | None = None) -> int:
    from .cli import main as cli_main

    return cli_main(argv)


def run_gui(database: str | None = None, *, demo: bool = False) -> int:
    from . import APP_NAME, ORG_NAME
    from .logsetup import setup_logging
    from .paths import app_dirs

    dirs = app_dirs().ensure()
    log_file = setup_logging(dirs.logs)

    from PySide6.QtWidgets import QApplication

    from .ui.context import window_settings
    from .ui.errors import install_excepthook
    from .ui.first_paint import after_first_paint
    from .ui.main_window import INVENTORY, MainWindow

    install_excepthook(log_file)
    QApplication.setApplicationName(APP_NAME)
    QApplication.setOrganizationName(ORG_NAME)
    from .ui.map.setup import prepare_before_app

    prepare_before_app()
    app = QApplication(sys.argv[:1])
    app.setApplicationDisplayName(APP_NAME)
    from .ui.translations import install_spanish

    install_spanish(app)
    quit_when = os.environ.get(QUIT_WHEN_ENV, "")
    outcome = {"code": 0}

    def report_and_quit() -> None:
        import time

        print(f"{quit_when} {time.time():.6f}", flush=True)  # the benchmark's clock stops here, not at exit
        if quit_when == "inventory":
            print(f"rss_mb {_resident_mb():.1f}", flush=True)
        app.quit()

    window = MainWindow(window_settings(dirs))

    def open_database() -> None:
        from .config import WorkstationConfig
        from .ui.startup import open_database_interactively, start_background_duties

        ctx = open_database_interactively(dirs, WorkstationConfig.load(dirs.config_file), database, demo=demo)
        if ctx is None:
            outcome["code"] = 1
            window.close()
            app.quit()
            return
        window.attach(ctx)
        if quit_when == "ready":
            after_first_paint(window.stack.currentWidget(), report_and_quit)
        elif quit_when == "inventory":
            window.nav.setCurrentRow(INVENTORY)
            after_first_paint(window.inventory.table.viewport(), report_and_quit)
        elif not quit_when:
            start_background_duties(window)

    after_first_paint(window, report_and_quit if quit_when == "shown" else open_database)
    window.show()
    code = app.exec()
    if window.ctx is not None:
        from .ui.tasks import wait_for_background

        wait_for_background()
        window.ctx.db.dispose()
    return outcome["code"] or int(code)


def _resident_mb() -> float:
    """This process's resident memory now (Linux; the benchmark runs there)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


if __name__ == "__main__":
    sys.exit(main())
