"""A campaign: its data, the art. 134 sign-off, what it costs, its artwork and where it is placed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import QDate, QSize, Qt
from PySide6.QtGui import QCloseEvent, QIcon, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..domain.veda import VEDA_CLASS_LABELS, VedaClass
from ..services import campaigns
from ..services.errors import UserError, ValidationError
from .context import AppContext
from .errors import show_error
from .models.rows_model import ROW_ROLE, Column, RowsModel, by_date, dmy
from .widgets import choose_and_read, close_after_asking, list_table

PLACEMENT_COLUMNS: list[Column[campaigns.PlacementRow]] = [
    Column("Anuncio", lambda r: r.folio), Column("Tipo", lambda r: r.type_name),
    Column("Domicilio", lambda r: r.address), Column("Localidad", lambda r: r.locality),
    Column("Cara", lambda r: str(r.face), lambda r: r.face),
    Column("Desde", lambda r: dmy(r.starts_on), lambda r: by_date(r.starts_on)),
    Column("Hasta", lambda r: dmy(r.ends_on), lambda r: by_date(r.ends_on)),
]


def date_edit(value: date | None = None) -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd/MM/yyyy")
    edit.setDate(QDate(value or date.today()))
    return edit


def to_date(edit: QDateEdit) -> date:
    return edit.date().toPython()  # type: ignore[no-any-return]


class CampaignDialog(QDialog):
    def __init__(self, ctx: AppContext, campaign_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.campaign_id = campaign_id
        self.version = 0
        self.setWindowTitle("Campaña")
        self.resize(860, 620)
        self.tabs = QTabWidget()
        self._build_general()
        self._build_art134()
        self._build_cost()
        self._build_artwork()
        self._build_placements()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("Guardar")
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setShortcut(QKeySequence.StandardKey.Save)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText("Cerrar")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Close, self, activated=self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.buttons)
        if campaign_id is not None:
            self._load()
        self._saved_data = self.data()  # what "no changes" means, for the question on closing
        self._refresh_related()

    # --- tabs ------------------------------------------------------------------------------------------------

    def _build_general(self) -> None:
        page = QWidget()
        form = QFormLayout(page)
        self.name = QLineEdit()
        self.department = QComboBox()
        self.department.addItem("(sin dependencia)", None)
        for dep_id, name in campaigns.departments(self.ctx.db):
            self.department.addItem(name, dep_id)
        self.topic = QLineEdit()
        self.kind = QComboBox()
        for key, label in campaigns.KINDS.items():
            self.kind.addItem(label, key)
        self.starts = date_edit()
        self.ends = date_edit(date(date.today().year, 12, 31))
        self.veda_class = QComboBox()
        for klass in VedaClass:
            self.veda_class.addItem(VEDA_CLASS_LABELS[klass], klass.value)
        self.ine = QLineEdit()
        self.ine.setPlaceholderText("Solo si la aprobó el INE")
        self.report = date_edit()
        self.report_check = QCheckBox("Fecha del informe de labores:")
        self.report_check.toggled.connect(self.report.setEnabled)
        self.report.setEnabled(False)
        self.notes = QPlainTextEdit()
        self.notes.setMaximumHeight(90)
        form.addRow("&Nombre:", self.name)
        form.addRow("&Dependencia que la pide:", self.department)
        form.addRow("&Tema:", self.topic)
        form.addRow("Ti&po:", self.kind)
        form.addRow("&Inicio:", self.starts)
        form.addRow("&Fin:", self.ends)
        form.addRow("Clasificación en &veda:", self.veda_class)
        form.addRow("Acuerdo del INE:", self.ine)
        form.addRow(self.report_check, self.report)
        form.addRow("N&otas:", self.notes)
        self.tabs.addTab(page, "Datos")

    def _build_art134(self) -> None:
        page = QWidget()
        box = QVBoxLayout(page)
        box.addWidget(QLabel("<b>Art. 134 constitucional.</b> Antes de colocar la campaña, confirme que su "
                             "contenido es institucional:"))
        self.checks = [QCheckBox(text) for text in campaigns.ART134_CHECKLIST]
        for check in self.checks:
            box.addWidget(check)
        row = QHBoxLayout()
        self.signer = QLineEdit()
        self.signer.setPlaceholderText("Nombre completo de quien revisó")
        self.sign_button = QPushButton("Firmar revisión")
        self.sign_button.clicked.connect(self.sign)
        row.addWidget(self.signer, 1)
        row.addWidget(self.sign_button)
        box.addLayout(row)
        self.signed_label = QLabel("Sin firmar: la campaña no se puede colocar todavía.")
        self.signed_label.setWordWrap(True)
        box.addWidget(self.signed_label)
        box.addStretch(1)
        self.tabs.addTab(page, "Art. 134")

    def _build_cost(self) -> None:
        page = QWidget()
        form = QFormLayout(page)
        self.provider = QLineEdit()
        self.contract = QLineEdit()
        self.amount = QDoubleSpinBox()
        self.amount.setRange(0, 999_999_999.99)
        self.amount.setDecimals(2)
        self.amount.setPrefix("$ ")
        self.amount.setSuffix(" MXN")
        self.amount.setGroupSeparatorShown(True)
        self.amount.setSpecialValueText("(sin monto)")
        self.invoice = QLineEdit()
        self.budget_line = QLineEdit()
        self.budget_line.setPlaceholderText("p. ej. 3611 Difusión por radio, televisión y otros medios")
        form.addRow("&Proveedor:", self.provider)
        form.addRow("&Contrato:", self.contract)
        form.addRow("&Monto:", self.amount)
        form.addRow("&Factura:", self.invoice)
        form.addRow("P&artida:", self.budget_line)
        self.tabs.addTab(page, "Costo")

    def _build_artwork(self) -> None:
        page = QWidget()
        box = QVBoxLayout(page)
        self.artwork = QListWidget()
        self.artwork.setViewMode(QListWidget.ViewMode.IconMode)
        self.artwork.setIconSize(QSize(180, 180))
        self.add_artwork_button = QPushButton("Agregar arte…")
        self.add_artwork_button.clicked.connect(self.add_artwork)
        box.addWidget(self.artwork)
        box.addWidget(self.add_artwork_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.tabs.addTab(page, "Arte")

    def _build_placements(self) -> None:
        page = QWidget()
        box = QVBoxLayout(page)
        self.placements = RowsModel(PLACEMENT_COLUMNS)
        self.placements_view = list_table(QTableView(), self.placements)
        self.placements_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.placements_view.horizontalHeader().setStretchLastSection(True)
        row = QHBoxLayout()
        self.place_button = QPushButton("Buscar anuncios libres y colocar…")
        self.place_button.clicked.connect(self.place)
        self.cancel_button = QPushButton("Cancelar colocación")
        self.cancel_button.clicked.connect(self.cancel_placement)
        self.orders_button = QPushButton("Generar órdenes de colocación y retiro…")
        self.orders_button.clicked.connect(self.make_orders)
        for button in (self.place_button, self.cancel_button, self.orders_button):
            row.addWidget(button)
        row.addStretch(1)
        box.addWidget(self.placements_view)
        box.addLayout(row)
        self.tabs.addTab(page, "Colocaciones")

    # --- data --------------------------------------------------------------------------------------------------

    def _load(self) -> None:
        assert self.campaign_id is not None
        data, self.version, signed_by, signed_at = campaigns.load_campaign(self.ctx.db, self.campaign_id)
        self.name.setText(data.name)
        self.department.setCurrentIndex(max(0, self.department.findData(data.department_id)))
        self.topic.setText(data.topic)
        self.kind.setCurrentIndex(max(0, self.kind.findData(data.kind)))
        self.starts.setDate(QDate(data.starts_on))
        self.ends.setDate(QDate(data.ends_on))
        self.veda_class.setCurrentIndex(max(0, self.veda_class.findData(data.veda_class)))
        self.ine.setText(data.ine_agreement)
        self.report_check.setChecked(data.report_date is not None)
        if data.report_date:
            self.report.setDate(QDate(data.report_date))
        self.notes.setPlainText(data.notes)
        self.provider.setText(data.provider)
        self.contract.setText(data.contract_number)
        self.amount.setValue(float(data.amount or 0))
        self.invoice.setText(data.invoice)
        self.budget_line.setText(data.budget_line)
        self._show_signature(signed_by, signed_at)
        self.setWindowTitle(f"Campaña: {data.name}")

    def _show_signature(self, signed_by: str, signed_at: object) -> None:
        if signed_by:
            when = signed_at.astimezone().strftime("%d/%m/%Y %H:%M") if hasattr(signed_at, "astimezone") else ""
            self.signed_label.setText(f"Revisión firmada por <b>{_html(signed_by)}</b> el {when}.")
            for check in self.checks:
                check.setChecked(True)
        else:
            self.signed_label.setText("Sin firmar: la campaña no se puede colocar todavía.")

    def data(self) -> campaigns.CampaignData:
        amount = Decimal(str(round(self.amount.value(), 2))) if self.amount.value() > 0 else None
        return campaigns.CampaignData(
            name=self.name.text(), starts_on=to_date(self.starts), ends_on=to_date(self.ends),
            department_id=self.department.currentData(), topic=self.topic.text(), kind=self.kind.currentData(),
            veda_class=self.veda_class.currentData(), ine_agreement=self.ine.text(),
            report_date=to_date(self.report) if self.report_check.isChecked() else None, provider=self.provider.text(),
            contract_number=self.contract.text(), amount=amount, invoice=self.invoice.text(),
            budget_line=self.budget_line.text(), notes=self.notes.toPlainText())

    def save(self) -> bool:
        try:
            if self.campaign_id is None:
                self.campaign_id = campaigns.create_campaign(self.ctx.db, self.data())
                self.version = campaigns.load_campaign(self.ctx.db, self.campaign_id)[1]
            else:
                self.version = campaigns.update_campaign(self.ctx.db, self.campaign_id, self.version, self.data())
        except UserError as exc:
            show_error(self, exc)
            return False
        self.setWindowTitle(f"Campaña: {self.name.text().strip()}")
        self._saved_data = self.data()
        self.ctx.data_changed.emit()
        self._refresh_related()
        return True

    def is_dirty(self) -> bool:
        return self.data() != self._saved_data

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        close_after_asking(self, event, self.is_dirty(), "¿Guardar los cambios de esta campaña antes de cerrar?",
                           self.save)

    def reject(self) -> None:  # Esc and "Cerrar" go through the same question as closing the window
        self.close()

    def _saved(self) -> bool:
        """Related things need the campaign stored first."""
        return self.campaign_id is not None or self.save()

    def _refresh_related(self) -> None:
        saved = self.campaign_id is not None
        for widget in (self.sign_button, self.add_artwork_button, self.place_button, self.orders_button,
                       self.cancel_button):
            widget.setEnabled(saved)
        if not saved:
            return
        assert self.campaign_id is not None
        self.placements.set_rows(campaigns.campaign_placements(self.ctx.db, self.campaign_id))
        self.artwork.clear()
        for name, data, media in campaigns.artwork_previews(self.ctx.db, self.campaign_id):
            pixmap = pdf_first_page(data) if media == "application/pdf" else QPixmap()
            if media != "application/pdf":
                pixmap.loadFromData(data)
            self.artwork.addItem(QListWidgetItem(QIcon(pixmap), name))

    # --- actions -----------------------------------------------------------------------------------------------

    def sign(self) -> None:
        if not all(check.isChecked() for check in self.checks):
            show_error(self, ValidationError("Marque cada punto de la revisión antes de firmarla."))
            return
        if not self._saved():
            return
        assert self.campaign_id is not None
        try:
            self.version = campaigns.sign_art134(self.ctx.db, self.campaign_id, self.version, self.signer.text())
        except UserError as exc:
            show_error(self, exc)
            return
        _data, self.version, signed_by, signed_at = campaigns.load_campaign(self.ctx.db, self.campaign_id)
        self._show_signature(signed_by, signed_at)

    def add_artwork(self) -> None:
        if not self._saved():
            return
        chosen = choose_and_read(self, "Arte de la campaña", "Imágenes o PDF (*.png *.jpg *.jpeg *.pdf)")
        if chosen is None:
            return
        assert self.campaign_id is not None
        try:
            campaigns.add_artwork(self.ctx.db, self.campaign_id, chosen[1], chosen[0].name)
        except UserError as exc:
            show_error(self, exc)
            return
        self._refresh_related()

    def place(self) -> None:
        if not self._saved():
            return
        from .availability_dialog import AvailabilityDialog

        assert self.campaign_id is not None
        dialog = AvailabilityDialog(self.ctx, self.campaign_id, to_date(self.starts), to_date(self.ends), self)
        dialog.exec()
        dialog.deleteLater()
        self._refresh_related()
        self.ctx.data_changed.emit()

    def cancel_placement(self) -> None:
        rows = self.placements_view.selectionModel().selectedRows()
        if not rows:
            return
        row = self.placements.data(rows[0], ROW_ROLE)
        assert isinstance(row, campaigns.PlacementRow)
        reason, ok = QInputDialog.getText(self, "Cancelar colocación",
                                          f"Motivo para cancelar la colocación en {row.folio} (cara {row.face}):")
        if not ok:
            return
        try:
            campaigns.cancel_placement(self.ctx.db, row.id, row.version, reason)
        except UserError as exc:
            show_error(self, exc)
            return
        self._refresh_related()

    def make_orders(self) -> None:
        from ..services import work_orders
        from .order_actions import make_orders_for_crew

        campaign_id = self.campaign_id
        assert campaign_id is not None
        make_orders_for_crew(self, self.ctx, "Órdenes de la campaña",
                             lambda crew: work_orders.orders_from_placements(self.ctx.db, campaign_id, crew),
                             "Todas las colocaciones ya tienen sus órdenes.")


def pdf_first_page(data: bytes, side: int = 360) -> QPixmap:
    """The first page of a PDF as a picture (QtPdf), for an artwork's preview; empty if it cannot be read."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtPdf import QPdfDocument

    holder = QByteArray(data)
    buffer = QBuffer(holder)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    if document.pageCount() < 1:
        return QPixmap()
    size = document.pagePointSize(0).toSize().scaled(QSize(side, side), Qt.AspectRatioMode.KeepAspectRatio)
    image = document.render(0, size)
    document.close()
    return QPixmap.fromImage(image)


def _html(text: str) -> str:
    from html import escape

    return escape(text)
