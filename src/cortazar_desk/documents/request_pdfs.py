"""What the office prints for event support: the work order of a request (same series and letterhead as the
campaigns' orders), the team's weekly agenda, and the report of requests for a period with its charts."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from .pdf_common import (
    FONT,
    FONT_BOLD,
    Letterhead,
    format_date,
    map_link,
    new_document,
    numbered_canvas_class,
    page_decorator,
    para_text,
    qr_code,
    register_fonts,
)

ACCENT = "#7a1f3d"
ALL_DAY = "Todo el día"
WEEKDAY_NAMES = ("Lunes", "Martes", "Miércoles", "Jueves", "Viernes", "Sábado", "Domingo")


@dataclass(frozen=True)
class ServiceLine:
    name: str
    details: str
    assigned: Sequence[str]


@dataclass(frozen=True)
class RequestOrderSheet:
    order_folio: str
    crew: str
    issued_on: date
    request_folio: str
    received_on: date
    status: str
    department: str
    liaison: str  # name · phone · e-mail
    event_name: str
    event_type: str
    starts_at: datetime
    ends_at: datetime
    place: str
    locality: str
    lat: float | None
    lon: float | None
    attendance: int | None
    presided_by: str
    notes: str
    services: Sequence[ServiceLine]
    warnings: Sequence[str]


def _styles() -> dict[str, Any]:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle

    body = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=11.5)
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=7.5, leading=9.5),
        "bold": ParagraphStyle("bold", parent=body, fontName=FONT_BOLD),
        "head": ParagraphStyle("head", parent=body, fontName=FONT_BOLD, fontSize=7, leading=8.5),
        "title": ParagraphStyle("title", parent=body, fontName=FONT_BOLD, fontSize=13, leading=17),
        "section": ParagraphStyle("section", parent=body, fontName=FONT_BOLD, fontSize=10.5, leading=14,
                                  textColor=colors.HexColor(ACCENT), spaceBefore=4),
        "warning": ParagraphStyle("warning", parent=body, textColor=colors.HexColor("#8a4b00")),
    }


def hours(starts_at: datetime, ends_at: datetime) -> str:
    """'15/09/2026 de 20:00 a 23:30', or both dates when it spans days."""
    if starts_at.date() == ends_at.date():
        return f"{format_date(starts_at.date())} de {starts_at:%H:%M} a {ends_at:%H:%M}"
    return f"del {format_date(starts_at.date())} {starts_at:%H:%M} al {format_date(ends_at.date())} {ends_at:%H:%M}"


def _grid(table: Any, header: bool = True) -> None:
    from reportlab.lib import colors
    from reportlab.platypus import TableStyle

    style = [("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#bbbbbb")), ("VALIGN", (0, 0), (-1, -1), "TOP")]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")))
    table.setStyle(TableStyle(style))


def _signatures(width: float, st: dict[str, Any]) -> Any:
    """Three signature lines with a gap between them (elaboró, autorizó, recibió)."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Table, TableStyle

    centered = ParagraphStyle("centered", parent=st["bold"], alignment=TA_CENTER)
    line, gap = width * 0.28, width * 0.08
    labels = [Paragraph("Elaboró", centered), "", Paragraph("Autorizó", centered), "", Paragraph("Recibió", centered)]
    table = Table([[""] * 5, labels], colWidths=[line, gap, line, gap, line], rowHeights=[14 * mm, None])
    table.setStyle(TableStyle([*(("LINEABOVE", (i, 1), (i, 1), 0.6, colors.black) for i in (0, 2, 4))]))
    return table


