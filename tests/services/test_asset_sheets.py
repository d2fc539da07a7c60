"""Asset sheets: reopened as text with poppler's pdftotext, hostile text inert, one page per asset."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from cortazar_desk.documents.asset_sheet import map_link
from cortazar_desk.services import assets, office
from cortazar_desk.services.asset_sheets import asset_sheets_pdf
from cortazar_desk.services.database import Database
from cortazar_desk.services.errors import UserError


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.fail("poppler-utils (pdftotext) is needed; scripts/setup.sh --test installs it")
    path = tmp_path / "fichas.pdf"
    path.write_bytes(pdf)
    return subprocess.run([tool, "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_one_page_per_asset_with_its_data(db: Database, tmp_path: Path) -> None:
    type_id = next(t.id for t in assets.list_types(db) if t.code == "BAR")
    hostile = '<img src="/etc/passwd"/> <para>x & «Ñandú»'
    first, _ = assets.create_asset(db, assets.AssetData(type_id=type_id, street="Hidalgo", number="12",
                                                        owner_name=hostile, lat=20.483, lon=-100.9632))
    second, _ = assets.create_asset(db, assets.AssetData(type_id=type_id, street="Allende"))
    office.save_profile(db, replace(office.load_profile(db), office_name="Comunicación Social Cortazar"))
    pdf = asset_sheets_pdf(db, [second, first], date(2026, 11, 29))
    assert pdf.startswith(b"%PDF-")
    text = pdf_text(pdf, tmp_path)
    pages = text.split("\f")
    assert "BAR-002" in pages[0] and "BAR-001" in pages[1]  # in the order asked
    assert "Página 1 de 2" in pages[0] and "Página 2 de 2" in pages[1]
    assert "Comunicación Social Cortazar" in text and "Hidalgo 12" in pages[1]
    assert '<img src="/etc/passwd"/>' in pages[1]  # printed as text, not opened as an image
    assert "20.483000, -100.963200" in pages[1] and "Sin coordenadas" in pages[0]


def test_paper_size_from_settings(db: Database, tmp_path: Path) -> None:
    type_id = assets.list_types(db)[0].id
    asset_id, _ = assets.create_asset(db, assets.AssetData(type_id=type_id))
    letter = asset_sheets_pdf(db, [asset_id])
    office.save_profile(db, replace(office.load_profile(db), paper_size="oficio"))
    legal = asset_sheets_pdf(db, [asset_id])
    assert b"/MediaBox [ 0 0 612 792 ]" in letter
    assert b"/MediaBox [ 0 0 612.2835 963.7795 ]" in legal


def test_nothing_selected_is_a_spanish_message(db: Database) -> None:
    with pytest.raises(UserError, match="Seleccione"):
        asset_sheets_pdf(db, [])


def test_map_link_for_phones() -> None:
    assert map_link(20.483, -100.9632) == "https://www.google.com/maps/search/?api=1&query=20.483000,-100.963200"


def test_long_notes_flow_onto_the_next_page(db: Database, tmp_path: Path) -> None:
    type_id = assets.list_types(db)[0].id
    asset_id, _ = assets.create_asset(db, assets.AssetData(type_id=type_id, notes="Observación larga. " * 260))
    text = pdf_text(asset_sheets_pdf(db, [asset_id]), tmp_path)
    assert "Página 2 de 2" in text and text.count("Observación larga.") >= 200
