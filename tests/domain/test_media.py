"""Rules of the media directory: folded names, Mexican phones, e-mail, duplicates, vCard text, saved searches."""

from __future__ import annotations

from datetime import date

import pytest
import vobject
from hypothesis import given
from hypothesis import strategies as st

from cortazar_desk.domain.media import (
    ContactFacts,
    ListCriteria,
    MediaRuleError,
    PersonKeys,
    VCardPerson,
    beat_keys,
    dnc_problem,
    duplicate_reasons,
    fold_line,
    fold_name,
    matches,
    name_key,
    name_similarity,
    normalize_email,
    normalize_phone,
    parse_beats,
    phone_key,
    split_name,
    vcard,
    vcard_escape,
    vcards,
)


def test_names_fold_without_accents_case_or_punctuation() -> None:
    assert fold_name("  José  PÉREZ-Díaz ") == "jose perez diaz"
    assert name_key("Pérez José") == name_key("josé pérez")
    assert name_similarity("José Luis Pérez Soto", "Jose Luis Perez Sota") >= 88
    assert name_similarity("Ana Ruiz Vega", "Mario Ríos Lara") < 50


@pytest.mark.parametrize("typed, stored", [
    ("4111550000", "411 155 0000"),
    ("(411) 155-00-00", "411 155 0000"),
    ("+52 411 155 0000", "411 155 0000"),
    ("+52 1 461 123 4567", "461 123 4567"),
    ("044 461 123 4567", "461 123 4567"),
    ("01 461 123 4567", "461 123 4567"),
    ("461.123.4567 ext. 12", "461 123 4567 ext. 12"),
    ("461 123 4567 extensión 305", "461 123 4567 ext. 305"),
    ("Cel. 461 555 0113", "461 555 0113"), ("Tel: (411) 155-0000", "411 155 0000"),
    ("", ""),
])
def test_mexican_phones_are_normalised(typed: str, stored: str) -> None:
    assert normalize_phone(typed) == stored


@pytest.mark.parametrize("typed, why", [
    ("155 0000", "10 dígitos"), ("461 123 4567 8", "10 dígitos"), ("=HYPERLINK(1)", "solo se admiten"),
    ("llamar en la tarde", "solo se admiten"), ("461-ABC-4567", "solo se admiten"),
])
def test_bad_phones_say_why_in_spanish(typed: str, why: str) -> None:
    with pytest.raises(MediaRuleError, match=why):
        normalize_phone(typed)


def test_phone_key_is_the_ten_digits() -> None:
    assert phone_key("461 123 4567 ext. 12") == "4611234567"


@pytest.mark.parametrize("typed, stored", [("  Ana.Ruiz@Medio.COM.mx ", "ana.ruiz@medio.com.mx"),
                                           ("mailto:x@y.mx", "x@y.mx"), ("<a@b.co>", "a@b.co"), ("", ""),
                                           ("Juan Pérez <Juan@Correo.mx>", "juan@correo.mx")])
def test_emails_are_trimmed_and_lowered(typed: str, stored: str) -> None:
    assert normalize_email(typed) == stored


@pytest.mark.parametrize("bad", ["ana@", "@medio.mx", "ana medio.mx", "ana@medio", "ana..r@medio.mx",
                                 "ana@medio..mx", ".ana@medio.mx", "a@b@c.mx", "=cmd|'/c calc'!A1",
                                 "juan@@correo.mx"])
def test_bad_emails_are_refused(bad: str) -> None:
    with pytest.raises(MediaRuleError, match="no es un correo"):
        normalize_email(bad)


def test_beats_are_folded_once_each() -> None:
    assert parse_beats("Seguridad, política;  Cultura / seguridad") == ["seguridad", "política", "cultura"]
    assert beat_keys("Política, POLITICA, Obra  pública") == ["politica", "obra publica"]


def test_duplicate_reasons() -> None:
    a = PersonKeys(1, "María Fernanda López", ("4611234567",), "mf@medio.mx")
    assert duplicate_reasons(a, PersonKeys(2, "Otra Persona", ("4611234567",))) == ["mismo teléfono (461 123 4567)"]
    assert duplicate_reasons(a, PersonKeys(2, "Otra Persona", (), "mf@medio.mx")) == ["mismo correo (mf@medio.mx)"]
    assert duplicate_reasons(a, PersonKeys(2, "LÓPEZ María Fernanda")) == ["mismo nombre"]
    assert duplicate_reasons(a, PersonKeys(2, "Maria Fernanda Lopes")) == ["nombre parecido"]
    assert duplicate_reasons(a, PersonKeys(2, "Juan Carlos Ortega")) == []