def build_request_orders(sheets: Sequence[RequestOrderSheet], letterhead: Letterhead, paper: str = "carta") -> bytes:
    """One order per request, each starting on a new page."""
    register_fonts()
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, PageBreak, Paragraph, Spacer, Table

    st = _styles()
    out = io.BytesIO()
    doc = new_document(out, paper, letterhead, "Orden de trabajo de apoyo a evento")
    width = doc.width
    story: list[Any] = []
    for n, sheet in enumerate(sheets):
        story.append(Paragraph(f"Orden de trabajo {para_text(sheet.order_folio)} · Apoyo a evento", st["title"]))
        story.append(Paragraph(f"Solicitud {para_text(sheet.request_folio)}, recibida el "
                               f"{format_date(sheet.received_on)} · estado: {para_text(sheet.status)} · emitida el "
                               f"{format_date(sheet.issued_on)} · responsable: {para_text(sheet.crew)}", st["body"]))
        story.append(Spacer(1, 3 * mm))
        place = ", ".join(p for p in (sheet.place, sheet.locality) if p) or "Sin lugar registrado"
        facts = [
            ("Evento", f"<b>{para_text(sheet.event_name)}</b>" + (f" ({para_text(sheet.event_type)})"
                                                                   if sheet.event_type else "")),
            ("Fecha y hora", para_text(hours(sheet.starts_at, sheet.ends_at))),
            ("Lugar", para_text(place) + (f"<br/>{sheet.lat:.6f}, {sheet.lon:.6f}"
                                          if sheet.lat is not None and sheet.lon is not None else "")),
            ("Dependencia", para_text(sheet.department)),
            ("Enlace", para_text(sheet.liaison) or "—"),
            ("Preside", para_text(sheet.presided_by) or "—"),
            ("Asistencia esperada", f"{sheet.attendance:,} personas" if sheet.attendance is not None else "—"),
        ]
        rows = [[Paragraph(k, st["bold"]), Paragraph(v, st["body"])] for k, v in facts]
        qr_side = 30 * mm
        facts_table = Table(rows, colWidths=[32 * mm, width - 32 * mm - qr_side - 4 * mm])
        _grid(facts_table, header=False)
        if sheet.lat is not None and sheet.lon is not None:
            qr = Table([[qr_code(map_link(sheet.lat, sheet.lon), qr_side)],
                        [Paragraph("Abrir el lugar en el mapa del teléfono", st["small"])]],
                       colWidths=[qr_side + 4 * mm])
        else:
            qr = Paragraph("Sin coordenadas del lugar.", st["small"])
        story.append(Table([[facts_table, qr]], colWidths=[width - qr_side - 4 * mm, qr_side + 4 * mm],
                           style=[("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
        for warning in sheet.warnings:
            story.append(Paragraph("⚠ " + para_text(warning), st["warning"]))
        story.append(Paragraph("Servicios y asignaciones", st["section"]))
        service_rows = [[Paragraph(h, st["bold"]) for h in ("Servicio", "Detalles", "Asignado", "Hecho")]]
        for line in sheet.services:
            service_rows.append([Paragraph(para_text(line.name), st["body"]),
                                 Paragraph(para_text(line.details) or "—", st["body"]),
                                 Paragraph("<br/>".join(para_text(a) for a in line.assigned) or "<i>Sin asignar</i>",
                                           st["body"]),
                                 Paragraph("☐", st["body"])])
        if not sheet.services:
            service_rows.append([Paragraph("La solicitud no tiene servicios registrados.", st["body"]), "", "", ""])
        services = Table(service_rows, colWidths=[width * w for w in (0.26, 0.36, 0.28, 0.10)], repeatRows=1)
        _grid(services)
        story.append(services)
        if sheet.notes:
            story += [Spacer(1, 2 * mm), Paragraph("<b>Notas:</b> " + para_text(sheet.notes), st["body"])]
        story += [Spacer(1, 3 * mm),
                  Paragraph("Evidencias (carpeta de fotos, publicaciones, boletín): "
                            "______________________________________________", st["body"]),
                  Spacer(1, 12 * mm), KeepTogether([_signatures(width, st)])]
        if n < len(sheets) - 1:
            story.append(PageBreak())
    decorate = page_decorator(letterhead, "Orden de trabajo")
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate, canvasmaker=numbered_canvas_class())
    return out.getvalue()


@dataclass(frozen=True)
class AgendaEntry:
    when: str  # "20:00–23:30" or "Todo el día"
    title: str  # folio and event
    place: str
    department: str
    services: str
    people: str
    status: str
    conflict: bool


def build_agenda(week_of: date, days: Sequence[tuple[date, Sequence[AgendaEntry]]], letterhead: Letterhead,
                 paper: str = "carta", subtitle: str = "") -> bytes:
    """The week's events, day by day, for the team (landscape-friendly columns on portrait paper)."""
    register_fonts()
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

    st = _styles()
    out = io.BytesIO()
    doc = new_document(out, paper, letterhead, "Agenda semanal", 12)
    width = doc.width
    last = days[-1][0] if days else week_of
    story: list[Any] = [Paragraph(f"Agenda de la semana del {format_date(week_of)} al {format_date(last)}",
                                  st["title"])]
    if subtitle:
        story.append(Paragraph(para_text(subtitle), st["body"]))
    story.append(Spacer(1, 2 * mm))
    widths = [width * w for w in (0.13, 0.27, 0.16, 0.14, 0.3)]
    for day, entries in days:
        heading = Paragraph(f"{WEEKDAY_NAMES[day.weekday()]} {format_date(day)}", st["section"])
        if not entries:
            story.append(KeepTogether([heading, Paragraph("Sin eventos.", st["small"])]))
            continue
        # The day's name is the table's first row, repeated with the column titles when a day runs onto the next
        # page: rows never appear without their day.
        rows: list[list[Any]] = [[heading, "", "", "", ""],
                                 [Paragraph(h, st["head"]) for h in ("Hora", "Evento", "Lugar", "Dependencia",
                                                                      "Servicios · asignados")]]
        style = [("SPAN", (0, 0), (-1, 0)), ("GRID", (0, 1), (-1, -1), 0.4, colors.HexColor("#bbbbbb")),
                 ("BACKGROUND", (0, 1), (-1, 1), colors.HexColor("#eeeeee")), ("VALIGN", (0, 0), (-1, -1), "TOP")]
        for n, e in enumerate(sorted(entries, key=lambda e: (e.when != ALL_DAY, e.when)), start=2):
            who = para_text(e.people) if e.people else ("" if e.when == ALL_DAY else "<i>sin asignar</i>")
            title = f"<b>{para_text(e.title)}</b><br/><font size=7>{para_text(e.status)}</font>"
            if e.conflict:
                title += "<br/><font color='#b00020'><b>⚠ Conflicto de horario</b></font>"
                style.append(("BACKGROUND", (0, n), (0, n), colors.HexColor("#f8d0cc")))
            rows.append([Paragraph(para_text(e.when), st["body"]), Paragraph(title, st["body"]),
                         Paragraph(para_text(e.place), st["small"]), Paragraph(para_text(e.department), st["small"]),
                         Paragraph("<br/>".join(p for p in (para_text(e.services), f"· {who}" if who else "") if p),
                                   st["small"])])
        table = Table(rows, colWidths=widths, repeatRows=2)
        table.setStyle(TableStyle(style))
        story.append(table)
    decorate = page_decorator(letterhead, "Agenda semanal")
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate, canvasmaker=numbered_canvas_class())
    return out.getvalue()


@dataclass(frozen=True)
class RequestReport:
    starts_on: date
    ends_on: date
    statuses: Sequence[str]  # column titles, in workflow order
    by_department: Sequence[tuple[str, Sequence[int]]]  # name, counts per status
    by_service: Sequence[tuple[str, Sequence[int]]]
    short_notice: int
    total: int


def _bar_chart(title: str, rows: Sequence[tuple[str, Sequence[int]]], width: float) -> Any:
    """Horizontal bars of the totals, largest first (reportlab graphics, drawn in the PDF)."""
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors

    top = sorted(((name, sum(counts)) for name, counts in rows if sum(counts)), key=lambda r: -r[1])[:12]
    height = 24 + 16 * max(1, len(top))
    drawing = Drawing(width, height + 16)
    drawing.add(String(0, height + 4, title, fontName=FONT_BOLD, fontSize=9))
    if not top:
        drawing.add(String(0, height - 12, "Sin solicitudes en el periodo.", fontName=FONT, fontSize=8))
        return drawing
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 175, 10, width - 195, height - 20
    chart.data = [[count for _name, count in reversed(top)]]
    chart.categoryAxis.categoryNames = [name[:42] for name, _count in reversed(top)]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueStep = max(1, -(-max(c for _n, c in top) // 5))
    chart.bars[0].fillColor = colors.HexColor(ACCENT)
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 7
    chart.barLabels.dx = 8
    drawing.add(chart)
    return drawing


def build_request_report(report: RequestReport, letterhead: Letterhead, paper: str = "carta") -> bytes:
    register_fonts()
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer, Table

    st = _styles()
    out = io.BytesIO()
    doc = new_document(out, paper, letterhead, "Informe de solicitudes de apoyo", 12)
    width = doc.width
    story: list[Any] = [
        Paragraph(f"Solicitudes de apoyo del {format_date(report.starts_on)} al {format_date(report.ends_on)}",
                  st["title"]),
        Paragraph(f"<b>{report.total:,}</b> solicitudes con evento en el periodo; <b>{report.short_notice:,}</b> "
                  "llegaron con menos anticipación de la que pide algún servicio.", st["body"]),
        Spacer(1, 3 * mm),
    ]
    for title, rows in (("Por dependencia", report.by_department), ("Por servicio", report.by_service)):
        story.append(Paragraph(title, st["section"]))
        header = [Paragraph(h, st["head"]) for h in ("", *report.statuses, "Total")]
        body = [[Paragraph(para_text(name), st["small"]), *(Paragraph(f"{c:,}", st["small"]) for c in counts),
                 Paragraph(f"<b>{sum(counts):,}</b>", st["small"])] for name, counts in rows if sum(counts)]
        totals = [sum(counts[i] for _n, counts in rows) for i in range(len(report.statuses))]
        body.append([Paragraph("<b>Total</b>", st["small"]), *(Paragraph(f"<b>{t:,}</b>", st["small"])
                                                               for t in totals),
                     Paragraph(f"<b>{sum(totals):,}</b>", st["small"])])
        first = width * 0.23
        rest = (width - first) / (len(report.statuses) + 1)
        table = Table([header, *body], colWidths=[first] + [rest] * (len(report.statuses) + 1), repeatRows=1)
        _grid(table)
        table.setStyle([("LEFTPADDING", (1, 0), (-1, -1), 3), ("RIGHTPADDING", (1, 0), (-1, -1), 3)])
        story += [table, Spacer(1, 3 * mm), _bar_chart(f"{title} (total de solicitudes)", rows, width),
                  Spacer(1, 4 * mm)]
    decorate = page_decorator(letterhead, "Solicitudes de apoyo")
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate, canvasmaker=numbered_canvas_class())
    return out.getvalue()
