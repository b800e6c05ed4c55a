"""site imports: the file's column layout, and the sites an import changed

Imports now update sites as well as add them (issue 17): ``updated`` counts the changed
sites, ``layout`` keeps how the file's columns were matched for the preview.

Revision ID: replication_2
Revises: access_1
"""
from alembic import op
import sqlalchemy as sa

revision = "replication_2"
down_revision = "access_1"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("site_import") as batch_op:
        batch_op.add_column(sa.Column("layout", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("updated", sa.Integer(), server_default="0", nullable=False))


def downgrade():
    with op.batch_alter_table("site_import") as batch_op:
        batch_op.drop_column("updated")
        batch_op.drop_column("layout")
