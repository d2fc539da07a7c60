"""Print preview of a generated PDF (QtPdf), with "Imprimir…" and "Guardar como PDF…".

The reportlab PDF stays the document of record: "Guardar" writes its exact bytes; printing renders its pages at the
printer's resolution (up to 300 dpi) through QPrinter.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QKeySequence, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ..services.errors import UserError
from .errors import show_error

MAX_PRINT_DPI = 300


class PdfPreview(QDialog):
    def __init__(self, pdf: bytes, suggested_name: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pdf = pdf
        self.suggested_name = suggested_name
        self.setWindowTitle(title)
        self.resize(820, 900)
        self._bytes = QByteArray(pdf)
        self._buffer = QBuffer(self._bytes, self)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.print_button = QPushButton("Imprimir…")
        self.print_button.setShortcut(QKeySequence.StandardKey.Print)
        self.save_button = QPushButton("Guardar como PDF…")
        self.save_button.setShortcut(QKeySequence.StandardKey.Save)
        close = QPushButton("Cerrar")
        close.clicked.connect(self.close)
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_as)
        pages = self.document.pageCount()
        info = QLabel(f"{pages} página" + ("s" if pages != 1 else ""))
        buttons = QHBoxLayout()
        buttons.addWidget(info)
        buttons.addStretch()
        for button in (self.print_button, self.save_button, close):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)

    def save_as(self) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(self, "Guardar como PDF", str(Path.home() / self.suggested_name),
                                              "Documento PDF (*.pdf)")
        if not path:
            return None
        target = Path(path if path.lower().endswith(".pdf") else path + ".pdf")
        try:
            target.write_bytes(self.pdf)
        except OSError as exc:
            show_error(self, UserError(f"No se pudo guardar {target}.", detail=str(exc)))
            return None
        return target

    def print_document(self, printer: QPrinter | None = None) -> bool:
        if printer is None:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            printer.setDocName(self.suggested_name)
            dialog = QPrintDialog(printer, self)
            dialog.setWindowTitle("Imprimir")
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
        return self.render_to(printer)

    def render_to(self, printer: QPrinter) -> bool:
        dpi = min(printer.resolution(), MAX_PRINT_DPI)
        painter = QPainter()
        if not painter.begin(printer):
            show_error(self, UserError("No se pudo comenzar a imprimir; revise la impresora."))
            return False
        try:
            for page in range(self.document.pageCount()):
                if page:
                    printer.newPage()
                size_pt = self.document.pagePointSize(page)
                pixels = QSize(int(size_pt.width() / 72 * dpi), int(size_pt.height() / 72 * dpi))
                image = self.document.render(page, pixels)
                target = painter.viewport()
                scaled = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.setViewport(target.x(), target.y(), scaled.width(), scaled.height())
                painter.setWindow(image.rect())
                painter.drawImage(0, 0, image)
                painter.setViewport(target)
        finally:
            painter.end()
        return True
