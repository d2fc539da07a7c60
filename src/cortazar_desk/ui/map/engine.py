"""The locked-down web engine behind the map.

- One ``app://local/`` scheme serves everything a map page uses: the page, Leaflet's files, our script, MBTiles
  tiles and photo thumbnails. It must be registered before the QApplication exists (``prepare_before_app``).
- A request guard blocks every request that is not the app's own (an online tile host only when the office turned
  it on) and counts what it blocked, so "zero remote requests" is something a test can read.
- The page refuses navigation away from the map and new windows; risky WebEngine defaults are turned off.
- The profile lives as long as the application: destroying it before its pages crashes the process.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QBuffer, QByteArray, QFile, QIODevice, QObject, QUrl, Signal, Slot
from PySide6.QtWebEngineCore import (
    QWebEnginePage,
    QWebEngineProfile,
    QWebEngineScript,
    QWebEngineSettings,
    QWebEngineUrlRequestInfo,
    QWebEngineUrlRequestInterceptor,
    QWebEngineUrlRequestJob,
    QWebEngineUrlSchemeHandler,
)

from ...documents.map_page import static_file
from ...services.tiles import TileSet
from .setup import HOST, SCHEME

log = logging.getLogger(__name__)
PAGE_BASE = "app://local/page/"
_TILE = re.compile(r"^/tiles/(\d+)/(\d+)/(\d+)$")
_PHOTO = re.compile(r"^/photo/(\d+)$")
_MIME = {"js": "text/javascript", "css": "text/css", "png": "image/png", "html": "text/html"}


@dataclass
class Content:
    """What the scheme serves besides the static files; the map page fills it."""

    pages: dict[str, bytes] = field(default_factory=dict)
    tiles: TileSet | None = None
    photo: Callable[[int], bytes | None] | None = None


class SchemeHandler(QWebEngineUrlSchemeHandler):
    def __init__(self, content: Content, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.content = content

    def requestStarted(self, job: QWebEngineUrlRequestJob) -> None:  # noqa: N802 - Qt API
        url = job.requestUrl()
        if url.host() != HOST:
            job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
            return
        try:
            found = self._find(url.path())
        except Exception:  # a bad tile file or a database hiccup must not take the map down
            log.exception("map content failed: %s", url.toString())
            found = None
        if found is None:
            job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
            return
        mime, data = found
        buffer = QBuffer(job)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        job.reply(QByteArray(mime.encode()), buffer)

    def _find(self, path: str) -> tuple[str, bytes] | None:
        if path.startswith("/static/"):
            name = path.removeprefix("/static/")
            data = static_file(name)
            return None if data is None else (_MIME.get(name.rsplit(".", 1)[-1], "application/octet-stream"), data)
        if path.startswith("/page/"):
            page = self.content.pages.get(path.removeprefix("/page/"))
            return None if page is None else ("text/html; charset=utf-8", page)
        tile = _TILE.match(path)
        if tile and self.content.tiles is not None:
            z, x, y = (int(v) for v in tile.groups())
            data = self.content.tiles.tile(z, x, y)
            return None if data is None else (self.content.tiles.mime_type, data)
        photo = _PHOTO.match(path)
        if photo and self.content.photo is not None:
            data = self.content.photo(int(photo.group(1)))
            return None if data is None else ("image/jpeg", data)
        return None


class RequestGuard(QWebEngineUrlRequestInterceptor):
    """Blocks every request that is not the app's own; an online tile host passes only when configured."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.allowed_host = ""  # e.g. "tile.openstreetmap.org", empty: none
        self.blocked: list[str] = []
        self.remote_allowed = 0

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:  # noqa: N802 - Qt API
        url = info.requestUrl()
        scheme = url.scheme()
        if scheme == SCHEME.decode() and url.host() == HOST or scheme in ("data", "blob"):
            return
        if self.allowed_host and scheme == "https" and url.host() == self.allowed_host:
            self.remote_allowed += 1
            return
        self.blocked.append(url.toString())
        log.warning("map request blocked: %s", url.toString()[:200])
        info.block(True)


class GuardedPage(QWebEnginePage):
    """Shows the map it was given and nothing else: no navigation away, no new windows."""

    console = Signal(str)

    def __init__(self, profile: QWebEngineProfile, parent: QObject | None = None) -> None:
        super().__init__(profile, parent)
        self.home = QUrl()

    def acceptNavigationRequest(self, url: QUrl | str, kind: QWebEnginePage.NavigationType,  # noqa: N802
                                is_main_frame: bool) -> bool:
        target = QUrl(url)
        allowed = target.scheme() == SCHEME.decode() and target.host() == HOST and target.path() == self.home.path()
        if not allowed:
            log.warning("map navigation refused: %s", target.toString()[:200])
        return allowed

    def createWindow(self, _kind: QWebEnginePage.WebWindowType) -> QWebEnginePage | None:  # noqa: N802 - Qt API
        return None

    def javaScriptConsoleMessage(self, level: QWebEnginePage.JavaScriptConsoleMessageLevel, message: str,  # noqa: N802
                                 line: int, source: str) -> None:
        log.debug("map console %s:%s %s", source, line, message)
        self.console.emit(message)


