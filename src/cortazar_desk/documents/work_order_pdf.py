"""Printed work orders: folio, date, crew, the assets in route order grouped by locality (address, coordinates, a
QR code that opens the point in a phone's map app, a photo, the artwork), instructions and signature blocks.
One order or a batch (one after the other, each starting on its own page)."""

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


@dataclass(frozen=True)
class PrintedItem:
    folio: str
    type_name: str
    address: str
    locality: str
    lat: float | None
    lon: float | None
    face: int | None
    instructions: str
    photo_jpeg: bytes | None
    artwork_jpeg: bytes | None


@dataclass(frozen=True)
class PrintedOrder:
    folio: str
    kind_label: str
    status_label: str
    crew: str
    created_on: date
    due_on: date
    instructions: str
    items: Sequence[PrintedItem]  # already in route order


def build_work_orders(orders: Sequence[PrintedOrder], letterhead: Letterhead, paper: str = "carta") -> bytes:
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
    doc = new_document(out, paper, letterhead, "Órdenes de trabajo", 14)
    body = ParagraphStyle("body", fontName=FONT, fontSize=8.5, leading=10.5)
    bold = ParagraphStyle("bold", parent=body, fontName=FONT_BOLD)
    title = ParagraphStyle("title", parent=body, fontName=FONT_BOLD, fontSize=14, leading=18)
    group = ParagraphStyle("group", parent=body, fontName=FONT_BOLD, fontSize=10.5, leading=13,
                           textColor=colors.HexColor("#7a1f3d"))
    small = ParagraphStyle("small", parent=body, fontSize=7, leading=8.5, textColor=colors.HexColor("#555555"))
    usable = doc.width

    def picture(data: bytes | None, width: float, height: float, empty: str) -> Any:
        if not data:
            return Paragraph(empty, small)
        image = Image(io.BytesIO(data))
        ratio = min(width / image.imageWidth, height / image.imageHeight)
        image.drawWidth, image.drawHeight = image.imageWidth * ratio, image.imageHeight * ratio
        return image

    story: list[Any] = []
    for n, order in enumerate(orders):
        story.append(Paragraph(f"Orden de trabajo {para_text(order.folio)} · {para_text(order.kind_label)}", title))
        head = Table([
            [Paragraph("<b>Elaborada:</b> " + format_date(order.created_on), body),
             Paragraph("<b>Fecha límite:</b> " + format_date(order.due_on), body),
             Paragraph("<b>Estado:</b> " + para_text(order.status_label), body)],
            [Paragraph("<b>Cuadrilla o proveedor:</b> " + (para_text(order.crew) or "—"), body),
             Paragraph(f"<b>Anuncios:</b> {len(order.items)}", body), ""],
        ], colWidths=[usable * 0.4, usable * 0.3, usable * 0.3])
        head.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.5, colors.HexColor("#999999")),
                                  ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#f4f1ee"))]))
        story += [Spacer(1, 2 * mm), head, Spacer(1, 2 * mm)]
        if order.instructions:
            story.append(Paragraph("<b>Indicaciones generales:</b> " + para_text(order.instructions), body))
            story.append(Spacer(1, 2 * mm))
        locality = None
        for number, item in enumerate(order.items, start=1):
            heading: list[Any] = []
            if item.locality != locality:
                locality = item.locality
                heading = [Spacer(1, 1.5 * mm), Paragraph(para_text(locality), group)]
            place = f"{item.lat:.6f}, {item.lon:.6f}" if item.lat is not None and item.lon is not None else \
                "sin coordenadas"
            face = f" · cara {item.face}" if item.face else ""
            text = [Paragraph(f"<b>{number}. {para_text(item.folio)}</b> · {para_text(item.type_name)}{face}", body),
                    Paragraph(para_text(item.address) or "Sin domicilio", body),
                    Paragraph(f"Coordenadas: {place}", small),
                    Paragraph(para_text(item.instructions), body),
                    Paragraph("☐ Hecho   Fecha: __________   ☐ Foto de acercamiento   ☐ Foto de aproximación",
                              small)]
            qr: Any = qr_code(map_link(item.lat, item.lon), 24 * mm) if item.lat is not None and item.lon is not None \
                else Paragraph("Sin QR", small)
            row = Table([[qr, text, picture(item.photo_jpeg, 34 * mm, 26 * mm, "Sin foto"),
                          picture(item.artwork_jpeg, 26 * mm, 26 * mm, "")]],
                        colWidths=[27 * mm, usable - 27 * mm - 37 * mm - 29 * mm, 37 * mm, 29 * mm])
            row.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                     ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.HexColor("#cccccc")),
                                     ("LEFTPADDING", (0, 0), (0, 0), 0)]))
            story.append(KeepTogether([*heading, row]))  # a locality's name never ends a page alone
        story.append(Spacer(1, 10 * mm))
        signatures = Table([["", "", ""],
                            [Paragraph("Elaboró", bold), Paragraph("Autorizó", bold), Paragraph("Recibió", bold)],
                            [Paragraph("Nombre y firma", small)] * 3],
                           colWidths=[usable / 3] * 3, rowHeights=[14 * mm, None, None])
        signatures.setStyle(TableStyle([("LINEABOVE", (0, 1), (0, 1), 0.6, colors.black),
                                        ("LINEABOVE", (1, 1), (1, 1), 0.6, colors.black),
                                        ("LINEABOVE", (2, 1), (2, 1), 0.6, colors.black),
                                        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                                        ("LEFTPADDING", (0, 0), (-1, -1), 8 * mm),
                                        ("RIGHTPADDING", (0, 0), (-1, -1), 8 * mm)]))
        story.append(KeepTogether(signatures))
        if n < len(orders) - 1:
            story.append(PageBreak())
    decorate = page_decorator(letterhead, "Orden de trabajo")
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate, canvasmaker=numbered_canvas_class())
    return out.getvalue()
