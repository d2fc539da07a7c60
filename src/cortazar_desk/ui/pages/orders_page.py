"""Órdenes de trabajo: every order the office prints, late ones marked; print one or a batch, move them along,
close them with their evidence photos."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.orders import EVIDENCE_VIEWS, ORDER_STATUS_LABELS, OrderStatus
from ...services import work_orders
from ...services.errors import UserError
from ..context import AppContext
from ..errors import show_error
from ..models.rows_model import ROW_ROLE, SORT_ROLE, Column, RowsModel, by_date, dmy
from ..widgets import SearchProxy, dialog_buttons, fold, heading, list_table, plural, search_box

LATE_COLOUR = "#f8d0cc"
COLUMNS: list[Column[work_orders.OrderRow]] = [
    Column("Folio", lambda o: o.folio), Column("Tipo", lambda o: o.kind_label),
    Column("Estado", lambda o: ORDER_STATUS_LABELS[OrderStatus(o.status)] + (" (atrasada)" if o.late else ""),
           background=lambda o: LATE_COLOUR if o.late else None),
    Column("Cuadrilla o proveedor", lambda o: o.crew),
    Column("Fecha límite", lambda o: dmy(o.due_on), lambda o: by_date(o.due_on)),
    Column("Anuncios", lambda o: f"{o.items:,}", lambda o: o.items),
]


class OrdersPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = RowsModel(COLUMNS)
        self.proxy = SearchProxy(SORT_ROLE, self)
        self.proxy.setSourceModel(self.model)
        self.search = search_box(self, "Buscar folio, tipo, cuadrilla…", self._on_search)
        self.open_only = QCheckBox("Solo abiertas")
        self.open_only.setChecked(True)
        self.open_only.toggled.connect(lambda _c: self.refresh())
        self.new_button = QPushButton("Nueva orden…")
        self.new_button.setToolTip("Orden hecha a mano: cubrir, pintar una barda, reparar, tomar evidencia (Ctrl+N)")
        self.print_button = QPushButton("Imprimir…")
        self.print_button.setToolTip("Imprimir las órdenes seleccionadas en un solo documento (Ctrl+P)")
        self.crew_button = QPushButton("Imprimir por cuadrilla…")
        self.crew_button.setToolTip("Todas las órdenes abiertas (pendientes o en proceso) de una cuadrilla o "
                                    "proveedor, en un solo documento, la más urgente primero")
        self.status_button = QPushButton("Cambiar estado")
        menu = QMenu(self.status_button)
        for status in OrderStatus:
            menu.addAction(ORDER_STATUS_LABELS[status], lambda s=status: self.change_status(s))
        self.status_button.setMenu(menu)
        self.evidence_button = QPushButton("Agregar evidencia…")
        self.count = QLabel()
        self.table = list_table(QTableView(), self.proxy)
        self.table.sortByColumn(4, Qt.SortOrder.AscendingOrder)
        self.table.setColumnWidth(1, 170)
        self.table.setColumnWidth(2, 150)
        self.table.setColumnWidth(3, 220)
        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addWidget(self.open_only)
        for button in (self.new_button, self.print_button, self.crew_button, self.status_button,
                       self.evidence_button):
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Órdenes de trabajo"))
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        self.print_button.clicked.connect(self.print_selected)
        self.crew_button.clicked.connect(self.print_for_crew)
        self.new_button.clicked.connect(self.new_order)
        QShortcut(QKeySequence.StandardKey.New, self, activated=self.new_order)
        self.evidence_button.clicked.connect(self.add_evidence)
        QShortcut(QKeySequence.StandardKey.Print, self, activated=self.print_selected)
        ctx.data_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        self.model.set_rows(work_orders.list_orders(self.ctx.db, include_closed=not self.open_only.isChecked()))
        self._on_search(self.search.text())

    def _on_search(self, text: str) -> None:
        self.proxy.set_search(text)
        rows = self.model.rows()
        late = sum(1 for o in rows if o.late)
        self.count.setText(plural(self.proxy.rowCount(), "orden", "órdenes")
                           + (f" · {late:,} atrasada(s)" if late else ""))

    def selected(self) -> list[work_orders.OrderRow]:
        found = [self.proxy.data(i, ROW_ROLE) for i in self.table.selectionModel().selectedRows()]
        return [o for o in found if isinstance(o, work_orders.OrderRow)]

    def print_selected(self) -> None:
        chosen = self.selected()
        if not chosen:
            show_error(self, UserError("Seleccione una o varias órdenes para imprimir."))
            return
        name = f"ordenes-{date.today():%Y-%m-%d}.pdf" if len(chosen) > 1 else f"{chosen[0].folio}.pdf"
        self._print([o.id for o in chosen], name, "Órdenes de trabajo")

    def print_for_crew(self) -> None:
        """One crew's open orders in one printout: choose the crew, see the preview."""
        batches = work_orders.open_orders_by_crew(self.ctx.db)
        if not batches:
            show_error(self, UserError("No hay órdenes pendientes ni en proceso."))
            return
        labels = [f"{b.crew} — {plural(len(b.orders), 'orden', 'órdenes')}, {plural(b.assets, 'anuncio', 'anuncios')}"
                  for b in batches]
        chosen, ok = QInputDialog.getItem(self, "Imprimir por cuadrilla", "Cuadrilla o proveedor:", labels, 0, False)
        if not ok or chosen not in labels:
            return
        batch = batches[labels.index(chosen)]
        slug = "-".join("".join(ch if ch.isalnum() else " " for ch in fold(batch.crew)).split())[:40] or "cuadrilla"
        self._print([o.id for o in batch.orders], f"ordenes-{slug}-{date.today():%Y-%m-%d}.pdf",
                    f"Órdenes de {batch.crew}")

    def _print(self, ids: list[int], name: str, title: str) -> None:
        from ..pdf_preview import PdfPreview
        from ..tasks import run_in_background

        def show(pdf: object) -> None:
            assert isinstance(pdf, bytes)
            self.last_preview = PdfPreview(pdf, name, title, self)
            self.last_preview.exec()

        run_in_background(self, "Preparando las órdenes…", lambda: work_orders.work_orders_pdf(self.ctx.db, ids),
                          show, lambda exc: show_error(self, exc))

    def change_status(self, status: OrderStatus) -> None:
        reason = ""
        for order in self.selected():
            if status is OrderStatus.CANCELLED and not reason:
                reason, ok = QInputDialog.getText(self, "Cancelar orden", "Motivo de la cancelación:")
                if not ok:
                    return
            try:
                work_orders.set_status(self.ctx.db, order.id, order.version, status.value, reason=reason)
            except UserError as exc:
                show_error(self, exc)
                break
        self.ctx.data_changed.emit()

    def new_order(self) -> None:
        dialog = NewOrderDialog(self.ctx, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.ctx.data_changed.emit()
        dialog.deleteLater()

    def add_evidence(self) -> None:
        chosen = self.selected()
        if len(chosen) != 1:
            show_error(self, UserError("Seleccione una orden para agregar sus fotos de evidencia."))
            return
        dialog = EvidenceDialog(self.ctx, chosen[0], self)
        dialog.exec()
        dialog.deleteLater()


class EvidenceDialog(QDialog):
    """Choose the asset and the view, then the photo; what is still missing is listed."""

    def __init__(self, ctx: AppContext, order: work_orders.OrderRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.order = ctx, order
        self.setWindowTitle(f"Evidencia de la orden {order.folio}")
        self.asset = QComboBox()
        for item in work_orders.order_items(ctx.db, order.id):
            self.asset.addItem(f"{item.folio} — {item.address}, {item.locality}", item.asset_id)
        self.view = QComboBox()
        for key, label in EVIDENCE_VIEWS.items():
            self.view.addItem(label, key)
        self.missing = QLabel()
        self.missing.setWordWrap(True)
        add = QPushButton("Elegir foto…")
        add.clicked.connect(self.choose_photo)
        form = QFormLayout()
        form.addRow("Anuncio:", self.asset)
        form.addRow("Vista:", self.view)
        buttons = dialog_buttons(self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(add, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.missing)
        layout.addWidget(buttons)
        self._show_missing()

    def _show_missing(self) -> None:
        missing = work_orders.order_missing_evidence(self.ctx.db, self.order.id)
        self.missing.setText("Faltan: " + "; ".join(missing) if missing else
                             "Ya están todas las fotos: la orden se puede marcar como hecha.")

    def choose_photo(self) -> None:
        from pathlib import Path

        chosen, _ = QFileDialog.getOpenFileName(self, "Foto de evidencia", str(Path.home()),
                                                "Fotos (*.jpg *.jpeg *.png)")
        if not chosen:
            return
        try:
            data = Path(chosen).read_bytes()
            work_orders.add_evidence(self.ctx.db, self.order.id, self.asset.currentData(), self.view.currentData(),
                                     data, Path(chosen).name)
        except OSError as exc:
            show_error(self, UserError(f"No se pudo leer {chosen}.", detail=str(exc)))
            return
        except UserError as exc:
            show_error(self, exc)
            return
        self._show_missing()


class NewOrderDialog(QDialog):
    """An order made by hand: its kind, crew, due date, the assets by folio and what to do."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        from PySide6.QtWidgets import QPlainTextEdit

        from ...domain.orders import ORDER_KIND_LABELS, OrderKind
        from ..campaign_dialog import date_edit

        super().__init__(parent)
        self.ctx = ctx
        self.folio: str | None = None
        self.setWindowTitle("Nueva orden de trabajo")
        self.resize(560, 420)
        self.kind = QComboBox()
        for kind in OrderKind:
            if kind is OrderKind.EVENT:
                continue  # made from a request (Solicitudes), which it prints with
            self.kind.addItem(ORDER_KIND_LABELS[kind], kind.value)
        self.crew = QLineEdit()
        self.due = date_edit()
        self.assets = QLineEdit()
        self.assets.setPlaceholderText("Folios separados por coma: BAR-003, ESP-014")
        self.instructions = QPlainTextEdit()
        form = QFormLayout()
        form.addRow("&Tipo:", self.kind)
        form.addRow("&Cuadrilla o proveedor:", self.crew)
        form.addRow("&Fecha límite:", self.due)
        form.addRow("&Anuncios:", self.assets)
        form.addRow("&Indicaciones:", self.instructions)
        buttons = dialog_buttons(self, "Crear orden", on_ok=self.create)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def create(self) -> None:
        from ...services import assets
        from ..campaign_dialog import to_date

        wanted = [f.strip().upper() for f in self.assets.text().replace(";", ",").split(",") if f.strip()]
        by_folio = {r.folio: r.id for r in assets.list_assets_cached(self.ctx.db) if r.active}
        unknown = [f for f in wanted if f not in by_folio]
        if not wanted or unknown:
            show_error(self, UserError("Escriba los folios de los anuncios de la orden." if not wanted else
                                       "No hay anuncios activos con estos folios: " + ", ".join(unknown) + "."))
            return
        instructions = self.instructions.toPlainText()
        try:
            self.folio = work_orders.create_order(
                self.ctx.db, self.kind.currentData(), self.crew.text(), to_date(self.due),
                [work_orders.ItemData(by_folio[f], None, None, instructions) for f in dict.fromkeys(wanted)],
                instructions)
        except UserError as exc:
            show_error(self, exc)
            return
        self.accept()
