"""The one place that owns workbooks: the inventory export (and, with the importer, reading them back).

Real dates and numbers, a frozen header, an autofilter, column widths, a fill colour per permit status and a
summary sheet by type and status. User text is always stored as text (see cells.py).

Written by xlsx_stream.py, a streaming writer of just what these exports use: on 50,000 assets x 25 columns
XlsxWriter took 6.4 s and openpyxl's write-only mode 14.2 s, most of it per-cell bookkeeping. openpyxl stays for
reading formulas and in the tests that reopen our files.
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

Cell = str | int | float | Decimal | date | datetime | None
HEADER_COLOUR = "#7A1F3D"


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
    from .xlsx_stream import write_xlsx

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".exportando-", suffix=".xlsx", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            write_xlsx(out, sheets, HEADER_COLOUR, progress, ExportCancelled)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


class ExportCancelled(Exception):
    pass


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
