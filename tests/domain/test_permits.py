from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from cortazar_desk.domain.permits import (
    DEFAULT_REQUIREMENTS,
    DocumentDates,
    DocumentKind,
    Ownership,
    PermitStatus,
    permit_status,
    required_kinds,
)

TODAY = date(2026, 11, 29)
P, S, E, A = DocumentKind.PERMIT, DocumentKind.INSURANCE, DocumentKind.STRUCTURAL_LETTER, DocumentKind.OWNER_CONSENT


def doc(kind: DocumentKind, days: int | None) -> DocumentDates:
    return DocumentDates(kind, None if days is None else TODAY + timedelta(days=days))


def test_nothing_required() -> None:
    assert permit_status((), [doc(P, -100)], TODAY, 30).status is PermitStatus.NOT_REQUIRED


def test_missing_document_names_what_is_missing() -> None:
    result = permit_status((P, S, E), [doc(P, 200), doc(E, 200)], TODAY, 30)
    assert result.status is PermitStatus.MISSING and result.missing == (S,)


def test_valid_through_its_last_day() -> None:
    assert permit_status((P,), [doc(P, 0)], TODAY, 0).status is PermitStatus.EXPIRING
    assert permit_status((P,), [doc(P, -1)], TODAY, 30).status is PermitStatus.EXPIRED


def test_window_boundaries() -> None:
    assert permit_status((P,), [doc(P, 30)], TODAY, 30).status is PermitStatus.EXPIRING
    assert permit_status((P,), [doc(P, 31)], TODAY, 30).status is PermitStatus.VALID


def test_earliest_required_expiry_governs() -> None:
    result = permit_status((P, S, E), [doc(P, 300), doc(S, 10), doc(E, 200), doc(A, -5)], TODAY, 30)
    assert result.status is PermitStatus.EXPIRING
    assert result.governing_kind is S and result.days_left(TODAY) == 10  # the consent is not required here


def test_a_renewal_supersedes_the_expired_document() -> None:
    result = permit_status((P,), [doc(P, -40), doc(P, 330)], TODAY, 30)
    assert result.status is PermitStatus.VALID and result.expires_on == TODAY + timedelta(days=330)


def test_documents_without_expiry_count_as_valid() -> None:
    assert permit_status((A,), [doc(A, None)], TODAY, 30).status is PermitStatus.VALID
    result = permit_status((P, A), [doc(P, 5), doc(A, None)], TODAY, 30)
    assert result.status is PermitStatus.EXPIRING and result.governing_kind is P


def test_requirement_table_lookup() -> None:
    assert required_kinds(DEFAULT_REQUIREMENTS, "BAR", Ownership.PRIVATE_WALL) == (P, A)
    assert required_kinds(DEFAULT_REQUIREMENTS, "BAR", Ownership.RENTED) == (P,)
    assert required_kinds(DEFAULT_REQUIREMENTS, "LON", Ownership.MUNICIPAL) == ()
    assert required_kinds(DEFAULT_REQUIREMENTS, "ESP", Ownership.MUNICIPAL) == (P, S, E)
    assert required_kinds(DEFAULT_REQUIREMENTS, "NUEVO", Ownership.MUNICIPAL) == (P,)


kinds = st.sampled_from(list(DocumentKind))


@given(st.lists(kinds, max_size=4), st.lists(st.tuples(kinds, st.one_of(st.none(), st.integers(-400, 400)))),
       st.integers(0, 120))
def test_status_is_consistent_with_its_inputs(required, documents, window) -> None:  # type: ignore[no-untyped-def]
    docs = [doc(k, d) for k, d in documents]
    result = permit_status(required, docs, TODAY, window)
    if not required:
        assert result.status is PermitStatus.NOT_REQUIRED
    elif result.status is PermitStatus.MISSING:
        assert set(result.missing) == set(required) - {d.kind for d in docs}
    else:
        assert {d.kind for d in docs} >= set(required)
        if result.expires_on is not None:
            days = (result.expires_on - TODAY).days
            expected = (PermitStatus.EXPIRED if days < 0 else PermitStatus.EXPIRING if days <= window
                        else PermitStatus.VALID)
            assert result.status is expected
            # no required document expires earlier than the governing one (each kind at its latest date)
            for kind in set(required):
                dates = [d.valid_until for d in docs if d.kind == kind]
                if None not in dates:
                    assert max(dates) >= result.expires_on  # type: ignore[type-var]
