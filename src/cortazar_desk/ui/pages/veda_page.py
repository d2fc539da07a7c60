"""Veda: the electoral blackout periods, what has to come down for each, and the orders that take it down."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain.orders import OrderKind, veda_withdrawal_due
from ...domain.veda import PERIOD_KINDS
from ...services import work_orders
from ...services.errors import UserError
from ..campaign_dialog import date_edit, to_date
from ..context import AppContext
from ..errors import show_error
from ..models.rows_model import ROW_ROLE, Column, RowsModel, by_date, dmy
from ..widgets import heading, plural

COLUMNS: list[Column[work_orders.VedaRow]] = [
    Column("Periodo", lambda v: v.name), Column("Tipo", lambda v: PERIOD_KINDS.get(v.kind, v.kind)),
    Column("Inicio (día 0)", lambda v: dmy(v.starts_on), lambda v: by_date(v.starts_on)),
    Column("Jornada electoral", lambda v: dmy(v.election_on), lambda v: by_date(v.election_on)),
    Column("Notas", lambda v: v.notes),
]


class VedaPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = RowsModel(COLUMNS)
        self.periods = QTableView()
        self.periods.setModel(self.model)
        self.periods.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.periods.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.periods.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.periods.verticalHeader().hide()
        self.periods.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.periods.horizontalHeader().setStretchLastSection(True)
        self.affected = QTableWidget(0, 4)
        self.affected.setHorizontalHeaderLabels(["Anuncio", "Campaña", "Desde", "Hasta"])
        self.affected.verticalHeader().hide()
        self.affected.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.affected.horizontalHeader().setStretchLastSection(True)
        self.affected_label = QLabel("Elija un periodo para ver lo que debe retirarse o cubrirse.")
        self.affected_label.setWordWrap(True)
        self.new_button = QPushButton("Nuevo periodo…")
        self.withdraw_button = QPushButton("Generar órdenes de retiro…")
        self.cover_button = QPushButton("Generar órdenes para cubrir…")
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Desde el inicio de la primera campaña que abarca el municipio hasta la jornada "
                             "electoral se suspende toda propaganda gubernamental (art. 41 constitucional), "
                             "salvo salud, educación, protección civil y lo que apruebe el INE."), 1)
        bar.addWidget(self.new_button)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.addWidget(self.affected_label)
        lower_layout.addWidget(self.affected, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.withdraw_button)
        actions.addWidget(self.cover_button)
        actions.addStretch(1)
        lower_layout.addLayout(actions)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.periods)
        split.addWidget(lower)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Veda electoral"))
        layout.addLayout(bar)
        layout.addWidget(split, 1)
        self.new_button.clicked.connect(self.new_period)
        self.withdraw_button.clicked.connect(lambda: self.generate(OrderKind.WITHDRAW))
        self.cover_button.clicked.connect(lambda: self.generate(OrderKind.COVER))
        self.periods.selectionModel().selectionChanged.connect(lambda *_a: self.show_affected())
        ctx.data_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        current = self.current()
        self.model.set_rows(work_orders.list_periods(self.ctx.db))
        if current is not None:
            for n, row in enumerate(self.model.rows()):
                if row.id == current.id:
                    self.periods.selectRow(n)
        self.show_affected()

    def current(self) -> work_orders.VedaRow | None:
        rows = self.periods.selectionModel().selectedRows() if self.periods.selectionModel() else []
        found = self.model.data(rows[0], ROW_ROLE) if rows else None
        return found if isinstance(found, work_orders.VedaRow) else None

    def show_affected(self) -> None:
        period = self.current()
        for button in (self.withdraw_button, self.cover_button):
            button.setEnabled(period is not None)
        if period is None:
            self.affected.setRowCount(0)
            return
        rows = work_orders.affected_placements(self.ctx.db, period.id)
        self.affected.setRowCount(len(rows))
        for r, (_pid, folio, campaign, starts, ends) in enumerate(rows):
            for c, text in enumerate((folio, campaign, dmy(starts), dmy(ends))):
                self.affected.setItem(r, c, QTableWidgetItem(text))
        self.affected_label.setText(
            f"«{period.name}» ({dmy(period.starts_on)} a {dmy(period.election_on)}): "
            + (plural(len(rows), "colocación no exenta debe", "colocaciones no exentas deben")
               + f" retirarse o cubrirse antes del {dmy(period.starts_on)}." if rows else
               "ninguna colocación no exenta cae en el periodo."))

    def new_period(self) -> None:
        dialog = PeriodDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            work_orders.create_period(self.ctx.db, dialog.name.text(), dialog.kind.currentData(),
                                      to_date(dialog.starts), to_date(dialog.election), dialog.notes.toPlainText())
        except UserError as exc:
            show_error(self, exc)
            return
        self.ctx.data_changed.emit()

    def generate(self, kind: OrderKind) -> None:
        period = self.current()
        if period is None:
            return
        crew, ok = QInputDialog.getText(self, "Órdenes de veda", "Cuadrilla o proveedor que las recibe:")
        if not ok:
            return
        try:
            folio = work_orders.generate_veda_withdrawals(self.ctx.db, period.id, crew, kind.value)
        except UserError as exc:
            show_error(self, exc)
            return
        self.ctx.data_changed.emit()
        due = dmy(veda_withdrawal_due(period.starts_on))
        QMessageBox.information(self, "Órdenes de veda", f"Se generó la orden {folio}, con fecha límite {due}."
                                if folio else "Todo lo que cae en la veda ya tiene su orden.")


class PeriodDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Nuevo periodo de veda")
        self.name = QLineEdit()
        self.name.setPlaceholderText("Proceso electoral 2026-2027")
        self.kind = QComboBox()
        for key, label in PERIOD_KINDS.items():
            self.kind.addItem(label, key)
        self.starts = date_edit()
        self.election = date_edit(date(2027, 6, 6))
        self.notes = QPlainTextEdit()
        self.notes.setMaximumHeight(80)
        form = QFormLayout()
        form.addRow("&Nombre:", self.name)
        form.addRow("&Tipo:", self.kind)
        form.addRow("&Inicio (primera campaña, día 0):", self.starts)
        form.addRow("&Jornada electoral:", self.election)
        form.addRow("N&otas:", self.notes)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Guardar")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Cancelar")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
