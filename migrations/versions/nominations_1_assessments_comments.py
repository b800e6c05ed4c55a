"""nominations: assessments, comment thread, one open nomination per model

Revision ID: nominations_1
Revises: reviews_1
Create Date: 2026-11-23 19:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "nominations_1"
down_revision = "reviews_1"
branch_labels = None
depends_on = None

OPEN = "status IN ('draft', 'submitted', 'under_review', 'returned')"


def upgrade():
    op.create_table(
        "assessment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("nomination_id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=False),
        sa.Column("scores", sa.JSON(), nullable=False),
        sa.Column("comments", sa.JSON(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("province_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["dossier_id"], ["dossier.id"], name=op.f("fk_assessment_dossier_id_dossier"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["nomination_id"], ["nomination.id"], name=op.f("fk_assessment_nomination_id_nomination"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["province_id"], ["province.id"], name=op.f("fk_assessment_province_id_province")),
        sa.ForeignKeyConstraint(["reviewer_id"], ["user_account.id"], name=op.f("fk_assessment_reviewer_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment")),
        sa.UniqueConstraint("dossier_id", "reviewer_id", name=op.f("uq_assessment_dossier_id_reviewer_id")),
    )
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assessment_dossier_id"), ["dossier_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_assessment_nomination_id"), ["nomination_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_assessment_province_id"), ["province_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_assessment_reviewer_id"), ["reviewer_id"], unique=False)

    op.create_table(
        "nomination_comment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("nomination_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("from_ministry", sa.Boolean(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("province_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["author_id"], ["user_account.id"], name=op.f("fk_nomination_comment_author_id_user_account")),
        sa.ForeignKeyConstraint(["nomination_id"], ["nomination.id"], name=op.f("fk_nomination_comment_nomination_id_nomination"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["province_id"], ["province.id"], name=op.f("fk_nomination_comment_province_id_province")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_nomination_comment")),
    )
    with op.batch_alter_table("nomination_comment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_nomination_comment_nomination_id"), ["nomination_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_nomination_comment_province_id"), ["province_id"], unique=False)

    # A partial unique index: SQLite (3.8+) and PostgreSQL both have them.
    op.create_index(
        "uq_nomination_open_model", "nomination", ["model_id"], unique=True,
        sqlite_where=sa.text(OPEN), postgresql_where=sa.text(OPEN),
    )


def downgrade():
    op.drop_index("uq_nomination_open_model", table_name="nomination")
    with op.batch_alter_table("nomination_comment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_nomination_comment_province_id"))
        batch_op.drop_index(batch_op.f("ix_nomination_comment_nomination_id"))
    op.drop_table("nomination_comment")
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_reviewer_id"))
        batch_op.drop_index(batch_op.f("ix_assessment_province_id"))
        batch_op.drop_index(batch_op.f("ix_assessment_nomination_id"))
        batch_op.drop_index(batch_op.f("ix_assessment_dossier_id"))
    op.drop_table("assessment")
