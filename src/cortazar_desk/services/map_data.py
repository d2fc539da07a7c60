"""What the map shows, as plain data: markers for the assets that have coordinates, and the reference layers.

The payload is column-oriented (one list per field, types and statuses as small indexes): for 50,000 assets that is
a few megabytes of JSON that the browser parses in a fraction of a second, where one object per marker would be
twice the size.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select

from ..db.inventory import AssetPhoto, Locality
from ..domain.permits import STATUS_LABELS, URGENCY
from .assets import AssetRow
from .database import Database
from .reference_layers import layer_geojson

# Cortazar's town centre: where the map opens when nothing else says where.
CORTAZAR_CENTRE = (20.4830, -100.9620)
# The municipality's extent (west, south, east, north), from INEGI's boundary, rounded outwards.
CORTAZAR_BOUNDS = (-101.05, 20.32, -100.82, 20.52)


def marker_payload(rows: Iterable[AssetRow], with_photo: set[int] | None = None) -> dict[str, Any]:
    """Columns of the markers for the assets that have coordinates."""
    type_index: dict[str, int] = {}
    type_codes: list[str] = []
    type_names: list[str] = []
    status_index = {status: n for n, status in enumerate(URGENCY)}
    data: dict[str, Any] = {"ids": [], "lats": [], "lons": [], "types": [], "statuses": [], "folios": [],
                            "addresses": [], "photos": []}
    photos = with_photo or set()
    for row in rows:
        if row.lat is None or row.lon is None:
            continue
        n = type_index.get(row.type_code)
        if n is None:
            n = type_index[row.type_code] = len(type_codes)
            type_codes.append(row.type_code)
            type_names.append(row.type_name)
        data["ids"].append(row.id)
        data["lats"].append(row.lat)
        data["lons"].append(row.lon)
        data["types"].append(n)
        data["statuses"].append(status_index[row.status.status])
        data["folios"].append(row.folio)
        place = ", ".join(part for part in (row.address, row.colonia, row.locality) if part)
        data["addresses"].append(place)
        data["photos"].append(1 if row.id in photos else 0)
    data["typeCodes"] = type_codes
    data["typeNames"] = type_names
    data["statusKeys"] = [s.value for s in URGENCY]
    data["statusLabels"] = [STATUS_LABELS[s] for s in URGENCY]
    return data


def assets_with_photos(db: Database) -> set[int]:
    with db.read() as s:
        return set(s.scalars(select(AssetPhoto.asset_id).distinct()))


def reference_payload(db: Database) -> dict[str, Any]:
    """The municipal boundary as loaded, and the localities with their names only (nothing else is drawn)."""
    features = []
    with db.read() as s:
        for name, geometry in s.execute(select(Locality.name, Locality.geometry)
                                        .where(Locality.active.is_(True), Locality.geometry != "")):
            features.append({"type": "Feature", "properties": {"name": name}, "geometry": json.loads(geometry)})
    return {"boundary": layer_geojson(db, "boundary"),
            "localities": {"type": "FeatureCollection", "features": features} if features else None}


def script_json(value: Any) -> str:
    """JSON that is safe inside a <script type="application/json"> element: no "</script>", "<!--" or "&" can
    end or change the element, whatever the office typed (JSON.parse turns the escapes back into the text)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
