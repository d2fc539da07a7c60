"""Reference layers the office loads from GeoJSON: the municipal boundary and the localities.

They are kept in the database (every workstation sees them, every backup holds them). An asset's locality is chosen
from the localities catalogue and suggested from the polygon its point falls in.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from ..db.audit import utc_now
from ..db.inventory import Locality, ReferenceLayer
from ..domain.geo import Area, first_containing
from ..domain.text import clean_text
from .database import Database
from .errors import ValidationError

BOUNDARY, LOCALITIES = "boundary", "localities"
MAX_GEOJSON_BYTES = 50 * 1024 * 1024
NAME_PROPERTIES = ("nom_loc", "NOM_LOC", "nombre", "NOMBRE", "name", "Name", "NOMGEO", "nomgeo")


@dataclass(frozen=True)
class LayerSummary:
    kind: str
    name: str
    features: int


@dataclass(frozen=True)
class LocalityInfo:
    id: int
    name: str
    population: int | None
    lat: float | None
    lon: float | None


def _parse(data: bytes) -> list[dict[str, Any]]:
    if len(data) > MAX_GEOJSON_BYTES:
        raise ValidationError("El archivo GeoJSON es demasiado grande (más de 50 MB).")
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        error = ValidationError("El archivo no es GeoJSON válido (no se pudo leer como JSON).")
        error.detail = str(exc)
        raise error from exc
    if isinstance(doc, dict) and doc.get("type") == "Feature":
        doc = {"type": "FeatureCollection", "features": [doc]}
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection" or not isinstance(doc.get("features"), list):
        raise ValidationError("El archivo GeoJSON debe ser una colección de elementos (FeatureCollection).")
    features = [f for f in doc["features"] if isinstance(f, dict)]
    for n, feature in enumerate(features, start=1):
        geometry = feature.get("geometry") or {}
        if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
            raise ValidationError(f"El elemento {n} del GeoJSON no es un polígono; las capas deben ser de áreas.")
        try:
            Area.from_geometry(geometry)
        except (ValueError, TypeError, IndexError, AttributeError) as exc:
            raise ValidationError(f"El polígono del elemento {n} está mal formado.") from exc
    if not features:
        raise ValidationError("El archivo GeoJSON no tiene elementos.")
    return features


def _feature_name(feature: dict[str, Any]) -> str:
    props = feature.get("properties") or {}
    for key in NAME_PROPERTIES:
        if props.get(key):
            return clean_text(str(props[key]))[:150]
    return ""


def _number(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def load_layer(db: Database, kind: str, data: bytes, source_name: str) -> LayerSummary:
    """Load (or replace) the boundary or the localities layer from GeoJSON bytes, in one transaction."""
    if kind not in (BOUNDARY, LOCALITIES):
        raise ValueError(kind)
    features = _parse(data)
    if kind == LOCALITIES:
        missing = [n for n, f in enumerate(features, start=1) if not _feature_name(f)]
        if missing:
            raise ValidationError(f"Los elementos {missing[:5]} no tienen nombre de localidad (nom_loc o nombre).")
    label = "Límite municipal" if kind == BOUNDARY else "Localidades"
    with db.write(f"capa de referencia: {label}") as s:
        layer = s.scalars(select(ReferenceLayer).where(ReferenceLayer.kind == kind)).first()
        text = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
        if layer is None:
            layer = ReferenceLayer(kind=kind, name=label, source_name=clean_text(source_name)[:255], geojson=text,
                                   loaded_at=utc_now())
            s.add(layer)
        else:
            layer.source_name, layer.geojson, layer.loaded_at = clean_text(source_name)[:255], text, utc_now()
        if kind == LOCALITIES:
            existing = {loc.name: loc for loc in s.scalars(select(Locality))}
            loaded = {_feature_name(f) for f in features}
            for name, loc in existing.items():
                if name not in loaded and loc.active:
                    loc.active = False  # gone from the new layer: out of the catalogue, still on old assets
            for feature in features:
                name = _feature_name(feature)
                props = feature.get("properties") or {}
                loc = existing.get(name) or Locality(name=name)
                loc.code = str(props.get("cvegeo", "") or "")[:20]
                pob = _number(props.get("pob"))
                loc.population = int(pob) if pob is not None else None
                loc.lat, loc.lon = _number(props.get("latitud")), _number(props.get("longitud"))
                loc.geometry = json.dumps(feature["geometry"])
                loc.active = True
                if name not in existing:
                    s.add(loc)
                    existing[name] = loc
    return LayerSummary(kind, label, len(features))


def layer_geojson(db: Database, kind: str) -> dict[str, Any] | None:
    with db.read() as s:
        text = s.scalars(select(ReferenceLayer.geojson).where(ReferenceLayer.kind == kind)).first()
    return None if text is None else dict(json.loads(text))


def localities(db: Database) -> list[LocalityInfo]:
    with db.read() as s:
        rows = s.execute(select(Locality.id, Locality.name, Locality.population, Locality.lat, Locality.lon)
                         .where(Locality.active.is_(True)).order_by(Locality.name)).all()
    return [LocalityInfo(*row) for row in rows]


class Geography:
    """The loaded polygons, ready for point questions (built once, reused while the layers do not change)."""

    def __init__(self, boundary: list[Area], areas: list[tuple[int, Area]]) -> None:
        self.boundary = boundary
        self.areas = areas

    @classmethod
    def load(cls, db: Database) -> Geography:
        boundary_doc = layer_geojson(db, BOUNDARY)
        boundary = [Area.from_geometry(f["geometry"]) for f in (boundary_doc or {}).get("features", [])]
        with db.read() as s:
            rows = s.execute(select(Locality.id, Locality.geometry).where(Locality.geometry != "")).all()
        return cls(boundary, [(loc_id, Area.from_geometry(json.loads(geom))) for loc_id, geom in rows])

    def locality_at(self, lat: float, lon: float) -> int | None:
        found = first_containing(self.areas, lat, lon)
        return int(found) if found is not None else None

    def inside_boundary(self, lat: float, lon: float) -> bool | None:
        """None when no boundary is loaded (nothing to warn about)."""
        if not self.boundary:
            return None
        return any(area.contains(lat, lon) for area in self.boundary)


@dataclass(frozen=True)
class LoadedLayer:
    kind: str
    name: str
    source_name: str
    loaded_at: str  # dd/mm/aaaa hh:mm, local time
    features: int


def loaded_layers(db: Database) -> dict[str, LoadedLayer]:
    with db.read() as s:
        rows = s.execute(select(ReferenceLayer.kind, ReferenceLayer.name, ReferenceLayer.source_name,
                                ReferenceLayer.loaded_at, ReferenceLayer.geojson)).all()
    found = {}
    for kind, name, source, loaded_at, text in rows:
        features = len(json.loads(text).get("features", []))
        when = loaded_at.astimezone().strftime("%d/%m/%Y %H:%M") if loaded_at.tzinfo else \
            loaded_at.strftime("%d/%m/%Y %H:%M")
        found[kind] = LoadedLayer(kind, name, source, when, features)
    return found
