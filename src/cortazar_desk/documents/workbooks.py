"""The one place that owns workbooks: the inventory export (and, with the importer, reading them back).

Real dates and numbers, a frozen header, an autofilter, column widths, a fill colour per permit status and a
summary sheet by type and status. User text is always stored as text (see cells.py).
"""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from .cells import needs_quote_prefix, safe_text

Cell = str | int | float | Decimal | date | datetime | None


@dataclass(frozen=True)
class Column:
    title: str
    width: float
    number_format: str = ""


@dataclass(frozen=True)
class SheetData:
    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[Cell]]
    fill_column: int | None = None  # index of the column whose text picks the row's fill colour
    fills: dict[str, str] | None = None  # text -> RGB hex


def write_workbook(path: Path, sheets: Sequence[SheetData], progress: Callable[[int], bool] | None = None) -> None:
    """Write ``sheets`` to ``path`` atomically (temp file, then rename). ``progress`` gets the rows written so far and
    returns False to cancel; a cancelled export leaves nothing behind."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor="7A1F3D")
    written = 0
    for spec in sheets:
        ws = workbook.create_sheet(spec.title[:31])
        for n, column in enumerate(spec.columns, start=1):
            ws.column_dimensions[get_column_letter(n)].width = column.width
        ws.freeze_panes = "A2"
        header = []
        for column in spec.columns:
            cell = WriteOnlyCell(ws, value=column.title)
            cell.font, cell.fill = header_font, header_fill
            cell.alignment = Alignment(vertical="center", wrap_text=True)
            header.append(cell)
        ws.append(header)
        fills = {text: PatternFill("solid", fgColor=rgb) for text, rgb in (spec.fills or {}).items()}
        count = 0
        for values in spec.rows:
            cells: list[Any] = []
            for n, (column, value) in enumerate(zip(spec.columns, values, strict=True)):
                # A styled cell object only where it is needed: they cost far more than plain values.
                if isinstance(value, str):
                    text = safe_text(value)
                    if needs_quote_prefix(text) or n == spec.fill_column:
                        cell = WriteOnlyCell(ws, value=text)
                        cell.data_type = "s"  # never a formula, whatever it starts with
                        cell.quotePrefix = needs_quote_prefix(text)
                        if n == spec.fill_column and text in fills:
                            cell.fill = fills[text]
                        cells.append(cell)
                    else:
                        cells.append(text)
                elif value is not None and column.number_format:
                    cell = WriteOnlyCell(ws, value=_cell_value(value))
                    cell.number_format = column.number_format
                    cells.append(cell)
                else:
                    cells.append(_cell_value(value))
            ws.append(cells)
            count += 1
            written += 1
            if progress is not None and written % 500 == 0 and not progress(written):
                raise ExportCancelled()
        last = get_column_letter(len(spec.columns))
        ws.auto_filter.ref = f"A1:{last}{count + 1}"
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".exportando-", suffix=".xlsx", dir=path.parent)
    os.close(fd)
    try:
        workbook.save(tmp)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


class ExportCancelled(Exception):
    pass


def _cell_value(value: Cell) -> Any:
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, Decimal):
        return float(value)
    return value


def summary_rows(pairs: Iterable[tuple[str, str]], statuses: Sequence[str]) -> list[list[Cell]]:
    """Rows of counts: one per type, one column per status, totals at the end."""
    counts: dict[str, Counter[str]] = {}
    for type_name, status in pairs:
        counts.setdefault(type_name, Counter())[status] += 1
    rows: list[list[Cell]] = []
    totals: Counter[str] = Counter()
    for type_name in sorted(counts):
        counter = counts[type_name]
        rows.append([type_name, *(counter[s] for s in statuses), sum(counter.values())])
        totals.update(counter)
    rows.append(["Total", *(totals[s] for s in statuses), sum(totals.values())])
    return rows
