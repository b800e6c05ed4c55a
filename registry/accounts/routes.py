"""Sign-in, sign-out, password reset, invitations and the language switch."""
from __future__ import annotations

import logging
from math import ceil

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from sqlalchemy import func, select

from registry.accounts import bp, lockout, tokens
from registry.accounts.forms import (
    AcceptInvitationForm,
    ForgotPasswordForm,
    LanguageForm,
    LoginForm,
    NewPasswordForm,
)
from registry.accounts.models import User
from registry.accounts.service import send_password_reset
from registry.extensions import db
from registry.web import safe_next_url

log = logging.getLogger(__name__)


def _find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Sign in with e-mail and password; slows down and then locks after failures."""
    if current_user.is_authenticated:
        return redirect(safe_next_url(request.args.get("next")) or url_for("core.home"))
    form = LoginForm(next=request.args.get("next", ""))
    if not form.validate_on_submit():
        return render_template("accounts/login.html", form=form)

    user = _find_user(form.email.data)
    wait = lockout.wait_before_next_attempt(user) if user else None
    if user and lockout.is_locked(user):
        minutes = max(1, ceil(wait.total_seconds() / 60))
        form.password.errors.append(
            _("Too many failed attempts. This account is locked for %(minutes)d more minutes.", minutes=minutes)
        )
    elif wait:
        form.password.errors.append(
            _("Too many failed attempts. Wait %(seconds)d seconds and try again.",
              seconds=ceil(wait.total_seconds()))
        )
    elif user and user.active and user.check_password(form.password.data):
        lockout.record_success(user)
        db.session.commit()
        session.clear()
        session["locale"] = user.locale
        login_user(user)
        log.info("user %s signed in", user.id)
        return redirect(safe_next_url(form.next.data) or url_for("core.home"))
    else:
        if user:
            lockout.record_failure(user)
            db.session.commit()
        form.password.errors.append(_("The e-mail address or the password is wrong."))
    return render_template("accounts/login.html", form=form), 200


@bp.post("/logout")
def logout():
    logout_user()
    locale = session.get("locale")
    session.clear()
    if locale:
        session["locale"] = locale
    flash(_("You have signed out."), "info")
    return redirect(url_for("accounts.login"))


@bp.route("/password/forgot", methods=["GET", "POST"])
def forgot_password():
    """Mail a reset link; the answer is the same whether the address is known or not."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        user = _find_user(form.email.data)
        if user and user.active:
            send_password_reset(user)
            db.session.commit()
        flash(_("If the address belongs to an account, a link to choose a new password is on its way."), "info")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/forgot_password.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    user = tokens.user_for_token(token, tokens.PASSWORD_RESET, current_app.config["PASSWORD_RESET_MAX_AGE"])
    if user is None:
        flash(_("This link is invalid, has expired or was already used. Ask for a new one."), "error")
        return redirect(url_for("accounts.forgot_password"))
    form = NewPasswordForm()
    if form.validate_on_submit():
        user.set_password(form.password.data)
        lockout.record_success(user)
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
    form = AcceptInvitationForm(name=user.name)
    if form.validate_on_submit():
        user.name = form.name.data.strip()
        user.set_password(form.password.data)
        user.locale = session.get("locale") or user.locale  # the language chosen on this page, if any
        db.session.commit()
        log.info("user %s accepted an invitation", user.id)
        login_user(user)
        flash(_("Welcome! Your account is ready."), "success")
        return redirect(url_for("core.home"))
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
