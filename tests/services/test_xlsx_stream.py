"""The streaming .xlsx writer: valid parts, escaping, styles, cancel, and what calamine and openpyxl read back."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from xml.dom import minidom

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from cortazar_desk.documents.workbooks import Column, ExportCancelled, SheetData, write_workbook
from cortazar_desk.documents.xlsx_stream import column_letters, serial


def test_column_letters_and_serials() -> None:
    assert [column_letters(i) for i in (0, 25, 26, 27, 701, 702)] == ["A", "Z", "AA", "AB", "ZZ", "AAA"]
    assert serial(date(1900, 3, 1)) == 61 and serial(date(2026, 11, 29)) == 46355
    assert serial(datetime(2026, 11, 29, 18)) == 46355.75


def test_every_part_is_well_formed_and_values_come_back(tmp_path: Path) -> None:
    path = tmp_path / "libro.xlsx"
    rows = [["=HYPERLINK(\"http://x\")", date(2026, 9, 15), 12, Decimal("1500.50"), "Vigente", "a & <b> \"c\""],
            ["  espacios  ", None, 3.25, None, "Vencido", "Línea 1\nLínea 2"]]
    sheets = [SheetData("Anuncios d'Hidalgo", [Column("Texto", 20), Column("Fecha", 12, "DD/MM/YYYY"),
                                               Column("Caras", 8, "0"), Column("Monto", 12, "#,##0.00"),
                                               Column("Situación", 12), Column("Notas", 30)], rows, 4,
                        {"Vigente": "D8F0DC", "Vencido": "F8D0CC"}),
              SheetData("Resumen", [Column("Tipo", 20), Column("Total", 8, "0")], [["Barda", 2]])]
    write_workbook(path, sheets)
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if name.endswith((".xml", ".rels")):
                minidom.parseString(zf.read(name))  # raises on malformed XML
    book = load_workbook(path)
    ws = book["Anuncios d'Hidalgo"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:F3"
    assert ws["A2"].value == "=HYPERLINK(\"http://x\")" and ws["A2"].data_type == "s" and ws["A2"].quotePrefix
    assert ws["B2"].value == datetime(2026, 9, 15) and ws["B2"].number_format.lower() == "dd/mm/yyyy"
    assert ws["C2"].value == 12 and ws["D2"].value == 1500.5 and ws["D2"].number_format == "#,##0.00"
    assert ws["E2"].fill.fgColor.rgb.endswith("D8F0DC") and ws["E3"].fill.fgColor.rgb.endswith("F8D0CC")
    assert ws["F2"].value == 'a & <b> "c"' and ws["F3"].value == "Línea 1\nLínea 2"
    assert ws["A3"].value == "  espacios  " and ws["B3"].value is None
    assert ws["A1"].font.b and ws.column_dimensions["F"].width == pytest.approx(30.71, abs=0.01)
    assert book["Resumen"]["B2"].value == 2

    from python_calamine import CalamineWorkbook

    calamine = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Anuncios d'Hidalgo").to_python()
    assert calamine[1][0] == "=HYPERLINK(\"http://x\")" and calamine[1][5] == 'a & <b> "c"'


def test_cancel_leaves_nothing(tmp_path: Path) -> None:
    path = tmp_path / "grande.xlsx"
    rows = ([f"fila {n}", n] for n in range(5000))
    with pytest.raises(ExportCancelled):
        write_workbook(path, [SheetData("Hoja", [Column("A", 10), Column("B", 10)], rows)],
                       progress=lambda written: written < 1000)
    assert not path.exists() and list(tmp_path.iterdir()) == []


@settings(max_examples=80, deadline=None)
@given(st.lists(st.text(max_size=40) | st.from_regex(r"_x[0-9A-F]{4}_", fullmatch=True), min_size=1, max_size=5))
def test_any_text_reads_back_as_typed(texts: list[str]) -> None:
    """Read with python-calamine, as the importer (and Excel) read it: _xHHHH_ sequences stay literal."""
    from python_calamine import CalamineWorkbook

    from cortazar_desk.documents.cells import safe_text
    from cortazar_desk.documents.xlsx_stream import write_xlsx

    out = io.BytesIO()
    write_xlsx(out, [SheetData("Hoja", [Column("T", 10)] * len(texts), [texts])], "#7A1F3D")
    rows = CalamineWorkbook.from_filelike(io.BytesIO(out.getvalue())).get_sheet_by_index(0).to_python()
    got = [str(v) for v in rows[1]] if len(rows) > 1 else []
    got += [""] * (len(texts) - len(got))  # a row of empty cells may be absent, or padded to the header's width
    expected = [safe_text(t).replace("\r\n", "\n").replace("\r", "\n") for t in texts]
    assert got == expected
