"""outbox: the RQ job that may deliver each notification

Revision ID: jobs_2
Revises: movement_2
"""
import sqlalchemy as sa
from alembic import op

revision = "jobs_2"
down_revision = "movement_2"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.add_column(sa.Column("job_id", sa.String(length=80), nullable=True))


def downgrade():
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.drop_column("job_id")
