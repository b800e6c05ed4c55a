"""Mail preferences: for the signed-in user, and through signed links from mails.

The links work without signing in. Following an unsubscribe link shows a confirmation
(mail scanners open links); the POST — from that page or from a mail client's one-click
``List-Unsubscribe-Post`` — applies it, and is exempt from CSRF because it carries its own
signed token.
"""
from __future__ import annotations

from flask import abort, flash, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from registry.accounts.models import User
from registry.extensions import csrf, db
from registry.notifications import bp, preferences
from registry.notifications.forms import PreferencesForm
from registry.web import redirect_after_post, render_page


def _form_for(user_id: int, offered: dict) -> PreferencesForm:
    preference = preferences.preference_for(user_id)
    form = PreferencesForm()
    form.kinds.choices = list(offered.items())
    if not form.is_submitted():
        form.frequency.data = preference.frequency
        form.kinds.data = [k for k in offered if k not in (preference.muted_kinds or [])]
    return form


def _edit(user_id: int, action: str, redirect_to: str):
    """The form offers the kinds the user's roles are sent; kinds not offered keep their setting."""
    offered = preferences.kinds_for(db.session.get(User, user_id))
    form = _form_for(user_id, offered)
    if form.validate_on_submit():
        kept = [k for k in preferences.preference_for(user_id).muted_kinds or [] if k not in offered]
        muted = [k for k in offered if k not in (form.kinds.data or [])] + kept
        preferences.save_preference(user_id, form.frequency.data, muted)
        db.session.commit()
        flash(_("Your mail preferences were saved."), "success")
        return redirect_after_post(redirect_to)
    return render_page("notifications/preferences.html", "preferences_form", form=form, action=action)


@bp.route("/notifications/preferences", methods=["GET", "POST"])
@login_required
def user_preferences():
    """The signed-in user's mail preferences."""
    url = url_for(".user_preferences")
    return _edit(current_user.id, url, url)


@bp.route("/notifications/preferences/<token>", methods=["GET", "POST"])
def token_preferences(token: str):
    """Mail preferences through a signed link from a mail; 404 for a forged token."""
    found = preferences.read_token(token)
    if found is None:
        abort(404)
    url = url_for(".token_preferences", token=token)
    return _edit(found[0].id, url, url)


@bp.get("/notifications/unsubscribe/<token>")
def unsubscribe(token: str):
    """Ask to confirm stopping the mails a signed link names; 404 for a forged token."""
    found = preferences.read_token(token)
    if found is None:
        abort(404)
    user, kind = found
    return render_template("notifications/unsubscribe.html", token=token, kind=kind,
                           label=preferences.OPTIONAL_KINDS.get(kind), done=False)


@bp.post("/notifications/unsubscribe/<token>")
@csrf.exempt
def confirm_unsubscribe(token: str):
    """Stop the mails a signed link names (also the one-click POST of mail clients)."""
    found = preferences.read_token(token)
    if found is None:
        abort(404)
    user, kind = found
    preferences.unsubscribe(user.id, kind)
    db.session.commit()
    return render_template("notifications/unsubscribe.html", token=token, kind=kind,
                           label=preferences.OPTIONAL_KINDS.get(kind), done=True)
