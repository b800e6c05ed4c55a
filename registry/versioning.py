"""A version per province, raised in the transaction of every write to that province's rows.

The tables it versions are named here (``VERSIONED_TABLES``): every province-owned table, the
wards and the memberships. Not versioned: the kept figures (``ward_figures``, ``model_figures``,
``review_figures``: written only in the transaction of a write to a versioned table, which raises
the version already), the notifications and account events (personal, on no kept page but the
bell's count, which the kept page's key carries itself). ``tests/foundation/test_data_versions.py``
fails when a new table with a ``province_id`` is in neither list.

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

from itertools import chain

from sqlalchemy import event, inspect, update
from sqlalchemy.orm import ORMExecuteState, Session

from registry.tenants.models import Province
from registry.tenants.scoping import current_scope

EVERY = "every province"
_NOTED = "provinces_changed"


def note_change(session: Session, province: int | str) -> None:
    """Raise ``province``'s version (an id, or ``EVERY``) when ``session`` commits."""
    session.info.setdefault(_NOTED, set()).add(province)


VERSIONED_TABLES = frozenset({
    "movement_model", "replication_site", "review", "review_value", "attachment", "nomination",
    "nomination_comment", "nomination_event", "dossier", "assessment", "nomination_assessor",
    "nomination_consensus", "audit_event", "export_job",
    "model_import", "site_import", "ward", "membership",
})
# Tables with a province_id whose writes raise no version, and why (see above).
UNVERSIONED_TABLES = frozenset({"ward_figures", "model_figures", "review_figures", "notification", "account_event"})


def _versioned(row) -> bool:
    table = getattr(row, "__table__", None)
    return table is not None and table.name in VERSIONED_TABLES


@event.listens_for(Session, "before_flush")
def _note_rows(session: Session, _context, _instances) -> None:
    from registry.accounts.models import User

    for row in chain(session.new, session.dirty, session.deleted):
        if _versioned(row):
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
    if state.statement.table.name not in VERSIONED_TABLES:
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
