"""Cleaning of text typed or pasted by people, applied at every input boundary.

Text pasted from PDFs carries NUL and other control characters. PostgreSQL refuses NUL in text columns while SQLite
keeps it, and openpyxl raises on control characters, so the same string would be stored differently per backend and
break exports later. We strip them once, here, so both backends store exactly the same text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

# C0 controls except TAB and LF, DEL, C1 controls, and the Unicode non-characters that XML refuses.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")
# Lone surrogates cannot be encoded to UTF-8 by any database driver.
_SURROGATE = re.compile("[\ud800-\udfff]")


# Anything clean_text would change besides the outer whitespace: most text has none of it (an import of 50,000
# rows cleans a million cells, so the common case skips the work).
_NEEDS_WORK = re.compile("[\x00-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]| {2}")


def clean_text(value: str, *, multiline: bool = False) -> str:
    """Return ``value`` in NFC with control characters removed and outer whitespace trimmed.

    Single-line fields also turn line breaks and tabs into plain spaces.
    """
    if _NEEDS_WORK.search(value) is None and unicodedata.is_normalized("NFC", value):
        return value.strip()
    return _clean(value, multiline)


def clean_texts(values: Sequence[str], limit: int | None = None) -> list[str] | None:
    """``clean_text`` of every value of a column at once, when none needs more than trimming (the usual column of
    an imported sheet) and none is longer than ``limit`` (when given): one search over them all instead of one per
    value. None otherwise; clean those one by one. The values are joined with "|", which composes with no character,
    so the joined text is NFC exactly when every value is."""
    joined = "|".join(values)
    # isprintable() is False for every character _NEEDS_WORK looks for and much faster than the search; text with
    # other unprintable characters (a no-break space) is searched.
    printable = joined.isprintable()
    needs_work = "  " in joined if printable else _NEEDS_WORK.search(joined) is not None
    if needs_work or not unicodedata.is_normalized("NFC", joined):
        return None
    # Printable text has no whitespace but the ASCII space, so nothing to trim unless a space touches a "|".
    if printable and " |" not in joined and "| " not in joined and joined[:1] != " " and joined[-1:] != " ":
        texts = list(values)
    else:
        texts = [value.strip() for value in values]
    return texts if limit is None or max(map(len, texts), default=0) <= limit else None


def _clean(value: str, multiline: bool) -> str:
    text = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
    text = _SURROGATE.sub("", _CONTROL.sub("", text))
    if not multiline:
        text = " ".join(text.replace("\t", " ").replace("\n", " ").split(" "))
        text = re.sub(" {2,}", " ", text)
    return text.strip()
