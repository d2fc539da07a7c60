"""The one table of Spanish names for things the code names in English (STYLE.md, practice 12)."""

from __future__ import annotations

TABLES = {
    "office_profile": "Perfil de la oficina",
    "attachment": "Archivo adjunto",
    "asset": "Anuncio",
    "asset_type": "Tipo de anuncio",
    "asset_document": "Documento de anuncio",
    "asset_photo": "Foto de anuncio",
    "asset_folio": "Folio de anuncio",
    "requirement_rule": "Regla de documentos",
    "reference_layer": "Capa de referencia",
    "locality": "Localidad",
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
        "paper_size": "Tamaño de papel",
    },
    "asset": {
        "folio": "Folio", "type_id": "Tipo", "faces": "Caras", "width_m": "Ancho (m)", "height_m": "Alto (m)",
        "total_height_m": "Altura total (m)", "illumination": "Iluminación", "material": "Material",
        "street": "Calle", "number": "Número", "colonia": "Colonia", "locality_id": "Localidad",
        "postal_code": "Código postal", "cross_streets": "Entre calles", "reference": "Referencia",
        "lat": "Latitud", "lon": "Longitud", "orientation": "Orientación", "owner_name": "Propietario o arrendador",
        "owner_phone": "Teléfono del propietario", "owner_email": "Correo del propietario", "ownership": "Propiedad",
        "condition": "Estado físico", "notes": "Notas", "active": "Activo", "inactive_reason": "Motivo de la baja",
        "inactive_on": "Fecha de la baja",
    },
    "asset_document": {
        "asset_id": "Anuncio", "kind": "Tipo de documento", "number": "Número", "issuer": "Expide",
        "issued_on": "Expedición", "valid_from": "Vigente desde", "valid_until": "Vigente hasta",
        "fee": "Derechos pagados (MXN)", "receipt": "Folio del recibo", "notes": "Notas",
        "attachment_id": "Archivo escaneado", "active": "En la lista",
    },
    "asset_photo": {"asset_id": "Anuncio", "attachment_id": "Archivo", "sha256": "Huella",
                    "taken_at": "Fecha de la foto", "caption": "Pie de foto"},
    "asset_folio": {"asset_id": "Anuncio", "folio": "Folio", "assigned_at": "Asignado"},
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
