"""Small dialogs of the press office: an outlet, a distribution list (fixed or saved search), the likely duplicates
with their merge, and the press conference details for the attendance sheet."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..domain.media import COVERAGE, MEDIA, ListCriteria
from ..services import media_directory as md
from ..services import media_lists as ml
from ..services.errors import UserError
from .context import AppContext
from .errors import show_error
from .widgets import dialog_buttons, plural


def to_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def date_edit(day: date | None = None) -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd/MM/yyyy")
    day = day or date.today()
    edit.setDate(QDate(day.year, day.month, day.day))
    return edit


class OutletDialog(QDialog):
    def __init__(self, ctx: AppContext, outlet_id: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.outlet_id = outlet_id
        self.version = 0
        self.setWindowTitle("Nuevo medio" if outlet_id is None else "Medio de comunicación")
        self.name = QLineEdit()
        self.name.setMaxLength(200)
        self.medium = QComboBox()
        for key, label in MEDIA.items():
            self.medium.addItem(label, key)
        self.coverage = QComboBox()
        for key, label in COVERAGE.items():
            self.coverage.addItem(label, key)
        self.website = QLineEdit()
        self.social = QPlainTextEdit()
        self.social.setPlaceholderText("Una cuenta por renglón: facebook.com/…, @cuenta…")
        self.social.setTabChangesFocus(True)
        self.social.setMaximumHeight(70)
        self.address = QLineEdit()
        self.phone = QLineEdit()
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(70)
        form = QFormLayout()
        for label, widget in (("&Nombre:", self.name), ("&Tipo de medio:", self.medium), ("&Cobertura:", self.coverage),
                              ("Sitio &web:", self.website), ("&Redes sociales:", self.social),
                              ("&Domicilio:", self.address), ("Tel&éfono:", self.phone), ("N&otas:", self.notes)):
            form.addRow(label, widget)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(dialog_buttons(self, "Guardar", on_ok=self.save))
        if outlet_id is not None:
            data, self.version = md.load_outlet(ctx.db, outlet_id)
            self.name.setText(data.name)
            self.medium.setCurrentIndex(self.medium.findData(data.medium))
            self.coverage.setCurrentIndex(self.coverage.findData(data.coverage))
            self.website.setText(data.website)
            self.social.setPlainText(data.social)
            self.address.setText(data.address)
            self.phone.setText(data.phone)
            self.notes.setPlainText(data.notes)

    def save(self) -> None:
        data = md.OutletData(self.name.text(), self.medium.currentData(), self.coverage.currentData(),
                             self.website.text(), self.social.toPlainText(), self.address.text(), self.phone.text(),
                             self.notes.toPlainText())
        try:
            if self.outlet_id is None:
                self.outlet_id = md.create_outlet(self.ctx.db, data)
            else:
                self.version = md.update_outlet(self.ctx.db, self.outlet_id, self.version, data)
        except UserError as exc:
            show_error(self, exc)
            return
        self.accept()


class ListDialog(QDialog):
    """A list's name and kind; for a saved search, its criteria with a live count of who matches now."""

    def __init__(self, ctx: AppContext, list_id: int | None, parent: QWidget | None = None,
                 contact_ids: list[int] | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.list_id = list_id
        self.contact_ids = contact_ids or []
        self.version = 0
        self.setWindowTitle("Nueva lista de distribución" if list_id is None else "Lista de distribución")
        self.name = QLineEdit()
        self.name.setMaxLength(150)
        self.fixed = QRadioButton("Lista &fija (contactos elegidos uno por uno)")
        self.saved = QRadioButton("&Búsqueda guardada (se actualiza sola)")
        group = QButtonGroup(self)
        group.addButton(self.fixed)
        group.addButton(self.saved)
        self.fixed.setChecked(True)
        self.criteria_box = QGroupBox("Criterios de la búsqueda (dentro de cada grupo basta con uno)")
        grid = QGridLayout(self.criteria_box)
        self.media_checks = {key: QCheckBox(label) for key, label in MEDIA.items()}
        self.coverage_checks = {key: QCheckBox(label) for key, label in COVERAGE.items()}
        grid.addWidget(QLabel("Tipo de medio:"), 0, 0)
        for n, check in enumerate(self.media_checks.values()):
            grid.addWidget(check, 0, n + 1)
        grid.addWidget(QLabel("Cobertura:"), 1, 0)
        for n, check in enumerate(self.coverage_checks.values()):
            grid.addWidget(check, 1, n + 1)
        self.beats = QLineEdit()
        self.beats.setPlaceholderText("seguridad, política… (basta con una)")
        self.text = QLineEdit()
        self.text.setPlaceholderText("palabras en el nombre, medio, cargo o notas")
        grid.addWidget(QLabel("Fuentes:"), 2, 0)
        grid.addWidget(self.beats, 2, 1, 1, 5)
        grid.addWidget(QLabel("Texto:"), 3, 0)
        grid.addWidget(self.text, 3, 1, 1, 5)
        self.matches = QLabel()
        grid.addWidget(self.matches, 4, 0, 1, 6)
        self.notes = QLineEdit()
        form = QFormLayout()
        form.addRow("&Nombre:", self.name)
        form.addRow("", self.fixed)
        form.addRow("", self.saved)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.criteria_box)
        notes_row = QFormLayout()
        notes_row.addRow("N&otas:", self.notes)
        layout.addLayout(notes_row)
        layout.addWidget(dialog_buttons(self, "Guardar", on_ok=self.save))
        for check in (*self.media_checks.values(), *self.coverage_checks.values()):
            check.toggled.connect(lambda _c: self.count_matches())
        self.beats.textChanged.connect(lambda _t: self.count_matches())
        self.text.textChanged.connect(lambda _t: self.count_matches())
        self.saved.toggled.connect(self._kind_changed)
        if list_id is not None:
            name, kind, criteria, notes, self.version = ml.load_list(ctx.db, list_id)
            self.name.setText(name)
            self.notes.setText(notes)
            (self.saved if kind == "busqueda" else self.fixed).setChecked(True)
            for key, check in self.media_checks.items():
                check.setChecked(key in criteria.media)
            for key, check in self.coverage_checks.items():
                check.setChecked(key in criteria.coverage)
            self.beats.setText(", ".join(criteria.beats))
            self.text.setText(criteria.text)
            self.fixed.setEnabled(False)  # a list keeps its kind: make a new one instead
            self.saved.setEnabled(False)
        self._kind_changed()

    def criteria(self) -> ListCriteria:
        from ..domain.media import parse_beats

        return ListCriteria(tuple(k for k, c in self.media_checks.items() if c.isChecked()),
                            tuple(k for k, c in self.coverage_checks.items() if c.isChecked()),
                            tuple(parse_beats(self.beats.text())), (), self.text.text().strip())

    def _kind_changed(self, *_args: object) -> None:
        self.criteria_box.setEnabled(self.saved.isChecked())
        self.count_matches()

    def count_matches(self) -> None:
        if not self.saved.isChecked():
            self.matches.setText("")
            return
        criteria = self.criteria()
        if criteria.is_empty():
            self.matches.setText("Elija al menos un criterio.")
            return
        rows = ml.preview_criteria(self.ctx.db, criteria)
        excluded = sum(1 for r in rows if r.do_not_contact)
        self.matches.setText(f"Hoy coinciden {len(rows):,} contactos" +
                             (f" ({excluded} marcados «no contactar» no saldrán en las exportaciones)."
                              if excluded else "."))

    def save(self) -> None:
        kind = "busqueda" if self.saved.isChecked() else "fija"
        criteria = self.criteria() if kind == "busqueda" else None
        try:
            if self.list_id is None:
                self.list_id = ml.create_list(self.ctx.db, self.name.text(), kind, criteria, self.notes.text(),
                                              self.contact_ids)
            else:
                ml.update_list(self.ctx.db, self.list_id, self.version, self.name.text(), kind, criteria,
                               self.notes.text())
        except UserError as exc:
            show_error(self, exc)
            return
        self.accept()


