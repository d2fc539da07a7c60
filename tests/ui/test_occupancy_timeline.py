"""The occupancy timeline: geometry from the data (pure), and the painted widget showing those bars."""

from __future__ import annotations

from datetime import date

import pytest

from cortazar_desk.services.campaigns import PlacementRow
from cortazar_desk.ui.occupancy_timeline import (
    HEADER_HEIGHT,
    LABEL_WIDTH,
    MIN_MONTH_WIDTH,
    ROW_HEIGHT,
    OccupancyTimeline,
    month_span,
    timeline_layout,
)

D = date


def _row(pid: int, campaign_id: int, name: str, face: int, a: date, b: date) -> PlacementRow:
    return PlacementRow(pid, campaign_id, name, 7, "ESP-007", "Espectacular", "Hidalgo 1", "Cortazar", face, a, b, 1)


ROWS = [
    _row(1, 10, "Vacunación", 1, D(2026, 1, 1), D(2026, 1, 31)),
    _row(2, 11, "Predial 2026", 2, D(2026, 3, 1), D(2026, 6, 30)),
    _row(3, 10, "Vacunación", 1, D(2026, 11, 15), D(2027, 2, 28)),  # runs past the months drawn below
]


def test_bars_sit_on_their_face_and_dates() -> None:
    span = (D(2026, 1, 1), D(2026, 12, 31))  # 365 days over 730 px: 2 px a day
    lay = timeline_layout(ROWS, 2, D(2026, 6, 1), LABEL_WIDTH + 731, span)
    assert [(b.placement_id, b.face) for b in lay.bars] == [(1, 1), (3, 1), (2, 2)]
    first, late, second = lay.bars
    assert (first.x, first.width) == pytest.approx((LABEL_WIDTH, 31 * 2))
    assert second.x == pytest.approx(LABEL_WIDTH + (D(2026, 3, 1) - D(2026, 1, 1)).days * 2)
    assert second.width == pytest.approx(122 * 2)
    assert second.y > first.y and second.y + second.height <= HEADER_HEIGHT + 2 * ROW_HEIGHT
    assert late.x + late.width == pytest.approx(LABEL_WIDTH + 365 * 2)  # cut at the end of December
    assert first.color == late.color != second.color  # one colour per campaign
    assert "Predial 2026" in second.tooltip and "del 01/03/2026 al 30/06/2026 (122 días)" in second.tooltip
    assert lay.today_x == pytest.approx(LABEL_WIDTH + (D(2026, 6, 1) - D(2026, 1, 1)).days * 2 + 1)
    assert [m.label for m in lay.months][:3] == ["ene", "feb", "mar"] and len(lay.months) == 12
    assert lay.months[0].year == "2026" and lay.months[1].year == ""
    assert [label for _y, label in lay.face_rows] == ["Cara 1", "Cara 2"]
    assert lay.bar_at(second.x + 5, second.y + 5) is second and lay.bar_at(LABEL_WIDTH - 5, second.y) is None


def test_the_span_covers_every_placement_and_today_and_months_never_get_too_narrow() -> None:
    start, end = month_span(ROWS, D(2026, 6, 15))
    assert (start, end) == (D(2026, 1, 1), D(2027, 2, 28))
    assert month_span([], D(2026, 6, 15)) == (D(2026, 3, 1), D(2027, 2, 28))  # a year from three months back
    lay = timeline_layout(ROWS, 1, D(2026, 6, 15), 200)  # far too narrow: widened, the dialog scrolls
    assert lay.width >= LABEL_WIDTH + 14 * MIN_MONTH_WIDTH
    assert len(lay.face_rows) == 2  # a placement on face 2 still gets its row
    assert [m.year for m in lay.months if m.year] == ["2026", "2027"]
    assert timeline_layout(ROWS, 1, D(2030, 1, 1), 900, (D(2026, 1, 1), D(2026, 12, 31))).today_x is None


def test_the_widget_paints_the_bars_of_its_layout(qtbot) -> None:  # type: ignore[no-untyped-def]
    chart = OccupancyTimeline()
    qtbot.addWidget(chart)
    chart.resize(1000, 120)
    chart.set_placements(ROWS, 2, D(2026, 6, 1))
    chart.show()
    qtbot.waitExposed(chart)
    lay = chart.layout_now()
    assert len(lay.bars) == 3 and lay.width == pytest.approx(chart.width())
    image = chart.grab().toImage()
    for bar in lay.bars:
        # a point inside the bar, clear of its label text (low in the bar, near its right end)
        x, y = int(bar.x + bar.width - 3), int(bar.y + bar.height - 2)
        assert image.pixelColor(x, y).name() == bar.color, bar.label
    empty_face_2 = int(LABEL_WIDTH + 5), int(HEADER_HEIGHT + ROW_HEIGHT + ROW_HEIGHT / 2)
    assert image.pixelColor(*empty_face_2).name() not in {b.color for b in lay.bars}

    from PySide6.QtCore import QEvent, QPoint
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    bar = lay.bars[2]  # hovering a bar tells its campaign and dates
    at = QPoint(int(bar.x + bar.width / 2), int(bar.y + bar.height / 2))
    QApplication.sendEvent(chart, QHelpEvent(QEvent.Type.ToolTip, at, chart.mapToGlobal(at)))
    assert QToolTip.text() == bar.tooltip and "Predial 2026" in QToolTip.text()
    QToolTip.hideText()
