"""Demo data for Cortazar: real places and departments, invented people, numbers and amounts (labelled so).

The office's profile and logo, then each area's own part (the inventory in demo_inventory.py).
"""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from .database import Database
from .office import load_profile, save_profile, store_logo

DEMO_ADDRESS = "Presidencia Municipal, Jardín Principal s/n, Zona Centro, C.P. 38300, Cortazar, Gto."
DEMO_PHONE = "411 000 0000 (inventado)"


if TYPE_CHECKING:
    from .workstation import Workstation


def demo_logo_png() -> bytes:
    """A plain emblem drawn here (the municipality's real coat of arms is not ours to ship)."""
    from PIL import Image, ImageDraw, ImageFont

    img = Image.new("RGB", (360, 360), "white")
    draw = ImageDraw.Draw(img)
    draw.ellipse((10, 10, 350, 350), fill="#7a1f3d")
    draw.ellipse((40, 40, 320, 320), outline="white", width=6)
    font = ImageFont.load_default(size=58)
    draw.text((180, 160), "Cortazar", fill="white", font=font, anchor="mm")
    draw.text((180, 230), "DEMO", fill="#f2c14e", font=ImageFont.load_default(size=40), anchor="mm")
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def fill_demo_data(db: Database, geodata: Path | None = None) -> int:
    """Idempotent: running it again leaves the same demo data. Returns how many assets were created.

    ``geodata`` is the folder with INEGI's boundary and localities GeoJSON (default: ../shared/geodata beside the
    project, when present); without it the demo has no reference layers and its assets no coordinates.
    """
    from .demo_inventory import default_geodata_dir, fill_demo_inventory
    from .demo_requests import fill_demo_requests

    profile = load_profile(db)
    logo_id = store_logo(db, demo_logo_png(), "escudo-demo.png")
    wanted = replace(
        profile,
        office_name="Coordinación de Comunicación Social",
        municipality="H. Ayuntamiento de Cortazar, Guanajuato",
        address=DEMO_ADDRESS,
        phone=DEMO_PHONE,
        logo_attachment_id=logo_id,
        is_demo=True,
    )
    if wanted != profile:
        save_profile(db, wanted)
    created = fill_demo_inventory(db, geodata or default_geodata_dir())
    fill_demo_requests(db)
    from .demo_media import fill_demo_media

    fill_demo_media(db)
    return created


def demo_base_map(station: Workstation) -> Path | None:
    """A drawn base map of the municipality (MBTiles) for the demo, chosen for this workstation unless it already
    has one. No real map tiles can be fetched here; these say plainly that they are a demonstration."""
    from .map_data import CORTAZAR_BOUNDS
    from .tiles import make_demo_tiles

    if station.config.tiles_file:
        return None
    path = station.dirs.data / "mosaicos-demostracion.mbtiles"
    if not path.exists():
        make_demo_tiles(path, CORTAZAR_BOUNDS, range(11, 15))
    station.config.tiles_file = str(path)
    station.config.save(station.dirs.config_file)
    return path
