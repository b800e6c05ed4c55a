"""Compose mails: what each notification says, in its recipient's language.

Each kind of notification has one template, ``notifications/mail/<kind>.html``, with the
blocks ``subject``, ``text`` and ``html`` (and ``summary``, one line for digests and the
notifications page). The outbox (``registry.outbox``) asks for the mail through the policy
this area registers and sends it.
"""
from __future__ import annotations

import hashlib
import hmac
from email.message import EmailMessage
from email.utils import formatdate
from html import unescape
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import force_locale
from jinja2 import TemplateNotFound
from sqlalchemy import select

from registry.notifications import preferences
from registry.notifications.links import absolute_url, path_for
from registry.outbox.models import DIGEST, DIGESTED, Notification
from registry.web import render_fragment

PLAIN_BLOCKS = ("subject", "summary", "text")


def render_block(template_name: str, block: str, **context) -> str:
    """One block of a mail template (blocks it inherits from the mail layout included), through
    the one block renderer the pages' htmx fragments use (``registry.web.render_fragment``).

    The templates are HTML, so Jinja escapes what they print; the plain-text blocks (subject,
    summary, text) are given back as plain text: a link's ``&`` stays ``&``, not ``&amp;``.
    """
    rendered = render_fragment(template_name, block, **context)
    return unescape(rendered) if block in PLAIN_BLOCKS else rendered


def _template(notification: Notification) -> str:
    return f"notifications/mail/{notification.kind}.html"


def _context(notification: Notification) -> dict:
    return dict(notification.params or {}, user=notification.user, link=absolute_url(notification.link))


def render_summary(notification: Notification) -> str:
    """One line saying what the notification is about, in the current language (its kind, for a
    kind without a template: such a mail fails to build, and its refusal must still be listed)."""
    template, context = _template(notification), _context(notification)
    try:
        return (render_block(template, "summary", **context).strip()
                or render_block(template, "subject", **context).strip())
    except TemplateNotFound:
        return notification.kind


def message_id(notification: Notification) -> str:
    """The same Message-ID on every attempt, so a mail delivered twice is recognisably one."""
    host = urlsplit(current_app.config["PUBLIC_URL"]).hostname or "registry.local"
    signature = hmac.new(current_app.config["SECRET_KEY"].encode(), f"notification-{notification.id}".encode(),
                         hashlib.sha256).hexdigest()[:12]
    return f"<notification-{notification.id}.{signature}@{host}>"


def _digest_items(notification: Notification) -> list[tuple[str, str]]:
    from registry.extensions import db

    items = db.session.scalars(
        select(Notification).where(Notification.digest_id == notification.id, Notification.status == DIGESTED)
        .order_by(Notification.created_at)
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
