"""Folios: the record numbers people read aloud, type and print.

Two shapes exist: a prefix series without year for assets (ESP-001, BAR-014) and a yearly series for requests and
work orders (SOL-2026-0001, OT-2026-0001). Numbers keep growing past the padding (ESP-1000) instead of wrapping.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PREFIX = re.compile(r"^[A-Z]{2,5}$")
NO_PERIOD = ""


@dataclass(frozen=True)
class FolioSeries:
    prefix: str
    yearly: bool
    digits: int

    def __post_init__(self) -> None:
        if not _PREFIX.match(self.prefix):
            raise ValueError(f"invalid folio prefix {self.prefix!r}")

    def period(self, year: int) -> str:
        """The counter key a folio of ``year`` draws from."""
        return str(year) if self.yearly else NO_PERIOD

    def format(self, number: int, year: int | None = None) -> str:
        if number < 1:
            raise ValueError("folio numbers start at 1")
        if self.yearly:
            if year is None:
                raise ValueError(f"series {self.prefix} needs a year")
            return f"{self.prefix}-{year:04d}-{number:0{self.digits}d}"
        return f"{self.prefix}-{number:0{self.digits}d}"


REQUESTS = FolioSeries("SOL", yearly=True, digits=4)
WORK_ORDERS = FolioSeries("OT", yearly=True, digits=4)


def asset_series(prefix: str) -> FolioSeries:
    """Assets are numbered per type prefix (ESP, BAR, LON...) with no year."""
    return FolioSeries(prefix, yearly=False, digits=3)