class DuplicatesDialog(QDialog):
    """Pairs of likely duplicates; the office picks the record to keep and merges."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.merged = 0
        self.setWindowTitle("Posibles duplicados")
        self.resize(1100, 480)
        self.table = QTableWidget()
        self.table.setColumnCount(5)
        self.table.setHorizontalHeaderLabels(["Contacto A", "Contacto B", "Por qué", "Teléfonos", "Correos"])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.keep_a = QRadioButton("Conservar A")
        self.keep_b = QRadioButton("Conservar B")
        self.keep_a.setChecked(True)
        self.merge_button = QPushButton("&Fusionar")
        self.merge_button.setToolTip("Los datos que falten en el que se conserva se toman del otro; el historial de "
                                     "medios y las listas pasan al que se conserva.")
        self.merge_button.clicked.connect(self.merge_selected)
        self.info = QLabel()
        bar = QHBoxLayout()
        bar.addWidget(self.info, 1)
        bar.addWidget(self.keep_a)
        bar.addWidget(self.keep_b)
        bar.addWidget(self.merge_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(bar)
        layout.addWidget(dialog_buttons(self))
        self.refresh()

    def refresh(self) -> None:
        self.groups = md.duplicate_groups(self.ctx.db)
        self.table.setRowCount(len(self.groups))
        for r, (a, b) in enumerate(self.groups):
            values = [f"{a.name} ({a.outlet or 'sin medio'})", f"{b.name} ({b.outlet or 'sin medio'})",
                      ", ".join(a.reasons), " / ".join(x.phone or "—" for x in (a, b)),
                      " / ".join(x.email or "—" for x in (a, b))]
            for c, value in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        self.table.setWordWrap(False)
        if self.groups:
            self.table.selectRow(0)
        self.info.setText(f"{plural(len(self.groups), 'par', 'pares')} por revisar." if self.groups else
                          "No se encontraron posibles duplicados.")
        self.merge_button.setEnabled(bool(self.groups))

    def merge_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        a, b = self.groups[rows[0].row()]
        keep, drop = (a, b) if self.keep_a.isChecked() else (b, a)
        answer = QMessageBox.question(
            self, "Fusionar contactos",
            f"Se conserva «{keep.name}» ({keep.outlet or 'sin medio'}, {keep.phone or 'sin teléfono'}, "
            f"{keep.email or 'sin correo'}) y recibe los datos que le falten, el historial de medios y las listas de "
            f"«{drop.name}» ({drop.outlet or 'sin medio'}, {drop.phone or 'sin teléfono'}, "
            f"{drop.email or 'sin correo'}), que queda inactivo. Una fusión no se deshace. ¿Fusionar?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            _k, keep_version = md.load_contact(self.ctx.db, keep.id)
            _d, drop_version = md.load_contact(self.ctx.db, drop.id)
            md.merge_contacts(self.ctx.db, keep.id, keep_version, drop.id, drop_version)
        except UserError as exc:
            show_error(self, exc)
        else:
            self.merged += 1
            self.ctx.data_changed.emit()
        self.refresh()


class AttendanceDialog(QDialog):
    def __init__(self, list_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Lista de asistencia")
        self.event = QLineEdit()
        self.event.setMaxLength(200)
        self.event.setPlaceholderText("Rueda de prensa: …")
        self.day = date_edit()
        self.place = QLineEdit()
        self.place.setMaxLength(200)
        self.place.setPlaceholderText("Presidencia Municipal, Jardín Principal s/n")
        form = QFormLayout()
        form.addRow(QLabel(f"Invitados: contactos de «{list_name}» (sin los marcados «no contactar»)."))
        form.addRow("&Evento:", self.event)
        form.addRow("&Fecha:", self.day)
        form.addRow("&Lugar:", self.place)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(dialog_buttons(self, "Preparar PDF"))
        self.event.setFocus(Qt.FocusReason.OtherFocusReason)


class RetiredDialog(QDialog):
    """The contacts (or outlets) given de baja, with "Restaurar"."""

    def __init__(self, ctx: AppContext, *, contacts: bool, parent: QWidget | None = None) -> None:
        from PySide6.QtWidgets import QTableView

        from .models.rows_model import ROW_ROLE, Column, RowsModel
        from .widgets import list_table

        super().__init__(parent)
        self.ctx, self.contacts = ctx, contacts
        self.row_role = ROW_ROLE
        self.setWindowTitle("Contactos dados de baja" if contacts else "Medios dados de baja")
        self.resize(560, 420)
        self.model: RowsModel[md.RetiredRow] = RowsModel([
            Column("Nombre", lambda r: r.name), Column("Medio" if contacts else "Tipo", lambda r: r.detail)])
        self.table = list_table(QTableView(), self.model)
        self.table.setColumnWidth(0, 260)
        self.empty = QLabel("No hay " + ("contactos" if contacts else "medios") + " dados de baja.")
        restore = QPushButton("Restaurar")
        restore.clicked.connect(self.restore_selected)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addWidget(restore)
        row.addStretch()
        row.addWidget(dialog_buttons(self))
        layout.addLayout(row)
        self.refresh()

    def refresh(self) -> None:
        rows = md.retired_contacts(self.ctx.db) if self.contacts else md.retired_outlets(self.ctx.db)
        self.model.set_rows(rows)
        self.empty.setVisible(not rows)

    def restore_selected(self) -> None:
        chosen = [self.model.data(i, self.row_role) for i in self.table.selectionModel().selectedRows()]
        restore = md.restore_contact if self.contacts else md.restore_outlet
        for row in chosen:
            if isinstance(row, md.RetiredRow):
                try:
                    restore(self.ctx.db, row.id, row.version)
                except UserError as exc:
                    show_error(self, exc)
                    break
        self.ctx.data_changed.emit()
        self.refresh()
