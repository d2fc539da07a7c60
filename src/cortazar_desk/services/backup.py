"""Verified backups, rotation, restore and recovery.

SQLite: copies are made with SQLite's online backup API (a consistent snapshot even while others write), written to
a temporary file, reopened and checked (``integrity_check`` and ``foreign_key_check``) and only then renamed into
place. PostgreSQL: ``pg_dump -Fc``, checked by listing it with ``pg_restore --list``.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from ..db.engine import DatabaseLocation
from ..db.schema import KNOWN_REVISIONS
from ..domain.rotation import backups_to_keep
from .errors import BackupError, SchemaMismatchError, translate_db_error

log = logging.getLogger(__name__)

PREFIX = "cortazar_desk"
_NAME = re.compile(rf"^{PREFIX}-(\d{{8}}-\d{{6}})(?:-([a-z0-9-]+))?\.(sqlite|dump)$")
REASONS = {
    "auto": "automático",
    "manual": "manual",
    "antes-de-migrar": "antes de actualizar la base",
    "antes-de-restaurar": "antes de restaurar",
    "antes-de-importar": "antes de importar",
    "antes-de-mover": "antes de pasar a PostgreSQL",
}


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: datetime
    reason: str
    size: int

    @property
    def reason_label(self) -> str:
        return REASONS.get(self.reason, self.reason)


def backup_name(now: datetime, reason: str, extension: str = "sqlite") -> str:
    return f"{PREFIX}-{now:%Y%m%d-%H%M%S}-{reason}.{extension}"


def parse_backup_name(path: Path) -> BackupInfo | None:
    match = _NAME.match(path.name)
    if not match:
        return None
    try:
        size = path.stat().st_size
    except OSError:
        return None
    return BackupInfo(path, datetime.strptime(match.group(1), "%Y%m%d-%H%M%S"), match.group(2) or "", size)


def list_backups(folder: Path) -> list[BackupInfo]:
    """Backups in ``folder``, newest first."""
    if not folder.is_dir():
        return []
    found = [info for p in folder.iterdir() if (info := parse_backup_name(p)) is not None]
    return sorted(found, key=lambda b: b.taken_at, reverse=True)


def backup_due(folder: Path, now: datetime, interval: timedelta = timedelta(days=1)) -> bool:
    newest = next(iter(list_backups(folder)), None)
    return newest is None or now - newest.taken_at >= interval


def verify_sqlite_copy(path: Path) -> str | None:
    """None when the copy is a sound Cortazar Desk database, else the problem."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            integrity = conn.execute("PRAGMA integrity_check").fetchall()
            if [r[0] for r in integrity] != ["ok"]:
                return "; ".join(str(r[0]) for r in integrity[:5])
            if conn.execute("PRAGMA foreign_key_check").fetchone() is not None:
                return "hay referencias rotas entre tablas (foreign_key_check)"
            if conn.execute("SELECT name FROM sqlite_master WHERE name='alembic_version'").fetchone() is None:
                return "no es una base de datos de Cortazar Desk"
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    return None


def sqlite_revision(path: Path) -> str | None:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return None if row is None else str(row[0])
    except sqlite3.DatabaseError:
        return None
    finally:
        conn.close()


def _unique(path: Path) -> Path:
    candidate, n = path, 1
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
        n += 1
    return candidate


def _raise_for_os_error(exc: OSError, where: Path) -> BackupError:
    friendly = translate_db_error(exc)
    if friendly is not None or getattr(exc, "errno", None) == 28:
        return BackupError(
            f"No hay espacio suficiente para el respaldo en {where}. Libere espacio o elija otra carpeta.",
            detail=str(exc),
        )
    return BackupError(f"No se pudo escribir el respaldo en {where}.", detail=str(exc))


