"""The open database: engine, sessions and the checks that happen before anyone sees data."""

from __future__ import annotations

import logging
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from ..db import audit
from ..db.audit import Actor
from ..db.engine import DatabaseLocation, make_engine, read_engine
from ..db.schema import SCHEMA_HEAD, SchemaState, schema_state, upgrade_to_head
from ..domain.location import LocationKind, classify_posix, classify_windows
from .errors import (
    ConflictError,
    DamagedDatabaseError,
    DatabaseUnavailableError,
    LocationRefusedError,
    SchemaMismatchError,
    UserError,
    translate_db_error,
)

log = logging.getLogger(__name__)


class AppSession(Session):
    """Sessions of the app: every flush writes its audit rows in the same transaction."""


audit.install(AppSession)


@dataclass
class Database:
    location: DatabaseLocation
    engine: Engine
    actor: Actor = field(default_factory=Actor.current)

    @property
    def backend(self) -> str:
        return self.location.backend

    @contextmanager
    def write(self, reason: str = "") -> Iterator[Session]:
        """A short write transaction (``BEGIN IMMEDIATE`` on SQLite), committed when the block ends."""
        session = AppSession(self.engine, expire_on_commit=False, info={"actor": self.actor, "reason": reason})
        try:
            with session.begin():
                yield session
        except StaleDataError as exc:
            raise ConflictError(
                "Otra persona guardó cambios en este registro mientras usted lo editaba. No se guardó nada; "
                "vuelva a abrirlo para ver la versión actual."
            ) from exc
        except SQLAlchemyError as exc:
            friendly = translate_db_error(exc)
            if friendly is None:
                raise
            raise friendly from exc
        finally:
            session.close()

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only session; it never blocks writers."""
        session = Session(read_engine(self.engine), expire_on_commit=False)
        try:
            yield session
        except DBAPIError as exc:
            friendly = translate_db_error(exc)
            if friendly is None:
                raise
            raise friendly from exc
        finally:
            session.rollback()
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()


# --- where a SQLite file may live ---------------------------------------------------------------------------------


def _windows_drive_type(root: str) -> int:
    import ctypes

    return int(ctypes.windll.kernel32.GetDriveTypeW(root))  # type: ignore[attr-defined]


def _posix_mounts() -> list[tuple[str, str]]:
    mounts: list[tuple[str, str]] = []
    try:
        with open("/proc/mounts", encoding="utf-8") as fh:
            for line in fh:
                parts = line.split()
                if len(parts) >= 3:
                    mounts.append((parts[1].replace("\\040", " "), parts[2]))
    except OSError:
        pass
    return mounts


def classify_location(path: Path, platform: str | None = None) -> LocationKind:
    plat = platform or sys.platform
    if plat.startswith("win"):
        return classify_windows(str(path), _windows_drive_type)
    return classify_posix(str(path.resolve()), _posix_mounts())


def refuse_unsafe_location(path: Path, classify: Callable[[Path], LocationKind] = classify_location) -> None:
    kind = classify(path)
    if kind is LocationKind.NETWORK:
        raise LocationRefusedError(
            f"La base de datos no puede estar en una carpeta de red ({path}). SQLite se daña cuando varios "
            "equipos la usan a través de la red. Para compartir los datos entre varios equipos, use una base de "
            "datos PostgreSQL (Configuración > Base de datos)."
        )
    if kind is LocationKind.CLOUD_SYNC:
        raise LocationRefusedError(
            f"La base de datos no puede estar en una carpeta sincronizada con la nube ({path}). OneDrive, "
            "Dropbox y similares copian el archivo a medio escribir y lo dañan. Elija una carpeta local; para "
            "compartir los datos entre varios equipos, use PostgreSQL."
        )


# --- integrity ---------------------------------------------------------------------------------------------------


SQLITE_CORRUPT, SQLITE_NOTADB = 11, 26


def quick_check(path: Path, timeout: float = 10.0) -> str | None:
    """None when the SQLite file is healthy, else what is wrong with it.

    Only corruption counts: a file that is locked (antivirus, another program) or that cannot be opened raises
    ``DatabaseUnavailableError`` instead, so a healthy file is never moved aside.
    """
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=timeout)
        try:
            rows = conn.execute("PRAGMA quick_check").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        if getattr(exc, "sqlite_errorcode", 0) & 0xFF in (SQLITE_CORRUPT, SQLITE_NOTADB):
            return str(exc)
        raise DatabaseUnavailableError(
            f"No se pudo abrir el archivo de la base de datos ({path}). Puede que otro programa lo tenga ocupado "
            "(un antivirus, una copia en curso) o que este usuario no tenga permiso. Cierre ese programa y vuelva "
            "a intentarlo.",
            detail=str(exc),
        ) from exc
    result = "; ".join(str(r[0]) for r in rows)
    return None if result == "ok" else result


# --- opening -----------------------------------------------------------------------------------------------------

# Takes and verifies a backup (a SQLite copy or a pg_dump); raises when it cannot, so nothing migrates without one.
BackupBeforeMigrate = Callable[[], object]


def open_database(
    location: DatabaseLocation,
    *,
    backup_before_migrate: BackupBeforeMigrate | None = None,
    check_location: Callable[[Path], None] = refuse_unsafe_location,
    actor: Actor | None = None,
) -> Database:
    """Open, check and (for SQLite) migrate the database. Raises ``UserError`` subclasses with Spanish messages."""
    if location.backend == "sqlite":
        assert location.path is not None
        check_location(location.path)
        if location.path.exists() and location.path.stat().st_size > 0:
            problem = quick_check(location.path)
            if problem is not None:
                raise DamagedDatabaseError(
                    f"El archivo de la base de datos está dañado ({location.path}).", detail=problem
                )
        else:
            location.path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(location)
    try:
        with read_engine(engine).connect() as conn:
            state = schema_state(conn)
            conn.rollback()
    except DBAPIError as exc:
        engine.dispose()
        raise DatabaseUnavailableError(
            f"No se pudo abrir la base de datos {location.display()}. Verifique la dirección, la red y que el "
            "servidor esté encendido.",
            detail=str(exc.orig),
        ) from exc
    try:
        _settle_schema(location, engine, state, backup_before_migrate)
    except BaseException:
        engine.dispose()
        raise
    return Database(location, engine, actor or Actor.current())


def _settle_schema(
    location: DatabaseLocation, engine: Engine, state: SchemaState, backup: BackupBeforeMigrate | None
) -> None:
    admin = f"cortazar-desk-admin migrate --db \"{location.display()}\""
    if state is SchemaState.CURRENT:
        return
    if state is SchemaState.NEWER:
        raise SchemaMismatchError(
            "Esta base de datos fue actualizada por una versión más nueva de Cortazar Desk. Para no dañarla, este "
            "equipo no la abrirá: instale la versión más reciente de Cortazar Desk."
        )
    if state is SchemaState.FOREIGN:
        raise SchemaMismatchError(f"{location.display()} no es una base de datos de Cortazar Desk.")
    if location.backend == "postgresql":
        # On a shared server only the administrator migrates, once, for every workstation.
        if state is SchemaState.EMPTY:
            raise SchemaMismatchError(
                "La base de datos PostgreSQL está vacía. El administrador debe prepararla una vez con:\n" + admin
            )
        raise SchemaMismatchError(
            "La base de datos compartida tiene una versión anterior a la de este programa. El administrador debe "
            "actualizarla una vez con:\n" + admin
        )
    if state is SchemaState.BEHIND and backup is not None:
        backup()
    log.info("migrating %s from %s to %s", location.display(), state.value, SCHEMA_HEAD)
    upgrade_to_head(engine)


def migrate(location: DatabaseLocation, backup_before_migrate: BackupBeforeMigrate | None = None) -> SchemaState:
    """The administrator's command: bring a database (either backend) to the current schema."""
    engine = make_engine(location)
    try:
        with read_engine(engine).connect() as conn:
            state = schema_state(conn)
            conn.rollback()
        if state is SchemaState.NEWER:
            raise SchemaMismatchError("La base de datos es de una versión más nueva de Cortazar Desk.")
        if state is SchemaState.FOREIGN:
            raise SchemaMismatchError(f"{location.display()} no es una base de datos de Cortazar Desk.")
        if state is SchemaState.BEHIND and backup_before_migrate is not None:
            backup_before_migrate()
        if state is not SchemaState.CURRENT:
            upgrade_to_head(engine)
        return state
    finally:
        engine.dispose()


def ping(db: Database) -> None:
    with db.read() as s:
        s.execute(text("SELECT 1"))


__all__ = ["Database", "UserError", "open_database", "migrate", "quick_check", "refuse_unsafe_location"]
