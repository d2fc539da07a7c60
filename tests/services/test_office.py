"""The office profile through the real service path: validation, clean text, and conflicts between workstations."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cortazar_desk.domain.text import clean_text
from cortazar_desk.services import office
from cortazar_desk.services.database import Database
from cortazar_desk.services.errors import ConflictError, ValidationError

from ..conftest import second_session


def test_save_and_load(db: Database) -> None:
    profile = office.load_profile(db)
    saved = office.save_profile(db, replace(profile, office_name="  Comunicación Social  ", expiry_warning_days=15))
    again = office.load_profile(db)
    assert again.office_name == "Comunicación Social" and again.expiry_warning_days == 15
    assert again.version == saved.version == profile.version + 1


def test_concurrent_edit_is_refused_and_says_who(db: Database) -> None:
    mine = office.load_profile(db)  # the dialog on this workstation shows version 1
    other = second_session(db, "maria", "equipo-2")
    try:
        theirs = office.load_profile(other)
        office.save_profile(other, replace(theirs, phone="411 000 1111", address="Jardín Principal s/n"))
    finally:
        other.dispose()
    with pytest.raises(ConflictError) as caught:
        office.save_profile(db, replace(mine, office_name="Mi cambio"))
    message = caught.value.message
    assert "maria" in message and "equipo-2" in message
    assert "Teléfono" in message and "Domicilio" in message
    current = office.load_profile(db)
    assert current.office_name != "Mi cambio" and current.phone == "411 000 1111"  # theirs kept, mine not written


def test_conflict_caught_at_flush_time(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """The other workstation commits between our version check and our UPDATE: the version column stops it."""
    import cortazar_desk.services.records as records

    mine = office.load_profile(db)
    real_apply = records.apply_versioned_edit

    intruded: list[bool] = []

    def apply_after_other_commits(session, model, pk, shown, changes, labels):  # type: ignore[no-untyped-def]
        obj = session.get(model, pk)
        assert obj.version == shown
        if db.backend == "postgresql" and not intruded:  # SQLite's write lock keeps the other writer out
            intruded.append(True)
            other = second_session(db, "luis", "equipo-3")
            try:
                theirs = office.load_profile(other)
                office.save_profile(other, replace(theirs, phone="999"))
            finally:
                other.dispose()
        return real_apply(session, model, pk, shown, changes, labels)

    monkeypatch.setattr(records, "apply_versioned_edit", apply_after_other_commits)
    if db.backend == "sqlite":
        office.save_profile(db, replace(mine, phone="123"))
        assert office.load_profile(db).phone == "123"
        return
    with pytest.raises(ConflictError, match="luis"):
        office.save_profile(db, replace(mine, phone="123"))
    assert office.load_profile(db).phone == "999"


@pytest.mark.parametrize(
    ("field", "value"),
    [("office_name", "   "), ("expiry_warning_days", 0), ("expiry_warning_days", 400), ("phone", "9" * 61)],
)
def test_validation_messages_in_spanish(db: Database, field: str, value: object) -> None:
    profile = office.load_profile(db)
    with pytest.raises(ValidationError) as caught:
        office.save_profile(db, replace(profile, **{field: value}))
    assert caught.value.field == field
    assert office.load_profile(db) == profile  # nothing half-saved


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(min_size=1, max_size=80))
def test_any_text_is_stored_identically_on_both_backends(db: Database, value: str) -> None:
    profile = office.load_profile(db)
    expected = clean_text(value)
    if not expected:
        return
    office.save_profile(db, replace(profile, office_name=expected[:200], address=value[:300]))
    loaded = office.load_profile(db)
    assert loaded.office_name == expected[:200]
    assert loaded.address == clean_text(value[:300])