def test_do_not_contact_needs_date_and_reason() -> None:
    assert dnc_problem(False, None, "") is None
    assert "fecha" in (dnc_problem(True, None, "pidió no recibir") or "")
    assert "motivo" in (dnc_problem(True, date(2026, 1, 1), " ") or "")
    assert dnc_problem(True, date(2026, 1, 1), "Lo pidió por escrito") is None


def test_vcard_escapes_commas_semicolons_backslashes_and_newlines() -> None:
    assert vcard_escape("a,b;c\\d\ne\r\nf\x00") == "a\\,b\\;c\\\\d\\ne\\nf"


def test_long_lines_are_folded_between_characters() -> None:
    line = "NOTE:" + "ñ" * 100
    folded = fold_line(line)
    assert all(len(part.encode("utf-8")) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line


def test_surnames_are_the_last_two_words() -> None:
    assert split_name("María Fernanda López Hernández") == ("López Hernández", "María Fernanda")
    assert split_name("Ana Ruiz") == ("Ruiz", "Ana")
    assert split_name("Cronista") == ("", "Cronista")


def test_a_vcard_is_read_back_by_an_independent_parser() -> None:
    person = VCardPerson("José Ángel Núñez, Jr.; el \"Güero\"", "El Sol del Bajío", "Reportero; fuente: policía",
                         ("461 123 4567", "411 155 0000 ext. 3"), "jose@sol.mx", "Llamar\nen la tarde, no antes",
                         "@guero_nunez")
    card = vobject.readOne(vcard(person))
    assert card.fn.value == person.name
    assert card.org.value == ["El Sol del Bajío"]
    assert card.title.value == person.role
    assert [t.value for t in card.contents["tel"]] == ["+524611234567", "+524111550000,3"]  # ",": dial pause
    assert card.email.value == "jose@sol.mx"
    assert card.note.value == "Llamar\nen la tarde, no antes"


printable = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=200).filter(
    lambda t: t.strip() == t and t.strip() != "")


@given(name=printable, note=st.text(st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_any_text_survives_a_vcard_round_trip(name: str, note: str) -> None:
    data = vcards([VCardPerson(name, note=note), VCardPerson("Segunda Persona")])
    cards = list(vobject.readComponents(data.decode("utf-8")))
    assert len(cards) == 2
    assert cards[0].fn.value == name
    expected_note = "".join(ch for ch in note.replace("\r\n", "\n").replace("\r", "\n")
                            if ch == "\n" or ch >= " " and ch != "\x7f")
    if expected_note:
        assert cards[0].note.value == expected_note


def _facts(medium: str, coverage: str, beats: list[str], outlet: int | None = 1, text: str = "") -> ContactFacts:
    return ContactFacts(medium, coverage, beats, outlet, text)


def test_saved_search_predicate() -> None:
    radio_regional_security = ListCriteria(media=("radio",), coverage=("regional",), beats=("seguridad",))
    assert matches(radio_regional_security, _facts("radio", "regional", ["seguridad", "politica"]))
    assert not matches(radio_regional_security, _facts("tv", "regional", ["seguridad"]))
    assert not matches(radio_regional_security, _facts("radio", "local", ["seguridad"]))
    assert not matches(radio_regional_security, _facts("radio", "regional", ["cultura"]))
    either = ListCriteria(media=("radio", "tv"))
    assert matches(either, _facts("tv", "local", []))
    assert matches(ListCriteria(text="Celaya"), _facts("impreso", "local", [], text="ana ruiz periodico celaya"))
    assert not matches(ListCriteria(outlet_ids=(2,)), _facts("impreso", "local", [], outlet=1))
    assert ListCriteria().is_empty()
    assert radio_regional_security.describe() == "Radio + cobertura regional + fuente: seguridad"


def test_criteria_round_trip_through_json_dict() -> None:
    c = ListCriteria(media=("radio",), coverage=("estatal",), beats=("Política",), outlet_ids=(3,), text="x")
    again = ListCriteria.from_dict(c.to_dict())
    assert again == c
    assert matches(again, _facts("radio", "estatal", ["politica"], outlet=3, text="x"))
    assert ListCriteria.from_dict({"media": "radio", "outlet_ids": None}) == ListCriteria()
