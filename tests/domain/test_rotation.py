from datetime import datetime, timedelta

from cortazar_desk.domain.rotation import backups_to_keep

NOW = datetime(2026, 11, 29, 12, 0)


def test_keeps_everything_of_the_last_two_days() -> None:
    hourly = [(f"h{i}", NOW - timedelta(hours=i)) for i in range(47)]
    assert backups_to_keep(hourly, NOW) == {k for k, _ in hourly}


def test_one_per_day_then_week_then_month() -> None:
    # One backup every 6 hours for 400 days.
    backups = [(i, NOW - timedelta(hours=6 * i)) for i in range(400 * 4)]
    keep = backups_to_keep(backups, NOW)
    kept = sorted((t for k, t in backups if k in keep), reverse=True)
    recent = [t for t in kept if t >= NOW - timedelta(days=2)]
    older = [t for t in kept if t < NOW - timedelta(days=2)]
    assert len(recent) == 9  # every backup of the last 48 hours, 6 hours apart
    # The daily tier: the newest backup of each of the 12 days before the window (the window ends on the 27th
    # at 12:00, so that day's newest older backup is 06:00; the others are 18:00).
    assert older[:12] == [datetime(2026, 11, 27, 6, 0)] + [datetime(2026, 11, 26, 18, 0) - timedelta(days=d)
                                                           for d in range(11)]
    assert all(t.hour == 18 for t in older[1:])  # always the newest of its day, week or month
    assert len({t.isocalendar()[:2] for t in older}) >= 10
    assert {(t.year, t.month) for t in older} == {(2026, m) for m in range(3, 12)}  # 9 months
    assert older[-1] == datetime(2026, 3, 31, 18, 0)  # newest of the 9th month; everything older goes
    assert len({t.date() for t in older}) == len(older)


def test_newest_of_each_day_is_the_one_kept() -> None:
    day = NOW - timedelta(days=5)
    morning = ("morning", day.replace(hour=8))
    evening = ("evening", day.replace(hour=20))
    assert backups_to_keep([morning, evening], NOW) == {"evening"}


def test_empty() -> None:
    assert backups_to_keep([], NOW) == set()
