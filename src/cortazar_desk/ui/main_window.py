"""The main window: navigation on the left, one page per area on the right.

An area appears in the navigation once it works; the foundation has Inicio, Bitácora and Respaldos.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from .. import APP_NAME, __version__
from ..services import office
from .context import AppContext
from .errors import show_error
from .pages.audit_page import AuditPage
from .pages.backups_page import BackupsPage
from .pages.home import HomePage
from .settings_dialog import SettingsDialog
from .tasks import run_in_background


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("mainWindow")
        self.setMinimumSize(QSize(800, 520))

        self.home = HomePage(ctx)
        self.audit = AuditPage(ctx)
        self.backups = BackupsPage(ctx)
        self.pages: list[tuple[str, QWidget]] = [
            ("Inicio", self.home),
            ("Bitácora", self.audit),
            ("Respaldos", self.backups),
        ]
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setMaximumWidth(220)
        self.stack = QStackedWidget()
        for n, (title, page) in enumerate(self.pages, start=1):
            item = QListWidgetItem(title)
            item.setToolTip(f"{title} (Ctrl+{n})")
            self.nav.addItem(item)
            self.stack.addWidget(page)
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([180, 820])
        self.setCentralWidget(self.splitter)

        self._build_menus()
        self.home.backup_button.clicked.connect(self.backups.backup_now)
        self.home.settings_button.clicked.connect(self.open_settings)
        self.backups.restore_requested.connect(self.restore)
        ctx.profile_saved.connect(self._update_title)
        self._update_title()
        self._status = QLabel()
        self.statusBar().addPermanentWidget(self._status)
        self._status.setText(ctx.station.location.display())
        self._restore_layout()

    # --- menus and shortcuts -------------------------------------------------------------------------------------

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&Archivo")
        self.backup_action = QAction("&Respaldar ahora", self, shortcut=QKeySequence("Ctrl+Shift+B"))
        self.backup_action.triggered.connect(self.backups.backup_now)
        file_menu.addAction(self.backup_action)
        self.settings_action = QAction("&Configuración…", self, shortcut=QKeySequence("Ctrl+,"))
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.settings_action.triggered.connect(self.open_settings)
        file_menu.addAction(self.settings_action)
        file_menu.addSeparator()
        quit_action = QAction("&Salir", self, shortcut=QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        view_menu = self.menuBar().addMenu("&Ver")
        for n, (title, _page) in enumerate(self.pages):
            action = QAction(title, self, shortcut=QKeySequence(f"Ctrl+{n + 1}"))
            action.triggered.connect(lambda _checked=False, row=n: self.nav.setCurrentRow(row))
            view_menu.addAction(action)

        help_menu = self.menuBar().addMenu("A&yuda")
        about = QAction("&Acerca de Cortazar Desk", self)
        about.triggered.connect(self.about)
        help_menu.addAction(about)

    def _update_title(self) -> None:
        profile = office.load_profile(self.ctx.db)
        demo = " — DATOS DE DEMOSTRACIÓN" if profile.is_demo else ""
        self.setWindowTitle(f"{APP_NAME} — {profile.office_name}{demo}")

    def about(self) -> None:
        QMessageBox.about(
            self,
            "Acerca de Cortazar Desk",
            f"<b>{APP_NAME}</b> {__version__}<br>Coordinación de Comunicación Social<br>"
            "H. Ayuntamiento de Cortazar, Guanajuato<br><br>"
            f"Base de datos: {self.ctx.station.location.display()}",
        )

    # --- actions -------------------------------------------------------------------------------------------------

    def open_settings(self) -> None:
        SettingsDialog(self.ctx, self).exec()
        self.backups.refresh()
        self.home.refresh()

    def restore(self, path: Path) -> None:
        """Close our connections, restore, reopen: the window stays, showing the restored data."""
        station = self.ctx.station
        self.ctx.db.dispose()

        def reopened(db: object) -> None:
            self.ctx.db = db  # type: ignore[assignment]
            self.ctx.data_changed.emit()
            self.ctx.backup_made.emit()
            self._update_title()
            QMessageBox.information(self, "Respaldo restaurado", f"Se restauró el respaldo {Path(path).name}.")

        def failed(exc: BaseException) -> None:
            show_error(self, exc)
            # The database we had is untouched when a restore fails before copying; reopen it.
            try:
                self.ctx.db = station.open()
            except Exception as again:
                show_error(self, again)

        def work() -> object:
            station.restore(Path(path))
            return station.open()

        run_in_background(self, "Restaurando el respaldo…", work, reopened, failed)

    # --- window layout -------------------------------------------------------------------------------------------

    def _restore_layout(self) -> None:
        s = self.ctx.ui_settings
        geometry = s.value("main/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1100, 700)
        state = s.value("main/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        splitter = s.value("main/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)
        header = s.value("audit/header")
        if isinstance(header, QByteArray):
            self.audit.table.horizontalHeader().restoreState(header)
        page = int(s.value("main/page", 0) or 0)
        self.nav.setCurrentRow(page if 0 <= page < len(self.pages) else 0)

    def save_layout(self) -> None:
        s = self.ctx.ui_settings
        s.setValue("main/geometry", self.saveGeometry())
        s.setValue("main/state", self.saveState())
        s.setValue("main/splitter", self.splitter.saveState())
        s.setValue("audit/header", self.audit.table.horizontalHeader().saveState())
        s.setValue("main/page", self.nav.currentRow())
        s.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        self.save_layout()
        super().closeEvent(event)

