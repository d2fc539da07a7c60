"""The veda as pure rules: exceptions, the annual report's window, overlaps; orders' dates and lateness."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from cortazar_desk.domain.orders import installation_due, is_late, veda_withdrawal_due, withdrawal_due
from cortazar_desk.domain.veda import EXEMPT, Period, VedaClass, overlaps, veda_problems

VEDA_2024 = Period("Proceso electoral 2023-2024", date(2024, 3, 1), date(2024, 6, 2))


def test_normal_campaigns_are_flagged_inside_a_veda_and_exceptions_are_not() -> None:
    assert veda_problems("normal", date(2024, 6, 2), date(2024, 6, 30), [VEDA_2024])  # election day counts
    assert not veda_problems("normal", date(2024, 6, 3), date(2024, 6, 30), [VEDA_2024])
    for klass in EXEMPT - {VedaClass.INE_APPROVED}:
        assert veda_problems(klass.value, date(2024, 4, 1), date(2024, 4, 30), [VEDA_2024]) == []
    assert "acuerdo del INE" in veda_problems("aprobada_ine", date(2024, 4, 1), date(2024, 4, 2), [VEDA_2024])[0]
    assert veda_problems("aprobada_ine", date(2024, 4, 1), date(2024, 4, 2), [VEDA_2024], ine_agreement="INE/CG1") == []


def test_the_annual_report_has_its_window_and_never_runs_in_a_veda() -> None:
    report = date(2024, 9, 10)
    assert veda_problems("informe", date(2024, 9, 3), date(2024, 9, 15), [VEDA_2024], report) == []
    assert veda_problems("informe", date(2024, 9, 2), date(2024, 9, 15), [VEDA_2024], report)
    inside = veda_problems("informe", date(2024, 5, 1), date(2024, 5, 8), [VEDA_2024], date(2024, 5, 5))
    assert len(inside) == 1 and "veda" in inside[0]


@given(st.dates(), st.dates(), st.dates(), st.dates())
def test_overlap_is_symmetric_and_matches_day_sets(a: date, b: date, c: date, d: date) -> None:
    a, b = min(a, b), max(a, b)
    c, d = min(c, d), max(c, d)
    assert overlaps(a, b, c, d) == overlaps(c, d, a, b) == (max(a, c) <= min(b, d))


def test_order_dates_and_lateness() -> None:
    assert installation_due(date(2026, 7, 1)) == date(2026, 6, 30)
    assert withdrawal_due(date(2026, 7, 31)) == date(2026, 8, 1)
    assert veda_withdrawal_due(date(2027, 4, 1)) == date(2027, 3, 31)
    assert is_late("pendiente", date(2026, 1, 1), date(2026, 1, 2)) and not is_late("hecha", date(2026, 1, 1),
                                                                                     date(2026, 1, 2))
    assert not is_late("en_proceso", date(2026, 1, 2), date(2026, 1, 2))
