"""The one table of Spanish names for things the code names in English (STYLE.md, practice 12)."""

from __future__ import annotations

TABLES = {
    "office_profile": "Perfil de la oficina",
    "attachment": "Archivo adjunto",
}

FIELDS = {
    "office_profile": {
        "office_name": "Nombre de la oficina",
        "municipality": "Municipio",
        "address": "Domicilio",
        "phone": "Teléfono",
        "logo_attachment_id": "Logotipo",
        "expiry_warning_days": "Días de aviso antes del vencimiento",
        "is_demo": "Datos de demostración",
    },
    "attachment": {
        "sha256": "Huella SHA-256",
        "media_type": "Tipo",
        "size": "Tamaño",
        "original_name": "Nombre original",
        "width": "Ancho",
        "height": "Alto",
        "taken_at": "Fecha de la foto",
        "created_at": "Fecha de carga",
        "created_by": "Cargado por",
    },
}

ACTIONS = {
    "insert": "Alta",
    "update": "Cambio",
    "delete": "Eliminación",
    "deactivate": "Baja",
    "reactivate": "Reactivación",
}


def table_label(table: str) -> str:
    return TABLES.get(table, table)


def field_label(table: str, field: str) -> str:
    return FIELDS.get(table, {}).get(field, field)
