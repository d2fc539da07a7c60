"""Which backups to keep: a pure function of the backups' dates and today's date.

Policy (RELIABILITY.md): every backup of the last 2 days, then the newest of each day for 12 days, the newest of
each ISO week for 10 weeks and the newest of each month for 9 months. Older ones are deleted.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import TypeVar

K = TypeVar("K")

KEEP_ALL_DAYS = 2
DAILY = 12
WEEKLY = 10
MONTHLY = 9


def backups_to_keep(backups: Iterable[tuple[K, datetime]], now: datetime) -> set[K]:
    """Return the keys of the backups to keep; ``backups`` pairs a key (a path, say) with when it was taken."""
    items = sorted(backups, key=lambda kb: kb[1], reverse=True)  # newest first
    keep: set[K] = set()
    recent_limit = now - timedelta(days=KEEP_ALL_DAYS)
    # Each tier keeps the newest backup of each of its first N periods (days, ISO weeks, months) that hold one.
    days_seen: set[object] = set()
    weeks_seen: set[object] = set()
    months_seen: set[object] = set()
    for key, taken in items:
        if taken >= recent_limit:
            keep.add(key)
            continue
        day = taken.date()
        week = taken.isocalendar()[:2]
        month = (taken.year, taken.month)
        if day not in days_seen and len(days_seen) < DAILY:
            days_seen.add(day)
            keep.add(key)
        if week not in weeks_seen and len(weeks_seen) < WEEKLY:
            weeks_seen.add(week)
            keep.add(key)
        if month not in months_seen and len(months_seen) < MONTHLY:
            months_seen.add(month)
            keep.add(key)
    return keep
