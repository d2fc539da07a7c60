"""The calendar drawn by hand: a month grid, or a week or a day with hours. QCalendarWidget shows dates, not events.

Geometry is computed by plain functions (``month_boxes``, ``timed_boxes``) from the items and the widget's size, so
the tests check where each event lands without reading pixels; ``paintEvent`` only draws the boxes."""

from __future__ import annotations

import calendar as pycalendar
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from ..domain.requests import STATUS_COLORS, RequestStatus
from ..services.calendar import TRADITIONAL, CalendarItem

MONTH, WEEK, DAY = "month", "week", "day"
WEEKDAYS_SHORT = ("Lun", "Mar", "Mié", "Jue", "Vie", "Sáb", "Dom")
MONTH_NAMES = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
               "noviembre", "diciembre")
TRADITIONAL_COLOR = "#16a085"
CONFLICT_COLOR = "#b00020"
HEADER = 24.0
LINE = 17.0
FIRST_HOUR, LAST_HOUR = 7, 24
HOURS_GUTTER = 44.0


@dataclass(frozen=True)
class Box:
    rect: QRectF
    item: CalendarItem | None  # None: a "+n más" line
    day: date
    text: str


def color_of(item: CalendarItem) -> str:
    if item.status == TRADITIONAL:
        return TRADITIONAL_COLOR
    return STATUS_COLORS.get(RequestStatus(item.status), "#888888")


def visible_range(mode: str, anchor: date) -> tuple[date, date]:
    """First and last day the view shows for ``anchor``."""
    if mode == MONTH:
        first = anchor.replace(day=1)
        start = first - timedelta(days=first.weekday())
        return start, start + timedelta(days=41)
    if mode == WEEK:
        start = anchor - timedelta(days=anchor.weekday())
        return start, start + timedelta(days=6)
    return anchor, anchor


def title_of(mode: str, anchor: date) -> str:
    if mode == MONTH:
        return f"{MONTH_NAMES[anchor.month - 1].capitalize()} de {anchor.year}"
    if mode == WEEK:
        start, end = visible_range(WEEK, anchor)
        return f"Semana del {start:%d/%m/%Y} al {end:%d/%m/%Y}"
    return f"{WEEKDAYS_SHORT[anchor.weekday()]} {anchor:%d/%m/%Y}"


def step(mode: str, anchor: date, forward: bool) -> date:
    sign = 1 if forward else -1
    if mode == MONTH:
        month = anchor.month - 1 + sign
        year = anchor.year + month // 12
        month = month % 12 + 1
        return date(year, month, min(anchor.day, pycalendar.monthrange(year, month)[1]))
    return anchor + timedelta(days=sign * (7 if mode == WEEK else 1))


def _label(item: CalendarItem, day: date) -> str:
    prefix = "⚠ " if item.conflict else ""
    if item.all_day:
        return prefix + item.title
    if item.starts_at.date() != day:  # the night part of an event that began the day before
        until = f"hasta {item.ends_at:%H:%M} " if item.ends_at.date() == day else ""
        return f"{prefix}↳ {until}{item.title}"  # the hour first: narrow week columns cut the end of the text
    return f"{prefix}{item.starts_at:%H:%M} {item.title}"


def _order(item: CalendarItem) -> tuple[bool, datetime, str]:
    return (not item.all_day, item.starts_at, item.title)


