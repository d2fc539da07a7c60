"""Schema versions: what the running code expects, what a database has, and the upgrade.

Reading the revision needs no Alembic import, which keeps start-up fast; Alembic loads only to migrate.
"""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, inspect, text

# Every revision this code knows, oldest first. tests/db/test_migrations.py checks it against Alembic's history.
KNOWN_REVISIONS: tuple[str, ...] = ("0001_foundation",)
SCHEMA_HEAD = KNOWN_REVISIONS[-1]
MIGRATIONS_DIR = Path(__file__).with_name("migrations")


class SchemaState(enum.Enum):
    EMPTY = "empty"  # no tables of ours at all
    CURRENT = "current"
    BEHIND = "behind"  # older schema: needs upgrade
    NEWER = "newer"  # written by a newer Cortazar Desk
    FOREIGN = "foreign"  # tables, but not ours


def current_revision(conn: Connection) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    value = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return None if value is None else str(value)


def schema_state(conn: Connection) -> SchemaState:
    revision = current_revision(conn)
    if revision is None:
        # An empty alembic_version table is what a downgrade to base leaves: still ours, and empty.
        others = set(inspect(conn).get_table_names()) - {"alembic_version"}
        return SchemaState.FOREIGN if others else SchemaState.EMPTY
    if revision == SCHEMA_HEAD:
        return SchemaState.CURRENT
    if revision in KNOWN_REVISIONS:
        return SchemaState.BEHIND
    return SchemaState.NEWER


def alembic_config(conn: Connection) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["connection"] = conn
    return cfg


def upgrade_to_head(engine: Engine) -> None:
    """Apply every pending migration in one transaction (DDL is transactional on SQLite and PostgreSQL)."""
    from alembic import command

    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")
