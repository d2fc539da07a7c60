"""Choosing an asset's location on the map: a click puts the marker there, and the marker can be dragged."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from ...config import WorkstationConfig
from ...documents.map_page import PageOptions, build_page
from ...services.database import Database
from ...services.map_data import marker_payload, reference_payload
from .base_map import base_map
from .view import MapView


class PickLocationDialog(QDialog):
    def __init__(self, db: Database, start: tuple[float, float] | None, parent: QWidget | None = None, *,
                 config: WorkstationConfig | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Elegir la ubicación en el mapa")
        self.resize(900, 650)
        self.picked: tuple[float, float] | None = start
        self.hint = QLabel("Haga clic donde está el anuncio, o arrastre el marcador. Luego pulse «Usar esta "
                           "ubicación».")
        self.hint.setWordWrap(True)
        self.coordinates = QLabel()
        self.view = MapView(self)
        self.view.point_picked.connect(self._picked)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Usar esta ubicación")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Cancelar")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.coordinates)
        layout.addWidget(self.buttons)
        self._show_coordinates()
        tiles, _problem = base_map(self.view.engine, config)  # the map page reports a bad file; here, no base map
        options = PageOptions(mode="pick", pick_at=start, zoom=17 if start else 13, tiles=tiles)
        self.view.show_page(build_page(marker_payload([]), reference_payload(db), options))

    def _picked(self, lat: float, lon: float) -> None:
        self.picked = (round(lat, 7), round(lon, 7))
        self._show_coordinates()

    def _show_coordinates(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if self.picked is None:
            self.coordinates.setText("Todavía no se ha elegido un punto.")
            ok.setEnabled(False)
            return
        self.coordinates.setText(f"Latitud {self.picked[0]:.7f}, longitud {self.picked[1]:.7f}")
        ok.setEnabled(True)

    def done(self, result: int) -> None:
        self.view.release()
        super().done(result)
