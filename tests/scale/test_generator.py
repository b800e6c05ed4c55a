"""The national data generator, on a tiny size: counts, reproducibility, consistency."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import text

from registry.extensions import db
from registry.figures.schedule import add_months

pytestmark = pytest.mark.usefixtures("postgresql_only")
TINY = ["--models", "50", "--sites", "500", "--reviews", "100", "--users", "20", "--as-of", "2026-06-30"]


@pytest.fixture
def postgresql_only(app):
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("the generator loads with PostgreSQL's COPY")


def generate(runner, *extra):
    result = runner.invoke(args=["generate-scale", *TINY, *extra])
    assert result.exit_code == 0, result.output
    return result


def scalar(app, sql: str, **params):
    with app.app_context():
        return db.session.execute(text(sql), params).scalar()


def fingerprint(app) -> list:
    """Every generated row that does not hold a moment of generation or a salted hash."""
    with app.app_context():
        return [db.session.execute(text(sql)).all() for sql in (
            "SELECT id, province_id, name, name_folded, category, status, origin_ward_id, launched_on,"
            " next_review_due_on, recognised_year, source_model_id, created_by_id FROM movement_model ORDER BY id",
            "SELECT model_id, ward_id, sub_unit, started_on, status, members FROM replication_site ORDER BY id",
            "SELECT model_id, period_start, period_end, status, rating, author_id FROM review ORDER BY id",
            "SELECT review_id, indicator_id, value FROM review_value ORDER BY review_id, indicator_id",
            "SELECT model_id, status, round_year FROM nomination ORDER BY id",
            "SELECT email, name, ministry_role FROM user_account ORDER BY email",
        )]


def test_generates_the_requested_counts(app, runner):
    result = generate(runner, "--reset")
    assert scalar(app, "SELECT count(*) FROM movement_model") == 50
    assert scalar(app, "SELECT count(*) FROM replication_site") == 500
    assert scalar(app, "SELECT count(*) FROM review") == 100
    assert scalar(app, "SELECT count(*) FROM user_account WHERE email LIKE '%scale.vn'") == 20
    assert scalar(app, "SELECT count(*) FROM review_value") == 100 * 9
    assert "bench.officer@scale.vn" in result.output


def test_same_seed_gives_the_same_rows_and_another_seed_other_rows(app, runner):
    generate(runner, "--reset", "--seed", "7")
    first = fingerprint(app)
    generate(runner, "--reset", "--seed", "7")
    assert fingerprint(app) == first
    generate(runner, "--reset", "--seed", "8")
    assert fingerprint(app) != first


def test_without_reset_a_filled_database_is_refused(runner):
    generate(runner, "--reset")
    result = runner.invoke(args=["generate-scale", *TINY])
    assert result.exit_code != 0
    assert "--reset" in result.output


def test_every_row_lies_in_its_own_province(app, runner):
    generate(runner, "--reset")
    for sql in (
        "SELECT count(*) FROM replication_site s JOIN ward w ON w.id = s.ward_id WHERE w.province_id <> s.province_id",
        "SELECT count(*) FROM replication_site s JOIN movement_model m ON m.id = s.model_id"
        " WHERE m.province_id <> s.province_id",
        "SELECT count(*) FROM movement_model m JOIN ward w ON w.id = m.origin_ward_id WHERE w.province_id <> m.province_id",
        "SELECT count(*) FROM review r JOIN movement_model m ON m.id = r.model_id WHERE m.province_id <> r.province_id",
        "SELECT count(*) FROM review_value v JOIN review r ON r.id = v.review_id WHERE r.province_id <> v.province_id",
        "SELECT count(*) FROM nomination n JOIN movement_model m ON m.id = n.model_id WHERE m.province_id <> n.province_id",
        "SELECT count(*) FROM movement_model m JOIN user_account u ON u.id = m.created_by_id"
        " LEFT JOIN membership ms ON ms.user_id = u.id AND ms.province_id = m.province_id WHERE ms.id IS NULL",
    ):
        assert scalar(app, sql) == 0, sql


def test_next_review_due_dates_follow_the_schedule(app, runner):
    """Only running models are due: one interval after activation, or after the last reviewed
    period (the day the interval that follows it ends); each keeps its latest rating."""
    generate(runner, "--reset")
    with app.app_context():
        rows = db.session.execute(text(
            "SELECT m.status, m.activated_on, m.review_interval_months, m.next_review_due_on, m.last_rating,"
            " (SELECT max(period_end) FROM review r WHERE r.model_id = m.id AND r.status = 'submitted'),"
            " (SELECT rating FROM review r WHERE r.model_id = m.id AND r.status = 'submitted'"
            "  ORDER BY period_end DESC, id DESC LIMIT 1)"
            " FROM movement_model m")).all()
        counted = db.session.execute(text("SELECT count(*) FROM ward_figures")).scalar()
    for status, activated, interval, due, rating, last_end, latest_rating in rows:
        assert (activated is None) == (status == "draft")
        assert rating == latest_rating
        if status != "active":
            assert due is None
        elif last_end:
            assert due == add_months(last_end + timedelta(days=1), interval) - timedelta(days=1)
        else:
            assert due == add_months(activated, interval)
    assert any(due and due < date(2026, 6, 30) for _s, _a, _i, due, *_rest in rows), "some reviews are overdue"
    assert counted > 0, "the coverage counters are kept from the generated rows"


def test_nominations_cover_every_state_and_approvals_recognise(app, runner):
    generate(runner, "--reset")
    with app.app_context():
        states = set(db.session.execute(text("SELECT DISTINCT status FROM nomination")).scalars())
        unrecognised = db.session.execute(text(
            "SELECT count(*) FROM nomination n JOIN movement_model m ON m.id = n.model_id"
            " WHERE n.status = 'approved' AND m.recognised_year IS NULL")).scalar()
    assert states == {"draft", "submitted", "under_review", "approved", "rejected", "returned", "withdrawn"}
    assert unrecognised == 0


def test_names_are_folded_for_the_diacritic_blind_search(app, runner):
    generate(runner, "--reset")
    assert scalar(app, "SELECT count(*) FROM movement_model WHERE name_folded <> lower(name_folded)") == 0
    assert scalar(app, "SELECT count(*) FROM movement_model WHERE name_folded ~ '[^\\x01-\\x7f]'") == 0


def test_the_core_indicators_are_there_once(app, runner):
    generate(runner, "--reset")
    generate(runner, "--reset")
    assert scalar(app, "SELECT count(*) FROM indicator WHERE code = 'crimes_social_order'") == 1

