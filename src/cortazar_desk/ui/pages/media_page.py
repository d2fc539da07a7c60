"""Medios: the directory of journalists (searched as you type), the outlets, and the distribution lists with their
exports (Excel, vCard for phones, the printed attendance sheet of a press conference)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...domain.media import COVERAGE, MEDIA
from ...services import media_directory as md
from ...services import media_lists as ml
from ...services.database import Database
from ...services.errors import UserError
from ..context import AppContext
from ..errors import show_error
from ..import_dialog import ImportDialog
from ..models.contacts_model import ROW_ROLE as CONTACT_ROLE
from ..models.contacts_model import ContactsModel
from ..models.rows_model import ROW_ROLE, SORT_ROLE, Column, RowsModel
from ..widgets import SearchProxy, heading, list_table, plural, search_box

OUTLET_COLUMNS: list[Column[md.OutletRow]] = [
    Column("Medio", lambda o: o.name), Column("Tipo", lambda o: MEDIA.get(o.medium, o.medium)),
    Column("Cobertura", lambda o: COVERAGE.get(o.coverage, o.coverage)), Column("Sitio web", lambda o: o.website),
    Column("Teléfono", lambda o: o.phone), Column("Contactos", lambda o: f"{o.contacts:,}", lambda o: o.contacts),
]
LIST_COLUMNS: list[Column[ml.ListRow]] = [
    Column("Lista", lambda r: r.name), Column("Tipo", lambda r: ml.KINDS.get(r.kind, r.kind)),
    Column("Contactos", lambda r: f"{r.members:,}", lambda r: r.members),
    Column("Criterios o descripción", lambda r: r.description),
]
MEMBER_COLUMNS: list[Column[md.ContactRow]] = [
    Column("Nombre", lambda r: r.name), Column("Medio", lambda r: r.outlet),
    Column("Teléfono", lambda r: r.phone), Column("Correo", lambda r: r.email),
    Column("Exportación", lambda r: "No se exporta: no contactar" if r.do_not_contact else "Sí",
           background=lambda r: "#f8d0cc" if r.do_not_contact else None),
]


class ContactImportDialog(ImportDialog):
    title = "Importar contactos de prensa desde Excel"
    intro = ("Elija el libro de Excel (.xlsx) con los contactos. Se lee la primera hoja; los encabezados se reconocen "
             "por su nombre (nombre, medio, tipo de medio, cargo, fuentes, teléfono, correo…). Los posibles "
             "duplicados se señalan y no se importan.")
    update_text = None
    action_labels = {"nuevo": "Nuevo", "sin cambios": "Ya registrado", "omitir": "Posible duplicado",
                     "error": "Error"}

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        from ...services.media_import import FIELD_LABELS

        self.field_labels = FIELD_LABELS
        super().__init__(ctx, ctx.station, parent)

    def make_preview(self, path: Path, mapping: dict[int, str] | None, update: bool, contents: Any) -> Any:
        from ...services.media_import import preview_import

        return preview_import(self.ctx.db, path, mapping, contents=contents)

    def apply(self, preview: Any, step: Any) -> Any:
        from ...services.media_import import apply_import

        return apply_import(self.ctx.db, preview, step)

    def importable(self, preview: Any) -> int:
        return int(preview.count("nuevo"))

    def counts_text(self, preview: Any) -> str:
        return (f"{len(preview.rows):,} filas: {preview.count('nuevo')} nuevas, {preview.count('sin cambios')} ya "
                f"registradas, {preview.count('omitir')} posibles duplicados, <b>{preview.count('error')} con "
                "errores</b> (no se importan).")

    def result_text(self, r: Any) -> str:
        return (f"{r.created} contactos nuevos y {r.outlets_created} medios nuevos. {r.skipped} posibles duplicados "
                f"y {r.errors} filas con errores no se importaron.")


class MediaPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.last_preview: QWidget | None = None
        self.tabs = QTabWidget()
        self.tabs.addTab(self._contacts_tab(), "Contactos")
        self.tabs.addTab(self._outlets_tab(), "Medios")
        self.tabs.addTab(self._lists_tab(), "Listas de distribución")
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Medios de comunicación"))
        layout.addWidget(self.tabs, 1)
        QShortcut(QKeySequence.StandardKey.New, self, activated=self._new_in_tab)
        ctx.data_changed.connect(self.refresh)
        self.refresh()

    # --- tabs -----------------------------------------------------------------------------------------------------

    def _contacts_tab(self) -> QWidget:
        self.contacts = ContactsModel()
        self.search = search_box(self, "Buscar por nombre, medio, fuente, teléfono o correo…", self._on_search)
        self.new_contact_button = QPushButton("Nuevo contacto")
        self.new_contact_button.setToolTip("Nuevo contacto (Ctrl+N)")
        self.open_contact_button = QPushButton("Abrir")
        self.add_to_list_button = QPushButton("Agregar a lista…")
        self.new_list_from_button = QPushButton("Nueva lista con los elegidos…")
        self.duplicates_button = QPushButton("Posibles duplicados…")
        self.import_button = QPushButton("Importar de Excel…")
        self.more_button = QPushButton("Más")
        more = QMenu(self.more_button)
        more.addAction("Dar de baja a los elegidos…", self.retire_selected_contacts)
        more.addAction("Dados de baja (restaurar)…", lambda: self.show_retired(contacts=True))
        self.more_button.setMenu(more)
        self.contacts_table = QTableView()
        self.contacts_table.setModel(self.contacts)
        list_table(self.contacts_table, self.contacts)
        self.contacts_table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.contacts_table.setWordWrap(False)
        self.contacts_table.verticalHeader().setDefaultSectionSize(24)
        for column, width in ((0, 200), (1, 170), (2, 80), (3, 80), (4, 130), (5, 150), (6, 110), (7, 190)):
            self.contacts_table.setColumnWidth(column, width)
        self.contacts_table.doubleClicked.connect(self._open_contact_index)
        self.contacts_count = QLabel()
        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        for button in (self.new_contact_button, self.open_contact_button, self.add_to_list_button,
                       self.new_list_from_button, self.duplicates_button, self.import_button, self.more_button):
            bar.addWidget(button)
        self.new_contact_button.clicked.connect(lambda: self.open_contact(None))
        self.open_contact_button.clicked.connect(self.open_selected_contact)
        self.add_to_list_button.clicked.connect(self.add_selected_to_list)
        self.new_list_from_button.clicked.connect(self.new_list_from_selection)
        self.duplicates_button.clicked.connect(self.show_duplicates)
        self.import_button.clicked.connect(self.import_contacts)
        QShortcut(QKeySequence(Qt.Key.Key_Return), self.contacts_table, activated=self.open_selected_contact)
        tab = QWidget()
        box = QVBoxLayout(tab)
        box.addLayout(bar)
        box.addWidget(self.contacts_table, 1)
        box.addWidget(self.contacts_count)
        return tab

    def _outlets_tab(self) -> QWidget:
        self.outlets = RowsModel(OUTLET_COLUMNS)
        self.outlets_proxy = SearchProxy(SORT_ROLE, self)
        self.outlets_proxy.setSourceModel(self.outlets)
        self.outlets_table = list_table(QTableView(), self.outlets_proxy, single=True)
        self.outlets_table.setColumnWidth(0, 260)
        self.outlets_table.doubleClicked.connect(self._open_outlet_index)
        new = QPushButton("Nuevo medio")
        new.clicked.connect(lambda: self.open_outlet(None))
        edit = QPushButton("Abrir")
        edit.clicked.connect(lambda: self._open_outlet_index(self.outlets_table.currentIndex()))
        retire = QPushButton("Dar de baja")
        retire.clicked.connect(self.retire_selected_outlet)
        retired = QPushButton("Dados de baja (restaurar)…")
        retired.clicked.connect(lambda: self.show_retired(contacts=False))
        bar = QHBoxLayout()
        bar.addStretch()
        for button in (new, edit, retire, retired):
            bar.addWidget(button)
        tab = QWidget()
        box = QVBoxLayout(tab)
        box.addLayout(bar)
        box.addWidget(self.outlets_table, 1)
        return tab

    def _lists_tab(self) -> QWidget:
        self.lists = RowsModel(LIST_COLUMNS)
        self.lists_table = list_table(QTableView(), self.lists, single=True)
        self.lists_table.setSortingEnabled(False)
        self.lists_table.setColumnWidth(0, 260)
        self.lists_table.setColumnWidth(1, 130)
        self.lists_table.selectionModel().selectionChanged.connect(lambda *_a: self._show_members())
        self.lists_table.doubleClicked.connect(lambda _i: self.edit_list())
        self.members = RowsModel(MEMBER_COLUMNS)
        self.members_table = list_table(QTableView(), self.members)
        self.members_table.setSortingEnabled(False)
        for column, width in ((0, 220), (1, 240), (2, 110), (3, 240)):
            self.members_table.setColumnWidth(column, width)
        self.members_table.setWordWrap(False)
        self.members_table.verticalHeader().setDefaultSectionSize(24)
        self.members_label = QLabel()
        buttons = {"Nueva lista…": lambda: self.edit_list(new=True), "Editar…": self.edit_list,
                   "Quitar de la lista": self.remove_from_list, "Exportar a Excel…": self.export_xlsx,
                   "Exportar vCard (teléfonos)…": self.export_vcf, "Hoja de asistencia…": self.attendance,
                   "Dar de baja": self.retire_list}
        bar = QHBoxLayout()
        bar.addStretch()
        self.list_buttons: dict[str, QPushButton] = {}
        for text, slot in buttons.items():
            button = QPushButton(text)
            button.clicked.connect(slot)
            bar.addWidget(button)
            self.list_buttons[text] = button
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.lists_table)
        holder = QWidget()
        inner = QVBoxLayout(holder)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(self.members_label)
        inner.addWidget(self.members_table, 1)
        split.addWidget(holder)
        split.setSizes([200, 420])
        tab = QWidget()
        box = QVBoxLayout(tab)
        box.addLayout(bar)
        box.addWidget(split, 1)
        return tab

    # --- data -------------------------------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.contacts.set_rows(md.list_contacts(self.ctx.db), self.search.text())
        self._count()
        self.outlets.set_rows(md.list_outlets(self.ctx.db))
        selected = self.selected_list()
        self.lists.set_rows(ml.list_lists(self.ctx.db))
        rows = self.lists.rows()
        if rows:
            at = next((n for n, r in enumerate(rows) if selected and r.id == selected.id), 0)
            self.lists_table.selectRow(at)
        self._show_members()

    def _on_search(self, text: str) -> None:
        self.contacts.set_search(text)
        self._count()

    def _count(self) -> None:
        total, shown = self.contacts.total(), self.contacts.rowCount()
        self.contacts_count.setText(plural(total, "contacto", "contactos") if shown == total else
                                    f"{shown:,} de {plural(total, 'contacto', 'contactos')}")

    def _new_in_tab(self) -> None:
        index = self.tabs.currentIndex()
        if index == 0:
            self.open_contact(None)
        elif index == 1:
            self.open_outlet(None)
        else:
            self.edit_list(new=True)

    # --- contacts ----------------------------------------------------------------------------------------------------

    def selected_contacts(self) -> list[md.ContactRow]:
        found = [self.contacts.data(i, CONTACT_ROLE) for i in self.contacts_table.selectionModel().selectedRows()]
        return [c for c in found if isinstance(c, md.ContactRow)]

    def _open_contact_index(self, index: QModelIndex) -> None:
        row = self.contacts.data(index, CONTACT_ROLE)
        if isinstance(row, md.ContactRow):
            self.open_contact(row.id)

    def open_selected_contact(self) -> None:
        chosen = self.selected_contacts()
        if chosen:
            self.open_contact(chosen[0].id)

    def open_contact(self, contact_id: int | None) -> None:
        from ..contact_dialog import ContactDialog

        dialog = ContactDialog(self.ctx, contact_id, self)
        dialog.exec()
        dialog.deleteLater()
        self.refresh()

    def show_duplicates(self) -> None:
        from ..media_dialogs import DuplicatesDialog

        dialog = DuplicatesDialog(self.ctx, self)
        dialog.exec()
        dialog.deleteLater()
        self.refresh()

    def import_contacts(self) -> None:
        dialog = ContactImportDialog(self.ctx, self)
        dialog.exec()
        dialog.deleteLater()
        self.refresh()

    def add_selected_to_list(self) -> None:
        chosen = self.selected_contacts()
        fixed = [r for r in ml.list_lists(self.ctx.db) if r.kind == "fija"]
        if not chosen:
            show_error(self, UserError("Seleccione uno o varios contactos."))
            return
        if not fixed:
            show_error(self, UserError("No hay listas fijas; cree una con «Nueva lista con los elegidos…»."))
            return
        name, ok = QInputDialog.getItem(self, "Agregar a lista", "Lista:", [r.name for r in fixed], 0, False)
        if not ok:
            return
        target = next(r for r in fixed if r.name == name)
        try:
            added = ml.add_members(self.ctx.db, target.id, [c.id for c in chosen])
        except UserError as exc:
            show_error(self, exc)
            return
        QMessageBox.information(self, "Lista", f"{plural(added, 'contacto agregado', 'contactos agregados')} a "
                                f"«{target.name}».")
        self.refresh()

    def new_list_from_selection(self) -> None:
        self.edit_list(new=True, contact_ids=[c.id for c in self.selected_contacts()])

    # --- outlets -----------------------------------------------------------------------------------------------------

    def _open_outlet_index(self, index: QModelIndex) -> None:
        row = self.outlets_proxy.data(index, ROW_ROLE) if index.isValid() else None
        if isinstance(row, md.OutletRow):
            self.open_outlet(row.id)

    def retire_selected_contacts(self) -> None:
        chosen = self.selected_contacts()
        if not chosen:
            show_error(self, UserError("Elija uno o más contactos."))
            return
        names = ", ".join(c.name for c in chosen[:5]) + ("…" if len(chosen) > 5 else "")
        if QMessageBox.question(self, "Dar de baja", f"¿Dar de baja a {plural(len(chosen), 'contacto', 'contactos')}"
                                f" ({names})? Salen del directorio, de sus listas y de las exportaciones; se pueden "
                                "restaurar.") != QMessageBox.StandardButton.Yes:
            return
        for contact in chosen:
            try:
                md.retire_contact(self.ctx.db, contact.id, contact.version)
            except UserError as exc:
                show_error(self, exc)
                break
        self.ctx.data_changed.emit()

    def retire_selected_outlet(self) -> None:
        index = self.outlets_table.currentIndex()
        row = self.outlets_proxy.data(index, ROW_ROLE) if index.isValid() else None
        if not isinstance(row, md.OutletRow):
            show_error(self, UserError("Elija un medio."))
            return
        if QMessageBox.question(self, "Dar de baja", f"¿Dar de baja el medio «{row.name}»? Deja de ofrecerse al "
                                "registrar notas y contactos; se puede restaurar.") != QMessageBox.StandardButton.Yes:
            return
        try:
            md.retire_outlet(self.ctx.db, row.id, row.version)
        except UserError as exc:
            show_error(self, exc)
            return
        self.ctx.data_changed.emit()

    def show_retired(self, *, contacts: bool) -> None:
        from ..media_dialogs import RetiredDialog

        dialog = RetiredDialog(self.ctx, contacts=contacts, parent=self)
        dialog.exec()
        dialog.deleteLater()
        self.refresh()

    def open_outlet(self, outlet_id: int | None) -> None:
        from ..media_dialogs import OutletDialog

        dialog = OutletDialog(self.ctx, outlet_id, self)
        if dialog.exec():
            self.ctx.data_changed.emit()
        dialog.deleteLater()

    # --- lists -------------------------------------------------------------------------------------------------------

    def selected_list(self) -> ml.ListRow | None:
        if not hasattr(self, "lists_table"):
            return None
        rows = self.lists_table.selectionModel().selectedRows()
        row = self.lists.data(rows[0], ROW_ROLE) if rows else None
        return row if isinstance(row, ml.ListRow) else None

    def _show_members(self) -> None:
        chosen = self.selected_list()
        if chosen is None:
            self.members.set_rows([])
            self.members_label.setText("Elija una lista para ver sus contactos.")
            return
        rows = ml.list_members(self.ctx.db, chosen.id)
        self.members.set_rows(rows)
        excluded = sum(1 for r in rows if r.do_not_contact)
        self.members_label.setText(
            f"<b>{chosen.name}</b>: {plural(len(rows), 'contacto', 'contactos')}"
            + (f"; {excluded} marcados «no contactar» quedan fuera de toda exportación." if excluded else "."))
        self.list_buttons["Quitar de la lista"].setEnabled(chosen.kind == "fija")

    def _need_list(self) -> ml.ListRow | None:
        chosen = self.selected_list()
        if chosen is None:
            show_error(self, UserError("Elija una lista."))
        return chosen

    def edit_list(self, new: bool = False, contact_ids: list[int] | None = None) -> None:
        from ..media_dialogs import ListDialog

        chosen = None if new else self._need_list()
        if not new and chosen is None:
            return
        dialog = ListDialog(self.ctx, chosen.id if chosen else None, self, contact_ids=contact_ids)
        if dialog.exec():
            self.tabs.setCurrentIndex(2)
            self.refresh()
        dialog.deleteLater()

    def remove_from_list(self) -> None:
        chosen = self._need_list()
        members = [self.members.data(i, ROW_ROLE) for i in self.members_table.selectionModel().selectedRows()]
        if chosen is None or not members:
            return
        ml.remove_members(self.ctx.db, chosen.id, [m.id for m in members if isinstance(m, md.ContactRow)])
        self.refresh()

    def retire_list(self) -> None:
        chosen = self._need_list()
        if chosen is None:
            return
        answer = QMessageBox.question(self, "Dar de baja", f"¿Dar de baja la lista «{chosen.name}»? Los contactos "
                                      "no se borran.")
        if answer == QMessageBox.StandardButton.Yes:
            try:
                ml.retire_list(self.ctx.db, chosen.id, chosen.version)
            except UserError as exc:
                show_error(self, exc)
            self.refresh()

    def _save_path(self, title: str, name: str, file_filter: str) -> Path | None:
        chosen, _ = QFileDialog.getSaveFileName(self, title, str(Path.home() / name), file_filter)
        return Path(chosen) if chosen else None

    def export_xlsx(self) -> None:
        self._export_list("Exportar lista a Excel", ".xlsx", "Libro de Excel (*.xlsx)", ml.export_xlsx,
                          "Lista exportada", lambda count, name: f"{plural(count, 'contacto', 'contactos')} en {name}.")

    def export_vcf(self) -> None:
        self._export_list("Exportar vCard", ".vcf", "Tarjetas de contacto (*.vcf)", ml.export_vcf, "vCard exportado",
                          lambda count, name: f"{plural(count, 'tarjeta', 'tarjetas')} en {name}; ábralo en el "
                                              "teléfono para agregar los contactos.")

    def _export_list(self, title: str, suffix: str, file_filter: str,
                     export: Callable[[Database, int, Path], int], done_title: str,
                     done_text: Callable[[int, str], str]) -> None:
        """Ask where, write the chosen list there, and say how many went out (or why nothing did)."""
        chosen = self._need_list()
        if chosen is None:
            return
        path = self._save_path(title, f"{_safe(chosen.name)}{suffix}", file_filter)
        if path is None:
            return
        try:
            count = export(self.ctx.db, chosen.id, path.with_suffix(suffix))
        except (UserError, OSError) as exc:
            show_error(self, exc if isinstance(exc, UserError) else UserError(f"No se pudo guardar {path}."))
            return
        QMessageBox.information(self, done_title, done_text(count, path.name))

    def attendance(self) -> None:
        from ..media_dialogs import AttendanceDialog, to_date
        from ..pdf_preview import PdfPreview

        chosen = self._need_list()
        if chosen is None:
            return
        dialog = AttendanceDialog(chosen.name, self)
        if not dialog.exec():
            return
        try:
            pdf = ml.attendance_pdf(self.ctx.db, chosen.id, dialog.event.text(), to_date(dialog.day.date()),
                                    dialog.place.text())
        except UserError as exc:
            show_error(self, exc)
            return
        self.last_preview = PdfPreview(pdf, f"asistencia-{date.today():%Y-%m-%d}.pdf", "Lista de asistencia", self)
        self.last_preview.exec()


def _safe(name: str) -> str:
    """A file name made from a list's name (the name is the user's; the file's is ours)."""
    from ...domain.media import fold_name

    return "-".join(fold_name(name).split())[:60] or "lista"
