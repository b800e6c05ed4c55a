"""The signed-in user's own account: password, second factor, recovery codes, where they are
signed in."""
from __future__ import annotations

from flask import current_app, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from registry.accounts import bp, second_factor, sessions
from registry.accounts.forms import ChangePasswordForm, ConfirmPasswordForm, EnrolForm
from registry.accounts.service import change_password, end_sessions, record_event
from registry.extensions import db, limiter
from registry.accounts.throttle import CODE, failed, fail
from registry.web import redirect_after_post

ENROLMENT = "enrolment_secret"


def _own_key() -> str:
    return f"account:{current_user.get_id()}"


# Guessing one's own password or code from a stolen session is throttled like signing in.
own_limit = limiter.limit(CODE, key_func=_own_key, methods=["POST"], deduct_when=failed)


def _page(password_form=None, confirm_form=None, status=200):
    return render_template(
        "accounts/account.html", password_form=password_form or ChangePasswordForm(),
        confirm_form=confirm_form or ConfirmPasswordForm(), sessions=sessions.active_of(current_user.id),
        current=sessions.current(), codes_left=second_factor.recovery_codes_left(current_user),
        required=current_app.config["SECOND_FACTOR_REQUIRED"] and current_user.role_needs_second_factor,
    ), status


@bp.get("/account")
@login_required
def account():
    """Name, roles, password, second factor and sessions of the signed-in user."""
    return _page()


@bp.post("/account/password")
@login_required
@own_limit
def change_own_password():
    """A new password: every other session ends; this browser stays signed in with a new session."""
    form = ChangePasswordForm().for_account(current_user.email, current_user.name)
    if not form.validate_on_submit():
        return _page(password_form=form, status=422)
    if not current_user.check_password(form.current.data):
        fail()
        form.current.errors.append(_("This is not your current password."))
        return _page(password_form=form, status=422)
    user, used_code = current_user._get_current_object(), sessions.current().second_factor
    change_password(user, form.password.data)
    sessions.start(user, used_code)
    db.session.commit()
    flash(_("Your password was changed. You were signed out everywhere else."), "success")
    return redirect_after_post(url_for(".account"))


@bp.post("/account/sessions/end")
@login_required
def end_other_sessions():
    """Sign out everywhere else (this browser stays signed in)."""
    end_sessions(current_user, current_user, keep_current=True)
    db.session.commit()
    flash(_("You were signed out everywhere else."), "success")
    return redirect_after_post(url_for(".account"))


@bp.route("/account/second-factor", methods=["GET", "POST"])
@login_required
@own_limit
def second_factor_setup():
    """Enrolment: the QR code and the secret as text, then a first code; recovery codes follow, once."""
    user = current_user._get_current_object()
    if user.has_second_factor:
        return redirect(url_for(".account"))
    secret = session.get(ENROLMENT) or second_factor.new_secret()
    session[ENROLMENT] = secret
    form = EnrolForm()
    if form.validate_on_submit():
        step = second_factor.matching_step(secret, form.code.data, None)
        if step is not None:
            second_factor.enable(user, secret)
            user.totp_last_step = step
            codes = second_factor.new_recovery_codes(user)
            sessions.current().second_factor = True
            sessions.end_all(user.id, keep_current=True)
            record_event(user, "second_factor_enabled", {"second_factor": [False, True]}, actor=user)
            db.session.commit()
            session.pop(ENROLMENT, None)
            return render_template("accounts/recovery_codes.html", codes=codes, first=True)
        fail()
        form.code.errors.append(_("This code is wrong. Check the time on your phone and enter the code the app "
                                  "shows now."))
    uri = second_factor.provisioning_uri(user, secret)
    return render_template("accounts/second_factor_setup.html", form=form, secret=second_factor.grouped(secret),
                           qr=second_factor.qr_svg(uri, _("QR code to scan with the authenticator app")),
                           required=current_app.config["SECOND_FACTOR_REQUIRED"] and user.role_needs_second_factor)


def _confirmed() -> ConfirmPasswordForm | None:
    """The password form when it holds the right password; None (and the failure counted) otherwise."""
    form = ConfirmPasswordForm()
    if form.validate_on_submit() and current_user.check_password(form.password.data):
        return form
    fail()
    return None


@bp.post("/account/second-factor/recovery-codes")
@login_required
@own_limit
def new_recovery_codes():
    """Ten new recovery codes (the old ones stop working); asks for the password."""
    if not current_user.has_second_factor:
        return redirect(url_for(".account"))
    if _confirmed() is None:
        flash(_("The password is wrong: nothing was changed."), "error")
        return redirect_after_post(url_for(".account"))
    codes = second_factor.new_recovery_codes(current_user)
    record_event(current_user, "recovery_codes_renewed", actor=current_user)
    db.session.commit()
    return render_template("accounts/recovery_codes.html", codes=codes, first=False)


@bp.post("/account/second-factor/remove")
@login_required
@own_limit
def remove_second_factor():
    """Turn the second factor off, where the role does not require it; asks for the password."""
    required = current_app.config["SECOND_FACTOR_REQUIRED"] and current_user.role_needs_second_factor
    if required or not current_user.has_second_factor:
        flash(_("Your role requires a second factor: it cannot be turned off."), "error")
        return redirect_after_post(url_for(".account"))
    if _confirmed() is None:
        flash(_("The password is wrong: nothing was changed."), "error")
        return redirect_after_post(url_for(".account"))
    second_factor.remove(current_user)
    sessions.end_all(current_user.id, keep_current=True)
    record_event(current_user, "second_factor_removed", {"second_factor": [True, False]}, actor=current_user)
    db.session.commit()
    flash(_("The second factor is off. You were signed out everywhere else."), "success")
    return redirect_after_post(url_for(".account"))
