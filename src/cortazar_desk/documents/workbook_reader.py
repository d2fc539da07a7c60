"""Reading workbooks people bring, safely and fast.

Before parsing: the file must be a zip of sane size and compression ratio (a 5 MB file can hold a million-row sheet
that takes minutes and gigabytes to parse). Values are read with python-calamine (a Rust parser: 50,000 rows in about
a second, where openpyxl's read-only mode needs 16 s); it expands no XML entities. openpyxl, with defusedxml, reads
only the formulas of a sheet that has any, so that a formula cell without a cached value is reported, never taken as
empty.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MAX_UNCOMPRESSED = 300 * 1024 * 1024
MAX_RATIO = 120
MAX_ROWS = 100_000
MAX_COLUMNS = 80
HEADER_ALLOWANCE = 50  # titles and blank rows above the headers


class WorkbookRejected(ValueError):
    """The file is refused before or while parsing; the message says why, in Spanish."""


@dataclass
class SheetContents:
    rows: list[tuple[int, list[Any]]]  # every non-empty row: (spreadsheet row number, values; "" when empty)
    formulas_without_value: dict[int, list[str]] = field(default_factory=dict)  # row -> cell names


def preflight(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise WorkbookRejected("El archivo no es un libro de Excel .xlsx (quizá es .xls antiguo o está dañado). "
                               "Ábralo y guárdelo como .xlsx.") from exc
    total = sum(m.file_size for m in members)
    if total > MAX_UNCOMPRESSED:
        raise WorkbookRejected("El libro es demasiado grande para importarlo (más de 300 MB sin comprimir).")
    for member in members:
        if member.compress_size and member.file_size / member.compress_size > MAX_RATIO:
            raise WorkbookRejected("El libro tiene una compresión anormal (posible archivo malicioso); no se abrió.")
    if not any(m.filename.startswith("xl/worksheets/") for m in members):
        raise WorkbookRejected("El archivo no contiene hojas de cálculo de Excel.")


def _has_formulas(path: Path) -> bool:
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                with archive.open(name) as fh:
                    for chunk in iter(lambda: fh.read(1 << 20), b""):
                        if b"<f>" in chunk or b"<f " in chunk:
                            return True
    return False


def _values(path: Path) -> list[tuple[int, list[Any]]]:
    """Every non-empty row of the first sheet with its spreadsheet number, column A first; empty cells are ""."""
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(str(path))
    try:
        sheet = workbook.get_sheet_by_index(0)
        if sheet.height > MAX_ROWS + HEADER_ALLOWANCE:
            raise WorkbookRejected(f"La hoja tiene {sheet.height:,} filas; el máximo es {MAX_ROWS:,}. Divídala en "
                                   "partes.")
        if sheet.width > MAX_COLUMNS:
            raise WorkbookRejected(f"La hoja tiene {sheet.width:,} columnas; el máximo es {MAX_COLUMNS}.")
        # skip_empty_area=False keeps row 1 and column A where they are, so row numbers match what the user sees.
        # An empty row: its first cell tells for most rows, so the count is rarely needed.
        every: list[list[Any]] = sheet.to_python(skip_empty_area=False)
        return [(number, values) for number, values in enumerate(every, start=1)
                if values and (values[0] not in ("", None) or values.count("") + values.count(None) != len(values))]
    finally:
        workbook.close()


def _formulas(path: Path) -> Iterator[tuple[int, int]]:
    """(row number, column index) of every formula cell of the first sheet."""
    import openpyxl

    if not getattr(openpyxl, "DEFUSEDXML", False):
        raise WorkbookRejected("Falta el componente de seguridad defusedxml; no se abren libros de Excel con "
                               "fórmulas sin él.")
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=False)
    try:
        sheet = workbook.worksheets[0]
        columns = min(sheet.max_column or MAX_COLUMNS, MAX_COLUMNS)
        for number, values in enumerate(sheet.iter_rows(values_only=True, max_col=columns), start=1):
            if number > MAX_ROWS + HEADER_ALLOWANCE:
                raise WorkbookRejected(f"La hoja tiene más de {MAX_ROWS:,} filas; divídala en partes.")
            for col, value in enumerate(values):
                if isinstance(value, str) and value.startswith("="):
                    yield number, col
    finally:
        workbook.close()


def read_first_sheet(path: Path) -> SheetContents:
    """The non-empty rows of the first sheet (the caller finds its header row: titles often stand above it)."""
    preflight(path)
    try:
        # Looking for formulas unzips the sheet once more: done meanwhile, as both mostly run outside the GIL.
        with ThreadPoolExecutor(1, thread_name_prefix="formulas") as pool:
            has_formulas = pool.submit(_has_formulas, path)
            rows = _values(path)
            if len(rows) > MAX_ROWS:
                raise WorkbookRejected(f"El libro tiene más de {MAX_ROWS:,} filas; divídalo en partes.")
            formulas = has_formulas.result()
        contents = SheetContents(rows)
        if formulas:
            cached = {n: v for n, v in rows}
            for number, col in _formulas(path):
                got = cached.get(number)
                if got is None:  # a row whose only content is formulas without value looked empty
                    got = cached[number] = []
                    rows.append((number, got))
                if col >= len(got) or got[col] in ("", None):
                    contents.formulas_without_value.setdefault(number, []).append(_cell_name(col, number))
            rows.sort(key=lambda item: item[0])
        return contents
    except WorkbookRejected:
        raise
    except Exception as exc:  # any parser failure is one clear refusal
        reason = " ".join(str(exc).split())[:200]
        raise WorkbookRejected(f"No se pudo leer el libro: {reason}") from exc


def _cell_name(col: int, row: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(col + 1)}{row}"
