"""Sign-in (password, then the second factor's code), sign-out, password reset, invitations and
the language switch."""
from __future__ import annotations

import logging

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from registry.accounts import bp, second_factor, sessions, throttle, tokens
from registry.accounts.forms import (
    AcceptInvitationForm,
    CodeForm,
    ForgotPasswordForm,
    LanguageForm,
    LoginForm,
    NewPasswordForm,
)
from registry.accounts.models import User
from registry.accounts.passwords import check_or_waste_time
from registry.accounts.service import change_password, find_user, record_event, send_password_reset
from registry.clock import now_utc
from registry.extensions import client_address, db
from registry.web import safe_next_url

log = logging.getLogger(__name__)
PENDING = "pending_sign_in"
PENDING_FOR_SECONDS = 300


def _signed_in(user: User, next_url: str | None, second_factor_used: bool, message: str | None = None):
    """Start the session (a new cookie), audit it, and go where the user was heading."""
    sessions.start(user, second_factor_used)
    if message:  # after the new cookie: the old one's messages are gone with it
        flash(message, "success")
    record_event(user, "signed_in", actor=user, note=client_address())
    db.session.commit()
    log.info("user %s signed in", user.id)
    return throttle.remember_browser(redirect(next_url or url_for("core.home")), user.email)


@bp.route("/login", methods=["GET", "POST"])
@throttle.sign_in_limits
def login():
    """Sign in with e-mail and password. Unknown addresses, wrong passwords and deactivated
    accounts get the same answer after the same work; failures are throttled, never locked."""
    if current_user.is_authenticated:
        return redirect(safe_next_url(request.args.get("next")) or url_for("core.home"))
    form = LoginForm(next=request.args.get("next", ""))
    if not form.validate_on_submit():
        return render_template("accounts/login.html", form=form)
    user = find_user(form.email.data)
    matches = check_or_waste_time(user.password_hash if user else None, form.password.data)
    if not (matches and user.active):
        throttle.fail()
        log.info("a sign-in was refused")
        form.password.errors.append(_("The e-mail address or the password is wrong."))
        return render_template("accounts/login.html", form=form)
    next_url = safe_next_url(form.next.data)
    if not user.has_second_factor:
        return _signed_in(user, next_url, second_factor_used=False)
    locale = session.get("locale")
    session.clear()
    session.update(locale=locale or user.locale)
    session[PENDING] = {"user": user.id, "at": int(now_utc().timestamp()), "next": next_url,
                        "fp": tokens.fingerprint(user)}
    return redirect(url_for(".sign_in_code"))


def _pending_user() -> User | None:
    """The account whose password was just given, for a few minutes, unchanged since."""
    pending = session.get(PENDING)
    if not isinstance(pending, dict) or now_utc().timestamp() - pending.get("at", 0) > PENDING_FOR_SECONDS:
        return None
    user = db.session.get(User, pending.get("user"))
    if user is None or not user.active or not user.has_second_factor or tokens.fingerprint(user) != pending.get("fp"):
        return None
    return user


@bp.route("/login/code", methods=["GET", "POST"])
@throttle.code_limits
def sign_in_code():
    """The second step: a code from the authenticator app, or one of the recovery codes."""
    user = _pending_user()
    if user is None:
        session.pop(PENDING, None)
        flash(_("Sign in again: the time to enter the code ran out."), "info")
        return redirect(url_for(".login"))
    form = CodeForm()
    if form.validate_on_submit():
        code = form.code.data.strip()
        if second_factor.verify_code(user, code):
            next_url = session.pop(PENDING)["next"]
            return _signed_in(user, next_url, second_factor_used=True)
        if second_factor.use_recovery_code(user, code):
            next_url = session.pop(PENDING)["next"]
            record_event(user, "recovery_code_used", actor=user, note=client_address())
            left = second_factor.recovery_codes_left(user)
            return _signed_in(user, next_url, second_factor_used=True, message=_(
                "You used a recovery code. %(count)d are left; make new ones on your account page if you are "
                "running out.", count=left))
        throttle.fail()
        form.code.errors.append(_("This code is wrong or was already used. Enter the code the app shows now."))
    return render_template("accounts/code.html", form=form)


@bp.post("/logout")
def logout():
    """Sign out here: this browser's session ends on the server, so a copy of its cookie is worthless."""
    if current_user.is_authenticated:
        record_event(current_user, "signed_out", actor=current_user)
    sessions.end_current()
    db.session.commit()
    flash(_("You have signed out."), "info")
    return redirect(url_for("accounts.login"))


@bp.route("/password/forgot", methods=["GET", "POST"])
@throttle.forgot_limits
def forgot_password():
    """Mail a reset link; the answer is the same whether the address is known or not."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        user = find_user(form.email.data)
        if user and user.active:
            send_password_reset(user)
            db.session.commit()
        flash(_("If the address belongs to an account, a link to choose a new password is on its way."), "info")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/forgot_password.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    """Choose a new password from a mailed link; every session of the account ends."""
    user = tokens.user_for_token(token, tokens.PASSWORD_RESET, current_app.config["PASSWORD_RESET_MAX_AGE"])
    if user is None:
        flash(_("This link is invalid, has expired or was already used. Ask for a new one."), "error")
        return redirect(url_for("accounts.forgot_password"))
    form = NewPasswordForm().for_account(user.email, user.name)
    if form.validate_on_submit():
        change_password(user, form.password.data, how="password_reset")
        sessions.end_current()
        db.session.commit()
        log.info("user %s reset their password", user.id)
        flash(_("Your password was changed. Sign in with it now."), "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_password.html", form=form)


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    user = tokens.user_for_token(token, tokens.INVITATION, current_app.config["INVITATION_MAX_AGE"])
    if user is None or user.password_hash is not None:
        flash(_("This invitation is invalid, has expired or was already accepted."), "error")
        return redirect(url_for("accounts.login"))
    form = AcceptInvitationForm(name=user.name).for_account(user.email)
    if form.validate_on_submit():
        user.name = form.name.data.strip()
        user.set_password(form.password.data)
        record_event(user, "invitation_accepted", actor=user)
        log.info("user %s accepted an invitation", user.id)
        return _signed_in(user, None, second_factor_used=False, message=_("Welcome! Your account is ready."))
    return render_template("accounts/accept_invitation.html", form=form, user=user)


@bp.post("/language")
def set_language():
    """Remember the interface language in the session and, when signed in, on the account."""
    form = LanguageForm()
    if form.validate_on_submit():
        session["locale"] = form.locale.data
        if current_user.is_authenticated:
            current_user.locale = form.locale.data
            db.session.commit()
    return redirect(safe_next_url(form.next.data) or url_for("core.home"))
