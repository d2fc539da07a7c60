"""Monitoring log, the daily síntesis and the period report, press releases and the coverage links."""

from __future__ import annotations

import io
import subprocess
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from PIL import Image

from cortazar_desk.services import campaigns
from cortazar_desk.services import media_directory as md
from cortazar_desk.services import media_monitoring as mm
from cortazar_desk.services import press_releases as pr
from cortazar_desk.services.database import Database
from cortazar_desk.services.errors import ValidationError

DAY = date(2026, 3, 10)


def jpeg(colour: tuple[int, int, int] = (200, 40, 40)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (640, 480), colour).save(out, "JPEG")
    return out.getvalue()


def pdftext(data: bytes, tmp_path: Path, name: str = "doc.pdf") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def outlets(db: Database) -> list[int]:
    return [md.create_outlet(db, md.OutletData(n, m, "regional")) for n, m in (
        ("El Sol del Bajío", "impreso"), ("Periódico AM", "impreso"), ("Express TV", "tv"),
        ("Celaya News", "digital"), ("Radio Demo", "radio"))]


def departments(db: Database) -> dict[str, int]:
    return {n: i for i, n in campaigns.departments(db)}


def test_entries_are_validated_and_take_the_outlets_medium(db: Database) -> None:
    sol = outlets(db)[0]
    with pytest.raises(ValidationError, match="titular"):
        mm.create_entry(db, mm.EntryData(datetime(2026, 3, 10, 8), sol, "  "))
    with pytest.raises(ValidationError, match="dirección web"):
        mm.create_entry(db, mm.EntryData(datetime(2026, 3, 10, 8), sol, "Nota", link="javascript:alert(1)"))
    with pytest.raises(ValidationError, match="tono"):
        mm.create_entry(db, mm.EntryData(datetime(2026, 3, 10, 8), sol, "Nota", tone="furiosa"))
    with pytest.raises(ValidationError, match="alcance"):
        mm.create_entry(db, mm.EntryData(datetime(2026, 3, 10, 8), sol, "Nota", reach=-5))
    with pytest.raises(ValidationError, match="Titular» admite hasta 400"):
        mm.create_entry(db, mm.EntryData(datetime(2026, 3, 10, 8), sol, "x" * 100_000))
    entry = mm.create_entry(db, mm.EntryData(datetime(2026, 3, 10, 8), sol, "Nota\x00 uno", link="sol.mx/nota-1"))
    data, version, has_clipping = mm.load_entry(db, entry)
    assert (data.headline, data.link, data.medium, version, has_clipping) == (
        "Nota uno", "https://sol.mx/nota-1", "impreso", 1, False)


def test_editing_an_entry_changes_its_departments(db: Database) -> None:
    sol = outlets(db)[0]
    d = departments(db)
    entry = mm.create_entry(db, mm.EntryData(datetime(2026, 3, 10, 8), sol, "Nota",
                                             department_ids=(d["Presidencia"], d["Tránsito"])))
    data, version, _c = mm.load_entry(db, entry)
    mm.update_entry(db, entry, version, mm.EntryData(data.published_at, sol, "Nota corregida",
                                                     department_ids=(d["Tránsito"], d["JUMAPAC"])),
                    clipping=(jpeg(), "recorte.jpg"))
    data, version, has_clipping = mm.load_entry(db, entry)
    assert data.department_ids == (d["Tránsito"], d["JUMAPAC"]) and version == 2 and has_clipping
    assert mm.clipping(db, entry)[1] == "image/jpeg"  # type: ignore[index]
    rows = mm.list_entries(db, DAY, DAY)
    assert [(r.headline, r.departments) for r in rows] == [("Nota corregida", "Tránsito, JUMAPAC")]


