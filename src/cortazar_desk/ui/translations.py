"""Qt's own texts (Yes/Cancel, "Show Details...", file dialogs, context menus) in Spanish, from the translations
PySide6 ships, and Mexican number and date formats for Qt widgets."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

MEXICO = QLocale(QLocale.Language.Spanish, QLocale.Country.Mexico)


def install_spanish(app: QApplication) -> bool:
    QLocale.setDefault(MEXICO)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translator = QTranslator(app)
    # "qtbase_es" serves es_MX too: QTranslator falls back from es_MX to es.
    if not translator.load(MEXICO, "qtbase", "_", folder):
        return False
    return app.installTranslator(translator)
