"""Catálogos: loading the INEGI layers, adding and editing types, and the requirements table."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox

from cortazar_desk.domain.permits import DocumentKind, PermitStatus
from cortazar_desk.services import assets, catalogues, reference_layers
from cortazar_desk.ui.context import AppContext
from cortazar_desk.ui.main_window import MainWindow
from cortazar_desk.ui.pages import catalogues_page

from ..conftest import GEODATA


def test_load_layers_from_the_page(window: MainWindow, ctx: AppContext, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QMessageBox, "information", lambda *_a, **_k: None)
    page = window.catalogues
    assert "sin cargar" in page.layers_label.text()
    assert page.load_layer(reference_layers.BOUNDARY, GEODATA / "cortazar_municipio.geojson")
    assert page.load_layer(reference_layers.LOCALITIES, GEODATA / "cortazar_localidades.geojson")
    assert "44 elementos" in page.layers_label.text()
    assert len(reference_layers.localities(ctx.db)) == 44


def test_bad_geojson_is_refused_in_spanish(window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    bad = tmp_path / "capa.geojson"
    bad.write_text("{no es json")
    assert not window.catalogues.load_layer(reference_layers.LOCALITIES, bad)
    assert "no es GeoJSON" in shown[0]


def test_add_type_and_require_documents(window: MainWindow, ctx: AppContext, monkeypatch: pytest.MonkeyPatch) -> None:
    page = window.catalogues

    def fill_type(dialog: QDialog) -> int:
        dialog.code.setText("tot")  # type: ignore[attr-defined]
        dialog.name.setText("Tótem")  # type: ignore[attr-defined]
        dialog.validity.setValue(180)  # type: ignore[attr-defined]
        return 1

    monkeypatch.setattr(catalogues_page.TypeDialog, "exec", fill_type)
    page.add_type()
    tot = next(t for t in catalogues.list_all_types(ctx.db) if t.code == "TOT")
    assert (tot.name, tot.default_validity_days) == ("Tótem", 180)

    def fill_rule(dialog: QDialog) -> int:
        dialog.type_combo.setCurrentIndex(dialog.type_combo.findData("TOT"))  # type: ignore[attr-defined]
        dialog.checks[DocumentKind.PERMIT].setChecked(True)  # type: ignore[attr-defined]
        dialog.checks[DocumentKind.INSURANCE].setChecked(True)  # type: ignore[attr-defined]
        return 1

    monkeypatch.setattr(catalogues_page.RuleDialog, "exec", fill_rule)
    page.add_rule()
    asset_id, folio = assets.create_asset(ctx.db, assets.AssetData(type_id=tot.id))
    row = next(r for r in assets.list_assets(ctx.db) if r.id == asset_id)
    assert folio == "TOT-001" and row.status.status is PermitStatus.MISSING
    assert row.status.missing == (DocumentKind.PERMIT, DocumentKind.INSURANCE)


def test_duplicate_type_code_is_refused(ctx: AppContext) -> None:
    from cortazar_desk.services.errors import ValidationError

    with pytest.raises(ValidationError, match="Ya existe"):
        catalogues.add_type(ctx.db, "ESP", "Otro espectacular", 365)
    with pytest.raises(ValidationError, match="mayúsculas"):
        catalogues.add_type(ctx.db, "E1", "Raro", 365)
