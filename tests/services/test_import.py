"""Import of a messy spreadsheet: mapping by Spanish headers, per-row errors, all valid rows in one transaction,
re-import changes nothing, hostile files refused quickly."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from cortazar_desk.db.engine import read_engine
from cortazar_desk.domain.permits import PermitStatus
from cortazar_desk.services import assets, reference_layers
from cortazar_desk.services.database import Database
from cortazar_desk.services.errors import UserError
from cortazar_desk.services.inventory_import import apply_import, preview_import, suggest_mapping

from ..conftest import GEODATA

HEADERS = ["FOLIO", "Tipo de anuncio", "Dirección", "Núm.", "Localidad", "Latitud", "Longitud", "Propietario",
           "Propiedad", "Número de Permiso", "Vigencia", "Observaciones", "Columna que nadie usa"]


def messy_workbook(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Inventario de anuncios 2026"])  # a title row above the headers is common
    ws.append([])
    ws.append(HEADERS)
    ws.append(["ESP-014", "Espectacular", "Carretera Panamericana", "km 3", "Cortazar", 20.4812, -100.9501,
               "Juan Pérez", "Rentado", "DU-2026-0077", datetime(2027, 3, 31), "Frente a gasolinera", "x"])
    ws.append(["BAR-003", "barda", "Hidalgo", "12", "tierra fria", "20° 28' 58.8\" N", "100° 57' 47.5\" O",
               "=HYPERLINK(\"http://x\")", "Barda particular con anuencia", "DU-9", "15/12/2026", "", None])
    ws.append(["", "Lona", "Allende", "s/n", "Cortazar", "", "", "", "Municipal", "", "", "sin folio", None])
    ws.append(["PEN-001", "Pendon", "Juárez", "", "Narnia", "", "", "", "", "", "", "", None])  # unknown locality
    ws.append(["XYZ-001", "Cohete", "Juárez", "", "", "", "", "", "", "", "", "", None])  # unknown type
    ws.append(["ESP-014", "Espectacular", "Otra", "", "", "", "", "", "", "", "", "", None])  # repeated folio
    ws.append(["VAL-001", "Valla", "5 de Mayo", "", "", 95, -100.9, "", "", "", "", "", None])  # bad latitude
    ws.append(["MAM-002", "Mampara", "Madero", "", "", "", "", "", "", "", "31/02/2026", "", None])  # bad date
    ws["H5"].data_type = "s"  # a text that looks like a formula, stored as text the way Excel does with '=...
    ws["L13"] = "=1+1"  # a formula without a cached value (openpyxl never computes one)
    ws.append(["PAR-001", "Parabús", "Ocampo", "", "", "", "", "", "", "", "", "", None])
    wb.save(path)
    return path


def _audit_rows(db: Database) -> int:
    with read_engine(db.engine).connect() as conn:
        return int(conn.execute(text("SELECT COUNT(*) FROM audit_log")).scalar_one())


def test_mapping_by_spanish_headers() -> None:
    mapping = suggest_mapping(HEADERS)
    assert [mapping.get(i) for i in range(len(HEADERS))] == [
        "folio", "type", "street", "number", "locality", "lat", "lon", "owner_name", "ownership", "permit_number",
        "permit_until", "notes", None]


def test_preview_reports_each_bad_row_in_spanish(db: Database, tmp_path: Path) -> None:
    reference_layers.load_layer(db, reference_layers.LOCALITIES,
                                (GEODATA / "cortazar_localidades.geojson").read_bytes(), "localidades")
    preview = preview_import(db, messy_workbook(tmp_path / "inventario.xlsx"))
    errors = {r.row_number: " ".join(r.errors) for r in preview.rows if r.action == "error"}
    assert "Localidad desconocida: «Narnia»" in errors[7]
    assert "Tipo de anuncio desconocido" in errors[8]
    assert "se repite" in errors[9]
    assert "entre -90 y 90" in errors[10]
    assert "no es una fecha" in errors[11]
    assert "fórmula sin valor calculado" in errors[13] and "Falta el tipo de anuncio" in errors[13]
    assert preview.count("nuevo") == 4 and preview.count("error") == 6, errors
    assert assets.list_assets(db) == []  # a preview writes nothing


def test_apply_then_reimport_changes_nothing(db: Database, tmp_path: Path) -> None:
    reference_layers.load_layer(db, reference_layers.LOCALITIES,
                                (GEODATA / "cortazar_localidades.geojson").read_bytes(), "localidades")
    path = messy_workbook(tmp_path / "inventario.xlsx")
    result = apply_import(db, preview_import(db, path))
    assert (result.created, result.errors) == (4, 6)
    rows = {r.folio: r for r in assets.list_assets(db, date(2026, 11, 29))}
    assert set(rows) == {"ESP-014", "BAR-003", "LON-001", "PAR-001"}
    assert rows["BAR-003"].locality == "Tierra Fría" and rows["BAR-003"].owner_name == '=HYPERLINK("http://x")'
    assert rows["ESP-014"].permit_numbers == "DU-2026-0077"
    assert rows["LON-001"].status.status is PermitStatus.NOT_REQUIRED
    before = _audit_rows(db)
    again = apply_import(db, preview_import(db, path))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    assert _audit_rows(db) == before  # nothing was written the second time


def test_existing_folios_updated_or_skipped_by_choice(db: Database, tmp_path: Path) -> None:
    reference_layers.load_layer(db, reference_layers.LOCALITIES,
                                (GEODATA / "cortazar_localidades.geojson").read_bytes(), "localidades")
    type_id = next(t.id for t in assets.list_types(db) if t.code == "ESP")
    assets.create_asset(db, assets.AssetData(type_id=type_id, folio="ESP-014", street="Vieja"))
    path = messy_workbook(tmp_path / "inventario.xlsx")
    skip = preview_import(db, path, update_existing=False)
    assert next(r for r in skip.rows if r.folio == "ESP-014" and r.action != "error").action == "omitir"
    update = apply_import(db, preview_import(db, path))
    assert update.updated == 1
    assert next(r for r in assets.list_assets(db) if r.folio == "ESP-014").address == "Carretera Panamericana km 3"


def test_all_or_nothing(db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import cortazar_desk.services.inventory_import as importer

    reference_layers.load_layer(db, reference_layers.LOCALITIES,
                                (GEODATA / "cortazar_localidades.geojson").read_bytes(), "localidades")
    preview = preview_import(db, messy_workbook(tmp_path / "inventario.xlsx"))
    monkeypatch.setattr(importer, "BATCH", 2)  # several batches, the first flushed before the failure
    real_now = importer.utc_now
    calls: list[int] = []

    def failing_second_batch():  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("el disco se desconectó")
        return real_now()

    monkeypatch.setattr(importer, "utc_now", failing_second_batch)
    with pytest.raises(RuntimeError):
        apply_import(db, preview)
    assert assets.list_assets(db) == []  # the batch written before the failure was rolled back too


def test_cancel_leaves_nothing(db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import cortazar_desk.services.inventory_import as importer
    from cortazar_desk.services.inventory_import import ImportCancelled

    reference_layers.load_layer(db, reference_layers.LOCALITIES,
                                (GEODATA / "cortazar_localidades.geojson").read_bytes(), "localidades")
    monkeypatch.setattr(importer, "BATCH", 2)
    with pytest.raises(ImportCancelled, match="no se guardó nada"):
        apply_import(db, preview_import(db, messy_workbook(tmp_path / "inventario.xlsx")), lambda done, total: False)
    assert assets.list_assets(db) == []


def test_an_old_folio_of_another_asset_is_refused(db: Database, tmp_path: Path) -> None:
    from dataclasses import replace

    reference_layers.load_layer(db, reference_layers.LOCALITIES,
                                (GEODATA / "cortazar_localidades.geojson").read_bytes(), "localidades")
    type_id = next(t.id for t in assets.list_types(db) if t.code == "BAR")
    asset_id, _ = assets.create_asset(db, assets.AssetData(type_id=type_id, folio="BAR-003"))
    data, version, _ = assets.load_asset(db, asset_id)
    assets.update_asset(db, asset_id, version, replace(data, folio="BAR-900"))  # BAR-003 is now retired
    preview = preview_import(db, messy_workbook(tmp_path / "inventario.xlsx"))
    row = next(r for r in preview.rows if r.folio == "BAR-003")
    assert row.action == "error" and "ya fue usado" in row.errors[0]


@pytest.mark.parametrize("kind", ["not_zip", "bomb", "no_sheets"])
def test_hostile_files_are_refused_quickly(db: Database, tmp_path: Path, kind: str) -> None:
    path = tmp_path / "malo.xlsx"
    if kind == "not_zip":
        path.write_bytes(b"<html>esto no es excel</html>")
    elif kind == "bomb":
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("xl/worksheets/sheet1.xml", b"<x>" + b"0" * 50_000_000 + b"</x>")
    else:
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("hola.txt", "hola")
    with pytest.raises(UserError, match="Se rechazó el archivo"):
        preview_import(db, path)


def test_update_touches_only_the_columns_the_sheet_has(db: Database, tmp_path: Path) -> None:
    from decimal import Decimal

    type_id = next(t.id for t in assets.list_types(db) if t.code == "ESP")
    asset_id, _ = assets.create_asset(db, assets.AssetData(
        type_id=type_id, folio="ESP-050", street="Vieja", notes="Notas de la oficina", owner_phone="411 1",
        lat=20.48, lon=-100.96, faces=2, ownership="rentado", condition="malo", width_m=Decimal("12.90")))
    wb = openpyxl.Workbook()
    wb.active.append(["Folio", "Tipo", "Calle"])
    wb.active.append(["ESP-050", "Espectacular", "Nueva"])
    path = tmp_path / "solo-calle.xlsx"
    wb.save(path)
    result = apply_import(db, preview_import(db, path))
    data, _version, _ = assets.load_asset(db, asset_id)
    assert result.updated == 1 and data.street == "Nueva"
    assert (data.notes, data.owner_phone, data.lat, data.faces, data.ownership, data.condition, data.width_m) == (
        "Notas de la oficina", "411 1", 20.48, 2, "rentado", "malo", Decimal("12.90"))


def test_the_apps_own_export_imports_back_without_inventing_permits(db: Database, tmp_path: Path) -> None:
    from cortazar_desk.services.inventory_export import export_inventory

    type_id = next(t.id for t in assets.list_types(db) if t.code == "BAR")
    assets.create_asset(db, assets.AssetData(type_id=type_id, street="Hidalgo", ownership="rentado"))
    export_inventory(db, tmp_path / "export.xlsx")
    result = apply_import(db, preview_import(db, tmp_path / "export.xlsx"))
    row = assets.list_assets(db)[0]
    assert (result.created, result.updated, result.unchanged) == (0, 0, 1)
    assert row.status.status is PermitStatus.MISSING and row.permit_numbers == ""


def test_an_edit_made_after_the_preview_stops_the_import(db: Database, tmp_path: Path) -> None:
    from dataclasses import replace

    from ..conftest import second_session

    reference_layers.load_layer(db, reference_layers.LOCALITIES,
                                (GEODATA / "cortazar_localidades.geojson").read_bytes(), "localidades")
    type_id = next(t.id for t in assets.list_types(db) if t.code == "ESP")
    asset_id, _ = assets.create_asset(db, assets.AssetData(type_id=type_id, folio="ESP-014"))
    preview = preview_import(db, messy_workbook(tmp_path / "inventario.xlsx"))
    other = second_session(db, "maria", "equipo-2")
    data, version, _ = assets.load_asset(other, asset_id)
    assets.update_asset(other, asset_id, version, replace(data, owner_name="María"))
    other.dispose()
    with pytest.raises(UserError, match="cambió en otro equipo"):
        apply_import(db, preview)
    assert assets.load_asset(db, asset_id)[0].owner_name == "María"


@pytest.mark.parametrize(("faces", "width", "words"), [("dos", None, "Caras"), ("inf", None, "Caras"),
                                                        ("2.7", None, "Caras"), (None, "NaN", "Ancho")])
def test_bad_numbers_are_row_errors_in_spanish(db: Database, tmp_path: Path, faces, width, words) -> None:  # type: ignore[no-untyped-def]
    wb = openpyxl.Workbook()
    wb.active.append(["Folio", "Tipo", "Caras", "Ancho"])
    wb.active.append(["ESP-001", "Espectacular", faces, width])
    wb.save(tmp_path / "numeros.xlsx")
    (row,) = preview_import(db, tmp_path / "numeros.xlsx").rows
    assert row.action == "error" and words in row.errors[0] and "float" not in row.errors[0]


def test_a_permit_number_without_expiry_is_a_row_error(db: Database, tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.append(["Folio", "Tipo", "Número de permiso"])
    wb.active.append(["BAR-001", "Barda", "DU-77"])
    wb.save(tmp_path / "sin-vigencia.xlsx")
    (row,) = preview_import(db, tmp_path / "sin-vigencia.xlsx").rows
    assert row.action == "error" and "vigente" in row.errors[0]


def test_a_row_reports_the_problem_of_each_bad_cell(db: Database, tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.append(["Folio", "Tipo", "Caras", "Localidad", "Vigencia", "Correo"])
    wb.active.append(["ESP-001", "Espectacular", "siete", "Narnia", "31/02/2026", "sin arroba"])
    wb.save(tmp_path / "varios.xlsx")
    (row,) = preview_import(db, tmp_path / "varios.xlsx").rows
    joined = " | ".join(row.errors)
    assert row.action == "error" and len(row.errors) == 4, joined
    for words in ("«Caras»", "Localidad desconocida: «Narnia»", "no es una fecha", "falta @"):
        assert words in joined


def test_imported_rows_are_in_each_assets_history_and_the_chain_holds(db: Database, tmp_path: Path) -> None:
    from cortazar_desk.db.audit import verify_chain
    from cortazar_desk.services import audit_log

    reference_layers.load_layer(db, reference_layers.LOCALITIES,
                                (GEODATA / "cortazar_localidades.geojson").read_bytes(), "localidades")
    apply_import(db, preview_import(db, messy_workbook(tmp_path / "inventario.xlsx")))
    rows = {r.folio: r for r in assets.list_assets(db)}
    history = audit_log.asset_history(db, rows["ESP-014"].id)
    # The asset's own "Alta" with its values, and its permit's, read out of the import's bulk entries.
    assert [(e.action, e.object_label.split()[0]) for e in history] == [("Alta", "Documento"), ("Alta", "Anuncio")]
    assert "Carretera Panamericana" in history[1].summary and "ESP-014" in history[1].summary
    assert "DU-2026-0077" in history[0].summary and "31/03/2027" in history[0].summary
    assert all(e.reason == "importación de inventario.xlsx" for e in history)
    assert "Hidalgo" not in history[1].summary  # another imported asset's values are not this one's
    log = audit_log.recent_entries(db)
    bulk = [e for e in log if e.action == "Alta en bloque"]
    assert {e.object_type for e in bulk} == {"asset", "asset_document"}
    assert any(e.summary.startswith("4 registros dados de alta juntos") for e in bulk)
    with read_engine(db.engine).connect() as conn:
        assert verify_chain(conn).ok


def test_an_imported_assets_history_lists_its_fields_in_the_sheets_order(db: Database, tmp_path: Path) -> None:
    from cortazar_desk.services import audit_log

    wb = openpyxl.Workbook()
    wb.active.append(["Folio", "Tipo", "Calle"])
    wb.active.append(["ESP-001", "Espectacular", "Hidalgo"])  # one row: every value is one all rows share
    wb.save(tmp_path / "uno.xlsx")
    apply_import(db, preview_import(db, tmp_path / "uno.xlsx"))
    (asset,) = assets.list_assets(db)
    (entry,) = audit_log.asset_history(db, asset.id)
    assert entry.summary.startswith("Tipo: Espectacular; Folio: ESP-001; Caras: 1"), entry.summary


def test_a_bad_valid_from_matters_only_with_a_permit_and_a_bad_folio_still_gives_its_type(
        db: Database, tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.append(["Folio", "Tipo", "Vigente desde", "Número de permiso", "Vigencia"])
    wb.active.append(["BAR-001", "Barda", "31/02/2026", "", ""])  # no permit: the date is not used
    wb.active.append(["BAR-002", "Barda", "31/02/2026", "DU-8", "31/12/2026"])
    wb.active.append(["ESP-1A", "", "", "", ""])
    wb.save(tmp_path / "desde.xlsx")
    no_permit, with_permit, bad_folio = preview_import(db, tmp_path / "desde.xlsx").rows
    assert no_permit.action == "nuevo" and no_permit.permit is None
    assert with_permit.action == "error" and "«Vigente desde»" in with_permit.errors[0]
    assert bad_folio.action == "error" and len(bad_folio.errors) == 1 and "ESP-1A" in bad_folio.errors[0]


# Cells as sheets bring them: clean text, accents (composed or not), control characters, doubled or no-break spaces,
# over-long text, e-mails without @, folios right and wrong, coordinates in and out of range, numbers where text goes.
_CELL_TEXT = st.lists(st.sampled_from(["a", "Z", "é", "e\u0301", "\u0301", " ", "  ", "\u00a0", "\x00", "\t", "\n",
                                        "@", "-", "ESP-", "0", "1", "|", "\ud800", "\ufffe", "ß"]),
                      max_size=12).map("".join)
_CELL = st.one_of(_CELL_TEXT, st.sampled_from(["ESP-001", "esp-0001", "BAR-1", "x" * 301]), st.none(),
                  st.floats(min_value=-200, max_value=200), st.sampled_from([float("nan"), 20.5, -100.9]),
                  st.integers(-3, 3))


@given(st.sampled_from(["folio", "street", "owner_email", "notes", "reference", "lat", "lon", "permit_number"]),
       st.lists(_CELL, max_size=30))
@settings(max_examples=300, deadline=None)
def test_a_column_checked_at_once_is_what_checking_each_cell_gives(field: str, column: list[object]) -> None:
    from types import SimpleNamespace

    from cortazar_desk.services import inventory_import as imp

    converters = imp._converters(SimpleNamespace(types={}, localities={}, ownership={}))  # type: ignore[arg-type]
    at_once: dict[int, list[str]] = {}
    each: dict[int, list[str]] = {}
    assert imp._column(column, converters[field], at_once, imp.BATCHES[field]) == \
        imp._column(column, converters[field], each, None)
    assert at_once == each
