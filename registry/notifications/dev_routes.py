"""The development mailbox: mails the embedded default wrote to files instead of sending.

Only in development (404 in pilot and production, where the rule answers nothing), and only for
a signed-in ministry admin: the mails hold invitation and password-reset links.
"""
from __future__ import annotations

from email import policy
from email.parser import BytesParser
from pathlib import Path

from functools import wraps

from flask import abort, current_app, render_template

from registry.accounts.models import MINISTRY_ADMIN
from registry.accounts.permissions import ministry_role_required
from registry.core.security import CSP
from registry.notifications import bp


def development_only(view):
    """404 unless the development mailbox is on (never in pilot or production)."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_app.config["SHOW_DEV_MAILBOX"]:
            abort(404)
        return view(*args, **kwargs)

    return wrapped


def _mail_folder() -> Path:
    return Path(current_app.config["MAIL_FOLDER"])


def _read(path: Path):
    return BytesParser(policy=policy.default).parsebytes(path.read_bytes())


@bp.get("/dev/mail")
@development_only
@ministry_role_required(MINISTRY_ADMIN)
def dev_mailbox():
    """List written mails, newest first. 404 outside development; ministry admins only."""
    folder = _mail_folder()
    files = sorted(folder.glob("*.eml"), key=lambda p: p.stat().st_mtime, reverse=True) if folder.exists() else []
    mails = [(path.stem, _read(path)) for path in files[:200]]
    return render_template("notifications/dev_mailbox.html", mails=mails)


@bp.get("/dev/mail/<name>")
@development_only
@ministry_role_required(MINISTRY_ADMIN)
def dev_mail(name: str):
    """One written mail; 404 for a name that is not a mail file."""
    folder = _mail_folder()
    if not name.isalnum():
        abort(404)
    path = folder / f"{name}.eml"
    if not path.is_file():
        abort(404)
    message = _read(path)
    html = message.get_body(preferencelist=("html",))
    text = message.get_body(preferencelist=("plain",))
    page = render_template(
        "notifications/dev_mail.html", message=message,
        html=html.get_content() if html else "", text=text.get_content() if text else "",
    )
    # Mails carry inline styles (mail programs need them): allowed here, on this development page only.
    return page, 200, {"Content-Security-Policy": CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")}
