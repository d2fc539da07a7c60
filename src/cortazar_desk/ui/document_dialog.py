"""A permit or other dated document of an asset (forms/document_dialog.ui)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QCheckBox, QDateEdit, QDialog, QDialogButtonBox, QWidget

from ..domain.permits import DOCUMENT_LABELS, DocumentKind
from ..services import asset_files
from ..services.asset_files import DocumentData
from ..services.database import Database
from ..services.errors import UserError
from ..ui_forms.document_dialog import Ui_DocumentDialog
from .errors import show_error
from .widgets import choose_and_read


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


class DocumentDialog(QDialog):
    """Edits a ``DocumentData``; the caller saves it (the asset may not exist yet while its form is open)."""

    def __init__(self, db: Database, data: DocumentData | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.ui = Ui_DocumentDialog()
        self.ui.setupUi(self)
        ui = self.ui
        ui.buttonBox.button(QDialogButtonBox.StandardButton.Save).setText("Aceptar")
        ui.buttonBox.button(QDialogButtonBox.StandardButton.Cancel).setText("Cancelar")
        ui.buttonBox.accepted.connect(self._accept)
        ui.buttonBox.rejected.connect(self.reject)
        for kind in DocumentKind:
            ui.kindCombo.addItem(DOCUMENT_LABELS[kind], kind.value)
        self._dates: list[tuple[QCheckBox, QDateEdit]] = [
            (ui.issuedCheck, ui.issued), (ui.validFromCheck, ui.validFrom), (ui.validUntilCheck, ui.validUntil)]
        for check, edit in self._dates:
            check.toggled.connect(edit.setEnabled)
            edit.setDate(QDate.currentDate())
        ui.chooseFileButton.clicked.connect(self._choose_file)
        self.attachment_id: int | None = None
        self.result_data: DocumentData | None = None
        self._fill(data or DocumentData(DocumentKind.PERMIT.value, valid_until=date.today()))

    def _fill(self, data: DocumentData) -> None:
        ui = self.ui
        ui.kindCombo.setCurrentIndex(max(0, ui.kindCombo.findData(data.kind)))
        ui.numberEdit.setText(data.number)
        ui.issuerEdit.setText(data.issuer)
        for (check, edit), value in zip(self._dates, (data.issued_on, data.valid_from, data.valid_until), strict=True):
            check.setChecked(value is not None)
            edit.setEnabled(value is not None)
            if value is not None:
                edit.setDate(_qdate(value))
        ui.feeSpin.setValue(float(data.fee) if data.fee is not None else 0.0)
        ui.receiptEdit.setText(data.receipt)
        ui.notesEdit.setPlainText(data.notes)
        self.attachment_id = data.attachment_id
        ui.fileLabel.setText("Archivo adjunto" if data.attachment_id else "Sin archivo")

    def _choose_file(self) -> None:
        chosen = choose_and_read(self, "Documento escaneado", "Documentos (*.pdf *.jpg *.jpeg *.png)")
        if chosen is None:
            return
        path, data = chosen
        try:
            self.attachment_id = asset_files.store_scan(self.db, data, path.name)
        except UserError as exc:
            show_error(self, exc)
            return
        self.ui.fileLabel.setText(path.name)

    def data(self) -> DocumentData:
        ui = self.ui
        issued, valid_from, valid_until = (edit.date().toPython() if check.isChecked() else None
                                           for check, edit in self._dates)
        fee = Decimal(str(round(ui.feeSpin.value(), 2))) if ui.feeSpin.value() > 0 else None
        return DocumentData(ui.kindCombo.currentData(), ui.numberEdit.text(), ui.issuerEdit.text(), issued,  # type: ignore[arg-type]
                            valid_from, valid_until, fee, ui.receiptEdit.text(), ui.notesEdit.toPlainText(),
                            self.attachment_id)

    def _accept(self) -> None:
        try:
            self.result_data = asset_files.validate_document(self.data())
        except UserError as exc:
            show_error(self, exc)  # the dialog stays open with everything typed
            return
        self.accept()