class MapEngine(QObject):
    """The profile, scheme handler and guard, made once for the application."""

    _instance: MapEngine | None = None

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.content = Content()
        self.profile = QWebEngineProfile(self)  # off the record: no cache or cookies on disk
        self.handler = SchemeHandler(self.content, self)
        self.guard = RequestGuard(self)
        self.profile.installUrlSchemeHandler(SCHEME, self.handler)
        self.profile.setUrlRequestInterceptor(self.guard)
        self.profile.setHttpCacheType(QWebEngineProfile.HttpCacheType.MemoryHttpCache)
        self.profile.setPersistentCookiesPolicy(QWebEngineProfile.PersistentCookiesPolicy.NoPersistentCookies)
        self.channel_script = _channel_script()
        self._pages: list[GuardedPage] = []
        app = parent
        if hasattr(app, "aboutToQuit"):
            app.aboutToQuit.connect(self.shutdown)

    @classmethod
    def instance(cls) -> MapEngine:
        from PySide6.QtWidgets import QApplication

        if cls._instance is None:
            app = QApplication.instance()
            assert app is not None, "the map needs the application"
            cls._instance = MapEngine(app)
        return cls._instance

    def new_page(self, parent: QObject) -> GuardedPage:
        page = GuardedPage(self.profile, parent)
        settings = page.settings()
        off = QWebEngineSettings.WebAttribute
        for attribute in (off.JavascriptCanOpenWindows, off.LocalContentCanAccessFileUrls,
                          off.LocalContentCanAccessRemoteUrls, off.LocalStorageEnabled, off.NavigateOnDropEnabled,
                          off.PdfViewerEnabled, off.PluginsEnabled, off.JavascriptCanAccessClipboard,
                          off.ScreenCaptureEnabled, off.AllowRunningInsecureContent, off.AutoLoadIconsForPage):
            settings.setAttribute(attribute, False)
        page.scripts().insert(self.channel_script)
        self._pages.append(page)
        page.destroyed.connect(lambda _obj=None, p=page: self._forget(p))
        return page

    def _forget(self, page: GuardedPage) -> None:
        self._pages = [p for p in self._pages if p is not page]

    def shutdown(self) -> None:
        """Delete every page before the profile goes (a profile destroyed under live pages crashes)."""
        import shiboken6

        for page in self._pages:
            if shiboken6.isValid(page):
                shiboken6.delete(page)
        self._pages = []

    @classmethod
    def shutdown_if_created(cls) -> None:
        if cls._instance is not None:
            cls._instance.shutdown()


def _channel_script() -> QWebEngineScript:
    source = QFile(":/qtwebchannel/qwebchannel.js")
    source.open(QIODevice.OpenModeFlag.ReadOnly)
    script = QWebEngineScript()
    script.setName("qwebchannel")
    script.setSourceCode(bytes(source.readAll().data()).decode("utf-8"))
    script.setInjectionPoint(QWebEngineScript.InjectionPoint.DocumentCreation)
    script.setWorldId(QWebEngineScript.ScriptWorldId.MainWorld)
    script.setRunsOnSubFrames(False)
    source.close()
    return script


class Bridge(QObject):
    """What the page may tell the app. Ids arrive as numbers from the page and are checked as such."""

    ready = Signal(int)
    marker_clicked = Signal(int)
    open_requested = Signal(int)
    locality_clicked = Signal(str)
    point_picked = Signal(float, float)

    @Slot(int)
    def readyCount(self, count: int) -> None:  # noqa: N802 - called from JavaScript
        self.ready.emit(int(count))

    @Slot(int)
    def markerClicked(self, asset_id: int) -> None:  # noqa: N802 - called from JavaScript
        self.marker_clicked.emit(int(asset_id))

    @Slot(int)
    def openAsset(self, asset_id: int) -> None:  # noqa: N802 - called from JavaScript
        self.open_requested.emit(int(asset_id))

    @Slot(str)
    def localityClicked(self, name: str) -> None:  # noqa: N802 - called from JavaScript
        self.locality_clicked.emit(str(name))

    @Slot(float, float)
    def pointPicked(self, lat: float, lon: float) -> None:  # noqa: N802 - called from JavaScript
        self.point_picked.emit(float(lat), float(lon))
