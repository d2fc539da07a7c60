"""Mapa: the inventory on a map of Cortazar, following the inventory's filters.

The web engine starts the first time this page is shown, never at start-up. The page gets every asset with
coordinates once; a filter change only tells it which ids to show, so the page is not rebuilt while the office types.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ...services.errors import UserError
from ..context import AppContext
from ..errors import show_error
from ..widgets import plural

if TYPE_CHECKING:
    from ...documents.map_page import TileSource
    from ..map.view import MapView
    from .inventory_page import InventoryPage

log = logging.getLogger(__name__)


class MapPage(QWidget):
    asset_open_requested = Signal(object)

    def __init__(self, ctx: AppContext, inventory: InventoryPage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.inventory = inventory
        self.view: MapView | None = None
        self._tiles_open: Path | None = None
        self._focus_when_ready: int | None = None

        self.summary = QLabel()
        self.summary.setObjectName("mapSummary")
        self.to_inventory = QPushButton("Filtros del inventario…")
        self.to_inventory.setToolTip("El mapa muestra los anuncios que deja ver el filtro del Inventario")
        self.base_button = QPushButton("Mapa base")
        base_menu = QMenu(self.base_button)
        base_menu.addAction("Elegir archivo de mosaicos (MBTiles)…", self.choose_tiles)
        base_menu.addAction("Mosaicos en línea…", self.choose_online_tiles)
        base_menu.addAction("Sin mapa base (solo capas de referencia)", self.clear_tiles)
        self.base_button.setMenu(base_menu)
        self.export_button = QPushButton("Exportar")
        export_menu = QMenu(self.export_button)
        export_menu.addAction("Página HTML que funciona sin internet…", self.export_html)
        export_menu.addAction("Imagen PNG del mapa…", self.export_png)
        self.export_button.setMenu(export_menu)
        bar = QHBoxLayout()
        bar.addWidget(self.summary, 1)
        for button in (self.to_inventory, self.base_button, self.export_button):
            bar.addWidget(button)
        self.placeholder = QLabel("Cargando el mapa…")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.placeholder)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)

        inventory.filter_applied.connect(self._follow_filter)
        inventory.rows_loaded.connect(self._schedule_reload)
        inventory.current_asset_changed.connect(self.focus_asset)
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(0)
        self._reload_timer.timeout.connect(self.reload)

    # --- the page --------------------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if self.view is None:
            QTimer.singleShot(0, self._create_view)  # paint the page first, then start the engine

    def _create_view(self) -> None:
        if self.view is not None:
            return
        from ..map.view import MapView

        self.view = MapView(self)
        self.view.engine.content.photo = self._photo
        self.view.marker_clicked.connect(self.inventory.select_asset)
        self.view.open_requested.connect(self.asset_open_requested.emit)
        self.view.locality_clicked.connect(self.inventory.set_locality)
        self.view.ready.connect(self._ready)
        self.stack.addWidget(self.view)
        self.stack.setCurrentWidget(self.view)
        self.reload()

    def _photo(self, asset_id: int) -> bytes | None:
        """The newest photo's thumbnail for a popup (verified against its hash, like every photo shown)."""
        from ...services.asset_files import list_photos, photo_bytes

        photos = list_photos(self.ctx.db, asset_id)
        return photo_bytes(self.ctx.db, photos[0], thumbnail=True) if photos else None

    def _schedule_reload(self) -> None:
        if self.view is not None:
            self._reload_timer.start()

    def reload(self) -> None:
        """Build the page again from the inventory's rows (after data changed, or the base map)."""
        if self.view is None:
            return
        from ...documents.map_page import PageOptions, build_page
        from ...services.map_data import assets_with_photos, marker_payload, reference_payload

        try:
            rows = self.inventory.all_rows()
            markers = marker_payload(rows, assets_with_photos(self.ctx.db))
            html = build_page(markers, reference_payload(self.ctx.db), PageOptions(tiles=self._tile_source()))
        except Exception as exc:
            show_error(self, exc)
            return
        self._without_position = len(rows) - len(markers["ids"])
        self.view.show_page(html)
        self._follow_filter()

    def _ready(self, _count: int) -> None:
        if self._focus_when_ready is not None and self.view is not None:
            self.view.focus(self._focus_when_ready)
            self._focus_when_ready = None

    def _follow_filter(self) -> None:
        ids = self.inventory.visible_ids()
        total = self.inventory.model.rowCount()
        without = getattr(self, "_without_position", 0)
        text = f"{plural(len(ids), 'anuncio', 'anuncios')} de {total:,} según los filtros del Inventario"
        if total and without == total:
            text = ("Ningún anuncio tiene coordenadas todavía: escríbalas o elíjalas en el mapa desde la ficha del "
                    "anuncio (pestaña Ubicación, «Elegir en el mapa…»).")
        elif without:
            text += f" · {plural(without, 'anuncio', 'anuncios')} sin coordenadas no aparece(n)"
        self.summary.setText(text)
        if self.view is not None:
            self.view.show_only(None if len(ids) == total else ids)

    def focus_asset(self, asset_id: int) -> None:
        """Centre the map on the asset (also when the map is loading: it happens once the markers are in)."""
        if self.view is None:
            self._focus_when_ready = asset_id
            return
        self.view.focus(asset_id)

    # --- base map ---------------------------------------------------------------------------------------------

    def _tile_source(self) -> TileSource | None:
        from ..map.base_map import base_map

        assert self.view is not None
        source, problem = base_map(self.view.engine, self.ctx.station.config)
        if problem is not None:
            show_error(self, problem)
        return source

    def _save_config(self) -> None:
        try:
            self.ctx.station.config.save(self.ctx.station.dirs.config_file)
        except OSError as exc:
            show_error(self, UserError("No se pudo guardar la configuración de este equipo.", detail=str(exc)))
        self.reload()

    def choose_tiles(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Mapa base (MBTiles)", "", "Mosaicos MBTiles (*.mbtiles)")
        if not name:
            return
        from ...services.tiles import TileSet

        try:
            TileSet(Path(name)).close()  # refuse a bad file before remembering it
        except UserError as exc:
            show_error(self, exc)
            return
        self.ctx.station.config.tiles_file = name
        self._save_config()

    def choose_online_tiles(self) -> None:
        current = self.ctx.station.config.online_tiles_url
        url, ok = QInputDialog.getText(
            self, "Mosaicos en línea",
            "Dirección de los mosaicos (https://servidor/{z}/{x}/{y}.png). Solo ese servidor podrá consultarse;\n"
            "déjela vacía para trabajar sin internet.", text=current)
        if not ok:
            return
        url = url.strip()
        if url and (not url.startswith("https://") or not all(k in url for k in ("{z}", "{x}", "{y}"))):
            show_error(self, UserError("La dirección debe empezar con https:// e incluir {z}, {x} y {y}."))
            return
        self.ctx.station.config.online_tiles_url = url
        self._save_config()

    def clear_tiles(self) -> None:
        self.ctx.station.config.tiles_file = ""
        self.ctx.station.config.online_tiles_url = ""
        self._save_config()

    # --- export -----------------------------------------------------------------------------------------------

    def export_html(self) -> None:
        from ...documents.map_page import PageOptions, build_page
        from ...services.map_data import marker_payload, reference_payload

        default = f"mapa-inventario-{date.today():%Y-%m-%d}.html"
        name, _ = QFileDialog.getSaveFileName(self, "Exportar el mapa", default, "Página web (*.html)")
        if not name:
            return
        shown = set(self.inventory.visible_ids())
        rows = [row for row in self.inventory.all_rows() if row.id in shown]
        try:
            html = build_page(marker_payload(rows), reference_payload(self.ctx.db), PageOptions(inline=True))
            _write_atomically(Path(name), html.encode("utf-8"))
        except OSError as exc:
            show_error(self, UserError(f"No se pudo guardar {name}.", detail=str(exc)))
            return
        except Exception as exc:
            show_error(self, exc)
            return
        QMessageBox.information(self, "Mapa exportado", f"Se guardó el mapa con {len(rows):,} anuncios en\n{name}\n"
                                "Se abre en cualquier navegador, sin internet (sin fotos ni mapa base).")

    def export_png(self) -> None:
        if self.view is None:
            return
        default = f"mapa-inventario-{date.today():%Y-%m-%d}.png"
        name, _ = QFileDialog.getSaveFileName(self, "Imagen del mapa", default, "Imagen PNG (*.png)")
        if not name:
            return
        if not self.view.web.grab().save(name, "PNG"):
            show_error(self, UserError(f"No se pudo guardar la imagen en {name}."))


def _write_atomically(path: Path, data: bytes) -> None:
    import os
    import tempfile

    fd, tmp = tempfile.mkstemp(prefix=".exportando-", suffix=path.suffix, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
