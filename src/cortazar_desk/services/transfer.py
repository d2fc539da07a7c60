"""Moving an office from its SQLite file to an empty PostgreSQL database.

The SQLite file is opened read-only and kept as it is. Everything (attachments and the audit chain included) is
copied in one PostgreSQL transaction; row counts of every table are compared before it commits, and the audit
chain is verified on the new database afterwards.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import DateTime, Integer, create_engine, delete, func, insert, select, text
from sqlalchemy.engine import URL

from ..db.audit import verify_chain
from ..db.engine import DatabaseLocation, make_engine
from ..db.models import Base
from ..db.schema import SchemaState, schema_state, upgrade_to_head
from .errors import SchemaMismatchError, UserError

BATCH = 500
Progress = Callable[[str, int, int], None]  # table, rows copied, rows in table


@dataclass(frozen=True)
class TransferReport:
    counts: dict[str, int]
    audit_rows: int


def _read_only_sqlite(location: DatabaseLocation) -> URL:
    assert location.path is not None
    return URL.create("sqlite+pysqlite", database=f"file:{location.path}?mode=ro", query={"uri": "true"})


def move_sqlite_to_postgres(source: DatabaseLocation, target: DatabaseLocation, progress: Progress | None = None
                            ) -> TransferReport:
    if source.backend != "sqlite" or target.backend != "postgresql":
        raise UserError("El origen debe ser un archivo SQLite y el destino una base de datos PostgreSQL.")
    assert source.path is not None
    if not source.path.is_file():
        raise UserError(f"No existe el archivo {source.path}.")
    src_engine = create_engine(_read_only_sqlite(source))
    dst_engine = make_engine(target)
    try:
        with src_engine.connect() as sconn:
            if schema_state(sconn) is not SchemaState.CURRENT:
                raise SchemaMismatchError(
                    "Abra primero la base SQLite con esta versión de Cortazar Desk para actualizarla; después "
                    "podrá pasarla a PostgreSQL."
                )
        with dst_engine.connect() as dconn:
            state = schema_state(dconn)
            dconn.rollback()
        if state is not SchemaState.EMPTY:
            raise UserError("La base de datos PostgreSQL de destino no está vacía; no se copió nada.")
        upgrade_to_head(dst_engine)
        counts: dict[str, int] = {}
        with src_engine.connect() as sconn, dst_engine.begin() as dconn:
            tables = Base.metadata.sorted_tables
            for table in reversed(tables):  # rows the first migration seeds are replaced by the office's own
                if table.name == "audit_log":
                    continue
                dconn.execute(delete(table))
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
                    dconn.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', '{pk[0].name}'), "
                            f"COALESCE((SELECT MAX({pk[0].name}) FROM {table.name}), 1), "
                            f"(SELECT MAX({pk[0].name}) FROM {table.name}) IS NOT NULL)"
                        )
                    )
            for table in tables:
                got = int(dconn.execute(select(func.count()).select_from(table)).scalar_one())
                if got != counts[table.name]:
                    raise UserError(
                        f"La tabla {table.name} no se copió completa ({got} de {counts[table.name]}); "
                        "no se guardó nada en PostgreSQL."
                    )
        with dst_engine.connect() as dconn:
            chain = verify_chain(dconn)
        if not chain.ok:
            raise UserError(f"La bitácora copiada no pasó la verificación: {chain.problem}.")
        return TransferReport(counts, chain.rows)
    finally:
        src_engine.dispose()
        dst_engine.dispose()
