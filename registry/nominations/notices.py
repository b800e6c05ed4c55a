"""Who is told about each step of a nomination, written with the step (same transaction).

Kinds (each has a mail template ``notifications/mail/<kind>.html``):
``nomination_submitted`` → every ministry reviewer; ``nomination_returned``,
``nomination_approved``, ``nomination_rejected`` → the province's admins and the model's
creator; ``nomination_comment`` → the other side of the thread; ``catalogue_entry`` → the
admins of every province.
"""
from __future__ import annotations

from flask import url_for
from sqlalchemy import select

from registry.accounts.models import MINISTRY_REVIEWER, PROVINCE_ADMIN, Membership, User
from registry.extensions import db
from registry.outbox import notify
from registry.tenants.models import Province


def ministry_reviewers() -> list[User]:
    return db.session.scalars(
        select(User).where(User.ministry_role == MINISTRY_REVIEWER, User.active.is_(True)).order_by(User.id)
    ).all()


def province_admins(province_id: int | None = None) -> list[User]:
    statement = (
        select(User).join(Membership, Membership.user_id == User.id)
        .where(Membership.role == PROVINCE_ADMIN, Membership.active.is_(True), User.active.is_(True))
        .distinct().order_by(User.id)
    )
    if province_id is not None:
        statement = statement.where(Membership.province_id == province_id)
    return db.session.scalars(statement).all()


def province_side(nomination) -> list[User]:
    """The province's admins and the model's creator, each once."""
    users = {user.id: user for user in province_admins(nomination.province_id)}
    creator_id = nomination.model.created_by_id
    if creator_id and creator_id not in users:
        creator = db.session.get(User, creator_id)
        if creator is not None and creator.active:
            users[creator_id] = creator
    return list(users.values())


def _params(nomination, province: Province) -> dict:
    return {"model": nomination.model.name, "province": province.name, "round_year": nomination.round_year}


def province_link(nomination) -> str:
    province = db.session.get(Province, nomination.province_id)
    return url_for("province.nominations.show", province=province.slug, nomination_id=nomination.id)


def ministry_link(nomination) -> str:
    return url_for("ministry.nomination", nomination_id=nomination.id)


def submitted(nomination, dossier) -> None:
    province = db.session.get(Province, nomination.province_id)
    for user in ministry_reviewers():
        notify(user, "nomination_submitted", f"nomination_submitted:{dossier.id}:{user.id}",
               link=ministry_link(nomination), params=_params(nomination, province), province_id=province.id)


def decided(nomination, event) -> None:
    province = db.session.get(Province, nomination.province_id)
    kind = f"nomination_{event.to_status}"
    params = dict(_params(nomination, province), comment=event.comment,
                  reference=nomination.decision_reference or "")
    for user in province_side(nomination):
        notify(user, kind, f"{kind}:{event.id}:{user.id}", link=province_link(nomination), params=params,
               province_id=province.id)


def commented(nomination, comment) -> None:
    """A ministry comment goes to the province's side; a province comment to the reviewers."""
    province = db.session.get(Province, nomination.province_id)
    if comment.from_ministry:
        users, link = province_side(nomination), province_link(nomination)
    else:
        users, link = ministry_reviewers(), ministry_link(nomination)
    params = dict(_params(nomination, province), comment=comment.body[:500])
    for user in users:
        if user.id != comment.author_id:
            notify(user, "nomination_comment", f"nomination_comment:{comment.id}:{user.id}", link=link,
                   params=params, province_id=province.id)


def catalogue_entry(model) -> None:
    province = db.session.get(Province, model.province_id)
    params = {"model": model.name, "province": province.name, "reference": model.recognition_reference,
              "year": model.recognised_year}
    link = url_for("catalogue.entry", model_id=model.id)
    for user in province_admins():
        notify(user, "catalogue_entry", f"catalogue_entry:{model.id}:{user.id}", link=link, params=params,
               province_id=province.id)


def assessor_assigned(nomination, reviewer) -> None:
    province = db.session.get(Province, nomination.province_id)
    notify(reviewer, "assessor_assigned", f"assessor_assigned:{nomination.id}:{reviewer.id}",
           link=ministry_link(nomination), params=_params(nomination, province), province_id=province.id)
