"""indexes for national size

The queries the pages run on 50,000 models, a million sites and 300,000 reviews (see
bench/INDEXES.md for the EXPLAIN findings). The trigram index for the diacritic-blind
"contains" search needs PostgreSQL's pg_trgm; SQLite gets the plain indexes only.

Revision ID: scale_1
Revises: replication_1
"""
from alembic import op
import sqlalchemy as sa

revision = "scale_1"
down_revision = "replication_1"
branch_labels = None
depends_on = None

# (table, index name, columns): composite indexes for province lists, boards and roll-ups.
INDEXES = (
    # A province's list in name order, filtered as it goes; and the filtered count.
    ("movement_model", "ix_movement_model_province_name", ["province_id", "name_folded"]),
    ("movement_model", "ix_movement_model_province_status_category", ["province_id", "status", "category"]),
    ("movement_model", "ix_movement_model_province_due", ["province_id", "next_review_due_on"]),
    ("replication_site", "ix_replication_site_model_status_ward", ["model_id", "status", "ward_id"]),
    ("replication_site", "ix_replication_site_province_status_ward", ["province_id", "status", "ward_id"]),
    ("replication_site", "ix_replication_site_ward_status", ["ward_id", "status"]),
    ("review", "ix_review_model_status_period_end", ["model_id", "status", "period_end"]),
    ("review", "ix_review_province_status_period_end", ["province_id", "status", "period_end"]),
)


def upgrade():
    for table, name, columns in INDEXES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.create_index(name, columns)
    with op.batch_alter_table("movement_model") as batch_op:
        batch_op.create_index(
            "ix_movement_model_recognised_year", ["recognised_year"],
            postgresql_where=sa.text("recognised_year IS NOT NULL"),
            sqlite_where=sa.text("recognised_year IS NOT NULL"),
        )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.create_index(
            "ix_movement_model_name_folded_trgm", "movement_model", ["name_folded"],
            postgresql_using="gin", postgresql_ops={"name_folded": "gin_trgm_ops"},
        )


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_movement_model_name_folded_trgm", table_name="movement_model")
    with op.batch_alter_table("movement_model") as batch_op:
        batch_op.drop_index("ix_movement_model_recognised_year")
    for table, name, _ in reversed(INDEXES):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_index(name)
