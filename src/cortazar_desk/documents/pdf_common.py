"""What every printed document shares: a font that covers Spanish, paper sizes, the letterhead and the footer.

reportlab's Paragraph parses markup (``<img src=...>`` would open a file), so every user string goes through
``para_text`` before it reaches one.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

FONT, FONT_BOLD = "CortazarSans", "CortazarSans-Bold"
PAPER_LABELS = {"carta": "Carta (216 × 279 mm)", "oficio": "Oficio (216 × 340 mm)", "a4": "A4 (210 × 297 mm)"}
_registered = False


def _font_candidates() -> list[tuple[Path, Path]]:
    candidates = [(Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
                   Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"))]
    if sys.platform.startswith("win"):
        candidates.append((Path("C:/Windows/Fonts/arial.ttf"), Path("C:/Windows/Fonts/arialbd.ttf")))
    import reportlab

    # Bitstream Vera ships inside reportlab itself: it covers every character of Spanish, on any system.
    fonts = Path(reportlab.__file__).parent / "fonts"
    candidates.append((fonts / "Vera.ttf", fonts / "VeraBd.ttf"))
    return candidates


def register_fonts() -> None:
    global _registered
    if _registered:
        return
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for regular, bold in _font_candidates():
        if regular.is_file() and bold.is_file():
            pdfmetrics.registerFont(TTFont(FONT, str(regular)))
            pdfmetrics.registerFont(TTFont(FONT_BOLD, str(bold)))
            from reportlab.lib.fonts import addMapping

            addMapping(FONT, 0, 0, FONT)
            addMapping(FONT, 1, 0, FONT_BOLD)
            _registered = True
            return
    raise RuntimeError("no TrueType font found for PDFs")


def page_size(paper: str) -> tuple[float, float]:
    from reportlab.lib.pagesizes import A4, LETTER
    from reportlab.lib.units import mm

    sizes: dict[str, tuple[float, float]] = {"carta": LETTER, "oficio": (216 * mm, 340 * mm), "a4": A4}
    width, height = sizes.get(paper, LETTER)
    return float(width), float(height)


def para_text(value: str) -> str:
    """User text made inert for a reportlab Paragraph: markup escaped, line breaks kept."""
    return escape(value).replace("\n", "<br/>")


def format_date(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def format_money(value: Any) -> str:
    return "" if value is None else f"$ {float(value):,.2f} MXN"


@dataclass(frozen=True)
class Letterhead:
    office_name: str
    municipality: str
    address: str
    phone: str
    logo_png: bytes | None
    is_demo: bool


def page_decorator(letterhead: Letterhead, title: str) -> Callable[[Any, Any], None]:
    """Draws the letterhead at the top and "Página n de m" with the date at the bottom of every page."""
    from reportlab.lib.units import mm
    from reportlab.lib.utils import ImageReader

    def draw(canvas: Any, doc: Any) -> None:
        width, height = doc.pagesize
        canvas.saveState()
        x = doc.leftMargin
        top = height - 12 * mm
        if letterhead.logo_png:
            import io

            canvas.drawImage(ImageReader(io.BytesIO(letterhead.logo_png)), x, top - 16 * mm, 16 * mm, 16 * mm,
                             preserveAspectRatio=True, mask="auto")
            x += 19 * mm
        canvas.setFont(FONT_BOLD, 11)
        canvas.drawString(x, top - 5 * mm, letterhead.office_name)
        canvas.setFont(FONT, 8.5)
        canvas.drawString(x, top - 9.5 * mm, letterhead.municipality)
        canvas.drawString(x, top - 13.5 * mm, " · ".join(p for p in (letterhead.address, letterhead.phone) if p))
        canvas.setFont(FONT_BOLD, 10)
        canvas.drawRightString(width - doc.rightMargin, top - 5 * mm, title)
        canvas.setStrokeColorRGB(0.48, 0.12, 0.24)
        canvas.setLineWidth(1.2)
        canvas.line(doc.leftMargin, top - 18 * mm, width - doc.rightMargin, top - 18 * mm)
        canvas.setFont(FONT, 8)
        canvas.setFillColorRGB(0.3, 0.3, 0.3)
        footer = f"Generado el {date.today():%d/%m/%Y}"
        if letterhead.is_demo:
            footer += " · DATOS DE DEMOSTRACIÓN (personas, números y montos inventados)"
        canvas.drawString(doc.leftMargin, 10 * mm, footer)
        canvas.page_number_at = (width - doc.rightMargin, 10 * mm)  # written when the total is known
        canvas.restoreState()

    return draw


def numbered_canvas_class() -> type:
    """A canvas that holds each finished page until the document ends, then writes "Página n de m" on all."""
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []
            self.page_number_at: tuple[float, float] | None = None

        def showPage(self) -> None:  # noqa: N802 - reportlab API
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                if self.page_number_at is not None:
                    self.saveState()
                    self.setFont(FONT, 8)
                    self.setFillColorRGB(0.3, 0.3, 0.3)
                    self.drawRightString(*self.page_number_at, f"Página {self._pageNumber} de {total}")
                    self.restoreState()
                super().showPage()
            super().save()

    return NumberedCanvas


def map_link(lat: float, lon: float) -> str:
    """Opens the point in the phone's map app (Google Maps or Apple Maps handle this address on both systems)."""
    return f"https://www.google.com/maps/search/?api=1&query={lat:.6f},{lon:.6f}"


def qr_code(link: str, size: float) -> Any:
    """A QR code of ``size`` points square (a flowable), drawn as one filled path.

    Encoded with segno and a fixed mask: reportlab's own QR widget chooses the mask by trying all eight and draws
    every module as a shape, about 85 ms a code, a minute and a half for a batch of orders; this takes about 1 ms.
    Any mask is valid for readers (the choice only balances light and dark); the tests read the codes back."""
    import segno
    from reportlab.lib import colors
    from reportlab.platypus import Flowable

    matrix = segno.make(link, error="m", micro=False, mask=QR_MASK).matrix
    border = 4  # the quiet zone the standard asks for, in modules

    class QrFlowable(Flowable):  # type: ignore[misc]
        def wrap(self, _available_width: float, _available_height: float) -> tuple[float, float]:
            return size, size

        def draw(self) -> None:
            module = size / (len(matrix) + 2 * border)
            path = self.canv.beginPath()
            for r, row in enumerate(matrix):
                y = size - (r + border + 1) * module
                start = None
                for c, dark in enumerate((*row, 0)):
                    if dark and start is None:
                        start = c
                    elif not dark and start is not None:
                        path.rect((start + border) * module, y, (c - start) * module, module)
                        start = None
            self.canv.setFillColor(colors.black)
            self.canv.drawPath(path, stroke=0, fill=1)

    return QrFlowable()


QR_MASK = 2


def new_document(out: Any, paper: str, letterhead: Letterhead, title: str, side_mm: float = 14) -> Any:
    """A page template with room for the letterhead above and the page numbers below."""
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    return SimpleDocTemplate(out, pagesize=page_size(paper), leftMargin=side_mm * mm, rightMargin=side_mm * mm,
                             topMargin=36 * mm, bottomMargin=18 * mm, title=title, author=letterhead.office_name,
                             creator="Cortazar Desk")
