"""nominations: rounds, assigned assessors, consensus, decision documents, the recognised
dossier, what a return asks for, and a model's lesson notes withheld

Revision ID: nominations_2
Revises: figures_2
"""
from alembic import op
import sqlalchemy as sa

revision = "nominations_2"
down_revision = "figures_2"
branch_labels = None
depends_on = None


def _province_owned(name: str) -> list:
    return [
        sa.Column("province_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["province_id"], ["province.id"], name=op.f(f"fk_{name}_province_id_province")),
    ]


def upgrade():
    op.create_table(
        "nomination_round",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("min_months_active", sa.Integer(), nullable=False),
        sa.Column("criteria", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["created_by_id"], ["user_account.id"],
                                name=op.f("fk_nomination_round_created_by_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_nomination_round")),
    )
    op.create_index(op.f("ix_nomination_round_status"), "nomination_round", ["status"], unique=False)
    op.create_table(
        "decision_document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=120), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=False),
        sa.Column("signer", sa.String(length=200), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("storage_key", sa.String(length=100), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["round_id"], ["nomination_round.id"],
                                name=op.f("fk_decision_document_round_id_nomination_round")),
        sa.ForeignKeyConstraint(["created_by_id"], ["user_account.id"],
                                name=op.f("fk_decision_document_created_by_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision_document")),
        sa.UniqueConstraint("storage_key", name=op.f("uq_decision_document_storage_key")),
    )
    op.create_index(op.f("ix_decision_document_round_id"), "decision_document", ["round_id"], unique=False)
    op.create_table(
        "nomination_assessor",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("nomination_id", sa.Integer(), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=False),
        sa.Column("assigned_by_id", sa.Integer(), nullable=True),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=False),
        *_province_owned("nomination_assessor"),
        sa.ForeignKeyConstraint(["nomination_id"], ["nomination.id"],
                                name=op.f("fk_nomination_assessor_nomination_id_nomination"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["reviewer_id"], ["user_account.id"],
                                name=op.f("fk_nomination_assessor_reviewer_id_user_account")),
        sa.ForeignKeyConstraint(["assigned_by_id"], ["user_account.id"],
                                name=op.f("fk_nomination_assessor_assigned_by_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_nomination_assessor")),
        sa.UniqueConstraint("nomination_id", "reviewer_id", name=op.f("uq_nomination_assessor_nomination_id_reviewer_id")),
    )
    op.create_index(op.f("ix_nomination_assessor_nomination_id"), "nomination_assessor", ["nomination_id"])
    op.create_index(op.f("ix_nomination_assessor_reviewer_id"), "nomination_assessor", ["reviewer_id"])
    op.create_index(op.f("ix_nomination_assessor_province_id"), "nomination_assessor", ["province_id"])
    op.create_table(
        "nomination_consensus",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("nomination_id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("scores", sa.JSON(), nullable=False),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("agreed_by", sa.JSON(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        *_province_owned("nomination_consensus"),
        sa.ForeignKeyConstraint(["nomination_id"], ["nomination.id"],
                                name=op.f("fk_nomination_consensus_nomination_id_nomination"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["dossier_id"], ["dossier.id"],
                                name=op.f("fk_nomination_consensus_dossier_id_dossier"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["user_account.id"],
                                name=op.f("fk_nomination_consensus_recorded_by_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_nomination_consensus")),
        sa.UniqueConstraint("dossier_id", name=op.f("uq_nomination_consensus_dossier_id")),
    )
    op.create_index(op.f("ix_nomination_consensus_nomination_id"), "nomination_consensus", ["nomination_id"])
    op.create_index(op.f("ix_nomination_consensus_province_id"), "nomination_consensus", ["province_id"])
    with op.batch_alter_table("nomination") as batch_op:
        batch_op.add_column(sa.Column("round_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("decision_document_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("recognised_dossier_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("return_request", sa.Text(), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_nomination_round_id_nomination_round"), "nomination_round",
                                    ["round_id"], ["id"])
        batch_op.create_foreign_key(batch_op.f("fk_nomination_decision_document_id_decision_document"),
                                    "decision_document", ["decision_document_id"], ["id"])
        batch_op.create_index(batch_op.f("ix_nomination_round_id"), ["round_id"], unique=False)
    with op.batch_alter_table("movement_model") as batch_op:
        batch_op.add_column(sa.Column("lesson_notes_withheld", sa.Boolean(), nullable=False,
                                      server_default=sa.false()))


def downgrade():
    with op.batch_alter_table("movement_model") as batch_op:
        batch_op.drop_column("lesson_notes_withheld")
    with op.batch_alter_table("nomination") as batch_op:
        batch_op.drop_index(batch_op.f("ix_nomination_round_id"))
        batch_op.drop_constraint(batch_op.f("fk_nomination_decision_document_id_decision_document"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_nomination_round_id_nomination_round"), type_="foreignkey")
        batch_op.drop_column("return_request")
        batch_op.drop_column("recognised_dossier_id")
        batch_op.drop_column("decision_document_id")
        batch_op.drop_column("round_id")
    op.drop_table("nomination_consensus")
    op.drop_table("nomination_assessor")
    op.drop_table("decision_document")
    op.drop_index(op.f("ix_nomination_round_status"), table_name="nomination_round")
    op.drop_table("nomination_round")
