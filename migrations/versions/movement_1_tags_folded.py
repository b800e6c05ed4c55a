"""movement: tags folded for the diacritic-blind search

Revision ID: movement_1
Revises: scale_1
"""
from alembic import op
import sqlalchemy as sa

revision = "movement_1"
down_revision = "scale_1"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("movement_model", schema=None) as batch_op:
        batch_op.add_column(sa.Column("tags_folded", sa.String(length=500), nullable=False, server_default=""))


def downgrade():
    with op.batch_alter_table("movement_model", schema=None) as batch_op:
        batch_op.drop_column("tags_folded")