def _morning_after(db: Database) -> None:
    """Ten notes from five outlets, as the office logs them the morning after an event."""
    ids = outlets(db)
    d = departments(db)
    notes = [
        (ids[0], "Inauguran pozo de agua en Tierra Fría", "positiva", ("JUMAPAC",), "Agua potable"),
        (ids[0], "Vecinos reclaman baches en calle Hidalgo", "negativa", ("Movilidad",), "Obra pública"),
        (ids[1], "Presidencia presenta Fiestas Patrias", "positiva", ("Presidencia",), "Fiestas Patrias"),
        (ids[1], "Operativo vial en la Panamericana", "neutral", ("Tránsito", "Seguridad Pública"), "Seguridad"),
        (ids[2], "Entrevista: el programa de lonas", "neutral", ("Presidencia",), "Fiestas Patrias"),
        (ids[2], "Falla el alumbrado en Merino", "negativa", (), "Servicios"),
        (ids[3], "DIF entrega apoyos en La Gavia", "positiva", ("Sistema DIF",), "Apoyos sociales"),
        (ids[3], "Asaltos en la zona centro", "negativa", ("Seguridad Pública",), "Seguridad"),
        (ids[4], "Cápsula: feria del Alfeñique", "positiva", ("Centro Cultural",), "Cultura"),
        (ids[4], "Cortes de agua programados", "neutral", ("JUMAPAC",), "Agua potable"),
    ]
    for n, (outlet_id, headline, tone, depts, topic) in enumerate(notes):
        mm.create_entry(db, mm.EntryData(datetime(2026, 3, 10, 7 + n // 2, 5 * n), outlet_id, headline, tone=tone,
                                         topic=topic, department_ids=tuple(d[x] for x in depts),
                                         link=f"https://medio.example/nota/{n}?a=1&b=<x>", reach=1000 * (n + 1),
                                         author="Redacción" if n % 2 else "", officials="Presidente municipal"),
                        clipping=(jpeg((20 * n, 100, 150)), f"recorte{n}.jpg") if n % 3 == 0 else None)
    hidden = mm.create_entry(db, mm.EntryData(datetime(2026, 3, 10, 23), ids[0], "Fe de erratas", in_summary=False))
    assert hidden
    mm.create_entry(db, mm.EntryData(datetime(2026, 3, 11, 0, 5), ids[0], "Nota del día siguiente"))


def test_day_summary_groups_by_department_then_topic(db: Database, tmp_path: Path) -> None:
    _morning_after(db)
    summary = mm.day_summary(db, DAY)
    assert summary.total == 11  # ten notes, one of them under two departments
    assert summary.outlets == 5
    assert dict(summary.tones) == {"positiva": 4, "negativa": 3, "neutral": 3}
    assert list(summary.groups)[:2] == ["Centro Cultural", "JUMAPAC"]
    assert list(summary.groups)[-1] == mm.NO_DEPARTMENT
    assert [i.headline for i in summary.groups["Presidencia"]["Fiestas Patrias"]] == [
        "Presidencia presenta Fiestas Patrias", "Entrevista: el programa de lonas"]
    assert summary.groups["JUMAPAC"]["Agua potable"][0].thumbnail is not None
    pdf = mm.summary_pdf(db, DAY)
    text = pdftext(pdf, tmp_path)
    assert "Síntesis informativa del martes 10 de marzo de 2026" in text
    for headline in ("Inauguran pozo de agua en Tierra Fría", "Asaltos en la zona centro", "Cortes de agua"):
        assert headline in text
    assert "Fe de erratas" not in text and "Nota del día siguiente" not in text
    assert "https://medio.example/nota/0?a=1&b=<x>" in text
    assert text.index("Centro Cultural") < text.index("JUMAPAC") < text.index("Sin dependencia")
    # The QR codes read back as the links.
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", str(tmp_path / "doc.pdf"),
                    str(tmp_path / "page")], check=True)
    page = next(tmp_path.glob("page*.png"))
    found = subprocess.run(["zbarimg", "-q", "--raw", str(page)], capture_output=True, text=True).stdout.split()
    assert "https://medio.example/nota/8?a=1&b=<x>" in found


def test_an_empty_day_says_so(db: Database, tmp_path: Path) -> None:
    empty_day = pdftext(mm.summary_pdf(db, DAY), tmp_path)
    assert "No hay notas marcadas" in empty_day and "0 notas" not in empty_day


def test_period_report_counts_tone_by_outlet_department_and_topic(db: Database, tmp_path: Path) -> None:
    _morning_after(db)
    report = mm.period_report(db, date(2026, 3, 1), date(2026, 3, 31))
    assert report.total == 12
    assert dict(report.by_outlet["El Sol del Bajío"]) == {"positiva": 1, "negativa": 1, "neutral": 2}
    assert dict(report.by_department["Seguridad Pública"]) == {"neutral": 1, "negativa": 1}
    assert dict(report.by_department[mm.NO_DEPARTMENT]) == {"negativa": 1, "neutral": 2}
    assert sum(report.by_topic["Agua potable"].values()) == 2
    assert report.reach == sum(1000 * (n + 1) for n in range(10))
    text = pdftext(mm.period_pdf(db, date(2026, 3, 1), date(2026, 3, 31)), tmp_path)
    assert "Informe de monitoreo de medios del 01/03/2026 al 31/03/2026" in text
    assert "Por medio" in text and "Por dependencia" in text and "Por tema" in text
    with pytest.raises(ValidationError, match="termina antes"):
        mm.period_report(db, date(2026, 3, 31), date(2026, 3, 1))


