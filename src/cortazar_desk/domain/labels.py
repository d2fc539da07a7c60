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
    "department": "Dependencia",
    "campaign": "Campaña",
    "campaign_artwork": "Arte de campaña",
    "placement": "Colocación",
    "work_order": "Orden de trabajo",
    "work_order_item": "Anuncio de la orden",
    "work_order_evidence": "Evidencia de la orden",
    "veda_period": "Periodo de veda",
    "official_channel": "Canal oficial",
    "media_outlet": "Medio de comunicación",
    "media_contact": "Contacto de prensa",
    "media_contact_outlet": "Medio del contacto (historial)",
    "distribution_list": "Lista de distribución",
    "distribution_list_member": "Integrante de lista",
    "press_release": "Boletín",
    "monitoring_entry": "Nota de monitoreo",
    "monitoring_department": "Dependencia mencionada",
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
    "department": {"name": "Nombre", "active": "Activa"},
    "campaign": {
        "name": "Nombre", "department_id": "Dependencia", "topic": "Tema", "kind": "Tipo", "starts_on": "Inicio",
        "ends_on": "Fin", "veda_class": "Clasificación en veda", "ine_agreement": "Acuerdo del INE",
        "report_date": "Fecha del informe", "art134_signed_by": "Art. 134 revisado por",
        "art134_signed_at": "Art. 134 revisado el", "provider": "Proveedor", "contract_number": "Contrato",
        "amount": "Monto (MXN)", "invoice": "Factura", "budget_line": "Partida", "notes": "Notas", "active": "Activa",
    },
    "campaign_artwork": {"campaign_id": "Campaña", "attachment_id": "Archivo", "sha256": "Huella",
                         "caption": "Descripción"},
    "placement": {"campaign_id": "Campaña", "asset_id": "Anuncio", "face": "Cara", "starts_on": "Desde",
                  "ends_on": "Hasta", "notes": "Notas", "active": "Vigente"},
    "work_order": {
        "folio": "Folio", "kind": "Tipo", "status": "Estado", "crew": "Cuadrilla o proveedor", "due_on": "Fecha límite",
        "instructions": "Indicaciones", "campaign_id": "Campaña", "veda_period_id": "Periodo de veda",
        "created_on": "Elaborada", "closed_on": "Cerrada", "cancel_reason": "Motivo de cancelación",
    },
    "work_order_item": {"order_id": "Orden", "asset_id": "Anuncio", "placement_id": "Colocación", "face": "Cara",
                        "instructions": "Indicaciones"},
    "work_order_evidence": {"order_id": "Orden", "asset_id": "Anuncio", "view": "Vista", "attachment_id": "Foto",
                            "sha256": "Huella", "taken_at": "Fecha de la foto"},
    "veda_period": {"name": "Nombre", "kind": "Tipo de elección", "starts_on": "Inicio (día 0)",
                    "election_on": "Jornada electoral", "notes": "Notas", "active": "Activo"},
    "official_channel": {"name": "Nombre", "kind": "Tipo", "address": "Dirección o cuenta", "active": "Activo"},
    "media_outlet": {"name": "Nombre", "medium": "Tipo de medio", "coverage": "Cobertura", "website": "Sitio web",
                     "social": "Redes sociales", "address": "Domicilio", "phone": "Teléfono", "notes": "Notas",
                     "active": "Activo"},
    "media_contact": {
        "name": "Nombre", "name_key": "Nombre para comparar", "outlet_id": "Medio", "role": "Cargo",
        "beats": "Fuentes", "phone": "Teléfono", "phone_key": "Teléfono (dígitos)", "phone2": "Otro teléfono",
        "phone2_key": "Otro teléfono (dígitos)", "email": "Correo", "messaging": "Mensajería",
        "preferred_channel": "Canal preferido", "notes": "Notas", "do_not_contact": "No contactar",
        "dnc_since": "No contactar desde", "dnc_reason": "Motivo de no contactar",
        "merged_into_id": "Fusionado en", "active": "Activo",
    },
    "media_contact_outlet": {"contact_id": "Contacto", "outlet_id": "Medio", "role": "Cargo",
                             "started_on": "Desde", "ended_on": "Hasta"},
    "distribution_list": {"name": "Nombre", "kind": "Tipo", "criteria": "Criterios", "notes": "Notas",
                          "active": "Activa"},
    "distribution_list_member": {"list_id": "Lista", "contact_id": "Contacto"},
    "press_release": {"number": "Número", "issued_on": "Fecha", "title": "Título", "body": "Texto",
                      "attachment_id": "Archivo", "sha256": "Huella", "department_id": "Dependencia",
                      "list_id": "Lista de distribución", "campaign_id": "Campaña", "active": "Activo"},
    "monitoring_entry": {
        "published_at": "Fecha y hora", "outlet_id": "Medio", "medium": "Tipo de medio",
        "section": "Sección o programa", "headline": "Titular", "link": "Enlace", "author": "Autor",
        "genre": "Género", "topic": "Tema", "officials": "Funcionarios mencionados", "tone": "Tono",
        "reach": "Alcance estimado", "clipping_id": "Recorte", "clipping_sha256": "Huella del recorte",
        "in_summary": "Incluir en la síntesis", "notes": "Notas", "press_release_id": "Boletín",
        "campaign_id": "Campaña", "active": "Activa",
    },
    "monitoring_department": {"entry_id": "Nota", "department_id": "Dependencia"},
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
