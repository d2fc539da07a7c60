"""A streaming .xlsx writer for exactly what the office's exports need, about four times faster than XlsxWriter.

Profiled on the 50,000-asset export (1.1 million cells), XlsxWriter spent three quarters of the time in its
per-cell bookkeeping (dimension checks, a row buffer, regex escapes). This writes the SpreadsheetML parts straight
into the zip instead: inline strings, numbers and dates as serials, one style per (number format, fill, quote
prefix) combination, a frozen and filtered header row, column widths. Nothing else: no shared strings, formulas,
merged cells or charts, which the exports never use.

The tests reopen what it writes with openpyxl, python-calamine and LibreOffice.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any, BinaryIO

from .cells import needs_quote_prefix, safe_text

_EXCEL_ESCAPE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
MAX_CELL_TEXT = 32_767  # Excel refuses longer cells
EPOCH = datetime(1899, 12, 30)
FLUSH_EVERY = 500  # rows per write to the zip, and between progress calls

_CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                  '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                  '<Default Extension="xml" ContentType="application/xml"/>'
                  '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                  'spreadsheetml.sheet.main+xml"/>'
                  '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                  'spreadsheetml.styles+xml"/>'
                  '{sheets}</Types>')
_SHEET_TYPE = ('<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/vnd.openxmlformats-'
               'officedocument.spreadsheetml.worksheet+xml"/>')
_ROOT_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
              '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
              'officeDocument" Target="xl/workbook.xml"/></Relationships>')
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def xml_escape(text: str) -> str:
    if "&" in text or "<" in text or ">" in text or '"' in text:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    return text


def column_letters(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def serial(value: date) -> float | int:
    """Excel's day number (1900 date system) for a date or a naive datetime."""
    if isinstance(value, datetime):
        delta = value.replace(tzinfo=None) - EPOCH
        return delta.days + delta.seconds / 86400
    return (value - EPOCH.date()).days


class Styles:
    """The cell formats in use, each an index into styles.xml's cellXfs. Index 0 is the default, 1 the header."""

    def __init__(self, header_rgb: str) -> None:
        self.header_rgb = header_rgb.lstrip("#").upper()
        self._formats: dict[str, int] = {}  # custom number format -> numFmtId
        self._fills: dict[str, int] = {}  # RGB -> fillId (0 and 1 are reserved by the format, 2 is the header)
        self._xfs: dict[tuple[int, int, bool], int] = {(0, 0, False): 0}
        self._header = (0, 2, False)

    def number_format(self, code: str) -> int:
        builtin = {"": 0, "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4}
        if code in builtin:
            return builtin[code]
        return self._formats.setdefault(code, 164 + len(self._formats))

    def fill(self, rgb: str) -> int:
        return self._fills.setdefault(rgb.lstrip("#").upper(), 3 + len(self._fills))

    def xf(self, number_format: str = "", fill_rgb: str | None = None, quote: bool = False) -> int:
        key = (self.number_format(number_format), self.fill(fill_rgb) if fill_rgb else 0, quote)
        return self._xfs.setdefault(key, len(self._xfs) + 1)  # +1: the header's xf sits at index 1

    def xml(self) -> str:
        formats = "".join(f'<numFmt numFmtId="{i}" formatCode="{xml_escape(code)}"/>'
                          for code, i in self._formats.items())
        fills = ['<fill><patternFill patternType="none"/></fill>', '<fill><patternFill patternType="gray125"/></fill>',
                 f'<fill><patternFill patternType="solid"><fgColor rgb="FF{self.header_rgb}"/><bgColor indexed="64"/>'
                 '</patternFill></fill>']
        fills += [f'<fill><patternFill patternType="solid"><fgColor rgb="FF{rgb}"/><bgColor indexed="64"/>'
                  '</patternFill></fill>' for rgb in self._fills]
        xfs = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>',
               '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1" '
               'applyAlignment="1"><alignment vertical="center" wrapText="1"/></xf>']
        for (fmt, fill, quote), _index in sorted(self._xfs.items(), key=lambda kv: kv[1]):
            if _index == 0:
                continue
            xfs.append(f'<xf numFmtId="{fmt}" fontId="0" fillId="{fill}" borderId="0" xfId="0"'
                       + (' applyNumberFormat="1"' if fmt else "") + (' applyFill="1"' if fill else "")
                       + (' quotePrefix="1"' if quote else "") + "/>")
        return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<styleSheet xmlns="{_MAIN}">'
                + (f'<numFmts count="{len(self._formats)}">{formats}</numFmts>' if self._formats else "")
                + '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
                '<font><b/><sz val="11"/><color rgb="FFFFFFFF"/><name val="Calibri"/><family val="2"/></font></fonts>'
                f'<fills count="{len(fills)}">{"".join(fills)}</fills>'
                '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
                '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
                f'<cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
                '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
                '</styleSheet>')


class SheetSpec:
    """What one sheet needs from the caller (documents.workbooks.SheetData fits)."""

    title: str
    columns: Sequence[Any]  # .title, .width, .number_format
    rows: Any
    fill_column: int | None
    fills: dict[str, str] | None


