"""Asset sheets: one page per asset with its photo, data, permit status, documents and a QR code that opens the
location in a phone's map app. One asset or a whole selection in one PDF."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
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

STATUS_RGB = {"Vigente": "#d8f0dc", "Por vencer": "#fff1c2", "Vencido": "#f8d0cc", "Sin permiso": "#f3c6e0",
              "No requiere": "#e4e7eb"}


@dataclass(frozen=True)
class SheetDocument:
    kind: str
    number: str
    issuer: str
    valid_until: date | None


@dataclass(frozen=True)
class AssetSheet:
    folio: str
    type_name: str
    fields: Sequence[tuple[str, str]]  # (label, value) in the order printed
    notes: str
    status: str
    status_detail: str
    documents: Sequence[SheetDocument]
    lat: float | None
    lon: float | None
    photo_jpeg: bytes | None
    photo_caption: str
    active: bool


def build_asset_sheets(sheets: Sequence[AssetSheet], letterhead: Letterhead, paper: str = "carta") -> bytes:
    register_fonts()
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import (
        Image,
        KeepTogether,
        PageBreak,
        Paragraph,
        Spacer,
        Table,
        TableStyle,
    )

    out = io.BytesIO()
    doc = new_document(out, paper, letterhead, "Fichas de anuncios", 15)
    body = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=11.5)
    label = ParagraphStyle("label", parent=body, fontName=FONT_BOLD, textColor=colors.HexColor("#444444"))
    title = ParagraphStyle("title", parent=body, fontName=FONT_BOLD, fontSize=15, leading=19)
    small = ParagraphStyle("small", parent=body, fontSize=7.5, leading=9, textColor=colors.HexColor("#555555"))
    usable = doc.width
    story: list[Any] = []
    for n, sheet in enumerate(sheets):
        heading = f"{para_text(sheet.folio)} · {para_text(sheet.type_name)}"
        if not sheet.active:
            heading += ' <font color="#8a1c1c">(dado de baja)</font>'
        story.append(Paragraph(heading, title))
        story.append(Spacer(1, 3 * mm))
        photo: Any = Paragraph("Sin foto", small)
        if sheet.photo_jpeg:
            image = Image(io.BytesIO(sheet.photo_jpeg))
            ratio = image.imageHeight / float(image.imageWidth)
            width = usable * 0.48
            image.drawWidth, image.drawHeight = width, min(width * ratio, 95 * mm)
            image.drawWidth = image.drawHeight / ratio
            photo = [image, Paragraph(para_text(sheet.photo_caption), small)]
        data = Table([[Paragraph(para_text(k), label), Paragraph(para_text(v), body)] for k, v in sheet.fields],
                     colWidths=[30 * mm, usable * 0.52 - 30 * mm - 4 * mm])
        data.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                                  ("TOPPADDING", (0, 0), (-1, -1), 1.5)]))
        top = Table([[photo, data]], colWidths=[usable * 0.48, usable * 0.52])
        top.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
        story.append(top)
        if sheet.notes:
            # Free text can be long: as its own paragraph it may flow onto the next page (a table cell cannot).
            story.append(Spacer(1, 2 * mm))
            story.append(Paragraph(f"<b>Notas:</b> {para_text(sheet.notes)}", body))
        story.append(Spacer(1, 4 * mm))
        status = Table([[Paragraph(f"<b>Situación del permiso:</b> {para_text(sheet.status)}", body),
                         Paragraph(para_text(sheet.status_detail), body)]], colWidths=[usable * 0.4, usable * 0.6])
        status.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1),
                                     colors.HexColor(STATUS_RGB.get(sheet.status, "#ffffff"))),
                                    ("BOX", (0, 0), (-1, -1), 0.5, colors.HexColor("#999999"))]))
        story.append(status)
        story.append(Spacer(1, 3 * mm))
        rows = [[Paragraph(x, label) for x in ("Documento", "Número", "Expide", "Vigente hasta")]]
        rows += [[Paragraph(para_text(d.kind), body), Paragraph(para_text(d.number), body),
                  Paragraph(para_text(d.issuer), body), Paragraph(format_date(d.valid_until) or "Sin vencimiento",
                                                                  body)] for d in sheet.documents]
        if not sheet.documents:
            rows.append([Paragraph("Sin documentos registrados", body), "", "", ""])
        documents = Table(rows, colWidths=[usable * 0.36, usable * 0.22, usable * 0.24, usable * 0.18],
                          repeatRows=1)
        documents.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#bbbbbb")),
                                       ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                                       ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        story.append(documents)
        story.append(Spacer(1, 5 * mm))
        if sheet.lat is not None and sheet.lon is not None:
            link = map_link(sheet.lat, sheet.lon)
            qr = Table([[qr_code(link, 30 * mm), Paragraph(
                f"<b>Ubicación:</b> {sheet.lat:.6f}, {sheet.lon:.6f}<br/>Escanee el código con el teléfono para "
                "abrir el punto en su aplicación de mapas.", body)]], colWidths=[34 * mm, usable - 34 * mm])
            qr.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
            story.append(KeepTogether(qr))
        else:
            story.append(Paragraph("Sin coordenadas registradas.", small))
        if n < len(sheets) - 1:
            story.append(PageBreak())
    decorate = page_decorator(letterhead, "Ficha de anuncio")
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate, canvasmaker=numbered_canvas_class())
    return out.getvalue()
