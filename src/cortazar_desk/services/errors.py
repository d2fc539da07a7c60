"""Errors people can act on. Each carries a complete message in Spanish; the UI shows it as it is."""

from __future__ import annotations

import sqlite3


class UserError(Exception):
    title = "No se pudo completar la operación"

    def __init__(self, message: str, *, detail: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail


class ValidationError(UserError):
    title = "Revise los datos"

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.field = field


class ConflictError(UserError):
    title = "Otra persona modificó este registro"


class DiskFullError(UserError):
    title = "No hay espacio en disco"


class DatabaseBusyError(UserError):
    title = "La base de datos está ocupada"


class DatabaseUnavailableError(UserError):
    title = "No se puede conectar con la base de datos"


class LocationRefusedError(UserError):
    title = "Ubicación no permitida para la base de datos"


class SchemaMismatchError(UserError):
    title = "Versión de la base de datos"


class DamagedDatabaseError(UserError):
    title = "La base de datos está dañada"


class BackupError(UserError):
    title = "Problema con el respaldo"


class AttachmentError(UserError):
    title = "Archivo no admitido"


def translate_db_error(exc: BaseException) -> UserError | None:
    """Turn a driver error into a message for people, or None when it is a programming error."""
    # Imported here: the window imports this module before the database layer, to keep start-up fast.
    from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

    text = str(getattr(exc, "orig", exc)).lower()
    if isinstance(exc, OperationalError | sqlite3.OperationalError) or "disk" in text:
        if "database or disk is full" in text or "no space left" in text or "could not extend file" in text:
            return DiskFullError(
                "No se guardó el cambio porque el disco está lleno. Nada de lo ya guardado se perdió. "
                "Libere espacio en el disco y vuelva a intentarlo."
            )
        if "database is locked" in text or "database is busy" in text:
            return DatabaseBusyError(
                "Otro programa está usando la base de datos y no la liberó a tiempo. No se guardó el cambio; "
                "vuelva a intentarlo en unos momentos."
            )
        if "readonly" in text or "read-only" in text:
            return UserError("La base de datos es de solo lectura en este equipo; no se guardó el cambio.")
    sqlstate = getattr(getattr(exc, "orig", None), "sqlstate", None)
    if sqlstate in ("40P01", "40001"):  # deadlock detected, serialization failure
        return DatabaseBusyError(
            "Otro equipo estaba guardando al mismo tiempo y no se pudo completar el cambio. No se guardó nada; "
            "vuelva a intentarlo."
        )
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return DatabaseUnavailableError(
            "Se perdió la conexión con el servidor de la base de datos. No se guardó el cambio; "
            "verifique la red y vuelva a intentarlo."
        )
    if isinstance(exc, OperationalError) and ("connection" in text or "server" in text):
        return DatabaseUnavailableError(
            "No hay conexión con el servidor de la base de datos. Verifique la red o avise al administrador."
        )
    if isinstance(exc, IntegrityError):
        return UserError(
            "No se guardó el cambio porque contradice datos ya registrados (un folio o clave repetido, o un "
            "registro relacionado que ya no existe)."
        )
    return None
