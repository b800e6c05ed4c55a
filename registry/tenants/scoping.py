"""Automatic province scoping of every ORM query.

SQLAlchemy's documented ``do_orm_execute`` + ``with_loader_criteria`` pattern: while a
request works inside a province, each SELECT of a ``ProvinceOwned`` class gets
``province_id = <current>`` added, including lazy loads and relationships, and so does each
ORM-enabled bulk ``update()`` and ``delete()`` (SQLAlchemy 2.0 applies loader criteria to their
WHERE clause): a bulk statement cannot reach another province's rows either. Reading
across provinces is an explicit choice (``national_scope``), taken by ministry and
catalogue pages after their role check. A request that has chosen neither sees no
province-owned rows at all, so a forgotten scope fails closed. Outside a request (CLI
commands, jobs) the system reads every province, unless a job works for one province
(``province_scope``).
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator, TypeVar

from flask import abort, g, has_app_context, has_request_context
from sqlalchemy import event, false, select
from sqlalchemy.orm import ORMExecuteState, Session, with_loader_criteria

from registry.extensions import db
from registry.tenants.models import ProvinceOwned

NATIONAL = "national"
T = TypeVar("T")


def current_scope() -> int | str | None:
    """The current province id, ``NATIONAL``, or None when no scope was chosen."""
    if not has_request_context():
        # CLI commands and jobs work by id on behalf of the system, unless a job chose a province.
        return (g.get("tenant_scope") if has_app_context() else None) or NATIONAL
    return g.get("tenant_scope")


def enter_province(province_id: int) -> None:
    g.tenant_scope = province_id


@contextmanager
def _scope(scope: int | str) -> Iterator[None]:
    previous = g.get("tenant_scope")
    g.tenant_scope = scope
    try:
        yield
    finally:
        g.tenant_scope = previous


def national_scope():
    """Read across provinces. Callers check the user's role before entering."""
    return _scope(NATIONAL)


def province_scope(province_id: int):
    """Read only ``province_id``'s rows: for a job working on behalf of one province's user."""
    return _scope(province_id)


@event.listens_for(Session, "do_orm_execute")
def _scope_to_current_province(state: ORMExecuteState) -> None:
    if not (state.is_select or state.is_update or state.is_delete) or state.execution_options.get("skip_tenant_scope"):
        return
    scope = current_scope()
    if scope == NATIONAL:
        return
    if scope is None:
        criteria = with_loader_criteria(ProvinceOwned, lambda cls: false(), include_aliases=True)
    else:
        criteria = with_loader_criteria(
            ProvinceOwned, lambda cls: cls.province_id == scope, include_aliases=True
        )
    state.statement = state.statement.options(criteria)


def get_owned_or_404(model: type[T], ident: int) -> T:
    """Load a province-owned row by id through the scope; 404 if it is not ours.

    The explicit check guards against a row already sitting in the identity map.
    """
    row = db.session.scalars(select(model).where(model.id == ident)).first()  # type: ignore[attr-defined]
    scope = current_scope()
    if row is None or (scope != NATIONAL and row.province_id != scope):  # type: ignore[attr-defined]
        abort(404)
    return row
