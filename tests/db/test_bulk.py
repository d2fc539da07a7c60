"""The column conversion the bulk inserts and their audit share (db/bulk.converted)."""

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from cortazar_desk.db.bulk import converted


def test_each_distinct_value_is_converted_once_and_none_stays_none() -> None:
    calls: list[object] = []

    def convert(value: object) -> str:
        calls.append(value)
        return f"<{value}>"

    column = [date(2026, 1, 1), None, date(2026, 1, 1), date(2026, 2, 1)]
    assert converted(column, convert) == ["<2026-01-01>", None, "<2026-01-01>", "<2026-02-01>"]
    assert sorted(calls) == [date(2026, 1, 1), date(2026, 2, 1)]  # type: ignore[type-var]


def test_equal_moments_in_two_zones_stay_two_values() -> None:
    noon_utc = datetime(2026, 5, 1, 12, tzinfo=UTC)
    same_in_mexico = noon_utc.astimezone(timezone(timedelta(hours=-6)))
    assert noon_utc == same_in_mexico
    assert converted([noon_utc, same_in_mexico, noon_utc], datetime.isoformat) == [
        "2026-05-01T12:00:00+00:00", "2026-05-01T06:00:00-06:00", "2026-05-01T12:00:00+00:00"]


def test_unhashable_values_are_converted_one_by_one() -> None:
    assert converted([{"a": 1}, None, {"b": 2}], lambda value: sorted(value)) == [["a"], None, ["b"]]


@given(st.lists(st.one_of(st.none(), st.dates(), st.decimals(allow_nan=False, places=2),
                          st.datetimes(timezones=st.sampled_from([None, UTC, timezone(timedelta(hours=-6))])))))
def test_the_same_as_converting_each_value(column: list[object]) -> None:
    def convert(value: object) -> str:
        return repr(value) if not isinstance(value, Decimal) else f"{value:.2f}"

    assert converted(column, convert) == [None if v is None else convert(v) for v in column]


def test_only_exact_literals_are_written_into_a_statement() -> None:
    from cortazar_desk.db.bulk import _sqlite_constant

    assert _sqlite_constant([None, None]) == "NULL"
    assert _sqlite_constant([7, 7, 7]) == "7"
    assert _sqlite_constant(["O'Higgins", "O'Higgins"]) == "'O''Higgins'"
    assert _sqlite_constant(["a", "b"]) is None  # not one value
    assert _sqlite_constant([1, True]) is None  # equal, but not the same value for the database
    assert _sqlite_constant([3.5, 3.5]) is None  # floats are always bound
    assert _sqlite_constant([2**63, 2**63]) is None
    assert _sqlite_constant(["a\x00b"]) is None
    assert _sqlite_constant(["\ud800"]) is None


def test_zero_and_minus_zero_are_not_one_value() -> None:
    from cortazar_desk.db.bulk import is_constant

    assert not is_constant([0.0, -0.0, 0.0])  # equal, but JSON and PostgreSQL keep the sign
    assert is_constant([-0.0, -0.0]) and is_constant([0.0, 0.0]) and is_constant([2.5, 2.5])
