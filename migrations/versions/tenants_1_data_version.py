"""provinces: a data version raised by every write to the province's rows

Rendered pages are kept under the versions of the data they show (registry.page_cache); the
version goes up in the transaction of each write (registry.tenants.versions).

Revision ID: tenants_1
Revises: scale_2
"""
from alembic import op
import sqlalchemy as sa

revision = "tenants_1"
down_revision = "scale_2"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("province") as batch_op:
        batch_op.add_column(sa.Column("data_version", sa.Integer(), server_default="0", nullable=False))


def downgrade():
    with op.batch_alter_table("province") as batch_op:
        batch_op.drop_column("data_version")
