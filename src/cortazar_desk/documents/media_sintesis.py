"""The síntesis informativa (the day's press, grouped by department then topic: headline, outlet, tone marker,
clipping thumbnail, the link as a QR code) and the period report with counts and tone by outlet, department and
topic, drawn with reportlab's own charts."""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Mapping
from datetime import date
from typing import Any

from ..domain.media import GENRES, MEDIA, TONE_COLOURS, TONES
from .pdf_common import (
    FONT,
    FONT_BOLD,
    Letterhead,
    format_date,
    new_document,
    numbered_canvas_class,
    page_decorator,
    para_text,
    qr_code,
    register_fonts,
)

MONTHS = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
          "noviembre", "diciembre")
WEEKDAYS = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")
TONE_ORDER = ("positiva", "neutral", "negativa")
ACCENT = "#7a1f3d"


def long_date(day: date) -> str:
    return f"{WEEKDAYS[day.weekday()]} {day.day} de {MONTHS[day.month - 1]} de {day.year}"


def _styles() -> dict[str, Any]:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle

    body = ParagraphStyle("body", fontName=FONT, fontSize=8.5, leading=10.5)
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=7.5, leading=9, textColor=colors.HexColor("#444444")),
        "headline": ParagraphStyle("headline", parent=body, fontName=FONT_BOLD, fontSize=9.5, leading=12),
        "title": ParagraphStyle("title", parent=body, fontName=FONT_BOLD, fontSize=14, leading=18),
        "department": ParagraphStyle("department", parent=body, fontName=FONT_BOLD, fontSize=11.5, leading=15,
                                     textColor=colors.white, backColor=colors.HexColor(ACCENT), borderPadding=3,
                                     spaceBefore=8, spaceAfter=4),
        "topic": ParagraphStyle("topic", parent=body, fontName=FONT_BOLD, fontSize=9.5, leading=13,
                                textColor=colors.HexColor(ACCENT), spaceBefore=4, spaceAfter=2),
        "section": ParagraphStyle("section", parent=body, fontName=FONT_BOLD, fontSize=10.5, leading=14,
                                  textColor=colors.HexColor(ACCENT), spaceBefore=6, spaceAfter=3),
    }


class ToneMarker:
    """A coloured dot with the tone's initial (P / N / –) that reads in black and white too."""

    @staticmethod
    def make(tone: str, size: float) -> Any:
        from reportlab.lib import colors
        from reportlab.platypus import Flowable

        class Marker(Flowable):  # type: ignore[misc]
            def wrap(self, _w: float, _h: float) -> tuple[float, float]:
                return size, size

            def draw(self) -> None:
                canvas = self.canv
                canvas.setFillColor(colors.HexColor(TONE_COLOURS.get(tone, "#757575")))
                canvas.circle(size / 2, size / 2, size / 2, stroke=0, fill=1)
                canvas.setFillColor(colors.white)
                canvas.setFont(FONT_BOLD, size * 0.6)
                canvas.drawCentredString(size / 2, size * 0.29, {"positiva": "+", "negativa": "−"}.get(tone, "="))

        return Marker()


def _thumbnail(data: bytes | None, side: float) -> Any:
    from reportlab.platypus import Image, Spacer

    if not data:
        return Spacer(side, side)
    from PIL import Image as PILImage

    with PILImage.open(io.BytesIO(data), formats=["JPEG", "PNG"]) as img:
        width, height = img.size
    scale = side / max(width, height, 1)
    return Image(io.BytesIO(data), width * scale, height * scale)


