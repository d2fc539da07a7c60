"""The audit history indexed by (object_type, id), replacing the index on object_type alone: the newest change of
one table is then one index step, which lets cached results (the availability search's asset list) depend only on
the tables they read instead of on every write.

Revision ID: 0007_campaign_perf
Revises: 0006_media
"""

from __future__ import annotations

from alembic import op

revision = "0007_campaign_perf"
down_revision = "0006_media"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain CREATE/DROP INDEX (no batch copy): the audit table's append-only triggers stay as they are.
    op.create_index("ix_audit_log_object_type_id", "audit_log", ["object_type", "id"])
    op.drop_index("ix_audit_log_object_type", table_name="audit_log")


def downgrade() -> None:
    op.create_index("ix_audit_log_object_type", "audit_log", ["object_type"])
    op.drop_index("ix_audit_log_object_type_id", table_name="audit_log")
