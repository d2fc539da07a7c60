"""Export of the inventory (the current view or all of it) to Excel."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from ..db.inventory import Asset
from ..documents.workbooks import Column, SheetData, summary_rows, write_workbook
from ..domain.permits import DOCUMENT_LABELS, STATUS_LABELS, URGENCY, PermitStatus, ownership_label
from .assets import list_assets
from .database import Database

# The same colours as the inventory table on screen.
STATUS_FILLS = {
    STATUS_LABELS[PermitStatus.VALID]: "D8F0DC",
    STATUS_LABELS[PermitStatus.EXPIRING]: "FFF1C2",
    STATUS_LABELS[PermitStatus.EXPIRED]: "F8D0CC",
    STATUS_LABELS[PermitStatus.MISSING]: "F3C6E0",
    STATUS_LABELS[PermitStatus.NOT_REQUIRED]: "E4E7EB",
}

COLUMNS = (
    Column("Folio", 11), Column("Tipo", 16), Column("Calle", 26), Column("Número", 9), Column("Colonia", 16),
    Column("Localidad", 20), Column("Código postal", 9), Column("Latitud", 11, "0.000000"),
    Column("Longitud", 12, "0.000000"), Column("Caras", 7, "0"), Column("Ancho (m)", 9, "0.00"),
    Column("Alto (m)", 9, "0.00"), Column("Área (m²)", 9, "0.00"), Column("Iluminación", 12),
    Column("Material", 18), Column("Propiedad", 16), Column("Propietario o arrendador", 28),
    # Headers of computed columns must not read as data columns when this file is imported again.
    Column("Teléfono", 16), Column("Estado físico", 10), Column("Situación", 12),
    Column("Situación del permiso", 14), Column("Vence (documento que rige)", 13, "DD/MM/YYYY"),
    Column("Documento que vence o falta", 30), Column("Permisos registrados", 22),
    Column("Notas", 40),
)
STATUS_COLUMN = 20


@dataclass(frozen=True)
class ExportResult:
    path: Path
    rows: int


def export_inventory(db: Database, path: Path, asset_ids: Collection[int] | None = None, *,
                     today: date | None = None, progress: Callable[[int], bool] | None = None) -> ExportResult:
    """Write the assets (all, or those in ``asset_ids`` in that order) and a summary sheet."""
    day = today or date.today()
    rows = list_assets(db, day)
    if asset_ids is not None:
        order = {asset_id: n for n, asset_id in enumerate(asset_ids)}
        rows = sorted((r for r in rows if r.id in order), key=lambda r: order[r.id])
    table = []
    with db.read() as s:  # rows are built inside the session: its objects are not used after it closes
        # Plain rows (attribute access like the model's): ORM objects for tens of thousands of assets cost seconds.
        details = {a.id: a for a in s.connection().execute(select(Asset.__table__))}
        for row in rows:
            a = details[row.id]
            area = (a.width_m * a.height_m).quantize(Decimal("0.01")) if a.width_m and a.height_m else None
            kind = row.status.missing[0] if row.status.missing else row.status.governing_kind
            document = ""
            if kind is not None:
                document = f"Falta: {DOCUMENT_LABELS[kind]}" if row.status.missing else DOCUMENT_LABELS[kind]
            table.append([
                a.folio, row.type_name, a.street, a.number, a.colonia, row.locality, a.postal_code, a.lat, a.lon,
                a.faces, a.width_m, a.height_m, area, a.illumination.capitalize(), a.material,
                ownership_label(a.ownership), a.owner_name, a.owner_phone, a.condition.capitalize(),
                "Activo" if a.active else "Dado de baja", STATUS_LABELS[row.status.status], row.status.expires_on,
                document, row.permit_numbers, a.notes,
            ])
    statuses = [STATUS_LABELS[s] for s in URGENCY]
    summary = SheetData(
        "Resumen", [Column("Tipo", 22), *(Column(s, 12, "0") for s in statuses), Column("Total", 10, "0")],
        summary_rows(((r.type_name, STATUS_LABELS[r.status.status]) for r in rows if r.active), statuses),
    )
    inventory = SheetData("Inventario", COLUMNS, table, STATUS_COLUMN, STATUS_FILLS)
    write_workbook(path, [inventory, summary], progress)
    return ExportResult(path, len(table))