def build_summary_pdf(summary: Any, letterhead: Letterhead, paper: str = "carta") -> bytes:
    """``summary`` is a services.media_monitoring.DaySummary (plain values)."""
    register_fonts()
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Paragraph, Spacer

    st = _styles()
    out = io.BytesIO()
    doc = new_document(out, paper, letterhead, "Síntesis informativa", 14)
    usable = doc.width
    notes = sum(summary.tones.values())
    story: list[Any] = [Paragraph(f"Síntesis informativa del {para_text(long_date(summary.day))}", st["title"])]
    if notes:  # an empty day gets one plain sentence below, not "0 notas de 0 medios"
        story.append(Paragraph(
            f"{notes} {'nota' if notes == 1 else 'notas'} de {summary.outlets} "
            f"{'medio' if summary.outlets == 1 else 'medios'}: {_tone_counts(summary.tones)}"
            + " (una nota que menciona a varias dependencias aparece con cada una). Tono: "
              "<font color='#2e7d32'>● positiva</font> <font color='#757575'>● neutral</font> "
              "<font color='#c62828'>● negativa</font>. El código QR abre la nota.", st["body"]))
    story.append(Spacer(1, 2 * mm))
    if not summary.groups:
        story.append(Paragraph("No hay notas marcadas para la síntesis en este día.", st["body"]))
    thumb, qr_side, marker = 20 * mm, 17 * mm, 4.2 * mm
    widths = [marker + 2 * mm, usable - thumb - qr_side - marker - 8 * mm, thumb + 3 * mm, qr_side + 3 * mm]
    for department, topics in summary.groups.items():
        heading: list[Any] = [Paragraph(para_text(department), st["department"])]
        for topic, items in topics.items():
            heading.append(Paragraph(para_text(topic), st["topic"]))
            for n, item in enumerate(items):
                table = _item_row(item, widths, marker, thumb, qr_side, st)
                if n == 0:  # a department's or topic's title never stays alone at the foot of a page
                    story.append(KeepTogether([*heading, table]))
                    heading = []
                else:
                    story.append(table)
    decorate = page_decorator(letterhead, f"Síntesis {format_date(summary.day)}")
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate, canvasmaker=numbered_canvas_class())
    return out.getvalue()


def _item_row(item: Any, widths: list[float], marker: float, thumb: float, qr_side: float,
              st: dict[str, Any]) -> Any:
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle

    details = " · ".join(p for p in (
        f"<b>{para_text(item.outlet)}</b>", para_text(MEDIA.get(item.medium, item.medium)), para_text(item.section),
        item.published_at.strftime("%H:%M"), para_text(GENRES.get(item.genre, item.genre)),
        f"por {para_text(item.author)}" if item.author else "") if p)
    text = [Paragraph(para_text(item.headline), st["headline"]), Paragraph(details, st["small"])]
    if item.officials:
        text.append(Paragraph(f"Menciona a: {para_text(item.officials)}", st["small"]))
    if item.link:
        text.append(Paragraph(para_text(_short_link(item.link)), st["small"]))
    table = Table([[ToneMarker.make(item.tone, marker), text, _thumbnail(item.thumbnail, thumb),
                    qr_code(item.link, qr_side) if item.link else ""]], colWidths=widths)
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.HexColor("#cccccc")),
                               ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                               ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
    return table


TONE_PLURALS = {"positiva": ("positiva", "positivas"), "neutral": ("neutral", "neutrales"),
                "negativa": ("negativa", "negativas")}


def _tone_counts(tones: Counter[str]) -> str:
    return ", ".join(f"{tones.get(t, 0)} {TONE_PLURALS[t][tones.get(t, 0) != 1]}" for t in TONE_ORDER)


def _short_link(link: str, limit: int = 90) -> str:
    return link if len(link) <= limit else link[:limit - 1] + "…"


# --- the period report ------------------------------------------------------------------------------------------------


