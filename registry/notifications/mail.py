"""Compose and send mails.

Each kind of notification has one template, ``notifications/mail/<kind>.html``, with the
blocks ``subject``, ``text`` and ``html`` (and ``summary``, one line for digests and the
notifications page), rendered in the recipient's language. With ``MAIL_SERVER`` set mail
goes through SMTP; otherwise it is written to ``MAIL_FOLDER`` as ``.eml`` files, listed on
the development mailbox page.
"""
from __future__ import annotations

import hashlib
import hmac
import smtplib
import uuid
from email.message import EmailMessage
from email.utils import formatdate
from html import unescape
from pathlib import Path
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import select

from registry.notifications import preferences
from registry.notifications.links import absolute_url, path_for
from registry.notifications.models import Notification

DIGEST = "digest"
LAYOUT = "notifications/mail/_layout.html"


class MailError(RuntimeError):
    """SMTP did not take the mail. ``temporary``: worth trying again later."""

    def __init__(self, message: str, temporary: bool):
        super().__init__(message)
        self.temporary = temporary


PLAIN_BLOCKS = ("subject", "summary", "text")


def render_block(template_name: str, block: str, **context) -> str:
    """One block of a mail template, including blocks it inherits from the mail layout.

    (jinja2-fragments' ``render_block`` only sees blocks the child template defines itself.)
    The templates are HTML, so Jinja escapes what they print; the plain-text blocks (subject,
    summary, text) are given back as plain text: a link's ``&`` stays ``&``, not ``&amp;``.
    """
    environment = current_app.jinja_env
    template = environment.get_template(template_name)
    current_app.update_template_context(context)
    jinja_context = template.new_context(context)
    for name, render in environment.get_template(LAYOUT).blocks.items():
        jinja_context.blocks.setdefault(name, []).append(render)
    rendered = environment.concat(jinja_context.blocks[block][0](jinja_context))
    return unescape(rendered) if block in PLAIN_BLOCKS else rendered


def _template(notification: Notification) -> str:
    return f"notifications/mail/{notification.kind}.html"


def _context(notification: Notification) -> dict:
    return dict(notification.params or {}, user=notification.user, link=absolute_url(notification.link))


def render_summary(notification: Notification) -> str:
    """One line saying what the notification is about, in the current language."""
    template, context = _template(notification), _context(notification)
    return (render_block(template, "summary", **context).strip()
            or render_block(template, "subject", **context).strip())


def message_id(notification: Notification) -> str:
    """The same Message-ID on every attempt, so a mail delivered twice is recognisably one."""
    host = urlsplit(current_app.config["PUBLIC_URL"]).hostname or "registry.local"
    signature = hmac.new(current_app.config["SECRET_KEY"].encode(), f"notification-{notification.id}".encode(),
                         hashlib.sha256).hexdigest()[:12]
    return f"<notification-{notification.id}.{signature}@{host}>"


def _digest_items(notification: Notification) -> list[tuple[str, str]]:
    from registry.extensions import db

    items = db.session.scalars(
        select(Notification).where(Notification.digest_id == notification.id).order_by(Notification.created_at)
    )
    return [(render_summary(item), absolute_url(item.link)) for item in items]


def _unsubscribe_links(notification: Notification) -> dict:
    """Signed links for optional mail (reminders, digests); none for account mail."""
    if notification.kind != DIGEST and notification.kind not in preferences.OPTIONAL_KINDS:
        return {}
    kind = None if notification.kind == DIGEST else notification.kind
    user_id = notification.user_id
    return {
        "unsubscribe_link": absolute_url(path_for("notifications.unsubscribe", token=preferences.make_token(user_id, kind))),
        "preferences_link": absolute_url(path_for("notifications.token_preferences", token=preferences.make_token(user_id))),
    }


def build_message(notification: Notification) -> EmailMessage:
    user = notification.user
    template = _template(notification)
    links = _unsubscribe_links(notification)
    with force_locale(user.locale):
        context = dict(_context(notification), **links)
        if notification.kind == DIGEST:
            context["items"] = _digest_items(notification)
        subject = render_block(template, "subject", **context).strip()
        text = render_block(template, "text", **context)
        html = render_block(template, "html", **context)
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
    message["To"] = user.email
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = message_id(notification)
    if links:
        # RFC 2369 and RFC 8058: one-click unsubscribe by the mail client, without signing in.
        message["List-Unsubscribe"] = f"<{links['unsubscribe_link']}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    return message


def _is_temporary(error: Exception) -> bool:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    # Refused or dropped connections, timeouts, a disconnect mid-dialogue.
    return isinstance(error, OSError)


def send_message(message: EmailMessage) -> None:
    """Hand the mail to SMTP (or the mail folder). Raises MailError saying whether to retry."""
    config = current_app.config
    if not config["MAIL_SERVER"]:
        folder = Path(config["MAIL_FOLDER"])
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{uuid.uuid4().hex}.eml").write_bytes(bytes(message))
        return
    try:
        _smtp_send(message, config)
    except (smtplib.SMTPException, OSError) as error:
        raise MailError(f"{type(error).__name__}: {error}"[:2000], temporary=_is_temporary(error)) from error


def _smtp_send(message: EmailMessage, config) -> None:
    smtp_class = smtplib.SMTP_SSL if config["MAIL_USE_SSL"] else smtplib.SMTP
    with smtp_class(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=30) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
        smtp.send_message(message)