def month_boxes(items: list[CalendarItem], anchor: date, width: float, height: float) -> list[Box]:
    """Each day of the 6-week grid lists its events, one line each, all-day ones first; what does not fit becomes
    "+n más" (double-clicking the day opens it)."""
    start, end = visible_range(MONTH, anchor)
    cell_w, cell_h = width / 7, (height - HEADER) / 6
    per_day: dict[date, list[CalendarItem]] = defaultdict(list)
    for item in items:
        for day in item.days():
            if start <= day <= end:
                per_day[day].append(item)
    fits = max(0, int((cell_h - LINE - 2) // LINE))
    boxes: list[Box] = []
    for day, day_items in per_day.items():
        index = (day - start).days
        x, y = (index % 7) * cell_w, HEADER + (index // 7) * cell_h + LINE + 1
        day_items.sort(key=_order)
        shown = day_items if len(day_items) <= fits else day_items[:max(0, fits - 1)]
        for n, item in enumerate(shown):
            boxes.append(Box(QRectF(x + 2, y + n * LINE, cell_w - 4, LINE - 1), item, day, _label(item, day)))
        hidden = len(day_items) - len(shown)
        if hidden and fits:
            boxes.append(Box(QRectF(x + 2, y + len(shown) * LINE, cell_w - 4, LINE - 1), None, day,
                             f"+{hidden} más"))
    return boxes


def _lanes(day_items: list[CalendarItem]) -> dict[str, tuple[int, int]]:
    """(lane, lanes) per item key: overlapping events of a day share the column side by side."""
    placed: dict[str, tuple[int, int]] = {}
    cluster: list[tuple[CalendarItem, int]] = []
    cluster_end = datetime.min
    lane_ends: list[datetime] = []

    def close() -> None:
        lanes = max((lane for _i, lane in cluster), default=-1) + 1
        for item, lane in cluster:
            placed[item.key] = (lane, lanes)

    for item in sorted(day_items, key=lambda i: (i.starts_at, i.ends_at)):
        if cluster and item.starts_at >= cluster_end:
            close()
            cluster, lane_ends = [], []
        lane = next((n for n, e in enumerate(lane_ends) if e <= item.starts_at), len(lane_ends))
        if lane == len(lane_ends):
            lane_ends.append(item.ends_at)
        else:
            lane_ends[lane] = item.ends_at
        cluster.append((item, lane))
        cluster_end = max(cluster_end, item.ends_at)
    if cluster:
        close()
    return placed


def first_hour(items: list[CalendarItem], days: list[date]) -> int:
    """The grid starts at 7:00, or earlier when something shown starts earlier (the night part of the Grito)."""
    earliest = FIRST_HOUR
    for item in items:
        if item.all_day:
            continue
        for day in item.days():
            if day in days:
                start = max(item.starts_at, datetime.combine(day, time.min))
                earliest = min(earliest, start.hour)
    return earliest


def timed_boxes(items: list[CalendarItem], days: list[date], width: float, height: float,
                start_hour: int = FIRST_HOUR) -> tuple[list[Box], float]:
    """Week or day view: all-day events in a strip under the header, timed ones placed by their hours (from
    ``start_hour``, see first_hour(), to 24:00). Returns the boxes and where the hours start."""
    col_w = (width - HOURS_GUTTER) / len(days)
    all_day: dict[date, list[CalendarItem]] = defaultdict(list)
    timed: dict[date, list[CalendarItem]] = defaultdict(list)
    for item in items:
        for day in item.days():
            if day in days:
                (all_day if item.all_day else timed)[day].append(item)
    strip_lines = max((len(v) for v in all_day.values()), default=0)
    top = HEADER + strip_lines * LINE + (4 if strip_lines else 0)
    hour_h = max(8.0, (height - top - 2) / (LAST_HOUR - start_hour))
    boxes: list[Box] = []
    for day in days:
        x = HOURS_GUTTER + days.index(day) * col_w
        for n, item in enumerate(sorted(all_day[day], key=_order)):
            boxes.append(Box(QRectF(x + 2, HEADER + n * LINE, col_w - 4, LINE - 1), item, day, item.title))
        lanes = _lanes(timed[day])
        day_start = datetime.combine(day, time(start_hour))
        day_end = datetime.combine(day + timedelta(days=1), time.min)
        for item in timed[day]:
            a, b = max(item.starts_at, day_start), min(item.ends_at, day_end)
            if b <= a:
                a, b = (day_start, day_start + timedelta(minutes=30)) if item.ends_at <= day_start else (a, a)
            y1 = top + (a - day_start).total_seconds() / 3600 * hour_h
            y2 = max(y1 + LINE, top + (b - day_start).total_seconds() / 3600 * hour_h)
            lane, count = lanes[item.key]
            lane_w = (col_w - 4) / count
            boxes.append(Box(QRectF(x + 2 + lane * lane_w, y1, lane_w - 1, y2 - y1 - 1), item, day,
                             _label(item, day)))
    return boxes, top


def tooltip_of(item: CalendarItem) -> str:
    when = "Todo el día" if item.all_day else (
        f"{item.starts_at:%d/%m/%Y %H:%M} a {item.ends_at:%H:%M}" if item.starts_at.date() == item.ends_at.date()
        else f"{item.starts_at:%d/%m/%Y %H:%M} a {item.ends_at:%d/%m/%Y %H:%M}")
    from html import escape

    lines = [f"<b>{escape(f'{item.folio} {item.title}'.strip())}</b>", when, item.status_text()]
    if item.department:
        lines.append(f"Dependencia: {item.department}")
    if item.place:
        lines.append(f"Lugar: {item.place}")
    if item.services:
        lines.append("Servicios: " + ", ".join(item.services))
    if item.people:
        lines.append("Asignados: " + ", ".join(item.people))
    if item.conflict:
        lines.append(f"<span style='color:{CONFLICT_COLOR}'><b>⚠ Conflicto de horario de una persona o "
                     "equipo</b></span>")
    return "<br>".join(line if line.startswith(("<b>", "<span")) else escape(line) for line in lines)


class CalendarView(QWidget):
    item_activated = Signal(object)  # CalendarItem
    day_activated = Signal(object)  # date: double-click on a month cell
    new_at = Signal(object)  # datetime: double-click on an empty hour

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mode = MONTH
        self.anchor = date.today()
        self.items: list[CalendarItem] = []
        self.boxes: list[Box] = []
        self.hours_top = HEADER
        self.start_hour = FIRST_HOUR
        self.selected: str | None = None
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(560, 420)

    def days(self) -> list[date]:
        start, end = visible_range(self.mode, self.anchor)
        return [start + timedelta(days=i) for i in range((end - start).days + 1)]

    def set_view(self, mode: str, anchor: date, items: list[CalendarItem]) -> None:
        self.mode, self.anchor, self.items = mode, anchor, items
        self.relayout()

    def relayout(self) -> None:
        width, height = float(self.width()), float(self.height())
        if self.mode == MONTH:
            self.boxes = month_boxes(self.items, self.anchor, width, height)
        else:
            self.start_hour = first_hour(self.items, self.days())
            self.boxes, self.hours_top = timed_boxes(self.items, self.days(), width, height, self.start_hour)
        self.update()

    def resizeEvent(self, event: object) -> None:  # noqa: N802 - Qt API
        self.relayout()

    def box_at(self, point: QPointF) -> Box | None:
        # Later boxes are drawn on top: search from the end.
        return next((b for b in reversed(self.boxes) if b.rect.contains(point)), None)

    def day_at(self, point: QPointF) -> date | None:
        days = self.days()
        if self.mode == MONTH:
            cell_w, cell_h = self.width() / 7, (self.height() - HEADER) / 6
            if point.y() < HEADER:
                return None
            index = int(point.y() - HEADER) // max(1, int(cell_h)) * 7 + int(point.x() // max(1.0, cell_w))
            return days[index] if 0 <= index < len(days) else None
        col_w = (self.width() - HOURS_GUTTER) / len(days)
        index = int((point.x() - HOURS_GUTTER) // max(1.0, col_w))
        return days[index] if 0 <= index < len(days) and point.x() >= HOURS_GUTTER else None

    # --- painting -----------------------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        font = QFont(self.font())
        font.setPointSizeF(max(7.5, font.pointSizeF() - 1))
        painter.setFont(font)
        metrics = QFontMetrics(font)
        if self.mode == MONTH:
            self._paint_month_grid(painter)
        else:
            self._paint_hours_grid(painter)
        for box in self.boxes:
            self._paint_box(painter, box, metrics)
        painter.end()

    def _paint_month_grid(self, painter: QPainter) -> None:
        width, height = self.width(), self.height()
        cell_w, cell_h = width / 7, (height - HEADER) / 6
        today = date.today()
        grid = QPen(QColor("#d0d0d0"))
        for col in range(7):
            painter.setPen(QColor("#555555"))
            painter.drawText(QRectF(col * cell_w, 0, cell_w, HEADER), Qt.AlignmentFlag.AlignCenter,
                             WEEKDAYS_SHORT[col])
        for index, day in enumerate(self.days()):
            x, y = (index % 7) * cell_w, HEADER + (index // 7) * cell_h
            cell = QRectF(x, y, cell_w, cell_h)
            if day.month != self.anchor.month:
                painter.fillRect(cell, QColor("#f4f4f4"))
            elif day.weekday() >= 5:
                painter.fillRect(cell, QColor("#fbfaf5"))
            painter.setPen(grid)
            painter.drawRect(cell)
            if day == today:
                painter.fillRect(QRectF(x + 1, y + 1, cell_w - 2, LINE), QColor("#fde7ee"))
            painter.setPen(QColor("#7a1f3d") if day == today else QColor("#333333"))
            painter.drawText(QRectF(x + 4, y, cell_w - 8, LINE), Qt.AlignmentFlag.AlignRight
                             | Qt.AlignmentFlag.AlignVCenter, str(day.day))

    def _paint_hours_grid(self, painter: QPainter) -> None:
        days = self.days()
        width, height = self.width(), self.height()
        col_w = (width - HOURS_GUTTER) / len(days)
        hour_h = max(8.0, (height - self.hours_top - 2) / (LAST_HOUR - self.start_hour))
        today = date.today()
        for n, day in enumerate(days):
            x = HOURS_GUTTER + n * col_w
            if day == today:
                painter.fillRect(QRectF(x, 0, col_w, height), QColor("#fff8fa"))
            painter.setPen(QColor("#7a1f3d") if day == today else QColor("#333333"))
            painter.drawText(QRectF(x, 0, col_w, HEADER), Qt.AlignmentFlag.AlignCenter,
                             f"{WEEKDAYS_SHORT[day.weekday()]} {day:%d/%m}")
            painter.setPen(QColor("#d0d0d0"))
            painter.drawLine(QPointF(x, 0), QPointF(x, height))
        for hour in range(self.start_hour, LAST_HOUR + 1):
            y = self.hours_top + (hour - self.start_hour) * hour_h
            painter.setPen(QColor("#e4e4e4"))
            painter.drawLine(QPointF(HOURS_GUTTER, y), QPointF(width, y))
            if hour < LAST_HOUR:
                painter.setPen(QColor("#777777"))
                painter.drawText(QRectF(0, y, HOURS_GUTTER - 4, LINE), Qt.AlignmentFlag.AlignRight
                                 | Qt.AlignmentFlag.AlignTop, f"{hour}:00")
        painter.setPen(QColor("#bbbbbb"))
        painter.drawLine(QPointF(0, self.hours_top), QPointF(width, self.hours_top))

    def _paint_box(self, painter: QPainter, box: Box, metrics: QFontMetrics) -> None:
        rect = box.rect
        if box.item is None:
            painter.setPen(QColor("#555555"))
            painter.drawText(rect.adjusted(4, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter, box.text)
            return
        color = QColor(color_of(box.item))
        fill = QColor(color)
        fill.setAlpha(60 if box.item.status in (RequestStatus.CLOSED, RequestStatus.REJECTED) else 45)
        painter.fillRect(rect, fill)
        painter.fillRect(QRectF(rect.x(), rect.y(), 3, rect.height()), color)
        if box.item.conflict or box.item.key == self.selected:
            painter.setPen(QPen(QColor(CONFLICT_COLOR if box.item.conflict else "#222222"),
                                2 if box.item.key == self.selected else 1.4))
            painter.drawRect(rect.adjusted(0.5, 0.5, -0.5, -0.5))
        painter.setPen(QColor(CONFLICT_COLOR) if box.item.conflict else QColor("#1d1d1d"))
        inner = rect.adjusted(6, 1, -2, -1)
        if rect.height() > 2.2 * LINE:  # tall enough: title, then place and people
            lines = [box.text, box.item.place, ", ".join(box.item.people)]
            if rect.height() > 4.2 * LINE:
                lines.append(", ".join(box.item.services))
            text = "\n".join(line for line in lines if line)
            painter.drawText(inner, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
                             | Qt.TextFlag.TextWordWrap, text)
        else:
            painter.drawText(inner, Qt.AlignmentFlag.AlignVCenter,
                             metrics.elidedText(box.text, Qt.TextElideMode.ElideRight, int(inner.width())))

    # --- interaction --------------------------------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            box = self.box_at(QPointF(event.pos()))  # type: ignore[attr-defined]
            if box is not None and box.item is not None:
                QToolTip.showText(event.globalPos(), tooltip_of(box.item), self)  # type: ignore[attr-defined]
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        box = self.box_at(event.position())
        self.selected = box.item.key if box is not None and box.item is not None else None
        self.update()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        point = event.position()
        box = self.box_at(point)
        if box is not None and box.item is not None:
            self.item_activated.emit(box.item)
            return
        day = box.day if box is not None else self.day_at(point)
        if day is None:
            return
        if self.mode == MONTH:
            self.day_activated.emit(day)
            return
        hour_h = max(8.0, (self.height() - self.hours_top - 2) / (LAST_HOUR - self.start_hour))
        hours = max(0.0, (point.y() - self.hours_top) / hour_h)
        minutes = int(hours * 60) // 30 * 30
        start = datetime.combine(day, time(self.start_hour)) + timedelta(minutes=minutes)
        self.new_at.emit(min(start, datetime.combine(day, time(22))))
