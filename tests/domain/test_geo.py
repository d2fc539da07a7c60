import json

import pytest

from cortazar_desk.domain.geo import Area, CoordinateError, first_containing, parse_coordinate

from ..conftest import GEODATA


@pytest.mark.parametrize(
    ("text", "axis", "value"),
    [
        ("20.4830", "lat", 20.483),
        ("-100,9632", "lon", -100.9632),
        ("20° 28' 58.8\" N", "lat", 20.4830),
        ("100° 57' 47.5\" O", "lon", -100.9631944),
        ("100 57 47.5 W", "lon", -100.9631944),
        ("N 20 28 58.8", "lat", 20.483),
        ("100.9632 O", "lon", -100.9632),
    ],
)
def test_parses_decimal_and_dms(text: str, axis: str, value: float) -> None:
    assert parse_coordinate(text, axis) == pytest.approx(value, abs=1e-6)


@pytest.mark.parametrize(
    ("text", "axis", "words"),
    [("", "lat", "Escriba"), ("norte", "lat", "no se entiende"), ("95", "lat", "entre -90 y 90"),
     ("20 61 00 N", "lat", "menores que 60"), ("20.5 E", "lat", "N o S"), ("100 W", "lat", "N o S")],
)
def test_rejects_with_spanish_reasons(text: str, axis: str, words: str) -> None:
    with pytest.raises(CoordinateError, match=words):
        parse_coordinate(text, axis)


def _features(name: str) -> list[dict]:
    return json.loads((GEODATA / name).read_text(encoding="utf-8"))["features"]


def test_real_boundary_contains_the_seat_and_not_celaya() -> None:
    boundary = Area.from_geometry(_features("cortazar_municipio.geojson")[0]["geometry"])
    assert boundary.contains(20.4830, -100.9632)  # Jardín Principal
    assert not boundary.contains(20.5235, -100.8157)  # Celaya, next door


def test_real_localities_are_found_from_their_own_centroids() -> None:
    localities = [(f["properties"]["nom_loc"], Area.from_geometry(f["geometry"]))
                  for f in _features("cortazar_localidades.geojson")]
    seat = first_containing(localities, 20.4835064, -100.9637289)
    assert seat == "Cortazar"
    assert first_containing(localities, 20.40, -101.20) is None  # outside the municipality


def test_polygon_holes_are_outside() -> None:
    square = [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]
    hole = [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]]
    area = Area.from_geometry({"type": "Polygon", "coordinates": [square, hole]})
    assert area.contains(2, 2) and not area.contains(5, 5)
