"""Compose and send mails.

Each kind of notification has one template, ``notifications/mail/<kind>.html``, with
three blocks — ``subject``, ``text`` and ``html`` — rendered in the recipient's language.
With ``MAIL_SERVER`` set mail goes through SMTP; otherwise it is written to
``MAIL_FOLDER`` as ``.eml`` files, listed on the development mailbox page.
"""
from __future__ import annotations

import smtplib
import uuid
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from flask import current_app
from flask_babel import force_locale
from registry.web import render_fragment as render_block  # finds the layout's html block

from registry.notifications.models import Notification


def absolute_url(path: str) -> str:
    if not path or path.startswith(("http://", "https://")):
        return path
    return current_app.config["PUBLIC_URL"].rstrip("/") + path


def build_message(notification: Notification) -> EmailMessage:
    user = notification.user
    template = f"notifications/mail/{notification.kind}.html"
    context = dict(notification.params, user=user, link=absolute_url(notification.link))
    with force_locale(user.locale):
        subject = render_block(template, "subject", **context).strip()
        text = render_block(template, "text", **context)
        html = render_block(template, "html", **context)
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
    message["To"] = user.email
    message["Date"] = formatdate(localtime=True)
    # Stable per notification, so a retried delivery is recognisable as the same mail.
    message["Message-ID"] = make_msgid(idstring=f"notification-{notification.id}", domain="registry.local")
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    return message


def send_message(message: EmailMessage) -> None:
    config = current_app.config
    if not config["MAIL_SERVER"]:
        folder = Path(config["MAIL_FOLDER"])
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{uuid.uuid4().hex}.eml").write_bytes(bytes(message))
        return
    smtp_class = smtplib.SMTP_SSL if config["MAIL_USE_SSL"] else smtplib.SMTP
    with smtp_class(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=30) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
        smtp.send_message(message)
