"""Base-map tiles from an MBTiles file (the SQLite format QGIS, MOBAC and others export), read by the app itself.

MBTiles rows count tile rows from the south (TMS); the web map counts from the north (XYZ), hence the flip.
The file is opened read-only and never changed.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from .errors import UserError


@dataclass(frozen=True)
class TileSetInfo:
    name: str
    image_format: str  # png | jpg | webp
    min_zoom: int
    max_zoom: int
    bounds: tuple[float, float, float, float] | None  # west, south, east, north


class TileSet:
    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self._conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
            meta = dict(self._conn.execute("SELECT name, value FROM metadata").fetchall())
            zooms = self._conn.execute("SELECT MIN(zoom_level), MAX(zoom_level) FROM tiles").fetchone()
        except sqlite3.Error as exc:
            raise UserError(f"«{path.name}» no es un archivo de mosaicos MBTiles válido.", detail=str(exc)) from exc
        if zooms is None or zooms[0] is None:
            raise UserError(f"El archivo de mosaicos «{path.name}» no contiene mosaicos.")
        bounds = None
        try:
            parts = [float(v) for v in str(meta.get("bounds", "")).split(",")]
            if len(parts) == 4:
                bounds = (parts[0], parts[1], parts[2], parts[3])
        except ValueError:
            bounds = None
        image_format = str(meta.get("format", "png")).lower()
        self.info = TileSetInfo(str(meta.get("name", path.stem)), image_format if image_format in
                                ("png", "jpg", "jpeg", "webp") else "png", int(zooms[0]), int(zooms[1]), bounds)

    @property
    def mime_type(self) -> str:
        return {"jpg": "image/jpeg", "jpeg": "image/jpeg", "webp": "image/webp"}.get(self.info.image_format,
                                                                                   "image/png")

    def tile(self, z: int, x: int, y: int) -> bytes | None:
        """The tile at web-map coordinates (z, x, y), or None where the file has none."""
        if not (0 <= z <= 30 and 0 <= x < 2**z and 0 <= y < 2**z):
            return None
        row = self._conn.execute("SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND "
                                 "tile_row = ?", (z, x, (2**z - 1) - y)).fetchone()
        return bytes(row[0]) if row else None

    def close(self) -> None:
        self._conn.close()


def make_demo_tiles(path: Path, bounds: tuple[float, float, float, float], zooms: range = range(11, 15)) -> int:
    """A small MBTiles file of drawn tiles (a grid and each tile's name), for demos and tests: no real map of
    Cortazar can be downloaded here, and a base map must still be shown working. Returns the number of tiles."""
    import io
    import math

    from PIL import Image, ImageDraw, ImageFont

    def tile_xy(lat: float, lon: float, z: int) -> tuple[int, int]:
        n = 2**z
        x = int((lon + 180) / 360 * n)
        y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
        return min(max(x, 0), n - 1), min(max(y, 0), n - 1)

    west, south, east, north = bounds
    path.unlink(missing_ok=True)
    conn = sqlite3.connect(path)
    count = 0
    try:
        conn.executescript("CREATE TABLE metadata (name TEXT, value TEXT);"
                           "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, "
                           "tile_data BLOB, PRIMARY KEY (zoom_level, tile_column, tile_row));")
        conn.executemany("INSERT INTO metadata VALUES (?, ?)", [
            ("name", "Mosaicos de demostración"), ("format", "png"), ("type", "baselayer"),
            ("bounds", f"{west},{south},{east},{north}"), ("minzoom", str(zooms.start)),
            ("maxzoom", str(zooms.stop - 1))])
        for z in zooms:
            x0, y0 = tile_xy(north, west, z)
            x1, y1 = tile_xy(south, east, z)
            for x in range(x0, x1 + 1):
                for y in range(y0, y1 + 1):
                    image = Image.new("RGB", (256, 256), (226, 233, 214) if (x + y) % 2 else (233, 238, 224))
                    draw = ImageDraw.Draw(image)
                    draw.rectangle((0, 0, 255, 255), outline=(190, 200, 180))
                    draw.text((8, 8), f"Mapa de prueba {z}/{x}/{y}", fill=(120, 130, 110),
                              font=ImageFont.load_default(size=13))
                    buffer = io.BytesIO()
                    image.save(buffer, "PNG", optimize=True)
                    conn.execute("INSERT INTO tiles VALUES (?, ?, ?, ?)", (z, x, (2**z - 1) - y, buffer.getvalue()))
                    count += 1
        conn.commit()
    finally:
        conn.close()
    return count
