"""Free assets for a date range (by type, locality, size and permit status), and placing a campaign on them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..domain.permits import STATUS_LABELS, PermitStatus
from ..services import assets, campaigns, reference_layers
from ..services.errors import UserError
from .campaign_dialog import date_edit, to_date
from .context import AppContext
from .errors import show_error
from .models.rows_model import ROW_ROLE, SORT_ROLE, Column, RowsModel
from .widgets import SearchProxy, plural

LAPSE_COLOUR = "#f8d0cc"
COLUMNS: list[Column[campaigns.AvailableAsset]] = [
    Column("Anuncio", lambda a: a.folio), Column("Tipo", lambda a: a.type_name),
    Column("Domicilio", lambda a: a.address), Column("Localidad", lambda a: a.locality),
    Column("Medidas", lambda a: f"{a.width_m} × {a.height_m} m" if a.width_m and a.height_m else "",
           lambda a: float(a.width_m * a.height_m) if a.width_m and a.height_m else 0.0),
    Column("Caras libres", lambda a: ", ".join(str(f) for f in a.free_faces), lambda a: len(a.free_faces)),
    Column("Permiso", lambda a: STATUS_LABELS[a.permit_status] + (" — vence o falta en el periodo"
                                                                  if a.permit_lapses else ""),
           background=lambda a: LAPSE_COLOUR if a.permit_lapses else None),
]


class AvailabilityDialog(QDialog):
    def __init__(self, ctx: AppContext, campaign_id: int | None, starts: date, ends: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.campaign_id = campaign_id
        self.setWindowTitle("Anuncios libres")
        self.resize(980, 620)
        self.starts, self.ends = date_edit(starts), date_edit(ends)
        self.type_combo = QComboBox()
        self.type_combo.addItem("Todos los tipos", "")
        for t in assets.list_types(ctx.db):
            self.type_combo.addItem(t.name, t.code)
        self.locality = QComboBox()
        self.locality.addItem("Todas", "")
        for loc in reference_layers.localities(ctx.db):
            self.locality.addItem(loc.name, loc.name)
        self.min_area = QDoubleSpinBox()
        self.min_area.setRange(0, 10_000)
        self.min_area.setSuffix(" m²")
        self.min_area.setSpecialValueText("cualquiera")
        self.permit = QComboBox()
        self.permit.addItem("Cualquier situación del permiso", None)
        self.permit.addItem("Solo con permiso vigente o que no requiere", "ok")
        form = QFormLayout()
        dates = QHBoxLayout()
        dates.addWidget(self.starts)
        dates.addWidget(QLabel("a"))
        dates.addWidget(self.ends)
        dates.addStretch(1)
        form.addRow("Periodo:", dates)
        form.addRow("Tipo:", self.type_combo)
        form.addRow("Localidad:", self.locality)
        form.addRow("Área mínima:", self.min_area)
        form.addRow("Permiso:", self.permit)
        self.search_button = QPushButton("Buscar")
        self.search_button.setDefault(True)
        self.search_button.clicked.connect(self.search)
        self.model = RowsModel(COLUMNS)
        self.proxy = SearchProxy(SORT_ROLE, self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.summary = QLabel("Elija el periodo y pulse «Buscar».")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText("Cerrar")
        self.place_button = self.buttons.addButton("Colocar la campaña en los seleccionados",
                                                   QDialogButtonBox.ButtonRole.ActionRole)
        self.place_button.setEnabled(False)
        self.place_button.setVisible(campaign_id is not None)
        self.place_button.clicked.connect(self.place_selected)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addLayout(form, 1)
        top.addWidget(self.search_button, 0, Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self.table.selectionModel().selectionChanged.connect(
            lambda *_a: self.place_button.setEnabled(bool(self.table.selectionModel().selectedRows())))

    def search(self) -> None:
        starts, ends = to_date(self.starts), to_date(self.ends)
        if ends < starts:
            show_error(self, UserError("El periodo termina antes de empezar."))
            return
        statuses = frozenset({PermitStatus.VALID, PermitStatus.EXPIRING, PermitStatus.NOT_REQUIRED}) \
            if self.permit.currentData() == "ok" else None
        area = Decimal(str(self.min_area.value())) if self.min_area.value() > 0 else None
        try:
            found = campaigns.available_assets(self.ctx.db, starts, ends, type_code=self.type_combo.currentData(),
                                               locality=self.locality.currentData(), min_area_m2=area,
                                               permit_statuses=statuses)
        except UserError as exc:
            show_error(self, exc)
            return
        self.model.set_rows(found)
        lapsing = sum(1 for a in found if a.permit_lapses)
        self.summary.setText(plural(len(found), "anuncio libre", "anuncios libres")
                             + (f"; {lapsing:,} con permiso que vence o falta en el periodo (en rojo)" if lapsing
                                else ""))

    def place_selected(self) -> None:
        if self.campaign_id is None:
            return
        chosen = [self.proxy.data(i, ROW_ROLE) for i in self.table.selectionModel().selectedRows()]
        starts, ends = to_date(self.starts), to_date(self.ends)
        placed, warnings, problems = 0, set(), []
        for asset in chosen:
            assert isinstance(asset, campaigns.AvailableAsset)
            try:
                result = campaigns.place(self.ctx.db, self.campaign_id, asset.id, asset.free_faces[0], starts, ends)
            except UserError as exc:
                problems.append(f"{asset.folio}: {exc.message}")
                continue
            placed += 1
            warnings.update(result.warnings)
        text = f"Se colocó la campaña en {plural(placed, 'anuncio', 'anuncios')}."
        if warnings:
            text += "\n\nAtención (veda):\n" + "\n".join(sorted(warnings))
        if problems:
            text += "\n\nNo se colocaron:\n" + "\n".join(problems[:20])
        QMessageBox.information(self, "Colocación", text)
        self.search()
