"""Excel export: reopened and checked with openpyxl, and opened headless by LibreOffice."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest

from cortazar_desk.domain.permits import DocumentKind
from cortazar_desk.services import assets
from cortazar_desk.services.asset_files import DocumentData, add_document
from cortazar_desk.services.database import Database
from cortazar_desk.services.inventory_export import export_inventory

TODAY = date(2026, 11, 29)
HOSTILE = ["=HYPERLINK(\"http://x\",\"clic\")", "+1+1", "-2", "@SUM(A1)", "\tTab", "Hidalgo\x00\x07 #12",
           "Ñandú «comillas» ‘raras’ 🚧"]


def _create(db: Database) -> list[int]:
    type_id = next(t.id for t in assets.list_types(db) if t.code == "MAM")  # needs only its permit
    ids = []
    for n, text in enumerate(HOSTILE):
        asset_id, _ = assets.create_asset(db, assets.AssetData(type_id=type_id, street=text, owner_name=text,
                                                               lat=20.48 + n / 1000, lon=-100.96, faces=2))
        add_document(db, asset_id, DocumentData(DocumentKind.PERMIT.value, number=f"DU-{n}",
                                                valid_until=TODAY + timedelta(days=n * 20)))
        ids.append(asset_id)
    return ids


def test_export_types_text_and_layout(db: Database, tmp_path: Path) -> None:
    ids = _create(db)
    target = tmp_path / "inventario.xlsx"
    result = export_inventory(db, target, today=TODAY)
    assert result.rows == len(HOSTILE)
    wb = openpyxl.load_workbook(target)
    ws = wb["Inventario"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == f"A1:Y{len(HOSTILE) + 1}"
    header = [c.value for c in ws[1]]
    assert header[:3] == ["Folio", "Tipo", "Calle"] and "Vence (documento que rige)" in header
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    streets = [r[2] for r in rows]
    assert streets[0] == HOSTILE[0] and all(isinstance(s, str) for s in streets)  # text stays text
    assert streets[5] == "Hidalgo #12"  # control characters gone, nothing else
    assert ws.cell(row=2, column=3).data_type == "s" and ws.cell(row=2, column=3).quotePrefix
    vence = header.index("Vence (documento que rige)")
    assert isinstance(rows[1][vence], datetime) and rows[1][vence].date() == TODAY + timedelta(days=20)
    assert isinstance(rows[0][header.index("Latitud")], float) and rows[0][header.index("Caras")] == 2
    status_cell = ws.cell(row=2, column=header.index("Situación del permiso") + 1)
    assert status_cell.value == "Por vencer" and status_cell.fill.fgColor.rgb.endswith("FFF1C2")
    summary = list(wb["Resumen"].iter_rows(values_only=True))
    assert summary[0][0] == "Tipo" and summary[-1][0] == "Total" and summary[-1][-1] == len(HOSTILE)
    # the current view: only some rows, in the order shown
    export_inventory(db, target, [ids[3], ids[1]], today=TODAY)
    again = openpyxl.load_workbook(target)["Inventario"]
    assert [r[2] for r in again.iter_rows(min_row=2, values_only=True)] == [HOSTILE[3], HOSTILE[1]]


def test_libreoffice_opens_the_export(sqlite_db: Database, tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.fail("LibreOffice Calc is needed for this check; scripts/setup.sh --test installs it")
    _create(sqlite_db)
    target = tmp_path / "inventario.xlsx"
    export_inventory(sqlite_db, target, today=TODAY)
    run = subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/lo",
                          "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", str(tmp_path),
                          str(target)], capture_output=True, text=True, timeout=180)
    assert run.returncode == 0, run.stderr
    text = (tmp_path / "inventario.csv").read_text(encoding="utf-8")
    assert "=HYPERLINK" in text and "MAM-007" in text  # the formula stayed text; every row arrived
