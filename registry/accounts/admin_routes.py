"""The ministry admin's account management, under /ministry/accounts: every account listed and
searched; deactivate or reactivate, reset the second factor, sign out everywhere, appoint to a
province (its admins above all) or take out of one.

The area's gate is a ministry role (province users 403, anonymous users to sign-in); then every
view loads what its URL names (404), checks that the user is the ministry's admin (403), acts.
"""
from __future__ import annotations

from flask import abort, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from registry.accounts import admin_bp as bp
from registry.accounts import queries, second_factor, service, sessions
from registry.accounts.actions import carry_out
from registry.accounts.admin_forms import MINISTRY_ROLE_LABELS, ROLE_LABELS, AppointForm, MembershipForm
from registry.accounts.models import MINISTRY_ADMIN, MINISTRY_ROLES, Membership, User
from registry.accounts.permissions import ministry_role_required, require_ministry_role
from registry.core.formatting import translated
from registry.extensions import db
from registry.tenants.models import Province
from registry.web import int_arg, redirect_after_post, render_page

ministry = ministry_role_required(*MINISTRY_ROLES)
admins = ministry_role_required(MINISTRY_ADMIN)


def _province_choices() -> list[tuple[str, str]]:
    return [(str(p.id), p.name) for p in queries.provinces()]


def _user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


def _list_page(appoint_form=None, status=200):
    filters = queries.AccountFilters(
        q=(request.args.get("q") or "").strip()[:100], province=(request.args.get("province") or "")[:60],
        role=(request.args.get("role") or "")[:30], status=(request.args.get("status") or "")[:20],
        page=max(1, int_arg("page", 1)))
    rows, total = queries.accounts(filters)
    form = appoint_form or AppointForm()
    form.province.choices = _province_choices()
    body, _status, headers = render_page(
        "accounts/admin/index.html", "results", rows=rows, total=total, filters=filters,
        pages=max(1, -(-total // queries.PER_PAGE)), provinces=queries.provinces(), form=form,
        roles=translated(ROLE_LABELS), ministry_roles=translated(MINISTRY_ROLE_LABELS))
    return body, status, headers


@bp.get("/")
@admins
def index():
    """Every account, searched by address or name, filtered by province, role and state."""
    return _list_page()


@bp.post("/appoint")
@admins
def appoint():
    """Give someone a role in a province (the province's admin, most often), inviting a new address."""
    form = AppointForm()
    form.province.choices = _province_choices()
    if not form.validate_on_submit():
        return _list_page(form, 422)
    province = db.session.get(Province, int(form.province.data))
    try:
        service.invite(form.email.data, form.name.data or "", province, form.role.data, current_user)
    except service.AccountError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect_after_post(url_for(".index"))
    db.session.commit()
    flash(_("%(email)s is now %(role)s of %(province)s; a mail tells them.", email=form.email.data,
            role=str(ROLE_LABELS[form.role.data]).lower(), province=province.name), "success")
    return redirect_after_post(url_for(".index", q=form.email.data))


def _show(user: User, membership_form=None, status=200):
    form = membership_form or MembershipForm()
    form.province.choices = _province_choices()
    return render_page(
        "accounts/admin/show.html", "content", account=user, events=queries.events_of(user.id),
        sessions=sessions.active_of(user.id), codes_left=second_factor.recovery_codes_left(user),
        memberships=sorted(user.memberships, key=lambda m: m.province.name), form=form,
        roles=translated(ROLE_LABELS), ministry_roles=translated(MINISTRY_ROLE_LABELS))[0], status


@bp.get("/<int:user_id>")
@ministry
def show(user_id: int):
    """One account: its roles, state, second factor, sessions and history. 404 for an unknown id."""
    user = _user(user_id)
    require_ministry_role(MINISTRY_ADMIN)
    return _show(user)


def _act(user_id: int, action, done: str):
    """Load (404), check (403), act through ``service``, commit once, say so."""
    user = _user(user_id)
    require_ministry_role(MINISTRY_ADMIN)
    return carry_out(lambda: action(user), done, url_for(".show", user_id=user_id))


@bp.post("/<int:user_id>/deactivate")
@ministry
def deactivate(user_id: int):
    """No access anywhere; every session ends at once. Their name stays on what they did."""
    return _act(user_id, lambda user: service.deactivate_user(user, current_user), _("The account was deactivated."))


@bp.post("/<int:user_id>/reactivate")
@ministry
def reactivate(user_id: int):
    return _act(user_id, lambda user: service.reactivate_user(user, current_user), _("The account was reactivated."))


@bp.post("/<int:user_id>/second-factor/reset")
@ministry
def reset_second_factor(user_id: int):
    """A lost phone: the user signs in with the password and enrols again; sessions end; audited."""
    return _act(user_id, lambda user: service.reset_second_factor(user, current_user),
                _("The second factor was reset: the user sets it up again at the next sign-in."))


@bp.post("/<int:user_id>/sessions/end")
@ministry
def end_sessions(user_id: int):
    """Sign the user out everywhere."""
    return _act(user_id, lambda user: service.end_sessions(user, current_user),
                _("The user was signed out everywhere."))


@bp.post("/<int:user_id>/memberships")
@ministry
def add_membership(user_id: int):
    """A role in a province: a new membership, or the new role of an existing one."""
    user = _user(user_id)
    require_ministry_role(MINISTRY_ADMIN)
    form = MembershipForm()
    form.province.choices = _province_choices()
    if not form.validate_on_submit():
        return _show(user, form, 422)
    province = db.session.get(Province, int(form.province.data))
    return _act(user_id, lambda account: service.appoint(account, province, form.role.data, current_user),
                _("The role in %(province)s was saved.", province=province.name))


@bp.post("/<int:user_id>/memberships/<int:membership_id>/remove")
@ministry
def remove_membership(user_id: int, membership_id: int):
    user = _user(user_id)
    membership = db.session.scalar(select(Membership).where(Membership.id == membership_id,
                                                            Membership.user_id == user.id))
    if membership is None:
        abort(404)
    require_ministry_role(MINISTRY_ADMIN)
    return _act(user_id, lambda account: service.remove_membership(membership, current_user),
                _("The membership was removed."))