def _sqlite_copy(source: Path, target: Path) -> None:
    """Consistent copy through the online backup API, as a single self-contained file."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
    try:
        src.execute("PRAGMA busy_timeout=30000")
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
            # A backup is one file that can be copied to a USB drive: no -wal beside it.
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    finally:
        src.close()


@dataclass(frozen=True)
class BackupResult:
    backup: BackupInfo
    second_copy: Path | None = None
    second_copy_problem: str = ""


def backup_sqlite(
    db_path: Path,
    folder: Path,
    reason: str = "manual",
    *,
    second_folder: Path | None = None,
    now: datetime | None = None,
) -> BackupResult:
    """Take, verify and place a backup; copy it to the second folder when one is set."""
    moment = now or datetime.now()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=".respaldo-", suffix=".tmp", dir=folder)
        os.close(fd)
    except OSError as exc:
        raise _raise_for_os_error(exc, folder) from exc
    tmp = Path(tmp_name)
    try:
        try:
            _sqlite_copy(db_path, tmp)
        except sqlite3.Error as exc:
            if "full" in str(exc).lower():
                raise _raise_for_os_error(OSError(28, str(exc)), folder) from exc
            raise BackupError(f"No se pudo leer la base de datos {db_path} para respaldarla.", detail=str(exc)) from exc
        except OSError as exc:
            raise _raise_for_os_error(exc, folder) from exc
        problem = verify_sqlite_copy(tmp)
        if problem is not None:
            raise BackupError("El respaldo no pasó la verificación y se descartó.", detail=problem)
        final = _unique(folder / backup_name(moment, reason))
        os.replace(tmp, final)
    finally:
        tmp.unlink(missing_ok=True)
    info = parse_backup_name(final)
    assert info is not None
    log.info("backup written: %s", final)
    if second_folder is None:
        return BackupResult(info)
    try:
        copy = copy_verified(final, second_folder)
    except BackupError as exc:
        # The main backup is good; the second copy failing (USB drive unplugged) is reported, not fatal.
        log.warning("second backup copy failed: %s (%s)", exc.message, exc.detail)
        return BackupResult(info, None, exc.message)
    return BackupResult(info, copy)


def copy_verified(backup: Path, folder: Path) -> Path:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=".respaldo-", suffix=".tmp", dir=folder)
        os.close(fd)
    except OSError as exc:
        raise _raise_for_os_error(exc, folder) from exc
    tmp = Path(tmp_name)
    try:
        try:
            shutil.copyfile(backup, tmp)
        except OSError as exc:
            raise _raise_for_os_error(exc, folder) from exc
        if backup.suffix == ".sqlite":
            problem = verify_sqlite_copy(tmp)
            if problem is not None:
                raise BackupError(f"La copia del respaldo en {folder} no pasó la verificación.", detail=problem)
        target = _unique(folder / backup.name)
        os.replace(tmp, target)
        return target
    finally:
        tmp.unlink(missing_ok=True)


def rotate_all(folders: list[Path], now: datetime) -> list[Path]:
    """Rotate the main folder and the second one (a USB drive fills up otherwise)."""
    removed: list[Path] = []
    for folder in folders:
        removed += rotate(folder, now)
    return removed


def rotate(folder: Path, now: datetime) -> list[Path]:
    """Delete the backups the rotation policy no longer keeps; return what was deleted."""
    backups = list_backups(folder)
    keep = backups_to_keep(((b.path, b.taken_at) for b in backups), now)
    removed = []
    for b in backups:
        if b.path not in keep:
            try:
                b.path.unlink()
                removed.append(b.path)
            except OSError as exc:
                log.warning("could not delete old backup %s: %s", b.path, exc)
    return removed


def _check_revision(revision: str | None) -> None:
    if revision is None:
        raise BackupError("El archivo elegido no es un respaldo de Cortazar Desk.")
    if revision not in KNOWN_REVISIONS:
        raise SchemaMismatchError(
            "Ese respaldo lo hizo una versión más nueva de Cortazar Desk; esta versión no puede restaurarlo. "
            "Instale la versión más reciente."
        )


@dataclass(frozen=True)
class RestoreResult:
    safety_backup: BackupInfo | None  # the database as it was, backed up before the restore
    moved_aside: Path | None  # the database as it was, kept aside because it did not pass verification


def restore_sqlite(
    backup: Path,
    db_path: Path,
    folder: Path,
    *,
    now: datetime | None = None,
) -> RestoreResult:
    """Replace the database with ``backup``; what was there is never lost.

    A healthy current database is backed up first; one that fails verification is moved aside unchanged. The caller
    must have closed every connection of its own to ``db_path``.
    """
    problem = verify_sqlite_copy(backup)
    if problem is not None:
        raise BackupError("El respaldo elegido está dañado; no se restauró nada.", detail=problem)
    _check_revision(sqlite_revision(backup))
    safety: BackupInfo | None = None
    moved: Path | None = None
    if db_path.exists():
        if verify_sqlite_copy(db_path) is None:
            safety = backup_sqlite(db_path, folder, "antes-de-restaurar", now=now).backup
        else:
            moved = move_aside(db_path, now)
    try:
        _copy_into(backup, db_path)
    except sqlite3.Error as exc:
        raise BackupError("No se pudo escribir la base de datos restaurada.", detail=str(exc)) from exc
    return RestoreResult(safety, moved)


def _copy_into(backup: Path, db_path: Path) -> None:
    src = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(db_path, timeout=30)
        try:
            dst.execute("PRAGMA busy_timeout=30000")
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=WAL")
        finally:
            dst.close()
    finally:
        src.close()


@dataclass(frozen=True)
class RecoveryResult:
    moved_to: Path
    restored: BackupInfo | None


def move_aside(db_path: Path, now: datetime | None = None) -> Path:
    """Move a damaged database (and its -wal/-shm) aside; never delete it."""
    moment = now or datetime.now()
    target = _unique(db_path.with_name(f"{db_path.name}.danada-{moment:%Y%m%d-%H%M%S}"))
    os.replace(db_path, target)
    for suffix in ("-wal", "-shm"):
        side = db_path.with_name(db_path.name + suffix)
        if side.exists():
            os.replace(side, target.with_name(target.name + suffix))
    return target


def newest_good_backup(folders: list[Path]) -> BackupInfo | None:
    candidates = sorted(
        (b for f in folders for b in list_backups(f) if b.path.suffix == ".sqlite"),
        key=lambda b: b.taken_at,
        reverse=True,
    )
    for b in candidates:
        if verify_sqlite_copy(b.path) is None and sqlite_revision(b.path) in KNOWN_REVISIONS:
            return b
    return None


def recover_damaged(db_path: Path, folders: list[Path], now: datetime | None = None) -> RecoveryResult:
    """Move the damaged file aside and put the newest good backup in its place (if there is one)."""
    moved = move_aside(db_path, now)
    best = newest_good_backup(folders)
    if best is not None:
        try:
            _copy_into(best.path, db_path)
        except sqlite3.Error as exc:
            raise BackupError("No se pudo escribir la base de datos restaurada.", detail=str(exc)) from exc
    return RecoveryResult(moved, best)


# --- PostgreSQL --------------------------------------------------------------------------------------------------


def find_pg_tool(name: str, configured: str = "") -> Path:
    if configured:
        path = Path(configured)
        if path.is_file():
            return path
        raise BackupError(f"No se encontró {name} en {configured}. Revise la configuración de respaldos.")
    found = shutil.which(name)
    if found:
        return Path(found)
    # Debian keeps the versioned tools outside PATH; take the newest.
    for candidate in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True):
        return candidate
    raise BackupError(
        f"No se encontró el programa {name} de PostgreSQL. Instálelo o indique su ubicación en Configuración."
    )


def tool_major_version(tool: Path) -> int:
    try:
        out = subprocess.run([str(tool), "--version"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        raise BackupError(f"No se pudo ejecutar {tool}.", detail=str(exc)) from exc
    match = re.search(r"(\d+)(?:\.\d+)?", out)
    if not match:
        raise BackupError(f"No se pudo saber la versión de {tool}.")
    return int(match.group(1))


def _libpq_args(location: DatabaseLocation) -> tuple[list[str], dict[str, str]]:
    """Connection options for pg_dump/pg_restore; the password goes in the environment, never in argv."""
    url = location.url
    args = ["--dbname", str(url.database)]
    if url.host:
        args += ["--host", str(url.host)]
    if url.port:
        args += ["--port", str(url.port)]
    if url.username:
        args += ["--username", str(url.username)]
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    return args, env


def backup_postgresql(
    location: DatabaseLocation,
    folder: Path,
    server_major: int,
    reason: str = "manual",
    *,
    pg_dump: str = "",
    pg_restore: str = "",
    second_folder: Path | None = None,
    now: datetime | None = None,
) -> BackupResult:
    dump_tool = find_pg_tool("pg_dump", pg_dump)
    restore_tool = find_pg_tool("pg_restore", pg_restore)
    if tool_major_version(dump_tool) < server_major:
        raise BackupError(
            f"El programa pg_dump ({dump_tool}) es más antiguo que el servidor PostgreSQL {server_major}; "
            "instale uno de la misma versión o más nueva."
        )
    moment = now or datetime.now()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _raise_for_os_error(exc, folder) from exc
    final = _unique(folder / backup_name(moment, reason, "dump"))
    tmp = final.with_name("." + final.name + ".tmp")
    args, env = _libpq_args(location)
    try:
        run = subprocess.run(
            [str(dump_tool), "--format=custom", "--file", str(tmp), *args], capture_output=True, text=True, env=env
        )
        if run.returncode != 0:
            raise BackupError("pg_dump no pudo respaldar la base de datos.", detail=run.stderr.strip())
        check = subprocess.run([str(restore_tool), "--list", str(tmp)], capture_output=True, text=True)
        if check.returncode != 0 or "alembic_version" not in check.stdout:
            raise BackupError("El respaldo de PostgreSQL no pasó la verificación.", detail=check.stderr.strip())
        os.replace(tmp, final)
    finally:
        tmp.unlink(missing_ok=True)
    info = parse_backup_name(final)
    assert info is not None
    if second_folder is None:
        return BackupResult(info)
    try:
        return BackupResult(info, copy_verified(final, second_folder))
    except BackupError as exc:
        return BackupResult(info, None, exc.message)


def dump_revision(dump: Path, pg_restore: str = "") -> str | None:
    tool = find_pg_tool("pg_restore", pg_restore)
    run = subprocess.run(
        [str(tool), "--data-only", "--table", "alembic_version", "--file", "-", str(dump)],
        capture_output=True,
        text=True,
    )
    if run.returncode != 0:
        return None
    lines = run.stdout.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("COPY ") and "alembic_version" in line and i + 1 < len(lines):
            value = lines[i + 1].strip()
            return None if value == "\\." else value
    return None


def restore_postgresql(location: DatabaseLocation, dump: Path, *, pg_restore: str = "") -> None:
    """Replace the shared database's contents with ``dump`` in one transaction."""
    _check_revision(dump_revision(dump, pg_restore))
    tool = find_pg_tool("pg_restore", pg_restore)
    args, env = _libpq_args(location)
    run = subprocess.run(
        [str(tool), "--clean", "--if-exists", "--single-transaction", "--no-owner", "--exit-on-error", *args,
         str(dump)],
        capture_output=True,
        text=True,
        env=env,
    )
    if run.returncode != 0:
        raise BackupError("pg_restore no pudo restaurar el respaldo; la base quedó como estaba.",
                          detail=run.stderr.strip())

