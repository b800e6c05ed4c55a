"""The page where a signed-in person makes, lists and revokes their API tokens (/account/tokens).

A new token is shown once, in the answer to the form that made it; it is not kept anywhere it
could be shown again (not in the session, not in a flash message).
"""
from __future__ import annotations

from flask import abort, flash, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from registry.api import tokens, tokens_bp
from registry.api.forms import TokenForm
from registry.api.models import SCOPES
from registry.clock import now_utc
from registry.extensions import db
from registry.web import redirect_after_post


def _page(form: TokenForm | None = None, created=None, secret: str | None = None, status: int = 200):
    return render_template(
        "api/tokens.html", form=form or TokenForm(formdata=None), tokens=tokens.tokens_of(current_user.id),
        created=created, secret=secret, scopes=SCOPES, now=now_utc(), can_write=_may_write(),
    ), status


def _may_write() -> bool:
    return any(m.can_edit for m in current_user.memberships)


@tokens_bp.get("/account/tokens")
@login_required
def index():
    """The signed-in user's tokens and the form to make one."""
    return _page()


@tokens_bp.post("/account/tokens")
@login_required
def create():
    """Make a token and show it once; errors come back next to their fields."""
    form = TokenForm()
    if not form.validate_on_submit():
        return _page(form, status=422)
    token, secret = tokens.issue(current_user, form.name.data, form.scope.data, form.days.data)
    db.session.commit()
    return _page(created=token, secret=secret)


@tokens_bp.post("/account/tokens/<int:token_id>/revoke")
@login_required
def revoke(token_id: int):
    """Revoke one of the user's tokens; 404 for anyone else's."""
    token = tokens.own_token(current_user.id, token_id)
    if token is None:
        abort(404)
    tokens.revoke(token)
    db.session.commit()
    flash(_("The token “%(name)s” was revoked: it no longer works.", name=token.name), "success")
    return redirect_after_post(url_for(".index"))
