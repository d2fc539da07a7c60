"""The fast monitoring entry (forms/monitoring_entry.ui): typed from the keyboard, saved with Ctrl+Intro, and ready
for the next note with the same outlet and date; and the press release (boletín) dialog."""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QTime, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..domain.media import GENRES, MEDIA, TONES
from ..services import campaigns as campaigns_service
from ..services import media_directory as md
from ..services import media_lists as ml
from ..services import media_monitoring as mm
from ..services import press_releases as pr
from ..services import requests as requests_service
from ..services.errors import UserError
from ..ui_forms.monitoring_entry import Ui_MonitoringEntryForm
from .context import AppContext
from .errors import show_error
from .media_dialogs import date_edit, to_date
from .widgets import choose_and_read, dialog_buttons

FIELD_WIDGETS = {"headline": "headlineEdit", "section": "sectionEdit", "link": "linkEdit", "author": "authorEdit",
                 "topic": "topicEdit", "officials": "officialsEdit", "tone": "toneCombo", "genre": "genreCombo",
                 "reach": "reachSpin", "outlet_id": "outletCombo", "published_at": "dateEdit"}


class EntryForm(QWidget):
    entry_saved = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.entry_id: int | None = None
        self.version = 0
        self.clipping: tuple[bytes, str] | None = None
        self.ui = Ui_MonitoringEntryForm()
        self.ui.setupUi(self)
        ui = self.ui
        ui.dateEdit.setDate(QDate.currentDate())
        ui.timeEdit.setTime(QTime.currentTime())
        for key, label in GENRES.items():
            ui.genreCombo.addItem(label, key)
        for key, label in TONES.items():
            ui.toneCombo.addItem(label, key)
        ui.toneCombo.setCurrentIndex(ui.toneCombo.findData("neutral"))
        completer = ui.outletCombo.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        ui.saveButton.clicked.connect(self.save)
        ui.clearButton.clicked.connect(lambda: self.start_new(keep=False))
        ui.clippingButton.clicked.connect(self.choose_clipping)
        for sequence in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(sequence), self, activated=self.save,
                      context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.reload_choices()
        self.start_new(keep=False)

    def reload_choices(self) -> None:
        ui = self.ui
        current = ui.outletCombo.currentData()
        ui.outletCombo.clear()
        for outlet_id, name, medium in md.outlet_choices(self.ctx.db):
            ui.outletCombo.addItem(f"{name} ({MEDIA.get(medium, medium)})", outlet_id)
        ui.outletCombo.setCurrentIndex(ui.outletCombo.findData(current) if current is not None else -1)
        checked = set(self.department_ids())
        ui.departmentsList.clear()
        for dept_id, name in campaigns_service.departments(self.ctx.db):
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, dept_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if dept_id in checked else Qt.CheckState.Unchecked)
            ui.departmentsList.addItem(item)
        for combo, choices in ((ui.releaseCombo, pr.release_choices(self.ctx.db)),
                               (ui.campaignCombo, [(c.id, c.name) for c in campaigns_service.list_campaigns(
                                   self.ctx.db)]),
                               (ui.requestCombo, requests_service.request_choices(self.ctx.db))):
            keep = combo.currentData()
            combo.clear()
            combo.addItem("(ninguno)", None)
            for key, label in choices:
                combo.addItem(label, key)
            combo.setCurrentIndex(max(0, combo.findData(keep)))
        topic_completer = QCompleter(mm.topics(self.ctx.db), self)
        topic_completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        topic_completer.setFilterMode(Qt.MatchFlag.MatchContains)
        ui.topicEdit.setCompleter(topic_completer)

    def department_ids(self) -> list[int]:
        ui = self.ui
        return [ui.departmentsList.item(n).data(Qt.ItemDataRole.UserRole) for n in range(ui.departmentsList.count())
                if ui.departmentsList.item(n).checkState() == Qt.CheckState.Checked]

    def outlet_id(self) -> int | None:
        """The chosen outlet; text typed in the combo counts when it names exactly one outlet."""
        ui = self.ui
        typed = ui.outletCombo.currentText().strip()
        index = ui.outletCombo.currentIndex()
        if index >= 0 and ui.outletCombo.itemText(index) == typed:
            return ui.outletCombo.itemData(index)  # type: ignore[no-any-return]
        matches = [n for n in range(ui.outletCombo.count())
                   if typed and typed.casefold() in ui.outletCombo.itemText(n).casefold()]
        return ui.outletCombo.itemData(matches[0]) if len(matches) == 1 else None  # type: ignore[no-any-return]

    def data(self) -> mm.EntryData:
        ui = self.ui
        outlet_id = self.outlet_id()
        if outlet_id is None:
            raise UserError("Elija el medio de la lista (escriba parte de su nombre).")
        day, moment = ui.dateEdit.date(), ui.timeEdit.time()
        return mm.EntryData(
            published_at=datetime.combine(to_date(day), time(moment.hour(), moment.minute())), outlet_id=outlet_id,
            headline=ui.headlineEdit.text(), section=ui.sectionEdit.text(), link=ui.linkEdit.text(),
            author=ui.authorEdit.text(), genre=ui.genreCombo.currentData(), topic=ui.topicEdit.text(),
            officials=ui.officialsEdit.text(), tone=ui.toneCombo.currentData(),
            reach=ui.reachSpin.value() or None, in_summary=ui.summaryCheck.isChecked(),
            department_ids=tuple(self.department_ids()), press_release_id=ui.releaseCombo.currentData(),
            campaign_id=ui.campaignCombo.currentData(), event_request_id=ui.requestCombo.currentData())

    def save(self) -> None:
        try:
            data = self.data()
            if self.entry_id is None:
                saved = mm.create_entry(self.ctx.db, data, self.clipping)
            else:
                mm.update_entry(self.ctx.db, self.entry_id, self.version, data, self.clipping)
                saved = self.entry_id
        except UserError as exc:
            show_error(self, exc)
            widget = FIELD_WIDGETS.get(getattr(exc, "field", "") or "outlet_id")
            if widget:
                getattr(self.ui, widget).setFocus()
            return
        self.ui.outletCombo.setCurrentIndex(self.ui.outletCombo.findData(data.outlet_id))  # the full name shows
        self.ui.stateLabel.setTextFormat(Qt.TextFormat.PlainText)  # the headline is shown as typed
        self.ui.stateLabel.setText(f"Guardada: «{data.headline[:60]}». Escriba la siguiente.")
        self.entry_saved.emit(saved)
        self.start_new(keep=True)

    def start_new(self, keep: bool) -> None:
        """Empty the form for the next note; with ``keep``, the outlet, the date and the section stay."""
        ui = self.ui
        self.entry_id, self.version, self.clipping = None, 0, None
        if not keep:
            ui.outletCombo.setCurrentIndex(-1)
            ui.outletCombo.setEditText("")
            ui.sectionEdit.clear()
            ui.dateEdit.setDate(QDate.currentDate())
            ui.stateLabel.setText("Nota nueva.")
        for edit in (ui.headlineEdit, ui.linkEdit, ui.authorEdit, ui.topicEdit, ui.officialsEdit):
            edit.clear()
        ui.genreCombo.setCurrentIndex(0)
        ui.toneCombo.setCurrentIndex(ui.toneCombo.findData("neutral"))
        ui.reachSpin.setValue(0)
        ui.summaryCheck.setChecked(True)
        ui.releaseCombo.setCurrentIndex(0)
        ui.campaignCombo.setCurrentIndex(0)
        ui.requestCombo.setCurrentIndex(0)
        for n in range(ui.departmentsList.count()):
            ui.departmentsList.item(n).setCheckState(Qt.CheckState.Unchecked)
        ui.clippingLabel.setText("Sin recorte")
        ui.saveButton.setText("Guardar y siguiente (Ctrl+Intro)")
        (ui.headlineEdit if keep else ui.outletCombo).setFocus()

    def edit(self, entry_id: int) -> None:
        ui = self.ui
        data, self.version, has_clipping = mm.load_entry(self.ctx.db, entry_id)
        self.entry_id, self.clipping = entry_id, None
        ui.dateEdit.setDate(QDate(data.published_at.year, data.published_at.month, data.published_at.day))
        ui.timeEdit.setTime(QTime(data.published_at.hour, data.published_at.minute))
        ui.outletCombo.setCurrentIndex(ui.outletCombo.findData(data.outlet_id))
        for name in ("headline", "section", "link", "author", "topic", "officials"):
            getattr(ui, FIELD_WIDGETS[name]).setText(getattr(data, name))
        ui.genreCombo.setCurrentIndex(ui.genreCombo.findData(data.genre))
        ui.toneCombo.setCurrentIndex(ui.toneCombo.findData(data.tone))
        ui.reachSpin.setValue(data.reach or 0)
        ui.summaryCheck.setChecked(data.in_summary)
        ui.releaseCombo.setCurrentIndex(max(0, ui.releaseCombo.findData(data.press_release_id)))
        ui.campaignCombo.setCurrentIndex(max(0, ui.campaignCombo.findData(data.campaign_id)))
        ui.requestCombo.setCurrentIndex(max(0, ui.requestCombo.findData(data.event_request_id)))
        for n in range(ui.departmentsList.count()):
            item = ui.departmentsList.item(n)
            item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in data.department_ids
                               else Qt.CheckState.Unchecked)
        ui.clippingLabel.setText("Con recorte guardado" if has_clipping else "Sin recorte")
        ui.saveButton.setText("Guardar cambios (Ctrl+Intro)")
        ui.stateLabel.setText("Editando una nota guardada.")
        ui.headlineEdit.setFocus()

    def choose_clipping(self) -> None:
        chosen = choose_and_read(self, "Recorte de la nota", "Imagen o PDF (*.jpg *.jpeg *.png *.pdf)")
        if chosen is not None:
            path, data = chosen
            self.clipping = (data, path.name)
            self.ui.clippingLabel.setText(path.name)


