"""Alembic environment. The app always passes an open connection (``config.attributes["connection"]``)."""

from __future__ import annotations

from alembic import context

from cortazar_desk.db.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite cannot ALTER most things: batch mode rebuilds tables instead.
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
