"""The veda compliance report as a PDF: the period, each asset that had to come down with its order and dated
evidence, and the checklist of the office's official channels."""

from __future__ import annotations

import io
from typing import Any

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


def build_compliance_pdf(report: Any, letterhead: Letterhead, paper: str = "carta") -> bytes:
    """``report`` is a services.veda_report.ComplianceReport (plain values only)."""
    register_fonts()
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    out = io.BytesIO()
    doc = new_document(out, paper, letterhead, "Informe de cumplimiento de veda", 14)
    body = ParagraphStyle("body", fontName=FONT, fontSize=8, leading=10)
    bold = ParagraphStyle("bold", parent=body, fontName=FONT_BOLD)
    title = ParagraphStyle("title", parent=body, fontName=FONT_BOLD, fontSize=13, leading=17)
    section = ParagraphStyle("section", parent=body, fontName=FONT_BOLD, fontSize=10.5, leading=14,
                             textColor=colors.HexColor("#7a1f3d"))
    usable = doc.width
    done = len(report.rows) - report.pending
    story: list[Any] = [
        Paragraph(f"Informe de cumplimiento de veda: {para_text(report.period)}", title),
        Paragraph(f"Del {format_date(report.starts_on)} (inicio de la primera campaña que abarca el municipio) al "
                  f"{format_date(report.election_on)} (jornada electoral). Art. 41, base III, apartado C, de la "
                  "Constitución.", body),
        Spacer(1, 2 * mm),
        Paragraph(f"<b>{len(report.rows)}</b> colocaciones no exentas debían retirarse o cubrirse; <b>{done}</b> "
                  f"cumplidas con orden hecha y <b>{report.pending}</b> pendientes.", body),
        Spacer(1, 3 * mm),
        Paragraph("Anuncios", section),
    ]
    header = ["Anuncio", "Campaña", "Colocada", "Orden", "Acción / estado", "Evidencia"]
    rows = [[Paragraph(h, bold) for h in header]]
    for r in report.rows:
        rows.append([Paragraph(para_text(r.folio), body), Paragraph(para_text(r.campaign), body),
                     Paragraph(f"{format_date(r.placed_from)} a {format_date(r.placed_to)}", body),
                     Paragraph(para_text(r.order) or "—", body),
                     Paragraph(f"{para_text(r.action)}<br/>{para_text(r.status)}", body),
                     Paragraph(para_text(r.evidence) or "Sin fotos", body)])
    if not report.rows:
        rows.append([Paragraph("Ninguna colocación no exenta cayó en el periodo.", body), "", "", "", "", ""])
    table = Table(rows, colWidths=[usable * w for w in (0.11, 0.22, 0.16, 0.12, 0.15, 0.24)], repeatRows=1)
    style = [("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#bbbbbb")),
             ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")), ("VALIGN", (0, 0), (-1, -1), "TOP")]
    for n, r in enumerate(report.rows, start=1):
        style.append(("BACKGROUND", (4, n), (4, n), colors.HexColor("#d8f0dc" if r.done else "#f8d0cc")))
    table.setStyle(TableStyle(style))
    story += [table, Spacer(1, 5 * mm), Paragraph("Canales oficiales del municipio", section),
              Paragraph("Durante la veda: publicidad gubernamental suspendida; solo contenido de las excepciones "
                        "de ley (salud, educación, protección civil, autoridades electorales, lo aprobado por el "
                        "INE).", body), Spacer(1, 2 * mm)]
    channel_rows = [[Paragraph(h, bold) for h in ("Canal", "Tipo", "Dirección o cuenta", "Publicidad suspendida",
                                                  "Solo contenido exento")]]
    channel_rows += [[Paragraph(para_text(n), body), Paragraph(para_text(k), body), Paragraph(para_text(a), body),
                      Paragraph("☐ Sí   ☐ No", body), Paragraph("☐ Sí   ☐ No", body)] for n, k, a in report.channels]
    if not report.channels:
        channel_rows.append([Paragraph("No hay canales registrados (agréguelos en la página Veda).", body),
                             "", "", "", ""])
    channel_table = Table(channel_rows, colWidths=[usable * w for w in (0.26, 0.12, 0.3, 0.16, 0.16)],
                          repeatRows=1)
    channel_table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#bbbbbb")),
                                       ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee"))]))
    story += [channel_table, Spacer(1, 12 * mm)]
    signatures = Table([["", ""], [Paragraph("Elaboró", bold), Paragraph("Vo. Bo.", bold)]],
                       colWidths=[usable / 2] * 2, rowHeights=[12 * mm, None])
    signatures.setStyle(TableStyle([("LINEABOVE", (0, 1), (0, 1), 0.6, colors.black),
                                    ("LINEABOVE", (1, 1), (1, 1), 0.6, colors.black),
                                    ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                                    ("LEFTPADDING", (0, 0), (-1, -1), 12 * mm),
                                    ("RIGHTPADDING", (0, 0), (-1, -1), 12 * mm)]))
    story.append(signatures)
    decorate = page_decorator(letterhead, "Cumplimiento de veda")
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate, canvasmaker=numbered_canvas_class())
    return out.getvalue()
