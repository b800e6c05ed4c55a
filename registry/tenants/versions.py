"""A version per province, raised in the transaction of every write to that province's rows.

Kept pages (``registry.page_cache``) carry the versions of what they show, so none is served
after a change it would not show. Which provinces a transaction writes is noted as it goes:

- each flush: the province of every province-owned row (and ward, and membership) it inserts,
  changes or deletes, both provinces of a row that moves; every province when a user's name changes
  (names appear on the pages of every province the user worked in);
- each statement run through the session (bulk inserts, ``update()``, ``delete()``) on such a
  table: the ``province_id`` of the rows it inserts, else the province the request works in,
  else every province;
- writes that bypass the session (``COPY``, a connection of their own) call ``note_change``.

When the session commits, the noted provinces' versions go up by one in the same transaction;
a rollback forgets them.
"""
from __future__ import annotations

from functools import cache
from itertools import chain

from sqlalchemy import event, inspect, update
from sqlalchemy.orm import ORMExecuteState, Session

from registry.extensions import db
from registry.tenants.models import Province, ProvinceOwned, Ward
from registry.tenants.scoping import current_scope

EVERY = "every province"
_NOTED = "provinces_changed"


def note_change(session: Session, province: int | str) -> None:
    """Raise ``province``'s version (an id, or ``EVERY``) when ``session`` commits."""
    session.info.setdefault(_NOTED, set()).add(province)


@cache
def _versioned_classes() -> tuple[type, ...]:
    from registry.accounts.models import Membership  # accounts builds on tenants, not the other way

    return ProvinceOwned, Ward, Membership


@cache
def _versioned_tables() -> frozenset[str]:
    return frozenset(mapper.local_table.name for mapper in db.Model.registry.mappers
                     if issubclass(mapper.class_, _versioned_classes()))


@event.listens_for(Session, "before_flush")
def _note_rows(session: Session, _context, _instances) -> None:
    from registry.accounts.models import User

    for row in chain(session.new, session.dirty, session.deleted):
        if isinstance(row, _versioned_classes()):
            moved_from = inspect(row).attrs.province_id.history.deleted
            for province_id in (row.province_id, *moved_from):
                if province_id is not None:
                    note_change(session, province_id)
    # A new user is on no page yet (their membership raises its province); a renamed one is.
    if any(isinstance(row, User) and inspect(row).attrs.name.history.has_changes() for row in session.dirty):
        note_change(session, EVERY)


@event.listens_for(Session, "do_orm_execute")
def _note_statement(state: ORMExecuteState) -> None:
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    if state.statement.table.name not in _versioned_tables():
        return
    rows = state.parameters if isinstance(state.parameters, list) else [state.parameters or {}]
    provinces = {row["province_id"] for row in rows if row.get("province_id") is not None}
    if not provinces:
        scope = current_scope()
        provinces = {scope if isinstance(scope, int) else EVERY}
    for province in provinces:
        note_change(state.session, province)


@event.listens_for(Session, "before_commit")
def _raise_versions(session: Session) -> None:
    session.flush()  # the commit's own flush comes after this event: note its rows first
    noted = session.info.pop(_NOTED, None)
    if not noted:
        return
    statement = update(Province).values(data_version=Province.data_version + 1)
    if EVERY not in noted:
        statement = statement.where(Province.id.in_(noted))
    session.execute(statement.execution_options(synchronize_session=False))


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(_NOTED, None)
