"""Configuración: the office's shared profile (in the database) and this workstation's settings (in its file)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QMessageBox, QWidget

from ..db.engine import DatabaseLocation, InvalidLocationError
from ..documents.pdf_common import PAPER_LABELS
from ..services import office
from ..services.database import refuse_unsafe_location
from ..services.errors import UserError, ValidationError
from ..ui_forms.settings_dialog import Ui_SettingsDialog
from .context import AppContext
from .errors import show_error
from .widgets import choose_and_read


class SettingsDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.ui = Ui_SettingsDialog()
        self.ui.setupUi(self)
        save = self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Save)
        save.setText("Guardar")
        self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Cancel).setText("Cancelar")
        self.ui.buttonBox.accepted.connect(self.save)
        self.ui.buttonBox.rejected.connect(self.reject)
        self.ui.chooseLogoButton.clicked.connect(self.choose_logo)
        self.ui.removeLogoButton.clicked.connect(self.remove_logo)
        self.ui.browseDatabaseButton.clicked.connect(self.browse_database)
        self.ui.browseBackupFolderButton.clicked.connect(lambda: self._browse_folder(self.ui.backupFolderEdit))
        self.ui.browseSecondFolderButton.clicked.connect(lambda: self._browse_folder(self.ui.secondFolderEdit))
        self.profile = office.load_profile(ctx.db)
        self._logo_id = self.profile.logo_attachment_id
        self._fill()

    def _fill(self) -> None:
        p, cfg, ui = self.profile, self.ctx.station.config, self.ui
        ui.officeNameEdit.setText(p.office_name)
        ui.municipalityEdit.setText(p.municipality)
        ui.addressEdit.setText(p.address)
        ui.phoneEdit.setText(p.phone)
        ui.warningDaysSpin.setValue(p.expiry_warning_days)
        if ui.paperCombo.count() == 0:
            for key, label in PAPER_LABELS.items():
                ui.paperCombo.addItem(label, key)
        ui.paperCombo.setCurrentIndex(max(0, ui.paperCombo.findData(p.paper_size)))
        ui.databaseEdit.setText(cfg.database or str(self.ctx.station.location.display()))
        ui.backupFolderEdit.setText(cfg.backup_folder)
        ui.secondFolderEdit.setText(cfg.second_backup_folder)
        ui.intervalSpin.setValue(cfg.backup_interval_hours)
        ui.pgDumpEdit.setText(cfg.pg_dump_path)
        for edit in (ui.officeNameEdit, ui.municipalityEdit, ui.addressEdit, ui.phoneEdit, ui.databaseEdit):
            edit.setCursorPosition(0)  # long values show their beginning, not their end
        self._show_logo()

    def _show_logo(self) -> None:
        label = self.ui.logoPreview
        self.ui.removeLogoButton.setEnabled(self._logo_id is not None)
        if self._logo_id is None:
            label.clear()
            label.setText("Sin logotipo")
            return
        pix = QPixmap()
        pix.loadFromData(office.load_logo(self.ctx.db, self._logo_id))
        label.setPixmap(pix.scaled(90, 90, Qt.AspectRatioMode.KeepAspectRatio,
                                   Qt.TransformationMode.SmoothTransformation))

    def choose_logo(self) -> None:
        chosen = choose_and_read(self, "Elegir logotipo", "Imágenes (*.png *.jpg *.jpeg)")
        if chosen is None:
            return
        path, data = chosen
        try:
            self._logo_id = office.store_logo(self.ctx.db, data, path.name)
        except UserError as exc:
            show_error(self, exc)
            return
        self._show_logo()

    def remove_logo(self) -> None:
        self._logo_id = None
        self._show_logo()

    def browse_database(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Archivo de la base de datos", self.ui.databaseEdit.text(), "Base de datos (*.sqlite)",
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if path:
            self.ui.databaseEdit.setText(path)

    def _browse_folder(self, edit: QWidget) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Elegir carpeta", edit.text() or str(Path.home()))  # type: ignore[attr-defined]
        if folder:
            edit.setText(folder)  # type: ignore[attr-defined]

    def _workstation_values(self) -> dict[str, object]:
        ui = self.ui
        database = ui.databaseEdit.text().strip()
        current = self.ctx.station.location.display()
        if database and database != current:
            try:
                location = DatabaseLocation.parse(database)
            except InvalidLocationError as exc:
                raise ValidationError(str(exc), field="database") from exc
            if location.path is not None:
                refuse_unsafe_location(location.path)
        for edit, label in ((ui.backupFolderEdit, "carpeta de respaldos"), (ui.secondFolderEdit, "segunda carpeta")):
            text = edit.text().strip()
            if text and not Path(text).is_absolute():
                raise ValidationError(f"Escriba la ruta completa de la {label}.")
        return {
            "database": database if database != current else self.ctx.station.config.database,
            "backup_folder": ui.backupFolderEdit.text().strip(),
            "second_backup_folder": ui.secondFolderEdit.text().strip(),
            "backup_interval_hours": ui.intervalSpin.value(),
            "pg_dump_path": ui.pgDumpEdit.text().strip(),
        }

    def save(self) -> None:
        ui = self.ui
        edited = replace(
            self.profile,
            office_name=ui.officeNameEdit.text(),
            municipality=ui.municipalityEdit.text(),
            address=ui.addressEdit.text(),
            phone=ui.phoneEdit.text(),
            expiry_warning_days=ui.warningDaysSpin.value(),
            logo_attachment_id=self._logo_id,
            paper_size=ui.paperCombo.currentData() or "carta",
        )
        try:
            station_values = self._workstation_values()
            if edited != self.profile:
                self.profile = office.save_profile(self.ctx.db, edited)
                self.ctx.profile_saved.emit()
        except UserError as exc:
            # The dialog stays open with everything typed, so nothing is lost.
            show_error(self, exc)
            return
        cfg = self.ctx.station.config
        database_changed = station_values["database"] != cfg.database
        for key, value in station_values.items():
            setattr(cfg, key, value)
        try:
            cfg.save(self.ctx.station.dirs.config_file)
        except OSError as exc:
            show_error(self, UserError("No se pudo guardar la configuración de este equipo.", detail=str(exc)))
            return
        if database_changed:
            QMessageBox.information(self, "Base de datos",
                                    "La nueva ubicación de la base de datos se usará la próxima vez que abra "
                                    "Cortazar Desk.")
        self.accept()
