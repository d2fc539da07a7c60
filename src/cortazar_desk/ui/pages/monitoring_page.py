"""Monitoreo: the log of what the press published (with the fast entry form beside it), the daily síntesis in one
action, the period report, and the register of press releases (boletines) with the coverage each one got."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...domain.media import GENRES, MEDIA, TONE_COLOURS, TONES
from ...services import media_monitoring as mm
from ...services import press_releases as pr
from ...services.errors import UserError
from ..context import AppContext
from ..errors import show_error
from ..media_dialogs import date_edit, to_date
from ..models.rows_model import ROW_ROLE, SORT_ROLE, Column, RowsModel, by_date, dmy
from ..monitoring_form import EntryForm, ReleaseDialog
from ..widgets import SearchProxy, heading, list_table, plural, search_box

TONE_BACKGROUNDS = {"positiva": "#d8f0dc", "negativa": "#f8d0cc"}
TONE_WORDS = {"positiva": ("positiva", "positivas"), "neutral": ("neutral", "neutrales"),
              "negativa": ("negativa", "negativas")}
ENTRY_COLUMNS: list[Column[mm.EntryRow]] = [
    Column("Fecha", lambda e: e.published_at.strftime("%d/%m/%Y %H:%M"), lambda e: e.published_at.timestamp()),
    Column("Medio", lambda e: e.outlet), Column("Tipo", lambda e: MEDIA.get(e.medium, e.medium)),
    Column("Titular", lambda e: e.headline), Column("Género", lambda e: GENRES.get(e.genre, e.genre)),
    Column("Tema", lambda e: e.topic), Column("Dependencias", lambda e: e.departments),
    Column("Tono", lambda e: TONES.get(e.tone, e.tone), background=lambda e: TONE_BACKGROUNDS.get(e.tone)),
    Column("Síntesis", lambda e: "Sí" if e.in_summary else "No"),
    Column("Recorte", lambda e: "Sí" if e.has_clipping else ""),
    Column("Vínculo", lambda e: " · ".join(x for x in (e.press_release, e.campaign, e.event_request) if x)),
]
RELEASE_COLUMNS: list[Column[pr.ReleaseRow]] = [
    Column("Número", lambda r: r.number), Column("Fecha", lambda r: dmy(r.issued_on), lambda r: by_date(r.issued_on)),
    Column("Título", lambda r: r.title), Column("Dependencia", lambda r: r.department),
    Column("Lista", lambda r: r.list_name), Column("Notas publicadas", lambda r: f"{r.coverage:,}",
                                                   lambda r: r.coverage),
    Column("Archivo", lambda r: "Sí" if r.has_file else ""),
]


class MonitoringPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.last_preview: QWidget | None = None
        self.tabs = QTabWidget()
        self.tabs.addTab(self._log_tab(), "Monitoreo")
        self.tabs.addTab(self._releases_tab(), "Boletines")
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Monitoreo de medios"))
        layout.addWidget(self.tabs, 1)
        ctx.data_changed.connect(self.refresh)
        self.refresh()

    def _log_tab(self) -> QWidget:
        today = date.today()
        self.start = date_edit(today - timedelta(days=1))
        self.end = date_edit(today)
        self.start.dateChanged.connect(lambda _d: self.refresh_entries())
        self.end.dateChanged.connect(lambda _d: self.refresh_entries())
        self.entries = RowsModel(ENTRY_COLUMNS)
        self.entries_proxy = SearchProxy(SORT_ROLE, self)
        self.entries_proxy.setSourceModel(self.entries)
        self.search = search_box(self, "Buscar en las notas…", self._on_search)
        self.table = list_table(QTableView(), self.entries_proxy)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        for column, width in ((0, 118), (1, 160), (2, 70), (3, 330), (4, 80), (5, 110), (6, 150), (7, 70)):
            self.table.setColumnWidth(column, width)
        self.table.doubleClicked.connect(self._edit_index)
        self.summary_day = date_edit(today)
        self.summary_button = QPushButton("Síntesis del día")
        self.summary_button.setToolTip("Prepara la síntesis informativa (PDF) del día elegido")
        self.summary_button.clicked.connect(self.print_summary)
        self.period_button = QPushButton("Informe del periodo")
        self.period_button.setToolTip("Conteos y tono por medio, dependencia y tema del periodo mostrado, con gráficas")
        self.period_button.clicked.connect(self.print_period)
        self.retire_button = QPushButton("Dar de baja")
        self.retire_button.clicked.connect(self.retire_selected)
        self.count = QLabel()
        self.form = EntryForm(self.ctx)
        self.form.entry_saved.connect(self._entry_saved)
        top = QHBoxLayout()
        top.addWidget(QLabel("Del"))
        top.addWidget(self.start)
        top.addWidget(QLabel("al"))
        top.addWidget(self.end)
        top.addWidget(self.search, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.retire_button)
        actions.addStretch()
        actions.addWidget(self.period_button)
        actions.addSpacing(16)
        actions.addWidget(QLabel("Síntesis de:"))
        actions.addWidget(self.summary_day)
        actions.addWidget(self.summary_button)
        left = QWidget()
        box = QVBoxLayout(left)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(top)
        box.addWidget(self.table, 1)
        box.addWidget(self.count)
        box.addLayout(actions)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.form)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([760, 480])
        return split

    def _releases_tab(self) -> QWidget:
        self.releases = RowsModel(RELEASE_COLUMNS)
        self.releases_proxy = SearchProxy(SORT_ROLE, self)
        self.releases_proxy.setSourceModel(self.releases)
        self.releases_table = list_table(QTableView(), self.releases_proxy, single=True)
        self.releases_table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
        self.releases_table.setWordWrap(False)
        for column, width in ((0, 110), (1, 90), (2, 420), (3, 170), (4, 220), (5, 120)):
            self.releases_table.setColumnWidth(column, width)
        self.releases_table.doubleClicked.connect(lambda _i: self.open_selected_release())
        actions = {"Nuevo boletín…": lambda: self.open_release(None),
                   "Abrir…": self.open_selected_release,
                   "Imprimir…": self.print_release, "Cobertura": self.show_coverage,
                   "Guardar archivo…": self.save_release_file, "Exportar a Excel…": self.export_releases}
        bar = QHBoxLayout()
        bar.addStretch()
        for text, slot in actions.items():
            button = QPushButton(text)
            button.clicked.connect(slot)
            bar.addWidget(button)
        tab = QWidget()
        box = QVBoxLayout(tab)
        box.addLayout(bar)
        box.addWidget(self.releases_table, 1)
        return tab

    # --- data ------------------------------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.refresh_entries()
        self.releases.set_rows(pr.list_releases(self.ctx.db))
        self.form.reload_choices()

    def refresh_entries(self) -> None:
        start, end = to_date(self.start.date()), to_date(self.end.date())
        self.entries.set_rows(mm.list_entries(self.ctx.db, min(start, end), max(start, end)))
        self._on_search(self.search.text())

    def _on_search(self, text: str) -> None:
        self.entries_proxy.set_search(text)
        rows = self.entries.rows()
        tones = {t: sum(1 for r in rows if r.tone == t) for t in TONES}
        shown = self.entries_proxy.rowCount()
        counted = plural(len(rows), "nota", "notas") if shown == len(rows) else \
            f"{shown:,} de {plural(len(rows), 'nota', 'notas')}"
        self.count.setText(counted + ": " + " · ".join(
            f"<span style='color:{TONE_COLOURS[t]}'>{n} {TONE_WORDS[t][n != 1]}</span>" for t, n in tones.items()))

    def _entry_saved(self, _entry_id: int) -> None:
        day = self.form.ui.dateEdit.date()
        if to_date(day) > to_date(self.end.date()):
            self.end.setDate(day)
        self.refresh_entries()

    def _edit_index(self, index: QModelIndex) -> None:
        row = self.entries_proxy.data(index, ROW_ROLE)
        if isinstance(row, mm.EntryRow):
            self.form.edit(row.id)

    def selected_entries(self) -> list[mm.EntryRow]:
        found = [self.entries_proxy.data(i, ROW_ROLE) for i in self.table.selectionModel().selectedRows()]
        return [e for e in found if isinstance(e, mm.EntryRow)]

    def retire_selected(self) -> None:
        chosen = self.selected_entries()
        if not chosen:
            return
        answer = QMessageBox.question(self, "Dar de baja", f"¿Dar de baja {plural(len(chosen), 'nota', 'notas')}? "
                                      "Quedan en la bitácora de cambios.")
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            for entry in chosen:
                mm.retire_entry(self.ctx.db, entry.id, entry.version)
        except UserError as exc:
            show_error(self, exc)
        self.refresh_entries()

    # --- documents --------------------------------------------------------------------------------------------------

    def _preview(self, title: str, name: str, work: object) -> None:
        from ..pdf_preview import PdfPreview
        from ..tasks import run_in_background

        def show(pdf: object) -> None:
            assert isinstance(pdf, bytes)
            self.last_preview = PdfPreview(pdf, name, title, self)
            self.last_preview.exec()

        run_in_background(self, f"Preparando {title.lower()}…", work, show,  # type: ignore[arg-type]
                          lambda exc: show_error(self, exc))

    def print_summary(self) -> None:
        day = to_date(self.summary_day.date())
        self._preview("Síntesis informativa", f"sintesis-{day:%Y-%m-%d}.pdf",
                      lambda: mm.summary_pdf(self.ctx.db, day))

    def print_period(self) -> None:
        start, end = sorted((to_date(self.start.date()), to_date(self.end.date())))
        self._preview("Informe de monitoreo", f"informe-monitoreo-{start:%Y%m%d}-{end:%Y%m%d}.pdf",
                      lambda: mm.period_pdf(self.ctx.db, start, end))

    # --- press releases -----------------------------------------------------------------------------------------------

    def _release(self) -> pr.ReleaseRow | None:
        rows = self.releases_table.selectionModel().selectedRows()
        row = self.releases_proxy.data(rows[0], ROW_ROLE) if rows else None
        if not isinstance(row, pr.ReleaseRow):
            return None
        return row

    def open_selected_release(self) -> None:
        release = self._release()
        if release is None:
            show_error(self, UserError("Elija un boletín."))
            return
        self.open_release(release)

    def open_release(self, release: pr.ReleaseRow | None) -> None:
        dialog = ReleaseDialog(self.ctx, release.id if release else None, self)
        if dialog.exec():
            self.ctx.data_changed.emit()
        dialog.deleteLater()

    def print_release(self) -> None:
        release = self._release()
        if release is None:
            show_error(self, UserError("Elija un boletín."))
            return
        self._preview("Boletín", f"{release.number}.pdf", lambda: pr.release_pdf(self.ctx.db, release.id))

    def show_coverage(self) -> None:
        release = self._release()
        if release is None:
            show_error(self, UserError("Elija un boletín."))
            return
        rows = mm.coverage_of(self.ctx.db, press_release_id=release.id)
        lines = [f"{r.published_at:%d/%m/%Y} · {r.outlet} · {TONES.get(r.tone, r.tone)}: {r.headline}"
                 for r in rows[:40]]
        QMessageBox.information(self, f"Cobertura de {release.number}",
                                "\n".join(lines) if lines else "Todavía no hay notas vinculadas a este boletín.")

    def save_release_file(self) -> None:
        release = self._release()
        if release is None or not release.has_file:
            show_error(self, UserError("Elija un boletín con archivo."))
            return
        try:
            data = pr.release_file(self.ctx.db, release.id)
        except UserError as exc:
            show_error(self, exc)
            return
        suffix = ".pdf" if data.startswith(b"%PDF-") else ".jpg" if data.startswith(b"\xff\xd8") else ".png"
        chosen, _ = QFileDialog.getSaveFileName(self, "Guardar archivo", str(Path.home() / f"{release.number}{suffix}"))
        if chosen:
            try:
                Path(chosen).write_bytes(data)
            except OSError as exc:
                show_error(self, UserError(f"No se pudo guardar {chosen}.", detail=str(exc)))

    def export_releases(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(self, "Exportar boletines", str(Path.home() / "boletines.xlsx"),
                                                "Libro de Excel (*.xlsx)")
        if not chosen:
            return
        try:
            count = pr.export_xlsx(self.ctx.db, Path(chosen))
        except (UserError, OSError) as exc:
            show_error(self, exc if isinstance(exc, UserError) else UserError(f"No se pudo guardar {chosen}."))
            return
        QMessageBox.information(self, "Boletines exportados", f"{plural(count, 'boletín', 'boletines')} en "
                                f"{Path(chosen).name}.")
