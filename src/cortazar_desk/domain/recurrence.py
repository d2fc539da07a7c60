"""Dates that come back every year and the office's working days.

Traditional events fall on a fixed date (16 September), on a day counted from Easter (Viernes de Dolores, Corpus
Christi) or on the nth weekday of a month (the first Sunday of May). Working days are Monday to Friday minus the
holidays the office enters; the official rest days of the Ley Federal del Trabajo (art. 74) can be offered to it.
"""

from __future__ import annotations

import calendar
import enum
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.easter import easter


class RuleKind(enum.StrEnum):
    FIXED = "fija"
    EASTER = "pascua"
    WEEKDAY = "dia_semana"


RULE_LABELS: Mapping[RuleKind, str] = {
    RuleKind.FIXED: "Fecha fija",
    RuleKind.EASTER: "Días desde el Domingo de Pascua",
    RuleKind.WEEKDAY: "Día de la semana de un mes",
}
WEEKDAYS = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")
MONTHS = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
          "noviembre", "diciembre")
NTH_LABELS: Mapping[int, str] = {1: "primer", 2: "segundo", 3: "tercer", 4: "cuarto", -1: "último"}


@dataclass(frozen=True)
class YearlyRule:
    kind: RuleKind
    month: int | None = None
    day: int | None = None
    easter_offset: int | None = None
    weekday: int | None = None  # 0 = Monday
    nth: int | None = None  # 1..4 or -1 (last)

    def problems(self) -> list[str]:
        """Spanish messages for a rule that cannot give a date."""
        if self.kind is RuleKind.FIXED:
            if self.month is None or not 1 <= self.month <= 12:
                return ["Elija el mes."]
            # 29 February is accepted: it falls on 28 February in other years (see on()).
            if self.day is None or not 1 <= self.day <= calendar.monthrange(2024, self.month)[1]:
                return ["El día no existe en ese mes."]
        elif self.kind is RuleKind.EASTER:
            if self.easter_offset is None or not -70 <= self.easter_offset <= 70:
                return ["Los días desde Pascua deben estar entre -70 y 70."]
        elif self.kind is RuleKind.WEEKDAY:
            if self.month is None or not 1 <= self.month <= 12:
                return ["Elija el mes."]
            if self.weekday is None or not 0 <= self.weekday <= 6:
                return ["Elija el día de la semana."]
            if self.nth not in NTH_LABELS:
                return ["Elija cuál (primer, segundo, tercer, cuarto o último)."]
        return []

    def on(self, year: int) -> date:
        """The day the event falls on in ``year``."""
        if self.kind is RuleKind.FIXED:
            assert self.month is not None and self.day is not None
            last = calendar.monthrange(year, self.month)[1]
            return date(year, self.month, min(self.day, last))
        if self.kind is RuleKind.EASTER:
            assert self.easter_offset is not None
            sunday: date = easter(year)
            return sunday + timedelta(days=self.easter_offset)
        assert self.month is not None and self.weekday is not None and self.nth is not None
        return nth_weekday(year, self.month, self.weekday, self.nth)

    def describe(self) -> str:
        if self.kind is RuleKind.FIXED:
            return f"{self.day} de {MONTHS[(self.month or 1) - 1]}"
        if self.kind is RuleKind.EASTER:
            offset = self.easter_offset or 0
            if offset == 0:
                return "Domingo de Pascua"
            return f"{abs(offset)} días {'después' if offset > 0 else 'antes'} de Pascua"
        return (f"{NTH_LABELS.get(self.nth or 1, '')} {WEEKDAYS[self.weekday or 0]} de "
                f"{MONTHS[(self.month or 1) - 1]}")


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    """The nth (1..5, or -1 for the last) given weekday of a month."""
    if nth == -1:
        last = date(year, month, calendar.monthrange(year, month)[1])
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))


def occurrences(rule: YearlyRule, duration_days: int, start: date, end: date) -> Iterator[tuple[date, date]]:
    """(first day, last day) of every occurrence that touches [start, end]."""
    span = max(1, duration_days)
    for year in range(start.year - 1, end.year + 1):
        first = rule.on(year)
        last = first + timedelta(days=span - 1)
        if first <= end and last >= start:
            yield first, last


# --- working days -------------------------------------------------------------------------------------------------

def official_rest_days(year: int) -> list[tuple[date, str]]:
    """The rest days of art. 74 of the Ley Federal del Trabajo. Offered to the office, which decides what to keep."""
    days = [
        (date(year, 1, 1), "Año Nuevo"),
        (nth_weekday(year, 2, 0, 1), "Día de la Constitución"),
        (nth_weekday(year, 3, 0, 3), "Natalicio de Benito Juárez"),
        (date(year, 5, 1), "Día del Trabajo"),
        (date(year, 9, 16), "Día de la Independencia"),
        (nth_weekday(year, 11, 0, 3), "Día de la Revolución"),
        (date(year, 12, 25), "Navidad"),
    ]
    if year >= 2024 and (year - 2024) % 6 == 0:
        days.append((date(year, 10, 1), "Transmisión del Poder Ejecutivo Federal"))
    return sorted(days)


def is_working_day(day: date, holidays: Collection[date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def working_days_between(received: date, event: date, holidays: Collection[date]) -> int:
    """Working days after the day a request arrived, up to and not including the event's day.

    A request received on Monday for an event on Thursday has two working days (Tuesday, Wednesday) of notice.
    """
    if event <= received:
        return 0
    count = 0
    day = received + timedelta(days=1)
    while day < event:
        if is_working_day(day, holidays):
            count += 1
        day += timedelta(days=1)
    return count
