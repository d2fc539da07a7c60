"""Catálogos for event support: departments and their liaisons, services with their notice, staff (and the travel
margin), equipment, the days the office does not work, and the traditional events. One small table tab each, built
from field descriptions so every catalogue edits the same way (double click or Editar, Agregar, Spanish refusals
that keep what was typed)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidgetItem,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from ..domain.recurrence import MONTHS, NTH_LABELS, RULE_LABELS, WEEKDAYS, RuleKind, YearlyRule
from ..services import request_catalogues as rc
from ..services.errors import UserError
from .context import AppContext
from .errors import show_error
from .widgets import dialog_buttons, read_only_table

R = TypeVar("R")


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    kind: str = "text"  # text | int | bool
    low: int = 0
    high: int = 0
    suffix: str = ""
    new_too: bool = True  # shown when adding (the "active" box only when editing)


class RecordDialog(QDialog):
    def __init__(self, title: str, fields: Sequence[Field], values: dict[str, Any] | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        self.widgets: dict[str, QWidget] = {}
        form = QFormLayout()
        for f in fields:
            if values is None and not f.new_too:
                continue
            value = (values or {}).get(f.key)
            if f.kind == "int":
                spin = QSpinBox()
                spin.setRange(f.low, f.high)
                spin.setSuffix(f.suffix)
                spin.setValue(int(value) if value is not None else f.low)
                widget: QWidget = spin
            elif f.kind == "bool":
                check = QCheckBox()
                check.setChecked(bool(value) if value is not None else True)
                widget = check
            else:
                widget = QLineEdit(str(value or ""))
            self.widgets[f.key] = widget
            form.addRow(f.label, widget)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(dialog_buttons(self, "Guardar"))

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, widget in self.widgets.items():
            if isinstance(widget, QSpinBox):
                out[key] = widget.value()
            elif isinstance(widget, QCheckBox):
                out[key] = widget.isChecked()
            elif isinstance(widget, QLineEdit):
                out[key] = widget.text()
        return out


class CatalogueTab(QWidget, Generic[R]):
    """Rows from ``load``, shown by ``cells``; Agregar and Editar open a dialog of ``fields`` (or ``make_dialog``)
    that stays open with what was typed until the save works or the person cancels."""

    def __init__(self, ctx: AppContext, *, headers: list[str], load: Callable[[], list[R]],
                 cells: Callable[[R], Sequence[str]], title: str, fields: Sequence[Field] = (),
                 initial: Callable[[R], dict[str, Any]] | None = None,
                 add: Callable[[dict[str, Any]], object] | None = None,
                 edit: Callable[[R, dict[str, Any]], object] | None = None,
                 intro: str = "", add_label: str = "Agregar…",
                 make_dialog: Callable[[R | None], QDialog] | None = None,
                 dialog_values: Callable[[QDialog], dict[str, Any]] | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.load, self.cells, self.title, self.fields = load, cells, title, fields
        self.initial, self.add_fn, self.edit_fn = initial, add, edit
        self.make_dialog, self.dialog_values = make_dialog, dialog_values
        self.rows: list[R] = []
        self.table = read_only_table(headers)
        self.table.doubleClicked.connect(lambda _i: self.edit())
        self.buttons = QHBoxLayout()
        if add is not None:
            add_button = QPushButton(add_label)
            add_button.clicked.connect(self.add)
            self.buttons.addWidget(add_button)
        if edit is not None:
            edit_button = QPushButton("Editar…")
            edit_button.clicked.connect(self.edit)
            self.buttons.addWidget(edit_button)
        self.buttons.addStretch()
        self.top = QVBoxLayout()
        layout = QVBoxLayout(self)
        if intro:
            label = QLabel(intro)
            label.setWordWrap(True)
            layout.addWidget(label)
        layout.addLayout(self.top)
        layout.addWidget(self.table, 1)
        layout.addLayout(self.buttons)

    def refresh(self) -> None:
        self.rows = self.load()
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            for c, text in enumerate(self.cells(row)):
                self.table.setItem(r, c, QTableWidgetItem(text))

    def current(self) -> R | None:
        selected = self.table.selectionModel().selectedRows()
        return self.rows[selected[0].row()] if selected else None

    def _dialog(self, row: R | None) -> QDialog:
        if self.make_dialog is not None:
            return self.make_dialog(row)
        values = self.initial(row) if row is not None and self.initial is not None else None
        return RecordDialog(self.title, self.fields, values, self)

    def _values(self, dialog: QDialog) -> dict[str, Any]:
        if self.dialog_values is not None:
            return self.dialog_values(dialog)
        assert isinstance(dialog, RecordDialog)
        return dialog.values()

    def _save_with(self, dialog: QDialog, save: Callable[[dict[str, Any]], object]) -> bool:
        while dialog.exec():
            try:
                save(self._values(dialog))
            except UserError as exc:
                show_error(self, exc)
                continue
            self.ctx.data_changed.emit()
            self.refresh()
            return True
        return False

    def add(self) -> None:
        if self.add_fn is not None:
            self._save_with(self._dialog(None), self.add_fn)

    def edit(self) -> None:
        row = self.current()
        if row is not None and self.edit_fn is not None:
            edit = self.edit_fn
            self._save_with(self._dialog(row), lambda values: edit(row, values))


def _active(flag: bool) -> str:
    return "Activo" if flag else "Sin uso"


NAME = Field("name", "&Nombre:")
ACTIVE = Field("active", "&En uso:", "bool", new_too=False)


class TraditionalDialog(QDialog):
    """A yearly event: the rule's own fields show for the kind of rule chosen."""

    def __init__(self, row: rc.TraditionalRow | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Evento tradicional")
        rule = row.rule if row else YearlyRule(RuleKind.FIXED, month=1, day=1)
        self.name = QLineEdit(row.name if row else "")
        self.kind = QComboBox()
        for kind in RuleKind:
            self.kind.addItem(RULE_LABELS[kind], kind.value)
        self.kind.setCurrentIndex(self.kind.findData(rule.kind.value))
        self.month = QComboBox()
        for n, name in enumerate(MONTHS, start=1):
            self.month.addItem(name, n)
        self.month.setCurrentIndex((rule.month or 1) - 1)
        self.day = QSpinBox()
        self.day.setRange(1, 31)
        self.day.setValue(rule.day or 1)
        self.offset = QSpinBox()
        self.offset.setRange(-70, 70)
        self.offset.setSuffix(" días")
        self.offset.setValue(rule.easter_offset or 0)
        self.offset.setToolTip("Negativo: antes del Domingo de Pascua (−9 es el Viernes de Dolores); positivo: "
                               "después (60 es Corpus Christi).")
        self.weekday = QComboBox()
        for n, name in enumerate(WEEKDAYS):
            self.weekday.addItem(name, n)
        self.weekday.setCurrentIndex(rule.weekday or 0)
        self.nth = QComboBox()
        for n, name in NTH_LABELS.items():
            self.nth.addItem(name, n)
        self.nth.setCurrentIndex(max(0, self.nth.findData(rule.nth or 1)))
        self.duration = QSpinBox()
        self.duration.setRange(1, 31)
        self.duration.setSuffix(" días")
        self.duration.setValue(row.duration_days if row else 1)
        self.starts = QTimeEdit(QTime(row.starts.hour, row.starts.minute) if row else QTime(10, 0))
        self.ends = QTimeEdit(QTime(row.ends.hour, row.ends.minute) if row else QTime(14, 0))
        for edit in (self.starts, self.ends):
            edit.setDisplayFormat("HH:mm")
        self.ends.setToolTip("Una hora de fin antes de la de inicio es después de medianoche (21:00 a 00:30).")
        hours = QHBoxLayout()
        hours.addWidget(self.starts)
        hours.addWidget(QLabel("a"))
        hours.addWidget(self.ends)
        hours.addStretch()
        self.place = QLineEdit(row.place if row else "")
        self.notes = QPlainTextEdit(row.notes if row else "")
        self.notes.setMaximumHeight(70)
        self.active = QCheckBox()
        self.active.setChecked(row.active if row else True)
        self.preview = QLabel()
        form = QFormLayout()
        form.addRow("&Nombre:", self.name)
        form.addRow("&Regla:", self.kind)
        form.addRow("&Mes:", self.month)
        form.addRow("&Día del mes:", self.day)
        form.addRow("Días desde &Pascua:", self.offset)
        form.addRow("Día de la &semana:", self.weekday)
        form.addRow("&Cuál:", self.nth)
        form.addRow("D&uración:", self.duration)
        form.addRow("&Horario:", hours)
        form.addRow("&Lugar:", self.place)
        form.addRow("N&otas:", self.notes)
        form.addRow("&En uso:", self.active)
        form.addRow("Próximas fechas:", self.preview)
        self.form = form
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(dialog_buttons(self, "Guardar"))
        for signal in (self.kind.currentIndexChanged, self.month.currentIndexChanged, self.day.valueChanged,
                       self.offset.valueChanged, self.weekday.currentIndexChanged, self.nth.currentIndexChanged,
                       self.duration.valueChanged):
            signal.connect(self._update)
        self._update()

    def rule(self) -> YearlyRule:
        kind = RuleKind(self.kind.currentData())
        if kind is RuleKind.FIXED:
            return YearlyRule(kind, month=self.month.currentData(), day=self.day.value())
        if kind is RuleKind.EASTER:
            return YearlyRule(kind, easter_offset=self.offset.value())
        return YearlyRule(kind, month=self.month.currentData(), weekday=self.weekday.currentData(),
                          nth=self.nth.currentData())

    def _update(self) -> None:
        kind = RuleKind(self.kind.currentData())
        shown = {RuleKind.FIXED: (self.month, self.day), RuleKind.EASTER: (self.offset,),
                 RuleKind.WEEKDAY: (self.month, self.weekday, self.nth)}[kind]
        for widget in (self.month, self.day, self.offset, self.weekday, self.nth):
            self.form.setRowVisible(widget, widget in shown)
        rule = self.rule()
        problems = rule.problems()
        if problems:
            self.preview.setText(problems[0])
            return
        this_year = date.today().year
        self.preview.setText(", ".join(f"{rule.on(y):%d/%m/%Y}" for y in (this_year, this_year + 1, this_year + 2)))

    def values(self) -> dict[str, Any]:
        return {"name": self.name.text(), "rule": self.rule(), "duration_days": self.duration.value(),
                "starts": self.starts.time().toPython(), "ends": self.ends.time().toPython(),
                "place": self.place.text(), "notes": self.notes.toPlainText(), "active": self.active.isChecked()}


def request_tabs(ctx: AppContext, parent: QWidget) -> list[tuple[str, CatalogueTab[Any]]]:
    db = ctx.db
    departments: CatalogueTab[rc.DepartmentRow] = CatalogueTab(
        ctx, headers=["Dependencia", "Enlace", "Teléfono", "Correo", "Situación"], title="Dependencia",
        load=lambda: rc.list_departments(db),
        cells=lambda d: (d.name, d.liaison_name, d.liaison_phone, d.liaison_email, "Activa" if d.active else "Sin uso"),
        fields=(NAME, Field("liaison_name", "&Enlace:"), Field("liaison_phone", "&Teléfono:"),
                Field("liaison_email", "&Correo:"), ACTIVE),
        initial=lambda d: {"name": d.name, "liaison_name": d.liaison_name, "liaison_phone": d.liaison_phone,
                           "liaison_email": d.liaison_email, "active": d.active},
        add=lambda v: _add_department(db, v),
        edit=lambda d, v: rc.update_department(db, d, v["name"], v["liaison_name"], v["liaison_phone"],
                                               v["liaison_email"], v["active"]),
        intro="El enlace de cada dependencia se copia a sus solicitudes nuevas (en cada una se puede cambiar).",
        add_label="Agregar dependencia…")
    notice = Field("min_notice_days", "&Anticipación:", "int", 0, 60, " días hábiles")
    services: CatalogueTab[rc.CatalogueRow] = CatalogueTab(
        ctx, headers=["Servicio", "Anticipación", "Situación"], title="Servicio",
        load=lambda: rc.list_services(db), cells=lambda s: (s.name, f"{s.detail} días hábiles", _active(s.active)),
        fields=(NAME, notice, ACTIVE), initial=lambda s: {"name": s.name, "min_notice_days": int(s.detail),
                                                          "active": s.active},
        add=lambda v: rc.add_service(db, v["name"], v["min_notice_days"]),
        edit=lambda s, v: rc.update_service(db, s, v["name"], v["min_notice_days"], v["active"]),
        intro="Una solicitud que llega con menos días hábiles (lunes a viernes, sin los días inhábiles) de los que "
              "pide un servicio se marca, pero no se rechaza.", add_label="Agregar servicio…")
    staff: CatalogueTab[rc.CatalogueRow] = CatalogueTab(
        ctx, headers=["Nombre", "Puesto", "Teléfono", "Situación"], title="Persona del equipo",
        load=lambda: rc.list_staff(db), cells=lambda p: (p.name, p.detail, p.extra, _active(p.active)),
        fields=(NAME, Field("role", "&Puesto:"), Field("phone", "&Teléfono:"), ACTIVE),
        initial=lambda p: {"name": p.name, "role": p.detail, "phone": p.extra, "active": p.active},
        add=lambda v: rc.add_staff(db, v["name"], v["role"], v["phone"]),
        edit=lambda p, v: rc.update_staff(db, p, v["name"], v["role"], v["phone"], v["active"]),
        add_label="Agregar persona…")
    _margin_row(ctx, staff)
    equipment: CatalogueTab[rc.CatalogueRow] = CatalogueTab(
        ctx, headers=["Equipo", "Tipo", "Situación"], title="Equipo",
        load=lambda: rc.list_equipment(db), cells=lambda e: (e.name, e.detail, _active(e.active)),
        fields=(NAME, Field("kind", "&Tipo:"), ACTIVE),
        initial=lambda e: {"name": e.name, "kind": e.detail, "active": e.active},
        add=lambda v: rc.add_equipment(db, v["name"], v["kind"]),
        edit=lambda e, v: rc.update_equipment(db, e, v["name"], v["kind"], v["active"]),
        intro="Cámaras, equipo de transmisión, sonido, vehículo de perifoneo: se asignan como las personas y sus "
              "conflictos de horario se revisan igual.", add_label="Agregar equipo…")
    holidays: CatalogueTab[tuple[int, date, str]] = CatalogueTab(
        ctx, headers=["Fecha", "Motivo"], title="Día inhábil", load=lambda: rc.list_holidays(db),
        cells=lambda h: (f"{h[1]:%d/%m/%Y}", h[2]), make_dialog=lambda _row: HolidayDialog(parent),
        dialog_values=lambda d: d.values() if isinstance(d, HolidayDialog) else {},
        add=lambda v: rc.add_holiday(db, v["day"], v["name"]),
        intro="Días que la oficina no trabaja: no cuentan como días de anticipación.",
        add_label="Agregar día inhábil…")
    _holiday_buttons(ctx, holidays)
    traditional: CatalogueTab[rc.TraditionalRow] = CatalogueTab(
        ctx, headers=["Evento", "Cuándo", "Lugar", "Situación"], title="Evento tradicional",
        load=lambda: rc.list_traditional(db), cells=lambda t: (t.name, t.describe(), t.place, _active(t.active)),
        make_dialog=lambda row: TraditionalDialog(row, parent),
        dialog_values=lambda d: d.values() if isinstance(d, TraditionalDialog) else {},
        add=lambda v: rc.add_traditional(db, v["name"], v["rule"], v["duration_days"], v["place"], v["notes"],
                                         v["starts"], v["ends"]),
        edit=lambda t, v: rc.update_traditional(db, t, v["name"], v["rule"], v["duration_days"], v["place"],
                                                v["notes"], v["active"], v["starts"], v["ends"]),
        intro="Aparecen en el calendario cada año y se convierten en solicitud con una acción (página Solicitudes, "
              "«Eventos tradicionales…», o doble clic en el calendario).", add_label="Agregar evento tradicional…")
    return [("Dependencias", departments), ("Servicios", services), ("Personal", staff), ("Equipo", equipment),
            ("Días inhábiles", holidays), ("Eventos tradicionales", traditional)]


def _add_department(db: Any, values: dict[str, Any]) -> None:
    new_id = rc.add_department(db, values["name"])
    if any(values.get(k) for k in ("liaison_name", "liaison_phone", "liaison_email")):
        row = next(d for d in rc.list_departments(db) if d.id == new_id)
        rc.update_department(db, row, row.name, values["liaison_name"], values["liaison_phone"],
                             values["liaison_email"], True)


def _margin_row(ctx: AppContext, tab: CatalogueTab[Any]) -> None:
    """The travel margin sits with the staff it applies to."""
    spin = QSpinBox()
    spin.setRange(0, 240)
    spin.setSuffix(" minutos")
    minutes, _version = rc.load_travel_margin(ctx.db)
    spin.setValue(minutes)
    save = QPushButton("Guardar margen")

    def store() -> None:
        try:
            _minutes, version = rc.load_travel_margin(ctx.db)
            rc.save_travel_margin(ctx.db, spin.value(), version)
        except UserError as exc:
            show_error(tab, exc)
            return
        ctx.data_changed.emit()
        QMessageBox.information(tab, "Margen guardado", f"Margen de traslado: {spin.value()} minutos.")

    save.clicked.connect(store)
    row = QHBoxLayout()
    row.addWidget(QLabel("Margen de traslado entre eventos en distintas localidades:"))
    row.addWidget(spin)
    row.addWidget(save)
    row.addStretch()
    tab.top.addLayout(row)
    tab.margin = spin  # type: ignore[attr-defined]


class HolidayDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Día inhábil")
        self.day = QDateEdit(QDate.currentDate())
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd/MM/yyyy")
        self.name = QLineEdit()
        self.name.setPlaceholderText("Jueves Santo, Día de Muertos…")
        form = QFormLayout(self)
        form.addRow("&Fecha:", self.day)
        form.addRow("&Motivo:", self.name)
        form.addRow(dialog_buttons(self, "Agregar"))

    def values(self) -> dict[str, Any]:
        d = self.day.date()
        return {"day": date(d.year(), d.month(), d.day()), "name": self.name.text()}


def _holiday_buttons(ctx: AppContext, tab: CatalogueTab[tuple[int, date, str]]) -> None:
    remove = QPushButton("Quitar")
    year = QSpinBox()
    year.setRange(2000, 2100)
    year.setValue(date.today().year)
    official = QPushButton("Agregar los días de descanso oficiales del año")
    official.setToolTip("Los del artículo 74 de la Ley Federal del Trabajo; la oficina decide cuáles más agrega")

    def remove_selected() -> None:
        row = tab.current()
        if row is None:
            return
        if QMessageBox.question(tab, "Quitar día inhábil", f"¿Quitar el {row[1]:%d/%m/%Y} ({row[2]})?"
                                ) != QMessageBox.StandardButton.Yes:
            return
        rc.remove_holiday(ctx.db, row[0])
        ctx.data_changed.emit()
        tab.refresh()

    def add_official() -> None:
        added = rc.add_official_rest_days(ctx.db, year.value())
        ctx.data_changed.emit()
        tab.refresh()
        QMessageBox.information(tab, "Días de descanso", f"Se agregaron {added} días de {year.value()}.")

    remove.clicked.connect(remove_selected)
    official.clicked.connect(add_official)
    tab.buttons.insertWidget(1, remove)
    tab.buttons.addWidget(year)
    tab.buttons.addWidget(official)
