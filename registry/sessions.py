"""How a request's database transaction ends.

Flask-SQLAlchemy ends every request with ``session.remove()``, that is a ROLLBACK, and psycopg
forgets its prepared statements at each ROLLBACK: PostgreSQL parsed and planned every statement
of every request again (a third of a page's time). A transaction that wrote nothing ends with
COMMIT instead, which changes nothing and keeps them prepared. One that wrote and was neither
committed nor rolled back by its view is rolled back, as before: what counts as a write is any
flush and any statement that is not an ORM SELECT.
"""
from __future__ import annotations

import logging

from sqlalchemy import event
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import ORMExecuteState, Session

from registry.extensions import db

log = logging.getLogger(__name__)
_WROTE = "transaction_wrote"


@event.listens_for(Session, "after_flush")
def _note_flush(session: Session, _context) -> None:
    session.info[_WROTE] = True


@event.listens_for(Session, "do_orm_execute")
def _note_statement(state: ORMExecuteState) -> None:
    if not state.is_select:
        state.session.info[_WROTE] = True


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(_WROTE, None)


def _end_read_only_transaction(error: BaseException | None) -> None:
    if error is not None or not db.session.registry.has():
        return
    session = db.session.registry()
    if not session.in_transaction() or session.info.get(_WROTE) or session.new or session.dirty or session.deleted:
        return
    session.expire_on_commit = False  # nothing was written: objects still held keep what they loaded
    try:
        session.commit()
    except SQLAlchemyError:  # the connection broke after the page was made: remove() cleans up
        log.warning("ending a read-only transaction failed", exc_info=True)


def init_app(app) -> None:
    # Teardown functions run last registered first: this one before Flask-SQLAlchemy's remove().
    app.teardown_appcontext(_end_read_only_transaction)
