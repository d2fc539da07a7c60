"""Schema versions: what the running code expects, what a database has, and the upgrade.

Reading the revision needs no Alembic import, which keeps start-up fast; Alembic loads only to migrate.
"""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, inspect, text

# Every revision this code knows, oldest first. tests/db/test_migrations.py checks it against Alembic's history.
KNOWN_REVISIONS: tuple[str, ...] = ("0001_foundation", "0002_inventory", "0003_paper_size", "0004_campaigns",
                                     "0005_requests", "0006_media", "0007_campaign_perf")
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
    with engine.begin() as conn:
        upgrade_on(conn)


def upgrade_on(conn: Connection) -> None:
    """Migrate inside the caller's transaction.

    On SQLite, batch mode rebuilds a table by copying it, which breaks foreign keys for a moment; foreign_keys cannot
    be switched off inside a transaction, so their check is deferred to the commit and verified before it.
    """
    from alembic import command

    sqlite = conn.dialect.name == "sqlite"
    if sqlite:
        conn.exec_driver_sql("PRAGMA defer_foreign_keys=ON")
    command.upgrade(alembic_config(conn), "head")
    if sqlite and conn.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
        raise RuntimeError("foreign_key_check failed after migrating")
