"""Paper size for printed documents (Carta by default), in the office's profile.

Revision ID: 0003_paper_size
Revises: 0002_inventory
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_paper_size"
down_revision = "0002_inventory"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("office_profile") as batch:
        batch.add_column(sa.Column("paper_size", sa.String(10), nullable=False, server_default="carta"))


def downgrade() -> None:
    with op.batch_alter_table("office_profile") as batch:
        batch.drop_column("paper_size")
