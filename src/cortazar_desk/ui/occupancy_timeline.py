"""One asset's placements over time, drawn: a row per face, months across, a bar per placement with its campaign's
name, a tooltip with the dates, and a line on today.

``timeline_layout`` computes every rectangle and label from the data (pure, tested without painting);
``OccupancyTimeline`` only paints what it returns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QHelpEvent, QPainter, QPaintEvent, QPen, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from ..domain.veda import dmy
from ..services.campaigns import PlacementRow

MONTHS = ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic")
LABEL_WIDTH = 64.0  # "Cara 1" column
HEADER_HEIGHT = 34.0  # month and year
ROW_HEIGHT = 34.0
BAR_PADDING = 5.0
MIN_MONTH_WIDTH = 44.0  # below this the widget grows and scrolls instead of squeezing the months
MIN_MONTHS = 12
# Distinct, quiet fills that keep white text readable; a campaign keeps its colour across faces and rows.
PALETTE = ("#2f6f9f", "#b35c1e", "#3f8f4f", "#8e4a8f", "#a23b3b", "#4d7c7a", "#7a6a2f", "#5a5fa8")


@dataclass(frozen=True)
class Bar:
    placement_id: int
    campaign_id: int
    face: int
    x: float
    y: float
    width: float
    height: float
    label: str
    tooltip: str
    color: str


@dataclass(frozen=True)
class MonthTick:
    x: float
    width: float
    label: str  # "mar"
    year: str  # "2026" on January and on the first month drawn, else ""


@dataclass(frozen=True)
class TimelineLayout:
    first_day: date
    last_day: date
    width: float
    height: float
    face_rows: tuple[tuple[float, str], ...]  # (top y, "Cara 1")
    months: tuple[MonthTick, ...]
    bars: tuple[Bar, ...]
    today_x: float | None  # None when today is outside the months drawn

    def bar_at(self, x: float, y: float) -> Bar | None:
        return next((b for b in self.bars if b.x <= x <= b.x + b.width and b.y <= y <= b.y + b.height), None)


def month_span(placements: Sequence[PlacementRow], today: date) -> tuple[date, date]:
    """The months to draw: every placement and today, at least a year (starting three months before today when
    there is nothing earlier), whole months."""
    first = min([today - timedelta(days=90), *(p.starts_on for p in placements)])
    last = max([today, *(p.ends_on for p in placements)])
    start = date(first.year, first.month, 1)
    end_month = _add_months(date(last.year, last.month, 1), 1)
    while _months_between(start, end_month) < MIN_MONTHS:
        end_month = _add_months(end_month, 1)
    return start, end_month - timedelta(days=1)


def timeline_layout(placements: Sequence[PlacementRow], faces: int, today: date, width: float,
                    span: tuple[date, date] | None = None) -> TimelineLayout:
    """Rectangles and labels for ``placements`` on an asset of ``faces`` faces, in a widget ``width`` wide (it is
    widened so no month is narrower than MIN_MONTH_WIDTH)."""
    first_day, last_day = span or month_span(placements, today)
    months = _months_between(first_day, _add_months(date(last_day.year, last_day.month, 1), 1))
    width = max(width, LABEL_WIDTH + months * MIN_MONTH_WIDTH + 1)
    days = (last_day - first_day).days + 1
    per_day = (width - LABEL_WIDTH - 1) / days

    def x_of(day: date) -> float:
        return LABEL_WIDTH + (day - first_day).days * per_day

    ticks = []
    month = first_day
    for n in range(months):
        following = _add_months(month, 1)
        ticks.append(MonthTick(x_of(month), (following - month).days * per_day, MONTHS[month.month - 1],
                               str(month.year) if n == 0 or month.month == 1 else ""))
        month = following
    rows_count = max(faces, max((p.face for p in placements), default=1))
    face_rows = tuple((HEADER_HEIGHT + (f - 1) * ROW_HEIGHT, f"Cara {f}") for f in range(1, rows_count + 1))
    colors: dict[int, str] = {}
    bars = []
    for p in sorted(placements, key=lambda p: (p.face, p.starts_on)):
        if p.ends_on < first_day or p.starts_on > last_day:
            continue
        start, end = max(p.starts_on, first_day), min(p.ends_on, last_day)
        color = colors.setdefault(p.campaign_id, PALETTE[len(colors) % len(PALETTE)])
        days_on = (p.ends_on - p.starts_on).days + 1
        bars.append(Bar(
            p.id, p.campaign_id, p.face, x_of(start), HEADER_HEIGHT + (p.face - 1) * ROW_HEIGHT + BAR_PADDING,
            ((end - start).days + 1) * per_day, ROW_HEIGHT - 2 * BAR_PADDING, p.campaign,
            f"Campaña «{p.campaign}»\nCara {p.face}: del {dmy(p.starts_on)} al {dmy(p.ends_on)} "
            f"({days_on} día{'s' if days_on != 1 else ''})", color))
    today_x = x_of(today) + per_day / 2 if first_day <= today <= last_day else None
    return TimelineLayout(first_day, last_day, width, HEADER_HEIGHT + rows_count * ROW_HEIGHT + 4, face_rows,
                          tuple(ticks), tuple(bars), today_x)


def _add_months(day: date, count: int) -> date:
    index = day.year * 12 + day.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def _months_between(first: date, end_exclusive: date) -> int:
    return (end_exclusive.year - first.year) * 12 + end_exclusive.month - first.month


class OccupancyTimeline(QWidget):
    """Paints ``timeline_layout``; hovering a bar shows its campaign and dates."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.placements: list[PlacementRow] = []
        self.faces = 1
        self.today = date.today()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._layout = timeline_layout([], 1, self.today, 600)
        self.relayout()

    def set_placements(self, placements: Sequence[PlacementRow], faces: int, today: date | None = None) -> None:
        self.placements, self.faces, self.today = list(placements), faces, today or date.today()
        self.relayout()

    def layout_now(self) -> TimelineLayout:
        return self._layout

    def relayout(self) -> None:
        narrowest = timeline_layout(self.placements, self.faces, self.today, 0)  # months at their minimum width
        self.setMinimumSize(int(narrowest.width), int(narrowest.height))
        self._layout = timeline_layout(self.placements, self.faces, self.today, float(self.width()))
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(int(self._layout.width), int(self._layout.height))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        self._layout = timeline_layout(self.placements, self.faces, self.today, float(event.size().width()))
        super().resizeEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            under_names = event.x() < self.visibleRegion().boundingRect().left() + LABEL_WIDTH
            bar = None if under_names else self._layout.bar_at(float(event.x()), float(event.y()))
            if bar is None:
                QToolTip.hideText()
                event.ignore()
            else:
                QToolTip.showText(event.globalPos(), bar.tooltip, self)
            return True
        return super().event(event)

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        lay = self._layout
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.base())
        text_color = palette.text().color()
        grid = QColor(text_color)
        grid.setAlpha(45)
        metrics = QFontMetrics(self.font())
        bottom = lay.height - 4
        for n, tick in enumerate(lay.months):
            if n % 2:
                shade = QColor(text_color)
                shade.setAlpha(10)
                painter.fillRect(QRectF(tick.x, HEADER_HEIGHT, tick.width, bottom - HEADER_HEIGHT), shade)
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(tick.x, 2), QPointF(tick.x, bottom))
            painter.setPen(text_color)
            painter.drawText(QRectF(tick.x + 3, 1, tick.width - 4, 16), Qt.AlignmentFlag.AlignLeft, tick.label)
            if tick.year:
                painter.drawText(QRectF(tick.x + 3, 16, 60, 16), Qt.AlignmentFlag.AlignLeft, tick.year)
        for top, _label in lay.face_rows:
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(0, top), QPointF(lay.width, top))
        painter.setPen(QPen(grid, 1))
        painter.drawLine(QPointF(0, bottom), QPointF(lay.width, bottom))
        for bar in lay.bars:
            rect = QRectF(bar.x, bar.y, max(bar.width, 2.0), bar.height)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(bar.color))
            painter.drawRoundedRect(rect, 3, 3)
            inner = rect.adjusted(5, 0, -4, 0)
            if inner.width() > metrics.horizontalAdvance("M…"):
                painter.setPen(QColor("white"))
                text = metrics.elidedText(bar.label, Qt.TextElideMode.ElideRight, int(inner.width()))
                painter.drawText(inner, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), text)
        # The face names stay at the visible left edge when a long history is scrolled sideways.
        left = float(self.visibleRegion().boundingRect().left())
        painter.fillRect(QRectF(left, 0, LABEL_WIDTH, lay.height), palette.base())
        painter.setPen(QPen(grid, 1))
        painter.drawLine(QPointF(left + LABEL_WIDTH, 0), QPointF(left + LABEL_WIDTH, bottom))
        painter.setPen(text_color)
        for top, label in lay.face_rows:
            painter.drawText(QRectF(left + 6, top, LABEL_WIDTH - 8, ROW_HEIGHT), Qt.AlignmentFlag.AlignVCenter, label)
        if lay.today_x is not None:
            painter.setPen(QPen(QColor("#d0021b"), 2))
            painter.drawLine(QPointF(lay.today_x, 14), QPointF(lay.today_x, bottom))
            tag = QRectF(lay.today_x + 2, HEADER_HEIGHT - 16, metrics.horizontalAdvance("hoy") + 4, 15)
            painter.fillRect(tag, palette.base())  # stays legible over a year label
            painter.drawText(tag, Qt.AlignmentFlag.AlignCenter, "hoy")
        painter.end()