def _tone_bars(counts: Mapping[str, Counter[str]], width: float, limit: int = 12) -> Any:
    """Horizontal stacked bars: one per outlet/department/topic, green/grey/red by tone."""
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors

    names = list(counts)[:limit]
    height = 26 + 15 * max(len(names), 1)
    drawing = Drawing(width, height)
    if not names:
        drawing.add(String(0, height / 2, "Sin datos en el periodo.", fontName=FONT, fontSize=8))
        return drawing
    chart = HorizontalBarChart()
    chart.x, chart.y = 150, 16
    chart.width, chart.height = width - 165, height - 24
    chart.data = [[counts[n].get(t, 0) for n in reversed(names)] for t in TONE_ORDER]
    chart.categoryAxis.categoryNames = [(n if len(n) <= 32 else n[:31] + "…") for n in reversed(names)]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -3
    chart.categoryAxis.style = "stacked"
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    top = max(sum(counts[n].values()) for n in names)
    chart.valueAxis.valueMax = max(top, 1)
    chart.valueAxis.valueStep = max(1, -(-top // 6))
    chart.barWidth = 9
    chart.groupSpacing = 4
    for n, tone in enumerate(TONE_ORDER):
        chart.bars[n].fillColor = colors.HexColor(TONE_COLOURS[tone])
        chart.bars[n].strokeColor = None
    drawing.add(chart)
    return drawing


def _tone_pie(tones: Counter[str], size: float) -> Any:
    from reportlab.graphics.charts.piecharts import Pie
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors

    drawing = Drawing(size * 2.4, size)
    values = [tones.get(t, 0) for t in TONE_ORDER]
    if not sum(values):
        drawing.add(String(0, size / 2, "Sin notas en el periodo.", fontName=FONT, fontSize=8))
        return drawing
    pie = Pie()
    pie.x, pie.y, pie.width, pie.height = 4, 4, size - 8, size - 8
    shown = [(v, t) for v, t in zip(values, TONE_ORDER, strict=True) if v]
    pie.data = [v for v, _t in shown]
    pie.labels = None
    for n, (_v, tone) in enumerate(shown):
        pie.slices[n].fillColor = colors.HexColor(TONE_COLOURS[tone])
        pie.slices[n].strokeColor = colors.white
    drawing.add(pie)
    total = sum(values)
    for n, tone in enumerate(TONE_ORDER):
        y = size - 18 - n * 16
        drawing.add(String(size + 6, y, f"{TONES[tone]}: {values[n]} ({100 * values[n] / total:.0f} %)",
                           fontName=FONT, fontSize=8.5, fillColor=colors.HexColor(TONE_COLOURS[tone])))
    return drawing


def _count_table(title: str, counts: Mapping[str, Counter[str]], usable: float, st: dict[str, Any]) -> Any:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, Table, TableStyle

    bold = ParagraphStyle("count_header", parent=st["body"], fontName=FONT_BOLD, fontSize=8, leading=10)
    header = [title, "Positivas", "Neutrales", "Negativas", "Total"]
    rows: list[list[Any]] = [[Paragraph(h, bold) for h in header]]
    for name, counter in counts.items():
        rows.append([Paragraph(para_text(name), st["body"]), *(counter.get(t, 0) for t in TONE_ORDER),
                     sum(counter.values())])
    if len(rows) == 1:
        rows.append([Paragraph("Sin notas en el periodo.", st["body"]), "", "", "", ""])
    table = Table(rows, colWidths=[usable * 0.48] + [usable * 0.13] * 4, repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#bbbbbb")),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                               ("FONTNAME", (0, 1), (-1, -1), FONT), ("FONTSIZE", (0, 1), (-1, -1), 8),
                               ("ALIGN", (1, 1), (-1, -1), "RIGHT"), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def build_period_pdf(report: Any, letterhead: Letterhead, paper: str = "carta") -> bytes:
    """``report`` is a services.media_monitoring.PeriodReport."""
    register_fonts()
    from reportlab.lib.units import mm
    from reportlab.platypus import CondPageBreak, Paragraph, Spacer

    st = _styles()
    out = io.BytesIO()
    doc = new_document(out, paper, letterhead, "Informe de monitoreo", 14)
    usable = doc.width
    story: list[Any] = [
        Paragraph(f"Informe de monitoreo de medios del {format_date(report.start)} al {format_date(report.end)}",
                  st["title"]),
        Paragraph(f"{report.total:,} notas publicadas; alcance estimado sumado: {report.reach:,} personas.",
                  st["body"]),
        Spacer(1, 3 * mm), Paragraph("Tono de la cobertura", st["section"]), _tone_pie(report.tones, 38 * mm),
    ]
    for title, counts, column in (("Por medio", report.by_outlet, "Medio"),
                                  ("Por dependencia", report.by_department, "Dependencia"),
                                  ("Por tema", report.by_topic, "Tema")):
        story += [CondPageBreak(70 * mm), Paragraph(title, st["section"]),
                  Paragraph("Las barras muestran hasta doce, de más a menos notas (verde positiva, gris neutral, "
                            "rojo negativa); la tabla, todos.", st["small"]),
                  _tone_bars(counts, usable), Spacer(1, 2 * mm), _count_table(column, counts, usable, st)]
    decorate = page_decorator(letterhead, "Informe de monitoreo")
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate, canvasmaker=numbered_canvas_class())
    return out.getvalue()