def test_press_releases_are_numbered_per_year_printed_exported_and_linked(db: Database, tmp_path: Path) -> None:
    sol = outlets(db)[0]
    d = departments(db)
    first, number = pr.create_release(db, pr.ReleaseData(date(2026, 3, 9), "Fiestas Patrias 2026",
                                                         "Primer párrafo.\n\nSegundo <b>párrafo</b>.",
                                                         department_id=d["Presidencia"]))
    second, number2 = pr.create_release(db, pr.ReleaseData(date(2026, 3, 10), "=cmd|' /C calc'!A0"),
                                        file=(b"%PDF-1.4 demo", "boletin.pdf"))
    assert (number, number2) == ("BOL-2026-001", "BOL-2026-002")
    assert pr.create_release(db, pr.ReleaseData(date(2027, 1, 2), "Año nuevo"))[1] == "BOL-2027-001"
    with pytest.raises(ValidationError, match="título"):
        pr.create_release(db, pr.ReleaseData(date(2026, 3, 10), ""))
    entry = mm.create_entry(db, mm.EntryData(datetime(2026, 3, 10, 9), sol, "Cobertura del boletín",
                                             press_release_id=first))
    assert [e.id for e in mm.coverage_of(db, press_release_id=first)] == [entry]
    rows = {r.number: r for r in pr.list_releases(db)}
    assert rows["BOL-2026-001"].coverage == 1 and rows["BOL-2026-002"].has_file
    assert pr.release_file(db, second).startswith(b"%PDF-")
    text = pdftext(pr.release_pdf(db, first), tmp_path)
    assert "Segundo <b>párrafo</b>." in text and "Cobertura del boletín" in text and "Presidencia" in text
    path = tmp_path / "boletines.xlsx"
    assert pr.export_xlsx(db, path) == 3
    sheet = openpyxl.load_workbook(path).active
    titles = [row[2] for row in sheet.iter_rows(min_row=2)]
    hostile = next(c for c in titles if c.value.startswith("="))
    assert hostile.data_type == "s" and hostile.quotePrefix


def test_coverage_of_a_campaign(db: Database) -> None:
    sol = outlets(db)[0]
    campaign = campaigns.create_campaign(db, campaigns.CampaignData("Predial 2026", date(2026, 1, 1),
                                                                    date(2026, 3, 31)))
    entry = mm.create_entry(db, mm.EntryData(datetime(2026, 3, 10, 9), sol, "Descuento en predial",
                                             campaign_id=campaign))
    mm.create_entry(db, mm.EntryData(datetime(2026, 3, 10, 9), sol, "Otra nota"))
    rows = mm.coverage_of(db, campaign_id=campaign)
    assert [(r.id, r.campaign) for r in rows] == [(entry, "Predial 2026")]


def test_coverage_of_an_event_request_and_its_press_release(db: Database) -> None:
    from cortazar_desk.services import requests

    sol, am = outlets(db)[:2]
    event = requests.create_request(db, requests.RequestData(
        received_on=date(2026, 3, 1), department_id=departments(db)["Sistema DIF"], event_name="Feria de la salud",
        starts_at=datetime(2026, 3, 9, 10), ends_at=datetime(2026, 3, 9, 13)))
    release, number = pr.create_release(db, pr.ReleaseData(date(2026, 3, 9), "El DIF acerca la salud",
                                                           event_request_id=event.id))
    later = requests.create_request(db, requests.RequestData(
        received_on=date(2026, 3, 1), department_id=departments(db)["Sistema DIF"], event_name="Feria del libro",
        starts_at=datetime(2026, 4, 20, 10), ends_at=datetime(2026, 4, 20, 13)))
    choices = requests.request_choices(db, date(2026, 3, 10))
    assert [label.split(" · ")[0] for _id, label in choices] == [event.folio, later.folio]  # yesterday's first
    first = mm.create_entry(db, mm.EntryData(datetime(2026, 3, 10, 8), sol, "Cientos acuden a la feria",
                                             event_request_id=event.id, press_release_id=release))
    mm.create_entry(db, mm.EntryData(datetime(2026, 3, 10, 9), am, "Nota sin vínculo"))
    rows = mm.coverage_of(db, event_request_id=event.id)
    assert [(r.id, r.event_request, r.press_release) for r in rows] == [(first, event.folio, number)]
    assert mm.load_entry(db, first)[0].event_request_id == event.id
    assert next(r for r in pr.list_releases(db) if r.id == release).event == event.folio


def test_demo_press_office(db: Database) -> None:
    from cortazar_desk.services.demo_media import INVENTED, fill_demo_media

    today = date(2026, 3, 10)
    assert fill_demo_media(db, today) == 37
    assert fill_demo_media(db, today) == 0  # idempotent
    contacts = md.list_contacts(db)
    assert all(INVENTED in c.notes for c in contacts)
    assert all(c.email.endswith(".example") for c in contacts if c.email)
    assert md.duplicate_groups(db)  # the demo has a duplicate to merge
    summary = mm.day_summary(db, today)
    assert summary.outlets >= 5 and sum(summary.tones.values()) == 10
    from cortazar_desk.services import media_lists as ml

    radio = next(r for r in ml.list_lists(db) if r.name.startswith("Radio"))
    assert radio.members >= 2
