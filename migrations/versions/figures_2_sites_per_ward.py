"""figures: every site of a ward counted next to its live ones

The province's sites list showed the number of sites it lists by counting a whole province's
sites on every view (104,000 index entries in Hồ Chí Minh: 10 ms, against under 1 ms in Lai
Châu). ``ward_figures`` now keeps every ward that has a site, with its sites (any status) and
its live ones; coverage counts the wards with a live site (``live_sites > 0``).

Revision ID: figures_2
Revises: api_1
"""
from alembic import op
import sqlalchemy as sa

revision = "figures_2"
down_revision = "api_1"
branch_labels = None
depends_on = None

# The counters' own definition (registry.figures.counters, rules.live_site), as SQL of this revision.
RECOUNT = """
INSERT INTO ward_figures (ward_id, province_id, live_sites, sites)
SELECT s.ward_id, s.province_id,
       count(CASE WHEN s.status = 'active' AND m.status = 'active' THEN 1 END), count(*)
FROM replication_site s JOIN movement_model m ON m.id = s.model_id
GROUP BY s.ward_id, s.province_id
"""


def upgrade():
    with op.batch_alter_table("ward_figures") as batch_op:
        batch_op.add_column(sa.Column("sites", sa.Integer(), nullable=False, server_default="0"))
    op.execute("DELETE FROM ward_figures")
    op.execute(RECOUNT)


def downgrade():
    op.execute("DELETE FROM ward_figures WHERE live_sites = 0")
    with op.batch_alter_table("ward_figures") as batch_op:
        batch_op.drop_column("sites")
