"""Import of press contacts from Excel: mapping, per-row Spanish errors, duplicates, all or nothing, no re-import."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from cortazar_desk.services import media_directory as md
from cortazar_desk.services import media_import as mi
from cortazar_desk.services.database import Database
from cortazar_desk.services.errors import UserError
from cortazar_desk.services.inventory_import import ImportCancelled

HEADERS = ["Nombre completo", "Medio", "Tipo de medio", "Cargo", "Fuentes", "Celular", "Correo electrónico",
           "Observaciones"]


def workbook(path: Path, rows: list[list[object]], headers: list[str] = HEADERS) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Directorio de prensa — proveedor"])  # a title above the headers, as real lists have
    ws.append([])
    ws.append(headers)
    for row in rows:
        ws.append(row)
    for line in ws.iter_rows(min_row=4):
        for cell in line:
            if isinstance(cell.value, str) and cell.value.startswith("=H"):
                cell.data_type = "s"  # text that looks like a formula, as a provider's hostile list has it
    wb.save(path)
    return path


ROWS: list[list[object]] = [
    ["Laura Méndez Ríos", "El Sol del Bajío", "", "Reportera", "Seguridad, política", "461 123 4567",
     "laura@sol.example", ""],
    ["Mario Salas", "Radio Nueva Demo", "Radio", "Conductor", "Cultura", 4611112222, "", ""],
    ["Correo Malo", "El Sol del Bajío", "", "", "", "", "correo@@malo", ""],
    ["Teléfono Malo", "El Sol del Bajío", "", "", "", "12345", "", ""],
    ["Medio Sin Tipo", "Portal Desconocido", "", "", "", "", "", ""],
    ["=HYPERLINK(\"http://x.example\",\"clic\")", "El Sol del Bajío", "", "", "", "", "", "+cmd"],
    ["LAURA MENDEZ RIOS", "El Sol del Bajío", "", "", "", "(461) 123-4567", "", ""],  # same as row 4
    ["Pedro Vela", "", "", "", "", "", "", "x" * 5000],
    ["Ana Existente", "El Sol del Bajío", "", "", "", "411 155 0000", "", ""],
    ["Fórmula Real", "El Sol del Bajío", "", "", "", "", "", "=1+1"],
    ["Dos Teléfonos", "El Sol del Bajío", "", "", "", "461-765-4321 / 4617654322 / 461 765 4323",
     "uno@sol.example; dos@sol.example", ""],
]


def test_headers_are_recognised_and_rows_checked(db: Database, tmp_path: Path) -> None:
    sol = md.create_outlet(db, md.OutletData("El Sol del Bajío", "impreso", "regional"))
    md.create_contact(db, md.ContactData("Ana Ruiz", sol, phone="4111550000"))
    preview = mi.preview_import(db, workbook(tmp_path / "prensa.xlsx", ROWS))
    assert [preview.mapping[c] for c in sorted(preview.mapping)] == [
        "name", "outlet", "medium", "role", "beats", "phone", "email", "notes"]
    actions = {r.row_number: (r.action, " ".join(r.errors)) for r in preview.rows}
    assert actions[4][0] == "nuevo" and actions[5][0] == "nuevo"
    assert actions[6][0] == "error" and "no es un correo electrónico" in actions[6][1]
    assert actions[7][0] == "error" and "10 dígitos" in actions[7][1]
    assert actions[8][0] == "error" and "falta su tipo" in actions[8][1]
    assert actions[9][0] == "nuevo"  # a formula-looking name is text, stored as typed
    assert actions[10][0] == "omitir" and "fila 4" in actions[10][1]
    assert actions[11][0] == "error" and "«Notas» admite hasta 4,000 caracteres" in actions[11][1]
    assert actions[12][0] == "omitir" and "Posible duplicado de «Ana Ruiz» (mismo teléfono)" in actions[12][1]
    assert actions[13][0] == "error" and "fórmula sin valor calculado" in actions[13][1]
    assert preview.rows[1].new_outlet == ("Radio Nueva Demo", "radio", "regional")

    result = mi.apply_import(db, preview)
    assert (result.created, result.outlets_created, result.skipped, result.errors) == (4, 1, 2, 5)
    people = {r.name: r for r in md.list_contacts(db)}
    assert people["Mario Salas"].phone == "461 111 2222" and people["Mario Salas"].medium == "radio"
    assert people["Laura Méndez Ríos"].beats == "seguridad, política"
    assert people['=HYPERLINK("http://x.example","clic")'].notes == "+cmd"
    assert [h.outlet for h in md.contact_history(db, people["Mario Salas"].id)] == ["Radio Nueva Demo"]
    two = people["Dos Teléfonos"]  # a cell with several phones or addresses loses none of them
    assert (two.phone, two.phone2, two.email) == ("461 765 4321", "461 765 4322", "uno@sol.example")
    assert two.notes == "Otros datos de contacto: 461 765 4323, dos@sol.example"

    again = mi.preview_import(db, tmp_path / "prensa.xlsx")
    assert again.count("nuevo") == 0  # importing the same file twice adds nobody
    assert mi.apply_import(db, again).created == 0
    assert len(md.list_contacts(db)) == 5


def test_an_import_is_all_or_nothing(db: Database, tmp_path: Path) -> None:
    rows = [[f"Persona {n} Demo", "Medio Nuevo", "digital", "", "", f"461 000 {n:04d}", "", ""] for n in range(30)]
    preview = mi.preview_import(db, workbook(tmp_path / "prensa.xlsx", rows))
    assert preview.count("nuevo") == 30
    with pytest.raises(ImportCancelled):
        mi.apply_import(db, preview, progress=lambda done, total: False)
    assert md.list_contacts(db) == [] and md.list_outlets(db) == []


def test_a_sheet_without_a_name_column_or_not_a_workbook_is_refused(db: Database, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="columna del nombre"):
        mi.preview_import(db, workbook(tmp_path / "x.xlsx", [["a", "b"]], headers=["Medio", "Cargo"]))
    bad = tmp_path / "lista.xlsx"
    bad.write_bytes(b"Nombre,Correo\nAna,ana@x.mx\n")
    with pytest.raises(UserError, match="Se rechazó el archivo"):
        mi.preview_import(db, bad)


def test_a_mapping_fixed_by_hand(db: Database, tmp_path: Path) -> None:
    path = workbook(tmp_path / "raro.xlsx", [["Ana Demo", "ana@x.example"]], headers=["Quién", "Dónde escribir"])
    with pytest.raises(UserError):
        mi.preview_import(db, path)
    preview = mi.preview_import(db, path, {0: "name", 1: "email"})
    assert [(r.action, r.data.email if r.data else "") for r in preview.rows] == [("nuevo", "ana@x.example")]
