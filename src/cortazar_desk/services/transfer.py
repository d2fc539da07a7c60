"""Moving an office from its SQLite file to an empty PostgreSQL database.

The SQLite file is opened read-only, read in one snapshot and kept as it is (the administrator's command copies from
the verified backup it makes first). Everything, attachments and the audit chain included, is copied in one
PostgreSQL transaction together with the schema; row counts and the audit chain are verified before it commits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, DateTime, Engine, Integer, create_engine, delete, event, func, insert, select, text
from sqlalchemy.engine import URL

from ..db.audit import verify_chain
from ..db.engine import DatabaseLocation, make_engine
from ..db.models import Base
from ..db.schema import SchemaState, schema_state, upgrade_on
from .errors import SchemaMismatchError, UserError

BATCH = 500
Progress = Callable[[str, int, int], None]  # table, rows copied, rows in table


@dataclass(frozen=True)
class TransferReport:
    counts: dict[str, int]
    audit_rows: int


def _snapshot_engine(path: Path) -> Engine:
    """A read-only engine whose connections read inside one transaction: one consistent snapshot of every table."""
    url = URL.create("sqlite+pysqlite", database=f"file:{path}?mode=ro", query={"uri": "true"})
    engine = create_engine(url)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: object) -> None:
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN")

    return engine


def move_sqlite_to_postgres(source: DatabaseLocation, target: DatabaseLocation, progress: Progress | None = None
                            ) -> TransferReport:
    """Copy everything in one PostgreSQL transaction: schema, rows, counts and the audit chain are all checked
    before it commits, so a failure leaves the target database empty, as it was."""
    if source.backend != "sqlite" or target.backend != "postgresql":
        raise UserError("El origen debe ser un archivo SQLite y el destino una base de datos PostgreSQL.")
    assert source.path is not None
    if not source.path.is_file():
        raise UserError(f"No existe el archivo {source.path}.")
    src_engine = _snapshot_engine(source.path)
    dst_engine = make_engine(target)
    try:
        with src_engine.begin() as sconn, dst_engine.begin() as dconn:
            if schema_state(sconn) is not SchemaState.CURRENT:
                raise SchemaMismatchError(
                    "Abra primero la base SQLite con esta versión de Cortazar Desk para actualizarla; después "
                    "podrá pasarla a PostgreSQL."
                )
            if schema_state(dconn) is not SchemaState.EMPTY:
                raise UserError("La base de datos PostgreSQL de destino no está vacía; no se copió nada.")
            upgrade_on(dconn)
            counts = _copy_tables(sconn, dconn, progress)
            chain = verify_chain(dconn)
            if not chain.ok:
                raise UserError(f"La bitácora copiada no pasó la verificación ({chain.problem}); no se guardó nada "
                                "en PostgreSQL.")
        return TransferReport(counts, chain.rows)
    finally:
        src_engine.dispose()
        dst_engine.dispose()


def _copy_tables(sconn: Connection, dconn: Connection, progress: Progress | None) -> dict[str, int]:
    tables = Base.metadata.sorted_tables
    for table in reversed(tables):  # rows the first migration seeds are replaced by the office's own
        if table.name != "audit_log":
            dconn.execute(delete(table))
    counts: dict[str, int] = {}
    for table in tables:
        total = int(sconn.execute(select(func.count()).select_from(table)).scalar_one())
        aware = [c.name for c in table.columns if isinstance(c.type, DateTime) and c.type.timezone]
        copied = 0
        pk = list(table.primary_key.columns)
        result = sconn.execution_options(yield_per=BATCH).execute(select(table).order_by(*pk))
        for chunk in result.mappings().partitions(BATCH):
            rows = [dict(r) for r in chunk]
            for row in rows:
                for name in aware:  # SQLite keeps UTC times without their zone: give it back
                    value = row[name]
                    if isinstance(value, datetime) and value.tzinfo is None:
                        row[name] = value.replace(tzinfo=UTC)
            dconn.execute(insert(table), rows)
            copied += len(rows)
            if progress:
                progress(table.name, copied, total)
        counts[table.name] = total
        if len(pk) == 1 and isinstance(pk[0].type, Integer) and pk[0].autoincrement is not False:
            column = pk[0].name
            dconn.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column}'), "
                f"COALESCE((SELECT MAX({column}) FROM {table.name}), 1), "
                f"(SELECT MAX({column}) FROM {table.name}) IS NOT NULL)"
            ))
    for table in tables:
        got = int(dconn.execute(select(func.count()).select_from(table)).scalar_one())
        if got != counts[table.name]:
            raise UserError(f"La tabla {table.name} no se copió completa ({got} de {counts[table.name]}); "
                            "no se guardó nada en PostgreSQL.")
    return counts
