"""Solicitudes: the event-support requests departments send, searchable and sortable; open, create, print orders,
the period report (PDF and Excel) and this year's traditional events turned into requests with one action."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.recurrence import occurrences
from ...domain.requests import OPEN_STATUSES, STATUS_LABELS, RequestStatus, status_label
from ...services import request_catalogues, request_documents, requests
from ...services.errors import UserError
from ..context import AppContext
from ..errors import show_error
from ..models.rows_model import ROW_ROLE, SORT_ROLE, Column, RowsModel, by_date, dmy
from ..widgets import SearchProxy, dialog_buttons, heading, list_table, plural, search_box

UNASSIGNED_COLOUR = "#fdebd0"
COLUMNS: list[Column[requests.RequestRow]] = [
    Column("Folio", lambda r: r.folio),
    Column("Evento", lambda r: r.event_name),
    Column("Fecha del evento", lambda r: f"{r.starts_at:%d/%m/%Y %H:%M}", lambda r: r.starts_at.timestamp()),
    Column("Dependencia", lambda r: r.department),
    Column("Estado", lambda r: status_label(r.status) + (" · sin asignar" if r.unassigned else ""),
           background=lambda r: UNASSIGNED_COLOUR if r.unassigned else None),
    Column("Servicios", lambda r: r.services),
    Column("Lugar", lambda r: r.place),
    Column("Recibida", lambda r: dmy(r.received_on), lambda r: by_date(r.received_on)),
]
PERIODS = (("Próximos 30 días", 0, 30), ("Este mes y el siguiente", -1, -1), ("Últimos 90 días", -90, 0),
           ("Este año", -2, -2), ("Todas", None, None))


def _period(choice: int, today: date) -> tuple[date | None, date | None]:
    _label, back, ahead = PERIODS[choice]
    if back is None or ahead is None:
        return None, None
    if back == -1:  # this month and the next
        first = today.replace(day=1)
        after = (first + timedelta(days=62)).replace(day=1) - timedelta(days=1)
        return first, after
    if back == -2:
        return date(today.year, 1, 1), date(today.year, 12, 31)
    return today + timedelta(days=back), today + timedelta(days=ahead)


class RequestsPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = RowsModel(COLUMNS)
        self.proxy = SearchProxy(SORT_ROLE, self)
        self.proxy.setSourceModel(self.model)
        self.search = search_box(self, "Buscar folio, evento, dependencia, lugar, servicio…", self._on_search)
        self.period = QComboBox()
        for label, _a, _b in PERIODS:
            self.period.addItem(label)
        self.period.currentIndexChanged.connect(lambda _i: self.refresh())
        self.status = QComboBox()
        self.status.addItem("Todos los estados", None)
        self.status.addItem("Abiertas (sin cubrir)", "abiertas")
        self.status.addItem("Sin asignar", "sin_asignar")
        for st in RequestStatus:
            self.status.addItem(STATUS_LABELS[st], st.value)
        self.status.currentIndexChanged.connect(lambda _i: self.refresh())
        self.new_button = QPushButton("Nueva solicitud…")
        self.new_button.setToolTip("Registrar una solicitud que llegó (Ctrl+N)")
        self.open_button = QPushButton("Abrir")
        self.open_button.setToolTip("Abrir la solicitud seleccionada (Intro o doble clic)")
        self.print_button = QPushButton("Imprimir órdenes…")
        self.print_button.setToolTip("La orden de trabajo de cada solicitud seleccionada, en un documento (Ctrl+P)")
        self.traditional_button = QPushButton("Eventos tradicionales…")
        self.report_button = QPushButton("Informe")
        menu = QMenu(self.report_button)
        menu.addAction("Informe del periodo en PDF…", lambda: self.report(pdf=True))
        menu.addAction("Informe del periodo en Excel…", lambda: self.report(pdf=False))
        self.report_button.setMenu(menu)
        self.count = QLabel()
        self.empty = QLabel("No hay solicitudes en este periodo. Registre la primera con «Nueva solicitud…» "
                            "(Ctrl+N) o conviértala desde «Eventos tradicionales…».")
        self.empty.setWordWrap(True)
        self.table = list_table(QTableView(), self.proxy)
        self.table.sortByColumn(2, Qt.SortOrder.AscendingOrder)
        for column, width in ((1, 260), (2, 130), (3, 170), (4, 150), (5, 260)):
            self.table.setColumnWidth(column, width)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addWidget(self.period)
        bar.addWidget(self.status)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.open_button, self.print_button, self.traditional_button,
                       self.report_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Solicitudes de apoyo a eventos"))
        layout.addLayout(bar)
        layout.addLayout(buttons)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        self.new_button.clicked.connect(lambda: self.open_request(None))
        self.open_button.clicked.connect(self.open_selected)
        self.print_button.clicked.connect(self.print_selected)
        self.traditional_button.clicked.connect(self.traditional)
        QShortcut(QKeySequence.StandardKey.New, self, activated=lambda: self.open_request(None))
        QShortcut(QKeySequence.StandardKey.Print, self, activated=self.print_selected)
        QShortcut(QKeySequence(Qt.Key.Key_Return), self.table, activated=self.open_selected)
        ctx.data_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        start, end = _period(self.period.currentIndex(), date.today())
        rows = requests.list_requests(self.ctx.db, start, end)
        wanted = self.status.currentData()
        if wanted == "abiertas":
            rows = [r for r in rows if r.status in OPEN_STATUSES]
        elif wanted == "sin_asignar":
            rows = [r for r in rows if r.unassigned]
        elif wanted is not None:
            rows = [r for r in rows if r.status == wanted]
        self.model.set_rows(rows)
        self.empty.setVisible(not rows)
        self._on_search(self.search.text())

    def _on_search(self, text: str) -> None:
        self.proxy.set_search(text)
        waiting = sum(1 for r in self.model.rows() if r.unassigned)
        self.count.setText(plural(self.proxy.rowCount(), "solicitud", "solicitudes")
                           + (f" · {waiting:,} sin asignar" if waiting else ""))

    def selected(self) -> list[requests.RequestRow]:
        found = [self.proxy.data(i, ROW_ROLE) for i in self.table.selectionModel().selectedRows()]
        return [r for r in found if isinstance(r, requests.RequestRow)]

    def open_selected(self) -> None:
        chosen = self.selected()
        if chosen:
            self.open_request(chosen[0].id)

    def open_request(self, request_id: int | None, starts_at: datetime | None = None) -> None:
        from ..request_dialog import open_request

        open_request(self.ctx, self, request_id, starts_at)
        self.refresh()

    def print_selected(self) -> None:
        from ..pdf_preview import PdfPreview

        chosen = self.selected()
        if not chosen:
            show_error(self, UserError("Seleccione una o varias solicitudes para imprimir sus órdenes."))
            return
        try:
            pdf = request_documents.request_orders_pdf(self.ctx.db, [r.id for r in chosen])
        except UserError as exc:
            show_error(self, exc)
            return
        self.ctx.data_changed.emit()
        name = f"ordenes-eventos-{date.today():%Y-%m-%d}.pdf" if len(chosen) > 1 else f"{chosen[0].folio}.pdf"
        self.last_preview = PdfPreview(pdf, name, "Órdenes de trabajo de eventos", self)
        self.last_preview.exec()

    def report(self, *, pdf: bool) -> None:
        dialog = QDialog(self)
        dialog.setWindowTitle("Informe de solicitudes")
        today = QDate.currentDate()
        start, end = QDateEdit(QDate(today.year(), today.month(), 1)), QDateEdit(today)
        for edit in (start, end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
        form = QFormLayout(dialog)
        form.addRow("&Desde:", start)
        form.addRow("&Hasta:", end)
        form.addRow(dialog_buttons(dialog, "Generar"))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        first, last = (date(d.year(), d.month(), d.day()) for d in (start.date(), end.date()))
        try:
            if pdf:
                from ..pdf_preview import PdfPreview

                data = request_documents.report_pdf(self.ctx.db, first, last)
                self.last_preview = PdfPreview(data, f"solicitudes-{first:%Y%m%d}-{last:%Y%m%d}.pdf",
                                               "Informe de solicitudes", self)
                self.last_preview.exec()
                return
            path, _ = QFileDialog.getSaveFileName(self, "Guardar informe en Excel",
                                                  f"solicitudes-{first:%Y%m%d}-{last:%Y%m%d}.xlsx",
                                                  "Libro de Excel (*.xlsx)")
            if not path:
                return
            total = request_documents.report_workbook(self.ctx.db, first, last, Path(path))
        except UserError as exc:
            show_error(self, exc)
            return
        counted = plural(total, "solicitud", "solicitudes")
        QMessageBox.information(self, "Informe guardado", f"Se guardó el informe ({counted}).")

    def traditional(self) -> None:
        dialog = TraditionalDialog(self.ctx, self)
        dialog.exec()
        if dialog.opened is not None:
            self.open_request(dialog.opened)
        dialog.deleteLater()
        self.refresh()


class TraditionalDialog(QDialog):
    """This year's (or another year's) traditional events with their dates; one action makes the request."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.opened: int | None = None
        self.setWindowTitle("Eventos tradicionales")
        self.resize(720, 460)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(date.today().year)
        self.year.valueChanged.connect(lambda _y: self.refresh())
        self.model: RowsModel[tuple[int, str, date, date, str]] = RowsModel([
            Column("Evento", lambda r: r[1]), Column("Del", lambda r: dmy(r[2]), lambda r: by_date(r[2])),
            Column("Al", lambda r: dmy(r[3]), lambda r: by_date(r[3])), Column("Lugar", lambda r: r[4])])
        self.table = list_table(QTableView(), self.model, single=True)
        self.table.setColumnWidth(0, 300)
        self.table.doubleClicked.connect(lambda _i: self.make())
        make = QPushButton("Crear solicitud del evento")
        make.clicked.connect(self.make)
        top = QHBoxLayout()
        top.addWidget(QLabel("&Año:"))
        top.addWidget(self.year)
        top.addStretch(1)
        top.addWidget(make)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(dialog_buttons(self))
        self.refresh()

    def refresh(self) -> None:
        year = self.year.value()
        rows = []
        for event in request_catalogues.list_traditional(self.ctx.db, active_only=True):
            for first, last in occurrences(event.rule, event.duration_days, date(year, 1, 1), date(year, 12, 31)):
                if first.year == year:
                    rows.append((event.id, event.name, first, last, event.place))
        self.model.set_rows(sorted(rows, key=lambda r: r[2]))

    def make(self) -> None:
        index = self.table.currentIndex()
        row = self.model.data(self.model.index(index.row(), 0), ROW_ROLE) if index.isValid() else None
        if row is None:
            show_error(self, UserError("Seleccione un evento."))
            return
        try:
            saved = requests.request_from_traditional(self.ctx.db, row[0], self.year.value())
        except UserError as exc:
            show_error(self, exc)
            return
        self.ctx.data_changed.emit()
        self.opened = saved.id
        self.accept()
