"""Tablero: the inventory at a glance and what expires soon. Each row opens its asset."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain.permits import STATUS_LABELS, URGENCY
from ...services.dashboard import WINDOWS, Dashboard, ExpiringDocument, dashboard
from ..context import AppContext
from ..models.asset_model import STATUS_COLOURS
from ..widgets import heading


def _item(text: str, align_right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if align_right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class DashboardPage(QWidget):
    asset_open_requested = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.data: Dashboard | None = None
        self.counts = QTableWidget()
        self.counts.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.counts.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.window_combo = QComboBox()
        self.window_combo.addItem("Vencidos", -1)
        for days in WINDOWS:
            self.window_combo.addItem(f"Vencen en {days} días o menos", days)
        self.window_combo.setCurrentIndex(self.window_combo.findData(30))
        self.window_combo.currentIndexChanged.connect(lambda _i: self._fill_expiring())
        self.expiring = QTableWidget(0, 6)
        self.expiring.setHorizontalHeaderLabels(["Folio", "Tipo", "Domicilio", "Documento", "Vence", "Días"])
        self.expiring.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.expiring.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.expiring.verticalHeader().hide()
        self.expiring.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.expiring.horizontalHeader().setStretchLastSection(True)
        self.expiring.doubleClicked.connect(self._open)
        self.expiring_empty = QLabel()
        self.summary = QLabel()

        layout = QVBoxLayout(self)
        layout.addWidget(heading("Tablero"))
        layout.addWidget(self.summary)
        self.orders_summary = QLabel()
        self.orders_summary.setWordWrap(True)
        layout.addWidget(self.orders_summary)
        self.events_summary = QLabel()
        self.events_summary.setWordWrap(True)
        layout.addWidget(self.events_summary)
        self.week_events = QTableWidget(0, 5)
        self.week_events.setHorizontalHeaderLabels(["Cuándo", "Evento", "Dependencia", "Estado", "Asignados"])
        self.week_events.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.week_events.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.week_events.verticalHeader().hide()
        self.week_events.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.week_events.horizontalHeader().setStretchLastSection(True)
        self.week_events.setMaximumHeight(170)
        self.week_events.doubleClicked.connect(self._open_event)
        layout.addWidget(self.week_events)
        layout.addWidget(QLabel("<b>Anuncios activos por tipo y situación del permiso</b>"))
        layout.addWidget(self.counts)
        row = QHBoxLayout()
        row.addWidget(QLabel("<b>Documentos por vencer y vencidos</b>"))
        row.addStretch()
        row.addWidget(self.window_combo)
        layout.addLayout(row)
        layout.addWidget(self.expiring, 1)
        layout.addWidget(self.expiring_empty)
        ctx.data_changed.connect(self.refresh)
        ctx.profile_saved.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        self.data = dashboard(self.ctx.db)
        self._fill_counts()
        self._fill_expiring()
        self._fill_outlook()
        self._fill_events()

    def _fill_events(self) -> None:
        from ...services.calendar import events_outlook
        from ..calendar_view import WEEKDAYS_SHORT

        view = events_outlook(self.ctx.db)
        parts = [f"<b>Eventos:</b> {view.today:,} hoy", f"{view.this_week:,} esta semana",
                 f"{sum(1 for i in view.coming if i.request_id is not None):,} en los próximos 7 días (abajo)"]
        parts.append(f'<span style="color:#8a4b00"><b>{view.unassigned:,} solicitud(es) sin asignar</b></span>'
                     if view.unassigned else "todas las solicitudes próximas asignadas")
        if view.conflicts:
            people = sorted({c.resource for c in view.conflicts})
            parts.append(f'<span style="color:#b00020"><b>{len(view.conflicts):,} conflicto(s) de horario</b></span>'
                         f" ({escape(', '.join(people))})")
        self.events_summary.setText(" · ".join(parts))
        self._week_items = view.coming
        self.week_events.setRowCount(len(view.coming))
        for r, item in enumerate(view.coming):
            day = WEEKDAYS_SHORT[item.starts_at.weekday()]
            when = f"{day} {item.starts_at:%d/%m} " + ("todo el día" if item.all_day else f"{item.starts_at:%H:%M}")
            for c, text in enumerate((when, f"{item.folio} {item.title}".strip(), item.department,
                                      ("⚠ " if item.conflict else "") + item.status_text(),
                                      ", ".join(item.people))):
                self.week_events.setItem(r, c, _item(text))

    def _open_event(self, index: object) -> None:
        from PySide6.QtCore import QModelIndex

        assert isinstance(index, QModelIndex)
        item = self._week_items[index.row()]
        if item.request_id is None:
            return
        from ..request_dialog import open_request

        open_request(self.ctx, self, item.request_id)

    def _fill_outlook(self) -> None:
        from ...services.work_orders import outlook

        view = outlook(self.ctx.db)
        parts = [f"<b>Órdenes:</b> {view.due_this_week:,} vencen esta semana"]
        parts.append(f'<span style="color:#8a1c1c"><b>{view.late:,} atrasadas</b></span>' if view.late else
                     "ninguna atrasada")
        if view.next_veda is not None:
            veda = view.next_veda
            parts.append(f"<b>Próxima veda:</b> {escape(veda.name)} del {veda.starts_on:%d/%m/%Y} al "
                         f"{veda.election_on:%d/%m/%Y}, {view.veda_affected:,} colocación(es) por retirar o cubrir")
        else:
            parts.append("sin veda registrada por venir")
        self.orders_summary.setText(" · ".join(parts))

    def _fill_counts(self) -> None:
        assert self.data is not None
        statuses = list(URGENCY)
        types = sorted(self.data.counts)
        table = self.counts
        table.setRowCount(len(types) + 1)
        table.setColumnCount(len(statuses) + 1)
        table.setHorizontalHeaderLabels([STATUS_LABELS[s] for s in statuses] + ["Total"])
        table.setVerticalHeaderLabels(types + ["Total"])
        totals = [0] * (len(statuses) + 1)
        for r, type_name in enumerate(types):
            counter = self.data.counts[type_name]
            for c, status in enumerate(statuses):
                item = _item(str(counter[status]) if counter[status] else "", True)
                if counter[status]:
                    from PySide6.QtGui import QBrush, QColor

                    item.setBackground(QBrush(QColor(STATUS_COLOURS[status])))
                table.setItem(r, c, item)
                totals[c] += counter[status]
            table.setItem(r, len(statuses), _item(str(sum(counter.values())), True))
            totals[-1] += sum(counter.values())
        for c, total in enumerate(totals):
            table.setItem(len(types), c, _item(f"{total:,}", True))
        table.resizeColumnsToContents()
        table.setMaximumHeight(table.verticalHeader().length() + table.horizontalHeader().height() + 6)
        expired = len(self.data.expired())
        soon = len(self.data.within(WINDOWS[0]))
        self.summary.setText(f"{totals[-1]:,} anuncios activos. Documentos vencidos: <b>{expired}</b>; "
                             f"que vencen en {WINDOWS[0]} días o menos: <b>{soon}</b>.")

    def _rows(self) -> list[ExpiringDocument]:
        assert self.data is not None
        days = self.window_combo.currentData()
        return self.data.expired() if days == -1 else self.data.within(int(days))

    def _fill_expiring(self) -> None:
        if self.data is None:
            return
        rows = self._rows()
        table = self.expiring
        table.setRowCount(len(rows))
        for r, doc in enumerate(rows):
            folio = _item(doc.folio)
            folio.setData(Qt.ItemDataRole.UserRole, doc.asset_id)
            table.setItem(r, 0, folio)
            table.setItem(r, 1, _item(doc.type_name))
            table.setItem(r, 2, _item(doc.address))
            table.setItem(r, 3, _item(f"{doc.document} {doc.number}".strip()))
            table.setItem(r, 4, _item(doc.valid_until.strftime("%d/%m/%Y")))
            days = "hoy" if doc.days_left == 0 else (f"hace {-doc.days_left}" if doc.days_left < 0
                                                    else str(doc.days_left))
            table.setItem(r, 5, _item(days, True))
        self.expiring_empty.setText("" if rows else "Nada en esta lista.")

    def _open(self, index: object) -> None:
        item = self.expiring.item(self.expiring.currentRow(), 0)
        if item is not None:
            self.asset_open_requested.emit(int(item.data(Qt.ItemDataRole.UserRole)))
