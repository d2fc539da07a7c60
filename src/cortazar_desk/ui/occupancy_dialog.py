"""Occupancy: the share of face-days taken per asset type in a period, and one asset's placements over time (a
timeline per face, with the same placements listed below it)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..services import assets, campaigns
from .campaign_dialog import PLACEMENT_COLUMNS, date_edit, to_date
from .context import AppContext
from .models.rows_model import Column, RowsModel
from .occupancy_timeline import OccupancyTimeline
from .widgets import dialog_buttons

# One asset's history: the asset is named above it, so the campaign comes first instead.
HISTORY_COLUMNS = [Column("Campaña", lambda r: r.campaign), *PLACEMENT_COLUMNS[4:]]


class OccupancyDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Ocupación de los anuncios")
        self.resize(980, 720)
        today = date.today()
        self.starts, self.ends = date_edit(date(today.year, today.month, 1)), date_edit(date(today.year, 12, 31))
        self.by_type = QTableWidget(0, 2)
        self.by_type.setHorizontalHeaderLabels(["Tipo", "Ocupación"])
        self.by_type.verticalHeader().hide()
        self.by_type.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.by_type.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.by_type.setMaximumHeight(170)
        compute = QPushButton("Calcular")
        compute.clicked.connect(self.compute)
        period = QHBoxLayout()
        for widget in (QLabel("Periodo:"), self.starts, QLabel("a"), self.ends, compute):
            period.addWidget(widget)
        period.addStretch(1)
        self.folio = QLineEdit()
        self.folio.setPlaceholderText("Folio del anuncio, p. ej. BAR-003")
        self.folio.returnPressed.connect(self.timeline)
        show = QPushButton("Ver historial")
        show.clicked.connect(self.timeline)
        self.timeline_label = QLabel()
        self.timeline_chart = OccupancyTimeline()
        self.chart_scroll = QScrollArea()
        self.chart_scroll.setWidgetResizable(True)
        self.chart_scroll.setWidget(self.timeline_chart)
        self.chart_scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.chart_scroll.horizontalScrollBar().valueChanged.connect(self.timeline_chart.update)  # pinned names
        self.chart_scroll.hide()
        self.timeline_model = RowsModel(HISTORY_COLUMNS)
        self.timeline_view = QTableView()
        self.timeline_view.setModel(self.timeline_model)
        self.timeline_view.verticalHeader().hide()
        self.timeline_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.timeline_view.horizontalHeader().setStretchLastSection(True)
        asset_row = QHBoxLayout()
        asset_row.addWidget(self.folio, 1)
        asset_row.addWidget(show)
        buttons = dialog_buttons(self)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<b>Ocupación por tipo</b> (días-cara ocupados entre días-cara disponibles)"))
        layout.addLayout(period)
        layout.addWidget(self.by_type)
        layout.addWidget(QLabel("<b>Historial de un anuncio</b>"))
        layout.addLayout(asset_row)
        layout.addWidget(self.timeline_label)
        layout.addWidget(self.chart_scroll)
        layout.addWidget(self.timeline_view, 1)
        layout.addWidget(buttons)
        self.compute()

    def compute(self) -> None:
        shares = campaigns.occupancy_by_type(self.ctx.db, to_date(self.starts), to_date(self.ends))
        self.by_type.setRowCount(len(shares))
        for r, (name, share) in enumerate(sorted(shares.items())):
            self.by_type.setItem(r, 0, QTableWidgetItem(name))
            self.by_type.setItem(r, 1, QTableWidgetItem(f"{share * 100:.1f} %"))

    def timeline(self) -> None:
        folio = self.folio.text().strip().upper()
        found = next((r for r in assets.list_assets_cached(self.ctx.db) if r.folio == folio), None)
        if found is None:
            self.timeline_label.setText(f"No hay un anuncio con el folio «{folio}».")
            self.timeline_model.set_rows([])
            self.chart_scroll.hide()
            return
        rows = campaigns.asset_occupancy(self.ctx.db, found.id)
        faces = assets.load_asset(self.ctx.db, found.id)[0].faces
        self.timeline_chart.set_placements(rows, faces)
        # room for the chart and for the scroll bar that appears when the months do not fit
        self.chart_scroll.setFixedHeight(self.timeline_chart.minimumHeight() + 2 * self.chart_scroll.frameWidth()
                                         + self.chart_scroll.horizontalScrollBar().sizeHint().height())
        self.chart_scroll.show()
        QTimer.singleShot(0, self._scroll_to_today)  # once the chart has its width
        self.timeline_label.setText(f"{found.folio} · {found.type_name} · {found.address}: "
                                    f"{len(rows)} colocación(es)")
        self.timeline_model.set_rows(rows)

    def _scroll_to_today(self) -> None:
        """Long histories scroll sideways: start with today in the middle."""
        today_x = self.timeline_chart.layout_now().today_x
        if today_x is not None:
            bar = self.chart_scroll.horizontalScrollBar()
            bar.setValue(int(today_x - self.chart_scroll.viewport().width() / 2))
