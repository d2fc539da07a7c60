"""One event-support request (forms/request_dialog.ui): intake with live warnings (short notice, veda), then
assignments with the conflict check, the workflow with its history and evidence, attachments and the printed order.

"Guardar" keeps the dialog open (a new request gets its folio and the other tabs open up); "Cerrar" asks before
dropping unsaved changes."""

from __future__ import annotations

from datetime import date, datetime
from html import escape

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..domain.requests import EVENT_TYPES, EVIDENCE_KINDS, NEXT_STEP, OPEN_STATUSES, RequestStatus, status_label
from ..services import reference_layers, request_catalogues, request_documents, requests
from ..services.errors import UserError
from ..services.requests import AssignmentConflictError, RequestData
from ..ui_forms.request_dialog import Ui_RequestDialog
from .context import AppContext
from .errors import show_error
from .widgets import choose_and_read, close_after_asking, dialog_buttons, read_only_table

SERVICE_ID_ROLE = Qt.ItemDataRole.UserRole + 1


def _qdatetime(value: datetime) -> QDateTime:
    return QDateTime(QDate(value.year, value.month, value.day), QTime(value.hour, value.minute))


def _datetime(edit: QDateTime) -> datetime:
    d, t = edit.date(), edit.time()
    return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute())


class RequestDialog(QDialog):
    def __init__(self, ctx: AppContext, request_id: int | None = None, parent: QWidget | None = None, *,
                 starts_at: datetime | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.db = ctx.db
        self.request_id = request_id
        self.version = 0
        self.status = RequestStatus.RECEIVED.value
        self.saved_something = False
        self.ui = Ui_RequestDialog()
        self.ui.setupUi(self)
        ui = self.ui
        save = ui.buttonBox.button(QDialogButtonBox.StandardButton.Save)
        save.setText("&Guardar")
        save.setToolTip("Guardar (Ctrl+S); la solicitud sigue abierta")
        ui.buttonBox.button(QDialogButtonBox.StandardButton.Close).setText("Cerrar")
        save.clicked.connect(self.save)
        ui.buttonBox.rejected.connect(self.close)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)

        self.departments = request_catalogues.list_departments(db=self.db, active_only=True)
        for d in self.departments:
            ui.departmentCombo.addItem(d.name, d.id)
        ui.departmentCombo.setCurrentIndex(-1)
        ui.departmentCombo.currentIndexChanged.connect(self._department_chosen)
        ui.eventTypeCombo.addItem("", "")
        for kind in EVENT_TYPES:
            ui.eventTypeCombo.addItem(kind, kind)
        ui.localityCombo.addItem("(sin localidad)", None)
        for loc in reference_layers.localities(self.db):
            ui.localityCombo.addItem(loc.name, loc.id)
        self.lat: float | None = None
        self.lon: float | None = None
        ui.pickOnMapButton.clicked.connect(self.pick_on_map)
        ui.clearLocationButton.clicked.connect(lambda: self._set_location(None, None))

        table = ui.servicesTable
        table.setColumnCount(3)
        table.setHorizontalHeaderLabels(["Servicio", "Anticipación", "Detalles (qué se necesita)"])
        table.verticalHeader().hide()
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        table.setMinimumHeight(190)
        table.verticalHeader().setDefaultSectionSize(24)
        services = request_catalogues.list_services(self.db, active_only=True)
        table.setRowCount(len(services))
        for row, service in enumerate(services):
            name = QTableWidgetItem(service.name)
            name.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            name.setCheckState(Qt.CheckState.Unchecked)
            name.setData(SERVICE_ID_ROLE, service.id)
            table.setItem(row, 0, name)
            notice = QTableWidgetItem(f"{service.detail} días hábiles")
            notice.setFlags(Qt.ItemFlag.ItemIsEnabled)
            table.setItem(row, 1, notice)
            table.setItem(row, 2, QTableWidgetItem(""))

        read_only_table(["Servicio", "Asignado", "Detalles"], ui.assignmentsTable)
        read_only_table(["Fecha", "Estado", "Quién", "Nota"], ui.historyTable)
        read_only_table(["Tipo", "Enlace o ubicación", "Registrada"], ui.evidenceTable)
        # What the press published about the event: monitoring entries linked to this request (Monitoreo page).
        self.coverage_label = QLabel("Cobertura en medios (notas de monitoreo vinculadas a esta solicitud)")
        self.coverage_table = QTableWidget()
        read_only_table(["Fecha", "Medio", "Tono", "Titular"], self.coverage_table)
        ui.followLayout.insertWidget(ui.followLayout.count() - 1, self.coverage_label)
        ui.followLayout.insertWidget(ui.followLayout.count() - 1, self.coverage_table)
        ui.assignStaffButton.clicked.connect(lambda: self.assign(staff=True))
        ui.assignEquipmentButton.clicked.connect(lambda: self.assign(staff=False))
        ui.unassignButton.clicked.connect(self.unassign)
        ui.nextStepButton.clicked.connect(self.next_step)
        ui.rejectButton.clicked.connect(self.reject_request)
        ui.reopenButton.clicked.connect(lambda: self._move(RequestStatus.RECEIVED.value, "Reabierta"))
        ui.addEvidenceButton.clicked.connect(self.add_evidence)
        ui.addAttachmentButton.clicked.connect(self.add_attachment)
        ui.saveAttachmentButton.clicked.connect(self.save_attachment)
        ui.printOrderButton.clicked.connect(self.print_order)
        ui.warningsLabel.setTextFormat(Qt.TextFormat.PlainText)  # warnings quote what people typed

        # Warnings follow the typing, a moment after it stops.
        self._warn_timer = QTimer(self, singleShot=True, interval=300, timeout=self.refresh_warnings)
        for signal in (ui.receivedDate.dateChanged, ui.startsAt.dateTimeChanged, ui.endsAt.dateTimeChanged,
                       table.itemChanged):
            signal.connect(lambda *_: self._warn_timer.start())
        ui.startsAt.dateTimeChanged.connect(self._keep_end_after_start)

        if request_id is None:
            start = starts_at or datetime.combine(date.today(), datetime.min.time()).replace(hour=10)
            ui.receivedDate.setDate(QDate.currentDate())
            ui.startsAt.setDateTime(_qdatetime(start))
            ui.endsAt.setDateTime(_qdatetime(start.replace(hour=min(start.hour + 2, 23))))
            self.loaded = self.current_data_or_none()
        else:
            self.reload()
        self._update_state()
        ui.eventName.setFocus()

    # --- reading and filling the form ---------------------------------------------------------------------------

    def _department_chosen(self) -> None:
        """The department's liaison fills empty liaison fields (they stay editable for this request)."""
        dep = next((d for d in self.departments if d.id == self.ui.departmentCombo.currentData()), None)
        if dep is None:
            return
        for edit, value in ((self.ui.liaisonName, dep.liaison_name), (self.ui.liaisonPhone, dep.liaison_phone),
                            (self.ui.liaisonEmail, dep.liaison_email)):
            if not edit.text().strip():
                edit.setText(value)

    def _keep_end_after_start(self) -> None:
        start, end = self.ui.startsAt.dateTime(), self.ui.endsAt.dateTime()
        if end <= start:
            self.ui.endsAt.setDateTime(start.addSecs(2 * 3600))

    def _set_location(self, lat: float | None, lon: float | None) -> None:
        self.lat, self.lon = lat, lon
        self.ui.coordinatesLabel.setText(f"{lat:.6f}, {lon:.6f}" if lat is not None and lon is not None
                                         else "Sin ubicación en el mapa")
        if lat is not None and lon is not None and self.ui.localityCombo.currentData() is None:
            suggested = reference_layers.Geography.load(self.db).locality_at(lat, lon)
            if suggested is not None:
                self.ui.localityCombo.setCurrentIndex(self.ui.localityCombo.findData(suggested))

    def pick_on_map(self) -> None:
        from .map.pick_dialog import PickLocationDialog

        start = (self.lat, self.lon) if self.lat is not None and self.lon is not None else None
        dialog = PickLocationDialog(self.db, start, self, config=self.ctx.station.config)
        dialog.hint.setText("Haga clic en el lugar del evento, o arrastre el marcador. Luego pulse «Usar esta "
                            "ubicación».")
        if dialog.exec() and dialog.picked is not None:
            self._set_location(*dialog.picked)
        dialog.deleteLater()

    def current_data(self) -> RequestData:
        ui = self.ui
        services = []
        for row in range(ui.servicesTable.rowCount()):
            item = ui.servicesTable.item(row, 0)
            if item.checkState() == Qt.CheckState.Checked:
                details = ui.servicesTable.item(row, 2)
                services.append((int(item.data(SERVICE_ID_ROLE)), details.text() if details else ""))
        received = ui.receivedDate.date()
        return RequestData(
            received_on=date(received.year(), received.month(), received.day()),
            department_id=ui.departmentCombo.currentData(), event_name=ui.eventName.text(),
            starts_at=_datetime(ui.startsAt.dateTime()), ends_at=_datetime(ui.endsAt.dateTime()),
            event_type=ui.eventTypeCombo.currentData() or "", liaison_name=ui.liaisonName.text(),
            liaison_phone=ui.liaisonPhone.text(), liaison_email=ui.liaisonEmail.text(), place=ui.placeEdit.text(),
            locality_id=ui.localityCombo.currentData(), lat=self.lat, lon=self.lon,
            attendance=ui.attendanceSpin.value() or None, presided_by=ui.presidedEdit.text(),
            notes=ui.notesEdit.toPlainText(), services=tuple(services))

    def current_data_or_none(self) -> RequestData | None:
        try:
            return requests.validate_request(self.current_data())
        except UserError:
            return None

    def _fill(self, data: RequestData) -> None:
        ui = self.ui
        ui.receivedDate.setDate(QDate(data.received_on.year, data.received_on.month, data.received_on.day))
        ui.departmentCombo.blockSignals(True)
        index = ui.departmentCombo.findData(data.department_id)
        if index < 0 and data.department_id is not None:  # a department made inactive after the request
            ui.departmentCombo.addItem("(dependencia inactiva)", data.department_id)
            index = ui.departmentCombo.count() - 1
        ui.departmentCombo.setCurrentIndex(index)
        ui.departmentCombo.blockSignals(False)
        ui.liaisonName.setText(data.liaison_name)
        ui.liaisonPhone.setText(data.liaison_phone)
        ui.liaisonEmail.setText(data.liaison_email)
        ui.eventName.setText(data.event_name)
        ui.eventTypeCombo.setCurrentIndex(max(0, ui.eventTypeCombo.findData(data.event_type)))
        ui.startsAt.setDateTime(_qdatetime(data.starts_at))
        ui.endsAt.setDateTime(_qdatetime(data.ends_at))
        ui.placeEdit.setText(data.place)
        ui.localityCombo.setCurrentIndex(max(0, ui.localityCombo.findData(data.locality_id)))
        self.lat, self.lon = data.lat, data.lon
        self.ui.coordinatesLabel.setText(f"{data.lat:.6f}, {data.lon:.6f}" if data.lat is not None
                                         and data.lon is not None else "Sin ubicación en el mapa")
        ui.attendanceSpin.setValue(data.attendance or 0)
        ui.presidedEdit.setText(data.presided_by)
        ui.notesEdit.setPlainText(data.notes)
        chosen = dict(data.services)
        ui.servicesTable.blockSignals(True)
        for row in range(ui.servicesTable.rowCount()):
            item = ui.servicesTable.item(row, 0)
            service_id = int(item.data(SERVICE_ID_ROLE))
            item.setCheckState(Qt.CheckState.Checked if service_id in chosen else Qt.CheckState.Unchecked)
            ui.servicesTable.item(row, 2).setText(chosen.get(service_id, ""))
        ui.servicesTable.blockSignals(False)

    def reload(self) -> None:
        assert self.request_id is not None
        loaded = requests.load_request(self.db, self.request_id)
        self.version, self.status = loaded.version, loaded.status
        self._fill(loaded.data)
        self.loaded = self.current_data_or_none()
        title = f"Solicitud {loaded.folio}"
        self.ui.folioValue.setText(f"<b>{escape(loaded.folio)}</b>" + (f" · orden {escape(loaded.work_order_folio)}"
                                                                         if loaded.work_order_folio else ""))
        self.setWindowTitle(f"{title}: {loaded.data.event_name}")
        self._fill_tabs()
        self.refresh_warnings()

    def _fill_tabs(self) -> None:
        assert self.request_id is not None
        ui = self.ui
        rows = requests.request_services(self.db, self.request_id)
        lines = [(r, a) for r in rows for a in (r.assigned or [(None, "")])]
        ui.assignmentsTable.setRowCount(len(lines))
        for n, (service, (assignment_id, name)) in enumerate(lines):
            first = QTableWidgetItem(service.service)
            first.setData(Qt.ItemDataRole.UserRole, (service.id, assignment_id))
            ui.assignmentsTable.setItem(n, 0, first)
            ui.assignmentsTable.setItem(n, 1, QTableWidgetItem(name or "Sin asignar"))
            ui.assignmentsTable.setItem(n, 2, QTableWidgetItem(service.details))
        steps = requests.history(self.db, self.request_id)
        ui.historyTable.setRowCount(len(steps))
        for n, step in enumerate(steps):
            for c, text in enumerate((f"{step.changed_at:%d/%m/%Y %H:%M}", status_label(step.status), step.changed_by,
                                      step.note)):
                ui.historyTable.setItem(n, c, QTableWidgetItem(text))
        found = requests.evidence(self.db, self.request_id)
        ui.evidenceTable.setRowCount(len(found))
        for n, (kind, link, day) in enumerate(found):
            for c, text in enumerate((kind, link, f"{day:%d/%m/%Y}")):
                ui.evidenceTable.setItem(n, c, QTableWidgetItem(text))
        from ..domain.media import TONES
        from ..services.media_monitoring import coverage_of

        coverage = coverage_of(self.db, event_request_id=self.request_id)
        self.coverage_table.setRowCount(len(coverage))
        for n, entry in enumerate(coverage):
            for c, text in enumerate((f"{entry.published_at:%d/%m/%Y %H:%M}", entry.outlet,
                                      TONES.get(entry.tone, entry.tone), entry.headline)):
                self.coverage_table.setItem(n, c, QTableWidgetItem(text))
        self.coverage_label.setText(f"Cobertura en medios: {len(coverage)} nota(s) de monitoreo vinculadas a esta "
                                    "solicitud" if coverage else "Cobertura en medios: todavía ninguna nota de "
                                    "monitoreo vinculada (se vinculan al registrarlas en Monitoreo).")
        ui.attachmentsList.clear()
        for row_id, caption in requests.attachments(self.db, self.request_id):
            ui.attachmentsList.addItem(caption)
            ui.attachmentsList.item(ui.attachmentsList.count() - 1).setData(Qt.ItemDataRole.UserRole, row_id)

    def _update_state(self) -> None:
        ui = self.ui
        saved = self.request_id is not None
        for tab in (ui.assignTab, ui.followTab, ui.filesTab):
            ui.tabs.setTabEnabled(ui.tabs.indexOf(tab), saved)
        ui.printOrderButton.setEnabled(saved and self.status != RequestStatus.REJECTED)
        status = RequestStatus(self.status)
        ui.statusValue.setText(f"Estado: <b>{status_label(self.status)}</b>")
        following = NEXT_STEP.get(status)
        ui.nextStepButton.setVisible(following is not None)
        if following is not None:
            ui.nextStepButton.setText(f"Marcar como {status_label(following).lower()}")
        ui.rejectButton.setVisible(status in OPEN_STATUSES)
        ui.reopenButton.setVisible(status is RequestStatus.REJECTED)
        editable = status not in (RequestStatus.CLOSED, RequestStatus.REJECTED)
        ui.requestTab.setEnabled(editable)
        ui.buttonBox.button(QDialogButtonBox.StandardButton.Save).setEnabled(editable)

    def refresh_warnings(self) -> None:
        data = self.current_data_or_none()
        if data is None:
            self.ui.warningsLabel.setText("")
            return
        try:
            warnings = requests.intake_warnings(self.db, data)
        except UserError:
            warnings = []
        self.ui.warningsLabel.setText("\n".join(f"⚠ {w}" for w in warnings))

    # --- saving -------------------------------------------------------------------------------------------------

    def is_dirty(self) -> bool:
        if self.request_id is None:
            return bool(self.ui.eventName.text().strip())
        return self.current_data_or_none() != self.loaded

    def save(self) -> bool:
        try:
            data = self.current_data()
            if self.request_id is None:
                saved = requests.create_request(self.db, data)
                self.request_id = saved.id
            else:
                saved = requests.update_request(self.db, self.request_id, self.version, data)
        except UserError as exc:
            show_error(self, exc)
            return False
        self.saved_something = True
        self.ctx.data_changed.emit()
        self.reload()
        self._update_state()
        if saved.warnings:
            QMessageBox.information(self, "Solicitud guardada",
                                    f"Se guardó la solicitud {saved.folio}. Tome en cuenta:\n\n"
                                    + "\n".join(f"• {w}" for w in saved.warnings))
        return True

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        close_after_asking(self, event, self.is_dirty(), "La solicitud tiene cambios sin guardar. ¿Guardarlos?",
                           self.save)

    def reject(self) -> None:  # Esc goes through closeEvent, which asks about unsaved changes
        self.close()

    # --- assignments, workflow, evidence, attachments -------------------------------------------------------------

    def _needs_saved_form(self) -> bool:
        """Assignments use the saved hours and place: unsaved edits are saved first (asking)."""
        if not self.is_dirty():
            return True
        answer = QMessageBox.question(self, "Guardar primero", "Hay cambios sin guardar en la solicitud; se "
                                      "guardan antes de continuar. ¿Guardarlos ahora?")
        return answer == QMessageBox.StandardButton.Yes and self.save()

    def assign(self, *, staff: bool) -> None:
        if self.request_id is None or not self._needs_saved_form():
            return
        services = requests.request_services(self.db, self.request_id)
        if not services:
            QMessageBox.information(self, "Sin servicios", "Marque primero los servicios que pide la solicitud.")
            return
        dialog = AssignDialog(self, self.request_id, services, staff=staff)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.ctx.data_changed.emit()
            self.reload()
            self._update_state()
        dialog.deleteLater()

    def unassign(self) -> None:
        row = self.ui.assignmentsTable.currentRow()
        if row < 0:
            return
        _service_id, assignment_id = self.ui.assignmentsTable.item(row, 0).data(Qt.ItemDataRole.UserRole)
        if assignment_id is None:
            return
        try:
            requests.unassign(self.db, assignment_id)
        except UserError as exc:
            show_error(self, exc)
            return
        self.ctx.data_changed.emit()
        self.reload()

    def _move(self, target: str, note: str = "") -> bool:
        assert self.request_id is not None
        try:
            requests.set_status(self.db, self.request_id, self.version, target, note)
        except UserError as exc:
            show_error(self, exc)
            return False
        self.ctx.data_changed.emit()
        self.reload()
        self._update_state()
        return True

    def next_step(self) -> None:
        following = NEXT_STEP.get(RequestStatus(self.status))
        if following is not None and self._needs_saved_form():
            self._move(following.value)

    def reject_request(self) -> None:
        reason, ok = QInputDialog.getText(self, "Rechazar la solicitud", "Motivo del rechazo:")
        if ok:
            self._move(RequestStatus.REJECTED.value, reason)

    def add_evidence(self) -> None:
        if self.request_id is None:
            return
        dialog = QDialog(self)
        dialog.setWindowTitle("Agregar evidencia")
        kind = QComboBox()
        for key, label in EVIDENCE_KINDS.items():
            kind.addItem(label, key)
        link = QLineEdit()
        link.setPlaceholderText(r"\\servidor\fotos\2026\evento  o  https://facebook.com/…")
        link.setMinimumWidth(420)
        form = QFormLayout()
        form.addRow("&Tipo:", kind)
        form.addRow("&Enlace o ubicación:", link)
        layout = QVBoxLayout(dialog)
        layout.addLayout(form)
        layout.addWidget(dialog_buttons(dialog, "Agregar"))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            try:
                requests.add_evidence(self.db, self.request_id, kind.currentData(), link.text())
            except UserError as exc:
                show_error(self, exc)
            self.reload()
        dialog.deleteLater()

    def add_attachment(self) -> None:
        if self.request_id is None:
            return
        chosen = choose_and_read(self, "Agregar anexo", "Documentos (*.pdf *.jpg *.jpeg *.png *.docx *.xlsx);;"
                                                        "Todos los archivos (*)")
        if chosen is None:
            return
        path, data = chosen
        try:
            requests.add_attachment(self.db, self.request_id, data, path.name)
        except UserError as exc:
            show_error(self, exc)
        self.reload()

    def save_attachment(self) -> None:
        item = self.ui.attachmentsList.currentItem()
        if item is None:
            return
        try:
            caption, data = requests.read_attachment(self.db, int(item.data(Qt.ItemDataRole.UserRole)))
        except UserError as exc:
            show_error(self, exc)
            return
        path, _ = QFileDialog.getSaveFileName(self, "Guardar copia del anexo", caption)
        if path:
            try:
                with open(path, "wb") as out:
                    out.write(data)
            except OSError as exc:
                show_error(self, UserError(f"No se pudo guardar la copia: {exc.strerror or exc}."))

    def print_order(self) -> None:
        if self.request_id is None or not self._needs_saved_form():
            return
        from .pdf_preview import PdfPreview

        try:
            pdf = request_documents.request_orders_pdf(self.db, [self.request_id])
        except UserError as exc:
            show_error(self, exc)
            return
        self.ctx.data_changed.emit()
        self.reload()
        loaded = requests.load_request(self.db, self.request_id)
        preview = PdfPreview(pdf, f"{loaded.work_order_folio or loaded.folio}.pdf",
                             f"Orden de trabajo {loaded.work_order_folio}", self)
        preview.exec()
        preview.deleteLater()


