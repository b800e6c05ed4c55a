"""figures: when a model became active, due dates of running models only, counters kept on write

- ``movement_model.activated_on`` (the first activation, from the audit events; the day the
  model was registered where none was recorded), ``resumed_on`` (the last resumption) and
  ``last_rating`` (of its latest submitted review); every due date computed again with the
  rule of ``registry.figures.schedule`` (running models only; the first review one interval
  after activation, not after launch; a new interval from a resumption);
- the active and paused sites of ended models are ended, each with an event in the model's
  history (ending a model now does this in its own transaction);
- the counters ``ward_figures``, ``model_figures`` and ``review_figures``, kept in the
  transaction of every write, replace ``province_figures`` (refreshed every five minutes);
- an index serving overdue and due-soon counts of every province (index-only).

Revision ID: figures_1
Revises: jobs_2
"""
import calendar
from datetime import date, datetime, timedelta, timezone

from alembic import op
import sqlalchemy as sa

revision = "figures_1"
down_revision = "jobs_2"
branch_labels = None
depends_on = None

DRAFT, ACTIVE, ENDED = "draft", "active", "ended"


def _vietnam_date(column: str) -> str:
    if op.get_bind().dialect.name == "postgresql":
        return f"CAST(timezone('Asia/Ho_Chi_Minh', {column}) AS DATE)"
    return f"date({column}, '+7 hours')"


def _add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _due(status, months, activated_on, resumed_on, last_end):
    """The due-date rule as of this revision (registry.figures.schedule.due_date)."""
    if status != ACTIVE:
        return None
    if last_end is not None:
        due = _add_months(last_end + timedelta(days=1), months) - timedelta(days=1)
    elif activated_on is not None:
        due = _add_months(activated_on, months)
    else:
        return None
    if resumed_on is not None and due < resumed_on:
        due = _add_months(resumed_on, months)
    return due


