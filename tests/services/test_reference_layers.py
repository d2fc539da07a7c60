"""Reference layers from the real INEGI GeoJSON of Cortazar (../shared/geodata)."""

from __future__ import annotations

import pytest

from cortazar_desk.services import reference_layers as layers
from cortazar_desk.services.database import Database
from cortazar_desk.services.errors import ValidationError

from ..conftest import GEODATA


def load_both(db: Database) -> None:
    layers.load_layer(db, layers.BOUNDARY, (GEODATA / "cortazar_municipio.geojson").read_bytes(), "municipio")
    layers.load_layer(db, layers.LOCALITIES, (GEODATA / "cortazar_localidades.geojson").read_bytes(), "localidades")


def test_loads_boundary_and_44_localities_and_answers_point_questions(db: Database) -> None:
    load_both(db)
    catalogue = layers.localities(db)
    assert len(catalogue) == 44 and {"Cortazar", "Tierra Fría", "Cañada de Caracheo"} <= {c.name for c in catalogue}
    geo = layers.Geography.load(db)
    seat = next(c for c in catalogue if c.name == "Cortazar")
    assert geo.locality_at(20.4835, -100.9637) == seat.id
    assert geo.inside_boundary(20.4830, -100.9632) is True
    assert geo.inside_boundary(20.5235, -100.8157) is False  # Celaya


def test_reloading_updates_instead_of_duplicating(db: Database) -> None:
    load_both(db)
    load_both(db)
    assert len(layers.localities(db)) == 44


def test_without_a_boundary_there_is_nothing_to_warn_about(db: Database) -> None:
    assert layers.Geography.load(db).inside_boundary(0.0, 0.0) is None


@pytest.mark.parametrize(
    ("data", "words"),
    [(b"{not json", "no es GeoJSON"), (b'{"type": "Point", "coordinates": [1, 2]}', "FeatureCollection"),
     (b'{"type": "FeatureCollection", "features": []}', "no tiene elementos"),
     (b'{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, '
      b'"geometry": {"type": "Point", "coordinates": [1, 2]}}]}', "no es un pol"),
     (b'{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, '
      b'"geometry": {"type": "Polygon", "coordinates": [[[0,0],[1,0],[1,1],[0,0]]]}}]}', "nombre de localidad")],
)
def test_bad_files_are_refused_in_spanish(db: Database, data: bytes, words: str) -> None:
    with pytest.raises(ValidationError, match=words):
        layers.load_layer(db, layers.LOCALITIES, data, "x.geojson")
    assert layers.localities(db) == []


def test_a_reload_without_a_locality_takes_it_out_of_the_catalogue(db: Database) -> None:
    import json

    load_both(db)
    doc = json.loads((GEODATA / "cortazar_localidades.geojson").read_text(encoding="utf-8"))
    doc["features"] = [f for f in doc["features"] if f["properties"]["nom_loc"] != "Mandinga"]
    layers.load_layer(db, layers.LOCALITIES, json.dumps(doc).encode(), "sin-mandinga.geojson")
    names = {loc.name for loc in layers.localities(db)}
    assert len(names) == 43 and "Mandinga" not in names


def test_a_geometry_that_is_a_list_is_refused(db: Database) -> None:
    data = b'{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"nom_loc": "X"}, ' \
           b'"geometry": [1, 2]}]}'
    with pytest.raises(ValidationError, match="no es un pol"):
        layers.load_layer(db, layers.LOCALITIES, data, "x.geojson")
