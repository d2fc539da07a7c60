"""The contact form (forms/contact_form.ui): a journalist's data, the do-not-contact mark with date and reason, the
outlets the person worked for, and likely duplicates shown while the data is typed."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox, QWidget

from ..domain.media import CHANNELS, MEDIA
from ..services import media_directory as md
from ..services.errors import UserError, ValidationError
from ..ui_forms.contact_form import Ui_ContactForm
from .context import AppContext
from .errors import show_error
from .widgets import close_after_asking

FIELD_WIDGETS = {"name": "nameEdit", "role": "roleEdit", "beats": "beatsEdit", "phone": "phoneEdit",
                 "phone2": "phone2Edit", "email": "emailEdit", "messaging": "messagingEdit",
                 "preferred_channel": "channelCombo", "notes": "notesEdit", "dnc_reason": "dncReasonEdit",
                 "dnc_since": "dncSince", "outlet_id": "outletCombo"}


class ContactDialog(QDialog):
    contact_saved = Signal(int)

    def __init__(self, ctx: AppContext, contact_id: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.contact_id = contact_id
        self.version = 0
        self.duplicates: list[md.DuplicateMatch] = []
        self.ui = Ui_ContactForm()
        self.ui.setupUi(self)
        ui = self.ui
        ui.outletCombo.addItem("(sin medio)", None)
        for outlet_id, name, medium in md.outlet_choices(ctx.db):
            ui.outletCombo.addItem(f"{name} · {MEDIA.get(medium, medium)}", outlet_id)
        for key, label in CHANNELS.items():
            ui.channelCombo.addItem(label, key)
        ui.dncSince.setDate(QDate.currentDate())
        ui.buttonBox.button(QDialogButtonBox.StandardButton.Save).setText("Guardar")
        ui.buttonBox.button(QDialogButtonBox.StandardButton.Cancel).setText("Cancelar")
        ui.buttonBox.accepted.connect(self.save_and_close)
        ui.buttonBox.rejected.connect(self.reject)
        ui.dncCheck.toggled.connect(self._dnc_toggled)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save_and_close)
        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(300)
        self._check_timer.timeout.connect(self.check_duplicates)
        for edit in (ui.nameEdit, ui.phoneEdit, ui.phone2Edit, ui.emailEdit):
            edit.textEdited.connect(lambda _t: self._check_timer.start())
        if contact_id is not None:
            self._load(contact_id)
        else:
            self.setWindowTitle("Nuevo contacto de prensa")
            ui.historyTitle.hide()
            ui.historyList.hide()
        self._dnc_toggled(ui.dncCheck.isChecked())
        self._shown = self.data_or_none()

    def _load(self, contact_id: int) -> None:
        ui = self.ui
        data, self.version = md.load_contact(self.ctx.db, contact_id)
        self.setWindowTitle(f"Contacto: {data.name}")
        ui.nameEdit.setText(data.name)
        ui.outletCombo.setCurrentIndex(max(0, ui.outletCombo.findData(data.outlet_id)))
        for name in ("role", "beats", "phone", "phone2", "email", "messaging", "dnc_reason"):
            getattr(ui, FIELD_WIDGETS[name]).setText(getattr(data, name))
        ui.notesEdit.setPlainText(data.notes)
        ui.channelCombo.setCurrentIndex(max(0, ui.channelCombo.findData(data.preferred_channel)))
        ui.dncCheck.setChecked(data.do_not_contact)
        if data.dnc_since:
            ui.dncSince.setDate(QDate(data.dnc_since.year, data.dnc_since.month, data.dnc_since.day))
        ui.historyList.clear()
        for stretch in md.contact_history(self.ctx.db, contact_id):
            until = f"al {stretch.ended_on:%d/%m/%Y}" if stretch.ended_on else "a la fecha"
            role = f" ({stretch.role})" if stretch.role else ""
            ui.historyList.addItem(f"{stretch.outlet}{role}: del {stretch.started_on:%d/%m/%Y} {until}")

    def _dnc_toggled(self, on: bool) -> None:
        self.ui.dncSince.setEnabled(on)
        self.ui.dncReasonEdit.setEnabled(on)

    def data(self) -> md.ContactData:
        ui = self.ui
        since = ui.dncSince.date()
        return md.ContactData(
            name=ui.nameEdit.text(), outlet_id=ui.outletCombo.currentData(), role=ui.roleEdit.text(),
            beats=ui.beatsEdit.text(), phone=ui.phoneEdit.text(), phone2=ui.phone2Edit.text(),
            email=ui.emailEdit.text(), messaging=ui.messagingEdit.text(),
            preferred_channel=ui.channelCombo.currentData() or "", notes=ui.notesEdit.toPlainText(),
            do_not_contact=ui.dncCheck.isChecked(),
            dnc_since=date(since.year(), since.month(), since.day()) if ui.dncCheck.isChecked() else None,
            dnc_reason=ui.dncReasonEdit.text() if ui.dncCheck.isChecked() else "")

    def data_or_none(self) -> md.ContactData:
        return self.data()

    def check_duplicates(self) -> None:
        """Show the contacts that are probably this same person (data still being typed is checked as it is)."""
        try:
            self.duplicates = md.find_duplicates(self.ctx.db, self.data(), self.contact_id)
        except ValidationError:
            self.duplicates = []  # half-typed phone or e-mail: nothing to compare yet
        if not self.duplicates:
            self.ui.duplicatesLabel.setText("")
            return
        from xml.sax.saxutils import escape

        lines = [f"• {escape(d.name)}" + (f" ({escape(d.outlet)})" if d.outlet else "") + f": {', '.join(d.reasons)}"
                 for d in self.duplicates[:5]]
        self.ui.duplicatesLabel.setText(
            "<span style='color:#8a4b00'><b>¿Ya está registrado?</b> Posibles duplicados:<br>" + "<br>".join(lines)
            + "<br>Si es la misma persona, cancele y use «Posibles duplicados» para fusionarlos.</span>")

    def save(self) -> bool:
        data = self.data()
        try:
            if self.contact_id is None:
                self.check_duplicates()
                if self.duplicates and not self._save_anyway():
                    return False
                self.contact_id = md.create_contact(self.ctx.db, data)
            else:
                md.update_contact(self.ctx.db, self.contact_id, self.version, data)
            _data, self.version = md.load_contact(self.ctx.db, self.contact_id)
        except UserError as exc:
            show_error(self, exc)
            field = getattr(exc, "field", "")
            if field in FIELD_WIDGETS:
                getattr(self.ui, FIELD_WIDGETS[field]).setFocus()
            return False
        self._shown = self.data()
        self.contact_saved.emit(self.contact_id)
        return True

    def _save_anyway(self) -> bool:
        """A likely duplicate is shown and asked about before a second record of the same person is made."""
        names = "\n".join(f"• {d.name}" + (f" ({d.outlet})" if d.outlet else "") + f": {', '.join(d.reasons)}"
                          for d in self.duplicates[:5])
        answer = QMessageBox.question(
            self, "¿Ya está registrado?", f"Estos contactos parecen ser la misma persona:\n\n{names}\n\n¿Guardar de "
            "todos modos como un contacto nuevo? (Si es la misma persona, elija No y use «Posibles duplicados» para "
            "fusionarlos.)", QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def save_and_close(self) -> None:
        if self.save():
            self.accept()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        close_after_asking(self, event, self.data() != self._shown, "¿Guardar los cambios de este contacto?",
                           self.save)
