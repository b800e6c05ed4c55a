from __future__ import annotations

from flask import flash, g, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from registry.accounts.models import Membership, User
from registry.accounts.permissions import province_admin_required
from registry.accounts.service import invite
from registry.extensions import db
from registry.members import bp
from registry.members.forms import ROLE_LABELS, InviteForm
from registry.web import redirect_after_post, render_page


def _members():
    return db.session.scalars(
        select(Membership).join(User).where(Membership.province_id == g.province.id).order_by(User.email)
    ).all()


@bp.get("/")
def index():
    """Everyone with a role in the province. Any member may look."""
    return render_page("members/index.html", "content", members=_members(), form=InviteForm(), roles=ROLE_LABELS)


@bp.post("/invite")
@province_admin_required
def invite_member():
    """Invite someone by e-mail (provincial admins only, 403 otherwise)."""
    form = InviteForm()
    if not form.validate_on_submit():
        return render_page("members/index.html", "invite_form", members=_members(), form=form, roles=ROLE_LABELS)
    invite(form.email.data, form.name.data or "", g.province, form.role.data, current_user)
    db.session.commit()
    flash(_("An invitation was sent to %(email)s.", email=form.email.data), "success")
    return redirect_after_post(url_for(".index"))
