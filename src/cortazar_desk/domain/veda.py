"""The electoral blackout (veda) as pure rules: which campaigns may run inside one, and when an annual report may
be publicised. Constitution art. 41, base III, apartado C; DOMAIN.md "Electoral blackout"."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta


class VedaClass(enum.StrEnum):
    NORMAL = "normal"
    HEALTH = "salud"
    EDUCATION = "educacion"
    CIVIL_PROTECTION = "proteccion_civil"
    ELECTORAL_AUTHORITY = "autoridad_electoral"
    INE_APPROVED = "aprobada_ine"
    ANNUAL_REPORT = "informe"


VEDA_CLASS_LABELS: Mapping[VedaClass, str] = {
    VedaClass.NORMAL: "Normal (se suspende en veda)",
    VedaClass.HEALTH: "Excepción: servicios de salud",
    VedaClass.EDUCATION: "Excepción: servicios educativos",
    VedaClass.CIVIL_PROTECTION: "Excepción: protección civil en emergencia",
    VedaClass.ELECTORAL_AUTHORITY: "Excepción: información de autoridades electorales",
    VedaClass.INE_APPROVED: "Excepción: aprobada por el INE (con número de acuerdo)",
    VedaClass.ANNUAL_REPORT: "Informe anual de labores (7 días antes a 5 después; nunca en veda)",
}

VEDA_CLASS_SHORT: Mapping[VedaClass, str] = {
    VedaClass.NORMAL: "Se suspende", VedaClass.HEALTH: "Exenta: salud", VedaClass.EDUCATION: "Exenta: educación",
    VedaClass.CIVIL_PROTECTION: "Exenta: protección civil", VedaClass.ELECTORAL_AUTHORITY: "Exenta: electoral",
    VedaClass.INE_APPROVED: "Exenta: INE", VedaClass.ANNUAL_REPORT: "Informe de labores",
}

EXEMPT = frozenset({VedaClass.HEALTH, VedaClass.EDUCATION, VedaClass.CIVIL_PROTECTION,
                    VedaClass.ELECTORAL_AUTHORITY, VedaClass.INE_APPROVED})
REPORT_BEFORE, REPORT_AFTER = timedelta(days=7), timedelta(days=5)

PERIOD_KINDS: Mapping[str, str] = {"federal": "Elección federal", "estatal": "Elección estatal",
                                   "municipal": "Elección municipal", "consulta": "Consulta popular"}


@dataclass(frozen=True)
class Period:
    name: str
    starts_on: date  # day 0: the first campaign start covering the municipality
    election_on: date  # the blackout ends with election day (included)


def overlaps(a_start: date, a_end: date, b_start: date, b_end: date) -> bool:
    """Two date ranges, both ends included, share at least one day."""
    return a_start <= b_end and b_start <= a_end


def dmy(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def veda_problems(veda_class: str, starts_on: date, ends_on: date, periods: Iterable[Period],
                  report_date: date | None = None, ine_agreement: str = "") -> list[str]:
    """What is wrong with running a campaign of ``veda_class`` from ``starts_on`` to ``ends_on``, in Spanish.

    Exempt campaigns may run inside a veda (an INE-approved one needs its agreement number); every other campaign
    may not; an annual report also has to stay inside its own window."""
    klass = VedaClass(veda_class)
    problems = []
    if klass is VedaClass.INE_APPROVED and not ine_agreement.strip():
        problems.append("Falta el número del acuerdo del INE que aprueba la campaña.")
    if klass not in EXEMPT:
        for period in periods:
            if overlaps(starts_on, ends_on, period.starts_on, period.election_on):
                problems.append(f"Cae en la veda «{period.name}» ({dmy(period.starts_on)} a "
                                f"{dmy(period.election_on)}): la propaganda gubernamental se suspende y solo se "
                                "permiten las excepciones de ley.")
    if klass is VedaClass.ANNUAL_REPORT:
        if report_date is None:
            problems.append("Falta la fecha del informe de labores.")
        else:
            first, last = report_date - REPORT_BEFORE, report_date + REPORT_AFTER
            if starts_on < first or ends_on > last:
                problems.append(f"La difusión del informe solo se permite del {dmy(first)} al {dmy(last)} "
                                "(7 días antes y 5 después del informe).")
    return problems
