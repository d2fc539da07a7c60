"""Campañas: every institutional campaign, searchable, with the art. 134 sign-off and its placements."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedLayout,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.veda import VEDA_CLASS_SHORT, VedaClass
from ...services import campaigns
from ..context import AppContext
from ..models.rows_model import ROW_ROLE, SORT_ROLE, Column, RowsModel, by_date, dmy
from ..widgets import SearchProxy, heading, list_table, plural, search_box

COLUMNS: list[Column[campaigns.CampaignRow]] = [
    Column("Campaña", lambda c: c.name), Column("Dependencia", lambda c: c.department),
    Column("Tipo", lambda c: campaigns.KINDS.get(c.kind, c.kind)),
    Column("Inicio", lambda c: dmy(c.starts_on), lambda c: by_date(c.starts_on)),
    Column("Fin", lambda c: dmy(c.ends_on), lambda c: by_date(c.ends_on)),
    Column("En veda", lambda c: VEDA_CLASS_SHORT[VedaClass(c.veda_class)]),
    Column("Art. 134", lambda c: f"Firmada por {c.signed_by}" if c.signed_by else "Sin firmar",
           background=lambda c: None if c.signed_by else "#fff1c2"),
    Column("Colocaciones", lambda c: f"{c.placements:,}", lambda c: c.placements),
]


class CampaignsPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = RowsModel(COLUMNS)
        self.proxy = SearchProxy(SORT_ROLE, self)
        self.proxy.setSourceModel(self.model)
        self.search = search_box(self, "Buscar campaña, dependencia o tema…", self._on_search)
        self.new_button = QPushButton("Nueva campaña")
        self.new_button.setToolTip("Nueva campaña (Ctrl+N)")
        self.open_button = QPushButton("Abrir")
        self.free_button = QPushButton("Anuncios libres…")
        self.free_button.setToolTip("Buscar anuncios sin ocupar en un periodo")
        self.occupancy_button = QPushButton("Ocupación…")
        self.occupancy_button.setToolTip("Ocupación por tipo en un periodo, e historial de colocaciones de un anuncio")
        self.count = QLabel()
        self.table = list_table(QTableView(), self.proxy, single=True)
        self.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)
        for column, width in ((0, 240), (1, 160), (2, 80), (3, 85), (4, 85), (5, 140), (6, 210)):
            self.table.setColumnWidth(column, width)
        self.table.doubleClicked.connect(self._open_index)
        self.empty = QLabel("Todavía no hay campañas. Con «Nueva campaña» (Ctrl+N) registre la primera: sus fechas, "
                            "la dependencia que la pide, la revisión del art. 134 y su costo; después colóquela en "
                            "los anuncios libres.")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        for button in (self.new_button, self.open_button, self.free_button, self.occupancy_button):
            bar.addWidget(button)
        self.stack = QStackedLayout()
        holder_table, holder_empty = QWidget(), QWidget()
        for holder, child in ((holder_table, self.table), (holder_empty, self.empty)):
            box = QVBoxLayout(holder)
            box.setContentsMargins(0, 0, 0, 0)
            box.addWidget(child)
        self.stack.addWidget(holder_table)
        self.stack.addWidget(holder_empty)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Campañas"))
        layout.addLayout(bar)
        layout.addLayout(self.stack, 1)
        layout.addWidget(self.count)
        self.new_button.clicked.connect(lambda: self.open_campaign(None))
        self.open_button.clicked.connect(self.open_selected)
        self.free_button.clicked.connect(self.free_assets)
        self.occupancy_button.clicked.connect(self.occupancy)
        QShortcut(QKeySequence.StandardKey.New, self, activated=lambda: self.open_campaign(None))
        QShortcut(QKeySequence(Qt.Key.Key_Return), self.table, activated=self.open_selected)
        ctx.data_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        rows = campaigns.list_campaigns(self.ctx.db)
        self.model.set_rows(rows)
        self.stack.setCurrentIndex(0 if rows else 1)
        self._on_search(self.search.text())

    def _on_search(self, text: str) -> None:
        self.proxy.set_search(text)
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        self.count.setText(plural(total, "campaña", "campañas") if shown == total else
                           f"{shown:,} de {plural(total, 'campaña', 'campañas')}")

    def _open_index(self, index: QModelIndex) -> None:
        row = self.proxy.data(index, ROW_ROLE)
        if isinstance(row, campaigns.CampaignRow):
            self.open_campaign(row.id)

    def open_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self._open_index(rows[0])

    def open_campaign(self, campaign_id: int | None) -> None:
        from ..campaign_dialog import CampaignDialog

        dialog = CampaignDialog(self.ctx, campaign_id, self)
        dialog.exec()
        dialog.deleteLater()
        self.refresh()

    def free_assets(self) -> None:
        from ..availability_dialog import AvailabilityDialog

        today = date.today()
        dialog = AvailabilityDialog(self.ctx, None, today, date(today.year, today.month, 28), self)
        dialog.exec()
        dialog.deleteLater()

    def occupancy(self) -> None:
        from ..occupancy_dialog import OccupancyDialog

        dialog = OccupancyDialog(self.ctx, self)
        dialog.exec()
        dialog.deleteLater()
