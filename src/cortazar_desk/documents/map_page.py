"""The map page: a Leaflet map built with folium, our own script and styles, and the data as inert JSON.

Nothing on the page comes from the network. Leaflet and its marker-cluster plugin are the files the XStatic packages
install; in the app they are served by the app's own URL scheme (``app://local/static/...``), in an exported file
they are written into the page. The office's data never enters HTML or a script as code: it travels in
``<script type="application/json">`` elements (see ``script_json``) and the page puts it on screen with textContent.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from ..services.map_data import CORTAZAR_CENTRE, script_json

MAX_ZOOM = 19


def leaflet_dir() -> Path:
    import xstatic.pkg.leaflet as leaflet

    return Path(leaflet.BASE_DIR)


def markercluster_dir() -> Path:
    import xstatic.pkg.leaflet_markercluster as markercluster

    return Path(markercluster.BASE_DIR)


def own_file(name: str) -> bytes:
    return resources.files("cortazar_desk").joinpath("resources", "map", name).read_bytes()


# path under app://local/static/ -> where the bytes come from
STATIC_FILES = {
    "leaflet/leaflet.js": lambda: (leaflet_dir() / "leaflet.js").read_bytes(),
    "leaflet/leaflet.css": lambda: (leaflet_dir() / "leaflet.css").read_bytes(),
    "markercluster/leaflet.markercluster.js": lambda: (markercluster_dir() / "leaflet.markercluster.js").read_bytes(),
    "markercluster/MarkerCluster.css": lambda: (markercluster_dir() / "MarkerCluster.css").read_bytes(),
    "markercluster/MarkerCluster.Default.css": lambda: (markercluster_dir() / "MarkerCluster.Default.css")
    .read_bytes(),
    "leaflet/images/marker-icon.png": lambda: (leaflet_dir() / "images" / "marker-icon.png").read_bytes(),
    "leaflet/images/marker-icon-2x.png": lambda: (leaflet_dir() / "images" / "marker-icon-2x.png").read_bytes(),
    "leaflet/images/marker-shadow.png": lambda: (leaflet_dir() / "images" / "marker-shadow.png").read_bytes(),
    "cortazar_map.js": lambda: own_file("cortazar_map.js"),
    "cortazar_map.css": lambda: own_file("cortazar_map.css"),
}
SCRIPTS = ("leaflet/leaflet.js", "markercluster/leaflet.markercluster.js", "cortazar_map.js")
STYLES = ("leaflet/leaflet.css", "markercluster/MarkerCluster.css", "markercluster/MarkerCluster.Default.css",
          "cortazar_map.css")
STATIC_BASE = "app://local/static/"


def static_file(path: str) -> bytes | None:
    loader = STATIC_FILES.get(path)
    return loader() if loader is not None else None


@dataclass(frozen=True)
class TileSource:
    url: str  # with {z}/{x}/{y}
    min_zoom: int = 0
    max_zoom: int = MAX_ZOOM
    attribution: str = "Mosaicos locales"


@dataclass(frozen=True)
class PageOptions:
    mode: str = "view"  # view | pick
    pick_at: tuple[float, float] | None = None
    tiles: TileSource | None = None
    inline: bool = False  # every script and style written into the page (an exported file)
    centre: tuple[float, float] = CORTAZAR_CENTRE
    zoom: int = 13


def build_page(markers: dict[str, Any], layers: dict[str, Any], options: PageOptions = PageOptions()) -> str:
    """The whole HTML page."""
    import folium
    from branca.element import Element, Figure, MacroElement
    from jinja2 import Template

    m = folium.Map(location=options.centre, zoom_start=options.zoom, tiles=None, control_scale=True,
                   maxZoom=MAX_ZOOM, minZoom=8)
    # Per map, not per class: folium's lists are shared by every map built later in the process.
    m.default_js, m.default_css = [], []
    root = m.get_root()
    assert isinstance(root, Figure)
    # A second lock besides the app's request guard: the page itself may load nothing from elsewhere.
    images = "app: data:" + (f" {options.tiles.url.split('/{z}')[0]}" if options.tiles and
                             options.tiles.url.startswith("https://") else "")
    root.header.add_child(Element(
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "script-src app: 'unsafe-inline'; style-src app: 'unsafe-inline'; "
        f'img-src {images}; font-src \'none\'; connect-src \'none\'">'), index=0)
    # branca renders every Element as a Jinja template, so nothing that is not ours goes into one: files and data
    # take the place of markers after rendering ("{{ this }}" typed by the office must stay those ten characters).
    slots: dict[str, str] = {}
    nonce = secrets.token_hex(8)

    def slot(value: str) -> str:
        key = f"@@cd-{nonce}-{len(slots)}@@"
        slots[key] = value
        return key

    if options.inline:
        for path in STYLES:
            root.header.add_child(Element(f"<style>{slot(_inline(path))}</style>"))
        for path in SCRIPTS:
            root.header.add_child(Element(f"<script>{slot(_inline(path))}</script>"))
    else:
        m.default_css = [(path, STATIC_BASE + path) for path in STYLES]
        m.default_js = [(path, STATIC_BASE + path) for path in SCRIPTS]
    if options.tiles is not None:
        folium.TileLayer(tiles=options.tiles.url, attr=options.tiles.attribution, name="Mapa base",
                         min_zoom=options.tiles.min_zoom, max_zoom=MAX_ZOOM,
                         max_native_zoom=options.tiles.max_zoom).add_to(m)
    settings = {"mode": options.mode, "pickLat": options.pick_at[0] if options.pick_at else None,
                "pickLon": options.pick_at[1] if options.pick_at else None}
    root.html.add_child(Element(
        f'<script type="application/json" id="cd-markers">{slot(script_json(markers))}</script>'
        f'<script type="application/json" id="cd-layers">{slot(script_json(layers))}</script>'
        f'<script type="application/json" id="cd-settings">{slot(script_json(settings))}</script>'))
    starter = MacroElement()  # type: ignore[no-untyped-call]
    starter._template = Template(
        "{% macro script(this, kwargs) %}"
        "CD.start({{ this._parent.get_name() }}, Object.assign(CD.readJson('cd-settings'), "
        "{data: CD.readJson('cd-markers'), layers: CD.readJson('cd-layers')}));"
        "{% endmacro %}")
    m.add_child(starter)
    html = str(root.render())
    # One pass: what a slot brings in is never searched again, whatever it contains.
    filled = re.sub(f"@@cd-{nonce}-\\d+@@", lambda found: slots[found.group()], html)
    assert filled.count(nonce) == 0 or any(nonce in value for value in slots.values())
    return filled


def _inline(path: str) -> str:
    text = (static_file(path) or b"").decode("utf-8")
    # A file that closed its own element would end the inline copy early; none of ours does, and this keeps it so.
    if "</script" in text.lower() or "</style" in text.lower():
        raise ValueError(f"{path} cannot be written inline")
    return text


def baseline_page(points: list[tuple[float, float]]) -> str:
    """folium's own fastest path for the same points (FastMarkerCluster, bare markers, no popups): the benchmark's
    baseline. It reports readiness the way our page does, by setting the title."""
    import folium
    from branca.element import MacroElement
    from folium.plugins import FastMarkerCluster
    from jinja2 import Template

    m = folium.Map(location=CORTAZAR_CENTRE, zoom_start=13, tiles=None, maxZoom=MAX_ZOOM)
    m.default_js = [(p, STATIC_BASE + p) for p in SCRIPTS[:2]]
    m.default_css = [(p, STATIC_BASE + p) for p in STYLES[:3]]
    # Bare Leaflet markers: folium's default callback needs awesome-markers, which no package ships.
    cluster = FastMarkerCluster(points, callback="function (row) { return L.marker(new L.LatLng(row[0], row[1])); }")  # type: ignore[no-untyped-call]
    cluster.default_js, cluster.default_css = [], []
    cluster.add_to(m)
    done = MacroElement()  # type: ignore[no-untyped-call]  # rendered after the cluster's own script, which adds every marker synchronously
    done._template = Template("{% macro script(this, kwargs) %}document.title = 'cd-ready:" + str(len(points))
                              + "';{% endmacro %}")
    m.add_child(done)
    return str(m.get_root().render())
