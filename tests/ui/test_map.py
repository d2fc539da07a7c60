"""The map, loaded in the real QtWebEngine: markers, filters shared with the inventory, clicks both ways, the base
map from an MBTiles file, exports, and the lock-down (no remote request, no injected script, no navigation)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage

from cortazar_desk.documents.map_page import build_page
from cortazar_desk.domain.permits import PermitStatus, StatusResult
from cortazar_desk.services.assets import AssetRow
from cortazar_desk.services.map_data import marker_payload, script_json
from cortazar_desk.services.tiles import TileSet, make_demo_tiles
from cortazar_desk.ui.context import AppContext
from cortazar_desk.ui.main_window import MAP, MainWindow
from cortazar_desk.ui.map.view import MapView

from ..conftest import GEODATA

READY_MS = 20_000
CORTAZAR_BOUNDS = (-101.05, 20.40, -100.88, 20.55)


@pytest.fixture
def demo(ctx: AppContext) -> AppContext:
    from cortazar_desk.services.demo import fill_demo_data

    fill_demo_data(ctx.db, GEODATA)
    return ctx


def js(qtbot, view: MapView, script: str) -> Any:  # type: ignore[no-untyped-def]
    with qtbot.waitCallback(timeout=10_000) as callback:
        view.evaluate(script, callback)
    return callback.args[0]


def open_map(qtbot, window: MainWindow) -> MapView:  # type: ignore[no-untyped-def]
    page = window.map
    window.nav.setCurrentRow(MAP)
    qtbot.waitUntil(lambda: page.view is not None, timeout=5000)
    assert page.view is not None
    qtbot.waitUntil(lambda: page.view is not None and page.view.is_ready, timeout=READY_MS)
    return page.view


def test_markers_in_clusters_and_no_remote_request(qtbot, window: MainWindow, demo: AppContext) -> None:  # type: ignore[no-untyped-def]
    view = open_map(qtbot, window)
    with_position = sum(1 for r in window.inventory.all_rows() if r.lat is not None and r.active)
    assert js(qtbot, view, "CD.state.cluster.getLayers().length") == with_position
    assert js(qtbot, view, "document.querySelectorAll('.cd-legend-row').length") >= 5 + 6
    assert js(qtbot, view, "typeof L.version") == "string"  # Leaflet came from the installed package
    assert view.engine.guard.blocked == [] and view.engine.guard.remote_allowed == 0
    assert "según los filtros del Inventario" in window.map.summary.text()


def test_map_follows_the_inventory_filter_and_selection(qtbot, window: MainWindow, demo: AppContext) -> None:  # type: ignore[no-untyped-def]
    view = open_map(qtbot, window)
    inventory = window.inventory
    inventory.set_locality("Tierra Fría")
    shown = inventory.visible_ids()
    qtbot.waitUntil(lambda: js(qtbot, view, "CD.state.cluster.getLayers().length") == len(shown), timeout=5000)
    assert 0 < len(shown) < len(inventory.all_rows())
    loaded_before = js(qtbot, view, "performance.timeOrigin")
    target = next(r for r in inventory.all_rows() if r.id == shown[0])
    inventory.select_asset(target.id)  # choosing it in the table centres the map, without reloading the page
    qtbot.waitUntil(lambda: abs(js(qtbot, view, "CD.state.map.getCenter().lat") - target.lat) < 0.001,
                    timeout=5000)
    assert abs(js(qtbot, view, "CD.state.map.getCenter().lng") - target.lon) < 0.001
    assert js(qtbot, view, "performance.timeOrigin") == loaded_before


def test_clicks_on_the_map_reach_the_inventory(qtbot, window: MainWindow, demo: AppContext) -> None:  # type: ignore[no-untyped-def]
    view = open_map(qtbot, window)
    inventory = window.inventory
    target = next(r for r in inventory.all_rows() if r.lat is not None and r.active)
    js(qtbot, view, f"CD.focus({target.id})")  # out of its cluster, as a person would see it before clicking
    qtbot.waitUntil(lambda: js(qtbot, view, f"!!CD.state.markers.get({target.id}).getElement()"), timeout=5000)
    js(qtbot, view, f"CD.state.markers.get({target.id}).getElement().dispatchEvent("
                    "new MouseEvent('click', {bubbles: true, cancelable: true, view: window})); 1")
    qtbot.waitUntil(lambda: (row := inventory.selected_row()) is not None and row.id == target.id, timeout=5000)
    js(qtbot, view, "(function(){let hit = 0; CD.state.map.eachLayer(l => { if (!hit && l.feature && "
                    "l.feature.properties && l.feature.properties.name === 'Tierra Fría') { l.fire('click'); hit = 1; }"
                    "}); return hit;})()")
    qtbot.waitUntil(lambda: inventory.locality_combo.currentData() == "Tierra Fría", timeout=5000)
    opened: list[int] = []
    window.map.asset_open_requested.disconnect()
    window.map.asset_open_requested.connect(opened.append)
    js(qtbot, view, f"CD.focus({target.id})")
    qtbot.waitUntil(lambda: js(qtbot, view, "document.querySelectorAll('.cd-open').length") == 1, timeout=5000)
    js(qtbot, view, "document.querySelector('.cd-open').click()")
    qtbot.waitUntil(lambda: opened == [target.id], timeout=5000)


def test_navigation_and_new_windows_are_refused(qtbot, window: MainWindow, demo: AppContext) -> None:  # type: ignore[no-untyped-def]
    view = open_map(qtbot, window)
    home = view.page.url().toString()
    js(qtbot, view, "window.location.href = 'https://example.com/'; 1")
    assert js(qtbot, view, "window.open('https://example.com/') === null")
    qtbot.wait(300)
    assert view.page.url().toString() == home and js(qtbot, view, "typeof CD.state.map") == "object"


def test_the_guard_blocks_remote_requests_and_allows_only_the_chosen_tile_host(qtbot, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    view = MapView()
    qtbot.addWidget(view)
    guard = view.engine.guard
    guard.blocked.clear()
    guard.allowed_host = "tiles.example.org"
    try:
        # A page without our Content-Security-Policy, so that the requests reach the guard.
        view.show_page("<html><body><img src='https://cdn.example.com/leaflet.js'>"
                       "<img src='https://tiles.example.org/1/0/0.png'><img src='http://192.0.2.1/x.png'>"
                       "<script>setTimeout(() => { document.title = 'cd-ready:0'; }, 300)</script></body></html>")
        qtbot.waitUntil(lambda: view.page.title() == "cd-ready:0", timeout=READY_MS)
        qtbot.waitUntil(lambda: len(guard.blocked) == 2, timeout=5000)
        assert sorted(guard.blocked) == ["http://192.0.2.1/x.png", "https://cdn.example.com/leaflet.js"]
        assert guard.remote_allowed == 1
    finally:
        guard.allowed_host = ""
        guard.blocked.clear()
        guard.remote_allowed = 0


HOSTILE = [
    "<img src=x onerror=\"window.__pwned=1\">", "</script><script>window.__pwned=1</script>", "${window.__pwned=1}",
    "`; window.__pwned=1; `", "C:\\users\\2019\\n", "\\u003c/script\\u003e", "<!--", "]]>", "'\"&amp;",
    "\u2028\u2029", "{{this}}", "<b>negrita</b>",
]


def hostile_row(n: int, text: str) -> AssetRow:
    return AssetRow(n, text or "X", "ESP", text, text, text, text, text, "municipal", "bueno", True,
                    20.48 + n / 1000, -100.96, StatusResult(PermitStatus.VALID, None, None, ()), "", 1)


def load_page(qtbot, view: MapView, texts: list[str]) -> None:  # type: ignore[no-untyped-def]
    markers = marker_payload([hostile_row(n + 1, t) for n, t in enumerate(texts)])
    layers = {"boundary": None, "localities": {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": t},
         "geometry": {"type": "Polygon", "coordinates": [[[-101, 20.4], [-100.9, 20.4], [-100.9, 20.5],
                                                          [-101, 20.4]]]}} for t in texts if t]}}
    view.show_page(build_page(markers, layers))
    qtbot.waitUntil(lambda: view.is_ready, timeout=READY_MS)


def check_inert(qtbot, view: MapView, texts: list[str]) -> None:  # type: ignore[no-untyped-def]
    assert js(qtbot, view, "typeof window.__pwned") == "undefined"
    assert js(qtbot, view, "CD.state.cluster.getLayers().length") == len(texts)
    for n, text in enumerate(texts, start=1):
        shown = json.loads(js(qtbot, view, f"(function(){{const m = CD.state.markers.get({n}); const box = "
                                           "m.getPopup()._content(m); return JSON.stringify(["
                                           "box.querySelector('.cd-folio').textContent, "
                                           "box.querySelector('.cd-address').textContent]);})()"))
        assert shown[0] == (text or "X")


def test_hostile_text_stays_text(qtbot, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    view = MapView()
    qtbot.addWidget(view)
    load_page(qtbot, view, HOSTILE)
    check_inert(qtbot, view, HOSTILE)
    assert js(qtbot, view, "document.querySelectorAll('b').length") == 0  # no markup was made from the text
    assert view.engine.guard.blocked == []


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(min_size=1, max_size=40).filter(lambda t: t.strip() != ""), min_size=1, max_size=4))
def test_any_text_stays_text(qtbot, ctx: AppContext, texts: list[str]) -> None:  # type: ignore[no-untyped-def]
    texts = [t.replace("\x00", "") or "x" for t in texts]
    view = MapView()
    qtbot.addWidget(view)
    try:
        load_page(qtbot, view, texts)
        check_inert(qtbot, view, texts)
    finally:
        view.release()
        view.deleteLater()


def test_script_json_cannot_close_its_element() -> None:
    text = script_json({"a": "</script><!-- & \u2028"})
    assert "</" not in text and "<!--" not in text and "&" not in text
    assert json.loads(text) == {"a": "</script><!-- & \u2028"}


def test_base_map_from_an_mbtiles_file(qtbot, window: MainWindow, demo: AppContext, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    tiles = tmp_path / "cortazar.mbtiles"
    assert make_demo_tiles(tiles, CORTAZAR_BOUNDS, range(12, 14)) > 4
    tileset = TileSet(tiles)
    assert tileset.info.min_zoom == 12 and tileset.info.max_zoom == 13
    # Cortazar (20.48 N, 100.96 W) is tile 1798/3619 at zoom 13 in the web map's numbering (rows from the north)
    assert tileset.tile(13, 1798, 3619) is not None and tileset.tile(13, 1798, 2**13 - 1 - 3619) is None
    demo.station.config.tiles_file = str(tiles)
    view = open_map(qtbot, window)
    qtbot.waitUntil(lambda: js(qtbot, view, "document.querySelectorAll('img.leaflet-tile-loaded').length") > 0,
                    timeout=10_000)
    assert view.engine.guard.blocked == []


def test_a_bad_tiles_file_is_refused_in_spanish(tmp_path: Path) -> None:
    from cortazar_desk.services.errors import UserError

    bad = tmp_path / "malo.mbtiles"
    bad.write_bytes(b"esto no es sqlite")
    with pytest.raises(UserError, match="no es un archivo de mosaicos MBTiles"):
        TileSet(bad)


def test_exported_html_works_alone_and_offline(qtbot, window: MainWindow, demo: AppContext, tmp_path: Path,  # type: ignore[no-untyped-def]
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineProfile, QWebEngineUrlRequestInterceptor
    from PySide6.QtWidgets import QFileDialog

    open_map(qtbot, window)
    window.inventory.set_locality("Tierra Fría")
    target = tmp_path / "mapa.html"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.map.export_html()
    html = target.read_text(encoding="utf-8")
    assert "<script src=" not in html and "<link " not in html  # everything written into the one file
    assert '"photos":[0' in html  # no photo links: they would need the app

    class Counter(QWebEngineUrlRequestInterceptor):
        def __init__(self) -> None:
            super().__init__()
            self.remote: list[str] = []

        def interceptRequest(self, info) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
            if info.requestUrl().scheme() not in ("file", "data"):
                self.remote.append(info.requestUrl().toString())
                info.block(True)

    profile = QWebEngineProfile()
    counter = Counter()
    profile.setUrlRequestInterceptor(counter)
    page = QWebEnginePage(profile)
    page.load(QUrl.fromLocalFile(str(target)))
    expected = len([r for r in window.inventory.all_rows() if r.id in set(window.inventory.visible_ids())
                    and r.lat is not None])
    qtbot.waitUntil(lambda: page.title() == f"cd-ready:{expected}", timeout=READY_MS)
    assert counter.remote == []
    import shiboken6

    shiboken6.delete(page)  # the page before its profile
    shiboken6.delete(profile)


def test_png_export(qtbot, window: MainWindow, demo: AppContext, tmp_path: Path,  # type: ignore[no-untyped-def]
                    monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QFileDialog

    open_map(qtbot, window)
    target = tmp_path / "mapa.png"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.map.export_png()
    image = QImage(str(target))
    assert not image.isNull() and image.width() > 200 and image.height() > 200


def test_pick_a_location_from_the_asset_form(qtbot, demo: AppContext, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from cortazar_desk.ui.asset_form import AssetForm
    from cortazar_desk.ui.map.pick_dialog import PickLocationDialog

    def run_dialog(dialog: PickLocationDialog) -> int:
        dialog.show()
        qtbot.waitUntil(lambda: dialog.view.is_ready, timeout=READY_MS)
        assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()  # no point yet
        js(qtbot, dialog.view, "CD.state.map.fire('click', {latlng: L.latLng(20.4851, -100.9577)}); 1")
        qtbot.waitUntil(lambda: dialog.picked == (20.4851, -100.9577), timeout=5000)
        # dragging the marker moves the point too
        js(qtbot, dialog.view, "CD.state.pick.setLatLng([20.4861, -100.9581]); CD.state.pick.fire('dragend'); 1")
        qtbot.waitUntil(lambda: dialog.picked == (20.4861, -100.9581), timeout=5000)
        dialog.accept()
        return 1

    monkeypatch.setattr(PickLocationDialog, "exec", run_dialog)
    form = AssetForm(demo.db, None)
    qtbot.addWidget(form)
    form.pick_on_map()
    assert (form.ui.latEdit.text(), form.ui.lonEdit.text()) == ("20.4861000", "-100.9581000")
    assert form.ui.localityCombo.currentText() == "Cortazar"  # suggested from the polygon the point fell in


def test_the_web_engine_starts_only_when_the_map_is_shown(tmp_path: Path) -> None:
    """In a process of its own (this one has had maps): the window, the home page and the inventory leave
    QtWebEngineWidgets unimported; showing the map brings it."""
    import subprocess
    import sys

    script = """
