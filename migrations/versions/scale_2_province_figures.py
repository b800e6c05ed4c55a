"""province figures: pre-aggregated dashboard figures; reviews by submission time; history by model

The national dashboard aggregated a million sites and 300,000 reviews on every request
(~330 ms of SQL); the figures are now computed by a scheduled job into one row per province
and the pages say how fresh they are. The review index serves the reviews board's "submitted this
quarter" and the on-time share of the last 12 months (index-only with ``due_on``).

Revision ID: scale_2
Revises: exports_1
"""
from alembic import op
import sqlalchemy as sa

revision = "scale_2"
down_revision = "exports_1"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "province_figures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("province_id", sa.Integer(), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.Column("refreshed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["province_id"], ["province.id"], name=op.f("fk_province_figures_province_id_province")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_province_figures")),
        sa.UniqueConstraint("province_id", name=op.f("uq_province_figures_province_id")),
    )
    with op.batch_alter_table("review") as batch_op:
        batch_op.create_index("ix_review_province_status_submitted", ["province_id", "status", "submitted_at", "due_on"])
    # The tenant scoping adds province_id to every query: with it leading, the figures of a page of
    # models are one index range (1 ms) instead of a bitmap AND with the whole province (9 ms).
    with op.batch_alter_table("replication_site") as batch_op:
        batch_op.create_index("ix_replication_site_province_model_status_ward",
                              ["province_id", "model_id", "status", "ward_id"])
    # A model's history (its own events, its sites' and attachments') read by index: it scanned
    # every audit event of the country, matching a key inside each event's JSON.
    with op.batch_alter_table("audit_event") as batch_op:
        batch_op.add_column(sa.Column("model_id", sa.Integer(), nullable=True))
        batch_op.create_index("ix_audit_event_model_id", ["model_id"])
        batch_op.create_index("ix_audit_event_entity", ["entity_type", "entity_id"])
    model_key = ("CAST(changes ->> 'model' AS INTEGER)" if op.get_bind().dialect.name == "postgresql"
                 else "CAST(json_extract(changes, '$.model') AS INTEGER)")
    op.execute(f"UPDATE audit_event SET model_id = {model_key}"
               " WHERE entity_type IN ('attachment', 'replication_site')")


def downgrade():
    with op.batch_alter_table("audit_event") as batch_op:
        batch_op.drop_index("ix_audit_event_entity")
        batch_op.drop_index("ix_audit_event_model_id")
        batch_op.drop_column("model_id")
    with op.batch_alter_table("replication_site") as batch_op:
        batch_op.drop_index("ix_replication_site_province_model_status_ward")
    with op.batch_alter_table("review") as batch_op:
        batch_op.drop_index("ix_review_province_status_submitted")
    op.drop_table("province_figures")
