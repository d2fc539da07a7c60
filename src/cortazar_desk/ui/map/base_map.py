"""Which base map a map page uses: the workstation's MBTiles file, else its online tile source, else none (a plain
background with the reference layers). The engine's scheme serves the file; its guard lets only that host through."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from ...config import WorkstationConfig
from ...documents.map_page import TileSource
from ...services.errors import UserError
from ...services.tiles import TileSet
from .engine import MapEngine


def base_map(engine: MapEngine, config: WorkstationConfig | None) -> tuple[TileSource | None, UserError | None]:
    """The tile source to put on the page, and the problem with the configured file if there is one."""
    content = engine.content
    problem = None
    if config is not None and config.tiles_file:
        path = Path(config.tiles_file)
        if content.tiles is None or content.tiles.path != path:
            if content.tiles is not None:
                content.tiles.close()
            content.tiles = None
            try:
                content.tiles = TileSet(path)
            except UserError as exc:
                problem = exc
        if content.tiles is not None:
            info = content.tiles.info
            # No file name in the attribution: Leaflet shows attributions as HTML.
            return TileSource("app://local/tiles/{z}/{x}/{y}", info.min_zoom, info.max_zoom,
                              "Mosaicos locales (MBTiles)"), None
    if config is not None and config.online_tiles_url:
        engine.guard.allowed_host = host_of(config.online_tiles_url)
        return TileSource(config.online_tiles_url, attribution="Mosaicos en línea"), problem
    engine.guard.allowed_host = ""
    return None, problem


def host_of(url: str) -> str:
    return urlsplit(url.replace("{z}", "0").replace("{x}", "0").replace("{y}", "0")).hostname or ""