import sys
from cortazar_desk.ui.map.setup import prepare_before_app
prepare_before_app()
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
from cortazar_desk.config import WorkstationConfig
from cortazar_desk.paths import app_dirs
from cortazar_desk.services.workstation import Workstation
from cortazar_desk.ui.context import AppContext, window_settings
from cortazar_desk.ui.main_window import INVENTORY, MAP, MainWindow
dirs = app_dirs().ensure()
station = Workstation.resolve(dirs, WorkstationConfig())
window = MainWindow(window_settings(dirs))
window.show()
window.attach(AppContext(station, station.open()))
window.nav.setCurrentRow(INVENTORY)
app.processEvents()
print("before", "PySide6.QtWebEngineWidgets" in sys.modules)
window.nav.setCurrentRow(MAP)
for _ in range(50):
    app.processEvents()
print("after", "PySide6.QtWebEngineWidgets" in sys.modules)
from cortazar_desk.ui.map.engine import MapEngine
MapEngine.shutdown_if_created()
"""
    import os

    env = dict(os.environ, CORTAZAR_DESK_HOME=str(tmp_path), QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert "before False" in out.stdout and "after True" in out.stdout, out.stdout + out.stderr[-2000:]


def test_popup_shows_the_assets_photo(qtbot, window: MainWindow, demo: AppContext) -> None:  # type: ignore[no-untyped-def]
    import io

    from PIL import Image

    from cortazar_desk.services.asset_files import add_photo

    target = next(r for r in window.inventory.all_rows() if r.lat is not None and r.active)
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (200, 40, 40)).save(buffer, "JPEG")
    add_photo(demo.db, target.id, buffer.getvalue(), "fachada.jpg")
    demo.data_changed.emit()
    view = open_map(qtbot, window)
    js(qtbot, view, f"CD.focus({target.id})")
    qtbot.waitUntil(lambda: js(qtbot, view, "(function(){const i = document.querySelector('.cd-photo'); "
                                            "return !!i && i.complete && i.naturalWidth > 0;})()"), timeout=10_000)
    assert view.engine.guard.blocked == []
