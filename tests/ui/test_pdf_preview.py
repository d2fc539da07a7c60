"""Print preview: the PDF is shown, saved byte for byte, and printed through QPrinter (to a PDF file here)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog

from cortazar_desk.services import assets
from cortazar_desk.services.asset_sheets import asset_sheets_pdf
from cortazar_desk.ui.context import AppContext
from cortazar_desk.ui.pdf_preview import PdfPreview


def test_preview_save_and_print(qtbot, ctx: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    type_id = assets.list_types(ctx.db)[0].id
    ids = [assets.create_asset(ctx.db, assets.AssetData(type_id=type_id))[0] for _ in range(3)]
    pdf = asset_sheets_pdf(ctx.db, ids)
    preview = PdfPreview(pdf, "fichas.pdf", "Fichas", None)
    qtbot.addWidget(preview)
    assert preview.document.pageCount() == 3
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(tmp_path / "copia"), ""))
    saved = preview.save_as()
    assert saved == tmp_path / "copia.pdf" and saved.read_bytes() == pdf
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "impreso.pdf"))
    assert preview.print_document(printer)
    printed = (tmp_path / "impreso.pdf").read_bytes()
    assert printed.startswith(b"%PDF-")
    assert printed.count(b"/Type /Page") - printed.count(b"/Type /Pages") == 3  # every page reached the printer
