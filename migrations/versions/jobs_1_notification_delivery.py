"""notification delivery: claims, retries, digests and mail preferences

Revision ID: jobs_1
Revises: nominations_1
"""
import sqlalchemy as sa
from alembic import op

revision = "jobs_1"
down_revision = "nominations_1"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.add_column(sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("digest_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_notification_digest_id"), ["digest_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_notification_digest_id_notification"), "notification", ["digest_id"], ["id"],
            ondelete="SET NULL",
        )
    op.create_table(
        "notification_preference",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("frequency", sa.String(length=10), nullable=False),
        sa.Column("muted_kinds", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"],
                                name=op.f("fk_notification_preference_user_id_user_account"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification_preference")),
        sa.UniqueConstraint("user_id", name=op.f("uq_notification_preference_user_id")),
    )


def downgrade():
    op.drop_table("notification_preference")
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_notification_digest_id_notification"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_notification_digest_id"))
        batch_op.drop_column("digest_id")
        batch_op.drop_column("claimed_at")
        batch_op.drop_column("next_attempt_at")