class ReleaseDialog(QDialog):
    def __init__(self, ctx: AppContext, release_id: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.release_id = release_id
        self.version = 0
        self.file: tuple[bytes, str] | None = None
        self.setWindowTitle("Nuevo boletín" if release_id is None else "Boletín")
        self.resize(640, 560)
        self.day = date_edit()
        self.title = QLineEdit()
        self.title.setMaxLength(300)
        self.body = QPlainTextEdit()
        self.body.setTabChangesFocus(True)
        self.department = self._combo(campaigns_service.departments(ctx.db))
        self.list = self._combo([(r.id, r.name) for r in ml.list_lists(ctx.db)])
        self.campaign = self._combo([(c.id, c.name) for c in campaigns_service.list_campaigns(ctx.db)])
        self.event = self._combo(requests_service.request_choices(ctx.db))
        self.file_label = QLabel("Sin archivo")
        choose = QPushButton("Elegir PDF o imagen…")
        choose.clicked.connect(self.choose_file)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_label, 1)
        file_row.addWidget(choose)
        self.number = QLabel("Se numera al guardar (BOL-año-número).")
        form = QFormLayout()
        for label, widget in (("Número:", self.number), ("&Fecha:", self.day), ("&Título:", self.title),
                              ("Te&xto:", self.body), ("&Dependencia:", self.department),
                              ("&Enviado a la lista:", self.list), ("&Campaña:", self.campaign),
                              ("E&vento (solicitud):", self.event)):
            form.addRow(label, widget)
        form.addRow("&Archivo:", file_row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(dialog_buttons(self, "Guardar", on_ok=self.save))
        if release_id is not None:
            data, self.version, number, has_file = pr.load_release(ctx.db, release_id)
            self.number.setText(number)
            self.day.setDate(QDate(data.issued_on.year, data.issued_on.month, data.issued_on.day))
            self.title.setText(data.title)
            self.body.setPlainText(data.body)
            for combo, value in ((self.department, data.department_id), (self.list, data.list_id),
                                 (self.campaign, data.campaign_id), (self.event, data.event_request_id)):
                combo.setCurrentIndex(max(0, combo.findData(value)))
            self.file_label.setText("Con archivo guardado" if has_file else "Sin archivo")

    @staticmethod
    def _combo(choices: list[tuple[int, str]]) -> QComboBox:
        combo = QComboBox()
        combo.addItem("(ninguna)", None)
        for key, label in choices:
            combo.addItem(label, key)
        return combo

    def choose_file(self) -> None:
        chosen = choose_and_read(self, "Archivo del boletín", "PDF o imagen (*.pdf *.jpg *.jpeg *.png)")
        if chosen is not None:
            path, data = chosen
            self.file = (data, Path(path).name)
            self.file_label.setText(Path(path).name)

    def release_data(self) -> pr.ReleaseData:
        return pr.ReleaseData(to_date(self.day.date()), self.title.text(), self.body.toPlainText(),
                              self.department.currentData(), self.list.currentData(), self.campaign.currentData(),
                              self.event.currentData())

    def save(self) -> None:
        try:
            if self.release_id is None:
                self.release_id, _number = pr.create_release(self.ctx.db, self.release_data(), self.file)
            else:
                pr.update_release(self.ctx.db, self.release_id, self.version, self.release_data(), self.file)
        except UserError as exc:
            show_error(self, exc)
            return
        self.accept()
