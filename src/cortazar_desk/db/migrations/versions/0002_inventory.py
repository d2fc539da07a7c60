"""Inventory of advertising assets: types, requirement rules, reference layers, localities, assets, their folios,
documents and photos. Seeds the asset types of DOMAIN.md and the default requirements table.

Revision ID: 0002_inventory
Revises: 0001_foundation
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002_inventory'
down_revision = '0001_foundation'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('asset_type',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=5), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('default_validity_days', sa.Integer(), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_by', sa.String(length=120), nullable=True),
    sa.Column('updated_on', sa.String(length=120), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_asset_type')),
    sa.UniqueConstraint('code', name=op.f('uq_asset_type_code')),
    sa.UniqueConstraint('name', name=op.f('uq_asset_type_name'))
    )
    op.create_table('locality',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=150), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('population', sa.Integer(), nullable=True),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('geometry', sa.Text(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_by', sa.String(length=120), nullable=True),
    sa.Column('updated_on', sa.String(length=120), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_locality')),
    sa.UniqueConstraint('name', name=op.f('uq_locality_name'))
    )
    op.create_table('reference_layer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('source_name', sa.String(length=255), nullable=False),
    sa.Column('geojson', sa.Text(), nullable=False),
    sa.Column('loaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_by', sa.String(length=120), nullable=True),
    sa.Column('updated_on', sa.String(length=120), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reference_layer')),
    sa.UniqueConstraint('kind', name=op.f('uq_reference_layer_kind'))
    )
    op.create_table('requirement_rule',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('type_code', sa.String(length=5), nullable=False),
    sa.Column('ownership', sa.String(length=20), nullable=False),
    sa.Column('kinds', sa.String(length=200), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_by', sa.String(length=120), nullable=True),
    sa.Column('updated_on', sa.String(length=120), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_requirement_rule')),
    sa.UniqueConstraint('type_code', 'ownership', name='uq_requirement_rule_type_ownership')
    )
    op.create_table('asset',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('folio', sa.String(length=20), nullable=False),
    sa.Column('type_id', sa.Integer(), nullable=False),
    sa.Column('faces', sa.Integer(), nullable=False),
    sa.Column('width_m', sa.Numeric(precision=8, scale=2), nullable=True),
    sa.Column('height_m', sa.Numeric(precision=8, scale=2), nullable=True),
    sa.Column('total_height_m', sa.Numeric(precision=8, scale=2), nullable=True),
    sa.Column('illumination', sa.String(length=20), nullable=False),
    sa.Column('material', sa.String(length=120), nullable=False),
    sa.Column('street', sa.String(length=150), nullable=False),
    sa.Column('number', sa.String(length=30), nullable=False),
    sa.Column('colonia', sa.String(length=150), nullable=False),
    sa.Column('locality_id', sa.Integer(), nullable=True),
    sa.Column('postal_code', sa.String(length=10), nullable=False),
    sa.Column('cross_streets', sa.String(length=200), nullable=False),
    sa.Column('reference', sa.String(length=300), nullable=False),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('orientation', sa.String(length=40), nullable=False),
    sa.Column('owner_name', sa.String(length=200), nullable=False),
    sa.Column('owner_phone', sa.String(length=60), nullable=False),
    sa.Column('owner_email', sa.String(length=200), nullable=False),
    sa.Column('ownership', sa.String(length=20), nullable=False),
    sa.Column('condition', sa.String(length=20), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('inactive_reason', sa.String(length=300), nullable=False),
    sa.Column('inactive_on', sa.Date(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_by', sa.String(length=120), nullable=True),
    sa.Column('updated_on', sa.String(length=120), nullable=True),
    sa.ForeignKeyConstraint(['locality_id'], ['locality.id'], name=op.f('fk_asset_locality_id_locality')),
    sa.ForeignKeyConstraint(['type_id'], ['asset_type.id'], name=op.f('fk_asset_type_id_asset_type')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_asset')),
    sa.UniqueConstraint('folio', name=op.f('uq_asset_folio'))
    )
    with op.batch_alter_table('asset', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_asset_locality_id'), ['locality_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_asset_type_id'), ['type_id'], unique=False)

    op.create_table('asset_document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('asset_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('number', sa.String(length=80), nullable=False),
    sa.Column('issuer', sa.String(length=150), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=True),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_until', sa.Date(), nullable=True),
    sa.Column('fee', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('receipt', sa.String(length=80), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('attachment_id', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_by', sa.String(length=120), nullable=True),
    sa.Column('updated_on', sa.String(length=120), nullable=True),
    sa.ForeignKeyConstraint(['asset_id'], ['asset.id'], name=op.f('fk_asset_document_asset_id_asset')),
    sa.ForeignKeyConstraint(['attachment_id'], ['attachment.id'],
                            name=op.f('fk_asset_document_attachment_id_attachment')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_asset_document'))
    )
    with op.batch_alter_table('asset_document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_asset_document_asset_id'), ['asset_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_asset_document_valid_until'), ['valid_until'], unique=False)

    op.create_table('asset_folio',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('asset_id', sa.Integer(), nullable=False),
    sa.Column('folio', sa.String(length=20), nullable=False),
    sa.Column('assigned_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['asset_id'], ['asset.id'], name=op.f('fk_asset_folio_asset_id_asset')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_asset_folio')),
    sa.UniqueConstraint('folio', name=op.f('uq_asset_folio_folio'))
    )
    with op.batch_alter_table('asset_folio', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_asset_folio_asset_id'), ['asset_id'], unique=False)

    op.create_table('asset_photo',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('asset_id', sa.Integer(), nullable=False),
    sa.Column('attachment_id', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('taken_at', sa.DateTime(), nullable=False),
    sa.Column('caption', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['asset_id'], ['asset.id'], name=op.f('fk_asset_photo_asset_id_asset')),
    sa.ForeignKeyConstraint(['attachment_id'], ['attachment.id'], name=op.f('fk_asset_photo_attachment_id_attachment')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_asset_photo')),
    sa.UniqueConstraint('asset_id', 'attachment_id', name='uq_asset_photo_asset_attachment')
    )
    with op.batch_alter_table('asset_photo', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_asset_photo_asset_id'), ['asset_id'], unique=False)
    _seed()


# (code, name, default permit validity in days, order): Guanajuato capital's published rules (DOMAIN.md), a sound
# default until Cortazar's own are entered. Lonas and pendones: 15 days outside the historic centre.
ASSET_TYPES = [
    ("ESP", "Espectacular", 365, 1),
    ("BAR", "Barda", 30, 2),
    ("LON", "Lona / manta", 15, 3),
    ("PEN", "Pendón", 15, 4),
    ("MAM", "Mampara", 365, 5),
    ("VAL", "Valla", 365, 6),
    ("PAR", "Parabús", 365, 7),
    ("PAN", "Pantalla digital", 365, 8),
    ("INF", "Inflable", 1, 9),
]
# (type code, ownership or "*", required document kinds)
REQUIREMENTS = [
    ("ESP", "*", "permiso,seguro,carta_estructural"),
    ("ESP", "rentado", "permiso,seguro,carta_estructural,arrendamiento"),
    ("PAN", "*", "permiso,seguro,carta_estructural"),
    ("BAR", "*", "permiso"),
    ("BAR", "barda_particular", "permiso,anuencia"),
    ("BAR", "municipal", ""),
    ("LON", "*", "permiso"),
    ("LON", "municipal", ""),
    ("LON", "barda_particular", "permiso,anuencia"),
    ("PEN", "*", "permiso"),
    ("PEN", "municipal", ""),
    ("MAM", "*", "permiso"),
    ("VAL", "*", "permiso"),
    ("PAR", "*", "permiso"),
    ("INF", "*", "permiso"),
]


def _seed() -> None:
    types = sa.table("asset_type", sa.column("code"), sa.column("name"), sa.column("default_validity_days"),
                     sa.column("sort_order"), sa.column("active"), sa.column("version"))
    op.bulk_insert(types, [{"code": c, "name": n, "default_validity_days": d, "sort_order": o, "active": True,
                            "version": 1} for c, n, d, o in ASSET_TYPES])
    rules = sa.table("requirement_rule", sa.column("type_code"), sa.column("ownership"), sa.column("kinds"),
                     sa.column("version"))
    op.bulk_insert(rules, [{"type_code": t, "ownership": o, "kinds": k, "version": 1} for t, o, k in REQUIREMENTS])


def downgrade() -> None:
    with op.batch_alter_table('asset_photo', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_asset_photo_asset_id'))

    op.drop_table('asset_photo')
    with op.batch_alter_table('asset_folio', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_asset_folio_asset_id'))

    op.drop_table('asset_folio')
    with op.batch_alter_table('asset_document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_asset_document_valid_until'))
        batch_op.drop_index(batch_op.f('ix_asset_document_asset_id'))

    op.drop_table('asset_document')
    with op.batch_alter_table('asset', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_asset_type_id'))
        batch_op.drop_index(batch_op.f('ix_asset_locality_id'))

    op.drop_table('asset')
    op.drop_table('requirement_rule')
    op.drop_table('reference_layer')
    op.drop_table('locality')
    op.drop_table('asset_type')
