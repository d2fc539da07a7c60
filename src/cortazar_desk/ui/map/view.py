"""A map widget: one guarded web view showing one map page, and the signals the page sends back."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QUrl, Signal
from PySide6.QtWebChannel import QWebChannel
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QVBoxLayout, QWidget

from .engine import PAGE_BASE, Bridge, MapEngine

_names = itertools.count(1)


class MapView(QWidget):
    ready = Signal(int)  # markers in the cluster layer (0 for the location picker)
    marker_clicked = Signal(int)
    open_requested = Signal(int)
    locality_clicked = Signal(str)
    point_picked = Signal(float, float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.engine = MapEngine.instance()
        self.web = QWebEngineView(self)
        self.page = self.engine.new_page(self.web)
        self.web.setPage(self.page)
        self.bridge = Bridge(self)
        self.channel = QWebChannel(self.page)
        self.channel.registerObject("bridge", self.bridge)
        self.page.setWebChannel(self.channel)
        self.bridge.ready.connect(self._ready)
        self.bridge.marker_clicked.connect(self.marker_clicked)
        self.bridge.open_requested.connect(self.open_requested)
        self.bridge.locality_clicked.connect(self.locality_clicked)
        self.bridge.point_picked.connect(self.point_picked)
        self.name = f"mapa-{next(_names)}.html"
        self.is_ready = False
        self._pending: list[str] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.web)

    def show_page(self, html: str) -> None:
        """Load ``html`` as this view's page (served by the app's scheme: no size limit, no file on disk)."""
        self.is_ready = False
        self.engine.content.pages[self.name] = html.encode("utf-8")
        url = QUrl(PAGE_BASE + self.name)
        self.page.home = url
        self.page.load(url)

    def run(self, script: str) -> None:
        """Run ``script`` now if the markers are in, else once they are. Callers pass numbers only, as JSON."""
        if self.is_ready:
            self.page.runJavaScript(script)
        else:
            self._pending.append(script)

    def show_only(self, asset_ids: Iterable[int] | None) -> None:
        ids = None if asset_ids is None else [int(i) for i in asset_ids]
        self._pending = [s for s in self._pending if not s.startswith("CD.showOnly(")]
        self.run(f"CD.showOnly({json.dumps(ids)});")

    def focus(self, asset_id: int) -> None:
        self.run(f"CD.focus({int(asset_id)});")

    def evaluate(self, script: str, callback: Any) -> None:
        self.page.runJavaScript(script, 0, callback)

    def _ready(self, count: int) -> None:
        first = not self.is_ready
        self.is_ready = True
        if first:
            pending, self._pending = self._pending, []
            for script in pending:
                self.page.runJavaScript(script)
        self.ready.emit(count)

    def release(self) -> None:
        """Forget this view's page in the scheme (the HTML can be megabytes)."""
        self.engine.content.pages.pop(self.name, None)

    def closeEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        self.release()
        super().closeEvent(event)