def open_request(ctx: AppContext, parent: QWidget, request_id: int | None, starts_at: datetime | None = None) -> None:
    """A request (or a new one starting at ``starts_at``) in its dialog, modally; a refusal to open it (the request
    is gone) is shown, never raised."""
    try:
        dialog = RequestDialog(ctx, request_id, parent, starts_at=starts_at)
    except UserError as exc:
        show_error(parent, exc)
        return
    dialog.exec()
    dialog.deleteLater()


class AssignDialog(QDialog):
    """Choose a service and a person (or equipment); the conflicts show as soon as the choice is made, before
    anything is saved. Saving over a conflict needs a second, explicit confirmation."""

    def __init__(self, parent: RequestDialog, request_id: int, services: list[requests.ServiceRow], *,
                 staff: bool) -> None:
        super().__init__(parent)
        self.db = parent.db
        self.request_id = request_id
        self.staff = staff
        self.setWindowTitle("Asignar persona" if staff else "Asignar equipo")
        self.service = QComboBox()
        for s in services:
            self.service.addItem(s.service, s.id)
        self.resource = QComboBox()
        rows = (request_catalogues.list_staff if staff else request_catalogues.list_equipment)(self.db,
                                                                                                active_only=True)
        for r in rows:
            self.resource.addItem(f"{r.name} ({r.detail})" if r.detail else r.name, r.id)
        self.conflicts = QLabel()
        self.conflicts.setWordWrap(True)
        self.conflicts.setMinimumWidth(460)
        form = QFormLayout()
        form.addRow("&Servicio:", self.service)
        form.addRow("&Persona:" if staff else "&Equipo:", self.resource)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        if not rows:
            layout.addWidget(QLabel("No hay " + ("personas" if staff else "equipos") + " en el catálogo; "
                                    "agréguelos en Catálogos."))
        layout.addWidget(self.conflicts)
        self.buttons = dialog_buttons(self, "Asignar", on_ok=self.save)
        layout.addWidget(self.buttons)
        self.found: list[str] = []
        self.resource.currentIndexChanged.connect(self.check)
        self.check()

    def _ids(self) -> dict[str, int | None]:
        chosen = self.resource.currentData()
        return {"staff_id": chosen, "equipment_id": None} if self.staff else {"staff_id": None,
                                                                             "equipment_id": chosen}

    def check(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if self.resource.currentData() is None:
            ok.setEnabled(False)
            return
        ok.setEnabled(True)
        self.found = requests.check_assignment(self.db, self.request_id, **self._ids()).conflicts
        if self.found:
            self.conflicts.setText("<span style='color:#b00020'><b>⚠ Conflicto de horario</b></span><br>"
                                   + "<br>".join(escape(line) for line in self.found))
            ok.setText("Asignar de todos modos")
        else:
            self.conflicts.setText("<span style='color:#1e7b34'>Sin conflictos de horario.</span>")
            ok.setText("Asignar")

    def save(self) -> None:
        accept = False
        if self.found:
            answer = QMessageBox.warning(
                self, "Conflicto de horario", "\n".join(self.found) + "\n\n¿Asignar de todos modos? El conflicto "
                "seguirá marcado en el calendario.",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return
            accept = True
        try:
            requests.assign(self.db, self.service.currentData(), accept_conflicts=accept, **self._ids())
        except AssignmentConflictError:
            self.check()  # someone else assigned in between: show the new conflict and let the person decide
            return
        except UserError as exc:
            show_error(self, exc)
            return
        self.accept()
