"""Pure rules of requests: recurrence, working days, the workflow and when assignments collide."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cortazar_desk.domain.recurrence import (
    RuleKind,
    YearlyRule,
    nth_weekday,
    occurrences,
    official_rest_days,
    working_days_between,
)
from cortazar_desk.domain.requests import RequestStatus, Slot, collides, notice_shortfalls, transition_problem

D = date
DT = datetime


def test_easter_relative_dates_of_2026() -> None:
    # Easter Sunday 2026 is 5 April: Viernes de Dolores 27 March, Corpus Christi 4 June.
    assert YearlyRule(RuleKind.EASTER, easter_offset=0).on(2026) == D(2026, 4, 5)
    assert YearlyRule(RuleKind.EASTER, easter_offset=-9).on(2026) == D(2026, 3, 27)
    assert YearlyRule(RuleKind.EASTER, easter_offset=60).on(2026) == D(2026, 6, 4)
    assert YearlyRule(RuleKind.EASTER, easter_offset=60).on(2027) == D(2027, 5, 27)


def test_nth_and_last_weekday() -> None:
    assert nth_weekday(2026, 6, 4, 1) == D(2026, 6, 5)  # first Friday of June 2026
    assert nth_weekday(2026, 3, 0, 3) == D(2026, 3, 16)  # third Monday of March
    assert nth_weekday(2026, 5, 6, -1) == D(2026, 5, 31)  # last Sunday of May
    assert YearlyRule(RuleKind.WEEKDAY, month=11, weekday=0, nth=3).describe() == "tercer lunes de noviembre"


def test_fixed_29_february_falls_on_28_in_common_years() -> None:
    rule = YearlyRule(RuleKind.FIXED, month=2, day=29)
    assert rule.problems() == []
    assert rule.on(2027) == D(2027, 2, 28) and rule.on(2028) == D(2028, 2, 29)
    assert YearlyRule(RuleKind.FIXED, month=4, day=31).problems() == ["El día no existe en ese mes."]


def test_multi_day_occurrences_cross_into_the_range() -> None:
    feria = YearlyRule(RuleKind.FIXED, month=10, day=25)
    assert list(occurrences(feria, 10, D(2026, 11, 1), D(2026, 11, 30))) == [(D(2026, 10, 25), D(2026, 11, 3))]
    assert list(occurrences(feria, 10, D(2026, 11, 4), D(2026, 11, 30))) == []
    # a range over New Year sees both years
    december = YearlyRule(RuleKind.FIXED, month=12, day=31)
    assert [a for a, _ in occurrences(december, 1, D(2026, 1, 1), D(2027, 12, 31))] == [D(2026, 12, 31),
                                                                                          D(2027, 12, 31)]


@given(st.integers(1900, 2200), st.integers(1, 12), st.integers(0, 6), st.sampled_from([1, 2, 3, 4, -1]))
def test_nth_weekday_is_that_weekday_in_that_month(year: int, month: int, weekday: int, nth: int) -> None:
    day = nth_weekday(year, month, weekday, nth)
    assert day.weekday() == weekday and day.month == month
    if nth == -1:
        assert (day + timedelta(days=7)).month != month
    else:
        assert (day.day - 1) // 7 == nth - 1


def test_official_rest_days() -> None:
    days = dict(official_rest_days(2026))
    assert D(2026, 2, 2) in days and D(2026, 3, 16) in days and D(2026, 11, 16) in days and D(2026, 9, 16) in days
    assert D(2030, 10, 1) in dict(official_rest_days(2030)) and D(2026, 10, 1) not in days


def test_working_days_skip_weekends_and_holidays() -> None:
    # Received Monday 7 Sep 2026, event Monday 14 Sep: Tue-Fri = 4 working days.
    assert working_days_between(D(2026, 9, 7), D(2026, 9, 14), set()) == 4
    assert working_days_between(D(2026, 9, 7), D(2026, 9, 14), {D(2026, 9, 9)}) == 3
    assert working_days_between(D(2026, 9, 14), D(2026, 9, 14), set()) == 0
    assert working_days_between(D(2026, 9, 15), D(2026, 9, 14), set()) == 0
    shortfalls = notice_shortfalls(3, [("Video", 3), ("Transmisión en vivo", 5)])
    assert [s.service for s in shortfalls] == ["Transmisión en vivo"]
    assert "5 días hábiles" in shortfalls[0].message() and "con 3" in shortfalls[0].message()


MARGIN = timedelta(minutes=30)


def test_overlap_collides_anywhere() -> None:
    a = Slot(DT(2026, 9, 15, 18), DT(2026, 9, 15, 23), 1)
    assert collides(Slot(DT(2026, 9, 15, 22), DT(2026, 9, 16, 1), 1), a, MARGIN)
    assert not collides(Slot(DT(2026, 9, 15, 23), DT(2026, 9, 16, 1), 1), a, MARGIN)  # same place, back to back


def test_travel_margin_between_localities() -> None:
    a = Slot(DT(2026, 9, 16, 9), DT(2026, 9, 16, 11), 1)
    twenty_minutes_later = Slot(DT(2026, 9, 16, 11, 20), DT(2026, 9, 16, 13), 2)
    forty_minutes_later = Slot(DT(2026, 9, 16, 11, 40), DT(2026, 9, 16, 13), 2)
    assert collides(twenty_minutes_later, a, MARGIN)
    assert collides(a, twenty_minutes_later, MARGIN)  # symmetric
    assert not collides(forty_minutes_later, a, MARGIN)
    unknown_place = Slot(DT(2026, 9, 16, 11, 20), DT(2026, 9, 16, 13), None)
    assert collides(unknown_place, a, MARGIN)  # unknown locality: the margin applies


def test_workflow_steps() -> None:
    received, validated, assigned = RequestStatus.RECEIVED, RequestStatus.VALIDATED, RequestStatus.ASSIGNED
    assert transition_problem(received, validated) is None
    assert transition_problem(received, RequestStatus.CLOSED) is not None
    assert "Asigne" in (transition_problem(validated, assigned, assignments=0) or "")
    assert transition_problem(validated, assigned, assignments=1) is None
    assert "motivo" in (transition_problem(validated, RequestStatus.REJECTED, reason="") or "")
    assert transition_problem(validated, RequestStatus.REJECTED, reason="Evento cancelado") is None
    assert transition_problem(RequestStatus.CLOSED, RequestStatus.REJECTED, reason="tarde ya") is not None
    assert "evidencia" in (transition_problem(RequestStatus.COVERED, RequestStatus.CLOSED) or "")
    assert transition_problem(RequestStatus.COVERED, RequestStatus.CLOSED, evidence=1) is None
    assert transition_problem(RequestStatus.REJECTED, received) is None


@pytest.mark.parametrize("rule", [YearlyRule(RuleKind.EASTER, easter_offset=99),
                                  YearlyRule(RuleKind.WEEKDAY, month=5, weekday=2, nth=7),
                                  YearlyRule(RuleKind.FIXED, month=13, day=1)])
def test_impossible_rules_are_explained(rule: YearlyRule) -> None:
    assert rule.problems()
