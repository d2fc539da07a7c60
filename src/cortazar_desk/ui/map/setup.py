"""What the map's web engine needs before the QApplication exists, kept apart so that start-up imports only this
(about 25 ms of QtWebEngineCore) and not the engine, folium or the database layer."""

from __future__ import annotations

import os

SCHEME = b"app"
HOST = "local"


def prepare_before_app() -> None:
    """What QtWebEngine needs before the QApplication is created (and nothing heavier: the engine itself starts
    only when the first map is shown)."""
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtWebEngineCore import QWebEngineUrlScheme

    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # Chromium refuses to run as root with its sandbox (CI, containers); a normal user keeps the sandbox.
        os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    if QWebEngineUrlScheme.schemeByName(SCHEME).name() != SCHEME:
        scheme = QWebEngineUrlScheme(SCHEME)
        scheme.setSyntax(QWebEngineUrlScheme.Syntax.Host)
        # Secure but not "local": a local scheme would need LocalContentCanAccessFileUrls, i.e. file:// access.
        scheme.setFlags(QWebEngineUrlScheme.Flag.SecureScheme)
        QWebEngineUrlScheme.registerScheme(scheme)
