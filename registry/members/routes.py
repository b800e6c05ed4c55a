"""A province's people. Any member may see who is in the province; its admins invite, change
roles, deactivate and reactivate, remove and re-invite. Every action loads the membership of
this province (404 for another province's), checks that the user is the province's admin (403),
acts through ``registry.accounts.service`` (audited, sessions ended), commits once."""
from __future__ import annotations

from flask import abort, flash, g, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from registry.accounts import service
from registry.accounts.actions import carry_out
from registry.accounts.models import Membership, User
from registry.accounts.permissions import province_admin_required, require_province_admin
from registry.accounts.queries import events_in
from registry.core.formatting import translated
from registry.extensions import db
from registry.members import bp
from registry.members.forms import ROLE_LABELS, InviteForm, RoleForm
from registry.web import redirect_after_post, render_page


def _members():
    return db.session.scalars(
        select(Membership).options(joinedload(Membership.user)).join(User)
        .where(Membership.province_id == g.province.id).order_by(User.email)
    ).all()


def _page(block: str = "content", form=None, status: int = 200):
    body, _status, headers = render_page(
        "members/index.html", block, members=_members(), form=form or InviteForm(), role_form=RoleForm(),
        roles=translated(ROLE_LABELS), events=events_in(g.province.id) if g.membership.is_admin else [])
    return body, status, headers


@bp.get("/")
def index():
    """Everyone with a role in the province. Any member may look; its admins see the actions."""
    return _page()


@bp.post("/invite")
@province_admin_required
def invite_member():
    """Invite someone by e-mail (provincial admins only, 403 otherwise)."""
    form = InviteForm()
    if not form.validate_on_submit():
        return _page("invite_form", form)
    try:
        service.invite(form.email.data, form.name.data or "", g.province, form.role.data, current_user)
    except service.AccountError as error:
        db.session.rollback()
        form.email.errors.append(str(error))
        return _page("invite_form", form, 422)
    db.session.commit()
    flash(_("An invitation was sent to %(email)s.", email=form.email.data), "success")
    return redirect_after_post(url_for(".index"))


def _membership(membership_id: int) -> Membership:
    """A membership of this province; 404 for another province's or an unknown one."""
    membership = db.session.scalar(select(Membership).where(
        Membership.id == membership_id, Membership.province_id == g.province.id))
    if membership is None:
        abort(404)
    return membership


def _act(membership_id: int, action, done):
    """Load (404), check (403), act, commit once; ``done(membership)`` says what happened."""
    membership = _membership(membership_id)
    require_province_admin()
    message = done(membership)  # before the action: a removed membership has no user to name
    return carry_out(lambda: action(membership), message, url_for(".index"))


@bp.post("/<int:membership_id>/role")
def change_role(membership_id: int):
    """A member's new role; they sign in again to use it (their sessions end)."""
    membership = _membership(membership_id)
    require_province_admin()
    form = RoleForm()
    if not form.validate_on_submit():
        flash(_("Choose one of the roles."), "error")
        return redirect_after_post(url_for(".index"))
    message = _("%(name)s is now %(role)s.", name=membership.user.display_name,
                role=str(ROLE_LABELS[form.role.data]).lower())
    return carry_out(lambda: service.change_role(membership, form.role.data, current_user), message,
                     url_for(".index"))


@bp.post("/<int:membership_id>/deactivate")
def deactivate(membership_id: int):
    """No access to this province until reactivated (other provinces untouched); sessions end at once."""
    return _act(membership_id, lambda m: service.suspend_membership(m, current_user),
                lambda m: _("%(name)s can no longer open the province's pages.", name=m.user.display_name))


@bp.post("/<int:membership_id>/reactivate")
def reactivate(membership_id: int):
    return _act(membership_id, lambda m: service.resume_membership(m, current_user),
                lambda m: _("%(name)s can work in the province again.", name=m.user.display_name))


@bp.post("/<int:membership_id>/remove")
def remove(membership_id: int):
    """Take the member out of the province; the account and their history stay."""
    return _act(membership_id, lambda m: service.remove_membership(m, current_user),
                lambda m: _("%(name)s is no longer a member of the province.", name=m.user.display_name))


@bp.post("/<int:membership_id>/invitation")
def resend_invitation(membership_id: int):
    """The invitation mail again, with a new link, for someone who has not accepted it yet."""
    membership = _membership(membership_id)
    require_province_admin()
    if membership.user.password_hash is not None:
        flash(_("%(name)s has accepted the invitation already.", name=membership.user.display_name), "info")
        return redirect_after_post(url_for(".index"))
    return _act(membership_id, _resend, lambda m: _("The invitation was sent again to %(email)s.", email=m.user.email))


def _resend(membership: Membership) -> None:
    service.send_invitation(membership.user, membership.province, membership.role, current_user)
    service.record_event(membership.user, "invitation_resent", province_id=membership.province_id)
