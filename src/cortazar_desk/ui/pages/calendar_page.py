"""Calendario: month, week and day views of requests and traditional events, filtered by department, service and
person or equipment; conflicts marked in red; the weekly agenda PDF and the .ics export for phones."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...services import calendar, request_catalogues, request_documents
from ...services.calendar import CalendarItem, Filters
from ...services.errors import UserError
from ..calendar_view import DAY, MONTH, WEEK, CalendarView, step, title_of, visible_range
from ..context import AppContext
from ..errors import show_error
from ..widgets import heading, plural


class CalendarPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.view = CalendarView(self)
        self.mode = MONTH
        self.anchor = date.today()
        self.title = QLabel()
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() + 3)
        font.setBold(True)
        self.title.setFont(font)
        previous, following = QToolButton(), QToolButton()
        previous.setText("◀")
        previous.setToolTip("Anterior (Re Pág)")
        following.setText("▶")
        following.setToolTip("Siguiente (Av Pág)")
        today = QPushButton("&Hoy")
        today.setToolTip("Ir a hoy (Inicio)")
        previous.clicked.connect(lambda: self.move(False))
        following.clicked.connect(lambda: self.move(True))
        today.clicked.connect(self.go_today)
        self.mode_buttons = QButtonGroup(self)
        modes = QHBoxLayout()
        for mode, label in ((MONTH, "&Mes"), (WEEK, "&Semana"), (DAY, "&Día")):
            button = QPushButton(label)
            button.setCheckable(True)
            button.setChecked(mode == self.mode)
            button.clicked.connect(lambda _c=False, m=mode: self.set_mode(m))
            self.mode_buttons.addButton(button)
            modes.addWidget(button)
        self.department = QComboBox()
        self.service = QComboBox()
        self.person = QComboBox()
        self.traditional = QCheckBox("Eventos tradicionales")
        self.traditional.setChecked(True)
        self.fill_filters()
        for combo in (self.department, self.service, self.person):
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.traditional.toggled.connect(lambda _c: self.refresh())
        agenda = QPushButton("Agenda semanal…")
        agenda.setToolTip("La agenda de la semana en PDF, para el equipo")
        agenda.clicked.connect(self.print_agenda)
        ics = QPushButton("Exportar .ics…")
        ics.setToolTip("Lo que se ve, como calendario para el teléfono")
        ics.clicked.connect(self.export_ics)
        new = QPushButton("Nueva solicitud…")
        new.clicked.connect(lambda: self.new_request(None))
        self.summary = QLabel()
        top = QHBoxLayout()
        top.addWidget(previous)
        top.addWidget(today)
        top.addWidget(following)
        top.addWidget(self.title, 1)
        top.addLayout(modes)
        filters = QHBoxLayout()
        filters.addWidget(QLabel("Filtrar:"))
        filters.addWidget(self.department)
        filters.addWidget(self.service)
        filters.addWidget(self.person)
        filters.addWidget(self.traditional)
        filters.addStretch(1)
        filters.addWidget(new)
        filters.addWidget(agenda)
        filters.addWidget(ics)
        legend = QLabel("Doble clic en un evento para abrirlo; en un día del mes para verlo; en una hora libre de la "
                        "semana para registrar una solicitud. En rojo: una persona o equipo asignado a eventos "
                        "que se enciman (con el margen de traslado).")
        legend.setWordWrap(True)
        legend.setStyleSheet("color: #555;")
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Calendario de eventos"))
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.summary)
        layout.addWidget(legend)
        self.view.item_activated.connect(self.open_item)
        self.view.day_activated.connect(self.open_day)
        self.view.new_at.connect(self.new_request)
        QShortcut(QKeySequence(Qt.Key.Key_PageUp), self, activated=lambda: self.move(False))
        QShortcut(QKeySequence(Qt.Key.Key_PageDown), self, activated=lambda: self.move(True))
        QShortcut(QKeySequence(Qt.Key.Key_Home), self, activated=self.go_today)
        saved = QSettings().value("calendar/mode", MONTH)
        if saved in (MONTH, WEEK, DAY):
            self.set_mode(str(saved), refresh=False)
        ctx.data_changed.connect(self.refresh)
        self.refresh()

    def fill_filters(self) -> None:
        db = self.ctx.db
        self.department.addItem("Todas las dependencias", None)
        for d in request_catalogues.list_departments(db, active_only=True):
            self.department.addItem(d.name, d.id)
        self.service.addItem("Todos los servicios", None)
        for s in request_catalogues.list_services(db, active_only=True):
            self.service.addItem(s.name, s.id)
        self.person.addItem("Todo el equipo", None)
        for p in request_catalogues.list_staff(db, active_only=True):
            self.person.addItem(p.name, ("staff", p.id))
        for e in request_catalogues.list_equipment(db, active_only=True):
            self.person.addItem(f"Equipo: {e.name}", ("equipment", e.id))

    def filters(self) -> Filters:
        chosen = self.person.currentData()
        return Filters(department_id=self.department.currentData(), service_id=self.service.currentData(),
                       staff_id=chosen[1] if chosen and chosen[0] == "staff" else None,
                       equipment_id=chosen[1] if chosen and chosen[0] == "equipment" else None,
                       include_traditional=self.traditional.isChecked())

    def refresh(self) -> None:
        start, end = visible_range(self.mode, self.anchor)
        try:
            items = calendar.items_between(self.ctx.db, start, end, self.filters())
        except UserError as exc:
            show_error(self, exc)
            items = []
        self.items = items
        self.view.set_view(self.mode, self.anchor, items)
        self.title.setText(title_of(self.mode, self.anchor))
        if self.mode == MONTH:
            first = self.anchor.replace(day=1)
            shown = [i for i in items if i.request_id and any(d.month == first.month for d in i.days())]
        else:
            shown = [i for i in items if i.request_id]
        conflicts = sum(1 for i in shown if i.conflict)
        self.summary.setText(plural(len(shown), "solicitud", "solicitudes")
                             + (f" · {conflicts:,} con conflicto de horario" if conflicts else "")
                             + ("" if shown else ". Nada registrado en este periodo."))

    def set_mode(self, mode: str, *, refresh: bool = True) -> None:
        self.mode = mode
        for button in self.mode_buttons.buttons():
            button.setChecked(button.text().replace("&", "").lower().startswith(
                {MONTH: "mes", WEEK: "semana", DAY: "día"}[mode]))
        QSettings().setValue("calendar/mode", mode)
        if refresh:
            self.refresh()

    def move(self, forward: bool) -> None:
        self.anchor = step(self.mode, self.anchor, forward)
        self.refresh()

    def go_today(self) -> None:
        self.anchor = date.today()
        self.refresh()

    def show_day(self, day: date, mode: str = DAY) -> None:
        self.anchor = day
        self.set_mode(mode)

    def open_day(self, day: object) -> None:
        assert isinstance(day, date)
        self.show_day(day)

    def open_item(self, item: object) -> None:
        assert isinstance(item, CalendarItem)
        if item.request_id is not None:
            self._open_request(item.request_id, None)
            return
        if item.traditional_id is not None:
            answer = QMessageBox.question(
                self, "Evento tradicional", f"«{item.title}» es un evento tradicional. ¿Registrar la solicitud de "
                f"apoyo de {item.starts_at.year}?")
            if answer == QMessageBox.StandardButton.Yes:
                from ...services import requests

                try:
                    saved = requests.request_from_traditional(self.ctx.db, item.traditional_id,
                                                              item.starts_at.year)
                except UserError as exc:
                    show_error(self, exc)
                    return
                self.ctx.data_changed.emit()
                self._open_request(saved.id, None)

    def new_request(self, starts_at: object) -> None:
        self._open_request(None, starts_at if isinstance(starts_at, datetime) else None)

    def _open_request(self, request_id: int | None, starts_at: datetime | None) -> None:
        from ..request_dialog import open_request

        open_request(self.ctx, self, request_id, starts_at)
        self.refresh()

    def _filter_text(self) -> str:
        parts = [c.currentText() for c in (self.department, self.service, self.person) if c.currentData() is not None]
        return "Filtrado por: " + ", ".join(parts) if parts else ""

    def print_agenda(self) -> None:
        from ..pdf_preview import PdfPreview

        try:
            pdf = request_documents.agenda_pdf(self.ctx.db, self.anchor, self.filters(), self._filter_text())
        except UserError as exc:
            show_error(self, exc)
            return
        monday = self.anchor - timedelta(days=self.anchor.weekday())
        self.last_preview = PdfPreview(pdf, f"agenda-{monday:%Y-%m-%d}.pdf", "Agenda semanal", self)
        self.last_preview.exec()

    def export_ics(self) -> None:
        start, end = visible_range(self.mode, self.anchor)
        path, _ = QFileDialog.getSaveFileName(self, "Exportar calendario", f"agenda-{start:%Y%m%d}-{end:%Y%m%d}.ics",
                                              "Calendario (*.ics)")
        if not path:
            return
        try:
            Path(path).write_bytes(calendar.to_ics(self.items))
        except OSError as exc:
            show_error(self, UserError(f"No se pudo guardar el calendario: {exc.strerror or exc}."))
            return
        QMessageBox.information(self, "Calendario exportado",
                                f"Se exportaron {len(self.items):,} eventos. Abra el archivo en el teléfono o en su "
                                "programa de calendario para agregarlos.")
