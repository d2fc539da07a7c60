"""Veda: the electoral blackout periods, what has to come down for each, and the orders that take it down."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
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
from ..widgets import dialog_buttons, heading, plural

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
        self.affected.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.affected.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.affected_label = QLabel("Elija un periodo para ver lo que debe retirarse o cubrirse.")
        self.affected_label.setWordWrap(True)
        self.new_button = QPushButton("Nuevo periodo…")
        self.withdraw_button = QPushButton("Generar órdenes de retiro…")
        self.cover_button = QPushButton("Generar órdenes para cubrir…")
        self.restore_button = QPushButton("Reponer después de la jornada…")
        self.restore_button.setToolTip("Orden para volver a colocar lo que se retiró y sigue vigente")
        self.report_button = QPushButton("Informe de cumplimiento…")
        self.excel_button = QPushButton("Exportar a Excel…")
        self.channels_button = QPushButton("Canales oficiales…")
        self.channels_button.setToolTip("Sitio web y redes sociales del municipio: se revisan en cada veda")
        bar = QHBoxLayout()
        intro = QLabel("Desde el inicio de la primera campaña que abarca el municipio hasta la jornada electoral se "
                       "suspende toda propaganda gubernamental (art. 41 constitucional), salvo salud, educación, "
                       "protección civil y lo que apruebe el INE.")
        intro.setWordWrap(True)
        bar.addWidget(intro, 1)
        bar.addWidget(self.new_button)
        bar.addWidget(self.channels_button)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.addWidget(self.affected_label)
        lower_layout.addWidget(self.affected, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.withdraw_button)
        actions.addWidget(self.cover_button)
        actions.addWidget(self.restore_button)
        actions.addStretch(1)
        actions.addWidget(self.report_button)
        actions.addWidget(self.excel_button)
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
        self.report_button.clicked.connect(self.print_report)
        self.restore_button.clicked.connect(self.restore)
        self.excel_button.clicked.connect(self.export_report)
        self.channels_button.clicked.connect(self.edit_channels)
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
        for button in (self.withdraw_button, self.cover_button, self.restore_button, self.report_button,
                       self.excel_button):
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
        from ..order_actions import make_orders_for_crew

        period = self.current()
        if period is None:
            return

        def make(crew: str) -> list[str]:
            folio = work_orders.generate_veda_withdrawals(self.ctx.db, period.id, crew, kind.value)
            return [folio] if folio else []

        make_orders_for_crew(self, self.ctx, "Órdenes de veda", make, "Todo lo que cae en la veda ya tiene su orden.",
                             f", con fecha límite {dmy(veda_withdrawal_due(period.starts_on))}")

    def restore(self) -> None:
        from ..order_actions import make_orders_for_crew

        period = self.current()
        if period is None:
            return

        def make(crew: str) -> list[str]:
            folio = work_orders.restore_after_election(self.ctx.db, period.id, crew)
            return [folio] if folio else []

        make_orders_for_crew(self, self.ctx, "Reponer después de la veda", make,
                             "No hay nada retirado por esta veda que deba reponerse.")

    def print_report(self) -> None:
        from ...services.veda_report import compliance_pdf
        from ..pdf_preview import PdfPreview
        from ..tasks import run_in_background

        period = self.current()
        if period is None:
            return

        def show(pdf: object) -> None:
            assert isinstance(pdf, bytes)
            self.last_preview = PdfPreview(pdf, f"cumplimiento-veda-{period.starts_on:%Y}.pdf",
                                           "Informe de cumplimiento de veda", self)
            self.last_preview.exec()

        run_in_background(self, "Preparando el informe…", lambda: compliance_pdf(self.ctx.db, period.id), show,
                          lambda exc: show_error(self, exc))

    def export_report(self) -> None:
        from pathlib import Path

        from PySide6.QtWidgets import QFileDialog

        from ...services.veda_report import compliance_workbook

        period = self.current()
        if period is None:
            return
        name, _ = QFileDialog.getSaveFileName(self, "Exportar el informe de veda",
                                              f"cumplimiento-veda-{period.starts_on:%Y}.xlsx",
                                              "Libro de Excel (*.xlsx)")
        if not name:
            return
        try:
            rows = compliance_workbook(self.ctx.db, period.id, Path(name))
        except UserError as exc:
            show_error(self, exc)
            return
        except OSError as exc:
            show_error(self, UserError(f"No se pudo guardar {name}.", detail=str(exc)))
            return
        QMessageBox.information(self, "Informe exportado", f"Se guardaron {rows:,} filas en\n{name}")

    def edit_channels(self) -> None:
        dialog = ChannelsDialog(self.ctx, self)
        dialog.exec()
        dialog.deleteLater()


class ChannelsDialog(QDialog):
    """The office's official channels: added by name, kind and address; removed from the list (kept in history)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        from PySide6.QtWidgets import QListWidget

        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Canales oficiales del municipio")
        self.resize(560, 380)
        self.list = QListWidget()
        add, remove = QPushButton("Agregar…"), QPushButton("Quitar de la lista")
        add.clicked.connect(self.add)
        remove.clicked.connect(self.remove)
        buttons = dialog_buttons(self)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.refresh()

    def refresh(self) -> None:
        from PySide6.QtWidgets import QListWidgetItem

        from ...services.veda_report import channels

        self.list.clear()
        for channel_id, name, kind, address, version in channels(self.ctx.db):
            item = QListWidgetItem(f"{name} — {kind}" + (f" ({address})" if address else ""))
            item.setData(Qt.ItemDataRole.UserRole, (channel_id, version))
            self.list.addItem(item)

    def add(self) -> None:
        from ...services.veda_report import add_channel

        name, ok = QInputDialog.getText(self, "Canal oficial", "Nombre del canal (p. ej. «Facebook del Gobierno "
                                        "Municipal»):")
        if not ok:
            return
        kind, ok = QInputDialog.getItem(self, "Canal oficial", "Tipo:", ["red social", "sitio web", "otro"], 0, False)
        if not ok:
            return
        address, ok = QInputDialog.getText(self, "Canal oficial", "Dirección o cuenta:")
        if not ok:
            return
        try:
            add_channel(self.ctx.db, name, kind, address)
        except UserError as exc:
            show_error(self, exc)
            return
        self.refresh()

    def remove(self) -> None:
        from ...services.veda_report import remove_channel

        item = self.list.currentItem()
        if item is None:
            return
        channel_id, version = item.data(Qt.ItemDataRole.UserRole)
        try:
            remove_channel(self.ctx.db, channel_id, version)
        except UserError as exc:
            show_error(self, exc)
            return
        self.refresh()


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
        buttons = dialog_buttons(self, "Guardar")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
