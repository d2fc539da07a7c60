"""Command line: no subcommand opens the window; subcommands are the administrator's headless tools.

Every subcommand takes ``--db`` (a SQLite file path or a PostgreSQL URL), so each can be scripted and scheduled,
e.g. a nightly ``cortazar-desk-admin backup --db postgresql://...`` on the server.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path


def _db_option(parser: argparse.ArgumentParser, *, top: bool = False) -> None:
    # On subcommands the default is SUPPRESS, so "--db X backup" and "backup --db X" both keep X.
    parser.add_argument("--db", metavar="ARCHIVO_O_URL", default=None if top else argparse.SUPPRESS,
                        help="archivo SQLite o URL de PostgreSQL (predeterminado: el de la configuración)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cortazar-desk",
        description="Cortazar Desk: Coordinación de Comunicación Social de Cortazar, Gto.",
    )
    _db_option(parser, top=True)
    parser.add_argument("--demo", action="store_true", help="llenar la base con datos de demostración y abrirla")
    sub = parser.add_subparsers(dest="command", metavar="COMANDO")

    p = sub.add_parser("demo", help="crear o completar una base con datos de demostración")
    _db_option(p)
    p = sub.add_parser("backup", help="respaldar la base de datos ahora (verificado)")
    _db_option(p)
    p.add_argument("--folder", type=Path, help="carpeta del respaldo (predeterminada: la de la configuración)")
    p = sub.add_parser("backups", help="listar los respaldos")
    _db_option(p)
    p = sub.add_parser("restore", help="restaurar un respaldo (primero respalda la base actual)")
    _db_option(p)
    p.add_argument("--from", dest="source", type=Path, required=True, help="archivo del respaldo")
    p.add_argument("--yes", action="store_true", help="no pedir confirmación")
    p = sub.add_parser("check", help="verificar la integridad de la base, su versión y la bitácora")
    _db_option(p)
    p = sub.add_parser("migrate", help="actualizar la estructura de la base (PostgreSQL: solo el administrador)")
    _db_option(p)
    p = sub.add_parser("export-inventory", help="exportar el inventario de anuncios a Excel")
    _db_option(p)
    p.add_argument("--out", type=Path, required=True, help="archivo .xlsx de salida")
    p.add_argument("--solo-activos", dest="active_only", action="store_true", help="sin los dados de baja")
    p = sub.add_parser("import-inventory", help="importar anuncios desde un libro de Excel (.xlsx)")
    _db_option(p)
    p.add_argument("--file", type=Path, required=True, help="libro .xlsx; la primera hoja, encabezados en español")
    p.add_argument("--omitir-existentes", dest="skip_existing", action="store_true",
                   help="no actualizar los anuncios cuyo folio ya existe")
    p.add_argument("--revisar", dest="dry_run", action="store_true", help="solo revisar; no guardar nada")
    p = sub.add_parser("move-to-postgres", help="pasar la oficina de su archivo SQLite a PostgreSQL vacío")
    _db_option(p)
    p.add_argument("--to", required=True, metavar="URL", help="URL de la base PostgreSQL vacía")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    if args.command is None:
        from .__main__ import run_gui

        return run_gui(args.db, demo=args.demo)
    return run_admin(args)


def run_admin(args: argparse.Namespace) -> int:
    import logging

    from .config import WorkstationConfig
    from .logsetup import setup_logging
    from .paths import app_dirs
    from .services.errors import UserError
    from .services.workstation import Workstation

    dirs = app_dirs().ensure()
    log_file = setup_logging(dirs.logs)
    try:
        station = Workstation.resolve(dirs, WorkstationConfig.load(dirs.config_file), args.db)
        return COMMANDS[args.command](station, args)
    except UserError as exc:
        _print_error(exc.message, exc.detail)
        return 1
    except ValueError as exc:  # invalid location text and the like, already in Spanish
        _print_error(str(exc))
        return 1
    except Exception as exc:
        # Driver, disk and subprocess errors: a sentence for the administrator, the traceback in the log.
        from .services.errors import translate_db_error

        logging.getLogger(__name__).exception("command %s failed", args.command)
        friendly = translate_db_error(exc)
        if friendly is not None:
            _print_error(friendly.message, str(exc).splitlines()[0] if str(exc) else "")
        else:
            _print_error("El comando no pudo terminar; no se cambió nada más de lo indicado arriba.",
                         f"{type(exc).__name__}: {exc}".splitlines()[0] + f" (registro: {log_file})")
        return 1


def _print_error(message: str, detail: str = "") -> None:
    print(f"Error: {message}", file=sys.stderr)
    if detail:
        print(f"Detalle: {detail}", file=sys.stderr)


def _cmd_demo(station, args) -> int:  # type: ignore[no-untyped-def]
    from .services.demo import demo_base_map, fill_demo_data

    db = station.open()
    try:
        fill_demo_data(db)
    finally:
        db.dispose()
    tiles = demo_base_map(station)
    if tiles is not None:
        print(f"Mapa base de demostración: {tiles}")
    print(f"Datos de demostración listos en {station.location.display()}")
    return 0


def _cmd_backup(station, args) -> int:  # type: ignore[no-untyped-def]
    from datetime import datetime

    from .services.backup import rotate_all

    if args.folder:
        station.config.backup_folder = str(args.folder)
    result = station.backup("manual")
    rotate_all(station.backup_folders, datetime.now())  # a scheduled nightly backup must not fill the disk
    print(f"Respaldo verificado: {result.backup.path} ({result.backup.size:,} bytes)")
    if result.second_copy:
        print(f"Copia en la segunda carpeta: {result.second_copy}")
    if result.second_copy_problem:
        print(f"Aviso: {result.second_copy_problem}", file=sys.stderr)
    return 0


def _cmd_backups(station, args) -> int:  # type: ignore[no-untyped-def]
    found = station.list_backups()
    if not found:
        print(f"No hay respaldos en {station.backup_folder}")
    for b in found:
        print(f"{b.taken_at:%d/%m/%Y %H:%M:%S}  {b.size:>12,} bytes  {b.reason_label:<28} {b.path}")
    return 0


def _cmd_restore(station, args) -> int:  # type: ignore[no-untyped-def]
    if not args.yes:
        answer = input(f"Se reemplazará {station.location.display()} con {args.source}. ¿Continuar? [s/N] ")
        if answer.strip().lower() not in ("s", "si", "sí"):
            print("Restauración cancelada.")
            return 1
    result = station.restore(args.source)
    if result.safety_backup is not None:
        print(f"La base anterior quedó respaldada en {result.safety_backup.path}")
    if result.moved_aside is not None:
        print(f"La base anterior no pasó la verificación y quedó apartada, sin cambios, en {result.moved_aside}")
    print(f"Restaurado {args.source} en {station.location.display()}")
    return 0


def _cmd_check(station, args) -> int:  # type: ignore[no-untyped-def]
    from .db.audit import verify_chain
    from .db.engine import make_engine, read_engine
    from .db.schema import SCHEMA_HEAD, current_revision
    from .services.database import quick_check

    ok = True
    if station.location.path is not None:
        if not station.location.path.exists():
            print(f"No existe {station.location.path}")
            return 1
        problem = quick_check(station.location.path)
        print("Integridad del archivo: " + ("correcta" if problem is None else f"DAÑADO ({problem})"))
        ok = ok and problem is None
        if problem is not None:
            return 1
    engine = make_engine(station.location)
    try:
        with read_engine(engine).connect() as conn:  # a check must not hold the write lock
            revision = current_revision(conn)
            print(f"Versión de la estructura: {revision or 'ninguna'} (este programa: {SCHEMA_HEAD})")
            ok = ok and revision == SCHEMA_HEAD
            if revision is not None:
                chain = verify_chain(conn)
                print(f"Bitácora: {chain.rows} registros, " + ("cadena íntegra" if chain.ok else chain.problem))
                ok = ok and chain.ok
            if engine.dialect.name == "sqlite":
                fk = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                print("Referencias entre tablas: " + ("correctas" if not fk else f"{len(fk)} rotas"))
                ok = ok and not fk
    finally:
        engine.dispose()
    print("Resultado: " + ("todo en orden" if ok else "HAY PROBLEMAS"))
    return 0 if ok else 1


def _cmd_migrate(station, args) -> int:  # type: ignore[no-untyped-def]
    from .services.database import migrate

    state = migrate(station.location, lambda: station.backup("antes-de-migrar"))
    print(f"Estructura de {station.location.display()}: " + {
        "current": "ya estaba al día",
        "empty": "creada",
        "behind": "actualizada",
    }.get(state.value, state.value))
    return 0


def _cmd_move(station, args) -> int:  # type: ignore[no-untyped-def]
    from .db.engine import DatabaseLocation
    from .services.transfer import move_sqlite_to_postgres

    target = DatabaseLocation.parse(args.to)
    # Copy from the verified backup: one consistent snapshot, even if someone left the app open.
    snapshot = station.backup("antes-de-mover").backup

    def progress(table: str, done: int, total: int) -> None:
        print(f"\r{table}: {done}/{total}", end="", flush=True)

    report = move_sqlite_to_postgres(DatabaseLocation.parse(snapshot.path), target, progress)
    print()
    for table, count in report.counts.items():
        print(f"  {table}: {count} registros")
    print(f"Bitácora verificada: {report.audit_rows} registros. Se copió del respaldo {snapshot.path}; el "
          f"archivo SQLite quedó intacto en {station.location.display()}.")
    print(f"Para usar PostgreSQL en cada equipo: Configuración > Base de datos > {target.display()}")
    return 0


def _cmd_export(station, args) -> int:  # type: ignore[no-untyped-def]
    from .services.assets import list_assets
    from .services.inventory_export import export_inventory

    db = station.open()
    try:
        ids = [r.id for r in list_assets(db) if r.active] if args.active_only else None
        result = export_inventory(db, args.out, ids)
    finally:
        db.dispose()
    print(f"Se exportaron {result.rows:,} anuncios a {result.path}")
    return 0


def _cmd_import(station, args) -> int:  # type: ignore[no-untyped-def]
    from .services.inventory_import import FIELD_LABELS, apply_import, preview_import

    db = station.open()
    try:
        preview = preview_import(db, args.file, update_existing=not args.skip_existing)
        mapped = ", ".join(f"{preview.headers[c]} → {FIELD_LABELS[k]}" for c, k in sorted(preview.mapping.items()))
        print(f"Columnas reconocidas: {mapped}")
        for row in preview.rows:
            for error in row.errors:
                print(f"Fila {row.row_number}: {error}", file=sys.stderr)
        print(f"Filas: {len(preview.rows)}; nuevas {preview.count('nuevo')}, a actualizar {preview.count('actualizar')}"
              f", sin cambios {preview.count('sin cambios')}, omitidas {preview.count('omitir')}, con errores "
              f"{preview.count('error')}")
        if args.dry_run:
            return 1 if preview.count("error") else 0
        station.backup("antes-de-importar")
        result = apply_import(db, preview)
    finally:
        db.dispose()
    print(f"Importación terminada: {result.created} nuevos, {result.updated} actualizados, {result.unchanged} sin "
          f"cambios; {result.errors} filas con errores no se importaron.")
    return 1 if result.errors else 0


COMMANDS = {
    "demo": _cmd_demo,
    "backup": _cmd_backup,
    "backups": _cmd_backups,
    "restore": _cmd_restore,
    "check": _cmd_check,
    "migrate": _cmd_migrate,
    "move-to-postgres": _cmd_move,
    "export-inventory": _cmd_export,
    "import-inventory": _cmd_import,
}
