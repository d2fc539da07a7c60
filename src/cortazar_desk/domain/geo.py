"""Coordinates as people type them, and points inside the office's reference polygons (WGS84 lon/lat GeoJSON)."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

Ring = Sequence[Sequence[float]]

_DECIMAL = re.compile(r"^\s*([+-]?\d+(?:[.,]\d+)?)\s*°?\s*([NSEWOnsewo]?)\s*$")
_DMS = re.compile(
    r"""^\s*([NSEWOnsewo])?\s*(\d{1,3})\s*(?:°|º|d|\s)\s*(\d{1,2})\s*(?:'|′|m|\s)\s*
        (\d{1,2}(?:[.,]\d+)?)\s*(?:"|″|''|s)?\s*([NSEWOnsewo])?\s*$""",
    re.VERBOSE,
)


class CoordinateError(ValueError):
    """Text that is not a coordinate; the message is Spanish."""


def parse_coordinate(text: str, axis: str) -> float:
    """Decimal degrees ("20.4830", "-100,9632") or degrees-minutes-seconds ("20° 28' 58.8\" N", "100 57 47.5 O").

    ``axis`` is "lat" or "lon". West and South (O/W, S) make the value negative.
    """
    if axis not in ("lat", "lon"):
        raise ValueError(axis)
    name = "latitud" if axis == "lat" else "longitud"
    raw = text.strip()
    if not raw:
        raise CoordinateError(f"Escriba la {name}.")
    match = _DECIMAL.match(raw)
    if match:
        value = float(match.group(1).replace(",", "."))
        hemisphere = match.group(2).upper()
    else:
        match = _DMS.match(raw)
        if not match:
            raise CoordinateError(
                f"La {name} «{raw}» no se entiende. Use grados decimales (20.4830) o grados, minutos y segundos "
                "(20° 28' 58.8\" N)."
            )
        degrees, minutes = int(match.group(2)), int(match.group(3))
        seconds = float(match.group(4).replace(",", "."))
        if minutes >= 60 or seconds >= 60:
            raise CoordinateError(f"En la {name} «{raw}» los minutos y segundos deben ser menores que 60.")
        value = degrees + minutes / 60 + seconds / 3600
        hemisphere = (match.group(1) or match.group(5) or "").upper()
    if hemisphere:
        if axis == "lat" and hemisphere not in "NS":
            raise CoordinateError(f"La latitud lleva N o S, no {hemisphere}.")
        if axis == "lon" and hemisphere not in "EWO":
            raise CoordinateError(f"La longitud lleva E u O (oeste), no {hemisphere}.")
        if hemisphere in "SWO":
            value = -abs(value)
    return coordinate_from_number(value, axis)


def coordinate_from_number(value: float, axis: str) -> float:
    """A coordinate that already is a number (a spreadsheet cell), checked and rounded as typed ones are."""
    name, limit = ("latitud", 90.0) if axis == "lat" else ("longitud", 180.0)
    if not math.isfinite(value) or abs(value) > limit:
        raise CoordinateError(f"La {name} debe estar entre -{limit:g} y {limit:g}.")
    return round(value, 7)


def _in_ring(lon: float, lat: float, ring: Ring) -> bool:
    inside = False
    n = len(ring)
    j = n - 1
    for i in range(n):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > lat) != (yj > lat) and lon < (xj - xi) * (lat - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


@dataclass(frozen=True)
class Area:
    """A polygon or multipolygon with its bounding box, for quick "is this point inside" questions."""

    polygons: tuple[tuple[Ring, ...], ...]  # each: outer ring, then holes
    bbox: tuple[float, float, float, float]  # min lon, min lat, max lon, max lat

    @classmethod
    def from_geometry(cls, geometry: dict[str, Any]) -> Area:
        kind = geometry.get("type")
        coords = geometry.get("coordinates") or []
        if kind == "Polygon":
            polygons = [coords]
        elif kind == "MultiPolygon":
            polygons = list(coords)
        else:
            raise ValueError(f"unsupported geometry {kind!r}")
        rings = tuple(tuple(tuple((float(p[0]), float(p[1])) for p in ring) for ring in poly) for poly in polygons)
        points = [p for poly in rings for p in poly[0]]
        if not points:
            raise ValueError("empty geometry")
        lons = [p[0] for p in points]
        lats = [p[1] for p in points]
        return cls(rings, (min(lons), min(lats), max(lons), max(lats)))

    def contains(self, lat: float, lon: float) -> bool:
        min_lon, min_lat, max_lon, max_lat = self.bbox
        if not (min_lon <= lon <= max_lon and min_lat <= lat <= max_lat):
            return False
        for poly in self.polygons:
            if _in_ring(lon, lat, poly[0]) and not any(_in_ring(lon, lat, hole) for hole in poly[1:]):
                return True
        return False


def first_containing(areas: Iterable[tuple[Any, Area]], lat: float, lon: float) -> Any | None:
    """The key of the first area that contains the point, or None."""
    for key, area in areas:
        if area.contains(lat, lon):
            return key
    return None
