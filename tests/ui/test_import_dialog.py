"""The import dialog: preview with per-row problems, a column fixed by hand, then the import."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from cortazar_desk.services import assets, reference_layers
from cortazar_desk.ui.context import AppContext
from cortazar_desk.ui.import_dialog import ImportDialog

from ..conftest import GEODATA
from ..services.test_import import messy_workbook


def test_preview_fix_a_column_and_import(qtbot, ctx: AppContext, tmp_path: Path,  # type: ignore[no-untyped-def]
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    reference_layers.load_layer(ctx.db, reference_layers.LOCALITIES,
                                (GEODATA / "cortazar_localidades.geojson").read_bytes(), "localidades")
    dialog = ImportDialog(ctx, ctx.station)
    qtbot.addWidget(dialog)
    dialog.load(messy_workbook(tmp_path / "inventario.xlsx"))  # checked in the background
    qtbot.waitUntil(lambda: not dialog.busy and dialog.preview is not None, timeout=10_000)
    assert dialog.table.rowCount() == 10 and "6 con errores" in dialog.summary.text()
    assert dialog.table.item(3, 1).text() == "Error" and "Narnia" in dialog.table.item(3, 2).text()
    assert "Narnia" in dialog.table.item(3, 2).toolTip()  # the narrow column's full text on hover
    assert dialog.table.item(0, 2).toolTip() == ""
    # the clerk says the unused last column is really the orientation
    last = dialog._combos[-1]
    read_again: list[Path] = []
    import cortazar_desk.services.inventory_import as importer

    real_read = importer.read_import_file
    monkeypatch.setattr(importer, "read_import_file", lambda p: read_again.append(p) or real_read(p))
    last.setCurrentIndex(last.findData("orientation"))
    qtbot.waitUntil(lambda: not dialog.busy and dialog.preview is not None and 12 in dialog.preview.mapping,
                    timeout=10_000)
    assert dialog.preview.mapping[12] == "orientation" and read_again == []  # checked again, not read again
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda *_a, **_k: None)
    with qtbot.waitSignal(ctx.data_changed):
        dialog.run_import()
    assert dialog.result is not None and dialog.result.created == 4
    esp = next(r for r in assets.list_assets(ctx.db) if r.folio == "ESP-014")
    assert assets.load_asset(ctx.db, esp.id)[0].orientation == "x"
    assert ctx.station.list_backups()[0].reason == "antes-de-importar"


def test_hostile_file_gets_a_clear_refusal(qtbot, ctx: AppContext, tmp_path: Path,  # type: ignore[no-untyped-def]
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    bad = tmp_path / "malo.xlsx"
    bad.write_bytes(b"PK\x03\x04 roto")
    dialog = ImportDialog(ctx, ctx.station)
    qtbot.addWidget(dialog)
    dialog.load(bad)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)
    assert shown and "Se rechazó el archivo" in shown[0] and not dialog.import_button.isEnabled()
