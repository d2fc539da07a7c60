"""The main window: navigation on the left, one page per area on the right.

It is built and shown before the database layer is imported, then ``attach()`` gives it the open database; pages
are created the first time they are shown. An area appears in the navigation once it works.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt, QTimer
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

if TYPE_CHECKING:
    from .context import AppContext
    from .pages.audit_page import AuditPage
    from .pages.backups_page import BackupsPage
    from .pages.calendar_page import CalendarPage
    from .pages.campaigns_page import CampaignsPage
    from .pages.catalogues_page import CataloguesPage
    from .pages.dashboard_page import DashboardPage
    from .pages.home import HomePage
    from .pages.inventory_page import InventoryPage
    from .pages.map_page import MapPage
    from .pages.media_page import MediaPage
    from .pages.monitoring_page import MonitoringPage
    from .pages.orders_page import OrdersPage
    from .pages.requests_page import RequestsPage
    from .pages.veda_page import VedaPage

PAGE_TITLES = ("Inicio", "Tablero", "Inventario", "Mapa", "Campañas", "Órdenes", "Veda", "Solicitudes",
               "Calendario", "Medios", "Monitoreo", "Catálogos", "Bitácora", "Respaldos")
(HOME, DASHBOARD, INVENTORY, MAP, CAMPAIGNS, ORDERS, VEDA, REQUESTS, CALENDAR, MEDIA, MONITORING, CATALOGUES, AUDIT,
 BACKUPS) = range(len(PAGE_TITLES))


log = logging.getLogger(__name__)
WARM_UP_DELAY_MS = 1500  # after the first page is shown and painted


def page_shortcut(row: int) -> str:
    """Ctrl+1 to Ctrl+9 and Ctrl+0 for the first ten pages, Ctrl+Shift+1... for the rest."""
    return f"Ctrl+{(row + 1) % 10}" if row < 10 else f"Ctrl+Shift+{row - 9}"


class MainWindow(QMainWindow):
    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.ctx: AppContext | None = None
        self._pages: dict[int, QWidget] = {}
        self.setObjectName("mainWindow")
        self.setMinimumSize(QSize(800, 520))
        self.setWindowTitle(APP_NAME)

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setMaximumWidth(220)
        self.nav.setMinimumWidth(120)
        self.nav.setStyleSheet("QListWidget#navigation::item { padding: 6px 10px; }")
        self.stack = QStackedWidget()
        for n, title in enumerate(PAGE_TITLES):
            item = QListWidgetItem(title)
            item.setToolTip(f"{title} ({page_shortcut(n)})")
            self.nav.addItem(item)
            self.stack.addWidget(QWidget())  # replaced by the real page when first shown
        self.loading = QLabel("Abriendo la base de datos…")
        self.loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.loading)
        self.stack.setCurrentWidget(self.loading)
        self.nav.currentRowChanged.connect(self._show_page)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(0, False)
        self.splitter.setSizes([180, 820])
        self.setCentralWidget(self.splitter)
        self._status = QLabel()
        self.statusBar().addPermanentWidget(self._status)
        self._build_menus()
        self._set_database_actions(False)
        self._restore_layout()

    # --- the database arrives ------------------------------------------------------------------------------------

    def attach(self, ctx: AppContext) -> None:
        self.ctx = ctx
        ctx.profile_saved.connect(self._update_title)
        self._update_title()
        self._status.setText(ctx.station.location.display())
        self._set_database_actions(True)
        row = self.nav.currentRow()
        self._show_page(row if row >= 0 else HOME)
        # Once the first page is up, the asset list and its permit statuses are built in the background, so the
        # first availability search or inventory view of the session does not wait for them.
        QTimer.singleShot(WARM_UP_DELAY_MS, self, self._warm_up)  # never after the window is gone

    def _warm_up(self) -> None:
        if self.ctx is None:
            return
        from ..services.campaigns import prepare_asset_caches
        from .tasks import run_in_background

        db = self.ctx.db
        run_in_background(None, "", lambda: prepare_asset_caches(db), lambda _result: None,
                          lambda exc: log.warning("preparing the asset list in the background failed: %s", exc),
                          show_progress=False)

    def page(self, row: int) -> QWidget:
        """The page at ``row``, created the first time it is needed."""
        if row not in self._pages:
            assert self.ctx is not None, "pages need the database"
            page = self._create_page(row, self.ctx)
            old = self.stack.widget(row)
            self.stack.insertWidget(row, page)
            self.stack.removeWidget(old)
            old.deleteLater()
            self._pages[row] = page
        return self._pages[row]

    def _create_page(self, row: int, ctx: AppContext) -> QWidget:
        if row == HOME:
            from .pages.home import HomePage

            home = HomePage(ctx)
            home.backup_button.clicked.connect(self.backup_now)
            home.settings_button.clicked.connect(self.open_settings)
            return home
        if row == DASHBOARD:
            from .pages.dashboard_page import DashboardPage

            board = DashboardPage(ctx)
            board.asset_open_requested.connect(self.open_asset)
            return board
        if row == INVENTORY:
            from .pages.inventory_page import InventoryPage

            inventory = InventoryPage(ctx, self.settings)
            inventory.asset_open_requested.connect(self.open_asset)
            return inventory
        if row == MAP:
            from .pages.map_page import MapPage

            map_page = MapPage(ctx, self.inventory)
            map_page.asset_open_requested.connect(self.open_asset)
            map_page.to_inventory.clicked.connect(lambda: self._show_page(INVENTORY))
            return map_page
        if row == CAMPAIGNS:
            from .pages.campaigns_page import CampaignsPage

            return CampaignsPage(ctx)
        if row == ORDERS:
            from .pages.orders_page import OrdersPage

            return OrdersPage(ctx)
        if row == VEDA:
            from .pages.veda_page import VedaPage

            return VedaPage(ctx)
        if row == REQUESTS:
            from .pages.requests_page import RequestsPage

            return RequestsPage(ctx)
        if row == CALENDAR:
            from .pages.calendar_page import CalendarPage

            return CalendarPage(ctx)
        if row == CATALOGUES:
            from .pages.catalogues_page import CataloguesPage

            page = CataloguesPage(ctx)
            ctx.data_changed.connect(page.refresh)
            return page
        if row == MEDIA:
            from .pages.media_page import MediaPage

            return MediaPage(ctx)
        if row == MONITORING:
            from .pages.monitoring_page import MonitoringPage

            return MonitoringPage(ctx)
        if row == AUDIT:
            from .pages.audit_page import AuditPage

            audit = AuditPage(ctx)
            header = self.settings.value("audit/header")
            if isinstance(header, QByteArray):
                audit.table.horizontalHeader().restoreState(header)
            return audit
        from .pages.backups_page import BackupsPage

        backups = BackupsPage(ctx)
        backups.restore_requested.connect(self.restore)
        return backups

    @property
    def home(self) -> HomePage:
        return self.page(HOME)  # type: ignore[return-value]

    @property
    def dashboard(self) -> DashboardPage:
        return self.page(DASHBOARD)  # type: ignore[return-value]

    @property
    def inventory(self) -> InventoryPage:
        return self.page(INVENTORY)  # type: ignore[return-value]

    @property
    def map(self) -> MapPage:
        return self.page(MAP)  # type: ignore[return-value]

    @property
    def campaigns(self) -> CampaignsPage:
        return self.page(CAMPAIGNS)  # type: ignore[return-value]

    @property
    def orders(self) -> OrdersPage:
        return self.page(ORDERS)  # type: ignore[return-value]

    @property
    def veda(self) -> VedaPage:
        return self.page(VEDA)  # type: ignore[return-value]

    @property
    def requests(self) -> RequestsPage:
        return self.page(REQUESTS)  # type: ignore[return-value]

    @property
    def calendar(self) -> CalendarPage:
        return self.page(CALENDAR)  # type: ignore[return-value]

    @property
    def catalogues(self) -> CataloguesPage:
        return self.page(CATALOGUES)  # type: ignore[return-value]

    @property
    def audit(self) -> AuditPage:
        return self.page(AUDIT)  # type: ignore[return-value]

    @property
    def backups(self) -> BackupsPage:
        return self.page(BACKUPS)  # type: ignore[return-value]

    @property
    def media(self) -> MediaPage:
        return self.page(MEDIA)  # type: ignore[return-value]

    @property
    def monitoring(self) -> MonitoringPage:
        return self.page(MONITORING)  # type: ignore[return-value]

    def _show_page(self, row: int) -> None:
        if self.ctx is None or row < 0:
            return
        if self.nav.currentRow() != row:
            self.nav.setCurrentRow(row)  # comes back here through currentRowChanged
            return
        self.stack.setCurrentWidget(self.page(row))

    # --- menus and shortcuts -------------------------------------------------------------------------------------

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&Archivo")
        self.backup_action = QAction("&Respaldar ahora", self, shortcut=QKeySequence("Ctrl+Shift+B"))
        self.backup_action.triggered.connect(self.backup_now)
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
        self.page_actions = []
        for n, title in enumerate(PAGE_TITLES):
            action = QAction(title, self, shortcut=QKeySequence(page_shortcut(n)))
            action.triggered.connect(lambda _checked=False, row=n: self._show_page(row))
            view_menu.addAction(action)
            self.page_actions.append(action)

        help_menu = self.menuBar().addMenu("A&yuda")
        about = QAction("&Acerca de Cortazar Desk", self)
        about.triggered.connect(self.about)
        help_menu.addAction(about)

    def _set_database_actions(self, enabled: bool) -> None:
        for action in (self.backup_action, self.settings_action, *self.page_actions):
            action.setEnabled(enabled)
        self.nav.setEnabled(enabled)

    def _update_title(self) -> None:
        from ..services import office

        assert self.ctx is not None
        profile = office.load_profile(self.ctx.db)
        demo = " — DATOS DE DEMOSTRACIÓN" if profile.is_demo else ""
        self.setWindowTitle(f"{APP_NAME} — {profile.office_name}{demo}")

    def about(self) -> None:
        where = f"<br><br>Base de datos: {self.ctx.station.location.display()}" if self.ctx else ""
        QMessageBox.about(
            self,
            "Acerca de Cortazar Desk",
            f"<b>{APP_NAME}</b> {__version__}<br>Coordinación de Comunicación Social<br>"
            f"H. Ayuntamiento de Cortazar, Guanajuato{where}",
        )

    # --- actions -------------------------------------------------------------------------------------------------

    def backup_now(self) -> None:
        self.backups.backup_now()

    def open_asset(self, asset_id: int | None) -> None:
        """The asset form, for an existing asset or a new one (None); every save refreshes the pages."""
        from .asset_form import AssetForm

        assert self.ctx is not None
        ctx = self.ctx
        form = AssetForm(ctx.db, asset_id, self, config=ctx.station.config)
        form.asset_saved.connect(lambda _id: ctx.data_changed.emit())
        geometry = self.settings.value("asset_form/geometry")
        if isinstance(geometry, QByteArray):
            form.restoreGeometry(geometry)
        form.exec()
        ctx.data_changed.emit()  # documents and photos are saved as they are added, not only with "Guardar"
        self.settings.setValue("asset_form/geometry", form.saveGeometry())
        if form.asset_id is not None and INVENTORY in self._pages:
            self.inventory.select_asset(form.asset_id)
        form.deleteLater()

    def open_settings(self) -> None:
        from .settings_dialog import SettingsDialog

        assert self.ctx is not None
        SettingsDialog(self.ctx, self).exec()
        for row in list(self._pages):
            refresh = getattr(self._pages[row], "refresh", None)
            if refresh is not None:
                refresh()

    def restore(self, path: Path) -> None:
        """Close our connections, restore, reopen: the window stays, showing the restored data."""
        from .errors import show_error
        from .tasks import run_in_background

        ctx = self.ctx
        assert ctx is not None
        station = ctx.station
        ctx.db.dispose()

        def reopened(outcome: tuple[object, object]) -> None:
            db, result = outcome
            ctx.db = db  # type: ignore[assignment]
            ctx.data_changed.emit()
            ctx.backup_made.emit()
            self._update_title()
            message = f"Se restauró el respaldo {Path(path).name}."
            safety = getattr(result, "safety_backup", None)
            moved = getattr(result, "moved_aside", None)
            if safety is not None:
                message += f"\n\nLa base anterior quedó respaldada en:\n{safety.path}"
            if moved is not None:
                message += f"\n\nLa base anterior no pasó la verificación y quedó apartada, sin cambios, en:\n{moved}"
            QMessageBox.information(self, "Respaldo restaurado", message)

        def failed(exc: BaseException) -> None:
            show_error(self, exc)
            # The database we had is untouched when a restore fails before copying; reopen it.
            try:
                ctx.db = station.open()
            except Exception as again:
                show_error(self, again)

        def work() -> tuple[object, object]:
            result = station.restore(Path(path))
            return station.open(), result

        run_in_background(self, "Restaurando el respaldo…", work, reopened, failed)

    # --- window layout -------------------------------------------------------------------------------------------

    def _restore_layout(self) -> None:
        s = self.settings
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
        page = int(s.value("main/page", 0) or 0)
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(page if 0 <= page < len(PAGE_TITLES) else HOME)
        self.nav.blockSignals(False)

    def save_layout(self) -> None:
        s = self.settings
        s.setValue("main/geometry", self.saveGeometry())
        s.setValue("main/state", self.saveState())
        s.setValue("main/splitter", self.splitter.saveState())
        if AUDIT in self._pages:
            s.setValue("audit/header", self.audit.table.horizontalHeader().saveState())
        if INVENTORY in self._pages:
            self.inventory.save_layout()
        s.setValue("main/page", self.nav.currentRow())
        s.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        self.save_layout()
        super().closeEvent(event)
