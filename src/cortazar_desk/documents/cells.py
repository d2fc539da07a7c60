"""Text that goes into spreadsheet cells stays text.

openpyxl writes any string starting with "=" as a formula (the value is lost and a formula injected) and raises on
control characters. Every user string goes through ``safe_text``; the writer marks risky ones with quotePrefix.
"""

from __future__ import annotations

import re

_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # not allowed in XML 1.0
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_text(value: str) -> str:
    return _ILLEGAL.sub("", value)


def needs_quote_prefix(value: str) -> bool:
    return value.startswith(FORMULA_STARTS)
