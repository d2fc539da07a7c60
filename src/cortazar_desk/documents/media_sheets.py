"""Printed documents of the press office: the invitation and attendance sheet of a press conference (one row per
invited journalist, with a column to sign) and a press release (boletín) with the coverage it got."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from typing import Any

from ..domain.media import TONES
from .media_sintesis import long_date
from .pdf_common import (
    FONT,
    FONT_BOLD,
    Letterhead,
    format_date,
    new_document,
    numbered_canvas_class,
    page_decorator,
    para_text,
    register_fonts,
)


def build_attendance_pdf(event: str, day: date, place: str, list_name: str, contacts: Sequence[Any],
                         letterhead: Letterhead, paper: str = "carta") -> bytes:
    """``contacts`` are services.media_directory.ContactRow (already without do-not-contact)."""
    register_fonts()
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    out = io.BytesIO()
    doc = new_document(out, paper, letterhead, "Lista de asistencia de medios", 12)
    body = ParagraphStyle("body", fontName=FONT, fontSize=8.5, leading=10.5)
    bold = ParagraphStyle("bold", parent=body, fontName=FONT_BOLD)
    title = ParagraphStyle("title", parent=body, fontName=FONT_BOLD, fontSize=13, leading=17)
    usable = doc.width
    story: list[Any] = [
        Paragraph(f"Invitación y lista de asistencia: {para_text(event)}", title),
        Paragraph(f"{para_text(long_date(day)).capitalize()}" + (f" · {para_text(place)}" if place else "")
                  + f" · Lista: {para_text(list_name)} ({len(contacts)} invitados)", body),
        Spacer(1, 4 * mm),
    ]
    header = ["#", "Nombre", "Medio", "Teléfono / correo", "Hora de llegada", "Firma"]
    rows: list[list[Any]] = [[Paragraph(h, bold) for h in header]]
    small = ParagraphStyle("small", parent=body, fontSize=7.5, leading=9.5)
    for n, c in enumerate(contacts, start=1):
        reach = "<br/>".join(para_text(v) for v in (c.phone, c.email) if v)
        rows.append([str(n), Paragraph(para_text(c.name) + (f"<br/><font size=7>{para_text(c.role)}</font>"
                                                              if c.role else ""), body),
                     Paragraph(para_text(c.outlet), body), Paragraph(reach, small), "", ""])
    for _extra in range(4):  # journalists who arrive without invitation sign too
        rows.append(["", "", "", "", "", ""])
    table = Table(rows, colWidths=[usable * w for w in (0.04, 0.24, 0.18, 0.27, 0.09, 0.18)], repeatRows=1,
                  rowHeights=[None] + [11 * mm] * (len(rows) - 1))
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#999999")),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                               ("FONTNAME", (0, 1), (0, -1), FONT), ("FONTSIZE", (0, 1), (0, -1), 8),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    story += [table, Spacer(1, 10 * mm), Paragraph("Responsable de la lista: ____________________________", body)]
    decorate = page_decorator(letterhead, "Asistencia de medios")
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate, canvasmaker=numbered_canvas_class())
    return out.getvalue()


def build_release_pdf(release: Any, coverage: Sequence[Any], letterhead: Letterhead, paper: str = "carta") -> bytes:
    """``release`` is a services.press_releases.ReleaseRow; ``coverage`` its monitoring EntryRows."""
    register_fonts()
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    out = io.BytesIO()
    doc = new_document(out, paper, letterhead, f"Boletín {release.number}", 14)
    body = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=14, spaceAfter=6)
    small = ParagraphStyle("small", parent=body, fontSize=8, leading=10, spaceAfter=0)
    title = ParagraphStyle("title", parent=body, fontName=FONT_BOLD, fontSize=14, leading=18)
    bold = ParagraphStyle("bold", parent=small, fontName=FONT_BOLD)
    facts = [f"<b>Boletín {para_text(release.number)}</b>", f"Cortazar, Gto., {format_date(release.issued_on)}"]
    if release.department:
        facts.append(f"Dependencia: {para_text(release.department)}")
    if release.list_name:
        facts.append(f"Enviado a: {para_text(release.list_name)}")
    if release.campaign:
        facts.append(f"Campaña: {para_text(release.campaign)}")
    if release.event:
        facts.append(f"Evento: solicitud {para_text(release.event)}")
    story: list[Any] = [Paragraph(" · ".join(facts), small), Spacer(1, 3 * mm),
                        Paragraph(para_text(release.title), title)]
    for paragraph in (release.body or "").split("\n\n"):
        if paragraph.strip():
            story.append(Paragraph(para_text(paragraph.strip()), body))
    if not release.body and release.has_file:
        story.append(Paragraph("El texto de este boletín está en el archivo adjunto del registro.", body))
    story += [Spacer(1, 6 * mm), Paragraph("Cobertura registrada en el monitoreo", bold), Spacer(1, 1 * mm)]
    rows: list[list[Any]] = [[Paragraph(h, bold) for h in ("Fecha", "Medio", "Titular", "Tono")]]
    for e in coverage:
        rows.append([e.published_at.strftime("%d/%m/%Y %H:%M"), Paragraph(para_text(e.outlet), small),
                     Paragraph(para_text(e.headline), small), TONES.get(e.tone, e.tone)])
    if not coverage:
        rows.append(["", "", Paragraph("Todavía no hay notas vinculadas a este boletín.", small), ""])
    usable = doc.width
    table = Table(rows, colWidths=[usable * w for w in (0.17, 0.2, 0.5, 0.13)], repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#bbbbbb")),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                               ("FONTNAME", (0, 1), (-1, -1), FONT), ("FONTSIZE", (0, 1), (-1, -1), 8),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story.append(table)
    decorate = page_decorator(letterhead, f"Boletín {release.number}")
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate, canvasmaker=numbered_canvas_class())
    return out.getvalue()
