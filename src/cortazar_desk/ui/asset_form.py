"""The asset form (forms/asset_form.ui): general data, location, owner, permits and documents, photos, history.

Edits stay in the widgets until "Guardar" (Ctrl+S); each field has its own undo (Ctrl+Z). Documents and photos of a
saved asset are stored as soon as they are added, each in its own short transaction.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent, QIcon, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QHeaderView,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QTableWidgetItem,
    QWidget,
)

from ..config import WorkstationConfig
from ..domain.geo import CoordinateError, parse_coordinate
from ..domain.permits import DOCUMENT_LABELS, OWNERSHIP_LABELS, STATUS_LABELS, Ownership
from ..services import asset_files, assets, audit_log, reference_layers
from ..services.assets import AssetData
from ..services.database import Database
from ..services.errors import UserError, ValidationError
from ..ui_forms.asset_form import Ui_AssetForm
from .document_dialog import DocumentDialog
from .errors import show_error
from .widgets import close_after_asking

ILLUMINATION_LABELS = {"ninguna": "Sin iluminación", "frontal": "Frontal", "interna": "Interna (caja de luz)",
                       "digital": "Pantalla digital"}
CONDITION_LABELS = {"bueno": "Bueno", "regular": "Regular", "malo": "Malo"}
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png")


class _PhotoDrop(QObject):
    """Lets people drop photo files on the photo list."""

    def __init__(self, form: AssetForm) -> None:
        super().__init__(form)
        self.form = form

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            mime = event.mimeData()  # type: ignore[attr-defined]
            if mime.hasUrls():
                event.acceptProposedAction()  # type: ignore[attr-defined]
                return True
        if event.type() == QEvent.Type.Drop:
            paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]  # type: ignore[attr-defined]
            event.acceptProposedAction()  # type: ignore[attr-defined]
            self.form.add_photos(paths)
            return True
        return False


class AssetForm(QDialog):
    asset_saved = Signal(int)  # the asset id, after each save

    def __init__(self, db: Database, asset_id: int | None = None, parent: QWidget | None = None, *,
                 config: WorkstationConfig | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.config = config  # this workstation's settings (the base map of the location picker)
        self.asset_id = asset_id
        self.version = 0
        self.ui = Ui_AssetForm()
        self.ui.setupUi(self)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self._geography: reference_layers.Geography | None = None
        self._fill_choices()
        self._wire()
        if asset_id is None:
            self._loaded = self._blank()
            self._show(self._loaded)
        else:
            self.reload()
        self._update_title()

    # --- set-up ------------------------------------------------------------------------------------------------

    def _fill_choices(self) -> None:
        ui = self.ui
        for kind in assets.list_types(self.db):
            ui.typeCombo.addItem(f"{kind.name} ({kind.code})", kind.id)
        for key, label in ILLUMINATION_LABELS.items():
            ui.illuminationCombo.addItem(label, key)
        for key, label in CONDITION_LABELS.items():
            ui.conditionCombo.addItem(label, key)
        for ownership in Ownership:
            ui.ownershipCombo.addItem(OWNERSHIP_LABELS[ownership], ownership.value)
        ui.localityCombo.addItem("(sin localidad)", None)
        for loc in reference_layers.localities(self.db):
            ui.localityCombo.addItem(loc.name, loc.id)
        ui.localityCombo.setEditable(False)
        for table, headers in ((ui.documentsTable, ["Documento", "Número", "Vigente hasta", "Archivo"]),
                               (ui.historyTable, ["Fecha", "Usuario", "Acción", "Cambios"])):
            table.setColumnCount(len(headers))
            table.setHorizontalHeaderLabels(headers)
            table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            table.verticalHeader().hide()
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            table.horizontalHeader().setStretchLastSection(True)
        ui.photosList.setViewMode(QListWidget.ViewMode.IconMode)
        ui.photosList.setIconSize(QSize(160, 160))
        ui.photosList.setResizeMode(QListWidget.ResizeMode.Adjust)
        ui.photosList.setAcceptDrops(True)
        ui.photosList.viewport().setAcceptDrops(True)
        self.photo_drop = _PhotoDrop(self)
        ui.photosList.viewport().installEventFilter(self.photo_drop)
        for spin in (ui.widthSpin, ui.heightSpin, ui.totalHeightSpin):
            spin.setMinimum(0.0)

    def _wire(self) -> None:
        ui = self.ui
        save = ui.buttonBox.button(QDialogButtonBox.StandardButton.Save)
        save.setText("Guardar")
        save.setShortcut(QKeySequence.StandardKey.Save)
        save.setToolTip("Guardar (Ctrl+S)")
        ui.buttonBox.button(QDialogButtonBox.StandardButton.Close).setText("Cerrar")
        ui.buttonBox.accepted.connect(self.save)
        ui.buttonBox.rejected.connect(self.close)
        QShortcut(QKeySequence.StandardKey.Close, self, activated=self.close)
        ui.latEdit.editingFinished.connect(self._check_location)
        ui.lonEdit.editingFinished.connect(self._check_location)
        ui.pickOnMapButton.clicked.connect(self.pick_on_map)
        ui.addDocumentButton.clicked.connect(self.add_document)
        ui.editDocumentButton.clicked.connect(self.edit_document)
        ui.removeDocumentButton.clicked.connect(self.remove_document)
        ui.documentsTable.doubleClicked.connect(lambda _i: self.edit_document())
        ui.addPhotosButton.clicked.connect(self._choose_photos)

    # --- data in and out ---------------------------------------------------------------------------------------

    def _blank(self) -> AssetData:
        return AssetData(type_id=int(self.ui.typeCombo.itemData(0) or 0))

    def reload(self) -> None:
        assert self.asset_id is not None
        data, self.version, facts = assets.load_asset(self.db, self.asset_id)
        self._loaded = data
        self._show(data)
        inactive = not facts["active"]
        self.ui.inactiveLabel.setVisible(inactive)
        if inactive:
            when = facts["inactive_on"].strftime("%d/%m/%Y") if facts["inactive_on"] else ""
            self.ui.inactiveLabel.setText(f"Dado de baja el {when}: {facts['inactive_reason']}")
        self._refresh_related()

    def _show(self, data: AssetData) -> None:
        ui = self.ui
        ui.folioEdit.setText(data.folio)
        if ui.typeCombo.findData(data.type_id) < 0:  # its type was taken out of use: keep it, never swap it
            for kind in assets.list_types(self.db, include_inactive=True):
                if kind.id == data.type_id:
                    ui.typeCombo.addItem(f"{kind.name} ({kind.code}) — sin uso", kind.id)
        ui.typeCombo.setCurrentIndex(max(0, ui.typeCombo.findData(data.type_id)))
        ui.facesSpin.setValue(data.faces)
        for spin, value in ((ui.widthSpin, data.width_m), (ui.heightSpin, data.height_m),
                            (ui.totalHeightSpin, data.total_height_m)):
            spin.setValue(float(value) if value is not None else 0.0)
        ui.illuminationCombo.setCurrentIndex(max(0, ui.illuminationCombo.findData(data.illumination)))
        ui.materialEdit.setText(data.material)
        ui.conditionCombo.setCurrentIndex(max(0, ui.conditionCombo.findData(data.condition)))
        ui.notesEdit.setPlainText(data.notes)
        ui.streetEdit.setText(data.street)
        ui.numberEdit.setText(data.number)
        ui.coloniaEdit.setText(data.colonia)
        ui.localityCombo.setCurrentIndex(max(0, ui.localityCombo.findData(data.locality_id)))
        ui.postalCodeEdit.setText(data.postal_code)
        ui.crossStreetsEdit.setText(data.cross_streets)
        ui.referenceEdit.setText(data.reference)
        ui.latEdit.setText("" if data.lat is None else f"{data.lat:.7f}")  # as stored: opening changes nothing
        ui.lonEdit.setText("" if data.lon is None else f"{data.lon:.7f}")
        ui.orientationEdit.setText(data.orientation)
        ui.ownershipCombo.setCurrentIndex(max(0, ui.ownershipCombo.findData(data.ownership)))
        ui.ownerNameEdit.setText(data.owner_name)
        ui.ownerPhoneEdit.setText(data.owner_phone)
        ui.ownerEmailEdit.setText(data.owner_email)
        ui.inactiveLabel.setVisible(False)
        ui.locationWarning.clear()

    @staticmethod
    def _metres(spin: QDoubleSpinBox) -> Decimal | None:
        return Decimal(str(round(spin.value(), 2))) if spin.value() > 0 else None

    def _coordinates(self) -> tuple[float | None, float | None]:
        lat_text, lon_text = self.ui.latEdit.text().strip(), self.ui.lonEdit.text().strip()
        if not lat_text and not lon_text:
            return None, None
        try:
            return parse_coordinate(lat_text, "lat"), parse_coordinate(lon_text, "lon")
        except CoordinateError as exc:
            raise ValidationError(str(exc), field="lat") from exc

    def current_data(self) -> AssetData:
        ui = self.ui
        lat, lon = self._coordinates()
        return AssetData(
            type_id=int(ui.typeCombo.currentData()), folio=ui.folioEdit.text(), faces=ui.facesSpin.value(),
            width_m=self._metres(ui.widthSpin), height_m=self._metres(ui.heightSpin),
            total_height_m=self._metres(ui.totalHeightSpin), illumination=ui.illuminationCombo.currentData(),
            material=ui.materialEdit.text(), street=ui.streetEdit.text(), number=ui.numberEdit.text(),
            colonia=ui.coloniaEdit.text(), locality_id=ui.localityCombo.currentData(),
            postal_code=ui.postalCodeEdit.text(), cross_streets=ui.crossStreetsEdit.text(),
            reference=ui.referenceEdit.text(), lat=lat, lon=lon, orientation=ui.orientationEdit.text(),
            owner_name=ui.ownerNameEdit.text(), owner_phone=ui.ownerPhoneEdit.text(),
            owner_email=ui.ownerEmailEdit.text(), ownership=ui.ownershipCombo.currentData(),
            condition=ui.conditionCombo.currentData(), notes=ui.notesEdit.toPlainText(),
        )

    def is_dirty(self) -> bool:
        try:
            current = assets.validate(self.current_data())
            loaded = assets.validate(self._loaded)
        except UserError:
            return True  # something typed that is not valid yet is still a change
        if self.asset_id is None:
            return current != loaded
        return current != replace(loaded, folio=loaded.folio if current.folio else "")

    # --- location ----------------------------------------------------------------------------------------------

    def pick_on_map(self) -> None:
        """Choose the point on the map; the coordinates are filled in and checked like typed ones."""
        from .map.pick_dialog import PickLocationDialog

        try:
            lat, lon = self._coordinates()
        except ValidationError:
            lat = lon = None
        dialog = PickLocationDialog(self.db, (lat, lon) if lat is not None and lon is not None else None, self,
                                    config=self.config)
        if dialog.exec() and dialog.picked is not None:
            self.ui.latEdit.setText(f"{dialog.picked[0]:.7f}")
            self.ui.lonEdit.setText(f"{dialog.picked[1]:.7f}")
            self._check_location()
        dialog.deleteLater()

    def _check_location(self) -> None:
        ui = self.ui
        try:
            lat, lon = self._coordinates()
        except ValidationError as exc:
            ui.locationWarning.setText(exc.message)
            ui.locationWarning.setStyleSheet("color: #8a1c1c;")
            return
        if lat is None or lon is None:
            ui.locationWarning.clear()
            return
        if self._geography is None:
            self._geography = reference_layers.Geography.load(self.db)
        notes = []
        if self._geography.inside_boundary(lat, lon) is False:
            notes.append("Atención: el punto queda fuera del límite municipal de Cortazar. Revise las coordenadas.")
        suggested = self._geography.locality_at(lat, lon)
        # Only a suggestion: a locality the clerk chose by hand is never replaced.
        if suggested is not None and ui.localityCombo.currentData() is None:
            ui.localityCombo.setCurrentIndex(ui.localityCombo.findData(suggested))
            notes.append(f"Localidad sugerida por la ubicación: {ui.localityCombo.currentText()}.")
        ui.latEdit.setText(f"{lat:.7f}")
        ui.lonEdit.setText(f"{lon:.7f}")
        ui.locationWarning.setText("\n".join(notes))
        ui.locationWarning.setStyleSheet("color: #8a1c1c;" if any("fuera" in n for n in notes) else "")

    # --- saving and closing ------------------------------------------------------------------------------------

    def save(self) -> bool:
        try:
            data = self.current_data()
            if self.asset_id is None:
                self.asset_id, folio = assets.create_asset(self.db, data)
            else:
                self.version = assets.update_asset(self.db, self.asset_id, self.version, data)
        except UserError as exc:
            show_error(self, exc)  # everything typed stays in the form
            return False
        self.reload()
        self._update_title()
        self.asset_saved.emit(self.asset_id)
        return True

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        close_after_asking(self, event, self.is_dirty(), "¿Guardar los cambios de este anuncio antes de cerrar?",
                           self.save)

    def reject(self) -> None:  # Esc goes through the same question as closing
        self.close()

    def _update_title(self) -> None:
        saved = self.asset_id is not None
        folio = self._loaded.folio if saved else ""
        self.setWindowTitle(f"Anuncio {folio}" if saved else "Nuevo anuncio")
        self.ui.headerLabel.setText(f"<b>{folio}</b>" if saved else
                                    "<b>Nuevo anuncio.</b> Guárdelo para poder agregar documentos y fotos.")
        for widget in (self.ui.documentsTab, self.ui.photosTab, self.ui.historyTab):
            widget.setEnabled(saved)

    # --- documents ---------------------------------------------------------------------------------------------

    def _refresh_related(self) -> None:
        assert self.asset_id is not None
        self._documents = asset_files.list_documents(self.db, self.asset_id)
        table = self.ui.documentsTable
        table.setRowCount(len(self._documents))
        for row, doc in enumerate(self._documents):
            until = doc.data.valid_until.strftime("%d/%m/%Y") if doc.data.valid_until else "Sin vencimiento"
            for col, text in enumerate((doc.kind_label, doc.data.number, until,
                                        "Sí" if doc.data.attachment_id else "")):
                table.setItem(row, col, QTableWidgetItem(text))
        status = next((r.status for r in assets.list_assets(self.db, asset_ids=[self.asset_id])), None)
        if status is not None:
            text = STATUS_LABELS[status.status]
            if status.expires_on:
                text += f"; vence el {status.expires_on:%d/%m/%Y}"
            if status.missing:
                text += "; falta: " + ", ".join(DOCUMENT_LABELS[k] for k in status.missing)
            self.ui.documentsStatus.setText(f"Situación del permiso: <b>{text}</b>")
        self._refresh_photos()
        history = audit_log.asset_history(self.db, self.asset_id)
        self.ui.historyTable.setRowCount(len(history))
        for row, entry in enumerate(history):
            # Changes of a document or photo say which one; the asset's own do not need to.
            summary = entry.summary if entry.object_type == "asset" else f"{entry.object_label}: {entry.summary}"
            for col, text in enumerate((entry.at.strftime("%d/%m/%Y %H:%M"), entry.who, entry.action, summary)):
                item = QTableWidgetItem(text)
                if col == 3:  # long lists of fields are cut at the column's edge: whole on hover
                    item.setToolTip(summary.replace("; ", "\n"))
                self.ui.historyTable.setItem(row, col, item)

    def _selected_document(self) -> asset_files.DocumentRow | None:
        rows = self.ui.documentsTable.selectionModel().selectedRows()
        return self._documents[rows[0].row()] if rows else None

    def add_document(self) -> None:
        assert self.asset_id is not None
        dialog = DocumentDialog(self.db, parent=self)
        if dialog.exec() and dialog.result_data is not None:
            try:
                asset_files.add_document(self.db, self.asset_id, dialog.result_data)
            except UserError as exc:
                show_error(self, exc)
            self._refresh_related()

    def edit_document(self) -> None:
        doc = self._selected_document()
        if doc is None:
            return
        dialog = DocumentDialog(self.db, doc.data, parent=self)
        if dialog.exec() and dialog.result_data is not None:
            try:
                asset_files.update_document(self.db, doc.id, doc.version, dialog.result_data)
            except UserError as exc:
                show_error(self, exc)
            self._refresh_related()

    def remove_document(self) -> None:
        doc = self._selected_document()
        if doc is None:
            return
        answer = QMessageBox.question(
            self, "Quitar documento",
            f"¿Quitar «{doc.kind_label} {doc.data.number}» de la lista de este anuncio? Su historial y su archivo "
            "se conservan.", QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        if answer == QMessageBox.StandardButton.Yes:
            try:
                asset_files.remove_document(self.db, doc.id, doc.version, "quitado desde la ficha del anuncio")
            except UserError as exc:
                show_error(self, exc)
            self._refresh_related()

    # --- photos ------------------------------------------------------------------------------------------------

    def _refresh_photos(self) -> None:
        assert self.asset_id is not None
        photos = self.ui.photosList
        photos.clear()
        for photo in asset_files.list_photos(self.db, self.asset_id):
            pixmap = QPixmap()
            try:
                pixmap.loadFromData(asset_files.photo_bytes(self.db, photo, thumbnail=True))
            except UserError:
                continue  # a photo that does not match its hash is never shown
            item = QListWidgetItem(QIcon(pixmap), photo.taken_at.strftime("%d/%m/%Y %H:%M"))
            item.setToolTip(photo.caption or f"Tomada el {photo.taken_at:%d/%m/%Y a las %H:%M}")
            photos.addItem(item)

    def _choose_photos(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Agregar fotos", str(Path.home()),
                                                "Fotos (*.jpg *.jpeg *.png)")
        self.add_photos([Path(p) for p in paths])

    def add_photos(self, paths: list[Path]) -> None:
        if self.asset_id is None or not paths:
            return
        problems = []
        for path in paths:
            if path.suffix.lower() not in PHOTO_SUFFIXES and not path.is_file():
                continue
            try:
                asset_files.add_photo(self.db, self.asset_id, path.read_bytes(), path.name)
            except OSError as exc:
                problems.append(f"{path.name}: no se pudo leer ({exc.strerror or exc})")
            except UserError as exc:
                problems.append(f"{path.name}: {exc.message}")
        self._refresh_related()
        if problems:
            show_error(self, UserError("Algunas fotos no se agregaron:\n" + "\n".join(problems)))