def _day(value):
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def upgrade():
    bind = op.get_bind()
    with op.batch_alter_table("movement_model") as batch_op:
        batch_op.add_column(sa.Column("activated_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("resumed_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("last_rating", sa.String(length=20), nullable=True))
        batch_op.create_index("ix_movement_model_status_due_province", ["status", "next_review_due_on", "province_id"])

    event_day = _vietnam_date("audit_event.created_at")
    op.execute(
        f"UPDATE movement_model SET activated_on = (SELECT min({event_day}) FROM audit_event"
        " WHERE audit_event.entity_type = 'movement_model' AND audit_event.entity_id = movement_model.id"
        f" AND audit_event.action = 'activate') WHERE status != '{DRAFT}'")
    op.execute(f"UPDATE movement_model SET activated_on = {_vietnam_date('created_at')}"
               f" WHERE status != '{DRAFT}' AND activated_on IS NULL")
    op.execute(
        f"UPDATE movement_model SET resumed_on = (SELECT max({event_day}) FROM audit_event"
        " WHERE audit_event.entity_type = 'movement_model' AND audit_event.entity_id = movement_model.id"
        " AND audit_event.action = 'resume')")
    op.execute(
        "UPDATE movement_model SET last_rating = (SELECT review.rating FROM review"
        " WHERE review.model_id = movement_model.id AND review.status = 'submitted'"
        " ORDER BY review.period_end DESC, review.id DESC LIMIT 1)")

    rows = bind.execute(sa.text(
        "SELECT m.id, m.status, m.review_interval_months, m.activated_on, m.resumed_on,"
        " (SELECT max(r.period_end) FROM review r WHERE r.model_id = m.id AND r.status = 'submitted')"
        " FROM movement_model m")).all()
    changed = [{"id": row[0], "due": _due(row[1], row[2], _day(row[3]), _day(row[4]), _day(row[5]))} for row in rows]
    if changed:
        bind.execute(sa.text("UPDATE movement_model SET next_review_due_on = :due WHERE id = :id"), changed)

    with op.batch_alter_table("movement_model") as batch_op:
        batch_op.create_check_constraint(op.f("ck_movement_model_activated_unless_draft"), f"status = '{DRAFT}' OR activated_on IS NOT NULL")

    _end_sites_of_ended_models(bind)

    op.drop_table("province_figures")
    op.create_table(
        "ward_figures",
        sa.Column("ward_id", sa.Integer(), nullable=False),
        sa.Column("province_id", sa.Integer(), nullable=False),
        sa.Column("live_sites", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["ward_id"], ["ward.id"], name=op.f("fk_ward_figures_ward_id_ward")),
        sa.ForeignKeyConstraint(["province_id"], ["province.id"], name=op.f("fk_ward_figures_province_id_province")),
        sa.PrimaryKeyConstraint("ward_id", name=op.f("pk_ward_figures")),
    )
    op.create_index(op.f("ix_ward_figures_province_id"), "ward_figures", ["province_id"])
    op.create_table(
        "model_figures",
        sa.Column("province_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("last_rating", sa.String(length=20), nullable=False),
        sa.Column("models", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["province_id"], ["province.id"], name=op.f("fk_model_figures_province_id_province")),
        sa.PrimaryKeyConstraint("province_id", "category", "status", "last_rating", name=op.f("pk_model_figures")),
    )
    op.create_table(
        "review_figures",
        sa.Column("province_id", sa.Integer(), nullable=False),
        sa.Column("submitted_on", sa.Date(), nullable=False),
        sa.Column("submitted", sa.Integer(), nullable=False),
        sa.Column("on_time", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["province_id"], ["province.id"], name=op.f("fk_review_figures_province_id_province")),
        sa.PrimaryKeyConstraint("province_id", "submitted_on", name=op.f("pk_review_figures")),
    )
    op.create_index("ix_review_figures_day_counts", "review_figures", ["submitted_on", "province_id", "submitted", "on_time"])
    # The counters from the rows, with the rules of registry.figures.rules as of this revision.
    op.execute(
        "INSERT INTO ward_figures (ward_id, province_id, live_sites)"
        " SELECT s.ward_id, s.province_id, count(*) FROM replication_site s"
        " JOIN movement_model m ON m.id = s.model_id"
        f" WHERE s.status = 'active' AND m.status = '{ACTIVE}' GROUP BY s.ward_id, s.province_id")
    op.execute(
        "INSERT INTO model_figures (province_id, category, status, last_rating, models)"
        " SELECT province_id, category, status, coalesce(last_rating, ''), count(*) FROM movement_model"
        " GROUP BY province_id, category, status, coalesce(last_rating, '')")
    submitted_on = _vietnam_date("submitted_at")
    op.execute(
        "INSERT INTO review_figures (province_id, submitted_on, submitted, on_time)"
        f" SELECT province_id, {submitted_on}, count(*), count(CASE WHEN {submitted_on} <= due_on THEN 1 END)"
        " FROM review WHERE status = 'submitted' AND due_on IS NOT NULL AND submitted_at IS NOT NULL"
        f" GROUP BY province_id, {submitted_on}")


def _end_sites_of_ended_models(bind) -> None:
    """Sites left active or paused under an ended model end, as ending a model now does."""
    sites = bind.execute(sa.text(
        "SELECT s.id, s.province_id, s.model_id, s.status, m.ended_on FROM replication_site s"
        f" JOIN movement_model m ON m.id = s.model_id WHERE m.status = '{ENDED}'"
        " AND s.status IN ('active', 'paused') ORDER BY s.id")).all()
    if not sites:
        return
    now = datetime.now(timezone.utc)
    events = sa.table("audit_event", sa.column("province_id"), sa.column("actor_id"), sa.column("action"),
                      sa.column("entity_type"), sa.column("entity_id"), sa.column("changes", sa.JSON),
                      sa.column("note"), sa.column("created_at"), sa.column("model_id"))
    bind.execute(events.insert(), [
        {"province_id": province_id, "actor_id": None, "action": "site_ended_with_model",
         "entity_type": "replication_site", "entity_id": site_id, "note": "", "created_at": now, "model_id": model_id,
         "changes": {"status": [status, ENDED], "ended_on": [None, _day(ended_on).isoformat() if ended_on else None],
                     "model": model_id}}
        for site_id, province_id, model_id, status, ended_on in sites
    ])
    op.execute("UPDATE replication_site SET status = 'ended', version = version + 1"
               " WHERE status IN ('active', 'paused')"
               f" AND model_id IN (SELECT id FROM movement_model WHERE status = '{ENDED}')")


def downgrade():
    op.drop_index("ix_review_figures_day_counts", table_name="review_figures")
    op.drop_table("review_figures")
    op.drop_table("model_figures")
    op.drop_index(op.f("ix_ward_figures_province_id"), table_name="ward_figures")
    op.drop_table("ward_figures")
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
    with op.batch_alter_table("movement_model") as batch_op:
        batch_op.drop_constraint(op.f("ck_movement_model_activated_unless_draft"), type_="check")
        batch_op.drop_index("ix_movement_model_status_due_province")
        batch_op.drop_column("last_rating")
        batch_op.drop_column("resumed_on")
        batch_op.drop_column("activated_on")
