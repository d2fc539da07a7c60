"""Inventario: every asset in a sortable table with search-as-you-type, filters and named views."""

from __future__ import annotations

import json
from datetime import date

from PySide6.QtCore import (
    QByteArray,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QSettings,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QStackedLayout,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.permits import STATUS_LABELS, PermitStatus
from ...services import assets, reference_layers
from ...services.assets import AssetRow
from ..context import AppContext
from ..errors import show_error
from ..models.asset_model import COL, COLUMNS, ROW_ROLE, AssetFilter, AssetTableModel, VisibleAssets
from ..widgets import heading, plural

VIEWS_KEY = "inventory/views"


class InventoryPage(QWidget):
    asset_open_requested = Signal(object)  # asset id, or None for a new asset
    rows_loaded = Signal()  # the assets were read again from the database
    filter_applied = Signal()  # the shown rows changed (the map follows them)
    current_asset_changed = Signal(int)  # one asset chosen in the table (the map centres on it)

    def __init__(self, ctx: AppContext, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.settings = settings
        self.model = AssetTableModel()
        self.visible = VisibleAssets(self.model)
        self._building = True

        self.search = QLineEdit()
        self.search.setPlaceholderText("Buscar por folio, domicilio, localidad, propietario o número de permiso…  "
                                       "Ctrl+F")
        self.search.setClearButtonEnabled(True)
        self.type_combo = QComboBox()
        self.situation_combo = QComboBox()
        for key, label in (("activos", "Activos"), ("bajas", "Dados de baja"), ("todos", "Todos")):
            self.situation_combo.addItem(label, key)
        self.status_combo = QComboBox()
        self.status_combo.addItem("Todo permiso", "")
        for status in PermitStatus:
            self.status_combo.addItem(STATUS_LABELS[status], status.value)
        self.locality_combo = QComboBox()
        self.expires_check = QCheckBox("Vence en")
        self.expires_spin = QSpinBox()
        self.expires_spin.setRange(0, 3650)
        self.expires_spin.setValue(30)
        self.expires_spin.setSuffix(" días")
        for combo in (self.type_combo, self.situation_combo, self.status_combo, self.locality_combo):
            # Long locality names must not widen the window: the combo shows ~14 characters, the list all of them.
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(12)
        self.views_combo = QComboBox()
        self.views_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.views_combo.setMinimumContentsLength(10)
        self.views_combo.setToolTip("Vistas guardadas: filtros y columnas")
        self.save_view_button = QPushButton("Guardar vista…")

        self.table = QTableView()
        self.table.setModel(self.visible)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COL["folio"], Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._column_menu)
        for key, width in (("folio", 80), ("type", 110), ("address", 200), ("colonia", 110), ("locality", 140),
                           ("owner", 190), ("status", 90), ("expires", 85), ("governing", 200),
                           ("condition", 80)):
            self.table.setColumnWidth(COL[key], width)
        self.table.doubleClicked.connect(self._open_index)

        self.new_button = QPushButton("Nuevo")
        self.open_button = QPushButton("Abrir")
        self.duplicate_button = QPushButton("Duplicar")
        self.deactivate_button = QPushButton("Dar de baja…")
        self.restore_button = QPushButton("Reactivar")
        self.export_button = QPushButton("Exportar a Excel…")
        self.import_button = QPushButton("Importar de Excel…")
        self.sheet_button = QPushButton("Imprimir fichas…")
        self.sheet_button.setToolTip("Ficha de cada anuncio seleccionado, una página por anuncio (Ctrl+P)")
        self.count_label = QLabel()
        self.empty = QLabel("Todavía no hay anuncios en el inventario. Cree el primero con «Nuevo» (Ctrl+N) o "
                            "traiga los de su hoja de cálculo con «Importar de Excel…».")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.stack = QStackedLayout()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)

        filters = QHBoxLayout()
        for label, widget in (("Tipo:", self.type_combo), ("", self.situation_combo), ("Permiso:", self.status_combo),
                              ("Localidad:", self.locality_combo)):
            if label:
                filters.addWidget(QLabel(label))
            filters.addWidget(widget)
        filters.addWidget(self.expires_check)
        filters.addWidget(self.expires_spin)
        filters.addStretch()
        filters.addWidget(QLabel("Vista:"))
        filters.addWidget(self.views_combo)
        filters.addWidget(self.save_view_button)
        actions = QHBoxLayout()
        for button in (self.new_button, self.open_button, self.duplicate_button, self.deactivate_button,
                       self.restore_button):
            actions.addWidget(button)
        actions.addStretch()
        actions.addWidget(self.sheet_button)
        actions.addWidget(self.import_button)
        actions.addWidget(self.export_button)
        actions.addWidget(self.count_label)

        layout = QVBoxLayout(self)
        layout.addWidget(heading("Inventario de anuncios"))
        layout.addWidget(self.search)
        layout.addLayout(filters)
        layout.addLayout(actions)
        layout.addLayout(self.stack, 1)

        self._shortcuts()
        self._connect_filters()
        self.new_button.clicked.connect(lambda: self.asset_open_requested.emit(None))
        self.open_button.clicked.connect(self.open_selected)
        self.duplicate_button.clicked.connect(self.duplicate_selected)
        self.deactivate_button.clicked.connect(self.deactivate_selected)
        self.restore_button.clicked.connect(self.restore_selected)
        self.save_view_button.clicked.connect(self.save_view)
        self.export_button.clicked.connect(self.export_excel)
        self.sheet_button.clicked.connect(self.print_sheets)
        self.import_button.clicked.connect(self.import_excel)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.views_combo.activated.connect(self._apply_view_index)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._selection_changed())
        ctx.data_changed.connect(self.refresh)
        ctx.profile_saved.connect(self.refresh)
        header_state = settings.value("inventory/header")
        if isinstance(header_state, QByteArray):
            header.restoreState(header_state)
        self._load_views()
        self._building = False
        self.refresh()

    # --- loading -----------------------------------------------------------------------------------------------

    def refresh(self) -> None:
        selected = self.selected_row()
        self._fill_combo(self.type_combo, "Todos los tipos",
                         [(t.name, t.code) for t in assets.list_types(self.ctx.db)])
        self._fill_combo(self.locality_combo, "Todas", [(loc.name, loc.name)
                                                        for loc in reference_layers.localities(self.ctx.db)])
        # Kept while nothing it reads changed; after a few edits (here or elsewhere) only those assets are read again.
        self.model.set_rows(assets.list_assets_cached(self.ctx.db))
        self.stack.setCurrentWidget(self.table if self.model.rowCount() else self.empty)
        if selected is not None:
            self.select_asset(selected.id)
        self._update_count()
        self._update_buttons()
        self.rows_loaded.emit()
        self.filter_applied.emit()
        # The search text of 50,000 rows takes a tenth of a second: made once the table is on screen, before the
        # first letter is typed, instead of delaying either.
        QTimer.singleShot(0, self.model.search_texts)

    @staticmethod
    def _fill_combo(combo: QComboBox, everything: str, items: list[tuple[str, str]]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(everything, "")
        for label, value in items:
            combo.addItem(label, value)
        combo.setCurrentIndex(max(0, combo.findData(current)))
        combo.blockSignals(False)

    # --- filtering ---------------------------------------------------------------------------------------------

    def _connect_filters(self) -> None:
        self.search.textChanged.connect(lambda _t: self._filters_changed())
        for combo in (self.type_combo, self.situation_combo, self.status_combo, self.locality_combo):
            combo.currentIndexChanged.connect(lambda _i: self._filters_changed())
        self.expires_check.toggled.connect(lambda _c: self._filters_changed())
        self.expires_spin.valueChanged.connect(lambda _v: self._filters_changed())

    def current_filter(self) -> AssetFilter:
        return AssetFilter(
            text=self.search.text(), type_code=self.type_combo.currentData() or "",
            situation=self.situation_combo.currentData() or "activos",
            permit_status=self.status_combo.currentData() or "", locality=self.locality_combo.currentData() or "",
            expires_within_days=self.expires_spin.value() if self.expires_check.isChecked() else None,
            today=date.today(),
        )

    def set_filter(self, wanted: AssetFilter) -> None:
        self._building = True
        self.search.setText(wanted.text)
        for combo, value in ((self.type_combo, wanted.type_code), (self.situation_combo, wanted.situation),
                             (self.status_combo, wanted.permit_status), (self.locality_combo, wanted.locality)):
            combo.setCurrentIndex(max(0, combo.findData(value)))
        self.expires_check.setChecked(wanted.expires_within_days is not None)
        if wanted.expires_within_days is not None:
            self.expires_spin.setValue(wanted.expires_within_days)
        self._building = False
        self._filters_changed()

    def _filters_changed(self) -> None:
        if self._building:
            return
        self.expires_spin.setEnabled(self.expires_check.isChecked())
        keep = self.selected_ids()
        self.visible.set_filter(self.current_filter())
        if keep:
            self._select_ids(keep)
        self._update_count()
        self._update_buttons()
        self.filter_applied.emit()

    def set_locality(self, name: str) -> None:
        """Show only the assets of locality ``name`` (a click on the map's locality does this)."""
        index = self.locality_combo.findData(name)
        if index >= 0:
            self.locality_combo.setCurrentIndex(index)

    def _selection_changed(self) -> None:
        self._update_buttons()
        rows = self.table.selectionModel().selectedRows()
        if len(rows) == 1:
            found = self.visible.data(rows[0], ROW_ROLE)
            if isinstance(found, AssetRow):
                self.current_asset_changed.emit(found.id)

    def _update_count(self) -> None:
        total, shown = self.model.rowCount(), self.visible.rowCount()
        self.count_label.setText(plural(total, "anuncio", "anuncios") if shown == total
                                 else f"{shown:,} de {plural(total, 'anuncio', 'anuncios')}")

    # --- named views -------------------------------------------------------------------------------------------

    def _views(self) -> dict[str, dict[str, object]]:
        raw = self.settings.value(VIEWS_KEY, "{}")
        try:
            views = json.loads(str(raw))
        except ValueError:
            return {}
        return views if isinstance(views, dict) else {}

    def _load_views(self) -> None:
        self.views_combo.blockSignals(True)
        self.views_combo.clear()
        self.views_combo.addItem("(sin vista)", "")
        for name in sorted(self._views(), key=str.casefold):
            self.views_combo.addItem(name, name)
        self.views_combo.blockSignals(False)

    def save_view(self) -> None:
        name, ok = QInputDialog.getText(self, "Guardar vista", "Nombre de la vista (filtros y columnas actuales):")
        name = name.strip()
        if not ok or not name:
            return
        views = self._views()
        hidden = [key for key, _t in COLUMNS if self.table.isColumnHidden(COL[key])]
        views[name] = {"filter": self.current_filter().to_dict(), "hidden": hidden}
        self.settings.setValue(VIEWS_KEY, json.dumps(views, ensure_ascii=False))
        self._load_views()
        self.views_combo.setCurrentIndex(self.views_combo.findData(name))

    def apply_view(self, name: str) -> None:
        view = self._views().get(name)
        if not isinstance(view, dict):
            return
        hidden = set(view.get("hidden", []))  # type: ignore[arg-type]
        for key, _title in COLUMNS:
            self.table.setColumnHidden(COL[key], key in hidden)
        raw = view.get("filter", {})
        self.set_filter(AssetFilter.from_dict(raw if isinstance(raw, dict) else {}))

    def _apply_view_index(self, index: int) -> None:
        name = self.views_combo.itemData(index)
        if name:
            self.apply_view(str(name))

    def _column_menu(self, pos: object) -> None:
        menu = QMenu(self)
        for key, title in COLUMNS:
            action = QAction(title, menu, checkable=True)
            action.setChecked(not self.table.isColumnHidden(COL[key]))
            action.toggled.connect(lambda on, col=COL[key]: self.table.setColumnHidden(col, not on))
            menu.addAction(action)
        menu.exec(self.table.horizontalHeader().mapToGlobal(pos))  # type: ignore[arg-type]

    def save_layout(self) -> None:
        self.settings.setValue("inventory/header", self.table.horizontalHeader().saveState())

    # --- actions -----------------------------------------------------------------------------------------------

    def _shortcuts(self) -> None:
        QShortcut(QKeySequence.StandardKey.Find, self, activated=self.search.setFocus)
        QShortcut(QKeySequence.StandardKey.New, self, activated=lambda: self.asset_open_requested.emit(None))
        QShortcut(QKeySequence("Return"), self.table, activated=self.open_selected)
        QShortcut(QKeySequence("Ctrl+D"), self, activated=self.duplicate_selected)
        QShortcut(QKeySequence.StandardKey.Print, self, activated=self.print_sheets)
        QShortcut(QKeySequence.StandardKey.Delete, self.table, activated=self.deactivate_selected)
        self.new_button.setToolTip("Nuevo anuncio (Ctrl+N)")
        self.open_button.setToolTip("Abrir (Entrar o doble clic)")
        self.duplicate_button.setToolTip("Duplicar (Ctrl+D)")
        self.deactivate_button.setToolTip("Dar de baja (Supr)")

    def selected_row(self) -> AssetRow | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        value = self.visible.data(rows[0], ROW_ROLE)
        return value if isinstance(value, AssetRow) else None

    def select_asset(self, asset_id: int) -> bool:
        row = self.visible.position_of(asset_id)
        if row is None:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.visible.index(row, 0))
        return True

    def _select_ids(self, ids: list[int]) -> None:
        """Select again the assets still shown after the filter changed (the table was reset)."""
        wanted = set(ids)
        selection = QItemSelection()
        for position, row in enumerate(self.visible.visible_rows()):
            if row.id in wanted:
                selection.select(self.visible.index(position, 0),
                                 self.visible.index(position, self.visible.columnCount() - 1))
        self.table.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def _update_buttons(self) -> None:
        row = self.selected_row()
        for button in (self.open_button, self.duplicate_button):
            button.setEnabled(row is not None)
        self.deactivate_button.setEnabled(row is not None and row.active)
        self.sheet_button.setEnabled(self.visible.rowCount() > 0)
        self.restore_button.setEnabled(row is not None and not row.active)

    def _open_index(self, index: QModelIndex) -> None:
        row = self.visible.data(index, ROW_ROLE)
        if isinstance(row, AssetRow):
            self.asset_open_requested.emit(row.id)

    def open_selected(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.asset_open_requested.emit(row.id)

    def duplicate_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        try:
            new_id, folio = assets.duplicate_asset(self.ctx.db, row.id)
        except Exception as exc:
            show_error(self, exc)
            return
        self.ctx.data_changed.emit()
        self.select_asset(new_id)
        self.asset_open_requested.emit(new_id)

    def deactivate_selected(self) -> None:
        row = self.selected_row()
        if row is None or not row.active:
            return
        reason, ok = QInputDialog.getText(self, f"Dar de baja {row.folio}",
                                          f"Motivo de la baja de {row.folio} ({row.address}):")
        if not ok:
            return
        try:
            assets.deactivate_asset(self.ctx.db, row.id, row.version, reason, date.today())
        except Exception as exc:
            show_error(self, exc)
            return
        self.ctx.data_changed.emit()

    def all_rows(self) -> list[AssetRow]:
        """Every asset loaded, whatever the filter."""
        return self.model.rows()

    def visible_ids(self) -> list[int]:
        """The assets of the current view, in the order shown."""
        return [row.id for row in self.visible.visible_rows()]

    def selected_ids(self) -> list[int]:
        ids = []
        for index in self.table.selectionModel().selectedRows():
            found = self.visible.data(index, ROW_ROLE)
            if isinstance(found, AssetRow):
                ids.append(found.id)
        return ids

    def print_sheets(self) -> None:
        """Sheets of the selected assets (or of the whole view when nothing is selected), in a print preview."""
        from ...services.asset_sheets import asset_sheets_pdf
        from ..pdf_preview import PdfPreview
        from ..tasks import run_in_background

        ids = self.selected_ids() or self.visible_ids()
        if not ids:
            return
        if len(ids) > 50:
            answer = QMessageBox.question(self, "Imprimir fichas", f"Se prepararán {len(ids):,} fichas, una por "
                                          "página. ¿Continuar?", QMessageBox.StandardButton.Yes
                                          | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Yes)
            if answer != QMessageBox.StandardButton.Yes:
                return
        name = f"fichas-{date.today():%Y-%m-%d}.pdf"

        def show(pdf: object) -> None:
            assert isinstance(pdf, bytes)
            self.last_preview = PdfPreview(pdf, name, "Fichas de anuncios", self)
            self.last_preview.exec()

        run_in_background(self, "Preparando las fichas…", lambda: asset_sheets_pdf(self.ctx.db, ids), show,
                          lambda exc: show_error(self, exc))

    def import_excel(self) -> None:
        from ..import_dialog import ImportDialog

        dialog = ImportDialog(self.ctx, self.ctx.station, self)
        dialog.exec()
        dialog.deleteLater()

    def export_excel(self) -> None:
        from pathlib import Path

        from PySide6.QtWidgets import QFileDialog

        from ...services.inventory_export import export_inventory
        from ..tasks import run_in_background

        shown, total = self.visible.rowCount(), self.model.rowCount()
        ids: list[int] | None = None
        if shown != total:
            box = QMessageBox(QMessageBox.Icon.Question, "Exportar a Excel",
                              f"¿Exportar la vista actual ({shown:,} anuncios) o todo el inventario ({total:,})?")
            view = box.addButton("La vista actual", QMessageBox.ButtonRole.AcceptRole)
            box.addButton("Todo el inventario", QMessageBox.ButtonRole.AcceptRole)
            box.addButton(QMessageBox.StandardButton.Cancel)
            box.exec()
            if box.clickedButton() is None or box.buttonRole(box.clickedButton()) != QMessageBox.ButtonRole.AcceptRole:
                return
            ids = self.visible_ids() if box.clickedButton() is view else None
        suggested = str(Path.home() / f"inventario-{date.today():%Y-%m-%d}.xlsx")
        path, _ = QFileDialog.getSaveFileName(self, "Exportar a Excel", suggested, "Libro de Excel (*.xlsx)")
        if not path:
            return
        target = Path(path if path.lower().endswith(".xlsx") else path + ".xlsx")

        def done(result: object) -> None:
            QMessageBox.information(self, "Exportación lista",
                                    f"Se exportaron {getattr(result, 'rows', 0):,} anuncios a:\n{target}")

        run_in_background(self, "Exportando el inventario…", lambda: export_inventory(self.ctx.db, target, ids),
                          done, lambda exc: show_error(self, _export_error(exc, target)))

    def restore_selected(self) -> None:
        row = self.selected_row()
        if row is None or row.active:
            return
        answer = QMessageBox.question(self, "Reactivar", f"¿Reactivar el anuncio {row.folio}?",
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                                      QMessageBox.StandardButton.Yes)
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            assets.restore_asset(self.ctx.db, row.id, row.version)
        except Exception as exc:
            show_error(self, exc)
            return
        self.ctx.data_changed.emit()


def _export_error(exc: BaseException, target: object) -> BaseException:
    from ...services.errors import UserError

    if isinstance(exc, OSError):
        return UserError(f"No se pudo escribir {target}. ¿Está abierto en Excel o la carpeta es de solo lectura?",
                         detail=str(exc))
    return exc
