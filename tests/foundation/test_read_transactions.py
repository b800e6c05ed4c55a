"""A request that only read ends its transaction with COMMIT, so PostgreSQL keeps the
statements psycopg prepared; one that wrote without committing is still rolled back
(registry.sessions)."""
from __future__ import annotations

from sqlalchemy import event, select

from registry.extensions import db
from registry.movement.models import MovementModel
from tests.factories import make_model


def _endings(app, work) -> list[str]:
    """How the transactions of one request ended, with ``work`` done inside it."""
    endings = []
    with app.app_context():
        engine = db.engine
    on_commit, on_rollback = (lambda _c: endings.append("commit")), (lambda _c: endings.append("rollback"))
    event.listen(engine, "commit", on_commit)
    event.listen(engine, "rollback", on_rollback)
    try:
        with app.test_request_context("/"):
            work()
    finally:
        event.remove(engine, "commit", on_commit)
        event.remove(engine, "rollback", on_rollback)
    return endings


def test_a_request_that_only_read_ends_with_commit(app):
    kept = []
    assert _endings(app, lambda: kept.extend(db.session.scalars(select(MovementModel)))) == ["commit"]


def test_a_request_that_wrote_without_committing_is_rolled_back(app):
    def write_and_forget():
        make_model("quang-tri", "Không được lưu")
        db.session.flush()

    assert _endings(app, write_and_forget) == ["rollback"]
    with app.app_context():
        assert db.session.scalar(select(MovementModel)) is None


def test_objects_read_in_a_request_stay_readable_after_it(app):
    with app.app_context():
        make_model("quang-tri", "Camera an ninh")
        db.session.commit()
    with app.app_context():
        model = db.session.scalar(select(MovementModel))
    assert model.name == "Camera an ninh"
