"""model imports: uploaded spreadsheets of a province's models awaiting confirmation

Revision ID: movement_2
Revises: replication_2
"""
from alembic import op
import sqlalchemy as sa

revision = "movement_2"
down_revision = "replication_2"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "model_import",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("file_format", sa.String(length=10), nullable=False),
        sa.Column("payload", sa.LargeBinary(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("processed", sa.Integer(), nullable=False),
        sa.Column("rows", sa.JSON(), nullable=True),
        sa.Column("layout", sa.JSON(), nullable=True),
        sa.Column("error", sa.JSON(), nullable=True),
        sa.Column("imported", sa.Integer(), nullable=False),
        sa.Column("updated", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("province_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["created_by_id"], ["user_account.id"],
                                name=op.f("fk_model_import_created_by_id_user_account")),
        sa.ForeignKeyConstraint(["province_id"], ["province.id"], name=op.f("fk_model_import_province_id_province")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_model_import")),
    )
    with op.batch_alter_table("model_import") as batch_op:
        batch_op.create_index(batch_op.f("ix_model_import_province_id"), ["province_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_model_import_status"), ["status"], unique=False)


def downgrade():
    with op.batch_alter_table("model_import") as batch_op:
        batch_op.drop_index(batch_op.f("ix_model_import_status"))
        batch_op.drop_index(batch_op.f("ix_model_import_province_id"))
    op.drop_table("model_import")