def _cell(ref: str, value: object, date_style: int, number_style: int, quoted: int, fill_style: int | None) -> str:
    if isinstance(value, str):
        text = safe_text(value)
        if not text:
            return ""
        if len(text) > MAX_CELL_TEXT:
            text = text[:MAX_CELL_TEXT]
        if "_x" in text:  # Excel reads _xHHHH_ as an escaped character: keep such text literally
            text = _EXCEL_ESCAPE.sub(r"_x005F_\1", text)
        style = fill_style if fill_style is not None else (quoted if needs_quote_prefix(text) else 0)
        s = f' s="{style}"' if style else ""
        return f'<c r="{ref}"{s} t="inlineStr"><is><t xml:space="preserve">{xml_escape(text)}</t></is></c>'
    if isinstance(value, date):
        return f'<c r="{ref}" s="{date_style}"><v>{serial(value)}</v></c>'
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    number = float(value) if isinstance(value, Decimal) else value
    s = f' s="{number_style}"' if number_style else ""
    return f'<c r="{ref}"{s}><v>{number!r}</v></c>'


def write_xlsx(out: BinaryIO, sheets: Sequence[Any], header_rgb: str, progress: Callable[[int], bool] | None = None,
               cancelled: type[Exception] = RuntimeError) -> None:
    """Write ``sheets`` (objects shaped like SheetSpec) as an .xlsx into ``out``. ``progress`` gets the rows written so
    far every FLUSH_EVERY rows and returns False to stop, which raises ``cancelled``."""
    styles = Styles(header_rgb)
    written = 0
    names: list[str] = []
    filters: list[str] = []
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for n, spec in enumerate(sheets, start=1):
            title = spec.title[:31]
            names.append(title)
            letters = [column_letters(i) for i in range(len(spec.columns))]
            per_column = [(styles.xf(c.number_format or "dd/mm/yyyy"), styles.xf(c.number_format))
                          for c in spec.columns]
            quoted = styles.xf(quote=True)
            fills = {text: styles.xf(fill_rgb=rgb) for text, rgb in (spec.fills or {}).items()}
            cols = "".join(f'<col min="{i}" max="{i}" width="{c.width + 0.71:.2f}" customWidth="1"/>'
                           for i, c in enumerate(spec.columns, start=1))
            with zf.open(f"xl/worksheets/sheet{n}.xml", "w", force_zip64=True) as sheet:
                sheet.write((
                    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                    f'<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">'
                    '<sheetViews><sheetView workbookViewId="0"' + (' tabSelected="1"' if n == 1 else "") + '>'
                    '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
                    '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
                    f'<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols><sheetData>'
                    '<row r="1">' + "".join(
                        f'<c r="{letters[i]}1" s="1" t="inlineStr"><is><t>{xml_escape(c.title)}</t></is></c>'
                        for i, c in enumerate(spec.columns)) + "</row>").encode())
                row = 1
                buffer: list[str] = []
                fill_column = spec.fill_column
                for values in spec.rows:
                    row += 1
                    r = str(row)
                    cells = []
                    for i, value in enumerate(values):
                        if value is None:
                            continue
                        date_style, number_style = per_column[i]
                        fill = fills.get(value) if i == fill_column and isinstance(value, str) else None
                        cells.append(_cell(letters[i] + r, value, date_style, number_style, quoted, fill))
                    buffer.append(f'<row r="{r}">{"".join(cells)}</row>')
                    written += 1
                    if len(buffer) == FLUSH_EVERY:
                        sheet.write("".join(buffer).encode())
                        buffer.clear()
                        if progress is not None and not progress(written):
                            raise cancelled()
                last = f"{letters[-1]}{row}" if letters else "A1"
                sheet.write(("".join(buffer) + f'</sheetData><autoFilter ref="A1:{last}"/></worksheet>').encode())
                filters.append(f"$A$1:${letters[-1] if letters else 'A'}${row}")
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES.format(
            sheets="".join(_SHEET_TYPE.format(n=n) for n in range(1, len(names) + 1))))
        zf.writestr("_rels/.rels", _ROOT_RELS)
        sheets_xml = "".join(f'<sheet name="{xml_escape(name)}" sheetId="{n}" r:id="rId{n}"/>'
                             for n, name in enumerate(names, start=1))
        defined = "".join(
            f'<definedName name="_xlnm._FilterDatabase" localSheetId="{n}" hidden="1">'
            f"{xml_escape(_quoted_sheet(name))}!{ref}</definedName>"
            for n, (name, ref) in enumerate(zip(names, filters, strict=True)))
        zf.writestr("xl/workbook.xml", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><bookViews><workbookView activeTab="0"/></bookViews>'
            f'<sheets>{sheets_xml}</sheets><definedNames>{defined}</definedNames></workbook>'))
        rels = "".join(f'<Relationship Id="rId{n}" Type="{_REL}/worksheet" Target="worksheets/sheet{n}.xml"/>'
                       for n in range(1, len(names) + 1))
        rels += f'<Relationship Id="rId{len(names) + 1}" Type="{_REL}/styles" Target="styles.xml"/>'
        zf.writestr("xl/_rels/workbook.xml.rels", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}'
            '</Relationships>'))
        zf.writestr("xl/styles.xml", styles.xml())


def _quoted_sheet(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"
