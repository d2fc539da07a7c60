"""Inicio: the office, the database in use and the state of its backups at a glance."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ...services import audit_log, office
from ..context import AppContext
from ..widgets import heading, plural


class HomePage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.logo = QLabel()
        self.logo.setFixedSize(96, 96)
        self.logo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title = heading("")
        self.subtitle = QLabel()
        self.demo_badge = QLabel("Datos de demostración: personas, teléfonos, folios y montos son inventados.")
        self.demo_badge.setStyleSheet("color: #7a4b00; background: #fff3cd; padding: 4px 8px; border-radius: 4px;")

        top = QHBoxLayout()
        top.addWidget(self.logo, 0, Qt.AlignmentFlag.AlignTop)
        titles = QVBoxLayout()
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        titles.addWidget(self.demo_badge)
        titles.setAlignment(Qt.AlignmentFlag.AlignTop)
        top.addLayout(titles, 1)

        self.db_label = QLabel()
        self.db_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.db_label.setWordWrap(True)
        self.backup_label = QLabel()
        self.backup_label.setWordWrap(True)
        self.audit_label = QLabel()
        box = QGroupBox("Estado")
        form = QFormLayout(box)
        form.addRow("Base de datos:", self.db_label)
        form.addRow("Último respaldo:", self.backup_label)
        form.addRow("Bitácora de cambios:", self.audit_label)

        self.backup_button = QPushButton("Respaldar ahora")
        self.settings_button = QPushButton("Configuración…")
        buttons = QHBoxLayout()
        buttons.addWidget(self.backup_button)
        buttons.addWidget(self.settings_button)
        buttons.addStretch()

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(box)
        layout.addLayout(buttons)
        layout.addStretch()

        ctx.profile_saved.connect(self.refresh)
        ctx.backup_made.connect(self.refresh)
        ctx.data_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        profile = office.load_profile(self.ctx.db)
        self.title.setText(profile.office_name)
        self.subtitle.setText(profile.municipality + (f"\n{profile.address}" if profile.address else ""))
        self.demo_badge.setVisible(profile.is_demo)
        if profile.logo_attachment_id:
            pix = QPixmap()
            pix.loadFromData(office.load_logo(self.ctx.db, profile.logo_attachment_id))
            self.logo.setPixmap(pix.scaled(96, 96, Qt.AspectRatioMode.KeepAspectRatio,
                                           Qt.TransformationMode.SmoothTransformation))
        self.logo.setVisible(profile.logo_attachment_id is not None)
        station = self.ctx.station
        kind = ("archivo en este equipo (SQLite)" if station.location.backend == "sqlite"
                else "servidor compartido (PostgreSQL)")
        self.db_label.setText(f"{station.location.display()}\n{kind}")
        backups = station.list_backups()
        if backups:
            newest = backups[0]
            days = (date.today() - newest.taken_at.date()).days  # calendar days, not 24-hour spans
            when = "hoy" if days <= 0 else ("ayer" if days == 1 else f"hace {days} días")
            self.backup_label.setText(
                f"{newest.taken_at:%d/%m/%Y %H:%M} ({when}, {newest.reason_label}); "
                f"{plural(len(backups), 'respaldo', 'respaldos')} en {station.backup_folder}"
            )
        elif station.location.backend == "sqlite":
            self.backup_label.setText("Todavía no hay respaldos. El programa hace uno automático al abrir y cada día; "
                                      "también puede hacerlo ahora con «Respaldar ahora».")
        else:
            self.backup_label.setText("Los respaldos del servidor se hacen con «Respaldar ahora» o con el comando "
                                      "programado del administrador.")
        self.audit_label.setText(plural(audit_log.entry_count(self.ctx.db), "cambio registrado", "cambios registrados"))
