"""Catálogos: the reference layers (GeoJSON), the asset types and the documents each type requires; the catalogues
of event support come from request_catalogues_tabs.py.

Built in code: its tables follow the data.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...domain.permits import DOCUMENT_LABELS, OWNERSHIP_LABELS, DocumentKind, Ownership
from ...services import catalogues, reference_layers
from ...services.catalogues import ANY_OWNERSHIP, RuleRow, TypeRow
from ...services.errors import UserError
from ..context import AppContext
from ..errors import show_error
from ..widgets import heading, read_only_table

OWNERSHIP_CHOICES = [(ANY_OWNERSHIP, "Cualquier propiedad (regla general del tipo)")] + [
    (o.value, OWNERSHIP_LABELS[o]) for o in Ownership]


def _buttons(dialog: QDialog) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
    box.button(QDialogButtonBox.StandardButton.Save).setText("Guardar")
    box.button(QDialogButtonBox.StandardButton.Cancel).setText("Cancelar")
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class TypeDialog(QDialog):
    def __init__(self, row: TypeRow | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Tipo de anuncio")
        self.code = QLineEdit(row.code if row else "")
        self.code.setEnabled(row is None)  # the prefix of folios already printed never changes
        self.code.setMaxLength(5)
        self.name = QLineEdit(row.name if row else "")
        self.validity = QSpinBox()
        self.validity.setRange(1, 3650)
        self.validity.setSuffix(" días")
        self.validity.setValue(row.default_validity_days if row else 365)
        self.active = QCheckBox("Se usa en altas nuevas")
        self.active.setChecked(row.active if row else True)
        form = QFormLayout(self)
        form.addRow("&Clave (prefijo del folio):", self.code)
        form.addRow("&Nombre:", self.name)
        form.addRow("&Vigencia del permiso:", self.validity)
        form.addRow("", self.active)
        form.addRow(_buttons(self))


class RuleDialog(QDialog):
    def __init__(self, types: list[TypeRow], row: RuleRow | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Documentos requeridos")
        self.type_combo = QComboBox()
        for t in types:
            self.type_combo.addItem(f"{t.name} ({t.code})", t.code)
        self.ownership = QComboBox()
        for value, label in OWNERSHIP_CHOICES:
            self.ownership.addItem(label, value)
        if row is not None:
            self.type_combo.setCurrentIndex(max(0, self.type_combo.findData(row.type_code)))
            self.ownership.setCurrentIndex(max(0, self.ownership.findData(row.ownership)))
            self.type_combo.setEnabled(False)
            self.ownership.setEnabled(False)
        self.checks: dict[DocumentKind, QCheckBox] = {}
        form = QFormLayout(self)
        form.addRow("&Tipo:", self.type_combo)
        form.addRow("&Propiedad:", self.ownership)
        form.addRow(QLabel("Documentos que debe tener (ninguno: no requiere permiso):"))
        for kind in DocumentKind:
            check = QCheckBox(DOCUMENT_LABELS[kind])
            check.setChecked(row is not None and kind in row.kinds)
            self.checks[kind] = check
            form.addRow("", check)
        form.addRow(_buttons(self))

    def kinds(self) -> tuple[DocumentKind, ...]:
        return tuple(kind for kind, check in self.checks.items() if check.isChecked())


class CataloguesPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        tabs = QTabWidget()
        tabs.addTab(self._layers_tab(), "Capas de referencia")
        tabs.addTab(self._types_tab(), "Tipos de anuncio")
        tabs.addTab(self._rules_tab(), "Documentos requeridos")
        from ..request_catalogues_tabs import request_tabs

        self.request_tabs = dict(request_tabs(ctx, self))
        for title, tab in self.request_tabs.items():
            tabs.addTab(tab, title)
        self.tabs = tabs
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Catálogos"))
        layout.addWidget(tabs, 1)
        self.refresh()

    # --- layers ------------------------------------------------------------------------------------------------

    def _layers_tab(self) -> QWidget:
        tab = QWidget()
        self.layers_label = QLabel()
        self.layers_label.setWordWrap(True)
        boundary = QPushButton("Cargar límite municipal (GeoJSON)…")
        boundary.clicked.connect(lambda: self.load_layer(reference_layers.BOUNDARY))
        localities = QPushButton("Cargar localidades (GeoJSON)…")
        localities.clicked.connect(lambda: self.load_layer(reference_layers.LOCALITIES))
        row = QHBoxLayout()
        row.addWidget(boundary)
        row.addWidget(localities)
        row.addStretch()
        layout = QVBoxLayout(tab)
        layout.addWidget(QLabel("El límite municipal sirve para avisar cuando un punto queda fuera de Cortazar; las "
                                "localidades forman el catálogo de localidades y se sugieren por la ubicación del "
                                "anuncio. Use los archivos GeoJSON del Marco Geoestadístico del INEGI."))
        layout.addWidget(self.layers_label)
        layout.addLayout(row)
        layout.addStretch()
        return tab

    def load_layer(self, kind: str, path: Path | None = None) -> bool:
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(self, "Capa de referencia", str(Path.home()),
                                                    "GeoJSON (*.geojson *.json)")
            if not chosen:
                return False
            path = Path(chosen)
        try:
            summary = reference_layers.load_layer(self.ctx.db, kind, path.read_bytes(), path.name)
        except OSError as exc:
            show_error(self, UserError(f"No se pudo leer {path}.", detail=str(exc)))
            return False
        except UserError as exc:
            show_error(self, exc)
            return False
        self.ctx.data_changed.emit()
        QMessageBox.information(self, "Capa cargada", f"{summary.name}: {summary.features} elementos.")
        return True

    # --- types -------------------------------------------------------------------------------------------------

    @staticmethod
    def _table_tab(table: QTableWidget, add_label: str, add: Callable[[], None], edit: Callable[[], None],
                   intro: str = "") -> QWidget:
        """A catalogue tab: an optional explanation, the table (double click edits) and Agregar / Editar."""
        tab = QWidget()
        table.doubleClicked.connect(lambda _i: edit())
        add_button = QPushButton(add_label)
        add_button.clicked.connect(add)
        edit_button = QPushButton("Editar…")
        edit_button.clicked.connect(edit)
        row = QHBoxLayout()
        row.addWidget(add_button)
        row.addWidget(edit_button)
        row.addStretch()
        layout = QVBoxLayout(tab)
        if intro:
            layout.addWidget(QLabel(intro))
        layout.addWidget(table, 1)
        layout.addLayout(row)
        return tab

    def _types_tab(self) -> QWidget:
        self.types_table = read_only_table(["Clave", "Nombre", "Vigencia del permiso", "Situación", "Anuncios"])
        return self._table_tab(self.types_table, "Agregar tipo…", self.add_type, self.edit_type)

    def _save_with(self, dialog: QDialog, save: Callable[[], object]) -> None:
        """Show ``dialog`` until ``save`` succeeds or the person cancels; a refusal brings the dialog back with
        everything typed."""
        while dialog.exec():
            try:
                save()
            except UserError as exc:
                show_error(self, exc)
                continue
            self.ctx.data_changed.emit()
            return

    def add_type(self) -> None:
        dialog = TypeDialog(None, self)
        self._save_with(dialog, lambda: catalogues.add_type(self.ctx.db, dialog.code.text(), dialog.name.text(),
                                                            dialog.validity.value()))

    def edit_type(self) -> None:
        rows = self.types_table.selectionModel().selectedRows()
        if not rows:
            return
        current = self._types[rows[0].row()]
        dialog = TypeDialog(current, self)
        self._save_with(dialog, lambda: catalogues.update_type(self.ctx.db, current, dialog.name.text(),
                                                               dialog.validity.value(), dialog.active.isChecked()))

    # --- rules -------------------------------------------------------------------------------------------------

    def _rules_tab(self) -> QWidget:
        self.rules_table = read_only_table(["Tipo", "Propiedad", "Documentos requeridos"])
        return self._table_tab(self.rules_table, "Agregar regla…", self.add_rule, self.edit_rule,
                               "La regla de una propiedad concreta manda sobre la regla general del tipo. Un tipo "
                               "sin reglas requiere su permiso.")

    def add_rule(self) -> None:
        dialog = RuleDialog([t for t in self._types if t.active], None, self)
        self._save_with(dialog, lambda: catalogues.save_rule(self.ctx.db, dialog.type_combo.currentData(),
                                                             dialog.ownership.currentData(), dialog.kinds()))

    def edit_rule(self) -> None:
        rows = self.rules_table.selectionModel().selectedRows()
        if not rows:
            return
        current = self._rules[rows[0].row()]
        dialog = RuleDialog(self._types, current, self)
        self._save_with(dialog, lambda: catalogues.save_rule(self.ctx.db, current.type_code, current.ownership,
                                                             dialog.kinds(), current))

    # --- loading -----------------------------------------------------------------------------------------------

    def refresh(self) -> None:
        layers = reference_layers.loaded_layers(self.ctx.db)
        lines = []
        for kind, label in ((reference_layers.BOUNDARY, "Límite municipal"),
                            (reference_layers.LOCALITIES, "Localidades")):
            layer = layers.get(kind)
            lines.append(f"<b>{label}:</b> " + (f"{layer.features} elementos, de «{layer.source_name}», cargado el "
                                                 f"{layer.loaded_at}" if layer else "sin cargar"))
        self.layers_label.setText("<br>".join(lines))
        for tab in self.request_tabs.values():
            tab.refresh()
        self._types = catalogues.list_all_types(self.ctx.db)
        self.types_table.setRowCount(len(self._types))
        for r, t in enumerate(self._types):
            for c, value in enumerate((t.code, t.name, f"{t.default_validity_days} días",
                                       "Activo" if t.active else "Sin uso", f"{t.assets:,}")):
                self.types_table.setItem(r, c, QTableWidgetItem(value))
        names = {t.code: t.name for t in self._types}
        ownership = dict(OWNERSHIP_CHOICES)
        self._rules = catalogues.list_rules(self.ctx.db)
        self.rules_table.setRowCount(len(self._rules))
        for r, rule in enumerate(self._rules):
            kinds = ", ".join(DOCUMENT_LABELS[k] for k in rule.kinds) or "No requiere permiso"
            for c, value in enumerate((names.get(rule.type_code, rule.type_code),
                                       ownership.get(rule.ownership, rule.ownership), kinds)):
                self.rules_table.setItem(r, c, QTableWidgetItem(value))
